/* ct-test-util.h — helpers shared by the twin room's tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *ct_test_mutate(const char *json, const char *path, const char *value);
GBytes *ct_test_bytes(const char *text);
char *ct_test_read_fixture(const char *name);
void ct_test_assert_error(const GError *error, int code, const char *needle);
char *ct_test_sparse_file(const char *dir, const char *name, goffset size);

G_END_DECLS

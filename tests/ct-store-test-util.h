/* ct-store-test-util.h — what the tests of a damaged local cache share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Damages the cache at @path (closed) as a bad disk would: the first bytes of the b-tree root
 * page of @table are overwritten, so that SQLite's integrity check fails and @table cannot be
 * read, while the other tables still can. */
void ct_test_damage_table(const char *path, const char *table);

G_END_DECLS

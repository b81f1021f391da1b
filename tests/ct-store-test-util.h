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

/* Damages the cache at @path (closed) as a bug or a bad write could: every row of @table gets
 * NULL in @column, a "TEXT NOT NULL" column of the schema, which the integrity check then
 * reports. */
void ct_test_null_column(const char *path, const char *table, const char *column);

G_END_DECLS

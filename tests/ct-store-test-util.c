/* ct-store-test-util.c — what the tests of a damaged local cache share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-store-test-util.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

static int query_int(sqlite3 *db, const char *sql, const char *parameter)
{
  sqlite3_stmt *stmt = NULL;
  int value;

  g_assert_cmpint(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (parameter != NULL)
    sqlite3_bind_text(stmt, 1, parameter, -1, SQLITE_STATIC);
  g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  return value;
}

void ct_test_damage_table(const char *path, const char *table)
{
  sqlite3 *db = NULL;
  guchar garbage[64];
  int root, page_size;
  FILE *file;

  g_assert_cmpint(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  page_size = query_int(db, "PRAGMA page_size", NULL);
  root = query_int(db, "SELECT rootpage FROM sqlite_schema WHERE name = ?", table);
  sqlite3_close(db);
  /* The page type and its cell pointers: the b-tree cannot be walked any more. */
  memset(garbage, 0xa5, sizeof garbage);
  file = g_fopen(path, "r+b");
  g_assert_nonnull(file);
  g_assert_cmpint(fseek(file, (long)(root - 1) * page_size, SEEK_SET), ==, 0);
  g_assert_cmpuint(fwrite(garbage, 1, sizeof garbage, file), ==, sizeof garbage);
  g_assert_cmpint(fclose(file), ==, 0);
}

void ct_test_null_column(const char *path, const char *table, const char *column)
{
  g_autofree char *declared = g_strdup_printf("%s TEXT NOT NULL", column);
  g_autofree char *loose = g_strdup_printf("%s TEXT", column);
  char *loosen, *update, *tighten;
  sqlite3 *db = NULL;
  char *message = NULL;

  /* The schema's text is what SQLite enforces NOT NULL from: edited (writable_schema, as
   * https://sqlite.org/lang_altertable.html's generalized procedure does), the row is written,
   * and the text put back; the file then holds what its schema forbids. */
  loosen = sqlite3_mprintf("PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = "
                           "replace(sql, %Q, %Q) WHERE name = %Q; PRAGMA writable_schema = OFF;",
                           declared, loose, table);
  update = sqlite3_mprintf("UPDATE %w SET %w = NULL;", table, column);
  tighten = sqlite3_mprintf("PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = "
                            "replace(sql, %Q, %Q) WHERE name = %Q; PRAGMA writable_schema = OFF;",
                            loose, declared, table);
  for (int step = 0; step < 3; step++) {
    const char *sql = step == 0 ? loosen : step == 1 ? update : tighten;

    /* A new connection for each step: each reads the schema as the previous left it. */
    g_assert_cmpint(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
    if (sqlite3_exec(db, sql, NULL, NULL, &message) != SQLITE_OK)
      g_error("%s: %s", sql, message);
    sqlite3_close(db);
  }
  sqlite3_free(loosen);
  sqlite3_free(update);
  sqlite3_free(tighten);
}

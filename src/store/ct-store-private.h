/* ct-store-private.h — for tests only: the schema steps, to build caches of every earlier version,
 * and a cache opened or rebuilt through a SQLite VFS of the test's own (faults such as a full
 * disk), with renames that fail when the test says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "ct-store.h"

/* Applies the schema steps from version @from to @to, each in its own transaction; an SQLite
 * result code. */
int ct_store_private_migrate(sqlite3 *db, int from, int to);

/* As ct_store_open_full(), every file going through the SQLite VFS registered as @vfs (NULL: the
 * default one). */
CtStore *ct_store_private_open_vfs(const char *path, const char *user, CtStoreOpenFlags flags,
                                   const char *vfs, GError **error);

/* How ct_store_rebuild() renames a file: g_rename(), or a test's, which can fail as no file system
 * can be made to fail for root (0, or -1 with errno set). */
typedef int (*CtStoreRenameFunc)(const char *from, const char *to);

/* As ct_store_rebuild(), the new cache opened through @vfs (NULL: the default one) and every file
 * moved with @rename_file. */
CtStore *ct_store_private_rebuild(const char *path, const char *user, char **aside_path,
                                  const char *vfs, CtStoreRenameFunc rename_file, GError **error);

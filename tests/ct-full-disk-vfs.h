/* ct-full-disk-vfs.h — for tests: a SQLite VFS whose disk fills up when the test says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registers (once; not as the default) a VFS over the default one, and returns its name, for
 * ct_store_private_open_vfs(). Until ct_full_disk_vfs_set_budget() is called it only passes
 * everything on. */
const char *ct_full_disk_vfs_register(void);
/* From now on the disk holds @bytes more bytes: a write beyond them fails with SQLITE_FULL, as
 * the default VFS fails on ENOSPC, and so does every later write and truncation, until the budget
 * is set again. -1: no limit. */
void ct_full_disk_vfs_set_budget(gint64 bytes);
/* How many writes and truncations were refused since the last ct_full_disk_vfs_set_budget(). */
guint ct_full_disk_vfs_get_refused(void);

G_END_DECLS

/* ct-full-disk-vfs.c — for tests: a SQLite VFS whose disk fills up when the test says so.
 *
 * A real full disk cannot be had in a test (no loop device, no quota, often root), and
 * RLIMIT_FSIZE, which the report's test uses, is not what SQLite sees on a full disk. So the cache
 * is opened through this shim over the default VFS (https://sqlite.org/vfs.html): every call is
 * passed on, except that xWrite and xTruncate fail with SQLITE_FULL once a byte budget is spent,
 * exactly what the default unix VFS returns when write() fails with ENOSPC. Everything SQLite
 * does with that error (statement and transaction rollback, WAL recovery) is its own.
 *
 * The tests use it from one thread; the budget is a plain variable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-full-disk-vfs.h"

#include <sqlite3.h>

#define VFS_NAME "ct-full-disk"

/* A file of this VFS: its io methods, then the default VFS's own file, allocated right after. */
typedef struct {
  sqlite3_file base;
  sqlite3_file *real;
} FullFile;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs full_vfs;
static gint64 budget = -1; /* bytes left; -1: no limit */
static gboolean exhausted;
static guint refused;

static sqlite3_file *real_file(sqlite3_file *file)
{
  return ((FullFile *)file)->real;
}

/* ------------------------------------------------------------------ io methods */

static int full_close(sqlite3_file *file)
{
  sqlite3_file *real = real_file(file);

  return real->pMethods != NULL ? real->pMethods->xClose(real) : SQLITE_OK;
}

static int full_read(sqlite3_file *file, void *buffer, int amount, sqlite3_int64 offset)
{
  return real_file(file)->pMethods->xRead(real_file(file), buffer, amount, offset);
}

static int full_write(sqlite3_file *file, const void *buffer, int amount, sqlite3_int64 offset)
{
  if (budget >= 0 && (exhausted || amount > budget)) {
    /* Once full, full: a smaller write later does not slip in (a disk does not free itself). */
    exhausted = TRUE;
    refused++;
    return SQLITE_FULL;
  }
  if (budget >= 0)
    budget -= amount;
  return real_file(file)->pMethods->xWrite(real_file(file), buffer, amount, offset);
}

static int full_truncate(sqlite3_file *file, sqlite3_int64 size)
{
  if (budget >= 0 && exhausted) {
    refused++;
    return SQLITE_FULL;
  }
  return real_file(file)->pMethods->xTruncate(real_file(file), size);
}

static int full_sync(sqlite3_file *file, int flags)
{
  return real_file(file)->pMethods->xSync(real_file(file), flags);
}

static int full_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
  return real_file(file)->pMethods->xFileSize(real_file(file), size);
}

static int full_lock(sqlite3_file *file, int lock)
{
  return real_file(file)->pMethods->xLock(real_file(file), lock);
}

static int full_unlock(sqlite3_file *file, int lock)
{
  return real_file(file)->pMethods->xUnlock(real_file(file), lock);
}

static int full_check_reserved_lock(sqlite3_file *file, int *result)
{
  return real_file(file)->pMethods->xCheckReservedLock(real_file(file), result);
}

static int full_file_control(sqlite3_file *file, int op, void *arg)
{
  return real_file(file)->pMethods->xFileControl(real_file(file), op, arg);
}

static int full_sector_size(sqlite3_file *file)
{
  return real_file(file)->pMethods->xSectorSize(real_file(file));
}

static int full_device_characteristics(sqlite3_file *file)
{
  return real_file(file)->pMethods->xDeviceCharacteristics(real_file(file));
}

/* The WAL index (-shm) is shared memory, not written with xWrite: it takes no disk space to
 * speak of, and stays out of the budget. */
static int full_shm_map(sqlite3_file *file, int region, int size, int extend, void volatile **map)
{
  return real_file(file)->pMethods->xShmMap(real_file(file), region, size, extend, map);
}

static int full_shm_lock(sqlite3_file *file, int offset, int n, int flags)
{
  return real_file(file)->pMethods->xShmLock(real_file(file), offset, n, flags);
}

static void full_shm_barrier(sqlite3_file *file)
{
  real_file(file)->pMethods->xShmBarrier(real_file(file));
}

static int full_shm_unmap(sqlite3_file *file, int delete_flag)
{
  return real_file(file)->pMethods->xShmUnmap(real_file(file), delete_flag);
}

static int full_fetch(sqlite3_file *file, sqlite3_int64 offset, int amount, void **p)
{
  return real_file(file)->pMethods->xFetch(real_file(file), offset, amount, p);
}

static int full_unfetch(sqlite3_file *file, sqlite3_int64 offset, void *p)
{
  return real_file(file)->pMethods->xUnfetch(real_file(file), offset, p);
}

static const sqlite3_io_methods full_io_methods = {
    3,
    full_close,
    full_read,
    full_write,
    full_truncate,
    full_sync,
    full_file_size,
    full_lock,
    full_unlock,
    full_check_reserved_lock,
    full_file_control,
    full_sector_size,
    full_device_characteristics,
    full_shm_map,
    full_shm_lock,
    full_shm_barrier,
    full_shm_unmap,
    full_fetch,
    full_unfetch,
};

/* ------------------------------------------------------------------ the VFS */

static int full_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags,
                     int *out_flags)
{
  FullFile *full = (FullFile *)file;
  int rc;

  full->real = (sqlite3_file *)(full + 1);
  rc = real_vfs->xOpen(real_vfs, name, full->real, flags, out_flags);
  /* The unix VFS's files all have version 3 methods; the shim forwards all of them. */
  g_assert(full->real->pMethods == NULL || full->real->pMethods->iVersion >= 3);
  file->pMethods = full->real->pMethods != NULL ? &full_io_methods : NULL;
  return rc;
}

static int full_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
  return real_vfs->xDelete(real_vfs, name, sync_dir);
}

static int full_access(sqlite3_vfs *vfs, const char *name, int flags, int *result)
{
  return real_vfs->xAccess(real_vfs, name, flags, result);
}

static int full_full_pathname(sqlite3_vfs *vfs, const char *name, int size, char *out)
{
  return real_vfs->xFullPathname(real_vfs, name, size, out);
}

static void *full_dl_open(sqlite3_vfs *vfs, const char *name)
{
  return real_vfs->xDlOpen(real_vfs, name);
}

static void full_dl_error(sqlite3_vfs *vfs, int size, char *message)
{
  real_vfs->xDlError(real_vfs, size, message);
}

static void (*full_dl_sym(sqlite3_vfs *vfs, void *handle, const char *symbol))(void)
{
  return real_vfs->xDlSym(real_vfs, handle, symbol);
}

static void full_dl_close(sqlite3_vfs *vfs, void *handle)
{
  real_vfs->xDlClose(real_vfs, handle);
}

static int full_randomness(sqlite3_vfs *vfs, int size, char *out)
{
  return real_vfs->xRandomness(real_vfs, size, out);
}

static int full_sleep(sqlite3_vfs *vfs, int microseconds)
{
  return real_vfs->xSleep(real_vfs, microseconds);
}

static int full_current_time(sqlite3_vfs *vfs, double *now)
{
  return real_vfs->xCurrentTime(real_vfs, now);
}

static int full_get_last_error(sqlite3_vfs *vfs, int size, char *out)
{
  return real_vfs->xGetLastError(real_vfs, size, out);
}

static int full_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *now)
{
  return real_vfs->xCurrentTimeInt64(real_vfs, now);
}

const char *ct_full_disk_vfs_register(void)
{
  if (real_vfs == NULL) {
    real_vfs = sqlite3_vfs_find(NULL);
    g_assert_nonnull(real_vfs);
    g_assert_cmpint(real_vfs->iVersion, >=, 2);
    full_vfs = (sqlite3_vfs){
        .iVersion = 2,
        .szOsFile = (int)sizeof(FullFile) + real_vfs->szOsFile,
        .mxPathname = real_vfs->mxPathname,
        .zName = VFS_NAME,
        .xOpen = full_open,
        .xDelete = full_delete,
        .xAccess = full_access,
        .xFullPathname = full_full_pathname,
        .xDlOpen = full_dl_open,
        .xDlError = full_dl_error,
        .xDlSym = full_dl_sym,
        .xDlClose = full_dl_close,
        .xRandomness = full_randomness,
        .xSleep = full_sleep,
        .xCurrentTime = full_current_time,
        .xGetLastError = full_get_last_error,
        .xCurrentTimeInt64 = full_current_time_int64,
    };
    g_assert_cmpint(sqlite3_vfs_register(&full_vfs, 0), ==, SQLITE_OK);
  }
  return VFS_NAME;
}

void ct_full_disk_vfs_set_budget(gint64 bytes)
{
  budget = bytes;
  exhausted = FALSE;
  refused = 0;
}

guint ct_full_disk_vfs_get_refused(void)
{
  return refused;
}

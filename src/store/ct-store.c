/* ct-store.c — the local cache: patients, observations, twins, scenarios, audit log (SQLite).
 *
 * The workstation must keep working when the platform is away, and a failed download must never
 * cost what was already there. So:
 *
 *   - one file in the user data folder, created 0600 in a 0700 folder (it holds patient data);
 *     SQLite gives its -wal and -shm files the database file's permissions;
 *   - write-ahead logging: readers never block the writer, and a transaction is atomic whatever
 *     happens to the process (SQLite's WAL commit protocol, https://sqlite.org/wal.html);
 *     synchronous=NORMAL keeps every committed transaction across a crash of the process (only a
 *     power loss can roll back the last ones, never half of one);
 *   - every download of a patient is one transaction (ct_store_sync_patient);
 *   - the schema carries its version in PRAGMA user_version and is brought up to date step by
 *     step, each step its own transaction; a cache from a newer CardioTwin is refused, not
 *     damaged.
 *
 * And when the file cannot be used as it should (docs/cache.md, "Faults"):
 *
 *   - a cache whose file or folder cannot be written (permissions, a read-only file system) opens
 *     read-only: it is read as it is, and every call that writes says so rather than failing
 *     half-way (CT_STORE_ERROR_READ_ONLY);
 *   - a full disk fails the write, whose transaction rolls back: CT_STORE_ERROR_NO_SPACE says so
 *     in words, and what was stored before stays whole;
 *   - a damaged file is refused by ct_store_open and never written: CT_STORE_OPEN_DAMAGED reads
 *     what is left, and ct_store_rebuild moves it aside (kept for support) for a new cache;
 *   - a twin or plan written by a newer CardioTwin stays in the cache as it is:
 *     CT_STORE_ERROR_NEWER_FORMAT, and the older versions still open.
 *
 * One CtStore is used from one thread at a time (SQLITE_OPEN_NOMUTEX); a worker that syncs opens
 * its own. The audit log says who opened, fitted, synced or exported which twin and when: it
 * holds the cache's patient key and the twin version, never a clinical value or an identifier.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-store.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ct-i18n.h"
#include "ct-loinc.h"
#include "ct-store-private.h"
#include "ct-twin-error.h"

G_DEFINE_QUARK(ct - store - error - quark, ct_store_error)

/* Each step brings the schema from version (index) to version (index + 1). Released steps are
 * never edited: a new need is a new step. */
static const char *const migrations[] = {
    /* 0 -> 1: what the platform client downloads. */
    "CREATE TABLE patients ("
    "  id INTEGER PRIMARY KEY,"
    "  source TEXT NOT NULL,"       /* platform base URL, or 'demo' */
    "  server_id TEXT NOT NULL,"    /* Patient.id there, or the demo's name */
    "  display_name TEXT NOT NULL," /* what the clinician searches by */
    "  patient_json TEXT,"          /* the Patient resource as received */
    "  updated_at TEXT NOT NULL,"
    "  UNIQUE (source, server_id));"
    "CREATE INDEX patients_by_name ON patients (display_name);"
    "CREATE TABLE observations ("
    "  id INTEGER PRIMARY KEY,"
    "  patient_id INTEGER NOT NULL REFERENCES patients (id) ON DELETE CASCADE,"
    "  server_id TEXT NOT NULL,"
    "  loinc TEXT NOT NULL,"
    "  name TEXT," /* the index name the code maps to (ct-loinc.c), or NULL */
    "  value REAL NOT NULL,"
    "  unit TEXT NOT NULL,"
    "  effective TEXT NOT NULL,"
    "  resource_json TEXT,"
    "  UNIQUE (patient_id, server_id));"
    "CREATE INDEX observations_by_patient ON observations (patient_id, name, effective);"
    "CREATE TABLE twins ("
    "  id INTEGER PRIMARY KEY,"
    "  patient_id INTEGER NOT NULL REFERENCES patients (id) ON DELETE CASCADE,"
    "  version INTEGER NOT NULL,"
    "  twin_id TEXT NOT NULL,"
    "  document TEXT NOT NULL,"   /* cardiotwin/1 */
    "  provenance TEXT NOT NULL," /* 'platform', 'fitted', 'demo' */
    "  server_version TEXT,"      /* the DocumentReference version it came from */
    "  created_at TEXT NOT NULL,"
    "  UNIQUE (patient_id, version));",
    /* 1 -> 2: the clinician's own work and the audit log. */
    "CREATE TABLE scenarios ("
    "  id INTEGER PRIMARY KEY,"
    "  patient_id INTEGER NOT NULL REFERENCES patients (id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL,"
    "  document TEXT NOT NULL," /* cardiotwin-scenario/1 */
    "  created_at TEXT NOT NULL);"
    "CREATE TABLE audit_log ("
    "  id INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL,"
    "  user TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  patient_id INTEGER," /* the cache's key: no identifier */
    "  twin_version INTEGER);",
    /* 2 -> 3: plans have unique names per patient and the time of their last change. Names saved
     * twice before are told apart (unique_plan_names, below) before the unique index. */
    ("ALTER TABLE scenarios ADD COLUMN updated_at TEXT;"
     "UPDATE scenarios SET updated_at = created_at;"),
};

G_STATIC_ASSERT(G_N_ELEMENTS(migrations) == CT_STORE_SCHEMA_VERSION);

static const char *const audit_names[] = {"open", "sync", "fit", "export", "save-scenario"};

struct _CtStore {
  GObject parent_instance;

  sqlite3 *db;
  char *path;
  char *user;
  CtDrugLibrary *drugs; /* what plans are checked against, loaded at the first need */
  gboolean read_only;   /* nothing is written (CtStoreOpenFlags, or the file cannot be) */
  gboolean damaged;     /* opened with CT_STORE_OPEN_DAMAGED */
};

G_DEFINE_FINAL_TYPE(CtStore, ct_store, G_TYPE_OBJECT)

static void ct_store_finalize(GObject *object)
{
  CtStore *self = CT_STORE(object);

  /* sqlite3_close_v2: statements are always finalized before here; _v2 never leaves the handle
   * half-closed if one were not. */
  sqlite3_close_v2(self->db);
  g_free(self->path);
  g_free(self->user);
  g_clear_object(&self->drugs);
  G_OBJECT_CLASS(ct_store_parent_class)->finalize(object);
}

static void ct_store_class_init(CtStoreClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = ct_store_finalize;
}

static void ct_store_init(CtStore *self)
{
}

void ct_store_patient_free(CtStorePatient *patient)
{
  if (patient == NULL)
    return;
  g_free(patient->source);
  g_free(patient->server_id);
  g_free(patient->display_name);
  g_free(patient);
}

void ct_store_cached_observation_free(CtStoreCachedObservation *observation)
{
  if (observation == NULL)
    return;
  g_free(observation->server_id);
  g_free(observation->name);
  g_free(observation->loinc);
  g_free(observation->unit);
  g_free(observation->effective);
  g_free(observation);
}

/* ------------------------------------------------------------------ errors */

static gboolean fail_sqlite(sqlite3 *db, int code, GError **error)
{
  int primary = code & 0xff;
  /* SQLite's own code for a full disk is SQLITE_FULL; an I/O error whose system error is ENOSPC
   * or EDQUOT (a quota) is the same for the clinician. */
  int system = db != NULL ? sqlite3_system_errno(db) : 0;

  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
    g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_CORRUPT,
                _("The local cache is damaged or is not a CardioTwin cache (%s)"),
                sqlite3_errstr(code));
  else if (primary == SQLITE_FULL ||
           (primary == SQLITE_IOERR && (system == ENOSPC || system == EDQUOT)))
    g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NO_SPACE,
                _("The disk is full: the change was not saved in the local cache, and nothing "
                  "already in it was lost. Free some disk space and try again."));
  else if (primary == SQLITE_READONLY)
    g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_READ_ONLY,
                _("The local cache cannot be written (it is read-only): the change was not "
                  "saved"));
  else
    g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_FAILED,
                _("The local cache could not be used: %s"),
                db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(code));
  return FALSE;
}

/* Every call that writes asks first: in a read-only cache it fails before it starts, with words
 * that say why, rather than with SQLite's "attempt to write a readonly database" half-way. */
static gboolean check_writable(CtStore *self, GError **error)
{
  if (!self->read_only)
    return TRUE;
  if (self->damaged)
    g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_READ_ONLY,
                _("The local cache is damaged and open only for reading: nothing can be saved "
                  "in it until it is rebuilt"));
  else
    g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_READ_ONLY,
                _("The local cache is read-only: nothing can be saved in it. Ask for write "
                  "access to %s, then start CardioTwin again."),
                self->path);
  return FALSE;
}

static gboolean exec(CtStore *self, const char *sql, GError **error)
{
  int rc = sqlite3_exec(self->db, sql, NULL, NULL, NULL);

  return rc == SQLITE_OK || fail_sqlite(self->db, rc, error);
}

static sqlite3_stmt *prepare(CtStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2(self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK) {
    fail_sqlite(self->db, rc, error);
    return NULL;
  }
  return stmt;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(sqlite3_stmt, sqlite3_finalize)

static void rollback(CtStore *self)
{
  /* Nothing to report: a failed ROLLBACK means SQLite already rolled back. */
  sqlite3_exec(self->db, "ROLLBACK", NULL, NULL, NULL);
}

static char *now_iso8601(void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc();

  return g_date_time_format_iso8601(now);
}

/* ------------------------------------------------------------------ schema */

static int user_version(sqlite3 *db, int *version)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL);

  if (rc == SQLITE_OK) {
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
      *version = sqlite3_column_int(stmt, 0);
      rc = SQLITE_OK;
    }
  }
  sqlite3_finalize(stmt);
  return rc;
}

/* 2 -> 3, the part SQL alone cannot do safely: each plan whose name an older plan of the same
 * patient already has is renamed "NAME (2)", "NAME (3)", ... with the first number no other plan
 * of that patient uses (a name like "Plan (3)" may already exist), then names are made unique. */
static int unique_plan_names(sqlite3 *db)
{
  sqlite3_stmt *duplicates = NULL, *taken = NULL, *rename = NULL;
  int rc = sqlite3_prepare_v2(
      db,
      "SELECT id, patient_id, name FROM scenarios AS s WHERE EXISTS (SELECT 1 FROM scenarios AS "
      "o WHERE o.patient_id = s.patient_id AND o.name = s.name AND o.id < s.id) ORDER BY id",
      -1, &duplicates, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db, "SELECT 1 FROM scenarios WHERE patient_id = ? AND name = ?", -1,
                            &taken, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db, "UPDATE scenarios SET name = ? WHERE id = ?", -1, &rename, NULL);
  while (rc == SQLITE_OK && sqlite3_step(duplicates) == SQLITE_ROW) {
    sqlite3_int64 id = sqlite3_column_int64(duplicates, 0);
    sqlite3_int64 patient = sqlite3_column_int64(duplicates, 1);
    g_autofree char *name = g_strdup((const char *)sqlite3_column_text(duplicates, 2));
    g_autofree char *candidate = NULL;

    for (int n = 2;; n++) {
      g_free(candidate);
      candidate = g_strdup_printf("%s (%d)", name, n);
      sqlite3_reset(taken);
      sqlite3_bind_int64(taken, 1, patient);
      sqlite3_bind_text(taken, 2, candidate, -1, SQLITE_TRANSIENT);
      if (sqlite3_step(taken) != SQLITE_ROW)
        break;
    }
    sqlite3_reset(rename);
    sqlite3_bind_text(rename, 1, candidate, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(rename, 2, id);
    if (sqlite3_step(rename) != SQLITE_DONE)
      rc = sqlite3_errcode(db);
  }
  sqlite3_finalize(duplicates);
  sqlite3_finalize(taken);
  sqlite3_finalize(rename);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(db, "CREATE UNIQUE INDEX scenarios_by_name ON scenarios (patient_id, name)",
                      NULL, NULL, NULL);
  return rc;
}

int ct_store_private_migrate(sqlite3 *db, int from, int to)
{
  for (int v = from; v < to; v++) {
    g_autofree char *done = g_strdup_printf("PRAGMA user_version = %d; COMMIT;", v + 1);
    int current = 0;
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

    /* Another process (a second window, a sync worker) may have migrated the file while this
     * one waited for the write lock: the version is read again inside the transaction. */
    if (rc == SQLITE_OK)
      rc = user_version(db, &current);
    if (rc == SQLITE_OK && current > v) {
      rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        return rc;
      v = current - 1;
      continue;
    }
    if (rc == SQLITE_OK)
      rc = sqlite3_exec(db, migrations[v], NULL, NULL, NULL);
    if (rc == SQLITE_OK && v == 2)
      rc = unique_plan_names(db);
    if (rc == SQLITE_OK)
      rc = sqlite3_exec(db, done, NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
      sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
      return rc;
    }
  }
  return SQLITE_OK;
}

/* A cache from a newer CardioTwin is refused before anything (even the journal mode, which is
 * written in the file's header) is changed. */
static gboolean check_version(CtStore *self, int *version, GError **error)
{
  int rc = user_version(self->db, version);

  if (rc != SQLITE_OK)
    return fail_sqlite(self->db, rc, error);
  if (*version > CT_STORE_SCHEMA_VERSION) {
    g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NEWER_SCHEMA,
                _("The local cache %s was written by a newer CardioTwin (schema %d; this version "
                  "reads up to %d); update CardioTwin"),
                self->path, *version, CT_STORE_SCHEMA_VERSION);
    return FALSE;
  }
  return TRUE;
}

static gboolean migrate(CtStore *self, int version, GError **error)
{
  int rc = ct_store_private_migrate(self->db, version, CT_STORE_SCHEMA_VERSION);

  return rc == SQLITE_OK || fail_sqlite(self->db, rc, error);
}

/* Whether an existing cache can be written: its file, and its folder, where SQLite creates the
 * -wal and -shm files beside it. access() answers for this process's user, and EROFS for a
 * read-only file system. */
static gboolean can_write(const char *path)
{
  g_autofree char *dir = g_path_get_dirname(path);

  return g_access(path, W_OK) == 0 && g_access(dir, W_OK) == 0;
}

/* What SQLite keeps beside a database file, moved with it: they belong to it (a -wal left behind
 * would be erased when the new cache is made, and the damaged cache's last transactions with it;
 * prepare_file refuses to make a cache beside one). The database file goes last: stopped half-way,
 * what is left at the path is the damaged file without its journals, refused again, never a
 * journal of the old file beside a new one. */
static const char *const cache_files[] = {"-journal", "-wal", "-shm", ""};

/* The bit of the database file itself among cache_files. */
#define DATABASE_FILE_BIT (1u << (G_N_ELEMENTS(cache_files) - 1))

/* Whether cache_files[@i] is a log of transactions (-wal, -journal) rather than the database or
 * the -shm, an index that SQLite rebuilds from the -wal. */
static gboolean is_journal(guint i)
{
  return strcmp(cache_files[i], "-wal") == 0 || strcmp(cache_files[i], "-journal") == 0;
}

/* Whether @file is a journal that SQLite would erase beside a new database, and with it what it
 * holds: a file with something in it, or a link (what it points to is not ours to judge). An empty
 * one, as a crash after a checkpoint can leave, holds nothing. */
static gboolean journal_holds_data(const char *file)
{
  GStatBuf st;

  if (g_lstat(file, &st) != 0)
    return FALSE;
  return S_ISLNK(st.st_mode) || st.st_size > 0;
}

/* The file and its folder, private to the user, before SQLite touches them. An existing cache
 * that cannot be written is to be opened read-only (*@read_only): it is not created, and only made
 * more private (group and others lose their access, when that can be done), never writable. */
static gboolean prepare_file(const char *path, gboolean *read_only, GError **error)
{
  g_autofree char *dir = g_path_get_dirname(path);
  GStatBuf st;
  int fd;

  if (!*read_only && g_file_test(path, G_FILE_TEST_EXISTS) && !can_write(path))
    *read_only = TRUE;
  if (*read_only) {
    if (g_stat(path, &st) != 0 || g_access(path, R_OK) != 0) {
      int saved = errno;
      g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_OPEN,
                  _("The local cache %s cannot be opened: %s"), path, g_strerror(saved));
      return FALSE;
    }
    if ((st.st_mode & 077) != 0)
      /* Nothing to report: a file that cannot be changed is read as it is. */
      (void)g_chmod(path, st.st_mode & 0700);
    return TRUE;
  }
  /* A journal without its database: what is left of a cache moved away or lost, or of a rebuild
   * that could not put the whole damaged cache back. SQLite would erase it as soon as it made a new
   * cache beside it (it deletes a rollback journal and empties a write-ahead log that it finds next
   * to a new, empty database; seen with SQLite 3.40), and the transactions it holds with it. */
  if (!g_file_test(path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK)) {
    for (guint i = 0; i < G_N_ELEMENTS(cache_files); i++) {
      g_autofree char *journal = g_strconcat(path, cache_files[i], NULL);

      if (is_journal(i) && journal_holds_data(journal)) {
        g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_OPEN,
                    _("No local cache is at %s, but one of its journal files is (%s): a new cache "
                      "there would erase what the journal holds, so none is made. Put the cache "
                      "it belongs to back beside it, or move the journal away."),
                    path, journal);
        return FALSE;
      }
    }
  }
  if (g_mkdir_with_parents(dir, 0700) != 0) {
    int saved = errno;
    g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_OPEN,
                _("The local cache folder %s cannot be created: %s"), dir, g_strerror(saved));
    return FALSE;
  }
  fd = g_open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 || fchmod(fd, 0600) != 0) {
    int saved = errno;
    if (fd >= 0)
      close(fd);
    g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_OPEN,
                _("The local cache %s cannot be opened: %s"), path, g_strerror(saved));
    return FALSE;
  }
  close(fd);
  return TRUE;
}

/* How SQLite is to open the file: its path, or for a read-only cache in a folder that cannot be
 * written and without a -wal and -shm to read, a URI with immutable=1. SQLite reads a WAL cache
 * only with its index (-shm) or with that promise (https://sqlite.org/wal.html, "Read-Only
 * Databases"); the promise holds, as no one can write a journal or a -wal there either. A -wal
 * with content but no index to read is refused: immutable=1 would read the file without the
 * transactions the log still holds (a sync that ended before its checkpoint), an older cache
 * shown as the current one. */
static char *sqlite_name(const char *path, gboolean read_only, int *flags, GError **error)
{
  g_autofree char *dir = g_path_get_dirname(path);
  g_autofree char *wal = g_strconcat(path, "-wal", NULL);
  g_autofree char *shm = g_strconcat(path, "-shm", NULL);
  g_autofree char *journal = g_strconcat(path, "-journal", NULL);
  g_autofree char *uri = NULL;
  GStatBuf wal_stat;

  if (!read_only || g_access(dir, W_OK) == 0 ||
      (g_access(wal, R_OK) == 0 && g_access(shm, R_OK) == 0))
    return g_strdup(path);
  if (g_stat(wal, &wal_stat) == 0 && wal_stat.st_size > 0) {
    g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_READ_ONLY,
                _("The local cache %s cannot be read: its folder cannot be written and its last "
                  "changes are still in %s, which SQLite reads only with %s"),
                path, wal, shm);
    return NULL;
  }
  /* The same for a cache not yet in WAL mode whose last transaction was cut off: its hot rollback
   * journal must be played back before the file is read, which needs a folder that can be
   * written; immutable=1 would read the half-written file. */
  if (g_stat(journal, &wal_stat) == 0 && wal_stat.st_size > 0) {
    g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_READ_ONLY,
                _("The local cache %s cannot be read: its folder cannot be written and its last "
                  "change was cut off, which SQLite can undo from %s only where it can write"),
                path, journal);
    return NULL;
  }
  /* file:///… with every reserved character escaped, which SQLite decodes. */
  uri = g_filename_to_uri(path, NULL, NULL);
  if (uri == NULL)
    return g_strdup(path);
  *flags |= SQLITE_OPEN_URI;
  return g_strconcat(uri, "?immutable=1", NULL);
}

/* Not a database, or damaged: found out before anything is changed. */
static gboolean check_integrity(CtStore *self, GError **error)
{
  g_autoptr(sqlite3_stmt) check = prepare(self, "PRAGMA quick_check", error);
  int rc;

  if (check == NULL)
    return FALSE;
  rc = sqlite3_step(check);
  if (rc != SQLITE_ROW)
    return fail_sqlite(self->db, rc, error);
  if (strcmp((const char *)sqlite3_column_text(check, 0), "ok") != 0) {
    g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_CORRUPT,
                _("The local cache %s is damaged: %s"), self->path,
                (const char *)sqlite3_column_text(check, 0));
    return FALSE;
  }
  return TRUE;
}

CtStore *ct_store_private_open_vfs(const char *path, const char *user, CtStoreOpenFlags flags,
                                   const char *vfs, GError **error)
{
  g_autoptr(CtStore) self = NULL;
  gboolean damaged = (flags & CT_STORE_OPEN_DAMAGED) != 0;
  gboolean read_only = damaged || (flags & CT_STORE_OPEN_READ_ONLY) != 0;
  g_autofree char *name = NULL;
  int rc, open_flags, version = 0;

  g_return_val_if_fail(path != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);

  if (!prepare_file(path, &read_only, error))
    return NULL;
  self = g_object_new(CT_TYPE_STORE, NULL);
  self->path = g_strdup(path);
  self->user = g_strdup(user != NULL ? user : g_get_user_name());
  self->read_only = read_only;
  self->damaged = damaged;
  /* SQLITE_OPEN_READONLY: SQLite itself never writes the file, whatever is asked of it. */
  open_flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
  name = sqlite_name(path, read_only, &open_flags, error);
  if (name == NULL)
    return NULL;
  rc = sqlite3_open_v2(name, &self->db, open_flags, vfs);
  if (rc != SQLITE_OK) {
    g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_OPEN,
                _("The local cache %s cannot be opened: %s"), path, sqlite3_errstr(rc));
    return NULL;
  }
  sqlite3_extended_result_codes(self->db, 1);
  /* A second process (a sync worker, a second window) may hold the write lock for a moment. */
  sqlite3_busy_timeout(self->db, 5000);
  /* A damaged cache is known to fail the check: what it still holds is read as far as it goes. */
  if ((!damaged && !check_integrity(self, error)) || !check_version(self, &version, error))
    return NULL;
  if (read_only) {
    /* Nothing can be migrated: the queries of this version need this version's schema. */
    if (version != CT_STORE_SCHEMA_VERSION) {
      g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_READ_ONLY,
                  _("The local cache %s is from an older CardioTwin and is read-only, so it "
                    "cannot be brought up to date"),
                  path);
      return NULL;
    }
    return g_steal_pointer(&self);
  }
  if (!exec(self,
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
            "PRAGMA foreign_keys = ON;",
            error) ||
      !migrate(self, version, error))
    return NULL;
  return g_steal_pointer(&self);
}

CtStore *ct_store_open_full(const char *path, const char *user, CtStoreOpenFlags flags,
                            GError **error)
{
  return ct_store_private_open_vfs(path, user, flags, NULL, error);
}

CtStore *ct_store_open(const char *path, const char *user, GError **error)
{
  return ct_store_private_open_vfs(path, user, CT_STORE_OPEN_DEFAULT, NULL, error);
}

gboolean ct_store_is_read_only(CtStore *self)
{
  g_return_val_if_fail(CT_IS_STORE(self), TRUE);
  return self->read_only;
}

gboolean ct_store_is_damaged(CtStore *self)
{
  g_return_val_if_fail(CT_IS_STORE(self), FALSE);
  return self->damaged;
}

static char *aside_name(const char *path)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc();
  g_autofree char *stamp = g_date_time_format(now, "%Y%m%dT%H%M%SZ");

  for (int n = 1;; n++) {
    g_autofree char *candidate = n == 1 ? g_strdup_printf("%s.damaged-%s", path, stamp)
                                        : g_strdup_printf("%s.damaged-%s-%d", path, stamp, n);
    gboolean taken = FALSE;

    for (guint i = 0; i < G_N_ELEMENTS(cache_files); i++) {
      g_autofree char *file = g_strconcat(candidate, cache_files[i], NULL);

      taken = taken || g_file_test(file, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK);
    }
    if (!taken)
      return g_steal_pointer(&candidate);
  }
}

/* Puts the files of @moved (a bit per cache_files entry) back from @from to @to: the database
 * first, and its journals only once it is there (a journal at @to without its database would be
 * erased by the next new cache, a database without its -wal would lack its last transactions). If
 * one of them cannot follow, what was put back goes to @from again, so that the set stays
 * together; FALSE then. When the database never left @to (@moved holds only journals), each
 * journal that can come home does, and one that cannot stays at @from: going aside again would
 * only take more of them from their database. *@at_target: the files at @to on return (@moved on
 * success; on failure, those that are there). */
static gboolean move_files(CtStoreRenameFunc rename_file, const char *from, const char *to,
                           guint moved, guint *at_target)
{
  gboolean database_moved = (moved & DATABASE_FILE_BIT) != 0;
  gboolean all_came = TRUE;
  guint back = 0;

  for (int i = (int)G_N_ELEMENTS(cache_files) - 1; i >= 0; i--) {
    g_autofree char *source = NULL, *target = NULL;

    if ((moved & (1u << i)) == 0)
      continue;
    source = g_strconcat(from, cache_files[i], NULL);
    target = g_strconcat(to, cache_files[i], NULL);
    /* rename() replaces what it finds at the target: a file there now is not ours to replace
     * (another program's journal, say), so it counts as a name taken. */
    if (!g_file_test(target, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK) &&
        rename_file(source, target) == 0) {
      back |= 1u << i;
      continue;
    }
    all_came = FALSE;
    if (!database_moved)
      continue;
    /* The database goes aside again first; the journals follow only if it did, for a journal is
     * better beside its database than aside without it. */
    for (int j = (int)G_N_ELEMENTS(cache_files) - 1; j >= 0; j--)
      if ((back & (1u << j)) != 0) {
        g_autofree char *undo_source = g_strconcat(to, cache_files[j], NULL);
        g_autofree char *undo_target = g_strconcat(from, cache_files[j], NULL);

        if (!g_file_test(undo_target, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK) &&
            rename_file(undo_source, undo_target) == 0)
          back &= ~(1u << j);
        else if ((1u << j) == DATABASE_FILE_BIT)
          break;
      }
    break;
  }
  *at_target = back;
  return all_came;
}

/* The files of the set at @path that hold something to keep (a bit per cache_files entry): the
 * database, and a -wal or -journal with something in it. An empty journal or a -shm (an index,
 * rebuilt from the log) loses nothing when removed, and the new cache may have written into
 * it. */
static guint files_present(const char *path)
{
  guint present = 0;

  for (guint i = 0; i < G_N_ELEMENTS(cache_files); i++) {
    g_autofree char *file = g_strconcat(path, cache_files[i], NULL);

    if ((1u << i) == DATABASE_FILE_BIT
            ? g_file_test(file, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK)
            : is_journal(i) && journal_holds_data(file))
      present |= 1u << i;
  }
  return present;
}

/* Whether, of @files (a bit per cache_files entry) at @path, a -wal or -journal holds something:
 * then no cache is made there (prepare_file). A -shm is only an index, rebuilt from the log. */
static gboolean journals_hold_data(const char *path, guint files)
{
  for (guint i = 0; i < G_N_ELEMENTS(cache_files); i++) {
    g_autofree char *file = g_strconcat(path, cache_files[i], NULL);

    if ((files & (1u << i)) != 0 && is_journal(i) && journal_holds_data(file))
      return TRUE;
  }
  return FALSE;
}

/* Says where the damaged cache is when it could not all be put back at @path, from @at_path, the
 * files of the set that are there (a bit per cache_files entry): the database and its journals
 * kept aside as @aside; or the database at its path and (some of) its journals aside; or the
 * database aside and a journal that holds something left at its path, where no new cache will be
 * made beside it (prepare_file). A -shm or an empty journal left there changes nothing. */
static void say_left_aside(GError **error, const char *aside, const char *path, guint at_path)
{
  g_autofree char *first = NULL;
  char *message;

  if (error == NULL || *error == NULL)
    return;
  /* The first message becomes the first clause of one sentence: its own full stop (as the full
   * disk's has, in any of the languages CardioTwin speaks) would end it before the second. */
  first = g_strdup((*error)->message);
  if (g_str_has_suffix(first, "\u3002"))
    first[strlen(first) - strlen("\u3002")] = '\0';
  else if (g_str_has_suffix(first, "."))
    first[strlen(first) - 1] = '\0';
  if ((at_path & DATABASE_FILE_BIT) != 0)
    /* TRANSLATORS: the second %s is a file name; the journals add -wal to it. */
    message = g_strdup_printf(_("%s; some of the damaged cache's journal files could not be put "
                                "back beside it and are kept under the name %s"),
                              first, aside);
  else if (journals_hold_data(path, at_path))
    /* TRANSLATORS: the second %s is a file name, the third the cache's own; the journals add
     * -wal to them. */
    message = g_strdup_printf(_("%s; the damaged cache could not be put back and is kept as %s, "
                                "but some of its journal files are still beside %s, where no new "
                                "cache will be made until they are moved next to it"),
                              first, aside, path);
  else
    message = g_strdup_printf(_("%s; the damaged cache could not be put back and is kept as %s"),
                              first, aside);
  g_free((*error)->message);
  (*error)->message = message;
}

CtStore *ct_store_private_rebuild(const char *path, const char *user, char **aside_path,
                                  const char *vfs, CtStoreRenameFunc rename_file, GError **error)
{
  g_autoptr(CtStore) store = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *aside = NULL;
  guint moved = 0, present;

  g_return_val_if_fail(path != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);

  if (g_file_test(path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK)) {
    aside = aside_name(path);
    for (guint i = 0; i < G_N_ELEMENTS(cache_files); i++) {
      g_autofree char *source = g_strconcat(path, cache_files[i], NULL);
      g_autofree char *target = g_strconcat(aside, cache_files[i], NULL);

      if (!g_file_test(source, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
        continue;
      if (rename_file(source, target) != 0) {
        int saved = errno;
        guint at_path = 0;
        gboolean put_back = move_files(rename_file, aside, path, moved, &at_path);

        g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_OPEN,
                    _("The damaged local cache %s could not be moved aside, so no new cache was "
                      "made: %s"),
                    path, g_strerror(saved));
        if (!put_back)
          /* The database, moved last, has not left its path: only journals are aside. */
          say_left_aside(error, aside, path, at_path | DATABASE_FILE_BIT);
        return NULL;
      }
      moved |= 1u << i;
    }
  }
  /* Anything at the path now is not this call's (another program's journal, say): it stays. */
  present = files_present(path);
  store = ct_store_private_open_vfs(path, user, CT_STORE_OPEN_DEFAULT, vfs, &local_error);
  if (store == NULL || !ct_store_seed_demos(store, NULL, &local_error)) {
    gboolean put_back = TRUE;
    guint at_path = 0;

    /* The new cache is this call's own, and empty: it goes, and the old file comes back. */
    g_clear_object(&store);
    for (guint i = 0; i < G_N_ELEMENTS(cache_files); i++) {
      g_autofree char *file = g_strconcat(path, cache_files[i], NULL);

      if ((present & (1u << i)) == 0)
        (void)g_unlink(file);
    }
    if (aside != NULL)
      put_back = move_files(rename_file, aside, path, moved, &at_path);
    /* The write error's own words ("the change was not saved") are a save's, not a rebuild's: what
     * matters here is that no cache was made and where the damaged one is. */
    if (g_error_matches(local_error, CT_STORE_ERROR, CT_STORE_ERROR_NO_SPACE)) {
      g_free(local_error->message);
      if (aside == NULL)
        local_error->message = g_strdup(
            _("The disk is full, so no new local cache could be made. Free some disk space and "
              "try again."));
      else if (put_back)
        local_error->message =
            g_strdup(_("The disk is full, so no new local cache could be made; the damaged cache "
                       "is back where it was. Free some disk space and try again."));
      else
        /* TRANSLATORS: the first clause of a sentence; where the damaged cache is follows. */
        local_error->message = g_strdup(_("The disk is full, so no new local cache could be made"));
    }
    if (!put_back)
      say_left_aside(&local_error, aside, path, at_path);
    g_propagate_error(error, g_steal_pointer(&local_error));
    return NULL;
  }
  if (aside_path != NULL)
    *aside_path = g_steal_pointer(&aside);
  return g_steal_pointer(&store);
}

CtStore *ct_store_rebuild(const char *path, const char *user, char **aside_path, GError **error)
{
  return ct_store_private_rebuild(path, user, aside_path, NULL, g_rename, error);
}

char *ct_store_default_path(void)
{
  return g_build_filename(g_get_user_data_dir(), "cardiotwin", "cache.sqlite", NULL);
}

const char *ct_store_get_path(CtStore *self)
{
  g_return_val_if_fail(CT_IS_STORE(self), NULL);
  return self->path;
}

/* ------------------------------------------------------------------ audit */

static gboolean insert_audit(CtStore *self, CtStoreAudit action, gint64 patient_key,
                             int twin_version, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt =
      prepare(self,
              "INSERT INTO audit_log (at, user, action, patient_id, twin_version) "
              "VALUES (?, ?, ?, ?, ?)",
              error);
  g_autofree char *at = now_iso8601();
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text(stmt, 1, at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(stmt, 2, self->user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(stmt, 3, audit_names[action], -1, SQLITE_STATIC);
  sqlite3_bind_int64(stmt, 4, patient_key);
  if (twin_version > 0)
    sqlite3_bind_int(stmt, 5, twin_version);
  rc = sqlite3_step(stmt);
  return rc == SQLITE_DONE || fail_sqlite(self->db, rc, error);
}

gboolean ct_store_audit(CtStore *self, CtStoreAudit action, gint64 patient_key, int twin_version,
                        GError **error)
{
  g_return_val_if_fail(CT_IS_STORE(self), FALSE);
  g_return_val_if_fail((guint)action < G_N_ELEMENTS(audit_names), FALSE);
  return check_writable(self, error) &&
         insert_audit(self, action, patient_key, twin_version, error);
}

GStrv ct_store_audit_lines(CtStore *self, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);
  int rc;

  g_return_val_if_fail(CT_IS_STORE(self), NULL);
  stmt = prepare(
      self, "SELECT at, user, action, patient_id, twin_version FROM audit_log ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
    g_ptr_array_add(
        lines, g_strdup_printf("%s %s %s %" G_GINT64_FORMAT " %d", sqlite3_column_text(stmt, 0),
                               sqlite3_column_text(stmt, 1), sqlite3_column_text(stmt, 2),
                               (gint64)sqlite3_column_int64(stmt, 3), sqlite3_column_int(stmt, 4)));
  if (rc != SQLITE_DONE)
    return fail_sqlite(self->db, rc, error), NULL;
  g_ptr_array_add(lines, NULL);
  return (GStrv)g_ptr_array_free(g_steal_pointer(&lines), FALSE);
}

/* ------------------------------------------------------------------ patients */

static CtStorePatient *patient_from_row(sqlite3_stmt *stmt)
{
  CtStorePatient *patient = g_new0(CtStorePatient, 1);

  patient->key = sqlite3_column_int64(stmt, 0);
  patient->source = g_strdup((const char *)sqlite3_column_text(stmt, 1));
  patient->server_id = g_strdup((const char *)sqlite3_column_text(stmt, 2));
  patient->display_name = g_strdup((const char *)sqlite3_column_text(stmt, 3));
  patient->n_twin_versions = sqlite3_column_int(stmt, 4);
  return patient;
}

#define PATIENT_COLUMNS                                                                            \
  "SELECT p.id, p.source, p.server_id, p.display_name,"                                            \
  " (SELECT count(*) FROM twins t WHERE t.patient_id = p.id) FROM patients p "

/* LIKE with the user's text taken literally: %, _ and the escape character itself escaped. */
static char *like_pattern(const char *query)
{
  GString *pattern = g_string_new("%");

  for (const char *p = query; *p != '\0'; p++) {
    if (*p == '%' || *p == '_' || *p == '\\')
      g_string_append_c(pattern, '\\');
    g_string_append_c(pattern, *p);
  }
  g_string_append_c(pattern, '%');
  return g_string_free(pattern, FALSE);
}

GPtrArray *ct_store_search_patients(CtStore *self, const char *query, guint limit, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) patients =
      g_ptr_array_new_with_free_func((GDestroyNotify)ct_store_patient_free);
  g_autofree char *pattern = like_pattern(query != NULL ? query : "");
  int rc;

  g_return_val_if_fail(CT_IS_STORE(self), NULL);
  stmt = prepare(self,
                 PATIENT_COLUMNS "WHERE p.display_name LIKE ?1 ESCAPE '\\' "
                                 "OR p.server_id LIKE ?1 ESCAPE '\\' "
                                 "ORDER BY p.display_name, p.id LIMIT ?2",
                 error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text(stmt, 1, pattern, -1, SQLITE_STATIC);
  sqlite3_bind_int64(stmt, 2, limit > 0 ? (gint64)limit : -1);
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
    g_ptr_array_add(patients, patient_from_row(stmt));
  if (rc != SQLITE_DONE)
    return fail_sqlite(self->db, rc, error), NULL;
  return g_steal_pointer(&patients);
}

CtStorePatient *ct_store_find_patient(CtStore *self, const char *source, const char *server_id,
                                      GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail(CT_IS_STORE(self), NULL);
  stmt = prepare(self, PATIENT_COLUMNS "WHERE p.source = ? AND p.server_id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text(stmt, 1, source, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 2, server_id, -1, SQLITE_STATIC);
  rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW)
    return patient_from_row(stmt);
  if (rc == SQLITE_DONE)
    g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NOT_FOUND,
                _("The patient is not in the local cache"));
  else
    fail_sqlite(self->db, rc, error);
  return NULL;
}

/* Inserts or updates a patient row and returns its key (inside the caller's transaction). */
static gboolean upsert_patient(CtStore *self, const char *source, const char *server_id,
                               const char *display_name, const char *patient_json, gint64 *key,
                               GError **error)
{
  g_autoptr(sqlite3_stmt) stmt =
      prepare(self,
              "INSERT INTO patients (source, server_id, display_name, patient_json, updated_at) "
              "VALUES (?, ?, ?, ?, ?) ON CONFLICT (source, server_id) DO UPDATE SET "
              "display_name = excluded.display_name, patient_json = excluded.patient_json, "
              "updated_at = excluded.updated_at RETURNING id",
              error);
  g_autofree char *now = now_iso8601();
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text(stmt, 1, source, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 2, server_id, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 3, display_name, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 4, patient_json, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 5, now, -1, SQLITE_STATIC);
  rc = sqlite3_step(stmt);
  if (rc != SQLITE_ROW)
    return fail_sqlite(self->db, rc, error);
  *key = sqlite3_column_int64(stmt, 0);
  return TRUE;
}

/* ------------------------------------------------------------------ twins */

/* The newest version of a patient's twin (0: none) and its document. */
/* The newest twin of a patient (0: none) and its document; with @provenance, the newest of that
 * provenance only. */
static gboolean latest_twin_of(CtStore *self, gint64 patient_key, const char *provenance,
                               int *version, char **document, char **server_version, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt =
      prepare(self,
              "SELECT version, document, server_version FROM twins WHERE patient_id = ?1 "
              "AND (?2 IS NULL OR provenance = ?2) ORDER BY version DESC LIMIT 1",
              error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64(stmt, 1, patient_key);
  sqlite3_bind_text(stmt, 2, provenance, -1, SQLITE_STATIC);
  rc = sqlite3_step(stmt);
  *version = 0;
  if (rc == SQLITE_ROW) {
    *version = sqlite3_column_int(stmt, 0);
    if (document != NULL)
      *document = g_strdup((const char *)sqlite3_column_text(stmt, 1));
    if (server_version != NULL)
      *server_version = g_strdup((const char *)sqlite3_column_text(stmt, 2));
    return TRUE;
  }
  return rc == SQLITE_DONE || fail_sqlite(self->db, rc, error);
}

static gboolean latest_twin(CtStore *self, gint64 patient_key, int *version, char **document,
                            char **server_version, GError **error)
{
  return latest_twin_of(self, patient_key, NULL, version, document, server_version, error);
}

static gboolean insert_twin(CtStore *self, gint64 patient_key, int version, const char *twin_id,
                            const char *document, const char *provenance,
                            const char *server_version, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt =
      prepare(self,
              "INSERT INTO twins (patient_id, version, twin_id, document, provenance, "
              "server_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
              error);
  g_autofree char *now = now_iso8601();
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64(stmt, 1, patient_key);
  sqlite3_bind_int(stmt, 2, version);
  sqlite3_bind_text(stmt, 3, twin_id, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 4, document, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 5, provenance, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 6, server_version, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 7, now, -1, SQLITE_STATIC);
  rc = sqlite3_step(stmt);
  return rc == SQLITE_DONE || fail_sqlite(self->db, rc, error);
}

/* A twin's document that does not load is CT_STORE_ERROR_NEWER_FORMAT when a newer CardioTwin
 * wrote it, CT_STORE_ERROR_INVALID otherwise; either with the loader's message. */
static CtTwin *load_twin_text(const char *text, GError **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new(text, strlen(text));
  g_autoptr(GError) local = NULL;
  CtTwin *twin = ct_twin_new_from_bytes(bytes, &local);

  if (twin == NULL)
    g_set_error(error, CT_STORE_ERROR,
                g_error_matches(local, CT_TWIN_ERROR, CT_TWIN_ERROR_NEWER_VERSION)
                    ? CT_STORE_ERROR_NEWER_FORMAT
                    : CT_STORE_ERROR_INVALID,
                "%s", local->message);
  return twin;
}

/* The document of version @version of a patient's twin, or CT_STORE_ERROR_NOT_FOUND. */
static char *twin_document(CtStore *self, gint64 patient_key, int version, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt =
      prepare(self, "SELECT document FROM twins WHERE patient_id = ? AND version = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64(stmt, 1, patient_key);
  sqlite3_bind_int(stmt, 2, version);
  rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW)
    return g_strdup((const char *)sqlite3_column_text(stmt, 0));
  if (rc == SQLITE_DONE)
    g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NOT_FOUND,
                _("The local cache holds no version %d of this patient’s twin"), version);
  else
    fail_sqlite(self->db, rc, error);
  return NULL;
}

/* @document, version @version, loaded and recorded as opened. */
static CtTwin *open_twin_document(CtStore *self, gint64 patient_key, int version,
                                  const char *document, GError **error)
{
  g_autoptr(CtTwin) twin = NULL;
  g_autoptr(GError) local = NULL;

  /* What was stored was checked on the way in; it is checked again, as every document is. A
   * document a newer CardioTwin wrote into the same cache stays as it is. */
  twin = load_twin_text(document, &local);
  if (twin == NULL) {
    if (g_error_matches(local, CT_STORE_ERROR, CT_STORE_ERROR_NEWER_FORMAT))
      g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NEWER_FORMAT,
                  _("Version %d of this patient’s twin was written by a newer CardioTwin: update "
                    "CardioTwin to open it. It is kept unchanged in the local cache."),
                  version);
    else
      g_propagate_error(error, g_steal_pointer(&local));
    return NULL;
  }
  /* A read-only cache cannot record the opening; the window says that nothing is saved. */
  if (!self->read_only && !insert_audit(self, CT_STORE_AUDIT_OPEN, patient_key, version, error))
    return NULL;
  return g_steal_pointer(&twin);
}

CtTwin *ct_store_open_twin(CtStore *self, gint64 patient_key, int *version, GError **error)
{
  g_autofree char *document = NULL;
  CtTwin *twin;
  int found = 0;

  g_return_val_if_fail(CT_IS_STORE(self), NULL);
  if (!latest_twin(self, patient_key, &found, &document, NULL, error))
    return NULL;
  if (found == 0) {
    g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NOT_FOUND,
                _("The local cache holds no twin for this patient"));
    return NULL;
  }
  twin = open_twin_document(self, patient_key, found, document, error);
  if (twin != NULL && version != NULL)
    *version = found;
  return twin;
}

CtTwin *ct_store_open_twin_version(CtStore *self, gint64 patient_key, int version, GError **error)
{
  g_autofree char *document = NULL;

  g_return_val_if_fail(CT_IS_STORE(self), NULL);
  document = twin_document(self, patient_key, version, error);
  return document != NULL ? open_twin_document(self, patient_key, version, document, error) : NULL;
}

int ct_store_find_readable_twin_version(CtStore *self, gint64 patient_key, int before,
                                        GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail(CT_IS_STORE(self), 0);
  stmt = prepare(self,
                 "SELECT version, document FROM twins WHERE patient_id = ?1 "
                 "AND (?2 <= 0 OR version < ?2) ORDER BY version DESC",
                 error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64(stmt, 1, patient_key);
  sqlite3_bind_int(stmt, 2, before);
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const char *text = (const char *)sqlite3_column_text(stmt, 1);
    g_autoptr(GBytes) bytes = g_bytes_new(text, strlen(text));
    g_autoptr(CtTwin) twin = ct_twin_new_from_bytes(bytes, NULL);

    if (twin != NULL)
      return sqlite3_column_int(stmt, 0);
  }
  if (rc != SQLITE_DONE)
    fail_sqlite(self->db, rc, error);
  return 0;
}

gboolean ct_store_save_twin(CtStore *self, gint64 patient_key, CtTwin *twin, const char *provenance,
                            int *version, GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *document = NULL;
  int latest = 0;

  g_return_val_if_fail(CT_IS_STORE(self), FALSE);
  g_return_val_if_fail(CT_IS_TWIN(twin), FALSE);
  g_return_val_if_fail(provenance != NULL, FALSE);

  if (!check_writable(self, error))
    return FALSE;
  bytes = ct_twin_to_bytes(twin);
  document = g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
  if (!exec(self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!latest_twin(self, patient_key, &latest, NULL, NULL, error) ||
      !insert_twin(self, patient_key, latest + 1, ct_twin_get_id(twin), document, provenance, NULL,
                   error) ||
      (strcmp(provenance, "fitted") == 0 &&
       !insert_audit(self, CT_STORE_AUDIT_FIT, patient_key, latest + 1, error)) ||
      !exec(self, "COMMIT", error)) {
    rollback(self);
    return FALSE;
  }
  if (version != NULL)
    *version = latest + 1;
  return TRUE;
}

gint64 ct_store_count_observations(CtStore *self, gint64 patient_key, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail(CT_IS_STORE(self), -1);
  stmt = prepare(self, "SELECT count(*) FROM observations WHERE patient_id = ?", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64(stmt, 1, patient_key);
  rc = sqlite3_step(stmt);
  if (rc != SQLITE_ROW)
    return fail_sqlite(self->db, rc, error), -1;
  return sqlite3_column_int64(stmt, 0);
}

/* The patient's row exists; CT_STORE_ERROR_NOT_FOUND when not. */
static gboolean patient_exists(CtStore *self, gint64 patient_key, char **patient_json,
                               GError **error)
{
  g_autoptr(sqlite3_stmt) stmt =
      prepare(self, "SELECT patient_json FROM patients WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64(stmt, 1, patient_key);
  rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) {
    if (patient_json != NULL)
      *patient_json = g_strdup((const char *)sqlite3_column_text(stmt, 0));
    return TRUE;
  }
  if (rc == SQLITE_DONE)
    g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NOT_FOUND,
                _("The patient is not in the local cache"));
  else
    fail_sqlite(self->db, rc, error);
  return FALSE;
}

gboolean ct_store_get_patient_resource(CtStore *self, gint64 patient_key, char **patient_json,
                                       GError **error)
{
  g_return_val_if_fail(CT_IS_STORE(self), FALSE);
  g_return_val_if_fail(patient_json != NULL, FALSE);
  *patient_json = NULL;
  return patient_exists(self, patient_key, patient_json, error);
}

GPtrArray *ct_store_list_observations(CtStore *self, gint64 patient_key, const char *const *names,
                                      GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list =
      g_ptr_array_new_with_free_func((GDestroyNotify)ct_store_cached_observation_free);
  g_autoptr(GString) sql =
      g_string_new("SELECT server_id, name, loinc, value, unit, effective FROM observations "
                   "WHERE patient_id = ? AND name IS NOT NULL");
  guint n_names = names != NULL ? g_strv_length((char **)names) : 0;
  int rc;

  g_return_val_if_fail(CT_IS_STORE(self), NULL);
  if (!patient_exists(self, patient_key, NULL, error))
    return NULL;
  if (names != NULL) {
    g_string_append(sql, " AND name IN (");
    for (guint i = 0; i < n_names; i++)
      g_string_append(sql, i == 0 ? "?" : ", ?");
    g_string_append(sql, ")");
  }
  /* The instant, not the text: "2026-09-01T08:00:00+02:00" is before "2026-09-01T07:00:00Z".
   * julianday() reads ISO 8601 with its offset; what it cannot read (a FHIR partial date such
   * as "2026-09") sorts by its text after the others of the same text order. The row id keeps
   * the order received for readings of the same instant. */
  g_string_append(sql, " ORDER BY julianday(effective), effective, id");
  stmt = prepare(self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64(stmt, 1, patient_key);
  for (guint i = 0; i < n_names; i++)
    sqlite3_bind_text(stmt, (int)i + 2, names[i], -1, SQLITE_STATIC);
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    CtStoreCachedObservation *o = g_new0(CtStoreCachedObservation, 1);

    o->server_id = g_strdup((const char *)sqlite3_column_text(stmt, 0));
    o->name = g_strdup((const char *)sqlite3_column_text(stmt, 1));
    o->loinc = g_strdup((const char *)sqlite3_column_text(stmt, 2));
    o->value = sqlite3_column_double(stmt, 3);
    o->unit = g_strdup((const char *)sqlite3_column_text(stmt, 4));
    o->effective = g_strdup((const char *)sqlite3_column_text(stmt, 5));
    g_ptr_array_add(list, o);
  }
  if (rc != SQLITE_DONE)
    return fail_sqlite(self->db, rc, error), NULL;
  return g_steal_pointer(&list);
}

/* ------------------------------------------------------------------ sync */

static gboolean replace_observations(CtStore *self, gint64 patient_key, const CtStoreSync *sync,
                                     GError **error)
{
  g_autoptr(sqlite3_stmt) clear =
      prepare(self, "DELETE FROM observations WHERE patient_id = ?", error);
  g_autoptr(sqlite3_stmt) insert = NULL;
  int rc;

  if (clear == NULL)
    return FALSE;
  sqlite3_bind_int64(clear, 1, patient_key);
  rc = sqlite3_step(clear);
  if (rc != SQLITE_DONE)
    return fail_sqlite(self->db, rc, error);

  insert = prepare(self,
                   "INSERT INTO observations (patient_id, server_id, loinc, name, value, unit, "
                   "effective, resource_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   error);
  if (insert == NULL)
    return FALSE;
  for (guint i = 0; i < sync->n_observations; i++) {
    const CtStoreObservation *o = &sync->observations[i];

    sqlite3_reset(insert);
    sqlite3_bind_int64(insert, 1, patient_key);
    sqlite3_bind_text(insert, 2, o->server_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(insert, 3, o->loinc, -1, SQLITE_STATIC);
    sqlite3_bind_text(insert, 4, ct_loinc_name_for_code(o->loinc), -1, SQLITE_STATIC);
    sqlite3_bind_double(insert, 5, o->value);
    sqlite3_bind_text(insert, 6, o->unit, -1, SQLITE_STATIC);
    sqlite3_bind_text(insert, 7, o->effective, -1, SQLITE_STATIC);
    sqlite3_bind_text(insert, 8, o->resource_json, -1, SQLITE_STATIC);
    rc = sqlite3_step(insert);
    if (rc != SQLITE_DONE)
      return fail_sqlite(self->db, rc, error);
  }
  return TRUE;
}

static gboolean sync_in_transaction(CtStore *self, const CtStoreSync *sync, CtTwin *twin,
                                    gint64 *key, GCancellable *cancellable, GError **error)
{
  g_autofree char *stored = NULL;
  g_autofree char *stored_server_version = NULL;
  int latest = 0, latest_platform = 0, version = 0;

  /* A new twin version only when the platform's document changed since the platform's last one:
   * a twin fitted here since then stays the newest. */
  if (!upsert_patient(self, sync->source, sync->server_id, sync->display_name, sync->patient_json,
                      key, error) ||
      !replace_observations(self, *key, sync, error) ||
      !latest_twin(self, *key, &latest, NULL, NULL, error) ||
      !latest_twin_of(self, *key, "platform", &latest_platform, &stored, &stored_server_version,
                      error))
    return FALSE;
  if (twin != NULL && (stored == NULL || strcmp(stored, sync->twin_json) != 0 ||
                       g_strcmp0(stored_server_version, sync->twin_server_version) != 0)) {
    version = latest + 1;
    if (!insert_twin(self, *key, version, ct_twin_get_id(twin), sync->twin_json, "platform",
                     sync->twin_server_version, error))
      return FALSE;
  }
  if (!insert_audit(self, CT_STORE_AUDIT_SYNC, *key, version > 0 ? version : latest, error))
    return FALSE;
  /* The last moment a cancellation can still leave everything as it was. */
  return !g_cancellable_set_error_if_cancelled(cancellable, error);
}

gboolean ct_store_sync_patient(CtStore *self, const CtStoreSync *sync, gint64 *patient_key,
                               GCancellable *cancellable, GError **error)
{
  g_autoptr(CtTwin) twin = NULL;
  gint64 key = 0;

  g_return_val_if_fail(CT_IS_STORE(self), FALSE);
  g_return_val_if_fail(sync != NULL && sync->source != NULL && sync->server_id != NULL &&
                           sync->display_name != NULL,
                       FALSE);

  /* Refused before anything is written. */
  if (!check_writable(self, error))
    return FALSE;
  if (sync->twin_json != NULL) {
    g_autoptr(GError) local = NULL;

    twin = load_twin_text(sync->twin_json, &local);
    if (twin == NULL && g_error_matches(local, CT_STORE_ERROR, CT_STORE_ERROR_NEWER_FORMAT)) {
      g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NEWER_FORMAT,
                  _("The platform’s twin of this patient was written by a newer CardioTwin: "
                    "update CardioTwin to import it. Nothing was changed in the local cache."));
      return FALSE;
    }
    if (twin == NULL) {
      g_propagate_error(error, g_steal_pointer(&local));
      return FALSE;
    }
  }
  if (g_cancellable_set_error_if_cancelled(cancellable, error) ||
      !exec(self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!sync_in_transaction(self, sync, twin, &key, cancellable, error) ||
      !exec(self, "COMMIT", error)) {
    rollback(self);
    return FALSE;
  }
  if (patient_key != NULL)
    *patient_key = key;
  return TRUE;
}

/* ------------------------------------------------------------------ demos, scenarios */

/* Whether the demo @bundled (as this program ships it) is a later revision than the patient's
 * newest stored demo @stored (its document): its provenance names a later instant. Compared as
 * instants, not as text: a date-time with another offset than UTC's, or a date beside a date-time
 * of the same day (a date is the start of its day), would sort wrongly as text. A stored document
 * this build cannot read (a newer CardioTwin's) is never replaced. */
static gboolean demo_is_newer(CtTwin *bundled, const char *stored)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static(stored, strlen(stored));
  g_autoptr(CtTwin) twin = ct_twin_new_from_bytes(bytes, NULL);
  g_autoptr(GDateTime) bundled_created = NULL;
  g_autoptr(GDateTime) stored_created = NULL;

  if (twin == NULL)
    return FALSE;
  bundled_created = ct_twin_get_created_time(bundled);
  stored_created = ct_twin_get_created_time(twin);
  return g_date_time_compare(bundled_created, stored_created) > 0;
}

gboolean ct_store_seed_demos(CtStore *self, guint *n_added, GError **error)
{
  g_auto(GStrv) demos = ct_twin_list_demos();
  guint added = 0;

  g_return_val_if_fail(CT_IS_STORE(self), FALSE);
  if (!check_writable(self, error) || !exec(self, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (guint i = 0; demos[i] != NULL; i++) {
    g_autoptr(CtTwin) twin = ct_twin_new_from_demo(demos[i], NULL);
    g_autoptr(GBytes) bytes = NULL;
    g_autofree char *document = NULL;
    g_autofree char *stored = NULL;
    gint64 key = 0;
    int latest = 0, latest_demo = 0;

    /* The demos are part of the program and load (tests/test-twin.c). */
    g_assert(twin != NULL);
    bytes = ct_twin_to_bytes(twin);
    document = g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
    if (!upsert_patient(self, "demo", demos[i], ct_twin_get_pseudonym(twin), NULL, &key, error) ||
        !latest_twin(self, key, &latest, NULL, NULL, error) ||
        !latest_twin_of(self, key, "demo", &latest_demo, &stored, NULL, error)) {
      rollback(self);
      return FALSE;
    }
    /* A demo this program ships as a later revision than the cache holds (the demo set was
     * recalibrated, or gained a parameter, and its provenance date moved on) becomes the demo's
     * next version, so that the application and cardiotwin-sim simulate the same demo patient;
     * unless the clinician has made a version of their own since (a recalibration), which stays
     * the newest. An earlier build started after a later one adds nothing: its revision is not
     * later, or it cannot read the later document. */
    if (latest > 0 && (latest != latest_demo || !demo_is_newer(twin, stored)))
      continue;
    if (!insert_twin(self, key, latest + 1, ct_twin_get_id(twin), document, "demo", NULL, error)) {
      rollback(self);
      return FALSE;
    }
    added++;
  }
  if (!exec(self, "COMMIT", error)) {
    rollback(self);
    return FALSE;
  }
  if (n_added != NULL)
    *n_added = added;
  return TRUE;
}

void ct_store_scenario_free(CtStoreScenario *scenario)
{
  if (scenario == NULL)
    return;
  g_free(scenario->name);
  g_free(scenario->updated_at);
  g_free(scenario->document);
  g_free(scenario);
}

/* The same limit as the document's own name (docs/scenario-format.md). */
#define MAX_SCENARIO_NAME_CHARS 200

/* The explicit directional formatting characters (Unicode Standard Annex #9, section 2: the
 * embeddings and overrides U+202A-U+202E, the isolates U+2066-U+2069): in a plan's name they would
 * reorder what follows it in the list, the report and the audit log, so that a name could show as
 * another (CVE-2021-42574, "Trojan Source"). The marks (U+200E, U+200F, U+061C) only set the
 * direction of neutral characters next to them and stay allowed, as do ZWJ and ZWNJ, which some
 * scripts need. */
static gboolean is_bidi_control(gunichar u)
{
  return (u >= 0x202A && u <= 0x202E) || (u >= 0x2066 && u <= 0x2069);
}

char *ct_store_normalize_scenario_name(const char *name, GError **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *normal = NULL;

  if (name == NULL || !g_utf8_validate(name, -1, NULL)) {
    g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_INVALID, _("A plan needs a name"));
    return NULL;
  }
  trimmed = g_strstrip(g_strdup(name));
  normal = g_utf8_normalize(trimmed, -1, G_NORMALIZE_NFC);
  if (normal == NULL || *normal == '\0') {
    g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_INVALID, _("A plan needs a name"));
    return NULL;
  }
  if (g_utf8_strlen(normal, -1) > MAX_SCENARIO_NAME_CHARS) {
    g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_INVALID,
                _("A plan’s name can have at most %d characters"), MAX_SCENARIO_NAME_CHARS);
    return NULL;
  }
  for (const char *c = normal; *c != '\0'; c = g_utf8_next_char(c)) {
    gunichar u = g_utf8_get_char(c);
    GUnicodeType type = g_unichar_type(u);

    if (g_unichar_iscntrl(u) || type == G_UNICODE_LINE_SEPARATOR ||
        type == G_UNICODE_PARAGRAPH_SEPARATOR) {
      g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_INVALID,
                  _("A plan’s name must be one line of text"));
      return NULL;
    }
    if (is_bidi_control(u)) {
      g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_INVALID,
                  _("A plan’s name cannot contain characters that reorder the text around them"));
      return NULL;
    }
  }
  return g_steal_pointer(&normal);
}

static CtDrugLibrary *drug_library(CtStore *self, GError **error)
{
  /* The library is part of the program (a GResource checked by the tests). */
  if (self->drugs == NULL)
    self->drugs = ct_drug_library_new_default(error);
  return self->drugs;
}

/* @text as a scenario named @name, or CT_STORE_ERROR_INVALID (@code) saying why not. */
static CtScenario *load_scenario_text(CtStore *self, const char *text, const char *name, int code,
                                      GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GBytes) bytes = NULL;
  CtDrugLibrary *drugs = drug_library(self, error);
  CtScenario *scenario;

  if (drugs == NULL)
    return NULL;
  bytes = g_bytes_new(text, strlen(text));
  scenario = ct_scenario_new_from_bytes(bytes, drugs, &local);
  if (scenario == NULL) {
    /* A plan a newer CardioTwin saved in the same cache is not damaged: it stays, as it is. */
    if (code == CT_STORE_ERROR_CORRUPT &&
        g_error_matches(local, CT_TWIN_ERROR, CT_TWIN_ERROR_NEWER_VERSION))
      g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NEWER_FORMAT,
                  _("The plan “%s” was written by a newer CardioTwin: update CardioTwin to use "
                    "it. It is kept unchanged in the local cache."),
                  name);
    else if (code == CT_STORE_ERROR_CORRUPT)
      g_set_error(error, CT_STORE_ERROR, code,
                  _("The plan “%s” is damaged in the local cache and cannot be used: %s"), name,
                  local->message);
    else
      g_set_error(error, CT_STORE_ERROR, code, _("The plan “%s” was not saved: %s"), name,
                  local->message);
  }
  return scenario;
}

static char *scenario_document(CtScenario *scenario)
{
  g_autoptr(GBytes) bytes = ct_scenario_to_bytes(scenario);

  return g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
}

/* The plan's document, or CT_STORE_ERROR_NOT_FOUND. */
static char *scenario_text(CtStore *self, gint64 patient_key, const char *name, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt =
      prepare(self, "SELECT document FROM scenarios WHERE patient_id = ? AND name = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64(stmt, 1, patient_key);
  sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
  rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW)
    return g_strdup((const char *)sqlite3_column_text(stmt, 0));
  if (rc == SQLITE_DONE)
    g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NOT_FOUND,
                _("The patient has no plan named “%s”"), name);
  else
    fail_sqlite(self->db, rc, error);
  return NULL;
}

/* Whether the patient has a plan @name; FALSE with @error set when the query failed. */
static gboolean scenario_exists(CtStore *self, gint64 patient_key, const char *name,
                                gboolean *exists, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *text = scenario_text(self, patient_key, name, &local);

  *exists = text != NULL;
  if (text == NULL && !g_error_matches(local, CT_STORE_ERROR, CT_STORE_ERROR_NOT_FOUND)) {
    g_propagate_error(error, g_steal_pointer(&local));
    return FALSE;
  }
  return TRUE;
}

static gboolean name_is_free(CtStore *self, gint64 patient_key, const char *name, GError **error)
{
  gboolean exists = FALSE;

  if (!scenario_exists(self, patient_key, name, &exists, error))
    return FALSE;
  if (exists) {
    g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_EXISTS,
                _("The patient already has a plan named “%s”"), name);
    return FALSE;
  }
  return TRUE;
}

static gboolean step_done(CtStore *self, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step(stmt);

  return rc == SQLITE_DONE || fail_sqlite(self->db, rc, error);
}

gboolean ct_store_save_scenario(CtStore *self, gint64 patient_key, const char *name,
                                const char *scenario_json, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(CtScenario) scenario = NULL;
  g_autofree char *now = now_iso8601();
  g_autofree char *normal = NULL;
  g_autofree char *document = NULL;

  g_return_val_if_fail(CT_IS_STORE(self), FALSE);
  g_return_val_if_fail(scenario_json != NULL, FALSE);

  /* Refused before anything is written. */
  if (!check_writable(self, error))
    return FALSE;
  normal = ct_store_normalize_scenario_name(name, error);
  if (normal == NULL)
    return FALSE;
  scenario = load_scenario_text(self, scenario_json, normal, CT_STORE_ERROR_INVALID, error);
  if (scenario == NULL)
    return FALSE;
  ct_scenario_set_name(scenario, normal);
  document = scenario_document(scenario);

  if (!exec(self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!patient_exists(self, patient_key, NULL, error) ||
      !name_is_free(self, patient_key, normal, error)) {
    rollback(self);
    return FALSE;
  }
  stmt = prepare(self,
                 "INSERT INTO scenarios (patient_id, name, document, created_at, updated_at) "
                 "VALUES (?, ?, ?, ?, ?)",
                 error);
  if (stmt == NULL) {
    rollback(self);
    return FALSE;
  }
  sqlite3_bind_int64(stmt, 1, patient_key);
  sqlite3_bind_text(stmt, 2, normal, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 3, document, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 4, now, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 5, now, -1, SQLITE_STATIC);
  if (!step_done(self, stmt, error)) {
    rollback(self);
    return FALSE;
  }
  g_clear_pointer(&stmt, sqlite3_finalize);
  if (!insert_audit(self, CT_STORE_AUDIT_SAVE_SCENARIO, patient_key, 0, error) ||
      !exec(self, "COMMIT", error)) {
    rollback(self);
    return FALSE;
  }
  return TRUE;
}

GPtrArray *ct_store_list_scenarios(CtStore *self, gint64 patient_key, GError **error)
{
  g_autoptr(GPtrArray) scenarios =
      g_ptr_array_new_with_free_func((GDestroyNotify)ct_store_scenario_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail(CT_IS_STORE(self), NULL);
  if (!patient_exists(self, patient_key, NULL, error))
    return NULL;
  stmt = prepare(self,
                 "SELECT name, updated_at, document FROM scenarios WHERE patient_id = ? "
                 "ORDER BY name COLLATE NOCASE, name",
                 error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64(stmt, 1, patient_key);
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    CtStoreScenario *scenario = g_new0(CtStoreScenario, 1);

    scenario->name = g_strdup((const char *)sqlite3_column_text(stmt, 0));
    scenario->updated_at = g_strdup((const char *)sqlite3_column_text(stmt, 1));
    scenario->document = g_strdup((const char *)sqlite3_column_text(stmt, 2));
    g_ptr_array_add(scenarios, scenario);
  }
  if (rc != SQLITE_DONE) {
    fail_sqlite(self->db, rc, error);
    return NULL;
  }
  return g_steal_pointer(&scenarios);
}

CtScenario *ct_store_load_scenario(CtStore *self, gint64 patient_key, const char *name,
                                   GError **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail(CT_IS_STORE(self), NULL);
  g_return_val_if_fail(name != NULL, NULL);
  if (!patient_exists(self, patient_key, NULL, error))
    return NULL;
  text = scenario_text(self, patient_key, name, error);
  if (text == NULL)
    return NULL;
  return load_scenario_text(self, text, name, CT_STORE_ERROR_CORRUPT, error);
}

gboolean ct_store_delete_scenario(CtStore *self, gint64 patient_key, const char *name,
                                  GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail(CT_IS_STORE(self), FALSE);
  g_return_val_if_fail(name != NULL, FALSE);
  if (!check_writable(self, error) || !patient_exists(self, patient_key, NULL, error))
    return FALSE;
  stmt = prepare(self, "DELETE FROM scenarios WHERE patient_id = ? AND name = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64(stmt, 1, patient_key);
  sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
  if (!step_done(self, stmt, error))
    return FALSE;
  if (sqlite3_changes(self->db) == 0) {
    g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NOT_FOUND,
                _("The patient has no plan named “%s”"), name);
    return FALSE;
  }
  return TRUE;
}

gboolean ct_store_rename_scenario(CtStore *self, gint64 patient_key, const char *name,
                                  const char *new_name, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(CtScenario) scenario = NULL;
  g_autofree char *now = now_iso8601();
  g_autofree char *normal = NULL;
  g_autofree char *text = NULL;
  g_autofree char *document = NULL;

  g_return_val_if_fail(CT_IS_STORE(self), FALSE);
  g_return_val_if_fail(name != NULL, FALSE);
  if (!check_writable(self, error))
    return FALSE;
  normal = ct_store_normalize_scenario_name(new_name, error);
  if (normal == NULL)
    return FALSE;
  if (!exec(self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!patient_exists(self, patient_key, NULL, error) ||
      (text = scenario_text(self, patient_key, name, error)) == NULL ||
      (scenario = load_scenario_text(self, text, name, CT_STORE_ERROR_CORRUPT, error)) == NULL ||
      (g_strcmp0(name, normal) != 0 && !name_is_free(self, patient_key, normal, error))) {
    rollback(self);
    return FALSE;
  }
  ct_scenario_set_name(scenario, normal);
  document = scenario_document(scenario);
  stmt = prepare(self,
                 "UPDATE scenarios SET name = ?, document = ?, updated_at = ? "
                 "WHERE patient_id = ? AND name = ?",
                 error);
  if (stmt == NULL) {
    rollback(self);
    return FALSE;
  }
  sqlite3_bind_text(stmt, 1, normal, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 2, document, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 3, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64(stmt, 4, patient_key);
  sqlite3_bind_text(stmt, 5, name, -1, SQLITE_STATIC);
  if (!step_done(self, stmt, error) || !exec(self, "COMMIT", error)) {
    rollback(self);
    return FALSE;
  }
  return TRUE;
}

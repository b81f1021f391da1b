/* test-store.c — the local cache: private file, schema migrations from every earlier version,
 * refusal of damaged and newer caches without touching them, atomic syncs (also when the process
 * is killed in the middle), demo seeding, audit log; and its faults: a full disk, a read-only
 * cache, a damaged file read as far as it goes and rebuilt, twins and plans from a newer
 * CardioTwin.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ct-full-disk-vfs.h"
#include "ct-store-private.h"
#include "ct-store-test-util.h"
#include "ct-store.h"
#include "ct-test-util.h"

static char *tmp_dir;

static char *fresh_path(const char *name)
{
  static int counter;

  return g_strdup_printf("%s/%d/%s", tmp_dir, ++counter, name);
}

static char *file_contents(const char *path, gsize *length)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents(path, &text, length, &error);
  g_assert_no_error(error);
  return text;
}

/* The demo twin "normal" as text, with its id replaced (a distinct document per generation). */
static char *twin_text(const char *id)
{
  g_autoptr(CtTwin) twin = ct_twin_new_from_demo("normal", NULL);
  g_autoptr(GBytes) bytes = ct_twin_to_bytes(twin);
  g_autofree char *text = g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
  g_auto(GStrv) parts = g_strsplit(text, "\"demo-normal\"", 2);
  g_autofree char *quoted = g_strdup_printf("\"%s\"", id);

  g_assert_cmpuint(g_strv_length(parts), ==, 2);
  return g_strjoinv(quoted, parts);
}

static int pragma_int(const char *path, const char *pragma)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *sql = g_strdup_printf("PRAGMA %s", pragma);
  int value;

  g_assert_cmpint(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

static void test_open_private(void)
{
  g_autofree char *path = fresh_path("cardiotwin/cache.sqlite");
  g_autofree char *dir = g_path_get_dirname(path);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStore) store = ct_store_open(path, "tester", &error);
  g_autofree char *wal = g_strconcat(path, "-wal", NULL);
  struct stat st;

  g_assert_no_error(error);
  g_assert_cmpint(g_stat(path, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0600);
  g_assert_cmpint(g_stat(dir, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0700);
  g_assert_true(g_file_test(wal, G_FILE_TEST_EXISTS));
  g_assert_cmpint(g_stat(wal, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0600);
  g_assert_cmpint(pragma_int(path, "user_version"), ==, CT_STORE_SCHEMA_VERSION);
  g_clear_object(&store);

  /* A file left readable by others (an old copy) is made private again. */
  g_assert_cmpint(g_chmod(path, 0644), ==, 0);
  store = ct_store_open(path, "tester", &error);
  g_assert_no_error(error);
  g_assert_cmpint(g_stat(path, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0600);
}

static void test_seed_and_open(void)
{
  g_autofree char *path = fresh_path("cache.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStore) store = ct_store_open(path, "dr-test", &error);
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(CtStorePatient) normal = NULL;
  g_autoptr(CtTwin) twin = NULL;
  g_auto(GStrv) audit = NULL;
  guint added = 99;
  int version = 0;

  g_assert_no_error(error);
  g_assert_true(ct_store_seed_demos(store, &added, &error));
  g_assert_cmpuint(added, ==, 4);
  /* Idempotent: the second start adds nothing. */
  g_assert_true(ct_store_seed_demos(store, &added, &error));
  g_assert_cmpuint(added, ==, 0);

  patients = ct_store_search_patients(store, NULL, 0, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(patients->len, ==, 4);
  g_clear_pointer(&patients, g_ptr_array_unref);
  patients = ct_store_search_patients(store, "scar", 10, &error);
  g_assert_cmpuint(patients->len, ==, 1);
  g_clear_pointer(&patients, g_ptr_array_unref);
  /* The user's text is literal: "%" matches nothing here. */
  patients = ct_store_search_patients(store, "%", 10, &error);
  g_assert_cmpuint(patients->len, ==, 0);

  normal = ct_store_find_patient(store, "demo", "normal", &error);
  g_assert_no_error(error);
  g_assert_cmpint(normal->n_twin_versions, ==, 1);
  twin = ct_store_open_twin(store, normal->key, &version, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(ct_twin_get_id(twin), ==, "demo-normal");
  g_assert_cmpint(version, ==, 1);

  audit = ct_store_audit_lines(store, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(g_strv_length(audit), ==, 1);
  /* time user action patient-key version: no value, no identifier. */
  {
    g_auto(GStrv) fields = g_strsplit(audit[0], " ", -1);
    g_autofree char *key = g_strdup_printf("%" G_GINT64_FORMAT, normal->key);

    g_assert_cmpuint(g_strv_length(fields), ==, 5);
    g_assert_cmpstr(fields[1], ==, "dr-test");
    g_assert_cmpstr(fields[2], ==, "open");
    g_assert_cmpstr(fields[3], ==, key);
    g_assert_cmpstr(fields[4], ==, "1");
  }

  g_assert_null(ct_store_find_patient(store, "demo", "no-such", &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NOT_FOUND);
}

/* Writes @document over every demo version of the patient, as an earlier or later build would
 * have stored it. */
static void replace_stored_demo(const char *path, gint64 patient_key, const char *document)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint(sqlite3_open(path, &db), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_prepare_v2(db,
                                     "UPDATE twins SET document = ?1 WHERE patient_id = ?2 AND "
                                     "provenance = 'demo'",
                                     -1, &stmt, NULL),
                  ==, SQLITE_OK);
  sqlite3_bind_text(stmt, 1, document, -1, SQLITE_STATIC);
  sqlite3_bind_int64(stmt, 2, patient_key);
  g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_DONE);
  g_assert_cmpint(sqlite3_changes(db), >=, 1);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

/* The cache seeded by an earlier build whose demo documents are an earlier revision (here: an
 * earlier date, without the cardiopulmonary reflex's set point): the next start adds each as its
 * demo's next version, so the application simulates the demo that cardiotwin-sim does; a demo the
 * clinician has recalibrated since keeps the recalibration as its newest; the next start writes
 * nothing more; nor does a start after a later build's revision or over a document this build
 * cannot read. */
static void test_demo_updated(void)
{
  g_autofree char *path = fresh_path("cache.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStore) store = ct_store_open(path, "dr-test", &error);
  g_autoptr(CtStorePatient) normal = NULL;
  g_autoptr(CtStorePatient) lbbb = NULL;
  g_autoptr(CtTwin) lbbb_twin = ct_twin_new_from_demo("hfref-lbbb", NULL);
  g_autoptr(CtTwin) opened = NULL;
  guint added = 0;
  int version = 0;
  sqlite3 *db = NULL;

  g_assert_no_error(error);
  g_assert_true(ct_store_seed_demos(store, &added, &error));
  g_assert_cmpuint(added, ==, 4);
  normal = ct_store_find_patient(store, "demo", "normal", &error);
  lbbb = ct_store_find_patient(store, "demo", "hfref-lbbb", &error);
  g_assert_no_error(error);
  g_assert_true(ct_store_save_twin(store, lbbb->key, lbbb_twin, "fitted", &version, &error));
  g_assert_cmpint(version, ==, 2);

  /* What the earlier build stored: the documents without the set point. */
  for (int i = 0; i < 2; i++) {
    gint64 key = i == 0 ? normal->key : lbbb->key;
    g_autoptr(CtTwin) twin = ct_twin_new_from_demo(i == 0 ? "normal" : "hfref-lbbb", NULL);
    g_autoptr(GBytes) bytes = ct_twin_to_bytes(twin);
    g_autofree char *current = g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
    g_autofree char *without =
        ct_test_mutate(current, "parameters.cardiopulmonary_set_point_mmhg", NULL);
    g_autofree char *earlier = ct_test_mutate(without, "provenance.created", "\"2026-11-25\"");

    replace_stored_demo(path, key, earlier);
  }
  opened = ct_store_open_twin(store, normal->key, &version, &error);
  g_assert_no_error(error);
  g_assert_cmpfloat(ct_twin_get_params(opened)->cardiopulmonary_reflex_gain_scale, ==, 0.0);
  g_clear_object(&opened);

  g_assert_true(ct_store_seed_demos(store, &added, &error));
  g_assert_cmpuint(added, ==, 1);
  opened = ct_store_open_twin(store, normal->key, &version, &error);
  g_assert_no_error(error);
  g_assert_cmpint(version, ==, 2);
  g_assert_cmpfloat(ct_twin_get_params(opened)->cardiopulmonary_set_point_mmhg, ==, 2.68);
  g_assert_cmpfloat(ct_twin_get_params(opened)->cardiopulmonary_reflex_gain_scale, ==, 1.0);
  g_clear_object(&opened);
  /* The recalibrated patient: its fitted version stays the newest. */
  opened = ct_store_open_twin(store, lbbb->key, &version, &error);
  g_assert_no_error(error);
  g_assert_cmpint(version, ==, 2);

  g_assert_true(ct_store_seed_demos(store, &added, &error));
  g_assert_cmpuint(added, ==, 0);

  /* A later build's revision at the top (a later date): this build, started after it, adds
   * nothing; nor over a document it cannot read (a newer CardioTwin's format). */
  g_assert_cmpint(sqlite3_open(path, &db), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_exec(db,
                               "UPDATE twins SET document = replace(document, '2026-11-26', "
                               "'2027-03-01') WHERE provenance = 'demo' AND version = 2; "
                               "UPDATE twins SET document = replace(document, 'cardiotwin/1', "
                               "'cardiotwin/2') WHERE provenance = 'demo' AND version = 1 AND "
                               "twin_id = 'demo-ischemic-scar'",
                               NULL, NULL, NULL),
                  ==, SQLITE_OK);
  sqlite3_close(db);
  g_assert_true(ct_store_seed_demos(store, &added, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(added, ==, 0);
}

/* Replaces the provenance date of the patient's stored demo documents with @created. */
static void set_stored_demo_created(const char *path, gint64 patient_key, const char *created)
{
  g_autoptr(CtTwin) twin = ct_twin_new_from_demo("normal", NULL);
  g_autoptr(GBytes) bytes = ct_twin_to_bytes(twin);
  g_autofree char *current = g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
  g_autofree char *quoted = g_strdup_printf("\"%s\"", created);
  g_autofree char *document = ct_test_mutate(current, "provenance.created", quoted);

  replace_stored_demo(path, patient_key, document);
}

/* Revisions are ordered by the instant their provenance names, whatever the offset it is written
 * with: a stored revision two hours after the bundled one, written five hours behind UTC (whose
 * text sorts before the bundled one's), is later, and nothing is added; one two hours before it,
 * written five hours ahead (whose text sorts after), is earlier, and the bundled demo is added. A
 * date is the start of its day: the day before the bundled revision is earlier. */
static void test_demo_revision_instants(void)
{
  g_autofree char *path = fresh_path("cache.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStore) store = ct_store_open(path, "dr-test", &error);
  g_autoptr(CtTwin) bundled = ct_twin_new_from_demo("normal", NULL);
  g_autoptr(GDateTime) created = ct_twin_get_created_time(bundled);
  g_autoptr(GTimeZone) behind = g_time_zone_new_offset(-5 * 3600);
  g_autoptr(GTimeZone) ahead = g_time_zone_new_offset(5 * 3600);
  g_autoptr(GDateTime) later_utc = g_date_time_add_hours(created, 2);
  g_autoptr(GDateTime) earlier_utc = g_date_time_add_hours(created, -2);
  g_autoptr(GDateTime) later = g_date_time_to_timezone(later_utc, behind);
  g_autoptr(GDateTime) earlier = g_date_time_to_timezone(earlier_utc, ahead);
  g_autoptr(GDateTime) day_before = g_date_time_add_days(created, -1);
  g_autofree char *later_text = g_date_time_format_iso8601(later);
  g_autofree char *earlier_text = g_date_time_format_iso8601(earlier);
  g_autofree char *day_before_text = g_date_time_format(day_before, "%Y-%m-%d");
  g_autoptr(CtStorePatient) normal = NULL;
  g_autoptr(CtTwin) opened = NULL;
  guint added = 0;
  int version = 0;

  g_assert_no_error(error);
  g_assert_nonnull(created);
  g_assert_true(ct_store_seed_demos(store, &added, &error));
  g_assert_cmpuint(added, ==, 4);
  normal = ct_store_find_patient(store, "demo", "normal", &error);
  g_assert_no_error(error);

  set_stored_demo_created(path, normal->key, later_text);
  g_assert_true(ct_store_seed_demos(store, &added, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(added, ==, 0);

  set_stored_demo_created(path, normal->key, earlier_text);
  g_assert_true(ct_store_seed_demos(store, &added, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(added, ==, 1);
  opened = ct_store_open_twin(store, normal->key, &version, &error);
  g_assert_no_error(error);
  g_assert_cmpint(version, ==, 2);
  g_assert_cmpstr(ct_twin_get_created(opened), ==, ct_twin_get_created(bundled));

  set_stored_demo_created(path, normal->key, day_before_text);
  g_assert_true(ct_store_seed_demos(store, &added, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(added, ==, 1);
}

/* Every earlier schema, with data in it, is brought up to date and keeps its data. */
static void test_migrations(void)
{
  for (int from = 0; from < CT_STORE_SCHEMA_VERSION; from++) {
    g_autofree char *path = fresh_path("old.sqlite");
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *doc = twin_text("kept-twin");
    g_autoptr(GError) error = NULL;
    g_autoptr(CtStore) store = NULL;
    g_autoptr(CtStorePatient) patient = NULL;
    g_autoptr(CtTwin) twin = NULL;
    sqlite3 *db = NULL;

    g_test_message("from schema %d", from);
    g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
    g_assert_cmpint(sqlite3_open(path, &db), ==, SQLITE_OK);
    g_assert_cmpint(ct_store_private_migrate(db, 0, from), ==, SQLITE_OK);
    if (from >= 1) {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint(sqlite3_exec(db,
                                   "INSERT INTO patients (id, source, server_id, display_name, "
                                   "updated_at) VALUES (7, 'https://h.example/fhir', 'p7', "
                                   "'Kept Patient', '2026-01-01T00:00:00Z')",
                                   NULL, NULL, NULL),
                      ==, SQLITE_OK);
      g_assert_cmpint(sqlite3_prepare_v2(db,
                                         "INSERT INTO twins (patient_id, version, twin_id, "
                                         "document, provenance, created_at) VALUES (7, 1, "
                                         "'kept-twin', ?, 'platform', '2026-01-01T00:00:00Z')",
                                         -1, &stmt, NULL),
                      ==, SQLITE_OK);
      sqlite3_bind_text(stmt, 1, doc, -1, SQLITE_STATIC);
      g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_DONE);
      sqlite3_finalize(stmt);
    }
    if (from >= 2)
      /* Schema 2 let a name be saved twice: all plans are kept. A plan already named "Plan (2)"
       * makes the second "Plan" take the next free number, not a name that collides. */
      g_assert_cmpint(
          sqlite3_exec(db,
                       "INSERT INTO scenarios (patient_id, name, document, created_at) VALUES "
                       "(7, 'Plan (2)', '{\"format\": \"cardiotwin-scenario/1\"}', "
                       "'2025-12-31T00:00:00Z'), "
                       "(7, 'Plan', '{\"format\": \"cardiotwin-scenario/1\"}', "
                       "'2026-01-01T00:00:00Z'), (7, 'Plan', '{\"format\": "
                       "\"cardiotwin-scenario/1\", \"baroreflex\": false}', "
                       "'2026-01-02T00:00:00Z')",
                       NULL, NULL, NULL),
          ==, SQLITE_OK);
    sqlite3_close(db);

    store = ct_store_open(path, "tester", &error);
    g_assert_no_error(error);
    g_assert_cmpint(pragma_int(path, "user_version"), ==, CT_STORE_SCHEMA_VERSION);
    if (from >= 1) {
      patient = ct_store_find_patient(store, "https://h.example/fhir", "p7", &error);
      g_assert_no_error(error);
      twin = ct_store_open_twin(store, patient->key, NULL, &error);
      g_assert_no_error(error);
      g_assert_cmpstr(ct_twin_get_id(twin), ==, "kept-twin");
    }
    if (from >= 2) {
      g_autoptr(GPtrArray) plans = ct_store_list_scenarios(store, patient->key, &error);

      g_assert_no_error(error);
      g_assert_cmpuint(plans->len, ==, 3);
      g_assert_cmpstr(((CtStoreScenario *)plans->pdata[0])->name, ==, "Plan");
      g_assert_cmpstr(((CtStoreScenario *)plans->pdata[1])->name, ==, "Plan (2)");
      g_assert_cmpstr(((CtStoreScenario *)plans->pdata[2])->name, ==, "Plan (3)");
      g_assert_cmpstr(((CtStoreScenario *)plans->pdata[0])->updated_at, ==, "2026-01-01T00:00:00Z");
    }
    /* Every table of the current schema works. */
    g_assert_true(ct_store_seed_demos(store, NULL, &error));
    g_assert_no_error(error);
  }
}

static void assert_refused_untouched(const char *path, int code)
{
  gsize before_length = 0, after_length = 0;
  g_autofree char *before = file_contents(path, &before_length);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStore) store = ct_store_open(path, "tester", &error);

  g_assert_null(store);
  g_assert_error(error, CT_STORE_ERROR, code);
  g_test_message("%s", error->message);
  after = file_contents(path, &after_length);
  g_assert_cmpmem(before, before_length, after, after_length);
}

static void test_refused(void)
{
  g_autofree char *text_file = fresh_path("notes.txt");
  g_autofree char *dir = g_path_get_dirname(text_file);
  g_autofree char *newer = g_build_filename(dir, "newer.sqlite", NULL);
  g_autofree char *truncated = g_build_filename(dir, "truncated.sqlite", NULL);
  g_autofree char *blocked = g_build_filename(dir, "file", "cache.sqlite", NULL);
  g_autofree char *blocker = g_build_filename(dir, "file", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStore) store = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
  /* Not a database at all. */
  g_file_set_contents(text_file, "Not a database, but a clinician's notes. Keep me.\n", -1, &error);
  g_assert_no_error(error);
  assert_refused_untouched(text_file, CT_STORE_ERROR_CORRUPT);

  /* A cache from a newer CardioTwin. */
  g_assert_cmpint(sqlite3_open(newer, &db), ==, SQLITE_OK);
  g_assert_cmpint(
      sqlite3_exec(db, "CREATE TABLE future (x); PRAGMA user_version = 99", NULL, NULL, NULL), ==,
      SQLITE_OK);
  sqlite3_close(db);
  assert_refused_untouched(newer, CT_STORE_ERROR_NEWER_SCHEMA);

  /* A cache cut in half (a copy interrupted). */
  store = ct_store_open(truncated, "tester", &error);
  g_assert_no_error(error);
  g_assert_true(ct_store_seed_demos(store, NULL, &error));
  g_clear_object(&store);
  {
    gsize length = 0;
    g_autofree char *whole = file_contents(truncated, &length);

    g_assert_cmpuint(length, >, 8192);
    g_file_set_contents(truncated, whole, (gssize)(length / 2), &error);
    g_assert_no_error(error);
  }
  assert_refused_untouched(truncated, CT_STORE_ERROR_CORRUPT);

  /* A folder that cannot be made. */
  g_file_set_contents(blocker, "", -1, &error);
  g_assert_no_error(error);
  store = ct_store_open(blocked, "tester", &error);
  g_assert_null(store);
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_OPEN);
}

static CtStoreObservation *make_observations(guint n, double value)
{
  CtStoreObservation *obs = g_new0(CtStoreObservation, n);

  for (guint i = 0; i < n; i++) {
    obs[i].server_id = g_strdup_printf("obs-%u", i);
    obs[i].loinc = i % 2 ? "8867-4" : "10230-1";
    obs[i].value = value;
    obs[i].unit = i % 2 ? "/min" : "%";
    obs[i].effective = "2026-10-01T08:00:00Z";
  }
  return obs;
}

static void free_observations(CtStoreObservation *obs, guint n)
{
  for (guint i = 0; i < n; i++)
    g_free((char *)obs[i].server_id);
  g_free(obs);
}

static void fill_sync(CtStoreSync *sync, const CtStoreObservation *obs, guint n,
                      const char *twin_json, const char *server_version)
{
  memset(sync, 0, sizeof *sync);
  sync->source = "https://h.example/fhir";
  sync->server_id = "p1";
  sync->display_name = "Synthetic Patient One";
  sync->patient_json = "{\"resourceType\": \"Patient\", \"id\": \"p1\"}";
  sync->observations = obs;
  sync->n_observations = n;
  sync->twin_json = twin_json;
  sync->twin_server_version = server_version;
}

static void test_sync(void)
{
  g_autofree char *path = fresh_path("sync.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStore) store = ct_store_open(path, "tester", &error);
  g_autoptr(CtStorePatient) patient = NULL;
  g_autoptr(CtTwin) twin = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new();
  g_autofree char *first = twin_text("platform-twin");
  g_autofree char *second = twin_text("platform-twin-2");
  CtStoreObservation *obs = make_observations(20, 1.0);
  CtStoreObservation *more = make_observations(30, 2.0);
  CtStoreSync sync;
  gint64 key = 0;
  int version = 0;

  fill_sync(&sync, obs, 20, first, "1");
  g_assert_true(ct_store_sync_patient(store, &sync, &key, NULL, &error));
  g_assert_no_error(error);
  g_assert_cmpint(ct_store_count_observations(store, key, NULL), ==, 20);
  /* The same document again: no new version. */
  g_assert_true(ct_store_sync_patient(store, &sync, NULL, NULL, &error));
  patient = ct_store_find_patient(store, sync.source, sync.server_id, &error);
  g_assert_cmpint(patient->n_twin_versions, ==, 1);
  g_clear_pointer(&patient, ct_store_patient_free);

  /* A twin that does not load: refused, nothing changed. */
  fill_sync(&sync, more, 30, "{\"format\": \"cardiotwin/1\", \"id\": \"x\"}", "2");
  g_assert_false(ct_store_sync_patient(store, &sync, NULL, NULL, &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_INVALID);
  g_clear_error(&error);
  g_assert_cmpint(ct_store_count_observations(store, key, NULL), ==, 20);

  /* Cancelled: nothing changed. */
  g_cancellable_cancel(cancelled);
  fill_sync(&sync, more, 30, second, "2");
  g_assert_false(ct_store_sync_patient(store, &sync, NULL, cancelled, &error));
  g_assert_error(error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error(&error);
  g_assert_cmpint(ct_store_count_observations(store, key, NULL), ==, 20);
  twin = ct_store_open_twin(store, key, &version, &error);
  g_assert_cmpstr(ct_twin_get_id(twin), ==, "platform-twin");
  g_assert_cmpint(version, ==, 1);
  g_clear_object(&twin);

  /* A new version from the platform: all observations replaced, twin version 2, version 1 kept. */
  g_assert_true(ct_store_sync_patient(store, &sync, NULL, NULL, &error));
  g_assert_no_error(error);
  g_assert_cmpint(ct_store_count_observations(store, key, NULL), ==, 30);
  twin = ct_store_open_twin(store, key, &version, &error);
  g_assert_cmpstr(ct_twin_get_id(twin), ==, "platform-twin-2");
  g_assert_cmpint(version, ==, 2);

  /* A fitted twin is a version too, and an audit entry. */
  g_assert_true(ct_store_save_twin(store, key, twin, "fitted", &version, &error));
  g_assert_cmpint(version, ==, 3);
  /* The platform's twin unchanged at the next sync: the clinician's fitted twin stays newest. */
  g_assert_true(ct_store_sync_patient(store, &sync, NULL, NULL, &error));
  g_assert_no_error(error);
  {
    g_autoptr(CtStorePatient) again =
        ct_store_find_patient(store, sync.source, sync.server_id, &error);
    g_assert_cmpint(again->n_twin_versions, ==, 3);
  }
  g_assert_true(ct_store_save_scenario(store, key, "CRT lateral",
                                       "{\"format\": \"cardiotwin-scenario/1\"}", &error));
  g_assert_no_error(error);
  {
    g_auto(GStrv) audit = ct_store_audit_lines(store, &error);
    g_autofree char *joined = g_strjoinv("\n", audit);

    g_assert_nonnull(strstr(joined, " sync "));
    g_assert_nonnull(strstr(joined, " fit "));
    g_assert_nonnull(strstr(joined, " save-scenario "));
    /* No clinical value, no identifier in the log. */
    g_assert_null(strstr(joined, "p1"));
    g_assert_null(strstr(joined, "Synthetic"));
  }
  free_observations(obs, 20);
  free_observations(more, 30);
}

/* --------------------------------------------------------- observations back out */

/* Home monitoring as a platform sends it: newest first, blood pressure as a panel's components,
 * one reading with its time zone's offset, a code the cache has no name for. */
static const CtStoreObservation home_readings[] = {
    {"w3", "29463-7", 81.4, "kg", "2026-10-03T06:45:00Z", NULL},
    {"bp3/8480-6", "8480-6", 15.6, "kPa", "2026-10-03T07:10:00Z", NULL},
    {"bp3/8462-4", "8462-4", 74, "mm[Hg]", "2026-10-03T07:10:00Z", NULL},
    {"hr3", "8867-4", 71, "/min", "2026-10-03T07:10:00Z", NULL},
    /* 08:30 in Amsterdam in summer time is 06:30 UTC: before w2 (06:45 UTC), whatever the text. */
    {"hr2", "8867-4", 75, "/min", "2026-10-02T08:30:00+02:00", NULL},
    {"w2", "29463-7", 80.9, "kg", "2026-10-02T06:45:00Z", NULL},
    {"glucose", "2339-0", 5.5, "mmol/L", "2026-10-02T07:00:00Z", NULL},
    {"w1", "29463-7", 178.2, "[lb_av]", "2026-10-01T06:45:00Z", NULL},
    {"ef", "10230-1", 27, "%", "2026-03-15", NULL},
};

static void test_list_observations(void)
{
  g_autofree char *path = fresh_path("observations.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStore) store = ct_store_open(path, "tester", &error);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) vitals = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autofree char *patient_json = NULL;
  static const char *const expected_order[] = {"ef", "w1",         "hr2",        "w2",
                                               "w3", "bp3/8480-6", "bp3/8462-4", "hr3"};
  static const char *const vital_names[] = {"hr_bpm", "weight_kg", NULL};
  static const char *const expected_vitals[] = {"w1", "hr2", "w2", "w3", "hr3"};
  static const char *const nothing_measured[] = {"lvedv_ml", NULL};
  CtStoreSync sync;
  gint64 key = 0, demo_key;
  guint n_added = 0;

  g_assert_no_error(error);
  fill_sync(&sync, home_readings, G_N_ELEMENTS(home_readings), NULL, NULL);
  g_assert_true(ct_store_sync_patient(store, &sync, &key, NULL, &error));
  g_assert_no_error(error);

  /* Every reading the cache can name, oldest first by the instant (the offset honoured), the
   * panel's components in the order received; the values and units as the platform sent them. */
  all = ct_store_list_observations(store, key, NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(all->len, ==, G_N_ELEMENTS(expected_order));
  for (guint i = 0; i < all->len; i++) {
    const CtStoreCachedObservation *o = all->pdata[i];

    g_assert_cmpstr(o->server_id, ==, expected_order[i]);
  }
  {
    const CtStoreCachedObservation *w1 = all->pdata[1], *sbp = all->pdata[5];

    g_assert_cmpstr(w1->name, ==, "weight_kg");
    g_assert_cmpstr(w1->loinc, ==, "29463-7");
    g_assert_cmpfloat(w1->value, ==, 178.2);
    g_assert_cmpstr(w1->unit, ==, "[lb_av]");
    g_assert_cmpstr(w1->effective, ==, "2026-10-01T06:45:00Z");
    g_assert_cmpstr(sbp->name, ==, "sbp_mmhg");
    g_assert_cmpstr(sbp->unit, ==, "kPa");
  }

  /* Only the names asked for, still oldest first. */
  vitals = ct_store_list_observations(store, key, vital_names, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(vitals->len, ==, G_N_ELEMENTS(expected_vitals));
  for (guint i = 0; i < vitals->len; i++) {
    const CtStoreCachedObservation *o = vitals->pdata[i];

    g_assert_true(g_strv_contains(vital_names, o->name));
    g_assert_cmpstr(o->server_id, ==, expected_vitals[i]);
  }
  none = ct_store_list_observations(store, key, nothing_measured, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(none->len, ==, 0);
  g_clear_pointer(&none, g_ptr_array_unref);

  /* The Patient resource as received. */
  g_assert_true(ct_store_get_patient_resource(store, key, &patient_json, &error));
  g_assert_cmpstr(patient_json, ==, sync.patient_json);
  g_clear_pointer(&patient_json, g_free);

  /* A demo patient: in the cache, with nothing measured and no Patient resource. */
  g_assert_true(ct_store_seed_demos(store, &n_added, &error));
  {
    g_autoptr(CtStorePatient) demo = ct_store_find_patient(store, "demo", "normal", &error);

    g_assert_no_error(error);
    demo_key = demo->key;
  }
  none = ct_store_list_observations(store, demo_key, NULL, &error);
  g_assert_no_error(error);
  g_assert_nonnull(none);
  g_assert_cmpuint(none->len, ==, 0);
  g_clear_pointer(&none, g_ptr_array_unref);
  g_assert_true(ct_store_get_patient_resource(store, demo_key, &patient_json, &error));
  g_assert_null(patient_json);

  /* A patient the cache does not hold: an error, not an empty list. */
  none = ct_store_list_observations(store, key + demo_key + 1000, NULL, &error);
  g_assert_null(none);
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  g_assert_false(
      ct_store_get_patient_resource(store, key + demo_key + 1000, &patient_json, &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);

  /* Synced again with fewer, newer readings: only the newest sync's rows are there. */
  {
    static const CtStoreObservation newer[] = {
        {"w4", "29463-7", 82.0, "kg", "2026-10-04T06:45:00Z", NULL},
        {"hr4", "8867-4", 69, "/min", "2026-10-04T07:05:00Z", NULL},
    };
    g_autoptr(GPtrArray) after = NULL;
    gint64 again = 0;

    fill_sync(&sync, newer, G_N_ELEMENTS(newer), NULL, NULL);
    g_assert_true(ct_store_sync_patient(store, &sync, &again, NULL, &error));
    g_assert_no_error(error);
    g_assert_cmpint(again, ==, key);
    after = ct_store_list_observations(store, key, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(after->len, ==, 2);
    g_assert_cmpstr(((const CtStoreCachedObservation *)after->pdata[0])->server_id, ==, "w4");
    g_assert_cmpstr(((const CtStoreCachedObservation *)after->pdata[1])->server_id, ==, "hr4");
    g_assert_cmpfloat(((const CtStoreCachedObservation *)after->pdata[1])->value, ==, 69);
  }
}

/* --------------------------------------------------------- killed in the middle of a sync */

#define KILL_OBSERVATIONS 500

/* The child: syncs generation after generation, each a new twin ("gen-N") and observations all of
 * value N, until it is killed; writes a byte to @committed after each sync. */
static G_GNUC_NORETURN void sync_forever(const char *path, int committed)
{
  g_autoptr(CtStore) store = ct_store_open(path, "child", NULL);
  CtStoreObservation *obs = make_observations(KILL_OBSERVATIONS, 0.0);

  if (store == NULL)
    _exit(3);
  for (int generation = 1;; generation++) {
    g_autofree char *id = g_strdup_printf("gen-%d", generation);
    g_autofree char *doc = twin_text(id);
    CtStoreSync sync;

    for (guint i = 0; i < KILL_OBSERVATIONS; i++)
      obs[i].value = generation;
    fill_sync(&sync, obs, KILL_OBSERVATIONS, doc, id);
    if (!ct_store_sync_patient(store, &sync, NULL, NULL, NULL))
      _exit(4);
    if (write(committed, "s", 1) != 1)
      _exit(5);
  }
}

static void test_killed_sync(void)
{
  g_autofree char *path = fresh_path("killed.sqlite");
  g_autofree char *dir = g_path_get_dirname(path);
  int kills = 0, with_data = 0;
  g_autofree char *previous = NULL;

  gint64 open_and_sync_us;

  g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
  /* How long an open and one sync take on this machine, in this build (the sanitizers make it
   * several times slower): the kill comes within about one sync of a commit the child reported. */
  {
    g_autofree char *scratch = fresh_path("killed-timing.sqlite");
    g_autofree char *id = g_strdup("gen-1");
    g_autofree char *doc = twin_text(id);
    CtStoreObservation *obs = make_observations(KILL_OBSERVATIONS, 1.0);
    g_autoptr(GError) error = NULL;
    gint64 start = g_get_monotonic_time();
    g_autoptr(CtStore) store = ct_store_open(scratch, "timing", &error);
    CtStoreSync sync;

    g_assert_no_error(error);
    fill_sync(&sync, obs, KILL_OBSERVATIONS, doc, id);
    g_assert_true(ct_store_sync_patient(store, &sync, NULL, NULL, &error));
    open_and_sync_us = MAX(g_get_monotonic_time() - start, 1000);
    free_observations(obs, KILL_OBSERVATIONS);
    g_test_message("an open and a sync take %.1f ms here", open_and_sync_us / 1000.0);
  }
  for (int round = 0; round < 40; round++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(CtStore) store = NULL;
    g_autoptr(CtStorePatient) patient = NULL;
    g_autoptr(CtTwin) twin = NULL;
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    int status = 0, version = 0;
    pid_t pid;

    int committed[2];
    guint syncs_before_kill = (guint)g_test_rand_int_range(0, 4);
    char byte;

    g_assert_cmpint(pipe(committed), ==, 0);
    pid = fork();
    g_assert_cmpint(pid, >=, 0);
    if (pid == 0) {
      close(committed[0]);
      sync_forever(path, committed[1]);
    }
    close(committed[1]);
    /* A random moment, whatever the machine's speed or load: after 0 to 3 syncs committed (0:
     * during the open or the first sync), then up to about one more sync's time. */
    for (guint i = 0; i < syncs_before_kill; i++)
      g_assert_cmpint(read(committed[0], &byte, 1), ==, 1);
    g_usleep((gulong)(g_test_rand_double_range(0.0, 1.5) * (double)open_and_sync_us));
    g_assert_cmpint(kill(pid, SIGKILL), ==, 0);
    g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
    close(committed[0]);
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      kills++;
    else
      g_assert_cmpint(WEXITSTATUS(status), ==, 0);

    /* Killed before it created the cache (a slow or loaded machine): nothing at all, whole too. */
    if (!g_file_test(path, G_FILE_TEST_EXISTS))
      continue;
    /* The file passes SQLite's own check ... */
    g_assert_cmpint(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
    g_assert_cmpint(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                    SQLITE_OK);
    g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_ROW);
    g_assert_cmpstr((const char *)sqlite3_column_text(stmt, 0), ==, "ok");
    sqlite3_finalize(stmt);

    /* ... and holds one whole generation: the twin and every observation from the same sync. */
    store = ct_store_open(path, "tester", &error);
    g_assert_no_error(error);
    patient = ct_store_find_patient(store, "https://h.example/fhir", "p1", &error);
    if (patient == NULL) {
      /* Killed before its first commit: nothing at all, which is whole too. */
      g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NOT_FOUND);
      sqlite3_close(db);
      continue;
    }
    twin = ct_store_open_twin(store, patient->key, &version, &error);
    g_assert_no_error(error);
    /* A different twin than after the last round: this child committed at least one sync. */
    if (g_strcmp0(previous, ct_twin_get_id(twin)) != 0)
      with_data++;
    g_free(previous);
    previous = g_strdup(ct_twin_get_id(twin));
    g_assert_cmpint(sqlite3_prepare_v2(db,
                                       "SELECT min(value), max(value), count(*) FROM "
                                       "observations WHERE patient_id = ?",
                                       -1, &stmt, NULL),
                    ==, SQLITE_OK);
    sqlite3_bind_int64(stmt, 1, patient->key);
    g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_ROW);
    {
      g_autofree char *expected = g_strdup_printf("gen-%d", sqlite3_column_int(stmt, 0));

      g_assert_cmpint(sqlite3_column_int(stmt, 0), ==, sqlite3_column_int(stmt, 1));
      g_assert_cmpint(sqlite3_column_int(stmt, 2), ==, KILL_OBSERVATIONS);
      g_assert_cmpstr(ct_twin_get_id(twin), ==, expected);
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    /* The next child starts from generation 1 again: a changed document, a new version. */
  }
  /* The kills landed while the child was syncing, not all before its first commit. */
  g_test_message("%d kills, %d with a sync committed", kills, with_data);
  g_assert_cmpint(with_data, >=, 10);
}

static const char crt_plan[] =
    "{\"format\": \"cardiotwin-scenario/1\", \"name\": \"whatever\", \"pacing\": {\"mode\": "
    "\"CRT\", \"lv_lead_segment\": 12}}";

static gint64 demo_patient(CtStore *store, const char *demo)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStorePatient) patient = NULL;

  g_assert_true(ct_store_seed_demos(store, NULL, &error));
  g_assert_no_error(error);
  patient = ct_store_find_patient(store, "demo", demo, &error);
  g_assert_no_error(error);
  return patient->key;
}

static GStrv plan_names(CtStore *store, gint64 key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plans = ct_store_list_scenarios(store, key, &error);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new();

  g_assert_no_error(error);
  for (guint i = 0; i < plans->len; i++) {
    CtStoreScenario *plan = plans->pdata[i];

    g_assert_nonnull(plan->updated_at);
    g_assert_nonnull(strstr(plan->document, "cardiotwin-scenario/"));
    g_strv_builder_add(names, plan->name);
  }
  return g_strv_builder_end(names);
}

static void assert_plans(CtStore *store, gint64 key, const char *const *expected)
{
  g_auto(GStrv) names = plan_names(store, key);

  g_assert_cmpstrv(names, expected);
}

/* Plans: saved, listed by name, loaded, renamed, deleted; names unique per patient. */
static void test_scenarios(void)
{
  g_autofree char *path = fresh_path("plans.sqlite");
  g_autofree char *long_name = g_strnfill(201, 'n');
  g_autofree char *longest_name = g_strnfill(200, 'n');
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStore) store = ct_store_open(path, "tester", &error);
  g_autoptr(CtScenario) scenario = NULL;
  gint64 key, other;
  CsTherapy therapy;

  g_assert_no_error(error);
  key = demo_patient(store, "hfref-lbbb");
  other = demo_patient(store, "normal");
  assert_plans(store, key, (const char *const[]){NULL});

  g_assert_true(ct_store_save_scenario(store, key, "  CRT lateral ", crt_plan, &error));
  g_assert_no_error(error);
  g_assert_true(ct_store_save_scenario(store, key, "baseline",
                                       "{\"format\": \"cardiotwin-scenario/1\"}", &error));
  g_assert_no_error(error);
  g_assert_true(ct_store_save_scenario(store, key, longest_name, crt_plan, &error));
  g_assert_no_error(error);
  /* The same name for another patient is another plan. */
  g_assert_true(ct_store_save_scenario(store, other, "CRT lateral", crt_plan, &error));
  g_assert_no_error(error);
  assert_plans(store, key, (const char *const[]){"baseline", "CRT lateral", longest_name, NULL});

  /* Loaded, checked, and named as saved (the document's own name follows the plan's). */
  scenario = ct_store_load_scenario(store, key, "CRT lateral", &error);
  g_assert_no_error(error);
  g_assert_cmpstr(ct_scenario_get_name(scenario), ==, "CRT lateral");
  ct_scenario_get_therapy(scenario, &therapy);
  g_assert_cmpint(therapy.pacing.mode, ==, CS_PACING_CRT);
  g_assert_cmpint(therapy.pacing.lv_lead_segment, ==, 12);

  /* Names taken, empty, blank, too long, on two lines: refused, nothing changes. */
  g_assert_false(ct_store_save_scenario(store, key, "CRT lateral", crt_plan, &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_EXISTS);
  g_test_message("%s", error->message);
  g_clear_error(&error);
  g_assert_false(ct_store_save_scenario(store, key, "CRT lateral  ", crt_plan, &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_EXISTS);
  g_clear_error(&error);
  g_assert_false(ct_store_save_scenario(store, key, "", crt_plan, &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_INVALID);
  g_clear_error(&error);
  g_assert_false(ct_store_save_scenario(store, key, " \t ", crt_plan, &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_INVALID);
  g_clear_error(&error);
  g_assert_false(ct_store_save_scenario(store, key, NULL, crt_plan, &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_INVALID);
  g_clear_error(&error);
  g_assert_false(ct_store_save_scenario(store, key, long_name, crt_plan, &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_INVALID);
  g_clear_error(&error);
  g_assert_false(ct_store_save_scenario(store, key, "two\nlines", crt_plan, &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_INVALID);
  g_clear_error(&error);
  g_assert_false(ct_store_save_scenario(store, key, "\xff\xfe", crt_plan, &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_INVALID);
  g_clear_error(&error);
  /* A line or paragraph separator, and the directional overrides and isolates that would make
   * the name show as another ("Trojan Source"); the marks and ZWNJ that scripts need are kept. */
  {
    const char *const refused[] = {"two\u2028lines", "two\u2029paragraphs", "CRT \u202Eli\u202C",
                                   "CRT \u2067x\u2069"};
    g_autofree char *kept = NULL;

    for (guint i = 0; i < G_N_ELEMENTS(refused); i++) {
      g_assert_false(ct_store_save_scenario(store, key, refused[i], crt_plan, &error));
      g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_INVALID);
      g_test_message("%s", error->message);
      g_clear_error(&error);
    }
    kept = ct_store_normalize_scenario_name(
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \u200fCRT", &error);
    g_assert_no_error(error);
    g_assert_nonnull(kept);
  }
  /* A document that is not a scenario, or a scenario the engine refuses. */
  g_assert_false(
      ct_store_save_scenario(store, key, "bad", "{\"format\": \"cardiotwin/1\"}", &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_INVALID);
  g_clear_error(&error);
  g_assert_false(ct_store_save_scenario(
      store, key, "bad", "{\"format\": \"cardiotwin-scenario/1\", \"lvad\": {\"speed_rpm\": 1}}",
      &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_INVALID);
  g_clear_error(&error);
  assert_plans(store, key, (const char *const[]){"baseline", "CRT lateral", longest_name, NULL});

  /* An unknown patient. */
  g_assert_false(ct_store_save_scenario(store, 9999, "x", crt_plan, &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  g_assert_null(ct_store_list_scenarios(store, 9999, &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  g_assert_false(ct_store_delete_scenario(store, 9999, "baseline", &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  g_assert_false(ct_store_rename_scenario(store, 9999, "baseline", "y", &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  g_assert_null(ct_store_load_scenario(store, 9999, "baseline", &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  /* An unknown plan. */
  g_assert_null(ct_store_load_scenario(store, key, "nope", &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  g_assert_false(ct_store_delete_scenario(store, key, "nope", &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);

  /* Rename: to a free name (the document follows), not onto another plan, not to nothing. */
  g_assert_true(ct_store_rename_scenario(store, key, "CRT lateral", "CRT, segment 12", &error));
  g_assert_no_error(error);
  g_clear_object(&scenario);
  scenario = ct_store_load_scenario(store, key, "CRT, segment 12", &error);
  g_assert_no_error(error);
  g_assert_cmpstr(ct_scenario_get_name(scenario), ==, "CRT, segment 12");
  g_assert_false(ct_store_rename_scenario(store, key, "CRT, segment 12", "baseline", &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_EXISTS);
  g_clear_error(&error);
  g_assert_false(ct_store_rename_scenario(store, key, "CRT, segment 12", "", &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_INVALID);
  g_clear_error(&error);
  g_assert_false(ct_store_rename_scenario(store, key, "nope", "new", &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  assert_plans(store, key,
               (const char *const[]){"baseline", "CRT, segment 12", longest_name, NULL});

  /* Delete: that plan only, that patient only. */
  g_assert_true(ct_store_delete_scenario(store, key, longest_name, &error));
  g_assert_no_error(error);
  assert_plans(store, key, (const char *const[]){"baseline", "CRT, segment 12", NULL});
  assert_plans(store, other, (const char *const[]){"CRT lateral", NULL});
}

/* A plan damaged in the cache (another program, a bad disk) is refused when loaded, with a
 * message; the list still shows it and every other plan, and nothing is deleted. */
static void test_scenario_corrupt(void)
{
  g_autofree char *path = fresh_path("corrupt-plans.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStore) store = ct_store_open(path, "tester", &error);
  g_autoptr(CtScenario) scenario = NULL;
  sqlite3 *db = NULL;
  gint64 key;

  g_assert_no_error(error);
  key = demo_patient(store, "hfref-lbbb");
  g_assert_true(ct_store_save_scenario(store, key, "good", crt_plan, &error));
  g_assert_true(ct_store_save_scenario(store, key, "damaged", crt_plan, &error));
  g_assert_no_error(error);

  g_assert_cmpint(sqlite3_open(path, &db), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_exec(db,
                               "UPDATE scenarios SET document = '{\"format\": "
                               "\"cardiotwin-scenario/1\", \"pacing\": {\"mode\": \"CRT\", ' "
                               "WHERE name = 'damaged'",
                               NULL, NULL, NULL),
                  ==, SQLITE_OK);
  sqlite3_close(db);

  scenario = ct_store_load_scenario(store, key, "damaged", &error);
  g_assert_null(scenario);
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_CORRUPT);
  g_test_message("%s", error->message);
  g_assert_nonnull(strstr(error->message, "damaged"));
  g_clear_error(&error);
  /* Renaming needs the document: refused the same way, and the plan stays. */
  g_assert_false(ct_store_rename_scenario(store, key, "damaged", "repaired", &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_CORRUPT);
  g_clear_error(&error);
  assert_plans(store, key, (const char *const[]){"damaged", "good", NULL});
  scenario = ct_store_load_scenario(store, key, "good", &error);
  g_assert_no_error(error);
  g_assert_nonnull(scenario);
  /* The clinician can still delete it. */
  g_assert_true(ct_store_delete_scenario(store, key, "damaged", &error));
  g_assert_no_error(error);
  assert_plans(store, key, (const char *const[]){"good", NULL});
}

/* --------------------------------------------------------- faults */

/* What a cache holds, in words, to compare before and after a fault. */
static char *cache_summary(CtStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) patients = ct_store_search_patients(store, NULL, 0, &error);
  GString *summary = g_string_new(NULL);

  g_assert_no_error(error);
  for (guint i = 0; i < patients->len; i++) {
    CtStorePatient *patient = patients->pdata[i];
    g_autoptr(GPtrArray) plans = ct_store_list_scenarios(store, patient->key, &error);
    g_autofree char *patient_json = NULL;
    gint64 n_observations = ct_store_count_observations(store, patient->key, &error);

    g_assert_no_error(error);
    g_assert_true(ct_store_get_patient_resource(store, patient->key, &patient_json, &error));
    g_string_append_printf(summary, "%s/%s %s: %d twins, %" G_GINT64_FORMAT " observations, %s;",
                           patient->source, patient->server_id, patient->display_name,
                           patient->n_twin_versions, n_observations,
                           patient_json != NULL ? patient_json : "-");
    for (guint p = 0; p < plans->len; p++) {
      CtStoreScenario *plan = plans->pdata[p];

      g_string_append_printf(summary, " plan %s %s", plan->name, plan->document);
    }
    g_string_append_c(summary, '\n');
  }
  return g_string_free(summary, FALSE);
}

static guint audit_length(CtStore *store)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = ct_store_audit_lines(store, &error);

  g_assert_no_error(error);
  return g_strv_length(lines);
}

static void assert_integrity_ok(const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_ROW);
  g_assert_cmpstr((const char *)sqlite3_column_text(stmt, 0), ==, "ok");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

/* A cache with something of everything: the demos, a platform patient with observations and two
 * twin versions, a plan. Returns the platform patient's key. */
static gint64 fill_cache(CtStore *store, guint n_observations)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = twin_text("kept-platform-twin");
  g_autofree char *second = twin_text("kept-platform-twin-2");
  CtStoreObservation *obs = make_observations(n_observations, 7.0);
  CtStoreSync sync;
  gint64 key = 0;

  g_assert_true(ct_store_seed_demos(store, NULL, &error));
  g_assert_no_error(error);
  fill_sync(&sync, obs, n_observations, first, "1");
  g_assert_true(ct_store_sync_patient(store, &sync, &key, NULL, &error));
  g_assert_no_error(error);
  fill_sync(&sync, obs, n_observations, second, "2");
  g_assert_true(ct_store_sync_patient(store, &sync, &key, NULL, &error));
  g_assert_no_error(error);
  g_assert_true(ct_store_save_scenario(store, key, "kept plan", crt_plan, &error));
  g_assert_no_error(error);
  free_observations(obs, n_observations);
  return key;
}

/* Every call that writes, each expected to fail with @code and to leave the cache as it was. */
static void assert_every_write_fails(CtStore *store, gint64 key, int code, const char *needle)
{
  g_autofree char *doc = twin_text("refused-twin");
  g_autoptr(CtTwin) twin = ct_twin_new_from_demo("normal", NULL);
  CtStoreObservation *obs = make_observations(500, 9.0);
  g_autofree char *before = cache_summary(store);
  g_autofree char *after = NULL;
  guint audit_before = audit_length(store);
  CtStoreSync sync;
  struct {
    const char *what;
    gboolean ok;
    GError *error;
  } calls[8] = {{0}};
  guint n = 0;

  fill_sync(&sync, obs, 500, doc, "3");
  calls[n].what = "save a plan";
  calls[n].ok = ct_store_save_scenario(store, key, "new plan", crt_plan, &calls[n].error);
  n++;
  calls[n].what = "rename a plan";
  calls[n].ok = ct_store_rename_scenario(store, key, "kept plan", "renamed", &calls[n].error);
  n++;
  calls[n].what = "delete a plan";
  calls[n].ok = ct_store_delete_scenario(store, key, "kept plan", &calls[n].error);
  n++;
  calls[n].what = "sync";
  calls[n].ok = ct_store_sync_patient(store, &sync, NULL, NULL, &calls[n].error);
  n++;
  calls[n].what = "save a fitted twin";
  calls[n].ok = ct_store_save_twin(store, key, twin, "fitted", NULL, &calls[n].error);
  n++;
  calls[n].what = "record an export";
  calls[n].ok = ct_store_audit(store, CT_STORE_AUDIT_EXPORT, key, 1, &calls[n].error);
  n++;
  calls[n].what = "seed the demos";
  calls[n].ok = ct_store_seed_demos(store, NULL, &calls[n].error);
  n++;
  for (guint i = 0; i < n; i++) {
    g_test_message("%s: %s", calls[i].what,
                   calls[i].error != NULL ? calls[i].error->message : "(no error)");
    g_assert_false(calls[i].ok);
    g_assert_error(calls[i].error, CT_STORE_ERROR, code);
    g_assert_nonnull(strstr(calls[i].error->message, needle));
    g_clear_error(&calls[i].error);
  }
  after = cache_summary(store);
  g_assert_cmpstr(after, ==, before);
  g_assert_cmpuint(audit_length(store), ==, audit_before);
  free_observations(obs, 500);
}

/* A full disk: every write fails with a message a clinician understands, rolls back whole, and
 * what was stored before is all there; once there is room again, writing works again. */
static void test_full_disk(void)
{
  g_autofree char *path = fresh_path("full-disk.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *vfs = ct_full_disk_vfs_register();
  gint64 key;

  ct_full_disk_vfs_set_budget(-1);
  store = ct_store_private_open_vfs(path, "tester", CT_STORE_OPEN_DEFAULT, vfs, &error);
  g_assert_no_error(error);
  key = fill_cache(store, 40);
  before = cache_summary(store);

  /* No room at all. */
  ct_full_disk_vfs_set_budget(0);
  assert_every_write_fails(store, key, CT_STORE_ERROR_NO_SPACE, "disk is full");
  g_assert_cmpuint(ct_full_disk_vfs_get_refused(), >, 0);

  /* Room for a little: the disk fills half-way through a sync of 500 observations. */
  for (gint64 room = 4096; room <= 64 * 1024; room *= 4) {
    g_autofree char *doc = twin_text("half-written");
    CtStoreObservation *obs = make_observations(500, 3.0);
    CtStoreSync sync;

    g_test_message("room for %" G_GINT64_FORMAT " bytes", room);
    ct_full_disk_vfs_set_budget(room);
    fill_sync(&sync, obs, 500, doc, "9");
    g_assert_false(ct_store_sync_patient(store, &sync, NULL, NULL, &error));
    g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NO_SPACE);
    g_clear_error(&error);
    g_assert_cmpuint(ct_full_disk_vfs_get_refused(), >, 0);
    free_observations(obs, 500);
    ct_full_disk_vfs_set_budget(-1);
    after = cache_summary(store);
    g_assert_cmpstr(after, ==, before);
    g_clear_pointer(&after, g_free);
  }

  /* Room again: the same connection writes, and the file is sound. */
  ct_full_disk_vfs_set_budget(-1);
  g_assert_true(ct_store_save_scenario(store, key, "after the disk was cleared", crt_plan, &error));
  g_assert_no_error(error);
  g_clear_object(&store);
  assert_integrity_ok(path);
  store = ct_store_open(path, "tester", &error);
  g_assert_no_error(error);
  assert_plans(store, key, (const char *const[]){"after the disk was cleared", "kept plan", NULL});
}

/* Writes a file's bytes over @length bytes at @offset of @path. */
static void overwrite(const char *path, goffset offset, const void *bytes, gsize length)
{
  FILE *file = g_fopen(path, "r+b");

  g_assert_nonnull(file);
  g_assert_cmpint(fseek(file, (long)offset, SEEK_SET), ==, 0);
  g_assert_cmpuint(fwrite(bytes, 1, length, file), ==, length);
  g_assert_cmpint(fclose(file), ==, 0);
}

static void assert_file_is(const char *path, const char *expected, gsize expected_length)
{
  gsize length = 0;
  g_autofree char *now = file_contents(path, &length);

  g_assert_cmpmem(now, length, expected, expected_length);
}

/* Opened read-only (by choice: the same as a file or folder that cannot be written, which root
 * cannot have): everything reads, twins open without a trace in the audit log, every write says
 * the cache is read-only, and the file does not change by a byte. */
static void test_read_only(void)
{
  g_autofree char *path = fresh_path("read-only.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStore) store = ct_store_open(path, "tester", &error);
  g_autoptr(CtTwin) twin = NULL;
  g_autoptr(CtScenario) plan = NULL;
  g_autoptr(GPtrArray) observations = NULL;
  g_autofree char *before = NULL;
  g_autofree char *bytes = NULL;
  gsize length = 0;
  guint audit_before;
  gint64 key;
  int version = 0;

  g_assert_no_error(error);
  key = fill_cache(store, 30);
  before = cache_summary(store);
  audit_before = audit_length(store);
  g_clear_object(&store);
  bytes = file_contents(path, &length);

  store = ct_store_open_full(path, "reader", CT_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error(error);
  g_assert_true(ct_store_is_read_only(store));
  g_assert_false(ct_store_is_damaged(store));
  {
    g_autofree char *now = cache_summary(store);

    g_assert_cmpstr(now, ==, before);
  }
  twin = ct_store_open_twin(store, key, &version, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(ct_twin_get_id(twin), ==, "kept-platform-twin-2");
  g_assert_cmpint(version, ==, 2);
  g_clear_object(&twin);
  twin = ct_store_open_twin_version(store, key, 1, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(ct_twin_get_id(twin), ==, "kept-platform-twin");
  plan = ct_store_load_scenario(store, key, "kept plan", &error);
  g_assert_no_error(error);
  observations = ct_store_list_observations(store, key, NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(observations->len, ==, 30);
  /* Nothing could be recorded: the audit log is as it was. */
  g_assert_cmpuint(audit_length(store), ==, audit_before);

  assert_every_write_fails(store, key, CT_STORE_ERROR_READ_ONLY, "read-only");
  g_clear_object(&store);
  assert_file_is(path, bytes, length);

  /* And a normal open afterwards writes again. */
  store = ct_store_open(path, "tester", &error);
  g_assert_no_error(error);
  g_assert_false(ct_store_is_read_only(store));
}

/* A cache in a folder the user cannot write, or a file they cannot write, opens read-only by
 * itself. Root writes anywhere, so this needs an ordinary user. */
static void test_read_only_permissions(void)
{
  g_autofree char *path = fresh_path("locked/cache.sqlite");
  g_autofree char *dir = g_path_get_dirname(path);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStore) store = NULL;
  g_autoptr(CtTwin) twin = NULL;
  g_autofree char *before = NULL;
  g_autofree char *bytes = NULL;
  gsize length = 0;
  gint64 key;

  if (geteuid() == 0) {
    g_test_skip("running as root, whom file permissions do not stop: the read-only cache is "
                "checked through CT_STORE_OPEN_READ_ONLY (/store/read-only/forced) instead");
    return;
  }
  store = ct_store_open(path, "tester", &error);
  g_assert_no_error(error);
  key = fill_cache(store, 10);
  before = cache_summary(store);
  g_clear_object(&store);
  bytes = file_contents(path, &length);

  for (int round = 0; round < 2; round++) {
    g_autofree char *now = NULL;

    /* Round 0: the folder cannot be written (no -wal, no -shm); round 1: the file. */
    if (round == 0)
      g_assert_cmpint(g_chmod(dir, 0500), ==, 0);
    else
      g_assert_cmpint(g_chmod(path, 0400), ==, 0);
    store = ct_store_open(path, "tester", &error);
    g_assert_no_error(error);
    g_assert_true(ct_store_is_read_only(store));
    now = cache_summary(store);
    g_assert_cmpstr(now, ==, before);
    twin = ct_store_open_twin(store, key, NULL, &error);
    g_assert_no_error(error);
    g_clear_object(&twin);
    assert_every_write_fails(store, key, CT_STORE_ERROR_READ_ONLY, "read-only");
    g_clear_object(&store);
    g_assert_cmpint(g_chmod(dir, 0700), ==, 0);
    g_assert_cmpint(g_chmod(path, 0600), ==, 0);
    assert_file_is(path, bytes, length);
  }

  /* A folder that cannot be written with a -wal that still holds changes and no -shm to read it
   * by: refused with the reason, rather than read without those changes. */
  {
    g_autofree char *wal_path = fresh_path("locked-wal/cache.sqlite");
    g_autofree char *wal_dir = g_path_get_dirname(wal_path);
    g_autofree char *wal = g_strconcat(wal_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat(wal_path, "-shm", NULL);
    g_autofree char *wal_bytes = NULL;
    gsize wal_length = 0;

    store = ct_store_open(wal_path, "tester", &error);
    g_assert_no_error(error);
    fill_cache(store, 2);
    wal_bytes = file_contents(wal, &wal_length);
    g_assert_cmpuint(wal_length, >, 0);
    g_clear_object(&store);
    g_assert_true(g_file_set_contents(wal, wal_bytes, (gssize)wal_length, &error));
    (void)g_unlink(shm);
    g_assert_cmpint(g_chmod(wal_dir, 0500), ==, 0);
    store = ct_store_open(wal_path, "tester", &error);
    g_assert_null(store);
    g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_READ_ONLY);
    g_assert_nonnull(strstr(error->message, "-shm"));
    g_test_message("%s", error->message);
    g_clear_error(&error);
    g_assert_cmpint(g_chmod(wal_dir, 0700), ==, 0);
  }
}

/* The cache files beside @path moved aside (PATH.damaged-*), without their journals. */
static GStrv aside_files(const char *path)
{
  g_autofree char *dir = g_path_get_dirname(path);
  g_autofree char *base = g_path_get_basename(path);
  g_autofree char *prefix = g_strconcat(base, ".damaged-", NULL);
  g_autoptr(GDir) listing = g_dir_open(dir, 0, NULL);
  g_autoptr(GStrvBuilder) found = g_strv_builder_new();
  const char *name;

  g_assert_nonnull(listing);
  while ((name = g_dir_read_name(listing)) != NULL)
    if (g_str_has_prefix(name, prefix) && !g_str_has_suffix(name, "-wal") &&
        !g_str_has_suffix(name, "-shm") && !g_str_has_suffix(name, "-journal")) {
      g_autofree char *file = g_build_filename(dir, name, NULL);

      g_strv_builder_add(found, file);
    }
  return g_strv_builder_end(found);
}

/* A cache damaged inside (a page of the observations table) is refused and never written; opened
 * as damaged, what is left reads (the patients, their twins) and nothing writes; a rebuild moves
 * it aside, byte for byte, and makes a new cache with the demos. */
static void test_damaged_page(void)
{
  g_autofree char *path = fresh_path("damaged.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStore) store = ct_store_open(path, "tester", &error);
  g_autoptr(CtTwin) twin = NULL;
  g_autofree char *damaged = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *aside_again = NULL;
  g_auto(GStrv) asides = NULL;
  g_autoptr(GPtrArray) patients = NULL;
  gsize length = 0;
  gint64 key;

  g_assert_no_error(error);
  key = fill_cache(store, 500);
  g_clear_object(&store);
  ct_test_damage_table(path, "observations");
  damaged = file_contents(path, &length);

  assert_refused_untouched(path, CT_STORE_ERROR_CORRUPT);

  store = ct_store_open_full(path, "tester", CT_STORE_OPEN_DAMAGED, &error);
  g_assert_no_error(error);
  g_assert_true(ct_store_is_read_only(store));
  g_assert_true(ct_store_is_damaged(store));
  patients = ct_store_search_patients(store, NULL, 0, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(patients->len, ==, 5);
  twin = ct_store_open_twin(store, key, NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(ct_twin_get_id(twin), ==, "kept-platform-twin-2");
  /* The damaged table says so, as an error, not a crash. */
  g_assert_null(ct_store_list_observations(store, key, NULL, &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_CORRUPT);
  g_test_message("%s", error->message);
  g_clear_error(&error);
  g_assert_false(ct_store_save_scenario(store, key, "new", crt_plan, &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_READ_ONLY);
  g_assert_nonnull(strstr(error->message, "damaged"));
  g_clear_error(&error);
  g_clear_object(&store);
  assert_file_is(path, damaged, length);

  /* Rebuilt: the damaged file is kept beside, unchanged; a new cache holds the demos. */
  store = ct_store_rebuild(path, "tester", &aside, &error);
  g_assert_no_error(error);
  g_assert_nonnull(store);
  g_test_message("moved aside to %s", aside);
  g_assert_true(g_str_has_prefix(aside, path));
  g_assert_true(g_str_has_prefix(aside + strlen(path), ".damaged-"));
  assert_file_is(aside, damaged, length);
  g_assert_false(ct_store_is_read_only(store));
  g_clear_pointer(&patients, g_ptr_array_unref);
  patients = ct_store_search_patients(store, NULL, 0, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(patients->len, ==, 4);
  for (guint i = 0; i < patients->len; i++)
    g_assert_cmpstr(((CtStorePatient *)patients->pdata[i])->source, ==, "demo");
  g_assert_true(
      ct_store_save_scenario(store, demo_patient(store, "normal"), "works", crt_plan, &error));
  g_assert_no_error(error);
  g_clear_object(&store);
  assert_integrity_ok(path);

  /* A second rebuild (within the same second) keeps both earlier files: nothing is overwritten. */
  store = ct_store_rebuild(path, "tester", &aside_again, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(aside_again, !=, aside);
  assert_file_is(aside, damaged, length);
  asides = aside_files(path);
  g_assert_cmpuint(g_strv_length(asides), ==, 2);
}

/* A file whose header is damaged is not a database any more: refused, also as damaged, untouched;
 * the rebuild still keeps it. */
static void test_damaged_header(void)
{
  g_autofree char *path = fresh_path("header.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStore) store = ct_store_open(path, "tester", &error);
  g_autofree char *damaged = NULL;
  g_autofree char *aside = NULL;
  gsize length = 0;

  g_assert_no_error(error);
  fill_cache(store, 20);
  g_clear_object(&store);
  overwrite(path, 0, "Not a cache any more", 16);
  damaged = file_contents(path, &length);

  assert_refused_untouched(path, CT_STORE_ERROR_CORRUPT);
  store = ct_store_open_full(path, "tester", CT_STORE_OPEN_DAMAGED, &error);
  g_assert_null(store);
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_CORRUPT);
  g_test_message("%s", error->message);
  g_clear_error(&error);
  assert_file_is(path, damaged, length);

  store = ct_store_rebuild(path, "tester", &aside, &error);
  g_assert_no_error(error);
  assert_file_is(aside, damaged, length);
  g_assert_cmpint(pragma_int(path, "user_version"), ==, CT_STORE_SCHEMA_VERSION);
}

/* ---------------------------------------------------------------- a rebuild that cannot finish */

/* The damaged cache's write-ahead log: whatever its bytes, the rebuild keeps them with it. */
static const char damaged_wal[] = "the damaged cache's write-ahead log, its last transactions";

/* A cache whose header is damaged, with a -wal beside it; its bytes in @damaged. */
static char *damaged_set(const char *name, char **damaged, gsize *length)
{
  char *path = fresh_path(name);
  g_autofree char *wal = g_strconcat(path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStore) store = ct_store_open(path, "tester", &error);

  g_assert_no_error(error);
  fill_cache(store, 20);
  g_clear_object(&store);
  overwrite(path, 0, "Not a cache any more", 16);
  *damaged = file_contents(path, length);
  g_assert_true(g_file_set_contents(wal, damaged_wal, -1, &error));
  g_assert_no_error(error);
  return path;
}

/* Every file beside @path whose name starts with @path's and the aside mark, journals included. */
static guint n_aside_names(const char *path)
{
  g_autofree char *dir = g_path_get_dirname(path);
  g_autofree char *base = g_path_get_basename(path);
  g_autofree char *prefix = g_strconcat(base, ".damaged-", NULL);
  g_autoptr(GDir) listing = g_dir_open(dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull(listing);
  while ((name = g_dir_read_name(listing)) != NULL)
    n += g_str_has_prefix(name, prefix);
  return n;
}

static void assert_set_at(const char *at, const char *damaged, gsize length)
{
  g_autofree char *wal = g_strconcat(at, "-wal", NULL);

  assert_file_is(at, damaged, length);
  assert_file_is(wal, damaged_wal, strlen(damaged_wal));
}

/* Renames as g_rename() does, except the -wal's way back from aside: a file of the set that
 * cannot follow its database home (as if another program had taken its name). */
static int rename_failing_wal_back(const char *from, const char *to)
{
  if (strstr(from, ".damaged-") != NULL && g_str_has_suffix(from, "-wal")) {
    errno = EEXIST;
    return -1;
  }
  return g_rename(from, to);
}

/* Renames as g_rename() does, except the database's move aside (its -wal has gone first). */
static int rename_failing_database_aside(const char *from, const char *to)
{
  if (strstr(to, ".damaged-") != NULL && !g_str_has_suffix(to, "-wal")) {
    errno = EBUSY;
    return -1;
  }
  return g_rename(from, to);
}

/* Whether @file is a database file, not one of its journals. */
static gboolean is_database_file(const char *file)
{
  return !g_str_has_suffix(file, "-wal") && !g_str_has_suffix(file, "-shm") &&
         !g_str_has_suffix(file, "-journal");
}

/* Renames as g_rename() does, except the database's move aside (its journals have gone first)
 * and the -wal's way back. */
static int rename_failing_only_database_aside_and_wal_back(const char *from, const char *to)
{
  if ((strstr(to, ".damaged-") != NULL && is_database_file(to)) ||
      (strstr(from, ".damaged-") != NULL && g_str_has_suffix(from, "-wal"))) {
    errno = EBUSY;
    return -1;
  }
  return g_rename(from, to);
}

/* Both: the database stays, and its -wal, gone aside first, cannot come back. */
static int rename_failing_database_aside_and_wal_back(const char *from, const char *to)
{
  if (strstr(from, ".damaged-") != NULL && g_str_has_suffix(from, "-wal")) {
    errno = EEXIST;
    return -1;
  }
  return rename_failing_database_aside(from, to);
}

/* The new cache cannot be made (the disk is full): the damaged cache comes back to its path with
 * its -wal, byte for byte, and nothing is left aside. */
static void test_rebuild_fails_puts_back(void)
{
  g_autofree char *damaged = NULL;
  gsize length = 0;
  g_autofree char *path = damaged_set("rebuild-full.sqlite", &damaged, &length);
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;
  const char *vfs = ct_full_disk_vfs_register();
  CtStore *store;

  ct_full_disk_vfs_set_budget(0);
  store = ct_store_private_rebuild(path, "tester", &aside, vfs, g_rename, &error);
  ct_full_disk_vfs_set_budget(-1);
  g_assert_null(store);
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NO_SPACE);
  g_test_message("%s", error->message);
  g_assert_null(strstr(error->message, "kept"));
  /* A rebuild's words, not a save's. */
  g_assert_nonnull(strstr(error->message, "no new local cache could be made"));
  g_assert_nonnull(strstr(error->message, "back where it was"));
  g_assert_null(strstr(error->message, "the change was not saved"));
  g_assert_null(aside);
  assert_set_at(path, damaged, length);
  g_assert_cmpuint(n_aside_names(path), ==, 0);
  g_clear_error(&error);

  /* The disk cleared, the same rebuild works. */
  store = ct_store_rebuild(path, "tester", &aside, &error);
  g_assert_no_error(error);
  g_assert_nonnull(store);
  assert_set_at(aside, damaged, length);
  g_object_unref(store);

  /* With no damaged cache to put back, the error does not speak of one. */
  {
    g_autofree char *nothing_there = fresh_path("rebuild-full-empty.sqlite");

    ct_full_disk_vfs_set_budget(0);
    store = ct_store_private_rebuild(nothing_there, "tester", NULL, vfs, g_rename, &error);
    ct_full_disk_vfs_set_budget(-1);
    g_assert_null(store);
    g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NO_SPACE);
    g_assert_nonnull(strstr(error->message, "no new local cache could be made. "));
    g_assert_null(strstr(error->message, "damaged"));
  }
}

/* A rebuild of @path on a disk with no room, files moved with @rename_file, where the damaged set
 * cannot all come home: it fails with CT_STORE_ERROR_NO_SPACE (in *@error, which names the name
 * the set is kept under) and reports no aside path. Returns that name, the database's. */
static char *rebuild_leaves_set_aside(const char *path, CtStoreRenameFunc rename_file,
                                      GError **error)
{
  const char *vfs = ct_full_disk_vfs_register();
  g_autofree char *aside = NULL;
  g_auto(GStrv) asides = NULL;

  ct_full_disk_vfs_set_budget(0);
  g_assert_null(ct_store_private_rebuild(path, "tester", &aside, vfs, rename_file, error));
  ct_full_disk_vfs_set_budget(-1);
  g_assert_error(*error, CT_STORE_ERROR, CT_STORE_ERROR_NO_SPACE);
  g_test_message("%s", (*error)->message);
  g_assert_null(aside);
  asides = aside_files(path);
  g_assert_cmpuint(g_strv_length(asides), ==, 1);
  g_assert_nonnull(strstr((*error)->message, asides[0]));
  return g_strdup(asides[0]);
}

/* The new cache cannot be made and the -wal cannot follow the database home: the database goes
 * aside again, so that the set stays together, and the error says under which name. */
static void test_rebuild_fails_put_back_fails(void)
{
  g_autofree char *damaged = NULL;
  gsize length = 0;
  g_autofree char *path = damaged_set("rebuild-stuck.sqlite", &damaged, &length);
  g_autofree char *wal = g_strconcat(path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = rebuild_leaves_set_aside(path, rename_failing_wal_back, &error);

  g_assert_nonnull(strstr(error->message, "could not be put back"));
  /* One sentence, which does not say the cache is back. */
  g_assert_null(strstr(error->message, ".;"));
  g_assert_null(strstr(error->message, "back where it was"));
  g_assert_nonnull(strstr(error->message, "no new local cache could be made;"));
  assert_set_at(aside, damaged, length);
  g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
  g_assert_false(g_file_test(wal, G_FILE_TEST_EXISTS));
}

/* The damaged cache cannot be moved aside: no new cache is made, and what had moved comes back;
 * if that fails too, the error says where the journals are. */
static void test_rebuild_cannot_move_aside(void)
{
  g_autofree char *damaged = NULL;
  gsize length = 0;
  g_autofree char *path = damaged_set("rebuild-busy.sqlite", &damaged, &length);
  g_autofree char *wal = g_strconcat(path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *aside_wal = NULL;
  g_auto(GStrv) asides = NULL;

  g_assert_null(ct_store_private_rebuild(path, "tester", &aside, NULL,
                                         rename_failing_database_aside, &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_OPEN);
  g_test_message("%s", error->message);
  g_assert_nonnull(strstr(error->message, "could not be moved aside"));
  g_assert_nonnull(strstr(error->message, g_strerror(EBUSY)));
  g_assert_null(strstr(error->message, "kept"));
  g_assert_null(aside);
  assert_set_at(path, damaged, length);
  g_assert_cmpuint(n_aside_names(path), ==, 0);
  g_clear_error(&error);

  /* The -wal cannot come back either: the database is where it was, the error names the -wal's
   * place, and the -wal is there, whole. */
  g_assert_null(ct_store_private_rebuild(path, "tester", &aside, NULL,
                                         rename_failing_database_aside_and_wal_back, &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_OPEN);
  g_test_message("%s", error->message);
  g_assert_nonnull(strstr(error->message, "journal files could not be put back"));
  assert_file_is(path, damaged, length);
  g_assert_false(g_file_test(wal, G_FILE_TEST_EXISTS));
  g_assert_cmpuint(n_aside_names(path), ==, 1);
  asides =
      g_strsplit(strstr(error->message, "under the name ") + strlen("under the name "), " ", 2);
  aside_wal = g_strconcat(asides[0], "-wal", NULL);
  assert_file_is(aside_wal, damaged_wal, strlen(damaged_wal));

  /* With a rollback journal too: the journal that can come back beside the database does, and
   * only the -wal stays aside (taking the other aside again would part it from its database). */
  {
    static const char rollback_journal[] = "the rollback journal of a busy cache";
    g_autofree char *other_damaged = NULL;
    gsize other_length = 0;
    g_autofree char *other =
        damaged_set("rebuild-busy-journal.sqlite", &other_damaged, &other_length);
    g_autofree char *other_wal = g_strconcat(other, "-wal", NULL);
    g_autofree char *other_journal = g_strconcat(other, "-journal", NULL);

    g_clear_error(&error);
    g_assert_true(g_file_set_contents(other_journal, rollback_journal, -1, NULL));
    g_assert_null(ct_store_private_rebuild(
        other, "tester", &aside, NULL, rename_failing_only_database_aside_and_wal_back, &error));
    g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_OPEN);
    g_test_message("%s", error->message);
    g_assert_nonnull(strstr(error->message, "journal files could not be put back"));
    assert_file_is(other, other_damaged, other_length);
    assert_file_is(other_journal, rollback_journal, strlen(rollback_journal));
    g_assert_false(g_file_test(other_wal, G_FILE_TEST_EXISTS));
    g_assert_cmpuint(n_aside_names(other), ==, 1);
    {
      g_autofree char *name =
          g_strdup(strstr(error->message, "under the name ") + strlen("under the name "));
      g_autofree char *kept_wal = g_strconcat(name, "-wal", NULL);

      assert_file_is(kept_wal, damaged_wal, strlen(damaged_wal));
    }
  }
}

/* Renames as g_rename() does, except two steps of putting a damaged set back: the -journal's way
 * home, and then the way aside again, once it is home, of the file of the set whose name ends in
 * stuck_suffix (its first way aside, at the start of the rebuild, goes through). */
static const char *stuck_suffix;
static guint stuck_asides;

static int rename_leaving_one_behind(const char *from, const char *to)
{
  if (strstr(from, ".damaged-") != NULL && g_str_has_suffix(from, "-journal")) {
    errno = EEXIST;
    return -1;
  }
  if (strstr(to, ".damaged-") != NULL && g_str_has_suffix(to, stuck_suffix) && ++stuck_asides > 1) {
    errno = EACCES;
    return -1;
  }
  return g_rename(from, to);
}

/* The new cache cannot be made, the damaged set cannot all come home, and one of its journals
 * cannot go aside again either: the database is kept aside, the -wal stays at the cache's path,
 * the error says both, and no cache is made beside that -wal (it would be erased). */
static void test_rebuild_put_back_splits_the_set(void)
{
  static const char rollback_journal[] = "the damaged cache's rollback journal";
  g_autofree char *damaged = NULL;
  gsize length = 0;
  g_autofree char *path = damaged_set("rebuild-split.sqlite", &damaged, &length);
  g_autofree char *wal = g_strconcat(path, "-wal", NULL);
  g_autofree char *journal = g_strconcat(path, "-journal", NULL);
  g_autofree char *aside_journal = NULL;
  g_autofree char *aside = NULL;
  g_autoptr(GError) error = NULL;
  CtStore *store;

  g_assert_true(g_file_set_contents(journal, rollback_journal, -1, &error));
  g_assert_no_error(error);
  stuck_suffix = "-wal";
  stuck_asides = 0;
  aside = rebuild_leaves_set_aside(path, rename_leaving_one_behind, &error);
  {
    g_autofree char *beside = g_strdup_printf("still beside %s,", path);

    g_assert_nonnull(strstr(error->message, beside));
  }
  /* The database and its rollback journal aside, the -wal at the path, each whole. */
  assert_file_is(aside, damaged, length);
  aside_journal = g_strconcat(aside, "-journal", NULL);
  assert_file_is(aside_journal, rollback_journal, strlen(rollback_journal));
  assert_file_is(wal, damaged_wal, strlen(damaged_wal));
  g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
  g_clear_error(&error);

  /* The next start: no cache is made beside the -wal, which stays as it is. */
  store = ct_store_open(path, "tester", &error);
  g_assert_null(store);
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_OPEN);
  g_assert_nonnull(strstr(error->message, wal));
  g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
  assert_file_is(wal, damaged_wal, strlen(damaged_wal));
}

/* The same split, but what stays at the path is the -shm, an index SQLite rebuilds: the error says
 * where the cache is kept and nothing about the path, and a cache is made there next time. */
static void test_rebuild_put_back_leaves_the_index(void)
{
  g_autofree char *damaged = NULL;
  gsize length = 0;
  g_autofree char *path = damaged_set("rebuild-index.sqlite", &damaged, &length);
  g_autofree char *wal = g_strconcat(path, "-wal", NULL);
  g_autofree char *shm = g_strconcat(path, "-shm", NULL);
  g_autofree char *journal = g_strconcat(path, "-journal", NULL);
  g_autofree char *aside = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStore) store = NULL;

  g_assert_cmpint(g_unlink(wal), ==, 0);
  g_assert_true(g_file_set_contents(shm, "an index", -1, NULL));
  g_assert_true(g_file_set_contents(journal, "a rollback journal", -1, NULL));
  stuck_suffix = "-shm";
  stuck_asides = 0;
  aside = rebuild_leaves_set_aside(path, rename_leaving_one_behind, &error);
  g_assert_nonnull(strstr(error->message, "could not be put back and is kept as"));
  g_assert_null(strstr(error->message, "still beside"));
  assert_file_is(aside, damaged, length);
  {
    g_autofree char *kept_journal = g_strconcat(aside, "-journal", NULL);

    assert_file_is(kept_journal, "a rollback journal", strlen("a rollback journal"));
  }
  g_assert_true(g_file_test(shm, G_FILE_TEST_EXISTS));
  g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
  g_clear_error(&error);

  store = ct_store_open(path, "tester", &error);
  g_assert_no_error(error);
  g_assert_nonnull(store);
}

/* Renames as g_rename() does; once the damaged database has gone aside, another program puts a
 * -wal of its own at the cache's path, before the new cache is made. */
static const char foreign_wal[] = "another program's write-ahead log";

static int rename_then_foreign_wal(const char *from, const char *to)
{
  int result = g_rename(from, to);

  if (result == 0 && strstr(to, ".damaged-") != NULL && !g_str_has_suffix(to, "-wal") &&
      !g_str_has_suffix(to, "-shm") && !g_str_has_suffix(to, "-journal")) {
    g_autofree char *wal = g_strconcat(from, "-wal", NULL);

    g_assert_true(g_file_set_contents(wal, foreign_wal, -1, NULL));
  }
  return result;
}

/* That -wal stops the new cache (it would be erased), and the rebuild, undoing itself, leaves it
 * as it is: it removes only the files it made. The damaged database comes back. */
static void test_rebuild_keeps_what_it_did_not_make(void)
{
  g_autofree char *damaged = NULL;
  gsize length = 0;
  g_autofree char *path = damaged_set("rebuild-foreign.sqlite", &damaged, &length);
  g_autofree char *wal = g_strconcat(path, "-wal", NULL);
  g_autofree char *aside = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint(g_unlink(wal), ==, 0);
  g_assert_null(
      ct_store_private_rebuild(path, "tester", &aside, NULL, rename_then_foreign_wal, &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_OPEN);
  g_test_message("%s", error->message);
  g_assert_nonnull(strstr(error->message, wal));
  g_assert_null(aside);
  assert_file_is(wal, foreign_wal, strlen(foreign_wal));
  assert_file_is(path, damaged, length);
  g_assert_cmpuint(n_aside_names(path), ==, 0);

  /* The damaged database with a -wal of its own: that -wal cannot come home over the other
   * program's, which stays as it is, so the database goes aside again to keep its -wal company,
   * and the error says where. */
  {
    g_autofree char *other_damaged = NULL;
    gsize other_length = 0;
    g_autofree char *other =
        damaged_set("rebuild-foreign-wal.sqlite", &other_damaged, &other_length);
    g_autofree char *other_wal = g_strconcat(other, "-wal", NULL);
    g_autofree char *kept_wal = NULL;
    g_auto(GStrv) asides = NULL;

    g_clear_error(&error);
    g_assert_null(
        ct_store_private_rebuild(other, "tester", &aside, NULL, rename_then_foreign_wal, &error));
    g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_OPEN);
    g_test_message("%s", error->message);
    g_assert_null(aside);
    assert_file_is(other_wal, foreign_wal, strlen(foreign_wal));
    g_assert_false(g_file_test(other, G_FILE_TEST_EXISTS));
    asides = aside_files(other);
    g_assert_cmpuint(g_strv_length(asides), ==, 1);
    g_assert_nonnull(strstr(error->message, "could not be put back and is kept as"));
    g_assert_nonnull(strstr(error->message, asides[0]));
    assert_file_is(asides[0], other_damaged, other_length);
    kept_wal = g_strconcat(asides[0], "-wal", NULL);
    assert_file_is(kept_wal, damaged_wal, strlen(damaged_wal));
  }
}

/* A journal of a cache without the cache (moved away, or lost): opening or rebuilding there
 * refuses, with the journal's name, and makes nothing: SQLite would delete a rollback journal, or
 * empty a write-ahead log, found beside a new database (tried with SQLite 3.40). Once the
 * journal is moved away, the cache is made. */
static void test_journal_without_database(void)
{
  static const char *const journals[] = {"-wal", "-journal"};

  for (guint i = 0; i < G_N_ELEMENTS(journals); i++) {
    g_autofree char *name = g_strdup_printf("orphan%s.sqlite", journals[i]);
    g_autofree char *path = fresh_path(name);
    g_autofree char *journal = g_strconcat(path, journals[i], NULL);
    g_autofree char *moved = g_strconcat(journal, ".moved", NULL);
    g_autofree char *dir = g_path_get_dirname(path);
    g_autoptr(GError) error = NULL;
    g_autoptr(CtStore) store = NULL;
    g_autofree char *aside = NULL;

    g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
    g_assert_true(g_file_set_contents(journal, damaged_wal, -1, &error));
    g_assert_no_error(error);
    store = ct_store_open(path, "tester", &error);
    g_assert_null(store);
    g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_OPEN);
    g_test_message("%s", error->message);
    g_assert_nonnull(strstr(error->message, journal));
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    assert_file_is(journal, damaged_wal, strlen(damaged_wal));
    g_clear_error(&error);

    store = ct_store_rebuild(path, "tester", &aside, &error);
    g_assert_null(store);
    g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_OPEN);
    g_assert_null(aside);
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    assert_file_is(journal, damaged_wal, strlen(damaged_wal));
    g_clear_error(&error);

    g_assert_cmpint(g_rename(journal, moved), ==, 0);
    store = ct_store_open(path, "tester", &error);
    g_assert_no_error(error);
    g_assert_nonnull(store);
    assert_file_is(moved, damaged_wal, strlen(damaged_wal));
  }

  /* An empty journal holds nothing to lose (a crash after a checkpoint leaves one): the cache is
   * made. */
  {
    g_autofree char *path = fresh_path("empty-wal.sqlite");
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *wal = g_strconcat(path, "-wal", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(CtStore) store = NULL;

    g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
    g_assert_true(g_file_set_contents(wal, "", 0, NULL));
    store = ct_store_open(path, "tester", &error);
    g_assert_no_error(error);
    g_assert_nonnull(store);
  }
}

/* The demo twin "normal" as a document of a later format version (a newer CardioTwin's). */
static char *newer_twin_text(const char *id)
{
  g_autofree char *text = twin_text(id);
  g_auto(GStrv) parts = g_strsplit(text, "\"cardiotwin/1\"", 2);

  g_assert_cmpuint(g_strv_length(parts), ==, 2);
  return g_strjoinv("\"cardiotwin/2\"", parts);
}

static char *stored_document(const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *document;

  g_assert_cmpint(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_ROW);
  document = g_strdup((const char *)sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return document;
}

/* A twin and a plan that a newer CardioTwin wrote into the same cache: each is refused with
 * CT_STORE_ERROR_NEWER_FORMAT (not "damaged"), stays as it is, and the rest still opens. A newer
 * twin from the platform is refused before anything is written. */
static void test_newer_documents(void)
{
  g_autofree char *path = fresh_path("newer.sqlite");
  g_autofree char *newer = newer_twin_text("from-the-future");
  g_autofree char *newer_plan =
      g_strdup("{\"format\": \"cardiotwin-scenario/2\", \"name\": \"future plan\", "
               "\"hemodynamic_targets\": {\"map_mmhg\": 70}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStore) store = ct_store_open(path, "tester", &error);
  g_autoptr(CtTwin) twin = NULL;
  g_autoptr(CtScenario) plan = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 key;
  int version = 0;

  g_assert_no_error(error);
  key = fill_cache(store, 10);
  /* What a newer CardioTwin sharing this cache would have added: twin version 3, a plan. */
  g_assert_cmpint(sqlite3_open(path, &db), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_prepare_v2(db,
                                     "INSERT INTO twins (patient_id, version, twin_id, document, "
                                     "provenance, created_at) VALUES (?, 3, 'from-the-future', ?, "
                                     "'fitted', '2030-01-01T00:00:00Z')",
                                     -1, &stmt, NULL),
                  ==, SQLITE_OK);
  sqlite3_bind_int64(stmt, 1, key);
  sqlite3_bind_text(stmt, 2, newer, -1, SQLITE_STATIC);
  g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_DONE);
  sqlite3_finalize(stmt);
  g_assert_cmpint(sqlite3_prepare_v2(db,
                                     "INSERT INTO scenarios (patient_id, name, document, "
                                     "created_at, updated_at) VALUES (?, 'future plan', ?, "
                                     "'2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z')",
                                     -1, &stmt, NULL),
                  ==, SQLITE_OK);
  sqlite3_bind_int64(stmt, 1, key);
  sqlite3_bind_text(stmt, 2, newer_plan, -1, SQLITE_STATIC);
  g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_DONE);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  before = cache_summary(store);

  /* The newest twin: refused as newer, saying to update, naming no damage. */
  twin = ct_store_open_twin(store, key, &version, &error);
  g_assert_null(twin);
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NEWER_FORMAT);
  g_test_message("%s", error->message);
  g_assert_nonnull(strstr(error->message, "newer CardioTwin"));
  g_assert_nonnull(strstr(error->message, "update CardioTwin"));
  g_assert_null(strstr(error->message, "damaged"));
  g_clear_error(&error);
  /* The versions before it still open. */
  g_assert_cmpint(ct_store_find_readable_twin_version(store, key, 0, &error), ==, 2);
  g_assert_cmpint(ct_store_find_readable_twin_version(store, key, 2, &error), ==, 1);
  g_assert_cmpint(ct_store_find_readable_twin_version(store, key, 1, &error), ==, 0);
  g_assert_no_error(error);
  twin = ct_store_open_twin_version(store, key, 2, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(ct_twin_get_id(twin), ==, "kept-platform-twin-2");
  g_clear_object(&twin);
  g_assert_null(ct_store_open_twin_version(store, key, 3, &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NEWER_FORMAT);
  g_clear_error(&error);
  g_assert_null(ct_store_open_twin_version(store, key, 4, &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);

  /* The newer plan is listed, refused as newer when loaded or renamed, and stays. */
  assert_plans(store, key, (const char *const[]){"future plan", "kept plan", NULL});
  plan = ct_store_load_scenario(store, key, "future plan", &error);
  g_assert_null(plan);
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NEWER_FORMAT);
  g_test_message("%s", error->message);
  g_assert_null(strstr(error->message, "damaged"));
  g_clear_error(&error);
  g_assert_false(ct_store_rename_scenario(store, key, "future plan", "renamed", &error));
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NEWER_FORMAT);
  g_clear_error(&error);
  plan = ct_store_load_scenario(store, key, "kept plan", &error);
  g_assert_no_error(error);

  /* From the platform: refused before anything is written. */
  {
    CtStoreObservation *obs = make_observations(3, 1.0);
    CtStoreSync sync;

    fill_sync(&sync, obs, 3, newer, "4");
    g_assert_false(ct_store_sync_patient(store, &sync, NULL, NULL, &error));
    g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NEWER_FORMAT);
    g_test_message("%s", error->message);
    g_clear_error(&error);
    free_observations(obs, 3);
  }

  /* A twin fitted here is the next version; the newer one stays, byte for byte. */
  twin = ct_twin_new_from_demo("normal", NULL);
  g_assert_true(ct_store_save_twin(store, key, twin, "fitted", &version, &error));
  g_assert_no_error(error);
  g_assert_cmpint(version, ==, 4);
  g_clear_object(&store);
  {
    g_autofree char *kept_twin =
        stored_document(path, "SELECT document FROM twins WHERE version = 3");
    g_autofree char *kept_plan =
        stored_document(path, "SELECT document FROM scenarios WHERE name = 'future plan'");

    g_assert_cmpstr(kept_twin, ==, newer);
    g_assert_cmpstr(kept_plan, ==, newer_plan);
  }
  store = ct_store_open(path, "tester", &error);
  g_assert_no_error(error);
  after = cache_summary(store);
  /* The same, with the one twin version added. */
  g_assert_nonnull(strstr(before, ": 3 twins"));
  g_assert_nonnull(strstr(after, ": 4 twins"));
}

/* The test's own temporary folder, and everything in it. */
int main(int argc, char **argv)
{
  int status;

  g_test_init(&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp("test-store-XXXXXX", NULL);
  g_assert_nonnull(tmp_dir);

  g_test_add_func("/store/open-private", test_open_private);
  g_test_add_func("/store/seed-and-open", test_seed_and_open);
  g_test_add_func("/store/demo-updated", test_demo_updated);
  g_test_add_func("/store/demo-revision-instants", test_demo_revision_instants);
  g_test_add_func("/store/migrations", test_migrations);
  g_test_add_func("/store/refused-untouched", test_refused);
  g_test_add_func("/store/sync", test_sync);
  g_test_add_func("/store/list-observations", test_list_observations);
  g_test_add_func("/store/killed-sync", test_killed_sync);
  g_test_add_func("/store/scenarios", test_scenarios);
  g_test_add_func("/store/scenarios/corrupt", test_scenario_corrupt);
  g_test_add_func("/store/full-disk", test_full_disk);
  g_test_add_func("/store/read-only/forced", test_read_only);
  g_test_add_func("/store/read-only/permissions", test_read_only_permissions);
  g_test_add_func("/store/damaged/page", test_damaged_page);
  g_test_add_func("/store/damaged/header", test_damaged_header);
  g_test_add_func("/store/damaged/rebuild-fails-puts-back", test_rebuild_fails_puts_back);
  g_test_add_func("/store/damaged/rebuild-fails-put-back-fails", test_rebuild_fails_put_back_fails);
  g_test_add_func("/store/damaged/rebuild-cannot-move-aside", test_rebuild_cannot_move_aside);
  g_test_add_func("/store/damaged/rebuild-put-back-splits-the-set",
                  test_rebuild_put_back_splits_the_set);
  g_test_add_func("/store/damaged/rebuild-put-back-leaves-the-index",
                  test_rebuild_put_back_leaves_the_index);
  g_test_add_func("/store/damaged/rebuild-keeps-what-it-did-not-make",
                  test_rebuild_keeps_what_it_did_not_make);
  g_test_add_func("/store/journal-without-database", test_journal_without_database);
  g_test_add_func("/store/newer-documents", test_newer_documents);
  status = g_test_run();

  ct_test_remove_tree(tmp_dir);
  g_free(tmp_dir);
  return status;
}

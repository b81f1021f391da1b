/* test-cache-faults.c — the application on a local cache that is not as it should be, in windows
 * on Xvfb, each test starting the application afresh on a cache file prepared for it:
 *
 *   - damaged inside: the patients still readable are listed and open (the engine runs), the
 *     banner says the cache is damaged and that nothing is saved, a plan is not saved and the file
 *     does not change by a byte; Rebuild, confirmed, moves it aside (kept, unchanged), and the
 *     window lists the demos of a new cache;
 *   - not a database at all: "No Local Cache", the banner, Rebuild, the demos;
 *   - read-only (opened so by choice; and, for a user other than root, in a folder the user
 *     cannot write): the banner says so, the twins open and the engine runs, a plan is not saved,
 *     nothing is imported, the file does not change;
 *   - a twin a newer CardioTwin wrote: the window says so and offers the version before, which
 *     opens; the newer document stays in the cache as it was;
 *   - a journal of the cache without the cache (a cache moved away without its -wal): "No Local
 *     Cache", naming the journal, no rebuild offered, and the journal kept as it was.
 *
 * CT_SCREENSHOT_DIR=DIR also saves the damaged cache's window as DIR/main-window-damaged-cache.png,
 * the newer twin's as main-window-newer-twin.png and the lone journal's as
 * main-window-journal-without-cache.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "ct-application.h"
#include "ct-import-window.h"
#include "ct-patient-item.h"
#include "ct-store-test-util.h"
#include "ct-test-util.h"
#include "ct-ui-test-util.h"
#include "ct-cache-rebuild.h"
#include "ct-window.h"

#include <adwaita.h>

#define PLATFORM "https://fhir.hospital.example/R4"

static char *tmp_dir;
static char *cache_path; /* where the application opens its cache */
static CtApplication *app;
static CtWindow *window;

/* ------------------------------------------------------------------ the application */

static void start_app(void)
{
  app = ct_ui_test_start_app(&window);
  ct_ui_test_iterate_for(200);
}

static void stop_app(void)
{
  gtk_window_destroy(GTK_WINDOW(window));
  ct_ui_test_iterate_for(100);
  window = NULL;
  g_clear_object(&app);
}

/* No cache at all, and no file beside it. */
static void remove_cache(void)
{
  g_autofree char *dir = g_path_get_dirname(cache_path);

  ct_test_remove_tree(dir);
  g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
}

static char *file_bytes(const char *path, gsize *length)
{
  char *bytes = NULL;

  g_assert_true(g_file_get_contents(path, &bytes, length, NULL));
  return bytes;
}

static void assert_file_is(const char *path, const char *expected, gsize expected_length)
{
  gsize length = 0;
  g_autofree char *now = file_bytes(path, &length);

  g_assert_cmpmem(now, length, expected, expected_length);
}

/* The one cache file moved aside beside the cache (cache.sqlite.damaged-…, not its -wal/-shm). */
static char *aside_file(void)
{
  g_autofree char *dir = g_path_get_dirname(cache_path);
  g_autoptr(GDir) listing = g_dir_open(dir, 0, NULL);
  char *found = NULL;
  const char *name;

  g_assert_nonnull(listing);
  while ((name = g_dir_read_name(listing)) != NULL)
    if (g_str_has_prefix(name, "cache.sqlite.damaged-") && !g_str_has_suffix(name, "-wal") &&
        !g_str_has_suffix(name, "-shm")) {
      g_assert_null(found);
      found = g_build_filename(dir, name, NULL);
    }
  g_assert_nonnull(found);
  return found;
}

/* ------------------------------------------------------------------ caches */

static const char crt_plan[] = "{\"format\": \"cardiotwin-scenario/1\", \"pacing\": {\"mode\": "
                               "\"CRT\", \"lv_lead_segment\": 12}}";

/* How many patients make_cache() puts in a cache: the demo twins, and the platform patient. */
static guint n_made_patients(void)
{
  g_auto(GStrv) demos = ct_twin_list_demos();

  return g_strv_length(demos) + 1;
}

/* A cache at @path with the demos and a platform patient (observations, a twin, a plan). */
static void make_cache(const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStore) store = ct_store_open(path, "tester", &error);
  g_autoptr(CtTwin) twin = ct_twin_new_from_demo("hfref-lbbb", NULL);
  g_autoptr(GBytes) bytes = ct_twin_to_bytes(twin);
  g_autofree char *document = g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
  CtStoreObservation obs[300];
  g_autofree char *ids = g_malloc(300 * 16);
  CtStoreSync sync = {0};
  g_autoptr(CtStorePatient) demo = NULL;
  gint64 key = 0;

  g_assert_no_error(error);
  g_assert_true(ct_store_seed_demos(store, NULL, &error));
  g_assert_no_error(error);
  for (guint i = 0; i < G_N_ELEMENTS(obs); i++) {
    g_snprintf(ids + i * 16, 16, "obs-%u", i);
    obs[i] = (CtStoreObservation){0};
    obs[i].server_id = ids + i * 16;
    obs[i].loinc = "8867-4";
    obs[i].value = 60 + i % 20;
    obs[i].unit = "/min";
    obs[i].effective = "2026-10-01T08:00:00Z";
  }
  sync.source = PLATFORM;
  sync.server_id = "p1";
  sync.display_name = "Synthetic Platform Patient";
  sync.patient_json = "{\"resourceType\": \"Patient\", \"id\": \"p1\"}";
  sync.observations = obs;
  sync.n_observations = G_N_ELEMENTS(obs);
  sync.twin_json = document;
  sync.twin_server_version = "1";
  g_assert_true(ct_store_sync_patient(store, &sync, &key, NULL, &error));
  g_assert_no_error(error);
  g_assert_true(ct_store_save_scenario(store, key, "kept plan", crt_plan, &error));
  g_assert_no_error(error);
  demo = ct_store_find_patient(store, "demo", "normal", &error);
  g_assert_no_error(error);
  g_assert_true(ct_store_save_scenario(store, demo->key, "demo plan", crt_plan, &error));
  g_assert_no_error(error);
}

/* The names of the plans of patient @source/@server_id in the application's cache. */
static GStrv plan_names(const char *source, const char *server_id)
{
  CtStore *store = ct_application_get_store(app);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStorePatient) patient = ct_store_find_patient(store, source, server_id, &error);
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new();

  g_assert_no_error(error);
  plans = ct_store_list_scenarios(store, patient->key, &error);
  g_assert_no_error(error);
  for (guint i = 0; i < plans->len; i++)
    g_strv_builder_add(names, ((CtStoreScenario *)plans->pdata[i])->name);
  return g_strv_builder_end(names);
}

/* ------------------------------------------------------------------ the window */

static gboolean rebuild_done(gpointer data)
{
  return !ct_window_get_rebuilding(data);
}

static void keep_message(CtTwinPage *page, const char *message, char **kept)
{
  g_test_message("message: %s", message);
  g_free(*kept);
  *kept = g_strdup(message);
}

static gint64 patient_key(CtStore *store, const char *source, const char *server_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStorePatient) patient = ct_store_find_patient(store, source, server_id, &error);

  g_assert_no_error(error);
  return patient->key;
}

/* Opens the patient, and waits for the engine's first answer. */
static void open_and_simulate(CtWindow *in, gint64 key)
{
  g_assert_true(ct_window_open_patient(in, key));
  g_assert_null(ct_window_get_load_error(in));
  ct_ui_test_wait_until(ct_ui_test_plan_answered, in, 60, "the first beats");
}

/* A plan saved from the open twin: not saved; the message says why. */
static void assert_plan_not_saved(CtWindow *in, const char *needle)
{
  CtTwinPage *page = ct_window_get_twin_page(in);
  g_autofree char *message = NULL;
  gulong handler = g_signal_connect(page, "message", G_CALLBACK(keep_message), &message);

  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(page), "twin.save-plan-as", "s", "new plan"));
  g_signal_handler_disconnect(page, handler);
  g_assert_nonnull(message);
  g_assert_nonnull(strstr(message, "not saved"));
  g_assert_nonnull(strstr(message, needle));
}

/* Rebuild, as the clinician does it: the banner's button, then the dialog's Rebuild. */
static void rebuild_from_window(void)
{
  AdwMessageDialog *dialog;

  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(window), "win.rebuild-cache", NULL));
  ct_ui_test_iterate_for(200);
  /* The confirmation Rebuild asks for, over the window. */
  dialog = ct_ui_test_find_message_dialog(GTK_WINDOW(window));
  g_assert_nonnull(dialog);
  g_test_message("asks: %s — %s", adw_message_dialog_get_heading(dialog),
                 adw_message_dialog_get_body(dialog));
  adw_message_dialog_response(dialog, "rebuild");
  ct_ui_test_iterate_for(50);
  ct_ui_test_wait_until(rebuild_done, window, 60, "the rebuild");
}

/* The window lists the demos only, from a cache that works, and says nothing about it. */
static void assert_demos_only(void)
{
  GListModel *patients = ct_window_get_patients(window);
  g_auto(GStrv) demos = ct_twin_list_demos();
  CtStore *store = ct_application_get_store(app);

  g_assert_nonnull(store);
  g_assert_false(ct_store_is_read_only(store));
  g_assert_null(ct_application_get_store_error(app));
  g_assert_null(ct_window_get_cache_notice(window));
  g_assert_null(ct_window_get_load_error(window));
  g_assert_cmpuint(g_list_model_get_n_items(patients), ==, g_strv_length(demos));
  for (guint i = 0; i < g_list_model_get_n_items(patients); i++) {
    g_autoptr(CtPatientItem) item = g_list_model_get_item(patients, i);

    g_assert_true(ct_patient_item_get_is_demo(item));
  }
}

/* ------------------------------------------------------------------ tests */

/* Damaged inside: read as far as it goes, never written; rebuilt on the clinician's word. */
static void test_damaged_rebuild(void)
{
  g_autofree char *damaged = NULL;
  g_autofree char *aside = NULL;
  g_autoptr(GSettings) settings = g_settings_new(CT_APPLICATION_ID);
  gsize length = 0;
  gint64 key;

  remove_cache();
  make_cache(cache_path);
  ct_test_damage_table(cache_path, "observations");
  damaged = file_bytes(cache_path, &length);
  /* No platform: the rebuild makes the demos, and does not ask anyone for the platform patient. */
  g_settings_set_string(settings, "platform-url", "");

  start_app();
  g_assert_nonnull(ct_application_get_store(app));
  g_assert_true(ct_store_is_damaged(ct_application_get_store(app)));
  g_assert_error((GError *)ct_application_get_store_error(app), CT_STORE_ERROR,
                 CT_STORE_ERROR_CORRUPT);
  g_test_message("banner: %s", ct_window_get_cache_notice(window));
  g_assert_nonnull(strstr(ct_window_get_cache_notice(window), "damaged"));
  g_assert_nonnull(strstr(ct_window_get_cache_notice(window), "nothing you change is saved"));
  /* What can still be read: the demos and the platform patient; the twin opens, the engine runs. */
  g_assert_cmpuint(g_list_model_get_n_items(ct_window_get_patients(window)), ==, n_made_patients());
  key = patient_key(ct_application_get_store(app), PLATFORM, "p1");
  open_and_simulate(window, key);
  assert_plan_not_saved(window, "damaged");
  ct_ui_test_save_screenshot(GTK_WIDGET(window), "main-window-damaged-cache", 1000);
  assert_file_is(cache_path, damaged, length);

  rebuild_from_window();
  /* The damaged file beside the new one, byte for byte; the new cache has the demos, works, and
   * the twin of the old cache is closed. */
  aside = aside_file();
  g_test_message("kept as %s", aside);
  assert_file_is(aside, damaged, length);
  assert_demos_only();
  /* A demo's plan in the damaged cache comes back with the demo. */
  {
    g_auto(GStrv) plans = plan_names("demo", "normal");

    g_assert_true(g_strv_contains((const char *const *)plans, "demo plan"));
  }
  g_assert_null(ct_window_get_twin_page(window));
  open_and_simulate(window, patient_key(ct_application_get_store(app), "demo", "normal"));
  stop_app();
}

/* Not a database: nothing to read; Rebuild keeps the file and makes a cache. */
static void test_not_a_database(void)
{
  static const char notes[] = "Not a cache: a clinician's notes, saved here by mistake. Keep me.\n";
  g_autofree char *aside = NULL;

  remove_cache();
  g_assert_true(g_file_set_contents(cache_path, notes, -1, NULL));
  start_app();
  g_assert_null(ct_application_get_store(app));
  g_assert_nonnull(ct_window_get_load_error(window));
  g_test_message("banner: %s", ct_window_get_cache_notice(window));
  g_assert_nonnull(strstr(ct_window_get_cache_notice(window), "cannot be read"));
  g_assert_cmpuint(g_list_model_get_n_items(ct_window_get_patients(window)), ==, 0);
  assert_file_is(cache_path, notes, strlen(notes));

  rebuild_from_window();
  aside = aside_file();
  assert_file_is(aside, notes, strlen(notes));
  assert_demos_only();
  stop_app();
}

/* A plan whose document the damaged file holds as NULL (what its schema forbids, which the
 * integrity check calls damage) stays behind; the rebuild goes on. */
static void test_rebuild_plan_without_document(void)
{
  g_autoptr(GSettings) settings = g_settings_new(CT_APPLICATION_ID);

  remove_cache();
  make_cache(cache_path);
  ct_test_null_column(cache_path, "scenarios", "document");
  g_settings_set_string(settings, "platform-url", "");
  start_app();
  g_assert_error((GError *)ct_application_get_store_error(app), CT_STORE_ERROR,
                 CT_STORE_ERROR_CORRUPT);
  g_test_message("damaged: %s", ct_application_get_store_error(app)->message);
  rebuild_from_window();
  assert_demos_only();
  {
    g_auto(GStrv) plans = plan_names("demo", "normal");

    g_assert_false(g_strv_contains((const char *const *)plans, "demo plan"));
  }
  stop_app();
}

static gboolean no_rebuild_under_way(gpointer data)
{
  return ct_application_get_cache_rebuild(app) == NULL;
}

/* The last window closed while the rebuild is under way: it imports nobody, its platform patient
 * neither imported nor tried. Whether the first step (the damaged file moved aside, the new cache)
 * happened depends on whether its worker had started when the window closed: either it did, and
 * the new cache holds the demos and the demo's plan, or it did not, and the damaged file is where
 * it was, untouched, still refused as damaged. Never half of it. */
static void test_rebuild_cancelled_with_last_window(void)
{
  g_autoptr(GSettings) settings = g_settings_new(CT_APPLICATION_ID);
  g_autoptr(CtCacheRebuild) rebuild = NULL;
  g_autoptr(CtStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *damaged = NULL;
  gsize length = 0;

  remove_cache();
  make_cache(cache_path);
  ct_test_damage_table(cache_path, "observations");
  damaged = file_bytes(cache_path, &length);
  g_settings_set_string(settings, "platform-url", PLATFORM);
  start_app();
  g_assert_true(ct_application_rebuild_cache(app, PLATFORM));
  rebuild = g_object_ref(ct_application_get_cache_rebuild(app));
  gtk_window_destroy(GTK_WINDOW(window));
  window = NULL;
  ct_ui_test_wait_until(no_rebuild_under_way, NULL, 60, "the rebuild");
  g_assert_cmpuint(ct_cache_rebuild_get_n_imported(rebuild), ==, 0);
  g_assert_cmpuint(ct_cache_rebuild_get_n_failed(rebuild), ==, 0);
  store = ct_store_open(cache_path, "tester", &error);
  if (ct_cache_rebuild_get_store(rebuild) != NULL) {
    g_auto(GStrv) demos = ct_twin_list_demos();
    g_autoptr(GPtrArray) patients = NULL;

    g_test_message("cancelled after the new cache was made");
    g_assert_cmpuint(ct_cache_rebuild_get_n_to_import(rebuild), ==, 1);
    /* Of the two plans, the demo's came back; the platform patient's stays in the damaged file. */
    g_assert_cmpuint(ct_cache_rebuild_get_n_plans_found(rebuild), ==, 2);
    g_assert_cmpuint(ct_cache_rebuild_get_n_plans_carried(rebuild), ==, 1);
    assert_file_is(ct_cache_rebuild_get_aside_path(rebuild), damaged, length);
    g_assert_no_error(error);
    patients = ct_store_search_patients(store, NULL, 0, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(patients->len, ==, g_strv_length(demos));
  } else {
    g_test_message("cancelled before the damaged cache was moved");
    g_assert_null(ct_cache_rebuild_get_aside_path(rebuild));
    g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_CORRUPT);
    assert_file_is(cache_path, damaged, length);
  }
  g_settings_set_string(settings, "platform-url", "");
  g_clear_object(&app);
}

/* One rebuild for all the application's windows: a second window shows it and cannot start
 * another; it goes on when the window it was started from closes, and every window gets the new
 * cache. */
static void test_rebuild_one_for_all_windows(void)
{
  static const char notes[] = "Not a cache.\n";
  g_autoptr(CtDrugLibrary) drugs = ct_drug_library_new_default(NULL);
  g_autofree char *aside = NULL;
  AdwMessageDialog *dialog;
  CtWindow *second;

  remove_cache();
  g_assert_true(g_file_set_contents(cache_path, notes, -1, NULL));
  start_app();
  second = ct_window_new(GTK_APPLICATION(app), ct_application_get_store(app),
                         ct_application_get_store_error(app), drugs);
  gtk_window_present(GTK_WINDOW(second));
  ct_ui_test_iterate_for(200);
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(window), "win.rebuild-cache", NULL));
  ct_ui_test_iterate_for(200);
  dialog = ct_ui_test_find_message_dialog(GTK_WINDOW(window));
  g_assert_nonnull(dialog);
  g_test_message("asks: %s", adw_message_dialog_get_body(dialog));
  /* Said before it starts: what is not carried over. */
  g_assert_nonnull(strstr(adw_message_dialog_get_body(dialog), "not carried over"));
  ct_ui_test_save_screenshot(GTK_WIDGET(dialog), "rebuild-cache-dialog", 300);
  adw_message_dialog_response(dialog, "rebuild");
  g_assert_nonnull(ct_application_get_cache_rebuild(app));
  g_assert_true(ct_window_get_rebuilding(window));
  g_assert_true(ct_window_get_rebuilding(second));
  gtk_widget_activate_action(GTK_WIDGET(second), "win.rebuild-cache", NULL);
  ct_ui_test_iterate_for(50);
  g_assert_null(ct_ui_test_find_message_dialog(GTK_WINDOW(second)));
  /* The window it was started from goes; the rebuild does not. */
  gtk_window_destroy(GTK_WINDOW(window));
  window = second;
  ct_ui_test_wait_until(no_rebuild_under_way, NULL, 60, "the rebuild");
  aside = aside_file();
  assert_file_is(aside, notes, strlen(notes));
  assert_demos_only();
  stop_app();
}

static gboolean import_window_ready(gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels();

  for (guint i = 0; i < g_list_model_get_n_items(toplevels); i++) {
    g_autoptr(GtkWindow) candidate = g_list_model_get_item(toplevels, i);

    if (CT_IS_IMPORT_WINDOW(candidate) && gtk_widget_get_visible(GTK_WIDGET(candidate))) {
      *(CtImportWindow **)data = CT_IMPORT_WINDOW(candidate);
      return TRUE;
    }
  }
  return FALSE;
}

/* A window on a read-only cache: it says so; the twins open and the engine runs; a plan is not
 * saved, nothing is imported, and the file stays as it was. */
static void check_read_only_window(CtWindow *in, CtStore *store)
{
  g_autoptr(GSettings) settings = g_settings_new(CT_APPLICATION_ID);
  CtImportWindow *import = NULL;

  g_test_message("banner: %s", ct_window_get_cache_notice(in));
  g_assert_nonnull(strstr(ct_window_get_cache_notice(in), "read-only"));
  g_assert_null(ct_ui_test_find_message_dialog(GTK_WINDOW(in)));
  /* No rebuild for a cache that is not damaged. */
  gtk_widget_activate_action(GTK_WIDGET(in), "win.rebuild-cache", NULL);
  ct_ui_test_iterate_for(100);
  g_assert_null(ct_ui_test_find_message_dialog(GTK_WINDOW(in)));
  g_assert_cmpuint(g_list_model_get_n_items(ct_window_get_patients(in)), ==, n_made_patients());
  open_and_simulate(in, patient_key(store, "demo", "hfref-lbbb"));
  assert_plan_not_saved(in, "read-only");
  /* With a platform set, the import says at once that the cache cannot take anything. */
  g_settings_set_string(settings, "platform-url", PLATFORM);
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(in), "win.import-patient", NULL));
  ct_ui_test_wait_until(import_window_ready, &import, 10, "the import window");
  g_assert_false(ct_import_window_get_available(import));
  gtk_window_destroy(GTK_WINDOW(import));
  g_settings_set_string(settings, "platform-url", "");
  ct_ui_test_iterate_for(100);
}

/* A cache opened read-only by choice, in a second window of the application. */
static void test_read_only(void)
{
  g_autofree char *copy_dir = g_build_filename(tmp_dir, "read-only", NULL);
  g_autofree char *copy = g_build_filename(copy_dir, "cache.sqlite", NULL);
  g_autofree char *bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStore) store = NULL;
  g_autoptr(CtDrugLibrary) drugs = ct_drug_library_new_default(NULL);
  CtWindow *second;
  gsize length = 0;

  remove_cache();
  make_cache(copy);
  bytes = file_bytes(copy, &length);

  /* Opened read-only by choice, as a file or folder that cannot be written is (root writes
   * anywhere: this works for every user, where test_read_only_folder() does not). */
  start_app();
  store = ct_store_open_full(copy, "tester", CT_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error(error);
  second = ct_window_new(GTK_APPLICATION(app), store, NULL, drugs);
  gtk_window_present(GTK_WINDOW(second));
  ct_ui_test_iterate_for(200);
  check_read_only_window(second, store);
  gtk_window_destroy(GTK_WINDOW(second));
  ct_ui_test_iterate_for(100);
  stop_app();
  g_clear_object(&store);
  assert_file_is(copy, bytes, length);
}

/* The application's own cache in a folder the user cannot write: the application opens it
 * read-only, by itself. */
static void test_read_only_folder(void)
{
  g_autofree char *dir = g_path_get_dirname(cache_path);
  g_autofree char *bytes = NULL;
  gsize length = 0;

  if (geteuid() == 0) {
    g_test_skip("running as root, whom permissions do not stop: the cache in a read-only folder "
                "is checked by ordinary users only");
    return;
  }
  remove_cache();
  make_cache(cache_path);
  bytes = file_bytes(cache_path, &length);
  g_assert_cmpint(g_chmod(dir, 0500), ==, 0);
  start_app();
  g_assert_true(ct_store_is_read_only(ct_application_get_store(app)));
  check_read_only_window(window, ct_application_get_store(app));
  stop_app();
  g_assert_cmpint(g_chmod(dir, 0700), ==, 0);
  assert_file_is(cache_path, bytes, length);
}

/* A twin whose newest version a newer CardioTwin wrote into the same cache. */
static void test_newer_twin(void)
{
  g_autoptr(CtTwin) twin = ct_twin_new_from_demo("hfref-lbbb", NULL);
  g_autoptr(GBytes) bytes = ct_twin_to_bytes(twin);
  g_autofree char *text = g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
  g_auto(GStrv) parts = g_strsplit(text, "\"cardiotwin/1\"", 2);
  g_autofree char *newer = g_strjoinv("\"cardiotwin/2\"", parts);
  g_autofree char *newer_file = g_build_filename(tmp_dir, "newer-twin.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path(newer_file);
  g_autofree char *kept = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 key;

  remove_cache();
  make_cache(cache_path);
  g_assert_cmpint(sqlite3_open(cache_path, &db), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_prepare_v2(db,
                                     "INSERT INTO twins (patient_id, version, twin_id, document, "
                                     "provenance, created_at) SELECT id, 2, 'demo-hfref-lbbb', ?, "
                                     "'fitted', '2030-01-01T00:00:00Z' FROM patients WHERE "
                                     "source = 'demo' AND server_id = 'hfref-lbbb'",
                                     -1, &stmt, NULL),
                  ==, SQLITE_OK);
  sqlite3_bind_text(stmt, 1, newer, -1, SQLITE_STATIC);
  g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_DONE);
  g_assert_cmpint(sqlite3_changes(db), ==, 1);
  sqlite3_finalize(stmt);
  sqlite3_close(db);

  start_app();
  g_assert_null(ct_window_get_cache_notice(window));
  key = patient_key(ct_application_get_store(app), "demo", "hfref-lbbb");
  g_assert_false(ct_window_open_patient(window, key));
  g_test_message("%s", ct_window_get_load_error(window));
  g_assert_nonnull(strstr(ct_window_get_load_error(window), "newer CardioTwin"));
  g_assert_nonnull(strstr(ct_window_get_load_error(window), "update CardioTwin"));
  g_assert_null(ct_window_get_twin_page(window));
  /* The version before, offered on a button, opens. */
  g_assert_cmpint(ct_window_get_offered_version(window), ==, 1);
  ct_ui_test_save_screenshot(GTK_WIDGET(window), "main-window-newer-twin", 500);
  g_assert_true(
      gtk_widget_activate_action(GTK_WIDGET(window), "win.open-twin-version", "(xi)", key, 1));
  g_assert_null(ct_window_get_load_error(window));
  ct_ui_test_wait_until(ct_ui_test_plan_answered, window, 60, "the first beats");
  g_assert_cmpstr(ct_twin_get_id(ct_twin_page_get_twin(ct_window_get_twin_page(window))), ==,
                  "demo-hfref-lbbb");
  /* Other patients open as ever. */
  open_and_simulate(window, patient_key(ct_application_get_store(app), "demo", "normal"));

  /* The same document as a file: the same reason. */
  g_assert_true(g_file_set_contents(newer_file, newer, -1, NULL));
  g_assert_false(ct_window_open_file(window, file));
  g_assert_nonnull(strstr(ct_window_get_load_error(window), "newer CardioTwin"));
  stop_app();

  /* The newer document is in the cache as it was written. */
  g_assert_cmpint(sqlite3_open_v2(cache_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint(
      sqlite3_prepare_v2(db, "SELECT document FROM twins WHERE version = 2", -1, &stmt, NULL), ==,
      SQLITE_OK);
  g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_ROW);
  kept = g_strdup((const char *)sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  g_assert_cmpstr(kept, ==, newer);
}

/* Only the cache's -wal where the cache should be: no cache is made beside it (SQLite would empty
 * it), the window says why and what to do, no rebuild is offered (it would refuse the same way),
 * and the journal keeps its bytes. Once it is moved away, the next start makes the cache. */
static void test_journal_without_cache(void)
{
  static const char wal_bytes[] = "the write-ahead log of a cache that was moved away without it";
  g_autofree char *wal = g_strconcat(cache_path, "-wal", NULL);
  g_autofree char *moved = g_strconcat(wal, ".kept", NULL);

  remove_cache();
  g_assert_true(g_file_set_contents(wal, wal_bytes, -1, NULL));
  start_app();
  g_assert_null(ct_application_get_store(app));
  g_assert_nonnull(ct_window_get_load_error(window));
  g_test_message("%s", ct_window_get_load_error(window));
  g_assert_nonnull(strstr(ct_window_get_load_error(window), wal));
  /* No rebuild is offered: asking for one asks nothing. */
  gtk_widget_activate_action(GTK_WIDGET(window), "win.rebuild-cache", NULL);
  ct_ui_test_iterate_for(200);
  g_assert_null(ct_ui_test_find_message_dialog(NULL));
  g_assert_cmpuint(g_list_model_get_n_items(ct_window_get_patients(window)), ==, 0);
  ct_ui_test_save_screenshot(GTK_WIDGET(window), "main-window-journal-without-cache", 500);
  stop_app();
  g_assert_false(g_file_test(cache_path, G_FILE_TEST_EXISTS));
  assert_file_is(wal, wal_bytes, strlen(wal_bytes));

  g_assert_cmpint(g_rename(wal, moved), ==, 0);
  start_app();
  g_assert_nonnull(ct_application_get_store(app));
  g_assert_null(ct_window_get_load_error(window));
  stop_app();
  assert_file_is(moved, wal_bytes, strlen(wal_bytes));
}

int main(int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* A private data and configuration folder: each test puts the cache it needs there. */
  tmp_dir = g_dir_make_tmp("ct-test-cache-faults-XXXXXX", &error);
  g_assert_no_error(error);
  g_setenv("XDG_DATA_HOME", tmp_dir, TRUE);
  g_setenv("XDG_CONFIG_HOME", tmp_dir, TRUE);
  g_test_init(&argc, &argv, NULL);
  cache_path = ct_store_default_path();
  g_assert_true(g_str_has_prefix(cache_path, tmp_dir));
  /* As main() does: cairo compositing on a software rasteriser (ct-application.c). */
  ct_application_prefer_cairo_on_software_gl();

  g_test_add_func("/cache-faults/damaged-rebuild", test_damaged_rebuild);
  g_test_add_func("/cache-faults/not-a-database", test_not_a_database);
  g_test_add_func("/cache-faults/rebuild-one-for-all-windows", test_rebuild_one_for_all_windows);
  g_test_add_func("/cache-faults/rebuild-plan-without-document",
                  test_rebuild_plan_without_document);
  g_test_add_func("/cache-faults/rebuild-cancelled-with-last-window",
                  test_rebuild_cancelled_with_last_window);
  g_test_add_func("/cache-faults/read-only", test_read_only);
  g_test_add_func("/cache-faults/read-only-folder", test_read_only_folder);
  g_test_add_func("/cache-faults/newer-twin", test_newer_twin);
  g_test_add_func("/cache-faults/journal-without-cache", test_journal_without_cache);
  status = g_test_run();

  ct_test_remove_tree(tmp_dir);
  g_free(tmp_dir);
  g_free(cache_path);
  return status;
}

/* test-privacy.c — what a whole session leaves behind holds no patient's name or identifier and
 * not the platform's bearer token.
 *
 * The session is the application's own, in windows on Xvfb (tests/run-with-xvfb.sh), against the
 * FHIR test server on loopback (tests/fhir-server: 50 synthetic patients), with the token in a
 * keyring of the test's own (tests/run-with-keyring.sh): the platform set in the preferences,
 * patients searched by name and by MRN and imported, a twin opened, a recalibration (the fit), a
 * plan saved, the plan report exported; then cardiotwin-sim run as a program on the imported twin
 * and the saved plan. The application's path rather than the rooms' (ct_fhir_client, ct_store,
 * ct_fit, ct_report) because the windows are where a name is shown, searched for and put in a
 * status line, and where a GTK or GLib message could carry one.
 *
 * What it leaves behind, all of it searched:
 *   - every log record of the process, at every level (G_MESSAGES_DEBUG=all, so that g_debug()
 *     calls format their message too), every field, through a log writer of the test's own;
 *   - everything written to the process's stderr (file descriptor 2, copied through a pipe: what
 *     bypasses GLib's logging, and a crash's report while the session runs), and the stdout and
 *     stderr of the cardiotwin-sim runs;
 *   - every row and column of the cache's audit_log table;
 *   - the settings, kept in a key file (GSETTINGS_BACKEND=keyfile in a folder of the test's own)
 *     rather than in memory, so that what was saved is a file to read;
 *   - any other file the session wrote under its data and configuration folders (not the cache,
 *     which holds the patients by design, nor the files the session was asked to write).
 * What is searched for: every Patient the server holds, as the server answers (not as this test
 * imagines them): its id, every identifier value (MRN and national number), its name as text and
 * each family and given name; and the token, random for each run. Each in any case (a name in
 * capitals is still the name) and in the encodings a program writes text in: percent-encoded as
 * in a URL (a space as %20, or as + in a form), with the \uXXXX escapes of JSON, and for the token
 * base64 too (an Authorization header, a data: URI), wherever it starts in the encoded text.
 *
 * The test checks its collectors too (a record of each level, and a line written to stderr past
 * GLib, must be found), and its matcher: every needle, written in each of those ways (by
 * libcurl, a JSON escaper of the check's own, base64 of a whole text around the token: not by the
 * matcher's own encoders) and planted in a scratch text, must be found, and the scratch text
 * alone must not. A collector that sees nothing, or a matcher that finds nothing, cannot pass
 * for a clean session.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <curl/curl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "ct-application.h"
#include "ct-fhir-test-server.h"
#include "ct-import-window.h"
#include "ct-test-util.h"
#include "ct-token-store.h"
#include "ct-trends-view.h"
#include "ct-ui-test-util.h"
#include "ct-window.h"

#define APPLICATION_ID "org.cardiotwin.CardioTwin"
/* pat-0000 has the most observations (968, home monitoring among them: the fit's data), a twin
 * package and a mesh; pat-0010 a twin package and a progress note. */
#define FIRST_PATIENT  "pat-0000"
#define SECOND_PATIENT "pat-0010"

static char *tmp_dir;
static char *token;
static CtFhirTestServer *server;

/* ------------------------------------------------------------------ what the process says */

static GMutex capture_lock;
static GString *logged;       /* every field of every log record */
static GString *stderr_text;  /* file descriptor 2 while the session ran */
static int saved_stderr = -1; /* the real stderr, for the copy */
static int stderr_pipe = -1;  /* the pipe's reading end */
static GThread *stderr_pump;

/* Keeps every record, whatever its level and domain; shows the ones a test shows (warnings and
 * above: under G_DEBUG=fatal-warnings they still abort, after being kept). */
static GLogWriterOutput capture_log(GLogLevelFlags level, const GLogField *fields, gsize n_fields,
                                    gpointer user_data)
{
  g_mutex_lock(&capture_lock);
  for (gsize i = 0; i < n_fields; i++) {
    /* Every field a string but those that say otherwise (a length of -1: NUL-terminated). */
    g_string_append_printf(logged, "%s=", fields[i].key);
    if (fields[i].length < 0)
      g_string_append(logged, fields[i].value);
    else
      g_string_append_len(logged, fields[i].value, fields[i].length);
    g_string_append_c(logged, '\n');
  }
  g_mutex_unlock(&capture_lock);
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO | G_LOG_LEVEL_MESSAGE))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default(level, fields, n_fields, user_data);
}

/* Copies the pipe that is now file descriptor 2 to the real stderr, keeping a copy. */
static gpointer pump_stderr(gpointer data)
{
  char buffer[4096];
  ssize_t n;

  while ((n = read(stderr_pipe, buffer, sizeof buffer)) > 0) {
    g_mutex_lock(&capture_lock);
    g_string_append_len(stderr_text, buffer, n);
    g_mutex_unlock(&capture_lock);
    if (write(saved_stderr, buffer, (size_t)n) < 0)
      break;
  }
  return NULL;
}

static void start_stderr_capture(void)
{
  int fds[2];

  g_assert_cmpint(pipe(fds), ==, 0);
  fflush(stderr);
  saved_stderr = dup(STDERR_FILENO);
  g_assert_cmpint(saved_stderr, >=, 0);
  g_assert_cmpint(dup2(fds[1], STDERR_FILENO), ==, STDERR_FILENO);
  close(fds[1]);
  stderr_pipe = fds[0];
  stderr_pump = g_thread_new("stderr", pump_stderr, NULL);
}

/* Puts the real stderr back. The pipe's last writer goes with it, so the copy ends: every process
 * started while it ran (the server, the keyring) is started before or stopped before this. */
static void stop_stderr_capture(void)
{
  fflush(stderr);
  g_assert_cmpint(dup2(saved_stderr, STDERR_FILENO), ==, STDERR_FILENO);
  close(saved_stderr);
  g_thread_join(stderr_pump);
  close(stderr_pipe);
}

/* ------------------------------------------------------------------ the platform's patients */

/* One way a needle may be written down. */
typedef struct {
  char *text;           /* lower-cased in ASCII, as the texts searched are (find_needle) */
  const char *encoding; /* for the message: "as is", "URL-encoded", ... */
} Form;

typedef struct {
  char *needle;
  char *what;    /* which patient's what, for the message */
  GArray *forms; /* of Form: the needle in each case and encoding searched for */
} Needle;

static void form_clear(gpointer data)
{
  g_free(((Form *)data)->text);
}

static void needle_free(gpointer data)
{
  Needle *needle = data;

  g_free(needle->needle);
  g_free(needle->what);
  g_array_unref(needle->forms);
  g_free(needle);
}

/* Adds @text (taken) as a form of @needle, unless it has it already. */
static void add_form(Needle *needle, char *text, const char *encoding)
{
  Form form = {g_ascii_strdown(text, -1), encoding};

  g_free(text);
  for (guint i = 0; i < needle->forms->len; i++)
    if (strcmp(g_array_index(needle->forms, Form, i).text, form.text) == 0) {
      g_free(form.text);
      return;
    }
  g_array_append_val(needle->forms, form);
}

/* @text as a JSON string holds it when every character beyond ASCII is escaped (\u00e6, a
 * surrogate pair beyond the BMP), as many JSON writers do (Python's json by default). */
static char *json_escape_non_ascii(const char *text)
{
  g_autofree gunichar2 *units = g_utf8_to_utf16(text, -1, NULL, NULL, NULL);
  GString *out = g_string_new(NULL);

  if (units == NULL)
    g_error("a needle is not UTF-8: %s", text);
  for (const gunichar2 *u = units; *u != 0; u++) {
    if (*u < 0x80)
      g_string_append_c(out, (char)*u);
    else
      g_string_append_printf(out, "\\u%04x", *u);
  }
  return g_string_free(out, FALSE);
}

/* The base64 of @secret inside a longer text, whatever the number of bytes before it: for each
 * of the three offsets a group of three bytes allows, the characters that only @secret's bytes
 * make (those that also hold bits of the bytes around it left out), in the standard alphabet and
 * the URL-safe one. Matched without case, as every form is: more than base64 says, never less. */
static void add_base64_forms(Needle *needle, const char *secret)
{
  gsize length = strlen(secret);

  for (gsize before = 0; before < 3; before++) {
    g_autofree guchar *bytes = g_malloc0(before + length);
    g_autofree char *encoded = NULL;
    /* Character c of the encoding holds bits 6c to 6c + 5 of the bytes. */
    gsize first = (8 * before + 5) / 6, end = 8 * (before + length) / 6;
    char *inner;

    memcpy(bytes + before, secret, length);
    encoded = g_base64_encode(bytes, before + length);
    inner = g_strndup(encoded + first, end - first);
    add_form(needle, g_strdup(inner), "base64-encoded");
    g_strdelimit(inner, "+", '-');
    g_strdelimit(inner, "/", '_');
    add_form(needle, inner, "base64url-encoded");
  }
}

/* @needle in every case and encoding find_needle() looks for. */
static void add_forms(Needle *needle, gboolean secret)
{
  char *cases[] = {g_strdup(needle->needle), g_utf8_strdown(needle->needle, -1),
                   g_utf8_strup(needle->needle, -1)};

  for (guint c = 0; c < G_N_ELEMENTS(cases); c++) {
    char *escaped = g_uri_escape_string(cases[c], NULL, FALSE);
    GString *form = g_string_new(escaped);

    add_form(needle, g_strdup(cases[c]), "as is");
    add_form(needle, escaped, "URL-encoded");
    g_string_replace(form, "%20", "+", 0);
    add_form(needle, g_string_free(form, FALSE), "form-encoded");
    add_form(needle, json_escape_non_ascii(cases[c]), "JSON-escaped");
    g_free(cases[c]);
  }
  if (secret)
    add_base64_forms(needle, needle->needle);
}

/* The first form of @needle in @lowered (a text lower-cased in ASCII), at *@offset; NULL if none
 * is there. */
static const Form *find_needle(const char *lowered, const Needle *needle, gsize *offset)
{
  for (guint i = 0; i < needle->forms->len; i++) {
    const Form *form = &g_array_index(needle->forms, Form, i);
    const char *at = strstr(lowered, form->text);

    if (at != NULL) {
      *offset = (gsize)(at - lowered);
      return form;
    }
  }
  return NULL;
}

static void add_needle_full(GPtrArray *needles, const char *text, const char *what, const char *id,
                            gboolean secret)
{
  Needle *needle;

  /* A one- or two-letter given name would be found in any text; the synthetic names are longer. */
  if (text == NULL || strlen(text) < 3)
    return;
  needle = g_new0(Needle, 1);
  needle->needle = g_strdup(text);
  needle->what = g_strdup_printf("%s of %s", what, id);
  needle->forms = g_array_new(FALSE, FALSE, sizeof(Form));
  g_array_set_clear_func(needle->forms, form_clear);
  add_forms(needle, secret);
  g_ptr_array_add(needles, needle);
}

static void add_needle(GPtrArray *needles, const char *text, const char *what, const char *id)
{
  add_needle_full(needles, text, what, id, FALSE);
}

static size_t collect(char *data, size_t size, size_t n, void *user_data)
{
  g_string_append_len(user_data, data, (gssize)(size * n));
  return size * n;
}

/* Every Patient the server holds, each one's id, identifiers and names, as the server sends
 * them; and the token. */
static GPtrArray *needles_from_server(void)
{
  g_autofree char *url = g_strdup_printf("%s/Patient?_count=500", server->base_url);
  g_autofree char *authorization = g_strdup_printf("Authorization: Bearer %s", token);
  g_autoptr(GString) body = g_string_new(NULL);
  g_autoptr(JsonParser) parser = json_parser_new();
  g_autoptr(GError) error = NULL;
  GPtrArray *needles = g_ptr_array_new_with_free_func(needle_free);
  struct curl_slist *headers = curl_slist_append(NULL, authorization);
  CURL *curl = curl_easy_init();
  JsonArray *entries;
  long status = 0;

  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, body);
  g_assert_cmpint(curl_easy_perform(curl), ==, CURLE_OK);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  g_assert_cmpint(status, ==, 200);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);

  g_assert_true(json_parser_load_from_data(parser, body->str, (gssize)body->len, &error));
  g_assert_no_error(error);
  entries =
      json_object_get_array_member(json_node_get_object(json_parser_get_root(parser)), "entry");
  for (guint i = 0; i < json_array_get_length(entries); i++) {
    JsonObject *patient =
        json_object_get_object_member(json_array_get_object_element(entries, i), "resource");
    const char *id = json_object_get_string_member(patient, "id");
    JsonArray *identifiers = json_object_get_array_member(patient, "identifier");
    JsonArray *names = json_object_get_array_member(patient, "name");

    add_needle(needles, id, "the FHIR id", id);
    for (guint k = 0; identifiers != NULL && k < json_array_get_length(identifiers); k++)
      add_needle(
          needles,
          json_object_get_string_member(json_array_get_object_element(identifiers, k), "value"),
          "an identifier", id);
    for (guint k = 0; names != NULL && k < json_array_get_length(names); k++) {
      JsonObject *name = json_array_get_object_element(names, k);
      JsonArray *given = json_object_get_array_member(name, "given");

      add_needle(needles, json_object_get_string_member_with_default(name, "text", NULL),
                 "the name", id);
      add_needle(needles, json_object_get_string_member_with_default(name, "family", NULL),
                 "the family name", id);
      for (guint g = 0; given != NULL && g < json_array_get_length(given); g++)
        add_needle(needles, json_array_get_string_element(given, g), "a given name", id);
    }
  }
  /* All 50 of them, each with a name and two identifiers. */
  g_assert_cmpuint(json_array_get_length(entries), ==, 50);
  g_assert_cmpuint(needles->len, >=, 50 * 5);
  add_needle_full(needles, token, "the bearer token", "the platform", TRUE);
  return needles;
}

/* ------------------------------------------------------------------ the session */

static CtApplication *app;
static CtWindow *window;
static GSettings *settings;

static CtStore *cache(void)
{
  return ct_application_get_store(app);
}

static CtTwinPage *page(void)
{
  CtTwinPage *twin_page = ct_window_get_twin_page(window);

  g_assert_nonnull(twin_page);
  return twin_page;
}

static CtImportWindow *import_window(void)
{
  GListModel *toplevels = gtk_window_get_toplevels();

  for (guint i = 0; i < g_list_model_get_n_items(toplevels); i++) {
    g_autoptr(GObject) toplevel = g_list_model_get_item(toplevels, i);

    if (CT_IS_IMPORT_WINDOW(toplevel) && gtk_widget_get_visible(GTK_WIDGET(toplevel)))
      return CT_IMPORT_WINDOW(toplevel);
  }
  return NULL;
}

static gboolean import_window_shown(gpointer data)
{
  return import_window() != NULL && ct_import_window_get_available(import_window());
}

static gboolean import_window_idle(gpointer data)
{
  return !ct_import_window_get_busy(data);
}

static gboolean import_window_gone(gpointer data)
{
  return import_window() == NULL;
}

/* The twin @twin_id is open (the test server's twin packages are syn-twin-NNNN for pat-NNNN). */
static gboolean twin_open(gpointer twin_id)
{
  CtTwinPage *twin_page = ct_window_get_twin_page(window);

  return twin_page != NULL && ct_twin_page_get_twin(twin_page) != NULL &&
         g_strcmp0(ct_twin_get_id(ct_twin_page_get_twin(twin_page)), twin_id) == 0;
}

/* The recalibrated twin is open, and the trends view done. */
static gboolean fit_done(gpointer data)
{
  CtTwin *twin = ct_twin_page_get_twin(page());

  return !ct_trends_view_get_busy(ct_twin_page_get_trends_view(page())) && twin != NULL &&
         g_strcmp0(ct_twin_get_created_by(twin), "CardioTwin personalization") == 0;
}

static gboolean report_done(gpointer data)
{
  return !ct_twin_page_get_report_busy(page());
}

/* Ctrl+I from the main window: searched for by @query (a name or an MRN), the patient
 * @server_id imported, and opened. */
static void import_patient(const char *query, const char *server_id)
{
  g_autofree char *twin_id = g_strdup_printf("syn-twin-%s", server_id + strlen("pat-"));
  CtImportWindow *importer;

  gtk_widget_activate_action(GTK_WIDGET(window), "win.import-patient", NULL);
  ct_ui_test_wait_until(import_window_shown, NULL, 30, "the import window, signed in");
  importer = import_window();
  ct_import_window_search(importer, query);
  ct_ui_test_wait_until(import_window_idle, importer, 30, "the search");
  g_assert_null(ct_import_window_get_error(importer));
  g_assert_cmpuint(ct_import_window_get_n_results(importer), >=, 1);
  gtk_widget_activate_action(GTK_WIDGET(importer), "import.patient", "s", server_id);
  ct_ui_test_wait_until(twin_open, twin_id, 120, "the imported twin");
  ct_ui_test_wait_until(import_window_gone, NULL, 10, "the import window to close");
}

/* Runs cardiotwin-sim with @args, keeping what it printed. */
static void run_sim(GString *printed, const char *const *args)
{
  g_auto(CtTestRun) run = {0};

  ct_test_run_sim(&run, NULL, args);
  g_string_append_printf(printed, "%s\n%s\n", run.out, run.err);
  if (run.status != 0)
    g_error("cardiotwin-sim %s: exit status %d: %s", args[0], run.status, run.err);
}

/* The family name of the patient @server_id, as the server has it. */
static const char *family_name(GPtrArray *needles, const char *server_id)
{
  g_autofree char *what = g_strdup_printf("the family name of %s", server_id);

  for (guint i = 0; i < needles->len; i++) {
    const Needle *needle = needles->pdata[i];

    if (strcmp(needle->what, what) == 0)
      return needle->needle;
  }
  g_error("%s has no family name", server_id);
  return NULL;
}

static void session(GPtrArray *needles, GString *child_output)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *report = g_build_filename(tmp_dir, "plan-report.pdf", NULL);
  g_autofree char *twin_file = g_build_filename(tmp_dir, "twin.json", NULL);
  g_autofree char *plan_file = g_build_filename(tmp_dir, "plan.json", NULL);
  g_autofree char *cli_report = g_build_filename(tmp_dir, "cli-report.pdf", NULL);
  g_autoptr(CtStorePatient) patient = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  const CtStoreScenario *plan;

  /* The platform, as a clinician sets it in the preferences. */
  settings = g_settings_new(APPLICATION_ID);
  g_settings_set_string(settings, "platform-url", server->base_url);
  app = ct_ui_test_start_app(&window);

  /* Two patients found by name and by MRN, imported, each opened. */
  import_patient(family_name(needles, FIRST_PATIENT), FIRST_PATIENT);
  import_patient("MRN100010", SECOND_PATIENT);

  /* Back to the first: "Recalibrate from Latest" fits its twin to the platform's readings. */
  patient = ct_store_find_patient(cache(), server->base_url, FIRST_PATIENT, &error);
  g_assert_no_error(error);
  g_assert_true(ct_window_open_patient(window, patient->key));
  gtk_widget_activate_action(GTK_WIDGET(page()), "twin.show-trends", NULL);
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(ct_twin_page_get_trends_view(page())),
                                           "trends.recalibrate", NULL));
  for (gint64 give_up = g_get_monotonic_time() + 240 * G_USEC_PER_SEC; !fit_done(NULL);) {
    const char *message = ct_trends_view_get_message(ct_twin_page_get_trends_view(page()));

    if (g_get_monotonic_time() > give_up)
      g_error("timed out waiting for the fit");
    /* A fit that fails says so in the view: no use waiting for its twin. */
    if (message != NULL && !ct_trends_view_get_busy(ct_twin_page_get_trends_view(page())))
      g_error("the fit: %s", message);
    ct_ui_test_iterate_for(20);
  }

  /* A plan: dobutamine, saved; the plan report. */
  ct_ui_test_wait_until(ct_ui_test_plan_answered, window, 120, "the fitted twin's baseline");
  gtk_widget_activate_action(GTK_WIDGET(window), "win.set-dose", "(sd)", "dobutamine", 5.0);
  ct_ui_test_wait_until(ct_ui_test_plan_answered, window, 120, "the plan");
  g_assert_true(
      gtk_widget_activate_action(GTK_WIDGET(page()), "twin.save-plan-as", "s", "Dobutamine 5"));
  gtk_widget_activate_action(GTK_WIDGET(page()), "twin.export-report-to", "s", report);
  ct_ui_test_wait_until(report_done, NULL, 120, "the report");
  g_assert_true(g_file_test(report, G_FILE_TEST_IS_REGULAR));

  /* The command line on the same twin and plan. */
  g_assert_true(ct_twin_save_to_file(ct_twin_page_get_twin(page()), twin_file, &error));
  g_assert_no_error(error);
  plans = ct_store_list_scenarios(cache(), patient->key, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(plans->len, ==, 1);
  plan = plans->pdata[0];
  g_assert_true(g_file_set_contents(plan_file, plan->document, -1, &error));
  g_assert_no_error(error);
  run_sim(child_output, (const char *const[]){"--twin", twin_file, "--json", NULL});
  run_sim(child_output, (const char *const[]){"--twin", twin_file, "--scenario", plan_file,
                                              "--report", cli_report, NULL});

  /* The session ends as the app does: windows closed, settings written out. */
  gtk_window_destroy(GTK_WINDOW(window));
  ct_ui_test_iterate_for(200);
  g_clear_object(&app);
  g_settings_sync();
}

/* ------------------------------------------------------------------ what is left */

/* Every row of the cache's audit log, every column, as text. */
static char *audit_log(const char *cache_path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *rows = g_string_new(NULL);
  guint n = 0;

  g_assert_cmpint(sqlite3_open_v2(cache_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_prepare_v2(db, "SELECT * FROM audit_log", -1, &stmt, NULL), ==,
                  SQLITE_OK);
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    for (int c = 0; c < sqlite3_column_count(stmt); c++) {
      const unsigned char *text = sqlite3_column_text(stmt, c);

      g_string_append_printf(rows, "%s%s", c > 0 ? "|" : "", text != NULL ? (char *)text : "");
    }
    g_string_append_c(rows, '\n');
    n++;
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  /* The session did what it says, and the log has it: two syncs, the twins opened, a fit, a
   * saved plan. */
  g_assert_cmpuint(n, >=, 5);
  for (guint i = 0; i < 4; i++) {
    static const char *const actions[] = {"|sync|", "|open|", "|fit|", "|save-scenario|"};

    if (strstr(rows->str, actions[i]) == NULL)
      g_error("the audit log has no %s row:\n%s", actions[i], rows->str);
  }
  return g_string_free(rows, FALSE);
}

typedef struct {
  const char *where;
  const char *text;
} Collected;

/* Every other file the session wrote under its data and configuration folders (@dir), as
 * "path: contents" (binary files too: a name in one is still a name): all but the cache, which
 * holds the patients by design, and the files the clinician and this test asked for. */
static void other_files(const char *dir, GString *out, guint *n_files)
{
  static const char *const expected[] = {
      "cache.sqlite",    "cache.sqlite-wal", "cache.sqlite-shm", "cache.sqlite-journal",
      "plan-report.pdf", "cli-report.pdf",   "twin.json",        "plan.json",
      "keyfile",
  };
  g_autoptr(GDir) folder = g_dir_open(dir, 0, NULL);
  const char *name;

  while (folder != NULL && (name = g_dir_read_name(folder)) != NULL) {
    g_autofree char *path = g_build_filename(dir, name, NULL);
    g_autofree char *contents = NULL;
    gsize length = 0;

    if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
      other_files(path, out, n_files);
      continue;
    }
    if (g_strv_contains(expected, name) || !g_file_get_contents(path, &contents, &length, NULL))
      continue;
    g_test_message("searched %s too", path);
    g_string_append_printf(out, "%s: ", path);
    /* NULs out, so that strstr() sees all of it. */
    for (gsize i = 0; i < length; i++)
      g_string_append_c(out, contents[i] != '\0' ? contents[i] : ' ');
    g_string_append_c(out, '\n');
    (*n_files)++;
  }
}

/* How many of @needles the texts @collected hold (each needle counted once a text); if @say, a
 * message for each, naming where, how it was written, and the text around it. */
static guint find_leaks(const Collected *collected, guint n_collected, GPtrArray *needles,
                        gboolean say)
{
  guint found = 0;

  for (guint c = 0; c < n_collected; c++) {
    /* Lower-cased in ASCII, byte for byte: an offset in it is one in the text. */
    g_autofree char *lowered = g_ascii_strdown(collected[c].text, -1);

    for (guint i = 0; i < needles->len; i++) {
      const Needle *needle = needles->pdata[i];
      gsize offset = 0;
      const Form *form = find_needle(lowered, needle, &offset);

      if (form != NULL && say) {
        const char *at = collected[c].text + offset;
        const char *from = MAX(collected[c].text, at - 60);
        g_autofree char *context = g_strndup(from, 60 + strlen(form->text) + 60);

        g_strdelimit(context, "\r\n", ' ');
        g_test_message("%s holds %s (\"%s\", %s): ...%s...", collected[c].where, needle->what,
                       needle->needle, form->encoding, context);
      }
      if (form != NULL)
        found++;
    }
  }
  return found;
}

/* Fails naming each needle found, where, how it was written, and the text around it. */
static void assert_no_needle(const Collected *collected, guint n_collected, GPtrArray *needles)
{
  guint found = find_leaks(collected, n_collected, needles, TRUE);

  if (found > 0)
    g_test_fail_printf("%u patient identifier(s) or the token left behind (see above)", found);
}

/* ------------------------------------------------------------------ the matcher, checked */

/* @text with every character beyond ASCII as JSON's \uXXXX (upper-case hex, UTF-16 surrogates
 * worked out here): another encoder than json_escape_non_ascii(), so that this check is not the
 * matcher agreeing with itself. */
static char *json_escape_by_hand(const char *text)
{
  GString *out = g_string_new(NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);

    if (c < 0x80)
      g_string_append_c(out, (char)c);
    else if (c < 0x10000)
      g_string_append_printf(out, "\\u%04X", c);
    else
      g_string_append_printf(out, "\\u%04X\\u%04X", 0xD800 + ((c - 0x10000) >> 10),
                             0xDC00 + ((c - 0x10000) & 0x3FF));
  }
  return g_string_free(out, FALSE);
}

/* @text URL-encoded by libcurl, as the FHIR client writes a query; with + for a space if @form. */
static char *escape_with_curl(const char *text, gboolean form)
{
  char *escaped = curl_easy_escape(NULL, text, 0);
  GString *out = g_string_new(escaped);

  curl_free(escaped);
  if (form)
    g_string_replace(out, "%20", "+", 0);
  return g_string_free(out, FALSE);
}

/* @secret's base64 after @before in a text encoded whole (an Authorization header, a data: URI),
 * in the URL-safe alphabet without padding if @url_safe. */
static char *base64_within(const char *before, const char *secret, gboolean url_safe)
{
  g_autofree char *whole = g_strconcat(before, secret, " and after", NULL);
  char *encoded = g_base64_encode((const guchar *)whole, strlen(whole));

  if (url_safe) {
    g_strdelimit(encoded, "+", '-');
    g_strdelimit(encoded, "/", '_');
    g_strdelimit(encoded, "=", '\0');
  }
  return encoded;
}

/* A scratch text of the kind searched: a request line and a record, with @first before it,
 * @inside it and @last after it. */
static char *scratch_text(const char *first, const char *inside, const char *last)
{
  return g_strconcat(first, "GET /fhir/Patient?name=", inside, "&_count=10 HTTP/1.1\n{\"note\": \"",
                     last, NULL);
}

/* Whether the matcher finds @needle in @text: the search of assert_no_needle(), on one text. */
static gboolean matcher_finds(Needle *needle, const char *text)
{
  const Collected scratch = {"a scratch text", text};
  g_autoptr(GPtrArray) one = g_ptr_array_new();

  g_ptr_array_add(one, needle);
  return find_leaks(&scratch, 1, one, FALSE) == 1;
}

/* Every needle, written in every case and encoding searched for, planted in a scratch text, is
 * found there; and the scratch text alone holds none. A name beyond ASCII (the server's are
 * ASCII) tries the case folding and the JSON escapes where they matter. */
static void test_matcher_finds_every_encoding(void)
{
  g_autoptr(GPtrArray) needles = needles_from_server();
  guint n_planted = 0;

  add_needle(needles, "Ōkubo Ærø 𠀋", "a name beyond ASCII", "this check");
  for (guint i = 0; i < needles->len; i++) {
    Needle *needle = needles->pdata[i];
    g_autofree char *upper = g_utf8_strup(needle->needle, -1);
    g_autofree char *lower = g_utf8_strdown(needle->needle, -1);
    g_autofree char *upper_escaped = escape_with_curl(upper, FALSE);
    g_autofree char *empty = scratch_text("", "", "");
    g_autoptr(GPtrArray) planted = g_ptr_array_new_with_free_func(g_free);

    g_ptr_array_add(planted, g_strdup(needle->needle));
    g_ptr_array_add(planted, g_strdup(upper));
    g_ptr_array_add(planted, g_strdup(lower));
    g_ptr_array_add(planted, escape_with_curl(needle->needle, FALSE));
    g_ptr_array_add(planted, escape_with_curl(needle->needle, TRUE));
    g_ptr_array_add(planted, g_strdup(upper_escaped));
    g_ptr_array_add(planted, escape_with_curl(lower, TRUE));
    /* Some encoders write the hex digits in lower case. */
    g_ptr_array_add(planted, g_ascii_strdown(upper_escaped, -1));
    g_ptr_array_add(planted, json_escape_by_hand(needle->needle));
    g_ptr_array_add(planted, json_escape_by_hand(upper));
    g_ptr_array_add(planted, json_escape_by_hand(lower));
    if (strcmp(needle->needle, token) == 0) {
      static const char *const before[] = {"", "x", "xy", "Bearer ", "client:"};

      for (guint b = 0; b < G_N_ELEMENTS(before); b++) {
        g_ptr_array_add(planted, base64_within(before[b], token, FALSE));
        g_ptr_array_add(planted, base64_within(before[b], token, TRUE));
      }
    }
    if (matcher_finds(needle, empty))
      g_error("the matcher finds %s in a text without it: %s", needle->what, empty);
    for (guint k = 0; k < planted->len; k++)
      /* At the start of the text, inside it, and at its end. */
      for (guint where = 0; where < 3; where++) {
        const char *form = planted->pdata[k];
        g_autofree char *text =
            scratch_text(where == 0 ? form : "", where == 1 ? form : "", where == 2 ? form : "");

        if (!matcher_finds(needle, text))
          g_error("the matcher misses %s (\"%s\") written as \"%s\": it would miss a leak too",
                  needle->what, needle->needle, form);
        n_planted++;
      }
  }
  /* Counts only: this process's log records are searched by the session's test. */
  g_test_message("found %u needles in each of the ways they were planted, %u plantings",
                 needles->len, n_planted);
}

static void test_session_leaves_nothing(void)
{
  g_autoptr(GPtrArray) needles = needles_from_server();
  g_autoptr(GString) child_output = g_string_new(NULL);
  g_autofree char *config = g_build_filename(tmp_dir, "glib-2.0", "settings", "keyfile", NULL);
  g_autofree char *keyfile = NULL;
  g_autofree char *cache_path = NULL;
  g_autofree char *audit = NULL;
  g_autofree char *uuid = g_uuid_string_random();
  g_autofree char *canary = g_strdup_printf("privacy-canary-%s", uuid);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStore) reopened = NULL;
  g_autoptr(GPtrArray) imported = NULL;
  g_autoptr(GString) files = g_string_new(NULL);
  guint n_files = 0;

  start_stderr_capture();
  session(needles, child_output);
  /* The collectors see what is there to see: a record at each level that is not shown, and a
   * line written to stderr past GLib. */
  g_debug("debug %s", canary);
  g_info("info %s", canary);
  g_message("message %s", canary);
  fprintf(stderr, "# stderr %s\n", canary);
  stop_stderr_capture();

  for (guint i = 0; i < 4; i++) {
    static const char *const kinds[] = {"MESSAGE=debug ", "MESSAGE=info ", "MESSAGE=message ",
                                        "# stderr "};
    g_autofree char *seen = g_strconcat(kinds[i], canary, NULL);

    if (strstr(i < 3 ? logged->str : stderr_text->str, seen) == NULL)
      g_error("the collectors missed \"%s\": they would miss a leak too", seen);
  }

  g_assert_true(g_file_get_contents(config, &keyfile, NULL, &error));
  g_assert_no_error(error);
  g_assert_nonnull(strstr(keyfile, "platform-url"));

  cache_path = ct_store_default_path();
  audit = audit_log(cache_path);
  /* The cache itself holds the patients, by name: the needles are the right ones. */
  reopened = ct_store_open(cache_path, "privacy-test", &error);
  g_assert_no_error(error);
  imported = ct_store_search_patients(reopened, family_name(needles, FIRST_PATIENT), 10, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(imported->len, ==, 1);

  other_files(tmp_dir, files, &n_files);
  {
    const Collected collected[] = {
        {"another file", files->str}, {"a log record", logged->str},
        {"stderr", stderr_text->str}, {"a cardiotwin-sim run's output", child_output->str},
        {"the audit log", audit},     {"the settings", keyfile},
    };

    g_test_message("searched %u needles in %" G_GSIZE_FORMAT
                   " bytes of log records, %" G_GSIZE_FORMAT " of stderr, %" G_GSIZE_FORMAT
                   " of cardiotwin-sim output, %" G_GSIZE_FORMAT " of audit log, %" G_GSIZE_FORMAT
                   " of settings, %u other files",
                   needles->len, logged->len, stderr_text->len, child_output->len, strlen(audit),
                   strlen(keyfile), n_files);
    assert_no_needle(collected, G_N_ELEMENTS(collected), needles);
  }
}

int main(int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTokenStore) tokens = NULL;
  g_autofree char *uuid = g_uuid_string_random();
  int status;

  /* The token goes to a keyring of the test's own, never the developer's. */
  if (g_getenv("CT_TEST_KEYRING_ROOT") == NULL) {
    g_print("1..0 # SKIP not run under tests/run-with-keyring.sh\n");
    return 0;
  }
  /* Before anything logs or reads a setting: a data and configuration folder of the test's own
   * (the cache, the settings' key file), settings kept in a file, every debug message formatted,
   * and every record kept. */
  tmp_dir = g_dir_make_tmp("ct-test-privacy-XXXXXX", &error);
  g_assert_no_error(error);
  g_setenv("XDG_DATA_HOME", tmp_dir, TRUE);
  g_setenv("XDG_CONFIG_HOME", tmp_dir, TRUE);
  g_setenv("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_setenv("G_MESSAGES_DEBUG", "all", TRUE);
  logged = g_string_new(NULL);
  stderr_text = g_string_new(NULL);
  g_log_set_writer_func(capture_log, NULL, NULL);
  g_test_init(&argc, &argv, NULL);

  /* A token of this run's own: found anywhere, it came from here. */
  token = g_strdup_printf("ct-privacy-%s", uuid);
  server = ct_fhir_test_server_start(token);
  tokens = ct_token_store_new();
  g_assert_true(ct_token_store_save(tokens, server->base_url, token, NULL, &error));
  g_assert_no_error(error);

  g_test_add_func("/privacy/matcher-finds-every-encoding", test_matcher_finds_every_encoding);
  g_test_add_func("/privacy/session-leaves-nothing", test_session_leaves_nothing);
  status = g_test_run();

  g_clear_object(&settings);
  ct_fhir_test_server_stop(server);
  ct_test_remove_tree(tmp_dir);
  g_free(tmp_dir);
  g_free(token);
  g_string_free(logged, TRUE);
  g_string_free(stderr_text, TRUE);
  return status;
}

/* test-import-window.c — the platform search and import as a clinician uses them, in windows on
 * Xvfb, against the FHIR test server on loopback (tests/fhir-server: 50 synthetic patients, faults
 * injected on demand), with the bearer token in a keyring of the test's own
 * (tests/run-with-keyring.sh):
 *
 *   - offline (no platform address) the window says so and offers nothing;
 *   - a search lists the platform's patients; an import stores one in the cache (observations and
 *     twin), reports its progress and emits patient-imported, and the main window lists and opens
 *     the patient;
 *   - Cancel stops a download under way, and a failing platform (HTTP 500, 401, broken answers, a
 *     reset connection) shows the client's own message: either way the cache stays as it was;
 *   - a damaged cache rebuilt (ct-cache-rebuild.c) gets the platform's patients it named again,
 *     one failing without stopping the others, and a cancel stops the import, not the rebuild.
 *
 * CT_SCREENSHOT_DIR=DIR also saves the window as DIR/import-window.png (search results),
 * import-window-progress.png, import-window-error.png, import-window-offline.png, and the main
 * window with the imported patient open as main-window-imported.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <curl/curl.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ct-fhir-test-server.h"
#include "ct-application.h"
#include "ct-import-window.h"
#include "ct-patient-item.h"
#include "ct-cache-rebuild.h"
#include "ct-platform-error.h"
#include "ct-patient-import.h"
#include "ct-store-test-util.h"
#include "ct-test-util.h"
#include "ct-token-store.h"
#include "ct-window.h"
#include "ct-ui-test-util.h"

#define TOKEN          "synthetic-test-token"
#define APPLICATION_ID "org.cardiotwin.CardioTwin"

static char *base_url;
static char *control_url;
static char *tmp_dir;
static CtApplication *app;
static CtWindow *main_window;
static GSettings *settings;

/* ------------------------------------------------------------------ the server */

static CtFhirTestServer *fhir_server;

static void start_server(void)
{
  fhir_server = ct_fhir_test_server_start(TOKEN);
  base_url = g_strdup(fhir_server->base_url);
  control_url = g_strdup(fhir_server->control_url);
}

static void stop_server(void)
{
  g_clear_pointer(&fhir_server, ct_fhir_test_server_stop);
}

static size_t collect(char *data, size_t size, size_t n, void *user_data)
{
  g_string_append_len(user_data, data, (gssize)(size * n));
  return size * n;
}

/* POSTs @body to the server's control API (GET when @body is NULL); its answer. */
static char *control(const char *what, const char *body, gboolean post)
{
  g_autofree char *url = g_strdup_printf("%s/%s", control_url, what);
  CURL *curl = curl_easy_init();
  struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
  GString *answer = g_string_new(NULL);
  long status = 0;

  curl_easy_setopt(curl, CURLOPT_URL, url);
  if (post) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body != NULL ? body : "{}");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  }
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, answer);
  g_assert_cmpint(curl_easy_perform(curl), ==, CURLE_OK);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  g_assert_cmpint(status, ==, 200);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return g_string_free(answer, FALSE);
}

static void reset_server(void)
{
  g_free(control("reset", NULL, TRUE));
}

/* Every FHIR request under @path (relative to the base) gets fault @mode until cleared. */
static void fault(const char *mode, const char *path, const char *extra)
{
  g_autofree char *body =
      g_strdup_printf("{\"mode\": \"%s\", \"count\": -1, \"path\": \"%s\"%s%s}", mode, path,
                      extra != NULL ? ", " : "", extra != NULL ? extra : "");

  g_free(control("fault", body, TRUE));
}

static void clear_fault(void)
{
  g_free(control("fault", "{\"mode\": \"none\"}", TRUE));
}

/* How many requests the server received for @path (an absolute path, /fhir/R4/Observation). */
static gint64 requests_for(const char *path)
{
  g_autofree char *stats = control("stats", NULL, FALSE);
  g_autoptr(JsonParser) parser = json_parser_new();
  JsonObject *by_path;

  g_assert_true(json_parser_load_from_data(parser, stats, -1, NULL));
  by_path =
      json_object_get_object_member(json_node_get_object(json_parser_get_root(parser)), "by_path");
  return json_object_has_member(by_path, path) ? json_object_get_int_member(by_path, path) : 0;
}

/* ------------------------------------------------------------------ the main loop */

static gboolean is_available(gpointer data)
{
  return ct_import_window_get_available(data);
}

static gboolean is_idle(gpointer data)
{
  return !ct_import_window_get_busy(data);
}

static gboolean is_not_importing(gpointer data)
{
  return !ct_import_window_get_importing(data);
}

/* ------------------------------------------------------------------ widgets */

/* The first descendant of @root of type @type that is mapped (on screen), or NULL. */
static GtkWidget *find_mapped(GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE(root, type) && gtk_widget_get_mapped(root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child(root); child != NULL;
       child = gtk_widget_get_next_sibling(child)) {
    GtkWidget *found = find_mapped(child, type);

    if (found != NULL)
      return found;
  }
  return NULL;
}

static GtkWidget *find_any(GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE(root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child(root); child != NULL;
       child = gtk_widget_get_next_sibling(child)) {
    GtkWidget *found = find_any(child, type);

    if (found != NULL)
      return found;
  }
  return NULL;
}

static guint count_mapped(GtkWidget *root, GType type)
{
  guint n = G_TYPE_CHECK_INSTANCE_TYPE(root, type) && gtk_widget_get_mapped(root) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child(root); child != NULL;
       child = gtk_widget_get_next_sibling(child))
    n += count_mapped(child, type);
  return n;
}

/* The text of the label on screen in the part styled "error", or NULL. */
static const char *shown_error(GtkWidget *root)
{
  if (gtk_widget_has_css_class(root, "error") && gtk_widget_get_mapped(root)) {
    GtkWidget *label = find_mapped(root, GTK_TYPE_LABEL);

    return label != NULL ? gtk_label_get_text(GTK_LABEL(label)) : NULL;
  }
  for (GtkWidget *child = gtk_widget_get_first_child(root); child != NULL;
       child = gtk_widget_get_next_sibling(child)) {
    const char *found = shown_error(child);

    if (found != NULL)
      return found;
  }
  return NULL;
}

/* The import windows on screen. */
static GPtrArray *import_windows(void)
{
  GListModel *toplevels = gtk_window_get_toplevels();
  GPtrArray *found = g_ptr_array_new_with_free_func(g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items(toplevels); i++) {
    g_autoptr(GObject) window = g_list_model_get_item(toplevels, i);

    if (CT_IS_IMPORT_WINDOW(window) && gtk_widget_get_visible(GTK_WIDGET(window)))
      g_ptr_array_add(found, g_object_ref(window));
  }
  return found;
}

static void save_screenshot(GtkWidget *widget, const char *name)
{
  ct_ui_test_save_screenshot(widget, name, 800);
}

/* ------------------------------------------------------------------ the window and the cache */

static CtStore *cache(void)
{
  return ct_application_get_store(app);
}

/* A window on the test server (or @url), on screen, signed in with what the keyring holds. */
static CtImportWindow *open_window(const char *url)
{
  CtImportWindow *window = ct_import_window_new(cache(), url);

  g_object_ref_sink(window);
  gtk_window_present(GTK_WINDOW(window));
  if (url != NULL && *url != '\0')
    ct_ui_test_wait_until(is_available, window, 30, "the sign-in");
  return window;
}

static void close_window(CtImportWindow *window)
{
  gtk_window_destroy(GTK_WINDOW(window));
  g_object_unref(window);
}

static void search(CtImportWindow *window, const char *query)
{
  ct_import_window_search(window, query);
  g_assert_true(ct_import_window_get_busy(window));
  ct_ui_test_wait_until(is_idle, window, 30, "the search");
}

typedef struct {
  gint64 key;
  guint n_emitted;
  GPtrArray *statuses; /* every status the window showed, in order */
} Watch;

static void on_imported(CtImportWindow *window, gint64 key, Watch *watch)
{
  watch->key = key;
  watch->n_emitted++;
}

static void on_status(CtImportWindow *window, GParamSpec *pspec, Watch *watch)
{
  const char *status = ct_import_window_get_status(window);

  if (status != NULL)
    g_ptr_array_add(watch->statuses, g_strdup(status));
}

static void watch_init(Watch *watch, CtImportWindow *window)
{
  watch->key = 0;
  watch->n_emitted = 0;
  watch->statuses = g_ptr_array_new_with_free_func(g_free);
  g_signal_connect(window, "patient-imported", G_CALLBACK(on_imported), watch);
  g_signal_connect(window, "notify::status", G_CALLBACK(on_status), watch);
}

static void watch_clear(Watch *watch, CtImportWindow *window)
{
  g_signal_handlers_disconnect_by_data(window, watch);
  g_ptr_array_unref(watch->statuses);
}

static gboolean emitted(gpointer data)
{
  return ((Watch *)data)->n_emitted > 0;
}

static void import(CtImportWindow *window, const char *patient_id)
{
  gtk_widget_activate_action(GTK_WIDGET(window), "import.patient", "s", patient_id);
  g_assert_true(ct_import_window_get_importing(window));
}

/* Everything the cache holds, in words: each patient with its twin versions and observations. */
static char *cache_state(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) patients = ct_store_search_patients(cache(), NULL, 1000, &error);
  g_autoptr(GString) state = g_string_new(NULL);

  g_assert_no_error(error);
  for (guint i = 0; i < patients->len; i++) {
    const CtStorePatient *p = patients->pdata[i];

    g_string_append_printf(state, "%s|%s|%s versions=%d observations=%" G_GINT64_FORMAT "\n",
                           p->source, p->server_id, p->display_name, p->n_twin_versions,
                           ct_store_count_observations(cache(), p->key, NULL));
  }
  return g_string_free(g_steal_pointer(&state), FALSE);
}

/* ------------------------------------------------------------------ tests */

static void test_offline(void)
{
  g_autoptr(CtImportWindow) window = open_window("");
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  AdwStatusPage *page;
  GtkWidget *entry;

  ct_ui_test_iterate_for(100);
  save_screenshot(GTK_WIDGET(window), "import-window-offline");
  g_assert_false(ct_import_window_get_available(window));
  /* It says so... */
  page = ADW_STATUS_PAGE(find_mapped(GTK_WIDGET(window), ADW_TYPE_STATUS_PAGE));
  g_assert_nonnull(page);
  g_assert_cmpstr(adw_status_page_get_title(page), ==, "No Platform Set");
  g_assert_nonnull(strstr(adw_status_page_get_description(page), "Preferences"));
  /* ... and offers nothing: no search, no import. */
  entry = find_any(GTK_WIDGET(window), GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull(entry);
  g_assert_false(gtk_widget_get_sensitive(entry));
  g_assert_null(find_mapped(GTK_WIDGET(window), GTK_TYPE_SEARCH_ENTRY));
  ct_import_window_search(window, "a");
  gtk_widget_activate_action(GTK_WIDGET(window), "import.patient", "s", "pat-0001");
  g_assert_false(ct_import_window_get_busy(window));
  g_assert_cmpuint(ct_import_window_get_n_results(window), ==, 0);
  close_window(g_steal_pointer(&window));

  /* The main window's action is off without an address. */
  g_settings_set_string(settings, "platform-url", "");
  before = import_windows();
  gtk_widget_activate_action(GTK_WIDGET(main_window), "win.import-patient", NULL);
  ct_ui_test_iterate_for(100);
  after = import_windows();
  g_assert_cmpuint(after->len, ==, before->len);
}

static void test_search(void)
{
  g_autoptr(CtImportWindow) window = open_window(base_url);
  const CtFhirPatient *first;
  guint with_birth = 0, with_gender = 0;

  reset_server();
  g_assert_null(ct_import_window_get_error(window));
  /* Every synthetic name holds a vowel: "a" finds many. */
  search(window, "a");
  g_assert_null(ct_import_window_get_error(window));
  g_assert_cmpuint(ct_import_window_get_n_results(window), >=, 10);
  for (guint i = 0; i < ct_import_window_get_n_results(window); i++) {
    const CtFhirPatient *patient = ct_import_window_get_result(window, i);

    g_assert_true(g_str_has_prefix(patient->id, "pat-"));
    g_assert_nonnull(patient->display_name);
    with_birth += patient->birth_date != NULL;
    with_gender += patient->gender != NULL;
  }
  g_assert_cmpuint(with_birth, >, 0);
  g_assert_cmpuint(with_gender, >, 0);
  /* One row each, on screen, each with its Import button. */
  ct_ui_test_iterate_for(100);
  g_assert_cmpuint(count_mapped(GTK_WIDGET(window), ADW_TYPE_ACTION_ROW), >, 0);
  g_assert_cmpuint(count_mapped(GTK_WIDGET(window), ADW_TYPE_ACTION_ROW), <=,
                   ct_import_window_get_n_results(window));
  save_screenshot(GTK_WIDGET(window), "import-window");

  /* By identifier (the MRN). */
  search(window, "MRN100003");
  g_assert_cmpuint(ct_import_window_get_n_results(window), ==, 1);
  first = ct_import_window_get_result(window, 0);
  g_assert_cmpstr(first->id, ==, "pat-0003");
  g_assert_cmpstr(first->identifier, ==, "MRN100003");

  /* Nothing found is not an error. */
  search(window, "qqqqxxxx");
  g_assert_cmpuint(ct_import_window_get_n_results(window), ==, 0);
  g_assert_null(ct_import_window_get_error(window));

  /* The platform failing: its message, inline. */
  fault("http-500", "Patient", NULL);
  search(window, "a");
  clear_fault();
  g_assert_nonnull(ct_import_window_get_error(window));
  g_assert_nonnull(strstr(ct_import_window_get_error(window), "HTTP 500"));
  g_assert_cmpstr(shown_error(GTK_WIDGET(window)), ==, ct_import_window_get_error(window));
  g_assert_cmpuint(ct_import_window_get_n_results(window), ==, 0);
  /* The next search clears it. */
  search(window, "a");
  g_assert_null(ct_import_window_get_error(window));
  g_assert_cmpuint(ct_import_window_get_n_results(window), >=, 10);
  close_window(g_steal_pointer(&window));
}

static void test_import(void)
{
  g_autoptr(CtImportWindow) window = open_window(base_url);
  g_autoptr(CtStorePatient) patient = NULL;
  g_autoptr(CtTwin) twin = NULL;
  g_autoptr(GError) error = NULL;
  guint n_progress = 0;
  Watch watch;

  reset_server();
  watch_init(&watch, window);
  search(window, "MRN100000");
  g_assert_cmpuint(ct_import_window_get_n_results(window), ==, 1);
  /* Patient 0: 968 observations in pages of 200, and a twin package with a mesh. */
  import(window, "pat-0000");
  ct_ui_test_wait_until(emitted, &watch, 60, "the import");
  g_assert_cmpuint(watch.n_emitted, ==, 1);

  patient = ct_store_find_patient(cache(), base_url, "pat-0000", &error);
  g_assert_no_error(error);
  g_assert_cmpint(patient->key, ==, watch.key);
  g_assert_cmpint(ct_store_count_observations(cache(), patient->key, NULL), >=, 500);
  g_assert_cmpint(patient->n_twin_versions, ==, 1);
  twin = ct_store_open_twin(cache(), patient->key, NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(ct_twin_get_id(twin), ==, "syn-twin-0000");

  /* It said what it was doing: the download, page by page, then the cache. */
  for (guint i = 0; i < watch.statuses->len; i++) {
    const char *status = watch.statuses->pdata[i];

    g_test_message("status: %s", status);
    n_progress += g_str_has_prefix(status, "Downloading observations… ");
  }
  g_assert_cmpuint(n_progress, >=, 3);
  g_assert_true(g_str_has_prefix(watch.statuses->pdata[0], "Downloading the record of "));
  g_assert_true(g_str_has_prefix(watch.statuses->pdata[watch.statuses->len - 1], "Saving "));
  g_assert_null(ct_import_window_get_error(window));
  /* Done: the window closed. */
  g_assert_false(gtk_widget_get_visible(GTK_WIDGET(window)));
  watch_clear(&watch, window);
  close_window(g_steal_pointer(&window));
}

/* Cancel while the platform is slow to send the observations: the download stops at once and
 * the patient is not in the cache. */
static void test_cancel(void)
{
  g_autoptr(CtImportWindow) window = open_window(base_url);
  g_autofree char *before = cache_state();
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStorePatient) patient = NULL;
  gint64 cancelled_at;
  Watch watch;

  reset_server();
  watch_init(&watch, window);
  search(window, "MRN100002");
  g_assert_cmpuint(ct_import_window_get_n_results(window), ==, 1);
  fault("slow", "Observation", "\"delay_ms\": 20000");
  import(window, "pat-0002");
  /* One import at a time: another patient's Import does nothing meanwhile. */
  gtk_widget_activate_action(GTK_WIDGET(window), "import.patient", "s", "pat-0004");
  g_assert_cmpuint(watch.statuses->len, ==, 1);
  /* Mid-download: the Patient was read and the observations asked for. */
  while (requests_for("/fhir/R4/Observation") == 0) {
    g_assert_true(ct_import_window_get_importing(window));
    ct_ui_test_iterate_for(20);
  }
  g_assert_cmpint(requests_for("/fhir/R4/Patient/pat-0002"), ==, 1);
  g_assert_cmpint(requests_for("/fhir/R4/Patient/pat-0004"), ==, 0);
  save_screenshot(GTK_WIDGET(window), "import-window-progress");
  cancelled_at = g_get_monotonic_time();
  gtk_widget_activate_action(GTK_WIDGET(window), "import.cancel", NULL);
  ct_ui_test_wait_until(is_not_importing, window, 10, "the cancellation");
  clear_fault();
  g_assert_cmpint(g_get_monotonic_time() - cancelled_at, <, 5 * G_USEC_PER_SEC);

  g_assert_cmpuint(watch.n_emitted, ==, 0);
  g_assert_null(ct_import_window_get_error(window));
  g_assert_nonnull(strstr(ct_import_window_get_status(window), "cancelled"));
  g_assert_true(gtk_widget_get_visible(GTK_WIDGET(window)));
  patient = ct_store_find_patient(cache(), base_url, "pat-0002", &error);
  g_assert_null(patient);
  g_assert_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NOT_FOUND);
  after = cache_state();
  g_assert_cmpstr(after, ==, before);

  /* The window can import again at once. */
  import(window, "pat-0002");
  ct_ui_test_wait_until(emitted, &watch, 60, "the import after the cancellation");
  g_clear_pointer(&patient, ct_store_patient_free);
  g_clear_error(&error);
  patient = ct_store_find_patient(cache(), base_url, "pat-0002", &error);
  g_assert_no_error(error);
  g_assert_cmpint(patient->key, ==, watch.key);
  watch_clear(&watch, window);
  close_window(g_steal_pointer(&window));
}

typedef struct {
  const char *mode;
  const char *path;
  const char *needle; /* in the message shown */
} FaultCase;

static void fetch_done(GObject *source, GAsyncResult *result, gpointer data)
{
  GError **error = data;
  g_autoptr(CtFhirRecord) record =
      ct_fhir_client_fetch_record_finish(CT_FHIR_CLIENT(source), result, error);

  g_assert_null(record);
}

static gboolean error_set(gpointer data)
{
  return *(GError **)data != NULL;
}

/* The platform failing during an import of a patient already in the cache: the client's message,
 * inline, and the cache as it was. */
static void test_server_errors(void)
{
  const FaultCase cases[] = {
      {"http-500", "Observation", "HTTP 500"},
      {"http-401", "Observation", "HTTP 401"},
      {"http-401", "Patient/pat-0005", "HTTP 401"},
      {"invalid-json", "Observation", "not valid FHIR JSON"},
      {"truncate", "DocumentReference", NULL},
      {"wrong-resource-type", "Condition", NULL},
      {"reset", "Observation", NULL},
  };
  g_autoptr(CtImportWindow) window = open_window(base_url);
  g_autoptr(CtFhirClient) client = ct_fhir_client_new(base_url, NULL);
  g_autofree char *before = NULL;
  Watch watch;

  reset_server();
  watch_init(&watch, window);
  /* First a good import, so that there is something to keep. */
  import(window, "pat-0005");
  ct_ui_test_wait_until(emitted, &watch, 60, "the first import");
  watch_clear(&watch, window);
  close_window(g_steal_pointer(&window));
  before = cache_state();
  g_assert_nonnull(strstr(before, "|pat-0005|"));
  g_assert_true(ct_fhir_client_set_token(client, TOKEN, NULL));

  window = open_window(base_url);
  watch_init(&watch, window);
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *after = NULL;
    GError *direct = NULL;

    fault(cases[i].mode, cases[i].path, NULL);
    import(window, "pat-0005");
    ct_ui_test_wait_until(is_not_importing, window, 60, cases[i].mode);
    /* What the client itself says of the same fault. */
    ct_fhir_client_fetch_record_async(client, "pat-0005", NULL, NULL, NULL, fetch_done, &direct);
    ct_ui_test_wait_until(error_set, &direct, 60, "the client's own answer");
    clear_fault();

    g_test_message("%s on %s: %s", cases[i].mode, cases[i].path,
                   ct_import_window_get_error(window));
    g_assert_cmpuint(watch.n_emitted, ==, 0);
    g_assert_nonnull(ct_import_window_get_error(window));
    g_assert_cmpstr(ct_import_window_get_error(window), ==, direct->message);
    if (cases[i].needle != NULL)
      g_assert_nonnull(strstr(ct_import_window_get_error(window), cases[i].needle));
    ct_ui_test_iterate_for(50);
    g_assert_cmpstr(shown_error(GTK_WIDGET(window)), ==, ct_import_window_get_error(window));
    if (i == 0)
      save_screenshot(GTK_WIDGET(window), "import-window-error");
    g_assert_null(ct_import_window_get_status(window));
    g_assert_true(gtk_widget_get_visible(GTK_WIDGET(window)));
    after = cache_state();
    g_assert_cmpstr(after, ==, before);
    g_error_free(direct);
  }
  watch_clear(&watch, window);
  close_window(g_steal_pointer(&window));
}

/* No token in the keyring: the window still searches, and the platform's refusal says to sign in.
 */
static void test_no_token(void)
{
  g_autoptr(CtTokenStore) tokens = ct_token_store_new();
  g_autoptr(CtImportWindow) window = NULL;
  g_autoptr(GError) error = NULL;

  reset_server();
  g_assert_true(ct_token_store_clear(tokens, base_url, NULL, &error));
  g_assert_no_error(error);
  window = open_window(base_url);
  search(window, "a");
  g_assert_nonnull(ct_import_window_get_error(window));
  g_assert_nonnull(strstr(ct_import_window_get_error(window), "sign in"));
  g_assert_nonnull(strstr(ct_import_window_get_error(window), "HTTP 401"));
  close_window(g_steal_pointer(&window));
  g_assert_true(ct_token_store_save(tokens, base_url, TOKEN, NULL, &error));
  g_assert_no_error(error);
}

static gboolean twin_open(gpointer data)
{
  return ct_window_get_twin_page(main_window) != NULL;
}

static gboolean one_import_window(gpointer data)
{
  g_autoptr(GPtrArray) windows = import_windows();

  return windows->len == 1;
}

/* From the main window: Ctrl+I's action opens the window on the platform set in the preferences;
 * the imported patient is listed and opens. */
static void test_from_main_window(void)
{
  g_autoptr(GPtrArray) windows = NULL;
  g_autoptr(CtStorePatient) patient = NULL;
  CtImportWindow *window;
  GListModel *listed = ct_window_get_patients(main_window);
  gboolean in_list = FALSE;
  Watch watch;

  reset_server();
  g_settings_set_string(settings, "platform-url", base_url);
  gtk_widget_activate_action(GTK_WIDGET(main_window), "win.import-patient", NULL);
  ct_ui_test_wait_until(one_import_window, NULL, 10, "the import window");
  windows = import_windows();
  window = windows->pdata[0];
  g_assert_true(gtk_window_get_modal(GTK_WINDOW(window)));
  g_assert_true(gtk_window_get_transient_for(GTK_WINDOW(window)) == GTK_WINDOW(main_window));
  ct_ui_test_wait_until(is_available, window, 30, "the sign-in");
  watch_init(&watch, window);
  search(window, "MRN100010");
  g_assert_cmpuint(ct_import_window_get_n_results(window), ==, 1);
  import(window, "pat-0010");
  ct_ui_test_wait_until(emitted, &watch, 60, "the import");
  ct_ui_test_wait_until(twin_open, NULL, 30, "the imported twin");
  watch_clear(&watch, window);

  patient = ct_store_find_patient(cache(), base_url, "pat-0010", NULL);
  g_assert_nonnull(patient);
  g_assert_cmpint(patient->key, ==, watch.key);
  g_assert_cmpstr(ct_twin_get_id(ct_twin_page_get_twin(ct_window_get_twin_page(main_window))), ==,
                  "syn-twin-0010");
  for (guint i = 0; i < g_list_model_get_n_items(listed); i++) {
    g_autoptr(CtPatientItem) item = g_list_model_get_item(listed, i);

    in_list |= ct_patient_item_get_key(item) == patient->key;
  }
  g_assert_true(in_list);
  save_screenshot(GTK_WIDGET(main_window), "main-window-imported");
  g_clear_pointer(&windows, g_ptr_array_unref);
  windows = import_windows();
  g_assert_cmpuint(windows->len, ==, 0);
}

/* ------------------------------------------------------------------ a damaged cache rebuilt */

typedef struct {
  guint n_rebuilt;
  guint n_imported;
  gboolean done;
  gboolean ok;
  GError *error;
  GPtrArray *statuses;
  gboolean cancel_when_rebuilt;
  GCancellable *cancellable;
} RebuildWatch;

static void on_rebuilt(CtCacheRebuild *rebuild, RebuildWatch *watch)
{
  watch->n_rebuilt++;
  g_assert_nonnull(ct_cache_rebuild_get_store(rebuild));
  if (watch->cancel_when_rebuilt)
    g_cancellable_cancel(watch->cancellable);
}

static void on_reimported(CtCacheRebuild *rebuild, gint64 key, RebuildWatch *watch)
{
  watch->n_imported++;
}

static void on_rebuild_status(CtCacheRebuild *rebuild, GParamSpec *pspec, RebuildWatch *watch)
{
  if (ct_cache_rebuild_get_status(rebuild) != NULL)
    g_ptr_array_add(watch->statuses, g_strdup(ct_cache_rebuild_get_status(rebuild)));
}

static void on_rebuild_done(GObject *source, GAsyncResult *result, gpointer data)
{
  RebuildWatch *watch = data;

  watch->ok = ct_cache_rebuild_run_finish(CT_CACHE_REBUILD(source), result, &watch->error);
  watch->done = TRUE;
}

static gboolean rebuild_finished(gpointer data)
{
  return ((RebuildWatch *)data)->done;
}

/* A damaged cache at @path that named the platform's patients @ids, and one of another platform. */
static void make_damaged_cache(const char *path, const char *const *ids)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStore) store = ct_store_open(path, "tester", &error);
  g_autoptr(CtFhirClient) client = ct_fhir_client_new(base_url, &error);
  CtStoreSync other = {0};

  g_assert_no_error(error);
  g_assert_true(ct_store_seed_demos(store, NULL, &error));
  g_assert_true(ct_fhir_client_set_token(client, TOKEN, &error));
  g_assert_no_error(error);
  for (guint i = 0; ids[i] != NULL; i++) {
    g_autoptr(CtFhirRecord) record =
        ct_fhir_client_fetch_record(client, ids[i], NULL, NULL, NULL, &error);

    g_assert_no_error(error);
    g_assert_true(ct_patient_import_store(store, ct_fhir_client_get_base_url(client), record, NULL,
                                          NULL, &error));
    g_assert_no_error(error);
  }
  /* A plan of the first patient, to come back with them. */
  {
    g_autoptr(CtStorePatient) first =
        ct_store_find_patient(store, ct_fhir_client_get_base_url(client), ids[0], &error);

    g_assert_no_error(error);
    /* The path may hold the cache a previous rebuild made, with the plan carried into it. */
    ct_store_delete_scenario(store, first->key, "plan before the damage", NULL);
    g_assert_true(ct_store_save_scenario(
        store, first->key, "plan before the damage",
        "{\"format\": \"cardiotwin-scenario/1\", \"baroreflex\": false}", &error));
    g_assert_no_error(error);
  }
  other.source = "https://another-hospital.example/fhir";
  other.server_id = "elsewhere";
  other.display_name = "Patient of Another Platform";
  g_assert_true(ct_store_sync_patient(store, &other, NULL, NULL, &error));
  g_assert_no_error(error);
  g_clear_object(&store);
  ct_test_damage_table(path, "observations");
}

/* Runs a rebuild of @path against the test server; @cancel_when_rebuilt: Cancel as soon as the
 * new cache is there. */
static CtCacheRebuild *run_rebuild(const char *path, RebuildWatch *watch,
                                   gboolean cancel_when_rebuilt)
{
  CtCacheRebuild *rebuild = ct_cache_rebuild_new(path, base_url);

  memset(watch, 0, sizeof *watch);
  watch->statuses = g_ptr_array_new_with_free_func(g_free);
  watch->cancellable = g_cancellable_new();
  watch->cancel_when_rebuilt = cancel_when_rebuilt;
  g_signal_connect(rebuild, "rebuilt", G_CALLBACK(on_rebuilt), watch);
  g_signal_connect(rebuild, "patient-imported", G_CALLBACK(on_reimported), watch);
  g_signal_connect(rebuild, "notify::status", G_CALLBACK(on_rebuild_status), watch);
  ct_cache_rebuild_run_async(rebuild, watch->cancellable, on_rebuild_done, watch);
  ct_ui_test_wait_until(rebuild_finished, watch, 120, "the rebuild");
  g_assert_cmpuint(watch->n_rebuilt, ==, 1);
  for (guint i = 0; i < watch->statuses->len; i++)
    g_test_message("status: %s", (const char *)watch->statuses->pdata[i]);
  return rebuild;
}

static void rebuild_watch_clear(RebuildWatch *watch)
{
  g_clear_error(&watch->error);
  g_clear_pointer(&watch->statuses, g_ptr_array_unref);
  g_clear_object(&watch->cancellable);
}

static int compare_strings(gconstpointer a, gconstpointer b)
{
  return g_strcmp0(*(const char *const *)a, *(const char *const *)b);
}

/* The platform's patients in the cache of @rebuild, by server id, each with its observations. */
static GStrv platform_patients(CtCacheRebuild *rebuild)
{
  CtStore *store = ct_cache_rebuild_get_store(rebuild);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) patients = ct_store_search_patients(store, NULL, 0, &error);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new();
  g_autoptr(GPtrArray) sorted = g_ptr_array_new();

  g_assert_no_error(error);
  for (guint i = 0; i < patients->len; i++) {
    CtStorePatient *patient = patients->pdata[i];

    if (g_str_equal(patient->source, "demo"))
      continue;
    g_assert_cmpstr(patient->source, ==, base_url);
    g_assert_cmpint(ct_store_count_observations(store, patient->key, NULL), >, 0);
    g_ptr_array_add(sorted, patient->server_id);
  }
  g_ptr_array_sort(sorted, compare_strings);
  for (guint i = 0; i < sorted->len; i++)
    g_strv_builder_add(ids, sorted->pdata[i]);
  return g_strv_builder_end(ids);
}

static void test_rebuild_reimports(void)
{
  static const char *const ids[] = {"pat-0001", "pat-0002", "pat-0003", NULL};
  g_autofree char *dir = g_build_filename(tmp_dir, "rebuilt", NULL);
  g_autofree char *path = g_build_filename(dir, "cache.sqlite", NULL);
  g_autofree char *damaged = NULL;
  gsize length = 0;
  RebuildWatch watch;

  reset_server();
  g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);

  /* All three come back, from the platform set now; the other platform's patient does not. */
  make_damaged_cache(path, ids);
  g_assert_true(g_file_get_contents(path, &damaged, &length, NULL));
  {
    g_autoptr(CtCacheRebuild) rebuild = run_rebuild(path, &watch, FALSE);
    g_auto(GStrv) listed = platform_patients(rebuild);
    g_autofree char *kept = NULL;
    gsize kept_length = 0;

    g_assert_no_error(watch.error);
    g_assert_true(watch.ok);
    g_assert_cmpuint(ct_cache_rebuild_get_n_to_import(rebuild), ==, 3);
    g_assert_cmpuint(ct_cache_rebuild_get_n_imported(rebuild), ==, 3);
    g_assert_cmpuint(ct_cache_rebuild_get_n_failed(rebuild), ==, 0);
    g_assert_cmpuint(watch.n_imported, ==, 3);
    g_assert_cmpstrv(listed, ids);
    /* The first patient's plan came back with them. */
    g_assert_cmpuint(ct_cache_rebuild_get_n_plans_found(rebuild), ==, 1);
    g_assert_cmpuint(ct_cache_rebuild_get_n_plans_carried(rebuild), ==, 1);
    {
      CtStore *store = ct_cache_rebuild_get_store(rebuild);
      g_autoptr(CtStorePatient) first = ct_store_find_patient(store, base_url, ids[0], NULL);
      g_autoptr(GPtrArray) plans = ct_store_list_scenarios(store, first->key, NULL);

      g_assert_cmpuint(plans->len, ==, 1);
      g_assert_cmpstr(((CtStoreScenario *)plans->pdata[0])->name, ==, "plan before the damage");
    }
    g_assert_true(
        g_file_get_contents(ct_cache_rebuild_get_aside_path(rebuild), &kept, &kept_length, NULL));
    g_assert_cmpmem(kept, kept_length, damaged, length);
    g_assert_cmpstr(watch.statuses->pdata[watch.statuses->len - 1], ==,
                    "Importing patients from the platform again: 3 of 3…");
    rebuild_watch_clear(&watch);
  }

  /* One the platform fails to give: counted, and the others come back. */
  make_damaged_cache(path, ids);
  fault("http-500", "Patient/pat-0002", NULL);
  {
    g_autoptr(CtCacheRebuild) rebuild = run_rebuild(path, &watch, FALSE);
    g_auto(GStrv) listed = platform_patients(rebuild);

    clear_fault();
    g_assert_true(watch.ok);
    g_assert_cmpuint(ct_cache_rebuild_get_n_imported(rebuild), ==, 2);
    g_assert_cmpuint(ct_cache_rebuild_get_n_failed(rebuild), ==, 1);
    g_assert_cmpstrv(listed, ((const char *const[]){"pat-0001", "pat-0003", NULL}));
    rebuild_watch_clear(&watch);
  }

  /* Cancelled once the new cache is there: the cache is rebuilt, nothing more is imported. */
  make_damaged_cache(path, ids);
  {
    g_autoptr(CtCacheRebuild) rebuild = run_rebuild(path, &watch, TRUE);
    g_auto(GStrv) listed = platform_patients(rebuild);

    g_assert_false(watch.ok);
    g_assert_error(watch.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint(ct_cache_rebuild_get_n_imported(rebuild), ==, 0);
    g_assert_cmpuint(g_strv_length(listed), ==, 0);
    g_assert_nonnull(ct_cache_rebuild_get_aside_path(rebuild));
    rebuild_watch_clear(&watch);
  }
}

int main(int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTokenStore) tokens = NULL;
  int status;

  /* The token goes to a keyring of the test's own, never the developer's. */
  if (g_getenv("CT_TEST_KEYRING_ROOT") == NULL) {
    g_print("1..0 # SKIP not run under tests/run-with-keyring.sh\n");
    return 0;
  }
  /* A private data and configuration folder: the cache is created and seeded there. */
  tmp_dir = g_dir_make_tmp("ct-test-import-XXXXXX", &error);
  g_assert_no_error(error);
  g_setenv("XDG_DATA_HOME", tmp_dir, TRUE);
  g_setenv("XDG_CONFIG_HOME", tmp_dir, TRUE);
  g_test_init(&argc, &argv, NULL);
  start_server();

  tokens = ct_token_store_new();
  g_assert_true(ct_token_store_save(tokens, base_url, TOKEN, NULL, &error));
  g_assert_no_error(error);

  settings = g_settings_new(APPLICATION_ID);
  app = ct_ui_test_start_app(&main_window);
  g_assert_nonnull(cache());

  g_test_add_func("/import-window/offline", test_offline);
  g_test_add_func("/import-window/search", test_search);
  g_test_add_func("/import-window/import", test_import);
  g_test_add_func("/import-window/cancel", test_cancel);
  g_test_add_func("/import-window/server-errors", test_server_errors);
  g_test_add_func("/import-window/no-token", test_no_token);
  g_test_add_func("/import-window/from-main-window", test_from_main_window);
  g_test_add_func("/import-window/rebuild-reimports", test_rebuild_reimports);
  status = g_test_run();

  gtk_window_destroy(GTK_WINDOW(main_window));
  ct_ui_test_iterate_for(100);
  g_clear_object(&app);
  g_clear_object(&settings);
  stop_server();
  ct_test_remove_tree(tmp_dir);
  g_free(tmp_dir);
  g_free(base_url);
  g_free(control_url);
  return status;
}

/* test-fhir-client.c — the FHIR client against a real FHIR server on loopback
 * (tests/fhir-server: Medplum's FHIR router, 50 synthetic patients, 5,000 observations), with
 * faults injected on demand. Every failure must be a CT_PLATFORM_ERROR a clinician can act on,
 * and a failed download must leave the local cache exactly as it was.
 *
 * The server needs Node 20 and `npm ci` in tests/fhir-server (build-aux/ct-setup does it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <curl/curl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ct-fhir-test-server.h"
#include "ct-fhir-client.h"
#include "ct-fit.h"
#include "ct-platform-error.h"
#include "ct-store.h"
#include "ct-test-util.h"

#define TOKEN "synthetic-test-token"

static char *base_url;
static char *control_url;
static char *tmp_dir;

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

static size_t discard(char *data, size_t size, size_t n, void *user_data)
{
  return size * n;
}

/* POST @body to the server's control API. */
static void control(const char *what, const char *body)
{
  g_autofree char *url = g_strdup_printf("%s/%s", control_url, what);
  CURL *curl = curl_easy_init();
  struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
  long status = 0;

  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body != NULL ? body : "{}");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
  g_assert_cmpint(curl_easy_perform(curl), ==, CURLE_OK);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  g_assert_cmpint(status, ==, 200);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
}

static void fault(const char *mode, int count, const char *extra)
{
  g_autofree char *body = g_strdup_printf("{\"mode\": \"%s\", \"count\": %d%s%s}", mode, count,
                                          extra != NULL ? ", " : "", extra != NULL ? extra : "");

  control("fault", body);
}

static CtFhirClient *new_client(void)
{
  g_autoptr(GError) error = NULL;
  CtFhirClient *client = ct_fhir_client_new(base_url, &error);

  g_assert_no_error(error);
  g_assert_true(ct_fhir_client_set_token(client, TOKEN, NULL));
  /* Short limits, so that the faults are quick to test. */
  ct_fhir_client_set_limits(client, 2000, 2000, 2, 2);
  return client;
}

/* ------------------------------------------------------------------ into the cache */

/* What the application does with a downloaded record: one transaction in the cache. */
static gboolean store_record(CtStore *store, const char *source, CtFhirRecord *record,
                             GError **error)
{
  g_autofree CtStoreObservation *obs =
      g_new0(CtStoreObservation, MAX(record->observations->len, 1));
  CtStoreSync sync = {0};

  for (guint i = 0; i < record->observations->len; i++) {
    const CtFhirObservation *o = &g_array_index(record->observations, CtFhirObservation, i);

    obs[i].server_id = o->id;
    obs[i].loinc = o->loinc;
    obs[i].value = o->value;
    obs[i].unit = o->unit;
    obs[i].effective = o->effective;
  }
  sync.source = source;
  sync.server_id = record->patient->id;
  sync.display_name = record->patient->display_name;
  sync.patient_json = record->patient_json;
  sync.observations = obs;
  sync.n_observations = record->observations->len;
  sync.twin_json = record->twin_json;
  sync.twin_server_version = record->twin_version;
  return ct_store_sync_patient(store, &sync, NULL, NULL, error);
}

/* A snapshot of what the cache holds of a patient, to compare before and after a failure. */
static char *cache_state(CtStore *store, const char *patient_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStorePatient) patient = ct_store_find_patient(store, base_url, patient_id, &error);
  g_autoptr(CtTwin) twin = NULL;
  int version = 0;

  g_assert_no_error(error);
  twin = ct_store_open_twin(store, patient->key, &version, &error);
  g_assert_no_error(error);
  return g_strdup_printf("%s versions=%d twin=%s v%d observations=%" G_GINT64_FORMAT,
                         patient->display_name, patient->n_twin_versions, ct_twin_get_id(twin),
                         version, ct_store_count_observations(store, patient->key, NULL));
}

/* ------------------------------------------------------------------ tests */

static void test_insecure_refused(void)
{
  static const char *const refused[] = {
      "http://fhir.hospital.example/R4",
      "ftp://127.0.0.1/fhir",
      "not a url",
      "https://user:password@fhir.hospital.example/R4",
      "https://fhir.hospital.example/R4?x=1",
  };

  for (guint i = 0; i < G_N_ELEMENTS(refused); i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(CtFhirClient) client = ct_fhir_client_new(refused[i], &error);

    g_test_message("%s: %s", refused[i], error != NULL ? error->message : "accepted");
    g_assert_null(client);
    g_assert_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INSECURE);
  }
}

static void progress_count(guint done, guint total, gpointer user_data);

static void test_search(void)
{
  guint progress_calls = 0;
  g_autoptr(CtFhirClient) client = new_client();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) by_id = NULL;
  CtFhirPatient *first;

  control("reset", NULL);
  /* Every name contains a vowel: "a" pages through most of the 50 patients. */
  all =
      ct_fhir_client_search_patients(client, "a", 0, progress_count, &progress_calls, NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(all->len, >=, 10);
  first = all->pdata[0];
  g_assert_nonnull(first->id);
  g_assert_nonnull(first->display_name);
  g_assert_nonnull(first->identifier);
  g_assert_cmpuint(progress_calls, >=, 1);
  by_id = ct_fhir_client_search_patients(client, first->identifier, 10, NULL, NULL, NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(by_id->len, >=, 1);
  g_assert_cmpstr(((CtFhirPatient *)by_id->pdata[0])->id, ==, first->id);
}

static GThread *main_thread;

static void progress_count(guint done, guint total, gpointer user_data)
{
  guint *calls = user_data;

  /* Reports reach the caller on its own thread, async calls included. */
  g_assert_true(g_thread_self() == main_thread);
  (*calls)++;
  g_assert_cmpuint(total == 0 || done <= total, ==, TRUE);
}

static void test_fetch_record(void)
{
  g_autoptr(CtFhirClient) client = new_client();
  g_autoptr(GError) error = NULL;
  g_autoptr(CtFhirRecord) record = NULL;
  g_autoptr(CtTwin) twin = NULL;
  g_autoptr(GBytes) twin_bytes = NULL;
  guint progress_calls = 0, with_hr = 0;

  control("reset", NULL);
  /* Patient 0: ~1000 observations, so paging is real (200 a page), and a twin package. */
  record = ct_fhir_client_fetch_record(client, "pat-0000", progress_count, &progress_calls, NULL,
                                       &error);
  g_assert_no_error(error);
  g_assert_cmpstr(record->patient->id, ==, "pat-0000");
  g_assert_cmpuint(record->observations->len, >=, 500);
  g_assert_cmpuint(progress_calls, >=, 3);
  for (guint i = 0; i < record->observations->len; i++) {
    const CtFhirObservation *o = &g_array_index(record->observations, CtFhirObservation, i);

    g_assert_nonnull(o->effective);
    if (strcmp(o->loinc, "8867-4") == 0) {
      with_hr++;
      g_assert_cmpfloat(o->value, >, 20.0);
      g_assert_cmpfloat(o->value, <, 250.0);
    }
  }
  g_assert_cmpuint(with_hr, >, 0);
  g_assert_cmpuint(record->condition_codes->len, >, 0);
  g_assert_nonnull(record->twin_json);
  g_assert_nonnull(record->twin_version);
  twin_bytes = g_bytes_new(record->twin_json, strlen(record->twin_json));
  twin = ct_twin_new_from_bytes(twin_bytes, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(ct_twin_get_id(twin), ==, "syn-twin-0000");
}

static void async_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
  CtFhirRecord **record = user_data;
  g_autoptr(GError) error = NULL;

  *record = ct_fhir_client_fetch_record_finish(CT_FHIR_CLIENT(source), result, &error);
  g_assert_no_error(error);
}

/* Off the main thread: the main loop keeps running, progress arrives on it. */
static void test_fetch_async(void)
{
  g_autoptr(CtFhirClient) client = new_client();
  g_autoptr(CtFhirRecord) record = NULL;
  guint progress_calls = 0;

  control("reset", NULL);
  ct_fhir_client_fetch_record_async(client, "pat-0004", progress_count, &progress_calls, NULL,
                                    async_done, &record);
  while (record == NULL)
    g_main_context_iteration(NULL, TRUE);
  g_assert_cmpuint(record->observations->len, >, 0);
  /* Progress reports are queued before the result and run on this thread. */
  g_assert_cmpuint(progress_calls, >=, 1);
}

typedef struct {
  const char *mode;
  int count;
  const char *extra;
  GQuark domain;
  int code;
} FaultCase;

/* Each fault: the error a clinician sees, and the cache untouched. */
static void test_faults(void)
{
  g_autofree char *path = g_build_filename(tmp_dir, "faults.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStore) store = ct_store_open(path, "tester", &error);
  g_autoptr(CtFhirClient) client = new_client();
  g_autoptr(CtFhirRecord) first = NULL;
  g_autofree char *before = NULL;
  const FaultCase cases[] = {
      {"http-500", -1, NULL, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_SERVER},
      {"http-401", -1, NULL, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_UNAUTHORIZED},
      {"http-403", -1, NULL, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_FORBIDDEN},
      {"http-429", -1, "\"retry_after_s\": 1", CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_RATE_LIMITED},
      {"http-503", -1, "\"retry_after_s\": 1", CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_SERVER},
      {"slow", -1, "\"delay_ms\": 4000", CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_TIMEOUT},
      {"truncate", -1, NULL, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE},
      {"invalid-json", -1, NULL, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE},
      {"reset", -1, NULL, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_NETWORK},
      {"wrong-resource-type", -1, NULL, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE},
      {"not-searchset", -1, NULL, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE},
  };

  g_assert_no_error(error);
  control("reset", NULL);
  first = ct_fhir_client_fetch_record(client, "pat-0005", NULL, NULL, NULL, &error);
  g_assert_no_error(error);
  g_assert_true(store_record(store, base_url, first, &error));
  g_assert_no_error(error);
  before = cache_state(store, "pat-0005");

  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autoptr(CtFhirRecord) record = NULL;
    g_autofree char *after = NULL;

    g_autofree char *extra = g_strdup_printf("%s%s\"path\": \"Observation\"",
                                             cases[i].extra != NULL ? cases[i].extra : "",
                                             cases[i].extra != NULL ? ", " : "");

    /* The fault hits the observations, after the Patient was read: a record half downloaded
     * must not reach the cache either. */
    fault(cases[i].mode, cases[i].count, extra);
    record = ct_fhir_client_fetch_record(client, "pat-0005", NULL, NULL, NULL, &error);
    if (record != NULL)
      g_assert_true(store_record(store, base_url, record, NULL));
    fault("none", 0, NULL);
    g_test_message("%s: %s", cases[i].mode, error != NULL ? error->message : "no error");
    g_assert_null(record);
    g_assert_error(error, cases[i].domain, cases[i].code);
    g_clear_error(&error);
    after = cache_state(store, "pat-0005");
    g_assert_cmpstr(after, ==, before);
  }
}

/* The token goes to the platform's own origin only: a next page, an attachment or a redirect
 * elsewhere is refused, not followed. */
static void test_origin_kept(void)
{
  g_autoptr(CtFhirClient) client = new_client();
  struct {
    const char *mode;
    const char *path;
    const char *needle;
  } cases[] = {
      {"foreign-next", "Observation", "outside the platform"},
      {"foreign-attachment", "DocumentReference", "outside the platform"},
      {"redirect", "Observation", "302"},
  };

  control("reset", NULL);
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(CtFhirRecord) record = NULL;
    g_autofree char *extra = g_strdup_printf("\"path\": \"%s\"", cases[i].path);

    fault(cases[i].mode, -1, extra);
    record = ct_fhir_client_fetch_record(client, "pat-0000", NULL, NULL, NULL, &error);
    fault("none", 0, NULL);
    g_test_message("%s: %s", cases[i].mode, error != NULL ? error->message : "followed");
    g_assert_null(record);
    g_assert_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE);
    g_assert_nonnull(strstr(error->message, cases[i].needle));
  }
}

/* A 429 (or 503) with Retry-After is retried after the wait, and succeeds. */
static void test_retry_after(void)
{
  g_autoptr(CtFhirClient) client = new_client();
  g_autoptr(CtFhirRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  guint requests;

  control("reset", NULL);
  fault("http-429", 1, "\"retry_after_s\": 1");
  start = g_get_monotonic_time();
  record = ct_fhir_client_fetch_record(client, "pat-0001", NULL, NULL, NULL, &error);
  g_assert_no_error(error);
  g_assert_nonnull(record);
  /* It waited as told, and asked again. */
  g_assert_cmpint(g_get_monotonic_time() - start, >=, 900000);
  requests = ct_fhir_client_get_n_requests(client);
  fault("http-503", 1, "\"retry_after_s\": 1");
  g_clear_pointer(&record, ct_fhir_record_free);
  record = ct_fhir_client_fetch_record(client, "pat-0001", NULL, NULL, NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(ct_fhir_client_get_n_requests(client) - requests, >, 4);
}

static void test_no_token(void)
{
  g_autoptr(CtFhirClient) client = new_client();
  g_autoptr(GError) error = NULL;
  g_autoptr(CtFhirRecord) record = NULL;

  control("reset", NULL);
  g_assert_true(ct_fhir_client_set_token(client, "wrong-token", NULL));
  record = ct_fhir_client_fetch_record(client, "pat-0001", NULL, NULL, NULL, &error);
  g_assert_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_UNAUTHORIZED);
  g_clear_error(&error);
  g_assert_true(ct_fhir_client_set_token(client, NULL, NULL));
  record = ct_fhir_client_fetch_record(client, "pat-0001", NULL, NULL, NULL, &error);
  g_assert_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_UNAUTHORIZED);
  g_clear_error(&error);
  g_assert_true(ct_fhir_client_set_token(client, TOKEN, NULL));
  record = ct_fhir_client_fetch_record(client, "no-such-patient", NULL, NULL, NULL, &error);
  g_assert_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_NOT_FOUND);
  g_clear_error(&error);
  /* A token that would forge a header is refused before it is ever sent. */
  g_assert_false(ct_fhir_client_set_token(client, "abc\r\nX-Injected: yes", &error));
  g_assert_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_UNAUTHORIZED);
}

static gboolean cancel_later(gpointer user_data)
{
  g_cancellable_cancel(user_data);
  return G_SOURCE_REMOVE;
}

static void cancelled_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
  GError **error = user_data;
  CtFhirRecord *record = ct_fhir_client_fetch_record_finish(CT_FHIR_CLIENT(source), result, error);

  g_assert_null(record);
}

/* Cancel during a slow answer: the call ends at once with G_IO_ERROR_CANCELLED. */
static void test_cancel(void)
{
  g_autoptr(CtFhirClient) client = new_client();
  g_autoptr(GCancellable) cancellable = g_cancellable_new();
  GError *error = NULL;
  gint64 start;

  control("reset", NULL);
  ct_fhir_client_set_limits(client, 2000, 30000, 2, 2);
  fault("slow", -1, "\"delay_ms\": 20000");
  start = g_get_monotonic_time();
  ct_fhir_client_fetch_record_async(client, "pat-0001", NULL, NULL, cancellable, cancelled_done,
                                    &error);
  g_timeout_add(300, cancel_later, cancellable);
  while (error == NULL)
    g_main_context_iteration(NULL, TRUE);
  fault("none", 0, NULL);
  g_assert_error(error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint(g_get_monotonic_time() - start, <, 5 * G_USEC_PER_SEC);
  g_error_free(error);
}

static void written(GObject *source, GAsyncResult *result, gpointer user_data)
{
  GError **error = user_data;
  g_autofree char *version = ct_fhir_client_write_finish(CT_FHIR_CLIENT(source), result, error);

  if (*error == NULL)
    g_assert_nonnull(version);
}

/* A fitted twin goes back as a new version; a stale version is a conflict, said clearly. */
static void test_write_twin(void)
{
  g_autoptr(CtFhirClient) client = new_client();
  g_autoptr(CtFhirRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *created = NULL;
  g_autofree char *plan = NULL;
  g_autoptr(CtFhirRecord) again = NULL;

  control("reset", NULL);
  record = ct_fhir_client_fetch_record(client, "pat-0010", NULL, NULL, NULL, &error);
  g_assert_no_error(error);
  g_assert_nonnull(record->twin_document_id);
  version = ct_fhir_client_write_twin(client, "pat-0010", record->twin_json,
                                      record->twin_document_id, record->twin_version, NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(version, !=, record->twin_version);
  /* The same old version again: someone (we) changed it since. */
  stale = ct_fhir_client_write_twin(client, "pat-0010", record->twin_json, record->twin_document_id,
                                    record->twin_version, NULL, &error);
  g_assert_null(stale);
  g_assert_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_CONFLICT);
  g_assert_nonnull(strstr(error->message, "412"));
  g_clear_error(&error);
  /* A patient without a twin package gets a new one. */
  created =
      ct_fhir_client_write_twin(client, "pat-0001", record->twin_json, NULL, NULL, NULL, &error);
  g_assert_no_error(error);
  g_assert_nonnull(created);

  /* A therapy plan is a package of its own: the next download still finds the twin. */
  plan = ct_fhir_client_write_plan(client, "pat-0010",
                                   "{\"format\": \"cardiotwin-scenario/1\", \"name\": \"CRT\"}",
                                   NULL, NULL, NULL, &error);
  g_assert_no_error(error);
  g_assert_nonnull(plan);
  again = ct_fhir_client_fetch_record(client, "pat-0010", NULL, NULL, NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(again->twin_document_id, ==, record->twin_document_id);
  g_assert_cmpstr(again->twin_version, ==, version);

  /* From the main loop, off its thread: the stale version again, answered as a conflict. */
  {
    GError *async_error = NULL;

    ct_fhir_client_write_async(client, CT_FHIR_DOCUMENT_TWIN, "pat-0010", record->twin_json,
                               record->twin_document_id, record->twin_version, NULL, written,
                               &async_error);
    while (async_error == NULL)
      g_main_context_iteration(NULL, TRUE);
    g_assert_error(async_error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_CONFLICT);
    g_error_free(async_error);
  }
}

/* A sync through the cache, then the platform gone: the app keeps working from the cache. */
static void test_offline_from_cache(void)
{
  g_autofree char *path = g_build_filename(tmp_dir, "offline.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStore) store = ct_store_open(path, "tester", &error);
  g_autoptr(CtFhirClient) client = new_client();
  g_autoptr(CtFhirRecord) record = NULL;
  g_autoptr(CtFhirClient) nowhere = NULL;
  g_autoptr(CtStorePatient) patient = NULL;
  g_autoptr(CtTwin) twin = NULL;

  control("reset", NULL);
  record = ct_fhir_client_fetch_record(client, "pat-0000", NULL, NULL, NULL, &error);
  g_assert_no_error(error);
  g_assert_true(store_record(store, base_url, record, &error));
  /* A platform that is not there (nothing listens on port 9 of this machine). */
  nowhere = ct_fhir_client_new("http://127.0.0.1:9/fhir/R4", &error);
  g_assert_no_error(error);
  g_clear_pointer(&record, ct_fhir_record_free);
  record = ct_fhir_client_fetch_record(nowhere, "pat-0000", NULL, NULL, NULL, &error);
  g_assert_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_NETWORK);
  g_clear_error(&error);
  patient = ct_store_find_patient(store, base_url, "pat-0000", &error);
  g_assert_no_error(error);
  g_assert_cmpint(ct_store_count_observations(store, patient->key, NULL), >=, 500);
  twin = ct_store_open_twin(store, patient->key, NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(ct_twin_get_id(twin), ==, "syn-twin-0000");
}

/* A twin fitted to the platform's observations runs through cardiotwin-sim --twin. */
static void test_fit_from_platform(void)
{
  g_autoptr(CtFhirClient) client = new_client();
  g_autoptr(CtFhirRecord) record = NULL;
  g_autoptr(CtMeasurements) measurements = NULL;
  g_autoptr(CtFit) fit = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) today = g_date_time_new_utc(2026, 11, 25, 12, 0, 0);
  g_autoptr(GSubprocess) sim = NULL;
  g_autofree char *path = g_build_filename(tmp_dir, "pat-0000-fitted.json", NULL);
  g_autofree char *out = NULL;
  double qrs = 0.0, lvef = 0.0;

  control("reset", NULL);
  /* A refuted LBBB diagnosis is not the patient's. */
  record = ct_fhir_client_fetch_record(client, "pat-0001", NULL, NULL, NULL, &error);
  g_assert_no_error(error);
  g_assert_false(g_ptr_array_find_with_equal_func(
      record->condition_codes, "http://snomed.info/sct|164909002", g_str_equal, NULL));
  g_clear_pointer(&record, ct_fhir_record_free);

  record = ct_fhir_client_fetch_record(client, "pat-0000", NULL, NULL, NULL, &error);
  g_assert_no_error(error);
  measurements = ct_fhir_record_to_measurements(record, today, &error);
  g_assert_no_error(error);
  /* HFrEF with LBBB on the platform: a Condition and a wide QRS. */
  g_assert_true(ct_measurements_get_lbbb(measurements));
  g_assert_true(ct_measurements_get_qrs_ms(measurements, &qrs));
  g_assert_cmpfloat(qrs, >=, 120.0);
  /* Not the newest LVEF on the platform (80 %, entered in error), but the newest that stands. */
  g_assert_true(ct_measurements_lookup(measurements, "lvef_pct", &lvef));
  g_assert_cmpfloat(lvef, <, 40.0);
  g_assert_true(ct_measurements_lookup(measurements, "hr_bpm", NULL));

  fit = ct_fit_new(measurements, "pat-0000-fitted");
  if (!ct_fit_run(fit, NULL, &error))
    g_error("%s", error->message);
  g_assert_true(ct_twin_save_to_file(ct_fit_get_twin(fit), path, &error));
  g_assert_no_error(error);

  sim = g_subprocess_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, g_getenv("CT_SIM_PATH"), "--twin",
                         path, "--json", NULL);
  g_assert_no_error(error);
  g_assert_true(g_subprocess_communicate_utf8(sim, NULL, NULL, &out, NULL, &error));
  g_assert_no_error(error);
  g_assert_true(g_subprocess_get_if_exited(sim));
  g_assert_cmpint(g_subprocess_get_exit_status(sim), ==, 0);
  {
    g_autoptr(JsonParser) parser = json_parser_new();
    JsonObject *root;

    g_assert_true(json_parser_load_from_data(parser, out, -1, &error));
    root = json_node_get_object(json_parser_get_root(parser));
    g_assert_true(json_object_get_boolean_member(
        json_object_get_object_member(root, "steady_state"), "converged"));
    g_assert_cmpstr(
        json_object_get_string_member(json_object_get_object_member(root, "twin"), "id"), ==,
        "pat-0000-fitted");
  }
}

int main(int argc, char **argv)
{
  int status;

  g_test_init(&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp("test-fhir-client-XXXXXX", NULL);
  main_thread = g_thread_self();
  start_server();

  g_test_add_func("/fhir-client/insecure-refused", test_insecure_refused);
  g_test_add_func("/fhir-client/search", test_search);
  g_test_add_func("/fhir-client/fetch-record", test_fetch_record);
  g_test_add_func("/fhir-client/fetch-async", test_fetch_async);
  g_test_add_func("/fhir-client/faults-keep-cache", test_faults);
  g_test_add_func("/fhir-client/retry-after", test_retry_after);
  g_test_add_func("/fhir-client/origin-kept", test_origin_kept);
  g_test_add_func("/fhir-client/sign-in", test_no_token);
  g_test_add_func("/fhir-client/cancel", test_cancel);
  g_test_add_func("/fhir-client/write-twin", test_write_twin);
  g_test_add_func("/fhir-client/offline-from-cache", test_offline_from_cache);
  g_test_add_func("/fhir-client/fit-from-platform", test_fit_from_platform);
  status = g_test_run();

  stop_server();
  ct_test_remove_tree(tmp_dir);
  g_free(tmp_dir);
  g_free(base_url);
  g_free(control_url);
  return status;
}

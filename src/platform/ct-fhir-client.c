/* ct-fhir-client.c — the hospital platform's FHIR R4 API, over libcurl.
 *
 * What the platform says is never trusted: every body goes through the twin room's hostile-input
 * JSON reader (size, depth, duplicate members), text from it reaches a message only shortened and
 * stripped of control characters (ct_json_shorten), every resource's type is checked, a search must
 * answer a "searchset" Bundle, and paging links are followed only while they stay on the
 * platform's own origin, so that the bearer token is never sent anywhere else. TLS is verified,
 * always; plain HTTP is accepted only to this machine (the test server). A 429 or 503 is retried
 * after the server's Retry-After (or 1, 2, 4 s), each wait cancellable. Every failure becomes a
 * CT_PLATFORM_ERROR a clinician can act on, and the client never touches the cache: the caller
 * stores a whole record or nothing.
 *
 * The blocking calls are for worker threads (one libcurl easy handle per call, so calls on
 * different threads never share one); the _async variants run them in a GTask thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-fhir-client.h"
#include "ct-fhir-client-private.h"

#include <curl/curl.h>
#include <string.h>

#include "ct-i18n.h"
#include "ct-json.h"
#include "ct-platform-error.h"
#include "ct-token-store.h"

/* A FHIR response CardioTwin reads is a page of a search or one resource: 32 MiB is far above
 * either (a page of 500 Observations is ~1 MiB) and still bounds what a broken server can send. */
#define MAX_RESPONSE_BYTES ((gsize)32 * 1024 * 1024)
/* 200 resources a page: ~0.4 MiB of Observations, few round trips for a patient's record (5 pages
 * for 968), and a page a slow link still delivers well within the request timeout. */
#define SEARCH_PAGE_SIZE 200
/* 200,000 resources: far beyond any one patient's record; a server whose next links never end
 * is stopped here. */
#define MAX_PAGES    1000
#define LOINC_SYSTEM "http://loinc.org"
/* CardioTwin's own DocumentReference types: LOINC has no code for a computational model of a
 * patient or for a therapy plan made with one, so the packages are typed by a code system of ours
 * (the platform's FHIR administrator registers it; the test server seeds with it). */
#define DOCUMENT_TYPE_SYSTEM "http://cardiotwin.example/fhir/CodeSystem/document-type"
#define DOCUMENT_TYPE_TWIN   "cardiotwin-twin"
#define DOCUMENT_TYPE_PLAN   "cardiotwin-plan"

struct _CtFhirClient {
  GObject parent_instance;

  char *base_url; /* without a trailing slash */
  char *origin;   /* scheme://host[:port]/ of base_url, for next links */
  GMutex lock;    /* token and limits, read by worker threads */
  char *token;
  guint connect_timeout_ms;
  guint timeout_ms;
  guint max_retries;
  guint max_retry_wait_s;
  guint n_requests;          /* atomic */
  CtFhirTransport transport; /* NULL: libcurl (ct-fhir-client-private.h); under @lock */
  gpointer transport_data;
};

G_DEFINE_FINAL_TYPE(CtFhirClient, ct_fhir_client, G_TYPE_OBJECT)

static void ct_fhir_client_finalize(GObject *object)
{
  CtFhirClient *self = CT_FHIR_CLIENT(object);

  g_free(self->base_url);
  g_free(self->origin);
  if (self->token != NULL)
    memset(self->token, 0, strlen(self->token));
  g_free(self->token);
  g_mutex_clear(&self->lock);
  G_OBJECT_CLASS(ct_fhir_client_parent_class)->finalize(object);
}

static void ct_fhir_client_class_init(CtFhirClientClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = ct_fhir_client_finalize;
  /* Once per process, before any thread uses libcurl (curl_global_init is not thread-safe on
   * libcurl 7.88). */
  curl_global_init(CURL_GLOBAL_DEFAULT);
}

static void ct_fhir_client_init(CtFhirClient *self)
{
  g_mutex_init(&self->lock);
  self->connect_timeout_ms = 10000;
  self->timeout_ms = 60000;
  self->max_retries = 3;
  self->max_retry_wait_s = 30;
}

void ct_fhir_patient_free(CtFhirPatient *patient)
{
  if (patient == NULL)
    return;
  g_free(patient->id);
  g_free(patient->display_name);
  g_free(patient->identifier);
  g_free(patient->birth_date);
  g_free(patient->gender);
  g_free(patient);
}

static void observation_clear(gpointer data)
{
  CtFhirObservation *o = data;

  g_free(o->id);
  g_free(o->loinc);
  g_free(o->unit);
  g_free(o->effective);
}

void ct_fhir_record_free(CtFhirRecord *record)
{
  if (record == NULL)
    return;
  ct_fhir_patient_free(record->patient);
  g_free(record->patient_json);
  if (record->observations != NULL)
    g_array_unref(record->observations);
  if (record->condition_codes != NULL)
    g_ptr_array_unref(record->condition_codes);
  g_free(record->twin_json);
  g_free(record->twin_document_id);
  g_free(record->twin_version);
  if (record->mesh != NULL)
    g_bytes_unref(record->mesh);
  g_free(record->mesh_content_type);
  g_free(record);
}

static gboolean is_loopback(const char *host)
{
  /* GUri gives an IPv6 literal without its brackets. */
  return strcmp(host, "127.0.0.1") == 0 || g_ascii_strcasecmp(host, "localhost") == 0 ||
         strcmp(host, "::1") == 0;
}

CtFhirClient *ct_fhir_client_new(const char *base_url, GError **error)
{
  g_autoptr(CtFhirClient) self = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local = NULL;
  const char *scheme, *host;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail(base_url != NULL, NULL);

  uri = g_uri_parse(base_url, G_URI_FLAGS_NONE, &local);
  if (uri == NULL || g_uri_get_host(uri) == NULL || g_uri_get_host(uri)[0] == '\0') {
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INSECURE,
                _("The platform address “%s” is not a web address"), base_url);
    return NULL;
  }
  scheme = g_uri_get_scheme(uri);
  host = g_uri_get_host(uri);
  if (g_strcmp0(scheme, "https") != 0 && !(g_strcmp0(scheme, "http") == 0 && is_loopback(host))) {
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INSECURE,
                _("The platform address “%s” is not encrypted; patient data is only exchanged "
                  "over https"),
                base_url);
    return NULL;
  }
  if (g_uri_get_query(uri) != NULL || g_uri_get_fragment(uri) != NULL ||
      g_uri_get_userinfo(uri) != NULL) {
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INSECURE,
                _("The platform address “%s” must not hold a query, a fragment or a password"),
                base_url);
    return NULL;
  }
  self = g_object_new(CT_TYPE_FHIR_CLIENT, NULL);
  trimmed = g_strdup(base_url);
  while (g_str_has_suffix(trimmed, "/"))
    trimmed[strlen(trimmed) - 1] = '\0';
  self->base_url = g_steal_pointer(&trimmed);
  {
    /* URLs written back by the server put an IPv6 literal in brackets. */
    g_autofree char *authority =
        strchr(host, ':') != NULL ? g_strdup_printf("[%s]", host) : g_ascii_strdown(host, -1);

    if (g_uri_get_port(uri) > 0)
      self->origin = g_strdup_printf("%s://%s:%d/", scheme, authority, g_uri_get_port(uri));
    else
      self->origin = g_strdup_printf("%s://%s/", scheme, authority);
  }
  return g_steal_pointer(&self);
}

const char *ct_fhir_client_get_base_url(CtFhirClient *self)
{
  g_return_val_if_fail(CT_IS_FHIR_CLIENT(self), NULL);
  return self->base_url;
}

gboolean ct_fhir_client_set_token(CtFhirClient *self, const char *token, GError **error)
{
  g_return_val_if_fail(CT_IS_FHIR_CLIENT(self), FALSE);
  /* The token goes into an HTTP header: a line break in it would forge headers. */
  if (token != NULL && !ct_token_is_valid(token)) {
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_UNAUTHORIZED,
                _("The sign-in token is not a valid bearer token; sign in again"));
    return FALSE;
  }
  g_mutex_lock(&self->lock);
  if (self->token != NULL)
    memset(self->token, 0, strlen(self->token));
  g_free(self->token);
  self->token = g_strdup(token);
  g_mutex_unlock(&self->lock);
  return TRUE;
}

void ct_fhir_client_set_limits(CtFhirClient *self, guint connect_timeout_ms, guint timeout_ms,
                               guint max_retries, guint max_retry_wait_s)
{
  g_return_if_fail(CT_IS_FHIR_CLIENT(self));
  g_mutex_lock(&self->lock);
  self->connect_timeout_ms = connect_timeout_ms;
  self->timeout_ms = timeout_ms;
  self->max_retries = max_retries;
  self->max_retry_wait_s = max_retry_wait_s;
  g_mutex_unlock(&self->lock);
}

guint ct_fhir_client_get_n_requests(CtFhirClient *self)
{
  g_return_val_if_fail(CT_IS_FHIR_CLIENT(self), 0);
  return (guint)g_atomic_int_get(&self->n_requests);
}

void ct_fhir_client_set_transport(CtFhirClient *self, CtFhirTransport transport, gpointer user_data)
{
  g_return_if_fail(CT_IS_FHIR_CLIENT(self));
  /* Requests run on the client's worker thread: they read these under the lock, as the rest of
   * the client's settings. */
  g_mutex_lock(&self->lock);
  self->transport = transport;
  self->transport_data = user_data;
  g_mutex_unlock(&self->lock);
}

/* ------------------------------------------------------------------ one request */

typedef struct {
  GByteArray *body;
  gboolean too_large;
  char *retry_after;
  char *etag;
  char *location;
  GCancellable *cancellable;
} Exchange;

static size_t on_body(char *data, size_t size, size_t n, void *user_data)
{
  Exchange *x = user_data;

  if (x->body->len + size * n > MAX_RESPONSE_BYTES) {
    x->too_large = TRUE;
    return 0;
  }
  g_byte_array_append(x->body, (const guint8 *)data, (guint)(size * n));
  return size * n;
}

/* "Name: value\r\n": the value of the headers we use, trimmed. */
static void take_header(const char *line, size_t length, const char *name, char **out)
{
  size_t name_length = strlen(name);

  if (length > name_length + 1 && g_ascii_strncasecmp(line, name, name_length) == 0 &&
      line[name_length] == ':') {
    g_free(*out);
    *out = g_strstrip(g_strndup(line + name_length + 1, length - name_length - 1));
  }
}

static size_t on_header(char *line, size_t size, size_t n, void *user_data)
{
  Exchange *x = user_data;

  take_header(line, size * n, "Retry-After", &x->retry_after);
  take_header(line, size * n, "ETag", &x->etag);
  take_header(line, size * n, "Location", &x->location);
  return size * n;
}

static int on_progress(void *user_data, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
  Exchange *x = user_data;

  return g_cancellable_is_cancelled(x->cancellable) ? 1 : 0;
}

static void exchange_clear(Exchange *x)
{
  if (x->body != NULL)
    g_byte_array_unref(x->body);
  g_free(x->retry_after);
  g_free(x->etag);
  g_free(x->location);
  memset(x, 0, sizeof *x);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Exchange, exchange_clear)

/* Seconds to wait before a retry: Retry-After as seconds or an HTTP date, else 1, 2, 4 s. */
static guint retry_wait_s(const char *retry_after, guint attempt, guint cap)
{
  guint wait = 1u << MIN(attempt, 5u);

  if (retry_after != NULL) {
    char *end = NULL;
    guint64 seconds = g_ascii_strtoull(retry_after, &end, 10);

    if (end != retry_after && *end == '\0')
      wait = (guint)MIN(seconds, (guint64)G_MAXUINT);
    else {
      /* An HTTP date (RFC 9110): curl_getdate reads it. */
      time_t when = curl_getdate(retry_after, NULL);
      gint64 now = g_get_real_time() / G_USEC_PER_SEC;

      if (when > 0)
        wait = when > now ? (guint)MIN(when - now, (gint64)G_MAXUINT) : 0;
    }
  }
  return MIN(wait, cap);
}

/* Sleeps @seconds unless cancelled first. */
static gboolean cancellable_sleep(guint seconds, GCancellable *cancellable, GError **error)
{
  gint64 until = g_get_monotonic_time() + (gint64)seconds * G_USEC_PER_SEC;

  for (gint64 left = until - g_get_monotonic_time(); left > 0;
       left = until - g_get_monotonic_time()) {
    if (g_cancellable_set_error_if_cancelled(cancellable, error))
      return FALSE;
    /* Wake every 50 ms to see a cancellation. */
    g_usleep((gulong)MIN(left, 50000));
  }
  return !g_cancellable_set_error_if_cancelled(cancellable, error);
}

static gboolean fail_transfer(CURLcode code, const Exchange *x, const char *url,
                              GCancellable *cancellable, GError **error)
{
  if (code == CURLE_ABORTED_BY_CALLBACK && g_cancellable_set_error_if_cancelled(cancellable, error))
    return FALSE;
  /* An if chain, not a switch: CURLcode has ~100 values (-Wswitch-enum). */
  if (code == CURLE_OPERATION_TIMEDOUT)
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_TIMEOUT,
                _("The platform did not answer in time; try again, or work from the local "
                  "cache"));
  else if (code == CURLE_COULDNT_RESOLVE_HOST || code == CURLE_COULDNT_CONNECT)
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_NETWORK,
                _("The platform cannot be reached (%s); check the network, or work from the local "
                  "cache"),
                curl_easy_strerror(code));
  else if (code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CONNECT_ERROR ||
           code == CURLE_SSL_CERTPROBLEM || code == CURLE_SSL_CACERT_BADFILE)
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INSECURE,
                _("The platform's identity could not be verified (%s); nothing was exchanged"),
                curl_easy_strerror(code));
  else if (code == CURLE_PARTIAL_FILE)
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE,
                _("The platform's answer was cut off; nothing was changed, try again"));
  else if (code == CURLE_WRITE_ERROR && x->too_large)
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE,
                _("The platform's answer is larger than %u MiB; it was not read"),
                (guint)(MAX_RESPONSE_BYTES >> 20));
  else
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_NETWORK,
                _("The connection to the platform failed (%s); nothing was changed, try again"),
                curl_easy_strerror(code));
  return FALSE;
}

static gboolean fail_status(long status, GError **error)
{
  if (status == 401)
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_UNAUTHORIZED,
                _("The platform refused the sign-in (HTTP 401); sign in again"));
  else if (status == 403)
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_FORBIDDEN,
                _("Your account may not see this on the platform (HTTP 403); ask its "
                  "administrator for access"));
  else if (status == 404 || status == 410)
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_NOT_FOUND,
                _("The platform has no such record (HTTP %ld); it may have been removed"), status);
  else if (status == 412)
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_CONFLICT,
                _("The twin on the platform was changed by someone else since it was downloaded "
                  "(HTTP 412); sync the patient, review the new version, then save again"));
  else if (status >= 300 && status < 400)
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE,
                _("The platform redirected the request elsewhere (HTTP %ld); it was not followed, "
                  "so the sign-in stays with the platform; check the platform address"),
                status);
  else if (status == 429)
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_RATE_LIMITED,
                _("The platform is busy and asked to slow down (HTTP 429); try again in a "
                  "minute"));
  else if (status >= 500)
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_SERVER,
                _("The platform failed to answer (HTTP %ld); try again later, or work from the "
                  "local cache"),
                status);
  else
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE,
                _("The platform answered with an unexpected HTTP status %ld"), status);
  return FALSE;
}

typedef enum {
  METHOD_GET,
  METHOD_POST,
  METHOD_PUT,
} Method;

/* One transfer over libcurl into @x, its HTTP status in @status. */
static CURLcode perform(CURL *curl, Method method, const char *url, const char *body,
                        const char *if_match, const char *authorization, guint connect_ms,
                        guint timeout_ms, Exchange *x, long *status)
{
  struct curl_slist *headers = NULL;
  g_autofree char *match = NULL;
  CURLcode code;

  curl_easy_reset(curl);
  headers = curl_slist_append(headers, "Accept: application/fhir+json");
  if (authorization != NULL)
    headers = curl_slist_append(headers, authorization);
  if (body != NULL)
    headers = curl_slist_append(headers, "Content-Type: application/fhir+json");
  if (if_match != NULL) {
    match = g_strdup_printf("If-Match: W/\"%s\"", if_match);
    headers = curl_slist_append(headers, match);
  }
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  /* Threads: no signals (the DNS resolver's timeout would use SIGALRM). */
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  /* TLS verification, always (these are libcurl's defaults, set so no one unsets them). */
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  /* A redirect is not followed: it could lead the token elsewhere. */
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, (long)connect_ms);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long)timeout_ms);
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, x);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, x);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, x);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "CardioTwin");
  if (method == METHOD_POST || method == METHOD_PUT) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
    if (method == METHOD_PUT)
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "PUT");
  }
  code = curl_easy_perform(curl);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, NULL);
  curl_slist_free_all(headers);
  if (code == CURLE_OK)
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, status);
  return code;
}

/* One request, retried on 429/503; on success the body and headers are in @x. */
static gboolean request(CtFhirClient *self, CURL *curl, Method method, const char *url,
                        const char *body, const char *if_match, Exchange *x,
                        GCancellable *cancellable, GError **error)
{
  static const char *const method_names[] = {"GET", "POST", "PUT"};
  guint connect_ms, timeout_ms, max_retries, cap;
  g_autofree char *authorization = NULL;
  CtFhirTransport transport;
  gpointer transport_data;

  g_mutex_lock(&self->lock);
  transport = self->transport;
  transport_data = self->transport_data;
  connect_ms = self->connect_timeout_ms;
  timeout_ms = self->timeout_ms;
  max_retries = self->max_retries;
  cap = self->max_retry_wait_s;
  if (self->token != NULL)
    authorization = g_strconcat("Authorization: Bearer ", self->token, NULL);
  g_mutex_unlock(&self->lock);

  for (guint attempt = 0;; attempt++) {
    CURLcode code = CURLE_OK;
    long status = 0;

    if (g_cancellable_set_error_if_cancelled(cancellable, error))
      return FALSE;
    exchange_clear(x);
    x->body = g_byte_array_new();
    x->cancellable = cancellable;

    g_atomic_int_inc(&self->n_requests);
    if (transport != NULL)
      status = (long)transport(method_names[method], url, body, x->body, transport_data);
    else
      code = perform(curl, method, url, body, if_match, authorization, connect_ms, timeout_ms, x,
                     &status);
    if (code != CURLE_OK)
      return fail_transfer(code, x, url, cancellable, error);
    if (status >= 200 && status < 300)
      return TRUE;
    /* Busy or unavailable: the server says when to come back. */
    if ((status == 429 || status == 503) && attempt < max_retries) {
      if (!cancellable_sleep(retry_wait_s(x->retry_after, attempt, cap), cancellable, error))
        return FALSE;
      continue;
    }
    return fail_status(status, error);
  }
}

static const char *string_member(JsonObject *object, const char *member);

/* The body as a JSON object of @resource_type ("Bundle", "Patient", ...). */
static JsonNode *parse_resource(const Exchange *x, const char *resource_type, GError **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new(x->body->data, x->body->len);
  g_autoptr(GError) local = NULL;
  g_autoptr(JsonNode) root = ct_json_parse_bytes(bytes, MAX_RESPONSE_BYTES, "FHIR", &local);
  JsonObject *object;
  const char *type;

  if (root == NULL) {
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE,
                _("The platform sent an answer that is not valid FHIR JSON (%s); nothing was "
                  "changed"),
                local->message);
    return NULL;
  }
  object = json_node_get_object(root);
  type = string_member(object, "resourceType");
  if (g_strcmp0(type, resource_type) != 0) {
    g_autofree char *shown = type != NULL ? ct_json_shorten(type) : NULL;

    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE,
                _("The platform sent a %s where a %s was expected; nothing was changed"),
                shown != NULL ? shown : _("document without resourceType"), resource_type);
    return NULL;
  }
  return g_steal_pointer(&root);
}

/* ------------------------------------------------------------------ reading resources */

static const char *string_member(JsonObject *object, const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member(object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE(node) &&
                 json_node_get_value_type(node) == G_TYPE_STRING
             ? json_node_get_string(node)
             : NULL;
}

static JsonObject *object_member(JsonObject *object, const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member(object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
}

static JsonArray *array_member(JsonObject *object, const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member(object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY(node) ? json_node_get_array(node) : NULL;
}

static JsonObject *array_object(JsonArray *array, guint index)
{
  JsonNode *node = json_array_get_element(array, index);

  return JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
}

static gboolean number_member(JsonObject *object, const char *member, double *value)
{
  JsonNode *node = object != NULL ? json_object_get_member(object, member) : NULL;
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE(node))
    return FALSE;
  type = json_node_get_value_type(node);
  if (type == G_TYPE_DOUBLE)
    *value = json_node_get_double(node);
  else if (type == G_TYPE_INT64)
    *value = (double)json_node_get_int(node);
  else
    return FALSE;
  return TRUE;
}

static CtFhirPatient *read_patient(JsonObject *resource)
{
  CtFhirPatient *patient = g_new0(CtFhirPatient, 1);
  JsonArray *names = array_member(resource, "name");
  JsonArray *identifiers = array_member(resource, "identifier");

  patient->id = g_strdup(string_member(resource, "id"));
  if (names != NULL && json_array_get_length(names) > 0) {
    JsonObject *name = array_object(names, 0);
    const char *family = string_member(name, "family");
    const char *text = string_member(name, "text");
    JsonArray *given = array_member(name, "given");
    g_autoptr(GString) display = g_string_new(family != NULL ? family : "");

    for (guint i = 0; given != NULL && i < json_array_get_length(given); i++) {
      JsonNode *g = json_array_get_element(given, i);

      if (JSON_NODE_HOLDS_VALUE(g) && json_node_get_value_type(g) == G_TYPE_STRING)
        g_string_append_printf(display, "%s%s", i == 0 && display->len > 0 ? ", " : " ",
                               json_node_get_string(g));
    }
    patient->display_name =
        display->len > 0 ? g_string_free(g_steal_pointer(&display), FALSE) : g_strdup(text);
  }
  if (patient->display_name == NULL)
    patient->display_name = g_strdup(patient->id);
  if (identifiers != NULL && json_array_get_length(identifiers) > 0)
    patient->identifier = g_strdup(string_member(array_object(identifiers, 0), "value"));
  patient->birth_date = g_strdup(string_member(resource, "birthDate"));
  patient->gender = g_strdup(string_member(resource, "gender"));
  return patient;
}

CtFhirPatient *ct_fhir_patient_new_from_json(const char *json, GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail(json != NULL, NULL);
  bytes = g_bytes_new(json, strlen(json));
  root = ct_json_parse_bytes(bytes, MAX_RESPONSE_BYTES, "FHIR", &local);
  if (root == NULL) {
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE,
                _("The patient's record from the platform is not valid FHIR JSON (%s)"),
                local->message);
    return NULL;
  }
  if (g_strcmp0(string_member(json_node_get_object(root), "resourceType"), "Patient") != 0) {
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE,
                _("The patient's record from the platform is not a FHIR Patient resource"));
    return NULL;
  }
  return read_patient(json_node_get_object(root));
}

/* The LOINC code of a CodeableConcept, or NULL. */
static const char *loinc_of(JsonObject *concept)
{
  JsonArray *codings = array_member(concept, "coding");

  for (guint i = 0; codings != NULL && i < json_array_get_length(codings); i++) {
    JsonObject *coding = array_object(codings, i);

    if (g_strcmp0(string_member(coding, "system"), LOINC_SYSTEM) == 0 &&
        string_member(coding, "code") != NULL)
      return string_member(coding, "code");
  }
  return NULL;
}

static void add_observation(GArray *out, const char *id, const char *loinc, JsonObject *quantity,
                            const char *effective)
{
  CtFhirObservation o = {0};
  const char *unit;

  if (loinc == NULL || quantity == NULL || !number_member(quantity, "value", &o.value))
    return;
  unit = string_member(quantity, "code");
  if (unit == NULL)
    unit = string_member(quantity, "unit");
  o.id = g_strdup(id);
  o.loinc = g_strdup(loinc);
  o.unit = g_strdup(unit != NULL ? unit : "");
  o.effective = g_strdup(effective);
  g_array_append_val(out, o);
}

/* A numeric Observation, or each numeric component of a panel (blood pressure 85354-9). */
static const char *const final_statuses[] = {"final", "amended", "corrected", NULL};

static gboolean is_one_of(const char *text, const char *const *choices)
{
  return text != NULL && g_strv_contains(choices, text);
}

/* The first code of a CodeableConcept (verificationStatus, clinicalStatus), or NULL. */
static const char *first_code(JsonObject *concept)
{
  JsonArray *codings = array_member(concept, "coding");

  return codings != NULL && json_array_get_length(codings) > 0
             ? string_member(array_object(codings, 0), "code")
             : NULL;
}

static void read_observation(JsonObject *resource, GArray *out)
{
  const char *id = string_member(resource, "id");
  const char *effective = string_member(resource, "effectiveDateTime");
  JsonArray *components = array_member(resource, "component");

  /* Only results that stand (FHIR R4 ObservationStatus): not preliminary, cancelled or entered in
   * error, and with a value (no dataAbsentReason). */
  if (!is_one_of(string_member(resource, "status"), final_statuses) ||
      json_object_has_member(resource, "dataAbsentReason"))
    return;
  if (id == NULL)
    return;
  if (effective == NULL)
    effective = string_member(object_member(resource, "effectivePeriod"), "start");
  if (effective == NULL)
    effective = string_member(resource, "issued");
  if (effective == NULL)
    return;
  add_observation(out, id, loinc_of(object_member(resource, "code")),
                  object_member(resource, "valueQuantity"), effective);
  for (guint i = 0; components != NULL && i < json_array_get_length(components); i++) {
    JsonObject *component = array_object(components, i);
    const char *code = loinc_of(object_member(component, "code"));
    g_autofree char *component_id = g_strdup_printf("%s/%s", id, code != NULL ? code : "");

    add_observation(out, component_id, code, object_member(component, "valueQuantity"), effective);
  }
}

/* ------------------------------------------------------------------ searches and paging */

typedef gboolean (*EntryFunc)(JsonObject *resource, gpointer user_data, GError **error);

static char *absolute_url(CtFhirClient *self, const char *path)
{
  return g_strconcat(self->base_url, "/", path, NULL);
}

/* Runs a search and follows its next links, calling @each on every "match" entry. */
static gboolean search_all(CtFhirClient *self, CURL *curl, const char *path,
                           const char *resource_type, guint limit, EntryFunc each,
                           gpointer user_data, CtFhirProgress progress, gpointer progress_data,
                           guint *done, GCancellable *cancellable, GError **error)
{
  g_autofree char *url = absolute_url(self, path);

  for (guint page = 0; url != NULL; page++) {
    g_auto(Exchange) x = {0};
    g_autoptr(JsonNode) root = NULL;
    g_autofree char *next = NULL;
    JsonObject *bundle;
    JsonArray *entries, *links;
    double total = 0.0;

    if (page >= MAX_PAGES) {
      g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE,
                  _("The platform's search did not end after %d pages"), MAX_PAGES);
      return FALSE;
    }
    if (!request(self, curl, METHOD_GET, url, NULL, NULL, &x, cancellable, error))
      return FALSE;
    root = parse_resource(&x, "Bundle", error);
    if (root == NULL)
      return FALSE;
    bundle = json_node_get_object(root);
    if (g_strcmp0(string_member(bundle, "type"), "searchset") != 0) {
      g_autofree char *shown = ct_json_shorten(
          string_member(bundle, "type") != NULL ? string_member(bundle, "type") : "");

      g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE,
                  _("The platform answered a search with a Bundle of type “%s”, not "
                    "“searchset”; nothing was changed"),
                  shown);
      return FALSE;
    }
    entries = array_member(bundle, "entry");
    for (guint i = 0; entries != NULL && i < json_array_get_length(entries); i++) {
      JsonObject *entry = array_object(entries, i);
      JsonObject *resource = object_member(entry, "resource");
      const char *mode = string_member(object_member(entry, "search"), "mode");

      /* "include" and "outcome" entries are not results. */
      if (resource == NULL || (mode != NULL && strcmp(mode, "match") != 0))
        continue;
      if (g_strcmp0(string_member(resource, "resourceType"), resource_type) != 0) {
        g_autofree char *shown = ct_json_shorten(string_member(resource, "resourceType") != NULL
                                                     ? string_member(resource, "resourceType")
                                                     : "?");

        g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE,
                    _("The platform's search for %s returned a %s; nothing was changed"),
                    resource_type, shown);
        return FALSE;
      }
      if (!each(resource, user_data, error))
        return FALSE;
      (*done)++;
      if (limit > 0 && *done >= limit)
        return TRUE;
    }
    number_member(bundle, "total", &total);
    if (progress != NULL)
      progress(*done, total > 0 ? (guint)total : 0, progress_data);

    /* The first next link is followed; a Bundle with more than one (which FHIR's paging does not
     * make) gets no more pages from the others. */
    links = array_member(bundle, "link");
    for (guint i = 0; links != NULL && i < json_array_get_length(links) && next == NULL; i++) {
      JsonObject *link = array_object(links, i);

      if (g_strcmp0(string_member(link, "relation"), "next") == 0)
        next = g_strdup(string_member(link, "url"));
    }
    /* The next page must be on the platform: the token goes nowhere else. */
    if (next != NULL && !g_str_has_prefix(next, self->origin)) {
      g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE,
                  _("The platform's next page points outside the platform; it was not followed"));
      return FALSE;
    }
    g_free(url);
    url = g_steal_pointer(&next);
  }
  return TRUE;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(CURL, curl_easy_cleanup)

static gboolean collect_patient(JsonObject *resource, gpointer user_data, GError **error)
{
  GPtrArray *patients = user_data;
  CtFhirPatient *patient = read_patient(resource);

  if (patient->id == NULL) {
    ct_fhir_patient_free(patient);
    return TRUE;
  }
  for (guint i = 0; i < patients->len; i++)
    if (strcmp(((CtFhirPatient *)patients->pdata[i])->id, patient->id) == 0) {
      ct_fhir_patient_free(patient);
      return TRUE;
    }
  g_ptr_array_add(patients, patient);
  return TRUE;
}

static CURL *new_handle(GError **error)
{
  CURL *curl = curl_easy_init();

  if (curl == NULL)
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_NETWORK,
                _("The network library could not be started"));
  return curl;
}

GPtrArray *ct_fhir_client_search_patients(CtFhirClient *self, const char *query, guint limit,
                                          CtFhirProgress progress, gpointer progress_data,
                                          GCancellable *cancellable, GError **error)
{
  g_autoptr(GPtrArray) patients =
      g_ptr_array_new_with_free_func((GDestroyNotify)ct_fhir_patient_free);
  g_autoptr(CURL) curl = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *by_name = NULL;
  g_autofree char *by_identifier = NULL;
  guint found = 0;

  g_return_val_if_fail(CT_IS_FHIR_CLIENT(self), NULL);
  g_return_val_if_fail(query != NULL, NULL);

  curl = new_handle(error);
  if (curl == NULL)
    return NULL;
  escaped = g_uri_escape_string(query, NULL, FALSE);
  by_name = g_strdup_printf("Patient?name=%s&_count=%d", escaped, SEARCH_PAGE_SIZE);
  by_identifier = g_strdup_printf("Patient?identifier=%s&_count=%d", escaped, SEARCH_PAGE_SIZE);
  if (!search_all(self, curl, by_name, "Patient", limit, collect_patient, patients, progress,
                  progress_data, &found, cancellable, error) ||
      !search_all(self, curl, by_identifier, "Patient", limit, collect_patient, patients, progress,
                  progress_data, &found, cancellable, error))
    return NULL;
  if (limit > 0 && patients->len > limit)
    g_ptr_array_set_size(patients, limit);
  return g_steal_pointer(&patients);
}

/* ------------------------------------------------------------------ a patient's record */

static gboolean collect_observation(JsonObject *resource, gpointer user_data, GError **error)
{
  read_observation(resource, user_data);
  return TRUE;
}

static gboolean collect_condition(JsonObject *resource, gpointer user_data, GError **error)
{
  static const char *const not_standing[] = {"refuted", "entered-in-error", NULL};
  static const char *const past[] = {"inactive", "resolved", "remission", NULL};
  GPtrArray *codes = user_data;
  JsonArray *codings = array_member(object_member(resource, "code"), "coding");

  /* A diagnosis that was refuted or entered in error, or that no longer holds, is not the
   * patient's (FHIR R4 Condition.verificationStatus, Condition.clinicalStatus). */
  if (is_one_of(first_code(object_member(resource, "verificationStatus")), not_standing) ||
      is_one_of(first_code(object_member(resource, "clinicalStatus")), past))
    return TRUE;
  for (guint i = 0; codings != NULL && i < json_array_get_length(codings); i++) {
    JsonObject *coding = array_object(codings, i);

    if (string_member(coding, "code") != NULL)
      g_ptr_array_add(codes, g_strdup_printf("%s|%s",
                                             string_member(coding, "system") != NULL
                                                 ? string_member(coding, "system")
                                                 : "",
                                             string_member(coding, "code")));
  }
  return TRUE;
}

static gboolean collect_document(JsonObject *resource, gpointer user_data, GError **error)
{
  GPtrArray *documents = user_data;
  JsonArray *codings = array_member(object_member(resource, "type"), "coding");
  gboolean twin = FALSE;

  /* The search asked for the twin type, but a server may ignore a search parameter: the type is
   * checked here too, so a plan or a note is never taken for the twin. */
  for (guint i = 0; codings != NULL && i < json_array_get_length(codings); i++) {
    JsonObject *coding = array_object(codings, i);

    twin |= g_strcmp0(string_member(coding, "system"), DOCUMENT_TYPE_SYSTEM) == 0 &&
            g_strcmp0(string_member(coding, "code"), DOCUMENT_TYPE_TWIN) == 0;
  }
  if (twin && g_strcmp0(string_member(resource, "status"), "current") == 0)
    g_ptr_array_add(documents, json_object_ref(resource));
  return TRUE;
}

/* An attachment's bytes: inline base64 data, or a Binary on the platform. */
static GBytes *attachment_bytes(CtFhirClient *self, CURL *curl, JsonObject *attachment,
                                GCancellable *cancellable, GError **error)
{
  const char *data = string_member(attachment, "data");
  const char *url = string_member(attachment, "url");
  g_auto(Exchange) x = {0};
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *absolute = NULL;
  gsize length = 0;
  guchar *decoded;

  if (data == NULL && url != NULL) {
    /* A relative reference (Binary/ID) or an absolute URL on the platform. */
    absolute = g_str_has_prefix(url, "Binary/") ? absolute_url(self, url) : g_strdup(url);
    if (!g_str_has_prefix(absolute, self->origin)) {
      g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE,
                  _("An attachment points outside the platform; it was not downloaded"));
      return NULL;
    }
    if (!request(self, curl, METHOD_GET, absolute, NULL, NULL, &x, cancellable, error))
      return NULL;
    root = parse_resource(&x, "Binary", error);
    if (root == NULL)
      return NULL;
    data = string_member(json_node_get_object(root), "data");
  }
  if (data == NULL) {
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE,
                _("The twin package has an attachment without content"));
    return NULL;
  }
  decoded = g_base64_decode(data, &length);
  return g_bytes_new_take(decoded, length);
}

static int compare_documents(gconstpointer a, gconstpointer b)
{
  JsonObject *x = *(JsonObject *const *)a, *y = *(JsonObject *const *)b;
  const char *dx = string_member(x, "date"), *dy = string_member(y, "date");

  /* Newest first. */
  return -g_strcmp0(dx, dy);
}

static gboolean read_twin_package(CtFhirClient *self, CURL *curl, CtFhirRecord *record,
                                  GPtrArray *documents, GCancellable *cancellable, GError **error)
{
  JsonObject *document;
  JsonArray *content;

  if (documents->len == 0)
    return TRUE;
  g_ptr_array_sort(documents, compare_documents);
  document = documents->pdata[0];
  content = array_member(document, "content");
  for (guint i = 0; content != NULL && i < json_array_get_length(content); i++) {
    JsonObject *attachment = object_member(array_object(content, i), "attachment");
    const char *type = string_member(attachment, "contentType");
    g_autoptr(GBytes) bytes = NULL;

    if (attachment == NULL || type == NULL)
      continue;
    if (g_str_has_prefix(type, "application/json") && record->twin_json == NULL) {
      bytes = attachment_bytes(self, curl, attachment, cancellable, error);
      if (bytes == NULL)
        return FALSE;
      record->twin_json = g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
    } else if (record->mesh == NULL && (g_str_has_prefix(type, "model/") ||
                                        strcmp(type, "application/octet-stream") == 0)) {
      record->mesh = attachment_bytes(self, curl, attachment, cancellable, error);
      if (record->mesh == NULL)
        return FALSE;
      record->mesh_content_type = g_strdup(type);
    }
  }
  record->twin_document_id = g_strdup(string_member(document, "id"));
  record->twin_version = g_strdup(string_member(object_member(document, "meta"), "versionId"));
  return TRUE;
}

CtFhirRecord *ct_fhir_client_fetch_record(CtFhirClient *self, const char *patient_id,
                                          CtFhirProgress progress, gpointer progress_data,
                                          GCancellable *cancellable, GError **error)
{
  g_autoptr(CtFhirRecord) record = g_new0(CtFhirRecord, 1);
  g_autoptr(GPtrArray) documents =
      g_ptr_array_new_with_free_func((GDestroyNotify)json_object_unref);
  g_autoptr(CURL) curl = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *url = NULL;
  g_autofree char *observations = NULL;
  g_autofree char *conditions = NULL;
  g_autofree char *packages = NULL;
  g_auto(Exchange) x = {0};
  g_autoptr(JsonNode) root = NULL;
  guint done = 0;

  g_return_val_if_fail(CT_IS_FHIR_CLIENT(self), NULL);
  g_return_val_if_fail(patient_id != NULL, NULL);

  curl = new_handle(error);
  if (curl == NULL)
    return NULL;
  escaped = g_uri_escape_string(patient_id, NULL, FALSE);
  url = g_strdup_printf("%s/Patient/%s", self->base_url, escaped);
  if (!request(self, curl, METHOD_GET, url, NULL, NULL, &x, cancellable, error))
    return NULL;
  root = parse_resource(&x, "Patient", error);
  if (root == NULL)
    return NULL;
  record->patient = read_patient(json_node_get_object(root));
  record->patient_json = g_strndup((const char *)x.body->data, x.body->len);
  record->observations = g_array_new(FALSE, TRUE, sizeof(CtFhirObservation));
  g_array_set_clear_func(record->observations, observation_clear);
  record->condition_codes = g_ptr_array_new_with_free_func(g_free);

  observations =
      g_strdup_printf("Observation?patient=%s&_sort=-date&_count=%d", escaped, SEARCH_PAGE_SIZE);
  conditions = g_strdup_printf("Condition?patient=%s&_count=%d", escaped, SEARCH_PAGE_SIZE);
  packages = g_strdup_printf("DocumentReference?patient=%s&type=%s%%7C%s&_count=%d", escaped,
                             DOCUMENT_TYPE_SYSTEM, DOCUMENT_TYPE_TWIN, SEARCH_PAGE_SIZE);
  if (!search_all(self, curl, observations, "Observation", 0, collect_observation,
                  record->observations, progress, progress_data, &done, cancellable, error) ||
      !search_all(self, curl, conditions, "Condition", 0, collect_condition,
                  record->condition_codes, NULL, NULL, &done, cancellable, error) ||
      !search_all(self, curl, packages, "DocumentReference", 0, collect_document, documents, NULL,
                  NULL, &done, cancellable, error) ||
      !read_twin_package(self, curl, record, documents, cancellable, error))
    return NULL;
  return g_steal_pointer(&record);
}

/* ------------------------------------------------------------------ writing a twin */

static char *write_document(CtFhirClient *self, const char *type_code, const char *type_text,
                            const char *patient_id, const char *twin_json, const char *document_id,
                            const char *expected_version, GCancellable *cancellable, GError **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(CURL) curl = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc();
  g_autofree char *date = g_date_time_format_iso8601(now);
  g_autofree char *data = g_base64_encode((const guchar *)twin_json, strlen(twin_json));
  g_autofree char *subject = g_strdup_printf("Patient/%s", patient_id);
  g_autofree char *text = NULL;
  g_autofree char *url = NULL;
  g_auto(Exchange) x = {0};
  const char *version;

  json_builder_begin_object(builder);
  json_builder_set_member_name(builder, "resourceType");
  json_builder_add_string_value(builder, "DocumentReference");
  if (document_id != NULL) {
    json_builder_set_member_name(builder, "id");
    json_builder_add_string_value(builder, document_id);
  }
  json_builder_set_member_name(builder, "status");
  json_builder_add_string_value(builder, "current");
  json_builder_set_member_name(builder, "type");
  json_builder_begin_object(builder);
  json_builder_set_member_name(builder, "coding");
  json_builder_begin_array(builder);
  json_builder_begin_object(builder);
  json_builder_set_member_name(builder, "system");
  json_builder_add_string_value(builder, DOCUMENT_TYPE_SYSTEM);
  json_builder_set_member_name(builder, "code");
  json_builder_add_string_value(builder, type_code);
  json_builder_end_object(builder);
  json_builder_end_array(builder);
  json_builder_set_member_name(builder, "text");
  json_builder_add_string_value(builder, type_text);
  json_builder_end_object(builder);
  json_builder_set_member_name(builder, "subject");
  json_builder_begin_object(builder);
  json_builder_set_member_name(builder, "reference");
  json_builder_add_string_value(builder, subject);
  json_builder_end_object(builder);
  json_builder_set_member_name(builder, "date");
  json_builder_add_string_value(builder, date);
  json_builder_set_member_name(builder, "content");
  json_builder_begin_array(builder);
  json_builder_begin_object(builder);
  json_builder_set_member_name(builder, "attachment");
  json_builder_begin_object(builder);
  json_builder_set_member_name(builder, "contentType");
  json_builder_add_string_value(builder, "application/json");
  json_builder_set_member_name(builder, "data");
  json_builder_add_string_value(builder, data);
  json_builder_end_object(builder);
  json_builder_end_object(builder);
  json_builder_end_array(builder);
  json_builder_end_object(builder);
  body = json_builder_get_root(builder);
  text = ct_json_to_text(body, FALSE);

  curl = new_handle(error);
  if (curl == NULL)
    return NULL;
  if (document_id != NULL) {
    g_autofree char *escaped = g_uri_escape_string(document_id, NULL, FALSE);

    url = g_strdup_printf("%s/DocumentReference/%s", self->base_url, escaped);
    if (!request(self, curl, METHOD_PUT, url, text, expected_version, &x, cancellable, error))
      return NULL;
  } else {
    url = g_strdup_printf("%s/DocumentReference", self->base_url);
    if (!request(self, curl, METHOD_POST, url, text, NULL, &x, cancellable, error))
      return NULL;
  }
  answer = parse_resource(&x, "DocumentReference", error);
  if (answer == NULL)
    return NULL;
  version = string_member(object_member(json_node_get_object(answer), "meta"), "versionId");
  if (version == NULL) {
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE,
                _("The platform stored the twin but did not say its version"));
    return NULL;
  }
  return g_strdup(version);
}

char *ct_fhir_client_write_twin(CtFhirClient *self, const char *patient_id, const char *twin_json,
                                const char *document_id, const char *expected_version,
                                GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail(CT_IS_FHIR_CLIENT(self), NULL);
  g_return_val_if_fail(patient_id != NULL && twin_json != NULL, NULL);
  g_return_val_if_fail(document_id == NULL || expected_version != NULL, NULL);
  return write_document(self, DOCUMENT_TYPE_TWIN, "CardioTwin cardiac digital twin (cardiotwin/1)",
                        patient_id, twin_json, document_id, expected_version, cancellable, error);
}

char *ct_fhir_client_write_plan(CtFhirClient *self, const char *patient_id,
                                const char *scenario_json, const char *document_id,
                                const char *expected_version, GCancellable *cancellable,
                                GError **error)
{
  g_return_val_if_fail(CT_IS_FHIR_CLIENT(self), NULL);
  g_return_val_if_fail(patient_id != NULL && scenario_json != NULL, NULL);
  g_return_val_if_fail(document_id == NULL || expected_version != NULL, NULL);
  return write_document(self, DOCUMENT_TYPE_PLAN, "CardioTwin therapy plan (cardiotwin-scenario/1)",
                        patient_id, scenario_json, document_id, expected_version, cancellable,
                        error);
}

/* ------------------------------------------------------------------ async */

typedef struct {
  char *text;             /* query or patient id */
  char *document;         /* write: the JSON to store */
  char *document_id;      /* write: the package to update, or NULL */
  char *expected_version; /* write */
  gboolean plan;          /* write: a therapy plan, not a twin */
  guint limit;
  CtFhirProgress progress;
  gpointer progress_data;
  GMainContext *context;
} TaskData;

static void task_data_free(TaskData *data)
{
  g_free(data->text);
  g_free(data->document);
  g_free(data->document_id);
  g_free(data->expected_version);
  if (data->context != NULL)
    g_main_context_unref(data->context);
  g_free(data);
}

static void forward_progress(guint done, guint total, gpointer user_data);

static void search_thread(GTask *task, gpointer source, gpointer task_data,
                          GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  GPtrArray *patients = ct_fhir_client_search_patients(
      source, data->text, data->limit, data->progress != NULL ? forward_progress : NULL, task,
      cancellable, &error);

  if (patients == NULL)
    g_task_return_error(task, error);
  else
    g_task_return_pointer(task, patients, (GDestroyNotify)g_ptr_array_unref);
}

/* A task of this client running @thread with @text (query or patient id) and progress delivered
 * on the caller's thread-default main context. */
static void start_task(CtFhirClient *self, const char *text, guint limit, CtFhirProgress progress,
                       gpointer progress_data, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer user_data, gpointer source_tag,
                       GTaskThreadFunc thread)
{
  g_autoptr(GTask) task = g_task_new(self, cancellable, callback, user_data);
  TaskData *data = g_new0(TaskData, 1);

  data->text = g_strdup(text);
  data->limit = limit;
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default();
  g_task_set_source_tag(task, source_tag);
  g_task_set_task_data(task, data, (GDestroyNotify)task_data_free);
  g_task_run_in_thread(task, thread);
}

void ct_fhir_client_search_patients_async(CtFhirClient *self, const char *query, guint limit,
                                          CtFhirProgress progress, gpointer progress_data,
                                          GCancellable *cancellable, GAsyncReadyCallback callback,
                                          gpointer user_data)
{
  g_return_if_fail(CT_IS_FHIR_CLIENT(self));
  g_return_if_fail(query != NULL);
  start_task(self, query, limit, progress, progress_data, cancellable, callback, user_data,
             ct_fhir_client_search_patients_async, search_thread);
}

GPtrArray *ct_fhir_client_search_patients_finish(CtFhirClient *self, GAsyncResult *result,
                                                 GError **error)
{
  g_return_val_if_fail(g_task_is_valid(result, self), NULL);
  return g_task_propagate_pointer(G_TASK(result), error);
}

typedef struct {
  GTask *task; /* a reference: its data outlives the report */
  guint done;
  guint total;
} ProgressReport;

static gboolean report_progress(gpointer user_data)
{
  ProgressReport *report = user_data;
  TaskData *data = g_task_get_task_data(report->task);

  data->progress(report->done, report->total, data->progress_data);
  return G_SOURCE_REMOVE;
}

static void progress_report_free(gpointer user_data)
{
  ProgressReport *report = user_data;

  g_object_unref(report->task);
  g_free(report);
}

/* From the worker thread to the caller's main context. */
static void forward_progress(guint done, guint total, gpointer user_data)
{
  GTask *task = user_data;
  TaskData *data = g_task_get_task_data(task);
  ProgressReport *report = g_new(ProgressReport, 1);
  GSource *source = g_idle_source_new();

  report->task = g_object_ref(task);
  report->done = done;
  report->total = total;
  /* Always queued on the caller's context, never run here (g_main_context_invoke would run it on
   * this worker thread when the caller's context is the default one and not held); queued before
   * the task's completion, at the same priority, it arrives before the result. */
  g_source_set_priority(source, G_PRIORITY_DEFAULT);
  g_source_set_callback(source, report_progress, report, progress_report_free);
  g_source_attach(source, data->context);
  g_source_unref(source);
}

static void fetch_thread(GTask *task, gpointer source, gpointer task_data,
                         GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  CtFhirRecord *record = ct_fhir_client_fetch_record(
      source, data->text, data->progress != NULL ? forward_progress : NULL, task, cancellable,
      &error);

  if (record == NULL)
    g_task_return_error(task, error);
  else
    g_task_return_pointer(task, record, (GDestroyNotify)ct_fhir_record_free);
}

void ct_fhir_client_fetch_record_async(CtFhirClient *self, const char *patient_id,
                                       CtFhirProgress progress, gpointer progress_data,
                                       GCancellable *cancellable, GAsyncReadyCallback callback,
                                       gpointer user_data)
{
  g_return_if_fail(CT_IS_FHIR_CLIENT(self));
  g_return_if_fail(patient_id != NULL);
  start_task(self, patient_id, 0, progress, progress_data, cancellable, callback, user_data,
             ct_fhir_client_fetch_record_async, fetch_thread);
}

CtFhirRecord *ct_fhir_client_fetch_record_finish(CtFhirClient *self, GAsyncResult *result,
                                                 GError **error)
{
  g_return_val_if_fail(g_task_is_valid(result, self), NULL);
  return g_task_propagate_pointer(G_TASK(result), error);
}

static void write_thread(GTask *task, gpointer source, gpointer task_data,
                         GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  char *version =
      data->plan ? ct_fhir_client_write_plan(source, data->text, data->document, data->document_id,
                                             data->expected_version, cancellable, &error)
                 : ct_fhir_client_write_twin(source, data->text, data->document, data->document_id,
                                             data->expected_version, cancellable, &error);

  if (version == NULL)
    g_task_return_error(task, error);
  else
    g_task_return_pointer(task, version, g_free);
}

void ct_fhir_client_write_async(CtFhirClient *self, CtFhirDocumentKind kind, const char *patient_id,
                                const char *document, const char *document_id,
                                const char *expected_version, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail(CT_IS_FHIR_CLIENT(self));
  g_return_if_fail(patient_id != NULL && document != NULL);
  g_return_if_fail(document_id == NULL || expected_version != NULL);
  task = g_task_new(self, cancellable, callback, user_data);
  data = g_new0(TaskData, 1);
  data->text = g_strdup(patient_id);
  data->document = g_strdup(document);
  data->document_id = g_strdup(document_id);
  data->expected_version = g_strdup(expected_version);
  data->plan = kind == CT_FHIR_DOCUMENT_PLAN;
  g_task_set_source_tag(task, ct_fhir_client_write_async);
  g_task_set_task_data(task, data, (GDestroyNotify)task_data_free);
  g_task_run_in_thread(task, write_thread);
}

char *ct_fhir_client_write_finish(CtFhirClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail(g_task_is_valid(result, self), NULL);
  return g_task_propagate_pointer(G_TASK(result), error);
}

/* ct-cache-rebuild.c — a damaged local cache replaced by a new one, its platform patients
 * imported again.
 *
 * A damaged cache is never written (ct-store.c): the app reads what is left of it until the
 * clinician asks for a rebuild (docs/cache.md, "Rebuilding a damaged cache"). Then, in this order:
 *
 *   1. on a worker thread, the damaged file is opened once more, read-only, for the platform
 *      patients it still names (a file that cannot be read names none), then moved aside, kept
 *      for support, and a new cache is made with the demo twins (ct_store_rebuild);
 *   2. when a platform is set, each of those patients is downloaded again and stored, one at a
 *      time, by the same path as an import from the platform (ct-patient-import.c: the FHIR
 *      client's worker, then a transaction on a connection of the worker's own), with the bearer
 *      token from the keyring. Everything is asynchronous: the main thread only hears progress.
 *
 * The plans saved in the damaged file come back with their patients, as far as they can still be
 * read: in step 1 they are read with the patients, the demos' are saved in the new cache at once,
 * and each platform patient's once that patient is stored again (a plan whose document no longer
 * loads, or whose name a demo's own plan has taken, stays behind in the damaged file). Fitted
 * twin versions are not carried: the platform's twin comes back, and the fit can be made again
 * from the observations.
 *
 * Only the patients of the platform set now are imported again: a patient from another address
 * cannot be asked of this one. A patient the platform fails to give is counted, and the rest go
 * on; Ctrl+I imports it later.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-cache-rebuild.h"

#include "ct-fhir-client.h"
#include "ct-i18n.h"
#include "ct-patient-import.h"
#include "ct-token-store.h"
#include "ct-twin.h"

struct _CtCacheRebuild {
  GObject parent_instance;

  char *cache_path;
  char *platform_url; /* as the preferences hold it; "" for none */
  CtStore *store;     /* the new cache, once rebuilt */
  char *aside_path;
  char *status;
  GPtrArray *to_import; /* CtStorePatient: the platform patients the damaged cache named */
  guint next;
  guint n_imported;
  guint n_failed;
  CtFhirClient *client;
  CtTokenStore *tokens;
  GTask *task;         /* the run under way, or NULL */
  GHashTable *plans;   /* patient_id() -> GPtrArray of CtStoreScenario: plans still to carry */
  guint n_plans_found; /* in the damaged cache, readable or not */
  guint n_plans_carried;
};

G_DEFINE_FINAL_TYPE(CtCacheRebuild, ct_cache_rebuild, G_TYPE_OBJECT)

enum { PROP_0, PROP_STATUS, N_PROPS };

static GParamSpec *properties[N_PROPS];

enum { SIGNAL_REBUILT, SIGNAL_PATIENT_IMPORTED, N_SIGNALS };

static guint signals[N_SIGNALS];

static void set_status(CtCacheRebuild *self, const char *status)
{
  if (g_strcmp0(self->status, status) == 0)
    return;
  g_free(self->status);
  self->status = g_strdup(status);
  g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_STATUS]);
}

/* The run ends: with @error (taken), or done. */
static void finish_run(CtCacheRebuild *self, GError *error)
{
  g_autoptr(GTask) task = g_steal_pointer(&self->task);

  set_status(self, NULL);
  if (error != NULL)
    g_task_return_error(task, error);
  else
    g_task_return_boolean(task, TRUE);
}

static gboolean finish_if_cancelled(CtCacheRebuild *self)
{
  GError *error = NULL;

  if (!g_cancellable_set_error_if_cancelled(g_task_get_cancellable(self->task), &error))
    return FALSE;
  finish_run(self, error);
  return TRUE;
}

/* ---------------------------------------------------------------- plans carried over */

/* A patient's identity across caches (its key is each cache's own). */
static char *patient_id(const char *source, const char *server_id)
{
  return g_strconcat(source, "\n", server_id, NULL);
}

/* Saves in @store, for its patient @key, the plans @plans (CtStoreScenario) that the damaged
 * cache held: each checked again as any plan saved is. Returns how many were saved. */
static guint carry_plans(CtStore *store, gint64 key, GPtrArray *plans)
{
  guint carried = 0;

  for (guint i = 0; plans != NULL && i < plans->len; i++) {
    const CtStoreScenario *plan = plans->pdata[i];
    g_autoptr(GError) error = NULL;

    /* A damaged file can hand back NULL where the schema forbids it (quick_check counts that
     * as damage): such a plan stays behind. */
    if (plan->name == NULL || plan->document == NULL)
      continue;
    if (ct_store_save_scenario(store, key, plan->name, plan->document, &error))
      carried++;
    else
      /* Not the plan's name nor the message that quotes it: a clinician's words may name the
       * patient. */
      g_debug("a plan of the damaged cache was not carried over (store error %d)",
              error != NULL ? error->code : -1);
  }
  return carried;
}

/* ---------------------------------------------------------------- 2. the platform patients */

static void import_next(CtCacheRebuild *self);

static void on_stored(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(CtCacheRebuild) self = data;
  g_autoptr(GError) error = NULL;
  gint64 key = 0;

  /* Stored even if a cancel came after the transaction's last check: count it, say it. */
  if (ct_patient_import_store_finish(result, &key, &error)) {
    const CtStorePatient *patient = self->to_import->pdata[self->next];
    g_autofree char *id = patient_id(patient->source, patient->server_id);

    self->n_imported++;
    self->n_plans_carried += carry_plans(self->store, key, g_hash_table_lookup(self->plans, id));
    g_signal_emit(self, signals[SIGNAL_PATIENT_IMPORTED], 0, key);
  } else if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    g_debug("a patient was not imported again: %s", error->message);
    self->n_failed++;
  }
  self->next++;
  import_next(self);
}

static void on_fetched(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(CtCacheRebuild) self = data;
  g_autoptr(GError) error = NULL;
  CtFhirRecord *record = ct_fhir_client_fetch_record_finish(CT_FHIR_CLIENT(source), result, &error);

  if (record == NULL) {
    if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
      g_debug("a patient was not downloaded again: %s", error->message);
      self->n_failed++;
    }
    self->next++;
    import_next(self);
    return;
  }
  ct_patient_import_store_async(self->cache_path, ct_fhir_client_get_base_url(self->client), record,
                                g_task_get_cancellable(self->task), on_stored, g_object_ref(self));
}

static void import_next(CtCacheRebuild *self)
{
  const CtStorePatient *patient;
  g_autofree char *status = NULL;

  if (finish_if_cancelled(self))
    return;
  if (self->next >= self->to_import->len) {
    finish_run(self, NULL);
    return;
  }
  patient = self->to_import->pdata[self->next];
  /* TRANSLATORS: while the local cache is rebuilt: patients downloaded again so far, of all. */
  status = g_strdup_printf(_("Importing patients from the platform again: %u of %u…"),
                           self->next + 1, self->to_import->len);
  set_status(self, status);
  ct_fhir_client_fetch_record_async(self->client, patient->server_id, NULL, NULL,
                                    g_task_get_cancellable(self->task), on_fetched,
                                    g_object_ref(self));
}

static void on_token(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(CtCacheRebuild) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = ct_token_store_lookup_finish(CT_TOKEN_STORE(source), result, &error);

  /* No token, or a keyring that failed: the platform may not need one; if it does, each patient
   * is refused and counted, and the clinician signs in and imports them with Ctrl+I. */
  if (error != NULL && !g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug("no platform token for the rebuild: %s", error->message);
  if (token != NULL && !ct_fhir_client_set_token(self->client, token, NULL))
    g_debug("the platform token saved cannot be used");
  import_next(self);
}

/* Keeps the patients of the platform set now; the others cannot be asked of it. */
static void choose_patients(CtCacheRebuild *self, GPtrArray *named)
{
  g_autoptr(GError) error = NULL;

  if (*self->platform_url == '\0' || named == NULL || named->len == 0)
    return;
  self->client = ct_fhir_client_new(self->platform_url, &error);
  if (self->client == NULL) {
    g_debug("the platform address cannot be used: %s", error->message);
    return;
  }
  for (guint i = 0; i < named->len; i++) {
    CtStorePatient *patient = named->pdata[i];

    if (patient->server_id != NULL &&
        g_strcmp0(patient->source, ct_fhir_client_get_base_url(self->client)) == 0)
      g_ptr_array_add(self->to_import, g_ptr_array_steal_index(named, i--));
  }
}

/* ---------------------------------------------------------------- 1. the new cache */

typedef struct {
  CtStore *store;
  char *aside_path;
  GPtrArray *named;  /* CtStorePatient: the platform patients the damaged cache named */
  GHashTable *plans; /* patient_id() -> their plans (GPtrArray of CtStoreScenario) */
  guint n_plans_found;
  guint n_plans_carried;
} Rebuilt;

static void rebuilt_free(Rebuilt *rebuilt)
{
  g_clear_object(&rebuilt->store);
  g_free(rebuilt->aside_path);
  g_clear_pointer(&rebuilt->named, g_ptr_array_unref);
  g_clear_pointer(&rebuilt->plans, g_hash_table_unref);
  g_free(rebuilt);
}

static GHashTable *new_plans_table(void)
{
  return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
}

static void rebuild_thread(GTask *task, gpointer source_object, gpointer task_data,
                           GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(CtStore) damaged = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  Rebuilt *rebuilt;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled(task))
    return;
  rebuilt = g_new0(Rebuilt, 1);
  rebuilt->plans = new_plans_table();
  /* What the damaged file still says of its patients and their plans, read before it is moved. */
  damaged = ct_store_open_full(path, g_get_user_name(), CT_STORE_OPEN_DAMAGED, NULL);
  if (damaged != NULL)
    listed = ct_store_search_patients(damaged, NULL, 0, NULL);
  for (guint i = 0; listed != NULL && i < listed->len; i++) {
    CtStorePatient *patient = listed->pdata[i];
    GPtrArray *plans = NULL;

    /* A damaged row may lack what identifies its patient: nothing of it can be carried. */
    if (patient->source == NULL || patient->server_id == NULL)
      continue;
    plans = ct_store_list_scenarios(damaged, patient->key, NULL);
    if (plans != NULL)
      rebuilt->n_plans_found += plans->len;
    if (plans != NULL && plans->len > 0)
      g_hash_table_insert(rebuilt->plans, patient_id(patient->source, patient->server_id),
                          g_ptr_array_ref(plans));
    g_clear_pointer(&plans, g_ptr_array_unref);
  }
  g_clear_object(&damaged);

  rebuilt->named = g_ptr_array_new_with_free_func((GDestroyNotify)ct_store_patient_free);
  for (guint i = 0; listed != NULL && i < listed->len; i++) {
    CtStorePatient *patient = listed->pdata[i];

    if (g_strcmp0(patient->source, "demo") != 0)
      g_ptr_array_add(rebuilt->named, g_ptr_array_steal_index(listed, i--));
  }
  rebuilt->store = ct_store_rebuild(path, g_get_user_name(), &rebuilt->aside_path, &error);
  if (rebuilt->store == NULL) {
    rebuilt_free(rebuilt);
    g_task_return_error(task, error);
    return;
  }
  /* The demos are in the new cache already: their plans go there now. */
  {
    g_auto(GStrv) demos = ct_twin_list_demos();

    for (guint i = 0; demos[i] != NULL; i++) {
      g_autofree char *id = patient_id("demo", demos[i]);
      g_autoptr(CtStorePatient) demo = NULL;
      GPtrArray *plans = g_hash_table_lookup(rebuilt->plans, id);

      if (plans == NULL)
        continue;
      demo = ct_store_find_patient(rebuilt->store, "demo", demos[i], NULL);
      if (demo != NULL)
        rebuilt->n_plans_carried += carry_plans(rebuilt->store, demo->key, plans);
      g_hash_table_remove(rebuilt->plans, id);
    }
  }
  g_task_return_pointer(task, rebuilt, (GDestroyNotify)rebuilt_free);
}

static void on_rebuilt(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(CtCacheRebuild) self = data;
  GError *error = NULL;
  Rebuilt *rebuilt = g_task_propagate_pointer(G_TASK(result), &error);

  if (rebuilt == NULL) {
    finish_run(self, error);
    return;
  }
  self->store = g_steal_pointer(&rebuilt->store);
  self->aside_path = g_steal_pointer(&rebuilt->aside_path);
  g_clear_pointer(&self->plans, g_hash_table_unref);
  self->plans = g_steal_pointer(&rebuilt->plans);
  self->n_plans_found = rebuilt->n_plans_found;
  self->n_plans_carried = rebuilt->n_plans_carried;
  choose_patients(self, rebuilt->named);
  rebuilt_free(rebuilt);
  g_signal_emit(self, signals[SIGNAL_REBUILT], 0);
  if (self->to_import->len == 0) {
    finish_run(self, NULL);
    return;
  }
  if (finish_if_cancelled(self))
    return;
  set_status(self, _("Reading the sign-in from the keyring…"));
  self->tokens = ct_token_store_new();
  ct_token_store_lookup_async(self->tokens, self->platform_url, g_task_get_cancellable(self->task),
                              on_token, g_object_ref(self));
}

void ct_cache_rebuild_run_async(CtCacheRebuild *self, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) rebuild = NULL;

  g_return_if_fail(CT_IS_CACHE_REBUILD(self));
  g_return_if_fail(self->task == NULL && self->store == NULL);

  self->task = g_task_new(self, cancellable, callback, user_data);
  g_task_set_source_tag(self->task, ct_cache_rebuild_run_async);
  set_status(self, _("Moving the damaged cache aside and making a new one…"));
  /* No source object: the worker's task may be finalized on the worker thread, and the last
   * reference to this object must not go with it. It is the callback's data, dropped here. */
  rebuild = g_task_new(NULL, cancellable, on_rebuilt, g_object_ref(self));
  g_task_set_task_data(rebuild, g_strdup(self->cache_path), g_free);
  /* Once the file is moved the new cache is the result, even if a cancel comes meanwhile. */
  g_task_set_check_cancellable(rebuild, FALSE);
  g_task_run_in_thread(rebuild, rebuild_thread);
}

gboolean ct_cache_rebuild_run_finish(CtCacheRebuild *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail(g_task_is_valid(result, self), FALSE);
  g_return_val_if_fail(g_task_get_source_tag(G_TASK(result)) == ct_cache_rebuild_run_async, FALSE);
  return g_task_propagate_boolean(G_TASK(result), error);
}

/* ---------------------------------------------------------------- object */

CtStore *ct_cache_rebuild_get_store(CtCacheRebuild *self)
{
  g_return_val_if_fail(CT_IS_CACHE_REBUILD(self), NULL);
  return self->store;
}

const char *ct_cache_rebuild_get_aside_path(CtCacheRebuild *self)
{
  g_return_val_if_fail(CT_IS_CACHE_REBUILD(self), NULL);
  return self->aside_path;
}

const char *ct_cache_rebuild_get_status(CtCacheRebuild *self)
{
  g_return_val_if_fail(CT_IS_CACHE_REBUILD(self), NULL);
  return self->status;
}

guint ct_cache_rebuild_get_n_to_import(CtCacheRebuild *self)
{
  g_return_val_if_fail(CT_IS_CACHE_REBUILD(self), 0);
  return self->to_import->len;
}

guint ct_cache_rebuild_get_n_imported(CtCacheRebuild *self)
{
  g_return_val_if_fail(CT_IS_CACHE_REBUILD(self), 0);
  return self->n_imported;
}

guint ct_cache_rebuild_get_n_failed(CtCacheRebuild *self)
{
  g_return_val_if_fail(CT_IS_CACHE_REBUILD(self), 0);
  return self->n_failed;
}

guint ct_cache_rebuild_get_n_plans_carried(CtCacheRebuild *self)
{
  g_return_val_if_fail(CT_IS_CACHE_REBUILD(self), 0);
  return self->n_plans_carried;
}

guint ct_cache_rebuild_get_n_plans_found(CtCacheRebuild *self)
{
  g_return_val_if_fail(CT_IS_CACHE_REBUILD(self), 0);
  return self->n_plans_found;
}

static void ct_cache_rebuild_get_property(GObject *object, guint prop_id, GValue *value,
                                          GParamSpec *pspec)
{
  CtCacheRebuild *self = CT_CACHE_REBUILD(object);

  switch (prop_id) {
  case PROP_STATUS:
    g_value_set_string(value, self->status);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void ct_cache_rebuild_finalize(GObject *object)
{
  CtCacheRebuild *self = CT_CACHE_REBUILD(object);

  /* Every call under way holds a reference: none is left here. */
  g_assert(self->task == NULL);
  g_free(self->cache_path);
  g_free(self->platform_url);
  g_clear_object(&self->store);
  g_free(self->aside_path);
  g_free(self->status);
  g_clear_pointer(&self->to_import, g_ptr_array_unref);
  g_clear_object(&self->client);
  g_clear_object(&self->tokens);
  g_clear_pointer(&self->plans, g_hash_table_unref);
  G_OBJECT_CLASS(ct_cache_rebuild_parent_class)->finalize(object);
}

static void ct_cache_rebuild_class_init(CtCacheRebuildClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);

  object_class->get_property = ct_cache_rebuild_get_property;
  object_class->finalize = ct_cache_rebuild_finalize;

  properties[PROP_STATUS] =
      g_param_spec_string("status", NULL, NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties(object_class, N_PROPS, properties);

  signals[SIGNAL_REBUILT] = g_signal_new("rebuilt", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_PATIENT_IMPORTED] =
      g_signal_new("patient-imported", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                   NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void ct_cache_rebuild_init(CtCacheRebuild *self)
{
  self->to_import = g_ptr_array_new_with_free_func((GDestroyNotify)ct_store_patient_free);
  self->plans = new_plans_table();
}

CtCacheRebuild *ct_cache_rebuild_new(const char *cache_path, const char *platform_url)
{
  CtCacheRebuild *self;

  g_return_val_if_fail(cache_path != NULL, NULL);
  self = g_object_new(CT_TYPE_CACHE_REBUILD, NULL);
  self->cache_path = g_strdup(cache_path);
  self->platform_url = g_strstrip(g_strdup(platform_url != NULL ? platform_url : ""));
  return self;
}

/* ct-patient-import.c — a patient's record from the platform into the local cache.
 *
 * The glue between two rooms that do not know each other: the platform client hands over a
 * CtFhirRecord and never touches the cache, the cache takes a CtStoreSync and knows no FHIR.
 * Writing ~1,000 observations takes tens of milliseconds (docs/benchmarks.md, sync_patient_ms),
 * too long for the main thread: the worker opens its own connection to the cache file, as
 * ct-store.c asks of a thread that syncs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-patient-import.h"

#include "ct-i18n.h"
#include "ct-platform-error.h"

gboolean ct_patient_import_store(CtStore *store, const char *source, const CtFhirRecord *record,
                                 gint64 *patient_key, GCancellable *cancellable, GError **error)
{
  g_autofree CtStoreObservation *observations = NULL;
  guint n_observations;
  CtStoreSync sync = {0};

  g_return_val_if_fail(CT_IS_STORE(store), FALSE);
  g_return_val_if_fail(source != NULL, FALSE);
  g_return_val_if_fail(record != NULL && record->patient != NULL, FALSE);

  /* The client names a patient without one after its id; a Patient without an id cannot be
   * synced again, so it is not stored. */
  if (record->patient->id == NULL || record->patient->display_name == NULL) {
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE,
                _("The platform sent a patient without an id; nothing was changed"));
    return FALSE;
  }
  n_observations = record->observations != NULL ? record->observations->len : 0;
  observations = g_new0(CtStoreObservation, MAX(n_observations, 1));
  for (guint i = 0; i < n_observations; i++) {
    const CtFhirObservation *o = &g_array_index(record->observations, CtFhirObservation, i);

    observations[i] = (CtStoreObservation){o->id, o->loinc, o->value, o->unit, o->effective, NULL};
  }
  sync.source = source;
  sync.server_id = record->patient->id;
  sync.display_name = record->patient->display_name;
  sync.patient_json = record->patient_json;
  sync.observations = observations;
  sync.n_observations = n_observations;
  sync.twin_json = record->twin_json;
  sync.twin_server_version = record->twin_version;
  return ct_store_sync_patient(store, &sync, patient_key, cancellable, error);
}

typedef struct {
  char *cache_path;
  char *source;
  CtFhirRecord *record;
} StoreData;

static void store_data_free(StoreData *data)
{
  g_free(data->cache_path);
  g_free(data->source);
  g_clear_pointer(&data->record, ct_fhir_record_free);
  g_free(data);
}

static void store_thread(GTask *task, gpointer source_object, gpointer task_data,
                         GCancellable *cancellable)
{
  StoreData *data = task_data;
  GError *error = NULL;
  g_autoptr(CtStore) store = NULL;
  gint64 key = 0;

  /* The same user as the application's own connection (ct-application.c), for the audit log. */
  store = ct_store_open(data->cache_path, g_get_user_name(), &error);
  if (store == NULL ||
      !ct_patient_import_store(store, data->source, data->record, &key, cancellable, &error)) {
    g_task_return_error(task, error);
    return;
  }
  /* A pointer: gssize (g_task_return_int) is narrower than a cache key on 32-bit systems. */
  g_task_return_pointer(task, g_memdup2(&key, sizeof key), g_free);
}

void ct_patient_import_store_async(const char *cache_path, const char *source, CtFhirRecord *record,
                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  StoreData *data;

  g_return_if_fail(cache_path != NULL);
  g_return_if_fail(source != NULL);
  g_return_if_fail(record != NULL);

  task = g_task_new(NULL, cancellable, callback, user_data);
  data = g_new0(StoreData, 1);
  data->cache_path = g_strdup(cache_path);
  data->source = g_strdup(source);
  data->record = record;
  g_task_set_source_tag(task, ct_patient_import_store_async);
  g_task_set_task_data(task, data, (GDestroyNotify)store_data_free);
  /* Not return-on-cancel: the result comes once the transaction is committed or rolled back. And
   * the thread's own outcome, not the cancellable's state: a cancel that comes after the last
   * check before COMMIT finds the patient stored, and the caller must hear so. */
  g_task_set_check_cancellable(task, FALSE);
  g_task_run_in_thread(task, store_thread);
}

gboolean ct_patient_import_store_finish(GAsyncResult *result, gint64 *patient_key, GError **error)
{
  g_autofree gint64 *key = NULL;

  g_return_val_if_fail(g_task_is_valid(result, NULL), FALSE);
  g_return_val_if_fail(g_task_get_source_tag(G_TASK(result)) == ct_patient_import_store_async,
                       FALSE);
  key = g_task_propagate_pointer(G_TASK(result), error);
  if (key == NULL)
    return FALSE;
  if (patient_key != NULL)
    *patient_key = *key;
  return TRUE;
}

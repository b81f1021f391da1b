/* ct-patient-import.h — a patient's record from the platform into the local cache.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ct-fhir-client.h"
#include "ct-store.h"

G_BEGIN_DECLS

/* Stores @record, downloaded from the platform whose base URL is @source
 * (ct_fhir_client_get_base_url()), in @store: the patient, every observation and the twin package
 * in one transaction (ct_store_sync_patient()), so that an error or a cancellation leaves the
 * cache as it was. @patient_key (may be NULL) receives the patient's cache key. */
gboolean ct_patient_import_store(CtStore *store, const char *source, const CtFhirRecord *record,
                                 gint64 *patient_key, GCancellable *cancellable, GError **error);

/* The same in a worker thread, on a connection of its own to the cache file at @cache_path (a
 * CtStore is used from one thread at a time; WAL lets the main thread's connection read on). It
 * takes @record and frees it. @callback runs on the caller's thread-default main context. */
void ct_patient_import_store_async(const char *cache_path, const char *source, CtFhirRecord *record,
                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data);
gboolean ct_patient_import_store_finish(GAsyncResult *result, gint64 *patient_key, GError **error);

G_END_DECLS

/* ct-test-cache.c — a large synthetic cache for the benchmarks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-test-cache.h"

#define N_OBSERVATIONS 20

/* The hfref-lbbb demo's document with @id as its id. */
static char *twin_text(const char *id)
{
  g_autoptr(CtTwin) twin = ct_twin_new_from_demo("hfref-lbbb", NULL);
  g_autoptr(GBytes) bytes = ct_twin_to_bytes(twin);
  g_autofree char *text = g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
  g_auto(GStrv) parts = g_strsplit(text, "\"demo-hfref-lbbb\"", 2);
  g_autofree char *quoted = g_strdup_printf("\"%s\"", id);

  return g_strjoinv(quoted, parts);
}

void ct_test_cache_fill(CtStore *store, guint n_patients, gint64 *keys)
{
  g_autoptr(GError) error = NULL;
  CtStoreObservation observations[N_OBSERVATIONS];
  char *ids[N_OBSERVATIONS];

  for (int i = 0; i < N_OBSERVATIONS; i++) {
    ids[i] = g_strdup_printf("obs-%d", i);
    observations[i] = (CtStoreObservation){
        .server_id = ids[i],
        .loinc = "8867-4",
        .value = 60 + i,
        .unit = "/min",
        .effective = "2026-10-01T08:00:00Z",
    };
  }
  for (guint i = 0; i < n_patients; i++) {
    g_autofree char *server_id = g_strdup_printf("p%05u", i);
    g_autofree char *name = g_strdup_printf("Synthetic Patient %05u", i);
    g_autofree char *doc = twin_text(server_id);
    CtStoreSync sync = {
        .source = "https://h.example/fhir",
        .server_id = server_id,
        .display_name = name,
        .patient_json = "{\"resourceType\": \"Patient\"}",
        .observations = observations,
        .n_observations = N_OBSERVATIONS,
        .twin_json = doc,
        .twin_server_version = "1",
    };
    gint64 key;

    if (!ct_store_sync_patient(store, &sync, &key, NULL, &error))
      g_error("%s", error->message);
    if (keys != NULL)
      keys[i] = key;
  }
  for (int i = 0; i < N_OBSERVATIONS; i++)
    g_free(ids[i]);
}

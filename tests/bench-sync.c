/* bench-sync.c — a patient's sync from the platform (DESIGN.md, contract: benchmarks).
 *
 *   sync_patient_ms  median wall time (5 runs) to download one patient's record from the FHIR
 *                    test server on loopback (Patient, 968 Observations in pages of 200,
 *                    Conditions, the twin package) and store it in the local cache in one
 *                    transaction
 *
 * Run: meson test -C build --benchmark -v   (prints BENCH name value unit)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct-fhir-client.h"
#include "ct-store.h"

#define RUNS 5

static int compare_doubles(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

static void sync_once(CtFhirClient *client, CtStore *store, guint *n_observations)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtFhirRecord) record =
      ct_fhir_client_fetch_record(client, "pat-0000", NULL, NULL, NULL, &error);
  g_autofree CtStoreObservation *obs = NULL;
  CtStoreSync sync = {0};

  if (record == NULL)
    g_error("%s", error->message);
  obs = g_new0(CtStoreObservation, record->observations->len);
  for (guint i = 0; i < record->observations->len; i++) {
    const CtFhirObservation *o = &g_array_index(record->observations, CtFhirObservation, i);

    obs[i] = (CtStoreObservation){o->id, o->loinc, o->value, o->unit, o->effective, NULL};
  }
  sync.source = ct_fhir_client_get_base_url(client);
  sync.server_id = record->patient->id;
  sync.display_name = record->patient->display_name;
  sync.patient_json = record->patient_json;
  sync.observations = obs;
  sync.n_observations = record->observations->len;
  sync.twin_json = record->twin_json;
  sync.twin_server_version = record->twin_version;
  if (!ct_store_sync_patient(store, &sync, NULL, NULL, &error))
    g_error("%s", error->message);
  *n_observations = record->observations->len;
}

int main(void)
{
  g_autoptr(GError) error = NULL;
  const char *dir = g_getenv("CT_FHIR_SERVER_DIR");
  g_autofree char *script = g_build_filename(dir, "server.mjs", NULL);
  g_autoptr(GSubprocessLauncher) launcher =
      g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = g_dir_make_tmp("bench-sync-XXXXXX", NULL);
  g_autofree char *path = g_build_filename(tmp, "cache.sqlite", NULL);
  g_autoptr(CtFhirClient) client = NULL;
  g_autoptr(CtStore) store = NULL;
  double times_ms[RUNS];
  guint n_observations = 0;

  g_subprocess_launcher_set_cwd(launcher, dir);
  server = g_subprocess_launcher_spawn(launcher, &error, "node", script, "--port", "0", NULL);
  if (server == NULL)
    g_error("%s", error->message);
  out = g_data_input_stream_new(g_subprocess_get_stdout_pipe(server));
  line = g_data_input_stream_read_line_utf8(out, NULL, NULL, &error);
  if (line == NULL || !g_str_has_prefix(line, "LISTENING "))
    g_error("the FHIR test server did not start (npm ci in tests/fhir-server?)");
  base = g_strdup_printf("http://127.0.0.1:%s/fhir/R4", line + strlen("LISTENING "));
  client = ct_fhir_client_new(base, &error);
  store = ct_store_open(path, "bench", &error);
  if (client == NULL || store == NULL)
    g_error("%s", error->message);

  sync_once(client, store, &n_observations); /* warm: server caches, first connection */
  for (int i = 0; i < RUNS; i++) {
    gint64 start = g_get_monotonic_time();

    sync_once(client, store, &n_observations);
    times_ms[i] = (double)(g_get_monotonic_time() - start) * 1e-3;
  }
  qsort(times_ms, RUNS, sizeof times_ms[0], compare_doubles);
  g_print("BENCH sync_patient_ms %.1f ms\n", times_ms[RUNS / 2]);
  g_print("BENCH sync_patient_observations %u observations\n", n_observations);

  g_clear_object(&store);
  g_output_stream_close(g_subprocess_get_stdin_pipe(server), NULL, NULL);
  g_subprocess_wait(server, NULL, NULL);
  {
    g_autofree char *wal = g_strconcat(path, "-wal", NULL);
    g_autofree char *shm = g_strconcat(path, "-shm", NULL);

    g_remove(wal);
    g_remove(shm);
    g_remove(path);
    g_rmdir(tmp);
  }
  return 0;
}

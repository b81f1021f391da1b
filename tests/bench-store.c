/* bench-store.c — the local cache's speed figures (DESIGN.md, contract: benchmarks).
 *
 *   cache_open_twin_ms  median wall time of ct_store_open_twin (read the newest version, check it
 *                       as every document is checked, record the opening in the audit log) in a
 *                       cache of 10,000 patients, each with a twin and 20 observations; 200 opens
 *                       of patients drawn at random
 *
 * Run: meson test -C build --benchmark -v   (prints BENCH name value unit)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct-test-cache.h"

#define N_PATIENTS 10000
#define N_OPENS    200

static int compare_doubles(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

int main(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp("bench-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename(dir, "cache.sqlite", NULL);
  g_autofree char *wal = g_strconcat(path, "-wal", NULL);
  g_autofree char *shm = g_strconcat(path, "-shm", NULL);
  g_autoptr(CtStore) store = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed(1);
  gint64 keys[N_PATIENTS];
  double times_ms[N_OPENS];
  double start;

  if (dir == NULL || (store = ct_store_open(path, "bench", &error)) == NULL)
    g_error("%s", error->message);
  start = (double)g_get_monotonic_time();
  ct_test_cache_fill(store, N_PATIENTS, keys);
  g_printerr("filled %d patients in %.1f s\n", N_PATIENTS,
             ((double)g_get_monotonic_time() - start) * 1e-6);

  for (int i = 0; i < N_OPENS; i++) {
    gint64 key = keys[g_rand_int_range(rand, 0, N_PATIENTS)];
    g_autoptr(CtTwin) twin = NULL;

    start = (double)g_get_monotonic_time();
    twin = ct_store_open_twin(store, key, NULL, &error);
    times_ms[i] = ((double)g_get_monotonic_time() - start) * 1e-3;
    if (twin == NULL)
      g_error("%s", error->message);
  }
  qsort(times_ms, N_OPENS, sizeof times_ms[0], compare_doubles);
  g_print("BENCH cache_open_twin_ms %.3f ms\n",
          0.5 * (times_ms[N_OPENS / 2 - 1] + times_ms[N_OPENS / 2]));
  g_print("BENCH cache_open_twin_max_ms %.3f ms\n", times_ms[N_OPENS - 1]);

  g_clear_object(&store);
  g_remove(wal);
  g_remove(shm);
  g_remove(path);
  g_rmdir(dir);
  return 0;
}

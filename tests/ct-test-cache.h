/* ct-test-cache.h — a large synthetic cache for the benchmarks (tests/bench-store.c,
 * tests/bench-app-memory.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ct-store.h"

G_BEGIN_DECLS

/* Adds @n_patients synthetic patients ("Synthetic Patient 00042", server ids "p00042" on
 * https://h.example/fhir), each with the hfref-lbbb twin under its own id and 20 heart-rate
 * observations, as a platform sync would; their keys into @keys when not NULL. Aborts on error
 * (a benchmark's set-up). */
void ct_test_cache_fill(CtStore *store, guint n_patients, gint64 *keys);

G_END_DECLS

/* bench-engine.c — the engine's speed figures (DESIGN.md, contract: benchmarks).
 *
 *   engine_beats_per_cpu_s  beats simulated per CPU second, hfref-lbbb with LBBB
 *                           activation, baroreflex and dobutamine 5 mcg/kg/min on
 *   steady_state_ms         median wall time from a therapy change to the new
 *                           periodic steady state (warm start from the baseline, the beat
 *                           map learned there as the app does)
 *   crt_sweep_s             wall time of the full CRT search on hfref-lbbb, all cores
 *   fit_s                   median wall time of a personalization from population priors to a
 *                           full measurement set (echo, cuff pressure and right-heart
 *                           catheterisation: 13 measurements, LBBB and scar), 5 runs
 *
 * Run: meson test -C build --benchmark -v   (prints BENCH name value unit)
 */
#include "cardiosim.h"
#include "ct-crt-optimizer.h"
#include "ct-drug-library.h"
#include "ct-fit.h"
#include "ct-twin.h"

#include <glib.h>
#include <stdlib.h>
#include <time.h>

static double cpu_seconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double wall_seconds(void)
{
  return (double)g_get_monotonic_time() * 1e-6;
}

static void add_drug(CtDrugLibrary *library, CsTherapy *t, const char *name, double dose)
{
  t->drugs[t->n_drugs] = *ct_drug_library_lookup(library, name);
  t->doses[t->n_drugs] = dose;
  t->n_drugs++;
}

static CsModel *steady_model(const CsParams *p, const CsTherapy *t)
{
  CsError error = {{0}};
  CsSteadyStateResult result;
  CsModel *m = cs_model_new(p, t, &error);
  if (m == NULL || cs_model_run_to_steady_state(m, NULL, &result, &error) != CS_OK)
    g_error("%s", error.message);
  return m;
}

static void bench_beats(const CsParams *p, CtDrugLibrary *library)
{
  CsTherapy t;
  CsError error = {{0}};
  CsModel *m;
  const int beats = 3000;
  double start;

  cs_therapy_default(&t);
  add_drug(library, &t, "dobutamine", 5.0);
  m = steady_model(p, &t);
  start = cpu_seconds();
  for (int i = 0; i < beats; i++)
    if (cs_model_run_beat(m, &error) != CS_OK)
      g_error("%s", error.message);
  g_print("BENCH engine_beats_per_cpu_s %.0f beats/s\n", beats / (cpu_seconds() - start));
  cs_model_free(m);
}

static int compare_doubles(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The changes a clinician makes while planning: doses, pacing settings,
 * LVAD speed, the reflex switched off. */
static void bench_steady_state(const CsParams *p, CtDrugLibrary *library)
{
  CsTherapy base, changes[16];
  double times_ms[G_N_ELEMENTS(changes)];
  void *state = g_malloc(cs_model_state_size());
  CsModel *m;
  guint n = 0;

  cs_therapy_default(&base);
  m = steady_model(p, &base);
  /* As the app's engine thread does from a twin's steady state before its first therapy change. */
  {
    CsError error = {{0}};
    int learned;
    if (cs_model_learn_beat_map(m, &learned, &error) != CS_OK || !learned)
      g_error("no beat map learned: %s", error.message);
  }
  cs_model_save_state(m, state);

  for (guint i = 0; i < 4; i++) {
    changes[n] = base;
    add_drug(library, &changes[n], "dobutamine", 2.5 * (i + 1));
    n++;
  }
  changes[n] = base;
  add_drug(library, &changes[n++], "milrinone", 0.5);
  changes[n] = base;
  add_drug(library, &changes[n++], "nitroprusside", 1.0);
  changes[n] = base;
  add_drug(library, &changes[n++], "furosemide", 40.0);
  for (int seg = 5; seg <= 12; seg += 7) {
    for (double av = 100.0; av <= 140.0; av += 40.0) {
      changes[n] = base;
      changes[n].pacing.mode = CS_PACING_CRT;
      changes[n].pacing.lv_lead_segment = seg;
      changes[n].pacing.av_delay_ms = av;
      n++;
    }
  }
  for (double speed = 4800.0; speed <= 6000.0; speed += 600.0) {
    changes[n] = base;
    changes[n].lvad_enabled = 1;
    changes[n].lvad_speed_rpm = speed;
    n++;
  }
  changes[n] = base;
  changes[n++].baroreflex_enabled = 0;
  g_assert_cmpuint(n, <=, G_N_ELEMENTS(changes));

  for (guint i = 0; i < n; i++) {
    CsError error = {{0}};
    CsSteadyStateResult result;
    double start = wall_seconds();
    if (cs_model_set_therapy(m, &base, &error) != CS_OK ||
        cs_model_restore_state(m, state, &error) != CS_OK ||
        cs_model_set_therapy(m, &changes[i], &error) != CS_OK ||
        cs_model_run_to_steady_state(m, NULL, &result, &error) != CS_OK || !result.converged)
      g_error("change %u: %s", i, error.message);
    times_ms[i] = (wall_seconds() - start) * 1000.0;
  }
  qsort(times_ms, n, sizeof times_ms[0], compare_doubles);
  g_print("BENCH steady_state_ms %.2f ms\n",
          n % 2 ? times_ms[n / 2] : 0.5 * (times_ms[n / 2 - 1] + times_ms[n / 2]));
  g_print("BENCH steady_state_max_ms %.2f ms\n", times_ms[n - 1]);
  cs_model_free(m);
  g_free(state);
}

static void bench_crt_sweep(const CsParams *p)
{
  CsTherapy t;
  CtCrtSearch search;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ranked = NULL;
  double start;
  guint not_paced = 0;

  cs_therapy_default(&t);
  ct_crt_search_default(&search);
  start = wall_seconds();
  ranked = ct_crt_optimize(p, &t, &search, NULL, &not_paced, NULL, NULL, NULL, NULL, &error);
  if (ranked == NULL)
    g_error("%s", error->message);
  g_print("BENCH crt_sweep_s %.3f s\n", wall_seconds() - start);
  g_print("BENCH crt_candidates_evaluated %u candidates\n", ranked->len + not_paced);
  g_print("BENCH crt_candidates_paced %u candidates\n", ranked->len);
}

/* The median wall time (5 runs) of fitting @text; its steady states in @evaluations. */
static double median_fit_s(const char *text, guint *evaluations)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static(text, strlen(text));
  g_autoptr(GError) error = NULL;
  g_autoptr(CtMeasurements) measurements = ct_measurements_new_from_bytes(bytes, &error);
  double seconds[5];

  if (measurements == NULL)
    g_error("%s", error->message);
  for (int i = 0; i < 5; i++) {
    g_autoptr(CtFit) fit = ct_fit_new(measurements, "bench");
    double start = wall_seconds();

    if (!ct_fit_run(fit, NULL, &error))
      g_error("%s", error->message);
    seconds[i] = wall_seconds() - start;
    *evaluations = ct_fit_get_evaluations(fit);
  }
  qsort(seconds, 5, sizeof seconds[0], compare_doubles);
  return seconds[2];
}

static void bench_fit(void)
{
  static const char full_set[] =
      "{\"format\": \"cardiotwin-measurements/1\", \"sex\": \"male\", \"age_years\": 68, "
      "\"height_cm\": 175, \"weight_kg\": 82, \"qrs_ms\": 162, \"lbbb\": true, "
      "\"scar_segments\": [5, 11, 16], \"measurements\": {\"hr_bpm\": 70, \"sbp_mmhg\": 108, "
      "\"dbp_mmhg\": 66, \"map_mmhg\": 80, \"lvedv_ml\": 235, \"lvesv_ml\": 168, "
      "\"lvef_pct\": 28, \"co_l_min\": 4.6, \"mean_lap_mmhg\": 18, \"cvp_mmhg\": 8, "
      "\"mpap_mmhg\": 28, \"spap_mmhg\": 40, \"dpap_mmhg\": 20}}";
  /* The advanced-hf demo's catheterisation: its volumes eject 13 ml a beat more than goes
   * forward, so the fit solves again with a mitral leak (ct-fit.c). */
  static const char regurgitant_set[] =
      "{\"format\": \"cardiotwin-measurements/1\", \"sex\": \"male\", \"age_years\": 58, "
      "\"height_cm\": 180, \"weight_kg\": 85, \"qrs_ms\": 108, \"measurements\": {"
      "\"hr_bpm\": 92, \"sbp_mmhg\": 92, \"dbp_mmhg\": 60, \"map_mmhg\": 71, \"cvp_mmhg\": 12, "
      "\"spap_mmhg\": 52, \"mpap_mmhg\": 36, \"co_l_min\": 3.2, \"lvedv_ml\": 320, "
      "\"lvesv_ml\": 272, \"lvef_pct\": 15}}";
  guint evaluations = 0;
  double seconds = median_fit_s(full_set, &evaluations);

  g_print("BENCH fit_s %.3f s\n", seconds);
  g_print("BENCH fit_steady_states %u steady states\n", evaluations);
  seconds = median_fit_s(regurgitant_set, &evaluations);
  g_print("BENCH fit_regurgitation_s %.3f s\n", seconds);
  g_print("BENCH fit_regurgitation_steady_states %u steady states\n", evaluations);
}

int main(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTwin) twin = ct_twin_new_from_demo("hfref-lbbb", &error);
  g_autoptr(CtDrugLibrary) library = NULL;

  if (twin == NULL)
    g_error("%s", error->message);
  library = ct_drug_library_new_default(&error);
  if (library == NULL)
    g_error("%s", error->message);
  bench_beats(ct_twin_get_params(twin), library);
  bench_steady_state(ct_twin_get_params(twin), library);
  bench_crt_sweep(ct_twin_get_params(twin));
  bench_fit();
  return 0;
}

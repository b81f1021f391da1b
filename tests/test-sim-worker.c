/* test-sim-worker.c — the engine on a worker thread: beats published to the main context, requests
 * coalesced (the newest wins), failures reported without losing the last good beat, and a worker
 * disposed in the middle of a computation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "ct-sim-worker.h"
#include "ct-twin.h"

static GThread *main_thread;

typedef struct {
  guint beats;
  guint failures;
  CtBeat *last;
  char *failure;
} Seen;

static void on_beat(CtSimWorker *worker, CtBeat *beat, gpointer user_data)
{
  Seen *seen = user_data;

  g_assert_true(g_thread_self() == main_thread);
  seen->beats++;
  if (seen->last != NULL)
    ct_beat_unref(seen->last);
  seen->last = ct_beat_ref(beat);
}

static void on_failed(CtSimWorker *worker, const char *why, gpointer user_data)
{
  Seen *seen = user_data;

  g_assert_true(g_thread_self() == main_thread);
  seen->failures++;
  g_free(seen->failure);
  seen->failure = g_strdup(why);
}

static void seen_clear(Seen *seen)
{
  if (seen->last != NULL)
    ct_beat_unref(seen->last);
  g_free(seen->failure);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Seen, seen_clear)

static CtSimWorker *new_worker(const char *demo, Seen *seen)
{
  g_autoptr(CtTwin) twin = ct_twin_new_from_demo(demo, NULL);
  CtSimWorker *worker = ct_sim_worker_new(ct_twin_get_params(twin));

  g_signal_connect(worker, "beat-ready", G_CALLBACK(on_beat), seen);
  g_signal_connect(worker, "simulation-failed", G_CALLBACK(on_failed), seen);
  return worker;
}

/* Iterates the main context until @done says so (the worker answers in milliseconds; the bound
 * only keeps a broken worker from hanging the suite). */
static void wait_for(gboolean (*done)(const Seen *, guint), const Seen *seen, guint arg)
{
  gint64 give_up = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;

  while (!done(seen, arg)) {
    g_assert_cmpint(g_get_monotonic_time(), <, give_up);
    g_main_context_iteration(NULL, TRUE);
  }
}

static gboolean has_generation(const Seen *seen, guint generation)
{
  return seen->last != NULL && seen->last->generation >= generation;
}

static gboolean has_failed(const Seen *seen, guint failures)
{
  return seen->failures >= failures;
}

/* The worker's beat is the engine's steady state, as the command line computes it. */
static void test_beat_matches_engine(void)
{
  g_autoptr(CtTwin) twin = ct_twin_new_from_demo("hfref-lbbb", NULL);
  g_auto(Seen) seen = {0};
  g_autoptr(CtSimWorker) worker = new_worker("hfref-lbbb", &seen);
  g_autoptr(CtBeat) beat = NULL;
  CsTherapy therapy;
  CsSteadyStateOptions options;
  CsSteadyStateResult result;
  CsModel *model;
  CsSample first, wrapped;

  g_assert_null(ct_sim_worker_get_beat(worker));
  cs_therapy_default(&therapy);
  ct_sim_worker_set_therapy(worker, &therapy);
  wait_for(has_generation, &seen, 1);
  beat = ct_sim_worker_get_beat(worker);
  g_assert_true(beat == seen.last);

  model = cs_model_new(ct_twin_get_params(twin), &therapy, NULL);
  cs_steady_state_options_default(&options);
  g_assert_cmpint(cs_model_run_to_steady_state(model, &options, &result, NULL), ==, CS_OK);
  for (size_t i = 0; i < cs_index_count(); i++) {
    double engine = cs_indices_get(cs_model_indices(model), i);
    double worker_value = cs_indices_get(&beat->indices, i);

    g_assert_cmpfloat(fabs(worker_value - engine), <=, 1e-9 + 1e-9 * fabs(engine));
  }
  cs_model_free(model);

  /* The beat loops: a period later is the same moment. */
  g_assert_cmpuint(beat->n_samples, >, 100);
  g_assert_cmpfloat_with_epsilon(beat->period_s, 60.0 / beat->indices.hr_bpm, 1e-12);
  ct_beat_sample_at(beat, 0.123, &first);
  ct_beat_sample_at(beat, 0.123 + 3.0 * beat->period_s, &wrapped);
  g_assert_cmpfloat_with_epsilon(first.lv_volume_ml, wrapped.lv_volume_ml, 1e-9);
  /* Between two samples, linear interpolation. */
  {
    CsSample mid;
    double t = 0.5 * (beat->samples[10].time_s + beat->samples[11].time_s);

    ct_beat_sample_at(beat, t, &mid);
    g_assert_cmpfloat_with_epsilon(
        mid.lv_pressure_mmhg,
        0.5 * (beat->samples[10].lv_pressure_mmhg + beat->samples[11].lv_pressure_mmhg), 1e-9);
  }
}

/* A slider drag: many requests at once; the last one wins and far fewer beats are computed. */
static void test_coalesced(void)
{
  g_auto(Seen) seen = {0};
  g_autoptr(CtSimWorker) worker = new_worker("normal", &seen);
  CsTherapy therapy;

  cs_therapy_default(&therapy);
  therapy.pacing.mode = CS_PACING_AAI;
  for (guint i = 0; i < 50; i++) {
    therapy.pacing.rate_bpm = 60.0 + i;
    ct_sim_worker_set_therapy(worker, &therapy);
  }
  wait_for(has_generation, &seen, 50);
  g_assert_cmpuint(seen.last->generation, ==, 50);
  g_assert_cmpfloat_with_epsilon(seen.last->indices.hr_bpm, 109.0, 0.5);
  g_assert_cmpuint(seen.beats, <, 50);
}

/* A therapy the engine refuses: reported, and the last good beat stays. */
static void test_failure_keeps_beat(void)
{
  g_auto(Seen) seen = {0};
  g_autoptr(CtSimWorker) worker = new_worker("normal", &seen);
  g_autoptr(CtBeat) beat = NULL;
  CsTherapy therapy;

  cs_therapy_default(&therapy);
  ct_sim_worker_set_therapy(worker, &therapy);
  wait_for(has_generation, &seen, 1);
  therapy.pacing.mode = CS_PACING_DDD;
  therapy.pacing.rate_bpm = 1000.0; /* outside the pacing range */
  ct_sim_worker_set_therapy(worker, &therapy);
  wait_for(has_failed, &seen, 1);
  g_assert_nonnull(seen.failure);
  g_assert_nonnull(strstr(seen.failure, "rate"));
  beat = ct_sim_worker_get_beat(worker);
  g_assert_nonnull(beat);
  g_assert_cmpuint(beat->generation, ==, 1);
}

/* Disposed while it computes: it stops and joins, and no signal reaches a dead object. */
static void test_dispose_while_busy(void)
{
  Seen seen = {0};
  CtSimWorker *worker = new_worker("advanced-hf", &seen);
  CsTherapy therapy;

  cs_therapy_default(&therapy);
  ct_sim_worker_set_therapy(worker, &therapy);
  g_object_unref(worker);
  while (g_main_context_iteration(NULL, FALSE))
    ;
  g_assert_cmpuint(seen.beats, ==, 0);
  seen_clear(&seen);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  main_thread = g_thread_self();
  g_test_add_func("/sim-worker/beat-matches-engine", test_beat_matches_engine);
  g_test_add_func("/sim-worker/coalesced", test_coalesced);
  g_test_add_func("/sim-worker/failure-keeps-beat", test_failure_keeps_beat);
  g_test_add_func("/sim-worker/dispose-while-busy", test_dispose_while_busy);
  return g_test_run();
}

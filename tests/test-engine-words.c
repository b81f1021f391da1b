/* test-engine-words.c — the engine's failures told in the application's words
 * (src/twin/ct-engine-words.c), from failures the engine really gives.
 *
 * In English here (tests/meson.build runs the tests with LANGUAGE empty); test-cli-l10n checks
 * that the same sentences reach a French and a Japanese user.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "ct-engine-words.h"
#include "ct-twin.h"

static char *describe(const CsError *error, const CsSteadyStateResult *result)
{
  char *text = ct_engine_error_describe(error, result);

  g_assert_nonnull(text);
  g_test_message("engine: %s\napplication: %s", error->message, text);
  return text;
}

/* What a search that did not settle still moved, in words. */
/* A cycle of several beats is described by what takes turns in it; a single beat by nothing. */
static void test_cycle(void)
{
  const CsCycle one = {1, 70.0, 70.0, 0};
  const CsCycle competing = {5, 80.2, 84.6, 1};
  const CsCycle alternans = {2, 95.55, 107.55, 0};
  /* The reflex's slow oscillation (cs-model.c, "Slow oscillations"), and a sinus tachycardia's
   * cycle of six whose stroke volumes differ by more. */
  const CsCycle slow = {57, 62.999, 63.304, 0};
  const CsCycle six = {6, 66.1, 70.9, 0};
  g_autofree char *mixed = ct_cycle_describe(&competing, 70.1);
  g_autofree char *alternating = ct_cycle_describe(&alternans, 115.4);
  g_autofree char *swinging = ct_cycle_describe(&slow, 154.06);
  g_autofree char *varying = ct_cycle_describe(&six, 172.2);

  g_assert_null(ct_cycle_describe(&one, 70.0));
  g_assert_cmpstr(mixed, ==,
                  "paced and sensed beats take turns in a cycle of 5 beats; the figures are the "
                  "cycle's means");
  g_assert_cmpstr(alternating, ==,
                  "the beats alternate in a cycle of 2 beats, stroke volume 96 to 108 ml (pulsus "
                  "alternans); the figures are the cycle's means");
  g_assert_cmpstr(swinging, ==,
                  "the beats vary over a cycle of 57 beats (22 s), stroke volume 63.0 to 63.3 ml; "
                  "the figures are the cycle's means");
  g_assert_cmpstr(varying, ==,
                  "the beats vary over a cycle of 6 beats (2 s), stroke volume 66 to 71 ml; the "
                  "figures are the cycle's means");
}

static void test_unsettled(void)
{
  CsSteadyStateResult veins = {0}, reflex = {0}, segment = {0}, settled = {0};
  g_autofree char *veins_text = NULL, *reflex_text = NULL, *segment_text = NULL;

  veins.unsettled = CS_UNSETTLED_SYSTEMIC_VEINS;
  veins.unsettled_change = 5.32;
  veins.unsettled_tolerance = 0.02;
  reflex.unsettled = CS_UNSETTLED_HEART_PERIOD;
  reflex.unsettled_change = 0.013;
  reflex.unsettled_tolerance = 1e-4;
  segment.unsettled = CS_UNSETTLED_LV_ACTIVATION;
  segment.unsettled_change = 0.34;
  segment.unsettled_tolerance = 1e-3;
  settled.unsettled = CS_UNSETTLED_NONE;
  veins_text = ct_format_unsettled(&veins);
  reflex_text = ct_format_unsettled(&reflex);
  segment_text = ct_format_unsettled(&segment);
  g_assert_cmpstr(veins_text, ==,
                  "the volume of the systemic veins by 5.32 ml (a steady state moves it less "
                  "than 0.02 ml)");
  g_assert_cmpstr(reflex_text, ==,
                  "the reflex's heart period by 1.3 % (a steady state moves it less than "
                  "0.01 %)");
  g_assert_cmpstr(segment_text, ==,
                  "the activation of an LV segment by 34 % of its full activation (a steady "
                  "state moves it less than 0.1 %)");
  g_assert_null(ct_format_unsettled(&settled));
}

/* A parameter outside its range, and blood too little for the vessels: the twin file's key, the
 * value and the range, as the engine checked them. */
static void test_refused_parameters(void)
{
  CsParams p;
  CsError error = {0};
  g_autofree char *range = NULL, *blood = NULL;

  cs_params_default(&p);
  p.lv_free_wall.end_systolic_elastance_mmhg_ml = 1000.0;
  g_assert_cmpint(cs_params_validate(&p, &error), ==, CS_ERROR_INVALID_PARAMETER);
  g_assert_cmpint(error.failure, ==, CS_FAILURE_PARAMETER_RANGE);
  range = describe(&error, NULL);
  g_assert_true(g_str_has_prefix(range, "lv_free_wall_end_systolic_elastance_mmhg_ml is 1000 "
                                        "mmHg/ml; it must be between "));
  g_assert_true(g_str_has_suffix(range, " mmHg/ml"));

  cs_params_default(&p);
  p.total_blood_volume_ml = 2000.0;
  g_assert_cmpint(cs_params_validate(&p, &error), ==, CS_ERROR_INVALID_PARAMETER);
  g_assert_cmpint(error.failure, ==, CS_FAILURE_BLOOD_VOLUME_TOO_SMALL);
  g_assert_cmpfloat(error.values[1], >, 2000.0);
  /* A parameter error's parts are not kept from the error before. */
  g_assert_null(error.parameter);
  blood = describe(&error, NULL);
  g_assert_true(g_str_has_prefix(blood, "total_blood_volume_ml is 2000 ml; it must be at least "));
}

/* Pacing the engine cannot run: the atrium faster than the AV node conducts, a cycle shorter than
 * the activation (the engine's own tests' cases, test-engine.c). */
static void test_refused_pacing(void)
{
  CsParams p;
  CsTherapy t;
  CsError error = {0};
  CsSteadyStateResult result = {0};
  CsModel *m;
  g_autofree char *node = NULL, *cycle = NULL;

  cs_params_default(&p);
  cs_therapy_default(&t);
  p.pr_interval_ms = 240.0;
  t.pacing.mode = CS_PACING_AAI;
  t.pacing.rate_bpm = 170.0;
  m = cs_model_new(&p, &t, &error);
  g_assert_nonnull(m);
  g_assert_cmpint(cs_model_run_to_steady_state(m, NULL, &result, &error), ==,
                  CS_ERROR_INVALID_PARAMETER);
  cs_model_free(m);
  node = describe(&error, &result);
  g_assert_true(g_str_has_prefix(node, "AAI pacing at 170 bpm is faster than this patient's AV "
                                       "node conducts every beat (Wenckebach block from ~"));
  g_assert_true(g_str_has_suffix(node, " bpm; resting PR 240 ms): pace DDD or lower the rate"));

  cs_params_default(&p);
  p.pr_interval_ms = 400.0;
  t.pacing.mode = CS_PACING_DDD;
  t.pacing.rate_bpm = 180.0;
  t.pacing.av_delay_ms = 350.0;
  m = cs_model_new(&p, &t, &error);
  g_assert_nonnull(m);
  g_assert_cmpint(cs_model_run_beat(m, &error), ==, CS_ERROR_INVALID_PARAMETER);
  cs_model_free(m);
  cycle = describe(&error, NULL);
  g_assert_true(g_str_has_prefix(cycle, "activation ends "));
  g_assert_true(g_str_has_suffix(cycle, " ms into a cycle of 333 ms: conduction (PR, AV delay, "
                                        "interatrial conduction, scar) is too slow for this rate"));
}

/* A circulation that pumps its LV below empty (test-engine's /engine/never-below-empty, case 0:
 * the `normal` demo twin with Smith's septum free to deflect past what the LV holds): the chamber
 * named by its volume. */
static void test_emptied(void)
{
  g_autoptr(GError) load_error = NULL;
  g_autoptr(CtTwin) twin = ct_twin_new_from_demo("normal", &load_error);
  CsParams p;
  CsTherapy t;
  CsError error = {0};
  CsSteadyStateResult result = {0};
  CsModel *m;
  g_autofree char *text = NULL;

  g_assert_no_error(load_error);
  p = *ct_twin_get_params(twin);
  cs_therapy_default(&t);
  p.septum.dead_volume_ml = -50.0;
  p.lv_free_wall.edpvr_scale_mmhg = 20.0;
  m = cs_model_new(&p, &t, &error);
  g_assert_nonnull(m);
  g_assert_cmpint(cs_model_run_to_steady_state(m, NULL, &result, &error), ==, CS_ERROR_NUMERIC);
  cs_model_free(m);
  g_assert_cmpint(error.failure, ==, CS_FAILURE_EMPTIED);
  text = describe(&error, &result);
  g_assert_cmpstr(text, ==,
                  "the volume of the left ventricle fell to zero, the chamber or vessel "
                  "pumped empty: this circulation cannot be simulated");
}

/* A search given too few beats: the budget, and what the last beat still moved. */
static void test_not_converged(void)
{
  CsParams p;
  CsTherapy t;
  CsSteadyStateOptions options;
  CsError error = {0};
  CsSteadyStateResult result = {0};
  CsModel *m;
  g_autofree char *text = NULL, *without = NULL;

  cs_params_default(&p);
  cs_therapy_default(&t);
  cs_steady_state_options_default(&options);
  options.max_beats = 2;
  m = cs_model_new(&p, &t, &error);
  g_assert_nonnull(m);
  g_assert_cmpint(cs_model_run_to_steady_state(m, &options, &result, &error), ==,
                  CS_ERROR_NOT_CONVERGED);
  cs_model_free(m);
  g_assert_cmpint(error.failure, ==, CS_FAILURE_NOT_CONVERGED);
  g_assert_cmpint(result.unsettled, !=, CS_UNSETTLED_NONE);
  text = describe(&error, &result);
  g_assert_true(g_str_has_prefix(text, "no periodic steady state within 2 beats: the last beat "
                                       "still moved the "));
  /* Without the search's result, the count alone. */
  without = describe(&error, NULL);
  g_assert_cmpstr(without, ==, "no periodic steady state within 2 beats");
}

/* Parts that do not say enough (a failure this file does not know, a compartment out of range)
 * give the engine's English as it is, never a sentence with a hole in it. */
static void test_unknown_parts_keep_the_message(void)
{
  CsError error = {0};
  g_autofree char *other = NULL, *unknown = NULL, *nowhere = NULL, *no_key = NULL;

  g_strlcpy(error.message, "a drug has no name", sizeof error.message);
  error.failure = CS_FAILURE_OTHER;
  other = describe(&error, NULL);
  g_assert_cmpstr(other, ==, "a drug has no name");
  error.failure = (CsFailure)999;
  unknown = describe(&error, NULL);
  g_assert_cmpstr(unknown, ==, "a drug has no name");
  error.failure = CS_FAILURE_EMPTIED;
  error.where = CS_COMPARTMENT_COUNT;
  nowhere = describe(&error, NULL);
  g_assert_cmpstr(nowhere, ==, "a drug has no name");
  error.failure = CS_FAILURE_PARAMETER_RANGE;
  error.parameter = NULL;
  no_key = describe(&error, NULL);
  g_assert_cmpstr(no_key, ==, "a drug has no name");
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/engine-words/unsettled", test_unsettled);
  g_test_add_func("/engine-words/cycle", test_cycle);
  g_test_add_func("/engine-words/refused-parameters", test_refused_parameters);
  g_test_add_func("/engine-words/refused-pacing", test_refused_pacing);
  g_test_add_func("/engine-words/emptied", test_emptied);
  g_test_add_func("/engine-words/not-converged", test_not_converged);
  g_test_add_func("/engine-words/unknown-parts-keep-the-message",
                  test_unknown_parts_keep_the_message);
  return g_test_run();
}

/* test-engine-properties.c — libcardiosim's promises over random patients and therapies, rather
 * than over the few cases test-engine.c writes out:
 *
 *   - inside: any parameter set and therapy drawn inside the ranges the engine validates
 *     (cs_param_info, cs_params_validate, cs_therapy_validate) makes a model whose beats, to
 *     periodic steady state or a beat budget, give finite indices and conserve the blood volume to
 *     rounding; where it cannot simulate a circulation it says why, with a message, and never
 *     hands out a NaN;
 *   - outside: each of those values pushed just below its minimum, just above its maximum, to
 *     NaN or to an infinity is refused with CS_ERROR_INVALID_PARAMETER and a message that names
 *     it, and never makes a model.
 *
 * The draws come from the SplitMix64 generator below, seeded by CT_PROPERTY_SEED (decimal or
 * 0x-hexadecimal; a fixed seed without it, so that CI is reproducible) and printed in the TAP
 * output; every case prints its own seed when it fails, and CT_PROPERTY_SEED=that
 * CT_PROPERTY_CASES=1 replays it alone. CT_PROPERTY_CASES sets how many random patients the inside
 * property draws.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cardiosim.h"
#include "ct-drug-library.h"
#include "ct-twin.h"

#include <glib.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ the generator */

/* SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number generators", OOPSLA;
 * the constants of Vigna's reference implementation): one 64-bit state, full period, passes
 * BigCrush; the same numbers on every platform, unlike rand() or GRand's choice of algorithm. */
typedef struct {
  uint64_t state;
} Rng;

static uint64_t rng_next(Rng *rng)
{
  uint64_t z = (rng->state += 0x9e3779b97f4a7c15ULL);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* Uniform in [0, 1): the top 53 bits, every double of that grid equally likely. */
static double rng_unit(Rng *rng)
{
  return (double)(rng_next(rng) >> 11) * 0x1.0p-53;
}

static double rng_range(Rng *rng, double lo, double hi)
{
  return lo + (hi - lo) * rng_unit(rng);
}

static int rng_int(Rng *rng, int lo, int hi_inclusive)
{
  return lo + (int)(rng_next(rng) % (uint64_t)(hi_inclusive - lo + 1));
}

static gboolean rng_chance(Rng *rng, double p)
{
  return rng_unit(rng) < p;
}

/* The seed of the run: CT_PROPERTY_SEED, or this fixed one. */
#define DEFAULT_SEED 0x20261125c0ffeeULL

static uint64_t run_seed;

/* Case @index's own seed: a run's cases are independent streams, so that one of them replays
 * alone (as run seed, with CT_PROPERTY_CASES=1: case 0 of seed S is seeded with S itself). */
static uint64_t case_seed(uint64_t index)
{
  Rng mix = {run_seed};

  if (index == 0)
    return run_seed;
  mix.state ^= index * 0xd1b54a32d192ed03ULL;
  return rng_next(&mix);
}

/* ------------------------------------------------------------------ drawing a patient */

/* The drug library the app ships (data/drugs.json): doses are drawn inside each drug's range. */
static CtDrugLibrary *library;
/* The demo twins' parameters: the centres of the "patients" draws. */
static CsParams demos[8];
static guint n_demos;

/* One value inside [min, max]: each bound itself one time in twenty (the edges are where a
 * range is wrong), otherwise log-uniform over a range of positive values that spans a decade or
 * more (resistances, compliances, stiffnesses: a value ten times the minimum is as plausible as
 * one ten times smaller than the maximum), uniform over the others. */
static double draw_in(Rng *rng, double min, double max)
{
  double u = rng_unit(rng);

  if (u < 0.05)
    return min;
  if (u < 0.10)
    return max;
  if (min > 0.0 && max >= 10.0 * min) {
    /* (CLAMP evaluates its argument more than once: draw first.) */
    double value = min * exp(rng_range(rng, 0.0, log(max / min)));
    return CLAMP(value, min, max);
  }
  return rng_range(rng, min, max);
}

static double unstressed_volume_ml(const CsParams *p)
{
  return p->systemic_arterial_unstressed_volume_ml + p->systemic_venous_unstressed_volume_ml +
         p->pulmonary_arterial_unstressed_volume_ml + p->pulmonary_venous_unstressed_volume_ml;
}

/* The draws keep the blood 300 ml above the vessels' unstressed volumes at rest: the validator's
 * rule across parameters (cs-params.c) without the room the reflex's venoconstriction adds, so that
 * the patients drawn hold with the reflex switched off too. */
#define MIN_STRESSED_VOLUME_ML 300.0

/* Anywhere inside the ranges: every scalar parameter drawn over its whole range, independently
 * of the others; most such patients are not physiological, which is the point. */
static void draw_anywhere(Rng *rng, CsParams *p)
{
  const CsParamInfo *total = cs_param_lookup("total_blood_volume_ml");
  double lowest_total;

  cs_params_default(p);
  for (size_t i = 0; i < cs_param_count(); i++) {
    const CsParamInfo *info = cs_param_info(i);

    *cs_param_field(p, info) = draw_in(rng, info->min, info->max);
  }
  /* The total inside both its own range and the rule above (always possible: the unstressed
   * volumes' maxima add up to 9300 ml, the total's maximum is 12000). */
  lowest_total = fmax(total->min, unstressed_volume_ml(p) + MIN_STRESSED_VOLUME_ML);
  g_assert_cmpfloat(lowest_total, <=, total->max);
  p->total_blood_volume_ml = draw_in(rng, lowest_total, total->max);
  p->conduction = (CsConduction)rng_int(rng, CS_CONDUCTION_NORMAL, CS_CONDUCTION_RBBB);
  /* Scar in a third of the patients, in a few segments, of any transmurality 0-1. */
  if (rng_chance(rng, 1.0 / 3.0))
    for (int s = 0; s < CS_AHA_SEGMENTS; s++)
      if (rng_chance(rng, 0.25))
        p->scar_transmurality[s] = draw_in(rng, 0.0, 1.0);
}

/* How far a "patient" strays from its demo twin: each parameter, and the stressed volume, within
 * a factor of 1.25 either way (inter-individual CVs of 10-25 % for volumes, elastances and
 * resistances in healthy adults and in heart failure: Maceira et al. 2006, J Cardiovasc Magn
 * Reson 8:417; Chen et al. 2001, J Am Coll Cardiol 38:2028). */
#define PATIENT_SPREAD 1.25

/* A patient like those the engine is for: one of the demo twins (healthy, HFrEF with LBBB,
 * ischaemic scar, advanced HF) with every parameter moved, the blood volume following the
 * vessels' capacity as it does in patients (the stressed volume moves, not the total alone:
 * Magder & De Varennes 1998, Crit Care Med 26:1061), and any conduction. */
static void draw_patient(Rng *rng, CsParams *p)
{
  const CsParamInfo *total = cs_param_lookup("total_blood_volume_ml");
  double stressed, lowest_total, value;

  *p = demos[rng_int(rng, 0, n_demos - 1)];
  stressed = p->total_blood_volume_ml - unstressed_volume_ml(p);
  for (size_t i = 0; i < cs_param_count(); i++) {
    const CsParamInfo *info = cs_param_info(i);
    double *v = cs_param_field(p, info);

    value = *v * exp(rng_range(rng, -log(PATIENT_SPREAD), log(PATIENT_SPREAD)));
    *v = CLAMP(value, info->min, info->max);
  }
  stressed *= exp(rng_range(rng, -log(PATIENT_SPREAD), log(PATIENT_SPREAD)));
  lowest_total = fmax(total->min, unstressed_volume_ml(p) + MIN_STRESSED_VOLUME_ML);
  value = unstressed_volume_ml(p) + stressed;
  p->total_blood_volume_ml = CLAMP(value, lowest_total, total->max);
  p->conduction = (CsConduction)rng_int(rng, CS_CONDUCTION_NORMAL, CS_CONDUCTION_RBBB);
}

/* Any therapy inside the device and drug ranges, for either kind of patient. */
static void draw_therapy(Rng *rng, CsTherapy *t)
{
  g_auto(GStrv) names = ct_drug_library_list_names(library);
  int n_names = (int)g_strv_length(names);
  int n_drugs = rng_int(rng, 0, 3);

  cs_therapy_default(t);
  t->pacing.mode = (CsPacingMode)rng_int(rng, CS_PACING_NONE, CS_PACING_CRT);
  /* Device ranges (cs-therapy.c), drawn whatever the mode: a mode that ignores them must too. */
  t->pacing.rate_bpm = draw_in(rng, 30.0, 180.0);
  t->pacing.av_delay_ms = draw_in(rng, 30.0, 350.0);
  t->pacing.vv_delay_ms = draw_in(rng, -80.0, 80.0);
  t->pacing.lv_lead_segment = rng_int(rng, 1, CS_AHA_SEGMENTS);
  t->pacing.rv_lead_site = (CsRvLeadSite)rng_int(rng, CS_RV_LEAD_APEX, CS_RV_LEAD_SEPTUM);
  t->pacing.lv_only = rng_int(rng, 0, 1);
  t->lvad_enabled = rng_chance(rng, 0.25);
  t->lvad_speed_rpm = draw_in(rng, 3000.0, 9000.0);
  t->baroreflex_enabled = rng_chance(rng, 0.75);
  /* Up to three different drugs of the library, each at a dose inside its range. */
  for (int i = 0; i < n_drugs; i++) {
    const CsDrugDef *drug = ct_drug_library_lookup(library, names[rng_int(rng, 0, n_names - 1)]);
    gboolean taken = FALSE;

    for (int j = 0; j < t->n_drugs; j++)
      taken |= strcmp(t->drugs[j].name, drug->name) == 0;
    if (taken)
      continue;
    t->drugs[t->n_drugs] = *drug;
    t->doses[t->n_drugs] = draw_in(rng, drug->dose_min, drug->dose_max);
    t->n_drugs++;
  }
}

static gboolean has_diuretic(const CsTherapy *t)
{
  for (int i = 0; i < t->n_drugs; i++)
    for (int j = 0; j < t->drugs[i].n_effects; j++)
      if (t->drugs[i].effects[j].target == CS_EFFECT_BLOOD_VOLUME)
        return TRUE;
  return FALSE;
}

/* Everything drawn, every digit, for the message of a failing case. */
static char *describe(const CsParams *p, const CsTherapy *t)
{
  GString *text = g_string_new(NULL);
  CsParams copy = *p;

  for (size_t i = 0; i < cs_param_count(); i++) {
    const CsParamInfo *info = cs_param_info(i);

    g_string_append_printf(text, "%s=%.17g ", info->name, *cs_param_field(&copy, info));
  }
  g_string_append_printf(text, "conduction=%d scar=", p->conduction);
  for (int s = 0; s < CS_AHA_SEGMENTS; s++)
    g_string_append_printf(text, "%s%.17g", s > 0 ? "," : "", p->scar_transmurality[s]);
  g_string_append_printf(text,
                         " pacing=%s rate=%.17g av=%.17g vv=%.17g lead=%d rv_site=%d lv_only=%d "
                         "lvad=%d speed=%.17g baroreflex=%d",
                         cs_pacing_mode_name(t->pacing.mode), t->pacing.rate_bpm,
                         t->pacing.av_delay_ms, t->pacing.vv_delay_ms, t->pacing.lv_lead_segment,
                         t->pacing.rv_lead_site, t->pacing.lv_only, t->lvad_enabled,
                         t->lvad_speed_rpm, t->baroreflex_enabled);
  for (int i = 0; i < t->n_drugs; i++)
    g_string_append_printf(text, " %s=%.17g", t->drugs[i].name, t->doses[i]);
  return g_string_free(text, FALSE);
}

/* ------------------------------------------------------------------ inside the ranges */

/* What became of one case. */
typedef enum {
  OUTCOME_STEADY,     /* periodic steady state reached */
  OUTCOME_NOT_STEADY, /* the beat budget ran out; every beat simulated */
  OUTCOME_COMPETING,  /* no steady state: the device and the sinus node take turns */
  OUTCOME_NO_MODEL,   /* cs_model_new refused: a diuretic taking more than the veins hold, or
                       * less blood than the unstressed volumes (anywhere in the ranges) */
  OUTCOME_CONDUCTION, /* refused at a beat: activation slower than the cycle */
  OUTCOME_EMPTIED,    /* refused at a beat: a compartment pumped empty */
  OUTCOME_DIVERGED,   /* refused at a beat: the integration diverged even at its finest step */
  N_OUTCOMES
} Outcome;

static const char *const outcome_names[N_OUTCOMES] = {
    "steady",  "not steady", "competing rhythms", "no model", "conduction too slow",
    "emptied", "diverged",
};

static guint n_cases = 120;

/* The tolerance of the engine's conservation: "the total blood volume is conserved by
 * construction, to rounding" (cs-model.c); a beat is a few thousand additions of ml-sized flows
 * to litre-sized volumes, so rounding stays many orders below this. */
#define CONSERVATION_RELATIVE 1e-9

/* Every index finite, and the blood all there: total_volume_ml is the sum of the compartments
 * at the end of the beat. */
static void check_beat(CsModel *m, double expected_total_ml, const char *what, const char *drawn)
{
  const CsIndices *ix = cs_model_indices(m);

  for (size_t i = 0; i < cs_index_count(); i++)
    if (!isfinite(cs_indices_get(ix, i)))
      g_error("%s: %s is %g after a beat that succeeded\n%s", what, cs_index_name(i),
              cs_indices_get(ix, i), drawn);
  if (!(fabs(ix->total_volume_ml - expected_total_ml) <= CONSERVATION_RELATIVE * expected_total_ml))
    g_error("%s: the blood volume is %.12g ml, not %.12g ml\n%s", what, ix->total_volume_ml,
            expected_total_ml, drawn);
}

/* The largest relative difference of four indices of two beats, each with a floor (a small
 * value's rounding). */
static double indices_difference(const CsIndices *a, const CsIndices *b)
{
  const double floor_of[4] = {0.1, 0.1, 0.2, 5.0};
  const double x[4] = {a->sv_ml, a->map_mmhg, a->lvedv_ml, a->dpdt_max_mmhg_s};
  const double y[4] = {b->sv_ml, b->map_mmhg, b->lvedv_ml, b->dpdt_max_mmhg_s};
  double worst = 0.0;

  for (int i = 0; i < 4; i++)
    worst = fmax(worst, fabs(x[i] - y[i]) / fmax(fabs(y[i]), floor_of[i] / 0.005));
  return worst;
}

/* How long a rhythm that did not settle is followed for a switch of pacing timing (run_case). */
#define COMPETING_BEATS 200

/* A steady state of one beat is what the heart then does: the beat after it reads dP/dt within
 * this share of what the search reported (plus 1 mmHg/s, for a slope near zero). The search's
 * tolerances move a beat's volumes by 0.02 ml at most; dP/dt follows within ~0.1 %. The beat
 * after a steady state reads one contraction across its start; the steady beat was read as a
 * period of the circulation, or one contraction too. Before dP/dt was read per contraction, the
 * beat after read within its ends where it had not returned to 0.02 ml, and a patient's dP/dtmin
 * came out -1993 against -2214 mmHg/s (seed 8, case 363). A steady beat that began at an
 * extrapolated state carried the last beat run's contractile elements until the forty-fifth
 * session, whose pressure settles within ~20 ms: a peak of dP/dt there read 1770.5 against 1752.6
 * mmHg/s on the beats after (seed 11, case 2458), and the bound was 1.5 %. Since the
 * extrapolation carries the segments' states (carry_segments), the beat after a patient's steady
 * state reads its dP/dt, stroke volume, MAP and LVEDV within 0.81 % at worst over 120,000 patients
 * at six seeds (4429-4432, 4435 and 20261129; a scratch count). 1 %, our bound. */
#define STEADY_BEAT_REPEATS 0.01

/* A steady state of @k beats is a cycle the circulation keeps: over each of the next two cycles
 * its beats' mean stroke volume and mean arterial pressure are the cycle's (within 1 %, or 0.2 ml
 * and 0.2 mmHg), and the spread of their stroke volumes is the one the model reported
 * (cs_model_cycle; within 10 %, or 0.05 ml: a decaying oscillation keeps its mean but not its
 * spread, which with an eigenvalue of -0.9 falls to 0.66 of itself in two cycles of two beats; the
 * cycles that persist changed by at most 4.1 % a cycle, a second reader measured), whether paced
 * and sensed beats take turns or beats of one timing alternate (cs_model_run_to_steady_state
 * accepts those only where their one-beat change neither dies away nor grows). */
static void check_cycle_persists(CsModel *m, int k, const char *what, const char *drawn)
{
  const CsIndices cycle = *cs_model_indices(m);
  int timings = 0;
  double sv_least_ml = INFINITY, sv_most_ml = -INFINITY, reported_spread_ml;
  CsCycle reported;

  cs_model_cycle(m, &reported);
  if (reported.beats != k)
    g_error("%s: a cycle of %d beats reported by the model as one of %d\n%s", what, k,
            reported.beats, drawn);
  reported_spread_ml = reported.sv_most_ml - reported.sv_least_ml;
  for (int c = 0; c < 2; c++) {
    double sv_ml = 0.0, map_mmhg = 0.0, cycle_s = 0.0;
    CsError error = {{0}};

    sv_least_ml = INFINITY;
    sv_most_ml = -INFINITY;
    for (int b = 0; b < k; b++) {
      if (cs_model_run_beat(m, &error) != CS_OK)
        g_error("%s: a beat of its cycle of %d refused: %s\n%s", what, k, error.message, drawn);
      timings |= 1 << (cs_model_atrial_pacing(m) + 2 * cs_model_ventricular_pacing(m));
      sv_least_ml = fmin(sv_least_ml, cs_model_indices(m)->sv_ml);
      sv_most_ml = fmax(sv_most_ml, cs_model_indices(m)->sv_ml);
      sv_ml += cs_model_indices(m)->sv_ml / k;
      /* A mean pressure over the cycle's time, as cs_indices_cycle takes it, for the beats of a
       * cycle may differ in length (a circulation drawn anywhere whose cycle of two beats read
       * 97.2 mmHg as the mean of its beats' and 94.3 over its time, the cycle's;
       * CT_PROPERTY_SEED=3528388219816999501). */
      map_mmhg += cs_model_indices(m)->map_mmhg * 60.0 / cs_model_indices(m)->hr_bpm;
      cycle_s += 60.0 / cs_model_indices(m)->hr_bpm;
    }
    map_mmhg /= cycle_s;
    if (fabs(sv_ml - cycle.sv_ml) > fmax(0.2, 0.01 * fabs(cycle.sv_ml)) ||
        fabs(map_mmhg - cycle.map_mmhg) > fmax(0.2, 0.01 * fabs(cycle.map_mmhg)))
      g_error("%s: a cycle of %d beats (stroke volume %.3f ml, MAP %.3f mmHg) not kept: %.3f ml "
              "and %.3f mmHg over its cycle %d after\n%s",
              what, k, cycle.sv_ml, cycle.map_mmhg, sv_ml, map_mmhg, c + 1, drawn);
    if (fabs(sv_most_ml - sv_least_ml - reported_spread_ml) > fmax(0.05, 0.1 * reported_spread_ml))
      g_error("%s: a cycle of %d beats whose stroke volumes spread over %.3f ml, then %.3f over "
              "its cycle %d after\n%s",
              what, k, reported_spread_ml, sv_most_ml - sv_least_ml, c + 1, drawn);
  }
  g_test_message("%s: a cycle of %d beats, %s, stroke volume %.2f-%.2f ml", what, k,
                 (timings & (timings - 1)) != 0 ? "paced and sensed" : "of one timing", sv_least_ml,
                 sv_most_ml);
}

/* Draws case @index with @draw, checks the promises every case keeps, and says what became of
 * it. Up to @max_beats to steady state (acceleration on, as the app and the CLI run it). */
static Outcome run_case(guint index, void (*draw)(Rng *, CsParams *), int max_beats,
                        gboolean patient)
{
  uint64_t seed = case_seed(index);
  Rng rng = {seed};
  CsParams p;
  CsTherapy t;
  CsError error = {{0}};
  CsSteadyStateOptions options;
  CsSteadyStateResult result;
  g_autofree char *what = NULL;
  g_autofree char *drawn = NULL;
  CsModel *m;
  CsStatus status;
  Outcome outcome;

  draw(&rng, &p);
  draw_therapy(&rng, &t);
  what = g_strdup_printf("case %u (CT_PROPERTY_SEED=%" G_GUINT64_FORMAT " CT_PROPERTY_CASES=1)",
                         index, (guint64)seed);
  drawn = describe(&p, &t);
  /* What is drawn is inside every range: the validators agree. */
  if (cs_params_validate(&p, &error) != CS_OK || cs_therapy_validate(&t, &error) != CS_OK)
    g_error("%s: refused by the validator: %s\n%s", what, error.message, drawn);

  m = cs_model_new(&p, &t, &error);
  if (m == NULL) {
    /* The refusals a valid patient and therapy can meet at set-up: a diuretic dose that would
     * take more blood than there is to take, and, with every parameter anywhere in its range
     * (not for a patient near a twin), blood that leaves the veins at half their unstressed
     * volume or less once the chambers hold their first volumes (cs_model_new): the draw keeps
     * the blood 300 ml above the vessels' unstressed volumes, not above the chambers' zero-pressure
     * volumes too (up to ~150 ml each). */
    gboolean diuretic = has_diuretic(&t) && strstr(error.message, "diuretic") != NULL;
    gboolean too_little_blood = !patient &&
                                strstr(error.message, "total_blood_volume_ml") != NULL &&
                                strstr(error.message, "too small for this circulation") != NULL;
    if (!diuretic && !too_little_blood)
      g_error("%s: no model: %s\n%s", what, error.message, drawn);
    return OUTCOME_NO_MODEL;
  }
  cs_steady_state_options_default(&options);
  options.max_beats = max_beats;
  status = cs_model_run_to_steady_state(m, &options, &result, &error);
  if (status == CS_OK || status == CS_ERROR_NOT_CONVERGED) {
    /* The last beat, and one more alone (the steady-state search puts its rounding back on the
     * veins: a beat must conserve the volume by itself). */
    double total =
        has_diuretic(&t) ? cs_model_indices(m)->total_volume_ml : p.total_blood_volume_ml;
    CsIndices steady = *cs_model_indices(m);

    if (has_diuretic(&t))
      g_assert_cmpfloat(total, <=, p.total_blood_volume_ml * (1.0 + CONSERVATION_RELATIVE));
    check_beat(m, total, what, drawn);
    if (status == CS_OK && result.converged && result.period_beats > 1)
      check_cycle_persists(m, result.period_beats, what, drawn);
    status = cs_model_run_beat(m, &error);
    if (status == CS_OK)
      check_beat(m, total, what, drawn);
    if (status == CS_OK && patient && result.converged && result.period_beats == 1) {
      const CsIndices *after = cs_model_indices(m);
      if (fabs(after->dpdt_max_mmhg_s - steady.dpdt_max_mmhg_s) >
              STEADY_BEAT_REPEATS * fabs(steady.dpdt_max_mmhg_s) + 1.0 ||
          fabs(after->dpdt_min_mmhg_s - steady.dpdt_min_mmhg_s) >
              STEADY_BEAT_REPEATS * fabs(steady.dpdt_min_mmhg_s) + 1.0)
        g_error("%s: the beat after its steady state reads dP/dt %.1f / %.1f mmHg/s, the steady "
                "beat %.1f / %.1f\n%s",
                what, after->dpdt_max_mmhg_s, after->dpdt_min_mmhg_s, steady.dpdt_max_mmhg_s,
                steady.dpdt_min_mmhg_s, drawn);
      /* And its volumes and pressures: a steady state the next beat leaves (an unstable fixed
       * point, which a single pass within the tolerances meets; docs/engine.md) is no state to
       * report. None of ~10,700 patients' steady states at two seeds moved by 0.5 % (forty-third
       * session). */
      if (fabs(after->sv_ml - steady.sv_ml) > STEADY_BEAT_REPEATS * steady.sv_ml + 0.2 ||
          fabs(after->map_mmhg - steady.map_mmhg) > STEADY_BEAT_REPEATS * steady.map_mmhg + 0.2)
        g_error("%s: the beat after its steady state has a stroke volume of %.2f ml and a MAP of "
                "%.2f mmHg, the steady beat %.2f and %.2f\n%s",
                what, after->sv_ml, after->map_mmhg, steady.sv_ml, steady.map_mmhg, drawn);
    }
  }
  if (status == CS_OK) {
    outcome = result.converged ? OUTCOME_STEADY : OUTCOME_NOT_STEADY;
  } else {
    /* Refused: with a message, and one of the engine's own reasons. */
    if ((strstr(error.message, "too slow for this rate") != NULL ||
         strstr(error.message, "Wenckebach") != NULL) &&
        status == CS_ERROR_INVALID_PARAMETER)
      outcome = OUTCOME_CONDUCTION;
    else if (strstr(error.message, "emptied") != NULL && status == CS_ERROR_NUMERIC)
      outcome = OUTCOME_EMPTIED;
    else if (strstr(error.message, "diverged") != NULL && status == CS_ERROR_NUMERIC)
      outcome = OUTCOME_DIVERGED;
    else
      g_error("%s: refused after %d beats (status %d) for no reason the engine names: \"%s\"\n%s",
              what, result.beats, status, error.message, drawn);
    g_test_message("%s: %s after %d beats: %s", what, outcome_names[outcome], result.beats,
                   error.message);
  }
  /* A rhythm that has no periodic steady state of one beat: a pacing mode whose lower rate the
   * sinus node, moved by the reflex and the drugs, crosses back and forth (paced beats among
   * sinus beats, as pacemaker competition is seen on the ECG), in the ventricle (VVI) or in the
   * atrium (AAI; DDD or CRT with the ventricle paced throughout). */
  if (outcome == OUTCOME_NOT_STEADY) {
    int ventricle = cs_model_ventricular_pacing(m), atrium = cs_model_atrial_pacing(m);
    int switched, switches = 0;

    /* Up to COMPETING_BEATS, a switch of timing and a switch back (competition goes back and
     * forth; one late switch could be a search that did not settle): a lower rate a bpm or two
     * from the sinus rate that the drugs and the reflex drive switches in cycles of up to ~100
     * beats (seed 20261128, case 2630: VVI at 128 /min under dobutamine 20, the sinus node at
     * 129-133), which the search accepts where it is still iterating plainly when the cycle
     * returns (it extrapolates again after 12 beats of one timing, twice as many at each return:
     * SHORT_CYCLE_BEATS, cs-model.c; a cycle of 77 beats held 41 paced beats in a row), and
     * its search can stop anywhere in one. */
    for (int beat = 0; beat < COMPETING_BEATS && status == CS_OK && switches < 2; beat++) {
      status = cs_model_run_beat(m, &error);
      if (cs_model_ventricular_pacing(m) != ventricle || cs_model_atrial_pacing(m) != atrium) {
        switches++;
        ventricle = cs_model_ventricular_pacing(m);
        atrium = cs_model_atrial_pacing(m);
      }
    }
    switched = switches >= 2;
    if (status == CS_OK && switched)
      outcome = OUTCOME_COMPETING;
  }
  /* A patient converges, and a failing integration is no answer for one. */
  if (patient && (outcome == OUTCOME_NOT_STEADY || outcome == OUTCOME_DIVERGED))
    g_error("%s: %s after %d beats (%s)\n%s", what, outcome_names[outcome], result.beats,
            error.message[0] != '\0' ? error.message : "no error", drawn);
  cs_model_free(m);
  return outcome;
}

static void count_outcomes(const guint counts[N_OUTCOMES], guint n)
{
  g_autoptr(GString) text = g_string_new(NULL);

  for (int o = 0; o < N_OUTCOMES; o++)
    g_string_append_printf(text, "%s%u %s", o > 0 ? ", " : "", counts[o], outcome_names[o]);
  g_test_message("%u cases: %s", n, text->str);
}

/* Anywhere inside the ranges: no crash (the sanitizer build runs this), no NaN handed out, the
 * volume conserved by every beat that succeeds, every refusal with the engine's reason. Most of
 * these patients are no circulation at all (a weak LV against a tripled SVR, a stiff pericardium
 * round a dilated heart): "emptied" and "diverged" are honest answers there. */
static void test_inside_anywhere(void)
{
  guint counts[N_OUTCOMES] = {0};

  for (guint c = 0; c < n_cases; c++)
    counts[run_case(c, draw_anywhere, 100, FALSE)]++;
  count_outcomes(counts, n_cases);
}

/* The integration step of the last beat, in ms: its length over its samples (one a step). */
static double last_step_ms(CsModel *m)
{
  size_t n = cs_model_waveform(m, NULL, 0);

  return n > 0 ? 60000.0 / cs_model_indices(m)->hr_bpm / (double)n : 0.0;
}

/* A beat that leaves the physiological domain at the default step is integrated again with the step
 * halved (cs_model_run_beat); the finer step that worked is kept for the beats after, so that the
 * beat map stays one smooth map: once halved, a model's step never grows back under the same
 * therapy. Somewhere in the cases drawn anywhere a step must be halved at all (or this test would
 * prove nothing): the default seed's cases halve in several. */
static void test_finer_step_kept(void)
{
  guint halved_cases = 0;

  for (guint c = 0; c < n_cases; c++) {
    Rng rng = {case_seed(c)};
    CsParams p;
    CsTherapy t;
    CsError error = {{0}};
    CsModel *m;
    double finest_ms = INFINITY;
    gboolean halved = FALSE;

    draw_anywhere(&rng, &p);
    draw_therapy(&rng, &t);
    m = cs_model_new(&p, &t, &error);
    if (m == NULL)
      continue;
    for (int beat = 0; beat < 40; beat++) {
      double step_ms;

      if (cs_model_run_beat(m, &error) != CS_OK)
        break;
      step_ms = last_step_ms(m);
      /* Rounding: the beat's length is a whole number of steps no longer than the step asked. */
      if (step_ms < CS_DEFAULT_MAX_TIME_STEP_MS * 0.75)
        halved = TRUE;
      if (halved)
        g_assert_cmpfloat(step_ms, <=, finest_ms * 1.5);
      finest_ms = fmin(finest_ms, step_ms);
    }
    halved_cases += halved;
    cs_model_free(m);
  }
  g_test_message("%u of %u cases needed a finer step", halved_cases, n_cases);
  g_assert_cmpuint(halved_cases, >, 0);
}

/* Patients near the demo twins, under any therapy inside the ranges: each one is simulated, to
 * steady state within the default beat budget, or to the beat-to-beat alternation of a pacemaker
 * competing with the sinus node. The only refusals allowed are physiology the engine names:
 * conduction slower than the cycle a device or drug asks for, and a circulation pumped empty (a
 * diuretic on a small stressed volume, venodilators together near their largest doses; the engine
 * has no model of collapse beyond that point). Never a diverged integration. */
static void test_inside_patients(void)
{
  guint counts[N_OUTCOMES] = {0};
  CsSteadyStateOptions defaults;

  cs_steady_state_options_default(&defaults);
  for (guint c = 0; c < n_cases; c++) {
    /* The same seeds as the anywhere property's cases: a different draw of them. */
    counts[run_case(c, draw_patient, defaults.max_beats, TRUE)]++;
  }
  count_outcomes(counts, n_cases);
  /* The refusals stay the exception, each kind bounded apart. A conduction slower than the
   * device's rate is the therapy draw's doing (paced rates up to 180 bpm whatever the patient's
   * PR): 6.4, 7.5 and 8.3 % of 1500 cases at seeds 11, 22 and the default (sixteenth session).
   * The default seed's first 120 held 9 until the cardiopulmonary reflex's two parameters joined
   * the table, which redrew every case, and 19 since (the same with the arm off: the draw, not
   * the reflex), so they are bounded at a fifth. Of the patients whose conduction follows the
   * therapy, nine in ten at least are simulated (emptied circulations are the other refusal). */
  g_assert_cmpuint(counts[OUTCOME_CONDUCTION] * 5, <=, n_cases);
  g_assert_cmpuint(counts[OUTCOME_STEADY] * 10, >=, (n_cases - counts[OUTCOME_CONDUCTION]) * 9);
}

/* ------------------------------------------------------------------ outside the ranges */

/* The values of a range's outside that matter: the doubles just beyond each bound (what a
 * comparison written the wrong way round lets through), a little beyond as a value typed in would
 * be, and the values no range holds. */
#define N_OUTSIDE 7

static void outside_values(double min, double max, double out[N_OUTSIDE])
{
  out[0] = nextafter(min, -INFINITY);
  out[1] = min - fmax(fabs(min), 1.0) * 1e-6;
  out[2] = nextafter(max, INFINITY);
  out[3] = max + fmax(fabs(max), 1.0) * 1e-6;
  out[4] = NAN;
  out[5] = INFINITY;
  out[6] = -INFINITY;
}

/* @p with @t refused by the validators and by cs_model_new, with a message that holds @name. */
static void assert_refused(const CsParams *p, const CsTherapy *t, const char *name,
                           const char *what)
{
  CsError error = {{0}};
  CsStatus status = cs_params_validate(p, &error);
  CsModel *m;

  if (status == CS_OK)
    status = cs_therapy_validate(t, &error);
  if (status != CS_ERROR_INVALID_PARAMETER || strstr(error.message, name) == NULL)
    g_error("%s: validated with status %d, message \"%s\" (should name %s)", what, status,
            error.message, name);
  memset(&error, 0, sizeof error);
  m = cs_model_new(p, t, &error);
  if (m != NULL || strstr(error.message, name) == NULL)
    g_error("%s: cs_model_new made %s, message \"%s\" (should name %s)", what,
            m != NULL ? "a model" : "no model", error.message, name);
}

/* A patient and a therapy that are valid, to push one value at a time out of. */
static void outside_base(guint index, CsParams *p, CsTherapy *t)
{
  Rng rng = {case_seed(index)};
  CsError error = {{0}};

  draw_patient(&rng, p);
  draw_therapy(&rng, t);
  /* An LVAD on, so that its speed is checked; its range's own values inside. */
  t->lvad_enabled = 1;
  g_assert_cmpint(cs_params_validate(p, &error), ==, CS_OK);
  g_assert_cmpint(cs_therapy_validate(t, &error), ==, CS_OK);
}

/* Every scalar parameter of the table, just outside each bound, NaN and the infinities; and each
 * bound itself accepted (the ranges are closed). */
static void test_outside_params(void)
{
  CsParams base;
  CsTherapy t;

  outside_base(0, &base, &t);
  for (size_t i = 0; i < cs_param_count(); i++) {
    const CsParamInfo *info = cs_param_info(i);
    double bad[N_OUTSIDE];

    outside_values(info->min, info->max, bad);
    for (int k = 0; k < N_OUTSIDE; k++) {
      CsParams p = base;
      g_autofree char *what = g_strdup_printf("%s = %.17g", info->name, bad[k]);

      *cs_param_field(&p, info) = bad[k];
      assert_refused(&p, &t, info->name, what);
    }
    for (int k = 0; k < 2; k++) {
      CsParams p = base;
      CsError error = {{0}};

      *cs_param_field(&p, info) = k == 0 ? info->min : info->max;
      /* The one rule across parameters still holds: the unstressed volumes at their minima when
       * the total is, the total raised for an unstressed volume at its maximum. */
      if (strcmp(info->name, "total_blood_volume_ml") == 0) {
        p.systemic_arterial_unstressed_volume_ml = 0.0;
        p.systemic_venous_unstressed_volume_ml =
            cs_param_lookup("systemic_venous_unstressed_volume_ml")->min;
        p.pulmonary_arterial_unstressed_volume_ml = 0.0;
        p.pulmonary_venous_unstressed_volume_ml = 0.0;
      } else {
        p.total_blood_volume_ml =
            fmax(p.total_blood_volume_ml, unstressed_volume_ml(&p) + MIN_STRESSED_VOLUME_ML);
      }
      if (cs_params_validate(&p, &error) != CS_OK)
        g_error("%s = %g, a bound of its range, refused: %s", info->name, *cs_param_field(&p, info),
                error.message);
    }
  }

  /* Scar per AHA segment, 0-1. */
  for (int s = 0; s < CS_AHA_SEGMENTS; s++) {
    double bad[N_OUTSIDE];
    g_autofree char *name = g_strdup_printf("segment %d", s + 1);

    outside_values(0.0, 1.0, bad);
    for (int k = 0; k < N_OUTSIDE; k++) {
      CsParams p = base;
      g_autofree char *what = g_strdup_printf("scar of segment %d = %g", s + 1, bad[k]);

      p.scar_transmurality[s] = bad[k];
      assert_refused(&p, &t, name, what);
    }
  }
  /* Conduction, an enumeration. */
  for (int c = -1; c <= CS_CONDUCTION_RBBB + 1; c += CS_CONDUCTION_RBBB + 2) {
    CsParams p = base;

    p.conduction = (CsConduction)c;
    assert_refused(&p, &t, "conduction", "conduction out of its enumeration");
  }
}

/* The device settings, and the drugs' doses, each just outside its range. */
static void test_outside_therapy(void)
{
  static const struct {
    const char *name; /* as the message names it */
    size_t offset;
    double min, max;
  } device[] = {
      {"rate_bpm", offsetof(CsTherapy, pacing.rate_bpm), 30.0, 180.0},
      {"av_delay_ms", offsetof(CsTherapy, pacing.av_delay_ms), 30.0, 350.0},
      {"vv_delay_ms", offsetof(CsTherapy, pacing.vv_delay_ms), -80.0, 80.0},
      {"speed_rpm", offsetof(CsTherapy, lvad_speed_rpm), 3000.0, 9000.0},
  };
  g_auto(GStrv) names = ct_drug_library_list_names(library);
  CsParams p;
  CsTherapy base;

  outside_base(1, &p, &base);
  for (size_t d = 0; d < G_N_ELEMENTS(device); d++) {
    double bad[N_OUTSIDE];

    outside_values(device[d].min, device[d].max, bad);
    for (int k = 0; k < N_OUTSIDE; k++) {
      CsTherapy t = base;
      g_autofree char *what = g_strdup_printf("%s = %.17g", device[d].name, bad[k]);

      *(double *)(void *)((char *)&t + device[d].offset) = bad[k];
      assert_refused(&p, &t, device[d].name, what);
    }
  }
  /* The enumerations and counts. */
  {
    static const struct {
      const char *name;
      int bad[2];
    } ints[] = {
        {"lv_lead_segment", {0, CS_AHA_SEGMENTS + 1}},
        {"pacing mode", {-1, CS_PACING_CRT + 1}},
        {"rv_lead_site", {-1, CS_RV_LEAD_SEPTUM + 1}},
        {"at most", {-1, CS_MAX_DRUGS + 1}},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(ints); i++)
      for (int k = 0; k < 2; k++) {
        CsTherapy t = base;
        g_autofree char *what = g_strdup_printf("%s = %d", ints[i].name, ints[i].bad[k]);

        if (i == 0)
          t.pacing.lv_lead_segment = ints[i].bad[k];
        else if (i == 1)
          t.pacing.mode = (CsPacingMode)ints[i].bad[k];
        else if (i == 2)
          t.pacing.rv_lead_site = (CsRvLeadSite)ints[i].bad[k];
        else
          t.n_drugs = ints[i].bad[k];
        assert_refused(&p, &t, ints[i].name, what);
      }
  }
  /* Every drug of the library alone, at a dose just outside its range (named by the drug), and
   * twice in one therapy. */
  for (guint n = 0; names[n] != NULL; n++) {
    const CsDrugDef *drug = ct_drug_library_lookup(library, names[n]);
    double bad[N_OUTSIDE];

    outside_values(drug->dose_min, drug->dose_max, bad);
    for (int k = 0; k < N_OUTSIDE; k++) {
      CsTherapy t = base;
      g_autofree char *what = g_strdup_printf("%s dose = %.17g", drug->name, bad[k]);

      t.n_drugs = 1;
      t.drugs[0] = *drug;
      t.doses[0] = bad[k];
      assert_refused(&p, &t, drug->name, what);
    }
    {
      CsTherapy t = base;

      t.n_drugs = 2;
      t.drugs[0] = t.drugs[1] = *drug;
      t.doses[0] = t.doses[1] = drug->dose_min;
      assert_refused(&p, &t, "given twice", drug->name);
    }
  }
}

/* A drug definition's numbers (data/drugs.json is data: the engine checks what it is given),
 * each just outside its range, refused with the drug's name and the field's. */
static void test_outside_drug_definitions(void)
{
  static const struct {
    const char *field; /* as the message names it */
    size_t offset;
    double min, max;
    CsRoute route; /* the route the field is checked for */
  } fields[] = {
      {"clearance_ml_min_kg", offsetof(CsDrugDef, clearance_ml_min_kg), 0.01, 1000.0,
       CS_ROUTE_INFUSION},
      {"bioavailability", offsetof(CsDrugDef, bioavailability), 0.01, 1.0, CS_ROUTE_ORAL},
      {"volume_of_distribution_l_kg", offsetof(CsDrugDef, volume_of_distribution_l_kg), 0.01, 50.0,
       CS_ROUTE_BOLUS},
      {"effect_time_min", offsetof(CsDrugDef, effect_time_min), 1.0, 2880.0, CS_ROUTE_BOLUS},
      {"intravascular_fraction", offsetof(CsDrugDef, intravascular_fraction), 0.0, 1.0,
       CS_ROUTE_BOLUS},
      {"ec50_ng_ml", offsetof(CsDrugDef, effects[0].ec50_ng_ml), 1e-6, 1e7, CS_ROUTE_INFUSION},
      {"hill", offsetof(CsDrugDef, effects[0].hill), 0.1, 10.0, CS_ROUTE_INFUSION},
      {"emax", offsetof(CsDrugDef, effects[0].emax), -0.95, 5.0, CS_ROUTE_INFUSION},
  };
  g_auto(GStrv) names = ct_drug_library_list_names(library);
  CsParams p;
  CsTherapy base;
  CsError error = {{0}};
  CsModel *m;

  outside_base(2, &p, &base);
  base.n_drugs = 0;
  m = cs_model_new(&p, &base, &error);
  g_assert_nonnull(m);
  for (size_t f = 0; f < G_N_ELEMENTS(fields); f++)
    for (guint n = 0; names[n] != NULL; n++) {
      const CsDrugDef *drug = ct_drug_library_lookup(library, names[n]);
      double bad[N_OUTSIDE];

      /* Each field on a drug of the route it belongs to; emax on one that acts on the
       * haemodynamics (a diuretic's emax is ml/min, its range 0-100). */
      if (drug->route != fields[f].route ||
          (f == G_N_ELEMENTS(fields) - 1 && drug->effects[0].target == CS_EFFECT_BLOOD_VOLUME))
        continue;
      outside_values(fields[f].min, fields[f].max, bad);
      for (int k = 0; k < N_OUTSIDE; k++) {
        CsTherapy t = base;
        unsigned long long before = cs_model_state_hash(m);
        g_autofree char *what =
            g_strdup_printf("%s %s = %.17g", drug->name, fields[f].field, bad[k]);

        t.n_drugs = 1;
        t.drugs[0] = *drug;
        t.doses[0] = drug->dose_min;
        *(double *)(void *)((char *)&t.drugs[0] + fields[f].offset) = bad[k];
        memset(&error, 0, sizeof error);
        if (cs_drug_def_validate(&t.drugs[0], &error) != CS_ERROR_INVALID_PARAMETER ||
            strstr(error.message, drug->name) == NULL ||
            strstr(error.message, fields[f].field) == NULL)
          g_error("%s: \"%s\"", what, error.message);
        assert_refused(&p, &t, fields[f].field, what);
        /* A live model refuses it too and stays as it was. */
        g_assert_cmpint(cs_model_set_therapy(m, &t, &error), ==, CS_ERROR_INVALID_PARAMETER);
        g_assert_cmpuint(cs_model_state_hash(m), ==, before);
      }
    }
  cs_model_free(m);
}

/* The run's own settings: the integration step and the steady-state options. */
static void test_outside_run_settings(void)
{
  CsParams p;
  CsTherapy t;
  CsError error = {{0}};
  CsModel *m;
  double bad[N_OUTSIDE];

  outside_base(3, &p, &t);
  m = cs_model_new(&p, &t, &error);
  g_assert_nonnull(m);
  outside_values(0.01, 5.0, bad);
  for (int k = 0; k < N_OUTSIDE; k++) {
    g_assert_cmpint(cs_model_set_max_time_step_ms(m, bad[k], &error), ==,
                    CS_ERROR_INVALID_PARAMETER);
    g_assert_nonnull(strstr(error.message, "time step"));
  }
  for (int k = 0; k < 5; k++) {
    CsSteadyStateOptions options;
    CsSteadyStateResult result;
    const double tolerance[] = {0.0, -1.0, NAN, INFINITY, -INFINITY};

    cs_steady_state_options_default(&options);
    if (k == 0)
      options.max_beats = 0;
    options.volume_tolerance_ml = tolerance[k];
    g_assert_cmpint(cs_model_run_to_steady_state(m, &options, &result, &error), ==,
                    CS_ERROR_INVALID_PARAMETER);
    g_assert_nonnull(strstr(error.message, "steady-state options"));
    cs_steady_state_options_default(&options);
    options.effector_tolerance = tolerance[k];
    g_assert_cmpint(cs_model_run_to_steady_state(m, &options, &result, &error), ==,
                    CS_ERROR_INVALID_PARAMETER);
  }
  cs_model_free(m);
}

/* ------------------------------------------------------------------ regressions */

/* A case in describe()'s words (name=value ...), as a failing case prints it, on the defaults. */
static void parse_case(const char *text, CsParams *p, CsTherapy *t)
{
  g_auto(GStrv) words = g_strsplit(text, " ", -1);

  cs_params_default(p);
  cs_therapy_default(t);
  for (guint i = 0; words[i] != NULL; i++) {
    g_auto(GStrv) kv = g_strsplit(words[i], "=", 2);
    const CsParamInfo *info;
    const CsDrugDef *drug;
    const char *key = kv[0], *value = kv[1];

    if (*key == '\0')
      continue;
    g_assert_nonnull(value);
    if ((info = cs_param_lookup(key)) != NULL) {
      *cs_param_field(p, info) = g_ascii_strtod(value, NULL);
    } else if (strcmp(key, "conduction") == 0) {
      p->conduction = (CsConduction)atoi(value);
    } else if (strcmp(key, "scar") == 0) {
      g_auto(GStrv) segments = g_strsplit(value, ",", CS_AHA_SEGMENTS);
      for (int s = 0; s < CS_AHA_SEGMENTS && segments[s] != NULL; s++)
        p->scar_transmurality[s] = g_ascii_strtod(segments[s], NULL);
    } else if (strcmp(key, "pacing") == 0) {
      for (int mode = CS_PACING_NONE; mode <= CS_PACING_CRT; mode++)
        if (strcmp(value, cs_pacing_mode_name((CsPacingMode)mode)) == 0)
          t->pacing.mode = (CsPacingMode)mode;
    } else if (strcmp(key, "rate") == 0) {
      t->pacing.rate_bpm = g_ascii_strtod(value, NULL);
    } else if (strcmp(key, "av") == 0) {
      t->pacing.av_delay_ms = g_ascii_strtod(value, NULL);
    } else if (strcmp(key, "vv") == 0) {
      t->pacing.vv_delay_ms = g_ascii_strtod(value, NULL);
    } else if (strcmp(key, "lv_only") == 0) {
      t->pacing.lv_only = atoi(value);
    } else if (strcmp(key, "lead") == 0) {
      t->pacing.lv_lead_segment = atoi(value);
    } else if (strcmp(key, "rv_site") == 0) {
      t->pacing.rv_lead_site = (CsRvLeadSite)atoi(value);
    } else if (strcmp(key, "lvad") == 0) {
      t->lvad_enabled = atoi(value);
    } else if (strcmp(key, "speed") == 0) {
      t->lvad_speed_rpm = g_ascii_strtod(value, NULL);
    } else if (strcmp(key, "baroreflex") == 0) {
      t->baroreflex_enabled = atoi(value);
    } else if ((drug = ct_drug_library_lookup(library, key)) != NULL) {
      t->drugs[t->n_drugs] = *drug;
      t->doses[t->n_drugs++] = g_ascii_strtod(value, NULL);
    } else {
      g_error("unknown word in a case: %s", words[i]);
    }
  }
}

static CsStatus steady_state(const CsParams *p, const CsTherapy *t, CsIndices *indices,
                             CsError *error)
{
  CsModel *m = cs_model_new(p, t, error);
  CsSteadyStateResult result;
  CsStatus status;

  if (m == NULL)
    return CS_ERROR_INVALID_PARAMETER;
  status = cs_model_run_to_steady_state(m, NULL, &result, error);
  if (status == CS_OK) {
    *indices = *cs_model_indices(m);
    g_assert_true(result.converged);
  }
  cs_model_free(m);
  return status;
}

/* Walls stiff inside their ranges: a left atrium of 0.2 /ml started 50 ml above its zero volume,
 * at 11,000 mmHg, and a heart of 95 mm LVEDD started its RV at 1e20 mmHg; the first step
 * overflowed to NaN, and a NaN contractile-element length then indexed the length table with
 * (int)NaN, a read far outside it. Now the first guess is capped (initial_state) and a failing
 * beat is retried with finer steps (cs_model_run_beat). */
static void test_regression_stiff_walls(void)
{
  static const char *const cases[] = {
      "left_atrium_edpvr_stiffness_per_ml=0.2",  "right_atrium_edpvr_stiffness_per_ml=0.2",
      "lv_free_wall_edpvr_stiffness_per_ml=0.2", "rv_free_wall_edpvr_stiffness_per_ml=0.2",
      "septum_edpvr_stiffness_per_ml=1",         "lv_end_diastolic_diameter_mm=95",
  };

  for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
    CsParams p;
    CsTherapy t;
    CsIndices ix;
    CsError error = {{0}};

    parse_case(cases[c], &p, &t);
    if (steady_state(&p, &t, &ix, &error) != CS_OK)
      g_error("%s: %s", cases[c], error.message);
    g_assert_cmpfloat(fabs(ix.total_volume_ml - p.total_blood_volume_ml), <=,
                      CONSERVATION_RELATIVE * p.total_blood_volume_ml);
  }
}

/* The smallest stressed volume the validator allows (300 ml) in compliant vessels: the first
 * guess (arteries at 90 mmHg, pulmonary veins at 12) needed more blood than there was, and
 * cs_model_new refused a valid patient ("too small for this circulation"). Now the guess shrinks
 * to the blood there is, and the circulation settles at low pressures. */
static void test_regression_small_stressed_volume(void)
{
  CsParams p;
  CsTherapy t;
  CsIndices ix;
  CsError error = {{0}};

  parse_case("systemic_arterial_compliance_ml_mmhg=6 pulmonary_arterial_compliance_ml_mmhg=20 "
             "pulmonary_venous_compliance_ml_mmhg=100 total_blood_volume_ml=3920",
             &p, &t);
  g_assert_cmpfloat(p.total_blood_volume_ml - unstressed_volume_ml(&p), ==, MIN_STRESSED_VOLUME_ML);
  if (steady_state(&p, &t, &ix, &error) != CS_OK)
    g_error("%s", error.message);
  /* Low pressures: the reflexes' venoconstriction makes up part of the missing volume, not all
   * (MAP below 65 mmHg, the clinic's hypotension, until the sixteenth session's cardiopulmonary
   * reflex; ~72 mmHg since, 20 below the set point). */
  g_assert_cmpfloat(ix.map_mmhg, <, p.baroreflex_set_point_mmhg - 15.0);
  g_assert_cmpfloat(ix.cvp_mmhg, <, p.cardiopulmonary_set_point_mmhg);
}

/* Both baroreflex gain scales at 3 (each inside its range) against a set point far above the
 * pressure: the heart period's target fell through zero and the next beat was scheduled on a
 * negative cycle ("a cycle of -380 ms"). Now the reflex keeps the sinus node within 30-180 bpm. */
static void test_regression_baroreflex_gains(void)
{
  CsParams p;
  CsTherapy t;
  CsIndices ix;
  CsError error = {{0}};

  parse_case("baroreflex_gain_scale=3 baroreflex_heart_rate_gain_scale=3 "
             "baroreflex_set_point_mmhg=150",
             &p, &t);
  if (steady_state(&p, &t, &ix, &error) != CS_OK)
    g_error("%s", error.message);
  g_assert_cmpfloat(ix.hr_bpm, <=, 180.0 + 1e-9);
  g_assert_cmpfloat(ix.hr_bpm, >, 100.0);
}

/* Anywhere-inside cases found by this program (with the seed and the engine of their day), kept
 * with every digit: one whose Anderson extrapolation (a valid-looking state) fails on the next
 * beat where plain iteration converges, now continued plainly from the last beat simulated; and
 * one no step can integrate (a 100 ml pericardium of 0.2 /ml round an LV whose zero volume is 150
 * ml), refused as diverged without reading outside any table. The first is case 195 of
 * CT_PROPERTY_SEED=8220057380097514611 (2026-11-26, once normal activation ran from apex to base):
 * its extrapolation after the second beat fails, and plain iteration reaches the steady state in
 * 82 beats (seen with a print in the engine). The case it replaces (a 30 kg body with 11.5 l of
 * blood and a 585 ml stroke, in right bundle branch block) took the same path until then; with the
 * basal third activated through working myocardium its right ventricle empties by the third beat
 * under plain iteration too, a refusal by name. The test asks that it ends without a numeric
 * failure, with the blood conserved, the indices finite and the beats within 0.2 ml of each
 * other. It was found before the cardiopulmonary reflex (sixteenth session): this patient's CVP
 * (~190 mmHg; it now ends the default beat budget unconverged, as the test allows) holds that arm
 * at its saturation, and with it the beats differ by 0.8 ml; the case keeps the arm off, as it
 * was found. */
static const char *const anderson_case =
    "body_weight_kg=96.637805941230809 lv_free_wall_end_systolic_elastance_mmhg_ml=10 "
    "lv_free_wall_dead_volume_ml=44.52786448806485 "
    "lv_free_wall_edpvr_scale_mmhg=5.8087246485072921 "
    "lv_free_wall_edpvr_stiffness_per_ml=0.0034584065341865624 "
    "lv_free_wall_edpvr_zero_volume_ml=113.36864371476725 "
    "septum_end_systolic_elastance_mmhg_ml=32.621742630695159 "
    "septum_dead_volume_ml=142.59277375763034 septum_edpvr_scale_mmhg=0.10184894371643291 "
    "septum_edpvr_stiffness_per_ml=1 septum_edpvr_zero_volume_ml=69.436447885314351 "
    "rv_free_wall_end_systolic_elastance_mmhg_ml=0.50745663476169744 "
    "rv_free_wall_dead_volume_ml=117.39579674464679 "
    "rv_free_wall_edpvr_scale_mmhg=0.0054678234527853042 "
    "rv_free_wall_edpvr_stiffness_per_ml=0.01632718709003202 "
    "rv_free_wall_edpvr_zero_volume_ml=101.20930420290976 "
    "left_atrium_end_systolic_elastance_mmhg_ml=0.34163444366634721 "
    "left_atrium_dead_volume_ml=46.514357639688384 "
    "left_atrium_edpvr_scale_mmhg=13.7007922512477 left_atrium_edpvr_stiffness_per_ml=0.001 "
    "left_atrium_edpvr_zero_volume_ml=29.983186105368866 "
    "right_atrium_end_systolic_elastance_mmhg_ml=1.4018826722443292 "
    "right_atrium_dead_volume_ml=-33.767827596609969 "
    "right_atrium_edpvr_scale_mmhg=1.5613525413252927 "
    "right_atrium_edpvr_stiffness_per_ml=0.0012230640645761548 "
    "right_atrium_edpvr_zero_volume_ml=150 pericardium_scale_mmhg=7.7955466623399463 "
    "pericardium_stiffness_per_ml=0.20000000000000001 "
    "pericardium_zero_volume_ml=729.67555541142747 "
    "intrathoracic_pressure_mmhg=7.05316434627116 "
    "mitral_resistance_mmhg_s_ml=0.0023660993728709927 "
    "mitral_effective_orifice_area_cm2=1.580473615910557 "
    "mitral_regurgitant_orifice_area_cm2=0.12109763063814116 "
    "aortic_resistance_mmhg_s_ml=0.011843744210811592 "
    "aortic_effective_orifice_area_cm2=0.35880329144750644 "
    "aortic_regurgitant_orifice_area_cm2=0.088879027327971372 "
    "tricuspid_resistance_mmhg_s_ml=0.066142290086658465 "
    "tricuspid_effective_orifice_area_cm2=3.812026588319446 "
    "tricuspid_regurgitant_orifice_area_cm2=0.20530839335735429 "
    "pulmonary_valve_resistance_mmhg_s_ml=0.0033088255556619956 "
    "pulmonary_valve_effective_orifice_area_cm2=0.40818591342055105 "
    "pulmonary_valve_regurgitant_orifice_area_cm2=0.58165169845155573 "
    "systemic_characteristic_impedance_mmhg_s_ml=0.064309678983326679 "
    "systemic_arterial_compliance_ml_mmhg=1.1971191524710374 "
    "systemic_arterial_unstressed_volume_ml=728.31928563292081 "
    "systemic_vascular_resistance_mmhg_s_ml=0.33750648354164348 "
    "systemic_venous_compliance_ml_mmhg=67.647785242201039 "
    "systemic_venous_unstressed_volume_ml=1501.2044144354122 "
    "systemic_venous_return_resistance_mmhg_s_ml=0.080692053123871899 "
    "pulmonary_characteristic_impedance_mmhg_s_ml=0.0092358465833784383 "
    "pulmonary_arterial_compliance_ml_mmhg=0.39666540422270447 "
    "pulmonary_arterial_unstressed_volume_ml=153.47479076126476 "
    "pulmonary_vascular_resistance_mmhg_s_ml=0.17038340674720492 "
    "pulmonary_venous_compliance_ml_mmhg=3.9197395237102035 "
    "pulmonary_venous_unstressed_volume_ml=269.91183345564912 "
    "pulmonary_venous_return_resistance_mmhg_s_ml=0.014695814763139472 "
    "total_blood_volume_ml=8770.1648127002682 sinus_rate_bpm=35.641351662487899 "
    "pr_interval_ms=372.50097195936627 interatrial_conduction_ms=95.236493540236751 "
    "atrial_electromechanical_delay_ms=10.215178883659579 lv_long_axis_mm=72.522858977786939 "
    "lv_end_diastolic_diameter_mm=55.552601896859201 "
    "myocardial_conduction_velocity_m_s=0.79821170282793141 "
    "purkinje_conduction_velocity_m_s=1.8914204102350602 sarcomere_max_velocity_um_s=30 "
    "scar_stiffness_ratio=5.7984096784733605 force_frequency_per_bpm=-0.0050000000000000001 "
    "baroreflex_set_point_mmhg=74.248087729857602 baroreflex_gain_scale=1.1526726841886867 "
    "baroreflex_heart_rate_gain_scale=3 conduction=2 scar=0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0 "
    "pacing=none rate=91.504765761540597 av=40.813247843214235 vv=72.10942068998196 lead=17 "
    "rv_site=0 lv_only=1 lvad=0 speed=8713.4166945610086 baroreflex=1 "
    "cardiopulmonary_reflex_gain_scale=0";

static const char *const diverging_case =
    "body_weight_kg=159.98806897218685 "
    "lv_free_wall_end_systolic_elastance_mmhg_ml=0.29809192715727789 "
    "lv_free_wall_dead_volume_ml=50.463975704190673 "
    "lv_free_wall_edpvr_scale_mmhg=0.013546390990756572 "
    "lv_free_wall_edpvr_stiffness_per_ml=0.096635905678259235 "
    "lv_free_wall_edpvr_zero_volume_ml=150 "
    "septum_end_systolic_elastance_mmhg_ml=11.45279874967682 "
    "septum_dead_volume_ml=74.570526667383191 septum_edpvr_scale_mmhg=18.453540574550246 "
    "septum_edpvr_stiffness_per_ml=1 septum_edpvr_zero_volume_ml=11.676081674271032 "
    "rv_free_wall_end_systolic_elastance_mmhg_ml=2.5015460036074963 "
    "rv_free_wall_dead_volume_ml=-25.136126110539013 "
    "rv_free_wall_edpvr_scale_mmhg=0.0034112573013617628 "
    "rv_free_wall_edpvr_stiffness_per_ml=0.015522524837419208 "
    "rv_free_wall_edpvr_zero_volume_ml=0 left_atrium_end_systolic_elastance_mmhg_ml=0.02 "
    "left_atrium_dead_volume_ml=129.85181827909605 "
    "left_atrium_edpvr_scale_mmhg=0.092528397356395439 "
    "left_atrium_edpvr_stiffness_per_ml=0.001 "
    "left_atrium_edpvr_zero_volume_ml=88.340870927081895 "
    "right_atrium_end_systolic_elastance_mmhg_ml=0.22446083911511636 "
    "right_atrium_dead_volume_ml=94.864549074722817 "
    "right_atrium_edpvr_scale_mmhg=2.811211652945953 right_atrium_edpvr_stiffness_per_ml=0.001 "
    "right_atrium_edpvr_zero_volume_ml=45.096519634798995 "
    "pericardium_scale_mmhg=9.3546536014684083 "
    "pericardium_stiffness_per_ml=0.20000000000000001 "
    "pericardium_zero_volume_ml=100.24430465333919 "
    "intrathoracic_pressure_mmhg=4.7972473095795856 "
    "mitral_resistance_mmhg_s_ml=0.0007833416235254471 "
    "mitral_effective_orifice_area_cm2=2.642476998492755 "
    "mitral_regurgitant_orifice_area_cm2=0.26518792010371517 "
    "aortic_resistance_mmhg_s_ml=0.047620057420094383 "
    "aortic_effective_orifice_area_cm2=1.771465723030903 "
    "aortic_regurgitant_orifice_area_cm2=0.30409414438587123 "
    "tricuspid_resistance_mmhg_s_ml=0.00086383576327669421 "
    "tricuspid_effective_orifice_area_cm2=2.5042971521630033 "
    "tricuspid_regurgitant_orifice_area_cm2=0.53215259842917506 "
    "pulmonary_valve_resistance_mmhg_s_ml=0.00058510969921712604 "
    "pulmonary_valve_effective_orifice_area_cm2=0.30638018339405321 "
    "pulmonary_valve_regurgitant_orifice_area_cm2=0.1349960356530745 "
    "systemic_characteristic_impedance_mmhg_s_ml=0.30540117187749105 "
    "systemic_arterial_compliance_ml_mmhg=0.43942097965120458 "
    "systemic_arterial_unstressed_volume_ml=993.76437451206857 "
    "systemic_vascular_resistance_mmhg_s_ml=4.2216393896483257 "
    "systemic_venous_compliance_ml_mmhg=135.44206506095756 "
    "systemic_venous_unstressed_volume_ml=6000 "
    "systemic_venous_return_resistance_mmhg_s_ml=0.073740679065182252 "
    "pulmonary_characteristic_impedance_mmhg_s_ml=0.22938205766502773 "
    "pulmonary_arterial_compliance_ml_mmhg=3.3182526484113417 "
    "pulmonary_arterial_unstressed_volume_ml=91.150767353444792 "
    "pulmonary_vascular_resistance_mmhg_s_ml=1.4243961966377925 "
    "pulmonary_venous_compliance_ml_mmhg=100 "
    "pulmonary_venous_unstressed_volume_ml=314.42796366853327 "
    "pulmonary_venous_return_resistance_mmhg_s_ml=0.076160617403836922 "
    "total_blood_volume_ml=8421.5865807626888 sinus_rate_bpm=50.386569165558093 "
    "pr_interval_ms=266.32966130236946 lv_long_axis_mm=69.003541953948059 "
    "lv_end_diastolic_diameter_mm=58.000775905333924 "
    "myocardial_conduction_velocity_m_s=0.2304029275475292 "
    "purkinje_conduction_velocity_m_s=1.097602198251749 "
    "sarcomere_max_velocity_um_s=7.6589064138068572 scar_stiffness_ratio=46.998802590731131 "
    "baroreflex_set_point_mmhg=85.660669014206746 baroreflex_gain_scale=0 "
    "baroreflex_heart_rate_gain_scale=0.071962577585927501 conduction=2 "
    "scar=0,0,0.58451787734950833,0,0,0,0,0,0.45916692342862742,0,0,0.58382841306062394,0,0,0,0,0 "
    "pacing=AAI rate=126.41462071209386 av=38.395426092531409 vv=60.198509747430307 lead=9 "
    "rv_site=1 lvad=1 speed=6294.8579455545478 baroreflex=1";

/* Found by /engine-properties/inside/patients with more cases (case seed 4355940027830683338,
 * fifteenth session, kept with every digit): paced AAI at 161 bpm with an LVAD at 3900 rpm and
 * dobutamine 1.2 mcg/kg/min, its reflex asking for a faster sinus node, this patient had no
 * periodic steady state within 400 beats while the reflex's quickening also sped its AV node (the
 * PR followed the pressure beat by beat). The paced atrium's node now follows the drugs alone
 * (cs-model.c, "Decremental AV nodal conduction"): it reaches its steady state. */
static const char *const paced_av_node_case =
    "body_weight_kg=83.408148873696305 "
    "lv_free_wall_end_systolic_elastance_mmhg_ml=3.099819128360882 "
    "lv_free_wall_dead_volume_ml=5.2991373171638623 "
    "lv_free_wall_edpvr_scale_mmhg=0.77140866258112362 "
    "lv_free_wall_edpvr_stiffness_per_ml=0.01729345179620485 "
    "lv_free_wall_edpvr_zero_volume_ml=0 "
    "septum_end_systolic_elastance_mmhg_ml=47.009776416381897 "
    "septum_dead_volume_ml=2.3287848350489364 septum_edpvr_scale_mmhg=1.2462608775274622 "
    "septum_edpvr_stiffness_per_ml=0.5215308380381023 "
    "septum_edpvr_zero_volume_ml=1.8618153958306245 "
    "rv_free_wall_end_systolic_elastance_mmhg_ml=0.48789105063583188 "
    "rv_free_wall_dead_volume_ml=29.574225806593844 "
    "rv_free_wall_edpvr_scale_mmhg=0.99116178016494194 "
    "rv_free_wall_edpvr_stiffness_per_ml=0.024901007418766007 "
    "rv_free_wall_edpvr_zero_volume_ml=24.987297491710411 "
    "left_atrium_end_systolic_elastance_mmhg_ml=0.54818939443768289 "
    "left_atrium_dead_volume_ml=8.2606035304291989 "
    "left_atrium_edpvr_scale_mmhg=0.61275150091838848 "
    "left_atrium_edpvr_stiffness_per_ml=0.058466673771663653 "
    "left_atrium_edpvr_zero_volume_ml=11.751029882019035 "
    "right_atrium_end_systolic_elastance_mmhg_ml=0.49257639878546483 "
    "right_atrium_dead_volume_ml=8.7138900440603209 "
    "right_atrium_edpvr_scale_mmhg=0.95604717137710626 "
    "right_atrium_edpvr_stiffness_per_ml=0.051941612128480759 "
    "right_atrium_edpvr_zero_volume_ml=8.0171210627836729 "
    "pericardium_scale_mmhg=0.53546071428935915 "
    "pericardium_stiffness_per_ml=0.031994689411855792 "
    "pericardium_zero_volume_ml=247.3838797020901 "
    "intrathoracic_pressure_mmhg=-4.1002290968316206 "
    "mitral_resistance_mmhg_s_ml=0.0024530788521500281 "
    "mitral_effective_orifice_area_cm2=5.3731474379691813 "
    "mitral_regurgitant_orifice_area_cm2=0 aortic_resistance_mmhg_s_ml=0.0011054104317773808 "
    "aortic_effective_orifice_area_cm2=3.2506144205927399 "
    "aortic_regurgitant_orifice_area_cm2=0 "
    "tricuspid_resistance_mmhg_s_ml=0.0016173554484894747 "
    "tricuspid_effective_orifice_area_cm2=6.2159545852748819 "
    "tricuspid_regurgitant_orifice_area_cm2=0 "
    "pulmonary_valve_resistance_mmhg_s_ml=0.0010641241758882459 "
    "pulmonary_valve_effective_orifice_area_cm2=3.2178725324381405 "
    "pulmonary_valve_regurgitant_orifice_area_cm2=0 "
    "systemic_characteristic_impedance_mmhg_s_ml=0.044370207101080333 "
    "systemic_arterial_compliance_ml_mmhg=2.4408122212904666 "
    "systemic_arterial_unstressed_volume_ml=571.96187292508046 "
    "systemic_vascular_resistance_mmhg_s_ml=0.7943877894308331 "
    "systemic_venous_compliance_ml_mmhg=77.585270846910106 "
    "systemic_venous_unstressed_volume_ml=2853.3982507633946 "
    "systemic_venous_return_resistance_mmhg_s_ml=0.032791602758486547 "
    "pulmonary_characteristic_impedance_mmhg_s_ml=0.019098826182064023 "
    "pulmonary_arterial_compliance_ml_mmhg=8.9484438324937408 "
    "pulmonary_arterial_unstressed_volume_ml=94.448297035960636 "
    "pulmonary_vascular_resistance_mmhg_s_ml=0.078555837671907824 "
    "pulmonary_venous_compliance_ml_mmhg=29.320082876081646 "
    "pulmonary_venous_unstressed_volume_ml=146.38947483101057 "
    "pulmonary_venous_return_resistance_mmhg_s_ml=0.0068293463075319001 "
    "total_blood_volume_ml=4911.9563250126321 sinus_rate_bpm=57.044040407632629 "
    "pr_interval_ms=142.87763422787296 interatrial_conduction_ms=16.434030768000433 "
    "atrial_electromechanical_delay_ms=40.373182267788508 lv_long_axis_mm=83.787633013291227 "
    "lv_end_diastolic_diameter_mm=39.35467120814608 "
    "myocardial_conduction_velocity_m_s=0.5562832852363212 "
    "purkinje_conduction_velocity_m_s=2.1590053439604908 "
    "sarcomere_max_velocity_um_s=7.6522643878893426 scar_stiffness_ratio=5.7825923361237388 "
    "force_frequency_per_bpm=0.012217088510044978 "
    "baroreflex_set_point_mmhg=90.311375372894034 baroreflex_gain_scale=1.2227185520929811 "
    "baroreflex_heart_rate_gain_scale=1.2329228919933817 conduction=2 "
    "scar=0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0 pacing=AAI rate=160.67720838310279 "
    "av=202.05764954841959 vv=16.722983198415236 lead=5 rv_site=1 lv_only=0 lvad=1 "
    "speed=3925.6336630075193 baroreflex=1 dobutamine=1.21136833879119";

static void test_regression_paced_av_node(void)
{
  CsParams p;
  CsTherapy t;
  CsError error = {{0}};
  CsSteadyStateOptions options;
  CsSteadyStateResult result;
  CsModel *m;

  parse_case(paced_av_node_case, &p, &t);
  g_assert_cmpint(t.pacing.mode, ==, CS_PACING_AAI);
  m = cs_model_new(&p, &t, &error);
  g_assert_nonnull(m);
  /* The patients property's budget. */
  cs_steady_state_options_default(&options);
  options.max_beats = 400;
  g_assert_cmpint(cs_model_run_to_steady_state(m, &options, &result, &error), ==, CS_OK);
  g_assert_true(result.converged);
  g_assert_cmpfloat(fabs(cs_model_indices(m)->hr_bpm - t.pacing.rate_bpm), <, 1e-6);
  cs_model_free(m);
}

static const char *const failed_extrapolation_case =
    "body_weight_kg=129.22865978399938 "
    "lv_free_wall_end_systolic_elastance_mmhg_ml=0.20000000000000001 "
    "lv_free_wall_dead_volume_ml=121.5579541148212 "
    "lv_free_wall_edpvr_scale_mmhg=0.2019218809436914 "
    "lv_free_wall_edpvr_stiffness_per_ml=0.0025252857269790476 "
    "lv_free_wall_edpvr_zero_volume_ml=109.59425267313506 "
    "septum_end_systolic_elastance_mmhg_ml=5.7763953728149993 "
    "septum_dead_volume_ml=19.003502896584052 "
    "septum_edpvr_scale_mmhg=0.0016613832203263973 "
    "septum_edpvr_stiffness_per_ml=0.57758788087257851 "
    "septum_edpvr_zero_volume_ml=12.837457603872672 "
    "rv_free_wall_end_systolic_elastance_mmhg_ml=1.0051225334907086 "
    "rv_free_wall_dead_volume_ml=-42.667535686860788 "
    "rv_free_wall_edpvr_scale_mmhg=0.93065411132304143 "
    "rv_free_wall_edpvr_stiffness_per_ml=0.20000000000000001 "
    "rv_free_wall_edpvr_zero_volume_ml=111.38742638120478 "
    "left_atrium_end_systolic_elastance_mmhg_ml=0.16326883644662243 "
    "left_atrium_dead_volume_ml=-36.649889442305366 "
    "left_atrium_edpvr_scale_mmhg=0.040560544152239295 "
    "left_atrium_edpvr_stiffness_per_ml=0.001 "
    "left_atrium_edpvr_zero_volume_ml=15.075529118403727 "
    "right_atrium_end_systolic_elastance_mmhg_ml=3 "
    "right_atrium_dead_volume_ml=129.65303880267979 "
    "right_atrium_edpvr_scale_mmhg=0.001 "
    "right_atrium_edpvr_stiffness_per_ml=0.063709768198815117 "
    "right_atrium_edpvr_zero_volume_ml=5.9942272073667455 "
    "pericardium_scale_mmhg=0 "
    "pericardium_stiffness_per_ml=0.0020756828464970818 "
    "pericardium_zero_volume_ml=142.40647791657025 "
    "intrathoracic_pressure_mmhg=9.3106113382034934 "
    "mitral_resistance_mmhg_s_ml=0.015437346301082233 "
    "mitral_effective_orifice_area_cm2=1.3199455009397529 "
    "mitral_regurgitant_orifice_area_cm2=0.10446095921665277 "
    "aortic_resistance_mmhg_s_ml=0.082665569573839706 "
    "aortic_effective_orifice_area_cm2=1.2047990980494652 "
    "aortic_regurgitant_orifice_area_cm2=0.84016094839084587 "
    "tricuspid_resistance_mmhg_s_ml=0.0041477591742708807 "
    "tricuspid_effective_orifice_area_cm2=0.49928857211642774 "
    "tricuspid_regurgitant_orifice_area_cm2=0.48355669793485723 "
    "pulmonary_valve_resistance_mmhg_s_ml=0.038021513581507876 "
    "pulmonary_valve_effective_orifice_area_cm2=0.37619171016629405 "
    "pulmonary_valve_regurgitant_orifice_area_cm2=0.43247990085857002 "
    "mitral_functional_reference_edv_ml=0 "
    "systemic_characteristic_impedance_mmhg_s_ml=0.0066291593105880231 "
    "systemic_arterial_compliance_ml_mmhg=5.6927451891597327 "
    "systemic_arterial_unstressed_volume_ml=1014.3878203212478 "
    "systemic_vascular_resistance_mmhg_s_ml=2.1895539208908632 "
    "systemic_venous_compliance_ml_mmhg=14.907666347188567 "
    "systemic_venous_unstressed_volume_ml=2040.619819335411 "
    "systemic_venous_return_resistance_mmhg_s_ml=0.023315177989802732 "
    "pulmonary_characteristic_impedance_mmhg_s_ml=0.0041468750352777603 "
    "pulmonary_arterial_compliance_ml_mmhg=0.39984199006679366 "
    "pulmonary_arterial_unstressed_volume_ml=0 "
    "pulmonary_vascular_resistance_mmhg_s_ml=1.5 "
    "pulmonary_venous_compliance_ml_mmhg=67.829495347932067 "
    "pulmonary_venous_unstressed_volume_ml=433.74249739347073 "
    "pulmonary_venous_return_resistance_mmhg_s_ml=0.20000000000000001 "
    "total_blood_volume_ml=10784.883838099175 "
    "sinus_rate_bpm=119.91208089393162 "
    "pr_interval_ms=142.47673753887668 "
    "interatrial_conduction_ms=113.30993745885097 "
    "atrial_electromechanical_delay_ms=52.29577615069757 "
    "lv_long_axis_mm=96.613310722958744 "
    "lv_end_diastolic_diameter_mm=38.9471909639065 "
    "myocardial_conduction_velocity_m_s=0.99681263266978593 "
    "purkinje_conduction_velocity_m_s=0.91127789581643603 "
    "sarcomere_max_velocity_um_s=2.2198793832007824 "
    "scar_stiffness_ratio=40.570575364016626 "
    "force_frequency_per_bpm=0.0079201712033942287 "
    "baroreflex_set_point_mmhg=144.83638270335399 "
    "baroreflex_gain_scale=3 "
    "baroreflex_heart_rate_gain_scale=0.07421741411832683 "
    "cardiopulmonary_set_point_mmhg=13.626096843842511 "
    "cardiopulmonary_reflex_gain_scale=1.8894467488301501 "
    "conduction=0 "
    "scar=0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0 "
    "pacing=CRT "
    "rate=131.60650690180967 "
    "av=302.98321224969214 "
    "vv=52.27033339902323 "
    "lead=16 "
    "rv_site=1 "
    "lv_only=0 "
    "lvad=0 "
    "speed=8158.1944967317422 "
    "baroreflex=1 "
    "esmolol=169.90377328127275";

/* A circulation drawn anywhere (case 0 of CT_PROPERTY_SEED=6941526364369508625, 2026-11-27; written
 * out here as describe() gave it, since a parameter added to the table draws another case from
 * that seed) whose Anderson extrapolation fails on its next beat, and which then
 * diverges under plain iteration too: refused as diverged after 77 beats. For one commit the search
 * went back to extrapolating 12 beats after that failure (a rule meant for plain iteration after a
 * switch of pacing timing), failed again every third beat, and ran out its 400 beats unconverged
 * (a second reader's finding): the failure's plain iteration must not give way to
 * extrapolation without end (it now resumes twice at most, after 12 and 24 plain beats,
 * MAX_EXTRAPOLATION_FAILURES). */
static void test_regression_failed_extrapolation_stays_plain(void)
{
  CsParams p;
  CsTherapy t;
  CsError error = {{0}};
  CsSteadyStateResult result = {0};
  CsModel *m;

  parse_case(failed_extrapolation_case, &p, &t);
  m = cs_model_new(&p, &t, &error);
  g_assert_nonnull(m);
  g_assert_cmpint(cs_model_run_to_steady_state(m, NULL, &result, &error), ==, CS_ERROR_NUMERIC);
  g_assert_nonnull(strstr(error.message, "diverged"));
  g_assert_cmpint(result.beats, <, 100);
  cs_model_free(m);
}

/* The model of a written-out case brought to a steady state of one beat within @max_beats (the
 * regression cases below, each a search that once ran out its beats or refused a patient). */
/* The case described by @text brought towards its steady state with the default options: the
 * search's @status and @result. */
static CsModel *searched_case(const char *text, CsStatus *status, CsSteadyStateResult *result)
{
  CsParams p;
  CsTherapy t;
  CsError error = {{0}};
  CsModel *m;

  parse_case(text, &p, &t);
  m = cs_model_new(&p, &t, &error);
  g_assert_nonnull(m);
  memset(result, 0, sizeof *result);
  *status = cs_model_run_to_steady_state(m, NULL, result, &error);
  g_test_message("status %d after %d beats (converged %d): %s", *status, result->beats,
                 result->converged, error.message);
  return m;
}

static CsModel *settled_case(const char *text, int max_beats)
{
  CsSteadyStateResult result;
  CsStatus status;
  CsModel *m = searched_case(text, &status, &result);

  g_assert_cmpint(status, ==, CS_OK);
  g_assert_true(result.converged);
  g_assert_cmpint(result.period_beats, ==, 1);
  g_assert_cmpint(result.beats, <, max_beats);
  return m;
}

/* A patient drawn anywhere (case 868 of CT_PROPERTY_SEED=20261128, thirty-seventh session) whose
 * LVEDP came out NaN on every step down to the finest, so that the engine refused it for no reason
 * it could name: the pressure read between two steps solved the septum from the model's last
 * solution, hundreds of ml from the step's, and Newton crawled down the RV free wall's steep
 * passive limb (0.18 /ml) by ~1 / lambda an iteration until its 60 ran out, at an RV pressure of
 * ~1e67 mmHg. Newton is now replaced by bisection where it crawls (SEPTUM_NEWTON_PATIENCE). */
static const char *const septum_crawl_case =
    "body_weight_kg=173.73106231094258 "
    "lv_free_wall_end_systolic_elastance_mmhg_ml=1.3749119841851813 "
    "lv_free_wall_dead_volume_ml=102.96156347156955 "
    "lv_free_wall_edpvr_scale_mmhg=0.017442076889793458 "
    "lv_free_wall_edpvr_stiffness_per_ml=0.0031053005129125007 "
    "lv_free_wall_edpvr_zero_volume_ml=22.383844265717673 "
    "septum_end_systolic_elastance_mmhg_ml=1.3123613968616179 "
    "septum_dead_volume_ml=106.23264779364004 "
    "septum_edpvr_scale_mmhg=0.001 "
    "septum_edpvr_stiffness_per_ml=0.0085999281357402122 "
    "septum_edpvr_zero_volume_ml=125.2959549088996 "
    "rv_free_wall_end_systolic_elastance_mmhg_ml=3.5259153435469388 "
    "rv_free_wall_dead_volume_ml=24.749449608405854 "
    "rv_free_wall_edpvr_scale_mmhg=0.0081390221865481633 "
    "rv_free_wall_edpvr_stiffness_per_ml=0.17762225874296253 "
    "rv_free_wall_edpvr_zero_volume_ml=96.551650272374175 "
    "left_atrium_end_systolic_elastance_mmhg_ml=0.5312390616412489 "
    "left_atrium_dead_volume_ml=31.25978972008248 "
    "left_atrium_edpvr_scale_mmhg=15.371442362417129 "
    "left_atrium_edpvr_stiffness_per_ml=0.014441741379198651 "
    "left_atrium_edpvr_zero_volume_ml=15.536250935417101 "
    "right_atrium_end_systolic_elastance_mmhg_ml=3 "
    "right_atrium_dead_volume_ml=150 "
    "right_atrium_edpvr_scale_mmhg=0.0013266214907152419 "
    "right_atrium_edpvr_stiffness_per_ml=0.002356059128201768 "
    "right_atrium_edpvr_zero_volume_ml=5 "
    "pericardium_scale_mmhg=6.3908642132717572 "
    "pericardium_stiffness_per_ml=0.001 "
    "pericardium_zero_volume_ml=620.41410505616705 "
    "intrathoracic_pressure_mmhg=-10.688533624636801 "
    "mitral_resistance_mmhg_s_ml=0.00028576441967173523 "
    "mitral_effective_orifice_area_cm2=0.46842501141444315 "
    "mitral_regurgitant_orifice_area_cm2=0 "
    "aortic_resistance_mmhg_s_ml=0.0016024961850387776 "
    "aortic_effective_orifice_area_cm2=0.60355336283707339 "
    "aortic_regurgitant_orifice_area_cm2=0.66861578756587403 "
    "tricuspid_resistance_mmhg_s_ml=0.073858667969476696 "
    "tricuspid_effective_orifice_area_cm2=0.99682260826558533 "
    "tricuspid_regurgitant_orifice_area_cm2=0.37575618682950551 "
    "pulmonary_valve_resistance_mmhg_s_ml=0.00070513102654196872 "
    "pulmonary_valve_effective_orifice_area_cm2=0.58978942847942972 "
    "pulmonary_valve_regurgitant_orifice_area_cm2=0.43882576928476502 "
    "mitral_functional_reference_edv_ml=154.81013487097951 "
    "systemic_characteristic_impedance_mmhg_s_ml=0.085807855737331074 "
    "systemic_arterial_compliance_ml_mmhg=0.80411531630473998 "
    "systemic_arterial_unstressed_volume_ml=817.73718159875818 "
    "systemic_vascular_resistance_mmhg_s_ml=5 "
    "systemic_venous_compliance_ml_mmhg=45.03054744977517 "
    "systemic_venous_unstressed_volume_ml=1577.3266260516345 "
    "systemic_venous_return_resistance_mmhg_s_ml=0.087562758500776938 "
    "pulmonary_characteristic_impedance_mmhg_s_ml=0.066003599714320793 "
    "pulmonary_arterial_compliance_ml_mmhg=1.3887487103804887 "
    "pulmonary_arterial_unstressed_volume_ml=314.02152420905577 "
    "pulmonary_vascular_resistance_mmhg_s_ml=1.5 "
    "pulmonary_venous_compliance_ml_mmhg=4.3549311816106169 "
    "pulmonary_venous_unstressed_volume_ml=556.46304643647511 "
    "pulmonary_venous_return_resistance_mmhg_s_ml=0.041259015183693008 "
    "total_blood_volume_ml=10028.50644301078 "
    "sinus_rate_bpm=88.405166865697311 "
    "pr_interval_ms=286.51267698383413 "
    "interatrial_conduction_ms=0 "
    "atrial_electromechanical_delay_ms=64.734879758650294 "
    "lv_long_axis_mm=147.0759277637174 "
    "lv_end_diastolic_diameter_mm=85.992810890825638 "
    "myocardial_conduction_velocity_m_s=0.26202401903611855 "
    "purkinje_conduction_velocity_m_s=3.0402836048477742 "
    "sarcomere_max_velocity_um_s=10.654286035120531 "
    "scar_stiffness_ratio=1.5154861257732692 "
    "force_frequency_per_bpm=0.0099847313802390626 "
    "baroreflex_set_point_mmhg=139.59296896336892 "
    "baroreflex_gain_scale=2.6719666840875251 "
    "baroreflex_heart_rate_gain_scale=0 "
    "cardiopulmonary_set_point_mmhg=16.153721193808778 "
    "cardiopulmonary_reflex_gain_scale=0.34619622322802002 "
    "beta1_chronotropic_scale=0.41416704187607034 "
    "conduction=1 "
    "scar=0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0 "
    "pacing=CRT "
    "rate=65.644796595986008 "
    "av=30.154884306237591 "
    "vv=-16.771103107585944 "
    "lead=16 "
    "rv_site=1 "
    "lv_only=1 "
    "lvad=1 "
    "speed=7844.4223842444972 "
    "baroreflex=1 "
    "metoprolol=156.76502707046311 "
    "ivabradine=15 "
    "nitroglycerin=113.9214221358321";

static void test_regression_septum_solve_does_not_crawl(void)
{
  CsModel *m = settled_case(septum_crawl_case, 200);

  for (size_t i = 0; i < cs_index_count(); i++)
    g_assert_true(isfinite(cs_indices_get(cs_model_indices(m), i)));
  /* Answered, and told as no patient's: an LVEDP of ~185 mmHg (a free aortic leak of 0.67 cm2,
   * a pump at 7844 rpm and an LV paced alone at an AV delay of 30 ms). */
  g_test_message("LVEDP %.2f mmHg", cs_model_indices(m)->lvedp_mmhg);
  for (size_t i = 0; i < cs_index_count(); i++)
    if (strcmp(cs_index_name(i), "lvedp_mmhg") == 0)
      g_assert_true(cs_index_outside_human_range(i, cs_model_indices(m)->lvedp_mmhg));
  cs_model_free(m);
}

/* A patient near the clinical space (case 2238 of CT_PROPERTY_SEED=20261128, thirty-seventh
 * session) whose steady-state search ran out its 400 beats: a failing ventricle (EF ~9 %, mean LA
 * pressure 36 mmHg) paced DDD at 121 /min with an AV delay of 43 ms paused its mitral inflow as it
 * started to contract and then filled on for 100 ms; the functional mitral orifice, set at the
 * pause, alternated with the beats. The orifice now follows the LV's largest volume from its
 * activation on, a continuous function of the beat's start. */
static const char *const paused_filling_case =
    "body_weight_kg=94.552673313020961 "
    "lv_free_wall_end_systolic_elastance_mmhg_ml=0.29385801372939657 "
    "lv_free_wall_dead_volume_ml=25.826177650022764 "
    "lv_free_wall_edpvr_scale_mmhg=0.14442859084966042 "
    "lv_free_wall_edpvr_stiffness_per_ml=0.020018710780562016 "
    "lv_free_wall_edpvr_zero_volume_ml=90.270834808923652 "
    "septum_end_systolic_elastance_mmhg_ml=50.003310135348755 "
    "septum_dead_volume_ml=2.0702033686413839 "
    "septum_edpvr_scale_mmhg=1.2782635376512683 "
    "septum_edpvr_stiffness_per_ml=0.43565127420568178 "
    "septum_edpvr_zero_volume_ml=2.1970052764757124 "
    "rv_free_wall_end_systolic_elastance_mmhg_ml=0.21212197105886557 "
    "rv_free_wall_dead_volume_ml=0 "
    "rv_free_wall_edpvr_scale_mmhg=0.2011037491458226 "
    "rv_free_wall_edpvr_stiffness_per_ml=0.021203650299111296 "
    "rv_free_wall_edpvr_zero_volume_ml=0 "
    "left_atrium_end_systolic_elastance_mmhg_ml=0.48507640320186596 "
    "left_atrium_dead_volume_ml=12.267576372107776 "
    "left_atrium_edpvr_scale_mmhg=0.4263846319747398 "
    "left_atrium_edpvr_stiffness_per_ml=0.073538235992456236 "
    "left_atrium_edpvr_zero_volume_ml=8.6492065048895199 "
    "right_atrium_end_systolic_elastance_mmhg_ml=0.52178901768431074 "
    "right_atrium_dead_volume_ml=8.406355454718188 "
    "right_atrium_edpvr_scale_mmhg=0.94924672172780133 "
    "right_atrium_edpvr_stiffness_per_ml=0.055206787322643142 "
    "right_atrium_edpvr_zero_volume_ml=11.623944566151653 "
    "pericardium_scale_mmhg=0.52161488284532909 "
    "pericardium_stiffness_per_ml=0.033157666695937213 "
    "pericardium_zero_volume_ml=487.50946695364991 "
    "intrathoracic_pressure_mmhg=-4.0544915574232636 "
    "mitral_resistance_mmhg_s_ml=0.002141381088333822 "
    "mitral_effective_orifice_area_cm2=5.9700723116688339 "
    "mitral_regurgitant_orifice_area_cm2=0.13621102599530677 "
    "aortic_resistance_mmhg_s_ml=0.0011914930463341035 "
    "aortic_effective_orifice_area_cm2=3.1557310080062697 "
    "aortic_regurgitant_orifice_area_cm2=0 "
    "tricuspid_resistance_mmhg_s_ml=0.0019267428654424653 "
    "tricuspid_effective_orifice_area_cm2=6.0024402767232292 "
    "tricuspid_regurgitant_orifice_area_cm2=0 "
    "pulmonary_valve_resistance_mmhg_s_ml=0.00098314285431362353 "
    "pulmonary_valve_effective_orifice_area_cm2=3.6161018970197043 "
    "pulmonary_valve_regurgitant_orifice_area_cm2=0 "
    "mitral_functional_reference_edv_ml=416.61920430381974 "
    "systemic_characteristic_impedance_mmhg_s_ml=0.041678103059485716 "
    "systemic_arterial_compliance_ml_mmhg=1.4532102113749383 "
    "systemic_arterial_unstressed_volume_ml=569.91439553724297 "
    "systemic_vascular_resistance_mmhg_s_ml=1.1392961038816136 "
    "systemic_venous_compliance_ml_mmhg=56.770842269091453 "
    "systemic_venous_unstressed_volume_ml=3261.7855124699681 "
    "systemic_venous_return_resistance_mmhg_s_ml=0.032921242358753738 "
    "pulmonary_characteristic_impedance_mmhg_s_ml=0.021814069318492897 "
    "pulmonary_arterial_compliance_ml_mmhg=0.68198642546769817 "
    "pulmonary_arterial_unstressed_volume_ml=93.287509249728899 "
    "pulmonary_vascular_resistance_mmhg_s_ml=0.22225995843411198 "
    "pulmonary_venous_compliance_ml_mmhg=28.059166163350525 "
    "pulmonary_venous_unstressed_volume_ml=102.58352795354706 "
    "pulmonary_venous_return_resistance_mmhg_s_ml=0.0065261315974112491 "
    "total_blood_volume_ml=6197.2668633992798 "
    "sinus_rate_bpm=80.063209603330279 "
    "pr_interval_ms=187.85885421483636 "
    "interatrial_conduction_ms=38.696716831180581 "
    "atrial_electromechanical_delay_ms=41.941200225461685 "
    "lv_long_axis_mm=110.03732680792082 "
    "lv_end_diastolic_diameter_mm=79.964544060212958 "
    "myocardial_conduction_velocity_m_s=0.45573318013266095 "
    "purkinje_conduction_velocity_m_s=2.2079735444191813 "
    "sarcomere_max_velocity_um_s=7.506575695271696 "
    "scar_stiffness_ratio=6.0752744221156929 "
    "force_frequency_per_bpm=0 "
    "baroreflex_set_point_mmhg=65.052288908383005 "
    "baroreflex_gain_scale=0.92061481310449333 "
    "baroreflex_heart_rate_gain_scale=0.26177727169464488 "
    "cardiopulmonary_set_point_mmhg=12.150478958420829 "
    "cardiopulmonary_reflex_gain_scale=0.1392578457550514 "
    "beta1_chronotropic_scale=0.34233835951249836 "
    "conduction=2 "
    "scar=0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0 "
    "pacing=DDD "
    "rate=120.82057434775902 "
    "av=42.559936448791952 "
    "vv=-13.562109538387006 "
    "lead=4 "
    "rv_site=0 "
    "lv_only=1 "
    "lvad=0 "
    "speed=7428.808708411605 "
    "baroreflex=1 "
    "dobutamine=7.8558622771190167 "
    "norepinephrine=0.39265384621208133";

static void test_regression_paused_filling_sets_orifice_once(void)
{
  CsModel *m = settled_case(paused_filling_case, 100);
  CsError error = {{0}};
  double stroke_volume_ml;

  /* A steady beat: the next one, its orifice set as this one's, repeats it. */
  stroke_volume_ml = cs_model_indices(m)->sv_ml;
  g_assert_cmpint(cs_model_run_beat(m, &error), ==, CS_OK);
  g_assert_cmpfloat(fabs(cs_model_indices(m)->sv_ml - stroke_volume_ml), <, 0.02);
  g_assert_cmpfloat(cs_model_indices(m)->mitral_regurgitant_volume_ml, >, 0.0);
  cs_model_free(m);
}

/* Another (case 270 of the same run): a weak ventricle with functional mitral regurgitation, CRT
 * at 86 /min and a pump at 3000 rpm, reflex off, whose orifice, set again where its paused filling
 * resumed (the first mending of the case above), took turns in a cycle of three beats. */
static const char *const pumped_cycle_case =
    "body_weight_kg=92.686701640604113 "
    "lv_free_wall_end_systolic_elastance_mmhg_ml=0.29626153754026602 "
    "lv_free_wall_dead_volume_ml=35.362576855693412 "
    "lv_free_wall_edpvr_scale_mmhg=0.10190827953829282 "
    "lv_free_wall_edpvr_stiffness_per_ml=0.023841634155978089 "
    "lv_free_wall_edpvr_zero_volume_ml=92.200653808880361 "
    "septum_end_systolic_elastance_mmhg_ml=45.964314424347215 "
    "septum_dead_volume_ml=2.1334731123684558 "
    "septum_edpvr_scale_mmhg=1.0916223748213267 "
    "septum_edpvr_stiffness_per_ml=0.45037013297981549 "
    "septum_edpvr_zero_volume_ml=2.4752136989966673 "
    "rv_free_wall_end_systolic_elastance_mmhg_ml=0.25584516912149441 "
    "rv_free_wall_dead_volume_ml=0 "
    "rv_free_wall_edpvr_scale_mmhg=0.21417068441337572 "
    "rv_free_wall_edpvr_stiffness_per_ml=0.023547154433221293 "
    "rv_free_wall_edpvr_zero_volume_ml=0 "
    "left_atrium_end_systolic_elastance_mmhg_ml=0.43660668293042693 "
    "left_atrium_dead_volume_ml=8.7784568702213921 "
    "left_atrium_edpvr_scale_mmhg=0.50851998774759244 "
    "left_atrium_edpvr_stiffness_per_ml=0.049557865224141372 "
    "left_atrium_edpvr_zero_volume_ml=9.5169935343538441 "
    "right_atrium_end_systolic_elastance_mmhg_ml=0.44917177517100471 "
    "right_atrium_dead_volume_ml=12.081962804149825 "
    "right_atrium_edpvr_scale_mmhg=0.94480853926354824 "
    "right_atrium_edpvr_stiffness_per_ml=0.037665672077093607 "
    "right_atrium_edpvr_zero_volume_ml=11.594290623188373 "
    "pericardium_scale_mmhg=0.46790653619824091 "
    "pericardium_stiffness_per_ml=0.024001162367371678 "
    "pericardium_zero_volume_ml=386.08635888995042 "
    "intrathoracic_pressure_mmhg=-3.5555502729827029 "
    "mitral_resistance_mmhg_s_ml=0.0016376757764474689 "
    "mitral_effective_orifice_area_cm2=5.8988835466782099 "
    "mitral_regurgitant_orifice_area_cm2=0.14141149031692871 "
    "aortic_resistance_mmhg_s_ml=0.00094017895098728085 "
    "aortic_effective_orifice_area_cm2=3.7386750141091918 "
    "aortic_regurgitant_orifice_area_cm2=0 "
    "tricuspid_resistance_mmhg_s_ml=0.0022743584709867047 "
    "tricuspid_effective_orifice_area_cm2=7.8911355841009829 "
    "tricuspid_regurgitant_orifice_area_cm2=0 "
    "pulmonary_valve_resistance_mmhg_s_ml=0.00085810420449683683 "
    "pulmonary_valve_effective_orifice_area_cm2=3.8943279110862936 "
    "pulmonary_valve_regurgitant_orifice_area_cm2=0 "
    "mitral_functional_reference_edv_ml=333.48784549237297 "
    "systemic_characteristic_impedance_mmhg_s_ml=0.032677753277252954 "
    "systemic_arterial_compliance_ml_mmhg=1.6661501889137638 "
    "systemic_arterial_unstressed_volume_ml=688.005821184654 "
    "systemic_vascular_resistance_mmhg_s_ml=0.84997089314750551 "
    "systemic_venous_compliance_ml_mmhg=65.93501894678667 "
    "systemic_venous_unstressed_volume_ml=2905.442517054269 "
    "systemic_venous_return_resistance_mmhg_s_ml=0.027645132299230279 "
    "pulmonary_characteristic_impedance_mmhg_s_ml=0.024007676820760566 "
    "pulmonary_arterial_compliance_ml_mmhg=0.68556175520745843 "
    "pulmonary_arterial_unstressed_volume_ml=78.95403518103673 "
    "pulmonary_vascular_resistance_mmhg_s_ml=0.22511123179537268 "
    "pulmonary_venous_compliance_ml_mmhg=29.512892642384301 "
    "pulmonary_venous_unstressed_volume_ml=105.17847426561659 "
    "pulmonary_venous_return_resistance_mmhg_s_ml=0.0092838636130075022 "
    "total_blood_volume_ml=6475.2403039261872 "
    "sinus_rate_bpm=90.478744172145028 "
    "pr_interval_ms=148.97917387898548 "
    "interatrial_conduction_ms=43.386769890390021 "
    "atrial_electromechanical_delay_ms=43.254964792773627 "
    "lv_long_axis_mm=118.29066384397879 "
    "lv_end_diastolic_diameter_mm=70.399804485431218 "
    "myocardial_conduction_velocity_m_s=0.55399815894231663 "
    "purkinje_conduction_velocity_m_s=1.9028123104962529 "
    "sarcomere_max_velocity_um_s=6.8539559546241451 "
    "scar_stiffness_ratio=5.7423410980791942 "
    "force_frequency_per_bpm=0 "
    "baroreflex_set_point_mmhg=70.61706161351421 "
    "baroreflex_gain_scale=0.90845582757644605 "
    "baroreflex_heart_rate_gain_scale=0.20383117076484689 "
    "cardiopulmonary_set_point_mmhg=13.395697109346306 "
    "cardiopulmonary_reflex_gain_scale=0.17051584554623034 "
    "beta1_chronotropic_scale=0.40043528839413955 "
    "conduction=0 "
    "scar=0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0 "
    "pacing=CRT "
    "rate=86.273628482791807 "
    "av=117.13080578117918 "
    "vv=42.282139147274407 "
    "lead=12 "
    "rv_site=0 "
    "lv_only=0 "
    "lvad=1 "
    "speed=3000 "
    "baroreflex=0 "
    "metoprolol=37.092001041628244 "
    "milrinone=0.071092083950189094 "
    "dobutamine=2.2275186697664418";

static void test_regression_pumped_orifice_settles(void)
{
  cs_model_free(settled_case(pumped_cycle_case, 100));
}

/* How far a steady state's indices drift in DRIFT_BEATS more beats: a search that stopped on a
 * slow mode short of its fixed point drifts on. The search's criterion (each volume moving < 0.02
 * ml a beat) stops short on modes that contract slowly, at fast paced rates above all: over 400
 * cases of each of the seeds 9049054344445934 (the default), 11, 22, 33, 44, 55, 7 and 8, up to
 * 0.4, 4.7, 2.4, 0.6, 0.4, 0.5, 1.0 and 0.3 % without the map, 0.4, 4.7, 2.4, 0.9, 0.4, 0.5, 1.0
 * and 0.3 % with it (2026-11-27; seed 11's 4.7 % is a search the map does not serve, the same
 * with and without). The map's steady states are held to 3 %, or to the search's without it. */
#define MAP_STEADY_STATE_DRIFT 0.03
#define DRIFT_BEATS            50
/* A search with the map may take more beats than one without: a step undone costs its beat, and
 * from another point Anderson's path differs, which on a map that is not smooth (a device's
 * timing near the sinus node's) can be long either way. Over 8 seeds of 400 cases (2026-11-27)
 * at most 41 beats more (default seed, case 287: CRT at 129 /min, a switch of timing after the
 * map's steps, then Anderson wandering for 60 beats: 80 against 40); before a step of the map was
 * undone when its beat failed, a second reader saw 193 against 31. */
#define MAP_EXTRA_BEATS 60

static double drift_after_steady_state(CsModel *m)
{
  CsIndices at = *cs_model_indices(m);
  CsError error = {{0}};

  for (int b = 0; b < DRIFT_BEATS; b++)
    g_assert_cmpint(cs_model_run_beat(m, &error), ==, CS_OK);
  return indices_difference(cs_model_indices(m), &at);
}

/* The beat map learned at a patient's steady state at rest (even cases) or under a drawn therapy
 * (odd ones), then another therapy drawn: the search with it ends as the search without it does
 * (converged, not converged or refused, with the same status), in at most MAP_EXTRA_BEATS more
 * beats, and a steady state it finds holds as well as theirs. The map is stale for most therapies
 * drawn, and serves only those with the reflex and the pump as where it was learned. Two
 * answers may differ where two steady states hold (a fixed point of sensed beats and a cycle of
 * paced and sensed ones when the lower rate lies within a bpm or two of the sinus rate: case 69
 * of the default seed, VVI at 115.54 /min against 115.55; or two fixed points, case 246 of seed
 * 22, each holding for 200 beats more): which one a search finds depends on where it starts, as
 * with a warm start. Counted and bounded. */
static void test_inside_beat_map(void)
{
  guint learned = 0, served = 0, compared = 0, multistable = 0, beats_with = 0, beats_without = 0;
  int most_extra = 0;
  double worst_with = 0.0, worst_without = 0.0;
  /* A quarter of the cases: each costs ~250 beats, three times another property's. */
  guint cases = MAX(n_cases / 4, 10);

  for (guint c = 0; c < cases; c++) {
    Rng rng = {case_seed(c) ^ 0x6d6170ULL};
    CsParams p;
    CsTherapy rest, t;
    CsError error = {{0}};
    CsSteadyStateResult result = {0}, with = {0}, without = {0};
    CsStatus status_with, status_without;
    g_autofree void *state = g_malloc(cs_model_state_size());
    CsModel *m, *plain;
    int was_learned = 0;

    draw_patient(&rng, &p);
    draw_therapy(&rng, &t);
    /* Learned at rest, or (every other case) under another therapy drawn. */
    cs_therapy_default(&rest);
    if (c % 2 == 1)
      draw_therapy(&rng, &rest);
    m = cs_model_new(&p, &rest, &error);
    if (m == NULL || cs_model_run_to_steady_state(m, NULL, &result, &error) != CS_OK ||
        !result.converged || result.period_beats != 1 ||
        cs_model_learn_beat_map(m, &was_learned, &error) != CS_OK || !was_learned) {
      if (m != NULL)
        cs_model_free(m);
      continue;
    }
    learned++;
    cs_model_save_state(m, state);
    plain = cs_model_new(&p, &rest, &error);
    g_assert_nonnull(plain);
    g_assert_cmpint(cs_model_restore_state(plain, state, &error), ==, CS_OK);
    status_with = cs_model_set_therapy(m, &t, &error);
    g_assert_cmpint(cs_model_set_therapy(plain, &t, &error), ==, status_with);
    if (status_with == CS_OK) {
      status_with = cs_model_run_to_steady_state(m, NULL, &with, &error);
      status_without = cs_model_run_to_steady_state(plain, NULL, &without, &error);
      if (status_with != status_without || with.converged != without.converged)
        g_error("case %u: with the map status %d after %d beats (converged %d), without %d "
                "after %d (converged %d)",
                c, status_with, with.beats, with.converged, status_without, without.beats,
                without.converged);
      if (status_with == CS_OK && with.converged &&
          (with.period_beats != without.period_beats ||
           indices_difference(cs_model_indices(m), cs_model_indices(plain)) > 0.02)) {
        multistable++;
        g_test_message("case %u: two steady states, of %d beats with the map and %d without, "
                       "indices %.1f %% apart",
                       c, with.period_beats, without.period_beats,
                       100.0 * indices_difference(cs_model_indices(m), cs_model_indices(plain)));
      }
      if (with.beats > without.beats + MAP_EXTRA_BEATS)
        g_error("case %u: %d beats with the map (%s), %d without", c, with.beats,
                cs_model_beat_map_serves(m) ? "serving" : "not serving", without.beats);
      served += cs_model_beat_map_serves(m);
      most_extra = MAX(most_extra, with.beats - without.beats);
      if (status_with == CS_OK && with.converged && with.period_beats == 1 &&
          without.period_beats == 1) {
        double drift_with = drift_after_steady_state(m);
        double drift_without = drift_after_steady_state(plain);
        compared++;
        worst_with = fmax(worst_with, drift_with);
        worst_without = fmax(worst_without, drift_without);
        beats_with += (guint)with.beats;
        beats_without += (guint)without.beats;
        if (drift_with > fmax(MAP_STEADY_STATE_DRIFT, drift_without + 0.005))
          g_error("case %u: the steady state found with the beat map drifts by %.2f %% in %d "
                  "beats (without it %.2f %%)",
                  c, 100.0 * drift_with, DRIFT_BEATS, 100.0 * drift_without);
      }
    }
    cs_model_free(plain);
    cs_model_free(m);
  }
  g_test_message("beat map: %u of %u learned, serving %u therapies; %u steady states of one beat "
                 "compared: %u beats "
                 "with the map, %u without; worst drift in %d beats %.2f %% with it, %.2f %% "
                 "without; %u multistable; most beats more in one search %d",
                 learned, cases, served, compared, beats_with, beats_without, DRIFT_BEATS,
                 100.0 * worst_with, 100.0 * worst_without, multistable, most_extra);
  g_assert_cmpuint(compared * 2, >=, learned);
  g_assert_cmpuint(multistable * 20, <=, learned);
}

/* Learning the beat map is one beat: on circulations drawn anywhere, at their steady state or
 * wherever 40 beats or a refusal leave them, cs_model_learn_beat_map leaves the model as
 * cs_model_run_beat
 * from the same state leaves another (state, step, indices, waveform), whether the beat
 * succeeds, fails, needs a finer step or the map cannot be learned. */
static void test_inside_beat_map_learning(void)
{
  guint learned = 0, not_learned = 0, failed = 0;
  guint cases = MAX(n_cases / 4, 10);

  for (guint c = 0; c < cases; c++) {
    Rng rng = {case_seed(c) ^ 0x6c6561726eULL};
    CsParams p;
    CsTherapy t;
    CsError error = {{0}}, other_error = {{0}};
    CsSteadyStateOptions options;
    g_autofree void *state = g_malloc(cs_model_state_size());
    CsModel *m, *other;
    CsStatus status, other_status;
    int was_learned = 0;

    draw_anywhere(&rng, &p);
    draw_therapy(&rng, &t);
    m = cs_model_new(&p, &t, &error);
    if (m == NULL)
      continue;
    cs_steady_state_options_default(&options);
    options.max_beats = 40;
    /* Refused or not: the state it leaves (a failed beat's start) is learned from too. */
    (void)cs_model_run_to_steady_state(m, &options, NULL, &error);
    cs_model_save_state(m, state);
    other = cs_model_new(&p, &t, &error);
    g_assert_nonnull(other);
    g_assert_cmpint(cs_model_restore_state(other, state, &error), ==, CS_OK);
    g_assert_cmpint(cs_model_restore_state(m, state, &error), ==, CS_OK);
    status = cs_model_learn_beat_map(m, &was_learned, &error);
    other_status = cs_model_run_beat(other, &other_error);
    /* (A failed beat leaves each model's indices from before it: the two had other pasts.) */
    if (status != other_status || cs_model_state_hash(m) != cs_model_state_hash(other) ||
        (status == CS_OK &&
         memcmp(cs_model_indices(m), cs_model_indices(other), sizeof(CsIndices)) != 0) ||
        cs_model_waveform(m, NULL, 0) != cs_model_waveform(other, NULL, 0))
      g_error("case %u: learning the map (status %d, learned %d) is not the beat (status %d)", c,
              status, was_learned, other_status);
    if (status != CS_OK)
      failed++;
    else if (was_learned)
      learned++;
    else
      not_learned++;
    /* The step the beats go on with is the beat's too. */
    if (status == CS_OK) {
      g_assert_cmpint(cs_model_run_beat(m, &error), ==, cs_model_run_beat(other, &other_error));
      g_assert_cmphex(cs_model_state_hash(m), ==, cs_model_state_hash(other));
    }
    cs_model_free(other);
    cs_model_free(m);
  }
  g_test_message("learning the beat map: %u learned, %u not (a copy's beat on another step or "
                 "timing, or failed), %u beats failed",
                 learned, not_learned, failed);
}

static void test_regression_found_cases(void)
{
  CsParams p;
  CsTherapy t;
  CsIndices ix;
  CsError error = {{0}};
  CsModel *m;
  CsSteadyStateResult result;
  CsStatus status;

  parse_case(anderson_case, &p, &t);
  m = cs_model_new(&p, &t, &error);
  g_assert_nonnull(m);
  status = cs_model_run_to_steady_state(m, NULL, &result, &error);
  if (status != CS_OK && status != CS_ERROR_NOT_CONVERGED)
    g_error("%s", error.message);
  ix = *cs_model_indices(m);
  for (size_t i = 0; i < cs_index_count(); i++)
    g_assert_true(isfinite(cs_indices_get(&ix, i)));
  g_assert_cmpfloat(fabs(ix.total_volume_ml - p.total_blood_volume_ml), <=,
                    CONSERVATION_RELATIVE * p.total_blood_volume_ml);
  g_assert_cmpint(cs_model_run_beat(m, &error), ==, CS_OK);
  g_assert_cmpfloat(fabs(cs_model_indices(m)->sv_ml - ix.sv_ml), <, 0.2);
  cs_model_free(m);

  /* The second was found paced AAI at 126 bpm, from a sinus rate of 50 with a PR of 266 ms: since
   * the AV node's conduction lengthens with the atrial rate (fifteenth session), that pacing is
   * refused first (its PR lengthened, the ventricles' activation would end after the cycle); the
   * patient still diverges in sinus rhythm. */
  parse_case(diverging_case, &p, &t);
  m = cs_model_new(&p, &t, &error);
  g_assert_nonnull(m);
  g_assert_cmpint(cs_model_run_to_steady_state(m, NULL, &result, &error), ==,
                  CS_ERROR_INVALID_PARAMETER);
  g_assert_nonnull(strstr(error.message, "too slow for this rate"));
  cs_model_free(m);
  t.pacing.mode = CS_PACING_NONE;
  m = cs_model_new(&p, &t, &error);
  g_assert_nonnull(m);
  g_assert_cmpint(cs_model_run_to_steady_state(m, NULL, &result, &error), ==, CS_ERROR_NUMERIC);
  g_assert_nonnull(strstr(error.message, "diverged"));
  cs_model_free(m);
}

/* Venodilators unload the heart at every dose: in each demo twin, a higher dose of nitroglycerin
 * or nitroprusside leaves the mean left atrial pressure (PCWP) and the arterial pressure no higher
 * (Armstrong et al. 1980, Circulation 62:160: PCWP falls with the blood level of nitroglycerin;
 * Guiha et al. 1974, N Engl J Med 291:587, for nitroprusside). A sign or a combination error in
 * the venous effect (cs-model.c, systemic_venous_unstressed_volume) breaks this. */
static void test_venodilators_unload(void)
{
  static const struct {
    const char *drug;
    double doses[5]; /* ascending, inside the library's range */
  } drugs[] = {
      {"nitroglycerin", {10.0, 25.0, 50.0, 100.0, 200.0}},
      {"nitroprusside", {0.3, 1.0, 2.0, 5.0, 10.0}},
  };
  /* The steady state's own tolerance, in mmHg, a change smaller than any dose step gives. */
  const double tolerance_mmhg = 0.05;

  for (guint d = 0; d < n_demos; d++)
    for (size_t k = 0; k < G_N_ELEMENTS(drugs); k++) {
      const CsDrugDef *drug = ct_drug_library_lookup(library, drugs[k].drug);
      CsTherapy t;
      CsIndices before, after;
      CsError error = {{0}};

      g_assert_nonnull(drug);
      cs_therapy_default(&t);
      if (steady_state(&demos[d], &t, &before, &error) != CS_OK)
        g_error("demo %u: %s", d, error.message);
      t.n_drugs = 1;
      t.drugs[0] = *drug;
      for (size_t i = 0; i < G_N_ELEMENTS(drugs[k].doses); i++) {
        t.doses[0] = drugs[k].doses[i];
        if (steady_state(&demos[d], &t, &after, &error) != CS_OK)
          g_error("demo %u, %s %g: %s", d, drugs[k].drug, t.doses[0], error.message);
        if (after.mean_lap_mmhg > before.mean_lap_mmhg + tolerance_mmhg ||
            after.map_mmhg > before.map_mmhg + tolerance_mmhg)
          g_error("demo %u, %s %g: mean LAP %.2f -> %.2f, MAP %.2f -> %.2f mmHg", d, drugs[k].drug,
                  t.doses[0], before.mean_lap_mmhg, after.mean_lap_mmhg, before.map_mmhg,
                  after.map_mmhg);
        before = after;
      }
    }
}

/* A patient (case 894 of CT_PROPERTY_SEED=8, thirty-seventh session) paced VVI at 93 /min, its
 * reflex-driven sinus rate near the lower rate, with dobutamine, nitroglycerin and furosemide:
 * plain iteration settles on paced beats, but every return to extrapolating, 12 beats after a
 * switch of timing, crossed back into sensed beats, for 400 beats. The returns now wait twice as
 * long each time. */
static const char *const timing_boundary_case =
    "body_weight_kg=91.159736506654056 "
    "lv_free_wall_end_systolic_elastance_mmhg_ml=0.39472604381406395 "
    "lv_free_wall_dead_volume_ml=35.729244594721209 "
    "lv_free_wall_edpvr_scale_mmhg=0.12642742808294008 "
    "lv_free_wall_edpvr_stiffness_per_ml=0.023041404528530676 "
    "lv_free_wall_edpvr_zero_volume_ml=121.16652395313112 "
    "septum_end_systolic_elastance_mmhg_ml=44.50762568660403 "
    "septum_dead_volume_ml=2.2413197039238657 "
    "septum_edpvr_scale_mmhg=1.1554015525456935 "
    "septum_edpvr_stiffness_per_ml=0.45652650091220137 "
    "septum_edpvr_zero_volume_ml=1.6550006878901253 "
    "rv_free_wall_end_systolic_elastance_mmhg_ml=0.22524200592110424 "
    "rv_free_wall_dead_volume_ml=0 "
    "rv_free_wall_edpvr_scale_mmhg=0.23289302918690144 "
    "rv_free_wall_edpvr_stiffness_per_ml=0.017063877798749863 "
    "rv_free_wall_edpvr_zero_volume_ml=0 "
    "left_atrium_end_systolic_elastance_mmhg_ml=0.47036486106938674 "
    "left_atrium_dead_volume_ml=9.4696244956012769 "
    "left_atrium_edpvr_scale_mmhg=0.44471712966566268 "
    "left_atrium_edpvr_stiffness_per_ml=0.066824679279581772 "
    "left_atrium_edpvr_zero_volume_ml=9.5523069049526477 "
    "right_atrium_end_systolic_elastance_mmhg_ml=0.50108494731025499 "
    "right_atrium_dead_volume_ml=9.794161441857165 "
    "right_atrium_edpvr_scale_mmhg=1.0900632120199309 "
    "right_atrium_edpvr_stiffness_per_ml=0.052063450945239578 "
    "right_atrium_edpvr_zero_volume_ml=9.3192302188572143 "
    "pericardium_scale_mmhg=0.55988591572980995 "
    "pericardium_stiffness_per_ml=0.025423421316344258 "
    "pericardium_zero_volume_ml=437.61863033086752 "
    "intrathoracic_pressure_mmhg=-4.7708099080068127 "
    "mitral_resistance_mmhg_s_ml=0.0017212766294352842 "
    "mitral_effective_orifice_area_cm2=4.2756294415735399 "
    "mitral_regurgitant_orifice_area_cm2=0.13603950734444017 "
    "aortic_resistance_mmhg_s_ml=0.0011041437295391282 "
    "aortic_effective_orifice_area_cm2=4.232592794223784 "
    "aortic_regurgitant_orifice_area_cm2=0 "
    "tricuspid_resistance_mmhg_s_ml=0.0021423559378365956 "
    "tricuspid_effective_orifice_area_cm2=7.4883826147859356 "
    "tricuspid_regurgitant_orifice_area_cm2=0 "
    "pulmonary_valve_resistance_mmhg_s_ml=0.0010676409935618536 "
    "pulmonary_valve_effective_orifice_area_cm2=3.5841413553272323 "
    "pulmonary_valve_regurgitant_orifice_area_cm2=0 "
    "mitral_functional_reference_edv_ml=358.59921030990444 "
    "systemic_characteristic_impedance_mmhg_s_ml=0.040879628303133825 "
    "systemic_arterial_compliance_ml_mmhg=1.2833953232317266 "
    "systemic_arterial_unstressed_volume_ml=646.37614306733008 "
    "systemic_vascular_resistance_mmhg_s_ml=0.81846704307751006 "
    "systemic_venous_compliance_ml_mmhg=60.47772659404459 "
    "systemic_venous_unstressed_volume_ml=2301.7191871111236 "
    "systemic_venous_return_resistance_mmhg_s_ml=0.035566874950556847 "
    "pulmonary_characteristic_impedance_mmhg_s_ml=0.017525467855776491 "
    "pulmonary_arterial_compliance_ml_mmhg=0.68884329629293961 "
    "pulmonary_arterial_unstressed_volume_ml=91.728886557244763 "
    "pulmonary_vascular_resistance_mmhg_s_ml=0.20320862681582097 "
    "pulmonary_venous_compliance_ml_mmhg=20.759054493296528 "
    "pulmonary_venous_unstressed_volume_ml=120.20899469853147 "
    "pulmonary_venous_return_resistance_mmhg_s_ml=0.0088945692751164936 "
    "total_blood_volume_ml=5229.9878751157758 "
    "sinus_rate_bpm=77.422888937397317 "
    "pr_interval_ms=179.31730803681157 "
    "interatrial_conduction_ms=53.630748845924614 "
    "atrial_electromechanical_delay_ms=39.530346469459005 "
    "lv_long_axis_mm=87.363417692395046 "
    "lv_end_diastolic_diameter_mm=64.749932978170023 "
    "myocardial_conduction_velocity_m_s=0.48231549129134604 "
    "purkinje_conduction_velocity_m_s=2.1799365289749639 "
    "sarcomere_max_velocity_um_s=7.9697324103587643 "
    "scar_stiffness_ratio=4.0042140482498327 "
    "force_frequency_per_bpm=0 "
    "baroreflex_set_point_mmhg=61.692854051742394 "
    "baroreflex_gain_scale=1.1417432314610625 "
    "baroreflex_heart_rate_gain_scale=0.27728013296958715 "
    "cardiopulmonary_set_point_mmhg=13.64561653955762 "
    "cardiopulmonary_reflex_gain_scale=0.14566112538541273 "
    "beta1_chronotropic_scale=0.40627710457793065 "
    "conduction=1 "
    "scar=0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0 "
    "pacing=VVI "
    "rate=93.037925331963066 "
    "av=208.20588668664257 "
    "vv=24.333511319426037 "
    "lead=15 "
    "rv_site=1 "
    "lv_only=0 "
    "lvad=0 "
    "speed=8882.7238933985536 "
    "baroreflex=1 "
    "dobutamine=19.544590971601512 "
    "nitroglycerin=45.182838905822379 "
    "furosemide=101.6831846432972";

static void test_regression_timing_boundary_settles(void)
{
  CsModel *m = settled_case(timing_boundary_case, 150);

  g_assert_true(cs_model_ventricular_pacing(m));
  cs_model_free(m);
}

/* The beat map's case 453 of CT_PROPERTY_SEED=5 (thirty-seventh session): a patient with a map
 * learned under DDD at 128 /min and two vasodilators, then CRT at 89 /min with an AV delay of 350
 * ms, ivabradine and norepinephrine. An early wild extrapolation's beat failed, and the search
 * iterated plainly for good: 183 beats, where without the map it took 24. Extrapolation now
 * resumes after a failure, twice (MAX_EXTRAPOLATION_FAILURES). */
static const char *const beat_map_rest_case =
    "body_weight_kg=99.968834162814289 "
    "lv_free_wall_end_systolic_elastance_mmhg_ml=0.35849679810584928 "
    "lv_free_wall_dead_volume_ml=37.494407758793088 "
    "lv_free_wall_edpvr_scale_mmhg=0.14417287698453632 "
    "lv_free_wall_edpvr_stiffness_per_ml=0.023652224226338579 "
    "lv_free_wall_edpvr_zero_volume_ml=106.80966252300512 "
    "septum_end_systolic_elastance_mmhg_ml=49.514495685366953 "
    "septum_dead_volume_ml=2.4545430324570621 "
    "septum_edpvr_scale_mmhg=0.98923768673038004 "
    "septum_edpvr_stiffness_per_ml=0.41567482795834693 "
    "septum_edpvr_zero_volume_ml=1.675480415812435 "
    "rv_free_wall_end_systolic_elastance_mmhg_ml=0.20627946897028718 "
    "rv_free_wall_dead_volume_ml=0 "
    "rv_free_wall_edpvr_scale_mmhg=0.20629498508451524 "
    "rv_free_wall_edpvr_stiffness_per_ml=0.017940253152523941 "
    "rv_free_wall_edpvr_zero_volume_ml=0 "
    "left_atrium_end_systolic_elastance_mmhg_ml=0.44730781519452067 "
    "left_atrium_dead_volume_ml=9.8196299049071882 "
    "left_atrium_edpvr_scale_mmhg=0.59286121353827725 "
    "left_atrium_edpvr_stiffness_per_ml=0.061797358295566172 "
    "left_atrium_edpvr_zero_volume_ml=8.1300438563894009 "
    "right_atrium_end_systolic_elastance_mmhg_ml=0.43528198478671282 "
    "right_atrium_dead_volume_ml=10.331492187290227 "
    "right_atrium_edpvr_scale_mmhg=1.1630694897590756 "
    "right_atrium_edpvr_stiffness_per_ml=0.055694404977132371 "
    "right_atrium_edpvr_zero_volume_ml=9.3103745956998054 "
    "pericardium_scale_mmhg=0.48707811396225881 "
    "pericardium_stiffness_per_ml=0.028692774867378285 "
    "pericardium_zero_volume_ml=386.2684730583876 "
    "intrathoracic_pressure_mmhg=-4.4335987802049335 "
    "mitral_resistance_mmhg_s_ml=0.0018690370398901819 "
    "mitral_effective_orifice_area_cm2=4.4037951939422886 "
    "mitral_regurgitant_orifice_area_cm2=0.1262445280115875 "
    "aortic_resistance_mmhg_s_ml=0.00082955025636089765 "
    "aortic_effective_orifice_area_cm2=3.9568215937279403 "
    "aortic_regurgitant_orifice_area_cm2=0 "
    "tricuspid_resistance_mmhg_s_ml=0.0024842555537544016 "
    "tricuspid_effective_orifice_area_cm2=7.8438531363268282 "
    "tricuspid_regurgitant_orifice_area_cm2=0 "
    "pulmonary_valve_resistance_mmhg_s_ml=0.00092926011787185909 "
    "pulmonary_valve_effective_orifice_area_cm2=3.2258912125992314 "
    "pulmonary_valve_regurgitant_orifice_area_cm2=0 "
    "mitral_functional_reference_edv_ml=344.79831598477108 "
    "systemic_characteristic_impedance_mmhg_s_ml=0.034696182060711317 "
    "systemic_arterial_compliance_ml_mmhg=1.3034517577391689 "
    "systemic_arterial_unstressed_volume_ml=727.61260547640813 "
    "systemic_vascular_resistance_mmhg_s_ml=0.8337587927663499 "
    "systemic_venous_compliance_ml_mmhg=56.5778434905097 "
    "systemic_venous_unstressed_volume_ml=3006.7673901203402 "
    "systemic_venous_return_resistance_mmhg_s_ml=0.02661709300981072 "
    "pulmonary_characteristic_impedance_mmhg_s_ml=0.021618691886839226 "
    "pulmonary_arterial_compliance_ml_mmhg=0.82983488748237189 "
    "pulmonary_arterial_unstressed_volume_ml=108.03081416391609 "
    "pulmonary_vascular_resistance_mmhg_s_ml=0.19548184378239064 "
    "pulmonary_venous_compliance_ml_mmhg=30.550488093606486 "
    "pulmonary_venous_unstressed_volume_ml=122.40928534792852 "
    "pulmonary_venous_return_resistance_mmhg_s_ml=0.0077136343539709407 "
    "total_blood_volume_ml=6509.1317720162342 "
    "sinus_rate_bpm=79.354207920167127 "
    "pr_interval_ms=166.11785240390293 "
    "interatrial_conduction_ms=37.155645742156381 "
    "atrial_electromechanical_delay_ms=42.7647878295382 "
    "lv_long_axis_mm=90.016717752209587 "
    "lv_end_diastolic_diameter_mm=57.955821345360221 "
    "myocardial_conduction_velocity_m_s=0.67592631071603171 "
    "purkinje_conduction_velocity_m_s=1.9735998577934772 "
    "sarcomere_max_velocity_um_s=7.5540459310315828 "
    "scar_stiffness_ratio=5.5792529049180839 "
    "force_frequency_per_bpm=0 "
    "baroreflex_set_point_mmhg=59.922392348873238 "
    "baroreflex_gain_scale=1.0758760197484387 "
    "baroreflex_heart_rate_gain_scale=0.18982457841321715 "
    "cardiopulmonary_set_point_mmhg=13.10625702368033 "
    "cardiopulmonary_reflex_gain_scale=0.13509334062065623 "
    "beta1_chronotropic_scale=0.3473164036081598 "
    "conduction=2 "
    "scar=0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0 "
    "pacing=DDD "
    "rate=127.51943271016847 "
    "av=30 "
    "vv=10.61891769336529 "
    "lead=11 "
    "rv_site=0 "
    "lv_only=1 "
    "lvad=0 "
    "speed=7892.0793802986755 "
    "baroreflex=1 "
    "nitroglycerin=40.063227027462389 "
    "esmolol=0 "
    "nitroprusside=7.2827157590654457";

/* The therapy alone: the patient is the rest case's. */
static const char *const beat_map_therapy_case = "pacing=CRT "
                                                 "rate=88.632093767538123 "
                                                 "av=350 "
                                                 "vv=21.576658145196831 "
                                                 "lead=16 "
                                                 "rv_site=1 "
                                                 "lv_only=1 "
                                                 "lvad=0 "
                                                 "speed=8065.9738012844045 "
                                                 "baroreflex=1 "
                                                 "esmolol=0 "
                                                 "ivabradine=14.254948591534045 "
                                                 "norepinephrine=0.16296930866118486";

static void test_regression_failed_extrapolation_resumes(void)
{
  CsParams p;
  CsTherapy rest, t;
  CsError error = {{0}};
  CsSteadyStateResult result = {0};
  CsModel *m;
  int learned = 0;

  parse_case(beat_map_therapy_case, &p, &t);
  parse_case(beat_map_rest_case, &p, &rest);
  m = cs_model_new(&p, &rest, &error);
  g_assert_nonnull(m);
  g_assert_cmpint(cs_model_run_to_steady_state(m, NULL, &result, &error), ==, CS_OK);
  g_assert_cmpint(cs_model_learn_beat_map(m, &learned, &error), ==, CS_OK);
  g_assert_true(learned);
  g_assert_cmpint(cs_model_set_therapy(m, &t, &error), ==, CS_OK);
  g_assert_cmpint(cs_model_run_to_steady_state(m, NULL, &result, &error), ==, CS_OK);
  g_assert_true(result.converged);
  g_assert_cmpint(result.beats, <, 24 + MAP_EXTRA_BEATS);
  cs_model_free(m);
}

/* A patient fitted by the command line (a woman of 28, EF 41 %, EDV 209 ml at 125 /min, blood
 * pressure 144/96; `cardiotwin-sim --fit`, thirty-eighth session) on dobutamine 10 mcg/kg/min,
 * her sinus node at ~172 /min: Anderson's residual wandered between 1 and 30 ml for 400 beats and
 * the search reported no steady state, where plain iteration from rest settles. An extrapolation
 * that finds no smaller residual in STALL_BEATS beats now counts as failed, and the search backs
 * off to plain iteration as after a failed beat; in the app's chunks of 25 beats too, since the
 * model keeps the back-off across calls. From the search's state plain iteration finds a cycle
 * of several beats of one timing (the heart rate within 0.4 bpm), from rest the fixed point: the
 * two answers agree within 0.2 % of the stroke volume. */
static const char *const stalled_extrapolation_case =
    "body_weight_kg=97 "
    "lv_free_wall_end_systolic_elastance_mmhg_ml=2.4129999999999998 "
    "lv_free_wall_dead_volume_ml=5 "
    "lv_free_wall_edpvr_scale_mmhg=0.84999999999999998 "
    "lv_free_wall_edpvr_stiffness_per_ml=0.0029680000000000002 "
    "lv_free_wall_edpvr_zero_volume_ml=0 "
    "septum_end_systolic_elastance_mmhg_ml=48.753999999999998 "
    "septum_dead_volume_ml=2 "
    "septum_edpvr_scale_mmhg=1.1101000000000001 "
    "septum_edpvr_stiffness_per_ml=0.435 "
    "septum_edpvr_zero_volume_ml=2 "
    "rv_free_wall_end_systolic_elastance_mmhg_ml=0.5837 "
    "rv_free_wall_dead_volume_ml=30 "
    "rv_free_wall_edpvr_scale_mmhg=0.80000000000000004 "
    "rv_free_wall_edpvr_stiffness_per_ml=0.02 "
    "rv_free_wall_edpvr_zero_volume_ml=30 "
    "left_atrium_end_systolic_elastance_mmhg_ml=0.5 "
    "left_atrium_dead_volume_ml=10 "
    "left_atrium_edpvr_scale_mmhg=0.5 "
    "left_atrium_edpvr_stiffness_per_ml=0.059999999999999998 "
    "left_atrium_edpvr_zero_volume_ml=10 "
    "right_atrium_end_systolic_elastance_mmhg_ml=0.5 "
    "right_atrium_dead_volume_ml=10 "
    "right_atrium_edpvr_scale_mmhg=1 "
    "right_atrium_edpvr_stiffness_per_ml=0.044999999999999998 "
    "right_atrium_edpvr_zero_volume_ml=10 "
    "pericardium_scale_mmhg=0.50029999999999997 "
    "pericardium_stiffness_per_ml=0.029999999999999999 "
    "pericardium_zero_volume_ml=418 "
    "intrathoracic_pressure_mmhg=-4 "
    "mitral_resistance_mmhg_s_ml=0.002 "
    "mitral_effective_orifice_area_cm2=5 "
    "mitral_regurgitant_orifice_area_cm2=0 "
    "aortic_resistance_mmhg_s_ml=0.001 "
    "aortic_effective_orifice_area_cm2=3.5 "
    "aortic_regurgitant_orifice_area_cm2=0 "
    "tricuspid_resistance_mmhg_s_ml=0.002 "
    "tricuspid_effective_orifice_area_cm2=7 "
    "tricuspid_regurgitant_orifice_area_cm2=0 "
    "pulmonary_valve_resistance_mmhg_s_ml=0.001 "
    "pulmonary_valve_effective_orifice_area_cm2=3.5 "
    "pulmonary_valve_regurgitant_orifice_area_cm2=0 "
    "mitral_functional_reference_edv_ml=0 "
    "systemic_characteristic_impedance_mmhg_s_ml=0.031890000000000002 "
    "systemic_arterial_compliance_ml_mmhg=1.393 "
    "systemic_arterial_unstressed_volume_ml=574.89999999999998 "
    "systemic_vascular_resistance_mmhg_s_ml=0.61429999999999996 "
    "systemic_venous_compliance_ml_mmhg=65.969999999999999 "
    "systemic_venous_unstressed_volume_ml=2114 "
    "systemic_venous_return_resistance_mmhg_s_ml=0.029999999999999999 "
    "pulmonary_characteristic_impedance_mmhg_s_ml=0.02 "
    "pulmonary_arterial_compliance_ml_mmhg=8.1289999999999996 "
    "pulmonary_arterial_unstressed_volume_ml=90 "
    "pulmonary_vascular_resistance_mmhg_s_ml=0.01538 "
    "pulmonary_venous_compliance_ml_mmhg=25.370000000000001 "
    "pulmonary_venous_unstressed_volume_ml=120 "
    "pulmonary_venous_return_resistance_mmhg_s_ml=0.0080000000000000002 "
    "total_blood_volume_ml=4618 "
    "sinus_rate_bpm=125 "
    "pr_interval_ms=160 "
    "interatrial_conduction_ms=14 "
    "atrial_electromechanical_delay_ms=40 "
    "lv_long_axis_mm=96.019999999999996 "
    "lv_end_diastolic_diameter_mm=54.219999999999999 "
    "myocardial_conduction_velocity_m_s=0.59999999999999998 "
    "purkinje_conduction_velocity_m_s=2 "
    "sarcomere_max_velocity_um_s=7 "
    "scar_stiffness_ratio=5 "
    "force_frequency_per_bpm=0.016 "
    "baroreflex_set_point_mmhg=119.7 "
    "baroreflex_gain_scale=1 "
    "baroreflex_heart_rate_gain_scale=0.95499999999999996 "
    "cardiopulmonary_set_point_mmhg=4.9260000000000002 "
    "cardiopulmonary_reflex_gain_scale=1 "
    "beta1_chronotropic_scale=0.97060000000000002 "
    "conduction=0 scar=0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0 "
    "pacing=none rate=60 av=120 baroreflex=1 dobutamine=10";

static void test_regression_stalled_extrapolation_settles(void)
{
  CsParams p;
  CsTherapy t;
  CsError error = {{0}};
  CsSteadyStateOptions options;
  CsSteadyStateResult result = {0};
  CsModel *m;
  double sv_ml;
  int done = 0;

  parse_case(stalled_extrapolation_case, &p, &t);
  m = cs_model_new(&p, &t, &error);
  g_assert_nonnull(m);
  g_assert_cmpint(cs_model_run_to_steady_state(m, NULL, &result, &error), ==, CS_OK);
  g_assert_true(result.converged);
  g_test_message("one call: %d beats, a cycle of %d", result.beats, result.period_beats);
  sv_ml = cs_model_indices(m)->sv_ml;
  cs_model_free(m);

  /* As the app searches (ct-sim-worker.c). */
  m = cs_model_new(&p, &t, &error);
  g_assert_nonnull(m);
  cs_steady_state_options_default(&options);
  options.max_beats = 25;
  for (;;) {
    CsStatus status = cs_model_run_to_steady_state(m, &options, &result, &error);

    done += result.beats;
    if (status == CS_OK)
      break;
    g_assert_cmpint(status, ==, CS_ERROR_NOT_CONVERGED);
    g_assert_cmpint(done, <, 400);
  }
  g_test_message("chunks of 25: %d beats, a cycle of %d", done, result.period_beats);
  g_assert_cmpfloat(fabs(cs_model_indices(m)->sv_ml - sv_ml), <, 0.002 * sv_ml);
  cs_model_free(m);
}

/* A circulation drawn anywhere (the anywhere property's case 0 at
 * CT_PROPERTY_SEED=13283117973575144505, thirty-eighth session: LV-only CRT tracking a sinus
 * node at 91 /min, the MAP ~290 mmHg, beyond any patient's) whose beats alternate, every one
 * paced alike: stroke volumes of ~48 and ~58 ml then (plain iteration from rest: a cycle of six,
 * 42-54 ml). The search accepted only cycles where paced and sensed beats take turns and
 * reported no steady state after 400 beats. A cycle of one timing is accepted where its one-beat
 * change keeps its size from one cycle to the next (CYCLE_PERSISTENCE), as alternation persists
 * in patients (pulsus alternans), and an oscillating approach to a fixed point, whose change dies
 * away, is not. */
static const char *const alternating_beats_case =
    "body_weight_kg=242.51057070180948 "
    "lv_free_wall_end_systolic_elastance_mmhg_ml=0.20000000000000001 "
    "lv_free_wall_dead_volume_ml=-44.602714870540616 "
    "lv_free_wall_edpvr_scale_mmhg=0.18367842738419082 "
    "lv_free_wall_edpvr_stiffness_per_ml=0.16172113554223994 "
    "lv_free_wall_edpvr_zero_volume_ml=31.453908299100704 "
    "septum_end_systolic_elastance_mmhg_ml=157.43869977274176 "
    "septum_dead_volume_ml=94.555230433547734 "
    "septum_edpvr_scale_mmhg=0.0082274320586053443 "
    "septum_edpvr_stiffness_per_ml=0.0016457687222306021 "
    "septum_edpvr_zero_volume_ml=-24.223710846791512 "
    "rv_free_wall_end_systolic_elastance_mmhg_ml=1.2883164764809711 "
    "rv_free_wall_dead_volume_ml=39.199291979035024 "
    "rv_free_wall_edpvr_scale_mmhg=1.5214798587479073 "
    "rv_free_wall_edpvr_stiffness_per_ml=0.14452914178398923 "
    "rv_free_wall_edpvr_zero_volume_ml=148.45876709483267 "
    "left_atrium_end_systolic_elastance_mmhg_ml=0.19325879514581545 "
    "left_atrium_dead_volume_ml=111.04848775037343 "
    "left_atrium_edpvr_scale_mmhg=0.17058572870692212 "
    "left_atrium_edpvr_stiffness_per_ml=0.013236791132071674 "
    "left_atrium_edpvr_zero_volume_ml=52.589547193583343 "
    "right_atrium_end_systolic_elastance_mmhg_ml=0.032747678976425658 "
    "right_atrium_dead_volume_ml=104.00151851104917 "
    "right_atrium_edpvr_scale_mmhg=0.020473574395273659 "
    "right_atrium_edpvr_stiffness_per_ml=0.0054634077274411481 "
    "right_atrium_edpvr_zero_volume_ml=57.52141897352513 "
    "pericardium_scale_mmhg=2.8533006425625853 "
    "pericardium_stiffness_per_ml=0.021943677800858138 "
    "pericardium_zero_volume_ml=101.84992943749415 "
    "intrathoracic_pressure_mmhg=-11.819024549000513 "
    "mitral_resistance_mmhg_s_ml=0.037859060581113033 "
    "mitral_effective_orifice_area_cm2=0.46852689860095181 "
    "mitral_regurgitant_orifice_area_cm2=0.7364803443408946 "
    "aortic_resistance_mmhg_s_ml=0.0031539871621466971 "
    "aortic_effective_orifice_area_cm2=8.7340503801722207 "
    "aortic_regurgitant_orifice_area_cm2=0.038486909446657336 "
    "tricuspid_resistance_mmhg_s_ml=0.023415114853596382 "
    "tricuspid_effective_orifice_area_cm2=2.788635026002459 "
    "tricuspid_regurgitant_orifice_area_cm2=0.25300064987510207 "
    "pulmonary_valve_resistance_mmhg_s_ml=0.077552570397143944 "
    "pulmonary_valve_effective_orifice_area_cm2=0.96692517949345602 "
    "pulmonary_valve_regurgitant_orifice_area_cm2=0.70578856215951946 "
    "mitral_functional_reference_edv_ml=418.18690716335192 "
    "systemic_characteristic_impedance_mmhg_s_ml=0.012061709303176901 "
    "systemic_arterial_compliance_ml_mmhg=2.3828394759762137 "
    "systemic_arterial_unstressed_volume_ml=788.55358609714483 "
    "systemic_vascular_resistance_mmhg_s_ml=0.28869178025308923 "
    "systemic_venous_compliance_ml_mmhg=16.514306435209946 "
    "systemic_venous_unstressed_volume_ml=1051.6633720756956 "
    "systemic_venous_return_resistance_mmhg_s_ml=0.31672746110461519 "
    "pulmonary_characteristic_impedance_mmhg_s_ml=0.00348990437850064 "
    "pulmonary_arterial_compliance_ml_mmhg=0.54205010815130972 "
    "pulmonary_arterial_unstressed_volume_ml=0 "
    "pulmonary_vascular_resistance_mmhg_s_ml=0.019359495521789179 "
    "pulmonary_venous_compliance_ml_mmhg=2.8687723438225206 "
    "pulmonary_venous_unstressed_volume_ml=627.1459574966766 "
    "pulmonary_venous_return_resistance_mmhg_s_ml=0.066315260506099996 "
    "total_blood_volume_ml=12000 "
    "sinus_rate_bpm=124.38835046329899 "
    "pr_interval_ms=330.22794524688015 "
    "interatrial_conduction_ms=73.697202379636366 "
    "atrial_electromechanical_delay_ms=71.014795183429641 "
    "lv_long_axis_mm=73.221600652421458 "
    "lv_end_diastolic_diameter_mm=68.744311919486776 "
    "myocardial_conduction_velocity_m_s=1.3482403315862197 "
    "purkinje_conduction_velocity_m_s=2.5442482145082508 "
    "sarcomere_max_velocity_um_s=1.9643133038238416 "
    "scar_stiffness_ratio=1 "
    "force_frequency_per_bpm=0.0046733203882595694 "
    "baroreflex_set_point_mmhg=106.7386051649068 "
    "baroreflex_gain_scale=1.2111291715060919 "
    "baroreflex_heart_rate_gain_scale=0.97524150338624527 "
    "cardiopulmonary_set_point_mmhg=12.335422137430319 "
    "cardiopulmonary_reflex_gain_scale=0.96049097433322483 "
    "beta1_chronotropic_scale=0.46822070822083867 "
    "conduction=1 "
    "scar=0.24330752387301602,0,0.1641862937961498,0,0,0,0,0,0,0.026511778047872414,0,0,0,1,0,0,0."
    "68089826390930996 "
    "pacing=CRT "
    "rate=72.35785073497712 "
    "av=117.14582490404321 "
    "vv=7.5519151552161503 "
    "lead=16 "
    "rv_site=0 "
    "lv_only=1 "
    "lvad=0 "
    "speed=3395.9086783280945 "
    "baroreflex=1";

static void test_regression_alternating_beats(void)
{
  CsModel *m;
  CsSteadyStateOptions options;
  CsSteadyStateResult result = {0};
  CsError error = {{0}};
  CsParams p;
  CsTherapy t;
  double sv_least_ml = INFINITY, sv_most_ml = -INFINITY, sv_mean_ml = 0.0, cycle_sv_ml;
  CsCycle cycle;
  int k;

  parse_case(alternating_beats_case, &p, &t);
  m = cs_model_new(&p, &t, &error);
  g_assert_nonnull(m);
  /* Plain iteration, beat after beat from rest as the heart itself goes (below). */
  cs_steady_state_options_default(&options);
  options.accelerate = 0;
  g_assert_cmpint(cs_model_run_to_steady_state(m, &options, &result, &error), ==, CS_OK);
  g_assert_true(result.converged);
  k = result.period_beats;
  g_assert_cmpint(k, >=, 2);
  cycle_sv_ml = cs_model_indices(m)->sv_ml;
  cs_model_cycle(m, &cycle);
  for (int b = 0; b < k; b++) {
    g_assert_cmpint(cs_model_run_beat(m, &error), ==, CS_OK);
    g_assert_true(cs_model_ventricular_pacing(m));
    g_assert_false(cs_model_atrial_pacing(m));
    sv_least_ml = fmin(sv_least_ml, cs_model_indices(m)->sv_ml);
    sv_most_ml = fmax(sv_most_ml, cs_model_indices(m)->sv_ml);
    sv_mean_ml += cs_model_indices(m)->sv_ml / k;
  }
  g_test_message("a cycle of %d after %d beats: stroke volume %.2f-%.2f ml", k, result.beats,
                 sv_least_ml, sv_most_ml);
  /* What the model said of its cycle (cs_model_cycle, as the app shows it) is what its beats
   * then do; a beat run alone is one beat again. */
  g_assert_cmpint(cycle.beats, ==, k);
  g_assert_false(cycle.mixed_timing);
  g_assert_cmpfloat(fabs(cycle.sv_least_ml - sv_least_ml), <, 0.05);
  g_assert_cmpfloat(fabs(cycle.sv_most_ml - sv_most_ml), <, 0.05);
  cs_model_cycle(m, &cycle);
  g_assert_cmpint(cycle.beats, ==, 1);
  g_assert_cmpfloat(cycle.sv_least_ml, ==, cs_model_indices(m)->sv_ml);
  /* Alternation, not rounding: plain iteration from rest falls into a cycle of six beats of
   * 41.9-54.2 ml, which the beats keep (3000 beats run on). */
  g_assert_cmpfloat(sv_most_ml - sv_least_ml, >, 0.5);
  g_assert_cmpfloat(fabs(sv_mean_ml - cycle_sv_ml), <, 0.01 * cycle_sv_ml);
  cs_model_free(m);

  /* The circulation has coexisting attractors, and which one the accelerated search reports
   * depends on its path (docs/engine.md, limits): a cycle of 50.6 and 51.4 ml from the fortieth
   * session; since its extrapolations carry the segments' states (forty-fifth session), a
   * one-beat steady state of 50.9 ml, which the beats keep as well (3000 beats run on: 50.954
   * ml), where an alternation moves each beat by ~0.4 ml. Whatever it reports, the beats after it
   * do. */
  m = cs_model_new(&p, &t, &error);
  g_assert_nonnull(m);
  g_assert_cmpint(cs_model_run_to_steady_state(m, NULL, &result, &error), ==, CS_OK);
  g_assert_true(result.converged);
  g_test_message("accelerated: a cycle of %d after %d beats, stroke volume %.3f ml",
                 result.period_beats, result.beats, cs_model_indices(m)->sv_ml);
  if (result.period_beats > 1) {
    check_cycle_persists(m, result.period_beats, "the alternating circulation",
                         alternating_beats_case);
  } else {
    double sv_ml = cs_model_indices(m)->sv_ml, farthest_ml = 0.0;
    for (int b = 0; b < 300; b++) {
      g_assert_cmpint(cs_model_run_beat(m, &error), ==, CS_OK);
      farthest_ml = fmax(farthest_ml, fabs(cs_model_indices(m)->sv_ml - sv_ml));
    }
    g_test_message("the 300 beats after it within %.4f ml", farthest_ml);
    g_assert_cmpfloat(farthest_ml, <, 0.002 * sv_ml);
  }
  cs_model_free(m);
}

static const char *const handoff_peak_case =
    "body_weight_kg=92.390959545897886 "
    "lv_free_wall_end_systolic_elastance_mmhg_ml=0.91761074878938298 "
    "lv_free_wall_dead_volume_ml=22.028650331275056 "
    "lv_free_wall_edpvr_scale_mmhg=0.10817864185244858 "
    "lv_free_wall_edpvr_stiffness_per_ml=0.025410607322990487 "
    "lv_free_wall_edpvr_zero_volume_ml=42.081602003705491 "
    "septum_end_systolic_elastance_mmhg_ml=56.527290167794149 "
    "septum_dead_volume_ml=2.3240532355459007 septum_edpvr_scale_mmhg=1.0299181504417685 "
    "septum_edpvr_stiffness_per_ml=0.4479073142123412 "
    "septum_edpvr_zero_volume_ml=1.8044656091769673 "
    "rv_free_wall_end_systolic_elastance_mmhg_ml=0.2942524352585198 rv_free_wall_dead_volume_ml=0 "
    "rv_free_wall_edpvr_scale_mmhg=0.73748461001433219 "
    "rv_free_wall_edpvr_stiffness_per_ml=0.02458950965158635 rv_free_wall_edpvr_zero_volume_ml=0 "
    "left_atrium_end_systolic_elastance_mmhg_ml=0.49178727104630743 "
    "left_atrium_dead_volume_ml=12.387873156088743 "
    "left_atrium_edpvr_scale_mmhg=0.47736412591133859 "
    "left_atrium_edpvr_stiffness_per_ml=0.049206512208844061 "
    "left_atrium_edpvr_zero_volume_ml=11.275823609021373 "
    "right_atrium_end_systolic_elastance_mmhg_ml=0.44710165782460332 "
    "right_atrium_dead_volume_ml=8.4946588058196948 "
    "right_atrium_edpvr_scale_mmhg=0.90008545000634865 "
    "right_atrium_edpvr_stiffness_per_ml=0.052026271222314409 "
    "right_atrium_edpvr_zero_volume_ml=11.150251338736577 "
    "pericardium_scale_mmhg=0.53103559933326239 pericardium_stiffness_per_ml=0.027239946146745558 "
    "pericardium_zero_volume_ml=362.9596555876081 intrathoracic_pressure_mmhg=-3.6357445782576328 "
    "mitral_resistance_mmhg_s_ml=0.0017733497734359843 "
    "mitral_effective_orifice_area_cm2=4.7344251908558324 mitral_regurgitant_orifice_area_cm2=0 "
    "aortic_resistance_mmhg_s_ml=0.0011321602901161918 "
    "aortic_effective_orifice_area_cm2=4.0274338373613325 aortic_regurgitant_orifice_area_cm2=0 "
    "tricuspid_resistance_mmhg_s_ml=0.0023125945632118975 "
    "tricuspid_effective_orifice_area_cm2=8.7069270804677785 "
    "tricuspid_regurgitant_orifice_area_cm2=0 "
    "pulmonary_valve_resistance_mmhg_s_ml=0.00087652771874539425 "
    "pulmonary_valve_effective_orifice_area_cm2=3.18694081817394 "
    "pulmonary_valve_regurgitant_orifice_area_cm2=0 mitral_functional_reference_edv_ml=0 "
    "systemic_characteristic_impedance_mmhg_s_ml=0.042369443168698034 "
    "systemic_arterial_compliance_ml_mmhg=1.8451587192709185 "
    "systemic_arterial_unstressed_volume_ml=638.46678825306299 "
    "systemic_vascular_resistance_mmhg_s_ml=0.91702384463000319 "
    "systemic_venous_compliance_ml_mmhg=71.196679526968154 "
    "systemic_venous_unstressed_volume_ml=2312.4111976872009 "
    "systemic_venous_return_resistance_mmhg_s_ml=0.025870351896936528 "
    "pulmonary_characteristic_impedance_mmhg_s_ml=0.020767635998228364 "
    "pulmonary_arterial_compliance_ml_mmhg=1.814047239367705 "
    "pulmonary_arterial_unstressed_volume_ml=94.448599629524452 "
    "pulmonary_vascular_resistance_mmhg_s_ml=0.076874803990883742 "
    "pulmonary_venous_compliance_ml_mmhg=22.036207009827365 "
    "pulmonary_venous_unstressed_volume_ml=101.4009551161539 "
    "pulmonary_venous_return_resistance_mmhg_s_ml=0.0098527774140263254 "
    "total_blood_volume_ml=5584.4182059312989 sinus_rate_bpm=86.853792895436442 "
    "pr_interval_ms=246.2546849717819 interatrial_conduction_ms=53.590502014747138 "
    "atrial_electromechanical_delay_ms=38.426994829409423 lv_long_axis_mm=121.56359204124479 "
    "lv_end_diastolic_diameter_mm=53.023332102632224 "
    "myocardial_conduction_velocity_m_s=0.67039737684652989 "
    "purkinje_conduction_velocity_m_s=2.278547333740502 "
    "sarcomere_max_velocity_um_s=8.5809138724310934 scar_stiffness_ratio=5.1089085823204838 "
    "force_frequency_per_bpm=0 baroreflex_set_point_mmhg=87.893269192179559 "
    "baroreflex_gain_scale=1.0784070999593516 baroreflex_heart_rate_gain_scale=0.22640580301742433 "
    "cardiopulmonary_set_point_mmhg=12.582867239132721 "
    "cardiopulmonary_reflex_gain_scale=0.16106962929894192 "
    "beta1_chronotropic_scale=0.31388892110334843 conduction=2 "
    "scar=0,0,0,0,0.90000000000000002,0,0,0,0,0,0.90000000000000002,0,0,0,0,0.90000000000000002,0 "
    "pacing=none rate=180 av=350 vv=46.563498607492477 lead=15 rv_site=0 lv_only=1 lvad=0 "
    "speed=8409.2710085086255 baroreflex=1";

/* A patient (case 1922 of the patients property at CT_PROPERTY_SEED=77043, 2026-11-29; replayed
 * alone as CT_PROPERTY_SEED=6722534756326979273) in right bundle branch block with three scarred
 * segments, at 86 /min with a PR of 246 ms: its relaxation's steepest fall comes 12-16 ms before
 * the beat's end, where the beat could not confirm it as a peak, and the next beat, 175 steps
 * after 176, began its own part of the contraction 3.99 samples before its start, one centre
 * short of it. The steady state reported a dP/dtmin of -30 mmHg/s, its beats after -1521. */
/* The steady state of the written-out patient @text (the patients property's budget) and the beat
 * after it read dP/dt alike (STEADY_BEAT_REPEATS), its dP/dtmin steeper than @steeper_than. */
static void assert_steady_dpdt_repeats(const char *text, double steeper_than)
{
  CsError error = {{0}};
  CsModel *m = settled_case(text, 400);
  CsIndices steady = *cs_model_indices(m);
  const CsIndices *after;

  g_assert_cmpint(cs_model_run_beat(m, &error), ==, CS_OK);
  after = cs_model_indices(m);
  g_test_message("dP/dt %.1f / %.1f mmHg/s at the steady state, %.1f / %.1f the beat after",
                 steady.dpdt_max_mmhg_s, steady.dpdt_min_mmhg_s, after->dpdt_max_mmhg_s,
                 after->dpdt_min_mmhg_s);
  g_assert_cmpfloat(steady.dpdt_min_mmhg_s, <, steeper_than);
  g_assert_cmpfloat(fabs(after->dpdt_max_mmhg_s - steady.dpdt_max_mmhg_s), <=,
                    STEADY_BEAT_REPEATS * fabs(steady.dpdt_max_mmhg_s) + 1.0);
  g_assert_cmpfloat(fabs(after->dpdt_min_mmhg_s - steady.dpdt_min_mmhg_s), <=,
                    STEADY_BEAT_REPEATS * fabs(steady.dpdt_min_mmhg_s) + 1.0);
  cs_model_free(m);
}

/* A patient (case 2783 of the patients property at CT_PROPERTY_SEED=4429, forty-fourth session;
 * replayed alone as CT_PROPERTY_SEED=2426634593708573916) paced VVI at 94 /min, with metoprolol,
 * nitroprusside and milrinone, whose reflex slows the sinus node towards the lower rate over tens
 * of beats. The search reported a steady state on a sensed beat 0.0 ms from the lower rate, and
 * the beat after it was paced: stroke volume 85.6 ml against 91.8. The clocks slide along the
 * boundary, the device taking a beat whenever the sinus node reaches its rate, and the search now
 * runs the beat after one on the boundary before it reports it (TIMING_BOUNDARY_S, cs-model.c).
 * Reported steady, the next beat must repeat it; reported as a cycle (since the forty-sixth
 * session, one of 66 paced and sensed beats after 264, stroke volume 85.6-100.1 ml), its beats
 * must keep it. */
static const char *const lower_rate_boundary_case =
    "body_weight_kg=65.879638047952255 "
    "lv_free_wall_end_systolic_elastance_mmhg_ml=2.3327622960469783 "
    "lv_free_wall_dead_volume_ml=4.1144590014957858 "
    "lv_free_wall_edpvr_scale_mmhg=1.0338666694134953 "
    "lv_free_wall_edpvr_stiffness_per_ml=0.024409358963954186 "
    "lv_free_wall_edpvr_zero_volume_ml=0 "
    "septum_end_systolic_elastance_mmhg_ml=53.783863525254084 "
    "septum_dead_volume_ml=2.3376969382360753 septum_edpvr_scale_mmhg=0.94002662601119014 "
    "septum_edpvr_stiffness_per_ml=0.51040556116189784 "
    "septum_edpvr_zero_volume_ml=2.1825920691549072 "
    "rv_free_wall_end_systolic_elastance_mmhg_ml=0.58235366176863801 "
    "rv_free_wall_dead_volume_ml=31.325576008116485 "
    "rv_free_wall_edpvr_scale_mmhg=0.64774805735522101 "
    "rv_free_wall_edpvr_stiffness_per_ml=0.01834762867211406 "
    "rv_free_wall_edpvr_zero_volume_ml=25.832688670126394 "
    "left_atrium_end_systolic_elastance_mmhg_ml=0.4044886961947794 "
    "left_atrium_dead_volume_ml=10.343269272217888 "
    "left_atrium_edpvr_scale_mmhg=0.54760810574290864 "
    "left_atrium_edpvr_stiffness_per_ml=0.074501028155721793 "
    "left_atrium_edpvr_zero_volume_ml=9.0312181589672882 "
    "right_atrium_end_systolic_elastance_mmhg_ml=0.57425003153692256 "
    "right_atrium_dead_volume_ml=9.0474531607074784 "
    "right_atrium_edpvr_scale_mmhg=0.93537501348201124 "
    "right_atrium_edpvr_stiffness_per_ml=0.043710352273594592 "
    "right_atrium_edpvr_zero_volume_ml=11.533101088749307 "
    "pericardium_scale_mmhg=0.59878790921808012 "
    "pericardium_stiffness_per_ml=0.024399923932919426 "
    "pericardium_zero_volume_ml=361.41284077017968 "
    "intrathoracic_pressure_mmhg=-4.3161880585849914 "
    "mitral_resistance_mmhg_s_ml=0.0024793967949866711 "
    "mitral_effective_orifice_area_cm2=4.7503174846947447 "
    "mitral_regurgitant_orifice_area_cm2=0 aortic_resistance_mmhg_s_ml=0.0010203215650183479 "
    "aortic_effective_orifice_area_cm2=3.9314322854275483 "
    "aortic_regurgitant_orifice_area_cm2=0 "
    "tricuspid_resistance_mmhg_s_ml=0.0016404912728012818 "
    "tricuspid_effective_orifice_area_cm2=7.5256579090116968 "
    "tricuspid_regurgitant_orifice_area_cm2=0 "
    "pulmonary_valve_resistance_mmhg_s_ml=0.00095640322458885217 "
    "pulmonary_valve_effective_orifice_area_cm2=4.1237512448260123 "
    "pulmonary_valve_regurgitant_orifice_area_cm2=0 mitral_functional_reference_edv_ml=0 "
    "systemic_characteristic_impedance_mmhg_s_ml=0.03635491767905797 "
    "systemic_arterial_compliance_ml_mmhg=1.8740923902060656 "
    "systemic_arterial_unstressed_volume_ml=684.57724738086358 "
    "systemic_vascular_resistance_mmhg_s_ml=0.76387728528639276 "
    "systemic_venous_compliance_ml_mmhg=61.075852113069452 "
    "systemic_venous_unstressed_volume_ml=2966.9258759440781 "
    "systemic_venous_return_resistance_mmhg_s_ml=0.036299385896482052 "
    "pulmonary_characteristic_impedance_mmhg_s_ml=0.02281877273630354 "
    "pulmonary_arterial_compliance_ml_mmhg=9.7770904458658112 "
    "pulmonary_arterial_unstressed_volume_ml=103.22783463347427 "
    "pulmonary_vascular_resistance_mmhg_s_ml=0.077039556882219085 "
    "pulmonary_venous_compliance_ml_mmhg=21.396437217994556 "
    "pulmonary_venous_unstressed_volume_ml=110.10570336673871 "
    "pulmonary_venous_return_resistance_mmhg_s_ml=0.0099877225507711571 "
    "total_blood_volume_ml=5344.2384369570082 sinus_rate_bpm=69.203071505012261 "
    "pr_interval_ms=164.06608365734536 interatrial_conduction_ms=16.135818263998075 "
    "atrial_electromechanical_delay_ms=40.952710037280241 lv_long_axis_mm=74.250183023019773 "
    "lv_end_diastolic_diameter_mm=52.294153166105829 "
    "myocardial_conduction_velocity_m_s=0.69449711186973606 "
    "purkinje_conduction_velocity_m_s=1.9510224028006846 "
    "sarcomere_max_velocity_um_s=6.1349289812801189 scar_stiffness_ratio=5.0789021717277452 "
    "force_frequency_per_bpm=0.015212783030340338 "
    "baroreflex_set_point_mmhg=106.71663165485747 baroreflex_gain_scale=0.94072529799082472 "
    "baroreflex_heart_rate_gain_scale=0.9944981232116622 "
    "cardiopulmonary_set_point_mmhg=3.1312270061142846 "
    "cardiopulmonary_reflex_gain_scale=1.1110521832280784 "
    "beta1_chronotropic_scale=0.88281278540129104 conduction=0 "
    "scar=0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0 pacing=VVI rate=94.112237604260358 "
    "av=33.454437972779559 vv=43.048601971851795 lead=3 rv_site=1 lv_only=0 lvad=0 "
    "speed=3279.7630958161171 baroreflex=1 metoprolol=13.449624759285728 "
    "nitroprusside=1.2447206298515912 milrinone=0.23964099985210846";

static void test_regression_lower_rate_boundary(void)
{
  CsError error = {{0}};
  CsSteadyStateResult result;
  CsStatus status;
  CsModel *m = searched_case(lower_rate_boundary_case, &status, &result);

  g_assert_true(status == CS_OK || status == CS_ERROR_NOT_CONVERGED);
  if (status == CS_OK && result.converged && result.period_beats == 1) {
    CsIndices steady = *cs_model_indices(m);

    g_assert_cmpint(cs_model_run_beat(m, &error), ==, CS_OK);
    g_assert_cmpfloat(fabs(cs_model_indices(m)->sv_ml - steady.sv_ml), <=,
                      STEADY_BEAT_REPEATS * steady.sv_ml + 0.2);
  } else if (status == CS_OK && result.converged) {
    check_cycle_persists(m, result.period_beats, "the lower rate's boundary",
                         lower_rate_boundary_case);
  }
  cs_model_free(m);
}

/* Slow oscillations of the reflex (cs-model.c, "Slow oscillations"), which the search reported as
 * steady or not by chance (forty-fifth session) and ran out its 400 beats on since its
 * extrapolations carry the LV segments. Case 2786 of the patients property at seed 4431 (replayed
 * alone as CT_PROPERTY_SEED=15820897502193037478): CRT tracking the sinus node at ~154 /min with
 * AV 302 ms, dobutamine 18.6 and milrinone 0.73 mcg/kg/min, the reflex on. Its fixed point repels
 * weakly and the circulation swings over 57 beats (22 s), stroke volume 63.0-63.3 ml; with the
 * reflex off it settles in 9 beats. A cycle of one timing longer than any of paced and sensed
 * beats, found within the default budget, that the beats then keep. */
static const char *const slow_oscillation_case =
    "body_weight_kg=60.481110074694449 "
    "lv_free_wall_end_systolic_elastance_mmhg_ml=3.0529363702714432 "
    "lv_free_wall_dead_volume_ml=4.7096284843368155 "
    "lv_free_wall_edpvr_scale_mmhg=0.77981453022744829 "
    "lv_free_wall_edpvr_stiffness_per_ml=0.020475243441366746 "
    "lv_free_wall_edpvr_zero_volume_ml=0 "
    "septum_end_systolic_elastance_mmhg_ml=59.675451491822791 "
    "septum_dead_volume_ml=2.1565924034303623 "
    "septum_edpvr_scale_mmhg=1.0467729100952003 "
    "septum_edpvr_stiffness_per_ml=0.53029321129213913 "
    "septum_edpvr_zero_volume_ml=1.9780938810322972 "
    "rv_free_wall_end_systolic_elastance_mmhg_ml=0.51076399823224372 "
    "rv_free_wall_dead_volume_ml=34.922953651507434 "
    "rv_free_wall_edpvr_scale_mmhg=0.88115472786307925 "
    "rv_free_wall_edpvr_stiffness_per_ml=0.024433492049833867 "
    "rv_free_wall_edpvr_zero_volume_ml=34.95459592164417 "
    "left_atrium_end_systolic_elastance_mmhg_ml=0.53496037481547409 "
    "left_atrium_dead_volume_ml=11.884314027021748 "
    "left_atrium_edpvr_scale_mmhg=0.50459769252916542 "
    "left_atrium_edpvr_stiffness_per_ml=0.054242256962321676 "
    "left_atrium_edpvr_zero_volume_ml=8.1851598917357844 "
    "right_atrium_end_systolic_elastance_mmhg_ml=0.45294242599444817 "
    "right_atrium_dead_volume_ml=9.2017002359311366 "
    "right_atrium_edpvr_scale_mmhg=1.060130489097316 "
    "right_atrium_edpvr_stiffness_per_ml=0.037191218755460803 "
    "right_atrium_edpvr_zero_volume_ml=8.6126324681988535 "
    "pericardium_scale_mmhg=0.54619672288411536 "
    "pericardium_stiffness_per_ml=0.025135528533112461 "
    "pericardium_zero_volume_ml=324.55866955888433 "
    "intrathoracic_pressure_mmhg=-4.4386814138013255 "
    "mitral_resistance_mmhg_s_ml=0.0017136075739183356 "
    "mitral_effective_orifice_area_cm2=5.562080862777389 "
    "mitral_regurgitant_orifice_area_cm2=0 "
    "aortic_resistance_mmhg_s_ml=0.00093096153281378572 "
    "aortic_effective_orifice_area_cm2=4.2121321018637499 "
    "aortic_regurgitant_orifice_area_cm2=0 "
    "tricuspid_resistance_mmhg_s_ml=0.0016557493022814657 "
    "tricuspid_effective_orifice_area_cm2=7.0709027880238882 "
    "tricuspid_regurgitant_orifice_area_cm2=0 "
    "pulmonary_valve_resistance_mmhg_s_ml=0.00099342937642567675 "
    "pulmonary_valve_effective_orifice_area_cm2=3.3261257570399629 "
    "pulmonary_valve_regurgitant_orifice_area_cm2=0 "
    "mitral_functional_reference_edv_ml=0 "
    "systemic_characteristic_impedance_mmhg_s_ml=0.047979238147744463 "
    "systemic_arterial_compliance_ml_mmhg=2.6286536178323723 "
    "systemic_arterial_unstressed_volume_ml=607.3290144648721 "
    "systemic_vascular_resistance_mmhg_s_ml=0.69012152328734355 "
    "systemic_venous_compliance_ml_mmhg=84.504773357731551 "
    "systemic_venous_unstressed_volume_ml=2267.2742136329884 "
    "systemic_venous_return_resistance_mmhg_s_ml=0.033097786797828779 "
    "pulmonary_characteristic_impedance_mmhg_s_ml=0.024841162434816523 "
    "pulmonary_arterial_compliance_ml_mmhg=9.8523495398458376 "
    "pulmonary_arterial_unstressed_volume_ml=73.018215926575323 "
    "pulmonary_vascular_resistance_mmhg_s_ml=0.083040868123171227 "
    "pulmonary_venous_compliance_ml_mmhg=31.116989080154628 "
    "pulmonary_venous_unstressed_volume_ml=100.79912276879273 "
    "pulmonary_venous_return_resistance_mmhg_s_ml=0.0089761265727490887 "
    "total_blood_volume_ml=4102.8821292535849 "
    "sinus_rate_bpm=72.420725327727666 "
    "pr_interval_ms=132.87711276108541 "
    "interatrial_conduction_ms=11.704227608037691 "
    "atrial_electromechanical_delay_ms=42.429132284066249 "
    "lv_long_axis_mm=68.262617312161197 "
    "lv_end_diastolic_diameter_mm=38.853042019645471 "
    "myocardial_conduction_velocity_m_s=0.67642790335516845 "
    "purkinje_conduction_velocity_m_s=2.3569366737367816 "
    "sarcomere_max_velocity_um_s=7.0162058122122097 "
    "scar_stiffness_ratio=6.0366681274123888 "
    "force_frequency_per_bpm=0.013095863929171527 "
    "baroreflex_set_point_mmhg=85.581999773085542 "
    "baroreflex_gain_scale=1.1888426772081098 "
    "baroreflex_heart_rate_gain_scale=0.9257588813217692 "
    "cardiopulmonary_set_point_mmhg=3.0182816151458742 "
    "cardiopulmonary_reflex_gain_scale=1.1346156319129053 "
    "beta1_chronotropic_scale=1.1727402377988654 "
    "conduction=0 "
    "scar=0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0 "
    "pacing=CRT "
    "rate=57.019236578585534 "
    "av=302.12143963898234 "
    "vv=-13.609491208609171 "
    "lead=5 "
    "rv_site=1 "
    "lv_only=0 "
    "lvad=0 "
    "speed=7861.1590675558909 "
    "baroreflex=1 "
    "dobutamine=18.565938178212487 "
    "nitroprusside=0 "
    "milrinone=0.72672491399063199";

/* Case 10576 at seed 4435 (CT_PROPERTY_SEED=10609406548016188840): LV-only CRT from AHA 2 tracking
 * the sinus node at ~160 /min with AV 325 ms, dobutamine 19.2 and milrinone 0.34: a swing of ~82.5
 * beats, no whole number, whose search stops where a beat's change dips under the tolerances at a
 * turning point (412 beats): a beat at the swing's crest, not its mean, as steady as the
 * tolerances ask (stroke volume within 0.37 % of each beat of the next two swings). */
static const char *const slow_oscillation_between_beats_case =
    "body_weight_kg=61.466332193327922 "
    "lv_free_wall_end_systolic_elastance_mmhg_ml=2.64226811720133 "
    "lv_free_wall_dead_volume_ml=5.0939652709515491 "
    "lv_free_wall_edpvr_scale_mmhg=0.9388992783410911 "
    "lv_free_wall_edpvr_stiffness_per_ml=0.020444707559607148 "
    "lv_free_wall_edpvr_zero_volume_ml=0 "
    "septum_end_systolic_elastance_mmhg_ml=39.238826816323524 "
    "septum_dead_volume_ml=1.6289697129949443 "
    "septum_edpvr_scale_mmhg=0.93604492853070509 "
    "septum_edpvr_stiffness_per_ml=0.40892160189991344 "
    "septum_edpvr_zero_volume_ml=1.9432176909184933 "
    "rv_free_wall_end_systolic_elastance_mmhg_ml=0.6254487537404092 "
    "rv_free_wall_dead_volume_ml=26.264175393338213 "
    "rv_free_wall_edpvr_scale_mmhg=0.73222897301823586 "
    "rv_free_wall_edpvr_stiffness_per_ml=0.022086817507574522 "
    "rv_free_wall_edpvr_zero_volume_ml=31.13404995550458 "
    "left_atrium_end_systolic_elastance_mmhg_ml=0.50764645762411054 "
    "left_atrium_dead_volume_ml=10.692457602044026 "
    "left_atrium_edpvr_scale_mmhg=0.45512113802905169 "
    "left_atrium_edpvr_stiffness_per_ml=0.073960997722642211 "
    "left_atrium_edpvr_zero_volume_ml=8.6155741446706191 "
    "right_atrium_end_systolic_elastance_mmhg_ml=0.59575982083088552 "
    "right_atrium_dead_volume_ml=11.448492338225332 "
    "right_atrium_edpvr_scale_mmhg=1.0238505471235253 "
    "right_atrium_edpvr_stiffness_per_ml=0.042517029318585212 "
    "right_atrium_edpvr_zero_volume_ml=8.5732364308209164 "
    "pericardium_scale_mmhg=0.52390287285752368 "
    "pericardium_stiffness_per_ml=0.035318688044213328 "
    "pericardium_zero_volume_ml=325.77531133762574 "
    "intrathoracic_pressure_mmhg=-4.584114840408982 "
    "mitral_resistance_mmhg_s_ml=0.0018101140115111185 "
    "mitral_effective_orifice_area_cm2=4.7923621469363002 "
    "mitral_regurgitant_orifice_area_cm2=0 "
    "aortic_resistance_mmhg_s_ml=0.00091563688493417005 "
    "aortic_effective_orifice_area_cm2=3.9013636548465422 "
    "aortic_regurgitant_orifice_area_cm2=0 "
    "tricuspid_resistance_mmhg_s_ml=0.0018087273168401869 "
    "tricuspid_effective_orifice_area_cm2=6.019753288247677 "
    "tricuspid_regurgitant_orifice_area_cm2=0 "
    "pulmonary_valve_resistance_mmhg_s_ml=0.00093795931453178726 "
    "pulmonary_valve_effective_orifice_area_cm2=3.0263792174296689 "
    "pulmonary_valve_regurgitant_orifice_area_cm2=0 "
    "mitral_functional_reference_edv_ml=0 "
    "systemic_characteristic_impedance_mmhg_s_ml=0.036288517703766045 "
    "systemic_arterial_compliance_ml_mmhg=2.6157895955400079 "
    "systemic_arterial_unstressed_volume_ml=541.62865679271522 "
    "systemic_vascular_resistance_mmhg_s_ml=0.66415571223544223 "
    "systemic_venous_compliance_ml_mmhg=61.954098554992484 "
    "systemic_venous_unstressed_volume_ml=3280.1585167054759 "
    "systemic_venous_return_resistance_mmhg_s_ml=0.025261939612350671 "
    "pulmonary_characteristic_impedance_mmhg_s_ml=0.016907710368641773 "
    "pulmonary_arterial_compliance_ml_mmhg=7.8683183841460345 "
    "pulmonary_arterial_unstressed_volume_ml=92.685116839799633 "
    "pulmonary_vascular_resistance_mmhg_s_ml=0.074350064430756951 "
    "pulmonary_venous_compliance_ml_mmhg=25.406776616078158 "
    "pulmonary_venous_unstressed_volume_ml=131.08811470262856 "
    "pulmonary_venous_return_resistance_mmhg_s_ml=0.0084402190746407143 "
    "total_blood_volume_ml=5531.3861595650997 "
    "sinus_rate_bpm=67.920119044230063 "
    "pr_interval_ms=153.40118422097174 "
    "interatrial_conduction_ms=17.107821601066259 "
    "atrial_electromechanical_delay_ms=39.8895865673678 "
    "lv_long_axis_mm=74.184667879321651 "
    "lv_end_diastolic_diameter_mm=48.86626710663397 "
    "myocardial_conduction_velocity_m_s=0.52744010948250819 "
    "purkinje_conduction_velocity_m_s=2.1348870661529951 "
    "sarcomere_max_velocity_um_s=8.4044552802123231 "
    "scar_stiffness_ratio=4.2414273985187378 "
    "force_frequency_per_bpm=0.017999074051668455 "
    "baroreflex_set_point_mmhg=107.37793164677831 "
    "baroreflex_gain_scale=1.1229009433297967 "
    "baroreflex_heart_rate_gain_scale=1.0225766249342707 "
    "cardiopulmonary_set_point_mmhg=2.9412261542358178 "
    "cardiopulmonary_reflex_gain_scale=0.87067705688834307 "
    "beta1_chronotropic_scale=1.1490084557391658 "
    "conduction=0 "
    "scar=0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0 "
    "pacing=CRT "
    "rate=30 "
    "av=325.0907970158305 "
    "vv=71.299197640694956 "
    "lead=2 "
    "rv_site=1 "
    "lv_only=1 "
    "lvad=0 "
    "speed=8954.9597182688958 "
    "baroreflex=1 "
    "dobutamine=19.230489931785229 "
    "milrinone=0.3392859823520239 "
    "nitroglycerin=0";

/* The case described by @text settled on a cycle longer than any of SHORT_CYCLE_BEATS (cs-model.c),
 * its beats of two timings or not (@mixed_timing); its search's @result and the model's @cycle. */
static CsModel *long_cycle_case(const char *text, gboolean mixed_timing,
                                CsSteadyStateResult *result, CsCycle *cycle)
{
  CsStatus status;
  CsModel *m = searched_case(text, &status, result);

  g_assert_cmpint(status, ==, CS_OK);
  g_assert_true(result->converged);
  g_assert_cmpint(result->period_beats, >, 12);
  cs_model_cycle(m, cycle);
  g_test_message("a cycle of %d beats, %.1f s, stroke volume %.2f-%.2f ml", cycle->beats,
                 60.0 * cycle->beats / cs_model_indices(m)->hr_bpm, cycle->sv_least_ml,
                 cycle->sv_most_ml);
  g_assert_cmpint(cycle->mixed_timing, ==, mixed_timing);
  return m;
}

static void test_regression_slow_oscillation(void)
{
  CsError error = {{0}};
  CsSteadyStateResult result;
  CsStatus status;
  CsCycle cycle;
  CsModel *m = long_cycle_case(slow_oscillation_case, FALSE, &result, &cycle);

  g_assert_cmpfloat(cycle.sv_most_ml - cycle.sv_least_ml, <, 1.0);
  check_cycle_persists(m, result.period_beats, "the slow oscillation", slow_oscillation_case);
  cs_model_free(m);

  m = searched_case(slow_oscillation_between_beats_case, &status, &result);
  g_assert_cmpint(status, ==, CS_OK);
  g_assert_true(result.converged);
  {
    /* Whatever it reports (a turning point's beat, or a cycle's means) lies on the swing of the
     * two swings after it, which stays within 1 % of its figures. */
    CsIndices reported = *cs_model_indices(m);
    double sv_least_ml = INFINITY, sv_most_ml = -INFINITY;
    double map_least_mmhg = INFINITY, map_most_mmhg = -INFINITY;

    for (int b = 0; b < 166; b++) {
      g_assert_cmpint(cs_model_run_beat(m, &error), ==, CS_OK);
      sv_least_ml = fmin(sv_least_ml, cs_model_indices(m)->sv_ml);
      sv_most_ml = fmax(sv_most_ml, cs_model_indices(m)->sv_ml);
      map_least_mmhg = fmin(map_least_mmhg, cs_model_indices(m)->map_mmhg);
      map_most_mmhg = fmax(map_most_mmhg, cs_model_indices(m)->map_mmhg);
    }
    g_test_message("reported after %d beats (a cycle of %d): stroke volume %.3f ml, MAP %.3f "
                   "mmHg; the 166 beats after: %.3f-%.3f ml, %.3f-%.3f mmHg",
                   result.beats, result.period_beats, reported.sv_ml, reported.map_mmhg,
                   sv_least_ml, sv_most_ml, map_least_mmhg, map_most_mmhg);
    g_assert_cmpfloat(sv_most_ml - sv_least_ml, <, 0.01 * reported.sv_ml);
    g_assert_cmpfloat(map_most_mmhg - map_least_mmhg, <, 0.01 * reported.map_mmhg);
    g_assert_cmpfloat(reported.sv_ml, >=, sv_least_ml - 0.001 * reported.sv_ml);
    g_assert_cmpfloat(reported.sv_ml, <=, sv_most_ml + 0.001 * reported.sv_ml);
    g_assert_cmpfloat(reported.map_mmhg, >=, map_least_mmhg - 0.001 * reported.map_mmhg);
    g_assert_cmpfloat(reported.map_mmhg, <=, map_most_mmhg + 0.001 * reported.map_mmhg);
  }
  cs_model_free(m);
}

/* Paced and sensed beats locked into a long cycle: case 389 of the patients property at seed 4431
 * (CT_PROPERTY_SEED=7344869958713285942), VVI at 56 /min with norepinephrine 0.44 mcg/kg/min,
 * whose reflex slows the sinus node to the lower rate. The device and the node take turns in a
 * cycle of 28 beats (stroke volume 76.5-88.3 ml), which the search, accepting cycles of up to 12,
 * ran its 400 beats on; it now finds it in 135. */
static const char *const long_competing_cycle_case =
    "body_weight_kg=68.54181398355486 "
    "lv_free_wall_end_systolic_elastance_mmhg_ml=2.8400792813932791 "
    "lv_free_wall_dead_volume_ml=4.6245697911708197 "
    "lv_free_wall_edpvr_scale_mmhg=0.84793081353533073 "
    "lv_free_wall_edpvr_stiffness_per_ml=0.021430910065999221 "
    "lv_free_wall_edpvr_zero_volume_ml=0 "
    "septum_end_systolic_elastance_mmhg_ml=51.216080387974891 "
    "septum_dead_volume_ml=1.6356347436069663 "
    "septum_edpvr_scale_mmhg=0.91771629121395404 "
    "septum_edpvr_stiffness_per_ml=0.36183269907611909 "
    "septum_edpvr_zero_volume_ml=1.8184741256803669 "
    "rv_free_wall_end_systolic_elastance_mmhg_ml=0.71082820533727897 "
    "rv_free_wall_dead_volume_ml=28.663152494715852 "
    "rv_free_wall_edpvr_scale_mmhg=0.67264896697903886 "
    "rv_free_wall_edpvr_stiffness_per_ml=0.020023252765698732 "
    "rv_free_wall_edpvr_zero_volume_ml=31.579686992706687 "
    "left_atrium_end_systolic_elastance_mmhg_ml=0.44083995746283339 "
    "left_atrium_dead_volume_ml=10.750234176931308 "
    "left_atrium_edpvr_scale_mmhg=0.4823190066984433 "
    "left_atrium_edpvr_stiffness_per_ml=0.063100574676632382 "
    "left_atrium_edpvr_zero_volume_ml=8.3655738724802244 "
    "right_atrium_end_systolic_elastance_mmhg_ml=0.46166179861676032 "
    "right_atrium_dead_volume_ml=10.265217595453812 "
    "right_atrium_edpvr_scale_mmhg=0.89187443039233516 "
    "right_atrium_edpvr_stiffness_per_ml=0.045019239155892496 "
    "right_atrium_edpvr_zero_volume_ml=9.4181538324630729 "
    "pericardium_scale_mmhg=0.5218871011966183 "
    "pericardium_stiffness_per_ml=0.024678583968093266 "
    "pericardium_zero_volume_ml=244.58550493608976 "
    "intrathoracic_pressure_mmhg=-4.6636014406351336 "
    "mitral_resistance_mmhg_s_ml=0.002465571722757692 "
    "mitral_effective_orifice_area_cm2=4.8918911521637725 "
    "mitral_regurgitant_orifice_area_cm2=0 "
    "aortic_resistance_mmhg_s_ml=0.0010331327717300204 "
    "aortic_effective_orifice_area_cm2=3.0666886096331494 "
    "aortic_regurgitant_orifice_area_cm2=0 "
    "tricuspid_resistance_mmhg_s_ml=0.0018755763099287369 "
    "tricuspid_effective_orifice_area_cm2=8.0291938391398094 "
    "tricuspid_regurgitant_orifice_area_cm2=0 "
    "pulmonary_valve_resistance_mmhg_s_ml=0.0012013596116133222 "
    "pulmonary_valve_effective_orifice_area_cm2=4.3392435061377146 "
    "pulmonary_valve_regurgitant_orifice_area_cm2=0 "
    "mitral_functional_reference_edv_ml=0 "
    "systemic_characteristic_impedance_mmhg_s_ml=0.043820702392452747 "
    "systemic_arterial_compliance_ml_mmhg=2.6022475121381636 "
    "systemic_arterial_unstressed_volume_ml=584.14041963825173 "
    "systemic_vascular_resistance_mmhg_s_ml=1.0090310353589189 "
    "systemic_venous_compliance_ml_mmhg=71.099016648455901 "
    "systemic_venous_unstressed_volume_ml=2736.6893613106922 "
    "systemic_venous_return_resistance_mmhg_s_ml=0.027927427318527473 "
    "pulmonary_characteristic_impedance_mmhg_s_ml=0.021312071108696293 "
    "pulmonary_arterial_compliance_ml_mmhg=7.9821825170142686 "
    "pulmonary_arterial_unstressed_volume_ml=84.10033172710105 "
    "pulmonary_vascular_resistance_mmhg_s_ml=0.074910922851100237 "
    "pulmonary_venous_compliance_ml_mmhg=28.52058442625853 "
    "pulmonary_venous_unstressed_volume_ml=149.86609610467502 "
    "pulmonary_venous_return_resistance_mmhg_s_ml=0.0064861348127350869 "
    "total_blood_volume_ml=4800.6657806635394 "
    "sinus_rate_bpm=59.605232391059047 "
    "pr_interval_ms=156.162163402202 "
    "interatrial_conduction_ms=15.067909115231551 "
    "atrial_electromechanical_delay_ms=44.492100259681763 "
    "lv_long_axis_mm=75.701930512554625 "
    "lv_end_diastolic_diameter_mm=43.323871033149501 "
    "myocardial_conduction_velocity_m_s=0.6858270648797099 "
    "purkinje_conduction_velocity_m_s=1.6424489917335816 "
    "sarcomere_max_velocity_um_s=8.1505054412055493 "
    "scar_stiffness_ratio=4.5352313567696996 "
    "force_frequency_per_bpm=0.015627729545274454 "
    "baroreflex_set_point_mmhg=98.194260244363633 "
    "baroreflex_gain_scale=0.88821603185866116 "
    "baroreflex_heart_rate_gain_scale=0.83372116706971355 "
    "cardiopulmonary_set_point_mmhg=2.922642282675044 "
    "cardiopulmonary_reflex_gain_scale=1.1865975905891948 "
    "beta1_chronotropic_scale=1.0756100660153829 "
    "conduction=2 "
    "scar=0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0 "
    "pacing=VVI "
    "rate=56.251433095578548 "
    "av=32.137992824247291 "
    "vv=11.956768562277205 "
    "lead=5 "
    "rv_site=1 "
    "lv_only=1 "
    "lvad=0 "
    "speed=7848.1056852998736 "
    "baroreflex=1 "
    "norepinephrine=0.44216683680192026";

static void test_regression_long_competing_cycle(void)
{
  CsSteadyStateResult result;
  CsCycle cycle;
  CsModel *m = long_cycle_case(long_competing_cycle_case, TRUE, &result, &cycle);

  check_cycle_persists(m, result.period_beats, "the long competing cycle",
                       long_competing_cycle_case);
  cs_model_free(m);
}

/* The mitral mean gradient of a demo twin at the default step against 0.1 ms (40 times finer), each
 * brought to a tight steady state as tests/integrator-sweep.c brings them. */
static double mitral_gradient_error(const char *demo, const CsTherapy *t,
                                    double aortic_regurgitant_cm2, double mitral_regurgitant_cm2)
{
  g_autoptr(GError) load_error = NULL;
  g_autoptr(CtTwin) twin = ct_twin_new_from_demo(demo, &load_error);
  CsParams p;
  double gradient_mmhg[2];

  g_assert_no_error(load_error);
  p = *ct_twin_get_params(twin);
  p.aortic.regurgitant_orifice_area_cm2 = aortic_regurgitant_cm2;
  p.mitral.regurgitant_orifice_area_cm2 = mitral_regurgitant_cm2;
  for (int fine = 0; fine < 2; fine++) {
    CsError error = {{0}};
    CsSteadyStateOptions options;
    CsSteadyStateResult result;
    CsModel *m = cs_model_new(&p, t, &error);

    g_assert_nonnull(m);
    cs_steady_state_options_default(&options);
    options.volume_tolerance_ml = 1e-4;
    options.effector_tolerance = 1e-7;
    if (fine)
      g_assert_cmpint(cs_model_set_max_time_step_ms(m, 0.1, &error), ==, CS_OK);
    g_assert_cmpint(cs_model_run_to_steady_state(m, &options, &result, &error), ==, CS_OK);
    gradient_mmhg[fine] = cs_model_indices(m)->mitral_mean_gradient_mmhg;
    cs_model_free(m);
  }
  g_test_message("%s: mitral mean gradient %.4f mmHg at the default step, %.4f at 0.1 ms", demo,
                 gradient_mmhg[0], gradient_mmhg[1]);
  /* Where the cases were found (1.74 and 1.68 mmHg): a change to the model that moves them far
   * needs the cases drawn again, which may no longer meet the waves they were chosen for. */
  g_assert_cmpfloat(gradient_mmhg[1], >, 1.6);
  g_assert_cmpfloat(gradient_mmhg[1], <, 1.8);
  return fabs(gradient_mmhg[0] / gradient_mmhg[1] - 1.0);
}

/* Two cases of the integrator sweep (docs/engine.md) in which the mitral mean gradient moved with
 * the step, both `ischemic-scar` paced DDD at 97 /min. With an AV delay of 245 ms and a small
 * mitral leak, a weak atrial contraction opens the valve for a few milliseconds after a stretch of
 * diastolic backflow, its wave peaking between two samples of the 4 ms step: 2.64 against 1.73
 * mmHg before the trace looked between samples (cs-indices.c, wave_may_peak_between). With an AV
 * delay of 94 ms and aortic regurgitation, the faint diastolic inflow on which the trace ends
 * wavers at the 4 ms step (16-32 ml/s against 28-34): 1.98 against 1.71 mmHg before the trace read
 * the steps' mean flows (cs_indices_trace_flows). Both within 1 % since (0.4 and 0.3 %). */
static void test_regression_mitral_gradient_step(void)
{
  CsTherapy t;

  cs_therapy_default(&t);
  t.pacing.mode = CS_PACING_DDD;
  t.pacing.rate_bpm = 97.0;
  t.pacing.av_delay_ms = 245.0;
  g_assert_cmpfloat(mitral_gradient_error("ischemic-scar", &t, 0.0, 0.09), <, 0.01);
  t.pacing.av_delay_ms = 94.0;
  g_assert_cmpfloat(mitral_gradient_error("ischemic-scar", &t, 0.13, 0.0), <, 0.01);
}

static void test_regression_dpdt_at_handoff(void)
{
  /* The beats after read -1521 mmHg/s, the old reading -30. */
  assert_steady_dpdt_repeats(handoff_peak_case, -1000.0);
}

static const char *const unconfirmed_corner_case =
    "body_weight_kg=78.753003119878329 "
    "lv_free_wall_end_systolic_elastance_mmhg_ml=2.7457110908241229 "
    "lv_free_wall_dead_volume_ml=4.5051018269809289 "
    "lv_free_wall_edpvr_scale_mmhg=0.84641117528395138 "
    "lv_free_wall_edpvr_stiffness_per_ml=0.016820577191955441 lv_free_wall_edpvr_zero_volume_ml=0 "
    "septum_end_systolic_elastance_mmhg_ml=55.815906966586169 "
    "septum_dead_volume_ml=2.1276527274361943 septum_edpvr_scale_mmhg=0.89535931032551408 "
    "septum_edpvr_stiffness_per_ml=0.35863102747289149 "
    "septum_edpvr_zero_volume_ml=2.0793103848233074 "
    "rv_free_wall_end_systolic_elastance_mmhg_ml=0.49538556660562211 "
    "rv_free_wall_dead_volume_ml=25.380485723323556 "
    "rv_free_wall_edpvr_scale_mmhg=0.95560653431471099 "
    "rv_free_wall_edpvr_stiffness_per_ml=0.023703741921682914 "
    "rv_free_wall_edpvr_zero_volume_ml=34.035589996850526 "
    "left_atrium_end_systolic_elastance_mmhg_ml=0.42611946352439584 "
    "left_atrium_dead_volume_ml=11.017633682805258 "
    "left_atrium_edpvr_scale_mmhg=0.42871861236791847 "
    "left_atrium_edpvr_stiffness_per_ml=0.072261826014703254 "
    "left_atrium_edpvr_zero_volume_ml=11.045485620204232 "
    "right_atrium_end_systolic_elastance_mmhg_ml=0.47552075724455628 "
    "right_atrium_dead_volume_ml=8.5847400973774377 "
    "right_atrium_edpvr_scale_mmhg=1.044122413423116 "
    "right_atrium_edpvr_stiffness_per_ml=0.040926525334041237 "
    "right_atrium_edpvr_zero_volume_ml=10.176412856521891 "
    "pericardium_scale_mmhg=0.43227122405665624 pericardium_stiffness_per_ml=0.030100167916132979 "
    "pericardium_zero_volume_ml=285.30139234102711 intrathoracic_pressure_mmhg=-3.6125541114297004 "
    "mitral_resistance_mmhg_s_ml=0.0020427024506555042 "
    "mitral_effective_orifice_area_cm2=4.4006481487341551 mitral_regurgitant_orifice_area_cm2=0 "
    "aortic_resistance_mmhg_s_ml=0.0012304545506387561 "
    "aortic_effective_orifice_area_cm2=3.5962967820633622 aortic_regurgitant_orifice_area_cm2=0 "
    "tricuspid_resistance_mmhg_s_ml=0.0024509617373537585 "
    "tricuspid_effective_orifice_area_cm2=7.2321821320999247 "
    "tricuspid_regurgitant_orifice_area_cm2=0 "
    "pulmonary_valve_resistance_mmhg_s_ml=0.00097649385160462486 "
    "pulmonary_valve_effective_orifice_area_cm2=3.1253300506679409 "
    "pulmonary_valve_regurgitant_orifice_area_cm2=0 mitral_functional_reference_edv_ml=0 "
    "systemic_characteristic_impedance_mmhg_s_ml=0.046746992366500741 "
    "systemic_arterial_compliance_ml_mmhg=2.4051747763599414 "
    "systemic_arterial_unstressed_volume_ml=573.66741606513096 "
    "systemic_vascular_resistance_mmhg_s_ml=0.70473672670355014 "
    "systemic_venous_compliance_ml_mmhg=70.788127158574312 "
    "systemic_venous_unstressed_volume_ml=2858.2130389119443 "
    "systemic_venous_return_resistance_mmhg_s_ml=0.030916808377734136 "
    "pulmonary_characteristic_impedance_mmhg_s_ml=0.016005871382178741 "
    "pulmonary_arterial_compliance_ml_mmhg=8.635327421868066 "
    "pulmonary_arterial_unstressed_volume_ml=75.741987082648663 "
    "pulmonary_vascular_resistance_mmhg_s_ml=0.088369088344930041 "
    "pulmonary_venous_compliance_ml_mmhg=23.838250724014348 "
    "pulmonary_venous_unstressed_volume_ml=103.23221209104193 "
    "pulmonary_venous_return_resistance_mmhg_s_ml=0.0082783160476863939 "
    "total_blood_volume_ml=4898.3566139295899 sinus_rate_bpm=80.964377894721068 "
    "pr_interval_ms=140.64461016383109 interatrial_conduction_ms=13.826911285933573 "
    "atrial_electromechanical_delay_ms=39.275418232633569 lv_long_axis_mm=70.9389215546976 "
    "lv_end_diastolic_diameter_mm=38.456706502112439 "
    "myocardial_conduction_velocity_m_s=0.73227382591092838 "
    "purkinje_conduction_velocity_m_s=1.8324553309365414 "
    "sarcomere_max_velocity_um_s=7.718664718561647 scar_stiffness_ratio=4.9467570524024742 "
    "force_frequency_per_bpm=0.013480238423513547 baroreflex_set_point_mmhg=73.9896061099371 "
    "baroreflex_gain_scale=1.2219761137260323 baroreflex_heart_rate_gain_scale=1.0070548983599799 "
    "cardiopulmonary_set_point_mmhg=3.0269963812139089 "
    "cardiopulmonary_reflex_gain_scale=0.94931550466889136 "
    "beta1_chronotropic_scale=0.8794421151078663 conduction=1 "
    "scar=0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0 pacing=CRT rate=142.9635526458174 av=350 "
    "vv=-13.807852926217819 lead=3 rv_site=0 lv_only=1 lvad=1 speed=6413.3184494044217 "
    "baroreflex=0 norepinephrine=0.81089233685217188 dobutamine=9.0792593708558744";

/* A hyperdynamic patient (case 1594 of the patients property at CT_PROPERTY_SEED=20261125,
 * 2026-11-29; replayed alone as CT_PROPERTY_SEED=3822025281628835013): CRT at 143 /min with a
 * pump, the reflex off. Its steady beat, begun at an extrapolated state, is read as a first beat,
 * whose extremes need no confirmation: its relaxation's steepest fall lies at a valve's corner,
 * where the cubic through the samples read -3553 mmHg/s and the solver's pressure gives -5794,
 * more than DPDT_UNREFINED_MARGIN short of another candidate's -5608, so it was left unrefined and
 * the steady state reported -5631 where the beats after read -5794. */
static void test_regression_dpdt_unconfirmed_corner(void)
{
  /* The beats after read -5794 mmHg/s, the old reading -5631. */
  assert_steady_dpdt_repeats(unconfirmed_corner_case, -5700.0);
}

/* A patient in sinus rhythm at 136 /min on dobutamine 20 and milrinone 0.67 mcg/kg/min, the
 * reflex on (case 481 of the patients property at CT_PROPERTY_SEED=5, forty-sixth session, a
 * second reader's find; replayed alone as CT_PROPERTY_SEED=4835634042686400974). Each beat begins
 * with the LV at 77 mmHg, still ejecting, its pressure falling too slowly there for
 * pressure_moves_at_start, and the relaxation's steepest fall comes early in the beat. The steady
 * beat, begun where an extrapolation put it, read dP/dtmin -3404.7 mmHg/s where its beats after
 * read -3441 to -3446 (1.07 %, beyond the property's 1 %). The search now reports the beat after
 * such a beat (ventricle_active_at_start, cs-model.c). */
static const char *const active_at_start_case =
    "body_weight_kg=77.726871392406707 "
    "lv_free_wall_end_systolic_elastance_mmhg_ml=2.252532710916701 "
    "lv_free_wall_dead_volume_ml=4.8465173419612313 "
    "lv_free_wall_edpvr_scale_mmhg=0.69321246164674111 "
    "lv_free_wall_edpvr_stiffness_per_ml=0.017867660390836697 "
    "lv_free_wall_edpvr_zero_volume_ml=0 "
    "septum_end_systolic_elastance_mmhg_ml=56.868750567973429 "
    "septum_dead_volume_ml=1.9442262305861762 "
    "septum_edpvr_scale_mmhg=0.89152258379383453 "
    "septum_edpvr_stiffness_per_ml=0.37036433948365671 "
    "septum_edpvr_zero_volume_ml=2.4909662950187901 "
    "rv_free_wall_end_systolic_elastance_mmhg_ml=0.62468656644668941 "
    "rv_free_wall_dead_volume_ml=36.272539139541422 "
    "rv_free_wall_edpvr_scale_mmhg=0.77796306226006384 "
    "rv_free_wall_edpvr_stiffness_per_ml=0.021204058855286836 "
    "rv_free_wall_edpvr_zero_volume_ml=34.155205443822943 "
    "left_atrium_end_systolic_elastance_mmhg_ml=0.54008766387370177 "
    "left_atrium_dead_volume_ml=8.0427547837885243 "
    "left_atrium_edpvr_scale_mmhg=0.59087150317582582 "
    "left_atrium_edpvr_stiffness_per_ml=0.05463706646706596 "
    "left_atrium_edpvr_zero_volume_ml=12.166392864139752 "
    "right_atrium_end_systolic_elastance_mmhg_ml=0.56721849806230085 "
    "right_atrium_dead_volume_ml=11.051102938340682 "
    "right_atrium_edpvr_scale_mmhg=1.1113317417209996 "
    "right_atrium_edpvr_stiffness_per_ml=0.048035707334050132 "
    "right_atrium_edpvr_zero_volume_ml=10.643462403565405 "
    "pericardium_scale_mmhg=0.43791054319337358 "
    "pericardium_stiffness_per_ml=0.032203543746672045 "
    "pericardium_zero_volume_ml=253.35645477852719 "
    "intrathoracic_pressure_mmhg=-4.9409616134765875 "
    "mitral_resistance_mmhg_s_ml=0.0021501705531362715 "
    "mitral_effective_orifice_area_cm2=5.0556048418774422 "
    "mitral_regurgitant_orifice_area_cm2=0 "
    "aortic_resistance_mmhg_s_ml=0.0011147997008549612 "
    "aortic_effective_orifice_area_cm2=3.6264820785789809 "
    "aortic_regurgitant_orifice_area_cm2=0 "
    "tricuspid_resistance_mmhg_s_ml=0.0022280187189520685 "
    "tricuspid_effective_orifice_area_cm2=8.4715840840161807 "
    "tricuspid_regurgitant_orifice_area_cm2=0 "
    "pulmonary_valve_resistance_mmhg_s_ml=0.00091599657146533813 "
    "pulmonary_valve_effective_orifice_area_cm2=3.6037913615041535 "
    "pulmonary_valve_regurgitant_orifice_area_cm2=0 "
    "mitral_functional_reference_edv_ml=0 "
    "systemic_characteristic_impedance_mmhg_s_ml=0.040383547185799798 "
    "systemic_arterial_compliance_ml_mmhg=2.3556279239866753 "
    "systemic_arterial_unstressed_volume_ml=604.77549008604512 "
    "systemic_vascular_resistance_mmhg_s_ml=0.92482651864862098 "
    "systemic_venous_compliance_ml_mmhg=62.097046844412773 "
    "systemic_venous_unstressed_volume_ml=2295.8959449489935 "
    "systemic_venous_return_resistance_mmhg_s_ml=0.036829990734666952 "
    "pulmonary_characteristic_impedance_mmhg_s_ml=0.023164976032054134 "
    "pulmonary_arterial_compliance_ml_mmhg=9.075531747135182 "
    "pulmonary_arterial_unstressed_volume_ml=73.695643263547311 "
    "pulmonary_vascular_resistance_mmhg_s_ml=0.058605086498550472 "
    "pulmonary_venous_compliance_ml_mmhg=28.557075808049174 "
    "pulmonary_venous_unstressed_volume_ml=101.11553500647366 "
    "pulmonary_venous_return_resistance_mmhg_s_ml=0.0067276619239912067 "
    "total_blood_volume_ml=4431.8502230758731 "
    "sinus_rate_bpm=79.442263910968165 "
    "pr_interval_ms=188.17580775619578 "
    "interatrial_conduction_ms=14.461258083804122 "
    "atrial_electromechanical_delay_ms=47.510319105774094 "
    "lv_long_axis_mm=82.97352161952918 "
    "lv_end_diastolic_diameter_mm=47.504657509874157 "
    "myocardial_conduction_velocity_m_s=0.57704129617313749 "
    "purkinje_conduction_velocity_m_s=2.2463061399691169 "
    "sarcomere_max_velocity_um_s=7.4611199907791299 "
    "scar_stiffness_ratio=6.1106475066983865 "
    "force_frequency_per_bpm=0.019124581379305713 "
    "baroreflex_set_point_mmhg=80.658827869043691 "
    "baroreflex_gain_scale=1.1614662539793461 "
    "baroreflex_heart_rate_gain_scale=1.0581125276677721 "
    "cardiopulmonary_set_point_mmhg=2.5080617983974225 "
    "cardiopulmonary_reflex_gain_scale=0.81181038989457877 "
    "beta1_chronotropic_scale=0.83728803132840124 "
    "conduction=0 "
    "scar=0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0 "
    "pacing=none "
    "rate=180 "
    "av=189.52870480510455 "
    "vv=-25.696836686446943 "
    "lead=13 "
    "rv_site=1 "
    "lv_only=1 "
    "lvad=0 "
    "speed=3156.3649496224775 "
    "baroreflex=1 "
    "dobutamine=20 "
    "milrinone=0.67214415957346474";

static void test_regression_active_at_start(void)
{
  CsError error = {{0}};
  CsModel *m = settled_case(active_at_start_case, 100);
  CsIndices steady = *cs_model_indices(m);

  g_assert_cmpint(cs_model_run_beat(m, &error), ==, CS_OK);
  g_test_message("dP/dtmin %.1f mmHg/s at the steady state, %.1f the beat after",
                 steady.dpdt_min_mmhg_s, cs_model_indices(m)->dpdt_min_mmhg_s);
  g_assert_cmpfloat(steady.dpdt_min_mmhg_s, <, -3430.0);
  g_assert_cmpfloat(fabs(cs_model_indices(m)->dpdt_min_mmhg_s - steady.dpdt_min_mmhg_s), <,
                    0.003 * fabs(steady.dpdt_min_mmhg_s));
  cs_model_free(m);
}

static const char *const wandering_case =
    "body_weight_kg=150.78678546540669 "
    "lv_free_wall_end_systolic_elastance_mmhg_ml=2.1961773385593601 "
    "lv_free_wall_dead_volume_ml=39.991421328819456 "
    "lv_free_wall_edpvr_scale_mmhg=0.0017922478992974181 "
    "lv_free_wall_edpvr_stiffness_per_ml=0.0023760080851508961 "
    "lv_free_wall_edpvr_zero_volume_ml=60.704952912372264 "
    "septum_end_systolic_elastance_mmhg_ml=13.47205275016209 "
    "septum_dead_volume_ml=138.68141620730324 septum_edpvr_scale_mmhg=0.47729224256585068 "
    "septum_edpvr_stiffness_per_ml=0.033488104453345977 "
    "septum_edpvr_zero_volume_ml=46.57378497599241 "
    "rv_free_wall_end_systolic_elastance_mmhg_ml=0.081909559863827378 "
    "rv_free_wall_dead_volume_ml=-28.907274353329736 "
    "rv_free_wall_edpvr_scale_mmhg=0.13578894559879881 "
    "rv_free_wall_edpvr_stiffness_per_ml=0.070590242790695173 "
    "rv_free_wall_edpvr_zero_volume_ml=29.924014890560645 "
    "left_atrium_end_systolic_elastance_mmhg_ml=0.037894739627668116 "
    "left_atrium_dead_volume_ml=118.74577036110705 "
    "left_atrium_edpvr_scale_mmhg=0.92992691632276292 "
    "left_atrium_edpvr_stiffness_per_ml=0.01305434785691374 "
    "left_atrium_edpvr_zero_volume_ml=21.126635923808553 "
    "right_atrium_end_systolic_elastance_mmhg_ml=3 right_atrium_dead_volume_ml=-15.053052340670313 "
    "right_atrium_edpvr_scale_mmhg=0.01253304694598476 "
    "right_atrium_edpvr_stiffness_per_ml=0.0013816711437663848 "
    "right_atrium_edpvr_zero_volume_ml=94.552308301868067 pericardium_scale_mmhg=10 "
    "pericardium_stiffness_per_ml=0.20000000000000001 "
    "pericardium_zero_volume_ml=649.26469010141864 intrathoracic_pressure_mmhg=-5.0961093188459365 "
    "mitral_resistance_mmhg_s_ml=0.00020000000000000001 "
    "mitral_effective_orifice_area_cm2=0.93597377763267964 "
    "mitral_regurgitant_orifice_area_cm2=0.60585734706843997 "
    "aortic_resistance_mmhg_s_ml=0.040951548939837601 "
    "aortic_effective_orifice_area_cm2=1.4819708842944974 "
    "aortic_regurgitant_orifice_area_cm2=0.30373651770073251 "
    "tricuspid_resistance_mmhg_s_ml=0.0076712530358204042 "
    "tricuspid_effective_orifice_area_cm2=1.7897374198654217 "
    "tricuspid_regurgitant_orifice_area_cm2=0.10817506535311061 "
    "pulmonary_valve_resistance_mmhg_s_ml=0.0030757635254478107 "
    "pulmonary_valve_effective_orifice_area_cm2=8.7977820012004173 "
    "pulmonary_valve_regurgitant_orifice_area_cm2=0.78235238861238066 "
    "mitral_functional_reference_edv_ml=0 "
    "systemic_characteristic_impedance_mmhg_s_ml=0.3141676041388351 "
    "systemic_arterial_compliance_ml_mmhg=4.9083707120294209 "
    "systemic_arterial_unstressed_volume_ml=810.74168543386315 "
    "systemic_vascular_resistance_mmhg_s_ml=2.7994859699798145 "
    "systemic_venous_compliance_ml_mmhg=21.148256237778838 "
    "systemic_venous_unstressed_volume_ml=619.37025071900621 "
    "systemic_venous_return_resistance_mmhg_s_ml=0.0037890807230718066 "
    "pulmonary_characteristic_impedance_mmhg_s_ml=0.053564040005408806 "
    "pulmonary_arterial_compliance_ml_mmhg=3.2559001499789049 "
    "pulmonary_arterial_unstressed_volume_ml=339.48824662727031 "
    "pulmonary_vascular_resistance_mmhg_s_ml=0.082647859698334381 "
    "pulmonary_venous_compliance_ml_mmhg=2.8429092363617032 "
    "pulmonary_venous_unstressed_volume_ml=270.24259630703529 "
    "pulmonary_venous_return_resistance_mmhg_s_ml=0.038007564364998622 "
    "total_blood_volume_ml=11802.559240970957 sinus_rate_bpm=35.834015071932633 "
    "pr_interval_ms=239.40499780291594 interatrial_conduction_ms=135.10590283283162 "
    "atrial_electromechanical_delay_ms=103.93691450106319 lv_long_axis_mm=114.44362297311864 "
    "lv_end_diastolic_diameter_mm=49.902196553226624 "
    "myocardial_conduction_velocity_m_s=0.37952006545346306 purkinje_conduction_velocity_m_s=4 "
    "sarcomere_max_velocity_um_s=2.5093267489605648 scar_stiffness_ratio=22.113277105791298 "
    "force_frequency_per_bpm=0.016260262462992787 baroreflex_set_point_mmhg=97.539261140993503 "
    "baroreflex_gain_scale=0.10244198771569701 "
    "baroreflex_heart_rate_gain_scale=0.30192457158654118 cardiopulmonary_set_point_mmhg=30 "
    "cardiopulmonary_reflex_gain_scale=2.9212164223280008 "
    "beta1_chronotropic_scale=1.1927606875610746 conduction=0 "
    "scar=0,0,0.74811793233343149,0,0,0,0.83458958378579395,0,0.69897179865674364,0,0,0."
    "94193435536939674,0,0.60869376157832411,0,0,0 "
    "pacing=none rate=140.73964475302429 av=97.361742697376201 vv=-8.0499055895708835 lead=11 "
    "rv_site=0 lv_only=1 lvad=1 speed=6322.9428099956767 baroreflex=0";

/* A circulation drawn anywhere (case 5001 of CT_PROPERTY_SEED=4311129, 2026-11-29; replayed alone
 * as CT_PROPERTY_SEED=3360450458048722195) whose beats wander irregularly, its mean arterial
 * pressure ~660 mmHg and its stroke volumes over 184-194 ml: after 74 beats its state passed
 * within the tolerances of where it was two beats before, and the search reported a cycle of two
 * whose stroke volumes spread over 0.8 ml, then over 3.2 ml in the next two beats. A cycle is now
 * accepted where the state returns to itself twice in a row. The test asks what the inside
 * property asks of it, that a cycle the model reports is what its beats then do, and that the
 * search no longer stops where it stopped. (It now ends after 97 beats on a one-beat steady
 * state, which its next beats leave again: a single pass within the tolerances of an unstable
 * fixed point, which the one-beat test accepts; docs/engine.md.) */
static void test_regression_wandering_is_not_a_cycle(void)
{
  CsParams p;
  CsTherapy t;
  CsError error = {{0}};
  CsSteadyStateOptions options;
  CsSteadyStateResult result = {0};
  CsStatus status;
  CsModel *m;

  parse_case(wandering_case, &p, &t);
  m = cs_model_new(&p, &t, &error);
  g_assert_nonnull(m);
  cs_steady_state_options_default(&options);
  options.max_beats = 100; /* as the inside property's circulations drawn anywhere */
  status = cs_model_run_to_steady_state(m, &options, &result, &error);
  g_assert_true(status == CS_OK || status == CS_ERROR_NOT_CONVERGED);
  g_test_message("%s after %d beats, a cycle of %d", result.converged ? "steady" : "not steady",
                 result.beats, result.period_beats);
  g_assert_false(result.converged && result.period_beats == 2 && result.beats == 74);
  if (status == CS_OK && result.converged && result.period_beats > 1)
    check_cycle_persists(m, result.period_beats, "the wandering circulation", wandering_case);
  cs_model_free(m);
}

/* A circulation drawn anywhere (the anywhere property's case 0 at
 * CT_PROPERTY_SEED=13122809879560291210, a second reader's find, thirty-eighth session: two beta
 * blockers, the sinus node at 28 /min) whose plain iteration, a few beats after the search went
 * plain, changed by a growing amount that returned within the tolerances over two beats: taken
 * for a cycle of two of one timing, where it reaches its fixed point ten beats later. A cycle's
 * one-beat change may neither die away nor grow (CYCLE_PERSISTENCE, CYCLE_GROWTH). */
static const char *const growing_transient_case =
    "body_weight_kg=164.58607453839755 "
    "lv_free_wall_end_systolic_elastance_mmhg_ml=1.2733153873598795 "
    "lv_free_wall_dead_volume_ml=-25.923256146322249 "
    "lv_free_wall_edpvr_scale_mmhg=0.0037001318771027383 "
    "lv_free_wall_edpvr_stiffness_per_ml=0.046130095671392278 "
    "lv_free_wall_edpvr_zero_volume_ml=83.837399615241949 "
    "septum_end_systolic_elastance_mmhg_ml=33.303097107715942 "
    "septum_dead_volume_ml=70.04579797646069 "
    "septum_edpvr_scale_mmhg=0.0099759189611454743 "
    "septum_edpvr_stiffness_per_ml=0.014533453784503223 "
    "septum_edpvr_zero_volume_ml=97.594876381851691 "
    "rv_free_wall_end_systolic_elastance_mmhg_ml=4.0586410029898232 "
    "rv_free_wall_dead_volume_ml=93.956577591009051 "
    "rv_free_wall_edpvr_scale_mmhg=16.56480863695278 "
    "rv_free_wall_edpvr_stiffness_per_ml=0.14019638375433288 "
    "rv_free_wall_edpvr_zero_volume_ml=61.106943430096052 "
    "left_atrium_end_systolic_elastance_mmhg_ml=2.7370934453171776 "
    "left_atrium_dead_volume_ml=3.8095570330379331 "
    "left_atrium_edpvr_scale_mmhg=0.075834278492508636 "
    "left_atrium_edpvr_stiffness_per_ml=0.14729131337508133 "
    "left_atrium_edpvr_zero_volume_ml=48.623040786631755 "
    "right_atrium_end_systolic_elastance_mmhg_ml=1.4800426245969041 "
    "right_atrium_dead_volume_ml=-12.097328477088794 "
    "right_atrium_edpvr_scale_mmhg=0.022379546400311829 "
    "right_atrium_edpvr_stiffness_per_ml=0.0054894349819858213 "
    "right_atrium_edpvr_zero_volume_ml=150 "
    "pericardium_scale_mmhg=1.1227549831088801 "
    "pericardium_stiffness_per_ml=0.0074522855469400075 "
    "pericardium_zero_volume_ml=60.726813164508741 "
    "intrathoracic_pressure_mmhg=5.745330609421373 "
    "mitral_resistance_mmhg_s_ml=0.0017202447380233229 "
    "mitral_effective_orifice_area_cm2=3.5322182214973954 "
    "mitral_regurgitant_orifice_area_cm2=0.96059611402300993 "
    "aortic_resistance_mmhg_s_ml=0.0064444155449811845 "
    "aortic_effective_orifice_area_cm2=0.94123244815584683 "
    "aortic_regurgitant_orifice_area_cm2=0 "
    "tricuspid_resistance_mmhg_s_ml=0.0027959672051670629 "
    "tricuspid_effective_orifice_area_cm2=7.9781996226074954 "
    "tricuspid_regurgitant_orifice_area_cm2=0.93719718129186924 "
    "pulmonary_valve_resistance_mmhg_s_ml=0.00020000000000000001 "
    "pulmonary_valve_effective_orifice_area_cm2=0.76421700700628048 "
    "pulmonary_valve_regurgitant_orifice_area_cm2=0.88524861204687266 "
    "mitral_functional_reference_edv_ml=490.95199060465421 "
    "systemic_characteristic_impedance_mmhg_s_ml=0.27634060095507812 "
    "systemic_arterial_compliance_ml_mmhg=0.78425595813094118 "
    "systemic_arterial_unstressed_volume_ml=1582.2748279887599 "
    "systemic_vascular_resistance_mmhg_s_ml=0.35357799630890352 "
    "systemic_venous_compliance_ml_mmhg=10.192089050930708 "
    "systemic_venous_unstressed_volume_ml=5498.96491460775 "
    "systemic_venous_return_resistance_mmhg_s_ml=0.002 "
    "pulmonary_characteristic_impedance_mmhg_s_ml=0.30987742391952683 "
    "pulmonary_arterial_compliance_ml_mmhg=2.247692822964559 "
    "pulmonary_arterial_unstressed_volume_ml=77.386390858122041 "
    "pulmonary_vascular_resistance_mmhg_s_ml=0.5487592824475066 "
    "pulmonary_venous_compliance_ml_mmhg=13.476173105070499 "
    "pulmonary_venous_unstressed_volume_ml=140.37627686900595 "
    "pulmonary_venous_return_resistance_mmhg_s_ml=0.20000000000000001 "
    "total_blood_volume_ml=11572.38435612273 "
    "sinus_rate_bpm=41.61918631660059 "
    "pr_interval_ms=88.304841858964878 "
    "interatrial_conduction_ms=22.626269950705787 "
    "atrial_electromechanical_delay_ms=97.682490496390784 "
    "lv_long_axis_mm=77.397425745200792 "
    "lv_end_diastolic_diameter_mm=65.822477200394218 "
    "myocardial_conduction_velocity_m_s=1.5 "
    "purkinje_conduction_velocity_m_s=2.3233892126893227 "
    "sarcomere_max_velocity_um_s=11.33997222352747 "
    "scar_stiffness_ratio=15.328626389868761 "
    "force_frequency_per_bpm=0.0030886012620720263 "
    "baroreflex_set_point_mmhg=73.1133456396188 "
    "baroreflex_gain_scale=2.2886656304044246 "
    "baroreflex_heart_rate_gain_scale=2.0160532344062818 "
    "cardiopulmonary_set_point_mmhg=23.421531837391388 "
    "cardiopulmonary_reflex_gain_scale=0.46086418828578313 "
    "beta1_chronotropic_scale=0.29725700409653832 "
    "conduction=2 "
    "scar=0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0 "
    "pacing=none "
    "rate=55.509918530837325 "
    "av=74.795016400511443 "
    "vv=17.843778546895578 "
    "lead=3 "
    "rv_site=0 "
    "lv_only=0 "
    "lvad=0 "
    "speed=8774.6085566532965 "
    "baroreflex=1 "
    "metoprolol=85.439245447425378 "
    "esmolol=247.81837842280146";

static void test_regression_transient_is_not_a_cycle(void)
{
  CsModel *m = settled_case(growing_transient_case, 120); /* 96 beats */

  cs_model_free(m);
}

/* A heart fitted by `cardiotwin-sim --fit` to random measurements (EF 65 %, EDV 142 ml, 128 /min,
 * mean LA pressure 6 mmHg, a scar in AHA 14; a scratch sweep, thirty-ninth session) paced DDD at
 * 130 /min with an AV delay of 70 ms. The search took it as settled after 32 beats on a beat whose
 * volumes returned within their tolerance while its LV segments' levels rose by 0.34 over it:
 * Anderson extrapolated the volumes and effectors, and the levels came from another beat. Its
 * dP/dtmin, read across the pressure's jump between the beat's ends, was -3056 mmHg/s, and run
 * on, the heart alternated (stroke volumes 95.5 and 97.6 ml, dP/dtmin -2753 and -2779). A steady
 * state's levels return too (STEADY_LEVEL_TOLERANCE): what the search reports is what the heart
 * then does. */
static const char *const levels_return_case =
    "body_weight_kg=79 "
    "lv_free_wall_end_systolic_elastance_mmhg_ml=9.1950000000000003 "
    "lv_free_wall_edpvr_stiffness_per_ml=0.0030999999999999999 "
    "rv_free_wall_end_systolic_elastance_mmhg_ml=0.71760000000000002 "
    "pericardium_zero_volume_ml=284 "
    "systemic_characteristic_impedance_mmhg_s_ml=0.032489999999999998 "
    "systemic_arterial_compliance_ml_mmhg=1.2230000000000001 "
    "systemic_arterial_unstressed_volume_ml=624.20000000000005 "
    "systemic_vascular_resistance_mmhg_s_ml=0.46839999999999998 "
    "systemic_venous_compliance_ml_mmhg=71.629999999999995 "
    "systemic_venous_unstressed_volume_ml=2435 "
    "pulmonary_arterial_compliance_ml_mmhg=7.9290000000000003 "
    "pulmonary_vascular_resistance_mmhg_s_ml=0.011089999999999999 "
    "total_blood_volume_ml=5014 "
    "sinus_rate_bpm=128 "
    "lv_long_axis_mm=84.409999999999997 "
    "lv_end_diastolic_diameter_mm=47.670000000000002 "
    "baroreflex_set_point_mmhg=104.3 "
    "baroreflex_heart_rate_gain_scale=0.23499999999999999 "
    "cardiopulmonary_set_point_mmhg=5.7910000000000004 "
    "beta1_chronotropic_scale=0.50019999999999998 "
    "conduction=0 "
    "scar=0,0,0,0,0,0,0,0,0,0,0,0,0,0.90000000000000002,0,0,0 "
    "pacing=DDD rate=130 av=70";

static void test_regression_levels_return(void)
{
  CsParams p;
  CsTherapy t;
  CsError error = {{0}};
  CsSteadyStateResult result = {0};
  CsIndices reported;
  CsCycle cycle;
  CsModel *m;
  double sv_least_ml = INFINITY, sv_most_ml = -INFINITY, sv_mean_ml = 0.0, dpdt_min_mean = 0.0;

  parse_case(levels_return_case, &p, &t);
  m = cs_model_new(&p, &t, &error);
  g_assert_nonnull(m);
  g_assert_cmpint(cs_model_run_to_steady_state(m, NULL, &result, &error), ==, CS_OK);
  reported = *cs_model_indices(m);
  cs_model_cycle(m, &cycle);
  for (int b = 0; b < result.period_beats; b++) {
    const CsIndices *beat;
    g_assert_cmpint(cs_model_run_beat(m, &error), ==, CS_OK);
    beat = cs_model_indices(m);
    sv_least_ml = fmin(sv_least_ml, beat->sv_ml);
    sv_most_ml = fmax(sv_most_ml, beat->sv_ml);
    sv_mean_ml += beat->sv_ml / result.period_beats;
    dpdt_min_mean += beat->dpdt_min_mmhg_s / result.period_beats;
  }
  g_test_message("a cycle of %d after %d beats: stroke volume %.2f-%.2f ml (reported %.2f-%.2f), "
                 "dP/dtmin %.0f mmHg/s (reported %.0f)",
                 result.period_beats, result.beats, sv_least_ml, sv_most_ml, cycle.sv_least_ml,
                 cycle.sv_most_ml, dpdt_min_mean, reported.dpdt_min_mmhg_s);
  g_assert_cmpfloat(fabs(sv_mean_ml - reported.sv_ml), <, 0.05);
  g_assert_cmpfloat(fabs(sv_least_ml - cycle.sv_least_ml), <, 0.05);
  g_assert_cmpfloat(fabs(sv_most_ml - cycle.sv_most_ml), <, 0.05);
  g_assert_cmpfloat(fabs(dpdt_min_mean - reported.dpdt_min_mmhg_s), <,
                    0.005 * fabs(reported.dpdt_min_mmhg_s));
  g_assert_cmpint(result.beats, <, 300); /* 183 */
  cs_model_free(m);
}

/* The heart of levels_return_case paced VVI at 128 /min, where its sinus node (~129 /min) takes
 * one beat in four: a cycle of four beats of different lengths, the LV still relaxing as the next
 * beat begins. Each wall's twitch keeps its own beat's timing and force to its end, so the LV
 * pressure is continuous across a beat's start (with the twitch set per beat for every wall, it
 * jumped there by 2.9 mmHg), and dP/dt is read per contraction, across beats. Both hold the
 * cycle's dP/dt to the step: -2632 mmHg/s at 4 ms and -2948 at 0.5 ms before (one beat of the
 * cycle -1737 against -2964), within 0.2 % now. A cycle's beats at @step_ms, after its steady
 * state: dP/dtmax and dP/dtmin per beat, sorted, and the cycle's. */
static void vvi_cycle_dpdt(double step_ms, double dpdt_max[4], double dpdt_min[4],
                           double *cycle_max, double *cycle_min)
{
  CsParams p;
  CsTherapy t;
  CsError error = {{0}};
  CsSteadyStateResult result = {0};
  CsModel *m;
  CsSample *samples = NULL;
  size_t n = 0;

  parse_case(levels_return_case, &p, &t);
  t.pacing.mode = CS_PACING_VVI;
  t.pacing.rate_bpm = 128.0;
  m = cs_model_new(&p, &t, &error);
  g_assert_nonnull(m);
  g_assert_cmpint(cs_model_set_max_time_step_ms(m, step_ms, &error), ==, CS_OK);
  g_assert_cmpint(cs_model_run_to_steady_state(m, NULL, &result, &error), ==, CS_OK);
  g_assert_true(result.converged);
  g_assert_cmpint(result.period_beats, ==, 4);
  *cycle_max = cs_model_indices(m)->dpdt_max_mmhg_s;
  *cycle_min = cs_model_indices(m)->dpdt_min_mmhg_s;
  for (int b = 0; b < 4; b++) {
    double last_pressure_mmhg = NAN;
    if (samples != NULL) /* the last beat's pressure at its end, from its last three samples */
      last_pressure_mmhg = 3.0 * samples[n - 1].lv_pressure_mmhg -
                           3.0 * samples[n - 2].lv_pressure_mmhg + samples[n - 3].lv_pressure_mmhg;
    g_assert_cmpint(cs_model_run_beat(m, &error), ==, CS_OK);
    g_free(samples);
    n = cs_model_waveform(m, NULL, 0);
    samples = g_new(CsSample, n);
    cs_model_waveform(m, samples, n);
    if (step_ms <= 0.5 && !isnan(last_pressure_mmhg))
      g_assert_cmpfloat(fabs(samples[0].lv_pressure_mmhg - last_pressure_mmhg), <, 0.05);
    dpdt_max[b] = cs_model_indices(m)->dpdt_max_mmhg_s;
    dpdt_min[b] = cs_model_indices(m)->dpdt_min_mmhg_s;
  }
  g_free(samples);
  cs_model_free(m);
  for (int i = 0; i < 4; i++)
    for (int j = i + 1; j < 4; j++) {
      if (dpdt_max[j] < dpdt_max[i]) {
        double x = dpdt_max[i];
        dpdt_max[i] = dpdt_max[j];
        dpdt_max[j] = x;
      }
      if (dpdt_min[j] < dpdt_min[i]) {
        double x = dpdt_min[i];
        dpdt_min[i] = dpdt_min[j];
        dpdt_min[j] = x;
      }
    }
}

static void test_regression_cycle_dpdt(void)
{
  double max_coarse[4], min_coarse[4], max_fine[4], min_fine[4];
  double cycle_max_coarse, cycle_min_coarse, cycle_max_fine, cycle_min_fine;

  vvi_cycle_dpdt(4.0, max_coarse, min_coarse, &cycle_max_coarse, &cycle_min_coarse);
  vvi_cycle_dpdt(0.5, max_fine, min_fine, &cycle_max_fine, &cycle_min_fine);
  g_test_message("cycle dP/dt %.0f / %.0f mmHg/s at 4 ms, %.0f / %.0f at 0.5 ms", cycle_max_coarse,
                 cycle_min_coarse, cycle_max_fine, cycle_min_fine);
  g_assert_cmpfloat(fabs(cycle_max_coarse - cycle_max_fine), <, 0.005 * fabs(cycle_max_fine));
  g_assert_cmpfloat(fabs(cycle_min_coarse - cycle_min_fine), <, 0.005 * fabs(cycle_min_fine));
  for (int b = 0; b < 4; b++) {
    g_test_message("beat: %.0f / %.0f at 4 ms, %.0f / %.0f at 0.5 ms", max_coarse[b], min_coarse[b],
                   max_fine[b], min_fine[b]);
    g_assert_cmpfloat(fabs(max_coarse[b] - max_fine[b]), <, 0.01 * fabs(max_fine[b]));
    g_assert_cmpfloat(fabs(min_coarse[b] - min_fine[b]), <, 0.01 * fabs(min_fine[b]));
  }
}

/* A patient near the demo twins (LBBB, three scars, a pump at 6019 rpm, the atrium paced at 132
 * /min, the reflex off; the patients property's case 3 at the default seed, thirty-ninth session)
 * whose steady beat began where Anderson's extrapolation put it: its volumes and effectors on
 * the heart's path, its segments' contractile elements where the last beat run had ended, so its
 * LV pressure began 0.4 mmHg off, while the LV contracted across the beat's start. Read across
 * that jump, dP/dtmax was 708 mmHg/s; the beat after it, the heart's own, read 667. The search
 * now reports that beat (pressure_moves_at_start). */
static const char *const extrapolated_start_case =
    "body_weight_kg=73.703731356538881 "
    "lv_free_wall_end_systolic_elastance_mmhg_ml=0.88656671662422526 "
    "lv_free_wall_dead_volume_ml=16.306701990764523 "
    "lv_free_wall_edpvr_scale_mmhg=0.1043430023242707 "
    "lv_free_wall_edpvr_stiffness_per_ml=0.02314654913543495 "
    "lv_free_wall_edpvr_zero_volume_ml=37.98558673097024 "
    "septum_end_systolic_elastance_mmhg_ml=43.247658596273006 "
    "septum_dead_volume_ml=2.0000797188561199 "
    "septum_edpvr_scale_mmhg=1.1669411695184995 "
    "septum_edpvr_stiffness_per_ml=0.3771007113735666 "
    "septum_edpvr_zero_volume_ml=1.7039553550172633 "
    "rv_free_wall_end_systolic_elastance_mmhg_ml=0.28391828905815752 "
    "rv_free_wall_dead_volume_ml=0 "
    "rv_free_wall_edpvr_scale_mmhg=0.66121670548162526 "
    "rv_free_wall_edpvr_stiffness_per_ml=0.016997706603927538 "
    "rv_free_wall_edpvr_zero_volume_ml=0 "
    "left_atrium_end_systolic_elastance_mmhg_ml=0.58758721099869471 "
    "left_atrium_dead_volume_ml=9.2652647645821045 "
    "left_atrium_edpvr_scale_mmhg=0.47215774745229161 "
    "left_atrium_edpvr_stiffness_per_ml=0.048204169155923848 "
    "left_atrium_edpvr_zero_volume_ml=8.6778416909136329 "
    "right_atrium_end_systolic_elastance_mmhg_ml=0.46134403793954953 "
    "right_atrium_dead_volume_ml=8.322389574872572 "
    "right_atrium_edpvr_scale_mmhg=1.0696809640415614 "
    "right_atrium_edpvr_stiffness_per_ml=0.041964076969831988 "
    "right_atrium_edpvr_zero_volume_ml=11.129305420967352 "
    "pericardium_scale_mmhg=0.54827598951121936 "
    "pericardium_stiffness_per_ml=0.029682769315406716 "
    "pericardium_zero_volume_ml=344.65235726252041 "
    "intrathoracic_pressure_mmhg=-3.6364784749799655 "
    "mitral_resistance_mmhg_s_ml=0.0024916652062825537 "
    "mitral_effective_orifice_area_cm2=4.7131664456562659 "
    "mitral_regurgitant_orifice_area_cm2=0 "
    "aortic_resistance_mmhg_s_ml=0.00093041310150405716 "
    "aortic_effective_orifice_area_cm2=3.4581909275090874 "
    "aortic_regurgitant_orifice_area_cm2=0 "
    "tricuspid_resistance_mmhg_s_ml=0.0017857764674672966 "
    "tricuspid_effective_orifice_area_cm2=6.0911272008088471 "
    "tricuspid_regurgitant_orifice_area_cm2=0 "
    "pulmonary_valve_resistance_mmhg_s_ml=0.0010039954293232401 "
    "pulmonary_valve_effective_orifice_area_cm2=2.8575410371322176 "
    "pulmonary_valve_regurgitant_orifice_area_cm2=0 "
    "mitral_functional_reference_edv_ml=0 "
    "systemic_characteristic_impedance_mmhg_s_ml=0.038469677519332682 "
    "systemic_arterial_compliance_ml_mmhg=1.3082620401768714 "
    "systemic_arterial_unstressed_volume_ml=538.76428662982005 "
    "systemic_vascular_resistance_mmhg_s_ml=0.81414483195971399 "
    "systemic_venous_compliance_ml_mmhg=56.805487390082703 "
    "systemic_venous_unstressed_volume_ml=2512.0926778998437 "
    "systemic_venous_return_resistance_mmhg_s_ml=0.028575823852025926 "
    "pulmonary_characteristic_impedance_mmhg_s_ml=0.01619493439918912 "
    "pulmonary_arterial_compliance_ml_mmhg=1.9170661544984728 "
    "pulmonary_arterial_unstressed_volume_ml=87.593640846680543 "
    "pulmonary_vascular_resistance_mmhg_s_ml=0.076015411764536966 "
    "pulmonary_venous_compliance_ml_mmhg=27.126296355885049 "
    "pulmonary_venous_unstressed_volume_ml=108.72511133264298 "
    "pulmonary_venous_return_resistance_mmhg_s_ml=0.007786755489098191 "
    "total_blood_volume_ml=5087.7596111343282 "
    "sinus_rate_bpm=70.490113645665048 "
    "pr_interval_ms=185.13891926313846 "
    "interatrial_conduction_ms=39.930854838497702 "
    "atrial_electromechanical_delay_ms=45.847441708090109 "
    "lv_long_axis_mm=107.26780936432628 "
    "lv_end_diastolic_diameter_mm=52.533795071765617 "
    "myocardial_conduction_velocity_m_s=0.50393438863783135 "
    "purkinje_conduction_velocity_m_s=2.0122045163324778 "
    "sarcomere_max_velocity_um_s=7.6263929782662085 "
    "scar_stiffness_ratio=5.8903261306475905 "
    "force_frequency_per_bpm=0 "
    "baroreflex_set_point_mmhg=89.966188586089103 "
    "baroreflex_gain_scale=1.1781800546797223 "
    "baroreflex_heart_rate_gain_scale=0.20961434886624195 "
    "cardiopulmonary_set_point_mmhg=10.710804229805781 "
    "cardiopulmonary_reflex_gain_scale=0.12711867946042768 "
    "beta1_chronotropic_scale=0.45011498131042288 "
    "conduction=1 "
    "scar=0,0,0,0,0.90000000000000002,0,0,0,0,0,0.90000000000000002,0,0,0,0,0.90000000000000002,0 "
    "pacing=AAI "
    "rate=132.44282035889742 "
    "av=350 "
    "vv=-10.96158738872515 "
    "lead=14 "
    "rv_site=0 "
    "lv_only=1 "
    "lvad=1 "
    "speed=6018.839307511942 "
    "baroreflex=0";

static void test_regression_extrapolated_start(void)
{
  CsModel *m = settled_case(extrapolated_start_case, 100);
  CsIndices steady = *cs_model_indices(m);
  CsError error = {{0}};
  const CsIndices *next;

  g_assert_cmpint(cs_model_run_beat(m, &error), ==, CS_OK);
  next = cs_model_indices(m);
  g_test_message("dP/dtmax %.1f, the beat after %.1f mmHg/s", steady.dpdt_max_mmhg_s,
                 next->dpdt_max_mmhg_s);
  g_assert_cmpfloat(fabs(next->dpdt_max_mmhg_s - steady.dpdt_max_mmhg_s), <,
                    0.005 * steady.dpdt_max_mmhg_s);
  g_assert_cmpfloat(fabs(next->sv_ml - steady.sv_ml), <, 0.05);
  cs_model_free(m);
}

/* Two patients of the patients property (seed 4430, case 10381: LBBB paced AAI at 169 /min on
 * norepinephrine and dobutamine, reflex off, MAP ~215 mmHg; seed 4431, case 6734: RBBB, LV-only
 * CRT at 164 /min on milrinone and esmolol, LV Ees 0.32 mmHg/ml) whose reported steady beat began
 * where an extrapolation put the volumes, with the segments' contractile elements where the last
 * beat run had left them. The LV contracts across the beat's start in both, and the series
 * element is stiff: the first's LV pressure ran ~35 mmHg above the following beats' through
 * ejection (MAP 218.0 against 214.7 mmHg), the second's dP/dtmax read 550.6 against the
 * following beats' 570.4 mmHg/s. The segments' contractile elements and levels now go with the
 * extrapolated volumes (carry_segments), and the reported beat is the heart's. */
static const char *const contracting_at_start_cases[] = {
    "body_weight_kg=72.561940900990322 "
    "lv_free_wall_end_systolic_elastance_mmhg_ml=3.0724635918768959 "
    "lv_free_wall_dead_volume_ml=5.3551557981169626 "
    "lv_free_wall_edpvr_scale_mmhg=1.0139575770807547 "
    "lv_free_wall_edpvr_stiffness_per_ml=0.018390571930092737 "
    "lv_free_wall_edpvr_zero_volume_ml=0 "
    "septum_end_systolic_elastance_mmhg_ml=46.569443622729331 "
    "septum_dead_volume_ml=1.6511628452025413 "
    "septum_edpvr_scale_mmhg=0.89197903429257508 "
    "septum_edpvr_stiffness_per_ml=0.39667630232461748 "
    "septum_edpvr_zero_volume_ml=1.638722398743371 "
    "rv_free_wall_end_systolic_elastance_mmhg_ml=0.54607118661357934 "
    "rv_free_wall_dead_volume_ml=32.969696632209995 "
    "rv_free_wall_edpvr_scale_mmhg=0.81406510432169721 "
    "rv_free_wall_edpvr_stiffness_per_ml=0.01710345478934587 "
    "rv_free_wall_edpvr_zero_volume_ml=35.239278322291106 "
    "left_atrium_end_systolic_elastance_mmhg_ml=0.6030637052117872 "
    "left_atrium_dead_volume_ml=9.3538979613177613 "
    "left_atrium_edpvr_scale_mmhg=0.47380347243836851 "
    "left_atrium_edpvr_stiffness_per_ml=0.053991217880689252 "
    "left_atrium_edpvr_zero_volume_ml=10.957856865849147 "
    "right_atrium_end_systolic_elastance_mmhg_ml=0.51251511729057542 "
    "right_atrium_dead_volume_ml=10.898773738656553 "
    "right_atrium_edpvr_scale_mmhg=1.0200472500493487 "
    "right_atrium_edpvr_stiffness_per_ml=0.049512775334901782 "
    "right_atrium_edpvr_zero_volume_ml=8.6620437492468447 "
    "pericardium_scale_mmhg=0.54485032734916594 "
    "pericardium_stiffness_per_ml=0.029282512477595266 "
    "pericardium_zero_volume_ml=325.19111493013116 "
    "intrathoracic_pressure_mmhg=-3.3503238798958082 "
    "mitral_resistance_mmhg_s_ml=0.001909153984859451 "
    "mitral_effective_orifice_area_cm2=4.7235784596865713 "
    "mitral_regurgitant_orifice_area_cm2=0 "
    "aortic_resistance_mmhg_s_ml=0.0012167881356864724 "
    "aortic_effective_orifice_area_cm2=3.8681561674681495 "
    "aortic_regurgitant_orifice_area_cm2=0 "
    "tricuspid_resistance_mmhg_s_ml=0.0018654664701193821 "
    "tricuspid_effective_orifice_area_cm2=8.1741468420598071 "
    "tricuspid_regurgitant_orifice_area_cm2=0 "
    "pulmonary_valve_resistance_mmhg_s_ml=0.0010663424979105098 "
    "pulmonary_valve_effective_orifice_area_cm2=3.7432829878729716 "
    "pulmonary_valve_regurgitant_orifice_area_cm2=0 "
    "mitral_functional_reference_edv_ml=0 "
    "systemic_characteristic_impedance_mmhg_s_ml=0.035955295539333104 "
    "systemic_arterial_compliance_ml_mmhg=2.3221042618106931 "
    "systemic_arterial_unstressed_volume_ml=534.27803847612995 "
    "systemic_vascular_resistance_mmhg_s_ml=0.81200616078511756 "
    "systemic_venous_compliance_ml_mmhg=76.835591133141861 "
    "systemic_venous_unstressed_volume_ml=3447.1301544915086 "
    "systemic_venous_return_resistance_mmhg_s_ml=0.031185024327066883 "
    "pulmonary_characteristic_impedance_mmhg_s_ml=0.020205783975251967 "
    "pulmonary_arterial_compliance_ml_mmhg=6.9492341061144884 "
    "pulmonary_arterial_unstressed_volume_ml=104.20796247131453 "
    "pulmonary_vascular_resistance_mmhg_s_ml=0.057905511169513452 "
    "pulmonary_venous_compliance_ml_mmhg=20.808506116296158 "
    "pulmonary_venous_unstressed_volume_ml=122.33761064385958 "
    "pulmonary_venous_return_resistance_mmhg_s_ml=0.0076305411942725315 "
    "total_blood_volume_ml=5556.6020548588949 "
    "sinus_rate_bpm=61.348587650738466 "
    "pr_interval_ms=131.86365082164329 "
    "interatrial_conduction_ms=14.59295674268483 "
    "atrial_electromechanical_delay_ms=43.105624839067545 "
    "lv_long_axis_mm=92.387432316903428 "
    "lv_end_diastolic_diameter_mm=41.528404984115774 "
    "myocardial_conduction_velocity_m_s=0.51231536999201932 "
    "purkinje_conduction_velocity_m_s=1.7461489891192556 "
    "sarcomere_max_velocity_um_s=5.7376511459602781 "
    "scar_stiffness_ratio=5.8598052951934783 "
    "force_frequency_per_bpm=0.014126491888059776 "
    "baroreflex_set_point_mmhg=79.49558802015261 "
    "baroreflex_gain_scale=1.0837429640923488 "
    "baroreflex_heart_rate_gain_scale=0.80613852649430595 "
    "cardiopulmonary_set_point_mmhg=3.02630100347081 "
    "cardiopulmonary_reflex_gain_scale=0.88932806218226146 "
    "beta1_chronotropic_scale=0.82383042544901552 "
    "conduction=1 "
    "scar=0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0 "
    "pacing=AAI "
    "rate=168.82661284305453 "
    "av=350 "
    "vv=-27.867189278507794 "
    "lead=10 "
    "rv_site=0 "
    "lv_only=1 "
    "lvad=0 "
    "speed=8462.8756142566235 "
    "baroreflex=0 "
    "norepinephrine=0.60307271277553798 "
    "dobutamine=9.8706497482422684 "
    "milrinone=0",
    "body_weight_kg=89.400764972288883 "
    "lv_free_wall_end_systolic_elastance_mmhg_ml=0.32159573477936471 "
    "lv_free_wall_dead_volume_ml=24.787056189670846 "
    "lv_free_wall_edpvr_scale_mmhg=0.12823709877919315 "
    "lv_free_wall_edpvr_stiffness_per_ml=0.019741424834379587 "
    "lv_free_wall_edpvr_zero_volume_ml=119.69100775406744 "
    "septum_end_systolic_elastance_mmhg_ml=48.852611986637378 "
    "septum_dead_volume_ml=2.0972436440545863 "
    "septum_edpvr_scale_mmhg=1.1195809397297438 "
    "septum_edpvr_stiffness_per_ml=0.44151465877078094 "
    "septum_edpvr_zero_volume_ml=2.316745746541478 "
    "rv_free_wall_end_systolic_elastance_mmhg_ml=0.21865362161248381 "
    "rv_free_wall_dead_volume_ml=0 "
    "rv_free_wall_edpvr_scale_mmhg=0.26395552399767958 "
    "rv_free_wall_edpvr_stiffness_per_ml=0.020447754516332517 "
    "rv_free_wall_edpvr_zero_volume_ml=0 "
    "left_atrium_end_systolic_elastance_mmhg_ml=0.52670413946146277 "
    "left_atrium_dead_volume_ml=9.0108347567316294 "
    "left_atrium_edpvr_scale_mmhg=0.57439853723465495 "
    "left_atrium_edpvr_stiffness_per_ml=0.055395355635522107 "
    "left_atrium_edpvr_zero_volume_ml=10.951651575483066 "
    "right_atrium_end_systolic_elastance_mmhg_ml=0.52450313782816238 "
    "right_atrium_dead_volume_ml=9.2471338426266811 "
    "right_atrium_edpvr_scale_mmhg=1.0458621754097475 "
    "right_atrium_edpvr_stiffness_per_ml=0.037272818636669064 "
    "right_atrium_edpvr_zero_volume_ml=8.841850516346307 "
    "pericardium_scale_mmhg=0.43411881018954807 "
    "pericardium_stiffness_per_ml=0.035153144947547135 "
    "pericardium_zero_volume_ml=571.86112834537357 "
    "intrathoracic_pressure_mmhg=-4.5562642817725791 "
    "mitral_resistance_mmhg_s_ml=0.0016921339180569082 "
    "mitral_effective_orifice_area_cm2=4.2655265661255308 "
    "mitral_regurgitant_orifice_area_cm2=0.17862921025149378 "
    "aortic_resistance_mmhg_s_ml=0.0011029552625632382 "
    "aortic_effective_orifice_area_cm2=4.2612559361427813 "
    "aortic_regurgitant_orifice_area_cm2=0 "
    "tricuspid_resistance_mmhg_s_ml=0.0019450984087026136 "
    "tricuspid_effective_orifice_area_cm2=6.8165733754207247 "
    "tricuspid_regurgitant_orifice_area_cm2=0 "
    "pulmonary_valve_resistance_mmhg_s_ml=0.00080185384020635224 "
    "pulmonary_valve_effective_orifice_area_cm2=3.1724088602019527 "
    "pulmonary_valve_regurgitant_orifice_area_cm2=0 "
    "mitral_functional_reference_edv_ml=315.88904122349373 "
    "systemic_characteristic_impedance_mmhg_s_ml=0.034509164937696478 "
    "systemic_arterial_compliance_ml_mmhg=1.5502149058091819 "
    "systemic_arterial_unstressed_volume_ml=615.72868026395679 "
    "systemic_vascular_resistance_mmhg_s_ml=0.85108585373698697 "
    "systemic_venous_compliance_ml_mmhg=78.871731770210673 "
    "systemic_venous_unstressed_volume_ml=2420.9703402491091 "
    "systemic_venous_return_resistance_mmhg_s_ml=0.033197868651549667 "
    "pulmonary_characteristic_impedance_mmhg_s_ml=0.02391270427789495 "
    "pulmonary_arterial_compliance_ml_mmhg=0.9052328081093276 "
    "pulmonary_arterial_unstressed_volume_ml=85.007732833199142 "
    "pulmonary_vascular_resistance_mmhg_s_ml=0.24260403635181874 "
    "pulmonary_venous_compliance_ml_mmhg=24.503235041390745 "
    "pulmonary_venous_unstressed_volume_ml=137.38657173761163 "
    "pulmonary_venous_return_resistance_mmhg_s_ml=0.0067124463467032342 "
    "total_blood_volume_ml=5820.3080077821614 "
    "sinus_rate_bpm=84.899909189645271 "
    "pr_interval_ms=149.90921793528514 "
    "interatrial_conduction_ms=42.482394847663826 "
    "atrial_electromechanical_delay_ms=34.066410556680779 "
    "lv_long_axis_mm=99.360577086739511 "
    "lv_end_diastolic_diameter_mm=76.823725793896585 "
    "myocardial_conduction_velocity_m_s=0.68044594194876518 "
    "purkinje_conduction_velocity_m_s=1.6456232555476022 "
    "sarcomere_max_velocity_um_s=6.4245926279207506 "
    "scar_stiffness_ratio=4.4743249380823604 "
    "force_frequency_per_bpm=0 "
    "baroreflex_set_point_mmhg=76.670720536473922 "
    "baroreflex_gain_scale=1.1996786992205151 "
    "baroreflex_heart_rate_gain_scale=0.19359118772404221 "
    "cardiopulmonary_set_point_mmhg=10.515373532459773 "
    "cardiopulmonary_reflex_gain_scale=0.13261099498631954 "
    "beta1_chronotropic_scale=0.35341871187389889 "
    "conduction=2 "
    "scar=0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0 "
    "pacing=CRT "
    "rate=164.45895319782397 "
    "av=30.515467390079781 "
    "vv=-67.277669924806318 "
    "lead=4 "
    "rv_site=1 "
    "lv_only=1 "
    "lvad=0 "
    "speed=3549.1556537150855 "
    "baroreflex=1 "
    "milrinone=0.75 "
    "esmolol=300",
};

static void test_regression_contracting_at_start(void)
{
  for (size_t c = 0; c < G_N_ELEMENTS(contracting_at_start_cases); c++) {
    CsModel *m = settled_case(contracting_at_start_cases[c], 100);
    CsIndices steady = *cs_model_indices(m);
    CsError error = {{0}};
    const CsIndices *next;

    g_assert_cmpint(cs_model_run_beat(m, &error), ==, CS_OK);
    next = cs_model_indices(m);
    g_test_message("MAP %.2f, the beat after %.2f mmHg; dP/dtmax %.1f, after %.1f mmHg/s",
                   steady.map_mmhg, next->map_mmhg, steady.dpdt_max_mmhg_s, next->dpdt_max_mmhg_s);
    g_assert_cmpfloat(fabs(next->map_mmhg - steady.map_mmhg), <, 0.002 * steady.map_mmhg);
    g_assert_cmpfloat(fabs(next->dpdt_max_mmhg_s - steady.dpdt_max_mmhg_s), <,
                      0.005 * steady.dpdt_max_mmhg_s);
    g_assert_cmpfloat(fabs(next->sv_ml - steady.sv_ml), <, 0.05);
    cs_model_free(m);
  }
}

int main(int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) demo_names = NULL;
  const char *seed_text = g_getenv("CT_PROPERTY_SEED");
  const char *cases_text = g_getenv("CT_PROPERTY_CASES");

  g_test_init(&argc, &argv, NULL);
  run_seed = DEFAULT_SEED;
  if (seed_text != NULL && *seed_text != '\0') {
    guint64 value;

    if (!g_ascii_string_to_unsigned(seed_text, 10, 0, G_MAXUINT64, &value, NULL) &&
        !(g_str_has_prefix(seed_text, "0x") &&
          g_ascii_string_to_unsigned(seed_text + 2, 16, 0, G_MAXUINT64, &value, NULL)))
      g_error("CT_PROPERTY_SEED=%s is not a number", seed_text);
    run_seed = value;
  }
  if (cases_text != NULL && *cases_text != '\0') {
    guint64 value;

    if (!g_ascii_string_to_unsigned(cases_text, 10, 1, G_MAXUINT, &value, NULL))
      g_error("CT_PROPERTY_CASES=%s is not a positive number", cases_text);
    n_cases = (guint)value;
  }
  /* In the TAP output whatever happens, so that a run in CI can be replayed. */
  g_test_message("seed %" G_GUINT64_FORMAT " (CT_PROPERTY_SEED=%" G_GUINT64_FORMAT
                 " replays this run), %u random cases per property",
                 (guint64)run_seed, (guint64)run_seed, n_cases);

  library = ct_drug_library_new_default(&error);
  g_assert_no_error(error);
  demo_names = ct_twin_list_demos();
  for (guint i = 0; demo_names[i] != NULL && n_demos < G_N_ELEMENTS(demos); i++) {
    g_autoptr(CtTwin) twin = ct_twin_new_from_demo(demo_names[i], &error);

    g_assert_no_error(error);
    demos[n_demos++] = *ct_twin_get_params(twin);
  }
  g_assert_cmpuint(n_demos, >=, 4);

  g_test_add_func("/engine-properties/inside/anywhere", test_inside_anywhere);
  g_test_add_func("/engine-properties/inside/patients", test_inside_patients);
  g_test_add_func("/engine-properties/inside/finer-step-kept", test_finer_step_kept);
  g_test_add_func("/engine-properties/inside/venodilators-unload", test_venodilators_unload);
  g_test_add_func("/engine-properties/inside/beat-map", test_inside_beat_map);
  g_test_add_func("/engine-properties/inside/beat-map-learning", test_inside_beat_map_learning);
  g_test_add_func("/engine-properties/outside/params", test_outside_params);
  g_test_add_func("/engine-properties/outside/therapy", test_outside_therapy);
  g_test_add_func("/engine-properties/outside/drug-definitions", test_outside_drug_definitions);
  g_test_add_func("/engine-properties/outside/run-settings", test_outside_run_settings);
  g_test_add_func("/engine-properties/regression/stiff-walls", test_regression_stiff_walls);
  g_test_add_func("/engine-properties/regression/small-stressed-volume",
                  test_regression_small_stressed_volume);
  g_test_add_func("/engine-properties/regression/baroreflex-gains",
                  test_regression_baroreflex_gains);
  g_test_add_func("/engine-properties/regression/found-cases", test_regression_found_cases);
  g_test_add_func("/engine-properties/regression/failed-extrapolation-stays-plain",
                  test_regression_failed_extrapolation_stays_plain);
  g_test_add_func("/engine-properties/regression/septum-solve-does-not-crawl",
                  test_regression_septum_solve_does_not_crawl);
  g_test_add_func("/engine-properties/regression/paused-filling-sets-orifice-once",
                  test_regression_paused_filling_sets_orifice_once);
  g_test_add_func("/engine-properties/regression/pumped-orifice-settles",
                  test_regression_pumped_orifice_settles);
  g_test_add_func("/engine-properties/regression/timing-boundary-settles",
                  test_regression_timing_boundary_settles);
  g_test_add_func("/engine-properties/regression/failed-extrapolation-resumes",
                  test_regression_failed_extrapolation_resumes);
  g_test_add_func("/engine-properties/regression/paced-av-node", test_regression_paced_av_node);
  g_test_add_func("/engine-properties/regression/stalled-extrapolation-settles",
                  test_regression_stalled_extrapolation_settles);
  g_test_add_func("/engine-properties/regression/dpdt-at-handoff", test_regression_dpdt_at_handoff);
  g_test_add_func("/engine-properties/regression/dpdt-unconfirmed-corner",
                  test_regression_dpdt_unconfirmed_corner);
  g_test_add_func("/engine-properties/regression/active-at-start", test_regression_active_at_start);
  g_test_add_func("/engine-properties/regression/wandering-is-not-a-cycle",
                  test_regression_wandering_is_not_a_cycle);
  g_test_add_func("/engine-properties/regression/alternating-beats",
                  test_regression_alternating_beats);
  g_test_add_func("/engine-properties/regression/transient-is-not-a-cycle",
                  test_regression_transient_is_not_a_cycle);
  g_test_add_func("/engine-properties/regression/levels-return", test_regression_levels_return);
  g_test_add_func("/engine-properties/regression/extrapolated-start",
                  test_regression_extrapolated_start);
  g_test_add_func("/engine-properties/regression/contracting-at-start",
                  test_regression_contracting_at_start);
  g_test_add_func("/engine-properties/regression/cycle-dpdt", test_regression_cycle_dpdt);
  g_test_add_func("/engine-properties/regression/lower-rate-boundary",
                  test_regression_lower_rate_boundary);
  g_test_add_func("/engine-properties/regression/slow-oscillation",
                  test_regression_slow_oscillation);
  g_test_add_func("/engine-properties/regression/long-competing-cycle",
                  test_regression_long_competing_cycle);
  g_test_add_func("/engine-properties/regression/mitral-gradient-step",
                  test_regression_mitral_gradient_step);
  return g_test_run();
}

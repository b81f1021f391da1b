/* ct-fit.c — personalization: a twin fitted to a patient's measurements.
 *
 * The fit is a maximum a posteriori estimate. Nine engine parameters, those that set the
 * measured quantities in a closed-loop model (LV contractility and diastolic stiffness, systemic
 * resistance, arterial compliance and impedance, stressed blood volume through the venous
 * unstressed volume, pulmonary resistance and compliance, RV contractility), and a tenth, the
 * mitral regurgitant orifice, where the measurements show a leak that the nine cannot explain
 * (regurgitant_volume_ml), are solved for in log space by GSL's
 * trust-region Levenberg–Marquardt (gsl_multifit_nlinear). The residual vector has three kinds of
 * rows, each divided by its own scale so that all are "standard deviations":
 *
 *   - every measured index: (simulated - measured) / tolerance;
 *   - indices not measured that a healthy population pins down (LV end-diastolic volume, cardiac
 *     output, blood pressure, filling and pulmonary pressures): (simulated - population mean) /
 *     population SD, the priors, scaled by sex, age and body size; the filling and pulmonary
 *     pressures' conditioned on a related pressure where one was measured (conditional_prior);
 *   - every parameter: log(value / prior value) / log(4), a weak pull that keeps parameters no
 *     measurement informs at their population value instead of wandering, and a steep one back
 *     within the engine's bounds where the solve steps beyond them (BEYOND_BOUND_WEIGHT).
 *
 * What is not fitted is set directly before the solve: the sinus rate from the measured heart
 * rate (the fit runs with the reflexes off, and their set points are then the fitted MAP and
 * CVP, so that switching them on changes nothing at rest), the blood volume from sex, height and
 * weight, the LV's size (conduction path lengths, pericardial reserve) from its end-diastolic
 * volume, the conduction pattern and scar from the ECG and imaging, and, in a bundle branch block,
 * the myocardial conduction velocity from the QRS duration.
 *
 * A fit that leaves any measured index outside its tolerance is an error that names it: a
 * silently poor twin is worse than none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-fit.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <math.h>
#include <string.h>

#include "ct-engine-words.h"
#include "ct-i18n.h"
#include "ct-json.h"
#include "ct-loinc.h"
#include "ct-twin-error.h"

/* ------------------------------------------------------------ parameters */

typedef enum {
  FIT_LV_CONTRACTILITY,
  FIT_LV_STIFFNESS,
  FIT_SYSTEMIC_RESISTANCE,
  FIT_ARTERIAL_COMPLIANCE,
  FIT_VENOUS_UNSTRESSED_VOLUME,
  FIT_PULMONARY_RESISTANCE,
  FIT_RV_CONTRACTILITY,
  FIT_AORTIC_IMPEDANCE,
  FIT_PULMONARY_COMPLIANCE,
  /* Fitted only when the measurements show regurgitation (see regurgitant_volume_ml): last, so
   * that the parameters always fitted are the first N_FITTED - 1. */
  FIT_MITRAL_REGURGITATION,
  N_FITTED
} Fitted;

static const char *const fitted_names[N_FITTED] = {
    "lv_free_wall_end_systolic_elastance_mmhg_ml", "lv_free_wall_edpvr_stiffness_per_ml",
    "systemic_vascular_resistance_mmhg_s_ml",      "systemic_arterial_compliance_ml_mmhg",
    "systemic_venous_unstressed_volume_ml",        "pulmonary_vascular_resistance_mmhg_s_ml",
    "rv_free_wall_end_systolic_elastance_mmhg_ml", "systemic_characteristic_impedance_mmhg_s_ml",
    "pulmonary_arterial_compliance_ml_mmhg",       "mitral_regurgitant_orifice_area_cm2",
};

/* The weak prior on each parameter: one SD is a factor of 4 either way, wide enough for the
 * range from health to end-stage failure (LV Ees 0.5-4 mmHg/ml: Chen et al. 2001, J Am Coll
 * Cardiol 38:2028; SVR 8-30 Wood units). */
#define PARAMETER_PRIOR_LOG_SD (G_LN2 * 2.0)

/* Reference adult of the engine's defaults (cs-params.c): 70 kg, 1.85 m2 (Mosteller, 175 cm),
 * blood volume 4900 ml, LVEDV ~145 ml. */
#define REFERENCE_BSA_M2          1.85
#define REFERENCE_BLOOD_VOLUME_ML 4900.0
#define REFERENCE_LVEDV_ML        145.0

/* A measurement's tolerance is read as about two standard deviations of its error (a 95 %
 * limit), so a measured row weighs (2 / tolerance)^2: four times what its tolerance alone would
 * give, enough that population priors yield to what was measured. */
#define MEASUREMENT_SD_PER_TOLERANCE 2.0

/* Forward-difference step of the Jacobian, in log-parameter units (1 %): large against the
 * steady state's beat-to-beat noise (see STEADY_VOLUME_TOLERANCE_ML), small against the
 * curvature of the model. */
#define JACOBIAN_STEP 0.01
/* Steady state for the fit: volumes still within 0.002 ml from beat to beat, ten times tighter
 * than for display, so that a 1 % parameter step is not drowned in convergence noise. */
#define STEADY_VOLUME_TOLERANCE_ML 0.002
/* The solves here take 10-20 trust-region iterations (~70-110 steady states, 0.3-0.6 s); 40 bounds
 * a hard solve to about a second (the fit_s) before it is judged by its residuals. A fit
 * that needs a mitral leak solves twice (see regurgitant_volume_ml). */
#define MAX_ITERATIONS 40
/* The prior row's slope beyond a parameter's bounds, per log unit. apply() holds a parameter
 * within the engine's bounds, so beyond them the simulation's rows are flat in it and the solve
 * sees only the weak prior pull it back: a young man of 47 kg with a small, hyperdynamic LV (a
 * random sweep's; test-fit's unsettled-at-search-tolerance) had his LV Ees carried past its upper
 * bound by an early step, and with the steady-state search of the forty-fifth session
 * the solve stayed on that plateau to its end, stalling at EF 67.1 % against 70.4 (tolerance 2)
 * and LVEDV 87.1 ml against 82.3 (4.1). With the penalty a step beyond a bound is undone in a step
 * or two (a residual of 10 for 10 % beyond, where the prior gives 0.07) and the solve matches all
 * eight measurements (175 steady states). */
#define BEYOND_BOUND_WEIGHT 100.0
/* A residual row for a simulation that failed: far outside every tolerance, so that the
 * trust region rejects the step that led there. */
#define FAILED_RESIDUAL 1e3

/* Scar segments from imaging become transmural scar; 0.9, as the ischaemic demo twin:
 * late-gadolinium enhancement of >75 % of the wall (Bleeker et al. 2006, Circulation 113:969). */
#define IMAGED_SCAR_TRANSMURALITY 0.9

/* How closely the LV activation time must match the QRS duration. */
#define QRS_TOLERANCE_MS 5.0

/* Heart failure with reduced EF (ESC 2021 guideline, McDonagh et al., Eur Heart J 42:3599:
 * LVEF <= 40 %): the baroreflex's heart-rate arm is blunted to 0.23 of normal (Eckberg et al.
 * 1971, N Engl J Med 285:877: reflex slowing 3.70 +- 0.8 ms per mmHg of systolic pressure in
 * patients with heart disease against 16.0 +- 1.8 in normal subjects; the engine's heart-rate arm
 * moves the heart period in proportion to its gain, and at full gain the normal twin's reflex is
 * ~17 ms per mmHg of mean pressure), and the left atrium contracts 43 ms after the right instead of
 * 14 ms (tissue Doppler in dilated cardiomyopathy, EuroEcho 2011 abstract P388; see cs-params.c),
 * as in the heart-failure demo twins. That figure was measured in non-ischaemic dilated
 * cardiomyopathy; it is applied to ischaemic HFrEF too (the ischemic-scar demo, any fit with LVEF
 * <= 40 %) for want of a measurement there: the direction (slower interatrial conduction in
 * systolic dysfunction, J Am Soc Echocardiogr 2009, PMID 19345063) holds in both. */
#define HFREF_MAX_LVEF_PCT                       40.0
#define HEART_FAILURE_BAROREFLEX_HEART_RATE_GAIN CT_HEART_FAILURE_BAROREFLEX_HEART_RATE_GAIN
/* Heart failure blunts the cardiopulmonary reflex to about a sixth (cs-params.c). */
#define HEART_FAILURE_CARDIOPULMONARY_REFLEX_GAIN CT_HEART_FAILURE_CARDIOPULMONARY_REFLEX_GAIN
#define HFREF_INTERATRIAL_CONDUCTION_MS           43.0
/* A raised filling pressure blunts the reflexes too, whatever the EF. Eckberg's blunted reflex
 * was measured in "patients with heart disease" (his abstract), not in reduced EF alone, and an EF
 * of 40 % is no boundary of disease in every heart: in chronic primary mitral regurgitation an EF
 * of 60 % or less is already LV dysfunction (ACC/AHA 2020 valve guideline, as recalled). The
 * threshold is taken, by analogy, from the HFA-PEFF algorithm's invasive criterion (Pieske et al.
 * 2019, Eur Heart J 40:3297, as recalled: a PCWP of 15 mmHg or more, or an LVEDP of 16 or more, at
 * rest confirms heart failure with preserved EF in a patient suspected of it, once other causes,
 * valve disease among them, are excluded; in mitral regurgitation the v wave raises the mean
 * wedge pressure too). A measured mean LA (wedge) pressure at or above it blunts both arms as a
 * reduced EF does; the settings measured in dilated cardiomyopathy (interatrial conduction,
 * force-frequency, PA compliance) stay with the EF. It is a step: two patients measured at 14.9
 * and 15.0 mmHg (within the measurement's +/- 3) get different reflexes, and under a vasodilator
 * different heart rates. What set it: a catheter series' mean patient with chronic mitral
 * regurgitation (EF 54 %, LVEDP 16.7 mmHg) fitted with the healthy reflex needed nitroprusside at
 * 3 mcg/kg/min to lower its pressure as far as the patients' fell, its heart rate climbing to
 * 107 bpm, and unloaded its ventricle beyond theirs; blunted, its rows fall within the series'
 * bands (mitral_regurgitation_nitroprusside_fitted, docs/validation.md: calibration targets), and
 * in another series' seven patients with valvular regurgitation nitroprusside did not change the
 * heart rate. */
#define HEART_FAILURE_MIN_PCWP_MMHG 15.0
/* The heart-rate reflex weakens with age: age and arterial pressure each lower it (Gribbin,
 * Pickering, Sleight & Peto 1971, Circ Res 29:424, abstract: 81 subjects of 19-66, 1.9-48.9 ms of
 * pulse interval per mmHg), and in healthy subjects of 59-71 its gain was more than 60 % below
 * that of subjects of 20-31 (Kaushal & Taylor 2002, J Am Coll Cardiol 39:1524, abstract). The
 * engine's gain of one, ~17 ms of RR interval per mmHg of mean pressure, matches Eckberg's normal
 * subjects (16.0 per mmHg of systolic pressure; their ages are not in his abstract) and is taken
 * as a young adult's. A patient without heart failure keeps 1 - 0.015 (age - 25) of it: the young
 * gain less 1.5 % of it for each year past 25, the line through the two groups' middles (25.5 and
 * 65), linearity assumed and extrapolated past 71; 0.78 at 40, 0.55 at 55, 0.40 at 65. It stops
 * at heart failure's 0.23 (from 77): a floor for convenience, not a finding on ageing (Gribbin's
 * lowest, 1.9, is ~0.11 of 17). Heart failure's blunting is not compounded with it: Eckberg's
 * patients, surely older than 25, carried their age in their 0.23. The cardiopulmonary and
 * sympathetic arms are not scaled: no source on their ageing was read. Motivated by these
 * abstracts, not by a validation reference (none fits a twin without heart failure): the
 * mitral regurgitation series' mean patient, fitted without its wedge pressure at an assumed 55,
 * raises its rate 80 -> 93 bpm under nitroprusside with it, 107 without it
 * (docs/engine-calibration-log.md, twenty-ninth session). */
#define BAROREFLEX_YOUNG_ADULT_AGE_YEARS 25.0
#define BAROREFLEX_LOSS_PER_YEAR         0.015
/* The sinus node's response to beta-1 agonists weakens with age as well: under ganglionic
 * blockade, 0.61 of the young's at 65 (Christou & Seals 2008, J Appl Physiol 105:24, abstract:
 * 0.094 against 0.154 beats a minute per unit of isoproterenol, men of 65 +/- 5 and 25 +/- 4),
 * so 1 - 0.0098 (age - 25), linear between the two groups; down to heart failure's 0.37, which a
 * failing twin takes whatever its age (cs-params.c). */
#define BETA1_CHRONOTROPIC_LOSS_PER_YEAR 0.0098
/* With LVEF <= 40 % the force-frequency relation is flat: pacing tachycardia raised neither
 * dP/dtmax nor the end-systolic pressure-volume ratio in dilated cardiomyopathy (Feldman et al.
 * 1988, J Clin Invest 82:1661), as in the heart-failure demo twins. */
#define HFREF_FORCE_FREQUENCY_PER_BPM 0.0
/* With LVEF <= 40 % the pulmonary arterial compliance starts from the heart-failure demo twins':
 * the one whose SV/PP meets Tedford et al.'s relation C = 0.564/(0.047 + R) (2012, Circulation
 * 125:289; R in mmHg.s/ml) at their resistance of ~1.6 Wood units, which a raised wedge pressure
 * lowers further. The healthy adult's (8 ml/mmHg) left a heart-failure twin a pulmonary pulse
 * pressure of ~9 mmHg (docs/engine-calibration-log.md, seventeenth session). Measured PA
 * pressures move it from there. */
#define HFREF_PULMONARY_ARTERIAL_COMPLIANCE_ML_MMHG 1.8

/* ---------------------------------------------------------------- targets */

typedef struct {
  size_t index;     /* in cs_index order */
  const char *name; /* the index's name */
  double value;
  double scale; /* absolute tolerance (measured) or population SD (prior) */
  gboolean measured;
  /* A prior on the index less this share of another simulated index (conditional_prior): the
   * row is (index - share x other - value) / scale. share 0 for every other row. */
  size_t other;
  double other_share;
} Target;

typedef struct {
  CsParams base; /* priors, with the fitted parameters at their prior values */
  double prior_value[N_FITTED];
  const CsParamInfo *info[N_FITTED];
  int n_fitted; /* the first n_fitted of Fitted: N_FITTED - 1, or all with regurgitation */
  CsTherapy therapy;
  CsSteadyStateOptions steady;

  Target targets[32];
  guint n_targets;

  void *warm_state; /* last converged state, for warm starts */
  gboolean have_warm_state;

  GCancellable *cancellable;
  gboolean cancelled;
  gint evaluations; /* atomic: read by ct_fit_get_evaluations() on other threads */
  CsError failure;  /* the last simulation's that failed… */
  CsSteadyStateResult failure_search; /* …and its steady-state search */

  /* Cache of the last residual evaluation, which GSL asks for again before the Jacobian. */
  double last_x[N_FITTED];
  gboolean have_last;
  double last_f[32 + N_FITTED];
} Problem;

struct _CtFit {
  GObject parent_instance;

  CtMeasurements *measurements;
  char *twin_id;
  char *pseudonym; /* NULL: the twin id */

  Problem *problem;
  GArray *residuals; /* CtFitResidual */
  CtTwin *twin;
  double seconds;
  double drivers[N_FITTED][32]; /* share of each measured row in a parameter's information */
};

G_DEFINE_FINAL_TYPE(CtFit, ct_fit, G_TYPE_OBJECT)

static void ct_fit_finalize(GObject *object)
{
  CtFit *self = CT_FIT(object);

  g_clear_object(&self->measurements);
  g_clear_object(&self->twin);
  g_free(self->twin_id);
  g_free(self->pseudonym);
  if (self->problem != NULL) {
    g_free(self->problem->warm_state);
    g_free(self->problem);
  }
  g_array_unref(self->residuals);
  G_OBJECT_CLASS(ct_fit_parent_class)->finalize(object);
}

static void ct_fit_class_init(CtFitClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = ct_fit_finalize;
}

static void ct_fit_init(CtFit *self)
{
  self->residuals = g_array_new(FALSE, TRUE, sizeof(CtFitResidual));
}

CtFit *ct_fit_new(CtMeasurements *measurements, const char *twin_id)
{
  CtFit *self;

  g_return_val_if_fail(CT_IS_MEASUREMENTS(measurements), NULL);
  g_return_val_if_fail(twin_id != NULL, NULL);

  self = g_object_new(CT_TYPE_FIT, NULL);
  self->measurements = g_object_ref(measurements);
  self->twin_id = g_strdup(twin_id);
  return self;
}

void ct_fit_set_pseudonym(CtFit *self, const char *pseudonym)
{
  g_return_if_fail(CT_IS_FIT(self));
  g_free(self->pseudonym);
  self->pseudonym = g_strdup(pseudonym);
}

static size_t index_of(const char *name)
{
  for (size_t i = 0; i < cs_index_count(); i++)
    if (strcmp(cs_index_name(i), name) == 0)
      return i;
  g_assert_not_reached();
}

/* The twin's index as the measurement reads it. A measured sv_ml is a forward stroke volume
 * (above); the engine's sv_ml is EDV - ESV, the same thing without a leak, not with one. */
static double twin_index_as_measured(const CsIndices *indices, size_t index)
{
  if (strcmp(cs_index_name(index), "sv_ml") == 0 && indices->hr_bpm > 0.0)
    return 1000.0 * indices->co_l_min / indices->hr_bpm;
  return cs_indices_get(indices, index);
}

static double tolerance_of(const char *name, double measured)
{
  CtTolerance tolerance;

  if (!ct_measurement_tolerance(name, &tolerance))
    g_assert_not_reached();
  return tolerance.relative ? tolerance.value * fabs(measured) : tolerance.value;
}

/* Priors for the quantities that were not measured: mean and SD.
 *
 * With a preserved EF, those of healthy adults of this sex, age and size at rest. With a reduced
 * EF (<= 40 %, ESC 2021), heart-failure priors, wide enough to span ambulatory CRT candidates and
 * hospitalised advanced heart failure: a dilated LV (LVEDV index ~120 ml/m2 in MADIT-CRT's
 * patients, Solomon et al. 2010, Circulation 122:985), a low cardiac index (median 1.75-2.0
 * l/min/m2 in ESCAPE, Drazner et al. 2008, Circ Heart Fail 1:170), lower systolic pressure (106
 * mmHg in ESCAPE, Binanay et al. 2005, JAMA 294:1625) and raised filling pressures (ESCAPE's
 * targets of therapy, PCWP 15 and RAP 8 mmHg, being above normal). Healthy priors would pull an
 * HFrEF patient measured only by heart rate and EF toward a small heart with normal pressures.
 * FALSE for indices without a prior. */
static gboolean population_prior(CtMeasurements *m, const char *name, double *mean, double *sd)
{
  double bsa = ct_measurements_get_bsa_m2(m);
  double age = ct_measurements_get_age_years(m);
  double lvef = 100.0;
  gboolean hfref = ct_measurements_lookup(m, "lvef_pct", &lvef) && lvef <= HFREF_MAX_LVEF_PCT;

  if (strcmp(name, "lvedv_ml") == 0) {
    /* CMR (SSFP): LVEDV 160 +- 29 ml in men, 135 +- 26 ml in women, equal once indexed to body
     * surface area (~80 ml/m2) (Hudsmith et al. 2005, J Cardiovasc Magn Reson 7:775). */
    *mean = (hfref ? 120.0 : 80.0) * bsa;
    *sd = (hfref ? 0.25 : 0.18) * *mean;
  } else if (strcmp(name, "co_l_min") == 0) {
    /* Resting cardiac index ~3.2 l/min/m2 (2.5-4.0) in healthy adults; the engine's reference
     * adult gives 6.1 l/min at 1.85 m2 (cs-params.c). */
    *mean = (hfref ? 2.2 : 3.2) * bsa;
    *sd = (hfref ? 0.27 : 0.2) * *mean;
  } else if (strcmp(name, "sbp_mmhg") == 0) {
    /* Systolic pressure rises roughly linearly after 30, diastolic plateaus (Franklin et al.
     * 1997, Circulation 96:308, Framingham). */
    *mean = hfref ? 110.0 : 115.0 + 0.4 * MAX(0.0, age - 30.0);
    *sd = 15.0;
  } else if (strcmp(name, "dbp_mmhg") == 0) {
    *mean = hfref ? 70.0 : 75.0;
    *sd = 10.0;
  } else if (strcmp(name, "mean_lap_mmhg") == 0) {
    /* Normal PCWP 6-12 mmHg (Kovacs et al. 2009, Eur Respir J 34:888, and the PH guidelines'
     * 15 mmHg limit). */
    *mean = hfref ? 18.0 : 8.0;
    *sd = hfref ? 8.0 : 4.0;
  } else if (strcmp(name, "cvp_mmhg") == 0) {
    /* Normal mean right atrial pressure 2-6 mmHg. */
    *mean = hfref ? 8.0 : 4.0;
    *sd = hfref ? 5.0 : 3.0;
  } else if (strcmp(name, "mpap_mmhg") == 0) {
    /* Kovacs et al. 2009: mPAP at rest 14.0 +- 3.3 mmHg in healthy subjects; in HFrEF, post-
     * capillary pulmonary hypertension follows the wedge pressure. */
    *mean = hfref ? 28.0 : 14.0;
    *sd = hfref ? 9.0 : 3.3;
  } else {
    return FALSE;
  }
  return TRUE;
}

/* Right and left filling pressures move together: the mean right atrial pressure correlated with
 * the wedge pressure at r = 0.64 in 1000 patients with advanced heart failure, where left-sided
 * failure raises the right-sided pressures (Drazner et al. 1999, J Heart Lung Transplant 18:1126,
 * abstract; its changes with therapy at r = 0.62). */
#define RIGHT_LEFT_FILLING_CORRELATION 0.64
/* The transpulmonary gradient (mean pulmonary artery less wedge pressure): without heart failure
 * the difference of the priors' means, 14 - 8 = 6 mmHg, 3 mmHg an SD, so that 12 mmHg, the
 * conventional upper limit of a normal gradient (a pulmonary resistance of ~2 Wood units at a
 * normal output), lies 2 SD above it; in heart failure 28 - 18 = 10 mmHg, 5 an SD, wider because
 * a precapillary component adds to the post-capillary hypertension in a part of them (an
 * assumption, not a measured spread). */
#define NORMAL_TRANSPULMONARY_GRADIENT_MMHG 6.0
#define NORMAL_TRANSPULMONARY_GRADIENT_SD   3.0
#define HF_TRANSPULMONARY_GRADIENT_MMHG     10.0
#define HF_TRANSPULMONARY_GRADIENT_SD       5.0

/* A row on the index @name alone: (simulated - @value) / @scale. */
static Target target_row(const char *name, double value, double scale, gboolean measured)
{
  size_t index = index_of(name);

  return (Target){.index = index,
                  .name = cs_index_name(index),
                  .value = value,
                  .scale = scale,
                  .measured = measured,
                  .other = index,
                  .other_share = 0.0};
}

/* @row, the prior of an index of population @mean and @sd, regressed on the twin's index @other
 * with RIGHT_LEFT_FILLING_CORRELATION: (index - r sd / sd_other (other - mean_other) - mean) /
 * (sd sqrt(1 - r^2)), the normal distribution's conditional. */
static void regress_on(CtMeasurements *m, const char *other, double mean, double sd, Target *row)
{
  const double r = RIGHT_LEFT_FILLING_CORRELATION;
  double other_mean, other_sd;

  if (!population_prior(m, other, &other_mean, &other_sd))
    g_assert_not_reached();
  row->other = index_of(other);
  row->other_share = r * sd / other_sd;
  row->value = mean - row->other_share * other_mean;
  row->scale = sd * sqrt(1.0 - r * r);
}

/* The prior row of the unmeasured index @name, given what was measured: the population's
 * (population_prior) as (simulated - mean) / SD, except for the filling pressures, whose priors
 * follow a related pressure where one was measured, as rows on the simulated values (so that a
 * fit that misses the measured pressure a little does not pull the other after the measurement
 * rather than the twin):
 *
 *   - the right atrial pressure, with the wedge pressure measured: the population's regressed on
 *     the twin's wedge pressure, (cvp - r sd_cvp / sd_wedge (wedge - mean_wedge) - mean_cvp) /
 *     (sd_cvp sqrt(1 - r^2)), the normal distribution's conditional. Used without heart failure
 *     too: no correlation measured in healthy adults was found, and a patient whose wedge
 *     pressure is measured high is the one whose right-sided pressures matter;
 *   - the wedge pressure, with the right atrial pressure measured, the same the other way round,
 *     in heart failure only (EF <= 40 %): there the right follows the left; with a preserved EF
 *     a high right atrial pressure and a normal wedge pressure are common (pulmonary arterial
 *     hypertension, right ventricular failure, tricuspid regurgitation), and the population's own
 *     wedge prior stays;
 *   - the mean pulmonary artery pressure, with the wedge pressure measured or following a
 *     measured right atrial pressure: the transpulmonary gradient's prior above the twin's wedge
 *     pressure, (mpap - wedge - TPG) / SD_TPG.
 *
 * Taken one at a time, the population priors held a patient with a preserved EF and a wedge
 * pressure of 26 mmHg towards a right atrial pressure of 4 and a mean pulmonary pressure of 14:
 * the fit gave a CVP of 3.9 and a mean PA pressure of 26 with a pulmonary resistance of 0.6
 * Wood units, and a wedge pressure of 23.5 (within the measurement's tolerance, pulled off it).
 * Fills @row; FALSE for indices without a prior. */
static gboolean conditional_prior(CtMeasurements *m, const char *name, Target *row)
{
  double lvef = 100.0, mean, sd;
  gboolean hfref = ct_measurements_lookup(m, "lvef_pct", &lvef) && lvef <= HFREF_MAX_LVEF_PCT;
  gboolean wedge_measured = ct_measurements_lookup(m, "mean_lap_mmhg", NULL);
  gboolean wedge_follows_cvp = hfref && ct_measurements_lookup(m, "cvp_mmhg", NULL);

  if (!population_prior(m, name, &mean, &sd))
    return FALSE;
  *row = target_row(name, mean, sd, FALSE);
  if (strcmp(name, "cvp_mmhg") == 0 && wedge_measured) {
    regress_on(m, "mean_lap_mmhg", mean, sd, row);
  } else if (strcmp(name, "mean_lap_mmhg") == 0 && wedge_follows_cvp) {
    regress_on(m, "cvp_mmhg", mean, sd, row);
  } else if (strcmp(name, "mpap_mmhg") == 0 && (wedge_measured || wedge_follows_cvp)) {
    row->other = index_of("mean_lap_mmhg");
    row->other_share = 1.0;
    row->value = hfref ? HF_TRANSPULMONARY_GRADIENT_MMHG : NORMAL_TRANSPULMONARY_GRADIENT_MMHG;
    row->scale = hfref ? HF_TRANSPULMONARY_GRADIENT_SD : NORMAL_TRANSPULMONARY_GRADIENT_SD;
  }
  return TRUE;
}

static void add_target(Problem *p, const char *name, double value, double scale, gboolean measured)
{
  g_assert(p->n_targets < G_N_ELEMENTS(p->targets));
  p->targets[p->n_targets++] = target_row(name, value, scale, measured);
}

/* The parameters before the solve: defaults scaled to the patient, then what the measurements
 * set directly. */
static void build_prior(CtFit *self, Problem *p)
{
  CtMeasurements *m = self->measurements;
  CsParams *b = &p->base;
  double bsa = ct_measurements_get_bsa_m2(m);
  double weight = ct_measurements_get_weight_kg(m);
  double blood = ct_blood_volume_nadler_ml(ct_measurements_get_sex(m),
                                           ct_measurements_get_height_cm(m), weight);
  double volume_scale = blood / REFERENCE_BLOOD_VOLUME_ML;
  double size_scale = bsa / REFERENCE_BSA_M2;
  double age = ct_measurements_get_age_years(m);
  double lvedv, lvef, pcwp, hr, sd, age_scale;
  double lv_scale;

  cs_params_default(b);
  b->body_weight_kg = weight;
  b->total_blood_volume_ml = blood;
  /* Vessel capacity grows with body size as blood volume does. */
  b->systemic_arterial_unstressed_volume_ml *= volume_scale;
  b->systemic_venous_unstressed_volume_ml *= volume_scale;
  b->systemic_venous_compliance_ml_mmhg *= volume_scale;
  /* Conductances and compliance scale with body size (cardiac output is indexed to BSA). */
  b->systemic_vascular_resistance_mmhg_s_ml /= size_scale;
  b->pulmonary_vascular_resistance_mmhg_s_ml /= size_scale;
  b->systemic_arterial_compliance_ml_mmhg *= size_scale;

  if (ct_measurements_lookup(m, "hr_bpm", &hr))
    b->sinus_rate_bpm = hr;

  /* LV size: the measured end-diastolic volume, or the population's. The diastolic pressure-
   * volume curve starts from the same shape shifted to the patient's size (its stiffness
   * scaled by the volume ratio, so that the filling pressure at the patient's EDV is the
   * reference's at its own; the fit then adjusts it); dimensions scale isotropically; the
   * pericardium of a chronically dilated heart grows with it and keeps its reserve volume
   * (Freeman & LeWinter 1984, Circ Res 54:294). */
  if (!ct_measurements_lookup(m, "lvedv_ml", &lvedv)) {
    population_prior(m, "lvedv_ml", &lvedv, &sd);
  }
  lv_scale = lvedv / REFERENCE_LVEDV_ML;
  b->lv_free_wall.edpvr_stiffness_per_ml /= lv_scale;
  b->lv_end_diastolic_diameter_mm *= cbrt(lv_scale);
  b->lv_long_axis_mm *= cbrt(lv_scale);
  b->pericardium_zero_volume_ml *= lv_scale;

  /* Contractility: Ees scales with EF for a given size (Suga's ESPVR: SV/EDV rises with
   * Ees/Ea); start from the reference scaled by EF relative to the reference's 62 %. */
  if (ct_measurements_lookup(m, "lvef_pct", &lvef)) {
    b->lv_free_wall.end_systolic_elastance_mmhg_ml *= CLAMP(lvef / 62.0, 0.1, 1.5) / lv_scale;
    if (lvef <= HFREF_MAX_LVEF_PCT) {
      b->baroreflex_heart_rate_gain_scale = HEART_FAILURE_BAROREFLEX_HEART_RATE_GAIN;
      b->beta1_chronotropic_scale = CT_HEART_FAILURE_BETA1_CHRONOTROPIC_SCALE;
      b->cardiopulmonary_reflex_gain_scale = HEART_FAILURE_CARDIOPULMONARY_REFLEX_GAIN;
      b->interatrial_conduction_ms = HFREF_INTERATRIAL_CONDUCTION_MS;
      b->force_frequency_per_bpm = HFREF_FORCE_FREQUENCY_PER_BPM;
      b->pulmonary_arterial_compliance_ml_mmhg = HFREF_PULMONARY_ARTERIAL_COMPLIANCE_ML_MMHG;
    }
  }
  if (ct_measurements_lookup(m, "mean_lap_mmhg", &pcwp) && pcwp >= HEART_FAILURE_MIN_PCWP_MMHG) {
    b->baroreflex_heart_rate_gain_scale = HEART_FAILURE_BAROREFLEX_HEART_RATE_GAIN;
    b->cardiopulmonary_reflex_gain_scale = HEART_FAILURE_CARDIOPULMONARY_REFLEX_GAIN;
    b->beta1_chronotropic_scale = CT_HEART_FAILURE_BETA1_CHRONOTROPIC_SCALE;
  }
  b->beta1_chronotropic_scale =
      MIN(b->beta1_chronotropic_scale,
          MAX(1.0 - BETA1_CHRONOTROPIC_LOSS_PER_YEAR * (age - BAROREFLEX_YOUNG_ADULT_AGE_YEARS),
              CT_HEART_FAILURE_BETA1_CHRONOTROPIC_SCALE));
  age_scale = 1.0 - BAROREFLEX_LOSS_PER_YEAR * (age - BAROREFLEX_YOUNG_ADULT_AGE_YEARS);
  b->baroreflex_heart_rate_gain_scale =
      MIN(b->baroreflex_heart_rate_gain_scale,
          MAX(age_scale, HEART_FAILURE_BAROREFLEX_HEART_RATE_GAIN));

  if (ct_measurements_get_lbbb(m))
    b->conduction = CS_CONDUCTION_LBBB;
  for (int s = 1; s <= CS_AHA_SEGMENTS; s++)
    if (ct_measurements_has_scar(m, s))
      b->scar_transmurality[s - 1] = IMAGED_SCAR_TRANSMURALITY;
  /* The continuity equation measures the aortic valve's effective orifice, the vena contracta's
   * area (Baumgartner et al. 2017, J Am Soc Echocardiogr 30:372), which is the engine's orifice:
   * the Bernoulli loss across it, with the pressure recovered downstream (valve_flow). It is taken
   * as measured, not fitted: the ventricle is then fitted behind its stenosis. */
  ct_measurements_get_aortic_valve_area_cm2(m, &b->aortic.effective_orifice_area_cm2);

  p->n_fitted = N_FITTED - 1;
  for (int j = 0; j < N_FITTED; j++) {
    p->info[j] = cs_param_lookup(fitted_names[j]);
    g_assert(p->info[j] != NULL);
    p->prior_value[j] = *cs_param_field(b, p->info[j]);
  }

  /* Targets: every measurement but the heart rate (set directly), then the priors of what was
   * not measured. */
  for (guint i = 0; i < ct_measurements_get_n_values(m); i++) {
    const char *name = ct_measurements_get_name(m, i);
    double value = ct_measurements_get_value(m, i);

    if (strcmp(name, "hr_bpm") != 0)
      add_target(p, name, value, tolerance_of(name, value) / MEASUREMENT_SD_PER_TOLERANCE, TRUE);
  }
  for (size_t k = 0; k < cs_index_count(); k++) {
    const char *name = cs_index_name(k);
    Target row;

    if (!ct_measurements_lookup(m, name, NULL) && conditional_prior(m, name, &row)) {
      g_assert(p->n_targets < G_N_ELEMENTS(p->targets));
      p->targets[p->n_targets++] = row;
    }
  }
}

static void apply(const Problem *p, const double *x, CsParams *params)
{
  *params = p->base;
  for (int j = 0; j < p->n_fitted; j++)
    *cs_param_field(params, p->info[j]) =
        CLAMP(p->prior_value[j] * exp(x[j]), p->info[j]->min, p->info[j]->max);
}

/* One steady state of the engine at parameters @params; FALSE with p->failure (and
 * p->failure_search) filled when the engine refused or failed. */
static gboolean simulate(Problem *p, const CsParams *params, CsIndices *indices)
{
  CsError error = {{0}};
  CsSteadyStateResult result = {0};
  CsModel *model;
  CsStatus status;

  if (g_cancellable_is_cancelled(p->cancellable)) {
    p->cancelled = TRUE;
    return FALSE;
  }
  g_atomic_int_inc(&p->evaluations);
  model = cs_model_new(params, &p->therapy, &error);
  if (model == NULL) {
    p->failure = error;
    p->failure_search = result;
    return FALSE;
  }
  if (p->have_warm_state)
    cs_model_restore_state(model, p->warm_state, NULL);
  status = cs_model_run_to_steady_state(model, &p->steady, &result, &error);
  if (status == CS_OK && result.converged) {
    *indices = *cs_model_indices(model);
    cs_model_save_state(model, p->warm_state);
    p->have_warm_state = TRUE;
  } else {
    if (status == CS_OK) {
      /* Not an engine answer (it reports CS_ERROR_NOT_CONVERGED), said alike all the same. */
      g_strlcpy(error.message, "no periodic steady state", sizeof error.message);
      error.failure = CS_FAILURE_NOT_CONVERGED;
      error.values[0] = p->steady.max_beats;
    }
    p->failure = error;
    p->failure_search = result;
  }
  cs_model_free(model);
  return status == CS_OK && result.converged;
}

static guint n_rows(const Problem *p)
{
  return p->n_targets + (guint)p->n_fitted;
}

/* How far (log units) fitted parameter @j lies beyond its bounds at @x_j: positive above the
 * largest value, negative below the smallest, 0 within. */
static double beyond_bounds(const Problem *p, int j, double x_j)
{
  double value = p->prior_value[j] * exp(x_j);

  if (value > p->info[j]->max)
    return log(value / p->info[j]->max);
  if (value < p->info[j]->min)
    return log(value / p->info[j]->min);
  return 0.0;
}

/* Fills @f, the residual rows at @x (FAILED_RESIDUAL in the measured rows where the simulation
 * failed). */
static void residuals_at(Problem *p, const double *x, double *f)
{
  CsParams params;
  CsIndices indices;
  gboolean ok;

  apply(p, x, &params);
  ok = simulate(p, &params, &indices);
  for (guint i = 0; i < p->n_targets; i++) {
    const Target *t = &p->targets[i];

    f[i] = ok ? (twin_index_as_measured(&indices, t->index) -
                 t->other_share * twin_index_as_measured(&indices, t->other) - t->value) /
                    t->scale
              : FAILED_RESIDUAL;
  }
  for (int j = 0; j < p->n_fitted; j++)
    f[p->n_targets + j] =
        x[j] / PARAMETER_PRIOR_LOG_SD + BEYOND_BOUND_WEIGHT * beyond_bounds(p, j, x[j]);
}

static int residual_function(const gsl_vector *x, void *data, gsl_vector *f)
{
  Problem *p = data;

  for (int j = 0; j < p->n_fitted; j++)
    p->last_x[j] = gsl_vector_get(x, j);
  residuals_at(p, p->last_x, p->last_f);
  p->have_last = TRUE;
  for (guint i = 0; i < n_rows(p); i++)
    gsl_vector_set(f, i, p->last_f[i]);
  return p->cancelled ? GSL_EFAILED : GSL_SUCCESS;
}

static int jacobian_function(const gsl_vector *x, void *data, gsl_matrix *jacobian)
{
  Problem *p = data;
  double x0[N_FITTED], f0[32 + N_FITTED], f1[32 + N_FITTED];
  gboolean same = p->have_last;

  for (int j = 0; j < p->n_fitted; j++) {
    x0[j] = gsl_vector_get(x, j);
    same &= x0[j] == p->last_x[j];
  }
  if (same)
    memcpy(f0, p->last_f, sizeof f0);
  else
    residuals_at(p, x0, f0);
  for (int j = 0; j < p->n_fitted; j++) {
    double xj[N_FITTED];

    memcpy(xj, x0, sizeof xj);
    xj[j] += JACOBIAN_STEP;
    residuals_at(p, xj, f1);
    for (guint i = 0; i < p->n_targets; i++)
      gsl_matrix_set(jacobian, i, j, (f1[i] - f0[i]) / JACOBIAN_STEP);
    /* The prior rows' slopes are known. A difference across a bound read part of the penalty's
     * slope (up to BEYOND_BOUND_WEIGHT within a step of it), which Moré's scaling would then keep
     * for that parameter for the rest of the solve. */
    for (int k = 0; k < p->n_fitted; k++)
      gsl_matrix_set(jacobian, p->n_targets + (guint)k, j,
                     k != j ? 0.0
                            : 1.0 / PARAMETER_PRIOR_LOG_SD +
                                  (beyond_bounds(p, j, x0[j]) != 0.0 ? BEYOND_BOUND_WEIGHT : 0.0));
  }
  return p->cancelled ? GSL_EFAILED : GSL_SUCCESS;
}

/* ------------------------------------------------------------ conduction */

/* In LBBB the end of the QRS is the end of LV activation, the lateral wall being the last
 * region activated (Auricchio et al. 2004, Circulation 109:1133; Strik et al. 2013, Circ
 * Arrhythm Electrophysiol 6:682), and a longer QRS reflects slower myocardial conduction in a
 * larger ventricle. So the myocardial conduction velocity is set so that the engine's total LV
 * activation time equals the measured QRS duration. Activation time is inversely proportional
 * to the velocity (shortest paths over the segment graph), so a few fixed-point steps
 * converge. */
static gboolean fit_conduction(CtFit *self, Problem *p, GError **error)
{
  const CsParamInfo *info = cs_param_lookup("myocardial_conduction_velocity_m_s");
  double qrs_ms, activation_ms = 0.0;

  if (!ct_measurements_get_lbbb(self->measurements) ||
      !ct_measurements_get_qrs_ms(self->measurements, &qrs_ms))
    return TRUE;
  for (int step = 0; step < 6; step++) {
    CsError engine_error = {{0}};
    CsModel *model = cs_model_new(&p->base, &p->therapy, &engine_error);

    if (model == NULL || cs_model_run_beat(model, &engine_error) != CS_OK) {
      g_autofree char *why = ct_engine_error_describe(&engine_error, NULL);

      cs_model_free(model);
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_SIMULATION,
                  _("The engine cannot simulate this patient: %s"), why);
      return FALSE;
    }
    activation_ms = cs_model_indices(model)->lv_activation_ms;
    cs_model_free(model);
    if (fabs(activation_ms - qrs_ms) < 1.0)
      return TRUE;
    p->base.myocardial_conduction_velocity_m_s = CLAMP(
        p->base.myocardial_conduction_velocity_m_s * activation_ms / qrs_ms, info->min, info->max);
  }
  /* Within the QRS's own measurement error (~5 ms on a 12-lead ECG at 10 ms/mm resolution),
   * or the velocity reached its physiological limit: say so rather than keep a twin whose
   * activation disagrees with the ECG. */
  if (fabs(activation_ms - qrs_ms) > QRS_TOLERANCE_MS) {
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_NOT_FITTED,
                _("The twin's LV activation cannot match qrs_ms (measured %.0f ms, simulated "
                  "%.0f ms at the conduction velocity's limit of %.2f m/s)"),
                qrs_ms, activation_ms, p->base.myocardial_conduction_velocity_m_s);
    return FALSE;
  }
  return TRUE;
}

/* ------------------------------------------------------------ the twin */

static void add_number(JsonBuilder *builder, const char *member, double value)
{
  json_builder_set_member_name(builder, member);
  ct_json_builder_add_number(builder, value);
}

static void add_string(JsonBuilder *builder, const char *member, const char *value)
{
  json_builder_set_member_name(builder, member);
  json_builder_add_string_value(builder, value);
}

static const char *sex_name(CtSex sex)
{
  return sex == CT_SEX_MALE ? "male" : "female";
}

/* The parameters the fit sets from the measurements and the body's size rather than by the solve,
 * which the twin's document carries besides the fitted ones (build_twin_document). */
static const char *const derived_names[] = {
    "sinus_rate_bpm",
    "total_blood_volume_ml",
    "systemic_arterial_unstressed_volume_ml",
    "systemic_venous_compliance_ml_mmhg",
    "lv_end_diastolic_diameter_mm",
    "lv_long_axis_mm",
    "pericardium_zero_volume_ml",
    "myocardial_conduction_velocity_m_s",
    "baroreflex_set_point_mmhg",
    "baroreflex_heart_rate_gain_scale",
    "cardiopulmonary_set_point_mmhg",
    "cardiopulmonary_reflex_gain_scale",
    "beta1_chronotropic_scale",
    "interatrial_conduction_ms",
    "force_frequency_per_bpm",
};

/* Round a fitted parameter to 4 significant digits: the twin stays readable, and the rounding
 * (< 0.05 %) moves no index by more than a small fraction of its tolerance. */
static double round_significant(double value)
{
  char text[32];

  g_snprintf(text, sizeof text, "%.4g", value);
  return g_ascii_strtod(text, NULL);
}

static GBytes *build_twin_document(CtFit *self, const CsParams *params, const CsIndices *indices)
{
  g_autoptr(JsonBuilder) builder = json_builder_new();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc();
  g_autofree char *today = g_date_time_format(now, "%Y-%m-%d");
  CtMeasurements *m = self->measurements;
  Problem *p = self->problem;
  double qrs_ms, valve_area_cm2;
  gboolean any_scar = FALSE;

  json_builder_begin_object(builder);
  add_string(builder, "format", "cardiotwin/1");
  add_string(builder, "id", self->twin_id);
  /* A leak the measurements called for is said in the description, which the window's subtitle
   * shows (the report says it from the calibration's drivers): the clinician did not enter it. A
   * measured aortic valve area is said there too: the twin's measurements list only indices, and
   * a stenosis is what a clinician must see first. The document's text is data, in English, as
   * the demos' descriptions are. */
  {
    g_autoptr(GString) description = g_string_new(
        "Twin fitted by CardioTwin to the patient's measurements (cardiotwin-measurements/1).");

    if (ct_measurements_get_aortic_valve_area_cm2(m, NULL))
      g_string_append_printf(description,
                             " Its aortic valve's effective orifice is the measured %.2f cm2 "
                             "(continuity equation).",
                             params->aortic.effective_orifice_area_cm2);
    if (p->n_fitted == N_FITTED)
      g_string_append_printf(
          description,
          " Its measured volumes eject more than its measured forward flow: the fit gave it a "
          "mitral regurgitant orifice of %.2f cm2, which leaks %.0f ml a beat.",
          params->mitral.regurgitant_orifice_area_cm2, indices->mitral_regurgitant_volume_ml);
    if (p->n_fitted == N_FITTED && params->mitral_functional_reference_edv_ml > 0.0)
      g_string_append_printf(
          description,
          " With its reduced measured ejection fraction the leak is taken as secondary "
          "(functional) regurgitation: the orifice narrows as the ventricle shrinks below its "
          "end-diastolic volume of %.0f ml and widens as it dilates.",
          params->mitral_functional_reference_edv_ml);
    add_string(builder, "description", description->str);
  }

  json_builder_set_member_name(builder, "patient");
  json_builder_begin_object(builder);
  add_string(builder, "pseudonym", self->pseudonym != NULL ? self->pseudonym : self->twin_id);
  add_string(builder, "sex", sex_name(ct_measurements_get_sex(m)));
  add_number(builder, "age_years", ct_measurements_get_age_years(m));
  add_number(builder, "height_cm", ct_measurements_get_height_cm(m));
  add_number(builder, "weight_kg", ct_measurements_get_weight_kg(m));
  json_builder_end_object(builder);

  /* Each measurement with the day it was taken where the measurements document dates it (a
   * record's observations do), else the day of the fit. A measured aortic valve area is recorded
   * with them, as given (not fitted: no residual), so that the report's provenance lists it and
   * names it as the orifice's source (calibration.drivers). */
  json_builder_set_member_name(builder, "measurements");
  json_builder_begin_array(builder);
  for (guint i = 0; i < ct_measurements_get_n_values(m); i++) {
    const char *name = ct_measurements_get_name(m, i);

    json_builder_begin_object(builder);
    add_string(builder, "name", name);
    add_string(builder, "loinc", ct_loinc_for_index(name));
    add_number(builder, "value", ct_measurements_get_value(m, i));
    add_string(builder, "unit", cs_index_unit(index_of(name)));
    add_string(builder, "date",
               ct_measurements_get_date(m, name) != NULL ? ct_measurements_get_date(m, name)
                                                         : today);
    json_builder_end_object(builder);
  }
  if (ct_measurements_get_aortic_valve_area_cm2(m, &valve_area_cm2)) {
    json_builder_begin_object(builder);
    add_string(builder, "name", CT_AORTIC_VALVE_AREA_NAME);
    add_string(builder, "loinc", ct_loinc_for_index(CT_AORTIC_VALVE_AREA_NAME));
    add_number(builder, "value", valve_area_cm2);
    add_string(builder, "unit", "cm2");
    add_string(builder, "date",
               ct_measurements_get_date(m, CT_AORTIC_VALVE_AREA_NAME) != NULL
                   ? ct_measurements_get_date(m, CT_AORTIC_VALVE_AREA_NAME)
                   : today);
    json_builder_end_object(builder);
  }
  json_builder_end_array(builder);

  json_builder_set_member_name(builder, "conduction");
  json_builder_begin_object(builder);
  add_string(builder, "pattern", ct_measurements_get_lbbb(m) ? "lbbb" : "normal");
  if (ct_measurements_get_qrs_ms(m, &qrs_ms))
    add_number(builder, "qrs_ms", qrs_ms);
  json_builder_end_object(builder);

  for (int s = 1; s <= CS_AHA_SEGMENTS; s++)
    any_scar |= ct_measurements_has_scar(m, s);
  if (any_scar) {
    json_builder_set_member_name(builder, "scar");
    json_builder_begin_object(builder);
    for (int s = 1; s <= CS_AHA_SEGMENTS; s++)
      if (ct_measurements_has_scar(m, s)) {
        char key[8];

        g_snprintf(key, sizeof key, "%d", s);
        add_number(builder, key, IMAGED_SCAR_TRANSMURALITY);
      }
    json_builder_end_object(builder);
  }

  json_builder_set_member_name(builder, "parameters");
  json_builder_begin_object(builder);
  for (int j = 0; j < p->n_fitted; j++)
    add_number(builder, fitted_names[j],
               round_significant(*cs_param_field((CsParams *)params, p->info[j])));
  for (size_t k = 0; k < G_N_ELEMENTS(derived_names); k++) {
    const CsParamInfo *info = cs_param_lookup(derived_names[k]);

    add_number(builder, derived_names[k],
               round_significant(*cs_param_field((CsParams *)params, info)));
  }
  if (ct_measurements_get_aortic_valve_area_cm2(m, NULL))
    add_number(builder, "aortic_effective_orifice_area_cm2",
               round_significant(params->aortic.effective_orifice_area_cm2));
  /* A leak taken as secondary regurgitation (make_orifice_functional). */
  if (params->mitral_functional_reference_edv_ml > 0.0)
    add_number(builder, "mitral_functional_reference_edv_ml",
               params->mitral_functional_reference_edv_ml);
  json_builder_end_object(builder);

  json_builder_set_member_name(builder, "calibration");
  json_builder_begin_object(builder);
  add_string(builder, "method",
             "maximum a posteriori, GSL trust-region Levenberg-Marquardt, population priors");
  json_builder_set_member_name(builder, "from_measurements");
  json_builder_begin_array(builder);
  for (guint i = 0; i < ct_measurements_get_n_values(m); i++)
    json_builder_add_string_value(builder, ct_measurements_get_name(m, i));
  if (ct_measurements_get_aortic_valve_area_cm2(m, NULL))
    json_builder_add_string_value(builder, CT_AORTIC_VALVE_AREA_NAME);
  json_builder_end_array(builder);
  json_builder_set_member_name(builder, "residuals");
  json_builder_begin_object(builder);
  for (guint i = 0; i < ct_measurements_get_n_values(m); i++) {
    const char *name = ct_measurements_get_name(m, i);
    double residual =
        ct_measurements_get_value(m, i) - twin_index_as_measured(indices, index_of(name));

    add_number(builder, name, round_significant(residual));
  }
  json_builder_end_object(builder);
  json_builder_set_member_name(builder, "drivers");
  json_builder_begin_object(builder);
  for (int j = 0; j < p->n_fitted; j++) {
    json_builder_set_member_name(builder, fitted_names[j]);
    json_builder_begin_array(builder);
    for (guint i = 0; i < p->n_targets; i++)
      if (p->targets[i].measured && self->drivers[j][i] >= 0.1)
        json_builder_add_string_value(builder, p->targets[i].name);
    json_builder_end_array(builder);
  }
  if (ct_measurements_get_aortic_valve_area_cm2(m, NULL)) {
    json_builder_set_member_name(builder, "aortic_effective_orifice_area_cm2");
    json_builder_begin_array(builder);
    json_builder_add_string_value(builder, CT_AORTIC_VALVE_AREA_NAME);
    json_builder_end_array(builder);
  }
  if (ct_measurements_lookup(m, "hr_bpm", NULL)) {
    json_builder_set_member_name(builder, "sinus_rate_bpm");
    json_builder_begin_array(builder);
    json_builder_add_string_value(builder, "hr_bpm");
    json_builder_end_array(builder);
  }
  json_builder_end_object(builder);
  json_builder_end_object(builder);

  json_builder_set_member_name(builder, "provenance");
  json_builder_begin_object(builder);
  add_string(builder, "created", today);
  add_string(builder, "created_by", "CardioTwin personalization");
  add_string(builder, "source", "clinical");
  json_builder_end_object(builder);

  json_builder_end_object(builder);
  root = json_builder_get_root(builder);
  return ct_json_to_bytes(root);
}

/* Which measurements drove each parameter: how much the estimate moves when one row's target
 * moves by one SD. In the Gauss-Newton approximation at the solution the estimate is
 * x = -(J'J)^-1 J' f, so row i moves parameter j by S_ji = [(J'J)^-1 J']_ji; a row's share of the
 * parameter is S_ji^2 over the sum of all rows' (measurements, priors and the parameter's own
 * prior), the share of the estimate's variance it accounts for. A parameter that no
 * measurement informs is driven by its priors alone. */
static void compute_drivers(CtFit *self, const gsl_matrix *jacobian)
{
  Problem *p = self->problem;
  size_t rows = jacobian->size1;
  gsl_matrix *normal = gsl_matrix_alloc((size_t)p->n_fitted, (size_t)p->n_fitted);
  gsl_matrix *sensitivity = gsl_matrix_alloc((size_t)p->n_fitted, rows);

  memset(self->drivers, 0, sizeof self->drivers);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, jacobian, jacobian, 0.0, normal);
  /* The parameter-prior rows make J'J positive definite; a failure leaves no drivers. */
  if (gsl_linalg_cholesky_decomp1(normal) == GSL_SUCCESS &&
      gsl_linalg_cholesky_invert(normal) == GSL_SUCCESS) {
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, normal, jacobian, 0.0, sensitivity);
    for (int j = 0; j < p->n_fitted; j++) {
      double total = 0.0;

      for (size_t i = 0; i < rows; i++)
        total += gsl_matrix_get(sensitivity, j, i) * gsl_matrix_get(sensitivity, j, i);
      for (guint i = 0; i < p->n_targets && total > 0.0; i++)
        self->drivers[j][i] =
            gsl_matrix_get(sensitivity, j, i) * gsl_matrix_get(sensitivity, j, i) / total;
    }
  }
  gsl_matrix_free(sensitivity);
  gsl_matrix_free(normal);
}

static gsize gsl_handler_off;

/* The forward stroke volume the measurements show (ml): a Doppler stroke volume (sv_ml, which
 * CtMeasurements holds to the cardiac output, so forward too), else the cardiac output over the
 * heart rate; 0 where neither was measured. */
static double measured_forward_stroke_volume_ml(CtMeasurements *m)
{
  double sv, co, hr;

  if (ct_measurements_lookup(m, "sv_ml", &sv))
    return sv;
  if (ct_measurements_lookup(m, "co_l_min", &co) && ct_measurements_lookup(m, "hr_bpm", &hr))
    return 1000.0 * co / hr;
  return 0.0;
}

/* Regurgitation shown by the measurements: the stroke volume measured by the LV's volumes (EDV -
 * ESV, or the EF with one of them: echocardiography, CMR) is all the ventricle ejects; a Doppler
 * stroke volume, or a cardiac output by thermodilution or Fick, only what goes forward. Where the
 * first exceeds the second, the difference went back: the volumetric method of quantifying mitral
 * regurgitation (Zoghbi et al. 2017, J Am Soc Echocardiogr 30:303). The fit gives it to the mitral
 * valve: functional mitral regurgitation is the leak of the dilated, failing ventricle (aortic
 * regurgitation would show the same difference; the fitted twin names the valve, so a clinician
 * who knows otherwise sees it). The regurgitant volume per beat (ml), 0 where the measurements do
 * not tell or show none. */
static double regurgitant_volume_ml(CtMeasurements *m)
{
  double edv, esv, ef, total_ml, forward_ml = measured_forward_stroke_volume_ml(m);
  gboolean have_edv = ct_measurements_lookup(m, "lvedv_ml", &edv);
  gboolean have_esv = ct_measurements_lookup(m, "lvesv_ml", &esv);
  gboolean have_ef = ct_measurements_lookup(m, "lvef_pct", &ef);

  if (forward_ml <= 0.0)
    return 0.0;
  if (have_edv && have_esv)
    total_ml = edv - esv;
  else if (have_edv && have_ef)
    total_ml = edv * ef / 100.0;
  else if (have_esv && have_ef && ef < 100.0)
    total_ml = esv * ef / (100.0 - ef);
  else
    return 0.0;
  return MAX(0.0, total_ml - forward_ml);
}

/* Whether the fit left a measurement that a leak speaks to (a volume, the EF, a forward stroke
 * volume or output) outside its tolerance. */
static gboolean ejection_unmatched(CtFit *self)
{
  static const char *const ejection[] = {"lvedv_ml", "lvesv_ml", "lvef_pct", "sv_ml", "co_l_min"};

  for (guint i = 0; i < self->residuals->len; i++) {
    const CtFitResidual *r = &g_array_index(self->residuals, CtFitResidual, i);

    for (size_t k = 0; k < G_N_ELEMENTS(ejection); k++)
      if (strcmp(r->name, ejection[k]) == 0 && fabs(r->simulated - r->measured) > r->tolerance)
        return TRUE;
  }
  return FALSE;
}

/* The regurgitant orifice's prior from the regurgitant volume: volume = EROA x the jet's velocity-
 * time integral (the PISA method), and the guidelines' paired thresholds of severe regurgitation,
 * EROA 0.40 cm2 with 60 ml (Zoghbi et al. 2017), put that integral at 150 cm. */
#define MITRAL_REGURGITANT_JET_VTI_CM 150.0
/* A difference smaller than the measurements' own uncertainty (5 % of a ~60-100 ml stroke volume
 * by volumes, 10 % of the output: 5-10 ml a beat) shows no leak: the fit tries none below 5 ml. */
#define MIN_REGURGITANT_VOLUME_ML 5.0

/* The reflexes' set points of the fitted twin @fitted at rest (@indices), its residuals, and
 * @unmatched with the measurements outside their tolerance. */
static void finish_solution(CtFit *self, CsParams *fitted, const CsIndices *indices,
                            GString *unmatched)
{
  fitted->baroreflex_set_point_mmhg = round_significant(indices->map_mmhg);
  /* A measured CVP may lie outside the set point's range (0-30 mmHg; measurements up to 40):
   * the fitted twin must load. */
  {
    const CsParamInfo *set_point = cs_param_lookup("cardiopulmonary_set_point_mmhg");

    fitted->cardiopulmonary_set_point_mmhg =
        CLAMP(round_significant(indices->cvp_mmhg), set_point->min, set_point->max);
  }

  g_array_set_size(self->residuals, 0);
  g_string_truncate(unmatched, 0);
  for (guint i = 0; i < ct_measurements_get_n_values(self->measurements); i++) {
    const char *name = ct_measurements_get_name(self->measurements, i);
    double measured = ct_measurements_get_value(self->measurements, i);
    CtFitResidual r = {name, measured, twin_index_as_measured(indices, index_of(name)),
                       tolerance_of(name, measured)};

    g_array_append_val(self->residuals, r);
    if (fabs(r.simulated - r.measured) > r.tolerance) {
      if (unmatched->len > 0)
        g_string_append(unmatched, "; ");
      /* TRANSLATORS: one measurement the fit could not match: its index name (lvef_pct), the
       * measured and the simulated value, and the tolerance. */
      g_string_append_printf(unmatched, _("%s (measured %.4g, simulated %.4g, tolerance ±%.2g)"),
                             name, r.measured, r.simulated, r.tolerance);
    }
  }
}

/* One maximum a posteriori solve with the first p->n_fitted parameters, from @x (log-parameters
 * relative to the priors; the solution on return); fills @fitted and @indices with the fitted twin
 * at rest, the residuals, and @unmatched with the measurements outside their tolerance. FALSE with
 * @error set when cancelled or when the engine cannot simulate the result. */
static gboolean solve(CtFit *self, Problem *p, double *x, CsParams *fitted, CsIndices *indices,
                      GString *unmatched, GError **error)
{
  const gsl_multifit_nlinear_type *type = gsl_multifit_nlinear_trust;
  gsl_multifit_nlinear_parameters parameters = gsl_multifit_nlinear_default_parameters();
  gsl_multifit_nlinear_workspace *work;
  gsl_multifit_nlinear_fdf fdf;
  gsl_vector_view x0;
  int info = 0;
  gboolean started, simulated;

  p->have_last = FALSE;
  fdf.f = residual_function;
  fdf.df = jacobian_function;
  fdf.fvv = NULL;
  fdf.n = n_rows(p);
  fdf.p = (size_t)p->n_fitted;
  fdf.params = p;

  parameters.trs = gsl_multifit_nlinear_trs_lm;
  parameters.scale = gsl_multifit_nlinear_scale_more;
  work = gsl_multifit_nlinear_alloc(type, &parameters, fdf.n, fdf.p);
  x0 = gsl_vector_view_array(x, (size_t)p->n_fitted);
  started = gsl_multifit_nlinear_init(&x0.vector, &fdf, work) == GSL_SUCCESS;
  if (started) {
    /* xtol: parameters settled to 0.1 %; gtol: gradient flat; ftol unused. */
    gsl_multifit_nlinear_driver(MAX_ITERATIONS, 1e-3, 1e-6, 0.0, NULL, NULL, &info, work);
    for (int j = 0; j < p->n_fitted; j++)
      x[j] = gsl_vector_get(gsl_multifit_nlinear_position(work), j);
    /* The Jacobian is only filled once the solve has started. */
    if (!p->cancelled)
      compute_drivers(self, gsl_multifit_nlinear_jac(work));
  }
  gsl_multifit_nlinear_free(work);

  if (!p->cancelled) {
    /* The fitted twin at rest, with the reflex defending the pressure it has. */
    apply(p, x, fitted);
    for (int j = 0; j < p->n_fitted; j++)
      *cs_param_field(fitted, p->info[j]) = round_significant(*cs_param_field(fitted, p->info[j]));
    /* The document rounds the derived parameters too: the twin the residuals are reported for is
     * the one written. The measured heart rate of 102.26 /min became a sinus rate of 102.3 in
     * the document, where the residuals were those of 102.26 (the sweep's man of 47 kg, test-fit's
     * unsettled-at-search-tolerance: 0.04 /min, 2 % of the rate's tolerance). */
    for (size_t k = 0; k < G_N_ELEMENTS(derived_names); k++) {
      double *value = cs_param_field(fitted, cs_param_lookup(derived_names[k]));
      *value = round_significant(*value);
    }
    if (ct_measurements_get_aortic_valve_area_cm2(self->measurements, NULL))
      fitted->aortic.effective_orifice_area_cm2 =
          round_significant(fitted->aortic.effective_orifice_area_cm2);
    /* The search's tight tolerance (STEADY_VOLUME_TOLERANCE_ML) serves the Jacobian's steps; the
     * twin itself runs at the display's, as every caller will run it. A rounded solution can sit
     * where the tight tolerance is met only after hundreds of beats, or not at all: a young man
     * of 47 kg at 102 /min with a small, hyperdynamic LV and a pressure of 176/97 mmHg (a random
     * sweep of clinical measurements, thirty-seventh session) was refused as a twin "the engine
     * cannot simulate", its last beat moving 0.004 ml after 400, where the display's tolerance
     * holds it and the fit can say which measurements it could not match. Run again from rest,
     * as a caller loading the twin runs it: from the search's last state, an 82-year-old with
     * LBBB at 112 /min (the same sweep), whose beats at rest take turns in a cycle of four with
     * the reflex off (its slowest segments still contracting as the next beat starts), did not
     * settle within 400 beats either, where from rest it settled in 9 (with the functional
     * orifice of that day; with today's his fit ends within tolerance). */
    simulated = simulate(p, fitted, indices);
    if (!simulated && !p->cancelled && p->failure.failure == CS_FAILURE_NOT_CONVERGED) {
      /* This run only: a second solve with a mitral leak, and the functional orifice's secant,
       * need the search's tolerance again. */
      CsSteadyStateOptions search = p->steady;

      cs_steady_state_options_default(&p->steady);
      p->have_warm_state = FALSE;
      simulated = simulate(p, fitted, indices);
      p->steady = search;
    }
    if (!simulated && !p->cancelled) {
      g_autofree char *why = ct_engine_error_describe(&p->failure, &p->failure_search);

      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_SIMULATION,
                  _("The engine cannot simulate the fitted twin: %s"), why);
      return FALSE;
    }
  }
  /* Cancelled during the solve or the twin's last simulation. */
  if (p->cancelled) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The fit was cancelled"));
    return FALSE;
  }
  finish_solution(self, fitted, indices, unmatched);
  return TRUE;
}

/* Secondary (functional) mitral regurgitation is the leak of a dilated, failing ventricle whose
 * leaflets are sound: the annulus is stretched and the papillary muscles tether the leaflets
 * apart, so the orifice follows the ventricle's size (Vahanian et al. 2022, 2021 ESC/EACTS
 * guidelines for valvular heart disease, Eur Heart J 43:561, section 6.2: secondary mitral
 * regurgitation; the heart-failure trials of its repair, COAPT and MITRA-FR, took patients with an
 * LVEF of 20-50 % and 15-40 %). With a reduced measured EF (HFREF_MAX_LVEF_PCT, the fit's
 * heart-failure branch) a leak the fit finds is taken as such, and made functional at the fitted
 * twin's own end-diastolic volume (the engine's `mitral_functional_reference_edv_ml`), where its
 * orifice is the fitted one, so that its baseline is the fit's and unloading or inotropy narrow it
 * (and dilation widens it) as they do the advanced-hf demo's. With a preserved EF the leak may as
 * well be primary (a prolapsing or flail leaflet, whose orifice does not follow the ventricle's
 * size): it stays fixed. */
/* The secant converges in 2-4 steady states (the scale is nearly linear in the reference); a case
 * that has not within 8 keeps the fixed orifice. */
#define FUNCTIONAL_ORIFICE_MAX_ITERATIONS 8
/* The orifice's scale at the twin's steady state within 1e-4 of 1. The reference is written
 * unrounded (the fitted parameters are rounded to four digits, which for a reference of 150 ml
 * would move the scale by up to 2e-3, more than the secant corrects). */
#define FUNCTIONAL_ORIFICE_SCALE_TOLERANCE 1e-4

/* The reference volume at which the fitted orifice of @fitted (at rest: @indices) is its
 * functional orifice's. The engine reads the ventricle's volume for the orifice as its largest
 * since its activation, a few hundredths of a millilitre from the end-diastolic volume of the
 * indices (the scale 3-4e-4 from 1 in the fits of test-fit), so the reference is solved for by the
 * secant method on the orifice's scale (mitral_eroa_cm2 over the fitted orifice) at the twin's
 * steady state: 2-4 steady states. FALSE (@fitted and @indices untouched) when cancelled or where
 * the engine cannot run it; @fitted and @indices then keep the fixed orifice. */
static gboolean make_orifice_functional(Problem *p, CsParams *fitted, CsIndices *indices)
{
  CsParams functional = *fitted;
  CsIndices at;
  double area_cm2 = fitted->mitral.regurgitant_orifice_area_cm2;
  double reference_ml = indices->lvedv_ml, previous_ml = 0.0, previous_g = 0.0;

  if (!(area_cm2 > 0.0) || !(reference_ml > 0.0))
    return FALSE;
  for (int k = 0; k < FUNCTIONAL_ORIFICE_MAX_ITERATIONS; k++) {
    double g, next_ml;

    functional.mitral_functional_reference_edv_ml = reference_ml;
    if (!simulate(p, &functional, &at))
      return FALSE;
    g = at.mitral_eroa_cm2 / area_cm2 - 1.0;
    if (fabs(g) < FUNCTIONAL_ORIFICE_SCALE_TOLERANCE) {
      *fitted = functional;
      *indices = at;
      return TRUE;
    }
    /* The scale falls as the reference rises; a first probe a millilitre up gives the secant its
     * second point. */
    next_ml = k == 0 || g == previous_g
                  ? reference_ml + 1.0
                  : reference_ml - g * (reference_ml - previous_ml) / (g - previous_g);
    previous_ml = reference_ml;
    previous_g = g;
    reference_ml = next_ml;
    if (!(reference_ml > 0.0))
      return FALSE;
  }
  return FALSE;
}

/* Whether the patient lies within what the model can represent, checked on the prior before any
 * simulation: the measurements document accepts what monitors and records hold (a heart rate of
 * 15-300, a mean pressure up to 220 mmHg, any adult's size: ct-measurements.c), the engine a
 * narrower span, and a fit that reached the engine's check failed after its work with a message
 * about a parameter the user never wrote ("baroreflex_set_point_mmhg is 200"). The message names
 * the measurement instead. */
static gboolean check_patient_in_model(CtFit *self, const Problem *p, GError **error)
{
  CtMeasurements *m = self->measurements;
  const CsParamInfo *rate = cs_param_lookup("sinus_rate_bpm");
  const CsParamInfo *set_point = cs_param_lookup("baroreflex_set_point_mmhg");
  const char *const size_scaled[] = {
      "total_blood_volume_ml",
      "systemic_arterial_unstressed_volume_ml",
      "systemic_venous_unstressed_volume_ml",
      "systemic_venous_compliance_ml_mmhg",
  };
  CsError engine_error = {{0}};
  double hr, map, sbp, dbp;

  if (ct_measurements_lookup(m, "hr_bpm", &hr) && (hr < rate->min || hr > rate->max)) {
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("Measurements: hr_bpm is %g bpm; the model simulates resting rates from %g to "
                  "%g bpm"),
                hr, rate->min, rate->max);
    return FALSE;
  }
  /* The reflex defends the mean pressure the twin is fitted to (finish_solution). Without a
   * measured mean, the cuff's estimate of it, the diastolic pressure plus a third of the pulse
   * pressure (the clinical convention for a resting heart rate), only to refuse a patient the
   * fit could not end within the set point's range; the twin's own mean sets its set point. */
  map = NAN;
  if (!ct_measurements_lookup(m, "map_mmhg", &map) && ct_measurements_lookup(m, "sbp_mmhg", &sbp) &&
      ct_measurements_lookup(m, "dbp_mmhg", &dbp))
    map = dbp + (sbp - dbp) / 3.0;
  if (!isnan(map) && (map < set_point->min || map > set_point->max)) {
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("Measurements: the mean arterial pressure is %.0f mmHg; the model's pressure "
                  "regulation holds resting means from %g to %g mmHg"),
                map, set_point->min, set_point->max);
    return FALSE;
  }
  for (guint i = 0; i < G_N_ELEMENTS(size_scaled); i++) {
    const CsParamInfo *info = cs_param_lookup(size_scaled[i]);
    double value = *cs_param_field((CsParams *)&p->base, info);

    if (value < info->min || value > info->max) {
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                  _("Measurements: the model cannot scale its circulation to a patient of %g cm "
                    "and %g kg (blood volume %.1f l by Nadler's formula): its %s would be %.0f "
                    "%s, outside %g to %g"),
                  ct_measurements_get_height_cm(m), ct_measurements_get_weight_kg(m),
                  p->base.total_blood_volume_ml / 1000.0, info->name, value, info->unit, info->min,
                  info->max);
      return FALSE;
    }
  }
  if (cs_params_validate(&p->base, &engine_error) != CS_OK) {
    g_autofree char *why = ct_engine_error_describe(&engine_error, NULL);

    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("Measurements: the model cannot represent this patient: %s"), why);
    return FALSE;
  }
  return TRUE;
}

gboolean ct_fit_run(CtFit *self, GCancellable *cancellable, GError **error)
{
  g_autoptr(GTimer) timer = g_timer_new();
  CsParams fitted;
  CsIndices indices;
  g_autoptr(GString) unmatched = g_string_new(NULL);
  g_autoptr(GBytes) document = NULL;
  double x[N_FITTED] = {0};
  double regurgitant_ml;
  Problem *p;

  g_return_val_if_fail(CT_IS_FIT(self), FALSE);
  g_return_val_if_fail(self->problem == NULL, FALSE);

  /* GSL's default handler aborts the process on an error; its return codes are handled here.
   * The handler is process-wide: switched off once, before any fit runs on any thread. */
  if (g_once_init_enter(&gsl_handler_off)) {
    gsl_set_error_handler_off();
    g_once_init_leave(&gsl_handler_off, 1);
  }

  p = g_new0(Problem, 1);
  g_atomic_pointer_set(&self->problem, p);
  p->warm_state = g_malloc0(cs_model_state_size());
  p->cancellable = cancellable;
  cs_therapy_default(&p->therapy);
  p->therapy.baroreflex_enabled = 0;
  cs_steady_state_options_default(&p->steady);
  p->steady.volume_tolerance_ml = STEADY_VOLUME_TOLERANCE_ML;

  build_prior(self, p);
  if (!check_patient_in_model(self, p, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled(cancellable, error))
    return FALSE;
  if (!fit_conduction(self, p, error))
    return FALSE;

  if (!solve(self, p, x, &fitted, &indices, unmatched, error))
    return FALSE;
  /* A twin without regurgitation ejects only what goes forward. Where the measurements show more,
   * and only if the twin without a leak cannot match the volumes, the EF or the forward output,
   * the mitral regurgitant orifice is fitted too, from the leak-free solution and the orifice that
   * would leak that volume. The leak is kept only if it lets every measurement be matched: a leak
   * the measurements do not call for is never added, and a fit that fails either way says what
   * the leak-free twin could not match. */
  regurgitant_ml = regurgitant_volume_ml(self->measurements);
  if (unmatched->len > 0 && regurgitant_ml > MIN_REGURGITANT_VOLUME_ML &&
      ejection_unmatched(self)) {
    const CsParamInfo *orifice = p->info[FIT_MITRAL_REGURGITATION];
    double *prior = cs_param_field(&p->base, orifice);
    double leaky_x[N_FITTED];
    CsParams leaky;
    CsIndices leaky_indices;
    g_autoptr(GString) leaky_unmatched = g_string_new(NULL);
    g_autoptr(GArray) leak_free_residuals = g_array_copy(self->residuals);
    double leak_free_drivers[N_FITTED][G_N_ELEMENTS(self->drivers[0])];
    g_autoptr(GError) leaky_error = NULL;

    memcpy(leaky_x, x, sizeof leaky_x);
    memcpy(leak_free_drivers, self->drivers, sizeof leak_free_drivers);
    /* Above MIN_REGURGITANT_VOLUME_ML, at least 0.033 cm2: positive, as a log-space prior must be.
     */
    *prior = MIN(regurgitant_ml / MITRAL_REGURGITANT_JET_VTI_CM, orifice->max);
    p->prior_value[FIT_MITRAL_REGURGITATION] = *prior;
    leaky_x[FIT_MITRAL_REGURGITATION] = 0.0;
    p->n_fitted = N_FITTED;
    if (!solve(self, p, leaky_x, &leaky, &leaky_indices, leaky_unmatched, &leaky_error)) {
      if (g_error_matches(leaky_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        g_propagate_error(error, g_steal_pointer(&leaky_error));
        return FALSE;
      }
      /* The engine could not run the leaky twin: the leak is not kept. */
      g_string_assign(leaky_unmatched, leaky_error->message);
    }
    if (leaky_unmatched->len == 0) {
      double lvef;

      fitted = leaky;
      indices = leaky_indices;
      g_string_truncate(unmatched, 0);
      /* The heart-failure branch of the priors (build_prior): the measured EF. */
      if (ct_measurements_lookup(self->measurements, "lvef_pct", &lvef) &&
          lvef <= HFREF_MAX_LVEF_PCT) {
        CsParams functional = fitted;
        CsIndices functional_indices = indices;
        g_autoptr(GString) functional_unmatched = g_string_new(NULL);
        g_autoptr(GArray) fixed_residuals = g_array_copy(self->residuals);

        /* The same twin at rest, within the secant's tolerance on the orifice: kept where it
         * still matches every measurement (it has in every fit tried), else the fixed orifice
         * stays. */
        if (make_orifice_functional(p, &functional, &functional_indices)) {
          finish_solution(self, &functional, &functional_indices, functional_unmatched);
          if (functional_unmatched->len == 0) {
            fitted = functional;
            indices = functional_indices;
          } else {
            g_array_set_size(self->residuals, 0);
            g_array_append_vals(self->residuals, fixed_residuals->data, fixed_residuals->len);
          }
        }
        if (p->cancelled) {
          g_set_error(error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The fit was cancelled"));
          return FALSE;
        }
      }
    } else {
      g_array_set_size(self->residuals, 0);
      g_array_append_vals(self->residuals, leak_free_residuals->data, leak_free_residuals->len);
      memcpy(self->drivers, leak_free_drivers, sizeof self->drivers);
      p->n_fitted = N_FITTED - 1;
      *prior = 0.0;
      p->prior_value[FIT_MITRAL_REGURGITATION] = 0.0;
    }
  }
  self->seconds = g_timer_elapsed(timer, NULL);
  if (unmatched->len > 0) {
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_NOT_FITTED,
                _("The twin could not be fitted within the measurements' tolerance: %s"),
                unmatched->str);
    return FALSE;
  }

  document = build_twin_document(self, &fitted, &indices);
  self->twin = ct_twin_new_from_bytes(document, error);
  self->seconds = g_timer_elapsed(timer, NULL);
  return self->twin != NULL;
}

CtTwin *ct_fit_get_twin(CtFit *self)
{
  g_return_val_if_fail(CT_IS_FIT(self), NULL);
  return self->twin;
}

guint ct_fit_get_n_residuals(CtFit *self)
{
  g_return_val_if_fail(CT_IS_FIT(self), 0);
  return self->residuals->len;
}

const CtFitResidual *ct_fit_get_residual(CtFit *self, guint index)
{
  g_return_val_if_fail(CT_IS_FIT(self), NULL);
  g_return_val_if_fail(index < self->residuals->len, NULL);
  return &g_array_index(self->residuals, CtFitResidual, index);
}

double ct_fit_get_seconds(CtFit *self)
{
  g_return_val_if_fail(CT_IS_FIT(self), 0.0);
  return self->seconds;
}

guint ct_fit_get_evaluations(CtFit *self)
{
  Problem *p;

  g_return_val_if_fail(CT_IS_FIT(self), 0);
  p = g_atomic_pointer_get(&self->problem);
  return p != NULL ? (guint)g_atomic_int_get(&p->evaluations) : 0;
}

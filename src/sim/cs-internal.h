/* cs-internal.h — shared between the engine's files, not installed. */
#pragma once

#include "cardiosim.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#define CS_PI 3.14159265358979323846

/* 512 rows over the twitch: linear interpolation errs by < 1e-3 of its peak
 * (2e-4 ventricle, 9e-4 atrium), far below the twitch's own uncertainty. */
#define CS_TWITCH_TABLE_SIZE 512
#define CS_TWITCH_TABLE_SPAN 1.0 /* normalized time covered by the table */

/* The sinus rates the engine models (the range of sinus_rate_bpm); the baroreflex keeps the
 * sinus node inside it too. */
#define CS_MIN_HEART_RATE_BPM 30.0
#define CS_MAX_HEART_RATE_BPM 180.0

/* Activators: the 17 LV segments, the RV free wall and the two atria. */
enum { CS_ACT_RV = CS_AHA_SEGMENTS, CS_ACT_LA, CS_ACT_RA, CS_ACT_COUNT };

void cs_set_error(CsError *error, const char *format, ...) __attribute__((format(printf, 2, 3)));
/* Says in parts what the message just set says (CsError): the failure, where and up to three
 * values (0 for one not given); the parameter and unit NULL. */
void cs_set_failure(CsError *error, CsFailure failure, int where, double value0, double value1,
                    double value2);

/* The share of the systemic veins' unstressed volume the baroreflex recruits at maximal
 * sympathetic firing with gain 1 (Ursino 1998's efferents, cs-model.c): ~0.16. */
double cs_baroreflex_max_venous_recruitment(void);

/* Normalized twitch e(u), u = time since activation / twitch time scale. */
typedef struct {
  double values[CS_TWITCH_TABLE_SIZE + 1];
} CsTwitchTable;

void cs_twitch_table_fill(CsTwitchTable *table, double tau_rise, double tau_relax, double m_rise,
                          double m_relax);

static inline double cs_twitch_lookup(const CsTwitchTable *table, double u)
{
  double x;
  int i;

  if (u <= 0.0 || u >= CS_TWITCH_TABLE_SPAN)
    return 0.0;
  x = u * (CS_TWITCH_TABLE_SIZE / CS_TWITCH_TABLE_SPAN);
  i = (int)x;
  return table->values[i] + (x - i) * (table->values[i + 1] - table->values[i]);
}

/* Segment twitch for length-dependent activation: the double-Hill twitch
 * e(u) = r(u) d(u) / peak split into its rise r = g1/(1+g1) and relaxation
 * d = 1/(1+g2) (Stergiopulos 1996), tabulated as the rise rate dr/du, the
 * relaxation d and its log-rate d(ln d)/du, so that a segment's activation
 * R can be integrated as dR/du = C_L(Lsc) r'(u) d(u/f) + R (ln d)'(u/f)/f,
 * which is exactly e(u) peak when C_L = f = 1 and the rise and relaxation
 * share one time base (cs-model.c times the rise on its own and normalizes
 * the peak per beat: segment_twitch_inv_peak). */
#define CS_SEGMENT_TWITCH_SPAN 0.85 /* d(0.85) < 1e-4 for tau2 0.50, m2 >= 18 */
typedef struct {
  double rise_rate[CS_TWITCH_TABLE_SIZE + 1];
  double rise[CS_TWITCH_TABLE_SIZE + 1];     /* r itself, for the peak of r d */
  double relax[CS_TWITCH_TABLE_SIZE + 1][2]; /* d, (ln d)' */
  double inv_peak;
} CsSegmentTwitch;

void cs_segment_twitch_fill(CsSegmentTwitch *table, double tau_rise, double tau_relax,
                            double m_rise, double m_relax);

/* Which segments belong to the septum in Smith's free wall/septum split. */
int cs_segment_is_septal(int segment_index);

/* Relative myocardial mass of each AHA segment (sums to 1). */
double cs_segment_mass_fraction(int segment_index);

/* Ventricular activation pattern of one beat, relative to the ventricular
 * reference event (intrinsic conduction arriving, or the earliest pacing
 * stimulus). */
typedef struct {
  double segment_ms[CS_AHA_SEGMENTS];
  /* The RV's activation instant: the middle of its free wall's activation, where the RV chamber's
   * twitch starts (cs-activation.c). */
  double rv_ms;
  /* When the patient's own wave reaches the RV lead, for the device's sensing: 15 ms after the
   * right bundle, or the transseptal breakthrough without it. */
  double rv_sensed_ms;
  double qrs_onset_ms; /* earliest ventricular activation */
} CsActivationPattern;

/* Computes segment activation times for given sources (graph propagation
 * on the AHA segment adjacency, see cs-activation.c). */
typedef struct {
  /* Intrinsic conduction arrives at this time (ms); < 0 or INFINITY if none. */
  double intrinsic_ms;
  /* Paced wavefronts: time (ms) or INFINITY when that lead does not pace. */
  double lv_pace_ms;
  int lv_lead_segment; /* 1..17 */
  double rv_pace_ms;
  CsRvLeadSite rv_lead_site;
} CsActivationSources;

void cs_activation_compute(const CsParams *params, const CsActivationSources *sources,
                           CsActivationPattern *pattern);

/* Per-drug concentration and combined effect on each target. */
typedef struct {
  /* Multiplicative factors, 1 = none. For CS_EFFECT_VENOUS_CAPACITY, the venodilators' share
   * of the stressed systemic venous volume left stressed (the product of 1 - effect); the
   * venoconstrictors' factor on the unstressed volume is venous_unstressed_factor. */
  double factor[CS_EFFECT_COUNT];
  double venous_unstressed_factor;
  /* The heart-rate factor of the drugs that act on the AV node as on the sinus node (all but those
   * whose heart-rate effect is sinus_node_only). */
  double av_node_rate_factor;
  /* The competitive beta-1 blockers' occupancy ratio, sum of C_B / K_B (0 without one). */
  double beta1_blockade;
  double blood_volume_change_ml; /* negative after diuresis */
} CsDrugEffects;

void cs_therapy_drug_effects(const CsTherapy *therapy, const CsParams *params,
                             CsDrugEffects *effects);
double cs_drug_concentration_ng_ml(const CsDrugDef *drug, double dose, double weight_kg);

/* What the indices read between samples. */
typedef enum {
  CS_READ_LV_PRESSURE,               /* mmHg */
  CS_READ_AORTIC_PRESSURE,           /* mmHg, at the root, as the samples' aortic_pressure_mmhg */
  CS_READ_PULMONARY_ARTERY_PRESSURE, /* mmHg, at the root, as pulmonary_artery_pressure_mmhg */
  CS_READ_LV_FILLING,                /* ml/s: mitral inflow less forward ejection and the pump */
  CS_READ_AORTIC_FLOW,               /* ml/s, forward positive, as aortic_flow_ml_s */
  CS_READ_MITRAL_FLOW,               /* ml/s, forward positive, as mitral_flow_ml_s */
  /* The two flows read on the step integrated again in sub-steps, as a step in which a valve
   * opens or shuts always is, even where no flow changes sign between its samples (the top of a
   * wave the samples may have cut). */
  CS_READ_AORTIC_FLOW_IN_SUBSTEPS,
  CS_READ_MITRAL_FLOW_IN_SUBSTEPS
} CsReadQuantity;

/* The quantity @which at @position, in samples from the beat's start (0 <= position <
 * n_samples; NAN outside), read from the solver's own solution between its steps: what the
 * indices read between samples (dP/dt's extrema, the end of filling and LVEDP, the diastolic
 * pressures, the flow where a valve opens or shuts for the mean gradients). */
typedef double (*CsBeatReader)(void *data, CsReadQuantity which, double position);

/* The extremes of dP/dt that a beat read from its LV's activation on, in the windows it could
 * read (cs_indices_compute): the beat after it, which reads the rest of that contraction, reports
 * them with its own. */
typedef struct {
  double max_mmhg_s;
  double min_mmhg_s;
} CsDpdtCarry;

/* The beat before one, where that beat led to it (consecutive beats of one therapy are one
 * trajectory): the LV pressure over its last @count x @step_s, oldest first, the last @step_s
 * before the beat's start, read on the solver's own pressure every CS_LEAD_IN_SPACING_S or
 * closer where it moves there (the cubic through its steps' samples, which straddle a valve's
 * opening or a stimulus, read dP/dtmax 0.8 % low at the 4 ms step), its samples where it is
 * quiet (store_lead_in in cs-model.c);
 * @handoff_s: the windows it read itself end that long before its end, those after are the
 * next beat's; @onset_s: where its contraction began; and what it carried over of dP/dt. count 0:
 * none (the first beat, a new therapy, a state set otherwise than by the beat before: an
 * extrapolation, a restored state). dP/dt's window is CS_DPDT_HALF_WINDOW_S either side of its
 * centre. */
#define CS_DPDT_HALF_WINDOW_S 0.004
/* The lead-in's spacing: the eighth of the 4 ms step at which dP/dt's search reads the cubic
 * between samples (DPDT_SUBSAMPLES in cs-indices.c); with it the 0.8 % above fell under 0.5 %. */
#define CS_LEAD_IN_SPACING_S 0.0005
typedef struct {
  size_t count;
  double step_s;
  double handoff_s;
  double onset_s; /* the LV's first activation in the beat before, from this beat's start (< 0) */
  const double *lv_pressure_mmhg;
  CsDpdtCarry carried;
} CsLeadIn;

/* The forward flows through the aortic and mitral valves (ml/s, forward positive): over one
 * integration step, the mean that moves the volumes (RK4's weights on its stages' flows); at one
 * sample, the trace the mean gradients read (cs_indices_trace_flows). */
typedef struct {
  double aortic_ml_s;
  double mitral_ml_s;
} CsValveFlows;

/* Each of the @n_samples samples' trace flows into @trace, from the @step_means of the steps
 * between them (step k from sample k to k + 1): what cs_indices_compute's mean gradients read.
 * Where @periodic, the last step ends at sample 0 and the steps around a sample wrap across the
 * beat's ends; where not, the samples within three of the ends keep their own flows. */
void cs_indices_trace_flows(const CsSample *samples, size_t n_samples, int periodic,
                            const CsValveFlows *step_means, CsValveFlows *trace);

/* Indices from the samples of one beat (sample k at k period_s / n_samples after the beat's
 * start); lv_contraction_onset_s: the earliest LV segment's activation, after the beat's start;
 * mitral_regurgitant_ml: the blood that went back through the mitral regurgitant orifice,
 * integrated with the volumes; aortic_orifice_cm2 and mitral_orifice_cm2: the valves' effective
 * orifices, through which the mean gradients' jets pass; periodic: the beat ended where it began (a
 * steady beat of a one-beat cycle), so that what precedes its start is its end; lead_in (NULL or
 * empty: none): the beat before, which it continues; carry (NULL: not wanted): what it hands
 * the next beat; trace (NULL: the samples' flows): the valves' flows the mean gradients read at
 * the samples (cs_indices_trace_flows); read (never NULL), with read_data: the quantities between
 * samples. */
void cs_indices_compute(const CsSample *samples, size_t n_samples, double period_s,
                        double systemic_flow_ml, double lvad_volume_ml, double lv_activation_ms,
                        double lv_contraction_onset_s, double total_volume_ml,
                        double mitral_regurgitant_ml, double aortic_orifice_cm2,
                        double mitral_orifice_cm2, int periodic, const CsLeadIn *lead_in,
                        CsDpdtCarry *carry, const CsValveFlows *trace, CsBeatReader read,
                        void *read_data, CsIndices *indices);
/* Indices of a cycle of k beats from each beat's and its length (s). */
void cs_indices_cycle(const CsIndices *beats, const double *period_s, int k, CsIndices *out);

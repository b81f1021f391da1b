/* cardiosim.h — libcardiosim, the closed-loop cardiovascular engine of CardioTwin.
 *
 * Pure C11 + libm: no GLib, no globals, no I/O. One CsModel per thread; every
 * function is reentrant and deterministic (same inputs, same bits).
 *
 * Shape of the API (after Box2D): plain definition structs filled with sourced
 * defaults (cs_params_default, cs_therapy_default), an opaque live object
 * (CsModel), and errors reported as a CsStatus plus a message naming the
 * parameter and its allowed range.
 *
 * Units are in the names. Pressures in mmHg, volumes in ml, flows in ml/s inside
 * the engine (l/min in the clinical indices), times in ms at the API (s inside).
 */
#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* AHA 17-segment model (Cerqueira et al. 2002, Circulation 105:539). */
#define CS_AHA_SEGMENTS      17
#define CS_MAX_DRUGS         8
#define CS_MAX_DRUG_EFFECTS  6
#define CS_DRUG_NAME_MAX     32
#define CS_ERROR_MESSAGE_MAX 256

typedef enum {
  CS_OK = 0,
  CS_ERROR_INVALID_PARAMETER, /* a parameter or therapy value is outside its range */
  CS_ERROR_NUMERIC,           /* the integration left the physiological domain */
  CS_ERROR_NOT_CONVERGED,     /* no periodic steady state within the beat budget */
} CsStatus;

/* The circulation's compartments, in the order the engine keeps them (CsUnsettled's first eight
 * follow it). */
typedef enum {
  CS_COMPARTMENT_LEFT_ATRIUM,
  CS_COMPARTMENT_LEFT_VENTRICLE,
  CS_COMPARTMENT_SYSTEMIC_ARTERIES,
  CS_COMPARTMENT_SYSTEMIC_VEINS,
  CS_COMPARTMENT_RIGHT_ATRIUM,
  CS_COMPARTMENT_RIGHT_VENTRICLE,
  CS_COMPARTMENT_PULMONARY_ARTERIES,
  CS_COMPARTMENT_PULMONARY_VEINS,
  CS_COMPARTMENT_COUNT
} CsCompartment;

/* What an error is, for a program that tells it in its user's language: the message is the
 * engine's English, and these say the same in parts. `where` and `values` mean what each failure
 * says (unused ones are -1 and 0); `parameter` and `unit` are static strings or NULL. */
typedef enum {
  CS_FAILURE_OTHER = 0,         /* the message alone says it (a malformed definition) */
  CS_FAILURE_PARAMETER_RANGE,   /* parameter (its key) is values[0] unit, not values[1]..[2] */
  CS_FAILURE_DIVERGED,          /* where: the CsCompartment whose volume is not a number */
  CS_FAILURE_EMPTIED,           /* where: the CsCompartment; values[0] its volume, ml */
  CS_FAILURE_SEGMENT_MECHANICS, /* where: the AHA segment (1-17) */
  CS_FAILURE_VALVE_MECHANICS,   /* the atrioventricular valves' leaflets */
  CS_FAILURE_REFLEX,            /* the baroreflex's effectors */
  CS_FAILURE_INDEX_NOT_FINITE,  /* where: the index (cs_index_name) */
  CS_FAILURE_OUT_OF_MEMORY,
  CS_FAILURE_NOT_CONVERGED,    /* values[0]: the beats run (the result says what still moved) */
  CS_FAILURE_AV_NODE_TOO_SLOW, /* AAI at values[0] bpm; block from values[1] bpm; PR values[2] ms */
  CS_FAILURE_ACTIVATION_TOO_LONG, /* activation ends values[0] ms into a cycle of values[1] ms */
  CS_FAILURE_RELAXATION_TOO_SLOW, /* drugs slow relaxation to values[0] % of normal (least [1]) */
  CS_FAILURE_DIURETIC_TOO_MUCH,   /* the dose takes values[0] ml of values[1] ml of blood */
  CS_FAILURE_DIURETIC_EMPTIES_VEINS, /* a dose change takes values[0] ml more; veins hold [1] */
  CS_FAILURE_BLOOD_VOLUME_TOO_SMALL, /* total_blood_volume_ml is values[0] ml, the
                                      * least values[1] ml (0: unsaid) */
} CsFailure;

typedef struct {
  char message[CS_ERROR_MESSAGE_MAX];
  CsFailure failure;
  int where;
  double values[3];
  const char *parameter;
  const char *unit;
} CsError;

/* ---------------------------------------------------------------- patient */

typedef enum {
  CS_CONDUCTION_NORMAL = 0,
  CS_CONDUCTION_LBBB, /* left bundle branch block */
  CS_CONDUCTION_RBBB, /* right bundle branch block */
} CsConduction;

/* One cardiac wall: time-varying elastance with an exponential EDPVR,
 * P = e(t) Ees (V - Vd) + (1 - e(t)) P0 (exp(lambda (V - V0)) - 1)
 * (Suga & Sagawa 1974; Smith et al. 2004, Med Eng Phys 26:131, eq. 1-3). */
typedef struct {
  double end_systolic_elastance_mmhg_ml;
  double dead_volume_ml;
  double edpvr_scale_mmhg;
  double edpvr_stiffness_per_ml;
  double edpvr_zero_volume_ml;
} CsWall;

/* A valve: a linear resistance of the open leaflets in series with the
 * Bernoulli loss of its effective orifice (dP = 4 v^2, Hatle & Angelsen); a
 * non-zero regurgitant orifice lets blood back through the closed valve. */
typedef struct {
  double resistance_mmhg_s_ml;
  double effective_orifice_area_cm2;
  double regurgitant_orifice_area_cm2;
} CsValve;

typedef struct {
  /* Body size: scales drug doses given per kg and the LV conduction paths. */
  double body_weight_kg;

  /* Heart walls. LV free wall and septum together form the LV (17 segments). */
  CsWall lv_free_wall;
  CsWall septum;
  CsWall rv_free_wall;
  CsWall left_atrium;
  CsWall right_atrium;
  double pericardium_scale_mmhg;
  double pericardium_stiffness_per_ml;
  double pericardium_zero_volume_ml;
  double intrathoracic_pressure_mmhg;

  CsValve mitral;
  CsValve aortic;
  CsValve tricuspid;
  CsValve pulmonary;
  /* Functional (secondary) mitral regurgitation: the LV end-diastolic volume at which the
   * mitral regurgitant orifice is mitral.regurgitant_orifice_area_cm2 (an echocardiogram's
   * EROA and EDV of the same study). The orifice then follows the LV's size, beat by beat
   * (cs-model.c, "Functional mitral regurgitation"). 0: the orifice is fixed (primary
   * regurgitation, or none). */
  double mitral_functional_reference_edv_ml;

  /* Systemic circulation: 3-element Windkessel then a venous pool. */
  double systemic_characteristic_impedance_mmhg_s_ml;
  double systemic_arterial_compliance_ml_mmhg;
  double systemic_arterial_unstressed_volume_ml;
  double systemic_vascular_resistance_mmhg_s_ml;
  double systemic_venous_compliance_ml_mmhg;
  double systemic_venous_unstressed_volume_ml;
  double systemic_venous_return_resistance_mmhg_s_ml;

  /* Pulmonary circulation, same structure. */
  double pulmonary_characteristic_impedance_mmhg_s_ml;
  double pulmonary_arterial_compliance_ml_mmhg;
  double pulmonary_arterial_unstressed_volume_ml;
  double pulmonary_vascular_resistance_mmhg_s_ml;
  double pulmonary_venous_compliance_ml_mmhg;
  double pulmonary_venous_unstressed_volume_ml;
  double pulmonary_venous_return_resistance_mmhg_s_ml;

  double total_blood_volume_ml;

  /* Rhythm and conduction. */
  double sinus_rate_bpm;
  double pr_interval_ms;
  /* Atrial timing (cs-model.c, "Atrial timing"): the left atrium is
   * activated after the right one, and each contracts some time after its
   * activation. */
  double interatrial_conduction_ms;
  double atrial_electromechanical_delay_ms;
  CsConduction conduction;
  /* Scar transmurality per AHA segment (index 0 = segment 1), 0..1. */
  double scar_transmurality[CS_AHA_SEGMENTS];
  double lv_long_axis_mm;
  double lv_end_diastolic_diameter_mm;
  double myocardial_conduction_velocity_m_s;
  double purkinje_conduction_velocity_m_s;
  /* LV segment mechanics (cs-model.c, "LV segments"): maximal shortening
   * velocity of the contractile element, and the passive stiffness of
   * transmural scar relative to resting myocardium. */
  double sarcomere_max_velocity_um_s;
  double scar_stiffness_ratio;
  /* Force-frequency relation (Bowditch's staircase): the fractional change
   * of ventricular contractility per bpm of heart rate above the twin's
   * sinus rate (cs-model.c, force_frequency_factor); 0 in failing hearts. */
  double force_frequency_per_bpm;

  /* Arterial baroreflex (Ursino 1998): the mean arterial pressure the reflex
   * defends. A twin sets it to its own resting MAP. */
  double baroreflex_set_point_mmhg;
  double baroreflex_gain_scale;
  /* The heart-rate arm separately: heart failure blunts it far more than the
   * vascular arm, to ~0.23 of normal (Eckberg et al. 1971, N Engl J Med
   * 285:877: 3.70 against 16.0 ms of RR interval per mmHg). */
  double baroreflex_heart_rate_gain_scale;
  /* Cardiopulmonary (low-pressure) reflex (cs-model.c, update_baroreflex): the mean right
   * atrial pressure at which it rests (a twin sets it to its own resting CVP) and its gain,
   * 1 in a healthy adult; heart failure blunts it to ~0.15 (Am Heart J 1989, 118:78). */
  double cardiopulmonary_set_point_mmhg;
  double cardiopulmonary_reflex_gain_scale;
  /* The sinus node's response to beta-1 agonist drugs (the direct heart-rate effect of a drug
   * effect marked beta1 agonist, a share of the library's), 1 in a healthy adult (the volunteer
   * studies the library's chronotropy is calibrated on). Heart failure lowers the ventricle's
   * maximal beta-adrenergic response to ~0.37 of normal, taken for the node too, ageing the
   * node's to ~0.6 at 65 (cs-params.c). It scales the effect on the AV node alike. */
  double beta1_chronotropic_scale;
} CsParams;

/* Fills healthy-adult defaults, each with its source beside it in cs-params.c. */
void cs_params_default(CsParams *params);

/* Checks every value against its allowed range. */
CsStatus cs_params_validate(const CsParams *params, CsError *error);

/* Table of the scalar parameters: name (as in the twin format), unit, range.
 * Lets loaders map names to fields and name ranges in messages. */
typedef struct {
  const char *name;
  const char *unit;
  size_t offset; /* byte offset of the double in CsParams */
  double min;
  double max;
} CsParamInfo;

size_t cs_param_count(void);
const CsParamInfo *cs_param_info(size_t index);
const CsParamInfo *cs_param_lookup(const char *name);
double *cs_param_field(CsParams *params, const CsParamInfo *info);

/* ---------------------------------------------------------------- therapy */

typedef enum {
  CS_EFFECT_HEART_RATE = 0,       /* sinus rate, fraction */
  CS_EFFECT_CONTRACTILITY,        /* Ees of all walls, fraction */
  CS_EFFECT_RELAXATION,           /* speed of relaxation, fraction */
  CS_EFFECT_SYSTEMIC_RESISTANCE,  /* SVR, fraction */
  CS_EFFECT_PULMONARY_RESISTANCE, /* PVR, fraction */
  CS_EFFECT_VENOUS_CAPACITY,      /* venodilation: share of the stressed systemic venous volume
                                   * returned to the unstressed reservoir; venoconstriction
                                   * (negative): share of the unstressed volume recruited */
  CS_EFFECT_BLOOD_VOLUME,         /* diuresis: peak urine flow in ml/min */
  CS_EFFECT_COUNT
} CsEffectTarget;

typedef enum {
  CS_ROUTE_INFUSION = 0, /* continuous IV infusion, evaluated at steady state */
  CS_ROUTE_BOLUS,        /* IV bolus, evaluated at effect_time_min after it */
  CS_ROUTE_ORAL,         /* oral, average steady-state concentration */
} CsRoute;

typedef enum {
  CS_DOSE_MCG_KG_MIN = 0,
  CS_DOSE_MCG_MIN,
  CS_DOSE_MG,
  CS_DOSE_MG_DAY,
} CsDoseUnit;

/* An effect's place at the cardiac beta-1 adrenoceptor. A competitive antagonist's concentration
 * C_B shifts every agonist effect's concentration-response to higher concentrations by
 * 1 + C_B / K_B (Gaddum's equation; Schild 1949), K_B the antagonist effect's ec50_ng_ml:
 * blockade that more agonist overcomes. */
typedef enum {
  CS_BETA1_NONE = 0,
  CS_BETA1_AGONIST,    /* the effect is beta-1 stimulation (dobutamine's inotropy) */
  CS_BETA1_ANTAGONIST, /* the effect is beta-1 blockade, at the receptor an agonist competes for */
} CsBeta1Role;

/* Pharmacodynamics: a signed sigmoid Emax (Hill) model (Holford & Sheiner 1981). */
typedef struct {
  CsEffectTarget target;
  double emax;       /* signed; fraction of baseline (for CS_EFFECT_VENOUS_CAPACITY of the
                      * stressed or unstressed venous volume, above), or ml/min for diuresis */
  double ec50_ng_ml; /* plasma concentration at half-maximal effect */
  double hill;
  /* CS_EFFECT_HEART_RATE only: 1 where the drug acts on the sinus node alone and leaves AV-nodal
   * conduction as it is (ivabradine, an If blocker), 0 where the autonomic drugs act on both nodes
   * (the engine's AV node then follows the drug's heart-rate effect, cs-model.c). */
  int sinus_node_only;
  CsBeta1Role beta1;
} CsDrugEffect;

/* One drug of the library (data/drugs.json, loaded outside the engine). */
typedef struct {
  char name[CS_DRUG_NAME_MAX];
  CsRoute route;
  CsDoseUnit unit;
  double dose_min;
  double dose_max;
  double clearance_ml_min_kg;
  double volume_of_distribution_l_kg;
  double bioavailability;        /* oral only, 0..1 */
  double effect_time_min;        /* bolus only */
  double intravascular_fraction; /* diuretics: share of urine taken from plasma */
  int n_effects;
  CsDrugEffect effects[CS_MAX_DRUG_EFFECTS];
} CsDrugDef;

typedef enum {
  CS_PACING_NONE = 0,
  CS_PACING_AAI,
  CS_PACING_VVI,
  CS_PACING_DDD,
  CS_PACING_CRT,
} CsPacingMode;

typedef enum {
  CS_RV_LEAD_APEX = 0,
  CS_RV_LEAD_SEPTUM,
} CsRvLeadSite;

typedef struct {
  CsPacingMode mode;
  double rate_bpm;     /* lower rate */
  double av_delay_ms;  /* sensed/paced atrial event to ventricular pacing */
  double vv_delay_ms;  /* CRT: > 0 paces the LV that much before the RV */
  int lv_lead_segment; /* AHA 1..17 */
  CsRvLeadSite rv_lead_site;
  /* CRT: the LV lead paces alone, without an RV stimulus (a CRT device's LV-only pacing
   * chamber); the RV is reached by the patient's own right bundle or across the septum. 0 or 1;
   * vv_delay_ms then does not apply. */
  int lv_only;
} CsPacing;

typedef struct {
  int n_drugs;
  CsDrugDef drugs[CS_MAX_DRUGS];
  double doses[CS_MAX_DRUGS]; /* in each drug's unit */
  CsPacing pacing;
  int lvad_enabled;
  double lvad_speed_rpm;
  int baroreflex_enabled;
} CsTherapy;

/* No drugs, no pacing, no LVAD, baroreflex on. */
void cs_therapy_default(CsTherapy *therapy);
CsStatus cs_therapy_validate(const CsTherapy *therapy, CsError *error);
CsStatus cs_drug_def_validate(const CsDrugDef *drug, CsError *error);

const char *cs_pacing_mode_name(CsPacingMode mode); /* "none", "AAI", ... "CRT" */
const char *cs_dose_unit_name(CsDoseUnit unit);     /* "mcg/kg/min", ... */
const char *cs_effect_target_name(CsEffectTarget target);
const char *cs_beta1_role_name(CsBeta1Role role); /* "none", "agonist", "antagonist" */

/* ---------------------------------------------------------------- results */

/* The contract's indices (DESIGN.md), in its order. */
typedef struct {
  double hr_bpm;
  double sv_ml;
  double co_l_min;
  double lvedv_ml;
  double lvesv_ml;
  double lvef_pct;
  double lvedp_mmhg;
  double lvsp_mmhg;
  /* dP/dt's extremes over one contraction of the LV: in a beat that follows the beat before it
   * (consecutive cs_model_run_beat calls under one therapy), from the LV's activation in that
   * beat to its activation in this one, whose own contraction the next beat reports; otherwise
   * (the first beat, after a new therapy or a restored or extrapolated state) over this beat, a
   * beat that ended where it began read as one period. The same at a steady state of one beat.
   * Until the heart is steady a beat's dP/dt is thus the contraction before its own (the first
   * beat after a new therapy and the one after it both report the first's), and a state saved
   * and restored gives the next beat's dP/dt as a first beat's: the last beat's end, which the
   * reading continues, is the model's and not the state's. */
  double dpdt_max_mmhg_s;
  double dpdt_min_mmhg_s;
  double sbp_mmhg;
  double dbp_mmhg;
  double map_mmhg;
  double mean_lap_mmhg;
  double cvp_mmhg;
  double spap_mmhg;
  double dpap_mmhg;
  double mpap_mmhg;
  double rvedv_ml;
  double rvesv_ml;
  double rvef_pct;
  double stroke_work_mmhg_ml;
  double svr_wood;
  double pvr_wood;
  double lvad_flow_l_min;
  double lv_activation_ms;
  double total_volume_ml;
  /* Beyond the contract's (which allows more), mitral regurgitation as the guidelines grade it
   * (Zoghbi et al. 2017, J Am Soc Echocardiogr 30:303): the blood the LV sends back through the
   * regurgitant orifice in a beat (the Doppler regurgitant volume: not the closing leaflets'
   * backflow of a competent valve, about 1 ml, which the volumetric method adds), its share of
   * the LV's stroke volume, and the beat's effective regurgitant orifice area (0 without
   * regurgitation). */
  double mitral_regurgitant_volume_ml;
  double mitral_regurgitant_fraction_pct;
  double mitral_eroa_cm2;
  /* Stenosis as the guidelines grade it by its mean gradient (Baumgartner et al. 2017, J Am Soc
   * Echocardiogr 30:372; severe aortic stenosis 40 mmHg or more, mitral 10 or more), as Doppler
   * reads it: the time mean of 4 v^2 (Hatle 1978), v the jet's velocity through the valve's
   * effective orifice, over the envelope a sonographer traces: from the forward flow's rise above
   * 5 % of its peak (the wall filter) to its fall below it, through any dip within (mitral inflow
   * across diastasis); 0 in a beat the valve stays shut. A catheter's aortic gradient, read
   * after the jet's pressure recovery in the ascending aorta (valve_flow in cs-model.c), is
   * smaller (docs/engine.md). */
  double aortic_mean_gradient_mmhg;
  double mitral_mean_gradient_mmhg;
} CsIndices;

size_t cs_index_count(void);
const char *cs_index_name(size_t index);
const char *cs_index_unit(size_t index);
double cs_indices_get(const CsIndices *indices, size_t index);

/* The range of values in which patients' hearts and circulations have been measured, for the
 * indices that have one: wide, beyond the extremes of cohorts and catheter-laboratory series, so
 * that only a state no patient has shown falls outside (sources in cs-indices.c). The engine can
 * be driven outside it by parameters and doses each within its own range taken together (a
 * critical aortic stenosis with a free aortic leak, every vasodilator at its top dose with the
 * reflex off): what it answers there has no patient data to be checked against, and the command
 * line and the application say so beside the number. Fills *min_out and *max_out (-INFINITY or
 * INFINITY for a side without a bound; either may be NULL) and returns 1 where the index has a
 * range, 0 where it has none (dP/dt, the stroke work, the activation time, the regurgitant
 * fraction and orifice, the total volume). */
int cs_index_human_range(size_t index, double *min_out, double *max_out);
/* 1 where @value lies outside the index's human range (a value that is not a number does), 0
 * inside it or for an index without one. */
int cs_index_outside_human_range(size_t index, double value);

/* One sample of the last simulated beat. */
typedef struct {
  double time_s;
  double lv_pressure_mmhg;
  double la_pressure_mmhg;
  double aortic_pressure_mmhg;
  double rv_pressure_mmhg;
  double ra_pressure_mmhg;
  double pulmonary_artery_pressure_mmhg;
  double lv_volume_ml;
  double la_volume_ml;
  double rv_volume_ml;
  double ra_volume_ml;
  double mitral_flow_ml_s;
  double aortic_flow_ml_s;
  double tricuspid_flow_ml_s;
  double pulmonary_flow_ml_s;
  double lvad_flow_ml_s;
} CsSample;

/* --------------------------------------------------------------- the model */

typedef struct CsModel CsModel;

/* NULL with error filled when params or therapy are invalid. */
CsModel *cs_model_new(const CsParams *params, const CsTherapy *therapy, CsError *error);
void cs_model_free(CsModel *model);

/* Changes therapy and keeps the circulation's state (warm start). */
CsStatus cs_model_set_therapy(CsModel *model, const CsTherapy *therapy, CsError *error);

/* Simulates one cardiac cycle; indices and waveform describe it afterwards. */
CsStatus cs_model_run_beat(CsModel *model, CsError *error);

typedef struct {
  int max_beats;
  /* Converged when, from one beat to the next, every compartment's volume at
   * the start of the beat moves less than volume_tolerance_ml and the reflex
   * effectors less than effector_tolerance (relative). */
  double volume_tolerance_ml;
  double effector_tolerance;
  /* Anderson acceleration of the beat-to-beat map. A model remembers, until its therapy or state
   * is set again, that its beats switched timing or its extrapolations failed or stalled under
   * this therapy: a later call then starts by iterating plainly, as the earlier one went on. */
  int accelerate;
} CsSteadyStateOptions;

void cs_steady_state_options_default(CsSteadyStateOptions *options);

/* What a steady-state search that did not converge still moved most (CsSteadyStateResult). */
typedef enum {
  CS_UNSETTLED_NONE = -1,
  CS_UNSETTLED_LEFT_ATRIUM,
  CS_UNSETTLED_LEFT_VENTRICLE,
  CS_UNSETTLED_SYSTEMIC_ARTERIES,
  CS_UNSETTLED_SYSTEMIC_VEINS,
  CS_UNSETTLED_RIGHT_ATRIUM,
  CS_UNSETTLED_RIGHT_VENTRICLE,
  CS_UNSETTLED_PULMONARY_ARTERIES,
  CS_UNSETTLED_PULMONARY_VEINS,
  /* The reflex's effectors: heart period, contractility, arterial resistance, venous capacity. */
  CS_UNSETTLED_HEART_PERIOD,
  CS_UNSETTLED_CONTRACTILITY,
  CS_UNSETTLED_ARTERIAL_RESISTANCE,
  CS_UNSETTLED_VENOUS_CAPACITY,
  /* An LV segment's activation (its contractile state, a fraction of full activation), which a
   * steady state returns too. */
  CS_UNSETTLED_LV_ACTIVATION,
} CsUnsettled;

/* The longest periodic steady state recognised, in beats (see
 * cs_model_run_to_steady_state): paced and sensed beats locked into a long
 * cycle, or a slow oscillation of the reflex over tens of beats. */
#define CS_MAX_PERIOD_BEATS 150

typedef struct {
  int beats;
  int converged;
  /* Beats in one cycle of the periodic steady state: 1 for the usual fixed
   * point of the beat-to-beat map; k (2..CS_MAX_PERIOD_BEATS) when the
   * state returns to itself after k beats: the device's lower rate and the
   * sinus node taking turns, or beats of one timing alternating (pulsus
   * alternans) where the alternation does not die away, or swinging slowly
   * with the reflex over tens of beats; 0 when not converged. */
  int period_beats;
  /* When not converged: what the last beat still moved most for its tolerance (a compartment's
   * volume, a reflex effector, or an LV segment's activation where those two settled), so that a
   * failure says where the circulation is still going: by how much (ml for a volume, a fraction of
   * its rest for an effector, of full activation for a segment's activation, never negative) and
   * the tolerance a steady state meets; CS_UNSETTLED_NONE (and zeros) when converged. */
  CsUnsettled unsettled;
  double unsettled_change;
  double unsettled_tolerance;
} CsSteadyStateResult;

/* Runs beats until a periodic steady state. Afterwards the indices describe
 * its cycle: the last beat's when period_beats is 1, else the k beats'
 * together (cs-model.c, "Indices of a cycle"); the waveform is always the
 * last beat's. A call that ends with CS_ERROR_NOT_CONVERGED leaves its search
 * open: the next call with the same tolerances and acceleration goes on with
 * it, so that a search in calls of a few beats (max_beats) is one call's search
 * beat for beat, unless a beat run by cs_model_run_beat, a new therapy, state or
 * time step (or cs_model_learn_beat_map) came between, which begins a new one.
 * result->beats counts the beats of this call. */
CsStatus cs_model_run_to_steady_state(CsModel *model, const CsSteadyStateOptions *options,
                                      CsSteadyStateResult *result, CsError *error);

/* Runs one beat from the model's state, as cs_model_run_beat does (its status is returned, and
 * the model is left as that beat leaves it), and learns there the beat-to-beat map's sensitivity,
 * best at a steady state of one beat: one more beat from each of 11 copies of the state with a
 * millilitre moved from the systemic veins into another compartment or a reflex effector nudged
 * (7 without the reflex). *learned is 1 when the map was learned: every copy's beat ran on the
 * same step and with the same timing (device or sinus) as the beat from the state itself; 0
 * otherwise, the model keeping the map it had. Later steady-state searches on this model under a
 * therapy with the reflex and the pump as they were here take Newton-like steps with it, each
 * undone unless its beat runs as the ones before it (no failure, finer step or switch of timing)
 * and meets the tolerances or at least halves the residual: after a dose or pacing change of the
 * twin it was learned at they take ~4-6 beats against ~12-20. Kept across cs_model_set_therapy and
 * cs_model_restore_state. */
CsStatus cs_model_learn_beat_map(CsModel *model, int *learned, CsError *error);
/* Whether the learned map serves the model's therapy (the reflex and the pump on or off as where
 * it was learned). */
int cs_model_beat_map_serves(const CsModel *model);

/* The last beat's indices, or the cycle's after cs_model_run_to_steady_state. */
const CsIndices *cs_model_indices(const CsModel *model);
/* The beats the indices describe (cs_model_indices): one after a beat or a steady state of one
 * beat; after a steady state of period_beats > 1, the cycle's beats, the least and most stroke
 * volume among them, whether their timing differs (1: paced and sensed beats taking turns) or
 * not (0: beats of one timing alternating, as in pulsus alternans, or a slow oscillation of the
 * reflex). The cycle lasts beats * 60 / the indices' hr_bpm seconds. Before any beat, beats is 0.
 */
typedef struct {
  int beats;
  double sv_least_ml;
  double sv_most_ml;
  int mixed_timing;
} CsCycle;
void cs_model_cycle(const CsModel *model, CsCycle *cycle);

/* Whether the LVAD emptied the LV (suction) in the last beat, or after a
 * steady state of period_beats > 1 in any beat of its cycle. */
int cs_model_lvad_suction(const CsModel *model);
/* Whether the last beat's ventricular stimuli were delivered (1), or
 * inhibited by intrinsic conduction sensed first (0, or no ventricular
 * pacing mode). */
int cs_model_ventricular_pacing(const CsModel *model);
/* Whether the last beat started with the device's atrial stimulus (1: AAI,
 * DDD or CRT at the lower rate), or with a sinus P wave (0). In a cycle of
 * period_beats > 1 beats, these two describe its last beat only (paced and
 * sensed beats may take turns in the cycle). */
int cs_model_atrial_pacing(const CsModel *model);

/* QRS onset of the last beat, in ms from the beat's start (the P wave's onset or the atrial
 * stimulus; in VVI pacing the ventricular stimulus, the atria following retrogradely): the PR
 * interval where the ventricles conduct, which lengthens as the atrial rate rises (decremental AV
 * nodal conduction, so at a paced rate it is not the twin's pr_interval_ms); where they are
 * paced, the AV delay after an atrial stimulus, or the AV delay plus the ~40 ms the sensed P wave
 * takes to reach the atrial lead; 0 in VVI pacing. */
double cs_model_qrs_onset_ms(const CsModel *model);

/* Samples of the last beat (after a steady state of period_beats > 1, the
 * last beat of its cycle); returns how many there are and copies at most
 * max of them (samples may be NULL with max 0 to ask the count). */
size_t cs_model_waveform(const CsModel *model, CsSample *samples, size_t max);

/* Activation time of each AHA segment of the last beat, in ms from QRS
 * onset (the first ventricular activation, RV or LV); segments in dense scar
 * report their (slow) activation too. lv_activation_ms is the latest of
 * them: total LV activation time from QRS onset. */
void cs_model_segment_activation_ms(const CsModel *model, double activation_ms[CS_AHA_SEGMENTS]);

/* State snapshot for warm starts (opaque-size copy). */
size_t cs_model_state_size(void);
void cs_model_save_state(const CsModel *model, void *state);
CsStatus cs_model_restore_state(CsModel *model, const void *state, CsError *error);

/* Largest integration step (ms) of a new model; justified by the convergence test against a
 * 0.05 ms reference (tests/test-engine.c: every index within 0.5 %). A finer step costs memory as
 * well as time: each step of a beat keeps ~0.8 kB (its sample and the solver's state at its
 * start), 33 MB for a 2 s beat at 0.05 ms. A step whose buffers cannot be had is refused and the
 * step stays as it was. */
#define CS_DEFAULT_MAX_TIME_STEP_MS 4.0
CsStatus cs_model_set_max_time_step_ms(CsModel *model, double step_ms, CsError *error);

/* FNV-1a hash of the full dynamic state, for determinism tests. */
unsigned long long cs_model_state_hash(const CsModel *model);

#ifdef __cplusplus
}
#endif

/* cs-model.c — the closed-loop circulation and its integration.
 *
 * Compartments (volumes are the state; every pressure follows from them):
 *
 *   pulmonary veins -> LA -mitral-> LV -aortic+Zc-> systemic arteries
 *        ^                           \--LVAD--/            |
 *        |                                              SVR
 *   pulmonary arteries <-pulm+Zc- RV <-tricuspid- RA <- systemic veins
 *
 * Every flow leaves one compartment and enters another with the same value,
 * so the total blood volume is conserved by construction, to rounding.
 *
 * Heart: Smith et al. 2004 (Med Eng Phys 26:131) ventricular interaction —
 * LV and RV free walls and a shared septum, whose deflection is solved at
 * each evaluation (Newton, warm-started), inside a pericardium; plus atria.
 * The LV is made of the 17 AHA segments in series (they share the wall's
 * tension, their fibre lengths add up to its volume: the one-fibre model of
 * Arts et al. 2005, Am J Physiol 288:H1943), each a Hill muscle activated at
 * its own time with CircAdapt's length-dependent activation (Lumens et al.
 * 2009, Ann Biomed Eng 37:2234): early segments shorten against low load and
 * lose force, late ones are pre-stretched, so dyssynchrony wastes work as in
 * patients with LBBB and CRT recovers it (see "LV segments").
 *
 * Integrator: classic fourth-order Runge-Kutta with a fixed step that divides
 * the beat exactly (at most CS_DEFAULT_MAX_TIME_STEP_MS, 4 ms). Explicit RK4
 * is stable here because the fastest time constant (valve resistance x
 * chamber compliance) is several ms; a fixed step makes every run
 * deterministic and the beat-to-beat map smooth for the steady-state
 * acceleration; valve events cost local accuracy only, and the test against a
 * 80x finer reference bounds the index error. The indices read the pressures
 * between steps from the solver's own solution, integrated again in finer
 * sub-steps across a valve's opening or closure ("The pressures between
 * steps"); 3 ms until the twenty-fifth session, when that reading let the
 * step grow by a third within the same bound (docs/engine.md).
 */
#include "cs-internal.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef CS_HAVE_TARGET_CLONES
#include <immintrin.h>
#endif

/* The integration's kernels (the right-hand side, the segments' activation and length factors,
 * the RK4 step), built for the x86-64 baseline and for AVX2 where the compiler can
 * (src/sim/meson.build): the loader picks the clone the processor runs. In the AVX2 clones the
 * wall chain's and the step's loops take four segments or states an instruction instead of two,
 * and the rest is coded with AVX's three-operand instructions (fewer register moves); never an
 * operation or its order differs (the AVX2 target has no FMA, and contraction is off), so their
 * bits agree (tests/test-kernels.c). CS_KERNEL_FLATTEN also inlines every function of this file
 * that the kernel calls, so that the wall chain and the septum's solve are built for the same
 * processor as their caller; libm's exp() and sqrt() stay calls (the C library picks its own
 * variant by the processor). The segments' level ODE, whose table lookups the compiler does not
 * vectorize, is written for AVX2 by hand beside its scalar form, with the same bits
 * (level_drive_avx2). */
#ifdef CS_HAVE_TARGET_CLONES
#define CS_KERNEL         __attribute__((target_clones("avx2", "default")))
#define CS_KERNEL_FLATTEN __attribute__((target_clones("avx2", "default"), flatten))
#else
#define CS_KERNEL
#define CS_KERNEL_FLATTEN
#endif

enum { LA, LV, SA, SV, RA, RV, PA, PV, N_COMPARTMENTS };

/* Baroreflex effectors, all relative to the twin's resting state. */
enum { EFF_PERIOD, EFF_CONTRACTILITY, EFF_RESISTANCE, EFF_VENOUS_CAPACITY, N_EFFECTORS };

#define N_UNKNOWNS (N_COMPARTMENTS + N_EFFECTORS)
/* Anderson acceleration remembers the last 5 iterates: depths of 3-10 are
 * usual (Walker & Ni 2011); more adds little on a 12-unknown map. */
#define ANDERSON_DEPTH 5
/* Failed extrapolations after which the steady-state search iterates plainly for good
 * (cs_model_run_to_steady_state): two resumptions, after 12 and 24 plain beats, spend at most ~40
 * of the default 1000 beats on a search that keeps failing (our bound: enough for the property
 * tests' cases of the thirty-seventh session, which settled after one). */
#define MAX_EXTRAPOLATION_FAILURES 3
/* The longest cycle of paced and sensed beats taking turns the search waits for: once this many
 * beats in a row have had one timing, it takes it that none is being followed, and it resumes
 * extrapolating after as many plain beats after a failed extrapolation (both doubled below).
 * Longer cycles of two timings hold in ever narrower bands of lower rate (mode locking); 12 beats
 * (~10 s) leave margin over the longest seen. */
#define SHORT_CYCLE_BEATS 12
/* The plain beats the search waits, after a switch of timing, before extrapolating again double
 * with each return, up to SHORT_CYCLE_BEATS times 2^MAX_RESUME_DOUBLINGS (192 beats: under half
 * the default budget of 400 it was chosen for, 1000 since the forty-sixth session, so that a late
 * return still has beats left to converge). */
#define MAX_RESUME_DOUBLINGS 4
/* Extrapolated beats without a new smallest residual after which the search counts the
 * extrapolation as failed (cs_model_run_to_steady_state, "Cycles of one timing"): three times
 * the longest wait for one in the validation's searches (8 beats). Our bound. */
#define STALL_BEATS 24
/* A new smallest residual counts as progress where it is at least this much smaller than the
 * last that counted: Anderson's extrapolations can fall into a cycle of their own that creeps
 * down by a few hundredths of a per cent every other beat, the search never stalling (the fitted
 * heart of /engine-properties/regression/levels-return, DDD at 130 /min, fortieth session: its
 * residual 48.84, 48.82, 48.81 tolerances on alternate beats from beat 139 to 400, where plain
 * iteration settles on its cycle of two in ~100 beats). Our bound. */
#define STALL_PROGRESS 0.99
/* The one-beat change of a cycle of k beats of one timing must keep at least this share of itself
 * per beat (CYCLE_PERSISTENCE^k over the cycle) for the cycle to be accepted as periodic
 * (cs_model_run_to_steady_state, "Cycles of one timing"): one that dies away more slowly than 1 %
 * a beat lasts minutes at any heart rate. Our bound. */
#define CYCLE_PERSISTENCE 0.99
/* Nor may it grow by more than 1 / CYCLE_GROWTH a beat: a change that grows is a transient
 * leaving a fixed point, which it may reach again (a circulation drawn anywhere, seed 5, was taken
 * for a cycle of two after six plain beats, its change growing 1.32-fold over the cycle, and
 * settled on its fixed point ten beats later; the cycles that persist changed by 0.9994-1.041
 * over theirs, a second reader measured). Our bound. */
#define CYCLE_GROWTH 0.95
/* Beat starts kept for cycles: 2k + 1 for the state two cycles of k beats ago (a cycle returns
 * twice), and one more for the one-beat change a cycle ago. */
#define START_SLOTS (2 * CS_MAX_PERIOD_BEATS + 2)
/* A step preconditioned by the learned beat map must cut the residual's norm at least to this
 * share: on a map it fits, a Newton step cuts it ~100-fold (150-fold after a 20 ml displacement,
 * a second reader measured); one that does not halve it is off the map it was learned on. */
#define BEAT_MAP_LEAST_GAIN 0.5

/* Activation at one instant: each LV segment's twitch phase (time since
 * its activation over the twitch time scale; its force is a state, see "LV
 * segments"), and the other walls' normalized activation. */
typedef struct {
  double phase[CS_AHA_SEGMENTS];
  double rise[CS_AHA_SEGMENTS]; /* rise rate of the twitch, per second */
  /* The level ODE of each segment at this instant, dC/dt = drive + C decay
   * (see level_drive). */
  double drive[CS_AHA_SEGMENTS];
  double decay[CS_AHA_SEGMENTS];
  /* Each segment's twitch as its activation set it (Activation): its relaxation's time scale,
   * its force and its normalization. */
  double inv_scale_per_s[CS_AHA_SEGMENTS];
  double force[CS_AHA_SEGMENTS];
  double inv_peak[CS_AHA_SEGMENTS];
  /* Filled by evaluate: the septal segments' mean activation, and the same mean with each
   * segment's force (what scales the septum's Ees). */
  double septum;
  double septum_force;
  double rv;
  double rv_force;
  double la;
  double ra;
  double la_force, ra_force; /* the atria's twitches' force (Activation) */
} WallActivation;

/* Contractile-element length table: 1.4-2.8 um covers the sarcomere's
 * working range with margin (C_L is 0 below Lsc0 = 1.51 um; end-diastolic
 * sarcomeres measure 2.0-2.2 um in vivo, Rodriguez et al. 1992, Am J
 * Physiol 263:H293; beyond the table C_L and f are held); 512 rows keep linear
 * interpolation's error below 1e-5 of C_L. */
#define LSC_TABLE_SIZE 512
#define LSC_TABLE_MIN  1.4
#define LSC_TABLE_MAX  2.8

/* Everything one evaluation of the right-hand side computes. */
typedef struct {
  double p_la, p_lv, p_ao, p_sa, p_sv, p_ra, p_rv, p_pa_root, p_pa, p_pv;
  double q_mitral, q_aortic, q_systemic, q_venous, q_tricuspid, q_pulmonary, q_lung, q_pulm_venous;
  double q_lvad;
  double q_lvad_withheld; /* forward pump flow the collapsing inflow holds back */
  /* The backflow through the mitral regurgitant orifice (ml/s, >= 0): the valve's backflow
   * shared between the orifice and the closing leaflets' gap in proportion to their areas, as
   * the orifice law gives for two holes under one pressure. */
  double q_mitral_regurgitant;
} Evaluation;

/* What the solver had at the start of each step of the last beat (see "The pressure between
 * steps"). */
typedef struct StepStart StepStart;

/* One activation of a wall (an LV segment, the RV free wall, an atrium) and the twitch it sets
 * off, as the beat it belongs to scheduled it (schedule_beat). A twitch keeps its own beat's
 * timing and force to its end, when that end lies in the next beat: a ventricle still relaxing
 * as the next beat begins, at a fast rate or with a long AV delay, relaxes as it began. Set per
 * beat for every wall instead, the relaxation took the next beat's rate and force where it
 * crossed a beat's start, and the LV pressure jumped there wherever two beats differ (by 3 mmHg
 * in a fitted heart paced VVI at 128 /min, whose sinus node took every fourth beat), which no
 * reading of dP/dt across the start can take for the heart's. All doubles (State's hash). */
typedef struct {
  double at_s; /* when the wall is activated, model time */
  double
      inv_scale_per_s; /* 1 / the twitch's time scale at its beat's rate (twitch_scale_for_rate) */
  /* The wall's contractility factor: the drugs', the reflex's (reflex_contractility) and its
   * beat's force-frequency gain, which scale the ventricles' Ees; the atria's, the drugs' alone. */
  double force;
  double reflex_contractility; /* the reflex's share of force (1 for the atria) */
  double inv_peak;             /* an LV segment's twitch normalization at its beat's rate
                                  (segment_twitch_inv_peak); 1 for the others */
} Activation;

/* The dynamic state of a model; saved and restored whole for warm starts. */
typedef struct {
  double volume_ml[N_COMPARTMENTS];
  double effector[N_EFFECTORS];
  double septal_volume_ml;       /* warm start of the septum's Newton solve */
  double ce_ml[CS_AHA_SEGMENTS]; /* contractile element length of each LV segment */
  double level[CS_AHA_SEGMENTS]; /* contractility C of each LV segment (0..~1) */
  double time_s;
  /* Each wall's last activation, which it may still be relaxing from, and the one this beat
   * schedules (the later of the two rules once it has fired). */
  Activation last_activation[CS_ACT_COUNT];
  Activation next_activation[CS_ACT_COUNT];
  double drug_volume_change_ml; /* blood a diuretic has taken (negative) */
  /* Leaflet separation of the mitral and tricuspid valves, 0 (coapted) to 1
   * (apart): see "Atrioventricular valve closure". */
  double av_valve_gap[2];
  /* The functional mitral orifice of this beat relative to the twin's stated one (see
   * "Functional mitral regurgitation"); 1 for a fixed orifice. */
  double mitral_orifice_scale;
} State;

_Static_assert(sizeof(State) == sizeof(double) * (N_COMPARTMENTS + N_EFFECTORS + 6 +
                                                  2 * CS_AHA_SEGMENTS + 10 * CS_ACT_COUNT),
               "State must be all doubles, without padding, for its hash");

/* The steady-state search's extrapolations that failed or stalled under the model's therapy
 * (cs_model_run_to_steady_state), kept across calls as timing_switched is, so that a search in
 * chunks of beats (the app's) backs off as one call does. */
typedef struct {
  int failures;            /* extrapolations that failed or stalled */
  int failed;              /* iterating plainly after the last of them */
  int plain_since_failure; /* the plain beats since */
  /* The smallest residual, in tolerances, since extrapolation last (re)started (after a failure,
   * a return from plain beats, a call without acceleration or with other tolerances), each one
   * taken STALL_PROGRESS below the last, and the extrapolated beats of one timing since it. Beats
   * run with cs_model_run_beat between calls leave it as it was: at worst a stall is counted a few
   * beats early. */
  double least_excess;
  int beats_since_least;
  /* The tolerances least_excess is measured in (a call with others starts it afresh). */
  double volume_tolerance_ml, effector_tolerance;
} ExtrapolationBackOff;

/* The LV pressure of the last beat's end and what it read of dP/dt from its LV's activation on,
 * which the next beat reads dP/dt with (CsLeadIn), and the state it ended on: volumes, CE lengths
 * and levels, for the next beat to know it follows it. count 0: none. LEAD_IN_CAPACITY holds the
 * lead-in at the finest step cs_model_set_max_time_step_ms allows (0.01 ms: 808 samples; 52 at
 * the 4 ms step). */
#define LEAD_IN_CAPACITY 1024
/* A share of a beat's dP/dt extrema below which the LV pressure's slope between samples is taken
 * as quiet over the beat's end: no window there reads an extremum of dP/dt, which the slope
 * between the samples around it comes near. Half, our bound: diastole's slopes reach a fifth to
 * a third of the extrema in a restrictive filling (`hfref-lbbb` at rest: up to 190 mmHg/s as its
 * beat ends, against 650 and -915). */
#define LEAD_IN_QUIET_SHARE 0.5
typedef struct {
  size_t count;
  double step_s;
  double handoff_s;
  double onset_s; /* the LV's first activation in that beat, from its end (negative) */
  CsDpdtCarry carried;
  double end_state[N_COMPARTMENTS + 2 * CS_AHA_SEGMENTS];
  double lv_pressure_mmhg[LEAD_IN_CAPACITY];
} LeadInStore;

/* A valve's law with the circulation's constants in it, set once per model (valve_law): its
 * linear resistance with the artery's characteristic impedance in series, and the Bernoulli
 * coefficient of its forward orifice. Computed at every evaluation before, they were two to three
 * divisions an evaluation; the same operations, so the same bits. */
typedef struct {
  double resistance_mmhg_s_ml;
  double forward_mmhg_s2_ml2;
} ValveLaw;

/* The LV segments' states besides the unknowns: each one's contractile element length, then its
 * activation level (State). */
#define N_SEGMENT_STATES (2 * CS_AHA_SEGMENTS)

/* A steady-state search between its calls (cs_model_run_to_steady_state). A call that ends
 * unsettled leaves it open, and the next call goes on with it, Anderson's history and the beats
 * recorded for a cycle included, where nothing has moved the model since (a beat run outside the
 * search, a new therapy, state or time step closes it: cs_model_run_beat, close_search) and the
 * tolerances and acceleration are the same: a search in chunks of beats (the app's, which looks
 * for a newer request between them) is then one call's search, beat for beat. Until the
 * forty-sixth session each call started its history afresh: the app's chunks of 25 took 18.43
 * beats on average against 18.07 in one call over 3000 patients drawn by the property tests
 * (seed 4431), 36.5 against 33.8 in the searches longer than 25, and could settle on another
 * attractor than the command line did. On the heap, as lead_in: the copies the model takes of
 * itself around a beat (restore_model) copy the pointer only. */
typedef struct SteadySearch {
  int open;
  /* What it runs under. */
  double volume_tolerance_ml, effector_tolerance;
  int accelerate;
  /* The passes of its loop so far over all its calls: beats run, and beats undone or failed. */
  int beats;
  /* Anderson's history: the iterates' and residuals' differences, the LV segments' states at the
   * ends of its beats as differences (carry_segments), and the last iterate's. */
  double x_prev[N_UNKNOWNS], g_prev[N_UNKNOWNS];
  double dX[ANDERSON_DEPTH][N_UNKNOWNS], dG[ANDERSON_DEPTH][N_UNKNOWNS];
  double dS[ANDERSON_DEPTH][N_SEGMENT_STATES], segments_prev[N_SEGMENT_STATES];
  int history, head, have_prev;
  int extrapolated; /* the model's state is an extrapolation's, its beat not run yet */
  State last_beat;  /* the model's own state at the end of the last beat, before it */
  int plain, recorded, previous_timing, same_timing_beats;
  int switch_resumes; /* returns to extrapolating from plain iteration */
  /* The learned beat map preconditions the extrapolations while each cuts the residual as a
   * near-Newton step should; once one does not, the search goes on without it. */
  int use_map, extrapolated_with_map, map_step_halvings;
  double last_norm;
  /* What the last beat run moved most for its tolerance (describe_unsettled), and the same for
   * the segments' levels, which the steady state's test holds apart. */
  int unsettled;
  double unsettled_change, unsettled_excess;
  double level_change, level_excess;
  /* A steady beat on the lower rate's boundary has had the beat after it run (TIMING_BOUNDARY_S).
   */
  int boundary_beat;
  /* Last, and not cleared when a search begins (begin_search): rings that plain iteration fills
   * before it reads them (recorded counts what they hold), ~150 kB. Plain iteration's last beats:
   * their start states (and the last one's end), indices, lengths and timings, for cycles of
   * several beats; and the cycle's beats in order, for its indices. */
  double starts[START_SLOTS][N_UNKNOWNS];
  double level_starts[START_SLOTS][CS_AHA_SEGMENTS]; /* the segments' levels there */
  CsIndices beat_indices[CS_MAX_PERIOD_BEATS];
  double beat_period_s[CS_MAX_PERIOD_BEATS];
  int beat_device_timed[2 * CS_MAX_PERIOD_BEATS];
  int beat_suction[CS_MAX_PERIOD_BEATS];
  CsIndices cycle[CS_MAX_PERIOD_BEATS];
  double cycle_period_s[CS_MAX_PERIOD_BEATS];
} SteadySearch;

struct CsModel {
  CsParams params;
  CsTherapy therapy;
  CsDrugEffects drugs;

  CsTwitchTable ventricle_twitch;
  CsTwitchTable atrial_twitch;
  CsSegmentTwitch segment_twitch;

  /* Per-segment constants: weight within its wall, contractile fraction,
   * passive stiffness factor (scar). Per wall ([0] LV free wall, [1]
   * septum): its members, the series elastic length and the CE time
   * constant (see "LV segments" below). */
  double segment_weight[CS_AHA_SEGMENTS];
  double septal_weight[CS_AHA_SEGMENTS];
  double segment_contractile[CS_AHA_SEGMENTS];
  double segment_passive[CS_AHA_SEGMENTS];
  int septal_segments[CS_AHA_SEGMENTS]; /* drive Smith's septal deflection */
  int n_septal_segments;
  double series_elastic_ml; /* the LV chain's series elastic length */
  double ce_time_constant_s;
  /* Contractile element length in um: Lsc = lsc_offset + lsc_gain[wall] x. */
  double lsc_offset_um;
  double lsc_gain_um_ml;
  /* Tabulated over Lsc (LSC_TABLE_MIN..MAX um): C_L, and the inverse
   * relative twitch duration T(ref) / T(Lsc). */
  double length_table[LSC_TABLE_SIZE + 1][2];
  /* Each segment's share of the wall's contracting myocardium: the weights
   * of the mean length that C_L is taken relative to (length_factors). */
  double contracting_weight[CS_AHA_SEGMENTS];
  ValveLaw mitral_law, aortic_law, tricuspid_law, pulmonary_law;

  /* Dynamic state: everything a warm start or a determinism hash needs. */
  State state;

  /* The current beat. */
  double beat_start_s;
  double beat_period_s;
  double relaxation_onset_u; /* twitch phase below which d(u) = 1 to 1e-12 */
  CsActivationPattern pattern;

  /* Results of the last beat. */
  double max_step_s;
  CsSample *samples;
  StepStart *step_starts; /* as many as samples */
  /* Twice as many as samples: each step's mean valve flows (integrate_beat), then each sample's
   * trace flows (cs_indices_trace_flows). */
  CsValveFlows *valve_flows;
  size_t n_samples;
  size_t sample_capacity;
  CsIndices indices;
  CsCycle cycle; /* the beats the indices describe (cs_model_cycle) */
  int suction;
  int ventricular_paced; /* the last beat's ventricular stimuli were delivered */
  int atrial_paced;      /* the last beat started with the atrial stimulus */
  /* The last beat's length was the device's lower rate, not the sinus
   * node's (atrial stimulus, or VVI's ventricular one). */
  int device_timed;
  /* How far the last beat's two clocks were apart, |sinus period - lower-rate period| (s);
   * INFINITY unpaced (TIMING_BOUNDARY_S). */
  double timing_margin_s;
  /* The steady-state search has seen beats switch between device and
   * sinus timing under this therapy: it iterates plainly from then on,
   * also in later calls (the app searches in chunks of beats; starting
   * each with Anderson's extrapolation again knocked the state off the
   * cycle every time, so that chunks repeated each other for ever).
   * Cleared with a new therapy or a restored state. */
  int timing_switched;
  /* Cleared with a new therapy or a restored state, as timing_switched. */
  ExtrapolationBackOff extrapolation;
  /* How many times the integration step is halved (cs_model_run_beat). */
  int step_halvings;
  /* The beat map's sensitivity learned by cs_model_learn_beat_map ("The learned beat map"):
   * the columns (I - J) b_j of its directions b_j and the Cholesky factor of their normal
   * matrix; beat_map_directions is 0 until it is learned. */
  int beat_map_directions;
  int beat_map_lvad; /* the pump was on where it was learned */
  double beat_map_columns[N_UNKNOWNS][N_UNKNOWNS];
  double beat_map_factor[N_UNKNOWNS][N_UNKNOWNS];
  int out_of_memory; /* the last beat could not have its samples */
  /* What the last beat run hands the next for dP/dt (LeadInStore), on the heap: not restored
   * with the model (restore_model, the beat map's copies), it always describes the last beat
   * that ran to its end, which the next beat checks it follows. */
  LeadInStore *lead_in;
  /* The steady-state search an unsettled call left (struct SteadySearch), on the heap too. */
  SteadySearch *search;
};

/* ------------------------------------------------------------ small laws */

/* Wall pressure: e(t) Ees (V - Vd) + (1 - e(t)) P0 (exp(lambda (V - V0)) - 1),
 * Smith 2004 eq. 1-3 (solve_septum() evaluates the same law for the septum and the RV free wall,
 * with its volume derivative, along its Newton iteration). */
static inline double wall_pressure(const CsWall *w, double ees, double activation, double v)
{
  double passive_exp =
      w->edpvr_scale_mmhg * exp(w->edpvr_stiffness_per_ml * (v - w->edpvr_zero_volume_ml));
  double active = ees * (v - w->dead_volume_ml);
  return activation * active + (1.0 - activation) * (passive_exp - w->edpvr_scale_mmhg);
}

/* A chamber's free wall cannot pull: below its dead volume the contracting
 * muscle is slack and develops no active pressure (the ESPVR's volume
 * intercept, Suga & Sagawa 1974), so an emptied chamber does not suck
 * blood from the one upstream. (The septum, a deflection, can bow both
 * ways and keeps the linear law.) */
static inline double chamber_pressure(const CsWall *w, double ees, double activation, double v)
{
  return wall_pressure(w, v >= w->dead_volume_ml ? ees : 0.0, activation, v);
}

/* max(x, 0), as fmax(0.0, x) (a number that is not one gives 0), written so that the compiler
 * inlines it: fmax() is a call into libm, made several times in every evaluation. */
static inline double positive_part(double x)
{
  return x > 0.0 ? x : 0.0;
}

/* An atrium emptied below its unstressed volume collapses: its walls meet
 * and its pressure falls (0.3 mmHg per ml, several times its passive
 * stiffness near V0, yet slow enough for the 4 ms step behind a valve of
 * 0.002 mmHg.s/ml: 6.7 ms), so a ventricle or pump cannot draw it empty; above V0
 * this is Smith's wall law unchanged. */
#define ATRIAL_COLLAPSE_STIFFNESS_MMHG_ML 0.3

/* Pulmonary venous ostia: the atrial myocardial sleeves that extend 1-3 cm
 * over the pulmonary veins encircle their junctions with the atrium and
 * contract with it (Nathan & Eliakim 1966, Circulation 34:412; sphincter-like
 * narrowing of the ostia in atrial systole on cardiac CT, Bonapace et al.
 * 2025, J Cardiovasc Dev Dis 12:203; pressure records in man, Gurfinkel et
 * al. 1961, Bull Exp Biol Med 51:651), so that atrial systole empties the
 * atrium into the ventricle and the reversed pulmonary venous flow (Doppler
 * Ar wave) stays small. The inflow resistance rises by this factor times
 * the atrial activation (peak 1): at 10 the reversed flow of a healthy
 * atrium is ~15 ml of its ~35 ml active emptying. */
#define PV_SLEEVE_CONSTRICTION 10.0

static inline double atrial_pressure(const CsWall *w, double ees, double activation, double v)
{
  double pressure = chamber_pressure(w, ees, activation, v);
  if (v < w->edpvr_zero_volume_ml)
    pressure -= ATRIAL_COLLAPSE_STIFFNESS_MMHG_ML * (w->edpvr_zero_volume_ml - v);
  return pressure;
}

/* Simplified Bernoulli: dP = 4 v^2 (Hatle et al. 1978, Br Heart J 40:131);
 * with rho = 1060 kg/m3 the exact factor is 3.975 mmHg/(m/s)^2; v = Q/(100 A)
 * for Q in ml/s and A in cm2. */
static inline double orifice_coefficient(double area_cm2)
{
  double a = 100.0 * area_cm2;
  return 3.975 / (a * a);
}

/* Cross-section at the sinotubular junction / pulmonary trunk: ~7 cm2 for
 * a 30 mm aortic root (Roman et al. 1989, Am J Cardiol 64:507) and a
 * similar pulmonary trunk. */
#define GREAT_ARTERY_AREA_CM2 7.0

/* Atrioventricular valve closure. Without a ventricular contraction the
 * mitral and tricuspid leaflets do not coapt: after atrial relaxation they
 * float towards closure and leave a small orifice, through which blood
 * flows back whenever ventricular pressure exceeds atrial pressure in late
 * diastole, until the ventricle's systolic pressure seals them (Schnittger
 * et al. 1988, J Am Coll Cardiol 11:83). This diastolic (presystolic)
 * regurgitation appears when the PR interval or AV delay is long: in 19 of
 * 24 patients with first-degree AV block it began at a fixed time after the
 * P wave and lasted 150 +- 30 ms, 50 +- 30 ms once atropine had shortened
 * the PQ from 320 to 200 ms (Kashiwagi M, Miyazaki N, Ishii M, Tochikubo O,
 * Ishikawa T, Usui T, Kimura K 1992, "Diastolic mitral regurgitation in
 * patients with first-degree atrioventricular block", Pacing Clin
 * Electrophysiol 15(11 Pt 2)); shortening the AV delay abolishes it
 * (Brecker et al. 1992, Lancet 340:1308). The leaflets' separation g (1
 * apart, 0 coapted) follows the pressure difference across them (atrium
 * minus ventricle) by the law with which Mynard et al. 2012 (Int J Numer
 * Method Biomed Eng 28:626) open and close their valves:
 *   dg/dt = (1 - g) K dp   (dp > 0, the valve opens)
 *   dg/dt =      g K dp    (dp < 0, it closes),
 * and the orifice open to backflow is g times AV_VALVE_GAP_AREA_CM2, the
 * leaflets' gap (forward flow keeps the valve's full effective orifice).
 * The gap is the upper limit of mild regurgitation (effective regurgitant
 * orifice < 0.2 cm2, Zoghbi et al. 2017, J Am Soc Echocardiogr 30:303):
 * diastolic regurgitation is trace to mild. K is ours, calibrated, not
 * Mynard's: their rates (0.02-0.04 cm2/(dyn s) for the mitral valve, ~27-53
 * /(mmHg s)) move a whole valve's opening; the leaflets' residual gap here
 * closes with K = 3 /(mmHg s), so that the few mmHg by which the ventricle
 * exceeds the relaxed atrium close it over ~100 ms, as long as Kashiwagi's
 * diastolic jets last, and the tens of mmHg of isovolumic contraction seal
 * it within ~20 ms. The same law and gap serve the tricuspid valve, for
 * want of tricuspid data. */
#define AV_VALVE_GAP_AREA_CM2          0.2
#define AV_VALVE_COAPTATION_PER_MMHG_S 3.0

/* @v's law, with @series_resistance downstream of it and, for a semilunar valve, the artery's
 * cross-section @recovery_area_cm2 (0 for an inflow valve). Downstream of a semilunar valve the
 * jet re-expands and recovers part of the pressure: the net loss follows the energy loss
 * coefficient EOA A / (A - EOA), A the aortic (or pulmonary) cross-section (Garcia et al. 2000,
 * Circulation 101:765). Inflow valves open into the ventricle and recover nothing. */
static ValveLaw valve_law(const CsValve *v, double series_resistance, double recovery_area_cm2)
{
  ValveLaw law;
  double eoa = v->effective_orifice_area_cm2;

  law.resistance_mmhg_s_ml = v->resistance_mmhg_s_ml + series_resistance;
  if (recovery_area_cm2 <= 0.0)
    law.forward_mmhg_s2_ml2 = orifice_coefficient(eoa);
  else if (recovery_area_cm2 > eoa)
    law.forward_mmhg_s2_ml2 =
        orifice_coefficient(eoa * recovery_area_cm2 / (recovery_area_cm2 - eoa));
  else
    law.forward_mmhg_s2_ml2 = 0.0; /* an orifice as wide as the artery loses nothing */
  return law;
}

/* Flow through a valve (forward when dp > 0) with a linear resistance in
 * series with the Bernoulli loss: K Q|Q| + R Q = dp, solved in the
 * cancellation-free form Q = 2 dp / (R + sqrt(R^2 + 4 K |dp|)); backward through
 * @regurgitant_cm2. */
static inline double valve_flow(const ValveLaw *law, double regurgitant_cm2, double dp)
{
  double r = law->resistance_mmhg_s_ml;
  double k;

  if (dp > 0.0)
    return 2.0 * dp / (r + sqrt(r * r + 4.0 * law->forward_mmhg_s2_ml2 * dp));
  if (regurgitant_cm2 <= 0.0)
    return 0.0;
  k = orifice_coefficient(regurgitant_cm2);
  return 2.0 * dp / (r + sqrt(r * r - 4.0 * k * dp));
}

/* Functional mitral regurgitation. In a dilated ventricle the leaflets are structurally normal:
 * they leak because the annulus is stretched and the papillary muscles, displaced outwards, tether
 * them apart, so the regurgitant orifice follows the ventricle's size. Unloading or inotropy that
 * shrinks the ventricle shrinks the orifice, far more than in proportion: in ten patients with
 * severe heart failure and secondary regurgitation, dobutamine (7.4 mcg/kg/min on average) took
 * the end-diastolic volume from 254 to 234 ml (-8 %) and the regurgitant orifice from 0.25 to 0.12
 * cm2 (-52 %; an orifice calculated from the regurgitant volume and the pressures by a modified
 * hydraulic formula, not a Doppler EROA), the regurgitant volume from 20 to 10 ml a beat while the
 * LV-LA pressure difference rose ('Dynamics of functional mitral regurgitation during dobutamine
 * therapy in patients with severe congestive heart failure: a Doppler echocardiographic study',
 * abstract; its authors and journal were not shown in the record read, possibly the group of
 * Keren et al. below); in twelve such patients dobutamine and nitroglycerin each cut the
 * regurgitant volume from 18 to 11 ml (Keren et al. 1989, Circulation 80:306, abstract). The
 * orifice is taken as linear in the end-diastolic volume through the first study's two points: it
 * closes when the ventricle is FUNCTIONAL_MR_CLOSING_FRACTION smaller than at the volume the twin's
 * orifice was measured with (0.079 / 0.52 = 0.15). That slope counts the whole fall as the
 * volume's, where part of it is dobutamine's stronger closing force (below): it may overstate how
 * much a vasodilator or a pump, which shrink the ventricle without it, narrow the orifice. The
 * orifice grows in proportion when the ventricle dilates, up to FUNCTIONAL_MR_MAX_SCALE times (our
 * bound, not a measurement: the orifice of a further dilated ventricle is not measured here, and
 * the bound keeps a ventricle that dilates from leaking without limit). The end-diastolic volume is
 * the LV's largest since its last activation (the echo's EDV; a pump may draw it down from a
 * peak before the activation, and then it is the volume at the activation), and the orifice is
 * held through the systole that follows and into the next beat until the LV's next activation (a
 * presystolic leak at a long AV delay has it; integrate_beat). Not modelled apart from the
 * volume: the orifice's changes within systole with the closing force of the LV pressure
 * (Schwammenthal et al. 1994, Circulation 90:307), by which resynchronization's faster pressure
 * rise narrows it too (Breithardt et al. 2003, J Am Coll Cardiol 41:765). */
#define FUNCTIONAL_MR_CLOSING_FRACTION 0.15
#define FUNCTIONAL_MR_MAX_SCALE        2.0

static double functional_mitral_scale(const CsModel *m, double lv_volume_ml)
{
  double reference_ml = m->params.mitral_functional_reference_edv_ml;

  if (reference_ml <= 0.0)
    return 1.0;
  return fmin(
      fmax(1.0 + (lv_volume_ml - reference_ml) / (FUNCTIONAL_MR_CLOSING_FRACTION * reference_ml),
           0.0),
      FUNCTIONAL_MR_MAX_SCALE);
}

/* HeartMate 3 class centrifugal pump. Pressure rise at zero flow scales with
 * speed squared (pump affinity laws); the head falls with flow squared plus
 * the cannula and graft losses. Constants approximate the published H-Q
 * curves (Bourque et al. 2016, ASAIO J 62:375, fig. 3): ~115 mmHg shut-off at
 * 6000 rpm, ~4.5-5 l/min at 5400 rpm against 65 mmHg. */
#define LVAD_SHUTOFF_HEAD_MMHG        115.0
#define LVAD_REFERENCE_SPEED_RPM      6000.0
#define LVAD_HEAD_LOSS_MMHG_PER_LMIN2 1.1
#define LVAD_CANNULA_MMHG_PER_LMIN    1.0
/* A stopped or slow centrifugal pump regurgitates ~1-2 l/min against
 * diastolic aortic pressure (HeartMate 3: backflow when stopped, Abbott IFU);
 * 5 mmHg per l/min gives ~1.5 l/min at 70 mmHg above the shut-off head. */
#define LVAD_RETROGRADE_MMHG_PER_LMIN 5.0
/* Inflow collapse (suction): as the pump draws the LV down, its wall or the septum meets the
 * inflow cannula and the flow is throttled, linearly over LVAD_SUCTION_BAND_ML to nothing where the
 * cavity closes: at 25 ml, or at the LV's unstressed volume where that is larger. A normal-sized
 * ventricle starts to close at 45 ml, an LVEDD of ~3.5 cm by the Teichholz formula, where ramp
 * studies see suction (Uriel et al. 2016, J Am Coll Cardiol 68:1541). A dilated ventricle's walls
 * are unstressed at a larger volume (100 ml in advanced-hf), and a cavity pumped below it has
 * nothing left to hold it open: there its exponential EDPVR falls no further than P0 below zero
 * (0.12 mmHg in advanced-hf). With the collapse at a fixed 25-45 ml the pump emptied that twin to
 * 68 ml at 9000 rpm, its mean LA pressure at -0.5 mmHg and its LV peak pressure at 4, and flagged
 * no suction. A beat is flagged as a suction event when the collapse holds back more than
 * LVAD_SUCTION_EVENT_ML of the pump's forward flow: a normal-sized ventricle passes below 45 ml at
 * the end of its own ejection (the reference adult's end-systolic volume is ~44 ml with the pump
 * regurgitating at 3000 rpm), where the pump, drawing forward for an instant, loses a fraction of a
 * millilitre; a ventricle the pump empties loses millilitres each beat (the calibration log,
 * fourteenth session). */
#define LVAD_SUCTION_FULL_ML  25.0
#define LVAD_SUCTION_BAND_ML  20.0
#define LVAD_SUCTION_EVENT_ML 0.5

static double lvad_flow(const CsModel *m, double dp_mmhg, double v_lv, double *withheld_ml_s)
{
  double s = m->therapy.lvad_speed_rpm / LVAD_REFERENCE_SPEED_RPM;
  double head = LVAD_SHUTOFF_HEAD_MMHG * s * s;
  double lift = head - dp_mmhg; /* what remains to accelerate the flow */
  double q_lmin, throttle, closed_ml;

  if (lift > 0.0)
    q_lmin =
        2.0 * lift /
        (LVAD_CANNULA_MMHG_PER_LMIN + sqrt(LVAD_CANNULA_MMHG_PER_LMIN * LVAD_CANNULA_MMHG_PER_LMIN +
                                           4.0 * LVAD_HEAD_LOSS_MMHG_PER_LMIN2 * lift));
  else /* retrograde through the pump when the aorta out-pushes it */
    q_lmin = lift / LVAD_RETROGRADE_MMHG_PER_LMIN;

  closed_ml = fmax(LVAD_SUCTION_FULL_ML, m->params.lv_free_wall.edpvr_zero_volume_ml);
  throttle = (v_lv - closed_ml) / LVAD_SUCTION_BAND_ML;
  *withheld_ml_s = 0.0;
  if (throttle < 1.0 && q_lmin > 0.0) {
    double kept = throttle > 0.0 ? throttle : 0.0;
    *withheld_ml_s = q_lmin * (1.0 - kept) * (1000.0 / 60.0);
    q_lmin *= kept;
  }
  return q_lmin * (1000.0 / 60.0);
}

/* ----------------------------------------------------------- activation */

CS_KERNEL static void activation_at(const CsModel *m, double t, WallActivation *a)
{
  for (int j = 0; j < CS_ACT_COUNT; j++) {
    const Activation *act = t >= m->state.next_activation[j].at_s ? &m->state.next_activation[j]
                                                                  : &m->state.last_activation[j];
    double u = (t - act->at_s) * act->inv_scale_per_s;
    if (j < CS_AHA_SEGMENTS) {
      /* The segment twitch's rise keeps its own time, its relaxation
       * follows the rate (VENTRICLE_TWITCH_RISE_S). */
      double since_s = t - act->at_s;
      a->phase[j] = u;
      a->inv_scale_per_s[j] = act->inv_scale_per_s;
      a->force[j] = act->force;
      a->inv_peak[j] = act->inv_peak;
      a->rise[j] = 0.0;
      if (since_s > 0.0 && since_s < CS_SEGMENT_TWITCH_SPAN) {
        double x = since_s * (CS_TWITCH_TABLE_SIZE / CS_SEGMENT_TWITCH_SPAN);
        int i = (int)x;
        const double *r = m->segment_twitch.rise_rate;
        a->rise[j] = r[i] + (x - i) * (r[i + 1] - r[i]);
      }
    } else if (j == CS_ACT_RV) {
      a->rv = cs_twitch_lookup(&m->ventricle_twitch, u);
      a->rv_force = act->force;
    } else if (j == CS_ACT_LA) {
      a->la = cs_twitch_lookup(&m->atrial_twitch, u);
      a->la_force = act->force;
    } else {
      a->ra = cs_twitch_lookup(&m->atrial_twitch, u);
      a->ra_force = act->force;
    }
  }
}

/* ------------------------------------------------------------ LV segments
 *
 * The 17 AHA segments of the LV, septal ones included, form one chain in
 * series: they carry the same wall pressure and their lengths, weighted by
 * mass, add up to the LV free wall's volume in Smith's model (the septum's
 * deflection keeps coupling LV and RV, driven by the septal segments' mean
 * activation). Lengths are expressed as the wall volume above its dead
 * volume, S = V - Vd, that the segment would give if the whole wall were
 * like it (s_i; sum_i w_i s_i = S).
 *
 * A segment is a Hill three-element muscle in the form of CircAdapt's
 * sarcomere (Arts et al. 2005, Am J Physiol 288:H1943; Lumens et al. 2009,
 * Ann Biomed Eng 37:2234): a contractile element (CE, length x_i, a state)
 * in series with a series elastic element (SE) of isometric length delta,
 * and a passive element in parallel:
 *
 *   P = c_i e_i Ees L_i (s_i - x_i) / delta             active, L_i = x_i + delta
 *     + (1 - c_i e_i) kappa_i Pp(L_i) + (1 - c_i e_i) kappa_i Kp(L_i) (s_i - L_i)
 *   dx_i/dt = v (s_i - x_i - delta) / delta = (s_i - L_i) / tau
 *
 * - Force-length (Frank-Starling): isometric force c e Ees L, linear in CE
 *   length above the dead length, as CircAdapt's C (Lsc - Lsc0); at
 *   isometric steady state (s = L) the segment is exactly Smith's wall
 *   e Ees (V - Vd) + (1 - e) Pp(V).
 * - Force-velocity: F / F_iso = (s - x) / delta = 1 + (dx/dt) / v, the
 *   linear Hill relation of CircAdapt (Lumens 2009 eq. for dLsc/dt), with
 *   v the maximal shortening velocity.
 * - Passive: Smith's exponential EDPVR of the wall, evaluated at the
 *   segment's own length L_i and extended linearly (tangent Kp) to s_i; the
 *   CE of a resting segment follows s_i within tau, so a resting segment is
 *   elastic along the exponential, not viscous. kappa_i > 1 stiffens scar.
 * - Scar: contractile fraction c_i = 1 - transmurality, passive factor
 *   kappa_i.
 * Every segment law is affine in s_i for given states (P = a_i s_i - b_i),
 * so the chain is solved in closed form: P = (S - B) / G with
 * G = sum w_i / a_i, B = sum w_i b_i / a_i — an affine wall that Smith's
 * septal Newton uses directly. tau = delta / v = Lse,iso / vmax = 0.04 um /
 * 7 um/s = 5.7 ms (Lumens 2009) whatever the activation: the CE states are
 * not stiff, and explicit RK4 at 4 ms is stable (h / tau = 0.70).
 */
typedef struct {
  double compliance;             /* G, ml/mmHg */
  double offset_ml;              /* B */
  double inv_a[CS_AHA_SEGMENTS]; /* segment compliance, ml/mmHg */
  double b[CS_AHA_SEGMENTS];     /* P = a s - b */
} WallChain;

static void wall_chain(const CsModel *m, const CsWall *w, const double force[CS_AHA_SEGMENTS],
                       const double e[CS_AHA_SEGMENTS], const double *ce, WallChain *chain)
{
  double delta = m->series_elastic_ml;
  double inv_delta = 1.0 / delta;
  double g_sum = 0.0, b_sum = 0.0, mean_length = 0.0, grow_mean, g[CS_AHA_SEGMENTS];

  /* The passive exponential is evaluated once, at the wall's mean CE
   * length, and carried to each segment by exp(y) ~ (1 + y/16)^16 (four
   * squarings; exact for a synchronous wall, 5 % low at y = 1.35, the
   * largest deviation seen in LBBB): 12 exponentials per evaluation would
   * halve the engine's speed. */
  for (int s = 0; s < CS_AHA_SEGMENTS; s++) {
    mean_length += m->segment_weight[s] * (ce[s] + delta);
  }
  grow_mean =
      w->edpvr_scale_mmhg *
      exp(w->edpvr_stiffness_per_ml * (mean_length + w->dead_volume_ml - w->edpvr_zero_volume_ml));

  /* Each segment's law, then the sums. Split so, with no branch in the first loop (the floors
   * are selections), the compiler computes two segments at a time (SSE2 or NEON: the 17 divisions
   * were a sixth of the engine's time); the sums stay in segment order, and every operation
   * rounds as it did one segment at a time, so the chain is the same to the bit
   * (src/sim/meson.build: the flags that allow it). */
  for (int s = 0; s < CS_AHA_SEGMENTS; s++) {
    double x = ce[s];
    double length = x + delta;
    double active = m->segment_contractile[s] * e[s];
    /* A stretched segment's length-dependent activation can exceed 1;
     * its passive share cannot go below nothing (Smith's law assumes
     * 0 <= e <= 1). */
    double rest = 1.0 - active;
    /* No active force below the dead length (CircAdapt's Lsc0); the floor
     * at 0.1 delta only keeps a fully active segment's stiffness positive. */
    double force_length = length > 0.1 * delta ? length : 0.1 * delta;
    double ka = active * w->end_systolic_elastance_mmhg_ml * force[s] * force_length * inv_delta;
    double q = 1.0 + w->edpvr_stiffness_per_ml * (length - mean_length) * (1.0 / 16.0);
    double grow, pp, kr, a, b, inv_a;
    rest = rest > 0.0 ? rest : 0.0;
    q = q > 0.0 ? q : 0.0;
    q *= q;
    q *= q;
    q *= q;
    q *= q;
    grow = m->segment_passive[s] * grow_mean * q;
    pp = grow - m->segment_passive[s] * w->edpvr_scale_mmhg;
    kr = rest * w->edpvr_stiffness_per_ml * grow;
    a = ka + kr;
    b = ka * x + kr * length - rest * pp;
    inv_a = 1.0 / a;
    g[s] = m->segment_weight[s] * inv_a;
    chain->inv_a[s] = inv_a;
    chain->b[s] = b;
  }
  for (int s = 0; s < CS_AHA_SEGMENTS; s++) {
    g_sum += g[s];
    b_sum += g[s] * chain->b[s];
  }
  chain->compliance = g_sum;
  chain->offset_ml = b_sum;
}

/* A wall's passive term P0 exp(lambda (V - V0)) at @to_ml, from its value @value_at_from at
 * @from_ml: carried by the Taylor polynomial to y^4 of the small move y = lambda (to - from), exact
 * to y^5 / 120 < 1e-17 (under exp()'s own rounding) below |y| = 1e-3, and evaluated afresh for a
 * larger move (so that a value that overflowed at one iterate does not stick to the next). */
#define SMALL_EXPONENT 1e-3
static inline double passive_term_at(const CsWall *w, double value_at_from, double from_ml,
                                     double to_ml)
{
  double y = w->edpvr_stiffness_per_ml * (to_ml - from_ml);

  if (fabs(y) > SMALL_EXPONENT)
    return w->edpvr_scale_mmhg * exp(w->edpvr_stiffness_per_ml * (to_ml - w->edpvr_zero_volume_ml));
  return value_at_from * (1.0 + y * (1.0 + y * (0.5 + y * (1.0 / 6.0 + y * (1.0 / 24.0)))));
}

/* Newton's step below which the septum is solved: the step is taken and the iteration stops.
 * Newton converges quadratically here (the residual is strictly increasing and convex, smooth but
 * for a kink at the RV free wall's dead volume), so the error left after a step s of 1e-5 ml is
 * about lambda / 2 s^2: at most 2e-11 ml with the septum's default stiffness (0.435 /ml; measured
 * by a second reader over the demo twins and the property tests: 2e-11 to 5e-11 ml), 500 times
 * below the 1e-8 ml at which the iteration used to stop, and the pressures carried to it along
 * their tangents are off by ~2e-11 mmHg. */
#define SEPTUM_NEWTON_TOLERANCE_ML 1e-5
/* Newton's iterations after which a step that does not at least halve the one before is replaced
 * by bisection (the safeguard of Press et al., Numerical Recipes, 3rd ed. 2007, section 9.4,
 * rtsafe). Near the root Newton halves its step and more at every iteration; far above it, on a
 * wall's steep exponential, each step is ~1 / lambda, 5.6 ml on a passive limb of 0.18 /ml, and
 * the 60 iterations ended hundreds of ml short with the RV's passive pressure at ~1e67 mmHg: a
 * pressure reading between steps, which starts from the model's last solution rather than the
 * step's (read_between_steps), gave an LVEDP of NaN in a random patient (the property tests, seed
 * 10338156447898002477). In the validation's runs Newton takes at most 10 iterations (1-10, a
 * histogram over its 15 million solves, thirty-seventh session), so from the tenth on the
 * safeguard leaves every solve there as it was, to the bit. */
#define SEPTUM_NEWTON_PATIENCE 10

/* Septal volume such that the septum's own pressure balances the
 * transseptal pressure (Smith 2004 eq. 6). The residual is strictly
 * increasing in the septal volume, so Newton from the last solution, kept
 * inside a bracket by bisection and by bisection again where it crawls
 * (SEPTUM_NEWTON_PATIENCE), always converges. The LV free wall and the
 * septum are affine (segment chains), the RV free wall is Smith's (its law
 * as chamber_pressure() evaluates it). What costs is the walls' passive exponentials: each is
 * evaluated at the solve's start and carried along Newton's small steps by passive_term_at(),
 * 2.5-2.8 exponentials a solve (a large step evaluates afresh) where evaluating both laws at every
 * iteration took five to six (2.7 iterations on average in a heart with LBBB): about a quarter
 * fewer exponentials in all, 5 % fewer instructions a beat. */
static double solve_septum(CsModel *m, const WallActivation *a, const WallChain *lvf, double v_lv,
                           double v_rv, double *p_lvf, double *p_rvf)
{
  const CsParams *p = &m->params;
  const CsWall *septum = &p->septum, *rv_wall = &p->rv_free_wall;
  double ees_rv = rv_wall->end_systolic_elastance_mmhg_ml * a->rv_force;
  /* The septum's activation times its Ees, each septal segment with its own force. */
  double active_ees_spt = septum->end_systolic_elastance_mmhg_ml * a->septum_force;
  double lo = -v_rv, hi = v_lv; /* free-wall volumes must stay positive */
  double x = m->state.septal_volume_ml;
  double e_lvf = 1.0 / lvf->compliance;
  double pl = 0.0, pr = 0.0;
  double septum_passive, rv_passive; /* P0 exp(lambda (V - V0)) of each wall at x */
  double last_step = INFINITY;       /* the step taken in the iteration before */

  if (x <= lo || x >= hi)
    x = 0.5 * (lo + hi);
  septum_passive = septum->edpvr_scale_mmhg *
                   exp(septum->edpvr_stiffness_per_ml * (x - septum->edpvr_zero_volume_ml));
  rv_passive = rv_wall->edpvr_scale_mmhg *
               exp(rv_wall->edpvr_stiffness_per_ml * (v_rv + x - rv_wall->edpvr_zero_volume_ml));
  for (int iter = 0; iter < 60; iter++) {
    double v_rvf = v_rv + x;
    /* A slack RV free wall below its dead volume develops no active pressure
     * (chamber_pressure). */
    double ees_rvf = v_rvf >= rv_wall->dead_volume_ml ? ees_rv : 0.0;
    double ps = active_ees_spt * (x - septum->dead_volume_ml) +
                (1.0 - a->septum) * (septum_passive - septum->edpvr_scale_mmhg);
    double d_spt =
        active_ees_spt + (1.0 - a->septum) * septum->edpvr_stiffness_per_ml * septum_passive;
    double d_rvf = a->rv * ees_rvf + (1.0 - a->rv) * rv_wall->edpvr_stiffness_per_ml * rv_passive;
    double f, step, next;

    pr = a->rv * ees_rvf * (v_rvf - rv_wall->dead_volume_ml) +
         (1.0 - a->rv) * (rv_passive - rv_wall->edpvr_scale_mmhg);
    pl = (v_lv - x - p->lv_free_wall.dead_volume_ml - lvf->offset_ml) * e_lvf;
    f = ps - (pl - pr);
    if (f > 0.0)
      hi = x;
    else
      lo = x;
    if (hi - lo < 1e-12)
      break;
    step = f / (d_spt + e_lvf + d_rvf);
    /* Tested before the bracket so that a converged step is never replaced by bisection. The
     * step is taken, the LV free wall's pressure exactly (it is affine in x), the RV's along
     * its tangent. */
    if (fabs(step) < SEPTUM_NEWTON_TOLERANCE_ML) {
      if (x - step > lo && x - step < hi) {
        x -= step;
        pl += step * e_lvf;
        pr -= step * d_rvf;
      }
      break;
    }
    next = x - step;
    if (!(next > lo && next < hi) ||
        (iter >= SEPTUM_NEWTON_PATIENCE && fabs(2.0 * step) > fabs(last_step)))
      next = 0.5 * (lo + hi);
    last_step = x - next;
    septum_passive = passive_term_at(septum, septum_passive, x, next);
    rv_passive = passive_term_at(rv_wall, rv_passive, v_rv + x, v_rv + next);
    x = next;
  }
  *p_lvf = pl;
  *p_rvf = pr;
  m->state.septal_volume_ml = x;
  return x;
}
/* The state vector of the integrator: compartment volumes, then the CE
 * length of each LV segment. */
#define N_STATE (N_COMPARTMENTS + 2 * CS_AHA_SEGMENTS)

struct StepStart {
  double state[N_STATE];
  double derivative[N_STATE]; /* the step's first RK4 stage */
  double av_valve_gap[2];     /* at the step's start (what the pressure reader evaluates with) */
  double mitral_orifice_scale;
};

/* CircAdapt's length dependence of contractility, C_L = tanh(4 (Lsc -
 * Lsc0)^2) for Lsc > Lsc0 = 1.51 um (Lumens et al. 2009, Ann Biomed Eng
 * 37:2234, Appendix). */
#define LSC0_UM 1.51
/* Sarcomere length at the echo (ellipsoid) end-diastolic volume: CircAdapt's
 * reference length Ls,ref = 2.0 um (Lumens 2009, Table 1); the simulated
 * EDV lies 10-25 % above the ellipsoid volume, i.e. Ls,ED ~2.05-2.1 um,
 * within the 2.0-2.2 um measured at end diastole (Rodriguez et al. 1992, Am
 * J Physiol 263:H293). */
#define LS_ECHO_EDV_UM 2.0
/* The twitch's length-dependent duration f(Lsc) is normalized to 1 at Lsc =
 * 2.04 um, the normal twin's end-diastolic CE length when the twitch's
 * constants were set to time its systole (VENTRICLE_TWITCH_RISE_S; ~2.12
 * um in the normal twin now, whose PEP and LVET still meet Weissler's
 * regressions: docs/validation.md). */
#define LSC_REF_UM 2.04
/* C_L of the mean length below which a wall is taken as fully shortened: a
 * floor that keeps the ratio in length_factors finite in a state far outside
 * physiology (the mean CE length at the dead length, C_L = 0). C_L is 0.05 at
 * 1.62 um, below any end-systolic sarcomere length measured. */
#define MIN_MEAN_LENGTH_CONTRACTILITY 0.05
static inline double length_contractility(double lsc)
{
  double d = lsc - LSC0_UM;
  return d > 0.0 ? tanh(4.0 * d * d) : 0.0;
}

static void length_row(const CsModel *m, double ce_ml, double *cl, double *inv_f)
{
  double lsc = m->lsc_offset_um + m->lsc_gain_um_ml * ce_ml;
  double xi = (lsc - LSC_TABLE_MIN) * (LSC_TABLE_SIZE / (LSC_TABLE_MAX - LSC_TABLE_MIN));

  /* Written so that a length that is not a number (a state that diverged within the beat, which
   * check_state() reports at its end) takes the first row instead of indexing the table with
   * (int)NaN, which is undefined and reads far outside it. */
  if (!(xi > 0.0)) {
    *cl = m->length_table[0][0];
    *inv_f = m->length_table[0][1];
  } else if (xi >= LSC_TABLE_SIZE) {
    *cl = m->length_table[LSC_TABLE_SIZE][0];
    *inv_f = m->length_table[LSC_TABLE_SIZE][1];
  } else {
    int k = (int)xi;
    double fr = xi - k;
    const double *l0 = m->length_table[k], *l1 = m->length_table[k + 1];
    *cl = l0[0] + fr * (l1[0] - l0[0]);
    *inv_f = l0[1] + fr * (l1[1] - l0[1]);
  }
}

/* Length dependence of the LV segments' activation (CircAdapt: Lumens et
 * al. 2009, Ann Biomed Eng 37:2234): cl[s], the gain of each segment's
 * contractility, and inv_f[s], the inverse of its relative twitch duration.
 *
 * The gain is CircAdapt's C_L of the segment's length divided by C_L of the
 * mean length of the wall's contracting myocardium: the wall's common length
 * is factored out, each segment's departure from it is not. The departures
 * are what make dyssynchrony cost work: an early-activated segment shortens
 * against little load and loses force, a late one is pre-stretched and gains
 * it (Lumens 2009), and as C_L is concave near end-diastolic lengths a spread
 * of lengths lowers the wall's mean gain, as the absolute law does. The
 * common length is the chamber's Frank-Starling mechanism, which its
 * end-systolic elastance and dead volume already describe: they are measured
 * as the slope and intercept of end-systolic points traced by preload
 * (caval occlusion; human values in cs_params_default, Chen et al. 2001) in
 * hearts that have their length-dependent activation. Applied to it as well,
 * the law counted the mechanism twice: the normal twin's end-systolic
 * relation traced by preload was twice as steep as by afterload (6.9 against
 * 3.2 mmHg/ml), where Suga's canine ventricles had one relation, and as the
 * preload fell at fast atrial pacing its end-systolic volume rose where
 * subjects' falls (docs/engine-calibration-log.md, fourteenth session). A
 * synchronous wall now keeps the end-systolic elastance it was given at any
 * preload. The ratio is unbounded in principle (a segment far longer than a
 * short mean), but the gain acts only while the twitch rises (level_drive),
 * when the wall is near its end-diastolic length (C_L of the mean ~0.7-0.8).
 *
 * The twitch's length-dependent duration stays absolute: the systolic time
 * intervals the twitch was timed with (Weissler 1968) are those of hearts at
 * their own preloads, and ejection lasts longer as the stroke volume rises;
 * taken relative to the mean length too, it lengthened the normal twin's
 * ejection 37 ms beyond Weissler's regression (the calibration log).
 *
 * Evaluated once per step from the state at the step's start, and carried
 * along the step by their change over the last one (carry_length_factors;
 * held through it, they made the integration first-order in the step). */
CS_KERNEL static void length_factors(const CsModel *m, const double *ce, double cl[CS_AHA_SEGMENTS],
                                     double inv_f[CS_AHA_SEGMENTS])
{
  double mean_ml = 0.0, cl_mean, unused, inv_cl_mean;

  for (int s = 0; s < CS_AHA_SEGMENTS; s++) {
    length_row(m, ce[s], &cl[s], &inv_f[s]);
    mean_ml += m->contracting_weight[s] * ce[s];
  }
  length_row(m, mean_ml, &cl_mean, &unused);
  inv_cl_mean =
      1.0 / (cl_mean > MIN_MEAN_LENGTH_CONTRACTILITY ? cl_mean : MIN_MEAN_LENGTH_CONTRACTILITY);
  for (int s = 0; s < CS_AHA_SEGMENTS; s++)
    cl[s] *= inv_cl_mean;
}

/* One segment's level ODE (level_drive). */
static inline void segment_level_drive(const CsModel *m, const double cl[CS_AHA_SEGMENTS],
                                       const double inv_f[CS_AHA_SEGMENTS], WallActivation *a,
                                       int s)
{
  const CsSegmentTwitch *tw = &m->segment_twitch;
  double ud = a->phase[s] * inv_f[s];
  double relax = 0.0, decay = 0.0;

  /* Before relaxation begins, d = 1 and (ln d)' = 0 to 1e-12. */
  if (ud > 0.0 && ud <= m->relaxation_onset_u) {
    relax = 1.0;
  } else if (ud > 0.0 && ud < CS_SEGMENT_TWITCH_SPAN) {
    double xr = ud * (CS_TWITCH_TABLE_SIZE / CS_SEGMENT_TWITCH_SPAN);
    int k = (int)xr;
    double fr = xr - k;
    const double *r0 = tw->relax[k], *r1 = tw->relax[k + 1];
    relax = r0[0] + fr * (r1[0] - r0[0]);
    decay = (r0[1] + fr * (r1[1] - r0[1])) * inv_f[s] * a->inv_scale_per_s[s];
  }
  a->drive[s] = cl[s] * a->rise[s] * relax;
  a->decay[s] = decay;
}

#ifdef CS_HAVE_TARGET_CLONES
/* level_drive four segments an instruction, for processors with AVX2 (the dispatch in
 * level_drive). GCC does not vectorize the table lookups itself: its generic tuning makes no
 * gathers. A segment's two rows of the relaxation table (d and (ln d)' at rows k and k + 1) are
 * 32 contiguous bytes, read in one load per segment and transposed into one vector each. Every
 * lane computes what segment_level_drive computes, the same operations in the same order, and
 * the branches become selections (a lane outside the relaxation reads row 0 and discards it), so
 * every result that is a number has the same bits, and a NaN stays a NaN (the compiler may swap
 * a product's operands, and of two NaNs x86 keeps the first's sign and payload: the clones share
 * that; tests/test-kernels.c compares with a build without this). The
 * level ODE was 11 % of a beat's time in `hfref-lbbb` with dobutamine (perf, software clock,
 * forty-second session). */
__attribute__((target("avx2"))) static void level_drive_avx2(const CsModel *m,
                                                             const double cl[CS_AHA_SEGMENTS],
                                                             const double inv_f[CS_AHA_SEGMENTS],
                                                             WallActivation *a)
{
  const CsSegmentTwitch *tw = &m->segment_twitch;
  const __m256d zero = _mm256_setzero_pd(), one = _mm256_set1_pd(1.0);
  const __m256d onset = _mm256_set1_pd(m->relaxation_onset_u);
  const __m256d span = _mm256_set1_pd(CS_SEGMENT_TWITCH_SPAN);
  const __m256d per_row = _mm256_set1_pd(CS_TWITCH_TABLE_SIZE / CS_SEGMENT_TWITCH_SPAN);
  int s = 0;

  for (; s + 4 <= CS_AHA_SEGMENTS; s += 4) {
    __m256d f = _mm256_loadu_pd(inv_f + s);
    __m256d ud = _mm256_mul_pd(_mm256_loadu_pd(a->phase + s), f);
    __m256d started = _mm256_cmp_pd(ud, zero, _CMP_GT_OQ);
    __m256d plateau = _mm256_and_pd(started, _mm256_cmp_pd(ud, onset, _CMP_LE_OQ));
    __m256d relaxing =
        _mm256_andnot_pd(plateau, _mm256_and_pd(started, _mm256_cmp_pd(ud, span, _CMP_LT_OQ)));
    __m256d xr = _mm256_blendv_pd(zero, _mm256_mul_pd(ud, per_row), relaxing);
    __m128i k = _mm256_cvttpd_epi32(xr);
    __m256d fr = _mm256_sub_pd(xr, _mm256_cvtepi32_pd(k));
    __m256d row0 = _mm256_loadu_pd(tw->relax[_mm_extract_epi32(k, 0)]);
    __m256d row1 = _mm256_loadu_pd(tw->relax[_mm_extract_epi32(k, 1)]);
    __m256d row2 = _mm256_loadu_pd(tw->relax[_mm_extract_epi32(k, 2)]);
    __m256d row3 = _mm256_loadu_pd(tw->relax[_mm_extract_epi32(k, 3)]);
    /* Each row holds d(k), (ln d)'(k), d(k + 1), (ln d)'(k + 1) of its segment. */
    __m256d lo01 = _mm256_unpacklo_pd(row0, row1), hi01 = _mm256_unpackhi_pd(row0, row1);
    __m256d lo23 = _mm256_unpacklo_pd(row2, row3), hi23 = _mm256_unpackhi_pd(row2, row3);
    __m256d d0 = _mm256_permute2f128_pd(lo01, lo23, 0x20);
    __m256d d1 = _mm256_permute2f128_pd(lo01, lo23, 0x31);
    __m256d dl0 = _mm256_permute2f128_pd(hi01, hi23, 0x20);
    __m256d dl1 = _mm256_permute2f128_pd(hi01, hi23, 0x31);
    __m256d relax_read = _mm256_add_pd(d0, _mm256_mul_pd(fr, _mm256_sub_pd(d1, d0)));
    __m256d decay_read = _mm256_mul_pd(
        _mm256_mul_pd(_mm256_add_pd(dl0, _mm256_mul_pd(fr, _mm256_sub_pd(dl1, dl0))), f),
        _mm256_loadu_pd(a->inv_scale_per_s + s));
    __m256d relax = _mm256_blendv_pd(_mm256_and_pd(relax_read, relaxing), one, plateau);
    __m256d decay = _mm256_and_pd(decay_read, relaxing);
    _mm256_storeu_pd(
        a->drive + s,
        _mm256_mul_pd(_mm256_mul_pd(_mm256_loadu_pd(cl + s), _mm256_loadu_pd(a->rise + s)), relax));
    _mm256_storeu_pd(a->decay + s, decay);
  }
  for (; s < CS_AHA_SEGMENTS; s++)
    segment_level_drive(m, cl, inv_f, a, s);
}
#endif

/* The level ODE of each segment at one instant: its contractility C obeys
 * dC/dt = C_L(Lsc) r'(w) d(u/f) + C (ln d)'(u/f) / f, r and d the rise and
 * relaxation of the twitch, u its phase on the rate's time scale and w its
 * phase on the rise's (activation_at; Lumens 2009's length-dependent
 * activation in our twitch's terms). Fills a->drive (the first term) and
 * a->decay (the factor of C). Once the twitch is over, C stays. The peak of
 * r d is normalized per beat (segment_twitch_inv_peak). */
static void level_drive(const CsModel *m, const double cl[CS_AHA_SEGMENTS],
                        const double inv_f[CS_AHA_SEGMENTS], WallActivation *a)
{
#ifdef CS_HAVE_TARGET_CLONES
  if (__builtin_cpu_supports("avx2")) {
    level_drive_avx2(m, cl, inv_f, a);
    return;
  }
#endif
  for (int s = 0; s < CS_AHA_SEGMENTS; s++)
    segment_level_drive(m, cl, inv_f, a, s);
}

/* The systemic veins' unstressed volume, from their volume now (ml). Venous tone holds part of
 * the blood in the stressed volume, the part above the unstressed volume that sets the veins'
 * pressure (Gelman 2008, Anesthesiology 108:735). A venoconstrictor (norepinephrine) and the
 * sympathetic reflex recruit a share of the unstressed reservoir into it, as Ursino's baroreflex
 * does in millilitres. A venodilator relaxes tone and returns a share of the stressed volume to
 * the reservoir, of what the reflex and a venoconstrictor recruited too: a share, not a volume,
 * because the sympathetic venoconstriction of heart failure raises the stressed volume (Fudim et
 * al. 2022, J Am Coll Cardiol 79:1858), so that the same nitrate pools far more blood from a
 * congested circulation than from a healthy one's few hundred millilitres. At a given volume the
 * veins' distending pressure is scaled by the share left, so a venodilator by itself never turns
 * it negative. Veins below their unstressed volume (collapsed, see evaluate) are left as they
 * are: the pressure-volume line bends there, where the veins collapse, and keeps its own slope
 * below. */
static double systemic_venous_unstressed_volume(const CsModel *m, double volume_ml)
{
  double unstressed_ml = m->params.systemic_venous_unstressed_volume_ml *
                         m->drugs.venous_unstressed_factor * m->state.effector[EFF_VENOUS_CAPACITY];

  return unstressed_ml + (1.0 - m->drugs.factor[CS_EFFECT_VENOUS_CAPACITY]) *
                             positive_part(volume_ml - unstressed_ml);
}

/* The ventricles' walls at one instant: the LV segments' levels and CE lengths move (dv's CE
 * and level parts), the septum is solved, and the ventricles' pressures are set (ev->p_lv,
 * ev->p_rv), from the state @v and the activation @a. The first part of evaluate(), and all of
 * it that a read of the LV pressure between steps needs (read_between_steps). */
static inline void evaluate_walls(CsModel *m, const double *v, WallActivation *a, double *dv,
                                  Evaluation *ev)
{
  const CsParams *p = &m->params;
  const double *ce = v + N_COMPARTMENTS;
  const double *level = ce + CS_AHA_SEGMENTS;
  double *dce = dv + N_COMPARTMENTS;
  double *dlevel = dce + CS_AHA_SEGMENTS;
  double e[CS_AHA_SEGMENTS];
  double pth = p->intrathoracic_pressure_mmhg;
  double p_lvf, p_rvf, p_peri, inv_tau;
  WallChain lvf;

  /* Segment contractility: length-dependent activation (see "LV segments"). The floor is a
   * selection before the product (the same value, 0 for a level that is not positive or not a
   * number), so that the loop runs two segments at a time (src/sim/meson.build). */
  for (int s = 0; s < CS_AHA_SEGMENTS; s++) {
    double l = level[s];
    e[s] = (l > 0.0 ? l : 0.0) * a->inv_peak[s];
    dlevel[s] = a->drive[s] + level[s] * a->decay[s];
  }
  wall_chain(m, &p->lv_free_wall, a->force, e, ce, &lvf);
  a->septum = a->septum_force = 0.0;
  for (int i = 0; i < m->n_septal_segments; i++) {
    int s = m->septal_segments[i];
    double active = m->septal_weight[s] * m->segment_contractile[s] * e[s];
    a->septum += active;
    a->septum_force += active * a->force[s];
  }
  solve_septum(m, a, &lvf, v[LV], v[RV], &p_lvf, &p_rvf);
  /* Each segment's length in the solved chain, and its CE velocity. */
  inv_tau = 1.0 / m->ce_time_constant_s;
  for (int s = 0; s < CS_AHA_SEGMENTS; s++) {
    double length = (p_lvf + lvf.b[s]) * lvf.inv_a[s];
    dce[s] = (length - ce[s] - m->series_elastic_ml) * inv_tau;
  }

  p_peri = p->pericardium_scale_mmhg *
           (exp(p->pericardium_stiffness_per_ml * (v[LV] + v[RV] - p->pericardium_zero_volume_ml)) -
            1.0);
  ev->p_lv = p_lvf + p_peri + pth;
  ev->p_rv = p_rvf + p_peri + pth;
}

CS_KERNEL_FLATTEN static void evaluate(CsModel *m, const double *v, WallActivation *a, double *dv,
                                       Evaluation *ev)
{
  const CsParams *p = &m->params;
  double pth = p->intrathoracic_pressure_mmhg;
  double svr, pvr, vu_sv, mitral_orifice_cm2, mitral_leak_cm2;

  ev->p_la =
      atrial_pressure(&p->left_atrium, p->left_atrium.end_systolic_elastance_mmhg_ml * a->la_force,
                      a->la, v[LA]) +
      pth;
  ev->p_ra =
      atrial_pressure(&p->right_atrium,
                      p->right_atrium.end_systolic_elastance_mmhg_ml * a->ra_force, a->ra, v[RA]) +
      pth;
  evaluate_walls(m, v, a, dv, ev);

  vu_sv = systemic_venous_unstressed_volume(m, v[SV]);
  ev->p_sa =
      (v[SA] - p->systemic_arterial_unstressed_volume_ml) / p->systemic_arterial_compliance_ml_mmhg;
  ev->p_sv = (v[SV] - vu_sv) / p->systemic_venous_compliance_ml_mmhg;
  ev->p_pa = (v[PA] - p->pulmonary_arterial_unstressed_volume_ml) /
                 p->pulmonary_arterial_compliance_ml_mmhg +
             pth;
  ev->p_pv =
      (v[PV] - p->pulmonary_venous_unstressed_volume_ml) / p->pulmonary_venous_compliance_ml_mmhg +
      pth;

  svr = p->systemic_vascular_resistance_mmhg_s_ml * m->drugs.factor[CS_EFFECT_SYSTEMIC_RESISTANCE] *
        m->state.effector[EFF_RESISTANCE];
  pvr =
      p->pulmonary_vascular_resistance_mmhg_s_ml * m->drugs.factor[CS_EFFECT_PULMONARY_RESISTANCE];

  mitral_orifice_cm2 = p->mitral.regurgitant_orifice_area_cm2 * m->state.mitral_orifice_scale;
  mitral_leak_cm2 = mitral_orifice_cm2 + AV_VALVE_GAP_AREA_CM2 * m->state.av_valve_gap[0];
  ev->q_mitral = valve_flow(&m->mitral_law, mitral_leak_cm2, ev->p_la - ev->p_lv);
  ev->q_mitral_regurgitant =
      ev->q_mitral < 0.0 ? -ev->q_mitral * (mitral_orifice_cm2 / mitral_leak_cm2) : 0.0;
  ev->q_aortic =
      valve_flow(&m->aortic_law, p->aortic.regurgitant_orifice_area_cm2, ev->p_lv - ev->p_sa);
  ev->p_ao = ev->p_sa + p->systemic_characteristic_impedance_mmhg_s_ml * ev->q_aortic;
  ev->q_systemic = (ev->p_sa - ev->p_sv) / svr;
  /* Veins emptied below their unstressed volume collapse and, with their
   * valves, let no blood flow back from the atrium (the plateau of venous
   * return, Guyton et al. 1957, Am J Physiol 189:609, is left to the atrial
   * collapse above: a kink at every beat's x descent would cost the
   * integrator its accuracy). */
  ev->q_venous =
      positive_part(ev->p_sv - ev->p_ra) / p->systemic_venous_return_resistance_mmhg_s_ml;
  ev->q_tricuspid = valve_flow(&m->tricuspid_law,
                               p->tricuspid.regurgitant_orifice_area_cm2 +
                                   AV_VALVE_GAP_AREA_CM2 * m->state.av_valve_gap[1],
                               ev->p_ra - ev->p_rv);
  ev->q_pulmonary =
      valve_flow(&m->pulmonary_law, p->pulmonary.regurgitant_orifice_area_cm2, ev->p_rv - ev->p_pa);
  ev->p_pa_root = ev->p_pa + p->pulmonary_characteristic_impedance_mmhg_s_ml * ev->q_pulmonary;
  ev->q_lung = (ev->p_pa - ev->p_pv) / pvr;
  /* The atrial sleeves narrow the pulmonary vein ostia in atrial systole
   * (PV_SLEEVE_CONSTRICTION). */
  ev->q_pulm_venous = (ev->p_pv - ev->p_la) / (p->pulmonary_venous_return_resistance_mmhg_s_ml *
                                               (1.0 + PV_SLEEVE_CONSTRICTION * a->la));
  ev->q_lvad_withheld = 0.0;
  ev->q_lvad = m->therapy.lvad_enabled
                   ? lvad_flow(m, ev->p_sa - ev->p_lv, v[LV], &ev->q_lvad_withheld)
                   : 0.0;

  dv[LA] = ev->q_pulm_venous - ev->q_mitral;
  dv[LV] = ev->q_mitral - ev->q_aortic - ev->q_lvad;
  dv[SA] = ev->q_aortic + ev->q_lvad - ev->q_systemic;
  dv[SV] = ev->q_systemic - ev->q_venous;
  dv[RA] = ev->q_venous - ev->q_tricuspid;
  dv[RV] = ev->q_tricuspid - ev->q_pulmonary;
  dv[PA] = ev->q_pulmonary - ev->q_lung;
  dv[PV] = ev->q_lung - ev->q_pulm_venous;
}

/* The LV pressure alone at one instant, as evaluate() computes it (the same operations, so the
 * same bits): the walls' part, without the atria, veins, valves and pump, which a read of the LV
 * pressure between steps does not use. The walls set ev's two ventricular pressures and read
 * none of it, so it is not cleared; their derivatives (dv) are dropped. */
CS_KERNEL_FLATTEN static double evaluate_lv_pressure(CsModel *m, const double *v, WallActivation *a)
{
  double dv[N_STATE];
  Evaluation ev;

  evaluate_walls(m, v, a, dv, &ev);
  return ev.p_lv;
}

/* ----------------------------------------------------------- the beat */

/* Electromechanical systole shortens with heart rate: QS2 = 546 - 2.1 HR ms
 * in men (Weissler et al. 1968, Circulation 37:149); the twitches' time
 * scale follows it, 1 s at 60 bpm (Mynard 2012's constants are given per 1
 * s), all but the LV segments' rise (VENTRICLE_TWITCH_RISE_S).
 * The regression holds over ~40-150 bpm; outside it the scale is held. */
static double twitch_scale_for_rate(double hr_bpm)
{
  double hr = hr_bpm < 40.0 ? 40.0 : hr_bpm > 150.0 ? 150.0 : hr_bpm;
  return (546.0 - 2.1 * hr) / (546.0 - 2.1 * 60.0);
}

/* The force-frequency relation (cs_params_default): ventricular
 * contractility rises by force_frequency_per_bpm for each bpm of the beat's
 * rate above the twin's sinus rate, linearly over 40-150 bpm (held beyond,
 * where the staircase flattens and the data end). Never below half: a guard,
 * not physiology, so that a negative gain (failing myocardium loses force at
 * fast rates) cannot take contractility towards zero at the range's end. */
static double force_frequency_factor(const CsParams *p, double hr_bpm)
{
  double hr = fmin(fmax(hr_bpm, 40.0), 150.0);
  double rest = fmin(fmax(p->sinus_rate_bpm, 40.0), 150.0);
  return fmax(1.0 + p->force_frequency_per_bpm * (hr - rest), 0.5);
}

/* Retrograde ventriculo-atrial conduction time during VVI pacing, present in
 * most patients with intact AV conduction (pacemaker syndrome: Ausubel &
 * Furman 1985, Ann Intern Med 103:420; VA times typically 100-300 ms). */
#define RETROGRADE_VA_MS        180.0
#define ATRIAL_SENSE_LATENCY_MS 40.0

/* Atrial timing. Each beat starts with the RA's activation: the P wave's
 * onset (sinus node), the atrial stimulus (lead in the RA appendage) or the
 * retrograde wave. The LA is activated interatrial_conduction_ms later and
 * each atrium contracts atrial_electromechanical_delay_ms after its own
 * activation (sourced defaults in cs-params.c), so the AV delay decides
 * whether the LA's kick is over before the LV contracts (filling completed,
 * then presystolic regurgitation while the LV waits), or is cut short by it.
 * Pacing from the RA lengthens interatrial conduction: the LA's
 * (oesophageal) electrogram follows the stimulus by 122 +- 30 ms against
 * 95 +- 18 ms after the sinus P wave's onset, +27 ms (Ausubel et al. 1986,
 * "Interatrial conduction during cardiac pacing", Pacing Clin Electrophysiol
 * 9:1026, n = 25); in 100 consecutive dual-chamber pacemaker recipients the
 * paced interatrial time was 117 +- 27 ms, on average 50 ms longer than in
 * sinus rhythm ("Interatrial conduction in patients undergoing AV
 * stimulation", Pacing Clin Electrophysiol 1993, PMID 7505918). 30 ms lies
 * at the lower end, for the usual appendage lead. A retrograde wave enters
 * the atria at the AV junction, between the two: they are activated
 * together. */
#define RA_APPENDAGE_PACING_IACT_MS 30.0

#define SLOWEST_SINUS_RATE_BPM 20.0

/* The inverse of the peak of the segment twitch r(w) d(u) of a beat whose relaxation's time
 * scale is 1 / @inv_twitch_scale_per_s, the rise on its time base (w = t) and the relaxation on
 * the rate's (u = t x inv_twitch_scale_per_s), with C_L =
 * f = 1. The rise keeps its speed as the rate quickens and the relaxation does not, so the two
 * overlap more at fast rates: the peak, taken from the tables, would fall by 5, 7 and 13 % at
 * 120, 130 and 150 bpm (a second reader's figures), a loss of force with rate that nothing
 * measured sets. Normalized per beat, the twitch of a segment at its
 * reference length peaks at 1 at any rate, and the force-frequency gain alone sets how force
 * follows the rate. Sampled at four times the table's resolution; the tables are linear between
 * their rows.
 * Run once a beat, the scan was 2.5 % of a beat's instructions (callgrind, `hfref-lbbb` with
 * dobutamine). It ends once no later sample can reach the peak: the rise r never exceeds its
 * table's last row (it grows to it) and the relaxation d does not grow, so every later r d is at
 * most that row times the d read now; stopped once that bound falls under half the peak (a
 * margin far beyond the interpolation's rounding, by which d may step up by an ulp at a row), the
 * peak, and the beat, are the same to the bit. At 70 bpm it ends ~0.5 s into the twitch instead
 * of ~0.8 s. */
static double segment_twitch_inv_peak(const CsModel *m, double inv_twitch_scale_per_s)
{
  const CsSegmentTwitch *tw = &m->segment_twitch;
  const int n = 4 * CS_TWITCH_TABLE_SIZE;
  const double per_row = CS_TWITCH_TABLE_SIZE / CS_SEGMENT_TWITCH_SPAN;
  const double largest_rise = tw->rise[CS_TWITCH_TABLE_SIZE];
  double peak = 0.0;

  for (int k = 1; k < n; k++) {
    double t = k * (CS_SEGMENT_TWITCH_SPAN / n);
    double xw = t * per_row, xu = t * inv_twitch_scale_per_s * per_row;
    int iw = (int)xw, iu = (int)xu;
    double r, d, twitch;
    if (iu >= CS_TWITCH_TABLE_SIZE)
      break; /* relaxed: the peak is behind */
    r = iw >= CS_TWITCH_TABLE_SIZE ? largest_rise
                                   : tw->rise[iw] + (xw - iw) * (tw->rise[iw + 1] - tw->rise[iw]);
    d = tw->relax[iu][0] + (xu - iu) * (tw->relax[iu + 1][0] - tw->relax[iu][0]);
    twitch = r * d;
    /* fmax's value without a call a sample: the peak is never a NaN, and both pass one by. */
    if (twitch > peak)
      peak = twitch;
    if (largest_rise * d < 0.5 * peak)
      break; /* no later sample can reach the peak */
  }
  return peak > 0.0 ? 1.0 / peak : tw->inv_peak;
}

/* Decremental AV nodal conduction. The node conducts more slowly the less time it has had to
 * recover since it last conducted: its conduction time grows as an exponential of the recovery
 * time falls (the nodal recovery curve, AH = AHmin + exp(alpha - HA / tau), HA the recovery time,
 * fitted in 43 young patients by Lin, Young, Wu & Wolff 1997, Am J Cardiol 80:1178, abstract; they
 * give no tau). At a steady atrial cycle CL the recovery time is CL - PR, so PR solves
 *
 *   PR = PR_min + A exp(-(CL - PR) / tau).
 *
 * The right-hand side is convex in PR: below a cycle length the curve no longer meets the line,
 * and the node cannot conduct every beat (Wenckebach). A and tau are ours, calibrated on two human
 * measurements: right atrial pacing at 100-120 /min lengthened the AH interval "in most cases" by
 * 15-30 ms over sinus rhythm in the 24 of 30 patients with a normal PR whose AH adapted gradually
 * (Runge, Samet & Narula 1973, Fed Proc 32, abstract: +22 ms at 110 /min from 70 at a fixed
 * autonomic tone is the model's), and 20 strictly normal adults reached Wenckebach at 176.5 +-
 * 13.8 /min (Alboni et al. 1985, Eur Heart J 6:602, abstract: the curve leaves the line at 176
 * /min with a PR of 160 ms at 70). The twin's pr_interval_ms is its PR at its own resting sinus
 * rate, which fixes PR_min; a PR as long as the resting cycle has no such point and is kept as it
 * is (the schedule then refuses the rate).
 *
 * Autonomic tone acts on the node as on the sinus node: a sympathetic (or vagally withdrawn)
 * sinus tachycardia conducts 1:1 with a PR that shortens, by ~6 ms per 10 bpm in exercise
 * (Atterhog & Loogna 1977, J Electrocardiol 10:331, abstract: affected by atropine, not by
 * propranolol, so mostly vagal withdrawal), where the same rate paced from the atrium lengthens
 * it. The engine scales A and tau (autonomic_scale) with the drugs' slowing or quickening of the
 * sinus node (the beta-agonists and beta-blockers of the library act on both nodes), so that the
 * Wenckebach rate rises with sympathomimetics and falls with beta-blockade, and in sinus rhythm
 * with the reflex's quickening of the sinus node too, so that a sinus tachycardia, driven by the
 * reflex or a drug, keeps its PR about constant and conducts 1:1 at rates a paced atrium would
 * not. The reflex's slowing is left out, and the whole reflex while the device paces the atrium:
 * in Alboni's subjects autonomic blockade did not move the Wenckebach rate (179.5 +- 13.5 against
 * 176.5 /min), and the reflex, whose output is a sinus period, would otherwise slow the node of a
 * fast-paced twin whose pressure rose, coupling its PR to its pressure beat by beat (found by the
 * property tests: an AAI patient at 160 bpm with no periodic steady state; with the slowing
 * included, a CRT candidate of the normal twin at the edge of fusion had none). A drug whose
 * heart-rate effect is the sinus node's alone leaves the node as it is: ivabradine, an If blocker,
 * had no effect on atrioventricular or intraventricular conduction times in clinical
 * electrophysiology studies (Procoralan SmPC, section 5.1, as recalled; in pigs in atrial
 * fibrillation it slowed the node at fast rates, Verrier et al. 2014, Heart Rhythm 11:2288, title
 * read). Not modelled: the PR's shortening in exercise. */
#define AV_NODE_RECOVERY_AMPLITUDE_MS 185.0
#define AV_NODE_RECOVERY_TAU_MS       185.0

/* The PR interval (ms) at an atrial cycle of atrial_cycle_ms, and in *wenckebach_cycle_ms the
 * shortest atrial cycle the node conducts 1:1. Beyond it (no intersection) it returns the longest
 * PR the node holds, where the curve touches the line: the caller decides what a dropped beat
 * means. */
static double av_nodal_conduction_ms(const CsParams *p, double atrial_cycle_ms,
                                     double autonomic_scale, double *wenckebach_cycle_ms)
{
  const double a = AV_NODE_RECOVERY_AMPLITUDE_MS * autonomic_scale;
  const double tau = AV_NODE_RECOVERY_TAU_MS * autonomic_scale;
  double resting_cycle_ms = 60000.0 / p->sinus_rate_bpm;
  double pr_min, pr_tangent, pr;

  if (p->pr_interval_ms >= resting_cycle_ms) {
    *wenckebach_cycle_ms = 0.0;
    return p->pr_interval_ms;
  }
  pr_min = p->pr_interval_ms -
           AV_NODE_RECOVERY_AMPLITUDE_MS *
               exp(-(resting_cycle_ms - p->pr_interval_ms) / AV_NODE_RECOVERY_TAU_MS);
  /* Where the curve's slope is 1, the tangent point; the curve meets the line while it lies at
   * or below it there. */
  pr_tangent = atrial_cycle_ms + tau * log(tau / a);
  pr = pr_min;
  *wenckebach_cycle_ms = pr_min + tau * (1.0 - log(tau / a));
  if (atrial_cycle_ms < *wenckebach_cycle_ms)
    return pr_tangent;
  /* Newton from below on the convex, decreasing f(pr) = rhs - pr: monotone, no overshoot. */
  for (int i = 0; i < 50; i++) {
    double e = a * exp(-(atrial_cycle_ms - pr) / tau);
    double step = (pr_min + e - pr) / (1.0 - e / tau);
    pr += step;
    if (fabs(step) < 1e-9)
      break;
  }
  return fmin(pr, pr_tangent);
}

static CsStatus schedule_beat(CsModel *m, CsError *error)
{
  const CsParams *p = &m->params;
  const CsPacing *pc = &m->therapy.pacing;
  /* The sinus node is never faster than the fastest rate the engine models
   * (CS_MAX_HEART_RATE_BPM, the top of sinus_rate_bpm's range) nor slower than
   * SLOWEST_SINUS_RATE_BPM, whatever drives it: the reflex is bounded in update_baroreflex(), but a
   * drug's rate factor (dobutamine up to 1.5) or the steady-state search's extrapolation of the
   * reflex could take it beyond. The floor is a guard, not physiology: the slowest sinus node
   * modelled (30 bpm) under the strongest slowing of one drug of the library (esmolol's or
   * metoprolol's Emax -0.32, data/drugs.json) is 20.4 bpm, which stays reachable (a beat longer
   * than 2 s, which the samples buffer grows for); two beta-blockers at once, or an extrapolated
   * reflex asking for beats of many seconds, stop there. */
  double sinus_period_s =
      fmin(fmax(60.0 / (p->sinus_rate_bpm * m->drugs.factor[CS_EFFECT_HEART_RATE]) *
                    m->state.effector[EFF_PERIOD],
                60.0 / CS_MAX_HEART_RATE_BPM),
           60.0 / SLOWEST_SINUS_RATE_BPM);
  double paced_period_s = 60.0 / pc->rate_bpm;
  /* Atrial activation (ms into the beat, see "Atrial timing"): the RA's,
   * and the LA's after the interatrial conduction time of sinus rhythm. */
  double ra_ms = 0.0, la_ms = p->interatrial_conduction_ms, period_s = sinus_period_s;
  int atrial_paced = 0, device_timed;
  /* The atrial cycle: the sinus node's, or the device's where it paces the atrium faster. The
   * node's autonomic scale (see av_nodal_conduction_ms): the autonomic drugs' action on the sinus
   * node (not ivabradine's, which is the sinus node's alone), and in sinus rhythm the reflex's
   * quickening of it too. */
  int device_paces_atrium =
      (pc->mode == CS_PACING_AAI || pc->mode == CS_PACING_DDD || pc->mode == CS_PACING_CRT) &&
      paced_period_s < sinus_period_s;
  double atrial_cycle_s = device_paces_atrium ? paced_period_s : sinus_period_s;
  double wenckebach_cycle_ms;
  double pr_ms = av_nodal_conduction_ms(
      p, atrial_cycle_s * 1000.0,
      (device_paces_atrium ? 1.0 : fmin(m->state.effector[EFF_PERIOD], 1.0)) /
          m->drugs.av_node_rate_factor,
      &wenckebach_cycle_ms);
  CsActivationSources src = {
      .intrinsic_ms = pr_ms,
      .lv_pace_ms = INFINITY,
      .lv_lead_segment = pc->lv_lead_segment,
      .rv_pace_ms = INFINITY,
      .rv_lead_site = pc->rv_lead_site,
  };

  switch (pc->mode) {
  case CS_PACING_NONE:
    break;
  case CS_PACING_AAI:
    period_s = fmin(sinus_period_s, paced_period_s);
    if (paced_period_s < sinus_period_s) {
      la_ms += RA_APPENDAGE_PACING_IACT_MS;
      atrial_paced = 1;
      /* Atrial pacing faster than the node conducts: the ventricles would drop beats (Wenckebach,
       * then 2:1 block), a rhythm of several beats the one-beat schedule does not simulate. A
       * sinus rhythm that fast keeps 1:1 conduction at the longest PR (see above): there the
       * reflex or a drug sets the rate, and autonomic tone speeds the node with the sinus node. */
      if (paced_period_s * 1000.0 < wenckebach_cycle_ms) {
        cs_set_error(error,
                     "AAI pacing at %.0f bpm is faster than this patient's AV node conducts every "
                     "beat (Wenckebach block from ~%.0f bpm; resting PR %.0f ms): pace DDD or "
                     "lower the rate",
                     pc->rate_bpm, 60000.0 / wenckebach_cycle_ms, p->pr_interval_ms);
        cs_set_failure(error, CS_FAILURE_AV_NODE_TOO_SLOW, -1, pc->rate_bpm,
                       60000.0 / wenckebach_cycle_ms, p->pr_interval_ms);
        return CS_ERROR_INVALID_PARAMETER;
      }
    }
    break;
  case CS_PACING_VVI:
    if (paced_period_s < sinus_period_s) {
      /* Ventricular pacing; the atria follow retrogradely. */
      period_s = paced_period_s;
      src.intrinsic_ms = INFINITY;
      src.rv_pace_ms = 0.0;
      ra_ms = la_ms = RETROGRADE_VA_MS;
    }
    break;
  case CS_PACING_DDD:
  case CS_PACING_CRT: {
    CsActivationPattern intrinsic;
    double first;
    atrial_paced = paced_period_s < sinus_period_s;
    period_s = fmin(sinus_period_s, paced_period_s);
    if (atrial_paced)
      la_ms += RA_APPENDAGE_PACING_IACT_MS;
    /* The AV delay runs from the atrial event the device knows: its own
     * stimulus, or the sensed P wave, which reaches the right atrial lead
     * some 40 ms after the sinus node fires (intra-atrial conduction, Durrer
     * 1970; devices shorten the sensed AV delay by ~30-50 ms for it). */
    first = (atrial_paced ? 0.0 : ATRIAL_SENSE_LATENCY_MS) + pc->av_delay_ms;
    /* Sensing: intrinsic activation that reaches the RV lead before the
     * ventricular stimulus inhibits ventricular pacing. */
    cs_activation_compute(p, &src, &intrinsic);
    if (intrinsic.rv_sensed_ms >= first) {
      if (pc->mode == CS_PACING_DDD) {
        src.rv_pace_ms = first;
      } else if (pc->lv_only) {
        /* LV-only pacing (Auricchio et al. 1999, Circulation 99:2993; Nelson et al. 2000,
         * Circulation 101:2703): no RV stimulus; the patient's own conduction, still running,
         * reaches the RV through the right bundle, or the paced wave crosses the septum
         * (cs_activation_compute). */
        src.lv_pace_ms = first;
      } else if (pc->vv_delay_ms >= 0.0) {
        src.lv_pace_ms = first;
        src.rv_pace_ms = first + pc->vv_delay_ms;
      } else {
        src.rv_pace_ms = first;
        src.lv_pace_ms = first - pc->vv_delay_ms;
      }
    }
    break;
  }
  default:
    cs_set_error(error, "unknown pacing mode");
    return CS_ERROR_INVALID_PARAMETER;
  }

  cs_activation_compute(p, &src, &m->pattern);
  m->ventricular_paced = isfinite(src.lv_pace_ms) || isfinite(src.rv_pace_ms);
  device_timed = pc->mode != CS_PACING_NONE && paced_period_s < sinus_period_s;

  {
    double latest = fmax(ra_ms, la_ms) + p->atrial_electromechanical_delay_ms;
    for (int s = 0; s < CS_AHA_SEGMENTS; s++)
      latest = fmax(latest, m->pattern.segment_ms[s]);
    latest = fmax(latest, m->pattern.rv_ms);
    if (latest >= period_s * 1000.0) {
      cs_set_error(error,
                   "activation ends %.0f ms into a cycle of %.0f ms: conduction (PR, AV delay, "
                   "interatrial conduction, scar) is too slow for this rate",
                   latest, period_s * 1000.0);
      cs_set_failure(error, CS_FAILURE_ACTIVATION_TOO_LONG, -1, latest, period_s * 1000.0, 0.0);
      return CS_ERROR_INVALID_PARAMETER;
    }
  }

  m->atrial_paced = atrial_paced;
  m->device_timed = device_timed;
  m->timing_margin_s =
      pc->mode != CS_PACING_NONE ? fabs(paced_period_s - sinus_period_s) : INFINITY;
  m->beat_start_s = m->state.time_s;
  m->beat_period_s = period_s;
  {
    /* This beat's twitches: the relaxation's time scale and the force-frequency gain at its
     * rate, the drugs' and the reflex's contractility now (see Activation). */
    double inv_scale_per_s = 1.0 / twitch_scale_for_rate(60.0 / period_s);
    double reflex = m->state.effector[EFF_CONTRACTILITY];
    double force = m->drugs.factor[CS_EFFECT_CONTRACTILITY] * reflex *
                   force_frequency_factor(p, 60.0 / period_s);
    double inv_peak = segment_twitch_inv_peak(m, inv_scale_per_s);
    for (int j = 0; j < CS_ACT_COUNT; j++) {
      double offset_ms = j < CS_AHA_SEGMENTS ? m->pattern.segment_ms[j]
                         : j == CS_ACT_RV    ? m->pattern.rv_ms
                         : j == CS_ACT_LA    ? la_ms + p->atrial_electromechanical_delay_ms
                                             : ra_ms + p->atrial_electromechanical_delay_ms;
      Activation *next = &m->state.next_activation[j];
      if (next->at_s <= m->state.time_s)
        m->state.last_activation[j] = *next;
      next->at_s = m->state.time_s + offset_ms * 1e-3;
      next->inv_scale_per_s = inv_scale_per_s;
      /* The atria's force is the drugs' alone (no force-frequency gain, no reflex). */
      next->force = j < CS_ACT_LA ? force : m->drugs.factor[CS_EFFECT_CONTRACTILITY];
      next->reflex_contractility = j < CS_ACT_LA ? reflex : 1.0;
      next->inv_peak = j < CS_AHA_SEGMENTS ? inv_peak : 1.0;
    }
  }
  return CS_OK;
}

/* The reflex's contractility in the state, given to the ventricles' twitches scheduled and still
 * running (Activation): where a state is set otherwise than by the beats (an extrapolation, a
 * restored state with the reflex off, the reflex switched off by a new therapy). */
static void set_running_reflex_contractility(CsModel *m)
{
  double reflex = m->state.effector[EFF_CONTRACTILITY];

  for (int j = 0; j < CS_ACT_LA; j++) {
    Activation *both[2] = {&m->state.last_activation[j], &m->state.next_activation[j]};
    for (int k = 0; k < 2; k++)
      if (both[k]->reflex_contractility > 0.0) {
        both[k]->force *= reflex / both[k]->reflex_contractility;
        both[k]->reflex_contractility = reflex;
      }
  }
}

static CsStatus reserve_samples(CsModel *m, size_t capacity, CsError *error);

/* Mynard's leaflet law (see "Atrioventricular valve closure") over one step
 * of h seconds at a constant pressure difference dp (atrium minus
 * ventricle). */
static void move_leaflets(double *gap, double dp, double h)
{
  double keep = exp(-AV_VALVE_COAPTATION_PER_MMHG_S * fabs(dp) * h);
  if (dp > 0.0)
    *gap = 1.0 - (1.0 - *gap) * keep;
  else
    *gap *= keep;
}

static void record_sample(CsModel *m, size_t k, double t, const double *v, const Evaluation *ev)
{
  CsSample *s = &m->samples[k];

  s->time_s = t - m->beat_start_s;
  s->lv_pressure_mmhg = ev->p_lv;
  s->la_pressure_mmhg = ev->p_la;
  s->aortic_pressure_mmhg = ev->p_ao;
  s->rv_pressure_mmhg = ev->p_rv;
  s->ra_pressure_mmhg = ev->p_ra;
  s->pulmonary_artery_pressure_mmhg = ev->p_pa_root;
  s->lv_volume_ml = v[LV];
  s->la_volume_ml = v[LA];
  s->rv_volume_ml = v[RV];
  s->ra_volume_ml = v[RA];
  s->mitral_flow_ml_s = ev->q_mitral;
  s->aortic_flow_ml_s = ev->q_aortic;
  s->tricuspid_flow_ml_s = ev->q_tricuspid;
  s->pulmonary_flow_ml_s = ev->q_pulmonary;
  s->lvad_flow_ml_s = ev->q_lvad;
}

/* Ursino 1998 (Am J Physiol 275:H1733) carotid baroreflex, Tables 1-2:
 * afferent fibre activity from pressure, sympathetic and vagal efferents,
 * and the effectors' static gains relative to Ursino's basal values. The
 * pure delays (0.2-5 s) are left out: they shape the transient, not the
 * steady state the engine reports. So is the afferent's response to the
 * pressure's rate of change (Ursino's first-order lead-lag on the carotid
 * sinus pressure, as recalled): the afferent reads the beat's mean pressure,
 * so a fall of pulse pressure at the same mean moves no effector (a known
 * gap of docs/validation.md, nitroglycerin in normal subjects). */
typedef struct {
  double period_s;
  double sympathetic_period_s; /* the sympathetic share of period_s, G_Ts sigma */
  double sympathetic_emax;     /* Ursino's sigma for Emax, LV */
  double sympathetic_resistance;
  double sympathetic_venous_volume;
} Efferent;

static double positive_log(double f_es)
{
  /* sigma = ln(f_es - f_es,min + 1) above threshold f_es,min = 2.66 spikes/s */
  return f_es >= 2.66 ? log(f_es - 2.66 + 1.0) : 0.0;
}

static void ursino_efferent(double pressure_mmhg, double set_point_mmhg, Efferent *out)
{
  const double f_min = 2.52, f_max = 47.78, k_a = 11.758;              /* afferent */
  const double f_es_inf = 2.10, f_es_0 = 16.11, k_es = 0.0675;         /* sympathetic */
  const double f_ev_0 = 3.2, f_ev_inf = 6.3, f_ab = 25.0, k_ev = 7.06; /* vagal */
  double x = exp((pressure_mmhg - set_point_mmhg) / k_a);
  double f_as = (f_min + f_max * x) / (1.0 + x);
  double f_es = f_es_inf + (f_es_0 - f_es_inf) * exp(-k_es * f_as);
  double y = exp((f_as - f_ab) / k_ev);
  double f_ev = (f_ev_0 + f_ev_inf * y) / (1.0 + y);
  double sigma = positive_log(f_es);

  /* Heart period: T0 0.58 s, G_Ts -0.13 s, G_Tv 0.09 s per spike/s. */
  out->sympathetic_period_s = -0.13 * sigma;
  out->period_s = 0.58 + out->sympathetic_period_s + 0.09 * f_ev;
  /* Gains over basal values: Emax,lv 0.475/2.392; resistance (splanchnic)
   * 0.695/2.49; venous unstressed volume (splanchnic + extrasplanchnic)
   * -(265.4 + 74.21)/(1435.4 + 1537). */
  out->sympathetic_emax = 0.475 / 2.392 * sigma;
  out->sympathetic_resistance = 0.695 / 2.49 * sigma;
  out->sympathetic_venous_volume = -(265.4 + 74.21) / (1435.4 + 1537.0) * sigma;
}

/* The cardiopulmonary (low-pressure) reflex: stretch receptors of the atria, great veins and
 * lungs sense the filling of the heart, and their unloading (a fall of central venous pressure,
 * as in a hemorrhage or lower-body suction) raises sympathetic outflow to the resistance and
 * capacitance vessels without quickening the heart (Johnson et al. 1974, Circ Res 34:515,
 * recalled: lower-body negative pressure of -5 to -20 mmHg constricted the forearm's vessels
 * with no change in heart rate or arterial pressure; the heart-rate arm in update_baroreflex is
 * the arterial one alone). Both arms after Heldt, Shim, Kamm & Mark 2002 (J Appl Physiol
 * 92:1239), with the numbers of the authors' simulator (PhysioNet CVSim; the paper's table was not
 * read), the error saturating as S atan(error / S) with S = 5 mmHg:
 * - Venous: the zero-pressure volumes of the upper-body, renal, splanchnic and leg veins fall by
 *   13.5 + 2.7 + 64 + 30 = 110.2 ml per mmHg of right atrial transmural pressure below the set
 *   point, 4.1 % of their 2665 ml (so a share of this twin's reservoir, as the arterial arm's is).
 * - Arteriolar: each of the four beds' resistance rises by 0.052 PRU per mmHg below the set point
 *   (the simulator's source dated with the paper, April 2002, cvsim initialization.c, with its
 *   beds' 4.2, 4.5, 4.0 and 12.0 PRU; a later parameter set of the same simulator has 0.3 PRU, a
 *   whole-body answer of 6.6-7.8 % per mmHg, half to two-thirds of the forearm's below). In
 *   parallel the beds' total resistance R = 1 / sum(1 / R_i) then changes by
 *   0.052 sum(1 / R_i^2) / sum(1 / R_i) = 1.15 % per mmHg: a share of the twin's own
 *   resistance, as the venous gain is of its reservoir. The forearm, the bed the human studies
 *   measure, answers more: lower-body suction of -5 to -20 mmHg, lowering the CVP by 42-74 % with
 *   the arterial pressure unchanged at -5 and -10, cut forearm conductance by 24-34 % (Zoller,
 *   Mark, Abboud, Schmid & Heistad 1972, J Clin Invest 51:2967, abstract; ~12 % per mmHg if the
 *   resting CVP was ~6 mmHg, not stated). The arm also lowers the resistance when the atria are
 *   distended, as ventricular pacing's cannon waves distend them; patients with cannon A waves
 *   raised their resistance less than those without (Erlebacher, Danner & Stelzer 1984, J Am
 *   Coll Cardiol 4:550, journal as recalled, abstract read: an atrial vasodepressor reflex),
 *   compared with the twin in docs/validation.md (pacemaker_syndrome): the arm reads the mean RA
 *   pressure, not the cannon waves' peaks, and is weaker than that reflex may be.
 * The arm reads the mean RA pressure (the CVP index): it differs from the transmural one by the
 * twin's constant intrathoracic pressure, which the set point, fitted to the resting CVP, takes
 * up. Its time constants are the effectors' (venous 20 s, resistance 6 s; Heldt's response peaks
 * at 9 s and ends at 40 s). */
/* A bed of resistance r (PRU) whose resistance moves by 0.052 PRU per mmHg moves its conductance
 * by 0.052 / r^2 per mmHg; the beds' relative change is the sum of those over their total
 * conductance. */
#define CARDIOPULMONARY_BED_CONDUCTANCE_CHANGE(r) (0.052 / ((r) * (r)))
#define CARDIOPULMONARY_BED_CONDUCTANCE(r)        (1.0 / (r))
static const double CARDIOPULMONARY_VENOUS_GAIN_PER_MMHG = 110.2 / 2665.0;
static const double CARDIOPULMONARY_RESISTANCE_GAIN_PER_MMHG =
    (CARDIOPULMONARY_BED_CONDUCTANCE_CHANGE(4.2) + CARDIOPULMONARY_BED_CONDUCTANCE_CHANGE(4.5) +
     CARDIOPULMONARY_BED_CONDUCTANCE_CHANGE(4.0) + CARDIOPULMONARY_BED_CONDUCTANCE_CHANGE(12.0)) /
    (CARDIOPULMONARY_BED_CONDUCTANCE(4.2) + CARDIOPULMONARY_BED_CONDUCTANCE(4.5) +
     CARDIOPULMONARY_BED_CONDUCTANCE(4.0) + CARDIOPULMONARY_BED_CONDUCTANCE(12.0));
static const double CARDIOPULMONARY_SATURATION_MMHG = 5.0;

/* The low-pressure receptors' drive, S atan(error / S) (mmHg), times the twin's gain scale:
 * negative when the RA pressure is below the set point. */
static double cardiopulmonary_drive_mmhg(const CsParams *p, double cvp_mmhg)
{
  double s = CARDIOPULMONARY_SATURATION_MMHG;

  return p->cardiopulmonary_reflex_gain_scale * s *
         atan((cvp_mmhg - p->cardiopulmonary_set_point_mmhg) / s);
}

double cs_baroreflex_max_venous_recruitment(void)
{
  Efferent floor, rest;

  /* Far below the set point the afferent fibres fall silent and the sympathetic firing is
   * maximal. */
  ursino_efferent(-1000.0, 0.0, &floor);
  ursino_efferent(0.0, 0.0, &rest);
  return rest.sympathetic_venous_volume - floor.sympathetic_venous_volume;
}

/* The arterial arm's largest withdrawal of resistance: far above the set point the sympathetic
 * outflow falls silent (cs_baroreflex_max_venous_recruitment's counterpart). */
static double max_resistance_withdrawal(void)
{
  Efferent silent, rest;

  ursino_efferent(1000.0, 0.0, &silent);
  ursino_efferent(0.0, 0.0, &rest);
  return rest.sympathetic_resistance - silent.sympathetic_resistance;
}

static void update_baroreflex(CsModel *m, double map_mmhg, double cvp_mmhg, double period_s)
{
  /* Ursino 1998 Table 2 time constants: Emax 8 s, resistance 6 s, venous
   * volume 20 s, heart period 2 s (sympathetic) / 1.5 s (vagal): 1.75 s. */
  static const double tau_s[N_EFFECTORS] = {1.75, 8.0, 6.0, 20.0};
  const CsParams *p = &m->params;
  double g = p->baroreflex_gain_scale;
  Efferent now, rest;
  double target[N_EFFECTORS];
  double cp_drive_mmhg, beta1_share;

  if (!m->therapy.baroreflex_enabled) {
    for (int i = 0; i < N_EFFECTORS; i++)
      m->state.effector[i] = 1.0;
    return;
  }
  cp_drive_mmhg = cardiopulmonary_drive_mmhg(p, cvp_mmhg);
  ursino_efferent(map_mmhg, p->baroreflex_set_point_mmhg, &now);
  ursino_efferent(p->baroreflex_set_point_mmhg, p->baroreflex_set_point_mmhg, &rest);
  /* The reflex's sympathetic drive to the heart is noradrenaline at the beta-1 receptor, where a
   * competitive blocker shifts it as it shifts a beta-1 agonist drug (cs_therapy_drug_effects):
   * its share of the heart period's change and its inotropy, about linear in the drive, are
   * divided by 1 + C_B / K_B; the vagal share is left. */
  beta1_share = 1.0 / (1.0 + m->drugs.beta1_blockade);
  target[EFF_PERIOD] =
      1.0 + g * p->baroreflex_heart_rate_gain_scale *
                (now.period_s - rest.period_s -
                 (1.0 - beta1_share) * (now.sympathetic_period_s - rest.sympathetic_period_s)) /
                rest.period_s;
  /* Ursino's heart period moves between 0.64 and 1.31 times its resting value (the efferents
   * saturate), so with a product of the two gain scales above 2.8 (each may be up to 3) the line
   * above passes through zero: a negative cycle length followed. Under any reflex drive the sinus
   * node keeps to the heart rates the engine models (CS_MIN/MAX_HEART_RATE_BPM, the range of
   * sinus_rate_bpm); the bound binds only where the reflex would push it beyond them. */
  target[EFF_PERIOD] = fmin(fmax(target[EFF_PERIOD], p->sinus_rate_bpm / CS_MAX_HEART_RATE_BPM),
                            p->sinus_rate_bpm / CS_MIN_HEART_RATE_BPM);
  target[EFF_CONTRACTILITY] =
      1.0 + g * beta1_share * (now.sympathetic_emax - rest.sympathetic_emax);
  /* The arms add, as Heldt's add their resistance changes per bed; the cardiopulmonary arm
   * moves it by 9 % at most at gain 1. Like the veins below, the resistance relaxes no further
   * than both arms withdraw tone at their full healthy gains (the arterial arm's sympathetic
   * outflow silenced, 31 %, and the cardiopulmonary arm saturated, 9 %): with gain scales of 3
   * (each inside its range) a high pressure and a high CVP together asked for a negative
   * resistance. */
  target[EFF_RESISTANCE] = fmax(
      1.0 + g * (now.sympathetic_resistance - rest.sympathetic_resistance) -
          CARDIOPULMONARY_RESISTANCE_GAIN_PER_MMHG * cp_drive_mmhg,
      1.0 - max_resistance_withdrawal() -
          CARDIOPULMONARY_RESISTANCE_GAIN_PER_MMHG * CARDIOPULMONARY_SATURATION_MMHG * CS_PI / 2.0);
  /* The veins constrict no further than both arms drive them at their full healthy gains (the
   * arterial arm a sixth of the reservoir, the cardiopulmonary a third; 49 % together): a gain
   * scale above 1 reaches that at a smaller fall of pressure, not beyond it. Without the bound,
   * gain scales of 3 (each inside its range) asked for a negative unstressed volume. */
  target[EFF_VENOUS_CAPACITY] = fmax(
      1.0 + g * (now.sympathetic_venous_volume - rest.sympathetic_venous_volume) +
          CARDIOPULMONARY_VENOUS_GAIN_PER_MMHG * cp_drive_mmhg,
      1.0 - cs_baroreflex_max_venous_recruitment() -
          CARDIOPULMONARY_VENOUS_GAIN_PER_MMHG * CARDIOPULMONARY_SATURATION_MMHG * CS_PI / 2.0);
  for (int i = 0; i < N_EFFECTORS; i++) {
    double keep = exp(-period_s / tau_s[i]);
    m->state.effector[i] = target[i] + (m->state.effector[i] - target[i]) * keep;
  }
}

static double total_volume(const double *v)
{
  double sum = 0.0;
  for (int i = 0; i < N_COMPARTMENTS; i++)
    sum += v[i];
  return sum;
}

static const char *const compartment_names[N_COMPARTMENTS] = {
    "left atrium",  "left ventricle",  "systemic arteries",  "systemic veins",
    "right atrium", "right ventricle", "pulmonary arteries", "pulmonary veins",
};

static CsStatus check_state(const CsModel *m, CsError *error)
{
  const char *const *names = compartment_names;
  for (int i = 0; i < N_COMPARTMENTS; i++) {
    /* Said apart: a volume that is not a number is the integration failing even at its finest
     * step (cs_model_run_beat), not a compartment pumped empty. */
    if (!isfinite(m->state.volume_ml[i])) {
      cs_set_error(error,
                   "the integration diverged (the volume of the %s is not a finite number): this "
                   "circulation cannot be simulated",
                   names[i]);
      cs_set_failure(error, CS_FAILURE_DIVERGED, i, 0.0, 0.0, 0.0);
      return CS_ERROR_NUMERIC;
    }
    if (m->state.volume_ml[i] <= 0.0) {
      cs_set_error(error, "the %s emptied (volume %g ml): this circulation cannot be simulated",
                   names[i], m->state.volume_ml[i]);
      cs_set_failure(error, CS_FAILURE_EMPTIED, i, m->state.volume_ml[i], 0.0, 0.0);
      return CS_ERROR_NUMERIC;
    }
  }
  for (int i = 0; i < CS_AHA_SEGMENTS; i++)
    if (!isfinite(m->state.ce_ml[i]) || !isfinite(m->state.level[i])) {
      cs_set_error(error, "the mechanics of AHA segment %d left the physiological domain", i + 1);
      cs_set_failure(error, CS_FAILURE_SEGMENT_MECHANICS, i + 1, 0.0, 0.0, 0.0);
      return CS_ERROR_NUMERIC;
    }
  for (int i = 0; i < 2; i++)
    if (!isfinite(m->state.av_valve_gap[i])) {
      cs_set_error(error, "the atrioventricular valves left the physiological domain");
      cs_set_failure(error, CS_FAILURE_VALVE_MECHANICS, -1, 0.0, 0.0, 0.0);
      return CS_ERROR_NUMERIC;
    }
  for (int i = 0; i < N_EFFECTORS; i++)
    if (!isfinite(m->state.effector[i]) || m->state.effector[i] <= 0.0) {
      cs_set_error(error, "the baroreflex left its physiological range");
      cs_set_failure(error, CS_FAILURE_REFLEX, -1, 0.0, 0.0, 0.0);
      return CS_ERROR_NUMERIC;
    }
  return CS_OK;
}

/* A beat may end with every compartment full and still have pumped one below empty within it: the
 * septum's deflection is free to take more than a ventricle holds (Smith's model bounds the free
 * walls' volumes, not the cavities'), a very stiff chamber can overshoot, and an end-systolic
 * volume below zero would then be reported with an ejection fraction above 100 %. So every step's
 * start is checked too (the @n of this beat), and the end-systolic volumes the indices read
 * between the steps (@indices; NULL before they are read). */
static CsStatus check_beat_volumes(const CsModel *m, size_t n, const CsIndices *indices,
                                   CsError *error)
{
  if (indices == NULL) {
    for (size_t k = 0; k < n; k++)
      for (int i = 0; i < N_COMPARTMENTS; i++)
        if (!(m->step_starts[k].state[i] > 0.0)) {
          cs_set_error(error,
                       "the %s emptied during the beat (volume %g ml): this circulation cannot "
                       "be simulated",
                       compartment_names[i], m->step_starts[k].state[i]);
          cs_set_failure(error, CS_FAILURE_EMPTIED, i, m->step_starts[k].state[i], 0.0, 0.0);
          return CS_ERROR_NUMERIC;
        }
    return CS_OK;
  }
  if (!(indices->lvesv_ml > 0.0) || !(indices->rvesv_ml > 0.0)) {
    int left = !(indices->lvesv_ml > 0.0);
    cs_set_error(error,
                 "the %s emptied during the beat (end-systolic volume %g ml): this circulation "
                 "cannot be simulated",
                 compartment_names[left ? LV : RV], left ? indices->lvesv_ml : indices->rvesv_ml);
    cs_set_failure(error, CS_FAILURE_EMPTIED, left ? LV : RV,
                   left ? indices->lvesv_ml : indices->rvesv_ml, 0.0, 0.0);
    return CS_ERROR_NUMERIC;
  }
  return CS_OK;
}

/* SVR and PVR in Wood units from the indices' means and CO (cs-indices.c). */
static void vascular_resistances(CsIndices *ix)
{
  ix->svr_wood = (ix->map_mmhg - ix->cvp_mmhg) / ix->co_l_min;
  ix->pvr_wood = (ix->mpap_mmhg - ix->mean_lap_mmhg) / ix->co_l_min;
}

/* The first step of a beat has no step before it to carry the length factors from: its stages
 * take them from their own states (three more evaluations of them a beat). Held there instead,
 * the first step's error weighed on dP/dtmin wherever the ventricle still relaxes as the beat
 * begins (0.6 % at 3 ms in `advanced-hf` with CRT at 104 bpm and a pump). */
static inline void stage_length_factors(const CsModel *m, const double *stage_state,
                                        WallActivation *a)
{
  double cl[CS_AHA_SEGMENTS], inv_f[CS_AHA_SEGMENTS];

  length_factors(m, stage_state + N_COMPARTMENTS, cl, inv_f);
  level_drive(m, cl, inv_f, a);
}

/* The later stages of one RK4 step of @h from @v, whose first stage @k1 and its evaluation @ev
 * the caller has: the leaflets move by their exact law for a constant pressure difference (stable
 * whatever the step: systolic pressures seal them within a few ms), as the midpoint rule would:
 * to the mid-step stages by the difference at the step's start, to the last stage and the step's
 * end from the start by the difference at mid-step. Moved once per step by the difference at its
 * start and held through it, they made the integration first-order in the step (stroke volume
 * 0.13 % off at 3 ms in `hfref-lbbb` paced at 129 bpm, where a late atrial kick meets leaflets
 * still open; 0.003 % since). The stages' segments are driven by @a_half and @a1 as the caller
 * set them (the length factors carried along the step), or, with @stage_factors, by the length
 * factors of each stage's own state (stage_length_factors). Advances @v and returns the step's
 * mitral regurgitant flow with RK4's weights (ml/s, the sum of the stages' times 1, 2, 2, 1), and
 * the same sums of the aortic and mitral flows in @flow_sums. */
CS_KERNEL static double rk4_later_stages(CsModel *m, double *v, const double *k1,
                                         const Evaluation *ev, double h, WallActivation *a_half,
                                         WallActivation *a1, int stage_factors,
                                         CsValveFlows *flow_sums)
{
  double k2[N_STATE], k3[N_STATE], k4[N_STATE], tmp[N_STATE];
  double gap_start[2], dp_half[2], regurgitant_ml_s;
  Evaluation scratch;

  memset(&scratch, 0, sizeof scratch);
  gap_start[0] = m->state.av_valve_gap[0];
  gap_start[1] = m->state.av_valve_gap[1];
  move_leaflets(&m->state.av_valve_gap[0], ev->p_la - ev->p_lv, 0.5 * h);
  move_leaflets(&m->state.av_valve_gap[1], ev->p_ra - ev->p_rv, 0.5 * h);
  for (int i = 0; i < N_STATE; i++)
    tmp[i] = v[i] + 0.5 * h * k1[i];
  /* The mitral regurgitation with the weights that move the volumes. */
  regurgitant_ml_s = ev->q_mitral_regurgitant;
  flow_sums->aortic_ml_s = ev->q_aortic;
  flow_sums->mitral_ml_s = ev->q_mitral;
  if (stage_factors)
    stage_length_factors(m, tmp, a_half);
  evaluate(m, tmp, a_half, k2, &scratch);
  regurgitant_ml_s += 2.0 * scratch.q_mitral_regurgitant;
  flow_sums->aortic_ml_s += 2.0 * scratch.q_aortic;
  flow_sums->mitral_ml_s += 2.0 * scratch.q_mitral;
  dp_half[0] = scratch.p_la - scratch.p_lv;
  dp_half[1] = scratch.p_ra - scratch.p_rv;
  for (int i = 0; i < N_STATE; i++)
    tmp[i] = v[i] + 0.5 * h * k2[i];
  if (stage_factors)
    stage_length_factors(m, tmp, a_half);
  evaluate(m, tmp, a_half, k3, &scratch);
  regurgitant_ml_s += 2.0 * scratch.q_mitral_regurgitant;
  flow_sums->aortic_ml_s += 2.0 * scratch.q_aortic;
  flow_sums->mitral_ml_s += 2.0 * scratch.q_mitral;
  for (int i = 0; i < N_STATE; i++)
    tmp[i] = v[i] + h * k3[i];
  m->state.av_valve_gap[0] = gap_start[0];
  m->state.av_valve_gap[1] = gap_start[1];
  move_leaflets(&m->state.av_valve_gap[0], dp_half[0], h);
  move_leaflets(&m->state.av_valve_gap[1], dp_half[1], h);
  if (stage_factors)
    stage_length_factors(m, tmp, a1);
  evaluate(m, tmp, a1, k4, &scratch);
  regurgitant_ml_s += scratch.q_mitral_regurgitant;
  flow_sums->aortic_ml_s += scratch.q_aortic;
  flow_sums->mitral_ml_s += scratch.q_mitral;
  for (int i = 0; i < N_STATE; i++)
    v[i] += h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
  return regurgitant_ml_s;
}

/* What a read between steps moves in the model and must put back: the AV leaflets' gaps and the
 * functional mitral orifice it reads with, and the septum's volume, where solve_septum starts its
 * next solve (the only state evaluate() writes). */
typedef struct {
  double av_valve_gap[2];
  double mitral_orifice_scale;
  double septal_volume_ml;
} ReadSavedState;

static void save_for_read(const CsModel *m, ReadSavedState *saved)
{
  saved->av_valve_gap[0] = m->state.av_valve_gap[0];
  saved->av_valve_gap[1] = m->state.av_valve_gap[1];
  saved->mitral_orifice_scale = m->state.mitral_orifice_scale;
  saved->septal_volume_ml = m->state.septal_volume_ml;
}

static void restore_after_read(CsModel *m, const ReadSavedState *saved)
{
  m->state.av_valve_gap[0] = saved->av_valve_gap[0];
  m->state.av_valve_gap[1] = saved->av_valve_gap[1];
  m->state.mitral_orifice_scale = saved->mitral_orifice_scale;
  m->state.septal_volume_ml = saved->septal_volume_ml;
}

/* The quantities between steps. The indices read the LV pressure between samples where it turns
 * fastest (dP/dt's extrema) and where filling ends (LVEDP, at the zero of the LV's filling), and
 * the arteries' pressures where their valves open (the diastolic pressures). A cubic through the
 * samples misses the corners the valves put in them, more so as the step grows, so the solver's
 * own solution is read there instead: the state by the cubic Hermite interpolant of the step's two
 * ends and their derivatives (RK4's continuous extension of third order, Hairer, Norsett & Wanner,
 * Solving ODEs I, 1993, section II.6), and the quantity evaluated from it with the step's
 * activation and leaflets. Within a step where a valve opens or closes that interpolant rounds the
 * corner (its error is of second order in the step: dP/dtmax up to 0.77 % off at 4 ms where the
 * aortic valve opens, in mitral regurgitation), so such a step is integrated again from its start
 * in REFINED_SUBSTEPS sub-steps, as the beat's first step is (rk4_later_stages with the length
 * factors at every stage), and read on the sub-steps' interpolant (so is a step that the mean
 * gradients' trace reads as CS_READ_*_FLOW_IN_SUBSTEPS, where a wave may peak between its
 * samples, rarely). The indices read in 1-4 such steps a beat (17 evaluations each) and make
 * 77-89 reads (one each) in the integrator test's cases: `hfref-lbbb` with dobutamine takes 943
 * evaluations a beat in all, 1157 at the 3 ms step before (a second reader's counts). The segments'
 * levels are states, interpolated with the rest; what drives them (level_drive, from the length
 * factors) moves only their derivative, which a read does not use, and is left at nothing there
 * (computed, it cost 2 % of a beat's instructions and changed no pressure). The sub-steps do not
 * end where the step did: the step's own end carries its error at the corner, and a read is
 * discontinuous there, by ~0.1 mmHg of LV or aortic pressure at the aortic valve's opening (a rise
 * of ~7 mmHg over that step in the normal twin). The golden-section searches of cs-indices.c take
 * their objective as unimodal; in the normal twin a scan at 0.002 of a sample found dP/dtmax at
 * most 0.016 % above theirs. Made continuous by spreading the jump over the sub-steps, the reading
 * was worse (dP/dtmax 0.37 % off in the normal twin, 0.52 % in LBBB paced at 130 bpm, against 0.10
 * and 0.02 %): the accuracy comes from not reading on the step's trajectory, so the jump stays.
 * Four sub-steps: with two, dP/dtmax was up to 0.23 % off in the test's cases, with eight 0.07 %,
 * where the state's own error (the LV's end-systolic volume 0.17 % with a pump) already sets the
 * worst index at four. Six refined steps are kept: the indices read in one to four distinct ones a
 * beat in the test's cases, and a step pushed out of the six is only integrated again if read again
 * (the same nodes, so the same reads). */
#define REFINED_SUBSTEPS   4
#define REFINED_STEPS_KEPT 6

typedef struct {
  size_t step; /* SIZE_MAX while empty */
  double state[REFINED_SUBSTEPS + 1][N_STATE];
  double derivative[REFINED_SUBSTEPS + 1][N_STATE];
  double av_valve_gap[REFINED_SUBSTEPS + 1][2]; /* at each sub-step's start */
} RefinedStep;

typedef struct {
  CsModel *model;
  size_t n_steps;
  double step_s;
  RefinedStep refined[REFINED_STEPS_KEPT];
  int next_slot;
} BeatReader;

static void beat_reader_init(BeatReader *r, CsModel *m, size_t n_steps, double step_s)
{
  r->model = m;
  r->n_steps = n_steps;
  r->step_s = step_s;
  r->next_slot = 0;
  for (int i = 0; i < REFINED_STEPS_KEPT; i++)
    r->refined[i].step = SIZE_MAX;
}

/* A valve opened or closed within step @k: one of the four flows changed between forward and
 * not forward from the step's start to its end (the next step's start; the last step's, the
 * beat's end, sampled after the beat's n samples). */
static int step_has_corner(const CsModel *m, size_t k)
{
  const CsSample *a = &m->samples[k], *b = &m->samples[k + 1];

  return (a->mitral_flow_ml_s > 0.0) != (b->mitral_flow_ml_s > 0.0) ||
         (a->aortic_flow_ml_s > 0.0) != (b->aortic_flow_ml_s > 0.0) ||
         (a->tricuspid_flow_ml_s > 0.0) != (b->tricuspid_flow_ml_s > 0.0) ||
         (a->pulmonary_flow_ml_s > 0.0) != (b->pulmonary_flow_ml_s > 0.0);
}

/* Step @k integrated again from its start in REFINED_SUBSTEPS sub-steps, the nodes kept in @r.
 * The model's leaflets, orifice and septum are left as they were. */
static void refine_step(const BeatReader *reader, size_t k, RefinedStep *r)
{
  CsModel *m = reader->model;
  const StepStart *from = &m->step_starts[k];
  const double hs = reader->step_s / REFINED_SUBSTEPS;
  const double t0 = m->beat_start_s + (double)k * reader->step_s;
  const double t_end =
      k + 1 == reader->n_steps ? m->beat_start_s + m->beat_period_s : t0 + reader->step_s;
  double y[N_STATE];
  WallActivation a0, a_half, a1;
  Evaluation ev;
  ReadSavedState saved;
  CsValveFlows unused_sums;

  save_for_read(m, &saved);
  memset(&ev, 0, sizeof ev);
  memcpy(y, from->state, sizeof y);
  m->state.av_valve_gap[0] = from->av_valve_gap[0];
  m->state.av_valve_gap[1] = from->av_valve_gap[1];
  m->state.mitral_orifice_scale = from->mitral_orifice_scale;
  activation_at(m, t0, &a0);
  for (int j = 0; j <= REFINED_SUBSTEPS; j++) {
    memcpy(r->state[j], y, sizeof y);
    r->av_valve_gap[j][0] = m->state.av_valve_gap[0];
    r->av_valve_gap[j][1] = m->state.av_valve_gap[1];
    stage_length_factors(m, y, &a0);
    evaluate(m, y, &a0, r->derivative[j], &ev);
    if (j == REFINED_SUBSTEPS)
      break;
    /* As integrate_beat's first step, in small. */
    activation_at(m, t0 + ((double)j + 0.5) * hs, &a_half);
    activation_at(m, j + 1 == REFINED_SUBSTEPS ? t_end : t0 + (double)(j + 1) * hs, &a1);
    rk4_later_stages(m, y, r->derivative[j], &ev, hs, &a_half, &a1, 1, &unused_sums);
    a0 = a1;
  }
  r->step = k;
  restore_after_read(m, &saved);
}

static double read_between_steps(void *data, CsReadQuantity which, double position)
{
  BeatReader *r = data;
  CsModel *m = r->model;
  int in_substeps =
      which == CS_READ_AORTIC_FLOW_IN_SUBSTEPS || which == CS_READ_MITRAL_FLOW_IN_SUBSTEPS;
  const double *y_from, *y_to, *dy_from, *dy_to, *gap_from;
  double theta, h = r->step_s, y[N_STATE], dy[N_STATE];
  double hermite_from, hermite_to, slope_from, slope_to;
  WallActivation a;
  Evaluation ev;
  ReadSavedState saved;
  size_t k;

  /* Within the beat (cs-indices.c wraps a periodic beat's reads into it); the last step ends at
   * the beat's end state. */
  if (!(position >= 0.0 && position < (double)r->n_steps))
    return NAN;
  k = (size_t)position;
  theta = position - (double)k;
  if (in_substeps || step_has_corner(m, k)) {
    RefinedStep *refined = NULL;
    double x = theta * REFINED_SUBSTEPS;
    size_t j = (size_t)x;
    for (int i = 0; i < REFINED_STEPS_KEPT && refined == NULL; i++)
      if (r->refined[i].step == k)
        refined = &r->refined[i];
    if (refined == NULL) {
      refined = &r->refined[r->next_slot];
      r->next_slot = (r->next_slot + 1) % REFINED_STEPS_KEPT;
      refine_step(r, k, refined);
    }
    if (j >= REFINED_SUBSTEPS)
      j = REFINED_SUBSTEPS - 1;
    theta = x - (double)j;
    h /= REFINED_SUBSTEPS;
    y_from = refined->state[j];
    y_to = refined->state[j + 1];
    dy_from = refined->derivative[j];
    dy_to = refined->derivative[j + 1];
    gap_from = refined->av_valve_gap[j];
  } else {
    const StepStart *from = &m->step_starts[k];
    const StepStart *to = &m->step_starts[k + 1];
    /* The end's derivative is the next step's first stage, which that step's leaflets and
     * length factors shaped, not this one's: an approximation. Evaluating it with this step's
     * instead (one more evaluation per read) moved dP/dt by at most 0.03 % and LVEDP by 0.004 %
     * in the integrator test's cases (a second reader). */
    y_from = from->state;
    y_to = to->state;
    dy_from = from->derivative;
    dy_to = to->derivative;
    gap_from = from->av_valve_gap;
  }
  hermite_from = (1.0 + 2.0 * theta) * (1.0 - theta) * (1.0 - theta);
  hermite_to = theta * theta * (3.0 - 2.0 * theta);
  slope_from = theta * (1.0 - theta) * (1.0 - theta) * h;
  slope_to = theta * theta * (theta - 1.0) * h;
  for (int i = 0; i < N_STATE; i++)
    y[i] = hermite_from * y_from[i] + hermite_to * y_to[i] + slope_from * dy_from[i] +
           slope_to * dy_to[i];
  memset(&ev, 0, sizeof ev);
  activation_at(m, m->beat_start_s + position * r->step_s, &a);
  memset(a.drive, 0, sizeof a.drive);
  memset(a.decay, 0, sizeof a.decay);
  save_for_read(m, &saved);
  /* Half the reads are of the LV pressure (dP/dt's windows), which the walls set alone: the
   * rest of an evaluation is nearly half of one (callgrind: 0.8 % of a beat's instructions). */
  if (which == CS_READ_LV_PRESSURE) {
    double p_lv = evaluate_lv_pressure(m, y, &a);
    restore_after_read(m, &saved);
    return p_lv;
  }
  m->state.av_valve_gap[0] = gap_from[0];
  m->state.av_valve_gap[1] = gap_from[1];
  m->state.mitral_orifice_scale = m->step_starts[k].mitral_orifice_scale;
  evaluate(m, y, &a, dy, &ev);
  restore_after_read(m, &saved);
  switch (which) {
  case CS_READ_AORTIC_PRESSURE:
    return ev.p_ao;
  case CS_READ_PULMONARY_ARTERY_PRESSURE:
    return ev.p_pa_root;
  case CS_READ_LV_FILLING:
    return ev.q_mitral - fmax(ev.q_aortic, 0.0) - ev.q_lvad;
  case CS_READ_AORTIC_FLOW:
  case CS_READ_AORTIC_FLOW_IN_SUBSTEPS:
    return ev.q_aortic;
  case CS_READ_MITRAL_FLOW:
  case CS_READ_MITRAL_FLOW_IN_SUBSTEPS:
    return ev.q_mitral;
  case CS_READ_LV_PRESSURE:
  default:
    return ev.p_lv;
  }
}

/* The length factors within a step. They are evaluated once per step, from the state at its
 * start (length_factors): held through the step, they made the integration first-order in the
 * step, whatever RK4's own order (the mid-step and end stages saw the segments' lengths of the
 * step's start), and the indices that depend on how the segments' activation follows their
 * lengths, dP/dtmin in a fast or relaxing heart first, moved with the step: 1.7 % off at 3 ms in
 * `hfref-lbbb` paced at 129 bpm, converging as h. Carried along the step by their change over the
 * last one (linear extrapolation: the factors at the mid-step and end stages off by O(h^2)), the
 * same case is 0.07 % off, for a few operations a segment. The first step of a beat has no step
 * before it in this beat (the beat map must not depend on the last beat's steps): its stages take
 * the factors from their own states (stage_length_factors). The gain is never carried below zero
 * (C_L at a segment's dead length, the table's floor); the inverse duration stays near 1. */
static inline void
carry_length_factors(const double cl[CS_AHA_SEGMENTS], const double inv_f[CS_AHA_SEGMENTS],
                     double last_cl[CS_AHA_SEGMENTS], double last_inv_f[CS_AHA_SEGMENTS],
                     double cl_half[CS_AHA_SEGMENTS], double inv_f_half[CS_AHA_SEGMENTS],
                     double cl_end[CS_AHA_SEGMENTS], double inv_f_end[CS_AHA_SEGMENTS])
{
  for (int s = 0; s < CS_AHA_SEGMENTS; s++) {
    double d_cl = cl[s] - last_cl[s], d_inv_f = inv_f[s] - last_inv_f[s];
    double half = cl[s] + 0.5 * d_cl, end = cl[s] + d_cl;
    cl_half[s] = half > 0.0 ? half : 0.0;
    cl_end[s] = end > 0.0 ? end : 0.0;
    inv_f_half[s] = inv_f[s] + 0.5 * d_inv_f;
    inv_f_end[s] = inv_f[s] + d_inv_f;
    last_cl[s] = cl[s];
    last_inv_f[s] = inv_f[s];
  }
}

/* How far (ml) each compartment's volume may end a beat from where it began for the beat to be
 * read as periodic: the steady-state search's default tolerance (cs_steady_state_options_default),
 * 0.02 % of a normal LVEDV and far below any imaging error. */
#define STEADY_VOLUME_TOLERANCE_ML 0.02
/* How far each LV segment's contractile state (its level C, 0 at rest to ~1 at full activation,
 * weighted by the segment's contractile fraction: a scar's moves no pressure) may end a beat from
 * where it began for the steady-state search to take the beat as steady (not the periodic read
 * above, which holds the volumes alone: see integrate_beat). The steady-state search's unknowns
 * are the volumes and the reflex's effectors; its extrapolations carry the levels along with them
 * only to first order (carry_segments), and plain beats not at all: at a fast rate, where the
 * segments are still relaxing as the next beat begins, the volumes can return within their
 * tolerance while the levels do not. A fitted heart (EF 65 %, EDV 142 ml) paced DDD at 130 bpm was
 * taken as settled on such a beat: its levels rose by 0.34 over it (one segment 0.87
 * -> 1.21), its LV pressure fell 6 mmHg across the jump the beat's ends then make, read as a
 * dP/dtmin of -3056 mmHg/s, and run on, the heart alternated (stroke volumes 95.5 and 97.6 ml) at
 * -2753 and -2779. A level 1e-3 off moves the pressure of a fully activated wall by ~0.1-0.2 mmHg
 * (Ees (V - Vd) of 100-200 mmHg), what the volume tolerance moves it by at an elastance of 5-10
 * mmHg/ml; the validation's 1,418 searches end with their levels within 1.1e-3 of where their last
 * beat began (39th session, measured). It does not follow a caller's tighter tolerances (the fit's
 * 0.002 ml): it catches a beat whose levels did not return at all; the volumes, which the levels
 * drive, set the precision. */
#define STEADY_LEVEL_TOLERANCE 1e-3

/* A paced heart whose sinus node beats at the device's lower rate sits on the boundary between
 * the two clocks: a beat within the steady state's tolerances there is no steady state when the
 * next one crosses it, paced where it was sensed or sensed where it was paced. A patient paced VVI
 * at 94 /min, his sinus node slowed by the reflex towards that rate over tens of beats (the
 * patients property, case 2783 of CT_PROPERTY_SEED=4429, forty-fourth session), was reported
 * steady on a sensed beat 0.0 ms from it, and the next beat was paced, its stroke volume 85.6 ml
 * where the steady beat's was 91.8: the clocks slide along the boundary, the device taking a beat
 * whenever the sinus node reaches the lower rate, and no beat repeats. Where the two periods of
 * a beat within the tolerances lie within this of each other, the beat after it is run, and the
 * steady state is the one that beat confirms (the same tolerances, the same timing: a switch is
 * a large change of state). Near a steady state the sinus period moves by hundredths of a ms a
 * beat, far below this margin, and the beat is run only there (the benchmarks' twins never). */
#define TIMING_BOUNDARY_S 1e-3

/* This beat's end leads into the next: its last windows' span, the two steps after the last
 * window it read, two more for the next beat's look at the window before its first, and the
 * cubic's nodes. Where the LV pressure moves there, on the solver's pressure (read_between_steps,
 * up to the beat's end state) every CS_LEAD_IN_SPACING_S or closer; where it moves at less than
 * LEAD_IN_QUIET_SHARE of this beat's dP/dt extrema, no window there holds an extremum of the
 * next, and the steps' samples serve (52 reads of the solver's pressure a beat at the 4 ms step,
 * 5 % of `hfref-lbbb`'s instructions a beat at rest, spared: callgrind, 300 beats). Called once the
 * beat has succeeded, with its @reader, its @n steps of @h, its LV's first activation @lv_onset_s
 * into it and what it carries over. */
static void store_lead_in(CsModel *m, BeatReader *reader, size_t n, double h, double lv_onset_s,
                          const CsDpdtCarry *carry, const double *v)
{
  LeadInStore *out = m->lead_in;
  double spacing_s = h / ceil(h / CS_LEAD_IN_SPACING_S - 1e-9);
  size_t count = (size_t)ceil((2.0 * CS_DPDT_HALF_WINDOW_S + 4.0 * h) / spacing_s - 1e-9) + 4;
  size_t coarse = (size_t)ceil((2.0 * CS_DPDT_HALF_WINDOW_S + 4.0 * h) / h - 1e-9) + 4;
  double quiet_mmhg_s = LEAD_IN_QUIET_SHARE *
                        fmin(fabs(m->indices.dpdt_max_mmhg_s), fabs(m->indices.dpdt_min_mmhg_s));
  int moving = 0;

  for (size_t k = n > coarse ? n - coarse : 1; k < n && !moving; k++)
    moving = fabs(m->samples[k].lv_pressure_mmhg - m->samples[k - 1].lv_pressure_mmhg) >
                 quiet_mmhg_s * h ||
             !(quiet_mmhg_s > 0.0);
  if (!moving) {
    spacing_s = h;
    count = coarse;
  }
  out->count = 0;
  if (count > LEAD_IN_CAPACITY || !((double)count * spacing_s < m->beat_period_s))
    return;
  for (size_t j = 0; j < count; j++)
    out->lv_pressure_mmhg[j] =
        moving ? read_between_steps(reader, CS_READ_LV_PRESSURE,
                                    (double)n - (double)(count - j) * spacing_s / h)
               : m->samples[n - count + j].lv_pressure_mmhg;
  out->count = count;
  out->step_s = spacing_s;
  out->handoff_s = 2.0 * h;
  out->onset_s = lv_onset_s - m->beat_period_s;
  out->carried = *carry;
  memcpy(out->end_state, v, sizeof out->end_state);
}

/* One beat integrated with steps of at most @max_step_s. */
CS_KERNEL static CsStatus integrate_beat(CsModel *m, double max_step_s, CsError *error)
{
  CsStatus status;
  size_t n;
  double h, t, v[N_STATE];
  double systemic_ml = 0.0, lvad_ml = 0.0;
  WallActivation a0, a_half, a1;
  double cl[CS_AHA_SEGMENTS], inv_f[CS_AHA_SEGMENTS], last_cl[CS_AHA_SEGMENTS],
      last_inv_f[CS_AHA_SEGMENTS], cl_half[CS_AHA_SEGMENTS], inv_f_half[CS_AHA_SEGMENTS],
      cl_end[CS_AHA_SEGMENTS], inv_f_end[CS_AHA_SEGMENTS];
  double withheld_ml = 0.0;
  double lv_activation_s = INFINITY, mitral_regurgitant_ml = 0.0;
  double last_lv_ml = 0.0, last_lv_slope_ml_s = 0.0; /* at the last step's start */
  double lv_onset_s = 0.0;
  BeatReader reader;
  CsDpdtCarry carry;

  status = schedule_beat(m, error);
  if (status != CS_OK)
    return status;

  n = (size_t)ceil(m->beat_period_s / max_step_s - 1e-9);
  /* n steps, and the end's state as the last step's end (read_between_steps). */
  if (n + 1 > m->sample_capacity) {
    m->n_samples = 0;
    status = reserve_samples(m, n + 1, error);
    if (status != CS_OK)
      return status;
  }
  h = m->beat_period_s / (double)n;
  memcpy(v, m->state.volume_ml, sizeof m->state.volume_ml);
  memcpy(v + N_COMPARTMENTS, m->state.ce_ml, sizeof m->state.ce_ml);
  memcpy(v + N_COMPARTMENTS + CS_AHA_SEGMENTS, m->state.level, sizeof m->state.level);
  t = m->beat_start_s;
  activation_at(m, t, &a0);
  /* The activation of the LV's earliest segment in this beat (schedule_beat activates every
   * segment in every beat). */
  for (int s = 0; s < CS_AHA_SEGMENTS; s++)
    lv_activation_s = fmin(lv_activation_s, m->state.next_activation[s].at_s);

  for (size_t k = 0; k < n; k++) {
    double k1[N_STATE];
    Evaluation ev;
    CsValveFlows flow_sums;

    memset(&ev, 0, sizeof ev);
    /* The functional mitral orifice (functional_mitral_scale) follows the LV's largest volume
     * since its last activation: reset at each activation to the volume there, then the largest
     * since, held through the systole and carried across the beat's start (in the state), so that
     * a systole that runs into the next beat at a long PR and a fast rate keeps its orifice and a
     * presystolic leak has the last systole's. The largest volume is a continuous function of the
     * beat's start, where an orifice set at an event is not: set at the first end of the mitral
     * inflow after the activation (the thirty-sixth session's rule), a weak ventricle paced DDD
     * at 121 /min with an AV delay of 43 ms, whose inflow paused for a step as it began to
     * contract and went on for 100 ms, had its orifice closed at the pause's 331 ml in one beat
     * and open at the end of filling's 361 ml in the next, and its steady-state search ran out
     * its 400 beats (a patient of the property tests, seed 20261128, case 2238); set again where
     * the inflow resumed, another patient (a pump at 3000 rpm and CRT) took turns in a cycle of
     * three beats (case 270). Taken from the volume of the moment before the activation instead,
     * it shut in the middle of a systole that ran into the next beat (a second reader's case: PR
     * 350 ms at ~90 /min, regurgitant volume 35.5 -> 22.0 ml). The volume at the activation and
     * the largest between two step starts are read on the parabola through the last step's
     * volume and slope and this one's volume: taken at the step starts alone, the pumped weak
     * ventricle of tests/test-engine.c had its regurgitant volume 0.9 % from its 0.05 ms reference
     * at 4 ms (3.04 ml against 3.01, a pump drawing the volume down from a peak before the
     * activation). */
    if (m->params.mitral_functional_reference_edv_ml > 0.0) {
      double largest_ml = v[LV];
      double curvature_ml = v[LV] - last_lv_ml - last_lv_slope_ml_s * h;
      int activated = t >= lv_activation_s && (k == 0 || t - h < lv_activation_s);
      double scale;

      if (activated && k > 0) {
        double at = (lv_activation_s - (t - h)) / h;
        largest_ml =
            fmax(largest_ml, last_lv_ml + at * (last_lv_slope_ml_s * h + at * curvature_ml));
      }
      if (k > 0 && last_lv_slope_ml_s > 0.0 && curvature_ml < 0.0) {
        double peak = -last_lv_slope_ml_s * h / (2.0 * curvature_ml); /* in steps from the last */
        if (peak < 1.0 && (!activated || t - (1.0 - peak) * h >= lv_activation_s))
          largest_ml = fmax(largest_ml, last_lv_ml + 0.5 * last_lv_slope_ml_s * h * peak);
      }
      /* The scale is non-decreasing in the volume: its largest is the largest volume's. */
      scale = functional_mitral_scale(m, largest_ml);
      m->state.mitral_orifice_scale =
          activated ? scale : fmax(m->state.mitral_orifice_scale, scale);
    }
    length_factors(m, v + N_COMPARTMENTS, cl, inv_f);
    if (k == 0) {
      memcpy(last_cl, cl, sizeof last_cl);
      memcpy(last_inv_f, inv_f, sizeof last_inv_f);
    }
    carry_length_factors(cl, inv_f, last_cl, last_inv_f, cl_half, inv_f_half, cl_end, inv_f_end);
    level_drive(m, cl, inv_f, &a0);
    activation_at(m, t + 0.5 * h, &a_half);
    level_drive(m, cl_half, inv_f_half, &a_half);
    /* The step's end is evaluated from the same absolute time as the next
     * step's start, so activation is computed once per point. */
    activation_at(m, k + 1 == n ? m->beat_start_s + m->beat_period_s : t + h, &a1);
    level_drive(m, cl_end, inv_f_end, &a1);

    evaluate(m, v, &a0, k1, &ev);
    record_sample(m, k, t, v, &ev);
    {
      StepStart *start = &m->step_starts[k];
      memcpy(start->state, v, sizeof start->state);
      memcpy(start->derivative, k1, sizeof start->derivative);
      start->av_valve_gap[0] = m->state.av_valve_gap[0];
      start->av_valve_gap[1] = m->state.av_valve_gap[1];
      start->mitral_orifice_scale = m->state.mitral_orifice_scale;
    }
    last_lv_ml = v[LV];
    last_lv_slope_ml_s = k1[LV];
    mitral_regurgitant_ml +=
        h / 6.0 * rk4_later_stages(m, v, k1, &ev, h, &a_half, &a1, k == 0, &flow_sums);
    m->valve_flows[k].aortic_ml_s = flow_sums.aortic_ml_s / 6.0;
    m->valve_flows[k].mitral_ml_s = flow_sums.mitral_ml_s / 6.0;

    /* Flow through the systemic bed and the pump over the step, with the
     * same weights, so CO is consistent with the volumes. */
    systemic_ml += ev.q_systemic * h;
    lvad_ml += ev.q_lvad * h;
    withheld_ml += ev.q_lvad_withheld * h;
    t = m->beat_start_s + (double)(k + 1) * h;
    a0 = a1;
  }
  /* The end, as the last step's end node for the reader (read_between_steps): its state, and
   * its derivative evaluated there as this beat's (the next beat's first stage is the next
   * beat's, its leaflets and length factors moved on). */
  {
    StepStart *end = &m->step_starts[n];
    ReadSavedState saved;
    Evaluation ev;

    memset(&ev, 0, sizeof ev);
    save_for_read(m, &saved);
    memcpy(end->state, v, sizeof end->state);
    stage_length_factors(m, v, &a0);
    evaluate(m, v, &a0, end->derivative, &ev);
    record_sample(m, n, m->beat_start_s + m->beat_period_s, v, &ev);
    end->av_valve_gap[0] = m->state.av_valve_gap[0];
    end->av_valve_gap[1] = m->state.av_valve_gap[1];
    end->mitral_orifice_scale = m->state.mitral_orifice_scale;
    restore_after_read(m, &saved);
  }

  memcpy(m->state.volume_ml, v, sizeof m->state.volume_ml);
  memcpy(m->state.ce_ml, v + N_COMPARTMENTS, sizeof m->state.ce_ml);
  memcpy(m->state.level, v + N_COMPARTMENTS + CS_AHA_SEGMENTS, sizeof m->state.level);
  m->state.time_s = m->beat_start_s + m->beat_period_s;
  m->n_samples = n;
  m->suction = withheld_ml > LVAD_SUCTION_EVENT_ML;

  status = check_state(m, error);
  if (status == CS_OK)
    status = check_beat_volumes(m, n, NULL, error);
  if (status != CS_OK)
    return status;

  beat_reader_init(&reader, m, n, h);
  {
    double lv_activation = -INFINITY, lv_onset = INFINITY;
    /* The beat ended where it began, each compartment within the steady-state search's default
     * tolerance (cs_steady_state_options_default): its indices may read it as one period of the
     * circulation (dP/dt across its start, cs-indices.c). The segments' levels are left out:
     * held to STEADY_LEVEL_TOLERANCE here too, the beat after a steady state, whose levels moved a
     * little more, was read within its ends, its dP/dtmin up to 10 % from the steady beat's (the
     * property tests' patients); the search's test holds them (below). */
    int periodic = 1;
    const LeadInStore *before = m->lead_in;
    CsLeadIn lead_in = {0,
                        before->step_s,
                        before->handoff_s,
                        before->onset_s,
                        before->lv_pressure_mmhg,
                        before->carried};
    for (int i = 0; i < N_COMPARTMENTS; i++)
      periodic &= fabs(v[i] - m->step_starts[0].state[i]) < STEADY_VOLUME_TOLERANCE_ML;
    /* The beat before led here: it ended on this beat's first state, to the bit. */
    if (before->count > 0 &&
        memcmp(before->end_state, m->step_starts[0].state, sizeof before->end_state) == 0)
      lead_in.count = before->count;
    for (int s = 0; s < CS_AHA_SEGMENTS; s++) {
      lv_activation = fmax(lv_activation, m->pattern.segment_ms[s]);
      lv_onset = fmin(lv_onset, m->pattern.segment_ms[s]);
    }
    lv_activation -= m->pattern.qrs_onset_ms;
    lv_onset_s = lv_onset * 1e-3;
    /* The valves' flows the mean gradients read, from the steps' means (cs-indices.c). */
    cs_indices_trace_flows(m->samples, n, periodic, m->valve_flows,
                           m->valve_flows + m->sample_capacity);
    cs_indices_compute(
        m->samples, n, m->beat_period_s, systemic_ml, lvad_ml, lv_activation, lv_onset * 1e-3,
        total_volume(v), mitral_regurgitant_ml, m->params.aortic.effective_orifice_area_cm2,
        m->params.mitral.effective_orifice_area_cm2, periodic, &lead_in, &carry,
        m->valve_flows + m->sample_capacity, read_between_steps, &reader, &m->indices);
    m->indices.mitral_eroa_cm2 =
        m->params.mitral.regurgitant_orifice_area_cm2 * m->state.mitral_orifice_scale;
    vascular_resistances(&m->indices);
  }
  status = check_beat_volumes(m, n, &m->indices, error);
  if (status != CS_OK)
    return status;
  for (size_t i = 0; i < cs_index_count(); i++)
    if (!isfinite(cs_indices_get(&m->indices, i))) {
      cs_set_error(error, "the simulated %s is not a finite number", cs_index_name(i));
      cs_set_failure(error, CS_FAILURE_INDEX_NOT_FINITE, (int)i, 0.0, 0.0, 0.0);
      return CS_ERROR_NUMERIC;
    }
  store_lead_in(m, &reader, n, h, lv_onset_s, &carry, v);

  update_baroreflex(m, m->indices.map_mmhg, m->indices.cvp_mmhg, m->beat_period_s);
  return CS_OK;
}

/* Explicit RK4 is stable while |h lambda| < 2.8 for the stiffest mode lambda (Hairer & Wanner,
 * Solving ODEs II, 1996, section IV.2). In a normal heart that mode (a chamber's passive
 * elastance over its valve's resistance) is several ms (see the top of this file), but inside the
 * parameter ranges a wall can be steep high on its EDPVR while a valve's resistance is small, and
 * the 4 ms step then oscillates, empties a compartment on paper or overflows to NaN. So a beat that
 * leaves the physiological domain is integrated again from its start with the step halved, down
 * to a sixteenth, 0.25 ms at the 4 ms step (and never under MIN_HALVED_STEP_S: the samples of a
 * beat grow as the step shrinks): only if the finest step fails too is the circulation refused. The
 * finer step that worked is kept for the beats after (until the therapy or the state is set again),
 * so that a model near the stability limit is one smooth beat map rather than alternating beats of
 * two steps, which the steady-state search cannot converge on. A model that never needed a finer
 * step is the same, bit for bit, as without this. */
#define MAX_STEP_HALVINGS 4
#define MIN_HALVED_STEP_S 0.05e-3

/* A beat is all or nothing: one that fails leaves the model as it was before it (state, timing,
 * indices, flags), its waveform empty (the samples buffer was overwritten), so that no NaN of a
 * failed beat can be read from the model afterwards. */
/* The model as @before was, keeping the sample buffers it has now (a beat may have moved them). */
static void restore_model(CsModel *m, const CsModel *before)
{
  CsSample *samples = m->samples;
  StepStart *step_starts = m->step_starts;
  CsValveFlows *valve_flows = m->valve_flows;
  size_t capacity = m->sample_capacity;

  *m = *before;
  m->samples = samples;
  m->step_starts = step_starts;
  m->valve_flows = valve_flows;
  m->sample_capacity = capacity;
}

/* cs_model_run_beat's beat, which the steady-state search runs without closing itself. */
static CsStatus run_beat(CsModel *m, CsError *error)
{
  CsModel before;
  CsStatus status;

  m->out_of_memory = 0;
  before = *m;
  status = integrate_beat(m, ldexp(m->max_step_s, -m->step_halvings), error);

  while (status == CS_ERROR_NUMERIC && !m->out_of_memory && m->step_halvings < MAX_STEP_HALVINGS &&
         ldexp(m->max_step_s, -(m->step_halvings + 1)) >= MIN_HALVED_STEP_S) {
    int halvings = m->step_halvings + 1;

    restore_model(m, &before);
    m->step_halvings = halvings;
    status = integrate_beat(m, ldexp(m->max_step_s, -halvings), error);
  }
  if (status != CS_OK) {
    restore_model(m, &before);
    m->n_samples = 0;
    return status;
  }
  /* A failed try's message is no longer true. */
  if (error != NULL)
    error->message[0] = '\0';
  m->cycle.beats = 1;
  m->cycle.sv_least_ml = m->cycle.sv_most_ml = m->indices.sv_ml;
  m->cycle.mixed_timing = 0;
  return CS_OK;
}

/* Whatever moves the model outside a steady-state search ends that search: a later call begins
 * afresh from where the model then is. */
static void close_search(CsModel *m)
{
  m->search->open = 0;
}

CsStatus cs_model_run_beat(CsModel *m, CsError *error)
{
  close_search(m);
  return run_beat(m, error);
}

/* ----------------------------------------------------- life and therapy */

static void apply_params(CsModel *m)
{
  const CsParams *p = &m->params;
  double wall_weight[2] = {0.0, 0.0};

  /* A chronic transmural scar is akinetic (contractile fraction 1 -
   * transmurality) and stiffer than resting myocardium (Holmes et al. 2005,
   * Annu Rev Biomed Eng 7:223): its passive law is scaled by
   * scar_stiffness_ratio with transmurality. */
  for (int s = 0; s < CS_AHA_SEGMENTS; s++) {
    double scar = p->scar_transmurality[s];
    wall_weight[cs_segment_is_septal(s)] += cs_segment_mass_fraction(s);
    m->segment_contractile[s] = 1.0 - scar;
    m->segment_passive[s] = 1.0 + scar * (p->scar_stiffness_ratio - 1.0);
  }
  /* The chain: all 17 segments in series around the LV (one-fibre LV,
   * Arts 2005), weighted by mass. The septal segments' mass-weighted mean
   * activation also drives Smith's septal deflection. */
  m->n_septal_segments = 0;
  for (int s = 0; s < CS_AHA_SEGMENTS; s++) {
    int septal = cs_segment_is_septal(s);
    m->segment_weight[s] = cs_segment_mass_fraction(s);
    m->septal_weight[s] = septal ? cs_segment_mass_fraction(s) / wall_weight[1] : 0.0;
    if (septal)
      m->septal_segments[m->n_septal_segments++] = s;
  }
  {
    double contracting = 0.0;
    for (int s = 0; s < CS_AHA_SEGMENTS; s++)
      contracting += m->segment_weight[s] * m->segment_contractile[s];
    /* A wall without contracting myocardium has no activation to scale:
     * its mean is the whole wall's. */
    for (int s = 0; s < CS_AHA_SEGMENTS; s++)
      m->contracting_weight[s] =
          contracting > 1e-9 ? m->segment_weight[s] * m->segment_contractile[s] / contracting
                             : m->segment_weight[s];
  }

  /* Sarcomere constants of CircAdapt (Lumens et al. 2009, Ann Biomed Eng
   * 37:2234, Table 1): series elastic length Lse,iso 0.04 um, maximal CE
   * velocity vmax 7 um/s (sarcomere_max_velocity_um_s), reference sarcomere
   * length 2.0 um. Volume and fibre strain: dV / Vm = 3 dLs / Ls with Vm
   * the cavity plus a third of the wall volume (Arts et al. 2005, Am J
   * Physiol 288:H1943, one-fibre model). Vm of the LV free wall: the
   * twin's end-diastolic cavity as a prolate ellipsoid, pi/6 D^2 L, plus
   * 50 ml (a third of a ~150 ml LV wall, Maceira et al. 2006, JCMR 8:417).
   * The septum's "volume" in Smith's model is its deflection; its reference
   * is scaled by Smith's free wall to septum elastance ratio (3.0 /
   * 48.754), so that the same pressure strains both walls' fibres alike. */
  {
    double d_cm = 0.1 * p->lv_end_diastolic_diameter_mm, l_cm = 0.1 * p->lv_long_axis_mm;
    double vm_free_wall = CS_PI / 6.0 * d_cm * d_cm * l_cm + 50.0;
    double se_strain = 3.0 * 0.04 / 2.0;
    m->series_elastic_ml = se_strain * vm_free_wall;
    m->ce_time_constant_s = 0.04 / p->sarcomere_max_velocity_um_s;
    {
      /* Fibre length: Ls = LS_ECHO_EDV_UM at the twin's echo end-diastolic
       * volume (prolate ellipsoid), dLs / Ls = dV / (3 Vm) (Arts 2005), the
       * CE 2 % (Lse,iso / Ls) shorter; all 17 segments share the mapping,
       * septal segments included (one-fibre LV). */
      double v_ed = CS_PI / 6.0 * d_cm * d_cm * l_cm;
      double lsc_ref = LSC_REF_UM;
      m->lsc_gain_um_ml = LS_ECHO_EDV_UM / (3.0 * vm_free_wall);
      m->lsc_offset_um =
          LS_ECHO_EDV_UM * (1.0 + (p->lv_free_wall.dead_volume_ml - v_ed) / (3.0 * vm_free_wall));
      for (int k = 0; k <= LSC_TABLE_SIZE; k++) {
        double lsc = LSC_TABLE_MIN + k * ((LSC_TABLE_MAX - LSC_TABLE_MIN) / LSC_TABLE_SIZE);
        double lt = lsc < LSC0_UM ? LSC0_UM : lsc;
        m->length_table[k][0] = length_contractility(lsc);
        m->length_table[k][1] = (0.29 + 0.3 * lsc_ref) / (0.29 + 0.3 * lt);
      }
    }
  }
}

/* Negative lusitropy slows relaxation. The segment twitch is integrated on
 * a table that spans its whole course only while the relaxation exponent
 * (27.4, Mynard 2012) stays above 18 (cs-internal.h): drugs may slow
 * relaxation to 0.66 of normal, not further. */
#define MIN_RELAXATION_FACTOR (18.0 / 27.4)

static CsStatus check_drug_effects(const CsDrugEffects *effects, CsError *error)
{
  if (effects->factor[CS_EFFECT_RELAXATION] < MIN_RELAXATION_FACTOR) {
    cs_set_error(
        error, "the drugs slow relaxation to %.0f %% of normal; the engine models down to %.0f %%",
        100.0 * effects->factor[CS_EFFECT_RELAXATION], 100.0 * MIN_RELAXATION_FACTOR);
    cs_set_failure(error, CS_FAILURE_RELAXATION_TOO_SLOW, -1,
                   100.0 * effects->factor[CS_EFFECT_RELAXATION], 100.0 * MIN_RELAXATION_FACTOR,
                   0.0);
    return CS_ERROR_INVALID_PARAMETER;
  }
  return CS_OK;
}

/* The ventricular segment twitch (double Hill): half risen
 * VENTRICLE_TWITCH_RISE_S after the segment's activation at the twin's
 * resting rate, with steepness VENTRICLE_TWITCH_RISE_STEEPNESS, and half
 * relaxed VENTRICLE_TWITCH_RELAX_S after it at 60 bpm, its relaxation
 * shortening with the rate as electromechanical systole does
 * (twitch_scale_for_rate). Mynard et al. 2012 (Int J Numer Method Biomed
 * Eng 28:626) give the whole chamber's twitch (tau1 0.269 s, m1 1.32, m2
 * 27.4); a segment's own rises later and faster than their sum
 * (electromechanical delay ~20-40 ms and a steep rise of force: Wyman et al.
 * 1999, Am J Physiol 276:H881, tagged MRI of paced dog hearts). The three
 * constants time systole as the systolic time intervals of normal men at
 * rest (Weissler et al. 1968, Circulation 37:149: pre-ejection period 131 -
 * 0.4 HR ms, SD ~13, LV ejection time 413 - 1.7 HR ms, SD ~10;
 * tests/ct-validation.c) with a dP/dtmax in the invasive normal range
 * (Mason et al. 1971, Circulation 44:47: 1100-2000 mmHg/s). Earlier or
 * steeper rises put dP/dtmax above that range and RV apical pacing's fall of
 * it further beyond its reference (docs/validation.md). The
 * earlier constants (0.16 s, 4.5, 0.42 s) opened the aortic valve ~40 ms
 * late and closed it ~80 ms early: the same stroke volume in three quarters
 * of the time.
 *
 * The rise does not follow the rate as the relaxation does. Of the 2.1 ms
 * per bpm by which QS2 shortens across people, 1.7 are ejection time and
 * 0.4 the pre-ejection period (Weissler 1968), and raising the rate by
 * atrial pacing alone does not shorten the pre-ejection period at all (10
 * normal subjects paced over 60-140 bpm, Mertens et al. 1981, Clin Cardiol
 * 4:22; it shortened with exercise). A rise scaled with QS2 made dP/dtmax
 * climb with the rate by itself (+8.5 % at +45 bpm in the dilated heart with
 * no force-frequency gain, where Feldman 1988's patients showed no rise).
 * Nor does it quicken with the force-frequency gain, which scales the
 * twitch's force alone (force_frequency_factor; until the twenty-second
 * session the rise sped up as the gain's fourth root, a calibration with no
 * measurement of its own, which held the gain to what left the normal
 * twin's EF falling 6.5 points at 130 bpm). The RV free wall's chamber
 * twitch (cs_twitch_lookup) still scales with the rate as a whole. */
#define VENTRICLE_TWITCH_RISE_S         0.135
#define VENTRICLE_TWITCH_RISE_STEEPNESS 3.25
#define VENTRICLE_TWITCH_RELAX_S        0.50

static void apply_therapy(CsModel *m)
{
  double m_relax;

  cs_therapy_drug_effects(&m->therapy, &m->params, &m->drugs);
  /* Lusitropy steepens relaxation: the ventricular double-Hill relaxation
   * exponent (Mynard 2012: 27.4) scales with the effect. */
  m_relax = 27.4 * m->drugs.factor[CS_EFFECT_RELAXATION];
  /* Atria: Mynard 2012 Table 1, per 1 s cycle (tau1 0.110, tau2 0.180,
   * m1 1.32, m2 13.1). Ventricles: see VENTRICLE_TWITCH_RISE_S. */
  cs_twitch_table_fill(&m->ventricle_twitch, VENTRICLE_TWITCH_RISE_S, VENTRICLE_TWITCH_RELAX_S,
                       VENTRICLE_TWITCH_RISE_STEEPNESS, m_relax);
  cs_segment_twitch_fill(&m->segment_twitch, VENTRICLE_TWITCH_RISE_S, VENTRICLE_TWITCH_RELAX_S,
                         VENTRICLE_TWITCH_RISE_STEEPNESS, m_relax);
  /* (u / tau2)^m2 < 1e-12: relaxation has not begun. */
  m->relaxation_onset_u = VENTRICLE_TWITCH_RELAX_S * pow(1e-12, 1.0 / m_relax);
  cs_twitch_table_fill(&m->atrial_twitch, 0.110, 0.180, 1.32, 13.1);
}

/* The volume at which a wall's passive limb alone reaches @pressure_mmhg: Smith's EDPVR
 * inverted, V0 + ln(1 + P / P0) / lambda (infinite for a wall without passive pressure). */
static double passive_volume_ml(double scale_mmhg, double stiffness_per_ml, double zero_volume_ml,
                                double pressure_mmhg)
{
  if (scale_mmhg <= 0.0)
    return INFINITY;
  return zero_volume_ml + log1p(pressure_mmhg / scale_mmhg) / stiffness_per_ml;
}

/* No wall starts at a passive pressure above what any heart chamber holds (left ventricular
 * systolic pressure reaches ~250 mmHg in severe aortic stenosis; diastolic pressures are a tenth
 * of that): a very stiff wall inside its range would otherwise start at thousands of mmHg, or
 * 1e40, where the first step's flows leave every physiological scale and the integration
 * diverges. Every first guess that already was a circulation (the demo twins among them) stays as
 * it was. No chamber starts below 5 ml. */
#define INITIAL_MAX_PRESSURE_MMHG 250.0
#define INITIAL_MIN_CHAMBER_ML    5.0

static double chamber_first_guess(const CsWall *w, double guess_ml)
{
  double cap = passive_volume_ml(w->edpvr_scale_mmhg, w->edpvr_stiffness_per_ml,
                                 w->edpvr_zero_volume_ml, INITIAL_MAX_PRESSURE_MMHG);
  return fmax(fmin(guess_ml, cap), INITIAL_MIN_CHAMBER_ML);
}

/* First guess of the volumes (the steady-state search corrects it): atria at
 * 50 ml above unstressed, vessels at typical pressures (MAP 90, mean PA 18,
 * pulmonary veins 12 mmHg), the LV at its echo volume and the RV a tenth
 * larger (CMR: RVEDV ~1.1 LVEDV, Maceira 2006), each chamber and the
 * pericardium no fuller than the pressure cap above allows; the systemic veins
 * hold the rest, so the total is exact from the start. When the rest would
 * leave the veins below their unstressed volume (a small blood volume for
 * large vessels, which cs_params_validate() allows down to 300 ml of stressed
 * volume), every volume above unstressed outside the veins shrinks by the same
 * factor until the veins are just at theirs: a circulation at low pressures,
 * which the beats then settle. */
static void initial_state(CsModel *m)
{
  const CsParams *p = &m->params;
  double *v = m->state.volume_ml;
  double unstressed[N_COMPARTMENTS] = {0};
  double ventricles, pericardium_cap, rest, stressed = 0.0;

  v[LA] = chamber_first_guess(&p->left_atrium, p->left_atrium.edpvr_zero_volume_ml + 50.0);
  /* LV: the twin's end-diastolic volume as a prolate ellipsoid of its
   * diameter and long axis (pi/6 D^2 L), as echocardiography estimates it. */
  v[LV] = chamber_first_guess(&p->lv_free_wall,
                              CS_PI / 6.0 * 0.01 * p->lv_end_diastolic_diameter_mm *
                                  p->lv_end_diastolic_diameter_mm * 0.1 * p->lv_long_axis_mm);
  v[RA] = chamber_first_guess(&p->right_atrium, p->right_atrium.edpvr_zero_volume_ml + 50.0);
  v[RV] = chamber_first_guess(&p->rv_free_wall, v[LV] * 1.1);
  ventricles = v[LV] + v[RV];
  pericardium_cap = passive_volume_ml(p->pericardium_scale_mmhg, p->pericardium_stiffness_per_ml,
                                      p->pericardium_zero_volume_ml, INITIAL_MAX_PRESSURE_MMHG);
  if (ventricles > pericardium_cap) {
    double shrink = fmax(pericardium_cap, 2.0 * INITIAL_MIN_CHAMBER_ML) / ventricles;
    v[LV] = fmax(v[LV] * shrink, INITIAL_MIN_CHAMBER_ML);
    v[RV] = fmax(v[RV] * shrink, INITIAL_MIN_CHAMBER_ML);
  }
  /* The chambers' floors for the shrink below: their zero-pressure volume (under which the atria's
   * collapse law acts) and never under INITIAL_MIN_CHAMBER_ML, or what they hold if less. */
  unstressed[LA] = fmin(v[LA], fmax(p->left_atrium.edpvr_zero_volume_ml, INITIAL_MIN_CHAMBER_ML));
  unstressed[RA] = fmin(v[RA], fmax(p->right_atrium.edpvr_zero_volume_ml, INITIAL_MIN_CHAMBER_ML));
  unstressed[LV] = fmin(v[LV], fmax(p->lv_free_wall.edpvr_zero_volume_ml, INITIAL_MIN_CHAMBER_ML));
  unstressed[RV] = fmin(v[RV], fmax(p->rv_free_wall.edpvr_zero_volume_ml, INITIAL_MIN_CHAMBER_ML));
  unstressed[SA] = p->systemic_arterial_unstressed_volume_ml;
  unstressed[PA] = p->pulmonary_arterial_unstressed_volume_ml;
  unstressed[PV] = p->pulmonary_venous_unstressed_volume_ml;
  v[SA] = unstressed[SA] + 90.0 * p->systemic_arterial_compliance_ml_mmhg;
  v[PA] = unstressed[PA] + 18.0 * p->pulmonary_arterial_compliance_ml_mmhg;
  v[PV] = unstressed[PV] + 12.0 * p->pulmonary_venous_compliance_ml_mmhg;
  rest = p->total_blood_volume_ml + m->state.drug_volume_change_ml;
  for (int i = 0; i < N_COMPARTMENTS; i++)
    if (i != SV) {
      rest -= v[i];
      stressed += v[i] - unstressed[i];
    }
  if (rest < p->systemic_venous_unstressed_volume_ml && stressed > 0.0) {
    /* What there is for the stressed volumes outside the veins. When it is not even positive
     * (a diuretic took more than the stressed volume), nothing is scaled: cs_model_new() refuses
     * veins left at half their unstressed volume or less. */
    double available = stressed - (p->systemic_venous_unstressed_volume_ml - rest);
    if (available > 0.0) {
      double shrink = available / stressed;
      rest = p->total_blood_volume_ml + m->state.drug_volume_change_ml;
      for (int i = 0; i < N_COMPARTMENTS; i++)
        if (i != SV) {
          v[i] = unstressed[i] + (v[i] - unstressed[i]) * shrink;
          rest -= v[i];
        }
    }
  }
  v[SV] = rest;
  /* Segments at rest: CE at the wall's length less the series element. */
  for (int s = 0; s < CS_AHA_SEGMENTS; s++) {
    m->state.ce_ml[s] = v[LV] - p->lv_free_wall.dead_volume_ml - m->series_elastic_ml;
  }
}

/* The sample buffer holds one beat. It is sized for a 2 s cycle (30 bpm,
 * the lowest rate the parameters allow) and grown, outside the step loop,
 * if drugs or the reflex slow the heart further. Reallocating forgets the
 * last beat's samples. */
static CsStatus reserve_samples(CsModel *m, size_t capacity, CsError *error)
{
  CsSample *samples;
  StepStart *step_starts;
  CsValveFlows *valve_flows = NULL;

  if (capacity <= m->sample_capacity)
    return CS_OK;
  samples = realloc(m->samples, capacity * sizeof *samples);
  if (samples != NULL)
    m->samples = samples;
  step_starts = samples != NULL ? realloc(m->step_starts, capacity * sizeof *step_starts) : NULL;
  if (step_starts != NULL) {
    m->step_starts = step_starts;
    valve_flows = realloc(m->valve_flows, 2 * capacity * sizeof *valve_flows);
  }
  if (valve_flows == NULL) {
    /* Not the integration's fault: a finer step would only ask for more. */
    m->out_of_memory = 1;
    cs_set_error(error, "out of memory for one beat of %zu samples", capacity);
    cs_set_failure(error, CS_FAILURE_OUT_OF_MEMORY, -1, 0.0, 0.0, 0.0);
    return CS_ERROR_NUMERIC;
  }
  m->valve_flows = valve_flows;
  m->sample_capacity = capacity;
  return CS_OK;
}

/* A step the buffers cannot be had for is refused and leaves the step as it was. */
static CsStatus allocate_samples(CsModel *m, double step_s, CsError *error)
{
  CsStatus status;

  m->n_samples = 0;
  status = reserve_samples(m, (size_t)ceil(2.0 / step_s) + 2, error);
  if (status == CS_OK)
    m->max_step_s = step_s;
  return status;
}

/* A new therapy or state ends the steady-state search under way and starts its back-off afresh.
 */
static void reset_extrapolation(CsModel *m)
{
  close_search(m);
  m->extrapolation.failures = 0;
  m->extrapolation.failed = 0;
  m->extrapolation.plain_since_failure = 0;
  m->extrapolation.least_excess = HUGE_VAL;
  m->extrapolation.beats_since_least = 0;
  m->extrapolation.volume_tolerance_ml = 0.0;
  m->extrapolation.effector_tolerance = 0.0;
}

/* The back-off counts a failed or stalled extrapolation: plain iteration for a while or for good,
 * and, when extrapolation resumes, a smallest residual sought afresh. */
static void count_failed_extrapolation(ExtrapolationBackOff *back_off)
{
  back_off->failed = 1;
  back_off->failures++;
  back_off->plain_since_failure = 0;
  back_off->least_excess = HUGE_VAL;
  back_off->beats_since_least = 0;
}

CsModel *cs_model_new(const CsParams *params, const CsTherapy *therapy, CsError *error)
{
  CsModel *m;

  if (cs_params_validate(params, error) != CS_OK || cs_therapy_validate(therapy, error) != CS_OK)
    return NULL;

  m = calloc(1, sizeof *m);
  if (m == NULL) {
    cs_set_error(error, "out of memory");
    cs_set_failure(error, CS_FAILURE_OUT_OF_MEMORY, -1, 0.0, 0.0, 0.0);
    return NULL;
  }
  m->params = *params;
  m->therapy = *therapy;
  m->mitral_law = valve_law(&params->mitral, 0.0, 0.0);
  m->aortic_law = valve_law(&params->aortic, params->systemic_characteristic_impedance_mmhg_s_ml,
                            GREAT_ARTERY_AREA_CM2);
  m->tricuspid_law = valve_law(&params->tricuspid, 0.0, 0.0);
  m->pulmonary_law =
      valve_law(&params->pulmonary, params->pulmonary_characteristic_impedance_mmhg_s_ml,
                GREAT_ARTERY_AREA_CM2);
  m->lead_in = calloc(1, sizeof *m->lead_in);
  m->search = calloc(1, sizeof *m->search);
  if (m->lead_in == NULL || m->search == NULL) {
    free(m->lead_in);
    free(m->search);
    free(m);
    cs_set_error(error, "out of memory");
    cs_set_failure(error, CS_FAILURE_OUT_OF_MEMORY, -1, 0.0, 0.0, 0.0);
    return NULL;
  }
  reset_extrapolation(m);
  apply_params(m);
  apply_therapy(m);
  if (check_drug_effects(&m->drugs, error) != CS_OK) {
    cs_model_free(m);
    return NULL;
  }
  m->state.drug_volume_change_ml = m->drugs.blood_volume_change_ml;
  for (int i = 0; i < N_EFFECTORS; i++)
    m->state.effector[i] = 1.0;
  /* Long relaxed walls until the first beat schedules theirs. */
  for (int j = 0; j < CS_ACT_COUNT; j++)
    m->state.last_activation[j] = m->state.next_activation[j] =
        (Activation){.at_s = -1e3,
                     .inv_scale_per_s = 1.0,
                     .force = 1.0,
                     .reflex_contractility = 1.0,
                     .inv_peak = 1.0};
  /* The model starts in diastole: both inflow valves open. */
  m->state.av_valve_gap[0] = m->state.av_valve_gap[1] = 1.0;
  initial_state(m);
  m->state.mitral_orifice_scale = functional_mitral_scale(m, m->state.volume_ml[LV]);
  if (m->state.volume_ml[SV] <= params->systemic_venous_unstressed_volume_ml * 0.5) {
    if (m->state.drug_volume_change_ml < 0.0) {
      cs_set_error(error,
                   "the diuretic dose would take %.0f ml of the %.0f ml of blood: too much for "
                   "this circulation",
                   -m->state.drug_volume_change_ml, params->total_blood_volume_ml);
      cs_set_failure(error, CS_FAILURE_DIURETIC_TOO_MUCH, -1, -m->state.drug_volume_change_ml,
                     params->total_blood_volume_ml, 0.0);
    } else {
      cs_set_error(error, "total_blood_volume_ml %g is too small for this circulation",
                   params->total_blood_volume_ml);
      cs_set_failure(error, CS_FAILURE_BLOOD_VOLUME_TOO_SMALL, -1, params->total_blood_volume_ml,
                     0.0, 0.0);
    }
    cs_model_free(m);
    return NULL;
  }
  if (allocate_samples(m, CS_DEFAULT_MAX_TIME_STEP_MS * 1e-3, error) != CS_OK) {
    cs_model_free(m);
    return NULL;
  }
  return m;
}

void cs_model_free(CsModel *m)
{
  if (m == NULL)
    return;
  free(m->samples);
  free(m->step_starts);
  free(m->valve_flows);
  free(m->lead_in);
  free(m->search);
  free(m);
}

CsStatus cs_model_set_therapy(CsModel *m, const CsTherapy *therapy, CsError *error)
{
  CsDrugEffects effects;
  double change;

  if (cs_therapy_validate(therapy, error) != CS_OK)
    return CS_ERROR_INVALID_PARAMETER;
  /* Check everything before changing anything: a refused therapy leaves the
   * model as it was. A diuretic's volume change is taken from (or a
   * reversal returned to) the systemic veins, the body's blood reservoir. */
  cs_therapy_drug_effects(therapy, &m->params, &effects);
  if (check_drug_effects(&effects, error) != CS_OK)
    return CS_ERROR_INVALID_PARAMETER;
  change = effects.blood_volume_change_ml - m->state.drug_volume_change_ml;
  if (m->state.volume_ml[SV] + change <= 0.0) {
    /* What this change would take on top of the dose already given, against what is there. */
    cs_set_error(error,
                 "the diuretic dose would take %.0f ml more blood, more than the %.0f ml the veins "
                 "hold",
                 -change, m->state.volume_ml[SV]);
    cs_set_failure(error, CS_FAILURE_DIURETIC_EMPTIES_VEINS, -1, -change, m->state.volume_ml[SV],
                   0.0);
    return CS_ERROR_INVALID_PARAMETER;
  }
  m->therapy = *therapy;
  m->timing_switched = 0;
  reset_extrapolation(m);
  m->step_halvings = 0;
  /* The walls' twitch tables (a drug's relaxation) and the blood volume change at once, while the
   * twitches running keep their beat's force (Activation): the next beat does not continue this
   * one and is read within its ends. */
  m->lead_in->count = 0;
  apply_therapy(m);
  m->state.volume_ml[SV] += change;
  m->state.drug_volume_change_ml = m->drugs.blood_volume_change_ml;
  if (!therapy->baroreflex_enabled) {
    for (int i = 0; i < N_EFFECTORS; i++)
      m->state.effector[i] = 1.0;
    /* As cs_model_restore_state does: the reflex switched off takes its contractility from the
     * twitches already running too. */
    set_running_reflex_contractility(m);
  }
  return CS_OK;
}

CsStatus cs_model_set_max_time_step_ms(CsModel *m, double step_ms, CsError *error)
{
  if (!isfinite(step_ms) || step_ms < 0.01 || step_ms > 5.0) {
    cs_set_error(error, "time step %g ms is outside 0.01-5 ms", step_ms);
    return CS_ERROR_INVALID_PARAMETER;
  }
  close_search(m);
  return allocate_samples(m, step_ms * 1e-3, error);
}

const CsIndices *cs_model_indices(const CsModel *m)
{
  return &m->indices;
}

void cs_model_cycle(const CsModel *m, CsCycle *cycle)
{
  *cycle = m->cycle;
}

int cs_model_lvad_suction(const CsModel *m)
{
  return m->suction;
}

int cs_model_ventricular_pacing(const CsModel *m)
{
  return m->ventricular_paced;
}

int cs_model_atrial_pacing(const CsModel *m)
{
  return m->atrial_paced;
}

double cs_model_qrs_onset_ms(const CsModel *m)
{
  return m->pattern.qrs_onset_ms;
}

size_t cs_model_waveform(const CsModel *m, CsSample *samples, size_t max)
{
  size_t n = m->n_samples < max ? m->n_samples : max;
  if (samples != NULL && n > 0)
    memcpy(samples, m->samples, n * sizeof *samples);
  return m->n_samples;
}

void cs_model_segment_activation_ms(const CsModel *m, double activation_ms[CS_AHA_SEGMENTS])
{
  for (int s = 0; s < CS_AHA_SEGMENTS; s++)
    activation_ms[s] = m->pattern.segment_ms[s] - m->pattern.qrs_onset_ms;
}

/* ------------------------------------------------------- steady state */

size_t cs_model_state_size(void)
{
  return sizeof(State);
}

void cs_model_save_state(const CsModel *m, void *state)
{
  memcpy(state, &m->state, sizeof m->state);
}

CsStatus cs_model_restore_state(CsModel *m, const void *state, CsError *error)
{
  State s;
  const double *all = (const double *)(const void *)&s;
  int valid = 1;

  memcpy(&s, state, sizeof s);
  for (size_t i = 0; i < sizeof s / sizeof(double); i++)
    valid &= isfinite(all[i]);
  for (int i = 0; i < N_COMPARTMENTS; i++)
    valid &= s.volume_ml[i] > 0.0;
  for (int i = 0; i < N_EFFECTORS; i++)
    valid &= s.effector[i] > 0.0;
  for (int i = 0; i < CS_AHA_SEGMENTS; i++)
    valid &= s.level[i] >= 0.0;
  for (int i = 0; i < 2; i++)
    valid &= s.av_valve_gap[i] >= 0.0 && s.av_valve_gap[i] <= 1.0;
  valid &= s.mitral_orifice_scale >= 0.0 && s.mitral_orifice_scale <= FUNCTIONAL_MR_MAX_SCALE;
  for (int j = 0; j < CS_ACT_COUNT; j++) {
    const Activation *both[2] = {&s.last_activation[j], &s.next_activation[j]};
    for (int k = 0; k < 2; k++)
      valid &= both[k]->inv_scale_per_s > 0.0 && both[k]->force > 0.0 &&
               both[k]->reflex_contractility > 0.0 && both[k]->inv_peak > 0.0;
  }
  if (!valid) {
    cs_set_error(error, "saved state is not a valid circulation");
    return CS_ERROR_INVALID_PARAMETER;
  }
  m->state = s;
  /* A state saved by a twin whose orifice is fixed has no use for a scale, and one saved by a
   * twin with a functional orifice is carried over by this one as it stood. */
  if (m->params.mitral_functional_reference_edv_ml <= 0.0)
    m->state.mitral_orifice_scale = 1.0;
  /* The saved state may come from another therapy: reconcile the volume a
   * diuretic took with the current one. */
  m->state.volume_ml[SV] += m->drugs.blood_volume_change_ml - s.drug_volume_change_ml;
  m->state.drug_volume_change_ml = m->drugs.blood_volume_change_ml;
  if (!m->therapy.baroreflex_enabled) {
    for (int i = 0; i < N_EFFECTORS; i++)
      m->state.effector[i] = 1.0;
    set_running_reflex_contractility(m);
  }
  m->timing_switched = 0;
  reset_extrapolation(m);
  m->step_halvings = 0;
  m->lead_in->count = 0;
  return CS_OK;
}

unsigned long long cs_model_state_hash(const CsModel *m)
{
  const unsigned char *bytes = (const unsigned char *)&m->state;
  uint64_t hash = 1469598103934665603ULL;

  /* State is all doubles: no padding bytes enter the hash. */
  for (size_t i = 0; i < sizeof m->state; i++) {
    hash ^= bytes[i];
    hash *= 1099511628211ULL;
  }
  return hash;
}

/* The reflex's effectors, as a failure to settle names them (the CsError's English). */
static const char *const effector_names[N_EFFECTORS] = {
    "reflex's heart period",
    "reflex's contractility",
    "reflex's arterial resistance",
    "reflex's venous capacity",
};

/* CsUnsettled is the beat-to-beat map's unknowns in pack()'s order. */
_Static_assert((int)CS_COMPARTMENT_LEFT_ATRIUM == (int)LA &&
                   (int)CS_COMPARTMENT_LEFT_VENTRICLE == (int)LV &&
                   (int)CS_COMPARTMENT_SYSTEMIC_ARTERIES == (int)SA &&
                   (int)CS_COMPARTMENT_SYSTEMIC_VEINS == (int)SV &&
                   (int)CS_COMPARTMENT_RIGHT_ATRIUM == (int)RA &&
                   (int)CS_COMPARTMENT_RIGHT_VENTRICLE == (int)RV &&
                   (int)CS_COMPARTMENT_PULMONARY_ARTERIES == (int)PA &&
                   (int)CS_COMPARTMENT_PULMONARY_VEINS == (int)PV &&
                   (int)CS_COMPARTMENT_COUNT == (int)N_COMPARTMENTS,
               "CsCompartment is the engine's order of the compartments");
_Static_assert((int)CS_UNSETTLED_LEFT_ATRIUM == (int)LA &&
                   (int)CS_UNSETTLED_PULMONARY_VEINS == (int)PV &&
                   (int)CS_UNSETTLED_HEART_PERIOD == (int)N_COMPARTMENTS + (int)EFF_PERIOD &&
                   (int)CS_UNSETTLED_VENOUS_CAPACITY ==
                       (int)N_COMPARTMENTS + (int)EFF_VENOUS_CAPACITY &&
                   (int)CS_UNSETTLED_LV_ACTIVATION == (int)N_UNKNOWNS,
               "CsUnsettled follows the compartments, then the effectors, then the segments");

/* Whether the LV pressure changes across the last beat's start at more than a quarter of its
 * dP/dtmax or dP/dtmin (the slope over the step on each side): where an extremum of dP/dt may lie
 * across the start, not in diastole or diastasis. On the four demo twins at rest and under DDD,
 * CRT and AAI at 90-130 /min (24 runs, thirty-ninth session) that share was 0.01-0.17 in 10 runs,
 * 0.21-0.26 in 3 and 0.36-1.0 in 11, where the relaxation or the contraction crossed the beat's
 * start (the failing twins' relaxation at rest among them). A quarter, our bound, errs towards
 * running the beat after. */
#define MOVING_AT_START_SHARE 0.25

static int pressure_moves_at_start(const CsModel *m)
{
  size_t n = m->n_samples;
  double slope;

  if (n < 3)
    return 0;
  slope = (m->samples[1].lv_pressure_mmhg - m->samples[n - 1].lv_pressure_mmhg) /
          (2.0 * m->beat_period_s / (double)n);
  return slope > MOVING_AT_START_SHARE * m->indices.dpdt_max_mmhg_s ||
         slope < MOVING_AT_START_SHARE * m->indices.dpdt_min_mmhg_s;
}

/* The LV pressure above the LA's at a beat's start by more than this: the ventricle's own pressure
 * holds the mitral valve shut, in contraction, ejection or isovolumic relaxation, not in filling.
 * The valve is resistive, so while blood flows in the LV's pressure stays below the LA's (at most
 * 0.00 mmHg above it over the four demo twins' beats at rest and paced AAI 110 and 140, CRT 100
 * and DDD 130 /min, forty-sixth session). At those beats' starts it lay 4.3 below to 1.8 mmHg
 * above the LA's in diastole, 22-107 above where the LV was contracting: 5 mmHg, our bound, lies
 * between the two. */
#define ACTIVE_AT_START_MMHG 5.0

/* Whether the last beat began while the LV was contracting or relaxing (ACTIVE_AT_START_MMHG): its
 * first part then carries the contraction before it. A patient of the property tests (seed 5, case
 * 481: sinus rhythm at 136 /min on dobutamine 20 and milrinone 0.67 mcg/kg/min, the reflex on)
 * began each beat with its LV at 77 mmHg, still ejecting, its pressure falling at 6 % of dP/dtmin
 * (pressure_moves_at_start's quarter not reached), and the relaxation's steepest fall came early
 * in the beat: the steady beat, begun where an extrapolation put it, read dP/dtmin -3404.7 mmHg/s,
 * its beats after -3441 to -3446 (at 1 ms all -3434). */
static int ventricle_active_at_start(const CsModel *m)
{
  return m->n_samples > 0 &&
         m->samples[0].lv_pressure_mmhg - m->samples[0].la_pressure_mmhg > ACTIVE_AT_START_MMHG;
}

/* Fills the result's unsettled members with unknown @i of the beat-to-beat map (pack()), moved by
 * @change in the last beat run, and says the same in @error's English. */
static void describe_unsettled(CsSteadyStateResult *result, const CsSteadyStateOptions *options,
                               int i, double change, CsError *error)
{
  result->unsettled = i < 0 ? CS_UNSETTLED_NONE : (CsUnsettled)i;
  result->unsettled_change = fabs(change);
  result->unsettled_tolerance = i < N_COMPARTMENTS ? options->volume_tolerance_ml
                                : i < N_UNKNOWNS   ? options->effector_tolerance
                                                   : STEADY_LEVEL_TOLERANCE;
  if (i < 0)
    cs_set_error(error, "no periodic steady state within %d beats", options->max_beats);
  else if (i < N_COMPARTMENTS)
    cs_set_error(error,
                 "no periodic steady state within %d beats: the last beat still moved the volume "
                 "of the %s by %.3g ml (a steady state moves it less than %g ml)",
                 options->max_beats, compartment_names[i], fabs(change),
                 options->volume_tolerance_ml);
  else if (i < N_UNKNOWNS)
    cs_set_error(error,
                 "no periodic steady state within %d beats: the last beat still moved the %s by "
                 "%.2g %% (a steady state moves it less than %g %%)",
                 options->max_beats, effector_names[i - N_COMPARTMENTS], 100.0 * fabs(change),
                 100.0 * options->effector_tolerance);
  else
    cs_set_error(error,
                 "no periodic steady state within %d beats: the last beat still moved the "
                 "activation of an LV segment by %.2g %% of its full activation (a steady state "
                 "moves it less than %g %%)",
                 options->max_beats, 100.0 * fabs(change), 100.0 * STEADY_LEVEL_TOLERANCE);
  cs_set_failure(error, CS_FAILURE_NOT_CONVERGED, -1, options->max_beats, 0.0, 0.0);
}

void cs_steady_state_options_default(CsSteadyStateOptions *o)
{
  /* Slow oscillations of the reflex take up to ~600 beats ("Slow oscillations", below). */
  o->max_beats = 1000;
  /* 1e-4 of an effector is 0.007 bpm at 70 bpm. */
  o->volume_tolerance_ml = STEADY_VOLUME_TOLERANCE_ML;
  o->effector_tolerance = 1e-4;
  o->accelerate = 1;
}

static void pack(const CsModel *m, double *x)
{
  memcpy(x, m->state.volume_ml, sizeof m->state.volume_ml);
  memcpy(x + N_COMPARTMENTS, m->state.effector, sizeof m->state.effector);
}

/* Weights that make a volume residual in ml and an effector residual
 * comparable for the least-squares step: 1e-4 effector ~ 0.02 ml. */
#define EFFECTOR_WEIGHT 200.0

static void unpack(CsModel *m, const double *x)
{
  double target = m->params.total_blood_volume_ml + m->state.drug_volume_change_ml;

  memcpy(m->state.volume_ml, x, sizeof m->state.volume_ml);
  memcpy(m->state.effector, x + N_COMPARTMENTS, sizeof m->state.effector);
  /* Anderson steps are affine combinations of states with the same total;
   * return the rounding to the venous reservoir so the total stays exact. */
  m->state.volume_ml[SV] += target - total_volume(m->state.volume_ml);
  /* The ventricles' twitches the last beat run left running take the reflex's contractility as
   * it is set here, as the beat's own will (Activation); their timing stays their beat's. Kept
   * at the beat run's, a patient's steady beat, whose relaxation of the contraction before ran
   * 76 ms into it, read dP/dtmin 0.7 % from the beats after it (-1925.5 against -1939.2 mmHg/s;
   * the property tests' patients, seed 5, case 2710). */
  set_running_reflex_contractility(m);
  /* The state is no longer where the last beat ended. */
  m->lead_in->count = 0;
}

/* Solves the small least-squares problem min |f - dF gamma| by normal
 * equations with Tikhonov damping (m <= 5 columns). */
static int least_squares(int rows, int cols, double dF[][N_UNKNOWNS], const double *f,
                         double *gamma)
{
  double a[ANDERSON_DEPTH][ANDERSON_DEPTH], b[ANDERSON_DEPTH];
  double scale = 0.0;

  for (int i = 0; i < cols; i++) {
    for (int j = 0; j < cols; j++) {
      double s = 0.0;
      for (int r = 0; r < rows; r++)
        s += dF[i][r] * dF[j][r];
      a[i][j] = s;
    }
    scale = fmax(scale, a[i][i]);
    b[i] = 0.0;
    for (int r = 0; r < rows; r++)
      b[i] += dF[i][r] * f[r];
  }
  if (scale <= 0.0)
    return 0;
  for (int i = 0; i < cols; i++)
    a[i][i] += 1e-10 * scale;
  /* Cholesky. */
  for (int i = 0; i < cols; i++) {
    for (int j = 0; j <= i; j++) {
      double s = a[i][j];
      for (int k = 0; k < j; k++)
        s -= a[i][k] * a[j][k];
      if (i == j) {
        if (s <= 0.0)
          return 0;
        a[i][i] = sqrt(s);
      } else {
        a[i][j] = s / a[j][j];
      }
    }
  }
  for (int i = 0; i < cols; i++) {
    double s = b[i];
    for (int k = 0; k < i; k++)
      s -= a[i][k] * gamma[k];
    gamma[i] = s / a[i][i];
  }
  for (int i = cols - 1; i >= 0; i--) {
    double s = gamma[i];
    for (int k = i + 1; k < cols; k++)
      s -= a[k][i] * gamma[k];
    gamma[i] = s / a[i][i];
  }
  return 1;
}

/* The learned beat map. Anderson's secants estimate the map's Jacobian from the search's own
 * iterates, so each search spends its first beats learning what the last one knew: after a dose
 * or pacing change of a twin at its steady state, 12-20 beats, the slow modes (blood shifting
 * between the systemic veins and the lungs, the reflex's venous effector) taking most of them.
 * Those modes belong to the circulation more than to the therapy, so a Jacobian J learned once by
 * finite differences at a steady state (cs_model_learn_beat_map) serves later searches as a
 * preconditioner: Anderson's mixing step g becomes the Newton step (I - J)^-1 g (preconditioned
 * Anderson, as in Walker & Ni 2011, section 1, with a matrix for the mixing parameter). From the
 * CRT search's common start its candidates take 2.5 beats instead of 5.7, and land nearer the
 * fixed point (dP/dtmax within 0.017 points, median 0.001, of a 1e-5 ml search, where the chain of
 * warm starts was up to 0.14 off); the bench's 15 changes take 98 beats instead of 192 in all (its
 * pump and reflex changes, which the map learned at rest does not serve, as many as without). A
 * map serves the therapies with the reflex and the pump on or off as where it was learned (a
 * second reader found maps learned with the reflex off, or under a pump, no help elsewhere), and
 * may still be wrong far from where it was learned: a step of it is kept only when its beat runs
 * as the ones before it did (no failure, no finer step, no switch of timing) and meets the
 * tolerances or at least halves the residual's norm (BEAT_MAP_LEAST_GAIN); otherwise it is undone
 * and the search goes on by Anderson's steps alone. After a switch of pacing timing the map is left
 * too: the beat map is not smooth where beats switch. */

/* The beat map's directions: a volume moved from the systemic veins into another compartment
 * (the total is fixed), or one reflex effector, in the search's weighted units. */
static void beat_map_direction(int j, double b[N_UNKNOWNS])
{
  memset(b, 0, sizeof(double) * N_UNKNOWNS);
  if (j < N_COMPARTMENTS - 1) {
    b[j < SV ? j : j + 1] = 1.0;
    b[SV] = -1.0;
  } else {
    b[N_COMPARTMENTS + j - (N_COMPARTMENTS - 1)] = 1.0;
  }
}

/* Finite-difference steps of the learned map: 1 ml, fifty times the search's tolerance, moves the
 * circulation far enough for the map's noise (its valve events fall on the step's grid) to be
 * small and little enough for it to stay linear (a second reader: the columns change by <= 0.2 %
 * between this step and a quarter of it, the heart period's by 8 %); 1e-3 of an effector (0.2
 * weighted) likewise. */
#define BEAT_MAP_VOLUME_STEP_ML 1.0
#define BEAT_MAP_EFFECTOR_STEP  (1e-3 * EFFECTOR_WEIGHT)

static void pack_weighted(const CsModel *m, double *x)
{
  pack(m, x);
  for (int i = N_COMPARTMENTS; i < N_UNKNOWNS; i++)
    x[i] *= EFFECTOR_WEIGHT;
}

CsStatus cs_model_learn_beat_map(CsModel *m, int *learned, CsError *error)
{
  CsModel before = *m;
  int n = N_COMPARTMENTS - 1 + (m->therapy.baroreflex_enabled ? N_EFFECTORS : 0);
  int usable = 1, copy_device_timed[N_UNKNOWNS];
  double x[N_UNKNOWNS], base[N_UNKNOWNS], b[N_UNKNOWNS], moved[N_UNKNOWNS];
  double columns[N_UNKNOWNS][N_UNKNOWNS], factor[N_UNKNOWNS][N_UNKNOWNS];
  double scale = 0.0;
  CsStatus status;

  *learned = 0;
  pack_weighted(m, x);
  /* The copies first, each from the model as it was and on its step; the map is a finite
   * difference only where every beat took the same step and timing as the beat from the state
   * itself (a finer step or a paced beat among sensed ones is no smooth change of the map). */
  for (int j = 0; j < n && usable; j++) {
    double h = j < N_COMPARTMENTS - 1 ? BEAT_MAP_VOLUME_STEP_ML : BEAT_MAP_EFFECTOR_STEP;
    double shifted[N_UNKNOWNS];
    CsError copy_error = {{0}};

    restore_model(m, &before);
    beat_map_direction(j, b);
    for (int i = 0; i < N_UNKNOWNS; i++)
      shifted[i] = (x[i] + h * b[i]) / (i < N_COMPARTMENTS ? 1.0 : EFFECTOR_WEIGHT);
    unpack(m, shifted);
    if (cs_model_run_beat(m, &copy_error) != CS_OK || m->step_halvings != before.step_halvings) {
      usable = 0;
      break;
    }
    copy_device_timed[j] = m->device_timed;
    pack_weighted(m, moved);
    for (int i = 0; i < N_UNKNOWNS; i++)
      columns[j][i] = h * b[i] - moved[i]; /* the base beat's part comes below */
  }
  /* The beat from the state as it was, last, so that the model is left as after that one beat
   * (or, should it fail, as cs_model_run_beat leaves a model whose beat failed), its map as it
   * was until a new one is learned. */
  restore_model(m, &before);
  status = cs_model_run_beat(m, error);
  if (status != CS_OK || !usable || m->step_halvings != before.step_halvings)
    return status;
  pack_weighted(m, base);
  for (int j = 0; j < n; j++) {
    double h = j < N_COMPARTMENTS - 1 ? BEAT_MAP_VOLUME_STEP_ML : BEAT_MAP_EFFECTOR_STEP;
    if (copy_device_timed[j] != m->device_timed)
      return CS_OK;
    for (int i = 0; i < N_UNKNOWNS; i++)
      columns[j][i] = (columns[j][i] + base[i]) / h;
  }
  /* Normal matrix of the columns and its Cholesky factor, damped by a relative 1e-12 (as
   * least_squares is by 1e-10) so that a map with a direction it barely moves still factorizes. */
  for (int r = 0; r < n; r++)
    for (int c = 0; c <= r; c++) {
      double sum = 0.0;
      for (int i = 0; i < N_UNKNOWNS; i++)
        sum += columns[r][i] * columns[c][i];
      factor[r][c] = sum;
      if (r == c)
        scale = fmax(scale, sum);
    }
  for (int r = 0; r < n; r++)
    factor[r][r] += 1e-12 * scale;
  for (int r = 0; r < n; r++)
    for (int c = 0; c <= r; c++) {
      double sum = factor[r][c];
      for (int k = 0; k < c; k++)
        sum -= factor[r][k] * factor[c][k];
      if (r == c) {
        if (!(sum > 0.0))
          return CS_OK; /* a map the search cannot use: nothing learned */
        factor[r][r] = sqrt(sum);
      } else {
        factor[r][c] = sum / factor[c][c];
      }
    }
  memcpy(m->beat_map_columns, columns, sizeof columns);
  memcpy(m->beat_map_factor, factor, sizeof factor);
  m->beat_map_directions = n;
  m->beat_map_lvad = m->therapy.lvad_enabled != 0;
  *learned = 1;
  return CS_OK;
}

/* The learned map's step for a residual r (weighted units): the d in the span of its directions
 * with (I - J) d closest to r, J the map's Jacobian, i.e. the Newton step d = (I - J)^-1 r. */
static void beat_map_step(const CsModel *m, const double *r, double *d)
{
  int n = m->beat_map_directions;
  double c[N_UNKNOWNS], b[N_UNKNOWNS];

  for (int a = 0; a < n; a++) {
    double sum = 0.0;
    for (int i = 0; i < N_UNKNOWNS; i++)
      sum += m->beat_map_columns[a][i] * r[i];
    for (int k = 0; k < a; k++)
      sum -= m->beat_map_factor[a][k] * c[k];
    c[a] = sum / m->beat_map_factor[a][a];
  }
  for (int a = n - 1; a >= 0; a--) {
    double sum = c[a];
    for (int k = a + 1; k < n; k++)
      sum -= m->beat_map_factor[k][a] * c[k];
    c[a] = sum / m->beat_map_factor[a][a];
  }
  memset(d, 0, sizeof(double) * N_UNKNOWNS);
  for (int a = 0; a < n; a++) {
    beat_map_direction(a, b);
    for (int i = 0; i < N_UNKNOWNS; i++)
      d[i] += c[a] * b[i];
  }
}

int cs_model_beat_map_serves(const CsModel *m)
{
  return m->beat_map_directions > 0 &&
         (m->beat_map_directions > N_COMPARTMENTS - 1) == (m->therapy.baroreflex_enabled != 0) &&
         m->beat_map_lvad == (m->therapy.lvad_enabled != 0);
}

static void pack_segments(const CsModel *m, double *segments)
{
  memcpy(segments, m->state.ce_ml, sizeof m->state.ce_ml);
  memcpy(segments + CS_AHA_SEGMENTS, m->state.level, sizeof m->state.level);
}

/* The LV segments' states (pack_segments) for a state the search extrapolates to (@next, in the
 * model's units; @x and @g the last beat's start and change, weighted, as the history is).
 *
 * The unknowns are the volumes and the effectors. The segments' contractile element (CE) lengths
 * and activation levels are not among them (the CE lengths follow the chain's within 5.7 ms, the
 * levels their activation, and a beat forgets both), yet they set the LV's pressure where a beat
 * starts with the LV contracting or relaxing: the series element is stiff (a fully active
 * segment's pressure moves by Ees L / delta, ~25 mmHg per ml between its length and its CE's in a
 * normal-sized wall, delta 6 % of the wall's volume), so volumes moved by an extrapolation under
 * CE lengths left where the last beat ended start the beat off the heart's path. Two patients of
 * the property tests (regression/contracting-at-start): one in LBBB paced AAI at 169 /min, ejecting
 * across the beat's start, began his reported beat with an LV pressure ~35 mmHg above the next
 * beats' through ejection and read a MAP of 218.0 mmHg where the heart settled at 214.7; one in
 * LV-only CRT at 164 /min, in isovolumic contraction at the start, read a dP/dtmax of 550.6 mmHg/s
 * where the beats after read 570.4 (with the CE lengths carried and the levels not, 573.3; with
 * both, 570.5).
 *
 * Each beat in the history ended in a state of the heart's, volumes and segments together; so the
 * segments go with the extrapolated volumes as they went with the beats' ends. Anderson's
 * extrapolation is the last beat's end less the combination gamma of the history's differences of
 * beat ends (the least squares' coefficients), and the segments take the same combination: for a
 * map that is affine, the pair is the end of the beat from the same combination of starts, a
 * state of the heart's. The learned map's step is not such a combination; its segments take the
 * combination of the history's beat ends nearest the step (least squares), and stay as the last
 * beat left them where the history is empty. */
static void carry_segments(const CsModel *m, int history, double dX[][N_UNKNOWNS],
                           double dG[][N_UNKNOWNS], double dS[][N_SEGMENT_STATES], const double *x,
                           const double *g, const double *next, const double *gamma,
                           double *segments)
{
  double beta[ANDERSON_DEPTH];

  pack_segments(m, segments);
  if (history == 0)
    return;
  if (gamma != NULL) {
    for (int c = 0; c < history; c++)
      beta[c] = -gamma[c];
  } else {
    double ends[ANDERSON_DEPTH][N_UNKNOWNS], away[N_UNKNOWNS];
    for (int c = 0; c < history; c++)
      for (int i = 0; i < N_UNKNOWNS; i++)
        ends[c][i] = dX[c][i] + dG[c][i];
    for (int i = 0; i < N_UNKNOWNS; i++)
      away[i] = next[i] * (i < N_COMPARTMENTS ? 1.0 : EFFECTOR_WEIGHT) - x[i] - g[i];
    if (!least_squares(N_UNKNOWNS, history, ends, away, beta))
      return;
  }
  for (int i = 0; i < N_SEGMENT_STATES; i++) {
    double value = segments[i];
    for (int c = 0; c < history; c++)
      value += beta[c] * dS[c][i];
    /* A level is never negative (its ODE keeps it so; cs_model_restore_state holds a saved state
     * to it): a combination of the beats' ends may take one below. */
    if (i >= CS_AHA_SEGMENTS && value < 0.0)
      value = 0.0;
    if (isfinite(value))
      segments[i] = value;
  }
}

/* A search begun afresh under @options. */
static void begin_search(SteadySearch *s, const CsSteadyStateOptions *options)
{
  memset(s, 0, offsetof(SteadySearch, starts));
  s->volume_tolerance_ml = options->volume_tolerance_ml;
  s->effector_tolerance = options->effector_tolerance;
  s->accelerate = options->accelerate != 0;
  s->previous_timing = -1;
  s->unsettled = -1;
}

/* Periodic steady state: the fixed point of the beat-to-beat map
 * x -> Phi(x) on the volumes at the start of a beat and the reflex
 * effectors. Plain iteration converges at the rate of the slowest mode
 * (venous redistribution, the 20 s venous-tone effector); Anderson
 * acceleration (Walker & Ni 2011, SIAM J Numer Anal 49:1715) combines the
 * last few iterates and reaches the same fixed point in a few beats.
 *
 * Cycles of several beats. With a pacing lower rate (AAI, VVI, DDD, CRT)
 * the map is only piecewise smooth: a beat lasts the sinus period or the
 * device's, whichever is shorter, and the sinus period follows the reflex.
 * When the lower rate lies within ~2 bpm of the reflex-driven sinus rate,
 * neither branch may hold a fixed point: paced beats at the lower rate and
 * a short AV delay (the LA's kick cut short) lower the pressure, the reflex
 * speeds the sinus node past the lower rate; sensed beats raise it, the
 * sinus node slows below the lower rate, and so on. The beats then take
 * turns in a cycle that returns to itself after k beats (device-timed and
 * sensed beats alternating, as dual-chamber devices do near the intrinsic
 * rate); for the normal twin at DDD 68.6-70.2 bpm, AV 65-90 ms, k was 4-7,
 * reached from rest within ~100 beats. Anderson's secants across the switch
 * estimate no Jacobian, so from the first beat whose timing differs from
 * the one before, the search goes on by plain iteration, and also accepts
 * a cycle of k = 2..CS_MAX_PERIOD_BEATS beats: the state after k beats is
 * back within the same tolerances as a fixed point's, and the timing
 * (device or sinus) of the last 2k beats repeats with period k. Longer
 * cycles hold in ever narrower bands of lower rate (mode locking): the
 * cycles of 13-77 beats that 40,000 patients of the property tests met
 * (seeds 4431 and 4435, 8 of them) took 124-280 beats to find, where a search
 * that took only cycles of up to 12 ran out its 400 beats on them.
 *
 * Cycles of one timing. Beats of one kind can alternate too: a failing
 * ventricle at a fast rate alternates strong and weak beats (pulsus
 * alternans; a circulation of the property tests alternates stroke volumes
 * of 48 and 58 ml, every beat paced alike), and a sinus tachycardia under the
 * reflex can settle into a cycle of several beats a few tenths of a bpm
 * apart. Where the map has such a cycle its fixed point repels, or
 * attracts only nearby while the cycle attracts from elsewhere (the map has
 * corners: valve events moving across a step or a beat's end), and
 * Anderson's secants can wander instead of converging: a fitted patient on
 * dobutamine at ~172 /min kept a residual of 1-30 ml for 400 beats (plain
 * iteration from rest reaches her fixed point; from where the search went
 * plain, a cycle of 6-7 beats). So an extrapolation that finds no smaller residual (in
 * tolerances, the worst unknown's) in STALL_BEATS beats is counted as a
 * failed one, and the search backs off to plain iteration as after a failed
 * beat; in the validation's 1,418 searches, all converging, a new smallest
 * residual came within 8 beats at most. Plain
 * iteration then accepts a cycle of one timing if, besides returning within
 * the tolerances twice in a row, its one-beat change keeps its size over the cycle, at
 * least CYCLE_PERSISTENCE^k and at most 1 / CYCLE_GROWTH^k of what it was a
 * cycle before: an oscillating approach to a fixed point, whose change dies
 * away as it converges, is not a cycle (with an eigenvalue -0.9 its change
 * falls to 0.81 over two beats, where 0.99 per beat keeps 0.98), nor is a
 * transient whose change grows as it leaves one; one that decays more
 * slowly than 1 % a beat keeps alternating for minutes, as a patient's
 * pulsus alternans does. The cycle's indices are its beats' together, as
 * for paced and sensed beats: what the heart does, where a fixed point
 * Anderson's steps may find beside the cycle is one it does not stay at.
 *
 * Slow oscillations. The reflex's loop can keep the circulation swinging
 * slowly about a fixed point that repels weakly, as a delayed feedback loop
 * does (the Mayer waves of arterial pressure, ~0.1 Hz, are the sympathetic
 * loop's; Julien 2006, Cardiovasc Res 70:12): two patients of the property
 * tests (CRT tracking the sinus node at 154 and 160 /min on two inotropes)
 * swing with periods of 57 and ~82.5 beats (22 and 31 s), stroke volume
 * 63.0-63.3 and 65.65-65.89 ml. Anderson's extrapolations there stall and
 * fail, and plain iteration follows the swing onto its closed curve. The
 * first is then a cycle of 57 beats of one timing, found after 555 beats;
 * the second's period is no whole number of beats, and its search stops
 * where a beat's change dips under the tolerances at a turning point (412
 * beats): a beat at the swing's crest, its stroke volume within 0.37 %, its
 * dP/dtmax within 0.56 % and its MAP within 0.15 % of each of the 165 beats
 * after it (a second reader's count), as "steady" as the tolerances say. Both ran out of the
 * default budget of 400 beats; it is 1000 since the forty-sixth session,
 * which none of the 40,000 patients at those two seeds ran out (the
 * searches that settle are not slowed: they stop when they settle). */
/* The search itself (cs_model_run_to_steady_state), going on from where @s stands for at most
 * options->max_beats beats. */
static CsStatus search(CsModel *m, SteadySearch *s, const CsSteadyStateOptions *options,
                       CsSteadyStateResult *result, CsError *error)
{
  double x[N_UNKNOWNS], fx[N_UNKNOWNS], g[N_UNKNOWNS];
  /* Extrapolations that failed or stalled (below), kept in the model across calls. */
  ExtrapolationBackOff *const back_off = &m->extrapolation;

  for (int beat = 0; beat < options->max_beats; beat++, s->beats++) {
    CsStatus status;
    double worst_volume = 0.0, worst_effector = 0.0, worst_level = 0.0;
    double level_before[CS_AHA_SEGMENTS];
    int set_start = s->extrapolated; /* this beat starts where an extrapolation put it */

    memcpy(level_before, m->state.level, sizeof level_before);
    pack(m, x);
    status = run_beat(m, error);
    result->beats = beat + 1;
    if (s->extrapolated_with_map) {
      /* A step of the map is kept when its beat ran as the ones before it (no failure, no finer
       * step, no switch of timing) and either met the tolerances or at least halved the
       * residual's norm; otherwise it is undone, back to the beat before it, and the search goes
       * on without the map, as Anderson's alone: its history holds beats that were all run (a
       * second reader's circulation drawn anywhere that converged in 30 beats without the map
       * ran out 400 when the history went with the step). */
      int keep = status == CS_OK && m->step_halvings == s->map_step_halvings &&
                 (s->previous_timing < 0 || m->device_timed == s->previous_timing);
      if (keep) {
        double moved[N_UNKNOWNS], norm = 0.0;
        int converged = 1;
        pack(m, moved);
        for (int i = 0; i < N_UNKNOWNS; i++) {
          double d = moved[i] - x[i];
          converged &= fabs(d) < (i < N_COMPARTMENTS ? options->volume_tolerance_ml
                                                     : options->effector_tolerance);
          d *= i < N_COMPARTMENTS ? 1.0 : EFFECTOR_WEIGHT;
          norm += d * d;
        }
        keep = converged || norm <= BEAT_MAP_LEAST_GAIN * BEAT_MAP_LEAST_GAIN * s->last_norm;
      }
      s->extrapolated_with_map = 0;
      if (!keep) {
        m->state = s->last_beat;
        m->step_halvings = s->map_step_halvings;
        s->use_map = 0;
        s->extrapolated = 0;
        if (error != NULL)
          error->message[0] = '\0';
        continue;
      }
    }
    if (status != CS_OK && s->extrapolated) {
      /* An extrapolation passes the safeguard below yet may be no circulation the beat can
       * carry (a stiff heart far from its fixed point: the beat diverges, or an extrapolated
       * reflex asks a rate the conduction cannot follow), where plain iteration from the last
       * beat actually simulated converges. Go back to that beat's end and iterate plainly from
       * there on: a steady state found this way is the same fixed point, later. */
      m->state = s->last_beat;
      s->plain = 1;
      count_failed_extrapolation(back_off);
      s->extrapolated = 0;
      if (error != NULL)
        error->message[0] = '\0';
      continue;
    }
    if (status != CS_OK)
      return status;
    s->extrapolated = 0;
    pack(m, fx);
    s->unsettled_excess = 0.0;
    for (int i = 0; i < N_UNKNOWNS; i++) {
      double tolerance =
          i < N_COMPARTMENTS ? options->volume_tolerance_ml : options->effector_tolerance;
      g[i] = fx[i] - x[i];
      if (i < N_COMPARTMENTS)
        worst_volume = fmax(worst_volume, fabs(g[i]));
      else
        worst_effector = fmax(worst_effector, fabs(g[i]));
      if (fabs(g[i]) / tolerance > s->unsettled_excess) {
        s->unsettled_excess = fabs(g[i]) / tolerance;
        s->unsettled = i;
        s->unsettled_change = g[i];
      }
    }
    /* The segments' levels must return too (STEADY_LEVEL_TOLERANCE). They are not unknowns (an
     * extrapolation carries them along, carry_segments) and do not enter the stall's count: a
     * beat whose levels alone still move is reported so. */
    for (int seg = 0; seg < CS_AHA_SEGMENTS; seg++)
      worst_level = fmax(worst_level, m->segment_contractile[seg] *
                                          fabs(m->state.level[seg] - level_before[seg]));
    s->level_excess = worst_level / STEADY_LEVEL_TOLERANCE;
    s->level_change = worst_level;
    if (worst_volume < options->volume_tolerance_ml &&
        worst_effector < options->effector_tolerance && worst_level < STEADY_LEVEL_TOLERANCE &&
        s->beats > 0) {
      /* A beat that starts where an extrapolation put it is on the heart's path by its volumes
       * and effectors, and by the rest of its state only as nearly as carry_segments takes the
       * segments' states along (to first order; not at all for a step of the learned map with an
       * empty history, or whose least squares fails): its LV pressure at its start may be off the
       * heart's by a little. Where the LV contracts or relaxes across the beat's start, the
       * periodic reading of dP/dt across its ends reads that difference: a patient near the demo
       * twins paced at ~132 /min read dP/dtmax 708 mmHg/s on such a beat, 667 on the next (0.4 mmHg
       * at its start; the segments left where the last beat ended, as they were then). There, and
       * where the LV is still contracting or relaxing as the beat begins (since the forty-sixth
       * session), the beat after it, from its end, is the one reported: it reads the contraction
       * across its start with the beat before's lead-in. */
      if (set_start && (pressure_moves_at_start(m) || ventricle_active_at_start(m)))
        continue;
      if (m->timing_margin_s < TIMING_BOUNDARY_S && !s->boundary_beat) {
        s->boundary_beat = 1;
        continue;
      }
      result->converged = 1;
      result->period_beats = 1;
      return CS_OK;
    }
    s->boundary_beat = 0;
    if (s->previous_timing >= 0 && m->device_timed != s->previous_timing) {
      s->plain = m->timing_switched = 1;
      s->same_timing_beats = 1;
      s->use_map = 0;
    } else {
      s->same_timing_beats++;
      /* An extrapolation that stalls is counted as a failed one (above: "Cycles of one timing");
       * a beat that switched timing is the switch's, which sends the search plain itself. */
      if (!s->plain) {
        if (s->unsettled_excess < STALL_PROGRESS * back_off->least_excess) {
          back_off->least_excess = s->unsettled_excess;
          back_off->beats_since_least = 0;
        } else if (++back_off->beats_since_least >= STALL_BEATS) {
          s->plain = 1;
          s->use_map = 0;
          count_failed_extrapolation(back_off);
        }
      }
    }
    s->previous_timing = m->device_timed;
    /* A switch of timing is often a transient: the first beats after a therapy change cross the
     * lower rate once and settle on one side. Once SHORT_CYCLE_BEATS beats in a row have had
     * one timing, no cycle of paced and sensed beats (both kinds within SHORT_CYCLE_BEATS) is
     * being followed (one of one timing is sought after an extrapolation stalls, in the
     * back-off's plain beats), and the search goes back to extrapolating, from
     * a fresh history: plain iteration alone crawls along the map's slow modes (dual-chamber
     * pacing at 100 /min in advanced-hf, AV 70-85 ms: 66-85 beats after one sensed beat at the
     * start, where the functional mitral orifice carried from beat to beat, as it then was, made
     * such a mode). A switch sends
     * it back. The model keeps its mark (timing_switched), so that a later call still starts
     * plainly. Plain iteration after a failed extrapolation is not a switch's: resumed after
     * SHORT_CYCLE_BEATS beats, the search could extrapolate into the same failure every third
     * beat (a second reader's circulation drawn anywhere: 29 failed extrapolations in 100 beats,
     * where it had been refused as diverged after one); kept for good after one failure, it
     * crawled where one early wild step had failed (a patient of the property tests, seed 5,
     * the beat map's case 453: a step 16 beats after a therapy change failed, and plain
     * iteration took 167 beats more along a slow mode, where the search without the map, its
     * history otherwise, took 24 in all). So extrapolation resumes, from a fresh history, after
     * SHORT_CYCLE_BEATS plain beats, twice as many after a second failure, and never after a
     * third (MAX_EXTRAPOLATION_FAILURES). */
    if (back_off->failed) {
      back_off->plain_since_failure++;
      if (back_off->failures < MAX_EXTRAPOLATION_FAILURES &&
          back_off->plain_since_failure >= SHORT_CYCLE_BEATS << (back_off->failures - 1))
        back_off->failed = 0;
    }
    /* Each return to extrapolating (after a switch of timing, or after a failure's plain beats)
     * waits for twice as many beats of one timing as the one before: where the fixed point
     * lies near the timing's boundary, the extrapolations can cross it every time they resume (a
     * patient of the property tests, seed 8, case 894: VVI at 93 /min with the reflex-driven sinus
     * rate near it, whose plain iteration settles on paced beats in ~100 beats, switched, resumed
     * after 12 beats and switched again for 400). */
    if (s->plain && options->accelerate && !back_off->failed &&
        s->same_timing_beats >= SHORT_CYCLE_BEATS << (s->switch_resumes < MAX_RESUME_DOUBLINGS
                                                          ? s->switch_resumes
                                                          : MAX_RESUME_DOUBLINGS)) {
      s->plain = 0;
      s->history = 0;
      s->head = 0;
      s->have_prev = 0;
      s->recorded = 0;
      s->switch_resumes++;
      back_off->least_excess = HUGE_VAL;
      back_off->beats_since_least = 0;
    }

    if (s->plain) {
      int period = 0;
      memcpy(s->starts[s->recorded % START_SLOTS], x, sizeof x);
      memcpy(s->starts[(s->recorded + 1) % START_SLOTS], fx, sizeof fx);
      memcpy(s->level_starts[s->recorded % START_SLOTS], level_before, sizeof level_before);
      memcpy(s->level_starts[(s->recorded + 1) % START_SLOTS], m->state.level,
             sizeof m->state.level);
      s->beat_indices[s->recorded % CS_MAX_PERIOD_BEATS] = m->indices;
      s->beat_period_s[s->recorded % CS_MAX_PERIOD_BEATS] = m->beat_period_s;
      s->beat_suction[s->recorded % CS_MAX_PERIOD_BEATS] = m->suction;
      s->beat_device_timed[s->recorded % (2 * CS_MAX_PERIOD_BEATS)] = m->device_timed;
      s->recorded++;
      for (int k = 2; k <= CS_MAX_PERIOD_BEATS && 2 * k <= s->recorded && period == 0; k++) {
        const double *now = s->starts[s->recorded % START_SLOTS];
        const double *before = s->starts[(s->recorded - k) % START_SLOTS];
        const double *two_before = s->starts[(s->recorded - 2 * k) % START_SLOTS];
        const double *last = s->starts[(s->recorded - 1) % START_SLOTS];
        const double *cycle_ago = s->starts[(s->recorded - k - 1) % START_SLOTS];
        int returns = 1, repeats = 1, alternates = 0;
        double change_now = 0.0, change_cycle_ago = 0.0;
        /* The state returns to itself twice in a row: a trajectory that wanders without a cycle
         * can pass within the tolerances of where it was k beats before once (a circulation drawn
         * anywhere, its mean arterial pressure ~660 mmHg, reported a cycle of two after 74 beats
         * whose stroke volumes then ran irregularly over 184-194 ml; the property tests, seed
         * 3360450458048722195), where a cycle repeats. Most k fail on the first unknowns: the
         * rest is read only for one that returns (up to 150 k after each plain beat). */
        for (int i = 0; i < N_UNKNOWNS && returns; i++) {
          double tolerance =
              i < N_COMPARTMENTS ? options->volume_tolerance_ml : options->effector_tolerance;
          returns =
              fabs(now[i] - before[i]) < tolerance && fabs(before[i] - two_before[i]) < tolerance;
        }
        for (int seg = 0; seg < CS_AHA_SEGMENTS && returns; seg++) {
          double level_now = s->level_starts[s->recorded % START_SLOTS][seg];
          double level_cycle_ago = s->level_starts[(s->recorded - k) % START_SLOTS][seg];
          double level_two_ago = s->level_starts[(s->recorded - 2 * k) % START_SLOTS][seg];
          returns = m->segment_contractile[seg] * fabs(level_now - level_cycle_ago) <
                        STEADY_LEVEL_TOLERANCE &&
                    m->segment_contractile[seg] * fabs(level_cycle_ago - level_two_ago) <
                        STEADY_LEVEL_TOLERANCE;
        }
        if (!returns)
          continue;
        for (int i = 0; i < N_UNKNOWNS; i++) {
          double tolerance =
              i < N_COMPARTMENTS ? options->volume_tolerance_ml : options->effector_tolerance;
          change_now = fmax(change_now, fabs(now[i] - last[i]) / tolerance);
          change_cycle_ago = fmax(change_cycle_ago, fabs(before[i] - cycle_ago[i]) / tolerance);
        }
        for (int j = s->recorded - k; j < s->recorded; j++) {
          int timing = s->beat_device_timed[j % (2 * CS_MAX_PERIOD_BEATS)];
          repeats &= timing == s->beat_device_timed[(j - k) % (2 * CS_MAX_PERIOD_BEATS)];
          alternates |=
              timing != s->beat_device_timed[(s->recorded - 1) % (2 * CS_MAX_PERIOD_BEATS)];
        }
        if (repeats && (alternates || (change_now >= pow(CYCLE_PERSISTENCE, k) * change_cycle_ago &&
                                       change_now * pow(CYCLE_GROWTH, k) <= change_cycle_ago)))
          period = k;
      }
      if (period > 0) {
        CsIndices *cycle = s->cycle;
        for (int b = 0; b < period; b++) {
          int j = (s->recorded - period + b) % CS_MAX_PERIOD_BEATS;
          cycle[b] = s->beat_indices[j];
          s->cycle_period_s[b] = s->beat_period_s[j];
        }
        cs_indices_cycle(cycle, s->cycle_period_s, period, &m->indices);
        m->cycle.beats = period;
        m->cycle.sv_least_ml = HUGE_VAL;
        m->cycle.sv_most_ml = -HUGE_VAL;
        m->cycle.mixed_timing = 0;
        for (int b = 0; b < period; b++) {
          m->cycle.sv_least_ml = fmin(m->cycle.sv_least_ml, cycle[b].sv_ml);
          m->cycle.sv_most_ml = fmax(m->cycle.sv_most_ml, cycle[b].sv_ml);
          m->cycle.mixed_timing |=
              s->beat_device_timed[(s->recorded - period + b) % (2 * CS_MAX_PERIOD_BEATS)] !=
              s->beat_device_timed[(s->recorded - 1) % (2 * CS_MAX_PERIOD_BEATS)];
        }
        /* The pump sucks the LV empty in the cycle if it does in any beat of it (the flag is a
         * warning). The pacing flags stay the last beat's: the cycle may mix paced and sensed
         * beats. */
        for (int b = 0; b < period; b++)
          m->suction |= s->beat_suction[(s->recorded - period + b) % CS_MAX_PERIOD_BEATS];
        vascular_resistances(&m->indices);
        result->converged = 1;
        result->period_beats = period;
        return CS_OK;
      }
      continue;
    }

    for (int i = N_COMPARTMENTS; i < N_UNKNOWNS; i++)
      g[i] *= EFFECTOR_WEIGHT, x[i] *= EFFECTOR_WEIGHT;
    if (s->have_prev) {
      for (int i = 0; i < N_UNKNOWNS; i++) {
        s->dX[s->head][i] = x[i] - s->x_prev[i];
        s->dG[s->head][i] = g[i] - s->g_prev[i];
      }
      pack_segments(m, s->dS[s->head]);
      for (int i = 0; i < N_SEGMENT_STATES; i++)
        s->dS[s->head][i] -= s->segments_prev[i];
      s->head = (s->head + 1) % ANDERSON_DEPTH;
      if (s->history < ANDERSON_DEPTH)
        s->history++;
    }
    memcpy(s->x_prev, x, sizeof x);
    memcpy(s->g_prev, g, sizeof g);
    pack_segments(m, s->segments_prev);
    s->have_prev = 1;

    if (s->use_map) {
      s->last_norm = 0.0;
      for (int i = 0; i < N_UNKNOWNS; i++)
        s->last_norm += g[i] * g[i];
    }
    if (s->history > 0 || s->use_map) {
      double gamma[ANDERSON_DEPTH], next[N_UNKNOWNS], step[N_UNKNOWNS];
      int ok = s->history == 0 || least_squares(N_UNKNOWNS, s->history, s->dG, g, gamma);
      int valid = ok;
      if (ok) {
        if (s->use_map)
          beat_map_step(m, g, step);
        else
          memcpy(step, g, sizeof step);
        for (int i = 0; i < N_UNKNOWNS; i++)
          next[i] = x[i] + step[i];
        for (int c = 0; c < s->history; c++) {
          if (s->use_map)
            beat_map_step(m, s->dG[c], step);
          else
            memcpy(step, s->dG[c], sizeof step);
          for (int i = 0; i < N_UNKNOWNS; i++)
            next[i] -= (s->dX[c][i] + step[i]) * gamma[c];
        }
        for (int i = N_COMPARTMENTS; i < N_UNKNOWNS; i++)
          next[i] /= EFFECTOR_WEIGHT;
        /* Safeguard: an extrapolation must stay a circulation (every
         * volume above 1 ml, every effector above a fifth of its rest). */
        for (int i = 0; i < N_UNKNOWNS; i++)
          if (!isfinite(next[i]) || next[i] < (i < N_COMPARTMENTS ? 1.0 : 0.2))
            valid = 0;
      }
      if (valid) {
        double segments[N_SEGMENT_STATES];
        carry_segments(m, s->history, s->dX, s->dG, s->dS, x, g, next, s->use_map ? NULL : gamma,
                       segments);
        s->last_beat = m->state;
        unpack(m, next);
        memcpy(m->state.ce_ml, segments, sizeof m->state.ce_ml);
        memcpy(m->state.level, segments + CS_AHA_SEGMENTS, sizeof m->state.level);
        s->extrapolated = 1;
        s->extrapolated_with_map = s->use_map;
        s->map_step_halvings = m->step_halvings;
      } else if (s->use_map) {
        s->use_map =
            0; /* the plain iterate already in the model goes on, with Anderson's history */
      } else {
        s->history = 0; /* restart from the plain iterate already in the model */
        s->head = 0;
        s->have_prev = 0;
      }
    }
  }
  /* The levels are named only where the volumes and effectors met their tolerances: a failing
   * ventricle's alternation moves them most for their tolerance, and the volumes say more. */
  if (s->unsettled_excess < 1.0 && s->level_excess > s->unsettled_excess)
    describe_unsettled(result, options, CS_UNSETTLED_LV_ACTIVATION, s->level_change, error);
  else
    describe_unsettled(result, options, s->unsettled, s->unsettled_change, error);
  return CS_ERROR_NOT_CONVERGED;
}

CsStatus cs_model_run_to_steady_state(CsModel *m, const CsSteadyStateOptions *options,
                                      CsSteadyStateResult *result, CsError *error)
{
  CsSteadyStateOptions defaults;
  SteadySearch *const s = m->search;
  /* Extrapolations that failed or stalled (below), kept in the model across calls. */
  ExtrapolationBackOff *const back_off = &m->extrapolation;
  CsSteadyStateResult unused;
  CsStatus status;

  if (options == NULL) {
    cs_steady_state_options_default(&defaults);
    options = &defaults;
  }
  if (result == NULL)
    result = &unused;
  result->beats = 0;
  result->converged = 0;
  result->period_beats = 0;
  result->unsettled = CS_UNSETTLED_NONE;
  result->unsettled_change = 0.0;
  result->unsettled_tolerance = 0.0;
  if (options->max_beats < 1 || !(options->volume_tolerance_ml > 0.0) ||
      !(options->effector_tolerance > 0.0) || !isfinite(options->volume_tolerance_ml) ||
      !isfinite(options->effector_tolerance)) {
    cs_set_error(error, "steady-state options need at least one beat and positive tolerances");
    return CS_ERROR_INVALID_PARAMETER;
  }
  if (!s->open || s->volume_tolerance_ml != options->volume_tolerance_ml ||
      s->effector_tolerance != options->effector_tolerance ||
      s->accelerate != (options->accelerate != 0)) {
    if (!options->accelerate || back_off->volume_tolerance_ml != options->volume_tolerance_ml ||
        back_off->effector_tolerance != options->effector_tolerance) {
      back_off->least_excess = HUGE_VAL;
      back_off->beats_since_least = 0;
      back_off->volume_tolerance_ml = options->volume_tolerance_ml;
      back_off->effector_tolerance = options->effector_tolerance;
    }
    begin_search(s, options);
    s->plain = !options->accelerate || m->timing_switched || back_off->failed;
    s->use_map = !s->plain && cs_model_beat_map_serves(m);
  }
  /* Open until it ends unsettled: a steady state found or a beat that failed closes it (options
   * refused above leave it as it was, the model untouched). */
  s->open = 0;
  status = search(m, s, options, result, error);
  if (status == CS_ERROR_NOT_CONVERGED)
    s->open = 1;
  return status;
}

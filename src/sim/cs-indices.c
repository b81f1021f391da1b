/* cs-indices.c — the clinical indices of one beat, named as in the contract
 * (DESIGN.md) and defined as the catheter laboratory and imaging define them:
 * EDV/ESV the largest/smallest ventricular volume of the cycle, EDP the LV
 * pressure at end-diastolic volume, means as time averages, CO the flow
 * through the systemic bed (what thermodilution measures), SVR and PVR in
 * Wood units ((MAP - CVP) / CO and (mPAP - mean LAP) / CO, with the mean LA
 * pressure standing for the wedge pressure).
 */
#include "cs-internal.h"

#include <stddef.h>
#include <string.h>

typedef struct {
  const char *name;
  const char *unit;
  size_t offset;
  /* The human range (cs_index_human_range): the least and the greatest value measured in
   * patients; NO_BOUND where a side has none. */
  double human_min;
  double human_max;
} IndexInfo;

#define NO_BOUND NAN
#define I(field, unit)                                                                             \
  {                                                                                                \
#field, unit, offsetof(CsIndices, field), NO_BOUND, NO_BOUND                                   \
  }
#define H(field, unit, human_min, human_max)                                                       \
  {                                                                                                \
#field, unit, offsetof(CsIndices, field), human_min, human_max                                 \
  }

/* The human ranges (H), for the indices a catheter or an image measures: beyond the values
 * reported in patients at rest or under treatment, so that a state outside is one no patient has
 * been reported in, not merely a sick one; each bound lies past the extremes of the disease that
 * reaches it. A bound is left out (NO_BOUND) where the index can approach its physical limit in
 * patients (a small hypertrophied cavity's end-systolic volume; filling pressures below the
 * atmosphere's in a hypovolaemic patient breathing spontaneously, whose intrathoracic pressure
 * the engine also allows down to -15 mmHg), and the indices whose extremes in patients this table
 * does not hold (dP/dt, the stroke work, the activation time, the regurgitant fraction and orifice,
 * the total volume) have none. An interventional cardiologist's review (thirty-fourth session)
 * widened several first drafts that real patients would have crossed, and named the sources
 * below; those marked "as recalled" were not read in this repository's sessions.
 *
 * - Heart rate 15-300 bpm: ventricular escape rhythms of complete heart block run at ~20-40 bpm
 *   (Kusumoto et al. 2019, Circulation 140:e382), slower with drug toxicity or hyperkalaemia;
 *   atrial flutter conducted 1:1 and pre-excited atrial fibrillation reach 250-300 (Page et al.
 *   2016, J Am Coll Cardiol 67:e27, as recalled).
 * - LV volumes and stroke volume: in chronic aortic regurgitation by angiography an end-diastolic
 *   volume index of 264 +/- 64 ml/m2 and a stroke volume index of 163 +/- 57 (Mann et al. 1975,
 *   N Engl J Med 293:108): a mean total stroke volume of ~310 ml at 1.9 m2, an end-diastolic
 *   volume of ~780 ml at two deviations. End-diastolic 20-900 ml (small hypertrophied cavities
 *   under hypovolaemia, tamponade or a pump's suction go below 30), end-systolic at most 700,
 *   stroke volume 5-500 ml; EF 3-95 % (an obstructive hypertrophied cavity nearly empties; a
 *   ventricle unloaded by a pump with its aortic valve shut ejects almost nothing). The RV alike:
 *   end-diastolic at most 700 ml (repaired tetralogy with free pulmonary regurgitation, as
 *   recalled), end-systolic 600, EF 3-90 %.
 * - Cardiac output 0.8-20 l/min: the low end a clinical judgement of profound cardiogenic shock
 *   (the SHOCK trial's patients had a cardiac index at or below 2.2 l/min/m2, Hochman et al. 1999,
 *   N Engl J Med 341:625); high-output states at rest (sepsis, arteriovenous fistulas, liver
 *   disease) reach ~12-15 l/min (Reddy et al. 2016, J Am Coll Cardiol 68:473).
 * - LV pressures: end-diastolic at most 70 mmHg (in severe aortic regurgitation the LV's and the
 *   aorta's diastolic pressures meet at 33-55 mmHg, and the atrial kick, after which the index
 *   reads it, adds to that: 'Haemodynamic effects of severe aortic regurgitation', Br Heart J,
 *   abstract, its authors and year not shown in the record read; Wigle & Labrosse 1965,
 *   Circulation 32:708); systolic at most 400 mmHg (an LV with severe aortic stenosis developed
 *   386 +/- 22 mmHg against the valvuloplasty balloon's occlusion, Bittl et al. 1989, J Am Coll
 *   Cardiol 14:135), with no lower bound: a pump that unloads the LV takes its pressure towards
 *   nothing with the aortic pressure kept (advanced-hf at 7000 rpm: 28 mmHg), where the arterial
 *   pressures' bounds and the suction flag speak.
 * - Arterial pressures: systolic 30-300, diastolic 10-180, mean 30-220 mmHg (a mean below ~30
 *   mmHg is that of cardiopulmonary resuscitation; an ascending-aortic diastolic pressure near
 *   zero with a beating heart is not seen outside it, the 'diastolic to zero' of aortic
 *   regurgitation being a Korotkoff artefact).
 * - Mean LA pressure at most 50 mmHg (acute severe mitral regurgitation, severe mitral stenosis),
 *   CVP at most 45 (the mean RA pressures of a pulmonary hypertension cohort ran 1-34 mmHg, a
 *   table in ERJ Open Research, its authors not noted; tamponade, constriction and RV failure
 *   with severe tricuspid regurgitation reach the 30s).
 * - Pulmonary arterial pressures: systolic 8-170, diastolic at most 80, mean 4-100 mmHg (the mean
 *   pressure of newly diagnosed pulmonary arterial hypertension, ~50 +/- 13 mmHg in registries,
 *   e.g. the Pulmonary Hypertension Association's, Ann Am Thorac Soc 2023, 20:1718; suprasystemic
 *   pressures in idiopathic disease and Eisenmenger physiology; below the lower bounds only a
 *   Fontan circulation, which the engine does not model).
 * - Resistances: systemic 2-80 WU (160-6400 dyn.s/cm5: below the most vasodilated sepsis,
 *   cirrhosis and fistulas, ~300-500 dyn.s/cm5 as recalled, and beyond a vasoconstricted
 *   cardiogenic shock's mean pressure of 80 mmHg over an output of 1 l/min, 65 WU); pulmonary at
 *   most 50 WU (10.5 +/- 5.9 WU in ~1000 newly diagnosed patients with pulmonary arterial
 *   hypertension, 14.4 +/- 6.5 in a high-risk group: registries' tables in Eur Respir J, the
 *   first probably COMPERA's, as recalled).
 * - Mitral regurgitant volume at most 300 ml a beat (60 % of the largest stroke volume); mean
 *   gradients at most 150 mmHg across the aortic valve (a peak velocity of ~7 m/s, the fastest
 *   reported, gives a mean of ~120) and 50 across the mitral (34 mmHg reported in a pregnant
 *   woman with severe stenosis, Sviggum, Sharpe & Pearson, SOAP 2016 meeting abstract SU-58;
 *   severity is graded from 10 mmHg, Baumgartner et al. 2009, J Am Soc Echocardiogr 22:1).
 * - LVAD flow at most 12 l/min (a HeartMate 3's design range reaches 10 l/min, Bourque et al.
 *   2016, ASAIO J 62:375); none below, a stopped pump's flow running backwards.
 */
static const IndexInfo index_table[] = {
    H(hr_bpm, "bpm", 15.0, 300.0),
    H(sv_ml, "ml", 5.0, 500.0),
    H(co_l_min, "l/min", 0.8, 20.0),
    H(lvedv_ml, "ml", 20.0, 900.0),
    H(lvesv_ml, "ml", NO_BOUND, 700.0),
    H(lvef_pct, "%", 3.0, 95.0),
    H(lvedp_mmhg, "mmHg", NO_BOUND, 70.0),
    H(lvsp_mmhg, "mmHg", NO_BOUND, 400.0),
    I(dpdt_max_mmhg_s, "mmHg/s"),
    I(dpdt_min_mmhg_s, "mmHg/s"),
    H(sbp_mmhg, "mmHg", 30.0, 300.0),
    H(dbp_mmhg, "mmHg", 10.0, 180.0),
    H(map_mmhg, "mmHg", 30.0, 220.0),
    H(mean_lap_mmhg, "mmHg", NO_BOUND, 50.0),
    H(cvp_mmhg, "mmHg", NO_BOUND, 45.0),
    H(spap_mmhg, "mmHg", 8.0, 170.0),
    H(dpap_mmhg, "mmHg", NO_BOUND, 80.0),
    H(mpap_mmhg, "mmHg", 4.0, 100.0),
    H(rvedv_ml, "ml", NO_BOUND, 700.0),
    H(rvesv_ml, "ml", NO_BOUND, 600.0),
    H(rvef_pct, "%", 3.0, 90.0),
    I(stroke_work_mmhg_ml, "mmHg.ml"),
    H(svr_wood, "WU", 2.0, 80.0),
    H(pvr_wood, "WU", NO_BOUND, 50.0),
    H(lvad_flow_l_min, "l/min", NO_BOUND, 12.0),
    I(lv_activation_ms, "ms"),
    I(total_volume_ml, "ml"),
    H(mitral_regurgitant_volume_ml, "ml", NO_BOUND, 300.0),
    I(mitral_regurgitant_fraction_pct, "%"),
    I(mitral_eroa_cm2, "cm2"),
    H(aortic_mean_gradient_mmhg, "mmHg", NO_BOUND, 150.0),
    H(mitral_mean_gradient_mmhg, "mmHg", NO_BOUND, 50.0),
};

size_t cs_index_count(void)
{
  return sizeof index_table / sizeof index_table[0];
}

const char *cs_index_name(size_t i)
{
  return i < cs_index_count() ? index_table[i].name : NULL;
}

const char *cs_index_unit(size_t i)
{
  return i < cs_index_count() ? index_table[i].unit : NULL;
}

int cs_index_human_range(size_t i, double *min_out, double *max_out)
{
  double lo = -INFINITY, hi = INFINITY;

  if (i < cs_index_count()) {
    if (!isnan(index_table[i].human_min))
      lo = index_table[i].human_min;
    if (!isnan(index_table[i].human_max))
      hi = index_table[i].human_max;
  }
  if (min_out != NULL)
    *min_out = lo;
  if (max_out != NULL)
    *max_out = hi;
  return lo > -INFINITY || hi < INFINITY;
}

int cs_index_outside_human_range(size_t i, double value)
{
  double lo, hi;

  if (!cs_index_human_range(i, &lo, &hi))
    return 0;
  return !(value >= lo && value <= hi);
}

static double *index_field(CsIndices *indices, size_t i)
{
  return (double *)(void *)((char *)indices + index_table[i].offset);
}

double cs_indices_get(const CsIndices *indices, size_t i)
{
  if (i >= cs_index_count())
    return NAN;
  return *(const double *)(const void *)((const char *)indices + index_table[i].offset);
}

/* Points per solver step at which the dP/dt index first reads the windowed slope around its
 * extrema on the cubic through the samples (cheap: it finds roughly where they are), and the
 * golden-section steps that then refine each on the solver's own pressure (refine_peak) within
 * DPDT_REFINE_REACH steps of there: 10 narrow its 3 steps to 0.024 of a step, 0.1 ms at the 4 ms
 * step. At a corner the cubic overshoots and can put its extremum more than a step from the
 * solver's (1.16 steps in a pumped heart a second reader found, where a reach of half a step read
 * dP/dtmax 0.13 % low). dP/dtmin, a relaxation's smooth peak, is refined by Brent's method
 * (brent_max) to the same bracket, a quarter of it each side of its point (DPDT_REFINE_TOLERANCE):
 * 7 reads on average for golden sections' 12, within 4e-6 of their reading in 149 random clinical
 * cases (forty-third session; 0.9 % fewer instructions a beat). dP/dtmax stays with golden
 * sections: it usually lies on a corner (the aortic valve's opening, a stimulus), where Brent's
 * parabolas read it up to 0.16 % low in the same cases. */
#define DPDT_SUBSAMPLES       8
#define DPDT_REFINEMENTS      10
#define DPDT_REFINE_REACH     1.5
#define DPDT_REFINE_TOLERANCE (0.25 * 2.0 * DPDT_REFINE_REACH * 0.00813) /* 0.618^10 = 0.00813 */
/* A part of a contraction whose extremum on the cubic falls short of what another part read by
 * more than this share is not refined (nor a second peak that falls as short of the first): the
 * cubic reads within ~1 % of the solver's pressure at the 4 ms step (above), 2.9 % at the
 * sharpest peak met at a stimulus (1701.8 against 1752.6 mmHg/s, the property tests' patients,
 * seed 11, case 2458), so it cannot be the contraction's. Our margin. At a valve's corner in a
 * hyperdynamic heart the cubic read a third short (refine_best): a reading without confirmed
 * peaks refines its second candidate whatever the cubic reads; a part of a contraction read
 * across beats still relies on this margin. */
#define DPDT_UNREFINED_MARGIN 0.05
/* The diastolic pressures' search (refine_minimum) within a step of the smallest sample: 12
 * golden-section steps narrow its 2 steps to 0.006 of a step, 0.03 ms, where the PA pressure rises
 * by ~0.01 mmHg as its valve opens. */
#define DIASTOLIC_REFINEMENTS  12
#define DIASTOLIC_REFINE_REACH 1.0
/* The end of filling's search (end_of_filling): the Illinois method converges superlinearly, to
 * 1e-7 of a step in five iterations on the square-root fall of /engine/readings-between-samples;
 * ten leave room for a less regular one. */
#define END_OF_FILLING_ITERATIONS 10

/* @position (in samples) brought into the beat, [0, n): the beat is taken as one period of the
 * circulation, which a steady one is, so that what lies before its start is its end (see dP/dt
 * below). A position that is not a finite number is taken as the beat's start. */
static double within_beat(double position, size_t n)
{
  double p = isfinite(position) ? fmod(position, (double)n) : 0.0;
  if (p < 0.0)
    p += (double)n;
  /* A small negative remainder brought up rounds to n itself. */
  return p < (double)n ? p : 0.0;
}

/* LV pressure at @position samples into @s, by the cubic through the four samples around it
 * (Lagrange), the beat's samples taken as periodic: a straight line between samples cuts the
 * corner of the pressure's rise and lowers the slope read across it. */
static double lv_pressure_at(const CsSample *s, size_t n, double position)
{
  /* Inside the beat, as nearly every read is, the four samples follow each other. */
  int inside = position >= 1.0 && position + 2.0 < (double)n;
  double p = inside ? position : within_beat(position, n);
  size_t i = (size_t)p;
  double f = p - (double)i;
  size_t before = inside ? i - 1 : i > 0 ? i - 1 : n - 1;
  size_t after = inside ? i + 1 : i + 1 < n ? i + 1 : i + 1 - n;
  size_t next = inside ? i + 2 : after + 1 < n ? after + 1 : after + 1 - n;
  double p0 = s[before].lv_pressure_mmhg, p1 = s[i].lv_pressure_mmhg;
  double p2 = s[after].lv_pressure_mmhg, p3 = s[next].lv_pressure_mmhg;
  return -p0 * f * (f - 1.0) * (f - 2.0) / 6.0 + p1 * (f + 1.0) * (f - 1.0) * (f - 2.0) / 2.0 -
         p2 * (f + 1.0) * f * (f - 2.0) / 2.0 + p3 * (f + 1.0) * f * (f - 1.0) / 6.0;
}

/* LV pressure @t_s after the beat's start (before it within @lead) by the cubic through the four
 * samples around it, the lead-in's and the beat's taken as one sequence (Lagrange on unequal
 * steps: a beat of one length may follow one of another, a paced after a sensed one). NAN where
 * the four would reach past them. */
static double lv_pressure_across_start(const CsSample *s, size_t n, double h, const CsLeadIn *lead,
                                       double t_s)
{
  double time_s[4], pressure[4], p = 0.0;
  /* Node m is the beat's sample m (m >= 0) or the lead-in's -m-th from its end (m < 0). */
  long first;

  if (!isfinite(t_s))
    return NAN;
  first = (long)floor(t_s >= 0.0 ? t_s / h : t_s / lead->step_s) - 1;
  if (first < -(long)lead->count || first + 3 >= (long)n)
    return NAN;
  for (int j = 0; j < 4; j++) {
    long m = first + j;
    time_s[j] = (double)m * (m >= 0 ? h : lead->step_s);
    pressure[j] = m >= 0 ? s[m].lv_pressure_mmhg : lead->lv_pressure_mmhg[(long)lead->count + m];
  }
  for (int j = 0; j < 4; j++) {
    double basis = 1.0;
    for (int i = 0; i < 4; i++)
      if (i != j)
        basis *= (t_s - time_s[i]) / (time_s[j] - time_s[i]);
    p += pressure[j] * basis;
  }
  return p;
}

/* What fills the LV at a sample, ml/s: mitral inflow minus the pump's draw and forward ejection.
 * Backflow through an incompetent aortic valve is left out: it goes on filling the ventricle
 * through isovolumic contraction, until the aortic valve opens, and the ventricle's end-diastole is
 * the end of its filling from the atrium, before it contracts (see LVEDP below). */
static double lv_filling_ml_s(const CsSample *x)
{
  return x->mitral_flow_ml_s - fmax(x->aortic_flow_ml_s, 0.0) - x->lvad_flow_ml_s;
}

/* The slope of the LV pressure over +-@half_window_s around @centre (in samples): on the cubic
 * through the samples, or, with @read, on the solver's own pressure. A beat with a @lead (not
 * NULL and not empty) is read across its start into the beat before it; without one, a @periodic
 * beat is read across its ends. Otherwise, or past what the lead-in holds, it gives NAN where the
 * window or its interpolation would reach past the samples, as where the reader gives none (fmax
 * and fmin ignore a NAN). */
static double windowed_slope(const CsSample *s, size_t n, int periodic, const CsLeadIn *lead,
                             CsBeatReader read, void *data, double centre,
                             double half_window_samples, double half_window_s)
{
  double behind = centre - half_window_samples, ahead = centre + half_window_samples;
  if (lead != NULL && lead->count > 0) {
    double h = half_window_s / half_window_samples, from, to;
    if (!(ahead + 2.0 < (double)n))
      return NAN;
    from = read != NULL && behind >= 0.0 ? read(data, CS_READ_LV_PRESSURE, behind)
           : behind >= 1.0               ? lv_pressure_at(s, n, behind)
                                         : lv_pressure_across_start(s, n, h, lead, behind * h);
    to = read != NULL && ahead >= 0.0 ? read(data, CS_READ_LV_PRESSURE, ahead)
         : ahead >= 1.0               ? lv_pressure_at(s, n, ahead)
                                      : lv_pressure_across_start(s, n, h, lead, ahead * h);
    return (to - from) / (2.0 * half_window_s);
  }
  if (!periodic && !(behind >= 1.0 && ahead + 2.0 < (double)n))
    return NAN;
  if (read != NULL)
    return (read(data, CS_READ_LV_PRESSURE, within_beat(ahead, n)) -
            read(data, CS_READ_LV_PRESSURE, within_beat(behind, n))) /
           (2.0 * half_window_s);
  return (lv_pressure_at(s, n, ahead) - lv_pressure_at(s, n, behind)) / (2.0 * half_window_s);
}

/* The largest value of @f over [@lo, @hi] by golden-section search (Kiefer 1953), @steps
 * narrowings, taking @f as unimodal there, as the indices' extrema are around the corner a valve's
 * opening or a stimulus puts in them. A read past the samples (NAN) counts as the lower side. The
 * largest value read, NAN when every read was NAN. */
typedef double (*Objective)(const void *context, double position);

static double golden_section_max(Objective f, const void *context, double lo, double hi, int steps)
{
  const double shrink = 0.5 * (sqrt(5.0) - 1.0);
  double x1 = hi - shrink * (hi - lo), x2 = lo + shrink * (hi - lo);
  double f1 = f(context, x1), f2 = f(context, x2);
  double best = fmax(f1, f2);

  for (int i = 0; i < steps; i++) {
    if (f1 > f2 || isnan(f2)) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - shrink * (hi - lo);
      f1 = f(context, x1);
      best = fmax(best, f1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + shrink * (hi - lo);
      f2 = f(context, x2);
      best = fmax(best, f2);
    }
  }
  return best;
}

/* The largest value of @f over [@lo, @hi] by Brent's method (Brent 1973, Algorithms for
 * Minimization without Derivatives, chapter 5): parabolas through the three best points where
 * they fall inside the bracket and step less than half the step before last, golden sections
 * otherwise, from @start (the cubic's estimate of where the peak is), until the bracket is within
 * 4 @tolerance. A smooth peak (a relaxation's dP/dtmin) takes ~7 reads where golden sections
 * alone take 12; a corner (dP/dtmax where the aortic valve opens) falls back to golden sections.
 * A read past the samples (NAN) counts as the lower side, and a parabola is fitted only through
 * numbers. The largest value read, NAN when every read was NAN. */
/* A cap on brent_max's reads: its bracket shrinks at least by golden sections every other read,
 * so the tolerance (a 0.008 share of the reach) is reached within ~24 reads at worst; random
 * peaks with corners took at most 15 (a second reader's harness, forty-third session). */
#define BRENT_MAX_READS 30
static double brent_max(Objective f, const void *context, double lo, double hi, double start,
                        double tolerance)
{
  const double golden = 0.5 * (3.0 - sqrt(5.0));
  double a = lo, b = hi, x = fmin(fmax(start, lo), hi), w, v, u;
  double fx, fw, fv, fu, best, d = 0.0, e = 0.0;

  best = f(context, x);
  fx = isnan(best) ? -INFINITY : best; /* the function maximised: f, NAN as -infinity */
  w = v = x;
  fw = fv = fx;
  for (int reads = 1; reads < BRENT_MAX_READS; reads++) {
    double middle = 0.5 * (a + b), tol2 = 2.0 * tolerance;
    int parabolic = 0;

    if (fabs(x - middle) <= tol2 - 0.5 * (b - a))
      break;
    if (fabs(e) > tolerance && isfinite(fx) && isfinite(fw) && isfinite(fv)) {
      /* The vertex of the parabola through (x, fx), (w, fw), (v, fv), as a step p / q from x. */
      double r = (x - w) * (fx - fv), q = (x - v) * (fx - fw), p = (x - v) * q - (x - w) * r;
      double before_last = e;
      q = 2.0 * (q - r);
      if (q > 0.0)
        p = -p;
      else
        q = -q;
      if (fabs(p) < fabs(0.5 * q * before_last) && p > q * (a - x) && p < q * (b - x)) {
        e = d;
        d = p / q;
        u = x + d;
        if (u - a < tol2 || b - u < tol2)
          d = middle >= x ? tolerance : -tolerance;
        parabolic = 1;
      }
    }
    if (!parabolic) {
      e = x >= middle ? a - x : b - x;
      d = golden * e;
    }
    u = fabs(d) >= tolerance ? x + d : x + (d >= 0.0 ? tolerance : -tolerance);
    fu = f(context, u);
    best = fmax(best, fu);
    if (isnan(fu))
      fu = -INFINITY;
    /* A tie of two reads past the samples says nothing of where the peak is: the bracket
     * shrinks from the read's side. */
    if (fu > fx || (fu == fx && fu > -INFINITY)) {
      if (u >= x)
        a = x;
      else
        b = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x)
        a = u;
      else
        b = u;
      if (fu >= fw || w == x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu >= fv || v == x || v == w) {
        v = u;
        fv = fu;
      }
    }
  }
  return best;
}

typedef struct {
  const CsSample *samples;
  size_t n;
  int periodic;
  const CsLeadIn *lead;
  CsBeatReader read;
  void *data;
  double half_window_samples, half_window_s;
  double lo, hi; /* the centres read, in samples: [lo, hi) */
  double sign;
} SlopeSearch;

/* The windowed slope at @position times the search's sign, on the cubic (@read NULL) or the
 * solver's pressure; NAN outside the centres it reads. */
static double bounded_slope(const SlopeSearch *c, CsBeatReader read, double position)
{
  if (!(position >= c->lo && position < c->hi))
    return NAN;
  return c->sign * windowed_slope(c->samples, c->n, c->periodic, c->lead, read, c->data, position,
                                  c->half_window_samples, c->half_window_s);
}

static double signed_slope(const void *context, double position)
{
  const SlopeSearch *c = context;
  return bounded_slope(c, c->read, position);
}

/* Sample peaks (dpdt_extremes): the two largest values fed that their neighbours confirm as
 * peaks, and the largest of all. */
typedef struct {
  double best, peak, second;
  long best_at, peak_at, second_at;
} SamplePeak;

/* Takes @here, at @k, between @before and @after; @inside: a centre the search reads. */
static void sample_peak_take(SamplePeak *p, long k, double before, double here, double after,
                             int inside)
{
  if (!inside)
    return;
  if (here > p->best) {
    p->best = here;
    p->best_at = k;
  }
  if (here >= before && here > after) {
    if (here > p->peak) {
      p->second = p->peak;
      p->second_at = p->peak_at;
      p->peak = here;
      p->peak_at = k;
    } else if (here > p->second) {
      p->second = here;
      p->second_at = k;
    }
  }
}

/* With @confirm, the confirmed peak, or where none is, the largest of all (at an end; *confirmed
 * 0); without, the largest of all. -INFINITY for none. */
static double sample_peak_result(const SamplePeak *p, int confirm, long *at, int *confirmed)
{
  *confirmed = confirm && p->peak > -INFINITY;
  *at = *confirmed ? p->peak_at : p->best_at;
  return *confirmed ? p->peak : p->best;
}

/* The largest confirmed peak other than the one at @at (-INFINITY for none), in *other_at. */
static double sample_peak_other(const SamplePeak *p, long at, long *other_at)
{
  *other_at = p->peak_at != at ? p->peak_at : p->second_at;
  return p->peak_at != at ? p->peak : p->second;
}

/* The windowed slope times @c's sign near @at (in samples), where sample_peak found @best:
 * DPDT_SUBSAMPLES times per step within a step of it (the windowed slope is smooth there but for
 * the valves' kinks), then refined on the solver's own pressure within DPDT_REFINE_REACH steps of
 * there (where every read of it falls outside, the cubic's), wherever that lies: between the
 * samples a peak may fall on the other side of a boundary, where the search from there, finding
 * it at its edge, does not take it. One that falls short of @beaten by more than
 * DPDT_UNREFINED_MARGIN is left as the cubic reads it. */
static double refine_peak(SlopeSearch *c, double at, double best, int confirmed, double beaten)
{
  double best_at = at, refined, lo = c->lo, hi = c->hi;

  if (confirmed) {
    c->lo = -INFINITY;
    c->hi = INFINITY;
  }
  for (int q = -DPDT_SUBSAMPLES; q <= DPDT_SUBSAMPLES; q++) {
    double offset = (double)q / DPDT_SUBSAMPLES;
    double d = bounded_slope(c, NULL, at + offset);
    if (d > best) {
      best = d;
      best_at = at + offset;
    }
  }
  /* Below what another part of the contraction read, by more than refining moves a reading (the
   * cubic's is within ~1 % of the solver's), it cannot be the extremum. */
  if (best < beaten - DPDT_UNREFINED_MARGIN * fabs(beaten))
    refined = best;
  else if (c->sign < 0.0)
    refined = brent_max(signed_slope, c, best_at - DPDT_REFINE_REACH, best_at + DPDT_REFINE_REACH,
                        best_at, DPDT_REFINE_TOLERANCE);
  else
    refined = golden_section_max(signed_slope, c, best_at - DPDT_REFINE_REACH,
                                 best_at + DPDT_REFINE_REACH, DPDT_REFINEMENTS);
  c->lo = lo;
  c->hi = hi;
  return isnan(refined) ? best : refined;
}

/* The peak at @at (@best on the samples' cubic, @confirmed or at an end) refined (refine_peak),
 * and another confirmed peak @p holds within DPDT_UNREFINED_MARGIN of it, refined too: between
 * the samples a sharp peak can stand above one the samples put higher (a patient paced LV-only at
 * 155 /min under dobutamine: 1701.8 mmHg/s on the cubic near a stimulus against 1738.1, and
 * 1752.6 against 1741.2 on the solver's pressure; the property tests' patients, seed 11, case
 * 2458). A reading whose extremes are not confirmed (a beat read alone, over its own period, as a
 * steady state begun at an extrapolated state is) refines that other peak whatever the cubic
 * reads of it: at a valve's corner in a hyperdynamic heart paced at 143 /min the cubic read
 * -3553 mmHg/s where the solver's pressure gives -5794, a third short of the other candidate's
 * -5608, and the steady state reported dP/dtmin -5631 where the beats after it, whose parts of
 * the contraction are confirmed, read -5794 (the property tests' patients,
 * CT_PROPERTY_SEED=3822025281628835013). The larger. */
static double refine_best(SlopeSearch *c, const SamplePeak *p, long at, double best, int confirmed,
                          double beaten, long *won_at)
{
  long other_at;
  double other = sample_peak_other(p, at, &other_at);
  double refined = refine_peak(c, (double)at, best, confirmed, beaten);

  *won_at = at;
  if (other > -INFINITY && (!confirmed || other >= best - DPDT_UNREFINED_MARGIN * fabs(best))) {
    double second = refine_peak(c, (double)other_at, other, 1, beaten);
    if (second > refined) {
      refined = second;
      *won_at = other_at;
    }
  }
  return refined;
}

/* Where dpdt_extremes found dP/dt's largest and smallest value, in samples, and the values:
 * another search over an overlapping stretch that finds its peak at the same sample takes the
 * value instead of refining it again (a beat without a lead-in reads its whole period and then
 * the part it hands over; the steady-state search's extrapolated beats are such beats). */
typedef struct {
  long max_at, min_at;
  CsDpdtCarry value;
} DpdtFound;

/* dP/dt's largest and smallest value over the windows centred in [@lo, @hi) samples: at every
 * sample first, on the cubic, the largest and the smallest that their neighbouring samples, read
 * on either side of the centres (on the beat before's or the beat after's side of a boundary
 * between contractions), confirm as peaks (sample_peak), then refined (refine_peak). One that
 * falls short of @beaten's (NULL: none) by more than DPDT_UNREFINED_MARGIN is left unrefined.
 * -INFINITY and INFINITY where no window is read. */
static CsDpdtCarry dpdt_extremes(const CsSample *s, size_t n, int periodic, const CsLeadIn *lead,
                                 CsBeatReader read, void *data, double half_window_samples,
                                 double half_window_s, double lo, double hi, int confirm,
                                 const CsDpdtCarry *beaten, const DpdtFound *known,
                                 DpdtFound *found)
{
  SlopeSearch c = {s,  n,  periodic, lead, read, data, half_window_samples, half_window_s,
                   lo, hi, 1.0};
  CsDpdtCarry out = {-INFINITY, INFINITY};
  SamplePeak up = {-INFINITY, -INFINITY, -INFINITY, 0, 0, 0};
  SamplePeak down = {-INFINITY, -INFINITY, -INFINITY, 0, 0, 0};
  long first = (long)ceil(lo), max_at, min_at;
  int max_confirmed, min_confirmed;
  double before = NAN, here = NAN, max_best, min_best;

  /* Every centre from the one before the first to the one after the last, each taken once its
   * neighbour after it is read (the neighbours outside [lo, hi) are read, not taken). */
  for (long k = first - 1; (double)(k - 1) < hi; k++) {
    double after = windowed_slope(s, n, periodic, lead, NULL, data, (double)k, half_window_samples,
                                  half_window_s);
    if (k > first - 1) {
      int inside = (double)(k - 1) >= lo && (double)(k - 1) < hi;
      sample_peak_take(&up, k - 1, before, here, after, inside);
      sample_peak_take(&down, k - 1, -before, -here, -after, inside);
    }
    before = here;
    here = after;
  }
  max_best = sample_peak_result(&up, confirm, &max_at, &max_confirmed);
  min_best = sample_peak_result(&down, confirm, &min_at, &min_confirmed);
  if (known != NULL && max_best > -INFINITY && max_at - known->max_at <= 1 &&
      known->max_at - max_at <= 1)
    out.max_mmhg_s = known->value.max_mmhg_s;
  else if (max_best > -INFINITY)
    out.max_mmhg_s = refine_best(&c, &up, max_at, max_best, max_confirmed,
                                 beaten != NULL ? beaten->max_mmhg_s : -INFINITY, &max_at);
  c.sign = -1.0;
  if (known != NULL && min_best > -INFINITY && min_at - known->min_at <= 1 &&
      known->min_at - min_at <= 1)
    out.min_mmhg_s = known->value.min_mmhg_s;
  else if (min_best > -INFINITY)
    out.min_mmhg_s = -refine_best(&c, &down, min_at, min_best, min_confirmed,
                                  beaten != NULL ? -beaten->min_mmhg_s : -INFINITY, &min_at);
  if (found != NULL) {
    found->max_at = max_at;
    found->min_at = min_at;
    found->value = out;
  }
  return out;
}

typedef struct {
  size_t n;
  int periodic;
  CsBeatReader read;
  void *data;
  CsReadQuantity which;
} MinimumSearch;

/* @which at @position with its sign turned, a periodic beat read across its ends; NAN past the
 * ends of another. */
static double negated_read(const void *context, double position)
{
  const MinimumSearch *c = context;
  if (!c->periodic && !(position >= 0.0 && position < (double)c->n))
    return NAN;
  return -c->read(c->data, c->which, within_beat(position, c->n));
}

/* The smallest pressure @which on the solver's solution within DIASTOLIC_REFINE_REACH steps of
 * the sample @centre where the samples' smallest lies: an artery's diastolic pressure is where its
 * valve opens, a corner of the pressure that falls between samples, and the smallest sample missed
 * it by up to a step's fall of the pressure: at the 4 ms step the PA diastolic pressure up to 1.3 %
 * (`advanced-hf` with a pump and nitroprusside, 4.01 against 3.96 mmHg), beyond 0.5 % in 10 of
 * 298 random clinical cases (a second reader's sweep, tests/integrator-sweep.c). @sample_min
 * where every read falls past the samples. */
static double refine_minimum(size_t n, int periodic, CsBeatReader read, void *data,
                             CsReadQuantity which, double centre, double sample_min)
{
  MinimumSearch c = {n, periodic, read, data, which};
  return fmin(sample_min,
              -golden_section_max(negated_read, &c, centre - DIASTOLIC_REFINE_REACH,
                                  centre + DIASTOLIC_REFINE_REACH, DIASTOLIC_REFINEMENTS));
}

/* Where the LV's filling falls through zero within the step around @crossing (the samples'
 * estimate), on the solver's solution: the Illinois variant of regula falsi (Dowell & Jarratt
 * 1971) from the step's two ends, END_OF_FILLING_ITERATIONS times. The step's estimate is a
 * straight line between samples, off by a part of a step that moves LVEDP with the step (0.6 %
 * at 4 ms in `ischemic-scar` paced at 100 bpm); @crossing itself where the reads do not bracket a
 * fall through zero. */
static double end_of_filling(CsBeatReader read, void *data, double crossing, size_t n, int periodic)
{
  double lo = floor(crossing), hi = lo + 1.0;
  double f_lo, f_hi, x = crossing;
  int side = 0;

  /* The last step ends at the beat's end, which is a periodic beat's start (the reader reads
   * within [0, n)). */
  if (!(lo >= 0.0 && (hi < (double)n || (periodic && hi == (double)n))))
    return crossing;
  f_lo = read(data, CS_READ_LV_FILLING, lo);
  f_hi = read(data, CS_READ_LV_FILLING, hi < (double)n ? hi : 0.0);
  if (!(f_lo > 0.0 && f_hi <= 0.0))
    return crossing;
  for (int i = 0; i < END_OF_FILLING_ITERATIONS; i++) {
    double f;
    x = (lo * f_hi - hi * f_lo) / (f_hi - f_lo);
    f = read(data, CS_READ_LV_FILLING, x);
    if (!isfinite(f))
      return crossing;
    if (f > 0.0) {
      lo = x;
      f_lo = f;
      if (side == -1)
        f_hi *= 0.5;
      side = -1;
    } else {
      hi = x;
      f_hi = f;
      if (side == 1)
        f_lo *= 0.5;
      side = 1;
    }
  }
  return x;
}

/* Where the LV's filling falls through zero between samples @a and @b (in that order), as a
 * fraction of the interval; INFINITY where it does not. Without a pump, filling ends where the
 * atrium's pressure falls to the ventricle's: that difference crosses zero along a straight line,
 * where the flow it drives through the orifice (as its square root, Bernoulli) falls vertically,
 * and a straight line between the samples of the flow placed the crossing early by up to a step's
 * fraction. */
static double filling_fall(const CsSample *a, const CsSample *b)
{
  double now = lv_filling_ml_s(a), next = lv_filling_ml_s(b);
  double d0 = a->la_pressure_mmhg - a->lv_pressure_mmhg;
  double d1 = b->la_pressure_mmhg - b->lv_pressure_mmhg;

  if (!(now > 0.0 && next <= 0.0))
    return INFINITY;
  if (a->lvad_flow_ml_s == 0.0 && b->lvad_flow_ml_s == 0.0 && d0 > 0.0 && d1 <= 0.0)
    return d0 / (d0 - d1);
  return now / (now - next);
}

/* The same between samples @k and @k + 1, in samples from the beat's start. */
static double filling_crossing(const CsSample *s, size_t k)
{
  return (double)k + filling_fall(&s[k], &s[k + 1]);
}

/* Where filling from the atrium ends once the LV is activated at @onset (in samples): where the
 * volume the ventricle has taken through its inflow since then (mitral inflow less the pump's draw
 * and forward ejection, lv_filling_ml_s) is largest, within @reach samples, estimated on the
 * samples (a straight line between them); @onset itself where it takes none. Across the end of a
 * @periodic beat into its start (a position of n or more), within the samples otherwise.
 * Taken as the first fall of filling through zero after the activation instead, the reading
 * followed wherever the flow touched zero: between the E and A waves of a paced failing heart the
 * inflow dipped to 0.1 ml/s at the 4 ms step and below zero at 1 ms, and LVEDP read 19.4 and 15.3
 * mmHg (the pressure after the A wave against the one before it; `hfref-lbbb` with CRT, an
 * integrator sweep's case, docs/engine.md). A dip that fills on after it is no maximum of the
 * volume taken, and a late brush of the atrium's pressure against the rising ventricle's (after
 * the valve closed and leaked back) is a lower one. Anchored instead at the volume's largest
 * sample, the search found nothing where an aortic leak fills the ventricle on until it ejects
 * and that sample fell at the beat's start, and read the pressure at the activation, during the E
 * wave (14.2 against 20.8 mmHg at 1 ms, `hfref-lbbb` paced at 131 /min with aortic
 * regurgitation). */
static double filling_end_after(const CsSample *s, size_t n, int periodic, double h, double onset,
                                size_t reach)
{
  size_t first = (size_t)onset;
  double into = onset - (double)first;
  double at_onset = lv_filling_ml_s(&s[first]) +
                    into * (lv_filling_ml_s(&s[first + 1]) - lv_filling_ml_s(&s[first]));
  double taken = 0.0, most = 0.0, end = onset;

  for (size_t j = first; j < first + reach; j++) {
    const CsSample *a = &s[j % n], *b = &s[(j + 1) % n];
    double from = j == first ? into : 0.0;
    double f_from = j == first ? at_onset : lv_filling_ml_s(a), f_to = lv_filling_ml_s(b);
    double fall;

    if (!periodic && j + 1 >= n)
      break;
    fall = filling_fall(a, b);
    if (fall >= from && fall <= 1.0) {
      /* Filling falls through zero within the interval: the volume taken peaks there (the flow a
       * straight line to it). */
      double peak = taken + 0.5 * f_from * (fall - from) * h;
      if (peak > most) {
        most = peak;
        end = (double)j + fall;
      }
    }
    taken += 0.5 * (f_from + f_to) * (1.0 - from) * h;
  }
  return end;
}

/* Adds to @flow2_ml2_s the integral of the squared flow over the part of an interval of @h s, the
 * flow a straight line from @q0 to @q1 (ml/s), where it stands above @threshold_ml_s, and that
 * part's length to @open_s. */
static void flow_squared_above(double q0, double q1, double threshold_ml_s, double h,
                               double *flow2_ml2_s, double *open_s)
{
  double from, to, qa, qb; /* the part above the threshold, as fractions of the interval */

  if (q0 <= threshold_ml_s && q1 <= threshold_ml_s)
    return;
  from = q0 > threshold_ml_s ? 0.0 : (threshold_ml_s - q0) / (q1 - q0);
  to = q1 > threshold_ml_s ? 1.0 : (q0 - threshold_ml_s) / (q0 - q1);
  qa = q0 + (q1 - q0) * from;
  qb = q0 + (q1 - q0) * to;
  /* The integral of a straight line's square. */
  *flow2_ml2_s += h * (to - from) * (qa * qa + qa * qb + qb * qb) / 3.0;
  *open_s += h * (to - from);
}

/* The share of its peak at which a valve's forward-flow envelope begins and ends for its mean
 * gradient. A Doppler envelope is traced from where the jet's velocity rises above the wall filter,
 * not through the closing valve's last trickle: a normal aortic valve ejects its last ~20 ms at
 * under a tenth of its peak flow, and the end of that tail moved by 3.5 ms with the solver's step.
 */
#define GRADIENT_FLOW_SHARE 0.05

/* The simplified Bernoulli equation of Doppler echocardiography, dP = 4 v^2 (mmHg, v in m/s;
 * Hatle et al. 1978), with the jet's velocity v = Q / EOA at its vena contracta: 4 / 100^2 per
 * (ml/s / cm2)^2. */
#define DOPPLER_MMHG_PER_CM_S_SQUARED 4e-4

/* The pieces in which an interval where a valve opens or shuts is read (doppler_mean_gradient):
 * 3 readings a valve event, on steps the dP/dt and LVEDP readings mostly refine already; 1500
 * beats of the LBBB twin took ~1.5 % longer than without the gradients (0.71 against 0.70 s, the
 * median of five, on this project's 2-core machine). As many as the sub-steps in which
 * read_between_steps (cs-model.c, REFINED_SUBSTEPS) integrates such a step again, so that the
 * inner reads fall on the sub-steps' nodes. */
#define GRADIENT_EDGE_PIECES 4

/* The trace flows (cs_indices_trace_flows). A sample's flow is the valve's law at the sample's
 * state, and where the mitral valve stands open at a low flow in diastasis that law is stiff: the
 * leaflets' linear resistance alone (0.002 mmHg s/ml) couples two chambers whose pressures differ
 * by hundredths of a mmHg, and an error of 0.01 mmHg in either is 5 ml/s of flow. At the 4 ms
 * step the samples' diastolic flow in `ischemic-scar` paced DDD at 97 /min with aortic
 * regurgitation wavered between 16 and 32 ml/s where at 0.5 ms it runs smoothly at 28-34; the
 * volumes the flow moved, and so the steps' mean flows (RK4's weights on its stages' flows), kept
 * within ~2 ml/s of the fine solution, and the mean gradient, whose trace ends where that faint
 * flow falls below 5 % of the peak, read 1.98 mmHg against 1.71 (integrator-sweep 300 20261129,
 * case 181; case 190 of seed 4329, 5.30 against 5.56). A sample's trace flow is the value at the
 * step boundary of the fourth-order interpolant through the four steps' means around it,
 * 7/12 (m(k-1) + m(k)) - 1/12 (m(k-2) + m(k+1)) (the slope at sample k of the quartic through
 * the volume moved since sample k - 2, as the piecewise parabolic method's interface value,
 * Colella & Woodward 1984, J Comput Phys 54:174): exact for a flow cubic in time, where the
 * step's mean itself lags half a step; where the five samples from k - 2 to k + 2 all carry
 * forward flow. Where the valve opens or shuts within those four steps their means mix the two,
 * and the value comes from the three steps on the open side alone, 11/6 m(k-1) - 7/6 m(k-2) +
 * 1/3 m(k-3) (or its mirror), exact for a flow quadratic in time: the E wave's tail, whose
 * samples ran 8 ml/s above the fine solution's in `hfref-lbbb` paced VVI with aortic
 * regurgitation, so that the trace ended 1.3 ms late (3.007 against 3.050 mmHg, integrator-sweep
 * 300 20261129, case 140; 3.038 since). Such an extrapolation is held between the means of the
 * two steps beside the sample (the piecewise parabolic method's limiter, ibid.): where the 4 ms
 * step's own inflow shut for a step in diastasis, unlimited it read 38 ml/s beside a mean of 15
 * and drew the trace on across the pause (case 160: 3.08 against 3.41 mmHg). Where the valve is
 * shut (a leak's backflow, or nothing), within three samples of the ends of a beat that is not
 * one period, and should the value dip to nothing, the sample's own flow serves.
 * Over the integrator sweep's 1200 cases of four draws, the cases with an index beyond 0.5 % fell
 * from 98 to 36 (docs/engine.md). Computed once a beat for both valves: 1.1 % of a beat's
 * instructions in `hfref-lbbb` with dobutamine (callgrind). */
static double node_flow(const double sample_ml_s[7], const double mean_ml_s[6])
{
  int open_before = sample_ml_s[0] > 0.0 && sample_ml_s[1] > 0.0 && sample_ml_s[2] > 0.0;
  int open_after = sample_ml_s[4] > 0.0 && sample_ml_s[5] > 0.0 && sample_ml_s[6] > 0.0;
  double node_ml_s;

  /* Sample 3 (k) carries forward flow (trace_flow). */
  if (sample_ml_s[1] > 0.0 && sample_ml_s[2] > 0.0 && sample_ml_s[4] > 0.0 &&
      sample_ml_s[5] > 0.0) {
    node_ml_s = (7.0 * (mean_ml_s[2] + mean_ml_s[3]) - (mean_ml_s[1] + mean_ml_s[4])) / 12.0;
  } else if (open_before || open_after) {
    double low = mean_ml_s[2] < mean_ml_s[3] ? mean_ml_s[2] : mean_ml_s[3];
    double high = mean_ml_s[2] < mean_ml_s[3] ? mean_ml_s[3] : mean_ml_s[2];
    node_ml_s = open_before ? (11.0 * mean_ml_s[2] - 7.0 * mean_ml_s[1] + 2.0 * mean_ml_s[0]) / 6.0
                            : (11.0 * mean_ml_s[3] - 7.0 * mean_ml_s[4] + 2.0 * mean_ml_s[5]) / 6.0;
    node_ml_s = node_ml_s < low ? low : node_ml_s > high ? high : node_ml_s;
  } else {
    return sample_ml_s[3];
  }
  return node_ml_s > 0.0 ? node_ml_s : sample_ml_s[3];
}

/* Sample @k's trace flow through the aortic or the mitral valve (cs_indices_trace_flows). */
static double trace_flow(const CsSample *s, size_t n, int periodic, const CsValveFlows *means,
                         size_t k, int aortic)
{
  double sample_ml_s[7], mean_ml_s[6];
  double own_ml_s = aortic ? s[k].aortic_flow_ml_s : s[k].mitral_flow_ml_s;

  if (!(own_ml_s > 0.0) || (!periodic && (k < 3 || k + 3 >= n)) || n < 7)
    return own_ml_s;
  /* Samples k - 3 to k + 3 and steps k - 3 to k + 2, across the ends of a periodic beat. */
  if (k >= 3 && k + 3 < n) {
    const CsSample *at = s + k - 3;
    const CsValveFlows *mean = means + k - 3;
    for (int j = 0; j < 7; j++)
      sample_ml_s[j] = aortic ? at[j].aortic_flow_ml_s : at[j].mitral_flow_ml_s;
    for (int j = 0; j < 6; j++)
      mean_ml_s[j] = aortic ? mean[j].aortic_ml_s : mean[j].mitral_ml_s;
  } else {
    for (int j = 0; j < 7; j++) {
      size_t i = (k + n + (size_t)j - 3) % n;
      sample_ml_s[j] = aortic ? s[i].aortic_flow_ml_s : s[i].mitral_flow_ml_s;
      if (j < 6)
        mean_ml_s[j] = aortic ? means[i].aortic_ml_s : means[i].mitral_ml_s;
    }
  }
  return node_flow(sample_ml_s, mean_ml_s);
}

void cs_indices_trace_flows(const CsSample *s, size_t n, int periodic,
                            const CsValveFlows *step_means, CsValveFlows *trace)
{
  for (size_t k = 0; k < n; k++) {
    trace[k].aortic_ml_s = trace_flow(s, n, periodic, step_means, k, 1);
    trace[k].mitral_ml_s = trace_flow(s, n, periodic, step_means, k, 0);
  }
}

/* The forward flow through one valve that a Doppler trace reads at a beat's samples: its trace
 * flows (the steps' means at the samples, cs_indices_trace_flows) where the beat has them, else the
 * samples' own. Where the flow at sample 0 lies, and the bytes from one sample's to the next. */
typedef struct {
  const char *first;
  size_t stride;
} ValveTrace;

static ValveTrace valve_trace(const CsSample *s, const CsValveFlows *flows, int aortic)
{
  ValveTrace t;

  if (flows != NULL) {
    t.first = (const char *)(aortic ? &flows[0].aortic_ml_s : &flows[0].mitral_ml_s);
    t.stride = sizeof *flows;
  } else {
    t.first = (const char *)(aortic ? &s[0].aortic_flow_ml_s : &s[0].mitral_flow_ml_s);
    t.stride = sizeof *s;
  }
  return t;
}

/* Sample @k + @offset's flow in @t, across the beat's ends. */
static inline double flow_sample(const ValveTrace *t, size_t n, size_t k, int offset)
{
  size_t i = (k + n + (size_t)(ptrdiff_t)offset) % n;
  double q;

  memcpy(&q, t->first + i * t->stride, sizeof q);
  return q;
}

/* How sharply a flow turns at a peak for the trace to look between its samples for the top of a
 * wave (wave_may_peak_between), as a share of the threshold of the trace: the second difference at
 * the peak, 2 q(k) - q(k - 1) - q(k + 1). A wave narrower than the step turns the samples on its
 * flanks sharply (20 ml/s, 0.7 of the threshold, in the case 168 below), where the top of a wave
 * the samples resolve turns gently (2 ml/s, a 15th of the threshold, at the top of a small A wave
 * at the 4 ms step), and reading between them would gain nothing; nor would it where a shut
 * valve's leak wavers about nothing by 1e-10 ml/s. */
#define GRADIENT_PEAK_TURN_SHARE 0.1

/* The least turn of a sharp peak, whatever the threshold (ml/s): a valve that barely opens, its
 * threshold near nothing, would otherwise take a leak's wavering for waves. */
#define GRADIENT_PEAK_TURN_FLOOR_ML_S 0.01

/* Whether sample @k's flow is a peak that turns by more than @turn_ml_s (across the beat's ends
 * only where the beat is one period). */
static inline int flow_peaks_at(const ValveTrace *t, size_t n, int periodic, size_t k,
                                double turn_ml_s)
{
  double q = flow_sample(t, n, k, 0);
  double before = flow_sample(t, n, k, -1), after = flow_sample(t, n, k, 1);

  if (!periodic && (k == 0 || k + 1 >= n))
    return 0;
  return q > before && q > after && 2.0 * q - before - after > turn_ml_s;
}

/* Whether a wave of the flow may peak between sample @k and the next unseen by them: one of the
 * two is a sharp peak of the flow (GRADIENT_PEAK_TURN_SHARE), above minus @threshold_ml_s. A weak
 * atrial contraction that opens the valve for a few milliseconds between two stretches of backflow
 * peaks between the samples: in `ischemic-scar` paced DDD at 97 /min with an AV delay of 245 ms,
 * its sample at the 4 ms step read 19 ml/s of a wave that peaks at ~50 (the threshold 29), and the
 * trace left out the stretch of diastolic backflow before it, which at 0.1 ms it bridged: mean
 * gradient 2.64 against 1.73 mmHg (integrator-sweep 300 20261129, case 161; in case 168 of seed
 * 4329, paced DDD at 125 /min, the wave rose and fell between two samples of backflow, -18.5,
 * -2.6 and -6.2 ml/s). Such an interval is read on the solver's own solution, on its step
 * integrated again in sub-steps (CS_READ_MITRAL_FLOW_IN_SUBSTEPS, cs-model.c), as a step in which
 * a valve opens or shuts always is. */
static inline int wave_may_peak_between(const ValveTrace *t, size_t n, int periodic, size_t k,
                                        double threshold_ml_s)
{
  double turn_ml_s = fmax(GRADIENT_PEAK_TURN_SHARE * threshold_ml_s, GRADIENT_PEAK_TURN_FLOOR_ML_S);
  double q0 = flow_sample(t, n, k, 0), q1 = flow_sample(t, n, k, 1);

  if (!(q0 > -threshold_ml_s || q1 > -threshold_ml_s))
    return 0;
  return (q0 > q1 && flow_peaks_at(t, n, periodic, k, turn_ml_s)) ||
         (q1 > q0 && flow_peaks_at(t, n, periodic, (k + 1) % n, turn_ml_s));
}

/* The flow between samples as the trace reads it: on the step integrated again in sub-steps where
 * a wave may peak between the samples (wave_may_peak_between), else as @flow. */
static CsReadQuantity flow_read_between(const ValveTrace *t, size_t n, int periodic, size_t k,
                                        CsReadQuantity flow, double threshold_ml_s)
{
  int aortic = flow == CS_READ_AORTIC_FLOW;

  if (!wave_may_peak_between(t, n, periodic, k, threshold_ml_s))
    return flow;
  return aortic ? CS_READ_AORTIC_FLOW_IN_SUBSTEPS : CS_READ_MITRAL_FLOW_IN_SUBSTEPS;
}

/* Whether the forward flow rises above @threshold_ml_s between sample @k and the next where a
 * wave may peak unseen by them: read at the GRADIENT_EDGE_PIECES - 1 inner points, the nodes of
 * the sub-steps. */
static int wave_between_samples(const ValveTrace *t, size_t n, int periodic, size_t k,
                                double threshold_ml_s, CsReadQuantity flow, CsBeatReader read,
                                void *read_data)
{
  int aortic = flow == CS_READ_AORTIC_FLOW;
  CsReadQuantity which = aortic ? CS_READ_AORTIC_FLOW_IN_SUBSTEPS : CS_READ_MITRAL_FLOW_IN_SUBSTEPS;

  if (!wave_may_peak_between(t, n, periodic, k, threshold_ml_s))
    return 0;
  for (int j = 1; j < GRADIENT_EDGE_PIECES; j++)
    if (read(read_data, which, (double)k + (double)j / GRADIENT_EDGE_PIECES) > threshold_ml_s)
      return 1;
  return 0;
}

/* Whether a sharp peak above minus @threshold_ml_s (flow_peaks_at, wave_may_peak_between) lies
 * among the @length samples from @first on: one pass over them, which each valve's shut run takes
 * at every beat (with the rest of the search, 0.35 % of a beat's instructions in `hfref-lbbb` with
 * dobutamine, callgrind), where looking between samples costs a step integrated again. */
static int sharp_peak_within(const ValveTrace *t, size_t n, int periodic, size_t first,
                             size_t length, double threshold_ml_s)
{
  double turn_ml_s = fmax(GRADIENT_PEAK_TURN_SHARE * threshold_ml_s, GRADIENT_PEAK_TURN_FLOOR_ML_S);
  double before = flow_sample(t, n, first, -1), q = flow_sample(t, n, first, 0);

  for (size_t j = 0, k = first; j < length; j++) {
    size_t next = k + 1 == n ? 0 : k + 1;
    double after = flow_sample(t, n, next, 0);

    if (q > -threshold_ml_s && q > before && q > after && 2.0 * q - before - after > turn_ml_s &&
        (periodic || (k > 0 && k + 1 < n)))
      return 1;
    before = q;
    q = after;
    k = next;
  }
  return 0;
}

/* The run of samples in which a valve is shut, as the Doppler trace sees it: the longest stretch
 * of samples at or below @threshold_ml_s that holds sample @shut_at, an instant at which the valve
 * cannot carry forward flow (the LV's lowest pressure for the aortic valve, its highest for the
 * mitral), and between which the flow does not rise above it either (wave_between_samples).
 * Written as its first sample and length; a length of 0 where the valve carries forward flow even
 * then (a mitral inflow through every phase of an unloaded ventricle: the whole beat is the
 * trace), n where it never opens. Across the beat's ends only where the beat is one period. */
static void shut_run(const ValveTrace *t, size_t n, int periodic, CsReadQuantity flow,
                     double threshold_ml_s, size_t shut_at, CsBeatReader read, void *read_data,
                     size_t *first, size_t *length)
{
  int peaks = 0;
  size_t before = 0, after = 0;

  *first = shut_at;
  *length = 0;
  if (flow_sample(t, n, shut_at, 0) > threshold_ml_s)
    return;
  /* The run on the samples alone; then, only if a wave may peak unseen within it (rarely: a
   * valve's shut run is mostly a smooth leak or nothing), again, looking between its samples. */
  for (int look = 0; look < 2; look++) {
    before = after = 0;
    while (before + 1 < n && (periodic || shut_at >= before + 1) &&
           flow_sample(t, n, shut_at, -(int)(before + 1)) <= threshold_ml_s &&
           !(peaks && wave_between_samples(t, n, periodic, (shut_at + n - before - 1) % n,
                                           threshold_ml_s, flow, read, read_data)))
      before++;
    while (before + after + 1 < n && (periodic || shut_at + after + 1 < n) &&
           flow_sample(t, n, shut_at, (int)(after + 1)) <= threshold_ml_s &&
           !(peaks && wave_between_samples(t, n, periodic, (shut_at + after) % n, threshold_ml_s,
                                           flow, read, read_data)))
      after++;
    peaks = look == 0 && sharp_peak_within(t, n, periodic, (shut_at + n - before) % n,
                                           before + after + 1, threshold_ml_s);
    if (!peaks)
      break;
  }
  *first = (shut_at + n - before) % n;
  *length = before + after + 1;
}

/* The samples at a beat's start and end at or below @threshold_ml_s: in a beat of several, which
 * does not continue its own end, the valve's shut stretch is cut in two there (the aortic valve's
 * from the P wave to ejection and from its closure to the beat's end), and the half without the
 * LV's pressure extreme is shut as well. Read on the samples alone: a wave cut between them there
 * (wave_may_peak_between) is not looked for, in such a beat only (one of a cycle of several, or
 * one on the way to a steady state). */
static void shut_ends(const ValveTrace *t, size_t n, double threshold_ml_s, size_t *head,
                      size_t *tail)
{
  *head = 0;
  *tail = 0;
  while (*head < n && flow_sample(t, n, *head, 0) <= threshold_ml_s)
    (*head)++;
  while (*tail < n && flow_sample(t, n, n - 1 - *tail, 0) <= threshold_ml_s)
    (*tail)++;
}

/* The mean gradient as Doppler reads it over a beat's samples: the time mean of 4 v^2 over the
 * traced envelope, from the forward flow's rise above GRADIENT_FLOW_SHARE of its peak to its fall
 * below it around the run in which the valve is shut (shut_run); 0 for a valve that did not open.
 * A trough inside the envelope is traced through, as the sonographer traces mitral inflow from
 * the E wave's onset to the A wave's end across diastasis (Baumgartner et al. 2009, J Am Soc
 * Echocardiogr 22:1, the mean gradient from the traced diastolic inflow): a threshold applied to
 * every sample dropped a failing heart's E-A trough, near 5 % of the peak, at one step and kept
 * it at another (48 of the integrator sweep's 50 cases beyond 0.5 %, docs/engine.md). */
static double doppler_mean_gradient(const CsSample *s, const CsValveFlows *flows, size_t n,
                                    int periodic, double h, CsReadQuantity flow, double orifice_cm2,
                                    size_t shut_at, CsBeatReader read, void *read_data)
{
  int aortic = flow == CS_READ_AORTIC_FLOW;
  const ValveTrace trace = valve_trace(s, flows, aortic);
  double peak_ml_s = 0.0, flow2_ml2_s = 0.0, open_s = 0.0, threshold_ml_s;
  size_t shut_first, shut_length, head = 0, tail = 0;

  for (size_t k = 0; k < n; k++)
    peak_ml_s = fmax(peak_ml_s, flow_sample(&trace, n, k, 0));
  threshold_ml_s = GRADIENT_FLOW_SHARE * peak_ml_s;
  if (!(peak_ml_s > 0.0))
    return 0.0;
  shut_run(&trace, n, periodic, flow, threshold_ml_s, shut_at, read, read_data, &shut_first,
           &shut_length);
  if (shut_length >= n)
    return 0.0;
  if (!periodic)
    shut_ends(&trace, n, threshold_ml_s, &head, &tail);
  /* From the last sample back to the first only where the beat is one period of the
   * circulation; one beat of several ends where the next begins, not where it began. */
  for (size_t k = 0; k < (periodic ? n : n - 1); k++) {
    double q0 = flow_sample(&trace, n, k, 0), q1 = flow_sample(&trace, n, k, 1);
    size_t next = (k + 1) % n;
    int shut0 = (k + n - shut_first) % n < shut_length || k < head || k + tail >= n;
    int shut1 = (next + n - shut_first) % n < shut_length || next < head || next + tail >= n;
    /* The samples on either side, where the beat has them (a beat of several does not continue
     * its own end). */
    int neighbours = periodic || (k >= 1 && k + 2 < n);
    double qm = neighbours ? flow_sample(&trace, n, k, -1) : 0.0;
    double q2 = neighbours ? flow_sample(&trace, n, k, 2) : 0.0;

    if (shut0 && shut1)
      continue;
    if (shut0 != shut1) {
      CsReadQuantity which = flow_read_between(&trace, n, periodic, k, flow, threshold_ml_s);
      /* The envelope begins or ends within the interval, where the flow crosses the threshold. */
      if (which != flow || q0 <= 0.0 || q1 <= 0.0) {
        /* The valve opens or shuts within the interval, or a wave may peak there
         * (wave_may_peak_between): read on the solver's own solution in GRADIENT_EDGE_PIECES,
         * the flow a straight line within each. From the sample before, where a shut valve's
         * flow is 0, a straight line placed the envelope's start ~1 ms off, 1 % of the mean
         * gradient over a mitral regurgitation's short ejection at the 4 ms step. */
        for (int j = 0; j < GRADIENT_EDGE_PIECES; j++) {
          double from = (double)j / GRADIENT_EDGE_PIECES;
          double to = (double)(j + 1) / GRADIENT_EDGE_PIECES;
          double a = j == 0 ? q0 : read(read_data, which, (double)k + from);
          double b = j + 1 == GRADIENT_EDGE_PIECES ? q1 : read(read_data, which, (double)k + to);

          flow_squared_above(a, b, threshold_ml_s, h / GRADIENT_EDGE_PIECES, &flow2_ml2_s, &open_s);
        }
      } else {
        flow_squared_above(q0, q1, threshold_ml_s, h, &flow2_ml2_s, &open_s);
      }
      continue;
    }
    if (neighbours && qm > 0.0 && q0 > 0.0 && q1 > 0.0 && q2 > 0.0) {
      /* Inside the envelope: the cubic through the four samples around the interval, squared
       * and integrated by 3-point Gauss-Legendre (exact to degree 5; the square is of degree 6).
       * Straight lines cut the peaks of a fast beat's E and A waves: the mitral gradient at 130
       * bpm came out 0.6 % low at the 4 ms step. Next to a shut valve's sample, where the flow
       * turns abruptly and a cubic through it would swing, the straight line serves. */
      /* Gauss-Legendre's three nodes on [0, 1], 1/2 -/+ sqrt(3/5) / 2, and weights 5/18, 8/18. */
      static const double node[3] = {0.1127016653792583, 0.5, 0.8872983346207417};
      static const double weight[3] = {5.0 / 18.0, 8.0 / 18.0, 5.0 / 18.0};

      for (int g = 0; g < 3; g++) {
        double t = node[g];
        double q = qm * (-t * (t - 1.0) * (t - 2.0) / 6.0) +
                   q0 * ((t + 1.0) * (t - 1.0) * (t - 2.0) / 2.0) +
                   q1 * (-(t + 1.0) * t * (t - 2.0) / 2.0) + q2 * ((t + 1.0) * t * (t - 1.0) / 6.0);
        flow2_ml2_s += h * weight[g] * q * q;
      }
    } else {
      /* A straight line; where the flow turns back within the envelope (a brief diastolic
       * regurgitation), its forward part. */
      double unused_s = 0.0;
      flow_squared_above(q0, q1, 0.0, h, &flow2_ml2_s, &unused_s);
    }
    open_s += h;
  }
  if (!(open_s > 0.0))
    return 0.0;
  return DOPPLER_MMHG_PER_CM_S_SQUARED * flow2_ml2_s / open_s / (orifice_cm2 * orifice_cm2);
}

void cs_indices_compute(const CsSample *s, size_t n, double period_s, double systemic_flow_ml,
                        double lvad_volume_ml, double lv_activation_ms,
                        double lv_contraction_onset_s, double total_volume_ml,
                        double mitral_regurgitant_ml, double aortic_orifice_cm2,
                        double mitral_orifice_cm2, int periodic, const CsLeadIn *lead_in,
                        CsDpdtCarry *carry, const CsValveFlows *trace, CsBeatReader read,
                        void *read_data, CsIndices *out)
{
  size_t edv_at = 0, ao_min_at = 0, pa_min_at = 0, lvp_max_at = 0, lvp_min_at = 0;
  double lvp_min = INFINITY, lv_min = INFINITY, lv_max = -INFINITY, rv_min = INFINITY,
         rv_max = -INFINITY;
  double lvp_max = -INFINITY, ao_max = -INFINITY, ao_min = INFINITY, pa_max = -INFINITY,
         pa_min = INFINITY;
  double ao_sum = 0.0, la_sum = 0.0, ra_sum = 0.0, pa_sum = 0.0, work = 0.0;
  double dpdt_max = -INFINITY, dpdt_min = INFINITY;
  double h = period_s / (double)n;

  for (size_t k = 0; k < n; k++) {
    const CsSample *x = &s[k];
    const CsSample *next = &s[(k + 1) % n];
    if (x->lv_volume_ml > lv_max) {
      lv_max = x->lv_volume_ml;
      edv_at = k;
    }
    lv_min = fmin(lv_min, x->lv_volume_ml);
    rv_max = fmax(rv_max, x->rv_volume_ml);
    rv_min = fmin(rv_min, x->rv_volume_ml);
    if (x->lv_pressure_mmhg > lvp_max) {
      lvp_max = x->lv_pressure_mmhg;
      lvp_max_at = k;
    }
    if (x->lv_pressure_mmhg < lvp_min) {
      lvp_min = x->lv_pressure_mmhg;
      lvp_min_at = k;
    }
    ao_max = fmax(ao_max, x->aortic_pressure_mmhg);
    if (x->aortic_pressure_mmhg < ao_min) {
      ao_min = x->aortic_pressure_mmhg;
      ao_min_at = k;
    }
    pa_max = fmax(pa_max, x->pulmonary_artery_pressure_mmhg);
    if (x->pulmonary_artery_pressure_mmhg < pa_min) {
      pa_min = x->pulmonary_artery_pressure_mmhg;
      pa_min_at = k;
    }
    ao_sum += x->aortic_pressure_mmhg;
    la_sum += x->la_pressure_mmhg;
    ra_sum += x->ra_pressure_mmhg;
    pa_sum += x->pulmonary_artery_pressure_mmhg;
    /* Stroke work: the PV loop's area, -closed integral of P dV
     * (trapezoids; the beat is periodic, so the last sample closes onto the
     * first). In a cycle of k > 1 beats (cs_indices_cycle) a beat ends where
     * the next begins, not where it began: the closing segment then differs
     * from the true path by about the end-diastolic volume difference times
     * the end-diastolic pressure, under 0.5 % of the work, and the beats'
     * errors of opposite sign cancel over the cycle. */
    work -= 0.5 * (x->lv_pressure_mmhg + next->lv_pressure_mmhg) *
            (next->lv_volume_ml - x->lv_volume_ml);
  }
  /* dP/dt as a filtered catheter recording gives it: the slope over +-4 ms
   * (a 125 Hz bandwidth, within the 100-200 Hz low-pass of catheter dP/dt
   * channels) of the pressure, read at its extrema between samples, where
   * it usually falls: dP/dtmax often on the aortic valve's opening or a
   * pacing stimulus, kinks of the pressure's slope that the samples straddle.
   * The extrema are found on the cubic through the samples and refined on the
   * solver's own pressure between its steps (@read, which integrates a step
   * where a valve opens or closes again in sub-steps): within 0.19 % of the
   * 0.05 ms reference at the 4 ms step (tests/test-engine.c; on the step's own
   * interpolant, which rounds the pressure's corner where the aortic valve
   * opens, 0.44 % at 3 ms and 0.77 % at 4 ms), where on the cubic alone dP/dtmax
   * came out up to 0.59 % from it (mitral stenosis; 0.45 % at the 2 ms step
   * without it, 1.1 % at 4 ms), and on straight lines between the samples
   * 0.6 % at 2 ms.
   * A @periodic beat (a steady beat of a one-beat cycle) without a lead-in is read as one period of
   * the circulation: where the ventricle still relaxes, or already contracts, as the beat begins (a
   * fast rate, a long AV delay: the beat starts with the atria), the window reaches across the
   * beat's start into its end. Stopped at the beat's first samples instead, the search missed the
   * extremum by a part of a step that changed with the step: dP/dtmin 1 % off at 3 ms in
   * `advanced-hf` with CRT at 101 bpm and an AV delay of 211 ms, converging as h (a sweep of random
   * clinical cases, docs/engine.md). A beat that follows the beat before it (@lead_in: the two are
   * one trajectory, the engine's walls keeping each twitch's own timing and force across a beat's
   * start, so that the LV pressure is continuous there) reads one contraction: from the LV's first
   * activation in the beat before to its first activation in this one. The beat before read the
   * windows of that stretch it could (@carry: from its activation to two of its steps before its
   * end, on its solver's pressure), this one reads the rest (@lead_in's samples, the solver's
   * pressure of the beat before's end every 0.5 ms or closer, and its own), and each stretch's
   * extremes are those its samples confirm as peaks, with a neighbour on either side, read across
   * the stretch's ends, or where it has none, its largest at an end (not refined past it): a
   * relaxation still running as the LV is activated again, at a fast rate, is the contraction
   * before's, not the later one's (cut at the activation, a fitted heart paced VVI at 128 /min
   * read a beat's dP/dtmin -2332 mmHg/s at the cut against its own -2237). At a
   * steady state of one beat this is the periodic reading; in a cycle of several beats, or in a
   * beat that moved from the last, it reads each contraction once, whatever the step (that
   * cycle's dP/dtmin -2850 mmHg/s at the 4 ms step, -2854 at 0.5 ms; read within each beat's
   * ends, -2632 and -2948). The beat's own contraction is the next beat's to report: a beat's
   * dP/dt lags its volumes by the part of a contraction, until the heart is steady. Without a
   * lead-in (the first beat, a new therapy, a state set otherwise: an extrapolation, a restored
   * state), a beat reads its own period, across its ends where it is periodic, within them
   * otherwise, and takes its largest and smallest windowed slope as before, confirmed or not
   * (the peak rule there read +4.4 mmHg/s for the normal twin's dP/dtmin in the first beat
   * after it was paced AAI at 110 /min, its relaxation's window at the beat's end having no
   * neighbour after it; a second reader's find). */
  {
    const double half_window_s = CS_DPDT_HALF_WINDOW_S, half_window_samples = half_window_s / h;
    double onset = fmin(fmax(lv_contraction_onset_s / h, 0.0), (double)n);
    CsDpdtCarry own;
    DpdtFound found;
    int have_found = 0;
    if (lead_in != NULL && lead_in->count > 0) {
      /* From the windows the beat before left to this one's LV activation, and what it read. */
      /* From the first window the beat before could not read (one sooner, for a peak there its
       * end could not confirm, and one more for the two beats' steps, which differ where their
       * lengths do), not before its contraction began. With one sample's margin, a beat of 175
       * steps after one of 176 began its part 3.99 samples before its start, where the first
       * centre its samples fall on is 3: the relaxation's peak at 4, which the beat before could
       * not confirm, was read by neither, and the steady state of a patient with RBBB and scar
       * reported a dP/dtmin of -30 mmHg/s where its beats after read -1521 (the property tests'
       * patients, CT_PROPERTY_SEED=6722534756326979273). Read twice, a stretch's extremes are the
       * same. */
      double lo = fmax(-half_window_samples - lead_in->handoff_s / h - 2.0, lead_in->onset_s / h);
      own = dpdt_extremes(s, n, periodic, lead_in, read, read_data, half_window_samples,
                          half_window_s, lo, onset, 1, &lead_in->carried, NULL, NULL);
      dpdt_max = fmax(own.max_mmhg_s, lead_in->carried.max_mmhg_s);
      dpdt_min = fmin(own.min_mmhg_s, lead_in->carried.min_mmhg_s);
    } else {
      own = dpdt_extremes(s, n, periodic, NULL, read, read_data, half_window_samples, half_window_s,
                          0.0, (double)n, 0, NULL, NULL, &found);
      have_found = 1;
      dpdt_max = own.max_mmhg_s;
      dpdt_min = own.min_mmhg_s;
    }
    if (carry != NULL)
      *carry = dpdt_extremes(s, n, 0, lead_in, read, read_data, half_window_samples, half_window_s,
                             onset, (double)n, 1, NULL, have_found ? &found : NULL, NULL);
  }

  out->hr_bpm = 60.0 / period_s;
  out->lvedv_ml = lv_max;
  out->lvesv_ml = lv_min;
  out->sv_ml = lv_max - lv_min;
  out->lvef_pct = 100.0 * out->sv_ml / lv_max;
  out->co_l_min = systemic_flow_ml / period_s * 60.0 / 1000.0;
  /* End-diastole, where a catheter reads LVEDP: the onset of contraction, after the atrial kick.
   * In the engine that is the end of filling from the atrium after the activation of the LV's
   * earliest segment (the QRS onset of a beat the LV starts itself: filling_end_after), or that
   * activation itself where filling had ended before it, each placed between samples, the
   * pressure read there on the solver's own pressure.
   * - Filling ends where mitral inflow less the pump's draw falls through zero: the mitral
   *   valve's closure as the contracting ventricle's pressure passes the atrium's, a few ms after
   *   its activation (without an activation within the beat's samples, the closure next to the
   *   volume's largest sample). (At the largest sample itself the
   *   pressure moved with the solver's step: the volume barely changes once the leaflets close
   *   while the pressure climbs.) Backflow through an incompetent aortic valve is not filling:
   *   it goes on through isovolumic contraction, and the volume peaks only when the aortic valve
   *   opens, at the aortic diastolic pressure, which the index once reported as "LVEDP" (62.9 mmHg
   *   in the normal twin, reflex off, with a 0.1 cm2 regurgitant orifice).
   * - The activation bounds it from below: with a large aortic leak the ventricle's pressure
   *   passes the atrium's in mid-diastole and closes the mitral valve early (or in the previous
   *   beat), while the aorta goes on filling the ventricle until it contracts; read at that
   *   closure, or at the volume's peak for want of one, LVEDP came out far below, or at, the
   *   aortic diastolic pressure. With presystolic mitral regurgitation (a long AV delay) filling
   *   ends with the atrial kick, and LVEDP is read when the ventricle contracts. */
  out->lvedp_mmhg = s[edv_at].lv_pressure_mmhg;
  {
    /* Isovolumic contraction lasts ~30-60 ms (normal) to ~100 ms (failing, dyssynchronous LV,
     * Weissler 1968 and this engine's LBBB twins); a search 200 ms on from the activation, or
     * back from the volume's peak, covers it with room. */
    size_t reach = (size_t)ceil(0.2 / h);
    double nearest = INFINITY, filled = NAN;
    double onset = lv_contraction_onset_s / h, at;
    if (!(onset >= 1.0 && onset + 3.0 < (double)n))
      onset = NAN; /* outside the beat's samples: the activation does not bound it */
    if (!isnan(onset)) {
      /* Once the LV is activated, filling ends where the ventricle has taken the most since
       * (filling_end_after), at the activation itself where it takes none. */
      double end = filling_end_after(s, n, periodic, h, onset, reach);
      at = onset;
      if (end != onset) {
        int wrapped = end >= (double)n; /* past the end of a periodic beat: its start */
        at = end_of_filling(read, read_data, wrapped ? end - (double)n : end, n, periodic);
        if (!wrapped)
          at = fmax(at, onset);
      }
    } else {
      /* Without an activation within the samples, the closure next to the volume's largest
       * sample. */
      for (size_t k = edv_at > reach ? edv_at - reach : 1; k <= edv_at + 1 && k + 3 < n; k++) {
        double crossing = filling_crossing(s, k);
        if (fabs(crossing - (double)edv_at) < nearest) {
          nearest = fabs(crossing - (double)edv_at);
          filled = crossing;
        }
      }
      at = filled;
      if (!isnan(at))
        at = end_of_filling(read, read_data, at, n, periodic);
    }
    if (!isnan(at))
      out->lvedp_mmhg = read(read_data, CS_READ_LV_PRESSURE, at);
  }
  out->lvsp_mmhg = lvp_max;
  out->dpdt_max_mmhg_s = dpdt_max;
  out->dpdt_min_mmhg_s = dpdt_min;
  out->sbp_mmhg = ao_max;
  out->dbp_mmhg = refine_minimum(n, periodic, read, read_data, CS_READ_AORTIC_PRESSURE,
                                 (double)ao_min_at, ao_min);
  out->map_mmhg = ao_sum / (double)n;
  out->mean_lap_mmhg = la_sum / (double)n;
  out->cvp_mmhg = ra_sum / (double)n;
  out->spap_mmhg = pa_max;
  out->dpap_mmhg = refine_minimum(n, periodic, read, read_data, CS_READ_PULMONARY_ARTERY_PRESSURE,
                                  (double)pa_min_at, pa_min);
  out->mpap_mmhg = pa_sum / (double)n;
  out->rvedv_ml = rv_max;
  out->rvesv_ml = rv_min;
  out->rvef_pct = 100.0 * (rv_max - rv_min) / rv_max;
  out->stroke_work_mmhg_ml = work;
  out->svr_wood = 0.0; /* filled by the caller, which knows CO */
  out->pvr_wood = 0.0;
  out->lvad_flow_l_min = lvad_volume_ml / period_s * 60.0 / 1000.0;
  out->lv_activation_ms = lv_activation_ms;
  out->total_volume_ml = total_volume_ml;
  out->mitral_regurgitant_volume_ml = mitral_regurgitant_ml;
  out->mitral_regurgitant_fraction_pct =
      out->sv_ml > 0.0 ? 100.0 * mitral_regurgitant_ml / out->sv_ml : 0.0;
  out->mitral_eroa_cm2 = 0.0; /* filled by the caller, which knows the orifice */
  out->aortic_mean_gradient_mmhg =
      doppler_mean_gradient(s, trace, n, periodic, h, CS_READ_AORTIC_FLOW, aortic_orifice_cm2,
                            lvp_min_at, read, read_data);
  out->mitral_mean_gradient_mmhg =
      doppler_mean_gradient(s, trace, n, periodic, h, CS_READ_MITRAL_FLOW, mitral_orifice_cm2,
                            lvp_max_at, read, read_data);
}

/* Indices of a cycle of k beats (a periodic steady state whose state
 * returns after k > 1 beats: see cs_model_run_to_steady_state). The
 * cycle, not one arbitrary beat of it, is what a clinician measures:
 * guidelines ask for averages over consecutive beats when the rhythm varies
 * from beat to beat (in atrial fibrillation: Nagueh et al. 2016, J Am Soc
 * Echocardiogr 29:277), and monitors and thermodilution average over time.
 * - Rates and flows over time: HR = k / cycle duration, CO and LVAD flow =
 *   the volume moved in the cycle / its duration, so CO = HR x mean SV
 *   still holds.
 * - Mean pressures (MAP, mean LAP, CVP, mPAP) are time means within each
 *   beat: weighted by the beats' durations they are the cycle's time mean.
 * - Per-beat values (volumes, systolic, diastolic and end-diastolic
 *   pressures, dP/dt extremes, stroke work, activation time) are averaged
 *   beat by beat, each beat counting once, as averaging k consecutive
 *   beats does (for the LV activation time of paced and sensed beats taking
 *   turns, a mean of two QRS shapes that no single beat has; the
 *   waveforms are the cycle's last beat); SV = mean EDV - mean ESV and EF = mean SV / mean
 * EDV, so the reported numbers keep their identities.
 * - The total blood volume is conserved: the last beat's.
 * SVR and PVR are left to the caller (from the cycle's MAP, CVP and CO). */
void cs_indices_cycle(const CsIndices *beats, const double *period_s, int k, CsIndices *out)
{
  double time = 0.0;
  CsIndices sum, weighted;

  memset(&sum, 0, sizeof sum);
  memset(&weighted, 0, sizeof weighted);
  for (int b = 0; b < k; b++) {
    time += period_s[b];
    for (size_t i = 0; i < cs_index_count(); i++) {
      *index_field(&sum, i) += cs_indices_get(&beats[b], i);
      *index_field(&weighted, i) += cs_indices_get(&beats[b], i) * period_s[b];
    }
  }
  for (size_t i = 0; i < cs_index_count(); i++)
    *index_field(out, i) = *index_field(&sum, i) / (double)k;
  out->hr_bpm = 60.0 * (double)k / time;
  out->co_l_min = weighted.co_l_min / time;
  out->lvad_flow_l_min = weighted.lvad_flow_l_min / time;
  out->map_mmhg = weighted.map_mmhg / time;
  out->mean_lap_mmhg = weighted.mean_lap_mmhg / time;
  out->cvp_mmhg = weighted.cvp_mmhg / time;
  out->mpap_mmhg = weighted.mpap_mmhg / time;
  out->sv_ml = out->lvedv_ml - out->lvesv_ml;
  out->lvef_pct = 100.0 * out->sv_ml / out->lvedv_ml;
  out->rvef_pct = 100.0 * (out->rvedv_ml - out->rvesv_ml) / out->rvedv_ml;
  out->mitral_regurgitant_fraction_pct =
      out->sv_ml > 0.0 ? 100.0 * out->mitral_regurgitant_volume_ml / out->sv_ml : 0.0;
  out->total_volume_ml = beats[k - 1].total_volume_ml;
  /* A valve's mean gradient over the beats in which it opened (0 in a beat it stayed shut, an
   * LVAD carrying that beat's output): the beats an echocardiographer averages have a jet. */
  {
    double aortic = 0.0, mitral = 0.0;
    int aortic_beats = 0, mitral_beats = 0;

    for (int b = 0; b < k; b++) {
      if (beats[b].aortic_mean_gradient_mmhg > 0.0) {
        aortic += beats[b].aortic_mean_gradient_mmhg;
        aortic_beats++;
      }
      if (beats[b].mitral_mean_gradient_mmhg > 0.0) {
        mitral += beats[b].mitral_mean_gradient_mmhg;
        mitral_beats++;
      }
    }
    out->aortic_mean_gradient_mmhg = aortic_beats > 0 ? aortic / aortic_beats : 0.0;
    out->mitral_mean_gradient_mmhg = mitral_beats > 0 ? mitral / mitral_beats : 0.0;
  }
}

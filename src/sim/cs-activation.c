/* cs-activation.c — contraction twitch and LV electrical activation.
 *
 * Twitch: the normalized double-Hill activation function of Stergiopulos et
 * al. 1996 (Am J Physiol 270:H2050) with the human constants of Mynard et al.
 * 2012 (Int J Numer Method Biomed Eng 28:626, Table 1).
 *
 * Activation: the 17 AHA segments (Cerqueira et al. 2002, Circulation
 * 105:539) are nodes on the LV endocardial surface, approximated as a prolate
 * spheroid of the twin's LV length and diameter; neighbouring segments are
 * joined by edges whose conduction time is their distance over the
 * conduction velocity, slowed in scar. The activation time of each segment is
 * the earliest arrival over all wavefronts (shortest paths, Dijkstra): the
 * graph form of the eikonal model of activation (Keener 1991, J Math Biol
 * 29:629). Wavefronts:
 *  - normal conduction: the left bundle's three endocardial entry sites of
 *    Durrer et al. 1970 (Circulation 41:899): high on the anterior paraseptal
 *    wall just below the mitral valve, central septum and inferior paraseptal
 *    wall a third of the way from apex to base, spreading at Purkinje speed
 *    over the mid and apical thirds; the basal third is reached through
 *    working myocardium, so that activation runs from apex to base and ends
 *    posterobasally (see cs_activation_compute);
 *  - LBBB: a single breakthrough on the left septal surface after transseptal
 *    conduction from the RV (Vassallo et al. 1984, Circulation 69:914;
 *    Auricchio et al. 2004, Circulation 109:1133: transseptal time ~40 ms),
 *    spreading through working myocardium;
 *  - pacing leads: from the lead's segment (LV) or via the septum (RV),
 *    through working myocardium.
 */
#include "cs-internal.h"

#include <stdlib.h>
#include <string.h>

void cs_twitch_table_fill(CsTwitchTable *table, double tau_rise, double tau_relax, double m_rise,
                          double m_relax)
{
  double peak = 0.0;

  for (int i = 0; i <= CS_TWITCH_TABLE_SIZE; i++) {
    double u = i * (CS_TWITCH_TABLE_SPAN / CS_TWITCH_TABLE_SIZE);
    double g1 = pow(u / tau_rise, m_rise);
    double g2 = pow(u / tau_relax, m_relax);
    double e = (g1 / (1.0 + g1)) * (1.0 / (1.0 + g2));
    table->values[i] = e;
    if (e > peak)
      peak = e;
  }
  for (int i = 0; i <= CS_TWITCH_TABLE_SIZE; i++)
    table->values[i] /= peak;
  /* The table's end must be zero so that lookups beyond it are continuous. */
  table->values[CS_TWITCH_TABLE_SIZE] = 0.0;
}

void cs_segment_twitch_fill(CsSegmentTwitch *t, double tau_rise, double tau_relax, double m_rise,
                            double m_relax)
{
  double peak = 0.0;

  for (int i = 0; i <= CS_TWITCH_TABLE_SIZE; i++) {
    double u = i * (CS_SEGMENT_TWITCH_SPAN / CS_TWITCH_TABLE_SIZE);
    double g1 = pow(u / tau_rise, m_rise);
    double g2 = pow(u / tau_relax, m_relax);
    double r = g1 / (1.0 + g1), d = 1.0 / (1.0 + g2);
    t->rise_rate[i] = u > 0.0 ? m_rise * g1 / (u * (1.0 + g1) * (1.0 + g1)) : 0.0;
    t->rise[i] = r;
    t->relax[i][0] = d;
    t->relax[i][1] = u > 0.0 ? -m_relax * g2 / (u * (1.0 + g2)) : 0.0;
    if (r * d > peak)
      peak = r * d;
  }
  /* Beyond the table the twitch is over: no rise, no further decay. */
  t->rise_rate[CS_TWITCH_TABLE_SIZE] = 0.0;
  t->relax[CS_TWITCH_TABLE_SIZE][0] = 0.0;
  t->relax[CS_TWITCH_TABLE_SIZE][1] = 0.0;
  t->inv_peak = 1.0 / peak;
}

/* AHA order: basal 1-6 and mid 7-12 anterior, anteroseptal, inferoseptal,
 * inferior, inferolateral, anterolateral; apical 13-16 anterior, septal,
 * inferior, lateral; 17 apex. Angles in degrees around the LV long axis,
 * counted from anterior towards the septum. */
static const double segment_angle_deg[CS_AHA_SEGMENTS] = {
    0, 60, 120, 180, 240, 300, 0, 60, 120, 180, 240, 300, 0, 90, 180, 270, 0,
};

/* Level 0 basal, 1 mid, 2 apical, 3 apex. */
static int segment_level(int s)
{
  return s < 6 ? 0 : s < 12 ? 1 : s < 16 ? 2 : 3;
}

int cs_segment_is_septal(int s)
{
  /* Anteroseptal and inferoseptal (2, 3, 8, 9) and apical septal (14). */
  return s == 1 || s == 2 || s == 7 || s == 8 || s == 13;
}

double cs_segment_mass_fraction(int s)
{
  /* Cerqueira 2002: basal and mid thirds ~35% of the myocardium each, apical
   * third with the apex ~30%; the apex cap taken as 1/3 of an apical segment. */
  switch (segment_level(s)) {
  case 0:
  case 1:
    return 0.35 / 6.0;
  case 2:
    return 0.30 / (4.0 + 1.0 / 3.0);
  default:
    return 0.30 / (4.0 + 1.0 / 3.0) / 3.0;
  }
}

/* Centre of a segment on a prolate spheroid whose equator is the base:
 * radius r(z) = R sqrt(1 - (z/L)^2). Basal, mid and apical centres sit at
 * 1/6, 1/2 and 5/6 of the length's first 90 %, the apex at the tip. */
static void segment_centre(const CsParams *p, int s, double xyz[3])
{
  static const double level_z[4] = {0.15, 0.45, 0.75, 0.97};
  double L = p->lv_long_axis_mm;
  double R = 0.5 * p->lv_end_diastolic_diameter_mm;
  double z = level_z[segment_level(s)] * L;
  double r = R * sqrt(1.0 - (z / L) * (z / L));
  double a = segment_angle_deg[s] * (CS_PI / 180.0);

  xyz[0] = r * cos(a);
  xyz[1] = r * sin(a);
  xyz[2] = z;
}

static double angle_gap_deg(double a, double b)
{
  double d = fabs(a - b);
  return d > 180.0 ? 360.0 - d : d;
}

static int segments_adjacent(int a, int b)
{
  int la = segment_level(a), lb = segment_level(b);
  double gap = angle_gap_deg(segment_angle_deg[a], segment_angle_deg[b]);

  if (a == b)
    return 0;
  if (la == 3 || lb == 3)
    return (la == 2 || lb == 2); /* apex touches the four apical segments */
  if (la == lb)
    return la == 2 ? gap <= 90.0 + 1e-9 : gap <= 60.0 + 1e-9;
  if (abs(la - lb) != 1)
    return 0;
  /* Between rings: same sector, or overlapping sectors for mid-apical. */
  return (la == 2 || lb == 2) ? gap < 75.0 : gap < 1e-9;
}

/* Earliest arrival over the segment graph of two kinds of wavefront: one
 * carried by the Purkinje network (seeded at the left bundle's entry sites)
 * and one carried by working myocardium (seeded by LBBB's septal
 * breakthrough or a pacing lead). A segment spreads activation at the speed
 * of the wavefront that reached it first, and refractory tissue passes none
 * on: so where a paced wave has reached the mid and apical thirds before the
 * patient's own conduction, the own wave cannot jump through them at
 * Purkinje speed to the segments beyond. The Purkinje network covers the mid
 * and apical thirds; every edge into the basal ring is working myocardium
 * (see cs_activation_compute). */
static void propagate(const CsParams *p, const double purkinje_seed_ms[CS_AHA_SEGMENTS],
                      const double myocardial_seed_ms[CS_AHA_SEGMENTS],
                      double arrival_ms[CS_AHA_SEGMENTS])
{
  double centre[CS_AHA_SEGMENTS][3];
  int done[CS_AHA_SEGMENTS] = {0};
  int by_purkinje[CS_AHA_SEGMENTS];

  for (int s = 0; s < CS_AHA_SEGMENTS; s++) {
    segment_centre(p, s, centre[s]);
    by_purkinje[s] = purkinje_seed_ms[s] < myocardial_seed_ms[s];
    arrival_ms[s] = fmin(purkinje_seed_ms[s], myocardial_seed_ms[s]);
  }

  for (int iter = 0; iter < CS_AHA_SEGMENTS; iter++) {
    int u = -1;
    for (int s = 0; s < CS_AHA_SEGMENTS; s++)
      if (!done[s] && isfinite(arrival_ms[s]) && (u < 0 || arrival_ms[s] < arrival_ms[u]))
        u = s;
    if (u < 0)
      break;
    done[u] = 1;
    for (int v = 0; v < CS_AHA_SEGMENTS; v++) {
      double dx, dy, dz, distance_mm, scar, slowing, velocity_m_s, t;
      int purkinje_edge;
      if (done[v] || !segments_adjacent(u, v))
        continue;
      dx = centre[u][0] - centre[v][0];
      dy = centre[u][1] - centre[v][1];
      dz = centre[u][2] - centre[v][2];
      distance_mm = sqrt(dx * dx + dy * dy + dz * dz);
      /* Scar slows conduction: dense scar conducts at about a quarter of the
       * normal velocity through surviving fibre bundles (zig-zag conduction,
       * de Bakker et al. 1993, Circulation 88:915). Velocity falls linearly
       * with the mean transmurality of the two segments. */
      scar = 0.5 * (p->scar_transmurality[u] + p->scar_transmurality[v]);
      slowing = 1.0 / (1.0 - 0.75 * scar);
      purkinje_edge = by_purkinje[u] && segment_level(v) != 0;
      velocity_m_s = purkinje_edge ? p->purkinje_conduction_velocity_m_s
                                   : p->myocardial_conduction_velocity_m_s;
      t = arrival_ms[u] + distance_mm / velocity_m_s * slowing; /* mm/(m/s) = ms */
      if (t < arrival_ms[v]) {
        arrival_ms[v] = t;
        by_purkinje[v] = purkinje_edge;
      }
    }
  }
}

/* Activation reaching the LV septum from the right side. The RV septal
 * surface is activated quickly (by the right bundle, or from an RV lead
 * through the RV endocardium), and the wave crosses the septum along its
 * whole length: in LBBB the LV septum breaks through at mid-septum ~40 ms
 * after QRS onset and the rest of the septum within ~15 ms (Vassallo et al.
 * 1984, Circulation 69:914; Auricchio et al. 2004, Circulation 109:1133).
 * From an RV apical lead the wave climbs the septum from apex to base
 * (transseptal ~20 ms at the apex, base ~50 ms later); from an RV septal
 * lead it starts mid-septum (Peschar et al. 2003, J Am Coll Cardiol
 * 41:1218, canine mapping). Times in ms after the right-sided event, for
 * segments 2, 3, 8, 9, 14 (0-based 1, 2, 7, 8, 13). */
static const int septal_entry_segment[5] = {1, 2, 7, 8, 13};
static const double lbbb_entry_ms[5] = {55.0, 50.0, 45.0, 40.0, 45.0};
static const double rv_apex_entry_ms[5] = {75.0, 70.0, 45.0, 45.0, 20.0};
static const double rv_septum_entry_ms[5] = {40.0, 35.0, 20.0, 15.0, 40.0};
/* Transseptal conduction from LV to RV when the right bundle is blocked
 * (RBBB, LV-only pacing in AV block): ~40 ms (Auricchio 2004). The RV
 * contracts as one chamber, from the middle of its free wall's activation.
 * Through the right bundle's Purkinje network the free wall's epicardium is
 * activated within 28 +/- 3 ms (onset to end, ECG imaging of 7 normal
 * subjects, Varma et al. 2010, JACC Cardiovasc Imaging 3:567), and the RV
 * contracts 15 ms after the right bundle (Durrer 1970), about the middle of
 * it. Without the bundle the wave spreads over the free wall through working
 * myocardium, which took 78 +/- 33 ms paced from an RV lead in the same
 * study's 14 patients with heart failure, with areas of slow conduction; the
 * RV contracts half of that after the breakthrough or the stimulus. Taking
 * the failing hearts' spread for every heart, and from the breakthrough
 * rather than the free wall's own first activation, is a judgment: in RBBB
 * the RV's activation then ends ~120 ms after the QRS onset (complete RBBB:
 * QRS 138 ms, median of 223 patients, Front Cardiovasc Med 2022, 9:885201),
 * and the pulmonary valve opens after the aortic one (Brooks et al. 1979,
 * Stegemann et al. 2013; docs/validation.md). The device senses the own
 * wave where it reaches the RV: 15 ms after the bundle, or at the
 * breakthrough. */
#define TRANSSEPTAL_MS          40.0
#define RV_FREE_WALL_MS         15.0
#define RV_MYOCARDIAL_SPREAD_MS 78.0

static void seed_septum(double arrival_ms[CS_AHA_SEGMENTS], double t0, const double entry_ms[5])
{
  for (int i = 0; i < 5; i++) {
    int s = septal_entry_segment[i];
    if (t0 + entry_ms[i] < arrival_ms[s])
      arrival_ms[s] = t0 + entry_ms[i];
  }
}

void cs_activation_compute(const CsParams *p, const CsActivationSources *src,
                           CsActivationPattern *pattern)
{
  double purkinje[CS_AHA_SEGMENTS], myocardial[CS_AHA_SEGMENTS];
  /* The RV's activation instant (the middle of its free wall's, where the chamber's twitch starts),
   * the start of its free wall's activation, for the QRS onset, and the own wave's arrival at the
   * RV, for sensing. */
  double rv = INFINITY, rv_start = INFINITY, rv_sensed = INFINITY, earliest;

  for (int s = 0; s < CS_AHA_SEGMENTS; s++)
    purkinje[s] = myocardial[s] = INFINITY;

  if (isfinite(src->intrinsic_ms)) {
    double t0 = src->intrinsic_ms;
    if (p->conduction == CS_CONDUCTION_LBBB) {
      /* The right bundle activates the RV; the LV is reached across the
       * septum. */
      rv = rv_sensed = t0 + RV_FREE_WALL_MS;
      rv_start = t0;
      seed_septum(myocardial, t0, lbbb_entry_ms);
    } else {
      /* Durrer's three left-bundle entry sites, excited 0-5 ms after
       * onset: high on the anterior paraseptal wall just below the mitral
       * valve (basal anterior, 1), central on the left septal surface (mid
       * inferoseptal, 9) and inferior paraseptal a third of the way from
       * apex to base (mid inferior, 10). */
      purkinje[0] = t0 + 5.0;
      purkinje[8] = t0;
      purkinje[9] = t0 + 5.0;
      if (p->conduction == CS_CONDUCTION_NORMAL) {
        rv = rv_sensed = t0 + RV_FREE_WALL_MS;
        rv_start = t0;
      }
    }
  }
  if (isfinite(src->lv_pace_ms)) {
    int s = src->lv_lead_segment - 1;
    if (src->lv_pace_ms < myocardial[s])
      myocardial[s] = src->lv_pace_ms;
  }
  if (isfinite(src->rv_pace_ms)) {
    seed_septum(myocardial, src->rv_pace_ms,
                src->rv_lead_site == CS_RV_LEAD_APEX ? rv_apex_entry_ms : rv_septum_entry_ms);
    /* The paced wave spreads over the RV free wall through working myocardium. */
    rv = fmin(rv, src->rv_pace_ms + 0.5 * RV_MYOCARDIAL_SPREAD_MS);
    rv_start = fmin(rv_start, src->rv_pace_ms);
  }

  /* Capture and fusion. A paced wave that reaches the Purkinje-covered LV
   * myocardium (mid and apical thirds) before the left bundle delivers the
   * patient's own wave there enters the network backwards through its
   * junctions with the muscle (the retrograde His potential recorded during
   * ventricular pacing), and the two waves meet in the conduction system:
   * the own wave no longer reaches the LV. Fusion needs the device's
   * stimulus to come within about the paced wave's travel time to that
   * myocardium before the own activation (RV apex: ~20 ms, the apical
   * septum). Without this the own wave entered the LV 90 ms after an RV
   * apical stimulus (AV delay 70 ms against a PR of 160 ms) and activated
   * the basal wall ahead of the paced wave. In LBBB the own wave reaches the
   * LV through muscle only and meets the paced wave there (min of the two). */
  if (isfinite(purkinje[8]) && (isfinite(src->lv_pace_ms) || isfinite(src->rv_pace_ms))) {
    double none[CS_AHA_SEGMENTS], paced[CS_AHA_SEGMENTS];
    int captured = 0;
    for (int s = 0; s < CS_AHA_SEGMENTS; s++)
      none[s] = INFINITY;
    propagate(p, none, myocardial, paced);
    for (int s = 0; s < CS_AHA_SEGMENTS; s++)
      if (segment_level(s) != 0 && paced[s] < src->intrinsic_ms)
        captured = 1;
    if (captured)
      for (int s = 0; s < CS_AHA_SEGMENTS; s++)
        purkinje[s] = INFINITY;
  }

  /* The Purkinje network spreads activation over the mid and apical thirds
   * of the LV; the basal third is reached through working myocardium. In
   * the isolated human heart the apical and mid endocardium is excited
   * early and the posterobasal area last (Durrer 1970); in intact hearts the
   * latest epicardial activation is basal in every patient (Wyndham et al.
   * 1979, Circulation 59:161: 63-96 ms after QRS onset; the RV base in 9 of
   * 11, the LV's in 2) and the posterior LV is activated from apex to base
   * (Ramanathan et al. 2006, Proc Natl Acad Sci USA 103:6309). A network
   * reaching the base at its own speed made the apex the last segment
   * activated. Durrer's first site is a small area that merges with the
   * others within 15-20 ms; seeding its whole segment (basal anterior) at
   * 5 ms makes that segment's mean time early by perhaps 10 ms. A Purkinje
   * speed set below the myocardium's (the parameter's range allows it)
   * makes the network the slower path and the sequence no longer runs from
   * apex to base. */
  propagate(p, purkinje, myocardial, pattern->segment_ms);

  /* Without a right bundle (RBBB) or RV lead, the RV is reached from the LV
   * septum across the septum, and its free wall through working myocardium. */
  {
    double septum = INFINITY;
    for (int s = 0; s < CS_AHA_SEGMENTS; s++)
      if (cs_segment_is_septal(s))
        septum = fmin(septum, pattern->segment_ms[s]);
    rv = fmin(rv, septum + TRANSSEPTAL_MS + 0.5 * RV_MYOCARDIAL_SPREAD_MS);
    rv_start = fmin(rv_start, septum + TRANSSEPTAL_MS);
    rv_sensed = fmin(rv_sensed, septum + TRANSSEPTAL_MS);
  }
  pattern->rv_ms = rv;
  pattern->rv_sensed_ms = rv_sensed;

  earliest = rv_start;
  for (int s = 0; s < CS_AHA_SEGMENTS; s++)
    earliest = fmin(earliest, pattern->segment_ms[s]);
  if (isfinite(src->intrinsic_ms))
    earliest = fmin(earliest, src->intrinsic_ms);
  pattern->qrs_onset_ms = earliest;
}

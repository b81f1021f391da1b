/* cs-params.c — the patient's physiology: sourced defaults, ranges, checks.
 *
 * The defaults describe a healthy 70 kg adult at rest. Structure and most
 * wall constants follow Smith et al. 2004 (Med Eng Phys 26:131, "Minimal
 * haemodynamic system model including ventricular interaction and valve
 * dynamics", Table 1); circulation constants follow Ursino 1998 (Am J Physiol
 * 275:H1733, Table 1). Where a constant was adjusted so that the closed loop
 * lands on the healthy-adult reference values (CMR volumes: Maceira et al.
 * 2006, J Cardiovasc Magn Reson 8:417; invasive pressures: Kovacs et al. 2009,
 * Eur Respir J 34:888 for the pulmonary circulation), the comment says so;
 * docs/validation.md is the check, generated from the engine.
 */
#include "cs-internal.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

void cs_set_error(CsError *error, const char *format, ...)
{
  va_list args;

  if (error == NULL)
    return;
  va_start(args, format);
  vsnprintf(error->message, sizeof error->message, format, args);
  va_end(args);
  /* A message alone until cs_set_failure says more: never the parts of an earlier error. */
  cs_set_failure(error, CS_FAILURE_OTHER, -1, 0.0, 0.0, 0.0);
}

void cs_set_failure(CsError *error, CsFailure failure, int where, double value0, double value1,
                    double value2)
{
  if (error == NULL)
    return;
  error->failure = failure;
  error->where = where;
  error->values[0] = value0;
  error->values[1] = value1;
  error->values[2] = value2;
  error->parameter = NULL;
  error->unit = NULL;
}

static CsWall wall(double ees, double vd, double p0, double lambda, double v0)
{
  CsWall w = {ees, vd, p0, lambda, v0};
  return w;
}

static CsValve valve(double resistance, double eoa_cm2)
{
  CsValve v = {resistance, eoa_cm2, 0.0};
  return v;
}

void cs_params_default(CsParams *p)
{
  memset(p, 0, sizeof *p);

  /* Reference adult (ICRP 89, 2002: reference male 73 kg; we use 70 kg). */
  p->body_weight_kg = 70.0;

  /* LV free wall: Smith 2004 Table 1 gives Ees 2.88 mmHg/ml. Ees 2.8
   * mmHg/ml (human LV Ees 2-4 mmHg/ml in normal subjects, Chen et al. 2001,
   * J Am Coll Cardiol 38:2028) and Vd 5 ml, so that EF lands inside the CMR
   * range (Maceira 2006: LVEF 67 +- 5 %; 64 % with these defaults and the
   * normal twin's geometry) and dP/dtmax inside the invasive one with the
   * ventricular twitch of cs-model.c (~1780 mmHg/s).
   * Passive limb: more compliant than Smith's. His P0 0.12 mmHg and lambda
   * 0.033 /ml, with his pericardium, made the normal adult's chamber 0.6-0.9
   * mmHg/ml stiff at end-diastole (EDV 146 ml, LVEDP 11), where the
   * conductance catheter measures stiffness constants of 0.011 /ml [IQR
   * 0.009-0.012] at LVEDP 7 mmHg without diastolic dysfunction and 0.027 /ml
   * with it (Sinning et al. 2011, Cardiol Res Pract 2011:692862, Table 2),
   * 0.01 +- 0.01 against 0.03 +- 0.01 /ml (Zile et al. 2004, N Engl J Med
   * 350:1953): dP/dV = beta P, ~0.05-0.12 mmHg/ml in normal hearts, up to
   * ~0.3 at mean + 2 SD. (The normalized EDPVR that Klotz et al. 2006, Am J
   * Physiol Heart Circ Physiol 291:H403, found in hearts ex vivo is stiffer:
   * with its V0 = 0.6 - 0.006 EDP times EDV, 2.76 P / (V - V0) ~0.5 mmHg/ml
   * at 12 mmHg and 145 ml.) P0 0.85 mmHg and lambda 0.020 /ml are the values
   * that, with the pericardium and RV below, put the normal twin at LVEDP ~9,
   * CVP ~4 mmHg and EDV ~145 ml with an end-diastolic dP/dV of ~0.26 mmHg/ml
   * (tests/ct-validation.c): inside the in vivo band, at its upper end. */
  p->lv_free_wall = wall(2.8, 5.0, 0.85, 0.020, 0.0);
  /* Septum: Smith 2004 Table 1 (Ees 48.754, Vd 2, P0 1.1101, lambda 0.435,
   * V0 2): stiff, so it transmits most of the transseptal pressure. */
  p->septum = wall(48.754, 2.0, 1.1101, 0.435, 2.0);
  /* RV free wall: Smith 2004 Table 1 (Ees 0.585); lambda 0.020 instead of
   * 0.023 /ml so that RVEDV approaches LVEDV as in CMR (Maceira et al. 2006,
   * JCMR 8:417, RV). P0 0.8 mmHg, not Smith's 0.2157: once the pericardium
   * no longer holds the ventricles at rest (below), Smith's RV would fill at
   * a right atrial pressure near 0 mmHg; 0.8 puts the normal adult's mean
   * RA pressure at ~4 mmHg with LVEDP ~9 (normal RA mean 2-6 mmHg,
   * Grossman & Baim, 8th ed. 2014, normal values table). Dead volume and
   * passive zero volume 30 ml, not Smith's 0: with a cavity that empties to
   * zero pressure at zero volume the normal adult's RV ejected 75 % of 119
   * ml down to 30 ml: an EF at the upper edge of the CMR range, an
   * end-systolic volume about half the women's mean and 40 % of the men's
   * (mean RVEDV 148-190 ml and RVESV 56-78 ml, women to men, i.e. RVEF
   * ~59-62 %, RVEDV above LVEDV: Hudsmith et al. 2005, JCMR 7:775; the 95 %
   * range of RVEF, ~47-76 %, as tests/validation/references.json recalls it
   * from Maceira et al. 2006, Eur Heart J 27:2879). The human RV's end-systolic pressure-volume
   * line need not pass through the origin (in pulmonary arterial hypertension
   * its single-beat volume intercept ran from -8 to 171 ml, growing with the
   * RV's size: Trip et al. 2013, J Heart Lung Transplant 32:50); 30 ml is the value that, moving
   * both limbs together, puts the normal twin at RVEDV ~147, RVESV ~59 ml, RVEF ~60 % with its CVP,
   * PA pressures and LV indices within ~2 % of what they were. The heart-failure twins keep 0, with
   * which their RVs were calibrated. */
  p->rv_free_wall = wall(0.585, 30.0, 0.8, 0.020, 30.0);
  /* Atria (absent from Smith 2004): unstressed volumes after Ursino 1998
   * Table 1 (LA Vu 25 ml, RA Vu 25 ml); exponential passive limbs chosen so
   * that mean LAP ~5-8 and RAP ~2-4 mmHg at the CMR atrial volumes (Maceira
   * et al. 2010, JCMR 12:65); the LA's (lambda 0.06 /ml) stiffer than the
   * RA's, as its wall is (Hoit 1994). Active elastance: RA 0.20 mmHg/ml; LA 0.5 mmHg/ml
   * (was 0.25): the in vivo LA Emax is 4-6 mmHg/ml in dogs with atria of
   * ~15-25 ml (Hoit et al. 1994, Circulation 89:1829); scaled by the ~4x
   * larger human atrium it is ~1 mmHg/ml, and 0.5 is the value that, with
   * the pulmonary vein sleeves (cs-model.c), gives atrial systole the
   * ~20 % of LV filling measured by Doppler in healthy adults (A-wave
   * velocity-time integral ~25-35 % of mitral inflow, E/A ~1-1.5 in middle
   * age: Nagueh et al. 2016, J Am Soc Echocardiogr 29:277) and costs ~10 %
   * of cardiac output when AV synchrony is lost (VVI vs DDD at the same
   * rate, pacemaker syndrome: Ausubel & Furman 1985, Ann Intern Med
   * 103:420). The RA's active elastance is the LA's, 0.5 mmHg/ml (the same
   * scaling of Hoit's atrial Emax; no human RA measurement found): with it
   * the normal twin's RA empties 55 % of its maximal volume (63 +/- 9 % by 3D
   * echocardiography in 200 healthy volunteers, Peluso et al. 2013, Eur Heart
   * J Cardiovasc Imaging, doi:10.1093/ehjci/jet024), its contraction gives
   * the tricuspid inflow its A wave (E/A ~1.1; 1.75 +/- 0.67 in 74 normal
   * subjects, Pye et al. 1991, Am J Cardiol 67:269) and its pressure trace an
   * a wave about as tall as its v wave with an x descent between them. Until
   * 2026-11-26 it was 0.20: the RA emptied 33 %, there was no distinct
   * tricuspid A wave, and the RA pressure rose through systole to a v wave
   * twice the a wave's height, as in tricuspid regurgitation. */
  p->left_atrium = wall(0.5, 10.0, 0.5, 0.06, 10.0);
  p->right_atrium = wall(0.50, 10.0, 1.0, 0.045, 10.0);
  /* Pericardium: Smith 2004 Table 1 (P0 0.5003 mmHg, lambda 0.03 /ml) for
   * the two ventricles, V0 290 ml instead of Smith's 200: with his V0 the
   * normal adult's ventricles (~270 ml together at end-diastole) pressed
   * ~4 mmHg against the sac, on its steep limb, which alone gave the LV
   * ~0.3 mmHg/ml of the chamber stiffness that the conductance data above
   * exclude. At V0 290 ml the sac is slack at rest (LV 146 + RV 122 ml) and
   * constrains the ventricles as they dilate acutely: ~1 mmHg at ~330 ml,
   * ~5 mmHg at ~370 ml. Dilated hearts remodel the pericardium and need a
   * larger V0 (set per twin). */
  p->pericardium_scale_mmhg = 0.5003;
  p->pericardium_stiffness_per_ml = 0.03;
  p->pericardium_zero_volume_ml = 290.0;
  /* Smith 2004: intrathoracic pressure -4 mmHg, applied to the heart and the
   * pulmonary vessels (all inside the chest). */
  p->intrathoracic_pressure_mmhg = -4.0;

  /* Valves: small leaflet resistances and normal effective orifice areas
   * (Baumgartner et al. 2009, EAE/ASE stenosis recommendations: normal
   * aortic 3-4 cm2, mitral 4-6 cm2; tricuspid ~7 cm2). */
  p->mitral = valve(0.002, 5.0);
  p->aortic = valve(0.001, 3.5);
  p->tricuspid = valve(0.002, 7.0);
  p->pulmonary = valve(0.001, 3.5);
  /* No regurgitation, so no functional orifice to follow the LV. */
  p->mitral_functional_reference_edv_ml = 0.0;

  /* Systemic circulation. Zc and total arterial compliance: Stergiopulos et al.
   * 1999 (Am J Physiol 276:H81): Zc 0.02-0.06 mmHg.s/ml, C ~1.5-2.5 ml/mmHg in
   * normotensive adults. SVR 0.8 mmHg.s/ml = 13.3 Wood units (normal SVR
   * 10-20 WU). Venous compliance and
   * unstressed volumes: Ursino 1998 Table 1 (splanchnic + extrasplanchnic:
   * C 55.0 + 19.0 = 74 ml/mmHg, 70 used here; Vu 1435 + 1537 ml ~ 2950
   * ml), arterial unstressed volume ~ Ursino's systemic arteries (0 ml) plus
   * splanchnic/extrasplanchnic peripheral (274 + 336 ml) ~ 610 ml. Zc 0.025,
   * C 2.2, SVR 0.8 and venous Vu 2800 ml are the values, inside those
   * ranges, that put BP near 105-120/75 mmHg (these defaults alone: 109/75,
   * mean LAP 6, CVP 3.7 mmHg; the normal twin, with its own SVR and reflex set
   * point: 112/73, LAP 5, CVP 2.6). */
  p->systemic_characteristic_impedance_mmhg_s_ml = 0.025;
  p->systemic_arterial_compliance_ml_mmhg = 2.2;
  p->systemic_arterial_unstressed_volume_ml = 610.0;
  p->systemic_vascular_resistance_mmhg_s_ml = 0.8;
  p->systemic_venous_compliance_ml_mmhg = 70.0;
  p->systemic_venous_unstressed_volume_ml = 2800.0;
  /* Venous return resistance: Ursino 1998 (R_sv 0.038, R_ev 0.016 mmHg.s/ml
   * in parallel paths; lumped 0.03). */
  p->systemic_venous_return_resistance_mmhg_s_ml = 0.03;

  /* Pulmonary circulation: PVR 0.08 mmHg.s/ml = 1.3 Wood units (Kovacs 2009:
   * normal 0.9-1.7 WU at rest); arterial compliance ~8 ml/mmHg and
   * characteristic impedance ~0.02 mmHg.s/ml (Lankhaar et al. 2006, Am J
   * Physiol 291:H1731, controls); venous compliance and unstressed volumes
   * after Ursino 1998 Table 1 (pulmonary veins C 25.37 ml/mmHg, Vu 120 ml;
   * pulmonary arteries Vu 90 ml). */
  p->pulmonary_characteristic_impedance_mmhg_s_ml = 0.02;
  p->pulmonary_arterial_compliance_ml_mmhg = 8.0;
  p->pulmonary_arterial_unstressed_volume_ml = 90.0;
  p->pulmonary_vascular_resistance_mmhg_s_ml = 0.072;
  p->pulmonary_venous_compliance_ml_mmhg = 25.37;
  p->pulmonary_venous_unstressed_volume_ml = 120.0;
  p->pulmonary_venous_return_resistance_mmhg_s_ml = 0.008;

  /* Total blood volume 70 ml/kg (Feldschuh & Enson 1977, Circulation 56:605). */
  p->total_blood_volume_ml = 70.0 * 70.0;

  /* Sinus rhythm 70 bpm, PR 160 ms (normal PR 120-200 ms). */
  p->sinus_rate_bpm = 70.0;
  p->pr_interval_ms = 160.0;
  /* Atrial timing (cs-model.c, "Atrial timing"). The sinus node lies in
   * the RA, whose activation starts the P wave; the LA's earliest
   * endocardial activation, at Bachmann's bundle, follows 31 +- 13 ms
   * after the sinus node's region (Lemery et al. 2007, J Cardiovasc
   * Electrophysiol 18:402, electroanatomic mapping in sinus rhythm). The
   * lumped LA contracts as its walls do on tissue Doppler: 14 +- 3 ms
   * after the RA in controls, 43 +- 13 ms after it in dilated
   * cardiomyopathy (onset of A' at the lateral mitral against the
   * tricuspid annulus, non-ischaemic DCM, n = 51, vs 39 controls: a
   * conference abstract, EuroEcho 2011 P388, Eur J Echocardiogr 12 suppl 2,
   * the only source found to give both groups by one method; peer-reviewed
   * tissue-Doppler studies agree in direction: 24 +- 21 ms between the
   * atrial free walls of healthy adults, Zhang et al. 2006, J Am Soc
   * Echocardiogr, doi:10.1016/j.echo.2005.11.015; P to lateral A' 31 ms
   * longer in LV systolic dysfunction, 105 +- 25 against 74 +- 12 ms, J Am
   * Soc Echocardiogr 2009, PMID 19345063), the value that heart-failure
   * twins with enlarged atria set. Each atrium starts to contract 40 ms
   * after its activation: P to A' at the lateral mitral annulus, 54 +- 24
   * ms in healthy subjects (Akamatsu et al. 2020, Cardiovasc Ultrasound 18,
   * doi:10.1186/s12947-020-00205-2), is counted from P onset and so holds
   * the 14 ms of interatrial conduction. The transmitral A flow follows at
   * once in the healthy twin: it runs from ~55 to ~185 ms after P onset,
   * peaking at ~90, earlier than Doppler times it (atrial pre-ejection period
   * 81-89 ms, atrial ejection time 126-147 ms: Abe et al. 1988, J Am Coll
   * Cardiol 11:800; P to the A peak 133 +- 17 ms in 194 controls, J
   * Cardiovasc Electrophysiol 2011, 22:1325). A delay of 70 ms, which would
   * place it there, was measured and not adopted
   * (docs/engine-calibration-log.md, twenty-eighth session). */
  p->interatrial_conduction_ms = 14.0;
  p->atrial_electromechanical_delay_ms = 40.0;
  p->conduction = CS_CONDUCTION_NORMAL;
  /* LV size: CMR reference LVEDD ~48 mm, long axis ~85 mm (Maceira 2006). */
  p->lv_long_axis_mm = 85.0;
  p->lv_end_diastolic_diameter_mm = 48.0;
  /* Working myocardium conducts at ~0.6-0.7 m/s along fibres (Durrer et al.
   * 1970, Circulation 41:899; Taggart et al. 2000, J Mol Cell Cardiol 32:621);
   * Purkinje fibres at 1.5-4 m/s (Guyton & Hall, Textbook of Medical
   * Physiology, ch. 10). The network covers the mid and apical thirds
   * (cs-activation.c); at 2 m/s over the chords between segment centres it
   * and the myocardium of the basal third activate the reference LV in
   * ~58 ms, apex at ~27 ms, basal inferolateral wall last (Durrer 1970:
   * whole LV within ~60-80 ms, posterobasal area last). */
  p->myocardial_conduction_velocity_m_s = 0.6;
  p->purkinje_conduction_velocity_m_s = 2.0;
  /* Maximal sarcomere shortening velocity: 7 um/s (CircAdapt, Lumens et al.
   * 2009, Ann Biomed Eng 37:2234, Table 1; ~3.5 lengths/s, within the
   * unloaded shortening velocities of mammalian myocardium, Sonnenblick 1962,
   * Am J Physiol 202:931). */
  p->sarcomere_max_velocity_um_s = 7.0;
  /* Scar several times stiffer than resting myocardium (Holmes et al. 2005,
   * Annu Rev Biomed Eng 7:223; Fomovsky & Holmes 2010, Am J Physiol
   * 298:H221). */
  p->scar_stiffness_ratio = 5.0;
  /* Force-frequency relation: in patients with normal LV function, atrial
   * pacing 45 bpm above the resting rate raised dP/dtmax by 12 % with the
   * preload allowed to fall (1571 +- 237 to 1760 +- 199 mmHg/s, n = 10) and
   * by 36 % with it held by saline (1505 to 2050, n = 9; Schaefer et al.
   * 1988, Am J Cardiol 61:617); the end-systolic pressure-volume ratio rose
   * with the rate in normal ventricles and not at all in dilated
   * cardiomyopathy (Feldman et al. 1988, J Clin Invest 82:1661), whose
   * failing myocardium even loses force at higher rates (Mulieri et al.
   * 1992, Circulation 85:1743); and paced to 130-160 bpm, normal ventricles
   * kept or raised their EF while their end-diastolic volume fell by a third
   * (Dehmer et al. 1983, Am Heart J 106:114: 0.61 to 0.66; Rozenman et al.
   * 1984: unchanged), so their end-systolic volume fell further still.
   * 0.016 /bpm (+72 % contractility at +45 bpm, on the twitch's force alone:
   * its rise keeps its time, cs-model.c) is the smallest gain, in thousandths,
   * with which the normal twin meets all of them (tests/ct-validation.c): its
   * dP/dtmax rises 17 % at +45 bpm with the preload falling (Schaefer: 12 %,
   * band 4-20) and 41 % with it held (36 %, band 24-48), and at 130 bpm its
   * end-systolic volume falls 37 % (Dehmer: 44 %) and its EF 2.4 points (band
   * -3 to +10), its pre-ejection period 8 ms longer (Mertens et al. 1981:
   * unchanged, band +-10). Until the twenty-second session the gain was 0.01
   * with the twitch's rise quickening as its fourth root, which met
   * Schaefer's figures closer (14 and 37 %) and left the EF falling 6.5
   * points. Heart-failure twins set 0. (0.0045 until the fourteenth session,
   * when the segments' length-dependent activation also followed the whole
   * wall's preload and lowered dP/dtmax as the preload fell:
   * docs/engine-calibration-log.md.) */
  p->force_frequency_per_bpm = 0.016;

  /* The reflex defends the resting MAP of the twin it belongs to; a twin
   * sets it to its own MAP. Ursino 1998's P_n is 92 mmHg, close to the
   * healthy default's resting MAP. */
  p->baroreflex_set_point_mmhg = 92.0;
  p->baroreflex_gain_scale = 1.0;
  p->baroreflex_heart_rate_gain_scale = 1.0;
  /* The reference adult's resting mean RA pressure with the defaults above (2.8 mmHg); a twin sets
   * its own. Heart failure blunts the reflex: in 29 patients in NYHA class III-IV forearm vascular
   * resistance rose 10, 17 and 24 % at lower-body negative pressures of -10, -20 and -40 mmHg,
   * against 70, 106 and 152 % in 11 age-matched controls (Am Heart J 1989, 118:78, abstract;
   * authors not shown in the record read): a sixth, so heart-failure twins set 0.15. */
  p->cardiopulmonary_set_point_mmhg = 2.8;
  p->cardiopulmonary_reflex_gain_scale = 1.0;
  /* A healthy adult's sinus node answers a beta-1 agonist in full. Heart failure desensitizes the
   * receptor's pathway: intracoronary dobutamine's maximal LV dP/dt response was 37 % of normal
   * subjects' in 24 patients with severe heart failure, with no shift of its EC50 (Colucci et
   * al. 1988, J Clin Invest 81:1103, abstract), the failing ventricles' beta-receptor density
   * half of normal hearts' (Bristow et al. 1982, N Engl J Med 307:205, abstract). That is the
   * ventricle's; for the sinus node it is assumed, and agrees with the heart rate's sensitivity to
   * isoproterenol under autonomic blockade in 13 patients with HFpEF, 0.156 against 0.254 bpm
   * per ng/ml in 13 senior controls (Sarma et al. 2020, Circ Heart Fail 13:e006331, abstract:
   * 0.61), times age's 0.61 below: ~0.37 of a young adult's. Heart-failure twins set 0.37, a lower
   * maximum as Colucci found (the chronotropic studies measured slopes, not maxima). The share
   * scales the effect on the AV node too, which follows the drug's heart-rate effect. Age: under
   * ganglionic blockade the heart rate's slope on the isoproterenol infused was 0.094 +/- 0.036 in
   * 15 men of 65 against 0.154
   * +/- 0.045 in 15 of 25 (Christou & Seals 2008, J Appl Physiol 105:24, abstract): ~0.6 at 65,
   * which the fit applies (ct-fit.c). */
  p->beta1_chronotropic_scale = 1.0;
}

#define F(field, unit, lo, hi)                                                                     \
  {                                                                                                \
#field, unit, offsetof(CsParams, field), lo, hi                                                \
  }
#define W(wall, prefix, lo_ees, hi_ees, lo_zero, hi_stiffness)                                     \
  {prefix "_end_systolic_elastance_mmhg_ml", "mmHg/ml",                                            \
   offsetof(CsParams, wall) + offsetof(CsWall, end_systolic_elastance_mmhg_ml), lo_ees, hi_ees},   \
      {prefix "_dead_volume_ml", "ml",                                                             \
       offsetof(CsParams, wall) + offsetof(CsWall, dead_volume_ml), -50.0, 150.0},                 \
      {prefix "_edpvr_scale_mmhg", "mmHg",                                                         \
       offsetof(CsParams, wall) + offsetof(CsWall, edpvr_scale_mmhg), 0.001, 20.0},                \
      {prefix "_edpvr_stiffness_per_ml", "1/ml",                                                   \
       offsetof(CsParams, wall) + offsetof(CsWall, edpvr_stiffness_per_ml), 0.001, hi_stiffness},  \
  {                                                                                                \
    prefix "_edpvr_zero_volume_ml", "ml",                                                          \
        offsetof(CsParams, wall) + offsetof(CsWall, edpvr_zero_volume_ml), lo_zero, 150.0          \
  }
#define V(valve, prefix)                                                                           \
  {prefix "_resistance_mmhg_s_ml", "mmHg.s/ml",                                                    \
   offsetof(CsParams, valve) + offsetof(CsValve, resistance_mmhg_s_ml), 0.0002, 0.1},              \
      {prefix "_effective_orifice_area_cm2", "cm2",                                                \
       offsetof(CsParams, valve) + offsetof(CsValve, effective_orifice_area_cm2), 0.3, 10.0},      \
  {                                                                                                \
    prefix "_regurgitant_orifice_area_cm2", "cm2",                                                 \
        offsetof(CsParams, valve) + offsetof(CsValve, regurgitant_orifice_area_cm2), 0.0, 1.0      \
  }

/* Allowed ranges: wide enough for any patient the engine is meant for
 * (neonates excluded), narrow enough that the integration stays meaningful.
 *
 * Walls (W: elastance range, then the least EDPVR zero volume and the
 * largest EDPVR stiffness). The stiffness of a chamber's passive law is at
 * most 0.2 /ml: measured in patients by conductance catheter it is ~0.01 /ml
 * without and 0.016-0.036 /ml (interquartile range) with diastolic heart
 * failure (Sinning et al. 2011, Cardiol Res Pract 2011:692862, Table 2), and
 * at 0.2 /ml filling pressure already triples over 5-6 ml; the 1 /ml once
 * allowed (a chamber whose pressure rises e-fold per ml) made in vivo no
 * sense and the integration diverge. The septum's 'volume' is Smith's
 * deflection, not a cavity: its law keeps Smith's stiffer range (0.435 /ml
 * by default). A chamber's zero volume (the cavity at zero passive pressure)
 * is a volume, not below 0 ml (Smith 2004 Table 1: 0 ml for both free
 * walls); an atrium's is at least 5 ml (Ursino 1998 Table 1: 25 ml), since
 * the atrial collapse (cs-model.c) sets in below it and with a zero volume of
 * 0 ml or less an atrium could be drawn empty before collapsing. */
static const CsParamInfo param_table[] = {
    F(body_weight_kg, "kg", 30.0, 250.0),
    W(lv_free_wall, "lv_free_wall", 0.2, 10.0, 0.0, 0.2),
    W(septum, "septum", 1.0, 200.0, -50.0, 1.0),
    W(rv_free_wall, "rv_free_wall", 0.05, 5.0, 0.0, 0.2),
    W(left_atrium, "left_atrium", 0.02, 3.0, 5.0, 0.2),
    W(right_atrium, "right_atrium", 0.02, 3.0, 5.0, 0.2),
    F(pericardium_scale_mmhg, "mmHg", 0.0, 10.0),
    F(pericardium_stiffness_per_ml, "1/ml", 0.001, 0.2),
    F(pericardium_zero_volume_ml, "ml", 50.0, 1500.0),
    F(intrathoracic_pressure_mmhg, "mmHg", -15.0, 15.0),
    V(mitral, "mitral"),
    V(aortic, "aortic"),
    V(tricuspid, "tricuspid"),
    V(pulmonary, "pulmonary_valve"),
    /* 0 (a fixed orifice) or an LV end-diastolic volume, as lv_end_diastolic_diameter_mm's
     * largest chambers reach. */
    F(mitral_functional_reference_edv_ml, "ml", 0.0, 1000.0),
    F(systemic_characteristic_impedance_mmhg_s_ml, "mmHg.s/ml", 0.005, 0.5),
    F(systemic_arterial_compliance_ml_mmhg, "ml/mmHg", 0.2, 6.0),
    F(systemic_arterial_unstressed_volume_ml, "ml", 0.0, 2000.0),
    F(systemic_vascular_resistance_mmhg_s_ml, "mmHg.s/ml", 0.2, 5.0),
    F(systemic_venous_compliance_ml_mmhg, "ml/mmHg", 10.0, 300.0),
    F(systemic_venous_unstressed_volume_ml, "ml", 500.0, 6000.0),
    F(systemic_venous_return_resistance_mmhg_s_ml, "mmHg.s/ml", 0.002, 0.5),
    F(pulmonary_characteristic_impedance_mmhg_s_ml, "mmHg.s/ml", 0.002, 0.5),
    F(pulmonary_arterial_compliance_ml_mmhg, "ml/mmHg", 0.3, 20.0),
    F(pulmonary_arterial_unstressed_volume_ml, "ml", 0.0, 500.0),
    F(pulmonary_vascular_resistance_mmhg_s_ml, "mmHg.s/ml", 0.01, 1.5),
    F(pulmonary_venous_compliance_ml_mmhg, "ml/mmHg", 2.0, 100.0),
    F(pulmonary_venous_unstressed_volume_ml, "ml", 0.0, 800.0),
    F(pulmonary_venous_return_resistance_mmhg_s_ml, "mmHg.s/ml", 0.001, 0.2),
    F(total_blood_volume_ml, "ml", 2000.0, 12000.0),
    F(sinus_rate_bpm, "bpm", CS_MIN_HEART_RATE_BPM, CS_MAX_HEART_RATE_BPM),
    F(pr_interval_ms, "ms", 80.0, 400.0),
    F(interatrial_conduction_ms, "ms", 0.0, 150.0),
    F(atrial_electromechanical_delay_ms, "ms", 0.0, 120.0),
    F(lv_long_axis_mm, "mm", 50.0, 150.0),
    F(lv_end_diastolic_diameter_mm, "mm", 30.0, 95.0),
    F(myocardial_conduction_velocity_m_s, "m/s", 0.2, 1.5),
    F(purkinje_conduction_velocity_m_s, "m/s", 0.5, 4.0),
    F(sarcomere_max_velocity_um_s, "um/s", 1.0, 30.0),
    F(scar_stiffness_ratio, "1", 1.0, 50.0),
    /* Up to twice the default (+90 % contractility at +45 bpm, where the default's +45 % gives
     * the normal twin +37 % of dP/dtmax with the preload held, Schaefer 1988's +36 %) and down
     * to a loss of force at fast rates in failing myocardium (Mulieri 1992), where the engine's
     * floor of half holds (cs-model.c). */
    F(force_frequency_per_bpm, "1/bpm", -0.005, 0.02),
    F(baroreflex_set_point_mmhg, "mmHg", 50.0, 150.0),
    F(baroreflex_gain_scale, "1", 0.0, 3.0),
    F(baroreflex_heart_rate_gain_scale, "1", 0.0, 3.0),
    /* Resting mean RA pressures from a healthy adult's to severe right heart failure's. */
    F(cardiopulmonary_set_point_mmhg, "mmHg", 0.0, 30.0),
    F(cardiopulmonary_reflex_gain_scale, "1", 0.0, 3.0),
    /* From no response (a transplanted, denervated node still answers, but a twin may say none)
     * to half as much again as the volunteers' mean. */
    F(beta1_chronotropic_scale, "1", 0.0, 1.5),
};

size_t cs_param_count(void)
{
  return sizeof param_table / sizeof param_table[0];
}

const CsParamInfo *cs_param_info(size_t index)
{
  return index < cs_param_count() ? &param_table[index] : NULL;
}

const CsParamInfo *cs_param_lookup(const char *name)
{
  if (name == NULL)
    return NULL;
  for (size_t i = 0; i < cs_param_count(); i++)
    if (strcmp(param_table[i].name, name) == 0)
      return &param_table[i];
  return NULL;
}

double *cs_param_field(CsParams *params, const CsParamInfo *info)
{
  /* The table's offsets are those of double members: the address is aligned. */
  return (double *)(void *)((char *)params + info->offset);
}

CsStatus cs_params_validate(const CsParams *params, CsError *error)
{
  double stressed_capacity;

  for (size_t i = 0; i < cs_param_count(); i++) {
    const CsParamInfo *info = &param_table[i];
    double value = *(const double *)(const void *)((const char *)params + info->offset);

    if (!isfinite(value) || value < info->min || value > info->max) {
      cs_set_error(error, "%s is %g %s; it must be between %g and %g %s", info->name, value,
                   info->unit, info->min, info->max, info->unit);
      cs_set_failure(error, CS_FAILURE_PARAMETER_RANGE, -1, value, info->min, info->max);
      if (error != NULL) {
        error->parameter = info->name;
        error->unit = info->unit;
      }
      return CS_ERROR_INVALID_PARAMETER;
    }
  }
  switch (params->conduction) {
  case CS_CONDUCTION_NORMAL:
  case CS_CONDUCTION_LBBB:
  case CS_CONDUCTION_RBBB:
    break;
  default:
    cs_set_error(error, "conduction must be normal, LBBB or RBBB");
    return CS_ERROR_INVALID_PARAMETER;
  }
  for (int s = 0; s < CS_AHA_SEGMENTS; s++) {
    double t = params->scar_transmurality[s];
    if (!isfinite(t) || t < 0.0 || t > 1.0) {
      cs_set_error(error, "scar transmurality of AHA segment %d is %g; it must be between 0 and 1",
                   s + 1, t);
      return CS_ERROR_INVALID_PARAMETER;
    }
  }
  /* The blood must fill the unstressed volumes with room to spare (300 ml, our
   * margin), or the circulation has no pressure to drive it. The baroreflex's
   * venoconstriction makes room: at maximal sympathetic firing Ursino's venous
   * unstressed-volume gains recruit 16 % of the systemic veins' unstressed
   * volume at gain 1 (cs_baroreflex_max_venous_recruitment: Ursino 1998's sigma
   * from 1.10 at the set point to 2.51, times (265.4 + 74.2) / (1435.4 +
   * 1537.0)), so the limit is taken at the veins so constricted, the gain's
   * share up to 1. A hemorrhage of a fifth of the blood stays simulable (the
   * `normal` twin down to ~3470 ml of its 4900); with the reflex switched off,
   * such a twin runs with its veins collapsed, or is refused as emptied. The cardiopulmonary
   * arm's recruitment is not counted: it depends on how far the CVP falls below its set point,
   * which the parameters alone do not say, so the limit stays the arterial arm's. */
  stressed_capacity = params->systemic_arterial_unstressed_volume_ml +
                      params->systemic_venous_unstressed_volume_ml *
                          (1.0 - cs_baroreflex_max_venous_recruitment() *
                                     fmin(params->baroreflex_gain_scale, 1.0)) +
                      params->pulmonary_arterial_unstressed_volume_ml +
                      params->pulmonary_venous_unstressed_volume_ml;
  if (params->total_blood_volume_ml < stressed_capacity + 300.0) {
    cs_set_error(error,
                 "total_blood_volume_ml is %g ml; it must exceed the vessels' unstressed volumes, "
                 "less what the reflex's venoconstriction can recruit (%g ml), by at least 300 ml",
                 params->total_blood_volume_ml, stressed_capacity);
    cs_set_failure(error, CS_FAILURE_BLOOD_VOLUME_TOO_SMALL, -1, params->total_blood_volume_ml,
                   stressed_capacity + 300.0, 0.0);
    return CS_ERROR_INVALID_PARAMETER;
  }
  return CS_OK;
}

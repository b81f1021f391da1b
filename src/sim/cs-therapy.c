/* cs-therapy.c — drugs (pharmacokinetics and pharmacodynamics), devices.
 *
 * PK: one-compartment, linear. An infusion is evaluated at steady state
 * (Css = rate / clearance); an oral drug at its average steady-state
 * concentration (Cavg = F dose / (CL tau)); an IV bolus decays with its
 * half-life (Rowland & Tozer, Clinical Pharmacokinetics, 4th ed., ch. 3-5).
 * PD: signed sigmoid Emax (Hill) models, one per target (Holford & Sheiner
 * 1981, Clin Pharmacokinet 6:429); effects of several drugs on one target
 * multiply (independent action). The numbers are data (data/drugs.json),
 * each with its source there.
 */
#include "cs-internal.h"

#include <string.h>

void cs_therapy_default(CsTherapy *t)
{
  memset(t, 0, sizeof *t);
  t->pacing.mode = CS_PACING_NONE;
  t->pacing.rate_bpm = 60.0;
  t->pacing.av_delay_ms = 120.0;
  t->pacing.vv_delay_ms = 0.0;
  t->pacing.lv_lead_segment = 11; /* mid inferolateral: the usual CRT target */
  t->pacing.rv_lead_site = CS_RV_LEAD_APEX;
  t->pacing.lv_only = 0;
  t->lvad_enabled = 0;
  t->lvad_speed_rpm = 5400.0;
  t->baroreflex_enabled = 1;
}

const char *cs_pacing_mode_name(CsPacingMode mode)
{
  switch (mode) {
  case CS_PACING_NONE:
    return "none";
  case CS_PACING_AAI:
    return "AAI";
  case CS_PACING_VVI:
    return "VVI";
  case CS_PACING_DDD:
    return "DDD";
  case CS_PACING_CRT:
    return "CRT";
  default:
    return "?";
  }
}

const char *cs_dose_unit_name(CsDoseUnit unit)
{
  switch (unit) {
  case CS_DOSE_MCG_KG_MIN:
    return "mcg/kg/min";
  case CS_DOSE_MCG_MIN:
    return "mcg/min";
  case CS_DOSE_MG:
    return "mg";
  case CS_DOSE_MG_DAY:
    return "mg/day";
  default:
    return "?";
  }
}

const char *cs_effect_target_name(CsEffectTarget target)
{
  switch (target) {
  case CS_EFFECT_HEART_RATE:
    return "heart_rate";
  case CS_EFFECT_CONTRACTILITY:
    return "contractility";
  case CS_EFFECT_RELAXATION:
    return "relaxation";
  case CS_EFFECT_SYSTEMIC_RESISTANCE:
    return "systemic_resistance";
  case CS_EFFECT_PULMONARY_RESISTANCE:
    return "pulmonary_resistance";
  case CS_EFFECT_VENOUS_CAPACITY:
    return "venous_capacity";
  case CS_EFFECT_BLOOD_VOLUME:
    return "blood_volume";
  case CS_EFFECT_COUNT:
  default:
    return "?";
  }
}

const char *cs_beta1_role_name(CsBeta1Role role)
{
  switch (role) {
  case CS_BETA1_NONE:
    return "none";
  case CS_BETA1_AGONIST:
    return "agonist";
  case CS_BETA1_ANTAGONIST:
    return "antagonist";
  default:
    return "?";
  }
}

static int finite_in(double v, double lo, double hi)
{
  return isfinite(v) && v >= lo && v <= hi;
}

CsStatus cs_drug_def_validate(const CsDrugDef *d, CsError *error)
{
  if (memchr(d->name, '\0', sizeof d->name) == NULL || d->name[0] == '\0') {
    cs_set_error(error, "a drug has no name");
    return CS_ERROR_INVALID_PARAMETER;
  }
  if ((int)d->route < CS_ROUTE_INFUSION || (int)d->route > CS_ROUTE_ORAL ||
      (int)d->unit < CS_DOSE_MCG_KG_MIN || (int)d->unit > CS_DOSE_MG_DAY) {
    cs_set_error(error, "%s: unknown route or dose unit", d->name);
    return CS_ERROR_INVALID_PARAMETER;
  }
  if (!finite_in(d->dose_min, 0.0, 1e6) || !finite_in(d->dose_max, d->dose_min, 1e6) ||
      d->dose_max <= 0.0) {
    cs_set_error(error, "%s: dose range %g-%g is not a valid range", d->name, d->dose_min,
                 d->dose_max);
    return CS_ERROR_INVALID_PARAMETER;
  }
  if (d->route == CS_ROUTE_BOLUS) {
    if (!finite_in(d->volume_of_distribution_l_kg, 0.01, 50.0) ||
        !finite_in(d->effect_time_min, 1.0, 2880.0) ||
        !finite_in(d->intravascular_fraction, 0.0, 1.0)) {
      cs_set_error(error,
                   "%s: a bolus needs volume_of_distribution_l_kg (0.01-50), "
                   "effect_time_min (1-2880) and intravascular_fraction (0-1)",
                   d->name);
      return CS_ERROR_INVALID_PARAMETER;
    }
  }
  if (!finite_in(d->clearance_ml_min_kg, 0.01, 1000.0)) {
    cs_set_error(error, "%s: clearance_ml_min_kg is %g; it must be between 0.01 and 1000", d->name,
                 d->clearance_ml_min_kg);
    return CS_ERROR_INVALID_PARAMETER;
  }
  if (d->route == CS_ROUTE_ORAL && !finite_in(d->bioavailability, 0.01, 1.0)) {
    cs_set_error(error, "%s: bioavailability is %g; it must be between 0.01 and 1", d->name,
                 d->bioavailability);
    return CS_ERROR_INVALID_PARAMETER;
  }
  if (d->n_effects < 1 || d->n_effects > CS_MAX_DRUG_EFFECTS) {
    cs_set_error(error, "%s: a drug needs 1 to %d effects", d->name, CS_MAX_DRUG_EFFECTS);
    return CS_ERROR_INVALID_PARAMETER;
  }
  for (int i = 0; i < d->n_effects; i++) {
    const CsDrugEffect *e = &d->effects[i];
    /* A venodilator returns a share of the stressed venous volume, never all of it (the veins
     * would be left at zero pressure, whatever the dose). */
    double emax_lo = e->target == CS_EFFECT_BLOOD_VOLUME ? 0.0 : -0.95;
    double emax_hi = e->target == CS_EFFECT_BLOOD_VOLUME      ? 100.0
                     : e->target == CS_EFFECT_VENOUS_CAPACITY ? 0.95
                                                              : 5.0;
    if (e->target == CS_EFFECT_BLOOD_VOLUME && !finite_in(d->intravascular_fraction, 0.0, 1.0)) {
      cs_set_error(error, "%s: a diuretic needs intravascular_fraction between 0 and 1", d->name);
      return CS_ERROR_INVALID_PARAMETER;
    }
    /* A continuous diuresis has no steady state: the engine evaluates a
     * diuretic as a bolus, over its effect window. */
    if (e->target == CS_EFFECT_BLOOD_VOLUME && d->route != CS_ROUTE_BOLUS) {
      cs_set_error(error, "%s: a blood-volume (diuretic) effect needs the bolus route", d->name);
      return CS_ERROR_INVALID_PARAMETER;
    }
    if ((int)e->target < 0 || e->target >= CS_EFFECT_COUNT) {
      cs_set_error(error, "%s: effect %d has an unknown target", d->name, i + 1);
      return CS_ERROR_INVALID_PARAMETER;
    }
    if (e->sinus_node_only != 0 && (e->sinus_node_only != 1 || e->target != CS_EFFECT_HEART_RATE)) {
      cs_set_error(error,
                   "%s: effect on %s: sinus_node_only applies to a heart_rate effect only, as 0 "
                   "or 1",
                   d->name, cs_effect_target_name(e->target));
      return CS_ERROR_INVALID_PARAMETER;
    }
    if (!finite_in(e->emax, emax_lo, emax_hi) || !finite_in(e->ec50_ng_ml, 1e-6, 1e7) ||
        !finite_in(e->hill, 0.1, 10.0)) {
      cs_set_error(error, "%s: effect on %s needs emax in %g..%g, ec50_ng_ml > 0 and hill 0.1-10",
                   d->name, cs_effect_target_name(e->target), emax_lo, emax_hi);
      return CS_ERROR_INVALID_PARAMETER;
    }
    /* Stimulation raises what it acts on, blockade lowers it; one receptor constant a drug. */
    if ((int)e->beta1 < CS_BETA1_NONE || e->beta1 > CS_BETA1_ANTAGONIST ||
        (e->beta1 == CS_BETA1_AGONIST && !(e->emax > 0.0)) ||
        (e->beta1 == CS_BETA1_ANTAGONIST && !(e->emax < 0.0)) ||
        (e->beta1 != CS_BETA1_NONE && e->target != CS_EFFECT_HEART_RATE &&
         e->target != CS_EFFECT_CONTRACTILITY && e->target != CS_EFFECT_RELAXATION)) {
      cs_set_error(error,
                   "%s: effect on %s: beta1 is %s, but a beta-1 agonist effect (emax > 0) raises, "
                   "an antagonist effect (emax < 0) lowers, heart rate, contractility or "
                   "relaxation",
                   d->name, cs_effect_target_name(e->target), cs_beta1_role_name(e->beta1));
      return CS_ERROR_INVALID_PARAMETER;
    }
    for (int j = 0; j < i; j++)
      if (e->beta1 == CS_BETA1_ANTAGONIST && d->effects[j].beta1 == CS_BETA1_ANTAGONIST) {
        cs_set_error(error,
                     "%s: beta1 is antagonist on the effects on %s and %s; one effect gives the "
                     "beta-1 antagonist's receptor constant",
                     d->name, cs_effect_target_name(d->effects[j].target),
                     cs_effect_target_name(e->target));
        return CS_ERROR_INVALID_PARAMETER;
      }
  }
  return CS_OK;
}

CsStatus cs_therapy_validate(const CsTherapy *t, CsError *error)
{
  const CsPacing *pc = &t->pacing;

  if (t->n_drugs < 0 || t->n_drugs > CS_MAX_DRUGS) {
    cs_set_error(error, "at most %d drugs at once", CS_MAX_DRUGS);
    return CS_ERROR_INVALID_PARAMETER;
  }
  for (int i = 0; i < t->n_drugs; i++) {
    const CsDrugDef *d = &t->drugs[i];
    CsStatus status = cs_drug_def_validate(d, error);
    if (status != CS_OK)
      return status;
    if (!finite_in(t->doses[i], d->dose_min, d->dose_max)) {
      cs_set_error(error, "%s dose is %g %s; it must be between %g and %g %s", d->name, t->doses[i],
                   cs_dose_unit_name(d->unit), d->dose_min, d->dose_max,
                   cs_dose_unit_name(d->unit));
      return CS_ERROR_INVALID_PARAMETER;
    }
    for (int j = 0; j < i; j++)
      if (strcmp(t->drugs[j].name, d->name) == 0) {
        cs_set_error(error, "%s is given twice", d->name);
        return CS_ERROR_INVALID_PARAMETER;
      }
  }
  if ((int)pc->mode < CS_PACING_NONE || (int)pc->mode > CS_PACING_CRT) {
    cs_set_error(error, "pacing mode must be none, AAI, VVI, DDD or CRT");
    return CS_ERROR_INVALID_PARAMETER;
  }
  /* Device ranges of current CRT-D/pacemaker programmers. */
  if (!finite_in(pc->rate_bpm, 30.0, 180.0)) {
    cs_set_error(error, "pacing rate_bpm is %g; it must be between 30 and 180", pc->rate_bpm);
    return CS_ERROR_INVALID_PARAMETER;
  }
  if (!finite_in(pc->av_delay_ms, 30.0, 350.0)) {
    cs_set_error(error, "pacing av_delay_ms is %g; it must be between 30 and 350", pc->av_delay_ms);
    return CS_ERROR_INVALID_PARAMETER;
  }
  if (!finite_in(pc->vv_delay_ms, -80.0, 80.0)) {
    cs_set_error(error, "pacing vv_delay_ms is %g; it must be between -80 and 80", pc->vv_delay_ms);
    return CS_ERROR_INVALID_PARAMETER;
  }
  if (pc->lv_lead_segment < 1 || pc->lv_lead_segment > CS_AHA_SEGMENTS) {
    cs_set_error(error, "pacing lv_lead_segment is %d; it must be an AHA segment from 1 to 17",
                 pc->lv_lead_segment);
    return CS_ERROR_INVALID_PARAMETER;
  }
  if (pc->lv_only != 0 && pc->lv_only != 1) {
    cs_set_error(error, "pacing lv_only is %d; it must be 0 or 1", pc->lv_only);
    return CS_ERROR_INVALID_PARAMETER;
  }
  if ((int)pc->rv_lead_site != CS_RV_LEAD_APEX && (int)pc->rv_lead_site != CS_RV_LEAD_SEPTUM) {
    cs_set_error(error, "pacing rv_lead_site must be apex or septum");
    return CS_ERROR_INVALID_PARAMETER;
  }
  /* HeartMate 3 speed range (Abbott HeartMate 3 IFU: 3000-9000 rpm). */
  if (t->lvad_enabled && !finite_in(t->lvad_speed_rpm, 3000.0, 9000.0)) {
    cs_set_error(error, "LVAD speed_rpm is %g; it must be between 3000 and 9000",
                 t->lvad_speed_rpm);
    return CS_ERROR_INVALID_PARAMETER;
  }
  return CS_OK;
}

double cs_drug_concentration_ng_ml(const CsDrugDef *d, double dose, double weight_kg)
{
  double clearance_ml_min = d->clearance_ml_min_kg * weight_kg;

  switch (d->route) {
  case CS_ROUTE_INFUSION:
    /* ng/min over ml/min. */
    if (d->unit == CS_DOSE_MCG_KG_MIN)
      return dose * 1000.0 * weight_kg / clearance_ml_min;
    return dose * 1000.0 / clearance_ml_min;
  case CS_ROUTE_ORAL:
    return d->bioavailability * dose * 1e6 / 1440.0 / clearance_ml_min;
  case CS_ROUTE_BOLUS:
    /* Initial concentration; the time course is integrated by the caller. */
    return dose * 1e6 / (d->volume_of_distribution_l_kg * weight_kg * 1000.0);
  default:
    return 0.0;
  }
}

static double hill(const CsDrugEffect *e, double c)
{
  double cn = pow(c, e->hill);
  return e->emax * cn / (pow(e->ec50_ng_ml, e->hill) + cn);
}

/* The concentration at which a drug acts on the haemodynamics: a bolus at its effect time. */
static double acting_concentration(const CsDrugDef *d, double c)
{
  if (d->route == CS_ROUTE_BOLUS) {
    double k = d->clearance_ml_min_kg / (d->volume_of_distribution_l_kg * 1000.0);
    return c * exp(-k * d->effect_time_min);
  }
  return c;
}

void cs_therapy_drug_effects(const CsTherapy *t, const CsParams *p, CsDrugEffects *out)
{
  /* The competitive antagonists' occupancy ratio at the beta-1 receptor, sum of C_B / K_B
   * (Gaddum's equation for several antagonists at one site): the agonists' concentrations act as
   * if divided by 1 + that. */
  double beta1_blockade = 0.0;

  for (int k = 0; k < CS_EFFECT_COUNT; k++)
    out->factor[k] = 1.0;
  out->blood_volume_change_ml = 0.0;
  out->venous_unstressed_factor = 1.0;
  out->av_node_rate_factor = 1.0;

  for (int i = 0; i < t->n_drugs; i++) {
    const CsDrugDef *d = &t->drugs[i];
    double c =
        acting_concentration(d, cs_drug_concentration_ng_ml(d, t->doses[i], p->body_weight_kg));

    for (int j = 0; j < d->n_effects; j++)
      if (d->effects[j].beta1 == CS_BETA1_ANTAGONIST)
        beta1_blockade += c / d->effects[j].ec50_ng_ml;
  }

  out->beta1_blockade = beta1_blockade;

  for (int i = 0; i < t->n_drugs; i++) {
    const CsDrugDef *d = &t->drugs[i];
    double c = cs_drug_concentration_ng_ml(d, t->doses[i], p->body_weight_kg);

    for (int j = 0; j < d->n_effects; j++) {
      const CsDrugEffect *e = &d->effects[j];

      if (e->target == CS_EFFECT_BLOOD_VOLUME) {
        /* Urine flow above baseline follows the concentration; integrate it
         * over the bolus's effect window (1-minute midpoint steps on a
         * mono-exponential decay) and take the plasma's share of it. */
        double k = d->clearance_ml_min_kg / (d->volume_of_distribution_l_kg * 1000.0);
        double urine_ml = 0.0;
        for (double m = 0.5; m < d->effect_time_min; m += 1.0)
          urine_ml += hill(e, c * exp(-k * m));
        out->blood_volume_change_ml -= urine_ml * d->intravascular_fraction;
      } else {
        double acting = acting_concentration(d, c);
        double effect;

        if (e->beta1 == CS_BETA1_AGONIST)
          acting /= 1.0 + beta1_blockade;
        effect = hill(e, acting);
        /* A desensitized sinus node (heart failure, age) reaches a smaller share of the agonist's
         * chronotropy at any concentration: a lower maximum, no shift (CsParams). */
        if (e->beta1 == CS_BETA1_AGONIST && e->target == CS_EFFECT_HEART_RATE)
          effect *= p->beta1_chronotropic_scale;

        /* Two venodilators each release their share of what the other left stressed (see
         * systemic_venous_unstressed_volume in cs-model.c). */
        if (e->target == CS_EFFECT_VENOUS_CAPACITY && effect > 0.0)
          out->factor[e->target] *= 1.0 - effect;
        else if (e->target == CS_EFFECT_VENOUS_CAPACITY)
          out->venous_unstressed_factor *= 1.0 + effect;
        else
          out->factor[e->target] *= 1.0 + effect;
        if (e->target == CS_EFFECT_HEART_RATE && !e->sinus_node_only)
          out->av_node_rate_factor *= 1.0 + effect;
      }
    }
  }
}

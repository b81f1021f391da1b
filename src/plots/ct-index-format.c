/* ct-index-format.c — the haemodynamic indices in a clinician's words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-index-format.h"
#include "ct-plot.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#define KPA_PER_MMHG CT_PLOT_KPA_PER_MMHG
/* Stroke work in millijoules: 1 mmHg.ml = 133.322 Pa x 1e-6 m^3 = 0.133322 mJ. */
#define MJ_PER_MMHG_ML CT_PLOT_KPA_PER_MMHG

typedef enum {
  UNIT_PLAIN,    /* shown as the engine gives it */
  UNIT_PRESSURE, /* mmHg, or kPa */
  UNIT_PRESSURE_RATE,
  UNIT_WORK,
} UnitKind;

typedef struct {
  const char *label; /* N_(): translated where shown */
  int decimals;
  UnitKind unit_kind;
} IndexRow;

/* In cs_index_name() order (the contract's). The wording is a cardiologist's. The engine's
 * systemic pressures are the ascending aorta's: its systolic and diastolic pressures are named so,
 * since the brachial artery's systolic pressure is higher (8 mmHg on average, the pulse amplified
 * along the arterial tree) at nearly the same mean, though a cuff agrees with the aorta's systolic
 * pressure on average (+0.3 mmHg; 8 mmHg apart in a single patient on average: Picone et al.
 * 2017, J Am Coll Cardiol 70:572). */
static const IndexRow rows[] = {
    {N_("Heart rate"), 0, UNIT_PLAIN},
    {N_("Stroke volume"), 0, UNIT_PLAIN},
    {N_("Cardiac output"), 1, UNIT_PLAIN},
    {N_("LV end-diastolic volume"), 0, UNIT_PLAIN},
    {N_("LV end-systolic volume"), 0, UNIT_PLAIN},
    {N_("LV ejection fraction"), 0, UNIT_PLAIN},
    {N_("LV end-diastolic pressure"), 0, UNIT_PRESSURE},
    {N_("LV peak systolic pressure"), 0, UNIT_PRESSURE},
    {N_("LV dP/dt max"), 0, UNIT_PRESSURE_RATE},
    {N_("LV dP/dt min"), 0, UNIT_PRESSURE_RATE},
    {N_("Aortic systolic pressure"), 0, UNIT_PRESSURE},
    {N_("Aortic diastolic pressure"), 0, UNIT_PRESSURE},
    {N_("Mean arterial pressure"), 0, UNIT_PRESSURE},
    {N_("Mean left atrial pressure"), 0, UNIT_PRESSURE},
    {N_("Central venous pressure"), 0, UNIT_PRESSURE},
    {N_("Systolic pulmonary artery pressure"), 0, UNIT_PRESSURE},
    {N_("Diastolic pulmonary artery pressure"), 0, UNIT_PRESSURE},
    {N_("Mean pulmonary artery pressure"), 0, UNIT_PRESSURE},
    {N_("RV end-diastolic volume"), 0, UNIT_PLAIN},
    {N_("RV end-systolic volume"), 0, UNIT_PLAIN},
    {N_("RV ejection fraction"), 0, UNIT_PLAIN},
    {N_("LV stroke work"), 0, UNIT_WORK},
    {N_("Systemic vascular resistance"), 1, UNIT_PLAIN},
    {N_("Pulmonary vascular resistance"), 1, UNIT_PLAIN},
    {N_("LVAD flow"), 1, UNIT_PLAIN},
    {N_("LV total activation time"), 0, UNIT_PLAIN},
    {N_("Total blood volume"), 0, UNIT_PLAIN},
    {N_("Mitral regurgitant volume"), 0, UNIT_PLAIN},
    {N_("Mitral regurgitant fraction"), 0, UNIT_PLAIN},
    /* TRANSLATORS: the effective regurgitant orifice area (EROA) of echocardiography. */
    {N_("Mitral effective regurgitant orifice"), 2, UNIT_PLAIN},
    /* TRANSLATORS: the mean pressure gradient across the aortic valve in systole as Doppler
     * echocardiography measures it, by which aortic stenosis is graded. */
    {N_("Aortic valve mean gradient"), 0, UNIT_PRESSURE},
    /* TRANSLATORS: the mean pressure gradient across the mitral valve in diastole as Doppler
     * echocardiography measures it, by which mitral stenosis is graded. */
    {N_("Mitral valve mean gradient"), 0, UNIT_PRESSURE},
};

G_STATIC_ASSERT(G_N_ELEMENTS(rows) == sizeof(CsIndices) / sizeof(double));
/* The indices shown out of the contract's order, the valves' (mitral regurgitation, then the
 * stenoses' gradients), are the last. */
#define N_VALVES 5
G_STATIC_ASSERT(G_STRUCT_OFFSET(CsIndices, mitral_regurgitant_volume_ml) ==
                sizeof(CsIndices) - N_VALVES * sizeof(double));

guint ct_index_shown_at(guint position)
{
  const guint ejection_fraction = G_STRUCT_OFFSET(CsIndices, lvef_pct) / sizeof(double);
  const guint valves = G_N_ELEMENTS(rows) - N_VALVES;

  g_return_val_if_fail(position < G_N_ELEMENTS(rows), 0);
  if (position <= ejection_fraction)
    return position;
  if (position <= ejection_fraction + N_VALVES)
    return valves + (position - ejection_fraction - 1);
  return position - N_VALVES;
}

const char *ct_index_label(guint index)
{
  g_return_val_if_fail(index < G_N_ELEMENTS(rows), NULL);
  return _(rows[index].label);
}

const char *ct_index_unit_label(guint index, gboolean pressure_kpa)
{
  g_return_val_if_fail(index < G_N_ELEMENTS(rows), NULL);
  switch (rows[index].unit_kind) {
  case UNIT_PRESSURE:
    return pressure_kpa ? C_("unit", "kPa") : C_("unit", "mmHg");
  case UNIT_PRESSURE_RATE:
    return pressure_kpa ? C_("unit", "kPa/s") : C_("unit", "mmHg/s");
  case UNIT_WORK:
    return C_("unit", "mJ");
  case UNIT_PLAIN:
    break;
  default:
    g_assert_not_reached();
  }
  /* The engine's units (cs-indices.c), in the words of a clinical report. */
  {
    const char *unit = cs_index_unit(index);

    if (g_str_equal(unit, "bpm"))
      return C_("unit", "bpm");
    if (g_str_equal(unit, "ml"))
      return C_("unit", "ml");
    if (g_str_equal(unit, "l/min"))
      return C_("unit", "l/min");
    if (g_str_equal(unit, "%"))
      return C_("unit", "%");
    if (g_str_equal(unit, "WU"))
      return C_("unit", "Wood units");
    if (g_str_equal(unit, "ms"))
      return C_("unit", "ms");
    if (g_str_equal(unit, "cm2"))
      return C_("unit", "cm²");
    return unit;
  }
}

/* One more decimal for kPa pressures, whose numbers are 7.5 times smaller. */
double ct_index_shown_value(guint index, double value, gboolean pressure_kpa, int *decimals)
{
  g_return_val_if_fail(index < G_N_ELEMENTS(rows), NAN);
  *decimals = rows[index].decimals;
  switch (rows[index].unit_kind) {
  case UNIT_PRESSURE:
  case UNIT_PRESSURE_RATE:
    if (pressure_kpa) {
      *decimals += rows[index].unit_kind == UNIT_PRESSURE ? 1 : 0;
      return value * KPA_PER_MMHG;
    }
    return value;
  case UNIT_WORK:
    return value * MJ_PER_MMHG_ML;
  case UNIT_PLAIN:
    return value;
  default:
    g_assert_not_reached();
  }
  return value;
}

/* @value rounded to @decimals as printed, a value that rounds to nothing as 0, not "-0" (a CVP
 * of -0.3 mmHg under a vasodilator; printf rounds -0.5 to "-0" too). */
static double printed(double shown, int decimals)
{
  double step = pow(10.0, -decimals);

  if (fabs(shown) <= 0.5 * step)
    return 0.0;
  return shown;
}

/* Whether @shown (in the unit shown), printed at @decimals, reads as lying within the human
 * range of @index printed the same way. */
static gboolean reads_inside(guint index, double shown, int decimals, gboolean pressure_kpa)
{
  double lo, hi, scale = pow(10.0, decimals);
  int unused;
  double value = round(shown * scale);

  cs_index_human_range(index, &lo, &hi);
  if (isfinite(lo) && value < round(ct_index_shown_value(index, lo, pressure_kpa, &unused) * scale))
    return FALSE;
  if (isfinite(hi) && value > round(ct_index_shown_value(index, hi, pressure_kpa, &unused) * scale))
    return FALSE;
  return TRUE;
}

/* A value beyond its human range never reads as one inside it: a mean arterial pressure of 29.6
 * mmHg, flagged, is shown as 29.6, not as the bound's 30; up to three more decimals. */
#define MAX_EXTRA_DECIMALS 3

char *ct_index_format_value(guint index, double value, gboolean pressure_kpa)
{
  double shown;
  int decimals;

  /* U+2014 em dash: not computed. */
  if (!isfinite(value))
    return g_strdup("—");
  shown = ct_index_shown_value(index, value, pressure_kpa, &decimals);
  if (cs_index_outside_human_range(index, value)) {
    int most = decimals + MAX_EXTRA_DECIMALS;

    while (decimals < most && reads_inside(index, shown, decimals, pressure_kpa))
      decimals++;
  }
  return g_strdup_printf("%.*f", decimals, printed(shown, decimals));
}

char *ct_index_format_human_range(guint index, gboolean pressure_kpa)
{
  double lo, hi;
  int decimals;
  const char *unit;
  g_autofree char *lo_text = NULL, *hi_text = NULL;

  g_return_val_if_fail(index < G_N_ELEMENTS(rows), NULL);
  if (!cs_index_human_range(index, &lo, &hi))
    return NULL;
  unit = ct_index_unit_label(index, pressure_kpa);
  if (isfinite(lo)) {
    double shown = ct_index_shown_value(index, lo, pressure_kpa, &decimals);
    lo_text = g_strdup_printf("%.*f", decimals, shown);
  }
  if (isfinite(hi)) {
    double shown = ct_index_shown_value(index, hi, pressure_kpa, &decimals);
    hi_text = g_strdup_printf("%.*f", decimals, shown);
  }
  if (lo_text == NULL)
    /* TRANSLATORS: the largest value reported in patients, and its unit: "at most 60 mmHg". */
    return g_strdup_printf(_("at most %s %s"), hi_text, unit);
  if (hi_text == NULL)
    /* TRANSLATORS: the least value reported in patients, and its unit, for a range with no
     * upper bound: "at least 5 ml". */
    return g_strdup_printf(_("at least %s %s"), lo_text, unit);
  /* TRANSLATORS: the range of values reported in patients, and its unit: "30 to 220 mmHg". */
  return g_strdup_printf(_("%s to %s %s"), lo_text, hi_text, unit);
}

char *ct_index_human_range_note(guint index, double value, gboolean pressure_kpa)
{
  g_autofree char *range = NULL;

  if (!cs_index_outside_human_range(index, value) || !isfinite(value))
    return NULL;
  range = ct_index_format_human_range(index, pressure_kpa);
  return g_strdup_printf(_("Beyond values reported in patients (%s): there is no patient data "
                           "to check the model against here, so read this as its limit, not as "
                           "a prediction."),
                         range);
}

char *ct_index_format_outside_human_range(const CsIndices *indices, const CsIndices *except,
                                          gboolean pressure_kpa)
{
  GString *list = NULL;

  g_return_val_if_fail(indices != NULL, NULL);
  for (guint position = 0; position < cs_index_count(); position++) {
    guint i = ct_index_shown_at(position);
    double value = cs_indices_get(indices, i);
    g_autofree char *value_text = NULL, *range = NULL;

    /* Not a number is not computed: the table shows a dash, and nothing is said of it. */
    if (!isfinite(value) || !cs_index_outside_human_range(i, value) ||
        (except != NULL && cs_index_outside_human_range(i, cs_indices_get(except, i))))
      continue;
    value_text = ct_index_format_value(i, value, pressure_kpa);
    range = ct_index_format_human_range(i, pressure_kpa);
    if (list == NULL)
      list = g_string_new(NULL);
    else
      g_string_append(list, C_("list separator", "; "));
    /* TRANSLATORS: an index's clinical name, its simulated value and unit, and the range of
     * values reported in patients: "Mean arterial pressure 9 mmHg (reported in patients: 30 to
     * 220 mmHg)". */
    g_string_append_printf(list, _("%s %s %s (reported in patients: %s)"), ct_index_label(i),
                           value_text, ct_index_unit_label(i, pressure_kpa), range);
  }
  return list != NULL ? g_string_free(list, FALSE) : NULL;
}

char *ct_index_outside_human_range_warning(const CsIndices *baseline, const CsIndices *plan,
                                           gboolean pressure_kpa)
{
  g_autofree char *baseline_list =
      baseline != NULL ? ct_index_format_outside_human_range(baseline, NULL, pressure_kpa) : NULL;
  /* The plan's sentence names what the plan takes beyond, not what the twin is beyond already
   * (a plan that changes nothing, as a twin's first plan does, says nothing of its own). */
  g_autofree char *plan_list =
      plan != NULL ? ct_index_format_outside_human_range(plan, baseline, pressure_kpa) : NULL;
  g_autofree char *baseline_text = NULL, *plan_text = NULL;

  if (baseline_list != NULL)
    /* TRANSLATORS: %s lists the indices, e.g. "Mean arterial pressure 9 mmHg (reported in patients:
     * 30 to 220 mmHg)". */
    baseline_text = g_strdup_printf(
        _("The twin as it is lies beyond values reported in patients: %s. There is no patient "
          "data to check the model against there: read these figures as its limits, not as a "
          "prediction."),
        baseline_list);
  if (plan_list != NULL)
    /* TRANSLATORS: %s lists the indices, as in the sentence about the twin as it is. */
    plan_text = g_strdup_printf(
        _("This plan takes the twin beyond values reported in patients: %s. There is no patient "
          "data to check the model against there: read these figures as its limits, not as a "
          "prediction."),
        plan_list);
  if (baseline_text != NULL && plan_text != NULL)
    return g_strconcat(baseline_text, "\n", plan_text, NULL);
  if (baseline_text != NULL)
    return g_steal_pointer(&baseline_text);
  return g_steal_pointer(&plan_text);
}

int ct_index_find(const char *name)
{
  for (size_t i = 0; i < cs_index_count(); i++)
    if (g_str_equal(cs_index_name(i), name))
      return (int)i;
  return -1;
}

/* The measured systolic and diastolic pressures (LOINC 8480-6, 8462-4) are a cuff's or an
 * arterial line's, wherever it was taken, and keep their own names: the indices of the same names
 * are the ascending aorta's, which a brachial cuff does not read. */
const char *ct_measurement_label(const char *name)
{
  int i;

  g_return_val_if_fail(name != NULL, NULL);
  if (g_str_equal(name, "sbp_mmhg"))
    return _("Systolic blood pressure");
  if (g_str_equal(name, "dbp_mmhg"))
    return _("Diastolic blood pressure");
  if (g_str_equal(name, "aortic_valve_area_cm2"))
    return _("Aortic valve area");
  i = ct_index_find(name);
  return i >= 0 ? ct_index_label((guint)i) : name;
}

char *ct_measurement_format_value(const char *name, double value, const char *unit)
{
  int i;

  g_return_val_if_fail(name != NULL, NULL);
  i = ct_index_find(name);
  if (i >= 0) {
    g_autofree char *number = ct_index_format_value((guint)i, value, FALSE);

    return g_strdup_printf("%s %s", number, ct_index_unit_label((guint)i, FALSE));
  }
  if (g_str_equal(name, "aortic_valve_area_cm2"))
    return g_strdup_printf("%.2f cm²", value);
  return g_strdup_printf("%g %s", value, unit != NULL ? unit : "");
}

char *ct_index_format_change(guint index, double baseline, double plan, gboolean pressure_kpa)
{
  double scale, change;
  int decimals;

  if (!isfinite(baseline) || !isfinite(plan))
    return g_strdup("");
  /* The change of the numbers shown, not of the exact values: 57 -> 56 reads "-1", never 0. */
  ct_index_shown_value(index, baseline, pressure_kpa, &decimals);
  scale = pow(10, decimals);
  change = round(ct_index_shown_value(index, plan, pressure_kpa, &decimals) * scale) / scale -
           round(ct_index_shown_value(index, baseline, pressure_kpa, &decimals) * scale) / scale;
  change = round(change * scale) / scale;
  /* U+2212 minus sign: a hyphen is easy to miss in a column of figures. */
  if (change == 0.0)
    return g_strdup("0");
  return g_strdup_printf("%s%.*f", change > 0 ? "+" : "−", decimals, fabs(change));
}

const char *ct_av_interval_label(void)
{
  /* TRANSLATORS: atrial activation to QRS onset: the PR interval, or the paced AV delay. */
  return _("AV interval (PR)");
}

static gboolean has_av_interval(double interval_ms)
{
  return isfinite(interval_ms) && interval_ms > 0.0;
}

/* Whole milliseconds, as an ECG reads them. */
char *ct_av_interval_format_value(double interval_ms)
{
  return has_av_interval(interval_ms) ? g_strdup_printf("%.0f", interval_ms) : g_strdup("—");
}

char *ct_av_interval_format_change(double baseline_ms, double plan_ms)
{
  double change;

  if (!has_av_interval(baseline_ms) || !has_av_interval(plan_ms))
    return g_strdup("");
  change = round(plan_ms) - round(baseline_ms);
  if (change == 0.0)
    return g_strdup("0");
  return g_strdup_printf("%s%.0f", change > 0 ? "+" : "−", fabs(change));
}

/* Device makers and papers sign VV offsets differently (some "LV-RV", some "RV-LV"): a signed
 * number on screen or in a signed document would leave the direction to the reader. */
char *ct_format_vv_offset(double vv_delay_ms)
{
  if (fabs(vv_delay_ms) < 0.5)
    return g_strdup(_("VV 0 ms (simultaneous)"));
  if (vv_delay_ms > 0.0)
    /* TRANSLATORS: the LV paced this many ms before the RV. */
    return g_strdup_printf(_("VV %.0f ms, LV first"), vv_delay_ms);
  /* TRANSLATORS: the RV paced this many ms before the LV. */
  return g_strdup_printf(_("VV %.0f ms, RV first"), -vv_delay_ms);
}

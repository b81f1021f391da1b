/* ct-engine-words.c — the engine's failures said in the user's language.
 *
 * libcardiosim has no GLib and no catalogue: its CsError carries an English message for logs and
 * programs that have nothing better, and the same failure in parts (CsFailure, where, values).
 * Here the parts become a translated sentence, so that a French or Japanese cardiologist reads why
 * a plan cannot be simulated in the language of the rest of the window, not in the engine's.
 * Keep each sentence's meaning that of the engine's message beside its cs_set_failure() call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-engine-words.h"

#include "ct-i18n.h"

#include <math.h>

/* The compartments' volumes, in CsCompartment's order (CsUnsettled's first eight). */
static const char *const compartment_volumes[] = {
    N_("the volume of the left atrium"),        N_("the volume of the left ventricle"),
    N_("the volume of the systemic arteries"),  N_("the volume of the systemic veins"),
    N_("the volume of the right atrium"),       N_("the volume of the right ventricle"),
    N_("the volume of the pulmonary arteries"), N_("the volume of the pulmonary veins"),
};

G_STATIC_ASSERT(G_N_ELEMENTS(compartment_volumes) == CS_COMPARTMENT_COUNT);
G_STATIC_ASSERT((int)CS_UNSETTLED_LEFT_ATRIUM == (int)CS_COMPARTMENT_LEFT_ATRIUM &&
                (int)CS_UNSETTLED_PULMONARY_VEINS == (int)CS_COMPARTMENT_PULMONARY_VEINS);

static const char *compartment_volume(int compartment)
{
  if (compartment < 0 || compartment >= CS_COMPARTMENT_COUNT)
    return NULL;
  return _(compartment_volumes[compartment]);
}

char *ct_format_unsettled(const CsSteadyStateResult *result)
{
  /* The reflex's effectors, in CsUnsettled's order after the compartments. */
  static const char *const effectors[] = {
      N_("the reflex's heart period"),
      N_("the reflex's contractility"),
      N_("the reflex's arterial resistance"),
      N_("the reflex's venous capacity"),
  };

  G_STATIC_ASSERT(G_N_ELEMENTS(effectors) ==
                  CS_UNSETTLED_VENOUS_CAPACITY - CS_UNSETTLED_HEART_PERIOD + 1);
  g_return_val_if_fail(result != NULL, NULL);
  if (result->unsettled < 0 || result->unsettled > CS_UNSETTLED_LV_ACTIVATION)
    return NULL;
  if (result->unsettled == CS_UNSETTLED_LV_ACTIVATION)
    /* TRANSLATORS: how much an LV segment's contraction still changed from one beat to the next,
     * in per cent of its full activation, and the most a steady state changes it in a beat. */
    return g_strdup_printf(_("the activation of an LV segment by %.2g %% of its full activation "
                             "(a steady state moves it less than %g %%)"),
                           100.0 * result->unsettled_change, 100.0 * result->unsettled_tolerance);
  if (result->unsettled < CS_UNSETTLED_HEART_PERIOD)
    /* TRANSLATORS: what still moved (e.g. "the volume of the systemic veins"), by how much in ml,
     * and the most a steady state moves it in a beat. */
    return g_strdup_printf(_("%s by %.3g ml (a steady state moves it less than %g ml)"),
                           compartment_volume((int)result->unsettled), result->unsettled_change,
                           result->unsettled_tolerance);
  /* TRANSLATORS: a reflex effector (e.g. "the reflex's heart period"), how much it still changed
   * in per cent, and the most a steady state changes it in a beat. */
  return g_strdup_printf(_("%s by %.2g %% (a steady state moves it less than %g %%)"),
                         _(effectors[result->unsettled - CS_UNSETTLED_HEART_PERIOD]),
                         100.0 * result->unsettled_change, 100.0 * result->unsettled_tolerance);
}

static char *describe_not_converged(int beats, const CsSteadyStateResult *result)
{
  g_autofree char *unsettled = result != NULL ? ct_format_unsettled(result) : NULL;

  if (unsettled != NULL)
    /* TRANSLATORS: %d is a number of heart beats; %s what still moved, e.g. "the volume of the
     * systemic veins by 5.32 ml (a steady state moves it less than 0.02 ml)". */
    return g_strdup_printf(_("no periodic steady state within %d beats: the last beat still "
                             "moved %s"),
                           beats, unsettled);
  return g_strdup_printf(_("no periodic steady state within %d beats"), beats);
}

char *ct_engine_error_describe(const CsError *error, const CsSteadyStateResult *result)
{
  const double *v;
  const char *volume;

  g_return_val_if_fail(error != NULL, NULL);
  v = error->values;
  switch (error->failure) {
  case CS_FAILURE_PARAMETER_RANGE:
    if (error->parameter == NULL || error->unit == NULL)
      break;
    /* TRANSLATORS: a parameter's key as the twin file spells it (not translated), its value and
     * unit, and the range it must lie in, e.g. "lv_free_wall_end_systolic_elastance_mmhg_ml is 90
     * mmHg/ml; it must be between 0.2 and 10 mmHg/ml". */
    return g_strdup_printf(_("%s is %g %s; it must be between %g and %g %s"), error->parameter,
                           v[0], error->unit, v[1], v[2], error->unit);
  case CS_FAILURE_DIVERGED:
    volume = compartment_volume(error->where);
    if (volume == NULL)
      break;
    /* TRANSLATORS: %s is e.g. "the volume of the left ventricle". */
    return g_strdup_printf(_("the integration diverged (%s is not a finite number): this "
                             "circulation cannot be simulated"),
                           volume);
  case CS_FAILURE_EMPTIED:
    volume = compartment_volume(error->where);
    if (volume == NULL)
      break;
    /* The volume reached (zero or a few hundredths of a ml below) is the engine's English's:
     * to a clinician it only says "empty". */
    /* TRANSLATORS: %s is e.g. "the volume of the left ventricle". */
    return g_strdup_printf(_("%s fell to zero, the chamber or vessel pumped empty: this "
                             "circulation cannot be simulated"),
                           volume);
  case CS_FAILURE_SEGMENT_MECHANICS:
    /* TRANSLATORS: %d is a segment of the AHA 17-segment model, 1 to 17. */
    return g_strdup_printf(_("the mechanics of AHA segment %d left the physiological domain: "
                             "this circulation cannot be simulated"),
                           error->where);
  case CS_FAILURE_VALVE_MECHANICS:
    return g_strdup(_("the mitral and tricuspid valves' leaflets left the physiological domain: "
                      "this circulation cannot be simulated"));
  case CS_FAILURE_REFLEX:
    return g_strdup(_("the baroreflex left its physiological range: this circulation cannot be "
                      "simulated"));
  case CS_FAILURE_INDEX_NOT_FINITE:
    if (error->where < 0 || (size_t)error->where >= cs_index_count())
      break;
    /* TRANSLATORS: %s is an index's key, e.g. "map_mmhg" (not translated). */
    return g_strdup_printf(_("the simulated %s is not a finite number"),
                           cs_index_name((size_t)error->where));
  case CS_FAILURE_OUT_OF_MEMORY:
    return g_strdup(_("out of memory"));
  case CS_FAILURE_NOT_CONVERGED:
    return describe_not_converged((int)v[0], result);
  case CS_FAILURE_AV_NODE_TOO_SLOW:
    /* TRANSLATORS: the paced rate (bpm), the rate from which the AV node blocks beats (bpm), and
     * the patient's resting PR interval (ms). AAI and DDD are pacing modes, not translated. */
    return g_strdup_printf(_("AAI pacing at %.0f bpm is faster than this patient's AV node "
                             "conducts every beat (Wenckebach block from ~%.0f bpm; resting PR "
                             "%.0f ms): pace DDD or lower the rate"),
                           v[0], v[1], v[2]);
  case CS_FAILURE_ACTIVATION_TOO_LONG:
    /* TRANSLATORS: when the ventricles' activation ends (ms after the cycle's start) and the
     * cycle's length (ms). */
    return g_strdup_printf(_("activation ends %.0f ms into a cycle of %.0f ms: conduction (PR, AV "
                             "delay, interatrial conduction, scar) is too slow for this rate"),
                           v[0], v[1]);
  case CS_FAILURE_RELAXATION_TOO_SLOW:
    /* TRANSLATORS: the ventricles' relaxation under these drugs, and the slowest the engine
     * models, each in per cent of a normal relaxation. */
    return g_strdup_printf(_("these drugs together slow the ventricles' relaxation to %.0f %% of "
                             "normal; the model goes down to %.0f %%"),
                           v[0], v[1]);
  case CS_FAILURE_DIURETIC_TOO_MUCH:
    /* TRANSLATORS: the blood the diuretic dose would remove (ml) and the patient's blood volume
     * (ml). */
    return g_strdup_printf(_("the diuretic dose would take %.0f ml of the %.0f ml of blood: too "
                             "much for this circulation"),
                           v[0], v[1]);
  case CS_FAILURE_DIURETIC_EMPTIES_VEINS:
    /* TRANSLATORS: the blood a changed diuretic dose would remove on top of the dose already
     * given (ml), and what the systemic veins hold now (ml). */
    return g_strdup_printf(_("the diuretic dose would take %.0f ml more blood, more than the %.0f "
                             "ml the veins hold"),
                           v[0], v[1]);
  case CS_FAILURE_BLOOD_VOLUME_TOO_SMALL:
    /* Named by the twin file's key, as a parameter out of its range is. */
    if (v[1] > 0.0)
      /* TRANSLATORS: total_blood_volume_ml is the twin file's key (not translated); the patient's
       * blood volume and the least this circulation needs, ml. */
      return g_strdup_printf(_("total_blood_volume_ml is %.0f ml; it must be at least %.0f ml (the "
                               "vessels' unstressed volumes, less what the reflex's "
                               "venoconstriction can recruit, and 300 ml)"),
                             v[0], ceil(v[1])); /* the least, never rounded onto the value */
    /* TRANSLATORS: total_blood_volume_ml is the twin file's key (not translated); the patient's
     * blood volume, ml. */
    return g_strdup_printf(_("total_blood_volume_ml is %.0f ml: too little blood for this "
                             "circulation"),
                           v[0]);
  case CS_FAILURE_OTHER:
  default: /* a failure of a newer engine than this file: its English says it */
    break;
  }
  return g_strdup(error->message);
}

char *ct_cycle_describe(const CsCycle *cycle, double hr_bpm)
{
  g_return_val_if_fail(cycle != NULL, NULL);
  if (cycle->beats <= 1)
    return NULL;
  if (cycle->mixed_timing)
    /* TRANSLATORS: the number of beats (2-150) after which the rhythm repeats: the device's paced
     * beats and the patient's own take turns near the pacing lower rate. */
    return g_strdup_printf(
        g_dngettext(GETTEXT_PACKAGE,
                    "paced and sensed beats take turns in a cycle of %d beat; the figures are the "
                    "cycle's means",
                    "paced and sensed beats take turns in a cycle of %d beats; the figures are the "
                    "cycle's means",
                    (gulong)cycle->beats),
        cycle->beats);
  if (cycle->beats == 2)
    /* TRANSLATORS: the number of beats (2) after which the rhythm repeats, then the least and the
     * most stroke volume among them (ml): strong and weak beats alternate. */
    return g_strdup_printf(
        g_dngettext(GETTEXT_PACKAGE,
                    "the beats alternate in a cycle of %d beat, stroke volume %.0f to %.0f ml "
                    "(pulsus alternans); the figures are the cycle's means",
                    "the beats alternate in a cycle of %d beats, stroke volume %.0f to %.0f ml "
                    "(pulsus alternans); the figures are the cycle's means",
                    (gulong)cycle->beats),
        cycle->beats, cycle->sv_least_ml, cycle->sv_most_ml);
  /* Longer cycles of one timing are no alternans: a sinus tachycardia under the reflex repeating
   * every few beats, or the reflex's slow oscillation over tens of beats (cs-model.c, "Slow
   * oscillations"), whose stroke volumes may differ by tenths of a ml (63.0 to 63.3 over 57
   * beats): shown to a tenth where they differ by less than 2 ml. */
  {
    int decimals = cycle->sv_most_ml - cycle->sv_least_ml < 2.0 ? 1 : 0;

    /* TRANSLATORS: the number of beats (3-150) after which the circulation repeats, the cycle's
     * length in seconds, then the least and the most stroke volume among its beats (ml, each
     * written with the given number of decimals). */
    return g_strdup_printf(
        g_dngettext(GETTEXT_PACKAGE,
                    "the beats vary over a cycle of %d beat (%.0f s), stroke volume %.*f to %.*f "
                    "ml; the figures are the cycle's means",
                    "the beats vary over a cycle of %d beats (%.0f s), stroke volume %.*f to %.*f "
                    "ml; the figures are the cycle's means",
                    (gulong)cycle->beats),
        cycle->beats, hr_bpm > 0.0 ? 60.0 * cycle->beats / hr_bpm : 0.0, decimals,
        cycle->sv_least_ml, decimals, cycle->sv_most_ml);
  }
}

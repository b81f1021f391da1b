/* ct-plain-words.c — a plan told to the patient in plain words (the patient view, issue 7).
 *
 * Which figures, and how rounded: what a patient asks about a treatment is whether the heart will
 * pump better, beat differently and whether the breathlessness eases. Those are the cardiac output
 * (as "blood pumped each minute", to the nearest half litre), the heart rate (to the nearest 5
 * beats) and the mean left atrial pressure, which backs up into the lungs and makes breathlessness
 * (direction only, from 2 mmHg). The ejection fraction ("the share of blood pumped out with each
 * beat") is mentioned only when it changes by 5 points or more, about the test-retest variability
 * of echocardiographic LVEF, so that a patient is not told of a change no echo would see. Smaller
 * changes are "about the same". From 2 litres a minute on, the output is told in whole litres
 * (the plural then reads naturally in every language). A plan (or a twin) whose figures lie
 * beyond the values reported in patients (cs_index_human_range) is told as beyond what the model
 * can say, with no figure: the clinician's screen says why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-plain-words.h"

#include <math.h>

#include <glib/gi18n-lib.h>

/* Below these, a change is "about the same". */
#define CO_STEP_L_MIN   0.5 /* the output is told in half litres */
#define HR_STEP_BPM     5.0 /* the rate in fives */
#define LAP_CHANGE_MMHG 2.0 /* smaller changes of mean LAP are within the model's tolerance */
/* LVEF points: what echocardiography can tell from its own variability, between the minimal
 * detectable change of contrast 2D echo (4 points, Suwatanaviroj et al. 2018, Echo Res Pract
 * 5:71) and 3D echo's temporal variability (~6 points; more than 10 for plain 2D: Thavendiranathan
 * et al. 2013, J Am Coll Cardiol 61:77). A patient is not told of a change their next echo could
 * not show. */
#define LVEF_CHANGE_PCT 5.0
#define LARGE_CO_FROM_L 1.75 /* from 2 litres on, whole litres */

/* Whether @plan is @baseline's figures (the plan is the therapy of today: the worker computes it
 * as it computed the baseline, ct-sim-worker.h, so the figures are equal, not merely close). */
static gboolean same_indices(const CsIndices *baseline, const CsIndices *plan)
{
  for (size_t i = 0; i < cs_index_count(); i++) {
    double a = cs_indices_get(baseline, i), b = cs_indices_get(plan, i);

    if (fabs(a - b) > 1e-6 * MAX(1.0, fabs(a)))
      return FALSE;
  }
  return TRUE;
}

/* Whether any figure of @indices lies beyond the values reported in patients
 * (cs_index_human_range): there is no patient data to check the model against there, and a patient
 * is told no figure from it. */
static gboolean beyond_patients(const CsIndices *indices)
{
  for (size_t i = 0; i < cs_index_count(); i++)
    if (cs_index_outside_human_range(i, cs_indices_get(indices, i)))
      return TRUE;
  return FALSE;
}

static char *pump_sentence(double change_l_min)
{
  double size = fabs(change_l_min);
  gboolean more = change_l_min > 0;
  double halves = round(size / CO_STEP_L_MIN);

  if (halves < 1)
    return g_strdup(_("Your heart would pump about the same amount of blood each minute."));
  if (halves < 2)
    return g_strdup(more ? _("Your heart would pump about half a litre more blood each minute.")
                         : _("Your heart would pump about half a litre less blood each minute."));
  if (halves < 3)
    return g_strdup(more ? _("Your heart would pump about a litre more blood each minute.")
                         : _("Your heart would pump about a litre less blood each minute."));
  if (size < LARGE_CO_FROM_L)
    return g_strdup(more ? _("Your heart would pump about one and a half litres more blood each "
                             "minute.")
                         : _("Your heart would pump about one and a half litres less blood each "
                             "minute."));
  {
    guint litres = (guint)lround(size);

    return more ? g_strdup_printf(g_dngettext(GETTEXT_PACKAGE,
                                              "Your heart would pump about %u litre more blood "
                                              "each minute.",
                                              "Your heart would pump about %u litres more blood "
                                              "each minute.",
                                              litres),
                                  litres)
                : g_strdup_printf(g_dngettext(GETTEXT_PACKAGE,
                                              "Your heart would pump about %u litre less blood "
                                              "each minute.",
                                              "Your heart would pump about %u litres less blood "
                                              "each minute.",
                                              litres),
                                  litres);
  }
}

static char *rate_sentence(double change_bpm)
{
  guint beats = (guint)(HR_STEP_BPM * round(fabs(change_bpm) / HR_STEP_BPM));

  if (beats == 0)
    return g_strdup(_("It would beat at about the same pace as now."));
  return change_bpm > 0
             ? g_strdup_printf(g_dngettext(GETTEXT_PACKAGE,
                                           "It would beat about %u time more each minute.",
                                           "It would beat about %u times more each minute.", beats),
                               beats)
             : g_strdup_printf(g_dngettext(GETTEXT_PACKAGE,
                                           "It would beat about %u time less each minute.",
                                           "It would beat about %u times less each minute.", beats),
                               beats);
}

static char *lungs_sentence(double change_mmhg)
{
  if (change_mmhg <= -LAP_CHANGE_MMHG)
    return g_strdup(_("The pressure in the lungs that makes you short of breath would go down."));
  if (change_mmhg >= LAP_CHANGE_MMHG)
    return g_strdup(_("The pressure in the lungs that makes you short of breath would go up."));
  return g_strdup(
      _("The pressure in the lungs that makes you short of breath would stay about the same."));
}

GPtrArray *ct_plain_words_compare(const CsIndices *baseline, const CsIndices *plan)
{
  GPtrArray *sentences = g_ptr_array_new_with_free_func(g_free);
  double lvef_change;

  g_return_val_if_fail(baseline != NULL, sentences);
  g_return_val_if_fail(plan != NULL, sentences);

  if (same_indices(baseline, plan)) {
    g_ptr_array_add(sentences, g_strdup(_("This is your heart as it is today, with the treatment "
                                          "you have now.")));
    return sentences;
  }
  if (beyond_patients(baseline) || beyond_patients(plan)) {
    g_ptr_array_add(sentences,
                    g_strdup(_("The model of your heart cannot tell what this treatment would do: "
                               "it goes beyond anything the model has been checked against. Your "
                               "doctor can talk it through with you.")));
    return sentences;
  }
  g_ptr_array_add(sentences, g_strdup(_("With the treatment we are discussing, the model of your "
                                        "heart suggests:")));
  g_ptr_array_add(sentences, pump_sentence(plan->co_l_min - baseline->co_l_min));
  g_ptr_array_add(sentences, rate_sentence(plan->hr_bpm - baseline->hr_bpm));
  g_ptr_array_add(sentences, lungs_sentence(plan->mean_lap_mmhg - baseline->mean_lap_mmhg));
  lvef_change = plan->lvef_pct - baseline->lvef_pct;
  if (lvef_change >= LVEF_CHANGE_PCT)
    g_ptr_array_add(sentences,
                    g_strdup(_("The share of blood pumped out with each beat would go up.")));
  else if (lvef_change <= -LVEF_CHANGE_PCT)
    g_ptr_array_add(sentences,
                    g_strdup(_("The share of blood pumped out with each beat would go down.")));
  g_ptr_array_add(sentences, g_strdup(_("This is an estimate from a computer model, not a "
                                        "promise.")));
  return sentences;
}

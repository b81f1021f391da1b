/* test-plain-words.c — the plan told to the patient (src/ui/ct-plain-words.c): the sentences for
 * chosen changes, rounded as chosen, with no jargon and no promise.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <string.h>

#include "ct-plain-words.h"

/* A heart with reduced ejection fraction, as hfref-lbbb is today (figures of the right order). */
static void baseline_indices(CsIndices *indices)
{
  memset(indices, 0, sizeof *indices);
  /* Every figure inside the values reported in patients (the nearest to 0), then those told. */
  for (size_t i = 0; i < cs_index_count(); i++) {
    double lo, hi, inside;

    cs_index_human_range(i, &lo, &hi);
    inside = lo > 0.0 ? lo : hi < 0.0 ? hi : 0.0;

    /* The fields are the indices in their order (CsIndices): what is written is what is read. */
    memcpy((char *)indices + i * sizeof(double), &inside, sizeof inside);
    g_assert_cmpfloat(cs_indices_get(indices, i), ==, inside);
  }
  indices->hr_bpm = 72.0;
  indices->sv_ml = 55.0;
  indices->co_l_min = 3.96;
  indices->lvedv_ml = 220.0;
  indices->lvesv_ml = 165.0;
  indices->lvef_pct = 25.0;
  indices->mean_lap_mmhg = 18.0;
  indices->map_mmhg = 80.0;
}

static char *joined(GPtrArray *sentences)
{
  g_ptr_array_add(sentences, NULL);
  {
    char *text = g_strjoinv("\n", (char **)sentences->pdata);

    g_ptr_array_remove_index(sentences, sentences->len - 1);
    return text;
  }
}

/* No clinician's word, no unit abbreviation, no figure with a decimal point, every statement a
 * "would" (or today's heart). */
static void assert_plain(GPtrArray *sentences)
{
  static const char *const jargon[] = {
      "PCWP", "LVEF",   "ml",      "mmHg", "ejection", "cardiac output", "bpm",
      "LAP",  "atrial", "ventric", "%",    "l/min",    "will "};
  g_autofree char *text = joined(sentences);

  g_test_message("%s", text);
  g_assert_cmpuint(sentences->len, >, 0);
  for (guint i = 0; i < G_N_ELEMENTS(jargon); i++)
    if (strstr(text, jargon[i]) != NULL)
      g_error("jargon \"%s\" in: %s", jargon[i], text);
  /* Whole numbers only: a digit is never followed by a decimal separator and another digit. */
  for (const char *c = text; *c != '\0'; c++)
    if (g_ascii_isdigit(c[0]) && (c[1] == '.' || c[1] == ',') && g_ascii_isdigit(c[2]))
      g_error("a number more precise than chosen in: %s", text);
}

static gboolean has_sentence(GPtrArray *sentences, const char *sentence)
{
  for (guint i = 0; i < sentences->len; i++)
    if (g_str_equal(g_ptr_array_index(sentences, i), sentence))
      return TRUE;
  return FALSE;
}

static gboolean mentions(GPtrArray *sentences, const char *words)
{
  for (guint i = 0; i < sentences->len; i++)
    if (strstr(g_ptr_array_index(sentences, i), words) != NULL)
      return TRUE;
  return FALSE;
}

static GPtrArray *compare_with(void (*change)(CsIndices *plan))
{
  CsIndices baseline, plan;

  baseline_indices(&baseline);
  plan = baseline;
  change(&plan);
  return ct_plain_words_compare(&baseline, &plan);
}

static void test_same_plan_is_today(void)
{
  CsIndices baseline, plan;
  g_autoptr(GPtrArray) sentences = NULL;

  baseline_indices(&baseline);
  plan = baseline;
  sentences = ct_plain_words_compare(&baseline, &plan);
  assert_plain(sentences);
  g_assert_cmpuint(sentences->len, ==, 1);
  g_assert_true(mentions(sentences, "as it is today"));
}

static void small_changes(CsIndices *plan)
{
  plan->co_l_min += 0.2;
  plan->hr_bpm -= 2.0;
  plan->mean_lap_mmhg -= 1.0;
  plan->lvef_pct += 4.0;
}

/* Changes below the chosen steps are "about the same", and the share pumped out is not told. */
static void test_small_changes_are_about_the_same(void)
{
  g_autoptr(GPtrArray) sentences = compare_with(small_changes);

  assert_plain(sentences);
  g_assert_true(
      has_sentence(sentences, "Your heart would pump about the same amount of blood each minute."));
  g_assert_true(has_sentence(sentences, "It would beat at about the same pace as now."));
  g_assert_true(has_sentence(
      sentences,
      "The pressure in the lungs that makes you short of breath would stay about the same."));
  g_assert_false(mentions(sentences, "share of blood"));
  g_assert_true(mentions(sentences, "suggests"));
  g_assert_true(mentions(sentences, "not a promise"));
}

/* What CRT can do for a patient with LBBB: more output, a slower rate, lower filling pressure, a
 * higher ejection fraction. */
static void crt_like(CsIndices *plan)
{
  plan->co_l_min += 1.1;
  plan->hr_bpm -= 12.0;
  plan->mean_lap_mmhg -= 5.0;
  plan->lvef_pct += 7.0;
}

static void test_better_pumping(void)
{
  g_autoptr(GPtrArray) sentences = compare_with(crt_like);

  assert_plain(sentences);
  g_assert_true(
      has_sentence(sentences, "Your heart would pump about a litre more blood each minute."));
  g_assert_true(has_sentence(sentences, "It would beat about 10 times less each minute."));
  g_assert_true(has_sentence(
      sentences, "The pressure in the lungs that makes you short of breath would go down."));
  g_assert_true(
      has_sentence(sentences, "The share of blood pumped out with each beat would go up."));
}

static void worse(CsIndices *plan)
{
  plan->co_l_min -= 0.6;
  plan->hr_bpm += 13.0;
  plan->mean_lap_mmhg += 3.0;
  plan->lvef_pct -= 6.0;
}

static void test_worse_pumping(void)
{
  g_autoptr(GPtrArray) sentences = compare_with(worse);

  assert_plain(sentences);
  g_assert_true(
      has_sentence(sentences, "Your heart would pump about half a litre less blood each minute."));
  g_assert_true(has_sentence(sentences, "It would beat about 15 times more each minute."));
  g_assert_true(has_sentence(
      sentences, "The pressure in the lungs that makes you short of breath would go up."));
  g_assert_true(
      has_sentence(sentences, "The share of blood pumped out with each beat would go down."));
}

static void one_and_a_half(CsIndices *plan)
{
  plan->co_l_min += 1.4;
}

static void much_more(CsIndices *plan)
{
  plan->co_l_min += 2.6;
}

static void every_dilator_reflex_off(CsIndices *plan)
{
  plan->map_mmhg = 9.0;
  plan->co_l_min -= 2.0;
}

/* A plan whose figures no patient has shown (every vasodilator at its top dose with the reflex
 * off: a mean pressure of 9 mmHg) is not told in figures: the model cannot say. */
static void test_beyond_patients_not_told(void)
{
  g_autoptr(GPtrArray) sentences = compare_with(every_dilator_reflex_off);

  assert_plain(sentences);
  g_assert_cmpuint(sentences->len, ==, 1);
  g_assert_true(mentions(sentences, "cannot tell what this treatment would do"));
  g_assert_false(mentions(sentences, "litre"));
}

/* Half litres up to one and a half, whole litres from 2 on (plural forms). */
static void test_litre_steps(void)
{
  g_autoptr(GPtrArray) half = compare_with(one_and_a_half);
  g_autoptr(GPtrArray) many = compare_with(much_more);

  assert_plain(half);
  assert_plain(many);
  g_assert_true(has_sentence(
      half, "Your heart would pump about one and a half litres more blood each minute."));
  g_assert_true(has_sentence(many, "Your heart would pump about 3 litres more blood each minute."));
}

int main(int argc, char *argv[])
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/plain-words/same-plan-is-today", test_same_plan_is_today);
  g_test_add_func("/plain-words/small-changes-are-about-the-same",
                  test_small_changes_are_about_the_same);
  g_test_add_func("/plain-words/better-pumping", test_better_pumping);
  g_test_add_func("/plain-words/worse-pumping", test_worse_pumping);
  g_test_add_func("/plain-words/litre-steps", test_litre_steps);
  g_test_add_func("/plain-words/beyond-patients-not-told", test_beyond_patients_not_told);
  return g_test_run();
}

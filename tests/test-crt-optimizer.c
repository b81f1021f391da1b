/* test-crt-optimizer.c — the CRT search: scar-aware, ranked, deterministic
 * whatever the number of threads, cancellable, and strict about its input. */
#include "ct-crt-optimizer.h"
#include "ct-twin-error.h"
#include "ct-twin.h"

#include <glib.h>
#include <math.h>
#include <string.h>

static void small_search(CtCrtSearch *s)
{
  ct_crt_search_default(s);
  s->av_delay_min_ms = 100.0;
  s->av_delay_max_ms = 140.0;
  s->vv_delay_min_ms = 0.0;
  s->vv_delay_max_ms = 20.0;
}

static GArray *optimize(const char *demo, guint threads, GError **error)
{
  g_autoptr(CtTwin) twin = ct_twin_new_from_demo(demo, NULL);
  CsTherapy t;
  CtCrtSearch s;

  g_assert_nonnull(twin);
  cs_therapy_default(&t);
  small_search(&s);
  s.n_threads = threads;
  return ct_crt_optimize(ct_twin_get_params(twin), &t, &s, NULL, NULL, NULL, NULL, NULL, NULL,
                         error);
}

static void test_ranked_and_deterministic(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) one = optimize("hfref-lbbb", 1, &error);
  g_autoptr(GArray) two = NULL;

  g_assert_no_error(error);
  two = optimize("hfref-lbbb", 2, &error);
  g_assert_no_error(error);
  /* 17 segments x 3 AV x 2 VV. */
  g_assert_cmpuint(one->len, ==, 17 * 3 * 2);
  g_assert_cmpuint(two->len, ==, one->len);
  for (guint i = 0; i < one->len; i++) {
    const CtCrtCandidate *a = &g_array_index(one, CtCrtCandidate, i);
    const CtCrtCandidate *b = &g_array_index(two, CtCrtCandidate, i);
    g_assert_cmpint(a->lv_lead_segment, ==, b->lv_lead_segment);
    g_assert_cmpfloat(a->av_delay_ms, ==, b->av_delay_ms);
    g_assert_cmpfloat(a->vv_delay_ms, ==, b->vv_delay_ms);
    g_assert_cmpfloat(a->dpdt_max_mmhg_s, ==, b->dpdt_max_mmhg_s);
    g_assert_cmpfloat(a->sv_ml, ==, b->sv_ml);
  }
  for (guint i = 1; i < one->len; i++)
    g_assert_cmpfloat(g_array_index(one, CtCrtCandidate, i - 1).gain_pct, >=,
                      g_array_index(one, CtCrtCandidate, i).gain_pct);
}

/* A setting the engine cannot bring to a steady state is left out of the ranking and counted,
 * the others ranked as ever, the same whatever the number of threads (a hostile tester's find:
 * `hfref-lbbb` with 12 l of blood simulated, but two of its 595 settings found no periodic steady
 * state, and the whole search used to fail for them; they settle since the steady-state search
 * backs off from a stalled extrapolation, thirty-eighth session). Paced at 160 /min, the longer
 * AV delays from some lead sites leave the LV's activation running past the cycle (39 of 595). */
static void test_unsimulated_left_out(void)
{
  g_autoptr(CtTwin) twin = ct_twin_new_from_demo("hfref-lbbb", NULL);
  g_autoptr(GArray) first = NULL;
  CsParams p;
  CsTherapy t;
  CtCrtSearch s;
  guint counts[2][2];

  g_assert_nonnull(twin);
  p = *ct_twin_get_params(twin);
  cs_therapy_default(&t);
  t.pacing.rate_bpm = 160.0;
  ct_crt_search_default(&s);
  for (guint threads = 1; threads <= 2; threads++) {
    g_autoptr(GError) error = NULL;
    guint *not_paced = &counts[threads - 1][0], *not_simulated = &counts[threads - 1][1];
    g_autoptr(GArray) ranked = NULL;

    s.n_threads = threads;
    ranked = ct_crt_optimize(&p, &t, &s, NULL, not_paced, not_simulated, NULL, NULL, NULL, &error);
    g_assert_no_error(error);
    g_test_message("%u threads: %u ranked, %u not paced, %u not simulated", threads, ranked->len,
                   *not_paced, *not_simulated);
    g_assert_cmpuint(*not_simulated, ==, 39);
    g_assert_cmpuint(ranked->len, >, 0);
    g_assert_cmpuint(ranked->len + *not_paced + *not_simulated, ==, 17 * 7 * 5);
    for (guint i = 0; i < ranked->len; i++) {
      const CtCrtCandidate *c = &g_array_index(ranked, CtCrtCandidate, i);
      g_assert_true(c->simulated && c->paced);
    }
    if (first == NULL) {
      first = g_steal_pointer(&ranked);
      continue;
    }
    g_assert_cmpuint(ranked->len, ==, first->len);
    g_assert_cmpuint(counts[1][1], ==, counts[0][1]);
    for (guint i = 0; i < ranked->len; i++) {
      const CtCrtCandidate *a = &g_array_index(first, CtCrtCandidate, i);
      const CtCrtCandidate *b = &g_array_index(ranked, CtCrtCandidate, i);
      g_assert_cmpint(a->lv_lead_segment, ==, b->lv_lead_segment);
      g_assert_cmpfloat(a->av_delay_ms, ==, b->av_delay_ms);
      g_assert_cmpfloat(a->vv_delay_ms, ==, b->vv_delay_ms);
      g_assert_cmpfloat(a->dpdt_max_mmhg_s, ==, b->dpdt_max_mmhg_s);
    }
  }
}

static void test_scar_never_proposed(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ranked = optimize("ischemic-scar", 0, &error);
  g_autoptr(CtTwin) twin = ct_twin_new_from_demo("ischemic-scar", NULL);
  CtCrtSearch s;
  int excluded[CS_AHA_SEGMENTS + 1];

  g_assert_no_error(error);
  for (guint i = 0; i < ranked->len; i++) {
    int seg = g_array_index(ranked, CtCrtCandidate, i).lv_lead_segment;
    g_assert_true(seg != 5 && seg != 11 && seg != 16);
  }
  g_assert_cmpuint(ranked->len, ==, 14 * 3 * 2);
  small_search(&s);
  ct_crt_excluded_segments(ct_twin_get_params(twin), &s, excluded);
  g_assert_cmpint(excluded[0], ==, 5);
  g_assert_cmpint(excluded[1], ==, 11);
  g_assert_cmpint(excluded[2], ==, 16);
  g_assert_cmpint(excluded[3], ==, 0);
}

static void cancel_on_first(guint done, guint total, gpointer user_data)
{
  g_cancellable_cancel(G_CANCELLABLE(user_data));
}

static void test_cancel(void)
{
  g_autoptr(CtTwin) twin = ct_twin_new_from_demo("hfref-lbbb", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new();
  g_autoptr(GError) error = NULL;
  CsTherapy t;
  CtCrtSearch s;
  GArray *ranked;

  cs_therapy_default(&t);
  small_search(&s);
  ranked = ct_crt_optimize(ct_twin_get_params(twin), &t, &s, NULL, NULL, NULL, cancel_on_first,
                           cancellable, cancellable, &error);
  g_assert_null(ranked);
  g_assert_error(error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void test_bad_search(void)
{
  g_autoptr(CtTwin) twin = ct_twin_new_from_demo("hfref-lbbb", NULL);
  g_autoptr(GError) error = NULL;
  CsTherapy t;
  CsParams all_scar;
  CtCrtSearch s;

  cs_therapy_default(&t);
  small_search(&s);
  s.av_delay_step_ms = 0.0;
  g_assert_null(ct_crt_optimize(ct_twin_get_params(twin), &t, &s, NULL, NULL, NULL, NULL, NULL,
                                NULL, &error));
  g_assert_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID);
  g_clear_error(&error);

  small_search(&s);
  all_scar = *ct_twin_get_params(twin);
  for (int i = 0; i < CS_AHA_SEGMENTS; i++)
    all_scar.scar_transmurality[i] = 1.0;
  g_assert_null(ct_crt_optimize(&all_scar, &t, &s, NULL, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID);
  g_assert_nonnull(strstr(error->message, "scar"));
}

/* LV-only pacing beside the biventricular search: from the LBBB twin's best segment it paces, as
 * LV-only, and raises dP/dtmax within a few points of biventricular pacing there (PATH-CHF,
 * Auricchio et al. 1999: LV pacing as good as BiV acutely); with every AV delay longer than the
 * patient's own conduction nothing paces and nothing is proposed; a cancelled search says so. */
static void test_lv_only(void)
{
  g_autoptr(CtTwin) lbbb = ct_twin_new_from_demo("hfref-lbbb", NULL);
  g_autoptr(CtTwin) normal = ct_twin_new_from_demo("normal", NULL);
  g_autoptr(GArray) ranked = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new();
  CsTherapy t;
  CtCrtSearch s;
  CsIndices base;
  CtCrtCandidate best;
  const CtCrtCandidate *biv;
  gboolean found = FALSE;
  guint not_paced = 0, not_simulated = 0, n_av = 0;

  cs_therapy_default(&t);
  small_search(&s);
  ranked = ct_crt_optimize(ct_twin_get_params(lbbb), &t, &s, &base, NULL, NULL, NULL, NULL, NULL,
                           &error);
  g_assert_no_error(error);
  biv = &g_array_index(ranked, CtCrtCandidate, 0);
  g_assert_true(ct_crt_lv_only_best(ct_twin_get_params(lbbb), &t, &s, biv->lv_lead_segment, &base,
                                    &best, &found, NULL, NULL, NULL, &error));
  g_assert_no_error(error);
  g_assert_true(found);
  g_assert_cmpint(best.lv_only, ==, 1);
  g_assert_cmpint(best.paced, ==, 1);
  g_assert_cmpint(best.lv_lead_segment, ==, biv->lv_lead_segment);
  g_assert_cmpfloat(best.av_delay_ms, >=, s.av_delay_min_ms);
  g_assert_cmpfloat(best.av_delay_ms, <=, s.av_delay_max_ms);
  g_assert_cmpfloat(best.gain_pct, >, 5.0);
  g_assert_cmpfloat(fabs(best.gain_pct - biv->gain_pct), <, 5.0);

  /* AV delays all longer than the patient's own conduction (the normal twin's PR is 160 ms): the
   * stimuli are inhibited, nothing paces, nothing is proposed. */
  s.av_delay_min_ms = 250.0;
  s.av_delay_max_ms = 300.0;
  g_assert_true(ct_crt_lv_only_best(ct_twin_get_params(normal), &t, &s, 12, &base, &best, &found,
                                    &not_paced, &not_simulated, NULL, &error));
  g_assert_no_error(error);
  g_assert_false(found);
  /* Each AV delay counted as inhibited, none as unsettled: the words "inhibited at every AV
   * delay" are then exact. */
  for (double av = s.av_delay_min_ms; av <= s.av_delay_max_ms + 1e-9; av += s.av_delay_step_ms)
    n_av++;
  g_assert_cmpuint(n_av, >=, 2);
  g_assert_cmpuint(not_paced, ==, n_av);
  g_assert_cmpuint(not_simulated, ==, 0);

  /* A setting the engine cannot bring to a steady state is left out, not the answer (a second
   * reader's case was the LBBB twin with 11 l of blood, from AHA 12, whose AV delay of 120 ms
   * found no steady state, until the steady-state search backed off from stalled extrapolations,
   * thirty-eighth session): paced at 160 /min from AHA 12, the longest AV delays leave the
   * activation running past the cycle, the shorter ones settle. */
  {
    CsTherapy fast = t;
    CsIndices fast_base;
    g_autoptr(GArray) fast_ranked = NULL;

    fast.pacing.rate_bpm = 160.0;
    ct_crt_search_default(&s);
    fast_ranked = ct_crt_optimize(ct_twin_get_params(lbbb), &fast, &s, &fast_base, NULL, NULL, NULL,
                                  NULL, NULL, &error);
    g_assert_no_error(error);
    g_assert_true(ct_crt_lv_only_best(ct_twin_get_params(lbbb), &fast, &s, 12, &fast_base, &best,
                                      &found, &not_paced, &not_simulated, NULL, &error));
    g_assert_no_error(error);
    g_test_message("LV only at 160 /min: best AV %.0f ms, %u not paced, %u not simulated",
                   best.av_delay_ms, not_paced, not_simulated);
    /* The others still answer, and the unsettled are counted apart from the inhibited ones. */
    g_assert_true(found);
    g_assert_cmpuint(not_paced, ==, 0);
    g_assert_cmpuint(not_simulated, ==, 2);
    g_assert_cmpfloat(best.av_delay_ms, <, s.av_delay_max_ms - s.av_delay_step_ms);
  }

  g_cancellable_cancel(cancelled);
  g_assert_false(ct_crt_lv_only_best(ct_twin_get_params(lbbb), &t, &s, 12, &base, &best, &found,
                                     NULL, NULL, cancelled, &error));
  g_assert_error(error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/crt-optimizer/ranked-deterministic", test_ranked_and_deterministic);
  g_test_add_func("/crt-optimizer/scar-never-proposed", test_scar_never_proposed);
  g_test_add_func("/crt-optimizer/unsimulated-left-out", test_unsimulated_left_out);
  g_test_add_func("/crt-optimizer/cancel", test_cancel);
  g_test_add_func("/crt-optimizer/lv-only", test_lv_only);
  g_test_add_func("/crt-optimizer/bad-search", test_bad_search);
  return g_test_run();
}

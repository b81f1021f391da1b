/* test-crt-view.c — the CRT tab of the twin page, in a window on Xvfb: "Find Best CRT Settings" on
 * hfref-lbbb ranks as ct_crt_optimize does run directly; on ischemic-scar no segment in transmural
 * scar (5, 11, 16) is proposed and those are marked excluded; "Apply" makes the best setting the
 * plan and the plan's dP/dt max rises over the baseline; Cancel leaves no result and changes
 * nothing; another twin opened during a search cancels it, without a crash.
 *
 * CT_SCREENSHOT_DIR=DIR also saves the window with the CRT tab's result as
 * DIR/main-window-crt.png (hfref-lbbb) and DIR/main-window-crt-ischemic-scar.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "ct-application.h"
#include "ct-crt-view.h"
#include "ct-test-util.h"
#include "ct-therapy-panel.h"
#include "ct-window.h"
#include "ct-ui-test-util.h"

static CtApplication *app;
static CtWindow *window;
static char *tmp_dir;

/* CT_SCREENSHOT_DIR=DIR: the main window, the heart in motion and the toasts gone. */
static void save_window_screenshot(const char *name)
{
  ct_ui_test_save_screenshot(GTK_WIDGET(window), name, 4500);
}

static CtTwinPage *page(void)
{
  CtTwinPage *twin_page = ct_window_get_twin_page(window);

  g_assert_nonnull(twin_page);
  return twin_page;
}

static CtCrtView *view(void)
{
  return ct_twin_page_get_crt_view(page());
}

static CtTherapyPanel *panel(void)
{
  return CT_THERAPY_PANEL(ct_twin_page_get_therapy_panel(page()));
}

static void open_demo(const char *demo)
{
  CtStore *store = ct_application_get_store(app);
  g_autoptr(CtStorePatient) patient = ct_store_find_patient(store, "demo", demo, NULL);

  g_assert_nonnull(patient);
  gtk_widget_activate_action(GTK_WIDGET(window), "win.open-patient", "x", patient->key);
  g_assert_null(ct_window_get_load_error(window));
  ct_ui_test_wait_until(ct_ui_test_plan_answered, window, 60, "the first beats");
  gtk_widget_activate_action(GTK_WIDGET(page()), "twin.show-crt", NULL);
}

static guint results_before;

static gboolean result_shown(gpointer data)
{
  return ct_crt_view_get_n_results(view()) > results_before && !ct_crt_view_get_busy(view());
}

/* "Find Best CRT Settings", through the view's action, and its answer on screen. */
static void find(void)
{
  results_before = ct_crt_view_get_n_results(view());
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(view()), "crt.find", NULL));
  g_assert_true(ct_crt_view_get_busy(view()));
  ct_ui_test_wait_until(result_shown, NULL, 120, "the CRT search's result");
}

/* ct_crt_optimize run directly for @demo with @therapy (the panel's), the default search. */
static GArray *optimize_directly(const char *demo, const CsTherapy *therapy, CsIndices *baseline)
{
  g_autoptr(CtTwin) twin = ct_twin_new_from_demo(demo, NULL);
  g_autoptr(GError) error = NULL;
  CtCrtSearch search;
  GArray *candidates;

  g_assert_nonnull(twin);
  ct_crt_search_default(&search);
  candidates = ct_crt_optimize(ct_twin_get_params(twin), therapy, &search, baseline, NULL, NULL,
                               NULL, NULL, NULL, &error);
  g_assert_no_error(error);
  g_assert_nonnull(candidates);
  return candidates;
}

/* ------------------------------------------------------------------ tests */

/* The view's ranking is ct_crt_optimize's for the same twin and therapy; its bullseye holds every
 * segment's best candidate; Apply makes the best the plan (CRT, the panel's lower rate, its AV, VV
 * and LV segment, the RV lead kept), and the plan's dP/dt max rises over the baseline's. */
static void test_finds_and_applies_for_hfref_lbbb(void)
{
  g_autoptr(GArray) direct = NULL;
  g_autoptr(CtBeat) baseline = NULL;
  g_autoptr(CtBeat) plan = NULL;
  CsTherapy before, after;
  CsIndices direct_baseline;
  GArray *shown;
  const CtCrtCandidate *best, *top;
  guint generation;

  open_demo("hfref-lbbb");
  ct_therapy_panel_get_therapy(panel(), &before);
  g_assert_cmpint(before.pacing.mode, !=, CS_PACING_CRT);
  g_assert_null(ct_crt_view_get_candidates(view()));
  find();
  g_assert_null(ct_crt_view_get_message(view()));
  shown = ct_crt_view_get_candidates(view());
  g_assert_nonnull(shown);
  direct = optimize_directly("hfref-lbbb", &before, &direct_baseline);
  g_assert_cmpuint(shown->len, ==, direct->len);
  g_assert_cmpuint(shown->len, >=, CT_CRT_VIEW_N_ROWS);
  for (guint i = 0; i < CT_CRT_VIEW_N_ROWS; i++) {
    const CtCrtCandidate *a = &g_array_index(shown, CtCrtCandidate, i);
    const CtCrtCandidate *b = &g_array_index(direct, CtCrtCandidate, i);

    g_assert_cmpint(a->lv_lead_segment, ==, b->lv_lead_segment);
    g_assert_cmpfloat(a->av_delay_ms, ==, b->av_delay_ms);
    g_assert_cmpfloat(a->vv_delay_ms, ==, b->vv_delay_ms);
    g_assert_cmpfloat(a->gain_pct, ==, b->gain_pct);
  }
  top = &g_array_index(shown, CtCrtCandidate, 0);
  g_test_message("best: segment %d, AV %.0f ms, VV %.0f ms, %+.1f %%", top->lv_lead_segment,
                 top->av_delay_ms, top->vv_delay_ms, top->gain_pct);
  /* LBBB: resynchronisation raises dP/dt max (Kass 1999: +5 to +40 %). */
  g_assert_cmpfloat(top->gain_pct, >, 5.0);
  /* The bullseye: each segment's best is its first candidate; the best segment's is the top. */
  for (int s = 1; s <= CS_AHA_SEGMENTS; s++) {
    double gain = NAN;

    for (guint i = 0; i < shown->len; i++)
      if (g_array_index(shown, CtCrtCandidate, i).lv_lead_segment == s) {
        gain = g_array_index(shown, CtCrtCandidate, i).gain_pct;
        break;
      }
    if (isnan(gain))
      g_assert_true(isnan(ct_crt_view_get_segment_gain(view(), s)));
    else
      g_assert_cmpfloat(ct_crt_view_get_segment_gain(view(), s), ==, gain);
    g_assert_false(ct_crt_view_get_segment_excluded(view(), s));
  }
  g_assert_cmpfloat(ct_crt_view_get_segment_gain(view(), top->lv_lead_segment), ==, top->gain_pct);
  /* LV-only pacing from the best segment, beside it: ct_crt_lv_only_best's answer. */
  {
    g_autoptr(CtTwin) twin = ct_twin_new_from_demo("hfref-lbbb", NULL);
    g_autoptr(GError) error = NULL;
    g_autofree char *expected = NULL;
    CtCrtSearch search;
    CtCrtCandidate lv_only;
    gboolean found = FALSE;

    ct_crt_search_default(&search);
    g_assert_true(ct_crt_lv_only_best(ct_twin_get_params(twin), &before, &search,
                                      top->lv_lead_segment, &direct_baseline, &lv_only, &found,
                                      NULL, NULL, NULL, &error));
    g_assert_true(found);
    expected = g_strdup_printf(" LV-only pacing there (no RV stimulus), at AV %.0f ms: dP/dt max "
                               "%+.1f %%.",
                               lv_only.av_delay_ms, lv_only.gain_pct);
    if (strstr(ct_crt_view_get_summary(view()), expected) == NULL)
      g_error("the summary has no “%s”: %s", expected, ct_crt_view_get_summary(view()));
    /* And for the report (ct-twin-page.c passes it on). */
    g_assert_nonnull(ct_crt_view_get_lv_only(view()));
    g_assert_cmpfloat(ct_crt_view_get_lv_only(view())->gain_pct, ==, lv_only.gain_pct);
    g_assert_cmpfloat(ct_crt_view_get_lv_only(view())->av_delay_ms, ==, lv_only.av_delay_ms);
  }
  save_window_screenshot("main-window-crt");

  /* An edit in the panel just before Apply (VVI pacing), then Apply: two undo steps, never one
   * (the edit is not merged into the Apply, though both come within the coalescing time). */
  {
    CsTherapy vvi = before;

    vvi.pacing.mode = CS_PACING_VVI;
    g_assert_true(ct_therapy_panel_set_therapy(panel(), &vvi, NULL));
  }

  /* Apply the best. */
  best = top;
  generation = ct_twin_page_get_requested_generation(page());
  gtk_widget_activate_action(GTK_WIDGET(view()), "crt.apply", "u", 0);
  ct_therapy_panel_get_therapy(panel(), &after);
  g_assert_cmpint(after.pacing.mode, ==, CS_PACING_CRT);
  g_assert_cmpint(after.pacing.lv_lead_segment, ==, best->lv_lead_segment);
  g_assert_cmpfloat(after.pacing.av_delay_ms, ==, best->av_delay_ms);
  g_assert_cmpfloat(after.pacing.vv_delay_ms, ==, best->vv_delay_ms);
  g_assert_cmpint(after.pacing.lv_only, ==, 0);
  g_assert_cmpfloat(after.pacing.rate_bpm, ==, before.pacing.rate_bpm);
  g_assert_cmpint(after.pacing.rv_lead_site, ==, before.pacing.rv_lead_site);
  g_assert_cmpint(after.n_drugs, ==, before.n_drugs);
  g_assert_cmpuint(ct_twin_page_get_requested_generation(page()), >, generation);
  /* The result stays: the plan's drugs, reflexes, rate and RV lead are those it was for. */
  g_assert_nonnull(ct_crt_view_get_candidates(view()));
  ct_ui_test_wait_until(ct_ui_test_plan_answered, window, 60, "the plan's answer");
  plan = ct_twin_page_get_plan_beat(page());
  baseline = ct_twin_page_get_baseline_beat(page());
  g_test_message("dP/dt max: baseline %.0f, plan %.0f mmHg/s (search predicted %.0f)",
                 baseline->indices.dpdt_max_mmhg_s, plan->indices.dpdt_max_mmhg_s,
                 best->dpdt_max_mmhg_s);
  g_assert_cmpfloat(plan->indices.dpdt_max_mmhg_s, >, 1.05 * baseline->indices.dpdt_max_mmhg_s);
  /* The app's plan is the search's prediction (the same engine, another warm start). */
  g_assert_cmpfloat(fabs(plan->indices.dpdt_max_mmhg_s - best->dpdt_max_mmhg_s), <,
                    0.02 * best->dpdt_max_mmhg_s);

  /* Undo takes back the Apply alone: the plan is the VVI edit again; a second undo, the edit. */
  gtk_widget_activate_action(GTK_WIDGET(window), "win.undo", NULL);
  {
    CsTherapy undone;

    ct_therapy_panel_get_therapy(panel(), &undone);
    g_assert_cmpint(undone.pacing.mode, ==, CS_PACING_VVI);
    gtk_widget_activate_action(GTK_WIDGET(window), "win.undo", NULL);
    ct_therapy_panel_get_therapy(panel(), &undone);
    g_assert_cmpint(undone.pacing.mode, ==, before.pacing.mode);
    gtk_widget_activate_action(GTK_WIDGET(window), "win.redo", NULL);
    gtk_widget_activate_action(GTK_WIDGET(window), "win.redo", NULL);
    ct_therapy_panel_get_therapy(panel(), &undone);
    g_assert_cmpint(undone.pacing.mode, ==, CS_PACING_CRT);
  }

  /* "Apply LV-Only Pacing" makes LV-only pacing from the best segment at its best AV delay the
   * plan, the result kept. */
  {
    const CtCrtCandidate *lv_only = ct_crt_view_get_lv_only(view());
    CsTherapy lv_plan;

    g_assert_nonnull(lv_only);
    gtk_widget_activate_action(GTK_WIDGET(view()), "crt.apply-lv-only", NULL);
    ct_therapy_panel_get_therapy(panel(), &lv_plan);
    g_assert_cmpint(lv_plan.pacing.mode, ==, CS_PACING_CRT);
    g_assert_cmpint(lv_plan.pacing.lv_only, ==, 1);
    g_assert_cmpint(lv_plan.pacing.lv_lead_segment, ==, lv_only->lv_lead_segment);
    g_assert_cmpfloat(lv_plan.pacing.av_delay_ms, ==, lv_only->av_delay_ms);
    g_assert_cmpfloat(lv_plan.pacing.rate_bpm, ==, before.pacing.rate_bpm);
    g_assert_nonnull(ct_crt_view_get_candidates(view()));
  }

  /* A drug changes the therapy the result was for: it is cleared, and says why. */
  gtk_widget_activate_action(GTK_WIDGET(window), "win.set-dose", "(sd)", "dobutamine", 5.0);
  g_assert_null(ct_crt_view_get_candidates(view()));
  g_assert_nonnull(ct_crt_view_get_message(view()));
  gtk_widget_activate_action(GTK_WIDGET(window), "win.reset-plan", NULL);
}

/* ischemic-scar: 5, 11 and 16 (transmural) never proposed, marked excluded. */
static void test_scar_never_proposed(void)
{
  GArray *shown;

  open_demo("ischemic-scar");
  find();
  shown = ct_crt_view_get_candidates(view());
  g_assert_nonnull(shown);
  g_assert_cmpuint(shown->len, >, 0);
  for (guint i = 0; i < shown->len; i++) {
    int s = g_array_index(shown, CtCrtCandidate, i).lv_lead_segment;

    g_assert_cmpint(s, !=, 5);
    g_assert_cmpint(s, !=, 11);
    g_assert_cmpint(s, !=, 16);
  }
  for (int s = 1; s <= CS_AHA_SEGMENTS; s++) {
    gboolean scar = s == 5 || s == 11 || s == 16;

    g_assert_cmpint(ct_crt_view_get_segment_excluded(view(), s), ==, scar);
    if (scar)
      g_assert_true(isnan(ct_crt_view_get_segment_gain(view(), s)));
  }
  save_window_screenshot("main-window-crt-ischemic-scar");
}

/* Cancel mid-search: no result, the plan untouched, the search can run again. */
static void test_cancel_changes_nothing(void)
{
  CsTherapy before, after;
  guint results;

  open_demo("hfref-lbbb");
  ct_therapy_panel_get_therapy(panel(), &before);
  results = ct_crt_view_get_n_results(view());
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(view()), "crt.find", NULL));
  g_assert_true(ct_crt_view_get_busy(view()));
  /* Mid-search: the search takes most of a second on two cores. */
  ct_ui_test_iterate_for(150);
  g_assert_true(ct_crt_view_get_busy(view()));
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(view()), "crt.cancel", NULL));
  g_assert_false(ct_crt_view_get_busy(view()));
  /* The worker's late answer, whatever it is, is dropped. */
  ct_ui_test_iterate_for(1500);
  g_assert_null(ct_crt_view_get_candidates(view()));
  g_assert_cmpuint(ct_crt_view_get_n_results(view()), ==, results);
  g_assert_nonnull(ct_crt_view_get_message(view()));
  ct_therapy_panel_get_therapy(panel(), &after);
  g_assert_cmpint(after.pacing.mode, ==, before.pacing.mode);
  g_assert_cmpint(after.pacing.lv_lead_segment, ==, before.pacing.lv_lead_segment);
  g_assert_cmpint(after.n_drugs, ==, before.n_drugs);
}

/* Another twin during a search: the search is cancelled, no result appears for the new twin. */
static void test_other_twin_cancels(void)
{
  guint results;

  open_demo("hfref-lbbb");
  results = ct_crt_view_get_n_results(view());
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(view()), "crt.find", NULL));
  ct_ui_test_iterate_for(100);
  open_demo("normal");
  g_assert_false(ct_crt_view_get_busy(view()));
  ct_ui_test_iterate_for(1500);
  g_assert_null(ct_crt_view_get_candidates(view()));
  g_assert_cmpuint(ct_crt_view_get_n_results(view()), ==, results);
  g_assert_null(ct_crt_view_get_message(view()));
  /* And a search of the new twin works. */
  find();
  g_assert_true(ct_crt_view_get_candidates(view()) != NULL ||
                ct_crt_view_get_message(view()) != NULL);
}

/* The window closed during a search: the search does not keep the view alive (a GTask's source
 * object could be finalized on the worker thread), and its late answer finds no view and is
 * dropped. Last: it closes the tests' window. */
static void test_window_closed_during_search(void)
{
  GtkWidget *crt_view;

  open_demo("hfref-lbbb");
  crt_view = GTK_WIDGET(view());
  g_assert_true(gtk_widget_activate_action(crt_view, "crt.find", NULL));
  ct_ui_test_iterate_for(100);
  g_object_add_weak_pointer(G_OBJECT(crt_view), (gpointer *)&crt_view);
  gtk_window_destroy(GTK_WINDOW(window));
  window = NULL;
  ct_ui_test_iterate_for(100);
  g_assert_null(crt_view);
  /* The worker's answer arrives to nobody. */
  ct_ui_test_iterate_for(1500);
}

int main(int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  tmp_dir = g_dir_make_tmp("ct-test-crt-view-XXXXXX", &error);
  g_assert_no_error(error);
  g_setenv("XDG_DATA_HOME", tmp_dir, TRUE);
  g_setenv("XDG_CONFIG_HOME", tmp_dir, TRUE);
  g_test_init(&argc, &argv, NULL);

  ct_application_prefer_cairo_on_software_gl();
  app = ct_ui_test_start_app(&window);
  ct_ui_test_iterate_for(200);

  g_test_add_func("/crt-view/finds-and-applies-for-hfref-lbbb",
                  test_finds_and_applies_for_hfref_lbbb);
  g_test_add_func("/crt-view/scar-never-proposed", test_scar_never_proposed);
  g_test_add_func("/crt-view/cancel-changes-nothing", test_cancel_changes_nothing);
  g_test_add_func("/crt-view/other-twin-cancels", test_other_twin_cancels);
  g_test_add_func("/crt-view/window-closed-during-search", test_window_closed_during_search);
  status = g_test_run();

  if (window != NULL)
    gtk_window_destroy(GTK_WINDOW(window));
  ct_ui_test_iterate_for(100);
  g_clear_object(&app);
  ct_test_remove_tree(tmp_dir);
  g_free(tmp_dir);
  return status;
}

/* bench-app.c — the application's figures (DESIGN.md, contract: benchmarks), in a window on Xvfb:
 *
 *   first_frame_ms    from main() to the first 3D frame drawn of a twin opened at launch
 *                     (hfref-lbbb, as `cardiotwin` would show it after a click on the patient)
 *   input_to_plot_ms  from a dose change in the therapy panel to the LV loop drawn with the
 *                     engine's answer: the median over 20 changes of dobutamine for advanced-hf
 *   crt_sweep_app_s   from "Find Best CRT Settings" (the CRT tab's crt.find) to its result drawn
 *                     (the next frame painted): the median of 3 searches on hfref-lbbb (595
 *                     settings, every core)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "ct-application.h"
#include "ct-crt-view.h"
#include "ct-plot-view.h"
#include "ct-test-util.h"
#include "ct-therapy-panel.h"
#include "ct-ui-test-util.h"
#include "ct-window.h"

static CtWindow *window;

static void iterate_until(gboolean (*done)(gpointer), gpointer data, const char *what)
{
  gint64 give_up = g_get_monotonic_time() + 120 * G_USEC_PER_SEC;

  while (!done(data)) {
    if (g_get_monotonic_time() > give_up)
      g_error("timed out waiting for %s", what);
    g_main_context_iteration(NULL, TRUE);
  }
}

static gboolean heart_drawn(gpointer data)
{
  CtTwinPage *page = ct_window_get_twin_page(window);

  return page != NULL && ct_heart_view_get_n_frames_drawn(ct_twin_page_get_heart_view(page)) > 0;
}

/* The LV loop has drawn the answer to the newest request. */
static gboolean loop_drawn(gpointer data)
{
  CtTwinPage *page = ct_window_get_twin_page(window);
  CtPlotView *loop = CT_PLOT_VIEW(ct_twin_page_get_lv_loop(page));

  return ct_plot_view_get_drawn_generation(loop) >= ct_twin_page_get_requested_generation(page);
}

/* The plan engine has answered the newest request (not yet drawn). */
static gboolean engine_answered(gpointer data)
{
  CtTwinPage *page = ct_window_get_twin_page(window);
  g_autoptr(CtBeat) plan = ct_twin_page_get_plan_beat(page);

  return plan != NULL && plan->generation >= ct_twin_page_get_requested_generation(page);
}

static guint n_paints;

static void on_after_paint(GdkFrameClock *clock, gpointer data)
{
  n_paints++;
}

static guint results_before, paints_after_result;

/* The CRT search's result is on screen: shown, then one frame painted with it. */
static gboolean crt_result_drawn(gpointer data)
{
  CtCrtView *view = ct_twin_page_get_crt_view(ct_window_get_twin_page(window));

  if (ct_crt_view_get_n_results(view) == results_before)
    return FALSE;
  if (paints_after_result == 0)
    paints_after_result = n_paints + 1;
  return n_paints >= paints_after_result;
}

static double rss_mb(void)
{
  return ct_test_status_kb("VmRSS") / 1024.0;
}

static int compare_doubles(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

static gint64 key_of(CtApplication *app, const char *demo)
{
  g_autoptr(CtStorePatient) patient =
      ct_store_find_patient(ct_application_get_store(app), "demo", demo, NULL);

  g_assert(patient != NULL);
  return patient->key;
}

int main(int argc, char *argv[])
{
  gint64 start = g_get_monotonic_time();
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp_dir = g_dir_make_tmp("ct-bench-app-XXXXXX", &error);
  g_autoptr(CtApplication) app = NULL;
  double latencies_ms[20], engine_ms[20];
  CtTherapyPanel *panel;

  g_assert_no_error(error);
  g_setenv("XDG_DATA_HOME", tmp_dir, TRUE);
  g_setenv("XDG_CONFIG_HOME", tmp_dir, TRUE);

  /* As main() does: cairo compositing on a software rasteriser (ct-application.c). */
  ct_application_prefer_cairo_on_software_gl();
  app = ct_ui_test_start_app(&window);
  printf("# resident memory with the window and no twin: %.0f MB\n", rss_mb());
  ct_window_open_patient(window, key_of(app, "hfref-lbbb"));
  iterate_until(heart_drawn, NULL, "the first 3D frame");
  printf("BENCH first_frame_ms %.0f ms\n", (double)(g_get_monotonic_time() - start) / 1000.0);

  ct_window_open_patient(window, key_of(app, "advanced-hf"));
  iterate_until(heart_drawn, NULL, "the advanced-hf heart");
  iterate_until(loop_drawn, NULL, "the first loop");
  panel = CT_THERAPY_PANEL(ct_twin_page_get_therapy_panel(ct_window_get_twin_page(window)));
  for (guint i = 0; i < G_N_ELEMENTS(latencies_ms); i++) {
    gint64 t0 = g_get_monotonic_time();

    /* 2.5 to 12 µg/kg/min: each a new steady state, from the previous one. */
    if (!ct_therapy_panel_set_dose(panel, "dobutamine", 2.5 + 0.5 * i, &error))
      g_error("%s", error->message);
    iterate_until(engine_answered, NULL, "the engine's answer");
    engine_ms[i] = (double)(g_get_monotonic_time() - t0) / 1000.0;
    iterate_until(loop_drawn, NULL, "the loop of the new dose");
    latencies_ms[i] = (double)(g_get_monotonic_time() - t0) / 1000.0;
  }
  qsort(latencies_ms, G_N_ELEMENTS(latencies_ms), sizeof latencies_ms[0], compare_doubles);
  printf("BENCH input_to_plot_ms %.1f ms\n", 0.5 * (latencies_ms[9] + latencies_ms[10]));
  qsort(engine_ms, G_N_ELEMENTS(engine_ms), sizeof engine_ms[0], compare_doubles);
  printf("# of which the engine's answer (steady state on the worker thread): median %.1f ms\n",
         0.5 * (engine_ms[9] + engine_ms[10]));
  printf("# input_to_plot_ms: fastest %.1f, slowest %.1f of %u changes\n", latencies_ms[0],
         latencies_ms[G_N_ELEMENTS(latencies_ms) - 1], (guint)G_N_ELEMENTS(latencies_ms));

  /* A few seconds of beating, as a clinician would look at it. */
  {
    gint64 until = g_get_monotonic_time() + 3 * G_USEC_PER_SEC;

    while (g_get_monotonic_time() < until)
      g_main_context_iteration(NULL, FALSE);
  }
  /* rss_mb itself is measured with a hospital-sized cache: tests/bench-app-memory.c. */
  printf("# resident memory with the demo cache and a twin open and beating: %.0f MB\n", rss_mb());
  {
    double sweep_s[3];
    CtCrtView *view;

    ct_window_open_patient(window, key_of(app, "hfref-lbbb"));
    iterate_until(engine_answered, NULL, "the hfref-lbbb plan");
    gtk_widget_activate_action(GTK_WIDGET(ct_window_get_twin_page(window)), "twin.show-crt", NULL);
    view = ct_twin_page_get_crt_view(ct_window_get_twin_page(window));
    g_signal_connect(gtk_widget_get_frame_clock(GTK_WIDGET(window)), "after-paint",
                     G_CALLBACK(on_after_paint), NULL);
    for (guint i = 0; i < G_N_ELEMENTS(sweep_s); i++) {
      gint64 t0 = g_get_monotonic_time();

      results_before = ct_crt_view_get_n_results(view);
      paints_after_result = 0;
      gtk_widget_activate_action(GTK_WIDGET(view), "crt.find", NULL);
      iterate_until(crt_result_drawn, NULL, "the CRT search's result");
      sweep_s[i] = (double)(g_get_monotonic_time() - t0) / G_USEC_PER_SEC;
      g_assert_nonnull(ct_crt_view_get_candidates(view));
    }
    qsort(sweep_s, G_N_ELEMENTS(sweep_s), sizeof sweep_s[0], compare_doubles);
    printf("BENCH crt_sweep_app_s %.2f s\n", sweep_s[1]);
    printf("# crt_sweep_app_s: fastest %.2f, slowest %.2f of %u searches, %u processors\n",
           sweep_s[0], sweep_s[2], (guint)G_N_ELEMENTS(sweep_s), g_get_num_processors());
  }
  printf(
      "# of which the process's own (RssAnon) %.0f MB, mapped files and libraries (RssFile) %.0f "
      "MB\n",
      ct_test_status_kb("RssAnon") / 1024.0, ct_test_status_kb("RssFile") / 1024.0);

  gtk_window_destroy(GTK_WINDOW(window));
  g_clear_object(&app);
  ct_test_remove_tree(tmp_dir);
  return 0;
}

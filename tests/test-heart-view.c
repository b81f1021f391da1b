/* test-heart-view.c — the 3D heart widget in a real window (Xvfb, Mesa llvmpipe): it realizes
 * without a GL error, beats with the worker's beats, and a point on each visible AHA segment picks
 * that segment from the views a cardiologist would use to see it.
 *
 * Run by tests/run-with-xvfb.sh (suite ui).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gtk/gtk.h>

#include "ct-heart-view.h"

typedef struct {
  GtkWidget *window;
  CtHeartView *heart;
  CtSimWorker *worker;
  CtTwin *twin;
} Fixture;

static void iterate_for(guint ms)
{
  gint64 until = g_get_monotonic_time() + (gint64)ms * 1000;

  while (g_get_monotonic_time() < until)
    g_main_context_iteration(NULL, FALSE);
}

static void fixture_set_up(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CsTherapy therapy;
  gint64 give_up = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;

  f->twin = ct_twin_new_from_demo("hfref-lbbb", &error);
  g_assert_no_error(error);
  f->worker = ct_sim_worker_new(ct_twin_get_params(f->twin));
  cs_therapy_default(&therapy);
  ct_sim_worker_set_therapy(f->worker, &therapy);

  f->window = gtk_window_new();
  gtk_window_set_default_size(GTK_WINDOW(f->window), 800, 600);
  f->heart = CT_HEART_VIEW(ct_heart_view_new());
  gtk_window_set_child(GTK_WINDOW(f->window), GTK_WIDGET(f->heart));
  ct_heart_view_set_twin(f->heart, f->twin);
  ct_heart_view_set_worker(f->heart, f->worker);
  gtk_window_present(GTK_WINDOW(f->window));
  /* Until the window is mapped and the first beat is there. */
  while (!gtk_widget_get_mapped(GTK_WIDGET(f->heart)) ||
         ct_sim_worker_get_beat(f->worker) == NULL) {
    g_assert_cmpint(g_get_monotonic_time(), <, give_up);
    g_main_context_iteration(NULL, TRUE);
  }
  iterate_for(300);
}

static void fixture_tear_down(Fixture *f, gconstpointer data)
{
  gtk_window_destroy(GTK_WINDOW(f->window));
  g_object_unref(f->worker);
  g_object_unref(f->twin);
}

static void test_realized(Fixture *f, gconstpointer data)
{
  const GError *error = ct_heart_view_get_error(f->heart);

  if (error != NULL)
    g_test_message("GL error: %s", error->message);
  g_assert_null(error);
}

/* Each segment from a view that shows it: anterior segments from the front, lateral ones from
 * LAO (the basal anterolateral segment lies under the left atrial appendage there), the apex from
 * the short axis (the bullseye's own orientation). */
static void test_pick_segments(Fixture *f, gconstpointer data)
{
  static const struct {
    CtStandardView view;
    int segments[6];
  } cases[] = {
      {CT_VIEW_ANTERIOR, {1, 7, 13, 0}},
      {CT_VIEW_LAO_40, {12, 16, 0}},
      {CT_VIEW_SHORT_AXIS, {17, 0}},
  };

  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    ct_heart_view_show_view(f->heart, cases[i].view);
    iterate_for(100);
    for (int k = 0; cases[i].segments[k] != 0; k++) {
      int segment = cases[i].segments[k];
      double x = 0.0, y = 0.0;

      g_assert_true(ct_heart_view_segment_point(f->heart, segment, &x, &y));
      g_test_message("view %d segment %d at (%.0f, %.0f) picks %d", cases[i].view, segment, x, y,
                     ct_heart_view_pick(f->heart, x, y));
      g_assert_cmpint(ct_heart_view_pick(f->heart, x, y), ==, segment);
    }
  }
  /* Outside the heart: nothing. */
  g_assert_cmpint(ct_heart_view_pick(f->heart, 2.0, 2.0), ==, -1);
}

/* Colour modes and the cut-away change what is drawn, without a GL error. */
static void test_modes(Fixture *f, gconstpointer data)
{
  const CtColourMode modes[] = {CT_COLOUR_ACTIVATION, CT_COLOUR_SCAR, CT_COLOUR_SEGMENTS,
                                CT_COLOUR_ANATOMY};

  for (gsize i = 0; i < G_N_ELEMENTS(modes); i++) {
    ct_heart_view_set_colour_mode(f->heart, modes[i]);
    iterate_for(50);
    g_assert_cmpint(ct_heart_view_get_colour_mode(f->heart), ==, modes[i]);
  }
  ct_heart_view_set_cut_away(f->heart, TRUE);
  ct_heart_view_set_leads(f->heart, 11, CS_RV_LEAD_APEX);
  iterate_for(100);
  g_assert_null(ct_heart_view_get_error(f->heart));
}

int main(int argc, char **argv)
{
  gtk_test_init(&argc, &argv, NULL);
  g_test_add("/heart-view/realized", Fixture, NULL, fixture_set_up, test_realized,
             fixture_tear_down);
  g_test_add("/heart-view/pick-segments", Fixture, NULL, fixture_set_up, test_pick_segments,
             fixture_tear_down);
  g_test_add("/heart-view/modes", Fixture, NULL, fixture_set_up, test_modes, fixture_tear_down);
  return g_test_run();
}

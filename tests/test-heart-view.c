/* test-heart-view.c — the 3D heart widget in a real window (Xvfb, Mesa llvmpipe): it realizes
 * without a GL error, beats with the worker's beats, and a point on each visible AHA segment picks
 * that segment from the views a cardiologist would use to see it.
 *
 * Run by tests/run-with-xvfb.sh (suite ui).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <math.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>

#include "ct-heart-mesh.h"
#include "ct-heart-view.h"
#include "ct-mesh-import.h"

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
  for (;;) {
    g_autoptr(CtBeat) beat = ct_sim_worker_get_beat(f->worker);

    if (gtk_widget_get_mapped(GTK_WIDGET(f->heart)) && beat != NULL)
      break;
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
  /* With the near half cut away, the anterior wall is not there to click. */
  ct_heart_view_show_view(f->heart, CT_VIEW_ANTERIOR);
  ct_heart_view_set_cut_away(f->heart, TRUE);
  iterate_for(100);
  {
    double x = 0.0, y = 0.0;

    g_assert_true(ct_heart_view_segment_point(f->heart, 7, &x, &y));
    g_assert_cmpint(ct_heart_view_pick(f->heart, x, y), !=, 7);
  }
  ct_heart_view_set_cut_away(f->heart, FALSE);
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

/* The parametric heart's LV and RV written as a patient's OBJ (real anatomy: the heart frame
 * mirrored, so faces reversed), as a segmentation tool would name them; or, with @lv FALSE, the RV
 * alone. */
static char *write_patient_obj(const char *dir, gboolean lv)
{
  CtHeartGeometry geometry = ct_heart_geometry_default();
  CtMesh heart = {0};
  CtChamberReference references[CT_CHAMBER_COUNT];
  char *path = g_build_filename(dir, lv ? "patient.obj" : "rv-only.obj", NULL);
  FILE *f = fopen(path, "w");
  const struct {
    CtPart part;
    const char *name;
  } parts[] = {{CT_PART_LV, "LV_myocardium"}, {CT_PART_RV, "Right_Ventricle"}};

  g_assert_nonnull(f);
  g_assert_cmpint(ct_heart_mesh_generate(&geometry, &heart, references), ==, 0);
  for (gsize v = 0; v < heart.n_vertices; v++) {
    const float *p = heart.vertices[v].position;

    fprintf(f, "v %.6f %.6f %.6f\n", p[0], -p[1], p[2]);
  }
  for (gsize k = lv ? 0 : 1; k < G_N_ELEMENTS(parts); k++) {
    fprintf(f, "o %s\n", parts[k].name);
    for (gsize t = 0; t < heart.n_indices; t += 3)
      if (heart.vertices[heart.indices[t]].part == parts[k].part)
        fprintf(f, "f %u %u %u\n", heart.indices[t] + 1, heart.indices[t + 2] + 1,
                heart.indices[t + 1] + 1);
  }
  g_assert_cmpint(fclose(f), ==, 0);
  ct_mesh_free(&heart);
  return path;
}

typedef struct {
  gboolean done;
  gboolean ok;
  GError *error;
} Import;

static void imported(GObject *source, GAsyncResult *result, gpointer data)
{
  Import *import = data;

  import->ok = ct_heart_view_import_mesh_finish(CT_HEART_VIEW(source), result, &import->error);
  import->done = TRUE;
}

static void import_mesh(CtHeartView *heart, const char *path, Import *import)
{
  memset(import, 0, sizeof *import);
  ct_heart_view_import_mesh_async(heart, path, NULL, imported, import);
  while (!import->done)
    g_main_context_iteration(NULL, TRUE);
}

/* A patient's mesh replaces the parametric heart, and its AHA segments pick; a mesh without an LV
 * is refused with its reason and the view keeps the heart it had. */
static void test_patient_mesh(Fixture *f, gconstpointer data)
{
  g_autofree char *dir = g_dir_make_tmp("test-heart-view-XXXXXX", NULL);
  g_autofree char *patient = write_patient_obj(dir, TRUE);
  g_autofree char *rv_only = write_patient_obj(dir, FALSE);
  Import import;
  double x = 0.0, y = 0.0;

  import_mesh(f->heart, patient, &import);
  g_assert_no_error(import.error);
  g_assert_true(import.ok);
  iterate_for(200);
  g_assert_null(ct_heart_view_get_error(f->heart));
  ct_heart_view_show_view(f->heart, CT_VIEW_ANTERIOR);
  iterate_for(100);
  g_assert_true(ct_heart_view_segment_point(f->heart, 7, &x, &y));
  g_assert_cmpint(ct_heart_view_pick(f->heart, x, y), ==, 7);

  import_mesh(f->heart, rv_only, &import);
  g_assert_false(import.ok);
  g_assert_error(import.error, CT_MESH_IMPORT_ERROR, CT_MESH_IMPORT_ERROR_NO_LV);
  g_clear_error(&import.error);
  /* Still the patient's heart, still picking. */
  g_assert_true(ct_heart_view_segment_point(f->heart, 7, &x, &y));
  g_assert_cmpint(ct_heart_view_pick(f->heart, x, y), ==, 7);

  g_remove(patient);
  g_remove(rv_only);
  g_rmdir(dir);
}

/* Every demo twin beats: the LV the view draws goes through the smallest and largest volumes of the
 * engine's beat within a couple of beats of frames (the beat's extremes rather than the ESV and EDV
 * indices, which are read at valve events). */
static void test_all_demos_beat(Fixture *f, gconstpointer data)
{
  g_auto(GStrv) demos = ct_twin_list_demos();

  for (guint i = 0; demos[i] != NULL; i++) {
    g_autoptr(CtTwin) twin = ct_twin_new_from_demo(demos[i], NULL);
    g_autoptr(CtSimWorker) worker = ct_sim_worker_new(ct_twin_get_params(twin));
    g_autoptr(CtBeat) beat = NULL;
    double lo = G_MAXDOUBLE, hi = 0.0, smallest = G_MAXDOUBLE, largest = 0.0;
    gint64 until, give_up = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;
    CsTherapy therapy;

    cs_therapy_default(&therapy);
    ct_sim_worker_set_therapy(worker, &therapy);
    ct_heart_view_set_twin(f->heart, twin);
    ct_heart_view_set_worker(f->heart, worker);
    while ((beat = ct_sim_worker_get_beat(worker)) == NULL) {
      g_assert_cmpint(g_get_monotonic_time(), <, give_up);
      g_main_context_iteration(NULL, TRUE);
    }
    for (gsize k = 0; k < beat->n_samples; k++) {
      smallest = MIN(smallest, beat->samples[k].lv_volume_ml);
      largest = MAX(largest, beat->samples[k].lv_volume_ml);
    }
    /* Frames until the drawn volume has swept the beat, however slowly frames come on a loaded
     * machine (each iteration waits for the next event: the frame clock). */
    until = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
    while (!(fabs(hi - largest) < 0.1 * (largest - smallest) + 1.0 &&
             fabs(lo - smallest) < 0.1 * (largest - smallest) + 1.0)) {
      double v;

      g_assert_cmpint(g_get_monotonic_time(), <, until);
      g_main_context_iteration(NULL, TRUE);
      v = ct_heart_view_get_drawn_lv_volume_ml(f->heart);
      if (v > 0.0) {
        lo = MIN(lo, v);
        hi = MAX(hi, v);
      }
    }
    g_test_message("%s: drawn LV %.0f-%.0f ml, the engine's beat %.0f-%.0f ml", demos[i], lo, hi,
                   smallest, largest);
    g_assert_null(ct_heart_view_get_error(f->heart));
    /* Nothing drawn outside the engine's beat. */
    g_assert_cmpfloat(lo, >=, smallest - 1e-6);
    g_assert_cmpfloat(hi, <=, largest + 1e-6);
  }
}

/* A shader that does not compile: the widget shows the error (gtk_gl_area_set_error) and says it,
 * instead of drawing a black square. The shader is replaced through GLib's G_RESOURCE_OVERLAYS in
 * a subprocess, so the real one stays in this process. */
static void test_broken_shader(void)
{
  if (g_test_subprocess()) {
    Fixture f;
    const GError *error;

    fixture_set_up(&f, NULL);
    error = ct_heart_view_get_error(f.heart);
    g_assert_nonnull(error);
    g_assert_error(error, CT_RENDER_ERROR, CT_RENDER_ERROR_SHADER_COMPILE);
    g_test_message("%s", error->message);
    fixture_tear_down(&f, NULL);
    return;
  }
  {
    g_autofree char *dir = g_dir_make_tmp("test-heart-view-shaders-XXXXXX", NULL);
    g_autofree char *vert = g_build_filename(dir, "heart.vert", NULL);
    g_autofree char *frag = g_build_filename(dir, "heart.frag", NULL);
    g_autofree char *overlay = g_strdup_printf("/org/cardiotwin/CardioTwin/shaders=%s", dir);

    g_assert_true(g_file_set_contents(vert, "#version 330 core\nthis is not GLSL;\n", -1, NULL));
    g_assert_true(g_file_set_contents(frag, "#version 330 core\nnor is this;\n", -1, NULL));
    g_setenv("G_RESOURCE_OVERLAYS", overlay, TRUE);
    g_test_trap_subprocess(NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
    g_unsetenv("G_RESOURCE_OVERLAYS");
    g_remove(vert);
    g_remove(frag);
    g_rmdir(dir);
    g_test_trap_assert_passed();
  }
}

int main(int argc, char **argv)
{
  gtk_test_init(&argc, &argv, NULL);
  g_test_add("/heart-view/realized", Fixture, NULL, fixture_set_up, test_realized,
             fixture_tear_down);
  g_test_add("/heart-view/pick-segments", Fixture, NULL, fixture_set_up, test_pick_segments,
             fixture_tear_down);
  g_test_add("/heart-view/modes", Fixture, NULL, fixture_set_up, test_modes, fixture_tear_down);
  g_test_add("/heart-view/patient-mesh", Fixture, NULL, fixture_set_up, test_patient_mesh,
             fixture_tear_down);
  g_test_add("/heart-view/all-demos-beat", Fixture, NULL, fixture_set_up, test_all_demos_beat,
             fixture_tear_down);
  g_test_add_func("/heart-view/broken-shader", test_broken_shader);
  return g_test_run();
}

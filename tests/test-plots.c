/* test-plots.c — the cairo plots: the plan's loop in its colour over the grey baseline where the
 * engine's numbers put it, axes fitted to both, dark style, HiDPI, and the same drawing into a PDF.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <glib/gstdio.h>
#include <math.h>

#include "ct-plot.h"
#include "ct-twin.h"

#define WIDTH  600
#define HEIGHT 450

typedef struct {
  CsSample *samples;
  gsize n;
  CsIndices indices;
} Beat;

/* One steady-state beat of @demo under @therapy. */
static void simulate(const char *demo, const CsTherapy *therapy, Beat *beat)
{
  g_autoptr(CtTwin) twin = ct_twin_new_from_demo(demo, NULL);
  CsSteadyStateOptions options;
  CsSteadyStateResult result;
  CsModel *model = cs_model_new(ct_twin_get_params(twin), therapy, NULL);

  g_assert_nonnull(model);
  cs_steady_state_options_default(&options);
  g_assert_cmpint(cs_model_run_to_steady_state(model, &options, &result, NULL), ==, CS_OK);
  beat->n = cs_model_waveform(model, NULL, 0);
  beat->samples = g_new(CsSample, beat->n);
  cs_model_waveform(model, beat->samples, beat->n);
  beat->indices = *cs_model_indices(model);
  cs_model_free(model);
}

typedef struct {
  Beat baseline, plan;
  CtPlotBeat baseline_beat, plan_beat;
} Fixture;

/* hfref-lbbb as it is, and with CRT (lateral LV lead): the plan's loop moves left and up. */
static void fixture_set_up(Fixture *f, gconstpointer data)
{
  CsTherapy therapy;

  cs_therapy_default(&therapy);
  simulate("hfref-lbbb", &therapy, &f->baseline);
  therapy.pacing.mode = CS_PACING_CRT;
  therapy.pacing.rate_bpm = 60.0;
  therapy.pacing.av_delay_ms = 120.0;
  therapy.pacing.lv_lead_segment = 11;
  therapy.pacing.rv_lead_site = CS_RV_LEAD_APEX;
  simulate("hfref-lbbb", &therapy, &f->plan);
  f->baseline_beat = (CtPlotBeat){f->baseline.samples, f->baseline.n};
  f->plan_beat = (CtPlotBeat){f->plan.samples, f->plan.n};
}

static void fixture_tear_down(Fixture *f, gconstpointer data)
{
  g_free(f->baseline.samples);
  g_free(f->plan.samples);
}

/* CT_PLOT_SCREENSHOTS=DIR: the drawings as PNG, to look at them. */
static void save_for_eyes(cairo_surface_t *surface, const char *name)
{
  const char *dir = g_getenv("CT_PLOT_SCREENSHOTS");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  path = g_build_filename(dir, name, NULL);
  cairo_surface_write_to_png(surface, path);
}

static void pixel_at(cairo_surface_t *surface, double x, double y, double rgb[3])
{
  int stride = cairo_image_surface_get_stride(surface);
  const guint8 *data = cairo_image_surface_get_data(surface);
  int ix = (int)lround(x), iy = (int)lround(y);
  guint32 p;

  cairo_surface_flush(surface);
  g_assert_cmpint(ix, >=, 0);
  g_assert_cmpint(iy, >=, 0);
  g_assert_cmpint(ix, <, cairo_image_surface_get_width(surface));
  g_assert_cmpint(iy, <, cairo_image_surface_get_height(surface));
  p = *(const guint32 *)(const void *)(data + iy * stride + 4 * ix);
  rgb[0] = ((p >> 16) & 0xff) / 255.0;
  rgb[1] = ((p >> 8) & 0xff) / 255.0;
  rgb[2] = (p & 0xff) / 255.0;
}

static double distance(const double a[3], const double b[3])
{
  return sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
              (a[2] - b[2]) * (a[2] - b[2]));
}

/* The closest colour to @want within 2 px of (@x, @y) (lines are antialiased). */
static double nearest_colour(cairo_surface_t *surface, double x, double y, const double want[3])
{
  double best = G_MAXDOUBLE;

  for (int dy = -2; dy <= 2; dy++)
    for (int dx = -2; dx <= 2; dx++) {
      double rgb[3];

      pixel_at(surface, x + dx, y + dy, rgb);
      best = MIN(best, distance(rgb, want));
    }
  return best;
}

/* The sample where the ventricle is fullest (end-diastole). */
static const CsSample *end_diastole(const Beat *beat)
{
  const CsSample *best = &beat->samples[0];

  for (gsize i = 1; i < beat->n; i++)
    if (beat->samples[i].lv_volume_ml > best->lv_volume_ml)
      best = &beat->samples[i];
  return best;
}

static void check_loop(Fixture *f, gboolean dark, double scale)
{
  cairo_surface_t *surface =
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)(WIDTH * scale), (int)(HEIGHT * scale));
  cairo_t *cr;
  CtPlotStyle style;
  double plan_colour[3], corner[3], x, y;
  double grey[3];
  const CsSample *ed = end_diastole(&f->plan);
  const CsSample *base_ed = end_diastole(&f->baseline);
  CtPlotPvRelations relations = {0.85, 20.0, 0.12, 0.029, 55.0};

  cairo_surface_set_device_scale(surface, scale, scale);
  cr = cairo_create(surface);
  ct_plot_style_default(&style);
  style.dark = dark;
  ct_plot_pv_loop(cr, WIDTH, HEIGHT, &style, CT_PLOT_LEFT_VENTRICLE, &f->baseline_beat,
                  &f->plan_beat, &relations);
  cairo_destroy(cr);
  save_for_eyes(surface, dark ? "pv-loop-dark.png" : scale > 1.0 ? "pv-loop-hidpi.png"
                                                                  : "pv-loop-light.png");

  /* Background of the style. */
  pixel_at(surface, WIDTH * scale - 2, 2, corner);
  if (dark)
    g_assert_cmpfloat(corner[0], <, 0.5);
  else
    g_assert_cmpfloat(corner[0], >, 0.5);

  /* The plan's end-diastolic point is on a line of the plan's colour. */
  ct_plot_trace_colour(CT_TRACE_AORTIC_PRESSURE, dark, plan_colour);
  ct_plot_pv_loop_point(WIDTH, HEIGHT, &style, CT_PLOT_LEFT_VENTRICLE, &f->baseline_beat,
                        &f->plan_beat, ed->lv_volume_ml, ed->lv_pressure_mmhg, &x, &y);
  g_assert_cmpfloat(nearest_colour(surface, x * scale, y * scale, plan_colour), <, 0.15);

  /* The baseline's end-diastolic point (CRT moved it) is grey. */
  ct_plot_pv_loop_point(WIDTH, HEIGHT, &style, CT_PLOT_LEFT_VENTRICLE, &f->baseline_beat,
                        &f->plan_beat, base_ed->lv_volume_ml, base_ed->lv_pressure_mmhg, &x, &y);
  {
    double rgb[3];

    pixel_at(surface, x * scale, y * scale, rgb);
    /* Grey: no hue (the three channels alike), and not the background. */
    g_assert_cmpfloat(fabs(rgb[0] - rgb[1]) + fabs(rgb[1] - rgb[2]), <, 0.08);
    grey[0] = grey[1] = grey[2] = rgb[0];
    g_assert_cmpfloat(distance(grey, corner), >, 0.15);
  }
  cairo_surface_destroy(surface);
}

static void test_loop_light(Fixture *f, gconstpointer data)
{
  /* The plan differs from the baseline as the engine says (CRT: smaller end-systolic volume). */
  g_assert_cmpfloat(f->plan.indices.lvesv_ml, <, f->baseline.indices.lvesv_ml);
  check_loop(f, FALSE, 1.0);
}

static void test_loop_dark(Fixture *f, gconstpointer data)
{
  check_loop(f, TRUE, 1.0);
}

static void test_loop_hidpi(Fixture *f, gconstpointer data)
{
  check_loop(f, FALSE, 2.0);
}

/* Traces: the aortic pressure's peak is drawn in the aortic colour where it should be. */
static void test_traces(Fixture *f, gconstpointer data)
{
  cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create(surface);
  CtPlotStyle style;
  double colour[3];
  double rgb[3];

  ct_plot_style_default(&style);
  ct_plot_traces(cr, WIDTH, HEIGHT, &style,
                 1u << CT_TRACE_AORTIC_PRESSURE | 1u << CT_TRACE_LV_PRESSURE |
                     1u << CT_TRACE_LA_PRESSURE,
                 &f->baseline_beat, &f->plan_beat);
  cairo_destroy(cr);
  save_for_eyes(surface, "traces.png");
  ct_plot_trace_colour(CT_TRACE_AORTIC_PRESSURE, FALSE, colour);
  /* Somewhere in the plot area there are pixels of each of the three colours. */
  for (int t = CT_TRACE_AORTIC_PRESSURE; t <= CT_TRACE_LA_PRESSURE; t++) {
    double best = G_MAXDOUBLE;

    ct_plot_trace_colour((CtTrace)t, FALSE, colour);
    for (int y = 0; y < HEIGHT; y += 1)
      for (int x = 0; x < WIDTH; x += 1) {
        pixel_at(surface, x, y, rgb);
        best = MIN(best, distance(rgb, colour));
      }
    g_assert_cmpfloat(best, <, 0.05);
  }
  cairo_surface_destroy(surface);
}

/* Nothing to draw: axes only, no crash; and the same code draws a PDF page for the report. */
static void test_empty_and_pdf(Fixture *f, gconstpointer data)
{
  cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create(surface);
  g_autofree char *dir = g_dir_make_tmp("test-plots-XXXXXX", NULL);
  g_autofree char *path = g_build_filename(dir, "loop.pdf", NULL);
  g_autofree char *contents = NULL;
  CtPlotStyle style;
  gsize length = 0;

  ct_plot_style_default(&style);
  ct_plot_pv_loop(cr, WIDTH, HEIGHT, &style, CT_PLOT_RIGHT_VENTRICLE, NULL, NULL, NULL);
  ct_plot_traces(cr, WIDTH, HEIGHT, &style, 1u << CT_TRACE_RV_VOLUME, NULL, NULL);
  g_assert_cmpint(cairo_status(cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy(cr);
  cairo_surface_destroy(surface);

  surface = cairo_pdf_surface_create(path, WIDTH, HEIGHT);
  cr = cairo_create(surface);
  ct_plot_pv_loop(cr, WIDTH, HEIGHT, &style, CT_PLOT_LEFT_VENTRICLE, &f->baseline_beat,
                  &f->plan_beat, NULL);
  cairo_show_page(cr);
  g_assert_cmpint(cairo_status(cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
  g_assert_true(g_file_get_contents(path, &contents, &length, NULL));
  g_assert_cmpuint(length, >, 1000);
  g_assert_true(g_str_has_prefix(contents, "%PDF-"));
  g_remove(path);
  g_rmdir(dir);
}

int main(int argc, char **argv)
{
  int status;

  g_test_init(&argc, &argv, NULL);
  g_test_add("/plots/pv-loop/light", Fixture, NULL, fixture_set_up, test_loop_light,
             fixture_tear_down);
  g_test_add("/plots/pv-loop/dark", Fixture, NULL, fixture_set_up, test_loop_dark,
             fixture_tear_down);
  g_test_add("/plots/pv-loop/hidpi", Fixture, NULL, fixture_set_up, test_loop_hidpi,
             fixture_tear_down);
  g_test_add("/plots/traces", Fixture, NULL, fixture_set_up, test_traces, fixture_tear_down);
  g_test_add("/plots/empty-and-pdf", Fixture, NULL, fixture_set_up, test_empty_and_pdf,
             fixture_tear_down);
  status = g_test_run();
  /* Pango, cairo and fontconfig keep process-wide caches; free them so that the sanitizer build's
   * leak check sees only what the plots themselves would leak. */
  pango_cairo_font_map_set_default(NULL);
  cairo_debug_reset_static_data();
  FcFini();
  return status;
}

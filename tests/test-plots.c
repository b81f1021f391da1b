/* test-plots.c — the cairo plots: the plan's loop in its colour over the grey baseline where the
 * engine's numbers put it, axes fitted to both, pressure in mmHg or kPa, dark style, HiDPI, and the
 * same drawing into a PDF; the AHA bullseye's geometry, orientation, colours and lead markers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "ct-plot.h"
#include "ct-twin.h"

#define WIDTH  600
#define HEIGHT 450

typedef struct {
  CsSample *samples;
  gsize n;
  CsIndices indices;
  double activation_ms[CS_AHA_SEGMENTS];
  double scar[CS_AHA_SEGMENTS];
} Beat;

/* One steady-state beat of @demo under @therapy, with its segments' activation and scar. */
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
  cs_model_segment_activation_ms(model, beat->activation_ms);
  for (int s = 0; s < CS_AHA_SEGMENTS; s++)
    beat->scar[s] = ct_twin_get_scar(twin, s + 1);
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
  save_for_eyes(surface, dark          ? "pv-loop-dark.png"
                         : scale > 1.0 ? "pv-loop-hidpi.png"
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

/* Plans compared: the baseline and four plans (the CRT plan, and copies of it moved up and right
 * so that the loops stand apart), each loop in its colour at its end-diastolic point, the
 * baseline grey, a legend row of each plan's colour; the baseline alone (n = 1) draws too. */
static void test_loops_compared(Fixture *f, gconstpointer data)
{
  cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  CsSample *moved[CT_PLOT_MAX_PLANS - 1];
  CtPlotBeat plans[CT_PLOT_MAX_PLANS];
  const CtPlotBeat *beats[CT_PLOT_MAX_PLANS + 1] = {&f->baseline_beat};
  const char *labels[CT_PLOT_MAX_PLANS + 1] = {"Baseline", "CRT", "Plan B", "Plan C", "Plan D"};
  const CsSample *base_ed = end_diastole(&f->baseline), *base_es = &f->baseline.samples[0];
  const double grey[3] = {0.65, 0.65, 0.65};
  CtPlotStyle style;
  cairo_t *cr;
  double x, y, rgb[3], em;

  for (gsize i = 1; i < f->baseline.n; i++)
    if (f->baseline.samples[i].lv_volume_ml < base_es->lv_volume_ml)
      base_es = &f->baseline.samples[i];

  ct_plot_style_default(&style);
  em = style.font_size;
  plans[0] = f->plan_beat;
  for (guint k = 1; k < CT_PLOT_MAX_PLANS; k++) {
    moved[k - 1] = g_memdup2(f->plan.samples, f->plan.n * sizeof(CsSample));
    for (gsize i = 0; i < f->plan.n; i++) {
      moved[k - 1][i].lv_volume_ml += 60.0 * k;
      moved[k - 1][i].lv_pressure_mmhg += 35.0 * k;
    }
    plans[k] = (CtPlotBeat){moved[k - 1], f->plan.n};
  }
  for (guint k = 0; k < CT_PLOT_MAX_PLANS; k++)
    beats[k + 1] = &plans[k];

  cr = cairo_create(surface);
  ct_plot_pv_loops(cr, WIDTH, HEIGHT, &style, CT_PLOT_LEFT_VENTRICLE, beats, labels,
                   CT_PLOT_MAX_PLANS + 1);
  cairo_destroy(cr);
  save_for_eyes(surface, "pv-loops.png");

  /* The plans' colours are distinct. */
  for (guint a = 0; a < CT_PLOT_MAX_PLANS; a++)
    for (guint b = a + 1; b < CT_PLOT_MAX_PLANS; b++) {
      double ca[3], cb[3];

      ct_plot_pv_plan_colour(a, FALSE, ca);
      ct_plot_pv_plan_colour(b, FALSE, cb);
      g_assert_cmpfloat(distance(ca, cb), >, 0.3);
    }
  /* Each plan's end-diastolic point is on a line of its colour, on one pair of axes. */
  for (guint k = 0; k < CT_PLOT_MAX_PLANS; k++) {
    const CsSample *ed = end_diastole(&f->plan);
    double colour[3];

    ct_plot_pv_plan_colour(k, FALSE, colour);
    ct_plot_pv_loops_point(WIDTH, HEIGHT, &style, CT_PLOT_LEFT_VENTRICLE, beats,
                           CT_PLOT_MAX_PLANS + 1, ed->lv_volume_ml + 60.0 * k,
                           ed->lv_pressure_mmhg + 35.0 * k, &x, &y);
    g_assert_cmpfloat(nearest_colour(surface, x, y, colour), <, 0.15);
    /* The legend's row k + 1 (top right) holds a line of the same colour. */
    {
      double row_y = 1.0 * em + 0.6 * em + (k + 1) * 1.3 * em, best = G_MAXDOUBLE;

      for (int px = WIDTH / 2; px < WIDTH - 2; px++)
        for (int dy = -1; dy <= 1; dy++) {
          pixel_at(surface, px, row_y + dy, rgb);
          best = MIN(best, distance(rgb, colour));
        }
      g_assert_cmpfloat(best, <, 0.1);
    }
  }
  /* The baseline's end-systolic point (CRT empties the ventricle further) is grey: the ink at
   * 35 % on white. */
  ct_plot_pv_loops_point(WIDTH, HEIGHT, &style, CT_PLOT_LEFT_VENTRICLE, beats,
                         CT_PLOT_MAX_PLANS + 1, base_es->lv_volume_ml, base_es->lv_pressure_mmhg,
                         &x, &y);
  g_assert_cmpfloat(nearest_colour(surface, x, y, grey), <, 0.1);

  /* The baseline alone: its loop in grey, axes fitted to it. */
  cr = cairo_create(surface);
  ct_plot_pv_loops(cr, WIDTH, HEIGHT, &style, CT_PLOT_LEFT_VENTRICLE, beats, NULL, 1);
  cairo_destroy(cr);
  save_for_eyes(surface, "pv-loops-baseline.png");
  ct_plot_pv_loops_point(WIDTH, HEIGHT, &style, CT_PLOT_LEFT_VENTRICLE, beats, 1,
                         base_ed->lv_volume_ml, base_ed->lv_pressure_mmhg, &x, &y);
  g_assert_cmpfloat(nearest_colour(surface, x, y, grey), <, 0.1);

  for (guint k = 1; k < CT_PLOT_MAX_PLANS; k++)
    g_free(moved[k - 1]);
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

/* A trace that runs through the legend's corner passes behind the legend: drawn at the height of
 * the legend's second row (Baseline, a dashed line), the plan's aortic pressure shows at full
 * colour left of the legend and not under the row's line, between its dashes. The plot is as
 * narrow as the app's, where the beat ends under the legend's columns. */
static void test_legend_halo(Fixture *f, gconstpointer data)
{
  const int width = 300, height = 225;
  const guint traces = 1u << CT_TRACE_AORTIC_PRESSURE;
  g_autofree CsSample *flat = g_memdup2(f->baseline.samples, f->baseline.n * sizeof(CsSample));
  CtPlotBeat plan = {flat, f->baseline.n};
  cairo_surface_t *surface;
  cairo_t *cr;
  CtPlotStyle style;
  double aorta[3], rgb[3], em, lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE, row1_y = -1.0, x_line = -1.0;
  double x, y_lo, y_hi, row2_y, value, end_x, unused;
  int longest = 0;

  ct_plot_style_default(&style);
  em = style.font_size;
  ct_plot_trace_colour(CT_TRACE_AORTIC_PRESSURE, FALSE, aorta);
  for (gsize i = 0; i < plan.n_samples; i++) {
    lo = MIN(lo, flat[i].aortic_pressure_mmhg);
    hi = MAX(hi, flat[i].aortic_pressure_mmhg);
  }

  /* The plan flat at the baseline's lowest pressure, out of the way: the legend's first row is the
   * row of the right half where the aortic colour runs longest (its line, 1.6 em). */
  for (gsize i = 0; i < plan.n_samples; i++)
    flat[i].aortic_pressure_mmhg = lo;
  surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create(surface);
  ct_plot_traces(cr, width, height, &style, traces, &f->baseline_beat, &plan);
  cairo_destroy(cr);
  for (int y = 0; y < height / 3; y++) {
    int run = 0, first = -1;

    for (int px = width / 2; px < width; px++) {
      pixel_at(surface, px, y, rgb);
      if (distance(rgb, aorta) < 0.15) {
        run++;
        if (first < 0)
          first = px;
      }
    }
    if (run > longest) {
      longest = run;
      row1_y = y;
      x_line = first;
    }
  }
  cairo_surface_destroy(surface);
  g_assert_cmpint(longest, >, (int)em);

  /* The pressure on the second row's height. The axes fit the data, so the plan is moved there a
   * few times, each time with the axes its own pressure gives. */
  row2_y = row1_y + 1.3 * em;
  value = hi;
  for (int k = 0; k < 4; k++) {
    double y_value;

    for (gsize i = 0; i < plan.n_samples; i++)
      flat[i].aortic_pressure_mmhg = value;
    ct_plot_traces_point(width, height, &style, traces, &f->baseline_beat, &plan, 0.0, lo, &unused,
                         &y_lo);
    ct_plot_traces_point(width, height, &style, traces, &f->baseline_beat, &plan, 0.0, hi, &unused,
                         &y_hi);
    ct_plot_traces_point(width, height, &style, traces, &f->baseline_beat, &plan, 0.0, value,
                         &unused, &y_value);
    value += (row2_y - y_value) * (hi - lo) / (y_hi - y_lo);
  }
  for (gsize i = 0; i < plan.n_samples; i++)
    flat[i].aortic_pressure_mmhg = value;
  {
    double y_value;

    ct_plot_traces_point(width, height, &style, traces, &f->baseline_beat, &plan, 0.0, value,
                         &unused, &y_value);
    g_assert_cmpfloat(fabs(y_value - row2_y), <, 1.0);
  }
  ct_plot_traces_point(width, height, &style, traces, &f->baseline_beat, &plan,
                       1000.0 * flat[plan.n_samples - 1].time_s, value, &end_x, &unused);
  g_assert_cmpfloat(end_x, >, x_line + 0.5 * em); /* the trace runs into the legend */

  surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create(surface);
  ct_plot_traces(cr, width, height, &style, traces, &f->baseline_beat, &plan);
  cairo_destroy(cr);
  save_for_eyes(surface, "traces-legend-halo.png");
  /* Left of the legend the trace is there, at full colour ... */
  g_assert_cmpfloat(nearest_colour(surface, x_line - 1.5 * em, row2_y, aorta), <, 0.15);
  /* ... and under the legend's line it is not. */
  for (x = x_line; x < MIN(end_x - 2.0, x_line + 1.6 * em); x += 1.0)
    for (int dy = -1; dy <= 1; dy++) {
      pixel_at(surface, x, row2_y + dy, rgb);
      g_assert_cmpfloat(distance(rgb, aorta), >, 0.3);
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

/* ------------------------------------------------------------------ pressure in kPa */

/* 1 kPa in mmHg (1 mmHg = 133.322387415 Pa). */
#define MMHG_PER_KPA (1000.0 / 133.322387415)

/* The share of the row at @y whose pixels are a grid line's faint grey on the white background
 * (ink at 10 %: 0.9), between @x0 and @x1. */
static double grid_share(cairo_surface_t *surface, double x0, double x1, double y)
{
  int n = 0, grid = 0;

  for (int x = (int)ceil(x0); x < (int)floor(x1); x++) {
    double rgb[3];

    pixel_at(surface, x, round(y), rgb);
    n++;
    if (fabs(rgb[0] - 0.9) < 0.03 && fabs(rgb[1] - 0.9) < 0.03 && fabs(rgb[2] - 0.9) < 0.03)
      grid++;
  }
  return n > 0 ? (double)grid / n : 0.0;
}

/* The loop in mmHg and in kPa: the data stay in mmHg (ct_plot_pv_loop_point takes mmHg) and land
 * on the loop and the ESPVR as drawn in either unit; the ticks are round in the unit shown (a grid
 * line at 10 kPa, none at 100 mmHg = 13.3 kPa; in mmHg the other way round); zero is where it
 * was. */
static void test_loop_kpa(Fixture *f, gconstpointer data)
{
  /* An ESPVR that crosses this dilated LV's plot (Vd 170 ml) from bottom to top. */
  CtPlotPvRelations relations = {2.0, 170.0, 0.12, 0.029, 55.0};
  const CsSample *ed = end_diastole(&f->plan);
  double zero_y[2], plan_colour[3], ink[3] = {0.55, 0.55, 0.55};
  CtPlotStyle style;

  ct_plot_style_default(&style);
  g_assert_false(style.pressure_kpa);
  ct_plot_trace_colour(CT_TRACE_AORTIC_PRESSURE, FALSE, plan_colour);
  for (int kpa = 0; kpa <= 1; kpa++) {
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
    cairo_t *cr = cairo_create(surface);
    double x, y, left, right, share, top_p = 0.0;
    int on_line = 0, tried = 0;

    style.pressure_kpa = kpa;
    ct_plot_pv_loop(cr, WIDTH, HEIGHT, &style, CT_PLOT_LEFT_VENTRICLE, NULL, &f->plan_beat,
                    &relations);
    g_assert_cmpint(cairo_status(cr), ==, CAIRO_STATUS_SUCCESS);
    cairo_destroy(cr);
    save_for_eyes(surface, kpa ? "pv-loop-kpa.png" : "pv-loop-mmhg.png");

    /* The end-diastolic point and the peak pressure on the loop. */
    ct_plot_pv_loop_point(WIDTH, HEIGHT, &style, CT_PLOT_LEFT_VENTRICLE, NULL, &f->plan_beat,
                          ed->lv_volume_ml, ed->lv_pressure_mmhg, &x, &y);
    g_assert_cmpfloat(nearest_colour(surface, x, y, plan_colour), <, 0.15);
    for (gsize i = 0; i < f->plan.n; i++)
      if (f->plan.samples[i].lv_pressure_mmhg > top_p) {
        top_p = f->plan.samples[i].lv_pressure_mmhg;
        ct_plot_pv_loop_point(WIDTH, HEIGHT, &style, CT_PLOT_LEFT_VENTRICLE, NULL, &f->plan_beat,
                              f->plan.samples[i].lv_volume_ml, top_p, &x, &y);
      }
    g_assert_cmpfloat(nearest_colour(surface, x, y, plan_colour), <, 0.15);

    /* Zero pressure, and the grid: the plot area spans the volumes' round ticks. */
    ct_plot_pv_loop_point(WIDTH, HEIGHT, &style, CT_PLOT_LEFT_VENTRICLE, NULL, &f->plan_beat, 0.0,
                          0.0, &left, &zero_y[kpa]);
    left = MAX(left, 0.0);
    right = WIDTH - 12.0;
    ct_plot_pv_loop_point(WIDTH, HEIGHT, &style, CT_PLOT_LEFT_VENTRICLE, NULL, &f->plan_beat, 0.0,
                          10.0 * MMHG_PER_KPA, &x, &y);
    share = grid_share(surface, 60.0, right, y);
    if (kpa)
      g_assert_cmpfloat(share, >, 0.5);
    else
      g_assert_cmpfloat(share, <, 0.5);
    ct_plot_pv_loop_point(WIDTH, HEIGHT, &style, CT_PLOT_LEFT_VENTRICLE, NULL, &f->plan_beat, 0.0,
                          100.0, &x, &y);
    share = grid_share(surface, 60.0, right, y);
    if (kpa)
      g_assert_cmpfloat(share, <, 0.5);
    else
      g_assert_cmpfloat(share, >, 0.5);

    /* The ESPVR, P = Ees (V - Vd) in mmHg, dashed in grey where the axes put it. */
    for (double p = 10.0; p < top_p; p += top_p / 12.0) {
      ct_plot_pv_loop_point(WIDTH, HEIGHT, &style, CT_PLOT_LEFT_VENTRICLE, NULL, &f->plan_beat,
                            relations.dead_volume_ml + p / relations.end_systolic_elastance_mmhg_ml,
                            p, &x, &y);
      if (x < 60.0 || x > right)
        continue;
      tried++;
      on_line += nearest_colour(surface, x, y, ink) < 0.12;
    }
    g_assert_cmpint(tried, >=, 3);
    g_assert_cmpint(on_line, >=, tried - 1);
    cairo_surface_destroy(surface);
  }
  g_assert_cmpfloat(fabs(zero_y[0] - zero_y[1]), <, 1e-9);
}

/* Traces in kPa: the aortic systolic peak (mmHg in the data) is drawn where the kPa axis puts it,
 * and that axis has a grid line at 10 kPa. */
static void test_traces_kpa(Fixture *f, gconstpointer data)
{
  cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create(surface);
  guint traces = 1u << CT_TRACE_AORTIC_PRESSURE | 1u << CT_TRACE_LA_PRESSURE;
  const CsSample *peak = &f->plan.samples[0];
  double colour[3], x, y;
  CtPlotStyle style;

  ct_plot_style_default(&style);
  style.pressure_kpa = TRUE;
  ct_plot_traces(cr, WIDTH, HEIGHT, &style, traces, NULL, &f->plan_beat);
  cairo_destroy(cr);
  save_for_eyes(surface, "traces-kpa.png");
  for (gsize i = 0; i < f->plan.n; i++)
    if (f->plan.samples[i].aortic_pressure_mmhg > peak->aortic_pressure_mmhg)
      peak = &f->plan.samples[i];
  ct_plot_trace_colour(CT_TRACE_AORTIC_PRESSURE, FALSE, colour);
  ct_plot_traces_point(WIDTH, HEIGHT, &style, traces, NULL, &f->plan_beat, peak->time_s * 1000.0,
                       peak->aortic_pressure_mmhg, &x, &y);
  g_assert_cmpfloat(nearest_colour(surface, x, y, colour), <, 0.15);
  ct_plot_traces_point(WIDTH, HEIGHT, &style, traces, NULL, &f->plan_beat, 0.0, 10.0 * MMHG_PER_KPA,
                       &x, &y);
  g_assert_cmpfloat(grid_share(surface, 60.0, WIDTH - 12.0, y), >, 0.5);
  cairo_surface_destroy(surface);
}

/* ------------------------------------------------------------------ bullseye */

/* ischemic-scar as it is: LBBB (septum early, lateral wall late) and transmural scar in 5, 11 and
 * 16. */
typedef struct {
  Beat beat;
} BullseyeFixture;

static void bullseye_set_up(BullseyeFixture *f, gconstpointer data)
{
  CsTherapy therapy;

  cs_therapy_default(&therapy);
  simulate("ischemic-scar", &therapy, &f->beat);
}

static void bullseye_tear_down(BullseyeFixture *f, gconstpointer data)
{
  g_free(f->beat.samples);
}

static const double sizes[][2] = {{520, 360}, {300, 420}, {900, 300}, {160, 160}};

/* Every segment's centre is in that segment, at every size; outside the disc is 0. */
static void test_bullseye_geometry(void)
{
  CtPlotStyle style;

  ct_plot_style_default(&style);
  for (gsize i = 0; i < G_N_ELEMENTS(sizes); i++) {
    double w = sizes[i][0], h = sizes[i][1], x, y, cx, cy, r = 0.0;

    for (int s = 1; s <= CS_AHA_SEGMENTS; s++) {
      g_assert_true(ct_plot_bullseye_segment_centre(w, h, &style, s, &x, &y));
      g_assert_cmpfloat(x, >, 0.0);
      g_assert_cmpfloat(x, <, w);
      g_assert_cmpfloat(y, >, 0.0);
      g_assert_cmpfloat(y, <, h);
      g_assert_cmpint(ct_plot_bullseye_segment_at(w, h, &style, x, y), ==, s);
    }
    g_assert_false(ct_plot_bullseye_segment_centre(w, h, &style, 0, &x, &y));
    g_assert_false(ct_plot_bullseye_segment_centre(w, h, &style, 18, &x, &y));
    g_assert_cmpint(ct_plot_bullseye_segment_at(w, h, &style, 1.0, 1.0), ==, 0);
    g_assert_cmpint(ct_plot_bullseye_segment_at(w, h, &style, w - 1.0, h - 1.0), ==, 0);
    g_assert_cmpint(ct_plot_bullseye_segment_at(w, h, &style, -50.0, h / 2.0), ==, 0);
    g_assert_cmpint(ct_plot_bullseye_segment_at(w, h, &style, NAN, 0.0), ==, 0);

    /* Straight up from the apex: 17, 13, 7, 1, then outside for good, and the disc's edge as far
     * to the right and below as above. */
    ct_plot_bullseye_segment_centre(w, h, &style, 17, &cx, &cy);
    {
      int expect[] = {17, 13, 7, 1, 0}, k = 0;

      for (double d = 0.0; cy - d > 0.0; d += 0.25) {
        int s = ct_plot_bullseye_segment_at(w, h, &style, cx, cy - d);

        if (s != expect[k]) {
          k++;
          g_assert_cmpint(k, <, (int)G_N_ELEMENTS(expect));
          g_assert_cmpint(s, ==, expect[k]);
          if (s == 0)
            r = d;
        }
      }
      g_assert_cmpint(expect[k], ==, 0);
    }
    g_assert_cmpint(ct_plot_bullseye_segment_at(w, h, &style, cx + r - 1.0, cy), ==, 6);
    g_assert_cmpint(ct_plot_bullseye_segment_at(w, h, &style, cx + r + 1.0, cy), ==, 0);
    g_assert_cmpint(ct_plot_bullseye_segment_at(w, h, &style, cx, cy + r - 1.0), ==, 4);
    g_assert_cmpint(ct_plot_bullseye_segment_at(w, h, &style, cx, cy + r + 1.0), ==, 0);
  }
}

/* The standard orientation (Cerqueira 2002): anterior (1, 7, 13) at the top, septum (2, 3, 8, 9,
 * 14) on the left, inferior (4, 10, 15) at the bottom, lateral (5, 6, 11, 12, 16) on the right,
 * numbered counter-clockwise; the mid ring inside the basal one. */
static void test_bullseye_orientation(void)
{
  double x[CS_AHA_SEGMENTS + 1], y[CS_AHA_SEGMENTS + 1];
  CtPlotStyle style;

  ct_plot_style_default(&style);
  for (int s = 1; s <= CS_AHA_SEGMENTS; s++)
    ct_plot_bullseye_segment_centre(520, 360, &style, s, &x[s], &y[s]);
  for (int ring = 0; ring <= 6; ring += 6) {
    g_assert_cmpfloat(fabs(x[1 + ring] - x[17]), <, 1e-6); /* anterior: straight above */
    g_assert_cmpfloat(y[1 + ring], <, y[17]);
    g_assert_cmpfloat(fabs(x[4 + ring] - x[17]), <, 1e-6); /* inferior: straight below */
    g_assert_cmpfloat(y[4 + ring], >, y[17]);
    g_assert_cmpfloat(x[2 + ring], <, x[17]); /* septal on the left */
    g_assert_cmpfloat(x[3 + ring], <, x[17]);
    g_assert_cmpfloat(y[2 + ring], <, y[3 + ring]); /* anteroseptal above inferoseptal */
    g_assert_cmpfloat(x[5 + ring], >, x[17]);       /* lateral on the right */
    g_assert_cmpfloat(x[6 + ring], >, x[17]);
    g_assert_cmpfloat(y[6 + ring], <, y[5 + ring]); /* anterolateral above inferolateral */
  }
  for (int s = 1; s <= 6; s++) {
    double basal = hypot(x[s] - x[17], y[s] - y[17]),
           mid = hypot(x[s + 6] - x[17], y[s + 6] - y[17]);

    g_assert_cmpfloat(mid, <, basal);
    /* The same direction from the apex. */
    g_assert_cmpfloat(
        fabs(atan2(y[s] - y[17], x[s] - x[17]) - atan2(y[s + 6] - y[17], x[s + 6] - x[17])), <,
        1e-9);
  }
  g_assert_cmpfloat(y[13], <, y[17]);
  g_assert_cmpfloat(fabs(x[13] - x[17]), <, 1e-6);
  g_assert_cmpfloat(x[14], <, x[17]);
  g_assert_cmpfloat(fabs(y[14] - y[17]), <, 1e-6);
  g_assert_cmpfloat(y[15], >, y[17]);
  g_assert_cmpfloat(fabs(x[15] - x[17]), <, 1e-6);
  g_assert_cmpfloat(x[16], >, x[17]);
  g_assert_cmpfloat(fabs(y[16] - y[17]), <, 1e-6);
}

/* The clinical names, for tooltips. */
static void test_bullseye_names(void)
{
  g_assert_cmpstr(ct_plot_aha_segment_name(1), ==, "basal anterior");
  g_assert_cmpstr(ct_plot_aha_segment_name(3), ==, "basal inferoseptal");
  g_assert_cmpstr(ct_plot_aha_segment_name(11), ==, "mid inferolateral");
  g_assert_cmpstr(ct_plot_aha_segment_name(14), ==, "apical septal");
  g_assert_cmpstr(ct_plot_aha_segment_name(17), ==, "apex");
  g_assert_null(ct_plot_aha_segment_name(0));
  g_assert_null(ct_plot_aha_segment_name(18));
  for (int s = 1; s <= CS_AHA_SEGMENTS; s++)
    for (int t = s + 1; t <= CS_AHA_SEGMENTS; t++)
      g_assert_cmpstr(ct_plot_aha_segment_name(s), !=, ct_plot_aha_segment_name(t));
}

/* The colour that covers most of @segment's pixels near its centre (values and numbers are small,
 * the fill is flat). */
static void segment_fill(cairo_surface_t *surface, double w, double h, const CtPlotStyle *style,
                         int segment, double rgb[3])
{
  g_autoptr(GHashTable) counts = g_hash_table_new(NULL, NULL);
  int stride = cairo_image_surface_get_stride(surface);
  const guint8 *pixels = cairo_image_surface_get_data(surface);
  guint best = 0, best_count = 0;
  double cx, cy;

  cairo_surface_flush(surface);
  ct_plot_bullseye_segment_centre(w, h, style, segment, &cx, &cy);
  for (int y = (int)cy - 25; y <= (int)cy + 25; y++)
    for (int x = (int)cx - 25; x <= (int)cx + 25; x++) {
      guint p, count;

      if (ct_plot_bullseye_segment_at(w, h, style, x + 0.5, y + 0.5) != segment)
        continue;
      p = *(const guint32 *)(const void *)(pixels + y * stride + 4 * x) & 0xffffff;
      count = GPOINTER_TO_UINT(g_hash_table_lookup(counts, GUINT_TO_POINTER(p))) + 1;
      g_hash_table_insert(counts, GUINT_TO_POINTER(p), GUINT_TO_POINTER(count));
      if (count > best_count) {
        best_count = count;
        best = p;
      }
    }
  g_assert_cmpuint(best_count, >, 100);
  rgb[0] = ((best >> 16) & 0xff) / 255.0;
  rgb[1] = ((best >> 8) & 0xff) / 255.0;
  rgb[2] = (best & 0xff) / 255.0;
}

static double luminance(const double rgb[3])
{
  double l = 0.0, weights[3] = {0.2126, 0.7152, 0.0722};

  for (int i = 0; i < 3; i++)
    l += weights[i] * (rgb[i] <= 0.04045 ? rgb[i] / 12.92 : pow((rgb[i] + 0.055) / 1.055, 2.4));
  return l;
}

static cairo_surface_t *draw_bullseye(double w, double h, const CtPlotStyle *style,
                                      const CtBullseye *data)
{
  cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)w, (int)h);
  cairo_t *cr = cairo_create(surface);

  ct_plot_bullseye(cr, w, h, style, data);
  g_assert_cmpint(cairo_status(cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy(cr);
  return surface;
}

/* Activation: on a scale from the earliest to the latest segment, the earliest is viridis' first
 * colour (#440154), the latest its last (#fde725), every segment the colour the map gives its time
 * and the lighter the later (viridis rises in lightness). LBBB: septum early, lateral wall late. */
static void test_bullseye_activation(BullseyeFixture *f, gconstpointer data)
{
  const double *ms = f->beat.activation_ms;
  const double first[3] = {0x44 / 255.0, 0x01 / 255.0, 0x54 / 255.0};
  const double last[3] = {0xfd / 255.0, 0xe7 / 255.0, 0x25 / 255.0};
  double lo, hi, fill[CS_AHA_SEGMENTS + 1][3];
  int earliest = 1, latest = 1;
  cairo_surface_t *surface;
  CtPlotStyle style;
  CtBullseye bullseye;

  for (int s = 1; s <= CS_AHA_SEGMENTS; s++) {
    earliest = ms[s - 1] < ms[earliest - 1] ? s : earliest;
    latest = ms[s - 1] > ms[latest - 1] ? s : latest;
  }
  g_assert_cmpfloat(ms[8] + 20.0, <, ms[10]); /* mid inferoseptal well before mid inferolateral */
  ct_plot_style_default(&style);
  ct_plot_bullseye_default(&bullseye);
  bullseye.activation_ms = ms;

  /* The default scale: from QRS onset to a round number at or above the latest. */
  ct_plot_bullseye_activation_scale(&bullseye, &lo, &hi);
  g_assert_cmpfloat(lo, ==, 0.0);
  g_assert_cmpfloat(hi, >=, ms[latest - 1]);
  g_assert_cmpfloat(hi, <, 1.5 * ms[latest - 1]);
  g_assert_cmpfloat(fmod(hi, 10.0), ==, 0.0);

  bullseye.activation_lo_ms = ms[earliest - 1];
  bullseye.activation_hi_ms = ms[latest - 1];
  surface = draw_bullseye(520, 360, &style, &bullseye);
  for (int s = 1; s <= CS_AHA_SEGMENTS; s++) {
    double want[3];

    segment_fill(surface, 520, 360, &style, s, fill[s]);
    g_assert_true(ct_plot_bullseye_segment_colour(&bullseye, s, want));
    g_assert_cmpfloat(distance(fill[s], want), <, 0.02);
  }
  g_assert_cmpfloat(distance(fill[earliest], first), <, 0.02);
  g_assert_cmpfloat(distance(fill[latest], last), <, 0.02);
  for (int s = 1; s <= CS_AHA_SEGMENTS; s++)
    for (int t = 1; t <= CS_AHA_SEGMENTS; t++)
      if (ms[s - 1] + 5.0 < ms[t - 1])
        g_assert_cmpfloat(luminance(fill[s]), <, luminance(fill[t]));
  /* Early: blue-violet (blue over green); late: yellow (red and green over blue). */
  g_assert_cmpfloat(fill[9][2], >, fill[9][1]);
  g_assert_cmpfloat(fill[11][1], >, fill[11][2]);
  cairo_surface_destroy(surface);

  /* Out of range and missing values: clamped to the ends; a NaN segment is not filled. */
  {
    double odd[CS_AHA_SEGMENTS];
    double rgb[3];

    memcpy(odd, ms, sizeof odd);
    odd[0] = NAN;
    odd[1] = -50.0;
    odd[2] = 1e6;
    bullseye.activation_ms = odd;
    g_assert_false(ct_plot_bullseye_segment_colour(&bullseye, 1, rgb));
    g_assert_true(ct_plot_bullseye_segment_colour(&bullseye, 2, rgb));
    g_assert_cmpfloat(distance(rgb, first), <, 0.01);
    g_assert_true(ct_plot_bullseye_segment_colour(&bullseye, 3, rgb));
    g_assert_cmpfloat(distance(rgb, last), <, 0.01);
    g_assert_false(ct_plot_bullseye_segment_colour(&bullseye, 0, rgb));
    surface = draw_bullseye(300, 300, &style, &bullseye);
    cairo_surface_destroy(surface);
  }
}

/* The marker's colour within @radius of (@x, @y): the closest pixel to it. */
static double nearest_in_disc(cairo_surface_t *surface, double x, double y, double radius,
                              const double want[3])
{
  double best = G_MAXDOUBLE;

  for (int dy = (int)-radius; dy <= (int)radius; dy++)
    for (int dx = (int)-radius; dx <= (int)radius; dx++) {
      double rgb[3];

      if (dx * dx + dy * dy > radius * radius)
        continue;
      pixel_at(surface, x + dx, y + dy, rgb);
      best = MIN(best, distance(rgb, want));
    }
  return best;
}

/* How many pixels of segment @segment have the colour @want (NULL: any colour). */
static int count_in_segment(cairo_surface_t *surface, double w, double h, const CtPlotStyle *style,
                            int segment, const double want[3])
{
  int n = 0;

  for (int y = 0; y < (int)h; y++)
    for (int x = 0; x < (int)w; x++) {
      double rgb[3];

      if (ct_plot_bullseye_segment_at(w, h, style, x + 0.5, y + 0.5) != segment)
        continue;
      pixel_at(surface, x, y, rgb);
      n += want == NULL || distance(rgb, want) < 0.04;
    }
  return n;
}

/* The LV lead's marker (the 3D view's blue) on its segment's centre and nowhere else; the RV
 * lead's (orange-yellow) at the apex' septal edge or the mid-septum. */
static void test_bullseye_leads(BullseyeFixture *f, gconstpointer data)
{
  const double lv[3] = {0.20, 0.55, 0.95}, rv[3] = {0.98, 0.70, 0.15};
  CtPlotStyle style;
  CtBullseye bullseye;
  double x, y;
  cairo_surface_t *surface;

  ct_plot_style_default(&style);
  ct_plot_bullseye_default(&bullseye);
  g_assert_cmpint(bullseye.rv_lead_site, ==, CT_BULLSEYE_NO_RV_LEAD);
  bullseye.activation_ms = f->beat.activation_ms;
  bullseye.scar_transmurality = f->beat.scar;

  /* No leads: no marker colour anywhere near the centres. */
  surface = draw_bullseye(520, 360, &style, &bullseye);
  for (int s = 1; s <= CS_AHA_SEGMENTS; s++) {
    ct_plot_bullseye_segment_centre(520, 360, &style, s, &x, &y);
    g_assert_cmpfloat(nearest_in_disc(surface, x, y, 4.0, lv), >, 0.1);
  }
  cairo_surface_destroy(surface);

  for (int lead = 1; lead <= CS_AHA_SEGMENTS; lead += 4) {
    bullseye.lv_lead_segment = lead;
    bullseye.rv_lead_site = (lead / 4) % 2 ? CS_RV_LEAD_APEX : CS_RV_LEAD_SEPTUM;
    surface = draw_bullseye(520, 360, &style, &bullseye);
    ct_plot_bullseye_segment_centre(520, 360, &style, lead, &x, &y);
    g_assert_cmpfloat(nearest_in_disc(surface, x, y, 4.0, lv), <, 0.02);
    for (int s = 1; s <= CS_AHA_SEGMENTS; s++)
      if (s != lead)
        g_assert_cmpint(count_in_segment(surface, 520, 360, &style, s, lv), ==, 0);
    /* Apex: on the border of 17 and 14; septum: on the border of 8 and 9. */
    if (bullseye.rv_lead_site == CS_RV_LEAD_APEX) {
      g_assert_cmpint(count_in_segment(surface, 520, 360, &style, 17, rv), >, 10);
      g_assert_cmpint(count_in_segment(surface, 520, 360, &style, 14, rv), >, 10);
      g_assert_cmpint(count_in_segment(surface, 520, 360, &style, 8, rv), ==, 0);
    } else {
      g_assert_cmpint(count_in_segment(surface, 520, 360, &style, 8, rv), >, 10);
      g_assert_cmpint(count_in_segment(surface, 520, 360, &style, 9, rv), >, 10);
      g_assert_cmpint(count_in_segment(surface, 520, 360, &style, 17, rv), ==, 0);
    }
    save_for_eyes(surface, lead == 13   ? "bullseye-leads-apex.png"
                           : lead == 17 ? "bullseye-leads-septum.png"
                                        : "bullseye-leads-other.png");
    cairo_surface_destroy(surface);
  }
}

/* Scar mode: healthy segments light, the scarred ones (5, 11, 16 at 90 %) dark, darker the more
 * transmural; in activation mode, the scar hatched: the scarred segments hold two colours, the
 * others one. */
static void test_bullseye_scar(BullseyeFixture *f, gconstpointer data)
{
  double scar[CS_AHA_SEGMENTS] = {0}, healthy[3], scarred[3], half[3], rgb[3];
  CtPlotStyle style;
  CtBullseye bullseye;
  cairo_surface_t *surface;

  memcpy(scar, f->beat.scar, sizeof scar);
  g_assert_cmpfloat(scar[4], >, 0.5);
  scar[0] = 0.45;
  ct_plot_style_default(&style);
  ct_plot_bullseye_default(&bullseye);
  bullseye.mode = CT_BULLSEYE_SCAR;
  bullseye.scar_transmurality = scar;
  bullseye.activation_ms = f->beat.activation_ms;
  surface = draw_bullseye(520, 360, &style, &bullseye);
  save_for_eyes(surface, "bullseye-scar-test.png");
  segment_fill(surface, 520, 360, &style, 9, healthy);
  segment_fill(surface, 520, 360, &style, 11, scarred);
  segment_fill(surface, 520, 360, &style, 1, half);
  g_assert_cmpfloat(luminance(healthy), >, 0.6);
  g_assert_cmpfloat(luminance(scarred), <, 0.1);
  g_assert_cmpfloat(luminance(half), <, luminance(healthy));
  g_assert_cmpfloat(luminance(half), >, luminance(scarred));
  /* Grey: no hue. */
  g_assert_cmpfloat(fabs(scarred[0] - scarred[2]) + fabs(half[0] - half[1]), <, 0.02);
  g_assert_true(ct_plot_bullseye_segment_colour(&bullseye, 11, rgb));
  g_assert_cmpfloat(distance(rgb, scarred), <, 0.02);
  cairo_surface_destroy(surface);

  /* Activation mode with the scar: hatching over 11 (its fill covers a part of it only), none
   * over 9 (its fill covers all of it but the value, the number and the borders). */
  bullseye.mode = CT_BULLSEYE_ACTIVATION;
  surface = draw_bullseye(520, 360, &style, &bullseye);
  save_for_eyes(surface, "bullseye-hatch-test.png");
  for (int s = 9; s <= 11; s += 2) {
    double fill[3], share;

    g_assert_true(ct_plot_bullseye_segment_colour(&bullseye, s, fill));
    share = (double)count_in_segment(surface, 520, 360, &style, s, fill) /
            count_in_segment(surface, 520, 360, &style, s, NULL);
    g_test_message("segment %d: %.3f of its pixels in its fill", s, share);
    if (s == 9)
      g_assert_cmpfloat(share, >, 0.8);
    else
      g_assert_cmpfloat(share, <, 0.7);
    g_assert_cmpfloat(share, >, 0.1);
  }
  cairo_surface_destroy(surface);
}

/* Values (a CRT search's predicted gain per LV lead segment): the best segment viridis' last
 * colour, the worst its first, each segment its value's colour and the better the lighter; a
 * segment without a value is not filled; excluded segments (transmural scar) grey and crossed,
 * with no value's colour; partial scar hatched over a value as in activation mode; the lead
 * markers drawn as before. */
static void test_bullseye_values(BullseyeFixture *f, gconstpointer data)
{
  const double first[3] = {0x44 / 255.0, 0x01 / 255.0, 0x54 / 255.0};
  const double last[3] = {0xfd / 255.0, 0xe7 / 255.0, 0x25 / 255.0};
  const double lv[3] = {0.20, 0.55, 0.95};
  double values[CS_AHA_SEGMENTS], scar[CS_AHA_SEGMENTS] = {0}, lo, hi, rgb[3], fill[3];
  double grey[3], x, y;
  gboolean excluded[CS_AHA_SEGMENTS] = {FALSE};
  CtPlotStyle style;
  CtBullseye bullseye;
  cairo_surface_t *surface;

  /* Lateral best, septal worst (LBBB), segments 5, 11 and 16 in transmural scar, 1 partly
   * scarred, 17 not evaluated. */
  for (int s = 1; s <= CS_AHA_SEGMENTS; s++)
    values[s - 1] = 2.0 + 1.5 * s - (s == 3 || s == 9 ? 12.0 : 0.0);
  values[11] = 31.0; /* 12 mid anterolateral: the best */
  values[16] = NAN;
  excluded[4] = excluded[10] = excluded[15] = TRUE;
  values[4] = values[10] = values[15] = NAN;
  memcpy(scar, f->beat.scar, sizeof scar);
  scar[0] = 0.3;

  ct_plot_style_default(&style);
  ct_plot_bullseye_default(&bullseye);
  bullseye.mode = CT_BULLSEYE_VALUES;
  bullseye.values = values;
  bullseye.values_title = "dP/dt max gain (%)";
  bullseye.excluded = excluded;
  bullseye.excluded_label = "Scar, not proposed";
  bullseye.scar_transmurality = scar;
  bullseye.lv_lead_segment = 12;
  bullseye.rv_lead_site = CS_RV_LEAD_APEX;

  /* The default scale: round numbers around the values. */
  ct_plot_bullseye_values_scale(&bullseye, &lo, &hi);
  g_assert_cmpfloat(lo, <=, values[2]);
  g_assert_cmpfloat(hi, >=, 31.0);
  g_assert_cmpfloat(hi - lo, <, 2.0 * (31.0 - values[2]));

  bullseye.values_lo = values[2];
  bullseye.values_hi = 31.0;
  surface = draw_bullseye(560, 380, &style, &bullseye);
  save_for_eyes(surface, "bullseye-values.png");
  for (int s = 1; s <= 16; s++) {
    double want[3];

    if (excluded[s - 1])
      continue;
    segment_fill(surface, 560, 380, &style, s, fill);
    g_assert_true(ct_plot_bullseye_segment_colour(&bullseye, s, want));
    g_assert_cmpfloat(distance(fill, want), <, 0.02);
    if (s == 3)
      g_assert_cmpfloat(distance(fill, first), <, 0.02);
  }
  g_assert_true(ct_plot_bullseye_segment_colour(&bullseye, 12, rgb));
  g_assert_cmpfloat(distance(rgb, last), <, 0.02);
  {
    double worse[3], better[3];

    g_assert_true(ct_plot_bullseye_segment_colour(&bullseye, 8, worse));
    g_assert_true(ct_plot_bullseye_segment_colour(&bullseye, 14, better));
    g_assert_cmpfloat(luminance(worse), <, luminance(better));
  }
  /* Not evaluated: no fill (the background shows). */
  g_assert_false(ct_plot_bullseye_segment_colour(&bullseye, 17, rgb));
  ct_plot_bullseye_segment_centre(560, 380, &style, 17, &x, &y);
  pixel_at(surface, x + 6.0, y + 6.0, rgb);
  g_assert_cmpfloat(luminance(rgb), >, 0.95);

  /* Excluded: grey (no hue), crossed: most of the segment its grey, a good part the cross' ink. */
  for (guint i = 0; i < 3; i++) {
    const int s = (const int[]){5, 11, 16}[i];
    int n_all, n_grey, n_ink;
    const double ink[3] = {0.0, 0.0, 0.0};

    g_assert_true(ct_plot_bullseye_segment_colour(&bullseye, s, grey));
    g_assert_cmpfloat(fabs(grey[0] - grey[1]) + fabs(grey[1] - grey[2]), <, 0.01);
    g_assert_cmpfloat(luminance(grey), >, 0.15);
    g_assert_cmpfloat(luminance(grey), <, 0.6);
    n_all = count_in_segment(surface, 560, 380, &style, s, NULL);
    n_grey = count_in_segment(surface, 560, 380, &style, s, grey);
    n_ink = 0;
    for (int yy = 0; yy < 380; yy++)
      for (int xx = 0; xx < 560; xx++) {
        if (ct_plot_bullseye_segment_at(560, 380, &style, xx + 0.5, yy + 0.5) != s)
          continue;
        pixel_at(surface, xx, yy, rgb);
        n_ink += distance(rgb, ink) < 0.35;
      }
    g_test_message("segment %d: %d pixels, %d grey, %d ink", s, n_all, n_grey, n_ink);
    g_assert_cmpfloat((double)n_grey / n_all, >, 0.5);
    g_assert_cmpfloat((double)n_ink / n_all, >, 0.03);
  }
  /* Partial scar hatched over its value: segment 1 holds more than its fill. */
  g_assert_true(ct_plot_bullseye_segment_colour(&bullseye, 1, fill));
  g_assert_cmpfloat((double)count_in_segment(surface, 560, 380, &style, 1, fill) /
                        count_in_segment(surface, 560, 380, &style, 1, NULL),
                    <, 0.8);
  /* The LV lead's marker on its segment's centre. */
  ct_plot_bullseye_segment_centre(560, 380, &style, 12, &x, &y);
  g_assert_cmpfloat(nearest_colour(surface, x, y, lv), <, 0.05);
  cairo_surface_destroy(surface);

  /* No values at all: nothing filled but the excluded; it draws (no legend bar). */
  for (int s = 0; s < CS_AHA_SEGMENTS; s++)
    values[s] = NAN;
  bullseye.values_lo = bullseye.values_hi = 0.0;
  g_assert_false(ct_plot_bullseye_segment_colour(&bullseye, 12, rgb));
  g_assert_true(ct_plot_bullseye_segment_colour(&bullseye, 11, rgb));
  surface = draw_bullseye(300, 420, &style, &bullseye);
  cairo_surface_destroy(surface);
}

/* Dark style: the background dark, the borders light; the highlight a thick outline in the ink. */
static void test_bullseye_dark_and_highlight(BullseyeFixture *f, gconstpointer data)
{
  CtPlotStyle style;
  CtBullseye bullseye;
  cairo_surface_t *surface, *surface_no;
  double rgb[3], x, y, cx, cy, r;

  ct_plot_style_default(&style);
  ct_plot_bullseye_default(&bullseye);
  bullseye.activation_ms = f->beat.activation_ms;
  for (int dark = 0; dark <= 1; dark++) {
    style.dark = dark;
    bullseye.highlighted_segment = 0;
    surface = draw_bullseye(520, 360, &style, &bullseye);
    pixel_at(surface, 2, 2, rgb);
    if (dark)
      g_assert_cmpfloat(rgb[0], <, 0.2);
    else
      g_assert_cmpfloat(rgb[0], >, 0.95);
    /* The rim of the disc: find where segment 1 ends straight above the centre; the border there
     * is ink (dark on light, light on dark). */
    ct_plot_bullseye_segment_centre(520, 360, &style, 17, &cx, &cy);
    for (r = 0.0; ct_plot_bullseye_segment_at(520, 360, &style, cx, cy - r) != 0; r += 0.5)
      ;
    {
      double ink[3] = {dark, dark, dark};

      g_assert_cmpfloat(nearest_colour(surface, cx, cy - r, ink), <, 0.5);
    }
    cairo_surface_destroy(surface);

    /* Highlight segment 4 (basal inferior): its inner border, between 4 and 10, turns to the
     * ink. */
    bullseye.highlighted_segment = 4;
    surface = draw_bullseye(520, 360, &style, &bullseye);
    save_for_eyes(surface, dark ? "bullseye-dark.png" : "bullseye-highlight.png");
    ct_plot_bullseye_segment_centre(520, 360, &style, 4, &x, &y);
    for (r = y; ct_plot_bullseye_segment_at(520, 360, &style, cx, r) == 4; r -= 0.5)
      ;
    {
      double ink[3] = {dark, dark, dark};

      g_assert_cmpfloat(nearest_colour(surface, cx, r, ink), <, 0.05);
      /* Not so without the highlight: a thin line at 75 % on a band of the background. */
      surface_no = draw_bullseye(520, 360, &style,
                                 &(CtBullseye){.activation_ms = f->beat.activation_ms,
                                               .rv_lead_site = CT_BULLSEYE_NO_RV_LEAD});
      g_assert_cmpfloat(nearest_colour(surface_no, cx, r, ink), >, 0.15);
      cairo_surface_destroy(surface_no);
    }
    cairo_surface_destroy(surface);
  }
}

/* The same bullseye on a PDF page for the report; and, for the eyes (CT_PLOT_SCREENSHOTS), the
 * activation and scar maps of ischemic-scar with a CRT plan's leads. */
static void test_bullseye_pdf(BullseyeFixture *f, gconstpointer data)
{
  g_autofree char *dir = g_dir_make_tmp("test-plots-XXXXXX", NULL);
  g_autofree char *path = g_build_filename(dir, "bullseye.pdf", NULL);
  g_autofree char *contents = NULL;
  cairo_surface_t *surface = cairo_pdf_surface_create(path, 520, 360);
  cairo_t *cr = cairo_create(surface);
  CtPlotStyle style;
  CtBullseye bullseye;
  gsize length = 0;

  ct_plot_style_default(&style);
  ct_plot_bullseye_default(&bullseye);
  /* Nothing to show, or a rectangle too small for anything: the outline only, no crash. */
  cairo_surface_destroy(draw_bullseye(300, 200, &style, &bullseye));
  cairo_surface_destroy(draw_bullseye(10, 4, &style, &bullseye));
  bullseye.activation_ms = f->beat.activation_ms;
  bullseye.scar_transmurality = f->beat.scar;
  cairo_surface_destroy(draw_bullseye(10, 4, &style, &bullseye));
  bullseye.lv_lead_segment = 12;
  bullseye.rv_lead_site = CS_RV_LEAD_APEX;
  ct_plot_bullseye(cr, 520, 360, &style, &bullseye);
  cairo_show_page(cr);
  bullseye.mode = CT_BULLSEYE_SCAR;
  ct_plot_bullseye(cr, 520, 360, &style, &bullseye);
  cairo_show_page(cr);
  g_assert_cmpint(cairo_status(cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  g_assert_cmpint(cairo_surface_status(surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy(surface);
  g_assert_true(g_file_get_contents(path, &contents, &length, NULL));
  g_assert_cmpuint(length, >, 1000);
  g_assert_true(g_str_has_prefix(contents, "%PDF-"));
  g_remove(path);
  g_rmdir(dir);

  if (g_getenv("CT_PLOT_SCREENSHOTS") != NULL) {
    const struct {
      CtBullseyeMode mode;
      double w, h;
      gboolean dark;
      const char *name;
    } shots[] = {
        {CT_BULLSEYE_ACTIVATION, 520, 360, FALSE, "bullseye-activation.png"},
        {CT_BULLSEYE_SCAR, 520, 360, FALSE, "bullseye-scar.png"},
        {CT_BULLSEYE_ACTIVATION, 300, 400, TRUE, "bullseye-activation-tall-dark.png"},
        {CT_BULLSEYE_ACTIVATION, 200, 160, FALSE, "bullseye-activation-small.png"},
        {CT_BULLSEYE_ACTIVATION, 880, 640, FALSE, "bullseye-activation-large.png"},
        {CT_BULLSEYE_SCAR, 360, 480, TRUE, "bullseye-scar-tall-dark.png"},
    };

    for (gsize i = 0; i < G_N_ELEMENTS(shots); i++) {
      bullseye.mode = shots[i].mode;
      style.dark = shots[i].dark;
      surface = draw_bullseye(shots[i].w, shots[i].h, &style, &bullseye);
      save_for_eyes(surface, shots[i].name);
      cairo_surface_destroy(surface);
    }
  }
}

/* ------------------------------------------------------------------ trends */

#define TREND_WIDTH  720
#define TREND_HEIGHT 540
#define TREND_DAYS   14
/* 2026-10-01 07:00 UTC: a morning reading. */
#define TREND_START_S ((gint64)1790838000)
#define DAY_S         ((gint64)86400)

typedef struct {
  CtPlotTrendPoint hr[TREND_DAYS + 1], sbp[TREND_DAYS], dbp[TREND_DAYS], weight[TREND_DAYS];
  CtPlotTrend series[4];
} Trends;

/* Two weeks of home monitoring: heart rate, blood pressure and weight each morning; the weight
 * 2.5 kg up over the last three days (flagged), and one heart rate far outside, a year before. */
static void trends_init(Trends *t)
{
  for (int d = 0; d < TREND_DAYS; d++) {
    gint64 at = TREND_START_S + d * DAY_S;

    t->hr[d] = (CtPlotTrendPoint){at, 68.0 + d % 5, FALSE};
    t->sbp[d] = (CtPlotTrendPoint){at, 118.0 + d, FALSE};
    t->dbp[d] = (CtPlotTrendPoint){at, 72.0 + d % 3, FALSE};
    t->weight[d] = (CtPlotTrendPoint){at - 1800, d < TREND_DAYS - 3 ? 80.0 + 0.05 * d : 82.5,
                                      d == TREND_DAYS - 1};
  }
  /* Moved to the front: the series are oldest first. */
  memmove(&t->hr[1], &t->hr[0], TREND_DAYS * sizeof t->hr[0]);
  t->hr[0] = (CtPlotTrendPoint){TREND_START_S - 365 * DAY_S, 150.0, FALSE};
  t->series[0] = (CtPlotTrend){CT_TREND_HEART_RATE, t->hr, TREND_DAYS + 1};
  t->series[1] = (CtPlotTrend){CT_TREND_SYSTOLIC, t->sbp, TREND_DAYS};
  t->series[2] = (CtPlotTrend){CT_TREND_DIASTOLIC, t->dbp, TREND_DAYS};
  t->series[3] = (CtPlotTrend){CT_TREND_WEIGHT, t->weight, TREND_DAYS};
}

static cairo_surface_t *draw_trends(const CtPlotStyle *style, const CtPlotTrend *series, guint n,
                                    const CtPlotTrendRange *range)
{
  cairo_surface_t *surface =
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, TREND_WIDTH, TREND_HEIGHT);
  cairo_t *cr = cairo_create(surface);

  ct_plot_trends(cr, TREND_WIDTH, TREND_HEIGHT, style, series, n, range);
  g_assert_cmpint(cairo_status(cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy(cr);
  return surface;
}

static void trend_point(const CtPlotStyle *style, const Trends *t, const CtPlotTrendRange *range,
                        CtTrendQuantity quantity, const CtPlotTrendPoint *point, double *x,
                        double *y)
{
  ct_plot_trends_point(TREND_WIDTH, TREND_HEIGHT, style, t->series, 4, range, quantity,
                       point->time_s, point->value, x, y);
}

/* How many pixels of the rectangle are within @tolerance of @rgb. */
static int count_colour(cairo_surface_t *surface, double x0, double y0, double x1, double y1,
                        const double rgb[3], double tolerance)
{
  int n = 0;

  for (int y = (int)MAX(y0, 0); y < (int)MIN(y1, cairo_image_surface_get_height(surface)); y++)
    for (int x = (int)MAX(x0, 0); x < (int)MIN(x1, cairo_image_surface_get_width(surface)); x++) {
      double c[3];

      pixel_at(surface, x, y, c);
      n += distance(c, rgb) < tolerance;
    }
  return n;
}

/* Every reading in the period lands where the mapping says, in its quantity's colour; the panels
 * stack heart rate, pressure, weight; the flagged weight is ringed; the twin's calibration is
 * marked; a reading outside the period neither shows nor stretches its axis. */
static void check_trends(gboolean dark, gboolean kpa)
{
  Trends t;
  CtPlotStyle style;
  CtPlotTrendRange range = {TREND_START_S - DAY_S, TREND_START_S + (TREND_DAYS - 1) * DAY_S,
                            TREND_START_S + 4 * DAY_S + 5 * 3600, NULL};
  cairo_surface_t *surface;
  double rgb[3], flag[3], x, y, hr_y, bp_y, weight_y;

  trends_init(&t);
  ct_plot_style_default(&style);
  style.dark = dark;
  style.pressure_kpa = kpa;
  surface = draw_trends(&style, t.series, 4, &range);
  save_for_eyes(surface, dark ? "trends-dark.png" : kpa ? "trends-kpa.png" : "trends-light.png");

  for (int q = 0; q < 4; q++) {
    const CtPlotTrend *series = &t.series[q];

    ct_plot_trend_colour(series->quantity, dark, rgb);
    for (gsize i = 0; i < series->n_points; i++) {
      if (series->points[i].time_s < range.from_s)
        continue;
      trend_point(&style, &t, &range, series->quantity, &series->points[i], &x, &y);
      g_assert_cmpfloat(x, >, 0.0);
      g_assert_cmpfloat(x, <, TREND_WIDTH);
      if (nearest_colour(surface, x, y, rgb) >= 0.12)
        g_error("quantity %d, reading %zu at (%.1f, %.1f) is not drawn there", q, i, x, y);
    }
  }
  /* One date axis: the same instant at the same x in every panel; panels top to bottom. */
  trend_point(&style, &t, &range, CT_TREND_HEART_RATE, &t.hr[5], &x, &hr_y);
  {
    double x2;

    trend_point(&style, &t, &range, CT_TREND_SYSTOLIC, &t.sbp[4], &x2, &bp_y);
    g_assert_cmpfloat(fabs(x2 - x), <, 1e-9);
  }
  trend_point(&style, &t, &range, CT_TREND_WEIGHT, &t.weight[4], &x, &weight_y);
  g_assert_cmpfloat(hr_y, <, bp_y);
  g_assert_cmpfloat(bp_y, <, weight_y);
  /* Systolic above diastolic, 46 mmHg apart, whatever the unit shown. */
  {
    double xs, ys, xd, yd, y_lo, y_hi;
    CtPlotTrendPoint lo = {TREND_START_S, 80.0, FALSE}, hi = {TREND_START_S, 120.0, FALSE};

    trend_point(&style, &t, &range, CT_TREND_SYSTOLIC, &t.sbp[6], &xs, &ys);
    trend_point(&style, &t, &range, CT_TREND_DIASTOLIC, &t.dbp[6], &xd, &yd);
    trend_point(&style, &t, &range, CT_TREND_SYSTOLIC, &lo, &x, &y_lo);
    trend_point(&style, &t, &range, CT_TREND_SYSTOLIC, &hi, &x, &y_hi);
    g_assert_cmpfloat(ys, <, yd);
    g_assert_cmpfloat(fabs((yd - ys) / (y_lo - y_hi) - (t.sbp[6].value - t.dbp[6].value) / 40.0), <,
                      1e-9);
    /* The bar between them, in the pressure's colour at half strength over the background. */
    ct_plot_trend_colour(CT_TREND_SYSTOLIC, dark, rgb);
    for (int i = 0; i < 3; i++)
      rgb[i] = 0.5 * rgb[i] + 0.5 * (dark ? 0.118 : 1.0);
    g_assert_cmpint(count_colour(surface, xs - 1, ys + 6, xs + 2, yd - 6, rgb, 0.1), >,
                    (int)(0.8 * (yd - ys - 12)));
  }
  /* The flagged weight ringed in the flag colour. */
  ct_plot_trend_flag_colour(dark, flag);
  trend_point(&style, &t, &range, CT_TREND_WEIGHT, &t.weight[TREND_DAYS - 1], &x, &y);
  g_assert_cmpint(count_colour(surface, x - 12, y - 12, x + 12, y + 12, flag, 0.15), >, 10);
  trend_point(&style, &t, &range, CT_TREND_WEIGHT, &t.weight[2], &x, &y);
  g_assert_cmpint(count_colour(surface, x - 12, y - 12, x + 12, y + 12, flag, 0.15), ==, 0);
  /* The calibration: a dashed line down through the panels, at its instant. */
  {
    CtPlotTrendPoint at = {range.calibration_s, 70.0, FALSE};
    double ink[3] = {dark ? 1.0 : 0.0, dark ? 1.0 : 0.0, dark ? 1.0 : 0.0};
    int dark_pixels = 0;

    ct_plot_trends_point(TREND_WIDTH, TREND_HEIGHT, &style, t.series, 4, &range,
                         CT_TREND_HEART_RATE, at.time_s, at.value, &x, &y);
    for (double yy = hr_y; yy < weight_y; yy += 1.0) {
      double c[3];

      pixel_at(surface, x, yy, c);
      dark_pixels += distance(c, ink) < 0.9;
    }
    g_assert_cmpint(dark_pixels, >, 20);
  }
  cairo_surface_destroy(surface);

  /* The reading a year before is outside the period: the axis is fitted without it (the same
   * mapping as without it), and it is not drawn. */
  {
    double x1, y1, x2, y2;
    CtPlotTrend without = t.series[0];

    without.points = &t.hr[1];
    without.n_points = TREND_DAYS;
    ct_plot_trends_point(TREND_WIDTH, TREND_HEIGHT, &style, t.series, 4, &range,
                         CT_TREND_HEART_RATE, t.hr[3].time_s, t.hr[3].value, &x1, &y1);
    ct_plot_trends_point(TREND_WIDTH, TREND_HEIGHT, &style, &without, 1, &range,
                         CT_TREND_HEART_RATE, t.hr[3].time_s, t.hr[3].value, &x2, &y2);
    g_assert_cmpfloat(fabs(x1 - x2), <, 1e-9);
    g_assert_cmpfloat(fabs(y1 - y2), <, 1e-9);
  }
}

static void test_trends_light(void)
{
  check_trends(FALSE, FALSE);
}

static void test_trends_dark(void)
{
  check_trends(TRUE, FALSE);
}

static void test_trends_kpa(void)
{
  check_trends(FALSE, TRUE);
}

/* Nothing to show: no readings at all, or none in the period: no colour, one message; a panel
 * without readings says so and the others draw. And the same drawing on a PDF page. */
static void test_trends_empty_and_pdf(void)
{
  Trends t;
  CtPlotStyle style;
  CtPlotTrendRange later = {TREND_START_S + 100 * DAY_S, TREND_START_S + 130 * DAY_S, 0, NULL};
  g_autofree char *dir = g_dir_make_tmp("test-plots-XXXXXX", NULL);
  g_autofree char *path = g_build_filename(dir, "trends.pdf", NULL);
  g_autofree char *contents = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  gsize length = 0;
  double ink[3] = {0.0, 0.0, 0.0};

  trends_init(&t);
  ct_plot_style_default(&style);
  for (int k = 0; k < 2; k++) {
    double rgb[3];

    surface =
        k == 0 ? draw_trends(&style, NULL, 0, NULL) : draw_trends(&style, t.series, 4, &later);
    if (k == 0)
      save_for_eyes(surface, "trends-empty.png");
    for (int q = 0; q < CT_TREND_COUNT; q++) {
      ct_plot_trend_colour((CtTrendQuantity)q, FALSE, rgb);
      g_assert_cmpint(count_colour(surface, 0, 0, TREND_WIDTH, TREND_HEIGHT, rgb, 0.3), ==, 0);
    }
    /* The message, in the middle. */
    g_assert_cmpint(count_colour(surface, TREND_WIDTH / 2 - 100, TREND_HEIGHT / 2 - 10,
                                 TREND_WIDTH / 2 + 100, TREND_HEIGHT / 2 + 10, ink, 0.9),
                    >, 20);
    cairo_surface_destroy(surface);
  }

  /* Heart rate only: the pressure and weight panels say they have nothing. */
  {
    double x, y, rgb[3];

    surface = draw_trends(&style, t.series, 1, NULL);
    save_for_eyes(surface, "trends-heart-rate-only.png");
    ct_plot_trend_colour(CT_TREND_HEART_RATE, FALSE, rgb);
    ct_plot_trends_point(TREND_WIDTH, TREND_HEIGHT, &style, t.series, 1, NULL, CT_TREND_HEART_RATE,
                         t.hr[5].time_s, t.hr[5].value, &x, &y);
    g_assert_cmpfloat(nearest_colour(surface, x, y, rgb), <, 0.12);
    /* The empty pressure panel's middle (its axis is centred on 100 mmHg): the message. */
    ct_plot_trends_point(TREND_WIDTH, TREND_HEIGHT, &style, t.series, 1, NULL, CT_TREND_SYSTOLIC,
                         t.hr[7].time_s, 100.0, &x, &y);
    g_assert_cmpint(
        count_colour(surface, TREND_WIDTH / 2 - 80, y - 8, TREND_WIDTH / 2 + 80, y + 8, ink, 0.9),
        >, 20);
    cairo_surface_destroy(surface);
  }

  surface = cairo_pdf_surface_create(path, TREND_WIDTH, TREND_HEIGHT);
  cr = cairo_create(surface);
  ct_plot_trends(cr, TREND_WIDTH, TREND_HEIGHT, &style, t.series, 4, NULL);
  cairo_show_page(cr);
  ct_plot_trends(cr, TREND_WIDTH, TREND_HEIGHT, &style, NULL, 0, NULL);
  cairo_show_page(cr);
  g_assert_cmpint(cairo_status(cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  g_assert_cmpint(cairo_surface_status(surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy(surface);
  g_assert_true(g_file_get_contents(path, &contents, &length, NULL));
  g_assert_cmpuint(length, >, 1000);
  g_assert_true(g_str_has_prefix(contents, "%PDF-"));
  g_remove(path);
  g_rmdir(dir);

  /* Months of readings, and a tiny rectangle: no crash, nothing out of the surface. */
  {
    CtPlotTrendPoint *many = g_new(CtPlotTrendPoint, 800);
    CtPlotTrend long_series = {CT_TREND_WEIGHT, many, 800};

    for (int i = 0; i < 800; i++)
      many[i] = (CtPlotTrendPoint){TREND_START_S + i * DAY_S / 2, 80.0 + sin(i / 30.0), FALSE};
    surface = draw_trends(&style, &long_series, 1, NULL);
    save_for_eyes(surface, "trends-400-days.png");
    cairo_surface_destroy(surface);
    surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 8, 6);
    cr = cairo_create(surface);
    ct_plot_trends(cr, 8, 6, &style, &long_series, 1, NULL);
    g_assert_cmpint(cairo_status(cr), ==, CAIRO_STATUS_SUCCESS);
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
    g_free(many);
  }
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
  g_test_add("/plots/pv-loops/compared", Fixture, NULL, fixture_set_up, test_loops_compared,
             fixture_tear_down);
  g_test_add("/plots/traces", Fixture, NULL, fixture_set_up, test_traces, fixture_tear_down);
  g_test_add("/plots/traces/legend-halo", Fixture, NULL, fixture_set_up, test_legend_halo,
             fixture_tear_down);
  g_test_add("/plots/empty-and-pdf", Fixture, NULL, fixture_set_up, test_empty_and_pdf,
             fixture_tear_down);
  g_test_add("/plots/pv-loop/kpa", Fixture, NULL, fixture_set_up, test_loop_kpa, fixture_tear_down);
  g_test_add("/plots/traces/kpa", Fixture, NULL, fixture_set_up, test_traces_kpa,
             fixture_tear_down);
  g_test_add_func("/plots/bullseye/geometry", test_bullseye_geometry);
  g_test_add_func("/plots/bullseye/orientation", test_bullseye_orientation);
  g_test_add_func("/plots/bullseye/names", test_bullseye_names);
  g_test_add("/plots/bullseye/activation", BullseyeFixture, NULL, bullseye_set_up,
             test_bullseye_activation, bullseye_tear_down);
  g_test_add("/plots/bullseye/leads", BullseyeFixture, NULL, bullseye_set_up, test_bullseye_leads,
             bullseye_tear_down);
  g_test_add("/plots/bullseye/scar", BullseyeFixture, NULL, bullseye_set_up, test_bullseye_scar,
             bullseye_tear_down);
  g_test_add("/plots/bullseye/values", BullseyeFixture, NULL, bullseye_set_up, test_bullseye_values,
             bullseye_tear_down);
  g_test_add("/plots/bullseye/dark-and-highlight", BullseyeFixture, NULL, bullseye_set_up,
             test_bullseye_dark_and_highlight, bullseye_tear_down);
  g_test_add("/plots/bullseye/pdf", BullseyeFixture, NULL, bullseye_set_up, test_bullseye_pdf,
             bullseye_tear_down);
  g_test_add_func("/plots/trends/light", test_trends_light);
  g_test_add_func("/plots/trends/dark", test_trends_dark);
  g_test_add_func("/plots/trends/kpa", test_trends_kpa);
  g_test_add_func("/plots/trends/empty-and-pdf", test_trends_empty_and_pdf);
  status = g_test_run();
  /* Pango, cairo and fontconfig keep process-wide caches; free them so that the sanitizer build's
   * leak check sees only what the plots themselves would leak. */
  pango_cairo_font_map_set_default(NULL);
  cairo_debug_reset_static_data();
  FcFini();
  return status;
}

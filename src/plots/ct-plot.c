/* ct-plot.c — cairo drawings of the haemodynamics: pressure–volume loops, traces and the AHA
 * 17-segment bullseye.
 *
 * Read at a glance from a metre away: thick plan lines in colour, the baseline in grey (loops) or
 * dashed (traces) beneath, axes with round ticks and their units, nothing else. Colours are the
 * Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design", distinguishable with every common
 * colour-vision deficiency); the same quantity has the same colour in every plot. The bullseye
 * fills its segments from viridis (perceptually uniform, monotone in lightness) or a grey ramp of
 * even lightness steps, so that its order reads with any colour vision and in grey print.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-plot.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>

#include <glib/gi18n-lib.h>

/* Okabe & Ito 2008, sRGB 0-255. */
static const double okabe_ito[][3] = {
    {213, 94, 0},    /* vermillion */
    {0, 114, 178},   /* blue */
    {204, 121, 167}, /* reddish purple */
    {0, 158, 115},   /* bluish green */
    {86, 180, 233},  /* sky blue */
    {230, 159, 0},   /* orange */
};

typedef struct {
  int colour; /* index in okabe_ito */
  gboolean volume;
} TraceInfo;

static const TraceInfo trace_info[CT_TRACE_COUNT] = {
    [CT_TRACE_AORTIC_PRESSURE] = {0, FALSE}, [CT_TRACE_LV_PRESSURE] = {1, FALSE},
    [CT_TRACE_LA_PRESSURE] = {2, FALSE},     [CT_TRACE_PULMONARY_ARTERY_PRESSURE] = {3, FALSE},
    [CT_TRACE_RV_PRESSURE] = {4, FALSE},     [CT_TRACE_RA_PRESSURE] = {5, FALSE},
    [CT_TRACE_LV_VOLUME] = {1, TRUE},        [CT_TRACE_RV_VOLUME] = {4, TRUE},
};

#define KPA_PER_MMHG CT_PLOT_KPA_PER_MMHG

/* Margins around the plot area, in font heights: room for tick labels and the axis titles. */
#define LEFT_MARGIN_EM   4.2
#define BOTTOM_MARGIN_EM 3.2
#define TOP_MARGIN_EM    1.0
#define RIGHT_MARGIN_EM  1.0

void ct_plot_style_default(CtPlotStyle *style)
{
  style->dark = FALSE;
  style->font_size = 11.0;
  style->family = "Sans";
  style->pressure_kpa = FALSE;
}

void ct_plot_trace_colour(CtTrace trace, gboolean dark, double rgb[3])
{
  const double *c = okabe_ito[trace_info[trace].colour];

  for (int i = 0; i < 3; i++) {
    rgb[i] = c[i] / 255.0;
    /* On a dark background, lighten by a quarter toward white so the darker hues (blue) keep
     * their contrast. */
    if (dark)
      rgb[i] += 0.25 * (1.0 - rgb[i]);
  }
}

/* ------------------------------------------------------------------ axes */

typedef struct {
  double lo, hi; /* data range */
  double step;   /* tick spacing */
} Axis;

/* Round ticks: a step of 1, 2 or 5 x 10^k giving 4-7 ticks over [lo, hi], the range widened to
 * whole steps. */
static void axis_fit(Axis *axis, double lo, double hi, double target_steps)
{
  double span, raw, magnitude, step;

  if (!isfinite(lo) || !isfinite(hi)) {
    lo = 0.0;
    hi = 1.0;
  }
  if (!(hi > lo)) {
    hi = lo + 1.0;
    lo -= 1.0;
  }
  span = hi - lo;
  raw = span / CLAMP(target_steps, 2.0, 5.0);
  magnitude = pow(10.0, floor(log10(raw)));
  step = raw / magnitude < 1.5   ? 1.0
         : raw / magnitude < 3.5 ? 2.0
         : raw / magnitude < 7.5 ? 5.0
                                 : 10.0;
  axis->step = step * magnitude;
  axis->lo = floor(lo / axis->step) * axis->step;
  axis->hi = ceil(hi / axis->step) * axis->step;
}

/* How many steps the axis spans: counted, not accumulated, so that huge or nearly equal values
 * cannot make a tick loop run forever; at most 20. */
static int axis_ticks(const Axis *axis)
{
  double n = (axis->hi - axis->lo) / axis->step;

  return isfinite(n) && n > 0.0 ? (int)MIN(lround(n), 20) : 0;
}

typedef struct {
  double x0, y0, width, height; /* plot area */
  Axis x, y;
  double y_scale; /* the y axis' unit per data unit: kPa per mmHg on a kPa pressure axis, else 1 */
} Frame;

/* How many steps an axis of the plot area can show without its tick labels touching: a label
 * ("1000", "240") is about three ems wide, so five ems a step across; two and a half ems a step
 * upward. A narrow plot gets fewer, wider steps rather than overlapping numbers. */
static double font_em(const CtPlotStyle *style)
{
  return style->font_size > 0.0 ? style->font_size : 11.0;
}

static double x_steps(const Frame *f, const CtPlotStyle *style)
{
  return f->width / (5.0 * font_em(style));
}

static double y_steps(const Frame *f, const CtPlotStyle *style)
{
  return f->height / (2.5 * font_em(style));
}

static double frame_x(const Frame *f, double value)
{
  return f->x0 + (value - f->x.lo) / (f->x.hi - f->x.lo) * f->width;
}

static double frame_y(const Frame *f, double value)
{
  return f->y0 + f->height - (value - f->y.lo) / (f->y.hi - f->y.lo) * f->height;
}

/* A data value (mmHg, ml) on the y axis, whatever unit the axis shows. */
static double frame_y_data(const Frame *f, double value)
{
  return frame_y(f, value * f->y_scale);
}

static void frame_layout(Frame *f, double width, double height, const CtPlotStyle *style)
{
  double em = style->font_size > 0.0 ? style->font_size : 11.0;

  f->x0 = LEFT_MARGIN_EM * em;
  f->y0 = TOP_MARGIN_EM * em;
  f->width = MAX(width - f->x0 - RIGHT_MARGIN_EM * em, 1.0);
  f->height = MAX(height - f->y0 - BOTTOM_MARGIN_EM * em, 1.0);
  f->y_scale = 1.0;
}

/* Text in the style's font at @scale times its size, bold or not. */
static PangoLayout *text_layout_full(cairo_t *cr, const CtPlotStyle *style, const char *text,
                                     double scale, gboolean bold)
{
  PangoLayout *layout = pango_cairo_create_layout(cr);
  PangoFontDescription *font = pango_font_description_new();

  pango_font_description_set_family(font, style->family != NULL ? style->family : "Sans");
  pango_font_description_set_absolute_size(
      font, scale * (style->font_size > 0.0 ? style->font_size : 11.0) * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight(font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description(layout, font);
  pango_layout_set_text(layout, text, -1);
  pango_font_description_free(font);
  return layout;
}

static PangoLayout *text_layout(cairo_t *cr, const CtPlotStyle *style, const char *text)
{
  return text_layout_full(cr, style, text, 1.0, FALSE);
}

/* Text with its anchor at (@x, @y): @ax, @ay from 0 (left/top) to 1 (right/bottom). */
static void draw_text(cairo_t *cr, const CtPlotStyle *style, const char *text, double x, double y,
                      double ax, double ay, gboolean vertical)
{
  PangoLayout *layout = text_layout(cr, style, text);
  int w, h;

  pango_layout_get_pixel_size(layout, &w, &h);
  cairo_save(cr);
  cairo_translate(cr, x, y);
  if (vertical)
    cairo_rotate(cr, -G_PI / 2.0);
  cairo_move_to(cr, -ax * w, -ay * h);
  pango_cairo_show_layout(cr, layout);
  cairo_restore(cr);
  g_object_unref(layout);
}

static void set_ink(cairo_t *cr, const CtPlotStyle *style, double alpha)
{
  if (style->dark)
    cairo_set_source_rgba(cr, 1.0, 1.0, 1.0, alpha);
  else
    cairo_set_source_rgba(cr, 0.0, 0.0, 0.0, alpha);
}

/* Background of the whole drawing: libadwaita's view colours. */
static void background_rgb(const CtPlotStyle *style, double rgb[3])
{
  rgb[0] = rgb[1] = rgb[2] = style->dark ? 0.118 : 1.0;
}

static void paint_background(cairo_t *cr, const CtPlotStyle *style)
{
  double rgb[3];

  background_rgb(style, rgb);
  cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
  cairo_paint(cr);
}

static void draw_frame(cairo_t *cr, const CtPlotStyle *style, const Frame *f, const char *x_title,
                       const char *y_title)
{
  double em = style->font_size > 0.0 ? style->font_size : 11.0;

  paint_background(cr, style);

  /* Grid at the ticks, faint; axes, firm. */
  cairo_set_line_width(cr, 1.0);
  set_ink(cr, style, 0.10);
  for (int k = 0; k <= axis_ticks(&f->x); k++) {
    double v = f->x.lo + k * f->x.step;

    cairo_move_to(cr, round(frame_x(f, v)) + 0.5, f->y0);
    cairo_line_to(cr, round(frame_x(f, v)) + 0.5, f->y0 + f->height);
  }
  for (int k = 0; k <= axis_ticks(&f->y); k++) {
    double v = f->y.lo + k * f->y.step;

    cairo_move_to(cr, f->x0, round(frame_y(f, v)) + 0.5);
    cairo_line_to(cr, f->x0 + f->width, round(frame_y(f, v)) + 0.5);
  }
  cairo_stroke(cr);
  set_ink(cr, style, 0.55);
  cairo_move_to(cr, f->x0 + 0.5, f->y0);
  cairo_line_to(cr, f->x0 + 0.5, f->y0 + f->height + 0.5);
  cairo_line_to(cr, f->x0 + f->width, f->y0 + f->height + 0.5);
  cairo_stroke(cr);

  set_ink(cr, style, 0.75);
  for (int k = 0; k <= axis_ticks(&f->x); k++) {
    double v = f->x.lo + k * f->x.step;
    g_autofree char *label = g_strdup_printf("%g", fabs(v) < 1e-9 ? 0.0 : v);

    draw_text(cr, style, label, frame_x(f, v), f->y0 + f->height + 0.3 * em, 0.5, 0.0, FALSE);
  }
  for (int k = 0; k <= axis_ticks(&f->y); k++) {
    double v = f->y.lo + k * f->y.step;
    g_autofree char *label = g_strdup_printf("%g", fabs(v) < 1e-9 ? 0.0 : v);

    draw_text(cr, style, label, f->x0 - 0.4 * em, frame_y(f, v), 1.0, 0.5, FALSE);
  }
  draw_text(cr, style, x_title, f->x0 + 0.5 * f->width, f->y0 + f->height + 1.7 * em, 0.5, 0.0,
            FALSE);
  draw_text(cr, style, y_title, 0.2 * em, f->y0 + 0.5 * f->height, 0.5, 0.0, TRUE);
}

/* ------------------------------------------------------------------ legend */

typedef struct {
  double rgb[3];
  double alpha;
  gboolean dashed;
  const char *label;
} LegendEntry;

/* A legend in the plot's top-right corner: a short line of each entry's style and its label. */
static void draw_legend(cairo_t *cr, const CtPlotStyle *style, const Frame *f,
                        const LegendEntry *entries, int n)
{
  double em = style->font_size > 0.0 ? style->font_size : 11.0;
  double line = 1.6 * em, label_width = 0.0, x, bg[3];

  for (int i = 0; i < n; i++) {
    PangoLayout *layout = text_layout(cr, style, entries[i].label);
    int w, h;

    pango_layout_get_pixel_size(layout, &w, &h);
    label_width = MAX(label_width, w);
    g_object_unref(layout);
  }
  x = f->x0 + f->width - label_width - 3.2 * em;

  /* A halo of the background's colour round every line and every label's glyphs, all drawn
   * before any ink (no row's halo covers another's): a trace that runs through the corner passes
   * behind the legend, legible, and stays visible everywhere else (a box would hide the data it
   * covers: the LV's systolic peak in a small plot). It clears 0.2 em on each side of a line
   * (0.25 em wide, 0.65 em halo) and 0.15 em round the glyphs: wider than a trace's antialiased
   * edge, narrow enough to hide little of it. */
  background_rgb(style, bg);
  cairo_save(cr);
  cairo_set_source_rgb(cr, bg[0], bg[1], bg[2]);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  for (int i = 0; i < n; i++) {
    double y = f->y0 + 0.6 * em + i * 1.3 * em;
    PangoLayout *layout = text_layout(cr, style, entries[i].label);
    int w, h;

    pango_layout_get_pixel_size(layout, &w, &h);
    cairo_set_line_width(cr, 0.65 * em);
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x + line, y);
    cairo_stroke(cr);
    cairo_set_line_width(cr, 0.3 * em);
    cairo_move_to(cr, x + line + 0.5 * em, y - 0.5 * h);
    pango_cairo_layout_path(cr, layout);
    cairo_stroke(cr);
    g_object_unref(layout);
  }
  cairo_restore(cr);

  for (int i = 0; i < n; i++) {
    double y = f->y0 + 0.6 * em + i * 1.3 * em;

    cairo_save(cr);
    cairo_set_source_rgba(cr, entries[i].rgb[0], entries[i].rgb[1], entries[i].rgb[2],
                          entries[i].alpha);
    cairo_set_line_width(cr, (entries[i].dashed ? 0.15 : 0.25) * em);
    if (entries[i].dashed)
      cairo_set_dash(cr, (double[]){0.5 * em, 0.35 * em}, 2, 0.0);
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x + line, y);
    cairo_stroke(cr);
    cairo_restore(cr);
    set_ink(cr, style, 0.75);
    draw_text(cr, style, entries[i].label, x + line + 0.5 * em, y, 0.0, 0.5, FALSE);
  }
}

/* ------------------------------------------------------------------ PV loops */

static const char *pressure_title(const CtPlotStyle *style)
{
  return style->pressure_kpa ? _("Pressure (kPa)") : _("Pressure (mmHg)");
}

static void pv_of(CtPlotVentricle ventricle, const CsSample *s, double *volume, double *pressure)
{
  if (ventricle == CT_PLOT_LEFT_VENTRICLE) {
    *volume = s->lv_volume_ml;
    *pressure = s->lv_pressure_mmhg;
  } else {
    *volume = s->rv_volume_ml;
    *pressure = s->rv_pressure_mmhg;
  }
}

static void pv_frame(Frame *f, double width, double height, const CtPlotStyle *style,
                     CtPlotVentricle ventricle, const CtPlotBeat *const *beats, guint n)
{
  double v_lo = G_MAXDOUBLE, v_hi = -G_MAXDOUBLE, p_hi = -G_MAXDOUBLE;

  for (guint b = 0; b < n; b++)
    for (gsize i = 0; beats[b] != NULL && i < beats[b]->n_samples; i++) {
      double v, p;

      pv_of(ventricle, &beats[b]->samples[i], &v, &p);
      v_lo = MIN(v_lo, v);
      v_hi = MAX(v_hi, v);
      p_hi = MAX(p_hi, p);
    }
  if (v_lo > v_hi) {
    v_lo = 0.0;
    v_hi = 150.0;
    p_hi = 120.0;
  }
  frame_layout(f, width, height, style);
  /* Volume from a round number below the smallest; pressure from 0 (the clinician reads
   * end-diastolic pressure against zero), fitted in the unit shown so that its ticks are round. */
  f->y_scale = style->pressure_kpa ? KPA_PER_MMHG : 1.0;
  axis_fit(&f->x, v_lo - 0.05 * (v_hi - v_lo), v_hi + 0.05 * (v_hi - v_lo), x_steps(f, style));
  axis_fit(&f->y, 0.0, p_hi * 1.08 * f->y_scale, y_steps(f, style));
}

static void trace_loop(cairo_t *cr, const Frame *f, CtPlotVentricle ventricle,
                       const CtPlotBeat *beat)
{
  for (gsize i = 0; i < beat->n_samples; i++) {
    double v, p;

    pv_of(ventricle, &beat->samples[i], &v, &p);
    if (i == 0)
      cairo_move_to(cr, frame_x(f, v), frame_y_data(f, p));
    else
      cairo_line_to(cr, frame_x(f, v), frame_y_data(f, p));
  }
  cairo_close_path(cr);
}

static void draw_relations(cairo_t *cr, const CtPlotStyle *style, const Frame *f,
                           const CtPlotPvRelations *r)
{
  double p_top = f->y.hi / f->y_scale, p_bottom = f->y.lo / f->y_scale; /* mmHg */
  double v_top;

  cairo_save(cr);
  cairo_rectangle(cr, f->x0, f->y0, f->width, f->height);
  cairo_clip(cr);
  set_ink(cr, style, 0.45);
  cairo_set_line_width(cr, 1.5);
  cairo_set_dash(cr, (double[]){6.0, 4.0}, 2, 0.0);
  /* ESPVR: a line through (Vd, 0) with slope Ees, up to the top of the plot. The relations are in
   * mmHg; the axis may show kPa. */
  if (r->end_systolic_elastance_mmhg_ml > 0.0) {
    v_top = r->dead_volume_ml + p_top / r->end_systolic_elastance_mmhg_ml;
    cairo_move_to(cr, frame_x(f, r->dead_volume_ml), frame_y_data(f, 0.0));
    cairo_line_to(cr, frame_x(f, v_top), frame_y_data(f, p_top));
    cairo_stroke(cr);
  }
  /* EDPVR: the exponential across the volume axis. */
  if (r->edpvr_scale_mmhg > 0.0 && r->edpvr_stiffness_per_ml > 0.0) {
    for (int i = 0; i <= 100; i++) {
      double v = f->x.lo + (f->x.hi - f->x.lo) * i / 100.0;
      double p = r->edpvr_scale_mmhg *
                 (exp(r->edpvr_stiffness_per_ml * (v - r->edpvr_zero_volume_ml)) - 1.0);

      p = CLAMP(p, p_bottom - 1.0, p_top * 2.0);
      if (i == 0)
        cairo_move_to(cr, frame_x(f, v), frame_y_data(f, p));
      else
        cairo_line_to(cr, frame_x(f, v), frame_y_data(f, p));
    }
    cairo_stroke(cr);
  }
  cairo_restore(cr);
}

void ct_plot_pv_loop_point(double width, double height, const CtPlotStyle *style,
                           CtPlotVentricle ventricle, const CtPlotBeat *baseline,
                           const CtPlotBeat *plan, double volume_ml, double pressure_mmhg,
                           double *x, double *y)
{
  const CtPlotBeat *beats[2] = {baseline, plan};
  Frame f;

  pv_frame(&f, width, height, style, ventricle, beats, 2);
  *x = frame_x(&f, volume_ml);
  *y = frame_y_data(&f, pressure_mmhg);
}

void ct_plot_pv_loop(cairo_t *cr, double width, double height, const CtPlotStyle *style,
                     CtPlotVentricle ventricle, const CtPlotBeat *baseline, const CtPlotBeat *plan,
                     const CtPlotPvRelations *plan_relations)
{
  const CtPlotBeat *beats[2] = {baseline, plan};
  Frame f;
  double rgb[3] = {0.0, 0.0, 0.0};
  double em = style->font_size > 0.0 ? style->font_size : 11.0;

  g_return_if_fail(cr != NULL && style != NULL);
  pv_frame(&f, width, height, style, ventricle, beats, 2);
  cairo_save(cr);
  draw_frame(cr, style, &f, _("Volume (ml)"), pressure_title(style));
  if (plan_relations != NULL)
    draw_relations(cr, style, &f, plan_relations);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  if (baseline != NULL && baseline->n_samples > 1) {
    set_ink(cr, style, 0.35);
    cairo_set_line_width(cr, 0.25 * em);
    trace_loop(cr, &f, ventricle, baseline);
    cairo_stroke(cr);
  }
  if (plan != NULL && plan->n_samples > 1) {
    ct_plot_trace_colour(ventricle == CT_PLOT_LEFT_VENTRICLE ? CT_TRACE_AORTIC_PRESSURE
                                                             : CT_TRACE_RV_PRESSURE,
                         style->dark, rgb);
    cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
    cairo_set_line_width(cr, 0.3 * em);
    trace_loop(cr, &f, ventricle, plan);
    cairo_stroke(cr);
  }
  if (baseline != NULL && plan != NULL) {
    LegendEntry entries[2] = {
        {{0.5, 0.5, 0.5}, 1.0, FALSE, C_("plot legend", "Baseline")},
        {{rgb[0], rgb[1], rgb[2]}, 1.0, FALSE, C_("plot legend", "Plan")},
    };

    draw_legend(cr, style, &f, entries, 2);
  }
  cairo_restore(cr);
}

/* The plans' colours in ct_plot_pv_loops(), in okabe_ito: the first as ct_plot_pv_loop()'s plan
 * (vermillion), then blue, bluish green and reddish purple, told apart also by colour-blind eyes.
 */
static const int pv_plan_colours[CT_PLOT_MAX_PLANS] = {0, 1, 3, 2};

static void okabe_ito_rgb(int colour, gboolean dark, double rgb[3]);

void ct_plot_pv_plan_colour(guint plan, gboolean dark, double rgb[3])
{
  g_return_if_fail(plan < CT_PLOT_MAX_PLANS);
  okabe_ito_rgb(pv_plan_colours[plan], dark, rgb);
}

void ct_plot_pv_loops_point(double width, double height, const CtPlotStyle *style,
                            CtPlotVentricle ventricle, const CtPlotBeat *const *beats, guint n,
                            double volume_ml, double pressure_mmhg, double *x, double *y)
{
  Frame f;

  pv_frame(&f, width, height, style, ventricle, beats, MIN(n, CT_PLOT_MAX_PLANS + 1));
  *x = frame_x(&f, volume_ml);
  *y = frame_y_data(&f, pressure_mmhg);
}

void ct_plot_pv_loops(cairo_t *cr, double width, double height, const CtPlotStyle *style,
                      CtPlotVentricle ventricle, const CtPlotBeat *const *beats,
                      const char *const *labels, guint n)
{
  LegendEntry entries[CT_PLOT_MAX_PLANS + 1];
  int n_entries = 0;
  Frame f;
  double em = style->font_size > 0.0 ? style->font_size : 11.0;

  g_return_if_fail(cr != NULL && style != NULL);
  g_return_if_fail(n == 0 || beats != NULL);
  n = MIN(n, CT_PLOT_MAX_PLANS + 1);
  pv_frame(&f, width, height, style, ventricle, beats, n);
  cairo_save(cr);
  draw_frame(cr, style, &f, _("Volume (ml)"), pressure_title(style));
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  /* The baseline under the plans, in grey as in ct_plot_pv_loop(); the plans over it in order. */
  for (guint b = 0; b < n; b++) {
    LegendEntry *entry = &entries[n_entries];

    if (b == 0) {
      entry->rgb[0] = entry->rgb[1] = entry->rgb[2] = 0.5;
      if (beats[b] != NULL && beats[b]->n_samples > 1) {
        set_ink(cr, style, 0.35);
        cairo_set_line_width(cr, 0.25 * em);
        trace_loop(cr, &f, ventricle, beats[b]);
        cairo_stroke(cr);
      }
    } else {
      ct_plot_pv_plan_colour(b - 1, style->dark, entry->rgb);
      if (beats[b] != NULL && beats[b]->n_samples > 1) {
        cairo_set_source_rgb(cr, entry->rgb[0], entry->rgb[1], entry->rgb[2]);
        cairo_set_line_width(cr, 0.3 * em);
        trace_loop(cr, &f, ventricle, beats[b]);
        cairo_stroke(cr);
      }
    }
    entry->alpha = 1.0;
    entry->dashed = FALSE;
    entry->label = labels != NULL && labels[b] != NULL ? labels[b]
                   : b == 0                            ? C_("plot legend", "Baseline")
                                                       : C_("plot legend", "Plan");
    n_entries++;
  }
  if (n_entries > 0)
    draw_legend(cr, style, &f, entries, n_entries);
  cairo_restore(cr);
}

/* ------------------------------------------------------------------ traces */

/* The short names clinicians write beside a trace. */
static const char *trace_name(CtTrace trace)
{
  switch (trace) {
  case CT_TRACE_AORTIC_PRESSURE:
    return C_("trace", "Aorta");
  case CT_TRACE_LV_PRESSURE:
  case CT_TRACE_LV_VOLUME:
    return C_("trace", "LV");
  case CT_TRACE_LA_PRESSURE:
    return C_("trace", "LA");
  case CT_TRACE_PULMONARY_ARTERY_PRESSURE:
    return C_("trace", "PA");
  case CT_TRACE_RV_PRESSURE:
  case CT_TRACE_RV_VOLUME:
    return C_("trace", "RV");
  case CT_TRACE_RA_PRESSURE:
    return C_("trace", "RA");
  case CT_TRACE_COUNT:
  default:
    break;
  }
  g_return_val_if_reached("");
}

static double trace_value(CtTrace trace, const CsSample *s)
{
  switch (trace) {
  case CT_TRACE_AORTIC_PRESSURE:
    return s->aortic_pressure_mmhg;
  case CT_TRACE_LV_PRESSURE:
    return s->lv_pressure_mmhg;
  case CT_TRACE_LA_PRESSURE:
    return s->la_pressure_mmhg;
  case CT_TRACE_PULMONARY_ARTERY_PRESSURE:
    return s->pulmonary_artery_pressure_mmhg;
  case CT_TRACE_RV_PRESSURE:
    return s->rv_pressure_mmhg;
  case CT_TRACE_RA_PRESSURE:
    return s->ra_pressure_mmhg;
  case CT_TRACE_LV_VOLUME:
    return s->lv_volume_ml;
  case CT_TRACE_RV_VOLUME:
    return s->rv_volume_ml;
  case CT_TRACE_COUNT:
  default:
    break;
  }
  g_return_val_if_reached(0.0);
}

/* The traces' axes; TRUE when they show volumes. */
static gboolean traces_frame(Frame *f, double width, double height, const CtPlotStyle *style,
                             guint traces, const CtPlotBeat *baseline, const CtPlotBeat *plan)
{
  const CtPlotBeat *beats[2] = {baseline, plan};
  double t_hi = 0.0, y_lo = G_MAXDOUBLE, y_hi = -G_MAXDOUBLE;
  gboolean volumes = FALSE;

  for (int t = 0; t < CT_TRACE_COUNT; t++)
    if (traces & (1u << t))
      volumes = trace_info[t].volume;
  for (int b = 0; b < 2; b++)
    for (gsize i = 0; beats[b] != NULL && i < beats[b]->n_samples; i++) {
      const CsSample *s = &beats[b]->samples[i];

      t_hi = MAX(t_hi, s->time_s * 1000.0);
      for (int t = 0; t < CT_TRACE_COUNT; t++)
        if (traces & (1u << t)) {
          y_lo = MIN(y_lo, trace_value((CtTrace)t, s));
          y_hi = MAX(y_hi, trace_value((CtTrace)t, s));
        }
    }
  if (y_lo > y_hi) {
    y_lo = 0.0;
    y_hi = 1.0;
  }
  frame_layout(f, width, height, style);
  axis_fit(&f->x, 0.0, MAX(t_hi, 1.0), x_steps(f, style));
  /* Pressures from 0; volumes from a round number below the smallest. Fitted in the unit shown,
   * so that the ticks are round in it. */
  f->y_scale = !volumes && style->pressure_kpa ? KPA_PER_MMHG : 1.0;
  axis_fit(&f->y, (volumes ? y_lo - 0.05 * (y_hi - y_lo) : MIN(0.0, y_lo)) * f->y_scale,
           y_hi * 1.05 * f->y_scale, y_steps(f, style));
  return volumes;
}

void ct_plot_traces_point(double width, double height, const CtPlotStyle *style, guint traces,
                          const CtPlotBeat *baseline, const CtPlotBeat *plan, double time_ms,
                          double value, double *x, double *y)
{
  Frame f;

  traces_frame(&f, width, height, style, traces, baseline, plan);
  *x = frame_x(&f, time_ms);
  *y = frame_y_data(&f, value);
}

void ct_plot_traces(cairo_t *cr, double width, double height, const CtPlotStyle *style,
                    guint traces, const CtPlotBeat *baseline, const CtPlotBeat *plan)
{
  const CtPlotBeat *beats[2] = {baseline, plan};
  double em = style->font_size > 0.0 ? style->font_size : 11.0;
  gboolean volumes;
  Frame f;

  g_return_if_fail(cr != NULL && style != NULL);
  volumes = traces_frame(&f, width, height, style, traces, baseline, plan);
  cairo_save(cr);
  draw_frame(cr, style, &f, _("Time (ms)"), volumes ? _("Volume (ml)") : pressure_title(style));
  /* The traces clipped to the plot area; the caller's own clip kept (save/restore, never a reset).
   */
  cairo_save(cr);
  cairo_rectangle(cr, f.x0, f.y0, f.width, f.height);
  cairo_clip(cr);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  for (int b = 0; b < 2; b++) {
    if (beats[b] == NULL || beats[b]->n_samples < 2)
      continue;
    for (int t = 0; t < CT_TRACE_COUNT; t++) {
      double rgb[3];

      if (!(traces & (1u << t)))
        continue;
      ct_plot_trace_colour((CtTrace)t, style->dark, rgb);
      if (b == 0) {
        /* The baseline: the same colour, thinner and dashed, beneath. */
        cairo_set_source_rgba(cr, rgb[0], rgb[1], rgb[2], 0.55);
        cairo_set_line_width(cr, 0.15 * em);
        cairo_set_dash(cr, (double[]){0.5 * em, 0.35 * em}, 2, 0.0);
      } else {
        cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
        cairo_set_line_width(cr, 0.25 * em);
        cairo_set_dash(cr, NULL, 0, 0.0);
      }
      for (gsize i = 0; i < beats[b]->n_samples; i++) {
        const CsSample *s = &beats[b]->samples[i];
        double x = frame_x(&f, s->time_s * 1000.0);
        double y = frame_y_data(&f, trace_value((CtTrace)t, s));

        if (i == 0)
          cairo_move_to(cr, x, y);
        else
          cairo_line_to(cr, x, y);
      }
      cairo_stroke(cr);
    }
  }
  cairo_restore(cr);
  {
    LegendEntry entries[CT_TRACE_COUNT + 1];
    int n = 0;

    for (int t = 0; t < CT_TRACE_COUNT; t++)
      if (traces & (1u << t)) {
        ct_plot_trace_colour((CtTrace)t, style->dark, entries[n].rgb);
        entries[n].alpha = 1.0;
        entries[n].dashed = FALSE;
        entries[n].label = trace_name((CtTrace)t);
        n++;
      }
    if (baseline != NULL && plan != NULL && n > 0) {
      entries[n] = (LegendEntry){{0.5, 0.5, 0.5}, 1.0, TRUE, C_("plot legend", "Baseline")};
      n++;
    }
    draw_legend(cr, style, &f, entries, n);
  }
  cairo_restore(cr);
}

/* ------------------------------------------------------------------ bullseye */

/* viridis (Smith & van der Walt, "A better default colormap for Matplotlib", SciPy 2015; designed
 * with E. Firing), published as a 256-entry sRGB table under CC0 in "mpl-colormaps"
 * (https://bids.github.io/colormap/): entries 0, 16, ..., 240 and 255 of that table, joined by
 * straight lines in sRGB, which stays within 2 % (5/255) of the table. Its lightness rises
 * monotonically and evenly (in CAM02-UCS) from dark blue-violet to light yellow, so its order reads
 * with the common colour-vision deficiencies and in grey print. Early activation is dark, late is
 * light, as in the 3D view's activation palette (src/render/ct-palette.h). */
static const double viridis[17][3] = {
    {0.267004, 0.004874, 0.329415}, /*   0 */
    {0.282327, 0.094955, 0.417331}, /*  16 */
    {0.278826, 0.175490, 0.483397}, /*  32 */
    {0.258965, 0.251537, 0.524736}, /*  48 */
    {0.229739, 0.322361, 0.545706}, /*  64 */
    {0.199430, 0.387607, 0.554642}, /*  80 */
    {0.172719, 0.448791, 0.557885}, /*  96 */
    {0.149039, 0.508051, 0.557250}, /* 112 */
    {0.127568, 0.566949, 0.550556}, /* 128 */
    {0.120638, 0.625828, 0.533488}, /* 144 */
    {0.157851, 0.683765, 0.501686}, /* 160 */
    {0.246070, 0.738910, 0.452024}, /* 176 */
    {0.369214, 0.788888, 0.382914}, /* 192 */
    {0.515992, 0.831158, 0.294279}, /* 208 */
    {0.678489, 0.863742, 0.189503}, /* 224 */
    {0.845561, 0.887322, 0.099702}, /* 240 */
    {0.993248, 0.906157, 0.143936}, /* 255 */
};

/* Where anchor @k lies on 0..1: table entry 16 k of 0..255, the last one at 255. */
static double viridis_anchor(int k)
{
  return k == 16 ? 1.0 : 16.0 * k / 255.0;
}

static void viridis_rgb(double t, double rgb[3])
{
  double x = CLAMP(isfinite(t) ? t : 0.0, 0.0, 1.0);
  int k = 0;

  while (k < 15 && x > viridis_anchor(k + 1))
    k++;
  x = (x - viridis_anchor(k)) / (viridis_anchor(k + 1) - viridis_anchor(k));
  for (int i = 0; i < 3; i++)
    rgb[i] = viridis[k][i] + x * (viridis[k + 1][i] - viridis[k][i]);
}

/* sRGB's transfer function (IEC 61966-2-1:1999): a linear value to the encoded one. */
static double srgb_encode(double linear)
{
  return linear <= 0.0031308 ? 12.92 * linear : 1.055 * pow(linear, 1.0 / 2.4) - 0.055;
}

/* Scar: a neutral grey whose CIELAB lightness L* falls evenly from 92 (none) to 22 (transmural),
 * so that equal steps of transmurality look like equal steps of darkness; the lightest stays apart
 * from a white background, the darkest from a dark one. L* to luminance Y by the CIE 1976 L*a*b*
 * definition (CIE 15:2004): Y = ((L* + 16) / 116)^3 above L* = 8. */
static void scar_rgb(double t, double rgb[3])
{
  double l = 92.0 - 70.0 * CLAMP(isfinite(t) ? t : 0.0, 0.0, 1.0);
  double y = pow((l + 16.0) / 116.0, 3.0);

  rgb[0] = rgb[1] = rgb[2] = srgb_encode(y);
}

/* Relative luminance of an sRGB colour (WCAG 2.1, "relative luminance"). */
static double relative_luminance(const double rgb[3])
{
  double linear[3];

  for (int i = 0; i < 3; i++)
    linear[i] = rgb[i] <= 0.04045 ? rgb[i] / 12.92 : pow((rgb[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
}

/* Black text on @rgb, rather than white, when black has the higher contrast ratio (WCAG 2.1:
 * (L1 + 0.05) / (L2 + 0.05)); the two cross at a luminance of about 0.18. */
static gboolean black_text_on(const double rgb[3])
{
  double l = relative_luminance(rgb);

  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05);
}

static void set_contrast_ink(cairo_t *cr, const double rgb[3], double alpha)
{
  double ink = black_text_on(rgb) ? 0.0 : 1.0;

  cairo_set_source_rgba(cr, ink, ink, ink, alpha);
}

/* The lead markers' colours: those of the 3D view's lead spheres (src/render/ct-renderer.c), so
 * that a lead looks the same in both. */
static const double lv_lead_rgb[3] = {0.20, 0.55, 0.95};
static const double rv_lead_rgb[3] = {0.98, 0.70, 0.15};

/* Outer radii of the apex disc and of the apical, mid and basal rings, as shares of the map's
 * radius. Cerqueira 2002 fixes the order of the rings, not their widths: four equal radial steps,
 * as polar maps are usually drawn, leave every segment room for its value and a lead marker. */
static const double ring_outer[4] = {0.25, 0.5, 0.75, 1.0};

/* Angles in degrees, counter-clockwise on the page from the right: 0 lateral, 90 anterior, 180
 * septal, 270 inferior; the heart frame of ct_aha_segment_at() (src/render/ct-heart-mesh.c) seen
 * from the apex, so the 3D view and the map number every region alike. Basal and mid sectors of 60
 * degrees centred at 90 (anterior), 150 (anteroseptal), 210 (inferoseptal), 270 (inferior), 330
 * (inferolateral) and 30 (anterolateral); apical ones of 90 degrees centred at 90 (anterior), 180
 * (septal), 270 (inferior) and 0 (lateral) (Cerqueira 2002). */
static const double sector_centre_deg[CS_AHA_SEGMENTS] = {
    90.0, 150.0, 210.0, 270.0, 330.0, 30.0, /* basal 1-6 */
    90.0, 150.0, 210.0, 270.0, 330.0, 30.0, /* mid 7-12 */
    90.0, 180.0, 270.0, 0.0,                /* apical 13-16 */
    0.0,                                    /* apex 17 */
};

typedef struct {
  double r0, r1;     /* inner and outer radius, shares of the map's */
  double centre_deg; /* the sector's middle */
  double width_deg;  /* 360 for the apex */
} SegmentShape;

static SegmentShape segment_shape(int segment)
{
  SegmentShape s = {0.0, ring_outer[0], 0.0, 360.0};

  if (segment <= 6)
    s = (SegmentShape){ring_outer[2], ring_outer[3], 0.0, 60.0};
  else if (segment <= 12)
    s = (SegmentShape){ring_outer[1], ring_outer[2], 0.0, 60.0};
  else if (segment <= 16)
    s = (SegmentShape){ring_outer[0], ring_outer[1], 0.0, 90.0};
  s.centre_deg = sector_centre_deg[segment - 1];
  return s;
}

/* Room around the map, in font heights: padding, the wall names around the disc, the gap to the
 * legend and the legend's own width (beside) or height (below). Fixed in font heights, not
 * measured, so that the map's place never depends on the data or the translation. */
#define BULLSEYE_PAD_EM           0.5
#define BULLSEYE_WALL_LABEL_EM    1.5
#define BULLSEYE_GAP_EM           0.8
#define BULLSEYE_LEGEND_WIDTH_EM  7.0
#define BULLSEYE_LEGEND_HEIGHT_EM 4.6

typedef struct {
  double em;
  double cx, cy, radius; /* the map's disc */
  gboolean legend_below;
  double lx, ly, lw, lh; /* the legend's box */
} BullseyeLayout;

static void bullseye_layout(BullseyeLayout *l, double width, double height,
                            const CtPlotStyle *style)
{
  double em = style->font_size > 0.0 ? style->font_size : 11.0;
  double pad = BULLSEYE_PAD_EM * em, gap = BULLSEYE_GAP_EM * em;
  double beside_width = BULLSEYE_LEGEND_WIDTH_EM * em,
         below_height = BULLSEYE_LEGEND_HEIGHT_EM * em;
  /* The side of the map's square with the legend beside it, or below it: the larger wins. */
  double beside = MIN(width - 2.0 * pad - gap - beside_width, height - 2.0 * pad);
  double below = MIN(width - 2.0 * pad, height - 2.0 * pad - gap - below_height);
  double side;

  l->em = em;
  l->legend_below = below > beside;
  side = MAX(l->legend_below ? below : beside, 0.0);
  if (!l->legend_below) {
    double x0 = 0.5 * (width - (side + gap + beside_width));

    l->cx = x0 + 0.5 * side;
    l->cy = 0.5 * height;
    l->lx = x0 + side + gap;
    l->ly = l->cy - 0.5 * side;
    l->lw = beside_width;
    l->lh = side;
  } else {
    double y0 = 0.5 * (height - (side + gap + below_height));

    l->cx = 0.5 * width;
    l->cy = y0 + 0.5 * side;
    l->lw = MIN(side, 22.0 * em);
    l->lx = l->cx - 0.5 * l->lw;
    l->ly = y0 + side + gap;
    l->lh = below_height;
  }
  l->radius = MAX(0.5 * side - BULLSEYE_WALL_LABEL_EM * em, 1.0);
  /* The centre on a pixel's centre: the horizontal borders (0 and 180 degrees), 1 unit wide, then
   * cover whole pixels instead of two half-grey rows. */
  l->cx = floor(l->cx) + 0.5;
  l->cy = floor(l->cy) + 0.5;
}

static void segment_point(const BullseyeLayout *l, double share, double angle_deg, double *x,
                          double *y)
{
  double a = angle_deg * G_PI / 180.0;

  /* The page's y grows downward: counter-clockwise on the page is -sin. */
  *x = l->cx + share * l->radius * cos(a);
  *y = l->cy - share * l->radius * sin(a);
}

static void segment_centre(const BullseyeLayout *l, int segment, double *x, double *y)
{
  SegmentShape s = segment_shape(segment);

  segment_point(l, segment == 17 ? 0.0 : 0.5 * (s.r0 + s.r1), s.centre_deg, x, y);
}

static int segment_at(const BullseyeLayout *l, double x, double y)
{
  /* The sectors from 0 degrees counter-clockwise: basal (mid less 6) and apical from -45. */
  static const int sixths[6] = {6, 1, 2, 3, 4, 5};
  static const int quarters[4] = {16, 13, 14, 15};
  double dx = (x - l->cx) / l->radius, dy = (l->cy - y) / l->radius;
  double r = hypot(dx, dy), a;
  int k;

  if (!isfinite(r) || r > ring_outer[3])
    return 0;
  if (r < ring_outer[0])
    return 17;
  a = atan2(dy, dx) * 180.0 / G_PI;
  if (a < 0.0)
    a += 360.0;
  if (r < ring_outer[1]) {
    k = (int)floor(fmod(a + 45.0, 360.0) / 90.0);
    return quarters[CLAMP(k, 0, 3)];
  }
  k = CLAMP((int)floor(a / 60.0), 0, 5);
  return r < ring_outer[2] ? sixths[k] + 6 : sixths[k];
}

static void segment_path(cairo_t *cr, const BullseyeLayout *l, int segment)
{
  SegmentShape s = segment_shape(segment);
  double a0 = (s.centre_deg - 0.5 * s.width_deg) * G_PI / 180.0;
  double a1 = (s.centre_deg + 0.5 * s.width_deg) * G_PI / 180.0;

  cairo_new_sub_path(cr);
  if (segment == 17) {
    cairo_arc(cr, l->cx, l->cy, s.r1 * l->radius, 0.0, 2.0 * G_PI);
    cairo_close_path(cr);
    return;
  }
  /* cairo's angles turn clockwise on the page: the map's angle a is cairo's -a. */
  cairo_arc(cr, l->cx, l->cy, s.r1 * l->radius, -a1, -a0);
  cairo_arc_negative(cr, l->cx, l->cy, s.r0 * l->radius, -a0, -a1);
  cairo_close_path(cr);
}

void ct_plot_bullseye_default(CtBullseye *data)
{
  *data = (CtBullseye){0};
  data->mode = CT_BULLSEYE_ACTIVATION;
  data->rv_lead_site = CT_BULLSEYE_NO_RV_LEAD;
}

int ct_plot_bullseye_segment_at(double width, double height, const CtPlotStyle *style, double x,
                                double y)
{
  BullseyeLayout l;

  g_return_val_if_fail(style != NULL, 0);
  bullseye_layout(&l, width, height, style);
  return segment_at(&l, x, y);
}

gboolean ct_plot_bullseye_segment_centre(double width, double height, const CtPlotStyle *style,
                                         int segment, double *x, double *y)
{
  BullseyeLayout l;

  g_return_val_if_fail(style != NULL && x != NULL && y != NULL, FALSE);
  if (segment < 1 || segment > CS_AHA_SEGMENTS)
    return FALSE;
  bullseye_layout(&l, width, height, style);
  segment_centre(&l, segment, x, y);
  return TRUE;
}

/* A value the bullseye can show: finite, and for scar within 0..1. */
static gboolean activation_of(const CtBullseye *data, int segment, double *ms)
{
  if (data->activation_ms == NULL || !isfinite(data->activation_ms[segment - 1]))
    return FALSE;
  *ms = data->activation_ms[segment - 1];
  return TRUE;
}

static gboolean scar_of(const CtBullseye *data, int segment, double *transmurality)
{
  if (data->scar_transmurality == NULL || !isfinite(data->scar_transmurality[segment - 1]))
    return FALSE;
  *transmurality = CLAMP(data->scar_transmurality[segment - 1], 0.0, 1.0);
  return TRUE;
}

void ct_plot_bullseye_activation_scale(const CtBullseye *data, double *lo_ms, double *hi_ms)
{
  double latest = 0.0, ms;
  Axis axis;

  g_return_if_fail(data != NULL && lo_ms != NULL && hi_ms != NULL);
  if (isfinite(data->activation_lo_ms) && isfinite(data->activation_hi_ms) &&
      data->activation_hi_ms > data->activation_lo_ms) {
    *lo_ms = data->activation_lo_ms;
    *hi_ms = data->activation_hi_ms;
    return;
  }
  for (int s = 1; s <= CS_AHA_SEGMENTS; s++)
    if (activation_of(data, s, &ms))
      latest = MAX(latest, ms);
  /* From QRS onset, so that one map's colours mean the same times as another's as long as their
   * latest segments round to the same tick. */
  axis_fit(&axis, 0.0, latest > 0.0 ? latest : 100.0, 5.0);
  *lo_ms = 0.0;
  *hi_ms = axis.hi;
}

static gboolean excluded_of(const CtBullseye *data, int segment)
{
  return data->mode == CT_BULLSEYE_VALUES && data->excluded != NULL && data->excluded[segment - 1];
}

static gboolean value_of(const CtBullseye *data, int segment, double *value)
{
  if (data->values == NULL || excluded_of(data, segment) || !isfinite(data->values[segment - 1]))
    return FALSE;
  *value = data->values[segment - 1];
  return TRUE;
}

void ct_plot_bullseye_values_scale(const CtBullseye *data, double *lo, double *hi)
{
  double v_lo = G_MAXDOUBLE, v_hi = -G_MAXDOUBLE, value;
  Axis axis;

  g_return_if_fail(data != NULL && lo != NULL && hi != NULL);
  if (isfinite(data->values_lo) && isfinite(data->values_hi) && data->values_hi > data->values_lo) {
    *lo = data->values_lo;
    *hi = data->values_hi;
    return;
  }
  for (int s = 1; s <= CS_AHA_SEGMENTS; s++)
    if (value_of(data, s, &value)) {
      v_lo = MIN(v_lo, value);
      v_hi = MAX(v_hi, value);
    }
  if (v_lo > v_hi) {
    *lo = 0.0;
    *hi = 1.0;
    return;
  }
  /* Round ends around the values (a single value: a unit either side). */
  axis_fit(&axis, v_lo, v_hi, 5.0);
  *lo = axis.lo;
  *hi = axis.hi;
}

/* Excluded segments: a mid grey (L* 62) apart from viridis' hues, from the light grey of
 * healthy scar-mode myocardium and from both backgrounds. */
static const double excluded_rgb[3] = {0.58, 0.58, 0.58};

gboolean ct_plot_bullseye_segment_colour(const CtBullseye *data, int segment, double rgb[3])
{
  double value, lo, hi;

  g_return_val_if_fail(data != NULL && rgb != NULL, FALSE);
  if (segment < 1 || segment > CS_AHA_SEGMENTS)
    return FALSE;
  if (data->mode == CT_BULLSEYE_SCAR) {
    if (!scar_of(data, segment, &value))
      return FALSE;
    scar_rgb(value, rgb);
    return TRUE;
  }
  if (data->mode == CT_BULLSEYE_VALUES) {
    if (excluded_of(data, segment)) {
      memcpy(rgb, excluded_rgb, sizeof excluded_rgb);
      return TRUE;
    }
    if (!value_of(data, segment, &value))
      return FALSE;
    ct_plot_bullseye_values_scale(data, &lo, &hi);
    viridis_rgb((value - lo) / (hi - lo), rgb);
    return TRUE;
  }
  if (!activation_of(data, segment, &value))
    return FALSE;
  ct_plot_bullseye_activation_scale(data, &lo, &hi);
  viridis_rgb((value - lo) / (hi - lo), rgb);
  return TRUE;
}

const char *ct_plot_aha_segment_name(int segment)
{
  /* Cerqueira 2002, the statement's nomenclature. */
  switch (segment) {
  case 1:
    return C_("AHA segment", "basal anterior");
  case 2:
    return C_("AHA segment", "basal anteroseptal");
  case 3:
    return C_("AHA segment", "basal inferoseptal");
  case 4:
    return C_("AHA segment", "basal inferior");
  case 5:
    return C_("AHA segment", "basal inferolateral");
  case 6:
    return C_("AHA segment", "basal anterolateral");
  case 7:
    return C_("AHA segment", "mid anterior");
  case 8:
    return C_("AHA segment", "mid anteroseptal");
  case 9:
    return C_("AHA segment", "mid inferoseptal");
  case 10:
    return C_("AHA segment", "mid inferior");
  case 11:
    return C_("AHA segment", "mid inferolateral");
  case 12:
    return C_("AHA segment", "mid anterolateral");
  case 13:
    return C_("AHA segment", "apical anterior");
  case 14:
    return C_("AHA segment", "apical septal");
  case 15:
    return C_("AHA segment", "apical inferior");
  case 16:
    return C_("AHA segment", "apical lateral");
  case 17:
    return C_("AHA segment", "apex");
  default:
    return NULL;
  }
}

/* Scar over an activation colour: diagonal hatching, denser, bolder and more opaque the more
 * transmural, in the ink that contrasts with the fill beneath. */
static void draw_hatch(cairo_t *cr, const BullseyeLayout *l, int segment, const double fill[3],
                       double transmurality)
{
  double em = l->em, spacing = (1.4 - 0.85 * transmurality) * em;
  int n = (int)ceil(1.5 * l->radius / spacing);

  cairo_save(cr);
  cairo_new_path(cr);
  segment_path(cr, l, segment);
  cairo_clip(cr);
  set_contrast_ink(cr, fill, 0.35 + 0.5 * transmurality);
  cairo_set_line_width(cr, (0.09 + 0.09 * transmurality) * em);
  /* Lines along (1, -1) (rising to the right), one every @spacing along (1, 1), anchored on the
   * map's centre so that neighbouring segments' hatching lines up. */
  for (int k = -n; k <= n; k++) {
    double ox = l->cx + k * spacing * G_SQRT2 / 2.0, oy = l->cy + k * spacing * G_SQRT2 / 2.0;

    cairo_move_to(cr, ox - 1.5 * l->radius, oy + 1.5 * l->radius);
    cairo_line_to(cr, ox + 1.5 * l->radius, oy - 1.5 * l->radius);
  }
  cairo_stroke(cr);
  cairo_restore(cr);
}

/* An excluded segment: a cross from corner to corner (the apex: two diameters), bold, in the ink
 * that contrasts with its grey. */
static void draw_cross(cairo_t *cr, const BullseyeLayout *l, int segment, const double fill[3])
{
  SegmentShape s = segment_shape(segment);
  double x[4], y[4];

  if (segment == 17) {
    for (int k = 0; k < 4; k++)
      segment_point(l, s.r1, 45.0 + 90.0 * k, &x[k], &y[k]);
  } else {
    double a0 = s.centre_deg - 0.5 * s.width_deg, a1 = s.centre_deg + 0.5 * s.width_deg;
    /* A little inside the corners, so that the cross reads as the segment's, not its
     * neighbours'. */
    double r0 = s.r0 + 0.12 * (s.r1 - s.r0), r1 = s.r1 - 0.12 * (s.r1 - s.r0);
    double inset = 0.08 * s.width_deg;

    segment_point(l, r0, a0 + inset, &x[0], &y[0]);
    segment_point(l, r1, a1 - inset, &x[2], &y[2]);
    segment_point(l, r0, a1 - inset, &x[1], &y[1]);
    segment_point(l, r1, a0 + inset, &x[3], &y[3]);
  }
  cairo_save(cr);
  cairo_new_path(cr);
  segment_path(cr, l, segment);
  cairo_clip(cr);
  set_contrast_ink(cr, fill, 0.75);
  cairo_set_line_width(cr, MAX(0.16 * l->em, 1.5));
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_move_to(cr, x[0], y[0]);
  cairo_line_to(cr, x[2], y[2]);
  cairo_move_to(cr, x[1], y[1]);
  cairo_line_to(cr, x[3], y[3]);
  cairo_stroke(cr);
  cairo_restore(cr);
}

typedef struct {
  double x, y, radius;
} Marker;

/* Moves a text box of @w x @h centred on (@x, @y) clear of the lead markers: straight away from
 * each one it overlaps, or along (@tx, @ty) from one on its very centre. */
static void avoid_markers(const BullseyeLayout *l, const Marker *markers, int n_markers, double w,
                          double h, double tx, double ty, double *x, double *y)
{
  for (int i = 0; i < n_markers; i++) {
    double dx = *x - markers[i].x, dy = *y - markers[i].y, d = hypot(dx, dy), need;

    if (d < 1e-6) {
      dx = tx;
      dy = ty;
    } else {
      dx /= d;
      dy /= d;
    }
    /* The box's extent along the direction (its support function) plus the marker and a gap. */
    need = markers[i].radius + 0.2 * l->em + 0.5 * (fabs(dx) * w + fabs(dy) * h);
    if (d < need) {
      *x = markers[i].x + dx * need;
      *y = markers[i].y + dy * need;
    }
  }
}

/* Where a segment's value goes: its centre, clear of the lead markers. The LV lead's marker on the
 * centre moves it clockwise along the ring (downward in the apex), away from the segment's
 * number. */
static void place_value(const BullseyeLayout *l, int segment, const Marker *markers, int n_markers,
                        double w, double h, double *x, double *y)
{
  double a = segment_shape(segment).centre_deg * G_PI / 180.0;

  segment_centre(l, segment, x, y);
  /* Clockwise on the page at angle a (the map's angle falling): (sin a, cos a). */
  avoid_markers(l, markers, n_markers, w, h, segment == 17 ? 0.0 : sin(a),
                segment == 17 ? 1.0 : cos(a), x, y);
}

/* Text centred on (@x, @y); with a halo of @halo (NULL: none) so that it reads over hatching. */
static void draw_centred(cairo_t *cr, PangoLayout *layout, double x, double y, const double *halo,
                         double halo_width)
{
  int w, h;

  pango_layout_get_pixel_size(layout, &w, &h);
  cairo_save(cr);
  cairo_move_to(cr, x - 0.5 * w, y - 0.5 * h);
  if (halo != NULL) {
    cairo_pattern_t *ink = cairo_pattern_reference(cairo_get_source(cr));

    pango_cairo_layout_path(cr, layout);
    cairo_set_source_rgb(cr, halo[0], halo[1], halo[2]);
    cairo_set_line_width(cr, halo_width);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke_preserve(cr);
    cairo_set_source(cr, ink);
    cairo_fill(cr);
    cairo_pattern_destroy(ink);
  } else {
    pango_cairo_show_layout(cr, layout);
  }
  cairo_restore(cr);
}

static void draw_marker(cairo_t *cr, const CtPlotStyle *style, const Marker *m, const double rgb[3],
                        const char *label, double text_scale)
{
  double em = style->font_size > 0.0 ? style->font_size : 11.0;
  double outline = MAX(0.12 * em, 1.0);
  PangoLayout *layout;
  int w, h;

  /* A light halo, a dark outline, the lead's colour: it stands out on any fill. */
  cairo_new_path(cr);
  cairo_arc(cr, m->x, m->y, m->radius + outline, 0.0, 2.0 * G_PI);
  cairo_set_source_rgb(cr, 1.0, 1.0, 1.0);
  cairo_fill(cr);
  cairo_arc(cr, m->x, m->y, m->radius, 0.0, 2.0 * G_PI);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_fill(cr);
  cairo_arc(cr, m->x, m->y, m->radius - outline, 0.0, 2.0 * G_PI);
  cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
  cairo_fill(cr);
  /* The label only where it fits inside. */
  layout = text_layout_full(cr, style, label, 0.72 * text_scale, TRUE);
  pango_layout_get_pixel_size(layout, &w, &h);
  if (w <= 2.0 * (m->radius - outline)) {
    set_contrast_ink(cr, rgb, 1.0);
    draw_centred(cr, layout, m->x, m->y, NULL, 0.0);
  }
  g_object_unref(layout);
}

/* Tick step of a colour bar: 1, 2 or 5 x 10^k, the finest with at most @max_steps steps over the
 * range (at least one: the range itself). */
static double legend_step(double lo, double hi, int max_steps)
{
  double span = hi - lo, magnitude;

  max_steps = CLAMP(max_steps, 1, 5);
  magnitude = pow(10.0, floor(log10(span / max_steps)));
  for (int k = 0; k < 3; k++)
    for (int m = 0; m < 3; m++) {
      double step = (double[]){1.0, 2.0, 5.0}[m] * magnitude * pow(10.0, k);

      if (span / step <= max_steps + 1e-9)
        return step;
    }
  return span;
}

typedef void (*ColourFunc)(double t, double rgb[3]);

/* A colour bar from @lo to @hi (in the unit of @title) with its title and round ticks: upward
 * beside the map, rightward below it. @bottom_room: height (beside) left free under the bar. */
static void draw_colour_bar(cairo_t *cr, const CtPlotStyle *style, const BullseyeLayout *l,
                            ColourFunc colour, double lo, double hi, double scale,
                            const char *title, double bottom_room)
{
  double em = l->em, step, first;
  double bx, by, bw, bh; /* the bar */
  int n;
  PangoLayout *layout = text_layout(cr, style, title);
  cairo_pattern_t *gradient;
  int tw, th;

  pango_layout_set_width(layout, (int)(l->lw * PANGO_SCALE));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
  pango_layout_get_pixel_size(layout, &tw, &th);
  set_ink(cr, style, 0.85);
  if (!l->legend_below) {
    double top = l->cy - l->radius, bottom = l->cy + l->radius - bottom_room;

    cairo_move_to(cr, l->lx, top);
    pango_cairo_show_layout(cr, layout);
    bx = l->lx;
    bw = 1.1 * em;
    by = top + th + 0.6 * em;
    bh = MAX(bottom - by, 2.0 * em);
    gradient = cairo_pattern_create_linear(0.0, by + bh, 0.0, by);
    /* A label's height and a half between ticks. */
    step = legend_step(lo, hi, (int)floor(bh / (1.8 * em)));
  } else {
    cairo_move_to(cr, l->lx, l->ly);
    pango_cairo_show_layout(cr, layout);
    bx = l->lx;
    bw = l->lw;
    by = l->ly + th + 0.3 * em;
    bh = 1.1 * em;
    gradient = cairo_pattern_create_linear(bx, 0.0, bx + bw, 0.0);
    /* Three digits' width and a half between ticks. */
    step = legend_step(lo, hi, (int)floor(bw / (3.5 * em)));
  }
  g_object_unref(layout);
  /* The gradient through 33 stops: exact at viridis' anchors, the grey ramp's L* steps close. */
  for (int i = 0; i <= 32; i++) {
    double rgb[3];

    colour(i / 32.0, rgb);
    cairo_pattern_add_color_stop_rgb(gradient, i / 32.0, rgb[0], rgb[1], rgb[2]);
  }
  cairo_rectangle(cr, bx, by, bw, bh);
  cairo_set_source(cr, gradient);
  cairo_fill_preserve(cr);
  cairo_pattern_destroy(gradient);
  set_ink(cr, style, 0.55);
  cairo_set_line_width(cr, 1.0);
  cairo_stroke(cr);

  /* Ticks at the round values inside the range, labelled in the title's unit; counted, not
   * accumulated (as axis_ticks()). */
  first = ceil(lo / step - 1e-9);
  n = (int)MIN(floor(hi / step + 1e-9) - first, 20.0);
  for (int k = 0; k <= n; k++) {
    double v = (first + k) * step, t = (v - lo) / (hi - lo);
    g_autofree char *label = g_strdup_printf("%g", fabs(v * scale) < 1e-9 ? 0.0 : v * scale);

    set_ink(cr, style, 0.7);
    if (!l->legend_below) {
      double y = by + bh - t * bh;

      cairo_move_to(cr, bx + bw, y);
      cairo_line_to(cr, bx + bw + 0.3 * em, y);
      cairo_stroke(cr);
      set_ink(cr, style, 0.8);
      draw_text(cr, style, label, bx + bw + 0.45 * em, y, 0.0, 0.5, FALSE);
    } else {
      double x = bx + t * bw;

      cairo_move_to(cr, x, by + bh);
      cairo_line_to(cr, x, by + bh + 0.3 * em);
      cairo_stroke(cr);
      set_ink(cr, style, 0.8);
      draw_text(cr, style, label, x, by + bh + 0.35 * em, 0.5, 0.0, FALSE);
    }
  }
}

/* The height of a key (beside the map) and the room each takes under the colour bar. */
#define BULLSEYE_KEY_HEIGHT_EM 1.3
#define BULLSEYE_KEY_ROOM_EM   2.4

/* A key: a swatch (the hatching of transmural scar, or an excluded segment's grey and cross) and
 * its label; @slot 0 the lowest beside the map (the rightmost below it), 1 above (left of) it. */
static void draw_key(cairo_t *cr, const CtPlotStyle *style, const BullseyeLayout *l, int slot,
                     gboolean cross, const char *label)
{
  double em = l->em, bg[3], x, y, w = 2.2 * em, h = BULLSEYE_KEY_HEIGHT_EM * em;
  BullseyeLayout box = *l;

  background_rgb(style, bg);
  if (!l->legend_below) {
    x = l->lx;
    y = l->cy + l->radius - h - slot * (BULLSEYE_KEY_ROOM_EM - 0.6) * em;
  } else {
    x = l->lx + l->lw - w - 3.2 * em - slot * (w + 7.0 * em);
    y = l->ly;
  }
  cairo_save(cr);
  cairo_rectangle(cr, x, y, w, h);
  cairo_clip(cr);
  /* The drawing of a one-segment map (the apex disc) that covers the swatch. */
  box.cx = x + 0.5 * w;
  box.cy = y + 0.5 * h;
  box.radius = w / ring_outer[0];
  if (cross) {
    cairo_set_source_rgb(cr, excluded_rgb[0], excluded_rgb[1], excluded_rgb[2]);
    cairo_paint(cr);
    box.radius = 0.5 * hypot(w, h) / ring_outer[0];
    draw_cross(cr, &box, 17, excluded_rgb);
  } else {
    draw_hatch(cr, &box, 17, bg, 1.0);
  }
  cairo_restore(cr);
  cairo_rectangle(cr, x + 0.5, y + 0.5, w - 1.0, h - 1.0);
  set_ink(cr, style, 0.55);
  cairo_set_line_width(cr, 1.0);
  cairo_stroke(cr);
  set_ink(cr, style, 0.85);
  /* Beside the map, wrapped to the legend's width (a long label on two lines). */
  {
    PangoLayout *layout = text_layout(cr, style, label);
    int tw, th;

    if (!l->legend_below) {
      pango_layout_set_width(layout, (int)(MAX(l->lw - w - 0.4 * em, 2.0 * em) * PANGO_SCALE));
      pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
    }
    pango_layout_get_pixel_size(layout, &tw, &th);
    cairo_move_to(cr, x + w + 0.4 * em, y + 0.5 * h - 0.5 * th);
    pango_cairo_show_layout(cr, layout);
    g_object_unref(layout);
  }
}

void ct_plot_bullseye(cairo_t *cr, double width, double height, const CtPlotStyle *style,
                      const CtBullseye *data)
{
  BullseyeLayout l;
  Marker markers[2];
  const double *marker_rgb[2];
  const char *marker_label[2];
  int n_markers = 0;
  double em, ring_width, lo = 0.0, hi = 1.0, value;
  double text_scale;
  gboolean any_scar = FALSE, any_excluded = FALSE, show_values, show_numbers;

  g_return_if_fail(cr != NULL && style != NULL && data != NULL);
  bullseye_layout(&l, width, height, style);
  em = l.em;
  ring_width = (ring_outer[1] - ring_outer[0]) * l.radius;
  /* Values where a ring holds them (about three digits a ring's width); numbers where there is
   * room for them beside the values. */
  show_values = ring_width >= 1.9 * em;
  show_numbers = ring_width >= 2.8 * em;
  /* On a large map, larger values (up to 1.6 times the style's font), to read from further. */
  text_scale = CLAMP(ring_width / (3.2 * em), 1.0, 1.6);
  if (data->mode == CT_BULLSEYE_VALUES)
    ct_plot_bullseye_values_scale(data, &lo, &hi);
  else
    ct_plot_bullseye_activation_scale(data, &lo, &hi);
  for (int s = 1; s <= CS_AHA_SEGMENTS; s++) {
    any_scar = any_scar || (!excluded_of(data, s) && scar_of(data, s, &value) && value > 0.0);
    any_excluded = any_excluded || excluded_of(data, s);
  }

  /* The leads: the LV lead's tip in its segment (a coronary vein over it), drawn on the
   * segment's centre. The RV lead lies in the RV, against the septum, so it is drawn on the
   * septal edge of the LV region it faces: an apical lead on the border of the apex (17) and the
   * apical septum (14), where the engine's RV apical wave enters the LV first; a septal lead on
   * the mid-septum, the border of the mid anteroseptal (8) and inferoseptal (9) segments (Peschar
   * 2003, as src/sim/cs-activation.c). */
  if (data->lv_lead_segment >= 1 && data->lv_lead_segment <= CS_AHA_SEGMENTS) {
    segment_centre(&l, data->lv_lead_segment, &markers[n_markers].x, &markers[n_markers].y);
    marker_rgb[n_markers] = lv_lead_rgb;
    marker_label[n_markers] = C_("bullseye lead", "LV");
    n_markers++;
  }
  if (data->rv_lead_site == CS_RV_LEAD_APEX || data->rv_lead_site == CS_RV_LEAD_SEPTUM) {
    segment_point(&l,
                  data->rv_lead_site == CS_RV_LEAD_APEX ? ring_outer[0]
                                                        : 0.5 * (ring_outer[1] + ring_outer[2]),
                  180.0, &markers[n_markers].x, &markers[n_markers].y);
    marker_rgb[n_markers] = rv_lead_rgb;
    marker_label[n_markers] = C_("bullseye lead", "RV");
    n_markers++;
  }
  for (int i = 0; i < n_markers; i++)
    markers[i].radius = MIN(0.8 * em * text_scale, 0.25 * ring_width);

  cairo_save(cr);
  paint_background(cr, style);

  /* Fills, and scar hatched over the activation colours. */
  for (int s = 1; s <= CS_AHA_SEGMENTS; s++) {
    double fill[3];

    if (ct_plot_bullseye_segment_colour(data, s, fill)) {
      cairo_new_path(cr);
      segment_path(cr, &l, s);
      cairo_set_source_rgb(cr, fill[0], fill[1], fill[2]);
      cairo_fill(cr);
    } else {
      background_rgb(style, fill);
    }
    if (excluded_of(data, s))
      draw_cross(cr, &l, s, fill);
    else if (data->mode != CT_BULLSEYE_SCAR && scar_of(data, s, &value) && value > 0.0)
      draw_hatch(cr, &l, s, fill, value);
  }

  /* Borders, thin, in one path: the rings' circles and the sectors' edges. */
  cairo_new_path(cr);
  for (int r = 0; r < 4; r++) {
    cairo_new_sub_path(cr);
    cairo_arc(cr, l.cx, l.cy, ring_outer[r] * l.radius, 0.0, 2.0 * G_PI);
  }
  for (int k = 0; k < 6; k++) {
    double x0, y0, x1, y1;

    segment_point(&l, ring_outer[1], 60.0 * k, &x0, &y0);
    segment_point(&l, ring_outer[3], 60.0 * k, &x1, &y1);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
  }
  for (int k = 0; k < 4; k++) {
    double x0, y0, x1, y1;

    segment_point(&l, ring_outer[0], 45.0 + 90.0 * k, &x0, &y0);
    segment_point(&l, ring_outer[1], 45.0 + 90.0 * k, &x1, &y1);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
  }
  /* The foreground's line on a narrow band of the background: it shows on every fill, the white
   * ink of the dark style on the light grey of healthy myocardium too. */
  {
    double bg[3];

    background_rgb(style, bg);
    cairo_set_source_rgb(cr, bg[0], bg[1], bg[2]);
    cairo_set_line_width(cr, MAX(0.22 * em, 2.4));
    cairo_stroke_preserve(cr);
  }
  set_ink(cr, style, 0.75);
  cairo_set_line_width(cr, MAX(0.09 * em, 1.0));
  cairo_stroke(cr);

  /* Each segment's value, in the ink that contrasts with its fill; its number, small. */
  for (int s = 1; s <= CS_AHA_SEGMENTS && (show_values || show_numbers); s++) {
    double fill[3], x, y, scar = 0.0;
    gboolean hatched = data->mode != CT_BULLSEYE_SCAR && !excluded_of(data, s) &&
                       scar_of(data, s, &scar) && scar > 0.0;
    g_autofree char *text = NULL;

    if (!ct_plot_bullseye_segment_colour(data, s, fill))
      background_rgb(style, fill);
    if (data->mode == CT_BULLSEYE_ACTIVATION && activation_of(data, s, &value))
      text = g_strdup_printf("%.0f", value);
    else if (data->mode == CT_BULLSEYE_SCAR && scar_of(data, s, &value) && value >= 0.005)
      text = g_strdup_printf("%.0f", 100.0 * value);
    else if (data->mode == CT_BULLSEYE_VALUES && value_of(data, s, &value)) {
      int digits = CLAMP(data->values_digits, 0, 3);

      /* A minus sign (U+2212), not a hyphen, and no "-0". */
      if (fabs(value) < 0.5 * pow(10.0, -digits))
        value = 0.0;
      text = value < 0.0 ? g_strdup_printf("\u2212%.*f", digits, -value)
                         : g_strdup_printf("%.*f", digits, value);
    }
    if (show_values && text != NULL) {
      PangoLayout *layout = text_layout_full(cr, style, text, text_scale, TRUE);
      int w, h;

      pango_layout_get_pixel_size(layout, &w, &h);
      place_value(&l, s, markers, n_markers, w, h, &x, &y);
      set_contrast_ink(cr, fill, 1.0);
      draw_centred(cr, layout, x, y, hatched ? fill : NULL, 0.3 * em);
      g_object_unref(layout);
    }
    if (show_numbers) {
      SegmentShape shape = segment_shape(s);
      g_autofree char *number = g_strdup_printf("%d", s);
      PangoLayout *layout = text_layout_full(cr, style, number, 0.72 * text_scale, FALSE);
      int w, h;

      /* Counter-clockwise of the value, toward the sector's edge; in the apex, above it. */
      if (s == 17)
        segment_point(&l, 0.6 * ring_outer[0], 90.0, &x, &y);
      else
        segment_point(&l, 0.5 * (shape.r0 + shape.r1), shape.centre_deg + 0.36 * shape.width_deg,
                      &x, &y);
      pango_layout_get_pixel_size(layout, &w, &h);
      avoid_markers(&l, markers, n_markers, w, h, 0.0, 1.0, &x, &y);
      set_contrast_ink(cr, fill, 0.6);
      draw_centred(cr, layout, x, y, hatched ? fill : NULL, 0.25 * em);
      g_object_unref(layout);
    }
  }

  /* The highlighted segment: a thick outline in the ink, on a halo of the background so that it
   * stands out on dark and light fills alike. */
  if (data->highlighted_segment >= 1 && data->highlighted_segment <= CS_AHA_SEGMENTS) {
    double bg[3];

    background_rgb(style, bg);
    cairo_new_path(cr);
    segment_path(cr, &l, data->highlighted_segment);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_source_rgb(cr, bg[0], bg[1], bg[2]);
    cairo_set_line_width(cr, 0.5 * em);
    cairo_stroke_preserve(cr);
    set_ink(cr, style, 1.0);
    cairo_set_line_width(cr, 0.25 * em);
    cairo_stroke(cr);
  }

  for (int i = 0; i < n_markers; i++)
    draw_marker(cr, style, &markers[i], marker_rgb[i], marker_label[i], text_scale);

  /* The walls' names around the map (in the room BULLSEYE_WALL_LABEL_EM keeps), so that it reads
   * without knowing the convention; the septum's and the lateral wall's upright, as a y axis'
   * title. */
  {
    CtPlotStyle small = *style;
    double gap = 0.4 * em;

    small.font_size = 0.85 * em;
    set_ink(cr, style, 0.6);
    draw_text(cr, &small, C_("bullseye wall", "Anterior"), l.cx, l.cy - l.radius - gap, 0.5, 1.0,
              FALSE);
    draw_text(cr, &small, C_("bullseye wall", "Septal"), l.cx - l.radius - gap, l.cy, 0.5, 1.0,
              TRUE);
    draw_text(cr, &small, C_("bullseye wall", "Inferior"), l.cx, l.cy + l.radius + gap, 0.5, 0.0,
              FALSE);
    draw_text(cr, &small, C_("bullseye wall", "Lateral"), l.cx + l.radius + gap, l.cy, 0.5, 0.0,
              TRUE);
  }

  /* The legend. */
  if (data->mode == CT_BULLSEYE_ACTIVATION) {
    gboolean any_activation = FALSE;

    for (int s = 1; s <= CS_AHA_SEGMENTS; s++)
      any_activation = any_activation || activation_of(data, s, &value);
    if (any_activation)
      draw_colour_bar(cr, style, &l, viridis_rgb, lo, hi, 1.0,
                      C_("bullseye legend", "Activation (ms)"), any_scar ? 2.4 * em : 0.0);
    if (any_scar)
      draw_key(cr, style, &l, 0, FALSE, C_("bullseye legend", "Scar"));
  } else if (data->mode == CT_BULLSEYE_VALUES) {
    gboolean any_value = FALSE;
    int n_keys = (any_scar ? 1 : 0) + (any_excluded ? 1 : 0);

    for (int s = 1; s <= CS_AHA_SEGMENTS; s++)
      any_value = any_value || value_of(data, s, &value);
    if (any_value)
      draw_colour_bar(cr, style, &l, viridis_rgb, lo, hi, 1.0,
                      data->values_title != NULL ? data->values_title : "",
                      n_keys * BULLSEYE_KEY_ROOM_EM * em);
    if (any_excluded)
      draw_key(cr, style, &l, 0, TRUE,
               data->excluded_label != NULL ? data->excluded_label
                                            : C_("bullseye legend", "Excluded"));
    if (any_scar)
      draw_key(cr, style, &l, any_excluded ? 1 : 0, FALSE, C_("bullseye legend", "Scar"));
  } else if (data->scar_transmurality != NULL) {
    draw_colour_bar(cr, style, &l, scar_rgb, 0.0, 1.0, 100.0,
                    C_("bullseye legend", "Scar transmurality (%)"), 0.0);
  }
  cairo_restore(cr);
}

/* ------------------------------------------------------------------ trends */

/* The panels, top to bottom. */
enum { PANEL_HEART_RATE, PANEL_PRESSURE, PANEL_WEIGHT, N_PANELS };

/* Heart rate blue, blood pressure vermillion (the aortic pressure's colour: it is the arterial
 * pressure a cuff measures), weight bluish green; a flagged reading orange, the colour GNOME
 * gives warnings. All Okabe & Ito 2008. */
static const int trend_colours[CT_TREND_COUNT] = {
    [CT_TREND_HEART_RATE] = 1,
    [CT_TREND_SYSTOLIC] = 0,
    [CT_TREND_DIASTOLIC] = 0,
    [CT_TREND_WEIGHT] = 3,
};
#define TREND_FLAG_COLOUR 5

static void okabe_ito_rgb(int colour, gboolean dark, double rgb[3])
{
  for (int i = 0; i < 3; i++) {
    rgb[i] = okabe_ito[colour][i] / 255.0;
    /* As ct_plot_trace_colour(): lightened a quarter toward white on a dark background. */
    if (dark)
      rgb[i] += 0.25 * (1.0 - rgb[i]);
  }
}

void ct_plot_trend_colour(CtTrendQuantity quantity, gboolean dark, double rgb[3])
{
  g_return_if_fail((guint)quantity < CT_TREND_COUNT);
  okabe_ito_rgb(trend_colours[quantity], dark, rgb);
}

void ct_plot_trend_flag_colour(gboolean dark, double rgb[3])
{
  okabe_ito_rgb(TREND_FLAG_COLOUR, dark, rgb);
}

static int panel_of(CtTrendQuantity quantity)
{
  switch (quantity) {
  case CT_TREND_HEART_RATE:
    return PANEL_HEART_RATE;
  case CT_TREND_SYSTOLIC:
  case CT_TREND_DIASTOLIC:
    return PANEL_PRESSURE;
  case CT_TREND_WEIGHT:
  case CT_TREND_COUNT:
  default:
    return PANEL_WEIGHT;
  }
}

/* The narrowest span a panel's axis shows, in the data's unit. Day-to-day scatter (a home cuff's
 * ±5 mmHg, a scale's ±0.3 kg) must not fill a panel and look like a trend, while a change that
 * matters fills a good part of it: a weight gain of 2 kg in 3 days, the threshold at which
 * patients with heart failure are told to act (ESC heart failure guidelines, Ponikowski et al.
 * 2016, Eur Heart J 37:2129, section 12 "Essential skills and self-care behaviours"; McDonagh et
 * al. 2021, Eur Heart J 42:3599, section 12 on self-care), spans half the weight panel. */
static const double panel_min_span[N_PANELS] = {
    [PANEL_HEART_RATE] = 20.0, /* bpm */
    [PANEL_PRESSURE] = 40.0,   /* mmHg */
    [PANEL_WEIGHT] = 4.0,      /* kg */
};

/* Readings further apart than this are not joined by a line: with daily home monitoring, a longer
 * gap is missing data (a stay in hospital, a monitor not used), not a straight trend. */
#define TREND_JOIN_S (3 * 86400 + 6 * 3600)

/* A blood pressure reading's bar: the pressure's colour, lighter than its dots. */
#define TREND_BAR_ALPHA 0.5

#define TREND_TOP_EM    0.4
#define TREND_TITLE_EM  1.5
#define TREND_GAP_EM    0.7
#define TREND_BOTTOM_EM 2.0
#define TREND_RIGHT_EM  1.8

typedef struct {
  double em;
  double x0, width;                      /* the plot areas' common x */
  double y0[N_PANELS], height[N_PANELS]; /* each panel's plot area */
  double from_s, to_s;                   /* the period asked for */
  double axis_from_s, axis_to_s;         /* the time axis: the period with a margin */
  Axis y[N_PANELS];                      /* in the unit shown */
  double y_scale[N_PANELS];              /* unit shown per data unit */
  gboolean has_data[N_PANELS];           /* readings in the period */
  gboolean any;                          /* any reading in the period */
} TrendLayout;

static gboolean in_period(const TrendLayout *l, gint64 time_s)
{
  return time_s >= l->from_s && time_s <= l->to_s;
}

static void trends_layout(TrendLayout *l, double width, double height, const CtPlotStyle *style,
                          const CtPlotTrend *series, guint n_series, const CtPlotTrendRange *range)
{
  double lo[N_PANELS], hi[N_PANELS];
  double first = G_MAXDOUBLE, last = -G_MAXDOUBLE, margin, available;

  memset(l, 0, sizeof *l);
  l->em = font_em(style);
  for (int p = 0; p < N_PANELS; p++) {
    lo[p] = G_MAXDOUBLE;
    hi[p] = -G_MAXDOUBLE;
  }
  /* The period: the caller's, or that of the readings. */
  for (guint s = 0; s < n_series; s++)
    for (gsize i = 0; i < series[s].n_points; i++) {
      first = MIN(first, (double)series[s].points[i].time_s);
      last = MAX(last, (double)series[s].points[i].time_s);
    }
  if (range != NULL && range->to_s > range->from_s) {
    l->from_s = (double)range->from_s;
    l->to_s = (double)range->to_s;
  } else if (first <= last) {
    l->from_s = first;
    l->to_s = last;
  } else {
    l->from_s = 0.0;
    l->to_s = 86400.0;
  }
  /* A margin so that the first and last readings are not on the frame: 2 % of the period, at
   * least 6 hours (a single day's readings then show as a day wide). */
  margin = MAX(0.02 * (l->to_s - l->from_s), 6.0 * 3600.0);
  l->axis_from_s = l->from_s - margin;
  l->axis_to_s = l->to_s + margin;

  for (guint s = 0; s < n_series; s++) {
    int p;

    if ((guint)series[s].quantity >= CT_TREND_COUNT)
      continue;
    p = panel_of(series[s].quantity);
    for (gsize i = 0; i < series[s].n_points; i++) {
      const CtPlotTrendPoint *point = &series[s].points[i];

      if (!in_period(l, point->time_s) || !isfinite(point->value))
        continue;
      lo[p] = MIN(lo[p], point->value);
      hi[p] = MAX(hi[p], point->value);
      l->has_data[p] = TRUE;
      l->any = TRUE;
    }
  }

  l->x0 = LEFT_MARGIN_EM * l->em;
  l->width = MAX(width - l->x0 - TREND_RIGHT_EM * l->em, 1.0);
  available = height - (TREND_TOP_EM + N_PANELS * TREND_TITLE_EM + (N_PANELS - 1) * TREND_GAP_EM +
                        TREND_BOTTOM_EM) *
                           l->em;
  for (int p = 0; p < N_PANELS; p++) {
    double span, centre, panel_height = MAX(available / N_PANELS, 1.0);

    l->height[p] = panel_height;
    l->y0[p] =
        (TREND_TOP_EM + (p + 1) * TREND_TITLE_EM + p * TREND_GAP_EM) * l->em + p * panel_height;
    l->y_scale[p] = p == PANEL_PRESSURE && style->pressure_kpa ? KPA_PER_MMHG : 1.0;
    if (!l->has_data[p]) {
      /* Typical values, for an empty panel's (unlabelled) grid. */
      static const double empty_centre[N_PANELS] = {70.0, 100.0, 75.0};

      lo[p] = hi[p] = empty_centre[p];
    }
    span = MAX(hi[p] - lo[p], panel_min_span[p]);
    centre = 0.5 * (lo[p] + hi[p]);
    lo[p] = centre - 0.5 * span;
    hi[p] = centre + 0.5 * span;
    /* Never below zero (a weight, a rate, a pressure), and round in the unit shown. */
    axis_fit(&l->y[p], MAX(lo[p] - 0.08 * span, 0.0) * l->y_scale[p],
             (hi[p] + 0.08 * span) * l->y_scale[p], l->height[p] / (2.2 * l->em));
  }
}

static double trend_x(const TrendLayout *l, double time_s)
{
  return l->x0 + (time_s - l->axis_from_s) / (l->axis_to_s - l->axis_from_s) * l->width;
}

/* A data value (bpm, mmHg, kg) in panel @p. */
static double trend_y(const TrendLayout *l, int p, double value)
{
  const Axis *a = &l->y[p];

  return l->y0[p] + l->height[p] - (value * l->y_scale[p] - a->lo) / (a->hi - a->lo) * l->height[p];
}

/* A tick's y in the unit shown. */
static double trend_tick_y(const TrendLayout *l, int p, double shown)
{
  return trend_y(l, p, shown / l->y_scale[p]);
}

void ct_plot_trends_point(double width, double height, const CtPlotStyle *style,
                          const CtPlotTrend *series, guint n_series, const CtPlotTrendRange *range,
                          CtTrendQuantity quantity, gint64 time_s, double value, double *x,
                          double *y)
{
  TrendLayout l;

  g_return_if_fail(style != NULL && x != NULL && y != NULL);
  trends_layout(&l, width, height, style, series, n_series, range);
  *x = trend_x(&l, (double)time_s);
  *y = trend_y(&l, panel_of(quantity), value);
}

/* ---- the date axis */

#define MAX_DATE_TICKS 64

typedef struct {
  int days, months; /* one of them */
} DateStep;

/* Day steps (weekly ones on Mondays), then month steps (on the first of a month). */
static const DateStep date_steps[] = {{1, 0}, {2, 0}, {7, 0}, {14, 0}, {0, 1},
                                      {0, 2}, {0, 3}, {0, 6}, {0, 12}};

static const char *date_format(const DateStep *step)
{
  /* TRANSLATORS: a g_date_time_format() format for the dates under the trends (day and
   * abbreviated month, e.g. "3 Oct"; "%-d" is the day without padding). Reorder as your
   * language writes a date. */
  return step->days > 0 ? C_("trend date axis", "%-d %b")
                        /* TRANSLATORS: the same for month steps: abbreviated month and year. */
                        : C_("trend date axis", "%b %Y");
}

/* The ticks of the date axis (midnights or firsts of months in @tz) and their step. */
static int date_ticks(cairo_t *cr, const CtPlotStyle *style, const TrendLayout *l, GTimeZone *tz,
                      gint64 *ticks, const DateStep **chosen)
{
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc((gint64)floor(l->axis_from_s));
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) tick = NULL;
  const DateStep *step = &date_steps[G_N_ELEMENTS(date_steps) - 1];
  double span = l->axis_to_s - l->axis_from_s;
  int n = 0;

  if (start == NULL)
    return 0;
  local = g_date_time_to_timezone(start, tz);
  /* The finest step whose labels keep a gap between them. */
  for (gsize k = 0; k < G_N_ELEMENTS(date_steps); k++) {
    double step_s = date_steps[k].days > 0 ? date_steps[k].days * 86400.0
                                           : date_steps[k].months * 30.44 * 86400.0;
    g_autofree char *sample = g_date_time_format(local, date_format(&date_steps[k]));
    PangoLayout *layout = text_layout(cr, style, sample != NULL ? sample : "00 MMM");
    int w, h;

    pango_layout_get_pixel_size(layout, &w, &h);
    g_object_unref(layout);
    if (l->width * step_s / span >= w + 1.5 * l->em) {
      step = &date_steps[k];
      break;
    }
  }
  if (step->days > 0) {
    tick = g_date_time_new(tz, g_date_time_get_year(local), g_date_time_get_month(local),
                           g_date_time_get_day_of_month(local), 0, 0, 0);
    if (step->days >= 7)
      while (tick != NULL && g_date_time_get_day_of_week(tick) != 1) {
        GDateTime *next = g_date_time_add_days(tick, 1);

        g_date_time_unref(tick);
        tick = next;
      }
  } else {
    int month = g_date_time_get_month(local) - 1;

    /* Steps of 3 months on the quarters, of 12 on January. */
    month -= month % step->months;
    tick = g_date_time_new(tz, g_date_time_get_year(local), month + 1, 1, 0, 0, 0);
  }
  while (tick != NULL && n < MAX_DATE_TICKS) {
    gint64 t = g_date_time_to_unix(tick);
    GDateTime *next;

    if (t > l->axis_to_s)
      break;
    if (t >= l->axis_from_s)
      ticks[n++] = t;
    next = step->days > 0 ? g_date_time_add_days(tick, step->days)
                          : g_date_time_add_months(tick, step->months);
    g_date_time_unref(tick);
    tick = next;
  }
  g_clear_pointer(&tick, g_date_time_unref);
  *chosen = step;
  return n;
}

/* ---- drawing */

static const char *panel_title(int p, const CtPlotStyle *style)
{
  switch (p) {
  case PANEL_HEART_RATE:
    return _("Heart rate (bpm)");
  case PANEL_PRESSURE:
    return style->pressure_kpa ? _("Blood pressure (kPa)") : _("Blood pressure (mmHg)");
  case PANEL_WEIGHT:
  default:
    return _("Weight (kg)");
  }
}

static void draw_panel_frame(cairo_t *cr, const CtPlotStyle *style, const TrendLayout *l, int p,
                             const gint64 *ticks, int n_ticks)
{
  double em = l->em, top = l->y0[p], bottom = l->y0[p] + l->height[p];

  cairo_set_line_width(cr, 1.0);
  set_ink(cr, style, 0.10);
  for (int k = 0; k < n_ticks; k++) {
    cairo_move_to(cr, round(trend_x(l, (double)ticks[k])) + 0.5, top);
    cairo_line_to(cr, round(trend_x(l, (double)ticks[k])) + 0.5, bottom);
  }
  if (l->has_data[p])
    for (int k = 0; k <= axis_ticks(&l->y[p]); k++) {
      double y = round(trend_tick_y(l, p, l->y[p].lo + k * l->y[p].step)) + 0.5;

      cairo_move_to(cr, l->x0, y);
      cairo_line_to(cr, l->x0 + l->width, y);
    }
  cairo_stroke(cr);
  set_ink(cr, style, 0.55);
  cairo_move_to(cr, l->x0 + 0.5, top);
  cairo_line_to(cr, l->x0 + 0.5, bottom + 0.5);
  cairo_line_to(cr, l->x0 + l->width, bottom + 0.5);
  cairo_stroke(cr);

  set_ink(cr, style, 0.75);
  if (l->has_data[p])
    for (int k = 0; k <= axis_ticks(&l->y[p]); k++) {
      double v = l->y[p].lo + k * l->y[p].step;
      g_autofree char *label = g_strdup_printf("%g", fabs(v) < 1e-9 ? 0.0 : v);

      draw_text(cr, style, label, l->x0 - 0.4 * em, trend_tick_y(l, p, v), 1.0, 0.5, FALSE);
    }
  draw_text(cr, style, panel_title(p, style), l->x0, top - 0.25 * em, 0.0, 1.0, FALSE);
  if (!l->has_data[p]) {
    set_ink(cr, style, 0.5);
    draw_text(cr, style, _("No readings in this period"), l->x0 + 0.5 * l->width,
              top + 0.5 * l->height[p], 0.5, 0.5, FALSE);
  }
}

/* A line joining the readings of one series in the period (broken at long gaps), and a dot on
 * each; flagged readings ringed. */
static void draw_series(cairo_t *cr, const CtPlotStyle *style, const TrendLayout *l,
                        const CtPlotTrend *series, double dot_radius)
{
  int p = panel_of(series->quantity);
  double rgb[3], flag[3];
  const CtPlotTrendPoint *previous = NULL;

  ct_plot_trend_colour(series->quantity, style->dark, rgb);
  ct_plot_trend_flag_colour(style->dark, flag);
  cairo_set_source_rgba(cr, rgb[0], rgb[1], rgb[2], 0.6);
  cairo_set_line_width(cr, 0.12 * l->em);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_new_path(cr);
  for (gsize i = 0; i < series->n_points; i++) {
    const CtPlotTrendPoint *point = &series->points[i];
    double x = trend_x(l, (double)point->time_s), y = trend_y(l, p, point->value);

    if (!in_period(l, point->time_s) || !isfinite(point->value))
      continue;
    if (previous != NULL && point->time_s - previous->time_s <= TREND_JOIN_S)
      cairo_line_to(cr, x, y);
    else
      cairo_move_to(cr, x, y);
    previous = point;
  }
  cairo_stroke(cr);

  cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
  for (gsize i = 0; i < series->n_points; i++) {
    const CtPlotTrendPoint *point = &series->points[i];

    if (!in_period(l, point->time_s) || !isfinite(point->value))
      continue;
    cairo_new_path(cr);
    cairo_arc(cr, trend_x(l, (double)point->time_s), trend_y(l, p, point->value), dot_radius, 0.0,
              2.0 * G_PI);
    cairo_fill(cr);
  }
  cairo_set_source_rgb(cr, flag[0], flag[1], flag[2]);
  cairo_set_line_width(cr, MAX(0.16 * l->em, 1.5));
  for (gsize i = 0; i < series->n_points; i++) {
    const CtPlotTrendPoint *point = &series->points[i];

    if (!point->flagged || !in_period(l, point->time_s) || !isfinite(point->value))
      continue;
    cairo_new_path(cr);
    cairo_arc(cr, trend_x(l, (double)point->time_s), trend_y(l, p, point->value),
              dot_radius + 0.3 * l->em, 0.0, 2.0 * G_PI);
    cairo_stroke(cr);
  }
}

/* Each reading's systolic and diastolic pressures joined by a bar (the two series in time order:
 * a reading is a systolic and a diastolic of the same instant). */
static void draw_pressure_bars(cairo_t *cr, const CtPlotStyle *style, const TrendLayout *l,
                               const CtPlotTrend *systolic, const CtPlotTrend *diastolic)
{
  double rgb[3];
  gsize j = 0;

  ct_plot_trend_colour(CT_TREND_SYSTOLIC, style->dark, rgb);
  cairo_set_source_rgba(cr, rgb[0], rgb[1], rgb[2], TREND_BAR_ALPHA);
  cairo_set_line_width(cr, MAX(0.22 * l->em, 1.5));
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
  cairo_new_path(cr);
  for (gsize i = 0; i < systolic->n_points; i++) {
    const CtPlotTrendPoint *s = &systolic->points[i];

    while (j < diastolic->n_points && diastolic->points[j].time_s < s->time_s)
      j++;
    if (j >= diastolic->n_points)
      break;
    if (diastolic->points[j].time_s != s->time_s || !in_period(l, s->time_s) ||
        !isfinite(s->value) || !isfinite(diastolic->points[j].value))
      continue;
    cairo_move_to(cr, trend_x(l, (double)s->time_s), trend_y(l, PANEL_PRESSURE, s->value));
    cairo_line_to(cr, trend_x(l, (double)s->time_s),
                  trend_y(l, PANEL_PRESSURE, diastolic->points[j].value));
  }
  cairo_stroke(cr);
}

static void draw_calibration(cairo_t *cr, const CtPlotStyle *style, const TrendLayout *l,
                             gint64 calibration_s)
{
  double x = round(trend_x(l, (double)calibration_s)) + 0.5, em = l->em;
  const char *label = C_("trend marker", "Twin calibrated");
  PangoLayout *layout;
  int w, h;
  gboolean left;

  if ((double)calibration_s < l->axis_from_s || (double)calibration_s > l->axis_to_s)
    return;
  cairo_save(cr);
  set_ink(cr, style, 0.6);
  cairo_set_line_width(cr, MAX(0.1 * em, 1.0));
  cairo_set_dash(cr, (double[]){0.4 * em, 0.3 * em}, 2, 0.0);
  cairo_move_to(cr, x, l->y0[0] - 0.2 * em);
  cairo_line_to(cr, x, l->y0[N_PANELS - 1] + l->height[N_PANELS - 1]);
  cairo_stroke(cr);
  cairo_restore(cr);
  /* The label beside the line, in the heart-rate panel's title row; left of the line when the
   * line is near the right edge. */
  layout = text_layout(cr, style, label);
  pango_layout_get_pixel_size(layout, &w, &h);
  g_object_unref(layout);
  left = x + 0.4 * em + w > l->x0 + l->width + TREND_RIGHT_EM * em;
  set_ink(cr, style, 0.75);
  draw_text(cr, style, label, left ? x - 0.4 * em : x + 0.4 * em, l->y0[0] - 0.25 * em,
            left ? 1.0 : 0.0, 1.0, FALSE);
}

void ct_plot_trends(cairo_t *cr, double width, double height, const CtPlotStyle *style,
                    const CtPlotTrend *series, guint n_series, const CtPlotTrendRange *range)
{
  g_autoptr(GTimeZone) local = NULL;
  GTimeZone *tz;
  gint64 ticks[MAX_DATE_TICKS];
  const DateStep *step = NULL;
  const CtPlotTrend *systolic = NULL, *diastolic = NULL;
  TrendLayout l;
  int n_ticks;
  gsize n_in_period = 0;
  double dot_radius;

  g_return_if_fail(cr != NULL && style != NULL);
  g_return_if_fail(series != NULL || n_series == 0);
  trends_layout(&l, width, height, style, series, n_series, range);
  cairo_save(cr);
  paint_background(cr, style);
  if (!l.any) {
    set_ink(cr, style, 0.55);
    draw_text(cr, style, _("No readings to show"), 0.5 * width, 0.5 * height, 0.5, 0.5, FALSE);
    cairo_restore(cr);
    return;
  }
  if (range != NULL && range->time_zone != NULL)
    tz = range->time_zone;
  else
    tz = local = g_time_zone_new_local();
  n_ticks = date_ticks(cr, style, &l, tz, ticks, &step);

  for (int p = 0; p < N_PANELS; p++)
    draw_panel_frame(cr, style, &l, p, ticks, n_ticks);
  set_ink(cr, style, 0.75);
  for (int k = 0; k < n_ticks; k++) {
    g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc(ticks[k]);
    g_autoptr(GDateTime) day = utc != NULL ? g_date_time_to_timezone(utc, tz) : NULL;
    g_autofree char *label = day != NULL ? g_date_time_format(day, date_format(step)) : NULL;

    if (label != NULL)
      draw_text(cr, style, label, trend_x(&l, (double)ticks[k]),
                l.y0[N_PANELS - 1] + l.height[N_PANELS - 1] + 0.3 * l.em, 0.5, 0.0, FALSE);
  }
  if (range != NULL && range->calibration_s != 0)
    draw_calibration(cr, style, &l, range->calibration_s);

  /* Dots a fifth of an em across, smaller when the readings crowd (several a day over months). */
  for (guint s = 0; s < n_series; s++)
    for (gsize i = 0; i < series[s].n_points; i++)
      n_in_period += in_period(&l, series[s].points[i].time_s);
  dot_radius =
      n_in_period / (double)MAX(n_series, 1) > l.width / (0.8 * l.em) ? 0.13 * l.em : 0.22 * l.em;
  dot_radius = MAX(dot_radius, 1.5);
  for (guint s = 0; s < n_series; s++) {
    if (series[s].quantity == CT_TREND_SYSTOLIC)
      systolic = &series[s];
    else if (series[s].quantity == CT_TREND_DIASTOLIC)
      diastolic = &series[s];
  }
  for (int p = 0; p < N_PANELS; p++) {
    if (!l.has_data[p])
      continue;
    cairo_save(cr);
    /* Clipped to the panel, with room for a dot's ring on the frame. */
    cairo_rectangle(cr, l.x0, l.y0[p] - 0.6 * l.em, l.width + 0.6 * l.em, l.height[p] + 1.2 * l.em);
    cairo_clip(cr);
    if (p == PANEL_PRESSURE && systolic != NULL && diastolic != NULL)
      draw_pressure_bars(cr, style, &l, systolic, diastolic);
    for (guint s = 0; s < n_series; s++)
      if ((guint)series[s].quantity < CT_TREND_COUNT && panel_of(series[s].quantity) == p)
        draw_series(cr, style, &l, &series[s], dot_radius);
    cairo_restore(cr);
  }
  cairo_restore(cr);
}

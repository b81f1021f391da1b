/* ct-plot.c — cairo drawings of the haemodynamics: pressure–volume loops and traces.
 *
 * Read at a glance from a metre away: thick plan lines in colour, the baseline in grey (loops) or
 * dashed (traces) beneath, axes with round ticks and their units, nothing else. Colours are the
 * Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design", distinguishable with every common
 * colour-vision deficiency); the same quantity has the same colour in every plot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-plot.h"

#include <math.h>
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
static void axis_fit(Axis *axis, double lo, double hi)
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
  raw = span / 5.0;
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
} Frame;

static double frame_x(const Frame *f, double value)
{
  return f->x0 + (value - f->x.lo) / (f->x.hi - f->x.lo) * f->width;
}

static double frame_y(const Frame *f, double value)
{
  return f->y0 + f->height - (value - f->y.lo) / (f->y.hi - f->y.lo) * f->height;
}

static void frame_layout(Frame *f, double width, double height, const CtPlotStyle *style)
{
  double em = style->font_size > 0.0 ? style->font_size : 11.0;

  f->x0 = LEFT_MARGIN_EM * em;
  f->y0 = TOP_MARGIN_EM * em;
  f->width = MAX(width - f->x0 - RIGHT_MARGIN_EM * em, 1.0);
  f->height = MAX(height - f->y0 - BOTTOM_MARGIN_EM * em, 1.0);
}

static PangoLayout *text_layout(cairo_t *cr, const CtPlotStyle *style, const char *text)
{
  PangoLayout *layout = pango_cairo_create_layout(cr);
  PangoFontDescription *font = pango_font_description_new();

  pango_font_description_set_family(font, style->family != NULL ? style->family : "Sans");
  pango_font_description_set_absolute_size(
      font, (style->font_size > 0.0 ? style->font_size : 11.0) * PANGO_SCALE);
  pango_layout_set_font_description(layout, font);
  pango_layout_set_text(layout, text, -1);
  pango_font_description_free(font);
  return layout;
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

static void draw_frame(cairo_t *cr, const CtPlotStyle *style, const Frame *f, const char *x_title,
                       const char *y_title)
{
  double em = style->font_size > 0.0 ? style->font_size : 11.0;

  /* Background of the whole drawing: libadwaita's view colours. */
  if (style->dark)
    cairo_set_source_rgb(cr, 0.118, 0.118, 0.118);
  else
    cairo_set_source_rgb(cr, 1.0, 1.0, 1.0);
  cairo_paint(cr);

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
  double line = 1.6 * em, label_width = 0.0;

  for (int i = 0; i < n; i++) {
    PangoLayout *layout = text_layout(cr, style, entries[i].label);
    int w, h;

    pango_layout_get_pixel_size(layout, &w, &h);
    label_width = MAX(label_width, w);
    g_object_unref(layout);
  }
  for (int i = 0; i < n; i++) {
    double x = f->x0 + f->width - label_width - 3.2 * em;
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
                     CtPlotVentricle ventricle, const CtPlotBeat *baseline, const CtPlotBeat *plan)
{
  const CtPlotBeat *beats[2] = {baseline, plan};
  double v_lo = G_MAXDOUBLE, v_hi = -G_MAXDOUBLE, p_hi = -G_MAXDOUBLE;

  for (int b = 0; b < 2; b++)
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
   * end-diastolic pressure against zero). */
  axis_fit(&f->x, v_lo - 0.05 * (v_hi - v_lo), v_hi + 0.05 * (v_hi - v_lo));
  axis_fit(&f->y, 0.0, p_hi * 1.08);
}

static void trace_loop(cairo_t *cr, const Frame *f, CtPlotVentricle ventricle,
                       const CtPlotBeat *beat)
{
  for (gsize i = 0; i < beat->n_samples; i++) {
    double v, p;

    pv_of(ventricle, &beat->samples[i], &v, &p);
    if (i == 0)
      cairo_move_to(cr, frame_x(f, v), frame_y(f, p));
    else
      cairo_line_to(cr, frame_x(f, v), frame_y(f, p));
  }
  cairo_close_path(cr);
}

static void draw_relations(cairo_t *cr, const CtPlotStyle *style, const Frame *f,
                           const CtPlotPvRelations *r)
{
  double v_top;

  cairo_save(cr);
  cairo_rectangle(cr, f->x0, f->y0, f->width, f->height);
  cairo_clip(cr);
  set_ink(cr, style, 0.45);
  cairo_set_line_width(cr, 1.5);
  cairo_set_dash(cr, (double[]){6.0, 4.0}, 2, 0.0);
  /* ESPVR: a line through (Vd, 0) with slope Ees, up to the top of the plot. */
  if (r->end_systolic_elastance_mmhg_ml > 0.0) {
    v_top = r->dead_volume_ml + f->y.hi / r->end_systolic_elastance_mmhg_ml;
    cairo_move_to(cr, frame_x(f, r->dead_volume_ml), frame_y(f, 0.0));
    cairo_line_to(cr, frame_x(f, v_top), frame_y(f, f->y.hi));
    cairo_stroke(cr);
  }
  /* EDPVR: the exponential across the volume axis. */
  if (r->edpvr_scale_mmhg > 0.0 && r->edpvr_stiffness_per_ml > 0.0) {
    for (int i = 0; i <= 100; i++) {
      double v = f->x.lo + (f->x.hi - f->x.lo) * i / 100.0;
      double p = r->edpvr_scale_mmhg *
                 (exp(r->edpvr_stiffness_per_ml * (v - r->edpvr_zero_volume_ml)) - 1.0);

      p = CLAMP(p, f->y.lo - 1.0, f->y.hi * 2.0);
      if (i == 0)
        cairo_move_to(cr, frame_x(f, v), frame_y(f, p));
      else
        cairo_line_to(cr, frame_x(f, v), frame_y(f, p));
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
  Frame f;

  pv_frame(&f, width, height, style, ventricle, baseline, plan);
  *x = frame_x(&f, volume_ml);
  *y = frame_y(&f, pressure_mmhg);
}

void ct_plot_pv_loop(cairo_t *cr, double width, double height, const CtPlotStyle *style,
                     CtPlotVentricle ventricle, const CtPlotBeat *baseline, const CtPlotBeat *plan,
                     const CtPlotPvRelations *plan_relations)
{
  Frame f;
  double rgb[3] = {0.0, 0.0, 0.0};
  double em = style->font_size > 0.0 ? style->font_size : 11.0;

  g_return_if_fail(cr != NULL && style != NULL);
  pv_frame(&f, width, height, style, ventricle, baseline, plan);
  cairo_save(cr);
  draw_frame(cr, style, &f, _("Volume (ml)"), _("Pressure (mmHg)"));
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

void ct_plot_traces(cairo_t *cr, double width, double height, const CtPlotStyle *style,
                    guint traces, const CtPlotBeat *baseline, const CtPlotBeat *plan)
{
  const CtPlotBeat *beats[2] = {baseline, plan};
  double t_hi = 0.0, y_lo = G_MAXDOUBLE, y_hi = -G_MAXDOUBLE;
  double em = style->font_size > 0.0 ? style->font_size : 11.0;
  gboolean volumes = FALSE;
  Frame f;

  g_return_if_fail(cr != NULL && style != NULL);
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
  frame_layout(&f, width, height, style);
  axis_fit(&f.x, 0.0, MAX(t_hi, 1.0));
  /* Pressures from 0; volumes from a round number below the smallest. */
  axis_fit(&f.y, volumes ? y_lo - 0.05 * (y_hi - y_lo) : MIN(0.0, y_lo), y_hi * 1.05);

  cairo_save(cr);
  draw_frame(cr, style, &f, _("Time (ms)"), volumes ? _("Volume (ml)") : _("Pressure (mmHg)"));
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
        double x = frame_x(&f, s->time_s * 1000.0), y = frame_y(&f, trace_value((CtTrace)t, s));

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

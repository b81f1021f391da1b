/* ct-plot.h — cairo drawings of the haemodynamics: pressure–volume loops and pressure and volume
 * traces, baseline beside plan, the AHA 17-segment bullseye of activation and scar, and the trends
 * of home monitoring.
 *
 * The plots room knows cairo (and Pango for text), never widgets: one code path draws for the
 * screen (a GtkDrawingArea's cairo_t) and for the PDF report (a cairo PDF surface). Sizes are in
 * the caller's user units (logical pixels on screen, points in a PDF); HiDPI is the surface's
 * business (cairo_surface_set_device_scale).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "cardiosim.h"

G_BEGIN_DECLS

/* The conventional millimetre of mercury: 13.5951 g/cm3 (mercury at 0 degC) x 9.80665 m/s2
 * (standard gravity) x 1 mm = 133.322387415 Pa (BIPM, The International System of Units, 8th ed.
 * 2006, Table 8: 1 mmHg ~ 133.322 Pa; NIST SP 811, 2008, B.8). Every kPa the app and the report
 * show is converted with this one number. */
#define CT_PLOT_KPA_PER_MMHG 0.133322387415

/* One beat's waveform (from cs_model_waveform or a CtBeat), not owned. */
typedef struct {
  const CsSample *samples;
  gsize n_samples;
} CtPlotBeat;

typedef struct {
  gboolean dark;         /* dark style (libadwaita's dark scheme) */
  double font_size;      /* user units; 0: 11 */
  const char *family;    /* Pango font family; NULL: "Sans" */
  gboolean pressure_kpa; /* pressure axes in kPa (the data stay in mmHg); FALSE: mmHg */
} CtPlotStyle;

void ct_plot_style_default(CtPlotStyle *style);

typedef enum {
  CT_PLOT_LEFT_VENTRICLE,
  CT_PLOT_RIGHT_VENTRICLE,
} CtPlotVentricle;

/* The end-systolic and end-diastolic pressure–volume relations drawn with a loop:
 * ESPVR P = Ees (V - Vd); EDPVR P = P0 (exp(lambda (V - V0)) - 1). Zero Ees: not drawn. */
typedef struct {
  double end_systolic_elastance_mmhg_ml;
  double dead_volume_ml;
  double edpvr_scale_mmhg;
  double edpvr_stiffness_per_ml;
  double edpvr_zero_volume_ml;
} CtPlotPvRelations;

/* A pressure–volume loop of one ventricle in the rectangle (0, 0, width, height): the baseline in
 * grey (may be NULL), the plan in colour, axes with units, and the relations of @plan_relations
 * (may be NULL). The axes fit both loops. */
void ct_plot_pv_loop(cairo_t *cr, double width, double height, const CtPlotStyle *style,
                     CtPlotVentricle ventricle, const CtPlotBeat *baseline, const CtPlotBeat *plan,
                     const CtPlotPvRelations *plan_relations);

/* Where a pressure–volume point of the last ct_plot_pv_loop() geometry lands, for tests: the
 * axes' mapping for the given beats and size. The pressure is in mmHg whatever the style's unit. */
void ct_plot_pv_loop_point(double width, double height, const CtPlotStyle *style,
                           CtPlotVentricle ventricle, const CtPlotBeat *baseline,
                           const CtPlotBeat *plan, double volume_ml, double pressure_mmhg,
                           double *x, double *y);

/* How many plans ct_plot_pv_loops() overlays on the baseline. */
#define CT_PLOT_MAX_PLANS 4

/* Plans compared with the baseline: the pressure–volume loops of one ventricle overlaid in the
 * rectangle (0, 0, width, height), @beats[0] the baseline in grey (may be NULL), @beats[1..n-1]
 * the plans (at most CT_PLOT_MAX_PLANS; a NULL one is left out but keeps its colour), each in its
 * colour (ct_plot_pv_plan_colour()), one pair of axes fitted to all of them, and a legend of
 * @labels (n of them; NULL, or a NULL label: "Baseline", "Plan"). */
void ct_plot_pv_loops(cairo_t *cr, double width, double height, const CtPlotStyle *style,
                      CtPlotVentricle ventricle, const CtPlotBeat *const *beats,
                      const char *const *labels, guint n);

/* Where a pressure–volume point lands in ct_plot_pv_loops() for the same beats and size, for
 * tests. The pressure is in mmHg whatever the style's unit. */
void ct_plot_pv_loops_point(double width, double height, const CtPlotStyle *style,
                            CtPlotVentricle ventricle, const CtPlotBeat *const *beats, guint n,
                            double volume_ml, double pressure_mmhg, double *x, double *y);

/* The colour (sRGB 0..1) of plan @plan (0..CT_PLOT_MAX_PLANS-1) in ct_plot_pv_loops(). */
void ct_plot_pv_plan_colour(guint plan, gboolean dark, double rgb[3]);

typedef enum {
  CT_TRACE_AORTIC_PRESSURE,
  CT_TRACE_LV_PRESSURE,
  CT_TRACE_LA_PRESSURE,
  CT_TRACE_PULMONARY_ARTERY_PRESSURE,
  CT_TRACE_RV_PRESSURE,
  CT_TRACE_RA_PRESSURE,
  CT_TRACE_LV_VOLUME,
  CT_TRACE_RV_VOLUME,
  CT_TRACE_COUNT
} CtTrace;

/* Traces over one beat (time in ms on the x axis): those of @traces (a bit mask of 1 << CtTrace)
 * for the plan in colour and the baseline dashed in the same colour. Pressures and volumes are
 * not mixed on one axis: ask for either. Pressures are shown in the style's unit. */
void ct_plot_traces(cairo_t *cr, double width, double height, const CtPlotStyle *style,
                    guint traces, const CtPlotBeat *baseline, const CtPlotBeat *plan);

/* Where a point (time in ms, value in ml or mmHg whatever the style's unit) of the traces lands,
 * for tests: the axes' mapping of ct_plot_traces() for the same arguments. */
void ct_plot_traces_point(double width, double height, const CtPlotStyle *style, guint traces,
                          const CtPlotBeat *baseline, const CtPlotBeat *plan, double time_ms,
                          double value, double *x, double *y);

/* The colour of a trace (sRGB 0..1), the same in every plot and in legends. */
void ct_plot_trace_colour(CtTrace trace, gboolean dark, double rgb[3]);

/* ------------------------------------------------------------------ bullseye */

/* The AHA 17-segment polar map (Cerqueira et al. 2002, Circulation 105:539) of the LV: the apex
 * (17) in the centre, the apical ring (13-16), the mid ring (7-12) and the basal ring (1-6)
 * outside; anterior at the top, septum on the left, inferior at the bottom, lateral on the right,
 * segments numbered counter-clockwise from the anterior one. */

typedef enum {
  CT_BULLSEYE_ACTIVATION, /* segments coloured by activation time, scar hatched over them */
  CT_BULLSEYE_SCAR,       /* segments shaded by scar transmurality */
  CT_BULLSEYE_VALUES,     /* segments coloured by a value of the caller's (e.g. a CRT search's
                           * predicted gain), scar hatched over them, excluded segments crossed */
} CtBullseyeMode;

#define CT_BULLSEYE_NO_RV_LEAD (-1)

/* What a bullseye shows. Arrays hold segment s at [s - 1] and are not owned. Fill it with
 * ct_plot_bullseye_default() first: a zeroed struct shows an RV apical lead (CS_RV_LEAD_APEX is
 * 0). */
typedef struct {
  CtBullseyeMode mode;
  const double *activation_ms;      /* [17] ms from QRS onset; NULL: not shown */
  const double *scar_transmurality; /* [17] 0..1; NULL: not shown */
  int lv_lead_segment;              /* 1..17; 0: none */
  int rv_lead_site;                 /* a CsRvLeadSite, or CT_BULLSEYE_NO_RV_LEAD */
  int highlighted_segment;          /* 1..17 (hover, keyboard focus); 0: none */
  /* The activation colour scale. hi <= lo (the default): from 0 (QRS onset) to the round number
   * of ms at or above the latest segment. Give two bullseyes the same scale to compare them. */
  double activation_lo_ms, activation_hi_ms;
  /* CT_BULLSEYE_VALUES: [17] a value per segment (NaN: none, the segment left blank); the colour
   * bar's title with its unit (e.g. "dP/dt max gain (%)"); the decimals written in the segments;
   * the colour scale (hi <= lo, the default: the round numbers around the values). */
  const double *values;
  const char *values_title;
  int values_digits;
  double values_lo, values_hi;
  /* CT_BULLSEYE_VALUES: [17] TRUE for a segment left out of the values (e.g. in transmural scar,
   * where a CRT search never proposes a lead): grey with a cross, no value; NULL: none. The key's
   * label (NULL: "Excluded"). */
  const gboolean *excluded;
  const char *excluded_label;
} CtBullseye;

/* Nothing shown, no leads, activation mode. */
void ct_plot_bullseye_default(CtBullseye *data);

/* The bullseye in the rectangle (0, 0, width, height): the map as large as fits, its legend on
 * the right (below when the rectangle is tall). The map's place depends on the size and the
 * style's font only, never on @data: ct_plot_bullseye_segment_at() needs no data. */
void ct_plot_bullseye(cairo_t *cr, double width, double height, const CtPlotStyle *style,
                      const CtBullseye *data);

/* The segment (1..17) under the point (@x, @y) of a bullseye drawn at this size, or 0 outside
 * the map. */
int ct_plot_bullseye_segment_at(double width, double height, const CtPlotStyle *style, double x,
                                double y);

/* @segment's centre in a bullseye drawn at this size: where its value is written (moved aside when
 * a lead marker sits there) and where the LV lead's marker goes. FALSE for a segment outside
 * 1..17. */
gboolean ct_plot_bullseye_segment_centre(double width, double height, const CtPlotStyle *style,
                                         int segment, double *x, double *y);

/* The activation colour scale the bullseye uses for @data, in ms. */
void ct_plot_bullseye_activation_scale(const CtBullseye *data, double *lo_ms, double *hi_ms);

/* The values' colour scale (CT_BULLSEYE_VALUES) the bullseye uses for @data, in the values' unit.
 */
void ct_plot_bullseye_values_scale(const CtBullseye *data, double *lo, double *hi);

/* The fill (sRGB 0..1) of @segment in @data's mode; FALSE when it has none (no data: the
 * background shows). */
gboolean ct_plot_bullseye_segment_colour(const CtBullseye *data, int segment, double rgb[3]);

/* The clinical name of an AHA segment, translated ("basal anterior", ..., "apex"), for tooltips
 * and accessible labels; NULL for a number outside 1..17 (0 included). */
const char *ct_plot_aha_segment_name(int segment);

/* ------------------------------------------------------------------ trends */

/* Home monitoring and clinic readings over days, one panel each, stacked on one date axis: heart
 * rate, blood pressure (systolic and diastolic of a reading joined by a bar), weight. */

typedef enum {
  CT_TREND_HEART_RATE, /* bpm */
  CT_TREND_SYSTOLIC,   /* mmHg (shown in the style's pressure unit) */
  CT_TREND_DIASTOLIC,  /* mmHg */
  CT_TREND_WEIGHT,     /* kg */
  CT_TREND_COUNT
} CtTrendQuantity;

typedef struct {
  gint64 time_s;    /* when, in Unix time */
  double value;     /* in the quantity's unit */
  gboolean flagged; /* marked for attention (e.g. a weight gain the caller found) */
} CtPlotTrendPoint;

/* One quantity's readings, oldest first; not owned. */
typedef struct {
  CtTrendQuantity quantity;
  const CtPlotTrendPoint *points;
  gsize n_points;
} CtPlotTrend;

typedef struct {
  gint64 from_s, to_s;  /* the period shown, Unix time; to_s <= from_s: that of the readings */
  gint64 calibration_s; /* when the twin was calibrated, marked across the panels; 0: none */
  GTimeZone *time_zone; /* the dates' time zone; NULL: local */
} CtPlotTrendRange;

/* The three panels in the rectangle (0, 0, width, height): heart rate, blood pressure, weight,
 * each with its own axis fitted to its readings in the period (and never narrower than a span that
 * keeps day-to-day noise small), dates below; readings outside the period are not drawn. A panel
 * with no reading in the period says so; with none at all, the drawing says only that. */
void ct_plot_trends(cairo_t *cr, double width, double height, const CtPlotStyle *style,
                    const CtPlotTrend *series, guint n_series, const CtPlotTrendRange *range);

/* Where a reading of @quantity (value in its unit: mmHg whatever the style's) at @time_s lands
 * in ct_plot_trends() for the same arguments, for tests and hover. */
void ct_plot_trends_point(double width, double height, const CtPlotStyle *style,
                          const CtPlotTrend *series, guint n_series, const CtPlotTrendRange *range,
                          CtTrendQuantity quantity, gint64 time_s, double value, double *x,
                          double *y);

/* The colour of a quantity's readings (sRGB 0..1), and that of a flagged reading. */
void ct_plot_trend_colour(CtTrendQuantity quantity, gboolean dark, double rgb[3]);
void ct_plot_trend_flag_colour(gboolean dark, double rgb[3]);

G_END_DECLS

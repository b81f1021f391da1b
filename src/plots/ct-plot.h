/* ct-plot.h — cairo drawings of the haemodynamics: pressure–volume loops and pressure and volume
 * traces, baseline beside plan.
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

/* One beat's waveform (from cs_model_waveform or a CtBeat), not owned. */
typedef struct {
  const CsSample *samples;
  gsize n_samples;
} CtPlotBeat;

typedef struct {
  gboolean dark;      /* dark style (libadwaita's dark scheme) */
  double font_size;   /* user units; 0: 11 */
  const char *family; /* Pango font family; NULL: "Sans" */
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
 * axes' mapping for the given beats and size. */
void ct_plot_pv_loop_point(double width, double height, const CtPlotStyle *style,
                           CtPlotVentricle ventricle, const CtPlotBeat *baseline,
                           const CtPlotBeat *plan, double volume_ml, double pressure_mmhg,
                           double *x, double *y);

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
 * not mixed on one axis: ask for either. */
void ct_plot_traces(cairo_t *cr, double width, double height, const CtPlotStyle *style,
                    guint traces, const CtPlotBeat *baseline, const CtPlotBeat *plan);

/* The colour of a trace (sRGB 0..1), the same in every plot and in legends. */
void ct_plot_trace_colour(CtTrace trace, gboolean dark, double rgb[3]);

G_END_DECLS

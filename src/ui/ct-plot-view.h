/* ct-plot-view.h — one haemodynamic plot of the twin page: a ventricle's pressure–volume loop or a
 * set of traces, baseline beside plan (src/plots draws it; this widget only feeds it beats).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ct-beat.h"

G_BEGIN_DECLS

typedef enum {
  CT_PLOT_VIEW_LV_LOOP,     /* LV pressure–volume loop with ESPVR and EDPVR */
  CT_PLOT_VIEW_RV_LOOP,     /* RV pressure–volume loop */
  CT_PLOT_VIEW_LEFT_HEART,  /* aortic, LV and LA pressures */
  CT_PLOT_VIEW_RIGHT_HEART, /* pulmonary artery, RV and RA pressures */
  CT_PLOT_VIEW_VOLUMES,     /* LV and RV volumes */
} CtPlotViewKind;

GType ct_plot_view_kind_get_type(void) G_GNUC_CONST;
#define CT_TYPE_PLOT_VIEW_KIND (ct_plot_view_kind_get_type())

#define CT_TYPE_PLOT_VIEW (ct_plot_view_get_type())
G_DECLARE_FINAL_TYPE(CtPlotView, ct_plot_view, CT, PLOT_VIEW, GtkWidget)

GtkWidget *ct_plot_view_new(CtPlotViewKind kind);

/* The twin's parameters (for the diastolic relation and the dead volume of the loops). */
void ct_plot_view_set_params(CtPlotView *self, const CsParams *params);
/* The beats drawn: the baseline in grey or dashed, the plan in colour; either may be NULL. */
void ct_plot_view_set_beats(CtPlotView *self, CtBeat *baseline, CtBeat *plan);
/* The plan beat's generation the widget last drew (0 before any), for the input-to-plot
 * benchmark and the tests: the frame that showed an answer. */
guint ct_plot_view_get_drawn_generation(CtPlotView *self);

G_END_DECLS

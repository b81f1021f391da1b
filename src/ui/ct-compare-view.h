/* ct-compare-view.h — the "Compare" tab of the twin page: up to four plans (the patient's saved
 * plans and the plan being edited) weighed against the baseline, their LV pressure–volume loops
 * overlaid and their indices in columns, each change from the baseline beside its value, in bold
 * when it is not zero as shown.
 *
 * The plans checked are simulated to their steady state on a GTask thread, each in a model of its
 * own from the twin's parameters; a new selection, a new twin or a change of the current plan
 * (when it is checked) cancels the run and starts another.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ct-beat.h"
#include "ct-store.h"
#include "ct-therapy-panel.h"
#include "ct-twin.h"

G_BEGIN_DECLS

#define CT_TYPE_COMPARE_VIEW (ct_compare_view_get_type())
G_DECLARE_FINAL_TYPE(CtCompareView, ct_compare_view, CT, COMPARE_VIEW, GtkWidget)

/* How many plans can be compared at once. */
#define CT_COMPARE_VIEW_MAX_PLANS 4

/* The name that stands for the plan being edited (saved plans' names are never empty). */
#define CT_COMPARE_VIEW_CURRENT ""

GtkWidget *ct_compare_view_new(void);

/* The twin whose plans are compared: cancels a run and clears the selection and the result. */
void ct_compare_view_set_twin(CtCompareView *self, CtTwin *twin);
/* Whose saved plans are offered (NULL: a twin opened from a file, "Current plan" only). */
void ct_compare_view_set_patient(CtCompareView *self, CtStore *store, gint64 patient_key);
/* Where the current plan is edited. */
void ct_compare_view_set_therapy_panel(CtCompareView *self, CtTherapyPanel *panel);
/* Reads the saved plans again (after one was saved or deleted); the checked ones stay checked. */
void ct_compare_view_refresh_plans(CtCompareView *self);

/* Checks the plans @names (saved plans' names, or CT_COMPARE_VIEW_CURRENT; at most
 * CT_COMPARE_VIEW_MAX_PLANS, unknown names ignored) and nothing else; starts the run. */
void ct_compare_view_set_selected(CtCompareView *self, const char *const *names);

/* Whether a run is under way. */
gboolean ct_compare_view_get_busy(CtCompareView *self);
/* The beats of the last result (baseline first, then the plans in the order shown), borrowed; 0
 * before a result. */
guint ct_compare_view_get_n_beats(CtCompareView *self);
CtBeat *ct_compare_view_get_beat(CtCompareView *self, guint i);
/* The grid's cell of index @index (cs_index_name order) in column @column (0: baseline, 1...:
 * the plans): the value as shown, and for a plan the change from the baseline ("" for the
 * baseline); NULL outside the grid. Whether the change is in bold. */
const char *ct_compare_view_get_cell_value(CtCompareView *self, guint index, guint column);
const char *ct_compare_view_get_cell_change(CtCompareView *self, guint index, guint column);
gboolean ct_compare_view_get_cell_highlighted(CtCompareView *self, guint index, guint column);
/* Whether that cell's value is marked as beyond the values reported in patients. */
gboolean ct_compare_view_get_cell_outside_human_range(CtCompareView *self, guint index,
                                                      guint column);
/* The status line (what is going on, or why there is no result). */
const char *ct_compare_view_get_message(CtCompareView *self);
/* The loops' drawing. */
GtkWidget *ct_compare_view_get_loops(CtCompareView *self);

G_END_DECLS

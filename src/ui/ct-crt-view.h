/* ct-crt-view.h — the CRT tab of the twin page: the search of the best CRT settings for the open
 * twin (every LV lead segment outside transmural scar x AV delay x VV offset, ct_crt_optimize) on
 * a worker thread with progress and cancel, its answer as a bullseye of the best predicted gain
 * per LV segment and the five best settings, each of which "Apply" makes the plan.
 *
 * Actions (prefix "crt."): find (start the search), cancel, apply (u: rank 0..4 of the result).
 * Signal "message" (string): a short note for the window's toast (a plan applied).
 *
 * A result belongs to the twin and the therapy (drugs, LVAD, reflexes, lower rate, RV lead) it was
 * computed for: another twin clears it and cancels a running search; a change of that therapy on
 * the panel clears it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ct-crt-optimizer.h"
#include "ct-therapy-panel.h"
#include "ct-twin.h"

G_BEGIN_DECLS

#define CT_TYPE_CRT_VIEW (ct_crt_view_get_type())
G_DECLARE_FINAL_TYPE(CtCrtView, ct_crt_view, CT, CRT_VIEW, GtkWidget)

/* The number of candidates shown as rows. */
#define CT_CRT_VIEW_N_ROWS 5

GtkWidget *ct_crt_view_new(void);

/* The panel whose therapy the search keeps (drugs, LVAD, reflexes, lower rate, RV lead) and that
 * "Apply" sets (not owned; the page owns both). */
void ct_crt_view_set_therapy_panel(CtCrtView *self, CtTherapyPanel *panel);
/* The twin searched (NULL: none): clears the result and cancels a running search. */
void ct_crt_view_set_twin(CtCrtView *self, CtTwin *twin);

/* Whether a search runs. */
gboolean ct_crt_view_get_busy(CtCrtView *self);
/* The result shown: the candidates ranked best first (CtCrtCandidate), NULL when none is shown. */
GArray *ct_crt_view_get_candidates(CtCrtView *self);
/* The best predicted dP/dt max gain (%) of LV lead segment @segment in the result; NaN when there
 * is no result or the segment has no candidate (excluded, or never paced). */
double ct_crt_view_get_segment_gain(CtCrtView *self, int segment);
/* Whether the result excluded @segment for transmural scar. */
gboolean ct_crt_view_get_segment_excluded(CtCrtView *self, int segment);
/* What the view says under the button (why there is no result, an error), or NULL. */
const char *ct_crt_view_get_message(CtCrtView *self);
/* The result's summary (the best setting, LV-only pacing there, what was left out), or "" before
 * a result. */
const char *ct_crt_view_get_summary(CtCrtView *self);
/* LV-only pacing from the result's best segment at its best AV delay, or NULL (no result, or
 * no AV delay paces: inhibited, or not brought to a steady state); owned by the view, valid
 * until the next result. */
const CtCrtCandidate *ct_crt_view_get_lv_only(CtCrtView *self);
/* How many results have been shown since the view was made (a test or benchmark waits on it). */
guint ct_crt_view_get_n_results(CtCrtView *self);

G_END_DECLS

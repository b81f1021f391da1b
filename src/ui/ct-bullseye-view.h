/* ct-bullseye-view.h — the AHA 17-segment bullseye of the plan: activation times, scar, the leads;
 * click a segment (or choose it with the keyboard) to place the LV lead there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ct-beat.h"

G_BEGIN_DECLS

#define CT_TYPE_BULLSEYE_VIEW (ct_bullseye_view_get_type())
G_DECLARE_FINAL_TYPE(CtBullseyeView, ct_bullseye_view, CT, BULLSEYE_VIEW, GtkWidget)

GtkWidget *ct_bullseye_view_new(void);

/* The plan's beat (its activation times) and the baseline's, for a colour scale common to both
 * (so that the colours show what the plan changes). Either may be NULL. */
void ct_bullseye_view_set_beats(CtBullseyeView *self, CtBeat *baseline, CtBeat *plan);
/* Scar transmurality per segment (index 0 = segment 1), 0..1; NULL: none. */
void ct_bullseye_view_set_scar(CtBullseyeView *self, const double *scar_transmurality);
/* The leads drawn: LV segment (0: none), RV site (CsRvLeadSite, or -1: none). */
void ct_bullseye_view_set_leads(CtBullseyeView *self, int lv_segment, int rv_site);

/* The segment a click at widget point (@x, @y) chooses (0: none), and where segment @segment's
 * centre is drawn: for tests. */
int ct_bullseye_view_segment_at(CtBullseyeView *self, double x, double y);
gboolean ct_bullseye_view_segment_point(CtBullseyeView *self, int segment, double *x, double *y);

G_END_DECLS

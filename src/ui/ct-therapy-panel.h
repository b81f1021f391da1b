/* ct-therapy-panel.h — the plan: drugs and doses, pacing, LVAD, reflexes, as one CsTherapy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cardiosim.h"
#include "ct-drug-library.h"

G_BEGIN_DECLS

#define CT_TYPE_THERAPY_PANEL (ct_therapy_panel_get_type())
G_DECLARE_FINAL_TYPE(CtTherapyPanel, ct_therapy_panel, CT, THERAPY_PANEL, GtkWidget)

GtkWidget *ct_therapy_panel_new(void);

/* The drugs offered, one row each (the library's order). */
void ct_therapy_panel_set_drug_library(CtTherapyPanel *self, CtDrugLibrary *library);

/* The therapy the controls show. */
void ct_therapy_panel_get_therapy(CtTherapyPanel *self, CsTherapy *therapy);
/* Shows @therapy (a scenario, or the baseline to start from); "changed" is emitted once.
 * A drug not in the library is refused with an error and nothing changes. */
gboolean ct_therapy_panel_set_therapy(CtTherapyPanel *self, const CsTherapy *therapy,
                                      GError **error);

/* Starts or changes drug @name at @dose (its unit), or stops it when @dose is negative. An unknown
 * drug or a dose outside its range is refused with an error and nothing changes. */
gboolean ct_therapy_panel_set_dose(CtTherapyPanel *self, const char *name, double dose,
                                   GError **error);

/* The LV lead segment (1..17) chosen on the bullseye or the 3D wall. */
void ct_therapy_panel_set_lv_lead_segment(CtTherapyPanel *self, int segment);

/* Whether the plan's LVAD empties the ventricle (warning shown beside the speed). */
void ct_therapy_panel_set_lvad_suction(CtTherapyPanel *self, gboolean suction);

G_END_DECLS

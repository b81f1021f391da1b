/* ct-twin-details-window.h — the open twin described for the clinician: the patient, the valves
 * the twin has, its conduction and scar, the measurements it holds and where it comes from, as
 * the report's provenance says them (src/report), in a window beside the workspace.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ct-twin.h"

G_BEGIN_DECLS

#define CT_TYPE_TWIN_DETAILS_WINDOW (ct_twin_details_window_get_type())
G_DECLARE_FINAL_TYPE(CtTwinDetailsWindow, ct_twin_details_window, CT, TWIN_DETAILS_WINDOW,
                     AdwPreferencesWindow)

/* A window, transient for @parent, describing @twin; present it. */
CtTwinDetailsWindow *ct_twin_details_window_new(GtkWindow *parent, CtTwin *twin);

/* The titles of the rows of the valves' group, in order (for tests; free with g_strfreev). */
GStrv ct_twin_details_window_get_valve_rows(CtTwinDetailsWindow *self);

G_END_DECLS

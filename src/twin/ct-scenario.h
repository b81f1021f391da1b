/* ct-scenario.h — a therapy scenario (cardiotwin-scenario/1, DESIGN.md's contract).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cardiosim.h"
#include "ct-drug-library.h"

G_BEGIN_DECLS

#define CT_TYPE_SCENARIO (ct_scenario_get_type())

G_DECLARE_FINAL_TYPE(CtScenario, ct_scenario, CT, SCENARIO, GObject)

CtScenario *ct_scenario_new_from_bytes(GBytes *bytes, CtDrugLibrary *drugs, GError **error);
CtScenario *ct_scenario_new_from_file(const char *path, CtDrugLibrary *drugs, GError **error);
/* A scenario of @therapy named @name (NULL: none), writing only the members the therapy uses
 * (drugs when it gives any, pacing when a mode paces, with the members that mode uses, the LVAD
 * when it runs, baroreflex only when it is off). A therapy the engine refuses, or a name that is
 * empty, longer than 200 characters or more than one line, is an error. */
CtScenario *ct_scenario_new_from_therapy(const char *name, const CsTherapy *therapy,
                                         GError **error);

const char *ct_scenario_get_name(CtScenario *self);
/* Renames the scenario (NULL: no name); the caller checks the name (ct_scenario_new_from_therapy's
 * rules). */
void ct_scenario_set_name(CtScenario *self, const char *name);
void ct_scenario_get_therapy(CtScenario *self, CsTherapy *therapy);
GBytes *ct_scenario_to_bytes(CtScenario *self);

/* Whether @a and @b are the same plan: equal in every setting they use (the settings of a pacing
 * mode that is off, or of an LVAD that does not run, do not count). */
gboolean ct_scenario_therapy_equal(const CsTherapy *a, const CsTherapy *b);

G_END_DECLS

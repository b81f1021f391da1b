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

const char *ct_scenario_get_name(CtScenario *self);
void ct_scenario_get_therapy(CtScenario *self, CsTherapy *therapy);
GBytes *ct_scenario_to_bytes(CtScenario *self);

G_END_DECLS

/* ct-drug-library.h — the drug library (cardiotwin-drugs/1, data/drugs.json).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cardiosim.h"

G_BEGIN_DECLS

#define CT_TYPE_DRUG_LIBRARY (ct_drug_library_get_type())

G_DECLARE_FINAL_TYPE(CtDrugLibrary, ct_drug_library, CT, DRUG_LIBRARY, GObject)

CtDrugLibrary *ct_drug_library_new_default(GError **error);
CtDrugLibrary *ct_drug_library_new_from_bytes(GBytes *bytes, GError **error);
CtDrugLibrary *ct_drug_library_new_from_file(const char *path, GError **error);

const CsDrugDef *ct_drug_library_lookup(CtDrugLibrary *self, const char *name);
guint ct_drug_library_get_n_drugs(CtDrugLibrary *self);
GStrv ct_drug_library_list_names(CtDrugLibrary *self);
const char *ct_drug_library_get_display_name(CtDrugLibrary *self, const char *name);
/* The dose a plan starts from when the drug is switched on (the label's or guideline's starting
 * dose, in the drug's unit; its source is the "dose" source): FALSE when the library gives none. */
gboolean ct_drug_library_get_start_dose(CtDrugLibrary *self, const char *name, double *dose);
const char *ct_drug_library_get_drug_class(CtDrugLibrary *self, const char *name);
const char *ct_drug_library_get_source(CtDrugLibrary *self, const char *name, const char *item);
const char *ct_drug_library_get_comment(CtDrugLibrary *self);

/* @unit as a reader writes it ("µg/kg/min"), translated; the engine's cs_dose_unit_name() is the
 * ASCII form of the documents ("mcg/kg/min"). */
const char *ct_dose_unit_label(CsDoseUnit unit);

G_END_DECLS

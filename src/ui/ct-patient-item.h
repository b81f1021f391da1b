/* ct-patient-item.h — one patient of the cache, as a row of the patient list shows it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ct-store.h"

G_BEGIN_DECLS

#define CT_TYPE_PATIENT_ITEM (ct_patient_item_get_type())
G_DECLARE_FINAL_TYPE(CtPatientItem, ct_patient_item, CT, PATIENT_ITEM, GObject)

CtPatientItem *ct_patient_item_new(const CtStorePatient *patient);

gint64 ct_patient_item_get_key(CtPatientItem *self);
const char *ct_patient_item_get_display_name(CtPatientItem *self);
/* Where the patient came from, in words ("Demo patient", "From the platform"). */
const char *ct_patient_item_get_origin(CtPatientItem *self);
gboolean ct_patient_item_get_is_demo(CtPatientItem *self);

G_END_DECLS

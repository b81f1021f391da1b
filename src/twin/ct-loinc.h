/* ct-loinc.h — the LOINC codes of CardioTwin's measurements (docs/loinc.md).
 *
 * One table maps each measured index (and the measurement document's ECG and body-size members)
 * to the LOINC code a twin records and the codes a health-data platform may send for the same
 * quantity. The platform client reads FHIR Observations through it; the fit writes twins with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *name;    /* index name (hr_bpm) or measurements member (qrs_ms, weight_kg) */
  const char *code;    /* the LOINC code CardioTwin writes */
  const char *display; /* LOINC's long common name, or the display of the source checked */
  const char *ucum;    /* the UCUM unit a FHIR valueQuantity carries */
  const char *checked; /* where the code was checked */
  const char *const *alternatives; /* NULL-terminated: other codes for the same quantity */
} CtLoincEntry;

guint ct_loinc_get_n_entries(void);
const CtLoincEntry *ct_loinc_get_entry(guint index);
/* The code CardioTwin writes for @name, or NULL when it has none. */
const char *ct_loinc_for_index(const char *name);
/* The name for a code a platform sent (preferred or alternative), or NULL. */
const char *ct_loinc_name_for_code(const char *code);

G_END_DECLS

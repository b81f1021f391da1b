/* ct-loinc.c — the LOINC codes of CardioTwin's measurements (docs/loinc.md).
 *
 * Every code passes LOINC's mod-10 check digit (tests/test-measurements.c checks it). Where each
 * was checked is in the table: "FHIR" is the HL7 FHIR R4 vital-signs value set and examples
 * (https://hl7.org/fhir/R4/valueset-observation-vitalsignresult.html), "loinc.org" the term's own
 * page, "US Core" the US Core clinical test codes value set, "MII-ICU" the German Medical
 * Informatics Initiative's ICU FHIR guide (value set mii-vs-icu-code-monitoring-und-vitaldaten-
 * loinc), "DICOM" the PS3.16 context groups that reference LOINC, "IG example" a single rendered
 * implementation-guide example (the weakest). Codes that could not be checked at all are not
 * here: left-ventricular end-diastolic pressure, for one, has no LOINC term we could verify, so
 * it cannot be a measurement yet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-loinc.h"

#include <string.h>

#define ALTERNATIVES(...) ((const char *const[]){__VA_ARGS__, NULL})

static const CtLoincEntry entries[] = {
    {"hr_bpm", "8867-4", "Heart rate", "/min", "FHIR", ALTERNATIVES(NULL)},
    {"sv_ml", "20562-5", "Left ventricular Stroke volume", "mL", "MII-ICU",
     /* by indicator dilution (MII-ICU), forward flow like the Doppler stroke volume the fit takes
      * sv_ml for (ct-fit.c); not 3D echo's (DICOM's 80035-9), EDV - ESV, which the volumes carry */
     ALTERNATIVES("8771-8")},
    {"co_l_min", "8741-1", "Left ventricular Cardiac output", "L/min", "MII-ICU",
     /* by indicator dilution, where thermodilution lands (MII-ICU) */
     ALTERNATIVES("8737-9")},
    {"lvedv_ml", "75988-6", "Left ventricular End diastolic volume", "mL", "IG example",
     /* echo; angiography/CT/MR; biplane method of discs; 3D (DICOM) */
     ALTERNATIVES("18026-5", "8821-1", "79996-5", "79995-7")},
    {"lvesv_ml", "75989-4", "Left ventricular End systolic volume", "mL", "IG example",
     ALTERNATIVES("18148-7", "8823-7", "80001-1", "80000-3")},
    {"lvef_pct", "10230-1", "Left ventricular Ejection fraction", "%", "loinc.org",
     /* biplane (Simpson), single plane 2C/4C, 3D, Teichholz 2D/M-mode, angiography, CT, MR
      * (DICOM) */
     ALTERNATIVES("79991-6", "79992-4", "79993-2", "79990-8", "77891-0", "18049-7", "8808-8",
                  "8810-4", "8811-2")},
    {"sbp_mmhg", "8480-6", "Systolic blood pressure", "mm[Hg]", "FHIR",
     /* invasive, non-invasive, continuous non-invasive, sitting (FHIR vital-sign value sets) */
     ALTERNATIVES("76215-3", "76534-7", "75997-7", "8459-0")},
    {"dbp_mmhg", "8462-4", "Diastolic blood pressure", "mm[Hg]", "FHIR",
     ALTERNATIVES("76213-8", "76535-4", "75995-1", "8453-3")},
    {"map_mmhg", "8478-0", "Mean blood pressure", "mm[Hg]", "FHIR", ALTERNATIVES(NULL)},
    {"mean_lap_mmhg", "75994-4", "Pulmonary artery wedge pressure", "mm[Hg]", "MII-ICU",
     /* left atrial intrachamber mean pressure, measured directly (MII-ICU) */
     ALTERNATIVES("8399-8")},
    {"cvp_mmhg", "60985-9", "Central venous pressure (CVP)", "mm[Hg]", "MII-ICU",
     /* right atrial intrachamber mean pressure (MII-ICU) */
     ALTERNATIVES("8400-4")},
    {"spap_mmhg", "8440-0", "Pulmonary artery Systolic blood pressure", "mm[Hg]", "MII-ICU",
     ALTERNATIVES(NULL)},
    {"dpap_mmhg", "8385-7", "Pulmonary artery Diastolic blood pressure", "mm[Hg]", "MII-ICU",
     ALTERNATIVES(NULL)},
    {"mpap_mmhg", "8414-5", "Pulmonary artery Mean blood pressure", "mm[Hg]", "MII-ICU",
     ALTERNATIVES(NULL)},
    {"qrs_ms", "8633-0", "QRS duration", "ms", "US Core", ALTERNATIVES(NULL)},
    {"weight_kg", "29463-7", "Body weight", "kg", "FHIR", ALTERNATIVES(NULL)},
    {"height_cm", "8302-2", "Body height", "cm", "FHIR", ALTERNATIVES(NULL)},
    /* the effective orifice by continuity (the generic term) and from the peak velocities (Vmax);
     * indexed to body surface (79959-3) is not the same quantity */
    {"aortic_valve_area_cm2", "18090-1", "Aortic valve Orifice area by US.continuity", "cm2",
     "LOINC mirror", ALTERNATIVES("79956-9")},
};

guint ct_loinc_get_n_entries(void)
{
  return G_N_ELEMENTS(entries);
}

const CtLoincEntry *ct_loinc_get_entry(guint index)
{
  g_return_val_if_fail(index < G_N_ELEMENTS(entries), NULL);
  return &entries[index];
}

const char *ct_loinc_for_index(const char *name)
{
  g_return_val_if_fail(name != NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS(entries); i++)
    if (strcmp(entries[i].name, name) == 0)
      return entries[i].code;
  return NULL;
}

const char *ct_loinc_name_for_code(const char *code)
{
  g_return_val_if_fail(code != NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS(entries); i++) {
    if (strcmp(entries[i].code, code) == 0)
      return entries[i].name;
    for (const char *const *alt = entries[i].alternatives; *alt != NULL; alt++)
      if (strcmp(*alt, code) == 0)
        return entries[i].name;
  }
  return NULL;
}

/* ct-twin.h — a patient's digital twin (cardiotwin/1, docs/twin-format.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cardiosim.h"

G_BEGIN_DECLS

/* The reflexes and the sinus node's beta-1 response in heart failure, as the heart-failure demo
 * twins and fits set them (cs-params.c; ct-fit.c): the baroreflex's heart-rate arm at 0.23 of a
 * healthy adult's (Eckberg 1971), the cardiopulmonary reflex at 0.15, a beta-1 agonist's
 * heart-rate effect at 0.37. */
#define CT_HEART_FAILURE_BAROREFLEX_HEART_RATE_GAIN  0.23
#define CT_HEART_FAILURE_CARDIOPULMONARY_REFLEX_GAIN 0.15
#define CT_HEART_FAILURE_BETA1_CHRONOTROPIC_SCALE    0.37

#define CT_TYPE_TWIN (ct_twin_get_type())

G_DECLARE_FINAL_TYPE(CtTwin, ct_twin, CT, TWIN, GObject)

typedef enum {
  CT_SEX_FEMALE,
  CT_SEX_MALE,
} CtSex;

/* One dated measurement of the patient; the strings belong to the twin. */
typedef struct {
  const char *name;  /* an index name of DESIGN.md's contract, e.g. "lvef_pct" */
  const char *loinc; /* its LOINC code, e.g. "10230-1" */
  double value;
  const char *unit; /* the index's unit, as cs_index_unit() gives it */
  const char *date; /* ISO 8601 date, or date and time with offset */
} CtMeasurement;

/* Blood volume (ml) of an adult of this sex, height and weight: Nadler et al. 1962, Surgery
 * 51:224. The twin (without a stated blood volume) and the fit scale the reference adult's
 * circulation by it. */
double ct_blood_volume_nadler_ml(CtSex sex, double height_cm, double weight_kg);

CtTwin *ct_twin_new_from_bytes(GBytes *bytes, GError **error);
CtTwin *ct_twin_new_from_file(const char *path, GError **error);
CtTwin *ct_twin_new_from_demo(const char *name, GError **error);
GStrv ct_twin_list_demos(void);

const char *ct_twin_get_id(CtTwin *self);
const char *ct_twin_get_description(CtTwin *self);
const char *ct_twin_get_population(CtTwin *self);
const char *ct_twin_get_pseudonym(CtTwin *self);
CtSex ct_twin_get_sex(CtTwin *self);
int ct_twin_get_age_years(CtTwin *self);
double ct_twin_get_height_cm(CtTwin *self);
double ct_twin_get_weight_kg(CtTwin *self);

CsConduction ct_twin_get_conduction(CtTwin *self);
gboolean ct_twin_get_qrs_ms(CtTwin *self, double *qrs_ms);
double ct_twin_get_scar(CtTwin *self, int aha_segment);
guint ct_twin_get_n_measurements(CtTwin *self);
const CtMeasurement *ct_twin_get_measurement(CtTwin *self, guint index);
gboolean ct_twin_get_geometry(CtTwin *self, const char *name, double *value_mm);
const char *ct_twin_get_calibration_method(CtTwin *self);
const char *const *ct_twin_get_calibration_drivers(CtTwin *self, const char *parameter);
/* The measurements the calibration used (calibration.from_measurements), NULL-terminated, or NULL
 * when the twin does not say. */
const char *const *ct_twin_get_calibration_from(CtTwin *self);
/* The calibration's residuals (measured minus simulated, in the index's unit), in document order;
 * none when the twin gives none. */
guint ct_twin_get_n_calibration_residuals(CtTwin *self);
gboolean ct_twin_get_calibration_residual(CtTwin *self, guint index, const char **name,
                                          double *value);
const char *ct_twin_get_provenance_source(CtTwin *self);
const char *ct_twin_get_created(CtTwin *self);
/* The instant provenance.created names: a date is the start of its day in UTC. */
GDateTime *ct_twin_get_created_time(CtTwin *self);
const char *ct_twin_get_created_by(CtTwin *self);

const CsParams *ct_twin_get_params(CtTwin *self);
/* The twin's valve lesions in a clinician's words, translated, one string each (NULL-terminated,
 * empty when the twin has none): every effective orifice area that is not the engine's normal
 * one and every effective regurgitant orifice area, a functional mitral one at its reference
 * end-diastolic volume, a measured aortic valve area named as the orifice's source while the
 * orifice is still its value. */
GStrv ct_twin_describe_valves(CtTwin *self);
/* The measurement that records the twin's aortic orifice as a measured valve area: named
 * CT_AORTIC_VALVE_AREA_NAME and of the orifice's value as printed (a parameter edited since no
 * longer matches), the newest of such; NULL where there is none. */
const CtMeasurement *ct_twin_get_aortic_valve_area_measurement(CtTwin *self);

GBytes *ct_twin_to_bytes(CtTwin *self);
gboolean ct_twin_save_to_file(CtTwin *self, const char *path, GError **error);

G_END_DECLS

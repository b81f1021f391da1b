/* ct-fhir-record.c — a patient's FHIR record as measurements for personalization.
 *
 * The newest observation of each index is taken (a platform holds series: home monitoring, serial
 * echoes); units are converted from UCUM to the index's unit, and a unit that is not one of the
 * quantity's is refused rather than guessed. Everything then goes through the measurements
 * format's own checks (ct-measurements.c): plausibility, consistency, unit mix-ups. The same
 * rules serve a whole record fresh from the platform and what the local cache keeps of one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-fhir-client.h"

#include <stdio.h>
#include <string.h>

#include "ct-i18n.h"
#include "ct-json.h"
#include "ct-loinc.h"
#include "ct-platform-error.h"

/* UCUM units accepted for each kind of quantity, with the factor to the index's unit. */
static const struct {
  const char *index_unit; /* cs_index_unit() */
  const char *ucum;
  double factor;
} conversions[] = {
    {"bpm", "/min", 1.0},
    {"bpm", "1/min", 1.0},
    {"bpm", "{beats}/min", 1.0},
    {"ml", "mL", 1.0},
    {"ml", "L", 1000.0},
    {"l/min", "L/min", 1.0},
    {"l/min", "mL/min", 1e-3},
    {"%", "%", 1.0},
    {"mmHg", "mm[Hg]", 1.0},
    /* 1 kPa = 7.50062 mmHg; 1 cmH2O = 0.735559 mmHg (CVP lines). */
    {"mmHg", "kPa", 7.50062},
    {"mmHg", "cm[H2O]", 0.735559},
    {"ms", "ms", 1.0},
    {"ms", "s", 1000.0},
    {"kg", "kg", 1.0},
    {"kg", "g", 1e-3},
    {"kg", "[lb_av]", 0.45359237},
    {"cm", "cm", 1.0},
    {"cm", "m", 100.0},
    {"cm", "[in_i]", 2.54},
    {"cm2", "cm2", 1.0},
    {"cm2", "mm2", 0.01},
};

/* Left bundle branch block in a Condition: SNOMED CT 164909002, ICD-10 I44.7. */
static const char *const lbbb_codes[] = {
    "http://snomed.info/sct|164909002",
    "http://hl7.org/fhir/sid/icd-10|I44.7",
    "http://hl7.org/fhir/sid/icd-10-cm|I44.7",
};

static const char *index_unit(const char *name)
{
  for (size_t i = 0; i < cs_index_count(); i++)
    if (strcmp(cs_index_name(i), name) == 0)
      return cs_index_unit(i);
  /* The measurements document's own members. */
  if (strcmp(name, "qrs_ms") == 0)
    return "ms";
  if (strcmp(name, "weight_kg") == 0)
    return "kg";
  if (strcmp(name, "height_cm") == 0)
    return "cm";
  if (strcmp(name, "aortic_valve_area_cm2") == 0)
    return "cm2";
  return NULL;
}

gboolean ct_fhir_convert(const char *name, double value, const char *ucum, double *converted)
{
  const char *unit;

  g_return_val_if_fail(name != NULL, FALSE);
  unit = index_unit(name);
  for (guint k = 0; ucum != NULL && k < G_N_ELEMENTS(conversions); k++)
    if (g_strcmp0(conversions[k].index_unit, unit) == 0 && strcmp(conversions[k].ucum, ucum) == 0) {
      if (converted != NULL)
        *converted = value * conversions[k].factor;
      return TRUE;
    }
  return FALSE;
}

/* The newest observation mapping to @name, converted; FALSE when there is none. Its date in
 * *@date where not NULL (borrowed), NULL when the record's is not a full date or a date and time
 * with its offset, which a twin records (a FHIR dateTime may be a year or a month alone). */
static gboolean newest_dated(const CtFhirObservation *observations, guint n_observations,
                             const char *name, double *value, const char **date, GError **error)
{
  const CtFhirObservation *best = NULL;
  g_autofree char *id = NULL, *loinc = NULL, *unit = NULL;

  for (guint i = 0; i < n_observations; i++) {
    const CtFhirObservation *o = &observations[i];

    if (g_strcmp0(ct_loinc_name_for_code(o->loinc), name) == 0 &&
        (best == NULL || g_strcmp0(o->effective, best->effective) > 0))
      best = o;
  }
  if (best == NULL)
    return FALSE;
  if (date != NULL)
    *date = best->effective != NULL && ct_json_check_date(best->effective, "", "", NULL)
                ? best->effective
                : NULL;
  if (ct_fhir_convert(name, best->value, best->unit, value))
    return TRUE;
  /* The id, code and unit are the platform's text: shortened and made one line. */
  id = ct_json_shorten(best->id != NULL ? best->id : "?");
  loinc = ct_json_shorten(best->loinc);
  unit = ct_json_shorten(best->unit != NULL ? best->unit : "");
  g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE,
              _("The platform's observation %s (LOINC %s) is in “%s”, which is not a unit of "
                "%s"),
              id, loinc, unit, name);
  return FALSE;
}

static gboolean newest(const CtFhirObservation *observations, guint n_observations,
                       const char *name, double *value, GError **error)
{
  return newest_dated(observations, n_observations, name, value, NULL, error);
}

static int age_at(const char *birth_date, GDateTime *today)
{
  int year = 0, month = 0, day = 0;
  int age;

  if (birth_date == NULL || sscanf(birth_date, "%4d-%2d-%2d", &year, &month, &day) != 3)
    return -1;
  age = g_date_time_get_year(today) - year;
  if (g_date_time_get_month(today) < month ||
      (g_date_time_get_month(today) == month && g_date_time_get_day_of_month(today) < day))
    age--;
  return age;
}

CtMeasurements *ct_fhir_measurements_new(const CtFhirPatient *patient,
                                         const CtFhirObservation *observations,
                                         guint n_observations, const CtMeasurementsInput *known,
                                         GDateTime *today, GError **error)
{
  CtMeasurementsInput input = {0};
  g_autoptr(GPtrArray) names = g_ptr_array_new();
  g_autoptr(GArray) values = g_array_new(FALSE, FALSE, sizeof(double));
  /* Each value's date, borrowed from @observations (NULL where not a full one). */
  g_autoptr(GPtrArray) dates = g_ptr_array_new();
  GError *local = NULL;

  g_return_val_if_fail(patient != NULL, NULL);
  g_return_val_if_fail(observations != NULL || n_observations == 0, NULL);
  g_return_val_if_fail(today != NULL, NULL);

  if (g_strcmp0(patient->gender, "male") == 0)
    input.sex = CT_SEX_MALE;
  else if (g_strcmp0(patient->gender, "female") == 0)
    input.sex = CT_SEX_FEMALE;
  else {
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE,
                _("The patient's sex (Patient.gender) is not recorded as female or male; the "
                  "fit needs it for the population priors"));
    return NULL;
  }
  input.age_years = age_at(patient->birth_date, today);
  if (input.age_years < 0) {
    g_set_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE,
                _("The patient's date of birth (Patient.birthDate) is missing or not a full "
                  "date"));
    return NULL;
  }
  if (!newest(observations, n_observations, "height_cm", &input.height_cm, &local) ||
      !newest(observations, n_observations, "weight_kg", &input.weight_kg, &local)) {
    if (local == NULL)
      g_set_error(&local, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE,
                  _("The platform holds no body height or weight for the patient (LOINC 8302-2, "
                    "29463-7); the fit needs both"));
    g_propagate_error(error, local);
    return NULL;
  }
  input.has_qrs = newest(observations, n_observations, "qrs_ms", &input.qrs_ms, &local);
  if (local != NULL) {
    g_propagate_error(error, local);
    return NULL;
  }
  input.has_aortic_valve_area =
      newest_dated(observations, n_observations, "aortic_valve_area_cm2",
                   &input.aortic_valve_area_cm2, &input.aortic_valve_area_date, &local);
  if (local != NULL) {
    g_propagate_error(error, local);
    return NULL;
  }
  if (known != NULL) {
    input.lbbb = known->lbbb;
    memcpy(input.scar, known->scar, sizeof input.scar);
    if (!input.has_qrs && known->has_qrs) {
      input.has_qrs = TRUE;
      input.qrs_ms = known->qrs_ms;
    }
    /* A stenosis the twin has is kept when the record holds no measurement of it (a refit must
     * not open a valve because the cache does not carry the echocardiogram), or only an older one
     * than the twin's dated area (a twin fitted to a later echocardiogram than the platform
     * holds). Dates compare as ISO 8601 text; on the same day the record's wins. */
    if (known->has_aortic_valve_area &&
        (!input.has_aortic_valve_area ||
         (known->aortic_valve_area_date != NULL && input.aortic_valve_area_date != NULL &&
          strncmp(known->aortic_valve_area_date, input.aortic_valve_area_date, 10) > 0))) {
      input.has_aortic_valve_area = TRUE;
      input.aortic_valve_area_cm2 = known->aortic_valve_area_cm2;
      input.aortic_valve_area_date = known->aortic_valve_area_date;
    }
  }

  for (size_t k = 0; k < cs_index_count(); k++) {
    const char *name = cs_index_name(k);
    double value;
    const char *date = NULL;

    if (!ct_measurement_tolerance(name, NULL))
      continue;
    if (newest_dated(observations, n_observations, name, &value, &date, &local)) {
      g_ptr_array_add(names, (gpointer)name);
      g_array_append_val(values, value);
      g_ptr_array_add(dates, (gpointer)date);
    } else if (local != NULL) {
      g_propagate_error(error, local);
      return NULL;
    }
  }
  input.n_values = names->len;
  input.names = (const char *const *)names->pdata;
  input.values = (const double *)(gpointer)values->data;
  input.dates = (const char *const *)dates->pdata;
  return ct_measurements_new(&input, error);
}

CtMeasurements *ct_fhir_record_to_measurements(const CtFhirRecord *record, GDateTime *today,
                                               GError **error)
{
  CtMeasurementsInput known = {0};

  g_return_val_if_fail(record != NULL && record->patient != NULL, NULL);
  g_return_val_if_fail(today != NULL, NULL);

  for (guint i = 0; i < record->condition_codes->len; i++)
    for (guint k = 0; k < G_N_ELEMENTS(lbbb_codes); k++)
      known.lbbb |= strcmp(record->condition_codes->pdata[i], lbbb_codes[k]) == 0;
  return ct_fhir_measurements_new(record->patient,
                                  (const CtFhirObservation *)(gpointer)record->observations->data,
                                  record->observations->len, &known, today, error);
}

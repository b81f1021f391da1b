/* test-fhir-record.c — a platform record turned into measurements for the fit: newest value of
 * each index, UCUM units converted, unknown units and missing essentials refused by name; the same
 * from the parts a local cache keeps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "ct-fhir-client.h"
#include "ct-platform-error.h"

static void add(CtFhirRecord *record, const char *id, const char *loinc, double value,
                const char *unit, const char *effective)
{
  CtFhirObservation o = {g_strdup(id), g_strdup(loinc), value, g_strdup(unit), g_strdup(effective)};

  g_array_append_val(record->observations, o);
}

static void clear_observation(gpointer data)
{
  CtFhirObservation *o = data;

  g_free(o->id);
  g_free(o->loinc);
  g_free(o->unit);
  g_free(o->effective);
}

/* A synthetic woman of 61 with HFrEF, LBBB, body size, and an echo done twice. */
static CtFhirRecord *new_record(void)
{
  CtFhirRecord *record = g_new0(CtFhirRecord, 1);

  record->patient = g_new0(CtFhirPatient, 1);
  record->patient->id = g_strdup("p1");
  record->patient->gender = g_strdup("female");
  record->patient->birth_date = g_strdup("1965-06-30");
  record->observations = g_array_new(FALSE, TRUE, sizeof(CtFhirObservation));
  g_array_set_clear_func(record->observations, clear_observation);
  record->condition_codes = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(record->condition_codes, g_strdup("http://snomed.info/sct|164909002"));
  add(record, "h", "8302-2", 1.64, "m", "2026-01-01");
  add(record, "w", "29463-7", 154.3, "[lb_av]", "2026-09-01");
  add(record, "w-old", "29463-7", 80.0, "kg", "2025-01-01");
  add(record, "q", "8633-0", 0.158, "s", "2026-09-01");
  add(record, "hr", "8867-4", 72, "/min", "2026-09-01T08:00:00Z");
  add(record, "ef-old", "10230-1", 35, "%", "2025-03-01");
  add(record, "ef", "79991-6", 25, "%", "2026-09-02");
  add(record, "edv", "18026-5", 0.240, "L", "2026-09-02");
  add(record, "esv", "75989-4", 180, "mL", "2026-09-02");
  add(record, "bp/8480-6", "8480-6", 14.93, "kPa", "2026-09-01T08:00:00Z");
  add(record, "bp/8462-4", "8462-4", 70, "mm[Hg]", "2026-09-01T08:00:00Z");
  add(record, "cvp", "60985-9", 10.9, "cm[H2O]", "2026-09-03");
  add(record, "co", "8741-1", 4100, "mL/min", "2026-09-03");
  /* Not a measurement the fit takes: ignored. */
  add(record, "glucose", "2339-0", 5.5, "mmol/L", "2026-09-03");
  return record;
}

static void test_converted(void)
{
  g_autoptr(CtFhirRecord) record = new_record();
  g_autoptr(GDateTime) today = g_date_time_new_utc(2026, 6, 29, 0, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtMeasurements) m = ct_fhir_record_to_measurements(record, today, &error);
  double v = 0.0;

  g_assert_no_error(error);
  g_assert_cmpint(ct_measurements_get_sex(m), ==, CT_SEX_FEMALE);
  /* The day before her 61st birthday. */
  g_assert_cmpint(ct_measurements_get_age_years(m), ==, 60);
  g_assert_cmpfloat_with_epsilon(ct_measurements_get_height_cm(m), 164.0, 1e-9);
  /* The newest weight, from pounds. */
  g_assert_cmpfloat_with_epsilon(ct_measurements_get_weight_kg(m), 154.3 * 0.45359237, 1e-9);
  g_assert_true(ct_measurements_get_qrs_ms(m, &v));
  g_assert_cmpfloat_with_epsilon(v, 158.0, 1e-9);
  g_assert_true(ct_measurements_get_lbbb(m));
  /* The newest EF, whatever the method's code. */
  g_assert_true(ct_measurements_lookup(m, "lvef_pct", &v));
  g_assert_cmpfloat(v, ==, 25.0);
  g_assert_true(ct_measurements_lookup(m, "lvedv_ml", &v));
  g_assert_cmpfloat_with_epsilon(v, 240.0, 1e-9);
  g_assert_true(ct_measurements_lookup(m, "sbp_mmhg", &v));
  g_assert_cmpfloat_with_epsilon(v, 14.93 * 7.50062, 1e-6);
  g_assert_true(ct_measurements_lookup(m, "cvp_mmhg", &v));
  g_assert_cmpfloat_with_epsilon(v, 10.9 * 0.735559, 1e-6);
  g_assert_true(ct_measurements_lookup(m, "co_l_min", &v));
  g_assert_cmpfloat_with_epsilon(v, 4.1, 1e-9);
  g_assert_cmpuint(ct_measurements_get_n_values(m), ==, 8);
}

static void test_refused(void)
{
  g_autoptr(GDateTime) today = g_date_time_new_utc(2026, 11, 25, 0, 0, 0);
  struct {
    const char *what;
    const char *needle;
  } cases[] = {
      {"gender", "Patient.gender"}, {"birth", "Patient.birthDate"},
      {"height", "8302-2"},         {"unit", "“mg”"},
      {"implausible", "lvef_pct"},  {"qrs-unit", "“mV”"},
  };

  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autoptr(CtFhirRecord) record = new_record();
    g_autoptr(GError) error = NULL;
    g_autoptr(CtMeasurements) m = NULL;
    const char *what = cases[i].what;

    if (strcmp(what, "gender") == 0) {
      g_free(record->patient->gender);
      record->patient->gender = g_strdup("unknown");
    } else if (strcmp(what, "birth") == 0) {
      g_free(record->patient->birth_date);
      record->patient->birth_date = g_strdup("1965");
    } else if (strcmp(what, "height") == 0) {
      g_array_remove_index(record->observations, 0);
    } else if (strcmp(what, "unit") == 0) {
      add(record, "edv-new", "75988-6", 240, "mg", "2026-10-01");
    } else if (strcmp(what, "implausible") == 0) {
      add(record, "ef-fraction", "10230-1", 0.25, "%", "2026-10-01");
    } else {
      add(record, "q-new", "8633-0", 1.2, "mV", "2026-10-01");
    }
    m = ct_fhir_record_to_measurements(record, today, &error);
    g_test_message("%s: %s", what, error != NULL ? error->message : "accepted");
    g_assert_null(m);
    g_assert_nonnull(error);
    if (strcmp(what, "unit") == 0)
      g_assert_nonnull(strstr(error->message, "“mg”"));
    else
      g_assert_nonnull(strstr(error->message, cases[i].needle));
  }
}

/* The platform's text in a message is cut short and made one line (found by tests/fuzz/fuzz-fhir:
 * corpus/fuzz-fhir/bad-control-characters-*): an observation's id and unit with line breaks and
 * control characters, and an id of 1000 characters. */
static void test_message_one_line(void)
{
  g_autoptr(GDateTime) today = g_date_time_new_utc(2026, 11, 25, 0, 0, 0);
  g_autoptr(CtFhirRecord) record = new_record();
  g_autoptr(GError) error = NULL;
  g_autoptr(CtMeasurements) m = NULL;
  g_autofree char *long_id = g_strnfill(1000, 'x');

  add(record, "edv\nnew", "75988-6", 240, "m\x7fL\nDROP", "2026-10-01");
  m = ct_fhir_record_to_measurements(record, today, &error);
  g_assert_null(m);
  g_assert_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE);
  g_test_message("%s", error->message);
  g_assert_null(strchr(error->message, '\n'));
  g_assert_null(strchr(error->message, '\x7f'));
  g_assert_nonnull(strstr(error->message, "“m\xef\xbf\xbdL\xef\xbf\xbd"
                                          "DROP”"));
  g_clear_error(&error);

  add(record, long_id, "75988-6", 240, "mg", "2026-10-02");
  m = ct_fhir_record_to_measurements(record, today, &error);
  g_assert_null(m);
  g_test_message("%s", error->message);
  g_assert_cmpuint(strlen(error->message), <, 200);
}

/* What the local cache keeps of a record (no Conditions): the same rules from parts, and what the
 * observations cannot say taken from the caller. */
static void test_from_parts(void)
{
  g_autoptr(CtFhirRecord) record = new_record();
  g_autoptr(GDateTime) today = g_date_time_new_utc(2026, 6, 29, 0, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtMeasurements) plain = NULL;
  g_autoptr(CtMeasurements) known_too = NULL;
  g_autoptr(CtMeasurements) no_ecg = NULL;
  g_autoptr(CtFhirPatient) patient = NULL;
  const CtFhirObservation *obs = (const CtFhirObservation *)(gpointer)record->observations->data;
  CtMeasurementsInput known = {0};
  double v = 0.0;

  /* No Conditions given: no LBBB; everything else as from the record. */
  plain = ct_fhir_measurements_new(record->patient, obs, record->observations->len, NULL, today,
                                   &error);
  g_assert_no_error(error);
  g_assert_false(ct_measurements_get_lbbb(plain));
  g_assert_cmpuint(ct_measurements_get_n_values(plain), ==, 8);
  g_assert_true(ct_measurements_lookup(plain, "lvef_pct", &v));
  g_assert_cmpfloat(v, ==, 25.0);
  /* Each value dated as the record dates its newest observation (the twin keeps it: ct-fit.c). */
  g_assert_cmpstr(ct_measurements_get_date(plain, "lvef_pct"), ==, "2026-09-02");
  g_assert_cmpstr(ct_measurements_get_date(plain, "hr_bpm"), ==, "2026-09-01T08:00:00Z");
  g_assert_cmpstr(ct_measurements_get_date(plain, "co_l_min"), ==, "2026-09-03");
  g_assert_null(ct_measurements_get_date(plain, "mpap_mmhg"));

  /* Known besides: LBBB and scar taken; the record's own QRS wins over the known one. */
  known.lbbb = TRUE;
  known.scar[4] = known.scar[10] = TRUE;
  known.has_qrs = TRUE;
  known.qrs_ms = 140.0;
  known_too = ct_fhir_measurements_new(record->patient, obs, record->observations->len, &known,
                                       today, &error);
  g_assert_no_error(error);
  g_assert_true(ct_measurements_get_lbbb(known_too));
  g_assert_true(ct_measurements_has_scar(known_too, 5));
  g_assert_true(ct_measurements_has_scar(known_too, 11));
  g_assert_false(ct_measurements_has_scar(known_too, 16));
  g_assert_true(ct_measurements_get_qrs_ms(known_too, &v));
  g_assert_cmpfloat_with_epsilon(v, 158.0, 1e-9);
  /* Without the ECG, the known QRS. */
  g_array_remove_index(record->observations, 3);
  obs = (const CtFhirObservation *)(gpointer)record->observations->data;
  no_ecg = ct_fhir_measurements_new(record->patient, obs, record->observations->len, &known, today,
                                    &error);
  g_assert_no_error(error);
  g_assert_true(ct_measurements_get_qrs_ms(no_ecg, &v));
  g_assert_cmpfloat(v, ==, 140.0);

  /* A FHIR dateTime may be a year and month alone: the value is taken, its date is not (the twin
   * would refuse it), and the fit dates it with its own day. */
  {
    g_autoptr(CtMeasurements) partial = NULL;

    for (guint i = 0; i < record->observations->len; i++) {
      CtFhirObservation *o = &g_array_index(record->observations, CtFhirObservation, i);

      if (g_str_equal(o->id, "ef")) {
        g_free(o->effective);
        o->effective = g_strdup("2026-09");
      }
    }
    obs = (const CtFhirObservation *)(gpointer)record->observations->data;
    partial = ct_fhir_measurements_new(record->patient, obs, record->observations->len, &known,
                                       today, &error);
    g_assert_no_error(error);
    g_assert_true(ct_measurements_lookup(partial, "lvef_pct", &v));
    g_assert_cmpfloat(v, ==, 25.0);
    g_assert_null(ct_measurements_get_date(partial, "lvef_pct"));
  }

  /* One value converted, or refused. */
  g_assert_true(ct_fhir_convert("sbp_mmhg", 16.0, "kPa", &v));
  g_assert_cmpfloat_with_epsilon(v, 16.0 * 7.50062, 1e-9);
  g_assert_true(ct_fhir_convert("weight_kg", 176.0, "[lb_av]", &v));
  g_assert_cmpfloat_with_epsilon(v, 176.0 * 0.45359237, 1e-9);
  g_assert_false(ct_fhir_convert("weight_kg", 70.0, "mm[Hg]", &v));
  g_assert_false(ct_fhir_convert("hr_bpm", 70.0, NULL, &v));
  g_assert_false(ct_fhir_convert("no_such_index", 1.0, "kg", &v));

  /* The cached Patient resource, read as a search reads it; anything else refused. */
  patient = ct_fhir_patient_new_from_json(
      "{\"resourceType\": \"Patient\", \"id\": \"p9\", \"gender\": \"male\", "
      "\"birthDate\": \"1950-02-03\", \"name\": [{\"family\": \"Zorvak\", "
      "\"given\": [\"Tof\"]}]}",
      &error);
  g_assert_no_error(error);
  g_assert_cmpstr(patient->id, ==, "p9");
  g_assert_cmpstr(patient->gender, ==, "male");
  g_assert_cmpstr(patient->birth_date, ==, "1950-02-03");
  g_assert_cmpstr(patient->display_name, ==, "Zorvak, Tof");
  {
    static const char *const refused[] = {"{\"resourceType\": \"Observation\"}",
                                          "{\"resourceType\": \"Patient\"", "[]", ""};

    for (guint i = 0; i < G_N_ELEMENTS(refused); i++) {
      g_autoptr(GError) local = NULL;
      g_autoptr(CtFhirPatient) none = ct_fhir_patient_new_from_json(refused[i], &local);

      g_assert_null(none);
      g_assert_error(local, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE);
    }
  }
}

/* The aortic valve area: the newest of its codes, in cm2 or mm2 (an area indexed to body surface
 * is another quantity), refused in a unit that is no area; kept from the twin when the record has
 * none, the record's own winning. */
static void test_aortic_valve_area(void)
{
  g_autoptr(CtFhirRecord) record = new_record();
  g_autoptr(GDateTime) today = g_date_time_new_utc(2026, 6, 29, 0, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtMeasurements) none = NULL;
  g_autoptr(CtMeasurements) kept = NULL;
  g_autoptr(CtMeasurements) measured = NULL;
  g_autoptr(CtMeasurements) wrong_unit = NULL;
  CtMeasurementsInput known = {.has_aortic_valve_area = TRUE, .aortic_valve_area_cm2 = 0.8};
  double v = 0.0;

  none = ct_fhir_record_to_measurements(record, today, &error);
  g_assert_no_error(error);
  g_assert_false(ct_measurements_get_aortic_valve_area_cm2(none, NULL));
  kept = ct_fhir_measurements_new(record->patient,
                                  (const CtFhirObservation *)(gpointer)record->observations->data,
                                  record->observations->len, &known, today, &error);
  g_assert_no_error(error);
  g_assert_true(ct_measurements_get_aortic_valve_area_cm2(kept, &v));
  g_assert_cmpfloat(v, ==, 0.8);

  add(record, "ava-old", "18090-1", 0.9, "cm2", "2025-04-01");
  add(record, "ava", "79956-9", 65.0, "mm2", "2026-09-02");
  add(record, "ava-indexed", "79959-3", 0.3, "cm2/m2", "2026-09-05");
  measured = ct_fhir_measurements_new(
      record->patient, (const CtFhirObservation *)(gpointer)record->observations->data,
      record->observations->len, &known, today, &error);
  g_assert_no_error(error);
  g_assert_true(ct_measurements_get_aortic_valve_area_cm2(measured, &v));
  g_assert_cmpfloat_with_epsilon(v, 0.65, 1e-12);

  /* The twin's area dated after the record's newest (a later echocardiogram than the platform
   * holds) is kept; dated before, the record's newer one wins. */
  {
    g_autoptr(CtMeasurements) twin_newer = NULL;
    g_autoptr(CtMeasurements) record_newer = NULL;

    known.aortic_valve_area_date = "2026-09-20";
    twin_newer = ct_fhir_measurements_new(
        record->patient, (const CtFhirObservation *)(gpointer)record->observations->data,
        record->observations->len, &known, today, &error);
    g_assert_no_error(error);
    g_assert_true(ct_measurements_get_aortic_valve_area_cm2(twin_newer, &v));
    g_assert_cmpfloat(v, ==, 0.8);
    g_assert_cmpstr(ct_measurements_get_date(twin_newer, "aortic_valve_area_cm2"), ==,
                    "2026-09-20");
    known.aortic_valve_area_date = "2026-08-20";
    record_newer = ct_fhir_measurements_new(
        record->patient, (const CtFhirObservation *)(gpointer)record->observations->data,
        record->observations->len, &known, today, &error);
    g_assert_no_error(error);
    g_assert_true(ct_measurements_get_aortic_valve_area_cm2(record_newer, &v));
    g_assert_cmpfloat_with_epsilon(v, 0.65, 1e-12);
    g_assert_cmpstr(ct_measurements_get_date(record_newer, "aortic_valve_area_cm2"), ==,
                    "2026-09-02");
    known.aortic_valve_area_date = NULL;
  }

  /* A diameter as the newest: refused by name, not replaced by the twin's area. */
  add(record, "ava-diameter", "18090-1", 1.1, "cm", "2026-10-01");
  wrong_unit = ct_fhir_measurements_new(
      record->patient, (const CtFhirObservation *)(gpointer)record->observations->data,
      record->observations->len, &known, today, &error);
  g_assert_null(wrong_unit);
  g_assert_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE);
  g_assert_nonnull(strstr(error->message, "ava-diameter"));
  g_clear_error(&error);

  /* An area sent as mm2 that was in cm2 (0.65 mm2 = 0.0065 cm2): outside any valve's, refused
   * naming the measurement. */
  g_array_set_size(record->observations, record->observations->len - 1);
  add(record, "ava-scaled", "18090-1", 0.65, "mm2", "2026-10-01");
  wrong_unit = ct_fhir_record_to_measurements(record, today, &error);
  g_assert_null(wrong_unit);
  g_assert_nonnull(strstr(error->message, "aortic_valve_area_cm2"));
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/fhir-record/converted", test_converted);
  g_test_add_func("/fhir-record/refused", test_refused);
  g_test_add_func("/fhir-record/message-one-line", test_message_one_line);
  g_test_add_func("/fhir-record/from-parts", test_from_parts);
  g_test_add_func("/fhir-record/aortic-valve-area", test_aortic_valve_area);
  return g_test_run();
}

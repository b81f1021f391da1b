/* test-measurements.c — the cardiotwin-measurements/1 loader and the LOINC table.
 *
 * Every measurement the loader accepts must be one a living adult can show, and the set must hold
 * together; everything else is refused with a message that names the measurement and, for the
 * usual unit mix-ups, the unit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "ct-loinc.h"
#include "ct-measurements.h"
#include "ct-test-util.h"
#include "ct-twin-error.h"

/* A synthetic patient: HFrEF with LBBB and an inferolateral scar. */
static const char example[] = "{\"format\": \"cardiotwin-measurements/1\", \"sex\": \"male\", "
                              "\"age_years\": 68, \"height_cm\": 175, \"weight_kg\": 82, "
                              "\"qrs_ms\": 162, \"lbbb\": true, \"scar_segments\": [5, 11, 16], "
                              "\"measurements\": {\"hr_bpm\": 70, \"sbp_mmhg\": 108, "
                              "\"dbp_mmhg\": 66, \"map_mmhg\": 80, \"lvedv_ml\": 235, "
                              "\"lvesv_ml\": 168, \"lvef_pct\": 28, \"co_l_min\": 4.6, "
                              "\"mean_lap_mmhg\": 18, \"cvp_mmhg\": 8, \"mpap_mmhg\": 28, "
                              "\"spap_mmhg\": 40, \"dpap_mmhg\": 20}}";

static CtMeasurements *load_text(const char *text, GError **error)
{
  g_autoptr(GBytes) bytes = ct_test_bytes(text);

  return ct_measurements_new_from_bytes(bytes, error);
}

/* A measured aortic valve area, read from a document and carried by one built from parts (the
 * platform's reader builds it so). */
static void test_aortic_valve_area(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = ct_test_mutate(example, "aortic_valve_area_cm2", "0.65");
  g_autoptr(CtMeasurements) m = load_text(text, &error);
  g_autoptr(CtMeasurements) built = NULL;
  static const char *const names[] = {"hr_bpm", "lvef_pct"};
  static const double values[] = {70.0, 60.0};
  CtMeasurementsInput input = {.sex = CT_SEX_FEMALE,
                               .age_years = 79,
                               .height_cm = 158.0,
                               .weight_kg = 61.0,
                               .has_aortic_valve_area = TRUE,
                               .aortic_valve_area_cm2 = 0.8,
                               .n_values = 2,
                               .names = names,
                               .values = values};
  double area = 0.0;

  g_assert_no_error(error);
  g_assert_true(ct_measurements_get_aortic_valve_area_cm2(m, &area));
  g_assert_cmpfloat(area, ==, 0.65);
  built = ct_measurements_new(&input, &error);
  g_assert_no_error(error);
  g_assert_true(ct_measurements_get_aortic_valve_area_cm2(built, &area));
  g_assert_cmpfloat(area, ==, 0.8);
  /* The bounds themselves are areas a patient can have. */
  for (guint i = 0; i < 2; i++) {
    g_autofree char *bound = ct_test_mutate(example, "aortic_valve_area_cm2", i ? "6" : "0.3");
    g_autoptr(CtMeasurements) at_bound = load_text(bound, &error);

    g_assert_no_error(error);
    g_assert_true(ct_measurements_get_aortic_valve_area_cm2(at_bound, &area));
    g_assert_cmpfloat(area, ==, i ? 6.0 : 0.3);
  }
  g_clear_object(&built);
  input.aortic_valve_area_cm2 = 80.0; /* mm2 */
  built = ct_measurements_new(&input, &error);
  g_assert_null(built);
  ct_test_assert_error(error, CT_TWIN_ERROR_INVALID, "aortic_valve_area_cm2");
}

static void test_example(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtMeasurements) m = load_text(example, &error);
  double value = 0.0, qrs = 0.0;

  g_assert_no_error(error);
  g_assert_cmpint(ct_measurements_get_sex(m), ==, CT_SEX_MALE);
  g_assert_cmpint(ct_measurements_get_age_years(m), ==, 68);
  g_assert_cmpfloat(ct_measurements_get_height_cm(m), ==, 175.0);
  g_assert_cmpfloat(ct_measurements_get_weight_kg(m), ==, 82.0);
  /* Mosteller: sqrt(175 x 82 / 3600) = 1.996 m2. */
  g_assert_cmpfloat_with_epsilon(ct_measurements_get_bsa_m2(m), 1.9965, 1e-3);
  g_assert_true(ct_measurements_get_qrs_ms(m, &qrs));
  g_assert_cmpfloat(qrs, ==, 162.0);
  g_assert_true(ct_measurements_get_lbbb(m));
  g_assert_true(ct_measurements_has_scar(m, 5));
  g_assert_true(ct_measurements_has_scar(m, 16));
  g_assert_false(ct_measurements_has_scar(m, 1));
  g_assert_cmpuint(ct_measurements_get_n_values(m), ==, 13);
  /* Contract order, whatever the document's: hr_bpm first, mpap_mmhg last. */
  g_assert_cmpstr(ct_measurements_get_name(m, 0), ==, "hr_bpm");
  g_assert_cmpstr(ct_measurements_get_name(m, 12), ==, "mpap_mmhg");
  g_assert_true(ct_measurements_lookup(m, "lvedv_ml", &value));
  g_assert_cmpfloat(value, ==, 235.0);
  g_assert_false(ct_measurements_lookup(m, "sv_ml", NULL));
}

/* A mean RA pressure a few mmHg below the atmosphere's is a real reading (a hypovolaemic patient
 * breathing spontaneously): taken as it is. */
static void test_negative_filling_pressure(void)
{
  g_autofree char *text = ct_test_mutate(example, "measurements.cvp_mmhg", "-3");
  g_autoptr(GError) error = NULL;
  g_autoptr(CtMeasurements) m = load_text(text, &error);
  double value = 0.0;

  g_assert_no_error(error);
  g_assert_true(ct_measurements_lookup(m, "cvp_mmhg", &value));
  g_assert_cmpfloat(value, ==, -3.0);
}

static void test_minimal(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtMeasurements) m =
      load_text("{\"format\": \"cardiotwin-measurements/1\", \"sex\": \"female\", "
                "\"age_years\": 40, \"height_cm\": 165, \"weight_kg\": 60, "
                "\"measurements\": {\"lvef_pct\": 60, \"hr_bpm\": 64}}",
                &error);

  g_assert_no_error(error);
  g_assert_false(ct_measurements_get_qrs_ms(m, NULL));
  g_assert_false(ct_measurements_get_lbbb(m));
  g_assert_false(ct_measurements_get_aortic_valve_area_cm2(m, NULL));
  g_assert_cmpuint(ct_measurements_get_n_values(m), ==, 2);
}

typedef struct {
  const char *path;
  const char *value;
  int code;
  const char *needle;
} BadCase;

static const BadCase bad_cases[] = {
    {"format", NULL, CT_TWIN_ERROR_INVALID, "format is missing"},
    {"format", "\"cardiotwin-measurements/2\"", CT_TWIN_ERROR_NEWER_VERSION,
     "cardiotwin-measurements/2"},
    {"format", "\"cardiotwin/1\"", CT_TWIN_ERROR_INVALID, "format"},
    {"weight", "82", CT_TWIN_ERROR_INVALID, "weight"},
    {"sex", "\"M\"", CT_TWIN_ERROR_INVALID, "sex"},
    {"sex", NULL, CT_TWIN_ERROR_INVALID, "sex is missing"},
    {"age_years", "12", CT_TWIN_ERROR_INVALID, "age_years"},
    {"age_years", "68.5", CT_TWIN_ERROR_INVALID, "whole number"},
    {"height_cm", "1.75", CT_TWIN_ERROR_INVALID, "height_cm"},
    {"weight_kg", "820", CT_TWIN_ERROR_INVALID, "weight_kg"},
    {"weight_kg", "\"82\"", CT_TWIN_ERROR_INVALID, "weight_kg"},
    {"qrs_ms", "0.162", CT_TWIN_ERROR_INVALID, "qrs_ms"},
    {"qrs_ms", "100", CT_TWIN_ERROR_INVALID, "at least 120 ms"},
    {"lbbb", "\"yes\"", CT_TWIN_ERROR_INVALID, "lbbb"},
    /* An area in mm2, one below any adult's, text, nothing. */
    {"aortic_valve_area_cm2", "65", CT_TWIN_ERROR_INVALID, "aortic_valve_area_cm2"},
    {"aortic_valve_area_cm2", "0.1", CT_TWIN_ERROR_INVALID, "from 0.3 to 6 cm2"},
    {"aortic_valve_area_cm2", "6.01", CT_TWIN_ERROR_INVALID, "from 0.3 to 6 cm2"},
    {"aortic_valve_area_cm2", "0", CT_TWIN_ERROR_INVALID, "from 0.3 to 6 cm2"},
    {"aortic_valve_area_cm2", "-0.7", CT_TWIN_ERROR_INVALID, "from 0.3 to 6 cm2"},
    {"aortic_valve_area_cm2", "\"0.7\"", CT_TWIN_ERROR_INVALID, "aortic_valve_area_cm2"},
    {"aortic_valve_area_cm2", "null", CT_TWIN_ERROR_INVALID, "aortic_valve_area_cm2"},
    /* Dates: of a measurement of the document, ISO 8601 with an offset when timed. */
    {"dates", "[]", CT_TWIN_ERROR_INVALID, "dates"},
    {"dates.sv_ml", "\"2026-10-05\"", CT_TWIN_ERROR_INVALID, "not a measurement of the document"},
    {"dates.aortic_valve_area_cm2", "\"2026-10-05\"", CT_TWIN_ERROR_INVALID,
     "not a measurement of the document"},
    {"dates.hr_bpm", "\"2026-02-30\"", CT_TWIN_ERROR_INVALID, "dates.hr_bpm"},
    {"dates.hr_bpm", "\"2026-10-05T09:30:00\"", CT_TWIN_ERROR_INVALID, "offset"},
    {"dates.hr_bpm", "20261005", CT_TWIN_ERROR_INVALID, "dates.hr_bpm"},
    {"scar_segments", "[0]", CT_TWIN_ERROR_INVALID, "scar_segments[0]"},
    {"scar_segments", "[18]", CT_TWIN_ERROR_INVALID, "AHA segment number"},
    {"scar_segments", "[5, 5]", CT_TWIN_ERROR_INVALID, "already listed"},
    {"scar_segments", "{\"5\": 1}", CT_TWIN_ERROR_INVALID, "scar_segments"},
    {"measurements", NULL, CT_TWIN_ERROR_INVALID, "measurements is missing"},
    {"measurements", "[]", CT_TWIN_ERROR_INVALID, "measurements"},
    {"measurements.hr_bpm", NULL, CT_TWIN_ERROR_INVALID, "at least hr_bpm and lvef_pct"},
    {"measurements.lvef_pct", NULL, CT_TWIN_ERROR_INVALID, "at least hr_bpm and lvef_pct"},
    /* Not a measurement the twin can be fitted to. */
    {"measurements.lvad_flow_l_min", "2", CT_TWIN_ERROR_INVALID, "lvad_flow_l_min"},
    {"measurements.heart_rate", "70", CT_TWIN_ERROR_INVALID, "the measurements are hr_bpm"},
    {"measurements.hr_bpm", "\"70\"", CT_TWIN_ERROR_INVALID, "measurements.hr_bpm"},
    {"measurements.hr_bpm", "null", CT_TWIN_ERROR_INVALID, "measurements.hr_bpm"},
    {"measurements.hr_bpm", "1e308", CT_TWIN_ERROR_INVALID, "measurements.hr_bpm"},
    /* Impossible values. */
    {"measurements.lvef_pct", "97", CT_TWIN_ERROR_INVALID, "not possible in a living adult"},
    {"measurements.hr_bpm", "400", CT_TWIN_ERROR_INVALID, "measurements.hr_bpm is 400"},
    {"measurements.cvp_mmhg", "-12", CT_TWIN_ERROR_INVALID, "not possible in a living adult"},
    {"measurements.mean_lap_mmhg", "-11", CT_TWIN_ERROR_INVALID, "not possible in a living adult"},
    {"measurements.dpap_mmhg", "-1", CT_TWIN_ERROR_INVALID, "not negative"},
    /* Unit mix-ups. */
    {"measurements.lvedv_ml", "0.235", CT_TWIN_ERROR_INVALID, "looks like litres"},
    {"measurements.lvef_pct", "0.28", CT_TWIN_ERROR_INVALID, "looks like a fraction"},
    {"measurements.co_l_min", "4600", CT_TWIN_ERROR_INVALID, "looks like ml/min"},
    {"measurements.map_mmhg", "10.7", CT_TWIN_ERROR_INVALID, "looks like kPa"},
    /* Contradictions, naming both sides. */
    {"measurements.lvesv_ml", "250", CT_TWIN_ERROR_INVALID,
     "measurements.lvesv_ml (250) and measurements.lvedv_ml (235)"},
    {"measurements.dbp_mmhg", "120", CT_TWIN_ERROR_INVALID, "measurements.dbp_mmhg (120)"},
    {"measurements.map_mmhg", "110", CT_TWIN_ERROR_INVALID, "measurements.map_mmhg (110)"},
    {"measurements.mean_lap_mmhg", "30", CT_TWIN_ERROR_INVALID,
     "mean pulmonary artery pressure must exceed the wedge pressure"},
    {"measurements.lvef_pct", "45", CT_TWIN_ERROR_INVALID, "give an ejection fraction of 29 %"},
    {"measurements.sv_ml", "30", CT_TWIN_ERROR_INVALID, "whose product is 2.1 l/min"},
};

/* Dates: a measurement of the document taken on a day or at a moment, read back as written;
 * those not dated have none (the fit dates them with its own day). */
static void test_dates(void)
{
  g_autofree char *dated = ct_test_mutate(example, "dates.lvef_pct", "\"2026-09-02\"");
  g_autofree char *timed = ct_test_mutate(dated, "dates.hr_bpm", "\"2026-09-01T08:00:00+02:00\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(CtMeasurements) m = load_text(timed, &error);

  g_assert_no_error(error);
  g_assert_cmpstr(ct_measurements_get_date(m, "lvef_pct"), ==, "2026-09-02");
  g_assert_cmpstr(ct_measurements_get_date(m, "hr_bpm"), ==, "2026-09-01T08:00:00+02:00");
  g_assert_null(ct_measurements_get_date(m, "lvedv_ml"));
}

static void test_bad(void)
{
  for (guint i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
    const BadCase *c = &bad_cases[i];
    g_autofree char *text = ct_test_mutate(example, c->path, c->value);
    g_autoptr(GError) error = NULL;
    g_autoptr(CtMeasurements) m = NULL;

    g_test_message("%s = %s", c->path, c->value != NULL ? c->value : "(removed)");
    m = load_text(text, &error);
    g_assert_null(m);
    ct_test_assert_error(error, c->code, c->needle);
    g_assert_true(g_str_has_prefix(error->message, "Measurements: "));
  }
}

static void test_hostile(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtMeasurements) m = NULL;
  g_autofree char *half = g_strndup(example, strlen(example) / 2);
  g_autofree char *dir = g_dir_make_tmp("test-measurements-XXXXXX", NULL);
  g_autofree char *huge = NULL;
  g_autofree char *missing = g_build_filename(dir, "missing.json", NULL);
  GString *deep = g_string_new(NULL);

  m = load_text("", &error);
  ct_test_assert_error(error, CT_TWIN_ERROR_PARSE, "empty");
  g_clear_error(&error);
  m = load_text(half, &error);
  g_assert_null(m);
  ct_test_assert_error(error, CT_TWIN_ERROR_PARSE, "truncated");
  g_clear_error(&error);
  m = load_text("[1, 2]", &error);
  g_assert_null(m);
  ct_test_assert_error(error, CT_TWIN_ERROR_INVALID, "Measurements");
  g_clear_error(&error);
  m = load_text("{\"format\": \"cardiotwin-measurements/1\", \"measurements\": {\"hr_bpm\": 70, "
                "\"hr_bpm\": 80}}",
                &error);
  ct_test_assert_error(error, CT_TWIN_ERROR_INVALID, "“hr_bpm” appears twice");
  g_clear_error(&error);
  for (int i = 0; i < 100000; i++)
    g_string_append_c(deep, '[');
  m = load_text(deep->str, &error);
  g_assert_null(m);
  ct_test_assert_error(error, CT_TWIN_ERROR_TOO_LARGE, "32 levels");
  g_clear_error(&error);
  g_string_free(deep, TRUE);

  /* 1 MiB is the limit: 100 MB (sparse) is refused from its size, unread. */
  huge = ct_test_sparse_file(dir, "huge.json", 100 * 1000 * 1000);
  m = ct_measurements_new_from_file(huge, &error);
  g_assert_null(m);
  ct_test_assert_error(error, CT_TWIN_ERROR_TOO_LARGE, "huge.json");
  g_clear_error(&error);
  m = ct_measurements_new_from_file(missing, &error);
  g_assert_null(m);
  ct_test_assert_error(error, CT_TWIN_ERROR_NOT_FOUND, "missing.json");

  g_assert_cmpint(g_remove(huge), ==, 0);
  g_assert_cmpint(g_rmdir(dir), ==, 0);
}

/* LOINC's check digit: the mod-10 algorithm of the LOINC Users' Guide (Luhn on the digits). */
static gboolean loinc_check_digit_ok(const char *code)
{
  const char *dash = strchr(code, '-');
  int sum = 0;
  gboolean doubled = TRUE;

  if (dash == NULL || dash[1] == '\0' || dash[2] != '\0' || dash == code)
    return FALSE;
  for (const char *p = dash - 1; p >= code; p--) {
    int d = *p - '0';

    if (d < 0 || d > 9)
      return FALSE;
    if (doubled) {
      d *= 2;
      if (d > 9)
        d -= 9;
    }
    sum += d;
    doubled = !doubled;
  }
  return (10 - sum % 10) % 10 == dash[1] - '0';
}

static void test_loinc_table(void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

  /* The check itself, on codes known good and bad. */
  g_assert_true(loinc_check_digit_ok("8867-4"));
  g_assert_true(loinc_check_digit_ok("10230-1"));
  g_assert_false(loinc_check_digit_ok("8867-5"));
  g_assert_false(loinc_check_digit_ok("10230-2"));

  for (guint i = 0; i < ct_loinc_get_n_entries(); i++) {
    const CtLoincEntry *e = ct_loinc_get_entry(i);

    g_test_message("%s %s", e->name, e->code);
    g_assert_true(loinc_check_digit_ok(e->code));
    g_assert_false(g_hash_table_contains(seen, e->code));
    g_hash_table_add(seen, (gpointer)e->code);
    g_assert_cmpstr(ct_loinc_name_for_code(e->code), ==, e->name);
    for (const char *const *alt = e->alternatives; *alt != NULL; alt++) {
      g_assert_true(loinc_check_digit_ok(*alt));
      g_assert_false(g_hash_table_contains(seen, *alt));
      g_hash_table_add(seen, (gpointer)*alt);
      g_assert_cmpstr(ct_loinc_name_for_code(*alt), ==, e->name);
    }
  }
  /* Every measurement the fit accepts has a code to be recorded with. */
  for (size_t k = 0; k < cs_index_count(); k++)
    if (ct_measurement_tolerance(cs_index_name(k), NULL))
      g_assert_nonnull(ct_loinc_for_index(cs_index_name(k)));
  g_assert_cmpstr(ct_loinc_for_index("lvef_pct"), ==, "10230-1");
  g_assert_cmpstr(ct_loinc_name_for_code("79991-6"), ==, "lvef_pct");
  g_assert_null(ct_loinc_name_for_code("75919-1")); /* cardiac index, not output */
  g_assert_null(ct_loinc_for_index("lvad_flow_l_min"));
}

/* docs/loinc.md shows the table as it is in the code, row for row. */
static void test_loinc_document(void)
{
  g_autofree char *path = g_test_build_filename(G_TEST_DIST, "..", "docs", "loinc.md", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents(path, &text, NULL, &error);
  g_assert_no_error(error);
  for (guint i = 0; i < ct_loinc_get_n_entries(); i++) {
    const CtLoincEntry *e = ct_loinc_get_entry(i);
    g_autoptr(GString) row = g_string_new(NULL);

    g_string_printf(row, "| `%s` | `%s` | %s | `%s` | %s | ", e->name, e->code, e->display, e->ucum,
                    e->checked);
    if (e->alternatives[0] == NULL)
      g_string_append(row, "—");
    for (const char *const *alt = e->alternatives; *alt != NULL; alt++)
      g_string_append_printf(row, "%s`%s`", alt == e->alternatives ? "" : ", ", *alt);
    g_string_append(row, " |\n");
    g_test_message("%s", row->str);
    g_assert_nonnull(strstr(text, row->str));
  }
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/measurements/example", test_example);
  g_test_add_func("/measurements/minimal", test_minimal);
  g_test_add_func("/measurements/negative-filling-pressure", test_negative_filling_pressure);
  g_test_add_func("/measurements/aortic-valve-area", test_aortic_valve_area);
  g_test_add_func("/measurements/dates", test_dates);
  g_test_add_func("/measurements/invalid/members", test_bad);
  g_test_add_func("/measurements/invalid/hostile", test_hostile);
  g_test_add_func("/measurements/loinc-table", test_loinc_table);
  g_test_add_func("/measurements/loinc-document", test_loinc_document);
  return g_test_run();
}

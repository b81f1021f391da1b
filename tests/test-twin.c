/* test-twin.c — the cardiotwin/1 twin format: demos, round trips, every rule, hostile input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "ct-test-util.h"
#include "ct-twin-error.h"
#include "ct-twin.h"

static const char *const contract_demos[] = {
    "normal", "hfref-lbbb", "ischemic-scar", "advanced-hf", NULL,
};

/* Every value the engine receives, compared exactly. */
static void assert_same_params(const CsParams *a, const CsParams *b)
{
  size_t i;
  int s;

  for (i = 0; i < cs_param_count(); i++) {
    const CsParamInfo *info = cs_param_info(i);
    double va = *cs_param_field((CsParams *)a, info);
    double vb = *cs_param_field((CsParams *)b, info);

    if (memcmp(&va, &vb, sizeof va) != 0)
      g_error("%s differs: %.17g and %.17g", info->name, va, vb);
  }
  g_assert_cmpint(a->conduction, ==, b->conduction);
  for (s = 0; s < CS_AHA_SEGMENTS; s++)
    g_assert_cmpfloat(a->scar_transmurality[s], ==, b->scar_transmurality[s]);
}

static CtTwin *load_text(const char *text, GError **error)
{
  g_autoptr(GBytes) bytes = ct_test_bytes(text);
  return ct_twin_new_from_bytes(bytes, error);
}

/* ------------------------------------------------------------------ good paths */

static void test_demos_listed(void)
{
  g_auto(GStrv) demos = ct_twin_list_demos();
  guint i;

  for (i = 0; contract_demos[i] != NULL; i++)
    g_assert_true(g_strv_contains((const char *const *)demos, contract_demos[i]));
  for (i = 1; demos[i] != NULL; i++)
    g_assert_cmpstr(demos[i - 1], <, demos[i]);
}

static void test_demos_load(void)
{
  g_auto(GStrv) demos = ct_twin_list_demos();
  guint i;

  for (i = 0; demos[i] != NULL; i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(CtTwin) twin = ct_twin_new_from_demo(demos[i], &error);
    CsError engine_error = {{0}};
    double qrs = 0.0;

    g_assert_no_error(error);
    g_assert_nonnull(twin);
    g_assert_cmpstr(ct_twin_get_provenance_source(twin), ==, "synthetic");
    g_assert_nonnull(ct_twin_get_description(twin));
    g_assert_nonnull(ct_twin_get_population(twin));
    g_assert_nonnull(ct_twin_get_pseudonym(twin));
    g_assert_cmpuint(ct_twin_get_n_measurements(twin), >=, 5);
    g_assert_true(ct_twin_get_qrs_ms(twin, &qrs));
    g_assert_cmpint(cs_params_validate(ct_twin_get_params(twin), &engine_error), ==, CS_OK);
    g_assert_cmpfloat(ct_twin_get_params(twin)->body_weight_kg, ==, ct_twin_get_weight_kg(twin));
  }
}

static void test_demo_content(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTwin) normal = ct_twin_new_from_demo("normal", &error);
  g_autoptr(CtTwin) lbbb = ct_twin_new_from_demo("hfref-lbbb", &error);
  g_autoptr(CtTwin) scar = ct_twin_new_from_demo("ischemic-scar", &error);
  g_autoptr(CtTwin) lvad = ct_twin_new_from_demo("advanced-hf", &error);
  int s;

  g_assert_no_error(error);
  g_assert_cmpint(ct_twin_get_conduction(normal), ==, CS_CONDUCTION_NORMAL);
  g_assert_cmpint(ct_twin_get_conduction(lbbb), ==, CS_CONDUCTION_LBBB);
  g_assert_cmpint(ct_twin_get_conduction(scar), ==, CS_CONDUCTION_LBBB);
  g_assert_cmpint(ct_twin_get_conduction(lvad), ==, CS_CONDUCTION_NORMAL);
  /* Each demo states its cardiopulmonary set point: the reflex is on, blunted in heart failure. */
  g_assert_cmpfloat(ct_twin_get_params(normal)->cardiopulmonary_reflex_gain_scale, ==, 1.0);
  g_assert_cmpfloat(ct_twin_get_params(lbbb)->cardiopulmonary_reflex_gain_scale, ==, 0.15);
  g_assert_cmpfloat(ct_twin_get_params(normal)->beta1_chronotropic_scale, ==, 1.0);
  g_assert_cmpfloat(ct_twin_get_params(lbbb)->beta1_chronotropic_scale, ==, 0.37);
  g_assert_cmpfloat(ct_twin_get_params(lvad)->cardiopulmonary_set_point_mmhg, ==, 11.87);
  /* DESIGN.md: transmural posterolateral scar in AHA segments 5, 11 and 16, and nowhere else. */
  for (s = 1; s <= CS_AHA_SEGMENTS; s++) {
    gboolean scarred = s == 5 || s == 11 || s == 16;

    g_assert_cmpfloat(ct_twin_get_scar(scar, s), ==, scarred ? 0.9 : 0.0);
    g_assert_cmpfloat(ct_twin_get_scar(lbbb, s), ==, 0.0);
    g_assert_cmpfloat(ct_twin_get_scar(normal, s), ==, 0.0);
  }
  g_assert_nonnull(strstr(ct_twin_get_population(lvad), "INTERMACS"));
  g_assert_nonnull(strstr(ct_twin_get_population(lbbb), "MADIT-CRT"));
}

static void test_params_from_twin(void)
{
  g_autofree char *text = ct_test_read_fixture("twin-full.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTwin) twin = load_text(text, &error);
  const CsParams *p;
  CsParams defaults;
  double value = 0.0;

  g_assert_no_error(error);
  p = ct_twin_get_params(twin);
  cs_params_default(&defaults);
  g_assert_cmpfloat(p->body_weight_kg, ==, 80.0);
  g_assert_cmpfloat(p->pr_interval_ms, ==, 200.0);
  g_assert_cmpint(p->conduction, ==, CS_CONDUCTION_LBBB);
  g_assert_cmpfloat(p->scar_transmurality[4], ==, 0.9);
  g_assert_cmpfloat(p->scar_transmurality[10], ==, 0.45);
  g_assert_cmpfloat(p->scar_transmurality[0], ==, 0.0);
  g_assert_cmpfloat(p->sinus_rate_bpm, ==, 75.0);
  g_assert_cmpfloat(p->systemic_vascular_resistance_mmhg_s_ml, ==, 1.1);
  g_assert_cmpfloat(p->lv_free_wall.end_systolic_elastance_mmhg_ml, ==, 2.1234567890123);
  /* Blood volume not given: the patient's by Nadler et al. 1962 (a woman of 165.5 cm, 80 kg). */
  g_assert_cmpfloat(fabs(p->total_blood_volume_ml -
                         1000.0 * (0.3561 * pow(1.655, 3.0) + 0.03308 * 80.0 + 0.1833)),
                    <, 1e-9);
  /* No cardiopulmonary set point: that reflex is off, so the twin keeps its baseline; a gain
   * the twin states is kept. */
  g_assert_cmpfloat(p->cardiopulmonary_reflex_gain_scale, ==, 0.0);
  {
    g_autofree char *with_gain =
        ct_test_mutate(text, "parameters.cardiopulmonary_reflex_gain_scale", "0.5");
    g_autoptr(CtTwin) gained = load_text(with_gain, &error);

    g_assert_no_error(error);
    g_assert_cmpfloat(ct_twin_get_params(gained)->cardiopulmonary_reflex_gain_scale, ==, 0.5);
    g_assert_cmpfloat(ct_twin_get_params(gained)->cardiopulmonary_set_point_mmhg, ==,
                      defaults.cardiopulmonary_set_point_mmhg);
  }
  /* A twin that does not state its sinus node's beta-1 response (written before it was a
   * parameter) has a healthy one, or heart failure's where its heart-rate reflex is heart
   * failure's; one it states is kept. */
  g_assert_cmpfloat(p->beta1_chronotropic_scale, ==, 1.0);
  {
    g_autofree char *failing_text =
        ct_test_mutate(text, "parameters.baroreflex_heart_rate_gain_scale", "0.23");
    g_autofree char *stated_text =
        ct_test_mutate(failing_text, "parameters.beta1_chronotropic_scale", "0.8");
    g_autoptr(CtTwin) failing = load_text(failing_text, &error);
    g_autoptr(CtTwin) stated = NULL;

    g_assert_no_error(error);
    g_assert_cmpfloat(ct_twin_get_params(failing)->beta1_chronotropic_scale, ==, 0.37);
    stated = load_text(stated_text, &error);
    g_assert_no_error(error);
    g_assert_cmpfloat(ct_twin_get_params(stated)->beta1_chronotropic_scale, ==, 0.8);
    /* A heart-rate arm at 0.23 with a whole cardiopulmonary arm is age's (a fit past 76), not
     * heart failure's. */
    {
      g_autofree char *aged_text =
          ct_test_mutate(failing_text, "parameters.cardiopulmonary_reflex_gain_scale", "1");
      g_autoptr(CtTwin) aged = load_text(aged_text, &error);

      g_assert_no_error(error);
      g_assert_cmpfloat(ct_twin_get_params(aged)->beta1_chronotropic_scale, ==, 1.0);
    }
  }
  /* Other parameters the twin does not give keep the engine's defaults. */
  g_assert_cmpfloat(p->septum.end_systolic_elastance_mmhg_ml, ==,
                    defaults.septum.end_systolic_elastance_mmhg_ml);

  g_assert_cmpstr(ct_twin_get_id(twin), ==, "test-full.1");
  g_assert_cmpint(ct_twin_get_sex(twin), ==, CT_SEX_FEMALE);
  g_assert_cmpint(ct_twin_get_age_years(twin), ==, 61);
  g_assert_cmpfloat(ct_twin_get_height_cm(twin), ==, 165.5);
  g_assert_true(ct_twin_get_geometry(twin, "aortic_root_mm", &value));
  g_assert_cmpfloat(value, ==, 34.0);
  g_assert_false(ct_twin_get_geometry(twin, "la_diameter_mm", &value));
  g_assert_cmpstr(ct_twin_get_calibration_method(twin), ==, "manual");
  g_assert_cmpstrv(ct_twin_get_calibration_drivers(twin, "sinus_rate_bpm"),
                   ((const char *const[]){"hr_bpm", NULL}));
  g_assert_cmpstrv(ct_twin_get_calibration_drivers(twin, "systemic_vascular_resistance_mmhg_s_ml"),
                   ((const char *const[]){NULL}));
  g_assert_null(ct_twin_get_calibration_drivers(twin, "pulmonary_vascular_resistance_mmhg_s_ml"));
  g_assert_cmpuint(ct_twin_get_n_measurements(twin), ==, 3);
  g_assert_cmpstr(ct_twin_get_measurement(twin, 1)->name, ==, "lvef_pct");
  g_assert_cmpfloat(ct_twin_get_measurement(twin, 1)->value, ==, 31.5);
  g_assert_cmpstr(ct_twin_get_measurement(twin, 1)->loinc, ==, "10230-1");
}

/* Without a stated blood volume, a small or a large adult is the reference adult scaled by blood
 * volume (Nadler), as the fit scales it: with 70 ml/kg and the reference adult's vessels, a
 * 45-kg woman's 3150 ml were refused (below the vessels' unstressed volumes) and a 180-kg man's
 * 12.6 l (above the engine's 12 l), where both are CRT and LVAD patients. Both now load and
 * reach a steady state with an output that grows with size. */
static void test_size_scaled(void)
{
  g_autofree char *full = ct_test_read_fixture("twin-full.json");
  const struct {
    const char *sex, *height, *weight;
  } patients[] = {{"\"female\"", "150", "45"}, {"\"male\"", "185", "180"}};
  double output[G_N_ELEMENTS(patients)];

  for (guint i = 0; i < G_N_ELEMENTS(patients); i++) {
    g_autofree char *a = ct_test_mutate(full, "patient.sex", patients[i].sex);
    g_autofree char *b = ct_test_mutate(a, "patient.height_cm", patients[i].height);
    g_autofree char *c = ct_test_mutate(b, "patient.weight_kg", patients[i].weight);
    g_autoptr(GError) error = NULL;
    g_autoptr(CtTwin) twin = load_text(c, &error);
    CsError engine_error = {{0}};
    CsSteadyStateResult result;
    CsTherapy therapy;
    CsModel *model;

    g_assert_no_error(error);
    cs_therapy_default(&therapy);
    model = cs_model_new(ct_twin_get_params(twin), &therapy, &engine_error);
    g_assert_nonnull(model);
    g_assert_cmpint(cs_model_run_to_steady_state(model, NULL, &result, &engine_error), ==, CS_OK);
    output[i] = cs_model_indices(model)->co_l_min;
    g_test_message("%s kg: blood %.0f ml, CO %.2f l/min", patients[i].weight,
                   ct_twin_get_params(twin)->total_blood_volume_ml, output[i]);
    cs_model_free(model);
  }
  g_assert_cmpfloat(output[0], <, output[1]);
}

static void test_absent_members_take_defaults(void)
{
  g_autofree char *full = ct_test_read_fixture("twin-full.json");
  g_autofree char *a = ct_test_mutate(full, "conduction", NULL);
  g_autofree char *b = ct_test_mutate(a, "scar", NULL);
  g_autofree char *c = ct_test_mutate(b, "parameters", NULL);
  g_autofree char *d = ct_test_mutate(c, "measurements", NULL);
  g_autofree char *e = ct_test_mutate(d, "calibration", NULL);
  g_autofree char *f = ct_test_mutate(e, "geometry", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTwin) twin = load_text(f, &error);
  CsParams expected;

  g_assert_no_error(error);
  memset(&expected, 0, sizeof expected);
  cs_params_default(&expected);
  expected.body_weight_kg = 80.0;
  /* The patient's blood volume (Nadler), and the reference adult's vessels scaled with it. */
  {
    double reference_ml = expected.total_blood_volume_ml;

    expected.total_blood_volume_ml = ct_blood_volume_nadler_ml(CT_SEX_FEMALE, 165.5, 80.0);
    expected.systemic_arterial_unstressed_volume_ml *=
        expected.total_blood_volume_ml / reference_ml;
    expected.systemic_venous_unstressed_volume_ml *= expected.total_blood_volume_ml / reference_ml;
    expected.systemic_venous_compliance_ml_mmhg *= expected.total_blood_volume_ml / reference_ml;
  }
  expected.cardiopulmonary_reflex_gain_scale = 0.0;
  assert_same_params(ct_twin_get_params(twin), &expected);
  g_assert_false(ct_twin_get_qrs_ms(twin, NULL));
  g_assert_null(ct_twin_get_calibration_method(twin));
}

static void round_trip(CtTwin *twin)
{
  g_autoptr(GBytes) first = ct_twin_to_bytes(twin);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTwin) again = ct_twin_new_from_bytes(first, &error);
  g_autoptr(GBytes) second = NULL;

  g_assert_no_error(error);
  assert_same_params(ct_twin_get_params(twin), ct_twin_get_params(again));
  second = ct_twin_to_bytes(again);
  g_assert_true(g_bytes_equal(first, second));
  g_assert_cmpstr(ct_twin_get_description(twin), ==, ct_twin_get_description(again));
  g_assert_cmpuint(ct_twin_get_n_measurements(twin), ==, ct_twin_get_n_measurements(again));
}

static void test_round_trip(void)
{
  g_autofree char *text = ct_test_read_fixture("twin-full.json");
  g_auto(GStrv) demos = ct_twin_list_demos();
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTwin) full = load_text(text, &error);
  guint i;

  g_assert_no_error(error);
  round_trip(full);
  for (i = 0; demos[i] != NULL; i++) {
    g_autoptr(CtTwin) twin = ct_twin_new_from_demo(demos[i], &error);

    g_assert_no_error(error);
    round_trip(twin);
  }
}

static void test_save_and_load_file(void)
{
  g_autofree char *text = ct_test_read_fixture("twin-full.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTwin) twin = load_text(text, &error);
  g_autoptr(CtTwin) loaded = NULL;
  g_autofree char *dir = g_dir_make_tmp("test-twin-XXXXXX", &error);
  g_autofree char *path = g_build_filename(dir, "twin.json", NULL);
  g_autofree char *missing = g_build_filename(dir, "no-such-folder", "twin.json", NULL);

  g_assert_no_error(error);
  g_assert_true(ct_twin_save_to_file(twin, path, &error));
  g_assert_no_error(error);
  loaded = ct_twin_new_from_file(path, &error);
  g_assert_no_error(error);
  assert_same_params(ct_twin_get_params(twin), ct_twin_get_params(loaded));

  g_assert_false(ct_twin_save_to_file(twin, missing, &error));
  ct_test_assert_error(error, CT_TWIN_ERROR_IO, "no-such-folder");
  g_clear_error(&error);

  g_assert_cmpint(g_remove(path), ==, 0);
  g_assert_cmpint(g_rmdir(dir), ==, 0);
}

/* A measured aortic valve area (recorded by the fit, ct-fit.c) is a measurement of the twin like
 * the indices, kept through a save and a reload. */
static void test_valve_area_measurement(void)
{
  g_autofree char *full = ct_test_read_fixture("twin-full.json");
  g_autofree char *text = ct_test_mutate(
      full, "measurements[2]",
      "{\"name\": \"aortic_valve_area_cm2\", \"loinc\": \"18090-1\", \"value\": 0.8, "
      "\"unit\": \"cm2\", \"date\": \"2026-10-01\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTwin) twin = load_text(text, &error);
  g_autoptr(CtTwin) reloaded = NULL;
  g_autoptr(GBytes) saved = NULL;
  const CtMeasurement *m;

  g_assert_no_error(error);
  m = ct_twin_get_measurement(twin, 2);
  g_assert_cmpstr(m->name, ==, "aortic_valve_area_cm2");
  g_assert_cmpfloat(m->value, ==, 0.8);
  g_assert_cmpstr(m->unit, ==, "cm2");
  /* Not the twin's orifice (the engine's normal one): not the measurement of it. */
  g_assert_null(ct_twin_get_aortic_valve_area_measurement(twin));
  {
    g_autofree char *stenotic =
        ct_test_mutate(text, "parameters.aortic_effective_orifice_area_cm2", "0.8");
    g_autoptr(CtTwin) with_orifice = load_text(stenotic, &error);

    g_assert_no_error(error);
    g_assert_true(ct_twin_get_aortic_valve_area_measurement(with_orifice) ==
                  ct_twin_get_measurement(with_orifice, 2));
  }
  saved = ct_twin_to_bytes(twin);
  reloaded = ct_twin_new_from_bytes(saved, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(ct_twin_get_n_measurements(reloaded), ==, ct_twin_get_n_measurements(twin));
  g_assert_cmpstr(ct_twin_get_measurement(reloaded, 2)->name, ==, "aortic_valve_area_cm2");
  g_assert_cmpfloat(ct_twin_get_measurement(reloaded, 2)->value, ==, 0.8);

  /* Given, not fitted: listed among the measurements the calibration used, it still has no
   * residual. */
  {
    g_autofree char *listed =
        ct_test_mutate(text, "calibration.from_measurements",
                       "[\"hr_bpm\", \"lvef_pct\", \"aortic_valve_area_cm2\"]");
    g_autofree char *with_residual =
        ct_test_mutate(listed, "calibration.residuals.aortic_valve_area_cm2", "0.1");
    g_autoptr(CtTwin) listed_twin = load_text(listed, &error);
    g_autoptr(CtTwin) refused = NULL;

    g_assert_no_error(error);
    g_assert_nonnull(listed_twin);
    refused = load_text(with_residual, &error);
    g_assert_null(refused);
    ct_test_assert_error(error, CT_TWIN_ERROR_INVALID, "calibration.residuals");
  }
}

/* ------------------------------------------------------------------ every rule */

typedef struct {
  const char *path;   /* member to change in twin-full.json */
  const char *value;  /* its new raw text, NULL to remove it */
  int code;           /* expected CtTwinError */
  const char *needle; /* the message must name this */
} BadCase;

static const BadCase bad_cases[] = {
    {"format", NULL, CT_TWIN_ERROR_INVALID, "format is missing"},
    /* A later version is a newer CardioTwin's work (update, not repair); an earlier unknown one
     * is not. */
    {"format", "\"cardiotwin/2\"", CT_TWIN_ERROR_NEWER_VERSION, "update CardioTwin"},
    {"format", "\"cardiotwin/2\"", CT_TWIN_ERROR_NEWER_VERSION, "cardiotwin/2"},
    {"format", "\"cardiotwin/99999999999999999999\"", CT_TWIN_ERROR_NEWER_VERSION, "newer"},
    {"format", "\"cardiotwin/0\"", CT_TWIN_ERROR_UNSUPPORTED_VERSION, "cardiotwin/0"},
    {"format", "\"cardiotwin-scenario/1\"", CT_TWIN_ERROR_INVALID, "scenario"},
    {"format", "1", CT_TWIN_ERROR_INVALID, "format"},
    {"patinet", "{}", CT_TWIN_ERROR_INVALID, "did you mean “patient”"},
    {"id", NULL, CT_TWIN_ERROR_INVALID, "id is missing"},
    {"id", "\"a b\"", CT_TWIN_ERROR_INVALID, "id"},
    {"id", "\"\"", CT_TWIN_ERROR_INVALID, "id is empty"},
    {"description", "42", CT_TWIN_ERROR_INVALID, "description"},
    /* A description may break lines (LF or CR LF) and hold tabs; any other control character is
     * named by its code point. */
    {"description", "\"a bell \\u0007 rings\"", CT_TWIN_ERROR_INVALID, "U+0007"},
    {"description", "\"a lone \\r return\"", CT_TWIN_ERROR_INVALID, "U+000D"},
    {"patient", NULL, CT_TWIN_ERROR_INVALID, "patient is missing"},
    {"patient", "[]", CT_TWIN_ERROR_INVALID, "patient"},
    {"patient.pseudonym", "\"two\\nlines\"", CT_TWIN_ERROR_INVALID, "patient.pseudonym"},
    /* Invisible characters that turn or hide the text around them, and a name of spaces alone
     * (a hostile tester's finds: U+202E reversed the rest of the terminal's line). */
    {"patient.pseudonym", "\"Demo \\u202e Patient\"", CT_TWIN_ERROR_INVALID, "U+202E"},
    {"patient.pseudonym", "\"Demo\\u200b\"", CT_TWIN_ERROR_INVALID, "U+200B"},
    {"patient.pseudonym", "\"Demo \\uffff\"", CT_TWIN_ERROR_INVALID, "U+FFFF"},
    {"patient.pseudonym", "\" \"", CT_TWIN_ERROR_INVALID, "patient.pseudonym is empty"},
    {"description", "\"turned \\u2067 around\"", CT_TWIN_ERROR_INVALID, "U+2067"},
    {"patient.sex", "\"unknown\"", CT_TWIN_ERROR_INVALID, "patient.sex"},
    {"patient.sex", "\"Female\"", CT_TWIN_ERROR_INVALID, "“female”"},
    {"patient.age_years", "17", CT_TWIN_ERROR_INVALID, "patient.age_years"},
    {"patient.age_years", "40.5", CT_TWIN_ERROR_INVALID, "whole number"},
    {"patient.weight_kg", "\"70\"", CT_TWIN_ERROR_INVALID, "patient.weight_kg"},
    {"patient.weight_kg", "1e308", CT_TWIN_ERROR_INVALID, "patient.weight_kg"},
    {"patient.weight_kg", "-70", CT_TWIN_ERROR_INVALID, "patient.weight_kg"},
    {"patient.height_cm", "null", CT_TWIN_ERROR_INVALID, "patient.height_cm"},
    {"patient.name", "\"Jane Doe\"", CT_TWIN_ERROR_INVALID, "name"},
    {"measurements", "{}", CT_TWIN_ERROR_INVALID, "measurements"},
    {"measurements[0]", "5", CT_TWIN_ERROR_INVALID, "measurements[0]"},
    {"measurements[0].loinc", "\"8867-5\"", CT_TWIN_ERROR_INVALID, "measurements[0].loinc"},
    {"measurements[0].loinc", "\"heart rate\"", CT_TWIN_ERROR_INVALID, "measurements[0].loinc"},
    /* Well formed, but not a code of this measurement: "0-0" passes the check digit; 10230-1 is
     * the ejection fraction's. */
    {"measurements[0].loinc", "\"0-0\"", CT_TWIN_ERROR_INVALID, "not a LOINC code of hr_bpm"},
    {"measurements[0].loinc", "\"10230-1\"", CT_TWIN_ERROR_INVALID, "not a LOINC code of hr_bpm"},
    {"measurements[1].name", "\"heart_rate\"", CT_TWIN_ERROR_INVALID, "measurements[1].name"},
    {"measurements[0].unit", "\"/min\"", CT_TWIN_ERROR_INVALID, "measurements[0].unit"},
    {"measurements[0].value", "\"74\"", CT_TWIN_ERROR_INVALID, "measurements[0].value"},
    {"measurements[0].date", "\"2026-02-30\"", CT_TWIN_ERROR_INVALID, "measurements[0].date"},
    {"measurements[0].date", "\"yesterday\"", CT_TWIN_ERROR_INVALID, "measurements[0].date"},
    {"measurements[0].date", "\"2026-10-01T09:30:00\"", CT_TWIN_ERROR_INVALID, "offset"},
    {"measurements[0].date", NULL, CT_TWIN_ERROR_INVALID, "measurements[0].date is missing"},
    /* The aortic valve area, the one measurement that is not an index: in cm2, within the range
     * the measurements document accepts (a value in mm2 is refused), and never a residual. */
    {"measurements[1]",
     "{\"name\": \"aortic_valve_area_cm2\", \"loinc\": \"18090-1\", \"value\": 65, "
     "\"unit\": \"cm2\", \"date\": \"2026-10-01\"}",
     CT_TWIN_ERROR_INVALID, "measurements[1].value"},
    {"measurements[1]",
     "{\"name\": \"aortic_valve_area_cm2\", \"loinc\": \"18090-1\", \"value\": 65, "
     "\"unit\": \"mm2\", \"date\": \"2026-10-01\"}",
     CT_TWIN_ERROR_INVALID, "convert the value"},
    {"measurements[1]",
     "{\"name\": \"aortic_valve_area_cm2\", \"loinc\": \"18090-1\", \"value\": 0.8, "
     "\"unit\": \"mm2\", \"date\": \"2026-10-01\"}",
     CT_TWIN_ERROR_INVALID, "measured in “cm2”"},
    {"calibration.residuals.aortic_valve_area_cm2", "0.1", CT_TWIN_ERROR_INVALID,
     "calibration.residuals"},
    {"conduction.pattern", "\"LBBB\"", CT_TWIN_ERROR_INVALID, "“lbbb”"},
    {"conduction.pattern", NULL, CT_TWIN_ERROR_INVALID, "conduction.pattern is missing"},
    {"conduction.qrs_ms", "100", CT_TWIN_ERROR_INVALID, "conduction.qrs_ms"},
    {"conduction.pr_interval_ms", "50", CT_TWIN_ERROR_INVALID, "conduction.pr_interval_ms"},
    {"conduction.axis", "30", CT_TWIN_ERROR_INVALID, "axis"},
    {"scar.18", "0.5", CT_TWIN_ERROR_INVALID, "“18”"},
    {"scar.05", "0.5", CT_TWIN_ERROR_INVALID, "“05”"},
    {"scar.0", "0.5", CT_TWIN_ERROR_INVALID, "“0”"},
    {"scar.5", "1.5", CT_TWIN_ERROR_INVALID, "scar.5"},
    {"scar.5", "true", CT_TWIN_ERROR_INVALID, "scar.5"},
    {"parameters.no_such_parameter", "1", CT_TWIN_ERROR_INVALID, "no_such_parameter"},
    {"parameters.sinus_rate_bmp", "70", CT_TWIN_ERROR_INVALID, "did you mean “sinus_rate_bpm”"},
    {"parameters.sinus_rate_bpm", "500", CT_TWIN_ERROR_INVALID, "parameters.sinus_rate_bpm"},
    {"parameters.sinus_rate_bpm", "\"70\"", CT_TWIN_ERROR_INVALID, "parameters.sinus_rate_bpm"},
    {"parameters.body_weight_kg", "70", CT_TWIN_ERROR_INVALID, "patient.weight_kg"},
    {"parameters.pr_interval_ms", "160", CT_TWIN_ERROR_INVALID, "conduction.pr_interval_ms"},
    /* In its own range, but less than the vessels' unstressed volumes: the engine's check. */
    {"parameters.total_blood_volume_ml", "2000", CT_TWIN_ERROR_INVALID, "total_blood_volume_ml"},
    {"geometry.la_diameter_mm", "4.5", CT_TWIN_ERROR_INVALID, "geometry.la_diameter_mm"},
    {"geometry.la_diameter", "45", CT_TWIN_ERROR_INVALID, "did you mean “la_diameter_mm”"},
    {"calibration.method", NULL, CT_TWIN_ERROR_INVALID, "calibration.method is missing"},
    {"calibration.from_measurements[0]", "\"svr_wood\"", CT_TWIN_ERROR_INVALID,
     "calibration.from_measurements[0]"},
    {"calibration.from_measurements[1]", "\"hr_bpm\"", CT_TWIN_ERROR_INVALID, "already listed"},
    {"calibration.residuals.co_l_min", "1", CT_TWIN_ERROR_INVALID, "calibration.residuals"},
    {"calibration.residuals.hr_bpm", "\"x\"", CT_TWIN_ERROR_INVALID,
     "calibration.residuals.hr_bpm"},
    {"calibration.drivers.pulmonary_vascular_resistance_mmhg_s_ml", "[]", CT_TWIN_ERROR_INVALID,
     "not one of the twin's parameters"},
    {"calibration.drivers.sinus_rate_bpm", "[\"co_l_min\"]", CT_TWIN_ERROR_INVALID,
     "not a measurement the twin was calibrated from"},
    {"calibration.drivers.sinus_rate_bpm", "[\"mpap_mmhg\"]", CT_TWIN_ERROR_INVALID,
     "calibration.drivers.sinus_rate_bpm[0]"},
    {"calibration.drivers.sinus_rate_bpm", "\"hr_bpm\"", CT_TWIN_ERROR_INVALID,
     "calibration.drivers.sinus_rate_bpm"},
    {"calibration.drivers", "[]", CT_TWIN_ERROR_INVALID, "calibration.drivers"},
    {"provenance", NULL, CT_TWIN_ERROR_INVALID, "provenance is missing"},
    {"provenance.source", "\"real\"", CT_TWIN_ERROR_INVALID, "provenance.source"},
    {"provenance.created", "\"2026-13-01\"", CT_TWIN_ERROR_INVALID, "provenance.created"},
    {"provenance.created_by", NULL, CT_TWIN_ERROR_INVALID, "provenance.created_by"},
};

static void test_bad_members(void)
{
  g_autofree char *full = ct_test_read_fixture("twin-full.json");
  guint i;

  for (i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
    const BadCase *c = &bad_cases[i];
    g_autofree char *text = ct_test_mutate(full, c->path, c->value);
    g_autoptr(GError) error = NULL;
    g_autoptr(CtTwin) twin = NULL;

    g_test_message("%s = %s", c->path, c->value != NULL ? c->value : "(removed)");
    twin = load_text(text, &error);
    g_assert_null(twin);
    ct_test_assert_error(error, c->code, c->needle);
    g_assert_true(g_str_has_prefix(error->message, "Twin: "));
  }
}

/* Line breaks in a description as any editor writes them (twin-format.md: "line breaks
 * allowed"): LF, CR LF (refused before, with a message naming the tab it accepted) and tabs. */
static void test_description_line_breaks(void)
{
  g_autofree char *full = ct_test_read_fixture("twin-full.json");
  const char *const descriptions[] = {
      "\"first\\nsecond\"",
      "\"first\\r\\nsecond\\r\\n\"",
      "\"a\\ttab\"",
  };
  const char *const expected[] = {"first\nsecond", "first\r\nsecond\r\n", "a\ttab"};

  for (guint i = 0; i < G_N_ELEMENTS(descriptions); i++) {
    g_autofree char *text = ct_test_mutate(full, "description", descriptions[i]);
    g_autoptr(GError) error = NULL;
    g_autoptr(CtTwin) twin = load_text(text, &error);

    g_assert_no_error(error);
    g_assert_cmpstr(ct_twin_get_description(twin), ==, expected[i]);
  }
}

/* ------------------------------------------------------------------ hostile input */

typedef struct {
  const char *name;
  const char *text;
  int code;
  const char *needle;
} HostileCase;

static const HostileCase hostile_cases[] = {
    {"empty", "", CT_TWIN_ERROR_PARSE, "empty"},
    {"blank", " \n\t ", CT_TWIN_ERROR_PARSE, "empty"},
    {"not JSON", "{not json", CT_TWIN_ERROR_PARSE, "line 1"},
    {"array", "[1, 2]", CT_TWIN_ERROR_INVALID, "object"},
    {"string", "\"cardiotwin/1\"", CT_TWIN_ERROR_INVALID, "object"},
    {"NaN", "{\"format\": NaN}", CT_TWIN_ERROR_PARSE, "NaN"},
    {"Infinity", "{\"format\": -Infinity}", CT_TWIN_ERROR_PARSE, "Infinity"},
    {"1e400", "{\"a\": 1e400}", CT_TWIN_ERROR_PARSE, "too large"},
    {"big integer", "{\"a\": 99999999999999999999}", CT_TWIN_ERROR_PARSE, "too large"},
    {"leading zero", "{\"a\": 01}", CT_TWIN_ERROR_PARSE, "found “1”"},
    {"hex", "{\"a\": 0x10}", CT_TWIN_ERROR_PARSE, "found “x”"},
    {"comment", "{/* c */ \"a\": 1}", CT_TWIN_ERROR_PARSE, "member name"},
    {"single quotes", "{'a': 1}", CT_TWIN_ERROR_PARSE, "member name"},
    {"trailing comma", "{\"a\": 1,}", CT_TWIN_ERROR_PARSE, "member name"},
    {"trailing text", "{} x", CT_TWIN_ERROR_PARSE, "after the end"},
    {"duplicate", "{\"a\": 1, \"b\": {\"c\": 1, \"c\": 2}}", CT_TWIN_ERROR_INVALID,
     "b: the member “c” appears twice"},
    {"duplicate escaped", "{\"a\": 1, \"\\u0061\": 2}", CT_TWIN_ERROR_INVALID, "twice"},
    {"NUL escape", "{\"a\": \"x\\u0000y\"}", CT_TWIN_ERROR_PARSE, "NUL"},
    {"lone surrogate", "{\"a\": \"\\ud800\"}", CT_TWIN_ERROR_PARSE, "surrogate"},
    {"raw control", "{\"a\": \"x\ty\"}", CT_TWIN_ERROR_PARSE, "control character"},
    {"bad escape", "{\"a\": \"\\x41\"}", CT_TWIN_ERROR_PARSE, "escape"},
    {"not UTF-8", "{\"a\": \"\xff\xfe\"}", CT_TWIN_ERROR_PARSE, "UTF-8"},
    /* A C1 control or a line separator where a character is expected is named, not shown: the
     * message stays one line (found by tests/fuzz/fuzz-fhir). */
    {"C1 control", "{\"a\"\xc2\x84: 1}", CT_TWIN_ERROR_PARSE, "U+0084"},
    {"line separator", "{\"a\": 1\xe2\x80\xa8}", CT_TWIN_ERROR_PARSE, "U+2028"},
    {"truncated", "{\"format\": \"cardiotwin/1\", \"patient\": {\"sex\": ", CT_TWIN_ERROR_PARSE,
     "truncated"},
};

static void test_hostile_text(void)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS(hostile_cases); i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(CtTwin) twin = NULL;

    g_test_message("%s", hostile_cases[i].name);
    twin = load_text(hostile_cases[i].text, &error);
    g_assert_null(twin);
    ct_test_assert_error(error, hostile_cases[i].code, hostile_cases[i].needle);
  }
}

static void test_nul_byte(void)
{
  static const char text[] = "{\"format\": \"cardiotwin/1\"\0}";
  g_autoptr(GBytes) bytes = g_bytes_new_static(text, sizeof text - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTwin) twin = ct_twin_new_from_bytes(bytes, &error);

  g_assert_null(twin);
  ct_test_assert_error(error, CT_TWIN_ERROR_PARSE, "NUL");
}

static void test_byte_order_mark(void)
{
  g_autofree char *full = ct_test_read_fixture("twin-full.json");
  g_autofree char *text = g_strconcat("\xEF\xBB\xBF", full, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTwin) twin = load_text(text, &error);

  g_assert_no_error(error);
  g_assert_nonnull(twin);
}

static void test_deep_nesting(void)
{
  const gsize n = 100000;
  GString *arrays = g_string_new(NULL);
  GString *objects = g_string_new(NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTwin) twin = NULL;
  gsize i;

  /* "[" * 100000 + "]" * 100000: refused before json-glib could recurse into it. */
  for (i = 0; i < n; i++)
    g_string_append_c(arrays, '[');
  for (i = 0; i < n; i++)
    g_string_append_c(arrays, ']');
  twin = load_text(arrays->str, &error);
  g_assert_null(twin);
  ct_test_assert_error(error, CT_TWIN_ERROR_TOO_LARGE, "32 levels");
  g_clear_error(&error);

  /* Unclosed: still the depth, not the truncation, is reported first. */
  g_string_truncate(arrays, n);
  twin = load_text(arrays->str, &error);
  ct_test_assert_error(error, CT_TWIN_ERROR_TOO_LARGE, "32 levels");
  g_clear_error(&error);

  /* Exactly 32 levels pass the scanner (and fail later, as an unknown member). */
  for (i = 0; i < 32; i++)
    g_string_append(objects, "{\"a\":");
  g_string_append(objects, "1");
  for (i = 0; i < 32; i++)
    g_string_append_c(objects, '}');
  twin = load_text(objects->str, &error);
  g_assert_null(twin);
  ct_test_assert_error(error, CT_TWIN_ERROR_INVALID, "format");
  g_clear_error(&error);

  g_string_prepend(objects, "{\"a\":");
  g_string_append_c(objects, '}');
  twin = load_text(objects->str, &error);
  ct_test_assert_error(error, CT_TWIN_ERROR_TOO_LARGE, "32 levels");

  g_string_free(arrays, TRUE);
  g_string_free(objects, TRUE);
}

static void test_files(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp("test-twin-XXXXXX", &error);
  g_autofree char *huge = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *fifo = NULL;
  g_autofree char *missing = NULL;
  g_autoptr(CtTwin) twin = NULL;
  gint64 start;

  g_assert_no_error(error);

  /* 100 MB, sparse: refused from its size, without reading it. */
  huge = ct_test_sparse_file(dir, "huge.json", 100 * 1000 * 1000);
  start = g_get_monotonic_time();
  twin = ct_twin_new_from_file(huge, &error);
  g_assert_null(twin);
  ct_test_assert_error(error, CT_TWIN_ERROR_TOO_LARGE, "huge.json");
  g_assert_cmpint(g_get_monotonic_time() - start, <, G_USEC_PER_SEC);
  g_clear_error(&error);

  empty = ct_test_sparse_file(dir, "empty.json", 0);
  twin = ct_twin_new_from_file(empty, &error);
  ct_test_assert_error(error, CT_TWIN_ERROR_PARSE, "empty");
  g_clear_error(&error);

  missing = g_build_filename(dir, "missing.json", NULL);
  twin = ct_twin_new_from_file(missing, &error);
  ct_test_assert_error(error, CT_TWIN_ERROR_NOT_FOUND, "missing.json");
  g_clear_error(&error);

  twin = ct_twin_new_from_file(dir, &error);
  ct_test_assert_error(error, CT_TWIN_ERROR_IO, "not a regular file");
  g_clear_error(&error);

  /* A file the kernel makes up as it is read: it says it is empty, then yields text. */
  if (g_file_test("/proc/self/status", G_FILE_TEST_EXISTS)) {
    twin = ct_twin_new_from_file("/proc/self/status", &error);
    g_assert_null(twin);
    ct_test_assert_error(error, CT_TWIN_ERROR_IO, "not a regular file");
    g_clear_error(&error);
  }

  /* A FIFO with no writer: refused at once, not waited on. */
  fifo = g_build_filename(dir, "fifo.json", NULL);
  g_assert_cmpint(mkfifo(fifo, 0600), ==, 0);
  twin = ct_twin_new_from_file(fifo, &error);
  ct_test_assert_error(error, CT_TWIN_ERROR_IO, "not a regular file");
  g_clear_error(&error);

  g_assert_cmpint(g_remove(huge), ==, 0);
  g_assert_cmpint(g_remove(empty), ==, 0);
  g_assert_cmpint(g_remove(fifo), ==, 0);
  g_assert_cmpint(g_rmdir(dir), ==, 0);
}

static void test_too_large_bytes(void)
{
  gsize size = 16 * 1024 * 1024 + 1;
  g_autoptr(GBytes) bytes = g_bytes_new_take(g_malloc0(size), size);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTwin) twin = ct_twin_new_from_bytes(bytes, &error);

  g_assert_null(twin);
  ct_test_assert_error(error, CT_TWIN_ERROR_TOO_LARGE, "16");
}

/* A demo whose mitral orifice is functional states it at its own end-diastolic volume, so its
 * baseline leaks the orifice it states: a recalibration that moves the twin's EDV must move the
 * reference with it (each ml is ~2 % of the orifice, cs-model.c). */
static void test_demo_functional_reference(void)
{
  g_auto(GStrv) names = ct_twin_list_demos();
  guint checked = 0;

  for (guint i = 0; names[i] != NULL; i++) {
    g_autoptr(CtTwin) twin = ct_twin_new_from_demo(names[i], NULL);
    const CsParams *p = ct_twin_get_params(twin);
    CsTherapy therapy;
    CsError error = {{0}};
    CsSteadyStateResult result;
    CsModel *m;

    if (p->mitral_functional_reference_edv_ml <= 0.0)
      continue;
    cs_therapy_default(&therapy);
    m = cs_model_new(p, &therapy, &error);
    g_assert_nonnull(m);
    g_assert_cmpint(cs_model_run_to_steady_state(m, NULL, &result, &error), ==, CS_OK);
    g_assert_cmpfloat(fabs(cs_model_indices(m)->lvedv_ml - p->mitral_functional_reference_edv_ml),
                      <, 1.0);
    cs_model_free(m);
    checked++;
  }
  g_assert_cmpuint(checked, >=, 1);
}

/* A demo's ECG agrees with its activation, as a fitted twin's does (ct-fit.c, fit_conduction): in
 * LBBB the QRS ends with the lateral wall, so the LV's last activation from the QRS onset is the
 * QRS duration (within the fit's 5 ms); with normal conduction the LV is activated within the QRS.
 * The LBBB demos stated the QRS of their populations' means (158 and 162 ms) beside activations of
 * 172 and 194 ms, so that refitting one from its own record gave it faster conduction. */
static void test_demo_qrs_is_its_activation(void)
{
  g_auto(GStrv) names = ct_twin_list_demos();

  for (guint i = 0; names[i] != NULL; i++) {
    g_autoptr(CtTwin) twin = ct_twin_new_from_demo(names[i], NULL);
    CsTherapy therapy;
    CsError error = {{0}};
    CsModel *m;
    double qrs_ms = 0.0, activation_ms;

    g_test_message("%s", names[i]);
    g_assert_true(ct_twin_get_qrs_ms(twin, &qrs_ms));
    cs_therapy_default(&therapy);
    m = cs_model_new(ct_twin_get_params(twin), &therapy, &error);
    g_assert_nonnull(m);
    g_assert_cmpint(cs_model_run_beat(m, &error), ==, CS_OK);
    activation_ms = cs_model_indices(m)->lv_activation_ms;
    cs_model_free(m);
    if (ct_twin_get_conduction(twin) == CS_CONDUCTION_LBBB)
      g_assert_cmpfloat(fabs(activation_ms - qrs_ms), <=, 5.0);
    else
      g_assert_cmpfloat(activation_ms, <, qrs_ms);
  }
}

static void test_unknown_demo(void)
{
  static const char *const names[] = {"no-such-demo", "../drugs", "", "normal.json", NULL};
  guint i;

  for (i = 0; names[i] != NULL; i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(CtTwin) twin = ct_twin_new_from_demo(names[i], &error);

    g_assert_null(twin);
    ct_test_assert_error(error, CT_TWIN_ERROR_NOT_FOUND, "hfref-lbbb");
  }
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);

  g_test_add_func("/twin/demos/listed", test_demos_listed);
  g_test_add_func("/twin/demos/load", test_demos_load);
  g_test_add_func("/twin/demos/content", test_demo_content);
  g_test_add_func("/twin/demos/unknown", test_unknown_demo);
  g_test_add_func("/twin/demos/functional-mitral-reference", test_demo_functional_reference);
  g_test_add_func("/twin/demos/qrs-is-its-activation", test_demo_qrs_is_its_activation);
  g_test_add_func("/twin/params/from-twin", test_params_from_twin);
  g_test_add_func("/twin/params/defaults", test_absent_members_take_defaults);
  g_test_add_func("/twin/params/size-scaled", test_size_scaled);
  g_test_add_func("/twin/measurements/valve-area", test_valve_area_measurement);
  g_test_add_func("/twin/round-trip/bytes", test_round_trip);
  g_test_add_func("/twin/round-trip/file", test_save_and_load_file);
  g_test_add_func("/twin/description-line-breaks", test_description_line_breaks);
  g_test_add_func("/twin/invalid/members", test_bad_members);
  g_test_add_func("/twin/invalid/hostile-text", test_hostile_text);
  g_test_add_func("/twin/invalid/nul-byte", test_nul_byte);
  g_test_add_func("/twin/invalid/deep-nesting", test_deep_nesting);
  g_test_add_func("/twin/invalid/files", test_files);
  g_test_add_func("/twin/invalid/too-large-bytes", test_too_large_bytes);
  g_test_add_func("/twin/byte-order-mark", test_byte_order_mark);

  return g_test_run();
}

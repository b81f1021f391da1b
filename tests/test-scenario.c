/* test-scenario.c — the cardiotwin-scenario/1 contract: the example, defaults, round trips, every
 * rule and hostile input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "ct-scenario.h"
#include "ct-test-util.h"
#include "ct-twin-error.h"

/* DESIGN.md's example, word for word. */
static const char example[] =
    "{\n"
    "  \"format\": \"cardiotwin-scenario/1\",\n"
    "  \"name\": \"CRT, lateral LV lead, AV 120 ms\",\n"
    "  \"drugs\": [ { \"drug\": \"dobutamine\", \"dose\": 5, \"unit\": \"mcg/kg/min\" } ],\n"
    "  \"pacing\": { \"mode\": \"CRT\", \"rate_bpm\": 70, \"av_delay_ms\": 120, \"vv_delay_ms\": "
    "0,\n"
    "              \"lv_lead_segment\": 12, \"rv_lead_site\": \"apex\" },\n"
    "  \"lvad\": { \"speed_rpm\": 5400 },\n"
    "  \"baroreflex\": true\n"
    "}\n";

static CtDrugLibrary *drugs;

static CtScenario *load_text(const char *text, GError **error)
{
  g_autoptr(GBytes) bytes = ct_test_bytes(text);
  return ct_scenario_new_from_bytes(bytes, drugs, error);
}

static void assert_same_therapy(const CsTherapy *a, const CsTherapy *b)
{
  int i;

  g_assert_cmpint(a->n_drugs, ==, b->n_drugs);
  for (i = 0; i < a->n_drugs; i++) {
    g_assert_cmpstr(a->drugs[i].name, ==, b->drugs[i].name);
    g_assert_cmpfloat(a->doses[i], ==, b->doses[i]);
  }
  g_assert_cmpint(a->pacing.mode, ==, b->pacing.mode);
  g_assert_cmpfloat(a->pacing.rate_bpm, ==, b->pacing.rate_bpm);
  g_assert_cmpfloat(a->pacing.av_delay_ms, ==, b->pacing.av_delay_ms);
  g_assert_cmpfloat(a->pacing.vv_delay_ms, ==, b->pacing.vv_delay_ms);
  g_assert_cmpint(a->pacing.lv_lead_segment, ==, b->pacing.lv_lead_segment);
  g_assert_cmpint(a->pacing.rv_lead_site, ==, b->pacing.rv_lead_site);
  g_assert_cmpint(a->pacing.lv_only, ==, b->pacing.lv_only);
  g_assert_cmpint(a->lvad_enabled, ==, b->lvad_enabled);
  g_assert_cmpfloat(a->lvad_speed_rpm, ==, b->lvad_speed_rpm);
  g_assert_cmpint(a->baroreflex_enabled, ==, b->baroreflex_enabled);
}

/* ------------------------------------------------------------------ good paths */

static void test_example(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtScenario) scenario = load_text(example, &error);
  CsError engine_error = {{0}};
  CsTherapy t;

  g_assert_no_error(error);
  g_assert_cmpstr(ct_scenario_get_name(scenario), ==, "CRT, lateral LV lead, AV 120 ms");
  ct_scenario_get_therapy(scenario, &t);
  g_assert_cmpint(t.n_drugs, ==, 1);
  g_assert_cmpstr(t.drugs[0].name, ==, "dobutamine");
  g_assert_cmpint(t.drugs[0].unit, ==, CS_DOSE_MCG_KG_MIN);
  g_assert_cmpfloat(t.doses[0], ==, 5.0);
  g_assert_cmpint(t.pacing.mode, ==, CS_PACING_CRT);
  g_assert_cmpfloat(t.pacing.rate_bpm, ==, 70.0);
  g_assert_cmpfloat(t.pacing.av_delay_ms, ==, 120.0);
  g_assert_cmpfloat(t.pacing.vv_delay_ms, ==, 0.0);
  g_assert_cmpint(t.pacing.lv_lead_segment, ==, 12);
  g_assert_cmpint(t.pacing.rv_lead_site, ==, CS_RV_LEAD_APEX);
  g_assert_true(t.lvad_enabled);
  g_assert_cmpfloat(t.lvad_speed_rpm, ==, 5400.0);
  g_assert_true(t.baroreflex_enabled);
  g_assert_cmpint(cs_therapy_validate(&t, &engine_error), ==, CS_OK);
}

static void test_absent_means_as_the_twin_is(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtScenario) scenario = load_text("{\"format\": \"cardiotwin-scenario/1\"}", &error);
  CsTherapy t, defaults;

  g_assert_no_error(error);
  g_assert_null(ct_scenario_get_name(scenario));
  ct_scenario_get_therapy(scenario, &t);
  cs_therapy_default(&defaults);
  assert_same_therapy(&t, &defaults);
  g_assert_cmpint(t.n_drugs, ==, 0);
  g_assert_cmpint(t.pacing.mode, ==, CS_PACING_NONE);
  g_assert_false(t.lvad_enabled);
  g_assert_true(t.baroreflex_enabled);
}

static void test_partial_members(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtScenario) scenario = load_text(
      "{\"format\": \"cardiotwin-scenario/1\", \"pacing\": {\"mode\": \"DDD\", \"av_delay_ms\": "
      "150, "
      "\"rv_lead_site\": \"septum\"}, \"baroreflex\": false, \"drugs\": [{\"drug\": "
      "\"metoprolol\", "
      "\"dose\": 47.5, \"unit\": \"mg/day\"}, {\"drug\": \"furosemide\", \"dose\": 40, \"unit\": "
      "\"mg\"}]}",
      &error);
  CsTherapy t, defaults;

  g_assert_no_error(error);
  ct_scenario_get_therapy(scenario, &t);
  cs_therapy_default(&defaults);
  g_assert_cmpint(t.pacing.mode, ==, CS_PACING_DDD);
  g_assert_cmpfloat(t.pacing.av_delay_ms, ==, 150.0);
  g_assert_cmpint(t.pacing.rv_lead_site, ==, CS_RV_LEAD_SEPTUM);
  /* Members not given keep the engine's defaults. */
  g_assert_cmpfloat(t.pacing.rate_bpm, ==, defaults.pacing.rate_bpm);
  g_assert_false(t.baroreflex_enabled);
  g_assert_false(t.lvad_enabled);
  g_assert_cmpint(t.n_drugs, ==, 2);
  g_assert_cmpfloat(t.doses[0], ==, 47.5);
  g_assert_cmpint(t.drugs[1].route, ==, CS_ROUTE_BOLUS);
}

static void round_trip(const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtScenario) scenario = load_text(text, &error);
  g_autoptr(CtScenario) again = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  CsTherapy a, b;

  g_assert_no_error(error);
  first = ct_scenario_to_bytes(scenario);
  again = ct_scenario_new_from_bytes(first, drugs, &error);
  g_assert_no_error(error);
  ct_scenario_get_therapy(scenario, &a);
  ct_scenario_get_therapy(again, &b);
  assert_same_therapy(&a, &b);
  g_assert_cmpstr(ct_scenario_get_name(scenario), ==, ct_scenario_get_name(again));
  second = ct_scenario_to_bytes(again);
  g_assert_true(g_bytes_equal(first, second));
}

static void test_round_trip(void)
{
  round_trip(example);
  round_trip("{\"format\": \"cardiotwin-scenario/1\"}");
  round_trip("{\"format\": \"cardiotwin-scenario/1\", \"drugs\": [], \"baroreflex\": false}");
  round_trip("{\"format\": \"cardiotwin-scenario/1\", \"pacing\": {\"mode\": \"VVI\", "
             "\"rate_bpm\": 45.25}, \"drugs\": [{\"drug\": \"milrinone\", \"dose\": 0.375, "
             "\"unit\": \"mcg/kg/min\"}]}");
  /* A dose whose shortest text has an exponent and no point (json-glib 1.6 wrote "1e-61.0":
   * found by fuzz-scenario). */
  round_trip("{\"format\": \"cardiotwin-scenario/1\", \"drugs\": [{\"drug\": \"nitroprusside\", "
             "\"dose\": 1e-61, \"unit\": \"mcg/kg/min\"}]}");
}

/* A therapy written by ct_scenario_new_from_therapy reads back as the same plan, with only the
 * members it uses. */
static void from_therapy_round_trip(const char *name, const CsTherapy *t,
                                    const char *const *present, const char *const *absent)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtScenario) scenario = ct_scenario_new_from_therapy(name, t, &error);
  g_autoptr(CtScenario) again = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  CsTherapy a, b;

  g_assert_no_error(error);
  bytes = ct_scenario_to_bytes(scenario);
  text = g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
  g_test_message("%s", text);
  for (guint i = 0; present != NULL && present[i] != NULL; i++)
    g_assert_nonnull(strstr(text, present[i]));
  for (guint i = 0; absent != NULL && absent[i] != NULL; i++)
    g_assert_null(strstr(text, absent[i]));
  again = ct_scenario_new_from_bytes(bytes, drugs, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(ct_scenario_get_name(again), ==, name);
  ct_scenario_get_therapy(scenario, &a);
  ct_scenario_get_therapy(again, &b);
  assert_same_therapy(&a, &b);
  g_assert_true(ct_scenario_therapy_equal(t, &b));
}

static void add_drug(CsTherapy *t, const char *name, double dose)
{
  const CsDrugDef *def = ct_drug_library_lookup(drugs, name);

  g_assert_nonnull(def);
  t->drugs[t->n_drugs] = *def;
  t->doses[t->n_drugs] = dose;
  t->n_drugs++;
}

static void test_from_therapy(void)
{
  CsTherapy t;

  /* The baseline: nothing but the format. */
  cs_therapy_default(&t);
  from_therapy_round_trip(NULL, &t, NULL,
                          (const char *const[]){"drugs", "pacing", "lvad", "baroreflex", NULL});

  /* Drugs, in their order, with awkward doses. */
  cs_therapy_default(&t);
  add_drug(&t, "dobutamine", 2.5);
  add_drug(&t, "metoprolol", 47.5);
  add_drug(&t, "milrinone", 0.375);
  from_therapy_round_trip("Inotropes", &t, (const char *const[]){"\"drugs\"", "metoprolol", NULL},
                          (const char *const[]){"pacing", "lvad", "baroreflex", NULL});

  /* Each pacing mode writes the members it uses, never the others (the format refuses them). */
  cs_therapy_default(&t);
  t.pacing.mode = CS_PACING_AAI;
  t.pacing.rate_bpm = 72.5;
  t.pacing.lv_lead_segment = 5; /* unused in AAI: not written */
  from_therapy_round_trip("AAI", &t, (const char *const[]){"\"AAI\"", "rate_bpm", NULL},
                          (const char *const[]){"av_delay_ms", "lv_lead_segment", "rv_lead", NULL});
  t.pacing.mode = CS_PACING_VVI;
  t.pacing.rv_lead_site = CS_RV_LEAD_SEPTUM;
  from_therapy_round_trip("VVI", &t, (const char *const[]){"\"VVI\"", "septum", NULL},
                          (const char *const[]){"av_delay_ms", "vv_delay_ms", NULL});
  t.pacing.mode = CS_PACING_DDD;
  t.pacing.av_delay_ms = 160.0;
  from_therapy_round_trip("DDD", &t, (const char *const[]){"\"DDD\"", "av_delay_ms", NULL},
                          (const char *const[]){"vv_delay_ms", "lv_lead_segment", NULL});
  t.pacing.mode = CS_PACING_CRT;
  t.pacing.vv_delay_ms = -20.0;
  t.pacing.lv_lead_segment = 12;
  from_therapy_round_trip(
      "CRT, anterolateral, AV 160 ms", &t,
      (const char *const[]){"\"CRT\"", "vv_delay_ms", "lv_lead_segment", "rv_lead_site", NULL},
      (const char *const[]){"lv_only", NULL});
  /* LV-only pacing: said, and no offset written (it has no RV stimulus to offset). */
  t.pacing.lv_only = 1;
  from_therapy_round_trip("CRT, LV only", &t,
                          (const char *const[]){"\"lv_only\" : true", "lv_lead_segment", NULL},
                          (const char *const[]){"vv_delay_ms", NULL});
  {
    /* LV-only and biventricular pacing are two plans; the offset LV-only pacing ignores is not. */
    CsTherapy biv = t;

    biv.pacing.lv_only = 0;
    g_assert_false(ct_scenario_therapy_equal(&t, &biv));
    biv.pacing.lv_only = 1;
    biv.pacing.vv_delay_ms = 40.0;
    g_assert_true(ct_scenario_therapy_equal(&t, &biv));
  }
  /* Outside CRT the flag means nothing and is not written. */
  t.pacing.mode = CS_PACING_DDD;
  from_therapy_round_trip("DDD, flag left on", &t, (const char *const[]){"\"DDD\"", NULL},
                          (const char *const[]){"lv_only", NULL});

  /* LVAD and baroreflex off. */
  cs_therapy_default(&t);
  t.lvad_enabled = 1;
  t.lvad_speed_rpm = 5600.0;
  t.baroreflex_enabled = 0;
  add_drug(&t, "furosemide", 40.0);
  from_therapy_round_trip("LVAD, no reflexes", &t,
                          (const char *const[]){"\"lvad\"", "5600", "false", NULL},
                          (const char *const[]){"pacing", NULL});
}

static void test_from_therapy_refused(void)
{
  g_autofree char *long_name = g_strnfill(201, 'x');
  g_autoptr(GError) error = NULL;
  CsTherapy t;

  cs_therapy_default(&t);
  /* Names: empty, blank, too long, two lines. */
  g_assert_null(ct_scenario_new_from_therapy("", &t, &error));
  g_assert_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID);
  g_clear_error(&error);
  g_assert_null(ct_scenario_new_from_therapy("   ", &t, &error));
  g_assert_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID);
  g_clear_error(&error);
  g_assert_null(ct_scenario_new_from_therapy(long_name, &t, &error));
  g_assert_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID);
  g_clear_error(&error);
  g_assert_null(ct_scenario_new_from_therapy("one\ntwo", &t, &error));
  g_assert_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID);
  g_clear_error(&error);

  /* Therapies the engine refuses. */
  t.pacing.mode = CS_PACING_CRT;
  t.pacing.lv_lead_segment = 18;
  g_assert_null(ct_scenario_new_from_therapy("bad", &t, &error));
  g_assert_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID);
  g_test_message("%s", error->message);
  g_clear_error(&error);
  cs_therapy_default(&t);
  t.lvad_enabled = 1;
  t.lvad_speed_rpm = 12000.0;
  g_assert_null(ct_scenario_new_from_therapy("bad", &t, &error));
  g_assert_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID);
  g_clear_error(&error);
  cs_therapy_default(&t);
  add_drug(&t, "dobutamine", 5.0);
  add_drug(&t, "dobutamine", 2.0);
  g_assert_null(ct_scenario_new_from_therapy("twice", &t, &error));
  g_assert_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID);
  g_clear_error(&error);
  cs_therapy_default(&t);
  t.n_drugs = CS_MAX_DRUGS + 1;
  g_assert_null(ct_scenario_new_from_therapy("many", &t, &error));
  g_assert_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID);
}

static void test_from_file(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp("test-scenario-XXXXXX", &error);
  g_autofree char *path = g_build_filename(dir, "crt.json", NULL);
  g_autofree char *huge = NULL;
  g_autoptr(CtScenario) scenario = NULL;

  g_assert_no_error(error);
  g_assert_true(g_file_set_contents(path, example, -1, &error));
  scenario = ct_scenario_new_from_file(path, drugs, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(ct_scenario_get_name(scenario), ==, "CRT, lateral LV lead, AV 120 ms");
  g_clear_object(&scenario);

  /* 1 MiB is the limit: 2 MiB (sparse) is refused from its size. */
  huge = ct_test_sparse_file(dir, "huge.json", 2 * 1024 * 1024);
  scenario = ct_scenario_new_from_file(huge, drugs, &error);
  g_assert_null(scenario);
  ct_test_assert_error(error, CT_TWIN_ERROR_TOO_LARGE, "huge.json");
  g_clear_error(&error);

  g_assert_cmpint(g_remove(path), ==, 0);
  scenario = ct_scenario_new_from_file(path, drugs, &error);
  ct_test_assert_error(error, CT_TWIN_ERROR_NOT_FOUND, "crt.json");

  g_assert_cmpint(g_remove(huge), ==, 0);
  g_assert_cmpint(g_rmdir(dir), ==, 0);
}

/* ------------------------------------------------------------------ every rule */

typedef struct {
  const char *path;
  const char *value;
  int code;
  const char *needle;
} BadCase;

static const BadCase bad_cases[] = {
    /* The format tag, exactly. */
    {"format", NULL, CT_TWIN_ERROR_INVALID, "format is missing"},
    {"format", "\"cardiotwin-scenario/99\"", CT_TWIN_ERROR_NEWER_VERSION, "cardiotwin-scenario/99"},
    {"format", "\"cardiotwin-scenario/2\"", CT_TWIN_ERROR_NEWER_VERSION, "update CardioTwin"},
    {"format", "\"cardiotwin-scenario/0\"", CT_TWIN_ERROR_UNSUPPORTED_VERSION,
     "cardiotwin-scenario/0"},
    {"format", "\"cardiotwin-scenario/1 \"", CT_TWIN_ERROR_INVALID, "format"},
    {"format", "\"cardiotwin/1\"", CT_TWIN_ERROR_INVALID, "twin"},
    {"format", "[]", CT_TWIN_ERROR_INVALID, "format"},
    /* Unknown members, anywhere. */
    {"baroreflexx", "true", CT_TWIN_ERROR_INVALID, "did you mean “baroreflex”"},
    {"pacing.av_dealy_ms", "100", CT_TWIN_ERROR_INVALID, "did you mean “av_delay_ms”"},
    {"drugs[0].route", "\"iv\"", CT_TWIN_ERROR_INVALID, "drugs[0]"},
    {"lvad.flow", "5", CT_TWIN_ERROR_INVALID, "lvad"},
    {"name", "5", CT_TWIN_ERROR_INVALID, "name"},
    /* Drugs. */
    {"drugs", "{}", CT_TWIN_ERROR_INVALID, "drugs"},
    {"drugs[0]", "\"dobutamine\"", CT_TWIN_ERROR_INVALID, "drugs[0]"},
    {"drugs[0].drug", "\"no-such-drug\"", CT_TWIN_ERROR_INVALID, "drugs[0].drug"},
    {"drugs[0].drug", "\"Dobutamine\"", CT_TWIN_ERROR_INVALID, "lower case"},
    {"drugs[0].drug", NULL, CT_TWIN_ERROR_INVALID, "drugs[0].drug is missing"},
    {"drugs[0].unit", "\"mg/day\"", CT_TWIN_ERROR_INVALID, "drugs[0].unit"},
    {"drugs[0].unit", "\"mcg/kg/h\"", CT_TWIN_ERROR_INVALID, "drugs[0].unit"},
    {"drugs[0].unit", NULL, CT_TWIN_ERROR_INVALID, "drugs[0].unit is missing"},
    {"drugs[0].dose", "\"5\"", CT_TWIN_ERROR_INVALID, "drugs[0].dose"},
    {"drugs[0].dose", "-1", CT_TWIN_ERROR_INVALID, "drugs[0].dose"},
    {"drugs[0].dose", "-0.001", CT_TWIN_ERROR_INVALID, "drugs[0].dose"},
    {"drugs[0].dose", "1000", CT_TWIN_ERROR_INVALID, "the range for dobutamine"},
    /* Just past the bound, shown to the digits that tell it from the bound (%g said "is 20; it
     * must be from 0 to 20"). */
    {"drugs[0].dose", "20.000000000000004", CT_TWIN_ERROR_INVALID, "is 20.000000000000004 mcg"},
    {"drugs[0].dose", "1e308", CT_TWIN_ERROR_INVALID, "drugs[0].dose"},
    {"drugs[0].dose", "1e309", CT_TWIN_ERROR_PARSE, "drugs[0].dose"},
    {"drugs[0].dose", "NaN", CT_TWIN_ERROR_PARSE, "drugs[0].dose"},
    {"drugs[0].dose", "null", CT_TWIN_ERROR_INVALID, "drugs[0].dose"},
    {"drugs[0].dose", NULL, CT_TWIN_ERROR_INVALID, "drugs[0].dose is missing"},
    {"drugs",
     "[{\"drug\": \"dobutamine\", \"dose\": 2, \"unit\": \"mcg/kg/min\"},"
     "{\"drug\": \"dobutamine\", \"dose\": 3, \"unit\": \"mcg/kg/min\"}]",
     CT_TWIN_ERROR_INVALID, "drugs[1].drug"},
    {"drugs",
     "[{\"drug\": \"dobutamine\", \"dose\": 1, \"unit\": \"mcg/kg/min\"},"
     "{\"drug\": \"milrinone\", \"dose\": 0.5, \"unit\": \"mcg/kg/min\"},"
     "{\"drug\": \"norepinephrine\", \"dose\": 0.1, \"unit\": \"mcg/kg/min\"},"
     "{\"drug\": \"nitroprusside\", \"dose\": 1, \"unit\": \"mcg/kg/min\"},"
     "{\"drug\": \"nitroglycerin\", \"dose\": 20, \"unit\": \"mcg/min\"},"
     "{\"drug\": \"esmolol\", \"dose\": 50, \"unit\": \"mcg/kg/min\"},"
     "{\"drug\": \"metoprolol\", \"dose\": 50, \"unit\": \"mg/day\"},"
     "{\"drug\": \"ivabradine\", \"dose\": 10, \"unit\": \"mg/day\"},"
     "{\"drug\": \"furosemide\", \"dose\": 40, \"unit\": \"mg\"}]",
     CT_TWIN_ERROR_INVALID, "at most 8"},
    /* Pacing. */
    {"pacing", "\"CRT\"", CT_TWIN_ERROR_INVALID, "pacing"},
    {"pacing.mode", NULL, CT_TWIN_ERROR_INVALID, "pacing.mode is missing"},
    {"pacing.mode", "\"BiV\"", CT_TWIN_ERROR_INVALID, "pacing.mode"},
    {"pacing.mode", "\"crt\"", CT_TWIN_ERROR_INVALID, "“CRT”"},
    {"pacing.rate_bpm", "29", CT_TWIN_ERROR_INVALID, "pacing.rate_bpm"},
    {"pacing.rate_bpm", "181", CT_TWIN_ERROR_INVALID, "pacing.rate_bpm"},
    {"pacing.rate_bpm", "400", CT_TWIN_ERROR_INVALID, "pacing.rate_bpm"},
    {"pacing.av_delay_ms", "29", CT_TWIN_ERROR_INVALID, "pacing.av_delay_ms"},
    {"pacing.av_delay_ms", "351", CT_TWIN_ERROR_INVALID, "pacing.av_delay_ms"},
    {"pacing.vv_delay_ms", "-81", CT_TWIN_ERROR_INVALID, "pacing.vv_delay_ms"},
    {"pacing.vv_delay_ms", "81", CT_TWIN_ERROR_INVALID, "pacing.vv_delay_ms"},
    {"pacing.lv_lead_segment", "0", CT_TWIN_ERROR_INVALID, "pacing.lv_lead_segment is 0"},
    {"pacing.lv_lead_segment", "18", CT_TWIN_ERROR_INVALID,
     "pacing.lv_lead_segment is 18; it must be an AHA segment from 1 to 17"},
    {"pacing.lv_lead_segment", "12.5", CT_TWIN_ERROR_INVALID, "whole number"},
    {"pacing.lv_lead_segment", "\"12\"", CT_TWIN_ERROR_INVALID, "pacing.lv_lead_segment"},
    {"pacing.rv_lead_site", "\"lateral\"", CT_TWIN_ERROR_INVALID, "pacing.rv_lead_site"},
    {"pacing.mode", "\"VVI\"", CT_TWIN_ERROR_INVALID, "pacing.av_delay_ms is given"},
    {"pacing", "{\"mode\": \"AAI\", \"rv_lead_site\": \"apex\"}", CT_TWIN_ERROR_INVALID,
     "pacing.rv_lead_site is given"},
    {"pacing", "{\"mode\": \"none\", \"rate_bpm\": 60}", CT_TWIN_ERROR_INVALID,
     "pacing.rate_bpm is given"},
    {"pacing", "{\"mode\": \"DDD\", \"lv_lead_segment\": 5}", CT_TWIN_ERROR_INVALID,
     "pacing.lv_lead_segment is given"},
    {"pacing", "{\"mode\": \"DDD\", \"lv_only\": true}", CT_TWIN_ERROR_INVALID,
     "pacing.lv_only is given"},
    {"pacing", "{\"mode\": \"CRT\", \"lv_only\": true, \"vv_delay_ms\": 20}", CT_TWIN_ERROR_INVALID,
     "pacing.vv_delay_ms is given with pacing.lv_only"},
    {"pacing", "{\"mode\": \"CRT\", \"lv_only\": 1}", CT_TWIN_ERROR_INVALID, "pacing.lv_only"},
    {"pacing", "{\"mode\": \"CRT\", \"lv_only\": \"true\"}", CT_TWIN_ERROR_INVALID,
     "pacing.lv_only"},
    /* LVAD. */
    {"lvad.speed_rpm", "2999", CT_TWIN_ERROR_INVALID, "lvad.speed_rpm"},
    {"lvad.speed_rpm", "9001", CT_TWIN_ERROR_INVALID, "lvad.speed_rpm"},
    {"lvad.speed_rpm", "1e308", CT_TWIN_ERROR_INVALID, "lvad.speed_rpm"},
    {"lvad.speed_rpm", NULL, CT_TWIN_ERROR_INVALID, "lvad.speed_rpm is missing"},
    {"lvad", "true", CT_TWIN_ERROR_INVALID, "lvad"},
    /* Baroreflex. */
    {"baroreflex", "\"true\"", CT_TWIN_ERROR_INVALID, "baroreflex"},
    {"baroreflex", "1", CT_TWIN_ERROR_INVALID, "baroreflex"},
};

static void test_bad_members(void)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
    const BadCase *c = &bad_cases[i];
    g_autofree char *text = ct_test_mutate(example, c->path, c->value);
    g_autoptr(GError) error = NULL;
    g_autoptr(CtScenario) scenario = NULL;

    g_test_message("%s = %s", c->path, c->value != NULL ? c->value : "(removed)");
    scenario = load_text(text, &error);
    g_assert_null(scenario);
    ct_test_assert_error(error, c->code, c->needle);
    g_assert_true(g_str_has_prefix(error->message, "Scenario: "));
  }
}

static void test_hostile(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtScenario) scenario = NULL;
  g_autofree char *half = g_strndup(example, strlen(example) / 2);
  GString *deep = g_string_new(NULL);
  guint i;

  scenario = load_text("", &error);
  ct_test_assert_error(error, CT_TWIN_ERROR_PARSE, "empty");
  g_clear_error(&error);

  scenario = load_text(half, &error);
  g_assert_null(scenario);
  ct_test_assert_error(error, CT_TWIN_ERROR_PARSE, "truncated");
  g_clear_error(&error);

  scenario = load_text("{not json", &error);
  ct_test_assert_error(error, CT_TWIN_ERROR_PARSE, "line 1");
  g_clear_error(&error);

  scenario = load_text("{\"format\": \"cardiotwin-scenario/1\", \"baroreflex\": true, "
                       "\"baroreflex\": false}",
                       &error);
  ct_test_assert_error(error, CT_TWIN_ERROR_INVALID, "“baroreflex” appears twice");
  g_clear_error(&error);

  for (i = 0; i < 100000; i++)
    g_string_append_c(deep, '[');
  for (i = 0; i < 100000; i++)
    g_string_append_c(deep, ']');
  scenario = load_text(deep->str, &error);
  g_assert_null(scenario);
  ct_test_assert_error(error, CT_TWIN_ERROR_TOO_LARGE, "32 levels");
  g_string_free(deep, TRUE);
}

int main(int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init(&argc, &argv, NULL);

  drugs = ct_drug_library_new_default(&error);
  g_assert_no_error(error);

  g_test_add_func("/scenario/example", test_example);
  g_test_add_func("/scenario/absent-members", test_absent_means_as_the_twin_is);
  g_test_add_func("/scenario/partial-members", test_partial_members);
  g_test_add_func("/scenario/round-trip", test_round_trip);
  g_test_add_func("/scenario/file", test_from_file);
  g_test_add_func("/scenario/from-therapy", test_from_therapy);
  g_test_add_func("/scenario/from-therapy/refused", test_from_therapy_refused);
  g_test_add_func("/scenario/invalid/members", test_bad_members);
  g_test_add_func("/scenario/invalid/hostile", test_hostile);

  status = g_test_run();
  g_object_unref(drugs);
  return status;
}

/* test-drug-library.c — the cardiotwin-drugs/1 library: the shipped data/drugs.json holds every
 * drug of DESIGN.md in its unit, and the loader refuses every malformed entry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ct-drug-library.h"
#include "ct-drug-names.h"
#include "ct-test-util.h"
#include "ct-twin-error.h"

/* DESIGN.md, "Contract: scenario": drug names and dose units. */
static const struct {
  const char *name;
  CsDoseUnit unit;
  CsRoute route;
} contract_drugs[] = {
    {"dobutamine", CS_DOSE_MCG_KG_MIN, CS_ROUTE_INFUSION},
    {"milrinone", CS_DOSE_MCG_KG_MIN, CS_ROUTE_INFUSION},
    {"norepinephrine", CS_DOSE_MCG_KG_MIN, CS_ROUTE_INFUSION},
    {"nitroprusside", CS_DOSE_MCG_KG_MIN, CS_ROUTE_INFUSION},
    {"esmolol", CS_DOSE_MCG_KG_MIN, CS_ROUTE_INFUSION},
    {"nitroglycerin", CS_DOSE_MCG_MIN, CS_ROUTE_INFUSION},
    {"furosemide", CS_DOSE_MG, CS_ROUTE_BOLUS},
    {"metoprolol", CS_DOSE_MG_DAY, CS_ROUTE_ORAL},
    {"ivabradine", CS_DOSE_MG_DAY, CS_ROUTE_ORAL},
};

static CtDrugLibrary *load_text(const char *text, GError **error)
{
  g_autoptr(GBytes) bytes = ct_test_bytes(text);
  return ct_drug_library_new_from_bytes(bytes, error);
}

static void test_default_has_contract_drugs(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtDrugLibrary) library = ct_drug_library_new_default(&error);
  guint i;

  g_assert_no_error(error);
  for (i = 0; i < G_N_ELEMENTS(contract_drugs); i++) {
    const CsDrugDef *def = ct_drug_library_lookup(library, contract_drugs[i].name);
    const char *name = contract_drugs[i].name;
    CsError engine_error = {{0}};
    int e;

    g_test_message("%s", name);
    g_assert_nonnull(def);
    g_assert_cmpstr(def->name, ==, name);
    g_assert_cmpint(def->unit, ==, contract_drugs[i].unit);
    g_assert_cmpint(def->route, ==, contract_drugs[i].route);
    g_assert_cmpint(cs_drug_def_validate(def, &engine_error), ==, CS_OK);
    g_assert_nonnull(ct_drug_library_get_display_name(library, name));
    /* Every drug starts at a dose within its range, above "off". */
    {
      double start = 0.0;

      g_assert_true(ct_drug_library_get_start_dose(library, name, &start));
      g_assert_cmpfloat(start, >, def->dose_min);
      g_assert_cmpfloat(start, <=, def->dose_max);
    }
    /* A source for every number: the dose range, the clearance, each effect. */
    g_assert_nonnull(ct_drug_library_get_source(library, name, "dose"));
    g_assert_nonnull(ct_drug_library_get_source(library, name, "clearance_ml_min_kg"));
    for (e = 0; e < def->n_effects; e++)
      g_assert_nonnull(
          ct_drug_library_get_source(library, name, cs_effect_target_name(def->effects[e].target)));
  }
}

/* Every display name and class of the bundled library is listed for translation
 * (src/twin/ct-drug-names.c), and the getters translate them: in the C locale, to themselves. */
static void test_default_words_translatable(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtDrugLibrary) library = ct_drug_library_new_default(&error);
  g_auto(GStrv) names = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new();
  JsonArray *drugs;

  g_assert_no_error(error);
  bytes = g_resources_lookup_data("/org/cardiotwin/CardioTwin/drugs.json",
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error(error);
  g_assert_true(json_parser_load_from_data(parser, g_bytes_get_data(bytes, NULL),
                                           (gssize)g_bytes_get_size(bytes), &error));
  drugs = json_object_get_array_member(json_node_get_object(json_parser_get_root(parser)), "drugs");
  for (guint i = 0; i < json_array_get_length(drugs); i++) {
    JsonObject *drug = json_array_get_object_element(drugs, i);
    const char *display = json_object_get_string_member(drug, "display_name");
    const char *drug_class = json_object_get_string_member_with_default(drug, "drug_class", NULL);

    if (!ct_drug_names_listed(display))
      g_error("drugs.json: \"%s\" is not listed in src/twin/ct-drug-names.c", display);
    if (drug_class != NULL && !ct_drug_names_listed(drug_class))
      g_error("drugs.json: \"%s\" is not listed in src/twin/ct-drug-names.c", drug_class);
    g_assert_cmpstr(
        ct_drug_library_get_display_name(library, json_object_get_string_member(drug, "name")), ==,
        display);
  }
  g_assert_false(ct_drug_names_listed("snake oil"));
  g_assert_cmpstr(ct_drug_names_translate("drug", "snake oil"), ==, "snake oil");
  names = ct_drug_library_list_names(library);
  g_assert_cmpuint(g_strv_length(names), ==, json_array_get_length(drugs));
}

static void test_default_lists(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtDrugLibrary) library = ct_drug_library_new_default(&error);
  g_auto(GStrv) names = NULL;
  guint i;

  g_assert_no_error(error);
  names = ct_drug_library_list_names(library);
  g_assert_cmpuint(g_strv_length(names), ==, ct_drug_library_get_n_drugs(library));
  for (i = 0; names[i] != NULL; i++)
    g_assert_nonnull(ct_drug_library_lookup(library, names[i]));
  g_assert_null(ct_drug_library_lookup(library, "no-such-drug"));
  g_assert_null(ct_drug_library_lookup(library, "Dobutamine"));
  g_assert_null(ct_drug_library_get_display_name(library, "no-such-drug"));
  g_assert_null(ct_drug_library_get_source(library, "dobutamine", "no-such-item"));
}

static void test_fixture(void)
{
  g_autofree char *text = ct_test_read_fixture("drugs-test.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(CtDrugLibrary) library = load_text(text, &error);
  g_auto(GStrv) names = NULL;
  const CsDrugDef *def;

  g_assert_no_error(error);
  names = ct_drug_library_list_names(library);
  g_assert_cmpuint(g_strv_length(names), ==, 3);
  g_assert_cmpstr(names[0], ==, "test-infusion");
  g_assert_cmpstr(names[2], ==, "test-oral");

  def = ct_drug_library_lookup(library, "test-infusion");
  g_assert_cmpfloat(def->dose_max, ==, 10.0);
  g_assert_cmpfloat(def->clearance_ml_min_kg, ==, 50.0);
  g_assert_cmpint(def->n_effects, ==, 2);
  g_assert_cmpint(def->effects[1].target, ==, CS_EFFECT_HEART_RATE);
  g_assert_cmpfloat(def->effects[1].hill, ==, 1.5);
  g_assert_cmpstr(ct_drug_library_get_display_name(library, "test-infusion"), ==, "Test infusion");
  g_assert_cmpstr(ct_drug_library_get_drug_class(library, "test-infusion"), ==, "test class");
  g_assert_null(ct_drug_library_get_drug_class(library, "test-oral"));
  g_assert_cmpstr(ct_drug_library_get_source(library, "test-infusion", "heart_rate"), ==,
                  "heart rate source");
  g_assert_cmpstr(ct_drug_library_get_source(library, "test-infusion", "half_life_min"), ==,
                  "half-life source");
  g_assert_nonnull(strstr(ct_drug_library_get_comment(library), "Test fixture"));

  def = ct_drug_library_lookup(library, "test-bolus");
  g_assert_cmpint(def->route, ==, CS_ROUTE_BOLUS);
  g_assert_cmpfloat(def->volume_of_distribution_l_kg, ==, 0.13);
  g_assert_cmpfloat(def->effect_time_min, ==, 360.0);
  g_assert_cmpfloat(def->intravascular_fraction, ==, 0.25);

  def = ct_drug_library_lookup(library, "test-oral");
  g_assert_cmpfloat(def->bioavailability, ==, 0.4);
}

typedef struct {
  const char *path;
  const char *value;
  int code;
  const char *needle;
} BadCase;

static const BadCase bad_cases[] = {
    {"format", "\"cardiotwin-drugs/2\"", CT_TWIN_ERROR_NEWER_VERSION, "cardiotwin-drugs/2"},
    {"format", "\"cardiotwin-scenario/1\"", CT_TWIN_ERROR_INVALID, "scenario"},
    {"drugs", NULL, CT_TWIN_ERROR_INVALID, "drugs is missing"},
    {"drugs", "{}", CT_TWIN_ERROR_INVALID, "drugs"},
    {"version", "1", CT_TWIN_ERROR_INVALID, "version"},
    {"drugs[0].name", "\"Test\"", CT_TWIN_ERROR_INVALID, "drugs[0].name"},
    {"drugs[0].name", "\"a-name-far-longer-than-the-engine-allows\"", CT_TWIN_ERROR_INVALID,
     "drugs[0].name"},
    {"drugs[1].name", "\"test-infusion\"", CT_TWIN_ERROR_INVALID, "already in the library"},
    {"drugs[0].display_name", NULL, CT_TWIN_ERROR_INVALID, "drugs[0].display_name is missing"},
    {"drugs[0].dose_mx", "10", CT_TWIN_ERROR_INVALID, "did you mean “dose_max”"},
    {"drugs[0].maximum_dose", "10", CT_TWIN_ERROR_INVALID, "its members can be"},
    {"drugs[0].route", "\"iv\"", CT_TWIN_ERROR_INVALID, "drugs[0].route"},
    {"drugs[0].unit", "\"mg/day\"", CT_TWIN_ERROR_INVALID, "route is infusion"},
    {"drugs[0].unit", "\"ug/kg/min\"", CT_TWIN_ERROR_INVALID, "drugs[0].unit"},
    {"drugs[0].dose_max", "0", CT_TWIN_ERROR_INVALID, "dose_max"},
    {"drugs[0].dose_min", "-1", CT_TWIN_ERROR_INVALID, "drugs[0].dose_min"},
    {"drugs[0].dose_max", "\"10\"", CT_TWIN_ERROR_INVALID, "drugs[0].dose_max"},
    {"drugs[0].start_dose", "11", CT_TWIN_ERROR_INVALID, "start_dose (11)"},
    {"drugs[0].start_dose", "0", CT_TWIN_ERROR_INVALID, "start_dose (0)"},
    {"drugs[0].start_dose", "-2", CT_TWIN_ERROR_INVALID, "drugs[0].start_dose"},
    {"drugs[0].start_dose", "\"2\"", CT_TWIN_ERROR_INVALID, "drugs[0].start_dose"},
    {"drugs[0].dose_source", NULL, CT_TWIN_ERROR_INVALID, "drugs[0].dose_source is missing"},
    {"drugs[0].pharmacokinetics", NULL, CT_TWIN_ERROR_INVALID, "drugs[0].pharmacokinetics"},
    {"drugs[0].pharmacokinetics.clearance_ml_min_kg", NULL, CT_TWIN_ERROR_INVALID,
     "drugs[0].pharmacokinetics.clearance_ml_min_kg is missing"},
    {"drugs[0].pharmacokinetics.clearance_ml_min_kg", "50", CT_TWIN_ERROR_INVALID,
     "drugs[0].pharmacokinetics.clearance_ml_min_kg"},
    {"drugs[0].pharmacokinetics.clearance_ml_min_kg.source", NULL, CT_TWIN_ERROR_INVALID,
     "drugs[0].pharmacokinetics.clearance_ml_min_kg.source is missing"},
    {"drugs[0].pharmacokinetics.clearance_ml_min_kg.value", "0", CT_TWIN_ERROR_INVALID,
     "drugs[0].pharmacokinetics.clearance_ml_min_kg.value"},
    {"drugs[0].pharmacokinetics.bioavailability", "{\"value\": 1, \"source\": \"s\"}",
     CT_TWIN_ERROR_INVALID, "oral drugs only"},
    {"drugs[0].pharmacokinetics.effect_time_min", "{\"value\": 1, \"source\": \"s\"}",
     CT_TWIN_ERROR_INVALID, "bolus only"},
    {"drugs[0].pharmacokinetics.intravascular_fraction", "{\"value\": 1, \"source\": \"s\"}",
     CT_TWIN_ERROR_INVALID, "blood_volume"},
    {"drugs[0].pharmacokinetics.clearence_ml_min_kg", "{\"value\": 1, \"source\": \"s\"}",
     CT_TWIN_ERROR_INVALID, "did you mean “clearance_ml_min_kg”"},
    {"drugs[2].pharmacokinetics.bioavailability", NULL, CT_TWIN_ERROR_INVALID,
     "drugs[2].pharmacokinetics.bioavailability is missing"},
    {"drugs[1].pharmacokinetics.effect_time_min", NULL, CT_TWIN_ERROR_INVALID,
     "drugs[1].pharmacokinetics.effect_time_min is missing"},
    {"drugs[1].pharmacokinetics.volume_of_distribution_l_kg", NULL, CT_TWIN_ERROR_INVALID,
     "drugs[1].pharmacokinetics.volume_of_distribution_l_kg is missing"},
    {"drugs[1].pharmacokinetics.half_life_min.value", "120", CT_TWIN_ERROR_INVALID,
     "half_life_min"},
    {"drugs[0].effects", "[]", CT_TWIN_ERROR_INVALID, "drugs[0].effects is empty"},
    {"drugs[0].effects[0].target", "\"inotropy\"", CT_TWIN_ERROR_INVALID,
     "drugs[0].effects[0].target"},
    {"drugs[0].effects[1].target", "\"contractility\"", CT_TWIN_ERROR_INVALID,
     "drugs[0].effects[1].target"},
    {"drugs[0].effects[0].source", NULL, CT_TWIN_ERROR_INVALID,
     "drugs[0].effects[0].source is missing"},
    {"drugs[0].effects[0].hill", "0", CT_TWIN_ERROR_INVALID, "drugs[0].effects[0].hill"},
    {"drugs[0].effects[0].ec50_ng_ml", "0", CT_TWIN_ERROR_INVALID,
     "drugs[0].effects[0].ec50_ng_ml"},
    /* Which node a rate effect acts on: a boolean, and of a heart_rate effect only. */
    {"drugs[0].effects[1].sinus_node_only", "\"yes\"", CT_TWIN_ERROR_INVALID,
     "drugs[0].effects[1].sinus_node_only"},
    {"drugs[0].effects[1].sinus_node_only", "1", CT_TWIN_ERROR_INVALID,
     "drugs[0].effects[1].sinus_node_only"},
    {"drugs[0].effects[0].sinus_node_only", "true", CT_TWIN_ERROR_INVALID,
     "target is contractility"},
    /* A beta-1 role: one of three words; stimulation raises, blockade lowers (the engine's
     * check), and one receptor constant a drug. */
    {"drugs[0].effects[0].beta1", "\"partial\"", CT_TWIN_ERROR_INVALID,
     "drugs[0].effects[0].beta1"},
    {"drugs[0].effects[0].beta1", "1", CT_TWIN_ERROR_INVALID, "drugs[0].effects[0].beta1"},
    {"drugs[0].effects[0].beta1", "\"antagonist\"", CT_TWIN_ERROR_INVALID, "beta1 is antagonist"},
    {"drugs[2].effects[0].beta1", "\"agonist\"", CT_TWIN_ERROR_INVALID, "beta1 is agonist"},
    {"drugs[2].effects",
     "[{\"target\": \"heart_rate\", \"emax\": -0.3, \"ec50_ng_ml\": 40, \"hill\": 1, "
     "\"source\": \"s\", \"beta1\": \"antagonist\"},"
     "{\"target\": \"contractility\", \"emax\": -0.2, \"ec50_ng_ml\": 40, \"hill\": 1, "
     "\"source\": \"s\", \"beta1\": \"antagonist\"}]",
     CT_TWIN_ERROR_INVALID, "one effect gives the beta-1 antagonist's receptor constant"},
    /* Inside the loader's bounds, outside the engine's (emax of a fraction above 5): the engine's
     * cs_drug_def_validate has the last word. */
    {"drugs[0].effects[0].emax", "7", CT_TWIN_ERROR_INVALID, "test-infusion"},
    {"drugs[0].effects",
     "[{\"target\": \"heart_rate\", \"emax\": 0.1, \"ec50_ng_ml\": 1, \"hill\": 1, \"source\": "
     "\"s\"},"
     "{\"target\": \"contractility\", \"emax\": 0.1, \"ec50_ng_ml\": 1, \"hill\": 1, \"source\": "
     "\"s\"},"
     "{\"target\": \"relaxation\", \"emax\": 0.1, \"ec50_ng_ml\": 1, \"hill\": 1, \"source\": "
     "\"s\"},"
     "{\"target\": \"systemic_resistance\", \"emax\": 0.1, \"ec50_ng_ml\": 1, \"hill\": 1, "
     "\"source\": \"s\"},"
     "{\"target\": \"pulmonary_resistance\", \"emax\": 0.1, \"ec50_ng_ml\": 1, \"hill\": 1, "
     "\"source\": \"s\"},"
     "{\"target\": \"venous_capacity\", \"emax\": 0.1, \"ec50_ng_ml\": 1, \"hill\": 1, "
     "\"source\": \"s\"},"
     "{\"target\": \"heart_rate\", \"emax\": 0.1, \"ec50_ng_ml\": 1, \"hill\": 1, \"source\": "
     "\"s\"}]",
     CT_TWIN_ERROR_INVALID, "at most 6"},
};

/* The library's beta-1 roles: dobutamine's and norepinephrine's cardiac effects are beta-1
 * stimulation, esmolol's blockade competes with them (its heart-rate EC50 its receptor constant);
 * long-term metoprolol leaves dobutamine's response whole (data/drugs.json, its source), and
 * milrinone acts past the receptor. */
static void test_beta1_roles(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtDrugLibrary) library = ct_drug_library_new_default(&error);
  static const struct {
    const char *drug;
    CsEffectTarget target;
    CsBeta1Role role;
  } expected[] = {
      {"dobutamine", CS_EFFECT_CONTRACTILITY, CS_BETA1_AGONIST},
      {"dobutamine", CS_EFFECT_HEART_RATE, CS_BETA1_AGONIST},
      {"dobutamine", CS_EFFECT_RELAXATION, CS_BETA1_AGONIST},
      {"dobutamine", CS_EFFECT_SYSTEMIC_RESISTANCE, CS_BETA1_NONE},
      {"norepinephrine", CS_EFFECT_CONTRACTILITY, CS_BETA1_AGONIST},
      {"norepinephrine", CS_EFFECT_SYSTEMIC_RESISTANCE, CS_BETA1_NONE},
      {"esmolol", CS_EFFECT_HEART_RATE, CS_BETA1_ANTAGONIST},
      {"esmolol", CS_EFFECT_CONTRACTILITY, CS_BETA1_NONE},
      {"metoprolol", CS_EFFECT_HEART_RATE, CS_BETA1_NONE},
      {"milrinone", CS_EFFECT_CONTRACTILITY, CS_BETA1_NONE},
  };

  g_assert_no_error(error);
  for (guint i = 0; i < G_N_ELEMENTS(expected); i++) {
    const CsDrugDef *def = ct_drug_library_lookup(library, expected[i].drug);
    gboolean found = FALSE;

    g_assert_nonnull(def);
    for (int e = 0; e < def->n_effects; e++)
      if (def->effects[e].target == expected[i].target) {
        g_assert_cmpint(def->effects[e].beta1, ==, expected[i].role);
        found = TRUE;
      }
    g_assert_true(found);
  }
}

/* Ivabradine slows the sinus node alone; the beta-blockers and agonists act on the AV node too
 * (cs-model.c, av_nodal_conduction_ms). A valid flag passes the loader and the engine. */
static void test_sinus_node_only(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtDrugLibrary) library = ct_drug_library_new_default(&error);
  g_autofree char *fixture = ct_test_read_fixture("drugs-test.json");
  g_autofree char *text = NULL;
  g_autoptr(CtDrugLibrary) flagged = NULL;
  const CsDrugDef *ivabradine, *metoprolol, *oral;
  CsError engine_error = {{0}};

  g_assert_no_error(error);
  ivabradine = ct_drug_library_lookup(library, "ivabradine");
  metoprolol = ct_drug_library_lookup(library, "metoprolol");
  g_assert_cmpint(ivabradine->effects[0].target, ==, CS_EFFECT_HEART_RATE);
  g_assert_cmpint(ivabradine->effects[0].sinus_node_only, ==, 1);
  for (int e = 0; e < metoprolol->n_effects; e++)
    g_assert_cmpint(metoprolol->effects[e].sinus_node_only, ==, 0);

  text = ct_test_mutate(fixture, "drugs[2].effects[0].sinus_node_only", "true");
  flagged = load_text(text, &error);
  g_assert_no_error(error);
  oral = ct_drug_library_lookup(flagged, "test-oral");
  g_assert_cmpint(oral->effects[0].sinus_node_only, ==, 1);
  g_assert_cmpint(cs_drug_def_validate(oral, &engine_error), ==, CS_OK);
}

static void test_bad_members(void)
{
  g_autofree char *fixture = ct_test_read_fixture("drugs-test.json");
  guint i;

  for (i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
    const BadCase *c = &bad_cases[i];
    g_autofree char *text = ct_test_mutate(fixture, c->path, c->value);
    g_autoptr(GError) error = NULL;
    g_autoptr(CtDrugLibrary) library = NULL;

    g_test_message("%s = %s", c->path, c->value != NULL ? c->value : "(removed)");
    library = load_text(text, &error);
    g_assert_null(library);
    ct_test_assert_error(error, c->code, c->needle);
    g_assert_true(g_str_has_prefix(error->message, "Drug library: "));
  }
}

static void test_files(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp("test-drug-library-XXXXXX", &error);
  g_autofree char *huge = NULL;
  g_autofree char *fixture = NULL;
  g_autoptr(CtDrugLibrary) library = NULL;

  g_assert_no_error(error);
  fixture = g_test_build_filename(G_TEST_DIST, "data", "drugs-test.json", NULL);
  library = ct_drug_library_new_from_file(fixture, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(ct_drug_library_get_n_drugs(library), ==, 3);
  g_clear_object(&library);

  /* The limit is 4 MiB: 5 MiB (sparse) is refused from its size. */
  huge = ct_test_sparse_file(dir, "drugs.json", 5 * 1024 * 1024);
  library = ct_drug_library_new_from_file(huge, &error);
  g_assert_null(library);
  ct_test_assert_error(error, CT_TWIN_ERROR_TOO_LARGE, "drugs.json");

  g_assert_cmpint(g_remove(huge), ==, 0);
  g_assert_cmpint(g_rmdir(dir), ==, 0);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);

  g_test_add_func("/drug-library/default/contract-drugs", test_default_has_contract_drugs);
  g_test_add_func("/drug-library/default/lists", test_default_lists);
  g_test_add_func("/drug-library/default/words-translatable", test_default_words_translatable);
  g_test_add_func("/drug-library/fixture", test_fixture);
  g_test_add_func("/drug-library/sinus-node-only", test_sinus_node_only);
  g_test_add_func("/drug-library/beta1-roles", test_beta1_roles);
  g_test_add_func("/drug-library/invalid/members", test_bad_members);
  g_test_add_func("/drug-library/invalid/files", test_files);

  return g_test_run();
}

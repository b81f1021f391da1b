/* test-cli.c — cardiotwin-sim against its contract (DESIGN.md): runs the built program.
 *
 * CT_SIM_PATH (set by tests/meson.build) names the program.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ct-test-util.h"
#include "ct-twin.h"

/* DESIGN.md, "Contract: index names". */
static const char *const contract_indices[] = {
    "hr_bpm",          "sv_ml",
    "co_l_min",        "lvedv_ml",
    "lvesv_ml",        "lvef_pct",
    "lvedp_mmhg",      "lvsp_mmhg",
    "dpdt_max_mmhg_s", "dpdt_min_mmhg_s",
    "sbp_mmhg",        "dbp_mmhg",
    "map_mmhg",        "mean_lap_mmhg",
    "cvp_mmhg",        "spap_mmhg",
    "dpap_mmhg",       "mpap_mmhg",
    "rvedv_ml",        "rvesv_ml",
    "rvef_pct",        "stroke_work_mmhg_ml",
    "svr_wood",        "pvr_wood",
    "lvad_flow_l_min", "lv_activation_ms",
    "total_volume_ml", NULL,
};

/* Beyond the contract's (which allows more): mitral regurgitation, as it is graded. */
static const char *const engine_indices[] = {
    "mitral_regurgitant_volume_ml", "mitral_regurgitant_fraction_pct", "mitral_eroa_cm2",
    "aortic_mean_gradient_mmhg",    "mitral_mean_gradient_mmhg",       NULL,
};

static const char *const contract_demos[] = {
    "normal", "hfref-lbbb", "ischemic-scar", "advanced-hf", NULL,
};

static char *tmp_dir;

/* Runs cardiotwin-sim with the arguments args (NULL-terminated). */
static void run_sim_strv(CtTestRun *run, const char *const *args)
{
  ct_test_run_sim(run, NULL, args);
}

static void run_sim(CtTestRun *run, const char *first, ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new();
  const char *arg;
  va_list ap;

  va_start(ap, first);
  for (arg = first; arg != NULL; arg = va_arg(ap, const char *))
    g_ptr_array_add(args, (gpointer)arg);
  va_end(ap);
  g_ptr_array_add(args, NULL);
  run_sim_strv(run, (const char *const *)args->pdata);
}

static char *write_file(const char *name, const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename(tmp_dir, name, NULL);

  g_file_set_contents(path, text, -1, &error);
  g_assert_no_error(error);
  return path;
}

static void assert_bad_input(const CtTestRun *run)
{
  g_auto(GStrv) lines = g_strsplit(run->err, "\n", -1);

  if (g_test_verbose())
    g_test_message("stderr: %s", run->err);
  g_assert_cmpint(run->status, ==, 2);
  g_assert_cmpstr(run->out, ==, "");
  /* Exactly one line, ended by a newline. */
  g_assert_cmpuint(g_strv_length(lines), ==, 2);
  g_assert_cmpstr(lines[1], ==, "");
  g_assert_true(g_str_has_prefix(lines[0], "cardiotwin-sim: "));
}

static JsonObject *parse_output(JsonParser *parser, const CtTestRun *run)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint(run->status, ==, 0);
  g_assert_cmpstr(run->err, ==, "");
  json_parser_load_from_data(parser, run->out, -1, &error);
  g_assert_no_error(error);
  g_assert_true(JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser)));
  return json_node_get_object(json_parser_get_root(parser));
}

/* ------------------------------------------------------------------ good runs */

static void test_list_demos(void)
{
  g_auto(CtTestRun) run = {0};
  g_auto(GStrv) lines = NULL;
  guint i;

  run_sim(&run, "--list-demos", NULL);
  g_assert_cmpint(run.status, ==, 0);
  g_assert_cmpstr(run.err, ==, "");
  lines = g_strsplit(run.out, "\n", -1);
  for (i = 0; contract_demos[i] != NULL; i++)
    g_assert_true(g_strv_contains((const char *const *)lines, contract_demos[i]));
}

static void assert_number_member(JsonObject *indices, const char *name)
{
  JsonNode *value = json_object_get_member(indices, name);

  g_assert_nonnull(value);
  g_assert_true(JSON_NODE_HOLDS_VALUE(value));
  g_assert_true(json_node_get_value_type(value) == G_TYPE_DOUBLE ||
                json_node_get_value_type(value) == G_TYPE_INT64);
  g_assert_true(isfinite(json_node_get_double(value)));
}

static void test_json(void)
{
  guint d, i;

  for (d = 0; contract_demos[d] != NULL; d++) {
    g_autoptr(JsonParser) parser = json_parser_new();
    g_auto(CtTestRun) run = {0};
    JsonObject *root, *twin, *steady, *indices;

    g_test_message("%s", contract_demos[d]);
    run_sim(&run, "--demo", contract_demos[d], "--json", NULL);
    root = parse_output(parser, &run);
    twin = json_object_get_object_member(root, "twin");
    g_assert_nonnull(twin);
    g_assert_true(g_str_has_suffix(json_object_get_string_member(twin, "id"), contract_demos[d]));
    g_assert_nonnull(json_object_get_string_member(twin, "pseudonym"));
    g_assert_true(json_object_has_member(root, "scenario"));
    g_assert_false(json_object_get_boolean_member(root, "lvad_suction"));
    g_assert_true(json_object_get_null_member(root, "scenario"));
    steady = json_object_get_object_member(root, "steady_state");
    g_assert_true(json_object_get_boolean_member(steady, "converged"));
    g_assert_cmpint(json_object_get_int_member(steady, "beats"), >, 0);
    /* The demos at rest settle beat by beat. */
    g_assert_cmpint(json_object_get_int_member(steady, "period_beats"), ==, 1);
    indices = json_object_get_object_member(root, "indices");
    for (i = 0; contract_indices[i] != NULL; i++)
      assert_number_member(indices, contract_indices[i]);
    for (i = 0; engine_indices[i] != NULL; i++)
      assert_number_member(indices, engine_indices[i]);
    /* The demos are states patients show. */
    g_assert_cmpuint(
        json_array_get_length(json_object_get_array_member(root, "outside_human_range")), ==, 0);
  }
}

/* The normal demo twin with a critical aortic stenosis and a free aortic leak, each within its
 * range, together a state no patient shows (a hostile tester's: LV systolic pressure ~480
 * mmHg), saved to @name. */
static char *write_impossible_twin(const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTwin) twin = ct_twin_new_from_demo("normal", &error);
  g_autoptr(JsonParser) parser = json_parser_new();
  g_autofree char *path = g_build_filename(tmp_dir, name, NULL);
  g_autoptr(JsonGenerator) generator = json_generator_new();
  JsonObject *parameters;

  g_assert_no_error(error);
  g_assert_true(ct_twin_save_to_file(twin, path, &error));
  g_assert_true(json_parser_load_from_file(parser, path, &error));
  parameters = json_object_get_object_member(json_node_get_object(json_parser_get_root(parser)),
                                             "parameters");
  json_object_set_double_member(parameters, "aortic_effective_orifice_area_cm2", 0.3);
  json_object_set_double_member(parameters, "aortic_regurgitant_orifice_area_cm2", 1.0);
  json_generator_set_root(generator, json_parser_get_root(parser));
  g_assert_true(json_generator_to_file(generator, path, &error));
  return g_steal_pointer(&path);
}

/* A state beyond the values reported in patients is printed, as asked, with the indices outside
 * named: one line on stderr, a member of the JSON object, a mark in the table; the exit status is
 * success's (the inputs were each valid). */
static void test_outside_human_range(void)
{
  g_autofree char *path = write_impossible_twin("impossible.json");
  g_autoptr(JsonParser) parser = json_parser_new();
  g_autoptr(GError) error = NULL;
  g_auto(CtTestRun) run = {0};
  g_auto(CtTestRun) table = {0};
  g_auto(GStrv) lines = NULL;
  JsonArray *outside;
  gboolean lvsp_named = FALSE;

  run_sim(&run, "--twin", path, "--json", NULL);
  if (g_test_verbose())
    g_test_message("stderr: %s", run.err);
  g_assert_cmpint(run.status, ==, 0);
  lines = g_strsplit(run.err, "\n", -1);
  g_assert_cmpuint(g_strv_length(lines), ==, 2);
  g_assert_true(g_str_has_prefix(lines[0], "cardiotwin-sim: warning: "));
  g_assert_nonnull(strstr(lines[0], "lvsp_mmhg"));
  g_assert_nonnull(strstr(lines[0], "lvsp_mmhg 480 mmHg (at most 400 mmHg)"));
  json_parser_load_from_data(parser, run.out, -1, &error);
  g_assert_no_error(error);
  outside = json_object_get_array_member(json_node_get_object(json_parser_get_root(parser)),
                                         "outside_human_range");
  g_assert_nonnull(outside);
  for (guint i = 0; i < json_array_get_length(outside); i++) {
    JsonObject *entry = json_array_get_object_element(outside, i);

    if (g_str_equal(json_object_get_string_member(entry, "index"), "lvsp_mmhg")) {
      lvsp_named = TRUE;
      g_assert_cmpfloat(json_object_get_double_member(entry, "value"), >, 400.0);
      g_assert_true(json_object_get_null_member(entry, "min"));
      g_assert_cmpfloat(json_object_get_double_member(entry, "max"), ==, 400.0);
    }
  }
  g_assert_true(lvsp_named);

  run_sim(&table, "--twin", path, NULL);
  g_assert_cmpint(table.status, ==, 0);
  g_assert_cmpstr(table.err, ==, run.err);
  g_assert_nonnull(strstr(table.out, "! reported in patients: at most 400 mmHg"));
  g_assert_nonnull(strstr(table.out, "beyond values reported in patients"));
}

static void test_table(void)
{
  g_auto(CtTestRun) run = {0};
  guint i;

  run_sim(&run, "--demo", "normal", NULL);
  g_assert_cmpint(run.status, ==, 0);
  g_assert_cmpstr(run.err, ==, "");
  for (i = 0; contract_indices[i] != NULL; i++)
    g_assert_nonnull(strstr(run.out, contract_indices[i]));
  g_assert_nonnull(strstr(run.out, "mmHg"));
}

static void test_scenario(void)
{
  g_autofree char *named = write_file(
      "named.json", "{\"format\": \"cardiotwin-scenario/1\", \"name\": \"CRT, lateral lead\", "
                    "\"pacing\": {\"mode\": \"CRT\", \"rate_bpm\": 60, \"av_delay_ms\": 120, "
                    "\"lv_lead_segment\": 12}, \"drugs\": [{\"drug\": \"dobutamine\", \"dose\": 5, "
                    "\"unit\": \"mcg/kg/min\"}]}");
  g_autofree char *unnamed =
      write_file("unnamed.json", "{\"format\": \"cardiotwin-scenario/1\", \"baroreflex\": false}");
  g_autoptr(JsonParser) parser = json_parser_new();
  g_auto(CtTestRun) run = {0};
  g_auto(CtTestRun) run2 = {0};
  JsonObject *root, *scenario;

  run_sim(&run, "--demo", "hfref-lbbb", "--scenario", named, "--json", NULL);
  root = parse_output(parser, &run);
  scenario = json_object_get_object_member(root, "scenario");
  g_assert_cmpstr(json_object_get_string_member(scenario, "name"), ==, "CRT, lateral lead");

  run_sim(&run2, "--demo", "hfref-lbbb", "--scenario", unnamed, "--json", NULL);
  root = parse_output(parser, &run2);
  scenario = json_object_get_object_member(root, "scenario");
  g_assert_true(json_object_get_null_member(scenario, "name"));
}

/* A DDD lower rate next to the sinus rate settles as a cycle of paced and sensed beats: --json
 * says how many beats it has, and the text that its indices are the cycle's. 68.5 bpm (the rate of
 * tests/test-engine.c /engine/pacing/paced-sensed-cycle) lies within a fraction of a beat per
 * minute of the sinus rate the normal twin's reflex sets while paced there, so paced and sensed
 * beats alternate; at 69 bpm every beat is paced. */
static void test_cycle_in_json(void)
{
  g_autofree char *ddd = write_file(
      "ddd.json", "{\"format\": \"cardiotwin-scenario/1\", \"pacing\": {\"mode\": \"DDD\", "
                  "\"rate_bpm\": 68.5, \"av_delay_ms\": 80}}");
  g_autoptr(JsonParser) parser = json_parser_new();
  g_auto(CtTestRun) run = {0};
  g_auto(CtTestRun) text = {0};
  g_autofree char *cycle_line = NULL;
  JsonObject *root, *steady;

  run_sim(&run, "--demo", "normal", "--scenario", ddd, "--json", NULL);
  root = parse_output(parser, &run);
  steady = json_object_get_object_member(root, "steady_state");
  g_assert_true(json_object_get_boolean_member(steady, "converged"));
  g_test_message("a cycle of %" G_GINT64_FORMAT " beats",
                 json_object_get_int_member(steady, "period_beats"));
  g_assert_cmpint(json_object_get_int_member(steady, "period_beats"), >=, 2);
  g_assert_cmpint(json_object_get_int_member(steady, "period_beats"), <=, 12);

  run_sim(&text, "--demo", "normal", "--scenario", ddd, NULL);
  g_assert_cmpint(text.status, ==, 0);
  cycle_line = g_strdup_printf("\nCycle:        paced and sensed beats take turns in a cycle of "
                               "%" G_GINT64_FORMAT " beats; the figures are the cycle's means\n",
                               json_object_get_int_member(steady, "period_beats"));
  g_assert_nonnull(strstr(text.out, cycle_line));

  /* A steady state of one beat has no such line. */
  ct_test_run_clear(&text);
  run_sim(&text, "--demo", "normal", NULL);
  g_assert_null(strstr(text.out, "Cycle:"));
}

static void test_twin_file(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTwin) twin = ct_twin_new_from_demo("ischemic-scar", &error);
  g_autofree char *path = g_build_filename(tmp_dir, "twin.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new();
  g_auto(CtTestRun) run = {0};
  JsonObject *root;

  g_assert_no_error(error);
  g_assert_true(ct_twin_save_to_file(twin, path, &error));
  run_sim(&run, "--twin", path, "--json", NULL);
  root = parse_output(parser, &run);
  g_assert_cmpstr(json_object_get_string_member(json_object_get_object_member(root, "twin"), "id"),
                  ==, "demo-ischemic-scar");
}

static void test_waveforms(void)
{
  g_autofree char *path = g_build_filename(tmp_dir, "beat.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  g_auto(CtTestRun) run = {0};
  guint n_columns, i;

  run_sim(&run, "--demo", "normal", "--waveforms", path, NULL);
  g_assert_cmpint(run.status, ==, 0);
  g_file_get_contents(path, &text, NULL, &error);
  g_assert_no_error(error);
  lines = g_strsplit(text, "\n", -1);
  g_assert_true(g_str_has_prefix(lines[0], "time_s,lv_pressure_mmhg,"));
  g_assert_nonnull(strstr(lines[0], "aortic_pressure_mmhg"));
  g_assert_nonnull(strstr(lines[0], "lv_volume_ml"));
  g_assert_nonnull(strstr(lines[0], "aortic_flow_ml_s"));
  header = g_strsplit(lines[0], ",", -1);
  n_columns = g_strv_length(header);
  /* One beat at a fine time step: many rows, each all numbers, time increasing. */
  g_assert_cmpuint(g_strv_length(lines), >, 50);
  for (i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++) {
    g_auto(GStrv) cells = g_strsplit(lines[i], ",", -1);
    guint c;

    g_assert_cmpuint(g_strv_length(cells), ==, n_columns);
    for (c = 0; cells[c] != NULL; c++) {
      char *end = NULL;
      double value = g_ascii_strtod(cells[c], &end);

      g_assert_true(end != cells[c] && *end == '\0' && isfinite(value));
    }
  }
  g_assert_cmpstr(lines[i], ==, "");
  g_assert_null(lines[i + 1]);
  g_assert_cmpint(g_remove(path), ==, 0);
}

/* ------------------------------------------------------------------ bad input */

static void test_bad_input(void)
{
  g_autofree char *garbage = write_file("garbage.json", "{not json");
  g_autofree char *bad_scenario =
      write_file("bad-scenario.json", "{\"format\": \"cardiotwin-scenario/1\", \"pacing\": "
                                      "{\"mode\": \"CRT\", \"lv_lead_segment\": 18}}");
  g_autofree char *typo = write_file(
      "typo.json", "{\"format\": \"cardiotwin-scenario/1\", \"pacing\": {\"mode\": \"CRT\", "
                   "\"av_dealy_ms\": 120}}");
  g_autofree char *missing = g_build_filename(tmp_dir, "missing.json", NULL);
  const char *const cases[][6] = {
      {"--bogus", NULL},
      {"--demo", NULL},
      {"--demo", "no-such-demo", NULL},
      {"--demo", "normal", "--twin", garbage, NULL},
      {"--json", NULL},
      {NULL},
      {"--twin", missing, NULL},
      {"--twin", garbage, NULL},
      {"--twin", tmp_dir, NULL},
      {"--demo", "normal", "--scenario", garbage, NULL},
      {"--demo", "normal", "--scenario", bad_scenario, NULL},
      {"--demo", "normal", "--scenario", typo, NULL},
      {"--demo", "normal", "--scenario", missing, NULL},
      {"--demo", "normal", "stray", NULL},
      {"--list-demos", "--demo", "normal", NULL},
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_auto(CtTestRun) run = {0};
    g_autofree char *shown = g_strjoinv(" ", (char **)cases[i]);

    g_test_message("cardiotwin-sim %s", shown);
    run_sim_strv(&run, cases[i]);
    assert_bad_input(&run);
  }
}

static void test_optimize_crt(void)
{
  g_autoptr(JsonParser) parser = json_parser_new();
  g_auto(CtTestRun) run = {0};
  JsonObject *root;
  JsonArray *crt, *excluded;
  double previous = G_MAXDOUBLE;
  guint i;

  run_sim(&run, "--demo", "ischemic-scar", "--optimize-crt", "--json", NULL);
  root = parse_output(parser, &run);
  crt = json_object_get_array_member(root, "crt");
  excluded = json_object_get_array_member(root, "excluded_scar_segments");
  g_assert_nonnull(crt);
  g_assert_nonnull(excluded);
  /* AHA 5, 11, 16 are in transmural scar: never proposed. */
  g_assert_cmpuint(json_array_get_length(excluded), ==, 3);
  /* Settings with an AV delay that outlasts the patient's conduction pace
   * nothing: they are counted, not listed. */
  g_assert_cmpuint(json_array_get_length(crt) +
                       (guint)json_object_get_int_member(root, "not_paced_settings"),
                   ==, 14 * 7 * 5);
  g_assert_cmpuint(json_array_get_length(crt), >=, 14 * 5 * 5);
  /* Every setting of this demo reaches a steady state: none left out for that. */
  g_assert_true(json_object_has_member(root, "not_simulated_settings"));
  g_assert_cmpint(json_object_get_int_member(root, "not_simulated_settings"), ==, 0);
  for (i = 0; i < json_array_get_length(crt); i++) {
    JsonObject *c = json_array_get_object_element(crt, i);
    gint64 segment = json_object_get_int_member(c, "lv_lead_segment");
    double gain = json_object_get_double_member(c, "gain_pct");
    g_assert_true(segment >= 1 && segment <= 17 && segment != 5 && segment != 11 && segment != 16);
    g_assert_true(json_object_has_member(c, "av_delay_ms") &&
                  json_object_has_member(c, "vv_delay_ms"));
    g_assert_true(isfinite(json_object_get_double_member(c, "dpdt_max_mmhg_s")));
    g_assert_true(isfinite(json_object_get_double_member(c, "sv_ml")));
    g_assert_true(isfinite(json_object_get_double_member(c, "lv_activation_ms")));
    g_assert_cmpfloat(gain, <=, previous);
    previous = gain;
  }
  /* LV-only pacing from the best segment, beside the ranking. */
  {
    JsonObject *lv_only = json_object_get_object_member(root, "lv_only");

    g_assert_nonnull(lv_only);
    g_assert_cmpint(
        json_object_get_int_member(lv_only, "lv_lead_segment"), ==,
        json_object_get_int_member(json_array_get_object_element(crt, 0), "lv_lead_segment"));
    g_assert_true(isfinite(json_object_get_double_member(lv_only, "gain_pct")));
    g_assert_true(isfinite(json_object_get_double_member(lv_only, "sv_ml")));
    g_assert_false(json_object_has_member(lv_only, "vv_delay_ms"));
    /* The AV delays left out, counted as the ranking's are: at 180 and 200 ms this patient's
     * own conduction comes first (the ranking's not_paced_settings are those AV delays too). */
    g_assert_cmpint(json_object_get_int_member(root, "lv_only_not_paced_settings"), ==, 2);
    g_assert_cmpint(json_object_get_int_member(root, "lv_only_not_simulated_settings"), ==, 0);
  }
}

static void test_optimize_crt_refused(void)
{
  g_auto(CtTestRun) run = {0};

  run_sim(&run, "--demo", "normal", "--optimize-crt", "--waveforms", "x.csv", NULL);
  assert_bad_input(&run);
  ct_test_run_clear(&run);
  run_sim(&run, "--optimize-crt", NULL);
  assert_bad_input(&run);
}

/* ------------------------------------------------------------------ --fit */

static const char fit_measurements[] =
    "{\"format\": \"cardiotwin-measurements/1\", \"sex\": \"female\", \"age_years\": 63, "
    "\"height_cm\": 164, \"weight_kg\": 70, \"qrs_ms\": 158, \"lbbb\": true, "
    "\"measurements\": {\"hr_bpm\": 72, \"sbp_mmhg\": 112, \"dbp_mmhg\": 70, \"map_mmhg\": 84, "
    "\"lvedv_ml\": 240, \"lvesv_ml\": 180, \"lvef_pct\": 25}}";

/* --fit writes a twin that --twin runs to the same indices, and reports residuals within the
 * tolerances (DESIGN.md: `fit` {`residuals` {name: measured minus simulated}, `seconds`}). */
static void test_fit(void)
{
  g_autofree char *measurements = write_file("measurements.json", fit_measurements);
  g_autofree char *twin = g_build_filename(tmp_dir, "fitted patient.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new();
  g_autoptr(JsonParser) rerun_parser = json_parser_new();
  g_auto(CtTestRun) run = {0};
  g_auto(CtTestRun) rerun = {0};
  JsonObject *root, *fit, *residuals, *indices, *rerun_indices;
  static const struct {
    const char *name;
    double tolerance;
  } expected[] = {
      {"hr_bpm", 2.0},   {"lvedv_ml", 12.0}, {"lvesv_ml", 9.0}, {"lvef_pct", 2.0},
      {"sbp_mmhg", 3.0}, {"dbp_mmhg", 3.0},  {"map_mmhg", 3.0},
  };

  run_sim(&run, "--fit", measurements, "--save-twin", twin, "--json", NULL);
  root = parse_output(parser, &run);
  fit = json_object_get_object_member(root, "fit");
  g_assert_nonnull(fit);
  residuals = json_object_get_object_member(fit, "residuals");
  g_assert_cmpuint(json_object_get_size(residuals), ==, G_N_ELEMENTS(expected));
  for (guint i = 0; i < G_N_ELEMENTS(expected); i++)
    g_assert_cmpfloat(fabs(json_object_get_double_member(residuals, expected[i].name)), <=,
                      expected[i].tolerance);
  g_assert_cmpfloat(json_object_get_double_member(fit, "seconds"), >, 0.0);
  /* The id comes from the file name, made valid. */
  g_assert_cmpstr(json_object_get_string_member(json_object_get_object_member(root, "twin"), "id"),
                  ==, "fitted-patient");
  indices = json_object_get_object_member(root, "indices");

  run_sim(&rerun, "--twin", twin, "--json", NULL);
  rerun_indices = json_object_get_object_member(parse_output(rerun_parser, &rerun), "indices");
  for (guint i = 0; contract_indices[i] != NULL; i++)
    g_assert_cmpfloat(json_object_get_double_member(indices, contract_indices[i]), ==,
                      json_object_get_double_member(rerun_indices, contract_indices[i]));
  g_assert_cmpint(g_remove(twin), ==, 0);
}

static void test_fit_refused(void)
{
  g_autofree char *measurements = write_file("ok.json", fit_measurements);
  g_autofree char *twin = g_build_filename(tmp_dir, "never.json", NULL);
  g_autofree char *nowhere = g_build_filename(tmp_dir, "no-such-folder", "twin.json", NULL);
  g_autofree char *litres = write_file(
      "litres.json", "{\"format\": \"cardiotwin-measurements/1\", \"sex\": \"male\", "
                     "\"age_years\": 50, \"height_cm\": 180, \"weight_kg\": 80, \"measurements\": "
                     "{\"hr_bpm\": 60, \"lvef_pct\": 55, \"lvedv_ml\": 0.16}}");
  g_autofree char *impossible = write_file(
      "impossible.json", "{\"format\": \"cardiotwin-measurements/1\", \"sex\": \"male\", "
                         "\"age_years\": 50, \"height_cm\": 180, \"weight_kg\": 80, "
                         "\"measurements\": {\"hr_bpm\": 60, \"lvef_pct\": 30, \"lvedv_ml\": 100, "
                         "\"co_l_min\": 6.0}}");
  g_auto(CtTestRun) run = {0};

  /* Bad input: exit 2, one line, no twin written. */
  run_sim(&run, "--fit", litres, "--save-twin", twin, NULL);
  assert_bad_input(&run);
  g_assert_nonnull(strstr(run.err, "looks like litres"));
  ct_test_run_clear(&run);
  run_sim(&run, "--fit", measurements, NULL);
  assert_bad_input(&run);
  g_assert_nonnull(strstr(run.err, "--save-twin"));
  ct_test_run_clear(&run);
  run_sim(&run, "--save-twin", twin, "--demo", "normal", NULL);
  assert_bad_input(&run);
  ct_test_run_clear(&run);
  run_sim(&run, "--fit", measurements, "--save-twin", twin, "--demo", "normal", NULL);
  assert_bad_input(&run);
  ct_test_run_clear(&run);
  run_sim(&run, "--fit", measurements, "--save-twin", twin, "--optimize-crt", NULL);
  assert_bad_input(&run);
  ct_test_run_clear(&run);
  run_sim(&run, "--fit", measurements, "--save-twin", nowhere, NULL);
  assert_bad_input(&run);
  g_assert_false(g_file_test(nowhere, G_FILE_TEST_EXISTS));
  ct_test_run_clear(&run);

  /* A fit that cannot meet its tolerances is the engine's failure (exit 1), names what it could
   * not match, and writes nothing. */
  run_sim(&run, "--fit", impossible, "--save-twin", twin, "--json", NULL);
  g_assert_cmpint(run.status, ==, 1);
  g_assert_cmpstr(run.out, ==, "");
  g_assert_nonnull(strstr(run.err, "co_l_min"));
  g_assert_false(g_file_test(twin, G_FILE_TEST_EXISTS));
}

static void test_no_partial_waveforms(void)
{
  g_autofree char *csv = g_build_filename(tmp_dir, "never.csv", NULL);
  g_autofree char *nowhere = g_build_filename(tmp_dir, "no-such-folder", "beat.csv", NULL);
  g_autofree char *bad_scenario = write_file(
      "bad.json", "{\"format\": \"cardiotwin-scenario/1\", \"lvad\": {\"speed_rpm\": 1}}");
  g_auto(CtTestRun) run = {0};
  g_auto(CtTestRun) run2 = {0};

  run_sim(&run, "--demo", "normal", "--scenario", bad_scenario, "--waveforms", csv, NULL);
  assert_bad_input(&run);
  g_assert_false(g_file_test(csv, G_FILE_TEST_EXISTS));

  run_sim(&run2, "--demo", "normal", "--waveforms", nowhere, "--json", NULL);
  assert_bad_input(&run2);
  g_assert_nonnull(strstr(run2.err, "no-such-folder"));
}

/* ------------------------------------------------------------------ --report, --csv */

static const char crt_scenario[] =
    "{ \"format\": \"cardiotwin-scenario/1\", \"name\": \"CRT lateral\", \"pacing\": "
    "{ \"mode\": \"CRT\", \"av_delay_ms\": 120, \"lv_lead_segment\": 6 } }";

static void test_report(void)
{
  g_autofree char *scenario = write_file("report-crt.json", crt_scenario);
  g_autofree char *pdf = g_build_filename(tmp_dir, "report.pdf", NULL);
  g_autofree char *csv = g_build_filename(tmp_dir, "report.csv", NULL);
  g_autofree char *letter = g_build_filename(tmp_dir, "report-letter.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(CtTestRun) run = {0};
  gsize length;

  run_sim(&run, "--demo", "hfref-lbbb", "--scenario", scenario, "--report", pdf, "--csv", csv,
          NULL);
  g_assert_cmpstr(run.err, ==, "");
  g_assert_cmpint(run.status, ==, 0);
  g_assert_cmpstr(run.out, ==, "");
  g_file_get_contents(pdf, &contents, &length, &error);
  g_assert_no_error(error);
  g_assert_true(g_str_has_prefix(contents, "%PDF-"));
  g_clear_pointer(&contents, g_free);
  g_file_get_contents(csv, &contents, &length, &error);
  g_assert_no_error(error);
  g_assert_true(g_str_has_prefix(contents, "name,unit,baseline,plan,change\n"));
  ct_test_run_clear(&run);

  /* --csv alone, and --report with --paper letter. */
  g_unlink(csv);
  run_sim(&run, "--demo", "hfref-lbbb", "--scenario", scenario, "--csv", csv, NULL);
  g_assert_cmpint(run.status, ==, 0);
  g_assert_true(g_file_test(csv, G_FILE_TEST_IS_REGULAR));
  ct_test_run_clear(&run);
  run_sim(&run, "--demo", "hfref-lbbb", "--scenario", scenario, "--report", letter, "--paper",
          "LETTER", NULL);
  g_assert_cmpint(run.status, ==, 0);
  g_assert_true(g_file_test(letter, G_FILE_TEST_IS_REGULAR));
}

static void test_report_refused(void)
{
  g_autofree char *scenario = write_file("report-crt.json", crt_scenario);
  g_autofree char *pdf = g_build_filename(tmp_dir, "refused.pdf", NULL);
  g_autofree char *missing = g_build_filename(tmp_dir, "no-such-folder", "r.pdf", NULL);
  const char *const cases[][12] = {
      {"--demo", "hfref-lbbb", "--scenario", scenario, "--report", pdf, "--paper", "a5", NULL},
      {"--demo", "hfref-lbbb", "--scenario", scenario, "--paper", "a4", NULL},
      {"--demo", "hfref-lbbb", "--report", pdf, NULL},
      {"--demo", "hfref-lbbb", "--scenario", scenario, "--report", missing, NULL},
      {"--demo", "hfref-lbbb", "--scenario", scenario, "--report", tmp_dir, NULL},
      {"--demo", "hfref-lbbb", "--scenario", scenario, "--csv", tmp_dir, NULL},
      {"--demo", "hfref-lbbb", "--scenario", scenario, "--report", pdf, "--json", NULL},
      {"--demo", "no-such-demo", "--scenario", scenario, "--report", pdf, NULL},
      {"--demo", "hfref-lbbb", "--scenario", scenario, "--report", pdf, "--optimize-crt", NULL},
  };

  for (guint c = 0; c < G_N_ELEMENTS(cases); c++) {
    g_auto(CtTestRun) run = {0};

    run_sim_strv(&run, cases[c]);
    assert_bad_input(&run);
    g_assert_false(g_file_test(pdf, G_FILE_TEST_EXISTS));
    g_assert_false(g_file_test(missing, G_FILE_TEST_EXISTS));
  }
}

/* Output paths are checked before anything runs (ct-sim-main.c, check_outputs): a hostile tester
 * turned the patient's twin into waveform CSV with `--twin t.json --waveforms t.json`, replaced a
 * FIFO (and, as root, /dev/full) with a plain file, and lost one of --report and --csv given the
 * same name; `--demo normal --demo hfref-lbbb` simulated the second without a word. */
static void test_output_paths_refused(void)
{
  g_autofree char *twin_text = NULL;
  g_autofree char *twin = NULL;
  g_autofree char *scenario = write_file("outputs-scenario.json", crt_scenario);
  g_autofree char *fifo = g_build_filename(tmp_dir, "outputs.fifo", NULL);
  g_autofree char *twin_link = g_build_filename(tmp_dir, "outputs-link.json", NULL);
  g_autofree char *same = g_build_filename(tmp_dir, "outputs-same", NULL);
  g_autofree char *folder_name =
      g_strconcat(tmp_dir, G_DIR_SEPARATOR_S "outputs-folder" G_DIR_SEPARATOR_S, NULL);
  g_autoptr(GError) error = NULL;

  g_autoptr(CtTwin) demo = ct_twin_new_from_demo("normal", &error);

  g_assert_no_error(error);
  twin = g_build_filename(tmp_dir, "outputs-twin.json", NULL);
  g_assert_true(ct_twin_save_to_file(demo, twin, &error));
  g_file_get_contents(twin, &twin_text, NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpint(mkfifo(fifo, 0600), ==, 0);
  g_assert_cmpint(symlink("outputs-twin.json", twin_link), ==, 0);
  {
    const char *const cases[][10] = {
        {"--twin", twin, "--waveforms", twin, NULL},
        {"--twin", twin, "--waveforms", twin_link, NULL},
        {"--twin", twin_link, "--waveforms", twin, NULL},
        {"--twin", twin, "--scenario", scenario, "--csv", scenario, NULL},
        {"--twin", twin, "--scenario", scenario, "--report", twin, NULL},
        {"--fit", twin, "--save-twin", twin, NULL},
        {"--twin", twin, "--waveforms", fifo, NULL},
        {"--twin", twin, "--waveforms", "", NULL},
        {"--twin", twin, "--waveforms", folder_name, NULL},
        {"--twin", twin, "--scenario", scenario, "--report", same, "--csv", same, NULL},
    };

    for (guint c = 0; c < G_N_ELEMENTS(cases); c++) {
      g_auto(CtTestRun) run = {0};
      g_autofree char *after = NULL;
      GStatBuf info;

      g_test_message("case %u", c);
      run_sim_strv(&run, cases[c]);
      assert_bad_input(&run);
      g_file_get_contents(twin, &after, NULL, &error);
      g_assert_no_error(error);
      g_assert_cmpstr(after, ==, twin_text);
      g_assert_cmpint(g_lstat(fifo, &info), ==, 0);
      g_assert_true(S_ISFIFO(info.st_mode));
      g_assert_cmpint(g_lstat(twin_link, &info), ==, 0);
      g_assert_true(S_ISLNK(info.st_mode));
      g_assert_false(g_file_test(same, G_FILE_TEST_EXISTS));
    }
  }
  {
    const char *const repeated[][6] = {
        {"--demo", "normal", "--demo", "hfref-lbbb", NULL},
        {"--demo=normal", "--demo", "hfref-lbbb", NULL},
        {"--demo", "normal", "--json", "--json", NULL},
    };

    for (guint c = 0; c < G_N_ELEMENTS(repeated); c++) {
      g_auto(CtTestRun) run = {0};

      run_sim_strv(&run, repeated[c]);
      assert_bad_input(&run);
      g_assert_nonnull(strstr(run.err, "more than once"));
    }
  }
  /* A link to a file not yet written is written through: the file appears, the link stays. */
  {
    g_autofree char *link = g_build_filename(tmp_dir, "outputs-beat-link.csv", NULL);
    g_autofree char *target = g_build_filename(tmp_dir, "outputs-beat.csv", NULL);
    g_auto(CtTestRun) run = {0};
    GStatBuf info;

    g_assert_cmpint(symlink("outputs-beat.csv", link), ==, 0);
    run_sim(&run, "--demo", "normal", "--waveforms", link, "--json", NULL);
    g_assert_cmpint(run.status, ==, 0);
    g_assert_cmpint(g_lstat(link, &info), ==, 0);
    g_assert_true(S_ISLNK(info.st_mode));
    g_assert_true(g_file_test(target, G_FILE_TEST_IS_REGULAR));
  }
}

int main(int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  int status;

  g_test_init(&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp("test-cli-XXXXXX", &error);
  g_assert_no_error(error);

  g_test_add_func("/cli/list-demos", test_list_demos);
  g_test_add_func("/cli/run/json", test_json);
  g_test_add_func("/cli/run/table", test_table);
  g_test_add_func("/cli/run/scenario", test_scenario);
  g_test_add_func("/cli/run/cycle-in-json", test_cycle_in_json);
  g_test_add_func("/cli/run/twin-file", test_twin_file);
  g_test_add_func("/cli/run/waveforms", test_waveforms);
  g_test_add_func("/cli/run/outside-human-range", test_outside_human_range);
  g_test_add_func("/cli/bad-input/each", test_bad_input);
  g_test_add_func("/cli/bad-input/no-partial-waveforms", test_no_partial_waveforms);
  g_test_add_func("/cli/bad-input/output-paths", test_output_paths_refused);
  g_test_add_func("/cli/optimize-crt/json", test_optimize_crt);
  g_test_add_func("/cli/optimize-crt/refused", test_optimize_crt_refused);
  g_test_add_func("/cli/fit/json", test_fit);
  g_test_add_func("/cli/fit/refused", test_fit_refused);
  g_test_add_func("/cli/report/pdf-and-csv", test_report);
  g_test_add_func("/cli/report/refused", test_report_refused);

  status = g_test_run();

  dir = g_dir_open(tmp_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
    g_autofree char *path = g_build_filename(tmp_dir, name, NULL);
    g_remove(path);
  }
  g_rmdir(tmp_dir);
  g_free(tmp_dir);
  return status;
}

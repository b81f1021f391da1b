/* test-report.c — the plan report (src/report): the PDF's text (pdftotext), its pages (pdftoppm),
 * its paper (pdfinfo), the CSV against the engine's indices, and files that are never left half
 * written.
 *
 * CT_PDFTOTEXT, CT_PDFTOPPM, CT_PDFINFO (set by tests/meson.build when poppler-utils is
 * installed) name the tools; without them the tests that need them are skipped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "ct-index-format.h"
#include "ct-measurements.h"
#include "ct-report.h"

#define SCENARIO_NAME "CRT, LV lead basal anterolateral"

typedef struct {
  CtTwin *twin;
  CsTherapy therapy;
  CsModel *models[2];
  CsSample *samples[2];
  GDateTime *date;
  CtReportInput input;
  char *dir;
} Fixture;

static void run_model(Fixture *f, int which, const CsTherapy *therapy, CtReportRun *run)
{
  CsSteadyStateOptions options;
  CsSteadyStateResult result;
  CsError engine_error = {{0}};
  size_t n;

  f->models[which] = cs_model_new(ct_twin_get_params(f->twin), therapy, &engine_error);
  g_assert_nonnull(f->models[which]);
  cs_steady_state_options_default(&options);
  g_assert_cmpint(cs_model_run_to_steady_state(f->models[which], &options, &result, &engine_error),
                  ==, CS_OK);
  g_assert_true(result.converged);
  n = cs_model_waveform(f->models[which], NULL, 0);
  g_assert_cmpuint(n, >, 10);
  f->samples[which] = g_new(CsSample, n);
  run->beat.n_samples = cs_model_waveform(f->models[which], f->samples[which], n);
  run->beat.samples = f->samples[which];
  run->indices = *cs_model_indices(f->models[which]);
  run->av_interval_ms = cs_model_qrs_onset_ms(f->models[which]);
  cs_model_segment_activation_ms(f->models[which], run->activation_ms);
}

/* hfref-lbbb without therapy and with CRT (LV lead in AHA segment 6). */
static void fixture_set_up(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CsTherapy baseline;

  f->twin = ct_twin_new_from_demo("hfref-lbbb", &error);
  g_assert_no_error(error);
  cs_therapy_default(&baseline);
  cs_therapy_default(&f->therapy);
  f->therapy.pacing.mode = CS_PACING_CRT;
  f->therapy.pacing.av_delay_ms = 120;
  f->therapy.pacing.vv_delay_ms = 0;
  f->therapy.pacing.lv_lead_segment = 6;
  run_model(f, 0, &baseline, &f->input.baseline);
  run_model(f, 1, &f->therapy, &f->input.plan);
  f->input.plan.therapy = &f->therapy;
  f->input.twin = f->twin;
  f->input.plan_name = SCENARIO_NAME;
  f->date = g_date_time_new_utc(2026, 11, 25, 10, 0, 0);
  f->input.date = f->date;
  f->dir = g_dir_make_tmp("test-report-XXXXXX", &error);
  g_assert_no_error(error);
}

static void remove_dir(const char *dir)
{
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name(d)) != NULL) {
    g_autofree char *path = g_build_filename(dir, name, NULL);

    if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
      g_chmod(path, 0700);
      remove_dir(path);
    } else {
      g_unlink(path);
    }
  }
  g_rmdir(dir);
}

static void fixture_tear_down(Fixture *f, gconstpointer data)
{
  for (int i = 0; i < 2; i++) {
    g_clear_pointer(&f->models[i], cs_model_free);
    g_free(f->samples[i]);
  }
  g_clear_object(&f->twin);
  g_date_time_unref(f->date);
  remove_dir(f->dir);
  g_free(f->dir);
}

static int compare_names(gconstpointer a, gconstpointer b)
{
  return g_strcmp0(*(const char *const *)a, *(const char *const *)b);
}

/* The names in @dir, sorted, joined by spaces ("" when empty). */
static char *list_dir(const char *dir)
{
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  const char *name;

  g_assert_nonnull(d);
  while ((name = g_dir_read_name(d)) != NULL)
    g_ptr_array_add(names, g_strdup(name));
  g_ptr_array_sort(names, compare_names);
  g_ptr_array_add(names, NULL);
  return g_strjoinv(" ", (char **)names->pdata);
}

/* Runs a poppler tool named by @variable, or skips the test; returns its stdout. */
static char *run_tool(const char *variable, const char *const *args, gboolean *ran)
{
  const char *tool = g_getenv(variable);
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;

  *ran = FALSE;
  if (tool == NULL || tool[0] == '\0') {
    g_test_skip("poppler-utils not installed (Debian package poppler-utils)");
    return NULL;
  }
  g_ptr_array_add(argv, (gpointer)tool);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add(argv, (gpointer)args[i]);
  g_ptr_array_add(argv, NULL);
  g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
               &error);
  g_assert_no_error(error);
  if (err != NULL && err[0] != '\0')
    g_test_message("%s: %s", tool, err);
  g_spawn_check_wait_status(status, &error);
  g_assert_no_error(error);
  /* poppler reports damaged files on stderr and still exits 0 at times. */
  g_assert_true(err == NULL || strstr(err, "Error") == NULL);
  *ran = TRUE;
  return out;
}

static char *write_pdf(Fixture *f, const char *name, CtReportPaper paper)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename(f->dir, name, NULL);

  g_assert_true(ct_report_write_pdf(&f->input, path, paper, &error));
  g_assert_no_error(error);
  return path;
}

/* "**86 of 96 evaluated references met.**" of docs/validation.md. */
static char *validation_summary(void)
{
  g_autofree char *path = g_test_build_filename(G_TEST_DIST, "..", "docs", "validation.md", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = NULL;
  g_auto(GStrv) words = NULL;

  g_file_get_contents(path, &text, NULL, &error);
  g_assert_no_error(error);
  parts = g_strsplit(text, "**", 3);
  g_assert_cmpuint(g_strv_length(parts), ==, 3);
  words = g_strsplit(parts[1], " ", -1);
  g_assert_cmpstr(words[1], ==, "of");
  return g_strdup_printf("%s of %s", words[0], words[2]);
}

/* The last line of pdftotext -layout's text that starts with @label (the table comes after any
 * sentence that starts alike), or fails. */
static const char *find_row(char **lines, const char *label)
{
  const char *row = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix(g_strchug(lines[i]), label))
      row = lines[i];
  if (row == NULL)
    g_error("no line starts with “%s”", label);
  return row;
}

static void test_pdf_text(Fixture *f, gconstpointer data)
{
  g_autofree char *pdf = write_pdf(f, "report.pdf", CT_REPORT_PAPER_A4);
  const char *args[] = {"-layout", pdf, "-", NULL};
  g_autofree char *summary = validation_summary();
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean ran;
  const char *sections[] = {
      "CardioTwin plan report",
      "Twin provenance",
      "Baseline and plan",
      "Model assumptions and validation status",
      "Reviewed by",
      "Signature",
      "2026-11-25",
      SCENARIO_NAME,
  };
  const guint rows[] = {0 /* hr */, 1 /* sv */, 5 /* lvef */, 8 /* dP/dt max */,
                        25 /* activation */};

  text = run_tool("CT_PDFTOTEXT", args, &ran);
  if (!ran)
    return;
  if (g_test_verbose())
    g_test_message("%s", text);
  for (guint i = 0; i < G_N_ELEMENTS(sections); i++)
    g_assert_nonnull(strstr(text, sections[i]));
  g_assert_nonnull(strstr(text, ct_twin_get_pseudonym(f->twin)));
  /* The pseudonym only: never the twin's id. */
  g_assert_null(strstr(text, ct_twin_get_id(f->twin)));
  g_assert_nonnull(strstr(text, summary));
  /* The twin's measured pressures keep their own names: the cuff's (or a line's) systolic and
   * diastolic pressures, not the model's aortic ones of the index table. */
  g_assert_nonnull(strstr(text, "Systolic blood pressure"));
  g_assert_nonnull(strstr(text, "Diastolic blood pressure"));

  /* The rows hold the engine's numbers as the table prints them: baseline, plan, change; the AV
   * interval's row too (the CRT plan's sensed AV delay, 120 ms, plus ~40 ms from the P wave's
   * onset). */
  lines = g_strsplit(text, "\n", -1);
  g_assert_cmpfloat(fabs(f->input.plan.av_interval_ms - 160.0), <, 1.0);
  for (guint r = 0; r <= G_N_ELEMENTS(rows); r++) {
    gboolean av = r == G_N_ELEMENTS(rows);
    guint i = av ? 0 : rows[r];
    double baseline = cs_indices_get(&f->input.baseline.indices, i);
    double plan = cs_indices_get(&f->input.plan.indices, i);
    g_autofree char *b = av ? ct_av_interval_format_value(f->input.baseline.av_interval_ms)
                            : ct_index_format_value(i, baseline, FALSE);
    g_autofree char *p = av ? ct_av_interval_format_value(f->input.plan.av_interval_ms)
                            : ct_index_format_value(i, plan, FALSE);
    g_autofree char *c = av ? ct_av_interval_format_change(f->input.baseline.av_interval_ms,
                                                           f->input.plan.av_interval_ms)
                            : ct_index_format_change(i, baseline, plan, FALSE);
    g_autofree char *expected = g_strdup_printf("%s %s %s", b, p, c);
    const char *row = find_row(lines, av ? ct_av_interval_label() : ct_index_label(i));
    g_auto(GStrv) words = g_strsplit_set(row, " ", -1);
    g_autoptr(GString) tail = g_string_new(NULL);
    guint n = 0, w;

    /* The last three words of the row. */
    for (w = 0; words[w] != NULL; w++)
      ;
    for (; w > 0 && n < 3; w--)
      if (words[w - 1][0] != '\0') {
        g_string_prepend(tail, words[w - 1]);
        if (++n < 3)
          g_string_prepend_c(tail, ' ');
      }
    g_assert_cmpstr(tail->str, ==, expected);
  }
}

/* The text of the report's PDF for the twin @json, words joined on one line; NULL where
 * pdftotext is missing. */
static char *twin_report_text(Fixture *f, const char *name, const char *json)
{
  g_autoptr(GBytes) bytes = g_bytes_new(json, strlen(json));
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTwin) twin = ct_twin_new_from_bytes(bytes, &error);
  g_autofree char *pdf = NULL;
  const char *args[] = {NULL, "-", NULL};
  char *text;
  gboolean ran;

  g_assert_no_error(error);
  f->input.twin = twin;
  pdf = write_pdf(f, name, CT_REPORT_PAPER_A4);
  f->input.twin = f->twin;
  args[0] = pdf;
  text = run_tool("CT_PDFTOTEXT", args, &ran);
  if (!ran)
    return NULL;
  /* pdftotext without -layout joins the paragraph's lines with newlines: compare words. */
  g_strdelimit(text, "\n", ' ');
  return text;
}

/* A plan beyond the values reported in patients is said under the table, naming the index and its
 * range (a plan's mean arterial pressure of 9 mmHg: every vasodilator at its top dose with the
 * reflex off); a plan patients show (the fixture's CRT) is not. */
static void test_pdf_outside_human_range(Fixture *f, gconstpointer data)
{
  g_autofree char *pdf = write_pdf(f, "usual.pdf", CT_REPORT_PAPER_A4);
  g_autofree char *outside_pdf = NULL;
  const char *args[] = {NULL, "-", NULL};
  g_autofree char *usual = NULL, *outside = NULL;
  gboolean ran;

  args[0] = pdf;
  usual = run_tool("CT_PDFTOTEXT", args, &ran);
  if (!ran)
    return;
  g_assert_null(strstr(usual, "beyond values reported in patients"));

  f->input.plan.indices.map_mmhg = 9.0;
  outside_pdf = write_pdf(f, "outside.pdf", CT_REPORT_PAPER_A4);
  args[0] = outside_pdf;
  outside = run_tool("CT_PDFTOTEXT", args, &ran);
  g_strdelimit(outside, "\n", ' ');
  if (g_test_verbose())
    g_test_message("%s", outside);
  g_assert_nonnull(strstr(outside,
                          "This plan takes the twin beyond values reported in patients: "
                          "Mean arterial pressure 9 mmHg (reported in patients: 30 to 220 mmHg)."));
  g_assert_null(strstr(outside, "The twin as it is lies beyond"));
  /* The value carries the sentence's dagger, for a report read in black and white. */
  g_assert_nonnull(strstr(outside, "† This plan takes the twin beyond"));
  {
    g_autofree char *layout_pdf = write_pdf(f, "outside-layout.pdf", CT_REPORT_PAPER_A4);
    const char *layout_args[] = {"-layout", layout_pdf, "-", NULL};
    g_autofree char *layout = run_tool("CT_PDFTOTEXT", layout_args, &ran);
    g_auto(GStrv) lines = g_strsplit(layout, "\n", -1);
    const char *row = find_row(lines, ct_index_label(ct_index_find("map_mmhg")));

    g_test_message("%s", row);
    g_assert_nonnull(strstr(row, " 9†"));
    g_assert_null(strstr(row, "92†"));
  }
}

/* The text of the report's PDF for a fitted twin with a mitral leak (@extra_parameters besides its
 * orifice). */
static char *fitted_leak_text(Fixture *f, const char *name, const char *extra_parameters)
{
  g_autofree char *json = g_strdup_printf(
      "{\"format\": \"cardiotwin/1\", \"id\": \"fitted-leak\", \"description\": \"Fitted.\", "
      "\"patient\": {\"pseudonym\": \"Fitted Leak\", \"sex\": \"male\", \"age_years\": 58, "
      "\"height_cm\": 180, \"weight_kg\": 85}, \"measurements\": [{\"name\": \"lvef_pct\", "
      "\"loinc\": \"10230-1\", \"value\": 15, \"unit\": \"%%\", \"date\": \"2026-11-25\"}], "
      "\"parameters\": {\"mitral_regurgitant_orifice_area_cm2\": 0.08%s}, \"calibration\": "
      "{\"method\": \"maximum a posteriori\", \"from_measurements\": [\"lvef_pct\"], "
      "\"drivers\": {\"mitral_regurgitant_orifice_area_cm2\": [\"lvef_pct\"]}}, "
      "\"provenance\": {\"created\": \"2026-11-25\", \"created_by\": \"test\", "
      "\"source\": \"clinical\"}}",
      extra_parameters);

  return twin_report_text(f, name, json);
}

/* A fitted twin with a measured aortic valve area of 0.7 cm2 (ct-fit.c records it as a
 * measurement and, with @driven, as the orifice's driver) and an aortic orifice of @orifice_cm2:
 * the measured one, or one edited after the fit. */
static char *stenosis_text(Fixture *f, const char *name, gboolean driven, double orifice_cm2)
{
  g_autofree char *json = g_strdup_printf(
      "{\"format\": \"cardiotwin/1\", \"id\": \"stenosis\", \"description\": \"Fitted.\", "
      "\"patient\": {\"pseudonym\": \"Stenosis\", \"sex\": \"female\", \"age_years\": 74, "
      "\"height_cm\": 160, \"weight_kg\": 66}, \"measurements\": [{\"name\": \"lvef_pct\", "
      "\"loinc\": \"10230-1\", \"value\": 60, \"unit\": \"%%\", \"date\": \"2026-11-25\"}, "
      "{\"name\": \"aortic_valve_area_cm2\", \"loinc\": \"18090-1\", \"value\": 0.7, "
      "\"unit\": \"cm2\", \"date\": \"2026-11-25\"}], "
      "\"parameters\": {\"aortic_effective_orifice_area_cm2\": %.2f}, \"calibration\": "
      "{\"method\": \"maximum a posteriori\", \"from_measurements\": [\"lvef_pct\", "
      "\"aortic_valve_area_cm2\"], \"drivers\": {\"aortic_effective_orifice_area_cm2\": [%s]}}, "
      "\"provenance\": {\"created\": \"2026-11-25\", \"created_by\": \"test\", "
      "\"source\": \"clinical\"}}",
      orifice_cm2, driven ? "\"aortic_valve_area_cm2\"" : "");

  return twin_report_text(f, name, json);
}

/* The text of the report's PDF for the fixture's demo twin, words joined on one line; NULL where
 * pdftotext is missing. */
static char *demo_report_text(Fixture *f)
{
  g_autofree char *pdf = write_pdf(f, "demo.pdf", CT_REPORT_PAPER_A4);
  const char *args[] = {pdf, "-", NULL};
  gboolean ran;
  char *text = run_tool("CT_PDFTOTEXT", args, &ran);

  if (!ran)
    return NULL;
  g_strdelimit(text, "\n", ' ');
  return text;
}

/* The measurements' words, which the report and the twin's details share (src/plots knows the
 * valve area's name as text: a renamed measurement would fall back to its raw name here first). */
static void test_measurement_words(void)
{
  g_autofree char *area = ct_measurement_format_value(CT_AORTIC_VALVE_AREA_NAME, 0.594, "cm2");
  g_autofree char *ef = ct_measurement_format_value("lvef_pct", 24.6, "%");
  g_autofree char *other = ct_measurement_format_value("not_an_index", 3.0, "ml");

  g_assert_cmpstr(ct_measurement_label(CT_AORTIC_VALVE_AREA_NAME), ==, "Aortic valve area");
  g_assert_cmpstr(ct_measurement_label("sbp_mmhg"), ==, "Systolic blood pressure");
  g_assert_cmpstr(ct_measurement_label("lvef_pct"), ==, "LV ejection fraction");
  g_assert_cmpstr(ct_measurement_label("not_an_index"), ==, "not_an_index");
  g_assert_cmpstr(area, ==, "0.59 cm²");
  g_assert_cmpstr(ef, ==, "25 %");
  g_assert_cmpstr(other, ==, "3 ml");
}

/* The indices' words shared by the table, the compare grid and the report: a value that rounds to
 * nothing is 0, not "-0"; a human range in the unit shown, or none; a note only outside it. */
static void test_index_words(void)
{
  int cvp = ct_index_find("cvp_mmhg"), map = ct_index_find("map_mmhg");
  int lvsp = ct_index_find("lvsp_mmhg"), lvedp = ct_index_find("lvedp_mmhg");
  int co = ct_index_find("co_l_min"), dpdt = ct_index_find("dpdt_max_mmhg_s");
  g_autofree char *small = ct_index_format_value(cvp, -0.3, FALSE);
  g_autofree char *negative = ct_index_format_value(map, -0.6, FALSE);
  g_autofree char *lvsp_range = ct_index_format_human_range(lvsp, FALSE);
  g_autofree char *lvsp_kpa = ct_index_format_human_range(lvsp, TRUE);
  g_autofree char *lvedp_range = ct_index_format_human_range(lvedp, FALSE);
  g_autofree char *co_range = ct_index_format_human_range(co, FALSE);
  g_autofree char *dpdt_range = ct_index_format_human_range(dpdt, FALSE);
  g_autofree char *inside = ct_index_human_range_note(map, 80.0, FALSE);
  g_autofree char *outside = ct_index_human_range_note(map, 9.0, FALSE);

  g_assert_cmpstr(small, ==, "0");
  g_assert_cmpstr(negative, ==, "-1");
  g_assert_cmpstr(lvsp_range, ==, "at most 400 mmHg");
  g_assert_cmpstr(lvsp_kpa, ==, "at most 53.3 kPa");
  g_assert_cmpstr(lvedp_range, ==, "at most 70 mmHg");
  g_assert_cmpstr(co_range, ==, "0.8 to 20.0 l/min");
  g_assert_null(dpdt_range);
  g_assert_null(inside);
  g_assert_nonnull(outside);
  g_assert_nonnull(strstr(outside, "(30 to 220 mmHg)"));

  /* A value beyond its range never reads as its bound; inside, the usual decimals. */
  {
    g_autofree char *just_below = ct_index_format_value(map, 29.6, FALSE);
    g_autofree char *just_above = ct_index_format_value(lvsp, 400.3, FALSE);
    g_autofree char *far_below = ct_index_format_value(map, 9.0, FALSE);
    g_autofree char *usual = ct_index_format_value(map, 29.6 + 1.0, FALSE);
    g_autofree char *kpa = ct_index_format_value(map, 29.9, TRUE);

    g_assert_cmpstr(just_below, ==, "29.6");
    g_assert_cmpstr(just_above, ==, "400.3");
    g_assert_cmpstr(far_below, ==, "9");
    g_assert_cmpstr(usual, ==, "31");
    /* 29.9 mmHg is 3.99 kPa, the bound 30 mmHg 4.00 kPa. */
    g_assert_cmpstr(kpa, ==, "3.99");
  }

  /* The plan's sentence names what the plan takes beyond, not what the twin already is. */
  {
    CsIndices baseline, plan;
    g_autofree char *same = NULL, *worse = NULL;

    memset(&baseline, 0, sizeof baseline);
    for (size_t i = 0; i < cs_index_count(); i++) {
      double lo, hi, in_range;

      cs_index_human_range(i, &lo, &hi);
      in_range = lo > 0.0 ? lo : hi < 0.0 ? hi : 0.0;

      memcpy((char *)&baseline + i * sizeof(double), &in_range, sizeof in_range);
      g_assert_cmpfloat(cs_indices_get(&baseline, i), ==, in_range);
    }
    baseline.map_mmhg = 20.0;
    plan = baseline;
    same = ct_index_outside_human_range_warning(&baseline, &plan, FALSE);
    g_assert_nonnull(same);
    g_assert_true(g_str_has_prefix(same, "The twin as it is lies beyond"));
    g_assert_null(strstr(same, "This plan"));
    plan.dbp_mmhg = 5.0;
    worse = ct_index_outside_human_range_warning(&baseline, &plan, FALSE);
    g_assert_nonnull(strstr(worse, "This plan takes the twin beyond values reported in patients: "
                                   "Aortic diastolic pressure 5 mmHg"));
    g_assert_null(strstr(strstr(worse, "This plan"), "Mean arterial pressure"));
  }
}

/* The provenance states the twin's valves: that it has no lesion, or each orifice the engine does
 * not have by default and each leak (a functional one at its reference volume), a measured valve
 * area named as the orifice's source only where the orifice is the measured one; the area is
 * listed with the measurements. */
static void test_pdf_valves(Fixture *f, gconstpointer data)
{
  g_autofree char *demo_text = demo_report_text(f);
  g_autofree char *measured_text = NULL;
  g_autofree char *stated_text = NULL;
  g_autofree char *edited_text = NULL;
  g_autofree char *leak_text = NULL;
  g_autofree char *functional_text = NULL;

  if (demo_text == NULL)
    return;
  measured_text = stenosis_text(f, "measured.pdf", TRUE, 0.7);
  stated_text = stenosis_text(f, "stated.pdf", FALSE, 0.7);
  edited_text = stenosis_text(f, "edited.pdf", TRUE, 0.6);
  leak_text = fitted_leak_text(f, "leak.pdf", "");
  functional_text =
      fitted_leak_text(f, "functional.pdf", ", \"mitral_functional_reference_edv_ml\": 320");
  g_assert_nonnull(
      strstr(demo_text, "Valves: no valve lesion in the twin (the model's normal orifices)."));
  g_assert_nonnull(strstr(measured_text, "Valves: aortic valve effective orifice area 0.70 cm² "
                                         "(measured, continuity equation)."));
  g_assert_nonnull(strstr(measured_text, "Aortic valve area 0.70 cm² (2026-11-25)"));
  g_assert_nonnull(strstr(stated_text, "Valves: aortic valve effective orifice area 0.70 cm²."));
  g_assert_nonnull(strstr(edited_text, "Valves: aortic valve effective orifice area 0.60 cm²."));
  g_assert_nonnull(
      strstr(leak_text, "Valves: mitral effective regurgitant orifice area 0.08 cm²."));
  g_assert_nonnull(strstr(functional_text,
                          "Valves: mitral effective regurgitant orifice area 0.08 cm² at an "
                          "end-diastolic volume of 320 ml (functional)."));
}

/* A twin whose fit gave it a mitral leak (ct-fit.c) says so in its provenance, with the orifice,
 * and whether the fit took it as secondary (functional) regurgitation; the demo twin, not fitted,
 * does not. */
static void test_pdf_fitted_leak(Fixture *f, gconstpointer data)
{
  g_autofree char *demo_text = demo_report_text(f);
  g_autofree char *fixed_text = NULL;
  g_autofree char *functional_text = NULL;

  if (demo_text == NULL)
    return;
  fixed_text = fitted_leak_text(f, "fixed.pdf", "");
  functional_text =
      fitted_leak_text(f, "functional.pdf", ", \"mitral_functional_reference_edv_ml\": 320");
  g_assert_null(strstr(demo_text, "mitral regurgitant orifice"));
  g_assert_nonnull(strstr(fixed_text, "mitral regurgitant orifice of 0.08 cm²"));
  g_assert_null(strstr(fixed_text, "secondary"));
  g_assert_nonnull(strstr(functional_text, "mitral regurgitant orifice of 0.08 cm²"));
  g_assert_nonnull(strstr(functional_text, "secondary (functional) regurgitation"));
  g_assert_nonnull(strstr(functional_text, "end-diastolic volume of 320 ml"));
}

/* With the CRT optimizer's ranking, the report has its section: the settings as ranked, at most
 * CT_REPORT_CRT_ROWS; without it, no such section. */
static void test_pdf_crt_ranking(Fixture *f, gconstpointer data)
{
  CtCrtCandidate candidates[7];
  const CtCrtCandidate lv_only = {
      .lv_lead_segment = 12, .av_delay_ms = 120.0, .gain_pct = 16.8, .paced = 1, .lv_only = 1};
  const char *args[3] = {"-layout", NULL, "-"};
  const char *argv[4];
  g_autofree char *without = write_pdf(f, "without.pdf", CT_REPORT_PAPER_A4);
  g_autofree char *with = NULL;
  g_autofree char *text = NULL;
  g_autofree char *plain = NULL;
  gboolean ran;

  for (guint i = 0; i < G_N_ELEMENTS(candidates); i++)
    candidates[i] = (CtCrtCandidate){.lv_lead_segment = 12 - (int)(i % 3),
                                     .av_delay_ms = 100.0 + 20.0 * i,
                                     .vv_delay_ms = i == 0 ? 0.0 : 20.0,
                                     .gain_pct = 20.7 - i,
                                     .paced = 1};
  f->input.crt_candidates = candidates;
  f->input.n_crt_candidates = G_N_ELEMENTS(candidates);
  f->input.crt_lv_only = &lv_only;
  with = write_pdf(f, "with.pdf", CT_REPORT_PAPER_A4);
  f->input.crt_candidates = NULL;
  f->input.n_crt_candidates = 0;
  f->input.crt_lv_only = NULL;

  argv[0] = args[0], argv[1] = with, argv[2] = args[2], argv[3] = NULL;
  text = run_tool("CT_PDFTOTEXT", argv, &ran);
  if (!ran)
    return;
  g_assert_nonnull(strstr(text, "CRT optimizer ranking"));
  g_assert_nonnull(strstr(
      text,
      "1. Segment 12 (mid anterolateral): AV 100 ms, VV 0 ms (simultaneous), dP/dt max +20.7 %"));
  g_assert_nonnull(strstr(text, "5. Segment"));
  g_assert_null(strstr(text, "6. Segment"));
  g_assert_nonnull(strstr(text, "LV-only pacing from segment 12 (mid anterolateral): AV 120 ms, no "
                                "RV stimulus, dP/dt max +16.8 %"));
  argv[1] = without;
  plain = run_tool("CT_PDFTOTEXT", argv, &ran);
  g_assert_null(strstr(plain, "CRT optimizer ranking"));
}

/* The report written as @name, its text as one line (the lists wrap where the page ends); NULL
 * when pdftotext is not installed. */
static char *pdf_flowing_text(Fixture *f, const char *name)
{
  const char *args[3] = {NULL, "-", NULL};
  g_autofree char *pdf = write_pdf(f, name, CT_REPORT_PAPER_A4);
  g_autofree char *text = NULL;
  g_auto(GStrv) words = NULL;
  GString *flowing;
  gboolean ran;

  args[0] = pdf;
  text = run_tool("CT_PDFTOTEXT", args, &ran);
  if (!ran)
    return NULL;
  words = g_strsplit_set(text, " \n", -1);
  flowing = g_string_new(NULL);
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_string_append_printf(flowing, flowing->len > 0 ? " %s" : "%s", words[i]);
  return g_string_free(flowing, FALSE);
}

/* The plan's therapy is listed item by item, each in whole words: the drug by its library name
 * and dose in the unit clinicians write, the pacing mode and each of its settings and leads. */
static void test_pdf_therapy(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtDrugLibrary) drugs = ct_drug_library_new_default(&error);
  g_autofree char *biv = NULL, *lv_only = NULL;
  const char *biv_items =
      "Dobutamine 5 µg/kg/min; CRT pacing, lower rate 60 bpm; AV delay 120 ms; VV 20 ms, LV first; "
      "LV lead in AHA segment 6 (basal anterolateral); RV lead on the septum; baroreflex off";
  /* LV-only pacing has no offset to list: it says what it is instead. */
  const char *lv_only_items =
      "CRT pacing, lower rate 60 bpm; AV delay 120 ms; LV only, no RV stimulus; LV lead in AHA "
      "segment 6 (basal anterolateral); RV lead on the septum";

  g_assert_no_error(error);
  f->therapy.drugs[0] = *ct_drug_library_lookup(drugs, "dobutamine");
  f->therapy.doses[0] = 5.0;
  f->therapy.n_drugs = 1;
  f->therapy.pacing.rate_bpm = 60;
  f->therapy.pacing.vv_delay_ms = 20;
  f->therapy.pacing.rv_lead_site = CS_RV_LEAD_SEPTUM;
  f->therapy.baroreflex_enabled = 0;
  f->input.drugs = drugs;
  biv = pdf_flowing_text(f, "therapy.pdf");
  f->therapy.pacing.lv_only = 1;
  lv_only = pdf_flowing_text(f, "therapy-lv-only.pdf");
  f->input.drugs = NULL;
  if (biv == NULL)
    return;
  if (strstr(biv, biv_items) == NULL || strstr(lv_only, lv_only_items) == NULL)
    g_test_message("%s\n%s", biv, lv_only);
  g_assert_nonnull(strstr(biv, biv_items));
  g_assert_nonnull(strstr(lv_only, lv_only_items));
  g_assert_null(strstr(lv_only, "VV 20 ms"));
}

static void test_pdf_pages(Fixture *f, gconstpointer data)
{
  g_autofree char *pdf = write_pdf(f, "report.pdf", CT_REPORT_PAPER_A4);
  g_autofree char *prefix = g_build_filename(f->dir, "page", NULL);
  const char *args[] = {"-r", "30", "-png", pdf, prefix, NULL};
  g_autofree char *out = NULL;
  g_autofree char *page1 = g_build_filename(f->dir, "page-1.png", NULL);
  g_autofree char *page2 = g_build_filename(f->dir, "page-2.png", NULL);
  gboolean ran;

  out = run_tool("CT_PDFTOPPM", args, &ran);
  if (!ran)
    return;
  g_assert_true(g_file_test(page1, G_FILE_TEST_IS_REGULAR));
  g_assert_true(g_file_test(page2, G_FILE_TEST_IS_REGULAR));
}

static char *page_size(Fixture *f, const char *pdf, gboolean *ran)
{
  const char *args[] = {pdf, NULL};
  g_autofree char *info = run_tool("CT_PDFINFO", args, ran);
  g_auto(GStrv) lines = NULL;

  if (!*ran)
    return NULL;
  lines = g_strsplit(info, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix(lines[i], "Page size:"))
      return g_strdup(lines[i]);
  g_error("pdfinfo printed no page size:\n%s", info);
  return NULL;
}

static void test_paper(Fixture *f, gconstpointer data)
{
  g_autofree char *a4 = write_pdf(f, "a4.pdf", CT_REPORT_PAPER_A4);
  g_autofree char *letter = write_pdf(f, "letter.pdf", CT_REPORT_PAPER_LETTER);
  g_autofree char *a4_size = NULL, *letter_size = NULL;
  CtReportPaper paper;
  gboolean ran;

  g_assert_true(ct_report_paper_from_name("A4", &paper));
  g_assert_cmpint(paper, ==, CT_REPORT_PAPER_A4);
  g_assert_true(ct_report_paper_from_name("letter", &paper));
  g_assert_cmpint(paper, ==, CT_REPORT_PAPER_LETTER);
  g_assert_false(ct_report_paper_from_name("a5", &paper));
  g_assert_false(ct_report_paper_from_name(NULL, &paper));

  a4_size = page_size(f, a4, &ran);
  if (!ran)
    return;
  letter_size = page_size(f, letter, &ran);
  g_assert_cmpstr(a4_size, !=, letter_size);
  g_assert_nonnull(strstr(a4_size, "595.276 x 841.89"));
  g_assert_nonnull(strstr(letter_size, "612 x 792"));
}

static double parse_number(const char *text)
{
  char *end;
  double value = g_ascii_strtod(text, &end);

  g_assert_true(end != text && *end == '\0');
  return value;
}

static void test_csv(Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename(f->dir, "report.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  guint n_baseline = 0, n_plan = 0, l;

  g_assert_true(ct_report_write_csv(&f->input, path, &error));
  g_assert_no_error(error);
  g_file_get_contents(path, &text, NULL, &error);
  g_assert_no_error(error);
  lines = g_strsplit(text, "\n", -1);
  g_assert_cmpstr(lines[0], ==, "name,unit,baseline,plan,change");
  for (guint i = 0; i < cs_index_count(); i++) {
    g_auto(GStrv) cells = g_strsplit(lines[i + 1], ",", -1);
    double baseline = cs_indices_get(&f->input.baseline.indices, i);
    double plan = cs_indices_get(&f->input.plan.indices, i);

    g_assert_cmpuint(g_strv_length(cells), ==, 5);
    g_assert_cmpstr(cells[0], ==, cs_index_name(i));
    g_assert_cmpstr(cells[1], ==, cs_index_unit(i));
    /* 9 significant digits. */
    g_assert_cmpfloat_with_epsilon(parse_number(cells[2]), baseline, fabs(baseline) * 1e-8 + 1e-12);
    g_assert_cmpfloat_with_epsilon(parse_number(cells[3]), plan, fabs(plan) * 1e-8 + 1e-12);
    g_assert_cmpfloat_with_epsilon(parse_number(cells[4]), plan - baseline,
                                   fabs(plan - baseline) * 1e-8 + 1e-9);
  }
  l = (guint)cs_index_count() + 1;
  g_assert_cmpstr(lines[l], ==, "");
  header = g_strsplit(lines[l + 1], ",", -1);
  g_assert_cmpstr(header[0], ==, "series");
  g_assert_cmpstr(header[1], ==, "time_ms");
  g_assert_true(g_strv_contains((const char *const *)header, "lv_pressure_mmhg"));
  g_assert_true(g_strv_contains((const char *const *)header, "lv_volume_ml"));
  for (l += 2; lines[l] != NULL && lines[l][0] != '\0'; l++) {
    g_auto(GStrv) cells = g_strsplit(lines[l], ",", -1);
    gboolean plan = g_str_equal(cells[0], "plan");
    const CtPlotBeat *beat = plan ? &f->input.plan.beat : &f->input.baseline.beat;
    guint k = plan ? n_plan++ : n_baseline++;
    int lv = -1;

    g_assert_true(plan || g_str_equal(cells[0], "baseline"));
    g_assert_cmpuint(g_strv_length(cells), ==, g_strv_length(header));
    g_assert_cmpuint(k, <, beat->n_samples);
    g_assert_cmpfloat_with_epsilon(parse_number(cells[1]), beat->samples[k].time_s * 1000.0, 1e-4);
    for (guint c = 0; header[c] != NULL; c++)
      if (g_str_equal(header[c], "lv_pressure_mmhg"))
        lv = (int)c;
    g_assert_cmpfloat_with_epsilon(parse_number(cells[lv]), beat->samples[k].lv_pressure_mmhg,
                                   1e-5 * (1 + fabs(beat->samples[k].lv_pressure_mmhg)));
  }
  g_assert_null(lines[l + 1]); /* the file ends with its last sample's line */
  g_assert_cmpuint(n_baseline, ==, f->input.baseline.beat.n_samples);
  g_assert_cmpuint(n_plan, ==, f->input.plan.beat.n_samples);
}

/* Each writer at @path fails with a GError naming it and leaves @dir as it was. */
static void assert_both_fail(Fixture *f, const char *dir, const char *path, GFileError code)
{
  g_autofree char *before = list_dir(dir);

  for (int w = 0; w < 2; w++) {
    g_autoptr(GError) error = NULL;
    g_autofree char *after = NULL;
    gboolean ok = w == 0 ? ct_report_write_pdf(&f->input, path, CT_REPORT_PAPER_A4, &error)
                         : ct_report_write_csv(&f->input, path, &error);

    g_assert_false(ok);
    g_assert_error(error, G_FILE_ERROR, (gint)code);
    if (g_test_verbose())
      g_test_message("%s", error->message);
    g_assert_nonnull(strstr(error->message, path));
    after = list_dir(dir);
    /* No partial file and no temporary file. */
    g_assert_cmpstr(after, ==, before);
  }
}

static void test_bad_paths(Fixture *f, gconstpointer data)
{
  g_autofree char *missing_dir = g_build_filename(f->dir, "missing", NULL);
  g_autofree char *missing = g_build_filename(missing_dir, "r.pdf", NULL);
  g_autofree char *folder = g_build_filename(f->dir, "folder", NULL);
  g_autofree char *locked = g_build_filename(f->dir, "locked", NULL);
  g_autofree char *in_locked = g_build_filename(locked, "r.pdf", NULL);

  assert_both_fail(f, f->dir, missing, G_FILE_ERROR_NOENT);
  g_assert_false(g_file_test(missing_dir, G_FILE_TEST_EXISTS));

  g_assert_cmpint(g_mkdir(folder, 0755), ==, 0);
  assert_both_fail(f, f->dir, folder, G_FILE_ERROR_ISDIR);
  assert_both_fail(f, folder, folder, G_FILE_ERROR_ISDIR);
  g_assert_true(g_file_test(folder, G_FILE_TEST_IS_DIR));

  /* root writes into any folder: there is no permission to refuse it. */
  if (geteuid() == 0) {
    g_test_message("running as root: the no-permission case is not checked");
    return;
  }
  g_assert_cmpint(g_mkdir(locked, 0555), ==, 0);
  assert_both_fail(f, locked, in_locked, G_FILE_ERROR_ACCES);
  g_chmod(locked, 0755);
}

/* A write that fails half-way (a full disk: here the file size limit, which binds root too)
 * leaves an existing report as it was and no temporary file. */
static void test_full_disk_keeps_existing(Fixture *f, gconstpointer data)
{
  g_autofree char *pdf = g_build_filename(f->dir, "report.pdf", NULL);
  g_autofree char *csv = g_build_filename(f->dir, "report.csv", NULL);
  struct rlimit saved, limit;
  void (*old_handler)(int);

  g_file_set_contents(pdf, "the signed report", -1, NULL);
  g_file_set_contents(csv, "the earlier export", -1, NULL);
  g_assert_cmpint(getrlimit(RLIMIT_FSIZE, &saved), ==, 0);
  limit = saved;
  limit.rlim_cur = 4096; /* the PDF is tens of kB, the CSV too */
  old_handler = signal(SIGXFSZ, SIG_IGN);
  g_assert_cmpint(setrlimit(RLIMIT_FSIZE, &limit), ==, 0);
  /* EFBIG: the file-size limit, as a full disk would give ENOSPC. */
  assert_both_fail(f, f->dir, pdf, G_FILE_ERROR_FAILED);
  assert_both_fail(f, f->dir, csv, G_FILE_ERROR_FAILED);
  g_assert_cmpint(setrlimit(RLIMIT_FSIZE, &saved), ==, 0);
  signal(SIGXFSZ, old_handler);

  {
    g_autofree char *text = NULL;

    g_file_get_contents(pdf, &text, NULL, NULL);
    g_assert_cmpstr(text, ==, "the signed report");
    g_clear_pointer(&text, g_free);
    g_file_get_contents(csv, &text, NULL, NULL);
    g_assert_cmpstr(text, ==, "the earlier export");
  }
  /* And once the disk has room, the report replaces the file. */
  g_free(write_pdf(f, "report.pdf", CT_REPORT_PAPER_A4));
  {
    g_autofree char *text = NULL;

    g_file_get_contents(pdf, &text, NULL, NULL);
    g_assert_true(g_str_has_prefix(text, "%PDF-"));
  }
}

/* Every table of indices (this report, the app's) shows each index once, in the contract's order
 * but for the valves' (mitral regurgitation's, then the stenoses' gradients), beside the LV's
 * volumes after the ejection fraction. */
static void test_index_order(void)
{
  gboolean seen[sizeof(CsIndices) / sizeof(double)] = {FALSE};
  guint ejection_fraction = G_N_ELEMENTS(seen);
  int last = -1;

  g_assert_cmpuint(G_N_ELEMENTS(seen), ==, cs_index_count());
  for (guint position = 0; position < cs_index_count(); position++) {
    guint i = ct_index_shown_at(position);

    g_assert_cmpuint(i, <, cs_index_count());
    g_assert_false(seen[i]);
    seen[i] = TRUE;
    if (g_str_equal(cs_index_name(i), "lvef_pct"))
      ejection_fraction = position;
    if (g_str_has_prefix(cs_index_name(i), "mitral_") ||
        g_str_has_prefix(cs_index_name(i), "aortic_")) {
      /* Mitral regurgitation's volume, fraction and orifice, the aortic and mitral mean
       * gradients, in that order. */
      g_assert_cmpuint(position, ==, ejection_fraction + 1 + (i - (cs_index_count() - 5)));
      continue;
    }
    g_assert_cmpint((int)i, >, last); /* the others in the contract's order */
    last = (int)i;
  }
}

int main(int argc, char **argv)
{
  int status;

  g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD("/report/pdf/text", test_pdf_text);
  ADD("/report/pdf/pages", test_pdf_pages);
  ADD("/report/pdf/paper", test_paper);
  ADD("/report/pdf/crt-ranking", test_pdf_crt_ranking);
  ADD("/report/pdf/fitted-leak", test_pdf_fitted_leak);
  ADD("/report/pdf/valves", test_pdf_valves);
  ADD("/report/pdf/outside-human-range", test_pdf_outside_human_range);
  g_test_add_func("/report/measurement-words", test_measurement_words);
  g_test_add_func("/report/index-words", test_index_words);
  ADD("/report/pdf/therapy", test_pdf_therapy);
  ADD("/report/csv", test_csv);
  ADD("/report/bad-paths", test_bad_paths);
  ADD("/report/full-disk-keeps-existing", test_full_disk_keeps_existing);
#undef ADD
  g_test_add_func("/report/index-order", test_index_order);
  status = g_test_run();
  /* Pango, cairo and fontconfig keep process-wide caches (as in test-plots.c). */
  pango_cairo_font_map_set_default(NULL);
  cairo_debug_reset_static_data();
  FcFini();
  return status;
}

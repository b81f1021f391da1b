/* ct-sim-main.c — cardiotwin-sim, the headless front end to twin + engine.
 *
 * The command line is a contract (DESIGN.md, "Contract: cardiotwin-sim"):
 *
 *   cardiotwin-sim --list-demos
 *   cardiotwin-sim (--demo NAME | --twin FILE) [--scenario FILE] [--json] [--waveforms FILE.csv]
 *   cardiotwin-sim (--demo NAME | --twin FILE) [--scenario FILE] --optimize-crt [--json]
 *   cardiotwin-sim --fit MEASUREMENTS.json --save-twin TWIN.json [--json]
 *   cardiotwin-sim (--demo NAME | --twin FILE) --scenario FILE [--report OUT.pdf
 *                  [--paper a4|letter]] [--csv OUT.csv]
 *
 * Exit status 0 on success; 2 on bad input (options, twin, scenario, output path) with exactly one
 * line on stderr; 1 with one line when the engine fails or does not reach a steady state. Nothing
 * is printed on stdout unless the whole run succeeded.
 *
 * Verbs: each is a CtSimVerb in the verbs[] table, chosen by its own option; without one, the
 * program runs the twin to steady state. A new verb adds its options and an entry in the table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "cardiosim.h"
#include "ct-crt-optimizer.h"
#include "ct-fit.h"
#include "ct-drug-library.h"
#include "ct-engine-words.h"
#include "ct-i18n.h"
#include "ct-index-format.h"
#include "ct-json.h"
#include "ct-report.h"
#include "ct-scenario.h"
#include "ct-twin-error.h"
#include "ct-twin.h"

#define PROGRAM "cardiotwin-sim"

typedef enum {
  EXIT_OK = 0,
  EXIT_ENGINE = 1,    /* the engine failed or did not converge */
  EXIT_BAD_INPUT = 2, /* options, twin, scenario or output path */
} ExitStatus;

typedef struct {
  gboolean list_demos;
  char *demo;
  char *twin;
  char *scenario;
  gboolean json;
  char *waveforms;
  gboolean optimize_crt;
  char *fit;
  char *save_twin;
  char *report;
  char *paper;
  char *csv;
} Options;

typedef struct {
  const char *option; /* the option that selects the verb, for messages */
  gboolean (*selected)(const Options *options);
  ExitStatus (*run)(const Options *options);
} Verb;

/* ------------------------------------------------------------------ messages */

/* Every message for people leaves through here: one line on stderr, prefixed with the program's
 * name (a line break inside a message, which no message should hold, becomes a space). */
G_GNUC_PRINTF(2, 3)
static ExitStatus fail(ExitStatus status, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;
  char *p;

  va_start(args, format);
  message = g_strdup_vprintf(format, args);
  va_end(args);
  for (p = message; *p != '\0'; p++)
    if (*p == '\n' || *p == '\r')
      *p = ' ';
  g_printerr("%s: %s\n", PROGRAM, message);
  return status;
}

/* ------------------------------------------------------------------ output paths */

/* Every file the program writes is written to a temporary file beside it and renamed into place
 * (g_file_set_contents), which replaces whatever the name held: a device, a pipe or a symbolic
 * link became a plain file, and an output named like an input overwrote the patient's twin or
 * scenario. So each output path is checked before anything runs (and before a fit's second of
 * work): it must name a file, new or plain, in an existing folder, none of the inputs and no other
 * output; a symbolic link is followed, so that the file it points to is written. */
static gboolean check_output_path(const char *option, char **path, GError **error)
{
  g_autofree char *shown = g_filename_display_name(*path);
  g_autofree char *folder = NULL;
  GStatBuf info;

  if ((*path)[0] == '\0') {
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("%s needs a file name"), option);
    return FALSE;
  }
  if (g_lstat(*path, &info) == 0 && S_ISLNK(info.st_mode)) {
    char *target = realpath(*path, NULL);

    if (target != NULL) {
      g_free(*path);
      *path = g_strdup(target);
      free(target);
    } else {
      /* A link to a file not yet written: the file it names, beside the link if relative. */
      g_autofree char *link = g_file_read_link(*path, NULL);

      if (link == NULL) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                    _("%s: %s is a link that cannot be followed; give a file name"), option, shown);
        return FALSE;
      }
      if (!g_path_is_absolute(link)) {
        g_autofree char *beside = g_path_get_dirname(*path);
        char *joined = g_build_filename(beside, link, NULL);

        g_free(link);
        link = joined;
      }
      g_free(*path);
      *path = g_steal_pointer(&link);
    }
  }
  if (g_stat(*path, &info) == 0) {
    if (S_ISDIR(info.st_mode)) {
      g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_ISDIR, _("%s: %s is a folder, not a file"),
                  option, shown);
      return FALSE;
    }
    if (!S_ISREG(info.st_mode)) {
      g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                  _("%s: %s is not a plain file (a device, pipe or socket); give a file name"),
                  option, shown);
      return FALSE;
    }
  } else if (g_str_has_suffix(*path, G_DIR_SEPARATOR_S)) {
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_ISDIR, _("%s: %s names a folder, not a file"),
                option, shown);
    return FALSE;
  }
  folder = g_path_get_dirname(*path);
  if (!g_file_test(folder, G_FILE_TEST_IS_DIR)) {
    g_autofree char *folder_shown = g_filename_display_name(folder);

    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT, _("%s: there is no folder %s"), option,
                folder_shown);
    return FALSE;
  }
  return TRUE;
}

/* Whether @a and @b name one file: the same existing file (by device and inode, so through links
 * and other spellings), or the same name in the same folder for files not yet written. */
static gboolean same_file(const char *a, const char *b)
{
  GStatBuf info_a, info_b;
  g_autofree char *folder_a = NULL, *folder_b = NULL, *base_a = NULL, *base_b = NULL;

  if (g_stat(a, &info_a) == 0 && g_stat(b, &info_b) == 0)
    return info_a.st_dev == info_b.st_dev && info_a.st_ino == info_b.st_ino;
  folder_a = g_path_get_dirname(a);
  folder_b = g_path_get_dirname(b);
  base_a = g_path_get_basename(a);
  base_b = g_path_get_basename(b);
  return strcmp(base_a, base_b) == 0 && g_stat(folder_a, &info_a) == 0 &&
         g_stat(folder_b, &info_b) == 0 && info_a.st_dev == info_b.st_dev &&
         info_a.st_ino == info_b.st_ino;
}

static gboolean check_outputs(Options *options, GError **error)
{
  const struct {
    const char *option;
    char **path;
  } outputs[] = {
      {"--waveforms", &options->waveforms},
      {"--save-twin", &options->save_twin},
      {"--report", &options->report},
      {"--csv", &options->csv},
  };
  const struct {
    const char *option;
    const char *path;
  } inputs[] = {
      {"--twin", options->twin},
      {"--scenario", options->scenario},
      {"--fit", options->fit},
  };

  for (guint o = 0; o < G_N_ELEMENTS(outputs); o++) {
    if (*outputs[o].path == NULL)
      continue;
    if (!check_output_path(outputs[o].option, outputs[o].path, error))
      return FALSE;
    for (guint i = 0; i < G_N_ELEMENTS(inputs); i++)
      if (inputs[i].path != NULL && same_file(*outputs[o].path, inputs[i].path)) {
        g_autofree char *shown = g_filename_display_name(inputs[i].path);

        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
                    _("%s would overwrite %s, the file given with %s; give another file name"),
                    outputs[o].option, shown, inputs[i].option);
        return FALSE;
      }
    for (guint earlier = 0; earlier < o; earlier++)
      if (*outputs[earlier].path != NULL && same_file(*outputs[o].path, *outputs[earlier].path)) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
                    _("%s and %s name the same file; give each its own"), outputs[earlier].option,
                    outputs[o].option);
        return FALSE;
      }
  }
  return TRUE;
}

/* ------------------------------------------------------------------ repeated options */

/* GOption keeps the last of an option given twice, so `--demo normal --demo hfref-lbbb` simulated
 * the second twin without a word. An option given twice is refused instead: the arguments are
 * scanned as GOption reads them (a value follows its option, or is joined to it by "=", and "--"
 * ends the options). Returns the first option repeated, or NULL. */
static const char *repeated_option(const GOptionEntry *entries, int argc, char **argv)
{
  guint n_entries = 0;
  g_autofree guint *seen = NULL;

  while (entries[n_entries].long_name != NULL)
    n_entries++;
  seen = g_new0(guint, n_entries);
  for (int a = 1; a < argc; a++) {
    const char *arg = argv[a];

    if (strcmp(arg, "--") == 0)
      break;
    if (!g_str_has_prefix(arg, "--"))
      continue;
    for (guint e = 0; e < n_entries; e++) {
      size_t length = strlen(entries[e].long_name);

      if (strncmp(arg + 2, entries[e].long_name, length) != 0 ||
          (arg[2 + length] != '\0' && arg[2 + length] != '='))
        continue;
      if (++seen[e] > 1)
        return entries[e].long_name;
      if (entries[e].arg != G_OPTION_ARG_NONE && arg[2 + length] == '\0')
        a++; /* its value */
      break;
    }
  }
  return NULL;
}

/* ------------------------------------------------------------------ --list-demos */

static gboolean selected_list_demos(const Options *options)
{
  return options->list_demos;
}

static ExitStatus verb_list_demos(const Options *options)
{
  g_auto(GStrv) demos = NULL;
  guint i;

  if (options->demo != NULL || options->twin != NULL || options->scenario != NULL ||
      options->json || options->waveforms != NULL || options->optimize_crt ||
      options->fit != NULL || options->save_twin != NULL)
    return fail(EXIT_BAD_INPUT, _("--list-demos takes no other option"));
  demos = ct_twin_list_demos();
  for (i = 0; demos[i] != NULL; i++)
    g_print("%s\n", demos[i]);
  return EXIT_OK;
}

/* ------------------------------------------------------------------ the run */

/* The columns of --waveforms: CsSample's fields, in its order. */
static const struct {
  const char *name;
  gsize offset;
} sample_columns[] = {
#define COLUMN(field)                                                                              \
  {                                                                                                \
#field, G_STRUCT_OFFSET(CsSample, field)                                                       \
  }
    COLUMN(time_s),
    COLUMN(lv_pressure_mmhg),
    COLUMN(la_pressure_mmhg),
    COLUMN(aortic_pressure_mmhg),
    COLUMN(rv_pressure_mmhg),
    COLUMN(ra_pressure_mmhg),
    COLUMN(pulmonary_artery_pressure_mmhg),
    COLUMN(lv_volume_ml),
    COLUMN(la_volume_ml),
    COLUMN(rv_volume_ml),
    COLUMN(ra_volume_ml),
    COLUMN(mitral_flow_ml_s),
    COLUMN(aortic_flow_ml_s),
    COLUMN(tricuspid_flow_ml_s),
    COLUMN(pulmonary_flow_ml_s),
    COLUMN(lvad_flow_ml_s),
#undef COLUMN
};

G_STATIC_ASSERT(G_N_ELEMENTS(sample_columns) * sizeof(double) == sizeof(CsSample));

/* The last beat as CSV, written to a temporary file and renamed into place
 * (g_file_set_contents), so that a failure leaves no partial file. */
static gboolean write_waveforms(const CsModel *model, const char *path, GError **error)
{
  g_autoptr(GString) csv = g_string_new(NULL);
  g_autofree CsSample *samples = NULL;
  size_t n = cs_model_waveform(model, NULL, 0);
  size_t i;
  guint c;

  /* The path was checked before the run (check_outputs). */
  samples = g_new(CsSample, MAX(n, 1));
  n = MIN(n, cs_model_waveform(model, samples, n));
  for (c = 0; c < G_N_ELEMENTS(sample_columns); c++)
    g_string_append_printf(csv, "%s%s", c > 0 ? "," : "", sample_columns[c].name);
  g_string_append_c(csv, '\n');
  for (i = 0; i < n; i++) {
    for (c = 0; c < G_N_ELEMENTS(sample_columns); c++) {
      char number[G_ASCII_DTOSTR_BUF_SIZE];
      double value = G_STRUCT_MEMBER(double, &samples[i], sample_columns[c].offset);

      /* 9 significant digits: well below any clinical resolution, and locale-independent. */
      g_string_append_printf(csv, "%s%s", c > 0 ? "," : "",
                             g_ascii_formatd(number, sizeof number, "%.9g", value));
    }
    g_string_append_c(csv, '\n');
  }
  return g_file_set_contents(path, csv->str, (gssize)csv->len, error);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(CsModel, cs_model_free)

/* What every simulating verb starts from: the twin, and the therapy of the scenario if any. */
typedef struct {
  CtTwin *twin;
  CtScenario *scenario; /* NULL without --scenario */
  CtDrugLibrary *drugs; /* the scenario's library; NULL without --scenario */
  CsTherapy therapy;
} Inputs;

static void inputs_clear(Inputs *inputs)
{
  g_clear_object(&inputs->twin);
  g_clear_object(&inputs->scenario);
  g_clear_object(&inputs->drugs);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Inputs, inputs_clear)

static ExitStatus load_inputs(const Options *options, Inputs *inputs)
{
  g_autoptr(GError) error = NULL;

  if (options->demo != NULL && options->twin != NULL)
    return fail(EXIT_BAD_INPUT, _("give either --demo or --twin, not both"));
  if (options->demo == NULL && options->twin == NULL)
    return fail(EXIT_BAD_INPUT, _("give a twin: --demo NAME (see --list-demos) or --twin FILE"));

  inputs->twin = options->demo != NULL ? ct_twin_new_from_demo(options->demo, &error)
                                       : ct_twin_new_from_file(options->twin, &error);
  if (inputs->twin == NULL)
    return fail(EXIT_BAD_INPUT, "%s", error->message);

  cs_therapy_default(&inputs->therapy);
  if (options->scenario != NULL) {
    inputs->drugs = ct_drug_library_new_default(&error);
    /* The built-in library is part of the program: its failure is not the user's input. */
    if (inputs->drugs == NULL)
      return fail(EXIT_ENGINE, "%s", error->message);
    inputs->scenario = ct_scenario_new_from_file(options->scenario, inputs->drugs, &error);
    if (inputs->scenario == NULL)
      return fail(EXIT_BAD_INPUT, "%s", error->message);
    ct_scenario_get_therapy(inputs->scenario, &inputs->therapy);
  }
  return EXIT_OK;
}

/* A model of the inputs at periodic steady state, or NULL (and the message printed) with the exit
 * status in *status. */
static CsModel *run_to_steady_state(const Inputs *inputs, CsSteadyStateResult *result,
                                    ExitStatus *status)
{
  g_autoptr(CsModel) model = NULL;
  CsSteadyStateOptions options;
  CsError engine_error = {{0}};
  const CsIndices *indices;
  CsStatus run_status;
  size_t i;

  model = cs_model_new(ct_twin_get_params(inputs->twin), &inputs->therapy, &engine_error);
  if (model == NULL) {
    g_autofree char *why = ct_engine_error_describe(&engine_error, NULL);

    *status = fail(EXIT_BAD_INPUT, _("the engine refused the twin: %s"), why);
    return NULL;
  }
  cs_steady_state_options_default(&options);
  run_status = cs_model_run_to_steady_state(model, &options, result, &engine_error);
  if (run_status == CS_OK && !result->converged) {
    /* Not an engine answer (it reports CS_ERROR_NOT_CONVERGED), said alike all the same. */
    engine_error.failure = CS_FAILURE_NOT_CONVERGED;
    engine_error.values[0] = options.max_beats;
    run_status = CS_ERROR_NOT_CONVERGED;
  }
  if (run_status != CS_OK) {
    g_autofree char *why = ct_engine_error_describe(&engine_error, result);

    /* A therapy the engine cannot run (an AV delay that does not fit the
     * cycle) is bad input; anything else is the engine's. */
    if (run_status == CS_ERROR_NOT_CONVERGED)
      *status = fail(EXIT_ENGINE, "%s", why);
    else if (run_status == CS_ERROR_INVALID_PARAMETER)
      *status = fail(EXIT_BAD_INPUT, _("this twin cannot run with these settings: %s"), why);
    else
      *status = fail(EXIT_ENGINE, _("the simulation failed: %s"), why);
    return NULL;
  }
  indices = cs_model_indices(model);
  for (i = 0; i < cs_index_count(); i++)
    if (!isfinite(cs_indices_get(indices, i))) {
      *status =
          fail(EXIT_ENGINE, _("the simulation gave no finite value for %s"), cs_index_name(i));
      return NULL;
    }
  *status = EXIT_OK;
  return g_steal_pointer(&model);
}

/* The engine can be driven by settings each within its range to a state beyond the values
 * reported in patients (cs_index_human_range): its numbers there are printed, as asked, with one
 * line on stderr that names every index beyond and its range, so that a script reading stdout
 * alone still leaves a trace (a run, a fit, each run of a report). */
static void warn_outside_human_range(const CsIndices *indices)
{
  g_autoptr(GString) list = g_string_new(NULL);

  for (size_t i = 0; i < cs_index_count(); i++) {
    double value = cs_indices_get(indices, i);
    g_autofree char *range = NULL, *shown = NULL;

    if (!cs_index_outside_human_range(i, value))
      continue;
    range = ct_index_format_human_range((guint)i, FALSE);
    shown = ct_index_format_value((guint)i, value, FALSE);
    if (list->len > 0)
      g_string_append(list, C_("list separator", "; "));
    /* The contract's name, the value as the table shows it, its range: "map_mmhg 9 mmHg (30 to
     * 220 mmHg)". */
    g_string_append_printf(list, "%s %s %s (%s)", cs_index_name(i), shown,
                           ct_index_unit_label((guint)i, FALSE), range);
  }
  if (list->len > 0)
    (void)fail(EXIT_OK,
               _("warning: beyond values reported in patients, where there is no patient data "
                 "to check the model against: %s"),
               list->str);
}

static void print_table(const Inputs *inputs, const CsSteadyStateResult *result,
                        const CsIndices *indices, const CsCycle *cycle)
{
  g_autofree char *cycle_text = ct_cycle_describe(cycle, indices->hr_bpm);
  size_t width = 0;
  size_t i;
  gboolean any_outside = FALSE;

  for (i = 0; i < cs_index_count(); i++)
    width = MAX(width, strlen(cs_index_name(i)));

  g_print(_("Twin:         %s (%s)\n"), ct_twin_get_id(inputs->twin),
          ct_twin_get_pseudonym(inputs->twin));
  if (inputs->scenario != NULL)
    g_print(_("Scenario:     %s\n"), ct_scenario_get_name(inputs->scenario) != NULL
                                         ? ct_scenario_get_name(inputs->scenario)
                                         : _("(unnamed)"));
  g_print(_("Steady state: reached after %d beats\n"), result->beats);
  /* The indices of a cycle are its beats' together (cardiosim.h): say so, since a mean hides
   * alternating beats (pulsus alternans), paced beats among sensed ones and a slow swing of the
   * reflex, in the words the app uses beside its plots. */
  if (cycle_text != NULL)
    /* TRANSLATORS: %s is a description of a cycle of beats ("paced and sensed beats take turns
     * in a cycle of 5 beats; the figures are the cycle's means"). */
    g_print(_("Cycle:        %s\n"), cycle_text);
  g_print("\n");
  for (i = 0; i < cs_index_count(); i++) {
    double value = cs_indices_get(indices, i);
    gboolean outside = cs_index_outside_human_range(i, value);
    g_autofree char *range = outside ? ct_index_format_human_range((guint)i, FALSE) : NULL;

    /* A value that rounds to nothing is printed 0.00, not -0.00. */
    g_print("%-*s %12.2f %s", (int)width, cs_index_name(i), fabs(value) < 0.005 ? 0.0 : value,
            cs_index_unit(i));
    if (outside) {
      g_print("   ! ");
      /* TRANSLATORS: after an index's value in the table and a "!"; %s is the range of values
       * reported in patients, e.g. "30 to 220 mmHg". */
      g_print(_("reported in patients: %s"), range);
    }
    g_print("\n");
    any_outside = any_outside || outside;
  }
  if (any_outside)
    g_print(_("\nWarning: the indices marked ! lie beyond values reported in patients: there is "
              "no patient data to check the model against there, so read them as its limits, not "
              "as a prediction.\n"));
}

/* The members of a run's JSON object (DESIGN.md): twin, scenario, steady_state, indices. Other
 * verbs add theirs beside them. */
static void add_run_members(JsonBuilder *builder, const Inputs *inputs,
                            const CsSteadyStateResult *result, const CsIndices *indices)
{
  size_t i;

  json_builder_set_member_name(builder, "twin");
  json_builder_begin_object(builder);
  json_builder_set_member_name(builder, "id");
  json_builder_add_string_value(builder, ct_twin_get_id(inputs->twin));
  json_builder_set_member_name(builder, "pseudonym");
  json_builder_add_string_value(builder, ct_twin_get_pseudonym(inputs->twin));
  json_builder_end_object(builder);

  json_builder_set_member_name(builder, "scenario");
  if (inputs->scenario != NULL) {
    json_builder_begin_object(builder);
    json_builder_set_member_name(builder, "name");
    if (ct_scenario_get_name(inputs->scenario) != NULL)
      json_builder_add_string_value(builder, ct_scenario_get_name(inputs->scenario));
    else
      json_builder_add_null_value(builder);
    json_builder_end_object(builder);
  } else
    json_builder_add_null_value(builder);

  json_builder_set_member_name(builder, "steady_state");
  json_builder_begin_object(builder);
  json_builder_set_member_name(builder, "beats");
  json_builder_add_int_value(builder, result->beats);
  json_builder_set_member_name(builder, "converged");
  json_builder_add_boolean_value(builder, result->converged != 0);
  /* Beyond the contract's members: how many beats one cycle of the steady state holds (1, or more
   * when paced and sensed beats take turns or beats alternate: the indices then describe the
   * whole cycle). */
  json_builder_set_member_name(builder, "period_beats");
  json_builder_add_int_value(builder, result->period_beats);
  json_builder_end_object(builder);

  json_builder_set_member_name(builder, "indices");
  json_builder_begin_object(builder);
  for (i = 0; i < cs_index_count(); i++) {
    json_builder_set_member_name(builder, cs_index_name(i));
    json_builder_add_double_value(builder, cs_indices_get(indices, i));
  }
  json_builder_end_object(builder);

  /* Beyond the contract's members: the indices beyond the values reported in patients
   * (cs_index_human_range), each with its range (null for a side without a bound); empty in a
   * state reported in patients. */
  json_builder_set_member_name(builder, "outside_human_range");
  json_builder_begin_array(builder);
  for (i = 0; i < cs_index_count(); i++) {
    double lo, hi;

    if (!cs_index_outside_human_range(i, cs_indices_get(indices, i)))
      continue;
    cs_index_human_range(i, &lo, &hi);
    json_builder_begin_object(builder);
    json_builder_set_member_name(builder, "index");
    json_builder_add_string_value(builder, cs_index_name(i));
    json_builder_set_member_name(builder, "value");
    json_builder_add_double_value(builder, cs_indices_get(indices, i));
    json_builder_set_member_name(builder, "min");
    if (isinf(lo))
      json_builder_add_null_value(builder);
    else
      json_builder_add_double_value(builder, lo);
    json_builder_set_member_name(builder, "max");
    if (isinf(hi))
      json_builder_add_null_value(builder);
    else
      json_builder_add_double_value(builder, hi);
    json_builder_end_object(builder);
  }
  json_builder_end_array(builder);
}

/* The builder's root, pretty, on stdout. JSON is UTF-8 whatever the locale: it is written as it
 * is, not converted as g_print() would. */
static void print_json(JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root(builder);
  g_autofree char *text = ct_json_to_text(root, TRUE);

  fputs(text, stdout);
  fputc('\n', stdout);
}

static gboolean selected_run(const Options *options)
{
  return options->demo != NULL || options->twin != NULL;
}

static ExitStatus verb_run(const Options *options)
{
  g_auto(Inputs) inputs = {0};
  g_autoptr(CsModel) model = NULL;
  g_autoptr(GError) error = NULL;
  CsSteadyStateResult result = {0};
  ExitStatus status;

  status = load_inputs(options, &inputs);
  if (status != EXIT_OK)
    return status;
  model = run_to_steady_state(&inputs, &result, &status);
  if (model == NULL)
    return status;

  /* The waveforms first: if they cannot be written, nothing is printed. */
  if (options->waveforms != NULL && !write_waveforms(model, options->waveforms, &error))
    return fail(EXIT_BAD_INPUT, _("cannot write the waveforms: %s"), error->message);
  warn_outside_human_range(cs_model_indices(model));

  if (options->json) {
    g_autoptr(JsonBuilder) builder = json_builder_new();

    json_builder_begin_object(builder);
    add_run_members(builder, &inputs, &result, cs_model_indices(model));
    /* Suction: the LV emptied onto the LVAD's inflow cannula during the beat. */
    json_builder_set_member_name(builder, "lvad_suction");
    json_builder_add_boolean_value(builder, cs_model_lvad_suction(model) != 0);
    json_builder_end_object(builder);
    print_json(builder);
  } else {
    {
      CsCycle cycle;

      cs_model_cycle(model, &cycle);
      print_table(&inputs, &result, cs_model_indices(model), &cycle);
    }
    if (cs_model_lvad_suction(model))
      g_print(_("\nWarning: LVAD suction: the left ventricle empties onto the inflow cannula; "
                "lower the pump speed.\n"));
  }
  return EXIT_OK;
}

/* ------------------------------------------------------------------ --fit */

static gboolean selected_fit(const Options *options)
{
  return options->fit != NULL;
}

/* The twin's id from the file it is saved to: its name without ".json", reduced to the
 * characters an id may hold (docs/twin-format.md). */
static char *twin_id_for_path(const char *path)
{
  g_autofree char *base = g_path_get_basename(path);
  GString *id = g_string_new(NULL);

  if (g_str_has_suffix(base, ".json"))
    base[strlen(base) - strlen(".json")] = '\0';
  for (const char *p = base; *p != '\0' && id->len < 64; p++) {
    gboolean allowed = g_ascii_isalnum(*p) || *p == '-' || *p == '_' || *p == '.';

    if (id->len == 0 && !g_ascii_isalnum(*p))
      continue;
    g_string_append_c(id, allowed ? *p : '-');
  }
  if (id->len == 0)
    g_string_append(id, "fitted-twin");
  return g_string_free(id, FALSE);
}

static ExitStatus verb_fit(const Options *options)
{
  g_autoptr(CtMeasurements) measurements = NULL;
  g_autoptr(CtFit) fit = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsModel) model = NULL;
  g_autofree char *id = NULL;
  g_auto(Inputs) inputs = {0};
  CsSteadyStateResult result = {0};
  ExitStatus status;

  if (options->demo != NULL || options->twin != NULL || options->scenario != NULL ||
      options->waveforms != NULL)
    return fail(EXIT_BAD_INPUT,
                _("--fit makes a twin from measurements; it takes no --demo, --twin, --scenario "
                  "or --waveforms"));
  if (options->save_twin == NULL)
    return fail(EXIT_BAD_INPUT,
                _("--fit needs --save-twin FILE, where the fitted twin is written"));

  measurements = ct_measurements_new_from_file(options->fit, &error);
  if (measurements == NULL)
    return fail(EXIT_BAD_INPUT, "%s", error->message);

  id = twin_id_for_path(options->save_twin);
  fit = ct_fit_new(measurements, id);
  /* Measurements the model cannot represent are the user's input; a fit that fails is not. */
  if (!ct_fit_run(fit, NULL, &error))
    return fail(g_error_matches(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID) ? EXIT_BAD_INPUT
                                                                             : EXIT_ENGINE,
                "%s", error->message);
  if (!ct_twin_save_to_file(ct_fit_get_twin(fit), options->save_twin, &error))
    return fail(EXIT_BAD_INPUT, _("cannot write the twin: %s"), error->message);

  /* What a user of the saved twin gets: the twin run as --twin runs it. */
  inputs.twin = g_object_ref(ct_fit_get_twin(fit));
  cs_therapy_default(&inputs.therapy);
  model = run_to_steady_state(&inputs, &result, &status);
  if (model == NULL)
    return status;
  warn_outside_human_range(cs_model_indices(model));

  if (options->json) {
    g_autoptr(JsonBuilder) builder = json_builder_new();

    json_builder_begin_object(builder);
    add_run_members(builder, &inputs, &result, cs_model_indices(model));
    json_builder_set_member_name(builder, "fit");
    json_builder_begin_object(builder);
    json_builder_set_member_name(builder, "residuals");
    json_builder_begin_object(builder);
    for (guint i = 0; i < ct_fit_get_n_residuals(fit); i++) {
      const CtFitResidual *r = ct_fit_get_residual(fit, i);

      json_builder_set_member_name(builder, r->name);
      json_builder_add_double_value(builder, r->measured - r->simulated);
    }
    json_builder_end_object(builder);
    json_builder_set_member_name(builder, "seconds");
    json_builder_add_double_value(builder, ct_fit_get_seconds(fit));
    json_builder_end_object(builder);
    json_builder_end_object(builder);
    print_json(builder);
  } else {
    {
      CsCycle cycle;

      cs_model_cycle(model, &cycle);
      print_table(&inputs, &result, cs_model_indices(model), &cycle);
    }
    g_print(_("\nFitted in %.2f s to:\n"), ct_fit_get_seconds(fit));
    for (guint i = 0; i < ct_fit_get_n_residuals(fit); i++) {
      const CtFitResidual *r = ct_fit_get_residual(fit, i);

      /* TRANSLATORS: one line per measurement: name, measured value, simulated value, and the
       * tolerance the fit had to meet. */
      g_print(_("  %-16s measured %9.2f  simulated %9.2f  (±%.2g)\n"), r->name, r->measured,
              r->simulated, r->tolerance);
    }
    g_print(_("Twin written to %s\n"), options->save_twin);
  }
  return EXIT_OK;
}

/* ------------------------------------------------------------------ --optimize-crt */

static gboolean selected_optimize_crt(const Options *options)
{
  return options->optimize_crt;
}

/* Appends text right-aligned in a cell of width terminal columns: the columns the text takes, not
 * its bytes, so that accented letters and the double-width characters of Japanese keep the table
 * aligned. */
static void append_cell(GString *line, const char *text, int width)
{
  const char *p;
  int columns = 0;

  for (p = text; *p != '\0'; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    columns += g_unichar_iszerowidth(c) ? 0 : g_unichar_iswide(c) ? 2 : 1;
  }
  for (; columns < width; columns++)
    g_string_append_c(line, ' ');
  g_string_append(line, text);
}

/* How many candidates the table shows; --json gives them all. */
#define CRT_TABLE_ROWS 15

/* One setting of the CRT search as the contract's `crt` entries give it; an LV-only one without
 * the VV offset it has none of. */
static void add_crt_candidate(JsonBuilder *builder, const CtCrtCandidate *c)
{
  json_builder_begin_object(builder);
  json_builder_set_member_name(builder, "lv_lead_segment");
  json_builder_add_int_value(builder, c->lv_lead_segment);
  json_builder_set_member_name(builder, "av_delay_ms");
  json_builder_add_double_value(builder, c->av_delay_ms);
  if (!c->lv_only) {
    json_builder_set_member_name(builder, "vv_delay_ms");
    json_builder_add_double_value(builder, c->vv_delay_ms);
  }
  json_builder_set_member_name(builder, "dpdt_max_mmhg_s");
  json_builder_add_double_value(builder, c->dpdt_max_mmhg_s);
  json_builder_set_member_name(builder, "sv_ml");
  json_builder_add_double_value(builder, c->sv_ml);
  json_builder_set_member_name(builder, "lv_activation_ms");
  json_builder_add_double_value(builder, c->lv_activation_ms);
  json_builder_set_member_name(builder, "gain_pct");
  json_builder_add_double_value(builder, c->gain_pct);
  json_builder_end_object(builder);
}

static ExitStatus verb_optimize_crt(const Options *options)
{
  g_auto(Inputs) inputs = {0};
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ranked = NULL;
  CtCrtSearch search;
  CsIndices baseline;
  guint not_paced = 0, not_simulated = 0;
  CtCrtCandidate lv_only;
  gboolean lv_only_found = FALSE;
  guint lv_only_not_paced = 0, lv_only_not_simulated = 0;
  int excluded[CS_AHA_SEGMENTS + 1];
  ExitStatus status;
  guint i;

  if (options->waveforms != NULL)
    return fail(EXIT_BAD_INPUT, _("--optimize-crt and --waveforms cannot be combined"));
  status = load_inputs(options, &inputs);
  if (status != EXIT_OK)
    return status;

  ct_crt_search_default(&search);
  ranked = ct_crt_optimize(ct_twin_get_params(inputs.twin), &inputs.therapy, &search, &baseline,
                           &not_paced, &not_simulated, NULL, NULL, NULL, &error);
  if (ranked == NULL)
    /* TRANSLATORS: %s says why, e.g. "every LV segment is in transmural scar: …". */
    return fail(g_error_matches(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID) ? EXIT_BAD_INPUT
                                                                             : EXIT_ENGINE,
                _("the CRT search failed: %s"), error->message);
  ct_crt_excluded_segments(ct_twin_get_params(inputs.twin), &search, excluded);
  /* LV-only pacing from the best segment, beside the biventricular ranking: the choice a CRT
   * device offers (ct_crt_lv_only_best). */
  if (ranked->len > 0 &&
      !ct_crt_lv_only_best(ct_twin_get_params(inputs.twin), &inputs.therapy, &search,
                           g_array_index(ranked, CtCrtCandidate, 0).lv_lead_segment, &baseline,
                           &lv_only, &lv_only_found, &lv_only_not_paced, &lv_only_not_simulated,
                           NULL, &error))
    return fail(EXIT_ENGINE, _("the CRT search failed: %s"), error->message);

  if (options->json) {
    g_autoptr(JsonBuilder) builder = json_builder_new();

    json_builder_begin_object(builder);
    json_builder_set_member_name(builder, "twin");
    json_builder_begin_object(builder);
    json_builder_set_member_name(builder, "id");
    json_builder_add_string_value(builder, ct_twin_get_id(inputs.twin));
    json_builder_set_member_name(builder, "pseudonym");
    json_builder_add_string_value(builder, ct_twin_get_pseudonym(inputs.twin));
    json_builder_end_object(builder);
    json_builder_set_member_name(builder, "baseline");
    json_builder_begin_object(builder);
    json_builder_set_member_name(builder, "dpdt_max_mmhg_s");
    json_builder_add_double_value(builder, baseline.dpdt_max_mmhg_s);
    json_builder_set_member_name(builder, "sv_ml");
    json_builder_add_double_value(builder, baseline.sv_ml);
    json_builder_set_member_name(builder, "lv_activation_ms");
    json_builder_add_double_value(builder, baseline.lv_activation_ms);
    json_builder_end_object(builder);
    json_builder_set_member_name(builder, "excluded_scar_segments");
    json_builder_begin_array(builder);
    for (i = 0; excluded[i] != 0; i++)
      json_builder_add_int_value(builder, excluded[i]);
    json_builder_end_array(builder);
    json_builder_set_member_name(builder, "not_paced_settings");
    json_builder_add_int_value(builder, not_paced);
    json_builder_set_member_name(builder, "not_simulated_settings");
    json_builder_add_int_value(builder, not_simulated);
    json_builder_set_member_name(builder, "crt");
    json_builder_begin_array(builder);
    for (i = 0; i < ranked->len; i++)
      add_crt_candidate(builder, &g_array_index(ranked, CtCrtCandidate, i));
    json_builder_end_array(builder);
    /* Not in DESIGN.md's contract: a member of our own (README). */
    json_builder_set_member_name(builder, "lv_only");
    if (lv_only_found)
      add_crt_candidate(builder, &lv_only);
    else
      json_builder_add_null_value(builder);
    /* Why it is null, as not_paced_settings and not_simulated_settings say it of the ranking:
     * the AV delays at which own conduction inhibits LV-only pacing, those not settled. */
    json_builder_set_member_name(builder, "lv_only_not_paced_settings");
    json_builder_add_int_value(builder, lv_only_not_paced);
    json_builder_set_member_name(builder, "lv_only_not_simulated_settings");
    json_builder_add_int_value(builder, lv_only_not_simulated);
    json_builder_end_object(builder);
    print_json(builder);
    return EXIT_OK;
  }

  g_print(_("Twin:         %s (%s)\n"), ct_twin_get_id(inputs.twin),
          ct_twin_get_pseudonym(inputs.twin));
  g_print(_("Baseline:     dP/dtmax %.0f mmHg/s, SV %.1f ml, LV activation %.0f ms\n"),
          baseline.dpdt_max_mmhg_s, baseline.sv_ml, baseline.lv_activation_ms);
  g_print(_("Candidates:   %u biventricular settings ranked by dP/dtmax gain\n"), ranked->len);
  if (not_paced > 0)
    g_print(
        _("Not listed:   %u settings whose AV delay outlasts intrinsic conduction (no pacing)\n"),
        not_paced);
  if (not_simulated > 0)
    g_print(_("Not listed:   %u settings the engine cannot bring to a steady state\n"),
            not_simulated);
  if (excluded[0] != 0) {
    g_autoptr(GString) list = g_string_new(NULL);
    for (i = 0; excluded[i] != 0; i++)
      g_string_append_printf(list, "%s%d", i > 0 ? ", " : "", excluded[i]);
    g_print(_("Not proposed: AHA %s (transmural scar)\n"), list->str);
  }
  {
    /* Translated headings, aligned by terminal columns (append_cell), not bytes as %8s would. */
    static const struct {
      const char *text;
      int width;
    } headings[] = {
        {N_("rank"), 4},      {N_("segment"), 8}, {N_("AV ms"), 8},    {N_("VV ms"), 8},
        {N_("dP/dtmax"), 12}, {N_("SV ml"), 8},   {N_("LVAT ms"), 10}, {N_("gain %"), 8},
    };
    g_autoptr(GString) line = g_string_new("\n");
    guint h;

    for (h = 0; h < G_N_ELEMENTS(headings); h++) {
      if (h > 0)
        g_string_append_c(line, ' ');
      append_cell(line, _(headings[h].text), headings[h].width);
    }
    g_print("%s\n", line->str);
  }
  for (i = 0; i < MIN(ranked->len, CRT_TABLE_ROWS); i++) {
    const CtCrtCandidate *c = &g_array_index(ranked, CtCrtCandidate, i);
    g_print("%4u %8d %8.0f %8.0f %12.0f %8.1f %10.0f %+8.1f\n", i + 1, c->lv_lead_segment,
            c->av_delay_ms, c->vv_delay_ms, c->dpdt_max_mmhg_s, c->sv_ml, c->lv_activation_ms,
            c->gain_pct);
  }
  if (lv_only_found)
    /* TRANSLATORS: the best segment, the best AV delay (ms) of LV-only pacing there, its dP/dtmax
     * gain (%, signed), its stroke volume (ml). */
    g_print(_("\nLV only:      segment %d at AV %.0f ms: dP/dtmax %+.1f %%, SV %.1f ml (no RV "
              "stimulus)\n"),
            lv_only.lv_lead_segment, lv_only.av_delay_ms, lv_only.gain_pct, lv_only.sv_ml);
  else if (ranked->len > 0 && lv_only_not_simulated == 0)
    g_print(
        _("\nLV only:      the patient's own conduction inhibits LV-only pacing from segment %d "
          "at every AV delay\n"),
        g_array_index(ranked, CtCrtCandidate, 0).lv_lead_segment);
  else if (ranked->len > 0 && lv_only_not_paced == 0)
    g_print(_("\nLV only:      the engine cannot bring LV-only pacing from segment %d to a steady "
              "state at any AV delay\n"),
            g_array_index(ranked, CtCrtCandidate, 0).lv_lead_segment);
  else if (ranked->len > 0)
    /* TRANSLATORS: the segment, then at how many of the AV delays tried own conduction inhibits
     * LV-only pacing and at how many the engine cannot bring it to a steady state. */
    g_print(
        _("\nLV only:      none from segment %d: the patient's own conduction inhibits it at %u "
          "of the AV delays tried, the engine cannot bring it to a steady state at %u\n"),
        g_array_index(ranked, CtCrtCandidate, 0).lv_lead_segment, lv_only_not_paced,
        lv_only_not_simulated);
  return EXIT_OK;
}

/* ------------------------------------------------------------------ --report, --csv */

static gboolean selected_report(const Options *options)
{
  return options->report != NULL || options->csv != NULL;
}

/* One run for the report: the model at steady state and what the report reads of it. */
typedef struct {
  CsModel *model;
  CsSample *samples;
} ReportRun;

static void report_run_clear(ReportRun *run)
{
  g_clear_pointer(&run->model, cs_model_free);
  g_clear_pointer(&run->samples, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(ReportRun, report_run_clear)

static ExitStatus simulate_for_report(const Inputs *inputs, ReportRun *run, CtReportRun *out)
{
  CsSteadyStateResult result = {0};
  ExitStatus status;
  size_t n;

  run->model = run_to_steady_state(inputs, &result, &status);
  if (run->model == NULL)
    return status;
  warn_outside_human_range(cs_model_indices(run->model));
  n = cs_model_waveform(run->model, NULL, 0);
  run->samples = g_new(CsSample, MAX(n, 1));
  n = MIN(n, cs_model_waveform(run->model, run->samples, n));
  out->indices = *cs_model_indices(run->model);
  out->av_interval_ms = cs_model_qrs_onset_ms(run->model);
  out->beat.samples = run->samples;
  out->beat.n_samples = n;
  cs_model_segment_activation_ms(run->model, out->activation_ms);
  out->therapy = &inputs->therapy;
  return EXIT_OK;
}

static ExitStatus verb_report(const Options *options)
{
  g_auto(Inputs) inputs = {0};
  g_auto(ReportRun) baseline_run = {0};
  g_auto(ReportRun) plan_run = {0};
  g_autoptr(GError) error = NULL;
  CtReportPaper paper = CT_REPORT_PAPER_A4;
  CtReportInput input = {0};
  Inputs baseline;
  ExitStatus status;

  if (options->json || options->waveforms != NULL)
    return fail(EXIT_BAD_INPUT, _("--report and --csv write files: give neither --json nor "
                                  "--waveforms with them"));
  if (options->scenario == NULL)
    return fail(EXIT_BAD_INPUT, _("--report and --csv compare a plan with the baseline: give "
                                  "--scenario FILE"));
  if (options->paper != NULL && !ct_report_paper_from_name(options->paper, &paper))
    return fail(EXIT_BAD_INPUT, _("unknown paper “%s”: give a4 or letter"), options->paper);

  status = load_inputs(options, &inputs);
  if (status != EXIT_OK)
    return status;
  /* The baseline: the same twin without therapy. */
  baseline = inputs;
  baseline.scenario = NULL;
  cs_therapy_default(&baseline.therapy);
  status = simulate_for_report(&baseline, &baseline_run, &input.baseline);
  if (status != EXIT_OK)
    return status;
  input.baseline.therapy = NULL;
  status = simulate_for_report(&inputs, &plan_run, &input.plan);
  if (status != EXIT_OK)
    return status;
  input.twin = inputs.twin;
  input.plan_name = ct_scenario_get_name(inputs.scenario);
  input.drugs = inputs.drugs;

  if (options->report != NULL && !ct_report_write_pdf(&input, options->report, paper, &error))
    return fail(EXIT_ENGINE, "%s", error->message);
  if (options->csv != NULL && !ct_report_write_csv(&input, options->csv, &error))
    return fail(EXIT_ENGINE, "%s", error->message);
  return EXIT_OK;
}

/* ------------------------------------------------------------------ dispatch */

/* The verbs chosen by their own option. Without any, the run (verb_run) is the default. */
static const Verb verbs[] = {
    {"--list-demos", selected_list_demos, verb_list_demos},
    {"--optimize-crt", selected_optimize_crt, verb_optimize_crt},
    {"--fit", selected_fit, verb_fit},
    {"--report", selected_report, verb_report},
};

static void options_clear(Options *options)
{
  g_free(options->demo);
  g_free(options->twin);
  g_free(options->scenario);
  g_free(options->waveforms);
  g_free(options->fit);
  g_free(options->save_twin);
  g_free(options->report);
  g_free(options->paper);
  g_free(options->csv);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Options, options_clear)

int main(int argc, char **argv)
{
  g_auto(Options) options = {0};
  const GOptionEntry entries[] = {
      {"list-demos", 0, 0, G_OPTION_ARG_NONE, &options.list_demos,
       N_("List the demo twins shipped with CardioTwin"), NULL},
      {"demo", 0, 0, G_OPTION_ARG_STRING, &options.demo, N_("Simulate the demo twin NAME"),
       N_("NAME")},
      {"twin", 0, 0, G_OPTION_ARG_FILENAME, &options.twin,
       N_("Simulate the twin in FILE (cardiotwin/1)"), N_("FILE")},
      {"scenario", 0, 0, G_OPTION_ARG_FILENAME, &options.scenario,
       N_("Apply the therapy scenario in FILE (cardiotwin-scenario/1)"), N_("FILE")},
      {"json", 0, 0, G_OPTION_ARG_NONE, &options.json, N_("Print one JSON object"), NULL},
      {"waveforms", 0, 0, G_OPTION_ARG_FILENAME, &options.waveforms,
       N_("Write the last beat's pressures, volumes and flows to FILE as CSV"), N_("FILE.csv")},
      {"optimize-crt", 0, 0, G_OPTION_ARG_NONE, &options.optimize_crt,
       N_("Rank every LV lead segment x AV delay x VV delay of biventricular pacing"), NULL},
      {"fit", 0, 0, G_OPTION_ARG_FILENAME, &options.fit,
       N_("Fit a twin to the measurements in FILE (cardiotwin-measurements/1)"), N_("FILE")},
      {"save-twin", 0, 0, G_OPTION_ARG_FILENAME, &options.save_twin,
       N_("Write the fitted twin to FILE (cardiotwin/1)"), N_("FILE")},
      {"report", 0, 0, G_OPTION_ARG_FILENAME, &options.report,
       N_("Write the plan report (baseline and scenario) to FILE as PDF"), N_("FILE.pdf")},
      {"paper", 0, 0, G_OPTION_ARG_STRING, &options.paper,
       N_("Paper of the report: a4 (the default) or letter"), N_("PAPER")},
      {"csv", 0, 0, G_OPTION_ARG_FILENAME, &options.csv,
       N_("Write the indices and waveforms of baseline and plan to FILE as CSV"), N_("FILE.csv")},
      {NULL},
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const Verb *chosen = NULL;
  g_autofree char *summary = NULL;
  const char *localedir, *repeated;
  guint i;

  setlocale(LC_ALL, "");
  /* The messages' catalogues: installed under CT_LOCALEDIR; CARDIOTWIN_LOCALEDIR points at the
   * build tree's po/ (LANG/LC_MESSAGES/cardiotwin.mo) to run uninstalled, as the tests do. */
  localedir = g_getenv("CARDIOTWIN_LOCALEDIR");
  if (localedir == NULL || localedir[0] == '\0')
    localedir = CT_LOCALEDIR;
  bindtextdomain(GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
  textdomain(GETTEXT_PACKAGE);

  context = g_option_context_new(NULL);
  g_option_context_set_translation_domain(context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries(context, entries, GETTEXT_PACKAGE);
  /* The synopsis is its own message (the translator may translate NAME and FILE as in --help's
   * option list); the program's name is not translated. */
  summary = g_strdup_printf(
      "%s\n\n%s\n%s",
      _("Brings a cardiac twin, with a therapy scenario applied, to periodic steady state and "
        "prints its haemodynamic indices."),
      _("  cardiotwin-sim --list-demos\n"
        "  cardiotwin-sim (--demo NAME | --twin FILE) [--scenario FILE] [--json] "
        "[--waveforms FILE.csv]\n"
        "  cardiotwin-sim (--demo NAME | --twin FILE) [--scenario FILE] --optimize-crt [--json]\n"
        "  cardiotwin-sim --fit MEASUREMENTS.json --save-twin TWIN.json [--json]"),
      _("  cardiotwin-sim (--demo NAME | --twin FILE) --scenario FILE --report FILE.pdf "
        "[--paper a4|letter] [--csv FILE.csv]"));
  g_option_context_set_summary(context, summary);
  repeated = repeated_option(entries, argc, argv);
  if (repeated != NULL)
    return fail(EXIT_BAD_INPUT, _("--%s is given more than once; give it once"), repeated);
  if (!g_option_context_parse(context, &argc, &argv, &error))
    return fail(EXIT_BAD_INPUT, _("%s (see --help)"), error->message);
  if (argc > 1)
    return fail(EXIT_BAD_INPUT, _("unexpected argument “%s” (see --help)"), argv[1]);
  if (options.paper != NULL && options.report == NULL)
    return fail(EXIT_BAD_INPUT, _("--paper sets the paper of --report; give --report too"));
  if (options.save_twin != NULL && options.fit == NULL)
    return fail(EXIT_BAD_INPUT, _("--save-twin writes the twin made by --fit; give --fit too"));
  if (!check_outputs(&options, &error))
    return fail(EXIT_BAD_INPUT, "%s", error->message);

  for (i = 0; i < G_N_ELEMENTS(verbs); i++)
    if (verbs[i].selected(&options)) {
      if (chosen != NULL)
        return fail(EXIT_BAD_INPUT, _("%s and %s cannot be combined"), chosen->option,
                    verbs[i].option);
      chosen = &verbs[i];
    }
  if (chosen != NULL)
    return chosen->run(&options);
  if (!selected_run(&options))
    return fail(EXIT_BAD_INPUT, _("give a twin: --demo NAME (see --list-demos) or --twin FILE"));
  return verb_run(&options);
}

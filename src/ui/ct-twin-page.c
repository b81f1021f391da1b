/* ct-twin-page.c — one open twin: heart, loops, traces, indices, therapy.
 *
 * Two engines run per twin, each on its own worker thread (ct-sim-worker.c): the baseline, asked
 * once, and the plan, asked at every change of the therapy panel. The worker keeps only the newest
 * request, so a dose dragged across its range costs one simulation per answer the screen can show,
 * never a queue of stale ones; every answer repaints the plots and the table at the next frame.
 *
 * Plans (docs/workspace.md, "Plans"): the Plans menu saves the panel's therapy as a named
 * cardiotwin-scenario/1 document in the cache with the patient (ct_store_save_scenario), lists the
 * patient's plans (a click applies one; each row renames, duplicates or, after confirmation,
 * deletes), exports the plan to a file and opens one. A twin opened from a file has no patient: its
 * plans can be exported, not saved.
 *
 * Undo and redo: the page keeps the history of the therapy. Every change of the panel is
 * recorded, but changes less than HISTORY_COALESCE_MS apart are one step (a spin button held or
 * dragged, a value typed digit by digit); a change made by an action (set-dose, a plan applied, a
 * scenario opened, reset) is always a step of its own. Undo and redo ask the engine again like
 * any change; another twin clears the history.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-twin-page.h"
#include "ct-widget-task.h"

#include <adwaita.h>
#include <math.h>

#include "ct-bullseye-view.h"
#include "ct-compare-view.h"
#include "ct-crt-view.h"
#include "ct-engine-words.h"
#include "ct-i18n.h"
#include "ct-index-format.h"
#include "ct-widget-template.h"
#include "ct-indices-table.h"
#include "ct-plot-view.h"
#include "ct-plot.h"
#include "ct-report.h"
#include "ct-sim-worker.h"
#include "ct-therapy-panel.h"
#include "ct-twin-error.h"

#include <string.h>

struct _CtTwinPage {
  GtkWidget parent_instance;

  AdwFlap *flap;
  CtHeartView *heart_view;
  CtPlotView *lv_loop;
  CtPlotView *rv_loop;
  CtPlotView *left_heart;
  CtPlotView *right_heart;
  CtPlotView *volumes;
  CtBullseyeView *bullseye;
  CtIndicesTable *indices_table;
  CtTherapyPanel *therapy_panel;
  GtkRevealer *error_revealer;
  GtkLabel *error_label;
  GtkRevealer *warning_revealer;
  GtkLabel *warning_label;
  GtkDropDown *colour_mode;
  GtkStack *plots_stack;
  CtTrendsView *trends_view;
  CtCrtView *crt_view;
  CtCompareView *compare_view;
  GtkMenuButton *plans_button;
  GtkPopover *plans_popover;
  GtkLabel *plans_note;
  GtkWidget *plans_scroller;
  GtkListBox *plans_list;

  CtTwin *twin;
  CtDrugLibrary *drugs;
  CtSimWorker *baseline_worker;
  CtSimWorker *plan_worker;
  CtBeat *baseline_beat;
  CtBeat *plan_beat;
  guint requested_generation;
  char *baseline_error;             /* why the baseline could not be simulated, or NULL */
  CsTherapy start_therapy;          /* the plan a new twin starts from, and Reset goes back to */
  GtkNativeDialog *scenario_dialog; /* Open Scenario, while it is open (for this twin only) */
  char *plan_error;                 /* why the newest plan could not be, or NULL */
  gboolean pressure_kpa;
  double animation_speed;

  CtStore *store;     /* where the twin's patient is, or NULL (a twin opened from a file) */
  gint64 patient_key; /* the patient in @store */
  int twin_version;   /* the version of the patient's twin shown (0: none, a file) */
  GtkNativeDialog *export_dialog;
  GtkNativeDialog *report_dialog;   /* Export Report, while it is open */
  GCancellable *report_cancellable; /* the report being written, NULL when none */
  AdwMessageDialog *plan_dialog;    /* Save Plan or Delete Plan, while it is open */

  /* The therapy's history: @undo holds the states before @current, newest last; @redo those
   * undone, newest undone last. */
  GArray *undo;
  GArray *redo;
  CsTherapy current;
  guint coalesce_id;        /* while set, the next change of the panel joins the current step */
  gboolean seal_after_next; /* the next change is a step of its own (the CRT tab's Apply) */
  gboolean moving_history;  /* undo or redo is setting the panel */
};

/* Panel edits closer than this make one undo step: a spin button held down or a dose typed digit by
 * digit is one change to the clinician (about the pause between two deliberate edits). */
#define HISTORY_COALESCE_MS 500
/* Steps kept: far more than a planning session makes, and each is one CsTherapy (2.5 kB). */
#define HISTORY_MAX_STEPS 200

G_DEFINE_FINAL_TYPE(CtTwinPage, ct_twin_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_PRESSURE_KPA, PROP_ANIMATION_SPEED, PROP_COLOUR_MODE, N_PROPS };

static GParamSpec *properties[N_PROPS];

enum { SIGNAL_MESSAGE, SIGNAL_TWIN_RECALIBRATED, N_SIGNALS };

static guint signals[N_SIGNALS];

/* The colour-mode drop-down's rows, in CtColourMode order. */
static const char *const colour_mode_names[] = {"anatomy", "activation", "scar", "segments"};

static void show_message(CtTwinPage *self, const char *message)
{
  g_signal_emit(self, signals[SIGNAL_MESSAGE], 0, message);
}

static void update_plots(CtTwinPage *self)
{
  CtPlotView *plots[] = {self->lv_loop, self->rv_loop, self->left_heart, self->right_heart,
                         self->volumes};

  for (guint i = 0; i < G_N_ELEMENTS(plots); i++)
    ct_plot_view_set_beats(plots[i], self->baseline_beat, self->plan_beat);
  ct_bullseye_view_set_beats(self->bullseye, self->baseline_beat, self->plan_beat);
  ct_indices_table_set_indices(self->indices_table,
                               self->baseline_beat != NULL ? &self->baseline_beat->indices : NULL,
                               self->plan_beat != NULL ? &self->plan_beat->indices : NULL);
  ct_indices_table_set_av_intervals(
      self->indices_table, self->baseline_beat != NULL ? self->baseline_beat->av_interval_ms : NAN,
      self->plan_beat != NULL ? self->plan_beat->av_interval_ms : NAN);
}

/* The LV lead segments a CRT plan tries, in order, when the default one is scarred: the lateral
 * and posterolateral mid and basal segments, the usual targets of a coronary-sinus lead and the
 * positions that did best in MADIT-CRT (Singh et al. 2011, Circulation 123:1159), then the rest
 * of the lateral wall. */
static const int lead_targets[] = {11, 12, 5, 6, 10, 4, 16, 15};

/* Transmural enough that a lead there paces scar: Bleeker et al. 2006 (Circulation 113:969) found
 * no response to CRT with transmural posterolateral scar; half the wall is the threshold of
 * transmurality commonly reported on late gadolinium enhancement. */
#define SCARRED_TRANSMURALITY 0.5

static gboolean segment_is_scarred(CtTwinPage *self, int segment)
{
  return self->twin != NULL && ct_twin_get_scar(self->twin, segment) >= SCARRED_TRANSMURALITY;
}

/* What the clinician must see above the plots, whether or not the therapy panel is open: why the
 * engine failed (errors), and what the plan does that a clinician would not (warnings). */
static void update_messages(CtTwinPage *self)
{
  g_autoptr(GString) errors = g_string_new(NULL);
  g_autoptr(GString) warnings = g_string_new(NULL);
  CsTherapy therapy;

  if (self->baseline_error != NULL)
    g_string_append(errors, self->baseline_error);
  if (self->plan_error != NULL)
    g_string_append_printf(errors, "%s%s", errors->len > 0 ? "\n" : "", self->plan_error);
  gtk_label_set_text(self->error_label, errors->str);
  gtk_revealer_set_reveal_child(self->error_revealer, errors->len > 0);

  if (self->plan_beat != NULL && self->plan_beat->lvad_suction)
    g_string_append(warnings, _("LVAD suction: at this speed the pump empties the left "
                                "ventricle. Lower the speed."));
  ct_therapy_panel_get_therapy(self->therapy_panel, &therapy);
  if (therapy.pacing.mode == CS_PACING_CRT &&
      segment_is_scarred(self, therapy.pacing.lv_lead_segment)) {
    g_autofree char *text = g_strdup_printf(
        _("The LV lead is in scar: segment %d (%s) is %.0f %% transmural, where pacing captures "
          "poorly and CRT rarely helps."),
        therapy.pacing.lv_lead_segment, ct_plot_aha_segment_name(therapy.pacing.lv_lead_segment),
        100.0 * ct_twin_get_scar(self->twin, therapy.pacing.lv_lead_segment));

    g_string_append_printf(warnings, "%s%s", warnings->len > 0 ? "\n" : "", text);
  }
  /* A cycle of several beats is shown as its means, which hide alternating beats: say so. */
  {
    g_autofree char *baseline_cycle =
        self->baseline_beat != NULL
            ? ct_cycle_describe(&self->baseline_beat->cycle, self->baseline_beat->indices.hr_bpm)
            : NULL;
    g_autofree char *plan_cycle =
        self->plan_beat != NULL
            ? ct_cycle_describe(&self->plan_beat->cycle, self->plan_beat->indices.hr_bpm)
            : NULL;

    if (baseline_cycle != NULL) {
      /* TRANSLATORS: %s is a description of a cycle of beats (ct_cycle_describe). */
      g_autofree char *text = g_strdup_printf(_("Baseline: %s."), baseline_cycle);

      g_string_append_printf(warnings, "%s%s", warnings->len > 0 ? "\n" : "", text);
    }
    if (plan_cycle != NULL) {
      /* TRANSLATORS: %s is a description of a cycle of beats (ct_cycle_describe). */
      g_autofree char *text = g_strdup_printf(_("Plan: %s."), plan_cycle);

      g_string_append_printf(warnings, "%s%s", warnings->len > 0 ? "\n" : "", text);
    }
  }
  /* Settings each within its range can together drive the engine where no patient has been
   * (every vasodilator at its top dose with the reflex off): its numbers are shown, marked in the
   * table, and said here, for the baseline and for the plan. */
  {
    g_autofree char *outside = ct_index_outside_human_range_warning(
        self->baseline_beat != NULL ? &self->baseline_beat->indices : NULL,
        self->plan_beat != NULL ? &self->plan_beat->indices : NULL, self->pressure_kpa);

    if (outside != NULL)
      g_string_append_printf(warnings, "%s%s", warnings->len > 0 ? "\n" : "", outside);
  }
  gtk_label_set_text(self->warning_label, warnings->str);
  gtk_revealer_set_reveal_child(self->warning_revealer, warnings->len > 0);
}

static void on_baseline_beat(CtTwinPage *self, CtBeat *beat)
{
  g_clear_pointer(&self->baseline_beat, ct_beat_unref);
  self->baseline_beat = ct_beat_ref(beat);
  g_clear_pointer(&self->baseline_error, g_free);
  update_plots(self);
  update_messages(self);
}

static void on_plan_beat(CtTwinPage *self, CtBeat *beat)
{
  g_clear_pointer(&self->plan_beat, ct_beat_unref);
  self->plan_beat = ct_beat_ref(beat);
  g_clear_pointer(&self->plan_error, g_free);
  ct_therapy_panel_set_lvad_suction(self->therapy_panel, beat->lvad_suction);
  update_plots(self);
  update_messages(self);
}

/* The engine could not simulate the plan (it accepted the therapy: the panel offers only what it
 * accepts, so this is the physiology failing, e.g. no steady state). The last answer stays on
 * screen, and the message says whose figures they are. */
static void on_plan_failed(CtTwinPage *self, const char *message)
{
  g_free(self->plan_error);
  self->plan_error =
      self->plan_beat != NULL
          ? g_strdup_printf(_("The engine could not simulate this plan: %s. The figures shown are "
                              "those of the previous plan."),
                            message)
          : g_strdup_printf(_("The engine could not simulate this plan: %s."), message);
  update_messages(self);
}

/* The baseline failed: the twin itself cannot be simulated. Said until the baseline succeeds
 * (a plan's answer does not make it go away). */
static void on_baseline_failed(CtTwinPage *self, const char *message)
{
  g_free(self->baseline_error);
  self->baseline_error =
      g_strdup_printf(_("The engine could not simulate this twin as it is: %s. There is no "
                        "baseline to compare a plan with."),
                      message);
  update_messages(self);
}

/* The leads the 3D view draws: the LV lead only in CRT, the RV lead in every mode that paces the
 * ventricle. */
static void update_leads(CtTwinPage *self, const CsTherapy *therapy)
{
  CsPacingMode mode = therapy->pacing.mode;
  gboolean rv = mode == CS_PACING_VVI || mode == CS_PACING_DDD || mode == CS_PACING_CRT;

  ct_heart_view_set_leads(self->heart_view,
                          mode == CS_PACING_CRT ? therapy->pacing.lv_lead_segment : 0,
                          rv ? (int)therapy->pacing.rv_lead_site : -1);
  ct_bullseye_view_set_leads(self->bullseye,
                             mode == CS_PACING_CRT ? therapy->pacing.lv_lead_segment : 0,
                             rv ? (int)therapy->pacing.rv_lead_site : CT_BULLSEYE_NO_RV_LEAD);
}

/* Whether @therapy is the baseline's (cs_therapy_default): no drug, no pacing, no LVAD, reflexes
 * on; the settings of a device that is off do not matter. */
static gboolean is_baseline_therapy(const CsTherapy *therapy)
{
  return therapy->n_drugs == 0 && therapy->pacing.mode == CS_PACING_NONE &&
         !therapy->lvad_enabled && therapy->baroreflex_enabled;
}

/* ---------------------------------------------------------------- history */

static void update_history_actions(CtTwinPage *self)
{
  gtk_widget_action_set_enabled(GTK_WIDGET(self), "twin.undo", self->undo->len > 0);
  gtk_widget_action_set_enabled(GTK_WIDGET(self), "twin.redo", self->redo->len > 0);
}

static gboolean on_coalesce_timeout(gpointer data)
{
  CtTwinPage *self = data;

  self->coalesce_id = 0;
  return G_SOURCE_REMOVE;
}

/* The next change starts a step of its own. */
static void history_seal(CtTwinPage *self)
{
  g_clear_handle_id(&self->coalesce_id, g_source_remove);
}

/* Forgets the history: @therapy is where it starts. */
static void history_reset(CtTwinPage *self, const CsTherapy *therapy)
{
  history_seal(self);
  g_array_set_size(self->undo, 0);
  g_array_set_size(self->redo, 0);
  self->current = *therapy;
  update_history_actions(self);
}

static void history_record(CtTwinPage *self, const CsTherapy *therapy)
{
  if (ct_scenario_therapy_equal(therapy, &self->current)) {
    self->current = *therapy;
    self->seal_after_next = FALSE;
    return;
  }
  if (self->coalesce_id == 0) {
    g_array_append_val(self->undo, self->current);
    if (self->undo->len > HISTORY_MAX_STEPS)
      g_array_remove_index(self->undo, 0);
  }
  g_array_set_size(self->redo, 0);
  self->current = *therapy;
  g_clear_handle_id(&self->coalesce_id, g_source_remove);
  if (self->seal_after_next)
    self->seal_after_next = FALSE;
  else
    self->coalesce_id = g_timeout_add(HISTORY_COALESCE_MS, on_coalesce_timeout, self);
  update_history_actions(self);
}

/* Moves one step from @from to @to (undo: from undo to redo). */
static void history_move(CtTwinPage *self, GArray *from, GArray *to)
{
  CsTherapy therapy;

  history_seal(self);
  if (from->len == 0)
    return;
  therapy = g_array_index(from, CsTherapy, from->len - 1);
  g_array_remove_index(from, from->len - 1);
  g_array_append_val(to, self->current);
  self->current = therapy;
  self->moving_history = TRUE;
  ct_therapy_panel_set_therapy(self->therapy_panel, &therapy, NULL);
  self->moving_history = FALSE;
  update_history_actions(self);
}

static void action_undo(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtTwinPage *self = CT_TWIN_PAGE(widget);

  history_move(self, self->undo, self->redo);
}

static void action_redo(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtTwinPage *self = CT_TWIN_PAGE(widget);

  history_move(self, self->redo, self->undo);
}

static void on_therapy_changed(CtTwinPage *self)
{
  CsTherapy therapy;

  if (self->plan_worker == NULL)
    return;
  ct_therapy_panel_get_therapy(self->therapy_panel, &therapy);
  if (!self->moving_history)
    history_record(self, &therapy);
  update_leads(self, &therapy);
  update_messages(self);
  self->requested_generation++;
  /* Back at the baseline (reset, the last drug stopped): computed as the baseline was, so the
   * change column reads 0 throughout rather than the last digit of a warm start. */
  if (is_baseline_therapy(&therapy))
    ct_sim_worker_set_therapy_cold(self->plan_worker, &therapy);
  else
    ct_sim_worker_set_therapy(self->plan_worker, &therapy);
}

/* The CRT tab's Apply changes the plan through the panel: like the page's own actions, a step of
 * its own, never merged with an edit made just before or after. */
static void on_crt_applying(CtTwinPage *self)
{
  history_seal(self);
  self->seal_after_next = TRUE;
}

static void on_crt_busy(CtTwinPage *self)
{
  ct_heart_view_set_paused(self->heart_view, ct_crt_view_get_busy(self->crt_view));
}

static void on_segment_clicked(CtTwinPage *self, int segment)
{
  CsTherapy therapy;

  if (segment < 1 || segment > CS_AHA_SEGMENTS)
    return;
  ct_therapy_panel_set_lv_lead_segment(self->therapy_panel, segment);
  /* The lead is placed whatever the mode, but paces only in CRT: say so rather than switch the
   * device's mode behind the clinician's back. */
  ct_therapy_panel_get_therapy(self->therapy_panel, &therapy);
  if (therapy.pacing.mode != CS_PACING_CRT) {
    g_autofree char *text = g_strdup_printf(
        _("LV lead placed in segment %d (%s): it paces once the pacing mode is CRT"), segment,
        ct_plot_aha_segment_name(segment));

    show_message(self, text);
  }
}

static void on_colour_mode_selected(CtTwinPage *self)
{
  guint selected = gtk_drop_down_get_selected(self->colour_mode);

  if (selected < G_N_ELEMENTS(colour_mode_names)) {
    ct_heart_view_set_colour_mode(self->heart_view, (CtColourMode)selected);
    g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_COLOUR_MODE]);
  }
}

/* The trends tab saved a recalibrated twin: say so, and let the window open it. */
static void on_twin_recalibrated(CtTwinPage *self, gint64 patient_key, int version)
{
  g_autofree char *text =
      g_strdup_printf(_("Twin version %d fitted to the newest measurements"), version);

  show_message(self, text);
  g_signal_emit(self, signals[SIGNAL_TWIN_RECALIBRATED], 0, patient_key);
}

static void on_crt_message(CtTwinPage *self, const char *message)
{
  show_message(self, message);
}

/* ---------------------------------------------------------------- actions */

static void action_set_dose(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtTwinPage *self = CT_TWIN_PAGE(widget);
  g_autoptr(GError) error = NULL;
  const char *drug;
  double dose;

  g_variant_get(parameter, "(&sd)", &drug, &dose);
  history_seal(self);
  if (!ct_therapy_panel_set_dose(self->therapy_panel, drug, dose, &error))
    show_message(self, error->message);
  history_seal(self);
}

gboolean ct_twin_page_apply_scenario(CtTwinPage *self, CtScenario *scenario, GError **error)
{
  CsTherapy therapy;

  g_return_val_if_fail(CT_IS_TWIN_PAGE(self), FALSE);
  g_return_val_if_fail(CT_IS_SCENARIO(scenario), FALSE);
  ct_scenario_get_therapy(scenario, &therapy);
  history_seal(self);
  if (!ct_therapy_panel_set_therapy(self->therapy_panel, &therapy, error))
    return FALSE;
  history_seal(self);
  return TRUE;
}

static void apply_scenario_file(CtTwinPage *self, GFile *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path(file);
  g_autoptr(CtScenario) scenario = NULL;

  if (path == NULL) {
    show_message(self, _("Only local scenario files can be opened"));
    return;
  }
  scenario = ct_scenario_new_from_file(path, self->drugs, &error);
  if (scenario == NULL || !ct_twin_page_apply_scenario(self, scenario, &error)) {
    g_autofree char *text =
        g_strdup_printf(_("The scenario was not applied: %s"), error != NULL ? error->message : "");

    show_message(self, text);
    return;
  }
  {
    /* A scenario without a name is known by its file's name. */
    g_autofree char *basename = g_file_get_basename(file);
    const char *name = ct_scenario_get_name(scenario);
    g_autofree char *text =
        g_strdup_printf(_("Scenario “%s” applied"), name != NULL ? name : basename);

    show_message(self, text);
  }
}

static void action_apply_scenario(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtTwinPage *self = CT_TWIN_PAGE(widget);
  g_autoptr(GFile) file = g_file_new_for_path(g_variant_get_string(parameter, NULL));

  apply_scenario_file(self, file);
}

/* The dialog belongs to the twin it was opened for: another twin, or the page's end, closes it. */
/* A file dialog belongs to the twin it was opened for: another twin, or the page's end, closes
 * it (and its answer is not wanted). */
static void close_dialog(CtTwinPage *self, GtkNativeDialog **dialog)
{
  if (*dialog == NULL)
    return;
  g_signal_handlers_disconnect_by_data(*dialog, self);
  gtk_native_dialog_destroy(*dialog);
  g_clear_object(dialog);
}

static void close_scenario_dialog(CtTwinPage *self)
{
  close_dialog(self, &self->scenario_dialog);
}

static GtkWindow *parent_window(CtTwinPage *self)
{
  GtkNative *native = gtk_widget_get_native(GTK_WIDGET(self));

  return GTK_IS_WINDOW(native) ? GTK_WINDOW(native) : NULL;
}

/* A modal Save dialog over the page's window offering @file_name, filtered to one kind of file.
 * GtkFileChooserNative: GTK 4.8 has no GtkFileDialog (4.10); the portal is used inside Flatpak. */
static GtkNativeDialog *new_save_dialog(CtTwinPage *self, const char *title,
                                        const char *filter_name, const char *mime_type,
                                        const char *pattern, const char *file_name)
{
  GtkFileChooserNative *dialog;
  GtkFileFilter *filter = gtk_file_filter_new();

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dialog = gtk_file_chooser_native_new(title, parent_window(self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                       _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name(filter, filter_name);
  gtk_file_filter_add_mime_type(filter, mime_type);
  gtk_file_filter_add_pattern(filter, pattern);
  gtk_file_chooser_add_filter(GTK_FILE_CHOOSER(dialog), filter);
  gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(dialog), file_name);
  g_object_unref(filter);
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_native_dialog_set_modal(GTK_NATIVE_DIALOG(dialog), TRUE);
  return GTK_NATIVE_DIALOG(dialog);
}

static void on_scenario_chosen(GtkNativeDialog *dialog, int response, CtTwinPage *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog));
  close_scenario_dialog(self);
  if (file != NULL)
    apply_scenario_file(self, file);
}

/* GtkFileChooserNative: GTK 4.8 has no GtkFileDialog (4.10); the portal is used inside Flatpak. */
static void action_open_scenario(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtTwinPage *self = CT_TWIN_PAGE(widget);
  GtkNative *native = gtk_widget_get_native(widget);
  GtkFileChooserNative *dialog;
  GtkFileFilter *filter;

  if (self->scenario_dialog != NULL) {
    gtk_native_dialog_show(self->scenario_dialog);
    return;
  }
  filter = gtk_file_filter_new();

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dialog = gtk_file_chooser_native_new(_("Open Scenario"),
                                       GTK_IS_WINDOW(native) ? GTK_WINDOW(native) : NULL,
                                       GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name(filter, _("Scenarios (JSON)"));
  gtk_file_filter_add_mime_type(filter, "application/json");
  gtk_file_filter_add_pattern(filter, "*.json");
  gtk_file_chooser_add_filter(GTK_FILE_CHOOSER(dialog), filter);
  g_object_unref(filter);
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_native_dialog_set_modal(GTK_NATIVE_DIALOG(dialog), TRUE);
  self->scenario_dialog = GTK_NATIVE_DIALOG(dialog);
  g_signal_connect(dialog, "response", G_CALLBACK(on_scenario_chosen), self);
  gtk_native_dialog_show(GTK_NATIVE_DIALOG(dialog));
}

/* ---------------------------------------------------------------- plans */

static void close_plan_dialog(CtTwinPage *self)
{
  if (self->plan_dialog == NULL)
    return;
  g_signal_handlers_disconnect_by_data(self->plan_dialog, self);
  gtk_window_destroy(GTK_WINDOW(self->plan_dialog));
  g_clear_object(&self->plan_dialog);
}

static void close_export_dialog(CtTwinPage *self)
{
  close_dialog(self, &self->export_dialog);
}

/* "2026-11-25 19:50" in local time, from the cache's ISO 8601 UTC. */
static char *format_updated(const char *iso8601)
{
  g_autoptr(GDateTime) utc = iso8601 != NULL ? g_date_time_new_from_iso8601(iso8601, NULL) : NULL;
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local(utc) : NULL;

  /* TRANSLATORS: when a plan was saved; a g_date_time_format() format. */
  return local != NULL ? g_date_time_format(local, _("%Y-%m-%d %H:%M")) : g_strdup("");
}

static GtkWidget *plan_row_button(const char *icon, const char *tooltip, const char *action,
                                  const char *plan)
{
  GtkWidget *button = gtk_button_new_from_icon_name(icon);

  gtk_widget_set_tooltip_text(button, tooltip);
  gtk_widget_set_valign(button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class(button, "flat");
  gtk_actionable_set_action_name(GTK_ACTIONABLE(button), action);
  gtk_actionable_set_action_target(GTK_ACTIONABLE(button), "s", plan);
  gtk_accessible_update_property(GTK_ACCESSIBLE(button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                 -1);
  return button;
}

/* The Plans menu as the cache and the twin are now. */
static void refresh_plans(CtTwinPage *self)
{
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child(GTK_WIDGET(self->plans_list))) != NULL)
    gtk_list_box_remove(self->plans_list, child);
  /* The Compare tab offers the same plans. */
  ct_compare_view_refresh_plans(self->compare_view);
  gtk_widget_action_set_enabled(GTK_WIDGET(self), "twin.save-plan", self->store != NULL);
  gtk_widget_action_set_enabled(GTK_WIDGET(self), "twin.save-plan-as", self->store != NULL);
  gtk_widget_set_visible(self->plans_scroller, self->store != NULL);
  if (self->store == NULL) {
    gtk_label_set_text(self->plans_note,
                       self->twin != NULL
                           ? _("This twin was opened from a file, not from the local cache: its "
                               "plans can be exported, not saved.")
                           : "");
    gtk_widget_set_visible(GTK_WIDGET(self->plans_note), self->twin != NULL);
    return;
  }
  plans = ct_store_list_scenarios(self->store, self->patient_key, &error);
  if (plans == NULL) {
    g_autofree char *text =
        g_strdup_printf(_("The saved plans could not be read: %s"), error->message);

    gtk_label_set_text(self->plans_note, text);
    gtk_widget_set_visible(GTK_WIDGET(self->plans_note), TRUE);
    return;
  }
  gtk_label_set_text(self->plans_note, plans->len == 0 ? _("No saved plans for this patient yet.")
                                                       : _("Saved plans: click one to apply it."));
  gtk_widget_set_visible(GTK_WIDGET(self->plans_note), TRUE);
  gtk_widget_set_visible(self->plans_scroller, plans->len > 0);
  for (guint i = 0; i < plans->len; i++) {
    CtStoreScenario *plan = plans->pdata[i];
    g_autofree char *updated = format_updated(plan->updated_at);
    g_autofree char *markup = g_markup_escape_text(plan->name, -1);
    AdwActionRow *row = ADW_ACTION_ROW(adw_action_row_new());

    adw_preferences_row_set_title(ADW_PREFERENCES_ROW(row), markup);
    adw_action_row_set_subtitle(row, updated);
    gtk_list_box_row_set_activatable(GTK_LIST_BOX_ROW(row), TRUE);
    g_object_set_data_full(G_OBJECT(row), "plan-name", g_strdup(plan->name), g_free);
    adw_action_row_add_suffix(row, plan_row_button("document-edit-symbolic", _("Rename"),
                                                   "twin.rename-plan", plan->name));
    adw_action_row_add_suffix(row, plan_row_button("edit-copy-symbolic", _("Duplicate"),
                                                   "twin.duplicate-plan", plan->name));
    adw_action_row_add_suffix(
        row, plan_row_button("user-trash-symbolic", _("Delete"), "twin.delete-plan", plan->name));
    gtk_list_box_append(self->plans_list, GTK_WIDGET(row));
  }
}

static void on_plans_popover_show(CtTwinPage *self)
{
  refresh_plans(self);
}

static void apply_plan(CtTwinPage *self, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtScenario) scenario = NULL;

  if (self->store == NULL)
    return;
  scenario = ct_store_load_scenario(self->store, self->patient_key, name, &error);
  if (scenario == NULL || !ct_twin_page_apply_scenario(self, scenario, &error)) {
    g_autofree char *text = g_strdup_printf(_("The plan was not applied: %s"), error->message);

    show_message(self, text);
    return;
  }
  {
    g_autofree char *text = g_strdup_printf(_("Plan “%s” applied"), name);

    show_message(self, text);
  }
}

static void on_plan_row_activated(CtTwinPage *self, GtkListBoxRow *row)
{
  const char *name = g_object_get_data(G_OBJECT(row), "plan-name");

  if (name == NULL)
    return;
  gtk_popover_popdown(self->plans_popover);
  apply_plan(self, name);
}

static void action_apply_plan(GtkWidget *widget, const char *name, GVariant *parameter)
{
  apply_plan(CT_TWIN_PAGE(widget), g_variant_get_string(parameter, NULL));
}

/* Saves the panel's therapy as the patient's plan @name. */
static gboolean save_plan(CtTwinPage *self, const char *name, GError **error)
{
  g_autoptr(CtScenario) scenario = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *normal = NULL;
  g_autofree char *document = NULL;
  CsTherapy therapy;

  if (self->store == NULL) {
    g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NOT_FOUND,
                _("This twin was opened from a file: its plans can be exported, not saved"));
    return FALSE;
  }
  normal = ct_store_normalize_scenario_name(name, error);
  if (normal == NULL)
    return FALSE;
  ct_therapy_panel_get_therapy(self->therapy_panel, &therapy);
  scenario = ct_scenario_new_from_therapy(normal, &therapy, error);
  if (scenario == NULL)
    return FALSE;
  bytes = ct_scenario_to_bytes(scenario);
  document = g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
  if (!ct_store_save_scenario(self->store, self->patient_key, normal, document, error))
    return FALSE;
  refresh_plans(self);
  return TRUE;
}

static void save_plan_reporting(CtTwinPage *self, const char *name)
{
  g_autoptr(GError) error = NULL;

  if (!save_plan(self, name, &error)) {
    g_autofree char *text = g_strdup_printf(_("The plan was not saved: %s"), error->message);

    show_message(self, text);
    return;
  }
  {
    g_autofree char *normal = ct_store_normalize_scenario_name(name, NULL);
    g_autofree char *text = g_strdup_printf(_("Plan “%s” saved"), normal);

    show_message(self, text);
  }
}

static void action_save_plan_as(GtkWidget *widget, const char *name, GVariant *parameter)
{
  save_plan_reporting(CT_TWIN_PAGE(widget), g_variant_get_string(parameter, NULL));
}

/* Whether the patient already has a plan @name (normalized). */
static gboolean plan_exists(CtTwinPage *self, const char *name)
{
  g_autoptr(GPtrArray) plans =
      self->store != NULL ? ct_store_list_scenarios(self->store, self->patient_key, NULL) : NULL;

  for (guint i = 0; plans != NULL && i < plans->len; i++)
    if (g_str_equal(((CtStoreScenario *)plans->pdata[i])->name, name))
      return TRUE;
  return FALSE;
}

/* The Save Plan dialog's name, checked as it is typed: an empty, overlong or taken name is said
 * under the entry, and Save waits for a good one. */
static void on_save_name_changed(CtTwinPage *self, GtkEditable *entry)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normal = ct_store_normalize_scenario_name(gtk_editable_get_text(entry), &error);
  GtkWidget *label = gtk_widget_get_next_sibling(GTK_WIDGET(entry));
  const char *problem = NULL;

  /* Renaming: the plan's own name is no change, not a clash. */
  const char *renamed = g_object_get_data(G_OBJECT(self->plan_dialog), "plan-name");
  gboolean unchanged = normal != NULL && renamed != NULL && g_str_equal(normal, renamed);

  if (normal == NULL)
    problem = gtk_editable_get_text(entry)[0] != '\0' ? error->message : NULL;
  else if (!unchanged && plan_exists(self, normal))
    problem = _("This patient already has a plan of this name");
  gtk_label_set_text(GTK_LABEL(label), problem != NULL ? problem : "");
  gtk_widget_set_visible(label, problem != NULL);
  if (problem != NULL)
    gtk_widget_add_css_class(GTK_WIDGET(entry), "error");
  else
    gtk_widget_remove_css_class(GTK_WIDGET(entry), "error");
  adw_message_dialog_set_response_enabled(self->plan_dialog, "save",
                                          normal != NULL && problem == NULL && !unchanged);
}

static void on_save_name_activate(CtTwinPage *self, GtkEntry *entry)
{
  if (adw_message_dialog_get_response_enabled(self->plan_dialog, "save"))
    adw_message_dialog_response(self->plan_dialog, "save");
}

static void on_save_response(AdwMessageDialog *dialog, const char *response, CtTwinPage *self)
{
  GtkWidget *box = adw_message_dialog_get_extra_child(dialog);
  g_autofree char *name =
      g_strdup(gtk_editable_get_text(GTK_EDITABLE(gtk_widget_get_first_child(box))));

  close_plan_dialog(self);
  if (g_str_equal(response, "save"))
    save_plan_reporting(self, name);
}

static AdwMessageDialog *new_plan_dialog(CtTwinPage *self, const char *heading, const char *body)
{
  close_plan_dialog(self);
  self->plan_dialog =
      ADW_MESSAGE_DIALOG(adw_message_dialog_new(parent_window(self), heading, body));
  g_object_ref_sink(self->plan_dialog);
  gtk_window_set_modal(GTK_WINDOW(self->plan_dialog), TRUE);
  gtk_window_set_hide_on_close(GTK_WINDOW(self->plan_dialog), TRUE);
  return self->plan_dialog;
}

/* A dialog asking a plan's name, checked as it is typed (on_save_name_changed); its accepting
 * response is "save", labelled @accept. */
static AdwMessageDialog *new_plan_name_dialog(CtTwinPage *self, const char *heading,
                                              const char *body, const char *name,
                                              const char *renamed, const char *accept)
{
  GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_entry_new();
  GtkWidget *problem = gtk_label_new(NULL);
  AdwMessageDialog *dialog = new_plan_dialog(self, heading, body);

  if (renamed != NULL)
    g_object_set_data_full(G_OBJECT(dialog), "plan-name", g_strdup(renamed), g_free);
  gtk_editable_set_text(GTK_EDITABLE(entry), name);
  gtk_accessible_update_property(GTK_ACCESSIBLE(entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                 _("Plan name"), -1);
  gtk_entry_set_max_length(GTK_ENTRY(entry), 200);
  gtk_label_set_wrap(GTK_LABEL(problem), TRUE);
  gtk_label_set_xalign(GTK_LABEL(problem), 0.0f);
  gtk_widget_add_css_class(problem, "error");
  gtk_widget_set_visible(problem, FALSE);
  gtk_box_append(GTK_BOX(box), entry);
  gtk_box_append(GTK_BOX(box), problem);
  adw_message_dialog_set_extra_child(dialog, box);
  adw_message_dialog_add_responses(dialog, "cancel", _("_Cancel"), "save", accept, NULL);
  adw_message_dialog_set_response_appearance(dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response(dialog, "save");
  adw_message_dialog_set_close_response(dialog, "cancel");
  g_signal_connect_swapped(entry, "changed", G_CALLBACK(on_save_name_changed), self);
  g_signal_connect_swapped(entry, "activate", G_CALLBACK(on_save_name_activate), self);
  on_save_name_changed(self, GTK_EDITABLE(entry));
  gtk_window_present(GTK_WINDOW(dialog));
  gtk_widget_grab_focus(entry);
  return dialog;
}

static void action_save_plan(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtTwinPage *self = CT_TWIN_PAGE(widget);
  g_autofree char *suggestion = NULL;
  AdwMessageDialog *dialog;

  if (self->store == NULL)
    return;
  gtk_popover_popdown(self->plans_popover);
  for (guint n = 1; suggestion == NULL || plan_exists(self, suggestion); n++) {
    g_free(suggestion);
    /* TRANSLATORS: the name a new plan is offered, with its number. */
    suggestion = g_strdup_printf(_("Plan %u"), n);
  }
  dialog = new_plan_name_dialog(self, _("Save Plan"),
                                _("The plan is saved in the local cache with this patient’s twin."),
                                suggestion, NULL, _("_Save"));
  g_signal_connect(dialog, "response", G_CALLBACK(on_save_response), self);
}

static void on_rename_response(AdwMessageDialog *dialog, const char *response, CtTwinPage *self)
{
  GtkWidget *box = adw_message_dialog_get_extra_child(dialog);
  g_autofree char *plan = g_strdup(g_object_get_data(G_OBJECT(dialog), "plan-name"));
  g_autofree char *typed =
      g_strdup(gtk_editable_get_text(GTK_EDITABLE(gtk_widget_get_first_child(box))));
  g_autofree char *new_name = NULL;
  g_autoptr(GError) error = NULL;

  close_plan_dialog(self);
  if (!g_str_equal(response, "save") || self->store == NULL)
    return;
  new_name = ct_store_normalize_scenario_name(typed, &error);
  if (new_name == NULL ||
      !ct_store_rename_scenario(self->store, self->patient_key, plan, new_name, &error)) {
    g_autofree char *text = g_strdup_printf(_("The plan was not renamed: %s"), error->message);

    show_message(self, text);
  } else {
    /* TRANSLATORS: a toast; the plan's old name, then its new one. */
    g_autofree char *text = g_strdup_printf(_("Plan “%s” renamed “%s”"), plan, new_name);

    show_message(self, text);
  }
  refresh_plans(self);
}

static void action_rename_plan(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtTwinPage *self = CT_TWIN_PAGE(widget);
  const char *plan = g_variant_get_string(parameter, NULL);
  AdwMessageDialog *dialog;

  if (self->store == NULL)
    return;
  gtk_popover_popdown(self->plans_popover);
  dialog = new_plan_name_dialog(self, _("Rename Plan"),
                                _("The plan keeps its therapy; only its name changes."), plan, plan,
                                _("_Rename"));
  g_signal_connect(dialog, "response", G_CALLBACK(on_rename_response), self);
}

static void action_duplicate_plan(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtTwinPage *self = CT_TWIN_PAGE(widget);
  const char *plan = g_variant_get_string(parameter, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtScenario) scenario = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *document = NULL;

  if (self->store == NULL)
    return;
  scenario = ct_store_load_scenario(self->store, self->patient_key, plan, &error);
  /* The first free "NAME (copy)", "NAME (copy 2)", ... */
  for (guint n = 1; scenario != NULL && (copy == NULL || plan_exists(self, copy)); n++) {
    g_autofree char *candidate =
        /* TRANSLATORS: the name of a duplicated plan, and of its further copies. */
        n == 1 ? g_strdup_printf(_("%s (copy)"), plan)
               : g_strdup_printf(_("%s (copy %u)"), plan, n);

    g_free(copy);
    /* Refused: too long with the suffix, or a name saved before a rule it now breaks (a line
     * separator, a direction override): the store's reason is said. */
    copy = ct_store_normalize_scenario_name(candidate, &error);
    if (copy == NULL)
      break;
  }
  if (scenario != NULL && copy != NULL) {
    bytes = ct_scenario_to_bytes(scenario);
    document = g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
  }
  if (scenario == NULL || copy == NULL ||
      !ct_store_save_scenario(self->store, self->patient_key, copy, document, &error)) {
    /* Each way here has set @error: the plan did not load, its copy's name was refused, or the
     * copy was not saved. */
    g_autofree char *text = g_strdup_printf(_("The plan was not duplicated: %s"), error->message);

    show_message(self, text);
    return;
  }
  refresh_plans(self);
  {
    g_autofree char *text = g_strdup_printf(_("Plan “%s” saved as “%s”"), plan, copy);

    show_message(self, text);
  }
}

static void on_delete_response(AdwMessageDialog *dialog, const char *response, CtTwinPage *self)
{
  g_autofree char *plan = g_strdup(g_object_get_data(G_OBJECT(dialog), "plan-name"));
  g_autoptr(GError) error = NULL;

  close_plan_dialog(self);
  if (!g_str_equal(response, "delete") || self->store == NULL)
    return;
  if (!ct_store_delete_scenario(self->store, self->patient_key, plan, &error)) {
    g_autofree char *text = g_strdup_printf(_("The plan was not deleted: %s"), error->message);

    show_message(self, text);
  } else {
    g_autofree char *text = g_strdup_printf(_("Plan “%s” deleted"), plan);

    show_message(self, text);
  }
  refresh_plans(self);
}

static void action_delete_plan(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtTwinPage *self = CT_TWIN_PAGE(widget);
  const char *plan = g_variant_get_string(parameter, NULL);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (self->store == NULL)
    return;
  gtk_popover_popdown(self->plans_popover);
  body =
      g_strdup_printf(_("“%s” will be deleted from the local cache. This cannot be undone."), plan);
  dialog = new_plan_dialog(self, _("Delete Plan?"), body);
  g_object_set_data_full(G_OBJECT(dialog), "plan-name", g_strdup(plan), g_free);
  adw_message_dialog_add_responses(dialog, "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance(dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response(dialog, "cancel");
  adw_message_dialog_set_close_response(dialog, "cancel");
  g_signal_connect(dialog, "response", G_CALLBACK(on_delete_response), self);
  gtk_window_present(GTK_WINDOW(dialog));
}

/* Writes the panel's therapy to @file, named after the file: atomically (a temporary file renamed
 * over the old one), so that a failure never leaves half a plan. */
static void export_plan(CtTwinPage *self, GFile *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtScenario) scenario = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *basename = g_file_get_basename(file);
  g_autofree char *display = g_file_get_parse_name(file);
  char *dot;
  CsTherapy therapy;

  if (basename != NULL && (dot = strrchr(basename, '.')) != NULL && dot != basename)
    *dot = '\0';
  ct_therapy_panel_get_therapy(self->therapy_panel, &therapy);
  scenario = ct_scenario_new_from_therapy(basename, &therapy, &error);
  if (scenario == NULL) {
    g_clear_error(&error);
    scenario = ct_scenario_new_from_therapy(NULL, &therapy, &error);
  }
  if (scenario != NULL) {
    bytes = ct_scenario_to_bytes(scenario);
    g_file_replace_contents(file, g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes), NULL,
                            FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, &error);
  }
  if (error != NULL) {
    g_autofree char *text = g_strdup_printf(_("The plan was not exported: %s"), error->message);

    show_message(self, text);
    return;
  }
  {
    g_autofree char *text = g_strdup_printf(_("Plan exported to %s"), display);

    show_message(self, text);
  }
}

static void action_export_plan_to(GtkWidget *widget, const char *name, GVariant *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_path(g_variant_get_string(parameter, NULL));

  export_plan(CT_TWIN_PAGE(widget), file);
}

static void on_export_chosen(GtkNativeDialog *dialog, int response, CtTwinPage *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog));
  close_export_dialog(self);
  if (file != NULL)
    export_plan(self, file);
}

static void action_export_plan(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtTwinPage *self = CT_TWIN_PAGE(widget);

  gtk_popover_popdown(self->plans_popover);
  if (self->export_dialog == NULL) {
    /* TRANSLATORS: the file name an exported plan is offered. */
    self->export_dialog = new_save_dialog(self, _("Export Plan"), _("Scenarios (JSON)"),
                                          "application/json", "*.json", _("plan.json"));
    g_signal_connect(self->export_dialog, "response", G_CALLBACK(on_export_chosen), self);
  }
  gtk_native_dialog_show(self->export_dialog);
}

/* ---------------------------------------------------------------- report */

/* What the report needs, held for the writer thread: the twin and beats are immutable (a CtTwin
 * is only read; CtBeat is published once), so references are enough. */
typedef struct {
  CtTwin *twin;
  CtBeat *baseline;
  CtBeat *plan;
  CsTherapy plan_therapy;
  GArray *crt_candidates;     /* the CRT tab's ranking for this twin and plan, or NULL */
  CtCrtCandidate crt_lv_only; /* LV-only pacing beside it, when has_crt_lv_only */
  gboolean has_crt_lv_only;
  CtDrugLibrary *drugs; /* only read: the drugs' names */
  CtStore *store;       /* the cache whose audit log records the export, or NULL (a file) */
  gint64 patient_key;
  int twin_version; /* the version of the patient's twin the report is of */
  char *path;
  CtReportPaper paper;
} ReportJob;

static void report_job_free(gpointer data)
{
  ReportJob *job = data;

  g_clear_object(&job->twin);
  g_clear_pointer(&job->baseline, ct_beat_unref);
  g_clear_pointer(&job->plan, ct_beat_unref);
  g_clear_pointer(&job->crt_candidates, g_array_unref);
  g_clear_object(&job->drugs);
  g_clear_object(&job->store);
  g_free(job->path);
  g_free(job);
}

static void report_run(CtReportRun *run, CtBeat *beat, const CsTherapy *therapy)
{
  run->indices = beat->indices;
  run->beat = (CtPlotBeat){beat->samples, beat->n_samples};
  memcpy(run->activation_ms, beat->segment_activation_ms, sizeof run->activation_ms);
  run->av_interval_ms = beat->av_interval_ms;
  run->therapy = therapy;
}

/* The PDF is drawn (cairo, Pango: a few hundred milliseconds) and written on a worker thread; the
 * report writer's own temporary file and rename keep a failure from leaving half a report. */
static void report_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ReportJob *job = data;
  CtReportInput input = {0};
  GError *error = NULL;

  input.twin = job->twin;
  report_run(&input.baseline, job->baseline, NULL);
  report_run(&input.plan, job->plan, &job->plan_therapy);
  if (job->crt_candidates != NULL) {
    input.crt_candidates = (const CtCrtCandidate *)(gpointer)job->crt_candidates->data;
    input.n_crt_candidates = job->crt_candidates->len;
    input.crt_lv_only = job->has_crt_lv_only ? &job->crt_lv_only : NULL;
  }
  input.drugs = job->drugs;
  if (ct_report_write_pdf(&input, job->path, job->paper, &error))
    g_task_return_boolean(task, TRUE);
  else
    g_task_return_error(task, error);
}

static void on_report_written(GObject *source, GAsyncResult *result, gpointer data)
{
  ReportJob *job = g_task_get_task_data(G_TASK(result));
  g_autoptr(CtTwinPage) self = ct_widget_task_dup_widget(result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) audit_error = NULL;
  g_autofree char *display = g_filename_display_name(job->path);
  gboolean written = g_task_propagate_boolean(G_TASK(result), &error);
  gboolean current;

  /* The audit log says who exported which patient's report, of which twin version, and when
   * (docs/cache.md), whichever twin is open now: one row on the main connection, as opening a twin
   * writes. A read-only cache records nothing, as for opening; a cache that cannot record it
   * (full, damaged) does not undo the report, but the clinician is told. */
  if (written && job->store != NULL && !ct_store_is_read_only(job->store))
    ct_store_audit(job->store, CT_STORE_AUDIT_EXPORT, job->patient_key, job->twin_version,
                   &audit_error);
  /* The window was closed while the report was written: nobody to tell. */
  if (self == NULL)
    return;
  current = g_task_get_cancellable(G_TASK(result)) == self->report_cancellable;

  /* Another twin was opened since: a report written is the file the clinician chose, said no
   * more; one that failed is said all the same (its message names the file, not the patient), so
   * nobody expects a report that is not there. */
  if (!current && written)
    return;
  if (current)
    g_clear_object(&self->report_cancellable);
  if (!written) {
    g_autofree char *text = g_strdup_printf(_("The report was not written: %s"), error->message);

    show_message(self, text);
    return;
  }
  if (audit_error != NULL) {
    /* TRANSLATORS: the first %s is the PDF file's path, the second why the cache's audit log
     * could not record the export. */
    g_autofree char *text =
        g_strdup_printf(_("Report written to %s, but the export could not be recorded in the "
                          "audit log: %s"),
                        display, audit_error->message);

    show_message(self, text);
  } else {
    /* TRANSLATORS: %s is the PDF file's path. */
    g_autofree char *text = g_strdup_printf(_("Report written to %s"), display);

    show_message(self, text);
  }
}

/* The paper of the user's locale (GTK's default paper size: Letter in North America, A4
 * elsewhere). */
static CtReportPaper locale_paper(void)
{
  g_autoptr(GtkPaperSize) paper = gtk_paper_size_new(NULL);

  return g_str_has_prefix(gtk_paper_size_get_name(paper), "na_") ? CT_REPORT_PAPER_LETTER
                                                                 : CT_REPORT_PAPER_A4;
}

static void export_report(CtTwinPage *self, const char *path)
{
  g_autoptr(GTask) task = NULL;
  ReportJob *job;

  /* The figures must be the panel's plan's: not an older answer while the engine works on the
   * newest change, nor the previous plan's kept on screen after a failure. */
  if (self->twin == NULL || self->baseline_beat == NULL || self->plan_beat == NULL ||
      self->plan_error != NULL || self->plan_beat->generation < self->requested_generation) {
    show_message(self, _("The report needs the baseline and the plan: wait for the engine's "
                         "answer"));
    return;
  }
  if (self->report_cancellable != NULL) {
    show_message(self, _("A report is already being written"));
    return;
  }
  job = g_new0(ReportJob, 1);
  job->twin = g_object_ref(self->twin);
  job->baseline = ct_beat_ref(self->baseline_beat);
  job->plan = ct_beat_ref(self->plan_beat);
  ct_therapy_panel_get_therapy(self->therapy_panel, &job->plan_therapy);
  /* The CRT tab's ranking goes with the report when it is there: it is cleared whenever the twin
   * or the plan's drugs, LVAD, reflexes, rate or RV lead change, so it belongs to this plan. */
  if (ct_crt_view_get_candidates(self->crt_view) != NULL) {
    GArray *shown = ct_crt_view_get_candidates(self->crt_view);

    job->crt_candidates = g_array_sized_new(FALSE, FALSE, sizeof(CtCrtCandidate), shown->len);
    g_array_append_vals(job->crt_candidates, shown->data, shown->len);
    if (ct_crt_view_get_lv_only(self->crt_view) != NULL) {
      job->crt_lv_only = *ct_crt_view_get_lv_only(self->crt_view);
      job->has_crt_lv_only = TRUE;
    }
  }
  job->drugs = self->drugs != NULL ? g_object_ref(self->drugs) : NULL;
  job->store = self->store != NULL ? g_object_ref(self->store) : NULL;
  job->patient_key = self->patient_key;
  job->twin_version = self->twin_version;
  job->path = g_strdup(path);
  job->paper = locale_paper();
  self->report_cancellable = g_cancellable_new();
  task = ct_widget_task_new(self, self->report_cancellable, on_report_written, export_report);
  g_task_set_task_data(task, job, report_job_free);
  g_task_run_in_thread(task, report_thread);
}

static void action_export_report_to(GtkWidget *widget, const char *name, GVariant *parameter)
{
  export_report(CT_TWIN_PAGE(widget), g_variant_get_string(parameter, NULL));
}

static void close_report_dialog(CtTwinPage *self)
{
  close_dialog(self, &self->report_dialog);
}

static void on_report_chosen(GtkNativeDialog *dialog, int response, CtTwinPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog));
  close_report_dialog(self);
  if (file == NULL)
    return;
  path = g_file_get_path(file);
  if (path == NULL) {
    show_message(self, _("The report can only be written to a local file"));
    return;
  }
  export_report(self, path);
}

static void action_export_report(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtTwinPage *self = CT_TWIN_PAGE(widget);

  gtk_popover_popdown(self->plans_popover);
  if (self->report_dialog == NULL) {
    /* TRANSLATORS: the file name a plan report is offered. */
    self->report_dialog = new_save_dialog(self, _("Export Report"), _("PDF documents"),
                                          "application/pdf", "*.pdf", _("plan-report.pdf"));
    g_signal_connect(self->report_dialog, "response", G_CALLBACK(on_report_chosen), self);
  }
  gtk_native_dialog_show(self->report_dialog);
}

gboolean ct_twin_page_get_report_busy(CtTwinPage *self)
{
  g_return_val_if_fail(CT_IS_TWIN_PAGE(self), FALSE);
  return self->report_cancellable != NULL;
}

static void action_reset_plan(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtTwinPage *self = CT_TWIN_PAGE(widget);

  history_seal(self);
  ct_therapy_panel_set_therapy(self->therapy_panel, &self->start_therapy, NULL);
  history_seal(self);
}

static void action_toggle_therapy_panel(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtTwinPage *self = CT_TWIN_PAGE(widget);

  adw_flap_set_reveal_flap(self->flap, !adw_flap_get_reveal_flap(self->flap));
}

/* The 3D view's own actions, for the buttons beside it (outside its widget tree). */
static void action_heart_view(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtTwinPage *self = CT_TWIN_PAGE(widget);

  if (g_str_equal(name, "twin.reset-view"))
    gtk_widget_activate_action(GTK_WIDGET(self->heart_view), "heart-view.reset", NULL);
  else
    gtk_widget_activate_action(GTK_WIDGET(self->heart_view), "heart-view.toggle-cut-away", NULL);
}

static void action_show_trends(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtTwinPage *self = CT_TWIN_PAGE(widget);

  gtk_stack_set_visible_child(self->plots_stack, GTK_WIDGET(self->trends_view));
}

static void action_show_crt(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtTwinPage *self = CT_TWIN_PAGE(widget);

  gtk_stack_set_visible_child(self->plots_stack, GTK_WIDGET(self->crt_view));
}

static void action_show_compare(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtTwinPage *self = CT_TWIN_PAGE(widget);

  gtk_stack_set_visible_child(self->plots_stack, GTK_WIDGET(self->compare_view));
}

static void action_colour_mode(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtTwinPage *self = CT_TWIN_PAGE(widget);
  const char *mode = g_variant_get_string(parameter, NULL);

  for (guint i = 0; i < G_N_ELEMENTS(colour_mode_names); i++)
    if (g_str_equal(mode, colour_mode_names[i]))
      gtk_drop_down_set_selected(self->colour_mode, i);
}

/* ---------------------------------------------------------------- object */

static void ct_twin_page_get_property(GObject *object, guint prop_id, GValue *value,
                                      GParamSpec *pspec)
{
  CtTwinPage *self = CT_TWIN_PAGE(object);

  switch (prop_id) {
  case PROP_PRESSURE_KPA:
    g_value_set_boolean(value, self->pressure_kpa);
    break;
  case PROP_ANIMATION_SPEED:
    g_value_set_double(value, self->animation_speed);
    break;
  case PROP_COLOUR_MODE: {
    guint selected = gtk_drop_down_get_selected(self->colour_mode);

    g_value_set_string(value, selected < G_N_ELEMENTS(colour_mode_names)
                                  ? colour_mode_names[selected]
                                  : colour_mode_names[CT_COLOUR_ACTIVATION]);
    break;
  }
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void ct_twin_page_set_property(GObject *object, guint prop_id, const GValue *value,
                                      GParamSpec *pspec)
{
  CtTwinPage *self = CT_TWIN_PAGE(object);

  switch (prop_id) {
  case PROP_PRESSURE_KPA:
    if (self->pressure_kpa != g_value_get_boolean(value)) {
      self->pressure_kpa = g_value_get_boolean(value);
      update_messages(self); /* the warnings' pressures in the unit chosen */
      g_object_notify_by_pspec(object, pspec);
    }
    break;
  case PROP_ANIMATION_SPEED:
    if (self->animation_speed != g_value_get_double(value)) {
      self->animation_speed = g_value_get_double(value);
      ct_heart_view_set_animation_speed(self->heart_view, self->animation_speed);
      g_object_notify_by_pspec(object, pspec);
    }
    break;
  case PROP_COLOUR_MODE:
    for (guint i = 0; i < G_N_ELEMENTS(colour_mode_names); i++)
      if (g_strcmp0(g_value_get_string(value), colour_mode_names[i]) == 0)
        gtk_drop_down_set_selected(self->colour_mode, i);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void stop_workers(CtTwinPage *self)
{
  if (self->baseline_worker != NULL)
    g_signal_handlers_disconnect_by_data(self->baseline_worker, self);
  if (self->plan_worker != NULL)
    g_signal_handlers_disconnect_by_data(self->plan_worker, self);
  g_clear_object(&self->baseline_worker);
  g_clear_object(&self->plan_worker);
}

static void ct_twin_page_dispose(GObject *object)
{
  CtTwinPage *self = CT_TWIN_PAGE(object);

  if (self->heart_view != NULL)
    ct_heart_view_set_worker(self->heart_view, NULL);
  stop_workers(self);
  close_scenario_dialog(self);
  close_export_dialog(self);
  close_report_dialog(self);
  /* A report being written finishes in its thread; its message is no longer wanted. */
  g_clear_object(&self->report_cancellable);
  close_plan_dialog(self);
  g_clear_handle_id(&self->coalesce_id, g_source_remove);
  g_clear_object(&self->store);
  ct_widget_dispose_template_children(GTK_WIDGET(object), CT_TYPE_TWIN_PAGE);
  g_clear_pointer(&self->baseline_beat, ct_beat_unref);
  g_clear_pointer(&self->plan_beat, ct_beat_unref);
  g_clear_object(&self->twin);
  g_clear_object(&self->drugs);
  g_clear_pointer(&self->baseline_error, g_free);
  g_clear_pointer(&self->plan_error, g_free);
  g_clear_pointer(&self->undo, g_array_unref);
  g_clear_pointer(&self->redo, g_array_unref);
  G_OBJECT_CLASS(ct_twin_page_parent_class)->dispose(object);
}

static void ct_twin_page_class_init(CtTwinPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->get_property = ct_twin_page_get_property;
  object_class->set_property = ct_twin_page_set_property;
  object_class->dispose = ct_twin_page_dispose;

  properties[PROP_PRESSURE_KPA] =
      g_param_spec_boolean("pressure-kpa", NULL, NULL, FALSE,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANIMATION_SPEED] =
      g_param_spec_double("animation-speed", NULL, NULL, 0.0, 10.0, 1.0,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* What the heart's colours show: anatomy, activation, scar or segments (the settings' enum). */
  properties[PROP_COLOUR_MODE] =
      g_param_spec_string("colour-mode", NULL, NULL, "activation",
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, properties);

  signals[SIGNAL_MESSAGE] = g_signal_new("message", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_TWIN_RECALIBRATED] =
      g_signal_new("twin-recalibrated", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                   NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure(CT_TYPE_HEART_VIEW);
  g_type_ensure(CT_TYPE_PLOT_VIEW);
  g_type_ensure(CT_TYPE_BULLSEYE_VIEW);
  g_type_ensure(CT_TYPE_INDICES_TABLE);
  g_type_ensure(CT_TYPE_THERAPY_PANEL);
  g_type_ensure(CT_TYPE_TRENDS_VIEW);
  g_type_ensure(CT_TYPE_CRT_VIEW);
  g_type_ensure(CT_TYPE_COMPARE_VIEW);
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/cardiotwin/CardioTwin/ui/ct-twin-page.ui");
  gtk_widget_class_bind_template_child(widget_class, CtTwinPage, flap);
  gtk_widget_class_bind_template_child(widget_class, CtTwinPage, heart_view);
  gtk_widget_class_bind_template_child(widget_class, CtTwinPage, lv_loop);
  gtk_widget_class_bind_template_child(widget_class, CtTwinPage, rv_loop);
  gtk_widget_class_bind_template_child(widget_class, CtTwinPage, left_heart);
  gtk_widget_class_bind_template_child(widget_class, CtTwinPage, right_heart);
  gtk_widget_class_bind_template_child(widget_class, CtTwinPage, volumes);
  gtk_widget_class_bind_template_child(widget_class, CtTwinPage, bullseye);
  gtk_widget_class_bind_template_child(widget_class, CtTwinPage, indices_table);
  gtk_widget_class_bind_template_child(widget_class, CtTwinPage, therapy_panel);
  gtk_widget_class_bind_template_child(widget_class, CtTwinPage, error_revealer);
  gtk_widget_class_bind_template_child(widget_class, CtTwinPage, error_label);
  gtk_widget_class_bind_template_child(widget_class, CtTwinPage, warning_revealer);
  gtk_widget_class_bind_template_child(widget_class, CtTwinPage, warning_label);
  gtk_widget_class_bind_template_child(widget_class, CtTwinPage, colour_mode);
  gtk_widget_class_bind_template_child(widget_class, CtTwinPage, plots_stack);
  gtk_widget_class_bind_template_child(widget_class, CtTwinPage, trends_view);
  gtk_widget_class_bind_template_child(widget_class, CtTwinPage, crt_view);
  gtk_widget_class_bind_template_child(widget_class, CtTwinPage, compare_view);
  gtk_widget_class_bind_template_child(widget_class, CtTwinPage, plans_button);
  gtk_widget_class_bind_template_child(widget_class, CtTwinPage, plans_popover);
  gtk_widget_class_bind_template_child(widget_class, CtTwinPage, plans_note);
  gtk_widget_class_bind_template_child(widget_class, CtTwinPage, plans_scroller);
  gtk_widget_class_bind_template_child(widget_class, CtTwinPage, plans_list);
  gtk_widget_class_bind_template_callback(widget_class, on_therapy_changed);
  gtk_widget_class_bind_template_callback(widget_class, on_segment_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_colour_mode_selected);
  gtk_widget_class_bind_template_callback(widget_class, on_twin_recalibrated);
  gtk_widget_class_bind_template_callback(widget_class, on_crt_message);
  gtk_widget_class_bind_template_callback(widget_class, on_plans_popover_show);
  gtk_widget_class_bind_template_callback(widget_class, on_plan_row_activated);

  gtk_widget_class_install_action(widget_class, "twin.set-dose", "(sd)", action_set_dose);
  gtk_widget_class_install_action(widget_class, "twin.apply-scenario", "s", action_apply_scenario);
  gtk_widget_class_install_action(widget_class, "twin.open-scenario", NULL, action_open_scenario);
  gtk_widget_class_install_action(widget_class, "twin.reset-plan", NULL, action_reset_plan);
  gtk_widget_class_install_action(widget_class, "twin.toggle-therapy-panel", NULL,
                                  action_toggle_therapy_panel);
  gtk_widget_class_install_action(widget_class, "twin.colour-mode", "s", action_colour_mode);
  gtk_widget_class_install_action(widget_class, "twin.reset-view", NULL, action_heart_view);
  gtk_widget_class_install_action(widget_class, "twin.toggle-cut-away", NULL, action_heart_view);
  gtk_widget_class_install_action(widget_class, "twin.show-trends", NULL, action_show_trends);
  gtk_widget_class_install_action(widget_class, "twin.show-crt", NULL, action_show_crt);
  gtk_widget_class_install_action(widget_class, "twin.show-compare", NULL, action_show_compare);
  gtk_widget_class_install_action(widget_class, "twin.save-plan", NULL, action_save_plan);
  gtk_widget_class_install_action(widget_class, "twin.save-plan-as", "s", action_save_plan_as);
  gtk_widget_class_install_action(widget_class, "twin.apply-plan", "s", action_apply_plan);
  gtk_widget_class_install_action(widget_class, "twin.rename-plan", "s", action_rename_plan);
  gtk_widget_class_install_action(widget_class, "twin.duplicate-plan", "s", action_duplicate_plan);
  gtk_widget_class_install_action(widget_class, "twin.delete-plan", "s", action_delete_plan);
  gtk_widget_class_install_action(widget_class, "twin.export-plan", NULL, action_export_plan);
  gtk_widget_class_install_action(widget_class, "twin.export-plan-to", "s", action_export_plan_to);
  gtk_widget_class_install_action(widget_class, "twin.export-report", NULL, action_export_report);
  gtk_widget_class_install_action(widget_class, "twin.export-report-to", "s",
                                  action_export_report_to);
  gtk_widget_class_install_action(widget_class, "twin.undo", NULL, action_undo);
  gtk_widget_class_install_action(widget_class, "twin.redo", NULL, action_redo);
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name(widget_class, "ct-twin-page");
}

static void ct_twin_page_init(CtTwinPage *self)
{
  self->animation_speed = 1.0;
  self->undo = g_array_new(FALSE, FALSE, sizeof(CsTherapy));
  self->redo = g_array_new(FALSE, FALSE, sizeof(CsTherapy));
  cs_therapy_default(&self->current);
  gtk_widget_init_template(GTK_WIDGET(self));
  update_history_actions(self);
  refresh_plans(self);
  /* Activation is what the planning is about; the clinician changes it from the drop-down. */
  gtk_drop_down_set_selected(self->colour_mode, CT_COLOUR_ACTIVATION);
  on_colour_mode_selected(self);
  g_object_bind_property(self, "pressure-kpa", self->lv_loop, "pressure-kpa",
                         G_BINDING_SYNC_CREATE);
  g_object_bind_property(self, "pressure-kpa", self->rv_loop, "pressure-kpa",
                         G_BINDING_SYNC_CREATE);
  g_object_bind_property(self, "pressure-kpa", self->left_heart, "pressure-kpa",
                         G_BINDING_SYNC_CREATE);
  g_object_bind_property(self, "pressure-kpa", self->right_heart, "pressure-kpa",
                         G_BINDING_SYNC_CREATE);
  g_object_bind_property(self, "pressure-kpa", self->indices_table, "pressure-kpa",
                         G_BINDING_SYNC_CREATE);
  g_object_bind_property(self, "pressure-kpa", self->trends_view, "pressure-kpa",
                         G_BINDING_SYNC_CREATE);
  /* A weight gain that calls for attention marks the Trends tab. */
  g_object_bind_property(self->trends_view, "needs-attention",
                         gtk_stack_get_page(self->plots_stack, GTK_WIDGET(self->trends_view)),
                         "needs-attention", G_BINDING_SYNC_CREATE);
  ct_crt_view_set_therapy_panel(self->crt_view, self->therapy_panel);
  ct_compare_view_set_therapy_panel(self->compare_view, self->therapy_panel);
  g_object_bind_property(self, "pressure-kpa", self->compare_view, "pressure-kpa",
                         G_BINDING_SYNC_CREATE);
  /* The CRT search wants both cores of a small machine for its second: the heart holds still. */
  g_signal_connect_object(self->crt_view, "applying", G_CALLBACK(on_crt_applying), self,
                          G_CONNECT_SWAPPED);
  g_signal_connect_object(self->crt_view, "notify::busy", G_CALLBACK(on_crt_busy), self,
                          G_CONNECT_SWAPPED);
}

GtkWidget *ct_twin_page_new(void)
{
  return g_object_new(CT_TYPE_TWIN_PAGE, NULL);
}

void ct_twin_page_set_twin(CtTwinPage *self, CtTwin *twin, CtDrugLibrary *drugs)
{
  CsTherapy baseline;

  g_return_if_fail(CT_IS_TWIN_PAGE(self));
  g_return_if_fail(CT_IS_TWIN(twin));
  g_return_if_fail(CT_IS_DRUG_LIBRARY(drugs));

  ct_heart_view_set_worker(self->heart_view, NULL);
  stop_workers(self);
  close_scenario_dialog(self);
  close_export_dialog(self);
  close_report_dialog(self);
  g_clear_object(&self->report_cancellable);
  close_plan_dialog(self);
  /* No patient until ct_twin_page_set_patient() says whose twin it is. */
  g_clear_object(&self->store);
  self->patient_key = 0;
  g_clear_pointer(&self->baseline_beat, ct_beat_unref);
  g_clear_pointer(&self->plan_beat, ct_beat_unref);
  g_set_object(&self->twin, twin);
  g_set_object(&self->drugs, drugs);
  self->requested_generation = 0;
  g_clear_pointer(&self->baseline_error, g_free);
  g_clear_pointer(&self->plan_error, g_free);
  update_plots(self);

  ct_bullseye_view_set_scar(self->bullseye, ct_twin_get_params(twin)->scar_transmurality);
  ct_plot_view_set_params(self->lv_loop, ct_twin_get_params(twin));
  ct_plot_view_set_params(self->rv_loop, ct_twin_get_params(twin));
  self->baseline_worker = ct_sim_worker_new(ct_twin_get_params(twin));
  self->plan_worker = ct_sim_worker_new(ct_twin_get_params(twin));
  g_signal_connect_swapped(self->baseline_worker, "beat-ready", G_CALLBACK(on_baseline_beat), self);
  g_signal_connect_swapped(self->baseline_worker, "simulation-failed",
                           G_CALLBACK(on_baseline_failed), self);
  g_signal_connect_swapped(self->plan_worker, "beat-ready", G_CALLBACK(on_plan_beat), self);
  g_signal_connect_swapped(self->plan_worker, "simulation-failed", G_CALLBACK(on_plan_failed),
                           self);
  ct_heart_view_set_twin(self->heart_view, twin);
  ct_heart_view_set_worker(self->heart_view, self->plan_worker);
  /* A CRT search belongs to its twin: another twin cancels it and clears its result. */
  ct_crt_view_set_twin(self->crt_view, twin);
  /* So does a comparison of plans. */
  ct_compare_view_set_twin(self->compare_view, twin);
  /* No patient until ct_twin_page_set_patient() says whose twin it is. */
  ct_trends_view_set_patient(self->trends_view, NULL, 0, twin);

  /* The baseline is the twin as it is: no drugs, no device, reflexes on. */
  cs_therapy_default(&baseline);
  ct_sim_worker_set_therapy(self->baseline_worker, &baseline);
  ct_therapy_panel_set_drug_library(self->therapy_panel, drugs);
  /* A new twin starts with the plan equal to the baseline; set_therapy asks the plan engine. The
   * LV lead a CRT plan would start from is the first usual target outside scar. */
  self->start_therapy = baseline;
  for (guint i = 0; i < G_N_ELEMENTS(lead_targets); i++)
    if (!segment_is_scarred(self, lead_targets[i])) {
      self->start_therapy.pacing.lv_lead_segment = lead_targets[i];
      break;
    }
  ct_therapy_panel_set_therapy(self->therapy_panel, &self->start_therapy, NULL);
  /* The history belongs to its twin: it starts here. */
  ct_therapy_panel_get_therapy(self->therapy_panel, &baseline);
  history_reset(self, &baseline);
  refresh_plans(self);
  update_messages(self);
}

CtTwin *ct_twin_page_get_twin(CtTwinPage *self)
{
  g_return_val_if_fail(CT_IS_TWIN_PAGE(self), NULL);
  return self->twin;
}

void ct_twin_page_set_patient(CtTwinPage *self, CtStore *store, gint64 patient_key,
                              int twin_version)
{
  g_return_if_fail(CT_IS_TWIN_PAGE(self));
  g_return_if_fail(store == NULL || CT_IS_STORE(store));
  self->twin_version = store != NULL ? twin_version : 0;
  ct_trends_view_set_patient(self->trends_view, store, patient_key, self->twin);
  g_set_object(&self->store, store);
  self->patient_key = store != NULL ? patient_key : 0;
  ct_compare_view_set_patient(self->compare_view, store, patient_key);
  refresh_plans(self);
}

CtBeat *ct_twin_page_get_baseline_beat(CtTwinPage *self)
{
  g_return_val_if_fail(CT_IS_TWIN_PAGE(self), NULL);
  return self->baseline_beat != NULL ? ct_beat_ref(self->baseline_beat) : NULL;
}

CtBeat *ct_twin_page_get_plan_beat(CtTwinPage *self)
{
  g_return_val_if_fail(CT_IS_TWIN_PAGE(self), NULL);
  return self->plan_beat != NULL ? ct_beat_ref(self->plan_beat) : NULL;
}

CtSimWorker *ct_twin_page_get_baseline_worker(CtTwinPage *self)
{
  g_return_val_if_fail(CT_IS_TWIN_PAGE(self), NULL);
  return self->baseline_worker;
}

CtSimWorker *ct_twin_page_get_plan_worker(CtTwinPage *self)
{
  g_return_val_if_fail(CT_IS_TWIN_PAGE(self), NULL);
  return self->plan_worker;
}

guint ct_twin_page_get_requested_generation(CtTwinPage *self)
{
  g_return_val_if_fail(CT_IS_TWIN_PAGE(self), 0);
  return self->requested_generation;
}

const char *ct_twin_page_get_warning(CtTwinPage *self)
{
  g_return_val_if_fail(CT_IS_TWIN_PAGE(self), NULL);
  return gtk_revealer_get_reveal_child(self->warning_revealer)
             ? gtk_label_get_text(self->warning_label)
             : NULL;
}

const char *ct_twin_page_get_error(CtTwinPage *self)
{
  g_return_val_if_fail(CT_IS_TWIN_PAGE(self), NULL);
  return gtk_revealer_get_reveal_child(self->error_revealer) ? gtk_label_get_text(self->error_label)
                                                             : NULL;
}

CtHeartView *ct_twin_page_get_heart_view(CtTwinPage *self)
{
  g_return_val_if_fail(CT_IS_TWIN_PAGE(self), NULL);
  return self->heart_view;
}

GtkWidget *ct_twin_page_get_therapy_panel(CtTwinPage *self)
{
  g_return_val_if_fail(CT_IS_TWIN_PAGE(self), NULL);
  return GTK_WIDGET(self->therapy_panel);
}

GtkWidget *ct_twin_page_get_lv_loop(CtTwinPage *self)
{
  g_return_val_if_fail(CT_IS_TWIN_PAGE(self), NULL);
  return GTK_WIDGET(self->lv_loop);
}

GtkWidget *ct_twin_page_get_indices_table(CtTwinPage *self)
{
  g_return_val_if_fail(CT_IS_TWIN_PAGE(self), NULL);
  return GTK_WIDGET(self->indices_table);
}

CtTrendsView *ct_twin_page_get_trends_view(CtTwinPage *self)
{
  g_return_val_if_fail(CT_IS_TWIN_PAGE(self), NULL);
  return self->trends_view;
}

CtCompareView *ct_twin_page_get_compare_view(CtTwinPage *self)
{
  g_return_val_if_fail(CT_IS_TWIN_PAGE(self), NULL);
  return self->compare_view;
}

CtCrtView *ct_twin_page_get_crt_view(CtTwinPage *self)
{
  g_return_val_if_fail(CT_IS_TWIN_PAGE(self), NULL);
  return self->crt_view;
}

GtkWidget *ct_twin_page_get_plans_button(CtTwinPage *self)
{
  g_return_val_if_fail(CT_IS_TWIN_PAGE(self), NULL);
  return GTK_WIDGET(self->plans_button);
}

GtkWidget *ct_twin_page_get_plans_list(CtTwinPage *self)
{
  g_return_val_if_fail(CT_IS_TWIN_PAGE(self), NULL);
  return GTK_WIDGET(self->plans_list);
}

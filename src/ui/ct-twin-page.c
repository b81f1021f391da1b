/* ct-twin-page.c — one open twin: heart, loops, traces, indices, therapy.
 *
 * Two engines run per twin, each on its own worker thread (ct-sim-worker.c): the baseline, asked
 * once, and the plan, asked at every change of the therapy panel. The worker keeps only the newest
 * request, so a dose dragged across its range costs one simulation per answer the screen can show,
 * never a queue of stale ones; every answer repaints the plots and the table at the next frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-twin-page.h"

#include <adwaita.h>

#include "ct-bullseye-view.h"
#include "ct-crt-view.h"
#include "ct-i18n.h"
#include "ct-indices-table.h"
#include "ct-plot-view.h"
#include "ct-plot.h"
#include "ct-sim-worker.h"
#include "ct-therapy-panel.h"
#include "ct-twin-error.h"

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
};

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

static void on_therapy_changed(CtTwinPage *self)
{
  CsTherapy therapy;

  if (self->plan_worker == NULL)
    return;
  ct_therapy_panel_get_therapy(self->therapy_panel, &therapy);
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
  if (!ct_therapy_panel_set_dose(self->therapy_panel, drug, dose, &error))
    show_message(self, error->message);
}

gboolean ct_twin_page_apply_scenario(CtTwinPage *self, CtScenario *scenario, GError **error)
{
  CsTherapy therapy;

  g_return_val_if_fail(CT_IS_TWIN_PAGE(self), FALSE);
  g_return_val_if_fail(CT_IS_SCENARIO(scenario), FALSE);
  ct_scenario_get_therapy(scenario, &therapy);
  return ct_therapy_panel_set_therapy(self->therapy_panel, &therapy, error);
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
    g_autofree char *text =
        g_strdup_printf(_("Scenario “%s” applied"), ct_scenario_get_name(scenario));

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
static void close_scenario_dialog(CtTwinPage *self)
{
  if (self->scenario_dialog == NULL)
    return;
  g_signal_handlers_disconnect_by_data(self->scenario_dialog, self);
  gtk_native_dialog_destroy(self->scenario_dialog);
  g_clear_object(&self->scenario_dialog);
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

static void action_reset_plan(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtTwinPage *self = CT_TWIN_PAGE(widget);

  ct_therapy_panel_set_therapy(self->therapy_panel, &self->start_therapy, NULL);
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
  gtk_widget_dispose_template(GTK_WIDGET(object), CT_TYPE_TWIN_PAGE);
  /* The template's root child is not a bound child: unparent it (and anything else) here. */
  for (GtkWidget *child = gtk_widget_get_first_child(GTK_WIDGET(object)); child != NULL;
       child = gtk_widget_get_first_child(GTK_WIDGET(object)))
    gtk_widget_unparent(child);
  g_clear_pointer(&self->baseline_beat, ct_beat_unref);
  g_clear_pointer(&self->plan_beat, ct_beat_unref);
  g_clear_object(&self->twin);
  g_clear_object(&self->drugs);
  g_clear_pointer(&self->baseline_error, g_free);
  g_clear_pointer(&self->plan_error, g_free);
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
  gtk_widget_class_bind_template_callback(widget_class, on_therapy_changed);
  gtk_widget_class_bind_template_callback(widget_class, on_segment_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_colour_mode_selected);
  gtk_widget_class_bind_template_callback(widget_class, on_twin_recalibrated);
  gtk_widget_class_bind_template_callback(widget_class, on_crt_message);

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
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name(widget_class, "ct-twin-page");
}

static void ct_twin_page_init(CtTwinPage *self)
{
  self->animation_speed = 1.0;
  gtk_widget_init_template(GTK_WIDGET(self));
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
  /* The CRT search wants both cores of a small machine for its second: the heart holds still. */
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
  update_messages(self);
}

CtTwin *ct_twin_page_get_twin(CtTwinPage *self)
{
  g_return_val_if_fail(CT_IS_TWIN_PAGE(self), NULL);
  return self->twin;
}

void ct_twin_page_set_patient(CtTwinPage *self, CtStore *store, gint64 patient_key)
{
  g_return_if_fail(CT_IS_TWIN_PAGE(self));
  g_return_if_fail(store == NULL || CT_IS_STORE(store));
  ct_trends_view_set_patient(self->trends_view, store, patient_key, self->twin);
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

CtCrtView *ct_twin_page_get_crt_view(CtTwinPage *self)
{
  g_return_val_if_fail(CT_IS_TWIN_PAGE(self), NULL);
  return self->crt_view;
}

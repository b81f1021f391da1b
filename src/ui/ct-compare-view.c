/* ct-compare-view.c — plans compared with the baseline (see ct-compare-view.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-compare-view.h"
#include "ct-widget-task.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "ct-i18n.h"
#include "ct-widget-template.h"
#include "ct-engine-words.h"
#include "ct-index-format.h"
#include "ct-plot.h"
#include "ct-scenario.h"
#include "ct-sim-worker.h"

/* Columns of the grid: the index's name, its unit, the baseline, then the plans. */
#define FIRST_VALUE_COLUMN 2

struct _CtCompareView {
  GtkWidget parent_instance;

  GtkFlowBox *plans_box;
  GtkLabel *status;
  GtkDrawingArea *loops;
  GtkGrid *grid;

  CtTwin *twin;
  CtStore *store;
  gint64 patient_key;
  CtTherapyPanel *panel; /* weak */
  gboolean pressure_kpa;

  GPtrArray *checks;         /* GtkCheckButton, "Current plan" first; data "plan-name" */
  GPtrArray *checked;        /* names checked, in the order checked (char *) */
  gboolean updating;         /* toggles made by the view itself */
  GCancellable *cancellable; /* the run under way, or NULL */

  /* The last result: the baseline then the plans, and their labels. */
  GPtrArray *beats;  /* CtBeat */
  GPtrArray *labels; /* char * */
  char *message;
};

G_DEFINE_FINAL_TYPE(CtCompareView, ct_compare_view, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_PRESSURE_KPA, PROP_BUSY, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------ the run */

typedef struct {
  CsParams params;
  CsTherapy therapies[CT_COMPARE_VIEW_MAX_PLANS + 1]; /* the baseline first */
  guint n;
  GPtrArray *labels; /* char *, as therapies */
  CtBeat *beats[CT_COMPARE_VIEW_MAX_PLANS + 1];
} Job;

static void job_free(gpointer data)
{
  Job *job = data;

  for (guint i = 0; i < job->n; i++)
    g_clear_pointer(&job->beats[i], ct_beat_unref);
  g_ptr_array_unref(job->labels);
  g_free(job);
}

static gboolean is_cancelled(gpointer cancellable)
{
  return g_cancellable_is_cancelled(cancellable);
}

/* The steady state in chunks of beats, so that a cancelled run stops soon. */
static CtBeat *simulate(const CsParams *params, const CsTherapy *therapy, GCancellable *cancellable,
                        GError **error)
{
  CsError cs_error = {{0}};
  CsSteadyStateResult result = {0};
  CsModel *model = cs_model_new(params, therapy, &cs_error);
  CsStatus status = model != NULL ? CS_OK : CS_ERROR_INVALID_PARAMETER;
  gboolean stopped = FALSE;
  CtBeat *beat = NULL;

  if (model != NULL)
    status = ct_sim_run_until_steady(model, cancellable != NULL ? is_cancelled : NULL, cancellable,
                                     &result, &stopped, &cs_error);
  if (g_cancellable_set_error_if_cancelled(cancellable, error)) {
    /* Nothing to keep. */
  } else if (status == CS_OK && result.converged) {
    beat = ct_beat_new_from_model(model, 0);
  } else {
    g_autofree char *why = status == CS_OK ? g_strdup(_("no periodic steady state"))
                                           : ct_engine_error_describe(&cs_error, &result);

    g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED, why);
  }
  if (model != NULL)
    cs_model_free(model);
  return beat;
}

static void run_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Job *job = data;

  for (guint i = 0; i < job->n; i++) {
    GError *error = NULL;

    job->beats[i] = simulate(&job->params, &job->therapies[i], cancellable, &error);
    if (job->beats[i] == NULL) {
      if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        char *message = g_strdup_printf("%s: %s", (char *)job->labels->pdata[i], error->message);

        g_clear_error(&error);
        g_set_error_literal(&error, G_IO_ERROR, G_IO_ERROR_FAILED, message);
        g_free(message);
      }
      g_task_return_error(task, error);
      return;
    }
  }
  g_task_return_boolean(task, TRUE);
}

static void set_message(CtCompareView *self, const char *message)
{
  g_free(self->message);
  self->message = g_strdup(message != NULL ? message : "");
  gtk_label_set_text(self->status, self->message);
}

static void clear_result(CtCompareView *self)
{
  g_ptr_array_set_size(self->beats, 0);
  g_ptr_array_set_size(self->labels, 0);
}

static void rebuild_grid(CtCompareView *self);

static void on_run_done(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(CtCompareView) self = ct_widget_task_dup_widget(result);
  GTask *task = G_TASK(result);
  Job *job = g_task_get_task_data(task);
  g_autoptr(GError) error = NULL;
  gboolean done = g_task_propagate_boolean(task, &error);

  if (self == NULL) /* the window was closed during the job */
    return;
  if (g_task_get_cancellable(task) != self->cancellable)
    return; /* a newer run, or none wanted */
  g_clear_object(&self->cancellable);
  clear_result(self);
  if (done) {
    for (guint i = 0; i < job->n; i++) {
      g_ptr_array_add(self->beats, ct_beat_ref(job->beats[i]));
      g_ptr_array_add(self->labels, g_strdup(job->labels->pdata[i]));
    }
    set_message(self, NULL);
  } else {
    g_autofree char *text =
        g_strdup_printf(_("The plans could not be simulated: %s"), error->message);

    set_message(self, text);
  }
  rebuild_grid(self);
  gtk_widget_queue_draw(GTK_WIDGET(self->loops));
  g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_BUSY]);
}

static void stop_run(CtCompareView *self)
{
  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel(self->cancellable);
  g_clear_object(&self->cancellable);
  g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_BUSY]);
}

/* The therapy of the plan @name, and its label; FALSE with a message when it cannot be read. */
static gboolean plan_therapy(CtCompareView *self, const char *name, CsTherapy *therapy,
                             char **label)
{
  g_autoptr(CtScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;

  if (g_str_equal(name, CT_COMPARE_VIEW_CURRENT)) {
    if (self->panel == NULL)
      return FALSE;
    ct_therapy_panel_get_therapy(self->panel, therapy);
    *label = g_strdup(_("Current plan"));
    return TRUE;
  }
  if (self->store != NULL)
    scenario = ct_store_load_scenario(self->store, self->patient_key, name, &error);
  if (scenario == NULL) {
    g_autofree char *text = g_strdup_printf(_("The plan “%s” could not be read: %s"), name,
                                            error != NULL ? error->message : "");

    set_message(self, text);
    return FALSE;
  }
  ct_scenario_get_therapy(scenario, therapy);
  *label = g_strdup(name);
  return TRUE;
}

static void start_run(CtCompareView *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  stop_run(self);
  clear_result(self);
  set_message(self, NULL);
  if (self->twin == NULL || self->checked->len == 0) {
    set_message(self, _("Check up to four plans to compare them with the baseline."));
    rebuild_grid(self);
    gtk_widget_queue_draw(GTK_WIDGET(self->loops));
    return;
  }
  job = g_new0(Job, 1);
  job->params = *ct_twin_get_params(self->twin);
  job->labels = g_ptr_array_new_with_free_func(g_free);
  cs_therapy_default(&job->therapies[0]);
  g_ptr_array_add(job->labels, g_strdup(C_("plot legend", "Baseline")));
  job->n = 1;
  for (guint i = 0; i < self->checked->len && job->n <= CT_COMPARE_VIEW_MAX_PLANS; i++) {
    char *label = NULL;

    if (!plan_therapy(self, self->checked->pdata[i], &job->therapies[job->n], &label)) {
      job_free(job);
      rebuild_grid(self);
      gtk_widget_queue_draw(GTK_WIDGET(self->loops));
      return;
    }
    g_ptr_array_add(job->labels, label);
    job->n++;
  }
  self->cancellable = g_cancellable_new();
  set_message(self, _("Simulating the plans…"));
  rebuild_grid(self);
  gtk_widget_queue_draw(GTK_WIDGET(self->loops));
  task = ct_widget_task_new(self, self->cancellable, on_run_done, start_run);
  g_task_set_task_data(task, job, job_free);
  g_task_run_in_thread(task, run_thread);
  g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_BUSY]);
}

/* ------------------------------------------------------------------ the grid */

static GtkWidget *cell_label(const char *text, float xalign)
{
  GtkWidget *label = gtk_label_new(text);

  gtk_label_set_xalign(GTK_LABEL(label), xalign);
  return label;
}

static void rebuild_grid(CtCompareView *self)
{
  GtkWidget *child;
  guint n = self->beats->len;

  while ((child = gtk_widget_get_first_child(GTK_WIDGET(self->grid))) != NULL)
    gtk_grid_remove(self->grid, child);
  if (n == 0)
    return;
  for (guint c = 0; c < n; c++) {
    GtkWidget *head = cell_label(self->labels->pdata[c], 1.0f);

    /* A long plan name wraps rather than widen its column. */
    gtk_widget_add_css_class(head, "heading");
    gtk_label_set_wrap(GTK_LABEL(head), TRUE);
    gtk_label_set_wrap_mode(GTK_LABEL(head), PANGO_WRAP_WORD);
    gtk_label_set_max_width_chars(GTK_LABEL(head), 12);
    gtk_label_set_justify(GTK_LABEL(head), GTK_JUSTIFY_RIGHT);
    gtk_widget_set_valign(head, GTK_ALIGN_END);
    gtk_grid_attach(self->grid, head, FIRST_VALUE_COLUMN + c, 0, 1, 1);
  }
  for (guint row = 0; row < cs_index_count(); row++) {
    const CtBeat *baseline = self->beats->pdata[0];
    guint i = ct_index_shown_at(row);
    double base = cs_indices_get(&baseline->indices, i);
    GtkWidget *unit;

    gtk_grid_attach(self->grid, cell_label(ct_index_label(i), 0.0f), 0, row + 1, 1, 1);
    unit = cell_label(ct_index_unit_label(i, self->pressure_kpa), 0.0f);
    gtk_widget_add_css_class(unit, "dim-label");
    gtk_grid_attach(self->grid, unit, 1, row + 1, 1, 1);
    for (guint c = 0; c < n; c++) {
      const CtBeat *beat = self->beats->pdata[c];
      double value = cs_indices_get(&beat->indices, i);
      g_autofree char *shown = ct_index_format_value(i, value, self->pressure_kpa);
      g_autofree char *change =
          c > 0 ? ct_index_format_change(i, base, value, self->pressure_kpa) : g_strdup("");
      gboolean highlighted = change[0] != '\0' && !g_str_equal(change, "0");
      g_autofree char *note = ct_index_human_range_note(i, value, self->pressure_kpa);
      GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *value_label = cell_label(shown, 1.0f);

      gtk_widget_set_halign(box, GTK_ALIGN_END);
      gtk_widget_add_css_class(value_label, "numeric");
      /* A value beyond the values reported in patients, as the indices table marks it. */
      if (note != NULL) {
        gtk_widget_add_css_class(value_label, "warning");
        gtk_widget_set_tooltip_text(value_label, note);
        gtk_accessible_update_property(GTK_ACCESSIBLE(value_label),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, note, -1);
      }
      g_object_set_data(G_OBJECT(box), "outside-human-range", GINT_TO_POINTER(note != NULL));
      g_object_set_data(G_OBJECT(box), "highlighted", GINT_TO_POINTER(highlighted));
      gtk_box_append(GTK_BOX(box), value_label);
      /* A plan's change from the baseline beside its value: bold when it is not zero as shown. */
      if (c > 0) {
        GtkWidget *change_label = cell_label(change, 0.0f);

        gtk_widget_add_css_class(change_label, "numeric");
        gtk_label_set_width_chars(GTK_LABEL(change_label), 5);
        if (highlighted) {
          g_autofree char *markup = g_markup_printf_escaped("<b>%s</b>", change);

          gtk_label_set_markup(GTK_LABEL(change_label), markup);
        } else {
          gtk_widget_add_css_class(change_label, "dim-label");
        }
        gtk_box_append(GTK_BOX(box), change_label);
      }
      gtk_grid_attach(self->grid, box, FIRST_VALUE_COLUMN + c, row + 1, 1, 1);
    }
  }
}

static GtkWidget *cell_box(CtCompareView *self, guint index, guint column)
{
  if (index >= cs_index_count() || column >= self->beats->len)
    return NULL;
  for (guint row = 0; row < cs_index_count(); row++)
    if (ct_index_shown_at(row) == index)
      return gtk_grid_get_child_at(self->grid, FIRST_VALUE_COLUMN + column, (int)row + 1);
  g_return_val_if_reached(NULL);
}

/* ------------------------------------------------------------------ the loops */

static void draw_loops(GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  CtCompareView *self = data;
  CtPlotBeat plot_beats[CT_COMPARE_VIEW_MAX_PLANS + 1];
  const CtPlotBeat *beats[CT_COMPARE_VIEW_MAX_PLANS + 1];
  const char *labels[CT_COMPARE_VIEW_MAX_PLANS + 1];
  guint n = MIN(self->beats->len, CT_COMPARE_VIEW_MAX_PLANS + 1);
  CtPlotStyle style;

  ct_plot_style_default(&style);
  style.dark = adw_style_manager_get_dark(adw_style_manager_get_default());
  style.pressure_kpa = self->pressure_kpa;
  for (guint i = 0; i < n; i++) {
    const CtBeat *beat = self->beats->pdata[i];

    plot_beats[i] = (CtPlotBeat){beat->samples, beat->n_samples};
    beats[i] = &plot_beats[i];
    labels[i] = self->labels->pdata[i];
  }
  ct_plot_pv_loops(cr, width, height, &style, CT_PLOT_LEFT_VENTRICLE, beats, labels, n);
}

/* ------------------------------------------------------------------ the checks */

static void update_sensitivity(CtCompareView *self)
{
  gboolean full = self->checked->len >= CT_COMPARE_VIEW_MAX_PLANS;

  for (guint i = 0; i < self->checks->len; i++) {
    GtkCheckButton *check = self->checks->pdata[i];

    gtk_widget_set_sensitive(GTK_WIDGET(check), !full || gtk_check_button_get_active(check));
  }
}

static gint find_checked(CtCompareView *self, const char *name)
{
  for (guint i = 0; i < self->checked->len; i++)
    if (g_str_equal(self->checked->pdata[i], name))
      return (gint)i;
  return -1;
}

static void on_check_toggled(GtkCheckButton *check, CtCompareView *self)
{
  const char *name = g_object_get_data(G_OBJECT(check), "plan-name");
  gint at = find_checked(self, name);

  if (gtk_check_button_get_active(check) && at < 0)
    g_ptr_array_add(self->checked, g_strdup(name));
  else if (!gtk_check_button_get_active(check) && at >= 0)
    g_ptr_array_remove_index(self->checked, at);
  update_sensitivity(self);
  if (!self->updating)
    start_run(self);
}

static void add_check(CtCompareView *self, const char *name, const char *label)
{
  GtkWidget *check = gtk_check_button_new_with_label(label);

  g_object_set_data_full(G_OBJECT(check), "plan-name", g_strdup(name), g_free);
  gtk_check_button_set_active(GTK_CHECK_BUTTON(check), find_checked(self, name) >= 0);
  g_signal_connect(check, "toggled", G_CALLBACK(on_check_toggled), self);
  gtk_flow_box_append(self->plans_box, check);
  g_ptr_array_add(self->checks, check);
}

/* The checks of the plans there are; a checked plan no longer there is unchecked. Whether the
 * selection changed. */
static gboolean rebuild_checks(CtCompareView *self)
{
  g_autoptr(GPtrArray) plans = NULL;
  GtkWidget *child;
  gboolean changed = FALSE;

  g_ptr_array_set_size(self->checks, 0);
  while ((child = gtk_widget_get_first_child(GTK_WIDGET(self->plans_box))) != NULL)
    gtk_flow_box_remove(self->plans_box, child);
  if (self->twin == NULL)
    return FALSE;
  if (self->store != NULL)
    plans = ct_store_list_scenarios(self->store, self->patient_key, NULL);
  for (guint i = self->checked->len; i-- > 0;) {
    const char *name = self->checked->pdata[i];
    gboolean there = g_str_equal(name, CT_COMPARE_VIEW_CURRENT);

    for (guint p = 0; !there && plans != NULL && p < plans->len; p++)
      there = g_str_equal(((CtStoreScenario *)plans->pdata[p])->name, name);
    if (!there) {
      g_ptr_array_remove_index(self->checked, i);
      changed = TRUE;
    }
  }
  add_check(self, CT_COMPARE_VIEW_CURRENT, _("Current plan"));
  for (guint p = 0; plans != NULL && p < plans->len; p++) {
    const char *name = ((CtStoreScenario *)plans->pdata[p])->name;

    add_check(self, name, name);
  }
  update_sensitivity(self);
  return changed;
}

void ct_compare_view_refresh_plans(CtCompareView *self)
{
  g_return_if_fail(CT_IS_COMPARE_VIEW(self));
  if (rebuild_checks(self))
    start_run(self);
}

void ct_compare_view_set_selected(CtCompareView *self, const char *const *names)
{
  g_return_if_fail(CT_IS_COMPARE_VIEW(self));
  rebuild_checks(self);
  g_ptr_array_set_size(self->checked, 0);
  self->updating = TRUE;
  for (guint i = 0; i < self->checks->len; i++)
    gtk_check_button_set_active(self->checks->pdata[i], FALSE);
  for (guint k = 0; names != NULL && names[k] != NULL; k++)
    for (guint i = 0; i < self->checks->len; i++) {
      GtkCheckButton *check = self->checks->pdata[i];

      if (self->checked->len < CT_COMPARE_VIEW_MAX_PLANS &&
          g_str_equal(g_object_get_data(G_OBJECT(check), "plan-name"), names[k]))
        gtk_check_button_set_active(check, TRUE);
    }
  self->updating = FALSE;
  start_run(self);
}

static void on_panel_changed(CtCompareView *self)
{
  if (find_checked(self, CT_COMPARE_VIEW_CURRENT) >= 0)
    start_run(self);
}

static void on_dark_changed(CtCompareView *self)
{
  gtk_widget_queue_draw(GTK_WIDGET(self->loops));
}

/* ------------------------------------------------------------------ GObject */

static void ct_compare_view_get_property(GObject *object, guint prop_id, GValue *value,
                                         GParamSpec *pspec)
{
  CtCompareView *self = CT_COMPARE_VIEW(object);

  switch (prop_id) {
  case PROP_PRESSURE_KPA:
    g_value_set_boolean(value, self->pressure_kpa);
    break;
  case PROP_BUSY:
    g_value_set_boolean(value, self->cancellable != NULL);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void ct_compare_view_set_property(GObject *object, guint prop_id, const GValue *value,
                                         GParamSpec *pspec)
{
  CtCompareView *self = CT_COMPARE_VIEW(object);

  switch (prop_id) {
  case PROP_PRESSURE_KPA:
    if (self->pressure_kpa != g_value_get_boolean(value)) {
      self->pressure_kpa = g_value_get_boolean(value);
      rebuild_grid(self);
      gtk_widget_queue_draw(GTK_WIDGET(self->loops));
      g_object_notify_by_pspec(object, pspec);
    }
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void ct_compare_view_dispose(GObject *object)
{
  CtCompareView *self = CT_COMPARE_VIEW(object);

  if (self->cancellable != NULL) {
    g_cancellable_cancel(self->cancellable);
    g_clear_object(&self->cancellable);
  }
  if (self->panel != NULL)
    g_signal_handlers_disconnect_by_data(self->panel, self);
  g_clear_weak_pointer(&self->panel);
  g_clear_object(&self->twin);
  g_clear_object(&self->store);
  g_clear_pointer(&self->checks, g_ptr_array_unref);
  ct_widget_dispose_template_children(GTK_WIDGET(object), CT_TYPE_COMPARE_VIEW);
  G_OBJECT_CLASS(ct_compare_view_parent_class)->dispose(object);
}

static void ct_compare_view_finalize(GObject *object)
{
  CtCompareView *self = CT_COMPARE_VIEW(object);

  g_ptr_array_unref(self->checked);
  g_ptr_array_unref(self->beats);
  g_ptr_array_unref(self->labels);
  g_free(self->message);
  G_OBJECT_CLASS(ct_compare_view_parent_class)->finalize(object);
}

static void ct_compare_view_class_init(CtCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->get_property = ct_compare_view_get_property;
  object_class->set_property = ct_compare_view_set_property;
  object_class->dispose = ct_compare_view_dispose;
  object_class->finalize = ct_compare_view_finalize;
  properties[PROP_PRESSURE_KPA] =
      g_param_spec_boolean("pressure-kpa", NULL, NULL, FALSE,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
      g_param_spec_boolean("busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/cardiotwin/CardioTwin/ui/ct-compare-view.ui");
  gtk_widget_class_bind_template_child(widget_class, CtCompareView, plans_box);
  gtk_widget_class_bind_template_child(widget_class, CtCompareView, status);
  gtk_widget_class_bind_template_child(widget_class, CtCompareView, loops);
  gtk_widget_class_bind_template_child(widget_class, CtCompareView, grid);
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name(widget_class, "ct-compare-view");
}

static void ct_compare_view_init(CtCompareView *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
  self->checks = g_ptr_array_new();
  self->checked = g_ptr_array_new_with_free_func(g_free);
  self->beats = g_ptr_array_new_with_free_func((GDestroyNotify)ct_beat_unref);
  self->labels = g_ptr_array_new_with_free_func(g_free);
  self->message = g_strdup("");
  gtk_drawing_area_set_draw_func(self->loops, draw_loops, self, NULL);
  g_signal_connect_object(adw_style_manager_get_default(), "notify::dark",
                          G_CALLBACK(on_dark_changed), self, G_CONNECT_SWAPPED);
}

GtkWidget *ct_compare_view_new(void)
{
  return g_object_new(CT_TYPE_COMPARE_VIEW, NULL);
}

void ct_compare_view_set_twin(CtCompareView *self, CtTwin *twin)
{
  g_return_if_fail(CT_IS_COMPARE_VIEW(self));
  g_return_if_fail(twin == NULL || CT_IS_TWIN(twin));
  stop_run(self);
  g_set_object(&self->twin, twin);
  g_clear_object(&self->store);
  self->patient_key = 0;
  g_ptr_array_set_size(self->checked, 0);
  rebuild_checks(self);
  start_run(self);
}

void ct_compare_view_set_patient(CtCompareView *self, CtStore *store, gint64 patient_key)
{
  g_return_if_fail(CT_IS_COMPARE_VIEW(self));
  g_return_if_fail(store == NULL || CT_IS_STORE(store));
  g_set_object(&self->store, store);
  self->patient_key = store != NULL ? patient_key : 0;
  ct_compare_view_refresh_plans(self);
}

void ct_compare_view_set_therapy_panel(CtCompareView *self, CtTherapyPanel *panel)
{
  g_return_if_fail(CT_IS_COMPARE_VIEW(self));
  if (self->panel != NULL)
    g_signal_handlers_disconnect_by_data(self->panel, self);
  g_set_weak_pointer(&self->panel, panel);
  if (panel != NULL)
    g_signal_connect_object(panel, "changed", G_CALLBACK(on_panel_changed), self,
                            G_CONNECT_SWAPPED);
}

gboolean ct_compare_view_get_busy(CtCompareView *self)
{
  g_return_val_if_fail(CT_IS_COMPARE_VIEW(self), FALSE);
  return self->cancellable != NULL;
}

guint ct_compare_view_get_n_beats(CtCompareView *self)
{
  g_return_val_if_fail(CT_IS_COMPARE_VIEW(self), 0);
  return self->beats->len;
}

CtBeat *ct_compare_view_get_beat(CtCompareView *self, guint i)
{
  g_return_val_if_fail(CT_IS_COMPARE_VIEW(self), NULL);
  return i < self->beats->len ? self->beats->pdata[i] : NULL;
}

static GtkLabel *cell_part(CtCompareView *self, guint index, guint column, gboolean change)
{
  GtkWidget *box = cell_box(self, index, column);
  GtkWidget *part = box != NULL ? gtk_widget_get_first_child(box) : NULL;

  if (part != NULL && change)
    part = gtk_widget_get_next_sibling(part);
  return part != NULL ? GTK_LABEL(part) : NULL;
}

const char *ct_compare_view_get_cell_value(CtCompareView *self, guint index, guint column)
{
  GtkLabel *label;

  g_return_val_if_fail(CT_IS_COMPARE_VIEW(self), NULL);
  label = cell_part(self, index, column, FALSE);
  return label != NULL ? gtk_label_get_text(label) : NULL;
}

const char *ct_compare_view_get_cell_change(CtCompareView *self, guint index, guint column)
{
  GtkLabel *label;

  g_return_val_if_fail(CT_IS_COMPARE_VIEW(self), NULL);
  if (cell_box(self, index, column) == NULL)
    return NULL;
  label = cell_part(self, index, column, TRUE);
  return label != NULL ? gtk_label_get_text(label) : "";
}

gboolean ct_compare_view_get_cell_highlighted(CtCompareView *self, guint index, guint column)
{
  GtkWidget *box;

  g_return_val_if_fail(CT_IS_COMPARE_VIEW(self), FALSE);
  box = cell_box(self, index, column);
  return box != NULL && GPOINTER_TO_INT(g_object_get_data(G_OBJECT(box), "highlighted"));
}

gboolean ct_compare_view_get_cell_outside_human_range(CtCompareView *self, guint index,
                                                      guint column)
{
  GtkWidget *box;

  g_return_val_if_fail(CT_IS_COMPARE_VIEW(self), FALSE);
  box = cell_box(self, index, column);
  return box != NULL && GPOINTER_TO_INT(g_object_get_data(G_OBJECT(box), "outside-human-range"));
}

const char *ct_compare_view_get_message(CtCompareView *self)
{
  g_return_val_if_fail(CT_IS_COMPARE_VIEW(self), NULL);
  return self->message;
}

GtkWidget *ct_compare_view_get_loops(CtCompareView *self)
{
  g_return_val_if_fail(CT_IS_COMPARE_VIEW(self), NULL);
  return GTK_WIDGET(self->loops);
}

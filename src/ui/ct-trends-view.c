/* ct-trends-view.c — home monitoring over days, and the twin recalibrated from the newest values.
 *
 * The readings are the cache's (ct_store_list_observations), as the platform sent them: every
 * unit is converted by the platform room's own rules (ct_fhir_convert), and a reading in a unit
 * that is not one of its quantity's is left out and counted, never guessed. Nothing is invented:
 * a patient without readings (the demos, a twin opened from a file) gets a page that says so and
 * no recalibration.
 *
 * "Recalibrate from Latest" builds the measurements on the main thread (the cache is used from
 * one thread), runs the fit (about a second) on a GTask thread with a GCancellable, and saves the
 * fitted twin back on the main thread as the patient's next version ("fitted"; ct_store_save_twin
 * writes the audit entry in the same transaction). A fit that cannot meet its tolerances, and
 * measurements refused as implausible, are said in place and change nothing; so is a cancel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-trends-view.h"
#include "ct-widget-task.h"

#include <adwaita.h>
#include <stdio.h>
#include <string.h>

#include "ct-fhir-client.h"
#include "ct-fit.h"
#include "ct-i18n.h"
#include "ct-widget-template.h"
#include "ct-plot.h"

/* The names the trends show, in CtTrendQuantity order. */
static const char *const trend_names[CT_TREND_COUNT + 1] = {
    [CT_TREND_HEART_RATE] = "hr_bpm",  [CT_TREND_SYSTOLIC] = "sbp_mmhg",
    [CT_TREND_DIASTOLIC] = "dbp_mmhg", [CT_TREND_WEIGHT] = "weight_kg",
    [CT_TREND_COUNT] = NULL,
};

/* The period drop-down's rows: days up to the newest reading; 0: all. A month by default: what a
 * heart-failure clinic reviews of daily home readings between visits. */
static const int period_days[] = {30, 90, 365, 0};
#define DEFAULT_PERIOD 0

/* A gain of more than 2 kg within 3 days: the weight at which patients with heart failure are
 * told to take an extra diuretic dose or call their heart-failure team (ESC heart failure
 * guidelines: Ponikowski et al. 2016, Eur Heart J 37:2129, section 12, "Essential skills and
 * self-care behaviours"; kept in McDonagh et al. 2021, Eur Heart J 42:3599). The window has six
 * hours' slack: a morning reading three days after another is "in 3 days" whatever the minute. */
#define WEIGHT_GAIN_KG       2.0
#define WEIGHT_GAIN_WINDOW_S (3 * 86400 + 6 * 3600)

/* A segment is scar for the fit when at least half of its wall is: late gadolinium enhancement of
 * more than 50 % of the wall predicts no recovery of function (Kim et al. 2000, N Engl J Med
 * 343:1445). */
#define SCAR_TRANSMURALITY 0.5

#define KPA_PER_MMHG CT_PLOT_KPA_PER_MMHG

struct _CtTrendsView {
  GtkWidget parent_instance;

  GtkLabel *summary_label;
  GtkDropDown *period;
  GtkLabel *attention_label;
  GtkRevealer *progress_revealer;
  GtkSpinner *spinner;
  GtkLabel *progress_label;
  GtkRevealer *message_revealer;
  GtkLabel *message_label;
  GtkStack *stack;
  AdwStatusPage *empty_page;
  GtkDrawingArea *plot;

  CtStore *store;
  gint64 patient_key;
  CtTwin *twin;
  GArray *points[CT_TREND_COUNT]; /* CtPlotTrendPoint, oldest first */
  guint n_left_out;
  gint64 calibration_s;
  gboolean needs_attention;
  gboolean pressure_kpa;
  char *message;
  GCancellable *cancellable; /* the running fit's, NULL when none runs */
};

G_DEFINE_FINAL_TYPE(CtTrendsView, ct_trends_view, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_PRESSURE_KPA, PROP_NEEDS_ATTENTION, PROP_BUSY, N_PROPS };

static GParamSpec *properties[N_PROPS];

enum { SIGNAL_TWIN_RECALIBRATED, N_SIGNALS };

static guint signals[N_SIGNALS];

/* ---------------------------------------------------------------- measurements */

CtMeasurements *ct_trends_view_measurements_from_cache(CtStore *store, gint64 patient_key,
                                                       CtTwin *twin, GDateTime *today,
                                                       GError **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(CtFhirPatient) patient = NULL;
  g_autoptr(GArray) observations = NULL;
  g_autofree char *patient_json = NULL;
  CtMeasurementsInput known = {0};
  CsParams normal;

  g_return_val_if_fail(CT_IS_STORE(store), NULL);
  g_return_val_if_fail(CT_IS_TWIN(twin), NULL);
  g_return_val_if_fail(today != NULL, NULL);

  if (!ct_store_get_patient_resource(store, patient_key, &patient_json, error))
    return NULL;
  if (patient_json == NULL) {
    g_set_error(error, CT_STORE_ERROR, CT_STORE_ERROR_NOT_FOUND,
                _("The patient did not come from the platform: the local cache holds no "
                  "measurements to fit the twin to"));
    return NULL;
  }
  patient = ct_fhir_patient_new_from_json(patient_json, error);
  rows = patient != NULL ? ct_store_list_observations(store, patient_key, NULL, error) : NULL;
  if (rows == NULL)
    return NULL;
  /* The rows lend their strings to the platform room's reader. */
  observations = g_array_sized_new(FALSE, TRUE, sizeof(CtFhirObservation), rows->len);
  for (guint i = 0; i < rows->len; i++) {
    const CtStoreCachedObservation *row = rows->pdata[i];
    CtFhirObservation o = {row->server_id, row->loinc, row->value, row->unit, row->effective};

    g_array_append_val(observations, o);
  }
  /* What the cache does not keep of the record (its Conditions, scar imaging) is the twin's. */
  known.lbbb = ct_twin_get_conduction(twin) == CS_CONDUCTION_LBBB;
  for (int s = 1; s <= CS_AHA_SEGMENTS; s++)
    known.scar[s - 1] = ct_twin_get_scar(twin, s) >= SCAR_TRANSMURALITY;
  known.has_qrs = ct_twin_get_qrs_ms(twin, &known.qrs_ms);
  /* An aortic orifice narrower than the engine's normal one is a stenosis the twin was given
   * (a measured valve area, or the twin's author's), kept through a refit. */
  cs_params_default(&normal);
  known.aortic_valve_area_cm2 = ct_twin_get_params(twin)->aortic.effective_orifice_area_cm2;
  known.has_aortic_valve_area =
      known.aortic_valve_area_cm2 < normal.aortic.effective_orifice_area_cm2;
  /* Its date where the twin records the area as a measurement of that value (the fit does), so
   * that a newer one in the cache replaces it and an older one does not. */
  if (known.has_aortic_valve_area && ct_twin_get_aortic_valve_area_measurement(twin) != NULL)
    known.aortic_valve_area_date = ct_twin_get_aortic_valve_area_measurement(twin)->date;
  return ct_fhir_measurements_new(patient, (const CtFhirObservation *)(gpointer)observations->data,
                                  observations->len, &known, today, error);
}

/* ---------------------------------------------------------------- readings */

/* An ISO 8601 instant, or a date (read as its noon, local time), as Unix time. */
static gboolean parse_instant(const char *text, gint64 *time_s)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc();
  g_autoptr(GDateTime) instant = NULL;
  int year, month, day;

  if (text == NULL)
    return FALSE;
  instant = g_date_time_new_from_iso8601(text, utc);
  if (instant == NULL && strlen(text) == 10 &&
      sscanf(text, "%4d-%2d-%2d", &year, &month, &day) == 3)
    instant = g_date_time_new_local(year, month, day, 12, 0, 0);
  if (instant == NULL)
    return FALSE;
  *time_s = g_date_time_to_unix(instant);
  return TRUE;
}

static char *format_day(gint64 time_s, gboolean with_year)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc(time_s);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local(utc) : NULL;

  if (local == NULL)
    return g_strdup("?");
  /* TRANSLATORS: g_date_time_format() formats of a reading's day: with the year, and without. */
  return g_date_time_format(local, with_year ? C_("reading date", "%-d %b %Y")
                                             : C_("reading date", "%-d %b"));
}

static gboolean have_readings(CtTrendsView *self)
{
  for (int q = 0; q < CT_TREND_COUNT; q++)
    if (self->points[q]->len > 0)
      return TRUE;
  return FALSE;
}

static gint64 newest_time(CtTrendsView *self)
{
  gint64 newest = G_MININT64;

  for (int q = 0; q < CT_TREND_COUNT; q++)
    if (self->points[q]->len > 0)
      newest =
          MAX(newest,
              g_array_index(self->points[q], CtPlotTrendPoint, self->points[q]->len - 1).time_s);
  return newest;
}

static gint64 oldest_time(CtTrendsView *self)
{
  gint64 oldest = G_MAXINT64;

  for (int q = 0; q < CT_TREND_COUNT; q++)
    if (self->points[q]->len > 0)
      oldest = MIN(oldest, g_array_index(self->points[q], CtPlotTrendPoint, 0).time_s);
  return oldest;
}

static gboolean newest_value(CtTrendsView *self, CtTrendQuantity quantity, double *value)
{
  GArray *points = self->points[quantity];

  if (points->len == 0)
    return FALSE;
  *value = g_array_index(points, CtPlotTrendPoint, points->len - 1).value;
  return TRUE;
}

/* Flags every weight more than WEIGHT_GAIN_KG above the lowest of the WEIGHT_GAIN_WINDOW_S before
 * it; returns the newest flagged reading's index (or -1) and its gain and the window's start. */
static int flag_weight_gains(GArray *weights, double *gain_kg, gint64 *since_s)
{
  int newest = -1;

  for (guint j = 0; j < weights->len; j++) {
    CtPlotTrendPoint *w = &g_array_index(weights, CtPlotTrendPoint, j);
    double lowest = w->value;
    gint64 lowest_at = w->time_s;

    for (guint i = j; i-- > 0;) {
      const CtPlotTrendPoint *before = &g_array_index(weights, CtPlotTrendPoint, i);

      if (w->time_s - before->time_s > WEIGHT_GAIN_WINDOW_S)
        break;
      if (before->value < lowest) {
        lowest = before->value;
        lowest_at = before->time_s;
      }
    }
    w->flagged = w->value - lowest > WEIGHT_GAIN_KG;
    if (w->flagged) {
      newest = (int)j;
      *gain_kg = w->value - lowest;
      *since_s = lowest_at;
    }
  }
  return newest;
}

static void set_needs_attention(CtTrendsView *self, gboolean attention)
{
  if (self->needs_attention == attention)
    return;
  self->needs_attention = attention;
  g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_NEEDS_ATTENTION]);
}

static char *pressure_text(CtTrendsView *self, double systolic, double diastolic)
{
  if (self->pressure_kpa)
    /* TRANSLATORS: blood pressure, systolic/diastolic. */
    return g_strdup_printf(_("blood pressure %.1f/%.1f kPa"), systolic * KPA_PER_MMHG,
                           diastolic * KPA_PER_MMHG);
  return g_strdup_printf(_("blood pressure %.0f/%.0f mmHg"), systolic, diastolic);
}

/* The header's line: the newest reading of each quantity, its day, and what was left out. */
static void update_summary(CtTrendsView *self)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GString) text = g_string_new(NULL);
  g_autofree char *day = NULL;
  double hr, sbp, dbp, weight;

  if (!have_readings(self)) {
    gtk_label_set_text(self->summary_label, "");
    return;
  }
  if (newest_value(self, CT_TREND_HEART_RATE, &hr))
    g_ptr_array_add(parts, g_strdup_printf(_("heart rate %.0f bpm"), hr));
  if (newest_value(self, CT_TREND_SYSTOLIC, &sbp) && newest_value(self, CT_TREND_DIASTOLIC, &dbp))
    g_ptr_array_add(parts, pressure_text(self, sbp, dbp));
  if (newest_value(self, CT_TREND_WEIGHT, &weight))
    g_ptr_array_add(parts, g_strdup_printf(_("weight %.1f kg"), weight));
  g_ptr_array_add(parts, NULL);
  {
    /* TRANSLATORS: between the items of a list ("heart rate 72 bpm, weight 80.1 kg"). */
    g_autofree char *list = g_strjoinv(C_("list separator", ", "), (char **)parts->pdata);

    day = format_day(newest_time(self), TRUE);
    /* TRANSLATORS: the newest readings (a list) and the day of the newest one. */
    g_string_append_printf(text, _("Newest: %s (%s)."), list, day);
  }
  /* How old the readings are beside the twin: the marker may lie outside the period shown. */
  if (self->calibration_s != 0) {
    g_autofree char *calibrated = format_day(self->calibration_s, TRUE);

    g_string_append_c(text, ' ');
    g_string_append_printf(text, _("Twin calibrated %s."), calibrated);
  }
  if (self->n_left_out > 0) {
    g_string_append_c(text, '\n');
    g_string_append_printf(
        text,
        g_dngettext(GETTEXT_PACKAGE, "%u reading is not shown: its unit cannot be converted",
                    "%u readings are not shown: their units cannot be converted", self->n_left_out),
        self->n_left_out);
  }
  gtk_label_set_text(self->summary_label, text->str);
  gtk_accessible_update_property(GTK_ACCESSIBLE(self->plot), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                 text->str, -1);
}

static void update_attention(CtTrendsView *self)
{
  double gain = 0.0;
  gint64 since = 0;
  int flagged = flag_weight_gains(self->points[CT_TREND_WEIGHT], &gain, &since);

  if (flagged >= 0) {
    const CtPlotTrendPoint *w =
        &g_array_index(self->points[CT_TREND_WEIGHT], CtPlotTrendPoint, flagged);
    g_autofree char *from = format_day(since, FALSE);
    g_autofree char *to = format_day(w->time_s, TRUE);
    g_autofree char *text = g_strdup_printf(
        _("Weight up %.1f kg from %s to %s, to %.1f kg: more than the 2 kg in 3 days at which "
          "patients with heart failure are told to act"),
        gain, from, to, w->value);

    gtk_label_set_text(self->attention_label, text);
  }
  gtk_widget_set_visible(GTK_WIDGET(self->attention_label), flagged >= 0);
  set_needs_attention(self, flagged >= 0);
}

static void update_actions(CtTrendsView *self)
{
  gboolean busy = self->cancellable != NULL;

  gtk_widget_action_set_enabled(GTK_WIDGET(self), "trends.recalibrate",
                                !busy && self->store != NULL && self->twin != NULL &&
                                    have_readings(self));
  gtk_widget_action_set_enabled(GTK_WIDGET(self), "trends.cancel", busy);
}

static void show_message(CtTrendsView *self, const char *message)
{
  g_free(self->message);
  self->message = g_strdup(message);
  gtk_label_set_text(self->message_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child(self->message_revealer, message != NULL);
}

/* Reads the patient's readings from the cache and shows them. */
static void load_readings(CtTrendsView *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  for (int q = 0; q < CT_TREND_COUNT; q++)
    g_array_set_size(self->points[q], 0);
  self->n_left_out = 0;
  if (self->store != NULL)
    rows = ct_store_list_observations(self->store, self->patient_key, trend_names, &error);
  for (guint i = 0; rows != NULL && i < rows->len; i++) {
    const CtStoreCachedObservation *row = rows->pdata[i];
    CtPlotTrendPoint point = {0};
    int q = 0;

    while (q < CT_TREND_COUNT && g_strcmp0(trend_names[q], row->name) != 0)
      q++;
    if (q == CT_TREND_COUNT)
      continue;
    if (!ct_fhir_convert(row->name, row->value, row->unit, &point.value) ||
        !parse_instant(row->effective, &point.time_s)) {
      self->n_left_out++;
      continue;
    }
    /* The rows come oldest first. */
    g_array_append_val(self->points[q], point);
  }

  if (self->store == NULL)
    adw_status_page_set_description(self->empty_page,
                                    _("This twin was opened from a file. Heart rate, blood "
                                      "pressure and weight come with a patient from the "
                                      "platform."));
  else if (error != NULL)
    adw_status_page_set_description(self->empty_page, error->message);
  else
    adw_status_page_set_description(self->empty_page,
                                    _("The local cache holds no heart rate, blood pressure or "
                                      "weight readings of this patient from the platform."));
  gtk_stack_set_visible_child_name(self->stack, have_readings(self) ? "trends" : "empty");
  gtk_widget_set_sensitive(GTK_WIDGET(self->period), have_readings(self));
  update_summary(self);
  update_attention(self);
  update_actions(self);
  gtk_widget_queue_draw(GTK_WIDGET(self->plot));
}

/* ---------------------------------------------------------------- drawing */

static void draw_plot(GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  CtTrendsView *self = CT_TRENDS_VIEW(data);
  CtPlotTrend series[CT_TREND_COUNT];
  CtPlotTrendRange range = {0};
  CtPlotStyle style;
  guint selected = gtk_drop_down_get_selected(self->period);
  int days = selected < G_N_ELEMENTS(period_days) ? period_days[selected] : 0;

  ct_plot_style_default(&style);
  style.dark = adw_style_manager_get_dark(adw_style_manager_get_default());
  style.pressure_kpa = self->pressure_kpa;
  for (int q = 0; q < CT_TREND_COUNT; q++)
    series[q] =
        (CtPlotTrend){(CtTrendQuantity)q, (const CtPlotTrendPoint *)(gpointer)self->points[q]->data,
                      self->points[q]->len};
  /* The period up to the newest reading, never before the oldest: two weeks of readings fill the
   * width whatever the period chosen. */
  if (have_readings(self)) {
    range.to_s = newest_time(self);
    /* A twin recalibrated within a week after the newest reading (typically today, from
     * yesterday's readings) is marked: the period reaches it. */
    if (self->calibration_s > range.to_s && self->calibration_s - range.to_s <= 7 * 86400)
      range.to_s = self->calibration_s;
    range.from_s =
        days > 0 ? MAX(range.to_s - (gint64)days * 86400, oldest_time(self)) : oldest_time(self);
  }
  range.calibration_s = self->calibration_s;
  ct_plot_trends(cr, width, height, &style, series, CT_TREND_COUNT, &range);
}

static void on_period_selected(CtTrendsView *self)
{
  gtk_widget_queue_draw(GTK_WIDGET(self->plot));
}

static void on_dark_changed(CtTrendsView *self)
{
  gtk_widget_queue_draw(GTK_WIDGET(self->plot));
}

/* ---------------------------------------------------------------- recalibration */

typedef struct {
  CtFit *fit;
  gint64 patient_key;
  guint n_measurements;
} FitJob;

static void fit_job_free(gpointer data)
{
  FitJob *job = data;

  g_clear_object(&job->fit);
  g_free(job);
}

static void fit_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  FitJob *job = data;
  GError *error = NULL;

  if (ct_fit_run(job->fit, cancellable, &error))
    g_task_return_boolean(task, TRUE);
  else
    g_task_return_error(task, error);
}

static void set_busy(CtTrendsView *self, GCancellable *cancellable)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel(self->cancellable);
  g_clear_object(&self->cancellable);
  self->cancellable = cancellable != NULL ? g_object_ref(cancellable) : NULL;
  gtk_revealer_set_reveal_child(self->progress_revealer, cancellable != NULL);
  gtk_spinner_set_spinning(self->spinner, cancellable != NULL);
  update_actions(self);
  g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_BUSY]);
}

static void on_fit_done(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(CtTrendsView) self = ct_widget_task_dup_widget(result);
  GTask *task = G_TASK(result);
  FitJob *job = g_task_get_task_data(task);
  g_autoptr(GError) error = NULL;
  gboolean fitted = g_task_propagate_boolean(task, &error);
  int version = 0;

  if (self == NULL) /* the window was closed during the job */
    return;
  /* Cancelled (the button, another patient, the view going away): nothing to say or do. */
  if (g_cancellable_is_cancelled(g_task_get_cancellable(task)) ||
      g_task_get_cancellable(task) != self->cancellable)
    return;
  set_busy(self, NULL);
  if (!fitted) {
    g_autofree char *text = g_strdup_printf(_("The twin was not recalibrated: %s"), error->message);

    show_message(self, text);
    return;
  }
  if (self->store == NULL || job->patient_key != self->patient_key)
    return;
  if (!ct_store_save_twin(self->store, job->patient_key, ct_fit_get_twin(job->fit), "fitted",
                          &version, &error)) {
    g_autofree char *text =
        g_strdup_printf(_("The recalibrated twin could not be saved: %s"), error->message);

    show_message(self, text);
    return;
  }
  g_signal_emit(self, signals[SIGNAL_TWIN_RECALIBRATED], 0, job->patient_key, version);
}

static void action_recalibrate(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtTrendsView *self = CT_TRENDS_VIEW(widget);
  g_autoptr(GDateTime) today = g_date_time_new_now_local();
  g_autoptr(GError) error = NULL;
  g_autoptr(CtMeasurements) measurements = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *progress = NULL;
  FitJob *job;

  if (self->cancellable != NULL || self->store == NULL || self->twin == NULL)
    return;
  show_message(self, NULL);
  measurements = ct_trends_view_measurements_from_cache(self->store, self->patient_key, self->twin,
                                                        today, &error);
  if (measurements == NULL) {
    g_autofree char *text = g_strdup_printf(_("The twin was not recalibrated: %s"), error->message);

    show_message(self, text);
    return;
  }
  job = g_new0(FitJob, 1);
  job->fit = ct_fit_new(measurements, ct_twin_get_id(self->twin));
  ct_fit_set_pseudonym(job->fit, ct_twin_get_pseudonym(self->twin));
  job->patient_key = self->patient_key;
  job->n_measurements = ct_measurements_get_n_values(measurements);

  progress =
      g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "Fitting the twin to %u measurement…",
                                  "Fitting the twin to %u measurements…", job->n_measurements),
                      job->n_measurements);
  gtk_label_set_text(self->progress_label, progress);
  cancellable = g_cancellable_new();
  task = ct_widget_task_new(self, cancellable, on_fit_done, action_recalibrate);
  g_task_set_task_data(task, job, fit_job_free);
  set_busy(self, cancellable);
  g_task_run_in_thread(task, fit_thread);
}

static void action_cancel(GtkWidget *widget, const char *name, GVariant *parameter)
{
  set_busy(CT_TRENDS_VIEW(widget), NULL);
}

/* ---------------------------------------------------------------- object */

static void ct_trends_view_get_property(GObject *object, guint prop_id, GValue *value,
                                        GParamSpec *pspec)
{
  CtTrendsView *self = CT_TRENDS_VIEW(object);

  switch (prop_id) {
  case PROP_PRESSURE_KPA:
    g_value_set_boolean(value, self->pressure_kpa);
    break;
  case PROP_NEEDS_ATTENTION:
    g_value_set_boolean(value, self->needs_attention);
    break;
  case PROP_BUSY:
    g_value_set_boolean(value, self->cancellable != NULL);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void ct_trends_view_set_property(GObject *object, guint prop_id, const GValue *value,
                                        GParamSpec *pspec)
{
  CtTrendsView *self = CT_TRENDS_VIEW(object);

  switch (prop_id) {
  case PROP_PRESSURE_KPA:
    if (self->pressure_kpa != g_value_get_boolean(value)) {
      self->pressure_kpa = g_value_get_boolean(value);
      update_summary(self);
      gtk_widget_queue_draw(GTK_WIDGET(self->plot));
      g_object_notify_by_pspec(object, pspec);
    }
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void ct_trends_view_dispose(GObject *object)
{
  CtTrendsView *self = CT_TRENDS_VIEW(object);

  /* A fit still running finishes on its thread and is dropped (its task holds this object). */
  if (self->cancellable != NULL)
    g_cancellable_cancel(self->cancellable);
  g_clear_object(&self->cancellable);
  ct_widget_dispose_template_children(GTK_WIDGET(object), CT_TYPE_TRENDS_VIEW);
  g_clear_object(&self->store);
  g_clear_object(&self->twin);
  G_OBJECT_CLASS(ct_trends_view_parent_class)->dispose(object);
}

/* Out of the window (closed, or the page replaced): a fit under way is cancelled, so that nothing
 * is saved for a patient no longer shown. */
static void ct_trends_view_unroot(GtkWidget *widget)
{
  CtTrendsView *self = CT_TRENDS_VIEW(widget);

  if (self->cancellable != NULL)
    set_busy(self, NULL);
  GTK_WIDGET_CLASS(ct_trends_view_parent_class)->unroot(widget);
}

static void ct_trends_view_finalize(GObject *object)
{
  CtTrendsView *self = CT_TRENDS_VIEW(object);

  for (int q = 0; q < CT_TREND_COUNT; q++)
    g_array_unref(self->points[q]);
  g_free(self->message);
  G_OBJECT_CLASS(ct_trends_view_parent_class)->finalize(object);
}

static void ct_trends_view_class_init(CtTrendsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->get_property = ct_trends_view_get_property;
  object_class->set_property = ct_trends_view_set_property;
  object_class->dispose = ct_trends_view_dispose;
  object_class->finalize = ct_trends_view_finalize;
  widget_class->unroot = ct_trends_view_unroot;

  properties[PROP_PRESSURE_KPA] =
      g_param_spec_boolean("pressure-kpa", NULL, NULL, FALSE,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEEDS_ATTENTION] = g_param_spec_boolean(
      "needs-attention", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
      g_param_spec_boolean("busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, properties);

  signals[SIGNAL_TWIN_RECALIBRATED] =
      g_signal_new("twin-recalibrated", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                   NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT);

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/cardiotwin/CardioTwin/ui/ct-trends-view.ui");
  gtk_widget_class_bind_template_child(widget_class, CtTrendsView, summary_label);
  gtk_widget_class_bind_template_child(widget_class, CtTrendsView, period);
  gtk_widget_class_bind_template_child(widget_class, CtTrendsView, attention_label);
  gtk_widget_class_bind_template_child(widget_class, CtTrendsView, progress_revealer);
  gtk_widget_class_bind_template_child(widget_class, CtTrendsView, spinner);
  gtk_widget_class_bind_template_child(widget_class, CtTrendsView, progress_label);
  gtk_widget_class_bind_template_child(widget_class, CtTrendsView, message_revealer);
  gtk_widget_class_bind_template_child(widget_class, CtTrendsView, message_label);
  gtk_widget_class_bind_template_child(widget_class, CtTrendsView, stack);
  gtk_widget_class_bind_template_child(widget_class, CtTrendsView, empty_page);
  gtk_widget_class_bind_template_child(widget_class, CtTrendsView, plot);
  gtk_widget_class_bind_template_callback(widget_class, on_period_selected);

  gtk_widget_class_install_action(widget_class, "trends.recalibrate", NULL, action_recalibrate);
  gtk_widget_class_install_action(widget_class, "trends.cancel", NULL, action_cancel);
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name(widget_class, "ct-trends-view");
}

static void ct_trends_view_init(CtTrendsView *self)
{
  for (int q = 0; q < CT_TREND_COUNT; q++)
    self->points[q] = g_array_new(FALSE, TRUE, sizeof(CtPlotTrendPoint));
  gtk_widget_init_template(GTK_WIDGET(self));
  gtk_drop_down_set_selected(self->period, DEFAULT_PERIOD);
  gtk_drawing_area_set_draw_func(self->plot, draw_plot, self, NULL);
  g_signal_connect_object(adw_style_manager_get_default(), "notify::dark",
                          G_CALLBACK(on_dark_changed), self, G_CONNECT_SWAPPED);
  load_readings(self);
}

GtkWidget *ct_trends_view_new(void)
{
  return g_object_new(CT_TYPE_TRENDS_VIEW, NULL);
}

/* The day the twin was made (its provenance's date), as the calibration's instant: its noon. */
static gint64 calibration_time(CtTwin *twin)
{
  const char *created = twin != NULL ? ct_twin_get_created(twin) : NULL;
  gint64 time_s = 0;

  return parse_instant(created, &time_s) ? time_s : 0;
}

void ct_trends_view_set_patient(CtTrendsView *self, CtStore *store, gint64 patient_key,
                                CtTwin *twin)
{
  g_return_if_fail(CT_IS_TRENDS_VIEW(self));
  g_return_if_fail(store == NULL || CT_IS_STORE(store));
  g_return_if_fail(twin == NULL || CT_IS_TWIN(twin));

  if (self->cancellable != NULL)
    set_busy(self, NULL);
  g_set_object(&self->store, store);
  g_set_object(&self->twin, twin);
  self->patient_key = store != NULL ? patient_key : 0;
  self->calibration_s = calibration_time(twin);
  show_message(self, NULL);
  load_readings(self);
}

guint ct_trends_view_get_n_readings(CtTrendsView *self, int quantity, double *newest)
{
  g_return_val_if_fail(CT_IS_TRENDS_VIEW(self), 0);
  g_return_val_if_fail(quantity >= 0 && quantity < CT_TREND_COUNT, 0);
  if (newest != NULL)
    newest_value(self, (CtTrendQuantity)quantity, newest);
  return self->points[quantity]->len;
}

gboolean ct_trends_view_get_busy(CtTrendsView *self)
{
  g_return_val_if_fail(CT_IS_TRENDS_VIEW(self), FALSE);
  return self->cancellable != NULL;
}

const char *ct_trends_view_get_message(CtTrendsView *self)
{
  g_return_val_if_fail(CT_IS_TRENDS_VIEW(self), NULL);
  return self->message;
}

gboolean ct_trends_view_get_needs_attention(CtTrendsView *self)
{
  g_return_val_if_fail(CT_IS_TRENDS_VIEW(self), FALSE);
  return self->needs_attention;
}

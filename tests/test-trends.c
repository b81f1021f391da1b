/* test-trends.c — home monitoring in the twin page, and "Recalibrate from Latest", in a window on
 * Xvfb: a platform patient synced into the cache with two weeks of heart rate, blood pressure and
 * weight, an echo, an ECG and a twin; the trends show the cache's readings (units converted), a
 * weight gain of more than 2 kg in 3 days is flagged; recalibrating fits the twin to the newest
 * readings, saves it as a new "fitted" version and the window opens it; an implausible newest
 * value, a fit that cannot meet its tolerances, or a cancel, changes nothing; a demo patient has no
 * data and no recalibration.
 *
 * CT_SCREENSHOT_DIR=DIR also saves the window as DIR/main-window-trends.png (before) and
 * DIR/main-window-trends-recalibrated.png (after).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "ct-application.h"
#include "ct-plot.h"
#include "ct-test-util.h"
#include "ct-trends-view.h"
#include "ct-window.h"
#include "ct-ui-test-util.h"

#define SOURCE     "https://fhir.hospital.example/R4"
#define PATIENT_ID "pat-trends"
#define DAYS       14

static CtApplication *app;
static CtWindow *window;
static char *tmp_dir;
static gint64 patient_key;

/* ------------------------------------------------------------------ helpers */

static CtStore *store(void)
{
  return ct_application_get_store(app);
}

static CtTwinPage *page(void)
{
  CtTwinPage *twin_page = ct_window_get_twin_page(window);

  g_assert_nonnull(twin_page);
  return twin_page;
}

static CtTrendsView *trends(void)
{
  return ct_twin_page_get_trends_view(page());
}

/* The button in @widget's tree that activates @action. */
static GtkWidget *find_button(GtkWidget *widget, const char *action)
{
  if (GTK_IS_BUTTON(widget) &&
      g_strcmp0(gtk_actionable_get_action_name(GTK_ACTIONABLE(widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child(widget); child != NULL;
       child = gtk_widget_get_next_sibling(child)) {
    GtkWidget *found = find_button(child, action);

    if (found != NULL)
      return found;
  }
  return NULL;
}

static gboolean recalibrate_enabled(void)
{
  GtkWidget *button = find_button(GTK_WIDGET(trends()), "trends.recalibrate");

  g_assert_nonnull(button);
  return gtk_widget_get_sensitive(button);
}

/* The view's own stack: the one with a "trends" page (a drop-down has stacks of its own). */
static gboolean is_trends_stack(GtkWidget *widget, gpointer data)
{
  return GTK_IS_STACK(widget) && gtk_stack_get_child_by_name(GTK_STACK(widget), "trends") != NULL;
}

static GtkStack *find_stack(GtkWidget *widget)
{
  return GTK_STACK(ct_ui_test_find_descendant(widget, is_trends_stack, NULL));
}

/* What the view shows: "trends", or "empty" (the status page). */
static const char *trends_stack_page(void)
{
  GtkStack *stack = find_stack(GTK_WIDGET(trends()));

  g_assert_nonnull(stack);
  return gtk_stack_get_visible_child_name(stack);
}

/* The patient's twin versions in the cache, newest first, as "VERSION PROVENANCE" lines. */
static char *twin_versions(void)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new(NULL);

  g_assert_cmpint(sqlite3_open_v2(ct_store_get_path(store()), &db, SQLITE_OPEN_READONLY, NULL), ==,
                  SQLITE_OK);
  g_assert_cmpint(sqlite3_prepare_v2(db,
                                     "SELECT version, provenance FROM twins WHERE patient_id = ? "
                                     "ORDER BY version DESC",
                                     -1, &stmt, NULL),
                  ==, SQLITE_OK);
  sqlite3_bind_int64(stmt, 1, patient_key);
  while (sqlite3_step(stmt) == SQLITE_ROW)
    g_string_append_printf(out, "%s%d %s", out->len > 0 ? "\n" : "", sqlite3_column_int(stmt, 0),
                           (const char *)sqlite3_column_text(stmt, 1));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return g_string_free(out, FALSE);
}

static void save_window_screenshot_wait(const char *name, guint wait_ms)
{
  ct_ui_test_save_screenshot(GTK_WIDGET(window), name, wait_ms);
}

static void save_window_screenshot(const char *name)
{
  save_window_screenshot_wait(name, 4500);
}

/* ------------------------------------------------------------------ the synthetic patient */

/* A woman of about 63 with HFrEF and LBBB (the measurements of test-fit.c's hfref_echo, which fit
 * within tolerance): every morning for two weeks heart rate, a blood pressure panel (systolic,
 * diastolic, mean) and weight, ending at 72 bpm, 112/70 mmHg (mean 84), 70 kg, the weight 2.5 kg
 * up over the last three days; one early pressure in kPa (the cache keeps units as sent); an
 * echo two months ago, an ECG, her height. The @n_extra of @extra are added last. */
typedef struct {
  GPtrArray *strings; /* what the observations point to */
  GArray *observations;
} Record;

static void record_clear(Record *r)
{
  g_ptr_array_unref(r->strings);
  g_array_unref(r->observations);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Record, record_clear)

static const char *keep(Record *r, char *text)
{
  g_ptr_array_add(r->strings, text);
  return text;
}

static void add(Record *r, const char *id, const char *loinc, double value, const char *unit,
                GDateTime *when)
{
  CtStoreObservation o = {
      keep(r, g_strdup(id)), loinc, value, unit, keep(r, g_date_time_format_iso8601(when)), NULL};

  g_array_append_val(r->observations, o);
}

static void make_record(Record *r, const CtStoreObservation *extra, guint n_extra)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc();
  g_autoptr(GDateTime) today =
      g_date_time_new_utc(g_date_time_get_year(now), g_date_time_get_month(now),
                          g_date_time_get_day_of_month(now), 7, 10, 0);

  r->strings = g_ptr_array_new_with_free_func(g_free);
  r->observations = g_array_new(FALSE, TRUE, sizeof(CtStoreObservation));
  for (int d = DAYS; d >= 1; d--) {
    g_autoptr(GDateTime) morning = g_date_time_add_days(today, -d);
    g_autoptr(GDateTime) scale = g_date_time_add_minutes(morning, -25);
    g_autofree char *hr = g_strdup_printf("hr-%d", d);
    g_autofree char *sbp = g_strdup_printf("bp-%d/8480-6", d);
    g_autofree char *dbp = g_strdup_printf("bp-%d/8462-4", d);
    g_autofree char *map = g_strdup_printf("bp-%d/8478-0", d);
    g_autofree char *w = g_strdup_printf("w-%d", d);
    double systolic = d == 1 ? 112 : 110 + d % 5, diastolic = d == 1 ? 70 : 68 + d % 3;

    add(r, hr, "8867-4", d == 1 ? 72 : 70 + d % 4, "/min", morning);
    if (d == DAYS)
      add(r, sbp, "8480-6", systolic / 7.50062, "kPa", morning);
    else
      add(r, sbp, "8480-6", systolic, "mm[Hg]", morning);
    add(r, dbp, "8462-4", diastolic, "mm[Hg]", morning);
    add(r, map, "8478-0", round(diastolic + (systolic - diastolic) / 3.0), "mm[Hg]", morning);
    /* 67.5 kg until four days ago, then 70: +2.5 kg in 3 days. */
    add(r, w, "29463-7", d > 3 ? 67.5 : 70.0, "kg", scale);
  }
  {
    g_autoptr(GDateTime) echo = g_date_time_add_days(today, -60);
    g_autoptr(GDateTime) ecg = g_date_time_add_days(today, -58);

    add(r, "echo/lvedv", "75988-6", 240, "mL", echo);
    add(r, "echo/lvesv", "75989-4", 180, "mL", echo);
    add(r, "echo/lvef", "10230-1", 25, "%", echo);
    add(r, "ecg/qrs", "8633-0", 158, "ms", ecg);
    add(r, "height", "8302-2", 164, "cm", echo);
  }
  g_array_append_vals(r->observations, extra, n_extra);
}

/* The platform's twin: the hfref-lbbb demo's document, made ten days ago. */
static char *twin_document(void)
{
  g_autoptr(CtTwin) twin = ct_twin_new_from_demo("hfref-lbbb", NULL);
  g_autoptr(GBytes) bytes = ct_twin_to_bytes(twin);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc();
  g_autoptr(GDateTime) made = g_date_time_add_days(now, -10);
  g_autofree char *day = g_date_time_format(made, "%Y-%m-%d");
  char *text = g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
  char *created = strstr(text, "\"created\"");

  char *end;

  /* The value, a date or a date and time ("created" : "2026-11-26T20:00:00Z"), becomes the day. */
  g_assert_nonnull(created);
  created += strcspn(created, "0123456789");
  end = strchr(created, '"');
  g_assert_true(g_ascii_isdigit(created[0]) && end != NULL && end - created >= 10);
  memcpy(created, day, 10);
  memmove(created + 10, end, strlen(end) + 1);
  return text;
}

static void sync_patient(const CtStoreObservation *extra, guint n_extra)
{
  g_auto(Record) record = {0};
  g_autoptr(GError) error = NULL;
  g_autofree char *twin_json = twin_document();
  CtStoreSync sync = {0};

  make_record(&record, extra, n_extra);
  sync.source = SOURCE;
  sync.server_id = PATIENT_ID;
  sync.display_name = "Trendsdottir, Vala";
  sync.patient_json = "{\"resourceType\": \"Patient\", \"id\": \"" PATIENT_ID "\", "
                      "\"gender\": \"female\", \"birthDate\": \"1963-05-02\", "
                      "\"name\": [{\"family\": \"Trendsdottir\", \"given\": [\"Vala\"]}]}";
  sync.observations = (const CtStoreObservation *)(gpointer)record.observations->data;
  sync.n_observations = record.observations->len;
  sync.twin_json = twin_json;
  sync.twin_server_version = "1";
  g_assert_true(ct_store_sync_patient(store(), &sync, &patient_key, NULL, &error));
  g_assert_no_error(error);
}

static void open_patient(gint64 key)
{
  gtk_widget_activate_action(GTK_WIDGET(window), "win.open-patient", "x", key);
  g_assert_null(ct_window_get_load_error(window));
  ct_ui_test_iterate_for(100);
}

static gint64 demo_key(const char *demo)
{
  g_autoptr(CtStorePatient) patient = ct_store_find_patient(store(), "demo", demo, NULL);

  if (patient == NULL)
    g_error("the demo %s is not in the cache", demo);
  return patient->key;
}

static gboolean not_busy(gpointer data)
{
  return !ct_trends_view_get_busy(trends());
}

/* The window opened the recalibrated twin. */
static gboolean fitted_twin_open(gpointer data)
{
  CtTwinPage *twin_page = ct_window_get_twin_page(window);

  return twin_page != NULL && g_strcmp0(ct_twin_get_created_by(ct_twin_page_get_twin(twin_page)),
                                        "CardioTwin personalization") == 0;
}

static double twin_measurement(CtTwin *twin, const char *name)
{
  for (guint i = 0; i < ct_twin_get_n_measurements(twin); i++)
    if (g_str_equal(ct_twin_get_measurement(twin, i)->name, name))
      return ct_twin_get_measurement(twin, i)->value;
  g_error("the twin has no %s", name);
  return NAN;
}

/* ------------------------------------------------------------------ tests */

/* A demo patient: nothing measured in the cache, nothing faked; no recalibration. */
static void test_demo_has_no_data(void)
{
  open_patient(demo_key("hfref-lbbb"));
  for (int q = 0; q < CT_TREND_COUNT; q++)
    g_assert_cmpuint(ct_trends_view_get_n_readings(trends(), q, NULL), ==, 0);
  g_assert_cmpstr(trends_stack_page(), ==, "empty");
  g_assert_false(recalibrate_enabled());
  /* The action does nothing: no fit starts, no version is added. */
  gtk_widget_activate_action(GTK_WIDGET(trends()), "trends.recalibrate", NULL);
  g_assert_false(ct_trends_view_get_busy(trends()));
  g_assert_null(ct_trends_view_get_message(trends()));
  {
    g_autoptr(CtStorePatient) demo = ct_store_find_patient(store(), "demo", "hfref-lbbb", NULL);

    g_assert_cmpint(demo->n_twin_versions, ==, 1);
  }
  gtk_widget_activate_action(GTK_WIDGET(page()), "twin.show-trends", NULL);
  save_window_screenshot("main-window-trends-demo");
  /* A twin from a file: no patient, nothing to show either. */
  {
    g_autofree char *path = g_build_filename(tmp_dir, "twin.json", NULL);
    g_autoptr(GFile) file = g_file_new_for_path(path);
    g_autofree char *document = twin_document();

    g_assert_true(g_file_set_contents(path, document, -1, NULL));
    g_assert_true(ct_window_open_file(window, file));
    g_assert_cmpstr(trends_stack_page(), ==, "empty");
    g_assert_false(recalibrate_enabled());
    g_unlink(path);
  }
}

/* The cache's readings, converted, and the weight gain flagged. */
static void test_shows_platform_readings(void)
{
  double newest = 0.0;

  sync_patient(NULL, 0);
  open_patient(patient_key);
  g_assert_cmpstr(trends_stack_page(), ==, "trends");
  g_assert_cmpuint(ct_trends_view_get_n_readings(trends(), CT_TREND_HEART_RATE, &newest), ==, DAYS);
  g_assert_cmpfloat(newest, ==, 72.0);
  g_assert_cmpuint(ct_trends_view_get_n_readings(trends(), CT_TREND_SYSTOLIC, &newest), ==, DAYS);
  g_assert_cmpfloat(newest, ==, 112.0);
  g_assert_cmpuint(ct_trends_view_get_n_readings(trends(), CT_TREND_DIASTOLIC, &newest), ==, DAYS);
  g_assert_cmpfloat(newest, ==, 70.0);
  g_assert_cmpuint(ct_trends_view_get_n_readings(trends(), CT_TREND_WEIGHT, &newest), ==, DAYS);
  g_assert_cmpfloat(newest, ==, 70.0);
  /* +2.5 kg in 3 days: more than the guidelines' 2 kg. */
  g_assert_true(ct_trends_view_get_needs_attention(trends()));
  g_assert_true(recalibrate_enabled());

  /* What a recalibration would fit to: the newest of each, the kPa reading converted, sex and
   * age from the Patient, LBBB from the twin (the cache keeps no Conditions). */
  {
    g_autoptr(GDateTime) today = g_date_time_new_now_local();
    g_autoptr(GError) error = NULL;
    g_autoptr(CtMeasurements) m = ct_trends_view_measurements_from_cache(
        store(), patient_key, ct_twin_page_get_twin(page()), today, &error);
    double v = 0.0;

    g_assert_no_error(error);
    g_assert_cmpint(ct_measurements_get_sex(m), ==, CT_SEX_FEMALE);
    g_assert_cmpint(ct_measurements_get_age_years(m), >=, 62);
    g_assert_cmpfloat(ct_measurements_get_height_cm(m), ==, 164.0);
    g_assert_cmpfloat(ct_measurements_get_weight_kg(m), ==, 70.0);
    g_assert_true(ct_measurements_get_lbbb(m));
    g_assert_true(ct_measurements_get_qrs_ms(m, &v));
    g_assert_cmpfloat(v, ==, 158.0);
    /* The twin's aortic valve is the engine's normal one: no stenosis to carry. */
    g_assert_false(ct_measurements_get_aortic_valve_area_cm2(m, NULL));
    g_assert_true(ct_measurements_lookup(m, "hr_bpm", &v));
    g_assert_cmpfloat(v, ==, 72.0);
    g_assert_true(ct_measurements_lookup(m, "sbp_mmhg", &v));
    g_assert_cmpfloat(v, ==, 112.0);
    g_assert_true(ct_measurements_lookup(m, "lvef_pct", &v));
    g_assert_cmpfloat(v, ==, 25.0);
    g_assert_cmpuint(ct_measurements_get_n_values(m), ==, 7);
  }
  /* A twin with an aortic stenosis (here the same twin, its orifice narrowed) keeps it through a
   * refit: the cache holds no valve area. */
  {
    g_autoptr(GDateTime) today = g_date_time_new_now_local();
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) saved = ct_twin_to_bytes(ct_twin_page_get_twin(page()));
    g_autofree char *text = g_strndup(g_bytes_get_data(saved, NULL), g_bytes_get_size(saved));
    g_autofree char *narrowed =
        ct_test_mutate(text, "parameters.aortic_effective_orifice_area_cm2", "0.8");
    g_autoptr(GBytes) bytes = g_bytes_new(narrowed, strlen(narrowed));
    g_autoptr(CtTwin) stenotic = ct_twin_new_from_bytes(bytes, &error);
    g_autoptr(CtMeasurements) m = NULL;
    double area = 0.0;

    g_assert_no_error(error);
    m = ct_trends_view_measurements_from_cache(store(), patient_key, stenotic, today, &error);
    g_assert_no_error(error);
    g_assert_true(ct_measurements_get_aortic_valve_area_cm2(m, &area));
    g_assert_cmpfloat(area, ==, 0.8);
  }
  gtk_widget_activate_action(GTK_WIDGET(page()), "twin.show-trends", NULL);
  save_window_screenshot("main-window-trends");
}

/* Recalibrate from Latest: a fitted twin, a new version, opened. */
static void test_recalibrates(void)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *pseudonym = NULL;
  CtTwin *twin;

  open_patient(patient_key);
  pseudonym = g_strdup(ct_twin_get_pseudonym(ct_twin_page_get_twin(page())));
  before = twin_versions();
  g_assert_cmpstr(before, ==, "1 platform");
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(trends()), "trends.recalibrate", NULL));
  g_assert_true(ct_trends_view_get_busy(trends()));
  g_assert_false(recalibrate_enabled());
  ct_ui_test_wait_until(fitted_twin_open, NULL, 120, "the recalibrated twin");
  ct_ui_test_wait_until(not_busy, NULL, 10, "the view to settle");

  after = twin_versions();
  g_assert_cmpstr(after, ==, "2 fitted\n1 platform");
  twin = ct_twin_page_get_twin(page());
  /* The newest readings, fitted; the patient's pseudonym and LBBB kept. */
  g_assert_cmpfloat(twin_measurement(twin, "hr_bpm"), ==, 72.0);
  g_assert_cmpfloat(twin_measurement(twin, "sbp_mmhg"), ==, 112.0);
  g_assert_cmpfloat(twin_measurement(twin, "lvef_pct"), ==, 25.0);
  g_assert_cmpfloat(ct_twin_get_weight_kg(twin), ==, 70.0);
  g_assert_cmpstr(ct_twin_get_pseudonym(twin), ==, pseudonym);
  g_assert_cmpint(ct_twin_get_conduction(twin), ==, CS_CONDUCTION_LBBB);
  /* The page still shows the patient's trends, now with a recalibration to mark. */
  g_assert_cmpuint(ct_trends_view_get_n_readings(trends(), CT_TREND_HEART_RATE, NULL), ==, DAYS);
  g_assert_null(ct_trends_view_get_message(trends()));
  {
    g_auto(GStrv) audit = ct_store_audit_lines(store(), NULL);
    g_autofree char *fit_line = g_strdup_printf(" fit %" G_GINT64_FORMAT " 2", patient_key);
    g_autofree char *open_line = g_strdup_printf(" open %" G_GINT64_FORMAT " 2", patient_key);
    guint fits = 0, opens = 0;

    for (guint i = 0; audit[i] != NULL; i++) {
      fits += g_str_has_suffix(audit[i], fit_line);
      opens += g_str_has_suffix(audit[i], open_line);
    }
    g_assert_cmpuint(fits, ==, 1);
    g_assert_cmpuint(opens, ==, 1);
  }
  /* The engine runs the new twin. */
  {
    CtTwinPage *twin_page = page();
    gint64 give_up = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
    g_autoptr(CtBeat) beat = NULL;

    while ((beat = ct_twin_page_get_baseline_beat(twin_page)) == NULL &&
           g_get_monotonic_time() < give_up)
      g_main_context_iteration(NULL, TRUE);
    g_assert_nonnull(beat);
    g_assert_cmpfloat(fabs(beat->indices.hr_bpm - 72.0), <=, 2.0);
  }
  gtk_widget_activate_action(GTK_WIDGET(page()), "twin.show-trends", NULL);
  save_window_screenshot("main-window-trends-recalibrated");
}

/* The newest EF is 95 %: refused as implausible, said in place, nothing saved. */
static void test_implausible_changes_nothing(void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc();
  g_autofree char *effective = g_date_time_format_iso8601(now);
  CtStoreObservation wrong = {"echo-new/lvef", "10230-1", 95, "%", effective, NULL};
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *message;

  sync_patient(&wrong, 1);
  open_patient(patient_key);
  before = twin_versions();
  gtk_widget_activate_action(GTK_WIDGET(trends()), "trends.recalibrate", NULL);
  ct_ui_test_iterate_for(300);
  ct_ui_test_wait_until(not_busy, NULL, 60, "the refusal");
  message = ct_trends_view_get_message(trends());
  g_assert_nonnull(message);
  g_test_message("%s", message);
  g_assert_nonnull(strstr(message, "not recalibrated"));
  g_assert_nonnull(strstr(message, "lvef_pct"));
  g_assert_nonnull(strstr(message, "95"));
  after = twin_versions();
  g_assert_cmpstr(after, ==, before);
  /* Still this twin, still recalibratable once the record is right. */
  g_assert_true(recalibrate_enabled());
}

/* A right-heart catheterisation no twin can match (CVP 30 mmHg with a wedge pressure of 2): the fit
 * runs, cannot meet its tolerances, says which, and nothing is saved. */
static void test_not_fitted_changes_nothing(void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc();
  g_autofree char *effective = g_date_time_format_iso8601(now);
  CtStoreObservation cath[] = {
      {"rhc/cvp", "60985-9", 30, "mm[Hg]", effective, NULL},
      {"rhc/pcwp", "75994-4", 2, "mm[Hg]", effective, NULL},
  };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *message;
  CtTwin *twin;

  sync_patient(cath, G_N_ELEMENTS(cath));
  open_patient(patient_key);
  twin = ct_twin_page_get_twin(page());
  before = twin_versions();
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(trends()), "trends.recalibrate", NULL));
  g_assert_true(ct_trends_view_get_busy(trends()));
  ct_ui_test_wait_until(not_busy, NULL, 120, "the fit");
  message = ct_trends_view_get_message(trends());
  g_assert_nonnull(message);
  g_test_message("%s", message);
  g_assert_nonnull(strstr(message, "not recalibrated"));
  g_assert_nonnull(strstr(message, "cvp_mmhg"));
  after = twin_versions();
  g_assert_cmpstr(after, ==, before);
  g_assert_true(ct_twin_page_get_twin(page()) == twin);
}

/* Cancelled while fitting: nothing saved, the page as it was. */
static void test_cancel_changes_nothing(void)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  CtTwin *twin;

  sync_patient(NULL, 0);
  open_patient(patient_key);
  twin = ct_twin_page_get_twin(page());
  before = twin_versions();
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(trends()), "trends.recalibrate", NULL));
  g_assert_true(ct_trends_view_get_busy(trends()));
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(trends()), "trends.cancel", NULL));
  g_assert_false(ct_trends_view_get_busy(trends()));
  g_assert_true(recalibrate_enabled());
  /* Long enough for a fit to have finished, had it not been cancelled. */
  ct_ui_test_iterate_for(3000);
  after = twin_versions();
  g_assert_cmpstr(after, ==, before);
  g_assert_true(ct_twin_page_get_twin(page()) == twin);
  g_assert_null(ct_trends_view_get_message(trends()));
}

int main(int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  tmp_dir = g_dir_make_tmp("ct-test-trends-XXXXXX", &error);
  g_assert_no_error(error);
  g_setenv("XDG_DATA_HOME", tmp_dir, TRUE);
  g_setenv("XDG_CONFIG_HOME", tmp_dir, TRUE);
  g_test_init(&argc, &argv, NULL);

  app = ct_ui_test_start_app(&window);
  ct_ui_test_iterate_for(200);

  g_test_add_func("/trends/demo-has-no-data", test_demo_has_no_data);
  g_test_add_func("/trends/shows-platform-readings", test_shows_platform_readings);
  g_test_add_func("/trends/recalibrates", test_recalibrates);
  g_test_add_func("/trends/implausible-changes-nothing", test_implausible_changes_nothing);
  g_test_add_func("/trends/not-fitted-changes-nothing", test_not_fitted_changes_nothing);
  g_test_add_func("/trends/cancel-changes-nothing", test_cancel_changes_nothing);
  status = g_test_run();

  gtk_window_destroy(GTK_WINDOW(window));
  ct_ui_test_iterate_for(100);
  g_clear_object(&app);
  ct_test_remove_tree(tmp_dir);
  g_free(tmp_dir);
  return status;
}

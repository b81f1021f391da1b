/* ct-import-window.c — search the hospital platform for a patient and import them into the cache.
 *
 * Nothing here blocks the main thread: the bearer token is read from the keyring, the platform is
 * searched and the record downloaded by the FHIR client's _async calls (their progress arrives on
 * this thread), and the record is written to the cache by a worker with a connection of its own
 * (ct-patient-import.c). Every call holds a GCancellable: a newer search cancels the older one,
 * the Cancel button (and closing the window) cancels the import. Whatever fails, the cache keeps
 * what it had: the client hands over a whole record or nothing, and the cache stores it in one
 * transaction that a cancellation rolls back.
 *
 * A call's answer belongs to the window only while its cancellable is still the window's current
 * one: an answer to a search that a newer one replaced, or one arriving after the window was
 * closed, is dropped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-import-window.h"

#include <string.h>

#include "ct-i18n.h"
#include "ct-patient-import.h"
#include "ct-token-store.h"

/* A search lists at most this many patients; a clinician narrows it by name or identifier. */
#define SEARCH_LIMIT 50

struct _CtImportWindow {
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkStack *stack;
  AdwStatusPage *unavailable_page;
  GtkSearchEntry *search_entry;
  GtkWidget *error_box;
  GtkLabel *error_label;
  GtkStack *results_stack;
  AdwStatusPage *hint_page;
  GtkSpinner *spinner;
  GtkLabel *waiting_label;
  GtkListBox *results_list;
  GtkLabel *more_label;
  GtkRevealer *progress_revealer;
  GtkSpinner *import_spinner;
  GtkLabel *status_label;
  GtkButton *cancel_button;
  GtkProgressBar *progress_bar;

  CtStore *store;
  char *platform_url;
  CtFhirClient *client;
  CtTokenStore *token_store;
  GCancellable *cancellable;        /* the window's own (the keyring); NULL once disposed */
  GCancellable *search_cancellable; /* the search under way, or NULL */
  GCancellable *import_cancellable; /* the import under way, or NULL */
  char *query;                      /* the query of the last search started */
  GPtrArray *results;               /* CtFhirPatient */
  gboolean available;
  gboolean busy;
  gboolean importing;
  char *status;
  char *error;
};

G_DEFINE_FINAL_TYPE(CtImportWindow, ct_import_window, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_AVAILABLE, PROP_BUSY, PROP_IMPORTING, PROP_STATUS, PROP_ERROR, N_PROPS };

static GParamSpec *properties[N_PROPS];

enum { SIGNAL_PATIENT_IMPORTED, N_SIGNALS };

static guint signals[N_SIGNALS];

/* One search or import under way: its answer is the window's only while @cancellable is still the
 * window's current one. */
typedef struct {
  CtImportWindow *self; /* a reference */
  GCancellable *cancellable;
  char *display_name; /* import: whom it imports */
} Call;

static Call *call_new(CtImportWindow *self, GCancellable *cancellable, const char *display_name)
{
  Call *call = g_new0(Call, 1);

  call->self = g_object_ref(self);
  call->cancellable = g_object_ref(cancellable);
  call->display_name = g_strdup(display_name);
  return call;
}

static void call_free(Call *call)
{
  g_object_unref(call->self);
  g_object_unref(call->cancellable);
  g_free(call->display_name);
  g_free(call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Call, call_free)

/* ---------------------------------------------------------------- state */

static void set_error(CtImportWindow *self, const char *message)
{
  if (g_strcmp0(self->error, message) == 0)
    return;
  g_free(self->error);
  self->error = g_strdup(message);
  gtk_label_set_text(self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible(self->error_box, message != NULL);
  g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_ERROR]);
}

/* What the progress area says; NULL hides it. */
static void set_status(CtImportWindow *self, const char *status)
{
  if (g_strcmp0(self->status, status) == 0)
    return;
  g_free(self->status);
  self->status = g_strdup(status);
  if (status != NULL)
    gtk_label_set_text(self->status_label, status);
  gtk_revealer_set_reveal_child(self->progress_revealer, status != NULL);
  g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_STATUS]);
}

/* What can be done now follows from what is under way. */
static void update_state(CtImportWindow *self)
{
  gboolean importing = self->import_cancellable != NULL;
  gboolean busy = importing || self->search_cancellable != NULL;
  GtkWidget *focus = gtk_root_get_focus(GTK_ROOT(self));
  gboolean in_search =
      focus != NULL && (focus == GTK_WIDGET(self->search_entry) ||
                        gtk_widget_is_ancestor(focus, GTK_WIDGET(self->search_entry)));

  gtk_widget_action_set_enabled(GTK_WIDGET(self), "import.patient", self->available && !importing);
  gtk_widget_action_set_enabled(GTK_WIDGET(self), "import.cancel", importing);
  gtk_widget_set_visible(GTK_WIDGET(self->cancel_button), importing);
  /* The focus leaves the search before it turns insensitive: GTK 4.8 sends no focus-out to an
   * insensitive entry, whose cursor would blink on (and warn). Cancel is what can be done now. */
  if (importing && in_search && !gtk_widget_grab_focus(GTK_WIDGET(self->cancel_button)))
    gtk_window_set_focus(GTK_WINDOW(self), NULL);
  gtk_widget_set_sensitive(GTK_WIDGET(self->search_entry), self->available && !importing);
  /* Back to the search once the import ended here (failed or cancelled). */
  if (!importing && self->importing && self->available && !in_search)
    gtk_widget_grab_focus(GTK_WIDGET(self->search_entry));
  gtk_widget_set_visible(GTK_WIDGET(self->progress_bar), importing);
  /* Something moves while the platform is slow to send the first page. */
  gtk_widget_set_visible(GTK_WIDGET(self->import_spinner), importing);
  gtk_spinner_set_spinning(self->import_spinner, importing);
  gtk_spinner_set_spinning(
      self->spinner,
      g_strcmp0(gtk_stack_get_visible_child_name(self->results_stack), "waiting") == 0);
  if (self->importing != importing) {
    self->importing = importing;
    g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_IMPORTING]);
  }
  if (self->busy != busy) {
    self->busy = busy;
    g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_BUSY]);
  }
}

static void show_results_page(CtImportWindow *self, const char *name)
{
  gtk_stack_set_visible_child_name(self->results_stack, name);
  update_state(self);
}

static void show_waiting(CtImportWindow *self, const char *what)
{
  gtk_label_set_text(self->waiting_label, what);
  show_results_page(self, "waiting");
}

/* Nothing can be imported: the window says why and offers nothing. */
static void show_unavailable(CtImportWindow *self, const char *icon_name, const char *title,
                             const char *description)
{
  adw_status_page_set_icon_name(self->unavailable_page, icon_name);
  adw_status_page_set_title(self->unavailable_page, title);
  adw_status_page_set_description(self->unavailable_page, description);
  gtk_stack_set_visible_child_name(self->stack, "unavailable");
  if (self->available) {
    self->available = FALSE;
    g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_AVAILABLE]);
  }
  update_state(self);
}

static void show_available(CtImportWindow *self, gboolean signed_in)
{
  adw_status_page_set_description(
      self->hint_page,
      signed_in ? _("Type a patient’s name or identifier to find them on the hospital’s platform")
                : _("Type a patient’s name or identifier to find them on the hospital’s platform. "
                    "No access token is saved for it; if it asks for one, set it in Preferences."));
  gtk_stack_set_visible_child_name(self->stack, "platform");
  self->available = TRUE;
  g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_AVAILABLE]);
  show_results_page(self, "hint");
  gtk_widget_grab_focus(GTK_WIDGET(self->search_entry));
}

/* ---------------------------------------------------------------- sign-in */

static void on_token(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(CtImportWindow) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = ct_token_store_lookup_finish(CT_TOKEN_STORE(source), result, &error);

  /* Closed meanwhile. */
  if (self->cancellable == NULL || g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL) {
    show_unavailable(self, "dialog-password-symbolic", _("The Sign-In Could Not Be Read"),
                     error->message);
    return;
  }
  /* No token: the platform may not need one; if it does, its refusal says to sign in. */
  if (token != NULL && !ct_fhir_client_set_token(self->client, token, &error)) {
    show_unavailable(self, "dialog-password-symbolic", _("The Sign-In Cannot Be Used"),
                     error->message);
    return;
  }
  show_available(self, token != NULL);
}

/* ---------------------------------------------------------------- search */

static char *describe_patient(CtImportWindow *self, const CtFhirPatient *patient)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(CtStorePatient) cached = NULL;

  if (patient->identifier != NULL)
    g_ptr_array_add(parts, g_strdup(patient->identifier));
  /* FHIR dates start with the year (YYYY, YYYY-MM or YYYY-MM-DD). */
  if (patient->birth_date != NULL && strlen(patient->birth_date) >= 4 &&
      g_ascii_isdigit(patient->birth_date[0]) && g_ascii_isdigit(patient->birth_date[3]))
    /* TRANSLATORS: a patient's year of birth in a search result, e.g. "born 1956". */
    g_ptr_array_add(parts, g_strdup_printf(_("born %.4s"), patient->birth_date));
  /* FHIR R4 AdministrativeGender; "unknown" says nothing worth a place. */
  if (g_strcmp0(patient->gender, "female") == 0)
    g_ptr_array_add(parts, g_strdup(C_("gender", "female")));
  else if (g_strcmp0(patient->gender, "male") == 0)
    g_ptr_array_add(parts, g_strdup(C_("gender", "male")));
  else if (g_strcmp0(patient->gender, "other") == 0)
    g_ptr_array_add(parts, g_strdup(C_("gender", "other")));
  cached = ct_store_find_patient(self->store, ct_fhir_client_get_base_url(self->client),
                                 patient->id, NULL);
  if (cached != NULL)
    g_ptr_array_add(parts, g_strdup(_("in the local cache")));
  g_ptr_array_add(parts, NULL);
  return g_strjoinv(" · ", (char **)parts->pdata);
}

static GtkWidget *result_row(CtImportWindow *self, const CtFhirPatient *patient)
{
  GtkWidget *row = adw_action_row_new();
  GtkWidget *button = gtk_button_new_with_label(_("Import"));
  g_autofree char *subtitle = describe_patient(self, patient);
  /* TRANSLATORS: what a screen reader says of a search result's Import button. */
  g_autofree char *label = g_strdup_printf(_("Import %s"), patient->display_name);

  /* Names come from the platform: text, never markup. */
  adw_preferences_row_set_use_markup(ADW_PREFERENCES_ROW(row), FALSE);
  adw_preferences_row_set_title(ADW_PREFERENCES_ROW(row), patient->display_name);
  adw_action_row_set_subtitle(ADW_ACTION_ROW(row), subtitle);
  gtk_widget_set_valign(button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name(GTK_ACTIONABLE(button), "import.patient");
  gtk_actionable_set_action_target(GTK_ACTIONABLE(button), "s", patient->id);
  gtk_accessible_update_property(GTK_ACCESSIBLE(button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_action_row_add_suffix(ADW_ACTION_ROW(row), button);
  adw_action_row_set_activatable_widget(ADW_ACTION_ROW(row), button);
  return row;
}

static void set_results(CtImportWindow *self, GPtrArray *patients)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child(GTK_WIDGET(self->results_list))) != NULL)
    gtk_list_box_remove(self->results_list, row);
  g_clear_pointer(&self->results, g_ptr_array_unref);
  if (patients != NULL) {
    self->results = g_ptr_array_ref(patients);
    for (guint i = 0; i < patients->len; i++)
      gtk_list_box_append(self->results_list, result_row(self, patients->pdata[i]));
  }
}

static void on_searched(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(Call) call = data;
  CtImportWindow *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) patients =
      ct_fhir_client_search_patients_finish(CT_FHIR_CLIENT(source), result, &error);

  /* A newer search, or the window closed. */
  if (call->cancellable != self->search_cancellable)
    return;
  g_clear_object(&self->search_cancellable);
  if (patients == NULL) {
    set_error(self, error->message);
    set_results(self, NULL);
    show_results_page(self, "hint");
    return;
  }
  set_results(self, patients);
  if (patients->len >= SEARCH_LIMIT) {
    g_autofree char *more = g_strdup_printf(
        /* TRANSLATORS: below a search's results, when there may be more than those listed. */
        _("Only the first %d patients found are listed: narrow the search to find others"),
        SEARCH_LIMIT);

    gtk_label_set_text(self->more_label, more);
  }
  gtk_widget_set_visible(GTK_WIDGET(self->more_label), patients->len >= SEARCH_LIMIT);
  show_results_page(self, patients->len > 0 ? "results" : "none");
}

static void run_search(CtImportWindow *self, const char *text)
{
  g_autofree char *query = g_strstrip(g_strdup(text != NULL ? text : ""));

  if (!self->available || self->import_cancellable != NULL)
    return;
  g_free(self->query);
  self->query = g_strdup(query);
  if (self->search_cancellable != NULL) {
    g_cancellable_cancel(self->search_cancellable);
    g_clear_object(&self->search_cancellable);
  }
  /* What was said of the last search or import is of the past now. */
  set_error(self, NULL);
  set_status(self, NULL);
  if (*query == '\0') {
    set_results(self, NULL);
    show_results_page(self, "hint");
    return;
  }
  self->search_cancellable = g_cancellable_new();
  show_waiting(self, _("Searching the platform…"));
  ct_fhir_client_search_patients_async(self->client, query, SEARCH_LIMIT, NULL, NULL,
                                       self->search_cancellable, on_searched,
                                       call_new(self, self->search_cancellable, NULL));
}

static void on_search_changed(CtImportWindow *self)
{
  g_autofree char *query =
      g_strstrip(g_strdup(gtk_editable_get_text(GTK_EDITABLE(self->search_entry))));

  /* ct_import_window_search() has already asked (the entry reports its text a moment later). */
  if (g_strcmp0(query, self->query) != 0)
    run_search(self, query);
}

static void on_search_activate(CtImportWindow *self)
{
  /* Enter asks again, also for the same text (the platform may have changed). */
  run_search(self, gtk_editable_get_text(GTK_EDITABLE(self->search_entry)));
}

void ct_import_window_search(CtImportWindow *self, const char *query)
{
  g_return_if_fail(CT_IS_IMPORT_WINDOW(self));
  g_return_if_fail(query != NULL);
  run_search(self, query);
  /* Replacing the text passes through an empty entry, which the entry reports at once. */
  g_signal_handlers_block_by_func(self->search_entry, on_search_changed, self);
  gtk_editable_set_text(GTK_EDITABLE(self->search_entry), query);
  g_signal_handlers_unblock_by_func(self->search_entry, on_search_changed, self);
}

/* ---------------------------------------------------------------- import */

static void finish_import(CtImportWindow *self, const GError *error, gint64 key)
{
  g_clear_object(&self->import_cancellable);
  if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    set_status(self, _("Import cancelled: the local cache was not changed"));
  } else if (error != NULL) {
    set_status(self, NULL);
    set_error(self, error->message);
  } else {
    set_status(self, NULL);
  }
  update_state(self);
  if (error == NULL) {
    g_signal_emit(self, signals[SIGNAL_PATIENT_IMPORTED], 0, key);
    gtk_window_close(GTK_WINDOW(self));
  }
}

static void on_import_progress(guint done, guint total, gpointer data)
{
  Call *call = data;
  CtImportWindow *self = call->self;
  g_autofree char *status = NULL;

  if (call->cancellable != self->import_cancellable ||
      g_cancellable_is_cancelled(call->cancellable))
    return;
  if (total > 0) {
    /* TRANSLATORS: the import's progress: observations downloaded of those on the platform. */
    status = g_strdup_printf(_("Downloading observations… %u of %u"), done, total);
    gtk_progress_bar_set_fraction(self->progress_bar, MIN((double)done / total, 1.0));
  } else {
    /* TRANSLATORS: the import's progress when the platform does not say how many there are. */
    status = g_strdup_printf(_("Downloading observations… %u"), done);
    gtk_progress_bar_pulse(self->progress_bar);
  }
  set_status(self, status);
}

static void on_stored(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(Call) call = data;
  CtImportWindow *self = call->self;
  g_autoptr(GError) error = NULL;
  gint64 key = 0;

  if (call->cancellable != self->import_cancellable) {
    /* The window has moved on, but a patient stored is still news for the patient list. */
    if (ct_patient_import_store_finish(result, &key, NULL))
      g_signal_emit(self, signals[SIGNAL_PATIENT_IMPORTED], 0, key);
    return;
  }
  ct_patient_import_store_finish(result, &key, &error);
  /* A cancel that came after the transaction's last check: the patient is stored, say so. */
  finish_import(self, error, key);
}

static void on_fetched(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(Call) call = data;
  CtImportWindow *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtFhirRecord) record =
      ct_fhir_client_fetch_record_finish(CT_FHIR_CLIENT(source), result, &error);
  g_autofree char *status = NULL;
  GCancellable *cancellable;

  if (call->cancellable != self->import_cancellable)
    return;
  if (record == NULL) {
    finish_import(self, error, 0);
    return;
  }
  /* TRANSLATORS: the import's last step; %s is the patient's name. */
  status = g_strdup_printf(_("Saving %s in the local cache…"), call->display_name);
  set_status(self, status);
  gtk_progress_bar_set_fraction(self->progress_bar, 1.0);
  cancellable = call->cancellable;
  ct_patient_import_store_async(ct_store_get_path(self->store),
                                ct_fhir_client_get_base_url(self->client), g_steal_pointer(&record),
                                cancellable, on_stored, g_steal_pointer(&call));
}

static void start_import(CtImportWindow *self, const char *patient_id)
{
  const char *display_name = patient_id;
  g_autofree char *status = NULL;
  Call *call;

  if (!self->available || self->import_cancellable != NULL)
    return;
  for (guint i = 0; self->results != NULL && i < self->results->len; i++) {
    const CtFhirPatient *patient = self->results->pdata[i];

    if (g_strcmp0(patient->id, patient_id) == 0)
      display_name = patient->display_name;
  }
  /* The import comes first: a search under way would only list the cache's state of before. */
  if (self->search_cancellable != NULL) {
    g_cancellable_cancel(self->search_cancellable);
    g_clear_object(&self->search_cancellable);
    show_results_page(self, self->results != NULL && self->results->len > 0 ? "results" : "hint");
  }
  set_error(self, NULL);
  self->import_cancellable = g_cancellable_new();
  call = call_new(self, self->import_cancellable, display_name);
  /* TRANSLATORS: the import's first step; %s is the patient's name. */
  status = g_strdup_printf(_("Downloading the record of %s…"), display_name);
  set_status(self, status);
  gtk_progress_bar_set_fraction(self->progress_bar, 0.0);
  update_state(self);
  /* The progress reports reach this thread before the answer, which frees @call. */
  ct_fhir_client_fetch_record_async(self->client, patient_id, on_import_progress, call,
                                    self->import_cancellable, on_fetched, call);
}

/* ---------------------------------------------------------------- actions */

static void action_patient(GtkWidget *widget, const char *name, GVariant *parameter)
{
  start_import(CT_IMPORT_WINDOW(widget), g_variant_get_string(parameter, NULL));
}

static void action_cancel(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtImportWindow *self = CT_IMPORT_WINDOW(widget);

  if (self->import_cancellable == NULL)
    return;
  set_status(self, _("Cancelling…"));
  g_cancellable_cancel(self->import_cancellable);
}

/* ---------------------------------------------------------------- object */

gboolean ct_import_window_get_available(CtImportWindow *self)
{
  g_return_val_if_fail(CT_IS_IMPORT_WINDOW(self), FALSE);
  return self->available;
}

gboolean ct_import_window_get_busy(CtImportWindow *self)
{
  g_return_val_if_fail(CT_IS_IMPORT_WINDOW(self), FALSE);
  return self->busy;
}

gboolean ct_import_window_get_importing(CtImportWindow *self)
{
  g_return_val_if_fail(CT_IS_IMPORT_WINDOW(self), FALSE);
  return self->importing;
}

const char *ct_import_window_get_status(CtImportWindow *self)
{
  g_return_val_if_fail(CT_IS_IMPORT_WINDOW(self), NULL);
  return self->status;
}

const char *ct_import_window_get_error(CtImportWindow *self)
{
  g_return_val_if_fail(CT_IS_IMPORT_WINDOW(self), NULL);
  return self->error;
}

guint ct_import_window_get_n_results(CtImportWindow *self)
{
  g_return_val_if_fail(CT_IS_IMPORT_WINDOW(self), 0);
  return self->results != NULL ? self->results->len : 0;
}

const CtFhirPatient *ct_import_window_get_result(CtImportWindow *self, guint index)
{
  g_return_val_if_fail(CT_IS_IMPORT_WINDOW(self), NULL);
  g_return_val_if_fail(index < ct_import_window_get_n_results(self), NULL);
  return self->results->pdata[index];
}

static void ct_import_window_get_property(GObject *object, guint prop_id, GValue *value,
                                          GParamSpec *pspec)
{
  CtImportWindow *self = CT_IMPORT_WINDOW(object);

  switch (prop_id) {
  case PROP_AVAILABLE:
    g_value_set_boolean(value, self->available);
    break;
  case PROP_BUSY:
    g_value_set_boolean(value, self->busy);
    break;
  case PROP_IMPORTING:
    g_value_set_boolean(value, self->importing);
    break;
  case PROP_STATUS:
    g_value_set_string(value, self->status);
    break;
  case PROP_ERROR:
    g_value_set_string(value, self->error);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void ct_import_window_dispose(GObject *object)
{
  CtImportWindow *self = CT_IMPORT_WINDOW(object);

  /* Closing the window stops what it started: answers still on their way are dropped. */
  if (self->cancellable != NULL)
    g_cancellable_cancel(self->cancellable);
  if (self->search_cancellable != NULL)
    g_cancellable_cancel(self->search_cancellable);
  if (self->import_cancellable != NULL)
    g_cancellable_cancel(self->import_cancellable);
  g_clear_object(&self->cancellable);
  g_clear_object(&self->search_cancellable);
  g_clear_object(&self->import_cancellable);
  gtk_widget_dispose_template(GTK_WIDGET(object), CT_TYPE_IMPORT_WINDOW);
  g_clear_object(&self->client);
  g_clear_object(&self->token_store);
  g_clear_object(&self->store);
  g_clear_pointer(&self->results, g_ptr_array_unref);
  G_OBJECT_CLASS(ct_import_window_parent_class)->dispose(object);
}

static void ct_import_window_finalize(GObject *object)
{
  CtImportWindow *self = CT_IMPORT_WINDOW(object);

  g_free(self->platform_url);
  g_free(self->query);
  g_free(self->status);
  g_free(self->error);
  G_OBJECT_CLASS(ct_import_window_parent_class)->finalize(object);
}

static void ct_import_window_class_init(CtImportWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->get_property = ct_import_window_get_property;
  object_class->dispose = ct_import_window_dispose;
  object_class->finalize = ct_import_window_finalize;

  properties[PROP_AVAILABLE] =
      g_param_spec_boolean("available", NULL, NULL, FALSE,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BUSY] =
      g_param_spec_boolean("busy", NULL, NULL, FALSE,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_IMPORTING] =
      g_param_spec_boolean("importing", NULL, NULL, FALSE,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATUS] =
      g_param_spec_string("status", NULL, NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERROR] =
      g_param_spec_string("error", NULL, NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties(object_class, N_PROPS, properties);

  signals[SIGNAL_PATIENT_IMPORTED] =
      g_signal_new("patient-imported", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                   NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/cardiotwin/CardioTwin/ui/ct-import-window.ui");
  gtk_widget_class_bind_template_child(widget_class, CtImportWindow, window_title);
  gtk_widget_class_bind_template_child(widget_class, CtImportWindow, stack);
  gtk_widget_class_bind_template_child(widget_class, CtImportWindow, unavailable_page);
  gtk_widget_class_bind_template_child(widget_class, CtImportWindow, search_entry);
  gtk_widget_class_bind_template_child(widget_class, CtImportWindow, error_box);
  gtk_widget_class_bind_template_child(widget_class, CtImportWindow, error_label);
  gtk_widget_class_bind_template_child(widget_class, CtImportWindow, results_stack);
  gtk_widget_class_bind_template_child(widget_class, CtImportWindow, hint_page);
  gtk_widget_class_bind_template_child(widget_class, CtImportWindow, spinner);
  gtk_widget_class_bind_template_child(widget_class, CtImportWindow, waiting_label);
  gtk_widget_class_bind_template_child(widget_class, CtImportWindow, results_list);
  gtk_widget_class_bind_template_child(widget_class, CtImportWindow, more_label);
  gtk_widget_class_bind_template_child(widget_class, CtImportWindow, progress_revealer);
  gtk_widget_class_bind_template_child(widget_class, CtImportWindow, import_spinner);
  gtk_widget_class_bind_template_child(widget_class, CtImportWindow, status_label);
  gtk_widget_class_bind_template_child(widget_class, CtImportWindow, cancel_button);
  gtk_widget_class_bind_template_child(widget_class, CtImportWindow, progress_bar);
  gtk_widget_class_bind_template_callback(widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback(widget_class, on_search_activate);

  gtk_widget_class_install_action(widget_class, "import.patient", "s", action_patient);
  gtk_widget_class_install_action(widget_class, "import.cancel", NULL, action_cancel);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void ct_import_window_init(CtImportWindow *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
  self->cancellable = g_cancellable_new();
  /* Typing anywhere in the window goes to the search. */
  gtk_search_entry_set_key_capture_widget(self->search_entry, GTK_WIDGET(self));
  update_state(self);
}

CtImportWindow *ct_import_window_new(CtStore *store, const char *platform_url)
{
  CtImportWindow *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail(store == NULL || CT_IS_STORE(store), NULL);
  self = g_object_new(CT_TYPE_IMPORT_WINDOW, NULL);
  self->platform_url = g_strstrip(g_strdup(platform_url != NULL ? platform_url : ""));
  if (store != NULL)
    self->store = g_object_ref(store);

  if (*self->platform_url == '\0') {
    show_unavailable(self, "network-offline-symbolic", _("No Platform Set"),
                     _("CardioTwin works offline from its local cache. To search the hospital’s "
                       "platform and import patients, set its address in Preferences."));
    return self;
  }
  if (self->store == NULL) {
    show_unavailable(self, "dialog-error-symbolic", _("No Local Cache"),
                     _("The local cache could not be opened, so nothing can be imported into it"));
    return self;
  }
  /* Said before anything is downloaded, not after. */
  if (ct_store_is_read_only(self->store)) {
    show_unavailable(self, "dialog-error-symbolic", _("The Local Cache Is Read-Only"),
                     ct_store_is_damaged(self->store)
                         ? _("The local cache is damaged, so nothing can be imported into it. "
                             "Rebuild it first (in the main window); its platform patients are "
                             "then imported again.")
                         : _("The local cache cannot be written, so nothing can be imported into "
                             "it"));
    return self;
  }
  self->client = ct_fhir_client_new(self->platform_url, &error);
  if (self->client == NULL) {
    show_unavailable(self, "dialog-error-symbolic", _("The Platform Address Cannot Be Used"),
                     error->message);
    return self;
  }
  adw_window_title_set_subtitle(self->window_title, ct_fhir_client_get_base_url(self->client));
  gtk_stack_set_visible_child_name(self->stack, "platform");
  show_waiting(self, _("Reading the sign-in from the keyring…"));
  /* Under the address as the preferences saved the token (the setting's text). */
  self->token_store = ct_token_store_new();
  ct_token_store_lookup_async(self->token_store, self->platform_url, self->cancellable, on_token,
                              g_object_ref(self));
  return self;
}

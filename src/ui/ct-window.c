/* ct-window.c — the main window: the patient list beside the open twin.
 *
 * The patient list is a sidebar (an AdwFlap): beside the twin on a wide screen, over it on a
 * laptop, where it hides once a patient is chosen and comes back with F8 or the header bar's
 * button. The twin page's actions are mirrored as window actions so that the menu and the
 * accelerators reach them wherever the focus is.
 *
 * A banner under the header bar says when the local cache is not as it should be: read-only (it
 * is read, nothing is saved), or damaged (what can still be read is shown, read-only, never
 * written), with Rebuild: after a confirmation the damaged file is moved aside and kept, a new
 * cache is made with the demos and the platform's patients are imported again (ct-cache-rebuild.c,
 * off the main thread, with progress and Cancel in the banner). The rebuild is the application's
 * (ct_application_rebuild_cache): one for all windows, each showing its progress; the new cache
 * goes to every window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-window.h"

#include "ct-application.h"
#include "ct-cache-rebuild.h"
#include "ct-education-window.h"
#include "ct-twin-details-window.h"
#include "ct-i18n.h"
#include "ct-import-window.h"
#include "ct-patient-list.h"
#include "ct-twin-error.h"

#define APPLICATION_ID "org.cardiotwin.CardioTwin"

struct _CtWindow {
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwFlap *sidebar_flap;
  CtPatientList *patient_list;
  AdwWindowTitle *window_title;
  GtkStack *content_stack;
  CtTwinPage *twin_page;
  AdwStatusPage *error_page;
  GtkButton *open_version_button;
  GtkRevealer *cache_banner;
  GtkLabel *cache_banner_label;
  GtkButton *cache_rebuild_button;
  GtkButton *cache_cancel_button;

  CtStore *store;
  GError *store_error; /* why the cache is not as it should be (damaged), or NULL */
  CtDrugLibrary *drugs;
  GSettings *settings; /* NULL when the schema is not installed (running from a build tree) */
  char *load_error;
  char *cache_notice;  /* what the banner says; NULL while it is hidden */
  int offered_version; /* the twin version the error page offers, or 0 */
  gboolean twin_open;
  gboolean twin_from_cache;
  /* Every toast on screen or waiting its turn, in the order they were added (the overlay shows
   * them first come first shown): those about the open twin that are still waiting are dismissed
   * when another patient opens, so that "Scenario applied" is not read, seconds later, over the
   * next patient. */
  GPtrArray *toasts;
  gint64 shown_patient_key; /* the cached patient whose twin is shown, 0 for none or a file */
  /* The open twin's details window while it is open (a weak pointer): one at a time, closed when
   * another twin (or version) is shown, so that it never describes a twin the page no longer
   * shows. */
  GtkWindow *twin_details;
};

G_DEFINE_FINAL_TYPE(CtWindow, ct_window, ADW_TYPE_APPLICATION_WINDOW)

/* The twin page's actions the window mirrors (win.NAME activates twin.NAME). */
static const struct {
  const char *name;
  const char *parameter_type;
} page_actions[] = {
    {"set-dose", "(sd)"}, {"apply-scenario", "s"},        {"open-scenario", NULL},
    {"reset-plan", NULL}, {"toggle-therapy-panel", NULL}, {"colour-mode", "s"},
    {"save-plan", NULL},  {"export-plan", NULL},          {"undo", NULL},
    {"redo", NULL},       {"export-report", NULL},
};

#define TWIN_TOAST "ct-twin-toast"

static void on_toast_dismissed(AdwToast *toast, CtWindow *self)
{
  g_ptr_array_remove(self->toasts, toast);
}

static AdwToast *toast(CtWindow *self, const char *message)
{
  AdwToast *toast = adw_toast_new(message);

  /* Messages are about what the clinician just did: short, one at a time. */
  adw_toast_set_timeout(toast, 4);
  g_ptr_array_add(self->toasts, g_object_ref(toast));
  g_signal_connect_object(toast, "dismissed", G_CALLBACK(on_toast_dismissed), self, 0);
  adw_toast_overlay_add_toast(self->toast_overlay, toast);
  return toast;
}

/* A toast about what was done to the open twin (see dismiss_twin_toasts). */
static void twin_toast(CtWindow *self, const char *message)
{
  g_object_set_data(G_OBJECT(toast(self, message)), TWIN_TOAST, GINT_TO_POINTER(TRUE));
}

/* The open twin's toasts that wait their turn leave the queue, newest first. The first toast of
 * all is the one on screen: it is left to its few seconds, since dismissing a toast while its show
 * animation runs crashes libadwaita 1.2 once the animation is skipped (seen here under Xvfb).
 * Dismissing one removes it from the array (on_toast_dismissed). */
static void dismiss_twin_toasts(CtWindow *self)
{
  for (guint i = self->toasts->len; i-- > 1;) {
    AdwToast *waiting;

    if (i >= self->toasts->len)
      continue;
    waiting = g_ptr_array_index(self->toasts, i);
    if (g_object_get_data(G_OBJECT(waiting), TWIN_TOAST) == NULL)
      continue;
    adw_toast_dismiss(waiting);
    if (i < self->toasts->len && g_ptr_array_index(self->toasts, i) == waiting)
      g_ptr_array_remove_index(self->toasts, i); /* already dismissed: no signal comes again */
  }
}

/* The twin of @patient_key (0: a file, or none) is about to be shown, or none: the previous
 * patient's toasts that still wait go, those of the same patient (a recalibration reopens it
 * after saying so) stay. */
static void twin_changing(CtWindow *self, gint64 patient_key)
{
  if (self->twin_details != NULL)
    gtk_window_destroy(self->twin_details);
  if (patient_key == 0 || patient_key != self->shown_patient_key)
    dismiss_twin_toasts(self);
  self->shown_patient_key = patient_key;
}

static void set_twin_open(CtWindow *self, gboolean open)
{
  self->twin_open = open;
  for (guint i = 0; i < G_N_ELEMENTS(page_actions); i++) {
    g_autofree char *name = g_strconcat("win.", page_actions[i].name, NULL);

    gtk_widget_action_set_enabled(GTK_WIDGET(self), name, open);
  }
  gtk_widget_action_set_enabled(GTK_WIDGET(self), "win.show-patient-view", open);
  gtk_widget_action_set_enabled(GTK_WIDGET(self), "win.show-twin-details", open);
}

/* Below this width the twin page (3D view, five plots, the indices, the therapy panel) needs the
 * list's room: opening a twin hides the list (F8 brings it back). */
#define SIDEBAR_KEPT_FROM_WIDTH 1600

/* Out of the way once a patient is chosen, when it covers the twin or takes its room. */
static void hide_sidebar_if_folded(CtWindow *self)
{
  if (adw_flap_get_folded(self->sidebar_flap) ||
      gtk_widget_get_width(GTK_WIDGET(self)) < SIDEBAR_KEPT_FROM_WIDTH)
    adw_flap_set_reveal_flap(self->sidebar_flap, FALSE);
}

static void show_load_error(CtWindow *self, const char *title, const char *reason)
{
  twin_changing(self, 0);
  g_free(self->load_error);
  self->load_error = g_strdup(reason);
  adw_status_page_set_icon_name(self->error_page, "dialog-error-symbolic");
  adw_status_page_set_title(self->error_page, title);
  adw_status_page_set_description(self->error_page, reason);
  self->offered_version = 0;
  gtk_widget_set_visible(GTK_WIDGET(self->open_version_button), FALSE);
  gtk_stack_set_visible_child_name(self->content_stack, "error");
  adw_window_title_set_title(self->window_title, _("CardioTwin"));
  adw_window_title_set_subtitle(self->window_title, "");
  gtk_widget_set_tooltip_text(GTK_WIDGET(self->window_title), NULL);
  set_twin_open(self, FALSE);
  /* The list stays: the clinician picks another patient. */
  adw_flap_set_reveal_flap(self->sidebar_flap, TRUE);
}

static void show_twin(CtWindow *self, CtTwin *twin, gint64 patient_key, const char *subtitle)
{
  twin_changing(self, patient_key);
  g_clear_pointer(&self->load_error, g_free);
  ct_twin_page_set_twin(self->twin_page, twin, self->drugs);
  adw_window_title_set_title(self->window_title, ct_twin_get_pseudonym(twin));
  adw_window_title_set_subtitle(self->window_title, subtitle);
  /* The subtitle is ellipsized to the header bar's width, and the twin's description it carries
   * (a fitted twin's says what its mitral leak is taken to be) is often longer: the whole of it
   * shows on hovering the title. */
  gtk_widget_set_tooltip_text(GTK_WIDGET(self->window_title), subtitle);
  gtk_stack_set_visible_child_name(self->content_stack, "twin");
  set_twin_open(self, TRUE);
  hide_sidebar_if_folded(self);
}

/* A twin whose newest version a newer CardioTwin wrote: the reason, and the newest version this
 * one can read, if any, on a button. */
static void show_newer_twin(CtWindow *self, gint64 patient_key, const char *reason)
{
  int older = ct_store_find_readable_twin_version(self->store, patient_key, 0, NULL);

  show_load_error(self, _("Twin From a Newer CardioTwin"), reason);
  /* Not an error of the twin's: what to do is update. */
  adw_status_page_set_icon_name(self->error_page, "software-update-available-symbolic");
  if (older > 0) {
    /* TRANSLATORS: a button under "Twin From a Newer CardioTwin": an earlier version this
     * CardioTwin can open. */
    g_autofree char *label = g_strdup_printf(_("Open Version %d"), older);

    self->offered_version = older;
    gtk_button_set_label(self->open_version_button, label);
    /* The target first: an action of type (xi) without one would be refused. */
    gtk_actionable_set_action_target(GTK_ACTIONABLE(self->open_version_button), "(xi)", patient_key,
                                     older);
    gtk_actionable_set_action_name(GTK_ACTIONABLE(self->open_version_button),
                                   "win.open-twin-version");
    gtk_widget_set_visible(GTK_WIDGET(self->open_version_button), TRUE);
  }
}

gboolean ct_window_open_patient_version(CtWindow *self, gint64 patient_key, int version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTwin) twin = NULL;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail(CT_IS_WINDOW(self), FALSE);
  if (self->store == NULL) {
    show_load_error(self, _("No Local Cache"), _("The local cache could not be opened"));
    return FALSE;
  }
  if (version > 0)
    twin = ct_store_open_twin_version(self->store, patient_key, version, &error);
  else
    twin = ct_store_open_twin(self->store, patient_key, &version, &error);
  if (twin == NULL && g_error_matches(error, CT_STORE_ERROR, CT_STORE_ERROR_NEWER_FORMAT)) {
    show_newer_twin(self, patient_key, error->message);
    return FALSE;
  }
  if (twin == NULL) {
    show_load_error(self, _("The Twin Could Not Be Opened"), error->message);
    return FALSE;
  }
  /* TRANSLATORS: the window's subtitle: the twin's version in the cache and its description. */
  subtitle = g_strdup_printf(_("Twin version %d · %s"), version, ct_twin_get_description(twin));
  show_twin(self, twin, patient_key, subtitle);
  self->twin_from_cache = TRUE;
  ct_twin_page_set_patient(self->twin_page, self->store, patient_key, version);
  return TRUE;
}

gboolean ct_window_open_patient(CtWindow *self, gint64 patient_key)
{
  return ct_window_open_patient_version(self, patient_key, 0);
}

gboolean ct_window_open_file(CtWindow *self, GFile *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTwin) twin = NULL;
  g_autofree char *path = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail(CT_IS_WINDOW(self), FALSE);
  g_return_val_if_fail(G_IS_FILE(file), FALSE);
  path = g_file_get_path(file);
  basename = g_file_get_basename(file);
  if (path == NULL) {
    show_load_error(self, _("The Twin Could Not Be Opened"),
                    _("Only local twin files can be opened"));
    return FALSE;
  }
  twin = ct_twin_new_from_file(path, &error);
  if (twin == NULL) {
    show_load_error(self,
                    g_error_matches(error, CT_TWIN_ERROR, CT_TWIN_ERROR_NEWER_VERSION)
                        ? _("Twin From a Newer CardioTwin")
                        : _("The Twin Could Not Be Opened"),
                    error->message);
    return FALSE;
  }
  /* TRANSLATORS: the window's subtitle for a twin opened from a file, not from the cache. */
  subtitle = g_strdup_printf(_("File %s · not in the cache"), basename);
  show_twin(self, twin, 0, subtitle);
  self->twin_from_cache = FALSE;
  return TRUE;
}

CtTwinPage *ct_window_get_twin_page(CtWindow *self)
{
  g_return_val_if_fail(CT_IS_WINDOW(self), NULL);
  return self->twin_open ? self->twin_page : NULL;
}

const char *ct_window_get_load_error(CtWindow *self)
{
  g_return_val_if_fail(CT_IS_WINDOW(self), NULL);
  return self->load_error;
}

guint ct_window_get_n_twin_toasts(CtWindow *self)
{
  guint n = 0;

  g_return_val_if_fail(CT_IS_WINDOW(self), 0);
  for (guint i = 0; i < self->toasts->len; i++)
    n += g_object_get_data(G_OBJECT(g_ptr_array_index(self->toasts, i)), TWIN_TOAST) != NULL;
  return n;
}

int ct_window_get_offered_version(CtWindow *self)
{
  g_return_val_if_fail(CT_IS_WINDOW(self), 0);
  return self->offered_version;
}

const char *ct_window_get_cache_notice(CtWindow *self)
{
  g_return_val_if_fail(CT_IS_WINDOW(self), NULL);
  return self->cache_notice;
}

static CtCacheRebuild *current_rebuild(CtWindow *self);

gboolean ct_window_get_rebuilding(CtWindow *self)
{
  g_return_val_if_fail(CT_IS_WINDOW(self), FALSE);
  return current_rebuild(self) != NULL;
}

const char *ct_window_get_platform_state(CtWindow *self)
{
  g_return_val_if_fail(CT_IS_WINDOW(self), NULL);
  return ct_patient_list_get_platform_state(self->patient_list);
}

GListModel *ct_window_get_patients(CtWindow *self)
{
  g_return_val_if_fail(CT_IS_WINDOW(self), NULL);
  return ct_patient_list_get_model(self->patient_list);
}

CtPatientList *ct_window_get_patient_list(CtWindow *self)
{
  g_return_val_if_fail(CT_IS_WINDOW(self), NULL);
  return self->patient_list;
}

/* ---------------------------------------------------------------- actions */

static void on_patient_activated(CtWindow *self, gint64 key)
{
  ct_window_open_patient(self, key);
}

static void on_page_message(CtWindow *self, const char *message)
{
  twin_toast(self, message);
}

/* The twin page recalibrated the patient's twin: open the new version. */
static void on_twin_recalibrated(CtWindow *self, gint64 patient_key)
{
  ct_window_open_patient(self, patient_key);
}

static void action_open_patient(GtkWidget *widget, const char *name, GVariant *parameter)
{
  ct_window_open_patient(CT_WINDOW(widget), g_variant_get_int64(parameter));
}

static void action_search(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtWindow *self = CT_WINDOW(widget);

  adw_flap_set_reveal_flap(self->sidebar_flap, TRUE);
  ct_patient_list_focus_search(self->patient_list);
}

/* The patient is in the cache now: the list shows it, and it opens. */
static void on_patient_imported(CtWindow *self, gint64 key)
{
  ct_patient_list_reload(self->patient_list);
  ct_window_open_patient(self, key);
}

static void action_import_patient(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtWindow *self = CT_WINDOW(widget);
  g_autofree char *url =
      self->settings != NULL ? g_settings_get_string(self->settings, "platform-url") : NULL;
  CtImportWindow *import = ct_import_window_new(self->store, url);

  gtk_window_set_transient_for(GTK_WINDOW(import), GTK_WINDOW(self));
  g_signal_connect_object(import, "patient-imported", G_CALLBACK(on_patient_imported), self,
                          G_CONNECT_SWAPPED);
  gtk_window_present(GTK_WINDOW(import));
}

static void action_toggle_patients(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtWindow *self = CT_WINDOW(widget);

  adw_flap_set_reveal_flap(self->sidebar_flap, !adw_flap_get_reveal_flap(self->sidebar_flap));
}

/* The patient view (ct-education-window.c): when the patient leaves it, the clinician's window is
 * the active one again, as it was. */
static void on_patient_view_closed(CtWindow *self)
{
  gtk_window_present(GTK_WINDOW(self));
}

static void action_show_patient_view(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtWindow *self = CT_WINDOW(widget);
  CtEducationWindow *education;

  if (!self->twin_open)
    return;
  education = ct_education_window_new(GTK_WINDOW(self), self->twin_page);
  g_signal_connect_object(education, "destroy", G_CALLBACK(on_patient_view_closed), self,
                          G_CONNECT_SWAPPED);
  gtk_window_present(GTK_WINDOW(education));
}

/* The open twin described (ct-twin-details-window.c): its valves, conduction, measurements and
 * provenance, which the window's subtitle can only begin to say. */
static void action_show_twin_details(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtWindow *self = CT_WINDOW(widget);
  CtTwin *twin;

  if (!self->twin_open || (twin = ct_twin_page_get_twin(self->twin_page)) == NULL)
    return;
  if (self->twin_details == NULL) {
    self->twin_details = GTK_WINDOW(ct_twin_details_window_new(GTK_WINDOW(self), twin));
    g_object_add_weak_pointer(G_OBJECT(self->twin_details), (gpointer *)&self->twin_details);
  }
  gtk_window_present(self->twin_details);
}

static void action_page(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtWindow *self = CT_WINDOW(widget);
  g_autofree char *page_action = NULL;

  g_assert(g_str_has_prefix(name, "win."));
  page_action = g_strconcat("twin.", name + strlen("win."), NULL);
  gtk_widget_activate_action_variant(GTK_WIDGET(self->twin_page), page_action, parameter);
}

/* ---------------------------------------------------------------- the local cache */

/* The application's rebuild of the cache under way, or NULL (a window of another application:
 * none, and it cannot start one). */
static CtCacheRebuild *current_rebuild(CtWindow *self)
{
  GtkApplication *application = gtk_window_get_application(GTK_WINDOW(self));

  return CT_IS_APPLICATION(application)
             ? ct_application_get_cache_rebuild(CT_APPLICATION(application))
             : NULL;
}

static gboolean can_rebuild(CtWindow *self)
{
  return CT_IS_APPLICATION(gtk_window_get_application(GTK_WINDOW(self))) &&
         current_rebuild(self) == NULL &&
         g_error_matches(self->store_error, CT_STORE_ERROR, CT_STORE_ERROR_CORRUPT);
}

static gboolean cache_is_damaged(CtWindow *self)
{
  return g_error_matches(self->store_error, CT_STORE_ERROR, CT_STORE_ERROR_CORRUPT);
}

/* The banner says what is wrong with the cache, or what the rebuild is doing; hidden when the
 * cache is as it should be. */
static void update_cache_banner(CtWindow *self)
{
  gboolean damaged = cache_is_damaged(self);
  CtCacheRebuild *rebuild = current_rebuild(self);
  const char *notice = NULL;

  if (rebuild != NULL)
    notice = ct_cache_rebuild_get_status(rebuild) != NULL ? ct_cache_rebuild_get_status(rebuild)
                                                          : _("Rebuilding the local cache…");
  else if (damaged && self->store != NULL)
    notice = _("The local cache is damaged. What can still be read is shown, read-only: nothing "
               "you change is saved. Rebuild it to work normally again; the damaged file is "
               "kept.");
  else if (damaged)
    notice = _("The local cache is damaged and cannot be read. Rebuild it to work normally "
               "again; the damaged file is kept.");
  else if (self->store != NULL && ct_store_is_read_only(self->store))
    notice = _("The local cache is read-only: patients and twins open, but nothing you change "
               "is saved.");
  g_free(self->cache_notice);
  self->cache_notice = g_strdup(notice);
  gtk_label_set_text(self->cache_banner_label, notice != NULL ? notice : "");
  gtk_revealer_set_reveal_child(self->cache_banner, notice != NULL);
  gtk_widget_set_visible(GTK_WIDGET(self->cache_rebuild_button), can_rebuild(self));
  gtk_widget_set_visible(GTK_WIDGET(self->cache_cancel_button), rebuild != NULL);
  gtk_widget_action_set_enabled(GTK_WIDGET(self), "win.rebuild-cache", can_rebuild(self));
  gtk_widget_action_set_enabled(GTK_WIDGET(self), "win.cancel-rebuild", rebuild != NULL);
}

void ct_window_set_store(CtWindow *self, CtStore *store, const GError *store_error)
{
  g_return_if_fail(CT_IS_WINDOW(self));
  g_return_if_fail(store == NULL || CT_IS_STORE(store));

  g_set_object(&self->store, store);
  g_clear_error(&self->store_error);
  if (store_error != NULL)
    self->store_error = g_error_copy(store_error);
  ct_patient_list_set_store(self->patient_list, self->store);
  /* A twin of another cache's patient has no place here: its plans would go to the old file. A
   * twin from a file stays. */
  if ((self->twin_open && self->twin_from_cache) || self->load_error != NULL) {
    g_clear_pointer(&self->load_error, g_free);
    /* The page lets go of the old cache too. */
    ct_twin_page_set_patient(self->twin_page, NULL, 0, 0);
    gtk_stack_set_visible_child_name(self->content_stack, "empty");
    adw_window_title_set_title(self->window_title, _("CardioTwin"));
    adw_window_title_set_subtitle(self->window_title, "");
    gtk_widget_set_tooltip_text(GTK_WIDGET(self->window_title), NULL);
    twin_changing(self, 0);
    set_twin_open(self, FALSE);
    adw_flap_set_reveal_flap(self->sidebar_flap, TRUE);
  }
  if (store == NULL && store_error != NULL)
    show_load_error(self, _("No Local Cache"), store_error->message);
  update_cache_banner(self);
}

void ct_window_cache_rebuild_changed(CtWindow *self, const char *message)
{
  g_return_if_fail(CT_IS_WINDOW(self));

  update_cache_banner(self);
  if (message != NULL)
    toast(self, message);
}

static void on_rebuild_response(CtWindow *self, const char *response)
{
  GtkApplication *application = gtk_window_get_application(GTK_WINDOW(self));
  g_autofree char *url = NULL;

  if (g_strcmp0(response, "rebuild") != 0 || !CT_IS_APPLICATION(application))
    return;
  url = self->settings != NULL ? g_settings_get_string(self->settings, "platform-url") : NULL;
  ct_application_rebuild_cache(CT_APPLICATION(application), url);
}

static void action_rebuild_cache(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtWindow *self = CT_WINDOW(widget);
  g_autofree char *url =
      self->settings != NULL ? g_settings_get_string(self->settings, "platform-url") : NULL;
  AdwMessageDialog *dialog;

  if (!can_rebuild(self))
    return;
  dialog = ADW_MESSAGE_DIALOG(adw_message_dialog_new(
      GTK_WINDOW(self), _("Rebuild the Local Cache?"),
      url != NULL && *url != '\0'
          ? _("The damaged cache is moved aside and kept in its folder, for support. A new "
              "cache is made with the demo patients, and the platform’s patients it still names "
              "are imported again from the platform, with the plans it still holds for them. "
              "Fitted twins are not carried over.")
          : _("The damaged cache is moved aside and kept in its folder, for support. A new "
              "cache is made with the demo patients and the plans it still holds for them. No "
              "platform is set: patients from a platform, whose plans stay in the damaged cache, "
              "can be imported again later. Fitted twins are not carried over.")));
  adw_message_dialog_add_responses(dialog, "cancel", _("_Cancel"), "rebuild", _("_Rebuild"), NULL);
  adw_message_dialog_set_response_appearance(dialog, "rebuild", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response(dialog, "cancel");
  adw_message_dialog_set_close_response(dialog, "cancel");
  g_signal_connect_object(dialog, "response", G_CALLBACK(on_rebuild_response), self,
                          G_CONNECT_SWAPPED);
  gtk_window_present(GTK_WINDOW(dialog));
}

static void action_cancel_rebuild(GtkWidget *widget, const char *name, GVariant *parameter)
{
  GtkApplication *application = gtk_window_get_application(GTK_WINDOW(widget));

  if (CT_IS_APPLICATION(application))
    ct_application_cancel_cache_rebuild(CT_APPLICATION(application));
}

static void action_open_twin_version(GtkWidget *widget, const char *name, GVariant *parameter)
{
  gint64 key = 0;
  int version = 0;

  g_variant_get(parameter, "(xi)", &key, &version);
  ct_window_open_patient_version(CT_WINDOW(widget), key, version);
}

/* ---------------------------------------------------------------- settings */

static gboolean pressure_unit_to_kpa(GValue *value, GVariant *variant, gpointer data)
{
  g_value_set_boolean(value, g_str_equal(g_variant_get_string(variant, NULL), "kpa"));
  return TRUE;
}

static GVariant *kpa_to_pressure_unit(const GValue *value, const GVariantType *type, gpointer data)
{
  return g_variant_new_string(g_value_get_boolean(value) ? "kpa" : "mmhg");
}

static void update_platform_state(CtWindow *self)
{
  g_autofree char *url =
      self->settings != NULL ? g_settings_get_string(self->settings, "platform-url") : NULL;
  gboolean network = g_network_monitor_get_network_available(g_network_monitor_get_default());

  ct_patient_list_set_platform_state(self->patient_list, url, network);
  gtk_widget_action_set_enabled(GTK_WIDGET(self), "win.import-patient",
                                url != NULL && *url != '\0');
}

static GSettings *settings_if_installed(void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default();
  g_autoptr(GSettingsSchema) schema =
      source != NULL ? g_settings_schema_source_lookup(source, APPLICATION_ID, TRUE) : NULL;

  return schema != NULL ? g_settings_new_full(schema, NULL, NULL) : NULL;
}

static gboolean ct_window_close_request(GtkWindow *window)
{
  CtWindow *self = CT_WINDOW(window);

  if (self->settings != NULL) {
    int width, height;

    gtk_window_get_default_size(window, &width, &height);
    g_settings_set_int(self->settings, "window-width", width);
    g_settings_set_int(self->settings, "window-height", height);
    g_settings_set_boolean(self->settings, "window-maximized", gtk_window_is_maximized(window));
  }
  return GTK_WINDOW_CLASS(ct_window_parent_class)->close_request(window);
}

static void ct_window_dispose(GObject *object)
{
  CtWindow *self = CT_WINDOW(object);

  if (self->twin_details != NULL)
    g_object_remove_weak_pointer(G_OBJECT(self->twin_details), (gpointer *)&self->twin_details);
  self->twin_details = NULL;
  gtk_widget_dispose_template(GTK_WIDGET(object), CT_TYPE_WINDOW);
  g_clear_object(&self->store);
  g_clear_error(&self->store_error);
  g_clear_pointer(&self->cache_notice, g_free);
  g_clear_object(&self->drugs);
  g_clear_object(&self->settings);
  g_clear_pointer(&self->load_error, g_free);
  if (self->toasts != NULL) {
    /* Those the overlay did not dismiss with the template (if any): nothing of ours to update
     * when it does. */
    for (guint i = 0; i < self->toasts->len; i++)
      g_signal_handlers_disconnect_by_func(g_ptr_array_index(self->toasts, i), on_toast_dismissed,
                                           self);
    g_clear_pointer(&self->toasts, g_ptr_array_unref);
  }
  G_OBJECT_CLASS(ct_window_parent_class)->dispose(object);
}

static void ct_window_class_init(CtWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS(klass);

  object_class->dispose = ct_window_dispose;
  window_class->close_request = ct_window_close_request;

  g_type_ensure(CT_TYPE_PATIENT_LIST);
  g_type_ensure(CT_TYPE_TWIN_PAGE);
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/cardiotwin/CardioTwin/ui/ct-window.ui");
  gtk_widget_class_bind_template_child(widget_class, CtWindow, toast_overlay);
  gtk_widget_class_bind_template_child(widget_class, CtWindow, sidebar_flap);
  gtk_widget_class_bind_template_child(widget_class, CtWindow, patient_list);
  gtk_widget_class_bind_template_child(widget_class, CtWindow, window_title);
  gtk_widget_class_bind_template_child(widget_class, CtWindow, content_stack);
  gtk_widget_class_bind_template_child(widget_class, CtWindow, twin_page);
  gtk_widget_class_bind_template_child(widget_class, CtWindow, error_page);
  gtk_widget_class_bind_template_child(widget_class, CtWindow, open_version_button);
  gtk_widget_class_bind_template_child(widget_class, CtWindow, cache_banner);
  gtk_widget_class_bind_template_child(widget_class, CtWindow, cache_banner_label);
  gtk_widget_class_bind_template_child(widget_class, CtWindow, cache_rebuild_button);
  gtk_widget_class_bind_template_child(widget_class, CtWindow, cache_cancel_button);
  gtk_widget_class_bind_template_callback(widget_class, on_patient_activated);
  gtk_widget_class_bind_template_callback(widget_class, on_page_message);

  gtk_widget_class_install_action(widget_class, "win.open-patient", "x", action_open_patient);
  gtk_widget_class_install_action(widget_class, "win.search", NULL, action_search);
  gtk_widget_class_install_action(widget_class, "win.import-patient", NULL, action_import_patient);
  gtk_widget_class_install_action(widget_class, "win.toggle-patients", NULL,
                                  action_toggle_patients);
  gtk_widget_class_install_action(widget_class, "win.show-patient-view", NULL,
                                  action_show_patient_view);
  gtk_widget_class_install_action(widget_class, "win.show-twin-details", NULL,
                                  action_show_twin_details);
  gtk_widget_class_install_action(widget_class, "win.rebuild-cache", NULL, action_rebuild_cache);
  gtk_widget_class_install_action(widget_class, "win.cancel-rebuild", NULL, action_cancel_rebuild);
  gtk_widget_class_install_action(widget_class, "win.open-twin-version", "(xi)",
                                  action_open_twin_version);
  for (guint i = 0; i < G_N_ELEMENTS(page_actions); i++) {
    g_autofree char *name = g_strconcat("win.", page_actions[i].name, NULL);

    gtk_widget_class_install_action(widget_class, name, page_actions[i].parameter_type,
                                    action_page);
  }
}

static void ct_window_init(CtWindow *self)
{
  self->toasts = g_ptr_array_new_with_free_func(g_object_unref);
  gtk_widget_init_template(GTK_WIDGET(self));
  set_twin_open(self, FALSE);
  g_signal_connect_object(self->twin_page, "twin-recalibrated", G_CALLBACK(on_twin_recalibrated),
                          self, G_CONNECT_SWAPPED);

  self->settings = settings_if_installed();
  if (self->settings != NULL) {
    gtk_window_set_default_size(GTK_WINDOW(self),
                                g_settings_get_int(self->settings, "window-width"),
                                g_settings_get_int(self->settings, "window-height"));
    if (g_settings_get_boolean(self->settings, "window-maximized"))
      gtk_window_maximize(GTK_WINDOW(self));
    g_settings_bind_with_mapping(self->settings, "pressure-unit", self->twin_page, "pressure-kpa",
                                 G_SETTINGS_BIND_GET, pressure_unit_to_kpa, kpa_to_pressure_unit,
                                 NULL, NULL);
    g_settings_bind(self->settings, "animation-speed", self->twin_page, "animation-speed",
                    G_SETTINGS_BIND_GET);
    g_settings_bind(self->settings, "heart-colour-mode", self->twin_page, "colour-mode",
                    G_SETTINGS_BIND_DEFAULT);
    g_signal_connect_object(self->settings, "changed::platform-url",
                            G_CALLBACK(update_platform_state), self, G_CONNECT_SWAPPED);
  }
  g_signal_connect_object(g_network_monitor_get_default(), "notify::network-available",
                          G_CALLBACK(update_platform_state), self, G_CONNECT_SWAPPED);
  update_platform_state(self);
}

CtWindow *ct_window_new(GtkApplication *application, CtStore *store, const GError *store_error,
                        CtDrugLibrary *drugs)
{
  CtWindow *self;

  g_return_val_if_fail(GTK_IS_APPLICATION(application), NULL);
  g_return_val_if_fail(CT_IS_DRUG_LIBRARY(drugs), NULL);
  self = g_object_new(CT_TYPE_WINDOW, "application", application, NULL);
  self->drugs = g_object_ref(drugs);
  ct_window_set_store(self, store, store_error);
  return self;
}

/* ct-application.c — CardioTwin, the application.
 *
 * At start-up it opens the local cache (seeding the demo twins on first start) and the drug
 * library; the window lists the cache, so the app works offline from its first second. A cache that
 * cannot be opened (a newer schema, a corrupt file) does not stop the app: the window says why and
 * twin files can still be opened. A cache that cannot be written is used read-only; a damaged one
 * is read, read-only, as far as it goes, and never written, until the clinician rebuilds it from
 * a window. The rebuild (ct-cache-rebuild.c) belongs to the application, not to that window: there
 * is one at a time whatever the number of windows, each window shows its progress, the new cache
 * goes to all of them, and the application is held until the rebuild has stopped, so that
 * closing the last window (or Quit) stops the imports at a patient's boundary instead of
 * killing them mid-way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-application.h"

#include "config.h"
#include "ct-cache-rebuild.h"
#include "ct-renderer.h"
#include "ct-i18n.h"
#include "ct-preferences-window.h"
#include "ct-window.h"

struct _CtApplication {
  AdwApplication parent_instance;

  CtStore *store;
  GError *store_error;
  CtDrugLibrary *drugs;
  CtCacheRebuild *rebuild;           /* the rebuild under way, or NULL */
  GCancellable *rebuild_cancellable; /* its own */
};

G_DEFINE_FINAL_TYPE(CtApplication, ct_application, ADW_TYPE_APPLICATION)

static CtWindow *get_window(CtApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window(GTK_APPLICATION(self));

  if (window == NULL)
    window = GTK_WINDOW(
        ct_window_new(GTK_APPLICATION(self), self->store, self->store_error, self->drugs));
  return CT_WINDOW(window);
}

static void ct_application_activate(GApplication *application)
{
  gtk_window_present(GTK_WINDOW(get_window(CT_APPLICATION(application))));
}

/* `cardiotwin TWIN.json`: the twin file is opened beside the cache's patients. */
static void ct_application_open(GApplication *application, GFile **files, int n_files,
                                const char *hint)
{
  CtWindow *window = get_window(CT_APPLICATION(application));

  if (n_files > 0)
    ct_window_open_file(window, files[n_files - 1]);
  gtk_window_present(GTK_WINDOW(window));
}

static void action_quit(GSimpleAction *action, GVariant *parameter, gpointer data)
{
  CtApplication *self = data;
  GList *windows = gtk_application_get_windows(GTK_APPLICATION(self));

  /* Closing each window saves its size (close-request); the app ends with the last one. */
  while (windows != NULL) {
    GList *next = windows->next;

    gtk_window_close(GTK_WINDOW(windows->data));
    windows = next;
  }
}

static void action_about(GSimpleAction *action, GVariant *parameter, gpointer data)
{
  CtApplication *self = data;
  const char *developers[] = {_("The CardioTwin developers"), NULL};
  GtkWidget *about = adw_about_window_new();

  gtk_window_set_transient_for(GTK_WINDOW(about),
                               gtk_application_get_active_window(GTK_APPLICATION(self)));
  g_object_set(about, "application-name", _("CardioTwin"), "application-icon", CT_APPLICATION_ID,
               "developer-name", _("The CardioTwin developers"), "version", PACKAGE_VERSION,
               "developers", developers, "license-type", GTK_LICENSE_GPL_3_0,
               /* TRANSLATORS: put your name here, one per line, to be credited. */
               "translator-credits", _("translator-credits"), "comments",
               _("Plan cardiac therapy on a patient's digital twin. A planning and teaching aid: "
                 "it does not make diagnoses and does not replace clinical judgement."),
               NULL);
  gtk_window_present(GTK_WINDOW(about));
}

static void action_preferences(GSimpleAction *action, GVariant *parameter, gpointer data)
{
  CtApplication *self = data;
  GtkWindow *parent = gtk_application_get_active_window(GTK_APPLICATION(self));
  GtkWindow *preferences = GTK_WINDOW(ct_preferences_window_new());

  gtk_window_set_transient_for(preferences, parent);
  gtk_window_present(preferences);
}

static const GActionEntry app_actions[] = {
    {"quit", action_quit, NULL, NULL, NULL, {0}},
    {"about", action_about, NULL, NULL, NULL, {0}},
    {"preferences", action_preferences, NULL, NULL, NULL, {0}},
};

/* Every frequent action's accelerator, in one place (the shortcuts window lists the same). */
static const struct {
  const char *action;
  const char *accels[3];
} accelerators[] = {
    {"app.quit", {"<Control>q", NULL}},
    {"app.preferences", {"<Control>comma", NULL}},
    {"win.show-help-overlay", {"<Control>question", NULL}},
    {"win.search", {"<Control>f", NULL}},
    {"win.import-patient", {"<Control>i", NULL}},
    {"win.toggle-patients", {"F8", NULL}},
    {"win.show-patient-view", {"F11", NULL}},
    {"win.open-scenario", {"<Control>o", NULL}},
    {"win.reset-plan", {"<Control>r", NULL}},
    {"win.save-plan", {"<Control>s", NULL}},
    {"win.undo", {"<Control>z", NULL}},
    {"win.redo", {"<Control><Shift>z", NULL}},
    {"win.toggle-therapy-panel", {"F9", NULL}},
    {"win.export-report", {"<Control>e", NULL}},
    {"win.colour-mode::anatomy", {"<Alt>1", NULL}},
    {"win.colour-mode::activation", {"<Alt>2", NULL}},
    {"win.colour-mode::scar", {"<Alt>3", NULL}},
    {"win.colour-mode::segments", {"<Alt>4", NULL}},
};

/* GTK 4.8 composites windows with OpenGL even on a software rasteriser (Mesa llvmpipe: a
 * workstation without a working GPU driver, a virtual machine, a remote session), where its GL
 * compositor costs more than cairo's: with the 3D view beating it adds ~35 ms to every answer of
 * the plots and ~55 MB of memory (docs/workspace.md). GTK itself stopped using its GPU renderers
 * on llvmpipe in 4.13.8 (commit 6c4739a2, "gsk: Don't use gpu renderers with llvmpipe"); this
 * applies the same rule here. The 3D view still draws with GL. GSK_RENDERER set by the user wins.
 *
 * GTK reads GSK_RENDERER when the first window is realized, and g_setenv() is safe only while no
 * other thread may read the environment: hence in main(), after gtk_init() and before the
 * application (its D-Bus connection, its workers) starts any thread. */
static gboolean gl_is_software(void)
{
  GdkDisplay *display = gdk_display_get_default();
  g_autoptr(GdkGLContext) context = NULL;
  gboolean software;

  if (display == NULL)
    return FALSE;
  context = gdk_display_create_gl_context(display, NULL);
  if (context == NULL || !gdk_gl_context_realize(context, NULL))
    return FALSE;
  gdk_gl_context_make_current(context);
  software = ct_gl_current_context_is_software();
  gdk_gl_context_clear_current();
  return software;
}

void ct_application_prefer_cairo_on_software_gl(void)
{
  if (g_getenv("GSK_RENDERER") != NULL || !gtk_init_check())
    return;
  if (gl_is_software())
    g_setenv("GSK_RENDERER", "cairo", TRUE);
}

static void ct_application_startup(GApplication *application)
{
  CtApplication *self = CT_APPLICATION(application);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  G_APPLICATION_CLASS(ct_application_parent_class)->startup(application);
  g_action_map_add_action_entries(G_ACTION_MAP(self), app_actions, G_N_ELEMENTS(app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS(accelerators); i++)
    gtk_application_set_accels_for_action(GTK_APPLICATION(self), accelerators[i].action,
                                          accelerators[i].accels);

  /* The library is part of the program (a GResource, checked by the tests): it cannot be absent. */
  self->drugs = ct_drug_library_new_default(&error);
  if (self->drugs == NULL)
    g_error("The drug library bundled with CardioTwin is broken: %s", error->message);

  path = ct_store_default_path();
  self->store = ct_store_open(path, g_get_user_name(), &self->store_error);
  if (self->store == NULL &&
      g_error_matches(self->store_error, CT_STORE_ERROR, CT_STORE_ERROR_CORRUPT))
    /* What a damaged file still holds is read, never written; NULL when nothing can be read.
     * store_error stays: the window says the cache is damaged and offers to rebuild it. */
    self->store = ct_store_open_full(path, g_get_user_name(), CT_STORE_OPEN_DAMAGED, NULL);
  if (self->store != NULL && !ct_store_is_read_only(self->store) &&
      !ct_store_seed_demos(self->store, NULL, &error))
    /* The cache works without the demos; the list will simply lack them. */
    g_warning("The demo twins could not be added to the cache: %s", error->message);
}

/* ---------------------------------------------------------------- rebuilding a damaged cache */

/* Every window's banner follows the rebuild; @message (or NULL) is said in each. */
static void tell_windows(CtApplication *self, const char *message)
{
  for (GList *w = gtk_application_get_windows(GTK_APPLICATION(self)); w != NULL; w = w->next)
    if (CT_IS_WINDOW(w->data))
      ct_window_cache_rebuild_changed(CT_WINDOW(w->data), message);
}

static void on_rebuild_status(CtApplication *self)
{
  tell_windows(self, NULL);
}

/* The new cache is there (the platform's patients may still be coming): every window gets it. */
static void on_cache_rebuilt(CtApplication *self, CtCacheRebuild *rebuild)
{
  const char *aside = ct_cache_rebuild_get_aside_path(rebuild);
  g_autofree char *name = aside != NULL ? g_path_get_basename(aside) : NULL;
  /* TRANSLATORS: %s is the file name the damaged cache was given, in the cache's folder. */
  g_autofree char *text =
      name != NULL
          ? g_strdup_printf(
                _("A new local cache was made. The damaged one is kept beside it as %s."), name)
          : NULL;

  ct_application_set_store(self, ct_cache_rebuild_get_store(rebuild));
  tell_windows(self, text);
}

static void on_rebuild_patient_imported(CtApplication *self, gint64 key)
{
  for (GList *w = gtk_application_get_windows(GTK_APPLICATION(self)); w != NULL; w = w->next)
    if (CT_IS_WINDOW(w->data))
      ct_patient_list_reload(ct_window_get_patient_list(CT_WINDOW(w->data)));
}

/* What the windows say when the rebuild has stopped, or NULL. */
static char *rebuild_outcome(CtCacheRebuild *rebuild, gboolean done, const GError *error)
{
  guint n_to_import = ct_cache_rebuild_get_n_to_import(rebuild);
  guint imported = ct_cache_rebuild_get_n_imported(rebuild);

  if (ct_cache_rebuild_get_store(rebuild) == NULL)
    return g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
               ? NULL
               : g_strdup_printf(_("The local cache was not rebuilt: %s"), error->message);
  if (n_to_import == 0)
    return NULL;
  /* The plural follows the number of patients to import again ("1 of 1 patient"). */
  if (!done && g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    /* TRANSLATORS: after Cancel while patients were imported again into a rebuilt cache. */
    return g_strdup_printf(g_dngettext(GETTEXT_PACKAGE,
                                       "Import stopped: %u of %u patient imported again from "
                                       "the platform. Import the others with Ctrl+I.",
                                       "Import stopped: %u of %u patients imported again from "
                                       "the platform. Import the others with Ctrl+I.",
                                       n_to_import),
                           imported, n_to_import);
  if (ct_cache_rebuild_get_n_failed(rebuild) > 0)
    return g_strdup_printf(g_dngettext(GETTEXT_PACKAGE,
                                       "%u of %u patient imported again from the platform; the "
                                       "platform did not give the others. Import them with "
                                       "Ctrl+I.",
                                       "%u of %u patients imported again from the platform; "
                                       "the platform did not give the others. Import them with "
                                       "Ctrl+I.",
                                       n_to_import),
                           imported, n_to_import);
  return g_strdup_printf(
      g_dngettext(GETTEXT_PACKAGE, "%u of %u patient imported again from the platform",
                  "%u of %u patients imported again from the platform", n_to_import),
      imported, n_to_import);
}

/* What came of the damaged cache's plans, or NULL when it had none (or no new cache was made). */
static char *plans_outcome(CtCacheRebuild *rebuild)
{
  guint found = ct_cache_rebuild_get_n_plans_found(rebuild);
  guint carried = ct_cache_rebuild_get_n_plans_carried(rebuild);

  if (ct_cache_rebuild_get_store(rebuild) == NULL || found == 0)
    return NULL;
  /* A count, not a sentence around it: English takes its plural from the second number ("1 of 2
   * plans"), French from the first. */
  if (carried == found)
    /* TRANSLATORS: after a rebuild of the local cache: plans carried over, of all it held. */
    return g_strdup_printf(_("Saved plans that came back from the damaged cache: %u of %u"),
                           carried, found);
  /* TRANSLATORS: after a rebuild of the local cache; the others are in the file kept beside it. */
  return g_strdup_printf(_("Saved plans that came back from the damaged cache: %u of %u; the "
                           "others stay in the damaged file"),
                         carried, found);
}

static void on_rebuild_done(GObject *source, GAsyncResult *result, gpointer data)
{
  CtApplication *self = data;
  CtCacheRebuild *rebuild = CT_CACHE_REBUILD(source);
  g_autoptr(GError) error = NULL;
  gboolean done = ct_cache_rebuild_run_finish(rebuild, result, &error);
  g_autofree char *text = rebuild_outcome(rebuild, done, error);
  g_autofree char *plans_text = plans_outcome(rebuild);

  g_signal_handlers_disconnect_by_data(rebuild, self);
  g_clear_object(&self->rebuild);
  g_clear_object(&self->rebuild_cancellable);
  tell_windows(self, text);
  if (plans_text != NULL)
    tell_windows(self, plans_text);
  /* Taken in ct_application_rebuild_cache(), with the reference this callback holds. */
  g_application_release(G_APPLICATION(self));
  g_object_unref(self);
}

gboolean ct_application_rebuild_cache(CtApplication *self, const char *platform_url)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail(CT_IS_APPLICATION(self), FALSE);

  if (self->rebuild != NULL ||
      !g_error_matches(self->store_error, CT_STORE_ERROR, CT_STORE_ERROR_CORRUPT))
    return FALSE;
  path = self->store != NULL ? g_strdup(ct_store_get_path(self->store)) : ct_store_default_path();
  self->rebuild = ct_cache_rebuild_new(path, platform_url);
  self->rebuild_cancellable = g_cancellable_new();
  g_signal_connect_swapped(self->rebuild, "notify::status", G_CALLBACK(on_rebuild_status), self);
  g_signal_connect_swapped(self->rebuild, "rebuilt", G_CALLBACK(on_cache_rebuilt), self);
  g_signal_connect_swapped(self->rebuild, "patient-imported",
                           G_CALLBACK(on_rebuild_patient_imported), self);
  g_application_hold(G_APPLICATION(self));
  ct_cache_rebuild_run_async(self->rebuild, self->rebuild_cancellable, on_rebuild_done,
                             g_object_ref(self));
  tell_windows(self, NULL);
  return TRUE;
}

CtCacheRebuild *ct_application_get_cache_rebuild(CtApplication *self)
{
  g_return_val_if_fail(CT_IS_APPLICATION(self), NULL);
  return self->rebuild;
}

void ct_application_cancel_cache_rebuild(CtApplication *self)
{
  g_return_if_fail(CT_IS_APPLICATION(self));
  if (self->rebuild_cancellable != NULL)
    g_cancellable_cancel(self->rebuild_cancellable);
}

/* The last window closed (or Quit) while patients are imported again: the import stops after the
 * patient it is storing; the hold keeps the process until then. */
static void ct_application_window_removed(GtkApplication *application, GtkWindow *window)
{
  CtApplication *self = CT_APPLICATION(application);

  GTK_APPLICATION_CLASS(ct_application_parent_class)->window_removed(application, window);
  if (gtk_application_get_windows(application) == NULL)
    ct_application_cancel_cache_rebuild(self);
}

static void ct_application_dispose(GObject *object)
{
  CtApplication *self = CT_APPLICATION(object);

  /* The rebuild holds a reference to the application until it has stopped. */
  g_warn_if_fail(self->rebuild == NULL);
  g_clear_object(&self->store);
  g_clear_error(&self->store_error);
  g_clear_object(&self->drugs);
  G_OBJECT_CLASS(ct_application_parent_class)->dispose(object);
}

static void ct_application_class_init(CtApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS(klass);
  GtkApplicationClass *gtk_application_class = GTK_APPLICATION_CLASS(klass);

  object_class->dispose = ct_application_dispose;
  gtk_application_class->window_removed = ct_application_window_removed;
  application_class->startup = ct_application_startup;
  application_class->activate = ct_application_activate;
  application_class->open = ct_application_open;
}

static void ct_application_init(CtApplication *self)
{
}

CtApplication *ct_application_new(GApplicationFlags flags)
{
  return g_object_new(CT_TYPE_APPLICATION, "application-id", CT_APPLICATION_ID, "flags",
                      flags | G_APPLICATION_HANDLES_OPEN, "resource-base-path",
                      "/org/cardiotwin/CardioTwin", NULL);
}

CtStore *ct_application_get_store(CtApplication *self)
{
  g_return_val_if_fail(CT_IS_APPLICATION(self), NULL);
  return self->store;
}

const GError *ct_application_get_store_error(CtApplication *self)
{
  g_return_val_if_fail(CT_IS_APPLICATION(self), NULL);
  return self->store_error;
}

void ct_application_set_store(CtApplication *self, CtStore *store)
{
  g_return_if_fail(CT_IS_APPLICATION(self));
  g_return_if_fail(CT_IS_STORE(store));

  g_set_object(&self->store, store);
  g_clear_error(&self->store_error);
  for (GList *w = gtk_application_get_windows(GTK_APPLICATION(self)); w != NULL; w = w->next)
    if (CT_IS_WINDOW(w->data))
      ct_window_set_store(CT_WINDOW(w->data), store, NULL);
}

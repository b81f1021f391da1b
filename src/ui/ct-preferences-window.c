/* ct-preferences-window.c — display units, animation, the hospital platform and the sign-in.
 *
 * Settings are GSettings (data/org.cardiotwin.CardioTwin.gschema.xml) bound to the rows. The
 * platform address is checked by the FHIR client's own rules (https, or http on loopback for a
 * test server) before it is saved: a mistyped address is marked and changes nothing. The access
 * token is written to the Secret Service (ct-token-store.c), off the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-preferences-window.h"

#include "ct-fhir-client.h"
#include "ct-i18n.h"
#include "ct-token-store.h"

#define APPLICATION_ID "org.cardiotwin.CardioTwin"

struct _CtPreferencesWindow {
  AdwPreferencesWindow parent_instance;

  AdwComboRow *pressure_unit_row;
  GtkAdjustment *animation_speed;
  AdwEntryRow *platform_url_row;
  AdwPasswordEntryRow *token_row;
  GtkButton *sign_out_button;

  GSettings *settings;
  CtTokenStore *token_store;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE(CtPreferencesWindow, ct_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void toast(CtPreferencesWindow *self, const char *message)
{
  adw_preferences_window_add_toast(ADW_PREFERENCES_WINDOW(self), adw_toast_new(message));
}

gboolean ct_preferences_window_apply_platform_url(CtPreferencesWindow *self, const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtFhirClient) client = NULL;
  g_autofree char *stripped = g_strstrip(g_strdup(url != NULL ? url : ""));

  g_return_val_if_fail(CT_IS_PREFERENCES_WINDOW(self), FALSE);
  if (self->settings == NULL)
    return FALSE;
  /* Empty: no platform, the cache only. */
  if (*stripped != '\0') {
    client = ct_fhir_client_new(stripped, &error);
    if (client == NULL) {
      if (g_strcmp0(gtk_editable_get_text(GTK_EDITABLE(self->platform_url_row)), url) != 0)
        gtk_editable_set_text(GTK_EDITABLE(self->platform_url_row), url);
      gtk_widget_add_css_class(GTK_WIDGET(self->platform_url_row), "error");
      toast(self, error->message);
      return FALSE;
    }
  }
  /* The row shows what was saved (the address as typed, without surrounding spaces). */
  if (g_strcmp0(gtk_editable_get_text(GTK_EDITABLE(self->platform_url_row)), stripped) != 0)
    gtk_editable_set_text(GTK_EDITABLE(self->platform_url_row), stripped);
  gtk_widget_remove_css_class(GTK_WIDGET(self->platform_url_row), "error");
  g_settings_set_string(self->settings, "platform-url", stripped);
  return TRUE;
}

static void on_platform_url_apply(CtPreferencesWindow *self)
{
  ct_preferences_window_apply_platform_url(
      self, gtk_editable_get_text(GTK_EDITABLE(self->platform_url_row)));
}

static void on_platform_url_changed(CtPreferencesWindow *self)
{
  gtk_widget_remove_css_class(GTK_WIDGET(self->platform_url_row), "error");
}

static void on_token_saved(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(CtPreferencesWindow) self = data;
  g_autoptr(GError) error = NULL;

  if (!ct_token_store_save_finish(CT_TOKEN_STORE(source), result, &error)) {
    if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      toast(self, error->message);
    return;
  }
  gtk_editable_set_text(GTK_EDITABLE(self->token_row), "");
  toast(self, _("Signed in: the access token is kept in the keyring"));
}

static void on_token_apply(CtPreferencesWindow *self)
{
  g_autofree char *url =
      self->settings != NULL ? g_settings_get_string(self->settings, "platform-url") : g_strdup("");
  const char *token = gtk_editable_get_text(GTK_EDITABLE(self->token_row));

  if (*url == '\0') {
    toast(self, _("Set the platform address first"));
    return;
  }
  if (!ct_token_is_valid(token)) {
    gtk_widget_add_css_class(GTK_WIDGET(self->token_row), "error");
    toast(self, _("This is not an access token: it has characters a bearer token cannot have"));
    return;
  }
  gtk_widget_remove_css_class(GTK_WIDGET(self->token_row), "error");
  ct_token_store_save_async(self->token_store, url, token, self->cancellable, on_token_saved,
                            g_object_ref(self));
}

static void on_token_cleared(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(CtPreferencesWindow) self = data;
  g_autoptr(GError) error = NULL;

  if (!ct_token_store_clear_finish(CT_TOKEN_STORE(source), result, &error)) {
    if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      toast(self, error->message);
    return;
  }
  toast(self, _("Signed out: the access token was removed from the keyring"));
}

static void on_sign_out(CtPreferencesWindow *self)
{
  g_autofree char *url =
      self->settings != NULL ? g_settings_get_string(self->settings, "platform-url") : g_strdup("");

  if (*url == '\0')
    return;
  ct_token_store_clear_async(self->token_store, url, self->cancellable, on_token_cleared,
                             g_object_ref(self));
}

static gboolean pressure_unit_to_selected(GValue *value, GVariant *variant, gpointer data)
{
  g_value_set_uint(value, g_str_equal(g_variant_get_string(variant, NULL), "kpa") ? 1 : 0);
  return TRUE;
}

static GVariant *selected_to_pressure_unit(const GValue *value, const GVariantType *type,
                                           gpointer data)
{
  return g_variant_new_string(g_value_get_uint(value) == 1 ? "kpa" : "mmhg");
}

static void ct_preferences_window_dispose(GObject *object)
{
  CtPreferencesWindow *self = CT_PREFERENCES_WINDOW(object);

  if (self->cancellable != NULL)
    g_cancellable_cancel(self->cancellable);
  g_clear_object(&self->cancellable);
  g_clear_object(&self->settings);
  g_clear_object(&self->token_store);
  gtk_widget_dispose_template(GTK_WIDGET(object), CT_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS(ct_preferences_window_parent_class)->dispose(object);
}

static void ct_preferences_window_class_init(CtPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->dispose = ct_preferences_window_dispose;
  gtk_widget_class_set_template_from_resource(
      widget_class, "/org/cardiotwin/CardioTwin/ui/ct-preferences-window.ui");
  gtk_widget_class_bind_template_child(widget_class, CtPreferencesWindow, pressure_unit_row);
  gtk_widget_class_bind_template_child(widget_class, CtPreferencesWindow, animation_speed);
  gtk_widget_class_bind_template_child(widget_class, CtPreferencesWindow, platform_url_row);
  gtk_widget_class_bind_template_child(widget_class, CtPreferencesWindow, token_row);
  gtk_widget_class_bind_template_child(widget_class, CtPreferencesWindow, sign_out_button);
  gtk_widget_class_bind_template_callback(widget_class, on_platform_url_apply);
  gtk_widget_class_bind_template_callback(widget_class, on_platform_url_changed);
  gtk_widget_class_bind_template_callback(widget_class, on_token_apply);
  gtk_widget_class_bind_template_callback(widget_class, on_sign_out);
}

static void ct_preferences_window_init(CtPreferencesWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default();
  g_autoptr(GSettingsSchema) schema =
      source != NULL ? g_settings_schema_source_lookup(source, APPLICATION_ID, TRUE) : NULL;

  gtk_widget_init_template(GTK_WIDGET(self));
  self->cancellable = g_cancellable_new();
  self->token_store = ct_token_store_new();
  if (schema == NULL) {
    /* Running from a build tree without the compiled schema: nothing can be kept. */
    gtk_widget_set_sensitive(GTK_WIDGET(self), FALSE);
    return;
  }
  self->settings = g_settings_new_full(schema, NULL, NULL);
  g_settings_bind_with_mapping(self->settings, "pressure-unit", self->pressure_unit_row, "selected",
                               G_SETTINGS_BIND_DEFAULT, pressure_unit_to_selected,
                               selected_to_pressure_unit, NULL, NULL);
  g_settings_bind(self->settings, "animation-speed", self->animation_speed, "value",
                  G_SETTINGS_BIND_DEFAULT);
  {
    g_autofree char *url = g_settings_get_string(self->settings, "platform-url");

    gtk_editable_set_text(GTK_EDITABLE(self->platform_url_row), url);
  }
}

GtkWidget *ct_preferences_window_new(void)
{
  return g_object_new(CT_TYPE_PREFERENCES_WINDOW, NULL);
}

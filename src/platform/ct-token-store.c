/* ct-token-store.c — the platform's SMART-on-FHIR bearer token, kept in the desktop keyring.
 *
 * A bearer token opens the platform's patient records to whoever holds it, so it lives in one
 * place only: the desktop keyring, through the Secret Service (libsecret), which keeps it
 * encrypted on disk and unlocks it with the desktop session. Never in GSettings, the local cache,
 * a file or a log message; this file prints nothing at all, and the error messages name the
 * platform's base URL, never the token. The copy a lookup hands out is the caller's to forget
 * soon.
 *
 * Items carry the schema CT_TOKEN_STORE_SCHEMA and one attribute, the platform's base URL, and go
 * to the keyring's default collection (the login keyring on GNOME), labelled so that the
 * clinician recognises them in Passwords and Keys. libsecret replaces an item with the same
 * schema and attributes on save, so each platform has at most one token.
 *
 * Cancellation stays G_IO_ERROR_CANCELLED (the caller asked for it and has nothing to show);
 * every other failure of the keyring is CT_PLATFORM_ERROR_KEYRING.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-token-store.h"

#include <libsecret/secret.h>
#include <string.h>

#include "ct-i18n.h"

struct _CtTokenStore {
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE(CtTokenStore, ct_token_store, G_TYPE_OBJECT)

static void ct_token_store_class_init(CtTokenStoreClass *klass)
{
}

static void ct_token_store_init(CtTokenStore *self)
{
}

CtTokenStore *ct_token_store_new(void)
{
  return g_object_new(CT_TYPE_TOKEN_STORE, NULL);
}

static const SecretSchema *token_schema(void)
{
  /* SECRET_SCHEMA_NONE: lookups match the schema name too, never another program's item. */
  static const SecretSchema schema = {
      .name = CT_TOKEN_STORE_SCHEMA,
      .flags = SECRET_SCHEMA_NONE,
      .attributes =
          {
              {CT_TOKEN_STORE_ATTRIBUTE, SECRET_SCHEMA_ATTRIBUTE_STRING},
              {NULL, 0},
          },
  };

  return &schema;
}

/* D-Bus carries UTF-8 only: anything else is the caller's mistake, not the keyring's. */
static gboolean base_url_ok(const char *base_url)
{
  return base_url != NULL && base_url[0] != '\0' && g_utf8_validate(base_url, -1, NULL);
}

/* ------------------------------------------------------------------ errors */

typedef enum {
  OP_SAVE,
  OP_LOOKUP,
  OP_CLEAR,
} Operation;

/* libsecret's reason, without the D-Bus error name GDBus puts before a remote error, nor a final
 * period (our sentence goes on after it). */
static char *keyring_reason(const GError *cause)
{
  g_autoptr(GError) copy = g_error_copy(cause);
  char *reason;
  gsize length;

  g_dbus_error_strip_remote_error(copy);
  reason = g_strstrip(g_strdup(copy->message));
  length = strlen(reason);
  while (length > 0 && reason[length - 1] == '.')
    reason[--length] = '\0';
  return reason;
}

static GError *keyring_error(const GError *cause, Operation op, const char *base_url)
{
  g_autofree char *reason = NULL;

  if (g_error_matches(cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy(cause);

  reason = keyring_reason(cause);
  switch (op) {
  case OP_SAVE:
    return g_error_new(CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_KEYRING,
                       _("The desktop keyring could not save the sign-in to %s: %s. Check that "
                         "the keyring is running and unlocked, then sign in again."),
                       base_url, reason);
  case OP_LOOKUP:
    return g_error_new(CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_KEYRING,
                       _("The desktop keyring could not read the sign-in to %s: %s. Check that "
                         "the keyring is running and unlocked, or sign in again."),
                       base_url, reason);
  case OP_CLEAR:
  default:
    return g_error_new(CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_KEYRING,
                       _("The desktop keyring could not remove the sign-in to %s: %s. Check "
                         "that the keyring is running and unlocked, then sign out again."),
                       base_url, reason);
  }
}

/* A token is text (OAuth 2.0 access tokens are printable ASCII): an empty or binary one would be
 * saved, then never work. */
/* RFC 6750, section 2.1: a bearer token is b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~"
 * / "+" / "/" ) *"=". Anything else (a line break above all) could forge HTTP headers. */
gboolean ct_token_is_valid(const char *token)
{
  const char *p = token;

  if (token == NULL)
    return FALSE;
  while (g_ascii_isalnum(*p) || (*p != '\0' && strchr("-._~+/", *p) != NULL))
    p++;
  if (p == token)
    return FALSE;
  while (*p == '=')
    p++;
  return *p == '\0';
}

static GError *check_token(const char *base_url, const char *token)
{
  if (ct_token_is_valid(token))
    return NULL;
  return g_error_new(CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE,
                     _("The sign-in token for %s is not a valid bearer token, so it was not "
                       "saved. Sign in again."),
                     base_url);
}

/* Lookups search for the item with its secret loaded (SECRET_SEARCH_LOAD_SECRETS) instead of
 * calling secret_password_lookup(): in libsecret 0.20.5 (Debian 12) that call leaks the whole
 * GetSecret reply, the secret as the session carried it included, for the life of the process,
 * once per lookup (fixed upstream in 0.21.2, commit 92705b58 "secret-paths: Make sure to unref
 * GVariant"); the search path frees its reply. It finds the same item secret_password_lookup()
 * does: the schema's name is matched, an unlocked item is preferred, a locked one is unlocked. */
#define LOOKUP_FLAGS (SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS)

static GHashTable *lookup_attributes(const char *base_url)
{
  return secret_attributes_build(token_schema(), CT_TOKEN_STORE_ATTRIBUTE, base_url, NULL);
}

/* The token of the first item found, or NULL, and frees @items. libsecret's copy of a secret
 * lives in memory it wipes on free: hand out a plain copy (freed with g_free) and let the
 * original be wiped. An empty secret is no token. */
static char *take_item_token(GList *items)
{
  char *token = NULL;

  if (items != NULL) {
    g_autoptr(SecretValue) value = secret_item_get_secret(items->data);
    const char *text = value != NULL ? secret_value_get_text(value) : NULL;

    if (text != NULL && text[0] != '\0')
      token = g_strdup(text);
  }
  g_list_free_full(items, g_object_unref);
  return token;
}

/* ------------------------------------------------------------------ blocking */

gboolean ct_token_store_save(CtTokenStore *self, const char *base_url, const char *token,
                             GCancellable *cancellable, GError **error)
{
  g_autoptr(GError) cause = NULL;
  g_autofree char *label = NULL;
  GError *refused;

  g_return_val_if_fail(CT_IS_TOKEN_STORE(self), FALSE);
  g_return_val_if_fail(base_url_ok(base_url), FALSE);
  g_return_val_if_fail(token != NULL, FALSE);
  g_return_val_if_fail(cancellable == NULL || G_IS_CANCELLABLE(cancellable), FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

  refused = check_token(base_url, token);
  if (refused != NULL) {
    g_propagate_error(error, refused);
    return FALSE;
  }

  label = g_strdup_printf(_("CardioTwin platform token for %s"), base_url);
  if (!secret_password_store_sync(token_schema(), SECRET_COLLECTION_DEFAULT, label, token,
                                  cancellable, &cause, CT_TOKEN_STORE_ATTRIBUTE, base_url, NULL)) {
    g_propagate_error(error, keyring_error(cause, OP_SAVE, base_url));
    return FALSE;
  }
  return TRUE;
}

char *ct_token_store_lookup(CtTokenStore *self, const char *base_url, GCancellable *cancellable,
                            GError **error)
{
  g_autoptr(GError) cause = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  GList *items;

  g_return_val_if_fail(CT_IS_TOKEN_STORE(self), NULL);
  g_return_val_if_fail(base_url_ok(base_url), NULL);
  g_return_val_if_fail(cancellable == NULL || G_IS_CANCELLABLE(cancellable), NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);

  attributes = lookup_attributes(base_url);
  items = secret_service_search_sync(NULL, token_schema(), attributes, LOOKUP_FLAGS, cancellable,
                                     &cause);
  if (cause != NULL) {
    g_list_free_full(items, g_object_unref);
    g_propagate_error(error, keyring_error(cause, OP_LOOKUP, base_url));
    return NULL;
  }
  return take_item_token(items);
}

gboolean ct_token_store_clear(CtTokenStore *self, const char *base_url, GCancellable *cancellable,
                              GError **error)
{
  g_autoptr(GError) cause = NULL;

  g_return_val_if_fail(CT_IS_TOKEN_STORE(self), FALSE);
  g_return_val_if_fail(base_url_ok(base_url), FALSE);
  g_return_val_if_fail(cancellable == NULL || G_IS_CANCELLABLE(cancellable), FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

  /* FALSE without an error: there was nothing to remove, which is what was asked. */
  secret_password_clear_sync(token_schema(), cancellable, &cause, CT_TOKEN_STORE_ATTRIBUTE,
                             base_url, NULL);
  if (cause != NULL) {
    g_propagate_error(error, keyring_error(cause, OP_CLEAR, base_url));
    return FALSE;
  }
  return TRUE;
}

/* ------------------------------------------------------------------ asynchronous */

/* The task's data is the base URL, for the error message. */
static GTask *new_task(CtTokenStore *self, const char *base_url, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer user_data, gpointer source_tag)
{
  GTask *task = g_task_new(self, cancellable, callback, user_data);

  g_task_set_source_tag(task, source_tag);
  g_task_set_task_data(task, g_strdup(base_url), g_free);
  return task;
}

static void save_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) cause = NULL;

  if (!secret_password_store_finish(result, &cause))
    g_task_return_error(task, keyring_error(cause, OP_SAVE, g_task_get_task_data(task)));
  else
    g_task_return_boolean(task, TRUE);
}

void ct_token_store_save_async(CtTokenStore *self, const char *base_url, const char *token,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;
  GError *refused;

  g_return_if_fail(CT_IS_TOKEN_STORE(self));
  g_return_if_fail(base_url_ok(base_url));
  g_return_if_fail(token != NULL);
  g_return_if_fail(cancellable == NULL || G_IS_CANCELLABLE(cancellable));

  task = new_task(self, base_url, cancellable, callback, user_data, ct_token_store_save_async);
  refused = check_token(base_url, token);
  if (refused != NULL) {
    g_task_return_error(task, refused);
    return;
  }

  label = g_strdup_printf(_("CardioTwin platform token for %s"), base_url);
  secret_password_store(token_schema(), SECRET_COLLECTION_DEFAULT, label, token, cancellable,
                        save_done, g_steal_pointer(&task), CT_TOKEN_STORE_ATTRIBUTE, base_url,
                        NULL);
}

gboolean ct_token_store_save_finish(CtTokenStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail(g_task_is_valid(result, self), FALSE);
  g_return_val_if_fail(g_task_get_source_tag(G_TASK(result)) == ct_token_store_save_async, FALSE);

  return g_task_propagate_boolean(G_TASK(result), error);
}

static void lookup_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) cause = NULL;
  GList *items = secret_service_search_finish(NULL, result, &cause);

  if (cause != NULL) {
    g_list_free_full(items, g_object_unref);
    g_task_return_error(task, keyring_error(cause, OP_LOOKUP, g_task_get_task_data(task)));
    return;
  }
  g_task_return_pointer(task, take_item_token(items), g_free);
}

void ct_token_store_lookup_async(CtTokenStore *self, const char *base_url,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  GTask *task;

  g_return_if_fail(CT_IS_TOKEN_STORE(self));
  g_return_if_fail(base_url_ok(base_url));
  g_return_if_fail(cancellable == NULL || G_IS_CANCELLABLE(cancellable));

  task = new_task(self, base_url, cancellable, callback, user_data, ct_token_store_lookup_async);
  attributes = lookup_attributes(base_url);
  secret_service_search(NULL, token_schema(), attributes, LOOKUP_FLAGS, cancellable, lookup_done,
                        task);
}

char *ct_token_store_lookup_finish(CtTokenStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail(g_task_is_valid(result, self), NULL);
  g_return_val_if_fail(g_task_get_source_tag(G_TASK(result)) == ct_token_store_lookup_async, NULL);

  return g_task_propagate_pointer(G_TASK(result), error);
}

static void clear_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) cause = NULL;

  secret_password_clear_finish(result, &cause);
  if (cause != NULL)
    g_task_return_error(task, keyring_error(cause, OP_CLEAR, g_task_get_task_data(task)));
  else
    g_task_return_boolean(task, TRUE);
}

void ct_token_store_clear_async(CtTokenStore *self, const char *base_url, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task;

  g_return_if_fail(CT_IS_TOKEN_STORE(self));
  g_return_if_fail(base_url_ok(base_url));
  g_return_if_fail(cancellable == NULL || G_IS_CANCELLABLE(cancellable));

  task = new_task(self, base_url, cancellable, callback, user_data, ct_token_store_clear_async);
  secret_password_clear(token_schema(), cancellable, clear_done, task, CT_TOKEN_STORE_ATTRIBUTE,
                        base_url, NULL);
}

gboolean ct_token_store_clear_finish(CtTokenStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail(g_task_is_valid(result, self), FALSE);
  g_return_val_if_fail(g_task_get_source_tag(G_TASK(result)) == ct_token_store_clear_async, FALSE);

  return g_task_propagate_boolean(G_TASK(result), error);
}

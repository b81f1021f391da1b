/* ct-token-store.h — the platform's SMART-on-FHIR bearer token, kept in the desktop keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ct-platform-error.h"

G_BEGIN_DECLS

/* The Secret Service schema of the items, with one string attribute CT_TOKEN_STORE_ATTRIBUTE
 * holding the platform's base URL (seahorse and secret-tool show them under these names). */
#define CT_TOKEN_STORE_SCHEMA    "org.cardiotwin.CardioTwin.PlatformToken"
#define CT_TOKEN_STORE_ATTRIBUTE "base-url"

#define CT_TYPE_TOKEN_STORE (ct_token_store_get_type())

G_DECLARE_FINAL_TYPE(CtTokenStore, ct_token_store, CT, TOKEN_STORE, GObject)

/* The bearer token of each platform, keyed by its base URL exactly as given (the FHIR client
 * passes its normalised base URL), in the desktop keyring through the Secret Service: never in
 * settings, the cache, a file or a log. Errors are CT_PLATFORM_ERROR_KEYRING with the keyring's
 * reason, or G_IO_ERROR_CANCELLED when @cancellable was cancelled. The _async variants deliver
 * their result on the thread-default main context of the caller; use them from the UI. */
CtTokenStore *ct_token_store_new(void);

/* Saves @token (non-empty UTF-8, else CT_PLATFORM_ERROR_INVALID_RESPONSE) for @base_url in the
 * default collection of the keyring, replacing the one saved before. */
gboolean ct_token_store_save(CtTokenStore *self, const char *base_url, const char *token,
                             GCancellable *cancellable, GError **error);
void ct_token_store_save_async(CtTokenStore *self, const char *base_url, const char *token,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data);
gboolean ct_token_store_save_finish(CtTokenStore *self, GAsyncResult *result, GError **error);

/* The token saved for @base_url (free with g_free() as soon as used), or NULL: with @error set
 * when the keyring failed, without when no token is saved. */
char *ct_token_store_lookup(CtTokenStore *self, const char *base_url, GCancellable *cancellable,
                            GError **error);
void ct_token_store_lookup_async(CtTokenStore *self, const char *base_url,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data);
char *ct_token_store_lookup_finish(CtTokenStore *self, GAsyncResult *result, GError **error);

/* Forgets the token of @base_url (signing out); TRUE also when none was saved. */
gboolean ct_token_store_clear(CtTokenStore *self, const char *base_url, GCancellable *cancellable,
                              GError **error);
void ct_token_store_clear_async(CtTokenStore *self, const char *base_url, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data);
gboolean ct_token_store_clear_finish(CtTokenStore *self, GAsyncResult *result, GError **error);

/* Whether @token has the form of an OAuth 2.0 bearer token (RFC 6750 b64token). */
gboolean ct_token_is_valid(const char *token);

G_END_DECLS

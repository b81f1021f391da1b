/* ct-application.h — CardioTwin, the application: the cache, the drug library, the windows.
 *
 * Actions (prefix "app."): quit, preferences, about. Accelerators for every frequent action are
 * set here, in one place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ct-cache-rebuild.h"
#include "ct-store.h"

G_BEGIN_DECLS

#define CT_TYPE_APPLICATION (ct_application_get_type())
G_DECLARE_FINAL_TYPE(CtApplication, ct_application, CT, APPLICATION, AdwApplication)

#define CT_APPLICATION_ID "org.cardiotwin.CardioTwin"

CtApplication *ct_application_new(GApplicationFlags flags);

/* Chooses GTK's cairo renderer when OpenGL is a software rasteriser (unless GSK_RENDERER is set):
 * call first thing in main(), before any thread exists (it sets an environment variable). */
void ct_application_prefer_cairo_on_software_gl(void);

/* The local cache (NULL when it could not be opened; the window says why): read-only when it
 * cannot be written or is damaged (ct_store_is_read_only). */
CtStore *ct_application_get_store(CtApplication *self);
/* Why the cache could not be opened as it should (a damaged file: CT_STORE_ERROR_CORRUPT, with
 * the damaged cache open read-only when anything of it could be read), or NULL. */
const GError *ct_application_get_store_error(CtApplication *self);
/* The cache from now on (a rebuilt one), for the application and each of its windows. */
void ct_application_set_store(CtApplication *self, CtStore *store);

/* Rebuilds the damaged cache (ct-cache-rebuild.h), importing its platform patients again from
 * @platform_url (NULL or empty: none): one rebuild at a time for all windows, the application
 * held until it stops; FALSE (nothing started) when one is under way or the cache is not
 * damaged. Each window is told of its progress and outcome (ct_window_cache_rebuild_changed). */
gboolean ct_application_rebuild_cache(CtApplication *self, const char *platform_url);
/* The rebuild under way, or NULL. */
CtCacheRebuild *ct_application_get_cache_rebuild(CtApplication *self);
/* Stops importing patients again (the new cache keeps those already imported). */
void ct_application_cancel_cache_rebuild(CtApplication *self);

G_END_DECLS

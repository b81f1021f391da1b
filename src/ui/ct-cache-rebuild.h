/* ct-cache-rebuild.h — a damaged local cache replaced by a new one, its platform patients
 * imported again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ct-store.h"

G_BEGIN_DECLS

#define CT_TYPE_CACHE_REBUILD (ct_cache_rebuild_get_type())

G_DECLARE_FINAL_TYPE(CtCacheRebuild, ct_cache_rebuild, CT, CACHE_REBUILD, GObject)

/* A rebuild of the cache at @cache_path; @platform_url (the preferences' address; NULL or empty:
 * none) is where its platform patients are imported from again. */
CtCacheRebuild *ct_cache_rebuild_new(const char *cache_path, const char *platform_url);

/* Runs it, off the main thread: reads which platform patients the damaged cache still names,
 * moves it aside (ct_store_rebuild: kept, never deleted), makes a new cache with the demos (and
 * their plans that the damaged cache held), and emits "rebuilt"; then, when a platform is set,
 * downloads each of those patients again and stores them, one at a time, each in one transaction,
 * emitting "patient-imported" (gint64: the cache key). Signals and the result come on the caller's
 * thread-default main context.
 *
 * Fails (with the cache as it was) only when the cache could not be rebuilt, or when @cancellable
 * was cancelled first. Cancelled later, it stops importing (G_IO_ERROR_CANCELLED): the new cache
 * keeps the patients already imported. A patient the platform does not give is counted as failed
 * (ct_cache_rebuild_get_n_failed), and the import goes on with the next. */
void ct_cache_rebuild_run_async(CtCacheRebuild *self, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data);
gboolean ct_cache_rebuild_run_finish(CtCacheRebuild *self, GAsyncResult *result, GError **error);

/* The new cache, from "rebuilt" on (for the main thread; NULL before). */
CtStore *ct_cache_rebuild_get_store(CtCacheRebuild *self);
/* Where the damaged cache was moved (NULL when there was no file). */
const char *ct_cache_rebuild_get_aside_path(CtCacheRebuild *self);
/* What it is doing, for the window (property "status"). */
const char *ct_cache_rebuild_get_status(CtCacheRebuild *self);
/* Platform patients to import again, imported, and not imported (the platform failed). */
guint ct_cache_rebuild_get_n_to_import(CtCacheRebuild *self);
guint ct_cache_rebuild_get_n_imported(CtCacheRebuild *self);
guint ct_cache_rebuild_get_n_failed(CtCacheRebuild *self);
/* Plans of the damaged cache saved again in the new one (the demos' at "rebuilt", each platform
 * patient's when it is imported again). */
guint ct_cache_rebuild_get_n_plans_carried(CtCacheRebuild *self);
/* Plans the damaged cache listed (from "rebuilt" on), whether they could be carried or not. */
guint ct_cache_rebuild_get_n_plans_found(CtCacheRebuild *self);

G_END_DECLS

/* ct-window.h — the main window: the patient list beside the open twin.
 *
 * Actions (prefix "win."): open-patient (x: cache key), search, import-patient (the platform's
 * patients, enabled while a platform address is set), toggle-patients, show-patient-view (the
 * patient view, ct-education-window.h, while a twin is open), open-twin-version ((xi): cache key,
 * twin version), rebuild-cache (asks, then rebuilds a damaged cache; enabled while it is damaged),
 * cancel-rebuild; the twin page's ("twin.") reach it from the window's header bar and
 * accelerators.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ct-drug-library.h"
#include "ct-patient-list.h"
#include "ct-store.h"
#include "ct-twin-page.h"

G_BEGIN_DECLS

#define CT_TYPE_WINDOW (ct_window_get_type())
G_DECLARE_FINAL_TYPE(CtWindow, ct_window, CT, WINDOW, AdwApplicationWindow)

/* @store may be NULL (the cache could not be opened: @store_error says why). A @store_error
 * CT_STORE_ERROR_CORRUPT with a @store (read-only, ct_store_is_damaged) or without: the banner
 * says the cache is damaged and offers to rebuild it. */
CtWindow *ct_window_new(GtkApplication *application, CtStore *store, const GError *store_error,
                        CtDrugLibrary *drugs);
/* The cache from now on, as for ct_window_new(); a twin of the previous cache's patients closes. */
void ct_window_set_store(CtWindow *self, CtStore *store, const GError *store_error);

/* Opens the newest twin of a cached patient; a failure shows its reason in place of the twin. A
 * twin a newer CardioTwin wrote says so, and offers the newest version this one reads. */
gboolean ct_window_open_patient(CtWindow *self, gint64 patient_key);
/* Opens version @version of a cached patient's twin (0: the newest). */
gboolean ct_window_open_patient_version(CtWindow *self, gint64 patient_key, int version);
/* Opens a twin file (not stored in the cache); a failure shows its reason. */
gboolean ct_window_open_file(CtWindow *self, GFile *file);

/* The page of the open twin (NULL when none is open or it failed to load). */
CtTwinPage *ct_window_get_twin_page(CtWindow *self);
/* The reason the last twin failed to load, or NULL. */
const char *ct_window_get_load_error(CtWindow *self);
/* The twin version the error page offers to open instead (a newer CardioTwin wrote the newest),
 * or 0. */
int ct_window_get_offered_version(CtWindow *self);
/* What the banner says about the local cache (damaged, read-only, being rebuilt), or NULL while
 * the cache is as it should be. */
const char *ct_window_get_cache_notice(CtWindow *self);
/* Whether a rebuild of the cache is under way. */
gboolean ct_window_get_rebuilding(CtWindow *self);
/* For the application: its rebuild of the cache started, moved on or stopped; @message (or NULL)
 * is said in a toast. */
void ct_window_cache_rebuild_changed(CtWindow *self, const char *message);
GListModel *ct_window_get_patients(CtWindow *self);
CtPatientList *ct_window_get_patient_list(CtWindow *self);
/* What the patient list says about the platform ("No platform set: local cache only", ...). */
const char *ct_window_get_platform_state(CtWindow *self);
/* How many toasts about the open twin are on screen or waiting their turn. */
guint ct_window_get_n_twin_toasts(CtWindow *self);

G_END_DECLS

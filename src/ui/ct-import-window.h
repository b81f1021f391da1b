/* ct-import-window.h — search the hospital platform for a patient and import them into the cache.
 *
 * Actions (prefix "import."): patient (s: the platform's Patient.id) downloads that patient's
 * record and stores it in the cache; cancel stops the download (the cache stays as it was).
 * Escape closes the window, which cancels whatever is under way.
 *
 * Signal: patient-imported (gint64 cache key), once the record is stored; the window then closes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ct-fhir-client.h"
#include "ct-store.h"

G_BEGIN_DECLS

#define CT_TYPE_IMPORT_WINDOW (ct_import_window_get_type())
G_DECLARE_FINAL_TYPE(CtImportWindow, ct_import_window, CT, IMPORT_WINDOW, AdwWindow)

/* A window on the platform at @platform_url (the GSettings key platform-url: its bearer token is
 * looked up in the keyring under that address, as the preferences saved it) importing into
 * @store. NULL or empty @platform_url, or a NULL @store: the window says why nothing can be
 * imported and offers nothing. */
CtImportWindow *ct_import_window_new(CtStore *store, const char *platform_url);

/* Searches the platform for @query at once (what typing in the search entry does). */
void ct_import_window_search(CtImportWindow *self, const char *query);

/* Whether the platform can be searched: an address is set, the cache is open and the sign-in was
 * read from the keyring (property "available"). */
gboolean ct_import_window_get_available(CtImportWindow *self);
/* Whether a search or an import is under way (property "busy"). */
gboolean ct_import_window_get_busy(CtImportWindow *self);
/* Whether an import is under way (property "importing"). */
gboolean ct_import_window_get_importing(CtImportWindow *self);
/* What the window says of the import under way or just ended, or NULL (property "status"). */
const char *ct_import_window_get_status(CtImportWindow *self);
/* The error shown, or NULL (property "error"): the platform client's or the cache's message. */
const char *ct_import_window_get_error(CtImportWindow *self);
/* The patients the last search found. */
guint ct_import_window_get_n_results(CtImportWindow *self);
const CtFhirPatient *ct_import_window_get_result(CtImportWindow *self, guint index);

G_END_DECLS

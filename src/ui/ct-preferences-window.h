/* ct-preferences-window.h — the preferences: display units, animation, the hospital platform and
 * the sign-in to it (the token goes to the desktop keyring, never to settings).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CT_TYPE_PREFERENCES_WINDOW (ct_preferences_window_get_type())
G_DECLARE_FINAL_TYPE(CtPreferencesWindow, ct_preferences_window, CT, PREFERENCES_WINDOW,
                     AdwPreferencesWindow)

/* NULL-safe when the settings schema is not installed: the window then says so. */
GtkWidget *ct_preferences_window_new(void);

/* Sets the platform address as if typed and applied; FALSE (and the field marked as an error)
 * when it is not an address the FHIR client accepts. For tests. */
gboolean ct_preferences_window_apply_platform_url(CtPreferencesWindow *self, const char *url);

G_END_DECLS

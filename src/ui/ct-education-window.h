/* ct-education-window.h — the patient view: the open twin's heart beating and its plan told in
 * plain words, fullscreen, for the patient to read (issue 7, "Patient-education mode").
 *
 * No identifier is shown (no pseudonym, twin id or date); Escape or "Back to Clinician View"
 * (the window's "window.close" action) returns to the main window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ct-twin-page.h"

G_BEGIN_DECLS

#define CT_TYPE_EDUCATION_WINDOW (ct_education_window_get_type())
G_DECLARE_FINAL_TYPE(CtEducationWindow, ct_education_window, CT, EDUCATION_WINDOW, AdwWindow)

/* A fullscreen window, modal to @parent, for @page's twin and plan; present it. */
CtEducationWindow *ct_education_window_new(GtkWindow *parent, CtTwinPage *page);

/* The sentences shown now (borrowed), one a string, and the heart it draws. */
GPtrArray *ct_education_window_get_sentences(CtEducationWindow *self);
CtHeartView *ct_education_window_get_heart_view(CtEducationWindow *self);
/* Whether the window asked the window manager for fullscreen (gtk_window_is_fullscreen() says
 * whether it got it, which needs a window manager). */
gboolean ct_education_window_get_fullscreen_requested(CtEducationWindow *self);

G_END_DECLS

/* ct-ui-test-util.h — what the window tests share: starting the application, waiting on the main
 * loop and for the engine's answer, finding a dialog, screenshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <gtk/gtk.h>

#include "ct-application.h"
#include "ct-window.h"

G_BEGIN_DECLS

/* Starts the application as a clinician's launch does: a new CtApplication (not unique, so that
 * tests run side by side), registered and activated. Returns it (the caller's reference) and, in
 * *@window, the main window it opened; fails the test if it opened none. Does not run the main
 * loop: the caller lets the window settle if it needs to. */
CtApplication *ct_ui_test_start_app(CtWindow **window);

/* Runs the main loop for @ms milliseconds (a 10 ms timer keeps it waking). */
void ct_ui_test_iterate_for(guint ms);
/* Runs the main loop until @done(@data) says so; fails the test naming @what after @seconds.
 * Blocks between events (the workers' answers, the frame clock, a 10 ms timer), never sleeps. */
void ct_ui_test_wait_until(gboolean (*done)(gpointer), gpointer data, double seconds,
                           const char *what);
/* Whether the CtWindow @window shows a twin whose plan has answered the newest request, the
 * baseline answered too: a @done for ct_ui_test_wait_until(), with the window as its data. */
gboolean ct_ui_test_plan_answered(gpointer window);
/* The visible message dialog (Save Plan, Delete Plan?, Rebuild) transient for @parent, or any
 * visible message dialog if @parent is NULL; NULL if there is none. */
AdwMessageDialog *ct_ui_test_find_message_dialog(GtkWindow *parent);
/* The first widget under @widget (itself included, depth first) for which @matches is TRUE, or
 * NULL. */
GtkWidget *ct_ui_test_find_descendant(GtkWidget *widget,
                                      gboolean (*matches)(GtkWidget *widget, gpointer data),
                                      gpointer data);
/* With CT_SCREENSHOT_DIR set, lets the window settle @settle_ms (the heart in motion, toasts gone)
 * and saves @toplevel as drawn to CT_SCREENSHOT_DIR/@name.png; without it, does nothing. */
void ct_ui_test_save_screenshot(GtkWidget *toplevel, const char *name, guint settle_ms);

G_END_DECLS

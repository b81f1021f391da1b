/* ct-ui-test-util.h — what the window tests share: waiting on the main loop, screenshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Runs the main loop for @ms milliseconds (a 10 ms timer keeps it waking). */
void ct_ui_test_iterate_for(guint ms);
/* Runs the main loop until @done(@data) says so; fails the test naming @what after @seconds.
 * Blocks between events (the workers' answers, the frame clock, a 10 ms timer), never sleeps. */
void ct_ui_test_wait_until(gboolean (*done)(gpointer), gpointer data, double seconds,
                           const char *what);
/* With CT_SCREENSHOT_DIR set, lets the window settle @settle_ms (the heart in motion, toasts gone)
 * and saves @toplevel as drawn to CT_SCREENSHOT_DIR/@name.png; without it, does nothing. */
void ct_ui_test_save_screenshot(GtkWidget *toplevel, const char *name, guint settle_ms);

G_END_DECLS

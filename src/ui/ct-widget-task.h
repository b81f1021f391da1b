/* ct-widget-task.h — a widget's job on a worker thread, without the widget as the task's source.
 *
 * A GTask holds a reference to its source object until the task is finalized, and the last
 * reference to a task run with g_task_run_in_thread() may be dropped on the worker thread, after
 * the callback ran in the main context. Were the widget the source, a window closed during the
 * job would have the widget finalized on the worker thread, where GTK must never run. These tasks
 * have no source object and reach their widget through a weak reference instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A task for @widget's job (g_task_new() with no source object; @widget weakly referenced).
 * @callback receives NULL as its source: it calls ct_widget_task_dup_widget(). */
GTask *ct_widget_task_new(gpointer widget, GCancellable *cancellable, GAsyncReadyCallback callback,
                          gpointer source_tag);
/* The task's widget, a new reference, or NULL when it was finalized meanwhile. */
gpointer ct_widget_task_dup_widget(GAsyncResult *result);

G_END_DECLS

/* ct-widget-task.c — a widget's job on a worker thread, without the widget as the task's source
 * (see the header for why).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-widget-task.h"

#define WIDGET_KEY "ct-widget-task-widget"

static void weak_ref_free(gpointer data)
{
  GWeakRef *ref = data;

  /* Thread-safe: the task may be finalized on its worker thread. */
  g_weak_ref_clear(ref);
  g_free(ref);
}

GTask *ct_widget_task_new(gpointer widget, GCancellable *cancellable, GAsyncReadyCallback callback,
                          gpointer source_tag)
{
  GTask *task;
  GWeakRef *ref;

  g_return_val_if_fail(GTK_IS_WIDGET(widget), NULL);
  task = g_task_new(NULL, cancellable, callback, NULL);
  g_task_set_source_tag(task, source_tag);
  ref = g_new0(GWeakRef, 1);
  g_weak_ref_init(ref, widget);
  g_object_set_data_full(G_OBJECT(task), WIDGET_KEY, ref, weak_ref_free);
  return task;
}

gpointer ct_widget_task_dup_widget(GAsyncResult *result)
{
  GWeakRef *ref;

  g_return_val_if_fail(G_IS_TASK(result), NULL);
  ref = g_object_get_data(G_OBJECT(result), WIDGET_KEY);
  g_return_val_if_fail(ref != NULL, NULL);
  return g_weak_ref_get(ref);
}

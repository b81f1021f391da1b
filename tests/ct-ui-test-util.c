/* ct-ui-test-util.c — what the window tests share: starting the application, waiting on the main
 * loop and for the engine's answer, finding a dialog, screenshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-ui-test-util.h"

CtApplication *ct_ui_test_start_app(CtWindow **window)
{
  g_autoptr(GError) error = NULL;
  CtApplication *app = ct_application_new(G_APPLICATION_NON_UNIQUE);

  g_application_register(G_APPLICATION(app), NULL, &error);
  g_assert_no_error(error);
  g_application_activate(G_APPLICATION(app));
  *window = CT_WINDOW(gtk_application_get_active_window(GTK_APPLICATION(app)));
  g_assert_nonnull(*window);
  return app;
}

static gboolean keep_waking(gpointer data)
{
  return G_SOURCE_CONTINUE;
}

void ct_ui_test_iterate_for(guint ms)
{
  gint64 until = g_get_monotonic_time() + (gint64)ms * 1000;
  guint tick = g_timeout_add(10, keep_waking, NULL);

  while (g_get_monotonic_time() < until)
    g_main_context_iteration(NULL, TRUE);
  g_source_remove(tick);
}

void ct_ui_test_wait_until(gboolean (*done)(gpointer), gpointer data, double seconds,
                           const char *what)
{
  gint64 give_up = g_get_monotonic_time() + (gint64)(seconds * G_USEC_PER_SEC);
  guint tick = g_timeout_add(10, keep_waking, NULL);

  while (!done(data)) {
    if (g_get_monotonic_time() > give_up)
      g_error("timed out waiting for %s", what);
    g_main_context_iteration(NULL, TRUE);
  }
  g_source_remove(tick);
}

gboolean ct_ui_test_plan_answered(gpointer window)
{
  CtTwinPage *page = ct_window_get_twin_page(window);
  g_autoptr(CtBeat) plan = page != NULL ? ct_twin_page_get_plan_beat(page) : NULL;
  g_autoptr(CtBeat) baseline = page != NULL ? ct_twin_page_get_baseline_beat(page) : NULL;

  return plan != NULL && baseline != NULL &&
         plan->generation >= ct_twin_page_get_requested_generation(page);
}

AdwMessageDialog *ct_ui_test_find_message_dialog(GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels();

  for (guint i = 0; i < g_list_model_get_n_items(toplevels); i++) {
    g_autoptr(GtkWindow) candidate = g_list_model_get_item(toplevels, i);

    if (ADW_IS_MESSAGE_DIALOG(candidate) && gtk_widget_get_visible(GTK_WIDGET(candidate)) &&
        (parent == NULL || gtk_window_get_transient_for(candidate) == parent))
      return ADW_MESSAGE_DIALOG(candidate);
  }
  return NULL;
}

GtkWidget *ct_ui_test_find_descendant(GtkWidget *widget,
                                      gboolean (*matches)(GtkWidget *widget, gpointer data),
                                      gpointer data)
{
  if (matches(widget, data))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child(widget); child != NULL;
       child = gtk_widget_get_next_sibling(child)) {
    GtkWidget *found = ct_ui_test_find_descendant(child, matches, data);

    if (found != NULL)
      return found;
  }
  return NULL;
}

void ct_ui_test_save_screenshot(GtkWidget *toplevel, const char *name, guint settle_ms)
{
  const char *dir = g_getenv("CT_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL, *path = NULL;
  int width, height;

  if (dir == NULL)
    return;
  ct_ui_test_iterate_for(settle_ms);
  paintable = gtk_widget_paintable_new(toplevel);
  width = gtk_widget_get_width(toplevel);
  height = gtk_widget_get_height(toplevel);
  snapshot = gtk_snapshot_new();
  gdk_paintable_snapshot(paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node(g_steal_pointer(&snapshot));
  g_assert_nonnull(node);
  texture = gsk_renderer_render_texture(gtk_native_get_renderer(GTK_NATIVE(toplevel)), node,
                                        &GRAPHENE_RECT_INIT(0, 0, width, height));
  file = g_strconcat(name, ".png", NULL);
  path = g_build_filename(dir, file, NULL);
  g_assert_true(gdk_texture_save_to_png(texture, path));
  g_test_message("saved %s", path);
}

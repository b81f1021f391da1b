/* ct-ui-test-util.c — what the window tests share: waiting on the main loop, screenshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-ui-test-util.h"

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

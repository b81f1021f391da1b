/* heart-view-demo.c — the 3D heart view alone on a demo twin, until the workspace hosts it
 * (like GTK's own tests/ programs). Not installed.
 *
 *   heart-view-demo [--demo NAME] [--mode anatomy|activation|scar|segments] [--view 0..4]
 *                   [--cut-away] [--crt SEGMENT] [--mesh PATIENT.obj|stl|gltf|ply]
 *                   [--screenshot FILE.png]
 *
 * With --screenshot it draws a second of beating, writes the window's contents as PNG and quits
 * (used for the pictures in docs/).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gtk/gtk.h>

#include "ct-heart-view.h"

static char *demo = NULL;
static char *mode = NULL;
static char *screenshot = NULL;
static char *mesh = NULL;
static int view = 0;
static int crt_segment = 0;
static gboolean cut_away = FALSE;

static const GOptionEntry entries[] = {
    {"demo", 0, 0, G_OPTION_ARG_STRING, &demo, "Demo twin (default hfref-lbbb)", "NAME"},
    {"mode", 0, 0, G_OPTION_ARG_STRING, &mode, "Colour mode", "MODE"},
    {"view", 0, 0, G_OPTION_ARG_INT, &view, "Standard view (0-4)", "N"},
    {"cut-away", 0, 0, G_OPTION_ARG_NONE, &cut_away, "Cut the anterior half away", NULL},
    {"crt", 0, 0, G_OPTION_ARG_INT, &crt_segment, "Pace CRT with the LV lead in SEGMENT", "N"},
    {"screenshot", 0, 0, G_OPTION_ARG_FILENAME, &screenshot, "Save a PNG and quit", "FILE"},
    {"mesh", 0, 0, G_OPTION_ARG_FILENAME, &mesh, "Draw a patient's mesh instead", "FILE"},
    {NULL},
};

static gboolean save_and_quit(gpointer data)
{
  GtkWidget *window = data;
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new(window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width(window), height = gtk_widget_get_height(window);

  gdk_paintable_snapshot(paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node(g_steal_pointer(&snapshot));
  texture = gsk_renderer_render_texture(gtk_native_get_renderer(GTK_NATIVE(window)), node,
                                        &GRAPHENE_RECT_INIT(0, 0, width, height));
  if (!gdk_texture_save_to_png(texture, screenshot))
    g_printerr("could not write %s\n", screenshot);
  gtk_window_destroy(GTK_WINDOW(window));
  return G_SOURCE_REMOVE;
}

static void on_segment(CtHeartView *heart, int segment, gpointer data)
{
  g_print("clicked AHA segment %d\n", segment);
}

static void on_mesh(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;

  if (!ct_heart_view_import_mesh_finish(CT_HEART_VIEW(source), result, &error))
    g_printerr("%s: %s\n", mesh, error->message);
}

static void activate(GtkApplication *app, gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTwin) twin = ct_twin_new_from_demo(demo != NULL ? demo : "hfref-lbbb", &error);
  g_autoptr(CtSimWorker) worker = NULL;
  GtkWidget *window, *heart;
  CsTherapy therapy;

  if (twin == NULL) {
    g_printerr("%s\n", error->message);
    return;
  }
  window = gtk_application_window_new(app);
  gtk_window_set_title(GTK_WINDOW(window), "CardioTwin — heart view");
  gtk_window_set_default_size(GTK_WINDOW(window), 900, 700);
  heart = ct_heart_view_new();
  gtk_window_set_child(GTK_WINDOW(window), heart);

  worker = ct_sim_worker_new(ct_twin_get_params(twin));
  cs_therapy_default(&therapy);
  if (crt_segment > 0) {
    therapy.pacing.mode = CS_PACING_CRT;
    therapy.pacing.rate_bpm = 60.0;
    therapy.pacing.av_delay_ms = 120.0;
    therapy.pacing.lv_lead_segment = crt_segment;
    therapy.pacing.rv_lead_site = CS_RV_LEAD_APEX;
    ct_heart_view_set_leads(CT_HEART_VIEW(heart), crt_segment, CS_RV_LEAD_APEX);
  }
  ct_sim_worker_set_therapy(worker, &therapy);
  ct_heart_view_set_twin(CT_HEART_VIEW(heart), twin);
  ct_heart_view_set_worker(CT_HEART_VIEW(heart), worker);
  ct_heart_view_show_view(CT_HEART_VIEW(heart), (CtStandardView)CLAMP(view, 0, CT_VIEW_COUNT - 1));
  ct_heart_view_set_cut_away(CT_HEART_VIEW(heart), cut_away);
  if (g_strcmp0(mode, "activation") == 0)
    ct_heart_view_set_colour_mode(CT_HEART_VIEW(heart), CT_COLOUR_ACTIVATION);
  else if (g_strcmp0(mode, "scar") == 0)
    ct_heart_view_set_colour_mode(CT_HEART_VIEW(heart), CT_COLOUR_SCAR);
  else if (g_strcmp0(mode, "segments") == 0)
    ct_heart_view_set_colour_mode(CT_HEART_VIEW(heart), CT_COLOUR_SEGMENTS);
  g_signal_connect(heart, "segment-clicked", G_CALLBACK(on_segment), NULL);
  if (mesh != NULL)
    ct_heart_view_import_mesh_async(CT_HEART_VIEW(heart), mesh, NULL, on_mesh, NULL);
  gtk_window_present(GTK_WINDOW(window));
  if (screenshot != NULL)
    g_timeout_add(1500, save_and_quit, window);
}

int main(int argc, char **argv)
{
  g_autoptr(GtkApplication) app =
      gtk_application_new("org.cardiotwin.CardioTwin.HeartViewDemo", G_APPLICATION_NON_UNIQUE);

  g_application_add_main_option_entries(G_APPLICATION(app), entries);
  g_signal_connect(app, "activate", G_CALLBACK(activate), NULL);
  return g_application_run(G_APPLICATION(app), argc, argv);
}

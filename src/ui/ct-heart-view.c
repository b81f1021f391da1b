/* ct-heart-view.c — the beating 3D heart of a twin (GtkGLArea).
 *
 * Thin: the geometry comes from the render room (ct-heart-mesh.c), the drawing from its renderer,
 * the beats from a CtSimWorker. The widget owns the GL objects between realize and unrealize
 * (STYLE.md, after GTK's glarea demo), draws the latest beat at the frame clock's time (a tick
 * callback; the view never waits for the engine), turns pointer and keyboard input into camera
 * moves and picks, and shows a GL failure in place of the heart (gtk_gl_area_set_error).
 *
 * GtkGLArea has no multisampling setting: the widget draws into its own 4x multisampled
 * framebuffer and resolves it into the area's, so edges are smooth.
 *
 * Signals: segment-clicked (int segment), emitted when a click picks an AHA segment.
 * Property: hover-segment (int, read-only).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-heart-view.h"

#include <epoxy/gl.h>
#include <math.h>

#include "ct-heart-mesh.h"
#include "ct-i18n.h"
#include "ct-mesh-import.h"
#include "ct-palette.h"
#include "ct-picking.h"
#include "ct-plot.h"
#include "ct-ui-resources.h"

/* 4x multisampling: smooth silhouettes on every GL 3.3 driver (the minimum GL_MAX_SAMPLES is 4). */
#define MSAA_SAMPLES 4
/* A drag across a ~900-pixel view turns the heart all the way round (0.4 degrees a pixel); a
 * scroll step zooms by 10 %, eight steps doubling the size. */
#define ORBIT_DEG_PER_PX 0.4f
#define ZOOM_PER_STEP    1.1f

enum { PROP_0, PROP_HOVER_SEGMENT, N_PROPS };

enum { SIGNAL_SEGMENT_CLICKED, N_SIGNALS };

static GParamSpec *props[N_PROPS];
static guint signals[N_SIGNALS];

struct _CtHeartView {
  GtkWidget parent_instance;

  /* Template children. */
  GtkOverlay *overlay;
  GtkGLArea *gl_area;
  GtkWidget *legend;
  GtkLabel *legend_title;
  GtkDrawingArea *legend_bar;
  GtkLabel *legend_min;
  GtkLabel *legend_max;
  /* The legend's colours, activation then scar, filled at their first draw: a palette takes
   * milliseconds to build (ct_palette_fill), and the legend is drawn again at every answer of
   * the engine. */
  guint8 legend_lut[2][CT_PALETTE_SIZE * 3];
  gboolean legend_lut_filled[2];

  CtTwin *twin;
  CtSimWorker *worker;
  gulong beat_handler; /* on worker */

  CtMesh mesh;
  CtChamberReference references[CT_CHAMBER_COUNT];
  /* The parametric heart's tessellation: reduced on a software rasteriser (llvmpipe), where each
   * small triangle costs a 4x MSAA block of shading (docs/heart-view.md). */
  CtHeartDetail detail;
  gboolean parametric;    /* the mesh is the parametric heart, not a patient's */
  gboolean mesh_deferred; /* a twin set before the GL context: its heart is made at realize */
  gboolean mesh_changed;  /* to be uploaded at the next render */
  float scene_centre[3];
  float scene_radius_mm;

  CtRenderer *renderer;
  GError *error;
  GLuint msaa_fbo, msaa_colour, msaa_depth;
  int fbo_width, fbo_height;
  gboolean msaa_unsupported; /* the driver refused the multisampled framebuffer: draw directly */

  CtCamera camera;
  CtStandardView standard_view; /* the last one asked for: a new scene opens in it */
  CtHeartPose pose;
  double drawn_lv_volume_ml; /* the simulated LV volume the pose shows */
  CtColourMode mode;
  int lv_lead_segment;
  int rv_site;
  gboolean cut_away;
  float cut_plane[4]; /* as last drawn: picking ignores what it removed */
  int hover_segment;

  guint tick_id;
  /* The beat's clock: advanced at each tick by the frame time times the animation speed, so a
   * change of speed does not jump the phase. */
  gint64 last_tick_us;
  double animation_s;
  double animation_speed;
  gboolean paused; /* the heart holds still and draws no new frame (ct_heart_view_set_paused) */
  guint n_frames_drawn;
  /* The pointer's last position, picked at the next frame rather than on every motion event (a
   * ray cast over the mesh costs milliseconds; motion events come faster than frames). */
  gboolean hover_pending;
  double hover_x, hover_y;
  float drag_yaw, drag_pitch; /* camera angles at drag start, as deltas applied */
  double drag_last_x, drag_last_y;
  gboolean dragging;
};

G_DEFINE_FINAL_TYPE(CtHeartView, ct_heart_view, GTK_TYPE_WIDGET)

/* ------------------------------------------------------------------ geometry and pose */

/* The twin's anatomy: the engine's LV size, the echo dimensions it has, adult defaults for the
 * rest (ct_heart_geometry_default). */
static void geometry_of_twin(CtTwin *twin, CtHeartGeometry *g)
{
  static const struct {
    const char *name;
    gsize offset;
  } fields[] = {
      {"lv_wall_thickness_mm", G_STRUCT_OFFSET(CtHeartGeometry, lv_wall_thickness_mm)},
      {"rv_end_diastolic_diameter_mm",
       G_STRUCT_OFFSET(CtHeartGeometry, rv_end_diastolic_diameter_mm)},
      {"la_diameter_mm", G_STRUCT_OFFSET(CtHeartGeometry, la_diameter_mm)},
      {"ra_diameter_mm", G_STRUCT_OFFSET(CtHeartGeometry, ra_diameter_mm)},
      {"mitral_annulus_mm", G_STRUCT_OFFSET(CtHeartGeometry, mitral_annulus_mm)},
      {"tricuspid_annulus_mm", G_STRUCT_OFFSET(CtHeartGeometry, tricuspid_annulus_mm)},
      {"aortic_annulus_mm", G_STRUCT_OFFSET(CtHeartGeometry, aortic_annulus_mm)},
      {"pulmonary_annulus_mm", G_STRUCT_OFFSET(CtHeartGeometry, pulmonary_annulus_mm)},
      {"aortic_root_mm", G_STRUCT_OFFSET(CtHeartGeometry, aortic_root_mm)},
  };
  const CsParams *p = ct_twin_get_params(twin);

  *g = ct_heart_geometry_default();
  g->lv_long_axis_mm = p->lv_long_axis_mm;
  g->lv_end_diastolic_diameter_mm = p->lv_end_diastolic_diameter_mm;
  for (gsize i = 0; i < G_N_ELEMENTS(fields); i++) {
    double value;

    if (ct_twin_get_geometry(twin, fields[i].name, &value))
      G_STRUCT_MEMBER(double, g, fields[i].offset) = value;
  }
}

/* Makes @mesh (taken) and @references the scene: framed by the camera, posed at rest, uploaded at
 * the next render. */
static void install_mesh(CtHeartView *self, CtMesh *mesh,
                         const CtChamberReference references[CT_CHAMBER_COUNT])
{
  float lo[3] = {G_MAXFLOAT, G_MAXFLOAT, G_MAXFLOAT};
  float hi[3] = {-G_MAXFLOAT, -G_MAXFLOAT, -G_MAXFLOAT};

  ct_mesh_free(&self->mesh);
  self->mesh = *mesh;
  memset(mesh, 0, sizeof *mesh);
  memcpy(self->references, references, sizeof self->references);
  for (gsize i = 0; i < self->mesh.n_vertices; i++)
    for (int k = 0; k < 3; k++) {
      lo[k] = MIN(lo[k], self->mesh.vertices[i].position[k]);
      hi[k] = MAX(hi[k], self->mesh.vertices[i].position[k]);
    }
  self->scene_radius_mm = 0.0f;
  for (int k = 0; k < 3; k++) {
    self->scene_centre[k] = 0.5f * (lo[k] + hi[k]);
    self->scene_radius_mm = MAX(self->scene_radius_mm, 0.5f * (hi[k] - lo[k]));
  }
  ct_camera_init(&self->camera, self->scene_centre, self->scene_radius_mm, self->standard_view);
  for (int c = 0; c < CT_CHAMBER_COUNT; c++)
    ct_chamber_pose_from_volume(&self->references[c],
                                MAX(self->references[c].cavity_volume_ml, 1.0),
                                &self->pose.chambers[c]);
  self->mesh_changed = TRUE;
  gtk_gl_area_queue_render(self->gl_area);
}

static void rebuild_mesh(CtHeartView *self)
{
  CtHeartGeometry geometry;
  CtMesh mesh = {0};
  CtChamberReference references[CT_CHAMBER_COUNT];

  ct_mesh_free(&self->mesh);
  if (self->twin == NULL)
    return;
  geometry_of_twin(self->twin, &geometry);
  /* The twin's geometry passed the twin loader's ranges; a failure here is a bug. */
  if (ct_heart_mesh_generate_detailed(&geometry, self->detail, &mesh, references) != 0) {
    g_critical("the heart mesh could not be generated from the twin's geometry");
    return;
  }
  install_mesh(self, &mesh, references);
  self->parametric = TRUE;
}

/* The pose at @time_s into the latest beat: each chamber scaled by its simulated volume relative
 * to its end-diastolic (largest) volume of the beat, applied to the mesh's reference cavity. */
static void pose_at(CtHeartView *self, const CtBeat *beat, double time_s)
{
  double largest[CT_CHAMBER_COUNT] = {0};
  /* Mitral, aortic, tricuspid, pulmonary; 1 ml/s keeps a valve without flow closed. */
  double peak_flow[4] = {1.0, 1.0, 1.0, 1.0};
  CsSample now;
  double volume[CT_CHAMBER_COUNT];

  for (gsize i = 0; i < beat->n_samples; i++) {
    largest[CT_CHAMBER_LV] = MAX(largest[CT_CHAMBER_LV], beat->samples[i].lv_volume_ml);
    largest[CT_CHAMBER_RV] = MAX(largest[CT_CHAMBER_RV], beat->samples[i].rv_volume_ml);
    largest[CT_CHAMBER_LA] = MAX(largest[CT_CHAMBER_LA], beat->samples[i].la_volume_ml);
    largest[CT_CHAMBER_RA] = MAX(largest[CT_CHAMBER_RA], beat->samples[i].ra_volume_ml);
    peak_flow[0] = MAX(peak_flow[0], beat->samples[i].mitral_flow_ml_s);
    peak_flow[1] = MAX(peak_flow[1], beat->samples[i].aortic_flow_ml_s);
    peak_flow[2] = MAX(peak_flow[2], beat->samples[i].tricuspid_flow_ml_s);
    peak_flow[3] = MAX(peak_flow[3], beat->samples[i].pulmonary_flow_ml_s);
  }
  ct_beat_sample_at(beat, time_s, &now);
  volume[CT_CHAMBER_LV] = now.lv_volume_ml;
  self->drawn_lv_volume_ml = now.lv_volume_ml;
  volume[CT_CHAMBER_RV] = now.rv_volume_ml;
  volume[CT_CHAMBER_LA] = now.la_volume_ml;
  volume[CT_CHAMBER_RA] = now.ra_volume_ml;
  for (int c = 0; c < CT_CHAMBER_COUNT; c++) {
    double ratio = largest[c] > 0.0 ? volume[c] / largest[c] : 1.0;

    /* An imported mesh may lack a chamber (no vertex of it): it keeps its pose. */
    if (self->references[c].cavity_volume_ml <= 0.0)
      continue;
    ct_chamber_pose_from_volume(&self->references[c], self->references[c].cavity_volume_ml * ratio,
                                &self->pose.chambers[c]);
  }
  /* A valve opens with forward flow through it, fully at the beat's peak flow: its opening in the
   * view follows the engine's flow, with no threshold of our own. For the mitral valve this draws
   * the M-mode's pattern: wide at the E wave, drifting toward closure in diastasis, reopening
   * with the atrial kick (Feigenbaum's Echocardiography, M-mode of the mitral valve). */
  self->pose.valve_opening[0] = (float)CLAMP(now.mitral_flow_ml_s / peak_flow[0], 0.0, 1.0);
  self->pose.valve_opening[1] = (float)CLAMP(now.aortic_flow_ml_s / peak_flow[1], 0.0, 1.0);
  self->pose.valve_opening[2] = (float)CLAMP(now.tricuspid_flow_ml_s / peak_flow[2], 0.0, 1.0);
  self->pose.valve_opening[3] = (float)CLAMP(now.pulmonary_flow_ml_s / peak_flow[3], 0.0, 1.0);
}

/* ------------------------------------------------------------------ what is drawn */

/* The renderer's segment colours for the colour mode: GL state only, so that the render handler
 * can call it (widgets must not change while GTK snapshots them). */
static void update_renderer_segments(CtHeartView *self)
{
  float values[CS_AHA_SEGMENTS];
  g_autoptr(CtBeat) beat = self->worker != NULL ? ct_sim_worker_get_beat(self->worker) : NULL;
  float lo = G_MAXFLOAT, hi = -G_MAXFLOAT;

  if (self->renderer == NULL)
    return;
  ct_renderer_set_colour_mode(self->renderer, self->mode);
  if (self->mode == CT_COLOUR_ACTIVATION && beat != NULL) {
    for (int s = 0; s < CS_AHA_SEGMENTS; s++) {
      values[s] = (float)beat->segment_activation_ms[s];
      lo = MIN(lo, values[s]);
      hi = MAX(hi, values[s]);
    }
    ct_renderer_set_segment_values(self->renderer, values, lo, MAX(hi, lo + 1.0f));
  } else if (self->mode == CT_COLOUR_SCAR && self->twin != NULL) {
    for (int s = 0; s < CS_AHA_SEGMENTS; s++)
      values[s] = (float)ct_twin_get_scar(self->twin, s + 1);
    ct_renderer_set_segment_values(self->renderer, values, 0.0f, 1.0f);
  }
}

/* The colour legend over the view, for the mode and the newest beat. */
static void update_legend(CtHeartView *self)
{
  g_autoptr(CtBeat) beat = self->worker != NULL ? ct_sim_worker_get_beat(self->worker) : NULL;
  g_autofree char *min_text = NULL;
  g_autofree char *max_text = NULL;

  if (self->mode == CT_COLOUR_ACTIVATION && beat != NULL) {
    double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;

    for (int s = 0; s < CS_AHA_SEGMENTS; s++) {
      lo = MIN(lo, beat->segment_activation_ms[s]);
      hi = MAX(hi, beat->segment_activation_ms[s]);
    }
    gtk_label_set_text(self->legend_title, _("Activation time"));
    /* TRANSLATORS: a time in milliseconds in the colour legend. */
    min_text = g_strdup_printf(_("%.0f ms"), lo);
    max_text = g_strdup_printf(_("%.0f ms"), hi);
  } else if (self->mode == CT_COLOUR_SCAR && self->twin != NULL) {
    gtk_label_set_text(self->legend_title, _("Scar transmurality"));
    min_text = g_strdup(C_("scar legend", "none"));
    max_text = g_strdup(C_("scar legend", "transmural"));
  }
  gtk_widget_set_visible(self->legend, min_text != NULL);
  if (min_text != NULL) {
    gtk_label_set_text(self->legend_min, min_text);
    gtk_label_set_text(self->legend_max, max_text);
    gtk_widget_queue_draw(GTK_WIDGET(self->legend_bar));
  }
}

static void update_segment_values(CtHeartView *self)
{
  update_renderer_segments(self);
  update_legend(self);
}

static void update_leads(CtHeartView *self)
{
  float lv[3], rv[3], normal[3];
  gboolean has_rv = self->rv_site >= 0, has_lv = FALSE;

  if (self->renderer == NULL || self->mesh.n_vertices == 0)
    return;
  /* A patient's mesh may not reach the lead's segment: then there is no marker to draw. */
  if (self->lv_lead_segment >= 1)
    has_lv = ct_heart_segment_centre(&self->mesh, &self->pose, self->lv_lead_segment, lv, normal);
  if (has_rv) {
    if (self->rv_site == CS_RV_LEAD_APEX) {
      /* The RV apex: the RV chamber's origin (ct-mesh.h). */
      const CtChamberPose *c = &self->pose.chambers[CT_CHAMBER_RV];

      memcpy(rv, c->origin, sizeof rv);
    } else {
      /* Mid-septum, on its RV side: the LV's mid anteroseptal segment, moved through the
       * septum toward the RV (-x in the heart frame). */
      has_rv = ct_heart_segment_centre(&self->mesh, &self->pose, 8, rv, normal);
      rv[0] -= 10.0f;
    }
  }
  ct_renderer_set_leads(self->renderer, has_lv ? self->lv_lead_segment : 0, has_lv ? lv : NULL,
                        has_rv ? rv : NULL);
}

static void legend_draw(GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  CtHeartView *self = data;
  int scar = self->mode == CT_COLOUR_SCAR;
  const guint8 *lut = self->legend_lut[scar];
  cairo_pattern_t *gradient = cairo_pattern_create_linear(0, 0, width, 0);

  if (!self->legend_lut_filled[scar]) {
    ct_palette_fill(scar ? CT_PALETTE_SCAR : CT_PALETTE_ACTIVATION, self->legend_lut[scar]);
    self->legend_lut_filled[scar] = TRUE;
  }
  for (int i = 0; i < CT_PALETTE_SIZE; i += 15)
    cairo_pattern_add_color_stop_rgb(gradient, (double)i / (CT_PALETTE_SIZE - 1),
                                     lut[3 * i] / 255.0, lut[3 * i + 1] / 255.0,
                                     lut[3 * i + 2] / 255.0);
  cairo_pattern_add_color_stop_rgb(gradient, 1.0, lut[3 * (CT_PALETTE_SIZE - 1)] / 255.0,
                                   lut[3 * (CT_PALETTE_SIZE - 1) + 1] / 255.0,
                                   lut[3 * (CT_PALETTE_SIZE - 1) + 2] / 255.0);
  cairo_rectangle(cr, 0, 0, width, height);
  cairo_set_source(cr, gradient);
  cairo_fill(cr);
  cairo_pattern_destroy(gradient);
}

/* ------------------------------------------------------------------ GL */

/* The camera's position in the heart frame, from a view matrix (column-major, rotation possibly
 * with a reflection, then translation): eye = -R^-1 t, and R^-1 = R^T for an orthogonal R. */
static void camera_eye(const float view[16], float eye[3])
{
  for (int i = 0; i < 3; i++)
    eye[i] =
        -(view[4 * i + 0] * view[12] + view[4 * i + 1] * view[13] + view[4 * i + 2] * view[14]);
}

static void delete_framebuffer(CtHeartView *self)
{
  if (self->msaa_fbo != 0) {
    glDeleteFramebuffers(1, &self->msaa_fbo);
    glDeleteRenderbuffers(1, &self->msaa_colour);
    glDeleteRenderbuffers(1, &self->msaa_depth);
  }
  self->msaa_fbo = self->msaa_colour = self->msaa_depth = 0;
  self->fbo_width = self->fbo_height = 0;
}

static gboolean ensure_framebuffer(CtHeartView *self, int width, int height)
{
  if (self->msaa_unsupported)
    return FALSE;
  if (self->msaa_fbo != 0 && self->fbo_width == width && self->fbo_height == height)
    return TRUE;
  delete_framebuffer(self);
  glGenFramebuffers(1, &self->msaa_fbo);
  glGenRenderbuffers(1, &self->msaa_colour);
  glGenRenderbuffers(1, &self->msaa_depth);
  glBindRenderbuffer(GL_RENDERBUFFER, self->msaa_colour);
  glRenderbufferStorageMultisample(GL_RENDERBUFFER, MSAA_SAMPLES, GL_RGBA8, width, height);
  glBindRenderbuffer(GL_RENDERBUFFER, self->msaa_depth);
  glRenderbufferStorageMultisample(GL_RENDERBUFFER, MSAA_SAMPLES, GL_DEPTH_COMPONENT24, width,
                                   height);
  glBindFramebuffer(GL_FRAMEBUFFER, self->msaa_fbo);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER,
                            self->msaa_colour);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, self->msaa_depth);
  self->fbo_width = width;
  self->fbo_height = height;
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    /* Fewer samples than 4, or a size beyond the driver's: draw without multisampling. */
    delete_framebuffer(self);
    self->msaa_unsupported = TRUE;
    return FALSE;
  }
  return TRUE;
}

static void on_gl_realize(GtkGLArea *area, CtHeartView *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_error(&self->error);
  gtk_gl_area_make_current(area);
  if (gtk_gl_area_get_error(area) != NULL) {
    g_clear_error(&self->error);
    self->error = g_error_copy(gtk_gl_area_get_error(area));
    return;
  }
  self->renderer = ct_renderer_new(&error);
  if (self->renderer == NULL) {
    g_clear_error(&self->error);
    self->error = g_error_copy(error);
    gtk_gl_area_set_error(area, error);
    return;
  }
  if (ct_renderer_is_software(self->renderer)) {
    /* llvmpipe shades every sample of a 4x MSAA buffer: without it a frame costs half as much
     * (docs/benchmarks.md, render_frame_ms), and the main thread, which the rasteriser occupies
     * while it draws, answers the therapy panel and the plots that much sooner. A GPU keeps the
     * smooth edges. */
    self->msaa_unsupported = TRUE;
    if (self->detail != CT_HEART_DETAIL_REDUCED) {
      self->detail = CT_HEART_DETAIL_REDUCED;
      if (self->parametric && !self->mesh_deferred)
        rebuild_mesh(self);
    }
  }
  if (self->mesh_deferred) {
    self->mesh_deferred = FALSE;
    rebuild_mesh(self);
  }
  self->mesh_changed = TRUE;
}

static void on_gl_unrealize(GtkGLArea *area, CtHeartView *self)
{
  gtk_gl_area_make_current(area);
  /* With a context, free the GL objects in it, even after a drawing error (a mesh that did not
   * upload leaves the renderer and framebuffer behind). Without one, their names died with it. */
  if (gtk_gl_area_get_context(area) != NULL) {
    delete_framebuffer(self);
    g_clear_pointer(&self->renderer, ct_renderer_free);
  } else {
    self->renderer = NULL;
    self->msaa_fbo = self->msaa_colour = self->msaa_depth = 0;
    self->fbo_width = self->fbo_height = 0;
  }
}

static gboolean on_gl_render(GtkGLArea *area, GdkGLContext *context, CtHeartView *self)
{
  int scale = gtk_widget_get_scale_factor(GTK_WIDGET(area));
  int width = gtk_widget_get_width(GTK_WIDGET(area)) * scale;
  int height = gtk_widget_get_height(GTK_WIDGET(area)) * scale;
  float view[16], projection[16];
  GLint target = 0;

  if (self->renderer == NULL || width <= 0 || height <= 0)
    return FALSE;
  if (self->mesh_changed && self->mesh.n_vertices > 0) {
    g_autoptr(GError) error = NULL;

    if (!ct_renderer_set_mesh(self->renderer, &self->mesh, &error)) {
      g_clear_error(&self->error);
      self->error = g_error_copy(error);
      gtk_gl_area_set_error(area, error);
      return FALSE;
    }
    self->mesh_changed = FALSE;
    update_renderer_segments(self);
  }
  ct_renderer_set_pose(self->renderer, &self->pose);
  update_leads(self);
  ct_renderer_set_highlight(self->renderer, self->hover_segment);
  ct_camera_view_matrix(&self->camera, view);
  ct_camera_projection_matrix(&self->camera, width, height, projection);
  {
    /* The cut-away removes the half of the heart nearer the viewer, through the scene's centre,
     * whatever the view: from the apical four-chamber view it opens the four-chamber section,
     * from the anterior view the frontal one. */
    float plane[4], eye[3], length = 0.0f;

    camera_eye(view, eye);
    for (int k = 0; k < 3; k++) {
      plane[k] = eye[k] - self->scene_centre[k];
      length += plane[k] * plane[k];
    }
    length = sqrtf(MAX(length, 1e-6f));
    plane[3] = 0.0f;
    for (int k = 0; k < 3; k++) {
      plane[k] /= length;
      plane[3] -= plane[k] * self->scene_centre[k];
    }
    ct_renderer_set_cut_plane(self->renderer, self->cut_away, plane);
    memcpy(self->cut_plane, plane, sizeof self->cut_plane);
  }

  /* Draw multisampled, then resolve into the area's own framebuffer. */
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &target);
  if (!ensure_framebuffer(self, width, height)) {
    glBindFramebuffer(GL_FRAMEBUFFER, (GLuint)target);
    ct_renderer_draw(self->renderer, view, projection, width, height);
    self->n_frames_drawn++;
    return TRUE;
  }
  glBindFramebuffer(GL_FRAMEBUFFER, self->msaa_fbo);
  ct_renderer_draw(self->renderer, view, projection, width, height);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, self->msaa_fbo);
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, (GLuint)target);
  glBlitFramebuffer(0, 0, width, height, 0, 0, width, height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glBindFramebuffer(GL_FRAMEBUFFER, (GLuint)target);
  self->n_frames_drawn++;
  return TRUE;
}

static int pick_at(CtHeartView *self, double x, double y);
static void set_hover(CtHeartView *self, int segment);

/* The frame clock's tick: the latest beat at this moment. */
static gboolean on_tick(GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  CtHeartView *self = CT_HEART_VIEW(widget);
  g_autoptr(CtBeat) beat = self->worker != NULL ? ct_sim_worker_get_beat(self->worker) : NULL;
  gint64 now = gdk_frame_clock_get_frame_time(clock);

  if (self->paused) {
    /* Nothing moves: the next frame after the pause resumes from here, not from a jump. */
    self->last_tick_us = 0;
    if (self->hover_pending) {
      self->hover_pending = FALSE;
      set_hover(self, pick_at(self, self->hover_x, self->hover_y));
    }
    return G_SOURCE_CONTINUE;
  }
  if (beat != NULL && self->mesh.n_vertices > 0) {
    if (self->last_tick_us != 0)
      self->animation_s += (double)(now - self->last_tick_us) * 1e-6 * self->animation_speed;
    self->last_tick_us = now;
    pose_at(self, beat, self->animation_s);
  }
  if (self->hover_pending) {
    self->hover_pending = FALSE;
    set_hover(self, pick_at(self, self->hover_x, self->hover_y));
  }
  gtk_gl_area_queue_render(self->gl_area);
  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------ input */

static int pick_at(CtHeartView *self, double x, double y)
{
  float origin[3], direction[3], distance;
  int width = gtk_widget_get_width(GTK_WIDGET(self->gl_area));
  int height = gtk_widget_get_height(GTK_WIDGET(self->gl_area));

  if (self->mesh.n_vertices == 0 || width <= 0 || height <= 0)
    return -1;
  ct_camera_ray(&self->camera, (float)x, (float)y, width, height, origin, direction);
  return ct_mesh_pick_segment_cut(&self->mesh, &self->pose, origin, direction,
                                  self->cut_away ? self->cut_plane : NULL, &distance);
}

static void set_hover(CtHeartView *self, int segment)
{
  segment = MAX(segment, 0);
  if (segment == self->hover_segment)
    return;
  self->hover_segment = segment;
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_HOVER_SEGMENT]);
  /* Name the segment under the pointer (tooltip, and what a screen reader reads): a clinician
   * places a lead by the segment's name, not by its colour. */
  {
    g_autoptr(CtBeat) beat = self->worker != NULL ? ct_sim_worker_get_beat(self->worker) : NULL;
    g_autofree char *text = NULL;

    if (segment > 0 && beat != NULL)
      /* TRANSLATORS: an AHA segment's number, name and activation time, e.g.
       * "11 mid inferolateral: activated at 170 ms". */
      text = g_strdup_printf(_("%d %s: activated at %.0f ms"), segment,
                             ct_plot_aha_segment_name(segment),
                             beat->segment_activation_ms[segment - 1]);
    else if (segment > 0)
      text = g_strdup_printf("%d %s", segment, ct_plot_aha_segment_name(segment));
    gtk_widget_set_tooltip_text(GTK_WIDGET(self->gl_area), text);
  }
  gtk_gl_area_queue_render(self->gl_area);
}

static void on_motion(GtkEventControllerMotion *motion, double x, double y, CtHeartView *self)
{
  if (self->dragging)
    return;
  self->hover_x = x;
  self->hover_y = y;
  self->hover_pending = TRUE;
}

static void on_leave(GtkEventControllerMotion *motion, CtHeartView *self)
{
  self->hover_pending = FALSE;
  set_hover(self, 0);
}

static void on_drag_begin(GtkGestureDrag *gesture, double x, double y, CtHeartView *self)
{
  self->drag_last_x = 0.0;
  self->drag_last_y = 0.0;
  self->dragging = TRUE;
  gtk_widget_grab_focus(GTK_WIDGET(self->gl_area));
}

static void on_drag_update(GtkGestureDrag *gesture, double dx, double dy, CtHeartView *self)
{
  GdkModifierType state =
      gtk_event_controller_get_current_event_state(GTK_EVENT_CONTROLLER(gesture));
  guint button = gtk_gesture_single_get_current_button(GTK_GESTURE_SINGLE(gesture));
  double step_x = dx - self->drag_last_x, step_y = dy - self->drag_last_y;

  self->drag_last_x = dx;
  self->drag_last_y = dy;
  /* Drag turns the heart; with Shift, or the middle or right button, it moves it. */
  if ((state & GDK_SHIFT_MASK) != 0 || button == GDK_BUTTON_MIDDLE ||
      button == GDK_BUTTON_SECONDARY)
    ct_camera_pan(&self->camera, (float)step_x, (float)step_y,
                  gtk_widget_get_width(GTK_WIDGET(self->gl_area)),
                  gtk_widget_get_height(GTK_WIDGET(self->gl_area)));
  else
    ct_camera_orbit(&self->camera, (float)-step_x * ORBIT_DEG_PER_PX,
                    (float)step_y * ORBIT_DEG_PER_PX);
  gtk_gl_area_queue_render(self->gl_area);
}

static void on_drag_end(GtkGestureDrag *gesture, double dx, double dy, CtHeartView *self)
{
  self->dragging = FALSE;
}

static gboolean on_scroll(GtkEventControllerScroll *scroll, double dx, double dy, CtHeartView *self)
{
  ct_camera_zoom(&self->camera, powf(ZOOM_PER_STEP, (float)dy));
  gtk_gl_area_queue_render(self->gl_area);
  return TRUE;
}

static void on_pinch(GtkGestureZoom *gesture, double scale, CtHeartView *self)
{
  static const char *key = "ct-pinch-scale";
  double *last = g_object_get_data(G_OBJECT(gesture), key);

  if (last == NULL) {
    last = g_new(double, 1);
    *last = 1.0;
    g_object_set_data_full(G_OBJECT(gesture), key, last, g_free);
  }
  if (scale > 0.0) {
    ct_camera_zoom(&self->camera, (float)(*last / scale));
    *last = scale;
  }
  gtk_gl_area_queue_render(self->gl_area);
}

static void on_pinch_end(GtkGesture *gesture, GdkEventSequence *sequence, CtHeartView *self)
{
  g_object_set_data(G_OBJECT(gesture), "ct-pinch-scale", NULL);
}

static void on_click(GtkGestureClick *click, int n_press, double x, double y, CtHeartView *self)
{
  int segment = pick_at(self, x, y);

  if (segment >= 1 && segment <= CS_AHA_SEGMENTS)
    g_signal_emit(self, signals[SIGNAL_SEGMENT_CLICKED], 0, segment);
}

/* ------------------------------------------------------------------ actions */

static void action_show_view(GtkWidget *widget, const char *name, GVariant *parameter)
{
  ct_heart_view_show_view(CT_HEART_VIEW(widget), (CtStandardView)g_variant_get_int32(parameter));
}

static void action_reset(GtkWidget *widget, const char *name, GVariant *parameter)
{
  ct_heart_view_reset(CT_HEART_VIEW(widget));
}

static void action_orbit(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtHeartView *self = CT_HEART_VIEW(widget);
  double yaw, pitch;

  g_variant_get(parameter, "(dd)", &yaw, &pitch);
  ct_camera_orbit(&self->camera, (float)yaw, (float)pitch);
  gtk_gl_area_queue_render(self->gl_area);
}

static void action_zoom(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtHeartView *self = CT_HEART_VIEW(widget);

  ct_camera_zoom(&self->camera, (float)g_variant_get_double(parameter));
  gtk_gl_area_queue_render(self->gl_area);
}

static void action_toggle_cut_away(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtHeartView *self = CT_HEART_VIEW(widget);

  ct_heart_view_set_cut_away(self, !self->cut_away);
}

/* ------------------------------------------------------------------ GObject */

static void ct_heart_view_dispose(GObject *object)
{
  CtHeartView *self = CT_HEART_VIEW(object);

  if (self->tick_id != 0) {
    gtk_widget_remove_tick_callback(GTK_WIDGET(self), self->tick_id);
    self->tick_id = 0;
  }
  gtk_widget_dispose_template(GTK_WIDGET(self), CT_TYPE_HEART_VIEW);
  if (self->worker != NULL)
    g_clear_signal_handler(&self->beat_handler, self->worker);
  g_clear_object(&self->worker);
  g_clear_object(&self->twin);
  G_OBJECT_CLASS(ct_heart_view_parent_class)->dispose(object);
}

static void ct_heart_view_finalize(GObject *object)
{
  CtHeartView *self = CT_HEART_VIEW(object);

  ct_mesh_free(&self->mesh);
  g_clear_error(&self->error);
  G_OBJECT_CLASS(ct_heart_view_parent_class)->finalize(object);
}

static void ct_heart_view_get_property(GObject *object, guint prop_id, GValue *value,
                                       GParamSpec *pspec)
{
  CtHeartView *self = CT_HEART_VIEW(object);

  switch (prop_id) {
  case PROP_HOVER_SEGMENT:
    g_value_set_int(value, self->hover_segment);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void ct_heart_view_class_init(CtHeartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->dispose = ct_heart_view_dispose;
  object_class->finalize = ct_heart_view_finalize;
  object_class->get_property = ct_heart_view_get_property;

  props[PROP_HOVER_SEGMENT] =
      g_param_spec_int("hover-segment", NULL, NULL, 0, CS_AHA_SEGMENTS, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, props);
  signals[SIGNAL_SEGMENT_CLICKED] =
      g_signal_new("segment-clicked", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                   NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  /* A reference to the bundle, so that the linker keeps it (and its registration) from the static
   * library. */
  g_assert(ct_ui_resources_get_resource() != NULL);
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/cardiotwin/CardioTwin/ui/ct-heart-view.ui");
  gtk_widget_class_bind_template_child(widget_class, CtHeartView, overlay);
  gtk_widget_class_bind_template_child(widget_class, CtHeartView, gl_area);
  gtk_widget_class_bind_template_child(widget_class, CtHeartView, legend);
  gtk_widget_class_bind_template_child(widget_class, CtHeartView, legend_title);
  gtk_widget_class_bind_template_child(widget_class, CtHeartView, legend_bar);
  gtk_widget_class_bind_template_child(widget_class, CtHeartView, legend_min);
  gtk_widget_class_bind_template_child(widget_class, CtHeartView, legend_max);
  gtk_widget_class_bind_template_callback(widget_class, on_gl_realize);
  gtk_widget_class_bind_template_callback(widget_class, on_gl_unrealize);
  gtk_widget_class_bind_template_callback(widget_class, on_gl_render);
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name(widget_class, "ct-heart-view");

  gtk_widget_class_install_action(widget_class, "heart-view.show-view", "i", action_show_view);
  gtk_widget_class_install_action(widget_class, "heart-view.reset", NULL, action_reset);
  gtk_widget_class_install_action(widget_class, "heart-view.orbit", "(dd)", action_orbit);
  gtk_widget_class_install_action(widget_class, "heart-view.zoom", "d", action_zoom);
  gtk_widget_class_install_action(widget_class, "heart-view.toggle-cut-away", NULL,
                                  action_toggle_cut_away);
  /* Keyboard equivalents of every pointer move (GNOME HIG: everything by keyboard too). */
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_Home, 0, "heart-view.reset", NULL);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_1, 0, "heart-view.show-view", "i",
                                      CT_VIEW_ANTERIOR);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_2, 0, "heart-view.show-view", "i",
                                      CT_VIEW_LAO_40);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_3, 0, "heart-view.show-view", "i",
                                      CT_VIEW_RAO_30);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_4, 0, "heart-view.show-view", "i",
                                      CT_VIEW_APICAL_4C);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_5, 0, "heart-view.show-view", "i",
                                      CT_VIEW_SHORT_AXIS);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_Left, 0, "heart-view.orbit", "(dd)",
                                      5.0, 0.0);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_Right, 0, "heart-view.orbit", "(dd)",
                                      -5.0, 0.0);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_Up, 0, "heart-view.orbit", "(dd)", 0.0,
                                      5.0);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_Down, 0, "heart-view.orbit", "(dd)",
                                      0.0, -5.0);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_plus, 0, "heart-view.zoom", "d",
                                      1.0 / ZOOM_PER_STEP);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_minus, 0, "heart-view.zoom", "d",
                                      (double)ZOOM_PER_STEP);
  /* The same on the keypad, and = for + where it needs Shift (US and UK layouts). */
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_equal, 0, "heart-view.zoom", "d",
                                      1.0 / ZOOM_PER_STEP);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_KP_Add, 0, "heart-view.zoom", "d",
                                      1.0 / ZOOM_PER_STEP);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_KP_Subtract, 0, "heart-view.zoom", "d",
                                      (double)ZOOM_PER_STEP);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_c, 0, "heart-view.toggle-cut-away",
                                      NULL);
}

static void ct_heart_view_init(CtHeartView *self)
{
  GtkEventController *motion, *scroll;
  GtkGesture *drag, *click, *pinch;

  gtk_widget_init_template(GTK_WIDGET(self));
  gtk_gl_area_set_required_version(self->gl_area, 3, 3);
  gtk_drawing_area_set_draw_func(self->legend_bar, legend_draw, self, NULL);
  self->mode = CT_COLOUR_ANATOMY;
  self->rv_site = -1;
  self->animation_speed = 1.0;
  ct_camera_init(&self->camera, (float[3]){0.0f, 0.0f, 50.0f}, 80.0f, CT_VIEW_ANTERIOR);

  motion = gtk_event_controller_motion_new();
  g_signal_connect(motion, "motion", G_CALLBACK(on_motion), self);
  g_signal_connect(motion, "leave", G_CALLBACK(on_leave), self);
  gtk_widget_add_controller(GTK_WIDGET(self->gl_area), motion);

  drag = gtk_gesture_drag_new();
  gtk_gesture_single_set_button(GTK_GESTURE_SINGLE(drag), 0);
  g_signal_connect(drag, "drag-begin", G_CALLBACK(on_drag_begin), self);
  g_signal_connect(drag, "drag-update", G_CALLBACK(on_drag_update), self);
  g_signal_connect(drag, "drag-end", G_CALLBACK(on_drag_end), self);
  gtk_widget_add_controller(GTK_WIDGET(self->gl_area), GTK_EVENT_CONTROLLER(drag));

  click = gtk_gesture_click_new();
  g_signal_connect(click, "released", G_CALLBACK(on_click), self);
  gtk_widget_add_controller(GTK_WIDGET(self->gl_area), GTK_EVENT_CONTROLLER(click));

  scroll = gtk_event_controller_scroll_new(GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect(scroll, "scroll", G_CALLBACK(on_scroll), self);
  gtk_widget_add_controller(GTK_WIDGET(self->gl_area), scroll);

  pinch = gtk_gesture_zoom_new();
  g_signal_connect(pinch, "scale-changed", G_CALLBACK(on_pinch), self);
  g_signal_connect(pinch, "end", G_CALLBACK(on_pinch_end), self);
  gtk_widget_add_controller(GTK_WIDGET(self->gl_area), GTK_EVENT_CONTROLLER(pinch));

  self->tick_id = gtk_widget_add_tick_callback(GTK_WIDGET(self), on_tick, NULL, NULL);
}

/* ------------------------------------------------------------------ API */

GtkWidget *ct_heart_view_new(void)
{
  return g_object_new(CT_TYPE_HEART_VIEW, NULL);
}

void ct_heart_view_set_twin(CtHeartView *self, CtTwin *twin)
{
  g_return_if_fail(CT_IS_HEART_VIEW(self));
  g_return_if_fail(twin == NULL || CT_IS_TWIN(twin));
  if (!g_set_object(&self->twin, twin))
    return;
  /* The frames counted are this twin's. */
  self->n_frames_drawn = 0;
  /* Before the GL context exists the detail the heart needs is not known (reduced on a software
   * rasteriser): made at realize, the full 100k-triangle heart is never built where it would only
   * be thrown away (and its memory left in the heap). */
  if (self->renderer == NULL) {
    ct_mesh_free(&self->mesh);
    self->parametric = TRUE;
    self->mesh_deferred = TRUE;
  } else {
    rebuild_mesh(self);
  }
  update_segment_values(self);
  gtk_gl_area_queue_render(self->gl_area);
}

void ct_heart_view_set_worker(CtHeartView *self, CtSimWorker *worker)
{
  g_return_if_fail(CT_IS_HEART_VIEW(self));
  g_return_if_fail(worker == NULL || CT_IS_SIM_WORKER(worker));
  if (worker == self->worker)
    return;
  if (self->worker != NULL)
    g_clear_signal_handler(&self->beat_handler, self->worker);
  g_set_object(&self->worker, worker);
  if (worker != NULL)
    self->beat_handler = g_signal_connect_object(
        worker, "beat-ready", G_CALLBACK(update_segment_values), self, G_CONNECT_SWAPPED);
  self->last_tick_us = 0;
  self->animation_s = 0.0;
  self->drawn_lv_volume_ml = 0.0;
}

void ct_heart_view_set_colour_mode(CtHeartView *self, CtColourMode mode)
{
  g_return_if_fail(CT_IS_HEART_VIEW(self));
  self->mode = mode;
  update_segment_values(self);
  gtk_gl_area_queue_render(self->gl_area);
}

CtColourMode ct_heart_view_get_colour_mode(CtHeartView *self)
{
  g_return_val_if_fail(CT_IS_HEART_VIEW(self), CT_COLOUR_ANATOMY);
  return self->mode;
}

void ct_heart_view_set_leads(CtHeartView *self, int lv_segment, int rv_site)
{
  g_return_if_fail(CT_IS_HEART_VIEW(self));
  self->lv_lead_segment = lv_segment >= 1 && lv_segment <= CS_AHA_SEGMENTS ? lv_segment : 0;
  self->rv_site = rv_site;
  gtk_gl_area_queue_render(self->gl_area);
}

void ct_heart_view_set_cut_away(CtHeartView *self, gboolean cut_away)
{
  g_return_if_fail(CT_IS_HEART_VIEW(self));
  self->cut_away = cut_away;
  gtk_gl_area_queue_render(self->gl_area);
}

void ct_heart_view_show_view(CtHeartView *self, CtStandardView view)
{
  g_return_if_fail(CT_IS_HEART_VIEW(self));
  g_return_if_fail((int)view >= 0 && view < CT_VIEW_COUNT);
  self->standard_view = view;
  ct_camera_set_view(&self->camera, view);
  gtk_gl_area_queue_render(self->gl_area);
}

void ct_heart_view_reset(CtHeartView *self)
{
  g_return_if_fail(CT_IS_HEART_VIEW(self));
  ct_camera_reset(&self->camera);
  gtk_gl_area_queue_render(self->gl_area);
}

int ct_heart_view_get_hover_segment(CtHeartView *self)
{
  g_return_val_if_fail(CT_IS_HEART_VIEW(self), 0);
  return self->hover_segment;
}

int ct_heart_view_pick(CtHeartView *self, double x, double y)
{
  g_return_val_if_fail(CT_IS_HEART_VIEW(self), -1);
  return pick_at(self, x, y);
}

gboolean ct_heart_view_segment_point(CtHeartView *self, int segment, double *x, double *y)
{
  float centre[3], normal[3], pixel[2];
  int width = gtk_widget_get_width(GTK_WIDGET(self->gl_area));
  int height = gtk_widget_get_height(GTK_WIDGET(self->gl_area));

  g_return_val_if_fail(CT_IS_HEART_VIEW(self), FALSE);
  if (self->mesh.n_vertices == 0 || width <= 0 || height <= 0)
    return FALSE;
  if (!ct_heart_segment_centre(&self->mesh, &self->pose, segment, centre, normal) ||
      !ct_camera_project(&self->camera, centre, width, height, pixel))
    return FALSE;
  *x = pixel[0];
  *y = pixel[1];
  return TRUE;
}

static void on_mesh_imported(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  CtHeartView *self = g_task_get_source_object(task);
  CtMesh mesh = {0};
  CtChamberReference references[CT_CHAMBER_COUNT];
  GError *error = NULL;

  if (!ct_mesh_import_file_finish(result, &mesh, references, NULL, &error)) {
    g_task_return_error(task, error);
    return;
  }
  /* Disposed while the import ran: nothing to draw into any more. */
  if (self->gl_area == NULL) {
    ct_mesh_free(&mesh);
    g_task_return_new_error(task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                            _("The heart view was closed"));
    return;
  }
  install_mesh(self, &mesh, references);
  self->parametric = FALSE;
  g_task_return_boolean(task, TRUE);
}

void ct_heart_view_import_mesh_async(CtHeartView *self, const char *path, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task;

  g_return_if_fail(CT_IS_HEART_VIEW(self));
  g_return_if_fail(path != NULL);
  task = g_task_new(self, cancellable, callback, user_data);
  g_task_set_source_tag(task, ct_heart_view_import_mesh_async);
  ct_mesh_import_file_async(path, cancellable, on_mesh_imported, task);
}

gboolean ct_heart_view_import_mesh_finish(CtHeartView *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail(g_task_is_valid(result, self), FALSE);
  return g_task_propagate_boolean(G_TASK(result), error);
}

void ct_heart_view_use_parametric_heart(CtHeartView *self)
{
  g_return_if_fail(CT_IS_HEART_VIEW(self));
  rebuild_mesh(self);
}

double ct_heart_view_get_drawn_lv_volume_ml(CtHeartView *self)
{
  g_return_val_if_fail(CT_IS_HEART_VIEW(self), 0.0);
  return self->drawn_lv_volume_ml;
}

const GError *ct_heart_view_get_error(CtHeartView *self)
{
  g_return_val_if_fail(CT_IS_HEART_VIEW(self), NULL);
  return self->error;
}

void ct_heart_view_set_animation_speed(CtHeartView *self, double speed)
{
  g_return_if_fail(CT_IS_HEART_VIEW(self));
  g_return_if_fail(speed >= 0.0 && speed <= 10.0);
  self->animation_speed = speed;
}

guint ct_heart_view_get_n_frames_drawn(CtHeartView *self)
{
  g_return_val_if_fail(CT_IS_HEART_VIEW(self), 0);
  return self->n_frames_drawn;
}

void ct_heart_view_set_paused(CtHeartView *self, gboolean paused)
{
  g_return_if_fail(CT_IS_HEART_VIEW(self));
  self->paused = paused;
  gtk_gl_area_queue_render(self->gl_area);
}

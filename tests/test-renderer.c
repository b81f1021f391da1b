/* test-renderer.c — the 3D view's drawing, offscreen: render the test heart with a fixed camera,
 * read the pixels back, and check what each setting should change.
 *
 * Runs on any headless EGL with OpenGL 3.3 core (Mesa llvmpipe in CI); without one it says so in a
 * TAP skip line. CT_RENDER_SCREENSHOTS=DIR writes PNGs of the main views into DIR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "ct-camera.h"
#include "ct-gl-test-util.h"
#include "ct-palette.h"
#include "ct-renderer.h"
#include "ct-test-heart.h"

#define W 320
#define H 320

static CtGlTarget target;
static CtRenderer *renderer;
static CtMesh mesh;
static CtChamberReference refs[CT_CHAMBER_COUNT];
static CtMesh lv_mesh; /* the LV alone, for the bullseye view */
static CtChamberReference lv_refs[CT_CHAMBER_COUNT];
static const float background[3] = {0.0f, 0.0f, 0.0f};

typedef struct {
  uint8_t *rgba;
} Image;

static uint8_t *render(const CtCamera *camera)
{
  uint8_t *rgba = g_malloc((size_t)W * H * 4);
  float view[16], projection[16];

  ct_camera_view_matrix(camera, view);
  ct_camera_projection_matrix(camera, W, H, projection);
  ct_gl_target_bind(&target);
  ct_renderer_draw(renderer, view, projection, W, H);
  ct_gl_target_read(&target, rgba);
  g_assert_cmpint(glGetError(), ==, GL_NO_ERROR);
  return rgba;
}

static void screenshot(const char *name, const uint8_t *rgba)
{
  const char *dir = g_getenv("CT_RENDER_SCREENSHOTS");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return;
  path = g_build_filename(dir, name, NULL);
  g_assert_true(ct_png_write(path, rgba, W, H, &error));
  g_test_message("wrote %s", path);
}

static gboolean is_background(const uint8_t *p)
{
  return p[0] <= 1 && p[1] <= 1 && p[2] <= 1;
}

/* Non-background pixels in columns [x0, x1). */
static int coverage(const uint8_t *rgba, int x0, int x1)
{
  int n = 0;

  for (int y = 0; y < H; y++)
    for (int x = x0; x < x1; x++)
      n += !is_background(rgba + 4 * ((size_t)y * W + x));
  return n;
}

static const uint8_t *pixel(const uint8_t *rgba, const float px[2])
{
  int x = CLAMP((int)px[0], 0, W - 1), y = CLAMP((int)px[1], 0, H - 1);

  return rgba + 4 * ((size_t)y * W + x);
}

static double distance(const uint8_t *a, const uint8_t *b)
{
  double d = 0.0;

  for (int i = 0; i < 3; i++)
    d += ((double)a[i] - b[i]) * ((double)a[i] - b[i]);
  return sqrt(d);
}

static double lightness(const uint8_t *p)
{
  double lin[3], lab[3];

  for (int i = 0; i < 3; i++)
    lin[i] = ct_srgb_to_linear(p[i] / 255.0);
  ct_linear_srgb_to_cielab(lin, lab);
  return lab[0];
}

/* Where each AHA segment's middle lands on screen (the test heart, at end-diastole). */
static const double segment_theta[18] = {0,   90,  150, 210, 270, 330, 30,  90, 150,
                                         210, 270, 330, 30,  90,  180, 270, 0,  0};
static const double segment_level[18] = {0,   0.68, 0.68, 0.68, 0.68, 0.68, 0.68, 0.5,  0.5,
                                         0.5, 0.5,  0.5,  0.5,  0.28, 0.28, 0.28, 0.28, 0.0};

static void segment_pixel(const CtCamera *camera, int segment, float px[2])
{
  float p[3];

  g_assert_cmpint(ct_test_aha_segment(segment_theta[segment], segment_level[segment]), ==, segment);
  ct_test_lv_epi_point(segment_theta[segment], segment_level[segment], p);
  g_assert_true(ct_camera_project(camera, p, W, H, px));
}

static void bullseye_camera(CtCamera *camera)
{
  const float centre[3] = {0.0f, 0.0f, 35.0f};

  ct_camera_init(camera, centre, 40.0f, CT_VIEW_SHORT_AXIS);
}

static void heart_camera(CtCamera *camera, CtStandardView view)
{
  const float centre[3] = {-12.0f, 4.0f, 40.0f};

  ct_camera_init(camera, centre, 60.0f, view);
}

static void use_mesh(const CtMesh *m, const CtChamberReference *r, double lv_ml)
{
  g_autoptr(GError) error = NULL;
  CtHeartPose pose;

  g_assert_true(ct_renderer_set_mesh(renderer, m, &error));
  g_assert_no_error(error);
  ct_test_heart_pose(r, lv_ml, r[CT_CHAMBER_RV].cavity_volume_ml, &pose);
  ct_renderer_set_pose(renderer, &pose);
  ct_renderer_set_colour_mode(renderer, CT_COLOUR_ANATOMY);
  ct_renderer_set_highlight(renderer, 0);
  ct_renderer_set_leads(renderer, 0, NULL, NULL);
  ct_renderer_set_cut_plane(renderer, FALSE, NULL);
}

static void test_coverage(void)
{
  CtCamera camera;
  g_autofree uint8_t *diastole = NULL, *systole = NULL;
  double share_ed, share_es;

  use_mesh(&mesh, refs, refs[CT_CHAMBER_LV].cavity_volume_ml);
  heart_camera(&camera, CT_VIEW_ANTERIOR);
  diastole = render(&camera);
  screenshot("gl-anatomy-anterior.png", diastole);
  share_ed = coverage(diastole, 0, W) / (double)(W * H);
  g_test_message("end-diastole covers %.1f %% of the image", 100.0 * share_ed);
  g_assert_cmpfloat(share_ed, >, 0.10);
  g_assert_cmpfloat(share_ed, <, 0.70);

  /* End-systole: a third of the LV's volume left, the RV unchanged. */
  use_mesh(&mesh, refs, 0.35 * refs[CT_CHAMBER_LV].cavity_volume_ml);
  systole = render(&camera);
  share_es = coverage(systole, 0, W) / (double)(W * H);
  g_test_message("end-systole covers %.1f %%", 100.0 * share_es);
  g_assert_cmpfloat(share_es, <, share_ed - 0.01);
}

static void test_activation_map(void)
{
  CtCamera camera;
  float early_first[17], late_first[17], px[2];
  g_autofree uint8_t *a = NULL, *b = NULL;

  use_mesh(&lv_mesh, lv_refs, lv_refs[CT_CHAMBER_LV].cavity_volume_ml);
  bullseye_camera(&camera);
  /* Segment 1 earliest (0 ms) then 10 ms per segment; then the same reversed. */
  for (int i = 0; i < 17; i++) {
    early_first[i] = 10.0f * i;
    late_first[i] = 10.0f * (16 - i);
  }
  ct_renderer_set_colour_mode(renderer, CT_COLOUR_ACTIVATION);
  ct_renderer_set_segment_values(renderer, early_first, 0.0f, 160.0f);
  a = render(&camera);
  screenshot("gl-activation-bullseye.png", a);
  ct_renderer_set_segment_values(renderer, late_first, 0.0f, 160.0f);
  b = render(&camera);

  for (int s = 1; s <= 17; s++) {
    double value_a = early_first[s - 1], value_b = late_first[s - 1];
    const uint8_t *early, *late;

    if (fabs(value_a - value_b) < 100.0)
      continue;
    segment_pixel(&camera, s, px);
    early = pixel(value_a < value_b ? a : b, px);
    late = pixel(value_a < value_b ? b : a, px);
    g_test_message("segment %d early %u,%u,%u late %u,%u,%u", s, early[0], early[1], early[2],
                   late[0], late[1], late[2]);
    g_assert_cmpfloat(distance(early, late), >, 60.0);
    /* The palette's order: lightness rises with time, from blue-violet to yellow. */
    g_assert_cmpfloat(lightness(late), >, lightness(early) + 20.0);
    if (s == 1 || s == 17) {
      g_assert_cmpint(early[2], >, early[0]);
      g_assert_cmpint(late[2], <, late[1]);
    }
  }
}

static void test_scar_map(void)
{
  CtCamera camera;
  float none[17] = {0}, scar[17] = {0}, px[2];
  g_autofree uint8_t *a = NULL, *b = NULL;

  use_mesh(&lv_mesh, lv_refs, lv_refs[CT_CHAMBER_LV].cavity_volume_ml);
  bullseye_camera(&camera);
  scar[7 - 1] = 1.0f; /* transmural scar in the mid anterior segment */
  scar[4 - 1] = 0.5f;
  ct_renderer_set_colour_mode(renderer, CT_COLOUR_SCAR);
  ct_renderer_set_segment_values(renderer, none, 0.0f, 1.0f);
  a = render(&camera);
  ct_renderer_set_segment_values(renderer, scar, 0.0f, 1.0f);
  b = render(&camera);
  screenshot("gl-scar-bullseye.png", b);

  segment_pixel(&camera, 7, px);
  g_assert_cmpfloat(distance(pixel(a, px), pixel(b, px)), >, 60.0);
  g_assert_cmpfloat(lightness(pixel(b, px)), <, lightness(pixel(a, px)) - 30.0);
  segment_pixel(&camera, 4, px);
  g_assert_cmpfloat(distance(pixel(a, px), pixel(b, px)), >, 25.0);
  segment_pixel(&camera, 10, px);
  g_assert_cmpfloat(distance(pixel(a, px), pixel(b, px)), <, 3.0);
}

static void test_segment_colours(void)
{
  CtCamera camera;
  g_autofree uint8_t *a = NULL;
  const uint8_t *colours[18];
  double closest = 1e9;

  use_mesh(&lv_mesh, lv_refs, lv_refs[CT_CHAMBER_LV].cavity_volume_ml);
  bullseye_camera(&camera);
  ct_renderer_set_colour_mode(renderer, CT_COLOUR_SEGMENTS);
  a = render(&camera);
  screenshot("gl-segments-bullseye.png", a);
  for (int s = 1; s <= 17; s++) {
    float px[2];

    segment_pixel(&camera, s, px);
    colours[s] = pixel(a, px);
    g_assert_false(is_background(colours[s]));
  }
  for (int s = 1; s <= 17; s++)
    for (int t = s + 1; t <= 17; t++)
      closest = MIN(closest, distance(colours[s], colours[t]));
  g_test_message("closest pair of segment colours: %.1f (8-bit RGB distance)", closest);
  g_assert_cmpfloat(closest, >, 20.0);
}

static void test_highlight(void)
{
  CtCamera camera;
  float px[2];
  g_autofree uint8_t *a = NULL, *b = NULL;

  use_mesh(&lv_mesh, lv_refs, lv_refs[CT_CHAMBER_LV].cavity_volume_ml);
  bullseye_camera(&camera);
  a = render(&camera);
  ct_renderer_set_highlight(renderer, 8);
  b = render(&camera);
  screenshot("gl-highlight-bullseye.png", b);
  segment_pixel(&camera, 8, px);
  g_assert_cmpfloat(distance(pixel(a, px), pixel(b, px)), >, 40.0);
  g_assert_cmpfloat(lightness(pixel(b, px)), >, lightness(pixel(a, px)));
  segment_pixel(&camera, 11, px);
  g_assert_cmpfloat(distance(pixel(a, px), pixel(b, px)), <, 3.0);
}

static void test_cut_plane(void)
{
  CtCamera camera;
  const float lateral_half[4] = {1.0f, 0.0f, 0.0f, 0.0f}; /* cut where x > 0 */
  g_autofree uint8_t *a = NULL, *b = NULL;
  int right_before, right_after, left_before, left_after;

  use_mesh(&lv_mesh, lv_refs, lv_refs[CT_CHAMBER_LV].cavity_volume_ml);
  bullseye_camera(&camera);
  a = render(&camera);
  ct_renderer_set_cut_plane(renderer, TRUE, lateral_half);
  b = render(&camera);
  /* The bullseye view shows the lateral wall (+x) on the right. */
  right_before = coverage(a, W / 2 + 2, W);
  right_after = coverage(b, W / 2 + 2, W);
  left_before = coverage(a, 0, W / 2 - 2);
  left_after = coverage(b, 0, W / 2 - 2);
  g_test_message("right half %d -> %d pixels, left half %d -> %d", right_before, right_after,
                 left_before, left_after);
  g_assert_cmpint(right_before, >, W * H / 8);
  g_assert_cmpint(right_after, <, right_before / 50);
  g_assert_cmpint(left_after, >, left_before * 9 / 10);

  /* The anterior view of the whole heart, opened by a frontal cut: the insides show. */
  {
    const float front[4] = {0.0f, 1.0f, 0.0f, -4.0f}; /* cut where y > 4 mm */
    g_autofree uint8_t *c = NULL;

    use_mesh(&mesh, refs, refs[CT_CHAMBER_LV].cavity_volume_ml);
    ct_renderer_set_cut_plane(renderer, TRUE, front);
    heart_camera(&camera, CT_VIEW_LAO_40);
    c = render(&camera);
    screenshot("gl-cutaway-lao.png", c);
    g_assert_cmpint(coverage(c, 0, W), >, W * H / 20);
  }
}

static void test_leads(void)
{
  CtCamera camera;
  CtHeartPose pose;
  CtVertex lead;
  float tip[3], posed[3], px[2];
  g_autofree uint8_t *a = NULL;
  const uint8_t *p;

  /* The LV lead on the lateral mid wall, at end-systole: the GPU must move the marker where the
   * CPU moves that point of the wall. */
  use_mesh(&lv_mesh, lv_refs, 0.4 * lv_refs[CT_CHAMBER_LV].cavity_volume_ml);
  ct_test_heart_pose(lv_refs, 0.4 * lv_refs[CT_CHAMBER_LV].cavity_volume_ml,
                     lv_refs[CT_CHAMBER_RV].cavity_volume_ml, &pose);
  bullseye_camera(&camera);
  ct_test_lv_epi_point(0.0, 0.5, tip);
  ct_renderer_set_leads(renderer, 12, tip, NULL);
  a = render(&camera);
  screenshot("gl-lead-bullseye.png", a);
  memset(&lead, 0, sizeof lead);
  memcpy(lead.position, tip, sizeof tip);
  lead.chamber = CT_CHAMBER_LV;
  lead.depth = 1.0f;
  ct_vertex_posed_position(&lead, &pose, posed);
  g_assert_true(ct_camera_project(&camera, posed, W, H, px));
  p = pixel(a, px);
  g_test_message("LV lead marker pixel %u,%u,%u", p[0], p[1], p[2]);
  /* The marker is blue (0.20, 0.55, 0.95), the LV wall red-brown. */
  g_assert_cmpint(p[2], >, p[0] + 40);
}

/* Pictures for people (CT_RENDER_SCREENSHOTS=DIR): the view's own background, the whole test
 * heart with both leads, an activation map, and the apical four-chamber cut-away. */
static void test_screenshots(void)
{
  const char *dir = g_getenv("CT_RENDER_SCREENSHOTS");
  const float slate[3] = {0.145f, 0.155f, 0.175f}, rv_tip[3] = {-42.0f, 10.0f, 24.0f};
  const float four_chamber[4] = {0.0f, -1.0f, 0.0f, 0.0f}; /* cut where y < 0 (inferior) */
  float lv_tip[3], times[17];
  CtCamera camera;

  if (dir == NULL) {
    g_test_skip("CT_RENDER_SCREENSHOTS is not set");
    return;
  }
  ct_renderer_set_background(renderer, slate);
  use_mesh(&mesh, refs, refs[CT_CHAMBER_LV].cavity_volume_ml);
  ct_test_lv_epi_point(30.0, 0.5, lv_tip);
  ct_renderer_set_leads(renderer, 12, lv_tip, rv_tip);
  heart_camera(&camera, CT_VIEW_LAO_40);
  {
    g_autofree uint8_t *a = render(&camera);

    screenshot("gl-view-lao-leads.png", a);
  }
  /* Septum first, lateral wall last (as in left bundle branch block), apex to base. */
  for (int i = 0; i < 17; i++)
    times[i] = (float)(40.0 + 50.0 * cos((segment_theta[i + 1] - 180.0) * G_PI / 180.0) * -1.0 +
                       30.0 * segment_level[i + 1]);
  ct_renderer_set_colour_mode(renderer, CT_COLOUR_ACTIVATION);
  ct_renderer_set_segment_values(renderer, times, 0.0f, 120.0f);
  ct_renderer_set_highlight(renderer, 11);
  {
    g_autofree uint8_t *a = render(&camera);

    screenshot("gl-view-lao-activation.png", a);
  }
  ct_renderer_set_colour_mode(renderer, CT_COLOUR_ANATOMY);
  ct_renderer_set_highlight(renderer, 0);
  ct_renderer_set_cut_plane(renderer, TRUE, four_chamber);
  heart_camera(&camera, CT_VIEW_APICAL_4C);
  {
    g_autofree uint8_t *a = render(&camera);

    screenshot("gl-view-apical-4c-cutaway.png", a);
  }
  ct_renderer_set_background(renderer, background);
}

/* The tests' context is Mesa's llvmpipe in CI: there the renderer must say it draws in software
 * (the view then draws the reduced heart). On a GPU's driver it must say it does not; another
 * driver's name proves nothing either way. */
static void test_software(void)
{
  static const char *const gpus[] = {"nvidia", "amd", "radeon", "intel", "mali", "adreno", "apple"};
  g_autofree char *name = g_ascii_strdown((const char *)glGetString(GL_RENDERER), -1);

  g_test_message("GL_RENDERER: %s", name);
  if (strstr(name, "llvmpipe") != NULL) {
    g_assert_true(ct_renderer_is_software(renderer));
    return;
  }
  for (size_t i = 0; i < G_N_ELEMENTS(gpus); i++) {
    if (strstr(name, gpus[i]) != NULL) {
      g_assert_false(ct_renderer_is_software(renderer));
      return;
    }
  }
  g_test_skip("neither llvmpipe nor a known GPU driver");
}

static void test_gpu_pose_matches_cpu(void)
{
  g_autoptr(GError) error = NULL;
  CtHeartPose pose;
  g_autofree float *gpu = g_new(float, 3 * mesh.n_vertices);
  double worst = 0.0;
  const float axis[3] = {0.2f, -0.1f, 0.9746794f}; /* a tilted long axis, unit */

  g_assert_true(ct_renderer_set_mesh(renderer, &mesh, &error));
  ct_test_heart_pose(refs, 0.45 * refs[CT_CHAMBER_LV].cavity_volume_ml,
                     0.6 * refs[CT_CHAMBER_RV].cavity_volume_ml, &pose);
  memcpy(pose.chambers[CT_CHAMBER_LV].axis, axis, sizeof axis);
  pose.chambers[CT_CHAMBER_LV].origin[0] = 1.5f;
  ct_renderer_set_pose(renderer, &pose);
  g_assert_true(ct_renderer_capture_posed_positions(renderer, gpu, mesh.n_vertices, &error));
  g_assert_no_error(error);
  for (size_t i = 0; i < mesh.n_vertices; i++) {
    float cpu[3];

    ct_vertex_posed_position(&mesh.vertices[i], &pose, cpu);
    for (int k = 0; k < 3; k++)
      worst = MAX(worst, fabs(cpu[k] - gpu[3 * i + k]));
  }
  g_test_message("%zu vertices, largest GPU-CPU difference %.2g mm", mesh.n_vertices, worst);
  g_assert_cmpfloat(worst, <, 1e-3);
}

static void test_valve_opening(void)
{
  g_autoptr(GError) error = NULL;
  CtHeartPose pose;
  g_autofree float *gpu = g_new(float, 3 * mesh.n_vertices);
  int moved = 0;

  g_assert_true(ct_renderer_set_mesh(renderer, &mesh, &error));
  /* At reference volumes (identity scales) the open mitral leaflets fold into the annulus. */
  ct_test_heart_pose(refs, refs[CT_CHAMBER_LV].cavity_volume_ml,
                     refs[CT_CHAMBER_RV].cavity_volume_ml, &pose);
  pose.valve_opening[0] = 1.0f;
  ct_renderer_set_pose(renderer, &pose);
  g_assert_true(ct_renderer_capture_posed_positions(renderer, gpu, mesh.n_vertices, &error));
  for (size_t i = 0; i < mesh.n_vertices; i++) {
    const CtVertex *v = &mesh.vertices[i];
    double r;

    if (v->part != CT_PART_MITRAL_VALVE || v->valve == 0)
      continue;
    r = hypot(gpu[3 * i], gpu[3 * i + 1]);
    g_assert_cmpfloat(fabs(r - 23.0), <, 0.01);
    moved++;
  }
  g_assert_cmpint(moved, >, 0);
}

static void test_shader_errors(void)
{
  static const char *vertex_ok =
      "#version 330 core\n"
      "layout(location = 0) in vec3 a_position;\n"
      "out vec3 v_world;\n"
      "void main() { v_world = a_position; gl_Position = vec4(a_position, 1.0); }\n";
  static const char *fragment_ok = "#version 330 core\nout vec4 frag_colour;\n"
                                   "void main() { frag_colour = vec4(1.0); }\n";
  static const char *broken = "#version 330 core\nvoid main() { this is not glsl; }\n";
  /* Compiles, but a program needs a main(): the linker refuses it. */
  static const char *fragment_unlinked = "#version 330 core\nout vec4 frag_colour;\n"
                                         "void shade() { frag_colour = vec4(1.0); }\n";
  g_autoptr(GError) error = NULL;
  CtRenderer *r;

  r = ct_renderer_new_with_shaders(broken, fragment_ok, &error);
  g_assert_null(r);
  g_assert_error(error, CT_RENDER_ERROR, CT_RENDER_ERROR_SHADER_COMPILE);
  g_test_message("%s", error->message);
  g_assert_nonnull(strstr(error->message, "vertex shader"));
  /* The driver's info log is in the message: Mesa reports "0:2(...): error: ...". */
  g_assert_nonnull(strstr(error->message, "error"));
  g_clear_error(&error);

  r = ct_renderer_new_with_shaders(vertex_ok, broken, &error);
  g_assert_null(r);
  g_assert_error(error, CT_RENDER_ERROR, CT_RENDER_ERROR_SHADER_COMPILE);
  g_assert_nonnull(strstr(error->message, "fragment shader"));
  g_clear_error(&error);

  r = ct_renderer_new_with_shaders(vertex_ok, fragment_unlinked, &error);
  g_assert_null(r);
  g_assert_error(error, CT_RENDER_ERROR, CT_RENDER_ERROR_SHADER_LINK);
  g_test_message("%s", error->message);
  g_assert_cmpuint(strlen(error->message), >, strlen("The 3D view’s shaders did not link:\n"));
  g_clear_error(&error);

  r = ct_renderer_new_with_shaders(vertex_ok, fragment_ok, &error);
  g_assert_no_error(error);
  ct_renderer_free(r);
}

static void test_bad_mesh(void)
{
  g_autoptr(GError) error = NULL;
  CtVertex v[3];
  uint32_t indices[3] = {0, 1, 7};
  CtMesh bad = {v, 3, indices, 3};

  memset(v, 0, sizeof v);
  g_assert_false(ct_renderer_set_mesh(renderer, &bad, &error));
  g_assert_error(error, CT_RENDER_ERROR, CT_RENDER_ERROR_MESH);
}

/* --- the palettes, without GL ------------------------------------------------------------- */

/* Machado, Oliveira & Fernandes 2009, "A physiologically-based model for simulation of color
 * vision deficiency", IEEE TVCG 15(6): the severity 1.0 matrices, on linear RGB. */
static const double deuteranopia[3][3] = {{0.367322, 0.860646, -0.227968},
                                          {0.280085, 0.672501, 0.047413},
                                          {-0.011820, 0.042940, 0.968881}};
static const double protanopia[3][3] = {{0.152286, 1.052583, -0.204868},
                                        {0.114503, 0.786281, 0.099216},
                                        {-0.003882, -0.048116, 1.051998}};

static void lab_of(const uint8_t *rgb, const double (*cvd)[3], double lab[3])
{
  double lin[3], sim[3];

  for (int i = 0; i < 3; i++)
    lin[i] = ct_srgb_to_linear(rgb[i] / 255.0);
  for (int i = 0; i < 3; i++) {
    sim[i] = cvd == NULL ? lin[i] : cvd[i][0] * lin[0] + cvd[i][1] * lin[1] + cvd[i][2] * lin[2];
    sim[i] = CLAMP(sim[i], 0.0, 1.0);
  }
  ct_linear_srgb_to_cielab(sim, lab);
}

static double delta_e(const double a[3], const double b[3])
{
  return sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
              (a[2] - b[2]) * (a[2] - b[2]));
}

static void check_palette(CtPalette which, int direction)
{
  uint8_t lut[CT_PALETTE_SIZE * 3];
  const double(*const simulations[3])[3] = {NULL, deuteranopia, protanopia};
  double prev[3], first[3], last[3];

  ct_palette_fill(which, lut);
  /* Lightness monotone: no step against the direction beyond 8-bit rounding (0.25 L*), and at
   * least 1 L* gained over every 8 entries. */
  for (int i = 0; i < CT_PALETTE_SIZE; i++) {
    double lab[3];

    lab_of(lut + 3 * i, NULL, lab);
    if (i > 0)
      g_assert_cmpfloat(direction * (lab[0] - prev[0]), >, -0.25);
    if (i >= 8) {
      double back[3];

      lab_of(lut + 3 * (i - 8), NULL, back);
      g_assert_cmpfloat(direction * (lab[0] - back[0]), >, 1.0);
    }
    memcpy(prev, lab, sizeof prev);
  }
  /* Under deuteranopia and protanopia: 17 steps along the palette stay apart (ΔE*ab > 3), and its
   * ends are far apart. */
  for (int s = 0; s < 3; s++) {
    double closest = 1e9;

    for (int k = 0; k < 16; k++) {
      double a[3], b[3];

      lab_of(lut + 3 * (k * 255 / 16), simulations[s], a);
      lab_of(lut + 3 * ((k + 1) * 255 / 16), simulations[s], b);
      closest = MIN(closest, delta_e(a, b));
    }
    lab_of(lut, simulations[s], first);
    lab_of(lut + 3 * 255, simulations[s], last);
    g_test_message("palette %d, simulation %d: closest step %.1f, ends %.1f", which, s, closest,
                   delta_e(first, last));
    g_assert_cmpfloat(closest, >, 3.0);
    g_assert_cmpfloat(delta_e(first, last), >, 55.0);
  }
}

static void test_palette_activation(void)
{
  check_palette(CT_PALETTE_ACTIVATION, +1);
}

static void test_palette_scar(void)
{
  check_palette(CT_PALETTE_SCAR, -1);
}

static void test_palette_segments(void)
{
  float rgb[CT_N_SEGMENTS][3];
  double closest = 1e9;

  ct_palette_segments(rgb);
  for (int i = 0; i < CT_N_SEGMENTS; i++) {
    for (int j = i + 1; j < CT_N_SEGMENTS; j++) {
      uint8_t a[3], b[3];
      double la[3], lb[3];

      for (int k = 0; k < 3; k++) {
        a[k] = (uint8_t)lround(rgb[i][k] * 255.0f);
        b[k] = (uint8_t)lround(rgb[j][k] * 255.0f);
      }
      lab_of(a, NULL, la);
      lab_of(b, NULL, lb);
      closest = MIN(closest, delta_e(la, lb));
    }
  }
  g_test_message("closest pair of segment colours: ΔE*ab %.1f", closest);
  g_assert_cmpfloat(closest, >, 10.0);
}

/* --- the camera, without GL ---------------------------------------------------------------- */

/* A narrow, tall view (the 3D view beside the plots on a laptop) still frames the whole scene at
 * home: the scene's sphere projects inside the view across as well as up, and a ray through a
 * projected point comes back through it (picking agrees with drawing). */
static void test_camera_portrait(void)
{
  const float centre[3] = {0.0f, 0.0f, 40.0f};
  const int width = 300, height = 700;
  CtCamera camera;

  for (int view = 0; view < CT_VIEW_COUNT; view++) {
    ct_camera_init(&camera, centre, 60.0f, (CtStandardView)view);
    for (int axis = 0; axis < 3; axis++)
      for (int sign = -1; sign <= 1; sign += 2) {
        float point[3] = {centre[0], centre[1], centre[2]}, pixel[2], origin[3], direction[3];
        float to_point[3], along = 0.0f, off = 0.0f;

        point[axis] += (float)sign * 60.0f;
        g_assert_true(ct_camera_project(&camera, point, width, height, pixel));
        g_assert_cmpfloat(pixel[0], >=, 0.0f);
        g_assert_cmpfloat(pixel[0], <=, (float)width);
        g_assert_cmpfloat(pixel[1], >=, 0.0f);
        g_assert_cmpfloat(pixel[1], <=, (float)height);
        ct_camera_ray(&camera, pixel[0], pixel[1], width, height, origin, direction);
        for (int k = 0; k < 3; k++) {
          to_point[k] = point[k] - origin[k];
          along += to_point[k] * direction[k];
        }
        for (int k = 0; k < 3; k++)
          off += powf(to_point[k] - along * direction[k], 2.0f);
        g_assert_cmpfloat(sqrtf(off), <, 0.5f);
      }
  }
}

static void test_camera_views(void)
{
  const float centre[3] = {0.0f, 0.0f, 40.0f}, apex[3] = {0.0f, 0.0f, 0.0f},
              base[3] = {0.0f, 0.0f, 80.0f}, lateral[3] = {30.0f, 0.0f, 40.0f},
              septal[3] = {-30.0f, 0.0f, 40.0f}, anterior[3] = {0.0f, 30.0f, 40.0f};
  float pa[2], pb[2], pl[2], ps[2], pant[2], origin[3], dir[3], view[16];
  CtCamera camera;

  /* Anterior view: the apex points to the viewer's lower right (the patient's left), below the
   * base. */
  ct_camera_init(&camera, centre, 60.0f, CT_VIEW_ANTERIOR);
  ct_camera_project(&camera, apex, W, H, pa);
  ct_camera_project(&camera, base, W, H, pb);
  g_assert_cmpfloat(pa[0], >, pb[0]);
  g_assert_cmpfloat(pa[1], >, pb[1]);
  ct_camera_view_matrix(&camera, view);
  {
    /* The heart frame is left-handed in the body: the view has a reflection. */
    float det = view[0] * (view[5] * view[10] - view[9] * view[6]) -
                view[4] * (view[1] * view[10] - view[9] * view[2]) +
                view[8] * (view[1] * view[6] - view[5] * view[2]);

    g_assert_cmpfloat(det, <, -0.99f);
  }

  /* Short axis (bullseye): anterior up, lateral right, septum left. */
  ct_camera_set_view(&camera, CT_VIEW_SHORT_AXIS);
  ct_camera_project(&camera, lateral, W, H, pl);
  ct_camera_project(&camera, septal, W, H, ps);
  ct_camera_project(&camera, anterior, W, H, pant);
  g_assert_cmpfloat(pl[0], >, ps[0]);
  g_assert_cmpfloat(pant[1], <, H / 2.0f);

  /* Apical four-chamber: apex up, lateral (LV) right of the septum. */
  ct_camera_set_view(&camera, CT_VIEW_APICAL_4C);
  ct_camera_project(&camera, apex, W, H, pa);
  ct_camera_project(&camera, base, W, H, pb);
  ct_camera_project(&camera, lateral, W, H, pl);
  ct_camera_project(&camera, septal, W, H, ps);
  g_assert_cmpfloat(pa[1], <, pb[1]);
  g_assert_cmpfloat(pl[0], >, ps[0]);

  /* The ray through the centre pixel passes through the target; reset restores the home view. */
  ct_camera_orbit(&camera, 30.0f, 10.0f);
  ct_camera_zoom(&camera, 0.5f);
  ct_camera_pan(&camera, 20.0f, -10.0f, W, H);
  ct_camera_reset(&camera);
  ct_camera_ray(&camera, W / 2.0f, H / 2.0f, W, H, origin, dir);
  {
    float to[3] = {centre[0] - origin[0], centre[1] - origin[1], centre[2] - origin[2]};
    float along = to[0] * dir[0] + to[1] * dir[1] + to[2] * dir[2], miss = 0.0f;

    for (int k = 0; k < 3; k++)
      miss += (to[k] - along * dir[k]) * (to[k] - along * dir[k]);
    g_assert_cmpfloat(sqrtf(miss), <, 0.01f);
  }
  /* A pixel off-centre: its ray passes through the point that projects there. */
  ct_camera_orbit(&camera, 25.0f, -15.0f);
  ct_camera_project(&camera, lateral, W, H, pl);
  ct_camera_ray(&camera, pl[0], pl[1], W, H, origin, dir);
  {
    float to[3] = {lateral[0] - origin[0], lateral[1] - origin[1], lateral[2] - origin[2]};
    float along = to[0] * dir[0] + to[1] * dir[1] + to[2] * dir[2], miss = 0.0f;

    for (int k = 0; k < 3; k++)
      miss += (to[k] - along * dir[k]) * (to[k] - along * dir[k]);
    g_assert_cmpfloat(sqrtf(miss), <, 0.05f);
  }
}

int main(int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  CtGlContext *gl;
  int status;

  g_test_init(&argc, &argv, NULL);
  gl = ct_gl_context_new(&why);
  if (gl == NULL)
    ct_gl_skip_all(why);
  g_test_message("GL: %s", ct_gl_context_describe(gl));
  if (!ct_gl_target_init(&target, W, H, 4, &why))
    ct_gl_skip_all(why);
  renderer = ct_renderer_new(&error);
  g_assert_no_error(error);
  ct_renderer_set_background(renderer, background);
  ct_test_heart_mesh(96, 48, TRUE, &mesh, refs);
  ct_test_heart_mesh(96, 48, FALSE, &lv_mesh, lv_refs);

  g_test_add_func("/renderer/coverage", test_coverage);
  g_test_add_func("/renderer/activation-map", test_activation_map);
  g_test_add_func("/renderer/scar-map", test_scar_map);
  g_test_add_func("/renderer/segment-colours", test_segment_colours);
  g_test_add_func("/renderer/highlight", test_highlight);
  g_test_add_func("/renderer/cut-plane", test_cut_plane);
  g_test_add_func("/renderer/leads", test_leads);
  g_test_add_func("/renderer/screenshots", test_screenshots);
  g_test_add_func("/renderer/software", test_software);
  g_test_add_func("/renderer/gpu-pose-matches-cpu", test_gpu_pose_matches_cpu);
  g_test_add_func("/renderer/valve-opening", test_valve_opening);
  g_test_add_func("/renderer/shader-errors", test_shader_errors);
  g_test_add_func("/renderer/bad-mesh", test_bad_mesh);
  g_test_add_func("/palette/activation", test_palette_activation);
  g_test_add_func("/palette/scar", test_palette_scar);
  g_test_add_func("/palette/segments", test_palette_segments);
  g_test_add_func("/camera/views", test_camera_views);
  g_test_add_func("/camera/portrait", test_camera_portrait);
  status = g_test_run();

  ct_renderer_free(renderer);
  ct_mesh_free(&mesh);
  ct_mesh_free(&lv_mesh);
  ct_gl_target_clear(&target);
  ct_gl_context_free(gl);
  return status;
}

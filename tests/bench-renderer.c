/* bench-renderer.c — how fast the 3D view draws (DESIGN.md's contract: render_frame_ms ≤ 8 on
 * llvmpipe at 1280×800).
 *
 *   BENCH renderer_first_frame_ms  context, shaders, upload and the first frame, until its pixels
 *                  are done (the application's first_frame_ms, from launch, is tests/bench-app.c)
 *   BENCH render_frame_ms  median of 100 frames of the beating parametric heart (the default
 *                          adult geometry of ct-heart-mesh.c, ~100k triangles) at 1280×800 with
 *                          4× MSAA, each waited for with glFinish
 *   BENCH render_frame_reduced_ms  the same frames of the same heart at CT_HEART_DETAIL_REDUCED
 *                          (the detail the view draws on a software rasteriser,
 *                          ct_renderer_is_software), its triangle count in a comment line
 *   BENCH render_frame_view_ms  what the view (ct-heart-view.c) draws on this machine: on a
 *                          software rasteriser the reduced heart without multisampling (llvmpipe
 *                          takes its multisample path for any multisampled target); printed on a
 *                          software rasteriser only: on a GPU the view draws what render_frame_ms
 *                          measures, the full heart with 4x MSAA
 *
 * Run: meson test -C build --benchmark -v bench-renderer
 * A comment line gives the process's resident memory after the frames and how much of it is the GL
 * driver's libraries (ct_gl_driver_libraries): the driver's share of the application's rss_mb
 * (tests/bench-app-memory.c), measured where the application itself cannot run (a GPU machine
 * without a display).
 * To see where the time goes: CT_BENCH_SAMPLES (default 4), and CT_BENCH_AROUND (points around a
 * ring of the tests' simple two-chamber heart instead: 192 gives ~150k triangles, 48 ~10k).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ct-camera.h"
#include "ct-gl-test-util.h"
#include "ct-heart-mesh.h"
#include "ct-renderer.h"
#include "ct-test-heart.h"

#define WIDTH    1280
#define HEIGHT   800
#define N_FRAMES 100

static int compare_doubles(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/* Times N_FRAMES frames of one beat of the mesh that @renderer holds (@refs its references),
 * each frame waited for with glFinish; prints the median as BENCH @name and its spread. */
static void bench_frames(const char *name, CtRenderer *renderer, const CtGlTarget *target,
                         const CtChamberReference refs[CT_CHAMBER_COUNT], const float view[16],
                         const float projection[16])
{
  double times_ms[N_FRAMES];
  CtHeartPose pose;

  for (int i = 0; i < N_FRAMES; i++) {
    /* One beat over the frames: the LV between 100 % and 40 % of its reference volume. */
    double phase = 0.5 - 0.5 * cos(2.0 * G_PI * i / N_FRAMES);
    gint64 t0;

    ct_test_heart_pose(refs, (1.0 - 0.6 * phase) * refs[CT_CHAMBER_LV].cavity_volume_ml,
                       (1.0 - 0.5 * phase) * refs[CT_CHAMBER_RV].cavity_volume_ml, &pose);
    pose.valve_opening[0] = (float)(1.0 - phase);
    t0 = g_get_monotonic_time();
    ct_gl_target_bind(target);
    ct_renderer_set_pose(renderer, &pose);
    ct_renderer_draw(renderer, view, projection, WIDTH, HEIGHT);
    glFinish();
    times_ms[i] = (g_get_monotonic_time() - t0) / 1000.0;
  }
  qsort(times_ms, N_FRAMES, sizeof times_ms[0], compare_doubles);
  printf("BENCH %s %.2f ms\n", name, times_ms[N_FRAMES / 2]);
  printf("# frame time p10 %.2f ms, p90 %.2f ms\n", times_ms[N_FRAMES / 10],
         times_ms[N_FRAMES * 9 / 10]);
}

int main(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  CtChamberReference refs[CT_CHAMBER_COUNT], reduced_refs[CT_CHAMBER_COUNT];
  CtMesh mesh, reduced = {0};
  CtHeartPose pose;
  CtCamera camera;
  CtGlTarget target;
  CtGlContext *gl;
  CtRenderer *renderer;
  const float centre[3] = {-12.0f, 4.0f, 50.0f};
  float view[16], projection[16];
  gint64 start;
  uint8_t pixel[4];

  /* The mesh is the geometry room's work (mesh_generate_ms), not the first frame's. */
  const char *samples_env = g_getenv("CT_BENCH_SAMPLES"), *around_env = g_getenv("CT_BENCH_AROUND");
  int samples = samples_env != NULL ? atoi(samples_env) : 4;
  int around = around_env != NULL ? MAX(atoi(around_env), 8) : 192;

  if (around_env != NULL) {
    ct_test_heart_mesh(around, around * 100 / 192, TRUE, &mesh, refs);
  } else {
    CtHeartGeometry geometry = ct_heart_geometry_default();

    if (ct_heart_mesh_generate(&geometry, &mesh, refs) != 0 ||
        ct_heart_mesh_generate_detailed(&geometry, CT_HEART_DETAIL_REDUCED, &reduced,
                                        reduced_refs) != 0)
      g_error("the default heart geometry does not generate");
  }
  ct_camera_init(&camera, centre, 60.0f, CT_VIEW_LAO_40);
  ct_camera_view_matrix(&camera, view);
  ct_camera_projection_matrix(&camera, WIDTH, HEIGHT, projection);

  start = g_get_monotonic_time();
  gl = ct_gl_context_new(&why);
  if (gl == NULL)
    ct_gl_skip_all(why);
  if (!ct_gl_target_init(&target, WIDTH, HEIGHT, samples, &why))
    ct_gl_skip_all(why);
  renderer = ct_renderer_new(&error);
  if (renderer == NULL) {
    g_printerr("%s\n", error->message);
    return 1;
  }
  if (!ct_renderer_set_mesh(renderer, &mesh, &error)) {
    g_printerr("%s\n", error->message);
    return 1;
  }
  ct_test_heart_pose(refs, refs[CT_CHAMBER_LV].cavity_volume_ml,
                     refs[CT_CHAMBER_RV].cavity_volume_ml, &pose);
  ct_renderer_set_pose(renderer, &pose);
  ct_renderer_draw(renderer, view, projection, WIDTH, HEIGHT);
  /* Reading one pixel back waits for the frame to be drawn and resolved. */
  glBindFramebuffer(GL_READ_FRAMEBUFFER, target.msaa_fbo);
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, target.resolve_fbo);
  glBlitFramebuffer(0, 0, WIDTH, HEIGHT, 0, 0, WIDTH, HEIGHT, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, target.resolve_fbo);
  glReadPixels(WIDTH / 2, HEIGHT / 2, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, pixel);
  printf("# %s, %zu triangles, %dx%d, %dx MSAA\n", ct_gl_context_describe(gl), mesh.n_indices / 3,
         WIDTH, HEIGHT, samples);
  printf("BENCH renderer_first_frame_ms %.1f ms\n", (g_get_monotonic_time() - start) / 1000.0);

  ct_renderer_set_colour_mode(renderer, CT_COLOUR_ACTIVATION);
  bench_frames("render_frame_ms", renderer, &target, refs, view, projection);

  /* The reduced level of the same heart (the test heart of CT_BENCH_AROUND has none). */
  if (reduced.n_indices > 0) {
    if (!ct_renderer_set_mesh(renderer, &reduced, &error)) {
      g_printerr("%s\n", error->message);
      return 1;
    }
    printf("# reduced: %zu triangles, software rasteriser: %s\n", reduced.n_indices / 3,
           ct_renderer_is_software(renderer) ? "yes" : "no");
    bench_frames("render_frame_reduced_ms", renderer, &target, reduced_refs, view, projection);
    if (ct_renderer_is_software(renderer)) {
      CtGlTarget plain;

      if (!ct_gl_target_init(&plain, WIDTH, HEIGHT, 0, &why))
        g_error("no framebuffer without multisampling: %s", why);
      bench_frames("render_frame_view_ms", renderer, &plain, reduced_refs, view, projection);
      ct_gl_target_clear(&plain);
    }
  }

  printf(
      "# resident memory after the frames: %.0f MB, of which the GL driver's libraries %.0f MB\n",
      ct_mapped_resident_kb(NULL) / 1024.0, ct_mapped_resident_kb(ct_gl_driver_libraries) / 1024.0);

  ct_renderer_free(renderer);
  ct_gl_target_clear(&target);
  ct_gl_context_free(gl);
  ct_mesh_free(&mesh);
  ct_mesh_free(&reduced);
  return 0;
}

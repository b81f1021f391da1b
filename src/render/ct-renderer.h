/* ct-renderer.h — draws the heart scene with OpenGL 3.3 core into whatever framebuffer is bound.
 *
 * Knows GL (through libepoxy), never widgets: CtHeartView calls it between realize and unrealize
 * with its GtkGLArea's context current; the tests call it on a headless EGL context and read the
 * pixels back. Every function needs the context that ct_renderer_new() was called with to be
 * current.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ct-mesh.h"

G_BEGIN_DECLS

#define CT_RENDER_ERROR (ct_render_error_quark())
GQuark ct_render_error_quark(void);

typedef enum {
  CT_RENDER_ERROR_CONTEXT,         /* no GL 3.3 core context, or it lacks what we need */
  CT_RENDER_ERROR_SHADER_COMPILE,  /* the message carries the driver's info log */
  CT_RENDER_ERROR_SHADER_LINK,     /* idem */
  CT_RENDER_ERROR_SHADER_RESOURCE, /* the bundled shader text is missing */
  CT_RENDER_ERROR_MESH,            /* the mesh cannot be drawn (indices out of range, too big) */
} CtRenderError;

typedef enum {
  CT_COLOUR_ANATOMY = 0, /* anatomical colours per part */
  CT_COLOUR_ACTIVATION,  /* activation time per AHA segment, ms (palette CT_PALETTE_ACTIVATION) */
  CT_COLOUR_SCAR,        /* scar transmurality per AHA segment, 0..1 (palette CT_PALETTE_SCAR) */
  CT_COLOUR_SEGMENTS,    /* one colour per AHA segment (ct_palette_segments) */
} CtColourMode;

typedef struct _CtRenderer CtRenderer;

/* Compiles the bundled shaders (GResource /org/cardiotwin/CardioTwin/shaders/) and creates the GL
 * objects; a failure is a CT_RENDER_ERROR whose message carries the GL info log. */
CtRenderer *ct_renderer_new(GError **error);
/* The same with given shader sources (tests of the error path; shader development). The vertex
 * shader must write the output v_world (captured by ct_renderer_capture_posed_positions). */
CtRenderer *ct_renderer_new_with_shaders(const char *vertex_src, const char *fragment_src,
                                         GError **error);
/* Deletes the GL objects: call with the context current. */
void ct_renderer_free(CtRenderer *renderer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CtRenderer, ct_renderer_free)

/* TRUE when the context draws in software (GL_RENDERER names llvmpipe, softpipe, swrast or a
 * "Software Rasterizer"), as read when @renderer was created. Software rasterisers pay per
 * triangle: at 4x MSAA llvmpipe spends ~42 ms on the ~100k-triangle parametric heart at
 * 1280x800, against a budget of 8 ms, so the view picks CT_HEART_DETAIL_REDUCED there
 * (ct-heart-mesh.h), ~1/5 of the triangles, and the full scene on GPUs. */
gboolean ct_renderer_is_software(CtRenderer *renderer);

/* The same test on the current context, without a renderer: for a program deciding how to draw
 * before it draws anything. FALSE without a current context. */
gboolean ct_gl_current_context_is_software(void);

/* Uploads @mesh (copied to the GPU; the caller keeps it). Also measures each valve's annulus for
 * the leaflets' motion. */
gboolean ct_renderer_set_mesh(CtRenderer *renderer, const CtMesh *mesh, GError **error);
void ct_renderer_set_pose(CtRenderer *renderer, const CtHeartPose *pose);
void ct_renderer_set_colour_mode(CtRenderer *renderer, CtColourMode mode);
/* The per-segment values of the activation (ms) or scar (0..1) map, values[i] for AHA segment
 * i + 1; NAN where there is no value. @min maps to the palette's first colour, @max to its last. */
void ct_renderer_set_segment_values(CtRenderer *renderer, const float values[17], float min,
                                    float max);
/* The AHA segment under the pointer (1..17), 0 for none. */
void ct_renderer_set_highlight(CtRenderer *renderer, int segment);
/* The LV lead's AHA segment (striped; 0 none) and the two leads' tips, as points of the reference
 * geometry (heart frame, mm): the LV lead on the LV epicardium (a coronary vein), the RV lead on
 * the RV endocardium. Each moves with its chamber; NULL hides a marker. */
void ct_renderer_set_leads(CtRenderer *renderer, int lv_segment, const float lv_pos[3],
                           const float rv_pos[3]);
/* Cuts away the part of the scene where dot(plane.xyz, p) + plane[3] > 0 (heart frame, mm),
 * showing the walls' insides in a flat interior colour. */
void ct_renderer_set_cut_plane(CtRenderer *renderer, gboolean enabled, const float plane[4]);
/* The clear colour (sRGB, 0..1). */
void ct_renderer_set_background(CtRenderer *renderer, const float rgb[3]);

/* Clears and draws the scene into the bound framebuffer's @width x @height viewport. @view and
 * @projection are column-major (ct_camera_view_matrix, ct_camera_projection_matrix). */
void ct_renderer_draw(CtRenderer *renderer, const float view[16], const float projection[16],
                      int width, int height);

/* The posed position of every vertex of the mesh as the vertex shader computes it (transform
 * feedback), @out holding 3 floats per vertex of the mesh; for picking on the moving heart and for
 * the tests. */
gboolean ct_renderer_capture_posed_positions(CtRenderer *renderer, float *out, size_t n_vertices,
                                             GError **error);

G_END_DECLS

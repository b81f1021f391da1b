/* ct-gl-test-util.h — headless OpenGL for the render room's tests and benchmarks.
 *
 * A GL 3.3 core context from EGL without any window system (Mesa's surfaceless platform, or an
 * EGL device such as a GPU's), made current without a surface; a multisampled framebuffer that
 * resolves into a plain one for glReadPixels; PNG files of what was drawn; how much of the
 * process's memory is the GL driver's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <epoxy/gl.h>
#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef struct _CtGlContext CtGlContext;

/* A current GL 3.3 core context, or NULL with @why set (no EGL, no such context). */
CtGlContext *ct_gl_context_new(char **why);
void ct_gl_context_free(CtGlContext *context);
/* "renderer (version)" of the current context. */
const char *ct_gl_context_describe(CtGlContext *context);

/* The TAP way out of a test program without GL: prints "1..0 # SKIP ..." and exits 0. */
G_NORETURN void ct_gl_skip_all(const char *why);

typedef struct {
  int width, height, samples;
  GLuint msaa_fbo, msaa_colour, msaa_depth;
  GLuint resolve_fbo, resolve_colour;
} CtGlTarget;

/* A @width x @height framebuffer with @samples samples (0: single-sampled), bound for drawing. */
gboolean ct_gl_target_init(CtGlTarget *target, int width, int height, int samples, char **why);
void ct_gl_target_bind(const CtGlTarget *target);
/* Resolves and reads the image: RGBA, 8 bits each, top row first. */
void ct_gl_target_read(const CtGlTarget *target, uint8_t *rgba);
void ct_gl_target_clear(CtGlTarget *target);

/* Writes an RGBA image (top row first) as a PNG (stored, uncompressed deflate). */
gboolean ct_png_write(const char *path, const uint8_t *rgba, int width, int height, GError **error);

/* The libraries of a GL driver, as parts of their paths: Mesa's (llvmpipe's LLVM, the DRI and
 * gallium drivers, the GL dispatch, its EGL and GLX vendor libraries) and NVIDIA's (libnvidia-glcore and the rest, its EGL and GLX
 * vendor libraries). NULL-terminated, for ct_mapped_resident_kb. */
extern const char *const ct_gl_driver_libraries[];

/* The resident kB of this process's mappings whose path contains one of @needles
 * (NULL-terminated), from /proc/self/smaps; of every mapping when @needles is NULL. -1 when
 * smaps cannot be read. */
double ct_mapped_resident_kb(const char *const *needles);

G_END_DECLS

/* ct-gl-test-util.c — headless OpenGL for the tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-gl-test-util.h"

#include <epoxy/egl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct _CtGlContext {
  EGLDisplay display;
  EGLContext context;
  char *description;
};

static const EGLint context_attributes[] = {
    EGL_CONTEXT_MAJOR_VERSION,
    3,
    EGL_CONTEXT_MINOR_VERSION,
    3,
    EGL_CONTEXT_OPENGL_PROFILE_MASK,
    EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
    EGL_NONE,
};

/* A display without a window system: Mesa's surfaceless platform first (llvmpipe or a GPU's Mesa
 * driver), then the first EGL device (NVIDIA's driver, headless). */
static EGLDisplay headless_display(void)
{
  EGLDisplay display = EGL_NO_DISPLAY;

  if (epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_MESA_platform_surfaceless"))
    display = eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
  if (display != EGL_NO_DISPLAY && eglInitialize(display, NULL, NULL))
    return display;
  if (epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_EXT_device_enumeration") &&
      epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_EXT_platform_device")) {
    EGLDeviceEXT devices[8];
    EGLint n = 0;

    if (eglQueryDevicesEXT(8, devices, &n)) {
      for (EGLint i = 0; i < n; i++) {
        display = eglGetPlatformDisplayEXT(EGL_PLATFORM_DEVICE_EXT, devices[i], NULL);
        if (display != EGL_NO_DISPLAY && eglInitialize(display, NULL, NULL))
          return display;
      }
    }
  }
  return EGL_NO_DISPLAY;
}

CtGlContext *ct_gl_context_new(char **why)
{
  EGLDisplay display;
  EGLContext context;
  EGLConfig config = NULL;
  CtGlContext *gl;

  display = headless_display();
  if (display == EGL_NO_DISPLAY) {
    *why = g_strdup("no headless EGL display (surfaceless or device platform)");
    return NULL;
  }
  if (!eglBindAPI(EGL_OPENGL_API)) {
    *why = g_strdup("EGL cannot bind the desktop OpenGL API");
    eglTerminate(display);
    return NULL;
  }
  if (!epoxy_has_egl_extension(display, "EGL_KHR_no_config_context")) {
    static const EGLint config_attributes[] = {
        EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_NONE,
    };
    EGLint n = 0;

    if (!eglChooseConfig(display, config_attributes, &config, 1, &n) || n < 1) {
      *why = g_strdup("no EGL config for desktop OpenGL");
      eglTerminate(display);
      return NULL;
    }
  }
  context = eglCreateContext(display, config, EGL_NO_CONTEXT, context_attributes);
  if (context == EGL_NO_CONTEXT) {
    *why = g_strdup_printf("no OpenGL 3.3 core context (EGL error 0x%x)", eglGetError());
    eglTerminate(display);
    return NULL;
  }
  if (!eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context)) {
    *why = g_strdup_printf("cannot make the context current without a surface (EGL error 0x%x)",
                           eglGetError());
    eglDestroyContext(display, context);
    eglTerminate(display);
    return NULL;
  }
  gl = g_new0(CtGlContext, 1);
  gl->display = display;
  gl->context = context;
  gl->description = g_strdup_printf("%s (%s)", (const char *)glGetString(GL_RENDERER),
                                    (const char *)glGetString(GL_VERSION));
  return gl;
}

void ct_gl_context_free(CtGlContext *gl)
{
  if (gl == NULL)
    return;
  eglMakeCurrent(gl->display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  eglDestroyContext(gl->display, gl->context);
  eglTerminate(gl->display);
  g_free(gl->description);
  g_free(gl);
}

const char *ct_gl_context_describe(CtGlContext *gl)
{
  return gl->description;
}

void ct_gl_skip_all(const char *why)
{
  printf("1..0 # SKIP no EGL/GL 3.3: %s\n", why);
  fflush(stdout);
  exit(0);
}

gboolean ct_gl_target_init(CtGlTarget *t, int width, int height, int samples, char **why)
{
  memset(t, 0, sizeof *t);
  t->width = width;
  t->height = height;
  t->samples = samples;

  glGenFramebuffers(1, &t->resolve_fbo);
  glBindFramebuffer(GL_FRAMEBUFFER, t->resolve_fbo);
  glGenRenderbuffers(1, &t->resolve_colour);
  glBindRenderbuffer(GL_RENDERBUFFER, t->resolve_colour);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER,
                            t->resolve_colour);
  if (samples == 0) {
    /* Single-sampled: draw straight into the resolve target, with its own depth buffer. */
    glGenRenderbuffers(1, &t->msaa_depth);
    glBindRenderbuffer(GL_RENDERBUFFER, t->msaa_depth);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, width, height);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, t->msaa_depth);
  }
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    *why = g_strdup("the resolve framebuffer is incomplete");
    return FALSE;
  }
  if (samples > 0) {
    glGenFramebuffers(1, &t->msaa_fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, t->msaa_fbo);
    glGenRenderbuffers(1, &t->msaa_colour);
    glBindRenderbuffer(GL_RENDERBUFFER, t->msaa_colour);
    glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_RGBA8, width, height);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER,
                              t->msaa_colour);
    glGenRenderbuffers(1, &t->msaa_depth);
    glBindRenderbuffer(GL_RENDERBUFFER, t->msaa_depth);
    glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_DEPTH_COMPONENT24, width, height);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, t->msaa_depth);
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
      *why = g_strdup_printf("the %dx multisampled framebuffer is incomplete", samples);
      return FALSE;
    }
  } else {
    t->msaa_fbo = t->resolve_fbo;
  }
  glBindRenderbuffer(GL_RENDERBUFFER, 0);
  ct_gl_target_bind(t);
  return TRUE;
}

void ct_gl_target_bind(const CtGlTarget *t)
{
  glBindFramebuffer(GL_FRAMEBUFFER, t->msaa_fbo);
}

void ct_gl_target_read(const CtGlTarget *t, uint8_t *rgba)
{
  size_t row = (size_t)t->width * 4;
  g_autofree uint8_t *tmp = g_malloc(row);

  if (t->samples > 0) {
    glBindFramebuffer(GL_READ_FRAMEBUFFER, t->msaa_fbo);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, t->resolve_fbo);
    glBlitFramebuffer(0, 0, t->width, t->height, 0, 0, t->width, t->height, GL_COLOR_BUFFER_BIT,
                      GL_NEAREST);
  }
  glBindFramebuffer(GL_READ_FRAMEBUFFER, t->resolve_fbo);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, t->width, t->height, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  /* GL's rows start at the bottom; images start at the top. */
  for (int y = 0; y < t->height / 2; y++) {
    uint8_t *a = rgba + (size_t)y * row, *b = rgba + (size_t)(t->height - 1 - y) * row;

    memcpy(tmp, a, row);
    memcpy(a, b, row);
    memcpy(b, tmp, row);
  }
  ct_gl_target_bind(t);
}

void ct_gl_target_clear(CtGlTarget *t)
{
  if (t->msaa_fbo != t->resolve_fbo)
    glDeleteFramebuffers(1, &t->msaa_fbo);
  glDeleteFramebuffers(1, &t->resolve_fbo);
  glDeleteRenderbuffers(1, &t->msaa_colour);
  glDeleteRenderbuffers(1, &t->msaa_depth);
  glDeleteRenderbuffers(1, &t->resolve_colour);
  memset(t, 0, sizeof *t);
}

/* --- PNG (ISO/IEC 15948): one IDAT of stored deflate blocks, CRC-32 and Adler-32 by hand. */

static uint32_t crc32_update(uint32_t crc, const uint8_t *data, size_t n)
{
  static uint32_t table[256];
  static gboolean ready = FALSE;

  if (!ready) {
    for (uint32_t i = 0; i < 256; i++) {
      uint32_t c = i;

      for (int k = 0; k < 8; k++)
        c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      table[i] = c;
    }
    ready = TRUE;
  }
  crc = ~crc;
  for (size_t i = 0; i < n; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

static void put_be32(GByteArray *out, uint32_t v)
{
  uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};

  g_byte_array_append(out, b, 4);
}

static void put_chunk(GByteArray *out, const char *type, const uint8_t *data, size_t n)
{
  uint32_t crc;

  put_be32(out, (uint32_t)n);
  g_byte_array_append(out, (const uint8_t *)type, 4);
  if (n > 0)
    g_byte_array_append(out, data, (guint)n);
  crc = crc32_update(0, (const uint8_t *)type, 4);
  crc = crc32_update(crc, data, n);
  put_be32(out, crc);
}

gboolean ct_png_write(const char *path, const uint8_t *rgba, int width, int height, GError **error)
{
  static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  g_autoptr(GByteArray) png = g_byte_array_new();
  g_autoptr(GByteArray) raw = g_byte_array_new();
  g_autoptr(GByteArray) z = g_byte_array_new();
  uint8_t ihdr[13] = {0}, zlib_header[2] = {0x78, 0x01};
  uint32_t a = 1, b = 0;
  size_t row = (size_t)width * 4;

  for (int y = 0; y < height; y++) {
    uint8_t filter = 0;

    g_byte_array_append(raw, &filter, 1);
    g_byte_array_append(raw, rgba + (size_t)y * row, (guint)row);
  }
  /* zlib stream of stored blocks (at most 65535 bytes each). */
  g_byte_array_append(z, zlib_header, 2);
  for (size_t off = 0; off < raw->len || off == 0;) {
    size_t n = MIN((size_t)65535, raw->len - off);
    uint8_t header[5] = {(uint8_t)(off + n >= raw->len), (uint8_t)n, (uint8_t)(n >> 8), (uint8_t)~n,
                         (uint8_t)(~n >> 8)};

    g_byte_array_append(z, header, 5);
    g_byte_array_append(z, raw->data + off, (guint)n);
    off += n;
    if (n == 0)
      break;
  }
  for (guint i = 0; i < raw->len; i++) {
    a = (a + raw->data[i]) % 65521;
    b = (b + a) % 65521;
  }
  put_be32(z, (b << 16) | a);

  g_byte_array_append(png, signature, 8);
  ihdr[0] = (uint8_t)(width >> 24);
  ihdr[1] = (uint8_t)(width >> 16);
  ihdr[2] = (uint8_t)(width >> 8);
  ihdr[3] = (uint8_t)width;
  ihdr[4] = (uint8_t)(height >> 24);
  ihdr[5] = (uint8_t)(height >> 16);
  ihdr[6] = (uint8_t)(height >> 8);
  ihdr[7] = (uint8_t)height;
  ihdr[8] = 8; /* bit depth */
  ihdr[9] = 6; /* RGBA */
  put_chunk(png, "IHDR", ihdr, 13);
  put_chunk(png, "IDAT", z->data, z->len);
  put_chunk(png, "IEND", NULL, 0);
  return g_file_set_contents(path, (const char *)png->data, png->len, error);
}

const char *const ct_gl_driver_libraries[] = {
    "libLLVM",    "/dri/",         "libgallium",    "libglapi", "libEGL_mesa", "libGLX_mesa",
    "libnvidia-", "libGLX_nvidia", "libEGL_nvidia", "libcuda",  NULL,
};

double ct_mapped_resident_kb(const char *const *needles)
{
  g_autofree char *smaps = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean counting = FALSE;
  double kb = 0.0;

  if (!g_file_get_contents("/proc/self/smaps", &smaps, NULL, NULL))
    return -1.0;
  lines = g_strsplit(smaps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++) {
    /* A mapping's first line starts with its address range, in lower-case hex; the lines of its
     * figures start with a capitalised name ending in ':'. */
    if (g_ascii_isxdigit(lines[i][0]) && strchr(lines[i], '-') != NULL &&
        !g_str_has_suffix(lines[i], ":")) {
      counting = needles == NULL;
      for (guint n = 0; needles != NULL && needles[n] != NULL && !counting; n++)
        counting = strstr(lines[i], needles[n]) != NULL;
    } else if (counting && g_str_has_prefix(lines[i], "Rss:")) {
      kb += g_ascii_strtod(lines[i] + 4, NULL);
    }
  }
  return kb;
}

/* ct-renderer.c — the heart scene in OpenGL 3.3 core.
 *
 * One program draws both the heart (indexed triangles of CtVertex, posed in the vertex shader)
 * and the lead markers (a unit sphere placed by uniforms). Uniforms hold the whole per-frame
 * state, so nothing is re-uploaded while the heart beats.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-renderer.h"

#include <epoxy/gl.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "ct-palette.h"
#include "ct-render-resources.h"

#define SHADER_PREFIX "/org/cardiotwin/CardioTwin/shaders/"
#define N_VALVES      4
#define NO_VALUE      (-1e30f)

G_DEFINE_QUARK(ct - render - error - quark, ct_render_error)

/* Anatomical colours (sRGB), per CtPart: myocardium a muted red-brown, lighter for the thin RV
 * and atria; the right heart's vessels blue and the left heart's red, as in anatomy atlases;
 * coronaries golden like the epicardial fat they run in; valves ivory. The last entry, a neutral
 * grey, is for any other part: what no name labels in an imported mesh (CT_PART_UNLABELLED,
 * ct-mesh-import.h). */
static const float part_colours[CT_PART_COUNT + 1][3] = {
    [CT_PART_LV] = {0.70f, 0.31f, 0.29f},
    [CT_PART_RV] = {0.76f, 0.40f, 0.37f},
    [CT_PART_LA] = {0.76f, 0.47f, 0.45f},
    [CT_PART_RA] = {0.70f, 0.46f, 0.50f},
    [CT_PART_AORTA] = {0.84f, 0.52f, 0.47f},
    [CT_PART_PULMONARY_ARTERY] = {0.49f, 0.57f, 0.77f},
    [CT_PART_VENA_CAVA] = {0.42f, 0.50f, 0.72f},
    [CT_PART_PULMONARY_VEINS] = {0.80f, 0.45f, 0.43f},
    [CT_PART_CORONARY] = {0.93f, 0.78f, 0.48f},
    [CT_PART_MITRAL_VALVE] = {0.93f, 0.88f, 0.78f},
    [CT_PART_AORTIC_VALVE] = {0.93f, 0.88f, 0.78f},
    [CT_PART_TRICUSPID_VALVE] = {0.93f, 0.88f, 0.78f},
    [CT_PART_PULMONARY_VALVE] = {0.93f, 0.88f, 0.78f},
    [CT_PART_COUNT] = {0.62f, 0.61f, 0.60f},
};
static const float interior_colour[3] = {0.62f, 0.47f, 0.46f};
static const float no_value_colour[3] = {0.62f, 0.62f, 0.62f};
static const float lv_lead_colour[3] = {0.20f, 0.55f, 0.95f};
static const float rv_lead_colour[3] = {0.98f, 0.70f, 0.15f};
static const float default_background[3] = {0.145f, 0.155f, 0.175f};

/* Uniforms, looked up once after linking. */
// clang-format off
#define UNIFORMS(X) \
  X(view) \
  X(projection) \
  X(normal_matrix) \
  X(chamber_origin) \
  X(chamber_axis) \
  X(chamber_scale) \
  X(valve_opening) \
  X(valve_annulus) \
  X(valve_axis) \
  X(marker) \
  X(marker_centre) \
  X(marker_chamber) \
  X(marker_depth) \
  X(marker_radius_mm) \
  X(marker_colour) \
  X(marker_alpha) \
  X(colour_mode) \
  X(part_colour) \
  X(segment_colour) \
  X(segment_value) \
  X(value_range) \
  X(palette) \
  X(no_value_colour) \
  X(highlight) \
  X(lead_segment) \
  X(lead_colour) \
  X(cut_enabled) \
  X(cut_plane) \
  X(interior_colour) \
  X(stripe_blur)
// clang-format on

typedef struct {
#define DECLARE(name) GLint name;
  UNIFORMS(DECLARE)
#undef DECLARE
} Uniforms;

typedef struct {
  gboolean visible;
  float centre[3];
  int chamber;
  float depth;
  float colour[3];
} Marker;

static void fill_constant_colours(CtRenderer *r);

struct _CtRenderer {
  GLuint program;
  Uniforms u;

  GLuint vao, vbo, ibo;
  size_t n_vertices;
  GLsizei n_indices;
  GLsizei n_closed_indices; /* the first ones: surfaces whose back faces never show (see below) */

  GLuint marker_vao, marker_vbo, marker_ibo;
  GLsizei marker_n_indices;

  GLuint palette_texture;
  GLuint feedback_buffer;
  size_t feedback_capacity;

  CtHeartPose pose;
  float valve_annulus[N_VALVES][4];
  float valve_axis[N_VALVES][3];
  CtColourMode mode;
  float segment_values[18];
  float value_min, value_max;
  int highlight;
  int lead_segment;
  Marker markers[2];
  gboolean cut_enabled;
  float cut_plane[4];
  float background[3];
  /* The constant colours, linear, computed once: the segments' palette searches the sRGB gamut
   * by bisection (0.4 ms on this project's machine; 1.6 ms before its bisections were cut to
   * what 8 bits need), which the renderer once did at every frame. */
  float segment_linear[18][3];
  float part_linear[CT_PART_COUNT + 1][3];
  float no_value_linear[3], lead_linear[3], interior_linear[3];
  gboolean software; /* GL_RENDERER named a software rasteriser (ct_renderer_is_software) */
};

/* Whether the context's GL_RENDERER is one of Mesa's software rasterisers: llvmpipe (the usual
 * one), softpipe, the classic swrast, or "Software Rasterizer" (what swrast_dri and Mesa's
 * Windows GDI driver call themselves). Matched without regard to case: drivers vary it. */
static gboolean renderer_string_is_software(const char *name)
{
  static const char *const software[] = {"llvmpipe", "softpipe", "swrast", "software rasterizer"};
  g_autofree char *lower = NULL;

  if (name == NULL)
    return FALSE;
  lower = g_ascii_strdown(name, -1);
  for (size_t i = 0; i < G_N_ELEMENTS(software); i++)
    if (strstr(lower, software[i]) != NULL)
      return TRUE;
  return FALSE;
}

gboolean ct_gl_current_context_is_software(void)
{
  return renderer_string_is_software((const char *)glGetString(GL_RENDERER));
}

static GLuint compile_shader(GLenum type, const char *source, GError **error)
{
  GLuint shader = glCreateShader(type);
  GLint ok = GL_FALSE, length = 0;
  g_autofree char *log = NULL;

  glShaderSource(shader, 1, &source, NULL);
  glCompileShader(shader);
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (ok)
    return shader;
  glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &length);
  log = g_malloc0((gsize)MAX(length, 1) + 1);
  glGetShaderInfoLog(shader, MAX(length, 1), NULL, log);
  glDeleteShader(shader);
  if (type == GL_VERTEX_SHADER)
    g_set_error(error, CT_RENDER_ERROR, CT_RENDER_ERROR_SHADER_COMPILE,
                _("The 3D view’s vertex shader did not compile:\n%s"), g_strstrip(log));
  else
    g_set_error(error, CT_RENDER_ERROR, CT_RENDER_ERROR_SHADER_COMPILE,
                _("The 3D view’s fragment shader did not compile:\n%s"), g_strstrip(log));
  return 0;
}

static GLuint link_program(const char *vertex_src, const char *fragment_src, GError **error)
{
  static const char *const captured[] = {"v_world"};
  GLuint vs, fs, program;
  GLint ok = GL_FALSE, length = 0;
  g_autofree char *log = NULL;

  vs = compile_shader(GL_VERTEX_SHADER, vertex_src, error);
  if (vs == 0)
    return 0;
  fs = compile_shader(GL_FRAGMENT_SHADER, fragment_src, error);
  if (fs == 0) {
    glDeleteShader(vs);
    return 0;
  }
  program = glCreateProgram();
  glAttachShader(program, vs);
  glAttachShader(program, fs);
  glBindAttribLocation(program, 0, "a_position");
  glBindAttribLocation(program, 1, "a_normal");
  glBindAttribLocation(program, 2, "a_tags");
  glBindAttribLocation(program, 3, "a_depth");
  glBindFragDataLocation(program, 0, "frag_colour");
  /* The posed positions, for ct_renderer_capture_posed_positions(). */
  glTransformFeedbackVaryings(program, 1, captured, GL_INTERLEAVED_ATTRIBS);
  glLinkProgram(program);
  glDetachShader(program, vs);
  glDetachShader(program, fs);
  glDeleteShader(vs);
  glDeleteShader(fs);
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (ok)
    return program;
  glGetProgramiv(program, GL_INFO_LOG_LENGTH, &length);
  log = g_malloc0((gsize)MAX(length, 1) + 1);
  glGetProgramInfoLog(program, MAX(length, 1), NULL, log);
  glDeleteProgram(program);
  g_set_error(error, CT_RENDER_ERROR, CT_RENDER_ERROR_SHADER_LINK,
              _("The 3D view’s shaders did not link:\n%s"), g_strstrip(log));
  return 0;
}

/* The CtVertex layout as vertex attributes: integers stay integers (glVertexAttribIPointer). */
static void setup_vertex_layout(void)
{
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, sizeof(CtVertex),
                        (const void *)offsetof(CtVertex, position));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, sizeof(CtVertex),
                        (const void *)offsetof(CtVertex, normal));
  glEnableVertexAttribArray(2);
  glVertexAttribIPointer(2, 4, GL_UNSIGNED_BYTE, sizeof(CtVertex),
                         (const void *)offsetof(CtVertex, part));
  glEnableVertexAttribArray(3);
  glVertexAttribPointer(3, 1, GL_FLOAT, GL_FALSE, sizeof(CtVertex),
                        (const void *)offsetof(CtVertex, depth));
}

/* A unit sphere for the lead markers (latitude-longitude, outward normals, CCW outside). */
static void create_marker_sphere(CtRenderer *r)
{
  enum { N_LAT = 12, N_LON = 20 };
  CtVertex vertices[(N_LAT + 1) * (N_LON + 1)];
  uint32_t indices[N_LAT * N_LON * 6];
  size_t nv = 0, ni = 0;

  memset(vertices, 0, sizeof vertices);
  for (int i = 0; i <= N_LAT; i++) {
    double theta = G_PI * i / N_LAT;

    for (int j = 0; j <= N_LON; j++) {
      double phi = 2.0 * G_PI * j / N_LON;
      CtVertex *v = &vertices[nv++];

      v->position[0] = v->normal[0] = (float)(sin(theta) * cos(phi));
      v->position[1] = v->normal[1] = (float)(sin(theta) * sin(phi));
      v->position[2] = v->normal[2] = (float)cos(theta);
      v->chamber = CT_VERTEX_STATIC;
    }
  }
  for (int i = 0; i < N_LAT; i++) {
    for (int j = 0; j < N_LON; j++) {
      uint32_t a = (uint32_t)(i * (N_LON + 1) + j), b = a + N_LON + 1;

      indices[ni++] = a;
      indices[ni++] = b;
      indices[ni++] = a + 1;
      indices[ni++] = a + 1;
      indices[ni++] = b;
      indices[ni++] = b + 1;
    }
  }
  glGenVertexArrays(1, &r->marker_vao);
  glBindVertexArray(r->marker_vao);
  glGenBuffers(1, &r->marker_vbo);
  glBindBuffer(GL_ARRAY_BUFFER, r->marker_vbo);
  glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(nv * sizeof(CtVertex)), vertices, GL_STATIC_DRAW);
  glGenBuffers(1, &r->marker_ibo);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, r->marker_ibo);
  glBufferData(GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr)(ni * sizeof(uint32_t)), indices,
               GL_STATIC_DRAW);
  setup_vertex_layout();
  glBindVertexArray(0);
  r->marker_n_indices = (GLsizei)ni;
}

static void create_palette_texture(CtRenderer *r)
{
  uint8_t rgb[2 * CT_PALETTE_SIZE * 3];

  ct_palette_fill(CT_PALETTE_ACTIVATION, rgb);
  ct_palette_fill(CT_PALETTE_SCAR, rgb + CT_PALETTE_SIZE * 3);
  glGenTextures(1, &r->palette_texture);
  glBindTexture(GL_TEXTURE_2D, r->palette_texture);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  /* sRGB storage: the sampler returns linear light, which the fragment shader lights. */
  glTexImage2D(GL_TEXTURE_2D, 0, GL_SRGB8, CT_PALETTE_SIZE, 2, 0, GL_RGB, GL_UNSIGNED_BYTE, rgb);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindTexture(GL_TEXTURE_2D, 0);
}

/* The reference pose: every chamber at its reference geometry, valves closed. */
static void identity_pose(CtHeartPose *pose)
{
  memset(pose, 0, sizeof *pose);
  for (int c = 0; c < CT_CHAMBER_COUNT; c++) {
    pose->chambers[c].axis[2] = 1.0f;
    pose->chambers[c].endo_long = pose->chambers[c].endo_radial = 1.0f;
    pose->chambers[c].epi_long = pose->chambers[c].epi_radial = 1.0f;
  }
}

CtRenderer *ct_renderer_new_with_shaders(const char *vertex_src, const char *fragment_src,
                                         GError **error)
{
  CtRenderer *r;
  GLuint program;
  int version;

  if (!epoxy_is_desktop_gl() || (version = epoxy_gl_version()) < 33) {
    g_set_error(error, CT_RENDER_ERROR, CT_RENDER_ERROR_CONTEXT,
                _("The 3D view needs OpenGL 3.3 or newer; this system offers only %s."),
                epoxy_is_desktop_gl() ? (const char *)glGetString(GL_VERSION) : "OpenGL ES");
    return NULL;
  }
  program = link_program(vertex_src, fragment_src, error);
  if (program == 0)
    return NULL;

  r = g_new0(CtRenderer, 1);
  r->program = program;
  /* Read once: the string cannot change for the context's life, and callers ask every time they
   * build a mesh. */
  r->software = renderer_string_is_software((const char *)glGetString(GL_RENDERER));
#define LOOKUP(name) r->u.name = glGetUniformLocation(program, "u_" #name);
  UNIFORMS(LOOKUP)
#undef LOOKUP

  glGenVertexArrays(1, &r->vao);
  glGenBuffers(1, &r->vbo);
  glGenBuffers(1, &r->ibo);
  create_marker_sphere(r);
  create_palette_texture(r);
  fill_constant_colours(r);

  identity_pose(&r->pose);
  r->mode = CT_COLOUR_ANATOMY;
  for (int i = 0; i < 18; i++)
    r->segment_values[i] = NO_VALUE;
  r->value_min = 0.0f;
  r->value_max = 1.0f;
  memcpy(r->background, default_background, sizeof r->background);
  memcpy(r->markers[0].colour, lv_lead_colour, sizeof lv_lead_colour);
  memcpy(r->markers[1].colour, rv_lead_colour, sizeof rv_lead_colour);
  /* Leads sit on the LV epicardium (a coronary vein) and on the RV endocardium. */
  r->markers[0].chamber = CT_CHAMBER_LV;
  r->markers[0].depth = 1.0f;
  r->markers[1].chamber = CT_CHAMBER_RV;
  r->markers[1].depth = 0.0f;
  return r;
}

gboolean ct_renderer_is_software(CtRenderer *r)
{
  g_return_val_if_fail(r != NULL, FALSE);
  return r->software;
}

static char *load_shader(const char *name, GError **error)
{
  g_autofree char *path = g_strconcat(SHADER_PREFIX, name, NULL);
  g_autoptr(GError) local = NULL;
  g_autoptr(GBytes) bytes = NULL;

  /* Through the global resource table (the bundle registers itself when linked; the call to
   * ct_render_get_resource keeps it linked), so that GLib's G_RESOURCE_OVERLAYS can replace a
   * shader with a file: how the widget's tests check a broken shader's error state. */
  g_assert(ct_render_get_resource() != NULL);
  bytes = g_resources_lookup_data(path, G_RESOURCE_LOOKUP_FLAGS_NONE, &local);

  if (bytes == NULL) {
    g_set_error(error, CT_RENDER_ERROR, CT_RENDER_ERROR_SHADER_RESOURCE,
                _("The 3D view’s shader %s is missing from the application: %s"), path,
                local->message);
    return NULL;
  }
  return g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
}

CtRenderer *ct_renderer_new(GError **error)
{
  g_autofree char *vertex_src = load_shader("heart.vert", error);
  g_autofree char *fragment_src = NULL;

  if (vertex_src == NULL)
    return NULL;
  fragment_src = load_shader("heart.frag", error);
  if (fragment_src == NULL)
    return NULL;
  return ct_renderer_new_with_shaders(vertex_src, fragment_src, error);
}

void ct_renderer_free(CtRenderer *r)
{
  if (r == NULL)
    return;
  glDeleteProgram(r->program);
  glDeleteVertexArrays(1, &r->vao);
  glDeleteBuffers(1, &r->vbo);
  glDeleteBuffers(1, &r->ibo);
  glDeleteVertexArrays(1, &r->marker_vao);
  glDeleteBuffers(1, &r->marker_vbo);
  glDeleteBuffers(1, &r->marker_ibo);
  glDeleteTextures(1, &r->palette_texture);
  if (r->feedback_buffer != 0)
    glDeleteBuffers(1, &r->feedback_buffer);
  g_free(r);
}

/* Each valve's annulus (its leaflets' vertices with valve = 0): centre, mean radius, and the axis
 * normal to the ring (the cross product of two well-separated radii). */
static void measure_valves(CtRenderer *r, const CtMesh *mesh)
{
  for (int k = 0; k < N_VALVES; k++) {
    uint8_t part = (uint8_t)(CT_PART_MITRAL_VALVE + k);
    double c[3] = {0, 0, 0}, radius = 0.0, best = -1.0, best_cross = -1.0;
    float a[3] = {0, 0, 0}, axis[3] = {0, 0, 1};
    size_t n = 0;

    for (size_t i = 0; i < mesh->n_vertices; i++) {
      const CtVertex *v = &mesh->vertices[i];

      if (v->part != part || v->valve != 0)
        continue;
      for (int j = 0; j < 3; j++)
        c[j] += v->position[j];
      n++;
    }
    r->valve_annulus[k][3] = 0.0f; /* no annulus: the leaflets stay as they are */
    memcpy(r->valve_axis[k], axis, sizeof axis);
    if (n < 3)
      continue;
    for (int j = 0; j < 3; j++)
      c[j] /= (double)n;
    for (size_t i = 0; i < mesh->n_vertices; i++) {
      const CtVertex *v = &mesh->vertices[i];
      double d[3], len;

      if (v->part != part || v->valve != 0)
        continue;
      for (int j = 0; j < 3; j++)
        d[j] = v->position[j] - c[j];
      len = sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
      radius += len;
      if (len > best) {
        best = len;
        for (int j = 0; j < 3; j++)
          a[j] = (float)d[j];
      }
    }
    for (size_t i = 0; i < mesh->n_vertices; i++) {
      const CtVertex *v = &mesh->vertices[i];
      double d[3], x[3], len;

      if (v->part != part || v->valve != 0)
        continue;
      for (int j = 0; j < 3; j++)
        d[j] = v->position[j] - c[j];
      x[0] = a[1] * d[2] - a[2] * d[1];
      x[1] = a[2] * d[0] - a[0] * d[2];
      x[2] = a[0] * d[1] - a[1] * d[0];
      len = sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
      if (len > best_cross) {
        best_cross = len;
        for (int j = 0; j < 3; j++)
          axis[j] = (float)(x[j] / (len > 0.0 ? len : 1.0));
      }
    }
    for (int j = 0; j < 3; j++)
      r->valve_annulus[k][j] = (float)c[j];
    r->valve_annulus[k][3] = (float)(radius / (double)n);
    memcpy(r->valve_axis[k], axis, sizeof axis);
  }
}

/* Whether a triangle's inside can be seen from outside the heart: the atria are open at their
 * annuli (and their appendages at the root), the outflow tract (the RV's static tube) and the
 * pulmonary trunk are open tubes whose ends show, and the valves are thin leaflets. The other
 * surfaces are closed (the ventricles' walls with their rims) or end inside another part (the
 * vessels' roots, the coronaries'), so their back faces always lie behind front faces. */
static gboolean is_two_sided(const CtVertex *v)
{
  switch (v->part) {
  case CT_PART_LA:
  case CT_PART_RA:
  case CT_PART_PULMONARY_ARTERY:
  case CT_PART_MITRAL_VALVE:
  case CT_PART_AORTIC_VALVE:
  case CT_PART_TRICUSPID_VALVE:
  case CT_PART_PULMONARY_VALVE:
    return TRUE;
  case CT_PART_RV:
    return v->chamber == CT_VERTEX_STATIC;
  default:
    return FALSE;
  }
}

/* Whether a triangle lies on a chamber's inner surface (the endocardium, depth 0 in the wall):
 * hidden behind the outer surfaces unless the cut-away opens them. */
static gboolean is_endocardial(const CtVertex *a, const CtVertex *b, const CtVertex *c)
{
  return a->chamber != CT_VERTEX_STATIC && a->depth + b->depth + c->depth < 1.5f;
}

/* Copies @mesh's triangles into @out, those whose back faces never show first, and returns how
 * many indices those take: the view culls their back faces, which halves what llvmpipe rasterises
 * and shades (every triangle costs at least a 4x4 block of fragments). Within each group the
 * outer surfaces come before the chambers' inner ones: drawn first, they fill the depth buffer,
 * and the endocardium behind them (whose far side faces the viewer) fails the depth test before
 * it is shaded (early depth testing: the fragment shader writes no depth and discards nothing).
 * The picture is the same; a software rasteriser shades a fraction of the hidden pixels. */
static size_t sort_closed_first(const CtMesh *mesh, uint32_t *out)
{
  size_t n = 0, closed = 0;

  for (int pass = 0; pass < 4; pass++) {
    for (size_t t = 0; t + 2 < mesh->n_indices; t += 3) {
      const uint32_t *tri = &mesh->indices[t];
      const CtVertex *a = &mesh->vertices[tri[0]], *b = &mesh->vertices[tri[1]],
                     *c = &mesh->vertices[tri[2]];
      gboolean two_sided = is_two_sided(a) || is_two_sided(b) || is_two_sided(c);
      gboolean inner = is_endocardial(a, b, c);

      if (two_sided != (pass >= 2) || inner != (pass % 2 == 1))
        continue;
      memcpy(&out[n], tri, 3 * sizeof *tri);
      n += 3;
    }
    if (pass == 1)
      closed = n;
  }
  return closed;
}

gboolean ct_renderer_set_mesh(CtRenderer *r, const CtMesh *mesh, GError **error)
{
  uint32_t *indices;
  size_t n_closed;

  if (mesh->n_indices > (size_t)G_MAXINT32 || mesh->n_vertices > (size_t)G_MAXINT32 / 2) {
    g_set_error(error, CT_RENDER_ERROR, CT_RENDER_ERROR_MESH,
                _("The heart mesh is too large to draw (%zu vertices)."), mesh->n_vertices);
    return FALSE;
  }
  for (size_t i = 0; i < mesh->n_indices; i++) {
    if (mesh->indices[i] >= mesh->n_vertices) {
      g_set_error(error, CT_RENDER_ERROR, CT_RENDER_ERROR_MESH,
                  _("The heart mesh refers to vertex %u but has only %zu vertices."),
                  mesh->indices[i], mesh->n_vertices);
      return FALSE;
    }
  }
  indices = g_new(uint32_t, MAX(mesh->n_indices, 1));
  n_closed = sort_closed_first(mesh, indices);
  glBindVertexArray(r->vao);
  glBindBuffer(GL_ARRAY_BUFFER, r->vbo);
  glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(mesh->n_vertices * sizeof(CtVertex)), mesh->vertices,
               GL_STATIC_DRAW);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, r->ibo);
  glBufferData(GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr)(mesh->n_indices * sizeof(uint32_t)), indices,
               GL_STATIC_DRAW);
  setup_vertex_layout();
  glBindVertexArray(0);
  g_free(indices);
  r->n_vertices = mesh->n_vertices;
  r->n_indices = (GLsizei)mesh->n_indices;
  r->n_closed_indices = (GLsizei)n_closed;
  measure_valves(r, mesh);
  return TRUE;
}

void ct_renderer_set_pose(CtRenderer *r, const CtHeartPose *pose)
{
  r->pose = *pose;
}

void ct_renderer_set_colour_mode(CtRenderer *r, CtColourMode mode)
{
  r->mode = mode;
}

void ct_renderer_set_segment_values(CtRenderer *r, const float values[17], float min, float max)
{
  r->segment_values[0] = NO_VALUE;
  for (int i = 0; i < 17; i++)
    r->segment_values[i + 1] = isfinite(values[i]) ? values[i] : NO_VALUE;
  r->value_min = min;
  r->value_max = max;
}

void ct_renderer_set_highlight(CtRenderer *r, int segment)
{
  r->highlight = segment >= 1 && segment <= 17 ? segment : 0;
}

void ct_renderer_set_leads(CtRenderer *r, int lv_segment, const float lv_pos[3],
                           const float rv_pos[3])
{
  r->lead_segment = lv_segment >= 1 && lv_segment <= 17 ? lv_segment : 0;
  r->markers[0].visible = lv_pos != NULL;
  if (lv_pos != NULL)
    memcpy(r->markers[0].centre, lv_pos, 3 * sizeof(float));
  r->markers[1].visible = rv_pos != NULL;
  if (rv_pos != NULL)
    memcpy(r->markers[1].centre, rv_pos, 3 * sizeof(float));
}

void ct_renderer_set_cut_plane(CtRenderer *r, gboolean enabled, const float plane[4])
{
  r->cut_enabled = enabled && plane != NULL;
  if (plane != NULL)
    memcpy(r->cut_plane, plane, sizeof r->cut_plane);
}

void ct_renderer_set_background(CtRenderer *r, const float rgb[3])
{
  memcpy(r->background, rgb, sizeof r->background);
}

static void upload_pose(CtRenderer *r)
{
  float origin[CT_CHAMBER_COUNT][3], axis[CT_CHAMBER_COUNT][3], scale[CT_CHAMBER_COUNT][4];

  for (int c = 0; c < CT_CHAMBER_COUNT; c++) {
    const CtChamberPose *p = &r->pose.chambers[c];

    memcpy(origin[c], p->origin, sizeof origin[c]);
    memcpy(axis[c], p->axis, sizeof axis[c]);
    scale[c][0] = p->endo_long;
    scale[c][1] = p->endo_radial;
    scale[c][2] = p->epi_long;
    scale[c][3] = p->epi_radial;
  }
  glUniform3fv(r->u.chamber_origin, CT_CHAMBER_COUNT, &origin[0][0]);
  glUniform3fv(r->u.chamber_axis, CT_CHAMBER_COUNT, &axis[0][0]);
  glUniform4fv(r->u.chamber_scale, CT_CHAMBER_COUNT, &scale[0][0]);
  glUniform4fv(r->u.valve_opening, 1, r->pose.valve_opening);
  glUniform4fv(r->u.valve_annulus, N_VALVES, &r->valve_annulus[0][0]);
  glUniform3fv(r->u.valve_axis, N_VALVES, &r->valve_axis[0][0]);
}

/* The inverse transpose of the view's upper 3x3 (for normals), and the sign of its determinant. */
static float normal_matrix(const float view[16], float out[9])
{
  const float a = view[0], b = view[4], c = view[8];
  const float d = view[1], e = view[5], f = view[9];
  const float g = view[2], h = view[6], i = view[10];
  float det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  float inv = det != 0.0f ? 1.0f / det : 1.0f;

  /* inverse transpose = cofactor matrix / det, stored column-major. */
  out[0] = (e * i - f * h) * inv;
  out[1] = -(b * i - c * h) * inv;
  out[2] = (b * f - c * e) * inv;
  out[3] = -(d * i - f * g) * inv;
  out[4] = (a * i - c * g) * inv;
  out[5] = -(a * f - c * d) * inv;
  out[6] = (d * h - e * g) * inv;
  out[7] = -(a * h - b * g) * inv;
  out[8] = (a * e - b * d) * inv;
  return det;
}

/* The shaders light in linear light and take every colour already linear: converting here, once
 * per colour, spares the GPU a pow() per colour per fragment (the costliest part of a frame on
 * llvmpipe). */
static void to_linear(const float srgb[3], float out[3])
{
  for (int i = 0; i < 3; i++)
    out[i] = (float)ct_srgb_to_linear(srgb[i]);
}

static void fill_constant_colours(CtRenderer *r)
{
  float palette[CT_N_SEGMENTS][3];

  ct_palette_segments(palette);
  memset(r->segment_linear, 0, sizeof r->segment_linear);
  for (int s = 0; s < CT_N_SEGMENTS; s++)
    to_linear(palette[s], r->segment_linear[s + 1]);
  for (int p = 0; p <= CT_PART_COUNT; p++)
    to_linear(part_colours[p], r->part_linear[p]);
  to_linear(no_value_colour, r->no_value_linear);
  to_linear(lv_lead_colour, r->lead_linear);
  to_linear(interior_colour, r->interior_linear);
}

static void upload_frame_state(CtRenderer *r)
{
  glUniform1i(r->u.colour_mode, (GLint)r->mode);
  glUniform3fv(r->u.part_colour, CT_PART_COUNT + 1, &r->part_linear[0][0]);
  glUniform3fv(r->u.segment_colour, 18, &r->segment_linear[0][0]);
  glUniform1fv(r->u.segment_value, 18, r->segment_values);
  glUniform2f(r->u.value_range, r->value_min, r->value_max);
  glUniform1i(r->u.palette, 0);
  glUniform3fv(r->u.no_value_colour, 1, r->no_value_linear);
  glUniform1i(r->u.highlight, r->highlight);
  glUniform1i(r->u.lead_segment, r->lead_segment);
  glUniform3fv(r->u.lead_colour, 1, r->lead_linear);
  glUniform1i(r->u.cut_enabled, r->cut_enabled);
  glUniform4fv(r->u.cut_plane, 1, r->cut_plane);
  glUniform3fv(r->u.interior_colour, 1, r->interior_linear);
  upload_pose(r);
}

static void draw_markers(CtRenderer *r, float radius_mm)
{
  glBindVertexArray(r->marker_vao);
  glUniform1i(r->u.marker, 1);
  glUniform1f(r->u.marker_radius_mm, radius_mm);
  /* Two passes: the visible part opaque, then what the wall hides as a faint ghost, so that the
   * RV lead inside the RV still shows where it is. */
  for (int pass = 0; pass < 2; pass++) {
    if (pass == 1) {
      glDepthFunc(GL_GREATER);
      glDepthMask(GL_FALSE);
      glEnable(GL_BLEND);
      glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
    }
    glUniform1f(r->u.marker_alpha, pass == 0 ? 1.0f : 0.35f);
    for (int m = 0; m < 2; m++) {
      const Marker *marker = &r->markers[m];
      float colour[3];

      if (!marker->visible)
        continue;
      to_linear(marker->colour, colour);
      glUniform3fv(r->u.marker_centre, 1, marker->centre);
      glUniform1i(r->u.marker_chamber, marker->chamber);
      glUniform1f(r->u.marker_depth, marker->depth);
      glUniform3fv(r->u.marker_colour, 1, colour);
      glDrawElements(GL_TRIANGLES, r->marker_n_indices, GL_UNSIGNED_INT, NULL);
    }
  }
  glDepthFunc(GL_LESS);
  glDepthMask(GL_TRUE);
  glDisable(GL_BLEND);
  glUniform1i(r->u.marker, 0);
}

void ct_renderer_draw(CtRenderer *r, const float view[16], const float projection[16], int width,
                      int height)
{
  float nm[9];
  float det = normal_matrix(view, nm);

  glViewport(0, 0, width, height);
  glClearColor(r->background[0], r->background[1], r->background[2], 1.0f);
  glClearDepth(1.0);
  glDepthMask(GL_TRUE);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LESS);
  /* Both sides are drawn: the cut-away shows the walls' insides. A view with a reflection (the
   * camera's, see ct-camera.c) turns counter-clockwise outsides clockwise on screen. */
  glDisable(GL_CULL_FACE);
  glFrontFace(det < 0.0f ? GL_CW : GL_CCW);
  glDisable(GL_BLEND);
  /* The cut-away clips triangles (gl_ClipDistance[0], see heart.vert); without it the user clip
   * stage is left off, as it costs a software rasteriser a test per triangle. */
  if (r->cut_enabled)
    glEnable(GL_CLIP_DISTANCE0);

  glUseProgram(r->program);
  glUniformMatrix4fv(r->u.view, 1, GL_FALSE, view);
  glUniformMatrix4fv(r->u.projection, 1, GL_FALSE, projection);
  glUniformMatrix3fv(r->u.normal_matrix, 1, GL_FALSE, nm);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, r->palette_texture);
  upload_frame_state(r);
  glUniform1i(r->u.marker, 0);
  {
    /* The lead's stripes (heart.frag) are smoothed over about one pixel: a millimetre at the
     * heart's distance (the frame's origin, -view[14] in front of the eye) is projection[5] *
     * height / (2 d) pixels, and s = (x + y + z) / 6 changes by ~0.35 of a millimetre's worth
     * across a pixel (|grad s| = sqrt(3)/6, over a pixel's width and height, as fwidth sums). */
    float distance_mm = MAX(-view[14], 1.0f);
    float mm_per_pixel = 2.0f * distance_mm / (MAX(projection[5], 1e-3f) * (float)MAX(height, 1));

    /* At most half a stripe period (the stripes would blur into an even tint: a segment a few
     * pixels wide shows its colour), at least a hundredth (a sharp edge, as fwidth gave close
     * up). */
    glUniform1f(r->u.stripe_blur, CLAMP(0.35f * mm_per_pixel, 0.01f, 0.5f));
  }

  if (r->n_indices > 0) {
    /* Without the cut-away, the closed surfaces' back faces (the first n_closed_indices, see
     * is_two_sided()) all lie behind front faces: culling them halves the triangles llvmpipe
     * rasterises and shades (~20 ms of a frame). The open surfaces stay two-sided, and with the
     * cut-away everything does, since the walls' insides show. */
    GLsizei culled = r->cut_enabled ? 0 : r->n_closed_indices;

    glBindVertexArray(r->vao);
    if (culled > 0) {
      glEnable(GL_CULL_FACE);
      glDrawElements(GL_TRIANGLES, culled, GL_UNSIGNED_INT, NULL);
      glDisable(GL_CULL_FACE);
    }
    if (r->n_indices > culled)
      glDrawElements(GL_TRIANGLES, r->n_indices - culled, GL_UNSIGNED_INT,
                     (const void *)(culled * sizeof(uint32_t)));
  }
  /* Marker size: 4 mm, the scale of a lead tip's electrode with some room to see it. */
  draw_markers(r, 4.0f);

  glBindVertexArray(0);
  glUseProgram(0);
  glDisable(GL_CLIP_DISTANCE0);
  glFrontFace(GL_CCW);
}

gboolean ct_renderer_capture_posed_positions(CtRenderer *r, float *out, size_t n_vertices,
                                             GError **error)
{
  size_t n = MIN(n_vertices, r->n_vertices);
  GLsizeiptr size = (GLsizeiptr)(n * 3 * sizeof(float));
  GLenum status;

  if (n == 0)
    return TRUE;
  if (r->feedback_buffer == 0)
    glGenBuffers(1, &r->feedback_buffer);
  glBindBuffer(GL_TRANSFORM_FEEDBACK_BUFFER, r->feedback_buffer);
  if (r->feedback_capacity < (size_t)size) {
    glBufferData(GL_TRANSFORM_FEEDBACK_BUFFER, size, NULL, GL_STREAM_READ);
    r->feedback_capacity = (size_t)size;
  }
  glUseProgram(r->program);
  upload_pose(r);
  glUniform1i(r->u.marker, 0);
  glEnable(GL_RASTERIZER_DISCARD);
  glBindBufferRange(GL_TRANSFORM_FEEDBACK_BUFFER, 0, r->feedback_buffer, 0, size);
  glBindVertexArray(r->vao);
  glBeginTransformFeedback(GL_POINTS);
  glDrawArrays(GL_POINTS, 0, (GLsizei)n);
  glEndTransformFeedback();
  glDisable(GL_RASTERIZER_DISCARD);
  glBindVertexArray(0);
  glGetBufferSubData(GL_TRANSFORM_FEEDBACK_BUFFER, 0, size, out);
  glBindBufferBase(GL_TRANSFORM_FEEDBACK_BUFFER, 0, 0);
  glBindBuffer(GL_TRANSFORM_FEEDBACK_BUFFER, 0);
  glUseProgram(0);
  status = glGetError();
  if (status != GL_NO_ERROR) {
    g_set_error(error, CT_RENDER_ERROR, CT_RENDER_ERROR_CONTEXT,
                _("Could not read back the posed heart (OpenGL error 0x%x)."), status);
    return FALSE;
  }
  return TRUE;
}

/* ct-test-heart.c — the two-chamber test heart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-test-heart.h"

#include <math.h>
#include <string.h>

#define DEG (G_PI / 180.0)

typedef struct {
  GArray *vertices; /* CtVertex */
  GArray *indices;  /* uint32_t */
} Builder;

/* A spheroid surface: centre (cx, cy, cz), radial semi-axes ax, ay, long semi-axis c; the polar
 * angle phi runs from the apex (0) to phi_max. */
typedef struct {
  double cx, cy, cz, ax, ay, c, phi_max;
} Spheroid;

int ct_test_aha_segment(double theta_deg, double level)
{
  double t = fmod(fmod(theta_deg, 360.0) + 360.0, 360.0);

  /* Levels by the test shape's polar angle fraction: apex cap, apical, mid, basal. */
  if (level < 0.15)
    return 17;
  if (level < 0.4) /* apical: 13 anterior (45..135°), 14 septal, 15 inferior, 16 lateral */
    return 13 + (int)(fmod(t - 45.0 + 360.0, 360.0) / 90.0);
  /* mid and basal: 60° sectors from the anterior (1 / 7, 60..120°) counter-clockwise through the
   * septum (-x) and the inferior wall (-y) to the anterolateral (6 / 12, 0..60°). */
  return (level < 0.6 ? 7 : 1) + (int)(fmod(t - 60.0 + 360.0, 360.0) / 60.0);
}

static void spheroid_point(const Spheroid *s, double phi, double theta, float p[3], float n[3])
{
  double sp = sin(phi), cp = cos(phi), st = sin(theta), ct = cos(theta);
  double g[3], len;

  p[0] = (float)(s->cx + s->ax * sp * ct);
  p[1] = (float)(s->cy + s->ay * sp * st);
  p[2] = (float)(s->cz - s->c * cp);
  /* Gradient of the implicit spheroid: the outward normal. */
  g[0] = (p[0] - s->cx) / (s->ax * s->ax);
  g[1] = (p[1] - s->cy) / (s->ay * s->ay);
  g[2] = (p[2] - s->cz) / (s->c * s->c);
  len = sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
  for (int i = 0; i < 3; i++)
    n[i] = (float)(g[i] / len);
}

static uint32_t add_vertex(Builder *b, const float p[3], const float n[3], CtPart part, int segment,
                           int chamber, int valve, float depth)
{
  CtVertex v;

  memset(&v, 0, sizeof v);
  memcpy(v.position, p, sizeof v.position);
  memcpy(v.normal, n, sizeof v.normal);
  v.part = (uint8_t)part;
  v.segment = (uint8_t)segment;
  v.chamber = (uint8_t)chamber;
  v.valve = (uint8_t)valve;
  v.depth = depth;
  g_array_append_val(b->vertices, v);
  return b->vertices->len - 1;
}

/* A triangle, wound counter-clockwise as seen from the side its vertices' normals point to. */
static void add_triangle(Builder *b, uint32_t i0, uint32_t i1, uint32_t i2)
{
  const CtVertex *v = &g_array_index(b->vertices, CtVertex, 0);
  float e1[3], e2[3], x[3], n = 0.0f;
  uint32_t tri[3] = {i0, i1, i2};

  for (int k = 0; k < 3; k++) {
    e1[k] = v[i1].position[k] - v[i0].position[k];
    e2[k] = v[i2].position[k] - v[i0].position[k];
  }
  x[0] = e1[1] * e2[2] - e1[2] * e2[1];
  x[1] = e1[2] * e2[0] - e1[0] * e2[2];
  x[2] = e1[0] * e2[1] - e1[1] * e2[0];
  for (int k = 0; k < 3; k++)
    n += x[k] * (v[i0].normal[k] + v[i1].normal[k] + v[i2].normal[k]);
  if (n < 0.0f) {
    tri[1] = i2;
    tri[2] = i1;
  }
  g_array_append_vals(b->indices, tri, 3);
}

/* A spheroid surface of a chamber wall; @inward flips the normals (an endocardium faces its
 * cavity). Returns the index of the first vertex of the last ring. */
static uint32_t add_surface(Builder *b, const Spheroid *s, int n_around, int n_along, CtPart part,
                            int chamber, float depth, gboolean inward, gboolean segments)
{
  uint32_t first = b->vertices->len, last_ring = 0;

  for (int i = 0; i <= n_along; i++) {
    /* Ring 0 is a small cap around the apex (no degenerate pole). */
    double f = i == 0 ? 0.15 / n_along : (double)i / n_along, phi = f * s->phi_max;

    for (int j = 0; j < n_around; j++) {
      double theta = 360.0 * j / n_around;
      float p[3], n[3];

      spheroid_point(s, phi, theta * DEG, p, n);
      if (inward)
        for (int k = 0; k < 3; k++)
          n[k] = -n[k];
      add_vertex(b, p, n, part, segments ? ct_test_aha_segment(theta, f) : 0, chamber, 0, depth);
    }
    if (i == n_along)
      last_ring = b->vertices->len - (uint32_t)n_around;
  }
  /* The apex cap: a fan around ring 0. */
  {
    float p[3], n[3];
    uint32_t apex;

    spheroid_point(s, 0.0, 0.0, p, n);
    if (inward)
      for (int k = 0; k < 3; k++)
        n[k] = -n[k];
    apex = add_vertex(b, p, n, part, segments ? 17 : 0, chamber, 0, depth);
    for (int j = 0; j < n_around; j++)
      add_triangle(b, apex, first + (uint32_t)j, first + (uint32_t)((j + 1) % n_around));
  }
  for (int i = 0; i < n_along; i++) {
    for (int j = 0; j < n_around; j++) {
      uint32_t a = first + (uint32_t)(i * n_around + j);
      uint32_t a1 = first + (uint32_t)(i * n_around + (j + 1) % n_around);
      uint32_t c = a + (uint32_t)n_around, c1 = a1 + (uint32_t)n_around;

      add_triangle(b, a, c, a1);
      add_triangle(b, a1, c, c1);
    }
  }
  return last_ring;
}

/* The flat rim joining the endocardium's and epicardium's last rings, facing the base (+z). */
static void add_rim(Builder *b, uint32_t endo_ring, uint32_t epi_ring, int n_around)
{
  const float up[3] = {0.0f, 0.0f, 1.0f};
  uint32_t first = b->vertices->len;

  for (int j = 0; j < n_around; j++) {
    CtVertex endo = g_array_index(b->vertices, CtVertex, endo_ring + (uint32_t)j);
    CtVertex epi = g_array_index(b->vertices, CtVertex, epi_ring + (uint32_t)j);

    add_vertex(b, endo.position, up, endo.part, endo.segment, endo.chamber, 0, 0.0f);
    add_vertex(b, epi.position, up, epi.part, epi.segment, epi.chamber, 0, 1.0f);
  }
  for (int j = 0; j < n_around; j++) {
    uint32_t a = first + 2u * (uint32_t)j, a1 = first + 2u * (uint32_t)((j + 1) % n_around);

    add_triangle(b, a, a + 1, a1);
    add_triangle(b, a1, a + 1, a1 + 1);
  }
}

/* The mitral leaflets as a disc just below the LV base: the annulus ring (valve 0) and rings
 * toward the centre (valve 1, the free edge region). */
static void add_mitral_disc(Builder *b, int n_around)
{
  static const double radii[] = {1.5, 8.0, 15.0, 23.0};
  const float up[3] = {0.0f, 0.0f, 1.0f};
  uint32_t first = b->vertices->len;

  for (int r = 0; r < 4; r++) {
    for (int j = 0; j < n_around; j++) {
      double theta = 2.0 * G_PI * j / n_around;
      float p[3] = {(float)(radii[r] * cos(theta)), (float)(radii[r] * sin(theta)),
                    CT_TEST_LV_BASE_Z_MM - 6.0f};

      add_vertex(b, p, up, CT_PART_MITRAL_VALVE, 0, CT_CHAMBER_LV, r < 3 ? 1 : 0, 0.0f);
    }
  }
  for (int r = 0; r < 3; r++) {
    for (int j = 0; j < n_around; j++) {
      uint32_t a = first + (uint32_t)(r * n_around + j);
      uint32_t a1 = first + (uint32_t)(r * n_around + (j + 1) % n_around);

      add_triangle(b, a, a + (uint32_t)n_around, a1);
      add_triangle(b, a1, a + (uint32_t)n_around, a1 + (uint32_t)n_around);
    }
  }
}

static const Spheroid lv_epi = {0, 0, 70, 33, 33, 70, G_PI / 2};
static const Spheroid lv_endo = {0, 0, 70, 24, 24, 60, G_PI / 2};
static const Spheroid rv_epi = {-34, 10, 70, 22, 30, 58, G_PI / 2};
static const Spheroid rv_endo = {-34, 10, 70, 18, 26, 52, G_PI / 2};

void ct_test_lv_epi_point(double theta_deg, double level, float out[3])
{
  float n[3];

  spheroid_point(&lv_epi, level * lv_epi.phi_max, theta_deg * DEG, out, n);
}

static double half_spheroid_ml(const Spheroid *s)
{
  return 2.0 / 3.0 * G_PI * s->ax * s->ay * s->c / 1000.0;
}

void ct_test_heart_mesh(int n_around, int n_along, gboolean with_rv, CtMesh *mesh,
                        CtChamberReference refs[CT_CHAMBER_COUNT])
{
  Builder b = {g_array_new(FALSE, FALSE, sizeof(CtVertex)),
               g_array_new(FALSE, FALSE, sizeof(uint32_t))};
  uint32_t epi, endo;

  epi = add_surface(&b, &lv_epi, n_around, n_along, CT_PART_LV, CT_CHAMBER_LV, 1.0f, FALSE, TRUE);
  endo = add_surface(&b, &lv_endo, n_around, n_along, CT_PART_LV, CT_CHAMBER_LV, 0.0f, TRUE, TRUE);
  add_rim(&b, endo, epi, n_around);
  add_mitral_disc(&b, n_around);
  if (with_rv) {
    epi =
        add_surface(&b, &rv_epi, n_around, n_along, CT_PART_RV, CT_CHAMBER_RV, 1.0f, FALSE, FALSE);
    endo =
        add_surface(&b, &rv_endo, n_around, n_along, CT_PART_RV, CT_CHAMBER_RV, 0.0f, TRUE, FALSE);
    add_rim(&b, endo, epi, n_around);
  }

  mesh->n_vertices = b.vertices->len;
  mesh->n_indices = b.indices->len;
  /* The arrays were made for these elements: their data is aligned for them. */
  mesh->vertices = (CtVertex *)(void *)g_array_free(b.vertices, FALSE);
  mesh->indices = (uint32_t *)(void *)g_array_free(b.indices, FALSE);

  memset(refs, 0, CT_CHAMBER_COUNT * sizeof *refs);
  for (int c = 0; c < CT_CHAMBER_COUNT; c++) {
    refs[c].axis[2] = 1.0f;
    refs[c].cavity_volume_ml = 1.0f;
    refs[c].long_axis_share = 0.3f;
  }
  /* LV: origin at the apex, long axis +z; RV: its own apex. */
  refs[CT_CHAMBER_LV].cavity_volume_ml = (float)half_spheroid_ml(&lv_endo);
  refs[CT_CHAMBER_LV].wall_volume_ml =
      (float)(half_spheroid_ml(&lv_epi) - half_spheroid_ml(&lv_endo));
  refs[CT_CHAMBER_RV].origin[0] = (float)rv_epi.cx;
  refs[CT_CHAMBER_RV].origin[1] = (float)rv_epi.cy;
  refs[CT_CHAMBER_RV].origin[2] = (float)(rv_epi.cz - rv_epi.c);
  refs[CT_CHAMBER_RV].cavity_volume_ml = (float)half_spheroid_ml(&rv_endo);
  refs[CT_CHAMBER_RV].wall_volume_ml =
      (float)(half_spheroid_ml(&rv_epi) - half_spheroid_ml(&rv_endo));
}

void ct_test_heart_pose(const CtChamberReference refs[CT_CHAMBER_COUNT], double lv_ml, double rv_ml,
                        CtHeartPose *pose)
{
  memset(pose, 0, sizeof *pose);
  for (int c = 0; c < CT_CHAMBER_COUNT; c++)
    ct_chamber_pose_from_volume(&refs[c], refs[c].cavity_volume_ml, &pose->chambers[c]);
  ct_chamber_pose_from_volume(&refs[CT_CHAMBER_LV], lv_ml, &pose->chambers[CT_CHAMBER_LV]);
  ct_chamber_pose_from_volume(&refs[CT_CHAMBER_RV], rv_ml, &pose->chambers[CT_CHAMBER_RV]);
}

/* ct-heart-mesh.c — the parametric anatomical heart (see ct-heart-mesh.h).
 *
 * Every surface is a parametric patch (position from two parameters; normals from the exact
 * tangents by central differences, so that vertices duplicated on a seam share their normal) or
 * a tube swept along a Catmull-Rom curve with rotation-minimizing frames (Wang et al. 2008, ACM
 * TOG 27(1):2, the double reflection method). Nothing here allocates in a loop but the two growing
 * arrays of the mesh.
 *
 * Where a dimension has no measured source it says so ("proportion"): it shapes the drawing, not
 * the simulation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-heart-mesh.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PI  3.14159265358979323846
#define DEG (PI / 180.0)

/* ---- small vector helpers --------------------------------------------------------------- */

static void v_set(double o[3], double x, double y, double z)
{
  o[0] = x;
  o[1] = y;
  o[2] = z;
}

static void v_copy(double o[3], const double a[3])
{
  o[0] = a[0];
  o[1] = a[1];
  o[2] = a[2];
}

static void v_sub(double o[3], const double a[3], const double b[3])
{
  o[0] = a[0] - b[0];
  o[1] = a[1] - b[1];
  o[2] = a[2] - b[2];
}

/* o = a + s * b */
static void v_mad(double o[3], const double a[3], double s, const double b[3])
{
  o[0] = a[0] + s * b[0];
  o[1] = a[1] + s * b[1];
  o[2] = a[2] + s * b[2];
}

static double v_dot(const double a[3], const double b[3])
{
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

static void v_cross(double o[3], const double a[3], const double b[3])
{
  double x = a[1] * b[2] - a[2] * b[1];
  double y = a[2] * b[0] - a[0] * b[2];
  double z = a[0] * b[1] - a[1] * b[0];

  v_set(o, x, y, z);
}

static double v_normalize(double a[3])
{
  double n = sqrt(v_dot(a, a));

  if (n > 1e-300) {
    a[0] /= n;
    a[1] /= n;
    a[2] /= n;
  }
  return n;
}

/* Any unit vector perpendicular to unit @a. */
static void v_perpendicular(double o[3], const double a[3])
{
  double helper[3] = {1.0, 0.0, 0.0};

  if (fabs(a[0]) > 0.8)
    v_set(helper, 0.0, 1.0, 0.0);
  v_cross(o, a, helper);
  v_normalize(o);
}

/* The body's directions in the heart frame, for placing the great vessels. The LV long axis
 * (apex to base) points to the right, posteriorly and superiorly, ~45 degrees off the body's
 * vertical (levocardia; Standring (ed.), Gray's Anatomy 41st ed., 2016, ch. 57): here
 * (left, anterior, superior) = (-0.6, -0.4, 0.7). The anterior wall (+y) faces anteriorly and
 * superiorly, the inferior wall the diaphragm, the septum (-x) right and anterior, the lateral
 * wall (+x) left and posterior. body_axes[i] is heart axis i in (left, anterior, superior). */
static void body_axes(double axes[3][3])
{
  double up[3] = {0.0, 0.25, 1.0};

  v_set(axes[2], -0.6, -0.4, 0.7);
  v_normalize(axes[2]);
  v_mad(axes[1], up, -v_dot(up, axes[2]), axes[2]);
  v_normalize(axes[1]);
  /* Lateral: perpendicular to both, toward the patient's left (a mirror of the body's
   * handedness, see ct-heart-mesh.h). */
  v_cross(axes[0], axes[1], axes[2]);
  if (axes[0][0] < 0.0)
    v_set(axes[0], -axes[0][0], -axes[0][1], -axes[0][2]);
}

/* o = from + the body offset (left, anterior, superior) in mm, in the heart frame. */
static void body(double o[3], const double from[3], double left, double anterior, double superior)
{
  double axes[3][3], d[3] = {left, anterior, superior};

  body_axes(axes);
  for (int i = 0; i < 3; i++)
    o[i] = from[i] + v_dot(d, axes[i]);
}

void ct_heart_body_axes(float left[3], float anterior[3], float superior[3])
{
  double axes[3][3];

  body_axes(axes);
  for (int i = 0; i < 3; i++) {
    left[i] = (float)axes[i][0];
    anterior[i] = (float)axes[i][1];
    superior[i] = (float)axes[i][2];
  }
}

/* ---- the growing mesh ------------------------------------------------------------------- */

typedef struct {
  CtVertex *v;
  size_t nv, cap_v;
  uint32_t *idx;
  size_t ni, cap_i;
  int failed;
} Builder;

typedef struct {
  uint8_t part;
  uint8_t segment;
  uint8_t chamber;
  float depth;
} Attr;

static int b_reserve(Builder *b, size_t nv, size_t ni)
{
  if (b->failed)
    return -1;
  if (b->nv + nv > b->cap_v) {
    size_t cap = b->cap_v * 2 > b->nv + nv ? b->cap_v * 2 : b->nv + nv + 1024;
    CtVertex *v = realloc(b->v, cap * sizeof *v);

    if (v == NULL) {
      b->failed = 1;
      return -1;
    }
    b->v = v;
    b->cap_v = cap;
  }
  if (b->ni + ni > b->cap_i) {
    size_t cap = b->cap_i * 2 > b->ni + ni ? b->cap_i * 2 : b->ni + ni + 4096;
    uint32_t *idx = realloc(b->idx, cap * sizeof *idx);

    if (idx == NULL) {
      b->failed = 1;
      return -1;
    }
    b->idx = idx;
    b->cap_i = cap;
  }
  return 0;
}

/* Appends a vertex (room reserved by the caller). */
static uint32_t b_vertex(Builder *b, const double p[3], const double n[3], const Attr *a,
                         double depth, double valve)
{
  CtVertex *v = &b->v[b->nv];
  double nn[3];

  v_copy(nn, n);
  if (v_normalize(nn) < 1e-300)
    v_set(nn, 0.0, 0.0, 1.0);
  for (int i = 0; i < 3; i++) {
    v->position[i] = (float)p[i];
    v->normal[i] = (float)nn[i];
  }
  v->part = a->part;
  v->segment = a->segment;
  v->chamber = a->chamber;
  v->valve = (uint8_t)(valve >= 0.5 ? 1 : 0);
  v->depth = (float)depth;
  return (uint32_t)b->nv++;
}

/* Appends a triangle (room reserved), wound counter-clockwise around its vertices' normals;
 * degenerate ones (at a pole) are dropped. */
static void b_tri(Builder *b, uint32_t i0, uint32_t i1, uint32_t i2)
{
  const float *p0 = b->v[i0].position, *p1 = b->v[i1].position, *p2 = b->v[i2].position;
  double e1[3], e2[3], f[3], n[3];

  for (int i = 0; i < 3; i++) {
    e1[i] = (double)p1[i] - (double)p0[i];
    e2[i] = (double)p2[i] - (double)p0[i];
    n[i] = (double)b->v[i0].normal[i] + (double)b->v[i1].normal[i] + (double)b->v[i2].normal[i];
  }
  v_cross(f, e1, e2);
  if (v_dot(f, f) < 1e-10)
    return;
  b->idx[b->ni++] = i0;
  if (v_dot(f, n) >= 0.0) {
    b->idx[b->ni++] = i1;
    b->idx[b->ni++] = i2;
  } else {
    b->idx[b->ni++] = i2;
    b->idx[b->ni++] = i1;
  }
}

/* ---- levels of detail ------------------------------------------------------------------ */

/* How finely each kind of surface is cut into triangles. FULL is the scene as it always was
 * (its numbers must not change: ct_heart_mesh_generate's output is compared byte for byte).
 * REDUCED is for software rasterisers (llvmpipe), whose cost at 4x MSAA grows with the count of
 * small triangles: ~2x coarser around and 1.5-2.7x coarser along every surface, ~22 % of the
 * triangles. What it keeps:
 * - the LV is still cut into one patch per AHA sector and level, so the 17 segments' boundaries
 *   (multiples of 60 degrees, 45 + 90k degrees, the level heights) stay on vertex rings whatever
 *   the count of columns per patch, and every triangle lies in one segment;
 * - the apex cap has as many columns as the apical patches together (7.5 degrees divides 45), so
 *   its ring meets theirs vertex for vertex and the wall stays closed;
 * - 48 columns around the LV (7.5 degrees) and 8 rows a level keep its silhouette smooth at the
 *   view's typical size (the heart ~500 px tall in a 1280x800 view); fewer rows moved the
 *   segments' centres (the vertex nearest their mean, ct_heart_segment_centre) and their normals
 *   toward the base, where a ray from outside at segment 5 meets the descending aorta first;
 * - the RV keeps more rows than columns: its outline in the usual views runs along its length,
 *   and its rounded apex (rv_radii's profile) needs them. */
typedef struct {
  int lv_cols_per_15deg; /* LV columns in every 15 degrees of a sector */
  int lv_rows_per_level; /* LV rows in each AHA level (apical, mid, basal) */
  int lv_cap_rows;       /* rows of the apex cap (segment 17) */
  int rv_around, rv_along;
  int atrium_around, atrium_along;
  int valve_around, valve_rings;
  int tube_divisor;     /* vessels' and appendages' sides: the FULL count / this (at least 6) */
  double curve_step_mm; /* tubes' rings along their curve, every ~this */
  size_t reserve_vertices, reserve_indices; /* a little more than the scene needs */
} Tessellation;

static const Tessellation tessellation_full = {
    .lv_cols_per_15deg = 4,
    .lv_rows_per_level = 12,
    .lv_cap_rows = 10,
    .rv_around = 64,
    .rv_along = 48,
    .atrium_around = 72,
    .atrium_along = 40,
    .valve_around = 48,
    .valve_rings = 8,
    .tube_divisor = 1,
    .curve_step_mm = 1.5,
    .reserve_vertices = 120000,
    .reserve_indices = 600000,
};

static const Tessellation tessellation_reduced = {
    .lv_cols_per_15deg = 2,
    .lv_rows_per_level = 8,
    .lv_cap_rows = 4,
    .rv_around = 32,
    .rv_along = 28,
    .atrium_around = 36,
    .atrium_along = 16,
    .valve_around = 24,
    .valve_rings = 3,
    .tube_divisor = 2,
    .curve_step_mm = 4.0,
    .reserve_vertices = 30000,
    .reserve_indices = 120000,
};

/* ---- parametric patches ----------------------------------------------------------------- */

typedef void (*SurfaceFn)(const void *ctx, double u, double v, double p[3]);

typedef struct {
  SurfaceFn f;
  const void *ctx;
  double u0, u1, v0, v1;
  int nu, nv;  /* quads along u and v */
  int wrap_u;  /* u1 is u0 again: the last column is the first */
  double sign; /* +1: the normal is dp/du x dp/dv, -1: the reverse */
  Attr attr;
  int depth_v; /* depth runs 0..1 with v (a wall's rim) instead of attr.depth */
  int valve_v; /* the valve attribute runs 0..1 with v (a leaflet) */
} Surface;

static double clampd(double x, double lo, double hi)
{
  return x < lo ? lo : (x > hi ? hi : x);
}

static void surface_normal(const Surface *s, double u, double v, double n[3])
{
  double hu = 1e-4 * (s->u1 - s->u0), hv = 1e-4 * (s->v1 - s->v0);
  double pa[3], pb[3], du[3], dv[3], ua, ub, va, vb;

  for (int attempt = 0; attempt < 3; attempt++) {
    ua = s->wrap_u ? u - hu : clampd(u - hu, s->u0, s->u1);
    ub = s->wrap_u ? u + hu : clampd(u + hu, s->u0, s->u1);
    va = clampd(v - hv, s->v0, s->v1);
    vb = clampd(v + hv, s->v0, s->v1);
    s->f(s->ctx, ua, v, pa);
    s->f(s->ctx, ub, v, pb);
    v_sub(du, pb, pa);
    s->f(s->ctx, u, va, pa);
    s->f(s->ctx, u, vb, pb);
    v_sub(dv, pb, pa);
    v_cross(n, du, dv);
    if (v_dot(n, n) > 1e-24 * (v_dot(du, du) * v_dot(dv, dv) + 1e-300))
      break;
    /* At a pole: step into the patch. */
    v = v <= 0.5 * (s->v0 + s->v1) ? v + 1e-3 * (s->v1 - s->v0) : v - 1e-3 * (s->v1 - s->v0);
  }
  n[0] *= s->sign;
  n[1] *= s->sign;
  n[2] *= s->sign;
}

static void b_surface(Builder *b, const Surface *s)
{
  int cols = s->wrap_u ? s->nu : s->nu + 1;
  uint32_t base;

  if (b_reserve(b, (size_t)cols * (size_t)(s->nv + 1), (size_t)s->nu * (size_t)s->nv * 6) != 0)
    return;
  base = (uint32_t)b->nv;
  for (int j = 0; j <= s->nv; j++) {
    double fv = (double)j / s->nv, v = s->v0 + fv * (s->v1 - s->v0);

    for (int i = 0; i < cols; i++) {
      double u = s->u0 + (double)i / s->nu * (s->u1 - s->u0), p[3], n[3];

      s->f(s->ctx, u, v, p);
      surface_normal(s, u, v, n);
      b_vertex(b, p, n, &s->attr, s->depth_v ? fv : s->attr.depth, s->valve_v ? fv : 0.0);
    }
  }
  for (int j = 0; j < s->nv; j++) {
    for (int i = 0; i < s->nu; i++) {
      int i1 = s->wrap_u ? (i + 1) % cols : i + 1;
      uint32_t a = base + (uint32_t)(j * cols + i), c = base + (uint32_t)(j * cols + i1);
      uint32_t d = base + (uint32_t)((j + 1) * cols + i1),
               e = base + (uint32_t)((j + 1) * cols + i);

      b_tri(b, a, c, d);
      b_tri(b, a, d, e);
    }
  }
}

/* ---- tubes ------------------------------------------------------------------------------ */

#define MAX_CURVE 1024

typedef struct {
  double p[MAX_CURVE][3];
  double r[MAX_CURVE];
  int n;
} Curve;

/* Catmull-Rom (centripetal, Yuksel et al. 2011, CAD 43:747: no cusps nor self-intersections)
 * through @n control points with radii, sampled every ~@step_mm. */
static void curve_from_points(Curve *c, const double (*cp)[3], const double *cr, int n,
                              double step_mm)
{
  c->n = 0;
  for (int k = 0; k + 1 < n; k++) {
    const double *p0 = cp[k > 0 ? k - 1 : 0], *p1 = cp[k], *p2 = cp[k + 1];
    const double *p3 = cp[k + 2 < n ? k + 2 : n - 1];
    double d[3], t0 = 0.0, t1, t2, t3, len;
    int m;

    v_sub(d, p1, p0);
    t1 = t0 + fmax(sqrt(sqrt(v_dot(d, d))), 1e-3);
    v_sub(d, p2, p1);
    len = sqrt(v_dot(d, d));
    t2 = t1 + fmax(sqrt(len), 1e-3);
    v_sub(d, p3, p2);
    t3 = t2 + fmax(sqrt(sqrt(v_dot(d, d))), 1e-3);
    m = (int)ceil(len / step_mm);
    if (m < 2)
      m = 2;
    for (int i = 0; i < m || (k + 2 == n && i == m); i++) {
      double t = t1 + (t2 - t1) * i / m, f = (double)i / m, q[3];

      if (c->n >= MAX_CURVE)
        return;
      for (int a = 0; a < 3; a++) {
        double a1 = (t1 - t) / (t1 - t0) * p0[a] + (t - t0) / (t1 - t0) * p1[a];
        double a2 = (t2 - t) / (t2 - t1) * p1[a] + (t - t1) / (t2 - t1) * p2[a];
        double a3 = (t3 - t) / (t3 - t2) * p2[a] + (t - t2) / (t3 - t2) * p3[a];
        double b1 = (t2 - t) / (t2 - t0) * a1 + (t - t0) / (t2 - t0) * a2;
        double b2 = (t3 - t) / (t3 - t1) * a2 + (t - t1) / (t3 - t1) * a3;

        q[a] = (t2 - t) / (t2 - t1) * b1 + (t - t1) / (t2 - t1) * b2;
      }
      v_copy(c->p[c->n], q);
      /* Smoothstep between the control radii. */
      c->r[c->n] = cr[k] + (cr[k + 1] - cr[k]) * f * f * (3.0 - 2.0 * f);
      c->n++;
    }
  }
}

typedef struct {
  int around;     /* vertices per ring */
  double dome_mm; /* > 0: the far end closes as a half-ellipsoid this long (appendage tip) */
  int cap_end;    /* close the far end with a flat disc (a vessel cut off) */
  Attr attr;
} TubeStyle;

/* Sweeps a circle along @c with rotation-minimizing frames (double reflection, Wang 2008). */
static void b_tube(Builder *b, const Curve *c, const TubeStyle *st)
{
  double t[MAX_CURVE][3], frame[3], prev_t[3], length = 0.0, along = 0.0, total[MAX_CURVE];
  int n = c->n, m = st->around;
  uint32_t base;

  if (n < 2)
    return;
  if (b_reserve(b, (size_t)n * (size_t)m + (size_t)m + 1,
                (size_t)n * (size_t)m * 6 + (size_t)m * 3) != 0)
    return;
  for (int i = 0; i < n; i++) {
    int a = i > 0 ? i - 1 : 0, z = i + 1 < n ? i + 1 : n - 1;

    v_sub(t[i], c->p[z], c->p[a]);
    v_normalize(t[i]);
    if (i > 0) {
      double d[3];

      v_sub(d, c->p[i], c->p[i - 1]);
      length += sqrt(v_dot(d, d));
    }
    total[i] = length;
  }
  v_perpendicular(frame, t[0]);
  v_copy(prev_t, t[0]);
  base = (uint32_t)b->nv;
  for (int i = 0; i < n; i++) {
    double binormal[3], r = c->r[i], lean = 0.0;

    if (i > 0) {
      double v1[3], rl[3], tl[3], v2[3], c1, c2;

      v_sub(v1, c->p[i], c->p[i - 1]);
      c1 = v_dot(v1, v1);
      if (c1 > 1e-18) {
        v_mad(rl, frame, -2.0 / c1 * v_dot(v1, frame), v1);
        v_mad(tl, prev_t, -2.0 / c1 * v_dot(v1, prev_t), v1);
        v_sub(v2, t[i], tl);
        c2 = v_dot(v2, v2);
        if (c2 > 1e-18)
          v_mad(frame, rl, -2.0 / c2 * v_dot(v2, rl), v2);
        else
          v_copy(frame, rl);
      }
      /* Keep the frame exactly perpendicular (rounding). */
      v_mad(frame, frame, -v_dot(frame, t[i]), t[i]);
      v_normalize(frame);
      v_copy(prev_t, t[i]);
    }
    v_cross(binormal, t[i], frame);
    along = total[i];
    if (st->dome_mm > 0.0 && length - along < st->dome_mm) {
      double d = 1.0 - (length - along) / st->dome_mm; /* 0 where the dome starts, 1 at the tip */

      r *= sqrt(fmax(0.0, 1.0 - d * d));
      lean = d;
    }
    for (int k = 0; k < m; k++) {
      double ang = 2.0 * PI * k / m, radial[3], p[3], nn[3];

      for (int a = 0; a < 3; a++)
        radial[a] = cos(ang) * frame[a] + sin(ang) * binormal[a];
      v_mad(p, c->p[i], r, radial);
      for (int a = 0; a < 3; a++)
        nn[a] = sqrt(fmax(0.0, 1.0 - lean * lean)) * radial[a] + lean * t[i][a];
      b_vertex(b, p, nn, &st->attr, st->attr.depth, 0.0);
    }
  }
  for (int i = 0; i + 1 < n; i++) {
    for (int k = 0; k < m; k++) {
      uint32_t a = base + (uint32_t)(i * m + k), a1 = base + (uint32_t)(i * m + (k + 1) % m);
      uint32_t d = base + (uint32_t)((i + 1) * m + k);
      uint32_t d1 = base + (uint32_t)((i + 1) * m + (k + 1) % m);

      b_tri(b, a, d, d1);
      b_tri(b, a, d1, a1);
    }
  }
  if (st->cap_end && st->dome_mm <= 0.0) {
    uint32_t centre = b_vertex(b, c->p[n - 1], t[n - 1], &st->attr, st->attr.depth, 0.0);
    uint32_t first = (uint32_t)b->nv;

    for (int k = 0; k < m; k++) {
      const float *q = b->v[base + (uint32_t)((n - 1) * m + k)].position;
      double p[3] = {q[0], q[1], q[2]};

      b_vertex(b, p, t[n - 1], &st->attr, st->attr.depth, 0.0);
    }
    for (int k = 0; k < m; k++)
      b_tri(b, centre, first + (uint32_t)k, first + (uint32_t)((k + 1) % m));
  }
}

/* ---- the geometry ----------------------------------------------------------------------- */

CtHeartGeometry ct_heart_geometry_default(void)
{
  CtHeartGeometry g;

  /* LV length, epicardial apex to the mitral annular plane: ~9 cm in adults (apical 4C/2C), a
   * typical value without a checked source: Lang et al. 2015 (JASE 28:1, section I) uses the LV
   * length in the biplane disc-summation method but gives no normal value; measured LV lengths:
   * HUNT3, Stoylen et al. 2016, Open Heart 3:e000465 (not yet compared). */
  g.lv_long_axis_mm = 90.0;
  /* LVIDd: men 50.2 +/- 4.1 mm, women 45.0 +/- 3.6 mm (Lang 2015, section I, LV size table;
   * Table 2, table number to be checked); both sexes ~48. */
  g.lv_end_diastolic_diameter_mm = 48.0;
  /* IVSd and PWd: men 6-10 mm, women 6-9 mm (Lang 2015, section I, LV mass table, linear
   * method; Table 6, table number to be checked; the same ranges in Lang et al. 2005, JASE
   * 18:1440). */
  g.lv_wall_thickness_mm = 9.0;
  /* RV basal diameter, RV-focused apical 4C: 33 +/- 4 mm, normal 25-41 mm (Lang 2015, section
   * II, RV size table; Table 8, table number to be checked). */
  g.rv_end_diastolic_diameter_mm = 33.0;
  /* LA antero-posterior diameter (PLAX): men 30-40 mm, women 27-38 mm (Lang et al. 2005, JASE
   * 18:1440, LA reference limits; Lang 2015, section III, uses the LA volume instead). */
  g.la_diameter_mm = 35.0;
  /* RA minor axis (apical 4C, end-systole): ~1.9-2.0 +/- 0.3 cm/m^2 (Lang 2015, section III, RA
   * size table; the per-sex values and the table number to be checked), i.e. ~36-38 mm at a body
   * surface area of ~1.9 m^2; upper limit 44 mm (Rudski et al. 2010, JASE 23:685). */
  g.ra_diameter_mm = 38.0;
  /* Mitral annulus (not in Lang 2015): maximum annular area index 3.8 +/- 0.7 cm^2/m^2 in late
   * diastole, 26 +/- 3 % smaller in systole (Ormiston et al. 1981, Circulation 64:113; 11 normal
   * subjects), i.e. ~7.2 cm^2 at a body surface area of 1.9 m^2, a circle of ~30 mm; 32 mm here
   * (8.0 cm^2). */
  g.mitral_annulus_mm = 32.0;
  /* Tricuspid annulus, apical 4C, diastole: 28 +/- 5 mm, dilated >= 40 mm or > 21 mm/m^2
   * (Lancellotti et al. 2013, Eur Heart J Cardiovasc Imaging 14:611; the threshold from Dreyfus
   * et al. 2005, Ann Thorac Surg 79:127). */
  g.tricuspid_annulus_mm = 30.0;
  /* Aortic annulus: men 26 +/- 3 mm, women 23 +/- 2 mm (Lang 2015, section IV, aortic root). */
  g.aortic_annulus_mm = 24.0;
  /* Pulmonic annulus ~ the distal RVOT diameter (an approximation): 22 +/- 2.5 mm, 17-27 mm
   * (Lang 2015, section II, RV size table; Table 8, table number to be checked); abnormal
   * > 27 mm (Rudski 2010). */
  g.pulmonary_annulus_mm = 22.0;
  /* Sinuses of Valsalva: men 34 +/- 3 mm, women 30 +/- 3 mm (Lang 2015, section IV). */
  g.aortic_root_mm = 32.0;
  return g;
}

static int in_range(double x, double lo, double hi)
{
  return isfinite(x) && x >= lo && x <= hi;
}

int ct_heart_geometry_validate(const CtHeartGeometry *g)
{
  if (g == NULL)
    return -1;
  /* Ranges: a newborn's heart (LV length ~ 25 mm) to the largest dilated hearts (LVIDd ~ 90 mm),
   * with margin; beyond them the shape below stops being a heart. */
  if (!in_range(g->lv_long_axis_mm, 25.0, 200.0) ||
      !in_range(g->lv_end_diastolic_diameter_mm, 10.0, 120.0) ||
      !in_range(g->lv_wall_thickness_mm, 1.0, 40.0) ||
      !in_range(g->rv_end_diastolic_diameter_mm, 8.0, 120.0) ||
      !in_range(g->la_diameter_mm, 8.0, 120.0) || !in_range(g->ra_diameter_mm, 8.0, 120.0) ||
      !in_range(g->mitral_annulus_mm, 5.0, 90.0) ||
      !in_range(g->tricuspid_annulus_mm, 5.0, 100.0) ||
      !in_range(g->aortic_annulus_mm, 4.0, 70.0) || !in_range(g->pulmonary_annulus_mm, 4.0, 70.0) ||
      !in_range(g->aortic_root_mm, 4.0, 100.0))
    return -1;
  /* The cavity must leave room inside the long axis and the wall. */
  if (g->lv_wall_thickness_mm * 2.0 >= g->lv_end_diastolic_diameter_mm ||
      g->lv_wall_thickness_mm * 3.0 >= g->lv_long_axis_mm ||
      g->lv_end_diastolic_diameter_mm > 1.5 * g->lv_long_axis_mm)
    return -1;
  return 0;
}

/* The LV's spheroids, derived from the geometry. */
typedef struct {
  double a, b, zc; /* semi-major (along z), semi-minor, centre height */
} Spheroid;

typedef struct {
  Spheroid endo, epi;
  double length, wall;
  double z_levels[4]; /* apex cap top, apical/mid, mid/basal, base */
} LvShape;

static void lv_shape(const CtHeartGeometry *g, LvShape *lv)
{
  double len = g->lv_long_axis_mm, t = g->lv_wall_thickness_mm;

  /* The endocardial apex lies one wall thickness above the epicardial one (the apical wall is
   * as thick as the rest in this model; thinner in life, ~ 6-8 mm). The base lies
   * CT_HEART_LV_TRUNCATION * a above the centre: t + a (1 + f) = len. */
  lv->endo.a = (len - t) / (1.0 + CT_HEART_LV_TRUNCATION);
  lv->endo.b = 0.5 * g->lv_end_diastolic_diameter_mm;
  lv->endo.zc = t + lv->endo.a;
  lv->epi.a = lv->endo.a + t;
  lv->epi.b = lv->endo.b + t;
  lv->epi.zc = lv->endo.zc;
  lv->length = len;
  lv->wall = t;
  lv->z_levels[0] = t + CT_HEART_APEX_CAP_SHARE * len;
  lv->z_levels[3] = len;
  lv->z_levels[1] = lv->z_levels[0] + (len - lv->z_levels[0]) / 3.0;
  lv->z_levels[2] = lv->z_levels[0] + 2.0 * (len - lv->z_levels[0]) / 3.0;
}

/* Polar angle (from the apex) of the spheroid's ring at height z. */
static double spheroid_theta(const Spheroid *s, double z)
{
  return acos(clampd((s->zc - z) / s->a, -1.0, 1.0));
}

static void spheroid_point(const Spheroid *s, double phi, double theta, double p[3])
{
  v_set(p, s->b * sin(theta) * cos(phi), s->b * sin(theta) * sin(phi), s->zc - s->a * cos(theta));
}

static void spheroid_fn(const void *ctx, double u, double v, double p[3])
{
  spheroid_point(ctx, u, v, p);
}

static double spheroid_radius(const Spheroid *s, double z)
{
  double q = (z - s->zc) / s->a;

  return s->b * sqrt(fmax(0.0, 1.0 - q * q));
}

/* The wall's rim at the base: from the endocardial ring (v = 0) to the epicardial one. */
typedef struct {
  const LvShape *lv;
} RimCtx;

static void lv_rim_fn(const void *ctx, double u, double v, double p[3])
{
  const LvShape *lv = ((const RimCtx *)ctx)->lv;
  double r = spheroid_radius(&lv->endo, lv->length) +
             v * (spheroid_radius(&lv->epi, lv->length) - spheroid_radius(&lv->endo, lv->length));

  v_set(p, r * cos(u), r * sin(u), lv->length);
}

int ct_aha_segment_at(float z_fraction, float angle_deg)
{
  /* Cerqueira et al. 2002 (Circulation 105:539): basal and mid sectors of 60 degrees from 0,
   * centred at 30 (anterolateral), 90 (anterior), 150 (anteroseptal), 210 (inferoseptal), 270
   * (inferior), 330 (inferolateral); apical ones of 90 degrees from -45, centred at 0 (lateral), 90
   * (anterior), 180 (septal), 270 (inferior). */
  static const int basal[6] = {6, 1, 2, 3, 4, 5};
  static const int apical[4] = {16, 13, 14, 15};
  double a;
  int sector;

  if (!isfinite(z_fraction) || !isfinite(angle_deg))
    return 0;
  if (z_fraction < 0.0f)
    return 17;
  a = fmod((double)angle_deg, 360.0);
  if (a < 0.0)
    a += 360.0;
  if (z_fraction < 1.0f / 3.0f) {
    sector = (int)floor(fmod(a + 45.0, 360.0) / 90.0);
    return apical[sector > 3 ? 3 : sector];
  }
  sector = (int)floor(a / 60.0);
  sector = sector > 5 ? 5 : sector;
  return z_fraction < 2.0f / 3.0f ? basal[sector] + 6 : basal[sector];
}

static void build_lv(Builder *b, const LvShape *lv, const Tessellation *q)
{
  const Spheroid *sph[2] = {&lv->endo, &lv->epi};
  /* FULL: 12 rows a level, 10 in the cap, a column every 3.75 degrees. */
  const int rows_per_level = q->lv_rows_per_level, cap_rows = q->lv_cap_rows;
  const int cols_per_15 = q->lv_cols_per_15deg;
  RimCtx rim = {lv};

  for (int s = 0; s < 2; s++) {
    Surface cap = {0};

    for (int level = 0; level < 3; level++) {
      int sectors = level == 0 ? 4 : 6;
      double width = 360.0 / sectors, start = level == 0 ? -45.0 : 0.0;

      for (int k = 0; k < sectors; k++) {
        Surface patch = {0};

        patch.f = spheroid_fn;
        patch.ctx = sph[s];
        patch.u0 = (start + k * width) * DEG;
        patch.u1 = (start + (k + 1) * width) * DEG;
        patch.nu = (int)(width / 15.0) * cols_per_15;
        patch.v0 = spheroid_theta(sph[s], lv->z_levels[level]);
        patch.v1 = spheroid_theta(sph[s], lv->z_levels[level + 1]);
        patch.nv = rows_per_level;
        patch.sign = s == 0 ? -1.0 : 1.0;
        patch.attr.part = CT_PART_LV;
        patch.attr.chamber = CT_CHAMBER_LV;
        /* The sector's centre at the level's middle height. */
        patch.attr.segment = (uint8_t)ct_aha_segment_at((float)((level + 0.5) / 3.0),
                                                        (float)(start + (k + 0.5) * width));
        patch.attr.depth = (float)s;
        b_surface(b, &patch);
        if (level == 2) {
          Surface r = patch;

          r.f = lv_rim_fn;
          r.ctx = &rim;
          r.v0 = 0.0;
          r.v1 = 1.0;
          r.nv = 1;
          r.sign = -1.0; /* dphi x dr = -z: the rim faces the base */
          r.depth_v = 1;
          if (s == 0)
            b_surface(b, &r);
        }
      }
    }
    cap.f = spheroid_fn;
    cap.ctx = sph[s];
    cap.u0 = 0.0;
    cap.u1 = 2.0 * PI;
    cap.nu = 24 * cols_per_15; /* the same columns as the apical patches: a closed wall */
    cap.wrap_u = 1;
    cap.v0 = 0.0;
    cap.v1 = spheroid_theta(sph[s], lv->z_levels[0]);
    cap.nv = cap_rows;
    cap.sign = s == 0 ? -1.0 : 1.0;
    cap.attr.part = CT_PART_LV;
    cap.attr.chamber = CT_CHAMBER_LV;
    cap.attr.segment = (uint8_t)ct_aha_segment_at(-1.0f, 0.0f);
    cap.attr.depth = (float)s;
    b_surface(b, &cap);
  }
}

/* ---- the RV: a crescent on the septum --------------------------------------------------- */

typedef struct {
  const LvShape *lv;
  double z0, z1;       /* RV apex and top (tricuspid plane) */
  double bulge;        /* free wall's greatest distance from the septal epicardium (mm) */
  double wall;         /* free wall thickness (mm) */
  double phi_a, phi_i; /* anterior and inferior septal junctions */
  int epi;             /* which surface the function draws */
} RvCtx;

/* u: 0 at the anterior junction .. 1 at the inferior one; v: 0 at the RV apex .. 1 at the top. */
static void rv_radii(const RvCtx *rv, double u, double v, double *r_lv, double *r_endo,
                     double *r_epi, double *z)
{
  /* Quarter-ellipse profile: a rounded RV apex, full width from mid-cavity to the base. */
  double s = pow(clampd(v, 0.0, 1.0), 1.5);
  double profile = sqrt(fmax(0.0, 1.0 - (1.0 - s) * (1.0 - s)));
  /* The crescent bulges most a little anterior of its middle (the RV wraps the anterior septum
   * more than the inferior one: a proportion). */
  double w = clampd(u, 0.0, 1.0), shape = pow(sin(PI * pow(w, 0.756)), 0.55);

  *z = rv->z0 + (rv->z1 - rv->z0) * s;
  *r_lv = spheroid_radius(&rv->lv->epi, *z);
  *r_endo = *r_lv + rv->bulge * profile * shape;
  *r_epi = *r_endo + rv->wall * profile * pow(sin(PI * w), 0.25);
}

static void rv_fn(const void *ctx, double u, double v, double p[3])
{
  const RvCtx *rv = ctx;
  double r_lv, r_endo, r_epi, z, phi = rv->phi_a + (rv->phi_i - rv->phi_a) * u;
  double r;

  rv_radii(rv, u, v, &r_lv, &r_endo, &r_epi, &z);
  r = rv->epi ? r_epi : r_endo;
  v_set(p, r * cos(phi), r * sin(phi), z);
}

static void rv_rim_fn(const void *ctx, double u, double v, double p[3])
{
  const RvCtx *rv = ctx;
  double r_lv, r_endo, r_epi, z, phi = rv->phi_a + (rv->phi_i - rv->phi_a) * u;
  double r;

  rv_radii(rv, u, 1.0, &r_lv, &r_endo, &r_epi, &z);
  r = r_endo + v * (r_epi - r_endo);
  v_set(p, r * cos(phi), r * sin(phi), z);
}

/* Cavity and wall volumes (ml) of the crescent, integrating the polar areas between the septal
 * epicardium, the free wall's endocardium and its epicardium. */
static void rv_volumes(const RvCtx *rv, double *cavity_ml, double *wall_ml)
{
  const int n = 200;
  double cavity = 0.0, wall = 0.0, dphi = (rv->phi_i - rv->phi_a) / n;

  for (int j = 0; j < n; j++) {
    double v0 = (double)j / n, v1 = (double)(j + 1) / n, r_lv, r_endo, r_epi, z0, z1;
    double vm = 0.5 * (v0 + v1), area_c = 0.0, area_w = 0.0;

    rv_radii(rv, 0.5, v0, &r_lv, &r_endo, &r_epi, &z0);
    rv_radii(rv, 0.5, v1, &r_lv, &r_endo, &r_epi, &z1);
    for (int i = 0; i < n; i++) {
      double u = (i + 0.5) / n, z;

      rv_radii(rv, u, vm, &r_lv, &r_endo, &r_epi, &z);
      area_c += 0.5 * (r_endo * r_endo - r_lv * r_lv) * dphi;
      area_w += 0.5 * (r_epi * r_epi - r_endo * r_endo) * dphi;
    }
    cavity += area_c * (z1 - z0);
    wall += area_w * (z1 - z0);
  }
  *cavity_ml = cavity * 1e-3;
  *wall_ml = wall * 1e-3;
}

static void build_rv(Builder *b, RvCtx *rv, const Tessellation *q)
{
  Surface s = {0};
  RvCtx rim = *rv;

  s.f = rv_fn;
  s.u0 = 0.0;
  s.u1 = 1.0;
  s.nu = q->rv_around;
  s.v0 = 0.0;
  s.v1 = 1.0;
  s.nv = q->rv_along;
  s.attr.part = CT_PART_RV;
  s.attr.chamber = CT_CHAMBER_RV;
  for (int e = 0; e < 2; e++) {
    rv->epi = e;
    s.ctx = rv;
    /* du (toward the inferior junction, i.e. increasing phi) x dv (up) points away from the LV
     * axis: outward for the epicardium; the endocardium faces the septum. */
    s.sign = e ? 1.0 : -1.0;
    s.attr.depth = (float)e;
    b_surface(b, &s);
  }
  s.f = rv_rim_fn;
  s.ctx = &rim;
  s.nv = 1;
  s.sign = -1.0; /* du x dr is -z: the rim faces the base */
  s.depth_v = 1;
  b_surface(b, &s);
}

/* ---- atria: blobs sitting on their valve annuli ---------------------------------------- */

typedef struct {
  double base[3]; /* annulus centre */
  double axis[3], e1[3], e2[3];
  double r_annulus;      /* mm */
  double r1, r2, height; /* body semi-axes along e1, e2; height along axis (mm) */
  double lean[3];        /* shear of the roof relative to the annulus (mm) */
  double beta0;
} AtriumCtx;

static void atrium_fn(const void *ctx, double u, double v, double p[3])
{
  const AtriumCtx *a = ctx;
  double beta = a->beta0 + v * (PI - a->beta0);
  double k = a->height / (1.0 + cos(a->beta0));
  double h = k * (cos(a->beta0) - cos(beta));
  /* Near the annulus the section is the annulus' circle, then the body's ellipse. */
  double blend = clampd(v / 0.35, 0.0, 1.0), r_ring = a->r_annulus / sin(a->beta0);
  double rr1, rr2, f;

  blend = blend * blend * (3.0 - 2.0 * blend);
  rr1 = r_ring + blend * (a->r1 - r_ring);
  rr2 = r_ring + blend * (a->r2 - r_ring);
  f = h / a->height;
  for (int i = 0; i < 3; i++)
    p[i] = a->base[i] + h * a->axis[i] +
           sin(beta) * (rr1 * cos(u) * a->e1[i] + rr2 * sin(u) * a->e2[i]) + f * f * a->lean[i];
}

static void atrium_setup(AtriumCtx *a, const double base[3], const double axis[3], double r_annulus,
                         double r1, double r2, double height)
{
  double x[3] = {1.0, 0.0, 0.0};

  v_copy(a->base, base);
  v_copy(a->axis, axis);
  v_normalize(a->axis);
  v_mad(a->e1, x, -v_dot(x, a->axis), a->axis);
  v_normalize(a->e1);
  v_cross(a->e2, a->axis, a->e1);
  a->r_annulus = r_annulus;
  a->r1 = r1;
  a->r2 = r2;
  a->height = height;
  a->beta0 = asin(clampd(r_annulus / fmin(r1, r2), 0.05, 0.95));
  v_set(a->lean, 0.0, 0.0, 0.0);
}

static void build_atrium(Builder *b, const AtriumCtx *a, CtPart part, CtChamber chamber,
                         const Tessellation *q)
{
  Surface s = {0};

  s.f = atrium_fn;
  s.ctx = a;
  s.u0 = 0.0;
  s.u1 = 2.0 * PI;
  s.nu = q->atrium_around;
  s.wrap_u = 1;
  s.v0 = 0.0;
  s.v1 = 1.0;
  s.nv = q->atrium_along;
  /* du (around e1 -> e2) x dv (up the axis) points outward. */
  s.sign = 1.0;
  s.attr.part = (uint8_t)part;
  s.attr.chamber = (uint8_t)chamber;
  s.attr.depth = 0.0f; /* a thin wall: the surface is the endocardium */
  b_surface(b, &s);
}

/* ---- valves: leaflet discs, two-sided ---------------------------------------------------- */

typedef struct {
  double centre[3], flow[3], e1[3], e2[3];
  double radius, billow;
} ValveCtx;

static void valve_fn(const void *ctx, double u, double v, double p[3])
{
  const ValveCtx *c = ctx;
  double r = c->radius * (1.0 - v), h = -c->billow * c->radius * v * (2.0 - v);

  for (int i = 0; i < 3; i++)
    p[i] = c->centre[i] + r * (cos(u) * c->e1[i] + sin(u) * c->e2[i]) + h * c->flow[i];
}

static void build_valve(Builder *b, const double centre[3], const double flow[3], double diameter,
                        double billow, CtPart part, uint8_t chamber, const Tessellation *q)
{
  ValveCtx c;
  Surface s = {0};

  v_copy(c.centre, centre);
  v_copy(c.flow, flow);
  v_normalize(c.flow);
  v_perpendicular(c.e1, c.flow);
  v_cross(c.e2, c.flow, c.e1);
  c.radius = 0.5 * diameter;
  /* Closed leaflets bow against the flow (into the atrium, toward the ventricle): a proportion. */
  c.billow = billow;
  s.f = valve_fn;
  s.ctx = &c;
  s.u0 = 0.0;
  s.u1 = 2.0 * PI;
  s.nu = q->valve_around;
  s.wrap_u = 1;
  s.v0 = 0.0;
  s.v1 = 1.0;
  s.nv = q->valve_rings;
  s.valve_v = 1;
  s.attr.part = (uint8_t)part;
  s.attr.chamber = chamber;
  s.attr.depth = 0.0f;
  for (int side = 0; side < 2; side++) {
    s.sign = side ? -1.0 : 1.0;
    b_surface(b, &s);
  }
}

/* ---- vessels ---------------------------------------------------------------------------- */

/* @around: the sides at FULL detail (@q divides them). */
static void build_vessel(Builder *b, const Tessellation *q, Curve *c, const double (*cp)[3],
                         const double *radii, int n, int around, int cap, double dome, CtPart part,
                         uint8_t chamber, float depth)
{
  TubeStyle st = {0};

  curve_from_points(c, cp, radii, n, q->curve_step_mm);
  /* Six sides at least: the thinnest coronaries still read as round tubes. */
  st.around = around / q->tube_divisor > 6 ? around / q->tube_divisor : 6;
  st.cap_end = cap;
  st.dome_mm = dome;
  st.attr.part = (uint8_t)part;
  st.attr.chamber = chamber;
  st.attr.depth = depth;
  b_tube(b, c, &st);
}

/* A point @lift mm off the LV epicardium at (phi, z), or past the apex (z < 0: the meridian
 * continues over the apex onto the opposite side). */
static void lv_surface_point(const LvShape *lv, double phi, double theta, double lift, double p[3])
{
  const Spheroid *s = &lv->epi;
  double n[3];

  spheroid_point(s, phi, theta, p);
  v_set(n, p[0] / (s->b * s->b), p[1] / (s->b * s->b), (p[2] - s->zc) / (s->a * s->a));
  v_normalize(n);
  v_mad(p, p, lift, n);
}

static void rv_surface_point(const RvCtx *rv, double u, double v, double lift, double p[3])
{
  double r_lv, r_endo, r_epi, z, phi = rv->phi_a + (rv->phi_i - rv->phi_a) * u;

  rv_radii(rv, u, v, &r_lv, &r_endo, &r_epi, &z);
  v_set(p, (r_epi + lift) * cos(phi), (r_epi + lift) * sin(phi), z);
}

/* ---- volumes ---------------------------------------------------------------------------- */

static void posed(const CtVertex *v, const CtHeartPose *pose, double out[3])
{
  if (pose == NULL) {
    v_set(out, v->position[0], v->position[1], v->position[2]);
  } else {
    float o[3];

    ct_vertex_posed_position(v, pose, o);
    v_set(out, o[0], o[1], o[2]);
  }
}

double ct_heart_mesh_endocardial_volume_ml(const CtMesh *mesh, const CtHeartPose *pose, CtPart part,
                                           const float plane_point[3])
{
  CtVertex origin_vertex = {0};
  double o[3], sum = 0.0;

  if (mesh == NULL || plane_point == NULL)
    return 0.0;
  memcpy(origin_vertex.position, plane_point, sizeof origin_vertex.position);
  origin_vertex.part = (uint8_t)part;
  origin_vertex.chamber = (uint8_t)part; /* the chamber parts share CtChamber's numbers */
  posed(&origin_vertex, pose, o);
  for (size_t t = 0; t + 2 < mesh->n_indices; t += 3) {
    const CtVertex *v[3];
    double p[3][3], d[3][3], c[3];
    int ok = 1;

    for (int k = 0; k < 3; k++) {
      v[k] = &mesh->vertices[mesh->indices[t + (size_t)k]];
      if (v[k]->part != part || v[k]->depth != 0.0f)
        ok = 0;
    }
    if (!ok)
      continue;
    for (int k = 0; k < 3; k++) {
      posed(v[k], pose, p[k]);
      v_sub(d[k], p[k], o);
    }
    v_cross(c, d[1], d[2]);
    sum += v_dot(d[0], c);
  }
  /* The endocardium faces into the cavity (out of the myocardium): its signed volume is
   * negative. */
  return -sum / 6.0 * 1e-3;
}

/* Signed volume (ml) enclosed by the triangles [first_index, end_index) at the reference
 * geometry, seen from @o (a point in the plane of the surface's one opening, if any). */
static double closed_volume_ml(const Builder *b, size_t first_index, size_t end_index,
                               const double o[3])
{
  double sum = 0.0;

  for (size_t t = first_index; t + 2 < end_index; t += 3) {
    double d[3][3], c[3];

    for (int k = 0; k < 3; k++) {
      const float *q = b->v[b->idx[t + (size_t)k]].position;
      double p[3] = {q[0], q[1], q[2]};

      v_sub(d[k], p, o);
    }
    v_cross(c, d[1], d[2]);
    sum += v_dot(d[0], c);
  }
  return sum / 6.0 * 1e-3;
}

static double surface_area_mm2(const Builder *b, size_t first_index, size_t end_index)
{
  double area = 0.0;

  for (size_t t = first_index; t + 2 < end_index; t += 3) {
    double p[3][3], e1[3], e2[3], c[3];

    for (int k = 0; k < 3; k++)
      for (int a = 0; a < 3; a++)
        p[k][a] = b->v[b->idx[t + (size_t)k]].position[a];
    v_sub(e1, p[1], p[0]);
    v_sub(e2, p[2], p[0]);
    v_cross(c, e1, e2);
    area += 0.5 * sqrt(v_dot(c, c));
  }
  return area;
}

void ct_heart_lv_base_centre(const CtHeartGeometry *g, float centre[3])
{
  centre[0] = 0.0f;
  centre[1] = 0.0f;
  centre[2] = (float)g->lv_long_axis_mm;
}

static void set_reference(CtChamberReference *r, const double origin[3], const double axis[3],
                          double cavity_ml, double wall_ml, double long_share)
{
  for (int i = 0; i < 3; i++) {
    r->origin[i] = (float)origin[i];
    r->axis[i] = (float)axis[i];
  }
  r->cavity_volume_ml = (float)cavity_ml;
  r->wall_volume_ml = (float)wall_ml;
  r->long_axis_share = (float)long_share;
}

/* ---- the scene -------------------------------------------------------------------------- */

/* Atrial wall thickness: ~2 mm, a drawing value. LA wall 1.5-4.8 mm, a range reported for the
 * anterior wall (Ho et al. 2012, Circ Arrhythm Electrophysiol 5:220, "Left atrial anatomy
 * revisited"; passage not checked against the text); 2.2-3.2 mm around the LAA orifice at
 * autopsy (Slodowska et al. 2021, J Cardiovasc Electrophysiol, doi:10.1111/jce.15157). */
#define ATRIAL_WALL_MM 2.0
/* RV free-wall thickness (subcostal): 3 +/- 1 mm, abnormal > 5 mm (Lang 2015, section II, RV
 * size table; Table 8, table number to be checked); 4 mm here, within the normal range. */
#define RV_WALL_MM 4.0

int ct_heart_mesh_generate(const CtHeartGeometry *g, CtMesh *mesh,
                           CtChamberReference references[CT_CHAMBER_COUNT])
{
  return ct_heart_mesh_generate_detailed(g, CT_HEART_DETAIL_FULL, mesh, references);
}

int ct_heart_mesh_generate_detailed(const CtHeartGeometry *g, CtHeartDetail detail, CtMesh *mesh,
                                    CtChamberReference references[CT_CHAMBER_COUNT])
{
  const Tessellation *q =
      detail == CT_HEART_DETAIL_REDUCED ? &tessellation_reduced : &tessellation_full;
  Builder b = {0};
  LvShape lv;
  RvCtx rv;
  AtriumCtx la, ra;
  Curve *c;
  double mitral[3], mitral_up[3], aortic[3], aortic_out[3], tricuspid[3], tricuspid_up[3];
  double pulmonary[3], pulmonary_out[3], flow[3], rb_endo, tmp[3];
  double axis_z[3] = {0.0, 0.0, 1.0}, origin[3] = {0.0, 0.0, 0.0};
  double asc, arch, desc;
  size_t i0, i1;

  if (mesh == NULL)
    return -1;
  memset(mesh, 0, sizeof *mesh);
  if (ct_heart_geometry_validate(g) != 0 ||
      (detail != CT_HEART_DETAIL_FULL && detail != CT_HEART_DETAIL_REDUCED))
    return -1;
  c = malloc(sizeof *c);
  if (c == NULL)
    return -1;
  if (b_reserve(&b, q->reserve_vertices, q->reserve_indices) != 0) {
    free(c);
    return -1;
  }

  /* LV. */
  lv_shape(g, &lv);
  rb_endo = spheroid_radius(&lv.endo, lv.length);
  i0 = b.ni;
  build_lv(&b, &lv, q);
  i1 = b.ni;
  if (references != NULL) {
    double base[3] = {0.0, 0.0, lv.length}, wall = closed_volume_ml(&b, i0, i1, base);
    CtMesh view = {b.v, b.nv, b.idx + i0, i1 - i0};
    float plane[3];

    ct_heart_lv_base_centre(g, plane);
    /* long_axis_share 0.2: the AV plane descends ~15 % of the long axis (MAPSE ~1.5 cm on a
     * ~9 cm LV; a typical value, no checked source) while the LV ejects ~60 % of its volume
     * (LVEF 63 +/- 5 %, Lang 2015, section I): ln(0.85) / ln(0.4) = 0.18. */
    set_reference(&references[CT_CHAMBER_LV], origin, axis_z,
                  ct_heart_mesh_endocardial_volume_ml(&view, NULL, CT_PART_LV, plane), wall, 0.2);
  }

  /* RV: the free wall joins the septum at the AHA junctions (120 and 240 degrees, Cerqueira
   * 2002: the RV insertions separate the septal from the anterior and inferior segments). Its apex
   * lies at ~ 1/5 of the LV length (the LV forms the cardiac apex: a proportion); it reaches up to
   * the tricuspid plane, ~ 2 mm apical of the mitral one (septal leaflet offset 5-10 mm less at
   * the annulus; a proportion). Its bulge is the basal RV diameter (Lang 2015, section II, RV
   * size table; Table 8, table number to be checked). */
  rv.lv = &lv;
  rv.z0 = 0.2 * lv.length;
  rv.z1 = lv.length - 2.0;
  rv.bulge = g->rv_end_diastolic_diameter_mm;
  rv.wall = RV_WALL_MM;
  rv.phi_a = 120.0 * DEG;
  rv.phi_i = 240.0 * DEG;
  rv.epi = 0;
  build_rv(&b, &rv, q);
  if (references != NULL) {
    double cav, wall, apex[3];

    rv_volumes(&rv, &cav, &wall);
    v_set(apex, -spheroid_radius(&lv.epi, rv.z0), 0.0, rv.z0);
    /* long_axis_share 0.5: TAPSE 24 +/- 3.5 mm on an RV 71 +/- 6 mm long (-34 %) as the RV
     * ejects 55-58 % of its volume (3D RVEF 58 +/- 6.5 %) (Lang 2015, section II, RV size and
     * function tables; Tables 8-9, table numbers to be checked): ln(0.66) / ln(0.45) = 0.52,
     * ln(0.66) / ln(0.42) = 0.48. */
    set_reference(&references[CT_CHAMBER_RV], apex, axis_z, cav, wall, 0.5);
  }

  /* Valve planes. The mitral annulus lies in the base plane, posterolateral of the centre; the
   * aortic one anteroseptal and a little higher (aortic-mitral continuity); the tricuspid one in
   * the RV's basal crescent; the pulmonic one anterior, leftward and ~ 1-2 cm above the aortic
   * (Standring, Gray's Anatomy 41st ed., ch. 57; positions are proportions of the LV base). */
  v_set(mitral, 0.15 * rb_endo, -0.2 * rb_endo, lv.length);
  v_set(mitral_up, 0.1, -0.35, 1.0);
  v_normalize(mitral_up);
  v_set(aortic, -0.45 * rb_endo, 0.5 * rb_endo, lv.length + 0.2 * g->aortic_annulus_mm);
  v_set(aortic_out, -0.25, 0.35, 1.0);
  v_normalize(aortic_out);
  {
    double r_lv, r_endo, r_epi, z;

    rv_radii(&rv, 0.45, 0.97, &r_lv, &r_endo, &r_epi, &z);
    v_set(tricuspid, 0.5 * (r_lv + r_endo) * cos(rv.phi_a + 0.45 * (rv.phi_i - rv.phi_a)),
          0.5 * (r_lv + r_endo) * sin(rv.phi_a + 0.45 * (rv.phi_i - rv.phi_a)), z);
  }
  v_set(tricuspid_up, -0.3, -0.15, 1.0);
  v_normalize(tricuspid_up);
  body(pulmonary, aortic, 12.0, 0.8 * g->aortic_root_mm, 16.0);
  body(pulmonary_out, origin, 0.35, -0.3, 0.9);
  v_normalize(pulmonary_out);

  v_copy(flow, mitral_up);
  flow[0] = -flow[0];
  flow[1] = -flow[1];
  flow[2] = -flow[2];
  build_valve(&b, mitral, flow, g->mitral_annulus_mm, 0.15, CT_PART_MITRAL_VALVE, CT_CHAMBER_LV, q);
  v_set(flow, -tricuspid_up[0], -tricuspid_up[1], -tricuspid_up[2]);
  build_valve(&b, tricuspid, flow, g->tricuspid_annulus_mm, 0.15, CT_PART_TRICUSPID_VALVE,
              CT_CHAMBER_RV, q);
  build_valve(&b, aortic, aortic_out, g->aortic_annulus_mm, 0.2, CT_PART_AORTIC_VALVE,
              CT_VERTEX_STATIC, q);
  build_valve(&b, pulmonary, pulmonary_out, g->pulmonary_annulus_mm, 0.2, CT_PART_PULMONARY_VALVE,
              CT_VERTEX_STATIC, q);

  /* Atria. LA: antero-posterior diameter as measured (Lang 2005), 1.2x wider medio-laterally
   * (42 mm) and 1.15x as tall, annulus to roof (40 mm) (proportions without a checked source;
   * CMR reference values: Maceira et al. 2010, JCMR 12:65, not yet compared), leaning posteriorly
   * over the mitral annulus. */
  atrium_setup(&la, mitral, mitral_up, 0.5 * g->mitral_annulus_mm, 0.6 * g->la_diameter_mm,
               0.5 * g->la_diameter_mm, 1.15 * g->la_diameter_mm);
  v_set(la.lean, 2.0, -8.0, 0.0);
  i0 = b.ni;
  build_atrium(&b, &la, CT_PART_LA, CT_CHAMBER_LA, q);
  i1 = b.ni;
  if (references != NULL) {
    double centre[3];

    v_mad(centre, la.base, 0.5 * la.height, la.axis);
    set_reference(&references[CT_CHAMBER_LA], centre, la.axis,
                  closed_volume_ml(&b, i0, i1, la.base),
                  surface_area_mm2(&b, i0, i1) * ATRIAL_WALL_MM * 1e-3, 0.0);
  }
  /* RA: minor axis as measured (Lang 2015, section III), the major one 1.25x (47.5 mm; here along
   * the body's vertical; RA major axis mean 4.4 cm, upper limit 5.3 cm, Rudski 2010; ~2.4-2.5
   * +/- 0.3 cm/m^2 in Lang 2015, RA size table, values and table number to be checked), leaning
   * to the right. */
  atrium_setup(&ra, tricuspid, tricuspid_up, 0.5 * g->tricuspid_annulus_mm, 0.5 * g->ra_diameter_mm,
               0.55 * g->ra_diameter_mm, 1.25 * g->ra_diameter_mm);
  v_set(ra.lean, -8.0, -6.0, 0.0);
  i0 = b.ni;
  build_atrium(&b, &ra, CT_PART_RA, CT_CHAMBER_RA, q);
  i1 = b.ni;
  if (references != NULL) {
    double centre[3];

    v_mad(centre, ra.base, 0.5 * ra.height, ra.axis);
    set_reference(&references[CT_CHAMBER_RA], centre, ra.axis,
                  closed_volume_ml(&b, i0, i1, ra.base),
                  surface_area_mm2(&b, i0, i1) * ATRIAL_WALL_MM * 1e-3, 0.0);
  }

  /* Appendages: the LAA a hooked finger over the left AV groove toward the pulmonary trunk, the
   * RAA a broad triangle over the aortic root's right side (Standring, Gray's Anatomy ch. 57).
   * LAA orifice ~15-21 mm (mean minimum / maximum), length ~30 mm (Ernst et al. 1995, Anat Rec
   * 242:553, 220 casts; see also Veinot et al. 1997, Circulation 96:3112, 500 autopsy hearts);
   * here orifice 18 mm, tip 10 mm, ~39 mm long including its 10 mm dome (a little long: a
   * proportion). Depth 1: posed like the atrial wall, outside the cavity's volume. */
  {
    double cp[4][3], rr[4], p0[3];

    for (int i = 0; i < 3; i++)
      p0[i] = la.base[i] + 0.45 * la.height * la.axis[i] + 0.6 * la.r1 * la.e1[i] +
              0.45 * la.r2 * la.e2[i];
    v_copy(cp[0], p0);
    v_set(cp[1], p0[0] + 10.0, p0[1] + 8.0, p0[2] - 2.0);
    v_set(cp[2], cp[1][0] + 6.0, cp[1][1] + 12.0, cp[1][2] - 6.0);
    v_set(cp[3], cp[2][0] - 3.0, cp[2][1] + 10.0, cp[2][2] - 3.0);
    rr[0] = 9.0;
    rr[1] = 8.0;
    rr[2] = 6.5;
    rr[3] = 5.0;
    build_vessel(&b, q, c, (const double(*)[3])cp, rr, 4, 24, 0, 10.0, CT_PART_LA, CT_CHAMBER_LA,
                 1.0f);

    for (int i = 0; i < 3; i++)
      p0[i] = ra.base[i] + 0.55 * ra.height * ra.axis[i] + 0.3 * ra.r1 * ra.e1[i] +
              0.55 * ra.r2 * ra.e2[i];
    v_copy(cp[0], p0);
    v_set(cp[1], p0[0] + 9.0, p0[1] + 9.0, p0[2] + 2.0);
    v_set(cp[2], cp[1][0] + 9.0, cp[1][1] + 6.0, cp[1][2] - 1.0);
    rr[0] = 13.0;
    rr[1] = 11.0;
    rr[2] = 8.0;
    build_vessel(&b, q, c, (const double(*)[3])cp, rr, 3, 28, 0, 12.0, CT_PART_RA, CT_CHAMBER_RA,
                 1.0f);
  }

  /* Aorta. Ascending ~0.89x the sinuses (Lang 2015, section IV: proximal ascending aorta men
   * 30 +/- 4, women 27 +/- 4 mm vs sinuses 34/30), the arch ~0.84x and the descending thoracic
   * aorta ~0.75x: 28.5, 26.9 and 24.0 mm from 32 mm sinuses (Hager et al. 2002, J Thorac
   * Cardiovasc Surg 123:1060, CT in 70 adults: proximal / distal arch 27.7 / 26.1, isthmus
   * 24.7, at the diaphragm 24.3 mm). */
  asc = 0.89 * g->aortic_root_mm;
  arch = 0.84 * g->aortic_root_mm;
  desc = 0.75 * g->aortic_root_mm;
  {
    double cp[10][3], rr[10];

    v_copy(cp[0], aortic);
    v_mad(cp[1], aortic, 0.3 * g->aortic_root_mm, aortic_out);
    v_mad(cp[2], aortic, 0.65 * g->aortic_root_mm, aortic_out);
    body(cp[3], cp[2], -6.0, 3.0, 25.0);
    body(cp[4], cp[3], 3.0, -6.0, 20.0);
    body(cp[5], cp[4], 14.0, -16.0, 8.0);
    body(cp[6], cp[5], 12.0, -18.0, -8.0);
    body(cp[7], cp[6], 10.0, -26.0, -30.0);
    body(cp[8], cp[7], 0.0, -6.0, -60.0);
    body(cp[9], cp[8], 0.0, 0.0, -60.0);
    rr[0] = 0.5 * g->aortic_annulus_mm;
    rr[1] = 0.5 * g->aortic_root_mm;
    /* Sinotubular junction: men 29 +/- 3, women 26 +/- 3 mm vs sinuses 34 / 30 (Lang 2015,
     * section IV): ~0.86x the sinuses, 27.5 mm from 32 mm. */
    rr[2] = 0.5 * 0.86 * g->aortic_root_mm;
    rr[3] = 0.5 * asc;
    rr[4] = 0.5 * (asc + arch) * 0.5;
    rr[5] = 0.5 * arch;
    rr[6] = 0.5 * arch;
    rr[7] = 0.5 * desc;
    rr[8] = 0.5 * desc;
    rr[9] = 0.5 * desc;
    build_vessel(&b, q, c, (const double(*)[3])cp, rr, 10, 48, 1, 0.0, CT_PART_AORTA,
                 CT_VERTEX_STATIC, 1.0f);

    /* Head vessels from the arch's top: brachiocephalic trunk, left common carotid, left
     * subclavian, 0.4x, 0.25x and 0.3x the arch's diameter: 10.8, 6.7 and 8.1 mm from a 26.9 mm
     * arch (proportions without a measured source). */
    {
      double hp[3][3], hr[3];
      const double dirs[3][3] = {{-10.0, 4.0, 45.0}, {2.0, 0.0, 50.0}, {14.0, -4.0, 42.0}};
      const double where[3] = {0.25, 0.75, 0.3}, sizes[3] = {0.4, 0.25, 0.3};

      for (int k = 0; k < 3; k++) {
        const double *from = k < 2 ? cp[4] : cp[5], *to = k < 2 ? cp[5] : cp[6];

        for (int i = 0; i < 3; i++)
          hp[0][i] = from[i] + where[k] * (to[i] - from[i]);
        body(hp[1], hp[0], 0.3 * dirs[k][0], 0.3 * dirs[k][1], 0.4 * dirs[k][2]);
        body(hp[2], hp[0], dirs[k][0], dirs[k][1], dirs[k][2]);
        hr[0] = hr[1] = hr[2] = 0.5 * sizes[k] * arch;
        build_vessel(&b, q, c, (const double(*)[3])hp, hr, 3, 24, 1, 0.0, CT_PART_AORTA,
                     CT_VERTEX_STATIC, 1.0f);
      }
    }
  }

  /* RV outflow tract: from the crescent's anterior top up to the pulmonic annulus (static: it
   * carries the pulmonic valve). Infundibulum ~ RVOT proximal diameter 21-35 mm (Lang 2015,
   * section II, RV size table; Table 8, table number to be checked); here ~29 mm, 1.3x the
   * annulus (a proportion). */
  {
    double cp[4][3], rr[4], r_lv, r_endo, r_epi, z, phi = rv.phi_a + 0.3 * (rv.phi_i - rv.phi_a);

    rv_radii(&rv, 0.3, 0.9, &r_lv, &r_endo, &r_epi, &z);
    v_set(cp[0], (r_lv + 0.55 * (r_endo - r_lv)) * cos(phi),
          (r_lv + 0.55 * (r_endo - r_lv)) * sin(phi), z);
    v_mad(cp[2], pulmonary, -12.0, pulmonary_out);
    for (int i = 0; i < 3; i++)
      cp[1][i] = 0.5 * (cp[0][i] + cp[2][i]);
    cp[1][1] += 6.0;
    v_copy(cp[3], pulmonary);
    rr[0] = 0.3 * (r_endo - r_lv); /* clear of the septum */
    rr[1] = 0.65 * g->pulmonary_annulus_mm;
    rr[2] = 0.55 * g->pulmonary_annulus_mm;
    rr[3] = 0.5 * g->pulmonary_annulus_mm;
    build_vessel(&b, q, c, (const double(*)[3])cp, rr, 4, 40, 0, 0.0, CT_PART_RV, CT_VERTEX_STATIC,
                 1.0f);
  }

  /* Pulmonary trunk and branches: trunk 1.1x the annulus, 24.2 mm (Truong et al. 2012, Circ
   * Cardiovasc Imaging 5:147, Framingham non-contrast CT, n = 3171: 25.1 +/- 2.8 mm, normal
   * <= 29 mm in men, 27 mm in women), ~4.5 cm from the valve to the bifurcation under the arch
   * (a proportion); branches 0.7x the trunk, 16.9 mm (Burman et al. 2016, J Cardiovasc Magn
   * Reson 18:12, CMR in 120 healthy adults: RPA 16.6 / 14.7, LPA 17.3 / 15.9 mm, men / women). */
  {
    double trunk = 1.1 * g->pulmonary_annulus_mm, cp[4][3], rr[4], bif[3];

    v_copy(cp[0], pulmonary);
    v_mad(cp[1], pulmonary, 18.0, pulmonary_out);
    v_mad(bif, pulmonary, 38.0, pulmonary_out);
    body(bif, bif, 0.0, -4.0, 6.0);
    v_copy(cp[2], bif);
    rr[0] = 0.5 * g->pulmonary_annulus_mm;
    rr[1] = 0.5 * trunk;
    rr[2] = 0.5 * trunk;
    build_vessel(&b, q, c, (const double(*)[3])cp, rr, 3, 40, 0, 0.0, CT_PART_PULMONARY_ARTERY,
                 CT_VERTEX_STATIC, 1.0f);
    /* Left: over the left bronchus, posterior and to the left. */
    v_mad(cp[0], bif, -6.0, pulmonary_out);
    v_copy(cp[1], bif);
    body(cp[2], bif, 20.0, -14.0, 2.0);
    body(cp[3], cp[2], 16.0, -10.0, -8.0);
    rr[0] = rr[1] = 0.5 * trunk;
    rr[2] = rr[3] = 0.35 * trunk;
    build_vessel(&b, q, c, (const double(*)[3])cp, rr, 4, 32, 1, 0.0, CT_PART_PULMONARY_ARTERY,
                 CT_VERTEX_STATIC, 1.0f);
    /* Right: behind the ascending aorta and the SVC, to the right. */
    body(cp[2], bif, -18.0, -16.0, -2.0);
    body(cp[3], cp[2], -30.0, -6.0, -6.0);
    build_vessel(&b, q, c, (const double(*)[3])cp, rr, 4, 32, 1, 0.0, CT_PART_PULMONARY_ARTERY,
                 CT_VERTEX_STATIC, 1.0f);
  }

  /* Venae cavae: SVC 20 mm (cross-section 1.1-4.4 cm^2, 5th-95th percentile, i.e. ~12-24 mm:
   * Lin et al. 2009, Acad Radiol, PMID 19394871), ~70 mm long (70.7 +/- 14.1 mm by CT, J Vasc
   * Interv Radiol 2007, doi:10.1016/j.jvir.2007.06.002); IVC 20 mm, <= 21 mm in a normal adult
   * (Rudski 2010; Lang 2015, section V: the IVC diameter that, collapsing > 50 %, marks a normal
   * RA pressure). */
  {
    double cp[4][3], rr[4], top[3];

    v_mad(top, ra.base, 0.65 * ra.height, ra.axis);
    v_copy(cp[0], top);
    body(cp[1], top, -2.0, -4.0, 30.0);
    body(cp[2], top, -2.0, -6.0, 70.0);
    rr[0] = rr[1] = rr[2] = 10.0;
    build_vessel(&b, q, c, (const double(*)[3])cp, rr, 3, 32, 1, 0.0, CT_PART_VENA_CAVA,
                 CT_VERTEX_STATIC, 1.0f);
    v_mad(top, ra.base, 0.3 * ra.height, ra.axis);
    body(cp[0], top, 0.0, -6.0, 0.0);
    body(cp[1], cp[0], 4.0, -14.0, -25.0);
    body(cp[2], cp[1], 2.0, -4.0, -40.0);
    rr[0] = rr[1] = rr[2] = 10.0;
    build_vessel(&b, q, c, (const double(*)[3])cp, rr, 3, 32, 1, 0.0, CT_PART_VENA_CAVA,
                 CT_VERTEX_STATIC, 1.0f);
  }

  /* Pulmonary veins: four, 13 mm at the ostium (Klimek-Piotrowska et al. 2016, PeerJ 4:e1579,
   * 130 normal autopsy hearts: LS 13.8, LI 13.3, RS 14.3, RI 13.7 mm), into the LA's posterior
   * wall. */
  {
    double cp[3][3], rr[3], centre[3];

    v_mad(centre, la.base, 0.55 * la.height, la.axis);
    for (int k = 0; k < 4; k++) {
      double side = k < 2 ? 1.0 : -1.0, up = k % 2 == 0 ? 1.0 : -0.6, d[3];

      body(d, origin, side, -0.9, 0.45 * up);
      v_normalize(d);
      v_mad(cp[0], centre, 0.4 * la.r1, d);
      v_mad(cp[1], centre, la.r1 + 6.0, d);
      body(cp[2], cp[1], side * 18.0, -10.0, 4.0 * up);
      rr[0] = rr[1] = rr[2] = 6.5;
      build_vessel(&b, q, c, (const double(*)[3])cp, rr, 3, 20, 1, 0.0, CT_PART_PULMONARY_VEINS,
                   CT_VERTEX_STATIC, 1.0f);
    }
  }

  /* Coronary arteries on the epicardium, normal proximal lumen diameters (Dodge et al. 1992,
   * Circulation 86:232, angiography, right-dominant, mostly men): left main ~4.5, LAD ~3.7,
   * circumflex ~3.4, RCA ~3.9 mm, tapering (distal LAD 1.9 mm; 1.5 mm at the apex here). They
   * beat with the surface they lie on (depth 1 of the LV, or of the RV for the RCA). */
  {
    double cp[64][3], rr[64], lm_end[3];
    double theta_top = spheroid_theta(&lv.epi, lv.length - 3.0);
    int n;

    /* Left main: from the left coronary sinus, behind the pulmonary trunk, to its bifurcation
     * at the top of the anterior interventricular groove. */
    v_set(tmp, 0.6, 0.8, 0.0);
    v_mad(cp[0], aortic, 0.3 * g->aortic_root_mm, aortic_out);
    v_mad(cp[0], cp[0], 0.5 * g->aortic_root_mm - 1.0, tmp);
    lv_surface_point(&lv, 105.0 * DEG, theta_top, 2.5, lm_end);
    for (int i = 0; i < 3; i++)
      cp[1][i] = 0.5 * (cp[0][i] + lm_end[i]) + (i == 2 ? 3.0 : 0.0);
    v_copy(cp[2], lm_end);
    rr[0] = rr[1] = rr[2] = 2.25;
    build_vessel(&b, q, c, (const double(*)[3])cp, rr, 3, 12, 0, 0.0, CT_PART_CORONARY,
                 CT_CHAMBER_LV, 1.0f);
    /* LAD: down the anterior interventricular groove (the RV's anterior insertion) to the
     * apex (stopping short of its centre, which stays visible for picking segment 17). */
    n = 0;
    v_copy(cp[n], lm_end);
    rr[n++] = 1.85;
    for (int k = 1; k <= 14; k++) {
      double f = k / 14.0, theta = theta_top * (1.0 - f) + 0.12 * f;
      double phi = (105.0 + 12.0 * fmin(1.0, 3.0 * f)) * DEG;

      lv_surface_point(&lv, phi, theta, 1.6, cp[n]);
      rr[n++] = 1.85 - 1.1 * f;
    }
    build_vessel(&b, q, c, (const double(*)[3])cp, rr, n, 12, 1, 0.0, CT_PART_CORONARY,
                 CT_CHAMBER_LV, 1.0f);
    /* Circumflex: round the lateral AV groove to the inferolateral wall. */
    n = 0;
    v_copy(cp[n], lm_end);
    rr[n++] = 1.7;
    for (int k = 1; k <= 16; k++) {
      double f = k / 16.0, phi = (105.0 - 175.0 * f) * DEG;

      lv_surface_point(&lv, phi, theta_top, 1.5, cp[n]);
      rr[n++] = 1.7 - 0.8 * f;
    }
    build_vessel(&b, q, c, (const double(*)[3])cp, rr, n, 12, 1, 0.0, CT_PART_CORONARY,
                 CT_CHAMBER_LV, 1.0f);
    /* RCA: from the right coronary sinus down into the right AV groove, round the RV's top to
     * the crux. */
    n = 0;
    v_set(tmp, -0.8, 0.6, 0.0);
    v_mad(cp[n], aortic, 0.3 * g->aortic_root_mm, aortic_out);
    v_mad(cp[n], cp[n], 0.5 * g->aortic_root_mm - 1.0, tmp);
    rr[n++] = 1.95;
    for (int k = 0; k <= 16; k++) {
      double f = k / 16.0;

      rv_surface_point(&rv, 0.12 + 0.88 * f, 0.955, 1.6, cp[n]);
      rr[n++] = 1.95 - 0.6 * f;
    }
    build_vessel(&b, q, c, (const double(*)[3])cp, rr, n, 12, 1, 0.0, CT_PART_CORONARY,
                 CT_CHAMBER_RV, 1.0f);
    /* Posterior descending branch: down the inferior interventricular groove. */
    n = 0;
    for (int k = 0; k <= 10; k++) {
      double f = k / 10.0, z = lv.length - 5.0 - f * 0.6 * lv.length;

      lv_surface_point(&lv, 243.0 * DEG, spheroid_theta(&lv.epi, z), 1.3, cp[n]);
      rr[n++] = 1.3 - 0.6 * f;
    }
    build_vessel(&b, q, c, (const double(*)[3])cp, rr, n, 10, 1, 0.0, CT_PART_CORONARY,
                 CT_CHAMBER_LV, 1.0f);
  }
  free(c);

  if (b.failed) {
    free(b.v);
    free(b.idx);
    return -1;
  }
  mesh->vertices = b.v;
  mesh->n_vertices = b.nv;
  mesh->indices = b.idx;
  mesh->n_indices = b.ni;
  return 0;
}

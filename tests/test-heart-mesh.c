/* test-heart-mesh.c — the parametric heart: a sound mesh, the LV's volumes, AHA segments and
 * picking, poses that change the volume as asked, and geometry that is refused when absurd. The
 * fixture's tests run at both levels of detail (/heart-mesh/... FULL, /heart-mesh/reduced/...
 * REDUCED): the reduced scene must be as sound as the full one; then what tells them apart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-heart-mesh.h"
#include "ct-picking.h"

#include <glib.h>
#include <math.h>
#include <string.h>

typedef struct {
  CtHeartGeometry geometry;
  CtMesh mesh;
  CtChamberReference references[CT_CHAMBER_COUNT];
} Fixture;

/* @data: the CtHeartDetail, as GINT_TO_POINTER (NULL is FULL). */
static void fixture_set_up(Fixture *f, gconstpointer data)
{
  f->geometry = ct_heart_geometry_default();
  g_assert_cmpint(ct_heart_mesh_generate_detailed(
                      &f->geometry, (CtHeartDetail)GPOINTER_TO_INT(data), &f->mesh, f->references),
                  ==, 0);
}

static void fixture_tear_down(Fixture *f, gconstpointer data)
{
  ct_mesh_free(&f->mesh);
}

/* Poses every chamber at @share of its reference volume. */
static void pose_at(const Fixture *f, double lv_share, double other_share, CtHeartPose *pose)
{
  for (int c = 0; c < CT_CHAMBER_COUNT; c++)
    ct_chamber_pose_from_volume(&f->references[c],
                                f->references[c].cavity_volume_ml *
                                    (c == CT_CHAMBER_LV ? lv_share : other_share),
                                &pose->chambers[c]);
  for (int i = 0; i < 4; i++)
    pose->valve_opening[i] = 0.0f;
}

static void test_indices(Fixture *f, gconstpointer data)
{
  g_assert_cmpuint(f->mesh.n_indices % 3, ==, 0);
  g_assert_cmpuint(f->mesh.n_indices, >, 3 * 10000);
  /* The whole scene under ~200k triangles. */
  g_assert_cmpuint(f->mesh.n_indices / 3, <, 200000);
  for (size_t i = 0; i < f->mesh.n_indices; i++)
    g_assert_cmpuint(f->mesh.indices[i], <, f->mesh.n_vertices);
}

static void test_vertices_finite_normals_unit(Fixture *f, gconstpointer data)
{
  for (size_t i = 0; i < f->mesh.n_vertices; i++) {
    const CtVertex *v = &f->mesh.vertices[i];
    double len = 0.0;

    for (int k = 0; k < 3; k++) {
      g_assert_true(isfinite(v->position[k]));
      g_assert_true(isfinite(v->normal[k]));
      len += (double)v->normal[k] * v->normal[k];
    }
    g_assert_cmpfloat_with_epsilon(sqrt(len), 1.0, 1e-4);
    g_assert_cmpuint(v->part, <, CT_PART_COUNT);
    g_assert_true(v->chamber < CT_CHAMBER_COUNT || v->chamber == CT_VERTEX_STATIC);
    g_assert_true(v->depth >= 0.0f && v->depth <= 1.0f);
  }
}

/* Triangles face outward: the LV wall, endocardium + epicardium + rim, encloses the myocardium
 * with a positive signed volume equal to the reference wall volume. */
static void test_lv_wall_closed_and_outward(Fixture *f, gconstpointer data)
{
  double sum = 0.0;

  for (size_t t = 0; t < f->mesh.n_indices; t += 3) {
    const CtVertex *a = &f->mesh.vertices[f->mesh.indices[t]];
    const CtVertex *b = &f->mesh.vertices[f->mesh.indices[t + 1]];
    const CtVertex *c = &f->mesh.vertices[f->mesh.indices[t + 2]];

    if (a->part != CT_PART_LV)
      continue;
    sum += a->position[0] * (b->position[1] * c->position[2] - b->position[2] * c->position[1]) -
           a->position[1] * (b->position[0] * c->position[2] - b->position[2] * c->position[0]) +
           a->position[2] * (b->position[0] * c->position[1] - b->position[1] * c->position[0]);
  }
  sum /= 6000.0;
  g_assert_cmpfloat(sum, >, 0.0);
  g_assert_cmpfloat(fabs(sum - f->references[CT_CHAMBER_LV].wall_volume_ml), <,
                    0.01 * f->references[CT_CHAMBER_LV].wall_volume_ml);
  /* LV mass = 1.05 g/ml x wall: 67-224 g in normal adults (Lang 2015, table 3). */
  g_assert_cmpfloat(1.05 * sum, >, 67.0);
  g_assert_cmpfloat(1.05 * sum, <, 224.0);
}

/* The truncated prolate spheroid's volume: pi b^2 [(a + h) - (a^3 + h^3) / (3 a^2)], the cavity
 * from the apex (z = -a) to the cut at h above the centre. */
static double truncated_spheroid_ml(double a, double b, double h)
{
  return G_PI * b * b * ((a + h) - (a * a * a + h * h * h) / (3.0 * a * a)) * 1e-3;
}

static void test_lv_cavity_volume(Fixture *f, gconstpointer data)
{
  const CtHeartGeometry *g = &f->geometry;
  float base[3];
  double mesh_ml, a, b, formula_ml;

  ct_heart_lv_base_centre(g, base);
  mesh_ml = ct_heart_mesh_endocardial_volume_ml(&f->mesh, NULL, CT_PART_LV, base);
  g_assert_cmpfloat(fabs(mesh_ml - f->references[CT_CHAMBER_LV].cavity_volume_ml), <,
                    0.01 * mesh_ml);
  a = (g->lv_long_axis_mm - g->lv_wall_thickness_mm) / (1.0 + CT_HEART_LV_TRUNCATION);
  b = 0.5 * g->lv_end_diastolic_diameter_mm;
  formula_ml = truncated_spheroid_ml(a, b, CT_HEART_LV_TRUNCATION * a);
  g_test_message("LV cavity: mesh %.2f ml, spheroid formula %.2f ml", mesh_ml, formula_ml);
  g_assert_cmpfloat(fabs(mesh_ml - formula_ml), <, 0.01 * formula_ml);
  /* LVEDV men 106 +/- 22 ml, women 76 +/- 15 ml (Lang 2015, table 1): plausible 100-200. */
  g_assert_cmpfloat(mesh_ml, >, 100.0);
  g_assert_cmpfloat(mesh_ml, <, 200.0);
}

static void test_other_chambers(Fixture *f, gconstpointer data)
{
  const CtChamberReference *r = f->references;

  /* RVEDV ~ 60-160 ml, LA and RA (at ventricular end-diastole) 20-80 ml: wide plausibility. */
  g_assert_cmpfloat(r[CT_CHAMBER_RV].cavity_volume_ml, >, 60.0);
  g_assert_cmpfloat(r[CT_CHAMBER_RV].cavity_volume_ml, <, 200.0);
  for (int c = CT_CHAMBER_LA; c <= CT_CHAMBER_RA; c++) {
    g_assert_cmpfloat(r[c].cavity_volume_ml, >, 15.0);
    g_assert_cmpfloat(r[c].cavity_volume_ml, <, 100.0);
    g_assert_cmpfloat(r[c].wall_volume_ml, >, 0.0);
    g_assert_cmpfloat(r[c].long_axis_share, ==, 0.0f);
  }
  g_assert_cmpfloat_with_epsilon(r[CT_CHAMBER_LV].long_axis_share, 0.2, 1e-6);
  for (int c = 0; c < CT_CHAMBER_COUNT; c++) {
    double len = 0.0;

    for (int k = 0; k < 3; k++)
      len += (double)r[c].axis[k] * r[c].axis[k];
    g_assert_cmpfloat_with_epsilon(sqrt(len), 1.0, 1e-5);
  }
}

static void test_segments_labelled(Fixture *f, gconstpointer data)
{
  size_t count[18] = {0};

  for (size_t i = 0; i < f->mesh.n_vertices; i++) {
    const CtVertex *v = &f->mesh.vertices[i];

    if (v->part == CT_PART_LV) {
      g_assert_cmpuint(v->segment, >=, 1);
      g_assert_cmpuint(v->segment, <=, 17);
      count[v->segment]++;
    } else {
      g_assert_cmpuint(v->segment, ==, 0);
    }
  }
  for (int s = 1; s <= 17; s++)
    g_assert_cmpuint(count[s], >, 50);
  /* Each triangle lies in one segment (boundaries are duplicated vertex rings). */
  for (size_t t = 0; t < f->mesh.n_indices; t += 3) {
    const CtVertex *a = &f->mesh.vertices[f->mesh.indices[t]];

    g_assert_cmpuint(f->mesh.vertices[f->mesh.indices[t + 1]].segment, ==, a->segment);
    g_assert_cmpuint(f->mesh.vertices[f->mesh.indices[t + 2]].segment, ==, a->segment);
  }
}

/* Where each segment's centre lies: the AHA angles (anterior +y = 90, septum -x = 180). */
static void test_segment_centres_where_aha_says(Fixture *f, gconstpointer data)
{
  static const double angle[17] = {90,  150, 210, 270, 330, 30,  90, 150, 210,
                                   270, 330, 30,  90,  180, 270, 0,  -1};

  for (int s = 1; s <= 16; s++) {
    float c[3], n[3];
    double a, d;

    g_assert_true(ct_heart_segment_centre(&f->mesh, NULL, s, c, n));
    a = atan2(c[1], c[0]) * 180.0 / G_PI;
    d = fmod(a - angle[s - 1] + 720.0, 360.0);
    if (d > 180.0)
      d -= 360.0;
    g_assert_cmpfloat(fabs(d), <, 3.0);
    /* Levels ascend from apical to basal. */
    if (s <= 6) {
      float mid[3], mn[3];

      g_assert_true(ct_heart_segment_centre(&f->mesh, NULL, s + 6, mid, mn));
      g_assert_cmpfloat(c[2], >, mid[2]);
    }
  }
  /* No such segment: said, not a point at the origin. */
  {
    float c[3] = {1.0f, 1.0f, 1.0f}, n[3];

    g_assert_false(ct_heart_segment_centre(&f->mesh, NULL, 0, c, n));
    g_assert_false(ct_heart_segment_centre(&f->mesh, NULL, 18, c, n));
    g_assert_cmpfloat(c[0], ==, 0.0f);
    g_assert_false(ct_heart_segment_centre(NULL, NULL, 1, c, n));
  }
}

/* A ray from outside toward each segment's centre picks exactly that segment: from 6 cm off the
 * epicardium (beyond, the great vessels may lie in the way, as the descending aorta does behind
 * the inferolateral wall). The septal segments lie under the RV: their rays start in the RV
 * cavity, just off the septum. */
static void check_picking(Fixture *f, const CtHeartPose *pose)
{
  for (int s = 1; s <= 17; s++) {
    gboolean septal = s == 2 || s == 3 || s == 8 || s == 9 || s == 14;
    float c[3], n[3], o[3], d[3], dist = 0.0f;
    double standoff = septal ? 3.0 : 60.0;

    g_assert_true(ct_heart_segment_centre(&f->mesh, pose, s, c, n));
    for (int k = 0; k < 3; k++) {
      o[k] = c[k] + (float)standoff * n[k];
      d[k] = -n[k];
    }
    g_assert_cmpint(ct_mesh_pick_segment(&f->mesh, pose, o, d, &dist), ==, s);
    g_assert_cmpfloat(fabs(dist - standoff), <, 3.0);
    g_assert_cmpint(ct_mesh_pick_part(&f->mesh, pose, o, d, NULL), ==, CT_PART_LV);
  }
}

static void test_picking_reference(Fixture *f, gconstpointer data)
{
  CtHeartPose pose;

  check_picking(f, NULL);
  pose_at(f, 1.0, 1.0, &pose);
  check_picking(f, &pose);
}

static void test_picking_end_systole(Fixture *f, gconstpointer data)
{
  CtHeartPose pose;
  float o[3] = {0.0f, 0.0f, 500.0f}, d[3] = {0.0f, 1.0f, 0.0f}, up[3] = {0.0f, 0.0f, -1.0f};
  float far[3] = {400.0f, 400.0f, 0.0f}, dist;

  pose_at(f, 0.4, 0.5, &pose);
  check_picking(f, &pose);
  /* A ray that misses everything, and one that meets the aorta's arch first. */
  g_assert_cmpint(ct_mesh_pick_segment(&f->mesh, &pose, far, d, &dist), ==, -1);
  g_assert_cmpint(ct_mesh_pick_part(&f->mesh, &pose, far, d, &dist), ==, -1);
  g_assert_cmpint(ct_mesh_pick_segment(&f->mesh, &pose, o, up, &dist), !=, -1);
}

/* Posing at a smaller LV volume shrinks the endocardium's enclosed volume to what was asked. */
static void test_pose_volume(Fixture *f, gconstpointer data)
{
  static const double shares[] = {0.35, 0.6, 1.0, 1.3};
  float base[3];

  ct_heart_lv_base_centre(&f->geometry, base);
  for (size_t i = 0; i < G_N_ELEMENTS(shares); i++) {
    CtHeartPose pose;
    double asked = shares[i] * f->references[CT_CHAMBER_LV].cavity_volume_ml, got;

    pose_at(f, shares[i], 1.0, &pose);
    got = ct_heart_mesh_endocardial_volume_ml(&f->mesh, &pose, CT_PART_LV, base);
    g_test_message("LV asked %.1f ml, posed mesh %.1f ml", asked, got);
    g_assert_cmpfloat(fabs(got - asked), <, 0.02 * asked);
  }
}

/* Mean wall thickness at the mid-ventricular level (the radial gap between the epicardial and
 * endocardial vertices of segments 7-12). */
static double mid_wall_thickness(const Fixture *f, const CtHeartPose *pose)
{
  double r[2] = {0.0, 0.0};
  size_t n[2] = {0, 0};

  for (size_t i = 0; i < f->mesh.n_vertices; i++) {
    const CtVertex *v = &f->mesh.vertices[i];
    float p[3];
    int s;

    if (v->part != CT_PART_LV || v->segment < 7 || v->segment > 12)
      continue;
    s = v->depth == 1.0f ? 1 : (v->depth == 0.0f ? 0 : -1);
    if (s < 0)
      continue;
    ct_vertex_posed_position(v, pose, p);
    r[s] += sqrt((double)p[0] * p[0] + (double)p[1] * p[1]);
    n[s]++;
  }
  return r[1] / (double)n[1] - r[0] / (double)n[0];
}

static void test_wall_thickens(Fixture *f, gconstpointer data)
{
  CtHeartPose ed, es;
  double t_ed, t_es;

  pose_at(f, 1.0, 1.0, &ed);
  pose_at(f, 0.4, 1.0, &es);
  t_ed = mid_wall_thickness(f, &ed);
  t_es = mid_wall_thickness(f, &es);
  g_test_message("mid wall: %.1f mm at ED, %.1f mm at ES", t_ed, t_es);
  g_assert_cmpfloat(t_ed, >, 0.7 * f->geometry.lv_wall_thickness_mm);
  /* Systolic thickening of normal myocardium: ~ 30-60 % (Lang 2015, section I.4). */
  g_assert_cmpfloat(t_es, >, 1.25 * t_ed);
}

/* FNV-1a, 64 bits. */
static guint64 fnv1a(guint64 h, const void *data, size_t size)
{
  const guint8 *p = data;

  for (size_t i = 0; i < size; i++) {
    h ^= p[i];
    h *= G_GUINT64_CONSTANT(1099511628211);
  }
  return h;
}

/* The full scene is the one the rest of the tests (and the screenshots in the docs) were checked
 * on: adding levels of detail must not change it by a single bit. Recorded from the scene as it
 * was before ct_heart_mesh_generate_detailed. The triangles (indices) and the integer attributes
 * depend on nothing but the tessellation and are checked everywhere; the bytes of the positions
 * and normals depend on libm's rounding and on the compiler contracting a * b + c into FMAs
 * (GCC does by default on aarch64), so their hash is checked on x86-64 only. */
static void test_full_unchanged(void)
{
  CtHeartGeometry g = ct_heart_geometry_default();
  CtChamberReference references[CT_CHAMBER_COUNT], full_references[CT_CHAMBER_COUNT];
  CtMesh mesh, full;
  guint64 indices = G_GUINT64_CONSTANT(14695981039346656037), attributes = indices, bytes = indices;

  g_assert_cmpint(ct_heart_mesh_generate(&g, &mesh, references), ==, 0);
  g_assert_cmpint(ct_heart_mesh_generate_detailed(&g, CT_HEART_DETAIL_FULL, &full, full_references),
                  ==, 0);
  /* The old entry point is FULL. */
  g_assert_cmpuint(full.n_vertices, ==, mesh.n_vertices);
  g_assert_cmpuint(full.n_indices, ==, mesh.n_indices);
  g_assert_cmpint(memcmp(full.vertices, mesh.vertices, mesh.n_vertices * sizeof *mesh.vertices), ==,
                  0);
  g_assert_cmpint(memcmp(full.indices, mesh.indices, mesh.n_indices * sizeof *mesh.indices), ==, 0);
  g_assert_cmpint(memcmp(full_references, references, sizeof references), ==, 0);

  g_assert_cmpuint(mesh.n_vertices, ==, 53440);
  g_assert_cmpuint(mesh.n_indices, ==, 3 * 100441);
  indices = fnv1a(indices, mesh.indices, mesh.n_indices * sizeof *mesh.indices);
  for (size_t i = 0; i < mesh.n_vertices; i++)
    attributes = fnv1a(attributes, &mesh.vertices[i].part, 4); /* part, segment, chamber, valve */
  bytes = fnv1a(bytes, mesh.vertices, mesh.n_vertices * sizeof *mesh.vertices);
  bytes = fnv1a(bytes, mesh.indices, mesh.n_indices * sizeof *mesh.indices);
  g_test_message("full scene: indices %016" G_GINT64_MODIFIER "x, attributes %016" G_GINT64_MODIFIER
                 "x, bytes %016" G_GINT64_MODIFIER "x",
                 indices, attributes, bytes);
  g_assert_cmphex(indices, ==, G_GUINT64_CONSTANT(0x75292a8727513000));
  g_assert_cmphex(attributes, ==, G_GUINT64_CONSTANT(0x8d9ed740e826f85c));
#if defined(__x86_64__)
  g_assert_cmphex(bytes, ==, G_GUINT64_CONSTANT(0xdfd157fdee5b9d7a));
#endif
  ct_mesh_free(&mesh);
  ct_mesh_free(&full);
}

/* What REDUCED is for: far fewer triangles (llvmpipe pays per triangle), the same LV cavity. */
static void test_reduced_against_full(void)
{
  CtHeartGeometry g = ct_heart_geometry_default();
  CtChamberReference reduced_refs[CT_CHAMBER_COUNT], full_refs[CT_CHAMBER_COUNT];
  CtMesh reduced, full;
  float base[3];
  double reduced_ml, full_ml;

  g_assert_cmpint(ct_heart_mesh_generate_detailed(&g, CT_HEART_DETAIL_FULL, &full, full_refs), ==,
                  0);
  g_assert_cmpint(
      ct_heart_mesh_generate_detailed(&g, CT_HEART_DETAIL_REDUCED, &reduced, reduced_refs), ==, 0);
  g_test_message("triangles: full %zu, reduced %zu (%.1f %%)", full.n_indices / 3,
                 reduced.n_indices / 3, 100.0 * (double)reduced.n_indices / (double)full.n_indices);
  g_assert_cmpuint(10 * reduced.n_indices, <=, 3 * full.n_indices);

  /* The LV cavity by the divergence theorem on each mesh's own endocardium, and the references
   * the poses scale from: within 2 % of the full scene's (the faceted spheroid loses a little). */
  ct_heart_lv_base_centre(&g, base);
  full_ml = ct_heart_mesh_endocardial_volume_ml(&full, NULL, CT_PART_LV, base);
  reduced_ml = ct_heart_mesh_endocardial_volume_ml(&reduced, NULL, CT_PART_LV, base);
  g_test_message("LV cavity: full %.2f ml, reduced %.2f ml", full_ml, reduced_ml);
  g_assert_cmpfloat(fabs(reduced_ml - full_ml), <, 0.02 * full_ml);
  for (int c = 0; c < CT_CHAMBER_COUNT; c++) {
    g_assert_cmpfloat(fabs(reduced_refs[c].cavity_volume_ml - full_refs[c].cavity_volume_ml), <,
                      0.02 * full_refs[c].cavity_volume_ml);
    g_assert_cmpfloat(fabs(reduced_refs[c].wall_volume_ml - full_refs[c].wall_volume_ml), <,
                      0.02 * full_refs[c].wall_volume_ml);
    g_assert_cmpfloat(reduced_refs[c].long_axis_share, ==, full_refs[c].long_axis_share);
    for (int k = 0; k < 3; k++) {
      g_assert_cmpfloat(reduced_refs[c].origin[k], ==, full_refs[c].origin[k]);
      g_assert_cmpfloat(reduced_refs[c].axis[k], ==, full_refs[c].axis[k]);
    }
  }
  ct_mesh_free(&reduced);
  ct_mesh_free(&full);
}

static void test_invalid_detail(void)
{
  CtHeartGeometry g = ct_heart_geometry_default();
  CtMesh mesh;

  g_assert_cmpint(ct_heart_mesh_generate_detailed(&g, (CtHeartDetail)7, &mesh, NULL), ==, -1);
  g_assert_null(mesh.vertices);
  g_assert_cmpuint(mesh.n_indices, ==, 0);
}

static void test_invalid_geometry(void)
{
  CtHeartGeometry g = ct_heart_geometry_default(), bad;
  CtMesh mesh = {0};
  CtChamberReference references[CT_CHAMBER_COUNT];
  double *fields[] = {
      &bad.lv_long_axis_mm,      &bad.lv_end_diastolic_diameter_mm,
      &bad.lv_wall_thickness_mm, &bad.rv_end_diastolic_diameter_mm,
      &bad.la_diameter_mm,       &bad.ra_diameter_mm,
      &bad.mitral_annulus_mm,    &bad.tricuspid_annulus_mm,
      &bad.aortic_annulus_mm,    &bad.pulmonary_annulus_mm,
      &bad.aortic_root_mm,
  };
  const double values[] = {NAN, INFINITY, -INFINITY, -10.0, 0.0, 1e6};

  g_assert_cmpint(ct_heart_geometry_validate(&g), ==, 0);
  for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
    for (size_t k = 0; k < G_N_ELEMENTS(values); k++) {
      bad = g;
      *fields[i] = values[k];
      g_assert_cmpint(ct_heart_geometry_validate(&bad), ==, -1);
      g_assert_cmpint(ct_heart_mesh_generate(&bad, &mesh, references), ==, -1);
      g_assert_null(mesh.vertices);
      g_assert_cmpuint(mesh.n_indices, ==, 0);
    }
  }
  /* A wall as thick as the cavity is wide. */
  bad = g;
  bad.lv_wall_thickness_mm = 0.5 * bad.lv_end_diastolic_diameter_mm;
  g_assert_cmpint(ct_heart_mesh_generate(&bad, &mesh, references), ==, -1);
  g_assert_cmpint(ct_heart_mesh_generate(NULL, &mesh, references), ==, -1);
}

/* Other plausible hearts generate too: a small one and a dilated one. */
static void test_other_hearts(void)
{
  CtHeartGeometry g = ct_heart_geometry_default();
  CtMesh mesh;
  CtChamberReference references[CT_CHAMBER_COUNT];
  float base[3];

  g.lv_long_axis_mm = 105.0;
  g.lv_end_diastolic_diameter_mm = 68.0;
  g.lv_wall_thickness_mm = 8.0;
  g.la_diameter_mm = 48.0;
  g.mitral_annulus_mm = 40.0;
  g_assert_cmpint(ct_heart_mesh_generate(&g, &mesh, references), ==, 0);
  ct_heart_lv_base_centre(&g, base);
  g_assert_cmpfloat(references[CT_CHAMBER_LV].cavity_volume_ml, >, 200.0);
  g_assert_cmpfloat(fabs(ct_heart_mesh_endocardial_volume_ml(&mesh, NULL, CT_PART_LV, base) -
                         references[CT_CHAMBER_LV].cavity_volume_ml),
                    <, 0.01 * references[CT_CHAMBER_LV].cavity_volume_ml);
  ct_mesh_free(&mesh);
  g_assert_null(mesh.vertices);
}

static void test_parts_and_attributes(Fixture *f, gconstpointer data)
{
  size_t count[CT_PART_COUNT] = {0};
  int valve_seen[CT_PART_COUNT][2] = {{0}};

  for (size_t i = 0; i < f->mesh.n_vertices; i++) {
    const CtVertex *v = &f->mesh.vertices[i];

    count[v->part]++;
    switch ((CtPart)v->part) {
    case CT_PART_AORTA:
    case CT_PART_PULMONARY_ARTERY:
    case CT_PART_VENA_CAVA:
    case CT_PART_PULMONARY_VEINS:
      g_assert_cmpuint(v->chamber, ==, CT_VERTEX_STATIC);
      g_assert_cmpuint(v->valve, ==, 0);
      break;
    case CT_PART_LV:
    case CT_PART_LA:
    case CT_PART_RA:
      g_assert_cmpuint(v->chamber, ==, v->part);
      g_assert_cmpuint(v->valve, ==, 0);
      break;
    case CT_PART_RV: /* the outflow tract carries the (static) pulmonic valve */
      g_assert_true(v->chamber == CT_CHAMBER_RV || v->chamber == CT_VERTEX_STATIC);
      break;
    case CT_PART_CORONARY:
      g_assert_true(v->chamber == CT_CHAMBER_LV || v->chamber == CT_CHAMBER_RV);
      g_assert_cmpfloat(v->depth, ==, 1.0f);
      break;
    case CT_PART_MITRAL_VALVE:
    case CT_PART_AORTIC_VALVE:
    case CT_PART_TRICUSPID_VALVE:
    case CT_PART_PULMONARY_VALVE:
      valve_seen[v->part][v->valve ? 1 : 0] = 1;
      break;
    case CT_PART_COUNT:
    default:
      g_assert_not_reached();
    }
  }
  for (int p = 0; p < CT_PART_COUNT; p++)
    g_assert_cmpuint(count[p], >, 0);
  for (int p = CT_PART_MITRAL_VALVE; p <= CT_PART_PULMONARY_VALVE; p++) {
    g_assert_true(valve_seen[p][0]);
    g_assert_true(valve_seen[p][1]);
  }
}

/* The heart is ~12 cm from the apex to the atria's roofs, and the aorta's arch rises above it. */
static void test_bounding_box(Fixture *f, gconstpointer data)
{
  double lo[3] = {1e9, 1e9, 1e9}, hi[3] = {-1e9, -1e9, -1e9}, aorta_top = -1e9;
  float left[3], anterior[3], superior[3];
  double lv_top = -1e9, arch_height = -1e9;

  ct_heart_body_axes(left, anterior, superior);
  for (size_t i = 0; i < f->mesh.n_vertices; i++) {
    const CtVertex *v = &f->mesh.vertices[i];
    double up =
        v->position[0] * superior[0] + v->position[1] * superior[1] + v->position[2] * superior[2];

    if (v->part <= CT_PART_RA) {
      for (int k = 0; k < 3; k++) {
        lo[k] = fmin(lo[k], v->position[k]);
        hi[k] = fmax(hi[k], v->position[k]);
      }
    }
    if (v->part == CT_PART_LV || v->part == CT_PART_RV)
      lv_top = fmax(lv_top, up);
    if (v->part == CT_PART_AORTA) {
      aorta_top = fmax(aorta_top, v->position[2]);
      arch_height = fmax(arch_height, up);
    }
  }
  g_test_message("chambers: x %.0f..%.0f y %.0f..%.0f z %.0f..%.0f mm", lo[0], hi[0], lo[1], hi[1],
                 lo[2], hi[2]);
  g_assert_cmpfloat(lo[2], >, -1.0);
  g_assert_cmpfloat(hi[2] - lo[2], >, 100.0);
  g_assert_cmpfloat(hi[2] - lo[2], <, 150.0);
  g_assert_cmpfloat(hi[0] - lo[0], >, 60.0);
  g_assert_cmpfloat(hi[0] - lo[0], <, 140.0);
  g_assert_cmpfloat(aorta_top, >, f->geometry.lv_long_axis_mm + 30.0);
  /* In the body, the arch's top lies several cm above the ventricles. */
  g_assert_cmpfloat(arch_height, >, lv_top + 30.0);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  for (int d = 0; d < 2; d++) {
    CtHeartDetail detail = d == 0 ? CT_HEART_DETAIL_FULL : CT_HEART_DETAIL_REDUCED;
    const char *prefix = d == 0 ? "/heart-mesh" : "/heart-mesh/reduced";

#define ADD(path, fn)                                                                              \
  do {                                                                                             \
    g_autofree char *name = g_strconcat(prefix, path, NULL);                                       \
    g_test_add(name, Fixture, GINT_TO_POINTER(detail), fixture_set_up, fn, fixture_tear_down);     \
  } while (0)
    ADD("/indices", test_indices);
    ADD("/vertices", test_vertices_finite_normals_unit);
    ADD("/parts", test_parts_and_attributes);
    ADD("/lv-wall", test_lv_wall_closed_and_outward);
    ADD("/lv-cavity", test_lv_cavity_volume);
    ADD("/other-chambers", test_other_chambers);
    ADD("/segments", test_segments_labelled);
    ADD("/segment-centres", test_segment_centres_where_aha_says);
    ADD("/picking/reference", test_picking_reference);
    ADD("/picking/end-systole", test_picking_end_systole);
    ADD("/pose-volume", test_pose_volume);
    ADD("/wall-thickens", test_wall_thickens);
    ADD("/bounding-box", test_bounding_box);
#undef ADD
  }
  g_test_add_func("/heart-mesh/full-unchanged", test_full_unchanged);
  g_test_add_func("/heart-mesh/reduced/against-full", test_reduced_against_full);
  g_test_add_func("/heart-mesh/invalid-detail", test_invalid_detail);
  g_test_add_func("/heart-mesh/invalid", test_invalid_geometry);
  g_test_add_func("/heart-mesh/dilated", test_other_hearts);
  return g_test_run();
}

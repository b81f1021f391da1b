/* ct-picking.c — ray casts against the posed heart mesh (Moller & Trumbore 1997, J Graphics
 * Tools 2:21: the fast, minimum-storage ray/triangle intersection).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-picking.h"

#include <math.h>
#include <stddef.h>

#define EDGE_SLACK 1e-5

static void vertex_position(const CtVertex *v, const CtHeartPose *pose, double out[3])
{
  float p[3];

  if (pose != NULL) {
    ct_vertex_posed_position(v, pose, p);
  } else {
    p[0] = v->position[0];
    p[1] = v->position[1];
    p[2] = v->position[2];
  }
  out[0] = p[0];
  out[1] = p[1];
  out[2] = p[2];
}

static void cross(double o[3], const double a[3], const double b[3])
{
  o[0] = a[1] * b[2] - a[2] * b[1];
  o[1] = a[2] * b[0] - a[0] * b[2];
  o[2] = a[0] * b[1] - a[1] * b[0];
}

static double dot(const double a[3], const double b[3])
{
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/* Index of the first vertex of the nearest triangle hit, or -1. */
static ptrdiff_t pick(const CtMesh *mesh, const CtHeartPose *pose, const float ray_origin[3],
                      const float ray_direction[3], const float *cut_plane, float *distance)
{
  double o[3], d[3], len, best = INFINITY;
  ptrdiff_t hit = -1;

  if (mesh == NULL || ray_origin == NULL || ray_direction == NULL || mesh->vertices == NULL)
    return -1;
  for (int i = 0; i < 3; i++) {
    o[i] = ray_origin[i];
    d[i] = ray_direction[i];
  }
  len = sqrt(dot(d, d));
  if (!(len > 0.0) || !isfinite(len))
    return -1;
  for (int i = 0; i < 3; i++)
    d[i] /= len;
  for (size_t t = 0; t + 2 < mesh->n_indices; t += 3) {
    double p0[3], p1[3], p2[3], e1[3], e2[3], pv[3], tv[3], qv[3], det, u, v, dist;

    if (mesh->indices[t] >= mesh->n_vertices || mesh->indices[t + 1] >= mesh->n_vertices ||
        mesh->indices[t + 2] >= mesh->n_vertices)
      continue;
    vertex_position(&mesh->vertices[mesh->indices[t]], pose, p0);
    vertex_position(&mesh->vertices[mesh->indices[t + 1]], pose, p1);
    vertex_position(&mesh->vertices[mesh->indices[t + 2]], pose, p2);
    for (int i = 0; i < 3; i++) {
      e1[i] = p1[i] - p0[i];
      e2[i] = p2[i] - p0[i];
      tv[i] = o[i] - p0[i];
    }
    cross(pv, d, e2);
    det = dot(e1, pv);
    if (fabs(det) < 1e-12)
      continue;
    u = dot(tv, pv) / det;
    /* A little slack on the edges, so that a ray through a shared vertex or edge cannot slip
     * between the triangles that meet there. */
    if (u < -EDGE_SLACK || u > 1.0 + EDGE_SLACK)
      continue;
    cross(qv, tv, e1);
    v = dot(d, qv) / det;
    if (v < -EDGE_SLACK || u + v > 1.0 + EDGE_SLACK)
      continue;
    dist = dot(e2, qv) / det;
    /* What the cut-away removed is not there to be clicked (the renderer clips the same side:
     * dot(n, p) + d > 0). */
    if (cut_plane != NULL) {
      double at = 0.0;

      for (int i = 0; i < 3; i++)
        at += cut_plane[i] * (o[i] + dist * d[i]);
      if (at + cut_plane[3] > 0.0)
        continue;
    }
    if (dist > 1e-6 && dist < best) {
      best = dist;
      hit = (ptrdiff_t)t;
    }
  }
  if (hit >= 0 && distance != NULL)
    *distance = (float)best;
  return hit;
}

int ct_mesh_pick_segment(const CtMesh *mesh, const CtHeartPose *pose, const float ray_origin[3],
                         const float ray_direction[3], float *distance)
{
  return ct_mesh_pick_segment_cut(mesh, pose, ray_origin, ray_direction, NULL, distance);
}

int ct_mesh_pick_segment_cut(const CtMesh *mesh, const CtHeartPose *pose, const float ray_origin[3],
                             const float ray_direction[3], const float cut_plane[4],
                             float *distance)
{
  ptrdiff_t t = pick(mesh, pose, ray_origin, ray_direction, cut_plane, distance);
  const CtVertex *v;

  if (t < 0)
    return -1;
  v = &mesh->vertices[mesh->indices[t]];
  if (v->part != CT_PART_LV || v->segment < 1 || v->segment > 17)
    return 0;
  return v->segment;
}

int ct_mesh_pick_part(const CtMesh *mesh, const CtHeartPose *pose, const float ray_origin[3],
                      const float ray_direction[3], float *distance)
{
  ptrdiff_t t = pick(mesh, pose, ray_origin, ray_direction, NULL, distance);

  if (t < 0)
    return -1;
  return mesh->vertices[mesh->indices[t]].part;
}

/* The normal of @v under @pose: the pose scales the chamber's frame by (radial, radial, long),
 * so normals scale by the inverse (the inverse transpose of a diagonal map). */
static void vertex_normal(const CtVertex *v, const CtHeartPose *pose, double out[3])
{
  const CtChamberPose *c;
  double axis[3], n[3], along, s_long, s_radial, t, len;

  for (int i = 0; i < 3; i++)
    n[i] = out[i] = v->normal[i];
  if (pose == NULL || v->chamber >= CT_CHAMBER_COUNT)
    return;
  c = &pose->chambers[v->chamber];
  t = v->depth < 0.0f ? 0.0 : (v->depth > 1.0f ? 1.0 : v->depth);
  s_long = c->endo_long + t * (c->epi_long - c->endo_long);
  s_radial = c->endo_radial + t * (c->epi_radial - c->endo_radial);
  for (int i = 0; i < 3; i++)
    axis[i] = c->axis[i];
  along = dot(n, axis);
  for (int i = 0; i < 3; i++)
    out[i] = along * axis[i] / s_long + (n[i] - along * axis[i]) / s_radial;
  len = sqrt(dot(out, out));
  if (len > 0.0)
    for (int i = 0; i < 3; i++)
      out[i] /= len;
}

int ct_heart_segment_centre(const CtMesh *mesh, const CtHeartPose *pose, int segment,
                            float centre[3], float outward_normal[3])
{
  double sum[3] = {0.0, 0.0, 0.0}, nsum[3] = {0.0, 0.0, 0.0}, len, best;
  size_t count = 0;

  for (int i = 0; i < 3; i++)
    centre[i] = outward_normal[i] = 0.0f;
  if (mesh == NULL || mesh->vertices == NULL)
    return 0;
  for (size_t k = 0; k < mesh->n_vertices; k++) {
    const CtVertex *v = &mesh->vertices[k];
    double p[3], n[3];

    if (v->part != CT_PART_LV || v->segment != segment || v->depth != 1.0f)
      continue;
    vertex_position(v, pose, p);
    vertex_normal(v, pose, n);
    for (int i = 0; i < 3; i++) {
      sum[i] += p[i];
      nsum[i] += n[i];
    }
    count++;
  }
  if (count == 0)
    return 0;
  len = sqrt(dot(nsum, nsum));
  for (int i = 0; i < 3; i++) {
    sum[i] /= (double)count;
    outward_normal[i] = len > 0.0 ? (float)(nsum[i] / len) : 0.0f;
  }
  /* The mean of a curved patch lies inside the wall: put the centre on the surface, at the
   * segment's epicardial vertex nearest to it. */
  best = INFINITY;
  for (size_t k = 0; k < mesh->n_vertices; k++) {
    const CtVertex *v = &mesh->vertices[k];
    double p[3], d2 = 0.0;

    if (v->part != CT_PART_LV || v->segment != segment || v->depth != 1.0f)
      continue;
    vertex_position(v, pose, p);
    for (int i = 0; i < 3; i++)
      d2 += (p[i] - sum[i]) * (p[i] - sum[i]);
    if (d2 < best) {
      best = d2;
      for (int i = 0; i < 3; i++)
        centre[i] = (float)p[i];
    }
  }
  return 1;
}

/* ct-mesh.c — chamber poses from simulated volumes, and the pose of one vertex.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-mesh.h"

#include <math.h>
#include <stdlib.h>

void ct_mesh_free(CtMesh *mesh)
{
  if (mesh == NULL)
    return;
  free(mesh->vertices);
  free(mesh->indices);
  mesh->vertices = NULL;
  mesh->indices = NULL;
  mesh->n_vertices = 0;
  mesh->n_indices = 0;
}

/* A wall volume usable in the ratio (non-negative, finite). */
#define MAX_WALL(v) ((v) > 0.0 && isfinite(v) ? (v) : 0.0)

/* Scales (long, radial) that change a chamber's volume by @ratio, a share @long_share of the
 * change (in log terms) taken along the long axis: V ~ s_long * s_radial^2. */
static void split_scale(double ratio, double long_share, float *s_long, float *s_radial)
{
  /* Within a thousandfold either way, and finite whatever came in (NaN compares false). */
  double r = ratio > 1e-3 ? (ratio < 1e3 ? ratio : 1e3) : 1e-3;

  *s_long = (float)pow(r, long_share);
  *s_radial = (float)pow(r, 0.5 * (1.0 - long_share));
}

void ct_chamber_pose_from_volume(const CtChamberReference *reference, double cavity_volume_ml,
                                 CtChamberPose *pose)
{
  double cavity_ratio, epi_ratio, wall;

  for (int i = 0; i < 3; i++) {
    pose->origin[i] = reference->origin[i];
    pose->axis[i] = reference->axis[i];
  }
  /* A chamber without a measured cavity (absent from an imported mesh) stays as it is. */
  if (!(reference->cavity_volume_ml > 0.0) || !isfinite(reference->cavity_volume_ml) ||
      !isfinite(cavity_volume_ml)) {
    pose->endo_long = pose->endo_radial = pose->epi_long = pose->epi_radial = 1.0f;
    return;
  }
  /* The myocardium is incompressible: the volume inside the epicardium changes by exactly the
   * cavity's change, so the wall thickens as the cavity empties (Rushmer 1956; the basis of
   * wall-thickening indices). */
  wall = MAX_WALL(reference->wall_volume_ml);
  cavity_ratio = cavity_volume_ml / reference->cavity_volume_ml;
  epi_ratio = (cavity_volume_ml + wall) / (reference->cavity_volume_ml + wall);
  split_scale(cavity_ratio, reference->long_axis_share, &pose->endo_long, &pose->endo_radial);
  split_scale(epi_ratio, reference->long_axis_share, &pose->epi_long, &pose->epi_radial);
}

void ct_vertex_posed_position(const CtVertex *vertex, const CtHeartPose *pose, float out[3])
{
  const CtChamberPose *c;
  float d[3], axial, s_long, s_radial, t;

  if (vertex->chamber >= CT_CHAMBER_COUNT) {
    for (int i = 0; i < 3; i++)
      out[i] = vertex->position[i];
    return;
  }
  c = &pose->chambers[vertex->chamber];
  t = vertex->depth < 0.0f ? 0.0f : (vertex->depth > 1.0f ? 1.0f : vertex->depth);
  s_long = c->endo_long + t * (c->epi_long - c->endo_long);
  s_radial = c->endo_radial + t * (c->epi_radial - c->endo_radial);
  for (int i = 0; i < 3; i++)
    d[i] = vertex->position[i] - c->origin[i];
  axial = d[0] * c->axis[0] + d[1] * c->axis[1] + d[2] * c->axis[2];
  for (int i = 0; i < 3; i++) {
    float along = axial * c->axis[i];

    out[i] = c->origin[i] + s_long * along + s_radial * (d[i] - along);
  }
}

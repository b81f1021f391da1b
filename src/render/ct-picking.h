/* ct-picking.h — what lies under the pointer: a ray cast on the CPU against the posed mesh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ct-mesh.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The nearest triangle that the ray (origin and direction in the heart frame, mm; the direction
 * need not be unit) crosses, with the mesh posed by @pose (NULL: the reference geometry); both
 * faces count. Returns the AHA segment (1..17) when it is LV wall, 0 when it is something else,
 * -1 when the ray misses. @distance (may be NULL) receives the distance to the hit in mm. */
int ct_mesh_pick_segment(const CtMesh *mesh, const CtHeartPose *pose, const float ray_origin[3],
                         const float ray_direction[3], float *distance);

/* The same with the cut-away: what lies where dot(@cut_plane.xyz, p) + @cut_plane.w > 0 is not
 * there (the renderer's rule). */
int ct_mesh_pick_segment_cut(const CtMesh *mesh, const CtHeartPose *pose, const float ray_origin[3],
                             const float ray_direction[3], const float cut_plane[4],
                             float *distance);

/* The same ray cast, returning the CtPart that was hit, or -1. */
int ct_mesh_pick_part(const CtMesh *mesh, const CtHeartPose *pose, const float ray_origin[3],
                      const float ray_direction[3], float *distance);

/* Where a lead marker goes on @segment: the posed epicardial vertex (LV, depth 1) nearest to the
 * mean of the segment's epicardial vertices (on the surface, unlike the mean itself), and the
 * unit mean of their outward normals; returns 1. Returns 0, with zeros, when the mesh has no such
 * vertex (a patient's mesh whose LV does not reach that segment). */
int ct_heart_segment_centre(const CtMesh *mesh, const CtHeartPose *pose, int segment,
                            float centre[3], float outward_normal[3]);

#ifdef __cplusplus
}
#endif

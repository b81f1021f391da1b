/* ct-heart-mesh.h — the parametric anatomical heart: four chambers with walls, the valve planes,
 * the great vessels and the coronary arteries, generated from a handful of echocardiographic
 * dimensions (CtHeartGeometry) into a CtMesh (ct-mesh.h).
 *
 * The frame is ct-mesh.h's: millimetres, origin at the LV epicardial apex, +z the LV long axis
 * toward the base, +x lateral (the patient's left), +y anterior. Note that this frame is a mirror
 * image of the body (x cross y = -z in anatomical terms: with lateral and anterior fixed, the base
 * lies on the other side), so a view that shows the heart as seen in the patient maps it to the
 * world with a reflection (a model matrix of determinant -1, and clockwise front faces).
 *
 * The LV is a truncated prolate spheroid with a real wall: the endocardial spheroid (semi-minor
 * axis lv_end_diastolic_diameter_mm / 2, apex at z = lv_wall_thickness_mm) is cut by the base
 * plane z = lv_long_axis_mm at CT_HEART_LV_TRUNCATION of its semi-major axis above its equator;
 * the epicardial spheroid is the endocardial one grown by the wall thickness on both semi-axes
 * (same centre, apex at the origin).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ct-mesh.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The base plane's height above the endocardial spheroid's equator, as a share of its semi-major
 * axis (the LV cavity is cut a little above its widest section, so that the basal diameter is
 * ~94 % of the widest one, as in the diastolic LV of Lang et al. 2015, JASE 28:1, fig. 3). */
#define CT_HEART_LV_TRUNCATION 0.35

/* Where the AHA levels lie: the apex cap (segment 17) reaches this far above the endocardial
 * apex, as a share of the long axis; the rest up to the base is cut in thirds (Cerqueira et al.
 * 2002, Circulation 105:539: "the apical cap is the myocardium beyond the end of the cavity"). */
#define CT_HEART_APEX_CAP_SHARE 0.04

/* The AHA segment (Cerqueira et al. 2002, Circulation 105:539) of an LV point: @z_fraction is its
 * height above the apex cap's top as a share of the rest of the long axis (below 0: the apex cap,
 * segment 17; 0..1/3 apical, 1/3..2/3 mid, above basal), @angle_deg its angle around the long axis
 * in the heart frame (0 lateral +x, 90 anterior +y, 180 septal -x, 270 inferior). Returns 1..17,
 * or 0 when an argument is not finite. Shared by the parametric heart and imported meshes
 * (ct-mesh-import.c), so both label the same way. */
int ct_aha_segment_at(float z_fraction, float angle_deg);

typedef struct {
  double lv_long_axis_mm;              /* epicardial apex to the mitral annular plane */
  double lv_end_diastolic_diameter_mm; /* LVIDd, endocardium to endocardium */
  double lv_wall_thickness_mm;         /* diastolic, septum and posterior wall alike */
  double rv_end_diastolic_diameter_mm; /* basal RV diameter, septum to free wall */
  double la_diameter_mm;               /* LA antero-posterior diameter */
  double ra_diameter_mm;               /* RA minor-axis (medio-lateral) diameter */
  double mitral_annulus_mm;
  double tricuspid_annulus_mm;
  double aortic_annulus_mm;
  double pulmonary_annulus_mm;
  double aortic_root_mm; /* at the sinuses of Valsalva */
} CtHeartGeometry;

/* A normal adult heart (both sexes' means where they differ), each value sourced in the .c. */
CtHeartGeometry ct_heart_geometry_default(void);

/* 0 when every dimension is finite and within the range the generator handles, else -1. */
int ct_heart_geometry_validate(const CtHeartGeometry *g);

/* Generates the whole scene into @mesh (the caller frees it with ct_mesh_free) and the chambers'
 * reference geometry into @references (indexed by CtChamber). Returns 0, or -1 on invalid
 * geometry or out of memory (then @mesh is left empty). The same as
 * ct_heart_mesh_generate_detailed(g, CT_HEART_DETAIL_FULL, ...). */
int ct_heart_mesh_generate(const CtHeartGeometry *g, CtMesh *mesh,
                           CtChamberReference references[CT_CHAMBER_COUNT]);

/* How finely the scene is tessellated. */
typedef enum {
  CT_HEART_DETAIL_FULL,    /* ~100k triangles: hardware GL, and the tests' reference */
  CT_HEART_DETAIL_REDUCED, /* ~1/5 of them, for software rasterisers (ct_renderer_is_software):
                            * llvmpipe's cost at 4x MSAA is per small triangle, and the full
                            * scene's ~42 ms a frame is far over the 8 ms budget there */
} CtHeartDetail;

/* ct_heart_mesh_generate at a level of detail. REDUCED keeps what the rest of the application
 * relies on: the same parts, chambers and attributes, the 17 AHA segments' boundaries on vertex
 * rings (every triangle in one segment), a closed outward LV wall, and references measured on its
 * own triangles (the LV cavity within ~1 % of FULL's; the RV's, computed analytically, equal).
 * Returns -1 also for a @detail that is neither. */
int ct_heart_mesh_generate_detailed(const CtHeartGeometry *g, CtHeartDetail detail, CtMesh *mesh,
                                    CtChamberReference references[CT_CHAMBER_COUNT]);

/* The volume (ml) that the endocardial triangles of @part (depth 0 at all three vertices, a
 * chamber's part) enclose under @pose (NULL: the reference geometry), by the divergence theorem.
 * The surface may be open at one planar valve plane: @plane_point (reference geometry, in that
 * plane) closes it, posed with the chamber like an endocardial vertex. Positive for a cavity. */
double ct_heart_mesh_endocardial_volume_ml(const CtMesh *mesh, const CtHeartPose *pose, CtPart part,
                                           const float plane_point[3]);

/* The patient's left, anterior and superior directions in the heart frame (unit vectors, in
 * the typical orientation of a normal heart in the chest): for the standard views (anterior:
 * looking along -anterior with superior up; LAO: the camera turned toward the left). */
void ct_heart_body_axes(float left[3], float anterior[3], float superior[3]);

/* The point the LV's open base is closed at (the centre of its endocardial base ring). */
void ct_heart_lv_base_centre(const CtHeartGeometry *g, float centre[3]);

#ifdef __cplusplus
}
#endif

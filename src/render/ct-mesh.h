/* ct-mesh.h — the heart scene's triangle mesh, as the renderer draws it and the picker reads it.
 *
 * The render room's contract between geometry (ct-heart-mesh.c: the parametric anatomical heart;
 * later imported patient meshes) and drawing (ct-renderer.c): plain C structs, no GL, no GLib
 * objects, so that geometry is generated and tested without a GPU.
 *
 * Vertices are in millimetres, in the heart's frame: origin at the LV apex, +z along the LV long
 * axis toward the base, +x toward the LV lateral wall (the patient's left), +y anterior. The
 * septum and the RV lie toward -x, the inferior wall toward -y.
 *
 * Each vertex is stored at the reference (end-diastolic) geometry of the twin and carries the part
 * it belongs to and, for chamber walls, its depth in the wall; the renderer moves it every frame
 * from the chamber poses (CtChamberPose, ct_chamber_pose_from_volume), so the CPU never rewrites
 * the mesh while the heart beats.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  CT_PART_LV = 0,           /* left ventricular wall (endocardium to epicardium) */
  CT_PART_RV,               /* right ventricular free wall */
  CT_PART_LA,               /* left atrium with its appendage */
  CT_PART_RA,               /* right atrium with its appendage */
  CT_PART_AORTA,            /* root, ascending, arch with head vessels, descending */
  CT_PART_PULMONARY_ARTERY, /* trunk and branches */
  CT_PART_VENA_CAVA,        /* superior and inferior */
  CT_PART_PULMONARY_VEINS,  /* the four veins into the LA */
  CT_PART_CORONARY,         /* left main, LAD, circumflex, RCA */
  CT_PART_MITRAL_VALVE,
  CT_PART_AORTIC_VALVE,
  CT_PART_TRICUSPID_VALVE,
  CT_PART_PULMONARY_VALVE,
  CT_PART_COUNT
} CtPart;

/* The parts that change volume with the simulation, in this order in CtHeartPose. */
typedef enum {
  CT_CHAMBER_LV = 0,
  CT_CHAMBER_RV,
  CT_CHAMBER_LA,
  CT_CHAMBER_RA,
  CT_CHAMBER_COUNT
} CtChamber;

typedef struct {
  float position[3]; /* mm, reference geometry */
  float normal[3];   /* unit */
  uint8_t part;      /* CtPart */
  uint8_t segment;   /* AHA segment 1..17 on the LV wall, 0 elsewhere */
  uint8_t chamber;   /* CtChamber that moves it, or 255 for static parts (vessels) */
  uint8_t valve;     /* for valve leaflets: 1 at the free edge, 0 at the annulus; else 0 */
  float depth;       /* in a chamber wall: 0 at the endocardium, 1 at the epicardium */
} CtVertex;

#define CT_VERTEX_STATIC 255

typedef struct {
  CtVertex *vertices;
  size_t n_vertices;
  uint32_t *indices; /* triangles, counter-clockwise seen from outside */
  size_t n_indices;
} CtMesh;

void ct_mesh_free(CtMesh *mesh);

/* How one chamber is posed at a moment of the beat, relative to its reference geometry.
 *
 * A chamber has an origin (its apex, or its centre for an atrium) and a long axis. A point at
 * reference offset d = (axial a, radial r) from the origin moves to origin + s_long * a +
 * s_radial * r; endocardial and epicardial surfaces have their own scales, so that the wall
 * thickens as the cavity empties (the myocardium's volume is conserved), and a point inside the
 * wall interpolates by its depth. */
typedef struct {
  float origin[3];
  float axis[3]; /* unit */
  float endo_long, endo_radial;
  float epi_long, epi_radial;
} CtChamberPose;

typedef struct {
  CtChamberPose chambers[CT_CHAMBER_COUNT];
  float valve_opening[4]; /* mitral, aortic, tricuspid, pulmonary: 0 closed .. 1 open */
} CtHeartPose;

/* The reference geometry of each chamber, filled by the mesh generator: where it is and what
 * volumes its reference surfaces enclose, to pose it from simulated volumes. */
typedef struct {
  float origin[3];
  float axis[3];
  float cavity_volume_ml; /* enclosed by the endocardium at the reference geometry */
  float wall_volume_ml;   /* myocardium, constant through the beat */
  /* Share of a volume change taken by long-axis shortening (the rest is radial). */
  float long_axis_share;
} CtChamberReference;

/* The pose of a chamber holding @cavity_volume_ml (from the engine). */
void ct_chamber_pose_from_volume(const CtChamberReference *reference, double cavity_volume_ml,
                                 CtChamberPose *pose);

/* Where the vertex is under @pose (what the vertex shader computes). */
void ct_vertex_posed_position(const CtVertex *vertex, const CtHeartPose *pose, float out[3]);

#ifdef __cplusplus
}
#endif

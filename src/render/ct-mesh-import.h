/* ct-mesh-import.h — patient meshes (glTF 2.0, STL, OBJ, PLY) in place of the parametric heart.
 *
 * A file is read with assimp's C API, checked (size, format, finite coordinates, triangle count),
 * its parts labelled from their names, and moved into the heart frame of ct-mesh.h, where the LV
 * gets its AHA segments and wall depths so that colour maps and picking work as on the parametric
 * heart (ct-heart-mesh.h). The result is a CtMesh and the chambers' CtChamberReference, as
 * ct_heart_mesh_generate() gives.
 *
 * Part names. A mesh takes the part of the first name that matches, looked up in this order: the
 * name of the node that holds it, the mesh's own name, then the names of the node's ancestors (not
 * the root's, which importers name after the file). Names are compared case-insensitively as
 * words: "LV_myocardium", "LeftVentricle" and "lv.001" all read as LV (in OBJ, assimp keeps an
 * object's name up to its first space: write "Right_ventricle", not "Right ventricle"). Accepted
 * words:
 *
 *   LV                "lv", "left ventricle", "left ventricular", "myocardium", "myo", "lvm"
 *   RV                "rv", "right ventricle", "right ventricular"
 *   LA                "la", "laa", "left atrium", "left atrial"
 *   RA                "ra", "raa", "right atrium", "right atrial"
 *   aorta             "aorta", "aortic" (but "aortic valve"), "ao"
 *   pulmonary artery  "pulmonary artery", "pulmonary trunk", "pa"
 *   venae cavae       "vena cava", "cava", "svc", "ivc"
 *   pulmonary veins   "pulmonary vein(s)", "pv", "lspv", "lipv", "rspv", "ripv"
 *   coronaries        "coronary", "lad", "lcx", "rca"
 *   valves            "mitral", "tricuspid", "aortic valve", "pulmonary valve", "pulmonic"
 *
 * Valves are matched first, then "pulmonary vein"/"pulmonary artery", then the chambers (so "RV
 * myocardium" is RV). A chamber's part whose name also says "blood", "pool", "cavity" or "lumen"
 * is that chamber's cavity surface (all endocardium). Everything else is CT_PART_UNLABELLED:
 * static, drawn in a neutral grey, never segmented.
 *
 * Coordinates. The file is taken to hold the real (not mirrored) anatomy in a right-handed frame
 * (DICOM LPS, RAS, glTF all are), in millimetres unless its size says otherwise (see
 * ct-mesh-import.c, "units"). Since the heart frame is a mirror image of the body
 * (ct-heart-mesh.h), the move into it is a rotation and a reflection: +z the LV long axis toward
 * the base, -x toward the RV (or the file's -x without an RV part), +y = +x cross +z (anterior);
 * winding and normals follow, so triangles stay counter-clockwise seen from outside.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ct-mesh.h"

G_BEGIN_DECLS

#define CT_MESH_IMPORT_ERROR (ct_mesh_import_error_quark())
GQuark ct_mesh_import_error_quark(void);

typedef enum {
  CT_MESH_IMPORT_ERROR_NOT_FOUND,   /* no such file, or not a regular file */
  CT_MESH_IMPORT_ERROR_TOO_LARGE,   /* over CT_MESH_IMPORT_MAX_FILE_BYTES or _MAX_TRIANGLES */
  CT_MESH_IMPORT_ERROR_UNSUPPORTED, /* not .gltf, .glb, .stl, .obj or .ply */
  CT_MESH_IMPORT_ERROR_INVALID,     /* empty, unreadable, NaN or infinite coordinates, no faces */
  CT_MESH_IMPORT_ERROR_NO_LV, /* no part named as the LV: the view keeps the parametric heart */
} CtMeshImportError;

/* Refused from its size alone, before anything is read. */
#define CT_MESH_IMPORT_MAX_FILE_BYTES ((goffset)256 * 1024 * 1024)
/* Refused after parsing: beyond this the picking ray cast and the upload stop being interactive. */
#define CT_MESH_IMPORT_MAX_TRIANGLES ((size_t)2000000)

/* The part of an imported mesh's vertices that no name labels (outside CtPart on purpose: the
 * renderer draws any part past its table in its neutral colour; ct_mesh_pick_part returns it). */
#define CT_PART_UNLABELLED 254

/* What an import did, for the user and for tests. */
typedef struct {
  double unit_scale;           /* the file's units to mm: 1 (mm), 10 (cm) or 1000 (m) */
  size_t n_triangles;          /* in the mesh */
  size_t n_degenerate_dropped; /* zero-area or collapsed faces left out */
  size_t n_unlabelled_triangles;
  gboolean septum_from_rv;   /* FALSE: no RV part, the septum was taken toward the file's -x */
  gboolean lv_cavity_closed; /* LV cavity by the divergence theorem; FALSE: ellipsoid estimate */
  gboolean lv_wall_closed;   /* LV wall from its closed surface; FALSE: area x thickness */
  gboolean chamber_present[CT_CHAMBER_COUNT];
  /* The affine map from the file's coordinates (its units, after its node transforms) to the
   * heart frame (mm), column-major like ct-camera.h's matrices; its determinant is negative. */
  float heart_from_file[16];
} CtMeshImportReport;

/* Reads @path into @mesh (emptied first; the caller frees it with ct_mesh_free) and @references
 * (indexed by CtChamber; an absent chamber has cavity_volume_ml 0 and no vertex: do not pose it).
 * Blocking: call it on a worker thread, or use the async variant. Returns FALSE with a
 * CT_MESH_IMPORT_ERROR (or G_IO_ERROR_CANCELLED) and @mesh empty on failure. */
gboolean ct_mesh_import_file(const char *path, CtMesh *mesh,
                             CtChamberReference references[CT_CHAMBER_COUNT], GError **error);

/* The same, with what it did in @report (may be NULL) and a @cancellable checked between steps
 * (assimp's own parsing runs to its end). */
gboolean ct_mesh_import_file_full(const char *path, CtMesh *mesh,
                                  CtChamberReference references[CT_CHAMBER_COUNT],
                                  CtMeshImportReport *report, GCancellable *cancellable,
                                  GError **error);

/* The same from @bytes in memory, a mesh that did not come as a file (the platform's twin package
 * may attach one): @name is the file name it came with, shown in messages, and its extension says
 * the format as a file's does. Nothing but @bytes is read: a reference to another file (a .gltf's
 * external buffers, an .obj's material library) finds nothing, so a glTF must hold its buffers
 * (.glb, or data: URIs). */
gboolean ct_mesh_import_bytes_full(GBytes *bytes, const char *name, CtMesh *mesh,
                                   CtChamberReference references[CT_CHAMBER_COUNT],
                                   CtMeshImportReport *report, GCancellable *cancellable,
                                   GError **error);

/* Imports on a worker thread (GTask); @callback runs on the thread-default main context of the
 * caller. Cancelling completes the task at once with G_IO_ERROR_CANCELLED; the worker's result, if
 * it comes later, is freed. */
void ct_mesh_import_file_async(const char *path, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data);
/* @report may be NULL. */
gboolean ct_mesh_import_file_finish(GAsyncResult *result, CtMesh *mesh,
                                    CtChamberReference references[CT_CHAMBER_COUNT],
                                    CtMeshImportReport *report, GError **error);

/* What the user should know about an import (units assumed, faces dropped, a septum guessed,
 * volumes estimated), translated, one sentence a line; NULL when there is nothing to say. */
char *ct_mesh_import_report_describe(const CtMeshImportReport *report);

G_END_DECLS

/* fuzz-mesh.c — libFuzzer harness of the patient mesh import (ct_mesh_import_bytes_full: assimp's
 * glTF 2.0, STL, OBJ and PLY readers, then our checks, labelling, heart frame, segments and
 * volumes).
 *
 * The first byte chooses the format, as a file's extension does: its value modulo 5, so that every
 * byte picks one and the digits '0' to '4' pick glb, gltf, stl, obj and ply (a text corpus file
 * stays text: "3o LV\nv 0 0 0\n..." is an OBJ). The rest is the mesh, imported
 * from memory: one harness for every format, since they share everything after assimp, and the
 * fuzzer may carry what it learns of one to another (an OBJ's part names into a PLY's comments).
 * A glTF's references to other files find nothing, as ct-mesh-import.h says of bytes.
 *
 * Checks: a mesh or an error (ct-fuzz.h), the mesh empty after an error; a mesh that the view can
 * draw and pick (triangles whose indices are in range, finite positions and normals, segments
 * 0-17), its report and chamber references consistent with it; no leak, no memory error, no
 * undefined behaviour in our code (assimp is not instrumented: its own bugs show only when they
 * reach ours).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "ct-fuzz.h"
#include "ct-mesh-import.h"

/* Indexed by the first byte modulo 5: ASCII '0' (48) is 3 modulo 5, so '0' to '4' land on 3, 4,
 * 0, 1, 2. */
static const char *const names[5] = {"fuzz.stl", "fuzz.obj", "fuzz.ply", "fuzz.glb", "fuzz.gltf"};

static void check_mesh(const CtMesh *mesh, const CtChamberReference *references,
                       const CtMeshImportReport *report)
{
  if (mesh->n_vertices == 0 || mesh->n_indices == 0 || mesh->n_indices % 3 != 0)
    ct_fuzz_fail("an import succeeded with %zu vertices and %zu indices", mesh->n_vertices,
                 mesh->n_indices);
  if (report->n_triangles != mesh->n_indices / 3)
    ct_fuzz_fail("the report counts %zu triangles, the mesh has %zu", report->n_triangles,
                 mesh->n_indices / 3);
  for (size_t i = 0; i < mesh->n_indices; i++)
    if (mesh->indices[i] >= mesh->n_vertices)
      ct_fuzz_fail("index %zu is %u, past the %zu vertices", i, mesh->indices[i], mesh->n_vertices);
  for (size_t v = 0; v < mesh->n_vertices; v++) {
    const CtVertex *x = &mesh->vertices[v];

    for (int k = 0; k < 3; k++)
      if (!isfinite(x->position[k]) || !isfinite(x->normal[k]))
        ct_fuzz_fail("vertex %zu is not finite", v);
    if (!isfinite(x->depth) || x->segment > 17)
      ct_fuzz_fail("vertex %zu has depth %g, segment %u", v, x->depth, x->segment);
  }
  if (!report->chamber_present[CT_CHAMBER_LV])
    ct_fuzz_fail("an import succeeded without an LV");
  for (int c = 0; c < CT_CHAMBER_COUNT; c++) {
    const CtChamberReference *r = &references[c];

    if (!isfinite(r->cavity_volume_ml) || !isfinite(r->wall_volume_ml) || r->cavity_volume_ml < 0 ||
        r->wall_volume_ml < 0)
      ct_fuzz_fail("chamber %d: cavity %g ml, wall %g ml", c, r->cavity_volume_ml,
                   r->wall_volume_ml);
    for (int k = 0; k < 3; k++)
      if (!isfinite(r->origin[k]) || !isfinite(r->axis[k]))
        ct_fuzz_fail("chamber %d: origin or axis not finite", c);
  }
  for (int k = 0; k < 16; k++)
    if (!isfinite(report->heart_from_file[k]))
      ct_fuzz_fail("the report's heart_from_file is not finite");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *said = NULL;
  CtMesh mesh;
  CtChamberReference references[CT_CHAMBER_COUNT];
  CtMeshImportReport report;
  gboolean ok;

  ct_fuzz_init();
  if (size == 0)
    return 0;
  bytes = g_bytes_new_static(data + 1, size - 1);
  ok = ct_mesh_import_bytes_full(bytes, names[data[0] % 5], &mesh, references, &report, NULL,
                                 &error);
  ct_fuzz_check("ct_mesh_import_bytes_full", ok, error);
  if (!ok) {
    if (mesh.n_vertices != 0 || mesh.vertices != NULL || mesh.n_indices != 0 ||
        mesh.indices != NULL)
      ct_fuzz_fail("a failed import left a mesh behind (%s)", error->message);
    return 0;
  }
  check_mesh(&mesh, references, &report);
  said = ct_mesh_import_report_describe(&report);
  ct_mesh_free(&mesh);
  return 0;
}

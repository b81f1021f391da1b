/* bench-heart-mesh.c — the parametric scene's cost (DESIGN.md, contract: benchmarks).
 *
 *   mesh_generate_ms  median wall time of ct_heart_mesh_generate for the full scene (chambers,
 *                     valves, great vessels, coronaries), 20 runs; target <= 20 ms
 *   mesh_triangles    the scene's triangle count (budget ~200k)
 *   mesh_generate_reduced_ms  the same at CT_HEART_DETAIL_REDUCED (software GL), with its
 *                     triangle count in a comment
 *
 * Run: meson test -C build --benchmark -v   (prints BENCH name value unit)
 */
#include "ct-heart-mesh.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

static int compare(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/* The median of 20 generations at @detail (ms); @triangles receives the scene's count. */
static double median_generate_ms(const CtHeartGeometry *g, CtHeartDetail detail, size_t *triangles)
{
  CtChamberReference references[CT_CHAMBER_COUNT];
  double ms[20];

  for (int i = 0; i < 20; i++) {
    CtMesh mesh;
    gint64 start = g_get_monotonic_time();

    if (ct_heart_mesh_generate_detailed(g, detail, &mesh, references) != 0)
      g_error("ct_heart_mesh_generate_detailed failed on the default geometry");
    ms[i] = (double)(g_get_monotonic_time() - start) * 1e-3;
    *triangles = mesh.n_indices / 3;
    ct_mesh_free(&mesh);
  }
  qsort(ms, G_N_ELEMENTS(ms), sizeof ms[0], compare);
  return 0.5 * (ms[9] + ms[10]);
}

int main(void)
{
  CtHeartGeometry g = ct_heart_geometry_default();
  size_t triangles = 0, reduced_triangles = 0;
  double full_ms = median_generate_ms(&g, CT_HEART_DETAIL_FULL, &triangles);
  double reduced_ms = median_generate_ms(&g, CT_HEART_DETAIL_REDUCED, &reduced_triangles);

  printf("BENCH mesh_generate_ms %.2f ms\n", full_ms);
  printf("BENCH mesh_triangles %zu triangles\n", triangles);
  printf("BENCH mesh_generate_reduced_ms %.2f ms\n", reduced_ms);
  printf("# reduced: %zu triangles\n", reduced_triangles);
  return 0;
}

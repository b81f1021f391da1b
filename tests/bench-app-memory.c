/* bench-app-memory.c — the application's memory (DESIGN.md, contract: benchmarks), in a window on
 * Xvfb, with a cache of 10,000 patients (issue 8):
 *
 *   rss_mb                     resident memory with the 10,000-patient cache listed and a twin
 *                              open and beating for 3 s
 *   twin_cycle_heap_kb         growth of the heap in use (glibc mallinfo2) per open/close cycle of
 *                              a twin, from cycle CYCLES_WARM to CYCLES: a leak shows as a steady
 *                              positive figure (1 kB per cycle would be 1 MB over the cycles)
 *   twin_cycle_rss_kb          the same for the resident memory (the heap's pages, GL buffers in
 *                              Mesa's heap, fragmentation)
 *
 * A cycle opens one patient's twin (the twin page, two engines to steady state, the heart's mesh
 * and GL buffers, the plots) and waits for its heart drawn and both answers; opening the next
 * patient closes it. The cycles alternate between two synthetic patients of the cache and a
 * demo twin, so each opening is a new twin, not the same one shown again.
 *
 * Run: meson test -C build --benchmark -v bench-app-memory (several minutes: 1,000 cycles).
 * CT_BENCH_CYCLES=N runs N cycles instead, N at least 2 (one before the growth is measured, one
 * to measure it over); fewer are refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "ct-application.h"
#include "ct-gl-test-util.h"
#include "ct-test-cache.h"
#include "ct-test-util.h"
#include "ct-ui-test-util.h"
#include "ct-window.h"

/* CYCLES_WARM: the per-cycle figures count from this cycle on (or from half the cycles, if fewer
 * are run), so that growth that happens once, not per cycle, does not pass for a leak: what fills
 * on first use and then stays (GTK's style and font data, the software rasteriser's compiled
 * shaders, SQLite's page cache, malloc's arenas; which of these grow here was not measured one by
 * one). Measured on this project's machine (llvmpipe, 2026-11-26, 300 cycles sampled every 10): the
 * heap in use was already flat from the first cycle (44.3 to 44.5 MB throughout), the twin opened
 * for rss_mb before the cycles having done the warming. So 100, a tenth of the run, is a margin for
 * a machine or GL driver where warming takes longer, not a figure measured here. */
#define N_PATIENTS  10000
#define CYCLES      1000
#define CYCLES_WARM 100

static CtWindow *window;

/* The twin is on screen: its heart drawn, the baseline and the plan answered. */
static gboolean twin_shown(gpointer data)
{
  CtTwinPage *page = ct_window_get_twin_page(window);

  if (page == NULL || ct_heart_view_get_n_frames_drawn(ct_twin_page_get_heart_view(page)) == 0)
    return FALSE;
  return ct_ui_test_plan_answered(window);
}

static gboolean is_gl_area(GtkWidget *widget, gpointer data)
{
  return GTK_IS_GL_AREA(widget);
}

/* What drew what was measured: the 3D view's GL (a software rasteriser or a GPU's driver) and the
 * renderer GTK composited the window with (cairo on a software rasteriser, ct-application.c). */
static void print_renderers(void)
{
  CtTwinPage *page = ct_window_get_twin_page(window);
  GtkWidget *area =
      ct_ui_test_find_descendant(GTK_WIDGET(ct_twin_page_get_heart_view(page)), is_gl_area, NULL);
  GskRenderer *compositor = gtk_native_get_renderer(GTK_NATIVE(window));

  if (area == NULL || gtk_gl_area_get_context(GTK_GL_AREA(area)) == NULL)
    return;
  gtk_gl_area_make_current(GTK_GL_AREA(area));
  printf("# the 3D view's GL: %s (%s); the window composited by %s\n",
         (const char *)glGetString(GL_RENDERER), (const char *)glGetString(GL_VERSION),
         G_OBJECT_TYPE_NAME(compositor));
}

/* The heap in use, in kB: what the process allocated and has not freed. */
static double heap_in_use_kb(void)
{
  struct mallinfo2 info;

  /* Returns freed chunks at the top of each arena, so that the resident figure follows the heap. */
  malloc_trim(0);
  info = mallinfo2();
  return (double)(info.uordblks + info.hblkhd) / 1024.0;
}

static void open_and_wait(gint64 key)
{
  ct_window_open_patient(window, key);
  ct_ui_test_wait_until(twin_shown, NULL, 120, "the twin on screen");
}

int main(int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp_dir = NULL;
  g_autoptr(CtApplication) app = NULL;
  const char *cycles_env = g_getenv("CT_BENCH_CYCLES");
  guint64 parsed = CYCLES;
  guint cycles, warm;
  gint64 keys[3];
  double heap_warm = 0, rss_warm = 0;
  gint64 start;

  /* At least 2: the growth is measured from cycle warm (at least 1) over cycles - warm (at least
   * 1) cycles; with fewer, there would be nothing to divide by. */
  if (cycles_env != NULL &&
      !g_ascii_string_to_unsigned(cycles_env, 10, 2, G_MAXUINT, &parsed, &error)) {
    fprintf(stderr,
            "bench-app-memory: CT_BENCH_CYCLES=%s cannot be used (%s): it must be a whole number "
            "of open/close cycles, at least 2\n",
            cycles_env, error->message);
    return 1;
  }
  cycles = (guint)parsed;
  warm = MIN(CYCLES_WARM, cycles / 2);
  tmp_dir = g_dir_make_tmp("ct-bench-app-memory-XXXXXX", &error);
  g_assert_no_error(error);
  g_setenv("XDG_DATA_HOME", tmp_dir, TRUE);
  g_setenv("XDG_CONFIG_HOME", tmp_dir, TRUE);

  /* The cache the application will open, filled before it starts. */
  {
    g_autofree char *path = ct_store_default_path();
    g_autofree char *folder = g_path_get_dirname(path);
    g_autoptr(CtStore) store = NULL;
    g_autoptr(CtStorePatient) demo = NULL;
    gint64 *all = g_new(gint64, N_PATIENTS);

    g_mkdir_with_parents(folder, 0700);
    store = ct_store_open(path, "bench", &error);
    g_assert_no_error(error);
    start = g_get_monotonic_time();
    ct_test_cache_fill(store, N_PATIENTS, all);
    printf("# filled a cache of %d patients in %.1f s\n", N_PATIENTS,
           (double)(g_get_monotonic_time() - start) / G_USEC_PER_SEC);
    keys[0] = all[42];
    keys[1] = all[N_PATIENTS - 1];
    g_free(all);
    g_assert_true(ct_store_seed_demos(store, NULL, &error));
    demo = ct_store_find_patient(store, "demo", "ischemic-scar", &error);
    g_assert_nonnull(demo);
    keys[2] = demo->key;
  }

  ct_application_prefer_cairo_on_software_gl();
  app = ct_ui_test_start_app(&window);
  ct_ui_test_iterate_for(200);
  printf("# resident memory with the window, the patient list and no twin: %.0f MB\n",
         ct_test_status_kb("VmRSS") / 1024.0);

  open_and_wait(keys[0]);
  /* A few seconds of beating, as a clinician would look at it. */
  ct_ui_test_iterate_for(3000);
  printf("BENCH rss_mb %.0f MB\n", ct_test_status_kb("VmRSS") / 1024.0);
  print_renderers();
  printf("# of which the process's own (RssAnon) %.0f MB, mapped files and libraries (RssFile) "
         "%.0f MB; heap in use %.1f MB\n",
         ct_test_status_kb("RssAnon") / 1024.0, ct_test_status_kb("RssFile") / 1024.0,
         heap_in_use_kb() / 1024.0);
  /* The software rasteriser's share: Mesa's llvmpipe JIT-compiles with LLVM, whose library pages
   * are resident once used (shared with every other GL program on the machine). */
  {
    static const char *const llvm[] = {"libLLVM", NULL};
    static const char *const mesa[] = {"/dri/", "libgallium", "libglapi", NULL};

    printf("# resident in the software rasteriser's libraries: libLLVM %.0f MB, Mesa (dri, "
           "gallium, glapi) %.0f MB; in any GL driver's (ct_gl_driver_libraries) %.0f MB\n",
           ct_mapped_resident_kb(llvm) / 1024.0, ct_mapped_resident_kb(mesa) / 1024.0,
           ct_mapped_resident_kb(ct_gl_driver_libraries) / 1024.0);
  }

  start = g_get_monotonic_time();
  for (guint i = 1; i <= cycles; i++) {
    open_and_wait(keys[i % G_N_ELEMENTS(keys)]);
    if (i == warm) {
      heap_warm = heap_in_use_kb();
      rss_warm = ct_test_status_kb("VmRSS");
    }
  }
  {
    double heap = heap_in_use_kb();
    double rss = ct_test_status_kb("VmRSS");
    guint measured = cycles - warm;

    printf("# %u open/close cycles in %.1f s; heap in use %.1f MB after %u, %.1f MB after %u; "
           "resident %.1f MB, %.1f MB\n",
           cycles, (double)(g_get_monotonic_time() - start) / G_USEC_PER_SEC, heap_warm / 1024.0,
           warm, heap / 1024.0, cycles, rss_warm / 1024.0, rss / 1024.0);
    printf("BENCH twin_cycle_heap_kb %.2f kB\n", (heap - heap_warm) / measured);
    printf("BENCH twin_cycle_rss_kb %.2f kB\n", (rss - rss_warm) / measured);
  }

  gtk_window_destroy(GTK_WINDOW(window));
  g_clear_object(&app);
  ct_test_remove_tree(tmp_dir);
  return 0;
}

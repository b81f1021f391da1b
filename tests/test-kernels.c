/* test-kernels.c — the engine's AVX2 kernels give the baseline's bits.
 *
 * libcardiosim builds its integration kernels twice, for the x86-64 baseline and for AVX2, and
 * the loader picks one by the processor (src/sim/meson.build). The clones must differ only in
 * how many segments one instruction takes: which one runs must not change a twin's numbers.
 * kernel-hash runs the same cases against libcardiosim and against a baseline-only build of the
 * same sources; their outputs (state hashes, every index in hexadecimal) must be equal byte for
 * byte, and kernel-hash must hold the clones (else the comparison would hold trivially). The same
 * holds for the one kernel written for AVX2 by hand, level_drive_avx2, which the baseline-only
 * build leaves out.
 */
#include <glib.h>
#include <string.h>

static char *run_cases(const char *program)
{
  g_autofree char *path = g_test_build_filename(G_TEST_BUILT, program, NULL);
  const char *argv[] = {path, NULL};
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                    &error))
    g_error("%s: %s", program, error->message);
  if (!g_spawn_check_wait_status(status, &error))
    g_error("%s: %s (%s)", program, error->message, err);
  return out;
}

static void test_same_bits(void)
{
  g_autofree char *clones = run_cases("kernel-hash");
  g_autofree char *baseline = run_cases("kernel-hash-baseline");
  g_auto(GStrv) lines = g_strsplit(clones, "\n", -1);
  g_auto(GStrv) baseline_lines = g_strsplit(baseline, "\n", -1);
  guint states = 0;

  /* Five cases, each a state hash and its indices; none of them NaN or infinite. */
  for (guint i = 0; lines[i] != NULL; i++) {
    const char *value = strrchr(lines[i], ' ');
    if (strstr(lines[i], " state ") != NULL)
      states++;
    /* The value, after the last space (an index's name may contain "inf" or "nan"). */
    if (value != NULL) {
      g_assert_null(strstr(value, "nan"));
      g_assert_null(strstr(value, "inf"));
    }
  }
  g_assert_cmpuint(states, ==, 5);
  g_assert_cmpuint(g_strv_length(lines), >, 5 * 20);
  /* Line by line, so that a failure names the case and the quantity that differ. */
  g_assert_cmpuint(g_strv_length(lines), ==, g_strv_length(baseline_lines));
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_cmpstr(lines[i], ==, baseline_lines[i]);

#ifndef CT_KERNEL_CLONES
  g_test_skip("this compiler builds no AVX2 clones: both programs run the baseline kernels");
#elif defined(__x86_64__) || defined(__i386__)
  if (!__builtin_cpu_supports("avx2"))
    g_test_skip("this processor has no AVX2: both programs ran the baseline kernels");
#endif
}

/* The comparison above passes as well when no kernel is cloned at all (CS_KERNEL dropped, or
 * defined empty, while meson still finds the attribute): kernel-hash must hold an AVX2 clone of
 * each kernel. GCC names a static function's clone after it, "evaluate.avx2"; binutils' nm, which
 * comes with the compiler, lists them. */
static void test_clones_built(void)
{
#ifndef CT_KERNEL_CLONES
  g_test_skip("this compiler builds no AVX2 clones");
#else
  static const char *const kernels[] = {"activation_at", "length_factors", "evaluate",
                                        "integrate_beat", "rk4_later_stages"};
  g_autofree char *path = g_test_build_filename(G_TEST_BUILT, "kernel-hash", NULL);
  g_autofree char *nm = g_find_program_in_path("nm");
  const char *argv[] = {nm, "--defined-only", path, NULL};
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (nm == NULL) {
    g_test_skip("no nm (binutils) to list kernel-hash's symbols");
    return;
  }
  if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                    &error))
    g_error("nm: %s", error->message);
  if (!g_spawn_check_wait_status(status, &error))
    g_error("nm: %s (%s)", error->message, err);
  for (guint i = 0; i < G_N_ELEMENTS(kernels); i++) {
    g_autofree char *clone = g_strdup_printf(" %s.avx2", kernels[i]);
    g_autofree char *baseline = g_strdup_printf(" %s.default", kernels[i]);
    if (strstr(out, clone) == NULL || strstr(out, baseline) == NULL)
      g_error("kernel-hash has no clones of %s (nm lists no %s.avx2 and %s.default)", kernels[i],
              kernels[i], kernels[i]);
  }
  /* The segments' level ODE is written for AVX2 by hand (GCC makes no gathers), beside the
   * scalar code every processor runs. */
  if (strstr(out, " level_drive_avx2") == NULL)
    g_error("kernel-hash has no level_drive_avx2 (nm lists none)");
#endif
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/kernels/same-bits", test_same_bits);
  g_test_add_func("/kernels/clones-built", test_clones_built);
  return g_test_run();
}

/* ct-fuzz-replay.c — a main for the fuzzing harnesses without libFuzzer: every file of the folders
 * (or the files) named on the command line goes once to LLVMFuzzerTestOneInput, in name order,
 * reported as TAP. This is how the seed corpora and the inputs of past findings (tests/fuzz/corpus)
 * run as regression tests in every build, gcc's and the sanitizer build's included, where
 * libFuzzer is not there.
 *
 * Beyond the loaders' contract (ct-fuzz.h), each input's name says what must become of it: a name
 * holding "bad-" (a broken seed, or the input of a finding that was hostile) must be refused, any
 * other must load. For a harness with one loader, that is its outcome; for one that calls several
 * on each input (fuzz-fhir: a fetch, a search, a cached Patient), at least one refuses a bad-
 * input, and at least one loads any other. An input that reached no loader fails too.
 *
 * Usage: fuzz-NAME-replay (DIR | FILE)...
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "ct-fuzz.h"

static int compare_paths(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds @path, or the regular files of the folder @path in name order (hidden ones left out). */
static gboolean add_inputs(GPtrArray *inputs, const char *path, GError **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) found = NULL;
  const char *name;

  if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
    g_ptr_array_add(inputs, g_strdup(path));
    return TRUE;
  }
  dir = g_dir_open(path, 0, error);
  if (dir == NULL)
    return FALSE;
  found = g_ptr_array_new();
  while ((name = g_dir_read_name(dir)) != NULL) {
    char *file = g_build_filename(path, name, NULL);

    if (name[0] != '.' && g_file_test(file, G_FILE_TEST_IS_REGULAR))
      g_ptr_array_add(found, file);
    else
      g_free(file);
  }
  /* Name order: the same run on every machine, whatever the file system lists first. */
  g_ptr_array_sort(found, compare_paths);
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add(inputs, found->pdata[i]);
  return TRUE;
}

/* Whether the outcome of the input @name is the one its name promises; if not, says why in
 * @reason. */
static gboolean outcome_as_named(const char *name, const CtFuzzOutcome *outcome, char **reason)
{
  gboolean bad = strstr(name, "bad-") != NULL;

  if (outcome->loaded == 0 && outcome->refused == 0) {
    *reason = g_strdup("no loader reported an outcome");
    return FALSE;
  }
  if (bad && outcome->refused == 0) {
    *reason =
        g_strdup_printf("its name says bad- but no loader refused it (%u loaded)", outcome->loaded);
    return FALSE;
  }
  if (!bad && outcome->loaded == 0) {
    *reason = g_strdup_printf("it must load (its name has no bad-) but was refused: %s",
                              outcome->first_refusal);
    return FALSE;
  }
  return TRUE;
}

int main(int argc, char **argv)
{
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func(g_free);
  guint failed = 0;

  if (argc < 2) {
    fprintf(stderr, "Usage: %s (DIR | FILE)...\n", argv[0]);
    return 2;
  }
  for (int i = 1; i < argc; i++) {
    g_autoptr(GError) error = NULL;

    if (!add_inputs(inputs, argv[i], &error)) {
      printf("Bail out! %s\n", error->message);
      return 1;
    }
  }
  /* An empty corpus would pass while testing nothing. */
  if (inputs->len == 0) {
    printf("Bail out! no input in %s\n", argv[1]);
    return 1;
  }
  printf("1..%u\n", inputs->len);
  for (guint i = 0; i < inputs->len; i++) {
    const char *path = inputs->pdata[i];
    g_autofree char *name = g_path_get_basename(path);
    g_autofree char *contents = NULL;
    g_autofree guint8 *data = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *reason = NULL;
    gsize length = 0;

    if (!g_file_get_contents(path, &contents, &length, &error)) {
      printf("not ok %u - %s\n# %s\n", i + 1, path, error->message);
      failed++;
      continue;
    }
    /* A copy of exactly @length bytes, as libFuzzer passes: g_file_get_contents() adds a NUL
     * that would hide a read past the end from AddressSanitizer. */
    data = g_malloc(MAX(length, 1));
    memcpy(data, contents, length);
    /* Said first: if the harness aborts, the log names the input. */
    printf("# %s\n", path);
    fflush(stdout);
    memset(&ct_fuzz_outcome, 0, sizeof ct_fuzz_outcome);
    LLVMFuzzerTestOneInput(data, length);
    if (outcome_as_named(name, &ct_fuzz_outcome, &reason)) {
      printf("ok %u - %s\n", i + 1, name);
    } else {
      printf("not ok %u - %s\n# %s\n", i + 1, name, reason);
      failed++;
    }
    fflush(stdout);
  }
  return failed > 0 ? 1 : 0;
}

/* ct-test-util.h — helpers shared by the twin room's tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *ct_test_mutate(const char *json, const char *path, const char *value);
GBytes *ct_test_bytes(const char *text);
char *ct_test_read_fixture(const char *name);
void ct_test_assert_error(const GError *error, int code, const char *needle);
char *ct_test_sparse_file(const char *dir, const char *name, goffset size);
/* Removes a test's own temporary folder and everything in it (symbolic links are removed, not
 * followed). */
void ct_test_remove_tree(const char *path);
/* The field @field of /proc/self/status in kB: VmRSS (all resident pages), RssAnon (the process's
 * own memory), RssFile (mapped files: the shared libraries, which every GTK program shares); -1
 * if it cannot be read. */
double ct_test_status_kb(const char *field);

/* One run of the cardiotwin-sim named by CT_SIM_PATH: its exit status and
 * what it printed. */
typedef struct {
  int status;
  char *out;
  char *err;
} CtTestRun;

void ct_test_run_clear(CtTestRun *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(CtTestRun, ct_test_run_clear)

/* Runs it with args (NULL-terminated) in envp (NULL: this environment). */
void ct_test_run_sim(CtTestRun *run, char **envp, const char *const *args);

G_END_DECLS

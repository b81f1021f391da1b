/* ct-fhir-test-server.c — the FHIR test server started for one test program.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-fhir-test-server.h"

#include <signal.h>
#include <string.h>

CtFhirTestServer *ct_fhir_test_server_start(const char *token)
{
  const char *dir = g_getenv("CT_FHIR_SERVER_DIR");
  g_autofree char *modules = NULL;
  g_autofree char *script = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  CtFhirTestServer *server = g_new0(CtFhirTestServer, 1);

  g_assert_nonnull(dir);
  modules = g_build_filename(dir, "node_modules", "@medplum", "fhir-router", NULL);
  if (!g_file_test(modules, G_FILE_TEST_IS_DIR))
    g_error("%s is missing: run build-aux/ct-setup (npm ci in tests/fhir-server)", modules);
  script = g_build_filename(dir, "server.mjs", NULL);
  launcher =
      g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_cwd(launcher, dir);
  /* Port 0: the system picks a free one, which the server prints ("LISTENING PORT"). */
  server->process = g_subprocess_launcher_spawn(launcher, &error, "node", script, "--port", "0",
                                                "--token", token, NULL);
  g_assert_no_error(error);
  out = g_data_input_stream_new(g_subprocess_get_stdout_pipe(server->process));
  line = g_data_input_stream_read_line_utf8(out, NULL, NULL, &error);
  g_assert_no_error(error);
  g_assert_nonnull(line);
  g_assert_true(g_str_has_prefix(line, "LISTENING "));
  server->base_url = g_strdup_printf("http://127.0.0.1:%s/fhir/R4", line + strlen("LISTENING "));
  server->control_url =
      g_strdup_printf("http://127.0.0.1:%s/__control", line + strlen("LISTENING "));
  return server;
}

void ct_fhir_test_server_stop(CtFhirTestServer *server)
{
  g_autoptr(GError) error = NULL;

  if (server == NULL)
    return;
  g_output_stream_close(g_subprocess_get_stdin_pipe(server->process), NULL, NULL);
  g_subprocess_send_signal(server->process, SIGTERM);
  g_subprocess_wait(server->process, NULL, &error);
  g_clear_object(&server->process);
  g_free(server->base_url);
  g_free(server->control_url);
  g_free(server);
}

/* ct-fhir-test-server.h — the FHIR test server (tests/fhir-server, Node) started for one test
 * program on a free loopback port.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  GSubprocess *process;
  char *base_url;    /* http://127.0.0.1:PORT/fhir/R4 */
  char *control_url; /* http://127.0.0.1:PORT/__control (faults, reset, stats, seed) */
} CtFhirTestServer;

/* Starts the server of CT_FHIR_SERVER_DIR accepting the bearer @token, and waits until it
 * listens. Fails the test (with what to run) when its npm modules are missing. */
CtFhirTestServer *ct_fhir_test_server_start(const char *token);
/* Stops it (it also exits by itself when its stdin closes: a crashed test leaves nothing
 * running) and frees it. */
void ct_fhir_test_server_stop(CtFhirTestServer *server);

G_END_DECLS

/* ct-fhir-client-private.h — the FHIR client without a network, for the fuzzing harness
 * (tests/fuzz/fuzz-fhir.c) and tests.
 *
 * Everything the client makes of the platform's answers (resource types, searchset Bundles,
 * paging links and their origin, attachments, the record) lies behind one request at a time; a
 * transport set here answers those requests in place of libcurl, so that every reader runs on
 * answers a test chooses, thousands of times a second, with nothing listening on a socket.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ct-fhir-client.h"

G_BEGIN_DECLS

/* Answers one request (@method "GET", "POST" or "PUT"; @request_body NULL for a GET): appends the
 * answer's body to @body and returns its HTTP status. No headers: a write finds no ETag or
 * Location. A status of 429 or 503 is retried after a real wait, as from a server. */
typedef guint (*CtFhirTransport)(const char *method, const char *url, const char *request_body,
                                 GByteArray *body, gpointer user_data);

/* Every request of @self goes to @transport from now on (NULL: back to the network). */
void ct_fhir_client_set_transport(CtFhirClient *self, CtFhirTransport transport,
                                  gpointer user_data);

G_END_DECLS

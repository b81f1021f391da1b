/* ct-json.h — hostile-input JSON reading shared by the twin room's loaders.
 *
 * json-glib 1.6 (Debian 12) is lenient and has no limits: it recurses once per level of nesting
 * (so "[" * 100000 overflows the stack), accepts comments, single quotes, leading zeros and hex
 * numbers, wraps integers beyond 64 bits (99999999999999999999 reads as -1), reads 1e400 as
 * infinity and keeps the last of two members with the same name. So every document is first
 * checked here against RFC 8259 by a small iterative scanner with a depth limit, which also refuses
 * duplicate members and numbers out of the range of a double; only then is it handed to json-glib.
 *
 * The member getters turn every problem into a CT_TWIN_ERROR whose message names the document
 * ("Scenario", "Twin", "Drug library"), the member's path (pacing.lv_lead_segment, drugs[0].dose;
 * array indices count from 0) and what is wrong, in words a clinician can act on. Messages are one
 * line: text taken from the document is quoted, shortened and stripped of control characters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ct-twin-error.h"

G_BEGIN_DECLS

/* No CardioTwin document needs more than a handful of levels; 32 leaves room for growth and keeps
 * json-glib's recursion shallow. */
#define CT_JSON_MAX_DEPTH 32

/* Size limits, checked before anything is read. A twin may one day embed a small mesh; scenarios
 * and the drug library are hand-sized documents. */
#define CT_TWIN_MAX_BYTES         ((gsize)16 * 1024 * 1024)
#define CT_SCENARIO_MAX_BYTES     ((gsize)1024 * 1024)
#define CT_DRUG_LIBRARY_MAX_BYTES ((gsize)4 * 1024 * 1024)

/* The allowed values of a number, and how to say them. */
typedef struct {
  double min;
  double max;
  const char *unit;    /* written after numbers ("bpm"); NULL for none */
  const char *must_be; /* replaces "from MIN to MAX UNIT" in messages; NULL for that default */
} CtJsonRange;

GBytes *ct_json_read_file(const char *path, gsize max_bytes, const char *what, GError **error);
gboolean ct_json_check_text(const char *text, gsize length, const char *what, GError **error);
JsonNode *ct_json_parse_bytes(GBytes *bytes, gsize max_bytes, const char *what, GError **error);
/* JSON text of @root (2-space indented when @pretty), as json-glib writes it but that every finite
 * number reads back (see ct_json_to_text in ct-json.c); ct_json_to_bytes is the same, pretty,
 * with a final newline. */
char *ct_json_to_text(JsonNode *root, gboolean pretty);
GBytes *ct_json_to_bytes(JsonNode *root);

gboolean ct_json_check_format(JsonObject *root, const char *what, const char *expected,
                              GError **error);
gboolean ct_json_unknown_member(const char *what, const char *path, const char *name,
                                const char *const *allowed, GError **error);
gboolean ct_json_check_members(JsonObject *object, const char *what, const char *path,
                               const char *const *allowed, GError **error);

char *ct_json_path(const char *path, const char *member);
char *ct_json_path_index(const char *path, guint index);
/* Text from a document (or a server) for a one-line message: ct_json_shorten() cuts it to 40
 * characters and shows control characters as U+FFFD; ct_json_quote() also puts it in quotes. */
char *ct_json_shorten(const char *text);
char *ct_json_quote(const char *text);
char *ct_json_describe(JsonNode *node);

gboolean ct_json_node_number(JsonNode *node, const char *what, const char *field,
                             const CtJsonRange *range, double *out, GError **error);
gboolean ct_json_node_integer(JsonNode *node, const char *what, const char *field,
                              const CtJsonRange *range, int *out, GError **error);
gboolean ct_json_node_string(JsonNode *node, const char *what, const char *field, gsize max_chars,
                             gboolean multiline, const char **out, GError **error);
gboolean ct_json_node_object(JsonNode *node, const char *what, const char *field, JsonObject **out,
                             GError **error);

gboolean ct_json_get_object(JsonObject *object, const char *what, const char *path,
                            const char *member, gboolean required, JsonObject **out,
                            GError **error);
gboolean ct_json_get_array(JsonObject *object, const char *what, const char *path,
                           const char *member, gboolean required, guint max_length, JsonArray **out,
                           GError **error);
gboolean ct_json_get_string(JsonObject *object, const char *what, const char *path,
                            const char *member, gboolean required, gsize max_chars,
                            gboolean multiline, const char **out, GError **error);
gboolean ct_json_get_choice(JsonObject *object, const char *what, const char *path,
                            const char *member, gboolean required, const char *const *choices,
                            int *out, gboolean *present, GError **error);
gboolean ct_json_get_number(JsonObject *object, const char *what, const char *path,
                            const char *member, gboolean required, const CtJsonRange *range,
                            double *out, gboolean *present, GError **error);
gboolean ct_json_get_integer(JsonObject *object, const char *what, const char *path,
                             const char *member, gboolean required, const CtJsonRange *range,
                             int *out, gboolean *present, GError **error);
gboolean ct_json_get_boolean(JsonObject *object, const char *what, const char *path,
                             const char *member, gboolean required, gboolean *out,
                             gboolean *present, GError **error);

/* The instant an ISO 8601 date (the start of that day in UTC) or date and time with its offset
 * names; NULL for anything else. */
GDateTime *ct_json_parse_date(const char *text);
gboolean ct_json_check_date(const char *text, const char *what, const char *field, GError **error);

void ct_json_builder_add_number(JsonBuilder *builder, double value);

G_END_DECLS

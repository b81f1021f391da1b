/* ct-twin-error.h — the error domain of the twin room (twins, scenarios, drug library).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CT_TWIN_ERROR (ct_twin_error_quark())

/**
 * CtTwinError:
 * @CT_TWIN_ERROR_INVALID: the document is JSON but a member is missing, of the wrong type, out of
 *   range or unknown; the message names the member.
 * @CT_TWIN_ERROR_UNSUPPORTED_VERSION: the document is of a known kind but of an older or unknown
 *   version this build cannot read (for instance `cardiotwin/0`).
 * @CT_TWIN_ERROR_TOO_LARGE: the file is larger than the limit for its kind, or nested deeper than
 *   %CT_JSON_MAX_DEPTH levels; it was refused without being read or parsed.
 * @CT_TWIN_ERROR_NOT_FOUND: no such file, demo or drug.
 * @CT_TWIN_ERROR_IO: the file could not be read or written.
 * @CT_TWIN_ERROR_PARSE: the text is not well-formed JSON (syntax, encoding, truncation).
 * @CT_TWIN_ERROR_SIMULATION: the engine refused the twin or therapy, or could not simulate it.
 * @CT_TWIN_ERROR_NOT_FITTED: personalization could not reproduce a measurement within its
 *   tolerance; the message names each one with its measured and simulated value.
 * @CT_TWIN_ERROR_NEWER_VERSION: the document is of a known kind, in a version newer than the one
 *   this build reads (`cardiotwin/2`, `cardiotwin-scenario/2`): written by a newer CardioTwin,
 *   which is what opens it; it is neither damaged nor malformed.
 */
typedef enum {
  CT_TWIN_ERROR_INVALID,
  CT_TWIN_ERROR_UNSUPPORTED_VERSION,
  CT_TWIN_ERROR_TOO_LARGE,
  CT_TWIN_ERROR_NOT_FOUND,
  CT_TWIN_ERROR_IO,
  CT_TWIN_ERROR_PARSE,
  CT_TWIN_ERROR_SIMULATION,
  CT_TWIN_ERROR_NOT_FITTED,
  CT_TWIN_ERROR_NEWER_VERSION,
} CtTwinError;

GQuark ct_twin_error_quark(void);

G_END_DECLS

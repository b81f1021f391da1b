/* ct-platform-error.h — the error domain of the platform room (the FHIR client and its sign-in).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CT_PLATFORM_ERROR (ct_platform_error_quark())

/**
 * CtPlatformError:
 * @CT_PLATFORM_ERROR_KEYRING: the desktop keyring (Secret Service) could not save, read or remove
 *   the platform's sign-in token: no keyring is running, it stayed locked, or it failed; the
 *   message carries the keyring's own reason. Cancellation is not this error: it stays
 *   %G_IO_ERROR_CANCELLED.
 * @CT_PLATFORM_ERROR_UNAUTHORIZED: the platform refused the sign-in (HTTP 401): no token, or one
 *   that expired or was revoked; the clinician signs in again.
 * @CT_PLATFORM_ERROR_FORBIDDEN: the platform knows who signed in but does not let them do this
 *   (HTTP 403): a scope or role is missing for this patient or resource.
 * @CT_PLATFORM_ERROR_NOT_FOUND: no such resource on the platform (HTTP 404 or 410): the patient,
 *   observation or twin package was removed, or the address is wrong.
 * @CT_PLATFORM_ERROR_SERVER: the platform failed to answer the request (HTTP 5xx other than a
 *   rate limit); trying later may work.
 * @CT_PLATFORM_ERROR_RATE_LIMITED: the platform asked to slow down (HTTP 429, or 503 with
 *   Retry-After); the message says when to try again when the platform said so.
 * @CT_PLATFORM_ERROR_TIMEOUT: the platform did not answer within the time limit (connection or
 *   transfer).
 * @CT_PLATFORM_ERROR_NETWORK: the platform could not be reached: name resolution, refused or
 *   reset connection, no network.
 * @CT_PLATFORM_ERROR_INVALID_RESPONSE: something was received that is not what FHIR promises (not
 *   JSON, the wrong resourceType, a missing member, too large), or a sign-in token that is not
 *   usable; nothing of it was kept.
 * @CT_PLATFORM_ERROR_CONFLICT: the resource changed on the platform since it was read (HTTP 409
 *   or 412, a version conflict on upload); download it again before saving.
 * @CT_PLATFORM_ERROR_INSECURE: the connection would not be safe, so nothing was sent: the
 *   platform's address is not https://, or its certificate could not be verified.
 */
typedef enum {
  CT_PLATFORM_ERROR_KEYRING,
  CT_PLATFORM_ERROR_UNAUTHORIZED,
  CT_PLATFORM_ERROR_FORBIDDEN,
  CT_PLATFORM_ERROR_NOT_FOUND,
  CT_PLATFORM_ERROR_SERVER,
  CT_PLATFORM_ERROR_RATE_LIMITED,
  CT_PLATFORM_ERROR_TIMEOUT,
  CT_PLATFORM_ERROR_NETWORK,
  CT_PLATFORM_ERROR_INVALID_RESPONSE,
  CT_PLATFORM_ERROR_CONFLICT,
  CT_PLATFORM_ERROR_INSECURE,
} CtPlatformError;

GQuark ct_platform_error_quark(void);

G_END_DECLS

/* ct-platform-error.c — the error domain of the platform room.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-platform-error.h"

G_DEFINE_QUARK(ct - platform - error - quark, ct_platform_error)

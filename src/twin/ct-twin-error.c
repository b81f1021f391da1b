/* ct-twin-error.c — the error domain of the twin room.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-twin-error.h"

G_DEFINE_QUARK(ct - twin - error - quark, ct_twin_error)

/* ct-i18n.h — the one place where strings for humans are marked for translation.
 *
 * CardioTwin has no gettext domain yet (po/ is still empty). Every message shown to a person is
 * written as _("…") so that, when translations arrive, this header becomes
 * `#include <glib/gi18n-lib.h>` and nothing else changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#ifndef _
#define _(String) (String)
#endif
#ifndef N_
#define N_(String) (String)
#endif

/* ct-i18n.h — the one place where strings for humans are marked for translation.
 *
 * Every message shown to a person is marked with _() (or N_() where the string is a static
 * initializer, translated with _() where it is used). The strings belong to the gettext domain
 * GETTEXT_PACKAGE ("cardiotwin", set for the whole project in the top meson.build); _() looks them
 * up in that domain with dgettext (glib/gi18n-lib.h), so the twin room is translated in whatever
 * program links it, whichever domain that program made its default with textdomain(). The program
 * binds the domain to its folder (bindtextdomain) in main(): see src/cli/ct-sim-main.c.
 * Translations live in po/ (POTFILES lists every file that marks strings).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#ifndef GETTEXT_PACKAGE
#error "GETTEXT_PACKAGE must be defined (the top meson.build does, for every target)"
#endif

#include <glib/gi18n-lib.h>

/* main.c — cardiotwin, the desktop application (src/ui/ct-application.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>
#include <locale.h>

#include "config.h"
#include "ct-application.h"

int main(int argc, char *argv[])
{
  g_autoptr(CtApplication) application = NULL;
  const char *localedir = g_getenv("CARDIOTWIN_LOCALEDIR");

  /* Translations: the installed catalogues, or a build tree's (CARDIOTWIN_LOCALEDIR, as for
   * cardiotwin-sim). */
  setlocale(LC_ALL, "");
  bindtextdomain(GETTEXT_PACKAGE, localedir != NULL ? localedir : CT_LOCALEDIR);
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
  textdomain(GETTEXT_PACKAGE);

  ct_application_prefer_cairo_on_software_gl();
  application = ct_application_new(G_APPLICATION_DEFAULT_FLAGS);
  return g_application_run(G_APPLICATION(application), argc, argv);
}

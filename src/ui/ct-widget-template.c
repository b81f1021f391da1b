/* ct-widget-template.c — see ct-widget-template.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-widget-template.h"

void ct_widget_dispose_template_children(GtkWidget *widget, GType widget_type)
{
  GtkWidget *child;

  g_return_if_fail(GTK_IS_WIDGET(widget));

  gtk_widget_dispose_template(widget, widget_type);
  while ((child = gtk_widget_get_first_child(widget)) != NULL)
    gtk_widget_unparent(child);
}

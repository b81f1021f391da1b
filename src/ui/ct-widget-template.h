/* ct-widget-template.h — disposing a composite widget whose template root is a plain child.
 *
 * Several of our widgets are a GtkWidget with one layout child from their template (a box, a
 * paned): gtk_widget_dispose_template() (GTK 4.8) clears the bound children, but a child the
 * class did not bind stays parented to the widget, and GTK warns about a widget finalized with
 * children. One place does both.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* gtk_widget_dispose_template(@widget, @widget_type), then unparents every child left: call from
 * the class's dispose before chaining up. */
void ct_widget_dispose_template_children(GtkWidget *widget, GType widget_type);

G_END_DECLS

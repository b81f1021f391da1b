/* ct-indices-table.c — the haemodynamic indices, baseline | plan | change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-indices-table.h"

#include <math.h>

#include "ct-i18n.h"
#include "ct-widget-template.h"

#define N_ROWS (sizeof(CsIndices) / sizeof(double))

struct _CtIndicesTable {
  GtkWidget parent_instance;

  GtkGrid *grid;
  GtkLabel *baseline_header;
  GtkLabel *plan_header;
  GtkLabel *change_header;
  GtkLabel *unit_labels[N_ROWS];
  GtkLabel *cells[N_ROWS][3];
  gboolean pressure_kpa;
  gboolean have_baseline, have_plan;
  CsIndices baseline, plan;
};

G_DEFINE_FINAL_TYPE(CtIndicesTable, ct_indices_table, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_PRESSURE_KPA, N_PROPS };

static GParamSpec *properties[N_PROPS];

static void set_cell(GtkLabel *label, const char *text)
{
  if (g_strcmp0(gtk_label_get_text(label), text) != 0)
    gtk_label_set_text(label, text);
}

static void refresh(CtIndicesTable *self)
{
  for (guint i = 0; i < N_ROWS; i++) {
    double baseline = self->have_baseline ? cs_indices_get(&self->baseline, i) : NAN;
    double plan = self->have_plan ? cs_indices_get(&self->plan, i) : NAN;
    g_autofree char *baseline_text = ct_index_format_value(i, baseline, self->pressure_kpa);
    g_autofree char *plan_text = ct_index_format_value(i, plan, self->pressure_kpa);
    g_autofree char *change_text = ct_index_format_change(i, baseline, plan, self->pressure_kpa);

    set_cell(self->unit_labels[i], ct_index_unit_label(i, self->pressure_kpa));
    set_cell(self->cells[i][0], baseline_text);
    set_cell(self->cells[i][1], plan_text);
    set_cell(self->cells[i][2], change_text);
  }
}

static void ct_indices_table_get_property(GObject *object, guint prop_id, GValue *value,
                                          GParamSpec *pspec)
{
  CtIndicesTable *self = CT_INDICES_TABLE(object);

  switch (prop_id) {
  case PROP_PRESSURE_KPA:
    g_value_set_boolean(value, self->pressure_kpa);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void ct_indices_table_set_property(GObject *object, guint prop_id, const GValue *value,
                                          GParamSpec *pspec)
{
  CtIndicesTable *self = CT_INDICES_TABLE(object);

  switch (prop_id) {
  case PROP_PRESSURE_KPA:
    if (self->pressure_kpa != g_value_get_boolean(value)) {
      self->pressure_kpa = g_value_get_boolean(value);
      refresh(self);
      g_object_notify_by_pspec(object, pspec);
    }
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void ct_indices_table_dispose(GObject *object)
{
  ct_widget_dispose_template_children(GTK_WIDGET(object), CT_TYPE_INDICES_TABLE);
  G_OBJECT_CLASS(ct_indices_table_parent_class)->dispose(object);
}

static void ct_indices_table_class_init(CtIndicesTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->get_property = ct_indices_table_get_property;
  object_class->set_property = ct_indices_table_set_property;
  object_class->dispose = ct_indices_table_dispose;
  properties[PROP_PRESSURE_KPA] =
      g_param_spec_boolean("pressure-kpa", NULL, NULL, FALSE,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/cardiotwin/CardioTwin/ui/ct-indices-table.ui");
  gtk_widget_class_bind_template_child(widget_class, CtIndicesTable, grid);
  gtk_widget_class_bind_template_child(widget_class, CtIndicesTable, baseline_header);
  gtk_widget_class_bind_template_child(widget_class, CtIndicesTable, plan_header);
  gtk_widget_class_bind_template_child(widget_class, CtIndicesTable, change_header);
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name(widget_class, "ct-indices-table");
}

static GtkLabel *add_label(CtIndicesTable *self, const char *text, int column, int row,
                           float xalign, const char *css_class)
{
  GtkWidget *label = gtk_label_new(text);

  gtk_label_set_xalign(GTK_LABEL(label), xalign);
  if (css_class != NULL)
    gtk_widget_add_css_class(label, css_class);
  gtk_grid_attach(self->grid, label, column, row, 1, 1);
  return GTK_LABEL(label);
}

static void ct_indices_table_init(CtIndicesTable *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
  for (guint i = 0; i < N_ROWS; i++) {
    GtkLabel *name = add_label(self, ct_index_label(i), 0, (int)i + 1, 0.0f, NULL);

    gtk_label_set_ellipsize(name, PANGO_ELLIPSIZE_END);
    gtk_widget_set_hexpand(GTK_WIDGET(name), TRUE);
    self->unit_labels[i] = add_label(self, "", 1, (int)i + 1, 0.0f, "dim-label");
    for (int c = 0; c < 3; c++) {
      GtkLabel *headers[] = {self->baseline_header, self->plan_header, self->change_header};

      self->cells[i][c] = add_label(self, "—", c + 2, (int)i + 1, 1.0f, "numeric");
      /* A screen reader reads a cell as "Heart rate, Plan, 72, bpm": the row's name, the column,
       * then the number with its unit. */
      gtk_accessible_update_relation(GTK_ACCESSIBLE(self->cells[i][c]),
                                     GTK_ACCESSIBLE_RELATION_LABELLED_BY, name, headers[c], NULL,
                                     -1);
      gtk_accessible_update_relation(GTK_ACCESSIBLE(self->cells[i][c]),
                                     GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->unit_labels[i],
                                     NULL, -1);
    }
    gtk_widget_add_css_class(GTK_WIDGET(self->cells[i][1]), "heading");
  }
  refresh(self);
}

GtkWidget *ct_indices_table_new(void)
{
  return g_object_new(CT_TYPE_INDICES_TABLE, NULL);
}

void ct_indices_table_set_indices(CtIndicesTable *self, const CsIndices *baseline,
                                  const CsIndices *plan)
{
  g_return_if_fail(CT_IS_INDICES_TABLE(self));
  self->have_baseline = baseline != NULL;
  self->have_plan = plan != NULL;
  if (baseline != NULL)
    self->baseline = *baseline;
  if (plan != NULL)
    self->plan = *plan;
  refresh(self);
}

const char *ct_indices_table_get_cell(CtIndicesTable *self, guint index, guint column)
{
  g_return_val_if_fail(CT_IS_INDICES_TABLE(self), NULL);
  g_return_val_if_fail(index < N_ROWS && column < 3, NULL);
  return gtk_label_get_text(self->cells[index][column]);
}

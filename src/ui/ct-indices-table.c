/* ct-indices-table.c — the haemodynamic indices, baseline | plan | change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-indices-table.h"

#include <math.h>

#include "ct-i18n.h"
#include "ct-widget-template.h"

#define N_ROWS (sizeof(CsIndices) / sizeof(double))
/* The AV interval's row, after the contract's indices (shown second, below the heart rate). */
#define AV_ROW N_ROWS

struct _CtIndicesTable {
  GtkWidget parent_instance;

  GtkGrid *grid;
  GtkLabel *baseline_header;
  GtkLabel *plan_header;
  GtkLabel *change_header;
  GtkLabel *unit_labels[N_ROWS + 1];
  GtkLabel *cells[N_ROWS + 1][3];
  gboolean pressure_kpa;
  gboolean have_baseline, have_plan;
  CsIndices baseline, plan;
  double av_interval_ms[2]; /* baseline, plan; NaN: none */
};

G_DEFINE_FINAL_TYPE(CtIndicesTable, ct_indices_table, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_PRESSURE_KPA, N_PROPS };

static GParamSpec *properties[N_PROPS];

static void set_cell(GtkLabel *label, const char *text)
{
  if (g_strcmp0(gtk_label_get_text(label), text) != 0)
    gtk_label_set_text(label, text);
}

/* A value beyond the values reported in patients (cs_index_human_range) is drawn in the warning
 * colour and its tooltip says why: there is no patient data to check the model against there. */
static void mark_outside_human_range(GtkLabel *cell, guint index, double value, gboolean kpa)
{
  g_autofree char *note = ct_index_human_range_note(index, value, kpa);

  /* The colour is not read aloud: a screen reader reads the note as the cell's description. */
  if (note != NULL) {
    gtk_widget_add_css_class(GTK_WIDGET(cell), "warning");
    gtk_widget_set_tooltip_text(GTK_WIDGET(cell), note);
    gtk_accessible_update_property(GTK_ACCESSIBLE(cell), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, note,
                                   -1);
  } else if (gtk_widget_has_css_class(GTK_WIDGET(cell), "warning")) {
    gtk_widget_remove_css_class(GTK_WIDGET(cell), "warning");
    gtk_widget_set_tooltip_text(GTK_WIDGET(cell), NULL);
    gtk_accessible_reset_property(GTK_ACCESSIBLE(cell), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  }
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
    mark_outside_human_range(self->cells[i][0], i, baseline, self->pressure_kpa);
    mark_outside_human_range(self->cells[i][1], i, plan, self->pressure_kpa);
  }
  {
    g_autofree char *baseline_text = ct_av_interval_format_value(self->av_interval_ms[0]);
    g_autofree char *plan_text = ct_av_interval_format_value(self->av_interval_ms[1]);
    g_autofree char *change_text =
        ct_av_interval_format_change(self->av_interval_ms[0], self->av_interval_ms[1]);

    set_cell(self->cells[AV_ROW][0], baseline_text);
    set_cell(self->cells[AV_ROW][1], plan_text);
    set_cell(self->cells[AV_ROW][2], change_text);
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
  self->av_interval_ms[0] = self->av_interval_ms[1] = NAN;
  /* Under the header, in the order shown everywhere (ct_index_shown_at), the AV interval second:
   * after the heart rate, as an ECG is read. The rows are made in the order shown, the order a
   * screen reader follows. */
  for (guint shown = 0; shown <= AV_ROW; shown++) {
    guint i = shown == 0   ? ct_index_shown_at(0)
              : shown == 1 ? AV_ROW
                           : ct_index_shown_at(shown - 1);
    const char *label = i == AV_ROW ? ct_av_interval_label() : ct_index_label(i);
    int grid_row = (int)shown + 1;
    GtkLabel *name = add_label(self, label, 0, grid_row, 0.0f, NULL);

    gtk_label_set_ellipsize(name, PANGO_ELLIPSIZE_END);
    gtk_widget_set_hexpand(GTK_WIDGET(name), TRUE);
    if (i == AV_ROW)
      /* A clinician who programmed a sensed AV delay of 120 ms reads ~160 here. */
      gtk_widget_set_tooltip_text(
          GTK_WIDGET(name), _("From the P wave’s onset (or the atrial stimulus) to the QRS onset, "
                              "as the ECG reads it: with a sensed P wave, the programmed AV delay "
                              "plus the ~40 ms the P wave takes to reach the atrial lead."));
    self->unit_labels[i] =
        add_label(self, i == AV_ROW ? C_("unit", "ms") : "", 1, grid_row, 0.0f, "dim-label");
    for (int c = 0; c < 3; c++) {
      GtkLabel *headers[] = {self->baseline_header, self->plan_header, self->change_header};

      self->cells[i][c] = add_label(self, "—", c + 2, grid_row, 1.0f, "numeric");
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

void ct_indices_table_set_av_intervals(CtIndicesTable *self, double baseline_ms, double plan_ms)
{
  g_return_if_fail(CT_IS_INDICES_TABLE(self));
  self->av_interval_ms[0] = baseline_ms;
  self->av_interval_ms[1] = plan_ms;
  refresh(self);
}

const char *ct_indices_table_get_cell(CtIndicesTable *self, guint index, guint column)
{
  g_return_val_if_fail(CT_IS_INDICES_TABLE(self), NULL);
  g_return_val_if_fail(index <= AV_ROW && column < 3, NULL);
  return gtk_label_get_text(self->cells[index][column]);
}

gboolean ct_indices_table_cell_outside_human_range(CtIndicesTable *self, guint index, guint column)
{
  g_return_val_if_fail(CT_IS_INDICES_TABLE(self), FALSE);
  g_return_val_if_fail(index < N_ROWS && column < 2, FALSE);
  return gtk_widget_has_css_class(GTK_WIDGET(self->cells[index][column]), "warning");
}

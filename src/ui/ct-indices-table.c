/* ct-indices-table.c — the haemodynamic indices, baseline | plan | change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-indices-table.h"

#include <math.h>

#include "ct-i18n.h"

/* 1 mmHg = 133.322 Pa (ISO 80000-4 conversion; the definition of the conventional millimetre of
 * mercury): what a clinician who reads kPa sees. */
#define KPA_PER_MMHG 0.133322
/* Stroke work in millijoules: 1 mmHg.ml = 133.322 Pa x 1e-6 m^3 = 0.133322 mJ. */
#define MJ_PER_MMHG_ML 0.133322

typedef enum {
  UNIT_PLAIN,    /* shown as the engine gives it */
  UNIT_PRESSURE, /* mmHg, or kPa */
  UNIT_PRESSURE_RATE,
  UNIT_WORK,
} UnitKind;

typedef struct {
  const char *label; /* N_(): translated where shown */
  int decimals;
  UnitKind unit_kind;
} IndexRow;

/* In cs_index_name() order (the contract's). The wording is a cardiologist's. */
static const IndexRow rows[] = {
    {N_("Heart rate"), 0, UNIT_PLAIN},
    {N_("Stroke volume"), 0, UNIT_PLAIN},
    {N_("Cardiac output"), 1, UNIT_PLAIN},
    {N_("LV end-diastolic volume"), 0, UNIT_PLAIN},
    {N_("LV end-systolic volume"), 0, UNIT_PLAIN},
    {N_("LV ejection fraction"), 0, UNIT_PLAIN},
    {N_("LV end-diastolic pressure"), 0, UNIT_PRESSURE},
    {N_("LV peak systolic pressure"), 0, UNIT_PRESSURE},
    {N_("LV dP/dt max"), 0, UNIT_PRESSURE_RATE},
    {N_("LV dP/dt min"), 0, UNIT_PRESSURE_RATE},
    {N_("Systolic arterial pressure"), 0, UNIT_PRESSURE},
    {N_("Diastolic arterial pressure"), 0, UNIT_PRESSURE},
    {N_("Mean arterial pressure"), 0, UNIT_PRESSURE},
    {N_("Mean left atrial pressure"), 0, UNIT_PRESSURE},
    {N_("Central venous pressure"), 0, UNIT_PRESSURE},
    {N_("Systolic pulmonary artery pressure"), 0, UNIT_PRESSURE},
    {N_("Diastolic pulmonary artery pressure"), 0, UNIT_PRESSURE},
    {N_("Mean pulmonary artery pressure"), 0, UNIT_PRESSURE},
    {N_("RV end-diastolic volume"), 0, UNIT_PLAIN},
    {N_("RV end-systolic volume"), 0, UNIT_PLAIN},
    {N_("RV ejection fraction"), 0, UNIT_PLAIN},
    {N_("LV stroke work"), 0, UNIT_WORK},
    {N_("Systemic vascular resistance"), 1, UNIT_PLAIN},
    {N_("Pulmonary vascular resistance"), 1, UNIT_PLAIN},
    {N_("LVAD flow"), 1, UNIT_PLAIN},
    {N_("LV total activation time"), 0, UNIT_PLAIN},
    {N_("Total blood volume"), 0, UNIT_PLAIN},
};

#define N_ROWS G_N_ELEMENTS(rows)

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

const char *ct_index_label(guint index)
{
  g_return_val_if_fail(index < N_ROWS, NULL);
  return _(rows[index].label);
}

static const char *unit_text(CtIndicesTable *self, guint index)
{
  switch (rows[index].unit_kind) {
  case UNIT_PRESSURE:
    return self->pressure_kpa ? C_("unit", "kPa") : C_("unit", "mmHg");
  case UNIT_PRESSURE_RATE:
    return self->pressure_kpa ? C_("unit", "kPa/s") : C_("unit", "mmHg/s");
  case UNIT_WORK:
    return C_("unit", "mJ");
  case UNIT_PLAIN:
    break;
  default:
    g_assert_not_reached();
  }
  /* The engine's units (cs-indices.c), in the words of a clinical report. */
  {
    const char *unit = cs_index_unit(index);

    if (g_str_equal(unit, "bpm"))
      return C_("unit", "bpm");
    if (g_str_equal(unit, "ml"))
      return C_("unit", "ml");
    if (g_str_equal(unit, "l/min"))
      return C_("unit", "l/min");
    if (g_str_equal(unit, "%"))
      return C_("unit", "%");
    if (g_str_equal(unit, "WU"))
      return C_("unit", "Wood units");
    if (g_str_equal(unit, "ms"))
      return C_("unit", "ms");
    return unit;
  }
}

/* The value in the unit shown and with its row's decimals (one more for kPa, whose numbers are
 * 7.5 times smaller). */
static double shown_value(CtIndicesTable *self, guint index, double value, int *decimals)
{
  *decimals = rows[index].decimals;
  switch (rows[index].unit_kind) {
  case UNIT_PRESSURE:
  case UNIT_PRESSURE_RATE:
    if (self->pressure_kpa) {
      *decimals += rows[index].unit_kind == UNIT_PRESSURE ? 1 : 0;
      return value * KPA_PER_MMHG;
    }
    return value;
  case UNIT_WORK:
    return value * MJ_PER_MMHG_ML;
  case UNIT_PLAIN:
    return value;
  default:
    g_assert_not_reached();
  }
  return value;
}

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
    g_autofree char *baseline_text = NULL, *plan_text = NULL, *change_text = NULL;
    int decimals;

    set_cell(self->unit_labels[i], unit_text(self, i));
    /* U+2014 em dash: not computed yet. */
    if (isfinite(baseline)) {
      double shown = shown_value(self, i, baseline, &decimals);

      baseline_text = g_strdup_printf("%.*f", decimals, shown);
    } else {
      baseline_text = g_strdup("—");
    }
    if (isfinite(plan)) {
      double shown = shown_value(self, i, plan, &decimals);

      plan_text = g_strdup_printf("%.*f", decimals, shown);
    } else {
      plan_text = g_strdup("—");
    }
    if (isfinite(baseline) && isfinite(plan)) {
      double scale, change;

      /* The change of the numbers shown, not of the exact values: 57 -> 56 reads "-1", never 0. */
      shown_value(self, i, baseline, &decimals);
      scale = pow(10, decimals);
      change = round(shown_value(self, i, plan, &decimals) * scale) / scale -
               round(shown_value(self, i, baseline, &decimals) * scale) / scale;
      change = round(change * scale) / scale;
      /* U+2212 minus sign: a hyphen is easy to miss in a column of figures. */
      if (change == 0.0)
        change_text = g_strdup("0");
      else
        change_text = g_strdup_printf("%s%.*f", change > 0 ? "+" : "−", decimals, fabs(change));
    } else {
      change_text = g_strdup("");
    }
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
  gtk_widget_dispose_template(GTK_WIDGET(object), CT_TYPE_INDICES_TABLE);
  /* The template's root child is not a bound child: unparent it (and anything else) here. */
  for (GtkWidget *child = gtk_widget_get_first_child(GTK_WIDGET(object)); child != NULL;
       child = gtk_widget_get_first_child(GTK_WIDGET(object)))
    gtk_widget_unparent(child);
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
  G_STATIC_ASSERT(G_N_ELEMENTS(rows) == sizeof(CsIndices) / sizeof(double));

  gtk_widget_init_template(GTK_WIDGET(self));
  for (guint i = 0; i < N_ROWS; i++) {
    GtkLabel *name = add_label(self, _(rows[i].label), 0, (int)i + 1, 0.0f, NULL);

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

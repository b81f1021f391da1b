/* ct-plot-view.c — one haemodynamic plot of the twin page, drawn by src/plots into the snapshot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-plot-view.h"

#include <adwaita.h>
#include <math.h>

#include "ct-i18n.h"
#include "ct-plot.h"

struct _CtPlotView {
  GtkWidget parent_instance;

  CtPlotViewKind kind;
  CsParams params;
  gboolean have_params;
  gboolean pressure_kpa;
  CtBeat *baseline;
  CtBeat *plan;
  guint drawn_generation;
};

G_DEFINE_FINAL_TYPE(CtPlotView, ct_plot_view, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_KIND, PROP_PRESSURE_KPA, N_PROPS };

static GParamSpec *properties[N_PROPS];

GType ct_plot_view_kind_get_type(void)
{
  static gsize type_id = 0;

  if (g_once_init_enter(&type_id)) {
    static const GEnumValue values[] = {
        {CT_PLOT_VIEW_LV_LOOP, "CT_PLOT_VIEW_LV_LOOP", "lv-loop"},
        {CT_PLOT_VIEW_RV_LOOP, "CT_PLOT_VIEW_RV_LOOP", "rv-loop"},
        {CT_PLOT_VIEW_LEFT_HEART, "CT_PLOT_VIEW_LEFT_HEART", "left-heart"},
        {CT_PLOT_VIEW_RIGHT_HEART, "CT_PLOT_VIEW_RIGHT_HEART", "right-heart"},
        {CT_PLOT_VIEW_VOLUMES, "CT_PLOT_VIEW_VOLUMES", "volumes"},
        {0, NULL, NULL},
    };
    g_once_init_leave(&type_id, g_enum_register_static("CtPlotViewKind", values));
  }
  return type_id;
}

static gboolean is_loop(CtPlotViewKind kind)
{
  return kind == CT_PLOT_VIEW_LV_LOOP || kind == CT_PLOT_VIEW_RV_LOOP;
}

/* The end-systolic pressure–volume relation of the plan's beat, by its definition: the line from
 * the wall's dead volume through the point of maximal elastance P / (V - Vd) (Suga & Sagawa 1974,
 * Circ Res 35:117). Taken from the beat rather than from the parameters because drugs and pacing
 * change it: the line moves with the plan, as it does in the cath lab under dobutamine. The
 * diastolic relation is the wall's own exponential (cs-params.c), which the drugs do not change. */
static gboolean plan_relations(CtPlotView *self, CtPlotPvRelations *relations)
{
  const CsWall *wall;
  double best = 0.0;

  if (!self->have_params || self->plan == NULL || self->plan->n_samples == 0)
    return FALSE;
  wall =
      self->kind == CT_PLOT_VIEW_LV_LOOP ? &self->params.lv_free_wall : &self->params.rv_free_wall;
  for (gsize i = 0; i < self->plan->n_samples; i++) {
    const CsSample *s = &self->plan->samples[i];
    double volume = self->kind == CT_PLOT_VIEW_LV_LOOP ? s->lv_volume_ml : s->rv_volume_ml;
    double pressure =
        self->kind == CT_PLOT_VIEW_LV_LOOP ? s->lv_pressure_mmhg : s->rv_pressure_mmhg;

    /* Volumes within 5 ml of the dead volume would give a meaningless slope. */
    if (volume - wall->dead_volume_ml > 5.0)
      best = MAX(best, pressure / (volume - wall->dead_volume_ml));
  }
  if (!(best > 0.0) || !isfinite(best))
    return FALSE;
  relations->end_systolic_elastance_mmhg_ml = best;
  relations->dead_volume_ml = wall->dead_volume_ml;
  relations->edpvr_scale_mmhg = wall->edpvr_scale_mmhg;
  relations->edpvr_stiffness_per_ml = wall->edpvr_stiffness_per_ml;
  relations->edpvr_zero_volume_ml = wall->edpvr_zero_volume_ml;
  return TRUE;
}

static void ct_plot_view_snapshot(GtkWidget *widget, GtkSnapshot *snapshot)
{
  CtPlotView *self = CT_PLOT_VIEW(widget);
  double width = gtk_widget_get_width(widget);
  double height = gtk_widget_get_height(widget);
  CtPlotBeat baseline, plan;
  CtPlotStyle style;
  cairo_t *cr;

  if (width < 1 || height < 1)
    return;
  ct_plot_style_default(&style);
  style.dark = adw_style_manager_get_dark(adw_style_manager_get_default());
  style.pressure_kpa = self->pressure_kpa;
  if (self->baseline != NULL)
    baseline = (CtPlotBeat){self->baseline->samples, self->baseline->n_samples};
  if (self->plan != NULL)
    plan = (CtPlotBeat){self->plan->samples, self->plan->n_samples};

  cr = gtk_snapshot_append_cairo(snapshot, &GRAPHENE_RECT_INIT(0, 0, width, height));
  switch (self->kind) {
  case CT_PLOT_VIEW_LV_LOOP:
  case CT_PLOT_VIEW_RV_LOOP: {
    CtPlotPvRelations relations;
    gboolean have_relations = plan_relations(self, &relations);

    ct_plot_pv_loop(cr, width, height, &style,
                    self->kind == CT_PLOT_VIEW_LV_LOOP ? CT_PLOT_LEFT_VENTRICLE
                                                       : CT_PLOT_RIGHT_VENTRICLE,
                    self->baseline != NULL ? &baseline : NULL, self->plan != NULL ? &plan : NULL,
                    have_relations ? &relations : NULL);
    break;
  }
  case CT_PLOT_VIEW_LEFT_HEART:
    ct_plot_traces(cr, width, height, &style,
                   1u << CT_TRACE_AORTIC_PRESSURE | 1u << CT_TRACE_LV_PRESSURE |
                       1u << CT_TRACE_LA_PRESSURE,
                   self->baseline != NULL ? &baseline : NULL, self->plan != NULL ? &plan : NULL);
    break;
  case CT_PLOT_VIEW_RIGHT_HEART:
    ct_plot_traces(cr, width, height, &style,
                   1u << CT_TRACE_PULMONARY_ARTERY_PRESSURE | 1u << CT_TRACE_RV_PRESSURE |
                       1u << CT_TRACE_RA_PRESSURE,
                   self->baseline != NULL ? &baseline : NULL, self->plan != NULL ? &plan : NULL);
    break;
  case CT_PLOT_VIEW_VOLUMES:
    ct_plot_traces(cr, width, height, &style, 1u << CT_TRACE_LV_VOLUME | 1u << CT_TRACE_RV_VOLUME,
                   self->baseline != NULL ? &baseline : NULL, self->plan != NULL ? &plan : NULL);
    break;
  default:
    g_assert_not_reached();
  }
  cairo_destroy(cr);
  if (self->plan != NULL)
    self->drawn_generation = self->plan->generation;
}

static void ct_plot_view_measure(GtkWidget *widget, GtkOrientation orientation, int for_size,
                                 int *minimum, int *natural, int *minimum_baseline,
                                 int *natural_baseline)
{
  CtPlotView *self = CT_PLOT_VIEW(widget);

  /* Big enough to read axes and ticks; loops square-ish, traces wide. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL) {
    *minimum = 190;
    *natural = is_loop(self->kind) ? 340 : 420;
  } else {
    *minimum = 180;
    *natural = 280;
  }
}

/* A pressure in the unit shown, with it: "12 mmHg" or "1.6 kPa". */
static char *pressure_text(CtPlotView *self, double mmhg)
{
  /* TRANSLATORS: a pressure and its unit in a description for screen readers. */
  return self->pressure_kpa ? g_strdup_printf(_("%.1f kPa"), mmhg * CT_PLOT_KPA_PER_MMHG)
                            : g_strdup_printf(_("%.0f mmHg"), mmhg);
}

/* What a screen reader says: the plot and, once there is a plan, its figures. */
static void update_description(CtPlotView *self)
{
  g_autofree char *description = NULL;
  g_autofree char *p1 = NULL, *p2 = NULL, *p3 = NULL;
  const CsIndices *ix;

  if (self->plan == NULL) {
    gtk_accessible_reset_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    return;
  }
  ix = &self->plan->indices;
  switch (self->kind) {
  case CT_PLOT_VIEW_LV_LOOP:
    p1 = pressure_text(self, ix->lvedp_mmhg);
    p2 = pressure_text(self, ix->lvsp_mmhg);
    description = g_strdup_printf(_("Plan: end-diastolic volume %.0f ml, end-systolic volume %.0f "
                                    "ml, end-diastolic pressure %s, peak pressure %s"),
                                  ix->lvedv_ml, ix->lvesv_ml, p1, p2);
    break;
  case CT_PLOT_VIEW_RV_LOOP:
    description = g_strdup_printf(_("Plan: RV end-diastolic volume %.0f ml, end-systolic volume "
                                    "%.0f ml"),
                                  ix->rvedv_ml, ix->rvesv_ml);
    break;
  case CT_PLOT_VIEW_LEFT_HEART:
    p1 = pressure_text(self, ix->sbp_mmhg);
    p2 = pressure_text(self, ix->dbp_mmhg);
    p3 = pressure_text(self, ix->mean_lap_mmhg);
    description = g_strdup_printf(_("Plan: aortic pressure %s systolic, %s diastolic, mean left "
                                    "atrial pressure %s"),
                                  p1, p2, p3);
    break;
  case CT_PLOT_VIEW_RIGHT_HEART:
    p1 = pressure_text(self, ix->spap_mmhg);
    p2 = pressure_text(self, ix->dpap_mmhg);
    p3 = pressure_text(self, ix->cvp_mmhg);
    description = g_strdup_printf(_("Plan: pulmonary artery pressure %s systolic, %s diastolic, "
                                    "central venous pressure %s"),
                                  p1, p2, p3);
    break;
  case CT_PLOT_VIEW_VOLUMES:
    description = g_strdup_printf(_("Plan: stroke volume %.0f ml, LV ejection fraction %.0f %%"),
                                  ix->sv_ml, ix->lvef_pct);
    break;
  default:
    g_assert_not_reached();
  }
  gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                 description, -1);
}

static const char *kind_label(CtPlotViewKind kind)
{
  switch (kind) {
  case CT_PLOT_VIEW_LV_LOOP:
    return _("Left ventricular pressure–volume loop");
  case CT_PLOT_VIEW_RV_LOOP:
    return _("Right ventricular pressure–volume loop");
  case CT_PLOT_VIEW_LEFT_HEART:
    return _("Aortic, left ventricular and left atrial pressures");
  case CT_PLOT_VIEW_RIGHT_HEART:
    return _("Pulmonary artery, right ventricular and right atrial pressures");
  case CT_PLOT_VIEW_VOLUMES:
    return _("Ventricular volumes");
  default:
    g_assert_not_reached();
  }
  return NULL;
}

static void on_dark_changed(CtPlotView *self)
{
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

static void ct_plot_view_get_property(GObject *object, guint prop_id, GValue *value,
                                      GParamSpec *pspec)
{
  CtPlotView *self = CT_PLOT_VIEW(object);

  switch (prop_id) {
  case PROP_KIND:
    g_value_set_enum(value, self->kind);
    break;
  case PROP_PRESSURE_KPA:
    g_value_set_boolean(value, self->pressure_kpa);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void ct_plot_view_set_property(GObject *object, guint prop_id, const GValue *value,
                                      GParamSpec *pspec)
{
  CtPlotView *self = CT_PLOT_VIEW(object);

  switch (prop_id) {
  case PROP_KIND:
    self->kind = g_value_get_enum(value);
    gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                   kind_label(self->kind), -1);
    gtk_widget_queue_resize(GTK_WIDGET(self));
    break;
  case PROP_PRESSURE_KPA:
    if (self->pressure_kpa != g_value_get_boolean(value)) {
      self->pressure_kpa = g_value_get_boolean(value);
      update_description(self);
      gtk_widget_queue_draw(GTK_WIDGET(self));
      g_object_notify_by_pspec(object, pspec);
    }
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void ct_plot_view_dispose(GObject *object)
{
  CtPlotView *self = CT_PLOT_VIEW(object);

  g_clear_pointer(&self->baseline, ct_beat_unref);
  g_clear_pointer(&self->plan, ct_beat_unref);
  G_OBJECT_CLASS(ct_plot_view_parent_class)->dispose(object);
}

static void ct_plot_view_class_init(CtPlotViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->get_property = ct_plot_view_get_property;
  object_class->set_property = ct_plot_view_set_property;
  object_class->dispose = ct_plot_view_dispose;
  widget_class->snapshot = ct_plot_view_snapshot;
  widget_class->measure = ct_plot_view_measure;

  properties[PROP_KIND] =
      g_param_spec_enum("kind", NULL, NULL, CT_TYPE_PLOT_VIEW_KIND, CT_PLOT_VIEW_LV_LOOP,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRESSURE_KPA] =
      g_param_spec_boolean("pressure-kpa", NULL, NULL, FALSE,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, properties);
  gtk_widget_class_set_accessible_role(widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name(widget_class, "ct-plot-view");
}

static void ct_plot_view_init(CtPlotView *self)
{
  g_signal_connect_object(adw_style_manager_get_default(), "notify::dark",
                          G_CALLBACK(on_dark_changed), self, G_CONNECT_SWAPPED);
}

GtkWidget *ct_plot_view_new(CtPlotViewKind kind)
{
  return g_object_new(CT_TYPE_PLOT_VIEW, "kind", kind, NULL);
}

void ct_plot_view_set_params(CtPlotView *self, const CsParams *params)
{
  g_return_if_fail(CT_IS_PLOT_VIEW(self));
  g_return_if_fail(params != NULL);
  self->params = *params;
  self->have_params = TRUE;
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

void ct_plot_view_set_beats(CtPlotView *self, CtBeat *baseline, CtBeat *plan)
{
  g_return_if_fail(CT_IS_PLOT_VIEW(self));
  if (baseline != NULL)
    ct_beat_ref(baseline);
  if (plan != NULL)
    ct_beat_ref(plan);
  g_clear_pointer(&self->baseline, ct_beat_unref);
  g_clear_pointer(&self->plan, ct_beat_unref);
  self->baseline = baseline;
  self->plan = plan;
  /* No plan (a new twin): what was drawn before belonged to another engine's generations. */
  if (plan == NULL)
    self->drawn_generation = 0;
  update_description(self);
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

guint ct_plot_view_get_drawn_generation(CtPlotView *self)
{
  g_return_val_if_fail(CT_IS_PLOT_VIEW(self), 0);
  return self->drawn_generation;
}

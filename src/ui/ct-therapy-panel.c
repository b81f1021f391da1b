/* ct-therapy-panel.c — the plan: drugs and doses, pacing, LVAD, reflexes.
 *
 * Every control changes one field of a CsTherapy; the panel says "changed" and the twin page asks
 * the engine. The allowed ranges are the engine's (cs-therapy.c) and the drug library's, so a value
 * the panel accepts is one the engine accepts: nothing to refuse after the fact.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-therapy-panel.h"

#include <adwaita.h>
#include <math.h>

#include "ct-i18n.h"
#include "ct-widget-template.h"
#include "ct-plot.h"
#include "ct-engine-words.h"
#include "ct-twin-error.h"

typedef struct {
  char *name;
  char *display_name;
  CsDrugDef def;
  AdwExpanderRow *row;
  GtkSpinButton *dose;
} DrugRow;

struct _CtTherapyPanel {
  GtkWidget parent_instance;

  AdwPreferencesGroup *drugs_group;
  AdwComboRow *pacing_mode_row;
  AdwActionRow *rate_row;
  GtkSpinButton *rate;
  AdwActionRow *av_delay_row;
  GtkSpinButton *av_delay;
  AdwActionRow *lv_only_row;
  GtkSwitch *lv_only;
  AdwActionRow *vv_delay_row;
  GtkSpinButton *vv_delay;
  AdwComboRow *lv_lead_row;
  AdwComboRow *rv_lead_row;
  AdwExpanderRow *lvad_row;
  GtkSpinButton *lvad_speed;
  AdwActionRow *suction_row;
  GtkSwitch *baroreflex;

  GArray *drugs; /* DrugRow */
  guint freeze;  /* > 0 while set_therapy() moves the controls */
};

G_DEFINE_FINAL_TYPE(CtTherapyPanel, ct_therapy_panel, GTK_TYPE_WIDGET)

enum { SIGNAL_CHANGED, N_SIGNALS };

static guint signals[N_SIGNALS];

/* The combo's rows, in CsPacingMode order. */
static const CsPacingMode pacing_modes[] = {CS_PACING_NONE, CS_PACING_AAI, CS_PACING_VVI,
                                            CS_PACING_DDD, CS_PACING_CRT};

static void emit_changed(CtTherapyPanel *self)
{
  if (self->freeze == 0)
    g_signal_emit(self, signals[SIGNAL_CHANGED], 0);
}

/* Which pacing settings mean something in the mode chosen: AAI paces the atrium only (rate), VVI
 * the RV (rate, RV site), DDD both (rate, AV delay, RV site), CRT both ventricles (everything), or
 * the LV alone (no VV offset then: there is no RV stimulus to offset it from). */
static void update_pacing_sensitivity(CtTherapyPanel *self)
{
  CsPacingMode mode = pacing_modes[adw_combo_row_get_selected(self->pacing_mode_row)];

  gtk_widget_set_sensitive(GTK_WIDGET(self->rate_row), mode != CS_PACING_NONE);
  gtk_widget_set_sensitive(GTK_WIDGET(self->av_delay_row),
                           mode == CS_PACING_DDD || mode == CS_PACING_CRT);
  gtk_widget_set_sensitive(GTK_WIDGET(self->lv_only_row), mode == CS_PACING_CRT);
  gtk_widget_set_sensitive(GTK_WIDGET(self->vv_delay_row),
                           mode == CS_PACING_CRT && !gtk_switch_get_active(self->lv_only));
  gtk_widget_set_sensitive(GTK_WIDGET(self->lv_lead_row), mode == CS_PACING_CRT);
  gtk_widget_set_sensitive(GTK_WIDGET(self->rv_lead_row),
                           mode == CS_PACING_VVI || mode == CS_PACING_DDD || mode == CS_PACING_CRT);
}

/* The engine takes at most CS_MAX_DRUGS drugs at once: when that many are on, the others' switches
 * are insensitive rather than refusing after a click. */
static void update_drug_sensitivity(CtTherapyPanel *self)
{
  guint on = 0;

  for (guint i = 0; i < self->drugs->len; i++)
    on += adw_expander_row_get_enable_expansion(g_array_index(self->drugs, DrugRow, i).row);
  for (guint i = 0; i < self->drugs->len; i++) {
    DrugRow *drug = &g_array_index(self->drugs, DrugRow, i);

    gtk_widget_set_sensitive(GTK_WIDGET(drug->row),
                             on < CS_MAX_DRUGS || adw_expander_row_get_enable_expansion(drug->row));
  }
}

static void on_control_changed(CtTherapyPanel *self)
{
  /* The template's signals fire while it is being built, before the spin buttons exist. */
  if (self->rate == NULL)
    return;
  update_pacing_sensitivity(self);
  emit_changed(self);
}

static void on_drug_toggled(CtTherapyPanel *self)
{
  update_drug_sensitivity(self);
  emit_changed(self);
}

static const char *route_label(CsRoute route)
{
  switch (route) {
  case CS_ROUTE_INFUSION:
    return _("Continuous infusion");
  case CS_ROUTE_BOLUS:
    return _("Intravenous bolus");
  case CS_ROUTE_ORAL:
    return _("Oral, steady state");
  default:
    g_assert_not_reached();
  }
  return NULL;
}

/* A round step for a dose range: 1, 2 or 5 x 10^k, about a hundredth of the range, so that arrow
 * keys move by the increments a clinician titrates in (0.01 µg/kg/min of milrinone, 0.2 of
 * dobutamine, 2 mg of furosemide). */
static double dose_step(double range)
{
  double raw = range / 100.0;
  double magnitude = pow(10.0, floor(log10(raw)));
  double fraction = raw / magnitude;

  return (fraction < 1.5 ? 1.0 : fraction < 3.5 ? 2.0 : fraction < 7.5 ? 5.0 : 10.0) * magnitude;
}

static int step_digits(double step)
{
  return step >= 1.0 ? 0 : (int)ceil(-log10(step) - 1e-9);
}

/* The decimals @value is written with, up to three. */
static int value_digits(double value)
{
  for (int digits = 0; digits < 3; digits++)
    if (fabs(value * pow(10, digits) - round(value * pow(10, digits))) < 1e-9)
      return digits;
  return 3;
}

static GtkSpinButton *add_spin_suffix(AdwActionRow *row, double lower, double upper, double step,
                                      int digits, const char *unit)
{
  GtkWidget *spin = gtk_spin_button_new_with_range(lower, upper, step);
  GtkWidget *unit_label = gtk_label_new(unit);

  gtk_spin_button_set_digits(GTK_SPIN_BUTTON(spin), (guint)digits);
  gtk_spin_button_set_numeric(GTK_SPIN_BUTTON(spin), TRUE);
  gtk_widget_set_valign(spin, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class(unit_label, "dim-label");
  adw_action_row_add_suffix(row, spin);
  adw_action_row_add_suffix(row, unit_label);
  adw_action_row_set_activatable_widget(row, spin);
  gtk_accessible_update_relation(GTK_ACCESSIBLE(spin), GTK_ACCESSIBLE_RELATION_LABELLED_BY, row,
                                 NULL, -1);
  return GTK_SPIN_BUTTON(spin);
}

static void clear_drug_row(gpointer data)
{
  DrugRow *drug = data;

  g_free(drug->name);
  g_free(drug->display_name);
}

void ct_therapy_panel_set_drug_library(CtTherapyPanel *self, CtDrugLibrary *library)
{
  g_auto(GStrv) names = NULL;

  g_return_if_fail(CT_IS_THERAPY_PANEL(self));
  g_return_if_fail(CT_IS_DRUG_LIBRARY(library));
  for (guint i = 0; i < self->drugs->len; i++)
    adw_preferences_group_remove(self->drugs_group,
                                 GTK_WIDGET(g_array_index(self->drugs, DrugRow, i).row));
  g_array_set_size(self->drugs, 0);

  names = ct_drug_library_list_names(library);
  for (guint i = 0; names[i] != NULL; i++) {
    const CsDrugDef *def = ct_drug_library_lookup(library, names[i]);
    const char *drug_class = ct_drug_library_get_drug_class(library, names[i]);
    DrugRow drug = {g_strdup(names[i]),
                    g_strdup(ct_drug_library_get_display_name(library, names[i])), *def, NULL,
                    NULL};
    AdwActionRow *dose_row = ADW_ACTION_ROW(adw_action_row_new());
    g_autofree char *subtitle = NULL;
    double step = dose_step(def->dose_max - def->dose_min);
    double start_dose;

    /* The library's names are the international non-proprietary names (data/drugs.json). */
    drug.row = ADW_EXPANDER_ROW(adw_expander_row_new());
    adw_preferences_row_set_title(ADW_PREFERENCES_ROW(drug.row),
                                  ct_drug_library_get_display_name(library, names[i]));
    subtitle = drug_class != NULL ? g_strdup_printf("%s · %s", drug_class, route_label(def->route))
                                  : g_strdup(route_label(def->route));
    adw_expander_row_set_subtitle(drug.row, subtitle);
    adw_expander_row_set_show_enable_switch(drug.row, TRUE);
    adw_expander_row_set_enable_expansion(drug.row, FALSE);
    gtk_widget_set_name(GTK_WIDGET(drug.row), names[i]);

    adw_preferences_row_set_title(ADW_PREFERENCES_ROW(dose_row), _("Dose"));
    /* Switched on, a drug starts at its label's or guideline's starting dose (data/drugs.json,
     * start_dose); a library without one starts a quarter up the range, rounded to the step. */
    if (!ct_drug_library_get_start_dose(library, names[i], &start_dose))
      start_dose = def->dose_min + round(0.25 * (def->dose_max - def->dose_min) / step) * step;
    /* Enough decimals for the step and for the starting dose (milrinone's 0.375). */
    drug.dose = add_spin_suffix(dose_row, def->dose_min, def->dose_max, step,
                                MAX(step_digits(step), value_digits(start_dose)),
                                ct_dose_unit_label(def->unit));
    gtk_spin_button_set_value(drug.dose, start_dose);
    adw_expander_row_add_row(drug.row, GTK_WIDGET(dose_row));
    adw_preferences_group_add(self->drugs_group, GTK_WIDGET(drug.row));

    g_signal_connect_object(drug.row, "notify::enable-expansion", G_CALLBACK(on_drug_toggled), self,
                            G_CONNECT_SWAPPED);
    g_signal_connect_object(drug.dose, "value-changed", G_CALLBACK(emit_changed), self,
                            G_CONNECT_SWAPPED);
    g_array_append_val(self->drugs, drug);
  }
  update_drug_sensitivity(self);
}

void ct_therapy_panel_get_therapy(CtTherapyPanel *self, CsTherapy *therapy)
{
  g_return_if_fail(CT_IS_THERAPY_PANEL(self));
  g_return_if_fail(therapy != NULL);

  cs_therapy_default(therapy);
  for (guint i = 0; i < self->drugs->len && therapy->n_drugs < CS_MAX_DRUGS; i++) {
    DrugRow *drug = &g_array_index(self->drugs, DrugRow, i);

    if (!adw_expander_row_get_enable_expansion(drug->row))
      continue;
    therapy->drugs[therapy->n_drugs] = drug->def;
    therapy->doses[therapy->n_drugs] = gtk_spin_button_get_value(drug->dose);
    therapy->n_drugs++;
  }
  therapy->pacing.mode = pacing_modes[adw_combo_row_get_selected(self->pacing_mode_row)];
  therapy->pacing.rate_bpm = gtk_spin_button_get_value(self->rate);
  therapy->pacing.av_delay_ms = gtk_spin_button_get_value(self->av_delay);
  therapy->pacing.vv_delay_ms = gtk_spin_button_get_value(self->vv_delay);
  therapy->pacing.lv_only =
      therapy->pacing.mode == CS_PACING_CRT && gtk_switch_get_active(self->lv_only);
  therapy->pacing.lv_lead_segment = (int)adw_combo_row_get_selected(self->lv_lead_row) + 1;
  therapy->pacing.rv_lead_site =
      adw_combo_row_get_selected(self->rv_lead_row) == 1 ? CS_RV_LEAD_SEPTUM : CS_RV_LEAD_APEX;
  therapy->lvad_enabled = adw_expander_row_get_enable_expansion(self->lvad_row);
  therapy->lvad_speed_rpm = gtk_spin_button_get_value(self->lvad_speed);
  therapy->baroreflex_enabled = gtk_switch_get_active(self->baroreflex);
}

static DrugRow *find_drug(CtTherapyPanel *self, const char *name)
{
  for (guint i = 0; i < self->drugs->len; i++) {
    DrugRow *drug = &g_array_index(self->drugs, DrugRow, i);

    if (g_str_equal(drug->name, name))
      return drug;
  }
  return NULL;
}

gboolean ct_therapy_panel_set_therapy(CtTherapyPanel *self, const CsTherapy *therapy,
                                      GError **error)
{
  CsError cs_error;

  g_return_val_if_fail(CT_IS_THERAPY_PANEL(self), FALSE);
  g_return_val_if_fail(therapy != NULL, FALSE);

  if (cs_therapy_validate(therapy, &cs_error) != CS_OK) {
    g_autofree char *why = ct_engine_error_describe(&cs_error, NULL);

    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID, _("This plan cannot be simulated: %s"),
                why);
    return FALSE;
  }
  for (int d = 0; d < therapy->n_drugs; d++) {
    if (find_drug(self, therapy->drugs[d].name) == NULL) {
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_NOT_FOUND,
                  _("The drug “%s” is not in the drug library"), therapy->drugs[d].name);
      return FALSE;
    }
  }

  self->freeze++;
  for (guint i = 0; i < self->drugs->len; i++) {
    DrugRow *drug = &g_array_index(self->drugs, DrugRow, i);
    gboolean on = FALSE;

    for (int d = 0; d < therapy->n_drugs; d++) {
      if (g_str_equal(therapy->drugs[d].name, drug->name)) {
        on = TRUE;
        gtk_spin_button_set_value(drug->dose, therapy->doses[d]);
      }
    }
    adw_expander_row_set_enable_expansion(drug->row, on);
  }
  for (guint i = 0; i < G_N_ELEMENTS(pacing_modes); i++)
    if (pacing_modes[i] == therapy->pacing.mode)
      adw_combo_row_set_selected(self->pacing_mode_row, i);
  gtk_spin_button_set_value(self->rate, therapy->pacing.rate_bpm);
  gtk_spin_button_set_value(self->av_delay, therapy->pacing.av_delay_ms);
  gtk_spin_button_set_value(self->vv_delay, therapy->pacing.vv_delay_ms);
  gtk_switch_set_active(self->lv_only, therapy->pacing.lv_only != 0);
  adw_combo_row_set_selected(self->lv_lead_row, (guint)therapy->pacing.lv_lead_segment - 1);
  adw_combo_row_set_selected(self->rv_lead_row,
                             therapy->pacing.rv_lead_site == CS_RV_LEAD_SEPTUM ? 1 : 0);
  adw_expander_row_set_enable_expansion(self->lvad_row, therapy->lvad_enabled);
  gtk_spin_button_set_value(self->lvad_speed, therapy->lvad_speed_rpm);
  gtk_switch_set_active(self->baroreflex, therapy->baroreflex_enabled);
  self->freeze--;

  update_pacing_sensitivity(self);
  update_drug_sensitivity(self);
  emit_changed(self);
  return TRUE;
}

gboolean ct_therapy_panel_set_dose(CtTherapyPanel *self, const char *name, double dose,
                                   GError **error)
{
  DrugRow *drug;
  guint on = 0;

  g_return_val_if_fail(CT_IS_THERAPY_PANEL(self), FALSE);
  g_return_val_if_fail(name != NULL, FALSE);

  drug = find_drug(self, name);
  if (drug == NULL) {
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_NOT_FOUND,
                _("The drug “%s” is not in the drug library"), name);
    return FALSE;
  }
  if (dose < 0.0) {
    adw_expander_row_set_enable_expansion(drug->row, FALSE);
    return TRUE;
  }
  if (!isfinite(dose) || dose < drug->def.dose_min || dose > drug->def.dose_max) {
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("A dose of %g %s is outside the range of %s (%g to %g)"), dose,
                ct_dose_unit_label(drug->def.unit), drug->display_name, drug->def.dose_min,
                drug->def.dose_max);
    return FALSE;
  }
  for (guint i = 0; i < self->drugs->len; i++)
    on += adw_expander_row_get_enable_expansion(g_array_index(self->drugs, DrugRow, i).row);
  if (!adw_expander_row_get_enable_expansion(drug->row) && on >= CS_MAX_DRUGS) {
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("At most %d drugs can be given at once"), CS_MAX_DRUGS);
    return FALSE;
  }
  /* One "changed" for the pair of moves. */
  self->freeze++;
  gtk_spin_button_set_value(drug->dose, dose);
  adw_expander_row_set_enable_expansion(drug->row, TRUE);
  self->freeze--;
  update_drug_sensitivity(self);
  emit_changed(self);
  return TRUE;
}

void ct_therapy_panel_set_lv_lead_segment(CtTherapyPanel *self, int segment)
{
  g_return_if_fail(CT_IS_THERAPY_PANEL(self));
  g_return_if_fail(segment >= 1 && segment <= CS_AHA_SEGMENTS);
  adw_combo_row_set_selected(self->lv_lead_row, (guint)segment - 1);
}

void ct_therapy_panel_set_lvad_suction(CtTherapyPanel *self, gboolean suction)
{
  g_return_if_fail(CT_IS_THERAPY_PANEL(self));
  gtk_widget_set_visible(GTK_WIDGET(self->suction_row), suction);
}

static void ct_therapy_panel_dispose(GObject *object)
{
  CtTherapyPanel *self = CT_THERAPY_PANEL(object);

  ct_widget_dispose_template_children(GTK_WIDGET(object), CT_TYPE_THERAPY_PANEL);
  g_clear_pointer(&self->drugs, g_array_unref);
  G_OBJECT_CLASS(ct_therapy_panel_parent_class)->dispose(object);
}

static void ct_therapy_panel_class_init(CtTherapyPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->dispose = ct_therapy_panel_dispose;
  signals[SIGNAL_CHANGED] = g_signal_new("changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/cardiotwin/CardioTwin/ui/ct-therapy-panel.ui");
  gtk_widget_class_bind_template_child(widget_class, CtTherapyPanel, drugs_group);
  gtk_widget_class_bind_template_child(widget_class, CtTherapyPanel, pacing_mode_row);
  gtk_widget_class_bind_template_child(widget_class, CtTherapyPanel, rate_row);
  gtk_widget_class_bind_template_child(widget_class, CtTherapyPanel, av_delay_row);
  gtk_widget_class_bind_template_child(widget_class, CtTherapyPanel, lv_only_row);
  gtk_widget_class_bind_template_child(widget_class, CtTherapyPanel, lv_only);
  gtk_widget_class_bind_template_child(widget_class, CtTherapyPanel, vv_delay_row);
  gtk_widget_class_bind_template_child(widget_class, CtTherapyPanel, lv_lead_row);
  gtk_widget_class_bind_template_child(widget_class, CtTherapyPanel, rv_lead_row);
  gtk_widget_class_bind_template_child(widget_class, CtTherapyPanel, lvad_row);
  gtk_widget_class_bind_template_child(widget_class, CtTherapyPanel, baroreflex);
  gtk_widget_class_bind_template_callback(widget_class, on_control_changed);
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name(widget_class, "ct-therapy-panel");
}

static void ct_therapy_panel_init(CtTherapyPanel *self)
{
  g_autoptr(GtkStringList) segments = gtk_string_list_new(NULL);
  AdwActionRow *speed_row;
  CsTherapy defaults;

  self->drugs = g_array_new(FALSE, TRUE, sizeof(DrugRow));
  g_array_set_clear_func(self->drugs, clear_drug_row);
  gtk_widget_init_template(GTK_WIDGET(self));

  /* Ranges are the engine's (cs-therapy.c: cs_therapy_validate). */
  self->rate = add_spin_suffix(self->rate_row, 30, 180, 1, 0, C_("unit", "bpm"));
  self->av_delay = add_spin_suffix(self->av_delay_row, 30, 350, 5, 0, C_("unit", "ms"));
  self->vv_delay = add_spin_suffix(self->vv_delay_row, -80, 80, 5, 0, C_("unit", "ms"));
  speed_row = ADW_ACTION_ROW(adw_action_row_new());
  adw_preferences_row_set_title(ADW_PREFERENCES_ROW(speed_row), _("Pump speed"));
  self->lvad_speed = add_spin_suffix(speed_row, 3000, 9000, 100, 0, C_("unit", "rpm"));
  adw_expander_row_add_row(self->lvad_row, GTK_WIDGET(speed_row));
  /* The suction warning sits right under the speed that causes it. */
  self->suction_row = ADW_ACTION_ROW(adw_action_row_new());
  adw_preferences_row_set_title(ADW_PREFERENCES_ROW(self->suction_row), _("Suction"));
  adw_action_row_set_subtitle(self->suction_row,
                              _("The pump empties the left ventricle: lower the speed"));
  adw_action_row_add_prefix(self->suction_row,
                            gtk_image_new_from_icon_name("dialog-warning-symbolic"));
  gtk_widget_add_css_class(GTK_WIDGET(self->suction_row), "warning");
  gtk_widget_set_visible(GTK_WIDGET(self->suction_row), FALSE);
  adw_expander_row_add_row(self->lvad_row, GTK_WIDGET(self->suction_row));

  for (int s = 1; s <= CS_AHA_SEGMENTS; s++) {
    g_autofree char *label = g_strdup_printf(_("%d · %s"), s, ct_plot_aha_segment_name(s));

    gtk_string_list_append(segments, label);
  }
  adw_combo_row_set_model(self->lv_lead_row, G_LIST_MODEL(segments));

  cs_therapy_default(&defaults);
  ct_therapy_panel_set_therapy(self, &defaults, NULL);

  g_signal_connect_object(self->rate, "value-changed", G_CALLBACK(emit_changed), self,
                          G_CONNECT_SWAPPED);
  g_signal_connect_object(self->av_delay, "value-changed", G_CALLBACK(emit_changed), self,
                          G_CONNECT_SWAPPED);
  g_signal_connect_object(self->vv_delay, "value-changed", G_CALLBACK(emit_changed), self,
                          G_CONNECT_SWAPPED);
  g_signal_connect_object(self->lvad_speed, "value-changed", G_CALLBACK(emit_changed), self,
                          G_CONNECT_SWAPPED);
}

GtkWidget *ct_therapy_panel_new(void)
{
  return g_object_new(CT_TYPE_THERAPY_PANEL, NULL);
}

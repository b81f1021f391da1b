/* ct-twin-details-window.c — the open twin described: one read-only row a fact.
 *
 * The valves' rows are the report's (ct_twin_describe_valves), so that a stenosis or a leak the
 * pressure traces show is named on screen as on paper; the measurements' labels and values are
 * the report's too (ct_measurement_label, ct_measurement_format_value).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-twin-details-window.h"

#include <glib/gi18n-lib.h>

#include "ct-index-format.h"
#include "ct-plot.h"

struct _CtTwinDetailsWindow {
  AdwPreferencesWindow parent_instance;

  AdwPreferencesGroup *patient_group;
  AdwPreferencesGroup *valves_group;
  AdwPreferencesGroup *conduction_group;
  AdwPreferencesGroup *measurements_group;
  AdwPreferencesGroup *provenance_group;
  GPtrArray *valve_rows; /* titles, owned */
};

G_DEFINE_FINAL_TYPE(CtTwinDetailsWindow, ct_twin_details_window, ADW_TYPE_PREFERENCES_WINDOW)

/* A row of @group: @title and, where not NULL, @subtitle, both plain text (a twin's words are
 * data: no markup is read in them). */
static AdwActionRow *add_row(AdwPreferencesGroup *group, const char *title, const char *subtitle)
{
  AdwActionRow *row = ADW_ACTION_ROW(adw_action_row_new());

  adw_preferences_row_set_use_markup(ADW_PREFERENCES_ROW(row), FALSE);
  adw_preferences_row_set_title(ADW_PREFERENCES_ROW(row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle(row, subtitle);
  adw_preferences_group_add(group, GTK_WIDGET(row));
  return row;
}

static void fill_patient(CtTwinDetailsWindow *self, CtTwin *twin)
{
  g_autofree char *age_sex = g_strdup_printf(
      ct_twin_get_sex(twin) == CT_SEX_MALE ? _("%d years, male") : _("%d years, female"),
      ct_twin_get_age_years(twin));
  g_autofree char *size = g_strdup_printf(_("%.0f cm, %.0f kg"), ct_twin_get_height_cm(twin),
                                          ct_twin_get_weight_kg(twin));

  add_row(self->patient_group, _("Pseudonym"), ct_twin_get_pseudonym(twin));
  add_row(self->patient_group, _("Age and sex"), age_sex);
  add_row(self->patient_group, _("Height and weight"), size);
  add_row(self->patient_group, _("Description"), ct_twin_get_description(twin));
}

static void fill_valves(CtTwinDetailsWindow *self, CtTwin *twin)
{
  g_auto(GStrv) lesions = ct_twin_describe_valves(twin);

  if (lesions[0] == NULL) {
    /* Not a finding about the patient's valves: the twin has no lesion, whatever was measured. */
    const char *none = _("No valve lesion in the twin (the model's normal orifices)");

    add_row(self->valves_group, none, NULL);
    g_ptr_array_add(self->valve_rows, g_strdup(none));
    return;
  }
  for (guint i = 0; lesions[i] != NULL; i++) {
    /* The lesion's words start lower case, to be listed in a sentence (the report); a row's title
     * starts a line: its first character in title case, whatever the script. */
    gunichar first = g_utf8_get_char(lesions[i]);
    char initial[8] = {0};
    g_autofree char *title = NULL;

    g_unichar_to_utf8(g_unichar_totitle(first), initial);
    title = g_strconcat(initial, g_utf8_next_char(lesions[i]), NULL);
    add_row(self->valves_group, title, NULL);
    g_ptr_array_add(self->valve_rows, g_steal_pointer(&title));
  }
}

static void fill_conduction(CtTwinDetailsWindow *self, CtTwin *twin)
{
  CsConduction conduction = ct_twin_get_conduction(twin);
  double pr_ms = ct_twin_get_params(twin)->pr_interval_ms, qrs_ms;
  g_autofree char *intervals = NULL;
  gboolean any_scar = FALSE;
  /* The model's pattern says which bundle conducts, not whether the QRS is wide. */
  const char *pattern = conduction == CS_CONDUCTION_LBBB   ? _("Left bundle branch block")
                        : conduction == CS_CONDUCTION_RBBB ? _("Right bundle branch block")
                                                           : _("No bundle branch block");

  intervals = ct_twin_get_qrs_ms(twin, &qrs_ms)
                  ? g_strdup_printf(_("PR %.0f ms, QRS %.0f ms"), pr_ms, qrs_ms)
                  : g_strdup_printf(_("PR %.0f ms"), pr_ms);
  add_row(self->conduction_group, pattern, intervals);
  for (int s = 1; s <= CS_AHA_SEGMENTS; s++) {
    double transmurality = ct_twin_get_scar(twin, s);
    g_autofree char *segment = NULL, *extent = NULL;

    if (transmurality <= 0.0)
      continue;
    /* TRANSLATORS: an AHA segment's number and name, "Segment 11, mid inferolateral". */
    segment = g_strdup_printf(_("Segment %d, %s"), s, ct_plot_aha_segment_name(s));
    /* TRANSLATORS: the scar's transmurality in an AHA segment. */
    extent = g_strdup_printf(_("Scar %.0f %% transmural"), 100.0 * transmurality);
    add_row(self->conduction_group, segment, extent);
    any_scar = TRUE;
  }
  if (!any_scar)
    add_row(self->conduction_group, _("No scar"), NULL);
}

static void fill_measurements(CtTwinDetailsWindow *self, CtTwin *twin)
{
  guint n = ct_twin_get_n_measurements(twin);
  const char *const *from = ct_twin_get_calibration_from(twin);
  gboolean calibrated = ct_twin_get_calibration_method(twin) != NULL;

  if (n == 0) {
    add_row(self->measurements_group, _("None recorded in the twin"), NULL);
    return;
  }
  for (guint i = 0; i < n; i++) {
    const CtMeasurement *m = ct_twin_get_measurement(twin, i);
    g_autofree char *value = ct_measurement_format_value(m->name, m->value, m->unit);
    g_autofree char *subtitle = NULL;

    /* As the report stars them: a measurement the calibration left out. */
    if (calibrated && from != NULL && !g_strv_contains(from, m->name))
      /* TRANSLATORS: a measurement's value and its date, "25 % on 2026-10-12". */
      subtitle = g_strdup_printf(_("%s on %s, not used by the calibration"), value, m->date);
    else
      subtitle = g_strdup_printf(_("%s on %s"), value, m->date);
    add_row(self->measurements_group, ct_measurement_label(m->name), subtitle);
  }
}

static void fill_provenance(CtTwinDetailsWindow *self, CtTwin *twin)
{
  const char *method = ct_twin_get_calibration_method(twin);
  const char *const *from = ct_twin_get_calibration_from(twin);
  /* The day is enough: "2026-11-25" of "2026-11-25T10:00:00Z". */
  g_autofree char *created = g_strndup(ct_twin_get_created(twin), 10);
  /* TRANSLATORS: the day a twin was built and by whom, "2026-11-25 by CardioTwin
   * personalization". */
  g_autofree char *when = g_strdup_printf(_("%s by %s"), created, ct_twin_get_created_by(twin));
  g_autofree char *fitted = NULL;

  add_row(self->provenance_group, _("Source"),
          g_strcmp0(ct_twin_get_provenance_source(twin), "clinical") == 0 ? _("Clinical data")
                                                                          : _("Synthetic data"));
  add_row(self->provenance_group, _("Created"), when);
  if (method == NULL) {
    add_row(self->provenance_group, _("Calibration"),
            _("None recorded: the parameters are those written in the twin"));
    return;
  }
  if (from != NULL) {
    guint used = g_strv_length((GStrv)from);

    fitted = g_strdup_printf(
        g_dngettext(GETTEXT_PACKAGE, "Fitted to %u measurement", "Fitted to %u measurements", used),
        used);
  } else {
    fitted = g_strdup(_("Fitted to the measurements"));
  }
  /* The method's own words (a twin's data, in English) where a pointer rests on the row. */
  gtk_widget_set_tooltip_text(GTK_WIDGET(add_row(self->provenance_group, _("Calibration"), fitted)),
                              method);
}

static void ct_twin_details_window_dispose(GObject *object)
{
  CtTwinDetailsWindow *self = CT_TWIN_DETAILS_WINDOW(object);

  gtk_widget_dispose_template(GTK_WIDGET(object), CT_TYPE_TWIN_DETAILS_WINDOW);
  g_clear_pointer(&self->valve_rows, g_ptr_array_unref);
  G_OBJECT_CLASS(ct_twin_details_window_parent_class)->dispose(object);
}

static void ct_twin_details_window_class_init(CtTwinDetailsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->dispose = ct_twin_details_window_dispose;
  gtk_widget_class_set_template_from_resource(
      widget_class, "/org/cardiotwin/CardioTwin/ui/ct-twin-details-window.ui");
  gtk_widget_class_bind_template_child(widget_class, CtTwinDetailsWindow, patient_group);
  gtk_widget_class_bind_template_child(widget_class, CtTwinDetailsWindow, valves_group);
  gtk_widget_class_bind_template_child(widget_class, CtTwinDetailsWindow, conduction_group);
  gtk_widget_class_bind_template_child(widget_class, CtTwinDetailsWindow, measurements_group);
  gtk_widget_class_bind_template_child(widget_class, CtTwinDetailsWindow, provenance_group);
}

static void ct_twin_details_window_init(CtTwinDetailsWindow *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
  self->valve_rows = g_ptr_array_new_with_free_func(g_free);
}

CtTwinDetailsWindow *ct_twin_details_window_new(GtkWindow *parent, CtTwin *twin)
{
  CtTwinDetailsWindow *self;

  g_return_val_if_fail(GTK_IS_WINDOW(parent), NULL);
  g_return_val_if_fail(CT_IS_TWIN(twin), NULL);

  self = g_object_new(CT_TYPE_TWIN_DETAILS_WINDOW, "transient-for", parent, "destroy-with-parent",
                      TRUE, NULL);
  fill_patient(self, twin);
  fill_valves(self, twin);
  fill_conduction(self, twin);
  fill_measurements(self, twin);
  fill_provenance(self, twin);
  return self;
}

GStrv ct_twin_details_window_get_valve_rows(CtTwinDetailsWindow *self)
{
  GStrvBuilder *builder;
  GStrv rows;

  g_return_val_if_fail(CT_IS_TWIN_DETAILS_WINDOW(self), NULL);
  builder = g_strv_builder_new();
  for (guint i = 0; i < self->valve_rows->len; i++)
    g_strv_builder_add(builder, g_ptr_array_index(self->valve_rows, i));
  rows = g_strv_builder_end(builder);
  g_strv_builder_unref(builder);
  return rows;
}

/* ct-patient-item.c — one patient of the cache, as a row of the patient list shows it.
 *
 * Properties (read-only, for the list's GtkExpressions): display-name, origin.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-patient-item.h"

#include "ct-i18n.h"

struct _CtPatientItem {
  GObject parent_instance;

  gint64 key;
  char *display_name;
  char *origin;
  gboolean is_demo;
};

G_DEFINE_FINAL_TYPE(CtPatientItem, ct_patient_item, G_TYPE_OBJECT)

enum { PROP_0, PROP_DISPLAY_NAME, PROP_ORIGIN, N_PROPS };

static GParamSpec *properties[N_PROPS];

static void ct_patient_item_get_property(GObject *object, guint prop_id, GValue *value,
                                         GParamSpec *pspec)
{
  CtPatientItem *self = CT_PATIENT_ITEM(object);

  switch (prop_id) {
  case PROP_DISPLAY_NAME:
    g_value_set_string(value, self->display_name);
    break;
  case PROP_ORIGIN:
    g_value_set_string(value, self->origin);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void ct_patient_item_finalize(GObject *object)
{
  CtPatientItem *self = CT_PATIENT_ITEM(object);

  g_free(self->display_name);
  g_free(self->origin);
  G_OBJECT_CLASS(ct_patient_item_parent_class)->finalize(object);
}

static void ct_patient_item_class_init(CtPatientItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);

  object_class->get_property = ct_patient_item_get_property;
  object_class->finalize = ct_patient_item_finalize;
  properties[PROP_DISPLAY_NAME] = g_param_spec_string("display-name", NULL, NULL, NULL,
                                                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORIGIN] =
      g_param_spec_string("origin", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, properties);
}

static void ct_patient_item_init(CtPatientItem *self)
{
}

CtPatientItem *ct_patient_item_new(const CtStorePatient *patient)
{
  CtPatientItem *self;

  g_return_val_if_fail(patient != NULL, NULL);
  self = g_object_new(CT_TYPE_PATIENT_ITEM, NULL);
  self->key = patient->key;
  self->display_name = g_strdup(patient->display_name);
  self->is_demo = g_strcmp0(patient->source, "demo") == 0;
  if (self->is_demo)
    self->origin = g_strdup(_("Synthetic demo patient"));
  else if (patient->n_twin_versions == 0)
    self->origin = g_strdup(_("From the platform · no twin yet"));
  else
    /* The platform's address is not shown: it is the same for every patient of a hospital. */
    self->origin = g_strdup_printf(
        g_dngettext(GETTEXT_PACKAGE, "From the platform · %d twin version",
                    "From the platform · %d twin versions", (gulong)patient->n_twin_versions),
        patient->n_twin_versions);
  return self;
}

gint64 ct_patient_item_get_key(CtPatientItem *self)
{
  g_return_val_if_fail(CT_IS_PATIENT_ITEM(self), 0);
  return self->key;
}

const char *ct_patient_item_get_display_name(CtPatientItem *self)
{
  g_return_val_if_fail(CT_IS_PATIENT_ITEM(self), NULL);
  return self->display_name;
}

const char *ct_patient_item_get_origin(CtPatientItem *self)
{
  g_return_val_if_fail(CT_IS_PATIENT_ITEM(self), NULL);
  return self->origin;
}

gboolean ct_patient_item_get_is_demo(CtPatientItem *self)
{
  g_return_val_if_fail(CT_IS_PATIENT_ITEM(self), FALSE);
  return self->is_demo;
}

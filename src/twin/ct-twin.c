/* ct-twin.c — a patient's digital twin (cardiotwin/1).
 *
 * The document and every rule the loader applies are described in docs/twin-format.md; keep the
 * two in step. Loading never trusts the file: each member is checked for type and range, unknown
 * members are errors, and the model's parameters are finally checked by the engine
 * (cs_params_validate). Writing emits the same members in a fixed order, so that load → save →
 * load gives the same parameters, and save → load → save the same bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-twin.h"

#include <math.h>
#include <string.h>

#include "ct-engine-words.h"
#include "ct-i18n.h"
#include "ct-json.h"
#include "ct-loinc.h"
#include "ct-measurements.h"
#include "ct-twin-error.h"
#include "ct-twin-resources.h"

#define WHAT     _("Twin")
#define FORMAT   "cardiotwin/1"
#define DEMO_DIR "/org/cardiotwin/CardioTwin/demos/"

#define MAX_ID_CHARS          64
#define MAX_PSEUDONYM_CHARS   64
#define MAX_DESCRIPTION_CHARS 4000
#define MAX_POPULATION_CHARS  2000
#define MAX_SHORT_CHARS       200
#define MAX_MEASUREMENTS      10000
#define MAX_CALIBRATION_NAMES 64

/* Values of a measurement: any index of the contract stays well inside this (dP/dt ~ 1e4). */
static const CtJsonRange measurement_range = {-1e6, 1e6, NULL, NULL};

/* Adults only: the engine's defaults and ranges describe adult physiology. */
static const CtJsonRange age_range = {18.0, 120.0, "years", NULL};
static const CtJsonRange height_range = {100.0, 250.0, "cm", NULL};
/* Bundle branch block is defined by QRS >= 120 ms (Surawicz et al. 2009, AHA/ACCF/HRS
 * recommendations for the standardization of the ECG, part III, Circulation 119:e235); 250 ms
 * is beyond any conducted QRS. */
static const CtJsonRange qrs_range = {60.0, 250.0, "ms", NULL};
#define BUNDLE_BRANCH_BLOCK_MIN_QRS_MS 120.0
static const CtJsonRange transmurality_range = {0.0, 1.0, NULL,
                                                N_("from 0 (no scar) to 1 (transmural)")};

/* Optional anatomical dimensions for the 3D view. The bounds are plausibility limits, several
 * standard deviations beyond the normal adult values of Lang et al. 2015 (J Am Soc Echocardiogr
 * 28:1, chamber quantification) so as to admit dilated and hypertrophied hearts, and to catch
 * values typed in cm or in the wrong field. */
static const struct {
  const char *name;
  CtJsonRange range;
} geometry_fields[] = {
    {"lv_wall_thickness_mm", {3.0, 40.0, "mm", NULL}},
    {"rv_end_diastolic_diameter_mm", {15.0, 80.0, "mm", NULL}},
    {"la_diameter_mm", {15.0, 90.0, "mm", NULL}},
    {"ra_diameter_mm", {15.0, 90.0, "mm", NULL}},
    {"mitral_annulus_mm", {15.0, 60.0, "mm", NULL}},
    {"tricuspid_annulus_mm", {15.0, 70.0, "mm", NULL}},
    {"aortic_annulus_mm", {12.0, 40.0, "mm", NULL}},
    {"pulmonary_annulus_mm", {10.0, 45.0, "mm", NULL}},
    {"aortic_root_mm", {15.0, 80.0, "mm", NULL}},
};
#define N_GEOMETRY G_N_ELEMENTS(geometry_fields)

static const char *const sex_names[] = {"female", "male", NULL};
static const char *const conduction_names[] = {"normal", "lbbb", "rbbb", NULL};
static const char *const source_names[] = {"synthetic", "clinical", NULL};

/* Engine parameters the twin holds elsewhere: giving them in "parameters" too would be two
 * values for one thing. */
static const struct {
  const char *parameter;
  const char *member;
} owned_elsewhere[] = {
    {"body_weight_kg", "patient.weight_kg"},
    {"pr_interval_ms", "conduction.pr_interval_ms"},
};

typedef struct {
  const CsParamInfo *info;
  double value;
} ParameterValue;

typedef struct {
  char *name;
  double value;
} Residual;

/* calibration.drivers: the measurements that determined one parameter. */
typedef struct {
  const CsParamInfo *info;
  GStrv measurements;
} Driver;

struct _CtTwin {
  GObject parent_instance;

  char *id;
  char *description;
  char *population;

  char *pseudonym;
  CtSex sex;
  int age_years;
  double height_cm;
  double weight_kg;

  GArray *measurements; /* CtMeasurement, strings owned */

  gboolean has_conduction;
  CsConduction conduction;
  gboolean has_pr_interval;
  double pr_interval_ms;
  gboolean has_qrs;
  double qrs_ms;

  gboolean has_scar[CS_AHA_SEGMENTS];
  double scar[CS_AHA_SEGMENTS];

  GArray *parameters; /* ParameterValue, in document order */

  gboolean has_geometry[N_GEOMETRY];
  double geometry[N_GEOMETRY];

  char *calibration_method; /* NULL: no calibration member */
  GStrv calibration_from;   /* NULL when not given */
  GArray *residuals;        /* Residual, in document order */
  GArray *drivers;          /* Driver, in document order */

  char *created;
  char *created_by;
  int source; /* index in source_names */

  CsParams params;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_PSEUDONYM,
  PROP_DESCRIPTION,
  PROP_POPULATION,
  PROP_AGE_YEARS,
  PROP_HEIGHT_CM,
  PROP_WEIGHT_KG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE(CtTwin, ct_twin, G_TYPE_OBJECT)

static void measurement_clear(gpointer data)
{
  CtMeasurement *m = data;

  g_free((char *)m->name);
  g_free((char *)m->loinc);
  g_free((char *)m->unit);
  g_free((char *)m->date);
}

static void residual_clear(gpointer data)
{
  g_free(((Residual *)data)->name);
}

static void driver_clear(gpointer data)
{
  Driver *driver = data;

  g_strfreev(driver->measurements);
}

static void ct_twin_finalize(GObject *object)
{
  CtTwin *self = CT_TWIN(object);

  g_free(self->id);
  g_free(self->description);
  g_free(self->population);
  g_free(self->pseudonym);
  g_array_unref(self->measurements);
  g_array_unref(self->parameters);
  g_free(self->calibration_method);
  g_strfreev(self->calibration_from);
  g_array_unref(self->residuals);
  g_array_unref(self->drivers);
  g_free(self->created);
  g_free(self->created_by);
  G_OBJECT_CLASS(ct_twin_parent_class)->finalize(object);
}

static void ct_twin_get_property(GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CtTwin *self = CT_TWIN(object);

  switch (prop_id) {
  case PROP_ID:
    g_value_set_string(value, self->id);
    break;
  case PROP_PSEUDONYM:
    g_value_set_string(value, self->pseudonym);
    break;
  case PROP_DESCRIPTION:
    g_value_set_string(value, self->description);
    break;
  case PROP_POPULATION:
    g_value_set_string(value, self->population);
    break;
  case PROP_AGE_YEARS:
    g_value_set_int(value, self->age_years);
    break;
  case PROP_HEIGHT_CM:
    g_value_set_double(value, self->height_cm);
    break;
  case PROP_WEIGHT_KG:
    g_value_set_double(value, self->weight_kg);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
    break;
  }
}

static void ct_twin_class_init(CtTwinClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ct_twin_finalize;
  object_class->get_property = ct_twin_get_property;

  properties[PROP_ID] = g_param_spec_string("id", NULL, NULL, NULL, flags);
  properties[PROP_PSEUDONYM] = g_param_spec_string("pseudonym", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string("description", NULL, NULL, NULL, flags);
  properties[PROP_POPULATION] = g_param_spec_string("population", NULL, NULL, NULL, flags);
  properties[PROP_AGE_YEARS] = g_param_spec_int("age-years", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_HEIGHT_CM] =
      g_param_spec_double("height-cm", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0, flags);
  properties[PROP_WEIGHT_KG] =
      g_param_spec_double("weight-kg", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0, flags);
  g_object_class_install_properties(object_class, N_PROPS, properties);
}

static void ct_twin_init(CtTwin *self)
{
  self->measurements = g_array_new(FALSE, TRUE, sizeof(CtMeasurement));
  g_array_set_clear_func(self->measurements, measurement_clear);
  self->parameters = g_array_new(FALSE, TRUE, sizeof(ParameterValue));
  self->residuals = g_array_new(FALSE, TRUE, sizeof(Residual));
  g_array_set_clear_func(self->residuals, residual_clear);
  self->drivers = g_array_new(FALSE, TRUE, sizeof(Driver));
  g_array_set_clear_func(self->drivers, driver_clear);
}

/* ------------------------------------------------------------------ helpers */

/* The contract's index names, for checking measurement and residual names. */
static GStrv index_names(void)
{
  GStrv names = g_new0(char *, cs_index_count() + 1);
  size_t i;

  for (i = 0; i < cs_index_count(); i++)
    names[i] = g_strdup(cs_index_name(i));
  return names;
}

/* The names a measurement may have: the indices, then the aortic valve area, which the fit takes
 * as given (ct-fit.c) and records with the measurements it fitted. */
static GStrv measurement_names(void)
{
  GStrv names = g_new0(char *, cs_index_count() + 2);
  size_t i;

  for (i = 0; i < cs_index_count(); i++)
    names[i] = g_strdup(cs_index_name(i));
  names[i] = g_strdup(CT_AORTIC_VALVE_AREA_NAME);
  return names;
}

/* The unit of the measurement @name, number @index of measurement_names(), and the range of its
 * values (the valve area's, the measurements document's: ct-measurements.h). */
static const char *measurement_unit(const char *name, int index, CtJsonRange *range)
{
  if ((size_t)index < cs_index_count()) {
    *range = measurement_range;
    return cs_index_unit((size_t)index);
  }
  g_assert(strcmp(name, CT_AORTIC_VALVE_AREA_NAME) == 0);
  *range = (CtJsonRange){CT_AORTIC_VALVE_AREA_MIN_CM2, CT_AORTIC_VALVE_AREA_MAX_CM2, "cm2", NULL};
  return "cm2";
}

/* A LOINC code is 1 to 7 digits, a hyphen and a mod-10 check digit (LOINC Users' Guide,
 * "Calculating Mod 10 check digits", the Luhn algorithm). */
static gboolean valid_loinc(const char *code)
{
  const char *hyphen = strchr(code, '-');
  gsize digits = hyphen != NULL ? (gsize)(hyphen - code) : 0;
  guint sum = 0;
  gsize i;

  if (digits < 1 || digits > 7 || strlen(hyphen) != 2 || !g_ascii_isdigit(hyphen[1]))
    return FALSE;
  for (i = 0; i < digits; i++) {
    /* From the right, the first digit and every second one after it are doubled. */
    guint d;

    if (!g_ascii_isdigit(code[digits - 1 - i]))
      return FALSE;
    d = (guint)(code[digits - 1 - i] - '0');
    if (i % 2 == 0)
      d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return (10 - sum % 10) % 10 == (guint)(hyphen[1] - '0');
}

static gboolean valid_id(const char *id)
{
  const char *p;

  if (!g_ascii_isalnum(id[0]))
    return FALSE;
  for (p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

static CtJsonRange param_range(const char *name, double fallback_min, double fallback_max,
                               const char *unit)
{
  const CsParamInfo *info = cs_param_lookup(name);

  if (info != NULL)
    return (CtJsonRange){info->min, info->max, unit, NULL};
  return (CtJsonRange){fallback_min, fallback_max, unit, NULL};
}

/* ------------------------------------------------------------------ loading */

static gboolean load_patient(CtTwin *self, JsonObject *root, GError **error)
{
  static const char *const members[] = {
      "pseudonym", "sex", "age_years", "height_cm", "weight_kg", NULL,
  };
  /* The engine's body weight range (cs_param_info "body_weight_kg"); the fallback is only for an
   * engine that would not list it. */
  CtJsonRange weight_range = param_range("body_weight_kg", 30.0, 250.0, "kg");
  const char *pseudonym;
  JsonObject *patient;
  int sex = 0;

  if (!ct_json_get_object(root, WHAT, NULL, "patient", TRUE, &patient, error) ||
      !ct_json_check_members(patient, WHAT, "patient", members, error) ||
      !ct_json_get_string(patient, WHAT, "patient", "pseudonym", TRUE, MAX_PSEUDONYM_CHARS, FALSE,
                          &pseudonym, error) ||
      !ct_json_get_choice(patient, WHAT, "patient", "sex", TRUE, sex_names, &sex, NULL, error) ||
      !ct_json_get_integer(patient, WHAT, "patient", "age_years", TRUE, &age_range,
                           &self->age_years, NULL, error) ||
      !ct_json_get_number(patient, WHAT, "patient", "height_cm", TRUE, &height_range,
                          &self->height_cm, NULL, error) ||
      !ct_json_get_number(patient, WHAT, "patient", "weight_kg", TRUE, &weight_range,
                          &self->weight_kg, NULL, error))
    return FALSE;
  self->pseudonym = g_strdup(pseudonym);
  self->sex = (CtSex)sex;
  return TRUE;
}

static gboolean load_measurement(CtTwin *self, JsonNode *node, const char *path,
                                 const char *const *names, GError **error)
{
  static const char *const members[] = {"name", "loinc", "value", "unit", "date", NULL};
  g_autofree char *loinc_field = ct_json_path(path, "loinc");
  g_autofree char *unit_field = ct_json_path(path, "unit");
  g_autofree char *date_field = ct_json_path(path, "date");
  const char *loinc, *unit, *date, *expected_unit;
  CtJsonRange range;
  CtMeasurement m = {0};
  JsonObject *object;
  int index = 0;

  if (!ct_json_node_object(node, WHAT, path, &object, error) ||
      !ct_json_check_members(object, WHAT, path, members, error) ||
      !ct_json_get_choice(object, WHAT, path, "name", TRUE, names, &index, NULL, error))
    return FALSE;
  expected_unit = measurement_unit(names[index], index, &range);
  /* The unit before the value, so that a value in another unit is named as such. */
  if (!ct_json_get_string(object, WHAT, path, "loinc", TRUE, 16, FALSE, &loinc, error) ||
      !ct_json_get_string(object, WHAT, path, "unit", TRUE, 32, FALSE, &unit, error))
    return FALSE;
  if (strcmp(unit, expected_unit) != 0) {
    g_autofree char *quoted = ct_json_quote(unit);
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: %s is %s, but %s is measured in “%s”; convert the value to that unit"), WHAT,
                unit_field, quoted, names[index], expected_unit);
    return FALSE;
  }
  if (!ct_json_get_number(object, WHAT, path, "value", TRUE, &range, &m.value, NULL, error) ||
      !ct_json_get_string(object, WHAT, path, "date", TRUE, 64, FALSE, &date, error))
    return FALSE;
  if (!valid_loinc(loinc)) {
    g_autofree char *quoted = ct_json_quote(loinc);
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: %s is %s, which is not a LOINC code (digits, a hyphen and the right check "
                  "digit, such as 8867-4)"),
                WHAT, loinc_field, quoted);
    return FALSE;
  }
  /* A code of another quantity (a heart rate filed under "0-0", which the check digit passes)
   * would travel with the twin to the platform as that quantity: the code must be one the
   * LOINC table (docs/loinc.md) gives for this measurement. */
  {
    const char *preferred = ct_loinc_for_index(names[index]);
    const char *named = ct_loinc_name_for_code(loinc);

    if (preferred != NULL && g_strcmp0(named, names[index]) != 0) {
      g_autofree char *quoted = ct_json_quote(loinc);
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                  _("%s: %s is %s, which is not a LOINC code of %s (%s; docs/loinc.md lists the "
                    "others accepted)"),
                  WHAT, loinc_field, quoted, names[index], preferred);
      return FALSE;
    }
  }
  if (!ct_json_check_date(date, WHAT, date_field, error))
    return FALSE;

  m.name = g_strdup(names[index]);
  m.loinc = g_strdup(loinc);
  m.unit = g_strdup(unit);
  m.date = g_strdup(date);
  g_array_append_val(self->measurements, m);
  return TRUE;
}

static gboolean load_measurements(CtTwin *self, JsonObject *root, GError **error)
{
  g_auto(GStrv) names = measurement_names();
  JsonArray *array;
  guint i;

  if (!ct_json_get_array(root, WHAT, NULL, "measurements", FALSE, MAX_MEASUREMENTS, &array, error))
    return FALSE;
  for (i = 0; array != NULL && i < json_array_get_length(array); i++) {
    g_autofree char *path = ct_json_path_index("measurements", i);

    if (!load_measurement(self, json_array_get_element(array, i), path, (const char *const *)names,
                          error))
      return FALSE;
  }
  return TRUE;
}

static gboolean load_conduction(CtTwin *self, JsonObject *root, GError **error)
{
  static const char *const members[] = {"pattern", "pr_interval_ms", "qrs_ms", NULL};
  CtJsonRange pr_range = param_range("pr_interval_ms", 80.0, 400.0, "ms");
  JsonObject *conduction;
  int pattern = 0;

  if (!ct_json_get_object(root, WHAT, NULL, "conduction", FALSE, &conduction, error))
    return FALSE;
  if (conduction == NULL)
    return TRUE;
  if (!ct_json_check_members(conduction, WHAT, "conduction", members, error) ||
      !ct_json_get_choice(conduction, WHAT, "conduction", "pattern", TRUE, conduction_names,
                          &pattern, NULL, error) ||
      !ct_json_get_number(conduction, WHAT, "conduction", "pr_interval_ms", FALSE, &pr_range,
                          &self->pr_interval_ms, &self->has_pr_interval, error) ||
      !ct_json_get_number(conduction, WHAT, "conduction", "qrs_ms", FALSE, &qrs_range,
                          &self->qrs_ms, &self->has_qrs, error))
    return FALSE;
  self->has_conduction = TRUE;
  self->conduction = (CsConduction)pattern;
  if (self->conduction != CS_CONDUCTION_NORMAL && self->has_qrs &&
      self->qrs_ms < BUNDLE_BRANCH_BLOCK_MIN_QRS_MS) {
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: conduction.qrs_ms is %g ms but conduction.pattern is %s; a bundle branch "
                  "block has a QRS of at least %g ms"),
                WHAT, self->qrs_ms, conduction_names[pattern], BUNDLE_BRANCH_BLOCK_MIN_QRS_MS);
    return FALSE;
  }
  return TRUE;
}

/* "scar": {"5": 0.9, …}: keys are AHA segment numbers written plainly ("5", not "05"). */
static gboolean load_scar(CtTwin *self, JsonObject *root, GError **error)
{
  g_autoptr(GList) members = NULL;
  JsonObject *scar;
  GList *l;

  if (!ct_json_get_object(root, WHAT, NULL, "scar", FALSE, &scar, error))
    return FALSE;
  if (scar == NULL)
    return TRUE;
  members = json_object_get_members(scar);
  for (l = members; l != NULL; l = l->next) {
    const char *key = l->data;
    g_autofree char *field = ct_json_path("scar", key);
    char *end = NULL;
    guint64 segment = 0;

    if (g_ascii_isdigit(key[0]) && key[0] != '0')
      segment = g_ascii_strtoull(key, &end, 10);
    if (end == NULL || *end != '\0' || segment < 1 || segment > CS_AHA_SEGMENTS) {
      g_autofree char *quoted = ct_json_quote(key);
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                  _("%s: scar has the member %s; its members must be AHA segment numbers "
                    "from “1” to “17”"),
                  WHAT, quoted);
      return FALSE;
    }
    if (!ct_json_node_number(json_object_get_member(scar, key), WHAT, field, &transmurality_range,
                             &self->scar[segment - 1], error))
      return FALSE;
    self->has_scar[segment - 1] = TRUE;
  }
  return TRUE;
}

static gboolean load_parameters(CtTwin *self, JsonObject *root, GError **error)
{
  g_autoptr(GList) members = NULL;
  JsonObject *parameters;
  GList *l;

  if (!ct_json_get_object(root, WHAT, NULL, "parameters", FALSE, &parameters, error))
    return FALSE;
  if (parameters == NULL)
    return TRUE;
  members = json_object_get_members(parameters);
  for (l = members; l != NULL; l = l->next) {
    const char *name = l->data;
    g_autofree char *field = ct_json_path("parameters", name);
    const CsParamInfo *info = cs_param_lookup(name);
    ParameterValue value;
    CtJsonRange range;
    guint i;

    for (i = 0; i < G_N_ELEMENTS(owned_elsewhere); i++)
      if (strcmp(name, owned_elsewhere[i].parameter) == 0) {
        g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                    _("%s: parameters.%s is not allowed here; the twin gives it as %s"), WHAT, name,
                    owned_elsewhere[i].member);
        return FALSE;
      }
    if (info == NULL) {
      g_autoptr(GPtrArray) names = g_ptr_array_new();
      size_t k;

      for (k = 0; k < cs_param_count(); k++)
        g_ptr_array_add(names, (gpointer)cs_param_info(k)->name);
      g_ptr_array_add(names, NULL);
      return ct_json_unknown_member(WHAT, "parameters", name, (const char *const *)names->pdata,
                                    error);
    }
    range = (CtJsonRange){info->min, info->max, info->unit, NULL};
    if (!ct_json_node_number(json_object_get_member(parameters, name), WHAT, field, &range,
                             &value.value, error))
      return FALSE;
    value.info = info;
    g_array_append_val(self->parameters, value);
  }
  return TRUE;
}

static gboolean load_geometry(CtTwin *self, JsonObject *root, GError **error)
{
  const char *members[N_GEOMETRY + 1];
  JsonObject *geometry;
  guint i;

  for (i = 0; i < N_GEOMETRY; i++)
    members[i] = geometry_fields[i].name;
  members[N_GEOMETRY] = NULL;

  if (!ct_json_get_object(root, WHAT, NULL, "geometry", FALSE, &geometry, error))
    return FALSE;
  if (geometry == NULL)
    return TRUE;
  if (!ct_json_check_members(geometry, WHAT, "geometry", members, error))
    return FALSE;
  for (i = 0; i < N_GEOMETRY; i++)
    if (!ct_json_get_number(geometry, WHAT, "geometry", geometry_fields[i].name, FALSE,
                            &geometry_fields[i].range, &self->geometry[i], &self->has_geometry[i],
                            error))
      return FALSE;
  return TRUE;
}

static gboolean has_measurement(CtTwin *self, const char *name)
{
  guint i;

  for (i = 0; i < self->measurements->len; i++)
    if (strcmp(g_array_index(self->measurements, CtMeasurement, i).name, name) == 0)
      return TRUE;
  return FALSE;
}

static gboolean has_parameter(CtTwin *self, const char *name);

/* calibration.drivers: {"parameter": ["measurement", …]}: which measurements determined each
 * fitted parameter (an empty list: the population prior alone). */
static gboolean load_drivers(CtTwin *self, JsonObject *drivers, GError **error)
{
  g_autoptr(GList) names = json_object_get_members(drivers);

  for (GList *l = names; l != NULL; l = l->next) {
    const char *name = l->data;
    g_autofree char *field = ct_json_path("calibration.drivers", name);
    g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func(g_free);
    JsonArray *array;
    Driver driver;

    if (!has_parameter(self, name)) {
      g_autofree char *quoted = ct_json_quote(name);
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                  _("%s: calibration.drivers has the member %s, which is not one of the twin's "
                    "parameters"),
                  WHAT, quoted);
      return FALSE;
    }
    if (!ct_json_get_array(drivers, WHAT, "calibration.drivers", name, TRUE, MAX_CALIBRATION_NAMES,
                           &array, error))
      return FALSE;
    for (guint i = 0; i < json_array_get_length(array); i++) {
      g_autofree char *item = ct_json_path_index(field, i);
      const char *measurement;

      if (!ct_json_node_string(json_array_get_element(array, i), WHAT, item, 64, FALSE,
                               &measurement, error))
        return FALSE;
      if (!has_measurement(self, measurement) ||
          (self->calibration_from != NULL &&
           !g_strv_contains((const char *const *)self->calibration_from, measurement))) {
        g_autofree char *quoted = ct_json_quote(measurement);
        g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                    _("%s: %s is %s, which is not a measurement the twin was calibrated from"),
                    WHAT, item, quoted);
        return FALSE;
      }
      g_ptr_array_add(list, g_strdup(measurement));
    }
    g_ptr_array_add(list, NULL);
    driver.info = cs_param_lookup(name);
    driver.measurements = (GStrv)g_ptr_array_free(g_steal_pointer(&list), FALSE);
    g_array_append_val(self->drivers, driver);
  }
  return TRUE;
}

static gboolean load_calibration(CtTwin *self, JsonObject *root, GError **error)
{
  static const char *const members[] = {"method", "from_measurements", "residuals", "drivers",
                                        NULL};
  g_autoptr(GPtrArray) from = NULL;
  g_autoptr(GList) names = NULL;
  JsonObject *calibration;
  JsonObject *residuals;
  JsonObject *drivers;
  JsonArray *array;
  const char *method;
  GList *l;
  guint i;

  if (!ct_json_get_object(root, WHAT, NULL, "calibration", FALSE, &calibration, error))
    return FALSE;
  if (calibration == NULL)
    return TRUE;
  if (!ct_json_check_members(calibration, WHAT, "calibration", members, error) ||
      !ct_json_get_string(calibration, WHAT, "calibration", "method", TRUE, MAX_SHORT_CHARS, FALSE,
                          &method, error) ||
      !ct_json_get_array(calibration, WHAT, "calibration", "from_measurements", FALSE,
                         MAX_CALIBRATION_NAMES, &array, error) ||
      !ct_json_get_object(calibration, WHAT, "calibration", "residuals", FALSE, &residuals,
                          error) ||
      !ct_json_get_object(calibration, WHAT, "calibration", "drivers", FALSE, &drivers, error))
    return FALSE;
  self->calibration_method = g_strdup(method);

  if (array != NULL) {
    from = g_ptr_array_new_with_free_func(g_free);
    for (i = 0; i < json_array_get_length(array); i++) {
      g_autofree char *field = ct_json_path_index("calibration.from_measurements", i);
      const char *name;

      if (!ct_json_node_string(json_array_get_element(array, i), WHAT, field, 64, FALSE, &name,
                               error))
        return FALSE;
      if (!has_measurement(self, name)) {
        g_autofree char *quoted = ct_json_quote(name);
        g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                    _("%s: %s is %s, but the twin has no measurement of that name"), WHAT, field,
                    quoted);
        return FALSE;
      }
      if (g_ptr_array_find_with_equal_func(from, name, g_str_equal, NULL)) {
        g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                    _("%s: %s is “%s”, which is already listed"), WHAT, field, name);
        return FALSE;
      }
      g_ptr_array_add(from, g_strdup(name));
    }
    g_ptr_array_add(from, NULL);
    self->calibration_from = (GStrv)g_ptr_array_free(g_steal_pointer(&from), FALSE);
  }

  if (residuals != NULL) {
    g_auto(GStrv) indices = index_names();

    names = json_object_get_members(residuals);
    for (l = names; l != NULL; l = l->next) {
      const char *name = l->data;
      g_autofree char *field = ct_json_path("calibration.residuals", name);
      Residual residual;

      if (!g_strv_contains((const char *const *)indices, name) ||
          (self->calibration_from != NULL &&
           !g_strv_contains((const char *const *)self->calibration_from, name))) {
        g_autofree char *quoted = ct_json_quote(name);
        g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                    _("%s: calibration.residuals has the member %s; residuals are given "
                      "for the indices listed in calibration.from_measurements"),
                    WHAT, quoted);
        return FALSE;
      }
      if (!ct_json_node_number(json_object_get_member(residuals, name), WHAT, field,
                               &measurement_range, &residual.value, error))
        return FALSE;
      residual.name = g_strdup(name);
      g_array_append_val(self->residuals, residual);
    }
  }
  return drivers == NULL || load_drivers(self, drivers, error);
}

static gboolean load_provenance(CtTwin *self, JsonObject *root, GError **error)
{
  static const char *const members[] = {"created", "created_by", "source", NULL};
  const char *created, *created_by;
  JsonObject *provenance;

  if (!ct_json_get_object(root, WHAT, NULL, "provenance", TRUE, &provenance, error) ||
      !ct_json_check_members(provenance, WHAT, "provenance", members, error) ||
      !ct_json_get_string(provenance, WHAT, "provenance", "created", TRUE, 64, FALSE, &created,
                          error) ||
      !ct_json_check_date(created, WHAT, "provenance.created", error) ||
      !ct_json_get_string(provenance, WHAT, "provenance", "created_by", TRUE, MAX_SHORT_CHARS,
                          FALSE, &created_by, error) ||
      !ct_json_get_choice(provenance, WHAT, "provenance", "source", TRUE, source_names,
                          &self->source, NULL, error))
    return FALSE;
  self->created = g_strdup(created);
  self->created_by = g_strdup(created_by);
  return TRUE;
}

static gboolean has_parameter(CtTwin *self, const char *name)
{
  for (guint i = 0; i < self->parameters->len; i++)
    if (strcmp(g_array_index(self->parameters, ParameterValue, i).info->name, name) == 0)
      return TRUE;
  return FALSE;
}

double ct_blood_volume_nadler_ml(CtSex sex, double height_cm, double weight_kg)
{
  double h3 = pow(height_cm / 100.0, 3.0);

  if (sex == CT_SEX_MALE)
    return 1000.0 * (0.3669 * h3 + 0.03219 * weight_kg + 0.6041);
  return 1000.0 * (0.3561 * h3 + 0.03308 * weight_kg + 0.1833);
}

/* Defaults, then the twin's parameters, then what the twin holds elsewhere; the engine checks
 * the whole. */
static gboolean build_params(CtTwin *self, GError **error)
{
  CsError engine_error = {{0}};
  CsParams *p = &self->params;
  guint i;

  memset(p, 0, sizeof *p);
  cs_params_default(p);
  for (i = 0; i < self->parameters->len; i++) {
    const ParameterValue *value = &g_array_index(self->parameters, ParameterValue, i);

    *cs_param_field(p, value->info) = value->value;
  }
  p->body_weight_kg = self->weight_kg;
  /* Without a measured or fitted blood volume, the patient's by Nadler's formula (sex, height and
   * weight), and the vessels the twin does not describe scaled with it from the reference adult's,
   * as the fit does (ct-fit.c, build_prior): 70 ml/kg for any weight (as before) put a 45-kg
   * patient's blood below the reference adult's unstressed vessels and a 180-kg one's above the
   * engine's 12 l, both refused. */
  if (!has_parameter(self, "total_blood_volume_ml")) {
    static const char *const scaled[] = {
        "systemic_arterial_unstressed_volume_ml",
        "systemic_venous_unstressed_volume_ml",
        "systemic_venous_compliance_ml_mmhg",
    };
    double reference_ml = p->total_blood_volume_ml;

    p->total_blood_volume_ml =
        ct_blood_volume_nadler_ml(self->sex, self->height_cm, self->weight_kg);
    for (i = 0; i < G_N_ELEMENTS(scaled); i++)
      if (!has_parameter(self, scaled[i]))
        *cs_param_field(p, cs_param_lookup(scaled[i])) *= p->total_blood_volume_ml / reference_ml;
  }
  /* A twin that says nothing of its cardiopulmonary reflex (any twin written before the reflex
   * existed) has it off: the default set point is the reference adult's CVP, and a twin resting
   * elsewhere would have its baseline moved by the arm (a heart-failure twin at 10 mmHg would
   * return ~500 ml to its veins' reservoir). A gain the twin states is kept. --fit writes both. */
  if (!has_parameter(self, "cardiopulmonary_set_point_mmhg") &&
      !has_parameter(self, "cardiopulmonary_reflex_gain_scale"))
    p->cardiopulmonary_reflex_gain_scale = 0.0;
  /* A twin written before the sinus node's beta-1 response was a parameter: a heart-failure twin
   * (both reflexes blunted as heart failure blunts them, as the demo twins and --fit set them; a
   * fit's age alone lowers the heart-rate arm to 0.23 from 77, not the cardiopulmonary arm, and a
   * twin older than that arm has it off) gets heart failure's response, any other a healthy
   * adult's. The 1e-9 only absorbs a stated 0.23's or 0.15's rounding through the decimal text. */
  if (!has_parameter(self, "beta1_chronotropic_scale") &&
      p->baroreflex_heart_rate_gain_scale <= CT_HEART_FAILURE_BAROREFLEX_HEART_RATE_GAIN + 1e-9 &&
      p->cardiopulmonary_reflex_gain_scale <= CT_HEART_FAILURE_CARDIOPULMONARY_REFLEX_GAIN + 1e-9)
    p->beta1_chronotropic_scale = CT_HEART_FAILURE_BETA1_CHRONOTROPIC_SCALE;
  if (self->has_conduction)
    p->conduction = self->conduction;
  if (self->has_pr_interval)
    p->pr_interval_ms = self->pr_interval_ms;
  for (i = 0; i < CS_AHA_SEGMENTS; i++)
    if (self->has_scar[i])
      p->scar_transmurality[i] = self->scar[i];

  if (cs_params_validate(p, &engine_error) != CS_OK) {
    g_autofree char *why = ct_engine_error_describe(&engine_error, NULL);

    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: the model's parameters do not hold together: %s"), WHAT, why);
    return FALSE;
  }
  return TRUE;
}

CtTwin *ct_twin_new_from_bytes(GBytes *bytes, GError **error)
{
  static const char *const members[] = {
      "format",       "id",         "description", "population", "patient",
      "measurements", "conduction", "scar",        "parameters", "geometry",
      "calibration",  "provenance", NULL,
  };
  g_autoptr(CtTwin) self = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *id, *description, *population;
  JsonObject *object;

  g_return_val_if_fail(bytes != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);

  root = ct_json_parse_bytes(bytes, CT_TWIN_MAX_BYTES, WHAT, error);
  if (root == NULL)
    return NULL;
  object = json_node_get_object(root);
  self = g_object_new(CT_TYPE_TWIN, NULL);

  if (!ct_json_check_format(object, WHAT, FORMAT, error) ||
      !ct_json_check_members(object, WHAT, NULL, members, error) ||
      !ct_json_get_string(object, WHAT, NULL, "id", TRUE, MAX_ID_CHARS, FALSE, &id, error))
    return NULL;
  if (!valid_id(id)) {
    g_autofree char *quoted = ct_json_quote(id);
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: id is %s; it must be letters, digits, “-”, “_” or “.”, starting with a "
                  "letter or digit"),
                WHAT, quoted);
    return NULL;
  }
  if (!ct_json_get_string(object, WHAT, NULL, "description", FALSE, MAX_DESCRIPTION_CHARS, TRUE,
                          &description, error) ||
      !ct_json_get_string(object, WHAT, NULL, "population", FALSE, MAX_POPULATION_CHARS, FALSE,
                          &population, error) ||
      !load_patient(self, object, error) || !load_measurements(self, object, error) ||
      !load_conduction(self, object, error) || !load_scar(self, object, error) ||
      !load_parameters(self, object, error) || !load_geometry(self, object, error) ||
      !load_calibration(self, object, error) || !load_provenance(self, object, error))
    return NULL;
  self->id = g_strdup(id);
  self->description = g_strdup(description);
  self->population = g_strdup(population);

  if (!build_params(self, error))
    return NULL;
  return g_steal_pointer(&self);
}

CtTwin *ct_twin_new_from_file(const char *path, GError **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail(path != NULL, NULL);

  bytes = ct_json_read_file(path, CT_TWIN_MAX_BYTES, WHAT, error);
  if (bytes == NULL)
    return NULL;
  return ct_twin_new_from_bytes(bytes, error);
}

static int compare_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The demo twins shipped with CardioTwin (data/demos/NAME.json), sorted; free with g_strfreev(). */
GStrv ct_twin_list_demos(void)
{
  g_auto(GStrv) children = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new();
  guint i;

  children = g_resource_enumerate_children(ct_twin_resources_get_resource(), DEMO_DIR,
                                           G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  for (i = 0; children != NULL && children[i] != NULL; i++)
    if (g_str_has_suffix(children[i], ".json"))
      g_ptr_array_add(names, g_strndup(children[i], strlen(children[i]) - strlen(".json")));
  g_ptr_array_sort(names, compare_names);
  g_ptr_array_add(names, NULL);
  return (GStrv)g_ptr_array_free(g_steal_pointer(&names), FALSE);
}

CtTwin *ct_twin_new_from_demo(const char *name, GError **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *p;

  g_return_val_if_fail(name != NULL, NULL);

  for (p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_')
      break;
  if (name[0] != '\0' && *p == '\0') {
    path = g_strconcat(DEMO_DIR, name, ".json", NULL);
    bytes = g_resource_lookup_data(ct_twin_resources_get_resource(), path,
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  }
  if (bytes == NULL) {
    g_auto(GStrv) demos = ct_twin_list_demos();
    g_autofree char *list = g_strjoinv(", ", demos);
    g_autofree char *quoted = ct_json_quote(name);

    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_NOT_FOUND,
                _("%s: there is no demo twin %s; the demos are %s"), WHAT, quoted, list);
    return NULL;
  }
  return ct_twin_new_from_bytes(bytes, error);
}

/* ------------------------------------------------------------------ queries */

const char *ct_twin_get_id(CtTwin *self)
{
  g_return_val_if_fail(CT_IS_TWIN(self), NULL);
  return self->id;
}

/* What the twin represents, for people; NULL when not given. */
const char *ct_twin_get_description(CtTwin *self)
{
  g_return_val_if_fail(CT_IS_TWIN(self), NULL);
  return self->description;
}

/* The published population a synthetic twin stands for; NULL when not given. */
const char *ct_twin_get_population(CtTwin *self)
{
  g_return_val_if_fail(CT_IS_TWIN(self), NULL);
  return self->population;
}

const char *ct_twin_get_pseudonym(CtTwin *self)
{
  g_return_val_if_fail(CT_IS_TWIN(self), NULL);
  return self->pseudonym;
}

CtSex ct_twin_get_sex(CtTwin *self)
{
  g_return_val_if_fail(CT_IS_TWIN(self), CT_SEX_FEMALE);
  return self->sex;
}

int ct_twin_get_age_years(CtTwin *self)
{
  g_return_val_if_fail(CT_IS_TWIN(self), 0);
  return self->age_years;
}

double ct_twin_get_height_cm(CtTwin *self)
{
  g_return_val_if_fail(CT_IS_TWIN(self), 0.0);
  return self->height_cm;
}

double ct_twin_get_weight_kg(CtTwin *self)
{
  g_return_val_if_fail(CT_IS_TWIN(self), 0.0);
  return self->weight_kg;
}

/* The conduction pattern the model uses (normal when the twin has no conduction member). */
CsConduction ct_twin_get_conduction(CtTwin *self)
{
  g_return_val_if_fail(CT_IS_TWIN(self), CS_CONDUCTION_NORMAL);
  return self->params.conduction;
}

/* The measured QRS duration; FALSE when the twin does not give one. */
gboolean ct_twin_get_qrs_ms(CtTwin *self, double *qrs_ms)
{
  g_return_val_if_fail(CT_IS_TWIN(self), FALSE);

  if (self->has_qrs && qrs_ms != NULL)
    *qrs_ms = self->qrs_ms;
  return self->has_qrs;
}

/* Scar transmurality of an AHA segment (1–17), 0 where there is none. */
double ct_twin_get_scar(CtTwin *self, int aha_segment)
{
  g_return_val_if_fail(CT_IS_TWIN(self), 0.0);
  g_return_val_if_fail(aha_segment >= 1 && aha_segment <= CS_AHA_SEGMENTS, 0.0);

  return self->params.scar_transmurality[aha_segment - 1];
}

guint ct_twin_get_n_measurements(CtTwin *self)
{
  g_return_val_if_fail(CT_IS_TWIN(self), 0);
  return self->measurements->len;
}

const CtMeasurement *ct_twin_get_measurement(CtTwin *self, guint index)
{
  g_return_val_if_fail(CT_IS_TWIN(self), NULL);
  g_return_val_if_fail(index < self->measurements->len, NULL);

  return &g_array_index(self->measurements, CtMeasurement, index);
}

/* An anatomical dimension of "geometry" (e.g. "aortic_root_mm"); FALSE when not given. */
gboolean ct_twin_get_geometry(CtTwin *self, const char *name, double *value_mm)
{
  guint i;

  g_return_val_if_fail(CT_IS_TWIN(self), FALSE);
  g_return_val_if_fail(name != NULL, FALSE);

  for (i = 0; i < N_GEOMETRY; i++)
    if (strcmp(geometry_fields[i].name, name) == 0 && self->has_geometry[i]) {
      if (value_mm != NULL)
        *value_mm = self->geometry[i];
      return TRUE;
    }
  return FALSE;
}

/* How the parameters were calibrated; NULL for a twin that was not. */
const char *ct_twin_get_calibration_method(CtTwin *self)
{
  g_return_val_if_fail(CT_IS_TWIN(self), NULL);
  return self->calibration_method;
}

/* "synthetic" or "clinical". */
/* The measurements that determined @parameter in the calibration (empty: its prior alone), or
 * NULL when the twin does not say. */
const char *const *ct_twin_get_calibration_drivers(CtTwin *self, const char *parameter)
{
  g_return_val_if_fail(CT_IS_TWIN(self), NULL);
  g_return_val_if_fail(parameter != NULL, NULL);
  for (guint i = 0; i < self->drivers->len; i++) {
    const Driver *d = &g_array_index(self->drivers, Driver, i);

    if (strcmp(d->info->name, parameter) == 0)
      return (const char *const *)d->measurements;
  }
  return NULL;
}

const char *const *ct_twin_get_calibration_from(CtTwin *self)
{
  g_return_val_if_fail(CT_IS_TWIN(self), NULL);
  return (const char *const *)self->calibration_from;
}

guint ct_twin_get_n_calibration_residuals(CtTwin *self)
{
  g_return_val_if_fail(CT_IS_TWIN(self), 0);
  return self->residuals->len;
}

gboolean ct_twin_get_calibration_residual(CtTwin *self, guint index, const char **name,
                                          double *value)
{
  const Residual *r;

  g_return_val_if_fail(CT_IS_TWIN(self), FALSE);
  if (index >= self->residuals->len)
    return FALSE;
  r = &g_array_index(self->residuals, Residual, index);
  if (name != NULL)
    *name = r->name;
  if (value != NULL)
    *value = r->value;
  return TRUE;
}

const char *ct_twin_get_provenance_source(CtTwin *self)
{
  g_return_val_if_fail(CT_IS_TWIN(self), NULL);
  return source_names[self->source];
}

const char *ct_twin_get_created(CtTwin *self)
{
  g_return_val_if_fail(CT_IS_TWIN(self), NULL);
  return self->created;
}

GDateTime *ct_twin_get_created_time(CtTwin *self)
{
  g_return_val_if_fail(CT_IS_TWIN(self), NULL);
  /* Checked when the document was read (ct_json_check_date). */
  return ct_json_parse_date(self->created);
}

const char *ct_twin_get_created_by(CtTwin *self)
{
  g_return_val_if_fail(CT_IS_TWIN(self), NULL);
  return self->created_by;
}

/* The model's parameters: cs_params_default(), the twin's "parameters", its body weight,
 * conduction pattern, PR interval and scar. Valid for cs_model_new(); owned by the twin. */
const CsParams *ct_twin_get_params(CtTwin *self)
{
  g_return_val_if_fail(CT_IS_TWIN(self), NULL);
  return &self->params;
}

/* Two orifices are the same to the clinician when they print the same: valve areas are shown to
 * the hundredth of a cm2 (ct_twin_describe_valves, the report, Twin Details, "%.2f"). */
#define ORIFICE_SHOWN_CM2 0.005

const CtMeasurement *ct_twin_get_aortic_valve_area_measurement(CtTwin *self)
{
  const CtMeasurement *found = NULL;

  g_return_val_if_fail(CT_IS_TWIN(self), NULL);
  for (guint i = 0; i < self->measurements->len; i++) {
    const CtMeasurement *m = &g_array_index(self->measurements, CtMeasurement, i);

    if (g_str_equal(m->name, CT_AORTIC_VALVE_AREA_NAME) &&
        fabs(m->value - self->params.aortic.effective_orifice_area_cm2) < ORIFICE_SHOWN_CM2 &&
        (found == NULL || strncmp(m->date, found->date, 10) > 0))
      found = m;
  }
  return found;
}

/* Whether the twin's aortic orifice is a measured valve area: the fit names the measurement as
 * the orifice's driver (calibration.drivers) and a recorded measurement has the orifice's value
 * (a parameter edited after the fit is not called measured). */
static gboolean aortic_orifice_measured(CtTwin *self)
{
  const char *const *drivers =
      ct_twin_get_calibration_drivers(self, "aortic_effective_orifice_area_cm2");

  return drivers != NULL && g_strv_contains(drivers, CT_AORTIC_VALVE_AREA_NAME) &&
         ct_twin_get_aortic_valve_area_measurement(self) != NULL;
}

/* An orifice the engine does not have by default, as printed. */
static gboolean orifice_differs(double area_cm2, double normal_cm2)
{
  return fabs(area_cm2 - normal_cm2) >= ORIFICE_SHOWN_CM2;
}

GStrv ct_twin_describe_valves(CtTwin *self)
{
  const CsParams *p;
  GPtrArray *lesions;
  CsParams normal;

  g_return_val_if_fail(CT_IS_TWIN(self), NULL);
  p = &self->params;
  lesions = g_ptr_array_new();
  cs_params_default(&normal);
  if (orifice_differs(p->aortic.effective_orifice_area_cm2,
                      normal.aortic.effective_orifice_area_cm2))
    g_ptr_array_add(lesions,
                    aortic_orifice_measured(self)
                        ? g_strdup_printf(_("aortic valve effective orifice area %.2f cm² "
                                            "(measured, continuity equation)"),
                                          p->aortic.effective_orifice_area_cm2)
                        : g_strdup_printf(_("aortic valve effective orifice area %.2f cm²"),
                                          p->aortic.effective_orifice_area_cm2));
  if (orifice_differs(p->mitral.effective_orifice_area_cm2,
                      normal.mitral.effective_orifice_area_cm2))
    g_ptr_array_add(lesions, g_strdup_printf(_("mitral valve effective orifice area %.2f cm²"),
                                             p->mitral.effective_orifice_area_cm2));
  if (orifice_differs(p->tricuspid.effective_orifice_area_cm2,
                      normal.tricuspid.effective_orifice_area_cm2))
    g_ptr_array_add(lesions, g_strdup_printf(_("tricuspid valve effective orifice area %.2f cm²"),
                                             p->tricuspid.effective_orifice_area_cm2));
  if (orifice_differs(p->pulmonary.effective_orifice_area_cm2,
                      normal.pulmonary.effective_orifice_area_cm2))
    g_ptr_array_add(lesions, g_strdup_printf(_("pulmonary valve effective orifice area %.2f cm²"),
                                             p->pulmonary.effective_orifice_area_cm2));
  if (p->aortic.regurgitant_orifice_area_cm2 > 0.0)
    g_ptr_array_add(lesions,
                    g_strdup_printf(_("aortic effective regurgitant orifice area %.2f cm²"),
                                    p->aortic.regurgitant_orifice_area_cm2));
  if (p->mitral.regurgitant_orifice_area_cm2 > 0.0 && p->mitral_functional_reference_edv_ml > 0.0)
    g_ptr_array_add(lesions,
                    g_strdup_printf(_("mitral effective regurgitant orifice area %.2f cm² at an "
                                      "end-diastolic volume of %.0f ml (functional)"),
                                    p->mitral.regurgitant_orifice_area_cm2,
                                    p->mitral_functional_reference_edv_ml));
  else if (p->mitral.regurgitant_orifice_area_cm2 > 0.0)
    g_ptr_array_add(lesions,
                    g_strdup_printf(_("mitral effective regurgitant orifice area %.2f cm²"),
                                    p->mitral.regurgitant_orifice_area_cm2));
  if (p->tricuspid.regurgitant_orifice_area_cm2 > 0.0)
    g_ptr_array_add(lesions,
                    g_strdup_printf(_("tricuspid effective regurgitant orifice area %.2f cm²"),
                                    p->tricuspid.regurgitant_orifice_area_cm2));
  if (p->pulmonary.regurgitant_orifice_area_cm2 > 0.0)
    g_ptr_array_add(lesions,
                    g_strdup_printf(_("pulmonary effective regurgitant orifice area %.2f cm²"),
                                    p->pulmonary.regurgitant_orifice_area_cm2));
  g_ptr_array_add(lesions, NULL);
  return (GStrv)g_ptr_array_free(lesions, FALSE);
}

/* ------------------------------------------------------------------ writing */

static void add_string(JsonBuilder *builder, const char *member, const char *value)
{
  json_builder_set_member_name(builder, member);
  json_builder_add_string_value(builder, value);
}

static void add_number(JsonBuilder *builder, const char *member, double value)
{
  json_builder_set_member_name(builder, member);
  ct_json_builder_add_number(builder, value);
}

static void write_measurements(CtTwin *self, JsonBuilder *builder)
{
  guint i;

  json_builder_set_member_name(builder, "measurements");
  json_builder_begin_array(builder);
  for (i = 0; i < self->measurements->len; i++) {
    const CtMeasurement *m = &g_array_index(self->measurements, CtMeasurement, i);

    json_builder_begin_object(builder);
    add_string(builder, "name", m->name);
    add_string(builder, "loinc", m->loinc);
    add_number(builder, "value", m->value);
    add_string(builder, "unit", m->unit);
    add_string(builder, "date", m->date);
    json_builder_end_object(builder);
  }
  json_builder_end_array(builder);
}

static void write_calibration(CtTwin *self, JsonBuilder *builder)
{
  guint i;

  json_builder_set_member_name(builder, "calibration");
  json_builder_begin_object(builder);
  add_string(builder, "method", self->calibration_method);
  if (self->calibration_from != NULL) {
    json_builder_set_member_name(builder, "from_measurements");
    json_builder_begin_array(builder);
    for (i = 0; self->calibration_from[i] != NULL; i++)
      json_builder_add_string_value(builder, self->calibration_from[i]);
    json_builder_end_array(builder);
  }
  if (self->residuals->len > 0) {
    json_builder_set_member_name(builder, "residuals");
    json_builder_begin_object(builder);
    for (i = 0; i < self->residuals->len; i++) {
      const Residual *r = &g_array_index(self->residuals, Residual, i);
      add_number(builder, r->name, r->value);
    }
    json_builder_end_object(builder);
  }
  if (self->drivers->len > 0) {
    json_builder_set_member_name(builder, "drivers");
    json_builder_begin_object(builder);
    for (i = 0; i < self->drivers->len; i++) {
      const Driver *d = &g_array_index(self->drivers, Driver, i);

      json_builder_set_member_name(builder, d->info->name);
      json_builder_begin_array(builder);
      for (guint k = 0; d->measurements[k] != NULL; k++)
        json_builder_add_string_value(builder, d->measurements[k]);
      json_builder_end_array(builder);
    }
    json_builder_end_object(builder);
  }
  json_builder_end_object(builder);
}

/* The twin as cardiotwin/1 text: the members it was read with, in the order of
 * docs/twin-format.md. */
GBytes *ct_twin_to_bytes(CtTwin *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new();
  g_autoptr(JsonNode) root = NULL;
  gboolean any;
  guint i;

  g_return_val_if_fail(CT_IS_TWIN(self), NULL);

  json_builder_begin_object(builder);
  add_string(builder, "format", FORMAT);
  add_string(builder, "id", self->id);
  if (self->description != NULL)
    add_string(builder, "description", self->description);
  if (self->population != NULL)
    add_string(builder, "population", self->population);

  json_builder_set_member_name(builder, "patient");
  json_builder_begin_object(builder);
  add_string(builder, "pseudonym", self->pseudonym);
  add_string(builder, "sex", sex_names[self->sex]);
  add_number(builder, "age_years", self->age_years);
  add_number(builder, "height_cm", self->height_cm);
  add_number(builder, "weight_kg", self->weight_kg);
  json_builder_end_object(builder);

  if (self->measurements->len > 0)
    write_measurements(self, builder);

  if (self->has_conduction) {
    json_builder_set_member_name(builder, "conduction");
    json_builder_begin_object(builder);
    add_string(builder, "pattern", conduction_names[self->conduction]);
    if (self->has_pr_interval)
      add_number(builder, "pr_interval_ms", self->pr_interval_ms);
    if (self->has_qrs)
      add_number(builder, "qrs_ms", self->qrs_ms);
    json_builder_end_object(builder);
  }

  any = FALSE;
  for (i = 0; i < CS_AHA_SEGMENTS; i++)
    any |= self->has_scar[i];
  if (any) {
    json_builder_set_member_name(builder, "scar");
    json_builder_begin_object(builder);
    for (i = 0; i < CS_AHA_SEGMENTS; i++)
      if (self->has_scar[i]) {
        char key[8];

        g_snprintf(key, sizeof key, "%u", i + 1);
        add_number(builder, key, self->scar[i]);
      }
    json_builder_end_object(builder);
  }

  json_builder_set_member_name(builder, "parameters");
  json_builder_begin_object(builder);
  for (i = 0; i < self->parameters->len; i++) {
    const ParameterValue *value = &g_array_index(self->parameters, ParameterValue, i);
    add_number(builder, value->info->name, value->value);
  }
  json_builder_end_object(builder);

  any = FALSE;
  for (i = 0; i < N_GEOMETRY; i++)
    any |= self->has_geometry[i];
  if (any) {
    json_builder_set_member_name(builder, "geometry");
    json_builder_begin_object(builder);
    for (i = 0; i < N_GEOMETRY; i++)
      if (self->has_geometry[i])
        add_number(builder, geometry_fields[i].name, self->geometry[i]);
    json_builder_end_object(builder);
  }

  if (self->calibration_method != NULL)
    write_calibration(self, builder);

  json_builder_set_member_name(builder, "provenance");
  json_builder_begin_object(builder);
  add_string(builder, "created", self->created);
  add_string(builder, "created_by", self->created_by);
  add_string(builder, "source", source_names[self->source]);
  json_builder_end_object(builder);

  json_builder_end_object(builder);
  root = json_builder_get_root(builder);
  return ct_json_to_bytes(root);
}

/* Writes the twin atomically: a temporary file beside @path, then a rename, so that a failure
 * never leaves a half-written twin. */
gboolean ct_twin_save_to_file(CtTwin *self, const char *path, GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize length;

  g_return_val_if_fail(CT_IS_TWIN(self), FALSE);
  g_return_val_if_fail(path != NULL, FALSE);

  bytes = ct_twin_to_bytes(self);
  data = g_bytes_get_data(bytes, &length);
  if (!g_file_set_contents_full(path, data, (gssize)length,
                                G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0644,
                                &local_error)) {
    g_autofree char *shown = g_filename_display_name(path);
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_IO, _("%s: cannot save %s: %s"), WHAT, shown,
                local_error->message);
    return FALSE;
  }
  return TRUE;
}

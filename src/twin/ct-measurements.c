/* ct-measurements.c — a patient's measurements for personalization (cardiotwin-measurements/1).
 *
 * The loader refuses what cannot be a measurement of a living adult, and measurements that
 * contradict each other, before any fitting: a fit to an impossible target would return a
 * silently wrong twin. Each refusal names the measurement(s) and says what is wrong, and where a
 * unit mix-up is the likely cause (a volume in litres, an ejection fraction as a fraction, a
 * pressure in kPa) it says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-measurements.h"

#include <math.h>
#include <string.h>

#include "ct-i18n.h"
#include "ct-json.h"
#include "ct-twin-error.h"

#define WHAT   _("Measurements")
#define FORMAT "cardiotwin-measurements/1"

/* A measurements document is a short hand- or machine-made list. */
#define CT_MEASUREMENTS_MAX_BYTES ((gsize)1024 * 1024)

/* The mmHg in one kPa, to recognise pressures sent in kPa. */
#define MMHG_PER_KPA 7.50062

typedef enum {
  KIND_OTHER,
  KIND_VOLUME,
  KIND_PERCENT,
  KIND_PRESSURE,
  KIND_FLOW,
} Kind;

/* The indices a patient can have measured, with the range a living adult can show and the
 * tolerance a fitted twin must meet.
 *
 * Plausible ranges: at their upper ends those of the engine's human ranges (cs_index_human_range,
 * cs-indices.c, with their sources: chronic aortic regurgitation's volumes, Mann et al. 1975;
 * pulmonary arterial hypertension's pressures; 1:1 flutter's rates), so that a patient the
 * engine would flag as beyond the values reported in patients is not refused here as impossible;
 * at their lower ends what a measurement of a living adult can read and no unit mix-up gives (a
 * systolic pressure of 16 is one of 120 mmHg in kPa, a diastolic one of 12 one of 90), so that the
 * mix-ups below are caught. Pressures are means or phases of a beat relative to atmosphere;
 * the arterial ones are never negative, but a hypovolaemic patient breathing spontaneously can
 * have a mean RA or wedge pressure a few mmHg below the atmosphere's (an interventional
 * cardiologist's review, thirty-fourth session), so those two take values down to -10 mmHg.
 *
 * Only indices with a checked LOINC code (ct-loinc.c) are here: a fitted twin records each
 * measurement with its code, and a platform sends them coded. LV end-diastolic pressure, dP/dt,
 * RV volumes and the resistances (computed, not measured) are left out for that reason.
 *
 * Tolerances: those of the personalization contract (issue "patient twins"): heart rate ±2 bpm,
 * ejection fractions ±2 points, volumes ±5 %, pressures ±3 mmHg; for the rest, the repeatability
 * of the clinical method: cardiac output by thermodilution ±10 % (Stetz et al. 1982, Am Rev
 * Respir Dis 126:1001). */
static const struct {
  const char *name;
  Kind kind;
  double min;
  double max;
  CtTolerance tolerance;
} fittable[] = {
    {"hr_bpm", KIND_OTHER, 15.0, 300.0, {2.0, FALSE}},
    {"sv_ml", KIND_VOLUME, 10.0, 500.0, {0.05, TRUE}},
    {"co_l_min", KIND_FLOW, 0.8, 20.0, {0.10, TRUE}},
    {"lvedv_ml", KIND_VOLUME, 20.0, 900.0, {0.05, TRUE}},
    {"lvesv_ml", KIND_VOLUME, 5.0, 700.0, {0.05, TRUE}},
    {"lvef_pct", KIND_PERCENT, 3.0, 95.0, {2.0, FALSE}},
    {"sbp_mmhg", KIND_PRESSURE, 50.0, 300.0, {3.0, FALSE}},
    {"dbp_mmhg", KIND_PRESSURE, 20.0, 180.0, {3.0, FALSE}},
    {"map_mmhg", KIND_PRESSURE, 30.0, 220.0, {3.0, FALSE}},
    {"mean_lap_mmhg", KIND_PRESSURE, -10.0, 50.0, {3.0, FALSE}},
    {"cvp_mmhg", KIND_PRESSURE, -10.0, 45.0, {3.0, FALSE}},
    {"spap_mmhg", KIND_PRESSURE, 10.0, 170.0, {3.0, FALSE}},
    {"dpap_mmhg", KIND_PRESSURE, 0.0, 80.0, {3.0, FALSE}},
    {"mpap_mmhg", KIND_PRESSURE, 5.0, 100.0, {3.0, FALSE}},
};

static const char *const sex_names[] = {"female", "male", NULL};

static const CtJsonRange age_range = {18.0, 120.0, "years", NULL};
static const CtJsonRange height_range = {100.0, 250.0, "cm", NULL};
static const CtJsonRange weight_range = {30.0, 250.0, "kg", NULL};
static const CtJsonRange qrs_range = {60.0, 250.0, "ms", NULL};
/* The aortic valve's effective orifice by the continuity equation (Baumgartner et al. 2017,
 * EACVI/ASE recommendations on aortic stenosis, J Am Soc Echocardiogr 30:372): from the engine's
 * smallest orifice (0.3 cm2, a critical stenosis) to 6 cm2, above a large normal valve's 3-4. A
 * value in mm2 (65) or a diameter in mm falls outside; an area indexed to body surface (0.35
 * cm2/m2) does not, and is the platform's to code apart (LOINC 79959-3, not accepted:
 * docs/loinc.md). */
static const CtJsonRange aortic_valve_area_range = {CT_AORTIC_VALVE_AREA_MIN_CM2,
                                                    CT_AORTIC_VALVE_AREA_MAX_CM2, "cm2", NULL};
static const CtJsonRange any_number = {-1e6, 1e6, NULL, NULL};
static const CtJsonRange segment_range = {1.0, CS_AHA_SEGMENTS, NULL,
                                          N_("an AHA segment number from 1 to 17")};
/* Surawicz et al. 2009, Circulation 119:e235: complete LBBB has a QRS of at least 120 ms. */
#define LBBB_MIN_QRS_MS 120.0

typedef struct {
  const char *name; /* static: the engine's index name */
  double value;
} Value;

struct _CtMeasurements {
  GObject parent_instance;

  CtSex sex;
  int age_years;
  double height_cm;
  double weight_kg;
  gboolean has_qrs;
  double qrs_ms;
  gboolean lbbb;
  gboolean scar[CS_AHA_SEGMENTS];
  gboolean has_aortic_valve_area;
  double aortic_valve_area_cm2;
  GArray *values;    /* Value, in contract order */
  GHashTable *dates; /* measurement name -> ISO 8601 date, for those the document dates */
};

G_DEFINE_FINAL_TYPE(CtMeasurements, ct_measurements, G_TYPE_OBJECT)

static void ct_measurements_finalize(GObject *object)
{
  CtMeasurements *self = CT_MEASUREMENTS(object);

  g_array_unref(self->values);
  g_hash_table_unref(self->dates);
  G_OBJECT_CLASS(ct_measurements_parent_class)->finalize(object);
}

static void ct_measurements_class_init(CtMeasurementsClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = ct_measurements_finalize;
}

static void ct_measurements_init(CtMeasurements *self)
{
  self->values = g_array_new(FALSE, FALSE, sizeof(Value));
  self->dates = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

static int fittable_index(const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS(fittable); i++)
    if (strcmp(fittable[i].name, name) == 0)
      return (int)i;
  return -1;
}

gboolean ct_measurement_tolerance(const char *name, CtTolerance *tolerance)
{
  int i = fittable_index(name);

  if (i < 0)
    return FALSE;
  if (tolerance != NULL)
    *tolerance = fittable[i].tolerance;
  return TRUE;
}

static const char *unit_of(const char *name)
{
  for (size_t i = 0; i < cs_index_count(); i++)
    if (strcmp(cs_index_name(i), name) == 0)
      return cs_index_unit(i);
  return "";
}

/* Out of range: say so, and name the unit mix-up that would explain it. */
static void refuse_implausible(int i, double value, GError **error)
{
  const char *name = fittable[i].name;
  const char *unit = unit_of(name);
  /* TRANSLATORS: a measurement's plausible range and its unit: "-10 to 50 mmHg". */
  g_autofree char *range =
      g_strdup_printf(_("%g to %g %s"), fittable[i].min, fittable[i].max, unit);

  if (fittable[i].kind == KIND_VOLUME && value > 0.0 && value * 1000.0 >= fittable[i].min &&
      value * 1000.0 <= fittable[i].max)
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: measurements.%s is %g, which looks like litres; give it in millilitres "
                  "(%s)"),
                WHAT, name, value, range);
  else if (fittable[i].kind == KIND_PERCENT && value > 0.0 && value <= 1.0)
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: measurements.%s is %g, which looks like a fraction; give it in percent "
                  "(%s)"),
                WHAT, name, value, range);
  else if (fittable[i].kind == KIND_FLOW && value / 1000.0 >= fittable[i].min &&
           value / 1000.0 <= fittable[i].max)
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: measurements.%s is %g, which looks like ml/min; give it in l/min (%s)"),
                WHAT, name, value, range);
  else if (fittable[i].kind == KIND_PRESSURE && value > 0.0 &&
           value * MMHG_PER_KPA >= fittable[i].min && value * MMHG_PER_KPA <= fittable[i].max &&
           value < fittable[i].min)
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: measurements.%s is %g, which looks like kPa; give it in mmHg (%s)"), WHAT,
                name, value, range);
  else if (fittable[i].kind == KIND_PRESSURE && value < 0.0 && fittable[i].min >= 0.0)
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: measurements.%s is %g mmHg; a resting pressure is not negative (%s)"), WHAT,
                name, value, range);
  else
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: measurements.%s is %g %s, which is not possible in a living adult; it "
                  "must be %s"),
                WHAT, name, value, unit, range);
}

static gboolean load_values(CtMeasurements *self, JsonObject *root, GError **error)
{
  g_autoptr(GList) names = NULL;
  JsonObject *object;
  double found[G_N_ELEMENTS(fittable)] = {0};
  gboolean present[G_N_ELEMENTS(fittable)] = {FALSE};

  if (!ct_json_get_object(root, WHAT, NULL, "measurements", TRUE, &object, error))
    return FALSE;
  names = json_object_get_members(object);
  for (GList *l = names; l != NULL; l = l->next) {
    const char *name = l->data;
    g_autofree char *field = ct_json_path("measurements", name);
    int i = fittable_index(name);
    double value;

    if (i < 0) {
      g_autofree char *quoted = ct_json_quote(name);
      g_autoptr(GString) list = g_string_new(NULL);

      for (guint k = 0; k < G_N_ELEMENTS(fittable); k++)
        g_string_append_printf(list, "%s%s", k > 0 ? ", " : "", fittable[k].name);
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                  _("%s: measurements has the member %s, which is not a measurement the twin "
                    "can be fitted to; the measurements are %s"),
                  WHAT, quoted, list->str);
      return FALSE;
    }
    if (!ct_json_node_number(json_object_get_member(object, name), WHAT, field, &any_number, &value,
                             error))
      return FALSE;
    if (value < fittable[i].min || value > fittable[i].max) {
      refuse_implausible(i, value, error);
      return FALSE;
    }
    found[i] = value;
    present[i] = TRUE;
  }
  /* Contract order, whatever the document's. */
  for (size_t k = 0; k < cs_index_count(); k++) {
    int i = fittable_index(cs_index_name(k));

    if (i >= 0 && present[i]) {
      Value v = {fittable[i].name, found[i]};
      g_array_append_val(self->values, v);
    }
  }
  return TRUE;
}

static gboolean lookup(CtMeasurements *self, const char *name, double *value)
{
  return ct_measurements_lookup(self, name, value);
}

/* Two measurements that cannot both be true; the message names both. */
static gboolean refuse_pair(const char *a, double va, const char *b, double vb, const char *why,
                            GError **error)
{
  g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
              _("%s: measurements.%s (%g) and measurements.%s (%g) contradict each other: %s"),
              WHAT, a, va, b, vb, why);
  return FALSE;
}

/* Lower < higher, both when present. */
static gboolean check_order(CtMeasurements *self, const char *lower, const char *higher,
                            const char *why, GError **error)
{
  double lo, hi;

  if (lookup(self, lower, &lo) && lookup(self, higher, &hi) && !(lo < hi))
    return refuse_pair(lower, lo, higher, hi, why, error);
  return TRUE;
}

static gboolean check_consistency(CtMeasurements *self, GError **error)
{
  double edv, esv, ef, sv, co, hr;

  if (!lookup(self, "hr_bpm", &hr) || !lookup(self, "lvef_pct", &ef)) {
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: measurements must have at least hr_bpm and lvef_pct"), WHAT);
    return FALSE;
  }
  if (!check_order(self, "lvesv_ml", "lvedv_ml",
                   _("the end-systolic volume must be smaller than the end-diastolic volume"),
                   error) ||
      !check_order(self, "dbp_mmhg", "sbp_mmhg",
                   _("the diastolic pressure must be lower than the systolic"), error) ||
      !check_order(self, "dbp_mmhg", "map_mmhg",
                   _("the mean pressure lies between the diastolic and the systolic"), error) ||
      !check_order(self, "map_mmhg", "sbp_mmhg",
                   _("the mean pressure lies between the diastolic and the systolic"), error) ||
      !check_order(self, "dpap_mmhg", "spap_mmhg",
                   _("the diastolic pressure must be lower than the systolic"), error) ||
      !check_order(self, "dpap_mmhg", "mpap_mmhg",
                   _("the mean pressure lies between the diastolic and the systolic"), error) ||
      !check_order(self, "mpap_mmhg", "spap_mmhg",
                   _("the mean pressure lies between the diastolic and the systolic"), error) ||
      /* Blood flows from the pulmonary artery to the left atrium: mPAP > PCWP (Kovacs 2009). */
      !check_order(self, "mean_lap_mmhg", "mpap_mmhg",
                   _("the mean pulmonary artery pressure must exceed the wedge pressure"), error) ||
      FALSE)
    return FALSE;

  /* EF is (EDV - ESV) / EDV; the three from one study agree within the rounding of each.
   * 5 points: twice the inter-observer variability of biplane EF (Lang et al. 2015). */
  if (lookup(self, "lvedv_ml", &edv) && lookup(self, "lvesv_ml", &esv)) {
    double ef_from_volumes = 100.0 * (edv - esv) / edv;

    if (fabs(ef_from_volumes - ef) > 5.0) {
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                  _("%s: measurements.lvef_pct (%g %%) contradicts measurements.lvedv_ml (%g ml) "
                    "and measurements.lvesv_ml (%g ml), which give an ejection fraction of "
                    "%.0f %%"),
                  WHAT, ef, edv, esv, ef_from_volumes);
      return FALSE;
    }
  }
  /* CO = HR x SV; thermodilution and Doppler agree within ~20 % (Stetz 1982). */
  if (lookup(self, "co_l_min", &co) && lookup(self, "sv_ml", &sv)) {
    double co_from_sv = hr * sv / 1000.0;

    if (fabs(co_from_sv - co) > 0.2 * co) {
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                  _("%s: measurements.co_l_min (%g l/min) contradicts measurements.hr_bpm (%g "
                    "bpm) and measurements.sv_ml (%g ml), whose product is %.1f l/min"),
                  WHAT, co, hr, sv, co_from_sv);
      return FALSE;
    }
  }
  /* A stroke volume larger than the end-diastolic volume cannot be ejected. */
  if (lookup(self, "sv_ml", &sv) && lookup(self, "lvedv_ml", &edv) && sv >= edv)
    return refuse_pair("sv_ml", sv, "lvedv_ml", edv,
                       _("the stroke volume must be smaller than the end-diastolic volume"), error);
  return TRUE;
}

static gboolean load_scar_segments(CtMeasurements *self, JsonObject *root, GError **error)
{
  JsonArray *array;

  if (!ct_json_get_array(root, WHAT, NULL, "scar_segments", FALSE, CS_AHA_SEGMENTS, &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length(array); i++) {
    g_autofree char *field = ct_json_path_index("scar_segments", i);
    int segment;

    if (!ct_json_node_integer(json_array_get_element(array, i), WHAT, field, &segment_range,
                              &segment, error))
      return FALSE;
    if (self->scar[segment - 1]) {
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                  _("%s: %s is segment %d, which is already listed"), WHAT, field, segment);
      return FALSE;
    }
    self->scar[segment - 1] = TRUE;
  }
  return TRUE;
}

/* The optional "dates" object: for a measurement of the document (or the aortic valve area), the
 * day or moment it was taken, ISO 8601 as a twin's measurement dates (docs/twin-format.md), so
 * that a twin fitted to a record's observations dates each as the record does rather than as the
 * day of the fit. */
static gboolean load_dates(CtMeasurements *self, JsonObject *root, GError **error)
{
  g_autoptr(GList) names = NULL;
  JsonObject *object;

  if (!ct_json_get_object(root, WHAT, NULL, "dates", FALSE, &object, error))
    return FALSE;
  if (object == NULL)
    return TRUE;
  names = json_object_get_members(object);
  for (GList *l = names; l != NULL; l = l->next) {
    const char *name = l->data;
    g_autofree char *field = ct_json_path("dates", name);
    gboolean measured =
        ct_measurements_lookup(self, name, NULL) ||
        (self->has_aortic_valve_area && g_str_equal(name, CT_AORTIC_VALVE_AREA_NAME));
    const char *date;

    if (!measured) {
      g_autofree char *quoted = ct_json_quote(name);
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                  _("%s: dates has the member %s, which is not a measurement of the document"),
                  WHAT, quoted);
      return FALSE;
    }
    if (!ct_json_node_string(json_object_get_member(object, name), WHAT, field, 64, FALSE, &date,
                             error) ||
        !ct_json_check_date(date, WHAT, field, error))
      return FALSE;
    g_hash_table_replace(self->dates, g_strdup(name), g_strdup(date));
  }
  return TRUE;
}

CtMeasurements *ct_measurements_new_from_bytes(GBytes *bytes, GError **error)
{
  static const char *const members[] = {
      "format",       "sex",           "age_years",
      "height_cm",    "weight_kg",     "qrs_ms",
      "lbbb",         "scar_segments", "aortic_valve_area_cm2",
      "measurements", "dates",         NULL,
  };
  g_autoptr(CtMeasurements) self = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  int sex = 0;

  g_return_val_if_fail(bytes != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);

  root = ct_json_parse_bytes(bytes, CT_MEASUREMENTS_MAX_BYTES, WHAT, error);
  if (root == NULL)
    return NULL;
  object = json_node_get_object(root);
  self = g_object_new(CT_TYPE_MEASUREMENTS, NULL);

  if (!ct_json_check_format(object, WHAT, FORMAT, error) ||
      !ct_json_check_members(object, WHAT, NULL, members, error) ||
      !ct_json_get_choice(object, WHAT, NULL, "sex", TRUE, sex_names, &sex, NULL, error) ||
      !ct_json_get_integer(object, WHAT, NULL, "age_years", TRUE, &age_range, &self->age_years,
                           NULL, error) ||
      !ct_json_get_number(object, WHAT, NULL, "height_cm", TRUE, &height_range, &self->height_cm,
                          NULL, error) ||
      !ct_json_get_number(object, WHAT, NULL, "weight_kg", TRUE, &weight_range, &self->weight_kg,
                          NULL, error) ||
      !ct_json_get_number(object, WHAT, NULL, "qrs_ms", FALSE, &qrs_range, &self->qrs_ms,
                          &self->has_qrs, error) ||
      !ct_json_get_boolean(object, WHAT, NULL, "lbbb", FALSE, &self->lbbb, NULL, error) ||
      !ct_json_get_number(object, WHAT, NULL, "aortic_valve_area_cm2", FALSE,
                          &aortic_valve_area_range, &self->aortic_valve_area_cm2,
                          &self->has_aortic_valve_area, error) ||
      !load_scar_segments(self, object, error) || !load_values(self, object, error) ||
      !load_dates(self, object, error) || !check_consistency(self, error))
    return NULL;
  self->sex = (CtSex)sex;
  if (self->lbbb && self->has_qrs && self->qrs_ms < LBBB_MIN_QRS_MS) {
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: qrs_ms is %g ms but lbbb is true; a left bundle branch block has a QRS of "
                  "at least %g ms"),
                WHAT, self->qrs_ms, LBBB_MIN_QRS_MS);
    return NULL;
  }
  return g_steal_pointer(&self);
}

CtMeasurements *ct_measurements_new_from_file(const char *path, GError **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail(path != NULL, NULL);

  bytes = ct_json_read_file(path, CT_MEASUREMENTS_MAX_BYTES, WHAT, error);
  if (bytes == NULL)
    return NULL;
  return ct_measurements_new_from_bytes(bytes, error);
}

CtMeasurements *ct_measurements_new(const CtMeasurementsInput *input, GError **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail(input != NULL, NULL);
  g_return_val_if_fail(input->n_values == 0 || (input->names != NULL && input->values != NULL),
                       NULL);

  json_builder_begin_object(builder);
  json_builder_set_member_name(builder, "format");
  json_builder_add_string_value(builder, FORMAT);
  json_builder_set_member_name(builder, "sex");
  json_builder_add_string_value(builder, sex_names[input->sex == CT_SEX_MALE ? 1 : 0]);
  json_builder_set_member_name(builder, "age_years");
  json_builder_add_int_value(builder, input->age_years);
  json_builder_set_member_name(builder, "height_cm");
  ct_json_builder_add_number(builder, input->height_cm);
  json_builder_set_member_name(builder, "weight_kg");
  ct_json_builder_add_number(builder, input->weight_kg);
  if (input->has_qrs) {
    json_builder_set_member_name(builder, "qrs_ms");
    ct_json_builder_add_number(builder, input->qrs_ms);
  }
  json_builder_set_member_name(builder, "lbbb");
  json_builder_add_boolean_value(builder, input->lbbb);
  json_builder_set_member_name(builder, "scar_segments");
  json_builder_begin_array(builder);
  for (int s = 0; s < CS_AHA_SEGMENTS; s++)
    if (input->scar[s])
      json_builder_add_int_value(builder, s + 1);
  json_builder_end_array(builder);
  if (input->has_aortic_valve_area) {
    json_builder_set_member_name(builder, "aortic_valve_area_cm2");
    ct_json_builder_add_number(builder, input->aortic_valve_area_cm2);
  }
  json_builder_set_member_name(builder, "measurements");
  json_builder_begin_object(builder);
  for (guint i = 0; i < input->n_values; i++) {
    json_builder_set_member_name(builder, input->names[i]);
    ct_json_builder_add_number(builder, input->values[i]);
  }
  json_builder_end_object(builder);
  json_builder_set_member_name(builder, "dates");
  json_builder_begin_object(builder);
  for (guint i = 0; input->dates != NULL && i < input->n_values; i++)
    if (input->dates[i] != NULL) {
      json_builder_set_member_name(builder, input->names[i]);
      json_builder_add_string_value(builder, input->dates[i]);
    }
  if (input->has_aortic_valve_area && input->aortic_valve_area_date != NULL) {
    json_builder_set_member_name(builder, CT_AORTIC_VALVE_AREA_NAME);
    json_builder_add_string_value(builder, input->aortic_valve_area_date);
  }
  json_builder_end_object(builder);
  json_builder_end_object(builder);
  root = json_builder_get_root(builder);
  bytes = ct_json_to_bytes(root);
  return ct_measurements_new_from_bytes(bytes, error);
}

CtSex ct_measurements_get_sex(CtMeasurements *self)
{
  g_return_val_if_fail(CT_IS_MEASUREMENTS(self), CT_SEX_FEMALE);
  return self->sex;
}

int ct_measurements_get_age_years(CtMeasurements *self)
{
  g_return_val_if_fail(CT_IS_MEASUREMENTS(self), 0);
  return self->age_years;
}

double ct_measurements_get_height_cm(CtMeasurements *self)
{
  g_return_val_if_fail(CT_IS_MEASUREMENTS(self), 0.0);
  return self->height_cm;
}

double ct_measurements_get_weight_kg(CtMeasurements *self)
{
  g_return_val_if_fail(CT_IS_MEASUREMENTS(self), 0.0);
  return self->weight_kg;
}

double ct_measurements_get_bsa_m2(CtMeasurements *self)
{
  g_return_val_if_fail(CT_IS_MEASUREMENTS(self), 0.0);
  return sqrt(self->height_cm * self->weight_kg / 3600.0);
}

gboolean ct_measurements_get_qrs_ms(CtMeasurements *self, double *qrs_ms)
{
  g_return_val_if_fail(CT_IS_MEASUREMENTS(self), FALSE);
  if (self->has_qrs && qrs_ms != NULL)
    *qrs_ms = self->qrs_ms;
  return self->has_qrs;
}

gboolean ct_measurements_get_aortic_valve_area_cm2(CtMeasurements *self, double *area_cm2)
{
  g_return_val_if_fail(CT_IS_MEASUREMENTS(self), FALSE);
  if (self->has_aortic_valve_area && area_cm2 != NULL)
    *area_cm2 = self->aortic_valve_area_cm2;
  return self->has_aortic_valve_area;
}

const char *ct_measurements_get_date(CtMeasurements *self, const char *name)
{
  g_return_val_if_fail(CT_IS_MEASUREMENTS(self), NULL);
  g_return_val_if_fail(name != NULL, NULL);
  return g_hash_table_lookup(self->dates, name);
}

gboolean ct_measurements_get_lbbb(CtMeasurements *self)
{
  g_return_val_if_fail(CT_IS_MEASUREMENTS(self), FALSE);
  return self->lbbb;
}

gboolean ct_measurements_has_scar(CtMeasurements *self, int aha_segment)
{
  g_return_val_if_fail(CT_IS_MEASUREMENTS(self), FALSE);
  g_return_val_if_fail(aha_segment >= 1 && aha_segment <= CS_AHA_SEGMENTS, FALSE);
  return self->scar[aha_segment - 1];
}

guint ct_measurements_get_n_values(CtMeasurements *self)
{
  g_return_val_if_fail(CT_IS_MEASUREMENTS(self), 0);
  return self->values->len;
}

const char *ct_measurements_get_name(CtMeasurements *self, guint index)
{
  g_return_val_if_fail(CT_IS_MEASUREMENTS(self), NULL);
  g_return_val_if_fail(index < self->values->len, NULL);
  return g_array_index(self->values, Value, index).name;
}

double ct_measurements_get_value(CtMeasurements *self, guint index)
{
  g_return_val_if_fail(CT_IS_MEASUREMENTS(self), 0.0);
  g_return_val_if_fail(index < self->values->len, 0.0);
  return g_array_index(self->values, Value, index).value;
}

gboolean ct_measurements_lookup(CtMeasurements *self, const char *name, double *value)
{
  g_return_val_if_fail(CT_IS_MEASUREMENTS(self), FALSE);
  for (guint i = 0; i < self->values->len; i++) {
    const Value *v = &g_array_index(self->values, Value, i);

    if (strcmp(v->name, name) == 0) {
      if (value != NULL)
        *value = v->value;
      return TRUE;
    }
  }
  return FALSE;
}

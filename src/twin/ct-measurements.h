/* ct-measurements.h — a patient's measurements for personalization
 * (cardiotwin-measurements/1, DESIGN.md's contract; docs/measurements-format.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cardiosim.h"
#include "ct-twin.h"

G_BEGIN_DECLS

#define CT_TYPE_MEASUREMENTS (ct_measurements_get_type())

/* A measured aortic valve area (the continuity equation's effective orifice), the one measurement
 * the fit takes as given rather than fits: its name in the measurements document and in a twin's
 * measurements, and the range both accept (ct-measurements.c says why). */
#define CT_AORTIC_VALVE_AREA_NAME    "aortic_valve_area_cm2"
#define CT_AORTIC_VALVE_AREA_MIN_CM2 0.3
#define CT_AORTIC_VALVE_AREA_MAX_CM2 6.0

G_DECLARE_FINAL_TYPE(CtMeasurements, ct_measurements, CT, MEASUREMENTS, GObject)

/* How closely a fitted twin must reproduce a measurement: an absolute tolerance in the index's
 * unit, or a relative one (volumes: 5 %). */
typedef struct {
  double value;
  gboolean relative; /* value is a fraction of the measurement */
} CtTolerance;

CtMeasurements *ct_measurements_new_from_bytes(GBytes *bytes, GError **error);
CtMeasurements *ct_measurements_new_from_file(const char *path, GError **error);

/* The patient as a platform knows it (body size, ECG, imaging, measured indices), checked by
 * every rule of the format: the same document as a cardiotwin-measurements/1 file, built. */
typedef struct {
  CtSex sex;
  int age_years;
  double height_cm;
  double weight_kg;
  gboolean has_qrs;
  double qrs_ms;
  gboolean lbbb;
  gboolean scar[CS_AHA_SEGMENTS];
  gboolean has_aortic_valve_area;
  double aortic_valve_area_cm2; /* effective orifice by continuity */
  guint n_values;
  const char *const *names; /* index names */
  const double *values;     /* in the index's unit */
  /* When each was taken (ISO 8601, as a twin's measurement dates), NULL entries where not known;
   * NULL for none. */
  const char *const *dates;
  const char *aortic_valve_area_date; /* or NULL */
} CtMeasurementsInput;

CtMeasurements *ct_measurements_new(const CtMeasurementsInput *input, GError **error);

CtSex ct_measurements_get_sex(CtMeasurements *self);
int ct_measurements_get_age_years(CtMeasurements *self);
double ct_measurements_get_height_cm(CtMeasurements *self);
double ct_measurements_get_weight_kg(CtMeasurements *self);
/* Body surface area, Mosteller 1987 (N Engl J Med 317:1098). */
double ct_measurements_get_bsa_m2(CtMeasurements *self);
gboolean ct_measurements_get_qrs_ms(CtMeasurements *self, double *qrs_ms);
gboolean ct_measurements_get_lbbb(CtMeasurements *self);
/* The aortic valve's effective orifice area by the continuity equation, when measured. */
gboolean ct_measurements_get_aortic_valve_area_cm2(CtMeasurements *self, double *area_cm2);
gboolean ct_measurements_has_scar(CtMeasurements *self, int aha_segment);
/* When the measurement @name (an index, or CT_AORTIC_VALVE_AREA_NAME) was taken, ISO 8601, as the
 * document's "dates" gives it; NULL where it does not. */
const char *ct_measurements_get_date(CtMeasurements *self, const char *name);

/* The measured indices, in contract order (cs_index_name order). */
guint ct_measurements_get_n_values(CtMeasurements *self);
const char *ct_measurements_get_name(CtMeasurements *self, guint index);
double ct_measurements_get_value(CtMeasurements *self, guint index);
gboolean ct_measurements_lookup(CtMeasurements *self, const char *name, double *value);

/* Whether an index can be measured and fitted, and its tolerance; FALSE for indices that are not
 * measurements (lvad_flow_l_min, total_volume_ml, ...). */
gboolean ct_measurement_tolerance(const char *name, CtTolerance *tolerance);

G_END_DECLS

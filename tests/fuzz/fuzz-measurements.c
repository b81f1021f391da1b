/* fuzz-measurements.c — libFuzzer harness of the measurements loader
 * (cardiotwin-measurements/1, ct_measurements_new_from_bytes), what `cardiotwin-sim --fit` reads.
 *
 * Checks, on any bytes: measurements or an error (ct-fuzz.h); no leak, no memory error, no
 * undefined behaviour. And what loads is what the fit may use: every value and the body surface
 * area finite, height and weight positive, each index found again by its name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "ct-fuzz.h"
#include "ct-measurements.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static(data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtMeasurements) m = NULL;
  double bsa, area = NAN;

  ct_fuzz_init();
  m = ct_measurements_new_from_bytes(bytes, &error);
  ct_fuzz_check("ct_measurements_new_from_bytes", m != NULL, error);
  if (m == NULL)
    return 0;

  bsa = ct_measurements_get_bsa_m2(m);
  if (!(ct_measurements_get_height_cm(m) > 0.0) || !(ct_measurements_get_weight_kg(m) > 0.0) ||
      !isfinite(bsa) || !(bsa > 0.0))
    ct_fuzz_fail("measurements loaded with height %g cm, weight %g kg, BSA %g m²",
                 ct_measurements_get_height_cm(m), ct_measurements_get_weight_kg(m), bsa);
  /* A valve area is loaded only within the format's range, the engine's orifice accepts it. */
  if (ct_measurements_get_aortic_valve_area_cm2(m, &area) && !(area >= 0.3 && area <= 6.0))
    ct_fuzz_fail("aortic valve area loaded as %g cm2", area);
  for (guint i = 0; i < ct_measurements_get_n_values(m); i++) {
    const char *name = ct_measurements_get_name(m, i);
    double value = ct_measurements_get_value(m, i), found = NAN;

    if (name == NULL || !isfinite(value))
      ct_fuzz_fail("measurement %u loaded as %s = %g", i, name != NULL ? name : "(null)", value);
    if (!ct_measurements_lookup(m, name, &found) || found != value)
      ct_fuzz_fail("measurement %s = %g is not found again by its name", name, value);
  }
  return 0;
}

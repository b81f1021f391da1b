/* fuzz-scenario.c — libFuzzer harness of the scenario loader (cardiotwin-scenario/1,
 * ct_scenario_new_from_bytes, against the bundled drug library).
 *
 * Checks, on any bytes: a scenario or an error (ct-fuzz.h); no leak, no memory error, no undefined
 * behaviour. And a scenario that loads saves (ct_scenario_to_bytes) into a document that loads
 * again as the same plan (ct_scenario_therapy_equal) and saves to the same bytes: a saved plan is
 * the plan that was made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-drug-library.h"
#include "ct-fuzz.h"
#include "ct-scenario.h"

/* Loaded once: the drug library is the application's own data, not the input. */
static CtDrugLibrary *drugs;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static(data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtScenario) scenario = NULL;
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(CtScenario) again = NULL;
  g_autoptr(GBytes) saved_again = NULL;
  CsTherapy therapy, therapy_again;

  ct_fuzz_init();
  if (drugs == NULL) {
    drugs = ct_drug_library_new_default(&error);
    if (drugs == NULL)
      ct_fuzz_fail("the bundled drug library does not load: %s", error->message);
  }
  scenario = ct_scenario_new_from_bytes(bytes, drugs, &error);
  ct_fuzz_check("ct_scenario_new_from_bytes", scenario != NULL, error);
  if (scenario == NULL)
    return 0;

  saved = ct_scenario_to_bytes(scenario);
  again = ct_scenario_new_from_bytes(saved, drugs, &error);
  if (again == NULL)
    ct_fuzz_fail("a scenario saved by ct_scenario_to_bytes does not load: %s\n%.*s", error->message,
                 (int)g_bytes_get_size(saved), (const char *)g_bytes_get_data(saved, NULL));
  ct_scenario_get_therapy(scenario, &therapy);
  ct_scenario_get_therapy(again, &therapy_again);
  if (!ct_scenario_therapy_equal(&therapy, &therapy_again))
    ct_fuzz_fail("a scenario saved and loaded again is another plan:\n%.*s",
                 (int)g_bytes_get_size(saved), (const char *)g_bytes_get_data(saved, NULL));
  if (g_strcmp0(ct_scenario_get_name(scenario), ct_scenario_get_name(again)) != 0)
    ct_fuzz_fail("a scenario saved and loaded again has another name:\n%.*s",
                 (int)g_bytes_get_size(saved), (const char *)g_bytes_get_data(saved, NULL));
  saved_again = ct_scenario_to_bytes(again);
  if (!g_bytes_equal(saved, saved_again))
    ct_fuzz_fail("a scenario saved, loaded and saved again changed:\n%.*s\n%.*s",
                 (int)g_bytes_get_size(saved), (const char *)g_bytes_get_data(saved, NULL),
                 (int)g_bytes_get_size(saved_again),
                 (const char *)g_bytes_get_data(saved_again, NULL));
  return 0;
}

/* fuzz-drug-library.c — libFuzzer harness of the drug library loader (cardiotwin-drugs/1,
 * ct_drug_library_new_from_bytes): data/drugs.json is bundled, but a site may give its own file.
 *
 * Checks, on any bytes: a library or an error (ct-fuzz.h); no leak, no memory error, no undefined
 * behaviour. And every drug a loaded library lists is found by its name, with a display name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-drug-library.h"
#include "ct-fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static(data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtDrugLibrary) library = NULL;
  g_auto(GStrv) names = NULL;

  ct_fuzz_init();
  library = ct_drug_library_new_from_bytes(bytes, &error);
  ct_fuzz_check("ct_drug_library_new_from_bytes", library != NULL, error);
  if (library == NULL)
    return 0;

  names = ct_drug_library_list_names(library);
  if (g_strv_length(names) != ct_drug_library_get_n_drugs(library))
    ct_fuzz_fail("the library lists %u drugs but counts %u", g_strv_length(names),
                 ct_drug_library_get_n_drugs(library));
  for (guint i = 0; names[i] != NULL; i++) {
    double dose;

    if (ct_drug_library_lookup(library, names[i]) == NULL ||
        ct_drug_library_get_display_name(library, names[i]) == NULL)
      ct_fuzz_fail("the library lists %s but does not find it", names[i]);
    ct_drug_library_get_start_dose(library, names[i], &dose);
    ct_drug_library_get_drug_class(library, names[i]);
  }
  return 0;
}

/* fuzz-twin.c — libFuzzer harness of the twin loader (cardiotwin/1, ct_twin_new_from_bytes).
 *
 * Checks, on any bytes: a twin or an error (ct-fuzz.h); no leak, no memory error, no undefined
 * behaviour (the sanitizers). And a twin that loads saves (ct_twin_to_bytes) into a document that
 * loads again and saves to the same bytes: what the application writes, it reads back unchanged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-fuzz.h"
#include "ct-twin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static(data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTwin) twin = NULL;
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(CtTwin) again = NULL;
  g_autoptr(GBytes) saved_again = NULL;

  ct_fuzz_init();
  twin = ct_twin_new_from_bytes(bytes, &error);
  ct_fuzz_check("ct_twin_new_from_bytes", twin != NULL, error);
  if (twin == NULL)
    return 0;

  saved = ct_twin_to_bytes(twin);
  again = ct_twin_new_from_bytes(saved, &error);
  if (again == NULL)
    ct_fuzz_fail("a twin saved by ct_twin_to_bytes does not load: %s\n%.*s", error->message,
                 (int)g_bytes_get_size(saved), (const char *)g_bytes_get_data(saved, NULL));
  saved_again = ct_twin_to_bytes(again);
  if (!g_bytes_equal(saved, saved_again))
    ct_fuzz_fail("a twin saved, loaded and saved again changed:\n%.*s\n%.*s",
                 (int)g_bytes_get_size(saved), (const char *)g_bytes_get_data(saved, NULL),
                 (int)g_bytes_get_size(saved_again),
                 (const char *)g_bytes_get_data(saved_again, NULL));
  return 0;
}

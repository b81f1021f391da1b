/* fuzz-fhir.c — libFuzzer harness of the FHIR client's readers: what ct_fhir_client_fetch_record()
 * and ct_fhir_client_search_patients() make of the platform's answers, then the record as
 * measurements (ct_fhir_record_to_measurements), and a Patient kept by the cache
 * (ct_fhir_patient_new_from_json).
 *
 * The input is the platform's side of the conversation: its answers, in the order they are asked
 * for, separated by NUL bytes (which JSON text cannot hold). A record's fetch asks for the Patient,
 * then each page of the Observation, Condition and DocumentReference searches (a next link asks
 * for one more answer), then the Binary of an attachment by URL; a patient search asks for its
 * pages by name, then by identifier. A transport (ct-fhir-client-private.h) serves the answers;
 * past the last one it answers an empty searchset Bundle to a search and 404 to anything else, so
 * a short input is a platform with little on it. Each input runs through a record's fetch and a
 * patient search, each from the first answer; the first answer is also read as a Patient resource
 * from the cache. The client's origin, for paging and attachment links, is
 * http://127.0.0.1:8/fhir (nothing is listening there: nothing leaves the process).
 *
 * Checks: a result or an error from every call (ct-fuzz.h); what a fetch returns holds its
 * promises (a patient, lists that exist, patients with an id); no leak, no memory error, no
 * undefined behaviour.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "ct-fhir-client-private.h"
#include "ct-fhir-client.h"
#include "ct-fuzz.h"

#define BASE_URL "http://127.0.0.1:8/fhir"

typedef struct {
  const uint8_t *data;
  size_t size;
  size_t offset; /* of the next answer; past size when none is left */
} Answers;

static guint answer(const char *method, const char *url, const char *request_body, GByteArray *body,
                    gpointer user_data)
{
  static const char empty_search[] = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\"}";
  Answers *a = user_data;
  const uint8_t *end;
  size_t length;

  if (a->offset > a->size) {
    if (strchr(url, '?') == NULL)
      return 404;
    g_byte_array_append(body, (const guint8 *)empty_search, sizeof empty_search - 1);
    return 200;
  }
  end = memchr(a->data + a->offset, '\0', a->size - a->offset);
  length = end != NULL ? (size_t)(end - (a->data + a->offset)) : a->size - a->offset;
  g_byte_array_append(body, a->data + a->offset, (guint)length);
  a->offset += length + 1;
  return 200;
}

static void check_record(const CtFhirRecord *record)
{
  if (record->patient == NULL || record->observations == NULL || record->condition_codes == NULL ||
      record->patient_json == NULL)
    ct_fuzz_fail("a fetched record lacks its patient or its lists");
  if ((record->mesh == NULL) != (record->mesh_content_type == NULL))
    ct_fuzz_fail("a fetched record has a mesh without its type, or a type without a mesh");
  for (guint i = 0; i < record->observations->len; i++) {
    const CtFhirObservation *o = &g_array_index(record->observations, CtFhirObservation, i);

    if (o->id == NULL || o->loinc == NULL || o->unit == NULL || o->effective == NULL)
      ct_fuzz_fail("observation %u of a fetched record lacks its id, code, unit or date", i);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static CtFhirClient *client;
  Answers answers = {data, size, 0};
  g_autoptr(GError) error = NULL;
  g_autoptr(CtFhirRecord) record = NULL;
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(CtFhirPatient) patient = NULL;
  g_autofree char *first = NULL;
  const uint8_t *end;

  ct_fuzz_init();
  if (client == NULL) {
    client = ct_fhir_client_new(BASE_URL, &error);
    if (client == NULL)
      ct_fuzz_fail("no client: %s", error->message);
  }
  ct_fhir_client_set_transport(client, answer, &answers);

  record = ct_fhir_client_fetch_record(client, "p1", NULL, NULL, NULL, &error);
  ct_fuzz_check("ct_fhir_client_fetch_record", record != NULL, error);
  if (record != NULL) {
    g_autoptr(GDateTime) today = g_date_time_new_utc(2026, 6, 29, 0, 0, 0);
    g_autoptr(CtMeasurements) m = NULL;

    check_record(record);
    m = ct_fhir_record_to_measurements(record, today, &error);
    ct_fuzz_check("ct_fhir_record_to_measurements", m != NULL, error);
  }
  g_clear_error(&error);

  answers.offset = 0;
  patients = ct_fhir_client_search_patients(client, "fuzz", 0, NULL, NULL, NULL, &error);
  ct_fuzz_check("ct_fhir_client_search_patients", patients != NULL, error);
  for (guint i = 0; patients != NULL && i < patients->len; i++)
    if (((CtFhirPatient *)patients->pdata[i])->id == NULL)
      ct_fuzz_fail("a patient search returned a patient without an id");
  g_clear_error(&error);
  ct_fhir_client_set_transport(client, NULL, NULL);

  end = memchr(data, '\0', size);
  first = g_strndup((const char *)data, end != NULL ? (gsize)(end - data) : size);
  patient = ct_fhir_patient_new_from_json(first, &error);
  ct_fuzz_check("ct_fhir_patient_new_from_json", patient != NULL, error);
  return 0;
}

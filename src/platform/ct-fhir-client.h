/* ct-fhir-client.h — the hospital platform's FHIR R4 API, over libcurl.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ct-measurements.h"

G_BEGIN_DECLS

/* Progress of a long call: @done items (resources or pages) of @total (0 when unknown). Called
 * on the thread that runs the call. */
typedef void (*CtFhirProgress)(guint done, guint total, gpointer user_data);

/* A patient found by a search. */
typedef struct {
  char *id;           /* Patient.id */
  char *display_name; /* "Family, Given" from Patient.name */
  char *identifier;   /* the first Patient.identifier value, or NULL */
  char *birth_date;   /* or NULL */
  char *gender;       /* or NULL */
} CtFhirPatient;

void ct_fhir_patient_free(CtFhirPatient *patient);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CtFhirPatient, ct_fhir_patient_free)

/* One numeric LOINC-coded observation (a panel's components come as observations of their own,
 * with id "PANEL-ID/COMPONENT-CODE"). */
typedef struct {
  char *id;
  char *loinc;
  double value;
  char *unit;      /* UCUM code, or the unit text when there is no code */
  char *effective; /* ISO 8601 */
} CtFhirObservation;

/* Everything the platform holds of one patient that CardioTwin uses. */
typedef struct {
  CtFhirPatient *patient;
  char *patient_json;         /* the Patient resource as received */
  GArray *observations;       /* CtFhirObservation, newest first */
  GPtrArray *condition_codes; /* "system|code" of every Condition.code coding */
  char *twin_json;            /* the twin package's cardiotwin/1 document, or NULL */
  char *twin_document_id;     /* its DocumentReference.id */
  char *twin_version;         /* its meta.versionId, for If-Match */
  GBytes *mesh;               /* an attached mesh, or NULL */
  char *mesh_content_type;
} CtFhirRecord;

void ct_fhir_record_free(CtFhirRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CtFhirRecord, ct_fhir_record_free)

/* The record as measurements to fit a twin to (ct-fhir-record.c): the newest observation of each
 * measurable index, converted to the index's unit; sex, age (at @today), height, weight, QRS and
 * LBBB from the Patient, Observations and Conditions. An error names what is missing or cannot
 * be converted. */
CtMeasurements *ct_fhir_record_to_measurements(const CtFhirRecord *record, GDateTime *today,
                                               GError **error);

/* The same from parts, for what the local cache keeps of a record (its Patient resource and
 * observations, not its Conditions): sex and age from @patient, everything else from the newest
 * of @observations (any order) mapping to each name. What observations cannot say comes from
 * @known (NULL: nothing): its lbbb and scar, and its QRS and aortic valve area when no
 * observation has one (has_qrs, has_aortic_valve_area); its other members are ignored. */
CtMeasurements *ct_fhir_measurements_new(const CtFhirPatient *patient,
                                         const CtFhirObservation *observations,
                                         guint n_observations, const CtMeasurementsInput *known,
                                         GDateTime *today, GError **error);

/* @value in the UCUM unit @ucum converted to the unit of @name (an index name or weight_kg,
 * height_cm, qrs_ms: bpm, mmHg, kg, ...); FALSE when @ucum is not a unit of that quantity. */
gboolean ct_fhir_convert(const char *name, double value, const char *ucum, double *converted);

/* A Patient resource (as received, e.g. kept by the cache) read as a search reads it. */
CtFhirPatient *ct_fhir_patient_new_from_json(const char *json, GError **error);

#define CT_TYPE_FHIR_CLIENT (ct_fhir_client_get_type())

G_DECLARE_FINAL_TYPE(CtFhirClient, ct_fhir_client, CT, FHIR_CLIENT, GObject)

/* A client of the FHIR server at @base_url (e.g. https://fhir.hospital.example/R4). The URL must
 * be https, or http to this machine only (a test server); anything else is refused. */
CtFhirClient *ct_fhir_client_new(const char *base_url, GError **error);
const char *ct_fhir_client_get_base_url(CtFhirClient *self);
/* The SMART-on-FHIR bearer token (from CtTokenStore); kept in memory only. NULL: none. A token
 * that is not an RFC 6750 bearer token is refused (CT_PLATFORM_ERROR_UNAUTHORIZED). */
gboolean ct_fhir_client_set_token(CtFhirClient *self, const char *token, GError **error);
/* Connect and total timeouts of one request; retries on 429 and 503 (honouring Retry-After, each
 * wait at most @max_retry_wait_s). Defaults: 10 s, 60 s, 3 retries, 30 s. */
void ct_fhir_client_set_limits(CtFhirClient *self, guint connect_timeout_ms, guint timeout_ms,
                               guint max_retries, guint max_retry_wait_s);

/* Blocking calls, for worker threads; each has an _async variant below. */
GPtrArray *ct_fhir_client_search_patients(CtFhirClient *self, const char *query, guint limit,
                                          CtFhirProgress progress, gpointer progress_data,
                                          GCancellable *cancellable, GError **error);
CtFhirRecord *ct_fhir_client_fetch_record(CtFhirClient *self, const char *patient_id,
                                          CtFhirProgress progress, gpointer progress_data,
                                          GCancellable *cancellable, GError **error);
/* Writes are one request each: they are cancellable, and report no progress. */
/* Writes @twin_json as a new version of the patient's twin package: a new DocumentReference
 * (@document_id NULL) or an update of @document_id guarded by If-Match on @expected_version.
 * Returns the new version id. CT_PLATFORM_ERROR_CONFLICT when someone else changed it first. */
char *ct_fhir_client_write_twin(CtFhirClient *self, const char *patient_id, const char *twin_json,
                                const char *document_id, const char *expected_version,
                                GCancellable *cancellable, GError **error);

/* The same for a therapy plan (a cardiotwin-scenario/1 document), a package of its own type. */
char *ct_fhir_client_write_plan(CtFhirClient *self, const char *patient_id,
                                const char *scenario_json, const char *document_id,
                                const char *expected_version, GCancellable *cancellable,
                                GError **error);

/* @progress is called on the caller's main context. */
void ct_fhir_client_search_patients_async(CtFhirClient *self, const char *query, guint limit,
                                          CtFhirProgress progress, gpointer progress_data,
                                          GCancellable *cancellable, GAsyncReadyCallback callback,
                                          gpointer user_data);
GPtrArray *ct_fhir_client_search_patients_finish(CtFhirClient *self, GAsyncResult *result,
                                                 GError **error);
/* @progress is called on the caller's main context. */
void ct_fhir_client_fetch_record_async(CtFhirClient *self, const char *patient_id,
                                       CtFhirProgress progress, gpointer progress_data,
                                       GCancellable *cancellable, GAsyncReadyCallback callback,
                                       gpointer user_data);
CtFhirRecord *ct_fhir_client_fetch_record_finish(CtFhirClient *self, GAsyncResult *result,
                                                 GError **error);

typedef enum {
  CT_FHIR_DOCUMENT_TWIN, /* cardiotwin/1 */
  CT_FHIR_DOCUMENT_PLAN, /* cardiotwin-scenario/1 */
} CtFhirDocumentKind;

/* ct_fhir_client_write_twin() or _write_plan() in a worker thread; the new version id. */
void ct_fhir_client_write_async(CtFhirClient *self, CtFhirDocumentKind kind, const char *patient_id,
                                const char *document, const char *document_id,
                                const char *expected_version, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data);
char *ct_fhir_client_write_finish(CtFhirClient *self, GAsyncResult *result, GError **error);

/* How many HTTP requests the client made (retries included), for tests. */
guint ct_fhir_client_get_n_requests(CtFhirClient *self);

G_END_DECLS

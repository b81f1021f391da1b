/* ct-store.h — the local cache: patients, observations, twins, scenarios, audit log (SQLite).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ct-scenario.h"
#include "ct-twin.h"

G_BEGIN_DECLS

#define CT_STORE_ERROR (ct_store_error_quark())

/**
 * CtStoreError:
 * @CT_STORE_ERROR_OPEN: the cache file cannot be opened or created (permissions, disk).
 * @CT_STORE_ERROR_CORRUPT: the file is not a CardioTwin cache, or is damaged.
 * @CT_STORE_ERROR_NEWER_SCHEMA: the cache was written by a newer CardioTwin.
 * @CT_STORE_ERROR_NOT_FOUND: no such patient, twin or scenario in the cache.
 * @CT_STORE_ERROR_FAILED: a query failed (an I/O error, database busy for too long).
 * @CT_STORE_ERROR_INVALID: what was to be stored was refused (a twin that does not load).
 * @CT_STORE_ERROR_EXISTS: the patient already has a plan (scenario) of that name.
 * @CT_STORE_ERROR_READ_ONLY: the cache is open only for reading (a read-only file or folder, or
 *   a damaged cache opened to read what is left): nothing was written.
 * @CT_STORE_ERROR_NO_SPACE: the disk is full: the change was not saved, and what the cache held
 *   before is whole.
 * @CT_STORE_ERROR_NEWER_FORMAT: a twin or plan in the cache (or from the platform) was written by
 *   a newer CardioTwin, in a format version this one cannot read; it is kept as it is.
 */
typedef enum {
  CT_STORE_ERROR_OPEN,
  CT_STORE_ERROR_CORRUPT,
  CT_STORE_ERROR_NEWER_SCHEMA,
  CT_STORE_ERROR_NOT_FOUND,
  CT_STORE_ERROR_FAILED,
  CT_STORE_ERROR_INVALID,
  CT_STORE_ERROR_EXISTS,
  CT_STORE_ERROR_READ_ONLY,
  CT_STORE_ERROR_NO_SPACE,
  CT_STORE_ERROR_NEWER_FORMAT,
} CtStoreError;

GQuark ct_store_error_quark(void);

/* The schema version this build writes (PRAGMA user_version). */
#define CT_STORE_SCHEMA_VERSION 3

/* What the audit log records: who did what to which twin, when. Never a clinical value. */
typedef enum {
  CT_STORE_AUDIT_OPEN,
  CT_STORE_AUDIT_SYNC,
  CT_STORE_AUDIT_FIT,
  CT_STORE_AUDIT_EXPORT,
  CT_STORE_AUDIT_SAVE_SCENARIO,
} CtStoreAudit;

/* One observation as the platform client hands it over. */
typedef struct {
  const char *server_id;     /* Observation.id on the platform */
  const char *loinc;         /* the code */
  double value;              /* in @unit */
  const char *unit;          /* UCUM */
  const char *effective;     /* ISO 8601 */
  const char *resource_json; /* the resource as received, or NULL */
} CtStoreObservation;

/* One patient's download, stored by ct_store_sync_patient() in one transaction. */
typedef struct {
  const char *source;       /* the platform's base URL */
  const char *server_id;    /* Patient.id on the platform */
  const char *display_name; /* what the clinician searches by (from Patient.name) */
  const char *patient_json; /* the Patient resource as received */
  const CtStoreObservation *observations;
  guint n_observations;
  const char *twin_json;           /* the twin package's cardiotwin/1 document, or NULL */
  const char *twin_server_version; /* the DocumentReference's version, or NULL */
} CtStoreSync;

/* A patient in the cache. */
typedef struct {
  gint64 key; /* the cache's own key */
  char *source;
  char *server_id;
  char *display_name;
  int n_twin_versions;
} CtStorePatient;

void ct_store_patient_free(CtStorePatient *patient);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CtStorePatient, ct_store_patient_free)

/* One observation as the cache holds it (ct_store_list_observations): as the platform sent it,
 * value and unit unconverted. */
typedef struct {
  char *server_id; /* Observation.id on the platform (a panel's component: "ID/CODE") */
  char *name;      /* the index name its code maps to (ct-loinc.c: "hr_bpm", "weight_kg") */
  char *loinc;
  double value;    /* in @unit */
  char *unit;      /* UCUM */
  char *effective; /* ISO 8601 */
} CtStoreCachedObservation;

void ct_store_cached_observation_free(CtStoreCachedObservation *observation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CtStoreCachedObservation, ct_store_cached_observation_free)

#define CT_TYPE_STORE (ct_store_get_type())

G_DECLARE_FINAL_TYPE(CtStore, ct_store, CT, STORE, GObject)

/* Opens (creating it, mode 0600, and its folder, mode 0700) the cache at @path and brings its
 * schema up to date; @user names who works with it, for the audit log. An existing cache whose
 * file or folder cannot be written (permissions, a read-only file system) is opened read-only
 * (ct_store_is_read_only()). A damaged file is refused (CT_STORE_ERROR_CORRUPT), untouched. */
CtStore *ct_store_open(const char *path, const char *user, GError **error);

/**
 * CtStoreOpenFlags:
 * @CT_STORE_OPEN_DEFAULT: as ct_store_open().
 * @CT_STORE_OPEN_READ_ONLY: nothing is written, even where it could be: no schema migration, no
 *   audit entry for a twin opened; every call that writes fails with CT_STORE_ERROR_READ_ONLY.
 * @CT_STORE_OPEN_DAMAGED: (implies @CT_STORE_OPEN_READ_ONLY) a cache that fails its integrity
 *   check is opened anyway, to read what can still be read; a file that is not a SQLite database
 *   at all is still CT_STORE_ERROR_CORRUPT.
 */
typedef enum {
  CT_STORE_OPEN_DEFAULT = 0,
  CT_STORE_OPEN_READ_ONLY = 1 << 0,
  CT_STORE_OPEN_DAMAGED = 1 << 1,
} CtStoreOpenFlags;

CtStore *ct_store_open_full(const char *path, const char *user, CtStoreOpenFlags flags,
                            GError **error);
/* Whether nothing can be written: opened read-only by choice, because the file or its folder
 * cannot be written, or because it is damaged. */
gboolean ct_store_is_read_only(CtStore *self);
/* Whether it was opened with CT_STORE_OPEN_DAMAGED. */
gboolean ct_store_is_damaged(CtStore *self);

/* Rebuilds the cache at @path after it was found damaged: the file (with its -wal and -shm) is
 * moved aside, never deleted, to PATH.damaged-YYYYMMDDTHHMMSSZ in the same folder (*@aside_path
 * receives it, for support); a new cache is created at @path and the demo twins are added. If
 * anything fails, the damaged file is put back where it was. */
CtStore *ct_store_rebuild(const char *path, const char *user, char **aside_path, GError **error);
/* The cache in the user data folder: $XDG_DATA_HOME/cardiotwin/cache.sqlite. */
char *ct_store_default_path(void);
const char *ct_store_get_path(CtStore *self);

/* Adds the demo twins that are not there yet (first start), and a demo's next version when this
 * program ships a later revision of it (a later provenance date) than the newest the cache holds,
 * unless a version made since (a recalibration) is the newest; returns how many documents were
 * written. */
gboolean ct_store_seed_demos(CtStore *self, guint *n_added, GError **error);

/* Patients whose name or identifier contains @query (all when NULL or empty), by name;
 * CtStorePatient elements. */
GPtrArray *ct_store_search_patients(CtStore *self, const char *query, guint limit, GError **error);
CtStorePatient *ct_store_find_patient(CtStore *self, const char *source, const char *server_id,
                                      GError **error);

/* The newest twin of a patient, recorded in the audit log as opened (except in a read-only
 * cache, which cannot record it). A twin written by a newer CardioTwin is
 * CT_STORE_ERROR_NEWER_FORMAT, and stays as it is; the versions before it still open
 * (ct_store_open_twin_version). */
CtTwin *ct_store_open_twin(CtStore *self, gint64 patient_key, int *version, GError **error);
/* Version @version of a patient's twin, recorded in the audit log as ct_store_open_twin() does;
 * CT_STORE_ERROR_NOT_FOUND when the patient has no such version. */
CtTwin *ct_store_open_twin_version(CtStore *self, gint64 patient_key, int version, GError **error);
/* The newest version of a patient's twin that this CardioTwin can read and that is older than
 * @before (0: any), or 0 when there is none; versions written by a newer CardioTwin are passed
 * over. For a window that was refused the newest. */
int ct_store_find_readable_twin_version(CtStore *self, gint64 patient_key, int before,
                                        GError **error);
/* Stores @twin as the patient's next twin version, with how it was made ("platform", "fitted",
 * "demo"). */
gboolean ct_store_save_twin(CtStore *self, gint64 patient_key, CtTwin *twin, const char *provenance,
                            int *version, GError **error);
/* How many observations of the patient the cache holds. */
gint64 ct_store_count_observations(CtStore *self, gint64 patient_key, GError **error);
/* The patient's observations from the last sync whose code maps to one of @names (index names,
 * NULL-terminated; NULL: every observation whose code maps to a name), oldest first (by the
 * instant of effective, time zones honoured; ties in the order received). CtStoreCachedObservation
 * elements; empty when there are none, CT_STORE_ERROR_NOT_FOUND for a patient not in the cache. */
GPtrArray *ct_store_list_observations(CtStore *self, gint64 patient_key, const char *const *names,
                                      GError **error);
/* The Patient resource of the last sync as received (*patient_json NULL for a patient that did
 * not come from a platform: the demos); CT_STORE_ERROR_NOT_FOUND for a patient not in the cache.
 */
gboolean ct_store_get_patient_resource(CtStore *self, gint64 patient_key, char **patient_json,
                                       GError **error);

/* Replaces everything the cache holds of one patient from one platform by @sync, in one
 * transaction: on any error, on cancellation, or if the process dies, the previous state stays
 * whole. A twin that does not load is refused before anything is written. */
gboolean ct_store_sync_patient(CtStore *self, const CtStoreSync *sync, gint64 *patient_key,
                               GCancellable *cancellable, GError **error);

/* A saved plan (ct_store_list_scenarios). */
typedef struct {
  char *name;       /* unique per patient */
  char *updated_at; /* ISO 8601, UTC: saved or renamed */
  char *document; /* cardiotwin-scenario/1, as stored (not checked: ct_store_load_scenario does) */
} CtStoreScenario;

void ct_store_scenario_free(CtStoreScenario *scenario);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CtStoreScenario, ct_store_scenario_free)

/* Plan names: surrounding white space is removed and the name is NFC-normalized before anything
 * else; then it must be 1-200 characters on one line, and unique per patient (compared exactly,
 * so "CRT" and "crt" are two plans). A name refused is CT_STORE_ERROR_INVALID, a name taken
 * CT_STORE_ERROR_EXISTS, a patient not in the cache CT_STORE_ERROR_NOT_FOUND. */
char *ct_store_normalize_scenario_name(const char *name, GError **error);

/* Saves @scenario_json (cardiotwin-scenario/1, checked: a document that does not load is refused)
 * as the patient's plan @name; the document's own name becomes @name. */
gboolean ct_store_save_scenario(CtStore *self, gint64 patient_key, const char *name,
                                const char *scenario_json, GError **error);
/* The patient's plans by name (CtStoreScenario elements); empty when none. */
GPtrArray *ct_store_list_scenarios(CtStore *self, gint64 patient_key, GError **error);
/* The plan @name, checked: a document damaged in the cache is CT_STORE_ERROR_CORRUPT (and stays
 * there, untouched). */
CtScenario *ct_store_load_scenario(CtStore *self, gint64 patient_key, const char *name,
                                   GError **error);
gboolean ct_store_delete_scenario(CtStore *self, gint64 patient_key, const char *name,
                                  GError **error);
gboolean ct_store_rename_scenario(CtStore *self, gint64 patient_key, const char *name,
                                  const char *new_name, GError **error);

gboolean ct_store_audit(CtStore *self, CtStoreAudit action, gint64 patient_key, int twin_version,
                        GError **error);
/* The audit log, oldest first, as "time user action patient version" lines (for tests and the
 * export of the log). */
GStrv ct_store_audit_lines(CtStore *self, GError **error);

G_END_DECLS

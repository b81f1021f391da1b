/* ct-drug-library.c — the drug library (cardiotwin-drugs/1, data/drugs.json).
 *
 * Every number of the library is paired with its literature source in the file; the loader
 * refuses a number without one. Format, members and ranges: docs/drug-library-format.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-drug-library.h"

#include <math.h>
#include <string.h>

#include "ct-drug-names.h"
#include "ct-engine-words.h"
#include "ct-i18n.h"
#include "ct-json.h"
#include "ct-twin-resources.h"

#define WHAT          _("Drug library")
#define FORMAT        "cardiotwin-drugs/1"
#define RESOURCE_PATH "/org/cardiotwin/CardioTwin/drugs.json"

/* Lengths of texts, generous for literature references. */
#define MAX_DRUGS         64
#define MAX_NAME_CHARS    64
#define MAX_SOURCE_CHARS  4000
#define MAX_COMMENT_CHARS 20000

/* A bolus's half-life, when given, must agree with ln 2 · Vd / CL within this fraction: the engine
 * decays the bolus with CL / Vd, so a mismatch is a typing error in one of the three numbers. */
#define HALF_LIFE_TOLERANCE 0.1

typedef struct {
  CsDrugDef def;
  char *display_name;
  char *drug_class;
  double start_dose; /* the dose a plan starts from, when has_start_dose */
  gboolean has_start_dose;
  GHashTable *sources; /* "dose", pharmacokinetics member or effect target -> source text */
} DrugEntry;

struct _CtDrugLibrary {
  GObject parent_instance;

  char *comment;
  GPtrArray *drugs;  /* DrugEntry*, in file order */
  GHashTable *index; /* name -> DrugEntry* */
};

G_DEFINE_FINAL_TYPE(CtDrugLibrary, ct_drug_library, G_TYPE_OBJECT)

static void drug_entry_free(gpointer data)
{
  DrugEntry *entry = data;

  g_free(entry->display_name);
  g_free(entry->drug_class);
  g_hash_table_unref(entry->sources);
  g_free(entry);
}

static void ct_drug_library_finalize(GObject *object)
{
  CtDrugLibrary *self = CT_DRUG_LIBRARY(object);

  g_free(self->comment);
  g_hash_table_unref(self->index);
  g_ptr_array_unref(self->drugs);
  G_OBJECT_CLASS(ct_drug_library_parent_class)->finalize(object);
}

static void ct_drug_library_class_init(CtDrugLibraryClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = ct_drug_library_finalize;
}

static void ct_drug_library_init(CtDrugLibrary *self)
{
  self->drugs = g_ptr_array_new_with_free_func(drug_entry_free);
  self->index = g_hash_table_new(g_str_hash, g_str_equal);
}

/* ------------------------------------------------------------------ loading */

static const char *const route_names[] = {"infusion", "bolus", "oral", NULL};

/* The route each dose unit belongs to (DESIGN.md: infusions in mcg/kg/min or mcg/min, the IV
 * bolus in mg, oral drugs in mg/day at steady state). */
static CsRoute route_of_unit(CsDoseUnit unit)
{
  switch (unit) {
  case CS_DOSE_MCG_KG_MIN:
  case CS_DOSE_MCG_MIN:
    return CS_ROUTE_INFUSION;
  case CS_DOSE_MG:
    return CS_ROUTE_BOLUS;
  case CS_DOSE_MG_DAY:
  default:
    return CS_ROUTE_ORAL;
  }
}

static gboolean valid_drug_name(const char *name)
{
  const char *p;

  if (name[0] == '\0' || strlen(name) >= CS_DRUG_NAME_MAX || !g_ascii_islower(name[0]))
    return FALSE;
  for (p = name; *p != '\0'; p++)
    if (!g_ascii_islower(*p) && !g_ascii_isdigit(*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/* One {"value": number, "source": text} entry of "pharmacokinetics". */
static gboolean load_sourced_value(JsonObject *pk, const char *path, const char *member,
                                   gboolean required, const CtJsonRange *range, double *out,
                                   DrugEntry *entry, GError **error)
{
  static const char *const members[] = {"value", "source", NULL};
  g_autofree char *field = ct_json_path(path, member);
  JsonObject *object;
  const char *source;

  if (!ct_json_get_object(pk, WHAT, path, member, required, &object, error))
    return FALSE;
  if (object == NULL)
    return TRUE;
  if (!ct_json_check_members(object, WHAT, field, members, error) ||
      !ct_json_get_number(object, WHAT, field, "value", TRUE, range, out, NULL, error) ||
      !ct_json_get_string(object, WHAT, field, "source", TRUE, MAX_SOURCE_CHARS, FALSE, &source,
                          error))
    return FALSE;
  g_hash_table_insert(entry->sources, g_strdup(member), g_strdup(source));
  return TRUE;
}

static gboolean refuse_member(JsonObject *object, const char *path, const char *member,
                              const char *why, GError **error)
{
  g_autofree char *field = NULL;

  if (!json_object_has_member(object, member))
    return TRUE;
  field = ct_json_path(path, member);
  g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID, _("%s: %s is given, but %s"), WHAT,
              field, why);
  return FALSE;
}

static gboolean load_pharmacokinetics(JsonObject *drug, const char *path, DrugEntry *entry,
                                      GError **error)
{
  static const char *const members[] = {
      "clearance_ml_min_kg",
      "volume_of_distribution_l_kg",
      "bioavailability",
      "half_life_min",
      "effect_time_min",
      "intravascular_fraction",
      NULL,
  };
  /* Plausibility bounds of the loader; the engine's own (cs_drug_def_validate) apply after. */
  static const CtJsonRange clearance = {0.01, 1000.0, "ml/min/kg", NULL};
  static const CtJsonRange volume = {0.01, 50.0, "l/kg", NULL};
  static const CtJsonRange fraction = {0.0, 1.0, NULL, NULL};
  static const CtJsonRange bioavailability = {0.01, 1.0, NULL, NULL};
  static const CtJsonRange minutes = {0.1, 10080.0, "min", NULL};
  g_autofree char *field = ct_json_path(path, "pharmacokinetics");
  CsDrugDef *def = &entry->def;
  gboolean has_volume = FALSE;
  gboolean diuretic = FALSE;
  double half_life = 0.0;
  JsonObject *pk;
  int i;

  for (i = 0; i < def->n_effects; i++)
    diuretic |= def->effects[i].target == CS_EFFECT_BLOOD_VOLUME;

  if (!ct_json_get_object(drug, WHAT, path, "pharmacokinetics", TRUE, &pk, error) ||
      !ct_json_check_members(pk, WHAT, field, members, error) ||
      !load_sourced_value(pk, field, "clearance_ml_min_kg", TRUE, &clearance,
                          &def->clearance_ml_min_kg, entry, error) ||
      !load_sourced_value(pk, field, "volume_of_distribution_l_kg", def->route == CS_ROUTE_BOLUS,
                          &volume, &def->volume_of_distribution_l_kg, entry, error) ||
      !load_sourced_value(pk, field, "half_life_min", FALSE, &minutes, &half_life, entry, error))
    return FALSE;
  has_volume = json_object_has_member(pk, "volume_of_distribution_l_kg");

  /* Route-specific members: required where the engine uses them, refused where it would not. */
  def->bioavailability = 1.0;
  if (def->route == CS_ROUTE_ORAL) {
    if (!load_sourced_value(pk, field, "bioavailability", TRUE, &bioavailability,
                            &def->bioavailability, entry, error))
      return FALSE;
  } else if (!refuse_member(pk, field, "bioavailability", _("it applies to oral drugs only"),
                            error))
    return FALSE;
  if (def->route == CS_ROUTE_BOLUS) {
    if (!load_sourced_value(pk, field, "effect_time_min", TRUE, &minutes, &def->effect_time_min,
                            entry, error))
      return FALSE;
  } else if (!refuse_member(pk, field, "effect_time_min", _("it applies to a bolus only"), error))
    return FALSE;
  if (diuretic) {
    if (!load_sourced_value(pk, field, "intravascular_fraction", TRUE, &fraction,
                            &def->intravascular_fraction, entry, error))
      return FALSE;
  } else if (!refuse_member(pk, field, "intravascular_fraction",
                            _("it applies only to drugs with a blood_volume effect"), error))
    return FALSE;

  if (def->route == CS_ROUTE_BOLUS && has_volume && half_life > 0.0) {
    double implied = G_LN2 * def->volume_of_distribution_l_kg * 1000.0 / def->clearance_ml_min_kg;

    if (fabs(implied - half_life) > HALF_LIFE_TOLERANCE * half_life) {
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                  _("%s: %s: half_life_min is %g min but clearance and volume of distribution "
                    "give %.3g min (ln 2 · Vd / CL); one of the three is wrong"),
                  WHAT, field, half_life, implied);
      return FALSE;
    }
  }
  return TRUE;
}

static gboolean load_effects(JsonObject *drug, const char *path, DrugEntry *entry, GError **error)
{
  static const char *const members[] = {
      "target", "emax", "ec50_ng_ml", "hill", "source", "sinus_node_only", "beta1", NULL,
  };
  const char *const beta1_roles[] = {
      cs_beta1_role_name(CS_BETA1_NONE),
      cs_beta1_role_name(CS_BETA1_AGONIST),
      cs_beta1_role_name(CS_BETA1_ANTAGONIST),
      NULL,
  };
  /* Loader bounds; cs_drug_def_validate narrows emax per target afterwards. */
  static const CtJsonRange emax = {-100.0, 100.0, NULL, NULL};
  static const CtJsonRange ec50 = {1e-6, 1e7, "ng/ml", NULL};
  static const CtJsonRange hill = {0.1, 10.0, NULL, NULL};
  g_autofree char *field = ct_json_path(path, "effects");
  const char *targets[CS_EFFECT_COUNT + 1];
  CsDrugDef *def = &entry->def;
  JsonArray *effects;
  guint i;
  int t;

  for (t = 0; t < CS_EFFECT_COUNT; t++)
    targets[t] = cs_effect_target_name((CsEffectTarget)t);
  targets[CS_EFFECT_COUNT] = NULL;

  if (!ct_json_get_array(drug, WHAT, path, "effects", TRUE, CS_MAX_DRUG_EFFECTS, &effects, error))
    return FALSE;
  if (json_array_get_length(effects) == 0) {
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: %s is empty; a drug needs at least one effect"), WHAT, field);
    return FALSE;
  }
  for (i = 0; i < json_array_get_length(effects); i++) {
    g_autofree char *item = ct_json_path_index(field, i);
    CsDrugEffect *effect = &def->effects[i];
    JsonObject *object;
    const char *source;
    int target;
    gboolean sinus_node_only = FALSE, has_sinus_node_only = FALSE;
    int beta1 = CS_BETA1_NONE;
    guint j;

    if (!ct_json_node_object(json_array_get_element(effects, i), WHAT, item, &object, error) ||
        !ct_json_check_members(object, WHAT, item, members, error) ||
        !ct_json_get_choice(object, WHAT, item, "target", TRUE, targets, &target, NULL, error) ||
        !ct_json_get_number(object, WHAT, item, "emax", TRUE, &emax, &effect->emax, NULL, error) ||
        !ct_json_get_number(object, WHAT, item, "ec50_ng_ml", TRUE, &ec50, &effect->ec50_ng_ml,
                            NULL, error) ||
        !ct_json_get_number(object, WHAT, item, "hill", TRUE, &hill, &effect->hill, NULL, error) ||
        !ct_json_get_string(object, WHAT, item, "source", TRUE, MAX_SOURCE_CHARS, FALSE, &source,
                            error) ||
        !ct_json_get_boolean(object, WHAT, item, "sinus_node_only", FALSE, &sinus_node_only,
                             &has_sinus_node_only, error) ||
        !ct_json_get_choice(object, WHAT, item, "beta1", FALSE, beta1_roles, &beta1, NULL, error))
      return FALSE;
    effect->target = (CsEffectTarget)target;
    /* Which node a rate effect acts on is a question for heart_rate alone: said of another
     * target it is a mistake in the library, not a no-op. */
    if (has_sinus_node_only && effect->target != CS_EFFECT_HEART_RATE) {
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                  _("%s: %s.sinus_node_only is for a heart_rate effect; this one's target is %s"),
                  WHAT, item, targets[target]);
      return FALSE;
    }
    effect->sinus_node_only = sinus_node_only ? 1 : 0;
    effect->beta1 = (CsBeta1Role)beta1;
    for (j = 0; j < i; j++)
      if (def->effects[j].target == effect->target) {
        g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                    _("%s: %s.target is %s, which an earlier effect of this drug already has; "
                      "give one effect per target"),
                    WHAT, item, targets[target]);
        return FALSE;
      }
    g_hash_table_insert(entry->sources, g_strdup(targets[target]), g_strdup(source));
    def->n_effects = (int)i + 1;
  }
  return TRUE;
}

static DrugEntry *load_drug(CtDrugLibrary *self, JsonNode *node, const char *path, GError **error)
{
  static const char *const members[] = {
      "name",       "display_name", "drug_class",       "route",   "unit", "dose_min", "dose_max",
      "start_dose", "dose_source",  "pharmacokinetics", "effects", NULL,
  };
  static const CtJsonRange doses = {0.0, 1e6, NULL, NULL};
  const char *units[] = {
      cs_dose_unit_name(CS_DOSE_MCG_KG_MIN),
      cs_dose_unit_name(CS_DOSE_MCG_MIN),
      cs_dose_unit_name(CS_DOSE_MG),
      cs_dose_unit_name(CS_DOSE_MG_DAY),
      NULL,
  };
  DrugEntry *entry = g_new0(DrugEntry, 1);
  g_autoptr(GError) local_error = NULL;
  const char *name = NULL, *display_name = NULL, *drug_class = NULL, *dose_source = NULL;
  JsonObject *drug;
  CsError engine_error = {{0}};
  int route = 0, unit = 0;

  entry->sources = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);

  if (!ct_json_node_object(node, WHAT, path, &drug, &local_error) ||
      !ct_json_check_members(drug, WHAT, path, members, &local_error) ||
      !ct_json_get_string(drug, WHAT, path, "name", TRUE, MAX_NAME_CHARS, FALSE, &name,
                          &local_error))
    goto failed;
  if (!valid_drug_name(name)) {
    g_autofree char *quoted = ct_json_quote(name);
    g_set_error(&local_error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: %s.name is %s; a drug name is 1 to %d lower-case letters, digits or "
                  "hyphens, starting with a letter"),
                WHAT, path, quoted, CS_DRUG_NAME_MAX - 1);
    goto failed;
  }
  if (g_hash_table_contains(self->index, name)) {
    g_set_error(&local_error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: %s.name is “%s”, a drug already in the library"), WHAT, path, name);
    goto failed;
  }
  g_strlcpy(entry->def.name, name, sizeof entry->def.name);

  if (!ct_json_get_string(drug, WHAT, path, "display_name", TRUE, MAX_NAME_CHARS, FALSE,
                          &display_name, &local_error) ||
      !ct_json_get_string(drug, WHAT, path, "drug_class", FALSE, MAX_SOURCE_CHARS, FALSE,
                          &drug_class, &local_error) ||
      !ct_json_get_choice(drug, WHAT, path, "route", TRUE, route_names, &route, NULL,
                          &local_error) ||
      !ct_json_get_choice(drug, WHAT, path, "unit", TRUE, units, &unit, NULL, &local_error) ||
      !ct_json_get_number(drug, WHAT, path, "dose_min", TRUE, &doses, &entry->def.dose_min, NULL,
                          &local_error) ||
      !ct_json_get_number(drug, WHAT, path, "dose_max", TRUE, &doses, &entry->def.dose_max, NULL,
                          &local_error) ||
      !ct_json_get_number(drug, WHAT, path, "start_dose", FALSE, &doses, &entry->start_dose,
                          &entry->has_start_dose, &local_error) ||
      !ct_json_get_string(drug, WHAT, path, "dose_source", TRUE, MAX_SOURCE_CHARS, FALSE,
                          &dose_source, &local_error))
    goto failed;
  entry->def.route = (CsRoute)route;
  entry->def.unit = (CsDoseUnit)unit;
  entry->display_name = g_strdup(display_name);
  entry->drug_class = g_strdup(drug_class);
  g_hash_table_insert(entry->sources, g_strdup("dose"), g_strdup(dose_source));

  if (route_of_unit(entry->def.unit) != entry->def.route) {
    g_set_error(&local_error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: %s (%s): unit is %s but route is %s; an infusion is dosed in "
                  "mcg/kg/min or mcg/min, a bolus in mg, an oral drug in mg/day"),
                WHAT, path, name, units[unit], route_names[route]);
    goto failed;
  }
  if (entry->def.dose_max <= entry->def.dose_min) {
    g_set_error(&local_error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: %s (%s): dose_max (%g) must be greater than dose_min (%g)"), WHAT, path,
                name, entry->def.dose_max, entry->def.dose_min);
    goto failed;
  }
  if (entry->has_start_dose &&
      !(entry->start_dose > entry->def.dose_min && entry->start_dose <= entry->def.dose_max)) {
    g_set_error(&local_error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: %s (%s): start_dose (%g) must be above dose_min (%g) and at most "
                  "dose_max (%g)"),
                WHAT, path, name, entry->start_dose, entry->def.dose_min, entry->def.dose_max);
    goto failed;
  }

  /* Effects first: whether the drug is a diuretic decides which pharmacokinetic members apply. */
  if (!load_effects(drug, path, entry, &local_error) ||
      !load_pharmacokinetics(drug, path, entry, &local_error))
    goto failed;

  if (cs_drug_def_validate(&entry->def, &engine_error) != CS_OK) {
    g_autofree char *why = ct_engine_error_describe(&engine_error, NULL);

    g_set_error(&local_error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID, _("%s: %s: %s"), WHAT, path,
                why);
    goto failed;
  }
  return entry;

failed:
  drug_entry_free(entry);
  g_propagate_error(error, g_steal_pointer(&local_error));
  return NULL;
}

CtDrugLibrary *ct_drug_library_new_from_bytes(GBytes *bytes, GError **error)
{
  static const char *const members[] = {"format", "comment", "drugs", NULL};
  g_autoptr(CtDrugLibrary) self = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *comment = NULL;
  JsonObject *object;
  JsonArray *drugs;
  guint i;

  g_return_val_if_fail(bytes != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);

  root = ct_json_parse_bytes(bytes, CT_DRUG_LIBRARY_MAX_BYTES, WHAT, error);
  if (root == NULL)
    return NULL;
  object = json_node_get_object(root);
  if (!ct_json_check_format(object, WHAT, FORMAT, error) ||
      !ct_json_check_members(object, WHAT, NULL, members, error) ||
      !ct_json_get_string(object, WHAT, NULL, "comment", FALSE, MAX_COMMENT_CHARS, TRUE, &comment,
                          error) ||
      !ct_json_get_array(object, WHAT, NULL, "drugs", TRUE, MAX_DRUGS, &drugs, error))
    return NULL;

  self = g_object_new(CT_TYPE_DRUG_LIBRARY, NULL);
  self->comment = g_strdup(comment);
  for (i = 0; i < json_array_get_length(drugs); i++) {
    g_autofree char *path = ct_json_path_index("drugs", i);
    DrugEntry *entry = load_drug(self, json_array_get_element(drugs, i), path, error);

    if (entry == NULL)
      return NULL;
    g_ptr_array_add(self->drugs, entry);
    g_hash_table_insert(self->index, entry->def.name, entry);
  }
  return g_steal_pointer(&self);
}

CtDrugLibrary *ct_drug_library_new_from_file(const char *path, GError **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail(path != NULL, NULL);

  bytes = ct_json_read_file(path, CT_DRUG_LIBRARY_MAX_BYTES, WHAT, error);
  if (bytes == NULL)
    return NULL;
  return ct_drug_library_new_from_bytes(bytes, error);
}

/* The library shipped with CardioTwin (data/drugs.json, bundled as a resource). */
CtDrugLibrary *ct_drug_library_new_default(GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  bytes = g_resource_lookup_data(ct_twin_resources_get_resource(), RESOURCE_PATH,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
  if (bytes == NULL) {
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_NOT_FOUND,
                _("%s: the built-in drug library is missing: %s"), WHAT, local_error->message);
    return NULL;
  }
  return ct_drug_library_new_from_bytes(bytes, error);
}

/* ------------------------------------------------------------------ queries */

static DrugEntry *find(CtDrugLibrary *self, const char *name)
{
  g_return_val_if_fail(CT_IS_DRUG_LIBRARY(self), NULL);
  g_return_val_if_fail(name != NULL, NULL);

  return g_hash_table_lookup(self->index, name);
}

/* The drug's definition for the engine, or NULL if the library has no such drug. */
const CsDrugDef *ct_drug_library_lookup(CtDrugLibrary *self, const char *name)
{
  DrugEntry *entry = find(self, name);

  return entry != NULL ? &entry->def : NULL;
}

guint ct_drug_library_get_n_drugs(CtDrugLibrary *self)
{
  g_return_val_if_fail(CT_IS_DRUG_LIBRARY(self), 0);

  return self->drugs->len;
}

/* The drugs' names in the library's order; free with g_strfreev(). */
GStrv ct_drug_library_list_names(CtDrugLibrary *self)
{
  GStrv names;
  guint i;

  g_return_val_if_fail(CT_IS_DRUG_LIBRARY(self), NULL);

  names = g_new0(char *, self->drugs->len + 1);
  for (i = 0; i < self->drugs->len; i++)
    names[i] = g_strdup(((DrugEntry *)g_ptr_array_index(self->drugs, i))->def.name);
  return names;
}

gboolean ct_drug_library_get_start_dose(CtDrugLibrary *self, const char *name, double *dose)
{
  DrugEntry *entry = find(self, name);

  if (entry == NULL || !entry->has_start_dose)
    return FALSE;
  *dose = entry->start_dose;
  return TRUE;
}

const char *ct_drug_library_get_display_name(CtDrugLibrary *self, const char *name)
{
  DrugEntry *entry = find(self, name);

  /* In the reader's language when the bundled library's word is translated (ct-drug-names.c). */
  return entry != NULL ? ct_drug_names_translate("drug", entry->display_name) : NULL;
}

/* Pharmacological class, e.g. "beta-1 adrenergic agonist (inotrope)"; NULL if not given. */
const char *ct_drug_library_get_drug_class(CtDrugLibrary *self, const char *name)
{
  DrugEntry *entry = find(self, name);

  return entry != NULL ? ct_drug_names_translate("drug class", entry->drug_class) : NULL;
}

/* The literature source of one of the drug's numbers: @item is "dose" (the dose range), a member
 * of its pharmacokinetics ("clearance_ml_min_kg", …) or an effect target ("contractility", …).
 * NULL when the drug or that item does not exist. */
const char *ct_drug_library_get_source(CtDrugLibrary *self, const char *name, const char *item)
{
  DrugEntry *entry = find(self, name);

  g_return_val_if_fail(item != NULL, NULL);

  return entry != NULL ? g_hash_table_lookup(entry->sources, item) : NULL;
}

/* The library's preamble: its modelling assumptions, for an "about the data" view. */
const char *ct_drug_library_get_comment(CtDrugLibrary *self)
{
  g_return_val_if_fail(CT_IS_DRUG_LIBRARY(self), NULL);

  return self->comment;
}

const char *ct_dose_unit_label(CsDoseUnit unit)
{
  switch (unit) {
  case CS_DOSE_MCG_KG_MIN:
    return C_("unit", "µg/kg/min");
  case CS_DOSE_MCG_MIN:
    return C_("unit", "µg/min");
  case CS_DOSE_MG:
    return C_("unit", "mg");
  case CS_DOSE_MG_DAY:
    return C_("unit", "mg/day");
  default:
    g_return_val_if_reached("?");
  }
}

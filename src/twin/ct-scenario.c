/* ct-scenario.c — a therapy scenario (cardiotwin-scenario/1, DESIGN.md's contract).
 *
 * Every member is optional and an absent one means "as the twin is": no drugs, no pacing, no
 * LVAD, baroreflex on (cs_therapy_default). Unknown members are errors, so that a misspelt
 * setting (av_dealy_ms) is never silently ignored; so are settings that the chosen pacing mode
 * does not use (an LV lead segment in VVI), which would otherwise be ignored by the engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-scenario.h"

#include <string.h>

#include "ct-engine-words.h"
#include "ct-i18n.h"
#include "ct-json.h"

#define WHAT           _("Scenario")
#define FORMAT         "cardiotwin-scenario/1"
#define MAX_NAME_CHARS 200

/* The members of "pacing", in the order they are written, and the modes that use each
 * (a pacing system without an LV lead has no VV delay; AAI paces and senses the atrium only). */
typedef enum {
  PACING_RATE = 1 << 0,
  PACING_AV_DELAY = 1 << 1,
  PACING_VV_DELAY = 1 << 2,
  PACING_LV_LEAD = 1 << 3,
  PACING_RV_LEAD = 1 << 4,
  PACING_LV_ONLY = 1 << 5,
} PacingMember;

static const struct {
  const char *name;
  PacingMember member;
  guint modes; /* bit CsPacingMode set for each mode that uses the member */
} pacing_members[] = {
    {"rate_bpm", PACING_RATE,
     1 << CS_PACING_AAI | 1 << CS_PACING_VVI | 1 << CS_PACING_DDD | 1 << CS_PACING_CRT},
    {"av_delay_ms", PACING_AV_DELAY, 1 << CS_PACING_DDD | 1 << CS_PACING_CRT},
    {"vv_delay_ms", PACING_VV_DELAY, 1 << CS_PACING_CRT},
    {"lv_lead_segment", PACING_LV_LEAD, 1 << CS_PACING_CRT},
    {"rv_lead_site", PACING_RV_LEAD, 1 << CS_PACING_VVI | 1 << CS_PACING_DDD | 1 << CS_PACING_CRT},
    {"lv_only", PACING_LV_ONLY, 1 << CS_PACING_CRT},
};

struct _CtScenario {
  GObject parent_instance;

  char *name;
  CsTherapy therapy;

  /* Which members the document had, so that writing it back keeps "as the twin is". */
  gboolean has_drugs;
  gboolean has_pacing;
  guint pacing_present; /* PacingMember bits */
  gboolean has_lvad;
  gboolean has_baroreflex;
};

G_DEFINE_FINAL_TYPE(CtScenario, ct_scenario, G_TYPE_OBJECT)

static void ct_scenario_finalize(GObject *object)
{
  CtScenario *self = CT_SCENARIO(object);

  g_free(self->name);
  G_OBJECT_CLASS(ct_scenario_parent_class)->finalize(object);
}

static void ct_scenario_class_init(CtScenarioClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = ct_scenario_finalize;
}

static void ct_scenario_init(CtScenario *self)
{
  cs_therapy_default(&self->therapy);
}

/* ------------------------------------------------------------------ loading */

static gboolean load_drug(CtScenario *self, JsonNode *node, const char *path,
                          CtDrugLibrary *library, GError **error)
{
  static const char *const members[] = {"drug", "dose", "unit", NULL};
  g_autofree char *unit_field = ct_json_path(path, "unit");
  g_autofree char *must_be = NULL;
  const CsDrugDef *def;
  const char *unit_name;
  const char *name;
  const char *unit;
  JsonObject *drug;
  CtJsonRange range;
  int i = self->therapy.n_drugs;
  int j;

  if (!ct_json_node_object(node, WHAT, path, &drug, error) ||
      !ct_json_check_members(drug, WHAT, path, members, error) ||
      !ct_json_get_string(drug, WHAT, path, "drug", TRUE, CS_DRUG_NAME_MAX, FALSE, &name, error))
    return FALSE;

  def = ct_drug_library_lookup(library, name);
  if (def == NULL) {
    g_auto(GStrv) names = ct_drug_library_list_names(library);
    g_autofree char *list = g_strjoinv(", ", names);
    g_autofree char *quoted = ct_json_quote(name);
    g_autofree char *lower = g_ascii_strdown(name, -1);

    if (ct_drug_library_lookup(library, lower) != NULL)
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                  _("%s: %s.drug is %s; drug names are written in lower case: “%s”"), WHAT, path,
                  quoted, lower);
    else
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                  _("%s: %s.drug is %s, which is not in the drug library; it has %s"), WHAT, path,
                  quoted, list);
    return FALSE;
  }
  for (j = 0; j < i; j++)
    if (strcmp(self->therapy.drugs[j].name, def->name) == 0) {
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                  _("%s: %s.drug is %s, which drugs[%d] already gives; give each drug once, "
                    "with its whole dose"),
                  WHAT, path, def->name, j);
      return FALSE;
    }

  /* The unit before the dose: the dose means nothing in another unit. */
  unit_name = cs_dose_unit_name(def->unit);
  if (!ct_json_get_string(drug, WHAT, path, "unit", TRUE, 32, FALSE, &unit, error))
    return FALSE;
  if (strcmp(unit, unit_name) != 0) {
    g_autofree char *quoted = ct_json_quote(unit);

    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: %s is %s, but %s is dosed in %s; give the dose in %s"), WHAT, unit_field,
                quoted, def->name, unit_name, unit_name);
    return FALSE;
  }

  must_be = g_strdup_printf(_("from %g to %g %s, the range for %s"), def->dose_min, def->dose_max,
                            unit_name, def->name);
  range = (CtJsonRange){def->dose_min, def->dose_max, unit_name, must_be};
  if (!ct_json_get_number(drug, WHAT, path, "dose", TRUE, &range, &self->therapy.doses[i], NULL,
                          error))
    return FALSE;

  self->therapy.drugs[i] = *def;
  self->therapy.n_drugs = i + 1;
  return TRUE;
}

static gboolean load_drugs(CtScenario *self, JsonObject *root, CtDrugLibrary *library,
                           GError **error)
{
  JsonArray *drugs;
  guint i;

  if (!ct_json_get_array(root, WHAT, NULL, "drugs", FALSE, CS_MAX_DRUGS, &drugs, error))
    return FALSE;
  if (drugs == NULL)
    return TRUE;
  self->has_drugs = TRUE;
  for (i = 0; i < json_array_get_length(drugs); i++) {
    g_autofree char *path = ct_json_path_index("drugs", i);

    if (!load_drug(self, json_array_get_element(drugs, i), path, library, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean load_pacing(CtScenario *self, JsonObject *root, GError **error)
{
  static const char *const members[] = {
      "mode",         "rate_bpm", "av_delay_ms", "vv_delay_ms", "lv_lead_segment",
      "rv_lead_site", "lv_only",  NULL,
  };
  static const char *const modes[] = {"none", "AAI", "VVI", "DDD", "CRT", NULL};
  static const char *const rv_sites[] = {"apex", "septum", NULL};
  /* Programmable ranges of current pacemakers and CRT devices; cs_therapy_validate holds the
   * same ranges and checks them again. */
  static const CtJsonRange rate = {30.0, 180.0, "bpm", NULL};
  static const CtJsonRange av_delay = {30.0, 350.0, "ms", NULL};
  static const CtJsonRange vv_delay = {-80.0, 80.0, "ms",
                                       N_("from -80 to 80 ms (positive: LV paced first)")};
  static const CtJsonRange segment = {1.0, CS_AHA_SEGMENTS, NULL,
                                      N_("an AHA segment from 1 to 17")};
  CsPacing *pacing = &self->therapy.pacing;
  JsonObject *object;
  gboolean present;
  int mode = 0, site = 0;
  gboolean lv_only = FALSE;
  guint i;

  if (!ct_json_get_object(root, WHAT, NULL, "pacing", FALSE, &object, error))
    return FALSE;
  if (object == NULL)
    return TRUE;
  self->has_pacing = TRUE;

  if (!ct_json_check_members(object, WHAT, "pacing", members, error) ||
      !ct_json_get_choice(object, WHAT, "pacing", "mode", TRUE, modes, &mode, NULL, error))
    return FALSE;
  pacing->mode = (CsPacingMode)mode;

  for (i = 0; i < G_N_ELEMENTS(pacing_members); i++) {
    const char *member = pacing_members[i].name;
    gboolean ok = TRUE;

    switch (pacing_members[i].member) {
    case PACING_RATE:
      ok = ct_json_get_number(object, WHAT, "pacing", member, FALSE, &rate, &pacing->rate_bpm,
                              &present, error);
      break;
    case PACING_AV_DELAY:
      ok = ct_json_get_number(object, WHAT, "pacing", member, FALSE, &av_delay,
                              &pacing->av_delay_ms, &present, error);
      break;
    case PACING_VV_DELAY:
      ok = ct_json_get_number(object, WHAT, "pacing", member, FALSE, &vv_delay,
                              &pacing->vv_delay_ms, &present, error);
      break;
    case PACING_LV_LEAD:
      ok = ct_json_get_integer(object, WHAT, "pacing", member, FALSE, &segment,
                               &pacing->lv_lead_segment, &present, error);
      break;
    case PACING_RV_LEAD:
      ok = ct_json_get_choice(object, WHAT, "pacing", member, FALSE, rv_sites, &site, &present,
                              error);
      if (ok && present)
        pacing->rv_lead_site = (CsRvLeadSite)site;
      break;
    case PACING_LV_ONLY:
      ok = ct_json_get_boolean(object, WHAT, "pacing", member, FALSE, &lv_only, &present, error);
      if (ok && present)
        pacing->lv_only = lv_only ? 1 : 0;
      break;
    default:
      g_assert_not_reached();
    }
    if (!ok)
      return FALSE;
    if (!present)
      continue;
    if ((pacing_members[i].modes & (1u << mode)) == 0) {
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                  _("%s: pacing.%s is given, but pacing.mode %s does not use it; remove it "
                    "or choose a mode that does"),
                  WHAT, member, modes[mode]);
      return FALSE;
    }
    self->pacing_present |= pacing_members[i].member;
  }
  /* LV-only pacing has no RV stimulus to offset the LV's from: an offset given with it would be
   * a setting silently dropped. */
  if (pacing->lv_only && (self->pacing_present & PACING_VV_DELAY)) {
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: pacing.vv_delay_ms is given with pacing.lv_only, which paces no RV to "
                  "offset the LV from; remove one of them"),
                WHAT);
    return FALSE;
  }
  return TRUE;
}

static gboolean load_lvad(CtScenario *self, JsonObject *root, GError **error)
{
  static const char *const members[] = {"speed_rpm", NULL};
  /* HeartMate 3 speed range (Abbott HeartMate 3 instructions for use: 3000–9000 rpm). */
  static const CtJsonRange speed = {3000.0, 9000.0, "rpm", NULL};
  JsonObject *object;

  if (!ct_json_get_object(root, WHAT, NULL, "lvad", FALSE, &object, error))
    return FALSE;
  if (object == NULL)
    return TRUE;
  if (!ct_json_check_members(object, WHAT, "lvad", members, error) ||
      !ct_json_get_number(object, WHAT, "lvad", "speed_rpm", TRUE, &speed,
                          &self->therapy.lvad_speed_rpm, NULL, error))
    return FALSE;
  self->has_lvad = TRUE;
  self->therapy.lvad_enabled = 1;
  return TRUE;
}

CtScenario *ct_scenario_new_from_bytes(GBytes *bytes, CtDrugLibrary *drugs, GError **error)
{
  static const char *const members[] = {
      "format", "name", "drugs", "pacing", "lvad", "baroreflex", NULL,
  };
  g_autoptr(CtScenario) self = NULL;
  g_autoptr(JsonNode) root = NULL;
  CsError engine_error = {{0}};
  gboolean baroreflex = TRUE;
  const char *name;
  JsonObject *object;

  g_return_val_if_fail(bytes != NULL, NULL);
  g_return_val_if_fail(CT_IS_DRUG_LIBRARY(drugs), NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);

  root = ct_json_parse_bytes(bytes, CT_SCENARIO_MAX_BYTES, WHAT, error);
  if (root == NULL)
    return NULL;
  object = json_node_get_object(root);
  self = g_object_new(CT_TYPE_SCENARIO, NULL);

  if (!ct_json_check_format(object, WHAT, FORMAT, error) ||
      !ct_json_check_members(object, WHAT, NULL, members, error) ||
      !ct_json_get_string(object, WHAT, NULL, "name", FALSE, MAX_NAME_CHARS, FALSE, &name, error) ||
      !load_drugs(self, object, drugs, error) || !load_pacing(self, object, error) ||
      !load_lvad(self, object, error) ||
      !ct_json_get_boolean(object, WHAT, NULL, "baroreflex", FALSE, &baroreflex,
                           &self->has_baroreflex, error))
    return NULL;
  self->name = g_strdup(name);
  self->therapy.baroreflex_enabled = baroreflex ? 1 : 0;

  /* The engine's own check, last: it knows rules the format does not spell out. */
  if (cs_therapy_validate(&self->therapy, &engine_error) != CS_OK) {
    g_autofree char *why = ct_engine_error_describe(&engine_error, NULL);

    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID, _("%s: %s"), WHAT, why);
    return NULL;
  }
  return g_steal_pointer(&self);
}

CtScenario *ct_scenario_new_from_file(const char *path, CtDrugLibrary *drugs, GError **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail(path != NULL, NULL);

  bytes = ct_json_read_file(path, CT_SCENARIO_MAX_BYTES, WHAT, error);
  if (bytes == NULL)
    return NULL;
  return ct_scenario_new_from_bytes(bytes, drugs, error);
}

/* The pacing members @mode uses (PacingMember bits). */
static guint pacing_members_of(CsPacingMode mode)
{
  guint members = 0;

  for (guint i = 0; i < G_N_ELEMENTS(pacing_members); i++)
    if (pacing_members[i].modes & (1u << mode))
      members |= pacing_members[i].member;
  return members;
}

CtScenario *ct_scenario_new_from_therapy(const char *name, const CsTherapy *therapy, GError **error)
{
  g_autoptr(CtScenario) self = NULL;
  CsError engine_error = {{0}};

  g_return_val_if_fail(therapy != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);

  if (name != NULL) {
    g_autofree char *trimmed = g_strstrip(g_strdup(name));

    if (!g_utf8_validate(name, -1, NULL) || *trimmed == '\0') {
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID, _("%s: the name is empty"), WHAT);
      return NULL;
    }
    if (g_utf8_strlen(name, -1) > MAX_NAME_CHARS) {
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                  _("%s: the name is longer than %d characters"), WHAT, MAX_NAME_CHARS);
      return NULL;
    }
    if (strpbrk(name, "\n\r") != NULL) {
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID, _("%s: the name must be one line"),
                  WHAT);
      return NULL;
    }
  }
  /* The engine's check: every range, the drug count, each drug once and its definition. */
  if (cs_therapy_validate(therapy, &engine_error) != CS_OK) {
    g_autofree char *why = ct_engine_error_describe(&engine_error, NULL);

    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID, _("%s: %s"), WHAT, why);
    return NULL;
  }

  self = g_object_new(CT_TYPE_SCENARIO, NULL);
  self->name = g_strdup(name);
  self->has_drugs = therapy->n_drugs > 0;
  for (int i = 0; i < therapy->n_drugs; i++) {
    self->therapy.drugs[i] = therapy->drugs[i];
    self->therapy.doses[i] = therapy->doses[i];
  }
  self->therapy.n_drugs = therapy->n_drugs;
  self->has_pacing = therapy->pacing.mode != CS_PACING_NONE;
  if (self->has_pacing) {
    const CsPacing *from = &therapy->pacing;
    CsPacing *to = &self->therapy.pacing;

    self->pacing_present = pacing_members_of(from->mode);
    to->mode = from->mode;
    /* LV-only pacing is said when on (there is no offset then); BiV pacing as the contract's
     * scenario writes it, without the member. */
    if (from->mode == CS_PACING_CRT && from->lv_only) {
      to->lv_only = 1;
      self->pacing_present = (self->pacing_present | PACING_LV_ONLY) & ~(guint)PACING_VV_DELAY;
    } else {
      self->pacing_present &= ~(guint)PACING_LV_ONLY;
    }
    /* The members the mode does not use keep the engine's defaults, as reading would give. */
    if (self->pacing_present & PACING_RATE)
      to->rate_bpm = from->rate_bpm;
    if (self->pacing_present & PACING_AV_DELAY)
      to->av_delay_ms = from->av_delay_ms;
    if (self->pacing_present & PACING_VV_DELAY)
      to->vv_delay_ms = from->vv_delay_ms;
    if (self->pacing_present & PACING_LV_LEAD)
      to->lv_lead_segment = from->lv_lead_segment;
    if (self->pacing_present & PACING_RV_LEAD)
      to->rv_lead_site = from->rv_lead_site;
  }
  self->has_lvad = therapy->lvad_enabled != 0;
  if (self->has_lvad) {
    self->therapy.lvad_enabled = 1;
    self->therapy.lvad_speed_rpm = therapy->lvad_speed_rpm;
  }
  self->has_baroreflex = !therapy->baroreflex_enabled;
  self->therapy.baroreflex_enabled = therapy->baroreflex_enabled ? 1 : 0;
  return g_steal_pointer(&self);
}

gboolean ct_scenario_therapy_equal(const CsTherapy *a, const CsTherapy *b)
{
  guint used;

  g_return_val_if_fail(a != NULL && b != NULL, FALSE);
  if (a->n_drugs != b->n_drugs || a->pacing.mode != b->pacing.mode ||
      (a->lvad_enabled != 0) != (b->lvad_enabled != 0) ||
      (a->baroreflex_enabled != 0) != (b->baroreflex_enabled != 0))
    return FALSE;
  for (int i = 0; i < a->n_drugs; i++)
    if (strcmp(a->drugs[i].name, b->drugs[i].name) != 0 || a->doses[i] != b->doses[i])
      return FALSE;
  if (a->lvad_enabled && a->lvad_speed_rpm != b->lvad_speed_rpm)
    return FALSE;
  used = a->pacing.mode <= CS_PACING_CRT ? pacing_members_of(a->pacing.mode) : 0;
  return !((used & PACING_RATE) && a->pacing.rate_bpm != b->pacing.rate_bpm) &&
         !((used & PACING_AV_DELAY) && a->pacing.av_delay_ms != b->pacing.av_delay_ms) &&
         !((used & PACING_LV_ONLY) && (a->pacing.lv_only != 0) != (b->pacing.lv_only != 0)) &&
         !((used & PACING_VV_DELAY) && !a->pacing.lv_only &&
           a->pacing.vv_delay_ms != b->pacing.vv_delay_ms) &&
         !((used & PACING_LV_LEAD) && a->pacing.lv_lead_segment != b->pacing.lv_lead_segment) &&
         !((used & PACING_RV_LEAD) && a->pacing.rv_lead_site != b->pacing.rv_lead_site);
}

/* ------------------------------------------------------------------ queries and writing */

/* The scenario's name, or NULL when the document gives none. */
const char *ct_scenario_get_name(CtScenario *self)
{
  g_return_val_if_fail(CT_IS_SCENARIO(self), NULL);

  return self->name;
}

void ct_scenario_set_name(CtScenario *self, const char *name)
{
  g_return_if_fail(CT_IS_SCENARIO(self));

  g_free(self->name);
  self->name = g_strdup(name);
}

/* The therapy to simulate: cs_therapy_default() with what the scenario sets. */
void ct_scenario_get_therapy(CtScenario *self, CsTherapy *therapy)
{
  g_return_if_fail(CT_IS_SCENARIO(self));
  g_return_if_fail(therapy != NULL);

  *therapy = self->therapy;
}

/* The scenario as cardiotwin-scenario/1 text, with the members it was read with. */
GBytes *ct_scenario_to_bytes(CtScenario *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new();
  g_autoptr(JsonNode) root = NULL;
  const CsTherapy *t = &self->therapy;
  const CsPacing *pacing = &t->pacing;
  int i;

  g_return_val_if_fail(CT_IS_SCENARIO(self), NULL);

  json_builder_begin_object(builder);
  json_builder_set_member_name(builder, "format");
  json_builder_add_string_value(builder, FORMAT);
  if (self->name != NULL) {
    json_builder_set_member_name(builder, "name");
    json_builder_add_string_value(builder, self->name);
  }
  if (self->has_drugs) {
    json_builder_set_member_name(builder, "drugs");
    json_builder_begin_array(builder);
    for (i = 0; i < t->n_drugs; i++) {
      json_builder_begin_object(builder);
      json_builder_set_member_name(builder, "drug");
      json_builder_add_string_value(builder, t->drugs[i].name);
      json_builder_set_member_name(builder, "dose");
      ct_json_builder_add_number(builder, t->doses[i]);
      json_builder_set_member_name(builder, "unit");
      json_builder_add_string_value(builder, cs_dose_unit_name(t->drugs[i].unit));
      json_builder_end_object(builder);
    }
    json_builder_end_array(builder);
  }
  if (self->has_pacing) {
    json_builder_set_member_name(builder, "pacing");
    json_builder_begin_object(builder);
    json_builder_set_member_name(builder, "mode");
    json_builder_add_string_value(builder, cs_pacing_mode_name(pacing->mode));
    if (self->pacing_present & PACING_RATE) {
      json_builder_set_member_name(builder, "rate_bpm");
      ct_json_builder_add_number(builder, pacing->rate_bpm);
    }
    if (self->pacing_present & PACING_AV_DELAY) {
      json_builder_set_member_name(builder, "av_delay_ms");
      ct_json_builder_add_number(builder, pacing->av_delay_ms);
    }
    if (self->pacing_present & PACING_VV_DELAY) {
      json_builder_set_member_name(builder, "vv_delay_ms");
      ct_json_builder_add_number(builder, pacing->vv_delay_ms);
    }
    if (self->pacing_present & PACING_LV_LEAD) {
      json_builder_set_member_name(builder, "lv_lead_segment");
      json_builder_add_int_value(builder, pacing->lv_lead_segment);
    }
    if (self->pacing_present & PACING_RV_LEAD) {
      json_builder_set_member_name(builder, "rv_lead_site");
      json_builder_add_string_value(builder,
                                    pacing->rv_lead_site == CS_RV_LEAD_SEPTUM ? "septum" : "apex");
    }
    if (self->pacing_present & PACING_LV_ONLY) {
      json_builder_set_member_name(builder, "lv_only");
      json_builder_add_boolean_value(builder, pacing->lv_only != 0);
    }
    json_builder_end_object(builder);
  }
  if (self->has_lvad) {
    json_builder_set_member_name(builder, "lvad");
    json_builder_begin_object(builder);
    json_builder_set_member_name(builder, "speed_rpm");
    ct_json_builder_add_number(builder, t->lvad_speed_rpm);
    json_builder_end_object(builder);
  }
  if (self->has_baroreflex) {
    json_builder_set_member_name(builder, "baroreflex");
    json_builder_add_boolean_value(builder, t->baroreflex_enabled != 0);
  }
  json_builder_end_object(builder);

  root = json_builder_get_root(builder);
  return ct_json_to_bytes(root);
}

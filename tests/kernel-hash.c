/* kernel-hash.c — the engine's bits on a set of cases, for tests/test-kernels.c.
 *
 * Built twice: against libcardiosim, whose integration kernels the loader picks for the
 * processor (AVX2 where it has it), and against the same sources built for the x86-64 baseline
 * alone. Each case prints its state's hash after some beats, then every index in hexadecimal
 * floating point, so that the two builds' outputs are equal byte for byte exactly when their
 * numbers are. Plain C and libcardiosim only: nothing else may differ between the two.
 */
#include "cardiosim.h"

#include <stdio.h>
#include <stdlib.h>

/* A synthetic inotrope and vasodilator, so that the cases do not depend on the drug library. */
static const CsDrugDef inodilator = {
    .name = "test-inodilator",
    .route = CS_ROUTE_INFUSION,
    .unit = CS_DOSE_MCG_KG_MIN,
    .dose_min = 0.0,
    .dose_max = 10.0,
    .clearance_ml_min_kg = 50.0,
    .n_effects = 2,
    .effects = {{CS_EFFECT_CONTRACTILITY, 0.5, 20.0, 1.0},
                {CS_EFFECT_SYSTEMIC_RESISTANCE, -0.3, 30.0, 1.0}},
};

static int print_case(const char *name, const CsParams *p, const CsTherapy *t, int steady)
{
  CsError error = {{0}};
  CsModel *m = cs_model_new(p, t, &error);
  const CsIndices *indices;

  if (m == NULL) {
    fprintf(stderr, "%s: %s\n", name, error.message);
    return 0;
  }
  if (steady) {
    CsSteadyStateResult result;
    if (cs_model_run_to_steady_state(m, NULL, &result, &error) != CS_OK) {
      fprintf(stderr, "%s: %s\n", name, error.message);
      cs_model_free(m);
      return 0;
    }
  } else {
    for (int beat = 0; beat < 40; beat++)
      if (cs_model_run_beat(m, &error) != CS_OK) {
        fprintf(stderr, "%s: %s\n", name, error.message);
        cs_model_free(m);
        return 0;
      }
  }
  printf("%s state %016llx\n", name, cs_model_state_hash(m));
  indices = cs_model_indices(m);
  for (size_t i = 0; i < cs_index_count(); i++)
    printf("%s %s %a\n", name, cs_index_name(i), cs_indices_get(indices, i));
  cs_model_free(m);
  return 1;
}

int main(void)
{
  CsParams p;
  CsTherapy t;
  int ok = 1;

  cs_params_default(&p);
  cs_therapy_default(&t);
  ok &= print_case("normal", &p, &t, 0);

  p.conduction = CS_CONDUCTION_LBBB;
  t.n_drugs = 1;
  t.drugs[0] = inodilator;
  t.doses[0] = 5.0;
  ok &= print_case("lbbb-inotrope", &p, &t, 0);

  cs_therapy_default(&t);
  for (int s = 9; s <= 11; s++) /* an inferior scar (AHA 10-12) */
    p.scar_transmurality[s] = 0.8;
  ok &= print_case("lbbb-scar", &p, &t, 0);

  t.pacing.mode = CS_PACING_CRT;
  t.pacing.lv_lead_segment = 5;
  t.pacing.av_delay_ms = 120.0;
  t.pacing.vv_delay_ms = 20.0;
  ok &= print_case("lbbb-scar-crt-steady", &p, &t, 1);

  cs_params_default(&p);
  cs_therapy_default(&t);
  t.lvad_enabled = 1;
  t.lvad_speed_rpm = 5600.0;
  t.baroreflex_enabled = 0;
  ok &= print_case("lvad", &p, &t, 0);

  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}

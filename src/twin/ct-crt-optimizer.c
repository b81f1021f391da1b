/* ct-crt-optimizer.c — search of CRT settings on a twin, on every core.
 *
 * The work is split by LV segment: each segment's candidates run in a fixed
 * order, warm-started from one another, from a common start state (CRT at
 * mid-range settings, at steady state), so no answer depends on which
 * thread evaluated it: the ranking is deterministic. The engine is
 * reentrant; each worker owns one CsModel.
 */
#include "ct-crt-optimizer.h"

#include "ct-engine-words.h"
#include "ct-i18n.h"
#include "ct-twin-error.h"

#include <math.h>
#include <string.h>

void ct_crt_search_default(CtCrtSearch *s)
{
  /* "Transmural": half the wall or more, as the twin page's scar warning and the fit's scar
   * (late enhancement of more than half the wall predicts no recovery, Kim et al. 2000; Bleeker
   * 2006's CRT non-responders had transmural posterolateral scar). */
  s->scar_exclusion_threshold = 0.5;
  /* Programmable AV delays of CRT devices and the range explored by AV
   * optimisation studies (Auricchio et al. 1999, Circulation 99:2993). */
  s->av_delay_min_ms = 80.0;
  s->av_delay_max_ms = 200.0;
  s->av_delay_step_ms = 20.0;
  /* VV offsets of current devices (+-80 ms); the useful range is narrower. */
  s->vv_delay_min_ms = -40.0;
  s->vv_delay_max_ms = 40.0;
  s->vv_delay_step_ms = 20.0;
  s->n_threads = 0;
}

void ct_crt_excluded_segments(const CsParams *params, const CtCrtSearch *search,
                              int excluded[CS_AHA_SEGMENTS + 1])
{
  int n = 0;
  for (int s = 0; s < CS_AHA_SEGMENTS; s++)
    if (params->scar_transmurality[s] >= search->scar_exclusion_threshold)
      excluded[n++] = s + 1;
  excluded[n] = 0;
}

typedef struct {
  const CsParams *params;
  CsTherapy therapy;
  const void *start_state;
  CtCrtCandidate *candidates;
  guint n_candidates;
  guint per_segment; /* candidates of one segment, consecutive in the list */
  gint next;         /* atomic: next segment to take */
  gint done;         /* atomic */
  gint failed;
  double baseline_dpdt;
  CtCrtProgress progress;
  gpointer user_data;
  GCancellable *cancellable;
  GMutex error_lock;
  CsError error; /* the failure that stopped the search */
  gboolean has_first_unsimulated;
  CsError first_unsimulated;                    /* of the first setting left out… */
  CsSteadyStateResult first_unsimulated_result; /* …and its search */
} Search;

/* A worker takes one LV segment at a time and evaluates its candidates in
 * their list order (AV ascending, VV ascending), each warm-started from the
 * one before; the first from the common start state. A segment's answers
 * therefore never depend on the thread or on other segments. */
static gpointer worker(gpointer data)
{
  Search *s = data;
  CsError error = {{0}};
  CsModel *model = cs_model_new(s->params, &s->therapy, &error);

  if (model == NULL)
    goto fail;
  /* The beat map learned at the common start state, identical on every worker: each
   * candidate's search takes ~2.5 beats instead of ~5.7 (paced ones 2.6 instead of 6.8), and
   * lands nearer the fixed point (docs/engine.md, "Integration and steady state"). */
  if (cs_model_restore_state(model, s->start_state, &error) != CS_OK)
    goto fail;
  {
    /* A failed beat of the learning only leaves the map unlearned: each segment starts from the
     * start state again. */
    CsError learn_error = {{0}};
    int learned;
    (void)cs_model_learn_beat_map(model, &learned, &learn_error);
  }
  for (;;) {
    guint unit = (guint)g_atomic_int_add(&s->next, 1);
    guint first = unit * s->per_segment;

    if (first >= s->n_candidates || g_cancellable_is_cancelled(s->cancellable) ||
        g_atomic_int_get(&s->failed))
      break;
    if (cs_model_restore_state(model, s->start_state, &error) != CS_OK)
      goto fail;
    for (guint i = first; i < first + s->per_segment; i++) {
      CtCrtCandidate *c = &s->candidates[i];
      CsTherapy t = s->therapy;
      CsSteadyStateResult result = {0};

      if (g_cancellable_is_cancelled(s->cancellable))
        break;
      t.pacing.lv_lead_segment = c->lv_lead_segment;
      t.pacing.av_delay_ms = c->av_delay_ms;
      t.pacing.vv_delay_ms = c->vv_delay_ms;
      if (cs_model_set_therapy(model, &t, &error) != CS_OK ||
          cs_model_run_to_steady_state(model, NULL, &result, &error) != CS_OK) {
        /* One setting the engine cannot bring to a steady state (a rate its activation does not
         * fit, a circulation pumped empty) is left out of the ranking, not the whole search: the
         * clinician still gets every other setting, and is told how many were left out. The next
         * candidate starts from the common start state again, so that the answers stay the same
         * whatever thread took the segment. */
        g_mutex_lock(&s->error_lock);
        if (!s->has_first_unsimulated) {
          s->has_first_unsimulated = TRUE;
          s->first_unsimulated = error;
          s->first_unsimulated_result = result;
        }
        g_mutex_unlock(&s->error_lock);
        c->simulated = 0;
        memset(&error, 0, sizeof error);
        if (cs_model_restore_state(model, s->start_state, &error) != CS_OK)
          goto fail;
        if (s->progress != NULL)
          s->progress((guint)g_atomic_int_add(&s->done, 1) + 1, s->n_candidates, s->user_data);
        continue;
      }
      c->simulated = 1;
      c->dpdt_max_mmhg_s = cs_model_indices(model)->dpdt_max_mmhg_s;
      c->sv_ml = cs_model_indices(model)->sv_ml;
      c->lv_activation_ms = cs_model_indices(model)->lv_activation_ms;
      c->gain_pct = 100.0 * (c->dpdt_max_mmhg_s - s->baseline_dpdt) / s->baseline_dpdt;
      c->paced = cs_model_ventricular_pacing(model);
      if (s->progress != NULL)
        s->progress((guint)g_atomic_int_add(&s->done, 1) + 1, s->n_candidates, s->user_data);
    }
  }
  cs_model_free(model);
  return NULL;

fail:
  g_mutex_lock(&s->error_lock);
  if (!g_atomic_int_get(&s->failed))
    s->error = error;
  g_atomic_int_set(&s->failed, 1);
  g_mutex_unlock(&s->error_lock);
  cs_model_free(model);
  return NULL;
}

static int rank(gconstpointer a, gconstpointer b)
{
  const CtCrtCandidate *x = a, *y = b;
  if (x->gain_pct != y->gain_pct)
    return x->gain_pct > y->gain_pct ? -1 : 1;
  if (x->sv_ml != y->sv_ml)
    return x->sv_ml > y->sv_ml ? -1 : 1;
  /* Full order, so the ranking never depends on the sort's stability. */
  if (x->lv_lead_segment != y->lv_lead_segment)
    return x->lv_lead_segment - y->lv_lead_segment;
  if (x->av_delay_ms != y->av_delay_ms)
    return x->av_delay_ms < y->av_delay_ms ? -1 : 1;
  return x->vv_delay_ms < y->vv_delay_ms ? -1 : x->vv_delay_ms > y->vv_delay_ms;
}

/* The steady state of @therapy; NULL if reached, else why not, in the user's words (g_free). */
static char *steady_baseline(const CsParams *params, const CsTherapy *therapy, CsIndices *out,
                             void *state)
{
  CsError e = {{0}};
  CsSteadyStateResult result = {0};
  CsModel *m = cs_model_new(params, therapy, &e);

  if (m == NULL || cs_model_run_to_steady_state(m, NULL, &result, &e) != CS_OK) {
    cs_model_free(m);
    return ct_engine_error_describe(&e, &result);
  }
  *out = *cs_model_indices(m);
  if (state != NULL)
    cs_model_save_state(m, state);
  cs_model_free(m);
  return NULL;
}

GArray *ct_crt_optimize(const CsParams *params, const CsTherapy *therapy, const CtCrtSearch *search,
                        CsIndices *baseline, guint *n_not_paced, guint *n_not_simulated,
                        CtCrtProgress progress, gpointer user_data, GCancellable *cancellable,
                        GError **error)
{
  g_autofree void *start = g_malloc0(cs_model_state_size());
  g_autoptr(GArray) candidates = g_array_new(FALSE, TRUE, sizeof(CtCrtCandidate));
  g_autoptr(GPtrArray) threads = g_ptr_array_new();
  CsTherapy intrinsic = *therapy, paced = *therapy;
  CsIndices base, nominal;
  g_autofree char *why = NULL;
  Search s = {0};
  guint n_threads;

  g_return_val_if_fail(params != NULL && therapy != NULL && search != NULL, NULL);

  if (!(search->av_delay_step_ms > 0.0) || !(search->vv_delay_step_ms > 0.0) ||
      search->av_delay_min_ms > search->av_delay_max_ms ||
      search->vv_delay_min_ms > search->vv_delay_max_ms) {
    g_set_error_literal(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                        _("the AV and VV delay ranges must be ascending, with positive steps"));
    return NULL;
  }

  for (int seg = 1; seg <= CS_AHA_SEGMENTS; seg++) {
    if (params->scar_transmurality[seg - 1] >= search->scar_exclusion_threshold)
      continue;
    for (double av = search->av_delay_min_ms; av <= search->av_delay_max_ms + 1e-9;
         av += search->av_delay_step_ms)
      for (double vv = search->vv_delay_min_ms; vv <= search->vv_delay_max_ms + 1e-9;
           vv += search->vv_delay_step_ms) {
        CtCrtCandidate c = {seg, av, vv, 0.0, 0.0, 0.0, 0.0, 0, 0};
        g_array_append_val(candidates, c);
      }
  }
  if (candidates->len == 0) {
    g_set_error_literal(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                        _("every LV segment is in transmural scar: there is no lead site to "
                          "propose"));
    return NULL;
  }

  /* Baseline: the patient's own rhythm with the rest of the therapy. */
  intrinsic.pacing.mode = CS_PACING_NONE;
  why = steady_baseline(params, &intrinsic, &base, NULL);
  if (why != NULL) {
    /* TRANSLATORS: %s says why the engine cannot simulate it. */
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_SIMULATION,
                _("the patient’s own rhythm cannot be simulated: %s"), why);
    return NULL;
  }

  /* Start state for every candidate: CRT at mid-range settings, at steady
   * state, so each candidate needs only a few beats. */
  paced.pacing.mode = CS_PACING_CRT;
  paced.pacing.lv_only = 0; /* the search is over biventricular settings (VV offsets) */
  paced.pacing.av_delay_ms = 0.5 * (search->av_delay_min_ms + search->av_delay_max_ms);
  paced.pacing.vv_delay_ms = 0.0;
  why = steady_baseline(params, &paced, &nominal, start);
  if (why != NULL) {
    /* TRANSLATORS: %s says why the engine cannot simulate it. */
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_SIMULATION,
                _("CRT at the middle of the AV delay range cannot be simulated: %s"), why);
    return NULL;
  }

  s.params = params;
  s.therapy = paced;
  s.start_state = start;
  s.candidates = (CtCrtCandidate *)(void *)candidates->data;
  s.n_candidates = candidates->len;
  s.per_segment = 0;
  for (double av = search->av_delay_min_ms; av <= search->av_delay_max_ms + 1e-9;
       av += search->av_delay_step_ms)
    for (double vv = search->vv_delay_min_ms; vv <= search->vv_delay_max_ms + 1e-9;
         vv += search->vv_delay_step_ms)
      s.per_segment++;
  s.baseline_dpdt = base.dpdt_max_mmhg_s;
  s.progress = progress;
  s.user_data = user_data;
  s.cancellable = cancellable;
  g_mutex_init(&s.error_lock);

  n_threads = search->n_threads > 0 ? search->n_threads : g_get_num_processors();
  n_threads = MIN(n_threads, candidates->len / s.per_segment);
  for (guint i = 1; i < n_threads; i++)
    g_ptr_array_add(threads, g_thread_new("crt-search", worker, &s));
  worker(&s); /* the calling thread works too */
  for (guint i = 0; i < threads->len; i++)
    g_thread_join(threads->pdata[i]);
  g_mutex_clear(&s.error_lock);

  if (g_cancellable_set_error_if_cancelled(cancellable, error))
    return NULL;
  if (s.failed) {
    g_autofree char *reason = ct_engine_error_describe(&s.error, NULL);

    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_SIMULATION,
                _("a setting cannot be simulated: %s"), reason);
    return NULL;
  }
  /* Settings the engine could not simulate are left out (counted apart); so are those whose
   * stimuli intrinsic conduction inhibits (an AV delay longer than the patient's own
   * conduction), which are not CRT. */
  {
    guint unsimulated = 0, not_paced = 0;

    for (guint i = candidates->len; i-- > 0;) {
      const CtCrtCandidate *c = &g_array_index(candidates, CtCrtCandidate, i);

      if (!c->simulated || !c->paced) {
        if (!c->simulated)
          unsimulated++;
        else
          not_paced++;
        g_array_remove_index(candidates, i);
      }
    }
    if (unsimulated == s.n_candidates) {
      g_autofree char *reason =
          ct_engine_error_describe(&s.first_unsimulated, &s.first_unsimulated_result);

      /* TRANSLATORS: %s says why the first setting tried could not be simulated. */
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_SIMULATION,
                  _("no setting can be simulated: %s"), reason);
      return NULL;
    }
    if (n_not_paced != NULL)
      *n_not_paced = not_paced;
    if (n_not_simulated != NULL)
      *n_not_simulated = unsimulated;
  }
  g_array_sort(candidates, rank);
  if (baseline != NULL)
    *baseline = base;
  return g_steal_pointer(&candidates);
}

gboolean ct_crt_lv_only_best(const CsParams *params, const CsTherapy *therapy,
                             const CtCrtSearch *search, int lv_lead_segment,
                             const CsIndices *baseline, CtCrtCandidate *best, gboolean *found,
                             guint *n_not_paced, guint *n_not_simulated, GCancellable *cancellable,
                             GError **error)
{
  CsError e = {{0}};
  guint unsimulated = 0, not_paced = 0;
  CsTherapy t = *therapy;
  CsModel *model = NULL;

  g_return_val_if_fail(params != NULL && therapy != NULL && search != NULL, FALSE);
  g_return_val_if_fail(baseline != NULL && best != NULL && found != NULL, FALSE);
  g_return_val_if_fail(lv_lead_segment >= 1 && lv_lead_segment <= CS_AHA_SEGMENTS, FALSE);
  g_return_val_if_fail(search->av_delay_step_ms > 0.0, FALSE);

  *found = FALSE;
  memset(best, 0, sizeof *best);
  if (n_not_paced != NULL)
    *n_not_paced = 0;
  if (n_not_simulated != NULL)
    *n_not_simulated = 0;
  t.pacing.mode = CS_PACING_CRT;
  t.pacing.lv_only = 1;
  t.pacing.vv_delay_ms = 0.0;
  t.pacing.lv_lead_segment = lv_lead_segment;
  /* One model through the AV delays in order, each setting warm-started from the one before (as
   * the biventricular search does within a segment): a few beats each. */
  for (double av = search->av_delay_min_ms; av <= search->av_delay_max_ms + 1e-9;
       av += search->av_delay_step_ms) {
    CsSteadyStateResult result = {0};
    CtCrtCandidate c = {lv_lead_segment, av, 0.0, 0.0, 0.0, 0.0, 0.0, 0, 1, 1};

    if (g_cancellable_set_error_if_cancelled(cancellable, error)) {
      cs_model_free(model);
      return FALSE;
    }
    t.pacing.av_delay_ms = av;
    if (model == NULL)
      model = cs_model_new(params, &t, &e);
    else if (cs_model_set_therapy(model, &t, &e) != CS_OK)
      g_clear_pointer(&model, cs_model_free);
    if (model == NULL || cs_model_run_to_steady_state(model, NULL, &result, &e) != CS_OK) {
      /* Left out, as the biventricular search leaves out a setting it cannot bring to a steady
       * state (counted, so that "inhibited" is said only of settings that ran); the next AV
       * delay starts afresh. */
      g_clear_pointer(&model, cs_model_free);
      unsimulated++;
      continue;
    }
    c.dpdt_max_mmhg_s = cs_model_indices(model)->dpdt_max_mmhg_s;
    c.sv_ml = cs_model_indices(model)->sv_ml;
    c.lv_activation_ms = cs_model_indices(model)->lv_activation_ms;
    c.gain_pct =
        100.0 * (c.dpdt_max_mmhg_s - baseline->dpdt_max_mmhg_s) / baseline->dpdt_max_mmhg_s;
    c.paced = cs_model_ventricular_pacing(model);
    if (!c.paced)
      not_paced++;
    if (c.paced && (!*found || rank(&c, best) < 0)) {
      *best = c;
      *found = TRUE;
    }
  }
  cs_model_free(model);
  if (n_not_paced != NULL)
    *n_not_paced = not_paced;
  if (n_not_simulated != NULL)
    *n_not_simulated = unsimulated;
  return TRUE;
}

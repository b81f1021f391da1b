/* ct-crt-optimizer.h — search of CRT settings on a twin.
 *
 * Evaluates every LV lead segment (AHA 1-17, except segments in transmural
 * scar) x AV delay x VV delay as biventricular pacing and ranks the
 * candidates by the acute rise of LV dP/dtmax over the patient's own rhythm,
 * the measure of the acute haemodynamic CRT studies (Kass et al. 1999,
 * Circulation 99:1567; Nelson et al. 2000, Circulation 101:2703; Derval et
 * al. 2010, J Am Coll Cardiol 55:566), stroke volume breaking ties.
 */
#pragma once

#include <gio/gio.h>

#include "cardiosim.h"

G_BEGIN_DECLS

typedef struct {
  int lv_lead_segment;
  double av_delay_ms;
  double vv_delay_ms;
  double dpdt_max_mmhg_s;
  double sv_ml;
  double lv_activation_ms;
  double gain_pct; /* dP/dtmax change from the baseline rhythm */
  int paced;       /* stimuli delivered (always 1 in a returned ranking) */
  int simulated;   /* brought to a steady state (always 1 in a returned ranking) */
  int lv_only;     /* the LV lead paces alone (ct_crt_lv_only_best); vv_delay_ms then 0 */
} CtCrtCandidate;

typedef struct {
  /* Segments whose scar transmurality reaches this are never proposed:
   * pacing in transmural scar fails to capture or captures late (Bleeker et
   * al. 2006, Circulation 113:969). */
  double scar_exclusion_threshold;
  double av_delay_min_ms, av_delay_max_ms, av_delay_step_ms;
  double vv_delay_min_ms, vv_delay_max_ms, vv_delay_step_ms;
  guint n_threads; /* 0: one per processor */
} CtCrtSearch;

/* 17 segments x AV 80-200 ms by 20 x VV -40..+40 ms by 20: 595 candidates
 * (fewer when scar excludes segments). */
void ct_crt_search_default(CtCrtSearch *search);

/* Called from worker threads with the number of candidates evaluated. */
typedef void (*CtCrtProgress)(guint done, guint total, gpointer user_data);

/* Runs the search for the twin's params and the therapy it is given (drugs,
 * LVAD and baroreflex kept; pacing replaced by CRT at the lower rate given).
 * Returns the candidates ranked best first, the baseline's indices in
 * @baseline, in @n_not_paced how many settings were left out because
 * intrinsic conduction inhibits their stimuli, and in @n_not_simulated how
 * many because the engine could not bring them to a steady state (each may
 * be NULL; the search fails only if no setting can be simulated).
 * Cancellable; the result is the same whatever the number of threads. */
GArray *ct_crt_optimize(const CsParams *params, const CsTherapy *therapy, const CtCrtSearch *search,
                        CsIndices *baseline, guint *n_not_paced, guint *n_not_simulated,
                        CtCrtProgress progress, gpointer user_data, GCancellable *cancellable,
                        GError **error);

/* LV-only pacing from @lv_lead_segment (the LV lead alone, the RV reached by the patient's own
 * right bundle or across the septum: a CRT device's LV-only pacing, which the acute studies found
 * to raise dP/dtmax about as much as biventricular pacing, Auricchio et al. 1999, Circulation
 * 99:2993) at each AV delay of @search's range, the therapy otherwise as ct_crt_optimize() takes
 * it. Its best paced setting, by the same ranking, in @best (lv_only 1, gain over @baseline's
 * dP/dtmax); *@found FALSE when none paces. As ct_crt_optimize() counts them, @n_not_paced
 * says at how many AV delays the patient's own conduction inhibits the stimulus and
 * @n_not_simulated at how many the engine cannot bring the setting to a steady state (each left
 * out; each may be NULL). FALSE with @error only when cancelled. */
gboolean ct_crt_lv_only_best(const CsParams *params, const CsTherapy *therapy,
                             const CtCrtSearch *search, int lv_lead_segment,
                             const CsIndices *baseline, CtCrtCandidate *best, gboolean *found,
                             guint *n_not_paced, guint *n_not_simulated, GCancellable *cancellable,
                             GError **error);

/* Segments excluded for scar, as a 0-terminated list of AHA numbers. */
void ct_crt_excluded_segments(const CsParams *params, const CtCrtSearch *search,
                              int excluded[CS_AHA_SEGMENTS + 1]);

G_END_DECLS

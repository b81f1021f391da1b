/* ct-beat.c — one simulated heartbeat at periodic steady state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-beat.h"

#include <math.h>
#include <string.h>

typedef struct {
  CtBeat beat;
  gatomicrefcount refs;
} Beat;

G_DEFINE_BOXED_TYPE(CtBeat, ct_beat, ct_beat_ref, ct_beat_unref)

CtBeat *ct_beat_ref(CtBeat *beat)
{
  g_return_val_if_fail(beat != NULL, NULL);
  g_atomic_ref_count_inc(&((Beat *)beat)->refs);
  return beat;
}

void ct_beat_unref(CtBeat *beat)
{
  g_return_if_fail(beat != NULL);
  if (g_atomic_ref_count_dec(&((Beat *)beat)->refs)) {
    g_free(beat->samples);
    g_free(beat);
  }
}

CtBeat *ct_beat_new_from_model(const CsModel *model, guint generation)
{
  Beat *b = g_new0(Beat, 1);
  CtBeat *beat = &b->beat;

  g_atomic_ref_count_init(&b->refs);
  beat->indices = *cs_model_indices(model);
  beat->n_samples = cs_model_waveform(model, NULL, 0);
  beat->samples = g_new(CsSample, MAX(beat->n_samples, 1));
  cs_model_waveform(model, beat->samples, beat->n_samples);
  /* The beat lasts one cardiac cycle at the simulated rate. */
  beat->period_s = beat->indices.hr_bpm > 0.0 ? 60.0 / beat->indices.hr_bpm : 1.0;
  cs_model_segment_activation_ms(model, beat->segment_activation_ms);
  beat->lvad_suction = cs_model_lvad_suction(model) != 0;
  beat->av_interval_ms = cs_model_qrs_onset_ms(model) > 0.0 ? cs_model_qrs_onset_ms(model) : NAN;
  cs_model_cycle(model, &beat->cycle);
  beat->generation = generation;
  return beat;
}

void ct_beat_sample_at(const CtBeat *beat, double time_s, CsSample *out)
{
  const double *a, *b;
  double *o = (double *)(void *)out;
  double t, f;
  gsize lo = 0, hi;

  g_return_if_fail(beat != NULL && out != NULL);
  if (beat->n_samples == 0) {
    memset(out, 0, sizeof *out);
    return;
  }
  t = fmod(time_s, beat->period_s);
  if (t < 0.0)
    t += beat->period_s;
  /* Binary search for the last sample at or before t. */
  hi = beat->n_samples - 1;
  while (lo < hi) {
    gsize mid = (lo + hi + 1) / 2;

    if (beat->samples[mid].time_s <= t)
      lo = mid;
    else
      hi = mid - 1;
  }
  if (lo + 1 >= beat->n_samples) {
    *out = beat->samples[lo];
    return;
  }
  a = (const double *)(const void *)&beat->samples[lo];
  b = (const double *)(const void *)&beat->samples[lo + 1];
  f = (t - beat->samples[lo].time_s) /
      MAX(beat->samples[lo + 1].time_s - beat->samples[lo].time_s, 1e-12);
  /* CsSample is all doubles (cardiosim.h); interpolate each. */
  for (gsize i = 0; i < sizeof(CsSample) / sizeof(double); i++)
    o[i] = a[i] + f * (b[i] - a[i]);
}

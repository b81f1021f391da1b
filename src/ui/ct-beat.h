/* ct-beat.h — one simulated heartbeat at periodic steady state, as the view and plots show it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "cardiosim.h"

G_BEGIN_DECLS

#define CT_TYPE_BEAT (ct_beat_get_type())

/* Immutable once published, reference-counted: the worker thread makes it, the main thread and
 * the frame clock read it, and whoever holds a reference keeps it alive. */
typedef struct {
  CsIndices indices;
  CsSample *samples; /* the beat's waveform, time_s from 0 to period_s */
  gsize n_samples;
  double period_s;
  double segment_activation_ms[CS_AHA_SEGMENTS];
  gboolean lvad_suction;
  /* From the beat's atrial activation to its QRS onset: the PR interval where the ventricles
   * conduct (it lengthens with the atrial rate), the AV delay where they are paced; NaN where VVI
   * paces, the beat starting with the ventricular stimulus (cs_model_qrs_onset_ms). In a cycle of
   * several beats (period_beats > 1: paced and sensed beats taking turns, or alternating beats)
   * it is the last beat's, where the indices are the cycle's. */
  double av_interval_ms;
  /* The beats the indices describe: one, or a cycle of several (cs_model_cycle). */
  CsCycle cycle;
  guint generation; /* increases with every therapy the worker was asked to simulate */
} CtBeat;

GType ct_beat_get_type(void) G_GNUC_CONST;
CtBeat *ct_beat_ref(CtBeat *beat);
void ct_beat_unref(CtBeat *beat);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CtBeat, ct_beat_unref)

/* The beat read from a model that just ran it. */
CtBeat *ct_beat_new_from_model(const CsModel *model, guint generation);

/* The state @time_s into the beat (wrapped into the period), linearly interpolated between
 * samples: what the view draws at a frame. */
void ct_beat_sample_at(const CtBeat *beat, double time_s, CsSample *out);

G_END_DECLS

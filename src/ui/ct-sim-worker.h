/* ct-sim-worker.h — the engine on a worker thread: the latest steady-state beat for a therapy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ct-beat.h"

G_BEGIN_DECLS

#define CT_TYPE_SIM_WORKER (ct_sim_worker_get_type())

G_DECLARE_FINAL_TYPE(CtSimWorker, ct_sim_worker, CT, SIM_WORKER, GObject)

/* A worker for the twin whose parameters are @params; nothing runs until a therapy is set.
 * Signals are emitted on the thread-default main context of the thread that made it. */
CtSimWorker *ct_sim_worker_new(const CsParams *params);

/* Asks for the steady state under @therapy. Returns at once; while the worker is busy, only the
 * newest request is kept (a slider drag asks many times, the view needs the last). */
void ct_sim_worker_set_therapy(CtSimWorker *self, const CsTherapy *therapy);

/* The same, from the engine's initial state rather than the previous therapy's steady state: the
 * periodic steady state the tolerance accepts depends a little on where it is approached from, so
 * a plan that returns to the baseline's therapy is computed as the baseline was, and shows the
 * baseline's figures exactly. */
void ct_sim_worker_set_therapy_cold(CtSimWorker *self, const CsTherapy *therapy);
/* The newest beat computed (a new reference), or NULL before the first. */
CtBeat *ct_sim_worker_get_beat(CtSimWorker *self);

/* Runs @model to its periodic steady state within the engine's default budget of beats, in
 * chunks, asking @stop (@data) between them (NULL: never stops): what the worker and the other
 * engine runs of the app (the comparison) share. CS_ERROR_NOT_CONVERGED when the budget is spent
 * (@error then counts the whole budget: ct_engine_error_describe() tells it), or when @stop said
 * so, then with *@stopped set. */
CsStatus ct_sim_run_until_steady(CsModel *model, gboolean (*stop)(gpointer data), gpointer data,
                                 CsSteadyStateResult *result, gboolean *stopped, CsError *error);

G_END_DECLS

/* ct-engine-words.h — the engine's failures said in the user's language (ct-engine-words.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "cardiosim.h"

G_BEGIN_DECLS

/* What @error says, translated: each CsFailure has its sentence, filled from the error's parts;
 * CS_FAILURE_OTHER gives the engine's English message as it is. @result (may be NULL) is the
 * steady-state search's, for what a search that did not converge still moved. Free with g_free. */
char *ct_engine_error_describe(const CsError *error, const CsSteadyStateResult *result);

/* What a steady-state search that did not converge still moved most and by how much, against the
 * tolerance, translated ("the volume of the systemic veins by 5.32 ml (a steady state moves it
 * less than 0.02 ml)"); NULL when @result names nothing. Free with g_free. */
char *ct_format_unsettled(const CsSteadyStateResult *result);

/* What the indices of a cycle of several beats stand for (cs_model_cycle), translated: paced and
 * sensed beats taking turns; beats of one timing alternating (pulsus alternans), or varying over
 * a longer cycle (its length in seconds too, from @hr_bpm, the cycle's heart rate as its indices
 * give it), with the range of their stroke volumes; the figures being the cycle's means. NULL for
 * a single beat. Free with g_free. */
char *ct_cycle_describe(const CsCycle *cycle, double hr_bpm);

G_END_DECLS

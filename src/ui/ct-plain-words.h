/* ct-plain-words.h — a plan told to the patient in plain words (the patient view, issue 7).
 *
 * GLib only, no widget: tested without a display (tests/test-plain-words.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "cardiosim.h"

G_BEGIN_DECLS

/* The change from @baseline to @plan in translated sentences a patient reads without help: no
 * jargon, no unit abbreviations, numbers only where rounded on purpose (the blood pumped each
 * minute to the nearest half litre, the beats per minute to the nearest 5), and always as what the
 * model suggests would happen, never a promise. When @plan is @baseline's figures, one sentence
 * says this is the heart as it is today; when either lies beyond the values reported in patients
 * (cs_index_human_range), one sentence says the model cannot tell. Returns a new array of strings
 * (g_free as the free function). */
GPtrArray *ct_plain_words_compare(const CsIndices *baseline, const CsIndices *plan);

G_END_DECLS

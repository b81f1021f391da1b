/* ct-indices-table.h — the haemodynamic indices, baseline | plan | change, in the contract's order
 * (DESIGN.md) and in clinical words with units.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cardiosim.h"
#include "ct-index-format.h"

G_BEGIN_DECLS

#define CT_TYPE_INDICES_TABLE (ct_indices_table_get_type())
G_DECLARE_FINAL_TYPE(CtIndicesTable, ct_indices_table, CT, INDICES_TABLE, GtkWidget)

GtkWidget *ct_indices_table_new(void);

/* Either may be NULL (not computed yet): its column shows dashes. */
void ct_indices_table_set_indices(CtIndicesTable *self, const CsIndices *baseline,
                                  const CsIndices *plan);

/* The AV interval (PR) of each beat, in the row after the indices: the engine knows it beside
 * them (ct-beat.h), and a clinician setting AAI or DDD pacing reads it with them. NaN (or a
 * column without a beat): a dash. */
void ct_indices_table_set_av_intervals(CtIndicesTable *self, double baseline_ms, double plan_ms);

/* The text shown in row @index (cs_index_name() order; cs_index_count() for the AV interval) of
 * column 0 baseline, 1 plan, 2 change: what the clinician reads, for tests. */
const char *ct_indices_table_get_cell(CtIndicesTable *self, guint index, guint column);
/* Whether that cell (column 0 or 1) is marked as beyond the values reported in patients, for tests.
 */
gboolean ct_indices_table_cell_outside_human_range(CtIndicesTable *self, guint index, guint column);

/* ct_index_label(): src/plots/ct-index-format.h. */

G_END_DECLS

/* ct-index-format.h — the haemodynamic indices in a clinician's words: the clinical name of each
 * index of the contract (DESIGN.md), its unit as a report prints it, and its value with the
 * decimals a clinician reads. Shared by the indices table on screen (src/ui) and the PDF report
 * (src/report): GLib only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "cardiosim.h"

G_BEGIN_DECLS

/* The index shown at row @position of a table of the indices: the contract's order (cs_index_name
 * order), with the mitral regurgitation's indices, beyond the contract's, after the LV's ejection
 * fraction, with the LV's volumes. */
guint ct_index_shown_at(guint position);

/* The index named @name (cs_index_name), or -1 where none is. */
int ct_index_find(const char *name);

/* The clinical name of index @index (cs_index_name() order), e.g. "Stroke volume", translated. */
const char *ct_index_label(guint index);

/* The unit shown for index @index, translated: pressures in kPa when @pressure_kpa (else mmHg),
 * stroke work in mJ, the engine's units (cs_index_unit) otherwise. */
const char *ct_index_unit_label(guint index, gboolean pressure_kpa);

/* @value (in the engine's unit) in the unit shown, with the decimals to print in *@decimals. */
double ct_index_shown_value(guint index, double value, gboolean pressure_kpa, int *decimals);

/* The value as shown ("57"), or an em dash when not finite. A value beyond its human range
 * (cs_index_human_range) takes the decimals that show it beyond the bound ("29.6" where the
 * range starts at 30), and one that rounds to nothing is "0", never "-0". */
char *ct_index_format_value(guint index, double value, gboolean pressure_kpa);

/* The change from @baseline to @plan of the numbers shown ("+3", "−1" with U+2212, "0"), or ""
 * when either is not finite. */
char *ct_index_format_change(guint index, double baseline, double plan, gboolean pressure_kpa);

/* The range of values reported in patients for index @index (cs_index_human_range), in the unit
 * shown and in words, translated: "30 to 220 mmHg", "at most 70 mmHg" ("at least ..." for a range
 * with only a lower bound, which no index has today); NULL for an index without one. */
char *ct_index_format_human_range(guint index, gboolean pressure_kpa);

/* Where @value of index @index lies beyond the values reported in patients, what a table's cell
 * says of it (its tooltip), translated, the range in the unit shown; NULL inside it. */
char *ct_index_human_range_note(guint index, double value, gboolean pressure_kpa);

/* The indices of @indices that lie beyond the values reported in patients, in the order shown,
 * leaving out those that @except (may be NULL) lies beyond too, each as "Mean arterial pressure 9
 * mmHg (reported in patients: 30 to 220 mmHg)", joined by "; "; NULL where none does. A value that
 * is not a number is left out (not computed). */
char *ct_index_format_outside_human_range(const CsIndices *indices, const CsIndices *except,
                                          gboolean pressure_kpa);

/* What a clinician is told where the baseline or the plan (either may be NULL) lies beyond the
 * values reported in patients: a sentence for the baseline, and one for the plan naming what it
 * takes beyond that the baseline was not, joined by a line break, translated; NULL where there is
 * nothing to say. The workspace shows it above the plots, the report
 * under its table. */
char *ct_index_outside_human_range_warning(const CsIndices *baseline, const CsIndices *plan,
                                           gboolean pressure_kpa);

/* The AV interval (PR): from the P wave's onset or the atrial stimulus to the QRS onset
 * (cs_model_qrs_onset_ms), shown beside the indices though not one of the contract's. Its label,
 * translated; its value in whole ms, or an em dash where there is none (NaN, or not positive: VVI
 * pacing); the change of the numbers shown, as ct_index_format_change. */
const char *ct_av_interval_label(void);
char *ct_av_interval_format_value(double interval_ms);
char *ct_av_interval_format_change(double baseline_ms, double plan_ms);

/* A twin's measurement in a clinician's words (the report's provenance, the twin's details):
 * @name is an index name, or "aortic_valve_area_cm2", the measured aortic valve area
 * (ct-measurements.h), the one measurement that is not an index. Its label, translated ("LV
 * ejection fraction"; the measured systolic and diastolic pressures as a cuff's or a line's, not
 * the ascending aorta's the indices of those names are); anything else keeps its name. */
const char *ct_measurement_label(const char *name);
/* Its value with its unit as shown ("25 %", "0.59 cm²"), @unit the twin's where @name is
 * neither. */
char *ct_measurement_format_value(const char *name, double value, const char *unit);

/* A CRT VV offset in words, translated ("VV 20 ms, LV first"; positive @vv_delay_ms paces the LV
 * first): which ventricle is paced first is said, not signed, as the CRT tab and the report say
 * it. */
char *ct_format_vv_offset(double vv_delay_ms);

G_END_DECLS

/* ct-trends-view.h — the open patient's home monitoring over days (heart rate, blood pressure,
 * weight, as the local cache holds them from the platform), and "Recalibrate from Latest": the
 * twin fitted again to the newest value of each measurement.
 *
 * Actions (prefix "trends."): recalibrate, cancel.
 * Signal "twin-recalibrated" (gint64 patient key, int twin version): a fitted twin was saved as
 * the patient's newest version; the window opens it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ct-measurements.h"
#include "ct-store.h"
#include "ct-twin.h"

G_BEGIN_DECLS

#define CT_TYPE_TRENDS_VIEW (ct_trends_view_get_type())
G_DECLARE_FINAL_TYPE(CtTrendsView, ct_trends_view, CT, TRENDS_VIEW, GtkWidget)

GtkWidget *ct_trends_view_new(void);

/* Shows the trends of the cache's patient @patient_key whose twin @twin is open (@store NULL: a
 * twin not from the cache, nothing to show). A recalibration under way is cancelled. */
void ct_trends_view_set_patient(CtTrendsView *self, CtStore *store, gint64 patient_key,
                                CtTwin *twin);

/* The readings shown, in the quantity's unit (bpm, mmHg, kg): how many of @quantity (a
 * CtTrendQuantity, ct-plot.h) the cache holds for the patient, and the newest. */
guint ct_trends_view_get_n_readings(CtTrendsView *self, int quantity, double *newest);
/* Whether a recalibration is running. */
gboolean ct_trends_view_get_busy(CtTrendsView *self);
/* The message shown under the header (an error, or NULL). */
const char *ct_trends_view_get_message(CtTrendsView *self);
/* Whether the readings call for attention (a weight gain of more than 2 kg within 3 days). */
gboolean ct_trends_view_get_needs_attention(CtTrendsView *self);

/* What "Recalibrate from Latest" fits to: the newest cached observation of each measurement,
 * sex and age (at @today) from the cached Patient resource, and what the cache does not keep
 * (the Conditions: LBBB; scar imaging) from @twin, the patient's twin being recalibrated. */
CtMeasurements *ct_trends_view_measurements_from_cache(CtStore *store, gint64 patient_key,
                                                       CtTwin *twin, GDateTime *today,
                                                       GError **error);

G_END_DECLS

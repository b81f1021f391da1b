/* ct-twin-page.h — one open twin: the beating heart, the loops, traces and indices of the baseline
 * and of the plan, and the therapy panel that makes the plan.
 *
 * Actions (prefix "twin."): set-dose (sd: drug, dose; a negative dose stops it), apply-scenario
 * (s: path of a cardiotwin-scenario/1 file), open-scenario, reset-plan, toggle-therapy-panel,
 * colour-mode (s: anatomy, activation, scar, segments), reset-view, toggle-cut-away,
 * show-trends, show-crt, show-compare; plans (docs/workspace.md, "Plans"): save-plan (asks a name),
 * save-plan-as (s: name), apply-plan (s), duplicate-plan (s), delete-plan (s: asks first),
 * export-plan (asks a file), export-plan-to (s: path); undo, redo (the therapy's history).
 * Signal "twin-recalibrated" (gint64 patient key): the trends tab saved a twin fitted to the
 * patient's newest measurements as the patient's newest version; the window opens it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ct-beat.h"
#include "ct-compare-view.h"
#include "ct-crt-view.h"
#include "ct-drug-library.h"
#include "ct-heart-view.h"
#include "ct-scenario.h"
#include "ct-store.h"
#include "ct-trends-view.h"
#include "ct-twin.h"

G_BEGIN_DECLS

#define CT_TYPE_TWIN_PAGE (ct_twin_page_get_type())
G_DECLARE_FINAL_TYPE(CtTwinPage, ct_twin_page, CT, TWIN_PAGE, GtkWidget)

GtkWidget *ct_twin_page_new(void);

/* Shows @twin: both engines start, the baseline under no therapy, the plan under the panel's. */
void ct_twin_page_set_twin(CtTwinPage *self, CtTwin *twin, CtDrugLibrary *drugs);
CtTwin *ct_twin_page_get_twin(CtTwinPage *self);
/* After ct_twin_page_set_twin(): the twin is version @twin_version of patient @patient_key's
 * twin in @store (the trends tab shows the patient's home monitoring and can recalibrate the twin;
 * the audit log records report exports with the version). A twin set without it (from a file)
 * has no patient. */
void ct_twin_page_set_patient(CtTwinPage *self, CtStore *store, gint64 patient_key,
                              int twin_version);

/* Makes @scenario the plan (the panel shows it). */
gboolean ct_twin_page_apply_scenario(CtTwinPage *self, CtScenario *scenario, GError **error);

/* The newest beats (new references), NULL before the engine's first answer. */
CtBeat *ct_twin_page_get_baseline_beat(CtTwinPage *self);
CtBeat *ct_twin_page_get_plan_beat(CtTwinPage *self);
/* The workers that compute the baseline and the plan (NULL before a twin is set; borrowed: they
 * change when another twin is set). Their "beat-ready" reaches the page's own handler first, so
 * a handler connected after it reads the new beat with the getters above. */
CtSimWorker *ct_twin_page_get_baseline_worker(CtTwinPage *self);
CtSimWorker *ct_twin_page_get_plan_worker(CtTwinPage *self);
/* The generation the plan's next answer will carry at least: the tests and the input-to-plot
 * benchmark wait for a beat of this generation. */
guint ct_twin_page_get_requested_generation(CtTwinPage *self);

/* What the page shows above the plots (NULL when nothing): warnings about the plan (LVAD suction,
 * an LV lead in scar) and why the engine failed. */
const char *ct_twin_page_get_warning(CtTwinPage *self);
const char *ct_twin_page_get_error(CtTwinPage *self);

/* Whether a plan report (twin.export-report-to) is being written. */
gboolean ct_twin_page_get_report_busy(CtTwinPage *self);

CtHeartView *ct_twin_page_get_heart_view(CtTwinPage *self);
GtkWidget *ct_twin_page_get_therapy_panel(CtTwinPage *self);
GtkWidget *ct_twin_page_get_lv_loop(CtTwinPage *self);
GtkWidget *ct_twin_page_get_indices_table(CtTwinPage *self);
CtTrendsView *ct_twin_page_get_trends_view(CtTwinPage *self);
CtCrtView *ct_twin_page_get_crt_view(CtTwinPage *self);
CtCompareView *ct_twin_page_get_compare_view(CtTwinPage *self);
/* The Plans menu button, and the list of saved plans in its popover (an AdwActionRow per plan). */
GtkWidget *ct_twin_page_get_plans_button(CtTwinPage *self);
GtkWidget *ct_twin_page_get_plans_list(CtTwinPage *self);

G_END_DECLS

/* ct-patient-list.h — the patients of the local cache, searchable, with the platform's state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ct-store.h"

G_BEGIN_DECLS

#define CT_TYPE_PATIENT_LIST (ct_patient_list_get_type())
G_DECLARE_FINAL_TYPE(CtPatientList, ct_patient_list, CT, PATIENT_LIST, GtkWidget)

/* The list shows at most this many patients; a search narrows the rest. */
#define CT_PATIENT_LIST_MAX_LISTED 500

GtkWidget *ct_patient_list_new(void);

/* The cache listed (NULL: none could be opened; the list says so). */
void ct_patient_list_set_store(CtPatientList *self, CtStore *store);
/* Lists the cache again (after a sync or import), keeping the search. */
void ct_patient_list_reload(CtPatientList *self);
/* The patients listed now (CtPatientItem): the first CT_PATIENT_LIST_MAX_LISTED by name. */
GListModel *ct_patient_list_get_model(CtPatientList *self);
/* Whether more patients match the search than are listed (the list then says to search). */
gboolean ct_patient_list_get_has_more(CtPatientList *self);
/* The platform set in the preferences (NULL or empty: none) and whether the network is up; the
 * list says whether it shows the cache only. */
void ct_patient_list_set_platform_state(CtPatientList *self, const char *platform_url,
                                        gboolean network);
/* What the list says about the platform, for tests. */
const char *ct_patient_list_get_platform_state(CtPatientList *self);
void ct_patient_list_focus_search(CtPatientList *self);

G_END_DECLS

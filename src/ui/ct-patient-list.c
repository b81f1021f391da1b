/* ct-patient-list.c — the patients of the local cache, searchable, with the platform's state.
 *
 * The cache answers a search in well under a millisecond (docs/benchmarks.md, cache_open_twin_ms,
 * an indexed query), so the list asks it on every keystroke of the search entry (whose own delay
 * coalesces typing) rather than filtering a copy in memory.
 *
 * Signal: patient-activated (gint64 cache key), on a click or Enter on a row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-patient-list.h"

#include "ct-i18n.h"
#include "ct-widget-template.h"
#include "ct-patient-item.h"

#define MAX_LISTED CT_PATIENT_LIST_MAX_LISTED

struct _CtPatientList {
  GtkWidget parent_instance;

  GtkSearchEntry *search_entry;
  GtkListView *list_view;
  GtkStack *stack;
  GtkLabel *empty_label;
  GtkLabel *more_label;
  GtkImage *platform_icon;
  GtkLabel *platform_label;

  CtStore *store;
  GListStore *patients;
};

G_DEFINE_FINAL_TYPE(CtPatientList, ct_patient_list, GTK_TYPE_WIDGET)

enum { SIGNAL_PATIENT_ACTIVATED, N_SIGNALS };

static guint signals[N_SIGNALS];

void ct_patient_list_reload(CtPatientList *self)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func(g_object_unref);
  const char *query;

  g_return_if_fail(CT_IS_PATIENT_LIST(self));
  gtk_widget_set_visible(GTK_WIDGET(self->more_label), FALSE);
  if (self->store == NULL) {
    g_list_store_remove_all(self->patients);
    gtk_label_set_text(self->empty_label, _("The local cache could not be opened"));
    gtk_stack_set_visible_child_name(self->stack, "empty");
    return;
  }
  query = gtk_editable_get_text(GTK_EDITABLE(self->search_entry));
  /* One more than listed: whether there are others to search for. */
  found = ct_store_search_patients(self->store, query, MAX_LISTED + 1, &error);
  if (found == NULL) {
    g_list_store_remove_all(self->patients);
    gtk_label_set_text(self->empty_label, error->message);
    gtk_stack_set_visible_child_name(self->stack, "empty");
    return;
  }
  gtk_widget_set_visible(GTK_WIDGET(self->more_label), found->len > MAX_LISTED);
  for (guint i = 0; i < MIN(found->len, MAX_LISTED); i++)
    g_ptr_array_add(items, ct_patient_item_new(g_ptr_array_index(found, i)));
  g_list_store_splice(self->patients, 0, g_list_model_get_n_items(G_LIST_MODEL(self->patients)),
                      items->pdata, items->len);
  if (items->len == 0) {
    gtk_label_set_text(self->empty_label, query != NULL && *query != '\0'
                                              ? _("No patient matches the search")
                                              : _("The local cache holds no patient"));
    gtk_stack_set_visible_child_name(self->stack, "empty");
  } else {
    gtk_stack_set_visible_child_name(self->stack, "list");
  }
}

static void on_search_changed(CtPatientList *self)
{
  ct_patient_list_reload(self);
}

static void on_activate(CtPatientList *self, guint position)
{
  g_autoptr(CtPatientItem) item = g_list_model_get_item(G_LIST_MODEL(self->patients), position);

  if (item != NULL)
    g_signal_emit(self, signals[SIGNAL_PATIENT_ACTIVATED], 0, ct_patient_item_get_key(item));
}

/* Enter in the search opens the first patient found: search, Enter, and the twin is open. */
static void on_search_activate(CtPatientList *self)
{
  if (g_list_model_get_n_items(G_LIST_MODEL(self->patients)) > 0)
    on_activate(self, 0);
}

static void ct_patient_list_dispose(GObject *object)
{
  CtPatientList *self = CT_PATIENT_LIST(object);

  ct_widget_dispose_template_children(GTK_WIDGET(object), CT_TYPE_PATIENT_LIST);
  g_clear_object(&self->store);
  g_clear_object(&self->patients);
  G_OBJECT_CLASS(ct_patient_list_parent_class)->dispose(object);
}

static void ct_patient_list_class_init(CtPatientListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->dispose = ct_patient_list_dispose;
  signals[SIGNAL_PATIENT_ACTIVATED] =
      g_signal_new("patient-activated", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                   NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure(CT_TYPE_PATIENT_ITEM);
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/cardiotwin/CardioTwin/ui/ct-patient-list.ui");
  gtk_widget_class_bind_template_child(widget_class, CtPatientList, search_entry);
  gtk_widget_class_bind_template_child(widget_class, CtPatientList, list_view);
  gtk_widget_class_bind_template_child(widget_class, CtPatientList, stack);
  gtk_widget_class_bind_template_child(widget_class, CtPatientList, empty_label);
  gtk_widget_class_bind_template_child(widget_class, CtPatientList, more_label);
  gtk_widget_class_bind_template_child(widget_class, CtPatientList, platform_icon);
  gtk_widget_class_bind_template_child(widget_class, CtPatientList, platform_label);
  gtk_widget_class_bind_template_callback(widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback(widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback(widget_class, on_activate);
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name(widget_class, "ct-patient-list");
}

static void ct_patient_list_init(CtPatientList *self)
{
  GtkSingleSelection *selection;

  gtk_widget_init_template(GTK_WIDGET(self));
  self->patients = g_list_store_new(CT_TYPE_PATIENT_ITEM);
  selection = gtk_single_selection_new(G_LIST_MODEL(g_object_ref(self->patients)));
  gtk_single_selection_set_autoselect(selection, FALSE);
  gtk_single_selection_set_can_unselect(selection, TRUE);
  gtk_list_view_set_model(self->list_view, GTK_SELECTION_MODEL(selection));
  g_object_unref(selection);
  ct_patient_list_set_platform_state(self, NULL, FALSE);
}

GtkWidget *ct_patient_list_new(void)
{
  return g_object_new(CT_TYPE_PATIENT_LIST, NULL);
}

void ct_patient_list_set_store(CtPatientList *self, CtStore *store)
{
  g_return_if_fail(CT_IS_PATIENT_LIST(self));
  g_set_object(&self->store, store);
  ct_patient_list_reload(self);
}

gboolean ct_patient_list_get_has_more(CtPatientList *self)
{
  g_return_val_if_fail(CT_IS_PATIENT_LIST(self), FALSE);
  return gtk_widget_get_visible(GTK_WIDGET(self->more_label));
}

GListModel *ct_patient_list_get_model(CtPatientList *self)
{
  g_return_val_if_fail(CT_IS_PATIENT_LIST(self), NULL);
  return G_LIST_MODEL(self->patients);
}

void ct_patient_list_set_platform_state(CtPatientList *self, const char *platform_url,
                                        gboolean network)
{
  g_autoptr(GUri) uri = NULL;

  g_return_if_fail(CT_IS_PATIENT_LIST(self));
  if (platform_url == NULL || *platform_url == '\0') {
    gtk_image_set_from_icon_name(self->platform_icon, "network-offline-symbolic");
    gtk_label_set_text(self->platform_label, _("No platform set: local cache only"));
  } else if (!network) {
    gtk_image_set_from_icon_name(self->platform_icon, "network-offline-symbolic");
    gtk_label_set_text(self->platform_label, _("Offline: showing the local cache"));
  } else {
    g_autofree char *text = NULL;

    /* The host only: the path and any query say nothing to a clinician. */
    uri = g_uri_parse(platform_url, G_URI_FLAGS_NONE, NULL);
    /* TRANSLATORS: %s is the platform's host name, e.g. fhir.hospital.example. */
    text = g_strdup_printf(_("Platform: %s"), uri != NULL && g_uri_get_host(uri) != NULL
                                                  ? g_uri_get_host(uri)
                                                  : platform_url);
    gtk_image_set_from_icon_name(self->platform_icon, "network-server-symbolic");
    gtk_label_set_text(self->platform_label, text);
  }
}

const char *ct_patient_list_get_platform_state(CtPatientList *self)
{
  g_return_val_if_fail(CT_IS_PATIENT_LIST(self), NULL);
  return gtk_label_get_text(self->platform_label);
}

void ct_patient_list_focus_search(CtPatientList *self)
{
  g_return_if_fail(CT_IS_PATIENT_LIST(self));
  gtk_widget_grab_focus(GTK_WIDGET(self->search_entry));
}

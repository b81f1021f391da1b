/* ct-education-window.c — the patient view: the heart beating and the plan in plain words.
 *
 * The window draws its own CtHeartView on the page's twin and plan worker, in anatomical colours,
 * and cannot be turned or clicked: the patient watches, nothing else is interactive. The words
 * come from ct_plain_words_compare() on the page's newest baseline and plan beats, and are told
 * again whenever either worker answers (the clinician may change the plan behind it, or the first
 * answers may still be on their way).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-education-window.h"

#include <glib/gi18n-lib.h>

#include "ct-plain-words.h"

struct _CtEducationWindow {
  AdwWindow parent_instance;

  CtHeartView *heart_view;
  GtkBox *sentence_box;
  GtkButton *back_button;

  CtTwinPage *page; /* owned */
  GPtrArray *sentences;
  gboolean fullscreen_requested;
};

G_DEFINE_FINAL_TYPE(CtEducationWindow, ct_education_window, ADW_TYPE_WINDOW)

static void clear_sentence_box(CtEducationWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child(GTK_WIDGET(self->sentence_box))) != NULL)
    gtk_box_remove(self->sentence_box, child);
}

/* The plan told again from the page's newest beats. */
static void update_sentences(CtEducationWindow *self)
{
  g_autoptr(CtBeat) baseline = ct_twin_page_get_baseline_beat(self->page);
  g_autoptr(CtBeat) plan = ct_twin_page_get_plan_beat(self->page);

  g_clear_pointer(&self->sentences, g_ptr_array_unref);
  if (baseline != NULL && plan != NULL)
    self->sentences = ct_plain_words_compare(&baseline->indices, &plan->indices);
  else {
    self->sentences = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(self->sentences, g_strdup(_("The model of your heart is still working…")));
  }
  clear_sentence_box(self);
  for (guint i = 0; i < self->sentences->len; i++) {
    GtkWidget *label = gtk_label_new(g_ptr_array_index(self->sentences, i));

    gtk_label_set_wrap(GTK_LABEL(label), TRUE);
    gtk_label_set_xalign(GTK_LABEL(label), 0);
    gtk_widget_add_css_class(label, "ct-education-sentence");
    gtk_box_append(self->sentence_box, label);
  }
}

static void on_beat_ready(CtEducationWindow *self, CtBeat *beat)
{
  update_sentences(self);
}

static void ct_education_window_dispose(GObject *object)
{
  CtEducationWindow *self = CT_EDUCATION_WINDOW(object);

  if (self->heart_view != NULL)
    ct_heart_view_set_worker(self->heart_view, NULL);
  gtk_widget_dispose_template(GTK_WIDGET(object), CT_TYPE_EDUCATION_WINDOW);
  g_clear_object(&self->page);
  g_clear_pointer(&self->sentences, g_ptr_array_unref);
  G_OBJECT_CLASS(ct_education_window_parent_class)->dispose(object);
}

static void ct_education_window_class_init(CtEducationWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->dispose = ct_education_window_dispose;

  g_type_ensure(CT_TYPE_HEART_VIEW);
  gtk_widget_class_set_template_from_resource(
      widget_class, "/org/cardiotwin/CardioTwin/ui/ct-education-window.ui");
  gtk_widget_class_bind_template_child(widget_class, CtEducationWindow, heart_view);
  gtk_widget_class_bind_template_child(widget_class, CtEducationWindow, sentence_box);
  gtk_widget_class_bind_template_child(widget_class, CtEducationWindow, back_button);
  /* The explicit exit, from a keyboard or a remote's Back key: the same as the button. */
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void ct_education_window_init(CtEducationWindow *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
}

CtEducationWindow *ct_education_window_new(GtkWindow *parent, CtTwinPage *page)
{
  CtEducationWindow *self;
  CtSimWorker *worker;

  g_return_val_if_fail(GTK_IS_WINDOW(parent), NULL);
  g_return_val_if_fail(CT_IS_TWIN_PAGE(page), NULL);
  g_return_val_if_fail(ct_twin_page_get_twin(page) != NULL, NULL);

  self = g_object_new(CT_TYPE_EDUCATION_WINDOW, "transient-for", parent, "modal", TRUE,
                      "destroy-with-parent", TRUE, NULL);
  self->page = g_object_ref(page);
  ct_heart_view_set_colour_mode(self->heart_view, CT_COLOUR_ANATOMY);
  ct_heart_view_set_twin(self->heart_view, ct_twin_page_get_twin(page));
  worker = ct_twin_page_get_plan_worker(page);
  ct_heart_view_set_worker(self->heart_view, worker);
  g_signal_connect_object(worker, "beat-ready", G_CALLBACK(on_beat_ready), self, G_CONNECT_SWAPPED);
  g_signal_connect_object(ct_twin_page_get_baseline_worker(page), "beat-ready",
                          G_CALLBACK(on_beat_ready), self, G_CONNECT_SWAPPED);
  update_sentences(self);

  gtk_window_fullscreen(GTK_WINDOW(self));
  self->fullscreen_requested = TRUE;
  /* Focus on the only control, drawn as focused: a remote or a keyboard sees where it is. */
  gtk_window_set_focus(GTK_WINDOW(self), GTK_WIDGET(self->back_button));
  gtk_window_set_focus_visible(GTK_WINDOW(self), TRUE);
  return self;
}

GPtrArray *ct_education_window_get_sentences(CtEducationWindow *self)
{
  g_return_val_if_fail(CT_IS_EDUCATION_WINDOW(self), NULL);
  return self->sentences;
}

CtHeartView *ct_education_window_get_heart_view(CtEducationWindow *self)
{
  g_return_val_if_fail(CT_IS_EDUCATION_WINDOW(self), NULL);
  return self->heart_view;
}

gboolean ct_education_window_get_fullscreen_requested(CtEducationWindow *self)
{
  g_return_val_if_fail(CT_IS_EDUCATION_WINDOW(self), FALSE);
  return self->fullscreen_requested;
}

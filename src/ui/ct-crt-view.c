/* ct-crt-view.c — the CRT tab: the search of the best CRT settings, its progress and its answer.
 *
 * The search (ct_crt_optimize, about a second on two cores) runs on a GTask thread with a
 * GCancellable; its own worker threads report progress into atomics that a 50 ms timer on the main
 * thread shows, so the screen never waits on a worker. The answer comes back on the main context,
 * and is shown only if it is the newest search's: another twin, a therapy change, a cancel or a
 * new search drop a late answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-crt-view.h"
#include "ct-widget-task.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "ct-i18n.h"
#include "ct-widget-template.h"
#include "ct-index-format.h"
#include "ct-plot.h"

/* The search's progress, written by its worker threads, read by the main thread. */
typedef struct {
  gint done;
  gint total;
} Progress;

typedef struct {
  CsParams params;
  CsTherapy therapy;
  CtCrtSearch search;
  Progress *progress; /* g_rc_box */
  GArray *candidates;
  CsIndices baseline;
  guint n_not_paced;
  guint n_not_simulated;
  CtCrtCandidate lv_only; /* LV-only pacing from the best segment, when lv_only_found */
  gboolean lv_only_found;
  guint lv_only_not_paced;     /* AV delays at which own conduction inhibits LV-only pacing */
  guint lv_only_not_simulated; /* AV delays at which it cannot be brought to a steady state */
} Job;

struct _CtCrtView {
  GtkWidget parent_instance;

  gboolean notified_busy; /* the busy state last notified */

  GtkButton *find_button;
  GtkRevealer *progress_revealer;
  GtkProgressBar *progress_bar;
  GtkLabel *message_label;
  GtkBox *result_box;
  GtkLabel *summary_label;
  GtkWidget *apply_lv_only_button;
  GtkDrawingArea *bullseye;
  GtkListBox *candidates_list;

  CtTherapyPanel *panel; /* not owned */
  CtTwin *twin;

  /* The running search: its cancellable, progress and timer (NULL, 0 when none runs). */
  GCancellable *cancellable;
  Progress *progress;
  guint progress_timer;

  /* The result shown (candidates NULL: none) and what it was computed for. */
  GArray *candidates;
  CsTherapy therapy;
  CsIndices baseline;
  guint n_not_paced;
  double segment_gain[CS_AHA_SEGMENTS];
  gboolean excluded[CS_AHA_SEGMENTS];
  double scar[CS_AHA_SEGMENTS];
  guint n_results;
  char *message;
  CtCrtCandidate lv_only; /* with the result, when has_lv_only */
  gboolean has_lv_only;
};

G_DEFINE_FINAL_TYPE(CtCrtView, ct_crt_view, GTK_TYPE_WIDGET)

enum { SIGNAL_MESSAGE, SIGNAL_APPLYING, N_SIGNALS };

enum { PROP_0, PROP_BUSY, N_PROPS };

static GParamSpec *properties[N_PROPS];

static guint signals[N_SIGNALS];

static void job_free(gpointer data)
{
  Job *job = data;

  g_rc_box_release(job->progress);
  g_clear_pointer(&job->candidates, g_array_unref);
  g_free(job);
}

/* The settings of a search that do not change its answer: the pacing it replaces. */
static void search_key(const CsTherapy *therapy, CsTherapy *key)
{
  *key = *therapy;
  key->pacing.mode = CS_PACING_CRT;
  key->pacing.lv_only = 0;
  key->pacing.av_delay_ms = 0.0;
  key->pacing.vv_delay_ms = 0.0;
  key->pacing.lv_lead_segment = 0;
}

/* Whether @a and @b give the same search: the same drugs and doses, LVAD, reflexes, lower rate and
 * RV lead. */
static gboolean same_search(const CsTherapy *a, const CsTherapy *b)
{
  CsTherapy x, y;

  search_key(a, &x);
  search_key(b, &y);
  if (x.n_drugs != y.n_drugs || x.lvad_enabled != y.lvad_enabled ||
      x.baroreflex_enabled != y.baroreflex_enabled || x.pacing.rate_bpm != y.pacing.rate_bpm ||
      x.pacing.rv_lead_site != y.pacing.rv_lead_site ||
      (x.lvad_enabled && x.lvad_speed_rpm != y.lvad_speed_rpm))
    return FALSE;
  for (int i = 0; i < x.n_drugs; i++)
    if (strcmp(x.drugs[i].name, y.drugs[i].name) != 0 || x.doses[i] != y.doses[i])
      return FALSE;
  return TRUE;
}

static void set_message(CtCrtView *self, const char *message)
{
  g_free(self->message);
  self->message = g_strdup(message);
  gtk_label_set_text(self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible(GTK_WIDGET(self->message_label), message != NULL);
}

static void update_actions(CtCrtView *self)
{
  gboolean busy = self->cancellable != NULL;

  gtk_widget_action_set_enabled(GTK_WIDGET(self), "crt.find",
                                !busy && self->twin != NULL && self->panel != NULL);
  gtk_widget_action_set_enabled(GTK_WIDGET(self), "crt.cancel", busy);
  gtk_widget_action_set_enabled(GTK_WIDGET(self), "crt.apply",
                                self->candidates != NULL && self->panel != NULL);
  gtk_widget_action_set_enabled(GTK_WIDGET(self), "crt.apply-lv-only",
                                self->candidates != NULL && self->has_lv_only &&
                                    self->panel != NULL);
  gtk_widget_set_visible(self->apply_lv_only_button, self->candidates != NULL && self->has_lv_only);
  if (busy != self->notified_busy) {
    self->notified_busy = busy;
    g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_BUSY]);
  }
}

static void ct_crt_view_get_property(GObject *object, guint prop_id, GValue *value,
                                     GParamSpec *pspec)
{
  switch (prop_id) {
  case PROP_BUSY:
    g_value_set_boolean(value, CT_CRT_VIEW(object)->cancellable != NULL);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void show_progress(CtCrtView *self)
{
  guint done, total;
  g_autofree char *text = NULL;

  if (self->progress == NULL)
    return;
  done = (guint)g_atomic_int_get(&self->progress->done);
  total = (guint)g_atomic_int_get(&self->progress->total);
  if (total == 0) {
    gtk_progress_bar_set_text(self->progress_bar, _("Simulating the patient’s own rhythm…"));
    gtk_progress_bar_pulse(self->progress_bar);
    return;
  }
  /* TRANSLATORS: the CRT search's progress, e.g. "Evaluating 340 of 595 settings…". */
  text = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "Evaluating %u of %u setting…",
                                     "Evaluating %u of %u settings…", total),
                         done, total);
  gtk_progress_bar_set_text(self->progress_bar, text);
  gtk_progress_bar_set_fraction(self->progress_bar, (double)done / total);
}

static gboolean on_progress_timer(gpointer data)
{
  show_progress(data);
  return G_SOURCE_CONTINUE;
}

/* Stops showing a running search (cancelling it): its answer, if it comes, is dropped. */
static void stop_search(CtCrtView *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel(self->cancellable);
  g_clear_object(&self->cancellable);
  g_clear_pointer(&self->progress, g_rc_box_release);
  g_clear_handle_id(&self->progress_timer, g_source_remove);
  gtk_revealer_set_reveal_child(self->progress_revealer, FALSE);
  update_actions(self);
}

static void clear_result(CtCrtView *self)
{
  GtkWidget *row;

  g_clear_pointer(&self->candidates, g_array_unref);
  self->has_lv_only = FALSE;
  for (int s = 0; s < CS_AHA_SEGMENTS; s++)
    self->segment_gain[s] = NAN;
  while ((row = gtk_widget_get_first_child(GTK_WIDGET(self->candidates_list))) != NULL)
    gtk_list_box_remove(self->candidates_list, row);
  gtk_widget_set_visible(GTK_WIDGET(self->result_box), FALSE);
  update_actions(self);
}

/* A signed number with U+2212 for minus and no "-0". */
static char *signed_number(double value, int digits)
{
  if (fabs(value) < 0.5 * pow(10.0, -digits))
    return g_strdup_printf("%.*f", digits, 0.0);
  return value < 0.0 ? g_strdup_printf("−%.*f", digits, -value)
                     : g_strdup_printf("+%.*f", digits, value);
}

static char *candidate_title(const CtCrtCandidate *c, guint rank)
{
  /* TRANSLATORS: a candidate's rank, AHA segment number and name, e.g.
   * "1. Segment 12, mid anterolateral". */
  return g_strdup_printf(_("%u. Segment %d, %s"), rank + 1, c->lv_lead_segment,
                         ct_plot_aha_segment_name(c->lv_lead_segment));
}

/* Segments a transvenous LV lead rarely reaches: the coronary sinus's tributaries run on the LV
 * free wall (anterior, lateral, posterior veins), not on the septum; and an apical lead did worse
 * in MADIT-CRT (Singh et al. 2011, Circulation 123:1159). The search still ranks them (the model
 * knows no veins); the row says so. */
static gboolean reached_by_coronary_vein_rarely(int segment)
{
  return segment == 2 || segment == 3 || segment == 8 || segment == 9 || segment == 14 ||
         segment == 17;
}

static char *candidate_subtitle(CtCrtView *self, const CtCrtCandidate *c)
{
  g_autofree char *gain = signed_number(c->gain_pct, 1);
  g_autofree char *sv = signed_number(c->sv_ml - self->baseline.sv_ml, 1);
  g_autofree char *vv = ct_format_vv_offset(c->vv_delay_ms);
  /* TRANSLATORS: a candidate's settings and predicted acute change from the patient's own
   * rhythm, e.g. "AV 120 ms · VV 20 ms, LV first — dP/dt max +23.4 % · stroke volume +8.1 ml". */
  g_autofree char *settings = g_strdup_printf(
      _("AV %.0f ms · %s — dP/dt max %s %% · stroke volume %s ml"), c->av_delay_ms, vv, gain, sv);

  if (!reached_by_coronary_vein_rarely(c->lv_lead_segment))
    return g_steal_pointer(&settings);
  /* TRANSLATORS: appended to a candidate's settings when its segment is septal or apical. */
  return g_strdup_printf(_("%s. Septal or apical: a coronary-sinus lead rarely reaches it"),
                         settings);
}

static GtkWidget *candidate_row(CtCrtView *self, const CtCrtCandidate *c, guint rank)
{
  GtkWidget *row = adw_action_row_new();
  GtkWidget *button = gtk_button_new_with_mnemonic(_("_Apply"));
  g_autofree char *title = candidate_title(c, rank);
  g_autofree char *subtitle = candidate_subtitle(self, c);
  g_autofree char *tooltip = g_strdup_printf(_("Make this setting the plan: CRT, LV lead in "
                                               "segment %d, AV %.0f ms, VV %.0f ms"),
                                             c->lv_lead_segment, c->av_delay_ms, c->vv_delay_ms);

  adw_preferences_row_set_title(ADW_PREFERENCES_ROW(row), title);
  adw_action_row_set_subtitle(ADW_ACTION_ROW(row), subtitle);
  gtk_widget_set_valign(button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text(button, tooltip);
  gtk_actionable_set_action_name(GTK_ACTIONABLE(button), "crt.apply");
  gtk_actionable_set_action_target(GTK_ACTIONABLE(button), "u", rank);
  adw_action_row_add_suffix(ADW_ACTION_ROW(row), button);
  return row;
}

static void show_result(CtCrtView *self, Job *job)
{
  const CtCrtCandidate *best;
  g_autofree char *summary = NULL;

  clear_result(self);
  set_message(self, NULL);
  if (job->candidates->len == 0) {
    g_autofree char *text = NULL;

    if (job->n_not_simulated == 0)
      text = g_strdup_printf(
          g_dngettext(GETTEXT_PACKAGE,
                      "No setting could be paced: the patient’s own AV conduction is faster than "
                      "every AV delay tried, so it inhibits the stimulus of the %u setting "
                      "evaluated. CRT would not pace this heart at these settings.",
                      "No setting could be paced: the patient’s own AV conduction is faster than "
                      "every AV delay tried, so it inhibits the stimuli of all %u settings "
                      "evaluated. CRT would not pace this heart at these settings.",
                      job->n_not_paced),
          job->n_not_paced);
    else {
      /* Some settings did not settle (the search fails when none does): say each kind. */
      g_autofree char *inhibited = g_strdup_printf(
          g_dngettext(GETTEXT_PACKAGE,
                      "No setting could be paced: the patient’s own AV conduction inhibits the "
                      "stimulus of the %u setting the simulation brought to a steady state.",
                      "No setting could be paced: the patient’s own AV conduction inhibits the "
                      "stimuli of the %u settings the simulation brought to a steady state.",
                      job->n_not_paced),
          job->n_not_paced);

      text = g_strdup_printf(
          g_dngettext(GETTEXT_PACKAGE,
                      "%s %u setting was left out: the simulation cannot bring it to a steady "
                      "state.",
                      "%s %u settings were left out: the simulation cannot bring them to a steady "
                      "state.",
                      job->n_not_simulated),
          inhibited, job->n_not_simulated);
    }
    set_message(self, text);
    self->n_results++;
    return;
  }
  self->candidates = g_steal_pointer(&job->candidates);
  self->lv_only = job->lv_only;
  self->has_lv_only = job->lv_only_found;
  self->therapy = job->therapy;
  self->baseline = job->baseline;
  self->n_not_paced = job->n_not_paced;
  /* Ranked best first: a segment's first candidate is its best. */
  for (guint i = self->candidates->len; i-- > 0;) {
    const CtCrtCandidate *c = &g_array_index(self->candidates, CtCrtCandidate, i);

    self->segment_gain[c->lv_lead_segment - 1] = c->gain_pct;
  }
  {
    int excluded[CS_AHA_SEGMENTS + 1];

    ct_crt_excluded_segments(&job->params, &job->search, excluded);
    memset(self->excluded, 0, sizeof self->excluded);
    for (int i = 0; excluded[i] != 0; i++)
      self->excluded[excluded[i] - 1] = TRUE;
  }
  memcpy(self->scar, job->params.scar_transmurality, sizeof self->scar);

  best = &g_array_index(self->candidates, CtCrtCandidate, 0);
  {
    g_autofree char *gain = signed_number(best->gain_pct, 1);
    g_autofree char *vv = ct_format_vv_offset(best->vv_delay_ms);

    /* TRANSLATORS: the search's best setting and its predicted change, e.g. "Best predicted:
     * LV lead in segment 12 (mid anterolateral), AV 140 ms, VV 20 ms, LV first: dP/dt max +20.7 %
     * (779 to 941 mmHg/s) over the patient's own rhythm." */
    summary = g_strdup_printf(_("Best predicted: LV lead in segment %d (%s), AV %.0f ms, %s: "
                                "dP/dt max %s %% (%.0f to %.0f mmHg/s) over the patient’s own "
                                "rhythm."),
                              best->lv_lead_segment,
                              ct_plot_aha_segment_name(best->lv_lead_segment), best->av_delay_ms,
                              vv, gain, self->baseline.dpdt_max_mmhg_s, best->dpdt_max_mmhg_s);
  }
  {
    /* LV-only pacing from the best segment, then the settings left out, each kind a sentence
     * after the best one. */
    g_autoptr(GString) text = g_string_new(summary);

    if (job->lv_only_found) {
      g_autofree char *lv_gain = signed_number(job->lv_only.gain_pct, 1);

      /* TRANSLATORS: LV-only pacing from the best setting's segment: its AV delay and predicted
       * change of dP/dt max, e.g. " LV-only pacing there (no RV stimulus), at AV 120 ms: dP/dt
       * max +16.8 %." */
      g_string_append_printf(text,
                             _(" LV-only pacing there (no RV stimulus), at AV %.0f ms: dP/dt max "
                               "%s %%."),
                             job->lv_only.av_delay_ms, lv_gain);
    } else if (job->lv_only_not_simulated == 0) {
      g_string_append(text, _(" LV-only pacing there would be inhibited by the patient’s own "
                              "conduction at every AV delay tried."));
    } else if (job->lv_only_not_paced == 0) {
      g_string_append(text, _(" LV-only pacing there cannot be brought to a steady state by the "
                              "simulation at any AV delay tried."));
    } else {
      /* Some AV delays inhibited, the others unsettled: say each, not "inhibited" of all. */
      g_string_append_printf(
          text,
          g_dngettext(GETTEXT_PACKAGE,
                      " LV-only pacing there would be inhibited by the patient’s own conduction at "
                      "%u AV delay tried;",
                      " LV-only pacing there would be inhibited by the patient’s own conduction at "
                      "%u AV delays tried;",
                      job->lv_only_not_paced),
          job->lv_only_not_paced);
      g_string_append_printf(
          text,
          g_dngettext(GETTEXT_PACKAGE,
                      " the simulation cannot bring it to a steady state at %u AV delay.",
                      " the simulation cannot bring it to a steady state at %u AV delays.",
                      job->lv_only_not_simulated),
          job->lv_only_not_simulated);
    }
    if (self->n_not_paced > 0)
      g_string_append_printf(
          text,
          g_dngettext(GETTEXT_PACKAGE,
                      " %u setting was left out: its AV delay is longer than the patient’s own AV "
                      "conduction, which inhibits its stimuli.",
                      " %u settings were left out: their AV delays are longer than the patient’s "
                      "own AV conduction, which inhibits their stimuli.",
                      self->n_not_paced),
          self->n_not_paced);
    if (job->n_not_simulated > 0)
      g_string_append_printf(
          text,
          g_dngettext(GETTEXT_PACKAGE,
                      " %u setting was left out: the simulation cannot bring it to a steady state.",
                      " %u settings were left out: the simulation cannot bring them to a steady "
                      "state.",
                      job->n_not_simulated),
          job->n_not_simulated);
    g_free(summary);
    summary = g_string_free(g_steal_pointer(&text), FALSE);
  }
  gtk_label_set_text(self->summary_label, summary);
  for (guint i = 0; i < MIN(self->candidates->len, CT_CRT_VIEW_N_ROWS); i++)
    gtk_list_box_append(
        self->candidates_list,
        candidate_row(self, &g_array_index(self->candidates, CtCrtCandidate, i), i));
  gtk_widget_set_visible(GTK_WIDGET(self->result_box), TRUE);
  gtk_widget_queue_draw(GTK_WIDGET(self->bullseye));
  self->n_results++;
  update_actions(self);
}

/* ---------------------------------------------------------------- the search */

static void on_search_progress(guint done, guint total, gpointer data)
{
  Progress *progress = data;

  g_atomic_int_set(&progress->total, (gint)total);
  /* Workers report out of order: keep the highest count. */
  for (;;) {
    gint old = g_atomic_int_get(&progress->done);

    if ((gint)done <= old || g_atomic_int_compare_and_exchange(&progress->done, old, (gint)done))
      break;
  }
}

static void search_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;

  job->candidates = ct_crt_optimize(&job->params, &job->therapy, &job->search, &job->baseline,
                                    &job->n_not_paced, &job->n_not_simulated, on_search_progress,
                                    job->progress, cancellable, &error);
  /* LV-only pacing from the best segment, the other choice a CRT device offers there: seven
   * settings, ~25 ms. */
  if (job->candidates != NULL && job->candidates->len > 0 &&
      !ct_crt_lv_only_best(&job->params, &job->therapy, &job->search,
                           g_array_index(job->candidates, CtCrtCandidate, 0).lv_lead_segment,
                           &job->baseline, &job->lv_only, &job->lv_only_found,
                           &job->lv_only_not_paced, &job->lv_only_not_simulated, cancellable,
                           &error))
    g_clear_pointer(&job->candidates, g_array_unref);
  if (job->candidates == NULL)
    g_task_return_error(task, error);
  else
    g_task_return_boolean(task, TRUE);
}

static void on_search_done(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(CtCrtView) self = ct_widget_task_dup_widget(result);
  GTask *task = G_TASK(result);
  Job *job = g_task_get_task_data(task);
  g_autoptr(GError) error = NULL;
  gboolean found = g_task_propagate_boolean(task, &error);

  if (self == NULL) /* the window was closed during the job */
    return;
  /* Not the newest search's (cancelled, another twin): dropped. */
  if (g_task_get_cancellable(task) != self->cancellable ||
      g_cancellable_is_cancelled(g_task_get_cancellable(task)))
    return;
  stop_search(self);
  if (found && self->panel != NULL) {
    CsTherapy therapy;

    /* The plan changed while the search ran: its answer is another therapy's. */
    ct_therapy_panel_get_therapy(self->panel, &therapy);
    if (!same_search(&therapy, &job->therapy)) {
      set_message(self, _("The plan’s drugs, LVAD, reflexes, lower rate or RV lead changed "
                          "during the search: search again for this plan."));
      return;
    }
  }
  if (!found) {
    g_autofree char *text = g_strdup_printf(_("The search failed: %s"), error->message);

    set_message(self, text);
    return;
  }
  show_result(self, job);
}

static void action_find(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtCrtView *self = CT_CRT_VIEW(widget);
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (self->cancellable != NULL || self->twin == NULL || self->panel == NULL)
    return;
  job = g_new0(Job, 1);
  job->params = *ct_twin_get_params(self->twin);
  ct_therapy_panel_get_therapy(self->panel, &job->therapy);
  ct_crt_search_default(&job->search);
  job->progress = g_rc_box_new0(Progress);
  clear_result(self);
  set_message(self, NULL);
  self->cancellable = g_cancellable_new();
  self->progress = g_rc_box_acquire(job->progress);
  gtk_progress_bar_set_fraction(self->progress_bar, 0.0);
  show_progress(self);
  gtk_revealer_set_reveal_child(self->progress_revealer, TRUE);
  self->progress_timer = g_timeout_add(50, on_progress_timer, self);
  update_actions(self);

  task = ct_widget_task_new(self, self->cancellable, on_search_done, action_find);
  g_task_set_task_data(task, job, job_free);
  g_task_run_in_thread(task, search_thread);
}

static void action_cancel(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtCrtView *self = CT_CRT_VIEW(widget);

  if (self->cancellable == NULL)
    return;
  stop_search(self);
  set_message(self, _("Search cancelled: nothing was changed."));
}

/* @c (a ranked setting, or LV-only pacing) made the plan through the panel: the plan as it is
 * (drugs, LVAD, reflexes: those the result was computed for), its pacing made CRT at the lower
 * rate with the setting's LV lead and delays, the RV lead kept; @done is said when it is. */
static void apply_setting(CtCrtView *self, const CtCrtCandidate *c, const char *done)
{
  g_autoptr(GError) error = NULL;
  CsTherapy therapy;

  ct_therapy_panel_get_therapy(self->panel, &therapy);
  therapy.pacing.mode = CS_PACING_CRT;
  therapy.pacing.lv_only = c->lv_only;
  therapy.pacing.av_delay_ms = c->av_delay_ms;
  if (!c->lv_only)
    therapy.pacing.vv_delay_ms = c->vv_delay_ms;
  therapy.pacing.lv_lead_segment = c->lv_lead_segment;
  g_signal_emit(self, signals[SIGNAL_APPLYING], 0);
  if (!ct_therapy_panel_set_therapy(self->panel, &therapy, &error)) {
    g_autofree char *text = g_strdup_printf(_("The setting was not applied: %s"), error->message);

    g_signal_emit(self, signals[SIGNAL_MESSAGE], 0, text);
    return;
  }
  g_signal_emit(self, signals[SIGNAL_MESSAGE], 0, done);
}

static void action_apply(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtCrtView *self = CT_CRT_VIEW(widget);
  guint rank = g_variant_get_uint32(parameter);
  const CtCrtCandidate *c;
  g_autofree char *text = NULL;

  if (self->candidates == NULL || self->panel == NULL || rank >= self->candidates->len)
    return;
  c = &g_array_index(self->candidates, CtCrtCandidate, rank);
  text = g_strdup_printf(_("Plan: CRT, LV lead in segment %d (%s), AV %.0f ms, VV %.0f ms"),
                         c->lv_lead_segment, ct_plot_aha_segment_name(c->lv_lead_segment),
                         c->av_delay_ms, c->vv_delay_ms);
  apply_setting(self, c, text);
}

/* LV-only pacing from the best segment at its best AV delay becomes the plan, through the panel as
 * a ranked setting does. */
static void action_apply_lv_only(GtkWidget *widget, const char *name, GVariant *parameter)
{
  CtCrtView *self = CT_CRT_VIEW(widget);
  const CtCrtCandidate *c = &self->lv_only;
  g_autofree char *text = NULL;

  if (self->candidates == NULL || self->panel == NULL || !self->has_lv_only)
    return;
  /* TRANSLATORS: the plan made LV-only pacing: the segment, its name and the AV delay. */
  text = g_strdup_printf(_("Plan: CRT, LV only from segment %d (%s), AV %.0f ms, no RV stimulus"),
                         c->lv_lead_segment, ct_plot_aha_segment_name(c->lv_lead_segment),
                         c->av_delay_ms);
  apply_setting(self, c, text);
}

/* A change of the plan's drugs, LVAD, reflexes, lower rate or RV lead makes the result another
 * therapy's: cleared (a running search is kept: it was asked for the plan as it was). */
static void on_panel_changed(CtCrtView *self)
{
  CsTherapy therapy;

  if (self->candidates == NULL)
    return;
  ct_therapy_panel_get_therapy(self->panel, &therapy);
  if (same_search(&therapy, &self->therapy))
    return;
  clear_result(self);
  set_message(self, _("The plan’s drugs, LVAD, reflexes, lower rate or RV lead changed since the "
                      "search: search again for this plan."));
}

/* ---------------------------------------------------------------- bullseye */

static void draw_bullseye(GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  CtCrtView *self = data;
  CtPlotStyle style;
  CtBullseye bullseye;
  const CtCrtCandidate *best;

  if (self->candidates == NULL || self->candidates->len == 0)
    return;
  best = &g_array_index(self->candidates, CtCrtCandidate, 0);
  ct_plot_style_default(&style);
  style.dark = adw_style_manager_get_dark(adw_style_manager_get_default());
  ct_plot_bullseye_default(&bullseye);
  bullseye.mode = CT_BULLSEYE_VALUES;
  bullseye.values = self->segment_gain;
  bullseye.values_title = _("Best dP/dt max gain (%)");
  bullseye.values_digits = 0;
  bullseye.excluded = self->excluded;
  bullseye.excluded_label = _("Scar: never proposed");
  bullseye.scar_transmurality = self->scar;
  bullseye.lv_lead_segment = best->lv_lead_segment;
  bullseye.rv_lead_site = (int)self->therapy.pacing.rv_lead_site;
  ct_plot_bullseye(cr, width, height, &style, &bullseye);
}

/* ---------------------------------------------------------------- object */

static void ct_crt_view_dispose(GObject *object)
{
  CtCrtView *self = CT_CRT_VIEW(object);

  stop_search(self);
  g_clear_weak_pointer(&self->panel);
  g_clear_pointer(&self->candidates, g_array_unref);
  g_clear_object(&self->twin);
  g_clear_pointer(&self->message, g_free);
  ct_widget_dispose_template_children(GTK_WIDGET(object), CT_TYPE_CRT_VIEW);
  G_OBJECT_CLASS(ct_crt_view_parent_class)->dispose(object);
}

static void ct_crt_view_class_init(CtCrtViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->dispose = ct_crt_view_dispose;
  object_class->get_property = ct_crt_view_get_property;
  /* A search runs (the page pauses the 3D heart meanwhile: the search wants both cores). */
  properties[PROP_BUSY] =
      g_param_spec_boolean("busy", NULL, NULL, FALSE,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, properties);
  /* Just before Apply changes the plan: the page makes it an undo step of its own. */
  signals[SIGNAL_APPLYING] = g_signal_new("applying", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_MESSAGE] = g_signal_new("message", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/cardiotwin/CardioTwin/ui/ct-crt-view.ui");
  gtk_widget_class_bind_template_child(widget_class, CtCrtView, find_button);
  gtk_widget_class_bind_template_child(widget_class, CtCrtView, progress_revealer);
  gtk_widget_class_bind_template_child(widget_class, CtCrtView, progress_bar);
  gtk_widget_class_bind_template_child(widget_class, CtCrtView, message_label);
  gtk_widget_class_bind_template_child(widget_class, CtCrtView, result_box);
  gtk_widget_class_bind_template_child(widget_class, CtCrtView, summary_label);
  gtk_widget_class_bind_template_child(widget_class, CtCrtView, apply_lv_only_button);
  gtk_widget_class_bind_template_child(widget_class, CtCrtView, bullseye);
  gtk_widget_class_bind_template_child(widget_class, CtCrtView, candidates_list);
  gtk_widget_class_install_action(widget_class, "crt.find", NULL, action_find);
  gtk_widget_class_install_action(widget_class, "crt.cancel", NULL, action_cancel);
  gtk_widget_class_install_action(widget_class, "crt.apply", "u", action_apply);
  gtk_widget_class_install_action(widget_class, "crt.apply-lv-only", NULL, action_apply_lv_only);
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name(widget_class, "ct-crt-view");
}

static void on_dark_changed(CtCrtView *self)
{
  gtk_widget_queue_draw(GTK_WIDGET(self->bullseye));
}

static void ct_crt_view_init(CtCrtView *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
  for (int s = 0; s < CS_AHA_SEGMENTS; s++)
    self->segment_gain[s] = NAN;
  gtk_drawing_area_set_draw_func(self->bullseye, draw_bullseye, self, NULL);
  gtk_accessible_update_property(
      GTK_ACCESSIBLE(self->bullseye), GTK_ACCESSIBLE_PROPERTY_LABEL,
      _("Bullseye of the 17 AHA segments: the best predicted dP/dt max gain of an LV lead in each "
        "segment; segments in transmural scar crossed out"),
      -1);
  g_signal_connect_object(adw_style_manager_get_default(), "notify::dark",
                          G_CALLBACK(on_dark_changed), self, G_CONNECT_SWAPPED);
  update_actions(self);
}

GtkWidget *ct_crt_view_new(void)
{
  return g_object_new(CT_TYPE_CRT_VIEW, NULL);
}

void ct_crt_view_set_therapy_panel(CtCrtView *self, CtTherapyPanel *panel)
{
  g_return_if_fail(CT_IS_CRT_VIEW(self));
  if (self->panel != NULL)
    g_signal_handlers_disconnect_by_data(self->panel, self);
  g_set_weak_pointer(&self->panel, panel);
  if (panel != NULL)
    g_signal_connect_object(panel, "changed", G_CALLBACK(on_panel_changed), self,
                            G_CONNECT_SWAPPED);
  update_actions(self);
}

void ct_crt_view_set_twin(CtCrtView *self, CtTwin *twin)
{
  g_return_if_fail(CT_IS_CRT_VIEW(self));
  stop_search(self);
  clear_result(self);
  set_message(self, NULL);
  g_set_object(&self->twin, twin);
  update_actions(self);
}

gboolean ct_crt_view_get_busy(CtCrtView *self)
{
  g_return_val_if_fail(CT_IS_CRT_VIEW(self), FALSE);
  return self->cancellable != NULL;
}

GArray *ct_crt_view_get_candidates(CtCrtView *self)
{
  g_return_val_if_fail(CT_IS_CRT_VIEW(self), NULL);
  return self->candidates;
}

double ct_crt_view_get_segment_gain(CtCrtView *self, int segment)
{
  g_return_val_if_fail(CT_IS_CRT_VIEW(self), NAN);
  if (segment < 1 || segment > CS_AHA_SEGMENTS || self->candidates == NULL)
    return NAN;
  return self->segment_gain[segment - 1];
}

gboolean ct_crt_view_get_segment_excluded(CtCrtView *self, int segment)
{
  g_return_val_if_fail(CT_IS_CRT_VIEW(self), FALSE);
  return segment >= 1 && segment <= CS_AHA_SEGMENTS && self->candidates != NULL &&
         self->excluded[segment - 1];
}

const char *ct_crt_view_get_message(CtCrtView *self)
{
  g_return_val_if_fail(CT_IS_CRT_VIEW(self), NULL);
  return self->message;
}

const CtCrtCandidate *ct_crt_view_get_lv_only(CtCrtView *self)
{
  g_return_val_if_fail(CT_IS_CRT_VIEW(self), NULL);
  return self->candidates != NULL && self->has_lv_only ? &self->lv_only : NULL;
}

const char *ct_crt_view_get_summary(CtCrtView *self)
{
  g_return_val_if_fail(CT_IS_CRT_VIEW(self), NULL);
  return gtk_label_get_text(self->summary_label);
}

guint ct_crt_view_get_n_results(CtCrtView *self)
{
  g_return_val_if_fail(CT_IS_CRT_VIEW(self), 0);
  return self->n_results;
}

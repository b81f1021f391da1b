/* ct-sim-worker.c — the engine on a worker thread: the latest steady-state beat for a therapy.
 *
 * The window must never wait for the engine (a steady state takes a few ms warm, ~50 ms cold, and a
 * slider drag asks for one per pointer event). One thread per twin owns the CsModel (the engine
 * is reentrant but a model is not shared); requests are coalesced so the newest therapy is the
 * next one computed, and a computation still running when a newer request (or dispose) arrives is
 * abandoned between chunks of beats; each finished beat is published as an immutable CtBeat, and a
 * "beat-ready" signal on the owner's main context says so. The frame clock of the view reads the
 * newest beat whenever it draws, so drawing and simulation run at their own paces.
 *
 * Signals:
 *   beat-ready (CtBeat *beat)            a new beat is there
 *   simulation-failed (const char *why)  the engine refused the therapy or found no steady
 *                                        state; the previous beat stays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-sim-worker.h"

#include "ct-engine-words.h"

#include <glib/gi18n-lib.h>

#include <string.h>

enum { SIGNAL_BEAT_READY, SIGNAL_SIMULATION_FAILED, N_SIGNALS };

static guint signals[N_SIGNALS];

struct _CtSimWorker {
  GObject parent_instance;

  CsParams params;
  GMainContext *context;
  GThread *thread;

  GMutex lock; /* everything below */
  GCond wake;
  gboolean quit;
  gboolean pending;
  gboolean cold; /* the next request starts from the initial state (set_therapy_cold) */
  CsTherapy therapy;
  guint generation;
  CtBeat *beat;
  struct _Mailbox *mailbox; /* made on the owner's thread, read by the worker thread */
};

G_DEFINE_FINAL_TYPE(CtSimWorker, ct_sim_worker, G_TYPE_OBJECT)

/* The worker's address for its reports: a weak reference made once, on the owner's thread while it
 * holds the worker (GObject requires a strong reference to make one), shared by every report. */
typedef struct _Mailbox {
  gatomicrefcount ref_count;
  GWeakRef worker;
} Mailbox;

static Mailbox *mailbox_new(CtSimWorker *worker)
{
  Mailbox *mailbox = g_new0(Mailbox, 1);

  g_atomic_ref_count_init(&mailbox->ref_count);
  g_weak_ref_init(&mailbox->worker, worker);
  return mailbox;
}

static Mailbox *mailbox_ref(Mailbox *mailbox)
{
  g_atomic_ref_count_inc(&mailbox->ref_count);
  return mailbox;
}

static void mailbox_unref(Mailbox *mailbox)
{
  if (g_atomic_ref_count_dec(&mailbox->ref_count)) {
    g_weak_ref_clear(&mailbox->worker);
    g_free(mailbox);
  }
}

typedef struct {
  Mailbox *mailbox;
  CtBeat *beat;  /* or NULL */
  char *failure; /* or NULL */
} Report;

static void report_free(gpointer data)
{
  Report *report = data;

  mailbox_unref(report->mailbox);
  if (report->beat != NULL)
    ct_beat_unref(report->beat);
  g_free(report->failure);
  g_free(report);
}

static gboolean deliver(gpointer data)
{
  Report *report = data;
  g_autoptr(CtSimWorker) self = g_weak_ref_get(&report->mailbox->worker);

  if (self == NULL)
    return G_SOURCE_REMOVE;
  if (report->beat != NULL)
    g_signal_emit(self, signals[SIGNAL_BEAT_READY], 0, report->beat);
  else
    g_signal_emit(self, signals[SIGNAL_SIMULATION_FAILED], 0, report->failure);
  return G_SOURCE_REMOVE;
}

/* From the worker thread to the owner's context, always queued. */
static void post(CtSimWorker *self, CtBeat *beat, const char *failure)
{
  Report *report = g_new0(Report, 1);
  GSource *source = g_idle_source_new();

  report->mailbox = mailbox_ref(self->mailbox);
  report->beat = beat != NULL ? ct_beat_ref(beat) : NULL;
  report->failure = g_strdup(failure);
  g_source_set_priority(source, G_PRIORITY_DEFAULT);
  g_source_set_callback(source, deliver, report, report_free);
  g_source_attach(source, self->context);
  g_source_unref(source);
}

/* Between chunks of beats: how the app's engine runs see a newer request, dispose or a cancel
 * soon, without the engine knowing of threads. Each chunk goes on with the search the one before
 * left open (cs_model_run_to_steady_state), so that the app's steady state is the command line's,
 * beat for beat (/engine/steady-state/chunks-are-one-search). */
#define BEATS_PER_CHUNK 25

CsStatus ct_sim_run_until_steady(CsModel *model, gboolean (*stop)(gpointer data), gpointer data,
                                 CsSteadyStateResult *result, gboolean *stopped, CsError *error)
{
  CsSteadyStateOptions options;
  int budget;

  g_return_val_if_fail(model != NULL && result != NULL && stopped != NULL && error != NULL,
                       CS_ERROR_INVALID_PARAMETER);
  *stopped = FALSE;
  cs_steady_state_options_default(&options);
  budget = options.max_beats;
  options.max_beats = BEATS_PER_CHUNK;
  for (int done = 0; done < budget; done += BEATS_PER_CHUNK) {
    CsStatus status = cs_model_run_to_steady_state(model, &options, result, error);

    if (status != CS_ERROR_NOT_CONVERGED)
      return status;
    if (stop != NULL && stop(data)) {
      *stopped = TRUE;
      return CS_ERROR_NOT_CONVERGED;
    }
  }
  /* The engine's error counts the last chunk's beats: the run had the whole budget. The English
   * message keeps only the count; ct_engine_error_describe() says what still moved. */
  g_snprintf(error->message, sizeof error->message, "no periodic steady state within %d beats",
             budget);
  error->values[0] = budget;
  return CS_ERROR_NOT_CONVERGED;
}

/* A newer request or dispose is waiting: the therapy under way is not wanted any more. */
static gboolean request_is_stale(gpointer data)
{
  CtSimWorker *self = data;
  gboolean stale;

  g_mutex_lock(&self->lock);
  stale = self->quit || self->pending;
  g_mutex_unlock(&self->lock);
  return stale;
}

static guint reflex_pump_combination(const CsTherapy *therapy)
{
  return 1u << ((therapy->baroreflex_enabled ? 1 : 0) + (therapy->lvad_enabled ? 2 : 0));
}

/* The beat map (cs_model_learn_beat_map) lets a search after a therapy change take a few beats
 * (~4 against ~13 for a dose). It is learned at a steady state of one beat, and serves therapies
 * with the reflex and the pump on or off as there: so it is learned from the steady state of
 * @steady before the first search towards a @next that keeps them, and again after the clinician
 * switches either, unless that combination could not be learned on this model (@unlearnable).
 * Learned then, not once a steady state's beat is out, so that its 12 beats never compete with
 * drawing a twin's first frame; the model is left as after one more beat of the steady state. */
static void learn_map_before_change(CsModel *model, const CsTherapy *steady, const CsTherapy *next,
                                    guint *unlearnable)
{
  guint combination = reflex_pump_combination(steady);
  CsError error = {{0}};
  int learned = 0;

  if (cs_model_beat_map_serves(model) || combination != reflex_pump_combination(next) ||
      (*unlearnable & combination))
    return;
  if (cs_model_learn_beat_map(model, &learned, &error) != CS_OK || !learned)
    *unlearnable |= combination;
}

static gpointer run(gpointer data)
{
  CtSimWorker *self = data;
  CsModel *model = NULL;
  /* For this model: a bit for each reflex/pump combination whose map could not be learned. */
  guint map_unlearnable = 0;
  /* The model is at the steady state of one beat of steady_therapy. */
  gboolean at_steady_state = FALSE;
  CsTherapy steady_therapy;

  memset(&steady_therapy, 0, sizeof steady_therapy);
  g_mutex_lock(&self->lock);
  for (;;) {
    CsTherapy therapy;
    CsSteadyStateResult result = {0};
    CsError error = {{0}};
    CsStatus status;
    gboolean abandoned = FALSE;
    guint generation;

    while (!self->pending && !self->quit)
      g_cond_wait(&self->wake, &self->lock);
    if (self->quit)
      break;
    therapy = self->therapy;
    generation = self->generation;
    self->pending = FALSE;
    if (self->cold) {
      self->cold = FALSE;
      g_clear_pointer(&model, cs_model_free);
      map_unlearnable = 0;
    }
    g_mutex_unlock(&self->lock);

    if (model != NULL && at_steady_state)
      learn_map_before_change(model, &steady_therapy, &therapy, &map_unlearnable);
    at_steady_state = FALSE;

    /* Warm start: the model keeps the circulation's state from the previous therapy. */
    if (model == NULL) {
      model = cs_model_new(&self->params, &therapy, &error);
      status = model != NULL ? CS_OK : CS_ERROR_INVALID_PARAMETER;
    } else {
      status = cs_model_set_therapy(model, &therapy, &error);
    }
    if (status == CS_OK)
      status = ct_sim_run_until_steady(model, request_is_stale, self, &result, &abandoned, &error);
    if (abandoned) {
      /* A newer request or the end came first: this therapy's answer is not wanted. */
    } else if (status == CS_OK && result.converged) {
      g_autoptr(CtBeat) beat = ct_beat_new_from_model(model, generation);

      g_mutex_lock(&self->lock);
      if (self->beat != NULL)
        ct_beat_unref(self->beat);
      self->beat = ct_beat_ref(beat);
      g_mutex_unlock(&self->lock);
      post(self, beat, NULL);
      at_steady_state = result.period_beats == 1;
      steady_therapy = therapy;
    } else {
      g_autofree char *why = status == CS_OK ? g_strdup(_("no periodic steady state"))
                                             : ct_engine_error_describe(&error, &result);

      post(self, NULL, why);
      /* A model that failed may hold a state far from any steady state: start afresh. */
      g_clear_pointer(&model, cs_model_free);
      map_unlearnable = 0;
    }
    g_mutex_lock(&self->lock);
  }
  g_mutex_unlock(&self->lock);
  g_clear_pointer(&model, cs_model_free);
  return NULL;
}

static void ct_sim_worker_dispose(GObject *object)
{
  CtSimWorker *self = CT_SIM_WORKER(object);

  if (self->thread != NULL) {
    g_mutex_lock(&self->lock);
    self->quit = TRUE;
    g_cond_signal(&self->wake);
    g_mutex_unlock(&self->lock);
    g_thread_join(g_steal_pointer(&self->thread));
  }
  G_OBJECT_CLASS(ct_sim_worker_parent_class)->dispose(object);
}

static void ct_sim_worker_finalize(GObject *object)
{
  CtSimWorker *self = CT_SIM_WORKER(object);

  if (self->beat != NULL)
    ct_beat_unref(self->beat);
  g_main_context_unref(self->context);
  mailbox_unref(self->mailbox);
  g_cond_clear(&self->wake);
  g_mutex_clear(&self->lock);
  G_OBJECT_CLASS(ct_sim_worker_parent_class)->finalize(object);
}

static void ct_sim_worker_class_init(CtSimWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);

  object_class->dispose = ct_sim_worker_dispose;
  object_class->finalize = ct_sim_worker_finalize;
  signals[SIGNAL_BEAT_READY] =
      g_signal_new("beat-ready", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                   G_TYPE_NONE, 1, CT_TYPE_BEAT);
  signals[SIGNAL_SIMULATION_FAILED] =
      g_signal_new("simulation-failed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                   NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void ct_sim_worker_init(CtSimWorker *self)
{
  g_mutex_init(&self->lock);
  g_cond_init(&self->wake);
}

CtSimWorker *ct_sim_worker_new(const CsParams *params)
{
  CtSimWorker *self;

  g_return_val_if_fail(params != NULL, NULL);
  self = g_object_new(CT_TYPE_SIM_WORKER, NULL);
  self->params = *params;
  self->context = g_main_context_ref_thread_default();
  self->mailbox = mailbox_new(self);
  /* The thread holds no reference: dispose stops and joins it. */
  self->thread = g_thread_new("ct-sim-worker", run, self);
  return self;
}

static void request(CtSimWorker *self, const CsTherapy *therapy, gboolean cold)
{
  g_mutex_lock(&self->lock);
  self->therapy = *therapy;
  self->generation++;
  self->pending = TRUE;
  self->cold = self->cold || cold;
  g_cond_signal(&self->wake);
  g_mutex_unlock(&self->lock);
}

void ct_sim_worker_set_therapy(CtSimWorker *self, const CsTherapy *therapy)
{
  g_return_if_fail(CT_IS_SIM_WORKER(self));
  g_return_if_fail(therapy != NULL);
  request(self, therapy, FALSE);
}

void ct_sim_worker_set_therapy_cold(CtSimWorker *self, const CsTherapy *therapy)
{
  g_return_if_fail(CT_IS_SIM_WORKER(self));
  g_return_if_fail(therapy != NULL);
  request(self, therapy, TRUE);
}

CtBeat *ct_sim_worker_get_beat(CtSimWorker *self)
{
  CtBeat *beat;

  g_return_val_if_fail(CT_IS_SIM_WORKER(self), NULL);
  g_mutex_lock(&self->lock);
  beat = self->beat != NULL ? ct_beat_ref(self->beat) : NULL;
  g_mutex_unlock(&self->lock);
  return beat;
}

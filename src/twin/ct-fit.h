/* ct-fit.h — personalization: a twin fitted to a patient's measurements.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ct-measurements.h"
#include "ct-twin.h"

G_BEGIN_DECLS

#define CT_TYPE_FIT (ct_fit_get_type())

G_DECLARE_FINAL_TYPE(CtFit, ct_fit, CT, FIT, GObject)

/* One measured index after the fit. */
typedef struct {
  const char *name; /* the index name */
  double measured;
  double simulated;
  double tolerance; /* absolute, in the index's unit */
} CtFitResidual;

/* Prepares a fit of @measurements; nothing runs until ct_fit_run(). @twin_id names the twin
 * (cardiotwin/1 id rules). */
CtFit *ct_fit_new(CtMeasurements *measurements, const char *twin_id);
/* The pseudonym the fitted twin's patient header carries (cardiotwin/1 rules: 1–64 printable
 * characters); NULL, the default: the twin id. Recalibrating a patient's twin keeps its pseudonym.
 */
void ct_fit_set_pseudonym(CtFit *self, const char *pseudonym);

/* Fits the engine to the measurements: population priors for what was not measured, a
 * Levenberg–Marquardt solve (GSL) for what was. Blocks for up to about a second; call it from a
 * worker thread in an interactive program. Cancellable between model evaluations.
 *
 * FALSE with CT_TWIN_ERROR_NOT_FITTED when a measurement could not be matched within its
 * tolerance (the message names each one; the residuals stay available), G_IO_ERROR_CANCELLED
 * when cancelled, CT_TWIN_ERROR_SIMULATION when the engine failed. */
gboolean ct_fit_run(CtFit *self, GCancellable *cancellable, GError **error);

/* After a successful run: the fitted twin. */
CtTwin *ct_fit_get_twin(CtFit *self);
/* After a run (successful or NOT_FITTED): residuals of the measured indices, in contract order. */
guint ct_fit_get_n_residuals(CtFit *self);
const CtFitResidual *ct_fit_get_residual(CtFit *self, guint index);
/* Wall time of the run, and how many steady states it computed. */
double ct_fit_get_seconds(CtFit *self);
guint ct_fit_get_evaluations(CtFit *self);

G_END_DECLS

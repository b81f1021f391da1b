/* ct-heart-view.h — the beating 3D heart of a twin (GtkGLArea).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ct-camera.h"
#include "ct-renderer.h"
#include "ct-sim-worker.h"
#include "ct-twin.h"

G_BEGIN_DECLS

#define CT_TYPE_HEART_VIEW (ct_heart_view_get_type())

G_DECLARE_FINAL_TYPE(CtHeartView, ct_heart_view, CT, HEART_VIEW, GtkWidget)

GtkWidget *ct_heart_view_new(void);

/* The twin whose heart is drawn (its geometry and scar), and the worker whose beats move it. */
void ct_heart_view_set_twin(CtHeartView *self, CtTwin *twin);
void ct_heart_view_set_worker(CtHeartView *self, CtSimWorker *worker);

void ct_heart_view_set_colour_mode(CtHeartView *self, CtColourMode mode);
CtColourMode ct_heart_view_get_colour_mode(CtHeartView *self);
/* The LV lead's AHA segment (0: none) and whether an RV lead is drawn at the apex or septum
 * (-1: none). */
void ct_heart_view_set_leads(CtHeartView *self, int lv_segment, int rv_site);
void ct_heart_view_set_cut_away(CtHeartView *self, gboolean cut_away);
void ct_heart_view_show_view(CtHeartView *self, CtStandardView view);
void ct_heart_view_reset(CtHeartView *self);

/* The segment under the pointer (0: none), and the segment a click at widget point (@x, @y)
 * picks (-1 outside the heart, 0 on the heart but not the LV wall). */
int ct_heart_view_get_hover_segment(CtHeartView *self);
int ct_heart_view_pick(CtHeartView *self, double x, double y);
/* The widget point where AHA segment @segment's centre appears, for tests and tooltips. */
gboolean ct_heart_view_segment_point(CtHeartView *self, int segment, double *x, double *y);

/* Draws the patient's own mesh (glTF, STL, OBJ, PLY; ct-mesh-import.h) instead of the parametric
 * heart, imported on a worker thread. On failure (no LV part, a broken file) the view keeps what
 * it showed and the error says why; the caller shows it. ct_heart_view_set_twin() and
 * ct_heart_view_use_parametric_heart() return to the parametric heart. */
void ct_heart_view_import_mesh_async(CtHeartView *self, const char *path, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data);
gboolean ct_heart_view_import_mesh_finish(CtHeartView *self, GAsyncResult *result, GError **error);
void ct_heart_view_use_parametric_heart(CtHeartView *self);

/* The LV's cavity volume (ml) the view draws now, as posed from the beat (0 before a beat): what
 * the heart shows is what the engine computed. */
double ct_heart_view_get_drawn_lv_volume_ml(CtHeartView *self);

/* How fast the heart beats on screen relative to the simulated time (1: real time; 0: still). */
void ct_heart_view_set_animation_speed(CtHeartView *self, double speed);
/* Holds the heart still and draws no new frame until unpaused: a long computation on this machine's
 * cores (the CRT search) then does not share them with the animation. */
void ct_heart_view_set_paused(CtHeartView *self, gboolean paused);
/* How many frames the view has drawn since its twin was set: the first-frame benchmark and the
 * tests wait on it. */
guint ct_heart_view_get_n_frames_drawn(CtHeartView *self);

/* The GL error the widget shows instead of the heart, or NULL. */
const GError *ct_heart_view_get_error(CtHeartView *self);

G_END_DECLS

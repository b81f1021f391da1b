/* ct-bullseye-view.c — the AHA 17-segment bullseye of the plan (src/plots draws it).
 *
 * Pointer: hovering outlines a segment and its tooltip names it with its activation time; a click
 * places the LV lead. Keyboard: the view takes focus; arrows move the outlined segment around and
 * across the rings, Enter or Space places the lead there. A screen reader hears the outlined
 * segment's name and time.
 *
 * Signal: segment-activated (int segment), on a click or Enter on a segment.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-bullseye-view.h"

#include <adwaita.h>

#include "ct-i18n.h"
#include "ct-plot.h"

struct _CtBullseyeView {
  GtkWidget parent_instance;

  CtBeat *baseline;
  CtBeat *plan;
  double scar[CS_AHA_SEGMENTS];
  gboolean have_scar;
  int lv_segment;
  int rv_site;
  int highlighted;
};

G_DEFINE_FINAL_TYPE(CtBullseyeView, ct_bullseye_view, GTK_TYPE_WIDGET)

enum { SIGNAL_SEGMENT_ACTIVATED, N_SIGNALS };

static guint signals[N_SIGNALS];

static void style_for(CtBullseyeView *self, CtPlotStyle *style)
{
  ct_plot_style_default(style);
  style->dark = adw_style_manager_get_dark(adw_style_manager_get_default());
}

static void fill_data(CtBullseyeView *self, CtBullseye *data)
{
  ct_plot_bullseye_default(data);
  data->mode = CT_BULLSEYE_ACTIVATION;
  data->activation_ms = self->plan != NULL ? self->plan->segment_activation_ms : NULL;
  data->scar_transmurality = self->have_scar ? self->scar : NULL;
  data->lv_lead_segment = self->lv_segment;
  data->rv_lead_site = self->rv_site;
  data->highlighted_segment = self->highlighted;
  /* One scale for baseline and plan: the same colour is the same time in both. */
  if (self->plan != NULL) {
    double lo, hi;

    ct_plot_bullseye_activation_scale(data, &lo, &hi);
    if (self->baseline != NULL) {
      CtBullseye baseline = *data;
      double baseline_lo, baseline_hi;

      baseline.activation_ms = self->baseline->segment_activation_ms;
      ct_plot_bullseye_activation_scale(&baseline, &baseline_lo, &baseline_hi);
      lo = MIN(lo, baseline_lo);
      hi = MAX(hi, baseline_hi);
    }
    data->activation_lo_ms = lo;
    data->activation_hi_ms = hi;
  }
}

static void ct_bullseye_view_snapshot(GtkWidget *widget, GtkSnapshot *snapshot)
{
  CtBullseyeView *self = CT_BULLSEYE_VIEW(widget);
  double width = gtk_widget_get_width(widget), height = gtk_widget_get_height(widget);
  CtPlotStyle style;
  CtBullseye data;
  cairo_t *cr;

  if (width < 1 || height < 1)
    return;
  style_for(self, &style);
  fill_data(self, &data);
  cr = gtk_snapshot_append_cairo(snapshot, &GRAPHENE_RECT_INIT(0, 0, width, height));
  ct_plot_bullseye(cr, width, height, &style, &data);
  cairo_destroy(cr);
}

static void ct_bullseye_view_measure(GtkWidget *widget, GtkOrientation orientation, int for_size,
                                     int *minimum, int *natural, int *minimum_baseline,
                                     int *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 190 : 180;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 340 : 280;
}

/* The outlined segment, in words, for tooltips and screen readers. */
static char *describe(CtBullseyeView *self, int segment)
{
  if (segment < 1 || segment > CS_AHA_SEGMENTS)
    return NULL;
  if (self->plan != NULL)
    /* TRANSLATORS: an AHA segment's number, name and activation time, e.g.
     * "11 mid inferolateral: activated at 170 ms". */
    return g_strdup_printf(_("%d %s: activated at %.0f ms"), segment,
                           ct_plot_aha_segment_name(segment),
                           self->plan->segment_activation_ms[segment - 1]);
  return g_strdup_printf("%d %s", segment, ct_plot_aha_segment_name(segment));
}

static void describe_highlighted(CtBullseyeView *self)
{
  g_autofree char *description = describe(self, self->highlighted);

  gtk_widget_set_tooltip_text(GTK_WIDGET(self), description);
  gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                 description != NULL ? description : "", -1);
}

static void set_highlighted(CtBullseyeView *self, int segment)
{
  if (segment == self->highlighted)
    return;
  self->highlighted = segment;
  describe_highlighted(self);
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

int ct_bullseye_view_segment_at(CtBullseyeView *self, double x, double y)
{
  CtPlotStyle style;

  g_return_val_if_fail(CT_IS_BULLSEYE_VIEW(self), 0);
  style_for(self, &style);
  return ct_plot_bullseye_segment_at(gtk_widget_get_width(GTK_WIDGET(self)),
                                     gtk_widget_get_height(GTK_WIDGET(self)), &style, x, y);
}

gboolean ct_bullseye_view_segment_point(CtBullseyeView *self, int segment, double *x, double *y)
{
  CtPlotStyle style;

  g_return_val_if_fail(CT_IS_BULLSEYE_VIEW(self), FALSE);
  style_for(self, &style);
  return ct_plot_bullseye_segment_centre(gtk_widget_get_width(GTK_WIDGET(self)),
                                         gtk_widget_get_height(GTK_WIDGET(self)), &style, segment,
                                         x, y);
}

static void on_motion(GtkEventControllerMotion *motion, double x, double y, CtBullseyeView *self)
{
  set_highlighted(self, ct_bullseye_view_segment_at(self, x, y));
}

static void on_leave(GtkEventControllerMotion *motion, CtBullseyeView *self)
{
  if (!gtk_widget_has_focus(GTK_WIDGET(self)))
    set_highlighted(self, 0);
}

static void on_released(GtkGestureClick *click, int n_press, double x, double y,
                        CtBullseyeView *self)
{
  int segment = ct_bullseye_view_segment_at(self, x, y);

  gtk_widget_grab_focus(GTK_WIDGET(self));
  if (segment > 0)
    g_signal_emit(self, signals[SIGNAL_SEGMENT_ACTIVATED], 0, segment);
}

/* Keyboard moves in the map's own geometry: around a ring (left/right) and between rings
 * (up: toward the base, outward; down: toward the apex, inward). The basal and mid rings have six
 * segments, the apical ring four, the apex one (Cerqueira et al. 2002). */
static int ring_of(int segment)
{
  return segment <= 6 ? 0 : segment <= 12 ? 1 : segment <= 16 ? 2 : 3;
}

static int move_segment(int segment, guint keyval)
{
  static const int first[] = {1, 7, 13, 17}, count[] = {6, 6, 4, 1};
  int ring, index;

  if (segment < 1)
    return 1;
  ring = ring_of(segment);
  index = segment - first[ring];
  switch (keyval) {
  case GDK_KEY_Left:
    return first[ring] + (index + count[ring] - 1) % count[ring];
  case GDK_KEY_Right:
    return first[ring] + (index + 1) % count[ring];
  case GDK_KEY_Down:
    /* Inward: same wall in the next ring (six to four segments: the nearest of the four). */
    if (ring == 3)
      return segment;
    if (ring == 1)
      return first[2] + (index * 4 + 3) / 6 % 4;
    return ring == 2 ? 17 : segment + 6;
  case GDK_KEY_Up:
    if (ring == 0)
      return segment;
    if (ring == 3)
      return 13;
    if (ring == 2)
      return first[1] + index * 6 / 4;
    return segment - 6;
  default:
    return segment;
  }
}

static gboolean on_key_pressed(GtkEventControllerKey *key, guint keyval, guint keycode,
                               GdkModifierType state, CtBullseyeView *self)
{
  switch (keyval) {
  case GDK_KEY_Left:
  case GDK_KEY_Right:
  case GDK_KEY_Up:
  case GDK_KEY_Down:
    set_highlighted(self, move_segment(self->highlighted, keyval));
    return TRUE;
  case GDK_KEY_Return:
  case GDK_KEY_KP_Enter:
  case GDK_KEY_space:
    if (self->highlighted > 0)
      g_signal_emit(self, signals[SIGNAL_SEGMENT_ACTIVATED], 0, self->highlighted);
    return TRUE;
  default:
    return FALSE;
  }
}

static void on_focus_leave(GtkEventControllerFocus *focus, CtBullseyeView *self)
{
  set_highlighted(self, 0);
}

static void on_dark_changed(CtBullseyeView *self)
{
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

static void ct_bullseye_view_dispose(GObject *object)
{
  CtBullseyeView *self = CT_BULLSEYE_VIEW(object);

  g_clear_pointer(&self->baseline, ct_beat_unref);
  g_clear_pointer(&self->plan, ct_beat_unref);
  G_OBJECT_CLASS(ct_bullseye_view_parent_class)->dispose(object);
}

static void ct_bullseye_view_class_init(CtBullseyeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->dispose = ct_bullseye_view_dispose;
  widget_class->snapshot = ct_bullseye_view_snapshot;
  widget_class->measure = ct_bullseye_view_measure;
  signals[SIGNAL_SEGMENT_ACTIVATED] =
      g_signal_new("segment-activated", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                   NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  gtk_widget_class_set_accessible_role(widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name(widget_class, "ct-bullseye-view");
}

static void ct_bullseye_view_init(CtBullseyeView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new();
  GtkEventController *key = gtk_event_controller_key_new();
  GtkEventController *focus = gtk_event_controller_focus_new();
  GtkGesture *click = gtk_gesture_click_new();

  self->rv_site = -1;
  gtk_widget_set_focusable(GTK_WIDGET(self), TRUE);
  gtk_widget_set_cursor_from_name(GTK_WIDGET(self), "pointer");
  g_signal_connect(motion, "motion", G_CALLBACK(on_motion), self);
  g_signal_connect(motion, "leave", G_CALLBACK(on_leave), self);
  gtk_widget_add_controller(GTK_WIDGET(self), motion);
  g_signal_connect(click, "released", G_CALLBACK(on_released), self);
  gtk_widget_add_controller(GTK_WIDGET(self), GTK_EVENT_CONTROLLER(click));
  g_signal_connect(key, "key-pressed", G_CALLBACK(on_key_pressed), self);
  gtk_widget_add_controller(GTK_WIDGET(self), key);
  g_signal_connect(focus, "leave", G_CALLBACK(on_focus_leave), self);
  gtk_widget_add_controller(GTK_WIDGET(self), focus);
  g_signal_connect_object(adw_style_manager_get_default(), "notify::dark",
                          G_CALLBACK(on_dark_changed), self, G_CONNECT_SWAPPED);
  gtk_accessible_update_property(
      GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_LABEL,
      _("Bullseye of the 17 AHA segments: activation times, scar and leads. Arrow keys choose a "
        "segment, Enter places the LV lead there"),
      -1);
}

GtkWidget *ct_bullseye_view_new(void)
{
  return g_object_new(CT_TYPE_BULLSEYE_VIEW, NULL);
}

void ct_bullseye_view_set_beats(CtBullseyeView *self, CtBeat *baseline, CtBeat *plan)
{
  g_return_if_fail(CT_IS_BULLSEYE_VIEW(self));
  if (baseline != NULL)
    ct_beat_ref(baseline);
  if (plan != NULL)
    ct_beat_ref(plan);
  g_clear_pointer(&self->baseline, ct_beat_unref);
  g_clear_pointer(&self->plan, ct_beat_unref);
  self->baseline = baseline;
  self->plan = plan;
  /* The outlined segment's time is the new plan's. */
  describe_highlighted(self);
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

void ct_bullseye_view_set_scar(CtBullseyeView *self, const double *scar_transmurality)
{
  g_return_if_fail(CT_IS_BULLSEYE_VIEW(self));
  self->have_scar = scar_transmurality != NULL;
  if (scar_transmurality != NULL)
    memcpy(self->scar, scar_transmurality, sizeof self->scar);
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

void ct_bullseye_view_set_leads(CtBullseyeView *self, int lv_segment, int rv_site)
{
  g_return_if_fail(CT_IS_BULLSEYE_VIEW(self));
  self->lv_segment = lv_segment;
  self->rv_site = rv_site;
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

/* ct-report.c — the plan report: PDF (cairo + Pango) and CSV.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-report.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <unistd.h>

#include "ct-i18n.h"
#include "ct-index-format.h"

#ifndef CT_VALIDATION_MET
#error "CT_VALIDATION_MET comes from docs/validation.md (src/report/meson.build)"
#endif

/* Page sizes in points (1/72 in): ISO 216 A4 (210 x 297 mm) and ANSI Letter (8.5 x 11 in). */
#define A4_WIDTH_PT      (210.0 / 25.4 * 72.0)
#define A4_HEIGHT_PT     (297.0 / 25.4 * 72.0)
#define LETTER_WIDTH_PT  (8.5 * 72.0)
#define LETTER_HEIGHT_PT (11.0 * 72.0)
/* 18 mm margins: inside every office printer's printable area. */
#define MARGIN_PT  (18.0 / 25.4 * 72.0)
#define FOOTER_PT  18.0
#define BODY_PT    9.5
#define SMALL_PT   8.0
#define HEADING_PT 12.5
#define TITLE_PT   19.0
#define FAMILY     "Sans"

/* ------------------------------------------------------------------ files */

/* A file being written: a temporary file beside the target, renamed into place on success. */
typedef struct {
  char *path;     /* the target */
  char *tmp_path; /* NULL once renamed or removed */
  int fd;
  int write_errno; /* the first write's failure; 0: none */
} OutFile;

static void set_file_error(GError **error, const char *path, int errsv)
{
  g_autofree char *shown = g_filename_display_name(path);

  g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errsv), _("cannot write “%s”: %s"),
              shown, g_strerror(errsv));
}

static gboolean out_open(OutFile *out, const char *path, GError **error)
{
  g_autofree char *folder = g_path_get_dirname(path);
  g_autofree char *base = g_path_get_basename(path);
  g_autofree char *template = NULL;

  out->path = g_strdup(path);
  out->tmp_path = NULL;
  out->fd = -1;
  out->write_errno = 0;
  if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
    set_file_error(error, path, EISDIR);
    g_clear_pointer(&out->path, g_free);
    return FALSE;
  }
  /* Hidden, and never mistaken for a finished report. */
  template = g_strdup_printf(".%s.XXXXXX", base);
  out->tmp_path = g_build_filename(folder, template, NULL);
  /* 0666 less the umask: the permissions any new file would have (as g_file_set_contents). */
  out->fd = g_mkstemp_full(out->tmp_path, O_RDWR | O_CLOEXEC, 0666);
  if (out->fd < 0) {
    int errsv = errno;

    g_clear_pointer(&out->tmp_path, g_free);
    set_file_error(error, path, errsv);
    g_clear_pointer(&out->path, g_free);
    return FALSE;
  }
  return TRUE;
}

static gboolean out_write(OutFile *out, const void *data, gsize length)
{
  const char *p = data;

  if (out->write_errno != 0)
    return FALSE;
  while (length > 0) {
    gssize n = write(out->fd, p, length);

    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      out->write_errno = n < 0 ? errno : ENOSPC;
      return FALSE;
    }
    p += n;
    length -= (gsize)n;
  }
  return TRUE;
}

/* Removes the temporary file and frees: the target is left as it was. */
static void out_abort(OutFile *out)
{
  if (out->fd >= 0)
    close(out->fd);
  out->fd = -1;
  if (out->tmp_path != NULL)
    g_unlink(out->tmp_path);
  g_clear_pointer(&out->tmp_path, g_free);
  g_clear_pointer(&out->path, g_free);
}

/* Flushes to the disk and renames into place; on any failure, out_abort(). */
static gboolean out_commit(OutFile *out, GError **error)
{
  int errsv = out->write_errno;

  if (errsv == 0 && fsync(out->fd) != 0)
    errsv = errno;
  if (close(out->fd) != 0 && errsv == 0)
    errsv = errno;
  out->fd = -1;
  if (errsv == 0 && g_rename(out->tmp_path, out->path) != 0)
    errsv = errno;
  if (errsv != 0) {
    set_file_error(error, out->path, errsv);
    out_abort(out);
    return FALSE;
  }
  g_clear_pointer(&out->tmp_path, g_free);
  g_clear_pointer(&out->path, g_free);
  return TRUE;
}

static cairo_status_t write_to_out(void *closure, const unsigned char *data, unsigned int length)
{
  return out_write(closure, data, length) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* ------------------------------------------------------------------ text */

static char *date_text(const CtReportInput *input)
{
  g_autoptr(GDateTime) now = NULL;

  if (input->date != NULL)
    return g_date_time_format(input->date, "%Y-%m-%d");
  now = g_date_time_new_now_local();
  return g_date_time_format(now, "%Y-%m-%d");
}

static const char *plan_name(const CtReportInput *input)
{
  return input->plan_name != NULL && input->plan_name[0] != '\0' ? input->plan_name
                                                                 : _("(unnamed plan)");
}

/* Adds @item (taken) to the therapy's list. */
static void add_item(GString *text, char *item)
{
  if (text->len > 0)
    /* TRANSLATORS: between the items of a plan's therapy ("Dobutamine 5 µg/kg/min; CRT
     * pacing, lower rate 60 bpm; AV delay 120 ms; …"). */
    g_string_append(text, C_("list separator", "; "));
  g_string_append(text, item);
  g_free(item);
}

/* The plan's therapy as a list of whole items (each one translatable on its own, so no sentence
 * is assembled from fragments): drugs with their doses, pacing with its settings and leads,
 * LVAD, baroreflex. Drug names come from @drugs when given (translated), else the library ids. */
static char *therapy_text(const CsTherapy *therapy, CtDrugLibrary *drugs)
{
  g_autoptr(GString) text = g_string_new(NULL);
  const CsPacing *p;

  if (therapy == NULL)
    return g_strdup(_("no therapy"));
  for (int i = 0; i < therapy->n_drugs; i++) {
    const char *id = therapy->drugs[i].name;
    const char *name = drugs != NULL ? ct_drug_library_get_display_name(drugs, id) : NULL;

    /* TRANSLATORS: a drug and its dose: name, number, unit ("Dobutamine 5 µg/kg/min"). */
    add_item(text, g_strdup_printf(_("%1$s %2$g %3$s"), name != NULL ? name : id, therapy->doses[i],
                                   ct_dose_unit_label(therapy->drugs[i].unit)));
  }
  p = &therapy->pacing;
  if (p->mode != CS_PACING_NONE) {
    /* TRANSLATORS: the pacing mode's code (AAI, VVI, DDD, CRT), then its lower rate. */
    add_item(text, g_strdup_printf(_("%1$s pacing, lower rate %2$.0f bpm"),
                                   cs_pacing_mode_name(p->mode), p->rate_bpm));
    if (p->mode == CS_PACING_DDD || p->mode == CS_PACING_CRT)
      add_item(text, g_strdup_printf(_("AV delay %.0f ms"), p->av_delay_ms));
    if (p->mode == CS_PACING_CRT) {
      add_item(text, p->lv_only ? g_strdup(_("LV only, no RV stimulus"))
                                : ct_format_vv_offset(p->vv_delay_ms));
      /* TRANSLATORS: the segment's number, then its name ("mid anterolateral"). */
      add_item(text, g_strdup_printf(_("LV lead in AHA segment %1$d (%2$s)"), p->lv_lead_segment,
                                     ct_plot_aha_segment_name(p->lv_lead_segment)));
    }
    if (p->mode == CS_PACING_VVI || p->mode == CS_PACING_DDD || p->mode == CS_PACING_CRT)
      add_item(text, g_strdup(p->rv_lead_site == CS_RV_LEAD_SEPTUM ? _("RV lead on the septum")
                                                                   : _("RV lead at the apex")));
  }
  if (therapy->lvad_enabled)
    add_item(text, g_strdup_printf(_("LVAD at %.0f rpm"), therapy->lvad_speed_rpm));
  if (!therapy->baroreflex_enabled)
    add_item(text, g_strdup(_("baroreflex off")));
  if (text->len == 0)
    g_string_append(text, _("no therapy"));
  return g_string_free(g_steal_pointer(&text), FALSE);
}

/* ------------------------------------------------------------------ PDF layout */

typedef struct {
  cairo_t *cr;
  double page_width, page_height;
  double x, width; /* the text column */
  double y;        /* where the next block goes */
  int page;
  const char *pseudonym;
  const char *date;
} Page;

static PangoLayout *make_layout(cairo_t *cr, const char *text, double size_pt, gboolean bold,
                                double width, PangoAlignment align)
{
  PangoLayout *layout = pango_cairo_create_layout(cr);
  PangoFontDescription *font = pango_font_description_new();
  cairo_font_options_t *options = cairo_font_options_create();

  /* The same line breaks at every resolution: no hinted metrics in a document. */
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options(pango_layout_get_context(layout), options);
  pango_layout_context_changed(layout);
  cairo_font_options_destroy(options);
  pango_font_description_set_family(font, FAMILY);
  pango_font_description_set_absolute_size(font, size_pt * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight(font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description(layout, font);
  pango_font_description_free(font);
  if (width > 0) {
    pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  }
  pango_layout_set_alignment(layout, align);
  pango_layout_set_text(layout, text, -1);
  return layout;
}

/* Draws @text at (@x, @y), wrapped at @width (0: not wrapped); returns its height. */
static double draw_text(cairo_t *cr, const char *text, double x, double y, double width,
                        double size_pt, gboolean bold, PangoAlignment align, double grey)
{
  PangoLayout *layout = make_layout(cr, text, size_pt, bold, width, align);
  int w, h;

  pango_layout_get_size(layout, &w, &h);
  cairo_save(cr);
  cairo_set_source_rgb(cr, grey, grey, grey);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout);
  cairo_restore(cr);
  g_object_unref(layout);
  return (double)h / PANGO_SCALE;
}

static double text_height(cairo_t *cr, const char *text, double width, double size_pt,
                          gboolean bold)
{
  PangoLayout *layout = make_layout(cr, text, size_pt, bold, width, PANGO_ALIGN_LEFT);
  int w, h;

  pango_layout_get_size(layout, &w, &h);
  g_object_unref(layout);
  return (double)h / PANGO_SCALE;
}

static void page_footer(Page *p)
{
  g_autofree char *left =
      g_strdup_printf(_("CardioTwin plan report · %s · %s"), p->pseudonym, p->date);
  g_autofree char *right = g_strdup_printf(_("Page %d"), p->page);
  double y = p->page_height - MARGIN_PT - FOOTER_PT + 6.0;

  cairo_save(p->cr);
  cairo_set_source_rgb(p->cr, 0.6, 0.6, 0.6);
  cairo_set_line_width(p->cr, 0.5);
  cairo_move_to(p->cr, p->x, y - 3.0);
  cairo_line_to(p->cr, p->x + p->width, y - 3.0);
  cairo_stroke(p->cr);
  cairo_restore(p->cr);
  draw_text(p->cr, left, p->x, y, p->width, SMALL_PT, FALSE, PANGO_ALIGN_LEFT, 0.35);
  draw_text(p->cr, right, p->x, y, p->width, SMALL_PT, FALSE, PANGO_ALIGN_RIGHT, 0.35);
}

static double page_bottom(const Page *p)
{
  return p->page_height - MARGIN_PT - FOOTER_PT;
}

/* Starts a new page when @height does not fit below p->y. */
static void page_need(Page *p, double height)
{
  if (p->y + height <= page_bottom(p))
    return;
  page_footer(p);
  cairo_show_page(p->cr);
  p->page++;
  p->y = MARGIN_PT;
}

static void paragraph(Page *p, const char *text, double size_pt, gboolean bold, double after)
{
  double h = text_height(p->cr, text, p->width, size_pt, bold);

  page_need(p, h);
  p->y += draw_text(p->cr, text, p->x, p->y, p->width, size_pt, bold, PANGO_ALIGN_LEFT, 0.0);
  p->y += after;
}

/* A section heading, kept with @keep points of what follows it. */
static void heading(Page *p, const char *text, double keep)
{
  double h = text_height(p->cr, text, p->width, HEADING_PT, TRUE);

  p->y += 8.0;
  page_need(p, h + 6.0 + keep);
  p->y += draw_text(p->cr, text, p->x, p->y, p->width, HEADING_PT, TRUE, PANGO_ALIGN_LEFT, 0.1);
  cairo_save(p->cr);
  cairo_set_source_rgb(p->cr, 0.75, 0.1, 0.15);
  cairo_set_line_width(p->cr, 0.8);
  cairo_move_to(p->cr, p->x, p->y + 1.5);
  cairo_line_to(p->cr, p->x + p->width, p->y + 1.5);
  cairo_stroke(p->cr);
  cairo_restore(p->cr);
  p->y += 6.0;
}

static void plot_style(CtPlotStyle *style)
{
  ct_plot_style_default(style);
  style->font_size = SMALL_PT;
  style->family = FAMILY;
}

/* ------------------------------------------------------------------ PDF sections */

/* The twin's valves (ct_twin_describe_valves), so that a stenosis or a leak the pressure traces
 * show is stated where the twin is described. */
static void valves_paragraph(Page *p, CtTwin *twin)
{
  g_auto(GStrv) lesions = ct_twin_describe_valves(twin);
  g_autofree char *line = NULL;

  if (lesions[0] != NULL) {
    g_autofree char *list = g_strjoinv(C_("list separator", "; "), lesions);

    /* TRANSLATORS: %s lists the twin's valve lesions ("aortic valve effective orifice area 0.59
     * cm²; mitral effective regurgitant orifice area 0.20 cm²"). */
    line = g_strdup_printf(_("Valves: %s."), list);
  } else {
    /* Not a finding about the patient's valves: the twin has no lesion, whatever was measured. */
    line = g_strdup(_("Valves: no valve lesion in the twin (the model's normal orifices)."));
  }
  paragraph(p, line, BODY_PT, FALSE, 2.0);
}

static void section_provenance(Page *p, const CtReportInput *input)
{
  CtTwin *twin = input->twin;
  const char *method = ct_twin_get_calibration_method(twin);
  const char *const *from = ct_twin_get_calibration_from(twin);
  const char *source = ct_twin_get_provenance_source(twin);
  g_autoptr(GString) measured = g_string_new(NULL);
  g_autoptr(GString) residuals = g_string_new(NULL);
  g_autofree char *origin = NULL;
  g_autofree char *calibration = NULL;
  g_autofree char *created = NULL;
  guint n = ct_twin_get_n_measurements(twin);

  heading(p, _("Twin provenance"), 40.0);
  /* The day is enough: "2026-11-25" of "2026-11-25T10:00:00Z". */
  created = g_strndup(ct_twin_get_created(twin), 10);
  origin = g_strdup_printf(_("Twin built from %s data on %s."),
                           g_strcmp0(source, "clinical") == 0 ? C_("data source", "clinical")
                                                              : C_("data source", "synthetic"),
                           created);
  paragraph(p, origin, BODY_PT, FALSE, 2.0);

  if (method != NULL)
    calibration =
        g_strdup_printf(_("Calibration: %s fit of the model to the measurements below."), method);
  else
    calibration = g_strdup(_("Calibration: none recorded; the model's parameters are those "
                             "written in the twin."));
  paragraph(p, calibration, BODY_PT, FALSE, 2.0);
  valves_paragraph(p, twin);
  /* A leak the clinician did not enter: the fit added it because the volumes eject more than
   * goes forward (ct-fit.c). */
  if (method != NULL &&
      ct_twin_get_calibration_drivers(twin, "mitral_regurgitant_orifice_area_cm2") != NULL) {
    g_autofree char *leak = g_strdup_printf(
        _("The fit gave the twin a mitral regurgitant orifice of %.2f cm²: its measured volumes "
          "eject more than its measured forward flow."),
        ct_twin_get_params(twin)->mitral.regurgitant_orifice_area_cm2);

    paragraph(p, leak, BODY_PT, FALSE, 2.0);
    /* With a reduced EF the fit takes the leak as secondary regurgitation (ct-fit.c). */
    if (ct_twin_get_params(twin)->mitral_functional_reference_edv_ml > 0.0) {
      g_autofree char *functional = g_strdup_printf(
          _("With the reduced ejection fraction the leak is taken as secondary (functional) "
            "regurgitation: the orifice narrows as the ventricle shrinks below its end-diastolic "
            "volume of %.0f ml and widens as it dilates."),
          ct_twin_get_params(twin)->mitral_functional_reference_edv_ml);

      paragraph(p, functional, BODY_PT, FALSE, 2.0);
    }
  }

  for (guint i = 0; i < n; i++) {
    const CtMeasurement *m = ct_twin_get_measurement(twin, i);
    gboolean used = from == NULL || g_strv_contains(from, m->name);
    g_autofree char *value = ct_measurement_format_value(m->name, m->value, m->unit);

    if (measured->len > 0)
      g_string_append(measured, C_("list separator", "; "));
    /* "LV ejection fraction 25 % (2026-10-12)", a star when the calibration left it out. */
    g_string_append_printf(measured, "%s %s (%s)%s", ct_measurement_label(m->name), value, m->date,
                           used || method == NULL ? "" : "*");
  }
  if (n > 0) {
    g_autofree char *line = g_strdup_printf(_("Measurements: %s."), measured->str);

    paragraph(p, line, BODY_PT, FALSE, 2.0);
    if (method != NULL && from != NULL && g_strv_length((GStrv)from) < n)
      paragraph(p, _("* not used by the calibration."), SMALL_PT, FALSE, 2.0);
  } else {
    paragraph(p, _("Measurements: none recorded in the twin."), BODY_PT, FALSE, 2.0);
  }

  for (guint i = 0; i < ct_twin_get_n_calibration_residuals(twin); i++) {
    const char *name;
    double value;
    int index;

    ct_twin_get_calibration_residual(twin, i, &name, &value);
    index = ct_index_find(name);
    if (residuals->len > 0)
      g_string_append(residuals, C_("list separator", "; "));
    g_string_append_printf(residuals, "%s %s%.2f %s", ct_measurement_label(name),
                           value < 0 ? "−" : "+", fabs(value),
                           index >= 0 ? ct_index_unit_label((guint)index, FALSE) : "");
  }
  if (residuals->len > 0) {
    g_autofree char *line =
        g_strdup_printf(_("Fit residuals (measured − simulated): %s."), residuals->str);

    paragraph(p, line, BODY_PT, FALSE, 2.0);
  } else if (method != NULL) {
    paragraph(p, _("Fit residuals: not recorded in the twin."), BODY_PT, FALSE, 2.0);
  }
}

/* Two drawings side by side, each under its caption. */
static void plots_row(Page *p, const char *left_caption, const char *right_caption, double height,
                      void (*draw)(cairo_t *cr, double width, double height, int which,
                                   const CtReportInput *input),
                      const CtReportInput *input)
{
  double gap = 14.0;
  double w = (p->width - gap) / 2.0;
  double caption = MAX(text_height(p->cr, left_caption, w, SMALL_PT, TRUE),
                       text_height(p->cr, right_caption, w, SMALL_PT, TRUE));

  page_need(p, caption + 4.0 + height);
  draw_text(p->cr, left_caption, p->x, p->y, w, SMALL_PT, TRUE, PANGO_ALIGN_CENTER, 0.0);
  draw_text(p->cr, right_caption, p->x + w + gap, p->y, w, SMALL_PT, TRUE, PANGO_ALIGN_CENTER, 0.0);
  p->y += caption + 4.0;
  for (int which = 0; which < 2; which++) {
    cairo_save(p->cr);
    cairo_translate(p->cr, p->x + which * (w + gap), p->y);
    cairo_rectangle(p->cr, 0, 0, w, height);
    cairo_clip(p->cr);
    draw(p->cr, w, height, which, input);
    cairo_restore(p->cr);
  }
  p->y += height + 6.0;
}

static void draw_haemodynamics(cairo_t *cr, double width, double height, int which,
                               const CtReportInput *input)
{
  CtPlotStyle style;

  plot_style(&style);
  if (which == 0)
    ct_plot_pv_loop(cr, width, height, &style, CT_PLOT_LEFT_VENTRICLE, &input->baseline.beat,
                    &input->plan.beat, NULL);
  else
    ct_plot_traces(cr, width, height, &style,
                   1u << CT_TRACE_AORTIC_PRESSURE | 1u << CT_TRACE_LV_PRESSURE |
                       1u << CT_TRACE_LA_PRESSURE,
                   &input->baseline.beat, &input->plan.beat);
}

static void fill_bullseye(CtBullseye *data, const CtReportRun *run, const double *scar)
{
  ct_plot_bullseye_default(data);
  data->mode = CT_BULLSEYE_ACTIVATION;
  data->activation_ms = run->activation_ms;
  data->scar_transmurality = scar;
  data->lv_lead_segment = 0;
  data->rv_lead_site = CT_BULLSEYE_NO_RV_LEAD;
  if (run->therapy != NULL) {
    const CsPacing *pacing = &run->therapy->pacing;

    if (pacing->mode == CS_PACING_CRT)
      data->lv_lead_segment = pacing->lv_lead_segment;
    if (pacing->mode == CS_PACING_VVI || pacing->mode == CS_PACING_DDD ||
        pacing->mode == CS_PACING_CRT)
      data->rv_lead_site = pacing->rv_lead_site;
  }
}

static void draw_bullseyes(cairo_t *cr, double width, double height, int which,
                           const CtReportInput *input)
{
  double scar[CS_AHA_SEGMENTS];
  CtBullseye runs[2];
  double lo, hi, hi_max = 0.0;
  CtPlotStyle style;

  for (int s = 0; s < CS_AHA_SEGMENTS; s++)
    scar[s] = ct_twin_get_scar(input->twin, s + 1);
  fill_bullseye(&runs[0], &input->baseline, scar);
  fill_bullseye(&runs[1], &input->plan, scar);
  /* One colour scale for both: the same colour is the same time. */
  for (int r = 0; r < 2; r++) {
    ct_plot_bullseye_activation_scale(&runs[r], &lo, &hi);
    hi_max = MAX(hi_max, hi);
  }
  for (int r = 0; r < 2; r++) {
    runs[r].activation_lo_ms = 0.0;
    runs[r].activation_hi_ms = hi_max;
  }
  plot_style(&style);
  ct_plot_bullseye(cr, width, height, &style, &runs[which]);
}

/* The indices table's columns. */
typedef struct {
  double row_h, col_unit, col_baseline, col_w;
} TableLayout;

/* U+2020 dagger: the mark of a value beyond those reported in patients, and of the sentence that
 * says so under the table. */
#define OUTSIDE_HUMAN_RANGE_MARK "†"

/* One row of the indices table (@row counts from 0, for the stripes); @cells are freed. */
static void table_row(Page *p, const TableLayout *t, guint row, const char *label, const char *unit,
                      char *cells[3])
{
  page_need(p, t->row_h);
  if (row % 2 == 0) {
    cairo_set_source_rgb(p->cr, 0.94, 0.95, 0.97);
    cairo_rectangle(p->cr, p->x, p->y, p->width, t->row_h);
    cairo_fill(p->cr);
  }
  draw_text(p->cr, label, p->x + 3.0, p->y + 1.5, t->col_unit - p->x - 6.0, BODY_PT, FALSE,
            PANGO_ALIGN_LEFT, 0.0);
  draw_text(p->cr, unit, t->col_unit, p->y + 1.5, 0, BODY_PT, FALSE, PANGO_ALIGN_LEFT, 0.3);
  for (int c = 0; c < 3; c++)
    draw_text(p->cr, cells[c], t->col_baseline + c * t->col_w, p->y + 1.5, t->col_w - 4.0, BODY_PT,
              c == 1, PANGO_ALIGN_RIGHT, 0.0);
  for (int c = 0; c < 3; c++)
    g_free(cells[c]);
  p->y += t->row_h;
}

/* The indices, baseline | plan | change, with units and clinical names; the AV interval (PR)
 * below the heart rate, as the workspace's table shows it. */
static void indices_table(Page *p, const CtReportInput *input)
{
  const TableLayout t = {BODY_PT * 1.4, p->x + p->width * 0.46, p->x + p->width * 0.58,
                         p->width * 0.14};
  const char *headers[] = {C_("column", "Baseline"), C_("column", "Plan"), C_("column", "Change")};
  guint row = 0;

  /* The table on one page: a clinician compares rows, not pages. */
  page_need(p, t.row_h * (cs_index_count() + 2) + 2.0);
  draw_text(p->cr, C_("column", "Index"), p->x + 3.0, p->y, 0, BODY_PT, TRUE, PANGO_ALIGN_LEFT,
            0.0);
  draw_text(p->cr, C_("column", "Unit"), t.col_unit, p->y, 0, BODY_PT, TRUE, PANGO_ALIGN_LEFT, 0.0);
  for (int c = 0; c < 3; c++)
    draw_text(p->cr, headers[c], t.col_baseline + c * t.col_w, p->y, t.col_w - 4.0, BODY_PT, TRUE,
              PANGO_ALIGN_RIGHT, 0.0);
  p->y += t.row_h;
  cairo_set_source_rgb(p->cr, 0.2, 0.2, 0.2);
  cairo_set_line_width(p->cr, 0.6);
  cairo_move_to(p->cr, p->x, p->y);
  cairo_line_to(p->cr, p->x + p->width, p->y);
  cairo_stroke(p->cr);
  p->y += 1.5;

  for (guint position = 0; position < cs_index_count(); position++) {
    guint i = ct_index_shown_at(position);
    double baseline = cs_indices_get(&input->baseline.indices, i);
    double plan = cs_indices_get(&input->plan.indices, i);
    char *cells[3] = {
        ct_index_format_value(i, baseline, FALSE),
        ct_index_format_value(i, plan, FALSE),
        ct_index_format_change(i, baseline, plan, FALSE),
    };

    /* A value beyond those reported in patients carries the dagger of the sentence under the
     * table: a printed report is often read in black and white. */
    for (int c = 0; c < 2; c++)
      if (cs_index_outside_human_range(i, c == 0 ? baseline : plan) &&
          isfinite(c == 0 ? baseline : plan)) {
        char *marked = g_strconcat(cells[c], OUTSIDE_HUMAN_RANGE_MARK, NULL);

        g_free(cells[c]);
        cells[c] = marked;
      }

    table_row(p, &t, row++, ct_index_label(i), ct_index_unit_label(i, FALSE), cells);
    if (i == 0) {
      char *av_cells[3] = {
          ct_av_interval_format_value(input->baseline.av_interval_ms),
          ct_av_interval_format_value(input->plan.av_interval_ms),
          ct_av_interval_format_change(input->baseline.av_interval_ms, input->plan.av_interval_ms),
      };

      table_row(p, &t, row++, ct_av_interval_label(), C_("unit", "ms"), av_cells);
    }
  }
  p->y += 6.0;
  {
    g_autofree char *outside =
        ct_index_outside_human_range_warning(&input->baseline.indices, &input->plan.indices, FALSE);

    if (outside != NULL) {
      g_autofree char *marked = g_strconcat(OUTSIDE_HUMAN_RANGE_MARK " ", outside, NULL);

      paragraph(p, marked, BODY_PT, TRUE, 6.0);
    }
  }
}

static void section_baseline_and_plan(Page *p, const CtReportInput *input)
{
  g_autofree char *therapy = therapy_text(input->plan.therapy, input->drugs);
  g_autofree char *plan_line = g_strdup_printf(_("Plan “%s”: %s."), plan_name(input), therapy);
  g_autofree char *leads = NULL;
  const CsPacing *pacing = input->plan.therapy != NULL ? &input->plan.therapy->pacing : NULL;

  heading(p, _("Baseline and plan"), 200.0);
  paragraph(p, _("Baseline: the twin without therapy. Both at periodic steady state."), BODY_PT,
            FALSE, 2.0);
  paragraph(p, plan_line, BODY_PT, FALSE, 8.0);
  plots_row(p, _("LV pressure–volume loop: baseline grey, plan in colour"),
            _("Pressures over one beat: plan solid, baseline dashed"), 215.0, draw_haemodynamics,
            input);
  plots_row(p, _("LV activation, baseline (AHA 17 segments)"),
            _("LV activation with the plan, lead position marked"), 170.0, draw_bullseyes, input);
  if (pacing != NULL && pacing->mode == CS_PACING_CRT)
    leads = g_strdup_printf(
        _("LV total activation time %.0f ms at baseline, %.0f ms with the plan; LV lead in AHA "
          "segment %d (%s)."),
        input->baseline.indices.lv_activation_ms, input->plan.indices.lv_activation_ms,
        pacing->lv_lead_segment, ct_plot_aha_segment_name(pacing->lv_lead_segment));
  else
    leads = g_strdup_printf(_("LV total activation time %.0f ms at baseline, %.0f ms with the "
                              "plan; no LV lead."),
                            input->baseline.indices.lv_activation_ms,
                            input->plan.indices.lv_activation_ms);
  paragraph(p, leads, BODY_PT, FALSE, 8.0);
  indices_table(p, input);
}

/* The optimizer's best settings, as the CRT tab shows them: what the heart team weighs the plan
 * against. The ranking's basis is stated with it. */
static void section_crt_ranking(Page *p, const CtReportInput *input)
{
  guint n = MIN(input->n_crt_candidates, CT_REPORT_CRT_ROWS);

  if (input->crt_candidates == NULL || n == 0)
    return;
  heading(p, _("CRT optimizer ranking"), 80.0);
  paragraph(p,
            _("Settings ranked by the predicted acute rise of LV dP/dt max over the patient's own "
              "rhythm (Kass et al. 1999; Derval et al. 2010), stroke volume breaking ties; "
              "segments in transmural scar are never proposed. Predictions of the model, not "
              "measurements."),
            BODY_PT, FALSE, 3.0);
  for (guint i = 0; i < n; i++) {
    const CtCrtCandidate *c = &input->crt_candidates[i];
    g_autofree char *vv = ct_format_vv_offset(c->vv_delay_ms);
    /* TRANSLATORS: one ranked CRT setting: rank, AHA segment and its name, AV delay, the VV
     * offset in words and the predicted dP/dt max change, e.g. "1. Segment 12 (mid
     * anterolateral): AV 140 ms, VV 20 ms, LV first, dP/dt max +20.7 %". */
    g_autofree char *line = g_strdup_printf(
        _("%u. Segment %d (%s): AV %.0f ms, %s, dP/dt max %+.1f %%"), i + 1, c->lv_lead_segment,
        ct_plot_aha_segment_name(c->lv_lead_segment), c->av_delay_ms, vv, c->gain_pct);

    paragraph(p, line, BODY_PT, FALSE, i + 1 == n && input->crt_lv_only == NULL ? 8.0 : 1.0);
  }
  if (input->crt_lv_only != NULL) {
    const CtCrtCandidate *c = input->crt_lv_only;
    /* TRANSLATORS: LV-only pacing from the best segment: its AHA number and name, the AV delay
     * and the predicted dP/dt max change, e.g. "LV-only pacing from segment 12 (mid
     * anterolateral): AV 120 ms, no RV stimulus, dP/dt max +16.8 %". */
    g_autofree char *line = g_strdup_printf(
        _("LV-only pacing from segment %d (%s): AV %.0f ms, no RV stimulus, dP/dt max %+.1f %%"),
        c->lv_lead_segment, ct_plot_aha_segment_name(c->lv_lead_segment), c->av_delay_ms,
        c->gain_pct);

    paragraph(p, line, BODY_PT, FALSE, 8.0);
  }
}

static void section_assumptions(Page *p)
{
  g_autofree char *validation = g_strdup_printf(
      _("Validation status: the engine meets %d of %d evaluated published references "
        "(docs/validation.md); the references it does not meet are listed there with their "
        "reasons."),
      CT_VALIDATION_MET, CT_VALIDATION_EVALUATED);

  heading(p, _("Model assumptions and validation status"), 60.0);
  paragraph(p,
            _("The twin is a lumped (zero-dimensional) closed-loop model of the circulation: "
              "time-varying elastance chambers, lumped arterial and venous compartments, a "
              "baroreflex, and LV activation spread over the AHA 17 segments. It has no "
              "three-dimensional wall mechanics or flow, and its parameters come from the twin "
              "(and its calibration, where recorded). The values above are model predictions at "
              "periodic steady state, not measurements."),
            BODY_PT, FALSE, 3.0);
  paragraph(p, validation, BODY_PT, FALSE, 3.0);
  paragraph(p,
            _("This report supports the heart team's decision; it does not replace clinical "
              "judgement."),
            BODY_PT, TRUE, 2.0);
}

static void section_signature(Page *p)
{
  const char *fields[] = {_("Name"), _("Role"), _("Date"), _("Signature")};
  const double line_h = 26.0;
  const double col_w = p->width / 2.0;

  heading(p, _("Reviewed by"), 2 * line_h + 10.0);
  page_need(p, 2 * line_h + 4.0);
  for (int i = 0; i < 4; i++) {
    double x = p->x + (i % 2) * col_w;
    double y = p->y + (i / 2) * line_h;
    double label_w = 62.0;

    draw_text(p->cr, fields[i], x, y + line_h - 14.0, label_w, BODY_PT, FALSE, PANGO_ALIGN_LEFT,
              0.2);
    cairo_set_source_rgb(p->cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(p->cr, 0.6);
    cairo_move_to(p->cr, x + label_w, y + line_h - 3.0);
    cairo_line_to(p->cr, x + col_w - 16.0, y + line_h - 3.0);
    cairo_stroke(p->cr);
  }
  p->y += 2 * line_h + 4.0;
}

static void draw_report(cairo_t *cr, double page_width, double page_height,
                        const CtReportInput *input, const char *date)
{
  const char *pseudonym = ct_twin_get_pseudonym(input->twin);
  g_autofree char *who = g_strdup_printf(_("Patient pseudonym: %s"), pseudonym);
  g_autofree char *when = g_strdup_printf(_("Report date: %s"), date);
  Page p = {
      .cr = cr,
      .page_width = page_width,
      .page_height = page_height,
      .x = MARGIN_PT,
      .width = page_width - 2 * MARGIN_PT,
      .y = MARGIN_PT,
      .page = 1,
      .pseudonym = pseudonym,
      .date = date,
  };

  p.y += draw_text(cr, _("CardioTwin plan report"), p.x, p.y, p.width, TITLE_PT, TRUE,
                   PANGO_ALIGN_LEFT, 0.0);
  p.y += 4.0;
  draw_text(cr, who, p.x, p.y, p.width, BODY_PT + 1.0, TRUE, PANGO_ALIGN_LEFT, 0.0);
  p.y += draw_text(cr, when, p.x, p.y, p.width, BODY_PT + 1.0, FALSE, PANGO_ALIGN_RIGHT, 0.0);
  p.y += 4.0;

  section_provenance(&p, input);
  section_baseline_and_plan(&p, input);
  section_crt_ranking(&p, input);
  section_assumptions(&p);
  section_signature(&p);
  page_footer(&p);
  cairo_show_page(cr);
}

gboolean ct_report_paper_from_name(const char *name, CtReportPaper *paper)
{
  g_return_val_if_fail(paper != NULL, FALSE);
  if (name != NULL && g_ascii_strcasecmp(name, "a4") == 0) {
    *paper = CT_REPORT_PAPER_A4;
    return TRUE;
  }
  if (name != NULL && g_ascii_strcasecmp(name, "letter") == 0) {
    *paper = CT_REPORT_PAPER_LETTER;
    return TRUE;
  }
  return FALSE;
}

static gboolean check_input(const CtReportInput *input)
{
  g_return_val_if_fail(input != NULL, FALSE);
  g_return_val_if_fail(CT_IS_TWIN(input->twin), FALSE);
  g_return_val_if_fail(input->baseline.beat.samples != NULL || input->baseline.beat.n_samples == 0,
                       FALSE);
  g_return_val_if_fail(input->plan.beat.samples != NULL || input->plan.beat.n_samples == 0, FALSE);
  return TRUE;
}

gboolean ct_report_write_pdf(const CtReportInput *input, const char *path, CtReportPaper paper,
                             GError **error)
{
  g_autofree char *date = NULL;
  g_autofree char *title = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  double width, height;
  OutFile out;
  cairo_t *cr;

  if (!check_input(input))
    return FALSE;
  g_return_val_if_fail(path != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

  width = paper == CT_REPORT_PAPER_LETTER ? LETTER_WIDTH_PT : A4_WIDTH_PT;
  height = paper == CT_REPORT_PAPER_LETTER ? LETTER_HEIGHT_PT : A4_HEIGHT_PT;
  date = date_text(input);
  if (!out_open(&out, path, error))
    return FALSE;

  surface = cairo_pdf_surface_create_for_stream(write_to_out, &out, width, height);
  title =
      g_strdup_printf("%s — %s", _("CardioTwin plan report"), ct_twin_get_pseudonym(input->twin));
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "CardioTwin");
  cr = cairo_create(surface);
  draw_report(cr, width, height, input, date);
  status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);

  if (status != CAIRO_STATUS_SUCCESS) {
    /* A write error of the stream is the file's; anything else is cairo's. */
    if (out.write_errno != 0) {
      set_file_error(error, path, out.write_errno);
    } else {
      g_autofree char *shown = g_filename_display_name(path);

      g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("cannot write “%s”: %s"), shown,
                  cairo_status_to_string(status));
    }
    out_abort(&out);
    return FALSE;
  }
  return out_commit(&out, error);
}

/* ------------------------------------------------------------------ CSV */

/* The waveform columns of the CSV: CsSample's pressures and volumes. */
static const struct {
  const char *name;
  gsize offset;
} wave_columns[] = {
#define COLUMN(field)                                                                              \
  {                                                                                                \
#field, G_STRUCT_OFFSET(CsSample, field)                                                       \
  }
    COLUMN(lv_pressure_mmhg),
    COLUMN(aortic_pressure_mmhg),
    COLUMN(la_pressure_mmhg),
    COLUMN(rv_pressure_mmhg),
    COLUMN(pulmonary_artery_pressure_mmhg),
    COLUMN(ra_pressure_mmhg),
    COLUMN(lv_volume_ml),
    COLUMN(rv_volume_ml),
    COLUMN(la_volume_ml),
    COLUMN(ra_volume_ml),
#undef COLUMN
};

static void append_number(GString *csv, double value)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  /* 9 significant digits: well below any clinical resolution, and locale-independent. */
  g_string_append_c(csv, ',');
  g_string_append(csv, g_ascii_formatd(number, sizeof number, "%.9g", value));
}

static void append_beat(GString *csv, const char *series, const CtPlotBeat *beat)
{
  for (gsize i = 0; i < beat->n_samples; i++) {
    const CsSample *s = &beat->samples[i];

    g_string_append(csv, series);
    append_number(csv, s->time_s * 1000.0);
    for (guint c = 0; c < G_N_ELEMENTS(wave_columns); c++)
      append_number(csv, G_STRUCT_MEMBER(double, s, wave_columns[c].offset));
    g_string_append_c(csv, '\n');
  }
}

gboolean ct_report_write_csv(const CtReportInput *input, const char *path, GError **error)
{
  g_autoptr(GString) csv = g_string_new(NULL);
  OutFile out;

  if (!check_input(input))
    return FALSE;
  g_return_val_if_fail(path != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

  /* The indices: the contract's names and the engine's units (machine-readable, not translated). */
  g_string_append(csv, "name,unit,baseline,plan,change\n");
  for (guint i = 0; i < cs_index_count(); i++) {
    double baseline = cs_indices_get(&input->baseline.indices, i);
    double plan = cs_indices_get(&input->plan.indices, i);

    g_string_append_printf(csv, "%s,%s", cs_index_name(i), cs_index_unit(i));
    append_number(csv, baseline);
    append_number(csv, plan);
    append_number(csv, plan - baseline);
    g_string_append_c(csv, '\n');
  }
  /* A blank line, then one beat of each run: a beat of the plan may be shorter or longer. */
  g_string_append(csv, "\nseries,time_ms");
  for (guint c = 0; c < G_N_ELEMENTS(wave_columns); c++)
    g_string_append_printf(csv, ",%s", wave_columns[c].name);
  g_string_append_c(csv, '\n');
  append_beat(csv, "baseline", &input->baseline.beat);
  append_beat(csv, "plan", &input->plan.beat);

  if (!out_open(&out, path, error))
    return FALSE;
  if (!out_write(&out, csv->str, csv->len)) {
    set_file_error(error, path, out.write_errno);
    out_abort(&out);
    return FALSE;
  }
  return out_commit(&out, error);
}

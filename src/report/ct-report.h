/* ct-report.h — the plan report for the heart team: a PDF (cairo, the same src/plots drawings as
 * the screen) and a CSV of the indices and waveforms (docs/report.md).
 *
 * The report room knows GLib, cairo, Pango, the plots and the twin; never widgets. Files are
 * written to a temporary file in the target's folder and renamed into place on success: a failure
 * (a missing folder, no permission, a full disk) leaves no partial file and no temporary file,
 * and an existing file at the target stays as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "cardiosim.h"
#include "ct-crt-optimizer.h"
#include "ct-drug-library.h"
#include "ct-plot.h"
#include "ct-twin.h"

G_BEGIN_DECLS

typedef enum {
  CT_REPORT_PAPER_A4,     /* 210 x 297 mm */
  CT_REPORT_PAPER_LETTER, /* 8.5 x 11 in */
} CtReportPaper;

/* One simulated run at periodic steady state; nothing is owned. */
typedef struct {
  CsIndices indices;
  CtPlotBeat beat;                       /* one beat's waveform */
  double activation_ms[CS_AHA_SEGMENTS]; /* per AHA segment (cs_model_segment_activation_ms) */
  double av_interval_ms;    /* cs_model_qrs_onset_ms; 0 or NaN: none (VVI), a dash in the table */
  const CsTherapy *therapy; /* its therapy; NULL: none (cs_therapy_default) */
} CtReportRun;

typedef struct {
  CtTwin *twin;          /* the pseudonym and provenance; its id is never printed */
  CtReportRun baseline;  /* the twin without therapy */
  CtReportRun plan;      /* the twin with the plan's therapy */
  const char *plan_name; /* the scenario's name; NULL: "(unnamed plan)" */
  GDateTime *date;       /* the report's date; NULL: today */
  /* The CRT optimizer's ranking for this twin and plan (ct_crt_optimize, best first), or NULL:
   * the report then has no ranking section. Up to CT_REPORT_CRT_ROWS are printed. */
  const CtCrtCandidate *crt_candidates;
  guint n_crt_candidates;
  /* LV-only pacing from the ranking's best segment at its best AV delay (ct_crt_lv_only_best),
   * printed after the ranking; NULL: none (no ranking, or no AV delay paces: inhibited, or not
   * brought to a steady state). */
  const CtCrtCandidate *crt_lv_only;
  /* The library the plan's drugs come from, for their names in the reader's language; NULL:
   * the drugs are named by their library ids ("dobutamine"). */
  CtDrugLibrary *drugs;
} CtReportInput;

#define CT_REPORT_CRT_ROWS 5

/* The paper of @name ("a4", "letter", any case); FALSE for another name. */
gboolean ct_report_paper_from_name(const char *name, CtReportPaper *paper);

/* Writes the report as PDF to @path. On failure returns FALSE with @error set (G_FILE_ERROR, the
 * message naming @path) and leaves @path as it was. */
gboolean ct_report_write_pdf(const CtReportInput *input, const char *path, CtReportPaper paper,
                             GError **error);

/* Writes the indices (name, unit, baseline, plan, change) then one beat of baseline and plan
 * waveforms (series, time_ms, pressures and volumes) as CSV to @path; same rules as the PDF. */
gboolean ct_report_write_csv(const CtReportInput *input, const char *path, GError **error);

G_END_DECLS

/* ct-fuzz.h — what the fuzzing harnesses (tests/fuzz/fuzz-*.c) share: libFuzzer's entry point
 * and the checks of the loaders' contract (docs/fuzzing.md).
 *
 * A harness is built twice: with libFuzzer (-Dfuzzing=true, clang), and with ct-fuzz-replay.c as
 * its main in every build, where the test suite feeds it its seed corpus. The checks abort, so
 * that libFuzzer saves the input that broke one and the replay test fails on it. Both builds link
 * ct-fuzz.c, which holds the outcome of each input (ct_fuzz_outcome) for the replay to compare
 * with what the input's name says.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

G_BEGIN_DECLS

/* Defined by each harness; called by libFuzzer, or by ct-fuzz-replay.c once per corpus file. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void ct_fuzz_fail(const char *format, ...) G_GNUC_PRINTF(1, 2) G_GNUC_NORETURN;

/* Says what broke on stderr and aborts: libFuzzer reports a crash and keeps the input. */
static inline void ct_fuzz_fail(const char *format, ...)
{
  va_list args;

  fputs("ct-fuzz: ", stderr);
  va_start(args, format);
  vfprintf(stderr, format, args);
  va_end(args);
  fputc('\n', stderr);
  fflush(stderr);
  abort();
}

/* What the loaders made of an input: ct_fuzz_check() counts each loader that returned a result and
 * each that refused, and keeps the first refusal's message (shortened). ct-fuzz-replay.c clears it
 * before each input and then asserts what the input's name promises (a name holding "bad-" is
 * refused, any other loads); under libFuzzer nothing reads it. Defined in ct-fuzz.c. */
typedef struct {
  guint loaded;
  guint refused;
  char first_refusal[200];
} CtFuzzOutcome;

extern CtFuzzOutcome ct_fuzz_outcome;

/* Once per process, before the first input: GLib's warnings and criticals abort, as under the test
 * suite's G_DEBUG=fatal-warnings. A g_return_if_fail() that outside input can reach is a bug of
 * its own (STYLE.md: no g_assert on input from outside). */
static gboolean ct_fuzz_verbose;

static inline void ct_fuzz_init(void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;
  g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
  /* CT_FUZZ_VERBOSE=1: each loader's outcome on stderr, to see which path a corpus file takes. */
  ct_fuzz_verbose = g_getenv("CT_FUZZ_VERBOSE") != NULL;
}

/* The contract of every loader: a result or an error, never both, never neither; and the error's
 * message is one a clinician can read where it is shown (a label, a toast, the command line's one
 * line on stderr): not empty, valid UTF-8, one line without control characters or line
 * separators (ct-json.h promises as much of the twin room's messages: text from the document is
 * quoted, shortened and stripped of control characters). */
static inline void ct_fuzz_check(const char *loader, gboolean has_result, const GError *error)
{
  const char *end = NULL;

  if (ct_fuzz_verbose)
    fprintf(stderr, "%s: %s\n", loader, error != NULL ? error->message : "ok");
  if (has_result && error == NULL) {
    ct_fuzz_outcome.loaded++;
  } else if (!has_result && error != NULL) {
    if (ct_fuzz_outcome.refused++ == 0) {
      const char *cut = NULL;

      g_snprintf(ct_fuzz_outcome.first_refusal, sizeof ct_fuzz_outcome.first_refusal, "%s: %s",
                 loader, error->message != NULL ? error->message : "");
      /* Shortened at a character, not inside one. */
      if (!g_utf8_validate(ct_fuzz_outcome.first_refusal, -1, &cut))
        ct_fuzz_outcome.first_refusal[cut - ct_fuzz_outcome.first_refusal] = '\0';
    }
  }
  if (has_result && error != NULL)
    ct_fuzz_fail("%s returned a result and set an error (%s)", loader, error->message);
  if (!has_result && error == NULL)
    ct_fuzz_fail("%s returned no result and set no error", loader);
  if (error == NULL)
    return;
  if (error->message == NULL || error->message[0] == '\0')
    ct_fuzz_fail("%s set an error with an empty message (%s %d)", loader,
                 g_quark_to_string(error->domain), error->code);
  if (!g_utf8_validate(error->message, -1, &end))
    ct_fuzz_fail("%s set an error whose message is not UTF-8 at byte %td: %s", loader,
                 end - error->message, error->message);
  /* GTK breaks lines at U+2028 and U+2029 too. */
  for (const char *p = error->message; *p != '\0'; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);

    if (g_unichar_iscntrl(c) || c == 0x2028 || c == 0x2029)
      ct_fuzz_fail("%s set an error whose message holds control character U+%04X: %s", loader, c,
                   error->message);
  }
}

G_END_DECLS

/* ct-fuzz.c — the state a harness shares with its main (ct-fuzz.h): the outcome of the input being
 * run, which ct_fuzz_check() counts and ct-fuzz-replay.c reads. Linked into both builds of every
 * harness, with libFuzzer and with the replay.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-fuzz.h"

CtFuzzOutcome ct_fuzz_outcome;

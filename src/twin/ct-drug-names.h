/* ct-drug-names.h — the words of the bundled drug library, for translation (ct-drug-names.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether @word (a display name or class of data/drugs.json) is listed for translation. */
gboolean ct_drug_names_listed(const char *word);
/* @word translated in @context ("drug", "drug class") when listed; else @word itself. */
const char *ct_drug_names_translate(const char *context, const char *word);

G_END_DECLS

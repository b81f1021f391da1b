/* ct-drug-names.c — the words of the bundled drug library, for translation.
 *
 * data/drugs.json is data: gettext (0.21) cannot extract strings from JSON. Its display names and
 * pharmacological classes are listed here so that xgettext finds them; the library's getters look
 * each up in the catalogue (ct-drug-library.c), and tests/test-drug-library.c checks that every
 * name and class of the bundled library is in this list, so the two cannot drift apart. A library
 * loaded from another file shows its own words untranslated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-drug-names.h"

#include "ct-i18n.h"

static const char *const drug_words[] = {
    /* Display names: international non-proprietary names, with the form where it matters. */
    NC_("drug", "Dobutamine"),
    NC_("drug", "Milrinone"),
    NC_("drug", "Norepinephrine"),
    NC_("drug", "Sodium nitroprusside"),
    NC_("drug", "Nitroglycerin (glyceryl trinitrate)"),
    NC_("drug", "Esmolol"),
    NC_("drug", "Metoprolol succinate (extended release)"),
    NC_("drug", "Ivabradine"),
    NC_("drug", "Furosemide"),
    /* Pharmacological classes. */
    NC_("drug class", "beta-1 adrenergic agonist (inotrope)"),
    NC_("drug class", "phosphodiesterase-3 inhibitor (inodilator)"),
    NC_("drug class", "alpha-1/beta-1 adrenergic agonist (vasopressor)"),
    NC_("drug class", "NO donor (balanced arterial and venous vasodilator)"),
    NC_("drug class", "organic nitrate (venodilator > arterial dilator)"),
    NC_("drug class", "beta-1 selective adrenergic antagonist (ultra-short acting)"),
    NC_("drug class", "beta-1 selective adrenergic antagonist"),
    NC_("drug class", "sinus node If (HCN) channel blocker"),
    NC_("drug class", "loop diuretic (NKCC2 inhibitor)"),
};

gboolean ct_drug_names_listed(const char *word)
{
  for (gsize i = 0; i < G_N_ELEMENTS(drug_words); i++)
    if (g_strcmp0(drug_words[i], word) == 0)
      return TRUE;
  return FALSE;
}

const char *ct_drug_names_translate(const char *context, const char *word)
{
  if (word == NULL || !ct_drug_names_listed(word))
    return word;
  /* g_dpgettext2: the word's translation in @context ("drug" or "drug class"). */
  return g_dpgettext2(GETTEXT_PACKAGE, context, word);
}

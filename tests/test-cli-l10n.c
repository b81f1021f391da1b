/* test-cli-l10n.c — cardiotwin-sim speaks the translations of po/ (fr, ja), run as a program.
 *
 * CT_SIM_PATH names the program and CARDIOTWIN_LOCALEDIR the build tree's catalogues
 * (po/LANG/LC_MESSAGES/cardiotwin.mo), both set by tests/meson.build.
 *
 * How the language is chosen, with no system locale installed: the program runs with
 * LC_ALL=C.UTF-8 (built into glibc since 2.35, always present on Debian 12) and LANGUAGE=fr or ja.
 * GNU gettext takes the language from LANGUAGE before LC_ALL/LC_MESSAGES, unless the message locale
 * is "C" or "POSIX": then LANGUAGE is ignored. "C.UTF-8" is not "C", so LANGUAGE is honoured; and
 * as its codeset is UTF-8, g_printerr() writes the accents and kana as they are. Nothing is set
 * inside the program under test: it calls setlocale(LC_ALL, "") as it always does. The last test
 * checks the other side of the rule: with LC_ALL=C the same LANGUAGE gives English.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>
#include <string.h>
#include <sys/wait.h>

#include "ct-test-util.h"
#include "ct-twin.h"

/* Runs cardiotwin-sim with args (NULL-terminated) in the environment of this test with
 * LC_ALL=lc_all and LANGUAGE=language (unset when NULL). */
static void run_sim(CtTestRun *run, const char *lc_all, const char *language,
                    const char *const *args)
{
  g_auto(GStrv) envp = g_get_environ();

  envp = g_environ_setenv(envp, "LC_ALL", lc_all, TRUE);
  envp = language != NULL ? g_environ_setenv(envp, "LANGUAGE", language, TRUE)
                          : g_environ_unsetenv(envp, "LANGUAGE");
  ct_test_run_sim(run, envp, args);
}

/* The demos as cardiotwin-sim lists them in its message ("a, b, c"). */
static char *demo_list(void)
{
  g_auto(GStrv) demos = ct_twin_list_demos();
  return g_strjoinv(", ", demos);
}

typedef struct {
  const char *language;
  const char *takes_no_other_option; /* --list-demos --json */
  const char *no_demo_before;        /* --demo nosuch: the line, before the list of demos… */
  const char *no_demo_after;         /* …and after it */
  const char *help_demo;             /* --help: the option --demo and its description */
} Expected;

/* The translations as a French and a Japanese cardiologist read them (po/fr.po, po/ja.po). French
 * typography: a no-break space (U+00A0) before « : » and « ; ». */
static const Expected expected[] = {
    {
        "fr",
        "cardiotwin-sim: --list-demos ne prend aucune autre option\n",
        "cardiotwin-sim: Jumeau\u00a0: il n\u2019y a pas de jumeau de d\u00e9monstration "
        "\u201cnosuch\u201d\u00a0; les d\u00e9monstrations sont ",
        "\n",
        "--demo=NOM                  Simuler le jumeau de d\u00e9monstration NOM",
    },
    {
        "ja",
        "cardiotwin-sim: --list-demos \u306f\u4ed6\u306e\u30aa\u30d7\u30b7\u30e7\u30f3\u3068\u4f75"
        "\u7528\u3067\u304d\u307e\u305b\u3093\n", /* …は他のオプションと併用できません */
        "cardiotwin-sim: \u30c4\u30a4\u30f3: \u30c7\u30e2\u7528\u30c4\u30a4\u30f3 \u201cnosuch"
        "\u201d \u306f\u3042\u308a\u307e\u305b\u3093\u3002\u30c7\u30e2\u306f ",
        " \u3067\u3059\n", /* ツイン: デモ用ツイン “nosuch” はありません。デモは … です */
        "--demo=\u540d\u524d", /* --demo=名前 */
    },
};

static void assert_catalogue_built(const char *language)
{
  const char *localedir = g_getenv("CARDIOTWIN_LOCALEDIR");
  g_autofree char *mo = NULL;

  g_assert_nonnull(localedir);
  mo = g_build_filename(localedir, language, "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (!g_file_test(mo, G_FILE_TEST_IS_REGULAR))
    g_error("%s was not built (meson's i18n.gettext in po/meson.build)", mo);
}

static void test_bad_input_translated(gconstpointer data)
{
  const Expected *e = data;
  g_autofree char *demos = demo_list();
  g_autofree char *no_demo = NULL;

  assert_catalogue_built(e->language);
  {
    g_auto(CtTestRun) run = {0};
    run_sim(&run, "C.UTF-8", e->language, (const char *const[]){"--list-demos", "--json", NULL});
    g_assert_cmpint(run.status, ==, 2);
    g_assert_cmpstr(run.out, ==, "");
    g_assert_cmpstr(run.err, ==, e->takes_no_other_option);
  }
  {
    /* A message of the twin room (src/twin), translated in the library through dgettext. */
    g_auto(CtTestRun) run = {0};
    run_sim(&run, "C.UTF-8", e->language, (const char *const[]){"--demo", "nosuch", NULL});
    no_demo = g_strconcat(e->no_demo_before, demos, e->no_demo_after, NULL);
    g_assert_cmpint(run.status, ==, 2);
    g_assert_cmpstr(run.out, ==, "");
    g_assert_cmpstr(run.err, ==, no_demo);
  }
}

static void test_help_translated(gconstpointer data)
{
  const Expected *e = data;
  g_auto(CtTestRun) run = {0};

  assert_catalogue_built(e->language);
  /* The option descriptions pass through GOptionContext's translation domain. */
  run_sim(&run, "C.UTF-8", e->language, (const char *const[]){"--help", NULL});
  g_assert_cmpint(run.status, ==, 0);
  if (strstr(run.out, e->help_demo) == NULL)
    g_error("--help in %s has no “%s”:\n%s", e->language, e->help_demo, run.out);
}

/* The rule the tests above rely on, from its other side: in the "C" locale gettext ignores
 * LANGUAGE, and without LANGUAGE (nor a French or Japanese locale) the messages are English. */
static void test_english_otherwise(void)
{
  const char *const args[] = {"--list-demos", "--json", NULL};
  const char *const english = "cardiotwin-sim: --list-demos takes no other option\n";

  {
    g_auto(CtTestRun) run = {0};
    run_sim(&run, "C", "fr", args);
    g_assert_cmpint(run.status, ==, 2);
    g_assert_cmpstr(run.err, ==, english);
  }
  {
    g_auto(CtTestRun) run = {0};
    run_sim(&run, "C.UTF-8", NULL, args);
    g_assert_cmpint(run.status, ==, 2);
    g_assert_cmpstr(run.err, ==, english);
  }
}

int main(int argc, char **argv)
{
  g_autofree char *saved = NULL;
  guint i;

  g_test_init(&argc, &argv, NULL);

  /* C.UTF-8 is the locale the program under test runs in: say so plainly if it is missing. */
  saved = g_strdup(setlocale(LC_ALL, NULL));
  if (setlocale(LC_ALL, "C.UTF-8") == NULL)
    g_error("the C.UTF-8 locale is missing (glibc >= 2.35 builds it in; Debian: libc-bin)");
  setlocale(LC_ALL, saved);

  for (i = 0; i < G_N_ELEMENTS(expected); i++) {
    g_autofree char *bad = g_strdup_printf("/cli-l10n/%s/bad-input", expected[i].language);
    g_autofree char *help = g_strdup_printf("/cli-l10n/%s/help", expected[i].language);
    g_test_add_data_func(bad, &expected[i], test_bad_input_translated);
    g_test_add_data_func(help, &expected[i], test_help_translated);
  }
  g_test_add_func("/cli-l10n/english-otherwise", test_english_otherwise);
  return g_test_run();
}

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
#include <glib/gstdio.h>
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
  const char *engine_before;         /* AAI faster than the AV node conducts: the line, before… */
  const char *engine_after;          /* …and after the engine's Wenckebach rate */
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
        /* An engine's refusal (src/twin/ct-engine-words.c) inside the command line's sentence. */
        "cardiotwin-sim: ce jumeau ne peut pas fonctionner avec ces r\u00e9glages : une "
        "stimulation AAI \u00e0 180 bpm est plus rapide que ce que le n\u0153ud "
        "auriculo-ventriculaire de ce patient conduit \u00e0 chaque battement (bloc de "
        "Wenckebach d\u00e8s ~",
        " bpm\u00a0; PR de repos 160 ms)\u00a0: stimulez en DDD ou baissez la "
        "fr\u00e9quence\n",
    },
    {
        "ja",
        "cardiotwin-sim: --list-demos \u306f\u4ed6\u306e\u30aa\u30d7\u30b7\u30e7\u30f3\u3068\u4f75"
        "\u7528\u3067\u304d\u307e\u305b\u3093\n", /* …は他のオプションと併用できません */
        "cardiotwin-sim: \u30c4\u30a4\u30f3: \u30c7\u30e2\u7528\u30c4\u30a4\u30f3 \u201cnosuch"
        "\u201d \u306f\u3042\u308a\u307e\u305b\u3093\u3002\u30c7\u30e2\u306f ",
        " \u3067\u3059\n", /* ツイン: デモ用ツイン “nosuch” はありません。デモは … です */
        "--demo=\u540d\u524d", /* --demo=名前 */
        /* …: 180 bpm の AAI ペーシングは、…（約 … bpm からウェンケバッハ型ブロック。… */
        "cardiotwin-sim: \u3053\u306e\u30c4\u30a4\u30f3\u306f\u3053\u306e\u8a2d\u5b9a"
        "\u3067\u306f\u5b9f\u884c\u3067\u304d\u307e\u305b\u3093: 180 bpm \u306e AAI "
        "\u30da\u30fc\u30b7\u30f3\u30b0\u306f\u3001\u3053\u306e\u60a3\u8005\u306e\u623f"
        "\u5ba4\u7d50\u7bc0\u304c\u6bce\u62cd\u4f1d\u5c0e\u3067\u304d\u308b\u901f\u3055"
        "\u3092\u8d85\u3048\u3066\u3044\u307e\u3059\uff08\u7d04 ",
        " bpm \u304b\u3089\u30a6\u30a7\u30f3\u30b1\u30d0\u30c3\u30cf\u578b\u30d6\u30ed"
        "\u30c3\u30af\u3002\u5b89\u9759\u6642 PR 160 ms\uff09\u3002DDD \u3067\u30da"
        "\u30fc\u30b7\u30f3\u30b0\u3059\u308b\u304b\u3001\u30ec\u30fc\u30c8\u3092\u4e0b"
        "\u3052\u3066\u304f\u3060\u3055\u3044\n",
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

/* The engine refuses a setting (AAI at 180 /min, beyond the normal twin's Wenckebach rate): its
 * reason in the user's language too, not the engine's English inside a translated sentence. */
static void test_engine_refusal_translated(gconstpointer data)
{
  const Expected *e = data;
  g_autofree char *dir = g_dir_make_tmp("cardiotwin-l10n-XXXXXX", NULL);
  g_autofree char *scenario = NULL;
  g_auto(CtTestRun) run = {0};

  assert_catalogue_built(e->language);
  g_assert_nonnull(dir);
  scenario = g_build_filename(dir, "aai-180.json", NULL);
  g_assert_true(g_file_set_contents(scenario,
                                    "{\"format\": \"cardiotwin-scenario/1\", \"pacing\": "
                                    "{\"mode\": \"AAI\", \"rate_bpm\": 180}}",
                                    -1, NULL));
  run_sim(&run, "C.UTF-8", e->language,
          (const char *const[]){"--demo", "normal", "--scenario", scenario, NULL});
  g_assert_cmpint(run.status, ==, 2);
  g_assert_cmpstr(run.out, ==, "");
  if (!g_str_has_prefix(run.err, e->engine_before) || !g_str_has_suffix(run.err, e->engine_after))
    g_error("the engine's refusal in %s reads:\n%s", e->language, run.err);
  g_assert_cmpint(g_unlink(scenario), ==, 0);
  g_assert_cmpint(g_rmdir(dir), ==, 0);
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
    g_autofree char *engine = g_strdup_printf("/cli-l10n/%s/engine-refusal", expected[i].language);
    g_test_add_data_func(bad, &expected[i], test_bad_input_translated);
    g_test_add_data_func(help, &expected[i], test_help_translated);
    g_test_add_data_func(engine, &expected[i], test_engine_refusal_translated);
  }
  g_test_add_func("/cli-l10n/english-otherwise", test_english_otherwise);
  return g_test_run();
}

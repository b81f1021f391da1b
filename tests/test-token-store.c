/* test-token-store.c — the platform's bearer token in a real Secret Service: saved and found per
 * platform, replaced, cleared, the same through the asynchronous calls, stored where
 * seahorse and secret-tool find it, never in plain text on disk nor in a log message, and a
 * keyring that is not there is an error, not a crash.
 *
 * Run through tests/run-with-keyring.sh (meson does): a private session bus, a throwaway home
 * and a gnome-keyring-daemon of its own, whose folder is CT_TEST_KEYRING_ROOT. Without it every
 * test is skipped, so that the developer's own keyring is never touched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <string.h>
#include <sys/stat.h>

#include "ct-token-store.h"

/* Every token a test made, for the log writer to look for. */
static GPtrArray *tokens;

static char *new_token(void)
{
  g_autofree char *uuid = g_uuid_string_random();
  char *token = g_strconcat("ct-test-token-", uuid, NULL);

  g_ptr_array_add(tokens, g_strdup(token));
  return token;
}

/* Fails the test on any log message, of any level and domain, that holds a token. */
static GLogWriterOutput check_log(GLogLevelFlags level, const GLogField *fields, gsize n_fields,
                                  gpointer user_data)
{
  for (gsize i = 0; i < n_fields; i++) {
    const char *value = fields[i].value;
    gssize length = fields[i].length;

    if (length < 0)
      length = strlen(value);
    for (guint t = 0; t < tokens->len; t++) {
      const char *token = g_ptr_array_index(tokens, t);

      if (memmem(value, length, token, strlen(token)) != NULL) {
        g_printerr("a log message holds a token (field %s)\n", fields[i].key);
        abort();
      }
    }
  }
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default(level, fields, n_fields, user_data);
}

static void test_save_lookup(void)
{
  g_autoptr(CtTokenStore) store = ct_token_store_new();
  g_autoptr(GError) error = NULL;
  g_autofree char *token = new_token();
  g_autofree char *found = NULL;

  g_assert_true(ct_token_store_save(store, "https://fhir.example.org/r4", token, NULL, &error));
  g_assert_no_error(error);
  found = ct_token_store_lookup(store, "https://fhir.example.org/r4", NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(found, ==, token);
}

static void test_unknown_platform(void)
{
  g_autoptr(CtTokenStore) store = ct_token_store_new();
  g_autoptr(GError) error = NULL;
  g_autofree char *found =
      ct_token_store_lookup(store, "https://never-signed-in.example.org/fhir", NULL, &error);

  g_assert_no_error(error);
  g_assert_null(found);
}

static void test_separate_platforms(void)
{
  const char *a = "https://a.example.org/fhir";
  const char *b = "https://b.example.org/fhir";
  g_autoptr(CtTokenStore) store = ct_token_store_new();
  g_autoptr(GError) error = NULL;
  g_autofree char *token_a = new_token();
  g_autofree char *token_b = new_token();
  g_autofree char *found_a = NULL;
  g_autofree char *found_b = NULL;
  g_autofree char *found_slash = NULL;

  g_assert_true(ct_token_store_save(store, a, token_a, NULL, &error));
  g_assert_no_error(error);
  g_assert_true(ct_token_store_save(store, b, token_b, NULL, &error));
  g_assert_no_error(error);
  found_a = ct_token_store_lookup(store, a, NULL, &error);
  g_assert_no_error(error);
  found_b = ct_token_store_lookup(store, b, NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(found_a, ==, token_a);
  g_assert_cmpstr(found_b, ==, token_b);

  /* The key is the base URL exactly: the client normalises it, the store does not guess. */
  found_slash = ct_token_store_lookup(store, "https://a.example.org/fhir/", NULL, &error);
  g_assert_no_error(error);
  g_assert_null(found_slash);

  /* Signing out of one platform keeps the other. */
  g_assert_true(ct_token_store_clear(store, a, NULL, &error));
  g_assert_no_error(error);
  g_clear_pointer(&found_b, g_free);
  found_b = ct_token_store_lookup(store, b, NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(found_b, ==, token_b);
}

/* The items found by schema and base URL, straight from the Secret Service. */
static GList *search_items(const char *base_url)
{
  static const SecretSchema schema = {
      .name = CT_TOKEN_STORE_SCHEMA,
      .flags = SECRET_SCHEMA_NONE,
      .attributes = {{CT_TOKEN_STORE_ATTRIBUTE, SECRET_SCHEMA_ATTRIBUTE_STRING}, {NULL, 0}},
  };
  g_autoptr(GHashTable) attributes = g_hash_table_new(g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GList *items;

  g_hash_table_insert(attributes, (gpointer)CT_TOKEN_STORE_ATTRIBUTE, (gpointer)base_url);
  items = secret_service_search_sync(NULL, &schema, attributes,
                                     SECRET_SEARCH_ALL | SECRET_SEARCH_LOAD_SECRETS, NULL, &error);
  g_assert_no_error(error);
  return items;
}

static void test_overwrite(void)
{
  const char *url = "https://overwrite.example.org/r4";
  g_autoptr(CtTokenStore) store = ct_token_store_new();
  g_autoptr(GError) error = NULL;
  g_autofree char *first = new_token();
  g_autofree char *second = new_token();
  g_autofree char *found = NULL;
  GList *items;

  g_assert_true(ct_token_store_save(store, url, first, NULL, &error));
  g_assert_no_error(error);
  g_assert_true(ct_token_store_save(store, url, second, NULL, &error));
  g_assert_no_error(error);
  found = ct_token_store_lookup(store, url, NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(found, ==, second);

  /* Replaced, not added beside: one item per platform. */
  items = search_items(url);
  g_assert_cmpuint(g_list_length(items), ==, 1);
  g_list_free_full(items, g_object_unref);
}

static void test_schema_and_label(void)
{
  const char *url = "https://label.example.org/fhir";
  g_autoptr(CtTokenStore) store = ct_token_store_new();
  g_autoptr(GError) error = NULL;
  g_autofree char *token = new_token();
  g_autoptr(SecretValue) value = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  g_autofree char *collection_path = NULL;
  SecretItem *item;
  GList *items;

  g_assert_true(ct_token_store_save(store, url, token, NULL, &error));
  g_assert_no_error(error);
  items = search_items(url);
  g_assert_cmpuint(g_list_length(items), ==, 1);
  item = items->data;

  label = secret_item_get_label(item);
  g_assert_cmpstr(label, ==, "CardioTwin platform token for https://label.example.org/fhir");
  attributes = secret_item_get_attributes(item);
  g_assert_cmpstr(g_hash_table_lookup(attributes, "xdg:schema"), ==,
                  "org.cardiotwin.CardioTwin.PlatformToken");
  g_assert_cmpstr(g_hash_table_lookup(attributes, "base-url"), ==, url);
  value = secret_item_get_secret(item);
  g_assert_nonnull(value);
  g_assert_cmpstr(secret_value_get_text(value), ==, token);

  /* In the collection the "default" alias names (the login keyring). */
  collection_path = g_path_get_dirname(g_dbus_proxy_get_object_path(G_DBUS_PROXY(item)));
  g_assert_cmpstr(collection_path, ==, "/org/freedesktop/secrets/collection/login");

  g_list_free_full(items, g_object_unref);
}

static void test_clear(void)
{
  const char *url = "https://clear.example.org/r4";
  g_autoptr(CtTokenStore) store = ct_token_store_new();
  g_autoptr(GError) error = NULL;
  g_autofree char *token = new_token();
  g_autofree char *found = NULL;

  g_assert_true(ct_token_store_save(store, url, token, NULL, &error));
  g_assert_no_error(error);
  g_assert_true(ct_token_store_clear(store, url, NULL, &error));
  g_assert_no_error(error);
  found = ct_token_store_lookup(store, url, NULL, &error);
  g_assert_no_error(error);
  g_assert_null(found);

  /* Signing out twice is no error. */
  g_assert_true(ct_token_store_clear(store, url, NULL, &error));
  g_assert_no_error(error);
}

/* ------------------------------------------------------------------ asynchronous */

typedef struct {
  GMainLoop *loop;
  GAsyncResult *result;
} Waiter;

static void done(GObject *source, GAsyncResult *result, gpointer user_data)
{
  Waiter *waiter = user_data;

  g_assert_null(waiter->result);
  waiter->result = g_object_ref(result);
  g_main_loop_quit(waiter->loop);
}

/* Runs the main loop until the call just started has delivered its result; returns it. */
static GAsyncResult *wait_for(Waiter *waiter)
{
  /* Never before the loop runs: the result comes on the main context. */
  g_assert_null(waiter->result);
  g_main_loop_run(waiter->loop);
  g_assert_nonnull(waiter->result);
  return waiter->result;
}

static void waiter_reset(Waiter *waiter)
{
  g_clear_object(&waiter->result);
}

static void test_async(void)
{
  const char *url = "https://async.example.org/fhir/R4";
  g_autoptr(CtTokenStore) store = ct_token_store_new();
  g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
  Waiter waiter = {loop, NULL};
  g_autoptr(GError) error = NULL;
  g_autofree char *first = new_token();
  g_autofree char *second = new_token();
  g_autofree char *found = NULL;

  ct_token_store_save_async(store, url, first, NULL, done, &waiter);
  g_assert_true(ct_token_store_save_finish(store, wait_for(&waiter), &error));
  g_assert_no_error(error);
  waiter_reset(&waiter);

  ct_token_store_lookup_async(store, url, NULL, done, &waiter);
  found = ct_token_store_lookup_finish(store, wait_for(&waiter), &error);
  g_assert_no_error(error);
  g_assert_cmpstr(found, ==, first);
  waiter_reset(&waiter);
  g_clear_pointer(&found, g_free);

  ct_token_store_save_async(store, url, second, NULL, done, &waiter);
  g_assert_true(ct_token_store_save_finish(store, wait_for(&waiter), &error));
  g_assert_no_error(error);
  waiter_reset(&waiter);

  /* What the asynchronous calls saved, the blocking ones find, and the other way round. */
  found = ct_token_store_lookup(store, url, NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(found, ==, second);
  g_clear_pointer(&found, g_free);

  ct_token_store_clear_async(store, url, NULL, done, &waiter);
  g_assert_true(ct_token_store_clear_finish(store, wait_for(&waiter), &error));
  g_assert_no_error(error);
  waiter_reset(&waiter);

  ct_token_store_lookup_async(store, url, NULL, done, &waiter);
  found = ct_token_store_lookup_finish(store, wait_for(&waiter), &error);
  g_assert_no_error(error);
  g_assert_null(found);
  waiter_reset(&waiter);
}

static void test_cancelled(void)
{
  const char *url = "https://cancelled.example.org/fhir";
  g_autoptr(CtTokenStore) store = ct_token_store_new();
  g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new();
  Waiter waiter = {loop, NULL};
  g_autoptr(GError) error = NULL;
  g_autofree char *token = new_token();
  g_autofree char *found = NULL;

  g_cancellable_cancel(cancellable);

  /* Cancellation is the caller's own doing: it stays G_IO_ERROR_CANCELLED, not a keyring error. */
  g_assert_false(ct_token_store_save(store, url, token, cancellable, &error));
  g_assert_error(error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error(&error);

  ct_token_store_lookup_async(store, url, cancellable, done, &waiter);
  found = ct_token_store_lookup_finish(store, wait_for(&waiter), &error);
  g_assert_error(error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null(found);
  g_clear_error(&error);
  waiter_reset(&waiter);

  found = ct_token_store_lookup(store, url, NULL, &error);
  g_assert_no_error(error);
  g_assert_null(found);
}

static void test_refuses_unusable_token(void)
{
  const char *url = "https://refused.example.org/fhir";
  g_autoptr(CtTokenStore) store = ct_token_store_new();
  g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
  Waiter waiter = {loop, NULL};
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  g_assert_false(ct_token_store_save(store, url, "", NULL, &error));
  g_assert_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE);
  g_assert_nonnull(strstr(error->message, url));
  g_clear_error(&error);

  ct_token_store_save_async(store, url, "\xff\xfe", NULL, done, &waiter);
  g_assert_false(ct_token_store_save_finish(store, wait_for(&waiter), &error));
  g_assert_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_INVALID_RESPONSE);
  g_clear_error(&error);
  waiter_reset(&waiter);

  found = ct_token_store_lookup(store, url, NULL, &error);
  g_assert_no_error(error);
  g_assert_null(found);
}

/* ------------------------------------------------------------------ nothing in plain text */

/* Every regular file under @path that holds @token (symlinks, sockets and fifos are skipped);
 * counts the gnome-keyring files met. */
static void find_token(const char *path, const char *token, GPtrArray *hits, guint *n_keyrings)
{
  g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
  const char *name;

  g_assert_nonnull(dir);
  while ((name = g_dir_read_name(dir)) != NULL) {
    g_autofree char *child = g_build_filename(path, name, NULL);
    g_autofree char *contents = NULL;
    gsize length = 0;
    GStatBuf st;

    g_assert_cmpint(g_lstat(child, &st), ==, 0);
    if (S_ISDIR(st.st_mode)) {
      find_token(child, token, hits, n_keyrings);
      continue;
    }
    if (!S_ISREG(st.st_mode))
      continue;
    if (g_str_has_suffix(name, ".keyring"))
      (*n_keyrings)++;
    g_assert_true(g_file_get_contents(child, &contents, &length, NULL));
    if (memmem(contents, length, token, strlen(token)) != NULL)
      g_ptr_array_add(hits, g_steal_pointer(&child));
  }
}

static void test_not_on_disk(void)
{
  const char *root = g_getenv("CT_TEST_KEYRING_ROOT");
  g_autofree char *keyring =
      g_build_filename(g_get_user_data_dir(), "keyrings", "login.keyring", NULL);
  g_autoptr(CtTokenStore) store = ct_token_store_new();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func(g_free);
  g_autofree char *token = new_token();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_length = 0;
  gsize after_length = 0;
  guint n_keyrings = 0;

  /* Only ever the wrapper's throwaway home. */
  g_assert_nonnull(root);
  g_assert_true(g_str_has_prefix(g_get_home_dir(), root));
  g_assert_true(g_str_has_prefix(g_get_user_data_dir(), root));
  g_assert_true(g_str_has_prefix(g_get_user_cache_dir(), root));

  g_assert_true(g_file_get_contents(keyring, &before, &before_length, NULL));
  g_assert_true(ct_token_store_save(store, "https://disk.example.org/fhir", token, NULL, &error));
  g_assert_no_error(error);

  /* The keyring file changed (the token went to disk, encrypted)... */
  g_assert_true(g_file_get_contents(keyring, &after, &after_length, NULL));
  g_assert_false(before_length == after_length && memcmp(before, after, after_length) == 0);

  /* ... and no file under the whole temporary folder (home, data, cache, configuration, runtime,
   * the daemon's own output) holds it in plain text. */
  find_token(root, token, hits, &n_keyrings);
  g_assert_cmpuint(n_keyrings, >=, 1);
  for (guint i = 0; i < hits->len; i++)
    g_test_message("the token is in plain text in %s", (char *)g_ptr_array_index(hits, i));
  g_assert_cmpuint(hits->len, ==, 0);
}

/* ------------------------------------------------------------------ no keyring */

static void test_no_keyring(void)
{
  if (g_test_subprocess()) {
    g_autofree char *nowhere =
        g_strdup_printf("unix:path=%s/no-bus-here", g_getenv("CT_TEST_KEYRING_ROOT"));
    g_autoptr(CtTokenStore) store = NULL;
    g_autoptr(GMainLoop) loop = NULL;
    Waiter waiter = {NULL, NULL};
    g_autoptr(GError) error = NULL;
    g_autofree char *token = new_token();
    g_autofree char *found = NULL;

    /* Before any D-Bus call of this process, so that GDBus connects to nothing. */
    g_setenv("DBUS_SESSION_BUS_ADDRESS", nowhere, TRUE);
    store = ct_token_store_new();
    loop = g_main_loop_new(NULL, FALSE);
    waiter.loop = loop;

    found = ct_token_store_lookup(store, "https://gone.example.org/fhir", NULL, &error);
    g_assert_null(found);
    g_assert_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_KEYRING);
    g_assert_true(g_str_has_prefix(error->message, "The desktop keyring could not read"));
    g_assert_nonnull(strstr(error->message, "https://gone.example.org/fhir"));
    g_test_message("%s", error->message);
    g_clear_error(&error);

    g_assert_false(
        ct_token_store_save(store, "https://gone.example.org/fhir", token, NULL, &error));
    g_assert_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_KEYRING);
    g_assert_true(g_str_has_prefix(error->message, "The desktop keyring could not save"));
    g_assert_null(strstr(error->message, token));
    g_clear_error(&error);

    g_assert_false(ct_token_store_clear(store, "https://gone.example.org/fhir", NULL, &error));
    g_assert_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_KEYRING);
    g_clear_error(&error);

    ct_token_store_lookup_async(store, "https://gone.example.org/fhir", NULL, done, &waiter);
    found = ct_token_store_lookup_finish(store, wait_for(&waiter), &error);
    g_assert_null(found);
    g_assert_error(error, CT_PLATFORM_ERROR, CT_PLATFORM_ERROR_KEYRING);
    waiter_reset(&waiter);
    return;
  }

  g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed();
}

static void skip_without_keyring(void)
{
  g_test_skip("run through tests/run-with-keyring.sh, never against the developer's keyring");
}

int main(int argc, char **argv)
{
  int status;

  g_test_init(&argc, &argv, NULL);
  tokens = g_ptr_array_new_with_free_func(g_free);
  g_log_set_debug_enabled(TRUE);
  g_log_set_writer_func(check_log, NULL, NULL);

  if (g_getenv("CT_TEST_KEYRING_ROOT") == NULL) {
    g_test_add_func("/token-store/keyring", skip_without_keyring);
    return g_test_run();
  }

  g_test_add_func("/token-store/save-lookup", test_save_lookup);
  g_test_add_func("/token-store/unknown-platform", test_unknown_platform);
  g_test_add_func("/token-store/separate-platforms", test_separate_platforms);
  g_test_add_func("/token-store/overwrite", test_overwrite);
  g_test_add_func("/token-store/schema-and-label", test_schema_and_label);
  g_test_add_func("/token-store/clear", test_clear);
  g_test_add_func("/token-store/async", test_async);
  g_test_add_func("/token-store/cancelled", test_cancelled);
  g_test_add_func("/token-store/refuses-unusable-token", test_refuses_unusable_token);
  g_test_add_func("/token-store/not-on-disk", test_not_on_disk);
  g_test_add_func("/token-store/no-keyring", test_no_keyring);
  status = g_test_run();

  g_ptr_array_unref(tokens);
  return status;
}

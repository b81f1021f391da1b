/* ct-test-util.c — helpers shared by the twin room's tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-test-util.h"

#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "ct-json.h"
#include "ct-twin-error.h"

#define PLACEHOLDER "@@ct-test-value@@"

/* A copy of the JSON document json with the member at path (dotted, with [n] for elements, e.g.
 * "drugs[0].dose") set to the raw text value, which need not be valid JSON, or removed when
 * value is NULL. Objects missing on the way are created. */
char *ct_test_mutate(const char *json, const char *path, const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = json_from_string(json, &error);
  g_auto(GStrv) parts = g_strsplit(path, ".", -1);
  g_autofree char *text = NULL;
  g_autofree char *quoted = NULL;
  g_auto(GStrv) pieces = NULL;
  JsonNode *node = root;
  guint i;

  g_assert_no_error(error);
  for (i = 0; parts[i] != NULL; i++) {
    const char *bracket = strchr(parts[i], '[');
    g_autofree char *name =
        g_strndup(parts[i], bracket != NULL ? (gsize)(bracket - parts[i]) : strlen(parts[i]));
    gboolean last = parts[i + 1] == NULL;
    JsonObject *object;

    g_assert_true(JSON_NODE_HOLDS_OBJECT(node));
    object = json_node_get_object(node);
    if (last && bracket == NULL) {
      if (value == NULL)
        json_object_remove_member(object, name);
      else
        json_object_set_string_member(object, name, PLACEHOLDER);
      break;
    }
    if (last) {
      /* "name[i]" last: a new array with element i replaced (json-glib 1.6 cannot reset an
       * object node in place). */
      JsonArray *old = json_object_get_array_member(object, name);
      guint index = (guint)g_ascii_strtoull(bracket + 1, NULL, 10);
      JsonArray *array = json_array_new();
      guint j;

      g_assert_nonnull(value);
      g_assert_null(strchr(bracket + 1, '['));
      g_assert_cmpuint(index, <, json_array_get_length(old));
      for (j = 0; j < json_array_get_length(old); j++)
        if (j == index)
          json_array_add_string_element(array, PLACEHOLDER);
        else
          json_array_add_element(array, json_node_copy(json_array_get_element(old, j)));
      json_object_set_array_member(object, name, array);
      break;
    }
    if (!json_object_has_member(object, name))
      json_object_set_object_member(object, name, json_object_new());
    node = json_object_get_member(object, name);
    for (; bracket != NULL; bracket = strchr(bracket + 1, '[')) {
      g_assert_true(JSON_NODE_HOLDS_ARRAY(node));
      node = json_array_get_element(json_node_get_array(node),
                                    (guint)g_ascii_strtoull(bracket + 1, NULL, 10));
      g_assert_nonnull(node);
    }
  }

  text = ct_json_to_text(root, FALSE);
  if (value == NULL)
    return g_steal_pointer(&text);
  quoted = g_strdup_printf("\"%s\"", PLACEHOLDER);
  pieces = g_strsplit(text, quoted, -1);
  return g_strjoinv((char *)value, pieces);
}

GBytes *ct_test_bytes(const char *text)
{
  return g_bytes_new(text, strlen(text));
}

char *ct_test_read_fixture(const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename(G_TEST_DIST, "data", name, NULL);
  char *text = NULL;

  g_file_get_contents(path, &text, NULL, &error);
  g_assert_no_error(error);
  return text;
}

/* The error is CT_TWIN_ERROR/code, its message one line and holding needle. */
void ct_test_assert_error(const GError *error, int code, const char *needle)
{
  g_assert_nonnull(error);
  if (g_test_verbose())
    g_test_message("%s", error->message);
  g_assert_error(error, CT_TWIN_ERROR, code);
  g_assert_null(strchr(error->message, '\n'));
  if (strstr(error->message, needle) == NULL)
    g_error("“%s” does not name “%s”", error->message, needle);
}

/* A file of size bytes that occupies (almost) no disk space. */
char *ct_test_sparse_file(const char *dir, const char *name, goffset size)
{
  char *path = g_build_filename(dir, name, NULL);
  int fd = g_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  g_assert_cmpint(fd, >=, 0);
  g_assert_cmpint(ftruncate(fd, size), ==, 0);
  g_assert_true(g_close(fd, NULL));
  return path;
}

void ct_test_run_clear(CtTestRun *run)
{
  g_clear_pointer(&run->out, g_free);
  g_clear_pointer(&run->err, g_free);
}

void ct_test_run_sim(CtTestRun *run, char **envp, const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_autoptr(GError) error = NULL;
  const char *sim = g_getenv("CT_SIM_PATH");
  int wait_status = 0;

  g_assert_nonnull(sim);
  g_ptr_array_add(argv, (gpointer)sim);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add(argv, (gpointer)args[i]);
  g_ptr_array_add(argv, NULL);

  g_spawn_sync(NULL, (char **)argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &run->out, &run->err,
               &wait_status, &error);
  g_assert_no_error(error);
  g_assert_true(WIFEXITED(wait_status));
  run->status = WEXITSTATUS(wait_status);
}

void ct_test_remove_tree(const char *path)
{
  g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
    g_autofree char *child = g_build_filename(path, name, NULL);

    if (g_file_test(child, G_FILE_TEST_IS_DIR) && !g_file_test(child, G_FILE_TEST_IS_SYMLINK))
      ct_test_remove_tree(child);
    else
      g_remove(child);
  }
  g_rmdir(path);
}

double ct_test_status_kb(const char *field)
{
  g_autofree char *status = NULL;
  g_autofree char *key = g_strconcat(field, ":", NULL);
  const char *line;

  if (!g_file_get_contents("/proc/self/status", &status, NULL, NULL))
    return -1.0;
  line = strstr(status, key);
  return line != NULL ? g_ascii_strtod(line + strlen(key), NULL) : -1.0;
}

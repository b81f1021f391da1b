/* ct-json.c — hostile-input JSON reading shared by the twin room's loaders.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-json.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ct-i18n.h"

/* Text quoted from a document into a message is cut to this many characters. */
#define QUOTE_MAX_CHARS 40
/* Messages list the allowed names when there are no more than this (a line stays readable). */
#define MAX_LISTED_NAMES 30

/* ------------------------------------------------------------------ helpers for messages */

/* text, at most QUOTE_MAX_CHARS characters, control characters shown as U+FFFD, so that a
 * message stays one line whatever the document holds. */
char *ct_json_shorten(const char *text)
{
  GString *out = g_string_new(NULL);
  const char *p = text;
  guint n = 0;

  if (!g_utf8_validate(text, -1, NULL))
    return g_string_free(g_string_append(out, "…"), FALSE);
  for (; *p != '\0'; p = g_utf8_next_char(p), n++) {
    gunichar c = g_utf8_get_char(p);

    if (n == QUOTE_MAX_CHARS) {
      g_string_append(out, "…");
      break;
    }
    if (g_unichar_iscntrl(c) || c == 0x2028 || c == 0x2029)
      g_string_append_unichar(out, 0xFFFD);
    else
      g_string_append_unichar(out, c);
  }
  return g_string_free(out, FALSE);
}

/* “text”, shortened as ct_json_shorten() does. */
char *ct_json_quote(const char *text)
{
  g_autofree char *shortened = ct_json_shorten(text);

  return g_strconcat("“", shortened, "”", NULL);
}

char *ct_json_path(const char *path, const char *member)
{
  if (path == NULL || path[0] == '\0')
    return g_strdup(member);
  return g_strconcat(path, ".", member, NULL);
}

char *ct_json_path_index(const char *path, guint index)
{
  return g_strdup_printf("%s[%u]", path, index);
}

/* What a node is, in words: "the text “5”", "the number 5", "a list". */
char *ct_json_describe(JsonNode *node)
{
  switch (json_node_get_node_type(node)) {
  case JSON_NODE_OBJECT:
    return g_strdup(_("an object { … }"));
  case JSON_NODE_ARRAY:
    return g_strdup(_("a list [ … ]"));
  case JSON_NODE_NULL:
    return g_strdup("null");
  case JSON_NODE_VALUE:
  default:
    break;
  }
  switch (json_node_get_value_type(node)) {
  case G_TYPE_STRING: {
    g_autofree char *quoted = ct_json_quote(json_node_get_string(node));
    return g_strdup_printf(_("the text %s in quotes"), quoted);
  }
  case G_TYPE_BOOLEAN:
    return g_strdup(json_node_get_boolean(node) ? "true" : "false");
  case G_TYPE_INT64:
  case G_TYPE_DOUBLE:
    return g_strdup_printf(_("the number %g"), json_node_get_double(node));
  default:
    return g_strdup(_("a value of an unknown kind"));
  }
}

static gboolean node_is_number(JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE(node))
    return FALSE;
  type = json_node_get_value_type(node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static gboolean node_is_string(JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_STRING;
}

static gboolean node_is_boolean(JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_BOOLEAN;
}

static gboolean wrong_type(JsonNode *node, const char *what, const char *field,
                           const char *expected, GError **error)
{
  g_autofree char *got = ct_json_describe(node);

  g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID, _("%s: %s is %s; it must be %s"), what,
              field, got, expected);
  return FALSE;
}

static gboolean missing(const char *what, const char *field, GError **error)
{
  g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID, _("%s: %s is missing; it is required"),
              what, field);
  return FALSE;
}

/* A file name fit for a one-line message. */
static char *display_path(const char *path)
{
  g_autofree char *name = g_filename_display_name(path);
  char *p;

  for (p = name; *p != '\0'; p++)
    if ((guchar)*p < 0x20 || *p == 0x7f)
      *p = '?';
  return g_steal_pointer(&name);
}

/* ------------------------------------------------------------------ reading files */

GBytes *ct_json_read_file(const char *path, gsize max_bytes, const char *what, GError **error)
{
  g_autofree char *shown = display_path(path);
  g_autofree guint8 *data = NULL;
  struct stat st;
  gsize length = 0;
  int fd;
  int saved_errno;

  /* O_NONBLOCK: opening a FIFO must not hang; it is refused below as not a regular file. */
  fd = g_open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0) {
    saved_errno = errno;
    g_set_error(error, CT_TWIN_ERROR,
                saved_errno == ENOENT || saved_errno == ENOTDIR ? CT_TWIN_ERROR_NOT_FOUND
                                                                : CT_TWIN_ERROR_IO,
                _("%s: cannot open %s: %s"), what, shown, g_strerror(saved_errno));
    return NULL;
  }
  if (fstat(fd, &st) != 0) {
    saved_errno = errno;
    g_close(fd, NULL);
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_IO, _("%s: cannot read %s: %s"), what, shown,
                g_strerror(saved_errno));
    return NULL;
  }
  if (!S_ISREG(st.st_mode)) {
    g_close(fd, NULL);
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_IO,
                _("%s: %s is not a regular file (a folder or a device?)"), what, shown);
    return NULL;
  }
  if (st.st_size < 0 || (guint64)st.st_size > max_bytes) {
    g_autofree char *size = g_format_size((guint64)st.st_size);
    g_autofree char *limit = g_format_size(max_bytes);

    g_close(fd, NULL);
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_TOO_LARGE,
                _("%s: %s is %s, more than the %s this kind of file may have; it was not read"),
                what, shown, size, limit);
    return NULL;
  }

  /* Read at most max_bytes + 1, in case the file grew since fstat(). */
  data = g_malloc((gsize)st.st_size + 1);
  for (;;) {
    gsize room = (gsize)st.st_size + 1 - length;
    gssize n;

    if (room == 0)
      break;
    n = read(fd, data + length, room);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      saved_errno = errno;
      g_close(fd, NULL);
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_IO, _("%s: cannot read %s: %s"), what, shown,
                  g_strerror(saved_errno));
      return NULL;
    }
    if (n == 0)
      break;
    length += (gsize)n;
  }
  g_close(fd, NULL);
  /* A file of /proc or /sys says it is empty and then yields its text: not a file of ours. */
  if (st.st_size == 0 && length > 0) {
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_IO,
                _("%s: %s is a file the system makes up as it is read (of /proc or /sys?), not a "
                  "regular file; it was not read"),
                what, shown);
    return NULL;
  }
  if (length > (gsize)st.st_size) {
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_IO,
                _("%s: %s changed while it was being read; try again"), what, shown);
    return NULL;
  }
  return g_bytes_new_take(g_steal_pointer(&data), length);
}

/* ------------------------------------------------------------------ the strict scanner */

typedef enum {
  STATE_VALUE,          /* a value must come */
  STATE_VALUE_OR_CLOSE, /* just after '[' */
  STATE_KEY,            /* after ',' in an object */
  STATE_KEY_OR_CLOSE,   /* just after '{' */
  STATE_COLON,
  STATE_COMMA_OR_CLOSE,
  STATE_DONE,
} ScanState;

typedef struct {
  const char *text;
  gsize length;
  gsize pos;
  const char *what;
  GError **error;
  int depth;
  char stack[CT_JSON_MAX_DEPTH];
  GHashTable *keys[CT_JSON_MAX_DEPTH]; /* member names seen in each open object */
  char *member[CT_JSON_MAX_DEPTH];     /* the current member of each open object */
  guint index[CT_JSON_MAX_DEPTH];      /* the current element of each open array */
} Scanner;

/* Where the scanner is, as the loaders name members: "drugs[0].dose"; "" at the top. */
static char *scan_path(const Scanner *s)
{
  GString *path = g_string_new(NULL);
  int level;

  for (level = 0; level < s->depth; level++) {
    if (s->stack[level] == '[')
      g_string_append_printf(path, "[%u]", s->index[level]);
    else if (s->member[level] != NULL) {
      g_autofree char *name = ct_json_quote(s->member[level]);

      /* Plain names as they are; odd ones quoted, as in every other message. */
      if (strspn(s->member[level],
                 "abcdefghijklmnopqrstuvwxyz"
                 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != strlen(s->member[level]) ||
          s->member[level][0] == '\0')
        g_string_append_printf(path, "%s%s", path->len > 0 ? "." : "", name);
      else
        g_string_append_printf(path, "%s%s", path->len > 0 ? "." : "", s->member[level]);
    } else
      break;
  }
  return g_string_free(path, FALSE);
}

static void scan_position(const Scanner *s, gsize pos, guint *line, guint *column)
{
  gsize line_start = 0;
  gsize i;

  *line = 1;
  for (i = 0; i < pos && i < s->length; i++)
    if (s->text[i] == '\n') {
      (*line)++;
      line_start = i + 1;
    }
  *column = (guint)g_utf8_strlen(s->text + line_start, (gssize)(pos - line_start)) + 1;
}

G_GNUC_PRINTF(4, 5)
static gboolean scan_error(Scanner *s, int code, gsize pos, const char *format, ...)
{
  g_autofree char *problem = NULL;
  g_autofree char *path = NULL;
  guint line, column;
  va_list args;

  va_start(args, format);
  problem = g_strdup_vprintf(format, args);
  va_end(args);
  scan_position(s, pos, &line, &column);
  path = scan_path(s);
  if (path[0] != '\0')
    g_set_error(s->error, CT_TWIN_ERROR, code, _("%s: %s: %s (line %u, column %u)"), s->what, path,
                problem, line, column);
  else
    g_set_error(s->error, CT_TWIN_ERROR, code, _("%s: %s (line %u, column %u)"), s->what, problem,
                line, column);
  return FALSE;
}

/* What stands at pos, for "unexpected …" messages: a control character by its code point, so
 * that the message stays one line (ct_json_shorten's rule: C0, DEL, the C1 controls U+0080 to
 * U+009F, and the line and paragraph separators, which GTK breaks lines at). */
static char *scan_describe_char(const Scanner *s, gsize pos)
{
  gunichar c = g_utf8_get_char(s->text + pos);

  if (g_unichar_iscntrl(c) || c == 0x2028 || c == 0x2029)
    return g_strdup_printf(_("the control character U+%04X"), c);
  return g_strdup_printf("“%.*s”", (int)(g_utf8_next_char(s->text + pos) - (s->text + pos)),
                         s->text + pos);
}

static int hex_value(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Four hex digits after "\u" at pos; -1 if malformed. */
static int scan_hex4(const Scanner *s, gsize pos)
{
  int value = 0;
  int i;

  if (pos + 4 > s->length)
    return -1;
  for (i = 0; i < 4; i++) {
    int digit = hex_value(s->text[pos + (gsize)i]);

    if (digit < 0)
      return -1;
    value = value * 16 + digit;
  }
  return value;
}

/* A string at s->pos (on its opening quote); its unescaped text goes to out when out is not NULL.
 */
static gboolean scan_string(Scanner *s, GString *out)
{
  gsize start = s->pos;

  s->pos++;
  for (;;) {
    guchar c;

    if (s->pos >= s->length)
      return scan_error(s, CT_TWIN_ERROR_PARSE, start,
                        _("a text in quotes is not closed: the file looks truncated"));
    c = (guchar)s->text[s->pos];
    if (c == '"') {
      s->pos++;
      return TRUE;
    }
    if (c < 0x20)
      return scan_error(s, CT_TWIN_ERROR_PARSE, s->pos,
                        _("a text in quotes holds a control character such as a line break; "
                          "write it as an escape (\\n)"));
    if (c != '\\') {
      if (out != NULL)
        g_string_append_c(out, (char)c);
      s->pos++;
      continue;
    }
    if (s->pos + 1 >= s->length)
      return scan_error(s, CT_TWIN_ERROR_PARSE, start,
                        _("a text in quotes is not closed: the file looks truncated"));
    switch (s->text[s->pos + 1]) {
    case '"':
    case '\\':
    case '/':
      if (out != NULL)
        g_string_append_c(out, s->text[s->pos + 1]);
      s->pos += 2;
      break;
    case 'b':
    case 'f':
    case 'n':
    case 'r':
    case 't':
      if (out != NULL)
        g_string_append_c(out, s->text[s->pos + 1] == 'b'   ? '\b'
                               : s->text[s->pos + 1] == 'f' ? '\f'
                               : s->text[s->pos + 1] == 'n' ? '\n'
                               : s->text[s->pos + 1] == 'r' ? '\r'
                                                            : '\t');
      s->pos += 2;
      break;
    case 'u': {
      int unit = scan_hex4(s, s->pos + 2);
      gunichar code;

      if (unit < 0)
        return scan_error(s, CT_TWIN_ERROR_PARSE, s->pos,
                          _("\\u must be followed by four hexadecimal digits"));
      if (unit == 0)
        return scan_error(s, CT_TWIN_ERROR_PARSE, s->pos,
                          _("a text holds \\u0000 (a NUL character), which is not allowed"));
      if (unit >= 0xDC00 && unit <= 0xDFFF)
        return scan_error(s, CT_TWIN_ERROR_PARSE, s->pos,
                          _("a text holds half of a UTF-16 surrogate pair"));
      code = (gunichar)unit;
      if (unit >= 0xD800 && unit <= 0xDBFF) {
        int low = -1;

        if (s->pos + 12 <= s->length && s->text[s->pos + 6] == '\\' && s->text[s->pos + 7] == 'u')
          low = scan_hex4(s, s->pos + 8);
        if (low < 0xDC00 || low > 0xDFFF)
          return scan_error(s, CT_TWIN_ERROR_PARSE, s->pos,
                            _("a text holds half of a UTF-16 surrogate pair"));
        code = 0x10000 + (((gunichar)unit - 0xD800) << 10) + ((gunichar)low - 0xDC00);
        s->pos += 6;
      }
      if (out != NULL)
        g_string_append_unichar(out, code);
      s->pos += 6;
    } break;
    default:
      return scan_error(s, CT_TWIN_ERROR_PARSE, s->pos,
                        _("a text holds an unknown escape after a backslash"));
    }
  }
}

static gboolean scan_looking_at(const Scanner *s, const char *word)
{
  gsize n = strlen(word);

  return s->length - s->pos >= n && memcmp(s->text + s->pos, word, n) == 0;
}

static gboolean is_digit(char c)
{
  return c >= '0' && c <= '9';
}

/* A number as RFC 8259 writes it, and one that a double (or, without fraction and exponent, a
 * 64-bit integer as json-glib reads it) can hold. */
static gboolean scan_number(Scanner *s)
{
  gsize start = s->pos;
  gboolean integer = TRUE;
  g_autofree char *token = NULL;

  if (s->text[s->pos] == '-')
    s->pos++;
  if (scan_looking_at(s, "Infinity"))
    return scan_error(s, CT_TWIN_ERROR_PARSE, start,
                      _("NaN and Infinity are not numbers; give a finite number"));
  if (s->pos < s->length && s->text[s->pos] == '0')
    s->pos++;
  else if (s->pos < s->length && is_digit(s->text[s->pos]))
    while (s->pos < s->length && is_digit(s->text[s->pos]))
      s->pos++;
  else
    return scan_error(s, CT_TWIN_ERROR_PARSE, start, _("a number is malformed"));
  if (s->pos < s->length && s->text[s->pos] == '.') {
    integer = FALSE;
    s->pos++;
    if (s->pos >= s->length || !is_digit(s->text[s->pos]))
      return scan_error(s, CT_TWIN_ERROR_PARSE, start,
                        _("a number has no digits after its decimal point"));
    while (s->pos < s->length && is_digit(s->text[s->pos]))
      s->pos++;
  }
  if (s->pos < s->length && (s->text[s->pos] == 'e' || s->text[s->pos] == 'E')) {
    integer = FALSE;
    s->pos++;
    if (s->pos < s->length && (s->text[s->pos] == '+' || s->text[s->pos] == '-'))
      s->pos++;
    if (s->pos >= s->length || !is_digit(s->text[s->pos]))
      return scan_error(s, CT_TWIN_ERROR_PARSE, start, _("a number has an empty exponent"));
    while (s->pos < s->length && is_digit(s->text[s->pos]))
      s->pos++;
  }

  token = g_strndup(s->text + start, s->pos - start);
  errno = 0;
  if (integer)
    (void)g_ascii_strtoll(token, NULL, 10);
  if ((integer && errno == ERANGE) || (!integer && !isfinite(g_ascii_strtod(token, NULL)))) {
    g_autofree char *quoted = ct_json_quote(token);

    return scan_error(s, CT_TWIN_ERROR_PARSE, start, _("the number %s is too large"), quoted);
  }
  return TRUE;
}

static gboolean scan_literal(Scanner *s)
{
  static const char *const literals[] = {"true", "false", "null"};
  guint i;

  for (i = 0; i < G_N_ELEMENTS(literals); i++) {
    gsize n = strlen(literals[i]);

    if (s->length - s->pos >= n && memcmp(s->text + s->pos, literals[i], n) == 0) {
      s->pos += n;
      return TRUE;
    }
  }
  if (scan_looking_at(s, "NaN") || scan_looking_at(s, "Infinity"))
    return scan_error(s, CT_TWIN_ERROR_PARSE, s->pos,
                      _("NaN and Infinity are not numbers; give a finite number"));
  {
    g_autofree char *got = scan_describe_char(s, s->pos);
    return scan_error(s, CT_TWIN_ERROR_PARSE, s->pos,
                      _("unexpected %s where a value should be (texts need double quotes)"), got);
  }
}

static gboolean scan_open(Scanner *s, char bracket)
{
  if (s->depth == CT_JSON_MAX_DEPTH)
    return scan_error(s, CT_TWIN_ERROR_TOO_LARGE, s->pos,
                      _("the document is nested deeper than %d levels of [ and {, far more than "
                        "any CardioTwin file needs; it was refused without being read further"),
                      CT_JSON_MAX_DEPTH);
  s->stack[s->depth] = bracket;
  s->keys[s->depth] = NULL;
  s->member[s->depth] = NULL;
  s->index[s->depth] = 0;
  s->depth++;
  s->pos++;
  return TRUE;
}

static ScanState scan_close(Scanner *s)
{
  s->depth--;
  g_clear_pointer(&s->keys[s->depth], g_hash_table_unref);
  g_clear_pointer(&s->member[s->depth], g_free);
  s->pos++;
  return s->depth == 0 ? STATE_DONE : STATE_COMMA_OR_CLOSE;
}

static gboolean scan_key(Scanner *s)
{
  GHashTable **keys = &s->keys[s->depth - 1];
  gsize start = s->pos;
  GString *key;

  if (s->text[s->pos] != '"') {
    g_autofree char *got = scan_describe_char(s, s->pos);
    return scan_error(s, CT_TWIN_ERROR_PARSE, s->pos,
                      _("expected a member name in double quotes, found %s"), got);
  }
  key = g_string_new(NULL);
  if (!scan_string(s, key)) {
    g_string_free(key, TRUE);
    return FALSE;
  }
  if (*keys == NULL)
    *keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  if (g_hash_table_contains(*keys, key->str)) {
    g_autofree char *name = g_string_free(key, FALSE);
    g_autofree char *quoted = ct_json_quote(name);

    /* The message names the object that holds the two, not its previous member. */
    g_clear_pointer(&s->member[s->depth - 1], g_free);
    return scan_error(s, CT_TWIN_ERROR_INVALID, start,
                      _("the member %s appears twice in the same object; keep only one"), quoted);
  }
  g_free(s->member[s->depth - 1]);
  s->member[s->depth - 1] = g_strdup(key->str);
  g_hash_table_add(*keys, g_string_free(key, FALSE));
  return TRUE;
}

static gboolean scan_value(Scanner *s, ScanState *state)
{
  char c = s->text[s->pos];

  switch (c) {
  case '{':
    *state = STATE_KEY_OR_CLOSE;
    return scan_open(s, '{');
  case '[':
    *state = STATE_VALUE_OR_CLOSE;
    return scan_open(s, '[');
  case '"':
    if (!scan_string(s, NULL))
      return FALSE;
    break;
  case '-':
  case '0':
  case '1':
  case '2':
  case '3':
  case '4':
  case '5':
  case '6':
  case '7':
  case '8':
  case '9':
    if (!scan_number(s))
      return FALSE;
    break;
  default:
    if (!scan_literal(s))
      return FALSE;
    break;
  }
  *state = s->depth == 0 ? STATE_DONE : STATE_COMMA_OR_CLOSE;
  return TRUE;
}

/* Checks text (UTF-8, already validated) against the JSON grammar, the depth limit, duplicate
 * members and number range, iteratively: no input can exhaust the stack. */
gboolean ct_json_check_text(const char *text, gsize length, const char *what, GError **error)
{
  Scanner s = {.text = text, .length = length, .what = what, .error = error};
  ScanState state = STATE_VALUE;
  gboolean ok = TRUE;
  int i;

  while (ok) {
    char c;

    while (s.pos < s.length && (text[s.pos] == ' ' || text[s.pos] == '\t' || text[s.pos] == '\n' ||
                                text[s.pos] == '\r'))
      s.pos++;
    if (s.pos == s.length) {
      if (state == STATE_DONE)
        break;
      if (state == STATE_VALUE && s.depth == 0)
        g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_PARSE, _("%s: the file is empty"), what);
      else
        scan_error(&s, CT_TWIN_ERROR_PARSE, s.pos,
                   _("the file ends in the middle of the document: it looks truncated"));
      ok = FALSE;
      break;
    }

    c = text[s.pos];
    switch (state) {
    case STATE_DONE: {
      g_autofree char *got = scan_describe_char(&s, s.pos);
      ok = scan_error(&s, CT_TWIN_ERROR_PARSE, s.pos,
                      _("unexpected %s after the end of the document"), got);
    } break;
    case STATE_COLON:
      if (c == ':') {
        s.pos++;
        state = STATE_VALUE;
      } else {
        g_autofree char *got = scan_describe_char(&s, s.pos);
        ok = scan_error(&s, CT_TWIN_ERROR_PARSE, s.pos,
                        _("expected “:” after a member name, found %s"), got);
      }
      break;
    case STATE_COMMA_OR_CLOSE:
      if (c == ',') {
        s.pos++;
        if (s.stack[s.depth - 1] == '{')
          state = STATE_KEY;
        else {
          s.index[s.depth - 1]++;
          state = STATE_VALUE;
        }
      } else if (c == (s.stack[s.depth - 1] == '{' ? '}' : ']'))
        state = scan_close(&s);
      else {
        g_autofree char *got = scan_describe_char(&s, s.pos);
        ok = scan_error(&s, CT_TWIN_ERROR_PARSE, s.pos, _("expected “,” or “%c”, found %s"),
                        s.stack[s.depth - 1] == '{' ? '}' : ']', got);
      }
      break;
    case STATE_KEY_OR_CLOSE:
      if (c == '}')
        state = scan_close(&s);
      else if ((ok = scan_key(&s)))
        state = STATE_COLON;
      break;
    case STATE_KEY:
      if ((ok = scan_key(&s)))
        state = STATE_COLON;
      break;
    case STATE_VALUE_OR_CLOSE:
      if (c == ']')
        state = scan_close(&s);
      else
        ok = scan_value(&s, &state);
      break;
    case STATE_VALUE:
      if (c == '}' || c == ']' || c == ',') {
        g_autofree char *got = scan_describe_char(&s, s.pos);
        ok = scan_error(&s, CT_TWIN_ERROR_PARSE, s.pos,
                        _("expected a value, found %s (a comma too many?)"), got);
      } else
        ok = scan_value(&s, &state);
      break;
    default:
      g_assert_not_reached();
    }
  }

  for (i = 0; i < s.depth; i++) {
    g_clear_pointer(&s.keys[i], g_hash_table_unref);
    g_clear_pointer(&s.member[i], g_free);
  }
  return ok;
}

JsonNode *ct_json_parse_bytes(GBytes *bytes, gsize max_bytes, const char *what, GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *text;
  const char *end;
  gsize length;

  text = g_bytes_get_data(bytes, &length);
  if (length > max_bytes) {
    g_autofree char *size = g_format_size(length);
    g_autofree char *limit = g_format_size(max_bytes);

    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_TOO_LARGE,
                _("%s: the document is %s, more than the %s this kind of file may have"), what,
                size, limit);
    return NULL;
  }
  if (length == 0 || text == NULL) {
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_PARSE, _("%s: the file is empty"), what);
    return NULL;
  }
  /* A UTF-8 byte order mark is allowed and skipped (RFC 8259 §8.1). */
  if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
    text += 3;
    length -= 3;
  }
  if (!g_utf8_validate_len(text, length, &end)) {
    Scanner s = {.text = text, .length = length, .what = what, .error = error};

    if (*end == '\0')
      scan_error(&s, CT_TWIN_ERROR_PARSE, (gsize)(end - text),
                 _("the file holds a NUL byte; it is not a text file"));
    else
      scan_error(&s, CT_TWIN_ERROR_PARSE, (gsize)(end - text),
                 _("the file is not UTF-8 text (save it as UTF-8)"));
    return NULL;
  }
  if (!ct_json_check_text(text, length, what, error))
    return NULL;

  parser = json_parser_new();
  if (!json_parser_load_from_data(parser, text, (gssize)length, &local_error)) {
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_PARSE, _("%s: the file is not valid JSON: %s"),
                what, local_error->message);
    return NULL;
  }
  root = json_parser_steal_root(parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
    g_autofree char *got = root != NULL ? ct_json_describe(root) : g_strdup("nothing");

    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: the document is %s; it must be a JSON object { … }"), what, got);
    return NULL;
  }
  return g_steal_pointer(&root);
}

/* json-glib 1.6 (Debian 12's) writes a double with "%.17g" and appends ".0" when that has no
 * '.', after an exponent too: 1e-61 and 1e+21 come out as "1e-61.0" and "1e+21.0", which no JSON
 * reader takes (fuzz-scenario found a saved scenario that would not load). Outside strings a '.'
 * after an exponent is always that ".0": it is removed, in place. Letters outside strings are an
 * exponent only after a digit ("true" and "false" have an 'e' too). Later json-glib appends the
 * ".0" only to a text with neither a point nor an exponent, and this then changes nothing. A NaN
 * or an infinity (json-glib's "nan.0", "inf.0") is left as it is: no JSON can carry one, and no
 * writer here is given one. */
static void drop_fraction_after_exponent(GString *text)
{
  gboolean in_string = FALSE, escaped = FALSE, in_exponent = FALSE, dropping = FALSE;
  gsize kept = 0;

  for (gsize i = 0; i < text->len; i++) {
    char c = text->str[i];

    if (in_string) {
      if (escaped)
        escaped = FALSE;
      else if (c == '\\')
        escaped = TRUE;
      else if (c == '"')
        in_string = FALSE;
    } else if (dropping && g_ascii_isdigit(c)) {
      continue;
    } else {
      dropping = FALSE;
      if (c == '"') {
        in_string = TRUE;
        in_exponent = FALSE;
      } else if ((c == 'e' || c == 'E') && kept > 0 && g_ascii_isdigit(text->str[kept - 1])) {
        in_exponent = TRUE;
      } else if (in_exponent && c == '.') {
        dropping = TRUE;
        continue;
      } else if (!(in_exponent && (g_ascii_isdigit(c) || c == '+' || c == '-'))) {
        in_exponent = FALSE;
      }
    }
    text->str[kept++] = c;
  }
  g_string_truncate(text, kept);
}

static GString *generate(JsonNode *root, gboolean pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new();
  GString *text = g_string_new(NULL);

  json_generator_set_pretty(generator, pretty);
  json_generator_set_indent(generator, 2);
  json_generator_set_root(generator, root);
  json_generator_to_gstring(generator, text);
  drop_fraction_after_exponent(text);
  return text;
}

char *ct_json_to_text(JsonNode *root, gboolean pretty)
{
  return g_string_free(generate(root, pretty), FALSE);
}

GBytes *ct_json_to_bytes(JsonNode *root)
{
  GString *text = generate(root, TRUE);

  g_string_append_c(text, '\n');
  return g_string_free_to_bytes(text);
}

/* Integral values are written as integers ("70", not "70.0"); others with the 17 significant
 * digits json-glib uses, which read back to the same double. */
void ct_json_builder_add_number(JsonBuilder *builder, double value)
{
  /* 2^53: every integer up to it is exact in a double. */
  if (value == trunc(value) && fabs(value) <= 9007199254740992.0)
    json_builder_add_int_value(builder, (gint64)value);
  else
    json_builder_add_double_value(builder, value);
}

/* ------------------------------------------------------------------ format and members */

typedef struct {
  const char *family;
  const char *words;
} Kind;

static const Kind kinds[] = {
    {"cardiotwin", N_("a twin")},
    {"cardiotwin-scenario", N_("a scenario")},
    {"cardiotwin-drugs", N_("a drug library")},
    {"cardiotwin-measurements", N_("a measurement set")},
};

gboolean ct_json_check_format(JsonObject *root, const char *what, const char *expected,
                              GError **error)
{
  JsonNode *node = json_object_get_member(root, "format");
  const char *slash = strrchr(expected, '/');
  g_autofree char *family = g_strndup(expected, (gsize)(slash - expected));
  g_autofree char *quoted = NULL;
  const char *value;
  const char *value_slash;
  guint i;

  if (node == NULL) {
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: format is missing; this kind of file starts with "
                  "\"format\": \"%s\""),
                what, expected);
    return FALSE;
  }
  if (!node_is_string(node)) {
    g_autofree char *must = g_strdup_printf("“%s”", expected);
    return wrong_type(node, what, "format", must, error);
  }
  value = json_node_get_string(node);
  if (g_strcmp0(value, expected) == 0)
    return TRUE;

  quoted = ct_json_quote(value);
  value_slash = strrchr(value, '/');
  /* Another version of the same kind: "family/N", N a plain number. */
  if (value_slash != NULL && (gsize)(value_slash - value) == strlen(family) &&
      strncmp(value, family, strlen(family)) == 0 && value_slash[1] != '\0' &&
      strspn(value_slash + 1, "0123456789") == strlen(value_slash + 1)) {
    guint64 version = 0, readable = 0;

    /* A later version is the work of a newer CardioTwin, not a damaged file: the clinician is
     * told to update, and callers (the cache, the window) keep the document and say so. A number
     * too long to read is later than any this build knows. */
    if (!g_ascii_string_to_unsigned(slash + 1, 10, 0, G_MAXUINT64, &readable, NULL))
      readable = 0;
    if (!g_ascii_string_to_unsigned(value_slash + 1, 10, 0, G_MAXUINT64, &version, NULL) ||
        version > readable) {
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_NEWER_VERSION,
                  _("%s: format is %s, written by a newer CardioTwin (this version reads %s); "
                    "update CardioTwin to open it"),
                  what, quoted, expected);
      return FALSE;
    }
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_UNSUPPORTED_VERSION,
                _("%s: format is %s, a version this CardioTwin cannot read (it reads %s); "
                  "a newer CardioTwin may open it"),
                what, quoted, expected);
    return FALSE;
  }
  for (i = 0; i < G_N_ELEMENTS(kinds); i++) {
    gsize n = strlen(kinds[i].family);

    if (value_slash != NULL && (gsize)(value_slash - value) == n &&
        strncmp(value, kinds[i].family, n) == 0) {
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                  _("%s: format is %s: this file is %s, not what was asked for (%s)"), what, quoted,
                  _(kinds[i].words), expected);
      return FALSE;
    }
  }
  g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID, _("%s: format is %s; it must be “%s”"),
              what, quoted, expected);
  return FALSE;
}

/* Levenshtein distance, for "did you mean" (names are short: the quadratic cost is nothing). */
static guint edit_distance(const char *a, const char *b)
{
  gsize la = strlen(a), lb = strlen(b);
  g_autofree guint *row = NULL;
  gsize i, j;

  if (la > 64 || lb > 64)
    return G_MAXUINT;
  row = g_new(guint, lb + 1);
  for (j = 0; j <= lb; j++)
    row[j] = (guint)j;
  for (i = 1; i <= la; i++) {
    guint diagonal = row[0];

    row[0] = (guint)i;
    for (j = 1; j <= lb; j++) {
      guint above = row[j];
      guint cost = a[i - 1] == b[j - 1] ? 0 : 1;

      row[j] = MIN(MIN(row[j] + 1, row[j - 1] + 1), diagonal + cost);
      diagonal = above;
    }
  }
  return row[lb];
}

static const char *closest(const char *name, const char *const *choices)
{
  const char *best = NULL;
  guint best_distance = 3; /* at most two typos away */
  guint i;

  for (i = 0; choices[i] != NULL; i++) {
    guint d = g_ascii_strcasecmp(name, choices[i]) == 0 ? 0 : edit_distance(name, choices[i]);

    /* A name without its unit suffix ("la_diameter" for "la_diameter_mm") is close too. */
    if (strlen(name) >= 4 && g_str_has_prefix(choices[i], name) && choices[i][strlen(name)] == '_')
      d = MIN(d, 1);

    if (d < best_distance) {
      best = choices[i];
      best_distance = d;
    }
  }
  return best;
}

/* The error for a member that @allowed does not name, with a "did you mean" when one is close. */
gboolean ct_json_unknown_member(const char *what, const char *path, const char *name,
                                const char *const *allowed, GError **error)
{
  g_autofree char *quoted = ct_json_quote(name);
  g_autofree char *where =
      path == NULL || path[0] == '\0' ? g_strdup(_("the document")) : g_strdup(path);
  const char *suggestion = closest(name, allowed);

  if (suggestion != NULL)
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: %s has an unknown member %s; did you mean “%s”?"), what, where, quoted,
                suggestion);
  else if (g_strv_length((char **)allowed) <= MAX_LISTED_NAMES) {
    g_autofree char *list = g_strjoinv(", ", (char **)allowed);
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: %s has an unknown member %s; its members can be: %s"), what, where, quoted,
                list);
  } else
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: %s has an unknown member %s; its members are names such as %s, %s or %s"),
                what, where, quoted, allowed[0], allowed[1], allowed[2]);
  return FALSE;
}

gboolean ct_json_check_members(JsonObject *object, const char *what, const char *path,
                               const char *const *allowed, GError **error)
{
  g_autoptr(GList) members = json_object_get_members(object);
  GList *l;

  for (l = members; l != NULL; l = l->next)
    if (!g_strv_contains(allowed, l->data))
      return ct_json_unknown_member(what, path, l->data, allowed, error);
  return TRUE;
}

/* ------------------------------------------------------------------ typed values */

static char *format_range(const CtJsonRange *range)
{
  const char *unit = range->unit != NULL ? range->unit : "";
  const char *space = range->unit != NULL ? " " : "";

  if (range->must_be != NULL)
    return g_strdup(_(range->must_be));
  if (range->max >= G_MAXDOUBLE)
    return g_strdup_printf(_("at least %g%s%s"), range->min, space, unit);
  return g_strdup_printf(_("from %g to %g%s%s"), range->min, range->max, space, unit);
}

/* A refused value as the user wrote it, to the digits that tell it from the bound: %g's six
 * significant digits showed 20.000000000000004 as 20, "20; it must be from 0 to 20". The fewest
 * digits (6 to 17) that read back as the same double, in the user's locale. */
static char *format_refused_value(double value)
{
  int precision = 6;

  for (; precision < 17; precision++) {
    char buffer[G_ASCII_DTOSTR_BUF_SIZE];
    char format[8];

    g_snprintf(format, sizeof format, "%%.%dg", precision);
    if (g_ascii_strtod(g_ascii_formatd(buffer, sizeof buffer, format, value), NULL) == value)
      break;
  }
  return g_strdup_printf("%.*g", precision, value);
}

gboolean ct_json_node_number(JsonNode *node, const char *what, const char *field,
                             const CtJsonRange *range, double *out, GError **error)
{
  double value;

  if (!node_is_number(node)) {
    if (node_is_string(node))
      return wrong_type(node, what, field, _("a number, written without quotes"), error);
    return wrong_type(node, what, field, _("a number"), error);
  }
  value = json_node_get_double(node);
  /* The scanner refused infinities already; this guards documents built in memory. */
  if (!isfinite(value) || value < range->min || value > range->max) {
    g_autofree char *allowed = format_range(range);
    g_autofree char *shown = format_refused_value(value);

    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID, _("%s: %s is %s%s%s; it must be %s"),
                what, field, shown, range->unit != NULL ? " " : "",
                range->unit != NULL ? range->unit : "", allowed);
    return FALSE;
  }
  *out = value;
  return TRUE;
}

gboolean ct_json_node_integer(JsonNode *node, const char *what, const char *field,
                              const CtJsonRange *range, int *out, GError **error)
{
  double value;

  if (!ct_json_node_number(node, what, field, range, &value, error))
    return FALSE;
  if (value != trunc(value)) {
    g_autofree char *allowed = format_range(range);

    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: %s is %g; it must be a whole number, %s"), what, field, value, allowed);
    return FALSE;
  }
  /* Ranges of integers are far inside int; the range check above bounds the cast. */
  *out = (int)value;
  return TRUE;
}

/* Texts are printable characters, no longer than max_chars; only multiline texts (descriptions)
 * may hold line breaks and tabs. */
static gboolean check_text(const char *text, const char *what, const char *field, gsize max_chars,
                           gboolean multiline, GError **error)
{
  const char *p;

  if (g_utf8_strlen(text, -1) > (glong)max_chars) {
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: %s is longer than %zu characters"), what, field, (size_t)max_chars);
    return FALSE;
  }
  for (p = text; *p != '\0'; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);

    /* Invisible characters that change how the rest of a line is shown or read, never needed in
     * a pseudonym, a name or a note: the bidirectional embeddings, overrides and isolates (a
     * right-to-left override turned the rest of the terminal's line around), the zero-width
     * space and the byte order mark inside a text, and Unicode's noncharacters. (Joiners, which
     * some scripts and emoji need, and the directional marks stay.) */
    if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200B ||
        c == 0xFEFF || (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE) {
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                  _("%s: %s holds the invisible character U+%04X, which changes how the text is "
                    "shown; write it without"),
                  what, field, (unsigned)c);
      return FALSE;
    }
    /* A line break written on Windows (CR LF) is a line break too. */
    if (multiline && (c == '\n' || c == '\t' || (c == '\r' && p[1] == '\n')))
      continue;
    if (g_unichar_iscntrl(c) || c == 0x2028 || c == 0x2029) {
      if (multiline)
        g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                    _("%s: %s holds the control character U+%04X; only line breaks and tabs "
                      "may stand in it besides printable text"),
                    what, field, (unsigned)c);
      else
        g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                    _("%s: %s holds a control character (such as a line break or tab); "
                      "it must be one line of text"),
                    what, field);
      return FALSE;
    }
  }
  return TRUE;
}

gboolean ct_json_node_string(JsonNode *node, const char *what, const char *field, gsize max_chars,
                             gboolean multiline, const char **out, GError **error)
{
  const char *text;

  if (!node_is_string(node))
    return wrong_type(node, what, field, _("a text in double quotes"), error);
  text = json_node_get_string(node);
  if (!check_text(text, what, field, max_chars, multiline, error))
    return FALSE;
  *out = text;
  return TRUE;
}

gboolean ct_json_node_object(JsonNode *node, const char *what, const char *field, JsonObject **out,
                             GError **error)
{
  if (!JSON_NODE_HOLDS_OBJECT(node))
    return wrong_type(node, what, field, _("an object { … }"), error);
  *out = json_node_get_object(node);
  return TRUE;
}

/* The member, or NULL (and FALSE with error when it is required). */
static gboolean get_member(JsonObject *object, const char *what, const char *field,
                           const char *member, gboolean required, JsonNode **out, GError **error)
{
  *out = json_object_get_member(object, member);
  if (*out == NULL && required)
    return missing(what, field, error);
  return TRUE;
}

gboolean ct_json_get_object(JsonObject *object, const char *what, const char *path,
                            const char *member, gboolean required, JsonObject **out, GError **error)
{
  g_autofree char *field = ct_json_path(path, member);
  JsonNode *node;

  *out = NULL;
  if (!get_member(object, what, field, member, required, &node, error))
    return FALSE;
  return node == NULL || ct_json_node_object(node, what, field, out, error);
}

gboolean ct_json_get_array(JsonObject *object, const char *what, const char *path,
                           const char *member, gboolean required, guint max_length, JsonArray **out,
                           GError **error)
{
  g_autofree char *field = ct_json_path(path, member);
  JsonNode *node;

  *out = NULL;
  if (!get_member(object, what, field, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY(node))
    return wrong_type(node, what, field, _("a list [ … ]"), error);
  if (json_array_get_length(json_node_get_array(node)) > max_length) {
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: %s has %u entries; it may have at most %u"), what, field,
                json_array_get_length(json_node_get_array(node)), max_length);
    return FALSE;
  }
  *out = json_node_get_array(node);
  return TRUE;
}

static gboolean is_blank(const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char(p))
    if (!g_unichar_isspace(g_utf8_get_char(p)))
      return FALSE;
  return TRUE;
}

gboolean ct_json_get_string(JsonObject *object, const char *what, const char *path,
                            const char *member, gboolean required, gsize max_chars,
                            gboolean multiline, const char **out, GError **error)
{
  g_autofree char *field = ct_json_path(path, member);
  JsonNode *node;

  *out = NULL;
  if (!get_member(object, what, field, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!ct_json_node_string(node, what, field, max_chars, multiline, out, error))
    return FALSE;
  /* Spaces alone name nothing. */
  if (required && is_blank(*out)) {
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID, _("%s: %s is empty; it is required"),
                what, field);
    return FALSE;
  }
  return TRUE;
}

gboolean ct_json_get_choice(JsonObject *object, const char *what, const char *path,
                            const char *member, gboolean required, const char *const *choices,
                            int *out, gboolean *present, GError **error)
{
  g_autofree char *field = ct_json_path(path, member);
  g_autofree char *quoted = NULL;
  g_autofree char *list = NULL;
  const char *suggestion;
  const char *text;
  JsonNode *node;
  int i;

  if (present != NULL)
    *present = FALSE;
  if (!get_member(object, what, field, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!node_is_string(node)) {
    g_autofree char *expected = NULL;

    list = g_strjoinv(", ", (char **)choices);
    expected = g_strdup_printf(_("one of %s (in double quotes)"), list);
    return wrong_type(node, what, field, expected, error);
  }
  text = json_node_get_string(node);
  for (i = 0; choices[i] != NULL; i++)
    if (strcmp(text, choices[i]) == 0) {
      *out = i;
      if (present != NULL)
        *present = TRUE;
      return TRUE;
    }

  quoted = ct_json_quote(text);
  list = g_strjoinv(", ", (char **)choices);
  for (i = 0; choices[i] != NULL; i++)
    if (g_ascii_strcasecmp(text, choices[i]) == 0) {
      g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                  _("%s: %s is %s; write it exactly “%s” (one of %s)"), what, field, quoted,
                  choices[i], list);
      return FALSE;
    }
  suggestion = closest(text, choices);
  if (suggestion != NULL)
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: %s is %s; did you mean “%s”? (it must be one of %s)"), what, field, quoted,
                suggestion, list);
  else
    g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
                _("%s: %s is %s; it must be one of %s"), what, field, quoted, list);
  return FALSE;
}

gboolean ct_json_get_number(JsonObject *object, const char *what, const char *path,
                            const char *member, gboolean required, const CtJsonRange *range,
                            double *out, gboolean *present, GError **error)
{
  g_autofree char *field = ct_json_path(path, member);
  JsonNode *node;

  if (present != NULL)
    *present = FALSE;
  if (!get_member(object, what, field, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!ct_json_node_number(node, what, field, range, out, error))
    return FALSE;
  if (present != NULL)
    *present = TRUE;
  return TRUE;
}

gboolean ct_json_get_integer(JsonObject *object, const char *what, const char *path,
                             const char *member, gboolean required, const CtJsonRange *range,
                             int *out, gboolean *present, GError **error)
{
  g_autofree char *field = ct_json_path(path, member);
  JsonNode *node;

  if (present != NULL)
    *present = FALSE;
  if (!get_member(object, what, field, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!ct_json_node_integer(node, what, field, range, out, error))
    return FALSE;
  if (present != NULL)
    *present = TRUE;
  return TRUE;
}

gboolean ct_json_get_boolean(JsonObject *object, const char *what, const char *path,
                             const char *member, gboolean required, gboolean *out,
                             gboolean *present, GError **error)
{
  g_autofree char *field = ct_json_path(path, member);
  JsonNode *node;

  if (present != NULL)
    *present = FALSE;
  if (!get_member(object, what, field, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!node_is_boolean(node))
    return wrong_type(node, what, field, _("true or false (without quotes)"), error);
  *out = json_node_get_boolean(node);
  if (present != NULL)
    *present = TRUE;
  return TRUE;
}

/* An ISO 8601 calendar date (2024-03-01) or date and time with its offset
 * (2024-03-01T09:30:00Z, 2024-03-01T09:30:00+01:00). */
GDateTime *ct_json_parse_date(const char *text)
{
  gsize length = strlen(text);
  gboolean digits = length >= 10;

  for (int i = 0; i < 10 && digits; i++)
    digits = (i == 4 || i == 7) ? text[i] == '-' : g_ascii_isdigit(text[i]);
  if (digits && length == 10) {
    guint year = (guint)g_ascii_strtoull(text, NULL, 10);
    guint month = (guint)g_ascii_strtoull(text + 5, NULL, 10);
    guint day = (guint)g_ascii_strtoull(text + 8, NULL, 10);

    if (year >= 1 && g_date_valid_dmy((GDateDay)day, (GDateMonth)month, (GDateYear)year))
      return g_date_time_new_utc((gint)year, (gint)month, (gint)day, 0, 0, 0.0);
  } else if (digits && text[10] == 'T') {
    /* No default time zone: a time without its offset is ambiguous, and is refused. */
    g_autoptr(GDateTime) when = g_date_time_new_from_iso8601(text, NULL);

    /* Kept in its own offset: comparisons are of instants, and the same instant in UTC may
     * fall outside the calendar GLib keeps (an offset time on 0001-01-01 or 9999-12-31). */
    if (when != NULL)
      return g_steal_pointer(&when);
  }
  return NULL;
}

gboolean ct_json_check_date(const char *text, const char *what, const char *field, GError **error)
{
  g_autoptr(GDateTime) when = ct_json_parse_date(text);
  g_autofree char *quoted = NULL;

  if (when != NULL)
    return TRUE;
  quoted = ct_json_quote(text);
  g_set_error(error, CT_TWIN_ERROR, CT_TWIN_ERROR_INVALID,
              _("%s: %s is %s; it must be an ISO 8601 date such as 2024-03-01, or a date and time "
                "with its offset such as 2024-03-01T09:30:00Z"),
              what, field, quoted);
  return FALSE;
}

/* ct-mesh-import.c — patient meshes through assimp's C API (see ct-mesh-import.h).
 *
 * The steps, each a function below: check the file before reading it; parse it without
 * post-processing and refuse NaN or infinite coordinates (assimp's vertex joining and degenerate
 * search would otherwise fold them away silently); post-process (triangulate, join identical
 * vertices, smooth normals where the file has none, turn collapsed faces into lines that we drop
 * and count); flatten the node tree with its transforms; label parts from names; choose the unit;
 * find the LV's frame (PCA) and move everything into the heart frame; give the LV its AHA segments
 * and every chamber its wall depths; measure the chambers' reference volumes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-mesh-import.h"

#include <assimp/cfileio.h>
#include <assimp/cimport.h>
#include <assimp/postprocess.h>
#include <assimp/scene.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ct-heart-mesh.h"

G_DEFINE_QUARK(ct - mesh - import - error - quark, ct_mesh_import_error)

#define PI 3.14159265358979323846

/* Wall thicknesses for a chamber whose myocardium is not a closed surface in the file (its wall
 * volume = endocardial area x thickness), as the parametric heart uses them: LV 9 mm (IVSd and
 * PWd 6-10 mm, Lang et al. 2015, JASE 28:1, table 2), RV free wall 4 mm (normal < 5 mm, Lang 2015,
 * section II.2), atria 2 mm (Ho et al. 2012, Circ Arrhythm Electrophysiol 5:220: 1.5-4.8 mm). */
#define LV_WALL_MM     9.0
#define RV_WALL_MM     4.0
#define ATRIAL_WALL_MM 2.0

/* Share of a volume change taken by long-axis shortening, as in ct-heart-mesh.c (LV 0.2 from MAPSE,
 * RV 0.5 from TAPSE, Lang 2015; atria 0). */
static const float long_axis_share[CT_CHAMBER_COUNT] = {0.2f, 0.5f, 0.0f, 0.0f};

/* The LV's ends are compared over this share of its length at each end (the narrow one is the
 * apex). */
#define END_SLAB_SHARE 0.15
/* An endocardium whose only opening lies within this share of the LV length below the base is
 * closed by the base plane (the mitral and aortic orifices); any other opening makes it open. */
#define BASE_OPENING_SHARE 0.15
/* A chamber part with fewer vertices facing its centre than this share is one surface (a blood
 * pool, or a thin atrium as ct-heart-mesh.c draws it): all of it is endocardium. */
#define SINGLE_SURFACE_SHARE 0.1

/* assimp's C API keeps its last error in a global and its logger is global: one import at a
 * time. */
static GMutex assimp_lock;

/* ---- small vector helpers --------------------------------------------------------------- */

static double v_dot(const double a[3], const double b[3])
{
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

static void v_cross(double o[3], const double a[3], const double b[3])
{
  double x = a[1] * b[2] - a[2] * b[1];
  double y = a[2] * b[0] - a[0] * b[2];
  double z = a[0] * b[1] - a[1] * b[0];

  o[0] = x;
  o[1] = y;
  o[2] = z;
}

static double v_normalize(double a[3])
{
  double n = sqrt(v_dot(a, a));

  if (n > 1e-300) {
    a[0] /= n;
    a[1] /= n;
    a[2] /= n;
  }
  return n;
}

/* Eigen-decomposition of a symmetric 3x3 matrix by cyclic Jacobi rotations (Press et al.,
 * Numerical Recipes 3rd ed., 2007, section 11.1): @vectors holds the eigenvectors as columns. */
static void eigen_symmetric3(const double m[3][3], double values[3], double vectors[3][3])
{
  double a[3][3];

  memcpy(a, m, sizeof a);
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      vectors[i][j] = i == j ? 1.0 : 0.0;
  for (int sweep = 0; sweep < 64; sweep++) {
    double off = a[0][1] * a[0][1] + a[0][2] * a[0][2] + a[1][2] * a[1][2];
    double diag = a[0][0] * a[0][0] + a[1][1] * a[1][1] + a[2][2] * a[2][2];

    if (off <= 1e-30 * diag || off < 1e-300)
      break;
    for (int p = 0; p < 2; p++) {
      for (int q = p + 1; q < 3; q++) {
        double theta, t, c, s;

        if (fabs(a[p][q]) < 1e-300)
          continue;
        theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
        t = (theta >= 0.0 ? 1.0 : -1.0) / (fabs(theta) + sqrt(theta * theta + 1.0));
        c = 1.0 / sqrt(t * t + 1.0);
        s = t * c;
        for (int k = 0; k < 3; k++) {
          double akp = a[k][p], akq = a[k][q];

          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < 3; k++) {
          double apk = a[p][k], aqk = a[q][k];

          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (int k = 0; k < 3; k++) {
          double vkp = vectors[k][p], vkq = vectors[k][q];

          vectors[k][p] = c * vkp - s * vkq;
          vectors[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  for (int i = 0; i < 3; i++)
    values[i] = a[i][i];
}

/* ---- the file, before it is read ---------------------------------------------------------- */

static gboolean supported_extension(const char *path)
{
  static const char *const extensions[] = {"gltf", "glb", "stl", "obj", "ply"};
  g_autofree char *base = g_path_get_basename(path);
  const char *dot = strrchr(base, '.');

  if (dot == NULL)
    return FALSE;
  for (size_t i = 0; i < G_N_ELEMENTS(extensions); i++)
    if (g_ascii_strcasecmp(dot + 1, extensions[i]) == 0)
      return TRUE;
  return FALSE;
}

/* The first bytes of a file, read to check its format before assimp parses it: a PLY header is a
 * few hundred bytes; 64 KiB leaves room for long comments. */
#define HEAD_BYTES 65536

/* What a file and bytes in memory are both checked for: @path_or_name's extension, and @size. */
static gboolean check_contents(const char *path_or_name, const char *name, guint64 size,
                               GError **error)
{
  if (!supported_extension(path_or_name)) {
    g_set_error(error, CT_MESH_IMPORT_ERROR, CT_MESH_IMPORT_ERROR_UNSUPPORTED,
                _("“%s” is not in a mesh format CardioTwin reads: export it as glTF 2.0 (.gltf, "
                  ".glb), OBJ or STL, with the left ventricle’s part named “LV”."),
                name);
    return FALSE;
  }
  if (size > (guint64)CT_MESH_IMPORT_MAX_FILE_BYTES) {
    g_autofree char *shown = g_format_size_full(size, G_FORMAT_SIZE_IEC_UNITS);
    g_autofree char *limit =
        g_format_size_full((guint64)CT_MESH_IMPORT_MAX_FILE_BYTES, G_FORMAT_SIZE_IEC_UNITS);

    g_set_error(error, CT_MESH_IMPORT_ERROR, CT_MESH_IMPORT_ERROR_TOO_LARGE,
                _("The mesh file “%s” is %s, more than the %s a patient mesh may be: decimate "
                  "it (in 3D Slicer or MeshLab, for example) and import it again."),
                name, shown, limit);
    return FALSE;
  }
  if (size == 0) {
    g_set_error(error, CT_MESH_IMPORT_ERROR, CT_MESH_IMPORT_ERROR_INVALID,
                _("The mesh file “%s” is empty."), name);
    return FALSE;
  }
  return TRUE;
}

static gboolean check_file(const char *path, const char *name, guint64 *size, GError **error)
{
  GStatBuf st;

  if (g_stat(path, &st) != 0) {
    int saved = errno;

    g_set_error(error, CT_MESH_IMPORT_ERROR, CT_MESH_IMPORT_ERROR_NOT_FOUND,
                _("The mesh file “%s” cannot be opened: %s."), name, g_strerror(saved));
    return FALSE;
  }
  if (!S_ISREG(st.st_mode)) {
    g_set_error(error, CT_MESH_IMPORT_ERROR, CT_MESH_IMPORT_ERROR_NOT_FOUND,
                _("“%s” is not a mesh file but a folder or a device."), name);
    return FALSE;
  }
  *size = st.st_size < 0 ? 0 : (guint64)st.st_size;
  return check_contents(path, name, *size, error);
}

/* ---- bytes in memory: an assimp file system that holds one file ---------------------------- */

/* assimp's own memory import (aiImportFileFromMemory) opens any other name the file refers to
 * (a .gltf's buffers, an .obj's materials) on the real file system, relative to the current
 * folder: bytes that came from elsewhere could make it read /dev/stdin or a user's files. This
 * file system holds @name only and refuses everything else. */
typedef struct {
  struct aiFileIO io; /* first: assimp's callbacks get this pointer */
  const char *name;
  const guint8 *data;
  size_t size;
} MemoryFs;

typedef struct {
  struct aiFile file; /* first, likewise */
  const MemoryFs *fs;
  size_t offset;
} MemoryFile;

static size_t memory_read(struct aiFile *file, char *buffer, size_t size, size_t count)
{
  MemoryFile *f = (MemoryFile *)file;
  size_t n;

  if (size == 0)
    return 0;
  /* Whole items only, as fread() counts them. */
  n = MIN(count, (f->fs->size - f->offset) / size);
  if (n > 0)
    memcpy(buffer, f->fs->data + f->offset, n * size);
  f->offset += n * size;
  return n;
}

static size_t memory_write(struct aiFile *file, const char *buffer, size_t size, size_t count)
{
  return 0;
}

static size_t memory_tell(struct aiFile *file)
{
  return ((MemoryFile *)file)->offset;
}

static size_t memory_size(struct aiFile *file)
{
  return ((MemoryFile *)file)->fs->size;
}

/* As assimp's MemoryIOStream::Seek: a position past the end fails and leaves the offset. */
static enum aiReturn memory_seek(struct aiFile *file, size_t offset, enum aiOrigin origin)
{
  MemoryFile *f = (MemoryFile *)file;
  size_t size = f->fs->size;

  if (origin == aiOrigin_SET && offset <= size)
    f->offset = offset;
  else if (origin == aiOrigin_END && offset <= size)
    f->offset = size - offset;
  else if (origin == aiOrigin_CUR && offset <= size - f->offset)
    f->offset += offset;
  else
    return aiReturn_FAILURE;
  return aiReturn_SUCCESS;
}

static void memory_flush(struct aiFile *file)
{
}

static struct aiFile *memory_open(struct aiFileIO *io, const char *name, const char *mode)
{
  const MemoryFs *fs = (const MemoryFs *)io;
  MemoryFile *f;

  if (name == NULL || mode == NULL || strcmp(name, fs->name) != 0 || strchr(mode, 'r') == NULL ||
      strpbrk(mode, "wa+") != NULL)
    return NULL;
  f = g_new0(MemoryFile, 1);
  f->file.ReadProc = memory_read;
  f->file.WriteProc = memory_write;
  f->file.TellProc = memory_tell;
  f->file.FileSizeProc = memory_size;
  f->file.SeekProc = memory_seek;
  f->file.FlushProc = memory_flush;
  f->fs = fs;
  return &f->file;
}

static void memory_close(struct aiFileIO *io, struct aiFile *file)
{
  g_free(file);
}

static void memory_fs_init(MemoryFs *fs, const char *name, GBytes *bytes)
{
  gsize size = 0;

  memset(fs, 0, sizeof *fs);
  fs->io.OpenProc = memory_open;
  fs->io.CloseProc = memory_close;
  fs->name = name;
  fs->data = g_bytes_get_data(bytes, &size);
  fs->size = size;
}

/* ---- part names --------------------------------------------------------------------------- */

typedef struct {
  int part; /* CtPart, or CT_PART_UNLABELLED */
  gboolean cavity;
} Label;

/* In priority order (see ct-mesh-import.h): valves, then the vessels that share words with them,
 * then the chambers. */
static const struct {
  const char *phrase;
  int part;
} part_names[] = {
    {"mitral", CT_PART_MITRAL_VALVE},
    {"tricuspid", CT_PART_TRICUSPID_VALVE},
    {"aortic valve", CT_PART_AORTIC_VALVE},
    {"pulmonary valve", CT_PART_PULMONARY_VALVE},
    {"pulmonic", CT_PART_PULMONARY_VALVE},
    {"pulmonary vein", CT_PART_PULMONARY_VEINS},
    {"pulmonary veins", CT_PART_PULMONARY_VEINS},
    {"pv", CT_PART_PULMONARY_VEINS},
    {"lspv", CT_PART_PULMONARY_VEINS},
    {"lipv", CT_PART_PULMONARY_VEINS},
    {"rspv", CT_PART_PULMONARY_VEINS},
    {"ripv", CT_PART_PULMONARY_VEINS},
    {"pulmonary artery", CT_PART_PULMONARY_ARTERY},
    {"pulmonary trunk", CT_PART_PULMONARY_ARTERY},
    {"pa", CT_PART_PULMONARY_ARTERY},
    {"vena cava", CT_PART_VENA_CAVA},
    {"cava", CT_PART_VENA_CAVA},
    {"svc", CT_PART_VENA_CAVA},
    {"ivc", CT_PART_VENA_CAVA},
    {"coronary", CT_PART_CORONARY},
    {"lad", CT_PART_CORONARY},
    {"lcx", CT_PART_CORONARY},
    {"rca", CT_PART_CORONARY},
    {"aorta", CT_PART_AORTA},
    {"aortic", CT_PART_AORTA},
    {"ao", CT_PART_AORTA},
    {"rv", CT_PART_RV},
    {"right ventricle", CT_PART_RV},
    {"right ventricular", CT_PART_RV},
    {"la", CT_PART_LA},
    {"laa", CT_PART_LA},
    {"left atrium", CT_PART_LA},
    {"left atrial", CT_PART_LA},
    {"ra", CT_PART_RA},
    {"raa", CT_PART_RA},
    {"right atrium", CT_PART_RA},
    {"right atrial", CT_PART_RA},
    {"lv", CT_PART_LV},
    {"lvm", CT_PART_LV},
    {"left ventricle", CT_PART_LV},
    {"left ventricular", CT_PART_LV},
    {"myocardium", CT_PART_LV},
    {"myo", CT_PART_LV},
};

static const char *const cavity_words[] = {"blood", "pool", "bloodpool", "cavity", "lumen"};

/* The name's words, lower case: split at anything but letters and digits, between a lower-case
 * letter and a capital ("LeftVentricle"), and between letters and digits ("lv001"). */
static char **name_words(const char *name)
{
  g_autoptr(GString) s = g_string_new(NULL);
  char prev = 0;

  for (const char *c = name; *c != '\0'; c++) {
    char ch = *c;
    gboolean boundary = !g_ascii_isalnum(ch) || (g_ascii_isupper(ch) && g_ascii_islower(prev)) ||
                        (g_ascii_isalnum(prev) && g_ascii_isdigit(ch) != g_ascii_isdigit(prev));

    if (boundary && s->len > 0 && s->str[s->len - 1] != ' ')
      g_string_append_c(s, ' ');
    if (g_ascii_isalnum(ch))
      g_string_append_c(s, g_ascii_tolower(ch));
    prev = ch;
  }
  if (s->len > 0 && s->str[s->len - 1] == ' ')
    g_string_truncate(s, s->len - 1);
  return g_strsplit(s->str, " ", -1);
}

static gboolean has_phrase(char **words, const char *phrase)
{
  g_auto(GStrv) p = g_strsplit(phrase, " ", -1);
  guint np = g_strv_length(p);

  for (guint i = 0; words[i] != NULL; i++) {
    guint k = 0;

    while (k < np && words[i + k] != NULL && strcmp(words[i + k], p[k]) == 0)
      k++;
    if (k == np)
      return TRUE;
  }
  return FALSE;
}

static gboolean label_from_name(const char *name, Label *label)
{
  g_auto(GStrv) words = NULL;

  if (name == NULL || *name == '\0')
    return FALSE;
  words = name_words(name);
  for (size_t i = 0; i < G_N_ELEMENTS(part_names); i++) {
    if (has_phrase(words, part_names[i].phrase)) {
      label->part = part_names[i].part;
      label->cavity = FALSE;
      if (label->part <= CT_PART_RA)
        for (size_t k = 0; k < G_N_ELEMENTS(cavity_words); k++)
          if (g_strv_contains((const char *const *)words, cavity_words[k]))
            label->cavity = TRUE;
      return TRUE;
    }
  }
  return FALSE;
}

/* ---- the scene, flattened ----------------------------------------------------------------- */

/* The geometry in the file's coordinates (its units, after the node transforms), double
 * precision until it is in the heart frame. */
typedef struct {
  double *pos, *nrm; /* 3 per vertex */
  uint8_t *part, *cavity;
  size_t nv;
  uint32_t *idx;
  size_t ni;
  size_t n_degenerate;
  /* Counted by the first walk, filled by the second. */
  size_t count_v, count_t;
} Work;

static void work_clear(Work *w)
{
  g_free(w->pos);
  g_free(w->nrm);
  g_free(w->part);
  g_free(w->cavity);
  g_free(w->idx);
  memset(w, 0, sizeof *w);
}

typedef struct {
  const struct aiScene *scene;
  Work *w;
  gboolean fill;
  const char *name; /* the file's, for messages */
  GError **error;
} Walk;

static void mat4_from_ai(const struct aiMatrix4x4 *a, double m[4][4])
{
  const double r[4][4] = {{a->a1, a->a2, a->a3, a->a4},
                          {a->b1, a->b2, a->b3, a->b4},
                          {a->c1, a->c2, a->c3, a->c4},
                          {a->d1, a->d2, a->d3, a->d4}};

  memcpy(m, r, sizeof r);
}

static void mat4_mul(double o[4][4], const double a[4][4], const double b[4][4])
{
  double r[4][4];

  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 4; j++)
      r[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j] + a[i][3] * b[3][j];
  memcpy(o, r, sizeof r);
}

static gboolean add_mesh(Walk *k, const struct aiMesh *mesh, const double m[4][4],
                         const Label *label)
{
  Work *w = k->w;
  double cof[3][3], det;
  size_t base = w->nv, n_tri = 0;

  for (unsigned f = 0; f < mesh->mNumFaces; f++)
    n_tri += mesh->mFaces[f].mNumIndices == 3 ? 1 : 0;
  if (n_tri == 0 || mesh->mVertices == NULL)
    return TRUE; /* points or lines only: nothing to draw */
  if (!k->fill) {
    w->count_v += mesh->mNumVertices;
    w->count_t += n_tri;
    w->n_degenerate += mesh->mNumFaces - n_tri; /* collapsed by the triangulation */
    return TRUE;
  }
  /* Normals go through the cofactor matrix (det(M) M^-T): the inverse transpose up to scale. */
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) {
      int i1 = (i + 1) % 3, i2 = (i + 2) % 3, j1 = (j + 1) % 3, j2 = (j + 2) % 3;

      cof[i][j] = m[i1][j1] * m[i2][j2] - m[i1][j2] * m[i2][j1];
    }
  det = m[0][0] * cof[0][0] + m[0][1] * cof[0][1] + m[0][2] * cof[0][2];
  for (unsigned v = 0; v < mesh->mNumVertices; v++) {
    const struct aiVector3D *p = &mesh->mVertices[v];
    const double q[3] = {p->x, p->y, p->z};
    double *o = &w->pos[3 * (base + v)], *n = &w->nrm[3 * (base + v)];

    for (int i = 0; i < 3; i++) {
      o[i] = m[i][0] * q[0] + m[i][1] * q[1] + m[i][2] * q[2] + m[i][3];
      if (!isfinite(o[i])) {
        g_set_error(k->error, CT_MESH_IMPORT_ERROR, CT_MESH_IMPORT_ERROR_INVALID,
                    _("The mesh file “%s” places vertices at infinity (a node’s transform "
                      "overflows)."),
                    k->name);
        return FALSE;
      }
    }
    if (mesh->mNormals != NULL) {
      const struct aiVector3D *a = &mesh->mNormals[v];
      const double nn[3] = {a->x, a->y, a->z};

      for (int i = 0; i < 3; i++)
        n[i] =
            (det < 0.0 ? -1.0 : 1.0) * (cof[i][0] * nn[0] + cof[i][1] * nn[1] + cof[i][2] * nn[2]);
    } else {
      n[0] = n[1] = n[2] = 0.0; /* from the faces, later */
    }
    w->part[base + v] = (uint8_t)label->part;
    w->cavity[base + v] = label->cavity ? 1 : 0;
  }
  w->nv += mesh->mNumVertices;
  for (unsigned f = 0; f < mesh->mNumFaces; f++) {
    const struct aiFace *face = &mesh->mFaces[f];
    uint32_t t[3];

    if (face->mNumIndices != 3)
      continue;
    for (int i = 0; i < 3; i++) {
      if (face->mIndices[i] >= mesh->mNumVertices) {
        g_set_error(k->error, CT_MESH_IMPORT_ERROR, CT_MESH_IMPORT_ERROR_INVALID,
                    _("The mesh file “%s” is damaged: a face refers to a vertex that does not "
                      "exist."),
                    k->name);
        return FALSE;
      }
      t[i] = (uint32_t)(base + face->mIndices[i]);
    }
    /* A mirroring node transform turns the winding over: turn it back. */
    w->idx[w->ni++] = t[0];
    w->idx[w->ni++] = det < 0.0 ? t[2] : t[1];
    w->idx[w->ni++] = det < 0.0 ? t[1] : t[2];
  }
  return TRUE;
}

/* A node's meshes take the first label found among: the node's name, the mesh's name, the nearest
 * labelled ancestor's (the root's name excepted: importers name it after the file). */
static gboolean walk_node(Walk *k, const struct aiNode *node, const double parent[4][4],
                          const Label *inherited, int depth)
{
  double local[4][4], m[4][4];
  Label own;
  gboolean has_own;

  if (depth > 256) {
    g_set_error(k->error, CT_MESH_IMPORT_ERROR, CT_MESH_IMPORT_ERROR_INVALID,
                _("The mesh file “%s” nests its parts more than 256 levels deep."), k->name);
    return FALSE;
  }
  mat4_from_ai(&node->mTransformation, local);
  mat4_mul(m, parent, local);
  has_own = label_from_name(node->mName.data, &own);
  for (unsigned i = 0; i < node->mNumMeshes; i++) {
    const Label unlabelled = {CT_PART_UNLABELLED, FALSE};
    Label label = unlabelled;

    if (node->mMeshes[i] >= k->scene->mNumMeshes)
      continue;
    if (has_own)
      label = own;
    else if (!label_from_name(k->scene->mMeshes[node->mMeshes[i]]->mName.data, &label))
      label = inherited != NULL ? *inherited : unlabelled;
    if (!add_mesh(k, k->scene->mMeshes[node->mMeshes[i]], m, &label))
      return FALSE;
  }
  for (unsigned i = 0; i < node->mNumChildren; i++) {
    const Label *pass = depth == 0 ? NULL : (has_own ? &own : inherited);

    if (!walk_node(k, node->mChildren[i], m, pass, depth + 1))
      return FALSE;
  }
  return TRUE;
}

/* Text from the file, or from assimp about it, for a message: valid UTF-8 (assimp quotes the file's
 * bytes, whatever they are), control characters as U+FFFD so that the message stays one line, at
 * most @max_chars characters. A label or the command line shows it as it is. */
static char *one_line(const char *text, glong max_chars)
{
  g_autofree char *valid = g_utf8_make_valid(text, -1);
  GString *out = g_string_new(NULL);
  glong n = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char(p), n++) {
    gunichar c = g_utf8_get_char(p);

    if (n == max_chars) {
      g_string_append(out, "…");
      break;
    }
    g_string_append_unichar(out, g_unichar_iscntrl(c) || c == 0x2028 || c == 0x2029 ? 0xFFFD : c);
  }
  return g_string_free(out, FALSE);
}

/* assimp could not read the file: its own reason, and what it usually means. */
static gboolean unreadable(const char *name, const char *failure, GError **error)
{
  g_autofree char *reason = one_line(failure != NULL && *failure != '\0' ? failure : "?", 200);

  g_set_error(error, CT_MESH_IMPORT_ERROR, CT_MESH_IMPORT_ERROR_INVALID,
              _("The mesh file “%s” could not be read (%s): it may be truncated or not what its "
                "name says."),
              name, reason);
  return FALSE;
}

/* NaN or infinite coordinates in the raw file, and faces that assimp's post-processing would
 * break on (checked before any post-processing). A face without an index is one: assimp 5.2's
 * validation of the raw scene lets it through (fuzz-mesh found it in a PLY), and its
 * triangulation then aborts the process on an assertion. */
static gboolean check_raw_scene(const struct aiScene *scene, const char *name, GError **error)
{
  for (unsigned i = 0; i < scene->mNumMeshes; i++) {
    const struct aiMesh *mesh = scene->mMeshes[i];

    for (unsigned f = 0; f < mesh->mNumFaces; f++) {
      const struct aiFace *face = mesh->mFaces != NULL ? &mesh->mFaces[f] : NULL;

      if (face == NULL || face->mNumIndices == 0 || face->mIndices == NULL)
        return unreadable(name, "a face without vertices", error);
      for (unsigned k = 0; k < face->mNumIndices; k++)
        if (face->mIndices[k] >= mesh->mNumVertices) {
          g_set_error(error, CT_MESH_IMPORT_ERROR, CT_MESH_IMPORT_ERROR_INVALID,
                      _("The mesh file “%s” is damaged: a face refers to a vertex that does not "
                        "exist."),
                      name);
          return FALSE;
        }
    }

    for (unsigned v = 0; mesh->mVertices != NULL && v < mesh->mNumVertices; v++) {
      const struct aiVector3D *p = &mesh->mVertices[v];

      if (!isfinite(p->x) || !isfinite(p->y) || !isfinite(p->z)) {
        g_autofree char *part = one_line(mesh->mName.length > 0 ? mesh->mName.data : "?", 40);

        g_set_error(error, CT_MESH_IMPORT_ERROR, CT_MESH_IMPORT_ERROR_INVALID,
                    _("The mesh file “%s” has a vertex whose coordinates are not numbers (NaN) "
                      "or infinite (vertex %u of part “%s”): repair it and import it again."),
                    name, v + 1, part);
        return FALSE;
      }
    }
  }
  return TRUE;
}

/* ---- what assimp must not see ------------------------------------------------------------ */

/* assimp 5.2 breaks on some files that are not what their name says (fuzz-mesh found them,
 * docs/fuzzing.md): a PLY header that never ends sends its PLY reader into an endless loop, a NUL
 * byte in one makes it read out of bounds; and a .gltf or .glb that neither of its two glTF
 * readers takes (a syntax error, a length that does not add up) is offered to all its other
 * readers by content, some forty formats we never meant to read (FBX, Collada, DXF, ...), one of
 * which spent a second clearing memory on a 1 KiB file. So a PLY header must be text that ends,
 * and a glTF must be one that assimp's glTF 2.0 reader takes: the checks below are those it makes
 * before it says yes (glTF2Asset.inl, Asset::CanRead: the GLB container, JSON that rapidjson
 * parses, asset.version "2..."), made stricter where that is simpler. */

/* rapidjson, assimp's JSON parser, recurses once per level: glTF nests a handful. */
#define GLTF_MAX_DEPTH 64

static gsize json_skip_space(const char *t, gsize n, gsize i)
{
  while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
    i++;
  return i;
}

/* The string starting at @i (its quote): the index after it, or 0 if it is not one (RFC 8259,
 * section 7; raw control characters refused, as rapidjson does). */
static gsize json_skip_string(const char *t, gsize n, gsize i)
{
  for (i++; i < n; i++) {
    guchar c = (guchar)t[i];

    if (c == '"')
      return i + 1;
    if (c < 0x20)
      return 0;
    if (c != '\\')
      continue;
    if (++i >= n)
      return 0;
    if (t[i] == 'u') {
      for (int k = 1; k <= 4; k++)
        if (i + (gsize)k >= n || !g_ascii_isxdigit(t[i + (gsize)k]))
          return 0;
      i += 4;
    } else if (t[i] == '\0' || strchr("\"\\/bfnrt", t[i]) == NULL) {
      return 0;
    }
  }
  return 0;
}

/* The number starting at @i: the index after it, or 0 if it is not one (RFC 8259, section 6) or
 * is beyond a double's range, which rapidjson refuses. */
static gsize json_skip_number(const char *t, gsize n, gsize i)
{
  gsize start = i;
  g_autofree char *copy = NULL;

  if (i < n && t[i] == '-')
    i++;
  if (i < n && t[i] == '0')
    i++;
  else if (i < n && t[i] >= '1' && t[i] <= '9')
    while (i < n && g_ascii_isdigit(t[i]))
      i++;
  else
    return 0;
  if (i < n && t[i] == '.') {
    if (++i >= n || !g_ascii_isdigit(t[i]))
      return 0;
    while (i < n && g_ascii_isdigit(t[i]))
      i++;
  }
  if (i < n && (t[i] == 'e' || t[i] == 'E')) {
    if (++i < n && (t[i] == '+' || t[i] == '-'))
      i++;
    if (i >= n || !g_ascii_isdigit(t[i]))
      return 0;
    while (i < n && g_ascii_isdigit(t[i]))
      i++;
  }
  copy = g_strndup(t + start, i - start);
  return isfinite(g_ascii_strtod(copy, NULL)) ? i : 0;
}

/* Whether @t (@n bytes; a NUL ends it, as it ends rapidjson's in-place parse) is a glTF 2.0
 * document as assimp's reader takes it: one JSON object, nested at most GLTF_MAX_DEPTH deep, whose
 * first "asset" member is an object whose first "version" member is a text starting with "2". */
static gboolean gltf_json_ok(const char *t, gsize n)
{
  enum { VALUE, AFTER_VALUE, FIRST_MEMBER, MEMBER, FIRST_ELEMENT } state = VALUE;
  char open[GLTF_MAX_DEPTH];
  int depth = 0;
  gsize i, key = 0, key_end = 0;
  int asset = 0;   /* 0 not seen, 1 inside the first "asset" object, 2 seen */
  int version = 0; /* 0 not seen, 1 a text starting with "2", -1 anything else */

  n = strnlen(t, n);
  i = json_skip_space(t, n, 0);
  if (i >= n || t[i] != '{')
    return FALSE;
  for (;;) {
    i = json_skip_space(t, n, i);
    if (state == AFTER_VALUE) {
      if (depth == 0)
        return i == n && version == 1;
      if (i < n && t[i] == ',') {
        state = open[depth - 1] == '{' ? MEMBER : VALUE;
        i++;
      } else if (i < n && t[i] == (open[depth - 1] == '{' ? '}' : ']')) {
        if (depth-- == 2 && asset == 1)
          asset = 2;
        i++;
      } else {
        return FALSE;
      }
      continue;
    }
    if (i >= n)
      return FALSE;
    if ((state == FIRST_MEMBER && t[i] == '}') || (state == FIRST_ELEMENT && t[i] == ']')) {
      if (depth-- == 2 && asset == 1)
        asset = 2;
      i++;
      state = AFTER_VALUE;
      continue;
    }
    if (state == FIRST_MEMBER || state == MEMBER) {
      key = i;
      if (t[i] != '"' || (key_end = json_skip_string(t, n, i)) == 0)
        return FALSE;
      i = json_skip_space(t, n, key_end);
      if (i >= n || t[i] != ':')
        return FALSE;
      i++;
      state = VALUE;
      /* The member's value comes next: is it one the check looks at? */
      i = json_skip_space(t, n, i);
      if (i >= n)
        return FALSE;
      if (depth == 1 && asset == 0 && key_end - key == 7 && memcmp(t + key, "\"asset\"", 7) == 0) {
        if (t[i] != '{')
          return FALSE;
        asset = 1;
      } else if (depth == 2 && asset == 1 && version == 0 && key_end - key == 9 &&
                 memcmp(t + key, "\"version\"", 9) == 0) {
        version = t[i] == '"' && i + 1 < n && t[i + 1] == '2' ? 1 : -1;
      }
      continue;
    }
    /* A value. */
    if (t[i] == '{' || t[i] == '[') {
      if (depth == GLTF_MAX_DEPTH)
        return FALSE;
      open[depth++] = t[i];
      state = t[i] == '{' ? FIRST_MEMBER : FIRST_ELEMENT;
      i++;
      continue;
    }
    if (t[i] == '"')
      i = json_skip_string(t, n, i);
    else if (n - i >= 4 && (memcmp(t + i, "true", 4) == 0 || memcmp(t + i, "null", 4) == 0))
      i += 4;
    else if (n - i >= 5 && memcmp(t + i, "false", 5) == 0)
      i += 5;
    else
      i = json_skip_number(t, n, i);
    if (i == 0)
      return FALSE;
    state = AFTER_VALUE;
  }
}

static guint32 le32(const guint8 *p)
{
  return (guint32)p[0] | (guint32)p[1] << 8 | (guint32)p[2] << 16 | (guint32)p[3] << 24;
}

/* The PLY header's words (PLY 1.0, Turk 1994: "ply", one "format", "comment" and "obj_info"
 * lines, "element NAME COUNT" each followed by its "property TYPE NAME" or "property list
 * COUNT-TYPE TYPE NAME" lines, "end_header"). */
typedef enum { PLY_SIGNED, PLY_UNSIGNED, PLY_FLOAT } PlyKind;

typedef struct {
  guint8 bytes; /* in a binary file; 0: not a type */
  PlyKind kind;
} PlyType;

static PlyType ply_type(const char *word)
{
  static const struct {
    const char *name;
    PlyType type;
  } types[] = {
      {"char", {1, PLY_SIGNED}},     {"uchar", {1, PLY_UNSIGNED}},  {"short", {2, PLY_SIGNED}},
      {"ushort", {2, PLY_UNSIGNED}}, {"int", {4, PLY_SIGNED}},      {"uint", {4, PLY_UNSIGNED}},
      {"float", {4, PLY_FLOAT}},     {"double", {8, PLY_FLOAT}},    {"int8", {1, PLY_SIGNED}},
      {"uint8", {1, PLY_UNSIGNED}},  {"int16", {2, PLY_SIGNED}},    {"uint16", {2, PLY_UNSIGNED}},
      {"int32", {4, PLY_SIGNED}},    {"uint32", {4, PLY_UNSIGNED}}, {"float32", {4, PLY_FLOAT}},
      {"float64", {8, PLY_FLOAT}},
  };
  PlyType none = {0, PLY_SIGNED};

  for (guint i = 0; i < G_N_ELEMENTS(types); i++)
    if (strcmp(word, types[i].name) == 0)
      return types[i].type;
  return none;
}

static gboolean ply_is_type(const char *word)
{
  return ply_type(word).bytes != 0;
}

/* A property as the header declares it: a scalar of type @item, or a list of @item whose length
 * is written first as a @count. */
typedef struct {
  gboolean is_list;
  PlyType count;
  PlyType item;
} PlyProperty;

typedef struct {
  guint64 count;
  GArray *properties; /* PlyProperty */
} PlyElement;

static void ply_element_clear(gpointer data)
{
  PlyElement *element = data;

  g_clear_pointer(&element->properties, g_array_unref);
}

typedef enum { PLY_ASCII, PLY_BINARY_LITTLE_ENDIAN, PLY_BINARY_BIG_ENDIAN } PlyFormat;

/* An ASCII value of type @type: a whole token that is a number of its kind, an integer within its
 * type's range (a list's length read as "3" or "300000000000" alike by assimp's reader, which then
 * reserves that many entries); *@value its value for an integer. */
static gboolean ply_ascii_value(const char *token, PlyType type, gint64 *value)
{
  char *end = NULL;

  *value = 0;
  if (type.kind == PLY_FLOAT) {
    double number = g_ascii_strtod(token, &end);

    return end != token && *end == '\0' && isfinite(number);
  }
  if (type.kind == PLY_UNSIGNED) {
    guint64 number;

    if (token[0] == '-' || token[0] == '+')
      return FALSE;
    errno = 0;
    number = g_ascii_strtoull(token, &end, 10);
    if (end == token || *end != '\0' || errno != 0 ||
        number > (type.bytes >= 4 ? G_MAXUINT32 : (G_GUINT64_CONSTANT(1) << (8 * type.bytes)) - 1))
      return FALSE;
    *value = (gint64)number;
    return TRUE;
  }
  errno = 0;
  *value = g_ascii_strtoll(token, &end, 10);
  return end != token && *end == '\0' && errno == 0 &&
         *value >= -(G_GINT64_CONSTANT(1) << (8 * type.bytes - 1)) &&
         *value < (G_GINT64_CONSTANT(1) << (8 * type.bytes - 1));
}

/* The next blank-separated token of the line @line (@length bytes, its line end excluded) from
 * *@at, NUL-terminated in @token (at most @size bytes with the NUL); FALSE at the line's end, or
 * for a token too long to be a number (*@too_long then). */
static gboolean ply_ascii_token(const guint8 *line, gsize length, gsize *at, char *token,
                                gsize size, gboolean *too_long)
{
  gsize i = *at, n = 0;

  *too_long = FALSE;
  while (i < length && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
    i++;
  if (i == length) {
    *at = i;
    return FALSE;
  }
  while (i < length && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') {
    if (n + 1 >= size) {
      *too_long = TRUE;
      return FALSE;
    }
    token[n++] = (char)line[i++];
  }
  token[n] = '\0';
  *at = i;
  return TRUE;
}

/* Whether @line (@length bytes, without its line end) is one instance of @element in ASCII: its
 * properties' values in order and nothing else, each a number of its type; NULL if so. */
static const char *ply_ascii_instance_mismatch(const guint8 *line, gsize length,
                                               const PlyElement *element)
{
  /* The longest number worth reading: digits, sign, point and exponent of a double. */
  char token[64];
  gboolean too_long;
  gsize at = 0;

  for (guint k = 0; k < element->properties->len; k++) {
    const PlyProperty *property = &g_array_index(element->properties, PlyProperty, k);
    gint64 count = 1, value;

    if (property->is_list) {
      if (!ply_ascii_token(line, length, &at, token, sizeof token, &too_long))
        return too_long ? "ASCII PLY holds a value that is not a number"
                        : "ASCII PLY has a line with fewer values than its element";
      if (!ply_ascii_value(token, property->count, &count) || count < 0)
        return "ASCII PLY holds a list length that is not one its type holds";
      /* Each entry takes at least two bytes of the line (a blank and a digit). */
      if ((guint64)count > (length - at) / 2)
        return "PLY list longer than its line";
    }
    for (gint64 c = 0; c < count; c++) {
      if (!ply_ascii_token(line, length, &at, token, sizeof token, &too_long))
        return too_long ? "ASCII PLY holds a value that is not a number"
                        : "ASCII PLY has a line with fewer values than its element";
      if (!ply_ascii_value(token, property->item, &value))
        return "ASCII PLY holds a value that is not a number of its property's type";
    }
  }
  if (ply_ascii_token(line, length, &at, token, sizeof token, &too_long) || too_long)
    return "ASCII PLY has a line with more values than its element";
  return NULL;
}

/* A binary list length of type @type at @p, in @format's byte order; -1 when negative. */
static gint64 ply_binary_count(const guint8 *p, PlyType type, PlyFormat format)
{
  guint64 raw = 0;

  for (guint b = 0; b < type.bytes; b++) {
    guint shift = format == PLY_BINARY_LITTLE_ENDIAN ? 8 * b : 8 * (type.bytes - 1 - b);

    raw |= (guint64)p[b] << shift;
  }
  if (type.kind == PLY_SIGNED && (raw >> (8 * type.bytes - 1)) != 0)
    return -1;
  return (gint64)raw;
}

/* Whether the body after the header (@body, @length bytes) holds every element the header
 * declares, value by value; NULL if so, else why not. assimp's PLY reader reserves memory for a
 * list as long as the length it reads says, before it reads an entry: a length of 1.8 billion in a
 * face ("3 0 2 1" misread from text that is not a number, or four bytes of a binary file) made it
 * ask for 14.6 GB (fuzz-mesh, docs/fuzzing.md). So every list must fit in what is left of the
 * file, and an ASCII body is read as assimp reads it, one element a line (a short line takes
 * defaults there and a long one is cut, so a count of words alone would fall out of step with
 * it): each line must hold exactly its element's values, each a whole token that is a number of
 * its property's type, a list's length one its count type holds. What follows the last element is
 * left to assimp, which ignores it. */
static const char *ply_body_mismatch(const guint8 *body, gsize length, PlyFormat format,
                                     const GArray *elements)
{
  gsize at = 0;

  if (format == PLY_ASCII)
    for (gsize i = 0; i < length; i++) {
      if ((body[i] < 0x20 || body[i] > 0x7e) && body[i] != '\t' && body[i] != '\r' &&
          body[i] != '\n')
        return "ASCII PLY holds bytes that are not text";
      /* assimp ends a line at a lone carriage return too (as in the header, 12 in
       * docs/fuzzing.md): one line here would be two there. Only CRLF line ends. */
      if (body[i] == '\r' && (i + 1 >= length || body[i + 1] != '\n'))
        return "PLY has a carriage return inside a line";
    }
  for (guint e = 0; e < elements->len; e++) {
    const PlyElement *element = &g_array_index(elements, PlyElement, e);

    for (guint64 n = 0; n < element->count; n++) {
      if (format == PLY_ASCII) {
        const guint8 *line_end;
        gsize line_length;
        const char *mismatch;

        if (at >= length)
          return "PLY ends before the elements its header declares";
        line_end = memchr(body + at, '\n', length - at);
        line_length = line_end != NULL ? (gsize)(line_end - (body + at)) : length - at;
        mismatch = ply_ascii_instance_mismatch(body + at, line_length, element);
        if (mismatch != NULL)
          return mismatch;
        at += line_length + (line_end != NULL ? 1 : 0);
        continue;
      }
      for (guint k = 0; k < element->properties->len; k++) {
        const PlyProperty *property = &g_array_index(element->properties, PlyProperty, k);
        gint64 count = 1;

        if (property->is_list) {
          if (length - at < property->count.bytes)
            return "PLY ends before the elements its header declares";
          count = ply_binary_count(body + at, property->count, format);
          at += property->count.bytes;
          if (count < 0)
            return "binary PLY holds a negative list length";
        }
        if ((guint64)count > (length - at) / property->item.bytes)
          return count == 1 ? "PLY ends before the elements its header declares"
                            : "PLY list longer than the file";
        at += (gsize)count * property->item.bytes;
      }
    }
  }
  return NULL;
}

static gboolean ply_is_count(const char *word, guint64 *count)
{
  *count = 0;
  if (*word == '\0')
    return FALSE;
  for (const char *c = word; *c != '\0'; c++) {
    if (!g_ascii_isdigit(*c) || *count > (G_MAXUINT64 - 9) / 10)
      return FALSE;
    *count = 10 * *count + (guint64)(*c - '0');
  }
  return TRUE;
}

/* Whether @data (the first @length bytes of a PLY file of @size bytes) begins with a header that
 * is PLY 1.0 and nothing else; NULL if so, else why not. assimp's PLY reader takes headers it
 * should refuse and then breaks (fuzz-mesh found each, docs/fuzzing.md): one that never ends loops
 * for ever, a NUL in one reads out of bounds, an element declared twice (two headers run together)
 * writes past a buffer, and a count beyond the file makes it reserve gigabytes. So every line is
 * checked against the grammar, all printable ASCII, each element named once with a count the
 * file can hold (each instance takes at least a byte of what follows the header), each property
 * once per element. */
static const char *ply_header_mismatch(const guint8 *data, gsize length, guint64 size)
{
  gsize head = MIN(length, (gsize)HEAD_BYTES);
  g_autoptr(GHashTable) elements = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) properties = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) structure = g_array_new(FALSE, TRUE, sizeof(PlyElement));
  PlyFormat body_format = PLY_ASCII;
  guint64 declared = 0;
  gboolean format = FALSE, in_element = FALSE;
  guint line_number = 0;
  gsize i = 0;

  g_array_set_clear_func(structure, ply_element_clear);
  while (i < head) {
    gsize end = i;
    g_autofree char *line = NULL;
    g_auto(GStrv) words = NULL;
    guint n_words;

    while (end < head && data[end] != '\n') {
      if ((data[end] < 0x20 || data[end] > 0x7e) && data[end] != '\r' && data[end] != '\t')
        return "PLY header holds bytes that are not text";
      /* assimp ends a line at a lone carriage return too: "comment a\relement face N" would be
       * a comment here and an element there, past every check below. Only CRLF line ends. */
      if (data[end] == '\r' && (end + 1 >= head || data[end + 1] != '\n'))
        return "PLY header has a carriage return inside a line";
      end++;
    }
    if (end == head)
      break; /* a line that does not end within what was read */
    line = g_strndup((const char *)data + i, end - i);
    g_strchomp(line); /* "\r\n" line ends, trailing blanks */
    line_number++;
    i = end + 1;
    words = g_strsplit_set(line, " \t", -1);
    /* Runs of blanks give empty words: dropped. */
    n_words = 0;
    for (guint w = 0; words[w] != NULL; w++)
      if (*words[w] != '\0')
        words[n_words++] = words[w];
      else
        g_free(words[w]);
    words[n_words] = NULL;

    if (line_number == 1) {
      if (n_words != 1 || strcmp(words[0], "ply") != 0)
        return "PLY header does not start with ply";
      continue;
    }
    if (n_words == 0)
      return "PLY header has an empty line";
    if (strcmp(words[0], "comment") == 0 || strcmp(words[0], "obj_info") == 0)
      continue;
    if (strcmp(words[0], "format") == 0) {
      if (format || in_element || n_words != 3 ||
          (strcmp(words[1], "ascii") != 0 && strcmp(words[1], "binary_little_endian") != 0 &&
           strcmp(words[1], "binary_big_endian") != 0) ||
          strcmp(words[2], "1.0") != 0)
        return "PLY header has a format line that is not PLY 1.0's";
      format = TRUE;
      body_format = strcmp(words[1], "ascii") == 0                  ? PLY_ASCII
                    : strcmp(words[1], "binary_little_endian") == 0 ? PLY_BINARY_LITTLE_ENDIAN
                                                                    : PLY_BINARY_BIG_ENDIAN;
      continue;
    }
    if (strcmp(words[0], "element") == 0) {
      guint64 count;

      if (!format || n_words != 3)
        return "PLY header has an element line that is not PLY";
      if (!ply_is_count(words[2], &count))
        return "PLY element count is not a number the file can hold";
      if (g_hash_table_contains(elements, words[1]))
        return "PLY header declares an element twice";
      if (count > size || declared + count > size)
        return "PLY header declares more elements than the file holds";
      declared += count;
      {
        PlyElement element = {count, g_array_new(FALSE, TRUE, sizeof(PlyProperty))};

        g_array_append_val(structure, element);
      }
      g_hash_table_add(elements, g_strdup(words[1]));
      g_hash_table_remove_all(properties);
      in_element = TRUE;
      continue;
    }
    if (strcmp(words[0], "property") == 0) {
      const char *name = n_words == 3 ? words[2] : n_words == 5 ? words[4] : NULL;

      if (!in_element || name == NULL || (n_words == 3 && !ply_is_type(words[1])) ||
          (n_words == 5 &&
           (strcmp(words[1], "list") != 0 || !ply_is_type(words[2]) || !ply_is_type(words[3]))))
        return "PLY header has a property line that is not PLY";
      if (g_hash_table_contains(properties, name))
        return "PLY header declares a property twice";
      g_hash_table_add(properties, g_strdup(name));
      {
        PlyProperty property = {n_words == 5, ply_type(n_words == 5 ? words[2] : words[1]),
                                ply_type(n_words == 5 ? words[3] : words[1])};

        /* A list's length is a whole number. */
        if (property.is_list && property.count.kind == PLY_FLOAT)
          return "PLY header has a list whose length is not a whole number";
        g_array_append_val(g_array_index(structure, PlyElement, structure->len - 1).properties,
                           property);
      }
      continue;
    }
    if (strcmp(words[0], "end_header") == 0 && n_words == 1) {
      if (declared > size - i)
        return "PLY header declares more elements than the file holds";
      /* An instance of an element without properties is an empty line in ASCII, which assimp
       * skips after a line end: it would read a line ahead of the check. Nothing uses one. */
      for (guint e = 0; e < structure->len; e++)
        if (g_array_index(structure, PlyElement, e).count > 0 &&
            g_array_index(structure, PlyElement, e).properties->len == 0)
          return "PLY header declares an element without properties";
      /* The body, when all of the file was read (check_extent()). */
      return length >= size ? ply_body_mismatch(data + i, length - i, body_format, structure)
                            : NULL;
    }
    return "PLY header has a line that is not PLY";
  }
  return head < HEAD_BYTES ? "PLY header without end_header" : "PLY header too long";
}

/* How many bytes from the start of a file named @path_or_name the format check needs, given its
 * first @have bytes (at least 20 of a longer file) and its @size. */
static guint64 check_extent(const char *path_or_name, const guint8 *first, gsize have, guint64 size)
{
  g_autofree char *base = g_path_get_basename(path_or_name);
  const char *ext = strrchr(base, '.') + 1; /* supported_extension() found one */

  if (g_ascii_strcasecmp(ext, "ply") == 0)
    return size; /* the header, then the body's lists (ply_body_mismatch()) */
  if (g_ascii_strcasecmp(ext, "gltf") == 0)
    return size;
  if (g_ascii_strcasecmp(ext, "glb") == 0 && have >= 20) {
    /* The header, the JSON chunk and the next chunk's header (what assimp reads first). */
    guint64 json = le32(first + 12);

    return MIN(size, 20 + ((json + 3) & ~(guint64)3) + 8);
  }
  return MIN(size, (guint64)have);
}

/* Whether @data, the first @length bytes of a file named @path_or_name, @size bytes long (at
 * least what check_extent() asks for), can be what its extension says; NULL if so, else why not, in
 * English as assimp gives its own reasons. */
static const char *format_mismatch(const char *path_or_name, const guint8 *data, gsize length,
                                   guint64 size)
{
  g_autofree char *base = g_path_get_basename(path_or_name);
  const char *ext = strrchr(base, '.') + 1; /* supported_extension() found one */

  if (g_ascii_strcasecmp(ext, "ply") == 0)
    return ply_header_mismatch(data, length, size);
  if (g_ascii_strcasecmp(ext, "glb") == 0) {
    /* glTF 2.0, section 4.4: magic "glTF", version 2, total length; a JSON chunk (length, type),
     * padded to 4 bytes; a BIN chunk if the total length leaves room for one. */
    guint64 json, padded;

    if (length < 20 || memcmp(data, "glTF", 4) != 0 || le32(data + 4) != 2 ||
        memcmp(data + 16, "JSON", 4) != 0)
      return "not a binary glTF 2.0 file";
    json = le32(data + 12);
    padded = (json + 3) & ~(guint64)3;
    if (json > length - 20)
      return "binary glTF whose JSON chunk is longer than the file";
    if ((guint64)le32(data + 8) >= 20 + padded + 8 &&
        (20 + padded + 8 > length || memcmp(data + 20 + padded + 4, "BIN\0", 4) != 0))
      return "binary glTF whose second chunk is not its BIN chunk";
    if (!gltf_json_ok((const char *)data + 20, (gsize)json))
      return "binary glTF whose JSON is not a glTF 2.0 document";
    return NULL;
  }
  if (g_ascii_strcasecmp(ext, "gltf") == 0) {
    if (!gltf_json_ok((const char *)data, length))
      return "not a glTF 2.0 JSON document";
    return NULL;
  }
  return NULL;
}

/* Parses @path (on @io, NULL: the real file system), @size bytes long, whose first @start_length
 * bytes are @start (what check_extent() asks for, or more), into @w; @name is the file's for
 * messages. */
static gboolean read_scene(const char *path, struct aiFileIO *io, const char *name,
                           const guint8 *start, gsize start_length, guint64 size, Work *w,
                           GCancellable *cancellable, GError **error)
{
  g_autofree char *failure = NULL;
  const struct aiScene *scene;
  const double identity[4][4] = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};
  Walk k = {NULL, w, FALSE, name, error};
  const char *mismatch = format_mismatch(path, start, start_length, size);
  gboolean ok;

  if (mismatch != NULL)
    return unreadable(name, mismatch, error);
  g_mutex_lock(&assimp_lock);
  /* First without post-processing: joining vertices would fold NaN coordinates away. */
  scene = aiImportFileEx(path, aiProcess_ValidateDataStructure, io);
  if (scene == NULL)
    failure = g_strdup(aiGetErrorString());
  g_mutex_unlock(&assimp_lock);
  if (scene == NULL) {
    return unreadable(name, failure, error);
  }
  if (!check_raw_scene(scene, name, error) ||
      g_cancellable_set_error_if_cancelled(cancellable, error)) {
    g_mutex_lock(&assimp_lock);
    aiReleaseImport(scene);
    g_mutex_unlock(&assimp_lock);
    return FALSE;
  }
  /* Then triangulate, join identical vertices, give smooth normals to surfaces without any.
   * Not aiProcess_FindDegenerates: its area test is absolute (1e-6 in the file's units), which
   * would drop sound faces of a heart in metres, glTF's unit; collapsed faces are found below,
   * relative to their size. Nothing here may fail: when a step of aiApplyPostProcessing() fails,
   * assimp 5.2 deletes the scene, then releases it again and crashes (fuzz-mesh made its
   * validation fail with a PLY face without vertices, docs/fuzzing.md). So the scene was checked
   * above, these steps do not validate again, and walk_node() reads what they make with checks of
   * its own. */
  g_mutex_lock(&assimp_lock);
  scene = aiApplyPostProcessing(scene, aiProcess_Triangulate | aiProcess_JoinIdenticalVertices |
                                           aiProcess_GenSmoothNormals);
  if (scene == NULL)
    failure = g_strdup(aiGetErrorString());
  g_mutex_unlock(&assimp_lock);
  if (scene == NULL) {
    return unreadable(name, failure, error);
  }
  k.scene = scene;
  ok = scene->mRootNode != NULL && walk_node(&k, scene->mRootNode, identity, NULL, 0);
  if (ok && w->count_t == 0) {
    g_set_error(error, CT_MESH_IMPORT_ERROR, CT_MESH_IMPORT_ERROR_INVALID,
                _("The mesh file “%s” holds no surface (no triangles)."), name);
    ok = FALSE;
  } else if (ok && w->count_t > CT_MESH_IMPORT_MAX_TRIANGLES) {
    g_set_error(error, CT_MESH_IMPORT_ERROR, CT_MESH_IMPORT_ERROR_TOO_LARGE,
                _("The mesh “%s” has %zu triangles, more than the %zu the 3D view handles: "
                  "decimate it (in 3D Slicer or MeshLab, for example) and import it again."),
                name, w->count_t, CT_MESH_IMPORT_MAX_TRIANGLES);
    ok = FALSE;
  } else if (ok && w->count_v > UINT32_MAX) {
    g_set_error(error, CT_MESH_IMPORT_ERROR, CT_MESH_IMPORT_ERROR_TOO_LARGE,
                _("The mesh “%s” has too many vertices."), name);
    ok = FALSE;
  }
  if (ok) {
    w->pos = g_try_new(double, 3 * w->count_v);
    w->nrm = g_try_new(double, 3 * w->count_v);
    w->part = g_try_new(uint8_t, w->count_v);
    w->cavity = g_try_new(uint8_t, w->count_v);
    w->idx = g_try_new(uint32_t, 3 * w->count_t);
    if (w->pos == NULL || w->nrm == NULL || w->part == NULL || w->cavity == NULL ||
        w->idx == NULL) {
      g_set_error(error, CT_MESH_IMPORT_ERROR, CT_MESH_IMPORT_ERROR_TOO_LARGE,
                  _("Not enough memory to import the mesh “%s”."), name);
      ok = FALSE;
    }
  }
  if (ok) {
    k.fill = TRUE;
    ok = walk_node(&k, scene->mRootNode, identity, NULL, 0);
  }
  g_mutex_lock(&assimp_lock);
  aiReleaseImport(scene);
  g_mutex_unlock(&assimp_lock);
  return ok;
}

/* Leaves out the vertices that no triangle uses (stray points, the corners of faces dropped as
 * collapsed), keeping the others in order: only what is drawn sets the mesh's size, frame and
 * bounds. A stray point can be anywhere: fuzz-mesh placed one at 3e38 mm, beyond a float once in
 * the heart frame, and the weld of fill_references() then cast a NaN to an integer. */
static void drop_unused_vertices(Work *w)
{
  uint32_t *map = g_new(uint32_t, w->nv);
  size_t out = 0;

  for (size_t v = 0; v < w->nv; v++)
    map[v] = UINT32_MAX;
  for (size_t t = 0; t < w->ni; t++)
    map[w->idx[t]] = 0;
  for (size_t v = 0; v < w->nv; v++) {
    if (map[v] == UINT32_MAX)
      continue;
    map[v] = (uint32_t)out;
    memmove(&w->pos[3 * out], &w->pos[3 * v], 3 * sizeof *w->pos);
    memmove(&w->nrm[3 * out], &w->nrm[3 * v], 3 * sizeof *w->nrm);
    w->part[out] = w->part[v];
    w->cavity[out] = w->cavity[v];
    out++;
  }
  for (size_t t = 0; t < w->ni; t++)
    w->idx[t] = map[w->idx[t]];
  w->nv = out;
  g_free(map);
}

/* Drops collapsed triangles (repeated vertices, or an area below 1e-10 of their edges' squared
 * lengths: a needle that shows nothing) and gives vertices without a usable normal the
 * area-weighted mean of their faces'. */
static void clean_triangles(Work *w)
{
  size_t out = 0;
  double *face_n = g_new0(double, 3 * w->nv);

  for (size_t t = 0; t + 2 < w->ni; t += 3) {
    uint32_t a = w->idx[t], b = w->idx[t + 1], c = w->idx[t + 2];
    double e1[3], e2[3], n[3], scale;

    for (int i = 0; i < 3; i++) {
      e1[i] = w->pos[3 * b + i] - w->pos[3 * a + i];
      e2[i] = w->pos[3 * c + i] - w->pos[3 * a + i];
    }
    v_cross(n, e1, e2);
    scale = v_dot(e1, e1) + v_dot(e2, e2);
    if (a == b || b == c || a == c || !(sqrt(v_dot(n, n)) > 1e-10 * scale)) {
      w->n_degenerate++;
      continue;
    }
    for (int i = 0; i < 3; i++) {
      face_n[3 * a + i] += n[i];
      face_n[3 * b + i] += n[i];
      face_n[3 * c + i] += n[i];
    }
    w->idx[out++] = a;
    w->idx[out++] = b;
    w->idx[out++] = c;
  }
  w->ni = out;
  for (size_t v = 0; v < w->nv; v++) {
    double *n = &w->nrm[3 * v];

    if (!(v_normalize(n) > 1e-12) || !isfinite(n[0] + n[1] + n[2])) {
      memcpy(n, &face_n[3 * v], 3 * sizeof *n);
      if (!(v_normalize(n) > 0.0)) {
        n[0] = n[1] = 0.0;
        n[2] = 1.0;
      }
    }
  }
  g_free(face_n);
}

/* ---- units -------------------------------------------------------------------------------- */

/* The file's unit, from its size alone (OBJ, STL and PLY carry none; glTF says metres). A whole
 * heart measures ~ 100-200 mm corner to corner, an LV alone ~ 100 (LV length ~ 90 mm and LVIDd ~
 * 48 mm, Lang 2015), a newborn's heart ~ 50. So a bounding-box diagonal under 1 can only be
 * metres (x 1000), one under 30 centimetres (x 10); anything else is taken as millimetres. */
#define MAX_SCENE_DIAGONAL_MM 2000.0

static double unit_scale_from_diagonal(double diagonal)
{
  if (diagonal < 1.0)
    return 1000.0;
  if (diagonal < 30.0)
    return 10.0;
  return 1.0;
}

static double used_diagonal(const Work *w)
{
  double lo[3] = {INFINITY, INFINITY, INFINITY}, hi[3] = {-INFINITY, -INFINITY, -INFINITY}, d[3];

  for (size_t t = 0; t < w->ni; t++)
    for (int i = 0; i < 3; i++) {
      lo[i] = fmin(lo[i], w->pos[3 * w->idx[t] + i]);
      hi[i] = fmax(hi[i], w->pos[3 * w->idx[t] + i]);
    }
  for (int i = 0; i < 3; i++)
    d[i] = hi[i] - lo[i];
  return w->ni > 0 ? sqrt(v_dot(d, d)) : 0.0;
}

/* ---- the LV's frame ----------------------------------------------------------------------- */

typedef struct {
  double origin[3];  /* the LV apex's level on the long axis, in the (scaled) file coordinates */
  double axes[3][3]; /* rows: the heart frame's x, y, z in file coordinates */
} Frame;

static double triangle_area(const double *pos, const uint32_t *t)
{
  double e1[3], e2[3], n[3];

  for (int i = 0; i < 3; i++) {
    e1[i] = pos[3 * t[1] + i] - pos[3 * t[0] + i];
    e2[i] = pos[3 * t[2] + i] - pos[3 * t[0] + i];
  }
  v_cross(n, e1, e2);
  return 0.5 * sqrt(v_dot(n, n));
}

/* Area-weighted centroid of @part's triangles (each vertex weighs a third of its triangle); FALSE
 * when the part has no area. */
static gboolean part_centroid(const Work *w, int part, double c[3])
{
  double sum = 0.0;

  c[0] = c[1] = c[2] = 0.0;
  for (size_t t = 0; t < w->ni; t += 3) {
    double a;

    if (w->part[w->idx[t]] != part)
      continue;
    a = triangle_area(w->pos, &w->idx[t]);
    for (int k = 0; k < 3; k++)
      for (int i = 0; i < 3; i++)
        c[i] += a / 3.0 * w->pos[3 * w->idx[t + (size_t)k] + i];
    sum += a;
  }
  if (!(sum > 0.0))
    return FALSE;
  for (int i = 0; i < 3; i++)
    c[i] /= sum;
  return TRUE;
}

/* The direction of largest variance of @part's surface around @c (PCA, area-weighted). */
static void part_major_axis(const Work *w, int part, const double c[3], double axis[3])
{
  double cov[3][3] = {{0.0}}, values[3], vectors[3][3];
  int best = 0;

  for (size_t t = 0; t < w->ni; t += 3) {
    double a;

    if (w->part[w->idx[t]] != part)
      continue;
    a = triangle_area(w->pos, &w->idx[t]);
    for (int k = 0; k < 3; k++) {
      const double *p = &w->pos[3 * w->idx[t + (size_t)k]];
      double d[3] = {p[0] - c[0], p[1] - c[1], p[2] - c[2]};

      for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
          cov[i][j] += a / 3.0 * d[i] * d[j];
    }
  }
  eigen_symmetric3(cov, values, vectors);
  for (int i = 1; i < 3; i++)
    if (values[i] > values[best])
      best = i;
  for (int i = 0; i < 3; i++)
    axis[i] = vectors[i][best];
  v_normalize(axis);
}

/* The middle of the septum, seen from the LV axis (unit, across it), from the RV at mid-ventricular
 * level (the middle third of the LV's length, where the RV is a crescent on the septum, clear of
 * its outflow tract): halfway between its two insertions, the RV's extreme angles around the LV
 * axis, from which the AHA segments are drawn (Cerqueira et al. 2002, Circulation 105:539). With no
 * RV vertex at that level, every RV vertex counts. FALSE without an RV. */
static gboolean rv_septum(const Work *w, const double c[3], const double axis[3], double tmin,
                          double tmax, double s[3])
{
  double e2[3], lo = INFINITY, hi = -INFINITY, mid, along, sum[3] = {0.0, 0.0, 0.0};
  gboolean slab_only = FALSE;

  /* First the RV's centroid direction, at mid level if the RV reaches it. */
  for (int pass = 0; pass < 2 && !(v_dot(sum, sum) > 0.0); pass++) {
    slab_only = pass == 0;
    for (size_t t = 0; t < w->ni; t++) {
      const double *p = &w->pos[3 * w->idx[t]];
      double d[3] = {p[0] - c[0], p[1] - c[1], p[2] - c[2]};

      if (w->part[w->idx[t]] != CT_PART_RV)
        continue;
      along = v_dot(d, axis);
      if (slab_only && (along < tmin + (tmax - tmin) / 3.0 || along > tmax - (tmax - tmin) / 3.0))
        continue;
      for (int i = 0; i < 3; i++)
        sum[i] += d[i] - along * axis[i];
    }
  }
  memcpy(s, sum, sizeof sum);
  if (!(v_normalize(s) > 0.0))
    return FALSE;
  /* Then the bisector of its angular extent around the axis, measured from that direction. */
  v_cross(e2, axis, s);
  for (size_t t = 0; t < w->ni; t++) {
    const double *p = &w->pos[3 * w->idx[t]];
    double d[3] = {p[0] - c[0], p[1] - c[1], p[2] - c[2]}, angle;

    if (w->part[w->idx[t]] != CT_PART_RV)
      continue;
    along = v_dot(d, axis);
    if (slab_only && (along < tmin + (tmax - tmin) / 3.0 || along > tmax - (tmax - tmin) / 3.0))
      continue;
    angle = atan2(v_dot(d, e2), v_dot(d, s));
    lo = fmin(lo, angle);
    hi = fmax(hi, angle);
  }
  mid = 0.5 * (lo + hi);
  for (int i = 0; i < 3; i++)
    s[i] = cos(mid) * s[i] + sin(mid) * e2[i];
  return v_normalize(s) > 0.0;
}

/* The LV long axis by PCA of its surface; the apex at its narrow end (the end whose vertices lie
 * nearer the axis, over END_SLAB_SHARE of the length); the septum toward the RV (rv_septum), or
 * toward the file's -x without an RV. FALSE when there is no LV. */
static gboolean lv_frame(const Work *w, Frame *f, gboolean *septum_from_rv)
{
  double c[3], axis[3], s[3], tmin = INFINITY, tmax = -INFINITY, slab;
  double radial[2] = {0.0, 0.0};
  size_t count[2] = {0, 0};

  if (!part_centroid(w, CT_PART_LV, c))
    return FALSE;
  part_major_axis(w, CT_PART_LV, c, axis);
  for (size_t t = 0; t < w->ni; t++) {
    const double *p = &w->pos[3 * w->idx[t]];
    double d[3] = {p[0] - c[0], p[1] - c[1], p[2] - c[2]}, along;

    if (w->part[w->idx[t]] != CT_PART_LV)
      continue;
    along = v_dot(d, axis);
    tmin = fmin(tmin, along);
    tmax = fmax(tmax, along);
  }
  slab = END_SLAB_SHARE * (tmax - tmin);
  for (size_t t = 0; t < w->ni; t++) {
    const double *p = &w->pos[3 * w->idx[t]];
    double d[3] = {p[0] - c[0], p[1] - c[1], p[2] - c[2]}, along, r[3];
    int end;

    if (w->part[w->idx[t]] != CT_PART_LV)
      continue;
    along = v_dot(d, axis);
    if (along > tmin + slab && along < tmax - slab)
      continue;
    end = along <= tmin + slab ? 0 : 1;
    for (int i = 0; i < 3; i++)
      r[i] = d[i] - along * axis[i];
    radial[end] += sqrt(v_dot(r, r));
    count[end]++;
  }
  if (count[0] > 0 && count[1] > 0 && radial[0] / (double)count[0] > radial[1] / (double)count[1]) {
    double t = tmin;

    for (int i = 0; i < 3; i++)
      axis[i] = -axis[i];
    tmin = -tmax;
    tmax = -t;
  }
  for (int i = 0; i < 3; i++)
    f->origin[i] = c[i] + tmin * axis[i];

  *septum_from_rv = rv_septum(w, c, axis, tmin, tmax, s);
  if (!*septum_from_rv) {
    /* The file's -x (or -y when the long axis runs along x), off the axis. */
    const double fallback[2][3] = {{-1.0, 0.0, 0.0}, {0.0, -1.0, 0.0}};
    int k = fabs(axis[0]) > 0.95 ? 1 : 0;
    double along = v_dot(fallback[k], axis);

    for (int i = 0; i < 3; i++)
      s[i] = fallback[k][i] - along * axis[i];
    v_normalize(s);
  }
  /* x lateral (away from the septum), z the long axis; y = x cross z: the body's anterior for a
   * file holding the real anatomy, the heart frame being its mirror image (ct-heart-mesh.h). */
  for (int i = 0; i < 3; i++) {
    f->axes[0][i] = -s[i];
    f->axes[2][i] = axis[i];
  }
  v_cross(f->axes[1], f->axes[0], f->axes[2]);
  v_normalize(f->axes[1]);
  return TRUE;
}

/* ---- into the heart frame ----------------------------------------------------------------- */

static uint8_t chamber_of(int part)
{
  switch (part) {
  case CT_PART_LV:
  case CT_PART_RV:
  case CT_PART_LA:
  case CT_PART_RA:
    return (uint8_t)part; /* the chamber parts share CtChamber's numbers */
  case CT_PART_CORONARY:
    return CT_CHAMBER_LV; /* on the epicardium: beat with the LV wall, as ct-heart-mesh.c */
  default:
    return CT_VERTEX_STATIC;
  }
}

/* @w moved into the heart frame as a CtMesh (malloc'd, for ct_mesh_free): a reflection, so the
 * winding turns over. Depth 1 for now (static parts keep it). */
static gboolean to_heart(const Work *w, const Frame *f, CtMesh *mesh)
{
  mesh->vertices = malloc(w->nv * sizeof *mesh->vertices);
  mesh->indices = malloc(w->ni * sizeof *mesh->indices);
  if (mesh->vertices == NULL || mesh->indices == NULL) {
    ct_mesh_free(mesh);
    return FALSE;
  }
  mesh->n_vertices = w->nv;
  mesh->n_indices = w->ni;
  for (size_t v = 0; v < w->nv; v++) {
    CtVertex *o = &mesh->vertices[v];
    const double *p = &w->pos[3 * v], *n = &w->nrm[3 * v];
    double q[3] = {p[0] - f->origin[0], p[1] - f->origin[1], p[2] - f->origin[2]}, hn[3];

    for (int i = 0; i < 3; i++) {
      o->position[i] = (float)v_dot(f->axes[i], q);
      hn[i] = v_dot(f->axes[i], n);
    }
    v_normalize(hn);
    for (int i = 0; i < 3; i++)
      o->normal[i] = (float)hn[i];
    o->part = w->part[v];
    o->segment = 0;
    o->chamber = chamber_of(w->part[v]);
    o->valve = 0;
    o->depth = 1.0f;
  }
  for (size_t t = 0; t + 2 < w->ni; t += 3) {
    mesh->indices[t] = w->idx[t];
    mesh->indices[t + 1] = w->idx[t + 2];
    mesh->indices[t + 2] = w->idx[t + 1];
  }
  return TRUE;
}

static void mesh_part_centroid(const CtMesh *mesh, int part, double c[3])
{
  double sum = 0.0;

  c[0] = c[1] = c[2] = 0.0;
  for (size_t t = 0; t + 2 < mesh->n_indices; t += 3) {
    const float *p[3];
    double e1[3], e2[3], n[3], a;

    if (mesh->vertices[mesh->indices[t]].part != part)
      continue;
    for (int k = 0; k < 3; k++)
      p[k] = mesh->vertices[mesh->indices[t + (size_t)k]].position;
    for (int i = 0; i < 3; i++) {
      e1[i] = (double)p[1][i] - p[0][i];
      e2[i] = (double)p[2][i] - p[0][i];
    }
    v_cross(n, e1, e2);
    a = 0.5 * sqrt(v_dot(n, n));
    for (int k = 0; k < 3; k++)
      for (int i = 0; i < 3; i++)
        c[i] += a / 3.0 * p[k][i];
    sum += a;
  }
  if (sum > 0.0)
    for (int i = 0; i < 3; i++)
      c[i] /= sum;
}

/* Wall depths of the chambers: 0 (endocardium) where the normal points toward the chamber's
 * centroid (on the LV, its long axis; measured from the centroid so that the apical cap, which the
 * axis crosses, sorts too), 1 elsewhere; a part that barely faces its centroid is a single surface,
 * all endocardium, and so is a part named as a cavity. The LV's basal rim (facing the base, within
 * BASE_OPENING_SHARE of it: the cut between endo- and epicardium at the valve plane) counts as
 * endocardium: it lies in the plane that closes the cavity, and is no place for a lead. */
static void assign_depths(CtMesh *mesh, const uint8_t *cavity)
{
  double top = -INFINITY;

  for (size_t t = 0; t < mesh->n_indices; t++)
    if (mesh->vertices[mesh->indices[t]].part == CT_PART_LV)
      top = fmax(top, mesh->vertices[mesh->indices[t]].position[2]);
  for (int part = CT_PART_LV; part <= CT_PART_RA; part++) {
    double c[3];
    size_t n = 0, inward = 0;

    mesh_part_centroid(mesh, part, c);
    for (size_t v = 0; v < mesh->n_vertices; v++) {
      CtVertex *x = &mesh->vertices[v];
      double d = 0.0;
      gboolean rim;

      if (x->part != part)
        continue;
      for (int i = 0; i < 3; i++)
        d += (double)x->normal[i] * (x->position[i] - c[i]);
      rim = part == CT_PART_LV && x->normal[2] > 0.9f &&
            x->position[2] >= (1.0 - BASE_OPENING_SHARE) * top;
      x->depth = cavity[v] || rim || d < 0.0 ? 0.0f : 1.0f;
      n++;
      inward += x->depth == 0.0f ? 1 : 0;
    }
    if ((double)inward < SINGLE_SURFACE_SHARE * (double)n)
      for (size_t v = 0; v < mesh->n_vertices; v++)
        if (mesh->vertices[v].part == part)
          mesh->vertices[v].depth = 0.0f;
  }
}

/* The LV's height (base), and the AHA segment of each LV vertex: the apex cap up to
 * CT_HEART_APEX_CAP_SHARE of the length above the endocardial apex, then thirds up to the base,
 * as ct-heart-mesh.c cuts them (ct_aha_segment_at). */
static double assign_segments(CtMesh *mesh)
{
  double top = -INFINITY, endo_apex = INFINITY, cap;

  for (size_t t = 0; t < mesh->n_indices; t++) {
    const CtVertex *v = &mesh->vertices[mesh->indices[t]];

    if (v->part != CT_PART_LV)
      continue;
    top = fmax(top, v->position[2]);
    if (v->depth == 0.0f)
      endo_apex = fmin(endo_apex, v->position[2]);
  }
  if (!isfinite(endo_apex))
    endo_apex = 0.0;
  cap = endo_apex + CT_HEART_APEX_CAP_SHARE * top;
  for (size_t v = 0; v < mesh->n_vertices; v++) {
    CtVertex *x = &mesh->vertices[v];
    double frac, angle;

    if (x->part != CT_PART_LV)
      continue;
    frac = top > cap ? (x->position[2] - cap) / (top - cap) : 0.5;
    angle = atan2(x->position[1], x->position[0]) * 180.0 / PI;
    x->segment = (uint8_t)ct_aha_segment_at((float)frac, (float)angle);
  }
  return top;
}

/* ---- surfaces: welding, openings, volumes ------------------------------------------------- */

typedef struct {
  int32_t c[3];
  uint32_t head;
  gboolean used;
} Cell;

#define NO_VERTEX UINT32_MAX

static Cell *cell_find(Cell *cells, size_t cap, const int32_t c[3], gboolean insert)
{
  size_t h = ((size_t)(uint32_t)c[0] * 73856093u) ^ ((size_t)(uint32_t)c[1] * 19349663u) ^
             ((size_t)(uint32_t)c[2] * 83492791u);

  for (size_t i = h & (cap - 1);; i = (i + 1) & (cap - 1)) {
    Cell *cell = &cells[i];

    if (!cell->used) {
      if (!insert)
        return NULL;
      cell->used = TRUE;
      memcpy(cell->c, c, sizeof cell->c);
      cell->head = NO_VERTEX;
      return cell;
    }
    if (memcmp(cell->c, c, sizeof cell->c) == 0)
      return cell;
  }
}

/* For each vertex, the first vertex within @eps mm of it (itself if none): surfaces whose seams
 * repeat vertices (with their own normals, or rounded apart) share their edges again. A spatial
 * hash of cells @eps wide, searched in the 27 cells around each vertex. */
static uint32_t *weld(const CtMesh *mesh, double eps)
{
  size_t cap = 16;
  Cell *cells;
  uint32_t *next, *canon;

  while (cap < 2 * mesh->n_vertices)
    cap <<= 1;
  cells = g_new0(Cell, cap);
  next = g_new(uint32_t, mesh->n_vertices);
  canon = g_new(uint32_t, mesh->n_vertices);
  for (size_t v = 0; v < mesh->n_vertices; v++) {
    const float *p = mesh->vertices[v].position;
    int32_t c[3];
    uint32_t found = NO_VERTEX;

    /* Clamped before the cast: an out-of-range float to int32 is undefined behaviour. */
    for (int i = 0; i < 3; i++)
      c[i] = (int32_t)CLAMP(floor(p[i] / eps), -1e9, 1e9);
    for (int d = 0; d < 27 && found == NO_VERTEX; d++) {
      int32_t q[3] = {c[0] + d % 3 - 1, c[1] + (d / 3) % 3 - 1, c[2] + d / 9 - 1};
      const Cell *cell = cell_find(cells, cap, q, FALSE);

      for (uint32_t j = cell != NULL ? cell->head : NO_VERTEX; j != NO_VERTEX; j = next[j]) {
        const float *o = mesh->vertices[j].position;
        double dx = (double)p[0] - o[0], dy = (double)p[1] - o[1], dz = (double)p[2] - o[2];

        if (dx * dx + dy * dy + dz * dz <= eps * eps) {
          found = j;
          break;
        }
      }
    }
    if (found == NO_VERTEX) {
      Cell *cell = cell_find(cells, cap, c, TRUE);

      next[v] = cell->head;
      cell->head = (uint32_t)v;
      found = (uint32_t)v;
    }
    canon[v] = found;
  }
  g_free(cells);
  g_free(next);
  return canon;
}

static int compare_u64(const void *a, const void *b)
{
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

  return x < y ? -1 : (x > y ? 1 : 0);
}

typedef struct {
  size_t n_edges;   /* edges of one triangle only */
  double centre[3]; /* mean of their ends */
  double min_z;
} Opening;

/* The openings of the surface made of the triangles @mask marks: its edges that one triangle
 * alone uses (after welding). */
static void surface_opening(const CtMesh *mesh, const uint32_t *canon, const uint8_t *mask,
                            Opening *o)
{
  size_t n = 0, ends = 0;
  uint64_t *edges = g_new(uint64_t, mesh->n_indices);

  memset(o, 0, sizeof *o);
  o->min_z = INFINITY;
  for (size_t t = 0; t + 2 < mesh->n_indices; t += 3) {
    if (!mask[t / 3])
      continue;
    for (int k = 0; k < 3; k++) {
      uint64_t a = canon[mesh->indices[t + (size_t)k]];
      uint64_t b = canon[mesh->indices[t + (size_t)(k + 1) % 3]];

      edges[n++] = a < b ? a << 32 | b : b << 32 | a;
    }
  }
  qsort(edges, n, sizeof *edges, compare_u64);
  for (size_t i = 0; i < n;) {
    size_t j = i + 1;

    while (j < n && edges[j] == edges[i])
      j++;
    if (j - i == 1) {
      uint32_t ab[2] = {(uint32_t)(edges[i] >> 32), (uint32_t)(edges[i] & 0xffffffffu)};

      for (int k = 0; k < 2; k++) {
        const float *p = mesh->vertices[ab[k]].position;

        for (int a = 0; a < 3; a++)
          o->centre[a] += p[a];
        o->min_z = fmin(o->min_z, p[2]);
        ends++;
      }
      o->n_edges++;
    }
    i = j;
  }
  if (ends > 0)
    for (int a = 0; a < 3; a++)
      o->centre[a] /= (double)ends;
  g_free(edges);
}

/* |volume| (ml) the marked triangles enclose, seen from @from (divergence theorem: exact for a
 * closed surface from any point, and for a surface with one planar opening from a point in its
 * plane), and their area (mm^2). */
static void surface_measure(const CtMesh *mesh, const uint8_t *mask, const double from[3],
                            double *volume_ml, double *area_mm2)
{
  double sum = 0.0, area = 0.0;

  for (size_t t = 0; t + 2 < mesh->n_indices; t += 3) {
    double d[3][3], c[3], e1[3], e2[3];

    if (!mask[t / 3])
      continue;
    for (int k = 0; k < 3; k++)
      for (int i = 0; i < 3; i++)
        d[k][i] = mesh->vertices[mesh->indices[t + (size_t)k]].position[i] - from[i];
    v_cross(c, d[1], d[2]);
    sum += v_dot(d[0], c);
    for (int i = 0; i < 3; i++) {
      e1[i] = d[1][i] - d[0][i];
      e2[i] = d[2][i] - d[0][i];
    }
    v_cross(c, e1, e2);
    area += 0.5 * sqrt(v_dot(c, c));
  }
  *volume_ml = fabs(sum) / 6.0 * 1e-3;
  *area_mm2 = area;
}

/* Marks the triangles of @part: all (@which -1), its endocardium (0: every vertex at depth 0) or
 * its myocardium (1: not a cavity part). Returns how many, and whether they hold both depths. */
static size_t mark_part(const CtMesh *mesh, const uint8_t *cavity, int part, int which,
                        uint8_t *mask, gboolean *two_surfaces)
{
  size_t n = 0;
  gboolean seen[2] = {FALSE, FALSE};

  for (size_t t = 0; t + 2 < mesh->n_indices; t += 3) {
    const uint32_t *idx = &mesh->indices[t];
    const CtVertex *v = &mesh->vertices[idx[0]];
    gboolean on = v->part == part;

    if (on && which == 0)
      for (int k = 0; k < 3; k++)
        on = on && mesh->vertices[idx[k]].depth == 0.0f;
    if (on && which == 1)
      on = !cavity[idx[0]];
    mask[t / 3] = on ? 1 : 0;
    if (on) {
      n++;
      for (int k = 0; k < 3; k++)
        seen[mesh->vertices[idx[k]].depth == 0.0f ? 0 : 1] = TRUE;
    }
  }
  if (two_surfaces != NULL)
    *two_surfaces = seen[0] && seen[1];
  return n;
}

/* The LV cavity from its endocardial vertices when the surface is open elsewhere than at its base:
 * the prolate ellipsoid of the single-plane area-length method (Dodge et al. 1960, Am Heart J
 * 60:762), V = pi/6 L D^2, with L their axial extent and D twice their mean distance from the
 * long axis. */
static double lv_ellipsoid_ml(const CtMesh *mesh)
{
  double lo = INFINITY, hi = -INFINITY, r = 0.0, d;
  size_t n = 0;

  for (size_t v = 0; v < mesh->n_vertices; v++) {
    const CtVertex *x = &mesh->vertices[v];

    if (x->part != CT_PART_LV || x->depth != 0.0f)
      continue;
    lo = fmin(lo, x->position[2]);
    hi = fmax(hi, x->position[2]);
    r += sqrt((double)x->position[0] * x->position[0] + (double)x->position[1] * x->position[1]);
    n++;
  }
  if (n == 0)
    return 0.0;
  d = 2.0 * r / (double)n;
  return PI / 6.0 * (hi - lo) * d * d * 1e-3;
}

static void fill_references(const CtMesh *mesh, const uint8_t *cavity, double lv_length,
                            CtMeshImportReport *report,
                            CtChamberReference references[CT_CHAMBER_COUNT])
{
  static const double wall_mm[CT_CHAMBER_COUNT] = {LV_WALL_MM, RV_WALL_MM, ATRIAL_WALL_MM,
                                                   ATRIAL_WALL_MM};
  double lo[3] = {INFINITY, INFINITY, INFINITY}, hi[3] = {-INFINITY, -INFINITY, -INFINITY}, d[3];
  uint8_t *mask = g_new(uint8_t, mesh->n_indices / 3 + 1);
  uint32_t *canon;

  for (size_t v = 0; v < mesh->n_vertices; v++)
    for (int i = 0; i < 3; i++) {
      lo[i] = fmin(lo[i], mesh->vertices[v].position[i]);
      hi[i] = fmax(hi[i], mesh->vertices[v].position[i]);
    }
  for (int i = 0; i < 3; i++)
    d[i] = hi[i] - lo[i];
  /* Seams apart by less than 1e-5 of the scene's size are one seam (float rounding). */
  canon = weld(mesh, fmax(1e-5 * sqrt(v_dot(d, d)), 1e-6));

  for (int c = 0; c < CT_CHAMBER_COUNT; c++) {
    CtChamberReference *r = &references[c];
    Opening opening;
    double centroid[3], cavity_ml = 0.0, wall_ml, area, vol;
    gboolean two_surfaces, closed;

    memset(r, 0, sizeof *r);
    r->axis[2] = 1.0f;
    report->chamber_present[c] = mark_part(mesh, cavity, c, -1, mask, NULL) > 0;
    if (!report->chamber_present[c])
      continue;
    mesh_part_centroid(mesh, c, centroid);

    /* The cavity: enclosed by the endocardium, closed or open at one planar ring. */
    mark_part(mesh, cavity, c, 0, mask, NULL);
    surface_opening(mesh, canon, mask, &opening);
    closed = TRUE;
    if (opening.n_edges == 0) {
      surface_measure(mesh, mask, centroid, &cavity_ml, &area);
    } else if (c != CT_CHAMBER_LV || opening.min_z >= (1.0 - BASE_OPENING_SHARE) * lv_length) {
      /* For the LV, open at its base only (the valve orifices). For the other chambers, closed
       * at the mean of their openings: exact for one planar opening, an estimate otherwise. */
      surface_measure(mesh, mask, opening.centre, &cavity_ml, &area);
    } else {
      surface_measure(mesh, mask, centroid, &vol, &area);
      cavity_ml = lv_ellipsoid_ml(mesh);
      closed = FALSE;
    }
    if (c == CT_CHAMBER_LV)
      report->lv_cavity_closed = closed;

    /* The wall: enclosed by the myocardium's closed surface (endocardium, epicardium and the rim
     * between), else the endocardial area times a typical thickness. */
    mark_part(mesh, cavity, c, 1, mask, &two_surfaces);
    surface_opening(mesh, canon, mask, &opening);
    closed = two_surfaces && opening.n_edges == 0;
    if (closed)
      surface_measure(mesh, mask, centroid, &wall_ml, &vol);
    else
      wall_ml = area * wall_mm[c] * 1e-3;
    if (c == CT_CHAMBER_LV)
      report->lv_wall_closed = closed;

    r->cavity_volume_ml = (float)cavity_ml;
    r->wall_volume_ml = (float)wall_ml;
    r->long_axis_share = long_axis_share[c];
    if (c == CT_CHAMBER_LV)
      continue; /* the origin (apex) and +z */
    if (c == CT_CHAMBER_RV) {
      /* As ct-heart-mesh.c: its apex's height, on the septum (the RV vertex nearest the LV
       * axis), scaled along +z and away from the septum. */
      double near = INFINITY, low = INFINITY;

      for (size_t v = 0; v < mesh->n_vertices; v++) {
        const float *p = mesh->vertices[v].position;

        if (mesh->vertices[v].part != CT_PART_RV)
          continue;
        near = fmin(near, sqrt((double)p[0] * p[0] + (double)p[1] * p[1]));
        low = fmin(low, p[2]);
      }
      r->origin[0] = (float)-near;
      r->origin[2] = (float)low;
    } else {
      /* An atrium about its centroid and its major axis, pointing away from the ventricles. */
      Work view = {0};
      double axis[3];

      for (int i = 0; i < 3; i++)
        r->origin[i] = (float)centroid[i];
      /* part_major_axis reads a Work: lend it the mesh's positions in double. */
      view.nv = mesh->n_vertices;
      view.ni = mesh->n_indices;
      view.pos = g_new(double, 3 * view.nv);
      view.part = g_new(uint8_t, view.nv);
      view.idx = mesh->indices;
      for (size_t v = 0; v < view.nv; v++) {
        for (int i = 0; i < 3; i++)
          view.pos[3 * v + i] = mesh->vertices[v].position[i];
        view.part[v] = mesh->vertices[v].part;
      }
      part_major_axis(&view, c, centroid, axis);
      if (axis[2] < 0.0)
        for (int i = 0; i < 3; i++)
          axis[i] = -axis[i];
      for (int i = 0; i < 3; i++)
        r->axis[i] = (float)axis[i];
      g_free(view.pos);
      g_free(view.part);
    }
  }
  g_free(canon);
  g_free(mask);
}

/* ---- the import ----------------------------------------------------------------------------- */

/* Everything after the checks of the file or bytes: @path on @io (NULL: the real file system),
 * @start its first @start_length bytes of @size (see read_scene()), @name for messages. */
static gboolean import_scene(const char *path, struct aiFileIO *io, const char *name,
                             const guint8 *start, gsize start_length, guint64 size, CtMesh *mesh,
                             CtChamberReference references[CT_CHAMBER_COUNT],
                             CtMeshImportReport *report, GCancellable *cancellable, GError **error)
{
  CtMeshImportReport r = {0};
  Work w = {0};
  Frame f;
  double lv_length;

  if (!read_scene(path, io, name, start, start_length, size, &w, cancellable, error)) {
    work_clear(&w);
    return FALSE;
  }
  clean_triangles(&w);
  drop_unused_vertices(&w);
  if (w.ni == 0) {
    g_set_error(error, CT_MESH_IMPORT_ERROR, CT_MESH_IMPORT_ERROR_INVALID,
                _("The mesh file “%s” holds only collapsed faces (no area)."), name);
    work_clear(&w);
    return FALSE;
  }
  if (g_cancellable_set_error_if_cancelled(cancellable, error)) {
    work_clear(&w);
    return FALSE;
  }

  r.unit_scale = unit_scale_from_diagonal(used_diagonal(&w));
  for (size_t i = 0; i < 3 * w.nv; i++)
    w.pos[i] *= r.unit_scale;
  /* Finite coordinates can still be absurd (3e38): a heart with its great vessels spans ~15-30 cm,
   * so a scene over 2 m across is not one, and would overflow the single-precision frame. */
  if (!(used_diagonal(&w) <= MAX_SCENE_DIAGONAL_MM)) {
    g_set_error(error, CT_MESH_IMPORT_ERROR, CT_MESH_IMPORT_ERROR_INVALID,
                _("The mesh “%s” is more than 2 m across once its units are read: its coordinates "
                  "are not those of a heart."),
                name);
    work_clear(&w);
    return FALSE;
  }
  if (!lv_frame(&w, &f, &r.septum_from_rv)) {
    /* PLY has no names for parts at all (an element list of vertices and faces), nor has binary
     * STL beyond an 80-byte header assimp does not read as one: such a file can be read but never
     * says which part is the LV. */
    if (g_str_has_suffix(name, ".ply") || g_str_has_suffix(name, ".PLY"))
      g_set_error(error, CT_MESH_IMPORT_ERROR, CT_MESH_IMPORT_ERROR_NO_LV,
                  _("The mesh “%s” has no part named LV: segments and picking need it, and a PLY "
                    "file cannot name its parts. Export it as glTF 2.0, OBJ or ASCII STL with the "
                    "left ventricle’s part named “LV”."),
                  name);
    else
      g_set_error(error, CT_MESH_IMPORT_ERROR, CT_MESH_IMPORT_ERROR_NO_LV,
                  _("The mesh “%s” has no part named LV: segments and picking need it. Name the "
                    "left ventricle’s part “LV” (or “left ventricle”, “myocardium”) in the file."),
                  name);
    work_clear(&w);
    return FALSE;
  }
  if (!to_heart(&w, &f, mesh)) {
    g_set_error(error, CT_MESH_IMPORT_ERROR, CT_MESH_IMPORT_ERROR_TOO_LARGE,
                _("Not enough memory to import the mesh “%s”."), name);
    work_clear(&w);
    return FALSE;
  }
  assign_depths(mesh, w.cavity);
  lv_length = assign_segments(mesh);
  if (g_cancellable_set_error_if_cancelled(cancellable, error)) {
    ct_mesh_free(mesh);
    work_clear(&w);
    return FALSE;
  }
  fill_references(mesh, w.cavity, lv_length, &r, references);

  r.n_triangles = mesh->n_indices / 3;
  r.n_degenerate_dropped = w.n_degenerate;
  for (size_t t = 0; t < mesh->n_indices; t += 3)
    r.n_unlabelled_triangles += mesh->vertices[mesh->indices[t]].part == CT_PART_UNLABELLED;
  /* heart = A (s p - o), A the frame's rows: column-major. */
  for (int row = 0; row < 3; row++) {
    for (int col = 0; col < 3; col++)
      r.heart_from_file[col * 4 + row] = (float)(r.unit_scale * f.axes[row][col]);
    r.heart_from_file[12 + row] = (float)-v_dot(f.axes[row], f.origin);
  }
  r.heart_from_file[15] = 1.0f;
  work_clear(&w);
  if (report != NULL)
    *report = r;
  return TRUE;
}

/* @bytes ending with a line feed (a new reference). assimp's line reader (IOStreamBuffer, 5.2)
 * leaves a last line without one unterminated and reads it joined to what is left of earlier,
 * longer lines in its buffer: a last face "  0" after "3  2000000000 0 1" was read as a list of
 * 1.8 billion entries (a second reader's find, docs/fuzzing.md 15). A PLY is given to it ending
 * with one, which no element reads (a binary body ends where its counts say). */
static GBytes *ply_with_final_line_end(GBytes *bytes)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data(bytes, &size);
  guint8 *copy;

  if (size > 0 && data[size - 1] == '\n')
    return g_bytes_ref(bytes);
  copy = g_malloc(size + 1);
  if (size > 0)
    memcpy(copy, data, size);
  copy[size] = '\n';
  return g_bytes_new_take(copy, size + 1);
}

/* What format_mismatch() needs of @path (check_extent()), @size bytes long. */
static GBytes *read_start(const char *path, const char *name, guint64 size, GError **error)
{
  FILE *file = g_fopen(path, "rb");
  g_autofree guint8 *data = NULL;
  guint8 first[20];
  gsize have = 0, extent;
  int saved;

  if (file == NULL) {
    saved = errno;
  } else {
    have = fread(first, 1, sizeof first, file);
    extent = (gsize)check_extent(path, first, have, size);
    data = g_malloc(MAX(extent, have) + 1);
    memcpy(data, first, have);
    if (extent > have)
      have += fread(data + have, 1, extent - have, file);
    saved = ferror(file) ? EIO : 0;
    fclose(file);
    if (saved == 0)
      return g_bytes_new_take(g_steal_pointer(&data), have);
  }
  g_set_error(error, CT_MESH_IMPORT_ERROR, CT_MESH_IMPORT_ERROR_NOT_FOUND,
              _("The mesh file “%s” cannot be opened: %s."), name, g_strerror(saved));
  return NULL;
}

gboolean ct_mesh_import_file_full(const char *path, CtMesh *mesh,
                                  CtChamberReference references[CT_CHAMBER_COUNT],
                                  CtMeshImportReport *report, GCancellable *cancellable,
                                  GError **error)
{
  g_autofree char *shown = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GBytes) start = NULL;
  guint64 size = 0;

  g_return_val_if_fail(path != NULL, FALSE);
  g_return_val_if_fail(mesh != NULL, FALSE);
  g_return_val_if_fail(references != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

  memset(mesh, 0, sizeof *mesh);
  shown = g_filename_display_basename(path);
  /* A file name may hold a line break too. */
  name = one_line(shown, 200);
  if (!check_file(path, name, &size, error) ||
      (start = read_start(path, name, size, error)) == NULL ||
      g_cancellable_set_error_if_cancelled(cancellable, error))
    return FALSE;
  {
    g_autofree char *base = g_path_get_basename(path);

    /* A PLY was read whole for its check (check_extent()): assimp reads those bytes, not the file
     * again, so that what it parses is what was checked, read once. */
    if (g_ascii_strcasecmp(strrchr(base, '.') + 1, "ply") == 0) {
      g_autoptr(GBytes) ended = NULL;
      MemoryFs fs;

      if (g_bytes_get_size(start) != size) {
        g_set_error(error, CT_MESH_IMPORT_ERROR, CT_MESH_IMPORT_ERROR_INVALID,
                    _("The mesh file “%s” changed while it was being read: open it again."), name);
        return FALSE;
      }
      ended = ply_with_final_line_end(start);
      memory_fs_init(&fs, "mesh.ply", ended);
      return import_scene("mesh.ply", &fs.io, name, fs.data, fs.size, fs.size, mesh, references,
                          report, cancellable, error);
    }
  }
  return import_scene(path, NULL, name, g_bytes_get_data(start, NULL), g_bytes_get_size(start),
                      size, mesh, references, report, cancellable, error);
}

gboolean ct_mesh_import_bytes_full(GBytes *bytes, const char *name, CtMesh *mesh,
                                   CtChamberReference references[CT_CHAMBER_COUNT],
                                   CtMeshImportReport *report, GCancellable *cancellable,
                                   GError **error)
{
  g_autofree char *display = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *base = NULL;
  g_autofree char *inner = NULL;
  g_autoptr(GBytes) ended = NULL;
  MemoryFs fs;

  g_return_val_if_fail(bytes != NULL, FALSE);
  g_return_val_if_fail(name != NULL, FALSE);
  g_return_val_if_fail(mesh != NULL, FALSE);
  g_return_val_if_fail(references != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

  memset(mesh, 0, sizeof *mesh);
  display = g_filename_display_basename(name);
  shown = one_line(display, 200);
  if (!check_contents(name, shown, g_bytes_get_size(bytes), error) ||
      g_cancellable_set_error_if_cancelled(cancellable, error))
    return FALSE;
  /* assimp chooses the importer from the extension; the name is ours, so that nothing in @name
   * (folders, odd characters) reaches assimp's path handling. */
  base = g_path_get_basename(name);
  inner = g_strconcat("mesh", strrchr(base, '.'), NULL);
  if (g_ascii_strcasecmp(strrchr(base, '.') + 1, "ply") == 0)
    ended = ply_with_final_line_end(bytes);
  memory_fs_init(&fs, inner, ended != NULL ? ended : bytes);
  return import_scene(inner, &fs.io, shown, fs.data, fs.size, fs.size, mesh, references, report,
                      cancellable, error);
}

gboolean ct_mesh_import_file(const char *path, CtMesh *mesh,
                             CtChamberReference references[CT_CHAMBER_COUNT], GError **error)
{
  return ct_mesh_import_file_full(path, mesh, references, NULL, NULL, error);
}

typedef struct {
  CtMesh mesh;
  CtChamberReference references[CT_CHAMBER_COUNT];
  CtMeshImportReport report;
} ImportResult;

static void import_result_free(gpointer data)
{
  ImportResult *result = data;

  ct_mesh_free(&result->mesh);
  g_free(result);
}

static void import_thread(GTask *task, gpointer source, gpointer task_data,
                          GCancellable *cancellable)
{
  ImportResult *result = g_new0(ImportResult, 1);
  GError *error = NULL;

  if (ct_mesh_import_file_full(task_data, &result->mesh, result->references, &result->report,
                               cancellable, &error))
    g_task_return_pointer(task, result, import_result_free);
  else {
    import_result_free(result);
    g_task_return_error(task, error);
  }
}

void ct_mesh_import_file_async(const char *path, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail(path != NULL);
  task = g_task_new(NULL, cancellable, callback, user_data);
  g_task_set_source_tag(task, ct_mesh_import_file_async);
  g_task_set_task_data(task, g_strdup(path), g_free);
  /* A cancelled import completes at once; assimp's parse may run on, its result is dropped. */
  g_task_set_return_on_cancel(task, TRUE);
  g_task_run_in_thread(task, import_thread);
}

gboolean ct_mesh_import_file_finish(GAsyncResult *result, CtMesh *mesh,
                                    CtChamberReference references[CT_CHAMBER_COUNT],
                                    CtMeshImportReport *report, GError **error)
{
  ImportResult *r;

  g_return_val_if_fail(g_task_is_valid(result, NULL), FALSE);
  g_return_val_if_fail(mesh != NULL && references != NULL, FALSE);

  memset(mesh, 0, sizeof *mesh);
  r = g_task_propagate_pointer(G_TASK(result), error);
  if (r == NULL)
    return FALSE;
  *mesh = r->mesh;
  memcpy(references, r->references, sizeof r->references);
  if (report != NULL)
    *report = r->report;
  g_free(r); /* the mesh now belongs to the caller */
  return TRUE;
}

char *ct_mesh_import_report_describe(const CtMeshImportReport *report)
{
  static const char *const absent[CT_CHAMBER_COUNT] = {
      NULL,
      NULL, /* said with the septum */
      N_("The mesh has no LA part: the left atrium will not beat."),
      N_("The mesh has no RA part: the right atrium will not beat."),
  };
  g_autoptr(GString) s = g_string_new(NULL);

  g_return_val_if_fail(report != NULL, NULL);
  if (report->unit_scale == 1000.0)
    g_string_append_printf(s, "%s\n",
                           _("The mesh is less than 1 mm across: its unit was taken as metres."));
  else if (report->unit_scale == 10.0)
    g_string_append_printf(s, "%s\n",
                           _("The mesh is less than 3 cm across if read in millimetres: its unit "
                             "was taken as centimetres."));
  if (report->n_degenerate_dropped > 0)
    g_string_append_printf(s,
                           g_dngettext(GETTEXT_PACKAGE, "%zu collapsed face was left out.",
                                       "%zu collapsed faces were left out.",
                                       report->n_degenerate_dropped),
                           report->n_degenerate_dropped);
  if (report->n_degenerate_dropped > 0)
    g_string_append_c(s, '\n');
  if (!report->septum_from_rv)
    g_string_append_printf(s, "%s\n",
                           _("The mesh has no RV part: the right ventricle will not beat, and the "
                             "septum was taken toward the file’s −x axis, so the segments’ angles "
                             "may be off."));
  if (!report->lv_cavity_closed)
    g_string_append_printf(s, "%s\n",
                           _("The LV’s inner surface is open: its volume was estimated from an "
                             "ellipsoid."));
  for (int c = CT_CHAMBER_LA; c < CT_CHAMBER_COUNT; c++)
    if (!report->chamber_present[c])
      g_string_append_printf(s, "%s\n", _(absent[c]));
  if (s->len == 0)
    return NULL;
  g_string_truncate(s, s->len - 1);
  return g_string_free(g_steal_pointer(&s), FALSE);
}

/* ct-camera.c — the 3D view's camera.
 *
 * Two frames meet here.
 *
 * The patient frame is DICOM's LPS (right-handed): +X toward the patient's left, +Y posterior, +Z
 * toward the head. The standard views are positions of an observer in it: the anterior view looks
 * at the chest from the front (the patient's left on the screen's right, the head up); the
 * cath-lab obliques turn that observer around the head-foot axis toward the patient's left (LAO)
 * or right (RAO) (Kern, The Cardiac Catheterization Handbook, 6th ed., ch. 4).
 *
 * The heart frame (ct-mesh.h): +z from the LV apex toward the base, +x toward the lateral wall,
 * +y anterior. In the body the LV long axis points from base to apex left, anterior and inferior:
 * we take it 45° from the sagittal plane in the axial plane and 30° below it (a mid-range of the
 * orientations measured on CT, e.g. Cerqueira et al. 2002 for the cardiac planes). The
 * horizontal long-axis (four-chamber, x-z) plane lies close to the axial plane, so +x (lateral)
 * points left-posterior and horizontal, +y (the anterior wall) anterior and superior, and the
 * inferior wall (-y) rests on the diaphragm.
 *
 * Those labels make the heart frame left-handed with respect to the anatomy (lateral x anterior
 * points to the apex, not the base): the heart-to-patient map is a rotation composed with a
 * reflection, so the view matrix has determinant -1. The renderer reads the sign and flips its
 * front-face winding; normals stay correct because the map is orthogonal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-camera.h"

#include <cglm/cglm.h>
#include <math.h>
#include <string.h>

/* Heart axes in the patient frame (LPS), the columns of the heart-to-patient map. The long axis
 * toward the base: -(apex direction) with apex = (cos 30° sin 45° left, cos 30° cos 45°
 * anterior, sin 30° inferior). */
static void heart_to_patient(mat3 m)
{
  const float c30 = 0.8660254f, s30 = 0.5f, r2 = 0.70710678f;
  vec3 z = {-c30 * r2, +c30 * r2, s30}; /* base: right, posterior, superior */
  vec3 up = {0.0f, 0.0f, 1.0f};
  vec3 y, x;

  /* +y: the patient's superior direction made perpendicular to the long axis; leaning anterior,
   * since the long axis leans posterior toward the base. */
  glm_vec3_copy(up, y);
  glm_vec3_muladds(z, -glm_vec3_dot(up, z), y);
  glm_vec3_normalize(y);
  /* +x completes a left-handed frame: x = z cross y (points left-posterior). */
  glm_vec3_cross(z, y, x);
  glm_vec3_copy(x, m[0]);
  glm_vec3_copy(y, m[1]);
  glm_vec3_copy(z, m[2]);
}

/* Camera-to-patient rotation of a standard view, from the camera's right and up axes in the
 * patient frame (it looks along -back). */
static void orientation_from_axes(const vec3 right, const vec3 up, versor q)
{
  mat4 r = GLM_MAT4_IDENTITY_INIT;
  vec3 back;

  glm_vec3_cross((float *)right, (float *)up, back);
  glm_vec3_copy((float *)right, r[0]);
  glm_vec3_copy((float *)up, r[1]);
  glm_vec3_copy(back, r[2]);
  glm_mat4_quat(r, q);
  glm_quat_normalize(q);
}

/* An observer in front of the patient turned by @turn_deg around the head-foot axis toward the
 * patient's left (LAO positive, RAO negative), head up. */
static void oblique(float turn_deg, versor q)
{
  float a = glm_rad(turn_deg);
  /* Anterior view: the eye is anterior (-Y), looking posterior; its right is the patient's
   * left (+X). Turning toward the patient's left moves the eye toward +X. */
  vec3 eye_dir = {sinf(a), -cosf(a), 0.0f};
  vec3 up = {0.0f, 0.0f, 1.0f};
  vec3 right;

  glm_vec3_cross(up, eye_dir, right);
  orientation_from_axes(right, up, q);
}

static void standard_orientation(CtStandardView view, versor q)
{
  mat3 h;

  heart_to_patient(h);
  switch (view) {
  case CT_VIEW_LAO_40:
    oblique(40.0f, q);
    break;
  case CT_VIEW_RAO_30:
    oblique(-30.0f, q);
    break;
  case CT_VIEW_APICAL_4C: {
    /* The echo image plane is the four-chamber (x-z) plane, seen as on the screen of an
     * echocardiograph in the adult convention: apex at the top, LV (lateral, +x) on the right, RV
     * on the left, atria below. The observer stands on the inferior (-y) side: a cut plane removing
     * y < 0 (plane {0, -1, 0, 0}) opens the four chambers toward it. */
    vec3 right, up;

    glm_vec3_copy(h[0], right);
    glm_vec3_negate_to(h[2], up);
    orientation_from_axes(right, up, q);
    break;
  }
  case CT_VIEW_SHORT_AXIS: {
    /* Looking from below the apex up the long axis, anterior wall at the top and septum on the
     * left: the orientation of the AHA bullseye (Cerqueira et al. 2002, figure 3). */
    vec3 right, up;

    glm_vec3_copy(h[0], right);
    glm_vec3_copy(h[1], up);
    orientation_from_axes(right, up, q);
    break;
  }
  case CT_VIEW_ANTERIOR:
  case CT_VIEW_COUNT:
  default:
    oblique(0.0f, q);
    break;
  }
}

void ct_camera_init(CtCamera *camera, const float centre[3], float radius_mm, CtStandardView view)
{
  memset(camera, 0, sizeof *camera);
  camera->fov_y_deg = 30.0f;
  for (int i = 0; i < 3; i++)
    camera->home_target[i] = centre[i];
  /* Far enough that a sphere of @radius_mm fits the vertical field of view, with a margin. */
  camera->home_distance_mm = 1.15f * radius_mm / sinf(glm_rad(camera->fov_y_deg) * 0.5f);
  camera->min_distance_mm = 0.3f * camera->home_distance_mm;
  camera->max_distance_mm = 4.0f * camera->home_distance_mm;
  camera->home_view = view;
  ct_camera_reset(camera);
}

void ct_camera_set_view(CtCamera *camera, CtStandardView view)
{
  standard_orientation(view, camera->orientation);
}

void ct_camera_reset(CtCamera *camera)
{
  for (int i = 0; i < 3; i++)
    camera->target[i] = camera->home_target[i];
  camera->distance_mm = camera->home_distance_mm;
  ct_camera_set_view(camera, camera->home_view);
}

void ct_camera_orbit(CtCamera *camera, float yaw_deg, float pitch_deg)
{
  vec3 head = {0.0f, 0.0f, 1.0f}, right_local = {1.0f, 0.0f, 0.0f};
  versor yaw, pitch, q;

  /* Yaw about the patient's head-foot axis (applied in the patient frame, on the left), pitch
   * about the camera's own horizontal axis (on the right). */
  glm_quatv(yaw, glm_rad(yaw_deg), head);
  glm_quatv(pitch, glm_rad(-pitch_deg), right_local);
  glm_quat_mul(yaw, camera->orientation, q);
  glm_quat_mul(q, pitch, camera->orientation);
  glm_quat_normalize(camera->orientation);
}

void ct_camera_zoom(CtCamera *camera, float factor)
{
  camera->distance_mm =
      glm_clamp(camera->distance_mm * factor, camera->min_distance_mm, camera->max_distance_mm);
}

/* Heart frame to patient frame (a reflection-rotation about the target) and patient to eye. */
static void view_matrix(const CtCamera *camera, mat4 view)
{
  mat3 h;
  mat4 heart = GLM_MAT4_IDENTITY_INIT, rot, eye_from_patient;
  vec3 t;

  heart_to_patient(h);
  for (int c = 0; c < 3; c++)
    glm_vec3_copy(h[c], heart[c]);
  /* Centre the heart frame's target at the patient origin. */
  glm_mat3_mulv(h, (float *)camera->target, t);
  glm_vec3_negate(t);
  glm_vec3_copy(t, heart[3]);

  /* eye = inverse(camera rotation) * patient, then back by the distance. */
  glm_quat_mat4((float *)camera->orientation, rot);
  glm_mat4_transpose_to(rot, eye_from_patient);
  eye_from_patient[3][2] = -camera->distance_mm;
  glm_mat4_mul(eye_from_patient, heart, view);
}

void ct_camera_view_matrix(const CtCamera *camera, float view[16])
{
  mat4 m;

  view_matrix(camera, m);
  memcpy(view, m, sizeof m);
}

/* The vertical field of view (radians) for a @width x @height view: the camera's own in a landscape
 * view; in a portrait one (a narrow window beside the plots) widened so that the horizontal field
 * is the camera's, so the heart framed at home still fits across. */
static float view_fov_y(const CtCamera *camera, int width, int height)
{
  float fov = glm_rad(camera->fov_y_deg);

  if (width > 0 && height > width)
    fov = 2.0f * atanf(tanf(0.5f * fov) * (float)height / (float)width);
  return fov;
}

static void projection_matrix(const CtCamera *camera, int width, int height, mat4 p)
{
  float aspect = height > 0 ? (float)width / (float)height : 1.0f;
  float far = camera->distance_mm + 2.0f * camera->home_distance_mm;
  float near = glm_max(camera->distance_mm - camera->home_distance_mm, 0.05f * camera->distance_mm);

  glm_perspective(view_fov_y(camera, width, height), aspect, near, far, p);
}

void ct_camera_projection_matrix(const CtCamera *camera, int width, int height,
                                 float projection[16])
{
  mat4 m;

  projection_matrix(camera, width, height, m);
  memcpy(projection, m, sizeof m);
}

void ct_camera_pan(CtCamera *camera, float dx, float dy, int width, int height)
{
  mat3 h;
  mat4 rot;
  vec3 right, up, shift = {0.0f, 0.0f, 0.0f}, heart_shift;
  /* Millimetres per pixel at the target's depth. */
  float mm_per_px = 2.0f * camera->distance_mm * tanf(view_fov_y(camera, width, height) * 0.5f) /
                    (float)(height > 0 ? height : 1);

  glm_quat_mat4(camera->orientation, rot);
  glm_vec3_copy(rot[0], right);
  glm_vec3_copy(rot[1], up);
  /* The scene follows the pointer: the target moves the other way. */
  glm_vec3_muladds(right, -dx * mm_per_px, shift);
  glm_vec3_muladds(up, dy * mm_per_px, shift);
  /* Patient to heart frame: h is orthogonal, its inverse is its transpose. */
  heart_to_patient(h);
  glm_mat3_transpose(h);
  glm_mat3_mulv(h, shift, heart_shift);
  glm_vec3_add(camera->target, heart_shift, camera->target);
}

void ct_camera_ray(const CtCamera *camera, float x, float y, int width, int height, float origin[3],
                   float direction[3])
{
  mat4 view, proj, vp, inv;
  vec4 ndc_near, ndc_far, near_h, far_h;
  float nx = 2.0f * (x + 0.0f) / (float)width - 1.0f;
  float ny = 1.0f - 2.0f * y / (float)height;

  view_matrix(camera, view);
  projection_matrix(camera, width, height, proj);
  glm_mat4_mul(proj, view, vp);
  glm_mat4_inv(vp, inv);
  glm_vec4_copy((vec4){nx, ny, -1.0f, 1.0f}, ndc_near);
  glm_vec4_copy((vec4){nx, ny, 1.0f, 1.0f}, ndc_far);
  glm_mat4_mulv(inv, ndc_near, near_h);
  glm_mat4_mulv(inv, ndc_far, far_h);
  for (int i = 0; i < 3; i++) {
    origin[i] = near_h[i] / near_h[3];
    direction[i] = far_h[i] / far_h[3] - origin[i];
  }
  glm_vec3_normalize(direction);
}

int ct_camera_project(const CtCamera *camera, const float p[3], int width, int height,
                      float pixel[2])
{
  mat4 view, proj, vp;
  vec4 clip, in = {p[0], p[1], p[2], 1.0f};

  view_matrix(camera, view);
  projection_matrix(camera, width, height, proj);
  glm_mat4_mul(proj, view, vp);
  glm_mat4_mulv(vp, in, clip);
  if (clip[3] <= 0.0f)
    return 0;
  pixel[0] = (clip[0] / clip[3] * 0.5f + 0.5f) * (float)width;
  pixel[1] = (0.5f - clip[1] / clip[3] * 0.5f) * (float)height;
  return 1;
}

/* ct-camera.h — the 3D view's camera: orbit, zoom, pan, reset, and the standard views.
 *
 * Pure maths (cglm), no GL. The camera looks at the heart as it lies in the patient: the view
 * matrix takes the heart frame of ct-mesh.h (+z LV long axis toward the base, +x lateral, +y
 * anterior) into the patient's body (see ct-camera.c for the orientation and its sources) and then
 * into the eye. Angles in degrees, lengths in millimetres, pixels from the top-left corner.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  CT_VIEW_ANTERIOR = 0, /* frontal (AP): the viewer faces the patient's chest */
  CT_VIEW_LAO_40,       /* left anterior oblique 40° (cath lab) */
  CT_VIEW_RAO_30,       /* right anterior oblique 30° (cath lab) */
  CT_VIEW_APICAL_4C,    /* apical four-chamber, as on echo: apex up, LV on the right */
  CT_VIEW_SHORT_AXIS,   /* from the apex up the long axis: the AHA bullseye's orientation */
  CT_VIEW_COUNT
} CtStandardView;

typedef struct {
  /* What the camera looks at and from how far: heart frame, mm. */
  float target[3];
  float distance_mm;
  /* Camera to patient rotation (a unit quaternion, cglm's x, y, z, w). */
  float orientation[4];
  float fov_y_deg;
  /* The view reset() returns to, and the scene it frames. */
  CtStandardView home_view;
  float home_target[3];
  float home_distance_mm;
  float min_distance_mm, max_distance_mm;
} CtCamera;

/* A camera framing a scene of radius @radius_mm around @centre (heart frame) from @view. */
void ct_camera_init(CtCamera *camera, const float centre[3], float radius_mm, CtStandardView view);

/* Moves to a standard view, keeping target and distance. */
void ct_camera_set_view(CtCamera *camera, CtStandardView view);

/* Orbits around the target: @yaw_deg about the patient's head-foot axis (positive turns the
 * camera toward the patient's left), then @pitch_deg about the camera's horizontal axis (positive
 * raises it toward the head). */
void ct_camera_orbit(CtCamera *camera, float yaw_deg, float pitch_deg);

/* Multiplies the distance by @factor (< 1 zooms in), within the camera's limits. */
void ct_camera_zoom(CtCamera *camera, float factor);

/* Moves the target so that the scene follows a drag of (@dx, @dy) pixels in a @width x @height
 * view. */
void ct_camera_pan(CtCamera *camera, float dx, float dy, int width, int height);

/* Back to the home view, target and distance. */
void ct_camera_reset(CtCamera *camera);

/* Column-major matrices (OpenGL's layout): heart frame to eye, and eye to clip. The view matrix
 * includes a reflection (see ct-camera.c), so its determinant is -1. */
void ct_camera_view_matrix(const CtCamera *camera, float view[16]);
void ct_camera_projection_matrix(const CtCamera *camera, int width, int height,
                                 float projection[16]);

/* The ray through pixel (@x, @y) of a @width x @height view, in the heart frame: its origin on the
 * near plane and its unit direction. For picking. */
void ct_camera_ray(const CtCamera *camera, float x, float y, int width, int height, float origin[3],
                   float direction[3]);

/* The pixel (from the top-left) where heart-frame point @p appears; returns 0 behind the camera. */
int ct_camera_project(const CtCamera *camera, const float p[3], int width, int height,
                      float pixel[2]);

#ifdef __cplusplus
}
#endif

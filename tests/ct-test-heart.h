/* ct-test-heart.h — a small two-chamber heart for the render room's tests and benchmarks.
 *
 * Not anatomy: an LV (a prolate half-spheroid with a real wall, cut at its equator, AHA segments
 * by angle and level in the bullseye's orientation), optionally an RV beside it (a thinner
 * spheroid toward -x), and a mitral leaflet disc at the LV base. Enough to test posing, colour
 * maps and the cut-away without depending on the parametric anatomy (src/render/ct-heart-mesh.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ct-mesh.h"

G_BEGIN_DECLS

/* LV epicardium: semi-axes 33 (radial) and 70 mm (long), apex at the origin, base plane z = 70;
 * endocardium 24 and 60 mm (apex at z = 10). */
#define CT_TEST_LV_BASE_Z_MM      70.0f
#define CT_TEST_LV_EPI_RADIUS_MM  33.0f
#define CT_TEST_LV_ENDO_RADIUS_MM 24.0f

/* @n_around points around each ring, @n_along rings from apex to base; about 8 n_around n_along
 * triangles with the RV. refs[] gets the chambers' reference geometry (LA, RA: none). */
void ct_test_heart_mesh(int n_around, int n_along, gboolean with_rv, CtMesh *mesh,
                        CtChamberReference refs[CT_CHAMBER_COUNT]);

/* A pose with the LV and RV holding @lv_ml and @rv_ml, the atria at reference. */
void ct_test_heart_pose(const CtChamberReference refs[CT_CHAMBER_COUNT], double lv_ml, double rv_ml,
                        CtHeartPose *pose);

/* The AHA segment (1..17) of a point of the LV wall at angle @theta_deg around the long axis
 * (atan2(y, x)) and fraction @level of the way from apex (0) to base (1). */
int ct_test_aha_segment(double theta_deg, double level);

/* A point on the LV epicardium at @theta_deg and @level (see above). */
void ct_test_lv_epi_point(double theta_deg, double level, float out[3]);

G_END_DECLS

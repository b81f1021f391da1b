/* ct-palette.h — the colour maps of the 3D view, constructed (not copied) in OKLab.
 *
 * Activation time: lightness rises monotonically from early (dark blue-violet) through teal and
 * green to late (light yellow), so the order reads in grey scale and for every kind of colour
 * vision deficiency; the hue only helps. Scar transmurality: from healthy (a pale cream) to
 * transmural scar (a dark maroon), lightness falling monotonically. Both are defined by their
 * CIELAB lightness L* (so they are monotone by construction), with hue and chroma in OKLCh
 * (Ottosson 2020, https://bottosson.github.io/posts/oklab/), chroma reduced where the colour
 * would fall outside sRGB.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CT_PALETTE_SIZE 256
#define CT_N_SEGMENTS   17

typedef enum {
  CT_PALETTE_ACTIVATION = 0, /* early (index 0, dark) .. late (index 255, light) */
  CT_PALETTE_SCAR,           /* none (index 0, light) .. transmural (index 255, dark) */
} CtPalette;

/* Fills @rgb with CT_PALETTE_SIZE sRGB triplets (8 bits each). */
void ct_palette_fill(CtPalette palette, uint8_t rgb[CT_PALETTE_SIZE * 3]);

/* 17 distinguishable sRGB colours (0..1) for the AHA segments, segment i at rgb[i - 1]: hues
 * spread so that neighbouring segments are far apart, lightness alternating. */
void ct_palette_segments(float rgb[CT_N_SEGMENTS][3]);

/* Conversions, exposed for the tests. */
void ct_oklab_to_linear_srgb(const double lab[3], double rgb[3]);
double ct_srgb_to_linear(double c);
double ct_linear_to_srgb(double c);
/* CIELAB (D65) of a linear sRGB colour. */
void ct_linear_srgb_to_cielab(const double rgb[3], double lab[3]);

#ifdef __cplusplus
}
#endif

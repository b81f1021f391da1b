/* ct-palette.c — the view's colour maps, built in OKLab.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ct-palette.h"

#include <math.h>

#define DEG (M_PI / 180.0)

/* Ottosson 2020, "A perceptual color space for image processing": OKLab to linear sRGB. */
void ct_oklab_to_linear_srgb(const double lab[3], double rgb[3])
{
  double l_ = lab[0] + 0.3963377774 * lab[1] + 0.2158037573 * lab[2];
  double m_ = lab[0] - 0.1055613458 * lab[1] - 0.0638541728 * lab[2];
  double s_ = lab[0] - 0.0894841775 * lab[1] - 1.2914855480 * lab[2];
  double l = l_ * l_ * l_, m = m_ * m_ * m_, s = s_ * s_ * s_;

  rgb[0] = +4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s;
  rgb[1] = -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s;
  rgb[2] = -0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s;
}

/* IEC 61966-2-1 (sRGB) transfer functions. */
double ct_srgb_to_linear(double c)
{
  return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

double ct_linear_to_srgb(double c)
{
  c = c < 0.0 ? 0.0 : (c > 1.0 ? 1.0 : c);
  return c <= 0.0031308 ? 12.92 * c : 1.055 * pow(c, 1.0 / 2.4) - 0.055;
}

static double lab_f(double t)
{
  const double e = 216.0 / 24389.0, k = 24389.0 / 27.0;

  return t > e ? cbrt(t) : (k * t + 16.0) / 116.0;
}

/* CIE 15:2004: linear sRGB (IEC 61966-2-1 primaries) to XYZ to CIELAB, D65 white. */
void ct_linear_srgb_to_cielab(const double rgb[3], double lab[3])
{
  double x = 0.4124564 * rgb[0] + 0.3575761 * rgb[1] + 0.1804375 * rgb[2];
  double y = 0.2126729 * rgb[0] + 0.7151522 * rgb[1] + 0.0721750 * rgb[2];
  double z = 0.0193339 * rgb[0] + 0.1191920 * rgb[1] + 0.9503041 * rgb[2];
  double fx = lab_f(x / 0.95047), fy = lab_f(y / 1.0), fz = lab_f(z / 1.08883);

  lab[0] = 116.0 * fy - 16.0;
  lab[1] = 500.0 * (fx - fy);
  lab[2] = 200.0 * (fy - fz);
}

/* CIELAB lightness L* alone: it depends on the luminance Y only (CIE 15:2004), one cube root
 * where the whole conversion takes three. */
static double lightness_of(const double rgb[3])
{
  double y = 0.2126729 * rgb[0] + 0.7151522 * rgb[1] + 0.0721750 * rgb[2];

  return 116.0 * lab_f(y / 1.0) - 16.0;
}

static int in_gamut(const double rgb[3])
{
  for (int i = 0; i < 3; i++)
    if (rgb[i] < -1e-6 || rgb[i] > 1.0 + 1e-6)
      return 0;
  return 1;
}

/* Halvings of the bisections below: OKLab L to within 4e-9 and the chroma to within 2e-7, far
 * finer than the 8-bit palettes need (they come out the same byte for byte as with 50 and 30
 * halvings, the segments' colours within 4e-7) at a third of the cost: a palette of 256 takes
 * ~4.5 ms on this project's machine (20 ms before). */
#define LIGHTNESS_HALVINGS 28
#define CHROMA_HALVINGS    20

/* The OKLab colour of hue @h_deg and chroma @c whose CIELAB lightness is @target_l (bisection on
 * OKLab L, which L* follows monotonically at fixed a, b). */
static void colour_at_lightness(double target_l, double c, double h_deg, double rgb[3])
{
  double lo = 0.0, hi = 1.0;

  for (int i = 0; i < LIGHTNESS_HALVINGS; i++) {
    double lab[3] = {0.5 * (lo + hi), c * cos(h_deg * DEG), c * sin(h_deg * DEG)};

    ct_oklab_to_linear_srgb(lab, rgb);
    if (lightness_of(rgb) < target_l)
      lo = lab[0];
    else
      hi = lab[0];
  }
}

/* The most chroma up to @c_max that stays inside sRGB at lightness L* @target_l and hue @h_deg. */
static void gamut_colour(double target_l, double c_max, double h_deg, double rgb[3])
{
  double lo = 0.0, hi = c_max;

  colour_at_lightness(target_l, c_max, h_deg, rgb);
  if (in_gamut(rgb))
    return;
  for (int i = 0; i < CHROMA_HALVINGS; i++) {
    double mid = 0.5 * (lo + hi);

    colour_at_lightness(target_l, mid, h_deg, rgb);
    if (in_gamut(rgb))
      lo = mid;
    else
      hi = mid;
  }
  colour_at_lightness(target_l, lo, h_deg, rgb);
}

static uint8_t to_byte(double linear)
{
  return (uint8_t)lround(ct_linear_to_srgb(linear) * 255.0);
}

void ct_palette_fill(CtPalette palette, uint8_t rgb[CT_PALETTE_SIZE * 3])
{
  for (int i = 0; i < CT_PALETTE_SIZE; i++) {
    double t = i / (double)(CT_PALETTE_SIZE - 1), target_l, c, h, lin[3];

    if (palette == CT_PALETTE_SCAR) {
      /* Healthy myocardium a pale cream (L* 94, hue 85°), transmural scar a dark maroon (L* 28,
       * hue 10°); chroma grows with the scar so that small scars already read as colour. */
      target_l = 94.0 - 66.0 * t;
      c = 0.025 + 0.11 * sqrt(t);
      h = 85.0 - 75.0 * t;
    } else {
      /* Early: dark blue-violet (L* 24, hue 285°); late: light yellow (L* 94, hue 100°), through
       * teal and green. Lightness linear in L*: equal steps in time look like equal steps. */
      target_l = 24.0 + 70.0 * t;
      c = 0.11 + 0.05 * t;
      h = 285.0 - 185.0 * t;
    }
    gamut_colour(target_l, c, h, lin);
    for (int k = 0; k < 3; k++)
      rgb[3 * i + k] = to_byte(lin[k]);
  }
}

void ct_palette_segments(float rgb[CT_N_SEGMENTS][3])
{
  for (int i = 0; i < CT_N_SEGMENTS; i++) {
    /* Hue steps of 7/17 of a turn: consecutive segments (neighbours on the wall) land far apart
     * on the hue circle; three lightness levels separate the hues that end up close. */
    double h = 25.0 + 360.0 * ((i * 7) % CT_N_SEGMENTS) / CT_N_SEGMENTS;
    static const double levels[3] = {58.0, 74.0, 88.0};
    double lin[3];

    gamut_colour(levels[i % 3], 0.14, h, lin);
    for (int k = 0; k < 3; k++)
      rgb[i][k] = (float)ct_linear_to_srgb(lin[k]);
  }
}

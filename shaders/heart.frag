#version 330 core
// heart.frag — calm anatomical lighting of the base colour the vertex shader chose, the hovered
// segment, the LV lead's segment, the cut-away's interior.
//
// This runs for every covered pixel (with 4x MSAA, for every pixel any sample of a triangle
// touches), so it is kept short: colours arrive already in linear light (flat, from the vertex
// shader; uniforms converted on the CPU), the cut-away is clipped in the vertex shader rather than
// discarded here (which lets llvmpipe test depth before shading), and the one per-fragment power
// left, the final sRGB encode, uses square roots. The result is encoded to sRGB here because the
// framebuffers we draw into (GtkGLArea's, the tests') are not sRGB framebuffers. The specular half
// vector is that of a viewer at infinity, as OpenGL's fixed lighting had it by default
// (GL_LIGHT_MODEL_LOCAL_VIEWER false): a constant, no per-pixel view direction; at the view's
// 30-40 degree field the highlight moves by a few degrees, and llvmpipe draws the heart ~7 %
// faster (bench-renderer). The lead's stripes are smoothed over a width the renderer computes
// from the projection (u_stripe_blur) rather than by screen-space derivatives per pixel.
//
// SPDX-License-Identifier: GPL-3.0-or-later

in float v_stripe; // (x + y + z) / 6 of the posed position, mm: the lead's stripes
in vec3 v_normal;
flat in vec3 v_base; // linear
flat in float v_highlight;
flat in float v_lead;

uniform bool u_marker;
uniform float u_marker_alpha;
uniform vec3 u_lead_colour; // linear
uniform vec3 u_interior_colour; // linear
uniform float u_stripe_blur; // the stripes' smoothing, in stripe periods: about one pixel

out vec4 frag_colour;

// The sRGB encode, 1.055 c^(1/2.4) - 0.055 above the linear toe, as a fit in c^(1/2), c^(1/4),
// c^(1/8) and c (Ian Taylor, "Fast sRGB conversion", 2019): within 0.25/255 of the exact curve
// everywhere, i.e. the same 8-bit output up to rounding. Square roots are single instructions,
// while pow() on llvmpipe is exp2(log2()) by polynomials: the exact encode took ~40 % of a frame.
vec3 to_srgb(vec3 c)
{
  c = clamp(c, 0.0, 1.0);
  vec3 s1 = sqrt(c), s2 = sqrt(s1), s3 = sqrt(s2);
  vec3 curve = 0.662002687 * s1 + 0.684122060 * s2 - 0.323583601 * s3 - 0.0225411470 * c;
  return mix(c * 12.92, curve, step(0.0031308, c));
}

void main()
{
  vec3 n = normalize(v_normal);
  bool interior = !gl_FrontFacing && !u_marker;
  if (!gl_FrontFacing)
    n = -n;

  vec3 base = interior ? u_interior_colour : v_base;

  if (v_lead > 0.5 && !interior) {
    // The LV lead's segment: soft diagonal stripes of the lead colour.
    float s = v_stripe;
    float w = u_stripe_blur;
    float stripe = smoothstep(0.5 - w, 0.5 + w, abs(fract(s) * 2.0 - 1.0));
    base = mix(base, u_lead_colour, 0.45 * stripe);
  }

  // Lights fixed to the viewer: a key light from the upper left, a weak fill from the right, and a
  // hemisphere ambient (cool above, warm below), as in a calm studio photograph.
  const vec3 key = vec3(-0.45, 0.6, 0.65) / length(vec3(-0.45, 0.6, 0.65));
  const vec3 fill = vec3(0.7, -0.15, 0.5) / length(vec3(0.7, -0.15, 0.5));
  float hemi = 0.5 + 0.5 * n.y;
  vec3 ambient = mix(vec3(0.20, 0.18, 0.17), vec3(0.24, 0.25, 0.28), hemi);
  float key_diffuse = max(dot(n, key), 0.0);
  float fill_diffuse = max(dot(n, fill), 0.0);
  const vec3 h = (key + vec3(0.0, 0.0, 1.0)) / length(key + vec3(0.0, 0.0, 1.0));
  // x^48 by squaring (x^32 * x^16): pow() is exp2(48 * log2(x)), two long polynomials per pixel.
  float x = max(dot(n, h), 0.0);
  float x2 = x * x, x4 = x2 * x2, x8 = x4 * x4, x16 = x8 * x8;
  float specular = x16 * x16 * x16 * 0.18;

  vec3 colour;
  if (interior) {
    // Cut surfaces read as flat: the inside of the wall, lit only enough to show depth.
    colour = base * (0.75 + 0.25 * key_diffuse);
  } else {
    colour = base * (ambient + 0.85 * key_diffuse + 0.25 * fill_diffuse) + vec3(specular);
  }

  if (v_highlight > 0.5 && !interior) {
    // The hovered segment: lifted toward white with a soft rim, readable on every palette.
    float r = 1.0 - max(n.z, 0.0);
    colour = mix(colour, vec3(1.0, 0.97, 0.9), 0.45) + 0.25 * r * r;
  }

  frag_colour = vec4(to_srgb(colour), u_marker ? u_marker_alpha : 1.0);
}

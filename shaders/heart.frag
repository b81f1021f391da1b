#version 330 core
// heart.frag — calm anatomical lighting, the colour maps on the 17 AHA segments, the hovered
// segment, the LV lead's segment, the cut-away.
//
// Colours arrive in sRGB and are lit in linear light (the palette texture is GL_SRGB8, so the
// sampler linearises it); the result is encoded back to sRGB here, because the framebuffers we draw
// into (GtkGLArea's, the tests') are not sRGB framebuffers.
//
// SPDX-License-Identifier: GPL-3.0-or-later

in vec3 v_world;
in vec3 v_normal;
in vec3 v_eye;
flat in uint v_part;
flat in uint v_segment;

uniform bool u_marker;
uniform vec3 u_marker_colour;
uniform float u_marker_alpha;

uniform int u_colour_mode; // CtColourMode: 0 anatomy, 1 activation, 2 scar, 3 segments
uniform vec3 u_part_colour[13]; // sRGB, per CtPart
uniform vec3 u_segment_colour[18]; // sRGB, index = AHA segment (0 unused)
uniform float u_segment_value[18]; // index = AHA segment; below -1e29: no value
uniform vec2 u_value_range; // the values mapped to the palette's ends
uniform sampler2D u_palette; // 256 x 2: row 0 activation, row 1 scar
uniform vec3 u_no_value_colour; // sRGB

uniform int u_highlight; // AHA segment under the pointer, 0: none
uniform int u_lead_segment; // AHA segment of the LV lead, 0: none
uniform vec3 u_lead_colour;

uniform bool u_cut_enabled;
uniform vec4 u_cut_plane; // heart frame: fragments with dot(n, p) + d > 0 are cut away
uniform vec3 u_interior_colour;

out vec4 frag_colour;

vec3 to_linear(vec3 c)
{
  return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(0.04045, c));
}

vec3 to_srgb(vec3 c)
{
  c = clamp(c, 0.0, 1.0);
  return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(0.0031308, c));
}

vec3 palette(float t, float row)
{
  return texture(u_palette, vec2((clamp(t, 0.0, 1.0) * 255.0 + 0.5) / 256.0, row)).rgb;
}

// Base colour in linear light.
vec3 base_colour()
{
  if (u_marker)
    return to_linear(u_marker_colour);
  vec3 anatomy = to_linear(u_part_colour[min(v_part, 12u)]);
  if (u_colour_mode == 0)
    return anatomy;
  if (v_segment < 1u || v_segment > 17u) {
    // Around a map, the rest of the heart steps back: a light, desaturated version of itself.
    float grey = dot(anatomy, vec3(0.2126, 0.7152, 0.0722));
    return mix(vec3(grey), anatomy, 0.3) * 0.8 + 0.06;
  }
  if (u_colour_mode == 3)
    return to_linear(u_segment_colour[v_segment]);
  float value = u_segment_value[v_segment];
  if (value < -1e29)
    return to_linear(u_no_value_colour);
  float span = u_value_range.y - u_value_range.x;
  float t = span != 0.0 ? (value - u_value_range.x) / span : 0.0;
  return palette(t, u_colour_mode == 1 ? 0.25 : 0.75);
}

void main()
{
  if (u_cut_enabled && !u_marker && dot(u_cut_plane.xyz, v_world) + u_cut_plane.w > 0.0)
    discard;

  vec3 n = normalize(v_normal);
  vec3 v = normalize(-v_eye);
  bool interior = !gl_FrontFacing && !u_marker;
  if (!gl_FrontFacing)
    n = -n;

  vec3 base = interior ? to_linear(u_interior_colour) : base_colour();

  if (!u_marker && int(v_segment) == u_lead_segment && u_lead_segment > 0 && !interior) {
    // The LV lead's segment: soft diagonal stripes of the lead colour.
    float s = (v_world.x + v_world.y + v_world.z) / 6.0;
    float w = fwidth(s);
    float stripe = smoothstep(0.5 - w, 0.5 + w, abs(fract(s) * 2.0 - 1.0));
    base = mix(base, to_linear(u_lead_colour), 0.45 * stripe);
  }

  // Lights fixed to the viewer: a key light from the upper left, a weak fill from the right, and a
  // hemisphere ambient (cool above, warm below), as in a calm studio photograph.
  vec3 key = normalize(vec3(-0.45, 0.6, 0.65));
  vec3 fill = normalize(vec3(0.7, -0.15, 0.5));
  float hemi = 0.5 + 0.5 * n.y;
  vec3 ambient = mix(vec3(0.20, 0.18, 0.17), vec3(0.24, 0.25, 0.28), hemi);
  float key_diffuse = max(dot(n, key), 0.0);
  float fill_diffuse = max(dot(n, fill), 0.0);
  vec3 h = normalize(key + v);
  float specular = pow(max(dot(n, h), 0.0), 48.0) * 0.18;

  vec3 colour;
  if (interior) {
    // Cut surfaces read as flat: the inside of the wall, lit only enough to show depth.
    colour = base * (0.75 + 0.25 * key_diffuse);
  } else {
    colour = base * (ambient + 0.85 * key_diffuse + 0.25 * fill_diffuse) + vec3(specular);
  }

  if (!u_marker && u_highlight > 0 && int(v_segment) == u_highlight && !interior) {
    // The hovered segment: lifted toward white with a soft rim, readable on every palette.
    float rim = pow(1.0 - max(dot(n, v), 0.0), 2.0);
    colour = mix(colour, vec3(1.0, 0.97, 0.9), 0.45) + 0.25 * rim;
  }

  frag_colour = vec4(to_srgb(colour), u_marker ? u_marker_alpha : 1.0);
}

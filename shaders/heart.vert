#version 330 core
// heart.vert — poses the heart mesh from the chamber poses, and places the lead markers.
//
// The pose is exactly ct_vertex_posed_position() (src/render/ct-mesh.c), operation for operation:
// test-renderer checks the two agree by capturing v_world with transform feedback. Change both or
// neither.
//
// SPDX-License-Identifier: GPL-3.0-or-later

layout(location = 0) in vec3 a_position; // mm, reference geometry, heart frame
layout(location = 1) in vec3 a_normal;
layout(location = 2) in uvec4 a_tags; // part, AHA segment, chamber (255: static), valve
layout(location = 3) in float a_depth; // 0 endocardium .. 1 epicardium

uniform mat4 u_view;
uniform mat4 u_projection;
uniform mat3 u_normal_matrix; // inverse transpose of u_view's upper 3x3

// CtHeartPose, one entry per CtChamber (LV, RV, LA, RA).
uniform vec3 u_chamber_origin[4];
uniform vec3 u_chamber_axis[4];
uniform vec4 u_chamber_scale[4]; // endo_long, endo_radial, epi_long, epi_radial
// Valves (mitral, aortic, tricuspid, pulmonary): opening 0 closed .. 1 open, and the annulus the
// leaflets fold into (centre, radius mm; axis), measured from the mesh by the renderer.
uniform vec4 u_valve_opening;
uniform vec4 u_valve_annulus[4];
uniform vec3 u_valve_axis[4];

// Colours, all in linear light (converted from sRGB once, on the CPU: see ct-renderer.c). The base
// colour depends only on a vertex's flat tags and on uniforms, so it is chosen here, once per
// vertex, rather than once per fragment: on llvmpipe every fragment-shader instruction runs for
// every covered pixel of every triangle (both sides of every branch), and this shader's branches
// and sRGB conversions were most of a frame's time.
uniform int u_colour_mode; // CtColourMode: 0 anatomy, 1 activation, 2 scar, 3 segments
uniform vec3 u_part_colour[14]; // per CtPart; the last for any other part (unlabelled)
uniform vec3 u_segment_colour[18]; // index = AHA segment (0 unused)
uniform float u_segment_value[18]; // index = AHA segment; below -1e29: no value
uniform vec2 u_value_range; // the values mapped to the palette's ends
uniform sampler2D u_palette; // 256 x 2, sRGB storage: row 0 activation, row 1 scar
uniform vec3 u_no_value_colour;
uniform vec3 u_marker_colour;
uniform int u_highlight; // AHA segment under the pointer, 0: none
uniform int u_lead_segment; // AHA segment of the LV lead, 0: none

// The cut-away: points with dot(n, p) + d > 0 (heart frame) are clipped. Clipping the triangles
// (gl_ClipDistance) cuts exactly where a per-fragment discard did, since the plane's distance is
// linear over a triangle; without a discard the fragment shader lets llvmpipe test depth early.
uniform bool u_cut_enabled;
uniform vec4 u_cut_plane;

// Lead markers: a unit sphere placed at a point of the reference geometry that moves with its
// chamber (u_marker_chamber, 255: static) at depth u_marker_depth.
uniform bool u_marker;
uniform vec3 u_marker_centre;
uniform int u_marker_chamber;
uniform float u_marker_depth;
uniform float u_marker_radius_mm;

out vec3 v_world; // posed position, heart frame (captured by transform feedback in the tests)
out float v_stripe; // (x + y + z) / 6 of it: the lead segment's diagonal stripes, 6 mm apart
out vec3 v_normal; // eye space
flat out vec3 v_base; // linear base colour
flat out float v_highlight; // 1: the hovered segment
flat out float v_lead; // 1: the LV lead's segment

const uint PART_MITRAL_VALVE = 9u;
const uint PART_PULMONARY_VALVE = 12u;

vec3 pose_point(vec3 p, uint chamber, float depth)
{
  if (chamber >= 4u)
    return p;
  vec4 s = u_chamber_scale[chamber];
  vec3 origin = u_chamber_origin[chamber];
  vec3 axis = u_chamber_axis[chamber];
  float t = clamp(depth, 0.0, 1.0);
  float s_long = s.x + t * (s.z - s.x);
  float s_radial = s.y + t * (s.w - s.y);
  vec3 d = p - origin;
  float axial = d.x * axis.x + d.y * axis.y + d.z * axis.z;
  vec3 along = axial * axis;
  return origin + s_long * along + s_radial * (d - along);
}

// The pose scales by s_long along the axis and s_radial across it: normals take the inverse.
vec3 pose_normal(vec3 n, uint chamber, float depth)
{
  if (chamber >= 4u)
    return n;
  vec4 s = u_chamber_scale[chamber];
  vec3 axis = u_chamber_axis[chamber];
  float t = clamp(depth, 0.0, 1.0);
  float s_long = max(s.x + t * (s.z - s.x), 1e-3);
  float s_radial = max(s.y + t * (s.w - s.y), 1e-3);
  vec3 m = n / s_radial + (1.0 / s_long - 1.0 / s_radial) * dot(n, axis) * axis;
  return normalize(m);
}

// A leaflet opens by folding toward its annulus: each point moves toward the annulus point in its
// radial direction, leaving (1 - opening) of its distance (the free edge travels furthest).
vec3 open_valve(vec3 p, uint part, uint valve)
{
  if (part < PART_MITRAL_VALVE || part > PART_PULMONARY_VALVE || valve == 0u)
    return p;
  int k = int(part - PART_MITRAL_VALVE);
  vec4 annulus = u_valve_annulus[k];
  vec3 axis = u_valve_axis[k];
  vec3 d = p - annulus.xyz;
  vec3 radial = d - dot(d, axis) * axis;
  float r = length(radial);
  if (annulus.w <= 0.0 || r < 1e-4)
    return p;
  vec3 rim = annulus.xyz + radial * (annulus.w / r);
  return rim + (p - rim) * (1.0 - clamp(u_valve_opening[k], 0.0, 1.0));
}

vec3 palette(float t, float row)
{
  return textureLod(u_palette, vec2((clamp(t, 0.0, 1.0) * 255.0 + 0.5) / 256.0, row), 0.0).rgb;
}

// Base colour in linear light.
vec3 base_colour(uint part, uint segment)
{
  vec3 anatomy = u_part_colour[min(part, 13u)];
  if (u_colour_mode == 0)
    return anatomy;
  if (segment < 1u || segment > 17u) {
    // Around a map, the rest of the heart steps back: a light, desaturated version of itself.
    float grey = dot(anatomy, vec3(0.2126, 0.7152, 0.0722));
    return mix(vec3(grey), anatomy, 0.3) * 0.8 + 0.06;
  }
  if (u_colour_mode == 3)
    return u_segment_colour[segment];
  float value = u_segment_value[segment];
  if (value < -1e29)
    return u_no_value_colour;
  float span = u_value_range.y - u_value_range.x;
  float t = span != 0.0 ? (value - u_value_range.x) / span : 0.0;
  return palette(t, u_colour_mode == 1 ? 0.25 : 0.75);
}

void main()
{
  vec3 world;
  vec3 normal;

  if (u_marker) {
    vec3 centre = pose_point(u_marker_centre, uint(u_marker_chamber), u_marker_depth);
    world = centre + u_marker_radius_mm * a_position;
    normal = a_normal;
    v_base = u_marker_colour;
    v_highlight = 0.0;
    v_lead = 0.0;
  } else {
    vec3 p = open_valve(a_position, a_tags.x, a_tags.w);
    world = pose_point(p, a_tags.z, a_depth);
    normal = pose_normal(a_normal, a_tags.z, a_depth);
    v_base = base_colour(a_tags.x, a_tags.y);
    int segment = int(a_tags.y);
    v_highlight = u_highlight > 0 && segment == u_highlight ? 1.0 : 0.0;
    v_lead = u_lead_segment > 0 && segment == u_lead_segment ? 1.0 : 0.0;
  }
  v_world = world;
  v_stripe = (world.x + world.y + world.z) / 6.0;
  gl_ClipDistance[0] =
      u_cut_enabled && !u_marker ? -(dot(u_cut_plane.xyz, world) + u_cut_plane.w) : 1.0;
  vec4 eye = u_view * vec4(world, 1.0);
  v_normal = u_normal_matrix * normal;
  gl_Position = u_projection * eye;
}

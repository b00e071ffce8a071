// docs/openapi.yaml against the product (issue 21, item 6): Redocly's linter finds nothing, the
// description holds exactly the /api/v1 routes of the route table, and what a demo server
// really answers — every GET route with the ids its lists give, and the writes of a short
// session — validates against the schema described for that operation and status.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const yaml = require('js-yaml');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');
const { ROOT, tz, startServer, api, patternRe, routeTable } = require('../server.js');

const SPEC_PATH = path.join(ROOT, 'docs/openapi.yaml');
const spec = yaml.load(fs.readFileSync(SPEC_PATH, 'utf8'));
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

// The described operations as { method, path, pattern } with the path's "{name}" as "{}".
function described() {
  const ops = [];
  for (const [p, item] of Object.entries(spec.paths)) {
    for (const m of METHODS) {
      if (!item[m]) continue;
      ops.push({ method: m.toUpperCase(), path: p, pattern: p.replace(/\{[^}]+\}/g, '{}') });
    }
  }
  return ops;
}

test('redocly lint finds no error and no warning', () => {
  const bin = path.join(__dirname, 'node_modules/.bin/redocly');
  const r = spawnSync(bin, ['lint', '--format=stylish', SPEC_PATH], { encoding: 'utf8' });
  const out = r.stdout + r.stderr;
  assert.strictEqual(r.status, 0, out);
  assert.doesNotMatch(out, /warning/i, out);
});

test('every /api/v1 route of src/routes.c is described, and nothing else', () => {
  const table = routeTable().filter((r) => r.path.startsWith('/api/v1'))
    .map((r) => `${r.method} ${r.path}`).sort();
  const doc = described().map((o) => `${o.method} ${o.pattern}`).sort();
  assert.ok(table.length > 90, `only ${table.length} API routes read from src/routes.c`);
  assert.deepStrictEqual(doc.filter((d) => !table.includes(d)), [], 'described but not routed');
  assert.deepStrictEqual(table.filter((t) => !doc.includes(t)), [], 'routed but not described');
});

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(spec, 'openapi');

// The operation of the spec that method and concrete path p (no query) fall under.
function operationOf(method, p) {
  for (const [sp, item] of Object.entries(spec.paths)) {
    if (item[method.toLowerCase()] && patternRe(sp.replace(/\{[^}]+\}/g, '{}')).test(p)) {
      return { sp, op: item[method.toLowerCase()] };
    }
  }
  return null;
}

const pointer = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1');

// Checks an answer: its status is described for the operation and a JSON body validates
// against that status's schema. Returns a problem as text, or null.
function problem(method, url, status, body) {
  const p = url.split('?')[0];
  const found = operationOf(method, p);
  if (!found) return `${method} ${p}: no operation describes it`;
  let resp = found.op.responses[String(status)] || found.op.responses.default;
  if (!resp) return `${method} ${url}: status ${status} is not described`;
  let ref = `openapi#/paths/${pointer(found.sp)}/${method.toLowerCase()}/responses/` +
    pointer(found.op.responses[String(status)] ? String(status) : 'default');
  if (resp.$ref) {
    ref = 'openapi' + resp.$ref;
    const unescape = (k) => k.replace(/~1/g, '/').replace(/~0/g, '~');
    resp = resp.$ref.split('/').slice(1).reduce((o, k) => o[unescape(k)], spec);
  }
  if (typeof body !== 'object' || body === null) return null; // not JSON: a file
  const media = Object.keys(resp.content || {}).find((t) => t.startsWith('application/json'));
  if (!media) return `${method} ${url}: answered JSON where ${status} describes none`;
  const validate = ajv.compile({ $ref: `${ref}/content/${pointer(media)}/schema` });
  if (validate(body)) return null;
  return `${method} ${url} ${status}: ` + ajv.errorsText(validate.errors, { separator: '; ' }) +
    ` — ${JSON.stringify(body).slice(0, 300)}`;
}

test('a demo server\'s answers validate against the description', async () => {
  const srv = await startServer();
  try {
    const root = tz(['unit', 'list', '--db', srv.db]).split('\n')[0].split(/\s+/)[0];
    const problems = [];
    const seen = [];
    const call = async (method, url, json) => {
      const r = await api(srv, 'admin', method, url, json);
      seen.push(`${method} ${url.split('?')[0]}`);
      const p = problem(method, url, r.status, r.body);
      if (p) problems.push(p);
      return r;
    };
    // the lists first, for the ids of the routes below them
    const firstId = {};
    const gets = described().filter((o) => o.method === 'GET');
    for (const o of gets.filter((g) => !g.pattern.includes('{}'))) {
      const r = await call('GET', `${o.path}?unit=${root}&subtree=1`);
      if (r.status !== 200 || typeof r.body !== 'object') continue;
      for (const v of Object.values(r.body)) {
        if (Array.isArray(v) && v[0] && typeof v[0] === 'object') {
          firstId[o.path] = v[0].id !== undefined ? v[0].id : v[0].code;
        }
      }
    }
    // each route with one id: the first of its list's answer
    for (const o of gets.filter((g) => (g.pattern.match(/\{\}/g) || []).length === 1)) {
      const list = o.path.slice(0, o.path.indexOf('/{'));
      if (firstId[list] === undefined) continue;
      await call('GET', o.path.replace(/\{[^}]+\}/, encodeURIComponent(firstId[list])) +
        `?unit=${root}`);
    }
    // writes: the answers of a short session, and the error envelope
    const plan = await call('GET', `/api/v1/tasks?unit=${root}&subtree=1&limit=1`);
    await call('POST', '/api/v1/units',
      { code: 'OA1', name: '接口测试单位', parent: root, kind: 'office' });
    await call('POST', '/api/v1/units', { code: 'OA1', name: '重复', parent: root });
    await call('POST', '/api/v1/meetings',
      { unit: root, title: '部务会', kind: 'leadership', day: '2026-06-01' });
    await call('POST', '/api/v1/meetings',
      { unit: root, title: '', kind: 'nope', day: '2026-02-30' });
    await call('GET', '/api/v1/tasks/999999999');
    await call('GET', `/api/v1/tasks?unit=${root}&limit=x`);
    // without an account: the public routes, and the 401 of the others
    const bare = async (method, url, json) => {
      const r = await fetch(srv.base + url, {
        method, headers: json ? { 'Content-Type': 'application/json' } : {},
        body: json ? JSON.stringify(json) : undefined,
      });
      const body = await r.json();
      seen.push(`${method} ${url}`);
      const p = problem(method, url, r.status, body);
      if (p) problems.push(p);
      return body;
    };
    await bare('GET', '/api/v1/units');
    const sent = await bare('POST', '/api/v1/public/opinions',
      { content: '希望窗口延长办公时间', target_unit: root });
    if (sent.tracking_code) await bare('GET', `/api/v1/public/opinions/${sent.tracking_code}`);
    await bare('GET', '/api/v1/public/opinions/NO-SUCH-CODE');
    assert.ok(plan.status === 200, 'the task list answered ' + plan.status);
    assert.deepStrictEqual(problems, []);
    assert.ok(seen.length >= 50, `only ${seen.length} answers checked: ${seen.join(', ')}`);
  } finally {
    await srv.stop();
  }
});

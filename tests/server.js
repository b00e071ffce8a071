// What the Node test suites (tests/browser, tests/api) share, with no npm package: a server of
// its own on a free loopback port with a fresh demo database and a fixed today, the binary run
// as a command, API calls with a token, and the route patterns of src/routes.c. Test tooling
// only: nothing here is part of the product.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const BIN = process.env.TZ_BIN || path.join(ROOT, 'build/taizhang');
const TODAY = '2026-06-15';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Runs the taizhang binary to completion and returns its standard output.
function tz(args, env = {}) {
  return execFileSync(BIN, args,
    { encoding: 'utf8', env: { ...process.env, TAIZHANG_TODAY: TODAY, ...env } });
}

// A fresh demo database served on a free port. Returns { base, db, dir, logins, token(login),
// stop() }; logins maps each demo login to its password.
async function startServer(opts = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tz-node-'));
  const db = path.join(dir, 'demo.db');
  const out = tz(['demo', '--db', db, '--seed', String(opts.seed || 1)]);
  const logins = {};
  for (const line of out.split('\n')) {
    const m = line.match(
      /^\s+(\S+)\s+(\S{12,})\s+(admin|supervisor|unit_admin|staff|leader|cadre)\s+(\S+)/);
    if (m) logins[m[1]] = { password: m[2], role: m[3], unit: m[4] };
  }
  const port = await freePort();
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`], {
    env: { ...process.env, TAIZHANG_TODAY: TODAY },
    stdio: ['ignore', 'ignore', fs.openSync(path.join(dir, 'serve.log'), 'a')],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(base + '/healthz')).ok) break;
    } catch { /* not yet listening */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  const tokens = {};
  return {
    base, db, dir, logins,
    token(login) {
      if (!tokens[login]) {
        tokens[login] = tz(['token', 'create', '--db', db, '--login', login]).trim().split('\n').pop();
      }
      return tokens[login];
    },
    // adds an account (password "S3cret-pass-1") and returns its login
    user(login, unit, role) {
      fs.writeFileSync(path.join(dir, 'pw'), 'S3cret-pass-1\n');
      tz(['user', 'add', '--db', db, '--login', login, '--name', login, '--unit', unit,
        '--role', role,
        '--password-file', path.join(dir, 'pw')]);
      logins[login] = { password: 'S3cret-pass-1', role, unit };
      return login;
    },
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// An API call; returns { status, body } (body parsed when it is JSON).
async function api(srv, login, method, p, json) {
  const headers = { Authorization: 'Bearer ' + srv.token(login) };
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  const sent = json === undefined ? undefined : JSON.stringify(json);
  const r = await fetch(srv.base + p, { method, headers, body: sent });
  const text = await r.text();
  let body = text;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, body };
}

// A route pattern ("/tasks/{}") as a regular expression over paths.
function patternRe(p) {
  return new RegExp('^' + p.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\}/g, '[^/?#]+') + '$');
}

// The (method, pattern) rows of the route table, src/routes.c: [{ method: 'GET', path }].
function routeTable() {
  const src = fs.readFileSync(path.join(ROOT, 'src/routes.c'), 'utf8');
  return [...src.matchAll(/\{ M_([A-Z]+), "([^"]+)"/g)].map((m) => ({ method: m[1], path: m[2] }));
}

module.exports = { ROOT, BIN, TODAY, freePort, tz, startServer, api, patternRe, routeTable };

// What every browser test shares: a server of its own on a free loopback port with a fresh demo
// database and a fixed today, Chromium (Debian's) through playwright-core, logging in with the
// form, the API with a token, axe-core, screenshots under build/browser, and the page routes of
// src/routes.c. Test tooling only: nothing here is part of the product.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '../..');
const BIN = process.env.TZ_BIN || path.join(ROOT, 'build/taizhang');
const SHOTS = path.join(ROOT, 'build/browser');
const TODAY = '2026-06-15';
const DESK = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

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
  return execFileSync(BIN, args, { encoding: 'utf8', env: { ...process.env, TAIZHANG_TODAY: TODAY, ...env } });
}

// A fresh demo database served on a free port. Returns { base, db, dir, logins, token(login),
// stop() }; logins maps each demo login to its password.
async function startServer(opts = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tz-browser-'));
  const db = path.join(dir, 'demo.db');
  const out = tz(['demo', '--db', db, '--seed', String(opts.seed || 1)]);
  const logins = {};
  for (const line of out.split('\n')) {
    const m = line.match(/^\s+(\S+)\s+(\S{12,})\s+(admin|supervisor|unit_admin|staff|leader|cadre)\s+(\S+)/);
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
      if (!tokens[login]) tokens[login] = tz(['token', 'create', '--db', db, '--login', login]).trim().split('\n').pop();
      return tokens[login];
    },
    // adds an account (password "S3cret-pass-1") and returns its login
    user(login, unit, role) {
      fs.writeFileSync(path.join(dir, 'pw'), 'S3cret-pass-1\n');
      tz(['user', 'add', '--db', db, '--login', login, '--name', login, '--unit', unit, '--role', role,
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
  const r = await fetch(srv.base + p, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  const text = await r.text();
  let body = text;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, body };
}

function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
}

// A new browser context at the viewport, Chinese unless lang is 'en' (the language cookie).
async function context(browser, srv, viewport, opts = {}) {
  // bypassCSP: axe-core is injected as an inline script, which the pages' policy forbids
  const ctx = await browser.newContext({ viewport, locale: 'zh-CN', bypassCSP: true, javaScriptEnabled: opts.js !== false });
  if (opts.lang) await ctx.addCookies([{ name: 'lang', value: opts.lang, url: srv.base }]);
  return ctx;
}

// Logs in through the form as a person does.
async function login(page, srv, who) {
  await page.goto(srv.base + '/login');
  await page.fill('input[name=login]', who);
  await page.fill('input[name=password]', srv.logins[who].password);
  await Promise.all([page.waitForNavigation(), page.press('input[name=password]', 'Enter')]);
}

async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name.replace(/[^\w.-]+/g, '_') + '.png'), fullPage: true });
}

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// axe-core's violations of impact serious or critical on the page, as "id (n)".
async function axeSerious(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.nodes.length}: ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')})`));
}

// The GET page routes of src/routes.c (not the API, static files or downloads).
function pageRoutes() {
  const src = fs.readFileSync(path.join(ROOT, 'src/routes.c'), 'utf8');
  return [...src.matchAll(/\{ M_GET, "([^"]+)"/g)].map((m) => m[1])
    .filter((p) => !p.startsWith('/api/') && !p.startsWith('/static/') && !/\.(csv|xlsx|docx)$/.test(p));
}

// A route pattern ("/tasks/{}") as a regular expression over paths.
function patternRe(p) {
  return new RegExp('^' + p.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\}/g, '[^/?#]+') + '$');
}

// Follows the links of the pages the signed-in page reaches from "/" until every page route
// (but those in skip) has a concrete path in found (pattern -> { href, who }), or 600 pages
// were read.
async function crawl(page, srv, found, who, skip = []) {
  const routes = pageRoutes().filter((p) => !skip.includes(p));
  const seen = new Set(['/']);
  const queue = ['/'];
  for (let n = 0; queue.length && n < 600 && Object.keys(found).length < routes.length; n++) {
    const p = queue.shift();
    const r = await page.request.get(srv.base + p, { maxRedirects: 0 });
    const type = r.headers()['content-type'] || '';
    if (r.status() !== 200 || !type.startsWith('text/html')) continue;
    const html = await r.text();
    for (const m of html.matchAll(/href="(\/[^"#]*)"/g)) {
      const href = m[1].replace(/&amp;/g, '&');
      const bare = href.split('?')[0];
      if (seen.has(bare) || /\.(csv|xlsx|docx|css|js)$/.test(bare) || bare.startsWith('/lang') ||
          bare.startsWith('/api/')) continue;
      seen.add(bare);
      for (const route of routes) {
        if (!found[route] && patternRe(route).test(bare)) found[route] = { href, who };
      }
      queue.push(href);
    }
  }
}

module.exports = {
  ROOT, BIN, TODAY, DESK, PHONE, tz, startServer, api, launch, context, login, shot, axeSerious,
  pageRoutes, patternRe, crawl,
};

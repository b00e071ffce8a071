// What every browser test shares: a server of its own on a free loopback port with a fresh demo
// database and a fixed today, Chromium (Debian's) through playwright-core, logging in with the
// form, the API with a token, axe-core, screenshots under build/browser, and the page routes of
// src/routes.c. Test tooling only: nothing here is part of the product.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { ROOT, BIN, TODAY, tz, startServer, api, patternRe, routeTable } = require('../server.js');

const SHOTS = path.join(ROOT, 'build/browser');
const DESK = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

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
  return routeTable().filter((r) => r.method === 'GET').map((r) => r.path)
    .filter((p) => !p.startsWith('/api/') && !p.startsWith('/static/') && !/\.(csv|xlsx|docx)$/.test(p));
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

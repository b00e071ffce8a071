// Every page of the route table, desk (1366x900) and phone (390x844), signed in and public:
// it answers 200, does not scroll sideways on a phone, has no serious or critical axe-core
// violation, weighs under 60 KB (HTML, CSS and JS), asks no other host for anything, and on a
// phone its tap targets are at least 44x44 px. A screenshot of each is left under build/browser.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const lib = require('./lib');

// Pages not reached by the crawl, and why: each is covered where named.
const UNCRAWLED = {
  '/healthz': 'plain text, not a page',
  '/metrics': 'Prometheus text for the monitoring, not a page',
  '/lang': 'a redirect (the English test)',
  '/attachments/{}': 'a download, not a page',
  '/opinions/attachments/{}': 'a download, not a page',
  '/essays/{}/file': "a download, not a page (the contest's own tests)",
  '/evaluations/{}/codes/{}': "a slip's QR code, an image (the evaluation's own tests)",
  '/research/{}/file': "a download, not a page (the research tests)",
  '/evaluations/{}/reports/{}': 'a duty report file, not a page',
  '/vote/{}': 'reached with a paper code (flows test)',
  '/answer/{}': 'reached with a paper code (the survey tests, tests/unit/test_survey.c)',
  '/contests/{}/review': "only a contest's reviewers see it (the contest's own tests)",
  '/login': 'public', '/opinion/new': 'public', '/track': 'public',
};
const PUBLIC = ['/login', '/opinion/new', '/track'];
const BUDGET = 60 * 1024;

let srv, browser;
test.before(async () => {
  srv = await lib.startServer();
  browser = await lib.launch();
  // a period report, so that its pages exist
  const r = await lib.api(srv, 'admin', 'POST', '/api/v1/reports',
    { unit: 'P', title: '2026年上半年组织工作统计', from: '2026-01-01', to: '2026-06-30', due: '2026-07-10', indicators: ['opinion.collected', 'measure.made', 'measure.implemented'], levels: ['city', 'county'] });
  assert.strictEqual(r.status, 201, JSON.stringify(r.body));
  // and a numbered notice on a task
  const t = await lib.api(srv, 'sup', 'GET', '/api/v1/tasks?unit=P&subtree=1&limit=1');
  const n = await lib.api(srv, 'sup', 'POST', `/api/v1/tasks/${t.body.tasks[0].id}/supervision`,
    { kind: 'notice', text: '关于重点任务逾期未办结的通报' });
  assert.strictEqual(n.status, 201, JSON.stringify(n.body));
});
test.after(async () => {
  await browser?.close();
  await srv?.stop();
});

// Loads path and checks it; returns the problems found.
async function check(page, name, p, phone) {
  const problems = [];
  let bytes = 0;
  const foreign = [];
  const onResponse = async (resp) => {
    const url = new URL(resp.url());
    if (url.origin !== srv.base) return;
    const type = resp.headers()['content-type'] || '';
    if (/text\/html|text\/css|javascript/.test(type)) {
      try { bytes += (await resp.body()).length; } catch { /* a redirect has no body */ }
    }
  };
  const onRequest = (req) => {
    const url = new URL(req.url());
    if (url.protocol.startsWith('http') && url.origin !== srv.base) foreign.push(req.url());
  };
  page.on('response', onResponse);
  page.on('request', onRequest);
  const r = await page.goto(srv.base + p);
  await page.waitForLoadState('load');
  page.off('response', onResponse);
  page.off('request', onRequest);
  if (!r || r.status() !== 200) return [`${p}: status ${r ? r.status() : 'none'}`];
  if (phone) {
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (wide > 0) problems.push(`${p}: scrolls sideways by ${wide} px`);
    const small = await page.evaluate(() => {
      const out = [];
      const sel = 'nav a, nav button, nav label, button, select, textarea, summary, .pager a, ' +
        'input:not([type=hidden]):not([type=checkbox]):not([type=radio]), label:has(> input[type=checkbox]), ' +
        'label:has(> input[type=radio])';
      for (const el of document.querySelectorAll(sel)) {
        const b = el.getBoundingClientRect();
        const cs = getComputedStyle(el);
        if (!b.width || !b.height || cs.visibility === 'hidden' || el.closest('.hp, .skip')) continue;
        if (b.width < 44 || b.height < 44) out.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.name || '').trim().slice(0, 12)}" ${Math.round(b.width)}x${Math.round(b.height)}`);
      }
      return out.slice(0, 4);
    });
    if (small.length) problems.push(`${p}: tap targets under 44 px: ${small.join('; ')}`);
  }
  if (bytes > BUDGET) problems.push(`${p}: ${bytes} bytes of HTML, CSS and JS (budget ${BUDGET})`);
  if (foreign.length) problems.push(`${p}: asks another host: ${foreign[0]}`);
  const axe = await lib.axeSerious(page);
  if (axe.length) problems.push(`${p}: axe ${axe.join(', ')}`);
  await lib.shot(page, `${name}${p === '/' ? '-home' : p}`);
  return problems;
}

test('every page, desk and phone, signed in and public', async () => {
  const found = { '/': { href: '/', who: 'admin' }, '/rules/public/{}': { href: '/rules/public/P', who: 'admin' } };
  for (const who of ['admin', 'sup']) {
    const desk = await lib.context(browser, srv, lib.DESK);
    const crawler = await desk.newPage();
    await lib.login(crawler, srv, who);
    await lib.crawl(crawler, srv, found, who, Object.keys(UNCRAWLED));
    await desk.close();
  }
  // the printable notice's older address (the API answers with it): the same page as /notices/{}
  if (found['/notices/{}']) {
    found['/supervision/{}'] = { ...found['/notices/{}'], href: found['/notices/{}'].href.replace('/notices/', '/supervision/') };
  }
  const missing = lib.pageRoutes().filter((p) => !(p in UNCRAWLED) && !found[p]);
  assert.deepStrictEqual(missing, [], 'page routes no link reaches from "/"');

  const problems = [];
  for (const [name, viewport] of [['desk', lib.DESK], ['phone', lib.PHONE]]) {
    const ctx = await lib.context(browser, srv, viewport);
    const page = await ctx.newPage();
    for (const p of PUBLIC) problems.push(...await check(page, `${name}-public`, p, name === 'phone'));
    await ctx.close();
    for (const who of ['admin', 'sup']) {
      const signed = await lib.context(browser, srv, viewport);
      const page = await signed.newPage();
      await lib.login(page, srv, who);
      for (const route of Object.keys(found).sort()) {
        if (found[route].who === who) problems.push(...await check(page, name, found[route].href, name === 'phone'));
      }
      await signed.close();
    }
  }
  assert.deepStrictEqual(problems, []);
});

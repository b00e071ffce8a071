// The English switch (issue 20, item 5): with English chosen, no page the administrator reaches
// from "/", nor a public page, shows Chinese text except data that users typed. The data are
// every run of Chinese characters in the demo database (its dump through sqlite3); what is left
// on a page after them is the page's own text, which must be English. The language switch
// itself names the other language ("中文").
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { execFileSync } = require('node:child_process');
const lib = require('./lib');

const CJK = /[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]+/g;
const SWITCH = '中文';
const SKIP = ['/healthz', '/metrics', '/lang', '/attachments/{}', '/opinions/attachments/{}',
  '/evaluations/{}/reports/{}', '/vote/{}', '/contests/{}/review', '/essays/{}/file',
  '/research/{}/file', '/evaluations/{}/codes/{}', '/login', '/opinion/new', '/track'];

let srv, browser;
test.before(async () => {
  srv = await lib.startServer({ seed: 2 });
  browser = await lib.launch();
});
test.after(async () => {
  await browser?.close();
  await srv?.stop();
});

// Every Chinese run of the database's text, one per line.
function dataText() {
  const dump = execFileSync('sqlite3', [srv.db, '.dump'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  return [...new Set(dump.match(CJK) || [])].join('\n');
}

// The Chinese runs of the page's text that are no data.
async function chrome(page, data) {
  const text = await page.evaluate(() => document.body.innerText);
  return [...new Set(text.match(CJK) || [])].filter((run) => run !== SWITCH && !data.includes(run));
}

test('with English chosen, no page shows Chinese but the data', async () => {
  const data = dataText();
  const found = { '/': { href: '/', who: 'admin' } };
  const ctx = await lib.context(browser, srv, lib.DESK, { lang: 'en' });
  const page = await ctx.newPage();
  await lib.login(page, srv, 'admin');
  await lib.crawl(page, srv, found, 'admin', SKIP);
  const problems = [];
  const paths = ['/login', '/opinion/new', '/track', ...Object.values(found).map((f) => f.href)];
  for (const p of paths) {
    if (p === '/login') continue; /* signed in: the login page sends home; checked below */
    const r = await page.goto(srv.base + p);
    if (!r || r.status() !== 200) continue;
    const left = await chrome(page, data);
    if (left.length) problems.push(`${p}: ${left.slice(0, 5).join(' / ')}`);
  }
  await ctx.close();
  const anon = await lib.context(browser, srv, lib.DESK, { lang: 'en' });
  const login = await anon.newPage();
  await login.goto(srv.base + '/login');
  const left = await chrome(login, data);
  if (left.length) problems.push(`/login: ${left.join(' / ')}`);
  await anon.close();
  assert.ok(paths.length > 50, `only ${paths.length} pages reached`);
  assert.deepStrictEqual(problems, []);
});

// Without JavaScript (issue 20, item 7): the public opinion form at phone width, the ledger and
// its filter, and a ballot cast with a paper code are read and submitted as plain forms, with
// the browser's JavaScript turned off.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const lib = require('./lib');

let srv, browser;
test.before(async () => {
  srv = await lib.startServer({ seed: 3 });
  browser = await lib.launch();
});
test.after(async () => {
  await browser?.close();
  await srv?.stop();
});

// Submits the form of the element by clicking its submit button, waiting for the next page.
async function submit(page, form) {
  await Promise.all([page.waitForNavigation(), page.click(`${form} button[type=submit]`)]);
}

test('the public opinion form at phone width, then tracking it by its code', async () => {
  const ctx = await lib.context(browser, srv, lib.PHONE, { js: false });
  const page = await ctx.newPage();
  await page.goto(srv.base + '/opinion/new');
  await page.fill('textarea[name=content]', '窗口办事排队时间太长,希望增加周末服务');
  const unit = await page.$eval('select[name=target_unit]',
    (s) => [...s.options].find((o) => o.value).value);
  await page.selectOption('select[name=target_unit]', unit);
  await submit(page, 'form[action="/opinion/new"]');
  const done = await page.textContent('main');
  const code = (done.match(/[0-9A-Z]{12,}/) || [])[0];
  assert.ok(code, `no tracking code on the page: ${done.slice(0, 200)}`);
  await page.goto(srv.base + '/track');
  await page.fill('input[name=code]', code);
  await submit(page, 'form[action="/track"]');
  assert.match(await page.textContent('main'), /窗口办事排队时间太长/);
  await ctx.close();
});

test('the ledger and its filter', async () => {
  const ctx = await lib.context(browser, srv, lib.DESK, { js: false });
  const page = await ctx.newPage();
  await lib.login(page, srv, 'admin');
  const r = await page.goto(srv.base + '/tasks?unit=P&subtree=1');
  assert.strictEqual(r.status(), 200);
  const rows = await page.$$eval('main table tbody tr', (t) => t.length);
  assert.ok(rows > 0, 'the ledger lists no task');
  await page.selectOption('form.filters select[name=state]', 'overdue');
  await submit(page, 'form.filters');
  assert.match(page.url(), /state=overdue/);
  assert.match(await page.textContent('main'), /逾期/);
  await ctx.close();
});

test('a ballot cast with a paper code, and the same code again', async () => {
  const desk = await lib.context(browser, srv, lib.DESK);
  const organizer = await desk.newPage();
  await lib.login(organizer, srv, 'admin');
  const list = await lib.api(srv, 'admin', 'GET', '/api/v1/evaluations?unit=P&subtree=1');
  const open = list.body.evaluations.find((e) => e.state === 'open' && e.organizer);
  assert.ok(open, 'the demo has no open evaluation');
  const slips = await (await organizer.request.get(`${srv.base}/evaluations/${open.id}/codes`)).text();
  const shown = (slips.match(/slip-code">([0-9A-Z]{5})-([0-9A-Z]{5})</) || []);
  assert.ok(shown.length, 'no unused paper code on the slips');
  const code = shown[1] + shown[2];
  await desk.close();

  const ctx = await lib.context(browser, srv, lib.PHONE, { js: false });
  const page = await ctx.newPage();
  const url = `${srv.base}/vote/${open.id}?code=${code}`;
  assert.strictEqual((await page.goto(url)).status(), 200);
  for (const radio of await page.$$('form.ballot input[type=radio][value=competent]')) await radio.check();
  await submit(page, 'form.ballot');
  assert.match(await page.textContent('main'), /投票成功/);
  await page.goto(url);
  assert.match(await page.textContent('main'), /测评码已使用过/);
  await ctx.close();
});

// Printing (issue 20, item 6): a signed, numbered supervision notice, the paper-code slips and the
// results of a closed evaluation print on A4 through Chromium's PDF printing with the print
// stylesheet: pdfinfo reads the page size, pdftotext the title, the serial and the figures, and
// no navigation or button is printed; the slips' QR codes, rendered from the PDF by pdftoppm,
// decode with zbarimg to the ballot's address with the slip's code.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const lib = require('./lib');

let srv, browser, ctx, page;
test.before(async () => {
  srv = await lib.startServer({ seed: 4 });
  browser = await lib.launch();
  ctx = await lib.context(browser, srv, lib.DESK);
  page = await ctx.newPage();
  await lib.login(page, srv, 'admin');
});
test.after(async () => {
  await ctx?.close();
  await browser?.close();
  await srv?.stop();
});

// Prints path to a PDF in the server's directory; returns { file, text, size, pages }.
async function print(p, name) {
  const r = await page.goto(srv.base + p);
  assert.strictEqual(r.status(), 200, `${p}: status ${r.status()}`);
  const file = path.join(srv.dir, `${name}.pdf`);
  await page.pdf({ path: file, preferCSSPageSize: true });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  return {
    file, text, flat: text.replace(/\s+/g, ''),
    size: (info.match(/Page size:\s*(.*)/) || [])[1] || '',
    pages: Number((info.match(/Pages:\s*(\d+)/) || [])[1]),
  };
}

function assertA4(pdf, what) {
  assert.match(pdf.size, /\(A4\)|59[45](\.\d+)? x 84[12]/, `${what} is not A4: ${pdf.size}`);
  assert.doesNotMatch(pdf.text, /退出|Log out|筛选|跳到正文/, `${what} prints navigation`);
}

test('a signed supervision notice prints on A4 with its serial', async () => {
  const t = await lib.api(srv, 'sup', 'GET', '/api/v1/tasks?unit=P&subtree=1&limit=1');
  const n = await lib.api(srv, 'sup', 'POST', `/api/v1/tasks/${t.body.tasks[0].id}/supervision`,
    { kind: 'notice', text: '关于重点任务逾期未办结的通报' });
  assert.strictEqual(n.status, 201, JSON.stringify(n.body));
  srv.user('lead', 'P', 'leader');
  const s = await lib.api(srv, 'lead', 'POST', `/api/v1/notices/${n.body.id}/sign`, {});
  assert.strictEqual(s.status, 200, JSON.stringify(s.body));
  const list = await lib.api(srv, 'sup', 'GET', '/api/v1/notices?unit=P');
  const shown = list.body.notices.find((x) => x.id === n.body.id) || {};
  const number = shown.serial;
  assert.match(String(number), /督查通报〔\d{4}〕\d+号/, JSON.stringify(shown));
  const pdf = await print(`/supervision/${n.body.id}`, 'notice');
  assertA4(pdf, 'the notice');
  assert.ok(pdf.flat.includes(String(number)), `the notice does not print ${number}`);
  assert.ok(pdf.flat.includes('关于重点任务逾期未办结的通报'), 'the notice does not print its text');
});

test('paper-code slips print on A4 and their QR codes scan', async () => {
  const list = await lib.api(srv, 'admin', 'GET', '/api/v1/evaluations?unit=P&subtree=1');
  const open = list.body.evaluations.find((e) => e.state === 'open' && e.organizer);
  assert.ok(open, 'the demo has no open evaluation');
  const pdf = await print(`/evaluations/${open.id}/codes`, 'slips');
  assertA4(pdf, 'the slips');
  const code = (pdf.text.match(/([0-9A-Z]{5})-([0-9A-Z]{5})/) || []);
  assert.ok(code.length, 'no paper code printed');
  execFileSync('pdftoppm', ['-r', '150', '-f', '1', '-l', '1', '-png', pdf.file,
    path.join(srv.dir, 'slips')]);
  const png = fs.readdirSync(srv.dir).find((f) => /^slips.*\.png$/.test(f));
  const scanned = execFileSync('zbarimg', ['-q', '--raw', path.join(srv.dir, png)],
    { encoding: 'utf8' }).split('\n').filter(Boolean);
  assert.ok(scanned.length >= 3, `only ${scanned.length} QR codes decoded on the first page`);
  const first = code[1] + code[2];
  assert.ok(scanned.includes(`${srv.base}/vote/${open.id}?code=${first}`),
    `the first slip's QR code (${first}) decodes to none of ${scanned.slice(0, 3).join(', ')}`);
});

test("a closed evaluation's results print on A4 with their figures", async () => {
  const list = await lib.api(srv, 'admin', 'GET', '/api/v1/evaluations?unit=P&subtree=1');
  const closed = list.body.evaluations.find((e) => e.state === 'closed');
  assert.ok(closed, 'the demo has no closed evaluation');
  const results = await lib.api(srv, 'admin', 'GET', `/api/v1/evaluations/${closed.id}/results`);
  assert.strictEqual(results.status, 200);
  const pdf = await print(`/evaluations/${closed.id}/results`, 'results');
  assertA4(pdf, 'the results');
  assert.ok(pdf.flat.includes(closed.title.replace(/\s+/g, '')), 'the results do not print the title');
  assert.ok(pdf.flat.includes(String(closed.voted)), `the results do not print ${closed.voted} ballots`);
});

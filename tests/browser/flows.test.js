// End-to-end flows as a person clicks (issue 20, item 2), each asserting what the pages show: the
// login form's wrong-password and throttle messages; a key task from plan to acceptance (a plan
// published, its key task split to two counties, reported with an attachment, returned with a
// reason, reported again and accepted) and a supervisor's urge and signed, numbered notice on a
// task due soon, whose light goes out once it is reported done; a public opinion at phone width
// replied to by staff and rated with its tracking code; a ballot cast on a phone with a paper
// code, the code refused the second time, and the results read after closing; an exam half
// answered, its answers kept over a reload, handed in for its score. No page of a flow may answer
// 500 or above or throw a script error. Also: the ledger as cards on a phone, and signing in
// and sending a public opinion by keyboard alone, every stop showing a focus ring.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const lib = require('./lib');

let srv, browser;
const contexts = [];
// answers of 500 and above and script errors on any page, which fail the flow they happen in
const failures = [];
test.before(async () => {
  srv = await lib.startServer({ seed: 5 });
  browser = await lib.launch();
});
test.afterEach(async () => {
  for (const ctx of contexts.splice(0)) await ctx.close();
  assert.deepStrictEqual(failures.splice(0), []);
});
test.after(async () => {
  await browser?.close();
  await srv?.stop();
});

// A page of a new context at the viewport, signed in as who through the form (none: public).
async function open(who, viewport = lib.DESK) {
  const ctx = await lib.context(browser, srv, viewport);
  contexts.push(ctx);
  const page = await ctx.newPage();
  page.on('response', (r) => {
    if (r.status() >= 500) failures.push(`${r.request().method()} ${r.url()}: ${r.status()}`);
  });
  page.on('pageerror', (e) => failures.push(`${page.url()}: ${e.message}`));
  if (who) await lib.login(page, srv, who);
  return page;
}

// Goes to path; the page must answer 200.
async function visit(page, path) {
  const r = await page.goto(srv.base + path);
  assert.strictEqual(r.status(), 200, `${path}: status ${r.status()}`);
}

// Clicks the submit button of the form (the button named by its text when given) and waits for
// the page it leads to, which must answer status (by default, no error); returns its status.
async function submit(page, form, { button, status } = {}) {
  const sel = button ? `${form} button:has-text("${button}")` : `${form} button[type=submit]`;
  const [r] = await Promise.all([page.waitForNavigation(), page.click(sel)]);
  const got = r ? r.status() : 0;
  if (status ? got !== status : got >= 400) {
    assert.fail(`${form}: status ${got}: ${(await text(page, 'body')).slice(0, 300)}`);
  }
  return got;
}

// Follows the link sel and waits for its page.
async function follow(page, sel) {
  await Promise.all([page.waitForNavigation(), page.click(sel)]);
}

// The text of the first element of sel as it reads on the screen, spaces squeezed.
async function text(page, sel = 'main') {
  return (await page.innerText(sel)).replace(/\s+/g, ' ').trim();
}

// The message a form's post left on the page (p.notice role=status).
async function said(page) {
  return text(page, 'main p.notice[role=status]');
}

// A task page's line of light, state and kind, and its lights' classes.
async function taskLine(page) {
  const line = page.locator('main > p').filter({ hasText: ' · ' }).first();
  const lights = await line.locator('.light').evaluateAll((l) => l.map((e) => e.className));
  return { text: ((await line.textContent()) || '').trim(), lights };
}

// YYYY-MM-DDTHH:MM in the server's local time (UTC+8), hours from now.
function localTime(hours) {
  return new Date(Date.now() + (8 + hours) * 3600e3).toISOString().slice(0, 16);
}

test('login: a wrong password is refused, and repeated ones are throttled', async () => {
  const who = srv.user('flows_login', 'C01-K03', 'staff');
  const page = await open(null);
  const attempt = async (password, status) => {
    await visit(page, '/login');
    await page.fill('input[name=login]', who);
    await page.fill('input[name=password]', password);
    await submit(page, 'form[action="/login"]', { status });
  };
  // the account may fail five times (LOGIN_MAX_PER_ACCOUNT, src/web/login.c)
  for (let i = 1; i <= 5; i++) {
    await attempt(`wrong-password-${i}`, 401);
    assert.strictEqual(await text(page, 'main p.error[role=alert]'), '用户名或密码不正确');
    assert.strictEqual(await page.inputValue('input[name=login]'), who, 'the login typed is lost');
  }
  await attempt('wrong-password-6', 429);
  assert.strictEqual(await text(page, 'main p.error[role=alert]'), '尝试次数过多,请稍后再试');
  // while throttled even the right password is held off
  await attempt(srv.logins[who].password, 429);
  assert.strictEqual(await text(page, 'main p.error[role=alert]'), '尝试次数过多,请稍后再试');
  assert.match(page.url(), /\/login$/);
  // another account from the same client still signs in
  const other = await open('city');
  assert.doesNotMatch(other.url(), /\/login/);
  assert.match(await text(other, 'header'), /city/);
});

// Files a progress report on task id from its page, reporting it done, with a file if given.
async function reportDone(page, id, words, file) {
  const form = `form[action="/tasks/${id}/progress"]`;
  await page.fill(`${form} textarea[name=text]`, words);
  await page.fill(`${form} input[name=percent]`, '100');
  if (file) await page.setInputFiles(`${form} input[name=attachment]`, file);
  await page.check(`${form} input[name=done]`);
  await submit(page, form);
  assert.strictEqual(await said(page), '已报告进展');
}

// s as a regular expression matching itself.
function re(s) {
  return new RegExp(s.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&'));
}

test('a key task from plan to acceptance, urged and noticed by the supervisor', async () => {
  const admin = await open('admin');
  // a work plan of the province
  await visit(admin, '/plans');
  await admin.fill('form[action="/plans"] input[name=year]', '2026');
  await admin.fill('form[action="/plans"] input[name=title]', '2026年组织工作要点(流程)');
  await submit(admin, 'form[action="/plans"]');
  assert.strictEqual(await said(admin), '已发布工作要点');
  assert.match(await text(admin, 'main table'), re('2026 2026年组织工作要点(流程) 示范省委组织部'));

  // a key task led by a city, assisted by two others
  const title = '推进基层党组织标准化规范化建设(流程)';
  await follow(admin, 'nav a[href="/tasks"]');
  await follow(admin, 'main a[href="/tasks/new"]');
  await admin.fill('input[name=title]', title);
  await admin.selectOption('select[name=plan]', { label: '2026 2026年组织工作要点(流程)' });
  await admin.selectOption('select[name=kind]', 'key');
  await admin.selectOption('select[name=lead_unit]', 'C01');
  await admin.fill('input[name=assist_units]', 'C02,C03');
  await admin.fill('input[name=deadline]', '2026-07-31');
  await admin.fill('textarea[name=description]', '年底前各县区全部达标');
  await submit(admin, 'form[action="/tasks"]');
  assert.strictEqual(await said(admin), '已交办任务');
  const parent = admin.url().match(/\/tasks\/(\d+)/)[1];
  assert.strictEqual(await text(admin, 'main h1'), title);
  let line = await taskLine(admin);
  assert.match(line.text, /已交办 · 重点工作/);
  assert.deepStrictEqual(line.lights, ['light green']);
  assert.match(await text(admin), new RegExp('承办\\)单位 江州市委组织部 协办单位 \\S+市委组织部、' +
    '\\S+市委组织部 交办单位 示范省委组织部 .*时限 2026-07-31 .*说明 年底前各县区全部达标'));
  // the plan counts it
  await visit(admin, '/plans');
  assert.match(await text(admin, 'main table'), re('2026 2026年组织工作要点(流程) 示范省委组织部 1 0'));
  // the assisting units find it in their ledgers
  for (const unit of ['C02', 'C03']) {
    await visit(admin, `/tasks?unit=${unit}&role=assist`);
    assert.ok((await text(admin, 'main table')).includes(title), `${unit} does not see the task`);
  }

  // split to two counties: one due in a month, one in three days
  await visit(admin, `/tasks/${parent}`);
  const ids = {};
  const parts = [['C01-K01', '清源区委组织部', '2026-07-15', '清源区达标建设'],
    ['C01-K02', '泰川区委组织部', '2026-06-18', '泰川区达标建设']];
  for (const [code, name, due, sub] of parts) {
    const split = `form[action="/tasks/${parent}/split"]`;
    await admin.selectOption(`${split} select[name=lead_unit]`, code);
    await admin.fill(`${split} input[name=title]`, sub);
    await admin.fill(`${split} input[name=deadline]`, due);
    await submit(admin, split);
    assert.strictEqual(await said(admin), '已分解任务');
    const item = admin.locator('main ul.tree li').filter({ hasText: sub });
    assert.match(await item.textContent(), re(`${sub} · ${name} · ${due} · 已交办 · 0%`));
    ids[code] = (await item.locator('a').getAttribute('href')).match(/\d+$/)[0];
  }
  const first = `/tasks/${ids['C01-K01']}`, second = `/tasks/${ids['C01-K02']}`;

  // the first county finds its part in its ledger, signs for it and reports it done with a file
  const county = await open('county');
  await follow(county, 'nav a[href="/tasks"]');
  await follow(county, 'main table a:has-text("清源区达标建设")');
  assert.ok(county.url().endsWith(first), county.url());
  await submit(county, `form[action="${first}/sign"]`);
  assert.strictEqual(await said(county), '已签收');
  const file = { name: '达标建设情况.txt', mimeType: 'text/plain',
    buffer: Buffer.from('清源区 43 个党支部全部达标。\n') };
  await reportDone(county, ids['C01-K01'], '43个党支部已全部完成标准化建设', file);
  line = await taskLine(county);
  assert.match(line.text, /已报办结/);
  assert.deepStrictEqual(line.lights, [], 'a task reported done has no light');
  assert.match(await text(county), /100%,报告办结 43个党支部已全部完成标准化建设/);
  const link = county.locator('main ul li a[href^="/attachments/"]');
  assert.strictEqual(await link.textContent(), '达标建设情况.txt');
  const got = await county.request.get(srv.base + await link.getAttribute('href'));
  assert.strictEqual(await got.text(), file.buffer.toString(), 'the attachment differs');

  // the assigning level, the city, returns it with a reason
  const city = await open('city');
  await visit(city, `/tasks/${parent}`);
  await follow(city, 'main ul.tree a:has-text("清源区达标建设")');
  const why = '缺少各支部验收台账,请补充';
  await city.fill(`form[action="${first}/return"] input[name=reason]`, why);
  await submit(city, `form[action="${first}/return"]`);
  assert.strictEqual(await said(city), '已退回');
  line = await taskLine(city);
  assert.match(line.text, /已退回/);
  assert.deepStrictEqual(line.lights, ['light green']);
  assert.match(await text(city, 'main ol.timeline'), re(why));

  // the county reads why, reports again, and the city accepts
  await visit(county, first);
  assert.match((await taskLine(county)).text, /已退回/);
  assert.match(await text(county, 'main ol.timeline'), re(why));
  await reportDone(county, ids['C01-K01'], '已补充43个支部的验收台账');
  await visit(city, first);
  assert.match((await taskLine(city)).text, /已报办结/);
  await city.selectOption(`form[action="${first}/accept"] select[name=rating]`, 'satisfied');
  await submit(city, `form[action="${first}/accept"]`);
  assert.strictEqual(await said(city), '已验收');
  line = await taskLine(city);
  assert.match(line.text, /已验收/);
  assert.deepStrictEqual(line.lights, []);
  assert.strictEqual(await city.locator(`form[action="${first}/progress"]`).count(), 0);
  await visit(city, `/tasks/${parent}`);
  assert.match(await text(city, 'main ul.tree'),
    re('清源区达标建设 · 清源区委组织部 · 2026-07-15 · 已验收 · 100%'));

  // the supervisor finds the second county's part due soon in the queue and urges it
  const sup = await open('sup');
  await follow(sup, 'nav a[href="/supervision"]');
  await follow(sup, 'main a:has-text("泰川区达标建设")');
  assert.ok(sup.url().endsWith(second), sup.url());
  line = await taskLine(sup);
  assert.deepStrictEqual(line.lights, ['light blue']);
  assert.match(line.text, /蓝灯 临近时限 已交办/);
  const supervise = `form[action="${second}/supervision"]`;
  await sup.selectOption(`${supervise} select[name=kind]`, 'urge');
  await sup.fill(`${supervise} textarea[name=text]`, '请于6月18日前完成并报送');
  await submit(sup, supervise);
  assert.strictEqual(await said(sup), '已发出督查');
  assert.match(await text(sup), /督查记录 .*示范省委组织部 催办 请于6月18日前完成并报送/);

  // and drafts a notice on it, which a leader of the department signs, numbering it
  await follow(sup, `main a[href="/notices?task=${ids['C01-K02']}"]`);
  const draft = 'form[action="/notices"]';
  assert.strictEqual(await sup.inputValue(`${draft} input[name=task]`), ids['C01-K02']);
  await sup.selectOption(`${draft} select[name=kind]`, 'criticism');
  await sup.fill(`${draft} input[name=title]`, '关于泰川区达标建设进度滞后的通报');
  await sup.selectOption(`${draft} select[name=to]`, ['C01-K02']);
  await sup.fill(`${draft} textarea[name=text]`, '泰川区达标建设进度滞后,予以通报。');
  await submit(sup, draft);
  assert.strictEqual(await text(sup, 'p.docno'), '待签发');
  const notice = sup.url().match(/\/notices\/(\d+)$/)[1];
  const lead = await open(srv.user('flows_lead', 'P', 'leader'));
  await visit(lead, `/notices/${notice}`);
  await submit(lead, `form[action="/notices/${notice}/sign"]`);
  const number = await text(lead, 'p.docno');
  assert.match(number, /^督查通报〔2026〕\d+号$/);
  assert.match(await text(lead, 'p.to'), /泰川区委组织部/);
  await visit(sup, second);
  assert.match(await text(sup), re(`通报批评 关于泰川区达标建设进度滞后的通报 ${number}`));

  // the second county reports it done: the light goes out
  const county2 = await open(srv.user('flows_county2', 'C01-K02', 'staff'));
  await visit(county2, second);
  assert.deepStrictEqual((await taskLine(county2)).lights, ['light blue']);
  await reportDone(county2, ids['C01-K02'], '泰川区31个党支部已全部达标');
  await visit(sup, second);
  line = await taskLine(sup);
  assert.match(line.text, /已报办结/);
  assert.deepStrictEqual(line.lights, []);
});

test('a public opinion at phone width, replied to by staff and rated with its code', async () => {
  const words = '村里的党员活动室晚上不开放,希望延长开放时间(流程)';
  const phone = await open(null, lib.PHONE);
  await visit(phone, '/opinion/new');
  await phone.fill('textarea[name=content]', words);
  await phone.selectOption('select[name=target_unit]', 'C01-K01');
  await submit(phone, 'form[action="/opinion/new"]');
  assert.strictEqual(await text(phone, 'main h1'), '提交成功');
  const code = await text(phone, 'main p.code strong');
  assert.match(code, /^[0-9A-Z]{12,}$/);
  const track = async () => {
    await visit(phone, '/track');
    await phone.fill('input[name=code]', code);
    await submit(phone, 'form[action="/track"]');
  };
  await track();
  assert.match(await text(phone), re(`意见建议 ${words} 正在办理,尚未反馈。`));

  // staff find it in the ledger of its unit and reply on its page
  const admin = await open('admin');
  await visit(admin, '/opinions?unit=C01-K01&state=unreplied');
  await Promise.all([admin.waitForNavigation(),
    admin.locator('main table tr').filter({ hasText: words }).locator('a').first().click()]);
  assert.match(await text(admin, 'main dl'), re(words));
  const reply = '已协调村党支部,活动室每晚开放至21点';
  await admin.fill('form[action$="/reply"] textarea[name=text]', reply);
  await submit(admin, 'form[action$="/reply"]');
  assert.strictEqual(await said(admin), '已反馈');
  assert.match(await text(admin, 'main dl'), re(`反馈 ${reply}`));

  // the citizen reads the reply with the code and rates it
  await track();
  assert.match(await text(phone), re(`反馈 ${reply}`));
  await phone.check('form[action="/track/rate"] input[value=satisfied]');
  await submit(phone, 'form[action="/track/rate"]');
  assert.strictEqual(await said(phone), '感谢您的评价');
  assert.match(await text(phone), /评价:满意/);
  assert.ok(await phone.isChecked('form[action="/track/rate"] input[value=satisfied]'));
  await lib.shot(phone, 'flows-opinion-rated-phone');
  await admin.reload();
  assert.match(await text(admin, 'main dl'), /评价 满意/);
});

test('a ballot on a phone with a paper code, the code again, and the results', async () => {
  // the organizer opens the evaluation in progress and takes a slip
  const admin = await open('admin');
  await follow(admin, 'nav a[href="/evaluations"]');
  await follow(admin, 'main table tr:has-text("测评中") a');
  const id = admin.url().match(/\/evaluations\/(\d+)$/)[1];
  const before = (await text(admin)).match(/参评 (\d+) \/ (\d+)/);
  assert.ok(before, `no turnout on the evaluation's page: ${(await text(admin)).slice(0, 200)}`);
  await follow(admin, `main a[href="/evaluations/${id}/codes"]`);
  const code = await text(admin, '.slip-code');
  assert.match(code, /^[0-9A-Z]{5}-[0-9A-Z]{5}$/);

  // the voter types the code as printed on the slip
  const phone = await open(null, lib.PHONE);
  const enter = async () => {
    await visit(phone, `/vote/${id}`);
    await phone.fill('input[name=code]', code);
    await follow(phone, `form[action="/vote/${id}"] button`);
  };
  await enter();
  const officials = await phone.locator('form.ballot fieldset').count();
  assert.ok(officials > 0, 'the ballot lists nobody');
  for (const radio of await phone.$$('form.ballot input[type=radio][value=competent]')) {
    await radio.check();
  }
  await submit(phone, 'form.ballot');
  assert.strictEqual(await text(phone, 'main h1'), '投票成功');
  assert.match(await text(phone), /选票已保存,感谢参与。每人只能投票一次。/);
  // the same code a second time
  await enter();
  assert.match(await text(phone, 'main p.error[role=alert]'), /测评码已使用过/);
  assert.strictEqual(await phone.locator('form.ballot').count(), 0);
  await lib.shot(phone, 'flows-vote-used-phone');

  // the organizer closes it and reads the results: one ballot more
  await visit(admin, `/evaluations/${id}`);
  await submit(admin, `form[action="/evaluations/${id}/close"]`);
  assert.match(await text(admin), /已结束/);
  await follow(admin, `main a[href="/evaluations/${id}/results"]`);
  const voted = Number(before[1]) + 1;
  assert.match(await text(admin, 'main p'), re(`有效票数 ${voted} · 参评 ${voted} / ${before[2]}`));
  assert.ok((await admin.locator('main table tbody tr').count()) >= officials);
});

test('an exam: half answered, the answers kept over a reload, handed in for a score', async () => {
  // the province publishes a test open now for the city's people
  const admin = await open('admin');
  await visit(admin, '/exams');
  const title = '党章党规应知应会自测(流程)';
  const form = 'form[action="/exams"]';
  await admin.fill(`${form} input[name=title]`, title);
  await admin.fill(`${form} input[name=unit]`, 'P');
  await admin.fill(`${form} input[name=examinee_unit]`, 'C01');
  await admin.fill(`${form} textarea[name=rules]`, '党章党规, 6');
  await admin.fill(`${form} input[name=minutes]`, '30');
  await admin.fill(`${form} input[name=opens]`, localTime(-1));
  await admin.fill(`${form} input[name=closes]`, localTime(24));
  await submit(admin, form);
  assert.strictEqual(await said(admin), '已发布测试');
  const exam = admin.url().match(/\/exams\/(\d+)/)[1];

  const county = await open('county');
  await follow(county, 'nav a[href="/exams"]');
  await follow(county, `main a:has-text("${title}")`);
  await submit(county, `form[action="/exams/${exam}/start"]`);
  const items = county.locator('form#paper fieldset');
  const n = await items.count();
  assert.strictEqual(n, 6);
  // the first half answered rightly (the bank's answers, as its keeper reads them, found by
  // their text among the shuffled options), each option saved by the page's script as it is
  // given: nothing left waiting in the browser
  const bank = await lib.api(srv, 'admin', 'GET', '/api/v1/questions?unit=P&limit=1000');
  const right = new Map(bank.body.questions.map((q) =>
    [`q${q.id}`, q.answer.map((k) => q.options[k])]));
  const chosen = [];
  for (let i = 0; i < n / 2; i++) {
    const options = await items.nth(i).locator('label').evaluateAll((l) => l.map((e) =>
      ({ name: e.firstElementChild.name, value: e.firstElementChild.value,
        text: e.textContent.trim().replace(/^[A-H]\. /, '') })));
    assert.ok(right.has(options[0].name), `${options[0].name} is not in the bank`);
    for (const answer of right.get(options[0].name)) {
      const o = options.find((x) => x.text === answer);
      assert.ok(o, `no option "${answer}" on the paper`);
      await items.nth(i).locator(`input[value="${o.value}"]`).check();
      chosen.push(`${o.name}=${o.value}`);
      await county.waitForFunction(() => Object.keys(localStorage).every((k) =>
        !k.startsWith('tz-exam-') || localStorage.getItem(k) === '{}'));
    }
  }
  chosen.sort();
  assert.strictEqual(await text(county, '#save-status'), '已保存');
  await county.reload();
  // what the server kept: checked in the page's HTML, and selected
  const kept = await county.$$eval('form#paper input[checked]',
    (l) => l.map((e) => `${e.name}=${e.value}`));
  assert.deepStrictEqual(kept.sort(), chosen);
  for (const c of chosen) {
    const [name, value] = c.split('=');
    assert.ok(await county.isChecked(`input[name=${name}][value="${value}"]`), `${c} not selected`);
  }
  await submit(county, 'form#paper', { button: '交卷' });
  assert.strictEqual(await said(county), '已交卷');
  // three of six right: 50 points, under the pass mark of 60
  assert.match(await text(county), /成绩 50\.0 \/ 100 · 未及格/);
  await visit(county, '/exams');
  const row = county.locator('main table tr').filter({ hasText: title });
  assert.match(await row.innerText(), /我的成绩 50\.0/);
});

test('the ledger on a phone: each task a card with its light, title, unit, deadline and state',
  async () => {
    const page = await open('admin', lib.PHONE);
    await visit(page, '/tasks?unit=P&subtree=1');
    const cards = await page.evaluate(() => {
      const rows = [...document.querySelectorAll('main table.cards tbody tr')].slice(0, 5);
      return rows.map((tr) => ({
        display: getComputedStyle(tr).display,
        right: tr.getBoundingClientRect().right,
        title: getComputedStyle(tr.cells[1]).display,
        text: tr.innerText,
      }));
    });
    const head = await page.$eval('main table.cards thead', (t) => t.getBoundingClientRect().height);
    assert.ok(cards.length > 0, 'no card in the ledger');
    assert.ok(head <= 1, `the table's header shows on a phone (${head} px)`);
    for (const c of cards) {
      assert.strictEqual(c.display, 'block');
      assert.strictEqual(c.title, 'block');
      assert.ok(c.right <= 390, `a card reaches ${c.right} px`);
      assert.match(c.text, /\d{4}-\d{2}-\d{2}/, `no deadline in ${c.text}`);
      assert.match(c.text, /组织部/, `no unit in ${c.text}`);
    }
  });

// Presses Tab until the focused element matches sel (at most 60 times); returns the elements
// focused on the way that showed no focus ring (the page itself, when Tab leaves the last
// control for the browser's own, is none).
async function tabTo(page, sel) {
  const ringless = [];
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate((s) => {
      const el = document.activeElement;
      const cs = getComputedStyle(el);
      const ring = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
      return { match: el.matches(s), ring, what: `${el.tagName} ${el.name || el.textContent}` };
    }, sel);
    if (!at.ring && !at.what.startsWith('BODY')) ringless.push(at.what.trim().slice(0, 30));
    if (at.match) return ringless;
  }
  assert.fail(`Tab never reached ${sel}`);
}

test('by keyboard alone: signing in, and a public opinion sent, every stop with a focus ring',
  async () => {
    const page = await open(null);
    await visit(page, '/login');
    const rings = [];
    rings.push(...await tabTo(page, 'input[name=login]'));
    await page.keyboard.type('admin');
    rings.push(...await tabTo(page, 'input[name=password]'));
    await page.keyboard.type(srv.logins.admin.password);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.ok(!page.url().includes('/login'), `still on ${page.url()}`);
    const pub = await open(null, lib.PHONE);
    await visit(pub, '/opinion/new');
    rings.push(...await tabTo(pub, 'textarea[name=content]'));
    await pub.keyboard.type('希望公开选调生考录的成绩排名');
    rings.push(...await tabTo(pub, 'select[name=target_unit]'));
    await pub.keyboard.press('ArrowDown');
    rings.push(...await tabTo(pub, 'button[type=submit]'));
    await Promise.all([pub.waitForNavigation(), pub.keyboard.press('Enter')]);
    assert.match(await text(pub), /[0-9A-Z]{12,}/, 'no tracking code after sending by keyboard');
    assert.deepStrictEqual(rings, [], 'focused without a visible ring');
  });

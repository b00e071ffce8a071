/* The exam page, made better when JavaScript runs (the plain form works without it): every
 * answer is saved as it is given through PUT /api/v1/exams/ID/answers/Q, answers not yet
 * confirmed by the server are kept in localStorage so that a reload or a lost connection loses
 * nothing, and they are sent again until the server has them. Also counts down the time left. */
(function () {
  'use strict';
  var form = document.getElementById('paper');
  if (!form || !window.fetch || !window.JSON) return;
  var exam = form.getAttribute('data-exam');
  var csrf = form.querySelector('input[name=csrf]').value;
  var key = 'tz-exam-' + exam + '-' + form.getAttribute('data-sitting');
  var status = document.getElementById('save-status');
  var pending = {};
  try { pending = JSON.parse(localStorage.getItem(key) || '{}') || {}; } catch (e) { pending = {}; }

  function store() {
    try { localStorage.setItem(key, JSON.stringify(pending)); } catch (e) { /* private mode */ }
  }
  function show(name) {
    if (status) status.textContent = form.getAttribute('data-' + name) || '';
  }
  function inputs(q) {
    return form.querySelectorAll('input[name="q' + q + '"]');
  }
  function choiceOf(q) {
    var out = [], list = inputs(q);
    for (var i = 0; i < list.length; i++)
      if (list[i].checked) out.push(parseInt(list[i].value, 10));
    return out;
  }
  function send(q) {
    var sent = JSON.stringify(pending[q]);
    return fetch('/api/v1/exams/' + exam + '/answers/' + q, {
      method: 'PUT', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: '{"choice":' + sent + '}'
    }).then(function (res) {
      if (res.status === 204 || (res.status >= 400 && res.status < 500)) {
        if (JSON.stringify(pending[q]) === sent) delete pending[q];
        store();
      }
      if (res.status === 409) location.reload(); /* time up or handed in: the page says so */
      show(res.status === 204 ? 'saved' : 'refused');
    }, function () { show('offline'); });
  }
  var busy = false;
  function flush() {
    var qs = Object.keys(pending);
    if (busy || !qs.length) return;
    busy = true;
    show('saving');
    var chain = Promise.resolve();
    qs.forEach(function (q) { chain = chain.then(function () { return send(q); }); });
    chain.then(function () { busy = false; }, function () { busy = false; });
  }
  /* answers given before a reload that the server had not confirmed */
  Object.keys(pending).forEach(function (q) {
    var list = inputs(q);
    for (var i = 0; i < list.length; i++)
      list[i].checked = pending[q].indexOf(parseInt(list[i].value, 10)) >= 0;
  });
  form.addEventListener('change', function (e) {
    var m = /^q(\d+)$/.exec(e.target.name || '');
    if (!m) return;
    pending[m[1]] = choiceOf(m[1]);
    store();
    flush();
  });
  form.addEventListener('submit', function () {
    try { localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
  });
  window.addEventListener('online', flush);
  setInterval(flush, 10000);
  flush();

  var clock = document.getElementById('time-left');
  var left = parseInt(form.getAttribute('data-left'), 10);
  if (clock && left > 0) {
    var end = Date.now() + left * 1000;
    var tick = function () {
      var s = Math.max(0, Math.round((end - Date.now()) / 1000));
      clock.textContent = Math.floor(s / 60) + ':' + ('0' + s % 60).slice(-2);
      if (s === 0) setTimeout(function () { location.reload(); }, 3000);
      else setTimeout(tick, 1000);
    };
    tick();
  }
})();

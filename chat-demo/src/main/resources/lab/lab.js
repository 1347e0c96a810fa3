// The protocol lab's page: it sends what the student typed to /lab/api/* and shows the answers.
// Every verdict comes from the server (wslab's own code); nothing here decides a protocol rule.
'use strict';

const $ = (id) => document.getElementById(id);
let limits = { maxFrameBytes: 16384, maxBodyBytes: 65536 };
let examples = { requests: {}, frames: {}, exercises: [] };

function show(el, on) { el.hidden = !on; }

function fail(box, message) {
  box.textContent = message;
  show(box, true);
}

// POST a JSON body; the answer's reason is shown as is when the server refuses.
async function post(path, body) {
  const text = JSON.stringify(body);
  if (text.length > limits.maxBodyBytes) {
    throw new Error('This input is ' + text.length.toLocaleString('en') + ' characters long; the lab takes at most '
      + limits.maxBodyBytes.toLocaleString('en') + ' (a frame of at most ' + limits.maxFrameBytes.toLocaleString('en')
      + ' bytes). Paste less.');
  }
  let response;
  try {
    response = await fetch('/lab/api/' + path, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: text,
    });
  } catch (e) {
    throw new Error('The lab server could not be reached (' + e.message + ').');
  }
  let answer = null;
  try { answer = await response.json(); } catch (e) { answer = null; }
  if (!response.ok) {
    const reason = answer && answer.reason ? answer.reason : 'HTTP ' + response.status;
    throw new Error(reason);
  }
  return answer;
}

function option(select, value, label) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  select.appendChild(o);
}

const REQUEST_NAMES = {
  'rfc': "the RFC 6455 §1.2 request (the seed's key)",
  'seed': "the seed's own request (page on :9000, server on :8080)",
};

// ------------------------------------------------------------------------------------------- handshake

async function runHandshake() {
  const error = $('hs-error');
  show(error, false);
  try {
    const answer = await post('handshake', {
      request: $('hs-request').value,
      originPolicy: $('hs-policy').value,
      allowedOrigins: $('hs-origins').value,
      subprotocols: $('hs-subprotocols').value,
      deflate: $('hs-deflate').checked,
    });
    renderHandshake(answer);
  } catch (e) {
    show($('hs-result'), false);
    fail(error, e.message);
  }
}

function renderHandshake(a) {
  const verdict = $('hs-verdict');
  if (a.decision) {
    verdict.textContent = a.accepted
      ? 'ACCEPTED: 101 Switching Protocols'
      : 'REJECTED: ' + a.decision.status + ' — ' + a.decision.reason + ' (' + a.decision.section + ')';
  } else {
    verdict.textContent = 'The head is not finished: ' + (a.parseError || 'an empty line ends it');
  }
  verdict.className = 'verdict ' + (a.accepted ? 'good' : 'bad');
  const notes = $('hs-notes');
  notes.replaceChildren();
  for (const n of a.notes.concat(a.parseError ? ['parse error: ' + a.parseError] : [])) {
    const li = document.createElement('li');
    li.textContent = n;
    notes.appendChild(li);
  }
  const body = $('hs-checks').tBodies[0];
  body.replaceChildren();
  for (const c of a.checks.concat(a.extensions)) {
    const tr = document.createElement('tr');
    tr.className = c.passed ? 'pass' : 'fail';
    for (const text of [c.passed ? 'PASS' : 'FAIL', c.rule, c.section, c.detail]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  const key = $('hs-key');
  key.replaceChildren();
  if (a.key) {
    for (const s of a.key.steps) {
      const li = document.createElement('li');
      const title = document.createElement('div');
      title.className = 'step-title';
      title.textContent = s.title;
      const result = document.createElement('div');
      result.className = 'step-result';
      result.textContent = s.result;
      li.append(title, result);
      for (const d of s.dumps) {
        const pre = document.createElement('pre');
        pre.textContent = d.label + '\n' + d.hex;
        li.appendChild(pre);
      }
      key.appendChild(li);
    }
    if (a.key.accept) {
      const li = document.createElement('li');
      li.className = 'accept';
      li.textContent = 'Sec-WebSocket-Accept: ' + a.key.accept;
      key.appendChild(li);
    }
  } else {
    const li = document.createElement('li');
    li.textContent = 'no Sec-WebSocket-Key to turn into an accept';
    key.appendChild(li);
  }
  $('hs-response').textContent = a.decision ? a.decision.response : '';
  show($('hs-result'), true);
}

// The request builder only writes text: whether the request is right is for the server's rules to say.
function writeRequest() {
  const v = (id) => $(id).value.trim();
  const lines = [v('q-method') + ' ' + v('q-path') + ' ' + v('q-version')];
  const headers = [['Host', 'q-host'], ['Upgrade', 'q-upgrade'], ['Connection', 'q-connection'],
    ['Sec-WebSocket-Key', 'q-key'], ['Origin', 'q-origin'], ['Sec-WebSocket-Protocol', 'q-protocol'],
    ['Sec-WebSocket-Extensions', 'q-extensions'], ['Sec-WebSocket-Version', 'q-ws-version']];
  for (const [name, id] of headers) {
    if (v(id) !== '') {
      lines.push(name + ': ' + v(id));
    }
  }
  $('hs-request').value = lines.join('\n') + '\n\n';
}

function loadRequest(name) {
  if (examples.requests[name] !== undefined) {
    $('hs-request').value = examples.requests[name];
    $('hs-start').value = name;
  }
}

// ------------------------------------------------------------------------------------------------ frames

async function annotate() {
  const error = $('fr-error');
  show(error, false);
  const hex = $('fr-hex').value;
  if (hex.trim() === '') {
    show($('fr-result'), false);
    fail(error, 'Paste the bytes of a frame in hex first, e.g. 81 05 48 65 6c 6c 6f.');
    return;
  }
  try {
    const a = await post('frame', {
      hex: hex, sender: $('fr-sender').value, deflate: $('fr-deflate').checked, noContextTakeover: $('fr-nct').checked,
    });
    const verdict = $('fr-verdict');
    const d = a.withDeflate;
    if (d && d.valid) {
      verdict.textContent = 'VALID with permessage-deflate: ' + a.frames + ' frame(s). ' + d.note;
      verdict.className = 'verdict good';
    } else if (d && d.violation) {
      verdict.textContent = 'INVALID with permessage-deflate: ' + d.violation.explanation + ' (' + d.violation.section
        + '); the receiver fails the connection with ' + d.violation.closeCode + ' ' + d.violation.closeTitle;
      verdict.className = 'verdict bad';
    } else if (a.violation) {
      verdict.textContent = 'INVALID: ' + a.violation.explanation + ' (' + a.violation.section + '); the receiver fails the'
        + ' connection with ' + a.violation.closeCode + ' ' + a.violation.closeTitle;
      verdict.className = 'verdict bad';
    } else if (!a.complete) {
      verdict.textContent = 'INCOMPLETE: the bytes end inside a frame (' + a.frames + ' frame(s) so far)';
      verdict.className = 'verdict bad';
    } else {
      verdict.textContent = 'VALID: ' + a.frames + ' frame(s)';
      verdict.className = 'verdict good';
    }
    $('fr-text').textContent = a.text;
    const inflated = $('fr-inflated');
    inflated.replaceChildren();
    for (const m of (a.withDeflate ? a.withDeflate.messages : [])) {
      const p = document.createElement('p');
      p.className = 'inflated';
      if (m.violation) {
        p.textContent = 'inflating failed: ' + m.violation.explanation + ' (' + m.violation.closeCode + ')';
      } else if (!m.compressed) {
        p.textContent = m.note;
      } else {
        p.textContent = 'inflated message (' + m.bytes + ' bytes): ' + (m.text !== undefined ? '"' + m.text + '"' : m.hex);
      }
      inflated.appendChild(p);
    }
    show($('fr-result'), true);
  } catch (e) {
    show($('fr-result'), false);
    fail(error, e.message);
  }
}

async function build() {
  const error = $('b-error');
  show(error, false);
  try {
    const a = await post('build', {
      fin: $('b-fin').checked, rsv1: $('b-rsv1').checked, opcode: $('b-opcode').value, mask: $('b-mask').value,
      closeCode: $('b-close').value, payloadText: $('b-payload-hex').value.trim() ? '' : $('b-text').value,
      payloadHex: $('b-payload-hex').value, compress: $('b-compress').checked,
    });
    $('b-hex').textContent = a.hex;
    $('b-length').textContent = a.length + ' bytes';
    $('b-text-out').textContent = a.text;
    show($('b-result'), true);
  } catch (e) {
    show($('b-result'), false);
    fail(error, e.message);
  }
}

// --------------------------------------------------------------------------------------------- exercises

function loadExercise(ex) {
  const s = ex.start;
  if (ex.lab === 'handshake') {
    loadRequest(s.request || 'rfc');
    if (s.key) {
      $('hs-request').value = $('hs-request').value.replace(/^Sec-WebSocket-Key:.*$/m, 'Sec-WebSocket-Key: ' + s.key);
    }
    $('hs-policy').value = s.originPolicy || 'any';
    location.hash = '#handshake';
    runHandshake();
  } else if (s.hex !== undefined) {
    $('fr-hex').value = s.hex;
    $('fr-sender').value = s.sender || 'unknown';
    $('fr-deflate').checked = s.deflate === 'true';
    location.hash = '#frames';
    annotate();
  } else {
    $('b-opcode').value = s.opcode || 'text';
    $('b-mask').value = s.mask || '';
    $('b-close').value = s.closeCode || '';
    $('b-text').value = s.payloadText || '';
    $('b-payload-hex').value = s.payloadHex || '';
    $('b-compress').checked = s.compress === 'true';
    location.hash = '#frames';
    build();
  }
}

function renderExercises() {
  const list = $('ex-list');
  list.replaceChildren();
  for (const ex of examples.exercises) {
    const box = document.createElement('div');
    box.className = 'exercise';
    box.id = ex.id;
    const q = document.createElement('p');
    q.className = 'question';
    q.textContent = 'Chapter ' + ex.chapter + ': ' + ex.question;
    const load = document.createElement('button');
    load.type = 'button';
    load.className = 'ghost ex-load';
    load.textContent = 'Load in the ' + ex.lab + ' lab';
    load.addEventListener('click', () => loadExercise(ex));
    load.hidden = ex.lab === 'reading'; // answered from the chapter, nothing to load
    const input = document.createElement('input');
    input.className = 'ex-answer';
    input.setAttribute('aria-label', 'your answer');
    input.placeholder = 'your answer';
    const check = document.createElement('button');
    check.type = 'button';
    check.className = 'ex-check';
    check.textContent = 'Check';
    const result = document.createElement('p');
    result.className = 'ex-result';
    result.setAttribute('role', 'status');
    const checkAnswer = async () => {
      try {
        const a = await post('check', { id: ex.id, answer: input.value });
        result.textContent = a.message;
        result.className = 'ex-result ' + (a.correct ? 'good' : 'bad');
      } catch (e) {
        result.textContent = e.message;
        result.className = 'ex-result bad';
      }
    };
    check.addEventListener('click', checkAnswer);
    input.addEventListener('keydown', (e) => { if (e.key === 'Enter') checkAnswer(); });
    const row = document.createElement('div');
    row.className = 'row';
    row.append(load, input, check);
    box.append(q, row, result);
    list.appendChild(box);
  }
  highlightExercise();
}

// A link such as /lab/#ch3-unmask (from the walkthrough) marks its exercise.
function highlightExercise() {
  if (location.hash.length <= 1) {
    return;
  }
  const target = document.getElementById(location.hash.substring(1));
  if (target && target.classList.contains('exercise')) {
    for (const other of document.querySelectorAll('.exercise.highlight')) {
      other.classList.remove('highlight');
    }
    target.classList.add('highlight');
    target.scrollIntoView();
  }
}

// ------------------------------------------------------------------------------------------------- start

async function start() {
  $('hs-run').addEventListener('click', runHandshake);
  $('q-write').addEventListener('click', writeRequest);
  $('fr-annotate').addEventListener('click', annotate);
  $('b-build').addEventListener('click', build);
  $('b-to-annotate').addEventListener('click', () => {
    $('fr-hex').value = $('b-hex').textContent;
    $('fr-sender').value = 'unknown';
    annotate();
  });
  window.addEventListener('hashchange', highlightExercise);
  $('hs-start').addEventListener('change', () => loadRequest($('hs-start').value));
  $('fr-example').addEventListener('change', () => {
    const e = examples.frames[$('fr-example').value];
    if (e) {
      $('fr-hex').value = e.hex;
      $('fr-sender').value = e.sender;
      $('fr-deflate').checked = e.deflate === 'true';
    }
  });
  try {
    const response = await fetch('/lab/api/examples');
    examples = await response.json();
    limits = { maxFrameBytes: examples.maxFrameBytes, maxBodyBytes: examples.maxBodyBytes };
  } catch (e) {
    fail($('hs-error'), 'The lab could not load its examples (' + e.message + ').');
    return;
  }
  for (const name of Object.keys(examples.requests)) {
    option($('hs-start'), name, REQUEST_NAMES[name] || 'gallery: ' + name.replace(/-/g, ' '));
  }
  option($('fr-example'), '', 'choose an example…');
  for (const title of Object.keys(examples.frames)) {
    option($('fr-example'), title, title);
  }
  loadRequest('rfc');
  renderExercises();
  document.body.dataset.ready = 'true';
}

start();

// Caring contacts on the responder screen: the peer specialist's follow-ups due today
// (GET /api/v1/followups/today: those offered to them or accepted by them), refreshed every 15 s.
// For one they accepted, a labelled select and a button record how the attempt went
// (POST /api/v1/requests/{followUpId}/followup-outcome {outcome}); routing completes the follow-up
// and tries a caller not reached again later. Keyboard only: a native select and button per row.
import { getSession, hasRole, api, label, announce, fmtTime } from '/assets/session.js';

const $ = (id) => document.getElementById(id);
const OUTCOMES = [
  ['REACHED', 'Reached them'],
  ['NO_ANSWER', 'No answer'],
  ['LEFT_MESSAGE', 'Left a message'],
  ['DECLINED', 'They declined the follow-up'],
];
const REFRESH_MS = 15000;
const session = getSession();
let timer = null;

if (session && hasRole(session, 'responder')) {
  load();
} else if ($('followups')) {
  $('followups').hidden = true;
}

async function load() {
  clearTimeout(timer);
  const res = await api('/api/v1/followups/today').catch(() => null);
  // Do not redraw under a person choosing an outcome: it would take their focus away.
  const choosing = document.activeElement && document.activeElement.closest && document.activeElement.closest('#followups-body');
  if (res && res.ok && res.data && !choosing) render(res.data.followUps || []);
  timer = setTimeout(load, REFRESH_MS);
}

function render(list) {
  const body = $('followups-body');
  body.textContent = '';
  $('followups-table').hidden = list.length === 0;
  $('followups-empty').hidden = list.length > 0;
  for (const f of list) {
    const tr = document.createElement('tr');
    tr.dataset.followUpId = f.followUpId;
    for (const text of [fmtTime(f.dueAt), f.region || '', f.language || '', String(f.attempt),
      f.acceptedByMe ? 'Accepted by you' : f.offeredToMe ? 'Offered to you' : label(f.state)]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    const cell = document.createElement('td');
    if (f.acceptedByMe) cell.append(outcomeControls(f));
    else cell.textContent = f.outcome ? label(f.outcome) : '—';
    tr.append(cell);
    body.append(tr);
  }
}

function outcomeControls(f) {
  const wrap = document.createElement('div');
  const id = 'outcome-' + f.followUpId;
  const lab = document.createElement('label');
  lab.htmlFor = id;
  lab.className = 'sr-only';
  lab.textContent = 'How the follow-up due ' + fmtTime(f.dueAt) + ' went';
  const select = document.createElement('select');
  select.id = id;
  const first = document.createElement('option');
  first.value = '';
  first.textContent = 'How did it go…';
  select.append(first);
  for (const [value, text] of OUTCOMES) {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = text;
    select.append(o);
  }
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'secondary';
  button.textContent = 'Record outcome';
  button.addEventListener('click', () => record(f, select, button));
  wrap.append(lab, select, ' ', button);
  return wrap;
}

async function record(f, select, button) {
  if (!select.value) {
    $('followups-result').textContent = 'Choose how the follow-up went first.';
    select.focus();
    return;
  }
  button.disabled = true;
  const res = await api('/api/v1/requests/' + encodeURIComponent(f.followUpId) + '/followup-outcome', {
    method: 'POST', body: { outcome: select.value },
  }).catch(() => null);
  button.disabled = false;
  if (res && res.status === 202) {
    announce('announcer', 'Follow-up recorded: ' + label(select.value) + '.');
    $('followups-result').textContent = 'Recorded: ' + label(select.value) + '.';
    load();
  } else {
    const why = res && res.data && res.data.detail ? res.data.detail : 'no connection';
    $('followups-result').textContent = 'Not recorded (' + why + '). Try again.';
  }
}

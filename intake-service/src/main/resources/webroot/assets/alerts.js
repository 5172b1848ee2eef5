// The dashboard's alerts panel. Seeded from GET /api/v1/alerts?state=all and kept live by the
// queue stream's "alert" events (each one the alert as the API shows it). Open alerts first, then
// newest; each says who was paged on which channel and when, and who acknowledged it. Supervisors
// get an Acknowledge button (POST /api/v1/alerts/{alertId}/ack). The list is rebuilt on every
// change, so focus is carried over to the same alert's button, and changes are announced in words.
import { api, fmtDuration, fmtTime, label, chip, announce } from '/assets/session.js';

const $ = (id) => document.getElementById(id);
const MAX_SHOWN = 30;
const alerts = new Map(); // alertId -> alert
const requested = new Set(); // alertIds whose acknowledgement this page sent and routing has not answered
let canAck = false;

/** Sets who may acknowledge; call once before seeding. */
export function initAlerts({ supervisor }) {
  canAck = supervisor;
  if (!supervisor) {
    $('alerts-note').textContent = 'Alerts are shown to supervisors.';
    $('alerts-note').hidden = false;
  }
}

/** Loads every alert the service still shows (open, acknowledged, recently resolved). */
export async function seedAlerts() {
  if (!canAck) return;
  try {
    const res = await api('/api/v1/alerts?state=all');
    if (res.ok && Array.isArray(res.data)) {
      res.data.forEach((a) => applyAlert(a, false));
      render();
    }
  } catch {
    // The stream brings changes anyway; the next reconnect seeds again.
  }
}

/** One alert as the stream or the API gave it; {@code live}: announce what changed. */
export function applyAlert(a, live = true) {
  if (!a || !a.alertId) return;
  const before = alerts.get(a.alertId);
  alerts.set(a.alertId, a);
  if (a.state !== 'OPEN') requested.delete(a.alertId);
  if (live) {
    render();
    if (!before && a.state === 'OPEN') {
      announce('alerts-announcer', 'New alert ' + a.code + ': ' + label(a.urgency) + ' in ' + a.region + ', ' + reasonText(a.reason) + '.');
    } else if (before && before.state !== a.state) {
      announce('alerts-announcer', 'Alert ' + a.code + ' ' + stateText(a) + '.');
    }
  }
}

/** Ages the "waiting" figures without rebuilding the list (so nothing moves under the keyboard). */
export function tickAlerts() {
  document.querySelectorAll('#alerts .alert-wait').forEach((el) => {
    const since = Date.parse(el.dataset.since);
    if (!Number.isNaN(since)) el.textContent = fmtDuration((Date.now() - since) / 1000);
  });
}

function reasonText(reason) {
  return {
    NO_COUNSELLOR_AVAILABLE: 'no counsellor available',
    ESCALATION: 'escalation after the SLA',
    MISSED_OFFERS: 'offers declined or missed',
  }[reason] || label(reason).toLowerCase();
}

function stateText(a) {
  if (a.state === 'ACKNOWLEDGED') return 'acknowledged by ' + (a.acknowledgedByName || a.acknowledgedBy) + (a.acknowledgedVia ? ' via ' + viaText(a.acknowledgedVia) : '');
  if (a.state === 'RESOLVED') return 'resolved' + (a.resolution ? ': request ' + label(a.resolution).toLowerCase() : '');
  return 'open';
}

function viaText(via) {
  return { SMS: 'SMS reply', LINK: 'the link in the page', API: 'the dashboard' }[via] || label(via);
}

function sorted() {
  return [...alerts.values()].sort((x, y) =>
    (x.state === 'OPEN' ? 0 : 1) - (y.state === 'OPEN' ? 0 : 1) || Date.parse(y.raisedAt) - Date.parse(x.raisedAt));
}

function render() {
  const list = $('alerts');
  const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.ackFor : null;
  list.textContent = '';
  const shown = sorted().slice(0, MAX_SHOWN);
  for (const a of shown) list.append(item(a));
  const open = [...alerts.values()].filter((a) => a.state === 'OPEN').length;
  $('alerts-empty').hidden = shown.length > 0;
  $('alerts-open-count').textContent = open ? open + ' open' : 'none open';
  $('alerts-open-count').className = 'chip ' + (open ? 'st-BREACH' : 'st-COMPLETED');
  if (focused) {
    const again = list.querySelector('button[data-ack-for="' + CSS.escape(focused) + '"]');
    (again || $('alerts-heading')).focus();
  }
}

function item(a) {
  const li = document.createElement('li');
  li.className = 'alert-item alert-' + a.state;
  li.dataset.alertId = a.alertId;
  li.dataset.state = a.state;
  const h = document.createElement('h3');
  h.className = 'alert-title';
  h.append(chip(a.state === 'OPEN' ? 'OPEN' : a.state), ' Alert ', code(a.code), ' ', chip(a.urgency, 'u-'), ' ' + a.region + ' · ' + reasonText(a.reason));
  li.append(h);

  const step = document.createElement('p');
  step.className = 'alert-step';
  step.append('Step ' + a.step + ', pass ' + a.attempt + ' · raised ' + fmtTime(a.raisedAt));
  if (a.waitingSince && a.state === 'OPEN') {
    const wait = document.createElement('span');
    wait.className = 'alert-wait';
    wait.dataset.since = a.waitingSince;
    wait.textContent = fmtDuration((Date.now() - Date.parse(a.waitingSince)) / 1000);
    step.append(' · waiting ', wait);
  }
  li.append(step);

  const paged = document.createElement('p');
  paged.className = 'alert-paged';
  paged.textContent = a.pages && a.pages.length
    ? 'Paged: ' + a.pages.map((p) => p.name + ' ' + (p.channel ? 'by ' + (p.channel === 'SMS' ? 'SMS' : 'email') + ' (' + label(p.outcome).toLowerCase() + ')' : '(sending)') + ' at ' + fmtTime(p.at) + ', step ' + p.step).join('; ')
    : 'Nobody paged yet.';
  li.append(paged);

  if (a.state !== 'OPEN') {
    const st = document.createElement('p');
    st.className = 'alert-ack';
    st.textContent = a.state === 'ACKNOWLEDGED'
      ? 'Acknowledged by ' + (a.acknowledgedByName || a.acknowledgedBy) + ' via ' + viaText(a.acknowledgedVia) + ' at ' + fmtTime(a.acknowledgedAt) + '.'
      : 'Resolved at ' + fmtTime(a.resolvedAt) + (a.resolution ? ': the request was ' + label(a.resolution).toLowerCase() : '') + (a.acknowledgedBy ? '; acknowledged by ' + (a.acknowledgedByName || a.acknowledgedBy) + '.' : '.');
    li.append(st);
  } else if (canAck) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'ack danger';
    b.dataset.ackFor = a.alertId;
    const pending = requested.has(a.alertId);
    b.disabled = pending;
    b.textContent = pending ? 'Acknowledgement sent…' : 'Acknowledge alert ' + a.code;
    b.addEventListener('click', () => acknowledge(a, b));
    li.append(b);
  }
  return li;
}

function code(text) {
  const c = document.createElement('span');
  c.className = 'alert-code kbd';
  c.textContent = text;
  return c;
}

async function acknowledge(a, button) {
  button.disabled = true;
  button.textContent = 'Acknowledging…';
  let res;
  try {
    res = await api('/api/v1/alerts/' + encodeURIComponent(a.alertId) + '/ack', { method: 'POST' });
  } catch {
    res = { ok: false, status: 0 };
  }
  if (res.status === 202) {
    requested.add(a.alertId);
    announce('alerts-announcer', 'Acknowledgement of alert ' + a.code + ' sent; paging stops once it is recorded.');
  } else if (res.status === 409) {
    requested.add(a.alertId);
    announce('alerts-announcer', 'Alert ' + a.code + ' is already acknowledged, or someone is acknowledging it.');
  } else {
    announce('alerts-announcer', 'Could not acknowledge alert ' + a.code + '. Please try again.');
  }
  render();
}

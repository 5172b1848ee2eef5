// Supervisor dashboard, live over SSE: GET /api/v1/queues/stream?ticket=<ticket>, the ticket from
// POST /api/v1/queues/stream-ticket (60 s, one stream; EventSource cannot send an Authorization
// header, and the session token never goes in a URL). Events: "snapshot" (QueueSnapshot JSON, one per
// pool), "status" (RequestStatusChanged for escalations / expiries / breaches) and "alert" (an alert
// as GET /api/v1/alerts shows it, each time it changes; see alerts.js). The "On call now" panel is
// GET /api/v1/oncall (oncall.js); the "Referrals" panel GET /api/v1/referrals/board (referrals.js);
// "Follow-ups today" GET /api/v1/followups/counts (followup-counts.js).
// GET /api/v1/queues (Bearer) seeds the view on every (re)connect. The browser's EventSource retries
// by itself after a drop; when it gives up (readyState CLOSED, e.g. the service answered 503 while
// restarting) we recreate it with our own capped backoff, so no reload is ever needed.
import { requireSession, getSession, toLogin, renderUserBar, hasRole, api, fmtDuration, fmtTime, label, chip, announce } from '/assets/session.js';
import { initAlerts, seedAlerts, applyAlert, tickAlerts } from '/assets/alerts.js';
import { refreshOnCall } from '/assets/oncall.js';
import { refreshReferrals } from '/assets/referrals.js';
import { refreshFollowUpCounts } from '/assets/followup-counts.js';

const $ = (id) => document.getElementById(id);
const URGENCIES = ['IMMINENT_RISK', 'HIGH', 'MODERATE', 'LOW'];
const HISTORY_KEY = 'crisisline.dashboard.history';
const HOUR = 3600 * 1000;

const session = requireSession();
const pools = new Map();      // poolId -> {snap, receivedAt}
let history = loadHistory();  // [{t, depth, wait}]
let es = null;
let backoff = 1000;
let reconnectTimer = null;
let connectingSince = 0;
let lastBreaches = new Map();

if (session) {
  renderUserBar(session);
  if (!hasRole(session, 'supervisor', 'admin')) {
    $('access-denied').textContent = 'Access denied: the live dashboard is for supervisors. You are signed in as ' +
      (session.username || '?') + ' (' + (session.role || 'no role') + ').';
    $('access-denied').hidden = false;
    $('dashboard-body').hidden = true;
    $('live-state').textContent = 'Not connected';
  } else {
    initAlerts({ supervisor: hasRole(session, 'supervisor') });
    refreshOnCall();
    refreshReferrals();
    refreshFollowUpCounts();
    connect();
    setInterval(everySecond, 1000);
    window.addEventListener('online', () => reconnectSoon(0));
    window.addEventListener('resize', drawChart);
  }
}

// ---- connection ----

async function connect() {
  clearTimeout(reconnectTimer);
  if (es) es.close();
  es = null;
  const s = getSession();
  if (!s) {
    toLogin('expired');
    return;
  }
  connectingSince = Date.now();
  let ticket;
  try {
    const res = await api('/api/v1/queues/stream-ticket', { method: 'POST' });
    if (res.status === 403) {
      $('access-denied').textContent = 'Access denied: the live dashboard is for supervisors.';
      $('access-denied').hidden = false;
      return;
    }
    if (!res.ok || !res.data || !res.data.ticket) throw new Error('no ticket');
    ticket = res.data.ticket;
  } catch {
    setConnected(false);
    reconnectSoon(backoff);
    backoff = Math.min(backoff * 2, 5000);
    return;
  }
  es = new EventSource('/api/v1/queues/stream?ticket=' + encodeURIComponent(ticket));
  es.addEventListener('open', () => {
    backoff = 1000;
    connectingSince = 0;
    setConnected(true);
    seed();
  });
  es.addEventListener('snapshot', (e) => {
    const snap = parse(e.data);
    if (snap) applySnapshot(snap);
  });
  es.addEventListener('status', (e) => {
    const ev = parse(e.data);
    if (ev) addFeed(ev);
  });
  es.addEventListener('alert', (e) => {
    const alert = parse(e.data);
    if (alert) applyAlert(alert);
  });
  es.addEventListener('error', (e) => {
    if (e.target !== es) return;
    setConnected(false);
    // A ticket opens one stream: EventSource's own retry would present it again and be refused,
    // so every reconnect goes through a fresh ticket.
    es.close();
    checkAuthThenReconnect();
  });
}

async function checkAuthThenReconnect() {
  // EventSource hides the status code; ask the plain endpoint why, so an expired session goes to
  // /login instead of retrying forever.
  try {
    const res = await api('/api/v1/queues');
    if (res.status === 403) {
      $('access-denied').textContent = 'Access denied: the live dashboard is for supervisors.';
      $('access-denied').hidden = false;
      return;
    }
  } catch {
    // Service down: fall through to the backoff.
  }
  reconnectSoon(backoff);
  backoff = Math.min(backoff * 2, 5000);
}

function reconnectSoon(delay) {
  clearTimeout(reconnectTimer);
  reconnectTimer = setTimeout(connect, delay);
}

function setConnected(ok) {
  $('conn').hidden = ok;
  $('live-state').textContent = ok ? '● Live' : 'Reconnecting…';
}

async function seed() {
  // Alerts changed while the stream was down are in the list, not in the stream.
  seedAlerts();
  try {
    const res = await api('/api/v1/queues');
    if (res.ok && Array.isArray(res.data)) res.data.forEach(applySnapshot);
  } catch {
    // The stream will bring the figures anyway.
  }
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

// ---- state ----

function applySnapshot(snap) {
  if (!snap || !snap.poolId) return;
  const prev = pools.get(snap.poolId);
  // A reconnect seed may be older than what the stream already delivered.
  if (prev && prev.snap.occurredAt && snap.occurredAt && Date.parse(snap.occurredAt) < Date.parse(prev.snap.occurredAt)) return;
  pools.set(snap.poolId, { snap, receivedAt: Date.now() });
  const before = lastBreaches.get(snap.poolId);
  if (before != null && snap.slaBreaches > before) {
    addFeed({ status: 'BREACH', occurredAt: snap.occurredAt, region: snap.region, urgency: snap.longestWaitUrgency,
      reason: 'SLA breached in ' + snap.poolId + ' (' + snap.slaBreaches + ' now over target)' });
  }
  lastBreaches.set(snap.poolId, snap.slaBreaches || 0);
  render();
  sample();
}

function waitingOf(snap) {
  return URGENCIES.reduce((n, u) => n + (snap.waitingByUrgency?.[u] || 0), 0);
}

/** The wait keeps growing between snapshots while someone is waiting, so age it locally. */
function currentWait({ snap }) {
  if (!waitingOf(snap)) return 0;
  const base = snap.longestWaitSeconds || 0;
  const at = Date.parse(snap.occurredAt);
  return Number.isNaN(at) ? base : base + Math.max(0, (Date.now() - at) / 1000);
}

function slaState(wait, sla) {
  if (!sla || wait <= 0) return { cls: 'sla-ok', text: wait > 0 ? 'no target' : 'nobody waiting' };
  const r = wait / sla;
  if (r >= 1) return { cls: 'sla-breach', text: 'BREACHED (target ' + fmtDuration(sla) + ')' };
  if (r >= 0.75) return { cls: 'sla-near', text: 'near target (' + fmtDuration(sla) + ')' };
  return { cls: 'sla-ok', text: 'within target (' + fmtDuration(sla) + ')' };
}

// ---- rendering ----

function render() {
  const tbody = $('pools-body');
  const rows = [...pools.values()].sort((a, b) =>
    (a.snap.region || '').localeCompare(b.snap.region || '') || (a.snap.pool || '').localeCompare(b.snap.pool || ''));
  tbody.textContent = '';
  let total = 0; let offers = 0; let breaches = 0; let maxWait = 0; let maxWaitSla = 0;
  const byUrg = Object.fromEntries(URGENCIES.map((u) => [u, 0]));
  const byStatus = {};
  for (const p of rows) {
    const s = p.snap;
    const waiting = waitingOf(s);
    const wait = currentWait(p);
    total += waiting;
    offers += s.offersOutstanding || 0;
    breaches += s.slaBreaches || 0;
    URGENCIES.forEach((u) => { byUrg[u] += s.waitingByUrgency?.[u] || 0; });
    Object.entries(s.respondersByStatus || {}).forEach(([k, v]) => { byStatus[k] = (byStatus[k] || 0) + v; });
    if (wait > maxWait) { maxWait = wait; maxWaitSla = s.longestWaitSlaSeconds; }

    const tr = document.createElement('tr');
    tr.dataset.poolId = s.poolId;
    tr.dataset.region = s.region || '';
    tr.dataset.pool = s.pool || '';
    const td = (content, cls) => {
      const c = document.createElement('td');
      if (cls) c.className = cls;
      if (content instanceof Node) c.append(content); else c.textContent = content ?? '';
      tr.append(c);
      return c;
    };
    td(s.region);
    td(label(s.pool));
    td(String(waiting), 'num waiting-total');
    const w = document.createElement('span');
    w.className = 'waits';
    URGENCIES.forEach((u) => {
      const n = s.waitingByUrgency?.[u] || 0;
      if (n) { const c = chip(u, 'u-'); c.textContent = label(u) + ' ' + n; w.append(c, ' '); }
    });
    if (!waiting) w.textContent = '—';
    td(w);
    const sla = slaState(wait, s.longestWaitSlaSeconds);
    const cell = td('', 'longest-wait');
    cell.dataset.seconds = String(Math.floor(wait));
    const badge = document.createElement('span');
    badge.className = 'sla ' + sla.cls;
    badge.textContent = waiting ? fmtDuration(wait) : '—';
    cell.append(badge, ' ', sla.text, s.longestWaitUrgency && waiting ? ' · ' + label(s.longestWaitUrgency) : '');
    td(String(s.offersOutstanding || 0), 'num offers');
    const rs = s.respondersByStatus || {};
    td(['AVAILABLE', 'BUSY', 'AWAY', 'OFFLINE'].map((k) => (rs[k] || 0) + ' ' + label(k).toLowerCase()).join(' · '), 'responders');
    const away = Object.entries(s.awayReasons || {});
    td(away.length ? away.map(([id, why]) => id + ': ' + why).join('; ') : '—', 'away');
    tbody.append(tr);
  }
  $('pools-empty').hidden = rows.length > 0;
  $('total-waiting').textContent = String(total);
  $('total-waiting-breakdown').textContent = URGENCIES.filter((u) => byUrg[u]).map((u) => label(u) + ' ' + byUrg[u]).join(' · ') || 'nobody waiting';
  const lw = $('longest-wait');
  lw.dataset.seconds = String(Math.floor(maxWait));
  lw.textContent = total ? fmtDuration(maxWait) : '—';
  const st = slaState(maxWait, maxWaitSla);
  const lws = $('longest-wait-sla');
  lws.className = 's sla ' + st.cls;
  lws.textContent = st.text;
  $('total-offers').textContent = String(offers);
  $('total-breaches').textContent = String(breaches);
  const note = $('total-breaches-note');
  note.className = 's sla ' + (breaches ? 'sla-breach' : 'sla-ok');
  note.textContent = breaches ? breaches + ' over target now' : 'none over target';
  $('total-available').textContent = String(byStatus.AVAILABLE || 0);
  $('total-responders').textContent = ['BUSY', 'AWAY', 'OFFLINE'].map((k) => (byStatus[k] || 0) + ' ' + label(k).toLowerCase()).join(' · ');
}

function everySecond() {
  if (pools.size) render();
  tickAlerts();
  if (es && es.readyState === EventSource.CONNECTING && connectingSince && Date.now() - connectingSince > 6000) {
    // Some network failures leave EventSource retrying slowly; take over with our own backoff.
    connectingSince = 0;
    es.close();
    checkAuthThenReconnect();
  }
  if (!history.length || Date.now() - history[history.length - 1].t >= 5000) sample();
}

// ---- feed ----

function addFeed(ev) {
  const li = document.createElement('li');
  const status = ev.status || 'EVENT';
  li.dataset.status = status;
  li.append(fmtTime(ev.occurredAt || new Date().toISOString()), ' ', chip(status === 'BREACH' ? 'BREACH' : status));
  if (ev.urgency) li.append(' ', chip(ev.urgency, 'u-'));
  const text = [ev.region, ev.requestId ? 'request ' + String(ev.requestId).slice(0, 8) : null, ev.reason].filter(Boolean).join(' · ');
  li.append(' ' + text);
  $('feed').prepend(li);
  while ($('feed').children.length > 100) $('feed').lastChild.remove();
  $('feed-empty').hidden = true;
  if (status === 'ESCALATED' || status === 'BREACH' || ev.urgency === 'IMMINENT_RISK') {
    announce('announcer', label(status === 'BREACH' ? 'SLA breach' : status) + ': ' + text);
  }
}

// ---- chart ----

function loadHistory() {
  try {
    const h = JSON.parse(sessionStorage.getItem(HISTORY_KEY) || '[]');
    return Array.isArray(h) ? h.filter((p) => p.t > Date.now() - HOUR) : [];
  } catch {
    return [];
  }
}

function sample() {
  if (!pools.size) return;
  let depth = 0; let wait = 0;
  for (const p of pools.values()) {
    depth += waitingOf(p.snap);
    wait = Math.max(wait, currentWait(p));
  }
  const now = Date.now();
  const last = history[history.length - 1];
  if (last && now - last.t < 1000) history[history.length - 1] = { t: now, depth, wait };
  else history.push({ t: now, depth, wait });
  history = history.filter((p) => p.t > now - HOUR);
  try {
    sessionStorage.setItem(HISTORY_KEY, JSON.stringify(history));
  } catch {
    // Storage full: the chart still works for this page's lifetime.
  }
  drawChart();
}

function drawChart() {
  // Drawn at the container's pixel width so axis text stays readable in a narrow column.
  const W = Math.max(300, Math.round($('chart-wrap').clientWidth || 360)); const H = 180; const L = 30; const R = 40; const T = 10; const B = 24;
  const now = Date.now(); const from = now - HOUR;
  const maxDepth = Math.ceil(Math.max(4, ...history.map((p) => p.depth)) / 4) * 4;
  const maxWaitMin = Math.max(2, ...history.map((p) => p.wait / 60));
  const x = (t) => L + ((t - from) / HOUR) * (W - L - R);
  const yd = (d) => T + (1 - d / maxDepth) * (H - T - B);
  const yw = (m) => T + (1 - m / maxWaitMin) * (H - T - B);
  const pts = (f) => history.map((p) => x(p.t).toFixed(1) + ',' + f(p).toFixed(1)).join(' ');
  const grid = [0, 0.25, 0.5, 0.75, 1].map((g) => {
    const y = T + (1 - g) * (H - T - B);
    return `<line x1="${L}" x2="${W - R}" y1="${y}" y2="${y}" stroke="#d0d4d9"/>` +
      `<text x="${L - 6}" y="${y + 4}" text-anchor="end" font-size="11" fill="#4a4f55">${Math.round(g * maxDepth)}</text>` +
      `<text x="${W - R + 6}" y="${y + 4}" font-size="11" fill="#4a4f55">${(g * maxWaitMin).toFixed(maxWaitMin < 10 ? 1 : 0)}m</text>`;
  }).join('');
  const ticks = (W < 500 ? [60, 30, 0] : [60, 45, 30, 15, 0]).map((m) => {
    const xx = x(now - m * 60000);
    return `<text x="${xx}" y="${H - 6}" text-anchor="middle" font-size="11" fill="#4a4f55">${m ? '-' + m + ' min' : 'now'}</text>`;
  }).join('');
  $('chart-wrap').innerHTML =
    `<svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="chart-heading chart-summary">` + grid + ticks +
    `<polyline fill="none" stroke="#0b57a4" stroke-width="2.5" points="${pts((p) => yd(p.depth))}"/>` +
    `<polyline fill="none" stroke="#a4001d" stroke-width="2.5" stroke-dasharray="6 4" points="${pts((p) => yw(p.wait / 60))}"/>` +
    '</svg>';
  const peakDepth = Math.max(0, ...history.map((p) => p.depth));
  const peakWait = Math.max(0, ...history.map((p) => p.wait));
  const cur = history[history.length - 1] || { depth: 0, wait: 0 };
  $('chart-summary').textContent = `Now ${cur.depth} waiting, longest ${fmtDuration(cur.wait)}. ` +
    `Peak in the last hour: ${peakDepth} waiting, longest wait ${fmtDuration(peakWait)}.`;
}


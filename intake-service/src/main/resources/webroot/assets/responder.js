// Responder screen (built for a phone first).
// Availability: GET /api/v1/responders/{me} on load and every few seconds (routing may set us AWAY
// after a missed offer), PUT /api/v1/responders/{me}/status. Offers: GET /api/v1/offers/current polled every
// second (the server only ever returns this responder's own offers), with a live countdown to
// expiresAt; POST /api/v1/offers/{offerId}/accept | /decline. Once accepted:
// GET /api/v1/requests/{id}/details (decrypted contact and notes) and POST /api/v1/requests/{id}/complete
// with a disposition code (a labelled select, required), the C-SSRS risk screen, safety plan, active
// rescue and an optional note, which intake seals. Hand on: POST /api/v1/requests/{id}/handoff logs a
// linked request for peer support or a kind of local group (one click for peer support, two for a
// group: choose it, then Hand on), with an Idempotency-Key kept until it succeeds, so a retry
// after a lost answer logs one request.
import { requireSession, renderUserBar, hasRole, api, label, chip, announce, fmtTime, newIdempotencyKey } from '/assets/session.js';

const $ = (id) => document.getElementById(id);
const ACCEPTED_KEY = 'crisisline.responder.accepted';
const STATUS_POLL_MS = 5000;
const session = requireSession();
const me = session && (session.responderId || session.username);

let shown = new Map();       // offerId -> {offer, el, total}
let pollTimer = null;
let detailsTimer = null;
let statusTimer = null;
let accepted = readAccepted();

if (session) {
  renderUserBar(session);
  if (!hasRole(session, 'responder')) {
    showError('This screen is for responders; you are signed in as ' + (session.role || 'another role') + '.');
  }
  for (const b of document.querySelectorAll('[data-status]')) {
    b.addEventListener('click', () => setStatus(b.dataset.status));
  }
  loadStatus();
  $('complete').addEventListener('click', complete);
  $('handon-button').addEventListener('click', handOn);
  $('risk-screen').addEventListener('change', showRiskLevel);
  if (accepted) showAccepted();
  poll();
  setInterval(tick, 250);
}

function showError(msg) {
  $('page-error').textContent = msg;
  $('page-error').hidden = !msg;
}

function readAccepted() {
  try {
    return JSON.parse(sessionStorage.getItem(ACCEPTED_KEY) || 'null');
  } catch {
    return null;
  }
}

// ---- availability ----

async function setStatus(status) {
  const reason = status === 'AWAY' ? ($('away-reason').value.trim() || 'away') : null;
  const res = await api('/api/v1/responders/' + encodeURIComponent(me) + '/status', {
    method: 'PUT', body: reason ? { status, reason } : { status },
  }).catch(() => null);
  if (res && res.ok) {
    renderMyStatus({ status, statusReason: reason, statusChangedBy: session.username });
    announce('announcer', 'You are now ' + label(status) + '.');
    showError('');
  } else {
    showError('Could not change your availability' + (res ? ' (' + res.status + ')' : ' (no connection)') + '. Try again.');
  }
}

// The server's view of us: what we set, or AWAY set by routing when an offer went unanswered.
async function loadStatus() {
  clearTimeout(statusTimer);
  const res = await api('/api/v1/responders/' + encodeURIComponent(me)).catch(() => null);
  if (res && res.ok && res.data) renderMyStatus(res.data);
  else if (res && res.status === 404) renderMyStatus(null);
  statusTimer = setTimeout(loadStatus, STATUS_POLL_MS);
}

let lastNotice = '';

function renderMyStatus(view) {
  const status = view && view.status;
  const reason = view && view.statusReason;
  const byRouting = status === 'AWAY' && view.statusChangedBy === 'routing';
  // A reason routing gave is in the notice below; say it once.
  $('my-status').textContent = !status ? 'not set yet'
    : label(status) + (status === 'AWAY' && reason && !byRouting ? ' (' + reason + ')' : '');
  for (const b of document.querySelectorAll('[data-status]')) {
    b.setAttribute('aria-pressed', String(b.dataset.status === status));
  }
  const notice = byRouting ? 'You were set away: ' + (reason || 'an offer went unanswered') +
    ' — press Available when ready.' : '';
  $('away-notice').textContent = notice;
  $('away-notice').hidden = !notice;
  if (notice && notice !== lastNotice) announce('announcer', notice);
  lastNotice = notice;
}

// ---- offers ----

async function poll() {
  clearTimeout(pollTimer);
  try {
    const res = await api('/api/v1/offers/current');
    if (res.ok && Array.isArray(res.data)) render(res.data);
    else if (res.status === 403) showError('Offers are only shown to responders.');
  } catch {
    // Network blip: keep showing what we had; the countdown keeps running from expiresAt.
  }
  pollTimer = setTimeout(poll, 1000);
}

function isOpen(o) {
  const stateOpen = !o.state || ['OFFERED', 'PENDING', 'OPEN', 'OUTSTANDING', 'DELIVERED', 'SENT'].includes(String(o.state).toUpperCase());
  // Past its expiry an offer cannot be accepted, whatever a late poll still says.
  const exp = Date.parse(o.expiresAt);
  return stateOpen && (Number.isNaN(exp) || exp > Date.now() - 1000);
}

function render(offers) {
  const open = offers.filter(isOpen).filter((o) => !accepted || o.offerId !== accepted.offerId);
  const ids = new Set(open.map((o) => o.offerId));
  for (const [id, s] of shown) {
    if (!ids.has(id)) {
      s.el.remove();
      shown.delete(id);
      // An offer the responder is answering leaves the list by their own hand: a poll that comes
      // back before the answer's response (routing can be that quick) must not call it withdrawn.
      if (!s.answered && !s.answering) {
        $('offer-gone').textContent = 'The ' + label(s.offer.urgency).toLowerCase() + ' offer (' + (s.offer.offerCode || id) +
          ') is no longer open: it expired or was withdrawn.';
        $('offer-gone').hidden = false;
        announce('announcer', 'Offer no longer open.');
      }
    }
  }
  for (const o of open) {
    if (!shown.has(o.offerId)) {
      const el = offerCard(o);
      $('offer-list').append(el);
      const total = Math.max(1, (Date.parse(o.expiresAt) - Date.now()) / 1000);
      shown.set(o.offerId, { offer: o, el, total });
      $('offer-gone').hidden = true;
      announce('announcer', 'New offer: ' + label(o.urgency) + ', ' + label(o.need) + ', language ' + o.language +
        '. ' + Math.round(total) + ' seconds to answer.');
      if (shown.size === 1) el.querySelector('.accept').focus({ preventScroll: false });
    }
  }
  $('no-offer').hidden = shown.size > 0;
  tick();
}

function offerCard(o) {
  const card = document.createElement('article');
  card.className = 'offer-card';
  card.dataset.offerId = o.offerId;
  card.setAttribute('aria-label', 'Offer ' + (o.offerCode || ''));
  const h = document.createElement('h3');
  h.append(chip(o.urgency, 'u-'), ' ', label(o.need));
  const dl = document.createElement('dl');
  dl.className = 'offer-facts';
  const fact = (k, v) => {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v ?? '—';
    dl.append(dt, dd);
  };
  fact('Language', o.language);
  fact('Region', o.region);
  fact('Offer code', o.offerCode);
  fact('Answer by', fmtTime(o.expiresAt));
  const cd = document.createElement('div');
  cd.className = 'countdown';
  cd.setAttribute('role', 'timer');
  cd.setAttribute('aria-label', 'Time left to answer');
  const bar = document.createElement('progress');
  bar.max = 100;
  bar.value = 100;
  bar.setAttribute('aria-label', 'Share of answer time left');
  const buttons = document.createElement('div');
  buttons.className = 'answer-buttons';
  const acc = document.createElement('button');
  acc.type = 'button';
  acc.className = 'ok accept';
  acc.textContent = 'Accept';
  const dec = document.createElement('button');
  dec.type = 'button';
  dec.className = 'secondary decline';
  dec.textContent = 'Decline';
  acc.addEventListener('click', () => answer(o, 'accept', card));
  dec.addEventListener('click', () => answer(o, 'decline', card));
  buttons.append(acc, dec);
  card.append(h, dl, cd, bar, buttons);
  return card;
}

function tick() {
  for (const s of shown.values()) {
    const left = Math.max(0, (Date.parse(s.offer.expiresAt) - Date.now()) / 1000);
    const cd = s.el.querySelector('.countdown');
    const secs = Math.ceil(left);
    const text = Math.floor(secs / 60) + ':' + String(secs % 60).padStart(2, '0') + ' left';
    if (cd.textContent !== text) cd.textContent = text;
    cd.classList.toggle('low', left <= 10);
    s.el.querySelector('progress').value = Math.round((left / s.total) * 100);
    if (secs === 10 && !s.warned) {
      s.warned = true;
      announce('announcer', '10 seconds left to answer the offer.');
    }
  }
}

async function answer(o, verb, card) {
  const s = shown.get(o.offerId);
  if (s) s.answering = true;
  card.querySelectorAll('button').forEach((b) => { b.disabled = true; });
  const res = await api('/api/v1/offers/' + encodeURIComponent(o.offerId) + '/' + verb, {
    method: 'POST', body: verb === 'decline' ? { reason: 'declined on the responder screen' } : {},
  }).catch(() => null);
  if (res && res.ok) {
    if (s) s.answered = true;
    card.remove();
    shown.delete(o.offerId);
    $('no-offer').hidden = shown.size > 0;
    if (verb === 'accept') {
      accepted = { offerId: o.offerId, requestId: o.requestId, urgency: o.urgency, need: o.need, at: Date.now() };
      sessionStorage.setItem(ACCEPTED_KEY, JSON.stringify(accepted));
      announce('announcer', 'Accepted. Loading the details.');
      showAccepted();
    } else {
      announce('announcer', 'Declined.');
    }
  } else {
    if (s) s.answering = false;
    card.querySelectorAll('button').forEach((b) => { b.disabled = false; });
    const why = res && res.data && (res.data.detail || res.data.title);
    showError('Your ' + verb + ' was not taken' + (res ? ' (' + res.status + (why ? ': ' + why : '') + ')' : ' (no connection)') + '.');
  }
}

// ---- accepted request ----

let handOnKey = null;

async function handOn() {
  if (!accepted) return;
  const btn = $('handon-button');
  const [need, referralKind] = $('handon-to').value.split(':');
  const note = $('handon-note').value.trim();
  const body = referralKind ? { need, referralKind } : { need };
  if (note) body.note = note;
  handOnKey = handOnKey || newIdempotencyKey();
  btn.disabled = true;
  const res = await api('/api/v1/requests/' + encodeURIComponent(accepted.requestId) + '/handoff', {
    method: 'POST', body, headers: { 'Idempotency-Key': handOnKey },
  }).catch(() => null);
  btn.disabled = false;
  const to = $('handon-to').selectedOptions[0].textContent;
  if (res && res.ok) {
    handOnKey = null;
    $('handon-note').value = '';
    $('handon-result').textContent = 'Handed on to ' + to + ': new request ' + res.data.requestId + '.';
    // The usual way to close a call that was handed on; the responder can still change it.
    if (!$('disposition').value) $('disposition').value = 'HANDED_ON';
  } else {
    const why = res && res.data && res.data.detail ? ' ' + res.data.detail : '';
    $('handon-result').textContent = 'Not handed on' + (res ? ' (' + res.status + ').' : ' (no connection); try again.') + why;
  }
}

function showAccepted() {
  $('handon-result').textContent = '';
  handOnKey = null;
  $('accepted').hidden = false;
  $('details').hidden = true;
  $('details-wait').hidden = false;
  $('details-wait').textContent = 'Waiting for the assignment to be confirmed…';
  $('accepted').focus();
  loadDetails(0);
}

async function loadDetails(attempt) {
  clearTimeout(detailsTimer);
  if (!accepted) return;
  const res = await api('/api/v1/requests/' + encodeURIComponent(accepted.requestId) + '/details').catch(() => null);
  if (res && res.ok && res.data) {
    const d = res.data;
    const c = d.callerContact || {};
    $('details-request').textContent = [label(accepted.urgency), label(accepted.need), accepted.requestId].filter(Boolean).join(' · ');
    setLink('details-phone', c.phone, 'tel:');
    setLink('details-email', c.email, 'mailto:');
    $('details-consent').textContent = c.consentToContact ? 'Yes' : 'No — do not contact later';
    $('details-summary').textContent = d.followUpOf
      ? 'A follow-up (caring contact) of request ' + d.followUpOf + ': call them, then record how it went under "My follow-ups due today".'
      : d.summary || '(no notes)';
    // A follow-up ends with its outcome (below), not a wrap-up or a hand-on.
    $('handon').hidden = Boolean(d.followUpOf);
    $('complete').hidden = Boolean(d.followUpOf);
    $('details').hidden = false;
    $('details-wait').hidden = true;
    return;
  }
  // The acceptance is confirmed by routing a moment after our POST; until then details are refused.
  if (attempt < 30) {
    detailsTimer = setTimeout(() => loadDetails(attempt + 1), 1000);
  } else {
    $('details-wait').textContent = 'The details could not be loaded' + (res ? ' (' + res.status + ')' : '') +
      '. The acceptance may have been refused (offer expired). Contact your supervisor.';
  }
}

function setLink(id, value, scheme) {
  const dd = $(id);
  dd.textContent = '';
  if (!value) {
    dd.textContent = '—';
    return;
  }
  const a = document.createElement('a');
  a.href = scheme + value;
  a.textContent = value;
  dd.append(a);
}

async function complete() {
  if (!accepted) return;
  const btn = $('complete');
  const select = $('disposition');
  const disposition = select.value;
  if (!disposition) {
    // A code is what the request is closed with; the words, if any, only go in the sealed note.
    select.setAttribute('aria-invalid', 'true');
    $('err-disposition').hidden = false;
    select.focus();
    return;
  }
  select.removeAttribute('aria-invalid');
  $('err-disposition').hidden = true;
  btn.disabled = true;
  const note = $('completion-note').value.trim();
  const body = note ? { disposition, note } : { disposition };
  const screen = riskScreen();
  if (screen) body.riskScreen = screen;
  body.safetyPlan = $('safety-plan').checked;
  body.activeRescue = $('active-rescue').checked;
  const res = await api('/api/v1/requests/' + encodeURIComponent(accepted.requestId) + '/complete', {
    method: 'POST', body,
  }).catch(() => null);
  btn.disabled = false;
  if (res && res.ok) {
    accepted = null;
    sessionStorage.removeItem(ACCEPTED_KEY);
    $('accepted').hidden = true;
    select.value = '';
    $('completion-note').value = '';
    document.querySelectorAll('#accepted input[type=checkbox]').forEach((c) => { c.checked = false; });
    showRiskLevel();
    announce('announcer', 'Request completed.');
    $('offers').focus();
  } else {
    showError('Could not complete the request' + (res ? ' (' + res.status + ')' : ' (no connection)') + '.');
  }
}

// The C-SSRS screener: a yes to any item, or "Screen asked", records the screen. The level shown here
// mirrors the rule intake applies (events' CssrsTriage; intake's is the one recorded).
function riskScreen() {
  const boxes = [...document.querySelectorAll('input[name=screen]')];
  if (!$('screened').checked && !boxes.some((b) => b.checked)) return null;
  const screen = {};
  boxes.forEach((b) => { screen[b.value] = b.checked && !b.disabled; });
  return screen;
}

function showRiskLevel() {
  const recent = document.querySelector('input[value=behaviourWithinThreeMonths]');
  const behaviour = document.querySelector('input[value=behaviour]');
  recent.disabled = !behaviour.checked;
  if (recent.disabled) recent.checked = false;
  const s = riskScreen();
  let level = 'not screened';
  if (s) {
    if (s.intent || s.intentWithPlan || (s.behaviour && s.behaviourWithinThreeMonths)) level = 'HIGH';
    else if (s.thoughtsWithMethod || s.behaviour) level = 'MODERATE';
    else level = 'LOW';
  }
  $('risk-level-line').textContent = 'Risk level: ' + level;
}

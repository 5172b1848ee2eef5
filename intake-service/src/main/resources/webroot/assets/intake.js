// Staff intake screen.
// POST /api/v1/requests with an Idempotency-Key made once per form fill, so a double click or a
// retried submit logs one request; validation is the server's (problem+json field list), shown
// next to each field. After a submit the new request is followed by polling
// GET /api/v1/requests/{id} every second; "my requests today" refreshes from
// GET /api/v1/requests?mine=today. The "Find a service" panel (services.js) can name the service a
// REFERRAL goes to: its serviceId is sent with the request while need stays REFERRAL.
import { initServicePanel, focusServicePanel } from '/assets/services.js';
import { trackFollowUps } from '/assets/followup-timeline.js';
import {
  requireSession, renderUserBar, hasRole, api, newIdempotencyKey, problemFields,
  fmtTime, label, chip, announce,
} from '/assets/session.js';

const TERMINAL = new Set(['COMPLETED', 'REFERRAL_ACCEPTED', 'CANCELLED', 'EXPIRED']);
const session = requireSession();

const $ = (id) => document.getElementById(id);
const form = $('intake-form');
const submitBtn = $('submit');
const pageError = $('page-error');

let idempotencyKey = newIdempotencyKey();
let inFlight = false;
let tracked = null;          // requestId followed in the "Latest request" panel
let trackedStatus = null;
let pollTimer = null;
let chosenService = null;    // {serviceId, name, kinds} from "Refer to this service", else null

if (session) {
  renderUserBar(session);
  if (!hasRole(session, 'staff')) {
    pageError.textContent = 'This screen is for hotline staff; you are signed in as ' +
      (session.role || 'another role') + '. Requests you log here will be refused.';
    pageError.hidden = false;
  }
  wire();
  wireCallerHistory();
  initServicePanel(callerAnswers, referTo);
  $('intake-screen').addEventListener('change', showIntakeRiskLevel);
  refreshToday();
  setInterval(refreshToday, 3000);
  focusFirst();
}

// Caller history: once a typed phone looks complete, GET /api/v1/callers/history (keyed hash of the
// number server-side; nothing is stored by asking) and say "N earlier contacts ..." under the field.
let historyTimer = null;
function wireCallerHistory() {
  const phone = $('phone');
  const hint = $('caller-history');
  const lookUp = async () => {
    const typed = phone.value.replace(/[\s().-]/g, '');
    if (!/^\+[1-9][0-9]{6,14}$/.test(typed)) {
      hint.textContent = '';
      return;
    }
    const res = await api('/api/v1/callers/history?phone=' + encodeURIComponent(typed)).catch(() => null);
    if (phone.value.replace(/[\s().-]/g, '') !== typed) return;
    if (!res || !res.ok || !res.data) {
      hint.textContent = '';
      return;
    }
    const h = res.data;
    if (!h.earlierContacts) {
      hint.textContent = 'No earlier contacts in the last ' + h.windowDays + ' days.';
      return;
    }
    hint.textContent = h.earlierContacts + ' earlier contact' + (h.earlierContacts === 1 ? '' : 's') + ' in the last '
      + h.windowDays + ' days; last ' + (h.lastContactAt ? h.lastContactAt.slice(0, 10) : '?')
      + (h.lastDisposition ? ', ' + label(h.lastDisposition).toLowerCase() : '')
      + (h.lastRiskLevel ? ', risk ' + h.lastRiskLevel.toLowerCase() : '') + '.';
  };
  phone.addEventListener('input', () => {
    clearTimeout(historyTimer);
    historyTimer = setTimeout(lookUp, 500);
  });
  phone.addEventListener('change', lookUp);
}

function focusFirst() {
  const checked = form.querySelector('input[name=channel]:checked') || form.querySelector('input[name=channel]');
  checked.focus();
}

function wire() {
  $('need').addEventListener('change', syncReferralKind);
  $('referralKind').addEventListener('change', () => {
    if (chosenService && !chosenService.kinds.includes($('referralKind').value)) clearService();
  });
  $('service-clear').addEventListener('click', () => {
    clearService();
    $('referralKind').focus();
  });
  syncReferralKind();
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit();
  });
  $('new-form').addEventListener('click', () => resetForm(true));
  $('cancel-request').addEventListener('click', cancelTracked);
  // Any edit after a failed attempt clears that field's message: the person sees what is left.
  form.addEventListener('input', (e) => clearFieldError(e.target));
  form.addEventListener('change', (e) => clearFieldError(e.target));
  $('summary').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  document.addEventListener('keydown', shortcut);
}

function shortcut(e) {
  if (!e.altKey || e.ctrlKey || e.metaKey) return;
  const k = e.key.toLowerCase();
  const urg = { 1: 'IMMINENT_RISK', 2: 'HIGH', 3: 'MODERATE', 4: 'LOW' }[e.code?.replace('Digit', '')] ||
    { 1: 'IMMINENT_RISK', 2: 'HIGH', 3: 'MODERATE', 4: 'LOW' }[k];
  const focusMap = { h: () => form.querySelector('input[name=channel]:checked'), g: () => $('need'),
    l: () => $('language'), r: () => $('region'), c: () => $('phone'), t: () => $('summary') };
  if (urg) {
    const r = $('urgency-' + urg);
    r.checked = true;
    r.focus();
    clearFieldError(r);
  } else if (focusMap[k]) {
    focusMap[k]().focus();
  } else if (k === 's') {
    form.requestSubmit();
  } else if (k === 'n') {
    resetForm(true);
  } else if (k === 'f') {
    focusServicePanel();
  } else {
    return;
  }
  e.preventDefault();
}

function syncReferralKind() {
  const isReferral = $('need').value === 'REFERRAL';
  $('referral-kind-field').hidden = !isReferral;
  if (!isReferral) {
    $('referralKind').value = '';
    clearService();
  }
}

/** The caller's answers the service search narrows by. */
function callerAnswers() {
  const v = (id) => $(id).value.trim();
  return {
    region: /^[a-z0-9][a-z0-9-]{0,39}$/.test(v('region')) ? v('region') : null,
    postalCode: /^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$/.test(v('postalCode')) ? v('postalCode') : null,
    language: /^[a-z]{2}$/.test(v('language')) ? v('language') : null,
    ageGroup: v('ageGroup') || null,
    referralKind: $('need').value === 'REFERRAL' ? (v('referralKind') || null) : null,
  };
}

/** "Refer to this service": the form becomes a REFERRAL of a kind the service offers, naming it. */
function referTo(service) {
  $('need').value = 'REFERRAL';
  syncReferralKind();
  const wanted = [$('find-kind').value, $('referralKind').value].find((k) => k && service.kinds.includes(k));
  $('referralKind').value = wanted || service.kinds[0];
  chosenService = { serviceId: service.serviceId, name: service.name, kinds: service.kinds };
  $('service-chosen').textContent = service.name;
  $('service-field').hidden = false;
  clearFieldError($('need'));
  clearFieldError($('referralKind'));
  clearFieldError($('service-field'));
  announce('live-announcer', 'Referral to ' + service.name + ' set in the form. Log the request to send it.');
  const urgency = form.querySelector('input[name=urgency]:checked');
  (urgency ? submitBtn : form.querySelector('input[name=urgency]')).focus();
}

function clearService() {
  chosenService = null;
  $('service-chosen').textContent = '';
  $('service-field').hidden = true;
}

function body() {
  const v = (id) => $(id).value.trim();
  const phone = v('phone');
  const email = v('email');
  const consent = $('consent').checked;
  return {
    channel: form.querySelector('input[name=channel]:checked')?.value ?? null,
    urgency: form.querySelector('input[name=urgency]:checked')?.value ?? null,
    need: $('need').value,
    referralKind: $('need').value === 'REFERRAL' ? (v('referralKind') || null) : null,
    serviceId: $('need').value === 'REFERRAL' && chosenService ? chosenService.serviceId : null,
    language: v('language') || null,
    region: v('region') || null,
    postalCode: v('postalCode') || null,
    ageGroup: v('ageGroup') || null,
    specialties: [...form.querySelectorAll('input[name=specialties]:checked')].map((c) => c.value),
    summary: v('summary') || null,
    callerContact: phone || email || consent
      ? { phone: phone || null, email: email || null, consentToContact: consent }
      : null,
    riskScreen: intakeScreen(),
  };
}

// The C-SSRS screener staff may ask at intake: recorded when any answer is yes or "Screen asked" is
// ticked. The level shown mirrors intake's rule (events' CssrsTriage), which is the one recorded.
function intakeScreen() {
  const boxes = [...form.querySelectorAll('input[name=intake-screen]')];
  if (!$('intake-screened').checked && !boxes.some((b) => b.checked)) return null;
  const screen = {};
  boxes.forEach((b) => { screen[b.value] = b.checked && !b.disabled; });
  return screen;
}

function showIntakeRiskLevel() {
  const recent = form.querySelector('input[name=intake-screen][value=behaviourWithinThreeMonths]');
  const behaviour = form.querySelector('input[name=intake-screen][value=behaviour]');
  recent.disabled = !behaviour.checked;
  if (recent.disabled) recent.checked = false;
  const s = intakeScreen();
  let level = '';
  if (s) {
    if (s.intent || s.intentWithPlan || (s.behaviour && s.behaviourWithinThreeMonths)) level = 'HIGH';
    else if (s.thoughtsWithMethod || s.behaviour) level = 'MODERATE';
    else level = 'LOW';
  }
  $('intake-risk-level').textContent = level ? '— risk ' + level.toLowerCase() : '';
}

async function submit() {
  // The flag, not only the disabled button, guards against a second submit in the same tick.
  if (inFlight) return;
  inFlight = true;
  submitBtn.disabled = true;
  submitBtn.textContent = 'Logging…';
  clearErrors();
  // Absent answers are left out rather than sent as null: the schema only has to know real values.
  const payload = Object.fromEntries(Object.entries(body()).filter(([, v]) => v !== null && v !== ''));
  if (payload.callerContact) {
    payload.callerContact = Object.fromEntries(Object.entries(payload.callerContact).filter(([, v]) => v !== null));
  }
  try {
    const res = await api('/api/v1/requests', {
      method: 'POST', body: payload, headers: { 'Idempotency-Key': idempotencyKey },
    });
    if (res.ok && res.data && res.data.requestId) {
      const summary = [label(payload.urgency), label(payload.need), payload.region, payload.language].filter(Boolean).join(' · ');
      track(res.data.requestId, res.data.status || 'QUEUED', summary);
      announce('live-announcer', 'Request logged, status ' + label(res.data.status || 'QUEUED') + '. Form cleared for the next caller.');
      // Back to the first field: the next caller can be logged without touching the mouse.
      resetForm(true);
      refreshToday();
    } else if (res.status === 400 || res.status === 422 || res.status === 409) {
      showProblem(res.data);
      // Nothing was logged, so the corrected form is a new attempt with a new key.
      idempotencyKey = newIdempotencyKey();
    } else if (res.status === 403) {
      showPageError('You are not allowed to log requests (staff only).');
    } else if (res.status !== 401) {
      // Server trouble: keep the key, so pressing again is a safe retry, never a duplicate.
      showPageError('The request was not confirmed (' + res.status + '). Press “Log request” again to retry safely.');
    }
  } catch {
    showPageError('Cannot reach the server. Press “Log request” again to retry safely — it will be logged once.');
  } finally {
    inFlight = false;
    submitBtn.disabled = false;
    submitBtn.textContent = 'Log request';
  }
}

function showPageError(msg) {
  pageError.textContent = msg;
  pageError.hidden = false;
}

function clearErrors() {
  pageError.hidden = true;
  $('error-summary').hidden = true;
  $('error-list').textContent = '';
  form.querySelectorAll('.field-error').forEach((e) => { e.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
}

function clearFieldError(target) {
  const holder = target.closest('[data-field]');
  if (!holder) return;
  const err = document.getElementById('err-' + holder.dataset.field);
  if (err) err.textContent = '';
  holder.removeAttribute('aria-invalid');
}

/** The field name from the server → the control that holds it (a few aliases accepted). */
function controlFor(field) {
  if (!field) return null;
  const f = field.replace(/\[\d+\]$/, '');
  const aliases = { phone: 'callerContact.phone', email: 'callerContact.email',
    consentToContact: 'callerContact.consentToContact', 'callerContact.consent': 'callerContact.consentToContact' };
  const name = form.querySelector(`[data-field="${CSS.escape(f)}"]`) ? f : (aliases[f] || f);
  return form.querySelector(`[data-field="${CSS.escape(name)}"]`);
}

const FIELD_NAMES = {
  channel: 'Channel', urgency: 'Urgency', need: 'Need', referralKind: 'Referral kind', language: 'Language',
  region: 'Region', postalCode: 'Postal code', ageGroup: 'Age group', specialties: 'Specialty preferences',
  summary: 'Short notes', serviceId: 'Service', callerContact: 'Caller contact', 'callerContact.phone': 'Phone',
  'callerContact.email': 'Email', 'callerContact.consentToContact': 'Consent',
};

function showProblem(problem) {
  let fields = problemFields(problem);
  // Generic schema messages repeat the specific ones in less helpful words; show them only alone.
  const specific = fields.filter((f) => !/violates schema keyword/i.test(f.message));
  if (specific.length) fields = specific;
  const list = $('error-list');
  let first = null;
  for (const { field, message } of fields) {
    const ctl = controlFor(field);
    const li = document.createElement('li');
    if (ctl) {
      const key = ctl.dataset.field;
      const err = document.getElementById('err-' + key);
      if (err) err.textContent = err.textContent ? err.textContent + '; ' + message : message;
      ctl.setAttribute('aria-invalid', 'true');
      const a = document.createElement('a');
      a.href = '#';
      a.textContent = (FIELD_NAMES[key] || label(key.split('.').pop())) + ': ' + message;
      a.addEventListener('click', (e) => { e.preventDefault(); focusControl(ctl); });
      li.append(a);
      first = first || ctl;
    } else {
      li.textContent = (field ? field + ': ' : '') + message;
    }
    list.append(li);
  }
  if (!fields.length) {
    const li = document.createElement('li');
    li.textContent = (problem && (problem.detail || problem.title)) || 'The request was refused.';
    list.append(li);
  }
  $('error-summary').hidden = false;
  if (first) focusControl(first);
  else $('error-summary').focus();
}

function focusControl(ctl) {
  const target = ctl.matches('input,select,textarea') ? ctl
    : ctl.querySelector('input:checked') || ctl.querySelector('input,select,textarea');
  target?.focus();
}

function resetForm(focus) {
  form.reset();
  $('caller-history').textContent = '';
  showIntakeRiskLevel();
  $('intake-screen').open = false;
  clearErrors();
  syncReferralKind();
  clearService();
  idempotencyKey = newIdempotencyKey();
  if (focus) focusFirst();
}

// ---- live status of the latest request ----

function track(requestId, status, summary) {
  tracked = requestId;
  trackedStatus = null;
  $('live-empty').hidden = true;
  $('live').hidden = false;
  $('live-request-id').textContent = requestId;
  $('live-summary').textContent = summary || '';
  $('timeline').textContent = '';
  renderStatus(status);
  clearTimeout(pollTimer);
  poll();
  trackFollowUps(requestId);
}

async function poll() {
  const id = tracked;
  try {
    const res = await api('/api/v1/requests/' + encodeURIComponent(id));
    if (id !== tracked) return;
    if (res.ok && res.data) {
      renderStatus(res.data.status);
      renderTimeline(res.data.timeline || []);
      if (!$('live-summary').textContent) {
        const d = res.data;
        $('live-summary').textContent = [label(d.urgency), label(d.need), d.region, d.language].filter(Boolean).join(' · ');
      }
    }
  } catch {
    // A dropped poll is retried on the next tick; the panel keeps the last known state.
  }
  if (id === tracked && !TERMINAL.has(trackedStatus)) pollTimer = setTimeout(poll, 1000);
}

function renderStatus(status) {
  if (!status || status === trackedStatus) return;
  const first = trackedStatus == null;
  trackedStatus = status;
  const holder = $('live-status-chip');
  holder.textContent = '';
  const c = chip(status);
  c.id = 'live-status';
  holder.append(c);
  $('cancel-request').hidden = TERMINAL.has(status) || status === 'ACCEPTED';
  if (!first) announce('live-announcer', 'Latest request is now ' + label(status) + '.');
}

function renderTimeline(timeline) {
  const ol = $('timeline');
  ol.textContent = '';
  for (const t of timeline) {
    const li = document.createElement('li');
    const who = t.responderId ? ' → ' + t.responderId : t.serviceId ? ' → service ' + t.serviceId : '';
    // A hand-on or follow-up step says it all in its reason ("handed on to <id> (PEER_SUPPORT)",
    // "2 follow-up(s) scheduled...").
    li.textContent = t.kind === 'HANDOFF' || t.kind === 'FOLLOW_UP' ? fmtTime(t.at) + ' ' + t.reason
      : fmtTime(t.at) + ' ' + label(t.status) + who + (t.reason ? ' (' + t.reason + ')' : '');
    ol.append(li);
  }
}

async function cancelTracked() {
  if (!tracked || !confirm('Cancel this request? The caller will not be routed.')) return;
  const res = await api('/api/v1/requests/' + encodeURIComponent(tracked) + '/cancel', {
    method: 'POST', body: { reason: 'cancelled by staff' },
  }).catch(() => null);
  if (!res || !res.ok) showPageError('Cancel was not accepted' + (res ? ' (' + res.status + ')' : '') + '.');
  else if (TERMINAL.has(trackedStatus)) poll();
}

// ---- my requests today ----

async function refreshToday() {
  let res;
  try {
    res = await api('/api/v1/requests?mine=today');
  } catch {
    return;
  }
  if (!res.ok || !Array.isArray(res.data)) return;
  const body = $('today-body');
  body.textContent = '';
  for (const r of res.data) {
    const tr = document.createElement('tr');
    tr.dataset.requestId = r.requestId;
    tr.dataset.region = r.region || '';
    const td = (content) => {
      const cell = document.createElement('td');
      if (content instanceof Node) cell.append(content);
      else cell.textContent = content ?? '';
      tr.append(cell);
      return cell;
    };
    td(fmtTime(r.loggedAt));
    const what = document.createElement('span');
    what.append(chip(r.urgency, 'u-'), ' ' + [label(r.need), r.region].filter(Boolean).join(' · '));
    td(what);
    td(chip(r.status)).className = 'today-status';
    const btn = document.createElement('button');
    btn.type = 'button';
    btn.className = 'secondary';
    btn.style.minHeight = '30px';
    btn.style.padding = '0 8px';
    btn.textContent = 'Show';
    btn.setAttribute('aria-label', 'Follow request logged at ' + fmtTime(r.loggedAt));
    btn.addEventListener('click', () => track(r.requestId, r.status, ''));
    td(btn);
    body.append(tr);
  }
  $('today-empty').hidden = res.data.length > 0;
}

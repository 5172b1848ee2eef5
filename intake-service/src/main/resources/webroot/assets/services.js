// "Find a service" panel of the staff intake screen.
// GET /api/v1/directory/search with the panel's words, kind and open-now / has-places boxes, plus the
// intake form's region, postal code, language and age group (the caller's), so what is found fits
// the person on the line. Each result lists what people decide on, and the server's "why" as text;
// "Refer to this service" hands the service to the form (onRefer), which logs a REFERRAL naming it.
import { api, label, problemFields, announce } from '/assets/session.js';

const $ = (id) => document.getElementById(id);
const LIMIT = 10;

/**
 * @param {() => {region, postalCode, language, ageGroup, referralKind}} caller the form's answers
 * @param {(service) => void} onRefer called with the chosen result
 */
export function initServicePanel(caller, onRefer) {
  const form = $('find-form');
  const describe = () => { $('find-uses').textContent = usesText(caller()); };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    search(caller, onRefer);
  });
  document.getElementById('intake-form').addEventListener('input', describe);
  document.getElementById('intake-form').addEventListener('change', describe);
  describe();
}

/** Focuses the panel's first field (Alt+F). */
export function focusServicePanel() {
  $('find-q').focus();
}

function params(c) {
  const p = new URLSearchParams();
  const q = $('find-q').value.trim();
  if (q) p.append('q', q);
  const kind = $('find-kind').value || c.referralKind;
  if (kind) p.append('kind', kind);
  if (c.region) p.append('region', c.region);
  if (c.postalCode) p.append('postalCode', c.postalCode);
  if (c.language) p.append('language', c.language);
  if (c.ageGroup) p.append('age', c.ageGroup);
  if ($('find-open').checked) p.append('openNow', 'true');
  if ($('find-capacity').checked) p.append('hasCapacity', 'true');
  p.append('limit', String(LIMIT));
  return p;
}

function usesText(c) {
  const parts = [];
  if (c.region) parts.push('region ' + c.region);
  if (c.postalCode) parts.push('postal code ' + c.postalCode);
  if (c.language) parts.push('language ' + c.language);
  if (c.ageGroup) parts.push('age ' + label(c.ageGroup).toLowerCase());
  if (!$('find-kind').value && c.referralKind) parts.push('kind ' + label(c.referralKind).toLowerCase());
  return parts.length ? 'From the form: ' + parts.join(', ') + '.' : 'Fill region, language and age in the form to narrow it.';
}

let seq = 0;
async function search(caller, onRefer) {
  const mine = ++seq;
  $('find-error').textContent = '';
  $('find-status').textContent = 'Searching…';
  let res;
  try {
    res = await api('/api/v1/directory/search?' + params(caller()).toString());
  } catch {
    res = null;
  }
  if (mine !== seq) return;
  if (!res || !res.ok || !res.data) {
    const fields = res && res.status === 400 ? problemFields(res.data) : [];
    $('find-error').textContent = fields.length
      ? 'Cannot search: ' + fields.map((f) => (f.field ? f.field + ' ' : '') + f.message).join('; ') + '.'
      : 'The search did not answer' + (res ? ' (' + res.status + ')' : '') + '; try again.';
    $('find-status').textContent = '';
    return;
  }
  render(res.data, onRefer);
}

function render(data, onRefer) {
  const list = $('find-results');
  list.textContent = '';
  for (const s of data.results) list.append(item(s, onRefer));
  const n = data.results.length;
  const status = n === 0 ? 'No service found.'
    : data.exact + ' meet' + (data.exact === 1 ? 's' : '') + ' every filter; showing ' + n + '.';
  announce('find-status', status);
}

function item(s, onRefer) {
  const li = document.createElement('li');
  li.dataset.serviceId = s.serviceId;
  const h = document.createElement('h3');
  h.textContent = s.name;
  li.append(h);
  line(li, s.organization || '', 'muted');
  const state = document.createElement('p');
  const open = document.createElement('span');
  open.className = 'chip ' + (s.openNow ? 'open-yes' : 'open-no');
  open.textContent = s.openNow ? 'Open now' : s.nextOpen ? 'Opens ' + when(s.nextOpen) : 'Closed';
  const places = document.createElement('span');
  places.className = 'chip ' + (s.capacity && s.capacity.available > 0 ? 'open-yes' : 'open-no');
  places.textContent = s.capacity ? s.capacity.available + ' of ' + s.capacity.maximum + ' places' : 'Places unknown';
  state.append(open, ' ', places, ' ' + s.kinds.map(label).join(', '));
  li.append(state);
  if (s.description) line(li, s.description);
  const e = s.eligibility || {};
  const ages = e.description || (e.minAge == null && e.maxAge == null ? 'All ages'
    : 'Ages ' + (e.minAge ?? 0) + (e.maxAge == null ? '+' : '–' + e.maxAge));
  line(li, ['Speaks ' + s.languages.join(', '), 'serves ' + [...s.area.regions, ...s.area.postalPrefixes].join(', '),
    ages, s.cost].filter(Boolean).join(' · '));
  if (s.accessibility) line(li, 'Access: ' + s.accessibility);
  const c = s.intakeContact || {};
  if (c.phone || c.email) line(li, 'Intake: ' + [c.phone, c.email].filter(Boolean).join(' · '));
  line(li, 'Why: ' + s.why.text, 'why');
  const btn = document.createElement('button');
  btn.type = 'button';
  btn.className = 'refer';
  btn.textContent = 'Refer to this service';
  btn.setAttribute('aria-label', 'Refer to ' + s.name);
  btn.addEventListener('click', () => onRefer(s));
  li.append(btn);
  return li;
}

function line(li, text, cls) {
  const p = document.createElement('p');
  if (cls) p.className = cls;
  p.textContent = text;
  li.append(p);
}

function when(iso) {
  const d = new Date(iso);
  return d.toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
}

// Supervisor reports: GET /api/v1/reports/kpis (JSON for the charts, Accept: text/csv for the
// download). Every chart is an SVG with a text equivalent: role="img" and a label saying what it
// shows, and the same figures as a table below it. Series differ by dash pattern and marker as well
// as colour, so nothing is told by colour alone.
import { requireSession, renderUserBar, hasRole, api, getSession, label, problemFields } from '/assets/session.js';

const $ = (id) => document.getElementById(id);
const SERIES = [
  { colour: '#0b5cad', dash: '', marker: 'circle' },
  { colour: '#0b6b2e', dash: '6 3', marker: 'square' },
  { colour: '#a4001d', dash: '2 3', marker: 'diamond' },
  { colour: '#6b3fa0', dash: '10 3 2 3', marker: 'circle' },
];
const session = requireSession();
let last = null;

if (session) {
  renderUserBar(session);
  if (!hasRole(session, 'supervisor')) {
    $('access-denied').textContent = 'Access denied: reports are for supervisors.';
    $('access-denied').hidden = false;
    $('reports-body').hidden = true;
  } else {
    const today = new Date().toISOString().slice(0, 10);
    const weekAgo = new Date(Date.now() - 6 * 86400000).toISOString().slice(0, 10);
    const params = new URLSearchParams(location.search);
    $('from').value = params.get('from') || weekAgo;
    $('to').value = params.get('to') || today;
    $('interval').value = params.get('interval') || 'day';
    $('by-region').checked = params.get('byRegion') === 'true';
    loadRegions(params.get('region'));
    $('filters').addEventListener('submit', (e) => { e.preventDefault(); show(); });
    $('download-csv').addEventListener('click', downloadCsv);
    show();
  }
}

async function loadRegions(selected) {
  const res = await api('/api/v1/policy').catch(() => null);
  const regions = res && res.ok && res.data && Array.isArray(res.data.regions) ? res.data.regions : [];
  if (selected && !regions.includes(selected)) regions.push(selected);
  for (const r of regions.sort()) {
    const o = document.createElement('option');
    o.value = r;
    o.textContent = r;
    $('region').append(o);
  }
  if (selected) $('region').value = selected;
}

function query() {
  const q = new URLSearchParams();
  q.set('from', $('from').value);
  q.set('to', $('to').value);
  q.set('interval', $('interval').value);
  if ($('region').value) q.set('region', $('region').value);
  if ($('by-region').checked) q.set('byRegion', 'true');
  return q;
}

function clearErrors() {
  for (const f of ['from', 'to', 'interval', 'region']) {
    $('err-' + f).textContent = '';
    $(f).removeAttribute('aria-invalid');
  }
}

function showErrors(problem) {
  const fields = problemFields(problem);
  for (const { field, message } of fields) {
    if (field && $('err-' + field)) {
      $('err-' + field).textContent = message;
      $(field).setAttribute('aria-invalid', 'true');
    }
  }
  const first = fields.find((f) => f.field && $(f.field));
  if (first) $(first.field).focus();
}

async function show() {
  clearErrors();
  if (!$('from').value || !$('to').value) {
    showErrors({ errors: [!$('from').value ? { field: 'from', message: 'Choose a start date.' } : { field: 'to', message: 'Choose an end date.' }] });
    return;
  }
  const q = query();
  history.replaceState(null, '', '/reports?' + q);
  $('status').textContent = 'Loading…';
  const res = await api('/api/v1/reports/kpis?' + q).catch(() => null);
  if (!res || !res.ok) {
    $('status').textContent = res && res.status === 400 ? 'Check the fields marked below.'
      : 'The report could not be loaded' + (res ? ' (' + res.status + ')' : ' (no connection)') + '.';
    if (res && res.status === 400) showErrors(res.data);
    return;
  }
  last = res.data;
  draw(res.data);
  $('status').textContent = 'Report loaded: ' + res.data.buckets.length + ' intervals.';
}

async function downloadCsv() {
  const s = getSession();
  const res = await fetch('/api/v1/reports/kpis?' + query(), {
    headers: { Accept: 'text/csv', Authorization: 'Bearer ' + (s ? s.token : '') }, cache: 'no-store',
  }).catch(() => null);
  if (!res || !res.ok) {
    $('status').textContent = 'The CSV could not be downloaded' + (res ? ' (' + res.status + ')' : '') + '.';
    return;
  }
  const text = await res.text();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  a.download = 'crisisline-kpis-' + $('from').value + '-to-' + $('to').value + '-' + $('interval').value + '.csv';
  a.id = 'csv-link';
  document.body.append(a);
  a.click();
  $('status').textContent = 'CSV downloaded: ' + (text.trim().split('\n').length - 1) + ' rows.';
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 60000);
}

// ---- drawing ----

const pct = (v) => (v == null ? '–' : Math.round(v * 1000) / 10 + '%');
const sec = (v) => (v == null ? '–' : (Math.round(v * 10) / 10) + ' s');
const num = (v) => (v == null ? '–' : String(v));

function bucketLabel(b, interval) {
  const s = b.start;
  return interval === 'hour' ? s.slice(5, 10) + ' ' + s.slice(11, 16) : s.slice(0, 10);
}

/** The buckets as series: one per region when asked per region, else one. */
function byRegion(data) {
  const groups = new Map();
  for (const b of data.buckets) {
    const k = b.region || 'All regions';
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(b);
  }
  return groups;
}

function draw(data) {
  const groups = byRegion(data);
  const first = [...groups.values()][0] || [];
  const labels = first.map((b) => bucketLabel(b, data.interval));
  const perRegion = groups.size > 1 || (first[0] && first[0].region);
  const answerSeries = [];
  for (const [region, bs] of groups) {
    answerSeries.push({ name: (perRegion ? region + ': ' : '') + 'answer rate', values: bs.map((b) => b.answerRate) });
    if (!perRegion) answerSeries.push({ name: 'answered within SLA', values: bs.map((b) => b.answeredWithinSlaShare) });
  }
  chart('answer', 'Answer rate', labels, answerSeries, { max: 1, fmt: pct, ref: data.answerRateTarget, refName: 'target ' + pct(data.answerRateTarget) });
  const speedSeries = [];
  for (const [region, bs] of groups) {
    speedSeries.push({ name: (perRegion ? region + ': ' : '') + 'mean', values: bs.map((b) => b.speedToAnswer.mean) });
    if (!perRegion) speedSeries.push({ name: '90th percentile', values: bs.map((b) => b.speedToAnswer.p90) });
  }
  const sla = data.slaSeconds ? data.slaSeconds.HIGH : null;
  chart('speed', 'Speed to answer', labels, speedSeries, { fmt: sec, ref: sla, refName: 'HIGH SLA ' + sec(sla) });
  const totals = sumBuckets(data.buckets, data.interval);
  chart('lost', 'Abandoned, expired, rolled over', totals.labels, [
    { name: 'abandoned', values: totals.rows.map((r) => r.abandoned) },
    { name: 'expired', values: totals.rows.map((r) => r.expired) },
    { name: 'rolled over', values: totals.rows.map((r) => r.rolledOver) },
  ], { fmt: num, integer: true });
  outcomes(data.buckets);
  summary(data);
}

function sumBuckets(buckets, interval) {
  const byStart = new Map();
  for (const b of buckets) {
    const k = bucketLabel(b, interval);
    const r = byStart.get(k) || { abandoned: 0, expired: 0, rolledOver: 0 };
    r.abandoned += b.abandoned; r.expired += b.expired; r.rolledOver += b.rolledOver;
    byStart.set(k, r);
  }
  return { labels: [...byStart.keys()], rows: [...byStart.values()] };
}

function summary(data) {
  const t = data.buckets.reduce((a, b) => {
    a.logged += b.logged; a.accepted += b.accepted; a.within += b.answeredWithinSla; a.abandoned += b.abandoned;
    a.rolled += b.rolledOver; a.high += (b.riskLevels && b.riskLevels.HIGH) || 0;
    a.alerts += b.alertsRaised || 0; a.acked += b.alertsAcknowledged || 0;
    if (b.speedToAnswer.mean != null) { a.speedSum += b.speedToAnswer.mean * b.accepted; a.speedN += b.accepted; }
    return a;
  }, { logged: 0, accepted: 0, within: 0, abandoned: 0, rolled: 0, high: 0, alerts: 0, acked: 0, speedSum: 0, speedN: 0 });
  const rate = t.logged ? t.accepted / t.logged : null;
  const within = t.logged ? t.within / t.logged : null;
  $('summary').textContent = `From ${data.from.slice(0, 10)} to ${data.to.slice(0, 16).replace('T', ' ')} UTC`
    + (data.region ? ` in ${data.region}` : '') + `: ${t.logged} contacts logged, ${t.accepted} answered (answer rate ${pct(rate)}, `
    + `${pct(within)} within SLA), mean speed to answer ${sec(t.speedN ? t.speedSum / t.speedN : null)}, `
    + `${t.abandoned} abandoned, ${t.rolled} rolled over, ${t.high} high-risk contacts, `
    + `${t.alerts} alerts raised (${t.acked} acknowledged).`;
}

function outcomes(buckets) {
  const d = new Map();
  const r = new Map();
  for (const b of buckets) {
    for (const [k, v] of Object.entries(b.dispositions || {})) d.set(k, (d.get(k) || 0) + v);
    for (const [k, v] of Object.entries(b.riskLevels || {})) r.set(k, (r.get(k) || 0) + v);
  }
  const rows = [...['HIGH', 'MODERATE', 'LOW'].map((k) => ['Risk ' + label(k).toLowerCase(), r.get(k) || 0]),
    ...[...d.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => [label(k), v])];
  const max = Math.max(1, ...rows.map((x) => x[1]));
  const W = 560; const rowH = 22; const L = 200; const H = rows.length * rowH + 10;
  let svg = `<svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="cap-outcomes" data-bars="${rows.length}">`;
  rows.forEach(([name, v], i) => {
    const y = 5 + i * rowH;
    const w = Math.round((W - L - 50) * v / max);
    svg += `<text x="${L - 6}" y="${y + 15}" text-anchor="end" font-size="12" fill="#1b1f23">${esc(name)}</text>`
      + `<rect class="bar" x="${L}" y="${y + 3}" width="${w}" height="${rowH - 8}" fill="${i < 3 ? '#a4001d' : '#0b5cad'}"/>`
      + `<text x="${L + w + 6}" y="${y + 15}" font-size="12" fill="#1b1f23">${v}</text>`;
  });
  $('chart-outcomes').innerHTML = svg + '</svg>';
  $('table-outcomes').innerHTML = table(['What', 'Contacts'], rows.map(([n, v]) => [n, v]));
}

function chart(id, title, labels, series, { max, fmt, ref, refName, integer } = {}) {
  const W = 640; const H = 260; const L = 56; const R = 12; const T = 12; const B = 44;
  const values = series.flatMap((s) => s.values).filter((v) => v != null);
  let top = max || Math.max(ref || 0, ...values, integer ? 1 : 0);
  if (!top) top = 1;
  if (!max) top *= 1.1;
  const x = (i) => L + (labels.length <= 1 ? (W - L - R) / 2 : i * (W - L - R) / (labels.length - 1));
  const y = (v) => T + (H - T - B) * (1 - v / top);
  let svg = `<svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="cap-${id}" data-series="${series.length}" data-points="${labels.length}">`;
  for (let g = 0; g <= 4; g++) {
    const v = top * g / 4;
    svg += `<line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" stroke="#d0d4d9"/>`
      + `<text x="${L - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11" fill="#4a4f55">${esc(fmt(integer ? Math.round(v) : v))}</text>`;
  }
  const step = Math.max(1, Math.ceil(labels.length / 8));
  labels.forEach((lab, i) => {
    if (i % step === 0) svg += `<text x="${x(i)}" y="${H - B + 16}" text-anchor="middle" font-size="11" fill="#4a4f55">${esc(lab)}</text>`;
  });
  if (ref != null) {
    svg += `<line class="sla-line" x1="${L}" x2="${W - R}" y1="${y(ref)}" y2="${y(ref)}" stroke="#1b1f23" stroke-dasharray="4 4"/>`
      + `<text x="${W - R}" y="${y(ref) - 4}" text-anchor="end" font-size="11" fill="#1b1f23">${esc(refName)}</text>`;
  }
  series.forEach((s, si) => {
    const st = SERIES[si % SERIES.length];
    let d = '';
    s.values.forEach((v, i) => {
      if (v == null) return;
      d += (d && s.values[i - 1] != null ? ' L' : ' M') + x(i).toFixed(1) + ' ' + y(v).toFixed(1);
      svg += marker(st, x(i), y(v), `${s.name} ${labels[i]}: ${fmt(v)}`);
    });
    if (d) svg += `<path class="series" d="${d.trim()}" fill="none" stroke="${st.colour}" stroke-width="2" stroke-dasharray="${st.dash}"/>`;
  });
  svg += '</svg>';
  const legend = '<div class="legend" aria-hidden="true">' + series.map((s, si) => {
    const st = SERIES[si % SERIES.length];
    return `<span><svg width="30" height="10"><line x1="0" x2="30" y1="5" y2="5" stroke="${st.colour}" stroke-width="2" stroke-dasharray="${st.dash}"/></svg> ${esc(s.name)}</span>`;
  }).join('') + '</div>';
  $('chart-' + id).innerHTML = legend + svg;
  $('table-' + id).innerHTML = table(['Interval', ...series.map((s) => s.name)],
    labels.map((lab, i) => [lab, ...series.map((s) => fmt(s.values[i]))]));
}

function marker(st, cx, cy, title) {
  const t = `<title>${esc(title)}</title>`;
  if (st.marker === 'square') return `<rect class="point" x="${cx - 3}" y="${cy - 3}" width="6" height="6" fill="${st.colour}">${t}</rect>`;
  if (st.marker === 'diamond') return `<path class="point" d="M ${cx} ${cy - 4} L ${cx + 4} ${cy} L ${cx} ${cy + 4} L ${cx - 4} ${cy} Z" fill="${st.colour}">${t}</path>`;
  return `<circle class="point" cx="${cx}" cy="${cy}" r="3" fill="${st.colour}">${t}</circle>`;
}

function table(head, rows) {
  return '<table><thead><tr>' + head.map((h, i) => `<th scope="col"${i ? ' class="num"' : ''}>${esc(h)}</th>`).join('')
    + '</tr></thead><tbody>' + rows.map((r) => '<tr>' + r.map((c, i) => (i ? `<td class="num">${esc(String(c))}</td>`
      : `<th scope="row">${esc(String(c))}</th>`)).join('') + '</tr>').join('') + '</tbody></table>';
}

function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

// Dev outbox (local stack only): GET /api/v1/dev/outbox → [{channel, to, subject?, body, offerId,
// responderId, sentAt}], shown newest first with every http(s) link clickable; refreshes every 3 s.
import { requireSession, renderUserBar, api, fmtTime } from '/assets/session.js';

const $ = (id) => document.getElementById(id);
const session = requireSession();
let timer = null;

if (session) {
  renderUserBar(session);
  $('refresh').addEventListener('click', load);
  $('auto').addEventListener('change', schedule);
  load();
}

function schedule() {
  clearTimeout(timer);
  if ($('auto').checked) timer = setTimeout(load, 3000);
}

async function load() {
  clearTimeout(timer);
  try {
    const res = await api('/api/v1/dev/outbox');
    if (res.ok && Array.isArray(res.data)) {
      render(res.data);
      $('page-error').hidden = true;
      $('updated').textContent = 'Updated ' + fmtTime(new Date().toISOString());
    } else if (res.status === 404) {
      showError('The dev outbox is only available in the local stack.');
    } else if (res.status === 403) {
      showError('The dev outbox is for supervisors.');
    } else if (res.status !== 401) {
      showError('Could not load the outbox (' + res.status + ').');
    }
  } catch {
    showError('Cannot reach the server; retrying.');
  }
  schedule();
}

function showError(m) {
  $('page-error').textContent = m;
  $('page-error').hidden = false;
}

/** Text with its URLs turned into links, built as DOM nodes (message bodies are never trusted HTML). */
function linkify(text) {
  const frag = document.createDocumentFragment();
  const re = /https?:\/\/[^\s<>"']+/g;
  let last = 0;
  let m;
  while ((m = re.exec(text)) !== null) {
    let url = m[0].replace(/[.,;:!?)]+$/, '');
    frag.append(text.slice(last, m.index));
    const a = document.createElement('a');
    a.href = url;
    a.textContent = url;
    a.target = '_blank';
    a.rel = 'noopener';
    frag.append(a);
    last = m.index + url.length;
  }
  frag.append(text.slice(last));
  return frag;
}

function render(list) {
  const rows = list.slice().sort((a, b) => (Date.parse(b.sentAt) || 0) - (Date.parse(a.sentAt) || 0));
  const body = $('outbox-body');
  body.textContent = '';
  for (const m of rows) {
    const tr = document.createElement('tr');
    tr.dataset.offerId = m.offerId || '';
    tr.dataset.responderId = m.responderId || '';
    const td = (content, cls) => {
      const c = document.createElement('td');
      if (cls) c.className = cls;
      if (content instanceof Node) c.append(content); else c.textContent = content ?? '';
      tr.append(c);
    };
    td(fmtTime(m.sentAt));
    td(m.channel);
    td(m.to);
    td(m.subject || '');
    td(linkify(String(m.body ?? '')), 'body');
    td([m.offerId, m.responderId].filter(Boolean).join(' / '));
    body.append(tr);
  }
  $('outbox-empty').hidden = rows.length > 0;
}

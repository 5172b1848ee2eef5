// The dashboard's "On call now" panel: GET /api/v1/oncall (who is on call in every schedule, by
// name, until when), refreshed every minute and as soon as the earliest shift or override ends.
import { api } from '/assets/session.js';

const $ = (id) => document.getElementById(id);
let timer = null;

export async function refreshOnCall() {
  clearTimeout(timer);
  let next = 60000;
  try {
    const res = await api('/api/v1/oncall');
    if (res.ok && Array.isArray(res.data)) {
      render(res.data);
      const soonest = Math.min(...res.data.map((r) => Date.parse(r.until)).filter((t) => !Number.isNaN(t)));
      if (Number.isFinite(soonest)) next = Math.max(1000, Math.min(next, soonest - Date.now() + 1000));
      $('oncall-error').hidden = true;
    } else if (res.status === 403) {
      $('oncall-error').textContent = 'Who is on call is shown to supervisors and admins.';
      $('oncall-error').hidden = false;
      return;
    }
  } catch {
    $('oncall-error').textContent = 'Could not load who is on call; retrying.';
    $('oncall-error').hidden = false;
  }
  timer = setTimeout(refreshOnCall, next);
}

function render(rows) {
  const body = $('oncall-body');
  body.textContent = '';
  for (const r of rows) {
    const tr = document.createElement('tr');
    tr.dataset.scheduleId = r.scheduleId;
    tr.dataset.userId = r.userId;
    for (const text of [r.scheduleId, r.name, until(r.until)]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    body.append(tr);
  }
  $('oncall-empty').hidden = rows.length > 0;
}

function until(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toLocaleString([], { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

// The dashboard's "Follow-ups today" panel: GET /api/v1/followups/counts (staff, supervisors),
// refreshed every 30 s. Per region, the caring contacts due today, done today and overdue (due and
// not done), as a table; a sentence above it gives the totals for a screen reader to hear first.
import { api } from '/assets/session.js';

const $ = (id) => document.getElementById(id);
let timer = null;

export async function refreshFollowUpCounts() {
  clearTimeout(timer);
  try {
    const res = await api('/api/v1/followups/counts');
    if (res.ok && res.data) {
      render(res.data);
      $('followups-error').hidden = true;
    } else if (res.status === 403) {
      $('followups-error').textContent = 'Follow-up counts are shown to staff and supervisors.';
      $('followups-error').hidden = false;
      return;
    }
  } catch {
    $('followups-error').textContent = 'Could not load the follow-up counts; retrying.';
    $('followups-error').hidden = false;
  }
  timer = setTimeout(refreshFollowUpCounts, 30000);
}

function render(data) {
  const body = $('followups-body');
  body.textContent = '';
  let due = 0;
  let done = 0;
  let overdue = 0;
  for (const r of data.regions) {
    const tr = document.createElement('tr');
    tr.dataset.region = r.region;
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = r.region;
    tr.append(th);
    for (const n of [r.dueToday, r.doneToday, r.overdue]) {
      const td = document.createElement('td');
      td.textContent = String(n);
      tr.append(td);
    }
    if (r.overdue > 0) tr.classList.add('overdue');
    body.append(tr);
    due += r.dueToday;
    done += r.doneToday;
    overdue += r.overdue;
  }
  $('followups-empty').hidden = data.regions.length > 0;
  $('followups-table').hidden = data.regions.length === 0;
  $('followups-summary').textContent = data.regions.length === 0 ? ''
    : 'Today (' + data.date + ', UTC): ' + due + ' due, ' + done + ' done, ' + overdue + ' overdue.';
}

// The follow-ups of the request staff are tracking, under its status history on the intake screen:
// GET /api/v1/requests/{id}/followups, refreshed every 15 s while the request is shown (follow-ups are
// planned when it ends, fall due days later). Each line says where the caring contact is: scheduled
// for when, offered to a peer specialist (due), done with how it went, or stopped and why.
import { api, fmtTime, label } from '/assets/session.js';

const $ = (id) => document.getElementById(id);
let timer = null;
let shown = null;

export function trackFollowUps(requestId) {
  shown = requestId;
  clearTimeout(timer);
  $('followup-timeline').textContent = '';
  $('followup-timeline-wrap').hidden = true;
  refresh(requestId);
}

async function refresh(requestId) {
  try {
    const res = await api('/api/v1/requests/' + encodeURIComponent(requestId) + '/followups');
    if (requestId !== shown) return;
    if (res.ok && res.data) render(res.data);
  } catch {
    // Retried on the next tick.
  }
  if (requestId === shown) timer = setTimeout(() => refresh(requestId), 15000);
}

export function describe(f) {
  const which = 'Follow-up ' + f.step + (f.attempt > 1 ? ' (attempt ' + f.attempt + ')' : '');
  switch (f.state) {
    case 'SCHEDULED': return which + ': scheduled for ' + fmtTime(f.dueAt);
    case 'DUE': return which + ': offered to a peer specialist (due ' + fmtTime(f.dueAt) + ')';
    case 'DONE': return which + ': done, ' + label(f.outcome) + ' (' + fmtTime(f.changedAt) + ')';
    case 'CANCELLED': return which + ': stopped, ' + label(f.cancelReason) + ' (' + fmtTime(f.changedAt) + ')';
    case 'EXPIRED': return which + ': expired, nobody reached the caller (' + fmtTime(f.changedAt) + ')';
    default: return which + ': ' + label(f.state);
  }
}

function render(data) {
  const ol = $('followup-timeline');
  ol.textContent = '';
  for (const f of data.followUps) {
    const li = document.createElement('li');
    li.textContent = describe(f);
    ol.append(li);
  }
  const note = data.consentWithdrawn ? 'The caller withdrew consent to be contacted: no more follow-ups.'
    : !data.consentToContact ? 'No consent to later contact: no follow-ups.' : '';
  $('followup-consent').textContent = note;
  $('followup-timeline-wrap').hidden = data.followUps.length === 0 && !note;
}

// The dashboard's "Referrals" panel: GET /api/v1/referrals/board (supervisors), refreshed every
// 15 s. The referrals waiting for a service's answer, per service (the longest waiting first, each
// service's oldest first), and in words how referrals end: the share a service accepted and the
// share it reports it connected with.
import { api, fmtDuration, label } from '/assets/session.js';

const $ = (id) => document.getElementById(id);
let timer = null;

export async function refreshReferrals() {
  clearTimeout(timer);
  try {
    const res = await api('/api/v1/referrals/board');
    if (res.ok && res.data) {
      render(res.data);
      $('referrals-error').hidden = true;
    } else if (res.status === 403) {
      $('referrals-error').textContent = 'Referrals are shown to supervisors.';
      $('referrals-error').hidden = false;
      return;
    }
  } catch {
    $('referrals-error').textContent = 'Could not load the referrals; retrying.';
    $('referrals-error').hidden = false;
  }
  timer = setTimeout(refreshReferrals, 15000);
}

function percent(share) {
  return share === null || share === undefined ? 'not known yet' : Math.round(share * 100) + '%';
}

function render(board) {
  $('referrals-summary').textContent = board.referred === 0 ? 'No referrals yet.'
    : board.referred + ' referred, ' + board.waiting + ' waiting for a service. Accepted by a service: '
      + percent(board.acceptedShare) + ' (' + board.accepted + '). Of those, reported connected: '
      + percent(board.connectedShare) + ' (' + board.connected + ').';
  const body = $('referrals-body');
  body.textContent = '';
  let rows = 0;
  for (const s of board.services) {
    for (const w of s.waiting) {
      const tr = document.createElement('tr');
      tr.dataset.serviceId = s.serviceId;
      tr.dataset.requestId = w.requestId;
      for (const text of [s.name, w.offerCode || w.offerId, label(w.referralKind), label(w.urgency),
        w.waitingSeconds === null ? '–' : fmtDuration(w.waitingSeconds)]) {
        const td = document.createElement('td');
        td.textContent = text || '–';
        tr.append(td);
      }
      body.append(tr);
      rows++;
    }
  }
  $('referrals-empty').hidden = rows > 0;
}

// Sign-in: POST /api/v1/session → {token, role, roles, username, responderId?, expiresAt},
// kept in sessionStorage; then back to ?next= (same-origin paths only) or the role's home screen.
import { saveSession, clearSession, homeFor } from '/assets/session.js';

const form = document.getElementById('login-form');
const err = document.getElementById('login-error');
const msg = document.getElementById('login-message');
const submit = document.getElementById('login-submit');
const params = new URLSearchParams(location.search);

const reasons = {
  expired: 'Your session has expired. Please sign in again.',
  loggedout: 'You have been signed out.',
  signin: 'Please sign in to continue.',
};
if (reasons[params.get('reason')]) {
  msg.textContent = reasons[params.get('reason')];
  msg.hidden = false;
}

/** The screens a sign-in may return to (ApiRouter's pages); nothing else, of this origin or any other. */
const PAGES = ['/', '/responder', '/dashboard', '/reports', '/dev/outbox'];

/**
 * Only same-origin paths of the app's own screens: an open redirect on a login page is a phishing
 * aid. Backslashes, tabs and other control characters are refused outright (browsers read
 * "/\\evil" and "/<tab>/evil" as "//evil"), and what is left must resolve to this origin and one
 * of the known screens.
 */
function safeNext(next) {
  if (typeof next !== 'string' || !next.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(next)) return null;
  let url;
  try {
    url = new URL(next, location.origin);
  } catch {
    return null;
  }
  if (url.origin !== location.origin || !PAGES.includes(url.pathname)) return null;
  return url.pathname + url.search + url.hash;
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  err.hidden = true;
  const username = form.username.value.trim();
  const password = form.password.value;
  if (!username || !password) {
    err.textContent = 'Enter your username and password.';
    err.hidden = false;
    (username ? form.password : form.username).focus();
    return;
  }
  submit.disabled = true;
  submit.textContent = 'Signing in…';
  try {
    const res = await fetch('/api/v1/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const data = await res.json().catch(() => null);
    if (!res.ok || !data || !data.token) {
      err.textContent = res.status === 401 || res.status === 403
        ? 'Username or password is not correct.'
        : 'Sign-in failed (' + res.status + '). ' + ((data && (data.detail || data.title)) || '');
      err.hidden = false;
      form.password.select();
      form.password.focus();
      return;
    }
    clearSession();
    saveSession(data);
    location.replace(safeNext(params.get('next')) || homeFor(data));
  } catch (ex) {
    err.textContent = 'Cannot reach the server. Check the connection and try again.';
    err.hidden = false;
  } finally {
    submit.disabled = false;
    submit.textContent = 'Sign in';
  }
});

// crisisline — the one small auth/HTTP module every screen imports.
// The token from POST /api/v1/session lives in sessionStorage (gone when the tab closes, never in
// localStorage) and goes out as a Bearer header. While a screen is open it renews the token with
// POST /api/v1/session/refresh when a quarter of its life is left, so a dashboard left open all day
// stays signed in. A 401 or an expired token sends the person back to /login?next=<this page>, so
// they land where they were after signing in again.

const KEY = 'crisisline.session';

/** Parses expiresAt whether the server sends ISO-8601, epoch seconds or epoch millis. */
function expiryMillis(expiresAt) {
  if (expiresAt == null) return null;
  if (typeof expiresAt === 'number') return expiresAt < 1e12 ? expiresAt * 1000 : expiresAt;
  const t = Date.parse(expiresAt);
  return Number.isNaN(t) ? null : t;
}

export function getSession() {
  let s;
  try {
    s = JSON.parse(sessionStorage.getItem(KEY) || 'null');
  } catch {
    s = null;
  }
  if (!s || !s.token) return null;
  const exp = expiryMillis(s.expiresAt);
  if (exp != null && exp <= Date.now()) {
    sessionStorage.removeItem(KEY);
    return null;
  }
  return s;
}

export function saveSession(s) {
  sessionStorage.setItem(KEY, JSON.stringify(s));
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}

export function rolesOf(s) {
  if (!s) return [];
  const roles = Array.isArray(s.roles) ? s.roles.slice() : [];
  if (s.role && !roles.includes(s.role)) roles.unshift(s.role);
  return roles;
}

export function hasRole(s, ...wanted) {
  const roles = rolesOf(s);
  return wanted.some((r) => roles.includes(r));
}

/** The home screen for a role, used after login when there is no ?next=. */
export function homeFor(s) {
  if (hasRole(s, 'staff')) return '/';
  if (hasRole(s, 'responder')) return '/responder';
  if (hasRole(s, 'supervisor', 'admin')) return '/dashboard';
  return '/';
}

export function toLogin(reason) {
  clearSession();
  const next = location.pathname + location.search;
  const q = new URLSearchParams({ next });
  if (reason) q.set('reason', reason);
  location.replace('/login?' + q.toString());
}

/** Returns the session or redirects to /login (and returns null); keeps it renewed while open. */
export function requireSession() {
  const s = getSession();
  if (!s) {
    toLogin('signin');
    return null;
  }
  keepAlive(s);
  return s;
}

// setTimeout overflows beyond 2^31-1 ms (~24.8 days) and would fire at once.
const MAX_TIMEOUT = 2147483647;
let expiryTimer = null;
let renewTimer = null;

function keepAlive(s) {
  clearTimeout(expiryTimer);
  clearTimeout(renewTimer);
  const exp = expiryMillis(s.expiresAt);
  if (exp == null) return;
  const left = exp - Date.now();
  // If renewing fails (service down, account disabled), the session still ends on time.
  if (left < MAX_TIMEOUT) expiryTimer = setTimeout(() => toLogin('expired'), Math.max(0, left));
  // A quarter of the lifetime left (and at least 5 s): room for a retry and for throttled timers
  // in a background tab.
  const renewIn = Math.max(0, Math.min(left * 0.75, left - 5000));
  if (renewIn < MAX_TIMEOUT) renewTimer = setTimeout(() => renew(s), renewIn);
}

async function renew(s) {
  try {
    const res = await fetch('/api/v1/session/refresh', {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + s.token, Accept: 'application/json, application/problem+json' },
      cache: 'no-store',
    });
    if (res.ok) {
      const fresh = { ...s, ...(await res.json()) };
      saveSession(fresh);
      keepAlive(fresh);
      return;
    }
    if (res.status === 401) {
      toLogin('expired');
      return;
    }
  } catch {
    // Network blip or service restart: try again below while the token is still valid.
  }
  const left = expiryMillis(s.expiresAt) - Date.now();
  if (left > 2000) renewTimer = setTimeout(() => renew(s), Math.min(10000, left / 2));
}

/**
 * fetch() with the Bearer token and JSON in/out. Resolves {ok, status, data, headers};
 * rejects only on network failure. A 401 ends the session (back to /login).
 */
export async function api(path, { method = 'GET', body, headers = {}, signal } = {}) {
  const s = getSession();
  const h = { Accept: 'application/json, application/problem+json', ...headers };
  if (s) h.Authorization = 'Bearer ' + s.token;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
    cache: 'no-store',
  });
  if (res.status === 401) {
    toLogin('expired');
    return { ok: false, status: 401, data: null, headers: res.headers };
  }
  let data = null;
  const text = await res.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  return { ok: res.ok, status: res.status, data, headers: res.headers };
}

/** Fills the header's #userbar: who is signed in, their role, and a logout button. */
export function renderUserBar(s) {
  const bar = document.getElementById('userbar');
  if (!bar || !s) return;
  bar.textContent = '';
  const who = document.createElement('span');
  who.id = 'signed-in-as';
  who.textContent = 'Signed in as ' + (s.username || s.responderId || '?');
  const role = document.createElement('span');
  role.className = 'role';
  role.id = 'signed-in-role';
  role.textContent = rolesOf(s).join(', ') || 'no role';
  const out = document.createElement('button');
  out.type = 'button';
  out.id = 'logout';
  out.textContent = 'Log out';
  out.addEventListener('click', async () => {
    out.disabled = true;
    // Revoke the session at the server (every instance refuses its tokens from now on), then forget it here.
    const current = getSession();
    try {
      if (current) {
        await fetch('/api/v1/session/logout', {
          method: 'POST',
          headers: { Authorization: 'Bearer ' + current.token, Accept: 'application/problem+json' },
          cache: 'no-store',
        });
      }
    } catch {
      // Offline: the token is still dropped from this tab and expires on its own.
    }
    clearSession();
    location.replace('/login?reason=loggedout');
  });
  bar.append(who, role, out);
}

/** A fresh Idempotency-Key; randomUUID needs a secure context, so fall back to getRandomValues. */
export function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** "1 h 02 min", "3 min 05 s", "42 s". */
export function fmtDuration(totalSeconds) {
  const s = Math.max(0, Math.round(totalSeconds || 0));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m) return `${m} min ${String(sec).padStart(2, '0')} s`;
  return `${sec} s`;
}

export function fmtTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
}

/** Human label for an enum constant: IMMINENT_RISK → "Imminent risk". */
export function label(enumValue) {
  if (!enumValue) return '';
  const t = String(enumValue).replace(/_/g, ' ').toLowerCase();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** A status chip element: text plus a class for colour (never colour alone). */
export function chip(value, prefix = 'st-') {
  const el = document.createElement('span');
  el.className = 'chip ' + prefix + value;
  el.textContent = label(value);
  el.dataset.value = value;
  return el;
}

/** Writes a message into an aria-live region, re-setting it so repeats are announced too. */
export function announce(regionId, message) {
  const r = document.getElementById(regionId);
  if (!r) return;
  r.textContent = '';
  requestAnimationFrame(() => {
    r.textContent = message;
  });
}

/**
 * Normalises a problem+json body into [{field, message}], accepting the usual shapes:
 * errors/fields/invalidParams/violations arrays of {field|name|pointer|path, message|reason|detail},
 * or an object map {field: message}.
 */
export function problemFields(problem) {
  if (!problem || typeof problem !== 'object') return [];
  const out = [];
  const list = problem.errors ?? problem.fields ?? problem['invalid-params'] ?? problem.invalidParams ?? problem.violations;
  if (Array.isArray(list)) {
    for (const e of list) {
      if (typeof e === 'string') {
        out.push({ field: null, message: e });
        continue;
      }
      let field = e.field ?? e.name ?? e.path ?? e.pointer ?? e.property ?? null;
      if (typeof field === 'string') field = field.replace(/^#?\//, '').replace(/\//g, '.');
      out.push({ field, message: e.message ?? e.reason ?? e.detail ?? e.error ?? 'invalid' });
    }
  } else if (list && typeof list === 'object') {
    for (const [field, message] of Object.entries(list)) {
      out.push({ field, message: Array.isArray(message) ? message.join('; ') : String(message) });
    }
  }
  return out;
}

// Data calls of the dashboard: same-origin, the session cookie rides along, the CSRF token goes in a header.
const BASE = '/dashboard/api';
let csrf = '';

export class ApiError extends Error {
  constructor(status, detail, field) {
    super(detail);
    this.status = status;
    this.field = field;
  }
}

/** Loads the session (tenant, CSRF token); a browser without one goes to the sign-in form. */
export async function loadSession() {
  const s = await call('GET', '/session');
  csrf = s.csrf;
  return s;
}

export function csrfToken() {
  return csrf;
}

export async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(BASE + path, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 401) {
    location.assign('/dashboard/login');
    throw new ApiError(401, 'signed out');
  }
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const e = json && json.error ? json.error : { detail: res.statusText };
    throw new ApiError(res.status, e.detail, e.field);
  }
  return json;
}

/** An EventSource on a dashboard stream that reopens after errors (the browser does so on its own too). */
export function stream(path, onData, onState) {
  let es;
  const open = () => {
    es = new EventSource(BASE + path);
    es.onopen = () => onState && onState('live');
    es.onmessage = (m) => onData(JSON.parse(m.data));
    es.onerror = () => {
      if (onState) onState('reconnecting…');
      // A refused stream is not retried by the browser: a session that has ended sends the page to the sign-in form.
      if (es.readyState === EventSource.CLOSED) {
        call('GET', '/session').then(() => setTimeout(open, 2000), () => {});
      }
    };
  };
  open();
  return { close: () => es.close() };
}

/** Announces a result or an error in the page's status line (read out by screen readers). */
export function say(text) {
  document.getElementById('status').textContent = text;
}

/**
 * A live feed's pause: while paused, items wait (the newest `max` of them); resuming shows them in order with
 * `show`. The button gets aria-pressed and its Pause/Resume label; `onToggle(paused)` runs after each.
 */
export function pausable(button, max, show, onToggle) {
  const feed = {
    paused: false,
    held: [],
    hold(item) {
      feed.held.push(item);
      if (feed.held.length > max) feed.held.shift();
    },
  };
  button.addEventListener('click', () => {
    feed.paused = !feed.paused;
    button.setAttribute('aria-pressed', String(feed.paused));
    button.textContent = feed.paused ? 'Resume' : 'Pause';
    if (!feed.paused) {
      const waiting = feed.held;
      feed.held = [];
      waiting.forEach(show);
    }
    onToggle(feed.paused);
  });
  return feed;
}

/** An element with text content (never HTML: everything shown comes from the server or other users). */
export function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

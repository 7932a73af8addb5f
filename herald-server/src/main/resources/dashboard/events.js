// Events: the tenant's events as they are fanned out (pushed by the server), a type filter, pause, and for one
// event its JSON and where it went (its webhook deliveries).
import { call, stream, el, pausable } from './api.js';

const MAX_ROWS = 500;
let feed = null; // the pause, set by start()
let shown = 0;

function matcher() {
  const parts = document.getElementById('ev-filter').value.split(',').map((s) => s.trim()).filter(Boolean);
  if (!parts.length) return () => true;
  return (type) => parts.some((p) => (p.endsWith('*') ? type.startsWith(p.slice(0, -1)) : type === p));
}

function row(item) {
  const ev = item.event;
  const li = el('li');
  li.dataset.type = ev.type;
  const b = el('button', null, 'ev-row');
  b.type = 'button';
  b.append(el('time', (ev.timestamp || '').replace('T', ' ').replace('Z', '')), el('span', ev.type, 'ev-type'),
    el('span', item.user ? `→ ${item.user}` : 'broadcast', 'hint'), el('code', ev.id || ''));
  b.addEventListener('click', () => select(item));
  li.append(b);
  li.hidden = !matcher()(ev.type);
  return li;
}

function add(item) {
  if (feed.paused) {
    feed.hold(item);
    count();
    return;
  }
  const list = document.getElementById('ev-list');
  list.prepend(row(item));
  while (list.children.length > MAX_ROWS) list.lastChild.remove();
  shown++;
  count();
}

function count() {
  document.getElementById('ev-count').textContent = feed.paused
    ? `paused · ${feed.held.length} waiting` : `${shown} received`;
}

async function select(item) {
  const box = document.getElementById('ev-detail');
  box.replaceChildren(el('h2', item.event.type), el('pre', JSON.stringify(item.event, null, 2), 'json'));
  box.focus();
  if (!item.event.id) return;
  try {
    const found = await call('GET', `/events/${encodeURIComponent(item.event.id)}`);
    const deliveries = found.deliveries || [];
    box.append(el('h3', 'Where it went'));
    const users = el('p', item.user ? `WebSocket/SSE clients of user ${item.user}` : 'WebSocket/SSE clients of the tenant (broadcast)');
    box.append(users);
    if (!deliveries.length) box.append(el('p', 'No webhook endpoint takes this type.', 'hint'));
    const ul = el('ul', null, 'plain');
    for (const d of deliveries) {
      const last = d.attempts.length ? d.attempts[d.attempts.length - 1] : null;
      ul.append(el('li', `webhook ${d.endpoint_id}: ${d.status}, ${d.attempt_count} attempt(s)`
        + (last ? `, last answer ${last.status_code ?? last.error}` : '')));
    }
    box.append(ul);
  } catch (e) {
    box.append(el('p', `Could not look it up: ${e.message}`, 'error'));
  }
}

export function start() {
  document.getElementById('ev-filter').addEventListener('input', () => {
    const m = matcher();
    for (const li of document.getElementById('ev-list').children) li.hidden = !m(li.dataset.type);
  });
  feed = pausable(document.getElementById('ev-pause'), MAX_ROWS, add, count);
  document.getElementById('ev-clear').addEventListener('click', () => {
    document.getElementById('ev-list').replaceChildren();
    shown = 0;
    feed.held = [];
    count();
  });
  stream('/stream/events', add, (state) => { document.getElementById('ev-count').dataset.state = state; });
  count();
}

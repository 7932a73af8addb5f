// Logs: the /logs/ws stream (as /dashboard/logs/ws, the session being its credential) with the six filters of
// SPEC §6 and tail, level colours, pause and a highlighted search term.
import { call, el, pausable } from './api.js';

const MAX_LINES = 2000;
let ws = null;
let feed = null; // the pause, set by start()
let generation = 0;

function state(text) {
  document.getElementById('lg-state').textContent = text;
}

function highlight(target, text) {
  const term = document.getElementById('lg-search').value;
  target.replaceChildren();
  if (!term) {
    target.textContent = text;
    return;
  }
  let at = 0;
  for (;;) {
    const i = text.indexOf(term, at);
    if (i < 0) break;
    target.append(text.slice(at, i), el('mark', term));
    at = i + term.length;
  }
  target.append(text.slice(at));
}

function render(entry) {
  const li = el('li', null, `lvl-${(entry.level || 'none').toUpperCase()}`);
  const ctx = [entry.repository, entry.event_type && `[${entry.event_type}]`, entry.hook_id && `[${entry.hook_id}]`,
    entry.github_user && `[${entry.github_user}]`, entry.pr_number !== null && entry.pr_number !== undefined && `[PR ${entry.pr_number}]`]
    .filter(Boolean).join(' ');
  const msg = el('span', null, 'msg');
  msg.dataset.text = entry.message ?? '';
  highlight(msg, msg.dataset.text);
  li.append(el('time', entry.timestamp || ''), el('span', entry.level || '', 'lvl'), el('span', ctx, 'ctx'), msg);
  return li;
}

function show(entry) {
  if (feed.paused) {
    feed.hold(entry);
    state(`paused · ${feed.held.length} waiting`);
    return;
  }
  const list = document.getElementById('lg-list');
  const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 8;
  list.append(render(entry));
  while (list.children.length > MAX_LINES) list.firstChild.remove();
  if (atBottom) list.scrollTop = list.scrollHeight;
}

function connect() {
  const mine = ++generation;
  if (ws) ws.close(1000);
  const q = new URLSearchParams();
  for (const [k, v] of new FormData(document.getElementById('lg-form'))) if (String(v).trim()) q.set(k, String(v).trim());
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  ws = new WebSocket(`${scheme}://${location.host}/dashboard/logs/ws?${q}`);
  state('connecting…');
  ws.onopen = () => state('live');
  ws.onmessage = (m) => {
    const entry = JSON.parse(m.data);
    if (entry.error && Object.keys(entry).length === 1) {
      state(entry.error);
      return;
    }
    show(entry);
  };
  ws.onclose = (c) => {
    if (mine !== generation) return;
    if (c.code === 4003) call('GET', '/session').catch(() => {}); // an ended session: to the sign-in form
    if (c.code === 1008 || c.code === 4003) {
      state(`closed: ${c.reason || c.code}`);
      return;
    }
    state(`${c.reason || 'disconnected'}; reconnecting…`);
    setTimeout(() => { if (mine === generation) connect(); }, 2000);
  };
}

export function start() {
  document.getElementById('lg-form').addEventListener('submit', (e) => {
    e.preventDefault();
    document.getElementById('lg-list').replaceChildren();
    connect();
  });
  document.getElementById('lg-search').addEventListener('input', () => {
    for (const m of document.querySelectorAll('#lg-list .msg')) highlight(m, m.dataset.text);
  });
  feed = pausable(document.getElementById('lg-pause'), MAX_LINES, show, (paused) => {
    if (!paused) state('live');
  });
  document.getElementById('lg-clear').addEventListener('click', () => document.getElementById('lg-list').replaceChildren());
  connect();
}

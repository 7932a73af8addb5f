// The dashboard's shell: loads the session, switches views by the URL hash, starts each view once.
import { loadSession, say } from './api.js';
import * as overview from './overview.js';
import * as events from './events.js';
import * as webhooks from './webhooks.js';
import * as logs from './logs.js';

const views = { overview, events, webhooks, logs };
const started = new Set();
let session;

function show() {
  const name = (location.hash || '#overview').slice(1);
  const view = views[name] ? name : 'overview';
  for (const s of document.querySelectorAll('main > section[data-view]')) s.hidden = s.dataset.view !== view;
  for (const a of document.querySelectorAll('nav a')) {
    if (a.dataset.view === view) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  if (!started.has(view)) {
    started.add(view);
    views[view].start(session);
  }
  document.title = `${view[0].toUpperCase()}${view.slice(1)} · Herald dashboard`;
}

async function main() {
  session = await loadSession();
  document.getElementById('who').textContent = `tenant ${session.tenant}`;
  document.getElementById('logout-csrf').value = session.csrf;
  window.addEventListener('hashchange', () => {
    show();
    document.getElementById('main').focus();
  });
  show();
}

main().catch((e) => say(`Could not load the dashboard: ${e.message}`));

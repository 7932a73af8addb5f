// Webhooks: endpoints with their health, create / edit / disable / rotate-secret / delete, and each endpoint's
// delivery log with its attempts, a Retry per failed delivery and "retry all failed since…".
import { call, say, el } from './api.js';

let selected = null;
let cursor = null;

function field(name) {
  return { url: 'wh-url', event_types: 'wh-types', description: 'wh-desc', notify_email: 'wh-email' }[name];
}

/** Health from the newest deliveries: the failures since the last success, and when that was. */
function health(endpoint, deliveries) {
  if (endpoint.disabled) {
    return { text: `disabled (${endpoint.disabled_reason === 'failing' ? 'failing too long' : 'by an operator'})`, cls: 'bad' };
  }
  let streak = 0;
  let lastSuccess = null;
  for (const d of deliveries) {
    if (d.status === 'succeeded') {
      const a = d.attempts[d.attempts.length - 1];
      lastSuccess = a ? a.at : d.created_at;
      break;
    }
    if (d.status === 'failed' || d.attempts.length) streak++;
  }
  const since = lastSuccess ? `last success ${lastSuccess.replace('T', ' ').slice(0, 19)}` : 'no success yet';
  if (streak) return { text: `failing: ${streak} in a row · ${since}`, cls: 'bad' };
  return { text: deliveries.length ? `healthy · ${since}` : 'no deliveries yet', cls: 'ok' };
}

async function load() {
  const { data } = await call('GET', '/webhooks');
  const body = document.querySelector('#wh-table tbody');
  const rows = await Promise.all(data.map(async (e) => {
    let recent = [];
    try {
      recent = (await call('GET', `/webhooks/${e.id}/deliveries?limit=20`)).data;
    } catch (err) { /* shown as no deliveries */ }
    return row(e, health(e, recent));
  }));
  body.replaceChildren(...rows);
  if (!rows.length) {
    const tr = el('tr');
    const td = el('td', 'No endpoints yet: add one above.');
    td.colSpan = 4;
    tr.append(td);
    body.append(tr);
  }
}

function button(text, onClick, label) {
  const b = el('button', text);
  b.type = 'button';
  if (label) b.setAttribute('aria-label', label);
  b.addEventListener('click', () => onClick().catch((e) => say(e.message)));
  return b;
}

function row(e, h) {
  const tr = el('tr');
  tr.dataset.id = e.id;
  const url = el('td');
  url.append(el('code', e.url));
  if (e.description) url.append(el('div', e.description, 'hint'));
  const actions = el('td', null, 'actions');
  actions.append(
    button('Deliveries', () => openLog(e), `Delivery log of ${e.url}`),
    button('Edit', async () => edit(e), `Edit ${e.url}`),
    button(e.disabled ? 'Enable' : 'Disable', async () => {
      await call('PATCH', `/webhooks/${e.id}`, { disabled: !e.disabled });
      say(`${e.url} ${e.disabled ? 'enabled' : 'disabled'}.`);
      await load();
    }, `${e.disabled ? 'Enable' : 'Disable'} ${e.url}`),
    button('Rotate secret', async () => {
      if (!confirm('Rotate the signing secret? The old one stays valid for 24 hours.')) return;
      const r = await call('POST', `/webhooks/${e.id}/rotate-secret`);
      showSecret(`New signing secret for ${e.url} (shown once): `, r.secret);
    }, `Rotate the secret of ${e.url}`),
    button('Delete', async () => {
      if (!confirm(`Delete the endpoint ${e.url}? Its delivery log goes too.`)) return;
      await call('DELETE', `/webhooks/${e.id}`);
      if (selected && selected.id === e.id) document.getElementById('wh-log').hidden = true;
      say(`${e.url} deleted.`);
      await load();
    }, `Delete ${e.url}`),
  );
  tr.append(url, el('td', e.event_types.join(', ')), el('td', h.text, `health ${h.cls}`), actions);
  return tr;
}

function showSecret(text, secret) {
  const p = document.getElementById('wh-secret');
  p.replaceChildren(el('span', text), el('code', secret));
  p.hidden = false;
}

function edit(e) {
  document.getElementById('wh-create-box').open = true;
  document.getElementById('wh-edit-id').value = e.id;
  document.getElementById('wh-url').value = e.url;
  document.getElementById('wh-types').value = e.event_types.join(', ');
  document.getElementById('wh-desc').value = e.description || '';
  document.getElementById('wh-email').value = e.notify_email || '';
  document.getElementById('wh-save').textContent = 'Save changes';
  document.getElementById('wh-cancel').hidden = false;
  document.getElementById('wh-url').focus();
}

function resetForm() {
  document.getElementById('wh-form').reset();
  document.getElementById('wh-edit-id').value = '';
  document.getElementById('wh-types').value = '*';
  document.getElementById('wh-save').textContent = 'Create endpoint';
  document.getElementById('wh-cancel').hidden = true;
}

async function save(ev) {
  ev.preventDefault();
  const error = document.getElementById('wh-form-error');
  error.textContent = '';
  for (const i of document.querySelectorAll('#wh-form input')) i.removeAttribute('aria-invalid');
  const id = document.getElementById('wh-edit-id').value;
  const spec = {
    url: document.getElementById('wh-url').value.trim(),
    event_types: document.getElementById('wh-types').value.split(',').map((s) => s.trim()).filter(Boolean),
    description: document.getElementById('wh-desc').value.trim() || null,
    notify_email: document.getElementById('wh-email').value.trim() || null,
  };
  try {
    if (id) {
      await call('PATCH', `/webhooks/${id}`, spec);
      say('Endpoint saved.');
    } else {
      const created = await call('POST', '/webhooks', spec);
      showSecret(`Endpoint created. Its signing secret (shown once): `, created.secret);
    }
    resetForm();
    await load();
  } catch (e) {
    error.textContent = e.message;
    const input = e.field && document.getElementById(field(e.field));
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  }
}

async function openLog(e) {
  selected = e;
  const box = document.getElementById('wh-log');
  box.hidden = false;
  document.getElementById('h-log').textContent = `Delivery log · ${e.url}`;
  document.getElementById('dl-list').replaceChildren();
  cursor = null;
  await more();
  document.getElementById('h-log').scrollIntoView({ block: 'start' });
}

async function more() {
  const status = document.getElementById('dl-status').value;
  const q = new URLSearchParams({ limit: '25' });
  if (status) q.set('status', status);
  if (cursor) q.set('cursor', cursor);
  const page = await call('GET', `/webhooks/${selected.id}/deliveries?${q}`);
  const list = document.getElementById('dl-list');
  for (const d of page.data) list.append(delivery(d));
  if (!list.children.length) list.append(el('li', 'No deliveries.', 'hint'));
  cursor = page.next_cursor;
  document.getElementById('dl-more').hidden = !cursor;
}

function delivery(d) {
  const li = el('li', null, `delivery ${d.status}`);
  li.dataset.id = d.id;
  const details = el('details');
  const summary = el('summary');
  summary.append(el('span', d.status, `badge ${d.status}`), el('span', d.event_type, 'ev-type'),
    el('span', `${d.attempt_count} attempt(s)`), el('time', d.created_at.replace('T', ' ').slice(0, 19), 'hint'));
  details.append(summary);
  const table = el('table', null, 'grid attempts');
  const head = el('tr');
  ['When', 'Status', 'Duration', 'Response'].forEach((h) => { const th = el('th', h); th.scope = 'col'; head.append(th); });
  table.append(el('thead'), el('tbody'));
  table.tHead.append(head);
  for (const a of d.attempts) {
    const tr = el('tr');
    tr.append(el('td', a.at.replace('T', ' ').slice(0, 23)), el('td', a.status_code ?? a.error, 'code'),
      el('td', `${a.duration_ms} ms`), el('td', a.response_excerpt || '', 'excerpt'));
    table.tBodies[0].append(tr);
  }
  if (d.next_attempt_at && d.status === 'pending') details.append(el('p', `Next attempt ${d.next_attempt_at}`, 'hint'));
  details.append(table, el('h4', 'Payload sent'), el('pre', pretty(d.payload), 'json'));
  li.append(details);
  if (d.status === 'failed') {
    li.append(button('Retry', () => retry(d, li), `Retry delivery ${d.id}`));
  }
  return li;
}

function pretty(payload) {
  if (payload === null || payload === undefined) return '';
  try {
    return JSON.stringify(typeof payload === 'string' ? JSON.parse(payload) : payload, null, 2);
  } catch (e) {
    return String(payload);
  }
}

/** Retries one delivery and follows it until it settles (a short poll of that one delivery, up to a minute). */
async function retry(d, li) {
  let now = await call('POST', `/deliveries/${d.id}/retry`);
  say(`Delivery ${d.id} queued again.`);
  const open = li.querySelector('details').open;
  // The answer may still show the old state: follow until a new attempt is recorded and the delivery settles.
  for (let i = 0; i < 120 && (now.status === 'pending' || now.attempt_count <= d.attempt_count); i++) {
    await new Promise((r) => setTimeout(r, 500));
    now = await call('GET', `/deliveries/${d.id}`);
  }
  const fresh = delivery(now);
  fresh.querySelector('details').open = open;
  li.replaceWith(fresh);
  say(`Delivery ${d.id}: ${now.status}.`);
  load();
}

export function start() {
  document.getElementById('wh-form').addEventListener('submit', save);
  document.getElementById('wh-cancel').addEventListener('click', resetForm);
  document.getElementById('dl-status').addEventListener('change', () => selected && openLog(selected));
  document.getElementById('dl-refresh').addEventListener('click', () => selected && openLog(selected));
  document.getElementById('dl-more').addEventListener('click', () => more().catch((e) => say(e.message)));
  document.getElementById('dl-recover').addEventListener('click', async () => {
    const v = document.getElementById('dl-since').value;
    if (!selected || !v) {
      say('Choose a time first.');
      return;
    }
    try {
      const r = await call('POST', `/webhooks/${selected.id}/recover`, { since: new Date(v).toISOString() });
      say(`${r.recovering} failed deliveries queued again.`);
      await openLog(selected);
    } catch (e) {
      say(e.message);
    }
  });
  load().catch((e) => say(e.message));
}

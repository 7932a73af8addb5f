// Overview: node counters pushed once a second by the server; rates from the differences between samples.
import { stream, el } from './api.js';
import { sparkline, inlineSpark } from './spark.js';

const KEEP = 120;
const series = { events: [], deliveries: [], webhook_failures: [], slow_consumer_drops: [] };
const connections = new Map();
let previous;

function push(list, v) {
  list.push(v);
  if (list.length > KEEP) list.shift();
}

function onSample(s) {
  if (previous) {
    const dt = Math.max(0.001, (s.t - previous.t) / 1000);
    for (const k of Object.keys(series)) push(series[k], Math.max(0, (s[k] - previous[k]) / dt));
  }
  previous = s;
  const last = (k) => (series[k].length ? series[k][series[k].length - 1] : 0);
  document.getElementById('ov-events').textContent = last('events').toFixed(1);
  document.getElementById('ov-deliveries').textContent = last('deliveries').toFixed(1);
  document.getElementById('ov-failures').textContent = `${last('webhook_failures').toFixed(1)}/s · ${s.webhook_failures} total`;
  document.getElementById('ov-slow').textContent = `${s.slow_consumer_drops} total`;
  sparkline(document.getElementById('sp-events'), series.events);
  sparkline(document.getElementById('sp-deliveries'), series.deliveries);
  sparkline(document.getElementById('sp-failures'), series.webhook_failures);
  sparkline(document.getElementById('sp-slow'), series.slow_consumer_drops);

  const body = document.querySelector('#ov-connections tbody');
  body.replaceChildren();
  for (const [endpoint, n] of Object.entries(s.connections)) {
    if (!connections.has(endpoint)) connections.set(endpoint, []);
    push(connections.get(endpoint), n);
    const tr = el('tr');
    tr.append(el('td', endpoint), el('td', n));
    const td = el('td');
    td.append(inlineSpark(connections.get(endpoint)));
    tr.append(td);
    body.append(tr);
  }
  if (!body.children.length) {
    const tr = el('tr');
    const td = el('td', 'No client connections yet.');
    td.colSpan = 3;
    tr.append(td);
    body.append(tr);
  }
}

export function start() {
  stream('/stream/overview', onSample, (state) => { document.getElementById('ov-state').textContent = state; });
}

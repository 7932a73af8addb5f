// bench/run.sh webhooks (bench/README.md "Webhook delivery"): node webhooks.mjs run CONFIG_JSON. Creates one endpoint per
// receiver port, publishes the events (batches of 100, 4 requests in flight), waits until the receiver has every
// (endpoint, webhook-id) once; deliveries/s from the first publish to the last delivery; lost and duplicated counted
// at the receiver; deletes the endpoints. The receiver's ceiling: wrk with ceiling.lua (bench/run.sh).

const raw = process.argv[3];
const cfg = JSON.parse(raw); // { herald, apiKey, control, ports, events, concurrency, seconds, label }
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
import { readFileSync, readdirSync } from 'node:fs';
// CPU seconds per thread name (JVM threads name themselves; /proc keeps 15 characters), to say where the time went.
const threads = (pid) => {
  const out = new Map();
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    try {
      const raw = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
      const name = raw.slice(raw.indexOf('(') + 1, raw.lastIndexOf(')')).replace(/[0-9]+$/, 'N');
      const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
      out.set(name, (out.get(name) || 0) + (Number(f[11]) + Number(f[12])) / 100);
    } catch { /* the thread ended */ }
  }
  return out;
};
// CPU seconds used so far by a process (utime + stime, at 100 ticks/s): on a shared machine the cost per delivery is
// a steadier figure than the rate.
const cpu = (pid) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; };
const stats = async () => (await fetch(`http://127.0.0.1:${cfg.control}/stats`)).json();

async function api(method, path, body) {
  const r = await fetch(cfg.herald + path, { method, body: body && JSON.stringify(body),
    headers: { Authorization: `Bearer ${cfg.apiKey}`, 'Content-Type': 'application/json' } });
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.status === 204 ? null : r.json();
}

async function run() {
  const ports = cfg.ports;
  await fetch(`http://127.0.0.1:${cfg.control}/reset`, { method: 'POST' });
  const endpoints = [];
  for (const p of ports) {
    endpoints.push((await api('POST', '/api/v1/webhooks', { url: `http://127.0.0.1:${p}/hook`, event_types: ['bench.hook'] })).id);
  }
  const expected = cfg.events * ports.length;
  const t0 = Date.now();
  const cpu0 = cpu(cfg.serverPid);
  const threads0 = threads(cfg.serverPid);
  let next = 0;
  const batches = Math.ceil(cfg.events / 100);
  const publisher = async () => {
    for (let b = next++; b < batches; b = next++) {
      const events = [];
      for (let i = b * 100; i < Math.min(cfg.events, (b + 1) * 100); i++) {
        events.push({ id: `${cfg.label}-${i}`, type: 'bench.hook', data: { n: i, pad: 'x'.repeat(64) } });
      }
      const r = await api('POST', '/api/v1/events', { events });
      if (r.accepted !== events.length) throw new Error(`accepted ${r.accepted} of ${events.length}`);
    }
  };
  await Promise.all([publisher(), publisher(), publisher(), publisher()]);
  const published = Date.now();
  let s = await stats();
  const deadline = Date.now() + 180_000;
  while (s.unique < expected && Date.now() < deadline) {
    await sleep(20);
    s = await stats();
  }
  const done = s.last;
  const used = cpu(cfg.serverPid) - cpu0;
  const byThread = [...threads(cfg.serverPid)].map(([n, c]) => [n, c - (threads0.get(n) || 0)])
    .filter(([, c]) => c > 0).sort((a, b) => b[1] - a[1]).slice(0, 8);
  await sleep(500); // a late second copy would show here
  s = await stats();
  const rate = (s.unique / ((done - t0) / 1000));
  console.log(`webhooks, ${cfg.label}: ${ports.length} endpoint(s), ${cfg.events} events -> ${expected} deliveries owed;`
    + ` received ${s.unique} distinct (${expected - s.unique} lost), ${s.dups} duplicates; published in ${published - t0} ms,`
    + ` last delivery after ${done - t0} ms: ${Math.round(rate)} deliveries/s; server CPU ${used.toFixed(1)} s`
    + ` (${(used / ((done - t0) / 1000)).toFixed(2)} cores, ${(used * 1e6 / s.unique).toFixed(0)} us per delivery with its publish)`);
  console.log(`  server CPU by thread: ${byThread.map(([n, c]) => `${n} ${(c * 1e6 / s.unique).toFixed(0)} us`).join(', ')}`);
  console.log(`webhooks\t${cfg.label}\t${ports.length}\t${expected}\t${s.unique}\t${expected - s.unique}\t${s.dups}\t${done - t0}\t${rate.toFixed(0)}\t${(used * 1e6 / s.unique).toFixed(0)}`);
  for (const id of endpoints) await api('DELETE', `/api/v1/webhooks/${id}`);
  if (s.unique !== expected || s.dups) process.exitCode = 1;
}

await run();

// Issue #11's reconnect storm (bench/run.sh storm; bench/README.md "Reconnect storm"). Starts Herald, STORM_WORKERS
// worker processes with STORM_CLIENTS HeraldClients in all, then publishes at STORM_RATE events/s (each targeted at
// one client's user, round robin) plus STORM_BROADCAST events/s to everyone; after STORM_WARMUP_S restarts Herald
// (SIGTERM, then the same command on the same port and data dir) while publishing goes on; measures the time from
// /health answering again until every client is 'open', then STORM_AFTER_S more of publishing, stops, waits until
// every client's lastSeq reaches the last accepted seq and checks per client: missing, duplicates, order.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';

const env = (k, d) => (process.env[k] !== undefined && process.env[k] !== '' ? process.env[k] : d);
const cfg = JSON.parse(process.argv[2]); // { jar, javaOpts, port, dataDir, secret, serverPin, loadPin, logFile }
const CLIENTS = Number(env('STORM_CLIENTS', 5000));
const WORKERS = Number(env('STORM_WORKERS', 4));
const RATE = Number(env('STORM_RATE', 1000));
const BROADCAST = Number(env('STORM_BROADCAST', 2));
const WARMUP_S = Number(env('STORM_WARMUP_S', 10));
const AFTER_S = Number(env('STORM_AFTER_S', 10));
const MIN_DELAY = Number(env('STORM_MIN_DELAY', 1000));
const MAX_DELAY = Number(env('STORM_MAX_DELAY', 30000));
const base = `http://127.0.0.1:${cfg.port}`;
const t0 = Date.now();
const log = (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- the server, and its peak RSS (VmHWM, read every 100 ms and at exit; VmRSS too) ---
let server = null;
const peaks = []; // per server instance: max VmHWM in KiB
function startServer(tag) {
  const args = [...cfg.serverPin, 'java', ...cfg.javaOpts.split(/\s+/).filter(Boolean), '-jar', cfg.jar, 'serve'];
  const p = spawn(args[0], args.slice(1), {
    env: { ...process.env, HERALD_LIMITS_PUBLISH_RATE: '0', HERALD_LIMITS_CONNECTIONS_PER_IP: '0',
      HERALD_LIMITS_CONNECTIONS_PER_USER: '0', HERALD_LIMITS_CONNECTIONS_TOTAL: '0', HERALD_LIMITS_CLIENT_MESSAGE_RATE: '0',
      HERALD_DATA_DIR: cfg.dataDir, HERALD_SERVER_PORT: String(cfg.port), HERALD_AUTH_JWT_SECRET: cfg.secret, HERALD_MODE: 'dev' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = [];
  p.stdout.on('data', (d) => out.push(d)); p.stderr.on('data', (d) => out.push(d));
  const inst = { p, tag, hwm: 0, out, exited: new Promise((r) => p.on('exit', (code, sig) => r({ code, sig }))) };
  inst.timer = setInterval(() => sampleHwm(inst), 100);
  peaks.push(inst);
  server = inst;
  return inst;
}
function sampleHwm(inst) {
  try {
    const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${inst.p.pid}/status`, 'utf8'));
    if (m) inst.hwm = Math.max(inst.hwm, Number(m[1]));
  } catch { /* gone */ }
}
async function awaitHealth() {
  for (let i = 0; i < 600; i++) {
    try { if ((await fetch(`${base}/health`, { signal: AbortSignal.timeout(1000) })).ok) return Date.now(); } catch {}
    await sleep(50);
  }
  throw new Error('server did not answer /health');
}
async function awaitPort() { // the first moment the new server takes a TCP connection (before /health answers)
  for (let i = 0; i < 6000; i++) {
    const ok = await new Promise((r) => {
      const c = connect(cfg.port, '127.0.0.1');
      c.once('connect', () => { c.destroy(); r(true); });
      c.once('error', () => r(false));
    });
    if (ok) return Date.now();
    await sleep(20);
  }
  return null;
}
async function stopServer(inst) {
  sampleHwm(inst);
  inst.p.kill('SIGTERM');
  const r = await inst.exited;
  clearInterval(inst.timer);
  return r;
}

// --- workers ---
const workers = [];
function ask(w, msg) {
  return new Promise((resolve) => { w.pending.push(resolve); w.p.send(msg); });
}
async function startWorkers() {
  const per = Math.ceil(CLIENTS / WORKERS);
  const ready = [];
  for (let k = 0; k < WORKERS; k++) {
    const first = k * per, count = Math.min(per, CLIENTS - first);
    if (count <= 0) break;
    const arg = JSON.stringify({ url: `ws://127.0.0.1:${cfg.port}/ws/events`, secret: cfg.secret, first, count,
      minDelay: MIN_DELAY, maxDelay: MAX_DELAY });
    const args = [...cfg.loadPin, process.execPath, '--max-old-space-size=2048',
      fileURLToPath(new URL('./worker.mjs', import.meta.url)), arg];
    const p = spawn(args[0], args.slice(1), { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
    const w = { p, first, count, pending: [] };
    ready.push(new Promise((r) => { w.onReady = r; }));
    p.on('message', (m) => { if (m.cmd === 'ready') w.onReady(); else w.pending.shift()?.(m); });
    workers.push(w);
  }
  await Promise.all(ready);
}
async function stats() {
  const all = await Promise.all(workers.map((w) => ask(w, { cmd: 'stats' })));
  const s = { open: 0, reopened: 0, minLastSeq: Infinity, statuses: {}, reconnects: 0, failed: 0, rssMiB: 0 };
  for (const a of all) {
    s.open += a.open; s.reopened += a.reopened; s.minLastSeq = Math.min(s.minLastSeq, a.minLastSeq); s.reconnects += a.reconnects;
    s.failed += a.failed; s.rssMiB += a.rssMiB;
    for (const [k, v] of Object.entries(a.statuses)) s.statuses[k] = (s.statuses[k] ?? 0) + v;
  }
  return s;
}

// --- the publisher: every 10 ms a batch (RATE/100 targeted + the broadcasts due); retried with the same ids ---
const accepted = new Map(); // seq -> user index (-1: broadcast)
let publishing = false, nextId = 0, nextUser = 0, inFlight = 0, failures = 0, requests = 0, duplicates = 0;
let bcastDebt = 0;
const adminKey = () => readFileSync(`${cfg.dataDir}/admin-key`, 'utf8').trim();
async function sendBatch(events, key) {
  const body = JSON.stringify({ events: events.map((e) => e.json) });
  inFlight++;
  for (;;) {
    requests++;
    try {
      const r = await fetch(`${base}/api/v1/events`, { method: 'POST', body, signal: AbortSignal.timeout(10000),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` } });
      const text = await r.text();
      if (r.status === 202 || r.status === 200) {
        const res = JSON.parse(text);
        res.events.forEach((e, i) => { accepted.set(e.seq, events[i].user); if (e.duplicate) duplicates++; });
        break;
      }
      failures++;
      if (failures <= 5) log(`publish: ${r.status} ${text.slice(0, 200)}`);
    } catch (e) {
      failures++;
    }
    await sleep(100);
  }
  inFlight--;
}
async function publishLoop() {
  const key = adminKey();
  const per = RATE / 100;
  let debt = 0;
  let next = Date.now();
  while (publishing) {
    debt += per; bcastDebt += BROADCAST / 100;
    const events = [];
    for (; debt >= 1; debt--) {
      const u = nextUser++ % CLIENTS;
      events.push({ user: u, json: { id: `storm-${nextId++}`, type: 'storm.tick', user: `storm-u${u}`, data: { n: nextId } } });
    }
    for (; bcastDebt >= 1; bcastDebt--) {
      events.push({ user: -1, json: { id: `storm-${nextId++}`, type: 'storm.all', data: { n: nextId } } });
    }
    if (events.length) sendBatch(events, key);
    next += 10;
    await sleep(Math.max(0, next - Date.now()));
  }
  while (inFlight > 0) await sleep(20);
}

async function main() {
  console.log(`storm: ${CLIENTS} clients in ${WORKERS} workers, ${RATE} targeted events/s + ${BROADCAST} broadcast/s ` +
    `(= ${RATE + BROADCAST * CLIENTS} deliveries/s), warm-up ${WARMUP_S}s, minDelay ${MIN_DELAY} maxDelay ${MAX_DELAY}`);
  startServer('first');
  await awaitHealth();
  log('server up, pid', server.p.pid);
  await startWorkers();
  for (;;) { const s = await stats(); if (s.open === CLIENTS) break; await sleep(200); }
  log(`all ${CLIENTS} clients open`);
  await sleep(1000); // their subscribe('*') messages
  publishing = true;
  const pub = publishLoop();
  for (let i = 0; i < WARMUP_S; i++) {
    await sleep(1000);
    const s = await stats();
    log(`warm-up: accepted ${accepted.size}, open ${s.open}, min lastSeq ${s.minLastSeq}, workers RSS ${s.rssMiB} MiB`);
  }
  const firstAccepted = Math.min(...accepted.keys());
  const old = server;
  const tKill = Date.now();
  const exit = await stopServer(old);
  const tDown = Date.now();
  log(`server stopped (SIGTERM -> exit ${exit.code ?? exit.sig} in ${tDown - tKill} ms), peak RSS ${(old.hwm / 1024).toFixed(0)} MiB`);
  await Promise.all(workers.map((w) => ask(w, { cmd: 'mark' }))); // from now on, count clients coming back
  const tSpawn = Date.now();
  startServer('second');
  const portP = awaitPort();
  const tBack = await awaitHealth();
  const tPort = await portP;
  log(`new server spawned ${tSpawn - tDown} ms after the old one exited; port accepting after ${tPort - tSpawn} ms, ` +
    `/health answering after ${tBack - tSpawn} ms, pid ${server.p.pid}`);
  let tAllOpen = null, lastLog = 0, s;
  for (;;) {
    s = await stats();
    if (s.reopened === CLIENTS && s.open === CLIENTS) { tAllOpen = Date.now(); break; }
    if (s.statuses.failed === CLIENTS - s.open && s.failed > 0) break;
    if (Date.now() - lastLog > 1000) { lastLog = Date.now(); log(`storm: back open ${s.reopened}/${CLIENTS}`, JSON.stringify(s.statuses)); }
    if (Date.now() - tBack > 180000) break;
    await sleep(50);
  }
  log(tAllOpen ? `all open ${tAllOpen - tBack} ms after /health answered, ${tAllOpen - tPort} ms after the port accepted, ${tAllOpen - tDown} ms after the old server exited` : `NOT all open: ${JSON.stringify(s.statuses)}`);
  await sleep(AFTER_S * 1000);
  publishing = false;
  await pub;
  const lastAccepted = Math.max(...accepted.keys());
  log(`publishing stopped: ${accepted.size} events accepted (seq ${firstAccepted}..${lastAccepted}), ${requests} requests, ` +
    `${failures} failed attempts retried, ${duplicates} answered duplicate:true`);
  // Every client's lastSeq reaches the last accepted seq if it got the last broadcast; a client's lastSeq only
  // moves with its own events, so wait for the last broadcast: publish one more and wait for it everywhere.
  bcastDebt = 1; publishing = false;
  await sendBatch([{ user: -1, json: { id: `storm-${nextId++}`, type: 'storm.all', data: { last: true } } }], adminKey());
  const finalSeq = Math.max(...accepted.keys());
  const tStop = Date.now();
  for (;;) {
    s = await stats();
    if (s.minLastSeq >= finalSeq || Date.now() - tStop > 60000) break;
    await sleep(100);
  }
  const tCaught = Date.now();
  log(s.minLastSeq >= finalSeq ? `all caught up (lastSeq ${finalSeq}) ${Date.now() - tStop} ms after the last publish`
    : `NOT caught up after 60 s: min lastSeq ${s.minLastSeq} < ${finalSeq}`);
  const acc = [...accepted.entries()].filter(([seq]) => seq >= firstAccepted);
  const v = await Promise.all(workers.map((w) => ask(w, { cmd: 'verify', accepted: acc, firstAccepted })));
  const noSeq = {};
  for (const r of v) for (const [k, n] of Object.entries(r.noSeq)) noSeq[k] = (noSeq[k] ?? 0) + n;
  const tot = { missing: 0, dups: 0, unexpected: 0, outOfOrder: 0, lateStart: 0, received: 0, examples: [] };
  for (const r of v) for (const k of Object.keys(tot)) tot[k] = k === 'examples' ? tot.examples.concat(r.examples) : tot[k] + r[k];
  sampleHwm(server);
  const peakOld = old.hwm / 1024, peakNew = server.hwm / 1024;
  const down = ((tBack - tDown) / 1000).toFixed(2);
  console.log('\n| clients | workers | events/s (targeted + broadcast) | events accepted | exit → port accepting | exit → /health | all open after exit | all open after port accepting | caught up after last publish | lost | duplicates | out of order | reconnects | failed | peak RSS before / after restart |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  console.log(`| ${CLIENTS} | ${workers.length} | ${RATE} + ${BROADCAST} | ${accepted.size} | ${((tPort - tDown) / 1000).toFixed(2)} s | ${down} s | ` +
    `${tAllOpen ? ((tAllOpen - tDown) / 1000).toFixed(2) + ' s' : 'never'} | ${tAllOpen ? ((tAllOpen - tPort) / 1000).toFixed(2) + ' s' : 'never'} | ` +
    `${((tCaught - tStop) / 1000).toFixed(2)} s | ${tot.missing} | ${tot.dups} | ${tot.outOfOrder} | ${s.reconnects} | ${s.failed} | ${peakOld.toFixed(0)} / ${peakNew.toFixed(0)} MiB |`);
  console.log(`\ndeliveries received ${tot.received}; received seqs not in the accepted set ${tot.unexpected}; clients whose first event came after their first expected one ${tot.lateStart}; events without a seq ${JSON.stringify(noSeq)}; workers RSS ${s.rssMiB} MiB`);
  if (tot.examples.length) console.log('missing examples', JSON.stringify(tot.examples));
  for (const w of workers) w.p.send({ cmd: 'close' });
  await sleep(500);
  await stopServer(server);
  const tail = Buffer.concat(server.out).toString().split('\n').filter((l) => /WARN|ERROR|Exception/.test(l)).slice(-10);
  if (tail.length) console.log('server warnings (second instance, last 10):\n' + tail.join('\n'));
  console.log('second instance, first log lines:\n' + Buffer.concat(server.out).toString().split('\n').filter((l) => /^\d{4}-/.test(l)).slice(0, 3).join('\n'));
  const tailOld = Buffer.concat(old.out).toString().split('\n').filter((l) => /WARN|ERROR|Exception/.test(l)).slice(-10);
  if (tailOld.length) console.log('server warnings (first instance, last 10):\n' + tailOld.join('\n'));
  process.exit(tot.missing || tot.dups ? 1 : 0);
}
const bail = () => { for (const i of peaks) try { i.p.kill('SIGKILL'); } catch {} for (const w of workers) try { w.p.kill(); } catch {} };
process.on('exit', bail);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
main().catch((e) => { console.error(e); process.exit(2); });

// One storm worker process: `count` HeraldClients (users storm-u<first>…), each subscribed to '*', recording every
// seq its handler gets. Talks to storm.mjs over IPC: 'stats' → { open, minLastSeq, statuses }, 'verify' → per-client
// missing / duplicate / unexpected counts against the accepted events.
import { createHmac } from 'node:crypto';
import { HeraldClient } from '../../clients/js/src/index.js';
import WebSocket from '../../clients/js/node_modules/ws/wrapper.mjs';

const { url, secret, first, count, minDelay, maxDelay } = JSON.parse(process.argv[2]);
const b64 = (s) => Buffer.from(s).toString('base64url');
const token = (sub) => {
  const h = b64('{"alg":"HS256","typ":"JWT"}');
  const c = b64(JSON.stringify({ sub, tenant: 'default', exp: Math.floor(Date.now() / 1000) + 3600 }));
  return `${h}.${c}.${createHmac('sha256', secret).update(`${h}.${c}`).digest('base64url')}`;
};

const clients = [];
let open = 0;
const statusCounts = {};
let reconnects = 0;
let failed = 0;
let marked = false;
const noSeq = {};
let reopened = 0;
for (let i = 0; i < count; i++) {
  const user = `storm-u${first + i}`;
  const t = token(user);
  const rec = { user, seqs: [], status: null, client: null, reopened: false };
  rec.client = new HeraldClient(url, {
    WebSocket, getToken: async () => t, minDelay, maxDelay,
    onError: () => {},
    onStatus: (s) => {
      if (rec.status === 'open' && s !== 'open') open--;
      if (s === 'open' && rec.status !== 'open') open++;
      if (s === 'reconnecting' && rec.status === 'open') reconnects++;
      if (s === 'failed') failed++;
      // after the restart mark: back to 'open' from a status other than 'open' (it saw the drop)
      if (marked && s === 'open' && rec.status !== 'open' && !rec.reopened) { rec.reopened = true; reopened++; }
      rec.status = s;
    },
  });
  rec.client.subscribe('*', (_data, ev) => {
    if (Number.isSafeInteger(ev.seq)) rec.seqs.push(ev.seq);
    else noSeq[ev.type] = (noSeq[ev.type] ?? 0) + 1; // system_status and the like carry no seq
  });
  clients.push(rec);
  if (i % 50 === 49) await new Promise((r) => setTimeout(r, 20)); // ramp up, not a connect storm at start
}

process.on('message', (m) => {
  if (m.cmd === 'stats') {
    let minLastSeq = Infinity;
    for (const c of clients) minLastSeq = Math.min(minLastSeq, c.client.lastSeq ?? -1);
    const statuses = {};
    for (const c of clients) statuses[c.status] = (statuses[c.status] ?? 0) + 1;
    process.send({ cmd: 'stats', open, reopened, minLastSeq, statuses, reconnects, failed,
      rssMiB: Math.round(process.memoryUsage().rss / 1048576) });
  } else if (m.cmd === 'verify') {
    // accepted: [seq, userIndex (-1 = broadcast)] for every event a 202 answered; expected per client: the
    // broadcasts and the events targeted at its user, from its first received seq on (before that it was not
    // yet subscribed: storm.mjs starts publishing only once every client is open).
    const acc = m.accepted;
    const byUser = new Map();
    const broadcast = [];
    const acceptedSet = new Set();
    for (const [seq, u] of acc) {
      acceptedSet.add(seq);
      if (u < 0) broadcast.push(seq);
      else (byUser.get(u) ?? byUser.set(u, []).get(u)).push(seq);
    }
    let missing = 0, dups = 0, unexpected = 0, outOfOrder = 0, lateStart = 0, received = 0;
    const examples = [];
    const firstAccepted = m.firstAccepted;
    for (let i = 0; i < count; i++) {
      const c = clients[i];
      received += c.seqs.length;
      const seen = new Map();
      let prev = -1;
      for (const s of c.seqs) {
        seen.set(s, (seen.get(s) ?? 0) + 1);
        if (s <= prev) outOfOrder++;
        prev = s;
        if (!acceptedSet.has(s)) unexpected++;
      }
      for (const n of seen.values()) if (n > 1) dups += n - 1;
      const mine = [...broadcast, ...(byUser.get(first + i) ?? [])];
      if (c.seqs.length && mine.length && c.seqs[0] > Math.min(...mine)) lateStart++; // its first expected event came late
      let miss = 0;
      for (const s of mine) if (!seen.has(s)) miss++; // from firstAccepted: everything published after all were open
      if (miss > 0 && examples.length < 5) {
        examples.push({ user: c.user, miss, firstMissing: mine.filter((s) => !seen.has(s)).slice(0, 5), lastSeq: c.client.lastSeq });
      }
      missing += miss;
    }
    process.send({ cmd: 'verify', noSeq, missing, dups, unexpected, outOfOrder, lateStart, received, examples });
  } else if (m.cmd === 'mark') {
    marked = true;
    process.send({ cmd: 'mark' });
  } else if (m.cmd === 'close') {
    for (const c of clients) c.client.close();
    setTimeout(() => process.exit(0), 200);
  }
});
process.send({ cmd: 'ready' });

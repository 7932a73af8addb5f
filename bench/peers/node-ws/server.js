// Issue #6 peer: the smallest idiomatic broadcast server on Node's `ws`.
// WebSocket clients on /ws/events (any ?token= is ignored); POST /publish with Herald's publish body
// {"events":[{"type":…,"data":{…}}]} sends each event, as Herald's /ws/events frame, to every client (or,
// with "user", to that user's client) and answers {"accepted":n}. Usage: node server.js PORT
'use strict';
const http = require('node:http');
const { WebSocketServer, WebSocket } = require('ws');

const port = Number(process.argv[2] || 8080);
let seq = 0;

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/publish') {
    res.writeHead(req.method === 'GET' ? 200 : 404).end();
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks));
    const events = Array.isArray(body.events) ? body.events : [body];
    const timestamp = new Date().toISOString();
    for (const e of events) {
      seq++;
      // Serialized once per event; the same bytes go to every client.
      const frame = Buffer.from(JSON.stringify({ type: e.type, timestamp, data: e.data, id: `evt_${seq}`, seq }));
      if (e.user !== undefined) { // targeted: only that user's socket
        const client = byUser.get(e.user);
        if (client && client.readyState === WebSocket.OPEN) client.send(frame, { binary: false });
        continue;
      }
      for (const client of wss.clients) {
        if (client.readyState === WebSocket.OPEN) client.send(frame, { binary: false });
      }
    }
    res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: events.length }));
  });
});

const wss = new WebSocketServer({ server, path: '/ws/events', perMessageDeflate: false });
// Events with a "user" go to that user's connection: ?user=… names it (a real server would verify a token).
const byUser = new Map();
wss.on('connection', (ws, req) => {
  const user = new URL(req.url, 'http://x').searchParams.get('user');
  if (user === null) return;
  byUser.set(user, ws);
  ws.on('close', () => { if (byUser.get(user) === ws) byUser.delete(user); });
});
server.listen(port, '127.0.0.1', () => console.log(`node-ws peer listening on ${port}`));

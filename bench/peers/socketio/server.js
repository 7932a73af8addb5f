// Issue #6 peer: the smallest idiomatic Socket.IO broadcast server.
// Socket.IO clients (engine.io v4, WebSocket transport) on the default path /socket.io/; POST /publish with
// Herald's publish body {"events":[…]} emits each event, as Herald's /ws/events frame object, to every
// client with io.emit("event", frame) — on the wire 42["event",{…}] — and answers {"accepted":n}.
// Usage: node server.js PORT
'use strict';
const http = require('node:http');
const { Server } = require('socket.io');

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
      // Targeted events go to the user's room (socket.join on connect), the rest to everyone.
      (e.user !== undefined ? io.to(e.user) : io).emit('event', { type: e.type, timestamp, data: e.data, id: `evt_${seq}`, seq });
    }
    res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: events.length }));
  });
});

// WebSocket only (no HTTP long-polling upgrade dance), no compression: the same wire conditions as the others.
const io = new Server(server, { transports: ['websocket'], perMessageDeflate: false, serveClient: false });
io.on('connection', (socket) => {
  const user = socket.handshake.query.user; // ?user=… (a real server would verify a token)
  if (user) socket.join(user);
});
server.listen(port, '127.0.0.1', () => console.log(`socketio peer listening on ${port}`));

// Issue #6 peer: the smallest idiomatic broadcast server on uWebSockets (npm `uwebsockets`, a prebuilt
// uWebSockets.js: C++ core, no Node networking). WebSocket clients on /ws/events (any ?token= ignored)
// subscribe to one topic; POST /publish with Herald's publish body {"events":[…]} publishes each event, as
// Herald's /ws/events frame, to the topic (uWS's own pub/sub) and answers {"accepted":n}.
// Usage: node server.js PORT
'use strict';
const uWS = require('uwebsockets');

const port = Number(process.argv[2] || 8080);
let seq = 0;

const app = uWS.App()
  .ws('/ws/events', {
    compression: uWS.DISABLED,
    // uWS skips (drops) a published message for a socket already this far behind; 1 MiB, as Herald's
    // default client queue, so that a generator falling behind shows as latency, not as lost frames.
    maxBackpressure: 1 << 20,
    idleTimeout: 0,
    // ?user=… (a real server would verify a token) becomes the socket's user data, and a topic of its own.
    upgrade: (res, req, context) => {
      res.upgrade({ user: new URLSearchParams(req.getQuery() || '').get('user') }, req.getHeader('sec-websocket-key'),
        req.getHeader('sec-websocket-protocol'), req.getHeader('sec-websocket-extensions'), context);
    },
    open: (ws) => {
      ws.subscribe('events');
      const { user } = ws.getUserData();
      if (user !== null) ws.subscribe(`user/${user}`);
    },
  })
  .post('/publish', (res) => {
    let aborted = false;
    const chunks = [];
    res.onAborted(() => { aborted = true; });
    res.onData((chunk, isLast) => {
      chunks.push(Buffer.from(chunk.slice(0))); // uWS detaches the chunk after this call: copy it
      if (!isLast) return;
      const body = JSON.parse(Buffer.concat(chunks));
      const events = Array.isArray(body.events) ? body.events : [body];
      const timestamp = new Date().toISOString();
      for (const e of events) {
        seq++;
        const frame = JSON.stringify({ type: e.type, timestamp, data: e.data, id: `evt_${seq}`, seq });
        app.publish(e.user !== undefined ? `user/${e.user}` : 'events', frame);
      }
      if (!aborted) {
        res.cork(() => {
          res.writeStatus('202 Accepted').writeHeader('content-type', 'application/json')
            .end(JSON.stringify({ accepted: events.length }));
        });
      }
    });
  })
  .get('/*', (res) => res.end())
  .listen('127.0.0.1', port, (token) => {
    if (!token) { console.error(`uwebsockets peer could not listen on ${port}`); process.exit(1); }
    console.log(`uwebsockets peer listening on ${port}`);
  });

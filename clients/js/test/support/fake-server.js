// A scripted WebSocket server (the ws package) that records what clients send, for wire-level checks and
// for frames a real Herald never sends.
import { WebSocketServer } from 'ws';

export class FakeServer {
  /** Every connection in order: { socket, url, messages: parsed JSON texts it sent } */
  connections = [];

  /** `reply(conn, msg)` runs for each client message; by default subscribe/unsubscribe are acknowledged. */
  static async start({ reply = acknowledge } = {}) {
    const server = new FakeServer();
    server.wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((ok) => server.wss.once('listening', ok));
    server.wss.on('connection', (socket, req) => {
      const conn = { socket, url: new URL(req.url, 'ws://x'), messages: [] };
      server.connections.push(conn);
      socket.on('message', (data) => {
        const msg = JSON.parse(String(data));
        conn.messages.push(msg);
        reply(conn, msg);
      });
    });
    return server;
  }

  get url() {
    return `ws://127.0.0.1:${this.wss.address().port}/ws/events`;
  }

  get open() {
    return this.connections.filter((c) => c.socket.readyState === 1);
  }

  get last() {
    return this.connections.at(-1);
  }

  async stop() {
    for (const c of this.connections) c.socket.terminate();
    await new Promise((ok) => this.wss.close(ok));
  }
}

export function acknowledge(conn, msg) {
  if (msg.action === 'subscribe' || msg.action === 'unsubscribe') {
    conn.socket.send(JSON.stringify({ type: `${msg.action}d`, timestamp: new Date().toISOString(), data: { event_types: msg.event_types } }));
  }
}

let nextSeq = 1;
/** An event frame as Herald writes it. */
export function eventFrame(type, data = {}, seq = nextSeq++) {
  return JSON.stringify({ type, timestamp: new Date().toISOString(), data, id: `evt_${seq}`, seq });
}

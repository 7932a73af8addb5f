// Run by gives-up.test.js in its own process: a client whose server goes away for good. The process must
// end by itself once the client has given up; a timer left behind would keep it alive.
import WebSocket from 'ws';
import { HeraldClient } from '../../src/index.js';
import { FakeServer } from './fake-server.js';

const server = await FakeServer.start();
let sockets = 0;
class CountingWebSocket extends WebSocket {
  constructor(...args) {
    super(...args);
    sockets += 1;
  }
}
const statuses = [];
const client = new HeraldClient(server.url, {
  WebSocket: CountingWebSocket, minDelay: 10, maxDelay: 40, maxAttempts: 3,
  onStatus: (status, info) => {
    statuses.push(status === 'reconnecting' ? `${status} ${info.attempt}` : status);
    if (status === 'open') server.stop();
    if (status === 'failed') console.log(JSON.stringify({ statuses, sockets, connected: client.connected }));
  },
});
client.subscribe('a', () => {});

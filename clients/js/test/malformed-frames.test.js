// Frames no Herald would send must not crash the client or stop delivery.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { HeraldClient } from '../src/index.js';
import { eventually } from './support/eventually.js';
import { eventFrame, FakeServer } from './support/fake-server.js';

let server;
before(async () => (server = await FakeServer.start()));
after(() => server.stop());

test('malformed frames are ignored and the events around them are delivered', async () => {
  const got = [];
  const errors = [];
  const client = new HeraldClient(server.url, { WebSocket, onError: (e) => errors.push(e) });
  client.subscribe('*', (data, event) => got.push([event.type, event.seq ?? null]));
  await eventually(() => client.connected);
  const socket = server.last.socket;
  socket.send(eventFrame('a', {}, 1));
  for (const junk of [
    'not json', '', '[]', '[1,2]', 'null', '42', '"text"', '{}', '{"type":5}', '{"type":null,"seq":2}',
    '{"seq":3,"data":{}}', '{"type":"a","seq":"9"}', '{"type":"a","seq":1e400}', '{"type":"a","seq":-5}',
    '{"type":"a","seq":1.5}', '{"type":"recovery_failed"}', '{"type":"error"}', '{"type":"refreshed","data":null}',
    '{"type":"a","data":', '\u0000\uffff', '{"__proto__":{"polluted":true},"type":"b","seq":2}',
  ]) {
    socket.send(junk);
  }
  socket.send(Buffer.from([0xff, 0x00, 0x01]), { binary: true });
  socket.send('{'.repeat(100_000));
  socket.send(eventFrame('c', { ok: true }, 3));
  await eventually(() => got.some(([type]) => type === 'c'), { what: 'the event after the junk' });
  assert.equal(client.status, 'open');
  assert.equal(client.lastSeq, 3);
  assert.equal({}.polluted, undefined);
  assert.deepEqual(got, [['a', 1], ['b', 2], ['c', 3]], 'frames with a seq that is no seq are dropped');
  assert.equal(errors.length, 1, 'the bare error reply');
  client.close();
});

test('a handler that throws is reported and does not stop the other handlers or later events', async () => {
  const got = [];
  const errors = [];
  const client = new HeraldClient(server.url, { WebSocket, onError: (e) => errors.push(e) });
  client.subscribe('a', () => {
    throw new Error('app bug');
  });
  client.subscribe('a', (data) => got.push(data.n));
  await eventually(() => client.connected);
  server.last.socket.send(eventFrame('a', { n: 1 }));
  server.last.socket.send(eventFrame('a', { n: 2 }));
  await eventually(() => got.length === 2);
  assert.deepEqual(got, [1, 2]);
  assert.equal(errors.length, 2);
  assert.match(errors[0].message, /app bug/);
  client.close();
});

test('an error reply from the server reaches onError with its code', async () => {
  const errors = [];
  const client = new HeraldClient(server.url, { WebSocket, onError: (e) => errors.push(e) });
  await eventually(() => client.connected);
  server.last.socket.send(JSON.stringify({ type: 'error', timestamp: 't', data: { code: 'invalid_message', detail: 'nope' } }));
  await eventually(() => errors.length === 1);
  assert.equal(errors[0].code, 'invalid_message');
  client.close();
});

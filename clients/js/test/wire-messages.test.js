// What the client says on the wire, checked against a scripted server.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { HeraldClient } from '../src/index.js';
import { eventually } from './support/eventually.js';
import { eventFrame, FakeServer } from './support/fake-server.js';

describe('control messages', () => {
  let server;
  const clients = [];
  const connect = (options = {}) => {
    const client = new HeraldClient(server.url, { WebSocket, token: 'not-checked-here', minDelay: 20, maxDelay: 50, ...options });
    clients.push(client);
    return client;
  };
  before(async () => (server = await FakeServer.start()));
  after(async () => {
    clients.forEach((c) => c.close());
    await server.stop();
  });

  test('sends one subscribe for the union of its handlers, and unsubscribe when the last handler of a type goes', async () => {
    const client = connect();
    const offA1 = client.subscribe('a', () => {});
    const offA2 = client.subscribe('a', () => {});
    client.subscribe('b', () => {});
    await eventually(() => client.connected, { what: 'open' });
    const conn = server.last;
    assert.deepEqual(conn.messages, [{ action: 'subscribe', event_types: ['a', 'b'] }]);

    client.subscribe('d', () => {});
    client.subscribe('c', () => {});
    await eventually(() => conn.messages.length === 2);
    assert.deepEqual(conn.messages[1], { action: 'subscribe', event_types: ['a', 'b', 'c', 'd'] });

    offA1();
    offA1(); // idempotent
    const offAll = client.subscribe('*', () => {});
    await eventually(() => conn.messages.length === 3);
    assert.deepEqual(conn.messages[2], { action: 'subscribe', event_types: ['*'] }, 'one handler of "a" is left');

    offAll();
    await eventually(() => conn.messages.length === 4);
    assert.deepEqual(conn.messages[3], { action: 'subscribe', event_types: ['a', 'b', 'c', 'd'] });

    offA2();
    await eventually(() => conn.messages.length === 5);
    assert.deepEqual(conn.messages[4], { action: 'unsubscribe', event_types: ['a'] });
  });

  test('a client without handlers asks for nothing, so no event is sent to it for nothing', async () => {
    const client = connect();
    await eventually(() => client.connected);
    assert.deepEqual(server.last.messages, [{ action: 'unsubscribe', event_types: ['*'] }]);
  });

  test('refuses event types the server would refuse', () => {
    const client = connect();
    assert.throws(() => client.subscribe('Not A Type', () => {}), TypeError);
    assert.throws(() => client.subscribe('a', 'not a function'), TypeError);
    client.close();
  });

  test('after a drop it reconnects with ?since=<last seq> and the token, and sends the union again', async () => {
    const got = [];
    const client = connect({ token: 'tok' });
    client.subscribe('a', (data, event) => got.push(event.seq));
    await eventually(() => client.connected);
    const first = server.last;
    first.socket.send(eventFrame('a', {}, 41));
    first.socket.send(eventFrame('a', {}, 42));
    await eventually(() => got.length === 2);
    first.socket.terminate();
    await eventually(() => server.last !== first && client.connected, { what: 'reconnect' });
    const second = server.last;
    assert.equal(second.url.searchParams.get('since'), '42');
    assert.equal(second.url.searchParams.get('token'), 'tok');
    assert.deepEqual(second.messages, [{ action: 'subscribe', event_types: ['a'] }]);
    assert.equal(first.url.searchParams.get('since'), null, 'the first connection had nothing to resume');
  });

  test('drops events at or below the last seq it delivered (the replay overlaps what arrived live)', async () => {
    const got = [];
    const client = connect({ since: 4 });
    client.subscribe('*', (data, event) => got.push(event.seq ?? event.type));
    await eventually(() => client.connected);
    assert.equal(server.last.url.searchParams.get('since'), '4');
    for (const seq of [3, 4, 5, 6, 5, 6, 7]) server.last.socket.send(eventFrame('a', {}, seq));
    server.last.socket.send(JSON.stringify({ type: 'system_status', timestamp: 't', data: { status: 'startup' } }));
    await eventually(() => got.length === 4);
    assert.deepEqual(got, [5, 6, 7, 'system_status']);
    assert.equal(client.lastSeq, 7);
  });

  test('answers JSON pings with a JSON pong; an event that happens to be called "ping" goes to its handlers', async () => {
    const pings = [];
    const client = connect();
    client.subscribe('ping', (data) => pings.push(data));
    await eventually(() => client.connected);
    const conn = server.last;
    conn.socket.send(JSON.stringify({ type: 'ping', timestamp: new Date().toISOString() }));
    await eventually(() => conn.messages.some((m) => m.type === 'pong'));
    conn.socket.send(eventFrame('ping', { n: 1 }));
    await eventually(() => pings.length === 1);
    assert.deepEqual(pings, [{ n: 1 }]);
  });

  test('reports recovery_failed to the app, then keeps delivering live events', async () => {
    const reports = [];
    const got = [];
    const client = connect({ since: 10, onRecoveryFailed: (info) => reports.push(info) });
    client.subscribe('a', (data, event) => got.push(event.seq));
    await eventually(() => client.connected);
    server.last.socket.send(JSON.stringify({ type: 'recovery_failed', timestamp: 't', data: { from: 500 } }));
    server.last.socket.send(eventFrame('a', {}, 900));
    await eventually(() => got.length === 1);
    assert.deepEqual(reports, [{ from: 500, lastSeq: 10 }]);
    assert.equal(client.status, 'open');
  });

  test('an attempt the server never answers is dropped after connectTimeout and counts as a failed attempt', async () => {
    const silent = createServer(() => {}); // takes the TCP connection, never answers the upgrade
    await new Promise((ok) => silent.listen(0, '127.0.0.1', ok));
    const statuses = [];
    const client = new HeraldClient(`ws://127.0.0.1:${silent.address().port}/ws/events`, {
      WebSocket, connectTimeout: 100, minDelay: 10, maxDelay: 20, maxAttempts: 1,
      onStatus: (s, info) => statuses.push(`${s} ${info.reason ?? ''}`.trim()),
    });
    await eventually(() => client.status === 'failed');
    assert.deepEqual(statuses, ['connecting', 'reconnecting no answer within connectTimeout', 'failed no answer within connectTimeout']);
    silent.close();
  });
});

test('options given as undefined take their defaults (the React hook passes every option through)', async () => {
  const server = await FakeServer.start();
  const statuses = [];
  const client = new HeraldClient(server.url, {
    WebSocket, minDelay: undefined, maxDelay: undefined, maxAttempts: undefined, connectTimeout: undefined,
    onStatus: (s, info) => statuses.push([s, info.delay]),
  });
  await eventually(() => client.connected);
  server.last.socket.terminate();
  await eventually(() => client.status === 'reconnecting');
  const [, delay] = statuses.at(-1);
  assert.ok(delay >= 500 && delay <= 1000, `first delay ${delay} ms is drawn from [500, 1000]`);
  client.close();
  await server.stop();
});

// useHerald under React 18: strict mode's double effects, unmount, URL changes, and the seed's hook on top.
import './support/dom.js';
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { cleanup, render, screen } from '@testing-library/react';
import { createElement as h, StrictMode, useEffect, useState } from 'react';
import WebSocket from 'ws';
import { useHerald } from '../src/react.js';
import { eventually } from './support/eventually.js';
import { eventFrame, FakeServer } from './support/fake-server.js';

let server;
let constructed = 0;
class CountingWebSocket extends WebSocket {
  constructor(...args) {
    super(...args);
    constructed += 1;
  }
}
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

before(async () => (server = await FakeServer.start()));
afterEach(cleanup);
after(() => server.stop());

/** The seed's hook (Capital OS `useWebSocket(address)`), as the package README writes it. */
function useWebSocket(address) {
  return useHerald(address && server.url.replace('/ws/events', `/ws/${address}`), { token: 'jwt', WebSocket: CountingWebSocket });
}

function ProofLog() {
  const { connected, subscribe } = useWebSocket('0x123');
  const [proofs, setProofs] = useState([]);
  // The seed's own component code, unchanged:
  useEffect(() => {
    const unsub = subscribe('proof_complete', (data) => {
      setProofs((p) => [...p, data.proof_hash]);
    });
    return unsub;
  }, []);
  return h('p', null, `${connected ? 'live' : 'offline'}: ${proofs.join(',')}`);
}

test('strict mode mounts twice: exactly one socket, handlers of child effects attached, nothing left after unmount', async () => {
  const baseline = timers();
  constructed = 0;
  const before = server.connections.length;
  const view = render(h(StrictMode, null, h(ProofLog)));
  await eventually(() => screen.queryByText(/^live/), { what: 'connected' });
  assert.equal(constructed, 1, 'the first mount closed its client before it made a socket');
  assert.equal(server.connections.length - before, 1);
  const conn = server.last;
  assert.equal(conn.url.pathname, '/ws/0x123');
  assert.deepEqual(conn.messages, [{ action: 'subscribe', event_types: ['proof_complete'] }]);
  conn.socket.send(eventFrame('proof_complete', { proof_hash: '0xfeed' }));
  await eventually(() => screen.queryByText('live: 0xfeed'));
  view.unmount();
  await eventually(() => conn.socket.readyState === WebSocket.CLOSED, { what: 'the socket closed' });
  assert.equal(server.open.length, 0);
  assert.equal(timers(), baseline, 'no timer left behind');
});

test('a new url closes the old socket and opens one new; no url, no socket', async () => {
  function Stream({ address }) {
    const { status } = useWebSocket(address);
    return h('span', null, status);
  }
  const view = render(h(StrictMode, null, h(Stream, { address: 'alice' })));
  await eventually(() => screen.queryByText('open'));
  const first = server.last;
  view.rerender(h(StrictMode, null, h(Stream, { address: 'bob' })));
  await eventually(() => screen.queryByText('open') && server.last !== first);
  await eventually(() => first.socket.readyState === WebSocket.CLOSED);
  assert.equal(server.last.url.pathname, '/ws/bob');
  assert.equal(server.open.length, 1);
  view.rerender(h(StrictMode, null, h(Stream, { address: null })));
  await eventually(() => screen.queryByText('closed') && server.open.length === 0);
});

test('subscribe is stable across renders and survives the client being replaced', async () => {
  const seen = new Set();
  const got = [];
  function Counter({ address }) {
    const { subscribe } = useWebSocket(address);
    seen.add(subscribe);
    useEffect(() => subscribe('alert', (data) => got.push(data.n)), [subscribe]);
    return null;
  }
  const view = render(h(Counter, { address: 'carol' }));
  await eventually(() => server.last.url.pathname === '/ws/carol' && server.last.messages.length === 1);
  view.rerender(h(Counter, { address: 'dave' }));
  await eventually(() => server.last.url.pathname === '/ws/dave' && server.last.messages.length === 1);
  assert.deepEqual(server.last.messages, [{ action: 'subscribe', event_types: ['alert'] }]);
  server.last.socket.send(eventFrame('alert', { n: 7 }));
  await eventually(() => got.length === 1);
  assert.equal(seen.size, 1);
  view.unmount();
});

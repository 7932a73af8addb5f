import assert from 'node:assert/strict';
import { afterEach, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { HeraldClient } from '../../src/index.js';
import { eventually } from '../support/eventually.js';
import { heraldServer } from '../support/shared-server.js';
import { token } from '../support/tokens.js';

describe('/ws/events on a real Herald', () => {
  let herald;
  let client;
  before(async () => (herald = await heraldServer()));
  afterEach(() => client?.close());
  const connect = (options = {}) =>
    (client = new HeraldClient(herald.ws('/ws/events'), { WebSocket, token: token(), ...options }));

  test('handlers get their own type, "*" gets every type, in seq order', async () => {
    connect();
    const proofs = [];
    const all = [];
    client.subscribe('proof_complete', (data) => proofs.push(data.n));
    client.subscribe('*', (data, event) => all.push(`${event.type}:${data.n}`));
    await eventually(() => client.connected);
    await herald.publish('proof_complete', { n: 1 });
    await herald.publish('market_change', { n: 2 });
    const last = await herald.publish('proof_complete', { n: 3 });
    await eventually(() => client.lastSeq === last, { what: `seq ${last}` });
    assert.deepEqual(proofs, [1, 3]);
    assert.deepEqual(all, ['proof_complete:1', 'market_change:2', 'proof_complete:3']);
  });

  test('once the last handler of a type goes, the server stops sending it; other types continue', async () => {
    connect();
    const got = [];
    const off = client.subscribe('alert', (data, event) => got.push(event.type));
    client.subscribe('position_update', (data, event) => got.push(event.type));
    await eventually(() => client.connected);
    await herald.publish('alert', {});
    await eventually(() => got.length === 1);
    off();
    const dropped = await herald.publish('alert', {}); // may race the unsubscribe: published again below
    await eventually(async () => {
      const seq = await herald.publish('position_update', {});
      return client.lastSeq === seq;
    }, { what: 'the unsubscribe to take effect' });
    const before = client.lastSeq;
    await herald.publish('alert', {});
    const seq = await herald.publish('position_update', {});
    await eventually(() => client.lastSeq === seq);
    assert.ok(dropped > 0 && before < seq);
    assert.equal(got.filter((t) => t === 'alert').length, 1, 'alert events after unsubscribe are neither delivered nor sent');
  });

  test('since: the events after that seq first, then live ones, each once and in order', async () => {
    const s1 = await herald.publish('strategy_update', { n: 1 });
    const s2 = await herald.publish('strategy_update', { n: 2 });
    const s3 = await herald.publish('strategy_update', { n: 3 });
    connect({ since: s1 });
    const got = [];
    client.subscribe('strategy_update', (data, event) => got.push(event.seq));
    await eventually(() => client.lastSeq === s3, { what: 'the replay' });
    const s4 = await herald.publish('strategy_update', { n: 4 });
    await eventually(() => client.lastSeq === s4);
    assert.deepEqual(got, [s2, s3, s4]);
  });
});

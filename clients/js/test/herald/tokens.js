import assert from 'node:assert/strict';
import { afterEach, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { HeraldClient } from '../../src/index.js';
import { eventually } from '../support/eventually.js';
import { heraldServer } from '../support/shared-server.js';
import { token } from '../support/tokens.js';

describe('tokens', () => {
  let herald;
  let client;
  before(async () => (herald = await heraldServer()));
  afterEach(() => client?.close());
  const connect = (options) => {
    const statuses = [];
    client = new HeraldClient(herald.ws('/ws/events'), {
      WebSocket, minDelay: 20, maxDelay: 100, onError: () => {},
      onStatus: (s, info) => statuses.push(info.code ? `${s} ${info.code}` : s),
      ...options,
    });
    return statuses;
  };

  test('getToken is asked again before exp and the fresh token is sent in-band: the socket stays up', async () => {
    const issued = [];
    const statuses = connect({
      getToken: async () => {
        issued.push(token({ ttl: 3 }));
        return issued.at(-1);
      },
    });
    client.subscribe('hello', () => {});
    await eventually(() => client.connected);
    const firstExpiry = JSON.parse(Buffer.from(issued[0].split('.')[1], 'base64url')).exp * 1000;
    await eventually(() => issued.length >= 2 && Date.now() > firstExpiry + 600,
      { timeout: 8000, what: 'a refresh and the first token\'s expiry' });
    const seq = await herald.publish('hello', {});
    await eventually(() => client.lastSeq === seq);
    assert.deepEqual(statuses, ['connecting', 'open']);
  });

  test('without getToken an expired token ends in failed (4004), with no reconnect loop', async () => {
    const statuses = connect({ token: token({ ttl: 2 }) }); // exp is whole seconds: at least 1 s left
    await eventually(() => client.status === 'failed', { timeout: 5000 });
    assert.deepEqual(statuses, ['connecting', 'open', 'failed 4004']);
  });

  test('after a 4004 getToken is asked for a new token and the client resumes where it stopped', async () => {
    let calls = 0;
    const statuses = connect({
      getToken: () => {
        calls += 1;
        if (calls === 2) throw new Error('token service down'); // the in-band refresh fails
        return token({ ttl: calls === 1 ? 2 : 3600 });
      },
    });
    const got = [];
    client.subscribe('expiry_probe', (data, event) => got.push(event.seq));
    await eventually(() => client.connected);
    const before = await herald.publish('expiry_probe', {});
    await eventually(() => client.status === 'reconnecting', { timeout: 5000 });
    const during = await herald.publish('expiry_probe', {});
    await eventually(() => client.connected && client.lastSeq === during);
    assert.deepEqual(got, [before, during]);
    assert.deepEqual(statuses, ['connecting', 'open', 'reconnecting 4004', 'open']);
    assert.equal(calls, 3);
  });

  test('a refused static token (4003) ends in failed after one attempt', async () => {
    const statuses = connect({ token: token({ secret: 'some-other-secret-of-32-characters!!' }) });
    await eventually(() => client.status === 'failed');
    assert.deepEqual(statuses, ['connecting', 'failed 4003']);
  });

  test('4003 with getToken: asked once more, then failed, never a loop', async () => {
    let calls = 0;
    const statuses = connect({
      getToken: () => {
        calls += 1;
        return token({ ttl: -60 }); // already expired
      },
    });
    await eventually(() => client.status === 'failed');
    assert.equal(calls, 2);
    assert.deepEqual(statuses, ['connecting', 'reconnecting 4003', 'failed 4003']);
  });

  test('4003 then a good token from getToken: open', async () => {
    let calls = 0;
    connect({ getToken: () => token({ ttl: (calls += 1) === 1 ? -60 : 3600 }) });
    await eventually(() => client.connected);
    assert.equal(calls, 2);
  });
});

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import WebSocket from 'ws';
import { HeraldClient } from '../../src/index.js';
import { eventually } from '../support/eventually.js';
import { heraldServer } from '../support/shared-server.js';
import { token } from '../support/tokens.js';

let herald;
before(async () => (herald = await heraldServer()));

test('/ws/{user}: the user\'s targeted events and the broadcasts, never another user\'s', async () => {
  const client = new HeraldClient(herald.ws('/ws/0xabc'), { WebSocket, token: token({ sub: '0xabc' }) });
  const got = [];
  client.subscribe('proof_complete', (data) => got.push(data.to));
  await eventually(() => client.connected);
  await herald.publish('proof_complete', { to: '0xabc' }, { user: '0xabc' });
  await herald.publish('proof_complete', { to: 'bob' }, { user: 'bob' });
  const last = await herald.publish('proof_complete', { to: 'all' });
  await eventually(() => client.lastSeq === last);
  assert.deepEqual(got, ['0xabc', 'all']);
  client.close();
});

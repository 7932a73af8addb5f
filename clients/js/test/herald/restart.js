import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { HeraldClient } from '../../src/index.js';
import { eventually } from '../support/eventually.js';
import { heraldServer, storedSeqs } from '../support/shared-server.js';
import { token } from '../support/tokens.js';

describe('server restarts while events keep being published', () => {
  let herald;
  before(async () => (herald = await heraldServer()));

  for (const signal of ['SIGTERM', 'SIGKILL']) {
    test(`${signal}: every event accepted while the client was away arrives exactly once, in order`, async () => {
      const type = `tick_${signal.toLowerCase()}`;
      const start = await herald.publish('marker', {});
      const client = new HeraldClient(herald.ws('/ws/events'), {
        WebSocket, getToken: () => token(), minDelay: 50, maxDelay: 300, maxAttempts: 1000,
      });
      const got = [];
      client.subscribe(type, (data, event) => got.push(event.seq));
      await eventually(() => client.connected);

      const accepted = [];
      let publishing = true;
      const publisher = (async () => {
        while (publishing) {
          try {
            accepted.push(await herald.publish(type, { n: accepted.length }));
          } catch {
            await new Promise((ok) => setTimeout(ok, 20)); // server down: try again shortly
          }
        }
      })();

      await eventually(() => got.length >= 5, { what: 'events before the stop' });
      await herald.stop(signal);
      const whileDown = accepted.length;
      await herald.restart();
      await eventually(() => accepted.length >= whileDown + 10, { timeout: 20_000, what: 'publishes after restart' });
      publishing = false;
      await publisher;

      const stored = await storedSeqs(herald, type, start);
      await eventually(() => client.lastSeq >= stored.at(-1), { timeout: 20_000, what: `seq ${stored.at(-1)}` });
      assert.ok(accepted.every((seq) => stored.includes(seq)), 'every 202 is in the store');
      assert.deepEqual(got, stored, 'each stored event once, in seq order');
      assert.ok(accepted.length > whileDown, 'some events were accepted after the restart');
      client.close();
    });
  }
});

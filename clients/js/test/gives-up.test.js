// A server gone longer than the backoff allows: 'failed' after maxAttempts, and nothing left running.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

test('gives up after maxAttempts with status failed and leaves no timer or socket (the process exits)', async () => {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./support/gives-up-child.js', import.meta.url))]);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const [code, signal] = await new Promise((ok) => child.once('exit', (c, s) => ok([c, s])));
  clearTimeout(timer);
  assert.equal(signal, null, `the process did not exit by itself:\n${out}`);
  assert.equal(code, 0, out);
  const report = JSON.parse(out.trim().split('\n').at(-1));
  assert.deepEqual(report.statuses, ['connecting', 'open', 'reconnecting 1', 'reconnecting 2', 'reconnecting 3', 'failed']);
  assert.equal(report.sockets, 4, 'the first connection and three attempts');
  assert.equal(report.connected, false);
});

// A real `herald serve` process for the tests: free port, throwaway data dir, known JWT secret.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from './eventually.js';

const here = dirname(fileURLToPath(import.meta.url));
const JAR = process.env.HERALD_JAR ?? resolve(here, '../../../../herald-server/target/herald.jar');
export const SECRET = 'js-client-test-secret-0123456789abcdef';

export async function freePort() {
  const srv = createServer();
  await new Promise((ok) => srv.listen(0, '127.0.0.1', ok));
  const { port } = srv.address();
  await new Promise((ok) => srv.close(ok));
  return port;
}

export class HeraldServer {
  #proc = null;
  #output = '';

  constructor(port, dataDir, env) {
    this.port = port;
    this.dataDir = dataDir;
    this.env = env;
  }

  /** Starts a server and waits until /health answers. `env` adds HERALD_* settings. */
  static async start(env = {}) {
    const server = new HeraldServer(await freePort(), mkdtempSync(join(tmpdir(), 'herald-js-')), env);
    await server.restart();
    return server;
  }

  /** Starts the process again on the same port and data dir (after stop or kill). */
  async restart() {
    this.#output = '';
    const proc = spawn('java', ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xshare:auto', '-jar', JAR, 'serve'], {
      env: {
        ...process.env,
        HERALD_SERVER_HOST: '127.0.0.1',
        HERALD_SERVER_PORT: String(this.port),
        HERALD_DATA_DIR: this.dataDir,
        HERALD_AUTH_JWT_SECRET: SECRET,
        HERALD_AUTH_CLOCK_SKEW: '0s',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout.on('data', (d) => (this.#output += d));
    proc.stderr.on('data', (d) => (this.#output += d));
    this.#proc = proc;
    const exited = new Promise((ok) => proc.once('exit', ok));
    await eventually(async () => {
      if (proc.exitCode !== null) throw new Error(`herald exited ${proc.exitCode}:\n${this.#output}`);
      const res = await fetch(this.http('/health')).catch(() => null);
      return res?.ok;
    }, { timeout: 60_000, what: 'herald /health' }); // a loaded CI machine starts a JVM slowly
    this.exited = exited;
    this.adminKey = readFileSync(join(this.dataDir, 'admin-key'), 'utf8').trim();
  }

  http(path) {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  ws(path) {
    return `ws://127.0.0.1:${this.port}${path}`;
  }

  /** Publishes one event; resolves to its seq (once durable), or rejects when the server does not accept it. */
  async publish(type, data = {}, extra = {}) {
    const res = await fetch(this.http('/api/v1/events'), {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.adminKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type, data, ...extra }),
    });
    if (res.status !== 202) throw new Error(`publish answered ${res.status}: ${await res.text()}`);
    return (await res.json()).events[0].seq;
  }

  /** Sends `signal` (SIGTERM: graceful shutdown; SIGKILL: crash) and waits for the process to end. */
  async stop(signal = 'SIGTERM') {
    if (!this.#proc || this.#proc.exitCode !== null || this.#proc.signalCode !== null) return;
    this.#proc.kill(signal);
    await this.exited;
  }

  async dispose() {
    await this.stop('SIGKILL');
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  get output() {
    return this.#output;
  }
}

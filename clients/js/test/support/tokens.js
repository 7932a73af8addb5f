// HS256 JWTs minted the way an application backend would, with node:crypto only.
import { createHmac } from 'node:crypto';
import { SECRET } from './herald-server.js';

const b64url = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** A token for `sub` valid `ttl` seconds from now (negative: already expired). */
export function token({ sub = 'alice', ttl = 3600, secret = SECRET, ...claims } = {}) {
  const head = b64url({ alg: 'HS256', typ: 'JWT' });
  const body = b64url({ sub, exp: Math.floor(Date.now() / 1000) + ttl, ...claims });
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

// setTimeout fires at once for delays past 2^31-1 ms, so long-lived tokens are re-checked at this bound.
const MAX_TIMER_MS = 2 ** 31 - 1;
const MAX_REFRESH_AHEAD_MS = 30_000;

/** The `exp` claim of a JWT in milliseconds, or null when the token is not a readable JWT. Not verified. */
export function tokenExpiry(token) {
  if (typeof token !== 'string') return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return typeof claims?.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * How long to wait before fetching a fresh token for one expiring at `expiresAt` (ms): a quarter of the
 * remaining lifetime early, at most 30 s early, so a small clock difference with the server does not matter.
 */
export function refreshDelay(expiresAt, now = Date.now()) {
  const remaining = expiresAt - now;
  const ahead = Math.min(MAX_REFRESH_AHEAD_MS, remaining / 4);
  return Math.min(MAX_TIMER_MS, Math.max(0, Math.round(remaining - ahead)));
}

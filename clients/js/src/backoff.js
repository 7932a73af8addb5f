/**
 * Delay before reconnect attempt `attempt` (1-based): doubles from `minDelay` up to `maxDelay`, and each delay
 * is drawn from [d/2, d] ("equal jitter") so that clients dropped together by a restart do not return together.
 */
export function backoffDelay(attempt, minDelay, maxDelay, random = Math.random) {
  const ceiling = Math.min(maxDelay, minDelay * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

import type { HeraldClientOptions, HeraldHandler, HeraldStatus } from './index.js';

export interface UseHeraldResult {
  connected: boolean;
  status: HeraldStatus;
  /** Stable across renders; may be called before the connection exists. Returns the unsubscribe function. */
  subscribe<T = Record<string, unknown>>(type: string, handler: HeraldHandler<T>): () => void;
}

/**
 * A HeraldClient owned by the component: created in an effect, closed on unmount or when `url`, `token`,
 * `since` or a backoff option changes. No connection while `url` is empty (status 'closed').
 */
export function useHerald(url: string | null | undefined, options?: HeraldClientOptions): UseHeraldResult;

package dev.herald.store.sqlite;

/**
 * Tables of the webhook outbox: endpoints (secrets sealed), deliveries (written in the event's transaction,
 * claimed with leases) and one row per attempt.
 */
final class WebhookSchema {
    private WebhookSchema() {
    }

    static final String[] DDL = {
            """
            CREATE TABLE IF NOT EXISTS webhook_endpoints (
              id TEXT PRIMARY KEY, tenant TEXT NOT NULL, url TEXT NOT NULL, event_types TEXT NOT NULL,
              description TEXT, notify_email TEXT, secret TEXT NOT NULL, previous_secret TEXT,
              overlap_until_ms INTEGER, created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL,
              failure_streak INTEGER NOT NULL DEFAULT 0, streak_notified INTEGER NOT NULL DEFAULT 0)""",
            "CREATE INDEX IF NOT EXISTS webhook_endpoints_by_tenant ON webhook_endpoints (tenant, id)",
            """
            CREATE TABLE IF NOT EXISTS webhook_deliveries (
              id TEXT PRIMARY KEY, tenant TEXT NOT NULL, endpoint_id TEXT NOT NULL, event_id TEXT NOT NULL,
              event_type TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL,
              attempt_count INTEGER NOT NULL DEFAULT 0, next_attempt_ms INTEGER, manual INTEGER NOT NULL DEFAULT 0,
              lease_until_ms INTEGER, lease_owner TEXT, created_ms INTEGER NOT NULL)""",
            "CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (next_attempt_ms) WHERE next_attempt_ms IS NOT NULL",
            "CREATE INDEX IF NOT EXISTS webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, id)",
            """
            CREATE TABLE IF NOT EXISTS webhook_attempts (
              delivery_id TEXT NOT NULL, n INTEGER NOT NULL, at_ms INTEGER NOT NULL, status_code INTEGER,
              duration_ms INTEGER NOT NULL, excerpt TEXT, error TEXT,
              PRIMARY KEY (delivery_id, n)) WITHOUT ROWID""",
    };
}

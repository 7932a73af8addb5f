-- Operations (#14). Endpoint lifecycle: disabled by hand ('manual') or after webhooks.disable_after of
-- continuous failure ('failing'); failing_since_ms is when the current failure streak began.
ALTER TABLE webhook_endpoints
  ADD COLUMN disabled_ms bigint,
  ADD COLUMN disabled_reason text,
  ADD COLUMN failing_since_ms bigint;

-- GET /api/v1/events/{id} lists where an event went.
CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries (event_id);

-- Retention (webhooks.retention) deletes finished deliveries by age, in small batches.
CREATE INDEX webhook_deliveries_by_created ON webhook_deliveries (created_ms);

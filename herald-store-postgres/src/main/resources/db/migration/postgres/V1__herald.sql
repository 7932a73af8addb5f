-- Everything a cluster shares. Times are epoch milliseconds (bigint), as in the embedded store.

-- One row per tenant, locked by every append of that tenant: seqs are assigned under this lock, so appends
-- from several nodes serialize per tenant and a rollback leaves no gap.
CREATE TABLE tenant_seqs (
  tenant   text PRIMARY KEY,
  last_seq bigint NOT NULL
);

CREATE TABLE events (
  tenant text NOT NULL, seq bigint NOT NULL, id text NOT NULL, type text NOT NULL,
  user_id text, resource_type text, resource_id text, ts_ms bigint NOT NULL,
  data text NOT NULL, accepted_ms bigint NOT NULL,
  PRIMARY KEY (tenant, seq)
);
CREATE UNIQUE INDEX events_by_id ON events (tenant, id);
CREATE INDEX events_by_accepted ON events (accepted_ms);

CREATE TABLE api_keys (
  id text PRIMARY KEY, hash text NOT NULL UNIQUE, tenant text NOT NULL, scopes text NOT NULL,
  created_ms bigint NOT NULL, revoked_ms bigint
);

CREATE TABLE webhook_endpoints (
  id text PRIMARY KEY, tenant text NOT NULL, url text NOT NULL, event_types text NOT NULL,
  description text, notify_email text, secret text NOT NULL, previous_secret text,
  overlap_until_ms bigint, created_ms bigint NOT NULL, updated_ms bigint NOT NULL,
  failure_streak integer NOT NULL DEFAULT 0, streak_notified boolean NOT NULL DEFAULT false
);
CREATE INDEX webhook_endpoints_by_tenant ON webhook_endpoints (tenant, id);

CREATE TABLE webhook_deliveries (
  id text PRIMARY KEY, tenant text NOT NULL, endpoint_id text NOT NULL, event_id text NOT NULL,
  event_type text NOT NULL, body text NOT NULL, status text NOT NULL,
  attempt_count integer NOT NULL DEFAULT 0, next_attempt_ms bigint, manual boolean NOT NULL DEFAULT false,
  lease_until_ms bigint, lease_owner text, created_ms bigint NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_ms, id) WHERE next_attempt_ms IS NOT NULL;
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, id);
CREATE INDEX webhook_deliveries_by_owner ON webhook_deliveries (lease_owner) WHERE lease_owner IS NOT NULL;

CREATE TABLE webhook_attempts (
  delivery_id text NOT NULL, n integer NOT NULL, at_ms bigint NOT NULL, status_code integer,
  duration_ms bigint NOT NULL, excerpt text, error text,
  PRIMARY KEY (delivery_id, n)
);

CREATE TABLE shared_secrets (
  name text PRIMARY KEY, value text NOT NULL, created_ms bigint NOT NULL
);

CREATE TABLE cluster_nodes (
  node_id text PRIMARY KEY, url text, connections bigint NOT NULL,
  started_ms bigint NOT NULL, heartbeat_ms bigint NOT NULL
);

-- What a reserve does, as raw SQL: a conditional counter update and a ledger row, SERIALIZABLE.
-- The target is row :n of load_targets; pgbench retries serialization failures (--max-tries).
\set n random(1, :targets)
BEGIN ISOLATION LEVEL SERIALIZABLE;
SET LOCAL enable_seqscan = off;
UPDATE authorizations SET scheduled_units = scheduled_units + 1, version = version + 1
  WHERE id = (SELECT id FROM load_targets WHERE n = :n) AND used_units + scheduled_units + 1 <= total_units;
INSERT INTO unit_ledger_entries (organization_id, authorization_id, kind, units, total_delta, occurred_at)
  SELECT organization_id, id, 'Reserve', 1, 0, now() FROM load_targets WHERE n = :n;
END;

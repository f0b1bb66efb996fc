-- What a reserve does, as raw SQL: a conditional counter update, a dated ledger row and its day's row, SERIALIZABLE.
-- The target is row :n of load_targets; pgbench retries serialization failures (--max-tries).
\set n random(1, :targets)
BEGIN ISOLATION LEVEL SERIALIZABLE;
SET LOCAL enable_seqscan = off;
UPDATE authorizations SET scheduled_units = scheduled_units + 1, version = version + 1
  WHERE id = (SELECT id FROM load_targets WHERE n = :n) AND used_units + scheduled_units + 1 <= total_units;
INSERT INTO unit_ledger_entries (organization_id, authorization_id, kind, units, total_delta, service_date, occurred_at)
  SELECT organization_id, id, 'Reserve', 1, 0, current_date, now() FROM load_targets WHERE n = :n;
INSERT INTO unit_periods (organization_id, authorization_id, kind, starts_on, scheduled_units, used_units)
  SELECT organization_id, id, 'Day', current_date, 1, 0 FROM load_targets WHERE n = :n
  ON CONFLICT (organization_id, authorization_id, kind, starts_on) DO UPDATE SET scheduled_units = unit_periods.scheduled_units + 1;
END;

-- Spend: the order in which usage records were committed, for modules that follow the ledger (the ledger feed).
-- Each row carries the id of the transaction that wrote it (pg_current_xact_id()). A reader takes only rows of
-- transactions older than every transaction still running (pg_snapshot_xmin), so a row that commits late, or a
-- spilled record replayed days after its exchange, is never skipped. Rows written before this column existed
-- read as 0: they come first, in id order. Expand-only: older code inserts without the column and gets the default.
alter table spend_usage add column commit_xid xid8 not null default '0';
alter table spend_usage alter column commit_xid set default pg_current_xact_id();
create index spend_usage_feed on spend_usage (tenant_id, commit_xid, id);

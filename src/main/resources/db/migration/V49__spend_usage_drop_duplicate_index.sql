-- Spend: the ledger's index on (tenant_id, created_at) goes; the primary key, (tenant_id, created_at, id), begins with
-- the same columns and serves every query it served (a tenant's time range, its oldest record, retention), so each
-- usage record wrote two index entries for one purpose (ADR 0093).
--
-- The ledger is partitioned, and an index of a partitioned table cannot be dropped concurrently: the drop needs a
-- moment's exclusive lock on each partition. Asked for while a long report reads the ledger, that lock would queue
-- every replica's ledger writes behind it; so each attempt waits at most 200 ms, and the migration tries again after a
-- pause, for up to a minute, before it gives up (and the release before goes on running untouched).
do $$
declare
    attempts int := 0;
begin
    loop
        begin
            set local lock_timeout = '200ms';
            drop index if exists spend_usage_tenant_time;
            exit;
        exception when lock_not_available then
            attempts := attempts + 1;
            if attempts >= 150 then
                raise;
            end if;
            perform pg_sleep(0.2);
        end;
    end loop;
end $$;

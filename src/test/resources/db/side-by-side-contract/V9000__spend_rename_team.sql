-- Test only (TwoVersionsSideBySideTests): a contract step applied too early, which the previous release's ledger
-- insert cannot survive. The side-by-side harness must report it; were it silent, its green would prove nothing.
alter table spend_usage rename column team to owning_team;

-- Analytics: a cube per person and one of totals (ADR 0053). The rollup state names, per grain, the cubes whose facts
-- hold every record folded so far. Rollups folded before this version have no facts of the person (4) and totals (5)
-- cubes: they are derived from the detail cube by the rollup job, and reports read the larger cubes until then. A
-- grain that starts now folds every cube from the start.
alter table analytics_rollup_state add column cubes smallint[] not null default '{1,2,3,4,5}';
update analytics_rollup_state set cubes = '{1,2,3}';

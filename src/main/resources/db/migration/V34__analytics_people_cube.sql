-- Analytics: a cube per person (ADR 0053). The rollup state names, per grain, the cubes whose facts hold every record
-- folded so far. Rollups folded before this version have no facts of the person cube (4): they are derived from the
-- detail cube by the rollup job, and reports read the detail cube until then. A grain that starts now folds every
-- cube from the start.
alter table analytics_rollup_state add column cubes smallint[] not null default '{1,2,3,4}';
update analytics_rollup_state set cubes = '{1,2,3}';

-- The rollup job updates a day's facts with every page of records it folds (and an hour's while that hour lasts).
-- On full pages each new version of a fact lands on another page with a new index entry: a month of one cube's
-- daily facts ends up spread one per page among dead versions, and both folding (its lookups) and reading (a
-- report grouping people by day reads thousands of pages for a few thousand facts) slow down as the ledger grows,
-- the more where vacuum runs seldom. With room left on each page, an update stays on its page without a new index
-- entry (a heap-only tuple), and the page's dead versions are pruned when it is next written, vacuum or not.
-- Existing pages keep their layout until rewritten; new facts get the room (ADR 0076).
alter table analytics_usage_daily set (fillfactor = 50);
alter table analytics_usage_hourly set (fillfactor = 70);

-- Spend (columns the routing of attempts needs): the task of each exchange, how its model was chosen, and which attempt of the exchange a row records.
-- An exchange that was retried or failed over has one row per attempt that was made; every row but the last has
-- retried = true. Expand-only: the defaults describe a single-attempt exchange, so older code keeps working.
alter table spend_usage
    add column task    text,
    add column route   text,
    add column attempt integer not null default 1,
    add column retried boolean not null default false;

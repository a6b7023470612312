-- Identity: TOTP seeds are sealed at rest (privacy's envelope encryption). Rows written before stay readable
-- (sealed false) until the start-up pass seals them. Expand-only: older code reads and writes the seed as it was.
alter table identity_totp add column sealed boolean not null default false;

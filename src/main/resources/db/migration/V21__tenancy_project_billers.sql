-- Who may attribute usage to a project through the x-aurelis-project header: members of the listed teams or
-- departments; both empty means anyone in the organisation.
alter table tenancy_project add column teams text[] not null default '{}';
alter table tenancy_project add column departments text[] not null default '{}';

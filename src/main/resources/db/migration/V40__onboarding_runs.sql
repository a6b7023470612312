-- Organisation onboarding (docs/onboarding.md, ADR 0059): each run of the twelve steps for a tenant and each
-- step's outcome, so a run that stopped at an error resumes after the last step that succeeded. Tenant tables:
-- row-level security comes from aurelis_protect_tenant_tables() after the migration.

create table onboarding_run (
    tenant_id     text        not null,
    id            uuid        not null primary key,
    -- SHA-256 of the configuration the run checked: a changed configuration starts the steps over
    config_digest text        not null,
    config_source text        not null,
    status        text        not null check (status in ('running', 'completed', 'failed')),
    started_by    text,
    started_at    timestamptz not null,
    finished_at   timestamptz
);
create index onboarding_run_tenant on onboarding_run (tenant_id, started_at desc);

create table onboarding_step (
    tenant_id   text        not null,
    run_id      uuid        not null references onboarding_run (id) on delete cascade,
    position    integer     not null check (position between 1 and 12),
    step        text        not null,
    status      text        not null check (status in ('success', 'error')),
    -- what the step found or did (success), as JSON
    result      jsonb,
    error       text,
    -- the run whose check this success carries over from, when the step was skipped on resuming
    carried_from uuid,
    finished_at timestamptz not null,
    primary key (run_id, position)
);

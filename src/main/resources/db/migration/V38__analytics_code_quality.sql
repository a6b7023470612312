-- Analytics: code quality from the code-review workflows (analytics.code_quality_metrics, ADR 0054). One row per
-- finished review run with its findings counted by severity; reports sum them per repository, severity and week.
create table analytics_code_quality (
    tenant_id   text not null,
    run_id      uuid not null,
    repository  text not null,
    team        text,
    workflow    text not null,
    conclusion  text not null,
    finished_at timestamptz not null,
    critical    integer not null default 0,
    high        integer not null default 0,
    medium      integer not null default 0,
    low         integer not null default 0,
    info        integer not null default 0,
    primary key (tenant_id, run_id)
);
create index analytics_code_quality_time on analytics_code_quality (tenant_id, finished_at);

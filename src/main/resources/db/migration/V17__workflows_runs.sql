-- Code-review workflows: webhook deliveries seen (to ignore repeats), runs and their steps (so a restart resumes a
-- run instead of repeating it), and the one summary comment kept per pull request and workflow.

create table workflows_delivery (
    tenant_id   text not null,
    source      text not null,                  -- github | gitlab
    delivery_id text not null,
    received_at timestamptz not null default clock_timestamp(),
    primary key (tenant_id, source, delivery_id)
);

create table workflows_run (
    tenant_id    text not null,
    id           uuid not null,
    workflow     text not null,
    source       text not null,                 -- github | gitlab | ci
    repository   text not null,
    pull_number  bigint,                        -- null for a push to a branch and for a review from CI
    base_sha     text,
    head_sha     text not null,
    trigger      text not null,                 -- pr_created | commit_pushed | ci
    author       text,
    title        text,
    team         text not null,
    project      text,
    status       text not null,                 -- queued | running | publishing | completed | cancelled
    conclusion   text,                          -- success | neutral | failure | cancelled
    check_run_id bigint,                        -- GitHub check run, once created
    review_id    bigint,                        -- GitHub review holding the line comments, once posted
    diff         text,                          -- the diff a review from CI sent
    created_at   timestamptz not null default clock_timestamp(),
    started_at   timestamptz,
    finished_at  timestamptz,
    heartbeat_at timestamptz,
    primary key (tenant_id, id)
);

create index workflows_run_open on workflows_run (tenant_id, heartbeat_at)
    where status in ('queued', 'running', 'publishing');
create index workflows_run_pull on workflows_run (tenant_id, source, repository, pull_number, workflow, created_at);

create table workflows_step (
    tenant_id   text not null,
    run_id      uuid not null,
    position    integer not null,
    name        text not null,
    action      text not null,
    model       text not null,
    blocking    boolean not null,
    threshold   text not null,
    prompt      text not null,                  -- the instructions as they were when the run started
    status      text not null,                  -- pending | completed | failed
    findings    jsonb not null default '[]',
    output      text,                           -- a summary step's text
    error       text,
    request_ids text[] not null default '{}',   -- the gateway exchanges of the step (the ledger's request ids)
    started_at  timestamptz,
    finished_at timestamptz,
    primary key (tenant_id, run_id, position),
    foreign key (tenant_id, run_id) references workflows_run (tenant_id, id) on delete cascade
);

create table workflows_summary_comment (
    tenant_id   text not null,
    source      text not null,
    repository  text not null,
    pull_number bigint not null,
    workflow    text not null,
    comment_id  bigint not null,
    primary key (tenant_id, source, repository, pull_number, workflow)
);

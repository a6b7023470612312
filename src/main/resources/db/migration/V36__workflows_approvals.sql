-- Approval steps (ADR 0055): a step that waits for people instead of a model. It keeps who may approve, how many
-- approvals it needs and how long it waits; the time it must be decided by is set when its run starts waiting. Each
-- person's decision is a row of its own, so one person counts once and every decision is kept.

alter table workflows_step alter column model drop not null;
alter table workflows_step alter column prompt drop not null;
alter table workflows_step add column approvers text[];                 -- e-mail addresses and role:NAME entries
alter table workflows_step add column required_approvals integer;
alter table workflows_step add column approval_timeout_seconds bigint;
alter table workflows_step add column decide_by timestamptz;

create index workflows_step_awaiting on workflows_step (tenant_id, decide_by)
    where status = 'pending' and decide_by is not null;

create table workflows_approval (
    tenant_id  text not null,
    run_id     uuid not null,
    position   integer not null,
    approver   text not null,                   -- the e-mail address of the person who decided
    decision   text not null,                   -- approved | rejected
    comment    text,
    decided_at timestamptz not null default clock_timestamp(),
    primary key (tenant_id, run_id, position, approver),
    foreign key (tenant_id, run_id, position) references workflows_step (tenant_id, run_id, position) on delete cascade
);

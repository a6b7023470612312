-- Compliance: the last status of each control found by the automated checks, so a lasting failure is reported once.
create table compliance_check_state (
    tenant_id   text not null,
    framework   text not null,
    control     text not null,
    status      text not null,
    reason      text,
    checked_at  timestamptz not null,
    primary key (tenant_id, framework, control)
);

select aurelis_protect_tenant_tables();

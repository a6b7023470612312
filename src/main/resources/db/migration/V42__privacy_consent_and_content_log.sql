-- Privacy: consent per person and purpose (compliance.consent_management, ADR 0063), and the content log it gates
-- (privacy.content_logging). One consent row per person and purpose holds its current state: given or withdrawn,
-- when, and the version of the privacy notice it was given under; the audit trail keeps every change.
create table privacy_consent (
    tenant_id      text not null,
    user_id        uuid not null,
    purpose        text not null,
    given          boolean not null,
    policy_version text,
    given_at       timestamptz,
    withdrawn_at   timestamptz,
    updated_at     timestamptz not null,
    primary key (tenant_id, user_id, purpose)
);

-- Prompts and answers of people who consented, each sealed (AES-256-GCM under the data keys of ADR 0042) and bound to
-- its row, so the table never holds content in the clear. Kept for analytics.raw_data_retention_days.
create table privacy_content_log (
    tenant_id   text not null,
    id          uuid not null,
    user_id     uuid,
    request_id  text not null,
    model       text,
    recorded_at timestamptz not null,
    prompt      bytea not null,
    answer      bytea,
    primary key (tenant_id, id)
);
create index privacy_content_log_user on privacy_content_log (tenant_id, user_id);
create index privacy_content_log_time on privacy_content_log (tenant_id, recorded_at);

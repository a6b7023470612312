-- Identity: human sign-in (sessions, identities at outside providers, local accounts with MFA, device login).
-- Every secret is stored as a hash except the TOTP seed, which must be readable to check a code.

-- A user's identity at an outside provider (OIDC issuer + subject, SAML IdP + NameID, LDAP server + DN).
create table identity_external_identity (
    tenant_id     text not null,
    method        text not null,
    issuer        text not null,
    subject       text not null,
    user_id       uuid not null,
    created_at    timestamptz not null default now(),
    last_sign_in  timestamptz not null default now(),
    primary key (tenant_id, method, issuer, subject),
    foreign key (tenant_id, user_id) references identity_user (tenant_id, id) on delete cascade
);

-- Teams and roles granted by group sync, so the next sign-in can take back what the provider no longer grants
-- without touching memberships declared in the configuration file or granted by an administrator.
create table identity_group_grant (
    tenant_id text not null,
    user_id   uuid not null,
    kind      text not null check (kind in ('team', 'role')),
    value     text not null,
    primary key (tenant_id, user_id, kind, value),
    foreign key (tenant_id, user_id) references identity_user (tenant_id, id) on delete cascade
);

-- Browser sessions. The cookie carries a random token; only its SHA-256 is stored.
create table identity_session (
    tenant_id          text not null,
    id                 uuid not null,
    token_hash         bytea not null unique,
    user_id            uuid not null,
    method             text not null,
    mfa                text not null check (mfa in ('not_needed', 'pending', 'enrolment_required', 'passed')),
    created_at         timestamptz not null default now(),
    last_seen_at       timestamptz not null default now(),
    expires_at         timestamptz not null,
    ended_at           timestamptz,
    id_token           text,
    webauthn_challenge bytea,
    primary key (tenant_id, id),
    foreign key (tenant_id, user_id) references identity_user (tenant_id, id) on delete cascade
);
create index identity_session_user on identity_session (tenant_id, user_id);

-- Accounts that sign in with a password kept by Aurelis: the bootstrap administrator and break-glass accounts.
create table identity_local_account (
    tenant_id     text not null,
    user_id       uuid not null,
    password_hash text not null,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    primary key (tenant_id, user_id),
    foreign key (tenant_id, user_id) references identity_user (tenant_id, id) on delete cascade
);

create table identity_totp (
    tenant_id      text not null,
    user_id        uuid not null,
    secret         bytea not null,
    confirmed_at   timestamptz,
    last_used_step bigint not null default -1,
    created_at     timestamptz not null default now(),
    primary key (tenant_id, user_id),
    foreign key (tenant_id, user_id) references identity_user (tenant_id, id) on delete cascade
);

create table identity_recovery_code (
    tenant_id text not null,
    user_id   uuid not null,
    code_hash bytea not null,
    used_at   timestamptz,
    primary key (tenant_id, user_id, code_hash),
    foreign key (tenant_id, user_id) references identity_user (tenant_id, id) on delete cascade
);

create table identity_webauthn_credential (
    tenant_id           text not null,
    credential_id       bytea not null,
    user_id             uuid not null,
    name                text,
    attested_credential bytea not null,
    attestation_format  text,
    sign_count          bigint not null default 0,
    created_at          timestamptz not null default now(),
    last_used_at        timestamptz,
    primary key (tenant_id, credential_id),
    foreign key (tenant_id, user_id) references identity_user (tenant_id, id) on delete cascade
);

-- RFC 8628 device authorisations for `aurelis login`.
create table identity_device_authorization (
    tenant_id        text not null,
    device_code_hash bytea not null unique,
    user_code        text not null,
    client_id        text not null,
    status           text not null check (status in ('pending', 'approved', 'denied', 'issued')),
    user_id          uuid,
    key_id           uuid,
    interval_seconds integer not null,
    created_at       timestamptz not null default now(),
    expires_at       timestamptz not null,
    last_polled_at   timestamptz,
    primary key (tenant_id, device_code_hash),
    foreign key (tenant_id, user_id) references identity_user (tenant_id, id) on delete cascade
);
create unique index identity_device_authorization_user_code on identity_device_authorization (tenant_id, user_code)
    where status = 'pending';

-- SAML: requests we sent (for InResponseTo) and assertions we accepted (replay protection), until they expire.
create table identity_saml_request (
    tenant_id  text not null,
    request_id text not null,
    expires_at timestamptz not null,
    primary key (tenant_id, request_id)
);

create table identity_saml_assertion (
    tenant_id    text not null,
    assertion_id text not null,
    expires_at   timestamptz not null,
    primary key (tenant_id, assertion_id)
);

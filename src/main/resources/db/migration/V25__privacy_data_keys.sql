-- Privacy: the data keys that seal secrets at rest (ADR "key hierarchy"), one set for the deployment. Each is an
-- AES-256 key stored only wrapped by a key-encryption key of the key manager (local keyring, Vault Transit, AWS KMS);
-- kek_id names the KEK (and version) that wrapped it. The newest key not retired seals new values; every key stays
-- so the values it sealed can be opened. Rotation adds a key and retires the others; re-wrapping changes wrapped and
-- kek_id only.
create table privacy_data_key (
    id          uuid primary key,
    wrapped     bytea not null,
    kek_id      text not null,
    created_at  timestamptz not null,
    retired_at  timestamptz
);

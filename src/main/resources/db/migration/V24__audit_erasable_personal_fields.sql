-- Audit: personal fields that can be erased without breaking the chain (ADR "erasure and the audit chain").
--
-- From this version on an entry's link covers a keyed digest of its personal fields (actor, target, source_ip,
-- user_agent, details) instead of the fields themselves: personal_digest = HMAC-SHA-256(salt, those fields as
-- canonical JSON), with a random salt per entry. Verification recomputes the digest from the stored fields while the
-- salt is there, so an edit is still found. Erasing a person replaces their e-mail address and names in those fields
-- by a pseudonym and removes the salt (the digest can then no longer be linked to anything) and stamps erased_at;
-- the chain still verifies. Entries recorded before this version (personal_digest null) link over the fields
-- themselves and cannot be erased. Expand-only: older code inserts without the new columns.
alter table audit_entry add column salt bytea;
alter table audit_entry add column personal_digest bytea;
alter table audit_entry add column erased_at timestamptz;

-- The one change the trail allows: by the schema owner with aurelis.audit_erasure set for its transaction, on an
-- entry that has a digest, leaving every hashed column as it was and removing the salt.
create or replace function audit_refuse_change() returns trigger
language plpgsql as $$
begin
    if tg_op = 'DELETE' and tg_table_name = 'audit_entry'
            and current_setting('aurelis.audit_retention', true) = 'on' and current_user <> 'aurelis_app' then
        return old;
    end if;
    if tg_op = 'UPDATE' and tg_table_name = 'audit_entry'
            and current_setting('aurelis.audit_erasure', true) = 'on' and current_user <> 'aurelis_app'
            and old.personal_digest is not null and new.personal_digest = old.personal_digest
            and new.salt is null and new.erased_at is not null
            and (new.tenant_id, new.seq, new.id, new.occurred_at, new.recorded_at, new.category, new.action,
                 new.outcome, new.prev_hash, new.hash)
                is not distinct from (old.tenant_id, old.seq, old.id, old.occurred_at, old.recorded_at, old.category,
                 old.action, old.outcome, old.prev_hash, old.hash)
            and new.source_key is not distinct from old.source_key then
        return new;
    end if;
    raise exception 'the audit trail is append-only: % on % refused', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
end $$;

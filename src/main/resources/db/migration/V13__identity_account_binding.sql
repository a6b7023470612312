-- Identity: an outside identity is bound to an account once, and later sign-ins match on that binding only.
-- Before this version sign-in linked identities to accounts by e-mail without checking that the provider had
-- verified the address, so existing bindings may have been made by someone who only claimed an address. Those
-- that can be told apart are removed: every binding to a local (break-glass) or bootstrap account, which is
-- never linked by e-mail, and every binding but the oldest of one account at one provider. The people concerned
-- sign in again and are linked under the new rules, or an administrator links them explicitly.
alter table identity_external_identity add column id uuid not null default gen_random_uuid();
alter table identity_external_identity add column linked_via text not null default 'legacy';
alter table identity_external_identity add column linked_by text;
create unique index identity_external_identity_id on identity_external_identity (tenant_id, id);

delete from identity_external_identity e
where exists (select 1 from identity_local_account l where l.tenant_id = e.tenant_id and l.user_id = e.user_id)
   or exists (select 1 from access_role_binding b where b.tenant_id = e.tenant_id and b.user_id = e.user_id
              and b.source = 'bootstrap');

delete from identity_external_identity e
where exists (select 1 from identity_external_identity older
              where older.tenant_id = e.tenant_id and older.user_id = e.user_id and older.method = e.method
                and older.issuer = e.issuer
                and (older.created_at, older.subject) < (e.created_at, e.subject));

-- one identity per account at each provider
create unique index identity_external_identity_account on identity_external_identity (tenant_id, user_id, method, issuer);

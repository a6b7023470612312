-- The statements the application issued at the schema version below, on its main write and read paths: the
-- organisation it declares, the user and API key it installs, the usage ledger's insert, the audit trail's append
-- (the chain head locked, the entry, the head moved) and the reads of keys, ledger and trail. Each is the text of the
-- application's code at that version with its positional parameters given names (:name), nothing else changed.
-- TwoVersionsSideBySideTests runs them, as that release would, against a database the current release migrates and
-- serves (docs/operations.md, "Upgrades"; ADR 0074). Recapture them at each release: see the upgrade checklist.
-- schema: 41

-- name: organization.declare (tenancy Organizations.apply)
insert into tenancy_organization (tenant_id, external_id, name, time_zone) values (:tenant, :external_id, :name, :time_zone)
on conflict (tenant_id) do update set external_id = excluded.external_id, name = excluded.name,
    time_zone = excluded.time_zone, updated_at = now()
where (tenancy_organization.external_id, tenancy_organization.name, tenancy_organization.time_zone)
    is distinct from (excluded.external_id, excluded.name, excluded.time_zone)

-- name: user.ensure (identity Users.ensure)
insert into identity_user (tenant_id, id, email) values (:tenant, :user_id, :email) on conflict do nothing

-- name: key.install (identity ApiKeys.install)
insert into identity_api_key (tenant_id, id, key_hash, prefix, user_id, name, roles, updated_at)
values (:tenant, :key_id, :key_hash, :prefix, :user_id, :key_name, :roles, clock_timestamp())

-- name: ledger.record (spend UsageLedger.INSERT)
insert into spend_usage (tenant_id, id, created_at, request_id, user_id, user_email, key_id, team,
    department, cost_center, project, model_requested, model_served, provider_model, provider, endpoint,
    client_tool, streamed, input_tokens, cached_tokens, cache_write_tokens, output_tokens,
    reasoning_tokens, cost, currency, priced, status, error_type, latency_ms, first_token_ms, task, route,
    attempt, retried, usage_estimate, privacy)
values (:tenant, :usage_id, :created_at, :request_id, :user_id, :email, :key_id, :team, :department, :cost_center,
    :project, :model_requested, :model_served, :provider_model, :provider, :endpoint, :client_tool, :streamed,
    :input_tokens, :cached_tokens, :cache_write_tokens, :output_tokens, :reasoning_tokens, :cost, :currency, :priced,
    :status, :error_type, :latency_ms, :first_token_ms, :task, :route, :attempt, :retried, :usage_estimate, :privacy)
on conflict do nothing

-- name: audit.open_chain (audit AuditLog.lockHead)
insert into audit_chain (tenant_id, seq, hash, updated_at) values (:tenant, 0, :genesis, now()) on conflict (tenant_id) do nothing

-- name: audit.lock_head (audit AuditLog.lockHead)
select seq, hash from audit_chain where tenant_id = :tenant for update

-- name: audit.append (audit AuditLog.append)
insert into audit_entry (tenant_id, seq, id, occurred_at, recorded_at, category, action, actor, target, outcome,
    source_ip, user_agent, details, prev_hash, hash, personal_digest, salt, erased_at, source_key)
values (:tenant, :seq, :entry_id, :occurred_at, :recorded_at, :category, :action, :actor, :target, :outcome,
    :source_ip, :user_agent, :details, :prev_hash, :hash, :personal_digest, :salt, null, :source_key)

-- name: audit.move_head (audit AuditLog.append)
update audit_chain set seq = :seq, hash = :hash, updated_at = :recorded_at where tenant_id = :tenant

-- name: key.reload (identity ApiKeys.reload)
select k.tenant_id, k.id, k.key_hash, k.prefix, k.user_id, u.email, k.team, k.project, k.roles,
       k.expires_at, k.revoked_at, k.grace_until,
       coalesce((select array_agg(t.team) from identity_user_team t
                 where t.tenant_id = k.tenant_id and t.user_id = k.user_id), '{}') as user_teams
from identity_api_key k join identity_user u on u.tenant_id = k.tenant_id and u.id = k.user_id
where u.status = 'active'

-- name: ledger.costs (spend LedgerFeed.costs)
select request_id, sum(cost) as cost, currency from spend_usage
where tenant_id = :tenant and created_at >= :since and request_id = any(:request_ids)
group by request_id, currency

-- name: audit.read (audit AuditLog.after)
select tenant_id, seq, id, occurred_at, recorded_at, category, action, actor, target, outcome, source_ip, user_agent,
       details, prev_hash, hash, personal_digest, salt, erased_at
from audit_entry where tenant_id = :tenant and seq > :after order by seq limit :limit

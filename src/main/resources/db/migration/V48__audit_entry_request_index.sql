-- Audit: the indexes of V47's request_id, built without holding up the trail (ADR 0088).
--
-- A trail may hold millions of entries, and building an index over it takes a while; built concurrently, it lets
-- every replica, of this release and of the one before, go on appending entries meanwhile. Flyway runs this migration
-- outside a transaction, as building an index concurrently requires.
--
-- New entries are found by their column. Entries recorded before keep request_id null and are found by their details,
-- as before, through an index of only those: none is rewritten (the trail is append-only), and a new entry, whose
-- request_id is set or whose details have none, is never parsed for it. Then the index over every entry's details
-- goes; until then, lookups use it as before.
create index concurrently if not exists audit_entry_request_id on audit_entry (tenant_id, request_id)
    where request_id is not null;
create index concurrently if not exists audit_entry_request_in_details
    on audit_entry (tenant_id, ((details::jsonb) ->> 'request_id'))
    where request_id is null and details like '%"request_id"%';
drop index concurrently if exists audit_entry_request;

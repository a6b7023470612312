-- Audit: the request id of an entry in a column of its own (ADR 0088).
--
-- Data lineage finds an exchange's entries by the request id in their details. Indexing it as an expression parsed
-- every entry's details as JSON on insert, which was half of what writing an entry cost the database. Entries now
-- carry the id in request_id, set by the application from the same details; V48 indexes it.
alter table audit_entry add column request_id text;

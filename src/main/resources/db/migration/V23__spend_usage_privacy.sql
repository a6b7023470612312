-- Spend: what the privacy step did with the exchange, for the record: the outcome (passed, alerted, redacted,
-- routed_on_premise, blocked), the data class when classification is on, and how many times each detector fired,
-- e.g. 'redacted class=restricted aws_access_key=1 email=2'. Counts and detector names only, never the text found.
-- Null when the exchange was not screened or nothing was found. Expand-only: older code inserts without the column.
alter table spend_usage add column privacy text;

-- Spend: why a record's token counts are Aurelis's own estimate rather than the provider's report.
-- Null when the provider reported the usage. Otherwise one of: client_closed (the client hung up mid-stream),
-- provider_broke_off (the provider's stream ended early), stream_timeout (the provider fell silent mid-stream),
-- stream_error (the provider reported an error mid-stream), implausible_report (the provider's figures were out of
-- bounds and were replaced by the bounded estimate). Expand-only: older code inserts without the column.
alter table spend_usage add column usage_estimate text;

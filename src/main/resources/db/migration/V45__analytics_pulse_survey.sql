-- Analytics: the built-in pulse survey (analytics.metrics.developer_satisfaction.survey_integration, ADR 0072). One
-- answer per person and ISO week of the organisation's time zone; a second answer in the same week replaces the
-- first. The comment is personal data: erasure deletes the person's answers.
create table analytics_survey_response (
    tenant_id    text not null,
    period       text not null,
    period_start date not null,
    user_email   text not null,
    user_id      uuid,
    team         text,
    satisfaction smallint not null check (satisfaction between 1 and 5),
    time_saved   text not null,
    comment      text check (char_length(comment) <= 1000),
    answered_at  timestamptz not null,
    primary key (tenant_id, period, user_email)
);
create index analytics_survey_response_period on analytics_survey_response (tenant_id, period_start);

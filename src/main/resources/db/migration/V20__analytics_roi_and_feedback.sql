-- The organisation's declared ROI assumptions (analytics.roi_analysis): one row per tenant, edited through the API;
-- absent figures take the documented defaults.
create table analytics_roi_assumptions (
    tenant_id                          text primary key,
    minutes_saved_per_accepted_answer  numeric(12, 4),
    acceptance_rate                    numeric(6, 4),
    loaded_hourly_cost                 numeric(14, 4),
    monthly_subscription_cost          numeric(16, 4),
    monthly_infrastructure_cost        numeric(16, 4),
    training_cost                      numeric(16, 4),
    review_minutes_saved_per_review    numeric(12, 4),
    updated_at                         timestamptz not null default now(),
    updated_by                         text
);

-- Developers' feedback on answers (POST /api/v1/feedback): a rating and whether the answer was used. One per person
-- and request; a second replaces the first. Reports take feedback by the time of the request it is about.
create table analytics_feedback (
    tenant_id   text not null,
    id          uuid not null,
    request_id  text not null,
    user_id     uuid,
    user_email  text not null,
    team        text,
    rating      smallint check (rating between 1 and 5),
    accepted    boolean,
    comment     text,
    requested_at timestamptz not null,
    created_at  timestamptz not null default now(),
    primary key (tenant_id, id),
    unique (tenant_id, request_id, user_email)
);
create index analytics_feedback_time on analytics_feedback (tenant_id, requested_at);

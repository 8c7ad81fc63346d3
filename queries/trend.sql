-- One row per day, week or month: the stock of users and of non-activated users at
-- the end of that period (the metric's value then), up to $as_of_end.
-- Parameters: $grain ('day', 'week' or 'month'), $as_of_end (timestamp, exclusive).
with registrations as (
    select
        date_trunc($grain, registered_at) as period_start,
        count(*) as registered
    from filtered_users
    where registered_at < $as_of_end
    group by date_trunc($grain, registered_at)
),

activated_users as (
    -- A user counts as activated once both moments have passed. A yes without a
    -- time is known only at the as-of day, so it counts in the last period.
    select
        date_trunc(
            $grain,
            greatest(
                registered_at,
                coalesce(activated_at, $as_of_end - interval 1 microsecond)
            )
        ) as period_start
    from filtered_users
    where activated_ever
        and registered_at < $as_of_end
        and (activated_at is null or activated_at < $as_of_end)
),

activations as (
    select period_start, count(*) as activated
    from activated_users
    group by period_start
),

periods as (
    select period_start
    from generate_series(
        (select min(period_start) from registrations),
        date_trunc($grain, $as_of_end - interval 1 microsecond),
        case $grain
            when 'day' then interval 1 day
            when 'week' then interval 7 day
            else interval 1 month
        end
    ) as series(period_start)
),

per_period as (
    select
        periods.period_start,
        coalesce(registrations.registered, 0) as registered,
        coalesce(activations.activated, 0) as activated
    from periods
    left join registrations on registrations.period_start = periods.period_start
    left join activations on activations.period_start = periods.period_start
),

running as (
    -- Periods are never null; "nulls first" only spares databases whose default
    -- differs from writing it.
    select
        period_start,
        least(
            period_start
            + case $grain
                when 'day' then interval 1 day
                when 'week' then interval 7 day
                else interval 1 month
            end,
            $as_of_end
        ) - interval 1 microsecond as period_end,
        registered,
        activated,
        sum(registered) over (order by period_start nulls first) as all_users,
        sum(registered) over (order by period_start nulls first)
            - sum(activated) over (order by period_start nulls first)
            as non_activated_users
    from per_period
)

select
    period_start,
    cast(period_end as date) as period_end,
    registered as new_registrations,
    activated as new_customers,
    cast(all_users as bigint) as all_users,
    cast(non_activated_users as bigint) as non_activated_users,
    100.0 * non_activated_users / nullif(all_users, 0) as non_activated_pct
from running
order by period_start

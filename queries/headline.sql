-- One row: all users, activated and non-activated users at the end of $as_of_end and
-- of $previous_end, with new customers in the period before each end.
-- Parameters: $as_of_end, $period_start, $previous_end, $previous_start (timestamps;
-- a period runs from its start up to, not including, its end).
with flagged as (
    select
        registered_at is null or registered_at < $as_of_end as registered_now,
        registered_at is null or registered_at < $previous_end as registered_before,
        activated_ever and (activated_at is null or activated_at < $as_of_end)
            as activated_now,
        activated_ever and (activated_at is null or activated_at < $previous_end)
            as activated_before,
        activated_at,
    from filtered_users
),

counted as (
    select
        count(*) filter (where registered_now) as all_users,
        count(*) filter (where registered_now and not activated_now)
            as non_activated_users,
        count(*) filter (
            where activated_at >= $period_start and activated_at < $as_of_end
        ) as new_customers,
        count(*) filter (where registered_before) as previous_all_users,
        count(*) filter (where registered_before and not activated_before)
            as previous_non_activated_users,
        count(*) filter (
            where activated_at >= $previous_start and activated_at < $previous_end
        ) as previous_new_customers,
    from flagged
)

select
    all_users,
    non_activated_users,
    100.0 * non_activated_users / nullif(all_users, 0) as non_activated_pct,
    new_customers,
    previous_all_users,
    previous_non_activated_users,
    100.0 * previous_non_activated_users / nullif(previous_all_users, 0)
        as previous_non_activated_pct,
    previous_new_customers,
from counted

-- One row: all users, activated and non-activated users at the end of $as_of_end and
-- of $previous_end, with new customers in the period before each end.
-- Parameters: $as_of_end, $period_start, $previous_end, $previous_start (timestamps;
-- a period runs from its start up to, not including, its end).
-- Counts use count(case when ... then 1 end) rather than count(*) filter (...):
-- the same numbers, in a form every database reads.
with flagged as (
    select
        case
            when registered_at is null or registered_at < $as_of_end then 1
        end as registered_now,
        case
            when registered_at is null or registered_at < $previous_end then 1
        end as registered_before,
        case
            when activated_ever and (activated_at is null or activated_at < $as_of_end)
                then 1
        end as activated_now,
        case
            when
                activated_ever
                and (activated_at is null or activated_at < $previous_end)
                then 1
        end as activated_before,
        activated_at
    from filtered_users
),

counted as (
    select
        count(registered_now) as all_users,
        count(case when registered_now = 1 and activated_now is null then 1 end)
            as non_activated_users,
        count(
            case
                when activated_at >= $period_start and activated_at < $as_of_end
                    then 1
            end
        ) as new_customers,
        count(registered_before) as previous_all_users,
        count(
            case when registered_before = 1 and activated_before is null then 1 end
        ) as previous_non_activated_users,
        count(
            case
                when activated_at >= $previous_start and activated_at < $previous_end
                    then 1
            end
        ) as previous_new_customers
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
    previous_new_customers
from counted

-- One row per registration month (or week, or day): users who registered then, and
-- how many of them had not activated by the as-of day. For rules that give no date
-- of activation, this is the honest view over time.
-- Parameters: $grain ('day', 'week' or 'month'), $as_of_end (timestamp, exclusive).
with at_as_of as (
    select
        date_trunc($grain, registered_at) as period_start,
        case
            when not (
                activated_ever and (activated_at is null or activated_at < $as_of_end)
            ) then 1
        end as is_non_activated
    from filtered_users
    where registered_at < $as_of_end
)

select
    period_start,
    count(*) as new_registrations,
    count(is_non_activated) as still_non_activated,
    100.0 * count(is_non_activated) / count(*) as non_activated_pct
from at_as_of
group by period_start
order by period_start

-- One row per registration month (or week, or day): users who registered then, and
-- how many of them have not activated by the export. For rules that give no date
-- of activation, this is the honest view over time.
-- Parameters: $grain ('day', 'week' or 'month'), $as_of_end (timestamp, exclusive).
select
    date_trunc($grain, registered_at) as period_start,
    count(*) as new_registrations,
    count(*) filter (where not activated_ever) as still_non_activated,
    100.0 * count(*) filter (where not activated_ever) / count(*) as non_activated_pct,
from filtered_users
where registered_at < $as_of_end
group by all
order by period_start

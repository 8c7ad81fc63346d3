-- One row per group and whole day since registration (0 to $max_day, and
-- $max_day + 1 for anything later): users who became customers that day, users
-- still waiting at $as_of_end after that many whole days, and (day null) customers
-- whose activation has no date; bought_days adds up the exact days (fractions
-- kept) from sign-up to purchase of that day's customers, for an exact average.
-- Groups are the values of the slice named by
-- $slice, the largest $top_values kept and the rest as $other_label; $all_label
-- when $slice names no slice. Parameters: $as_of_end (timestamp, exclusive),
-- $slice, $max_day, $top_values, $all_label, $other_label.
with registered as (
    -- The slice is chosen by comparing its name as a bound value, so a name from
    -- outside never becomes part of the SQL text.
    select
        coalesce(case $slice
            when 'source' then source
            when 'verified' then verified
            when 'device' then device
            when 'referral' then referral
            when 'country' then country
            when 'extra_1' then extra_1
            when 'extra_2' then extra_2
            when 'extra_3' then extra_3
            when 'extra_4' then extra_4
            when 'extra_5' then extra_5
            when 'extra_6' then extra_6
            when 'extra_7' then extra_7
            when 'extra_8' then extra_8
            else $all_label
        end, $all_label) as slice_value,
        registered_at,
        activated_at,
        activated_ever and activated_at is null as activated_without_date,
        coalesce(activated_ever and activated_at < $as_of_end, false)
            as activated_by_then
    from filtered_users
    where registered_at < $as_of_end
),

timed as (
    -- A purchase counts on the first whole day it fits in (5 minutes after
    -- sign-up is "within 1 day"; at or before sign-up is day 0). Someone still
    -- waiting counts only the whole days they have been seen waiting.
    select
        slice_value,
        activated_without_date,
        case
            when activated_without_date then null
            when activated_by_then then
                case
                    when activated_at <= registered_at then 0
                    else cast(ceil(
                        date_diff('second', registered_at, activated_at) / 86400.0
                    ) as integer)
                end
            else cast(floor(
                date_diff('second', registered_at, $as_of_end) / 86400.0
            ) as integer)
        end as days,
        -- The exact wait, for the average: rounded up to whole days, each
        -- purchase would count about half a day too long.
        case
            when not activated_by_then or activated_without_date then 0
            when activated_at <= registered_at then 0
            else date_diff('second', registered_at, activated_at) / 86400.0
        end as exact_days,
        activated_by_then
    from registered
),

per_value_day as (
    -- Counting first keeps the ranking and lumping below to a few rows per day.
    select
        slice_value,
        case when days > $max_day then $max_day + 1 else days end as day,
        sum(case when activated_by_then and days is not null then 1 else 0 end)
            as became_customers,
        sum(exact_days) as bought_days,
        sum(case when not activated_by_then and not activated_without_date
            then 1 else 0 end) as still_waiting,
        sum(case when activated_without_date then 1 else 0 end)
            as customers_without_date
    from timed
    group by slice_value, case when days > $max_day then $max_day + 1 else days end
),

group_sizes as (
    select
        slice_value,
        row_number() over (
            order by
                sum(became_customers + still_waiting + customers_without_date) desc,
                slice_value
        ) as size_rank
    from per_value_day
    group by slice_value
)

select
    case
        when group_sizes.size_rank <= $top_values then per_value_day.slice_value
        else $other_label
    end as slice_value,
    per_value_day.day,
    sum(per_value_day.became_customers) as became_customers,
    sum(per_value_day.bought_days) as bought_days,
    sum(per_value_day.still_waiting) as still_waiting,
    sum(per_value_day.customers_without_date) as customers_without_date
from per_value_day
inner join group_sizes on per_value_day.slice_value = group_sizes.slice_value
group by
    case
        when group_sizes.size_rank <= $top_values then per_value_day.slice_value
        else $other_label
    end,
    per_value_day.day
order by slice_value, per_value_day.day

-- One row per value of the chosen slice: registered users and registered users who
-- never bought at two moments, the end of period A and the end of period B.
-- Parameters: $slice (the name of a canonical slice column, compared as a value, or
-- '' for no split), $before_end and $after_end (timestamps, exclusive).
with sliced as (
    select
        case $slice
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
        end as slice_value,
        case
            when registered_at is null or registered_at < $before_end then 1 else 0
        end as registered_before,
        case
            when registered_at is null or registered_at < $after_end then 1 else 0
        end as registered_after,
        case
            when activated_ever and (activated_at is null or activated_at < $before_end)
                then 1
            else 0
        end as activated_before,
        case
            when activated_ever and (activated_at is null or activated_at < $after_end)
                then 1
            else 0
        end as activated_after
    from filtered_users
)

select
    slice_value,
    sum(registered_before) as before_users,
    sum(case when registered_before = 1 and activated_before = 0 then 1 else 0 end)
        as before_non_activated,
    sum(registered_after) as after_users,
    sum(case when registered_after = 1 and activated_after = 0 then 1 else 0 end)
        as after_non_activated
from sliced
group by slice_value
order by slice_value

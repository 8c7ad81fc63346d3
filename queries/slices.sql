-- One row per slice and value: users and non-activated users at the end of
-- $as_of_end, the share of that group not activated, and its part of all
-- non-activated users. Slices the file has no column for are left out.
-- Parameters: $as_of_end (timestamp, exclusive).
-- One pass with grouping sets instead of one per slice: each set groups the
-- users by one slice column; grouping() tells which column a row belongs to.
with at_as_of as (
    select
        case
            when activated_ever and (activated_at is null or activated_at < $as_of_end)
                then 0
            else 1
        end as is_non_activated,
        source, verified, device, referral, country,
        extra_1, extra_2, extra_3, extra_4, extra_5, extra_6, extra_7, extra_8
    from filtered_users
    where registered_at is null or registered_at < $as_of_end
),

grouped as (
    select
        case
            when grouping(source) = 0 then 'source'
            when grouping(verified) = 0 then 'verified'
            when grouping(device) = 0 then 'device'
            when grouping(referral) = 0 then 'referral'
            when grouping(country) = 0 then 'country'
            when grouping(extra_1) = 0 then 'extra_1'
            when grouping(extra_2) = 0 then 'extra_2'
            when grouping(extra_3) = 0 then 'extra_3'
            when grouping(extra_4) = 0 then 'extra_4'
            when grouping(extra_5) = 0 then 'extra_5'
            when grouping(extra_6) = 0 then 'extra_6'
            when grouping(extra_7) = 0 then 'extra_7'
            when grouping(extra_8) = 0 then 'extra_8'
        end as slice,
        case
            when grouping(source) = 0 then cast(source as varchar)
            when grouping(verified) = 0 then cast(verified as varchar)
            when grouping(device) = 0 then cast(device as varchar)
            when grouping(referral) = 0 then cast(referral as varchar)
            when grouping(country) = 0 then cast(country as varchar)
            when grouping(extra_1) = 0 then cast(extra_1 as varchar)
            when grouping(extra_2) = 0 then cast(extra_2 as varchar)
            when grouping(extra_3) = 0 then cast(extra_3 as varchar)
            when grouping(extra_4) = 0 then cast(extra_4 as varchar)
            when grouping(extra_5) = 0 then cast(extra_5 as varchar)
            when grouping(extra_6) = 0 then cast(extra_6 as varchar)
            when grouping(extra_7) = 0 then cast(extra_7 as varchar)
            when grouping(extra_8) = 0 then cast(extra_8 as varchar)
        end as slice_value,
        count(*) as all_users,
        cast(sum(is_non_activated) as bigint) as non_activated_users
    from at_as_of
    group by grouping sets (
        (source), (verified), (device), (referral), (country),
        (extra_1), (extra_2), (extra_3), (extra_4), (extra_5), (extra_6), (extra_7),
        (extra_8)
    )
),

-- A slice the file has no column for is null throughout: one row without a value.
present as (
    select slice, slice_value, all_users, non_activated_users
    from grouped
    where slice_value is not null
)

select
    slice,
    slice_value,
    all_users,
    non_activated_users,
    100.0 * non_activated_users / nullif(all_users, 0) as non_activated_pct,
    100.0 * non_activated_users
        / nullif(sum(non_activated_users) over (partition by slice), 0)
        as share_of_non_activated_pct
from present
order by slice, non_activated_users desc, slice_value

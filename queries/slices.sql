-- One row per slice and value: users and non-activated users at the end of
-- $as_of_end, the share of that group not activated, and its part of all
-- non-activated users. Slices the file has no column for are left out.
-- Parameters: $as_of_end (timestamp, exclusive).
with at_as_of as (
    select
        not (activated_ever and (activated_at is null or activated_at < $as_of_end))
            as is_non_activated,
        source, verified, device, referral, country,
        extra_1, extra_2, extra_3, extra_4, extra_5, extra_6, extra_7, extra_8,
    from filtered_users
    where registered_at is null or registered_at < $as_of_end
),

long as (
    unpivot at_as_of
    on source, verified, device, referral, country,
        extra_1, extra_2, extra_3, extra_4, extra_5, extra_6, extra_7, extra_8
    into name slice value slice_value
),

grouped as (
    select
        slice,
        slice_value,
        count(*) as all_users,
        count(*) filter (where is_non_activated) as non_activated_users,
    from long
    group by all
)

select
    slice,
    slice_value,
    all_users,
    non_activated_users,
    100.0 * non_activated_users / nullif(all_users, 0) as non_activated_pct,
    100.0 * non_activated_users
        / nullif(sum(non_activated_users) over (partition by slice), 0)
        as share_of_non_activated_pct,
from grouped
order by slice, non_activated_users desc, slice_value

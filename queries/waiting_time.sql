-- One row per time-since-registration bucket, always all six: the non-activated
-- users at the end of $as_of_end who registered that long before it.
-- Parameters: $as_of_end (timestamp, exclusive).
with buckets as (
    select * from (values
        (1, '0-1 days'),
        (2, '1-7 days'),
        (3, '7-30 days'),
        (4, '30-90 days'),
        (5, '90-365 days'),
        (6, 'over a year')
    ) as b(bucket_order, bucket)
),

waiting_users as (
    -- Comparing with fixed moments before the as-of day is cheaper than working
    -- out each person's days waited.
    select
        case
            when registered_at > $as_of_end - interval 1 day then 1
            when registered_at > $as_of_end - interval 7 day then 2
            when registered_at > $as_of_end - interval 30 day then 3
            when registered_at > $as_of_end - interval 90 day then 4
            when registered_at > $as_of_end - interval 365 day then 5
            else 6
        end as bucket_order
    from filtered_users
    where registered_at < $as_of_end
        and not (activated_ever and (activated_at is null or activated_at < $as_of_end))
),

waiting as (
    select bucket_order, count(*) as non_activated_users
    from waiting_users
    group by bucket_order
)

select
    buckets.bucket_order,
    buckets.bucket,
    coalesce(waiting.non_activated_users, 0) as non_activated_users,
    100.0 * coalesce(waiting.non_activated_users, 0)
        / nullif(sum(waiting.non_activated_users) over (), 0) as share_pct
from buckets
left join waiting on waiting.bucket_order = buckets.bucket_order
order by buckets.bucket_order

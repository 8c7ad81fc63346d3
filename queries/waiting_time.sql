-- One row per time-since-registration bucket, always all six: the non-activated
-- users at the end of $as_of_end who registered that long before it.
-- Parameters: $as_of_end (timestamp, exclusive).
with buckets as (
    select * from (values
        (1, '0-1 days', 0, 1),
        (2, '1-7 days', 1, 7),
        (3, '7-30 days', 7, 30),
        (4, '30-90 days', 30, 90),
        (5, '90-365 days', 90, 365),
        (6, 'over a year', 365, null)
    ) as b(bucket_order, bucket, from_days, to_days)
),

waiting as (
    select epoch($as_of_end - registered_at) / 86400.0 as days_waiting,
    from filtered_users
    where registered_at < $as_of_end
        and not (activated_ever and (activated_at is null or activated_at < $as_of_end))
)

select
    buckets.bucket_order,
    buckets.bucket,
    count(waiting.days_waiting) as non_activated_users,
    100.0 * count(waiting.days_waiting)
        / nullif(sum(count(waiting.days_waiting)) over (), 0) as share_pct,
from buckets
left join waiting
    on waiting.days_waiting >= buckets.from_days
    and (buckets.to_days is null or waiting.days_waiting < buckets.to_days)
group by all
order by buckets.bucket_order

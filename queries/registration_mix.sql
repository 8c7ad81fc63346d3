-- One row per slice value (source, verified, device, referral, country): how many
-- people registered in the period [$period_start, $as_of_end) and in the period
-- before [$previous_start, $period_start). Parameters: those three timestamps.
with recent as (
    select
        source,
        verified,
        device,
        referral,
        country,
        case when registered_at >= $period_start then 1 else 0 end as in_period,
        case when registered_at < $period_start then 1 else 0 end as in_previous
    from filtered_users
    where registered_at >= $previous_start and registered_at < $as_of_end
)

select
    'source' as slice,
    source as slice_value,
    sum(in_period) as registered_now,
    sum(in_previous) as registered_before
from recent
where source is not null
group by source
union all
select
    'verified' as slice,
    verified as slice_value,
    sum(in_period) as registered_now,
    sum(in_previous) as registered_before
from recent
where verified is not null
group by verified
union all
select
    'device' as slice,
    device as slice_value,
    sum(in_period) as registered_now,
    sum(in_previous) as registered_before
from recent
where device is not null
group by device
union all
select
    'referral' as slice,
    referral as slice_value,
    sum(in_period) as registered_now,
    sum(in_previous) as registered_before
from recent
where referral is not null
group by referral
union all
select
    'country' as slice,
    country as slice_value,
    sum(in_period) as registered_now,
    sum(in_previous) as registered_before
from recent
where country is not null
group by country
order by slice, registered_now desc, slice_value

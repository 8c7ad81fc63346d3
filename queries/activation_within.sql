-- One row: of the people registered at least 30 days before $as_of_end, how many
-- became customers within 7 and within 30 days of registering (by $as_of_end).
-- Parameters: $as_of_end (timestamp, exclusive).
with observed as (
    select
        registered_at,
        activated_at
    from filtered_users
    where registered_at < $as_of_end - interval '30' day
)

select
    count(*) as registered,
    sum(
        case
            when activated_at < registered_at + interval '7' day then 1 else 0
        end
    ) as within_7_days,
    sum(
        case
            when activated_at < registered_at + interval '30' day then 1 else 0
        end
    ) as within_30_days
from observed

-- One row per sign-up group (registration week or month) and number of weeks since
-- signing up (1 to $weeks_across, at most 26): users in the group, how many had
-- bought within that many weeks of their own sign-up, and whether that can be known
-- by the as-of.
-- Parameters: $grain ('week' or 'month'), $first_cohort (timestamp: start of the
-- earliest group shown), $weeks_across (integer), $as_of_end (timestamp, exclusive).
with members as (
    -- Purchases after the as-of moment are not known yet, so they do not count.
    select
        date_trunc($grain, registered_at) as cohort_start,
        case
            when activated_ever and activated_at < $as_of_end
                then date_diff('second', registered_at, activated_at)
        end as seconds_to_buy
    from filtered_users
    where registered_at >= $first_cohort
        and registered_at < $as_of_end
),

cohorts as (
    select
        cohort_start,
        case
            when $grain = 'week' then cohort_start + interval '7' day
            else cohort_start + interval '1' month
        end as cohort_end,
        count(*) as users
    from members
    group by cohort_start
),

purchase_weeks as (
    -- Week 1 is the first seven days after signing up; a purchase made before
    -- signing up (a guest order) counts from week 1.
    select
        cohort_start,
        cast(floor(seconds_to_buy / 604800.0) as bigint) + 1 as bought_in_week,
        count(*) as buyers
    from members
    where seconds_to_buy is not null
    group by cohort_start, cast(floor(seconds_to_buy / 604800.0) as bigint) + 1
),

weeks as (
    -- A written-out list: a number series is spelled differently in every
    -- database (PostgreSQL cannot unnest one), a list of values is not.
    select weeks_since
    from (
        values
        (1), (2), (3), (4), (5), (6), (7), (8), (9),
        (10), (11), (12), (13), (14), (15), (16), (17), (18),
        (19), (20), (21), (22), (23), (24), (25), (26)
    ) as numbers (weeks_since)
    where weeks_since <= $weeks_across
),

cells as (
    select
        cohorts.cohort_start,
        weeks.weeks_since,
        cohorts.users,
        coalesce(sum(purchase_weeks.buyers), 0) as activated,
        -- Known only when the group's last member has been signed up that long.
        date_diff('second', cohorts.cohort_end, $as_of_end)
        >= weeks.weeks_since * 604800 as observable
    from cohorts
    cross join weeks
    left join purchase_weeks
        on purchase_weeks.cohort_start = cohorts.cohort_start
        and purchase_weeks.bought_in_week <= weeks.weeks_since
    group by
        cohorts.cohort_start,
        cohorts.cohort_end,
        weeks.weeks_since,
        cohorts.users
)

select
    cohort_start,
    weeks_since,
    users,
    cast(activated as bigint) as activated,
    100.0 * activated / users as activated_pct,
    observable
from cells
order by cohort_start, weeks_since

-- One row per group: users touched in [$window_start, $window_end) by channel,
-- campaign or offer (and by any touch), then the users not touched; how many of
-- them became customers within $days days after their first touch in the window
-- (after $window_start for those not touched). Parameters: $window_start,
-- $window_end, $days, $by_email (touches name people by e-mail), $no_value.
with linked_users as (
    -- People are told apart by their row in the file: one number is cheaper to
    -- group by than a text key.
    select
        row_number as person,
        case when $by_email then lower(email) else customer_id end as link_key,
        registered_at,
        activated_ever,
        activated_at
    from filtered_users
),

touches_in_window as (
    select
        linked_users.person,
        touches.touched_at,
        coalesce(touches.channel, $no_value) as channel,
        coalesce(touches.campaign, $no_value) as campaign,
        coalesce(touches.offer, $no_value) as offer
    from touches
    inner join linked_users on linked_users.link_key = touches.touch_key
    where
        touches.problem is null
        and touches.touched_at >= $window_start
        and touches.touched_at < $window_end
),

-- Each person's first touch per group; who bought when is joined after, so the
-- grouping carries one key less.
first_touches as (
    select
        'any' as group_kind,
        '' as group_value,
        person,
        min(touched_at) as first_touch_at
    from touches_in_window
    group by person
    union all
    select
        'channel' as group_kind,
        channel as group_value,
        person,
        min(touched_at) as first_touch_at
    from touches_in_window
    group by channel, person
    union all
    select
        'campaign' as group_kind,
        campaign as group_value,
        person,
        min(touched_at) as first_touch_at
    from touches_in_window
    group by campaign, person
    union all
    select
        'offer' as group_kind,
        offer as group_value,
        person,
        min(touched_at) as first_touch_at
    from touches_in_window
    group by offer, person
),

-- Someone who was already a customer when first touched has nothing to show.
touched_outcomes as (
    select
        first_touches.group_kind,
        first_touches.group_value,
        case
            when
                linked_users.activated_at >= first_touches.first_touch_at
                and linked_users.activated_at
                < first_touches.first_touch_at + $days * interval '1' day
                then 1
            else 0
        end as activated_within
    from first_touches
    inner join linked_users on linked_users.person = first_touches.person
    where not (
        linked_users.activated_ever
        and (
            linked_users.activated_at is null
            or linked_users.activated_at < first_touches.first_touch_at
        )
    )
),

touched_keys as (
    select distinct person from touches_in_window
),

untouched_outcomes as (
    select
        'untouched' as group_kind,
        '' as group_value,
        case
            when
                linked_users.activated_at >= $window_start
                and linked_users.activated_at < $window_start + $days * interval '1' day
                then 1
            else 0
        end as activated_within
    from linked_users
    left join touched_keys on touched_keys.person = linked_users.person
    where
        touched_keys.person is null
        and (linked_users.registered_at is null or linked_users.registered_at < $window_start)
        and not (
            linked_users.activated_ever
            and (
                linked_users.activated_at is null
                or linked_users.activated_at < $window_start
            )
        )
),

outcomes as (
    select group_kind, group_value, activated_within from touched_outcomes
    union all
    select group_kind, group_value, activated_within from untouched_outcomes
)

select
    group_kind,
    group_value,
    count(*) as users,
    sum(activated_within) as activated_within,
    100.0 * sum(activated_within) / count(*) as activated_pct
from outcomes
group by group_kind, group_value
order by group_kind, users desc, group_value

-- One row per group: users touched in [$window_start, $window_end) by channel,
-- campaign or offer (and by any touch), then the users not touched; how many of
-- them became customers within $days days after their first touch in the window
-- (after $window_start for those not touched). Parameters: $window_start,
-- $window_end, $days, $by_email (touches name people by e-mail), $no_value.
with linked_users as (
    select
        user_key,
        case when $by_email then lower(email) else customer_id end as link_key,
        registered_at,
        activated_ever,
        activated_at
    from filtered_users
),

touches_in_window as (
    select
        linked_users.user_key,
        linked_users.activated_ever,
        linked_users.activated_at,
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

first_touches as (
    select
        'any' as group_kind,
        '' as group_value,
        user_key,
        activated_ever,
        activated_at,
        min(touched_at) as first_touch_at
    from touches_in_window
    group by user_key, activated_ever, activated_at
    union all
    select
        'channel' as group_kind,
        channel as group_value,
        user_key,
        activated_ever,
        activated_at,
        min(touched_at) as first_touch_at
    from touches_in_window
    group by channel, user_key, activated_ever, activated_at
    union all
    select
        'campaign' as group_kind,
        campaign as group_value,
        user_key,
        activated_ever,
        activated_at,
        min(touched_at) as first_touch_at
    from touches_in_window
    group by campaign, user_key, activated_ever, activated_at
    union all
    select
        'offer' as group_kind,
        offer as group_value,
        user_key,
        activated_ever,
        activated_at,
        min(touched_at) as first_touch_at
    from touches_in_window
    group by offer, user_key, activated_ever, activated_at
),

-- Someone who was already a customer when first touched has nothing to show.
touched_outcomes as (
    select
        group_kind,
        group_value,
        case
            when
                activated_at >= first_touch_at
                and activated_at < first_touch_at + $days * interval '1' day
                then 1
            else 0
        end as activated_within
    from first_touches
    where not (activated_ever and (activated_at is null or activated_at < first_touch_at))
),

touched_keys as (
    select distinct user_key from touches_in_window
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
    left join touched_keys on touched_keys.user_key = linked_users.user_key
    where
        touched_keys.user_key is null
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

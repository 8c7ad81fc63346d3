-- One row, as definitions.sql gives it, for a team's database: there each row is one
-- person and the compared rules (slots 1 to 3) are worked out in the same row, as
-- columns activated_ever_<n> and activated_at_<n> of filtered_users, so no side
-- table is joined. The counts that follow are definitions.sql's own.
-- Parameters: $as_of_end (timestamp, exclusive).
with registered as (
    select
        activated_ever_1,
        activated_at_1,
        activated_ever_2,
        activated_at_2,
        activated_ever_3,
        activated_at_3
    from filtered_users
    where registered_at is null or registered_at < $as_of_end
),

verdicts as (
    select
        case
            when registered.activated_ever_1
                and (
                    registered.activated_at_1 is null
                    or registered.activated_at_1 < $as_of_end
                )
                then 1
            else 0
        end as customer_1,
        case
            when registered.activated_ever_2
                and (
                    registered.activated_at_2 is null
                    or registered.activated_at_2 < $as_of_end
                )
                then 1
            else 0
        end as customer_2,
        case
            when registered.activated_ever_3
                and (
                    registered.activated_at_3 is null
                    or registered.activated_at_3 < $as_of_end
                )
                then 1
            else 0
        end as customer_3
    from registered
)

select
    count(*) as all_users,
    coalesce(sum(customer_1), 0) as activated_1,
    coalesce(sum(customer_2), 0) as activated_2,
    coalesce(sum(customer_3), 0) as activated_3,
    coalesce(sum(customer_1 * (1 - customer_2)), 0) as activated_1_not_2,
    coalesce(sum(customer_2 * (1 - customer_1)), 0) as activated_2_not_1,
    coalesce(sum(customer_1 * (1 - customer_3)), 0) as activated_1_not_3,
    coalesce(sum(customer_3 * (1 - customer_1)), 0) as activated_3_not_1,
    coalesce(sum(customer_2 * (1 - customer_3)), 0) as activated_2_not_3,
    coalesce(sum(customer_3 * (1 - customer_2)), 0) as activated_3_not_2,
    coalesce(sum(customer_1 * (1 - customer_2) * (1 - customer_3)), 0) as only_1,
    coalesce(sum(customer_2 * (1 - customer_1) * (1 - customer_3)), 0) as only_2,
    coalesce(sum(customer_3 * (1 - customer_1) * (1 - customer_2)), 0) as only_3
from verdicts

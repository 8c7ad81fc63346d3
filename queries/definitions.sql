-- One row: users registered by the as-of moment; how many each compared rule (slots
-- 1 to 3 of the side table rule_flags) counts as customers by then; for each ordered
-- pair of rules, how many the first counts and the second does not; and how many
-- only one rule counts. An unused slot counts nobody.
-- Parameters: $as_of_end (timestamp, exclusive).
with registered as (
    select row_number
    from filtered_users
    where registered_at is null or registered_at < $as_of_end
),

verdicts as (
    select
        case
            when rule_flags.activated_ever_1
                and (
                    rule_flags.activated_at_1 is null
                    or rule_flags.activated_at_1 < $as_of_end
                )
                then 1
            else 0
        end as customer_1,
        case
            when rule_flags.activated_ever_2
                and (
                    rule_flags.activated_at_2 is null
                    or rule_flags.activated_at_2 < $as_of_end
                )
                then 1
            else 0
        end as customer_2,
        case
            when rule_flags.activated_ever_3
                and (
                    rule_flags.activated_at_3 is null
                    or rule_flags.activated_at_3 < $as_of_end
                )
                then 1
            else 0
        end as customer_3
    from registered
    left join rule_flags on rule_flags.user_row = registered.row_number
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

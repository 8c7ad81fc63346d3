-- One row: how many customers by $as_of_end have a first-order value, and the
-- mean, lower quartile, median and upper quartile of those values.
-- Parameters: $as_of_end (timestamp, exclusive).
with customers as (
    select first_order_value
    from filtered_users
    where (registered_at is null or registered_at < $as_of_end)
        and activated_ever
        and (activated_at is null or activated_at < $as_of_end)
        and first_order_value is not null
)

select
    count(*) as customers_with_value,
    avg(first_order_value) as mean_value,
    percentile_cont(0.25) within group (order by first_order_value) as lower_quartile,
    percentile_cont(0.5) within group (order by first_order_value) as median_value,
    percentile_cont(0.75) within group (order by first_order_value) as upper_quartile
from customers

-- One row per non-activated user at the end of $as_of_end, newest registration
-- first, a page at a time.
-- Parameters: $as_of_end (timestamp, exclusive), $marketing_only (boolean),
-- $page_size and $page_offset (integers; a null page size returns every row).
select
    customer_id,
    email,
    display_name,
    registered_at,
    accepts_marketing,
    first_order_value,
    source, verified, device, referral, country,
    extra_1, extra_2, extra_3, extra_4, extra_5, extra_6, extra_7, extra_8
from filtered_users
where (registered_at is null or registered_at < $as_of_end)
    and not (activated_ever and (activated_at is null or activated_at < $as_of_end))
    and (not $marketing_only or accepts_marketing)
order by registered_at desc nulls last, row_number
limit $page_size offset $page_offset

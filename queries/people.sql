-- One row per non-activated user at the end of $as_of_end, newest registration
-- first, a page at a time. Slice columns are stored compactly: cast back to text.
-- Parameters: $as_of_end (timestamp, exclusive), $marketing_only (boolean),
-- $page_size and $page_offset (integers; a null page size returns every row).
select
    customer_id,
    email,
    display_name,
    registered_at,
    accepts_marketing,
    first_order_value,
    cast(source as varchar) as source,
    cast(verified as varchar) as verified,
    cast(device as varchar) as device,
    cast(referral as varchar) as referral,
    cast(country as varchar) as country,
    cast(extra_1 as varchar) as extra_1,
    cast(extra_2 as varchar) as extra_2,
    cast(extra_3 as varchar) as extra_3,
    cast(extra_4 as varchar) as extra_4,
    cast(extra_5 as varchar) as extra_5,
    cast(extra_6 as varchar) as extra_6,
    cast(extra_7 as varchar) as extra_7,
    cast(extra_8 as varchar) as extra_8
from filtered_users
where (registered_at is null or registered_at < $as_of_end)
    and not (activated_ever and (activated_at is null or activated_at < $as_of_end))
    and (not $marketing_only or accepts_marketing)
order by registered_at desc nulls last, row_number
limit $page_size offset $page_offset

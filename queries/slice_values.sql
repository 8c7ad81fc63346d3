-- One row per slice and value across all users, with how many users have it:
-- the choices offered by the filters.
-- Parameters: none.
with long as (
    unpivot (
        select
            source, verified, device, referral, country,
            extra_1, extra_2, extra_3, extra_4, extra_5, extra_6, extra_7, extra_8,
        from users
    )
    on source, verified, device, referral, country,
        extra_1, extra_2, extra_3, extra_4, extra_5, extra_6, extra_7, extra_8
    into name slice value slice_value
)

select slice, slice_value, count(*) as users,
from long
group by all
order by slice, users desc, slice_value

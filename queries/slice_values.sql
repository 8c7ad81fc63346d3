-- One row per slice and value across all users, with how many users have it:
-- the choices offered by the filters.
-- Parameters: none.
-- One pass with grouping sets instead of UNPIVOT, which few databases have. A
-- slice the file has no column for is null throughout and is left out.
with grouped as (
    select
        case
            when grouping(source) = 0 then 'source'
            when grouping(verified) = 0 then 'verified'
            when grouping(device) = 0 then 'device'
            when grouping(referral) = 0 then 'referral'
            when grouping(country) = 0 then 'country'
            when grouping(extra_1) = 0 then 'extra_1'
            when grouping(extra_2) = 0 then 'extra_2'
            when grouping(extra_3) = 0 then 'extra_3'
            when grouping(extra_4) = 0 then 'extra_4'
            when grouping(extra_5) = 0 then 'extra_5'
            when grouping(extra_6) = 0 then 'extra_6'
            when grouping(extra_7) = 0 then 'extra_7'
            when grouping(extra_8) = 0 then 'extra_8'
        end as slice,
        coalesce(
            source, verified, device, referral, country,
            extra_1, extra_2, extra_3, extra_4, extra_5, extra_6, extra_7, extra_8
        ) as slice_value,
        count(*) as users
    from users
    group by grouping sets (
        (source),
        (verified),
        (device),
        (referral),
        (country),
        (extra_1),
        (extra_2),
        (extra_3),
        (extra_4),
        (extra_5),
        (extra_6),
        (extra_7),
        (extra_8)
    )
)

select slice, slice_value, users
from grouped
where slice_value is not null
order by slice, users desc, slice_value

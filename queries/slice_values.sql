-- One row per slice and value across all users, with how many users have it:
-- the choices offered by the filters.
-- Parameters: none.
-- One pass with grouping sets; grouping() tells which slice a row belongs to.
-- Slice columns are stored compactly, so their values are cast back to text.
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
        case
            when grouping(source) = 0 then cast(source as varchar)
            when grouping(verified) = 0 then cast(verified as varchar)
            when grouping(device) = 0 then cast(device as varchar)
            when grouping(referral) = 0 then cast(referral as varchar)
            when grouping(country) = 0 then cast(country as varchar)
            when grouping(extra_1) = 0 then cast(extra_1 as varchar)
            when grouping(extra_2) = 0 then cast(extra_2 as varchar)
            when grouping(extra_3) = 0 then cast(extra_3 as varchar)
            when grouping(extra_4) = 0 then cast(extra_4 as varchar)
            when grouping(extra_5) = 0 then cast(extra_5 as varchar)
            when grouping(extra_6) = 0 then cast(extra_6 as varchar)
            when grouping(extra_7) = 0 then cast(extra_7 as varchar)
            when grouping(extra_8) = 0 then cast(extra_8 as varchar)
        end as slice_value,
        count(*) as users
    from users
    group by grouping sets (
        (source), (verified), (device), (referral), (country),
        (extra_1), (extra_2), (extra_3), (extra_4), (extra_5), (extra_6), (extra_7),
        (extra_8)
    )
)

-- A slice the file has no column for is null throughout: one row without a value.
select slice, slice_value, users
from grouped
where slice_value is not null
order by slice, users desc, slice_value

-- One row: how many people the People page lists (see people.sql).
-- Parameters: $as_of_end (timestamp, exclusive), $marketing_only (boolean).
select count(*) as people
from filtered_users
where (registered_at is null or registered_at < $as_of_end)
    and not (activated_ever and (activated_at is null or activated_at < $as_of_end))
    and (not $marketing_only or accepts_marketing)

-- One row per distinct free-text answer of the people who had not bought by
-- $as_of_end, with how many of them wrote it; empty answers are left out.
-- Parameters: $as_of_end (timestamp, exclusive).
select
    feedback,
    count(*) as people
from filtered_users
where
    feedback is not null
    and (registered_at is null or registered_at < $as_of_end)
    and not (activated_ever and (activated_at is null or activated_at < $as_of_end))
group by feedback
order by people desc, feedback

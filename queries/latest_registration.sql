-- One row: the latest registration among the users (null when nobody has a date),
-- for judging how fresh the data is.
-- Parameters: none.
select max(registered_at) as latest_registered
from filtered_users

-- A user's saved searches: a list page's address with its filters, under a name the user chose. Each
-- user sees only their own; opening one runs the list again with the access rules of the day.
CREATE TABLE saved_searches (
  id bigserial PRIMARY KEY,
  username text NOT NULL REFERENCES users (username) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  path text NOT NULL,
  query text NOT NULL DEFAULT '' CHECK (length(query) <= 1000),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (username, name)
);

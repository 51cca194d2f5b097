-- Detection's sweep of each day's presence (src/detect/day-sweep.ts), kept so that a nightly run sweeps
-- only the new day and combines the window's kept days. An import that changes a day's presence bumps
-- the day's generation and forgets its sweep in its own transaction; a sweep is stored only if the
-- generation it read is still the day's, so a sweep of data an import has since changed is never kept.
CREATE TABLE presence_day_sweeps (
  establishment text NOT NULL REFERENCES establishments (code) ON DELETE CASCADE,
  day date NOT NULL,
  generation integer NOT NULL DEFAULT 0,
  -- What the sweep was made with (the establishment's locations, the counted kinds), hashed: a change
  -- to either makes every kept day of the establishment stale.
  basis text,
  sweep bytea,
  swept_at timestamptz,
  PRIMARY KEY (establishment, day)
);

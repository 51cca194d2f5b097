-- Protecting staff who report under their own name: a watch with regular check-ins for at least 90
-- days, and flags when their posting or shifts change in that time (measured against a baseline).
CREATE TABLE retaliation_watches (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  staff_id text NOT NULL REFERENCES staff (staff_id),
  report_id text REFERENCES intelligence (report_id),
  started_on date NOT NULL,
  ends_on date NOT NULL,
  interval_days integer NOT NULL CHECK (interval_days BETWEEN 7 AND 31),
  -- Posting and shift pattern when the watch started.
  baseline jsonb NOT NULL,
  created_by text NOT NULL,
  CHECK (ends_on >= started_on + 90)
);
CREATE INDEX retaliation_watches_staff ON retaliation_watches (staff_id);

CREATE TABLE retaliation_checkins (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  watch_id bigint NOT NULL REFERENCES retaliation_watches ON DELETE CASCADE,
  done_on date NOT NULL,
  done_by text NOT NULL,
  note text NOT NULL
);
CREATE INDEX retaliation_checkins_watch ON retaliation_checkins (watch_id, done_on);

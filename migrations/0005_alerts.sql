-- Detection runs and the alerts they raise. One row per (method, establishment, member of staff):
-- a rerun updates it, so alerts are never duplicated, and the analyst's disposition is kept.

CREATE TABLE detection_runs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  establishment text NOT NULL REFERENCES establishments (code),
  window_from timestamptz NOT NULL,
  window_to timestamptz NOT NULL,
  config_version text NOT NULL,
  budget text NOT NULL,
  actor text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  candidates integer NOT NULL,
  raised integer NOT NULL
);

CREATE TABLE alerts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- engine: probity's risk score; baseline: the threshold rules, kept for comparison.
  method text NOT NULL CHECK (method IN ('engine', 'baseline')),
  establishment text NOT NULL REFERENCES establishments (code),
  staff_id text NOT NULL REFERENCES staff (staff_id),
  -- The pair's other person (prisoner:… or pop:…), or NULL for a staff-level alert.
  subject text,
  rank integer NOT NULL,
  score double precision NOT NULL,
  severity text NOT NULL CHECK (severity IN ('high', 'medium', 'low')),
  indicators text[] NOT NULL,
  summary text NOT NULL,
  explanation jsonb NOT NULL,
  config_version text NOT NULL,
  run_id bigint NOT NULL REFERENCES detection_runs (id),
  -- Within the establishment's alert budget at the latest run: shown in the queue.
  raised boolean NOT NULL,
  status text NOT NULL DEFAULT 'needs_review'
    CHECK (status IN ('needs_review', 'confirmed', 'dismissed', 'resolved')),
  disposition_reason text,
  disposed_by text,
  disposed_at timestamptz,
  first_raised_at timestamptz,
  updated_at timestamptz NOT NULL,
  UNIQUE (method, establishment, staff_id),
  CHECK (status <> 'dismissed' OR disposition_reason IS NOT NULL)
);
CREATE INDEX alerts_queue ON alerts (establishment, method, raised, rank);
CREATE INDEX alerts_staff ON alerts (staff_id);

-- Subjects of raised alerts are pseudonymised too.
CREATE OR REPLACE VIEW staff_subjects AS
  SELECT substr(s, 7) AS staff_id
  FROM intelligence, unnest(subjects) AS s
  WHERE s LIKE 'staff:%'
  UNION
  SELECT staff_id FROM alerts WHERE method = 'engine' AND raised;

-- Oversight: the commentary a manager writes for an annual report ("what changed and why"), and the
-- inspection recommendations tracker (inspections and reviews, their recommendations, the response,
-- the action plan, and what follow-up found).

-- Keyed by the report's scope (an establishment's code, or `estate`) and year (`2025` or `2025/26`).
CREATE TABLE annual_report_commentary (
  scope text NOT NULL,
  year text NOT NULL,
  commentary text NOT NULL CHECK (length(commentary) BETWEEN 1 AND 10000),
  written_by text NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, year)
);

-- An inspection or review. An urgent notification starts the statutory clock: the Secretary of State
-- responds within 28 days of its publication (`response_due_on`).
CREATE TABLE inspections (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  establishment text REFERENCES establishments (code),
  body text NOT NULL CHECK (body IN ('hmip', 'hmi_probation', 'imb', 'internal_audit', 'urgent_notification', 'other')),
  title text NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
  published_on date NOT NULL,
  response_due_on date,
  responded_on date,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (responded_on IS NULL OR responded_on >= published_on)
);
CREATE INDEX inspections_establishment ON inspections (establishment, published_on);

CREATE TABLE recommendations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inspection_id bigint NOT NULL REFERENCES inspections ON DELETE CASCADE,
  ref text NOT NULL CHECK (length(ref) BETWEEN 1 AND 20),
  priority text NOT NULL CHECK (priority IN ('priority_concern', 'key_concern', 'recommendation')),
  area text NOT NULL CHECK (length(area) BETWEEN 1 AND 100),
  text text NOT NULL CHECK (length(text) BETWEEN 3 AND 4000),
  response text CHECK (response IN ('accepted', 'partly_accepted', 'not_accepted')),
  response_note text,
  responded_by text,
  owner text,
  UNIQUE (inspection_id, ref)
);

-- The action plan: each action with its owner, due date, and the evidence it was done.
CREATE TABLE recommendation_actions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  recommendation_id bigint NOT NULL REFERENCES recommendations ON DELETE CASCADE,
  action text NOT NULL CHECK (length(action) BETWEEN 3 AND 2000),
  owner text NOT NULL CHECK (length(owner) BETWEEN 1 AND 100),
  due_on date NOT NULL,
  done_on date,
  evidence text,
  CHECK ((done_on IS NULL) = (evidence IS NULL))
);

-- A progress check or follow-up inspection, and the status it found.
CREATE TABLE recommendation_checks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  recommendation_id bigint NOT NULL REFERENCES recommendations ON DELETE CASCADE,
  checked_on date NOT NULL,
  status text NOT NULL CHECK (status IN ('achieved', 'partly_achieved', 'not_achieved')),
  note text,
  checked_by text NOT NULL
);
CREATE INDEX recommendation_checks_recommendation ON recommendation_checks (recommendation_id, checked_on);

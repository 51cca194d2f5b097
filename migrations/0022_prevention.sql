-- Prevention: declarations made by staff themselves in probity and decided by a manager, and planned
-- searches whose draw is committed to before the day and can be re-run by anyone after it.

-- A declaration a member of staff makes in probity (imported ones stay in `declarations`, which an import
-- replaces). Decided by a manager with conditions and a review date.
CREATE TABLE staff_declarations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  staff_id text NOT NULL REFERENCES staff (staff_id),
  declared_by text NOT NULL,
  declared_at timestamptz NOT NULL DEFAULT now(),
  kind text NOT NULL CHECK (kind IN ('relationship', 'association', 'secondary_employment', 'gift', 'other')),
  -- The record the declaration is about (`prisoner:A1234BC`, `pop:X123456`), when it is about a person.
  subject text,
  details text NOT NULL CHECK (length(details) BETWEEN 3 AND 2000),
  decision text NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending', 'approved', 'restricted', 'refused')),
  conditions text,
  review_on date,
  decided_by text,
  decided_at timestamptz,
  CHECK ((decision = 'pending') = (decided_at IS NULL))
);
CREATE INDEX staff_declarations_staff ON staff_declarations (staff_id);
CREATE INDEX staff_declarations_pending ON staff_declarations (declared_at) WHERE decision = 'pending';

-- A day's searches at one establishment. `commitment` (SHA-256 of the secret seed) and `input_hash`
-- (SHA-256 of the rota, targets and risk weights drawn from) are published when the plan is made, before
-- the day; `seed` is revealed after it, so anyone can re-run the draw and compare it with `selection`.
CREATE TABLE search_plans (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  establishment text NOT NULL REFERENCES establishments (code),
  day date NOT NULL,
  rules_version text NOT NULL,
  rules jsonb NOT NULL,
  input jsonb NOT NULL,
  input_hash text NOT NULL CHECK (input_hash ~ '^[0-9a-f]{64}$'),
  commitment text NOT NULL CHECK (commitment ~ '^[0-9a-f]{64}$'),
  seed text NOT NULL CHECK (seed ~ '^[0-9a-f]{64}$'),
  revealed_at timestamptz,
  selection jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (establishment, day)
);

-- What happened to each drawn search: searched (with or without finds), refused, or not done and why.
CREATE TABLE search_outcomes (
  plan_id bigint NOT NULL REFERENCES search_plans (id),
  kind text NOT NULL CHECK (kind IN ('staff_entry', 'cell', 'area')),
  target text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('searched', 'refused', 'not_done')),
  -- What was found, one item kind each (the dataset's finds items); empty when nothing was.
  finds text[] NOT NULL DEFAULT '{}',
  note text,
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  -- Where and when the finds were made: they count as finds for detection.
  location text REFERENCES locations (code),
  searched_at timestamptz,
  PRIMARY KEY (plan_id, kind, target),
  CHECK (outcome = 'searched' OR cardinality(finds) = 0)
);

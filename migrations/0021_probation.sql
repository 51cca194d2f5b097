-- Probation: the person's risk of serious harm level (an optional column of people_on_probation.csv),
-- licence breaches, recalls, conflicts of interest found between an officer and a person, and police
-- liaison. A probation officer signs in with their own role and sees their caseload.
ALTER TABLE people_on_probation
  ADD COLUMN risk_level text CHECK (risk_level IN ('low', 'medium', 'high', 'very_high'));

ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('reporter', 'security_analyst', 'ccu_analyst',
  'ccu_investigator', 'ccu_manager', 'probation_officer', 'probation_manager', 'oversight', 'auditor', 'admin'));

-- A breach of a licence condition: recorded by a user with its evidence, or taken from an imported
-- probation contact (a failure to attend) when a user confirms it.
CREATE TABLE licence_breaches (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  crn text NOT NULL REFERENCES people_on_probation (crn),
  condition_code text NOT NULL CHECK (length(condition_code) BETWEEN 1 AND 40),
  occurred_at timestamptz NOT NULL,
  description text NOT NULL CHECK (length(description) BETWEEN 3 AND 2000),
  evidence text NOT NULL CHECK (length(evidence) BETWEEN 3 AND 4000),
  -- The imported contact it came from, if any: a contact is never made a breach twice.
  contact_staff_id text,
  contact_start timestamptz,
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'warning', 'recall', 'no_further_action')),
  closed_by text,
  closed_at timestamptz,
  CHECK ((contact_staff_id IS NULL) = (contact_start IS NULL)),
  UNIQUE (crn, contact_staff_id, contact_start)
);
CREATE INDEX licence_breaches_open ON licence_breaches (crn) WHERE status = 'open';

-- A recall from a breach: the request, the recall report (Part A), the authorising manager's decision,
-- the dates the process must meet and the outcome. `responsible_staff_id` prepares the report: the
-- supervising officer, unless a conflict of interest routed it to another officer (`routed_reasons`).
CREATE TABLE recalls (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  crn text NOT NULL REFERENCES people_on_probation (crn),
  breach_id bigint NOT NULL REFERENCES licence_breaches (id),
  recall_type text NOT NULL CHECK (recall_type IN ('standard', 'emergency')),
  requested_by text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  supervising_staff_id text NOT NULL REFERENCES staff (staff_id),
  responsible_staff_id text NOT NULL REFERENCES staff (staff_id),
  routed_reasons text[] NOT NULL DEFAULT '{}',
  -- The named manager the police contact about this recall.
  police_contact text NOT NULL,
  report_circumstances text,
  report_risk text CHECK (report_risk IN ('low', 'medium', 'high', 'very_high')),
  report_alternatives text,
  report_address text,
  report_completed_at timestamptz,
  decision text CHECK (decision IN ('authorised', 'not_authorised')),
  decision_reason text,
  decided_by text,
  decided_at timestamptz,
  submitted_at timestamptz,
  revocation_issued_at timestamptz,
  returned_at timestamptz,
  outcome text CHECK (outcome IN ('returned_to_custody', 'not_recalled', 'withdrawn')),
  review_completed_at timestamptz,
  closed_at timestamptz
);
CREATE INDEX recalls_crn ON recalls (crn);
CREATE UNIQUE INDEX recalls_one_open_per_breach ON recalls (breach_id) WHERE closed_at IS NULL;

-- What the conflict check found between an officer and a person, kept so that cases about the person
-- are withheld from the officer too.
CREATE TABLE probation_conflicts (
  crn text NOT NULL REFERENCES people_on_probation (crn),
  staff_id text NOT NULL REFERENCES staff (staff_id),
  reasons text[] NOT NULL,
  found_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (crn, staff_id)
);

-- Requests from and disclosures to the police about a person on probation, a recall or a case.
CREATE TABLE police_contacts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  crn text REFERENCES people_on_probation (crn),
  case_id bigint REFERENCES cases (id),
  recall_id bigint REFERENCES recalls (id),
  at timestamptz NOT NULL,
  direction text NOT NULL CHECK (direction IN ('request_received', 'information_shared', 'request_made')),
  force text NOT NULL CHECK (length(force) BETWEEN 2 AND 200),
  police_officer text NOT NULL CHECK (length(police_officer) BETWEEN 2 AND 200),
  what text NOT NULL CHECK (length(what) BETWEEN 3 AND 4000),
  handling_code text NOT NULL CHECK (handling_code IN ('P', 'C')),
  handling_conditions text,
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CHECK (crn IS NOT NULL OR case_id IS NOT NULL)
);
CREATE INDEX police_contacts_crn ON police_contacts (crn);
CREATE INDEX police_contacts_case ON police_contacts (case_id);

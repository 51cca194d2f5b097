-- Investigations: cases from referral to outcome, with their decision log, people, access lists,
-- plan, restrictions, structured outcomes (the statistics are built on them) and evidence.
CREATE TABLE cases (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  reference text NOT NULL UNIQUE,
  title text NOT NULL,
  origin text NOT NULL CHECK (origin IN ('alert', 'intelligence', 'portal', 'manual')),
  origin_ref text,
  referral_source text,
  priority text NOT NULL CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
  stage text NOT NULL DEFAULT 'referral'
    CHECK (stage IN ('referral', 'assessment', 'investigation', 'outcome', 'closed')),
  assessment_decision text
    CHECK (assessment_decision IN ('no_further_action', 'local_management', 'ccu_investigation', 'police_referral')),
  establishments text[] NOT NULL DEFAULT '{}',
  owner text NOT NULL,
  owner_confirmed_at timestamptz,
  team text,
  -- Only the named team (and the owner) may see a restricted case.
  restricted_to_team boolean NOT NULL DEFAULT false,
  stage_due_on date NOT NULL,
  opened_at timestamptz NOT NULL,
  closed_at timestamptz,
  created_by text NOT NULL
);
CREATE INDEX cases_stage ON cases (stage, stage_due_on);

CREATE TABLE case_subjects (
  case_id bigint NOT NULL REFERENCES cases ON DELETE CASCADE,
  subject text NOT NULL,
  -- subject: under investigation (staff); involved: prisoners and others.
  role text NOT NULL CHECK (role IN ('subject', 'involved')),
  PRIMARY KEY (case_id, subject)
);
CREATE INDEX case_subjects_subject ON case_subjects (subject);

CREATE TABLE case_allegations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('inappropriate_relationship', 'trafficking', 'information_disclosure', 'other')),
  staff_id text NOT NULL,
  details text
);

CREATE TABLE case_decisions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases ON DELETE CASCADE,
  at timestamptz NOT NULL,
  by text NOT NULL,
  from_stage text,
  to_stage text NOT NULL,
  decision text,
  reason text NOT NULL
);
CREATE INDEX case_decisions_case ON case_decisions (case_id, id);

CREATE TABLE teams (
  team text NOT NULL,
  username text NOT NULL REFERENCES users ON DELETE CASCADE,
  PRIMARY KEY (team, username)
);

CREATE TABLE case_denied (
  case_id bigint NOT NULL REFERENCES cases ON DELETE CASCADE,
  username text NOT NULL,
  PRIMARY KEY (case_id, username)
);

CREATE TABLE case_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('action', 'interview', 'note')),
  body text NOT NULL,
  owner text,
  due_on date,
  done_on date,
  written_by text NOT NULL,
  written_at timestamptz NOT NULL
);

CREATE TABLE case_restrictions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases ON DELETE CASCADE,
  staff_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('suspension', 'non_prisoner_facing')),
  from_date date NOT NULL,
  to_date date,
  CHECK (to_date IS NULL OR to_date >= from_date)
);

CREATE TABLE case_outcomes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases ON DELETE CASCADE,
  staff_id text NOT NULL,
  allegation_id bigint REFERENCES case_allegations ON DELETE CASCADE,
  track text NOT NULL CHECK (track IN ('disciplinary', 'police')),
  result text NOT NULL CHECK (result IN ('no_case_to_answer', 'management_action', 'written_warning',
    'final_written_warning', 'dismissal', 'left_before_outcome', 'referred', 'no_further_action', 'charged',
    'convicted', 'acquitted')),
  decided_on date NOT NULL
);

CREATE TABLE evidence (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases,
  filename text NOT NULL,
  content_type text NOT NULL,
  size bigint NOT NULL,
  sha256 text NOT NULL,
  -- Relative to the evidence folder.
  storage_path text NOT NULL UNIQUE,
  added_by text NOT NULL,
  added_at timestamptz NOT NULL,
  description text
);

-- Chain of custody: every handling of an exhibit. Append-only like the audit trail.
CREATE TABLE custody_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  evidence_id bigint NOT NULL REFERENCES evidence,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL CHECK (action IN ('upload', 'view', 'download', 'export', 'handover', 'verify')),
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE TRIGGER custody_log_append_only BEFORE UPDATE OR DELETE ON custody_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE SEQUENCE case_number;

-- Staff under investigation are pseudonymised too.
CREATE OR REPLACE VIEW staff_subjects AS
  SELECT substr(s, 7) AS staff_id
  FROM intelligence, unnest(subjects) AS s
  WHERE s LIKE 'staff:%'
  UNION
  SELECT staff_id FROM alerts WHERE method = 'engine' AND raised
  UNION
  SELECT substr(subject, 7) FROM case_subjects WHERE subject LIKE 'staff:%';

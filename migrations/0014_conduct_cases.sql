-- conduct_cases.csv (dataset format): misconduct cases from the systems before probity or another unit,
-- one row per case, member of staff and allegation, so that statistics can cover the years before it.
CREATE TABLE conduct_cases (
  case_ref text NOT NULL,
  staff_id text NOT NULL REFERENCES staff (staff_id),
  opened date NOT NULL,
  allegation text NOT NULL CHECK (allegation IN ('inappropriate_relationship', 'trafficking', 'information_disclosure', 'dishonesty', 'assault', 'bullying_harassment', 'other')),
  outcome text NOT NULL CHECK (outcome IN ('pending', 'no_case_to_answer', 'not_proven', 'management_action', 'written_warning', 'final_written_warning', 'dismissal', 'resigned_before_outcome')),
  outcome_date date,
  police text CHECK (police IN ('none', 'referred', 'charged', 'convicted', 'acquitted')),
  CHECK (outcome = 'pending' OR outcome_date IS NOT NULL),
  CHECK (outcome_date IS NULL OR outcome_date >= opened),
  PRIMARY KEY (case_ref, staff_id, allegation)
);
CREATE INDEX conduct_cases_staff ON conduct_cases (staff_id, opened);
CREATE INDEX conduct_cases_outcome_date ON conduct_cases (outcome_date) WHERE outcome_date IS NOT NULL;

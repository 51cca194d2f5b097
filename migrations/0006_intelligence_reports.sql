-- Intelligence reports submitted in probity by staff, beside those imported from intelligence.csv:
-- a submitted report is new (ungraded) until a security analyst or the CCU grades it 3x5x2.
ALTER TABLE intelligence
  ALTER COLUMN submitted_by DROP NOT NULL,
  ALTER COLUMN source_evaluation DROP NOT NULL,
  ALTER COLUMN intelligence_assessment DROP NOT NULL,
  ALTER COLUMN handling_code DROP NOT NULL,
  ADD COLUMN status text NOT NULL DEFAULT 'graded'
    CHECK (status IN ('new', 'graded', 'actioned', 'no_further_action')),
  ADD COLUMN origin text NOT NULL DEFAULT 'import' CHECK (origin IN ('import', 'staff')),
  -- The probity account that submitted it (reporters without a staff record have none there).
  ADD COLUMN submitted_by_user text,
  ADD COLUMN location_text text,
  ADD COLUMN occurred_on date,
  ADD COLUMN sanitised_text text,
  ADD COLUMN graded_by text,
  ADD COLUMN graded_at timestamptz,
  ADD COLUMN outcome_note text,
  ADD COLUMN outcome_by text,
  ADD COLUMN outcome_at timestamptz,
  ADD CONSTRAINT intelligence_graded CHECK (
    status = 'new' OR (source_evaluation IS NOT NULL AND intelligence_assessment IS NOT NULL AND handling_code IS NOT NULL)),
  ADD CONSTRAINT intelligence_conditions CHECK (handling_code IS DISTINCT FROM 'C' OR handling_conditions IS NOT NULL);

CREATE INDEX intelligence_status ON intelligence (status, submitted_at);
CREATE INDEX intelligence_submitted_by_user ON intelligence (submitted_by_user) WHERE submitted_by_user IS NOT NULL;
CREATE SEQUENCE intelligence_report_number;

-- Each day's roll counts reconciled against that day's records (src/accountability/counted-days.ts),
-- kept so that detection's nightly run reconciles only the new day. An import that changes what a day's
-- reconciliation reads (prisoners' presence, cell allocations, movements, roll counts) forgets the
-- establishment's kept days from its earliest record on and bumps the establishment's epoch, in its own
-- transaction; a day is kept only under the epoch it was read in, so data an import has since changed
-- is never kept.
CREATE TABLE roll_count_days (
  establishment text NOT NULL REFERENCES establishments (code) ON DELETE CASCADE,
  day date NOT NULL,
  -- What the reconciliation was made with (the establishment's wings and gates), hashed.
  basis text NOT NULL,
  reconciled jsonb NOT NULL,
  PRIMARY KEY (establishment, day)
);

CREATE TABLE roll_count_epochs (
  establishment text PRIMARY KEY REFERENCES establishments (code) ON DELETE CASCADE,
  epoch integer NOT NULL DEFAULT 0
);

-- Who works an alert: one analyst at a time, with who gave it to them and when. NULL assignee: nobody
-- yet. Every change is also in the audit trail (alert.assign, with from and to); these columns hold only
-- the current state, for the queue's "Assigned to" and its filter. An account is never deleted (it is
-- disabled), so an assignee always names a row of users.
ALTER TABLE alerts
  ADD COLUMN assignee text REFERENCES users (username),
  ADD COLUMN assigned_by text REFERENCES users (username),
  ADD COLUMN assigned_at timestamptz,
  ADD CONSTRAINT alerts_assignment_whole CHECK ((assignee IS NULL) = (assigned_by IS NULL AND assigned_at IS NULL));

-- The home page counts an analyst's alerts awaiting review; the queue filters by assignee.
CREATE INDEX alerts_assignee ON alerts (assignee) WHERE assignee IS NOT NULL;

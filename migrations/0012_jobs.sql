-- Background jobs that the server runs for an administrator (an import, a detection run): each is a
-- probity command with its arguments, run inside the server, its output and progress kept here.
CREATE TABLE jobs (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('import', 'detect')),
  args jsonb NOT NULL,
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'interrupted')),
  requested_by text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  exit_code integer,
  progress text,
  output text NOT NULL DEFAULT ''
);
CREATE INDEX jobs_requested_at ON jobs (requested_at DESC);

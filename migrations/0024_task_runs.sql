-- Tasks run by workers (src/workers): detecting one establishment, importing a dataset folder, rebuilding
-- the link graph. One row per task from the moment it is queued, kept after it ends, so that
-- administrators see runs and failures. On PostgreSQL the queue itself (waiting tasks, retries, the
-- dead-letter list) is pg-boss's, and a row's id is its pg-boss job id; on the embedded database tasks
-- run in the process that asks for them.
CREATE TABLE task_runs (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('detect', 'import', 'graph')),
  -- What the task is about, for people: an establishment's code, a folder.
  subject text NOT NULL DEFAULT '',
  args jsonb NOT NULL,
  -- The set of tasks asked for together (`probity detect --all`, a nightly run), to follow as one.
  batch text NOT NULL,
  state text NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'running', 'retrying', 'succeeded', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  -- Which process runs or ran it (host:pid), and the last error when an attempt failed.
  worker text,
  error text,
  result jsonb,
  requested_by text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX task_runs_requested ON task_runs (requested_at DESC);
CREATE INDEX task_runs_batch ON task_runs (batch);
-- Running tasks are checked for a worker that has gone (src/workers/liveness.ts).
CREATE INDEX task_runs_running ON task_runs (id) WHERE state = 'running';
-- A batch's link graph is rebuilt once, after its detection tasks (src/workers/attempt.ts).
CREATE UNIQUE INDEX task_runs_one_graph_per_batch ON task_runs (batch) WHERE kind = 'graph';

-- Imports in progress (src/import/runs.ts). A file's validated rows are staged in checkpoints into a
-- staging table of its own (import_staging_<id>), each checkpoint committed with this row, so that an
-- import that was killed resumes where it stopped; the rows reach the record type's table only in the
-- last transaction, which also drops the staging table and this row. At most one run per record type.
CREATE TABLE import_runs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  record_type text NOT NULL UNIQUE,
  -- The file as found (presence.csv or presence.csv.gz) and what identifies its contents: size,
  -- modification time and a hash of its first and last 64 KiB. Another file starts a new run.
  file text NOT NULL,
  identity text NOT NULL,
  staging text NOT NULL,
  -- Known from the first checkpoint: the header, rows read and where reading resumes (a byte offset in
  -- the decompressed text, at the start of a record, and that record's line).
  header text[],
  rows bigint NOT NULL DEFAULT 0,
  next_offset bigint NOT NULL DEFAULT 0,
  next_line bigint NOT NULL DEFAULT 1,
  checkpoints integer NOT NULL DEFAULT 0,
  started_at timestamptz NOT NULL DEFAULT now(),
  checkpoint_at timestamptz
);

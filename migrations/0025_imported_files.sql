-- Every file imported, by the SHA-256 of its bytes as delivered (compressed or not), written in the
-- transaction that merges its rows: files that arrive in a watched folder (src/workers/intake.ts) are
-- skipped when the same contents were imported before, so a redelivered export is never loaded twice.
CREATE TABLE imported_files (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  record_type text NOT NULL,
  file text NOT NULL,
  sha256 text NOT NULL,
  bytes bigint NOT NULL,
  rows bigint NOT NULL,
  inserted bigint NOT NULL,
  updated bigint NOT NULL,
  actor text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX imported_files_sha256 ON imported_files (record_type, sha256);

-- Files attached to intelligence reports and anonymous reports, stored with their metadata stripped.
CREATE TABLE attachments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_type text NOT NULL CHECK (owner_type IN ('intelligence', 'portal')),
  owner_id text NOT NULL,
  filename text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL,
  sha256 text NOT NULL,
  data bytea NOT NULL
);
CREATE INDEX attachments_owner ON attachments (owner_type, owner_id, id);

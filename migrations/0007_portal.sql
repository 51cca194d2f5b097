-- The anonymous reporting portal. Nothing here identifies a reporter: no address, no browser, and no
-- time finer than the day. A report is found again only through its receipt code, of which only a
-- slow salted hash is kept.
CREATE TABLE portal_reports (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- For staff to refer to it; random, unrelated to the receipt.
  reference text NOT NULL UNIQUE,
  receipt_hash text NOT NULL UNIQUE,
  category text NOT NULL,
  reporter text NOT NULL,
  on_behalf boolean NOT NULL DEFAULT false,
  what text NOT NULL,
  who text,
  where_text text,
  occurred_on date,
  establishment text REFERENCES establishments (code),
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'graded', 'actioned', 'no_further_action')),
  received_on date NOT NULL,
  delete_after date NOT NULL
);
CREATE INDEX portal_reports_status ON portal_reports (status, id);

CREATE TABLE portal_messages (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  report_id bigint NOT NULL REFERENCES portal_reports ON DELETE CASCADE,
  author text NOT NULL CHECK (author IN ('reporter', 'ccu')),
  -- The analyst who wrote a CCU message; NULL for the reporter's.
  author_user text,
  question boolean NOT NULL DEFAULT false,
  body text NOT NULL,
  written_on date NOT NULL
);
CREATE INDEX portal_messages_report ON portal_messages (report_id, id);

-- That a report existed, after retention deleted it.
CREATE TABLE portal_purged (
  reference text PRIMARY KEY,
  received_on date NOT NULL,
  purged_on date NOT NULL
);

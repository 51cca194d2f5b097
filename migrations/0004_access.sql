-- Who may use probity, their sessions, and which masked subjects each user has unmasked.

-- A user of probity. staff_id links the account to the user's own staff record, if any: nobody ever
-- sees an alert, intelligence report or case in which they are a subject. It is not a foreign key
-- because the staff record may be imported after the account is made.
CREATE TABLE users (
  username text PRIMARY KEY CHECK (username ~ '^[a-z0-9][a-z0-9._@-]{1,63}$'),
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('reporter', 'security_analyst', 'ccu_analyst', 'ccu_investigator',
    'ccu_manager', 'probation_manager', 'oversight', 'auditor', 'admin')),
  establishments text[] NOT NULL DEFAULT '{}',
  regions text[] NOT NULL DEFAULT '{}',
  staff_id text,
  password_hash text,
  oidc_issuer text,
  oidc_subject text,
  disabled boolean NOT NULL DEFAULT false,
  failed_sign_ins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_sign_in_at timestamptz
);
CREATE UNIQUE INDEX users_oidc ON users (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL;
CREATE INDEX users_staff ON users (staff_id) WHERE staff_id IS NOT NULL;

-- Server-side sessions. id is the SHA-256 of the session id in the cookie, so a copy of this table
-- cannot be replayed as cookies.
CREATE TABLE sessions (
  id text PRIMARY KEY,
  username text REFERENCES users ON DELETE CASCADE,
  data jsonb NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- A stable pseudonym for each member of staff who is the subject of an alert, intelligence or case.
CREATE TABLE pseudonyms (
  staff_id text PRIMARY KEY,
  pseudonym text NOT NULL UNIQUE
);

-- Unmasking is per user and per subject, with the reason given.
CREATE TABLE unmasked_subjects (
  username text NOT NULL REFERENCES users ON DELETE CASCADE,
  staff_id text NOT NULL,
  reason text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (username, staff_id)
);

-- Staff who are the subject of something under suspicion, and so are shown under a pseudonym. Later
-- migrations add the subjects of alerts and cases to this view.
CREATE VIEW staff_subjects AS
  SELECT DISTINCT substr(s, 7) AS staff_id
  FROM intelligence, unnest(subjects) AS s
  WHERE s LIKE 'staff:%';

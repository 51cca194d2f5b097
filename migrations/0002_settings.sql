-- Platform settings and facts about this installation, such as whether it holds the synthetic demo estate.
CREATE TABLE settings (
  key text PRIMARY KEY,
  value text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

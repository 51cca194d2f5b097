-- Link analysis: one graph of people, identifiers (phones, addresses, e-mail, vehicles, bank
-- references), reports, alerts and cases, built from the records that join them. Rebuilt from its
-- sources (src/graph/build-repo.ts), never edited by hand.
CREATE TABLE graph_entities (
  id bigserial PRIMARY KEY,
  -- staff, prisoner, pop, person (a visitor, contact, correspondent or sender), phone, address,
  -- email, vehicle, social, bank, intelligence, portal_report, alert, case.
  kind text NOT NULL,
  -- The entity's reference: staff:S1001, prisoner:A1234BC, phone:+447700900123, address:<normalised>,
  -- person:<normalised name>|<what tells them apart>, intelligence:<report id>, case:<id>, …
  ref text NOT NULL UNIQUE,
  label text NOT NULL,
  -- The establishment or region it belongs to, for need-to-know; NULL for identifiers and persons,
  -- which are seen only through an entity the viewer may see.
  unit text,
  -- How many links it has, counted when the graph is built: tells a hub from a person without counting
  -- on every question.
  degree integer NOT NULL DEFAULT 0
);
CREATE INDEX graph_entities_kind ON graph_entities (kind);

CREATE TABLE graph_links (
  id bigserial PRIMARY KEY,
  -- call, visit, letter, money, contact_list, uses (a person's phone or address), identifier (staff),
  -- own (a person on probation's), declared, assigned, lookup, cell_share, named_in, subject_of.
  kind text NOT NULL,
  from_id bigint NOT NULL REFERENCES graph_entities ON DELETE CASCADE,
  to_id bigint NOT NULL REFERENCES graph_entities ON DELETE CASCADE,
  -- The source records joined: how many, over which time, from which record type.
  records integer NOT NULL CHECK (records > 0),
  first_at timestamptz,
  last_at timestamptz,
  source text NOT NULL,
  UNIQUE (kind, from_id, to_id, source)
);
CREATE INDEX graph_links_from ON graph_links (from_id);
CREATE INDEX graph_links_to ON graph_links (to_id);

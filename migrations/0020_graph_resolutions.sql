-- An analyst's decision that two persons of the link graph are the same person, or are not. Kept by the
-- persons' references, so that it outlives every rebuild of the graph; a rebuild links the persons
-- decided the same (`same_as`), and a pair decided different is never suggested again.
CREATE TABLE graph_resolutions (
  a_ref text NOT NULL,
  b_ref text NOT NULL,
  decision text NOT NULL CHECK (decision IN ('same', 'different')),
  reason text NOT NULL CHECK (length(reason) BETWEEN 3 AND 1000),
  decided_by text NOT NULL,
  decided_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (a_ref, b_ref),
  CHECK (a_ref < b_ref)
);

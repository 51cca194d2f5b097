-- Audit writes that do not serialise each other. Until now every append locked the whole table until the
-- writer committed, to read the last entry's hash: every page view (each writes an entry) queued on it.
--
-- Now an entry is written in the writer's transaction with an id from a sequence and no hash; a chainer
-- (src/audit/index.ts: in the server every few seconds, and before verify or export) gives committed
-- entries, in its own short transaction, their position in the chain (seq: 1, 2, 3… without gaps) and
-- their hashes. Ids may have gaps (rolled-back writers) and commit out of order; positions do neither,
-- since they are given only to committed entries, one chainer at a time. An entry that commits with a
-- lower id after the chainer passed higher ones simply gets the next position.
--
-- Entries chained before this migration keep their hashes; their position is their id (1, 2, 3…).

CREATE SEQUENCE audit_log_id_seq OWNED BY audit_log.id;
SELECT setval('audit_log_id_seq', coalesce(max(id), 0) + 1, false) FROM audit_log;

DROP TRIGGER audit_log_append_only ON audit_log;

ALTER TABLE audit_log
  ALTER COLUMN id SET DEFAULT nextval('audit_log_id_seq'),
  ALTER COLUMN prev_hash DROP NOT NULL,
  ALTER COLUMN hash DROP NOT NULL,
  ADD COLUMN seq bigint UNIQUE;
UPDATE audit_log SET seq = id;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_chained_whole
  CHECK ((seq IS NULL) = (hash IS NULL) AND (hash IS NULL) = (prev_hash IS NULL));
-- What the chainer looks for.
CREATE INDEX audit_log_unchained ON audit_log (id) WHERE seq IS NULL;

-- Still append-only: no DELETE, no TRUNCATE (the existing statement trigger), and no UPDATE except the
-- chainer's, which sets the chain columns of an unchained entry once and changes nothing else. A new
-- entry arrives unchained, so that only the chainer gives positions.
CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.seq IS NULL AND NEW.hash IS NULL AND NEW.prev_hash IS NULL THEN
      RETURN NEW;
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    IF OLD.seq IS NULL AND NEW.seq IS NOT NULL
       AND to_jsonb(NEW) - 'seq' - 'prev_hash' - 'hash' = to_jsonb(OLD) - 'seq' - 'prev_hash' - 'hash' THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_guard();

-- Stored hashes do not change. An exhibit's SHA-256 (with its size and where its file is) is what it was
-- at upload, and so is an attachment's content and hash: an UPDATE of them is refused. Whoever can
-- disable the trigger can still change them, so `probity evidence verify` also checks each file against
-- the hash recorded at upload in the chain of custody and in the audit trail (hash-chained, with signed
-- checkpoints): changing a file and its stored hash together no longer passes.
CREATE FUNCTION evidence_hash_unchanged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.sha256, NEW.size, NEW.storage_path) IS DISTINCT FROM (OLD.sha256, OLD.size, OLD.storage_path) THEN
    RAISE EXCEPTION 'evidence: the recorded SHA-256, size and file of an exhibit cannot change';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER evidence_hash_unchanged BEFORE UPDATE ON evidence
  FOR EACH ROW EXECUTE FUNCTION evidence_hash_unchanged();

CREATE FUNCTION attachment_hash_unchanged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.sha256, NEW.size, NEW.data) IS DISTINCT FROM (OLD.sha256, OLD.size, OLD.data) THEN
    RAISE EXCEPTION 'attachments: the content and SHA-256 of an attachment cannot change';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER attachment_hash_unchanged BEFORE UPDATE ON attachments
  FOR EACH ROW EXECUTE FUNCTION attachment_hash_unchanged();

-- What verify reads: an exhibit's upload in its chain of custody and in the audit trail.
CREATE INDEX custody_log_evidence ON custody_log (evidence_id, id);
CREATE INDEX audit_log_evidence_upload ON audit_log ((details->>'evidence'), id)
  WHERE action = 'evidence.upload';

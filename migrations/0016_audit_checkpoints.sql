-- Signed checkpoints of the audit trail. The hash chain shows an entry changed in place, but whoever can
-- write to the database can recompute every hash after it: nothing in the chain is secret. A checkpoint
-- is the chain's head (position, hash) and the time, signed with an Ed25519 key that is kept outside
-- the database (src/audit/checkpoints.ts): a rebuilt chain no longer has the hash a checkpoint signed,
-- and a new signature needs the key. `probity audit verify` checks every checkpoint; one exported with
-- `probity audit checkpoint --export FILE` and kept elsewhere is checked with `--checkpoint FILE`.
CREATE TABLE audit_checkpoints (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The head of the chain that was signed: its position (audit_log.seq) and hash.
  seq bigint NOT NULL CHECK (seq > 0),
  hash text NOT NULL,
  signed_at timestamptz NOT NULL,
  -- What made it: the server's interval, an audit export, or the command.
  reason text NOT NULL CHECK (reason IN ('interval', 'export', 'command')),
  -- SHA-256 of the public key (SPKI, DER) that signed it; the key itself is read from outside.
  key_id text NOT NULL,
  -- Ed25519 signature, base64, of the canonical JSON of {type, seq, hash, signedAt}.
  signature text NOT NULL
);
CREATE INDEX audit_checkpoints_seq ON audit_checkpoints (seq);
CREATE FUNCTION audit_checkpoints_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_checkpoints is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_append_only();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_append_only();

/** Attachments as rows, always reached through their owner (index.ts checks and cleans the files). */
import type { Queryable } from '../db/index.ts';
import type { AttachmentInfo, OwnerType } from './index.ts';

export async function insertAttachment(
  tx: Queryable,
  ownerType: OwnerType,
  ownerId: string,
  f: { filename: string; contentType: string; sha256: string; data: Buffer },
): Promise<void> {
  await tx.query(
    `INSERT INTO attachments (owner_type, owner_id, filename, content_type, size, sha256, data) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [ownerType, ownerId, f.filename, f.contentType, f.data.length, f.sha256, f.data],
  );
}

export async function listAttachments(
  db: Queryable,
  ownerType: OwnerType,
  ownerId: string,
): Promise<AttachmentInfo[]> {
  const { rows } = await db.query<Omit<AttachmentInfo, 'id'> & { id: string }>(
    `SELECT id::text, filename, content_type AS "contentType", size
     FROM attachments WHERE owner_type = $1 AND owner_id = $2 ORDER BY id`,
    [ownerType, ownerId],
  );
  // The id is a bigint, which comes back as text.
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** One attachment's content, only through its owner (the caller has checked the reader may see the owner). */
export async function readAttachment(
  db: Queryable,
  ownerType: OwnerType,
  ownerId: string,
  id: number,
): Promise<(AttachmentInfo & { data: Buffer }) | undefined> {
  const { rows } = await db.query<Omit<AttachmentInfo, 'id'> & { id: string; data: Uint8Array }>(
    `SELECT id::text, filename, content_type AS "contentType", size, data
     FROM attachments WHERE owner_type = $1 AND owner_id = $2 AND id = $3`,
    [ownerType, ownerId, id],
  );
  const r = rows[0];
  return r && { ...r, id: Number(r.id), data: Buffer.from(r.data) };
}

export async function deleteAttachments(
  tx: Queryable,
  ownerType: OwnerType,
  ownerIds: string[],
): Promise<void> {
  if (ownerIds.length)
    await tx.query('DELETE FROM attachments WHERE owner_type = $1 AND owner_id = ANY($2)', [
      ownerType,
      ownerIds,
    ]);
}

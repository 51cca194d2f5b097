/**
 * Attachments: checked by their content (not their name), limited in size and number, and written
 * afresh before they are stored, so no metadata comes along (rewrite.ts): images are decoded and encoded
 * again, PDFs rebuilt from their pages. Plain text is kept as it is. Rows in repo.ts.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/index.ts';
import { insertAttachment } from './repo.ts';
import { rewriteImage, rewritePdf, RewriteError } from './rewrite.ts';

export { deleteAttachments, listAttachments, readAttachment } from './repo.ts';

export const MAX_FILES = 3;
export const MAX_BYTES = 5 * 1024 * 1024;

export type OwnerType = 'intelligence' | 'portal';

export class AttachmentError extends Error {}

export interface Upload {
  filename: string;
  data: Buffer;
}

export interface CleanFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

const KINDS = [
  { type: 'image/jpeg', ext: 'jpg', test: (b: Buffer) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    type: 'image/png',
    ext: 'png',
    test: (b: Buffer) =>
      b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  {
    type: 'application/pdf',
    ext: 'pdf',
    test: (b: Buffer) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  },
  {
    type: 'text/plain; charset=utf-8',
    ext: 'txt',
    test: (b: Buffer) =>
      !b.includes(0) && Buffer.from(new TextDecoder('utf-8', { fatal: false }).decode(b)).equals(b),
  },
] as const;

/**
 * Checks and cleans uploads. `anonymous`: file names are replaced (a name can identify its author).
 * Throws AttachmentError naming the file and what is wrong with it.
 */
export async function cleanUploads(uploads: Upload[], opts: { anonymous: boolean }): Promise<CleanFile[]> {
  const files = uploads.filter((u) => u.data.length > 0 || u.filename);
  if (files.length > MAX_FILES) throw new AttachmentError(`Attach at most ${MAX_FILES} files`);
  const out: CleanFile[] = [];
  for (const [i, u] of files.entries()) {
    const name =
      u.filename
        .replace(/^.*[\\/]/, '')
        .replace(/[^\w .()-]/g, '_')
        .slice(0, 100) || `file-${i + 1}`;
    if (u.data.length === 0) throw new AttachmentError(`${name} is empty`);
    if (u.data.length > MAX_BYTES)
      throw new AttachmentError(`${name} is larger than ${MAX_BYTES / 1024 / 1024} MB`);
    const kind = KINDS.find((k) => k.test(u.data));
    if (!kind) throw new AttachmentError(`${name} is not a JPEG or PNG image, a PDF or a plain text file`);
    let data = u.data;
    try {
      if (kind.ext === 'jpg') data = await rewriteImage(u.data, 'jpeg');
      if (kind.ext === 'png') data = await rewriteImage(u.data, 'png');
      if (kind.ext === 'pdf') data = await rewritePdf(u.data);
    } catch (err) {
      if (err instanceof RewriteError) throw new AttachmentError(`${name} ${err.message}`);
      throw new AttachmentError(`${name} could not be read as ${kind.ext.toUpperCase()}`);
    }
    const stem = name.replace(/\.[^.]*$/, '');
    out.push({
      filename: opts.anonymous ? `attachment-${i + 1}.${kind.ext}` : `${stem}.${kind.ext}`,
      contentType: kind.type,
      data,
    });
  }
  return out;
}

export async function storeAttachments(
  tx: Queryable,
  ownerType: OwnerType,
  ownerId: string,
  files: CleanFile[],
): Promise<void> {
  for (const f of files) {
    await insertAttachment(tx, ownerType, ownerId, {
      ...f,
      sha256: createHash('sha256').update(f.data).digest('hex'),
    });
  }
}

export interface AttachmentInfo {
  id: number;
  filename: string;
  contentType: string;
  size: number;
}

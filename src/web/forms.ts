/**
 * Form bodies, URL-encoded or multipart (forms with files). Multipart forms carry their CSRF token in
 * the action URL (`?_csrf=…`), so the check runs before the body is read, and the body can then be
 * streamed (evidence) or buffered (attachments) by the route that reads it.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { MAX_BYTES, MAX_FILES, type Upload } from '../attachments/index.ts';

export interface Form {
  fields: Record<string, string>;
  files: Upload[];
}

/**
 * The fields and files of a form, whichever way it was sent; files are buffered (small attachments).
 * `beforeFiles` sees the fields sent before the first file and may throw to stop reading, so a check
 * that needs no files (the portal's proof of work) runs before any file is read into memory.
 */
export async function readForm(
  req: FastifyRequest,
  opts: { beforeFiles?: (fields: Record<string, string>) => void } = {},
): Promise<Form> {
  if (!req.isMultipart()) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const fields = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v ?? '')]));
    opts.beforeFiles?.(fields);
    return { fields, files: [] };
  }
  const fields: Record<string, string> = {};
  const files: Upload[] = [];
  let checked = false;
  for await (const part of req.parts({ limits: { fileSize: MAX_BYTES, files: MAX_FILES } })) {
    if (part.type === 'file') {
      if (!checked) opts.beforeFiles?.(fields);
      checked = true;
      files.push({ filename: part.filename, data: await part.toBuffer() });
    } else fields[part.fieldname] = String(part.value ?? '');
  }
  if (!checked) opts.beforeFiles?.(fields);
  return { fields, files };
}

/** The CSRF token of a request: a form field, the action URL's `_csrf` (multipart forms), or a header. */
export function csrfTokenOf(req: FastifyRequest): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  if (typeof body?._csrf === 'string') return body._csrf;
  const query = (req.query as Record<string, unknown> | undefined)?._csrf;
  if (typeof query === 'string') return query;
  const header = req.headers['csrf-token'] ?? req.headers['x-csrf-token'];
  return typeof header === 'string' ? header : undefined;
}

/** Sends a stored file as a download: never rendered inline, never sniffed, never cached. */
export function sendFile(
  reply: FastifyReply,
  file: { filename: string; contentType: string; data: Buffer | NodeJS.ReadableStream },
): FastifyReply {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.filename.replace(/["\r\n]/g, '')}"`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(file.data);
}

async function forms(app: FastifyInstance): Promise<void> {
  await app.register(fastifyMultipart, {
    limits: { fileSize: MAX_BYTES, files: MAX_FILES, fields: 30, fieldSize: 64 * 1024, parts: 40 },
    throwFileSizeLimit: true,
  });
}

export const multipartForms = fp(forms, { name: 'probity-forms' });

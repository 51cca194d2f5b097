/**
 * Form bodies, URL-encoded or multipart (forms with files). Multipart fields arrive parsed on the body
 * (@fastify/multipart with attachFieldsToBody), so the CSRF check sees `_csrf` before the handler runs.
 */
import fastifyMultipart, { type MultipartFile, type MultipartValue } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { MAX_BYTES, MAX_FILES, type Upload } from '../attachments/index.ts';

export interface Form {
  fields: Record<string, string>;
  files: Upload[];
}

type Part = MultipartFile | MultipartValue;
const isPart = (v: unknown): v is Part => !!v && typeof v === 'object' && 'fieldname' in v;

/** The fields and files of a form, whichever way it was sent. */
export async function readForm(req: FastifyRequest): Promise<Form> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const fields: Record<string, string> = {};
  const files: Upload[] = [];
  for (const [name, value] of Object.entries(body)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (!isPart(v)) fields[name] = String(v ?? '');
      else if (v.type === 'file') files.push({ filename: v.filename, data: await v.toBuffer() });
      else fields[name] = String(v.value ?? '');
    }
  }
  return { fields, files };
}

/** The CSRF token of a form, whichever way it was sent. */
export function csrfTokenOf(req: FastifyRequest): string | undefined {
  const v = (req.body as Record<string, unknown> | undefined)?._csrf;
  if (isPart(v) && v.type === 'field') return String(v.value);
  if (typeof v === 'string') return v;
  const header = req.headers['csrf-token'] ?? req.headers['x-csrf-token'];
  return typeof header === 'string' ? header : undefined;
}

async function forms(app: FastifyInstance): Promise<void> {
  await app.register(fastifyMultipart, {
    attachFieldsToBody: true,
    limits: { fileSize: MAX_BYTES, files: MAX_FILES, fields: 30, fieldSize: 64 * 1024, parts: 40 },
    throwFileSizeLimit: true,
  });
}

export const multipartForms = fp(forms, { name: 'probity-forms' });

/** Sends a stored attachment as a download: never rendered inline, never sniffed, never cached. */
export function sendFile(
  reply: FastifyReply,
  file: { filename: string; contentType: string; data: Buffer },
): FastifyReply {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.filename.replace(/"/g, '')}"`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(file.data);
}

/**
 * Form bodies, URL-encoded or multipart (forms with files). A multipart form carries its CSRF token as
 * its first field (never in the URL, which is logged and kept in histories); its route is marked
 * `multipartForm` and reads the body with `req.parts()`, which checks the token before it gives any other
 * part (session.ts). The body can then be streamed (evidence) or buffered (attachments) by the route.
 */
import { FormError } from '../form-error.ts';
import { Readable } from 'node:stream';
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

/** The `_csrf` first field of multipart forms, as read from their body. */
const firstFieldTokens = new WeakMap<FastifyRequest, string>();

/** Records the token a multipart form sent as its first field. */
export function setFirstFieldToken(req: FastifyRequest, token: string): void {
  firstFieldTokens.set(req, token);
}

/**
 * The CSRF token of a request: a URL-encoded form's field, a header, or a multipart form's first field
 * once read. Never the query string.
 */
export function csrfTokenOf(req: FastifyRequest): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  if (typeof body?._csrf === 'string') return body._csrf;
  const header = req.headers['csrf-token'] ?? req.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  return firstFieldTokens.get(req);
}

/**
 * The types a download may be served as, decided from its first bytes (never from what the uploader's
 * browser said, which an attacker chooses): anything else is application/octet-stream.
 */
const SERVED_TYPES: { type: string; test: (head: Buffer) => boolean }[] = [
  { type: 'application/pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  { type: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    type: 'image/png',
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  {
    type: 'text/plain; charset=utf-8',
    test: (b) => {
      if (b.length === 0 || b.includes(0)) return false;
      try {
        // stream: a character cut at the end of the bytes looked at is not an error.
        new TextDecoder('utf-8', { fatal: true }).decode(b, { stream: true });
        return true;
      } catch {
        return false;
      }
    },
  },
];

const SNIFF_BYTES = 64 * 1024;

/** The served type of a file that starts with these bytes. */
export function servedType(head: Buffer): string {
  return SERVED_TYPES.find((t) => t.test(head))?.type ?? 'application/octet-stream';
}

/** The first chunk of a stream, and a stream that gives the whole of it again. */
async function peek(stream: NodeJS.ReadableStream): Promise<{ head: Buffer; whole: Readable }> {
  const it = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const first = await it.next();
  const head = first.done ? Buffer.alloc(0) : Buffer.from(first.value);
  const whole = Readable.from(
    (async function* () {
      if (!first.done) yield head;
      for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
    })(),
  );
  return { head, whole };
}

/** `Content-Disposition: attachment` with the file's name in ASCII, and in full when it is not (RFC 6266). */
function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const full = ascii === filename ? '' : `; filename*=UTF-8''${encodeURIComponent(filename)}`;
  return `attachment; filename="${ascii}"${full}`;
}

/**
 * Sends a stored file as a download: never rendered inline, never sniffed, never cached, and served as
 * the type its content shows from a short allow-list, whatever type it was uploaded with.
 */
export async function sendFile(
  reply: FastifyReply,
  file: { filename: string; data: Buffer | NodeJS.ReadableStream },
): Promise<FastifyReply> {
  let { data } = file;
  let head: Buffer;
  if (Buffer.isBuffer(data)) head = data.subarray(0, SNIFF_BYTES);
  else ({ head, whole: data } = await peek(data));
  return reply
    .header('content-type', servedType(head.subarray(0, SNIFF_BYTES)))
    .header('content-disposition', attachment(file.filename))
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(data);
}

/** Whether a value (text, or arrays and objects of it) holds a NUL character. */
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  if (Buffer.isBuffer(value) || !value || typeof value !== 'object') return false;
  return Object.values(value).some(hasNul);
}

async function forms(app: FastifyInstance): Promise<void> {
  // No link or form of ours sends a NUL character, and PostgreSQL cannot store one: a 400 before any
  // route. (A multipart field with one is refused by the database, which errors.ts answers with a 400.)
  app.addHook('preValidation', async (req) => {
    if (hasNul(req.params) || hasNul(req.query) || hasNul(req.body)) {
      throw Object.assign(new Error('a NUL character in the request'), { statusCode: 400 });
    }
  });
  await app.register(fastifyMultipart, {
    limits: { fileSize: MAX_BYTES, files: MAX_FILES, fields: 30, fieldSize: 64 * 1024, parts: 40 },
    throwFileSizeLimit: true,
  });
}

export const multipartForms = fp(forms, { name: 'probity-forms' });

/**
 * What a page shows for a form that was refused: every problem in the GOV.UK error summary, each
 * linked to its field, and each message beside its field.
 */
export function formProblems(err: FormError): {
  errorSummary: { text: string; href: string }[];
  errors: Record<string, string>;
} {
  return {
    errorSummary: err.problems.map((p) => ({ text: p.message, href: `#${p.field}` })),
    errors: Object.fromEntries(err.problems.map((p) => [p.field, p.message])),
  };
}

export type PageProblems = Partial<ReturnType<typeof formProblems>>;

/**
 * Runs a read whose bad input (a filter's day, a year) is shown beside its fields on the page rather than
 * refused: the value, or undefined and the problems. `refusal` is the same problems as one line, for a
 * download that has no page to show them on.
 */
export async function readOrProblems<T>(
  read: () => Promise<T>,
): Promise<{ value: T | undefined; problems: PageProblems; refusal: string }> {
  try {
    return { value: await read(), problems: { errors: {} }, refusal: '' };
  } catch (err) {
    if (!(err instanceof FormError)) throw err;
    return {
      value: undefined,
      problems: formProblems(err),
      refusal: err.problems.map((p) => p.message).join('; '),
    };
  }
}

/**
 * What a refused form sent, less its CSRF token, named by its form: a page with several forms that share
 * field names shows it again in that form only (post/redirect/get, `reply.failedForm`).
 */
export function enteredIn(
  form: string,
  body: Record<string, string> | undefined,
): { form: string; values: Record<string, string> } {
  const { _csrf: _token, ...values } = body ?? {};
  return { form, values };
}

/**
 * Runs a form's command (post/redirect/get): on success to the page it returns, on a refusal back to
 * `page` with the problems beside their fields and what was entered in form `form`.
 */
export async function submitForm(
  reply: FastifyReply,
  page: string,
  form: string,
  body: Record<string, unknown>,
  command: () => Promise<string>,
): Promise<FastifyReply> {
  try {
    return await reply.redirect(await command(), 303);
  } catch (err) {
    if (!(err instanceof FormError)) throw err;
    return reply.failedForm(page, {
      ...formProblems(err),
      entered: enteredIn(form, body as Record<string, string>),
    });
  }
}

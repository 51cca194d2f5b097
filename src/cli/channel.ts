/**
 * The command channel: while `probity serve` holds the embedded database, other `probity` commands
 * (import, detect, user, audit…) are sent to it and run inside it, on its one open database, instead
 * of opening the folder a second time. The channel listens on loopback only; a command must carry the
 * secret written in the lock file, which only the server's operating-system user can read. Every
 * command run through it is audited with who sent it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { appendAudit } from '../audit/index.ts';
import type { Config } from '../config.ts';
import type { Database, DataFolderLock, LockHolder } from '../db/index.ts';
import type { SerialQueue } from '../jobs/index.ts';
import { serverRun, type CliRun } from './context.ts';

interface CommandRequest {
  args: string[];
  cwd: string;
  actor: string;
  stdin?: string;
}

/** One line of the reply stream: output for standard output or error, or the exit status at the end. */
type ReplyLine = { out: string } | { err: string } | { exit: number };

const MAX_REQUEST_BYTES = 1_000_000;

export interface CommandChannel {
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the channel for a server holding `lock`, and records its port and secret in the lock file.
 * `execute` is the CLI's main(); commands run one at a time, in arrival order, with the server's jobs.
 */
export async function startCommandChannel(opts: {
  db: Database;
  lock: DataFolderLock;
  config: Config;
  execute: (argv: string[], run: CliRun) => Promise<number>;
  /** The server's one queue of commands and jobs: they run one at a time. */
  queue: SerialQueue;
}): Promise<CommandChannel> {
  const token = randomBytes(32).toString('base64url');
  const expected = Buffer.from(`Bearer ${token}`);

  const server = http.createServer((req, res) => {
    const auth = Buffer.from(req.headers.authorization ?? '');
    if (
      req.method !== 'POST' ||
      req.url !== '/command' ||
      auth.length !== expected.length ||
      !timingSafeEqual(auth, expected)
    ) {
      res.writeHead(401).end();
      return;
    }
    readJson(req)
      .then((body) => {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        const send = (line: ReplyLine) => res.write(`${JSON.stringify(line)}\n`);
        return opts.queue
          .run(() => runCommand(opts, body, send))
          .then((exit) => res.end(`${JSON.stringify({ exit })}\n`));
      })
      .catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(`${JSON.stringify({ err: `probity: ${(err as Error).message}\n` })}\n{"exit":1}\n`);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  opts.lock.update({ channel: { port, token } });
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readJson(req: http.IncomingMessage): Promise<CommandRequest> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) throw new Error('the command is too large');
    chunks.push(chunk as Buffer);
  }
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Partial<CommandRequest>;
  if (
    !Array.isArray(body.args) ||
    !body.args.every((a) => typeof a === 'string') ||
    typeof body.cwd !== 'string' ||
    typeof body.actor !== 'string'
  ) {
    throw new Error('expected {args, cwd, actor}');
  }
  return body as CommandRequest;
}

async function runCommand(
  opts: Parameters<typeof startCommandChannel>[0],
  body: CommandRequest,
  send: (line: ReplyLine) => void,
): Promise<number> {
  if (body.args[0] === 'serve') {
    send({ err: 'probity: the server is already running.\n' });
    return 1;
  }
  await appendAudit(opts.db, {
    actor: body.actor,
    action: 'cli.command',
    details: { args: body.args, through: 'server' },
  });
  const run = serverRun({
    db: opts.db,
    config: opts.config,
    actor: body.actor,
    cwd: body.cwd,
    stdin: body.stdin,
    stdout: { write: (text) => send({ out: text }), isTTY: false },
    stderr: { write: (text) => send({ err: text }), isTTY: false },
  });
  try {
    return await opts.execute(['node', 'probity', ...body.args], run);
  } catch (err) {
    send({ err: `probity: ${(err as Error).message}\n` });
    return 1;
  }
}

/**
 * Sends a command to the server that holds the embedded database and relays its output; returns its
 * exit status. Standard input is read and sent only for options that ask for it (`--password-stdin`).
 */
export async function sendToServer(
  holder: LockHolder & { channel: { port: number; token: string } },
  args: string[],
  run: CliRun,
): Promise<number> {
  const stdin = args.some((a) => a.endsWith('-stdin')) ? await run.readStdin() : undefined;
  const body = JSON.stringify({ args, cwd: run.cwd, actor: run.actor, ...(stdin ? { stdin } : {}) });
  if (run.stderr.isTTY) run.stderr.write(`(running through the probity server, pid ${holder.pid})\n`);
  return new Promise<number>((resolve, reject) => {
    // node:http rather than fetch: a long import may print nothing for many minutes, and fetch times out.
    const req = http.request(
      {
        host: '127.0.0.1',
        port: holder.channel.port,
        path: '/command',
        method: 'POST',
        headers: { authorization: `Bearer ${holder.channel.token}`, 'content-type': 'application/json' },
      },
      (res) => {
        if (res.statusCode === 401) {
          reject(new Error(`the probity server (pid ${holder.pid}) refused the command`));
          res.resume();
          return;
        }
        let exit = 1;
        let pending = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          pending += chunk;
          let nl: number;
          while ((nl = pending.indexOf('\n')) >= 0) {
            const line = JSON.parse(pending.slice(0, nl)) as ReplyLine;
            pending = pending.slice(nl + 1);
            if ('out' in line) run.stdout.write(line.out);
            else if ('err' in line) run.stderr.write(line.err);
            else exit = line.exit;
          }
        });
        res.on('end', () => resolve(exit));
        res.on('error', reject);
      },
    );
    req.on('error', (err) =>
      reject(new Error(`could not reach the probity server (pid ${holder.pid}): ${err.message}`)),
    );
    req.end(body);
  });
}

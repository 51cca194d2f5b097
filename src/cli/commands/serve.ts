import type { Command } from 'commander';
import pkg from '../../../package.json' with { type: 'json' };
import { createLogger } from '../../logger.ts';
import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { parseRoleMap, ROLE_LABELS } from '../../access/index.ts';
import { demoAccountsForSignIn, ensureDemoAccounts } from '../../demo/index.ts';
import { ensureDemoEstate } from '../../demo/index.ts';
import { loadAuditSigner } from '../../audit/index.ts';
import { purgeExpired } from '../../portal/index.ts';
import { getSetting, setSetting } from '../../settings/index.ts';
import { buildApp } from '../../web/index.ts';
import { startCommandChannel } from '../channel.ts';
import { openMigrated, serverRun, warn, type CliRun } from '../context.ts';
import path from 'node:path';
import { InProcessQueue } from '../../workers/index.ts';
import { JobRunner, SCHEDULE_ACTOR, SerialQueue, startDetectionSchedule } from '../../jobs/index.ts';

export function registerServe(program: Command, run: CliRun): void {
  program
    .command('serve')
    .description('start the web application (what `npm start` runs)')
    .action(async () => {
      const config = run.config();
      const logger = createLogger(config.logLevel);
      const { db, applied } = await openMigrated(config);
      if (applied.length) logger.info({ applied }, 'applied migrations');
      const demo = await ensureDemoEstate(db, config, logger);
      const accounts = demo ? await ensureDemoAccounts(db) : undefined;
      // The key that signs session cookies: made once, kept in the database, so sessions survive a restart.
      let sessionSecret = await getSetting(db, 'session_secret');
      if (!sessionSecret) {
        sessionSecret = randomBytes(32).toString('base64url');
        await setSetting(db, 'session_secret', sessionSecret);
      }
      let powKey = await getSetting(db, 'portal_pow_key');
      if (!powKey) {
        powKey = randomBytes(32).toString('hex');
        await setSetting(db, 'portal_pow_key', powKey);
      }
      // Anonymous reports past their retention are deleted at start and every six hours.
      const purge = () =>
        purgeExpired(db, 'system:retention').then(
          (n) => n && logger.info({ deleted: n }, 'deleted anonymous reports past retention'),
          (err: unknown) => logger.error({ err }, 'retention purge failed'),
        );
      await purge();
      setInterval(() => void purge(), 6 * 3_600_000).unref();
      let sso;
      if (config.oidc) {
        const o = config.oidc;
        const issuer = new URL(o.issuer);
        const discovered = await oidc.discovery(
          issuer,
          o.clientId,
          o.clientSecret,
          undefined,
          issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined,
        );
        sso = {
          label: o.label,
          config: discovered,
          redirectUri: `${config.baseUrl}/sign-in/sso/callback`,
          mapping: { claim: o.rolesClaim, map: parseRoleMap(o.roleMap), unitsClaim: o.unitsClaim },
        };
      }
      // Imports and detection started from the web run as the same commands, inside this server.
      const queue = new SerialQueue();
      const jobs = new JobRunner(
        db,
        async (args, io) =>
          (await import('../main.ts')).main(
            ['node', 'probity', ...args],
            serverRun({
              db,
              config,
              actor: io.actor,
              cwd: config.dataDir,
              stdout: { write: io.write },
              stderr: { write: io.write },
              progress: io.progress,
            }),
          ),
        queue,
        path.join(config.dataDir, 'uploads'),
      );
      const interrupted = await jobs.recover();
      if (interrupted) logger.warn({ interrupted }, 'jobs left unfinished by the previous server');
      // On the embedded database this process runs the worker tasks: those a previous one left will not end.
      if (db.kind === 'pglite') {
        const stopped = await new InProcessQueue(db).recover();
        if (stopped) logger.warn({ stopped }, 'worker tasks left unfinished by the previous server');
      }
      // Nightly detection, when an administrator has set its time (/admin/jobs).
      const stopSchedule = startDetectionSchedule(
        db,
        () => jobs.start('detect', ['--quiet'], SCHEDULE_ACTOR),
        {
          onError: (err) => logger.error({ err }, 'the scheduled detection run could not start'),
        },
      );
      const app = await buildApp({
        jobs,
        db,
        version: pkg.version,
        logger,
        demo,
        sessionSecret,
        secureCookies: config.baseUrl.startsWith('https:') ? true : 'auto',
        trustProxy: config.trustProxy,
        requestTimeoutMs: config.requestTimeoutMs,
        ...(demo ? { demoAccounts: () => demoAccountsForSignIn(db) } : {}),
        ...(sso ? { sso } : {}),
        portal: { powKey: Buffer.from(powKey, 'hex'), retentionDays: config.portalRetentionDays },
        evidenceDir: config.evidenceDir,
        // The key that signs audit checkpoints: a file outside the database, made on first start.
        auditSigner: loadAuditSigner(config.auditKeyFile),
      });
      // Other probity commands run through this server while it holds the embedded database.
      const channel = db.lock
        ? await startCommandChannel({
            db,
            lock: db.lock,
            config,
            execute: async (argv, commandRun) => (await import('../main.ts')).main(argv, commandRun),
            queue,
          })
        : undefined;
      const shutdown = async () => {
        stopSchedule();
        await channel?.close();
        await app.close();
        await db.close();
        process.exit(0);
      };
      // A failed close still ends the process: the signal asked for that.
      const stop = () => void shutdown().catch(() => process.exit(1));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const address = await app.listen({ port: config.port, host: config.host });
      if (accounts) {
        warn(
          run,
          [
            'Synthetic demo estate. Demo sign-in accounts (one per role), all with the password ' +
              accounts.password +
              ':',
            ...accounts.accounts.map(
              (a) => `  ${a.username.padEnd(20)} ${ROLE_LABELS[a.role]}${a.scope ? ` (${a.scope})` : ''}`,
            ),
          ].join('\n'),
        );
      }
      warn(
        run,
        `probity ${pkg.version} is running at ${address.replace('127.0.0.1', 'localhost')} on ${db.kind === 'pglite' ? `the embedded database in ${config.dataDir}` : 'PostgreSQL'}`,
      );
    });
}

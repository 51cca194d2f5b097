import type { Command } from 'commander';
import pkg from '../../../package.json' with { type: 'json' };
import { loadConfig } from '../../config.ts';
import { createLogger } from '../../logger.ts';
import { ensureDemoEstate } from '../../demo/index.ts';
import { buildApp } from '../../web/app.ts';
import { openMigrated } from '../context.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the web application (what `npm start` runs)')
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      const { db, applied } = await openMigrated(config);
      if (applied.length) logger.info({ applied }, 'applied migrations');
      const demo = await ensureDemoEstate(db, config, logger);
      const app = await buildApp({ db, version: pkg.version, logger, demo });
      const shutdown = async () => {
        await app.close();
        await db.close();
        process.exit(0);
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
      await app.listen({ port: config.port, host: config.host });
      console.error(
        `probity ${pkg.version} is running at http://localhost:${config.port} on ${db.kind === 'pglite' ? `the embedded database in ${config.dataDir}` : 'PostgreSQL'}`,
      );
    });
}

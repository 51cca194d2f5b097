import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { graphFiles, rebuildGraphParts } from '../../graph/index.ts';
import { formatProblem, importDataset, type DatasetFile } from '../../import/index.ts';
import { say, textTable, warn, type CliRun } from '../context.ts';

export function registerImport(program: Command, run: CliRun): void {
  program
    .command('import')
    .description('load a dataset folder (shared/spec/dataset-format.md) into the database')
    .argument('<dir>', 'the dataset folder')
    .option('--report', 'list every bad row instead of stopping at the first')
    .option('--quiet', 'no progress bar')
    .addHelpText(
      'after',
      '\nEach file is imported all or nothing; re-importing the same data changes nothing.\nExit status: 0 when every file was imported, 1 when any row was refused.',
    )
    .action(async (dir: string, opts: { report?: boolean; quiet?: boolean }) => {
      const { db } = await run.openDb();
      const showProgress = !opts.quiet && run.stderr.isTTY;
      const bar = showProgress
        ? new cliProgress.SingleBar(
            {
              format: '{file} [{bar}] {percentage}% | {rows} rows | {rate} rows/s',
              stream: process.stderr,
              hideCursor: true,
            },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
      let started = 0;
      const onFileStart = (f: DatasetFile) => {
        started = performance.now();
        bar?.start(f.size, 0, { file: f.name.padEnd(24), rows: 0, rate: 0 });
      };
      try {
        const result = await importDataset(db, path.resolve(run.cwd, dir), {
          report: opts.report,
          actor: run.actor,
          onFileStart,
          onProgress: (f, p) => {
            run.progress?.(
              `${f.name}: ${Math.floor((100 * p.bytes) / Math.max(f.size, 1))}% (${p.rows.toLocaleString('en-GB')} rows)`,
            );
            const seconds = (performance.now() - started) / 1000;
            bar?.update(p.bytes, {
              rows: p.rows.toLocaleString('en-GB'),
              rate: Math.round(p.rows / Math.max(seconds, 0.001)).toLocaleString('en-GB'),
            });
          },
          onFileEnd: () => bar?.stop(),
        });
        for (const notice of result.notices) warn(run, `notice: ${notice}`);
        for (const file of result.files) for (const p of file.problems) warn(run, formatProblem(p));
        say(
          run,
          textTable(
            ['file', 'rows', 'inserted', 'updated', 'unchanged', 'refused'],
            result.files.map((f) => [f.file, f.rows, f.inserted, f.updated, f.unchanged, f.refused]),
          ),
        );
        // The link graph follows the records, refused files or not: the parts the files feed are
        // rebuilt (the whole graph when the people changed or it was never built).
        const graph = await rebuildGraphParts(db, run.actor, graphFiles(result.files));
        const what =
          graph.parts === 'all'
            ? 'Link graph rebuilt'
            : graph.parts.length
              ? `Link graph: ${graph.parts.join(', ')} rebuilt`
              : 'Link graph unchanged';
        say(run, `${what}: ${graph.size.entities} entities, ${graph.size.links} links.`);
        if (!result.ok) {
          warn(
            run,
            opts.report
              ? 'Refused files were not written.'
              : 'Import stopped at the first refused file; nothing was written from it. Use --report to list every bad row.',
          );
          run.exitCode = 1;
        }
      } finally {
        bar?.stop();
        await db.close();
      }
    });
}

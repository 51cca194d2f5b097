/** `probity inspections list|import` on the fixture, on each database. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliOn } from '../../../test/cli.ts';
import { backends } from '../../../test/databases.ts';
import { VALID_FIXTURE } from '../../../test/dataset-helpers.ts';
import { principalOf } from '../../../test/principals.ts';
import { recordInspection } from '../../inspections/index.ts';

describe.each(backends)('probity inspections on $name', (backend) => {
  it('imports recommendations from a file, refusing a bad one by line, and lists the inspection', async () => {
    const { db, dispose } = await backend.create();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-inspections-'));
    try {
      const probity = cliOn(db, {}, dir);
      await probity(['import', VALID_FIXTURE, '--quiet']);
      const id = await recordInspection(db, principalOf('ccu_manager'), {
        establishment: 'XAA',
        body: 'hmip',
        title: 'Unannounced inspection of XAA',
        publishedOn: '2026-02-01',
      });
      fs.writeFileSync(
        path.join(dir, 'bad.csv'),
        'ref,priority,area,text\n1,urgent,Security,Search staff at the gate.\n',
      );
      const bad = await probity(['inspections', 'import', '--inspection', id, 'bad.csv']);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('bad.csv: Line 2: column priority: got "urgent": Choose its priority');
      fs.writeFileSync(
        path.join(dir, 'good.csv'),
        'ref,priority,area,text,owner\n1,key_concern,Security,Search staff at the gate as planned.,Head of security\n2,recommendation,Visits,Supervise visits with two officers.,\n',
      );
      const good = await probity(['inspections', 'import', '--inspection', id, 'good.csv']);
      expect(good.stdout).toContain(`Imported 2 recommendations into inspection ${id}.`);
      const list = await probity(['inspections', 'list', '--establishment', 'XAA']);
      expect(list.stdout).toMatch(
        new RegExp(`${id}\\s+2026-02-01\\s+XAA\\s+HM Inspectorate of Prisons\\s+2\\s+0\\s+0`),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await dispose();
    }
  });
});

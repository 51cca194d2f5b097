import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { VALID_FIXTURE } from '../../../test/dataset-helpers.ts';
import type { Database } from '../../db/index.ts';
import { importDataset } from '../../import/index.ts';
import { buildApp } from '../app.ts';

describe.each(backends)('GET / on $name', (backend) => {
  let db: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ db, dispose } = await backend.create());
    await importDataset(db, VALID_FIXTURE);
  });
  afterAll(() => dispose());

  it('shows aggregate counts in the GOV.UK layout, with no personal data', async () => {
    const app = await buildApp({ db, version: 'test', logger: false });
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('<title>Home – probity</title>');
    expect(res.body).toMatch(
      /presence<\/th>\s*<td class="govuk-table__cell govuk-table__cell--numeric">\s*3\s*<\/td>/,
    );
    expect(res.body).not.toContain('Ashdown'); // a staff surname in the fixture
    expect(res.body).not.toContain('Synthetic demo data');
  });

  it('carries the synthetic-data banner when the database holds the demo estate', async () => {
    const app = await buildApp({ db, version: 'test', logger: false, demo: true });
    const res = await app.inject({ url: '/' });
    expect(res.body).toContain(
      'Synthetic demo data: every person, place and event here was invented by the simulator.',
    );
  });

  it('serves the GOV.UK Frontend stylesheet and fonts, and nothing else from the package', async () => {
    const app = await buildApp({ db, version: 'test', logger: false });
    expect((await app.inject({ url: '/assets/govuk/govuk-frontend.min.css' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/assets/govuk/govuk-frontend.min.js.map' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/assets/images/favicon.ico' })).statusCode).toBe(200);
  });
});

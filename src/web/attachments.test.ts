import { describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { Client, fixtureApp, signedIn } from '../../test/web.ts';
import { solve } from '../portal/index.ts';

// A 1x1 JPEG with an EXIF segment holding a location.
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);
const EXIF = Buffer.concat([
  Buffer.from('Exif\0\0MM\0*\0\0\0\x08', 'latin1'),
  Buffer.from('GPS 51.47N 0.45W SECRET-LOCATION', 'latin1'),
]);
const TAGGED = Buffer.concat([
  JPEG.subarray(0, 2),
  Buffer.from([0xff, 0xe1, 0, EXIF.length + 2]),
  EXIF,
  JPEG.subarray(2),
]);

describe.each(backends)('attachments on $name', (backend) => {
  const web = fixtureApp(backend);

  it('attaches a photo to an intelligence report with its EXIF removed, downloadable by the analyst', async () => {
    const reporter = await signedIn(web.app, 'reporter');
    await reporter.get('/intelligence/new');
    const res = await reporter.postMultipart(
      '/intelligence/new',
      { establishment: 'XAA', text: 'Photo of the package handed over at visits.', subjects: 'A1234BC' },
      [{ field: 'attachments', filename: 'IMG_2041.jpg', type: 'image/jpeg', data: TAGGED }],
    );
    expect(res.statusCode).toBe(303);
    const id = /submitted=([^&]+)/.exec(String(res.headers.location))![1]!;
    const analyst = await signedIn(web.app, 'security_analyst');
    const page = await analyst.get(`/intelligence/${id}`);
    const href = /href="(\/intelligence\/[^"]+\/attachments\/\d+)"/.exec(page.body)![1]!;
    const file = await analyst.get(href);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(file.headers['content-disposition']).toBe('attachment; filename="IMG_2041.jpg"');
    expect(file.rawPayload.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(file.rawPayload.toString('latin1')).not.toContain('SECRET-LOCATION');
    expect(
      (await web.db.query("SELECT 1 FROM audit_log WHERE action = 'attachment.download'")).rows,
    ).toHaveLength(1);
    // Someone who may not see the report may not fetch its files.
    const other = await signedIn(web.app, 'probation_manager');
    expect((await other.get(href)).statusCode).toBe(404);
  });

  it('refuses a file of another type with a clear error, and stores nothing', async () => {
    const reporter = await signedIn(web.app, 'reporter');
    await reporter.get('/intelligence/new');
    const before = (await web.db.query<{ n: number }>('SELECT count(*)::int AS n FROM intelligence')).rows[0]!
      .n;
    const res = await reporter.postMultipart(
      '/intelligence/new',
      { establishment: 'XAA', text: 'A report with a program attached.', subjects: '' },
      [
        {
          field: 'attachments',
          filename: 'tool.exe',
          type: 'application/octet-stream',
          data: Buffer.from('MZ\x90\x00program'),
        },
      ],
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('tool.exe is not a JPEG or PNG image, a PDF or a plain text file');
    expect(
      (await web.db.query<{ n: number }>('SELECT count(*)::int AS n FROM intelligence')).rows[0]!.n,
    ).toBe(before);
  });

  it('renames an anonymous report’s files and strips them, for the CCU to download', async () => {
    const anon = new Client(web.app);
    const form = await anon.get('/report/new');
    const challenge = /name="challenge" value="([^"]+)"/.exec(form.body)![1]!;
    const res = await anon.postMultipart(
      '/report/new',
      {
        challenge,
        solution: solve(challenge),
        category: 'trafficking',
        reporter: 'public',
        what: 'Photo of the car used for drops outside the gate.',
      },
      [{ field: 'attachments', filename: 'Jo Bloggs car.jpg', type: 'image/jpeg', data: TAGGED }],
      { csrf: false },
    );
    expect(res.statusCode).toBe(200);
    const { rows } = await web.db.query<{ filename: string; reference: string }>(
      "SELECT a.filename, r.reference FROM attachments a JOIN portal_reports r ON r.reference = a.owner_id WHERE a.owner_type = 'portal'",
    );
    expect(rows).toEqual([{ filename: 'attachment-1.jpg', reference: expect.stringMatching(/^PR-/) }]);
    const ccu = await signedIn(web.app, 'ccu_analyst');
    const page = await ccu.get(`/portal-reports/${rows[0]!.reference}`);
    const href = /href="(\/portal-reports\/[^"]+\/attachments\/\d+)"/.exec(page.body)![1]!;
    const file = await ccu.get(href);
    expect(file.rawPayload.toString('latin1')).not.toContain('SECRET-LOCATION');
  });
});

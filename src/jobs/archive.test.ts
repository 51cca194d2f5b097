import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import * as tar from 'tar';
import { afterAll, describe, expect, it } from 'vitest';
import { VALID_FIXTURE } from '../../test/dataset-helpers.ts';
import { ArchiveError, ARCHIVE_LIMITS } from './index.ts';
import { unpackDatasetArchive } from './archive.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-archive-test-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
let n = 0;

/** A .tar.gz of `entries` (paths relative to `cwd`), as a stream. */
async function archiveOf(cwd: string, entries: string[], opts: { preservePaths?: boolean } = {}) {
  const file = path.join(work, `a${++n}.tar.gz`);
  await tar.c({ gzip: true, file, cwd, portable: true, ...opts }, entries);
  return fs.createReadStream(file);
}

/** A folder holding `files` (name → content), for archiving. */
function folderOf(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(work, 'src-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const target = () => path.join(work, `out-${++n}`);

describe('unpacking an uploaded dataset archive', () => {
  it('unpacks a dataset folder archived whole, or its files at the top', async () => {
    const parent = path.dirname(VALID_FIXTURE);
    const folder = await unpackDatasetArchive(
      await archiveOf(parent, [path.basename(VALID_FIXTURE)]),
      target(),
    );
    expect(fs.readdirSync(folder).sort()).toEqual(fs.readdirSync(VALID_FIXTURE).sort());
    expect(fs.readFileSync(path.join(folder, 'staff.csv'))).toEqual(
      fs.readFileSync(path.join(VALID_FIXTURE, 'staff.csv')),
    );
    const top = await unpackDatasetArchive(
      await archiveOf(VALID_FIXTURE, ['staff.csv', 'dataset.json']),
      target(),
    );
    expect(fs.readdirSync(top).sort()).toEqual(['dataset.json', 'staff.csv']);
    expect(fs.existsSync(path.join(path.dirname(top), 'upload.tar.gz'))).toBe(false);
  });

  it('refuses what a dataset does not hold, naming it, and leaves nothing behind', async () => {
    const cases: [NodeJS.ReadableStream, RegExp][] = [
      [await archiveOf(folderOf({ 'notes.txt': 'x' }), ['notes.txt']), /notes\.txt: not a dataset file/],
      [
        await archiveOf(folderOf({ 'a/b/staff.csv': 'x' }), ['a']),
        /a folder inside a folder|not a dataset file/,
      ],
      [
        await archiveOf(folderOf({ 'x/staff.csv': 'x', 'y/calls.csv': 'x' }), ['x', 'y']),
        /at the top of the archive or in one folder/,
      ],
      [Readable.from([Buffer.from('this is not an archive at all, just text')]), /not a \.tar\.gz archive/],
    ];
    const inner = folderOf({ 'inner/staff.csv': 'x' });
    cases.push([
      await archiveOf(path.join(inner, 'inner'), ['../inner/staff.csv'], { preservePaths: true }),
      /not a dataset file/,
    ]);
    const linked = folderOf({ 'staff.csv': 'x' });
    fs.symlinkSync('/etc/passwd', path.join(linked, 'calls.csv'));
    cases.push([
      await archiveOf(linked, ['staff.csv', 'calls.csv']),
      /calls\.csv: a SymbolicLink, not a plain file/,
    ]);
    for (const [stream, message] of cases) {
      const dir = target();
      await expect(unpackDatasetArchive(stream, dir)).rejects.toThrow(message);
      expect(fs.existsSync(dir)).toBe(false);
    }
  });

  it('refuses an archive that would unpack past the limits', async () => {
    const dir = folderOf({ 'staff.csv': 'x'.repeat(1000), 'calls.csv': 'y' });
    await expect(
      unpackDatasetArchive(await archiveOf(dir, ['staff.csv', 'calls.csv']), target(), {
        ...ARCHIVE_LIMITS,
        files: 1,
      }),
    ).rejects.toThrow('more than 1 files');
    await expect(
      unpackDatasetArchive(await archiveOf(dir, ['staff.csv']), target(), {
        ...ARCHIVE_LIMITS,
        unpackedBytes: 999,
      }),
    ).rejects.toBeInstanceOf(ArchiveError);
  });
});

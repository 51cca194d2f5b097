/**
 * A dataset uploaded as a `.tar.gz` archive, unpacked into a folder of its own for an import job. The
 * archive is listed before anything is written: only plain files that a dataset holds (`*.csv`,
 * `*.csv.gz`, `dataset.json`), at its top or in one folder, no more than the limits allow, so that an
 * archive cannot write outside its folder, plant links or fill the disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';

export class ArchiveError extends Error {}

export const ARCHIVE_LIMITS = {
  /** The most an archive may unpack to; each `.csv.gz` inside is then held to the importer's own limits. */
  unpackedBytes: 16 * 1024 ** 3,
  files: 200,
};

const DATASET_FILE = /^(?:[a-z_]+\.csv(?:\.gz)?|dataset\.json)$/;

interface Listed {
  files: string[];
  top: string | undefined;
}

/** Lists the archive's entries and refuses it, naming why, unless it is a dataset and within the limits. */
async function listDataset(file: string, limits: typeof ARCHIVE_LIMITS): Promise<Listed> {
  const files: string[] = [];
  const problems: string[] = [];
  const tops = new Set<string>();
  let bytes = 0;
  try {
    await tar.t({
      file,
      strict: true,
      onReadEntry: (entry) => {
        const name = entry.path.replace(/^\.\//, '').replace(/\/$/, '');
        const parts = name.split('/');
        if (entry.type === 'Directory') {
          if (parts.length > 1 || name.startsWith('..') || path.isAbsolute(entry.path))
            problems.push(`${entry.path}: a folder inside a folder`);
          else if (name) tops.add(name);
          return;
        }
        if (entry.type !== 'File' && entry.type !== 'OldFile') {
          problems.push(`${entry.path}: a ${entry.type}, not a plain file`);
          return;
        }
        if (
          path.isAbsolute(entry.path) ||
          parts.includes('..') ||
          parts.length > 2 ||
          !DATASET_FILE.test(parts.at(-1)!)
        ) {
          problems.push(`${entry.path}: not a dataset file (expected NAME.csv, NAME.csv.gz or dataset.json)`);
          return;
        }
        if (parts.length === 2) tops.add(parts[0]!);
        else tops.add('');
        bytes += entry.size;
        files.push(name);
      },
    });
  } catch (err) {
    throw new ArchiveError(`not a .tar.gz archive that can be read (${(err as Error).message})`);
  }
  if (problems.length) throw new ArchiveError(problems.slice(0, 5).join('; '));
  if (files.length === 0) throw new ArchiveError('the archive holds no dataset files');
  if (files.length > limits.files)
    throw new ArchiveError(`the archive holds more than ${limits.files} files`);
  if (bytes > limits.unpackedBytes)
    throw new ArchiveError(
      `the archive would unpack to more than ${Math.round(limits.unpackedBytes / 1024 ** 3)} GB`,
    );
  if (tops.size > 1)
    throw new ArchiveError('put the dataset files at the top of the archive or in one folder');
  const [top] = tops;
  return { files, top: top || undefined };
}

/**
 * Saves the uploaded archive in `dir` (a new folder of its own) and unpacks it there; resolves to the
 * dataset folder. On refusal nothing is left behind.
 */
export async function unpackDatasetArchive(
  upload: NodeJS.ReadableStream,
  dir: string,
  limits = ARCHIVE_LIMITS,
): Promise<string> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'upload.tar.gz');
  try {
    await pipeline(upload, fs.createWriteStream(file, { mode: 0o600 }));
    const listed = await listDataset(file, limits);
    const out = path.join(dir, 'dataset');
    fs.mkdirSync(out, { mode: 0o700 });
    const wanted = new Set(listed.files);
    await tar.x({
      file,
      cwd: out,
      strict: true,
      // Only what was listed and checked; tar itself refuses absolute paths and `..` besides.
      filter: (entryPath) =>
        wanted.has(entryPath.replace(/^\.\//, '').replace(/\/$/, '')) || entryPath.endsWith('/'),
    });
    fs.rmSync(file, { force: true });
    return listed.top ? path.join(out, listed.top) : out;
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';

const EDGE_BYTES = 64 << 10;

/**
 * What identifies a file's contents well enough to resume reading it: size, modification time, and a
 * hash of its first and last 64 KiB (cheap for a file of any size).
 */
export async function fileIdentity(filePath: string): Promise<string> {
  const handle = await fs.open(filePath, 'r');
  try {
    const { size, mtimeMs } = await handle.stat();
    const hash = createHash('sha256');
    const edge = Buffer.alloc(Math.min(EDGE_BYTES, size));
    for (const position of [0, Math.max(0, size - EDGE_BYTES)]) {
      const { bytesRead } = await handle.read(edge, 0, edge.length, position);
      hash.update(edge.subarray(0, bytesRead));
    }
    return `${size}:${Math.trunc(mtimeMs)}:${hash.digest('hex')}`;
  } finally {
    await handle.close();
  }
}

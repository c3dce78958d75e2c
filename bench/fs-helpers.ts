export { mkdtemp, rm, readFile, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** Disk usage of a directory in bytes (`du -sb`). */
export async function du(path: string): Promise<number> {
  const { stdout } = await promisify(execFile)('du', ['-sb', path]);
  return parseInt(stdout, 10);
}

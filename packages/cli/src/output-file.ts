/**
 * Output files (`--dotenv`): checked before the verb runs, so an unwritable path is exit 2 with
 * nothing pushed, instead of exit 1 after a change has already landed (DESIGN.md principle 8).
 */
import { closeSync, constants, openSync, rmSync, statSync } from 'node:fs';
import { InputError } from '@gitops-actions/core/interface';

const WHY: Record<string, string> = {
  ENOENT: 'its directory does not exist',
  ENOTDIR: 'a parent is not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENXIO: 'it is a pipe nobody reads',
};

/** Open `path` for appending (created if missing, then removed again); InputError naming `flag` if that fails. */
export function assertWritable(path: string, flag: string): void {
  const shown = JSON.stringify(path.length > 80 ? `${path.slice(0, 80)}…` : path);
  const cannot = (code: string) => new InputError(`${flag} ${shown} cannot be written: ${WHY[code] ?? code}`, 'pass a writable file path');
  if (path.trim() === '') throw new InputError(`${flag} is empty`, 'pass a file path, or leave the flag out');
  let existed: boolean;
  try {
    existed = true;
    if (statSync(path).isDirectory()) throw cannot('EISDIR');
  } catch (err) {
    if (err instanceof InputError) throw err;
    existed = false;
  }
  let fd: number;
  try {
    // Non-blocking, so a FIFO without a reader fails (ENXIO) instead of hanging here.
    fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK, 0o644);
  } catch (err) {
    throw cannot((err as NodeJS.ErrnoException).code ?? 'unknown error');
  }
  closeSync(fd);
  if (!existed) rmSync(path, { force: true });
}

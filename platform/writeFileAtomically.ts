import fs from 'node:fs';

/**
 * Writes `file` so that a reader sees the old content or the new, never half of it: a
 * temporary file beside it, flushed to disk, then renamed over it (rename is atomic on
 * one file system, POSIX rename(2)).
 */
export function writeFileAtomically(file: string, content: string, mode = 0o644): void {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  const fd = fs.openSync(temporary, 'w', mode);
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(temporary, file);
  } catch (err) {
    fs.rmSync(temporary, { force: true });
    throw err;
  }
}

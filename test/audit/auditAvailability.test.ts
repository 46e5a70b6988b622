import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AuditUnavailableError } from '../../audit/AuditUnavailableError';
import { SqliteAuditStore } from '../../audit/SqliteAuditStore';
import { sampleInput, tempDir } from './auditFixtures';

/*
 * We run as root, so chmod cannot make anything unwritable. These faults really fail for
 * root: another connection holding the write lock, the directory or file removed, the
 * directory replaced by a file.
 */

let root: string;
let dir: string;
let file: string;
const open: SqliteAuditStore[] = [];

function store(options: Partial<ConstructorParameters<typeof SqliteAuditStore>[0]> = {}): SqliteAuditStore {
  const s = new SqliteAuditStore({ file, lockWaitMs: 100, probeFreshMs: 0, ...options });
  open.push(s);
  return s;
}

/** A consistent copy through SQLite's backup API (it includes what is still in the WAL). */
async function backup(to: string): Promise<void> {
  const db = new Database(file, { readonly: true });
  try {
    await db.backup(to);
  } finally {
    db.close();
  }
}

function restore(copy: string): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
  fs.copyFileSync(copy, file);
}

beforeEach(() => {
  root = tempDir();
  dir = path.join(root, 'data');
  file = path.join(dir, 'audit.sqlite');
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  fs.rmSync(root, { recursive: true, force: true });
});

describe('another connection holds the write lock', () => {
  test('a short lock is waited out without blocking the event loop', async () => {
    const s = store({ lockWaitMs: 2000 });
    await s.append(sampleInput({}, 1));
    const locker = new Database(file);
    locker.exec('BEGIN EXCLUSIVE');
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 5);
    const pending = s.append(sampleInput({}, 2));
    await new Promise((resolve) => setTimeout(resolve, 150));
    locker.exec('COMMIT');
    locker.close();
    await expect(pending).resolves.toMatchObject({ seq: 2 });
    clearInterval(ticker);
    // A blocked loop (a synchronous busy wait) ticks at most once in those 150 ms; a free one
    // ~30 times, fewer on a loaded machine: a low bar that still tells the two apart.
    expect(ticks).toBeGreaterThan(3);
  });

  test('readiness stays true while a lock is younger than lockWaitMs (a prune must not take the gateway out of rotation)', async () => {
    const s = store({ lockWaitMs: 300 });
    await s.append(sampleInput({}, 1));
    const locker = new Database(file);
    locker.exec('BEGIN EXCLUSIVE');
    try {
      expect(await s.isWritable()).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 350));
      expect(await s.isWritable()).toBe(false);
    } finally {
      locker.exec('COMMIT');
      locker.close();
    }
    expect(await s.isWritable()).toBe(true);
  });

  test('a long lock fails closed with AUDIT_UNAVAILABLE, the probe says false, and both recover', async () => {
    const s = store();
    await s.append(sampleInput({}, 1));
    const locker = new Database(file);
    locker.exec('BEGIN EXCLUSIVE');
    try {
      const attempt = s.append(sampleInput({}, 2));
      await expect(attempt).rejects.toBeInstanceOf(AuditUnavailableError);
      await expect(attempt).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE', reason: 'locked', sqliteCode: expect.stringMatching(/^SQLITE_BUSY/) });
      expect(await s.isWritable()).toBe(false);
    } finally {
      locker.exec('COMMIT');
      locker.close();
    }
    expect(await s.isWritable()).toBe(true);
    await expect(s.append(sampleInput({}, 3))).resolves.toMatchObject({ seq: 2 });
    expect(await s.verifyChain()).toMatchObject({ verified: true, records: 2 });
    expect(s.stats()).toMatchObject({ appended: 2, failed: 1 });
  });

  test('once an append was refused for the lock, readiness says false at once, even when a busy loop saw the lock late', async () => {
    const s = store({ lockWaitMs: 400 });
    await s.append(sampleInput({}, 1));
    const locker = new Database(file);
    locker.exec('BEGIN EXCLUSIVE');
    try {
      const attempt = s.append(sampleInput({}, 2));
      // The event loop is busy (other requests) for 250 ms: the first commit attempt, and
      // the store's first sight of the lock, come that much after the record was queued.
      const busyUntil = Date.now() + 250;
      while (Date.now() < busyUntil);
      await expect(attempt).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE', reason: 'locked' });
      expect(await s.isWritable()).toBe(false);
    } finally {
      locker.exec('COMMIT');
      locker.close();
    }
    expect(await s.isWritable()).toBe(true);
  });
});

describe('the file or its directory disappears', () => {
  test.each<[string, () => void]>([
    ['the directory is removed', () => fs.rmSync(dir, { recursive: true, force: true })],
    ['the file (and its WAL) is removed', () => ['', '-wal', '-shm'].forEach((suffix) => fs.rmSync(`${file}${suffix}`, { force: true }))],
    [
      'the directory is replaced by a file',
      () => {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.writeFileSync(dir, 'not a directory');
      },
    ],
  ])('%s: refuse (no new chain), then resume once the file is restored', async (_name, fault) => {
    const s = store();
    for (let i = 1; i <= 3; i += 1) await s.append(sampleInput({}, i));
    const copy = path.join(root, 'backup.sqlite');
    await backup(copy);

    fault();
    // SQLite would keep writing into the deleted inode; the store must notice instead.
    const attempt = s.append(sampleInput({}, 4));
    await expect(attempt).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE', reason: 'vanished' });
    await expect(attempt).rejects.toThrow(/held records up to seq 3/);
    expect(await s.isWritable()).toBe(false);
    expect(fs.existsSync(file)).toBe(false); // nothing recreated behind the operator's back

    fs.rmSync(dir, { recursive: true, force: true });
    restore(copy);
    expect(await s.isWritable()).toBe(true);
    await expect(s.append(sampleInput({}, 5))).resolves.toMatchObject({ seq: 4 });
    expect(await s.verifyChain()).toMatchObject({ verified: true, records: 4 });
  });

  test('a restored copy that lacks acknowledged records is refused until the newest copy is back', async () => {
    const s = store();
    await s.append(sampleInput({}, 1));
    const old = path.join(root, 'old.sqlite');
    await backup(old);
    await s.append(sampleInput({}, 2));
    const current = path.join(root, 'current.sqlite');
    await backup(current);

    fs.rmSync(dir, { recursive: true, force: true });
    restore(old);
    await expect(s.append(sampleInput({}, 3))).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE', reason: 'diverged' });
    expect(await s.isWritable()).toBe(false);

    restore(current);
    await expect(s.append(sampleInput({}, 4))).resolves.toMatchObject({ seq: 3 });
  });

  test('a store that never wrote starts unavailable when the path is unusable, and recovers once it is', async () => {
    fs.writeFileSync(dir, 'a file where the data directory should be');
    const s = store();
    expect(await s.isWritable()).toBe(false);
    await expect(s.append(sampleInput({}, 1))).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE', reason: 'io' });
    expect(s.unavailableReason()?.message).toContain(file);

    fs.rmSync(dir);
    expect(await s.isWritable()).toBe(true);
    await expect(s.append(sampleInput({}, 2))).resolves.toMatchObject({ seq: 1 });
  });
});

test('a closed store refuses appends and reports not writable', async () => {
  const s = store();
  await s.close();
  await expect(s.append(sampleInput())).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE', reason: 'closed' });
  expect(await s.isWritable()).toBe(false);
});

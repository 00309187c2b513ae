// The embedded database's data folder: one writer at a time, and private to its owner.
//
// A second process that opened the same PGlite folder would write into files the first
// one has cached, and its writes would vanish (or corrupt the folder) when the first
// one writes back. So whoever opens a folder holds an exclusive lock on it for as long
// as it is open: a listening socket whose name is derived from the folder's real path.
// NOTE: on Linux the socket lives in the abstract namespace, so the kernel releases it
// when the holder dies, even by kill -9: there is no stale lock to clean up. Elsewhere it
// is a socket file in the temp folder; one that nobody answers on is stale and replaced.
// The holder answers a connection with who it is (pid, what, since, its URL once it
// serves one), so the refusal can say which process to stop or which API to use.
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readdirSync, realpathSync, statSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineError } from '../errors.js';

/** What the holder of a folder says about itself. */
export type LockHolder = { pid: number; what: string; since: string; url?: string };

export type FolderLock = {
  /** Add what others should know (the URL the server listens on). */
  describe(more: Partial<Pick<LockHolder, 'url'>>): void;
  release(): Promise<void>;
};

/** The socket address that stands for a folder. */
function lockAddress(dir: string): string {
  const hash = createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 32);
  return process.platform === 'linux' ? `\0campaign-engine-${hash}` : join(tmpdir(), `campaign-engine-${hash}.lock`);
}

/** Ask whoever listens at `address` who it is; undefined when nobody answers (a stale socket file). */
function askHolder(address: string): Promise<LockHolder | 'silent' | undefined> {
  return new Promise((resolve) => {
    let text = '';
    const socket = connect(address);
    const timer = setTimeout(() => (socket.destroy(), resolve('silent')), 2000);
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (text += d));
    socket.on('end', () => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(text) as LockHolder);
      } catch {
        resolve('silent');
      }
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(e.code === 'ECONNREFUSED' || e.code === 'ENOENT' ? undefined : 'silent');
    });
  });
}

function listen(address: string, holder: () => LockHolder): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.end(JSON.stringify(holder())));
    server.once('error', reject);
    server.listen(address, () => {
      server.off('error', reject);
      server.unref(); // the lock never keeps a process alive by itself
      resolve(server);
    });
  });
}

/** The refusal when another process holds the folder. */
export function folderInUse(dir: string, holder: LockHolder | 'silent'): EngineError {
  const who = holder === 'silent' ? 'another process (it did not say which)' : `process ${holder.pid} (${holder.what}, since ${holder.since}${holder.url ? `, serving ${holder.url}` : ''})`;
  const server = holder !== 'silent' && holder.url ? holder.url : 'URL';
  return new EngineError(
    'conflict',
    `the data folder ${dir} is in use by ${who}. Only one process may write an embedded database: ` +
      `stop that process first, or do this through its API, e.g. campaign users create --server ${server} --token TOKEN …`,
    { holder },
  );
}

/** Take the folder's lock, or refuse at once naming the process that holds it. */
export async function lockFolder(dir: string, what: string): Promise<FolderLock> {
  const address = lockAddress(dir);
  const info: LockHolder = { pid: process.pid, what, since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      const server = await listen(address, () => info);
      return {
        describe: (more) => Object.assign(info, more),
        release: () => new Promise<void>((done) => server.close(() => done())),
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 2) throw e;
      const holder = await askHolder(address);
      if (holder !== undefined) throw folderInUse(dir, holder);
      // Nobody answers a socket file: its process died without removing it.
      if (process.platform !== 'linux') unlinkSync(address);
    }
  }
}

/**
 * Make the data folder (0700) or check the one there: refuse a folder any local
 * account may write (its files could have been replaced), and take group and other
 * permissions off the folder and its files (earlier versions left them 0755/0644).
 * Returns how many modes it tightened.
 */
export function prepareDataFolder(dir: string): number {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = statSync(dir);
  if (st.mode & 0o002)
    throw new EngineError(
      'forbidden',
      `the data folder ${dir} is writable by every local account (mode ${(st.mode & 0o777).toString(8)}), so its files cannot be trusted. ` +
        `Check them, then make it private (chmod 700 ${dir}) or choose another DATA_DIR.`,
    );
  if (typeof process.getuid === 'function' && st.uid !== process.getuid())
    throw new EngineError('forbidden', `the data folder ${dir} belongs to another account (uid ${st.uid}); run as that account or choose another DATA_DIR`);
  let tightened = 0;
  const walk = (path: string) => {
    const s = lstatSync(path);
    if (s.isSymbolicLink()) return;
    if (s.mode & 0o077) {
      chmodSync(path, s.mode & 0o700);
      tightened += 1;
    }
    if (s.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
  return tightened;
}

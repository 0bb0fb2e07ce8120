import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Whom a server the tests start runs as: `undefined` is this process's own user. */
export type RunAs = { uid: number; gid: number; name: string } | undefined;

/**
 * PostgreSQL refuses to run as root, and nginx should not: when the tests run as root (CI), such a
 * server runs as the first of `candidates` that exists (the Debian packages create `postgres` and
 * `www-data`; `nobody` exists everywhere). Otherwise it runs as the current user.
 */
export function unprivilegedUser(candidates: readonly string[]): RunAs {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of [...candidates, 'nobody']) {
    try {
      const [, , uid, gid] = execFileSync('getent', ['passwd', name], { encoding: 'utf8' }).split(':');
      if (uid !== undefined && gid !== undefined) return { uid: Number(uid), gid: Number(gid), name };
    } catch {
      // no such user: try the next one
    }
  }
  throw new Error(`none of the users ${candidates.join(', ')}, nobody exists to run a test server`);
}

/** Whether every folder from `path` up to the root lets others through (o+x). */
function traversable(path: string): boolean {
  for (let folder = path; ; folder = dirname(folder)) {
    if ((statSync(folder).mode & 0o001) === 0) return false;
    if (dirname(folder) === folder) return true;
  }
}

/**
 * A fresh temporary folder owned by `user`, under a path that user can reach (`TMPDIR` may be a
 * folder of root's own, e.g. /root/tmp: then /tmp).
 */
export function temporaryFolderFor(user: RunAs, prefix: string): string {
  const base = user === undefined || traversable(tmpdir()) ? tmpdir() : '/tmp';
  const folder = mkdtempSync(join(base, prefix));
  if (user !== undefined) chownSync(folder, user.uid, user.gid);
  return folder;
}

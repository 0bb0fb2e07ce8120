import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporaryFolderFor, unprivilegedUser } from './unprivileged.js';

/**
 * A throw-away nginx (Debian's `nginx`): its own configuration, temporary folders and pid file in a
 * fresh folder, no daemon, errors on stderr, run as an unprivileged user when the tests run as root.
 * `serverBlocks` goes inside `http { }`: it must listen on loopback ports the caller chose.
 */
export interface TestNginx {
  /** What nginx wrote on stderr so far. */
  output(): string;
  close(): Promise<void>;
}

export function nginxBinary(): string {
  for (const candidate of [process.env.NGINX_PATH, '/usr/sbin/nginx', '/usr/bin/nginx']) {
    if (candidate && spawnSync(candidate, ['-v']).status === 0) return candidate;
  }
  throw new Error(
    'nginx not found: install it (Debian/Ubuntu: apt-get install nginx; `npm test` does it as root) or set NGINX_PATH',
  );
}

export async function startNginx(serverBlocks: string, port: number): Promise<TestNginx> {
  const binary = nginxBinary();
  const user = unprivilegedUser(['www-data']);
  const folder = temporaryFolderFor(user, 'fc-kit-nginx-');
  for (const name of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    mkdirSync(join(folder, name));
    if (user) chownSync(join(folder, name), user.uid, user.gid);
  }
  const config = join(folder, 'nginx.conf');
  writeFileSync(
    config,
    `pid ${join(folder, 'nginx.pid')};
worker_processes 1;
error_log stderr warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${join(folder, 'client_body')};
  proxy_temp_path ${join(folder, 'proxy')};
  fastcgi_temp_path ${join(folder, 'fastcgi')};
  uwsgi_temp_path ${join(folder, 'uwsgi')};
  scgi_temp_path ${join(folder, 'scgi')};
${serverBlocks}
}
`,
  );
  if (user) chownSync(config, user.uid, user.gid);
  // -e: the error log before the configuration is read (Debian's default, /var/log/nginx, is root's).
  const args = ['-p', folder, '-c', config, '-e', 'stderr', '-g', 'daemon off;'];
  // In its own folder: the tests' working directory may be closed to that user (/root/…).
  const test = spawnSync(binary, ['-t', ...args], {
    encoding: 'utf8',
    cwd: folder,
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
  if (test.status !== 0) {
    rmSync(folder, { recursive: true, force: true });
    throw new Error(`nginx refused its configuration:\n${test.stderr}`);
  }
  const child: ChildProcess = spawn(binary, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    cwd: folder,
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const killAtExit = () => child.kill('SIGKILL');
  process.once('exit', killAtExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Ready once it answers on its port (bounded).
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited:\n${output}`);
    try {
      await (await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual' })).body?.cancel();
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`nginx did not answer on ${port}:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    output: () => output,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGQUIT'); // graceful: finishes what it serves
        await exited;
      }
      process.removeListener('exit', killAtExit);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

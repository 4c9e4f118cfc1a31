/** The files of the busybox and httpd images: Debian's static busybox, its applet links, users, /tmp and /www. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { StatusError } from '@skiff/api';
import type { TarEntry } from './layer-tar.js';

const run = promisify(execFile);

/** Where Debian's busybox-static package installs the binary. */
export const DEFAULT_BUSYBOX_PATH = '/bin/busybox';

/** The port the httpd image listens on: unprivileged, so the server also runs as a non-root user. */
export const HTTPD_PORT = 8080;

/** The httpd image's command: foreground, log requests to stderr, serve /www. */
export const HTTPD_COMMAND = ['httpd', '-f', '-v', '-p', String(HTTPD_PORT), '-h', '/www'];

const PASSWD = 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n';
const GROUP = 'root:x:0:\nnobody:x:65534:\n';
export const BUSYBOX_INDEX_HTML = 'hello from busybox\n';
export const HTTPD_INDEX_HTML = 'hello from httpd\n';

/** A CGI script: `GET /cgi-bin/hostname` answers with the pod's hostname, to tell replicas apart. */
const HOSTNAME_CGI = "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n'\nhostname\n";

/** The applet names `busybox --list` prints, without busybox itself. */
export async function busyboxApplets(busyboxPath = DEFAULT_BUSYBOX_PATH): Promise<string[]> {
  let stdout: string;
  try {
    ({ stdout } = await run(busyboxPath, ['--list']));
  } catch (err) {
    throw new StatusError('InternalError', `cannot list busybox applets of ${busyboxPath}: ${(err as Error).message}`);
  }
  const applets = stdout.split('\n').map((line) => line.trim());
  return applets.filter((name) => name !== '' && name !== 'busybox' && !name.includes('/')).sort();
}

/** The busybox rootfs: /bin/busybox, a /bin symlink per applet, /etc/passwd and /etc/group, /root, /tmp, /www. */
export function busyboxEntries(busybox: Buffer, applets: readonly string[]): TarEntry[] {
  return [
    { type: 'dir', path: 'bin', mode: 0o755 },
    { type: 'file', path: 'bin/busybox', mode: 0o755, data: busybox },
    ...applets.map((name): TarEntry => ({ type: 'symlink', path: `bin/${name}`, target: 'busybox' })),
    { type: 'dir', path: 'etc', mode: 0o755 },
    { type: 'file', path: 'etc/passwd', mode: 0o644, data: Buffer.from(PASSWD) },
    { type: 'file', path: 'etc/group', mode: 0o644, data: Buffer.from(GROUP) },
    { type: 'dir', path: 'root', mode: 0o700 },
    { type: 'dir', path: 'tmp', mode: 0o1777 },
    { type: 'dir', path: 'www', mode: 0o755 },
    { type: 'file', path: 'www/index.html', mode: 0o644, data: Buffer.from(BUSYBOX_INDEX_HTML) },
  ];
}

/** The httpd image's own layer, on top of the busybox rootfs: its index page and the hostname CGI. */
export function httpdEntries(): TarEntry[] {
  return [
    { type: 'dir', path: 'www', mode: 0o755 },
    { type: 'file', path: 'www/index.html', mode: 0o644, data: Buffer.from(HTTPD_INDEX_HTML) },
    { type: 'dir', path: 'www/cgi-bin', mode: 0o755 },
    { type: 'file', path: 'www/cgi-bin/hostname', mode: 0o755, data: Buffer.from(HOSTNAME_CGI) },
  ];
}

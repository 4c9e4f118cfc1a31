/** The file layout of one node's containerd below its directory (every path a second instance must not share). */
import { join, resolve } from 'node:path';

/** Where one containerd instance keeps everything; all of it lives below `dir`. */
export interface ContainerdPaths {
  dir: string;
  config: string;
  root: string;
  state: string;
  socket: string;
  opt: string;
  /** runc's state root (the CRI namespace adds `/k8s.io`). */
  runcRoot: string;
  cniConfDir: string;
  ipamDir: string;
  pidFile: string;
}

/** The containerd namespace CRI uses; only images imported into it are visible through CRI. */
export const CRI_NAMESPACE = 'k8s.io';

/** The paths of the containerd rooted at `dir` (made absolute). */
export function containerdPaths(dir: string): ContainerdPaths {
  const d = resolve(dir);
  return {
    dir: d,
    config: join(d, 'config.toml'),
    root: join(d, 'root'),
    state: join(d, 'state'),
    socket: join(d, 'containerd.sock'),
    opt: join(d, 'opt'),
    runcRoot: join(d, 'runc'),
    cniConfDir: join(d, 'net.d'),
    ipamDir: join(d, 'ipam'),
    pidFile: join(d, 'containerd.pid'),
  };
}

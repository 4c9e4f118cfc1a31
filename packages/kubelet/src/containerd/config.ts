/** The containerd 1.6 config (version 2) for one node: private root, state, socket, runc root and CNI conf dir, CRI tuned for this machine. */
import type { ContainerdPaths } from './paths.js';

/** Directory of the CNI plugin binaries (Debian's containernetworking-plugins); containerd's compiled-in default /opt/cni/bin is empty here. */
export const CNI_BIN_DIR = '/usr/lib/cni';
/** Longer log lines are split into partial (P) entries, as Kubernetes does. */
export const MAX_CONTAINER_LOG_LINE_SIZE = 16_384;

export interface ContainerdConfigOptions {
  paths: ContainerdPaths;
  /** Image of every sandbox's pause container; must already be imported (nothing can be pulled here). */
  sandboxImage: string;
  /** containerd's log level (default info). */
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error';
}

/** A TOML basic string. */
function q(value: string): string {
  return JSON.stringify(value);
}

/** The config.toml text for `containerd --config`. */
export function containerdConfig(opts: ContainerdConfigOptions): string {
  const p = opts.paths;
  const cri = '[plugins."io.containerd.grpc.v1.cri"';
  return `# Written by the Skiff kubelet; containerd reads only this file (not /etc/containerd/config.toml).
version = 2
root = ${q(p.root)}
state = ${q(p.state)}
oom_score = 0

[grpc]
  address = ${q(p.socket)}

[debug]
  level = ${q(opts.logLevel ?? 'info')}

[plugins]
  [plugins."io.containerd.internal.v1.opt"]
    path = ${q(p.opt)}
  ${cri}]
    sandbox_image = ${q(opts.sandboxImage)}
    # pod netns below our state dir, not the shared /var/run/netns
    netns_mounts_under_state_dir = true
    disable_tcp_service = true
    stream_server_address = "127.0.0.1"
    stream_server_port = "0"
    enable_selinux = false
    disable_apparmor = true
    systemd_cgroup = false
    max_container_log_line_size = ${MAX_CONTAINER_LOG_LINE_SIZE}
    # without CAP_SYS_RESOURCE runc cannot lower oom_score_adj below ours (sandboxes want -998)
    restrict_oom_score_adj = true
    ${cri}.cni]
      bin_dir = ${q(CNI_BIN_DIR)}
      conf_dir = ${q(p.cniConfDir)}
      max_conf_num = 1
    ${cri}.containerd]
      snapshotter = "overlayfs"
      default_runtime_name = "runc"
      ${cri}.containerd.runtimes.runc]
        runtime_type = "io.containerd.runc.v2"
        ${cri}.containerd.runtimes.runc.options]
          SystemdCgroup = false
          Root = ${q(p.runcRoot)}
`;
}

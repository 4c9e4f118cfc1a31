/** Writes a node's CNI network config (bridge + host-local IPAM + portmap) into containerd's conf_dir. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { containerdPaths } from './paths.js';

/** The one conflist containerd loads (max_conf_num = 1). */
export const CNI_CONFLIST_NAME = '10-pods.conflist';
/** CNI spec version the Debian plugins (1.1.1) and containerd 1.6 both speak. */
export const CNI_VERSION = '0.4.0';

export interface CniNetworkOptions {
  /** Network name; must be unique per node: libcni caches results globally as /var/lib/cni/results/<name>-<sandbox>-eth0. */
  networkName: string;
  /** Linux bridge name (at most 15 characters). */
  bridge: string;
  /** The node's pod CIDR, e.g. 10.244.1.0/24. */
  subnet: string;
  /** The bridge's address in the subnet, the pods' default gateway, e.g. 10.244.1.1. */
  gateway: string;
}

/** The conflist JSON for a node. */
export function cniConflist(dir: string, net: CniNetworkOptions): object {
  return {
    cniVersion: CNI_VERSION,
    name: net.networkName,
    plugins: [
      {
        type: 'bridge',
        bridge: net.bridge,
        isGateway: true,
        // no NAT: pod traffic between nodes is routed (host-gw style)
        ipMasq: false,
        hairpinMode: true,
        ipam: {
          type: 'host-local',
          dataDir: containerdPaths(dir).ipamDir,
          ranges: [[{ subnet: net.subnet, gateway: net.gateway }]],
          routes: [{ dst: '0.0.0.0/0' }],
        },
      },
      { type: 'portmap', capabilities: { portMappings: true } },
    ],
  };
}

/**
 * Writes the conflist into `<dir>/net.d` and returns its path. The file is written in place:
 * containerd 1.6 does not notice a file renamed into conf_dir, only a written one.
 */
export async function writeCniConfig(dir: string, net: CniNetworkOptions): Promise<string> {
  if (net.bridge.length > 15) throw new Error(`bridge name ${net.bridge} is longer than 15 characters`);
  const confDir = containerdPaths(dir).cniConfDir;
  await mkdir(confDir, { recursive: true });
  const file = join(confDir, CNI_CONFLIST_NAME);
  await writeFile(file, JSON.stringify(cniConflist(dir, net), null, 2) + '\n');
  return file;
}

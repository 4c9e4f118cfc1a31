/** The controller manager's settings, from flags named as kube-controller-manager names them. */
import { parseDurationFlag } from '@skiff/api';

export interface ControllerManagerSettings {
  /** `host:port` of the apiserver's gRPC transport; empty: REST at the kubeconfig's server. */
  grpcAddress: string;
  leaderElect: boolean;
  /** `--controllers`: `*` (the default set), names to enable, `-name` to disable. */
  controllers: string[];
  /** How long a node may go without a heartbeat before it is marked NotReady/Unknown. */
  nodeMonitorGracePeriodMs: number;
  /** How often node health is checked. */
  nodeMonitorPeriodMs: number;
  /** How long a node that never reported may take to become ready before it is marked Unknown. */
  nodeStartupGracePeriodMs: number;
  /** Whether node IPAM hands out pod CIDRs. */
  allocateNodeCidrs: boolean;
  clusterCidr: string;
  nodeCidrMaskSize: number;
  /** Workers per controller for the busy ones. */
  concurrentReplicaSetSyncs: number;
  concurrentDeploymentSyncs: number;
  concurrentEndpointSyncs: number;
  concurrentGcSyncs: number;
  concurrentNamespaceSyncs: number;
}

/** Flag defaults, kube-controller-manager's. */
export const CONTROLLER_MANAGER_FLAGS: Record<string, string> = {
  'grpc-address': '',
  'leader-elect': 'true',
  controllers: '*',
  'node-monitor-grace-period': '40s',
  'node-monitor-period': '5s',
  'node-startup-grace-period': '1m',
  'allocate-node-cidrs': 'true',
  'cluster-cidr': '10.244.0.0/16',
  'node-cidr-mask-size': '24',
  'concurrent-replicaset-syncs': '5',
  'concurrent-deployment-syncs': '5',
  'concurrent-endpoint-syncs': '5',
  'concurrent-gc-syncs': '20',
  'concurrent-namespace-syncs': '10',
};

function bool(name: string, value: string): boolean {
  if (value !== 'true' && value !== 'false') throw new Error(`invalid --${name} ${JSON.stringify(value)} (true or false)`);
  return value === 'true';
}

function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`invalid --${name} ${JSON.stringify(value)} (a positive integer)`);
  return n;
}

/** Typed settings from the flag strings (defaults filled in by the component frame). */
export function controllerManagerSettings(values: Record<string, string>): ControllerManagerSettings {
  const v = (name: string): string => values[name] ?? CONTROLLER_MANAGER_FLAGS[name]!;
  const mask = Number(v('node-cidr-mask-size'));
  if (!Number.isInteger(mask) || mask < 1 || mask > 30) throw new Error(`invalid --node-cidr-mask-size ${JSON.stringify(v('node-cidr-mask-size'))} (1 to 30)`);
  return {
    grpcAddress: v('grpc-address'),
    leaderElect: bool('leader-elect', v('leader-elect')),
    controllers: v('controllers').split(',').map((s) => s.trim()).filter((s) => s !== ''),
    nodeMonitorGracePeriodMs: parseDurationFlag('node-monitor-grace-period', v('node-monitor-grace-period')),
    nodeMonitorPeriodMs: parseDurationFlag('node-monitor-period', v('node-monitor-period')),
    nodeStartupGracePeriodMs: parseDurationFlag('node-startup-grace-period', v('node-startup-grace-period')),
    allocateNodeCidrs: bool('allocate-node-cidrs', v('allocate-node-cidrs')),
    clusterCidr: v('cluster-cidr'),
    nodeCidrMaskSize: mask,
    concurrentReplicaSetSyncs: positiveInt('concurrent-replicaset-syncs', v('concurrent-replicaset-syncs')),
    concurrentDeploymentSyncs: positiveInt('concurrent-deployment-syncs', v('concurrent-deployment-syncs')),
    concurrentEndpointSyncs: positiveInt('concurrent-endpoint-syncs', v('concurrent-endpoint-syncs')),
    concurrentGcSyncs: positiveInt('concurrent-gc-syncs', v('concurrent-gc-syncs')),
    concurrentNamespaceSyncs: positiveInt('concurrent-namespace-syncs', v('concurrent-namespace-syncs')),
  };
}

/** The settings with every default, for tests and embedders (overrides on top). */
export function defaultControllerManagerSettings(overrides: Partial<ControllerManagerSettings> = {}): ControllerManagerSettings {
  return { ...controllerManagerSettings({}), ...overrides };
}

/** What the pod worker needs from the kubelet: the CRI client, node directories and names, config sources, back-offs, clock and events. */
import type { Clock } from '@skiff/runtime';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { CriClient } from '../cri/index.js';
import type { EnvSources } from '../podconfig/index.js';
import type { CrashLoopBackoff, ImageBackoff } from '../status/index.js';

export type PodEventType = 'Normal' | 'Warning';

/** Where the worker reports events about a pod (reasons and messages as the kubelet's). */
export type PodEventSink = (pod: Pod, type: PodEventType, reason: string, message: string) => void;

export interface PodWorkerDeps {
  cri: CriClient;
  /** Per-pod directories `<podsDir>/<uid>` (volumes, /etc/hosts, termination messages). */
  podsDir: string;
  /** Container logs: `<logsDir>/<ns>_<name>_<uid>/<container>/<attempt>.log`. */
  logsDir: string;
  /** First segment of every pod's cgroup parent. */
  cgroupRoot: string;
  nodeName: string;
  /** The node's IP (status.hostIP, env). */
  hostIP?: string;
  clusterDNS?: string[];
  clusterDomain?: string;
  resolvConfPath?: string;
  /** ConfigMaps and Secrets for env and volumes (undefined for an object that does not exist). */
  sources: Pick<EnvSources, 'configMaps' | 'secrets' | 'serviceEnv' | 'nodeAllocatable'>;
  backoffs: { crashLoop: CrashLoopBackoff; image: ImageBackoff };
  clock: Pick<Clock, 'now'>;
  events: PodEventSink;
}

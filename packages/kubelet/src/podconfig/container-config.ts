/** The CRI ContainerConfig for one container of a pod: command/args with `$(VAR)`, env, mounts, logs, labels, annotations, resources, security. */
import { randomBytes } from 'node:crypto';
import { totalmem } from 'node:os';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { ContainerConfig, CriInput, LinuxContainerSecurityContext } from '../cri/index.js';
import { resolveEnvDetailed, type EnvSources, type ResolvedEnv } from './env.js';
import { expandVars } from './expansion.js';
import { containerMounts, DEFAULT_TERMINATION_MESSAGE_PATH, terminationMessageFile } from './mounts.js';
import { containerLinuxResources } from './resources.js';
import { POD_NAME_LABEL, POD_NAMESPACE_LABEL, POD_UID_LABEL, podNamespaceModes } from './sandbox-config.js';

export const CONTAINER_NAME_LABEL = 'io.kubernetes.container.name';
export const CONTAINER_HASH_ANNOTATION = 'io.kubernetes.container.hash';
export const CONTAINER_RESTART_COUNT_ANNOTATION = 'io.kubernetes.container.restartCount';
export const TERMINATION_MESSAGE_PATH_ANNOTATION = 'io.kubernetes.container.terminationMessagePath';
export const TERMINATION_MESSAGE_POLICY_ANNOTATION = 'io.kubernetes.container.terminationMessagePolicy';
export const TERMINATION_GRACE_PERIOD_ANNOTATION = 'io.kubernetes.pod.terminationGracePeriod';
export const CONTAINER_PORTS_ANNOTATION = 'io.kubernetes.container.ports';
export const PRESTOP_HANDLER_ANNOTATION = 'io.kubernetes.container.preStopHandler';
/** The API default of terminationGracePeriodSeconds. */
const DEFAULT_TERMINATION_GRACE_SECONDS = 30;

/** /proc paths upstream masks and makes read-only in unprivileged containers (procMount Default). */
export const DEFAULT_MASKED_PATHS = [
  '/proc/asound',
  '/proc/acpi',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
];
export const DEFAULT_READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

export interface ContainerConfigOptions {
  /** CRI metadata.attempt: the container's restart count. */
  attempt: number;
  podDir: string;
  /** The image to run (a full reference or `sha256:` id, as ImageStatus resolved it). */
  imageRef: string;
  /** Inputs of the environment (configMaps, secrets, IPs, node name, service env, node allocatable). */
  envSources: EnvSources;
  /** Node memory capacity for the Burstable OOM score (default: this machine's total memory). */
  memoryCapacityBytes?: bigint;
  /** A fresh id for the termination message file (default: random). */
  terminationMessageId?: string;
}

export interface BuiltContainerConfig {
  config: CriInput<ContainerConfig>;
  /** Host path of the termination message file ('' when terminationMessagePath is empty). */
  terminationMessageFile: string;
  /** Keys envFrom skipped (for the InvalidEnvironmentVariableNames warning event). */
  invalidEnvKeys: ResolvedEnv['invalidKeys'];
}

/** FNV-1a (32 bit) of the container spec, in hex: changes whenever the spec does (io.kubernetes.container.hash). */
export function containerHash(container: Container): string {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(JSON.stringify(container), 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16);
}

/** Container security context: the container's settings over the pod's. */
export function containerSecurityContext(pod: Pod, container: Container): CriInput<LinuxContainerSecurityContext> {
  const psc = pod.spec?.securityContext ?? {};
  const csc = container.securityContext ?? {};
  const runAsUser = csc.runAsUser ?? psc.runAsUser;
  const runAsGroup = csc.runAsGroup ?? psc.runAsGroup;
  const privileged = csc.privileged ?? false;
  const unmasked = privileged || csc.procMount === 'Unmasked';
  const seccomp = csc.seccompProfile ?? psc.seccompProfile;
  const out: CriInput<LinuxContainerSecurityContext> = {
    namespace_options: podNamespaceModes(pod),
    privileged,
    readonly_rootfs: csc.readOnlyRootFilesystem ?? false,
    capabilities: { add_capabilities: csc.capabilities?.add ?? [], drop_capabilities: csc.capabilities?.drop ?? [] },
    supplemental_groups: [...(psc.supplementalGroups ?? []), ...(psc.fsGroup !== undefined ? [psc.fsGroup] : [])],
    no_new_privs: csc.allowPrivilegeEscalation === false,
    masked_paths: unmasked ? [] : DEFAULT_MASKED_PATHS,
    readonly_paths: unmasked ? [] : DEFAULT_READONLY_PATHS,
    seccomp: {
      profile_type: seccomp?.type === 'RuntimeDefault' ? 'RuntimeDefault' : seccomp?.type === 'Localhost' ? 'Localhost' : 'Unconfined',
      localhost_ref: seccomp?.localhostProfile ?? '',
    },
  };
  if (runAsUser !== undefined) out.run_as_user = { value: runAsUser };
  if (runAsGroup !== undefined) out.run_as_group = { value: runAsGroup };
  return out;
}

function containerAnnotations(pod: Pod, container: Container, attempt: number): Record<string, string> {
  const a: Record<string, string> = {
    [CONTAINER_HASH_ANNOTATION]: containerHash(container),
    [CONTAINER_RESTART_COUNT_ANNOTATION]: String(attempt),
    [TERMINATION_MESSAGE_PATH_ANNOTATION]: container.terminationMessagePath ?? DEFAULT_TERMINATION_MESSAGE_PATH,
    [TERMINATION_MESSAGE_POLICY_ANNOTATION]: container.terminationMessagePolicy ?? 'File',
    [TERMINATION_GRACE_PERIOD_ANNOTATION]: String(pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_SECONDS),
  };
  if (container.ports && container.ports.length > 0) a[CONTAINER_PORTS_ANNOTATION] = JSON.stringify(container.ports);
  if (container.lifecycle?.preStop) a[PRESTOP_HANDLER_ANNOTATION] = JSON.stringify(container.lifecycle.preStop);
  return a;
}

/** The CreateContainer config and what the worker needs beside it. Throws ContainerConfigError (the CreateContainerConfigError cases). */
export async function buildContainerConfig(pod: Pod, container: Container, opts: ContainerConfigOptions): Promise<BuiltContainerConfig> {
  const { env, invalidKeys } = resolveEnvDetailed(pod, container, opts.envSources);
  const envMap = new Map(env.map((e) => [e.name, e.value]));
  const lookup = (n: string): string | undefined => envMap.get(n);
  const terminationId = opts.terminationMessageId ?? randomBytes(4).toString('hex');
  const msgPath = container.terminationMessagePath ?? DEFAULT_TERMINATION_MESSAGE_PATH;
  const mounts = await containerMounts(pod, container, opts.podDir, { env, terminationMessageId: terminationId });
  const meta = pod.metadata ?? {};
  const config: CriInput<ContainerConfig> = {
    metadata: { name: container.name, attempt: opts.attempt },
    image: { image: opts.imageRef },
    command: (container.command ?? []).map((c) => expandVars(c, lookup)),
    args: (container.args ?? []).map((c) => expandVars(c, lookup)),
    working_dir: container.workingDir ?? '',
    envs: env.map((e) => ({ key: e.name, value: e.value })),
    mounts,
    log_path: `${container.name}/${opts.attempt}.log`,
    stdin: container.stdin ?? false,
    stdin_once: container.stdinOnce ?? false,
    tty: container.tty ?? false,
    labels: {
      [CONTAINER_NAME_LABEL]: container.name,
      [POD_NAME_LABEL]: meta.name ?? '',
      [POD_NAMESPACE_LABEL]: meta.namespace ?? 'default',
      [POD_UID_LABEL]: meta.uid ?? '',
    },
    annotations: containerAnnotations(pod, container, opts.attempt),
    linux: {
      resources: containerLinuxResources(pod, container, opts.memoryCapacityBytes ?? BigInt(totalmem())),
      security_context: containerSecurityContext(pod, container),
    },
  };
  return {
    config,
    terminationMessageFile: msgPath === '' ? '' : terminationMessageFile(opts.podDir, container.name, terminationId),
    invalidEnvKeys: invalidKeys,
  };
}

/** The CreateContainer config for `container` (see buildContainerConfig). */
export async function containerConfig(pod: Pod, container: Container, opts: ContainerConfigOptions): Promise<CriInput<ContainerConfig>> {
  return (await buildContainerConfig(pod, container, opts)).config;
}

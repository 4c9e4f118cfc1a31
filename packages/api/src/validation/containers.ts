/** Container validation: names, images, ports, env, volume mounts and resource requests/limits. */
import type { Container, ContainerPort, ResourceRequirements } from 'kubernetes-types/core/v1.js';
import type { FieldCause } from '../errors/status-error.js';
import {
  child,
  duplicateCause,
  forbiddenCause,
  index,
  invalidCause,
  invalidEach,
  notFoundCause,
  notSupportedCause,
  requiredCause,
  IS_NEGATIVE,
} from './field-errors.js';
import { isDNS1123Label, isEnvVarName, isQualifiedName, isValidPortName, isValidPortNum } from './name-format.js';
import { compareQuantities, formatQuantity, quantityOf, type Quantity } from './quantity.js';
import { asArray, asRecord, asString, isRecord } from './values.js';

/** Port protocols Kubernetes supports, in the order its messages list them. */
export const SUPPORTED_PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
/** Resources a container may name without a domain prefix. */
const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
/** Resources whose request may be below the limit; all others (extended resources) need request == limit. */
const OVERCOMMITTABLE = new Set(['cpu', 'memory', 'ephemeral-storage']);

/** Errors in a port protocol, if one is set (unset ones are defaulted to TCP). */
export function validateProtocol(protocol: unknown, path: string): FieldCause[] {
  if (protocol === undefined || protocol === null || protocol === '') return [];
  return SUPPORTED_PORT_PROTOCOLS.includes(asString(protocol)) ? [] : [notSupportedCause(path, protocol, SUPPORTED_PORT_PROTOCOLS)];
}

function validateContainerPorts(ports: unknown, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const names = new Set<string>();
  asArray<unknown>(ports).forEach((raw, i) => {
    const port = asRecord(raw) as Partial<ContainerPort>;
    const p = index(path, i);
    const name = asString(port.name);
    if (name) {
      const errs = isValidPortName(name);
      if (errs.length) causes.push(...invalidEach(child(p, 'name'), name, errs));
      else if (names.has(name)) causes.push(duplicateCause(child(p, 'name'), name));
      else names.add(name);
    }
    if (!port.containerPort) causes.push(requiredCause(child(p, 'containerPort')));
    else causes.push(...invalidEach(child(p, 'containerPort'), port.containerPort, isValidPortNum(port.containerPort)));
    if (port.hostPort) causes.push(...invalidEach(child(p, 'hostPort'), port.hostPort, isValidPortNum(port.hostPort)));
    causes.push(...validateProtocol(port.protocol, child(p, 'protocol')));
  });
  return causes;
}

function validateEnv(env: unknown, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  asArray<unknown>(env).forEach((raw, i) => {
    const name = asString(asRecord(raw)['name']);
    const p = child(index(path, i), 'name');
    if (!name) causes.push(requiredCause(p));
    else causes.push(...invalidEach(p, name, isEnvVarName(name)));
  });
  return causes;
}

function validateVolumeMounts(mounts: unknown, volumes: ReadonlySet<string>, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const mountPaths = new Set<string>();
  asArray<unknown>(mounts).forEach((raw, i) => {
    const mount = asRecord(raw);
    const p = index(path, i);
    const name = asString(mount['name']);
    const mountPath = asString(mount['mountPath']);
    if (!name) causes.push(requiredCause(child(p, 'name')));
    if (!volumes.has(name)) causes.push(notFoundCause(child(p, 'name'), name));
    if (!mountPath) causes.push(requiredCause(child(p, 'mountPath')));
    if (mountPaths.has(mountPath)) causes.push(invalidCause(child(p, 'mountPath'), mountPath, 'must be unique'));
    mountPaths.add(mountPath);
  });
  return causes;
}

function validateResourceName(name: string, path: string): FieldCause[] {
  const errs = isQualifiedName(name);
  if (errs.length) return invalidEach(path, name, errs);
  if (!name.includes('/') && !STANDARD_CONTAINER_RESOURCES.has(name) && !name.startsWith('hugepages-')) {
    return [invalidCause(path, name, 'must be a standard resource for containers')];
  }
  return [];
}

/** Parses each quantity of a resource list, reporting names and values that are not valid. */
function readResourceList(list: unknown, path: string, causes: FieldCause[]): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  for (const [name, raw] of Object.entries(asRecord(list))) {
    const p = index(path, name);
    causes.push(...validateResourceName(name, p));
    const q = quantityOf(raw);
    if (typeof q === 'string') {
      causes.push(invalidCause(p, raw, q));
      continue;
    }
    if (q.nanos < 0n) causes.push(invalidCause(p, formatQuantity(q), IS_NEGATIVE));
    out.set(name, q);
  }
  return out;
}

/** Requests must not exceed limits (and must equal them for extended resources). */
export function validateResourceRequirements(resources: unknown, path: string): FieldCause[] {
  const r = asRecord(resources) as ResourceRequirements;
  const causes: FieldCause[] = [];
  const limitsPath = child(path, 'limits');
  const requestsPath = child(path, 'requests');
  const limits = readResourceList(r.limits, limitsPath, causes);
  const requests = readResourceList(r.requests, requestsPath, causes);
  for (const [name, request] of requests) {
    const limit = limits.get(name);
    if (limit) {
      const cmp = compareQuantities(request, limit);
      if (cmp !== 0 && !OVERCOMMITTABLE.has(name) && !name.startsWith('hugepages-')) {
        causes.push(invalidCause(requestsPath, formatQuantity(request), `must be equal to ${name} limit of ${formatQuantity(limit)}`));
      } else if (cmp > 0) {
        causes.push(invalidCause(requestsPath, formatQuantity(request), `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`));
      }
    } else if (!OVERCOMMITTABLE.has(name) && !name.startsWith('hugepages-')) {
      causes.push(requiredCause(limitsPath, 'Limit must be set for non overcommitable resources'));
    }
  }
  return causes;
}

function validateContainer(c: Partial<Container>, p: string, volumes: ReadonlySet<string>): FieldCause[] {
  const causes: FieldCause[] = [];
  const name = asString(c.name);
  if (!name) causes.push(requiredCause(child(p, 'name')));
  else causes.push(...invalidEach(child(p, 'name'), name, isDNS1123Label(name)));
  if (!asString(c.image)) causes.push(requiredCause(child(p, 'image')));
  if (c.imagePullPolicy && !PULL_POLICIES.includes(c.imagePullPolicy)) {
    causes.push(notSupportedCause(child(p, 'imagePullPolicy'), c.imagePullPolicy, PULL_POLICIES));
  }
  if (c.terminationMessagePolicy && !TERMINATION_MESSAGE_POLICIES.includes(c.terminationMessagePolicy)) {
    causes.push(invalidCause(child(p, 'terminationMessagePolicy'), c.terminationMessagePolicy, "must be 'File' or 'FallbackToLogsOnError'"));
  }
  causes.push(...validateContainerPorts(c.ports, child(p, 'ports')));
  causes.push(...validateEnv(c.env, child(p, 'env')));
  causes.push(...validateVolumeMounts(c.volumeMounts, volumes, child(p, 'volumeMounts')));
  causes.push(...validateResourceRequirements(c.resources, child(p, 'resources')));
  return causes;
}

/** Regular containers: at least one, names DNS labels and unique, image required. */
export function validateContainers(containers: unknown, volumes: ReadonlySet<string>, path: string): FieldCause[] {
  const list = asArray<unknown>(containers);
  if (list.length === 0) return [requiredCause(path)];
  const causes: FieldCause[] = [];
  const names = new Set<string>();
  list.forEach((raw, i) => {
    const c = asRecord(raw) as Partial<Container>;
    const p = index(path, i);
    causes.push(...validateContainer(c, p, volumes));
    const name = asString(c.name);
    if (names.has(name)) causes.push(duplicateCause(child(p, 'name'), name));
    else names.add(name);
  });
  return causes;
}

/**
 * Init containers: as regular containers, with names unique across both lists; only restartable (sidecar)
 * init containers may have probes or lifecycle hooks.
 */
export function validateInitContainers(init: unknown, regular: unknown, volumes: ReadonlySet<string>, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const names = new Set(asArray<unknown>(regular).map((c) => asString(asRecord(c)['name'])));
  asArray<unknown>(init).forEach((raw, i) => {
    const c = asRecord(raw) as Partial<Container>;
    const p = index(path, i);
    causes.push(...validateContainer(c, p, volumes));
    const name = asString(c.name);
    if (names.has(name)) causes.push(duplicateCause(child(p, 'name'), name));
    if (name) names.add(name);
    if (c.restartPolicy !== undefined && c.restartPolicy !== 'Always') {
      causes.push(notSupportedCause(child(p, 'restartPolicy'), c.restartPolicy, ['Always']));
    }
    if (c.restartPolicy !== 'Always') {
      for (const field of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
        if (isRecord(c[field])) causes.push(forbiddenCause(child(p, field), 'may not be set for init containers without restartPolicy=Always'));
      }
    }
  });
  return causes;
}

/** Defaults of one container (regular, init or ephemeral): pull policy, termination message, ports, env, probes, lifecycle. */
import { defaultImagePullPolicy } from './image-pull-policy.js';
import { child, ensureChild, items, setIfNil, setIfZero, type Obj } from './fields.js';

/** Where the kubelet reads a container's termination message unless told otherwise. */
export const DEFAULT_TERMINATION_MESSAGE_PATH = '/dev/termination-log';
/** Probe timing defaults (seconds / counts), as in Kubernetes' SetDefaults_Probe. */
const PROBE_TIMEOUT_SECONDS = 1;
const PROBE_PERIOD_SECONDS = 10;
const PROBE_SUCCESS_THRESHOLD = 1;
const PROBE_FAILURE_THRESHOLD = 3;

/** `fieldRef.apiVersion` defaults to v1 (the only version field paths are written against). */
export function defaultFieldRef(fieldRef: Obj | undefined): void {
  if (fieldRef) setIfZero(fieldRef, 'apiVersion', 'v1');
}

function defaultHttpGet(httpGet: Obj | undefined): void {
  if (!httpGet) return;
  setIfZero(httpGet, 'path', '/');
  setIfZero(httpGet, 'scheme', 'HTTP');
}

function defaultProbe(probe: Obj | undefined): void {
  if (!probe) return;
  setIfZero(probe, 'timeoutSeconds', PROBE_TIMEOUT_SECONDS);
  setIfZero(probe, 'periodSeconds', PROBE_PERIOD_SECONDS);
  setIfZero(probe, 'successThreshold', PROBE_SUCCESS_THRESHOLD);
  setIfZero(probe, 'failureThreshold', PROBE_FAILURE_THRESHOLD);
  defaultHttpGet(child(probe, 'httpGet'));
  const grpc = child(probe, 'grpc');
  if (grpc) setIfNil(grpc, 'service', '');
}

/** Applies the defaults Kubernetes gives every container of a pod spec or pod template. */
export function defaultContainer(container: Obj): void {
  setIfZero(container, 'imagePullPolicy', defaultImagePullPolicy(container['image']));
  setIfZero(container, 'terminationMessagePath', DEFAULT_TERMINATION_MESSAGE_PATH);
  setIfZero(container, 'terminationMessagePolicy', 'File');
  for (const port of items(container, 'ports')) setIfZero(port, 'protocol', 'TCP');
  for (const env of items(container, 'env')) {
    const valueFrom = child(env, 'valueFrom');
    if (valueFrom) defaultFieldRef(child(valueFrom, 'fieldRef'));
  }
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(child(container, key));
  const lifecycle = child(container, 'lifecycle');
  if (lifecycle) {
    for (const key of ['postStart', 'preStop']) {
      const handler = child(lifecycle, key);
      if (handler) defaultHttpGet(child(handler, 'httpGet'));
    }
  }
}

/** Pod-only: a container with limits but no request for a resource requests its limit. */
export function defaultRequestsFromLimits(container: Obj): void {
  const resources = child(container, 'resources');
  const limits = resources && child(resources, 'limits');
  if (!resources || !limits) return;
  const requests = ensureChild(resources, 'requests');
  if (!requests) return;
  for (const [name, quantity] of Object.entries(limits)) {
    if (!(name in requests)) requests[name] = quantity;
  }
}

/** Pod-only: with hostNetwork, each container port is also its host port unless one is given. */
export function defaultHostPorts(container: Obj): void {
  for (const port of items(container, 'ports')) setIfZero(port, 'hostPort', port['containerPort']);
}

/** Service validation: ports, type, cluster IPs, selector; clusterIP immutable once set. */
import type { Service, ServicePort, ServiceSpec } from 'kubernetes-types/core/v1.js';
import type { FieldCause } from '../errors/status-error.js';
import { validateProtocol } from './containers.js';
import { child, duplicateCause, forbiddenCause, index, invalidCause, invalidEach, notSupportedCause, requiredCause } from './field-errors.js';
import { isValidIP, nonSpecialIPErrors } from './ip-format.js';
import { isDNS1123Label, isDNS1123Subdomain, isValidPortName, isValidPortNum } from './name-format.js';
import { nameIsDNS1035Label, validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { asArray, asRecord, asString } from './values.js';

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const SESSION_AFFINITIES = ['ClientIP', 'None'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];

/** Kubernetes prints the duplicate (protocol, port) pair as its internal Go struct. */
function portKeyText(protocol: string, port: number): string {
  return `core.ServicePort{Name:"", Protocol:"${protocol}", AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
}

function validateTargetPort(target: unknown, path: string): FieldCause[] {
  if (target === undefined || target === null) return [];
  if (typeof target === 'number') return target === 0 ? [] : invalidEach(path, target, isValidPortNum(target));
  const name = asString(target);
  return invalidEach(path, name, isValidPortName(name));
}

function validatePorts(spec: Partial<ServiceSpec>, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const ports = asArray<unknown>(spec.ports).map((p) => asRecord(p) as Partial<ServicePort>);
  const names = new Set<string>();
  const pairs = new Set<string>();
  const nodePorts = new Set<string>();
  ports.forEach((port, i) => {
    const p = index(path, i);
    const name = asString(port.name);
    if (ports.length > 1 && !name) causes.push(requiredCause(child(p, 'name')));
    else if (name) {
      causes.push(...invalidEach(child(p, 'name'), name, isDNS1123Label(name)));
      if (names.has(name)) causes.push(duplicateCause(child(p, 'name'), name));
      names.add(name);
    }
    causes.push(...invalidEach(child(p, 'port'), port.port ?? 0, isValidPortNum(typeof port.port === 'number' ? port.port : 0)));
    causes.push(...validateProtocol(port.protocol, child(p, 'protocol')));
    causes.push(...validateTargetPort(port.targetPort, child(p, 'targetPort')));
    const protocol = asString(port.protocol) || 'TCP';
    if (port.nodePort) {
      if ((spec.type ?? 'ClusterIP') === 'ClusterIP') causes.push(forbiddenCause(child(p, 'nodePort'), "may not be used when `type` is 'ClusterIP'"));
      causes.push(...invalidEach(child(p, 'nodePort'), port.nodePort, isValidPortNum(port.nodePort)));
      const key = `${protocol}/${port.nodePort}`;
      if (nodePorts.has(key)) causes.push(duplicateCause(child(p, 'nodePort'), port.nodePort));
      nodePorts.add(key);
    }
    const pair = `${protocol}/${port.port}`;
    if (pairs.has(pair)) causes.push({ ...duplicateCause(p, ''), message: `Duplicate value: ${portKeyText(protocol, Number(port.port))}` });
    pairs.add(pair);
  });
  return causes;
}

/** The service's cluster IPs: `clusterIPs`, or `[clusterIP]`, or none. */
function clusterIPsOf(spec: Record<string, unknown>): string[] {
  const ips = asArray<unknown>(spec['clusterIPs']).map(asString);
  if (ips.length > 0) return ips;
  const ip = asString(spec['clusterIP']);
  return ip ? [ip] : [];
}

function validateSpec(specValue: unknown): FieldCause[] {
  const spec = asRecord(specValue) as Partial<ServiceSpec> & Record<string, unknown>;
  const causes: FieldCause[] = [];
  const type = asString(spec.type) || 'ClusterIP';
  const ips = clusterIPsOf(spec);
  const headless = ips[0] === 'None';
  if (spec.type !== undefined && !SERVICE_TYPES.includes(asString(spec.type))) causes.push(notSupportedCause('spec.type', spec.type, SERVICE_TYPES));
  if (asArray(spec.ports).length === 0 && !headless && type !== 'ExternalName') causes.push(requiredCause('spec.ports'));
  if (type === 'ExternalName') {
    if (ips.length > 0) causes.push(forbiddenCause('spec.clusterIP', 'must be empty for ExternalName services'));
    const cname = asString(spec.externalName).replace(/\.$/, '');
    if (cname) causes.push(...invalidEach('spec.externalName', cname, isDNS1123Subdomain(cname)));
    else causes.push(requiredCause('spec.externalName'));
  } else {
    ips.forEach((ip, i) => {
      if (i === 0 && ip === 'None') {
        if (ips.length > 1) causes.push(invalidCause('spec.clusterIPs', ips, "'None' must be the first and only value"));
        return;
      }
      causes.push(...invalidEach(index('spec.clusterIPs', i), ip, isValidIP(ip)));
    });
    if (headless && (type === 'NodePort' || type === 'LoadBalancer')) {
      causes.push(invalidCause('spec.clusterIP', 'None', `may not be set to 'None' for ${type} services`));
    }
  }
  causes.push(...validatePorts(spec, 'spec.ports'));
  causes.push(...validateLabels(spec.selector, 'spec.selector'));
  if (spec.sessionAffinity && !SESSION_AFFINITIES.includes(spec.sessionAffinity)) {
    causes.push(notSupportedCause('spec.sessionAffinity', spec.sessionAffinity, SESSION_AFFINITIES));
  }
  if (spec.externalTrafficPolicy && !TRAFFIC_POLICIES.includes(spec.externalTrafficPolicy)) {
    causes.push(notSupportedCause('spec.externalTrafficPolicy', spec.externalTrafficPolicy, TRAFFIC_POLICIES));
  }
  if (spec.internalTrafficPolicy && !TRAFFIC_POLICIES.includes(spec.internalTrafficPolicy)) {
    causes.push(notSupportedCause('spec.internalTrafficPolicy', spec.internalTrafficPolicy, TRAFFIC_POLICIES));
  }
  asArray<unknown>(spec.externalIPs).forEach((raw, i) => {
    const ip = asString(raw);
    const errs = isValidIP(ip);
    causes.push(...invalidEach(index('spec.externalIPs', i), ip, errs.length ? errs : nonSpecialIPErrors(ip)));
  });
  return causes;
}

export function validateServiceCreate(obj: unknown): FieldCause[] {
  const svc = asRecord(obj) as Service;
  return [...validateObjectMeta(svc.metadata, { namespaced: true, nameFn: nameIsDNS1035Label }), ...validateSpec(svc.spec)];
}

/**
 * A service update: a valid new spec, and the primary cluster IP unchanged once allocated. A request that
 * leaves clusterIP empty keeps the allocated one (the server copies it forward), as in Kubernetes.
 */
export function validateServiceUpdate(obj: unknown, oldObj: unknown): FieldCause[] {
  const svc = asRecord(obj) as Service;
  const old = asRecord(oldObj) as Service;
  const causes = [...validateObjectMetaUpdate(svc.metadata, old.metadata), ...validateSpec(svc.spec)];
  const spec = asRecord(svc.spec);
  const oldSpec = asRecord(old.spec);
  if (spec['type'] !== 'ExternalName' && oldSpec['type'] !== 'ExternalName') {
    const ips = clusterIPsOf(spec);
    const oldIPs = clusterIPsOf(oldSpec);
    if (ips.length > 0 && oldIPs.length > 0 && ips[0] !== oldIPs[0]) {
      causes.push(invalidCause('spec.clusterIPs[0]', ips, 'may not change once set'));
    }
  }
  return causes;
}

/** services/status: load-balancer ingress addresses must be IPs. */
export function validateServiceStatusUpdate(obj: unknown, oldObj: unknown): FieldCause[] {
  const svc = asRecord(obj) as Service;
  const causes = validateObjectMetaUpdate(svc.metadata, (asRecord(oldObj) as Service).metadata);
  const ingress = asArray<unknown>(asRecord(asRecord(svc.status)['loadBalancer'])['ingress']);
  ingress.forEach((raw, i) => {
    const ip = asString(asRecord(raw)['ip']);
    if (ip) causes.push(...invalidEach(child(index('status.loadBalancer.ingress', i), 'ip'), ip, isValidIP(ip)));
  });
  return causes;
}

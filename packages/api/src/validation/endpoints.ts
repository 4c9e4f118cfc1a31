/** Endpoints (core) and EndpointSlice (discovery.k8s.io) validation: addresses, ports and address types. */
import type { FieldCause } from '../errors/status-error.js';
import { validateProtocol } from './containers.js';
import { child, duplicateCause, FIELD_IMMUTABLE, index, invalidCause, invalidEach, notSupportedCause, requiredCause } from './field-errors.js';
import { isValidIP, isValidIPv4Address, isValidIPv6Address, nonSpecialIPErrors } from './ip-format.js';
import { isDNS1123Label, isDNS1123Subdomain, isValidPortNum } from './name-format.js';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { asArray, asRecord, asString } from './values.js';

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
/** Most addresses one EndpointSlice endpoint may list, as in Kubernetes. */
const MAX_ADDRESSES_PER_ENDPOINT = 100;

function endpointAddress(raw: unknown, path: string): FieldCause[] {
  const addr = asRecord(raw);
  const ip = asString(addr['ip']);
  const ipErrs = isValidIP(ip);
  const causes = invalidEach(child(path, 'ip'), ip, ipErrs);
  const hostname = asString(addr['hostname']);
  if (hostname) causes.push(...invalidEach(child(path, 'hostname'), hostname, isDNS1123Label(hostname)));
  const nodeName = addr['nodeName'];
  if (typeof nodeName === 'string') causes.push(...invalidEach(child(path, 'nodeName'), nodeName, isDNS1123Subdomain(nodeName)));
  if (ipErrs.length === 0) causes.push(...invalidEach(child(path, 'ip'), ip, nonSpecialIPErrors(ip)));
  return causes;
}

function endpointsSubsets(subsets: unknown): FieldCause[] {
  const causes: FieldCause[] = [];
  asArray<unknown>(subsets).forEach((raw, i) => {
    const subset = asRecord(raw);
    const p = index('subsets', i);
    const addresses = asArray<unknown>(subset['addresses']);
    const notReady = asArray<unknown>(subset['notReadyAddresses']);
    if (addresses.length === 0 && notReady.length === 0) causes.push(requiredCause(p, 'must specify `addresses` or `notReadyAddresses`'));
    addresses.forEach((a, j) => causes.push(...endpointAddress(a, index(child(p, 'addresses'), j))));
    notReady.forEach((a, j) => causes.push(...endpointAddress(a, index(child(p, 'notReadyAddresses'), j))));
    const ports = asArray<unknown>(subset['ports']);
    ports.forEach((rawPort, j) => {
      const port = asRecord(rawPort);
      const pp = index(child(p, 'ports'), j);
      const name = asString(port['name']);
      if (ports.length > 1 && !name) causes.push(requiredCause(child(pp, 'name')));
      else if (name) causes.push(...invalidEach(child(pp, 'name'), name, isDNS1123Label(name)));
      const num = typeof port['port'] === 'number' ? port['port'] : 0;
      causes.push(...invalidEach(child(pp, 'port'), num, isValidPortNum(num)));
      causes.push(...validateProtocol(port['protocol'], child(pp, 'protocol')));
    });
  });
  return causes;
}

export function validateEndpointsCreate(obj: unknown): FieldCause[] {
  const o = asRecord(obj);
  return [...validateObjectMeta(o['metadata'], { namespaced: true }), ...endpointsSubsets(o['subsets'])];
}

export function validateEndpointsUpdate(obj: unknown, oldObj: unknown): FieldCause[] {
  const o = asRecord(obj);
  return [...validateObjectMetaUpdate(o['metadata'], asRecord(oldObj)['metadata']), ...endpointsSubsets(o['subsets'])];
}

function addressErrors(addressType: string, address: string, path: string): FieldCause[] {
  switch (addressType) {
    case 'IPv4': {
      const errs = isValidIPv4Address(address);
      return invalidEach(path, address, errs.length ? errs : nonSpecialIPErrors(address));
    }
    case 'IPv6': {
      const errs = isValidIPv6Address(address);
      return invalidEach(path, address, errs.length ? errs : nonSpecialIPErrors(address));
    }
    case 'FQDN': {
      const name = address.replace(/\.$/, '');
      if (isDNS1123Subdomain(name).length) return invalidEach(path, name, isDNS1123Subdomain(name));
      return name.split('.').length < 2 ? [invalidCause(path, name, 'should be a domain with at least two segments separated by dots')] : [];
    }
    default:
      return [];
  }
}

function endpointSliceBody(o: Record<string, unknown>): FieldCause[] {
  const causes: FieldCause[] = [];
  const addressType = asString(o['addressType']);
  if (!addressType) causes.push(requiredCause('addressType'));
  else if (!ADDRESS_TYPES.includes(addressType)) causes.push(notSupportedCause('addressType', addressType, ADDRESS_TYPES));
  asArray<unknown>(o['endpoints']).forEach((raw, i) => {
    const ep = asRecord(raw);
    const p = index('endpoints', i);
    const addresses = asArray<unknown>(ep['addresses']).map(asString);
    if (addresses.length === 0) causes.push(requiredCause(child(p, 'addresses'), 'must contain at least 1 address'));
    else if (addresses.length > MAX_ADDRESSES_PER_ENDPOINT) {
      causes.push({ type: 'FieldValueTooMany', field: child(p, 'addresses'), message: `Too many: ${addresses.length}: must have at most ${MAX_ADDRESSES_PER_ENDPOINT} items` });
    }
    addresses.forEach((a, j) => causes.push(...addressErrors(addressType, a, index(child(p, 'addresses'), j))));
    causes.push(...validateLabels(ep['deprecatedTopology'], child(p, 'deprecatedTopology')));
    const hostname = ep['hostname'];
    if (typeof hostname === 'string') causes.push(...invalidEach(child(p, 'hostname'), hostname, isDNS1123Label(hostname)));
    const nodeName = ep['nodeName'];
    if (typeof nodeName === 'string') causes.push(...invalidEach(child(p, 'nodeName'), nodeName, isDNS1123Subdomain(nodeName)));
  });
  const names = new Set<string>();
  asArray<unknown>(o['ports']).forEach((raw, i) => {
    const port = asRecord(raw);
    const p = index('ports', i);
    const name = asString(port['name']);
    if (name) causes.push(...invalidEach(child(p, 'name'), name, isDNS1123Label(name)));
    if (names.has(name)) causes.push(duplicateCause(child(p, 'name'), name));
    names.add(name);
    causes.push(...validateProtocol(port['protocol'], child(p, 'protocol')));
  });
  return causes;
}

export function validateEndpointSliceCreate(obj: unknown): FieldCause[] {
  const o = asRecord(obj);
  return [...validateObjectMeta(o['metadata'], { namespaced: true }), ...endpointSliceBody(o)];
}

/** addressType may not change. */
export function validateEndpointSliceUpdate(obj: unknown, oldObj: unknown): FieldCause[] {
  const o = asRecord(obj);
  const old = asRecord(oldObj);
  const causes = [...validateObjectMetaUpdate(o['metadata'], old['metadata']), ...endpointSliceBody(o)];
  if (asString(o['addressType']) !== asString(old['addressType'])) causes.push(invalidCause('addressType', asString(o['addressType']), FIELD_IMMUTABLE));
  return causes;
}

/** Checks that a request body is an object of the kind and version the URL names. */
import { badRequest, groupVersion, type ResourceInfo } from '@skiff/api';
import type { KObject } from './types.js';

/** The kind/apiVersion a body must carry for `info` (or for one of its subresources). */
export interface ExpectedType {
  apiVersion: string;
  kind: string;
}

export function expectedTypeOf(info: ResourceInfo): ExpectedType {
  return { apiVersion: groupVersion(info.group, info.version), kind: info.kind };
}

/**
 * Returns the body as an object with apiVersion/kind filled in when absent.
 * A body that is not an object, or names another kind or version, is a 400.
 */
export function checkTypeMeta(body: unknown, expected: ExpectedType): KObject {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest(`${expected.kind} in version "${versionOf(expected.apiVersion)}" cannot be handled as a ${expected.kind}: the body must be a JSON object`);
  }
  const obj = body as KObject;
  if (obj.apiVersion !== undefined && obj.apiVersion !== '' && obj.apiVersion !== expected.apiVersion) {
    throw badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${expected.apiVersion})`);
  }
  if (obj.kind !== undefined && obj.kind !== '' && obj.kind !== expected.kind) {
    throw badRequest(`the kind in the data (${String(obj.kind)}) does not match the expected kind (${expected.kind})`);
  }
  if (obj.metadata !== undefined && (obj.metadata === null || typeof obj.metadata !== 'object' || Array.isArray(obj.metadata))) {
    throw badRequest(`${expected.kind} in version "${versionOf(expected.apiVersion)}" cannot be handled as a ${expected.kind}: metadata must be an object`);
  }
  obj.apiVersion = expected.apiVersion;
  obj.kind = expected.kind;
  return obj;
}

function versionOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
}

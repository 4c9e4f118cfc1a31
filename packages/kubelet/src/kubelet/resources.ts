/** The API resources the kubelet reads and writes: pods (and their status), ConfigMaps and Secrets. */
import type { ApiObject, ResourceRef } from '@skiff/client';
import type { ConfigMap, Pod, Secret } from 'kubernetes-types/core/v1.js';

export const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true };
export const CONFIGMAPS: ResourceRef = { group: '', version: 'v1', resource: 'configmaps', namespaced: true };
export const SECRETS: ResourceRef = { group: '', version: 'v1', resource: 'secrets', namespaced: true };

/** The core/v1 types as the informers hold them (ApiObject: their metadata plus any other field). */
export type PodObject = Pod & ApiObject;
export type ConfigMapObject = ConfigMap & ApiObject;
export type SecretObject = Secret & ApiObject;

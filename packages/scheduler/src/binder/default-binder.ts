/** DefaultBinder: the Bind plugin that POSTs a Binding to the pod's `binding` subresource. */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ResourceClient, ResourceRef } from '@skiff/client';
import { Status, type BindPlugin, type CycleState, type Profile, type Registry } from '../framework/index.js';
import { inTreeRegistry } from '../plugins/index.js';

/** The plugin's name, as kube-scheduler names it. */
export const DEFAULT_BINDER = 'DefaultBinder';

const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true };

/** Binds through pods/<name>/binding; a failed call is an Error status (the scheduler forgets the assumption). */
export class DefaultBinder implements BindPlugin {
  readonly name = DEFAULT_BINDER;

  constructor(private readonly client: ResourceClient) {}

  async bind(_state: CycleState, pod: Pod, nodeName: string): Promise<Status | undefined> {
    const namespace = pod.metadata?.namespace ?? 'default';
    const binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: pod.metadata?.name ?? '', namespace, ...(pod.metadata?.uid ? { uid: pod.metadata.uid } : {}) },
      target: { kind: 'Node', name: nodeName },
    };
    try {
      await this.client.create(PODS, namespace, binding, { subresource: 'binding' });
      return undefined;
    } catch (err) {
      return Status.error(err, DEFAULT_BINDER);
    }
  }
}

/** The in-tree registry plus a DefaultBinder on `client`. */
export function registryWithBinder(client: ResourceClient, base: Registry = inTreeRegistry()): Registry {
  return { ...base, [DEFAULT_BINDER]: () => new DefaultBinder(client) };
}

/** The profile with DefaultBinder as its binder when it names none (kube-scheduler's default profile binds with it). */
export function withDefaultBinder(profile: Profile): Profile {
  if ((profile.plugins.bind ?? []).length > 0) return profile;
  return { ...profile, plugins: { ...profile.plugins, bind: [{ name: DEFAULT_BINDER }] } };
}

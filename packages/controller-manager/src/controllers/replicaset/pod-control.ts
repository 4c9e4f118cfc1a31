/** Creating and deleting the pods a workload controls, with the events Kubernetes' pod control records. */
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { StatusError } from '@skiff/api';
import type { ApiObject, ResourceClient, ResourceRef } from '@skiff/client';
import type { EventRecorder } from '@skiff/runtime';

export const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true };

/** Event reasons, as Kubernetes' controller utils name them. */
export const SUCCESSFUL_CREATE_POD_REASON = 'SuccessfulCreate';
export const FAILED_CREATE_POD_REASON = 'FailedCreate';
export const SUCCESSFUL_DELETE_POD_REASON = 'SuccessfulDelete';
export const FAILED_DELETE_POD_REASON = 'FailedDelete';

/** The StatusCause the apiserver adds when a namespace being deleted refuses new objects. */
export const NAMESPACE_TERMINATING_CAUSE = 'NamespaceTerminating';

/** Whether `err` is the apiserver refusing a create because the namespace is terminating. */
export function isNamespaceTerminating(err: unknown): boolean {
  return err instanceof StatusError && (err.details?.causes ?? []).some((c) => c.reason === NAMESPACE_TERMINATING_CAUSE);
}

export function isNotFound(err: unknown): boolean {
  return err instanceof StatusError && err.reason === 'NotFound';
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The pod a template describes for `owner`: the template's labels, annotations, finalizers and spec, named
 * `<generateName>` + a random suffix, controlled by `controllerRef`.
 */
export function podFromTemplate(template: PodTemplateSpec, namespace: string, generateName: string, controllerRef: OwnerReference): Pod & ApiObject {
  const meta = template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      namespace,
      generateName,
      ...(meta.labels ? { labels: { ...meta.labels } } : {}),
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [controllerRef],
    },
    spec: structuredClone(template.spec ?? { containers: [] }),
  };
}

/**
 * Writes controlled pods and records what happened on the owner. Every failure is thrown after its event; callers
 * decide what a failure means for their expectations.
 */
export class PodControl {
  constructor(
    private readonly client: ResourceClient,
    private readonly recorder: EventRecorder,
  ) {}

  /** Creates a pod from `template` for `owner` (generateName `<owner name>-`); returns the pod the server made. */
  async createPod(owner: ApiObject, template: PodTemplateSpec, controllerRef: OwnerReference): Promise<Pod & ApiObject> {
    const namespace = owner.metadata?.namespace ?? '';
    const pod = podFromTemplate(template, namespace, `${owner.metadata?.name ?? ''}-`, controllerRef);
    if (Object.keys(pod.metadata?.labels ?? {}).length === 0) throw new Error('unable to create pods, no labels');
    let created: Pod & ApiObject;
    try {
      created = await this.client.create<Pod & ApiObject>(PODS, namespace, pod);
    } catch (err) {
      // A namespace going away is no news to anyone.
      if (!isNamespaceTerminating(err)) this.recorder.event(owner, 'Warning', FAILED_CREATE_POD_REASON, `Error creating: ${messageOf(err)}`);
      throw err;
    }
    this.recorder.event(owner, 'Normal', SUCCESSFUL_CREATE_POD_REASON, `Created pod: ${created.metadata?.name ?? ''}`);
    return created;
  }

  /** Deletes pod `name` of `owner`'s namespace; a NotFound is thrown without an event (the pod is gone anyway). */
  async deletePod(owner: ApiObject, name: string): Promise<void> {
    try {
      await this.client.delete(PODS, owner.metadata?.namespace, name);
    } catch (err) {
      if (!isNotFound(err)) this.recorder.event(owner, 'Warning', FAILED_DELETE_POD_REASON, `Error deleting: ${messageOf(err)}`);
      throw err;
    }
    this.recorder.event(owner, 'Normal', SUCCESSFUL_DELETE_POD_REASON, `Deleted pod: ${name}`);
  }
}

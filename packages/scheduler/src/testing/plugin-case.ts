/** One scheduler shared by many test cases: per-case namespace and nodes, pods placed and removed, and profiles without one plugin. */
import type { Pod, PodSpec } from 'kubernetes-types/core/v1.js';
import type { ApiObject } from '@skiff/client';
import type { Profile, ProfilePlugins } from '../framework/index.js';
import { defaultProfile } from '../plugins/index.js';
import {
  NODES,
  PODS,
  boundNode,
  createNamespace,
  createNode,
  eventually,
  getPod,
  podObject,
  schedulerSeesNodes,
  unschedulableMessage,
  type NodeExtras,
  type SchedulerEnv,
} from './int-env.js';

/** The schedulerName of the profile that is the default profile minus `plugin`. */
export function withoutName(plugin: string): string {
  return `without-${plugin.toLowerCase()}`;
}

/** kube-scheduler's default profile with `plugin` removed from every extension point (the control of a "this plugin decides" case). */
export function profileWithout(plugin: string): Profile {
  const base = defaultProfile(withoutName(plugin));
  const plugins: ProfilePlugins = {};
  for (const [point, refs] of Object.entries(base.plugins) as [keyof ProfilePlugins, ProfilePlugins[keyof ProfilePlugins]][]) {
    plugins[point] = refs?.filter((r) => r.name !== plugin);
  }
  return { ...base, plugins, pluginConfig: (base.pluginConfig ?? []).filter((c) => c.name !== plugin) };
}

/** A node of a case. */
export interface CaseNode {
  name: string;
  allocatable: Record<string, string>;
  extras?: NodeExtras;
}

/** What a pod of a case looks like beyond its name. */
export interface CasePod {
  requests?: Record<string, string>;
  spec?: Partial<PodSpec>;
  labels?: Record<string, string>;
}

/** The part of a failure message before DefaultPreemption's PostFilter text (`preemption: ...`), when that plugin runs. */
export function fitError(message: string): string {
  const i = message.indexOf(' preemption: ');
  return i < 0 ? message : message.slice(0, i);
}

/** A case: its namespace, its nodes, and ways to place pods through the API and read the outcome. */
export class PluginCase {
  constructor(
    readonly env: SchedulerEnv,
    readonly ns: string,
  ) {}

  pod(name: string, p: CasePod = {}, schedulerName?: string): Pod & ApiObject {
    const spec = { ...p.spec, ...(schedulerName ? { schedulerName } : {}) };
    return podObject(name, this.ns, p.requests ?? {}, spec, p.labels);
  }

  /** Creates the pod and returns the node it is bound to; the pod stays. */
  async place(name: string, p: CasePod = {}, schedulerName?: string): Promise<string> {
    await this.env.rest.create(PODS, this.ns, this.pod(name, p, schedulerName));
    return boundNode(this.env.rest, this.ns, name);
  }

  /** Creates the pod, returns the node it is bound to, then deletes it and waits until the scheduler no longer counts it. */
  async placeAndRemove(name: string, p: CasePod = {}, schedulerName?: string): Promise<string> {
    const node = await this.place(name, p, schedulerName);
    await this.remove(name);
    return node;
  }

  /** Where the same pod goes under the profile without `plugin` (created, read, removed). */
  async placeWithout(plugin: string, name: string, p: CasePod = {}): Promise<string> {
    return this.placeAndRemove(name, p, withoutName(plugin));
  }

  /** Creates the pod and returns its Unschedulable message; the pod stays pending. */
  async pending(name: string, p: CasePod = {}): Promise<string> {
    await this.env.rest.create(PODS, this.ns, this.pod(name, p));
    return unschedulableMessage(this.env.rest, this.ns, name);
  }

  /** Creates a pod already bound to `node` (spec.nodeName: the scheduler leaves it alone) and waits until its cache counts it. */
  async pin(name: string, node: string, p: CasePod = {}): Promise<void> {
    const created = await this.env.rest.create<Pod & ApiObject>(PODS, this.ns, this.pod(name, { ...p, spec: { ...p.spec, nodeName: node } }));
    await eventually(`${this.ns}/${name} in the scheduler cache`, async () => (this.env.scheduler.cache.getPod(created) ? true : undefined));
  }

  /** Deletes the pod at once and waits until the scheduler has dropped it (from its cache or its queue). */
  async remove(name: string): Promise<void> {
    const pod = await getPod(this.env.rest, this.ns, name);
    const { cache, queue } = this.env.scheduler;
    const held = (): boolean => !!cache.getPod(pod) || queue.pendingPods().some((p) => p.pod.metadata?.uid === pod.metadata?.uid);
    // Wait until the scheduler has settled the pod (cached, or back in its queue), so no cycle of it is in flight when the delete arrives.
    await eventually(`${this.ns}/${name} held by the scheduler`, async () => (held() ? true : undefined));
    await this.env.rest.delete(PODS, this.ns, name, { gracePeriodSeconds: 0 });
    await eventually(`${this.ns}/${name} gone from the scheduler`, async () => (held() ? undefined : true));
  }
}

/**
 * Runs one case on a shared environment: creates namespace `ns` and `nodes`, waits until the scheduler sees exactly them,
 * runs `body`, then (even on failure) deletes the case's pods and nodes and waits until the scheduler holds none of them,
 * so the next case starts from an empty cluster. Cases must run one at a time (nodes are cluster-scoped).
 */
export async function runCase(env: SchedulerEnv, ns: string, nodes: CaseNode[], body: (c: PluginCase) => Promise<void>): Promise<void> {
  const { rest, scheduler } = env;
  await createNamespace(rest, ns);
  try {
    for (const n of nodes) await createNode(rest, n.name, n.allocatable, n.extras);
    await schedulerSeesNodes(scheduler, nodes.length);
    await body(new PluginCase(env, ns));
  } finally {
    const c = new PluginCase(env, ns);
    const left = (await rest.list<Pod & ApiObject>(PODS, ns)).items;
    for (const p of left) await c.remove(p.metadata!.name!);
    for (const n of nodes) await rest.delete(NODES, undefined, n.name).catch(() => undefined);
    await schedulerSeesNodes(scheduler, 0);
  }
}

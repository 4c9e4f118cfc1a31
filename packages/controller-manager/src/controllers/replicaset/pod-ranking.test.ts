/** Tests of the scale-down order. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { podsToDelete, POD_DELETION_COST_ANNOTATION } from './pod-ranking.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const iso = (msAgo: number): string => new Date(NOW - msAgo).toISOString();

interface P {
  name: string;
  node?: string;
  phase?: string;
  readyAgoMs?: number;
  restarts?: number;
  createdAgoMs?: number;
  cost?: string;
}

function pod(p: P): Pod {
  return {
    metadata: {
      name: p.name,
      uid: `uid-${p.name}`,
      creationTimestamp: iso(p.createdAgoMs ?? 3_600_000),
      ...(p.cost !== undefined ? { annotations: { [POD_DELETION_COST_ANNOTATION]: p.cost } } : {}),
    },
    spec: { containers: [{ name: 'c' }], ...(p.node ? { nodeName: p.node } : {}) },
    status: {
      phase: p.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: p.readyAgoMs !== undefined ? 'True' : 'False', lastTransitionTime: iso(p.readyAgoMs ?? 0) }],
      containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready: p.readyAgoMs !== undefined, restartCount: p.restarts ?? 0 }],
    },
  };
}

const names = (pods: Pod[]): string[] => pods.map((p) => p.metadata!.name!);
const order = (pods: Pod[]): string[] => names(podsToDelete(pods, [], pods.length - 1, NOW)).concat();

test('unscheduled before scheduled, Pending before Unknown before Running, not ready before ready', () => {
  const pods = [
    pod({ name: 'ready', node: 'n1', readyAgoMs: 60_000 }),
    pod({ name: 'running-not-ready', node: 'n1' }),
    pod({ name: 'unknown', node: 'n1', phase: 'Unknown' }),
    pod({ name: 'pending', node: 'n1', phase: 'Pending' }),
    pod({ name: 'unscheduled', phase: 'Pending' }),
  ];
  assert.deepEqual(names(podsToDelete(pods, [], 4, NOW)), ['unscheduled', 'pending', 'unknown', 'running-not-ready']);
});

test('lower deletion cost goes first, before readiness time is looked at', () => {
  const pods = [pod({ name: 'cheap', node: 'n1', readyAgoMs: 10 * 3_600_000, cost: '-5' }), pod({ name: 'dear', node: 'n1', readyAgoMs: 1000, cost: '10' })];
  assert.deepEqual(order(pods), ['cheap']);
});

test('pods doubled up on a node go first', () => {
  const pods = [pod({ name: 'alone', node: 'n1', readyAgoMs: 1000 }), pod({ name: 'crowded', node: 'n2', readyAgoMs: 10 * 3_600_000 })];
  const related = [...pods, pod({ name: 'other', node: 'n2', readyAgoMs: 1000 })];
  assert.deepEqual(names(podsToDelete(pods, related, 1, NOW)), ['crowded']);
});

test('ready for less time goes first; then more restarts; then newer', () => {
  assert.deepEqual(order([pod({ name: 'old', node: 'n1', readyAgoMs: 10 * 3_600_000 }), pod({ name: 'new', node: 'n1', readyAgoMs: 1000 })]), ['new']);
  // same ready time: restarts decide
  const r = 3_600_000;
  assert.deepEqual(order([pod({ name: 'calm', node: 'n1', readyAgoMs: r }), pod({ name: 'crashy', node: 'n1', readyAgoMs: r, restarts: 7 })]), ['crashy']);
  // not ready, same restarts: newer first
  assert.deepEqual(order([pod({ name: 'older', node: 'n1', createdAgoMs: 10 * 3_600_000 }), pod({ name: 'newer', node: 'n1', createdAgoMs: 1000 })]), ['newer']);
});

test('asking for as many as there are returns them all', () => {
  const pods = [pod({ name: 'a' }), pod({ name: 'b' })];
  assert.deepEqual(names(podsToDelete(pods, [], 5, NOW)).sort(), ['a', 'b']);
});

/** `--controllers` selection and the flag settings, as kube-controller-manager reads them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ControllerDescriptor } from './controller-context.js';
import { selectControllers } from './select-controllers.js';
import { controllerManagerSettings } from './settings.js';

const descriptor = (name: string, extra: Partial<ControllerDescriptor> = {}): ControllerDescriptor => ({
  name,
  build: () => ({ start: () => undefined, stop: async () => undefined }),
  ...extra,
});
const ALL = [descriptor('replicaset-controller', { aliases: ['replicaset'] }), descriptor('deployment-controller'), descriptor('bootstrap-signer-controller', { enabledByDefault: false })];
const names = (flag: string[]) => selectControllers(flag, ALL).map((d) => d.name);

test('* runs the default set; names and aliases enable; -name disables; order stays the known order', () => {
  assert.deepEqual(names(['*']), ['replicaset-controller', 'deployment-controller']);
  assert.deepEqual(names(['*', 'bootstrap-signer-controller']), ['replicaset-controller', 'deployment-controller', 'bootstrap-signer-controller']);
  assert.deepEqual(names(['*', '-replicaset']), ['deployment-controller']);
  assert.deepEqual(names(['deployment-controller']), ['deployment-controller']);
  assert.deepEqual(names([]), []);
});

test('an unknown controller name is an error naming the known ones', () => {
  assert.throws(() => names(['*', '-nope']), /"-nope" is not in the list of known controllers: replicaset-controller, deployment-controller, bootstrap-signer-controller/);
});

test('settings: kube-controller-manager defaults, durations, and clear errors for bad values', () => {
  const s = controllerManagerSettings({});
  assert.equal(s.nodeMonitorGracePeriodMs, 40_000);
  assert.equal(s.clusterCidr, '10.244.0.0/16');
  assert.equal(s.nodeCidrMaskSize, 24);
  assert.deepEqual(s.controllers, ['*']);
  assert.equal(s.leaderElect, true);
  assert.deepEqual(controllerManagerSettings({ controllers: '*, -deployment-controller', 'node-monitor-grace-period': '1m30s' }).controllers, ['*', '-deployment-controller']);
  assert.equal(controllerManagerSettings({ 'node-monitor-grace-period': '1m30s' }).nodeMonitorGracePeriodMs, 90_000);
  assert.throws(() => controllerManagerSettings({ 'node-monitor-grace-period': 'soon' }), /invalid --node-monitor-grace-period "soon"/);
  assert.throws(() => controllerManagerSettings({ 'leader-elect': 'yes' }), /invalid --leader-elect "yes" \(true or false\)/);
  assert.throws(() => controllerManagerSettings({ 'node-cidr-mask-size': '31' }), /invalid --node-cidr-mask-size "31"/);
  assert.throws(() => controllerManagerSettings({ 'concurrent-gc-syncs': '0' }), /invalid --concurrent-gc-syncs "0"/);
});

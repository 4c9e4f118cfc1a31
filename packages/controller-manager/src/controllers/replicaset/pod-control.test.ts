/** Tests of the pod built from a template. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '@skiff/api';
import { isNamespaceTerminating, podFromTemplate } from './pod-control.js';

test('a pod from a template carries its labels, annotations, finalizers, spec and the controller reference', () => {
  const template = { metadata: { labels: { app: 'web' }, annotations: { a: 'b' }, finalizers: ['x/y'], name: 'ignored' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
  const ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'u1', controller: true, blockOwnerDeletion: true };
  const pod = podFromTemplate(template, 'ns', 'web-', ref);
  assert.deepEqual(pod.metadata, { namespace: 'ns', generateName: 'web-', labels: { app: 'web' }, annotations: { a: 'b' }, finalizers: ['x/y'], ownerReferences: [ref] });
  assert.deepEqual(pod.spec, template.spec);
  pod.spec!.containers[0]!.image = 'changed';
  assert.equal(template.spec.containers[0]!.image, 'nginx', 'the template is not shared with the pod');
});

test('isNamespaceTerminating looks for the NamespaceTerminating cause', () => {
  assert.equal(isNamespaceTerminating(new StatusError('Forbidden', 'x', { causes: [{ reason: 'NamespaceTerminating', message: 'm' }] })), true);
  assert.equal(isNamespaceTerminating(new StatusError('Forbidden', 'x')), false);
  assert.equal(isNamespaceTerminating(new Error('x')), false);
});

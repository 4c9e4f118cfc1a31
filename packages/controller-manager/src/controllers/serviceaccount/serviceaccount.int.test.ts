/** Integration tests of the service account controller against a real apiserver. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceAccount } from 'kubernetes-types/core/v1.js';
import type { ApiObject, ResourceClient, ResourceRef } from '@skiff/client';
import { StatusError } from '@skiff/api';
import { eventually, NAMESPACES, withControllers } from '../../testing/int-env.js';
import { serviceAccountController } from './index.js';

const SERVICE_ACCOUNTS: ResourceRef = { group: '', version: 'v1', resource: 'serviceaccounts', namespaced: true };

async function defaultAccount(rest: ResourceClient, namespace: string): Promise<(ServiceAccount & ApiObject) | undefined> {
  try {
    return await rest.get<ServiceAccount & ApiObject>(SERVICE_ACCOUNTS, namespace, 'default');
  } catch (err) {
    if (err instanceof StatusError && err.reason === 'NotFound') return undefined;
    throw err;
  }
}

test('serviceaccount: existing and new namespaces get a default ServiceAccount, re-created when deleted', async () => {
  await withControllers({ descriptors: [serviceAccountController], namespaces: ['before'] }, async ({ rest }) => {
    await eventually('default in a namespace that existed at start', () => defaultAccount(rest, 'before'));
    await rest.create(NAMESPACES, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    const first = await eventually('default in a new namespace', () => defaultAccount(rest, 'team-a'));
    await rest.delete(SERVICE_ACCOUNTS, 'team-a', 'default');
    const again = await eventually('default to come back', async () => {
      const sa = await defaultAccount(rest, 'team-a');
      return sa && sa.metadata?.uid !== first.metadata?.uid ? sa : undefined;
    });
    assert.equal(again.metadata?.name, 'default');
  });
});

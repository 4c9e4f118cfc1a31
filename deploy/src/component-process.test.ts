/** The launcher's control-plane component command lines and the kubeconfig each gets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { parse } from 'yaml';
import { componentKubeconfig } from './kubeconfig.js';
import { componentArgs, componentHealthUrl, componentMainPath } from './component-process.js';
import { CONTROL_PLANE } from './control-plane.js';

test('each component binary is packages/<package>/dist/main.js of this workspace', () => {
  for (const component of CONTROL_PLANE) {
    const path = componentMainPath(component);
    assert.ok(path.endsWith(`packages/${component.packageDir}/dist/main.js`), path);
    assert.equal(existsSync(path), true, path);
  }
});

test('a component is started with its kubeconfig, the gRPC address, leader election and a loopback health port', () => {
  const args = componentArgs({ kubeconfig: '/state/scheduler.kubeconfig', grpcAddress: '127.0.0.1:7444', healthPort: 10259, logFile: '/state/logs/scheduler.log', mainPath: '/x/main.js' });
  assert.deepEqual(args, [
    '/x/main.js',
    '--kubeconfig=/state/scheduler.kubeconfig',
    '--grpc-address=127.0.0.1:7444',
    '--leader-elect=true',
    '--bind-address=127.0.0.1',
    '--health-port=10259',
  ]);
  assert.equal(componentHealthUrl(10259), 'http://127.0.0.1:10259');
});

test('a component kubeconfig names the component\'s user and is current', () => {
  const doc = parse(componentKubeconfig({ server: 'https://127.0.0.1:6443', caCertPem: 'CA', clientCertPem: 'CERT', clientKeyPem: 'KEY', user: 'system:kube-scheduler' }));
  assert.equal(doc['current-context'], 'system:kube-scheduler@skiff');
  assert.deepEqual(doc.contexts, [{ name: 'system:kube-scheduler@skiff', context: { cluster: 'skiff', user: 'system:kube-scheduler' } }]);
  assert.deepEqual(doc.users, [{ name: 'system:kube-scheduler', user: { 'client-certificate-data': Buffer.from('CERT').toString('base64'), 'client-key-data': Buffer.from('KEY').toString('base64') } }]);
  assert.deepEqual(doc.clusters, [{ name: 'skiff', cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': Buffer.from('CA').toString('base64') } }]);
});

/** The launcher's apiserver command line against the apiserver's own flag parser, so the two never drift apart. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { parseApiServerFlags } from '@skiff/apiserver';
import { apiServerArgs, apiServerMainPath } from './apiserver-process.js';

test('the apiserver binary is main.js beside the @skiff/apiserver library', () => {
  const path = apiServerMainPath();
  assert.match(path, /packages\/apiserver\/dist\/main\.js$/);
  assert.equal(existsSync(path), true);
});

test('skiff-apiserver parses the launcher\'s flags into the intended settings', () => {
  const args = apiServerArgs({ etcdEndpoint: 'http://127.0.0.1:40001', port: 7443, grpcPort: 7444, certDir: '/state/pki', logFile: '/state/logs/apiserver.log', mainPath: '/x/main.js' });
  assert.equal(args[0], '/x/main.js');
  const flags = parseApiServerFlags(args.slice(1));
  assert.deepEqual(flags.etcdServers, ['http://127.0.0.1:40001']);
  assert.equal(flags.securePort, 7443);
  assert.equal(flags.grpcPort, 7444);
  assert.equal(flags.bindAddress, '127.0.0.1');
  assert.equal(flags.certDir, '/state/pki');
  assert.equal(flags.serviceClusterIpRange, '10.96.0.0/12');
  assert.equal(flags.serviceNodePortRange, '30000-32767');
  assert.equal(flags.compactionIntervalMs, 5 * 60 * 1000);
});

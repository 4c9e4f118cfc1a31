/** Tests of the sandbox config: metadata, hostname, logs, DNS per policy, ports, labels, cgroup parent, namespaces, sysctls. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseResolvConf, podDnsConfig } from './dns.js';
import { podSandboxConfig, type SandboxConfigOptions } from './sandbox-config.js';
import { testPod } from './test-fixtures.js';

const HOST_RESOLV = 'nameserver 192.168.0.1\nnameserver 192.168.0.2\nsearch corp.example lab.example\noptions edns0 ndots:1\n';

async function withResolv<T>(fn: (opts: SandboxConfigOptions) => T): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-kconfig-'));
  try {
    await writeFile(join(dir, 'resolv.conf'), HOST_RESOLV);
    return fn({
      nodeName: 'node-a',
      podLogsDir: '/var/log/pods',
      cgroupRoot: 'kubelet-node-a',
      clusterDNS: ['10.96.0.10'],
      clusterDomain: 'cluster.local',
      attempt: 2,
      resolvConfPath: join(dir, 'resolv.conf'),
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('sandbox config shape for a plain pod', async () => {
  const pod = testPod({ containers: [{ name: 'app', image: 'x', ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 53, protocol: 'UDP', hostPort: 53, hostIP: '127.0.0.1' }, { containerPort: 9 }] }] });
  const c = await withResolv((o) => podSandboxConfig(pod, o));
  assert.deepEqual(c.metadata, { name: 'web', namespace: 'shop', uid: '1111-2222', attempt: 2 });
  assert.equal(c.hostname, 'web');
  assert.equal(c.log_directory, '/var/log/pods/shop_web_1111-2222');
  assert.deepEqual(c.dns_config, {
    servers: ['10.96.0.10'],
    searches: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'corp.example', 'lab.example'],
    options: ['ndots:5'],
  });
  assert.deepEqual(c.port_mappings, [
    { protocol: 'TCP', container_port: 80, host_port: 8080, host_ip: '' },
    { protocol: 'UDP', container_port: 53, host_port: 53, host_ip: '127.0.0.1' },
  ]);
  assert.deepEqual(c.labels, { app: 'web', 'io.kubernetes.pod.name': 'web', 'io.kubernetes.pod.namespace': 'shop', 'io.kubernetes.pod.uid': '1111-2222' });
  assert.deepEqual(c.annotations, { note: 'hi', 'kubernetes.io/config.source': 'api' });
  assert.equal(c.linux?.cgroup_parent, '/kubelet-node-a/besteffort/pod1111-2222');
  assert.deepEqual(c.linux?.security_context?.namespace_options, { network: 'POD', pid: 'CONTAINER', ipc: 'POD' });
  assert.deepEqual(c.linux?.sysctls, {});
});

test('namespaces, sysctls, security context and hostname rules', async () => {
  const host = await withResolv((o) => podSandboxConfig(testPod({ hostNetwork: true, hostPID: true, hostIPC: true }), o));
  assert.deepEqual(host.linux?.security_context?.namespace_options, { network: 'NODE', pid: 'NODE', ipc: 'NODE' });
  assert.equal(host.hostname, undefined, 'host-network pods keep the node hostname');
  assert.deepEqual(host.dns_config?.servers, ['192.168.0.1', '192.168.0.2'], 'ClusterFirst on the host network falls back to Default');
  const shared = await withResolv((o) =>
    podSandboxConfig(
      testPod({
        shareProcessNamespace: true,
        hostname: 'h1',
        subdomain: 'sub',
        setHostnameAsFQDN: true,
        securityContext: { runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000, sysctls: [{ name: 'net.ipv4.ip_local_port_range', value: '1024 65000' }] },
      }),
      o,
    ),
  );
  assert.equal(shared.linux?.security_context?.namespace_options?.pid, 'POD');
  assert.equal(shared.hostname, 'h1.sub.shop.svc.cluster.local');
  assert.deepEqual(shared.linux?.sysctls, { 'net.ipv4.ip_local_port_range': '1024 65000' });
  assert.deepEqual(shared.linux?.security_context?.run_as_user, { value: 1000 });
  assert.deepEqual(shared.linux?.security_context?.supplemental_groups, [2000]);
  const long = await withResolv((o) => podSandboxConfig(testPod({}, { name: `${'a'.repeat(62)}-bbbb` }), o));
  assert.equal(long.hostname, 'a'.repeat(62), 'cut to 63 without a trailing dash');
});

test('DNS policies: Default copies the host, None takes dnsConfig, dnsConfig merges', () => {
  assert.deepEqual(parseResolvConf(HOST_RESOLV), { servers: ['192.168.0.1', '192.168.0.2'], searches: ['corp.example', 'lab.example'], options: ['edns0', 'ndots:1'] });
  const opts = { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', hostResolvConf: HOST_RESOLV };
  assert.deepEqual(podDnsConfig(testPod({ dnsPolicy: 'Default' }), opts), parseResolvConf(HOST_RESOLV));
  const none = podDnsConfig(
    testPod({ dnsPolicy: 'None', dnsConfig: { nameservers: ['1.2.3.4'], searches: ['ns1.svc.cluster-domain.example'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] } }),
    opts,
  );
  assert.deepEqual(none, { servers: ['1.2.3.4'], searches: ['ns1.svc.cluster-domain.example'], options: ['ndots:2', 'edns0'] });
  const merged = podDnsConfig(testPod({ dnsConfig: { nameservers: ['10.96.0.10', '9.9.9.9'], options: [{ name: 'ndots', value: '1' }] } }), opts);
  assert.deepEqual(merged.servers, ['10.96.0.10', '9.9.9.9']);
  assert.deepEqual(merged.options, ['ndots:1']);
  const hostNet = podDnsConfig(testPod({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }), opts);
  assert.deepEqual(hostNet.servers, ['10.96.0.10']);
  assert.deepEqual(podDnsConfig(testPod(), { ...opts, clusterDNS: [] }).servers, ['192.168.0.1', '192.168.0.2'], 'no cluster DNS: Default');
});

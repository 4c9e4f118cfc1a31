/** Tests for the per-resource columns and cells of the server-side printers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES, findResource, type ResourceInfo } from '../resources/catalog.js';
import { tableColumns, tableRow } from './printers.js';

 
type Any = any;

const NOW = new Date('2025-03-01T12:00:00Z');
const ago = (ms: number): string => new Date(NOW.getTime() - ms).toISOString();
const MIN = 60_000;

function res(group: string, resource: string): ResourceInfo {
  const info = findResource(group, 'v1', resource);
  assert.ok(info);
  return info;
}

function headers(group: string, resource: string): string[] {
  return tableColumns(res(group, resource)).map((c) => (c.priority === 1 ? `(${c.name.toUpperCase()})` : c.name.toUpperCase()));
}

/** Cells keyed by upper-cased column name. */
function row(group: string, resource: string, obj: unknown): Record<string, unknown> {
  const columns = tableColumns(res(group, resource));
  const cells = tableRow(res(group, resource), obj, NOW);
  assert.equal(cells.length, columns.length, 'one cell per column');
  return Object.fromEntries(columns.map((c, i) => [c.name.toUpperCase(), cells[i]]));
}

test('columns of every catalog resource, wide ones in parentheses', () => {
  const want: Record<string, string> = {
    '/pods': 'NAME READY STATUS RESTARTS AGE (IP) (NODE) (NOMINATED NODE) (READINESS GATES)',
    '/nodes': 'NAME STATUS ROLES AGE VERSION (INTERNAL-IP) (EXTERNAL-IP) (OS-IMAGE) (KERNEL-VERSION) (CONTAINER-RUNTIME)',
    '/namespaces': 'NAME STATUS AGE',
    '/services': 'NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE (SELECTOR)',
    '/endpoints': 'NAME ENDPOINTS AGE',
    '/configmaps': 'NAME DATA AGE',
    '/secrets': 'NAME TYPE DATA AGE',
    '/serviceaccounts': 'NAME SECRETS AGE',
    '/events': 'LAST SEEN TYPE REASON OBJECT (SUBOBJECT) (SOURCE) MESSAGE (FIRST SEEN) (COUNT) (NAME)',
    'events.k8s.io/events': 'LAST SEEN TYPE REASON OBJECT (SUBOBJECT) (SOURCE) MESSAGE (FIRST SEEN) (COUNT) (NAME)',
    'apps/deployments': 'NAME READY UP-TO-DATE AVAILABLE AGE (CONTAINERS) (IMAGES) (SELECTOR)',
    'apps/replicasets': 'NAME DESIRED CURRENT READY AGE (CONTAINERS) (IMAGES) (SELECTOR)',
    'apps/daemonsets': 'NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE (CONTAINERS) (IMAGES) (SELECTOR)',
    'apps/statefulsets': 'NAME READY AGE (CONTAINERS) (IMAGES)',
    'batch/jobs': 'NAME STATUS COMPLETIONS DURATION AGE (CONTAINERS) (IMAGES) (SELECTOR)',
    'batch/cronjobs': 'NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE (CONTAINERS) (IMAGES) (SELECTOR)',
    'coordination.k8s.io/leases': 'NAME HOLDER AGE',
    'discovery.k8s.io/endpointslices': 'NAME ADDRESSTYPE PORTS ENDPOINTS AGE',
    'policy/poddisruptionbudgets': 'NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE',
    'scheduling.k8s.io/priorityclasses': 'NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY',
  };
  for (const r of RESOURCES) {
    const key = `${r.group}/${r.resource}`;
    assert.ok(key in want, `${key} has expected columns`);
    assert.equal(headers(r.group, r.resource).join(' '), want[key], key);
    const columns = tableColumns(r);
    const nameColumns = columns.filter((c) => c.format === 'name');
    assert.equal(nameColumns.length, 1, `${key} has one name column`);
    assert.equal(nameColumns[0]?.name, 'Name');
    for (const c of columns) assert.ok(c.description.length > 0 && ['string', 'integer', 'boolean'].includes(c.type), `${key} ${c.name}`);
  }
  assert.equal(tableColumns(res('', 'pods'))[0]?.format, 'name');
  assert.equal(tableColumns(res('', 'pods')).find((c) => c.name === 'Restarts')?.type, 'string');
});

test('unknown resources print NAME and AGE', () => {
  const unknown: ResourceInfo = { ...res('', 'configmaps'), group: 'example.com', resource: 'widgets', kind: 'Widget' };
  assert.deepEqual(tableColumns(unknown).map((c) => c.name), ['Name', 'Age']);
  assert.deepEqual(tableRow(unknown, { metadata: { name: 'w', creationTimestamp: ago(5 * MIN) } }, NOW), ['w', '5m']);
  assert.deepEqual(tableRow(unknown, { metadata: { name: 'w' } }, NOW), ['w', '<unknown>']);
});

const running = (name: string, extra: Any = {}): Any => ({ name, ready: true, restartCount: 0, state: { running: { startedAt: ago(60 * MIN) } }, ...extra });

test('pod: running, with restarts, IPs and node', () => {
  const pod = {
    metadata: { name: 'web-1', creationTimestamp: ago(60 * MIN) },
    spec: { nodeName: 'node-1', containers: [{ name: 'a' }, { name: 'b' }] },
    status: {
      phase: 'Running', podIP: '10.244.0.5', podIPs: [{ ip: '10.244.0.5' }],
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [running('a'), running('b', { restartCount: 5, lastState: { terminated: { exitCode: 1, finishedAt: ago(5 * MIN) } } })],
    },
  };
  assert.deepEqual(tableRow(res('', 'pods'), pod, NOW), ['web-1', '2/2', 'Running', '5 (5m ago)', '60m', '10.244.0.5', 'node-1', '<none>', '<none>']);
});

test('pod: pending, unscheduled and scheduling-gated', () => {
  const pending = row('', 'pods', { metadata: { name: 'p' }, spec: { containers: [{ name: 'a' }] }, status: { phase: 'Pending' } });
  assert.deepEqual([pending.READY, pending.STATUS, pending.RESTARTS, pending.AGE, pending.IP, pending.NODE], ['0/1', 'Pending', '0', '<unknown>', '<none>', '<none>']);
  const gated = row('', 'pods', { spec: { containers: [{ name: 'a' }] }, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] } });
  assert.equal(gated.STATUS, 'SchedulingGated');
});

test('pod: container waiting and terminated reasons', () => {
  const waiting = row('', 'pods', { spec: { containers: [{ name: 'a' }] }, status: { phase: 'Pending', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }] } });
  assert.equal(waiting.STATUS, 'ImagePullBackOff');
  assert.equal(waiting.READY, '0/1');
  const crash = row('', 'pods', { spec: { containers: [{ name: 'a' }] }, status: { phase: 'Running', containerStatuses: [{ name: 'a', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: ago(30_000) } } }] } });
  assert.deepEqual([crash.STATUS, crash.RESTARTS], ['CrashLoopBackOff', '3 (30s ago)']);
  const oom = row('', 'pods', { spec: { containers: [{ name: 'a' }] }, status: { phase: 'Failed', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 137, reason: 'OOMKilled' } } }] } });
  assert.equal(oom.STATUS, 'OOMKilled');
  const signal = row('', 'pods', { spec: { containers: [{ name: 'a' }] }, status: { phase: 'Failed', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, signal: 9 } } }] } });
  assert.equal(signal.STATUS, 'Signal:9');
  const exit = row('', 'pods', { spec: { containers: [{ name: 'a' }] }, status: { phase: 'Failed', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 2 } } }] } });
  assert.equal(exit.STATUS, 'ExitCode:2');
});

test('pod: completed, and completed-but-still-running counts as Running or NotReady', () => {
  const done = { spec: { containers: [{ name: 'a' }] }, status: { phase: 'Succeeded', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] } };
  assert.equal(row('', 'pods', done).STATUS, 'Completed');
  const mixed = (ready: boolean): Any => ({
    spec: { containers: [{ name: 'a' }, { name: 'b' }] },
    status: {
      phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }, running('b')],
    },
  });
  assert.deepEqual([row('', 'pods', mixed(true)).STATUS, row('', 'pods', mixed(true)).READY], ['Running', '1/2']);
  assert.equal(row('', 'pods', mixed(false)).STATUS, 'NotReady');
});

test('pod: init containers show Init:x/y, Init:<reason> and sidecars count as containers', () => {
  const spec = { initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [{ name: 'a' }] };
  const second = row('', 'pods', { spec, status: { phase: 'Pending', initContainerStatuses: [{ name: 'i1', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }, { name: 'i2', restartCount: 0, state: { running: {} } }], containerStatuses: [{ name: 'a', restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }] } });
  assert.deepEqual([second.STATUS, second.READY], ['Init:1/2', '0/1']);
  const failing = row('', 'pods', { spec, status: { phase: 'Pending', initContainerStatuses: [{ name: 'i1', restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: ago(2 * MIN) } } }] } });
  assert.deepEqual([failing.STATUS, failing.RESTARTS], ['Init:CrashLoopBackOff', '2 (2m ago)']);
  const initExit = row('', 'pods', { spec, status: { phase: 'Pending', initContainerStatuses: [{ name: 'i1', restartCount: 0, state: { terminated: { exitCode: 3 } } }] } });
  assert.equal(initExit.STATUS, 'Init:ExitCode:3');

  const sidecar = row('', 'pods', {
    spec: { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }], containers: [{ name: 'a' }] },
    status: {
      phase: 'Running', conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }],
      initContainerStatuses: [{ name: 'proxy', ready: true, started: true, restartCount: 1, state: { running: {} } }],
      containerStatuses: [running('a')],
    },
  });
  assert.deepEqual([sidecar.READY, sidecar.STATUS, sidecar.RESTARTS], ['2/2', 'Running', '1']);
});

test('pod: Terminating, Unknown for a lost node, and terminal pods stay terminal', () => {
  const base = { spec: { containers: [{ name: 'a' }] }, status: { phase: 'Running', containerStatuses: [running('a')] } };
  assert.equal(row('', 'pods', { ...base, metadata: { name: 'x', deletionTimestamp: ago(0) } }).STATUS, 'Terminating');
  assert.equal(row('', 'pods', { ...base, metadata: { deletionTimestamp: ago(0) }, status: { ...base.status, reason: 'NodeLost' } }).STATUS, 'Unknown');
  const succeeded = { spec: base.spec, metadata: { deletionTimestamp: ago(0) }, status: { phase: 'Succeeded', containerStatuses: [{ name: 'a', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] } };
  assert.equal(row('', 'pods', succeeded).STATUS, 'Completed');
  const gates = row('', 'pods', { spec: { containers: [], readinessGates: [{ conditionType: 'x/one' }, { conditionType: 'x/two' }] }, status: { nominatedNodeName: 'n2', conditions: [{ type: 'x/one', status: 'True' }] } });
  assert.deepEqual([gates['READINESS GATES'], gates['NOMINATED NODE']], ['1/2', 'n2']);
});

test('node: status, roles and addresses', () => {
  const node = {
    metadata: { name: 'n1', creationTimestamp: ago(3 * 24 * 60 * MIN), labels: { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/worker': 'true', 'kubernetes.io/role': 'edge', 'node-role.kubernetes.io/': 'x' } },
    spec: { unschedulable: true },
    status: {
      conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }],
      addresses: [{ type: 'Hostname', address: 'n1' }, { type: 'InternalIP', address: '10.0.0.2' }],
      nodeInfo: { kubeletVersion: 'v1.31.0', osImage: 'Debian GNU/Linux 12', kernelVersion: '6.1.0', containerRuntimeVersion: 'containerd://1.7.24', architecture: 'amd64', bootID: '', machineID: '', systemUUID: '', kubeProxyVersion: '', operatingSystem: 'linux' },
    },
  };
  assert.deepEqual(tableRow(res('', 'nodes'), node, NOW), ['n1', 'Ready,SchedulingDisabled', 'control-plane,edge,worker', '3d', 'v1.31.0', '10.0.0.2', '<none>', 'Debian GNU/Linux 12', '6.1.0', 'containerd://1.7.24']);
  const notReady = row('', 'nodes', { metadata: { name: 'n2' }, status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } });
  assert.deepEqual([notReady.STATUS, notReady.ROLES, notReady['OS-IMAGE']], ['NotReady', '<none>', '<unknown>']);
  assert.equal(row('', 'nodes', { metadata: { name: 'n3' } }).STATUS, 'Unknown');
});

test('service: cluster IP, external IP by type, ports and selector', () => {
  const cluster = row('', 'services', { metadata: { name: 'web', creationTimestamp: ago(90_000) }, spec: { type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], selector: { app: 'web', tier: 'fe' }, ports: [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] } });
  assert.deepEqual(cluster, { NAME: 'web', TYPE: 'ClusterIP', 'CLUSTER-IP': '10.96.0.10', 'EXTERNAL-IP': '<none>', 'PORT(S)': '80/TCP,53/UDP', AGE: '90s', SELECTOR: 'app=web,tier=fe' });
  const nodePort = row('', 'services', { spec: { type: 'NodePort', clusterIPs: ['10.96.0.11'], externalIPs: ['192.0.2.9'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] } });
  assert.deepEqual([nodePort['EXTERNAL-IP'], nodePort['PORT(S)'], nodePort.SELECTOR], ['192.0.2.9', '80:30080/TCP', '<none>']);
  const pending = row('', 'services', { spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.12'], ports: [] } });
  assert.deepEqual([pending['EXTERNAL-IP'], pending['PORT(S)']], ['<pending>', '<none>']);
  const lb = row('', 'services', { spec: { type: 'LoadBalancer', externalIPs: ['198.51.100.1'] }, status: { loadBalancer: { ingress: [{ ip: '203.0.113.9' }, { hostname: 'a-very-long-load-balancer.example.com' }, { ip: '203.0.113.9' }] } } });
  assert.equal(lb['EXTERNAL-IP'], '203.0.113.9,a-very-long-load-balancer.example.com,198.51.100.1', 'not clipped: the server prints wide');
  const ext = row('', 'services', { spec: { type: 'ExternalName', externalName: 'db.example.com' } });
  assert.deepEqual([ext['EXTERNAL-IP'], ext['CLUSTER-IP']], ['db.example.com', '<none>']);
  const headless = row('', 'services', { spec: { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] } });
  assert.equal(headless['CLUSTER-IP'], 'None');
});

test('deployment, replicaset, daemonset, statefulset', () => {
  const template = { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }, { name: 'log', image: 'busybox' }] } };
  const d = row('apps', 'deployments', { metadata: { name: 'web', creationTimestamp: ago(9 * MIN) }, spec: { replicas: 3, selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }, { key: 'canary', operator: 'DoesNotExist' }] }, template }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } });
  assert.deepEqual(d, { NAME: 'web', READY: '2/3', 'UP-TO-DATE': 3, AVAILABLE: 2, AGE: '9m', CONTAINERS: 'web,log', IMAGES: 'nginx:1.27,busybox', SELECTOR: 'app=web,!canary,env in (dev,prod)' });
  const fresh = row('apps', 'deployments', { metadata: { name: 'x' }, spec: { replicas: 0, template } });
  assert.deepEqual([fresh.READY, fresh['UP-TO-DATE'], fresh.AVAILABLE], ['0/0', 0, 0]);

  const rs = row('apps', 'replicasets', { metadata: { name: 'web-5d4' }, spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d4' } }, template }, status: { replicas: 3, readyReplicas: 1 } });
  assert.deepEqual([rs.DESIRED, rs.CURRENT, rs.READY, rs.SELECTOR], [3, 3, 1, 'app=web,pod-template-hash=5d4']);

  const ds = row('apps', 'daemonsets', { metadata: { name: 'proxy' }, spec: { selector: {}, template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [] } } }, status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 } });
  assert.deepEqual([ds.DESIRED, ds.CURRENT, ds.READY, ds['UP-TO-DATE'], ds.AVAILABLE, ds['NODE SELECTOR'], ds.SELECTOR], [3, 3, 2, 3, 2, 'kubernetes.io/os=linux', '<none>']);

  const sts = row('apps', 'statefulsets', { metadata: { name: 'db' }, spec: { replicas: 3, template }, status: { readyReplicas: 3 } });
  assert.equal(sts.READY, '3/3');
});

test('job and cronjob', () => {
  const template = { spec: { containers: [{ name: 'pi', image: 'perl' }] } };
  const done = row('batch', 'jobs', { metadata: { name: 'pi', creationTimestamp: ago(10 * MIN) }, spec: { completions: 1, parallelism: 1, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u' } }, template }, status: { succeeded: 1, startTime: ago(10 * MIN), completionTime: ago(10 * MIN - 47_000), conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }] } });
  assert.deepEqual(done, { NAME: 'pi', STATUS: 'Complete', COMPLETIONS: '1/1', DURATION: '47s', AGE: '10m', CONTAINERS: 'pi', IMAGES: 'perl', SELECTOR: 'batch.kubernetes.io/controller-uid=u' });
  const queue = row('batch', 'jobs', { spec: { parallelism: 4, template }, status: { succeeded: 2, startTime: ago(3 * MIN) } });
  assert.deepEqual([queue.STATUS, queue.COMPLETIONS, queue.DURATION], ['Running', '2/1 of 4', '3m']);
  assert.equal(row('batch', 'jobs', { spec: { template } }).DURATION, '');
  assert.equal(row('batch', 'jobs', { spec: { template }, status: { conditions: [{ type: 'Failed', status: 'True' }] } }).STATUS, 'Failed');
  assert.equal(row('batch', 'jobs', { metadata: { deletionTimestamp: ago(0) }, spec: { template } }).STATUS, 'Terminating');
  assert.equal(row('batch', 'jobs', { spec: { template }, status: { conditions: [{ type: 'Suspended', status: 'True' }] } }).STATUS, 'Suspended');
  assert.equal(row('batch', 'jobs', { spec: { template }, status: { conditions: [{ type: 'FailureTarget', status: 'True' }] } }).STATUS, 'FailureTarget');

  const cj = row('batch', 'cronjobs', { metadata: { name: 'tick' }, spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { spec: { template } } }, status: { active: [{ name: 'tick-1' }], lastScheduleTime: ago(4 * MIN) } });
  assert.deepEqual([cj.SCHEDULE, cj.TIMEZONE, cj.SUSPEND, cj.ACTIVE, cj['LAST SCHEDULE'], cj.SELECTOR], ['*/5 * * * *', '<none>', 'False', 1, '4m', '<none>']);
  assert.equal(row('batch', 'cronjobs', { spec: { schedule: '@daily', timeZone: 'Etc/UTC', jobTemplate: {} } })['LAST SCHEDULE'], '<none>');
});

test('core events and events.k8s.io events', () => {
  const core = row('', 'events', {
    metadata: { name: 'web-1.17f' }, type: 'Warning', reason: 'BackOff', message: '  Back-off restarting failed container  ',
    involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{web}' }, source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: ago(20 * MIN), lastTimestamp: ago(MIN), count: 7,
  });
  assert.deepEqual(core, { 'LAST SEEN': '60s', TYPE: 'Warning', REASON: 'BackOff', OBJECT: 'pod/web-1', SUBOBJECT: 'spec.containers{web}', SOURCE: 'kubelet, node-1', MESSAGE: 'Back-off restarting failed container', 'FIRST SEEN': '20m', COUNT: 7, NAME: 'web-1.17f' });
  const fresh = row('', 'events', { metadata: { name: 'e' }, involvedObject: { kind: 'Node' }, eventTime: ago(30_000), reportingController: 'default-scheduler', reportingInstance: 'sched-1' });
  assert.deepEqual([fresh['LAST SEEN'], fresh['FIRST SEEN'], fresh.COUNT, fresh.OBJECT, fresh.SOURCE], ['30s', '30s', 1, 'node', 'default-scheduler, sched-1']);

  const modern = row('events.k8s.io', 'events', { metadata: { name: 'm' }, eventTime: ago(10 * MIN), type: 'Normal', reason: 'Scheduled', note: 'Successfully assigned', regarding: { kind: 'Pod', name: 'p' }, reportingController: 'default-scheduler', series: { count: 4, lastObservedTime: ago(2 * MIN) } });
  assert.deepEqual(modern, { 'LAST SEEN': '2m', TYPE: 'Normal', REASON: 'Scheduled', OBJECT: 'pod/p', SUBOBJECT: '', SOURCE: 'default-scheduler', MESSAGE: 'Successfully assigned', 'FIRST SEEN': '10m', COUNT: 4, NAME: 'm' });
});

test('configmaps, secrets, serviceaccounts, namespaces, leases', () => {
  assert.equal(row('', 'configmaps', { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }).DATA, 3);
  assert.deepEqual(Object.values(row('', 'secrets', { metadata: { name: 's' }, type: 'Opaque', data: { a: 'MQ==' } })).slice(0, 3), ['s', 'Opaque', 1]);
  assert.equal(row('', 'serviceaccounts', { secrets: [{ name: 'tok' }] }).SECRETS, 1);
  assert.equal(row('', 'serviceaccounts', {}).SECRETS, 0);
  assert.equal(row('', 'namespaces', { status: { phase: 'Terminating' } }).STATUS, 'Terminating');
  assert.equal(row('coordination.k8s.io', 'leases', { spec: { holderIdentity: 'node-1' } }).HOLDER, 'node-1');
  assert.equal(row('coordination.k8s.io', 'leases', { spec: {} }).HOLDER, '');
});

test('endpoints and endpointslices cap their lists at three', () => {
  const ep = row('', 'endpoints', { subsets: [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80 }, { port: 443 }] }] });
  assert.equal(ep.ENDPOINTS, '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...');
  assert.equal(row('', 'endpoints', { subsets: [{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 80 }] }] }).ENDPOINTS, '[fd00::1]:80');
  assert.equal(row('', 'endpoints', { subsets: [{ addresses: [{ ip: '10.0.0.9' }] }] }).ENDPOINTS, '10.0.0.9');
  assert.equal(row('', 'endpoints', {}).ENDPOINTS, '<none>');

  const slice = row('discovery.k8s.io', 'endpointslices', { addressType: 'IPv4', ports: [{ port: 80 }, { name: 'metrics' }, {}], endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'] }] });
  assert.deepEqual([slice.ADDRESSTYPE, slice.PORTS, slice.ENDPOINTS], ['IPv4', '80,metrics,*', '10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...']);
  const empty = row('discovery.k8s.io', 'endpointslices', { addressType: 'IPv4' });
  assert.deepEqual([empty.PORTS, empty.ENDPOINTS], ['<unset>', '<unset>']);
});

test('malformed objects still print a row', () => {
  for (const r of RESOURCES) {
    for (const obj of [null, 'x', {}, { metadata: { name: 'n' }, spec: {}, status: {} }]) {
      assert.equal(tableRow(r, obj, NOW).length, tableColumns(r).length, `${r.group}/${r.resource}`);
    }
  }
});

/** End-to-end: the real kubectl (the version dispatcher and kubectl 1.29-1.33) against a Skiff cluster. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCommand, upCluster, type CommandResult, type TestCluster } from './cluster.js';

/** Bound on waiting for the controller manager to act (turns of CONTROLLER_POLL_MS); a hang fails instead of blocking. */
const CONTROLLER_POLLS = 100;
const CONTROLLER_POLL_MS = 100;

/** Finds `kubectl` on PATH, and the versioned binaries installed beside it. */
function kubectlBinaries(): { label: string; path: string }[] {
  const dirs = (process.env.PATH ?? '').split(delimiter);
  const dispatcher = dirs.map((d) => join(d, 'kubectl')).find((p) => existsSync(p));
  assert.ok(dispatcher, 'kubectl must be on PATH for the end-to-end tests');
  const dir = dirname(realpathSync(dispatcher));
  const out = [{ label: 'kubectl (dispatcher)', path: dispatcher }];
  for (const minor of [29, 30, 31, 32, 33]) {
    const path = join(dir, `kubectl.1.${minor}`);
    if (existsSync(path)) out.push({ label: `kubectl 1.${minor}`, path });
  }
  return out;
}

function manifest(ns: string, replicas: number, greeting: string): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
  namespace: ${ns}
data:
  greeting: ${greeting}
---
apiVersion: v1
kind: Secret
metadata:
  name: app-secret
  namespace: ${ns}
data:
  password: czNjcmV0
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${ns}
  labels:
    app: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: busybox:latest
        command: ["httpd", "-f", "-p", "8080"]
        ports:
        - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: ${ns}
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 8080
`;
}

let cluster: TestCluster;
let work: string;

before(async () => {
  cluster = await upCluster();
  work = await mkdtemp(join(tmpdir(), 'skiff-kubectl-'));
});

after(async () => {
  await cluster?.down();
  if (work) await rm(work, { recursive: true, force: true });
});

for (const [index, bin] of kubectlBinaries().entries()) {
  describe(bin.label, () => {
    const ns = `e2e-${index}`;
    let cacheDir: string;
    const kubectl = (args: string[], input?: string): Promise<CommandResult> =>
      runCommand(bin.path, ['--kubeconfig', cluster.kubeconfig, '--cache-dir', cacheDir, ...args], { input });
    const ok = async (args: string[], input?: string): Promise<string> => {
      const r = await kubectl(args, input);
      assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}${r.stdout}`);
      return r.stdout;
    };
    let file: string;

    before(async () => {
      cacheDir = await mkdtemp(join(work, 'cache-'));
      file = join(work, `manifest-${index}.yaml`);
    });

    test('version reports Kubernetes 1.31', async () => {
      const out = JSON.parse(await ok(['version', '-o', 'json'])) as { serverVersion: { major: string; minor: string } };
      assert.equal(out.serverVersion.major, '1');
      assert.equal(out.serverVersion.minor, '31');
    });

    test('apply creates, configures, leaves unchanged', async () => {
      await writeFile(file, manifest(ns, 2, 'hello'));
      const created = await ok(['apply', '-f', file]);
      for (const line of [`namespace/${ns} created`, 'configmap/app-config created', 'secret/app-secret created', 'deployment.apps/web created', 'service/web created']) {
        assert.ok(created.includes(line), `expected "${line}" in:\n${created}`);
      }
      await writeFile(file, manifest(ns, 3, 'bonjour'));
      const configured = await ok(['apply', '-f', file]);
      assert.match(configured, /deployment\.apps\/web configured/);
      assert.match(configured, /configmap\/app-config configured/);
      assert.match(configured, /service\/web unchanged/);
      const unchanged = await ok(['apply', '-f', file]);
      for (const line of [`namespace/${ns} unchanged`, 'configmap/app-config unchanged', 'secret/app-secret unchanged', 'deployment.apps/web unchanged', 'service/web unchanged']) {
        assert.ok(unchanged.includes(line), `expected "${line}" in:\n${unchanged}`);
      }
      assert.equal((await ok(['get', 'deploy', 'web', '-n', ns, '-o', 'jsonpath={.spec.replicas}'])).trim(), '3');
      assert.equal((await ok(['get', 'cm', 'app-config', '-n', ns, '-o', 'jsonpath={.data.greeting}'])).trim(), 'bonjour');
    });

    test('apply --server-side', async () => {
      const out = await ok(['apply', '--server-side', '-f', file]);
      assert.match(out, /deployment\.apps\/web serverside-applied/);
      assert.match(out, /configmap\/app-config serverside-applied/);
      const deploy = JSON.parse(await ok(['get', 'deploy', 'web', '-n', ns, '-o', 'json', '--show-managed-fields'])) as { metadata: { managedFields?: { manager: string; operation: string }[] } };
      assert.ok(deploy.metadata.managedFields?.some((m) => m.manager === 'kubectl' && m.operation === 'Apply'), 'an Apply entry for manager kubectl');
    });

    test('get renders tables, wide, yaml, json, jsonpath and custom columns', async () => {
      const table = await ok(['get', 'deploy', '-n', ns]);
      assert.match(table, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\n/);
      // No nodes: the pods stay Pending, so nothing is ready or available; the controller manager may already count them as up to date.
      assert.match(table, /\nweb\s+0\/3\s+[0-3]\s+0\s+\d+s\n/);
      const wide = await ok(['get', 'svc', 'web', '-n', ns, '-o', 'wide']);
      assert.match(wide, /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s+SELECTOR\n/);
      assert.match(wide, /\nweb\s+ClusterIP\s+10\.\d+\.\d+\.\d+\s+<none>\s+80\/TCP\s+\S+\s+app=web\n/);
      const yaml = await ok(['get', 'deploy', 'web', '-n', ns, '-o', 'yaml']);
      assert.match(yaml, /^apiVersion: apps\/v1\nkind: Deployment\n/);
      assert.match(yaml, /strategy:\n\s+rollingUpdate:\n\s+maxSurge: 25%\n\s+maxUnavailable: 25%\n\s+type: RollingUpdate/);
      const json = JSON.parse(await ok(['get', 'svc', '-n', ns, '-o', 'json'])) as { kind: string; items: { metadata: { name: string }; spec: { ports: { targetPort: number }[] } }[] };
      assert.equal(json.kind, 'List');
      assert.deepEqual(json.items.map((i) => i.metadata.name), ['web']);
      assert.equal(json.items[0]!.spec.ports[0]!.targetPort, 8080);
      assert.equal(await ok(['get', 'deploy', 'web', '-n', ns, '-o', 'jsonpath={.spec.template.spec.containers[0].imagePullPolicy}']), 'Always');
      const custom = await ok(['get', 'deploy', '-n', ns, '-o', 'custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas']);
      assert.match(custom, /^NAME\s+REPLICAS\nweb\s+3\n$/);
    });

    test('the controller manager gives the Deployment a ReplicaSet of 3 and its pods (Pending: no nodes)', async () => {
      let rs = '';
      let pods: string[] = [];
      for (let i = 0; i < CONTROLLER_POLLS && (rs !== '3' || pods.length !== 3); i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, CONTROLLER_POLL_MS));
        rs = (await ok(['get', 'rs', '-n', ns, '-l', 'app=web', '-o', 'jsonpath={.items[*].spec.replicas}'])).trim();
        pods = (await ok(['get', 'pods', '-n', ns, '-l', 'app=web', '-o', 'name'])).split('\n').filter((l) => l !== '');
      }
      assert.equal(rs, '3', 'one ReplicaSet wanting 3 pods');
      assert.equal(pods.length, 3, `three pods: ${pods.join(' ')}`);
      const hash = (await ok(['get', 'rs', '-n', ns, '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.labels.pod-template-hash}'])).trim();
      assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
      for (const p of pods) assert.ok(p.startsWith(`pod/web-${hash}-`), p);
    });

    test('get with selectors, all namespaces, sorting and labels', async () => {
      assert.match(await ok(['get', 'deploy', '-n', ns, '-l', 'app=web', '-o', 'name']), /^deployment\.apps\/web\n$/);
      const none = await kubectl(['get', 'deploy', '-n', ns, '-l', 'app in (nope)']);
      assert.equal(none.code, 0);
      assert.match(none.stderr, new RegExp(`No resources found in ${ns} namespace\\.`));
      assert.match(await ok(['get', 'cm', '-n', ns, '--field-selector', 'metadata.name=app-config', '-o', 'name']), /^configmap\/app-config\n$/);
      const all = await ok(['get', 'deploy', '-A']);
      assert.match(all, /^NAMESPACE\s+NAME\s+READY/);
      assert.match(all, new RegExp(`\\n${ns}\\s+web\\s+0/3`));
      await ok(['apply', '-f', '-'], `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aaa-first\n  namespace: ${ns}\ndata:\n  k: v\n`);
      const sorted = await ok(['get', 'cm', '-n', ns, '--sort-by', '.metadata.name', '-o', 'custom-columns=NAME:.metadata.name', '--no-headers']);
      const names = sorted.trim().split('\n');
      assert.deepEqual(names, [...names].sort());
      assert.ok(names.includes('aaa-first') && names.includes('app-config'));
      const sortedTable = await ok(['get', 'cm', '-n', ns, '--sort-by', '.metadata.name']);
      assert.match(sortedTable, /^NAME\s+DATA\s+AGE\naaa-first\s+1\s+/);
      assert.match(await ok(['get', 'deploy', 'web', '-n', ns, '--show-labels']), /LABELS\n.*app=web/);
    });

    test('get -w shows changes made by another client', async () => {
      const child = spawn(bin.path, ['--kubeconfig', cluster.kubeconfig, '--cache-dir', cacheDir, 'get', 'cm', 'app-config', '-n', ns, '-w', '-o', 'custom-columns=NAME:.metadata.name,GREETING:.data.greeting', '--no-headers']);
      let seen = '';
      child.stdout.on('data', (d: Buffer) => (seen += d.toString()));
      try {
        await waitFor(() => seen.includes('app-config'), 'the initial row');
        await ok(['patch', 'cm', 'app-config', '-n', ns, '--type=merge', '-p', '{"data":{"greeting":"watched"}}']);
        await waitFor(() => /app-config\s+watched/.test(seen), 'the change made by another client');
      } finally {
        child.kill('SIGTERM');
      }
    });

    test('describe', async () => {
      const out = await ok(['describe', 'deploy', 'web', '-n', ns]);
      assert.match(out, /^Name:\s+web$/m);
      assert.match(out, new RegExp(`^Namespace:\\s+${ns}$`, 'm'));
      assert.match(out, /^StrategyType:\s+RollingUpdate$/m);
      assert.match(out, /^RollingUpdateStrategy:\s+25% max unavailable, 25% max surge$/m);
      assert.match(out, /Port:\s+8080\/TCP/);
      assert.match(await ok(['describe', 'ns', ns]), /^Status:\s+Active$/m);
    });

    test('scale, label, annotate', async () => {
      assert.match(await ok(['scale', 'deploy', 'web', '-n', ns, '--replicas=5']), /deployment\.apps\/web scaled/);
      assert.equal(await ok(['get', 'deploy', 'web', '-n', ns, '-o', 'jsonpath={.spec.replicas}']), '5');
      assert.match(await ok(['label', 'deploy', 'web', '-n', ns, 'tier=frontend']), /deployment\.apps\/web labeled/);
      assert.match(await ok(['annotate', 'deploy', 'web', '-n', ns, 'owner=team-a']), /deployment\.apps\/web annotated/);
      const meta = JSON.parse(await ok(['get', 'deploy', 'web', '-n', ns, '-o', 'jsonpath={.metadata}'])) as { labels: Record<string, string>; annotations: Record<string, string>; generation: number };
      assert.equal(meta.labels.tier, 'frontend');
      assert.equal(meta.annotations.owner, 'team-a');
      assert.match(await ok(['label', 'deploy', 'web', '-n', ns, 'tier-']), /deployment\.apps\/web unlabeled/);
    });

    test('patch: merge, json and strategic', async () => {
      assert.match(await ok(['patch', 'deploy', 'web', '-n', ns, '--type=merge', '-p', '{"spec":{"replicas":2}}']), /deployment\.apps\/web patched/);
      assert.match(await ok(['patch', 'deploy', 'web', '-n', ns, '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":1}]']), /patched/);
      await ok(['patch', 'deploy', 'web', '-n', ns, '--type=strategic', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"busybox:1.36"}]}}}}']);
      const deploy = JSON.parse(await ok(['get', 'deploy', 'web', '-n', ns, '-o', 'json'])) as {
        spec: { replicas: number; template: { spec: { containers: { name: string; image: string; command: string[]; imagePullPolicy: string }[] } } };
      };
      assert.equal(deploy.spec.replicas, 1);
      assert.equal(deploy.spec.template.spec.containers.length, 1);
      assert.equal(deploy.spec.template.spec.containers[0]!.image, 'busybox:1.36');
      assert.deepEqual(deploy.spec.template.spec.containers[0]!.command, ['httpd', '-f', '-p', '8080']);
      const noop = await ok(['patch', 'deploy', 'web', '-n', ns, '--type=merge', '-p', '{"spec":{"replicas":1}}']);
      assert.match(noop, /deployment\.apps\/web patched \(no change\)/);
    });

    test('rollout history, undo and restart drive the Deployment controller as in Kubernetes', async () => {
      const replicaSets = async (): Promise<{ image: string; revision: string }[]> => {
        const list = JSON.parse(await ok(['get', 'rs', '-n', ns, '-l', 'app=web', '-o', 'json'])) as {
          items: { metadata: { annotations?: Record<string, string> }; spec: { template: { spec: { containers: { image: string }[] } } } }[];
        };
        return list.items.map((rs) => ({ image: rs.spec.template.spec.containers[0]!.image, revision: rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? '' }));
      };
      const until = async <T>(what: string, check: () => Promise<T | undefined>): Promise<T> => {
        for (let i = 0; i < CONTROLLER_POLLS; i++) {
          const value = await check();
          if (value !== undefined) return value;
          await new Promise((r) => setTimeout(r, CONTROLLER_POLL_MS));
        }
        assert.fail(`timed out waiting for ${what}`);
      };
      // The strategic patch above changed the image: a second ReplicaSet, revision 2.
      await until('two revisions', async () => ((await replicaSets()).length === 2 ? true : undefined));
      const history = await ok(['rollout', 'history', 'deploy/web', '-n', ns]);
      assert.match(history, /^REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n/m);
      assert.match(await ok(['rollout', 'undo', 'deploy/web', '-n', ns]), /deployment\.apps\/web rolled back/);
      const undone = await until('revision 1 back as revision 3', async () => {
        const sets = await replicaSets();
        const back = sets.find((rs) => rs.image === 'busybox:latest');
        return sets.length === 2 && back?.revision === '3' ? sets : undefined;
      });
      assert.deepEqual(undone.map((rs) => rs.revision).sort(), ['2', '3'], 'the old ReplicaSet is reused, not copied');
      assert.equal(await ok(['get', 'deploy', 'web', '-n', ns, '-o', 'jsonpath={.spec.template.spec.containers[0].image}']), 'busybox:latest');
      assert.match(await ok(['rollout', 'restart', 'deploy/web', '-n', ns]), /deployment\.apps\/web restarted/);
      await until('a new ReplicaSet for the restart', async () => ((await replicaSets()).some((rs) => rs.revision === '4') ? true : undefined));
    });

    test('errors print as Kubernetes prints them', async () => {
      const missing = await kubectl(['get', 'deploy', 'nope', '-n', ns]);
      assert.equal(missing.code, 1);
      assert.equal(missing.stderr.trim(), 'Error from server (NotFound): deployments.apps "nope" not found');
      const dup = await kubectl(['create', '-f', file]);
      assert.notEqual(dup.code, 0);
      assert.match(dup.stderr, /Error from server \(AlreadyExists\): error when creating ".*": deployments\.apps "web" already exists/);
      const bad = await kubectl(['apply', '-f', '-'], `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bad\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels: {app: x}\n  template:\n    metadata:\n      labels: {app: other}\n    spec:\n      containers: [{name: c, image: busybox}]\n`);
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /The Deployment "bad" is invalid: spec\.template\.metadata\.labels: Invalid value: .*`selector` does not match template `labels`/);
      const unknown = await kubectl(['apply', '-f', '-'], `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: strict\n  namespace: ${ns}\nbogus: 1\n`);
      assert.notEqual(unknown.code, 0);
      assert.match(unknown.stderr, /unknown field "bogus"/);
      // kubectl looks the namespace up after a NotFound and names it when it is the namespace that is missing.
      const noNs = await kubectl(['get', 'cm', '-n', 'no-such-namespace', 'x']);
      assert.equal(noNs.stderr.trim(), 'Error from server (NotFound): namespaces "no-such-namespace" not found');
    });

    test('api-resources and explain', async () => {
      const resources = await ok(['api-resources']);
      assert.match(resources, /^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND/);
      assert.match(resources, /\ndeployments\s+deploy\s+apps\/v1\s+true\s+Deployment\n/);
      assert.match(resources, /\nnamespaces\s+ns\s+v1\s+false\s+Namespace\n/);
      const explain = await ok(['explain', 'pod.spec.containers']);
      assert.match(explain, /KIND:\s+Pod/);
      assert.match(explain, /FIELD:\s+containers/);
      assert.match(explain, /image\s+<string>/);
    });

    test('create -f and delete -f', async () => {
      const extra = join(work, `extra-${index}.yaml`);
      await writeFile(extra, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: ${ns}\ndata:\n  a: b\n`);
      assert.match(await ok(['create', '-f', extra]), /configmap\/extra created/);
      const deleted = await ok(['delete', '-f', file]);
      for (const line of [`namespace "${ns}" deleted`, 'deployment.apps "web" deleted', 'service "web" deleted']) {
        assert.ok(deleted.includes(line), `expected "${line}" in:\n${deleted}`);
      }
      const gone = await kubectl(['get', 'ns', ns]);
      assert.equal(gone.stderr.trim(), `Error from server (NotFound): namespaces "${ns}" not found`);
    });
  });
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

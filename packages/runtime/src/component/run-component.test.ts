/** Unit tests for the component frame: settings, health and metrics endpoints, graceful stop. */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pino } from 'pino';
import { loadSettings, runComponent, type ComponentSpec } from './run-component.js';

interface Own {
  workers: number;
}

function spec(events: string[], onStart?: (ctx: Parameters<ComponentSpec<Own>['start']>[0]) => void): ComponentSpec<Own> {
  return {
    name: 'test-component',
    defaultHealthPort: 0,
    flags: { workers: '2' },
    settings: (v) => ({ workers: Number(v.workers) }),
    async start(ctx) {
      events.push(`start workers=${ctx.settings.workers}`);
      onStart?.(ctx);
      return async () => {
        events.push(`stop aborted=${ctx.signal.aborted}`);
      };
    },
  };
}

test('flags override the config file, which overrides defaults', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-component-'));
  try {
    const file = join(dir, 'config.yaml');
    await writeFile(file, 'workers: 7\nhealthPort: 10999\nkubeconfig: /from/file\n');
    const fromFile = await loadSettings(spec([]), ['--config', file]);
    assert.equal(fromFile.workers, 7);
    assert.equal(fromFile.healthPort, 10999);
    assert.equal(fromFile.kubeconfig, '/from/file');
    const overridden = await loadSettings(spec([]), ['--config', file, '--workers', '3', '--kubeconfig', '/flag']);
    assert.equal(overridden.workers, 3);
    assert.equal(overridden.kubeconfig, '/flag');
    const defaults = await loadSettings(spec([]), []);
    assert.equal(defaults.workers, 2);
    assert.equal(defaults.bindAddress, '127.0.0.1');
    assert.equal(defaults.kubeconfig, undefined);
    await assert.rejects(loadSettings(spec([]), ['--no-such-flag']));
    await assert.rejects(loadSettings(spec([]), ['--health-port', 'x']));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('serves health, readiness and metrics, and stops gracefully', async () => {
  const events: string[] = [];
  let setReady: ((r: boolean) => void) | undefined;
  const running = await runComponent(spec(events, (ctx) => (setReady = ctx.setReady)), ['--health-port', '0'], { logger: pino({ level: 'silent' }) });
  const url = (p: string) => `http://127.0.0.1:${running.healthPort}${p}`;
  try {
    assert.deepEqual(events, ['start workers=2']);
    assert.equal((await fetch(url('/healthz'))).status, 200);
    assert.equal((await fetch(url('/readyz'))).status, 500);
    setReady!(true);
    assert.equal((await fetch(url('/readyz'))).status, 200);
    const metrics = await (await fetch(url('/metrics'))).text();
    assert.match(metrics, /process_cpu_seconds_total/);
    assert.equal((await fetch(url('/nope'))).status, 404);
  } finally {
    await running.stop();
  }
  assert.deepEqual(events, ['start workers=2', 'stop aborted=true']);
  await assert.rejects(fetch(url('/healthz')));
  await running.stop();
  assert.equal(events.length, 2, 'stop runs once');
});

test('a component that fails to start leaves no server behind', async () => {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
  let sawHealth = 0;
  const failing: ComponentSpec<Own> = {
    ...spec([]),
    start: async () => {
      sawHealth = (await fetch(`http://127.0.0.1:${port}/healthz`)).status;
      throw new Error('boom');
    },
  };
  await assert.rejects(runComponent(failing, ['--health-port', String(port)], { logger: pino({ level: 'silent' }) }), /boom/);
  assert.equal(sawHealth, 200, 'the server was up while starting');
  await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`), 'and is closed after the failure');
});

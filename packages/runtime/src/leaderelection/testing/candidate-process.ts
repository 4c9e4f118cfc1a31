/**
 * Child process for the leader election integration test: one candidate against a real API server.
 * argv: <apiserver url> <identity> <leaseDurationMs> <renewDeadlineMs> <retryPeriodMs>.
 * Prints one JSON line per transition: {"event":"start"|"stop"|"exit","identity","at"} (at = Date.now()).
 */
import { RestResourceClient } from '@skiff/client';
import { pino } from 'pino';
import { LeaderElector } from '../leader-elector.js';

const [url, identity, leaseDurationMs, renewDeadlineMs, retryPeriodMs] = process.argv.slice(2);
const say = (event: string): void => {
  process.stdout.write(`${JSON.stringify({ event, identity, at: Date.now() })}\n`);
};

const stop = new AbortController();
process.on('SIGTERM', () => stop.abort());
const client = new RestResourceClient({ server: url! });
const elector = new LeaderElector({
  client,
  namespace: 'kube-system',
  name: 'int-test-lease',
  identity: identity!,
  leaseDurationMs: Number(leaseDurationMs),
  renewDeadlineMs: Number(renewDeadlineMs),
  retryPeriodMs: Number(retryPeriodMs),
  logger: pino({ level: 'silent' }),
  onStartedLeading: () => say('start'),
  onStoppedLeading: () => say('stop'),
});
await elector.run(stop.signal);
// Idle keep-alive connections would hold the process open.
await client.close();
say('exit');

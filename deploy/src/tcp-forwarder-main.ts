/** skiff's apiserver forwarder binary: `node tcp-forwarder-main.js LISTEN=TARGET ...`; runs until SIGTERM. */
import { parseForwardRule, startForwarder } from './tcp-forwarder.js';

async function main(): Promise<void> {
  const rules = process.argv.slice(2).map(parseForwardRule);
  if (rules.length === 0) throw new Error('usage: tcp-forwarder-main LISTEN_IP:PORT=TARGET_IP:PORT ...');
  const forwarder = await startForwarder(rules);
  console.log(JSON.stringify({ msg: 'forwarding', rules: process.argv.slice(2) }));
  const stop = (): void => {
    // Open connections are not waited for: the cluster is going down.
    void forwarder.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(`forwarder failed: ${(err as Error).message}`);
  process.exit(1);
});

#!/usr/bin/env node
/** skiff-apiserver: parse flags, build the API server from the library, run until SIGTERM. */
import { pino } from 'pino';
import { parseApiServerFlags } from './flags.js';
import { ensurePki } from './pki/index.js';
import { createApiServer } from './server.js';
import { apiServerCertificateHosts } from './certificate-hosts.js';

const logger = pino({ name: 'apiserver' });

async function main(): Promise<void> {
  const flags = parseApiServerFlags(process.argv.slice(2));
  const hosts = apiServerCertificateHosts({
    bindAddress: flags.bindAddress,
    serviceClusterIpRange: flags.serviceClusterIpRange,
    advertiseAddress: flags.advertiseAddress,
    extra: flags.tlsSans,
  });
  const pki = await ensurePki(flags.certDir, { hosts });
  const server = await createApiServer({
    etcdServers: flags.etcdServers,
    bindAddress: flags.bindAddress,
    securePort: flags.securePort,
    grpcPort: flags.grpcPort,
    tls: { key: pki.servingKeyPem, cert: pki.servingCertPem, ca: pki.caCertPem },
    serviceClusterIpRange: flags.serviceClusterIpRange,
    serviceNodePortRange: flags.serviceNodePortRange,
    compactionIntervalMs: flags.compactionIntervalMs,
    advertiseAddress: flags.advertiseAddress,
    kubeletClient: flags.kubeletClient,
    logger,
  });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  await server.start();
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'apiserver failed to start');
  process.exit(1);
});

/** What `up` prepares for the scheduler before it starts it: its client certificate and kubeconfig, and its health port. */
import { issueClientCertificate, type Pki } from '@skiff/apiserver';
import { freePort } from '@skiff/storage';
import { componentKubeconfig } from './kubeconfig.js';
import { writeKubeconfigFile } from './kubeconfig-file.js';
import { isPortFree } from './ports.js';
import { SCHEDULER_BIND_ADDRESS } from './scheduler-process.js';

/** The user kube-scheduler authenticates as (its certificate's CN, no groups), as kubeadm names it. */
export const SCHEDULER_USER = 'system:kube-scheduler';
/** File base name of its certificate in the PKI folder (`scheduler.crt`, `scheduler.key`). */
export const SCHEDULER_CERT_NAME = 'scheduler';

/**
 * The last run's health port when still free, else any free port. Not kube-scheduler's customary 10259: two clusters
 * started at once (as tests do) would both find it free and one scheduler would fail to listen.
 */
export async function schedulerHealthPort(previous: number | undefined): Promise<number> {
  if (previous !== undefined && (await isPortFree(previous, SCHEDULER_BIND_ADDRESS))) return previous;
  return freePort();
}

/** Issues (or reuses) the scheduler's client certificate and writes its kubeconfig to `path`. */
export async function writeSchedulerKubeconfig(pki: Pki, server: string, path: string): Promise<void> {
  const cert = await issueClientCertificate(
    { caCertPem: pki.caCertPem, caKeyPem: pki.caKeyPem },
    { commonName: SCHEDULER_USER, organizations: [], dir: pki.dir, name: SCHEDULER_CERT_NAME },
  );
  const kubeconfig = componentKubeconfig({ server, caCertPem: pki.caCertPem, clientCertPem: cert.certPem, clientKeyPem: cert.keyPem, user: SCHEDULER_USER });
  await writeKubeconfigFile(path, kubeconfig);
}

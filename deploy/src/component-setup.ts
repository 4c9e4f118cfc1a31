/** What `up` prepares for a control-plane component before it starts it: its client certificate and kubeconfig, and its health port. */
import { issueClientCertificate, type Pki } from '@skiff/apiserver';
import { freePort } from '@skiff/storage';
import type { ControlPlaneComponent } from './control-plane.js';
import { COMPONENT_BIND_ADDRESS } from './component-process.js';
import { componentKubeconfig } from './kubeconfig.js';
import { writeKubeconfigFile } from './kubeconfig-file.js';
import { isPortFree } from './ports.js';

/**
 * The last run's health port when still free, else any free port. Not the Kubernetes components' customary ports
 * (10259, 10257): two clusters started at once (as tests do) would both find them free and one would fail to listen.
 */
export async function componentHealthPort(previous: number | undefined): Promise<number> {
  if (previous !== undefined && (await isPortFree(previous, COMPONENT_BIND_ADDRESS))) return previous;
  return freePort();
}

/** Issues (or reuses) the component's client certificate and writes its kubeconfig to `path`. */
export async function writeComponentKubeconfig(component: ControlPlaneComponent, pki: Pki, server: string, path: string): Promise<void> {
  const cert = await issueClientCertificate(
    { caCertPem: pki.caCertPem, caKeyPem: pki.caKeyPem },
    { commonName: component.user, organizations: [], dir: pki.dir, name: component.certName },
  );
  const kubeconfig = componentKubeconfig({ server, caCertPem: pki.caCertPem, clientCertPem: cert.certPem, clientKeyPem: cert.keyPem, user: component.user });
  await writeKubeconfigFile(path, kubeconfig);
}

/** The control-plane components `up` starts after the apiserver, each as its own process with its own identity. */

export type ControlPlaneName = 'scheduler' | 'controller-manager';

export interface ControlPlaneComponent {
  /** Its name in state.json and `skiff status`. */
  name: ControlPlaneName;
  /** How messages name it. */
  title: string;
  /** The user its client certificate names (CN, no groups), as kubeadm names it. */
  user: string;
  /** File base name of its certificate in the PKI folder. */
  certName: string;
  /** Its kubeconfig in the state folder. */
  kubeconfigFile: string;
  /** Its package folder under packages/ (the binary is dist/main.js there). */
  packageDir: string;
}

export const SCHEDULER: ControlPlaneComponent = {
  name: 'scheduler',
  title: 'the scheduler',
  user: 'system:kube-scheduler',
  certName: 'scheduler',
  kubeconfigFile: 'scheduler.kubeconfig',
  packageDir: 'scheduler',
};

export const CONTROLLER_MANAGER: ControlPlaneComponent = {
  name: 'controller-manager',
  title: 'the controller manager',
  user: 'system:kube-controller-manager',
  certName: 'controller-manager',
  kubeconfigFile: 'controller-manager.kubeconfig',
  packageDir: 'controller-manager',
};

/** In start order. */
export const CONTROL_PLANE: readonly ControlPlaneComponent[] = [SCHEDULER, CONTROLLER_MANAGER];

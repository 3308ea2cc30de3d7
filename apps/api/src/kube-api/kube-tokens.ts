/** Dependency-injection tokens of the Kubernetes API modules. */
export const SIMULATION = Symbol('SIMULATION');
export const TLS = Symbol('TLS');
export const KUBE_ENDPOINT = Symbol('KUBE_ENDPOINT');

/** Where kubeconfigs point: the public URL, or the address the HTTPS server actually got. */
export interface KubeEndpoint {
  url: string;
}

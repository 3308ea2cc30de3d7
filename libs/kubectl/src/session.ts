import { KubeClient } from './client';
import type { KubeTransport } from './transport';

// One terminal's kubectl: the cluster it talks to, its current namespace (`kubectl config
// set-context --current --namespace`), the lab's saved files (`-f <file>`), and the cluster's
// virtual now, which AGE columns count from.

export interface LabFiles {
  read(name: string): string | undefined;
  list(): string[];
}

export interface KubectlSessionOptions {
  transport: KubeTransport;
  namespace?: string;
  /** The cluster's virtual time, in ms (AGE is counted from it, not from the browser's clock). */
  now?: () => number;
  files?: LabFiles;
  /** `kubectl edit`: opens the YAML in the lab's editor; resolves with the edited text or null. */
  edit?: (name: string, yaml: string) => Promise<string | null>;
  /** The cluster's name (kubectl config current-context). */
  clusterName?: string;
}

export class KubectlSession {
  readonly transport: KubeTransport;
  namespace: string;
  readonly files?: LabFiles;
  readonly edit?: KubectlSessionOptions['edit'];
  readonly clusterName: string;
  private readonly clock: () => number;
  /** Discovery is read once per terminal. */
  readonly client: KubeClient;

  constructor(opts: KubectlSessionOptions) {
    this.transport = opts.transport;
    this.client = new KubeClient(opts.transport);
    this.namespace = opts.namespace ?? 'default';
    this.clock = opts.now ?? (() => Date.now());
    this.files = opts.files;
    this.edit = opts.edit;
    this.clusterName = opts.clusterName ?? 'kubelab';
  }

  now(): number {
    return this.clock();
  }
}

// How the kubectl emulation reaches a cluster's Kubernetes API. The library does no I/O itself:
// the web lab passes a transport over fetch/WebSocket (same origin, /k8s/clusters/<id>), tests
// one over HTTPS with a kubeconfig token.

export interface KubeResponse {
  status: number;
  /** Parsed JSON when the answer was JSON, else undefined. */
  body: any;
  /** The raw text (logs, YAML). */
  text: string;
  headers?: Record<string, string>;
}

export interface RequestOptions {
  body?: unknown;
  /** Content-Type of the body (JSON unless said). */
  contentType?: string;
  accept?: string;
  signal?: AbortSignal;
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: any;
}

export interface ExecStreams {
  stdout(data: string): void;
  stderr(data: string): void;
}

export interface KubeTransport {
  request(method: string, path: string, opts?: RequestOptions): Promise<KubeResponse>;
  /** A watch (`?watch=true`): calls onEvent per event until the stream ends or signal aborts. */
  watch(
    path: string,
    onEvent: (e: WatchEvent) => void,
    signal: AbortSignal,
    accept?: string,
  ): Promise<void>;
  /** A streamed text response (logs -f): calls onData per chunk until it ends or aborts. */
  stream(path: string, onData: (text: string) => void, signal: AbortSignal): Promise<number>;
  /** exec over the channel protocol; resolves with the command's exit code. */
  exec(path: string, io: ExecStreams, signal: AbortSignal, stdin?: string): Promise<number>;
}

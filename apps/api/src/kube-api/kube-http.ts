import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import {
  StatusError,
  badRequestError,
  internalError,
  requestEntityTooLargeError,
  unsupportedMediaTypeError,
} from '@kubelab/apimachinery';
import { decodeKubeProtobuf, isKubeProtobuf } from '@kubelab/apimachinery';

// Wire details of the Kubernetes API: bodies (JSON, YAML, protobuf, patches) within a size
// limit, Table negotiation, Status errors with the HTTP code they carry, Warning headers.

export type PatchKind = 'json' | 'merge' | 'strategic' | 'apply';

const PATCH_TYPES: Record<string, PatchKind> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

export const SUPPORTED_PATCH_TYPES = Object.keys(PATCH_TYPES);

export function mediaType(req: IncomingMessage): string {
  return String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
}

export function patchKindOf(req: IncomingMessage): PatchKind {
  const t = mediaType(req);
  const kind = PATCH_TYPES[t];
  if (!kind) throw unsupportedMediaTypeError(t, SUPPORTED_PATCH_TYPES);
  return kind;
}

export async function readRaw(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw requestEntityTooLargeError(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) throw requestEntityTooLargeError(limit);
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A request body as a JS value: JSON (the default), YAML, or Kubernetes protobuf. */
export async function readBody(
  req: IncomingMessage,
  limit: number,
  opts: { yaml?: boolean } = {},
): Promise<unknown> {
  const raw = await readRaw(req, limit);
  const type = mediaType(req);
  if (type === 'application/vnd.kubernetes.protobuf' || isKubeProtobuf(raw)) {
    try {
      return decodeKubeProtobuf(new Uint8Array(raw)).object;
    } catch (e) {
      throw badRequestError(`failed to decode protobuf body: ${(e as Error).message}`);
    }
  }
  if (!raw.length) return undefined;
  const text = raw.toString('utf8');
  if (opts.yaml || type === 'application/yaml' || type === 'application/apply-patch+yaml') {
    try {
      return parseYaml(text);
    } catch (e) {
      throw badRequestError(`error decoding YAML: ${(e as Error).message}`);
    }
  }
  if (type && type !== 'application/json' && !PATCH_TYPES[type] && type !== '*/*') {
    throw unsupportedMediaTypeError(type, [
      'application/json',
      'application/yaml',
      'application/vnd.kubernetes.protobuf',
    ]);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequestError(
      `couldn't get version/kind; json parse error: ${jsonErrorText(e as Error)}`,
    );
  }
}

/** Go's encoding/json wording for the usual syntax errors. */
function jsonErrorText(e: Error): string {
  if (/Unexpected end of JSON input/.test(e.message)) return 'unexpected end of JSON input';
  const m =
    /Unexpected token '?(.)'?,? .*position (\d+)/.exec(e.message) ??
    /Unexpected token (.) in JSON at position (\d+)/.exec(e.message);
  if (m) return `invalid character '${m[1]}' looking for beginning of value`;
  return e.message;
}

export type Rendering = 'json' | 'table';

/** Table when the client asks for it (kubectl get), else JSON. */
export function renderingOf(req: IncomingMessage): {
  as: Rendering;
  includeObject?: 'None' | 'Metadata' | 'Object';
} {
  const accept = String(req.headers.accept ?? '');
  const wantsTable = accept.split(',').some((p) => /as=Table/.test(p) && /g=meta\.k8s\.io/.test(p));
  return { as: wantsTable ? 'table' : 'json' };
}

export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function toStatusError(e: unknown): StatusError {
  if (e instanceof StatusError) return e;
  return internalError((e as Error)?.message ?? String(e));
}

export function sendStatus(res: ServerResponse, e: unknown): void {
  const err = toStatusError(e);
  const status = err.toStatus();
  if (!status.reason) delete (status as Partial<typeof status>).reason;
  const headers: Record<string, string> = {};
  if (err.details?.retryAfterSeconds)
    headers['Retry-After'] = String(err.details.retryAfterSeconds);
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, err.code || 500, status, headers);
}

/** `Warning: 299 - "text"` headers, printed by kubectl as `Warning: text`. */
export function warningHeaders(warnings: string[]): Record<string, string[]> {
  if (!warnings.length) return {};
  return { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`) };
}

export function notFoundPath(): StatusError {
  return new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
}

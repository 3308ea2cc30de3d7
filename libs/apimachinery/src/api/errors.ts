// Status errors with the reasons, codes, details and messages of
// k8s.io/apimachinery/pkg/api/errors; kubectl builds its own messages from them.
import { aggregate, type FieldError } from '../util/validation/field';

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'Forbidden'
  | 'Unauthorized'
  | 'MethodNotAllowed'
  | 'Gone'
  | 'Expired'
  | 'TooManyRequests'
  | 'UnsupportedMediaType'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Timeout';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: StatusReason;
  details?: StatusDetails;
  code: number;
}

export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'StatusError';
  }

  toStatus(): Status {
    const s: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) s.details = this.details;
    return s;
  }
}

/** A resource as errors name it: "deployments.apps", or "pods" for the core group. */
export interface GroupResource {
  group: string;
  resource: string;
}
export const qualified = (gr: GroupResource) =>
  gr.group ? `${gr.resource}.${gr.group}` : gr.resource;

export const isStatusError = (e: unknown): e is StatusError => e instanceof StatusError;

export function notFoundError(gr: GroupResource, name: string): StatusError {
  return new StatusError(404, 'NotFound', `${qualified(gr)} "${name}" not found`, {
    name,
    group: gr.group,
    kind: gr.resource,
  });
}

export function alreadyExistsError(gr: GroupResource, name: string): StatusError {
  return new StatusError(409, 'AlreadyExists', `${qualified(gr)} "${name}" already exists`, {
    name,
    group: gr.group,
    kind: gr.resource,
  });
}

export const OBJECT_MODIFIED =
  'the object has been modified; please apply your changes to the latest version and try again';

export function conflictError(
  gr: GroupResource,
  name: string,
  why: string = OBJECT_MODIFIED,
  causes?: StatusCause[],
): StatusError {
  return new StatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(gr)} "${name}": ${why}`,
    {
      name,
      group: gr.group,
      kind: gr.resource,
      ...(causes ? { causes } : {}),
    },
  );
}

/** 422 Invalid: "Deployment.apps "web" is invalid: spec.replicas: ...". */
export function invalidError(
  group: string,
  kind: string,
  name: string,
  errors: FieldError[],
): StatusError {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  return new StatusError(
    422,
    'Invalid',
    `${qualifiedKind} "${name}" is invalid: ${aggregate(errors)}`,
    {
      name,
      group,
      kind,
      causes: errors.map((e) => ({ reason: e.type, message: e.body, field: e.field })),
    },
  );
}

export function badRequestError(message: string): StatusError {
  return new StatusError(400, 'BadRequest', message);
}

export function forbiddenError(gr: GroupResource, name: string, why: string): StatusError {
  const subject = name ? `${qualified(gr)} "${name}"` : qualified(gr);
  return new StatusError(403, 'Forbidden', `${subject} is forbidden: ${why}`, {
    ...(name ? { name } : {}),
    group: gr.group,
    kind: gr.resource,
  });
}

export function methodNotAllowedError(): StatusError {
  return new StatusError(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
  );
}

export function goneError(message: string): StatusError {
  return new StatusError(410, 'Gone', message);
}

/** What a watch from a compacted resourceVersion gets (reason Expired, 410). */
export function resourceVersionTooOldError(requested: string, oldest: string): StatusError {
  return new StatusError(410, 'Expired', `too old resource version: ${requested} (${oldest})`);
}

export function tooManyRequestsError(message: string, retryAfterSeconds: number): StatusError {
  return new StatusError(429, 'TooManyRequests', message, { retryAfterSeconds });
}

export function unsupportedMediaTypeError(contentType: string, supported: string[]): StatusError {
  return new StatusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${supported.join(', ')}`,
    {
      causes: [{ reason: 'UnsupportedMediaType', message: contentType }],
    },
  );
}

export function notAcceptableError(message: string): StatusError {
  return new StatusError(406, 'NotAcceptable', message);
}

export function requestEntityTooLargeError(limitBytes: number): StatusError {
  return new StatusError(
    413,
    'RequestEntityTooLarge',
    `Request entity too large: limit is ${limitBytes}`,
  );
}

export function internalError(message: string): StatusError {
  return new StatusError(500, 'InternalError', `Internal error occurred: ${message}`, {
    causes: [{ message }],
  });
}

export function serviceUnavailableError(message: string): StatusError {
  return new StatusError(503, 'ServiceUnavailable', message);
}

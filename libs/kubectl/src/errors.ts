// How kubectl reports failures: `Error from server (NotFound): pods "x" not found` for a Status
// from the API, `The Deployment "x" is invalid: …` for Invalid, `error: …` for its own.

export interface Status {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: { reason?: string; message?: string; field?: string }[];
  };
}

/** An answer of the API that was not a success. */
export class ApiError extends Error {
  constructor(
    readonly status: Status,
    readonly httpStatus: number,
  ) {
    super(status.message ?? `the server responded with status ${httpStatus}`);
  }
}

/** kubectl's own errors (`error: …`), with an optional usage hint. */
export class KubectlError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

const REASON_TEXT: Record<string, string> = {
  NotFound: 'NotFound',
  AlreadyExists: 'AlreadyExists',
  Conflict: 'Conflict',
  Forbidden: 'Forbidden',
  BadRequest: 'BadRequest',
  MethodNotAllowed: 'MethodNotAllowed',
  Gone: 'Gone',
  Expired: 'Expired',
  TooManyRequests: 'TooManyRequests',
  Unauthorized: 'Unauthorized',
  InternalError: 'InternalError',
  Timeout: 'Timeout',
  ServiceUnavailable: 'ServiceUnavailable',
  RequestEntityTooLarge: 'RequestEntityTooLarge',
  UnsupportedMediaType: 'UnsupportedMediaType',
  NotAcceptable: 'NotAcceptable',
};

/** The text kubectl prints for an API error (as k8s.io/kubectl/pkg/cmd/util.CheckErr does). */
export function formatApiError(e: ApiError): string {
  const s = e.status;
  if (s.reason === 'Invalid') {
    const causes = s.details?.causes ?? [];
    const kind = s.details?.kind ?? '';
    const name = s.details?.name ?? '';
    const head = `The ${kind} "${name}" is invalid`;
    if (!causes.length) return `${s.message ?? head}\n`;
    const lines = causes.map((c) => `${c.field}: ${c.message}`);
    if (lines.length === 1) return `${head}: ${lines[0]}\n`;
    return `${head}: \n${lines.map((l) => `* ${l}`).join('\n')}\n`;
  }
  const reason = s.reason && REASON_TEXT[s.reason];
  if (reason) return `Error from server (${reason}): ${s.message}\n`;
  return `Error from server: ${s.message ?? `an error on the server ("") has prevented the request from succeeding`}\n`;
}

// The one error path: services throw AppError; this module turns every error into an RFC 9457 problem+json body.
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    /** Stable, machine-readable kind, e.g. `not-found`; becomes the problem `type`. */
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
    this.name = 'AppError';
  }
}

export const problemType = (code: string) => `urn:problem-type:brownie:${code}`;

export function sendProblem(res: Response, problem: Problem, headers: Record<string, string> = {}): void {
  res.status(problem.status).set(headers).type('application/problem+json').send(JSON.stringify(problem));
}

export const notFound: RequestHandler = (req) => {
  throw new AppError(404, 'not-found', 'Not Found', `no route for ${req.method} ${req.path}`);
};

/** body-parser's own errors carry `type` and `status`; they are the client's fault, never a 500. */
function fromBodyParser(error: unknown): AppError | undefined {
  const e = error as { type?: string; status?: number; limit?: number };
  if (e.type === 'entity.parse.failed')
    return new AppError(400, 'malformed-json', 'Malformed JSON', 'the request body is not valid JSON');
  if (e.type === 'entity.too.large')
    return new AppError(413, 'body-too-large', 'Request body too large', `the limit is ${e.limit} bytes`);
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    return new AppError(415, 'unsupported-encoding', 'Unsupported encoding', 'send UTF-8 JSON');
  }
  if (typeof e.type === 'string' && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return new AppError(e.status, 'bad-request', 'Bad Request', e.type);
  }
  return undefined;
}

export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = error instanceof AppError ? error : fromBodyParser(error);
    const requestId = res.getHeader('x-request-id');
    if (!known) {
      (req.log ?? logger).error({ err: error }, 'unhandled error');
    }
    const appError = known ?? new AppError(500, 'internal', 'Internal Server Error', 'an unexpected error occurred');
    if (res.headersSent) return;
    sendProblem(
      res,
      {
        type: problemType(appError.code),
        title: appError.title,
        status: appError.status,
        ...(appError.detail ? { detail: appError.detail } : {}),
        instance: req.originalUrl,
        ...(requestId ? { requestId: String(requestId) } : {}),
        ...appError.extensions,
      },
      appError.headers,
    );
  };
}

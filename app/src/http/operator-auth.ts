import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { AppError } from './errors';

/**
 * The platform operator's credential, separate from every tenant credential: a tenant user's JWT or API key gets 403
 * here, whatever its role. Without OPERATOR_TOKEN configured the operator routes do not exist (404).
 */
export function operatorOnly(token: string | undefined): RequestHandler {
  const expected = token ? Buffer.from(token) : undefined;
  return (req, _res, next) => {
    if (!expected)
      throw new AppError(404, 'not-found', 'Not Found', 'operator endpoints are disabled (OPERATOR_TOKEN is not set)');
    const header = req.headers.authorization;
    if (typeof header !== 'string' || !/^bearer\s+/i.test(header)) {
      throw new AppError(
        401,
        'unauthorized',
        'Unauthorized',
        'send Authorization: Bearer <operator token>',
        {},
        { 'www-authenticate': 'Bearer realm="brownie-operator"' },
      );
    }
    const given = Buffer.from(header.replace(/^bearer\s+/i, '').trim());
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AppError(403, 'forbidden', 'Forbidden', 'this endpoint is for the platform operator only');
    }
    next();
  };
}

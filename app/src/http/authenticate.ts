import type { RequestHandler } from 'express';
import type { PrincipalResolver } from '../services/principals';
import { AppError } from './errors';

const unauthorized = (detail: string) =>
  new AppError(
    401,
    'unauthorized',
    'Unauthorized',
    detail,
    {},
    { 'www-authenticate': 'Bearer realm="brownie", charset="UTF-8"' },
  );

/** Bearer token (JWT, OIDC token or API key) or X-API-Key; anything else is a 401 with WWW-Authenticate. */
export function authenticate(resolver: PrincipalResolver): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization;
    const apiKey = req.headers['x-api-key'];
    const credential =
      typeof header === 'string' && /^bearer\s+/i.test(header)
        ? header.replace(/^bearer\s+/i, '').trim()
        : typeof apiKey === 'string'
          ? apiKey.trim()
          : undefined;
    if (!credential) throw unauthorized('send Authorization: Bearer <token> or X-API-Key: <key>');
    const principal = await resolver.resolve(credential);
    if (!principal) throw unauthorized('the credential is invalid, expired or revoked');
    req.principal = principal;
    next();
  };
}

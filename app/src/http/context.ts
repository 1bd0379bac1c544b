import type { Logger } from 'pino';
import type { Principal } from '../auth/principal';

/** What a handler knows about the request beyond its validated input. */
export interface RequestContext {
  principal: Principal;
  requestId: string;
  log: Logger;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

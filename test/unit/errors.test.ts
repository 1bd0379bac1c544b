import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { AppError, notFound, problemHandler } from '../../app/src/http/errors';

function appThrowing(error: unknown) {
  const app = express();
  app.get('/boom', () => {
    throw error;
  });
  app.use(notFound);
  app.use(problemHandler(pino({ level: 'silent' })));
  return app;
}

describe('problemHandler', () => {
  it('when a service throws an AppError, then its status, code, extensions and headers reach the client', async () => {
    const res = await request(
      appThrowing(
        new AppError(
          409,
          'invalid-transition',
          'Conflict',
          'open → closed is not allowed',
          { allowed: ['in_progress'] },
          { 'retry-after': '1' },
        ),
      ),
    ).get('/boom');
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body).toEqual({
      type: 'urn:problem-type:brownie:invalid-transition',
      title: 'Conflict',
      status: 409,
      detail: 'open → closed is not allowed',
      instance: '/boom',
      allowed: ['in_progress'],
    });
  });

  it('when an unknown error is thrown, then a 500 problem hides its message and stack', async () => {
    const res = await request(appThrowing(new Error('password=hunter2 at /srv/app.ts:12'))).get('/boom');
    expect(res.status).toBe(500);
    expect(res.body).toEqual(expect.objectContaining({ status: 500, title: 'Internal Server Error' }));
    expect(res.text).not.toContain('hunter2');
    expect(res.text).not.toContain('app.ts');
  });

  it('when no route matches, then a 404 problem names the method and path', async () => {
    const res = await request(appThrowing(null)).delete('/x');
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe('no route for DELETE /x');
  });
});

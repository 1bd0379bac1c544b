import { Writable } from 'node:stream';
import { createLogger, redactUrl } from '../../app/src/logging';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: createLogger('info', stream), lines };
}

describe('logging', () => {
  it('when a line carries credentials, then they are redacted and the rest is kept', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        req: { headers: { authorization: 'Bearer abc', 'x-api-key': 'bmk_x', accept: 'json' } },
        user: { password: 'p', email: 'e' },
      },
      'hello',
    );
    expect(lines[0]).toEqual(
      expect.objectContaining({
        level: 'info',
        msg: 'hello',
        req: { headers: { authorization: '[redacted]', 'x-api-key': '[redacted]', accept: 'json' } },
        user: { password: '[redacted]', email: 'e' },
      }),
    );
  });

  it('redactUrl hides the password of a connection URL', () => {
    expect(redactUrl('postgres://u:secret@h:5432/db')).toBe('postgres://u:***@h:5432/db');
    expect(redactUrl('not a url')).toBe('[unparseable url]');
  });
});

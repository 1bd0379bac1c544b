// Records every outgoing TCP connection so a suite can prove that no client phoned home (metadata servers,
// cloud endpoints, telemetry): tests talk to loopback only.
import net from 'node:net';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export function watchConnections(): { outsideLoopback: () => string[]; stop: () => void } {
  const original = net.Socket.prototype.connect;
  const hosts: string[] = [];
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    // net.connect passes its normalized [options, callback]; direct calls pass (options) or (port, host).
    const first = Array.isArray(args[0]) ? args[0][0] : args[0];
    const options = (typeof first === 'object' && first !== null ? first : { host: args[1] }) as {
      host?: string;
      path?: string;
    };
    if (!options.path) hosts.push(options.host ?? 'localhost');
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof original;
  return {
    outsideLoopback: () => hosts.filter((h) => !LOOPBACK.test(h)),
    stop: () => {
      net.Socket.prototype.connect = original;
    },
  };
}

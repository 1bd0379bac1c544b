// haproxy.cfg for the routing layer that plays the Kubernetes primary and replica Services: Patroni's REST API says
// who is primary (/primary answers 200 only on the leader) and who may serve reads (/replica).
export interface HaproxyBackend {
  name: string;
  host: string;
  postgresPort: number;
  restApiPort: number;
}

export interface HaproxyPorts {
  primary: number;
  replicas: number;
}

export function renderHaproxyConfig(members: HaproxyBackend[], ports: HaproxyPorts): string {
  const servers = members.map((m) => `  server ${m.name} ${m.host}:${m.postgresPort} check port ${m.restApiPort}`);
  const listen = (name: string, port: number, check: string, balance: string) => [
    `listen ${name}`,
    `  bind 127.0.0.1:${port}`,
    `  balance ${balance}`,
    `  option httpchk GET ${check}`,
    '  http-check expect status 200',
    // Checked five times a second, as Kubernetes moves the primary Service with the leader lock; a demoted or dead
    // member's sessions are cut at once, so PgBouncer reconnects to the new primary instead of writing into a socket
    // nobody answers.
    '  default-server inter 200ms fall 2 rise 1 on-marked-down shutdown-sessions',
    ...servers,
  ];
  return [
    'global',
    '  maxconn 4096',
    'defaults',
    '  mode tcp',
    '  timeout connect 2s',
    '  timeout client 30m',
    '  timeout server 30m',
    '  timeout check 1s',
    ...listen('primary', ports.primary, '/primary', 'first'),
    ...listen('replicas', ports.replicas, '/replica', 'roundrobin'),
    '',
  ].join('\n');
}

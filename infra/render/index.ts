export * from './serialize';
export * from './postgres-parameters';
export * from './patroni';
export * from './patroni-bootstrap';
export * from './pgbouncer';
export * from './redis';
export * from './scrape-targets';
export * from './prometheus';

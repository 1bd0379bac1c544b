export * from './schema';
export * from './presets';
export * from './load';
export * from './names';
export { crossFieldViolations, pgbouncerServerConnections } from './rules';
export * from './labels';
export { versionAtLeast } from './version';
export { REMOVED_PARAMETERS } from './removed-parameters';

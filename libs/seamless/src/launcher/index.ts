// The launcher handshake (arguments, status file, port range) without Nest or a database: what the
// `hashserver` executable loads.
export * from './arguments';
export * from './status-file';
export * from './ports';

export * from './route.js';
export * from './heartbeat.js';
export * from './broker-port.js';
export * from './errors.js';

/** Messages on the wire: sysFlags, properties, ids, stored records, batches, compression (shared/protocol §6–§8). */
export * from './sysflag.js';
export * from './tags.js';
export * from './properties.js';
export * from './message-id.js';
export * from './ip.js';
export * from './crc32.js';
export * from './compression.js';
export * from './record-layout.js';
export * from './stored-message.js';
export * from './batch.js';
export { readInt64, writeInt64 } from './int64.js';

/** The embedded broker's storage: the `MessageStore` contract and its memory and file implementations. */
export type * from './message-store.js';
export { MemoryStore, type MemoryStoreOptions } from './memory-store.js';
export { FileStore, type FileStoreStats } from './file-store.js';
export type { FileStoreOptions } from './file-store-options.js';
export { defaultTagsCode, parseRecordFields, type RecordFields } from './record-fields.js';
export { StoreError, type StoreErrorKind } from './store-error.js';

export * from './command.js';
export * from './errors.js';
export * from './language.js';
export * from './header-json.js';
export * from './header-binary.js';
export * from './frame.js';
export * from './codes.js';
export * from './acl.js';

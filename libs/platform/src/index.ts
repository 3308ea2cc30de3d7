export * from './roles';
export * from './principal';
export * from './policy';
export * from './errors';
export * from './api-key-format';
export * from './config';

export * from './meta/types';
export * from './api/errors';
export * from './util/validation/field';
export * from './util/validation/names';
export * from './api/resource/quantity';
export * from './labels/selector';
export * from './fields/selector';

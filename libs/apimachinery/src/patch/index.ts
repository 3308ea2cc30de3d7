// The update-merge logic behind PATCH and server-side apply (JSON patch, JSON merge patch, strategic merge patch, managedFields).
export * from './json-patch';
export * from './merge-patch';
export * from './strategic-merge';
export * from './managed-fields';
export type { JsonObject, JsonPrimitive, JsonValue } from './json';

// A navigable view of a Kubernetes type's schema: what strict decoding, defaulting, strategic
// merge patch, server-side apply and `kubectl explain` need to know about a field.

export type SchemaType =
  | 'object' // a struct with named fields
  | 'map' // map[string]T
  | 'array'
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'int-or-string' // intstr.IntOrString
  | 'quantity' // resource.Quantity (a string or a number on input)
  | 'date-time' // metav1.Time
  | 'any'; // runtime.RawExtension, JSON: anything goes

export interface SchemaNode {
  readonly type: SchemaType;
  /** The type's short name for objects, e.g. "DeploymentSpec", "Container" ("" for inline types). */
  readonly typeName?: string;
  readonly description?: string;
  /** integer/number formats (int32, int64, double), or string formats (byte, date-time). */
  readonly format?: string;
  readonly enum?: readonly string[];
  /** object: names of required fields. */
  readonly required?: readonly string[];
  /** object: a field's schema, or undefined when the type has no such field. */
  field(name: string): SchemaNode | undefined;
  /** object: every field name, in declaration order. */
  fieldNames(): readonly string[];
  /** array: the element schema. */
  readonly items?: SchemaNode;
  /** map: the value schema. */
  readonly values?: SchemaNode;

  // Patch and apply metadata of this field (set on the field's own node).
  /** x-kubernetes-patch-strategy: "merge", "replace", "retainKeys" or "merge,retainKeys". */
  readonly patchStrategy?: string;
  /** x-kubernetes-patch-merge-key, for lists merged by a key (containers by name). */
  readonly patchMergeKey?: string;
  /** x-kubernetes-list-type: atomic (default for lists), set, or map. */
  readonly listType?: 'atomic' | 'set' | 'map';
  /** x-kubernetes-list-map-keys, for listType map. */
  readonly listMapKeys?: readonly string[];
  /** x-kubernetes-map-type: granular (default) or atomic. */
  readonly mapType?: 'granular' | 'atomic';
}

/*
 * The shape of generated/descriptors.json, our own compact description of the Kubernetes protobuf
 * messages (written by infra/codegen/k8s-protobuf-descriptors.ts from the upstream generated.proto
 * and types.go files). Wire facts come from the .proto; JSON facts from the Go structs, because
 * the JSON a Go client sends is Go's encoding/json applied to those structs.
 */

/** Types whose JSON is written by a custom Go MarshalJSON rather than field by field. */
export type SpecialKind =
  | 'time' // meta/v1 Time: RFC 3339, seconds; zero → null
  | 'microTime' // meta/v1 MicroTime: RFC 3339 with 6 decimals; zero → null
  | 'duration' // meta/v1 Duration: Go time.Duration string
  | 'quantity' // resource.Quantity: its string
  | 'intOrString' // intstr.IntOrString: number or string
  | 'rawJson' // runtime.RawExtension, meta/v1 FieldsV1: the embedded JSON bytes
  | 'list'; // +protobuf.nullable messages (ExtraValue): a Go []string wrapped for protobuf

export interface FieldDescriptor {
  /** Protobuf field number. */
  no: number;
  /** JSON name; "" for an embedded Go struct whose fields are inlined. */
  json: string;
  /** 'string' | 'bool' | 'int32' | 'int64' | 'bytes', or a message's full name. */
  type: string;
  /** Absent: singular. 'map' fields have string keys and `type` values. */
  label?: 'repeated' | 'map';
  /** The Go field is a pointer: presence on the wire is kept even for zero values. */
  ptr?: true;
  /** The Go field has `omitempty`. */
  omitempty?: true;
  /** The Go field is an embedded struct without JSON name: its fields join the parent's. */
  inline?: true;
}

export interface MessageDescriptor {
  special?: SpecialKind;
  /** In Go declaration order (the order Go's encoder writes keys in). */
  fields: FieldDescriptor[];
}

export interface DescriptorFile {
  '//': string;
  /** runtime.Unknown, the message after the "k8s\0" magic. */
  envelope: string;
  /** apiVersion → kind → message full name. */
  kinds: Record<string, Record<string, string>>;
  messages: Record<string, MessageDescriptor>;
}

/*
 * Writes libs/apimachinery/src/protobuf/generated/descriptors.json: our compact description of the
 * protobuf messages kubectl ≥ 1.32 sends as request bodies, with the Go JSON facts the decoder
 * needs to produce the same JSON a JSON-speaking client (kubectl 1.31) sends.
 *
 * Regenerate (run from the repository root; needs the Kubernetes sources, not the network once
 * they are on disk):
 *
 *   # k8s.io/api and k8s.io/apimachinery at the release kubectl speaks, e.g. v0.32.5, from a
 *   # clone of github.com/kubernetes/{api,apimachinery} (`git archive v0.32.5 | tar -x -C DIR`)
 *   # or from the Go module cache (`go mod download k8s.io/api@v0.32.5`).
 *   SWC_NODE_PROJECT=tsconfig.runtime.json node -r @swc-node/register \
 *     infra/codegen/k8s-protobuf-descriptors.ts <k8s.io/api dir> <k8s.io/apimachinery dir> v0.32.5
 *
 * What is read, and why:
 * - every generated.proto under both directories: message names, field numbers, wire types,
 *   repeated/map labels. These are what is on the wire.
 * - the Go structs (types.go and siblings) of each package that holds a needed message: the JSON
 *   name and `omitempty` of each field, whether the Go field is a pointer, and whether it is an
 *   embedded (inlined) struct. The server decodes protobuf into those structs and JSON-encodes
 *   them, so these facts decide which zero values appear in JSON (see the decoder's header).
 *   Fields are matched to proto fields by the number in their `protobuf:"…"` tag and listed in Go
 *   declaration order, which is the order Go's encoder writes keys in.
 * - register.go's GroupName of each k8s.io/api package: the apiVersion → message table.
 *
 * Nothing from upstream is copied into the repository: the output is our own JSON format.
 */
import fs from 'node:fs';
import path from 'node:path';
import type {
  DescriptorFile,
  FieldDescriptor,
  MessageDescriptor,
  SpecialKind,
} from '../../libs/apimachinery/src/protobuf/descriptor-types';

const root = path.resolve(__dirname, '../..');
const outFile = path.join(root, 'libs/apimachinery/src/protobuf/generated/descriptors.json');
const MAX_FILE_BYTES = 900 * 1024;

// The kinds kubectl writes through its typed (protobuf) clients: create <generator>, create token,
// autoscale, auth can-i/whoami, certificate approve. Eviction is here for other Go clients:
// kubectl 1.32's drain was observed sending it as JSON.
const ROOTS: readonly string[] = [
  'k8s.io.api.core.v1.Pod',
  'k8s.io.api.core.v1.Service',
  'k8s.io.api.core.v1.ConfigMap',
  'k8s.io.api.core.v1.Secret',
  'k8s.io.api.core.v1.Namespace',
  'k8s.io.api.core.v1.ServiceAccount',
  'k8s.io.api.core.v1.Binding',
  'k8s.io.api.core.v1.PersistentVolumeClaim',
  'k8s.io.api.core.v1.ResourceQuota',
  'k8s.io.api.core.v1.LimitRange',
  'k8s.io.api.apps.v1.Deployment',
  'k8s.io.api.apps.v1.ReplicaSet',
  'k8s.io.api.apps.v1.StatefulSet',
  'k8s.io.api.apps.v1.DaemonSet',
  'k8s.io.api.batch.v1.Job',
  'k8s.io.api.batch.v1.CronJob',
  'k8s.io.api.autoscaling.v1.HorizontalPodAutoscaler',
  'k8s.io.api.autoscaling.v1.Scale',
  'k8s.io.api.autoscaling.v2.HorizontalPodAutoscaler',
  'k8s.io.api.networking.v1.Ingress',
  'k8s.io.api.policy.v1.PodDisruptionBudget',
  'k8s.io.api.policy.v1.Eviction',
  'k8s.io.api.rbac.v1.Role',
  'k8s.io.api.rbac.v1.RoleBinding',
  'k8s.io.api.rbac.v1.ClusterRole',
  'k8s.io.api.rbac.v1.ClusterRoleBinding',
  'k8s.io.api.scheduling.v1.PriorityClass',
  'k8s.io.api.authentication.v1.TokenRequest',
  'k8s.io.api.authentication.v1.SelfSubjectReview',
  'k8s.io.api.authentication.v1beta1.SelfSubjectReview',
  'k8s.io.api.authentication.v1alpha1.SelfSubjectReview',
  'k8s.io.api.authorization.v1.SelfSubjectAccessReview',
  'k8s.io.api.authorization.v1.SelfSubjectRulesReview',
  'k8s.io.api.certificates.v1.CertificateSigningRequest',
  // Written by other Go clients (event recorders, leader election, controllers); they also carry
  // the MicroTime and RawExtension wrappers.
  'k8s.io.api.core.v1.Event',
  'k8s.io.api.events.v1.Event',
  'k8s.io.api.coordination.v1.Lease',
  'k8s.io.api.apps.v1.ControllerRevision',
];

// The envelope, decoded by the same machinery.
const ENVELOPE = 'k8s.io.apimachinery.pkg.runtime.Unknown';
const ENVELOPE_TYPE_META = 'k8s.io.apimachinery.pkg.runtime.TypeMeta';

// Types whose Go JSON form is written by a custom MarshalJSON, not derived from their fields.
const SPECIAL: Record<string, SpecialKind> = {
  'k8s.io.apimachinery.pkg.apis.meta.v1.Time': 'time',
  'k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime': 'microTime',
  'k8s.io.apimachinery.pkg.apis.meta.v1.Duration': 'duration',
  'k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1': 'rawJson',
  'k8s.io.apimachinery.pkg.runtime.RawExtension': 'rawJson',
  'k8s.io.apimachinery.pkg.api.resource.Quantity': 'quantity',
  'k8s.io.apimachinery.pkg.util.intstr.IntOrString': 'intOrString',
};

const SCALARS = new Set(['string', 'bool', 'int32', 'int64', 'bytes']);

// ---------------------------------------------------------------------------------------------
// .proto files (the subset of proto2 Kubernetes' go-to-protobuf emits)

interface ProtoField {
  no: number;
  name: string;
  type: string; // scalar name or fully qualified message name (no leading dot)
  label: 'optional' | 'repeated' | 'map';
}
interface ProtoMessage {
  fullName: string;
  goPackage: string;
  nullable: boolean; // `+protobuf.nullable=true`: a Go slice type wrapped in a message
  fields: ProtoField[];
}

function findFiles(dir: string, name: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) findFiles(p, name, out);
    else if (entry.name === name) out.push(p);
  }
  return out;
}

function parseProto(file: string, messages: Map<string, ProtoMessage>): void {
  const source = fs.readFileSync(file, 'utf8');
  // `+protobuf.nullable=true` lives in the comment just above a message; remember which.
  const nullable = new Set<string>();
  const commentRe = /((?:^[ \t]*\/\/.*\n)+)message (\w+)/gm;
  for (let m = commentRe.exec(source); m; m = commentRe.exec(source)) {
    if (m[1]!.includes('+protobuf.nullable=true')) nullable.add(m[2]!);
  }
  const text = source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/.*$/gm, ' ');
  const tokens = text.match(/"[^"]*"|[A-Za-z_.][\w.]*|\d+|[{}<>,;=]/g) ?? [];
  let i = 0;
  let pkg = '';
  let goPackage = '';
  const next = () => {
    const t = tokens[i++];
    if (t === undefined) throw new Error(`${file}: unexpected end`);
    return t;
  };
  const expect = (want: string) => {
    const t = next();
    if (t !== want) throw new Error(`${file}: expected ${want}, got ${t}`);
  };
  const pending: Array<{ msg: ProtoMessage; raw: string; field: ProtoField }> = [];
  while (i < tokens.length) {
    const t = next();
    if (t === 'syntax') {
      expect('=');
      if (next() !== '"proto2"') throw new Error(`${file}: not proto2`);
      expect(';');
    } else if (t === 'package') {
      pkg = next();
      expect(';');
    } else if (t === 'import') {
      next();
      expect(';');
    } else if (t === 'option') {
      const key = next();
      expect('=');
      const value = next();
      expect(';');
      if (key === 'go_package') goPackage = value.slice(1, -1);
    } else if (t === 'message') {
      const name = next();
      const msg: ProtoMessage = {
        fullName: `${pkg}.${name}`,
        goPackage,
        nullable: nullable.has(name),
        fields: [],
      };
      expect('{');
      for (let f = next(); f !== '}'; f = next()) {
        let label: ProtoField['label'];
        let raw: string;
        if (f === 'optional' || f === 'required') {
          label = 'optional';
          raw = next();
        } else if (f === 'repeated') {
          label = 'repeated';
          raw = next();
        } else if (f === 'map') {
          label = 'map';
          expect('<');
          if (next() !== 'string') throw new Error(`${file}: ${name}: non-string map key`);
          expect(',');
          raw = next();
          expect('>');
        } else {
          throw new Error(`${file}: ${name}: unexpected ${f}`);
        }
        const fieldName = next();
        expect('=');
        const no = Number(next());
        expect(';');
        const field: ProtoField = { no, name: fieldName, type: raw, label };
        msg.fields.push(field);
        pending.push({ msg, raw, field });
      }
      messages.set(msg.fullName, msg);
    } else {
      throw new Error(`${file}: unexpected ${t}`);
    }
  }
  // Resolve type names once the whole file is known: `.a.b.C` is absolute, `C` is this package.
  for (const { raw, field } of pending) {
    if (SCALARS.has(raw)) continue;
    if (/^(double|float|u?int\d+|s?fixed\d+|sint\d+)$/.test(raw)) {
      throw new Error(`${file}: scalar type ${raw} is not handled by the decoder`);
    }
    field.type = raw.startsWith('.') ? raw.slice(1) : `${pkg}.${raw}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Go structs

interface GoField {
  goName: string;
  pointer: boolean;
  embedded: boolean;
  jsonName: string | undefined; // undefined: no json tag
  omitempty: boolean;
  protoNo: number | undefined;
  goType: string;
}

// A struct maps to its fields, or to the reason it could not be read (only an error if needed:
// the packages also hold unrelated structs with func-typed fields and the like).
type GoStruct = GoField[] | string;
const goCache = new Map<string, Map<string, GoStruct>>();

function goStructs(dir: string): Map<string, GoStruct> {
  const cached = goCache.get(dir);
  if (cached) return cached;
  const structs = new Map<string, GoStruct>();
  for (const file of fs.readdirSync(dir)) {
    if (!file.endsWith('.go') || file.endsWith('_test.go')) continue;
    const lines = stripGoComments(fs.readFileSync(path.join(dir, file), 'utf8')).split('\n');
    for (let i = 0; i < lines.length; i++) {
      const head = /^type (\w+) struct \{\s*$/.exec(lines[i]!);
      if (!head) continue;
      const fields: GoField[] = [];
      let unreadable: string | undefined;
      for (i++; lines[i] !== '}'; i++) {
        if (i >= lines.length) throw new Error(`${file}: unterminated struct ${head[1]}`);
        const line = lines[i]!.trim();
        if (line === '' || unreadable) continue;
        const named = /^(\w+)\s+([^\s`]+)\s*(`[^`]*`)?\s*(\/\/.*)?$/.exec(line);
        const embedded = /^(\*?[\w.]+)\s*(`[^`]*`)?\s*(\/\/.*)?$/.exec(line);
        let goName: string;
        let goType: string;
        let tags: string;
        let isEmbedded = false;
        if (embedded) {
          goType = embedded[1]!;
          goName = goType.replace(/^\*/, '').replace(/^.*\./, '');
          tags = embedded[2] ?? '';
          isEmbedded = true;
        } else if (named) {
          goName = named[1]!;
          goType = named[2]!;
          tags = named[3] ?? '';
        } else {
          unreadable = `${dir}/${file}: cannot read struct ${head[1]} field: ${line}`;
          continue;
        }
        const json = /json:"([^"]*)"/.exec(tags)?.[1];
        const proto = /protobuf:"([^"]*)"/.exec(tags)?.[1];
        const [jsonName, ...jsonOpts] = json === undefined ? [undefined] : json.split(',');
        const protoNo = proto && proto !== '-' ? Number(proto.split(',')[1]) : undefined;
        fields.push({
          goName,
          pointer: goType.startsWith('*'),
          embedded: isEmbedded,
          jsonName: jsonName,
          omitempty: jsonOpts.includes('omitempty'),
          protoNo,
          goType,
        });
      }
      structs.set(head[1]!, unreadable ?? fields);
    }
  }
  goCache.set(dir, structs);
  return structs;
}

// Removes // and /* */ comments (keeping line breaks), leaving string and tag literals alone.
function stripGoComments(src: string): string {
  let out = '';
  for (let i = 0; i < src.length;) {
    const c = src[i]!;
    if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, '');
      i = stop;
    } else if (c === '`' || c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += c === '"' && src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j + 1;
    } else if (c === "'") {
      const j = src.indexOf("'", i + (src[i + 1] === '\\' ? 3 : 2));
      out += src.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function goDir(goPackage: string, apiDir: string, machineryDir: string): string {
  if (goPackage.startsWith('k8s.io/api/')) return path.join(apiDir, goPackage.slice(11));
  if (goPackage.startsWith('k8s.io/apimachinery/'))
    return path.join(machineryDir, goPackage.slice(20));
  throw new Error(`unknown Go package ${goPackage}`);
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const [apiDir, machineryDir, label] = process.argv.slice(2);
  if (!apiDir || !machineryDir) {
    console.error(
      'usage: k8s-protobuf-descriptors.ts <k8s.io/api dir> <k8s.io/apimachinery dir> [version label]',
    );
    process.exit(2);
  }
  const protos = new Map<string, ProtoMessage>();
  for (const dir of [apiDir, machineryDir]) {
    for (const file of findFiles(dir, 'generated.proto')) parseProto(file, protos);
  }

  const problems: string[] = [];
  const out: Record<string, MessageDescriptor> = {};
  // The wrappers are listed even where no root reaches them (meta/v1 Duration), so a new root
  // never finds the decoder without them.
  const queue = [...ROOTS, ENVELOPE, ...Object.keys(SPECIAL)];
  while (queue.length) {
    const name = queue.shift()!;
    if (out[name]) continue;
    const msg = protos.get(name);
    if (!msg) throw new Error(`message ${name} not found in the .proto files`);
    const refs = msg.fields.filter((f) => !SCALARS.has(f.type)).map((f) => f.type);
    const special = SPECIAL[name] ?? (msg.nullable ? 'list' : undefined);
    if (special || name === ENVELOPE || name === ENVELOPE_TYPE_META) {
      // The wire fields only, under their proto names: the JSON form of a special type is fixed
      // by its kind, and the envelope is read by the decoder itself (never written as JSON).
      out[name] = special
        ? { special, fields: msg.fields.map((f) => wireOnly(f)) }
        : { fields: msg.fields.map((f) => wireOnly(f)) };
      queue.push(...refs);
      continue;
    }
    const structName = name.slice(name.lastIndexOf('.') + 1);
    const goFields = goStructs(goDir(msg.goPackage, apiDir, machineryDir)).get(structName);
    if (!goFields) throw new Error(`Go struct for ${name} not found`);
    if (typeof goFields === 'string') throw new Error(goFields);
    const fields: FieldDescriptor[] = [];
    const matched = new Set<number>();
    for (const g of goFields) {
      if (g.protoNo === undefined) {
        // TypeMeta is written from the envelope; any other untagged field would be a field the
        // server still JSON-encodes (as its zero value), which the decoder cannot know about.
        if (g.goName === 'TypeMeta' && g.embedded) continue;
        if (g.jsonName === '-') continue;
        problems.push(`${name}.${g.goName}: Go field without protobuf tag`);
        continue;
      }
      const p = msg.fields.find((f) => f.no === g.protoNo);
      if (!p) {
        problems.push(`${name}.${g.goName}: protobuf ${g.protoNo} not in the .proto`);
        continue;
      }
      matched.add(p.no);
      const inline = g.embedded && (g.jsonName === undefined || g.jsonName === '');
      if (g.jsonName === '-') {
        problems.push(`${name}.${g.goName}: json:"-" on a protobuf field`);
        continue;
      }
      if (p.label !== 'optional' && g.pointer) {
        problems.push(`${name}.${g.goName}: pointer to a repeated/map field`);
      }
      if (p.type === 'bytes' && p.label === 'optional' && g.goType !== '[]byte') {
        problems.push(`${name}.${g.goName}: bytes field of Go type ${g.goType}`);
      }
      const d: FieldDescriptor = {
        no: p.no,
        json: inline ? '' : (g.jsonName ?? g.goName),
        type: p.type,
      };
      if (p.label !== 'optional') d.label = p.label;
      if (g.pointer) d.ptr = true;
      if (g.omitempty) d.omitempty = true;
      if (inline) d.inline = true;
      fields.push(d);
    }
    for (const p of msg.fields) {
      if (!matched.has(p.no)) problems.push(`${name}.${p.name}: proto field without Go field`);
    }
    out[name] = { fields };
    queue.push(...refs);
  }

  // apiVersion/kind → message, from each root package's GroupName.
  const kinds: Record<string, Record<string, string>> = {};
  for (const name of ROOTS) {
    const msg = protos.get(name)!;
    const dir = goDir(msg.goPackage, apiDir, machineryDir);
    const register = fs.readFileSync(path.join(dir, 'register.go'), 'utf8');
    const group = /const GroupName = "([^"]*)"/.exec(register)?.[1];
    if (group === undefined) throw new Error(`${dir}/register.go: no GroupName`);
    const version = msg.goPackage.slice(msg.goPackage.lastIndexOf('/') + 1);
    const apiVersion = group ? `${group}/${version}` : version;
    (kinds[apiVersion] ??= {})[name.slice(name.lastIndexOf('.') + 1)] = name;
  }

  const sortedMessages: Record<string, MessageDescriptor> = {};
  for (const k of Object.keys(out).sort()) sortedMessages[k] = out[k]!;
  const sortedKinds: Record<string, Record<string, string>> = {};
  for (const k of Object.keys(kinds).sort()) sortedKinds[k] = kinds[k]!;
  const doc: DescriptorFile = {
    '//': `Generated by infra/codegen/k8s-protobuf-descriptors.ts from the generated.proto and types.go of k8s.io/api and k8s.io/apimachinery${label ? ` ${label}` : ''}. Do not edit.`,
    envelope: ENVELOPE,
    kinds: sortedKinds,
    messages: sortedMessages,
  };
  // One field per line for readable diffs; Prettier has the last word so `prettier --check` passes.
  const prettier = (await import('prettier')) as typeof import('prettier');
  const prettierOptions = (await prettier.resolveConfig(outFile)) ?? {};
  const text = await prettier.format(formatJson(doc), { ...prettierOptions, filepath: outFile });
  if (Buffer.byteLength(text) > MAX_FILE_BYTES) {
    problems.push(`descriptors.json is ${Buffer.byteLength(text)} bytes, over ${MAX_FILE_BYTES}`);
  }
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exitCode = 1;
    return;
  }
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, text);
  console.log(
    `${path.relative(root, outFile)}: ${Object.keys(out).length} messages, ${Buffer.byteLength(text)} bytes`,
  );
}

function wireOnly(f: ProtoField): FieldDescriptor {
  const d: FieldDescriptor = { no: f.no, json: f.name, type: f.type };
  if (f.label !== 'optional') d.label = f.label;
  return d;
}

function inlineJson(value: object): string {
  const parts = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `{ ${parts.join(', ')} }`;
}

// JSON with objects expanded down to the field descriptors, which stay on one line each (what
// Prettier produces for it with printWidth 100, as long as a line fits).
function formatJson(doc: DescriptorFile): string {
  const lines: string[] = ['{'];
  const entries = Object.entries(doc);
  entries.forEach(([key, value], i) => {
    const comma = i < entries.length - 1 ? ',' : '';
    if (key === 'messages') {
      lines.push(`  "messages": {`);
      const msgs = Object.entries(value as Record<string, MessageDescriptor>);
      msgs.forEach(([name, msg], j) => {
        lines.push(`    ${JSON.stringify(name)}: {`);
        if (msg.special) lines.push(`      "special": ${JSON.stringify(msg.special)},`);
        lines.push(`      "fields": [`);
        msg.fields.forEach((f, k) => {
          lines.push(`        ${inlineJson(f)}${k < msg.fields.length - 1 ? ',' : ''}`);
        });
        lines.push('      ]');
        lines.push(`    }${j < msgs.length - 1 ? ',' : ''}`);
      });
      lines.push(`  }${comma}`);
    } else if (key === 'kinds') {
      lines.push(`  "kinds": {`);
      const groups = Object.entries(value as Record<string, Record<string, string>>);
      groups.forEach(([gv, map], j) => {
        lines.push(`    ${JSON.stringify(gv)}: {`);
        const ks = Object.entries(map);
        ks.forEach(([kind, msg], k) => {
          lines.push(
            `      ${JSON.stringify(kind)}: ${JSON.stringify(msg)}${k < ks.length - 1 ? ',' : ''}`,
          );
        });
        lines.push(`    }${j < groups.length - 1 ? ',' : ''}`);
      });
      lines.push(`  }${comma}`);
    } else {
      lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value)}${comma}`);
    }
  });
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

void main();

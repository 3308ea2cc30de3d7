import { Document, Scalar, visit } from 'yaml';

// YAML as kubectl prints it (sigs.k8s.io/yaml over go-yaml v2): keys sorted, sequences not
// indented under their key, no line folding, strings that would read as another type
// ("1234", "true", a timestamp) in double quotes, other strings plain where YAML allows and
// single-quoted where it does not, multi-line strings as literal blocks.

const NOT_STRING_11 =
  /^(?:[-+]?(?:0|[1-9][0-9_]*)|[-+]?0b[01_]+|[-+]?0[0-7_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?)$/;

/** Go's json/yaml key order: sorted by bytes. */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeys(x);
    }
    return out;
  }
  return v;
}

export function toGoYaml(value: unknown): string {
  const doc = new Document(sortKeys(value), { version: '1.1' });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string') return;
      const s = node.value;
      if (s.includes('\n')) node.type = Scalar.BLOCK_LITERAL;
      else if (s === '' || NOT_STRING_11.test(s)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  // Empty maps and lists print inline, as `{}` and `[]`.
  visit(doc, {
    Map(_k, node) {
      if (!node.items.length) node.flow = true;
    },
    Seq(_k, node) {
      if (!node.items.length) node.flow = true;
    },
  });
  return doc.toString({
    indentSeq: false,
    lineWidth: 0,
    minContentWidth: 0,
    singleQuote: true,
    nullStr: 'null',
    trueStr: 'true',
    falseStr: 'false',
    flowCollectionPadding: false,
  });
}

const goEscape = (json: string) =>
  json
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/** JSON as kubectl prints it: Go's MarshalIndent with 4 spaces, keys sorted, HTML-escaped. */
export function toGoJson(value: unknown): string {
  return goEscape(JSON.stringify(sortKeys(value), null, 4)) + '\n';
}

/** Go's json.Marshal: compact, keys sorted, HTML-escaped. */
export function goMarshal(value: unknown): string {
  return goEscape(JSON.stringify(sortKeys(value)));
}

'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { EditorView, basicSetup } from 'codemirror';
import { Compartment, EditorState } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { yaml } from '@codemirror/lang-yaml';
import { linter, type Diagnostic } from '@codemirror/lint';
import {
  autocompletion,
  type CompletionContext,
  type CompletionResult,
} from '@codemirror/autocomplete';
import { oneDark } from '@codemirror/theme-one-dark';
import {
  KubectlSession,
  bufferIO,
  runKubectl,
  objectPath,
  queryString,
  ApiError,
} from '@kubelab/kubectl';
import { api, ApiError as RestError } from '../../lib/api';
import { TEMPLATES } from '../../lab/templates';
import { keysAt, parseManifests, rangeOf } from '../../lab/manifest-check';
import { fieldsAt, kindSchema, type OpenApiDoc } from '../../lab/schema-complete';

// The lab's YAML editor (CodeMirror 6): several documents per file, templates per kind, field
// completion from the cluster's own OpenAPI schemas, errors underlined with the server's
// message (a dry run of each object as you type), Apply and Dry-run with the answer per object,
// and files saved with the cluster.

export interface LabFile {
  name: string;
  content: string;
}

export interface EditorHandle {
  open(name: string, content: string): void;
}

const DEFAULT_NAME = 'manifest.yaml';

export function LabEditor({
  clusterId,
  session,
  onReady,
  onFilesChanged,
}: {
  clusterId: string;
  session: KubectlSession;
  onReady?: (h: EditorHandle) => void;
  onFilesChanged?: (files: LabFile[]) => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const [files, setFiles] = useState<LabFile[]>([]);
  const [name, setName] = useState(DEFAULT_NAME);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [dirty, setDirty] = useState(false);
  const schemas = useRef(new Map<string, Promise<OpenApiDoc | undefined>>());

  const loadFiles = useCallback(async () => {
    const r = await api<{ items: LabFile[] }>(`/api/v1/clusters/${clusterId}/files`).catch(() => ({
      items: [],
    }));
    setFiles(r.items);
    onFilesChanged?.(r.items);
    return r.items;
  }, [clusterId, onFilesChanged]);

  const schemaFor = useCallback(
    (apiVersion: string) => {
      let p = schemas.current.get(apiVersion);
      if (!p) {
        const path = apiVersion.includes('/')
          ? `/openapi/v3/apis/${apiVersion}`
          : `/openapi/v3/api/${apiVersion}`;
        p = session.transport
          .request('GET', path)
          .then((r) => (r.status === 200 ? (r.body as OpenApiDoc) : undefined));
        schemas.current.set(apiVersion, p);
      }
      return p;
    },
    [session],
  );

  /** Dry-runs every object with server-side apply: the server's messages, on their fields. */
  const check = useCallback(
    async (text: string): Promise<Diagnostic[]> => {
      const { docs, findings } = parseManifests(text);
      const out: Diagnostic[] = findings.map((f) => ({ ...f }));
      const resources = await session.client.discovery.resources().catch(() => []);
      for (const d of docs) {
        const o = d.value;
        if (!o?.apiVersion || !o?.kind) {
          out.push({
            ...rangeOf(d, o?.apiVersion ? 'kind' : 'apiVersion'),
            severity: 'error',
            message: `${o?.apiVersion ? 'kind' : 'apiVersion'} not set`,
          });
          continue;
        }
        const [group, version] = String(o.apiVersion).includes('/')
          ? String(o.apiVersion).split('/')
          : ['', String(o.apiVersion)];
        const r = resources.find(
          (x) => x.group === group && x.version === version && x.kind === o.kind,
        );
        if (!r) {
          const other = resources.find((x) => x.kind === o.kind);
          out.push({
            ...rangeOf(d, 'apiVersion'),
            severity: 'error',
            message: `no matches for kind "${o.kind}" in version "${o.apiVersion}"${other ? ` — this cluster serves ${o.kind} as ${other.group ? `${other.group}/${other.version}` : other.version}` : ''}`,
          });
          continue;
        }
        if (!o.metadata?.name) {
          out.push({
            ...rangeOf(d, 'metadata'),
            severity: 'error',
            message: 'metadata.name: Required value: name or generateName is required',
          });
          continue;
        }
        const ns = r.namespaced ? (o.metadata.namespace ?? session.namespace) : undefined;
        const resp = await session.transport.request(
          'PATCH',
          objectPath(r, ns, o.metadata.name) +
            queryString({
              dryRun: 'All',
              fieldManager: 'kubelab-editor',
              force: 'true',
              fieldValidation: 'Strict',
            }),
          {
            body: JSON.stringify({
              ...o,
              metadata: { ...o.metadata, ...(ns ? { namespace: ns } : {}) },
            }),
            contentType: 'application/apply-patch+yaml',
          },
        );
        if (resp.status < 400) continue;
        const st = resp.body ?? {};
        const causes: { field?: string; message?: string }[] = st.details?.causes ?? [];
        if (causes.length)
          for (const c of causes)
            out.push({
              ...rangeOf(d, c.field),
              severity: 'error',
              message: c.field ? `${c.field}: ${c.message}` : (c.message ?? st.message),
            });
        else
          out.push({
            ...rangeOf(d, undefined),
            severity: 'error',
            message: st.message ?? `HTTP ${resp.status}`,
          });
      }
      return out;
    },
    [session],
  );

  const completion = useCallback(
    async (ctx: CompletionContext): Promise<CompletionResult | null> => {
      const word = ctx.matchBefore(/[\w.-]*/);
      if (!word || (word.from === word.to && !ctx.explicit)) return null;
      const text = ctx.state.doc.toString();
      const lineText = ctx.state.doc.lineAt(ctx.pos).text;
      if (/:\s/.test(lineText.slice(0, ctx.pos - ctx.state.doc.lineAt(ctx.pos).from))) return null;
      const start = text.lastIndexOf('\n---', ctx.pos);
      const docText = text.slice(start < 0 ? 0 : start + 4);
      const apiVersion = /^apiVersion:\s*(\S+)/m.exec(docText)?.[1];
      const kind = /^kind:\s*(\S+)/m.exec(docText)?.[1];
      const path = keysAt(text, ctx.pos);
      if (!path.length && (!apiVersion || !kind)) {
        return {
          from: word.from,
          options: ['apiVersion', 'kind', 'metadata', 'spec', 'data'].map((l) => ({
            label: l,
            type: 'property',
            apply: `${l}: `,
          })),
        };
      }
      if (!apiVersion || !kind) return null;
      const doc = await schemaFor(apiVersion);
      if (!doc) return null;
      const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
      const root = kindSchema(doc, group!, version!, kind);
      if (!root) return null;
      const fields = fieldsAt(doc, root, path);
      return {
        from: word.from,
        options: fields.map((f) => ({
          label: f.name,
          type: 'property',
          detail: `${f.type}${f.required ? ' · required' : ''}`,
          info: f.description,
          apply:
            f.type.startsWith('[]') || f.type === 'map' || /^[A-Z]/.test(f.type)
              ? `${f.name}:\n`
              : `${f.name}: `,
        })),
      };
    },
    [schemaFor],
  );

  const save = useCallback(
    async (as?: string) => {
      const n = (as ?? name).trim();
      if (!view.current || !n) return;
      try {
        await api(`/api/v1/clusters/${clusterId}/files/${encodeURIComponent(n)}`, {
          method: 'PUT',
          body: { content: view.current.state.doc.toString() },
        });
        setName(n);
        setDirty(false);
        await loadFiles();
      } catch (e) {
        setResult({
          ok: false,
          text: e instanceof RestError ? e.message : 'Could not save the file',
        });
      }
    },
    [clusterId, name, loadFiles],
  );

  const apply = useCallback(
    async (dryRun: boolean) => {
      if (!view.current) return;
      setBusy(true);
      const b = bufferIO(undefined, view.current.state.doc.toString());
      const code = await runKubectl(['apply', '-f', '-', ...(dryRun ? ['--dry-run=server'] : [])], {
        session,
        io: b.io,
      }).catch((e) => {
        b.io.err(`${e instanceof ApiError ? e.message : (e as Error).message}\n`);
        return 1;
      });
      setResult({ ok: code === 0, text: (b.stdout + b.stderr).trim() || 'Nothing to apply.' });
      setBusy(false);
    },
    [session],
  );

  useEffect(() => {
    const theme = new Compartment();
    const dark = () => document.documentElement.dataset.theme === 'dark';
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: TEMPLATES[0]!.yaml,
        extensions: [
          basicSetup,
          yaml(),
          EditorState.tabSize.of(2),
          theme.of(dark() ? oneDark : []),
          linter((ev) => check(ev.state.doc.toString()), { delay: 700 }),
          autocompletion({ override: [completion] }),
          keymap.of([
            { key: 'Mod-s', run: () => (void save(), true) },
            { key: 'Mod-Enter', run: () => (void apply(false), true) },
          ]),
          EditorView.updateListener.of((u) => u.docChanged && setDirty(true)),
        ],
      }),
    });
    view.current = v;
    const mo = new MutationObserver(() =>
      v.dispatch({ effects: theme.reconfigure(dark() ? oneDark : []) }),
    );
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    onReady?.({
      open(n: string, content: string) {
        v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: content } });
        setName(n);
        setDirty(false);
      },
    });
    void loadFiles();
    return () => {
      mo.disconnect();
      v.destroy();
      view.current = null;
    };
    // The editor is made once: it keeps its text across re-renders.
  }, []);

  const open = (f: LabFile) => {
    view.current?.dispatch({
      changes: { from: 0, to: view.current.state.doc.length, insert: f.content },
    });
    setName(f.name);
    setDirty(false);
  };

  return (
    <div className="lab-editor">
      <div className="editor-bar">
        <select
          className="input small"
          aria-label="Open a file or a template"
          value=""
          onChange={(e) => {
            const v = e.target.value;
            if (v.startsWith('file:')) {
              const f = files.find((x) => x.name === v.slice(5));
              if (f) open(f);
            } else if (v.startsWith('tpl:')) {
              const t = TEMPLATES[Number(v.slice(4))]!;
              open({ name: `${t.kind.toLowerCase()}.yaml`, content: t.yaml });
            }
          }}
          data-testid="editor-open"
        >
          <option value="">Open…</option>
          {files.length > 0 && (
            <optgroup label="Saved in this lab">
              {files.map((f) => (
                <option key={f.name} value={`file:${f.name}`}>
                  {f.name}
                </option>
              ))}
            </optgroup>
          )}
          <optgroup label="Templates">
            {TEMPLATES.map((t, i) => (
              <option key={t.name} value={`tpl:${i}`}>
                {t.name}
              </option>
            ))}
          </optgroup>
        </select>
        <input
          className="input small name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-label="File name"
        />
        <button className="btn small" onClick={() => void save()} title="Save (Ctrl+S)">
          Save{dirty ? ' •' : ''}
        </button>
        <span className="spacer" />
        <button
          className="btn small"
          onClick={() => void apply(true)}
          disabled={busy}
          data-testid="editor-dry-run"
        >
          Dry run
        </button>
        <button
          className="btn small primary"
          onClick={() => void apply(false)}
          disabled={busy}
          title="Apply (Ctrl+Enter)"
          data-testid="editor-apply"
        >
          Apply
        </button>
      </div>
      <div className="editor-host" ref={host} data-testid="editor" />
      {result && (
        <pre
          className={`editor-result ${result.ok ? 'ok' : 'bad'}`}
          data-testid="editor-result"
          role="status"
        >
          {result.text}
        </pre>
      )}
    </div>
  );
}

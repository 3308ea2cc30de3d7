// Files on the simulated clock: every write is a version stamped with its virtual time, so a
// reader at time t sees what was there at t (a script's `touch` at 0 s and `rm` at 30 s, an exec
// probe at 35 s). Kept small: a few versions per path and a bounded size per file.

export interface FileVersion {
  /** Virtual time of the write (ms). */
  at: number;
  content?: string;
  dir?: boolean;
  deleted?: boolean;
  /** Who wrote it: a container ID, "exec", "kubelet". */
  writer?: string;
}

/** JSON form, as kept in the kubelet's records: path -> versions, oldest first. */
export type FileStore = Record<string, FileVersion[]>;

const MAX_VERSIONS = 8;
/** A file keeps its last 64 KiB (a log-appending loop must not grow a record without bound). */
export const MAX_FILE_BYTES = 64 * 1024;

export function trimContent(s: string): string {
  if (s.length <= MAX_FILE_BYTES) return s;
  const cut = s.slice(s.length - MAX_FILE_BYTES);
  const nl = cut.indexOf('\n');
  return nl >= 0 && nl < 4096 ? cut.slice(nl + 1) : cut;
}

/** The latest version at or before `t` (undefined: never written by then). */
export function versionAt(versions: FileVersion[] | undefined, t: number): FileVersion | undefined {
  if (!versions) return undefined;
  for (let i = versions.length - 1; i >= 0; i--) if (versions[i]!.at <= t) return versions[i];
  return undefined;
}

/** Adds a version, keeping versions in time order and few. */
export function pushVersion(store: FileStore, key: string, v: FileVersion): void {
  const list = (store[key] ??= []);
  let i = list.length;
  while (i > 0 && list[i - 1]!.at > v.at) i--;
  list.splice(i, 0, {
    ...v,
    ...(v.content !== undefined ? { content: trimContent(v.content) } : {}),
  });
  if (list.length > MAX_VERSIONS) list.splice(0, list.length - MAX_VERSIONS);
}

/** Normalises an absolute path: no trailing slash, no `.` or `..`, no doubled slashes. */
export function normPath(p: string, cwd = '/'): string {
  const abs = p.startsWith('/') ? p : `${cwd.replace(/\/$/, '')}/${p}`;
  const out: string[] = [];
  for (const seg of abs.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

export const parentOf = (p: string) => (p === '/' ? '/' : p.slice(0, p.lastIndexOf('/')) || '/');
export const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

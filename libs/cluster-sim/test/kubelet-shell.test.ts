import { ContainerFs } from '../src/kubelet/fs/container-fs';
import { BUSYBOX_APPLETS, GNU_COMMANDS } from '../src/kubelet/shell/commands';
import { Shell, type ShellHost } from '../src/kubelet/shell/interpreter';

// The shell of the simulated busybox/debian containers, on the virtual clock.

const T0 = Date.parse('2026-01-05T09:00:00Z');

function host(
  o: Partial<ShellHost> = {},
  mounts: ConstructorParameters<typeof ContainerFs>[0]['mounts'] = [],
): ShellHost {
  const fs = new ContainerFs({
    base: {},
    baseDirs: ['/tmp', '/etc', '/var/log'],
    mounts,
    stores: {},
    self: 'c1',
  });
  return {
    fs,
    env: { PATH: '/bin', HOSTNAME: 'web-1', GREETING: 'hi' },
    hostname: 'web-1',
    flavor: 'busybox',
    has: (c) => BUSYBOX_APPLETS.includes(c),
    net: {
      resolve: () => undefined,
      http: () => ({ kind: 'error', error: 'unavailable', message: 'network not available' }),
    },
    ...o,
  };
}

const run = (script: string, deadline = Infinity, h = host()) => {
  const sh = new Shell(h, { start: T0, deadline });
  return { trace: sh.runScript(script), h };
};
const lines = (script: string, deadline = Infinity) =>
  run(script, deadline).trace.lines.map((l) => l.line);

describe('the container shell', () => {
  it('runs echo, variables, && and || and exits with the last status', () => {
    const { trace } = run('echo $GREETING world; false || echo fallback && echo yes; exit 3');
    expect(trace.lines.map((l) => l.line)).toEqual(['hi world', 'fallback', 'yes']);
    expect(trace.exit).toEqual({ at: T0, code: 3 });
  });

  it('moves the virtual clock with sleep and stamps each line', () => {
    const { trace } = run('echo one; sleep 5; echo two; sleep 1m; date');
    expect(trace.lines.map((l) => l.t - T0)).toEqual([0, 5000, 65_000]);
    expect(trace.lines[2]!.line).toBe('Mon Jan  5 09:01:05 UTC 2026');
    expect(trace.exit!.at - T0).toBe(65_000);
  });

  it('stops at the deadline without finishing', () => {
    const { trace } = run('echo a; sleep 3600; echo b', T0 + 10_000);
    expect(trace.lines.map((l) => l.line)).toEqual(['a']);
    expect(trace.exit).toBeUndefined();
    expect(trace.reached).toBe(T0 + 10_000);
  });

  it('knows that `sleep infinity` and an endless loop never exit', () => {
    expect(run('echo start; sleep infinity').trace.endless).toBe(true);
    const { trace } = run('while true; do echo tick; sleep 5; done');
    expect(trace.endless).toBe(true);
    expect(trace.exit).toBeUndefined();
  });

  it("produces a week of a loop's lines lazily: only the last ones, at the right times", () => {
    const week = 7 * 86_400_000;
    const { trace } = run(
      'i=0; while true; do echo "$i: $(date +%s)"; i=$((i+1)); sleep 5; done',
      T0 + week,
    );
    expect(trace.lines.length).toBe(2000);
    const last = trace.lines[trace.lines.length - 1]!;
    const n = Math.floor(week / 5000);
    expect(last.line).toBe(`${n}: ${(T0 + n * 5000) / 1000}`);
    expect(last.t).toBe(T0 + n * 5000);
    expect(trace.dropped).toBe(n + 1 - 2000);
  });

  it('ends a counting loop when its condition turns false, even far away', () => {
    const { trace } = run(
      'i=0; while [ $i -lt 100000 ]; do i=$((i+1)); sleep 1; done; echo done $i',
    );
    expect(trace.exit!.at - T0).toBe(100_000_000);
    expect(trace.lines.map((l) => l.line)).toEqual(['done 100000']);
  });

  it('writes, reads and removes files on the clock', () => {
    const { trace, h } = run('touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600');
    expect(trace.exit!.at - T0).toBe(630_000);
    expect(h.fs.stat('/tmp/healthy', T0 + 10_000)?.type).toBe('file');
    expect(h.fs.stat('/tmp/healthy', T0 + 31_000)).toBeUndefined();
  });

  it('redirects output into files, appends, and reads them back', () => {
    expect(lines('echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f; wc -l < /tmp/f')).toEqual([
      'one',
      'two',
      '2',
    ]);
    expect(lines('echo x > /nope/f')).toEqual(["sh: can't create /nope/f: nonexistent directory"]);
    expect(lines('cat /tmp/missing')).toEqual([
      "cat: can't open '/tmp/missing': No such file or directory",
    ]);
  });

  it('refuses writes to a read-only ConfigMap mount', () => {
    const h = host({}, [
      { path: '/etc/config', readOnly: true, volume: 'cfg', files: { 'app.properties': 'a=1\n' } },
    ]);
    const { trace } = run(
      'ls /etc/config; cat /etc/config/app.properties; touch /etc/config/x',
      Infinity,
      h,
    );
    expect(trace.lines.map((l) => l.line)).toEqual([
      'app.properties',
      'a=1',
      'touch: /etc/config/x: Read-only file system',
    ]);
  });

  it('runs if, for, case, functions, test and arithmetic', () => {
    expect(
      lines(`for i in 1 2 3; do if [ $i -eq 2 ]; then continue; fi; echo n=$((i * 10)); done
greet() { echo "hello $1"; }
greet you
case web-1 in web-*) echo web;; *) echo other;; esac
x=\${UNSET:-default}; echo $x \${#x}
[ -d /tmp ] && echo dir`),
    ).toEqual(['n=10', 'n=30', 'hello you', 'web', 'default 7', 'dir']);
  });

  it('says "not found" for commands the image does not have, as each shell does', () => {
    expect(lines('curl http://web')).toEqual(['sh: curl: not found']);
    const gnu = host({ flavor: 'gnu', has: (c) => GNU_COMMANDS.includes(c) });
    const { trace } = run('wget -qO- http://web', Infinity, gnu);
    expect(trace.lines.map((l) => l.line)).toEqual(['bash: line 1: wget: command not found']);
    expect(trace.exit!.code).toBe(127);
  });

  it('prints env and printenv like the real commands', () => {
    expect(lines('printenv HOSTNAME GREETING')).toEqual(['web-1', 'hi']);
    expect(lines('env')).toEqual(['PATH=/bin', 'HOSTNAME=web-1', 'GREETING=hi']);
  });

  it('reports a syntax error as ash does', () => {
    const { trace } = run('if true; then echo x');
    expect(trace.exit!.code).toBe(2);
    expect(trace.lines[0]!.line).toMatch(/^sh: syntax error/);
  });

  it('runs background jobs on their own clock and waits for them', () => {
    const { trace } = run('(sleep 10; echo late) & echo early; wait; echo after');
    expect(trace.lines.map((l) => [l.line, l.t - T0])).toEqual([
      ['early', 0],
      ['late', 10_000],
      ['after', 10_000],
    ]);
  });

  it('pipes output through grep, wc, head and tail', () => {
    expect(lines('printf "a\\nb\\nab\\n" | grep a | wc -l')).toEqual(['2']);
    expect(lines('seq 1 5 | tail -n 2; seq 1 5 | head -n 1')).toEqual(['4', '5', '1']);
  });
});

import { piDigits } from '../src/kubelet/images/perl';
import { runPythonScript } from '../src/kubelet/images/python';

// The interpreters the documentation's Job examples need, as their pods' logs and exit codes
// show them.

describe('perl -Mbignum=bpi', () => {
  it('prints pi to the digits asked, rounded', () => {
    expect(piDigits(10)).toBe('3.141592654');
    expect(piDigits(1)).toBe('3');
    const p = piDigits(2000);
    expect(p).toHaveLength(2001);
    expect(p.startsWith('3.14159265358979323846264338327950288419716939937510')).toBe(true);
    // The first thousand decimals of pi end in …164201989 (the next one, 3, rounds down).
    expect(piDigits(1001).slice(-11)).toBe('92164201989');
  });
});

describe('python3 -c', () => {
  const run = (script: string, env: Record<string, string> = {}) => {
    const plan = runPythonScript(script, env);
    return { lines: plan.logs.map((l) => l.line), code: plan.exit?.code };
  };

  it('runs the backoffLimitPerIndex example by index', () => {
    const script =
      'import os, sys\nprint("Hello world")\nif int(os.environ.get("JOB_COMPLETION_INDEX")) % 2 == 0:\n  sys.exit(1)\n';
    expect(run(script, { JOB_COMPLETION_INDEX: '2' })).toEqual({ lines: ['Hello world'], code: 1 });
    expect(run(script, { JOB_COMPLETION_INDEX: '3' })).toEqual({ lines: ['Hello world'], code: 0 });
  });

  it('follows if / elif / else', () => {
    const script =
      'import os, sys\nindex = int(os.environ.get("JOB_COMPLETION_INDEX"))\nif index == 0:\n  sys.exit(1)\nelif index == 1:\n  sys.exit(42)\nelse:\n  sys.exit(0)\n';
    expect(run(script, { JOB_COMPLETION_INDEX: '1' }).code).toBe(42);
    expect(run(script, { JOB_COMPLETION_INDEX: '3' }).code).toBe(0);
  });

  it('ends with a traceback and exit code 1 on an error', () => {
    expect(run('import os\nint(os.environ.get("MISSING"))')).toEqual({
      lines: [
        'Traceback (most recent call last):',
        '  File "<string>", line 1, in <module>',
        "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'NoneType'",
      ],
      code: 1,
    });
  });

  it('sleeps on the virtual clock', () => {
    const plan = runPythonScript("import time; time.sleep(5); print('late')", {});
    expect(plan.logs[0]!.afterMs).toBeGreaterThanOrEqual(5000);
    expect(plan.exit!.afterMs).toBeGreaterThan(5000);
  });
});

'use client';

import { useEffect, useRef } from 'react';
import { Terminal as XTerm } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { commonPrefix, complete, needsMoreInput, type LabShell } from '@kubelab/kubectl';
import type { LiveStore } from '../../lab/live-store';

// The lab's terminal: xterm.js with a line editor (cursor keys, history kept per cluster, tab
// completion, Ctrl-C, Ctrl-L, Ctrl-U, Ctrl-W, pasted here-documents) in front of the lab shell.

const HISTORY_MAX = 200;

const THEMES = {
  dark: {
    background: '#0b1120',
    foreground: '#e6ebf5',
    cursor: '#7aa2ff',
    selectionBackground: '#2a3550',
  },
  light: {
    background: '#fbfcfe',
    foreground: '#17202e',
    cursor: '#326ce5',
    selectionBackground: '#cfdcf7',
  },
};

export interface TerminalHandle {
  /** Types and runs a command line, as if the learner did. */
  run(line: string): void;
  clear(): void;
}

export function LabTerminal({
  shell,
  store,
  clusterId,
  onReady,
}: {
  shell: LabShell;
  store: LiveStore;
  clusterId: string;
  onReady?: (h: TerminalHandle) => void;
}) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const dark = document.documentElement.dataset.theme === 'dark';
    const term = new XTerm({
      fontFamily: "ui-monospace, 'JetBrains Mono', Menlo, Consolas, monospace",
      fontSize: 13.5,
      cursorBlink: true,
      convertEol: true,
      scrollback: 5000,
      theme: dark ? THEMES.dark : THEMES.light,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host.current!);
    fit.fit();
    const resize = new ResizeObserver(() => fit.fit());
    resize.observe(host.current!);

    const historyKey = `kubelab-history-${clusterId}`;
    const history: string[] = JSON.parse(localStorage.getItem(historyKey) ?? '[]');
    let hIndex = history.length;
    let line = '';
    let cursor = 0;
    let pending = '';
    let running: AbortController | null = null;
    let lastTab = 0;

    const prompt = () => (pending ? '> ' : shell.prompt());
    const redraw = () => {
      term.write(`\r\x1b[K${promptColour(prompt())}${line}`);
      const back = line.length - cursor;
      if (back > 0) term.write(`\x1b[${back}D`);
    };
    const promptColour = (p: string) => `\x1b[1;34m${p}\x1b[0m`;
    const newPrompt = () => {
      line = '';
      cursor = 0;
      term.write(`\r\n`);
      redraw();
    };
    const out = (t: string) => term.write(t);
    const err = (t: string) => term.write(`\x1b[31m${t}\x1b[0m`);

    const execute = async (text: string) => {
      if (text.trim()) {
        history.push(text);
        if (history.length > HISTORY_MAX) history.splice(0, history.length - HISTORY_MAX);
        localStorage.setItem(historyKey, JSON.stringify(history));
      }
      hIndex = history.length;
      running = new AbortController();
      term.write('\r\n');
      const started = performance.now();
      try {
        await shell.execute(text, { out, err, signal: running.signal });
      } catch (e) {
        err(`error: ${(e as Error).message}\n`);
      }
      running = null;
      host.current?.setAttribute(
        'data-last-command-ms',
        String(Math.round(performance.now() - started)),
      );
      host.current?.setAttribute(
        'data-commands-run',
        String(Number(host.current?.getAttribute('data-commands-run') ?? 0) + 1),
      );
      line = '';
      cursor = 0;
      redraw();
    };

    const enter = () => {
      const text = pending + line;
      if (needsMoreInput(text)) {
        pending = text + '\n';
        line = '';
        cursor = 0;
        term.write('\r\n');
        redraw();
        return;
      }
      pending = '';
      void execute(text);
    };

    const tab = async () => {
      const now = Date.now();
      const double = now - lastTab < 500;
      lastTab = now;
      const c = await complete(line, cursor, {
        session: shell.session,
        commandNames: shell.commandNames(),
        aliases: shell.aliases,
        objectNames: (kind, ns) =>
          store
            .list(kind, ns || undefined)
            .filter((o) => !ns || o.metadata.namespace === ns)
            .map((o) => o.metadata.name),
      });
      if (!c.candidates.length) return;
      const word = line.slice(c.from, cursor);
      const prefix = c.candidates.length === 1 ? `${c.candidates[0]} ` : commonPrefix(c.candidates);
      if (prefix.length > word.length) {
        line = line.slice(0, c.from) + prefix + line.slice(cursor);
        cursor = c.from + prefix.length;
        redraw();
      } else if (double || c.candidates.length > 1) {
        term.write(`\r\n${c.candidates.join('  ')}\r\n`);
        redraw();
      }
    };

    const insert = (s: string) => {
      line = line.slice(0, cursor) + s + line.slice(cursor);
      cursor += s.length;
      redraw();
    };

    const onData = term.onData((data) => {
      if (running) {
        if (data === '\x03') {
          running.abort();
          term.write('^C\r\n');
        }
        return;
      }
      switch (data) {
        case '\r':
          return enter();
        case '\x7f':
          if (cursor > 0) {
            line = line.slice(0, cursor - 1) + line.slice(cursor);
            cursor--;
            redraw();
          }
          return;
        case '\x1b[3~':
          line = line.slice(0, cursor) + line.slice(cursor + 1);
          return redraw();
        case '\x1b[D':
          cursor = Math.max(0, cursor - 1);
          return redraw();
        case '\x1b[C':
          cursor = Math.min(line.length, cursor + 1);
          return redraw();
        case '\x1b[A':
          if (hIndex > 0) {
            line = history[--hIndex]!.split('\n')[0]!;
            cursor = line.length;
            redraw();
          }
          return;
        case '\x1b[B':
          if (hIndex < history.length) {
            hIndex++;
            line = hIndex < history.length ? history[hIndex]!.split('\n')[0]! : '';
            cursor = line.length;
            redraw();
          }
          return;
        case '\x1b[H':
        case '\x01':
          cursor = 0;
          return redraw();
        case '\x1b[F':
        case '\x05':
          cursor = line.length;
          return redraw();
        case '\x03':
          term.write('^C');
          pending = '';
          return newPrompt();
        case '\x0c':
          term.clear();
          return redraw();
        case '\x15':
          line = line.slice(cursor);
          cursor = 0;
          return redraw();
        case '\x17': {
          const left = line.slice(0, cursor).replace(/\S+\s*$/, '');
          line = left + line.slice(cursor);
          cursor = left.length;
          return redraw();
        }
        case '\t':
          void tab();
          return;
      }
      if (data.startsWith('\x1b')) return;
      // Typed or pasted text; pasted lines run one by one (a here-document keeps reading).
      const parts = data.replace(/\r\n?/g, '\n').split('\n');
      parts.forEach((p, i) => {
        insert([...p].filter((ch) => ch >= ' ').join(''));
        if (i < parts.length - 1) enter();
      });
    });

    term.writeln(
      '\x1b[1mkubelab terminal\x1b[0m — kubectl talks to your cluster. Type \x1b[1mhelp\x1b[0m, or try: kubectl get pods -A',
    );
    redraw();
    term.focus();
    onReady?.({
      run(text: string) {
        line = text;
        cursor = text.length;
        redraw();
        enter();
      },
      clear: () => term.clear(),
    });
    const theme = new MutationObserver(() => {
      term.options.theme =
        document.documentElement.dataset.theme === 'dark' ? THEMES.dark : THEMES.light;
    });
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      onData.dispose();
      resize.disconnect();
      theme.disconnect();
      term.dispose();
    };
  }, [shell, store, clusterId, onReady]);

  return <div className="lab-terminal" ref={host} data-testid="terminal" />;
}

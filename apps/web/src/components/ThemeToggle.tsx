'use client';

import { useEffect, useState } from 'react';

export function ThemeToggle() {
  const [theme, setTheme] = useState<'light' | 'dark' | null>(null);
  useEffect(
    () => setTheme((document.documentElement.dataset.theme as 'light' | 'dark') ?? 'light'),
    [],
  );
  const flip = () => {
    const next = theme === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    localStorage.setItem('kubelab-theme', next);
    setTheme(next);
  };
  return (
    <button
      className="btn small"
      onClick={flip}
      aria-label="Switch between light and dark theme"
      title="Theme"
    >
      {theme === 'dark' ? '☀︎ Light' : '☾ Dark'}
    </button>
  );
}

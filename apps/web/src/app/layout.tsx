import type { Metadata } from 'next';
import './globals.css';

export const metadata: Metadata = {
  title: 'kubelab',
  description: 'Practise Kubernetes on your own simulated cluster',
};

// Applies the saved theme before first paint, so a dark-theme user never sees a light flash.
const themeScript = `try{var t=localStorage.getItem('kubelab-theme')||(matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light');document.documentElement.dataset.theme=t}catch(e){}`;

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body>{children}</body>
    </html>
  );
}

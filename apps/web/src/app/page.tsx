'use client';

import { AdminPanelSections } from '../components/Dashboard';
import { SignIn } from '../components/SignIn';
import { TopBar } from '../components/TopBar';
import { useMe } from '../lib/use-me';

export default function Home() {
  const { me, reload, signOut } = useMe();
  if (me === undefined) {
    return (
      <>
        <TopBar />
        <main className="page" aria-busy="true">
          <div className="skeleton" style={{ width: 240 }} />
        </main>
      </>
    );
  }
  if (me === null) {
    return (
      <>
        <TopBar />
        <SignIn onSignedIn={reload} />
      </>
    );
  }
  return (
    <>
      <TopBar me={me} onSignOut={signOut} />
      <AdminPanelSections me={me} />
    </>
  );
}

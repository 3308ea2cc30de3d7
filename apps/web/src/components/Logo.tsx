export function Logo() {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true">
      <path d="M16 2 28.1 7.8 31 21 22.6 31.5H9.4L1 21l2.9-13.2z" fill="#326ce5" />
      <circle cx="16" cy="17" r="6.5" fill="none" stroke="#fff" strokeWidth="2" />
      <path
        d="M16 6.5v4M16 23.5v4M6 14l4 1.2M26 14l-4 1.2M9.5 25.5l2.6-3.3M22.5 25.5l-2.6-3.3"
        stroke="#fff"
        strokeWidth="2"
        strokeLinecap="round"
      />
    </svg>
  );
}

import type { ReactNode } from 'react';

/** A banner of the door's pages with text that keeps its contrast: `alert` for what needs attention now. */
export function Banner({
  tone,
  alert = false,
  title,
  children,
}: {
  tone: 'offline' | 'warn' | 'error' | 'ok' | 'info';
  alert?: boolean;
  title?: string;
  children: ReactNode;
}) {
  return (
    <div className="check-in-banner" data-tone={tone} role={alert ? 'alert' : 'status'}>
      {title && <strong style={{ display: 'block', marginBottom: 4 }}>{title}</strong>}
      {children}
    </div>
  );
}

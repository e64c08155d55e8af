import { Badge } from '@mantine/core';
import type { ReactNode } from 'react';

const FILL = { ok: 'green', warning: 'orange', problem: 'red', neutral: 'gray' } as const;

/**
 * A state as a light badge with dark text: Mantine's light badges colour their text too, which is below WCAG AA
 * (3.6–3.8:1) for green and orange. The colour is never the only sign: the text says the state (often with ✓/✕).
 */
export function StateBadge({
  tone,
  children,
  size,
}: {
  tone: keyof typeof FILL;
  children: ReactNode;
  size?: 'sm' | 'md' | 'lg';
}) {
  return (
    <Badge variant="light" color={FILL[tone]} size={size} c="dark.9">
      {children}
    </Badge>
  );
}

// Renders `backticks` as code, the way lesson hints and goal messages are written.

import type { ReactElement } from 'react';

/** Renders text with `code` spans. */
export function Inline({ text }: { text: string }): ReactElement {
  return <>{text.split(/(`[^`]+`)/g).map((part, i) => (part.length > 1 && part.startsWith('`') && part.endsWith('`') ? <code key={i}>{part.slice(1, -1)}</code> : part))}</>;
}

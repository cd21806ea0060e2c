import { truncate } from '../../report/text-table.js';

export { truncate };

/** Pads or cuts text to exactly `width` characters. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = truncate(text, Math.max(0, width));
  const gap = ' '.repeat(Math.max(0, width - [...cut].length));
  return align === 'right' ? gap + cut : cut + gap;
}

/** Wraps text into lines of at most `width` characters, at spaces where it can; newlines are kept. */
export function wrapText(text: string, width: number): string[] {
  const max = Math.max(1, width);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let rest = [...paragraph.replace(/\t/g, '  ')];
    if (rest.length === 0) lines.push('');
    while (rest.length > 0) {
      if (rest.length <= max) {
        lines.push(rest.join(''));
        break;
      }
      const space = rest.lastIndexOf(' ', max);
      const cut = space > 0 ? space : max;
      lines.push(rest.slice(0, cut).join('').trimEnd());
      rest = rest.slice(space > 0 ? cut + 1 : cut);
    }
  }
  return lines;
}

/** A duration as `45s`, `3m05s` or `2h10m`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** A count as `950`, `12.3k` or `4.56M`. */
export function formatCount(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 2 : 1)}k`;
  return `${(n / 1_000_000).toFixed(2)}M`;
}

/** A rate per second with sensible digits. */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return '-';
  if (perSecond >= 100) return `${Math.round(perSecond)}/s`;
  if (perSecond >= 1) return `${perSecond.toFixed(1)}/s`;
  return `${(perSecond * 60).toFixed(1)}/min`;
}

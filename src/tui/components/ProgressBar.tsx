import { Text } from 'ink';
import { useTheme } from '../theme.js';

/** The bar as characters: `█` done, `░` to do. */
export function progressBarText(fraction: number, width: number): string {
  const cells = Math.max(1, width);
  const clamped = Number.isFinite(fraction) ? Math.max(0, Math.min(1, fraction)) : 0;
  const full = Math.floor(clamped * cells);
  return '█'.repeat(full) + '░'.repeat(cells - full);
}

/** A progress bar of `width` cells; green when complete, red when something failed. */
export function ProgressBar(props: { fraction: number; width: number; failed?: boolean }) {
  const theme = useTheme();
  const color = props.failed ? theme.error : props.fraction >= 1 ? theme.ok : theme.accent;
  return <Text color={color}>{progressBarText(props.fraction, props.width)}</Text>;
}

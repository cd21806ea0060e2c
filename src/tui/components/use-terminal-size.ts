import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

/** Size of the terminal in characters. */
export interface TerminalSize {
  columns: number;
  rows: number;
}

/** Smallest size the screens lay themselves out for. */
export const MIN_SIZE: TerminalSize = { columns: 40, rows: 12 };

function sizeOf(stdout: NodeJS.WriteStream): TerminalSize {
  return { columns: Math.max(MIN_SIZE.columns, stdout.columns || 80), rows: Math.max(MIN_SIZE.rows, stdout.rows || 24) };
}

/** The terminal's size, updated on every resize. */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => sizeOf(stdout));
  useEffect(() => {
    const onResize = () => {
      const next = sizeOf(stdout);
      setSize((prev) => (prev.columns === next.columns && prev.rows === next.rows ? prev : next));
    };
    onResize();
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

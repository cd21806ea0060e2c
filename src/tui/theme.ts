import { createContext, useContext } from 'react';

/** Colours of the terminal UI by role; every one is undefined when colour is off (NO_COLOR), so no colour code is written. */
export interface Theme {
  /** Colour is off: screens mark things with characters and bold only. */
  noColor: boolean;
  /** Titles, the selected row, keys in hints. */
  accent: string | undefined;
  /** Finished, checked, passing. */
  ok: string | undefined;
  /** Partial, warnings, waits. */
  warn: string | undefined;
  /** Errors and failures. */
  error: string | undefined;
  /** Secondary text. */
  muted: string | undefined;
}

/** The theme for a terminal with colour, or without (https://no-color.org). */
export function createTheme(options: { noColor: boolean }): Theme {
  if (options.noColor) return { noColor: true, accent: undefined, ok: undefined, warn: undefined, error: undefined, muted: undefined };
  return { noColor: false, accent: 'cyan', ok: 'green', warn: 'yellow', error: 'red', muted: 'gray' };
}

/** The theme of the running UI; screens read it with `useTheme`. */
export const ThemeContext = createContext<Theme>(createTheme({ noColor: false }));

/** The theme of the running UI. */
export function useTheme(): Theme {
  return useContext(ThemeContext);
}

import { createContext, useContext, useEffect } from 'react';

/** Lets a screen say that a text field has the keyboard, so global keys (`?`) type into it instead. */
export interface InputMode {
  setTextEntry(owner: symbol, active: boolean): void;
}

/** The input mode of the running UI. */
export const InputModeContext = createContext<InputMode>({ setTextEntry: () => {} });

/** Marks a text field as having the keyboard while `active` (and while the component is shown). */
export function useTextEntry(active: boolean): void {
  const mode = useContext(InputModeContext);
  useEffect(() => {
    if (!active) return;
    const owner = Symbol('text-entry');
    mode.setTextEntry(owner, true);
    return () => mode.setTextEntry(owner, false);
  }, [active, mode]);
}

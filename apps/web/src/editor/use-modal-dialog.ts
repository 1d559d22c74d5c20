/** useModalDialog: a `<dialog>` shown as a modal while a piece of state says it is open. */
import { type RefObject, useEffect, useRef } from 'react';

/** The ref to give a `<dialog>`: shown modal while `open` is true, closed when it turns false. */
export function useModalDialog(open: boolean): RefObject<HTMLDialogElement | null> {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return ref;
}

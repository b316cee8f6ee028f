/** A modal dialog on the native <dialog> element: focus is trapped and restored, Escape closes it. */
import { useEffect, useId, useRef, type ReactNode } from 'react';

/** Props: open state, title, content and the footer's buttons. */
export interface DialogProps {
  open: boolean;
  title: string;
  onClose(): void;
  children: ReactNode;
  footer: ReactNode;
}

/** Renders a modal while `open`. */
export function Dialog({ open, title, onClose, children, footer }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onClose={onClose} onCancel={(e) => { e.preventDefault(); onClose(); }}>
      {open && (
        <>
          <header className="dialog-head">
            <h2 id={titleId}>{title}</h2>
            <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>×</button>
          </header>
          <div className="dialog-body">{children}</div>
          <footer className="dialog-foot">{footer}</footer>
        </>
      )}
    </dialog>
  );
}

/** The keyboard shortcuts dialog. */
import { SHORTCUTS, shortcutLabel } from './shortcuts.ts';
import { useModalDialog } from './use-modal-dialog.ts';

/** The keyboard shortcuts, in a modal dialog. */
export function HelpDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useModalDialog(open);
  return (
    <dialog ref={ref} className="help-dialog" aria-labelledby="help-heading" onClose={onClose}>
      <h2 id="help-heading">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {Object.entries(SHORTCUTS).map(([name, s]) => (
            <tr key={name}>
              <th scope="row">
                <kbd>{shortcutLabel(s.keys)}</kbd>
              </th>
              <td>{s.action}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">
              <kbd>Tab</kbd>
            </th>
            <td>Move through the toolbar, the margin's filters and cards, and every field of a card</td>
          </tr>
        </tbody>
      </table>
      <form method="dialog">
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}

/**
 * React's controlled selects, checkboxes and radio buttons, on Preact (the app runs on `preact/compat`: see
 * `react-on-preact.ts`). In React, a control rendered with `value` or `checked` shows what was rendered once its
 * change handler has run, whatever the user picked: a change the app refuses (a status the role may not set, a
 * verdict's author checking their own verdict) leaves the control as it was. Preact has no such restoring: a refused
 * change re-renders nothing, so the control would go on showing the refused choice. Installed once, before the app
 * renders, this puts each such control back to what it last rendered once the change's own renders have run.
 * (Text fields are left alone: the app's text fields restore what they refuse themselves, and putting a field's
 * value back between a key and its render would move the caret.)
 */
import { options, type VNode } from 'preact';

/** What each controlled element last rendered: its `value` (a select) or its `checked` (a checkbox, a radio). */
const rendered = new WeakMap<Element, string | boolean>();

type Props = Record<string, unknown> & { type?: unknown };
type Ref = ((el: Element | null) => void) | { current: Element | null } | null | undefined;

/** The property a DOM element of `type` with `props` is controlled by, if it is one this module restores. */
function controlledBy(type: unknown, props: Props): 'value' | 'checked' | null {
  if (type === 'select' && props.value !== undefined) return 'value';
  if (type === 'input' && (props.type === 'checkbox' || props.type === 'radio') && props.checked !== undefined)
    return 'checked';
  return null;
}

/** Every radio button of `radio`'s group (itself when it has no name). */
function groupOf(radio: HTMLInputElement): HTMLInputElement[] {
  if (!radio.name) return [radio];
  const scope = radio.form ?? radio.getRootNode();
  if (!(scope instanceof HTMLFormElement || scope instanceof Document || scope instanceof DocumentFragment))
    return [radio];
  return [...scope.querySelectorAll<HTMLInputElement>('input[type="radio"]')].filter((r) => r.name === radio.name);
}

/** Put `el` (and, for a radio, its group) back to what was last rendered. */
export function restoreRendered(el: Element): void {
  if (el instanceof HTMLInputElement) {
    for (const input of el.type === 'radio' ? groupOf(el) : [el]) {
      const want = rendered.get(input);
      if (typeof want === 'boolean' && input.checked !== want) input.checked = want;
    }
  } else if (el instanceof HTMLSelectElement) {
    const want = rendered.get(el);
    if (typeof want === 'string' && el.value !== want) el.value = want;
  }
}

/** Keep the element's last rendered value, and hand it to the element's own ref. */
function recordingRef(ref: Ref, value: string | boolean): (el: Element | null) => void {
  return (el) => {
    if (el) rendered.set(el, value);
    if (typeof ref === 'function') ref(el);
    else if (ref) ref.current = el;
  };
}

let installed = false;

/** Restore controlled selects, checkboxes and radios as React does, from now on (once; before the first render). */
export function installControlledInputs(): void {
  if (installed) return;
  installed = true;
  const previous = options.vnode;
  options.vnode = (vnode: VNode & { ref?: Ref }) => {
    const props = vnode.props as Props;
    const by = controlledBy(vnode.type, props);
    const onChange = props.onChange;
    if (by !== null && typeof onChange === 'function') {
      vnode.ref = recordingRef(vnode.ref, by === 'value' ? String(props.value) : Boolean(props.checked));
      props.onChange = (e: Event) => {
        const el = e.currentTarget as Element;
        const result = onChange(e);
        // After the renders the handler queued (Preact renders in a microtask queued before this one).
        queueMicrotask(() => restoreRendered(el));
        return result;
      };
    }
    previous?.(vnode);
  };
}

// @vitest-environment happy-dom
import { createElement as h, useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { installControlledInputs } from './controlled-inputs.ts';

beforeAll(() => installControlledInputs());

/** Render `element` into a new container; flush Preact's queued renders. */
function mount(element: ReturnType<typeof h>): HTMLElement {
  const container = document.createElement('div');
  document.body.append(container);
  flushSync(() => createRoot(container).render(element));
  return container;
}

/** Let the change's renders and the restoring that follows them run. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A status picker whose owner refuses `checked` (as the app refuses a verdict's author checking it). */
function Status() {
  const [status, setStatus] = useState('draft');
  return h(
    'select',
    {
      value: status,
      onChange: (e: Event) => {
        const next = (e.currentTarget as HTMLSelectElement).value;
        if (next !== 'checked') setStatus(next);
      },
    },
    ...['draft', 'in_review', 'checked'].map((v) => h('option', { key: v, value: v }, v)),
  );
}

/** A verdict picker (radios) and a checkbox whose changes are all refused. */
function Refusing() {
  const [verdict] = useState('True');
  return h(
    'form',
    null,
    ...['True', 'False'].map((label) =>
      h('input', {
        key: label,
        type: 'radio',
        name: 'verdict',
        value: label,
        checked: verdict === label,
        onChange: () => {},
      }),
    ),
    h('input', { type: 'checkbox', checked: false, onChange: () => {} }),
  );
}

function change(el: HTMLInputElement | HTMLSelectElement) {
  el.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('controlled controls on Preact, as React keeps them', () => {
  it('a select shows an accepted choice, and goes back from a refused one', async () => {
    const select = mount(h(Status)).querySelector('select') as HTMLSelectElement;
    select.value = 'in_review';
    change(select);
    await settled();
    expect(select.value).toBe('in_review');
    select.value = 'checked';
    change(select);
    await settled();
    expect(select.value).toBe('in_review');
  });

  it('a refused radio gives the check back to the one rendered checked; a refused checkbox stays as rendered', async () => {
    const root = mount(h(Refusing));
    const [yes, no] = [...root.querySelectorAll<HTMLInputElement>('input[type=radio]')] as [
      HTMLInputElement,
      HTMLInputElement,
    ];
    no.click();
    await settled();
    expect([yes.checked, no.checked]).toEqual([true, false]);
    const box = root.querySelector('input[type=checkbox]') as HTMLInputElement;
    box.click();
    await settled();
    expect(box.checked).toBe(false);
  });
});

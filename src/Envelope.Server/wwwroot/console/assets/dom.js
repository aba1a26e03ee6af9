// Elements are built with textContent and attributes only: nothing the server or a user typed is parsed as HTML.

export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

let fieldCount = 0;

/** A labelled control: every input has a label a screen reader announces. */
export function field(label, control, hint) {
  control.id ||= `field-${++fieldCount}`;
  const hintElement = hint ? h('small', { id: `${control.id}-hint` }, hint) : null;
  if (hintElement) control.setAttribute('aria-describedby', hintElement.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintElement);
}

export function button(label, onclick, attributes = {}) {
  return h('button', { type: 'button', onclick, ...attributes }, label);
}

export function status(message, kind = 'info') {
  return h('p', { class: `status ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
}

/** Runs an action, showing its error in place instead of letting it vanish. */
export async function attempt(target, action) {
  try {
    return await action();
  } catch (error) {
    target.replaceChildren(status(error.message, 'error'));
    return undefined;
  }
}

/** A destructive action asks for the name of what it destroys, typed out. */
export function confirmTyped(what, expected, onConfirm) {
  const input = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false' });
  const go = h('button', { type: 'submit', class: 'danger', disabled: true }, 'Confirm');
  input.addEventListener('input', () => { go.disabled = input.value !== expected; });
  const dialog = h('dialog', { 'aria-label': `Confirm: ${what}` },
    h('form', { method: 'dialog', onsubmit: async (event) => {
      event.preventDefault();
      if (input.value !== expected) return;
      dialog.close();
      dialog.remove();
      await onConfirm();
    } },
    h('p', {}, `${what}. This cannot be undone.`),
    field(`Type ${expected} to confirm`, input),
    h('div', { class: 'actions' }, go, button('Cancel', () => { dialog.close(); dialog.remove(); }))));
  document.body.append(dialog);
  dialog.showModal();
  input.focus();
}

export function when(date) {
  return date ? new Date(date).toLocaleString() : '—';
}

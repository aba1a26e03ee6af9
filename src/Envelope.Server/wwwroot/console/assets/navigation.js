// Moving between views without a page load. The router lives in app.js, which imports every view; the views reach it
// through the handler it registers here, so no view imports app.js and the module graph has no cycle.
import { h, button } from './dom.js';

let handler = () => {};

export function onNavigate(route) {
  handler = route;
}

export function navigate(path) {
  history.pushState(null, '', path);
  handler();
}

export function link(path, label, attributes = {}) {
  return h('a', { href: path, ...attributes, onclick: (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(path);
  } }, label);
}

export function copyButton(text) {
  const feedback = h('span', { role: 'status', class: 'note' });
  return h('span', {}, button('Copy', async () => {
    await navigator.clipboard?.writeText(text).catch(() => {});
    feedback.textContent = ' Copied.';
  }, { class: 'secondary' }), feedback);
}

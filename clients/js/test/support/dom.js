// A jsdom window as the global environment, imported before React and Testing Library.
import { JSDOM } from 'jsdom';

const { window } = new JSDOM('<!doctype html><html><body></body></html>', { url: 'http://localhost/' });
for (const key of ['window', 'document', 'navigator', 'HTMLElement', 'Node', 'Text', 'Element', 'MutationObserver', 'getComputedStyle']) {
  if (!(key in globalThis) || key === 'navigator') {
    Object.defineProperty(globalThis, key, { value: key === 'window' ? window : window[key], configurable: true, writable: true });
  }
}
// Updates here come from real sockets, not from the test's own calls: the tests poll the DOM instead of act().
globalThis.IS_REACT_ACT_ENVIRONMENT = false;

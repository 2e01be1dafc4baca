// Injected with page.addInitScript before the app's own scripts: defines `window.backfill` the way the preload's
// contextBridge does, generically from the contract's API_METHODS table (passed in as config.methods), over the
// bridge's HTTP endpoints. Plain JS on purpose: it is sent to the page as text, untouched by any TS transform.
// With config.record it also keeps every response body and event the page received (window.__bridge.received),
// so a test can prove what did — and did not — reach the renderer (the benchmark turns that off).
// The name starts with _ because nothing in this file calls it: ./client.ts sends `(<this source>)(config)`.
function _installBackfillBridge(config) {
  const received = [];
  let resolveReady;
  const ready = new Promise((r) => (resolveReady = r));
  const headers = { 'content-type': 'application/json', 'x-backfill-window': config.windowToken };

  async function invoke(channel, args) {
    const res = await fetch('/invoke/' + encodeURIComponent(channel), { method: 'POST', headers, body: JSON.stringify(args) });
    const text = await res.text();
    if (config.record) received.push({ kind: 'response', channel, status: res.status, text, at: Date.now() });
    // Electron rejects the invoke's promise when there is no handler or the payload cannot cross; so does this.
    if (res.status !== 200) {
      let message = text;
      try {
        message = JSON.parse(text).error.message;
      } catch {
        // keep the raw text
      }
      throw new Error("Error invoking remote method '" + channel + "': " + message);
    }
    return JSON.parse(text);
  }

  const api = {};
  for (const [method, channel] of Object.entries(config.methods)) {
    // One payload at most, exactly like the preload: no payload → no argument.
    api[method] = (request) => invoke(channel, request === undefined ? [] : [request]);
  }

  // One EventSource for every stream; config.streams maps the subscribe method (onRunEvents, …) to its channel.
  const listeners = new Map(Object.keys(config.streams).map((m) => [m, new Set()]));
  let source = null;
  function connect() {
    source = new EventSource('/events?window=' + encodeURIComponent(config.windowToken));
    source.addEventListener('open', () => resolveReady(true));
    for (const [method, channel] of Object.entries(config.streams)) {
      source.addEventListener(channel, (message) => {
        if (config.record) received.push({ kind: 'event', channel, text: message.data, at: Date.now() });
        const event = JSON.parse(message.data);
        for (const listener of [...listeners.get(method)]) listener(event);
      });
    }
  }
  for (const method of Object.keys(config.streams)) {
    api[method] = (listener) => {
      if (typeof listener !== 'function') throw new TypeError(method + ' needs a function');
      listeners.get(method).add(listener);
      if (!source) connect();
      return () => {
        listeners.get(method).delete(listener);
      };
    };
  }

  Object.defineProperty(window, 'backfill', { value: Object.freeze(api), enumerable: true });
  Object.defineProperty(window, '__bridge', { value: { received, ready } });
}

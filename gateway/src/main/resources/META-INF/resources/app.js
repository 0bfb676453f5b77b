// Shared by every page: the API token (kept for this tab's session only, never in localStorage), API
// calls, small helpers.
localStorage.removeItem('nodechecker.token'); // where earlier versions kept it
const nodechecker = {
  token() { return sessionStorage.getItem('nodechecker.token') || ''; },
  setToken(token) { token ? sessionStorage.setItem('nodechecker.token', token) : sessionStorage.removeItem('nodechecker.token'); },
  async api(path, options = {}) {
    const headers = Object.assign({}, options.headers || {});
    if (nodechecker.token()) headers.Authorization = 'Bearer ' + nodechecker.token();
    const response = await fetch(path, Object.assign({}, options, { headers }));
    const type = response.headers.get('Content-Type') || '';
    const body = type.includes('json') ? await response.json() : await response.text();
    if (!response.ok) {
      const detail = body && body.detail ? body.detail : response.status + ' ' + response.statusText;
      throw new Error(detail);
    }
    return body;
  },
  text(value) { return value === null || value === undefined ? '' : String(value); },
  el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (key === 'class') node.className = value; else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child instanceof Node ? child : nodechecker.text(child));
    return node;
  },
  stateBadge(state) { return nodechecker.el('span', { class: 'state ' + nodechecker.text(state) }, state || '—'); },
  when(iso) { return iso ? new Date(iso).toLocaleString() : ''; },
  param(name) { return new URLSearchParams(location.search).get(name); },
};

// The runners page.
async function load() {
  try {
    const runners = await nodechecker.api('/api/runners');
    document.querySelector('#runners tbody').replaceChildren(...runners.map(r => {
      const load = Math.min(100, Math.round(100 * (r.running + r.queued) / Math.max(1, r.capacity)));
      return nodechecker.el('tr', { 'data-runner': r.id },
        nodechecker.el('td', {}, r.id + (r.draining ? ' (draining)' : '')),
        nodechecker.el('td', {}, r.endpoint),
        nodechecker.el('td', {}, (r.nodeVersions || []).join(', ')),
        nodechecker.el('td', {}, r.capacity),
        nodechecker.el('td', { class: 'running' }, r.running),
        nodechecker.el('td', {}, r.queued),
        nodechecker.el('td', {}, nodechecker.el('div', { class: 'bar', title: load + '%' }, nodechecker.el('div', { style: 'width:' + load + '%' }))),
        nodechecker.el('td', {}, nodechecker.when(r.lastHeartbeat)),
        nodechecker.el('td', { class: 'ready' }, r.unready ? '✗ ' + r.unready : '✓'));
    }));
    document.getElementById('problem').textContent = runners.length ? '' : 'No runner has registered yet.';
  } catch (e) {
    document.getElementById('problem').textContent = e.message;
  }
}
load();
setInterval(load, 1000);

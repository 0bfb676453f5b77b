// The batch page: without an id, a form that starts a batch (a batch body or CITGM's lookup.json);
// with one, the batch as it runs — baseline and candidate side by side when it compares — refreshed
// until it is done.
(function () {
  const id = nodechecker.param('id');
  const el = nodechecker.el;
  const problem = document.getElementById('problem');

  if (!id) {
    document.getElementById('create').hidden = false;
    document.getElementById('token').value = nodechecker.token();
    document.getElementById('batch-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const file = document.getElementById('file').files[0];
      const body = file ? await file.text() : document.getElementById('body').value;
      const query = new URLSearchParams();
      for (const [field, key] of [['node', 'node'], ['compare', 'compare'], ['name', 'name'], ['retries', 'retries'],
        ['include', 'includeTags'], ['exclude', 'excludeTags']]) {
        const value = document.getElementById(field).value.trim();
        if (value) query.set(key, value);
      }
      if (query.get('compare') && !query.get('name') && file) query.set('name', file.name);
      nodechecker.setToken(document.getElementById('token').value.trim());
      try {
        const batch = await nodechecker.api('/api/batches' + (query.toString() ? '?' + query : ''),
          { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
        location.href = '/batch.html?id=' + encodeURIComponent(batch.id);
      } catch (e) {
        problem.textContent = e.message;
      }
    });
    return;
  }

  document.getElementById('view').hidden = false;
  const self = '/api/batches/' + encodeURIComponent(id);
  document.getElementById('markdown').href = self + '/report.md';
  document.getElementById('junit').href = self + '/report.xml';
  document.getElementById('tap').href = self + '/report.tap';

  const verdict = (item) => item
    ? el('span', {}, el('span', { class: 'verdict ' + item.verdict }, item.verdict), ' ',
      item.jobId ? el('a', { href: '/job.html?id=' + item.jobId }, item.state || '') : '',
      item.runs > 1 ? ' · ' + item.runs + ' runs' : '')
    : '—';

  function render(batch) {
    const finished = batch.items.filter(i => i.verdict !== 'PENDING').length;
    document.getElementById('title').replaceChildren('Batch ' + (batch.name || batch.id.slice(0, 8)) + ' ',
      el('span', { class: 'state ' + (batch.done ? (batch.passed ? 'PASSED' : 'FAILED') : 'RUNNING') },
        batch.done ? (batch.passed ? 'passed' : 'failed') : 'running'));
    document.getElementById('summary').textContent = finished + ' of ' + batch.total + ' done · '
      + Object.entries(batch.states).map(([state, n]) => n + ' ' + state).join(', ');
    document.getElementById('progress').style.width = (100 * finished / Math.max(1, batch.total)) + '%';
    const comparison = batch.comparison;
    const head = document.querySelector('#items thead');
    const body = document.querySelector('#items tbody');
    if (comparison) {
      document.getElementById('comparison').replaceChildren(
        el('h2', {}, 'Newly failing on ' + comparison.candidate + ' (passing on ' + comparison.baseline + ')'
          + (comparison.done ? '' : ' — so far')),
        el('p', { id: 'newly-failing' }, comparison.newlyFailing.length ? comparison.newlyFailing.join(', ') : 'none'),
        el('p', { class: 'meta' }, 'fixed: ' + (comparison.fixed.join(', ') || 'none') + ' · failing on both: '
          + (comparison.stillFailing.join(', ') || 'none') + ' · flaky, set apart: ' + (comparison.flaky.join(', ') || 'none')));
      head.replaceChildren(el('tr', {}, el('th', {}, 'Package'), el('th', {}, comparison.baseline),
        el('th', {}, comparison.candidate), el('th', {}, 'Change')));
      body.replaceChildren(...comparison.rows.map(row => el('tr', {},
        el('td', {}, row.packageName), el('td', { class: 'baseline' }, verdict(row.baseline)),
        el('td', { class: 'candidate' }, verdict(row.candidate)),
        el('td', { class: 'change ' + row.change }, row.change.toLowerCase().replace('_', ' ')))));
    } else {
      head.replaceChildren(el('tr', {}, el('th', {}, 'Package'), el('th', {}, 'Node'), el('th', {}, 'Result'),
        el('th', {}, 'Reason')));
      body.replaceChildren(...batch.items.map(item => el('tr', {},
        el('td', {}, item.packageName + '@' + (item.version || 'latest')), el('td', {}, item.node || ''),
        el('td', {}, verdict(item)), el('td', {}, item.reason || ''))));
    }
    const notes = batch.notes.concat([...new Map(batch.items.filter(i => i.notes.length)
      .map(i => [i.packageName, i.packageName + ': ' + i.notes.join('; ')])).values()]);
    document.getElementById('notes').replaceChildren(...notes.map(note => el('li', {}, note)));
    window.nodecheckerBatch = batch;
    return batch.done;
  }

  async function refresh() {
    try {
      if (!render(await nodechecker.api(self))) setTimeout(refresh, 2000);
    } catch (e) {
      problem.textContent = e.message;
      setTimeout(refresh, 5000);
    }
  }
  refresh();
})();

// The package page.
const name = nodechecker.param('name');
const batch = nodechecker.param('batch');
const problem = document.getElementById('problem');
async function history() {
  document.getElementById('title').textContent = name;
  document.getElementById('badge').src = '/api/packages/' + encodeURIComponent(name) + '/badge.svg';
  try {
    const found = await nodechecker.api('/api/packages/' + encodeURIComponent(name));
    document.querySelector('#history tbody').replaceChildren(...found.results.map(r => nodechecker.el('tr', {},
      nodechecker.el('td', {}, nodechecker.el('a', { href: '/job.html?id=' + r.jobId }, r.version)),
      nodechecker.el('td', {}, r.node),
      nodechecker.el('td', {}, nodechecker.stateBadge(r.outcome)),
      nodechecker.el('td', {}, r.tests ? r.tests.passed + ' passed, ' + r.tests.failed + ' failed' : ''),
      nodechecker.el('td', {}, nodechecker.when(r.finishedAt)),
      nodechecker.el('td', {}, r.regression ? '⚠ regression' : ''))));
    document.getElementById('others-section').hidden = found.otherRuns.length === 0;
    document.querySelector('#others tbody').replaceChildren(...found.otherRuns.map(r => nodechecker.el('tr', {},
      nodechecker.el('td', {}, nodechecker.el('a', { href: '/job.html?id=' + r.jobId }, r.version)),
      nodechecker.el('td', {}, r.node),
      nodechecker.el('td', {}, r.kind === 'UPLOAD' ? 'uploaded tarball' : 'with overrides'),
      nodechecker.el('td', {}, nodechecker.stateBadge(r.outcome)),
      nodechecker.el('td', {}, nodechecker.when(r.finishedAt)))));
  } catch (e) {
    problem.textContent = e.message;
  }
}
async function progress() {
  document.getElementById('batch-section').hidden = false;
  document.getElementById('history-section').hidden = !name;
  try {
    const b = await nodechecker.api('/api/batches/' + encodeURIComponent(batch));
    const done = b.items.filter(i => i.verdict !== 'PENDING').length;
    document.getElementById('batch-bar').style.width = Math.round(100 * done / Math.max(1, b.total)) + '%';
    document.getElementById('batch-meta').textContent = done + ' of ' + b.total + ' done' + (b.done ? (b.passed ? ' — passed' : ' — failed') : '');
    document.querySelector('#batch tbody').replaceChildren(...b.items.map(i => nodechecker.el('tr', {},
      nodechecker.el('td', {}, i.jobId ? nodechecker.el('a', { href: '/job.html?id=' + i.jobId }, i.packageName + '@' + (i.version || '')) : i.packageName),
      nodechecker.el('td', {}, i.node || ''),
      nodechecker.el('td', {}, i.verdict + (i.state ? ' (' + i.state + ')' : '')),
      nodechecker.el('td', {}, i.reason || ''))));
    if (!b.done) setTimeout(progress, 1000);
  } catch (e) {
    problem.textContent = e.message;
  }
}
if (batch) progress();
if (name) history();
if (!batch && !name) problem.textContent = 'Open this page with ?name=<package> or ?batch=<id>.';

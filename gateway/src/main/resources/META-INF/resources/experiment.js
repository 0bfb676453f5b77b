// One experiment as crater reports one: how many packages in each category, then every package with its
// two sides, regressions first; refreshed until it is done.
(function () {
  const id = nodechecker.param('id');
  const el = nodechecker.el;
  const self = '/api/experiments/' + encodeURIComponent(id || '');
  document.getElementById('markdown').href = self + '/report.md';
  document.getElementById('json').href = self + '/report.json';
  document.getElementById('junit').href = self + '/report.xml';

  const side = (s) => s ? el('span', {}, ...s.jobs.map((job, i) => el('a', { href: '/job.html?id=' + encodeURIComponent(job) },
    (i ? ' ' : '') + (i === s.jobs.length - 1 ? (s.outcome || 'QUEUED') : '×'))), s.failure ? ' (' + s.failure + ')' : '') : '—';

  async function load() {
    let experiment;
    try {
      experiment = await nodechecker.api(self);
    } catch (e) {
      document.getElementById('problem').textContent = e.message;
      return;
    }
    document.getElementById('title').replaceChildren('Experiment ' + experiment.name + ': Node ' + experiment.baseline
      + ' → Node ' + experiment.candidate + ' ', nodechecker.stateBadge(experiment.state));
    document.getElementById('summary').textContent = experiment.items.length + ' packages from ' + experiment.packages
      + ' · ' + nodechecker.when(experiment.createdAt);
    document.querySelector('#counts tbody').replaceChildren(...Object.entries(experiment.counts).map(([category, n]) =>
      el('tr', {}, el('td', {}, el('span', { class: 'category ' + category }, category)), el('td', {}, n))));
    document.querySelector('#items tbody').replaceChildren(...experiment.items.map(item => el('tr', {},
      el('td', {}, item.package + '@' + item.version), el('td', {}, el('span', { class: 'category ' + item.category }, item.category)),
      el('td', {}, side(item.baseline)), el('td', {}, side(item.candidate)), el('td', {}, item.why))));
    if (experiment.state !== 'DONE') setTimeout(load, 3000);
  }
  load();
})();

// The ecosystem board: packages × Node lines (node.green's grid), newly failing first, each cell linking to
// the job that gave it, a trend per package drawn with uPlot, filters by category, line and tag.
(function () {
  const el = nodechecker.el;
  const problem = document.getElementById('problem');
  const filters = { category: document.getElementById('category'), line: document.getElementById('line'),
    tag: document.getElementById('tag') };
  let board = null;

  function trend(points) {
    const holder = el('div', { class: 'trend' });
    if (points.length < 2 || typeof uPlot === 'undefined') {
      holder.textContent = points.length ? Math.round(points[0].passed * 100) + '%' : '';
      return holder;
    }
    const xs = points.map(p => Date.parse(p.at) / 1000);
    const ys = points.map(p => p.passed * 100);
    requestAnimationFrame(() => new uPlot({ width: 140, height: 36, legend: { show: false }, cursor: { show: false },
      scales: { y: { range: [0, 100] } }, axes: [{ show: false }, { show: false }],
      series: [{}, { stroke: ys[ys.length - 1] < 100 ? '#c62828' : '#2e7d32', width: 2 }] }, [xs, ys], holder));
    return holder;
  }

  function render() {
    const category = filters.category.value;
    const line = filters.line.value;
    const tag = filters.tag.value.trim();
    const lines = line ? [line] : board.lines;
    const head = document.querySelector('#grid thead');
    head.replaceChildren(el('tr', {}, el('th', {}, 'package'), el('th', {}, 'category'),
      ...lines.map(l => el('th', {}, 'Node ' + l)), el('th', {}, 'trend')));
    const rows = board.rows.filter(row => (!category || row.category === category)
      && (!line || row.cells[line]) && (!tag || (row.tags || []).includes(tag)));
    document.querySelector('#grid tbody').replaceChildren(...rows.map(row => el('tr', { 'data-package': row.packageName },
      el('td', {}, row.packageName + '@' + row.version, row.impact ? el('span', { class: 'meta' }, ' #' + row.impact) : ''),
      el('td', { title: row.why }, el('span', { class: 'category ' + row.category }, row.category)),
      ...lines.map(l => {
        const cell = row.cells[l];
        return el('td', { class: 'cell ' + (cell ? cell.outcome : '') },
          cell ? el('a', { href: '/job.html?id=' + encodeURIComponent(cell.jobId) }, cell.outcome) : '—');
      }),
      el('td', {}, trend(row.trend)))));
  }

  async function load() {
    try {
      board = await nodechecker.api('/api/board');
    } catch (e) {
      problem.textContent = e.message;
      return;
    }
    const categories = [...new Set(board.rows.map(r => r.category))];
    for (const [select, values] of [[filters.category, categories], [filters.line, board.lines]]) {
      const chosen = select.value;
      select.replaceChildren(el('option', { value: '' }, 'all'), ...values.map(v => el('option', { value: v }, v)));
      select.value = values.includes(chosen) ? chosen : '';
    }
    document.getElementById('experiments').replaceChildren(...board.experiments.map(e => el('li', {},
      el('a', { href: '/experiment.html?id=' + encodeURIComponent(e.id) }, e.name), ' Node ' + e.baseline + ' → '
      + e.candidate + ' · ' + e.state + ' · ' + nodechecker.when(e.createdAt))));
    render();
  }

  Object.values(filters).forEach(f => f.addEventListener('input', () => board && render()));
  load();
  setInterval(load, 15000);
})();

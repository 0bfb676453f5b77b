// The job page: a live terminal that shows every chunk once, in order, colours kept, stderr set
// apart; when the connection drops it reconnects and resumes from the next sequence number.
(function () {
  const id = nodechecker.param('id');
  const term = new Terminal({ convertEol: true, rows: 32, cols: 120, scrollback: 100000, disableStdin: true,
    theme: { background: '#000000' }, fontSize: 13 });
  // As wide as the page allows (the fit addon measures it); links in the output open in a new tab.
  const fit = new FitAddon.FitAddon();
  term.loadAddon(fit);
  term.loadAddon(new WebLinksAddon.WebLinksAddon());
  term.open(document.getElementById('terminal'));
  function widen() {
    const size = fit.proposeDimensions();
    if (size && size.cols) term.resize(size.cols, term.rows);
  }
  widen();
  window.addEventListener('resize', widen);
  let nextSeq = 0;
  let finished = false;
  let attempt = 0;
  const received = [];   // what was written, for tests and copy
  const connection = document.getElementById('connection');
  document.getElementById('log-link').href = '/api/jobs/' + encodeURIComponent(id) + '/log';

  // What the job tested: the registry's tarball, or the repository at a commit (linked to that commit's tree).
  function codeTested(job) {
    const code = job.code;
    if (!code) return nodechecker.el('span', { id: 'code' }, 'code ', nodechecker.el('b', {}, job.requestedCode || 'auto'));
    if (code.kind !== 'repository') return nodechecker.el('span', { id: 'code' }, 'code ', nodechecker.el('b', {}, 'tarball'));
    const base = code.repository.replace(/\.git$/, '');
    const tree = /^https:\/\/(github\.com|gitlab\.com)\//.test(base) ? base + '/tree/' + code.commit : base;
    return nodechecker.el('span', { id: 'code' }, 'code ', nodechecker.el('a', { href: tree, rel: 'noopener' },
      'repository ' + (code.ref || 'gitHead') + ' (' + code.commit.slice(0, 10) + ')' +
      (code.directory ? ' ' + code.directory : '')));
  }

  function show(job) {
    document.getElementById('title').replaceChildren(job.package + '@' + job.version + ' ', nodechecker.stateBadge(job.state));
    document.getElementById('package-link').href = '/package.html?name=' + encodeURIComponent(job.package);
    document.getElementById('meta').replaceChildren(
      nodechecker.el('span', {}, 'Node ', nodechecker.el('b', {}, job.node)), ' · ',
      nodechecker.el('span', {}, 'runner ', nodechecker.el('b', {}, job.runner || '—')), ' · ',
      nodechecker.el('span', {}, 'attempt ', nodechecker.el('b', {}, job.attempts)), ' · ',
      codeTested(job),
      job.reason ? nodechecker.el('span', { id: 'reason' }, ' · ' + job.reason) : '');
    const phases = (job.phases || []).map(p => nodechecker.el('span', {
      class: 'phase ' + (p.exitCode === null || p.exitCode === undefined ? 'now' : p.exitCode === 0 ? 'ok' : 'bad') },
      p.name + (p.durationMs != null ? ' ' + (p.durationMs / 1000).toFixed(1) + ' s' : ' …')));
    document.getElementById('phases').replaceChildren(...phases);
    document.getElementById('cancel').hidden = ['PASSED', 'FAILED', 'INSTALL_FAILED', 'NO_TESTS', 'TIMED_OUT',
      'ERRORED', 'CANCELLED'].includes(job.state);
  }

  // Re-run makes a new job of the same package, version (or uploaded tarball), Node and settings.
  document.getElementById('rerun').addEventListener('click', async () => {
    try {
      const job = await nodechecker.api('/api/jobs/' + encodeURIComponent(id) + '/rerun', { method: 'POST' });
      location.href = '/job.html?id=' + encodeURIComponent(job.id);
    } catch (e) {
      document.getElementById('problem').textContent = e.message;
    }
  });
  document.getElementById('cancel').addEventListener('click', async () => {
    try {
      show(await nodechecker.api('/api/jobs/' + encodeURIComponent(id) + '/cancel', { method: 'POST' }));
    } catch (e) {
      document.getElementById('problem').textContent = e.message;
    }
  });

  async function refresh() {
    try { show(await nodechecker.api('/api/jobs/' + encodeURIComponent(id))); } catch (e) { connection.textContent = e.message; }
  }

  function write(message) {
    if (message.seq < nextSeq) return; // already shown before a reconnect
    nextSeq = message.seq + 1;
    received.push(message.data);
    // stderr in red unless the package coloured it itself
    term.write(message.stream === 'stderr' && !message.data.includes('\u001b[') ? '\u001b[91m' + message.data + '\u001b[0m' : message.data);
  }

  // A finished job whose output never came: its log outlived its retention time (410), say so.
  async function explainMissingLog() {
    const response = await fetch('/api/jobs/' + encodeURIComponent(id) + '/log');
    if (response.status === 410) {
      const problem = await response.json();
      connection.textContent = 'finished; the log has expired: ' + problem.detail;
      term.write('\u001b[1;36m> nodechecker: the log has expired (' + problem.detail + ')\u001b[0m\n');
    }
  }

  // A browser cannot send Authorization on a WebSocket: with a token, a short-lived ticket for this
  // job opens it (reads may be private); without one, reads are public or nothing opens it anyway.
  async function ticket() {
    if (!nodechecker.token()) return '';
    try {
      const issued = await nodechecker.api('/api/jobs/' + encodeURIComponent(id) + '/live-ticket');
      return '&ticket=' + encodeURIComponent(issued.ticket);
    } catch (e) {
      return '';
    }
  }

  async function connect() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(scheme + '//' + location.host + '/api/jobs/' + encodeURIComponent(id) + '/live?from=' + nextSeq
      + await ticket());
    window.nodecheckerSocket = socket;
    socket.onopen = () => { attempt = 0; connection.textContent = 'live'; connection.className = 'connection'; };
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type === 'output') write(message);
      else if (message.type === 'state') refresh();
      else if (message.type === 'result') {
        finished = true; show(message.job); connection.textContent = 'finished: ' + message.outcome;
        if (nextSeq === 0 && message.job.outputChunks > 0) explainMissingLog();
      }
    };
    socket.onclose = () => {
      if (finished) return;
      attempt++;
      connection.textContent = 'connection lost; reconnecting from ' + nextSeq + ' (try ' + attempt + ')…';
      connection.className = 'connection down';
      setTimeout(connect, Math.min(5000, 250 * attempt));
    };
  }

  // For tests and for copying: the text the terminal was given, and where the stream stands.
  window.nodecheckerJob = { text: () => received.join(''), nextSeq: () => nextSeq, finished: () => finished };
  refresh();
  connect();
})();

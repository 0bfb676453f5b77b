// The front page.
const form = document.getElementById('test-form');
document.getElementById('token').value = nodechecker.token();
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const body = { package: form.package.value.trim() };
  if (form.version.value.trim()) body.version = form.version.value.trim();
  if (form.node.value.trim()) body.node = form.node.value.trim();
  if (form.code.value !== 'auto') body.code = form.code.value;
  nodechecker.setToken(form.token.value.trim());
  try {
    const job = await nodechecker.api('/api/jobs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    location.href = '/job.html?id=' + encodeURIComponent(job.id);
  } catch (e) {
    document.getElementById('problem').textContent = e.message;
  }
});
// An upload for several Node versions answers with their group: the first job's page has them all a click away.
document.getElementById('upload-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData();
  data.append('tarball', document.getElementById('tarball').files[0]);
  const node = document.getElementById('upload-node').value.trim();
  if (node) data.append('node', node);
  nodechecker.setToken(form.token.value.trim());
  try {
    const answer = await nodechecker.api('/api/jobs', { method: 'POST', body: data });
    const job = answer.jobs ? answer.jobs[0] : answer;
    location.href = '/job.html?id=' + encodeURIComponent(job.id);
  } catch (e) {
    document.getElementById('problem').textContent = e.message;
  }
});
async function recent() {
  try {
    const jobs = await nodechecker.api('/api/jobs?limit=25');
    const rows = jobs.map(job => nodechecker.el('tr', {},
      nodechecker.el('td', {}, nodechecker.el('a', { href: '/job.html?id=' + job.id }, job.package + '@' + job.version)),
      nodechecker.el('td', {}, job.node),
      nodechecker.el('td', {}, nodechecker.stateBadge(job.state)),
      nodechecker.el('td', {}, job.reason || ''),
      nodechecker.el('td', {}, nodechecker.when(job.createdAt))));
    document.querySelector('#recent tbody').replaceChildren(...rows);
  } catch (e) {
    document.getElementById('problem').textContent = e.message;
  }
}
recent();
setInterval(recent, 3000);

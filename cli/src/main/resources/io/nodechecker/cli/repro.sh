# The steps of a Nodechecker job, run by `nodechecker repro` in the job's image on the user's own Docker.
# Everything that varies comes in as environment variables: nothing here is built from the job's text.
set -euf
cd /home/node
if [ -n "${NC_REPOSITORY:-}" ]; then
  echo "> fetch $NC_REPOSITORY at $NC_COMMIT"
  git clone --quiet -- "$NC_REPOSITORY" checkout
  git -C checkout checkout --quiet "$NC_COMMIT"
  cd "checkout/${NC_DIRECTORY:-.}"
else
  echo "> fetch $NC_PACKAGE@$NC_VERSION"
  tarball=$(npm pack --silent "$NC_PACKAGE@$NC_VERSION")
  tar -xzf "$tarball"
  cd package
fi
echo "> npm install --no-audit --no-fund ${NC_INSTALL_ARGS:-}"
# shellcheck disable=SC2086 # the flags are words, split on purpose (no globbing: set -f)
npm_config_nodedir=/usr/local npm install --no-audit --no-fund ${NC_INSTALL_ARGS:-}
if [ -n "${NC_SCRIPT:-}" ]; then
  echo "> sh -c $NC_SCRIPT"
  exec sh -c "$NC_SCRIPT"
fi
echo "> npm test"
exec npm test

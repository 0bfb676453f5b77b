package io.nodechecker.runner.job;

/** What a fetched package says of itself in its package.json. */
record PackageManifest(String name, String version, String testScript) {

    // What `npm init` writes when the author gave no test command.
    private static final String NPM_PLACEHOLDER = "echo \"Error: no test specified\" && exit 1";

    /** Reads the manifest inside the container and prints it as JSON; no package code runs. */
    static final String READ_SCRIPT = "const p=JSON.parse(require('fs').readFileSync('package/package.json','utf8'));"
            + "process.stdout.write(JSON.stringify({name:String(p.name||''),version:String(p.version||''),"
            + "testScript:String((p.scripts&&p.scripts.test)||'')}))";

    boolean hasTests() {
        String script = testScript == null ? "" : testScript.trim();
        return !script.isEmpty() && !script.equals(NPM_PLACEHOLDER);
    }
}

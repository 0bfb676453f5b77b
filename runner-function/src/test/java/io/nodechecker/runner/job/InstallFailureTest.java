package io.nodechecker.runner.job;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InstallFailureTest {

    @Test
    void namesADependencyTheRegistryDoesNotHave() {
        assertThat(InstallFailure.cause("""
                npm error code E404
                npm error 404 Not Found - GET https://registry.npmjs.org/ubqtest - Not found
                npm error 404
                npm error 404  'ubqtest@^1.0.0' is not in this registry.
                """)).isEqualTo(": `ubqtest@^1.0.0` is not in the registry (E404)");
        assertThat(InstallFailure.cause("npm ERR! 404 Not Found - GET https://registry.npmjs.org/@scope%2fgone - Not found\n"))
                .isEqualTo(": `@scope/gone` is not in the registry (E404)");
    }

    @Test
    void namesAVersionRangeTheRegistryCannotMeet() {
        assertThat(InstallFailure.cause("""
                npm error code ETARGET
                npm error notarget No matching version found for cbor2@^2.4.0.
                npm error notarget In most cases you or one of your dependencies are requesting
                """)).isEqualTo(": no version of `cbor2@^2.4.0` in the registry matches (ETARGET)");
    }

    @Test
    void namesTheConflictingPeerDependency() {
        assertThat(InstallFailure.cause("""
                npm error code ERESOLVE
                npm error ERESOLVE unable to resolve dependency tree
                npm error
                npm error While resolving: lru-cache@11.0.0
                npm error Found: typescript@5.6.3
                npm error Could not resolve dependency:
                npm error peer typescript@">=4 <5.6" from tshy@3.0.2
                """)).isEqualTo(": npm could not resolve the dependency tree (ERESOLVE): peer typescript@\">=4 <5.6\" from tshy@3.0.2");
    }

    @Test
    void namesWhatANativeBuildLacked() {
        assertThat(InstallFailure.cause("gyp info using node-gyp@10.1.0\ngyp ERR! find Python \ngyp ERR! find Python Python is not set\n"))
                .isEqualTo(": node-gyp found no Python for a native addon");
        assertThat(InstallFailure.cause("gyp ERR! stack Error: not found: make\n"))
                .isEqualTo(": a native addon's build needs `make`, which is not installed");
        assertThat(InstallFailure.cause("../src/binding.cc:3:10: fatal error: sqlite3.h: No such file or directory\n"))
                .isEqualTo(": a native addon's build needs the header `sqlite3.h`, which is not installed");
    }

    @Test
    void namesAMissingCommandThenAFailedScriptThenNothing() {
        assertThat(InstallFailure.cause("> glob@14.0.0 prepare\n> tshy && bash scripts/build.sh\n\nsh: 1: bash: not found\n"
                + "npm error command sh -c tshy && bash scripts/build.sh\n"))
                .isEqualTo(": `bash` is not installed (command not found)");
        assertThat(InstallFailure.cause("npm error code 2\nnpm error path /home/node/package\nnpm error command failed\n"
                + "npm error command sh -c tsc -p .\n"))
                .isEqualTo(": the script `tsc -p .` failed");
        assertThat(InstallFailure.cause("something else went wrong\n")).isEmpty();
    }
}

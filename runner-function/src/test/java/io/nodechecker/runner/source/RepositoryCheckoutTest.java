package io.nodechecker.runner.source;

import io.nodechecker.model.Code;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checkouts from a real git repository on disk, reached through a rewrite as a mirror would be. */
class RepositoryCheckoutTest {

    @TempDir
    Path temp;

    private RevCommit first;
    private RevCommit second;

    @BeforeEach
    void origin() throws Exception {
        Path origin = temp.resolve("mirror/owner/pkg.git");
        Files.createDirectories(origin);
        try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
            Files.writeString(origin.resolve("package.json"), "{\"name\":\"pkg\",\"version\":\"1.0.0\"}", StandardCharsets.UTF_8);
            git.add().addFilepattern(".").call();
            first = git.commit().setMessage("1.0.0").setSign(false).call();
            git.tag().setName("v1.0.0").setAnnotated(true).setMessage("1.0.0").setSigned(false).call();
            Files.createDirectories(origin.resolve("test"));
            Files.writeString(origin.resolve("test/index.js"), "console.log('ok')", StandardCharsets.UTF_8);
            git.add().addFilepattern(".").call();
            second = git.commit().setMessage("1.1.0").setSign(false).call();
            git.tag().setName("pkg@1.1.0").call();
            Files.writeString(origin.resolve("later.txt"), "after every release", StandardCharsets.UTF_8);
            git.add().addFilepattern(".").call();
            git.commit().setMessage("later").setSign(false).call();
        }
    }

    private RepositoryCheckout checkout(long maxBytes) {
        SourceRewrites mirror = SourceRewrites.of(List.of("https://github.com/=" + temp.resolve("mirror").toUri()));
        return new RepositoryCheckout(mirror, Duration.ofSeconds(30), maxBytes);
    }

    private static RepositoryCheckout.Wanted wanted(String version, String gitHead) {
        return new RepositoryCheckout.Wanted("pkg", version, new RepositoryUrl("https://github.com/owner/pkg.git", null), gitHead, null);
    }

    @Test
    void checksOutTheCommitAnAnnotatedVTagNamesWithItsGitFolder() throws Exception {
        RepositoryCheckout.CheckedOut out = checkout(10 << 20).checkout(wanted("1.0.0", null), temp.resolve("a"));

        assertThat(out.code()).isEqualTo(Code.repository("https://github.com/owner/pkg.git", "v1.0.0", first.name(), null));
        assertThat(out.folder().resolve("package.json")).exists();
        assertThat(out.folder().resolve("test")).doesNotExist();
        assertThat(out.folder().resolve(".git")).isDirectory();
    }

    @Test
    void findsANameAtVersionTagAndPrefersTheManifestsGitHead() throws Exception {
        RepositoryCheckout repositories = checkout(10 << 20);

        RepositoryCheckout.CheckedOut tagged = repositories.checkout(wanted("1.1.0", null), temp.resolve("b"));
        RepositoryCheckout.CheckedOut byHead = repositories.checkout(wanted("1.0.0", second.name()), temp.resolve("c"));

        assertThat(tagged.code().ref()).isEqualTo("pkg@1.1.0");
        assertThat(tagged.folder().resolve("test/index.js")).exists();
        assertThat(tagged.folder().resolve("later.txt")).doesNotExist();
        // gitHead names a commit no v1.0.0 tag points at: the commit is the manifest's, and no tag is claimed.
        assertThat(byHead.code().commit()).isEqualTo(second.name());
        assertThat(byHead.code().ref()).isNull();
    }

    @Test
    void saysWhichTagsItTriedAndRefusesACheckoutPastItsSize() throws Exception {
        RepositoryCheckout repositories = checkout(10 << 20);

        assertThatThrownBy(() -> repositories.checkout(wanted("2.0.0", null), temp.resolve("d")))
                .isInstanceOf(RepositoryCheckout.Failed.class)
                .hasMessage("no tag of https://github.com/owner/pkg.git names pkg@2.0.0 and its manifest has no gitHead"
                        + " (tried v2.0.0, 2.0.0, pkg@2.0.0)");
        assertThatThrownBy(() -> checkout(10).checkout(wanted("1.0.0", null), temp.resolve("e")))
                .isInstanceOf(RepositoryCheckout.Failed.class).hasMessageContaining("limits.repository-mb");
    }

    @Test
    void packsTheCheckoutUnderPackageAsNpmPackDoesAndTellsWhetherATarballCarriesTests() throws Exception {
        RepositoryCheckout.CheckedOut out = checkout(10 << 20).checkout(wanted("1.1.0", null), temp.resolve("f"));

        byte[] tarball = FolderTarball.of(out.folder());

        assertThat(io.nodechecker.cluster.manifest.PackageManifest.read(tarball).name()).isEqualTo("pkg");
        assertThat(TestFiles.first(tarball)).contains("test/index.js");
        byte[] withoutTests = FolderTarball.of(checkout(10 << 20).checkout(wanted("1.0.0", null), temp.resolve("g")).folder());
        assertThat(TestFiles.first(withoutTests)).isEmpty();
    }
}

package io.nodechecker.runner.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RepositoryUrlTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({
            "isaacs/once, https://github.com/isaacs/once.git",
            "github:isaacs/once, https://github.com/isaacs/once.git",
            "gitlab:group/project, https://gitlab.com/group/project.git",
            "bitbucket:team/repo.git, https://bitbucket.org/team/repo.git",
            "gist:11081aaa281, https://gist.github.com/11081aaa281.git",
            "git://github.com/isaacs/once, https://github.com/isaacs/once.git",
            "git+https://github.com/npm/cli.git, https://github.com/npm/cli.git",
            "git+ssh://git@github.com/visionmedia/debug.git, https://github.com/visionmedia/debug.git",
            "ssh://git@GitHub.com/a/b, https://github.com/a/b.git",
            "git@github.com:stevemao/left-pad.git, https://github.com/stevemao/left-pad.git",
            "https://github.com/chalk/chalk/, https://github.com/chalk/chalk.git",
            "https://github.com/chalk/chalk#main, https://github.com/chalk/chalk.git",
    })
    void normalisesEveryFormNpmAcceptsToAnHttpsUrl(String written, String url) throws Exception {
        assertThat(RepositoryUrl.of(JSON.readTree(JSON.writeValueAsString(written)))).get()
                .isEqualTo(new RepositoryUrl(url, null));
        assertThat(RepositoryUrl.of(JSON.readTree("{\"type\":\"git\",\"url\":" + JSON.writeValueAsString(written) + "}")))
                .get().extracting(RepositoryUrl::url).isEqualTo(url);
    }

    @Test
    void keepsAMonoreposFolderAndRefusesOneThatClimbsOut() throws Exception {
        JsonNode inside = JSON.readTree("{\"url\":\"https://github.com/babel/babel.git\",\"directory\":\"packages/babel-core/\"}");
        JsonNode outside = JSON.readTree("{\"url\":\"https://github.com/a/b.git\",\"directory\":\"packages/../../etc\"}");

        assertThat(RepositoryUrl.of(inside)).get().isEqualTo(new RepositoryUrl("https://github.com/babel/babel.git", "packages/babel-core"));
        assertThat(RepositoryUrl.of(outside)).isEmpty();
    }

    @Test
    void namesNoRepositoryForWhatGitCannotFetch() throws Exception {
        assertThat(RepositoryUrl.of(JSON.readTree("\"file:///etc/passwd\""))).isEmpty();
        assertThat(RepositoryUrl.of(JSON.readTree("\"\""))).isEmpty();
        assertThat(RepositoryUrl.of(JSON.readTree("{\"type\":\"git\"}"))).isEmpty();
        assertThat(RepositoryUrl.of(JSON.readTree("\"https://example.com\""))).isEmpty();
        assertThat(RepositoryUrl.of(null)).isEmpty();
    }

    @Test
    void rewritesTakeTheLongestMatchingPrefix() {
        SourceRewrites rewrites = SourceRewrites.of(java.util.List.of("https://github.com/=http://127.0.0.1:9418/gh/",
                "https://github.com/npm/=http://127.0.0.1:9418/npm/", " "));

        assertThat(rewrites.apply("https://github.com/npm/cli.git")).isEqualTo("http://127.0.0.1:9418/npm/cli.git");
        assertThat(rewrites.apply("https://github.com/isaacs/once.git")).isEqualTo("http://127.0.0.1:9418/gh/isaacs/once.git");
        assertThat(rewrites.apply("https://gitlab.com/a/b.git")).isEqualTo("https://gitlab.com/a/b.git");
    }
}

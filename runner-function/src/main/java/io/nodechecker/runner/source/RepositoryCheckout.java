package io.nodechecker.runner.source;

import io.nodechecker.model.Code;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.RefSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A package's repository at the commit of one published version, checked out into a folder of its own
 * with its {@code .git} (shallow: that one commit), as {@code git clone} would leave it. The commit is the
 * manifest's {@code gitHead} when it has one, else the first tag that exists of the given prefix and
 * version, {@code v<version>}, {@code <version>} and {@code <name>@<version>}. Fetches are bounded in
 * time and size; every failure is a {@link Failed} that says what was tried.
 */
public final class RepositoryCheckout {

    /** Why a repository could not be checked out, in a sentence for the job's log and reason. */
    public static final class Failed extends Exception {
        public Failed(String message) {
            super(message);
        }
    }

    /** What to check out: the package, its version and where its repository is. */
    public record Wanted(String name, String version, RepositoryUrl repository, String gitHead, String tagPrefix) {
    }

    /** A checked-out commit in {@code folder}, which the caller removes. */
    public record CheckedOut(Path folder, Code code) {
    }

    private static final Pattern COMMIT = Pattern.compile("^[0-9a-f]{40}$");

    private final SourceRewrites rewrites;
    private final Duration limit;
    private final long maxBytes;

    public RepositoryCheckout(SourceRewrites rewrites, Duration limit, long maxBytes) {
        this.rewrites = rewrites;
        this.limit = limit;
        this.maxBytes = maxBytes;
    }

    /** The tags that may name {@code version}, in the order they are tried. */
    public static List<String> candidateTags(String name, String version, String prefix) {
        Set<String> tags = new LinkedHashSet<>();
        if (prefix != null && !prefix.isEmpty()) {
            tags.add(prefix + version);
        }
        tags.add("v" + version);
        tags.add(version);
        tags.add(name + "@" + version);
        return List.copyOf(tags);
    }

    public CheckedOut checkout(Wanted wanted, Path folder) throws Failed, InterruptedException {
        String url = wanted.repository().url();
        String fetchUrl = rewrites.apply(url);
        Instant deadline = Instant.now().plus(limit);
        Collection<Ref> refs = listRefs(fetchUrl, url, deadline);
        List<String> tried = candidateTags(wanted.name(), wanted.version(), wanted.tagPrefix());
        String gitHead = wanted.gitHead() != null && COMMIT.matcher(wanted.gitHead()).matches() ? wanted.gitHead() : null;
        Optional<Ref> tag = tried.stream().map(name -> find(refs, Constants.R_TAGS + name)).flatMap(Optional::stream)
                .filter(ref -> gitHead == null || gitHead.equals(peeled(ref).name())).findFirst();
        if (gitHead == null && tag.isEmpty()) {
            throw new Failed("no tag of " + url + " names " + wanted.name() + "@" + wanted.version()
                    + " and its manifest has no gitHead (tried " + String.join(", ", tried) + ")");
        }
        try (Git git = Git.init().setDirectory(folder.toFile()).setInitialBranch("nodechecker").call()) {
            String commit;
            if (tag.isPresent()) {
                fetch(git, fetchUrl, url, new RefSpec("+" + tag.get().getName() + ":" + tag.get().getName()), 1, deadline);
                commit = git.getRepository().resolve(tag.get().getName() + "^{commit}").name();
            } else {
                commit = fetchCommit(git, fetchUrl, url, gitHead, refs, deadline);
            }
            git.checkout().setName(commit).call();
            long size = size(folder);
            if (size > maxBytes) {
                throw new Failed(url + " at " + commit + " takes " + size + " bytes, more than " + bound());
            }
            String ref = tag.map(r -> shortTag(r.getName())).orElse(null);
            return new CheckedOut(folder, Code.repository(url, ref, commit, wanted.repository().directory()));
        } catch (GitAPIException | IOException | RuntimeException e) {
            throw new Failed("the repository " + url + " could not be checked out: " + e.getMessage());
        }
    }

    private static String shortTag(String refName) {
        return refName.substring(Constants.R_TAGS.length());
    }

    /**
     * The manifest's gitHead: by the ref whose tip it is when there is one (depth 1), else by its id, else
     * in the default branch's history.
     */
    private String fetchCommit(Git git, String fetchUrl, String url, String gitHead, Collection<Ref> refs, Instant deadline)
            throws Failed, GitAPIException, IOException, InterruptedException {
        Optional<Ref> tip = refs.stream().filter(ref -> gitHead.equals(peeled(ref).name())).findFirst();
        if (tip.isPresent()) {
            fetch(git, fetchUrl, url, new RefSpec("+" + tip.get().getName() + ":" + tip.get().getName()), 1, deadline);
        } else {
            try {
                fetch(git, fetchUrl, url, new RefSpec("+" + gitHead + ":refs/nodechecker/commit"), 1, deadline);
            } catch (Failed byId) {
                fetch(git, fetchUrl, url, new RefSpec("+HEAD:refs/nodechecker/default"), 0, deadline);
            }
        }
        ObjectId id = ObjectId.fromString(gitHead);
        if (!git.getRepository().getObjectDatabase().has(id)) {
            throw new Failed("the manifest's gitHead " + gitHead + " is not in " + url
                    + " (neither a tag's or branch's tip nor in the default branch)");
        }
        return gitHead;
    }

    private Collection<Ref> listRefs(String fetchUrl, String url, Instant deadline) throws Failed {
        try {
            return Git.lsRemoteRepository().setRemote(fetchUrl).setHeads(true).setTags(true)
                    .setTimeout(seconds(deadline)).call();
        } catch (GitAPIException | RuntimeException e) {
            throw new Failed("the repository " + url + (fetchUrl.equals(url) ? "" : " (through " + fetchUrl + ")")
                    + " could not be listed: " + e.getMessage());
        }
    }

    private void fetch(Git git, String fetchUrl, String url, RefSpec spec, int depth, Instant deadline)
            throws Failed, InterruptedException {
        Path folder = git.getRepository().getWorkTree().toPath();
        try {
            var fetch = git.fetch().setRemote(fetchUrl).setRefSpecs(spec).setTimeout(seconds(deadline))
                    .setProgressMonitor(new Bounded(folder, deadline, maxBytes));
            if (depth > 0) {
                fetch.setDepth(depth);
            }
            fetch.call();
        } catch (GitAPIException | RuntimeException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException("fetching " + url);
            }
            String why = Instant.now().isAfter(deadline) ? "it took longer than " + limit.toSeconds() + " s"
                    : size(folder) > maxBytes ? "it passed " + bound() : e.getMessage();
            throw new Failed("fetching " + spec.getSource() + " from " + url + " failed: " + why);
        }
    }

    private String bound() {
        return "the runner's bound of " + (maxBytes >= 1024 * 1024 ? maxBytes / (1024 * 1024) + " MiB" : maxBytes + " bytes")
                + " (limits.repository-mb)";
    }

    private static Optional<Ref> find(Collection<Ref> refs, String name) {
        return refs.stream().filter(ref -> ref.getName().equals(name)).findFirst();
    }

    private static ObjectId peeled(Ref ref) {
        return ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId();
    }

    private int seconds(Instant deadline) {
        return (int) Math.max(1, Duration.between(Instant.now(), deadline).toSeconds());
    }

    static long size(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Cancels a fetch past its deadline or once the folder it fills passes the size bound. */
    private static final class Bounded implements ProgressMonitor {
        private final Path folder;
        private final Instant deadline;
        private final long maxBytes;
        private long checkedAt;
        private boolean over;

        Bounded(Path folder, Instant deadline, long maxBytes) {
            this.folder = folder;
            this.deadline = deadline;
            this.maxBytes = maxBytes;
        }

        @Override
        public boolean isCancelled() {
            if (over || Instant.now().isAfter(deadline) || Thread.currentThread().isInterrupted()) {
                return true;
            }
            long now = System.nanoTime();
            if (now - checkedAt > 500_000_000L) { // the folder is walked at most twice a second
                checkedAt = now;
                over = size(folder) > maxBytes;
            }
            return over;
        }

        @Override
        public void start(int totalTasks) {
        }

        @Override
        public void beginTask(String title, int totalWork) {
        }

        @Override
        public void update(int completed) {
        }

        @Override
        public void endTask() {
        }

        @Override
        public void showDuration(boolean enabled) {
        }
    }

    /** Removes a checkout's folder and everything in it. */
    public static void remove(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            List<Path> all = new ArrayList<>(files.toList());
            all.sort(Comparator.reverseOrder());
            for (Path path : all) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A folder left behind is in the temporary directory; nothing of the job depends on it.
        }
    }
}

package io.nodechecker.runner.source;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A package's repository as its manifest names it, as an https URL git can fetch: {@code owner/repo},
 * {@code github:}, {@code gitlab:}, {@code bitbucket:} and {@code gist:} shorthands, {@code git+https://},
 * {@code git://}, {@code git+ssh://git@…}, {@code ssh://}, scp-like {@code git@host:path}, with or without
 * {@code .git}; the object form's {@code url} and {@code directory} (a package inside a monorepo).
 *
 * @param url       {@code https://host/path.git}
 * @param directory the package's folder in the repository, or {@code null} for its root
 */
public record RepositoryUrl(String url, String directory) {

    private static final Pattern SHORTHAND = Pattern.compile("^(?:(github|gitlab|bitbucket):)?([\\w.-]+)/([\\w.-]+?)(?:\\.git)?$");
    private static final Pattern GIST = Pattern.compile("^gist:([\\w-]+)$");
    private static final Pattern SCP = Pattern.compile("^(?:[\\w.-]+@)?([\\w.-]+\\.[a-z]{2,}):(?!//)(.+)$");
    private static final Pattern SAFE_DIRECTORY = Pattern.compile("^[\\w@.+-]+(?:/[\\w@.+-]+)*$");

    /** The repository {@code field} (a manifest's {@code repository}) names; empty when it names none git can fetch. */
    public static Optional<RepositoryUrl> of(JsonNode field) {
        if (field == null || field.isMissingNode() || field.isNull()) {
            return Optional.empty();
        }
        String text = field.isTextual() ? field.asText() : field.path("url").asText("");
        String directory = field.isObject() ? directory(field.path("directory").asText("")) : null;
        if (field.isObject() && !field.path("directory").asText("").isBlank() && directory == null) {
            return Optional.empty(); // a folder that climbs out of the repository or is no plain path
        }
        return normalise(text.strip()).map(url -> new RepositoryUrl(url, directory));
    }

    /** {@code text} as an https URL ending in {@code .git}; empty when it is no repository git can fetch. */
    static Optional<String> normalise(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String spec = text.replaceFirst("#.*$", "");
        Matcher gist = GIST.matcher(spec);
        if (gist.matches()) {
            return Optional.of("https://gist.github.com/" + gist.group(1) + ".git");
        }
        Matcher shorthand = SHORTHAND.matcher(spec);
        if (shorthand.matches() && !spec.contains("://")) {
            String host = switch (shorthand.group(1) == null ? "github" : shorthand.group(1)) {
                case "gitlab" -> "gitlab.com";
                case "bitbucket" -> "bitbucket.org";
                default -> "github.com";
            };
            return Optional.of("https://" + host + "/" + shorthand.group(2) + "/" + shorthand.group(3) + ".git");
        }
        if (spec.startsWith("git+")) {
            spec = spec.substring(4);
        }
        Matcher scp = SCP.matcher(spec);
        if (!spec.contains("://") && scp.matches()) {
            return https(scp.group(1), "/" + scp.group(2));
        }
        URI uri;
        try {
            uri = new URI(spec);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") && !scheme.equals("git") && !scheme.equals("ssh")) {
            return Optional.empty();
        }
        if (uri.getHost() == null || uri.getPath() == null) {
            return Optional.empty();
        }
        return https(uri.getHost(), uri.getPath());
    }

    private static Optional<String> https(String host, String path) {
        String clean = path.replaceAll("/+$", "");
        if (clean.isEmpty() || clean.equals("/") || clean.contains("/../") || clean.endsWith("/..")) {
            return Optional.empty();
        }
        if (!clean.startsWith("/")) {
            clean = "/" + clean;
        }
        return Optional.of("https://" + host.toLowerCase(Locale.ROOT) + (clean.endsWith(".git") ? clean : clean + ".git"));
    }

    private static String directory(String text) {
        String clean = text.strip().replaceAll("^(\\./)+", "").replaceAll("/+$", "");
        if (clean.isEmpty()) {
            return null;
        }
        if (!SAFE_DIRECTORY.matcher(clean).matches()) {
            return null;
        }
        for (String segment : clean.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return null;
            }
        }
        return clean;
    }
}

package io.nodechecker.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table of hostile inputs in docs/HOSTILE-INPUTS.md, written by the tests that tried them: a test
 * records a row once its assertions held, with what it saw happen, and its class's section of the file
 * is rewritten. Sections of classes that did not run this time keep their last rows.
 */
final class HostileRecord {

    /**
     * One abuse: what was sent, what it attempted, what the system did as the test observed it, and what
     * Judge0 and Piston do about the same (from their default configuration; "—" where it sets nothing).
     */
    record Row(String input, String attempted, String happened, String judge0, String piston) {
    }

    static final Path FILE = TestStack.ROOT.resolve("docs/HOSTILE-INPUTS.md");
    private static final String HEADER = """
            # Hostile inputs and abuse, as the tests saw them

            Written by the end-to-end tests on every run (`HostileRecord`): a row appears once its test's
            assertions held, and "what happened" is what that test observed. docs/SECURITY.md explains the
            defences; Judge0's column is its `judge0.conf` defaults, Piston's its `docs/configuration.md`
            ("—": those set nothing for it, or the product has no such input).
            """;
    private static final Pattern SECTION = Pattern.compile("<!-- section (\\w+) -->\\n(.*?)<!-- end \\1 -->\\n",
            Pattern.DOTALL);
    private static final Map<String, List<Row>> ROWS = new LinkedHashMap<>();

    private HostileRecord() {
    }

    /** Records a row of {@code test}'s section, titled {@code title}, and rewrites the file. */
    static synchronized void record(Class<?> test, String title, Row row) {
        List<Row> rows = ROWS.computeIfAbsent(test.getSimpleName(), name -> new ArrayList<>());
        rows.removeIf(existing -> existing.input().equals(row.input()));
        rows.add(row);
        try {
            Map<String, String> sections = new TreeMap<>();
            if (Files.exists(FILE)) {
                Matcher existing = SECTION.matcher(Files.readString(FILE, StandardCharsets.UTF_8));
                while (existing.find()) {
                    sections.put(existing.group(1), existing.group(2));
                }
            }
            sections.put(test.getSimpleName(), table(title, test.getSimpleName(), rows));
            StringBuilder text = new StringBuilder(HEADER);
            sections.forEach((name, body) -> text.append("\n<!-- section ").append(name).append(" -->\n")
                    .append(body).append("<!-- end ").append(name).append(" -->\n"));
            Files.writeString(FILE, text.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String table(String title, String test, List<Row> rows) {
        StringBuilder table = new StringBuilder("## " + title + " (`" + test + "`)\n\n"
                + "| Input | What it attempted | What happened | Judge0 | Piston |\n|---|---|---|---|---|\n");
        for (Row row : rows) {
            table.append("| ").append(cell(row.input())).append(" | ").append(cell(row.attempted())).append(" | ")
                    .append(cell(row.happened())).append(" | ").append(cell(row.judge0())).append(" | ")
                    .append(cell(row.piston())).append(" |\n");
        }
        return table.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}

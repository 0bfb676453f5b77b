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
 * A Markdown file of tables written by the tests that did each thing: a test records a row once its assertions
 * held, with what it saw happen, and its class's section of the file is rewritten. Sections of classes that did
 * not run this time keep their last rows.
 */
final class RecordedTable {

    private static final Pattern SECTION = Pattern.compile("<!-- section (\\w+) -->\\n(.*?)<!-- end \\1 -->\\n",
            Pattern.DOTALL);

    private final Path file;
    private final String header;
    private final List<String> columns;
    private final Map<String, List<List<String>>> rows = new LinkedHashMap<>();

    RecordedTable(Path file, String header, List<String> columns) {
        this.file = file;
        this.header = header;
        this.columns = columns;
    }

    /** Records a row (one cell per column; the first names it) of {@code test}'s section, titled {@code title}. */
    synchronized void record(Class<?> test, String title, List<String> cells) {
        try {
            Map<String, String> sections = new TreeMap<>();
            if (Files.exists(file)) {
                Matcher existing = SECTION.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (existing.find()) {
                    sections.put(existing.group(1), existing.group(2));
                }
            }
            // Rows of the class's tests that did not run in this JVM (one test run alone) keep their last text.
            List<List<String>> section = rows.computeIfAbsent(test.getSimpleName(),
                    name -> rowsOf(sections.getOrDefault(name, "")));
            section.removeIf(existing -> existing.get(0).equals(cell(cells.get(0))));
            section.add(cells.stream().map(RecordedTable::cell).toList());
            sections.put(test.getSimpleName(), table(title, test.getSimpleName(), section));
            StringBuilder text = new StringBuilder(header);
            sections.forEach((name, body) -> text.append("\n<!-- section ").append(name).append(" -->\n")
                    .append(body).append("<!-- end ").append(name).append(" -->\n"));
            Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String table(String title, String test, List<List<String>> section) {
        StringBuilder table = new StringBuilder("## " + title + " (`" + test + "`)\n\n| " + String.join(" | ", columns)
                + " |\n|" + "---|".repeat(columns.size()) + "\n");
        for (List<String> row : section) {
            table.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return table.toString();
    }

    /** The rows of a section as written, each cell as it stands in the file. */
    private List<List<String>> rowsOf(String section) {
        List<List<String>> found = new ArrayList<>();
        for (String line : section.split("\n")) {
            if (!line.startsWith("| ") || !line.endsWith(" |")) {
                continue;
            }
            List<String> cells = List.of(line.substring(2, line.length() - 2).split(" (?<!\\\\)\\| ", -1));
            if (cells.size() == columns.size() && !cells.equals(columns)) {
                found.add(new ArrayList<>(cells));
            }
        }
        return found;
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}

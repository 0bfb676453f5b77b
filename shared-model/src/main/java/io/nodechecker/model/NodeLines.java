package io.nodechecker.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Node's release schedule ({@code node-lines.tsv}, from nodejs/Release): which lines are supported on
 * a day and which one is the active LTS. The launcher reads the same file to decide which images to
 * make, so a new line is one row in one place.
 */
public final class NodeLines {

    /** One release line: its dates and the npm major its releases ship. */
    @RegisterForReflection
    public record Line(String major, LocalDate start, LocalDate lts, LocalDate maintenance, LocalDate end, String npm) {

        public boolean supportedOn(LocalDate day) {
            return !day.isBefore(start) && day.isBefore(end);
        }

        public boolean activeLtsOn(LocalDate day) {
            return lts != null && !day.isBefore(lts) && day.isBefore(maintenance);
        }
    }

    private static final List<Line> LINES = load();

    private NodeLines() {
    }

    public static List<Line> all() {
        return LINES;
    }

    /** The majors that have started and not reached end of life on {@code day}, oldest first. */
    public static List<String> supported(LocalDate day) {
        return LINES.stream().filter(line -> line.supportedOn(day)).map(Line::major).toList();
    }

    /**
     * The active LTS line on {@code day}; between two (there never are) the newer. When the schedule
     * has run out, the newest line that became LTS.
     */
    public static String activeLts(LocalDate day) {
        return LINES.stream().filter(line -> line.activeLtsOn(day)).max(byMajor())
                .or(() -> LINES.stream().filter(line -> line.lts() != null && !day.isBefore(line.lts())).max(byMajor()))
                .map(Line::major)
                .orElseThrow(() -> new IllegalStateException("node-lines.tsv has no LTS line before " + day));
    }

    public static Optional<Line> line(String major) {
        return LINES.stream().filter(line -> line.major().equals(major)).findFirst();
    }

    private static Comparator<Line> byMajor() {
        return Comparator.comparingInt(line -> Integer.parseInt(line.major()));
    }

    private static List<Line> load() {
        try (InputStream in = NodeLines.class.getResourceAsStream("node-lines.tsv")) {
            if (in == null) {
                throw new IllegalStateException("node-lines.tsv is missing from the classpath");
            }
            List<Line> lines = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String row = reader.readLine(); row != null; row = reader.readLine()) {
                if (row.isBlank() || row.startsWith("#")) {
                    continue;
                }
                String[] f = row.split("\t");
                lines.add(new Line(f[0], LocalDate.parse(f[1]), "-".equals(f[2]) ? null : LocalDate.parse(f[2]),
                        LocalDate.parse(f[3]), LocalDate.parse(f[4]), f[5]));
            }
            return List.copyOf(lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.nodechecker.gateway.batch;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A batch as JUnit XML, TAP and Markdown, the formats CI systems and people read. */
public final class BatchReports {

    private BatchReports() {
    }

    static String junit(BatchView batch) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("testsuites");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "nodechecker batch " + batch.id());
            xml.writeAttribute("tests", Integer.toString(batch.total()));
            xml.writeAttribute("failures", Long.toString(count(batch, BatchView.Verdict.FAIL)));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", Long.toString(count(batch, BatchView.Verdict.SKIP)
                    + count(batch, BatchView.Verdict.FLAKY) + count(batch, BatchView.Verdict.PENDING)));
            for (BatchView.ItemView item : batch.items()) {
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", "nodechecker.node" + (item.node() == null ? "" : item.node()));
                xml.writeAttribute("name", printable(name(item)));
                xml.writeAttribute("time", item.seconds() == null ? "0" : String.format(Locale.ROOT, "%.3f", item.seconds()));
                switch (item.verdict()) {
                    case FAIL -> element(xml, "failure", item.reason());
                    case SKIP, FLAKY, PENDING -> element(xml, "skipped",
                            item.verdict() == BatchView.Verdict.PENDING ? "still running" : item.reason());
                    default -> {
                    }
                }
                xml.writeEndElement();
            }
            xml.writeEndElement();
            if (batch.comparison() != null) {
                comparisonSuite(xml, batch.comparison());
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /**
     * The comparison as a suite of its own, one case per package: only a newly failing package fails
     * it; flaky, skipped and still-failing ones are skipped with the reason.
     */
    private static void comparisonSuite(XMLStreamWriter xml, BatchView.ComparisonView comparison) throws XMLStreamException {
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", "newly failing on " + comparison.candidate() + " compared with " + comparison.baseline());
        xml.writeAttribute("tests", Integer.toString(comparison.rows().size()));
        xml.writeAttribute("failures", Integer.toString(comparison.newlyFailing().size()));
        xml.writeAttribute("errors", "0");
        xml.writeAttribute("skipped", Long.toString(comparison.rows().stream()
                .filter(row -> row.change() != BatchView.Change.NEWLY_FAILING && row.change() != BatchView.Change.PASSING
                        && row.change() != BatchView.Change.FIXED).count()));
        for (BatchView.Row row : comparison.rows()) {
            xml.writeStartElement("testcase");
            xml.writeAttribute("classname", "nodechecker.comparison");
            xml.writeAttribute("name", row.packageName());
            switch (row.change()) {
                case NEWLY_FAILING -> element(xml, "failure", "passes on " + comparison.baseline() + ", fails on "
                        + comparison.candidate() + ": " + (row.candidate() == null ? "" : row.candidate().reason()));
                case PASSING, FIXED -> {
                }
                default -> element(xml, "skipped", row.change().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    static String tap(BatchView batch) {
        StringBuilder tap = new StringBuilder("TAP version 13\n1..").append(batch.total()).append('\n');
        int n = 0;
        for (BatchView.ItemView item : batch.items()) {
            n++;
            boolean ok = item.verdict() != BatchView.Verdict.FAIL;
            tap.append(ok ? "ok " : "not ok ").append(n).append(" - ").append(name(item));
            switch (item.verdict()) {
                case SKIP, FLAKY -> tap.append(" # SKIP ").append(oneLine(item.reason()));
                case PENDING -> tap.append(" # TODO still running");
                default -> {
                }
            }
            tap.append('\n');
            if (!ok) {
                tap.append("  ---\n  message: ").append(yaml(item.reason())).append("\n  ...\n");
            }
        }
        return tap.toString();
    }

    static String markdown(BatchView batch) {
        StringBuilder md = new StringBuilder("## Nodechecker batch ").append(batch.id()).append("\n\n")
                .append(batch.done() ? (batch.passed() ? "**passed**" : "**failed**") : "*running*")
                .append(" — ").append(batch.total()).append(" packages\n\n");
        if (batch.comparison() != null) {
            comparison(md, batch.comparison());
        }
        md.append("| Package | Node | Result | Tests | Reason |\n|---|---|---|---|---|\n");
        for (BatchView.ItemView item : batch.items()) {
            String tests = item.tests() == null ? "" : item.tests().passed() + " passed, " + item.tests().failed()
                    + " failed, " + item.tests().skipped() + " skipped";
            md.append("| ").append(cell(item.packageName() + "@" + item.version())).append(" | ")
                    .append(cell(item.node())).append(" | ").append(item.verdict()).append(item.state() == null ? ""
                            : " (" + item.state() + ")").append(" | ").append(tests).append(" | ")
                    .append(cell(item.reason())).append(" |\n");
        }
        notes(md, batch);
        return md.toString();
    }

    private static void comparison(StringBuilder md, BatchView.ComparisonView comparison) {
        md.append("### Newly failing on ").append(comparison.candidate()).append(" (passing on ")
                .append(comparison.baseline()).append(")").append(comparison.done() ? "" : " — so far").append("\n\n");
        if (comparison.newlyFailing().isEmpty()) {
            md.append("None.\n");
        }
        for (BatchView.Row row : comparison.rows()) {
            if (row.change() == BatchView.Change.NEWLY_FAILING) {
                md.append("- **").append(cell(row.packageName())).append("**: ")
                        .append(cell(row.candidate().reason())).append('\n');
            }
        }
        md.append('\n');
        list(md, "Fixed", comparison.fixed());
        list(md, "Failing on both", comparison.stillFailing());
        list(md, "Flaky, set apart (marked flaky, or passing only on a retry)", comparison.flaky());
        md.append("| Package | ").append(cell(comparison.baseline())).append(" | ").append(cell(comparison.candidate()))
                .append(" | Change |\n|---|---|---|---|\n");
        for (BatchView.Row row : comparison.rows()) {
            md.append("| ").append(cell(row.packageName())).append(" | ").append(result(row.baseline())).append(" | ")
                    .append(result(row.candidate())).append(" | ")
                    .append(row.change().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(" |\n");
        }
        md.append('\n');
    }

    private static void list(StringBuilder md, String title, List<String> packages) {
        if (!packages.isEmpty()) {
            md.append("**").append(title).append("**: ").append(cell(String.join(", ", packages))).append("\n\n");
        }
    }

    private static String result(BatchView.ItemView item) {
        if (item == null) {
            return "—";
        }
        return item.verdict() + (item.state() == null ? "" : " (" + item.state() + ")")
                + (item.runs() > 1 ? ", " + item.runs() + " runs" : "");
    }

    /** What was not honoured, said once per package, and what was said of the batch. */
    private static void notes(StringBuilder md, BatchView batch) {
        Map<String, List<String>> byPackage = new LinkedHashMap<>();
        for (BatchView.ItemView item : batch.items()) {
            if (!item.notes().isEmpty()) {
                byPackage.putIfAbsent(item.packageName(), item.notes());
            }
        }
        if (byPackage.isEmpty() && batch.notes().isEmpty()) {
            return;
        }
        md.append("\n### Notes\n\n");
        batch.notes().forEach(note -> md.append("- ").append(cell(note)).append('\n'));
        byPackage.forEach((name, notes) -> md.append("- ").append(cell(name)).append(": ")
                .append(cell(String.join("; ", notes))).append('\n'));
    }

    private static String name(BatchView.ItemView item) {
        return item.packageName() + "@" + item.version() + (item.node() == null ? "" : " on Node " + item.node());
    }

    /** An empty element with a {@code message} attribute, printable: a JUnit failure or skip. */
    public static void element(XMLStreamWriter xml, String name, String message) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeAttribute("message", message == null ? "" : printable(message));
        xml.writeEndElement();
    }

    /**
     * {@code text} without what XML 1.0 cannot hold and a terminal would act on: control characters (tab and
     * line breaks kept), DEL, C1 controls, lone surrogates, U+FFFE and U+FFFF. One package's output in a
     * reason made a whole report.xml unparseable.
     */
    public static String printable(String text) {
        StringBuilder clean = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                clean.append(c).append(text.charAt(++i));
            } else if (c == '\t' || c == '\n' || c == '\r'
                    || (c >= 0x20 && c != 0x7f && (c < 0x80 || c > 0x9f) && !Character.isSurrogate(c) && c < 0xfffe)) {
                clean.append(c);
            }
        }
        return clean.toString();
    }

    private static long count(BatchView batch, BatchView.Verdict verdict) {
        return batch.items().stream().filter(i -> i.verdict() == verdict).count();
    }

    private static String oneLine(String text) {
        return text == null ? "" : printable(text).replaceAll("[\\r\\n#]+", " ");
    }

    private static String yaml(String text) {
        return "\"" + oneLine(text).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * Text for a Markdown report, as text: one line, with what makes links and images ({@code [ ]}), HTML and
     * autolinks ({@code < >}), mentions ({@code @} after no letter or digit), code spans and table cells escaped
     * with a backslash.
     */
    public static String cell(String text) {
        return text == null ? "" : oneLine(text).replaceAll("([\\\\`\\[\\]<>|])", "\\\\$1")
                .replaceAll("(?<![A-Za-z0-9])@", "\\\\@"); // name@1.0.0 is no mention; " @someone" would be
    }
}

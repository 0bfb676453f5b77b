package io.nodechecker.gateway.batch;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.util.Locale;

/** A batch as JUnit XML, TAP and Markdown, the formats CI systems and people read. */
final class BatchReports {

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
                xml.writeAttribute("name", name(item));
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
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
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
                .append(" — ").append(batch.total()).append(" packages\n\n")
                .append("| Package | Node | Result | Tests | Reason |\n|---|---|---|---|---|\n");
        for (BatchView.ItemView item : batch.items()) {
            String tests = item.tests() == null ? "" : item.tests().passed() + " passed, " + item.tests().failed()
                    + " failed, " + item.tests().skipped() + " skipped";
            md.append("| ").append(cell(item.packageName() + "@" + item.version())).append(" | ")
                    .append(cell(item.node())).append(" | ").append(item.verdict()).append(item.state() == null ? ""
                            : " (" + item.state() + ")").append(" | ").append(tests).append(" | ")
                    .append(cell(item.reason())).append(" |\n");
        }
        return md.toString();
    }

    private static String name(BatchView.ItemView item) {
        return item.packageName() + "@" + item.version() + (item.node() == null ? "" : " on Node " + item.node());
    }

    private static void element(XMLStreamWriter xml, String name, String message) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeAttribute("message", message == null ? "" : message);
        xml.writeEndElement();
    }

    private static long count(BatchView batch, BatchView.Verdict verdict) {
        return batch.items().stream().filter(i -> i.verdict() == verdict).count();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\r\\n#]+", " ");
    }

    private static String yaml(String text) {
        return "\"" + oneLine(text).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String cell(String text) {
        return text == null ? "" : oneLine(text).replace("|", "\\|");
    }
}

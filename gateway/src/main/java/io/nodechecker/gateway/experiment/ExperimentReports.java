package io.nodechecker.gateway.experiment;

import io.nodechecker.gateway.batch.BatchReports;
import io.nodechecker.gateway.experiment.ExperimentView.Category;
import io.nodechecker.gateway.experiment.ExperimentView.Item;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.util.List;

/** An experiment as Markdown (crater's summary, then each category) and as JUnit XML where only regressions fail. */
final class ExperimentReports {

    private ExperimentReports() {
    }

    static String markdown(ExperimentView experiment) {
        StringBuilder md = new StringBuilder();
        md.append("# Experiment ").append(BatchReports.cell(experiment.name())).append(": Node ")
                .append(BatchReports.cell(experiment.baseline())).append(" → Node ")
                .append(BatchReports.cell(experiment.candidate())).append("\n\n");
        md.append(experiment.state() == ExperimentView.State.DONE ? "Done" : "Still running").append(", ")
                .append(experiment.items().size()).append(" packages from ").append(BatchReports.cell(experiment.packages()))
                .append(".\n\n| category | packages |\n|---|---|\n");
        experiment.counts().forEach((category, count) -> md.append("| ").append(category).append(" | ")
                .append(count).append(" |\n"));
        section(md, "Regressed: test failures", experiment.items(), Category.REGRESSED, ExperimentView.Failure.TEST);
        section(md, "Regressed: install failures", experiment.items(), Category.REGRESSED, ExperimentView.Failure.INSTALL);
        section(md, "Regressed: time-outs", experiment.items(), Category.REGRESSED, ExperimentView.Failure.TIMEOUT);
        section(md, "Errored (the service's, not the packages')", experiment.items(), Category.ERRORED, null);
        section(md, "Spurious", experiment.items(), Category.SPURIOUS, null);
        section(md, "Fixed", experiment.items(), Category.FIXED, null);
        section(md, "Broken on both", experiment.items(), Category.BROKEN, null);
        section(md, "Skipped", experiment.items(), Category.SKIPPED, null);
        section(md, "Still running", experiment.items(), Category.PENDING, null);
        List<Item> passing = experiment.items().stream().filter(i -> i.category() == Category.PASSING).toList();
        if (!passing.isEmpty()) {
            md.append("\n## Passing on both\n\n").append(String.join(", ", passing.stream()
                    .map(i -> BatchReports.cell(i.packageName() + "@" + i.version())).toList())).append("\n");
        }
        if (experiment.impact() != null) {
            md.append("\nOrdered by downloads (").append(BatchReports.cell(experiment.impact())).append(").\n");
        }
        return md.toString();
    }

    private static void section(StringBuilder md, String title, List<Item> items, Category category,
                                ExperimentView.Failure failure) {
        List<Item> chosen = items.stream().filter(i -> i.category() == category)
                .filter(i -> failure == null || (i.candidate() != null && i.candidate().failure() == failure)).toList();
        if (chosen.isEmpty()) {
            return;
        }
        md.append("\n## ").append(title).append(" (").append(chosen.size()).append(")\n\n");
        for (Item item : chosen) {
            md.append("- **").append(BatchReports.cell(item.packageName() + "@" + item.version())).append("**");
            if (item.impact() != null) {
                md.append(" (#").append(item.impact()).append(" by downloads)");
            }
            md.append(": ").append(BatchReports.cell(item.why()));
            if (item.candidate() != null && !item.candidate().jobs().isEmpty()) {
                md.append(" — jobs ").append(String.join(", ", item.candidate().jobs().stream()
                        .map(id -> "[" + id.substring(0, Math.min(8, id.length())) + "](/job.html?id=" + id + ")").toList()));
            }
            md.append("\n");
        }
    }

    static String junit(ExperimentView experiment) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("testsuites");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", BatchReports.printable("regressions on Node " + experiment.candidate()
                    + " compared with Node " + experiment.baseline()));
            xml.writeAttribute("tests", Integer.toString(experiment.items().size()));
            xml.writeAttribute("failures", Integer.toString(experiment.count(Category.REGRESSED)));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", Long.toString(experiment.items().size()
                    - experiment.count(Category.REGRESSED) - experiment.count(Category.PASSING)
                    - experiment.count(Category.FIXED)));
            for (Item item : experiment.items()) {
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", "nodechecker.experiment." + item.category().wire());
                xml.writeAttribute("name", BatchReports.printable(item.packageName() + "@" + item.version()));
                if (item.category() == Category.REGRESSED) {
                    BatchReports.element(xml, "failure", item.why());
                } else if (item.category() != Category.PASSING && item.category() != Category.FIXED) {
                    BatchReports.element(xml, "skipped", item.category().wire() + ": " + item.why());
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
}

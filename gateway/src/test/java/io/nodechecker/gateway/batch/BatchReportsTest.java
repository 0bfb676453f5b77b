package io.nodechecker.gateway.batch;

import org.junit.jupiter.api.Test;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class BatchReportsTest {

    @Test
    void aReasonWithControlCharactersLeavesTheXmlParseable() throws Exception {
        String hostile = "npm test exited with code 1: \u0000\u0007\u001b[2J\u001b]52;c;eA==\u0007 \ud800 done \uD83D\uDE00";

        String xml = "<r m=\"" + BatchReports.printable(hostile).replace("&", "&amp;").replace("\"", "&quot;")
                .replace("<", "&lt;") + "\"/>";

        assertThat(DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement().getAttribute("m"))
                .isEqualTo("npm test exited with code 1: [2J]52;c;eA==  done \uD83D\uDE00");
    }

    @Test
    void aMarkdownCellShowsLinksImagesHtmlAndMentionsAsText() {
        assertThat(BatchReports.cell("![x](https://evil.example/p.png) [click](https://evil.example) <img src=x> @maintainer | next"))
                .isEqualTo("!\\[x\\](https://evil.example/p.png) \\[click\\](https://evil.example) \\<img src=x\\> \\@maintainer \\| next");
        assertThat(BatchReports.cell("left-pad@1.3.0: `npm test`\nsecond line")).isEqualTo("left-pad@1.3.0: \\`npm test\\` second line");
    }
}

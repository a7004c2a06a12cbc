package dev.classicnets.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The log configuration the tests and the recipes ({@code exec:java}) share parses, and logs to stderr:
 * a broken file makes Log4j fall back to errors only, silently dropping every progress line.
 */
class LoggingConfigTest {

    @Test
    void log4jConfigurationParsesAndLogsToStandardError() throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("log4j2.xml")) {
            assertNotNull(in, "log4j2.xml is on the test classpath");
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
            Element console = (Element) doc.getElementsByTagName("Console").item(0);
            assertNotNull(console, "a Console appender");
            assertEquals("SYSTEM_ERR", console.getAttribute("target"), "stdout is for a recipe's result");
        }
    }
}

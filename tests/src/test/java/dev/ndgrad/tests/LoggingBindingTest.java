package dev.ndgrad.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The library modules (autograd, nn, optim, and what the parent gives every module) ship no SLF4J binding: the
 * application that depends on ndgrad chooses one (see the README), as with any library. Bindings are test-scoped
 * there; the examples, an application, ship one, optional so that it is not passed on.
 */
class LoggingBindingTest {

    /** SLF4J bindings and providers an application might choose. */
    private static final Set<String> BINDINGS = Set.of("slf4j-simple", "slf4j-nop", "slf4j-jdk14", "slf4j-log4j12",
            "slf4j-reload4j", "logback-classic", "log4j-slf4j-impl", "log4j-slf4j2-impl");

    /** A declared dependency: artifactId, scope (compile if absent), optional. */
    record Declared(String artifactId, String scope, boolean optional) {}

    static List<Declared> bindingsIn(Path pom) throws Exception {
        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        List<Declared> found = new ArrayList<>();
        // only <project><dependencies>: what the module really depends on (dependencyManagement only pins versions)
        NodeList children = document.getDocumentElement().getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e && e.getTagName().equals("dependencies")) {
                NodeList dependencies = e.getElementsByTagName("dependency");
                for (int j = 0; j < dependencies.getLength(); j++) {
                    Element d = (Element) dependencies.item(j);
                    String artifact = text(d, "artifactId", "");
                    if (BINDINGS.contains(artifact)) {
                        found.add(new Declared(artifact, text(d, "scope", "compile"),
                                Boolean.parseBoolean(text(d, "optional", "false"))));
                    }
                }
            }
        }
        return found;
    }

    private static String text(Element e, String tag, String absent) {
        NodeList nodes = e.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? absent : nodes.item(0).getTextContent().trim();
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("autograd"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    @Test
    void libraryModulesDeclareBindingsForTheirTestsOnly() throws Exception {
        for (String pom : List.of("pom.xml", "autograd/pom.xml", "nn/pom.xml", "optim/pom.xml")) {
            for (Declared d : bindingsIn(root().resolve(pom))) {
                assertEquals("test", d.scope(), pom + " declares the binding " + d.artifactId() + " for users: " + d);
            }
        }
    }

    @Test
    void theExamplesShipOneBindingWithoutPassingItOn() throws Exception {
        List<Declared> bindings = bindingsIn(root().resolve("examples/pom.xml"));
        assertEquals(1, bindings.size(), bindings::toString);
        Declared d = bindings.get(0);
        assertTrue(d.scope().equals("runtime") && d.optional(), d::toString);
    }
}

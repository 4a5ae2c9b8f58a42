package io.storyline.ingest.format;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Namespace-aware JDK DOM parsing with external entities, DTDs and XInclude disabled (OWASP XXE
 * prevention cheat sheet, https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html),
 * and serialisation back to bytes. Elements may nest {@value #MAX_DEPTH} deep ({@code jdk.xml.maxElementDepth}, set
 * explicitly so that a JDK 21, whose default is unlimited, or a {@code -Djdk.xml.maxElementDepth=0} refuses the same
 * documents as a JDK 24+). Factories are created per call, so this is thread-safe.
 */
public final class SecureXml {
  private static final ErrorHandler QUIET =
      new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
          throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
          throw e;
        }
      };

  /** The JAXP limit ({@code jdk.xml.maxElementDepth}) on how deeply elements nest; Atom and OAI-PMH need under 10. */
  static final String MAX_ELEMENT_DEPTH = "jdk.xml.maxElementDepth";
  /** Deepest element nesting a document may have: JDK 24's default, set here so that every JDK 21+ refuses the same. */
  public static final int MAX_DEPTH = 100;

  private SecureXml() {}

  /**
   * @param xml the document bytes (encoding from the XML declaration, UTF-8 by default)
   * @return the parsed document
   * @throws SAXException if the bytes are not well-formed XML, contain a DOCTYPE or nest elements deeper than {@value
   *     #MAX_DEPTH}
   * @throws IOException if reading fails
   */
  public static Document parse(byte[] xml) throws SAXException, IOException {
    DocumentBuilder builder = newBuilder();
    return builder.parse(new ByteArrayInputStream(xml));
  }

  /** @return a new empty namespace-aware document */
  public static Document newDocument() {
    return newBuilder().newDocument();
  }

  /**
   * @param node a document or element
   * @return it serialised as UTF-8 XML with a declaration
   */
  public static byte[] serialize(Node node) {
    try {
      TransformerFactory tf = TransformerFactory.newInstance();
      tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
      Transformer t = tf.newTransformer();
      t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      t.setOutputProperty(OutputKeys.INDENT, "no");
      StringWriter w = new StringWriter();
      t.transform(new DOMSource(node), new StreamResult(w));
      return w.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    } catch (TransformerException e) {
      throw new IllegalStateException("an XML node could not be serialised: " + e.getMessage(), e);
    }
  }

  private static DocumentBuilder newBuilder() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      // JDK 24+ default; JDK 21 has no depth limit, and the DOM's recursive walks (getTextContent, serialize) threw
      // StackOverflowError on an element nested some thousands deep
      f.setAttribute(MAX_ELEMENT_DEPTH, Integer.toString(MAX_DEPTH));
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(QUIET);
      return b;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK XML parser does not support XXE hardening: " + e.getMessage(), e);
    }
  }
}

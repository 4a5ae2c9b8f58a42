package io.storyline.publish.http;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.storyline.common.serde.Json;

/**
 * JSON writers for everything the HTTP server sends (API bodies, SSE data, JSON Feed, errors): the
 * shared {@link Json} mapper's output, with {@code <}, {@code >}, {@code &}, U+2028 and
 * U+2029 inside strings written as JSON unicode escapes. The JSON value is unchanged for any
 * parser; the bytes contain no markup ({@code </script>}, {@code <!--}, {@code ]]>}) and no JavaScript
 * line terminator, so a body stays inert if a browser sniffs it, a page inlines it in a {@code
 * <script>} block, or an old JavaScript engine evaluates it. Control characters are escaped by Jackson
 * anyway, so no string can break an SSE {@code data:} line. This is the escaping OWASP recommends for
 * JSON in HTML contexts (https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html).
 * Thread-safe.
 */
public final class SafeJson {
  private static final ObjectWriter COMPACT = Json.mapper().writer().with(new HtmlSafeEscapes());
  private static final ObjectWriter PRETTY = Json.mapper().writerWithDefaultPrettyPrinter().with(new HtmlSafeEscapes());

  private SafeJson() {}

  /** @return the compact writer, for API bodies and SSE data */
  public static ObjectWriter writer() {
    return COMPACT;
  }

  /** @return the indenting writer, for documents people read (the JSON Feed) */
  public static ObjectWriter prettyWriter() {
    return PRETTY;
  }

  /** Jackson's standard escapes plus the markup characters and the two JavaScript line separators. */
  private static final class HtmlSafeEscapes extends CharacterEscapes {
    private static final SerializedString LINE_SEPARATOR = new SerializedString("\\u2028");
    private static final SerializedString PARAGRAPH_SEPARATOR = new SerializedString("\\u2029");
    private final int[] ascii;

    HtmlSafeEscapes() {
      ascii = standardAsciiEscapesForJSON();
      ascii['<'] = ESCAPE_STANDARD;
      ascii['>'] = ESCAPE_STANDARD;
      ascii['&'] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return switch (ch) {
        case 0x2028 -> LINE_SEPARATOR;
        case 0x2029 -> PARAGRAPH_SEPARATOR;
        default -> null;
      };
    }
  }
}

package io.storyline.app;

import java.util.List;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * picocli's help, wrapped at spaces only. picocli wraps a description at {@link java.text.BreakIterator}'s line
 * breaks, which fall inside a path, a setting key or a list ({@code ..|/shared/data}, {@code kafka.|security.protocol},
 * {@code all/24h,|all/7d}), so a word a user copies was split across two lines. Here the command's description
 * and the option and parameter descriptions break between words; a word longer than its column is still cut by
 * picocli. Installed for every command by {@link Storyline#commandLine()}. One instance per rendering; not
 * thread-safe.
 */
final class WordWrapHelp extends Help {
  WordWrapHelp(CommandSpec spec, ColorScheme scheme) {
    super(spec, scheme);
  }

  @Override
  public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals, ColorScheme scheme) {
    Layout layout = super.createDefaultLayout(options, positionals, scheme);
    return new Layout(scheme, new SpaceWrappingTable(scheme, layout.textTable()), layout.optionRenderer(),
        layout.parameterRenderer());
  }

  /** The command's description, as picocli renders it (full width, no indent), wrapped at spaces. */
  @Override
  public String description(Object... params) {
    String[] lines = commandSpec().usageMessage().description();
    if (lines.length == 0) {
      return "";
    }
    TextTable table = new SpaceWrappingTable(colorScheme(), TextTable.forColumns(colorScheme(),
        new Column(commandSpec().usageMessage().width(), 0, Column.Overflow.WRAP)));
    table.indentWrappedLines = 0;
    for (String line : lines) {
      for (Ansi.Text text : colorScheme().text(params.length == 0 ? line : String.format(line, params)).splitLines()) {
        table.addRowValues(text);
      }
    }
    return table.toString();
  }

  /** A text table whose wrapping columns break a value between words; otherwise picocli's. */
  static final class SpaceWrappingTable extends TextTable {
    private final ColorScheme scheme;

    /** @param like the table whose columns, wrapped-line indent and CJK setting to take; must be empty */
    SpaceWrappingTable(ColorScheme scheme, TextTable like) {
      super(scheme, like.columns());
      this.scheme = scheme;
      this.indentWrappedLines = like.indentWrappedLines;
      setAdjustLineBreaksForWideCJKCharacters(like.isAdjustLineBreaksForWideCJKCharacters());
    }

    @Override
    public Cell putValue(int row, int col, Ansi.Text value) {
      Column column = columns()[col];
      if (value == null || column.overflow != Column.Overflow.WRAP) {
        return super.putValue(row, col, value);
      }
      String plain = value.plainString();
      int start = 0;
      int capacity = column.width - column.indent;
      Cell cell = null;
      while (start < plain.length()) {
        int end = lineEnd(plain, start, capacity);
        Ansi.Text piece = value.substring(start, end);
        if (cell != null) {
          row++;
          addEmptyRow();
          piece = scheme.text(" ".repeat(indentWrappedLines)).concat(piece);
        }
        cell = super.putValue(row, col, piece);
        row = cell.row;
        start = end;
        while (start < plain.length() && plain.charAt(start) == ' ') {
          start++;
        }
        capacity = column.width - column.indent - indentWrappedLines;
      }
      return cell == null ? super.putValue(row, col, value) : cell;
    }

    /** @return the end of the longest run from {@code start} that fits and ends before a space (or the whole rest) */
    private static int lineEnd(String s, int start, int capacity) {
      if (s.length() - start <= capacity) {
        return s.length();
      }
      int space = s.lastIndexOf(' ', start + capacity);
      // no space within reach: the word is longer than the column; picocli cuts it
      return space > start ? space : Math.min(s.length(), start + capacity);
    }
  }
}

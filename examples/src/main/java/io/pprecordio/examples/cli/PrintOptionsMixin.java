package io.pprecordio.examples.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Option;

/** How {@code cat}, {@code head} and {@code get} print records: the format and offsets. */
final class PrintOptionsMixin {
  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", converter = RecordFormat.Converter.class,
      completionCandidates = RecordFormat.Names.class,
      description = {
        "How to print each record: ${COMPLETION-CANDIDATES} (default: text).",
        "text: the bytes as they are, then a newline; hex: lower-case hex; base64: RFC 4648"
            + " with padding; raw: the bytes alone, with no separator."
      })
  RecordFormat format = RecordFormat.TEXT;

  @Option(names = {"-o", "--offsets"},
      description = "Prefix each record with its frame's byte offset and a tab (with FILE: in"
          + " front when several files are read). The offset is the record's key: the"
          + " Hadoop key and the argument of a seek.")
  boolean offsets;

  /** Refuses combinations that cannot be printed. */
  void check() {
    if (offsets && format == RecordFormat.RAW) {
      throw new UsageException("--offsets cannot be combined with --format raw");
    }
  }

  /**
   * Prints one record, after its offset when asked for.
   *
   * @param file the file name to put before the offset, or null for none
   */
  void print(OutputStream out, String file, long offset, byte[] record) throws IOException {
    if (offsets) {
      String prefix = (file != null ? file + ":" : "") + offset + "\t";
      out.write(prefix.getBytes(StandardCharsets.UTF_8));
    }
    format.print(record, out);
  }
}

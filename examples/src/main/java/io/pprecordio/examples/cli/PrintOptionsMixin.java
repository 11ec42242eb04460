package io.pprecordio.examples.cli;

import io.pprecordio.RecordAddress;

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
      description = "Prefix each record with its address and a tab (with FILE: in front when"
          + " several files are read): its frame's byte offset, the argument of a seek, and for"
          + " a record of a block frame other than its first, #I, its index in the block.")
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
  void print(OutputStream out, String file, RecordAddress address, byte[] record)
      throws IOException {
    if (offsets) {
      String prefix = (file != null ? file + ":" : "") + address + "\t";
      out.write(prefix.getBytes(StandardCharsets.UTF_8));
    }
    format.print(record, out);
  }
}

package io.pprecordio.examples.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cat} and {@code head}: print records, one per line. */
abstract class PrintRecordsCommand extends CliCommand {
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

  @Mixin
  QuietMixin quiet;

  @Mixin
  ReadOptionsMixin read;

  @Mixin
  InputsMixin patterns;

  /** The scan this command runs over {@code inputs}: the whole files, or a range of one. */
  abstract RecordScan scan(List<Input> inputs);

  /** How many records to print at most. */
  abstract long limit();

  @Override
  public Integer call() throws IOException {
    if (offsets && format == RecordFormat.RAW) {
      throw new UsageException("--offsets cannot be combined with --format raw");
    }
    List<Input> inputs = patterns.expand();
    boolean withNames = inputs.size() > 1;
    OutputStream out = new BufferedOutputStream(io().out(), 64 << 10);
    long[] printed = {0};
    long limit = limit();
    RecordScan.Summary summary;
    try {
      if (limit == 0) {
        return ExitCodes.OK;
      }
      summary = scan(inputs).run((input, offset, record) -> {
        if (offsets) {
          String prefix = (withNames ? input.name() + ":" : "") + offset + "\t";
          out.write(prefix.getBytes(StandardCharsets.UTF_8));
        }
        format.print(record, out);
        return ++printed[0] < limit;
      }, (input, region) -> { });
    } finally {
      out.flush();
    }
    return diagnostics(quiet.quiet).report(summary);
  }
}

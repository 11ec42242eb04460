package io.pprecordio.examples.cli;

import io.pprecordio.PPRecordIndex;
import io.pprecordio.ReaderOptions;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Builds the record index of each file. */
@Command(name = "index",
    description = {
      "Builds the record index FILE.ppidx of each pp_recordio file, with one read of the file,"
          + " replacing any index it had, and prints one line per file: its records, and what"
          + " was skipped if it is damaged (the index lists its intact records).",
      "With an index, 'get' reads records by number, 'cat --records' reads only the records"
          + " asked for, and 'count' reads no record at all. Writers keep an index up to date"
          + " when asked to (WriterOptions.withIndex()), and an index of a file that has only"
          + " grown is extended by reading the new records alone."
    },
    footer = {
      "  0  every file was indexed (a damaged file too: its intact records)",
      "  1  an input is not a pp_recordio file (it gets no index)",
      "  2  usage error or I/O error, such as a missing file"
    })
final class IndexCommand extends CliCommand {
  @Mixin
  RecordLimitMixin limit;

  @Parameters(paramLabel = "FILE_OR_PATTERN", arity = "1..*",
      description = "Files, globs or name@N shard specs to index.")
  List<String> patterns;

  @Override
  public Integer call() throws IOException {
    ReaderOptions options = limit.readerOptions();
    List<Input> inputs = Input.expand(patterns);
    for (Input input : inputs) {
      if (input.isStdin()) {
        throw new UsageException("standard input cannot be indexed: an index lies next to its"
            + " file");
      }
      if (!Files.isRegularFile(input.path())) {
        // A pipe or a device reads once: nothing could be read again through an index.
        throw new UsageException(input.name() + " is not a regular file; only files can be"
            + " indexed");
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    Diagnostics diagnostics = diagnostics(false);
    int status = ExitCodes.OK;
    for (Input input : inputs) {
      Path path = input.path();
      try (PPRecordIndex index = PPRecordIndex.build(path, options)) {
        if (index.recordCount() == 0 && index.damaged() && notPPRecordIO(input, options)) {
          Files.deleteIfExists(PPRecordIndex.indexPath(path));
          diagnostics.error(Diagnostics.notPPRecordIO(input.name(), index.skippedBytes()));
          status = ExitCodes.DATA;
          continue;
        }
        out.println(describe(input, index));
        out.flush();
      }
    }
    return status;
  }

  /**
   * Whether a file whose index lists no record holds no frame at all, by the rule the reading
   * commands use; only such files are read a second time.
   */
  private boolean notPPRecordIO(Input input, ReaderOptions options) throws IOException {
    return new RecordScan(io(), options, List.of(input))
        .run((in, address, record) -> true, (in, region) -> { })
        .anyNotPPRecordIO();
  }

  /**
   * {@code a.pp: 998 records -> a.pp.ppidx; damaged: 1 corrupt region (56 bytes) skipped; torn
   * tail: the last frame is incomplete}.
   */
  static String describe(Input input, PPRecordIndex index) {
    StringBuilder line = new StringBuilder(input.name()).append(": ")
        .append(Diagnostics.plural(index.recordCount(), "record")).append(" -> ")
        .append(PPRecordIndex.indexPath(input.path()).getFileName());
    if (index.damaged()) {
      line.append("; damaged: ").append(Diagnostics.plural(index.corruptRegions(),
          "corrupt region")).append(" (").append(Diagnostics.plural(index.skippedBytes(), "byte"))
          .append(") skipped");
    }
    if (index.tornTail()) {
      line.append("; torn tail: the last frame is incomplete");
    }
    return line.toString();
  }
}

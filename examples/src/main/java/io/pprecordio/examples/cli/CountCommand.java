package io.pprecordio.examples.cli;

import io.pprecordio.CorruptionBudget;
import io.pprecordio.PPRecordIndex;
import io.pprecordio.ReaderOptions;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Counts intact records: from a file's record index when it has a current one, else by reading. */
@Command(name = "count",
    description = {
      "Prints the number of intact records in pp_recordio files, as a bare integer.",
      "A file with a record index (FILE.ppidx, see 'pprecordio index') that is current, or that"
          + " only needs the records appended since, is counted without reading its records;"
          + " any other file, or one whose index no longer matches it (a warning says so), is"
          + " read. Corrupt regions are skipped and summed up on standard error."
    })
final class CountCommand extends CliCommand {
  @Option(names = {"-v", "--verbose"},
      description = "Also say on standard error, per file, how many records it holds and"
          + " whether they were counted from its record index or by reading the file.")
  boolean verbose;

  @Mixin
  QuietMixin quiet;

  @Mixin
  ReadOptionsMixin read;

  @Mixin
  InputsMixin inputs;

  @Override
  public Integer call() throws IOException {
    ReaderOptions options = read.readerOptions();
    Diagnostics diagnostics = diagnostics(quiet.quiet);
    List<Input> all = inputs.expand();
    Map<Input, RecordIndexes.Counts> indexed = new HashMap<>();
    List<Input> toRead = new ArrayList<>();
    for (Input input : all) {
      Optional<RecordIndexes.Counts> counted = countByIndex(input, options, diagnostics);
      if (counted.isPresent()) {
        indexed.put(input, counted.get());
      } else {
        toRead.add(input);
      }
    }
    RecordScan.Summary summary = new RecordScan(io(), options, toRead)
        .progress("count", false)
        .run((input, address, record) -> true, (input, region) -> { });
    Map<Input, RecordScan.FileResult> read = new HashMap<>();
    for (RecordScan.FileResult f : summary.files()) {
      read.put(f.input(), f);
    }
    long total = 0;
    int status = ExitCodes.OK;
    for (Input input : all) {
      RecordIndexes.Counts fromIndex = indexed.get(input);
      long records;
      if (fromIndex != null) {
        records = fromIndex.records();
        diagnostics.reportIndexed(input.name(), fromIndex);
      } else {
        RecordScan.FileResult file = read.get(input);
        records = file.stats().records();
        status = Math.max(status, diagnostics.report(file));
      }
      total += records;
      if (verbose) {
        io().err().println(name() + ": " + input.name() + ": "
            + Diagnostics.plural(records, "record") + (fromIndex != null
            ? ", from its record index " + PPRecordIndex.indexPath(input.path()).getFileName()
            : ", by reading the file"));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(total);
    out.flush();
    io().err().flush();
    return status;
  }

  /**
   * What {@code input}'s record index says it holds, when it has a current index that answers
   * exactly what reading would: not for an index of no records of a damaged file, which may not
   * be pp_recordio at all, nor for a file with more damage than the corruption budget allows,
   * which reading reports as an error.
   */
  private static Optional<RecordIndexes.Counts> countByIndex(Input input, ReaderOptions options,
      Diagnostics diagnostics) throws IOException {
    Optional<PPRecordIndex> opened = RecordIndexes.openIfUsable(input, options, diagnostics);
    if (opened.isEmpty()) {
      return Optional.empty();
    }
    RecordIndexes.Counts counts;
    try (PPRecordIndex index = opened.get()) {
      counts = RecordIndexes.Counts.of(index);
    }
    CorruptionBudget budget = options.corruptionBudget();
    if ((counts.records() == 0 && counts.corruptRegions() > 0)
        || counts.corruptRegions() > budget.maxRegions()
        || counts.skippedBytes() > budget.maxSkippedBytes()) {
      return Optional.empty();
    }
    return Optional.of(counts);
  }
}

package io.pprecordio.examples.cli;

import io.pprecordio.PPRecordIndex;
import io.pprecordio.ReaderOptions;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints records by number, through the file's record index. */
@Command(name = "get",
    description = {
      "Prints records of a pp_recordio file by number (from 0, in the order a whole read returns"
          + " them), in the order given, through its record index FILE.ppidx: only those"
          + " records are read.",
      "Without an index, run 'pprecordio index FILE' first, or pass --build-index."
    },
    footer = {
      "  0  success",
      "  2  usage error (such as a record number out of range), no index, an index",
      "     that no longer matches its file, or an I/O error"
    })
final class GetCommand extends CliCommand {
  /** Records read with one batch read at most, so memory stays bounded however many are asked. */
  static final int BATCH_RECORDS = 1024;
  /** And at most about this many frame bytes. */
  static final long BATCH_BYTES = 16L << 20;

  @Mixin
  PrintOptionsMixin print;

  @Option(names = "--build-index",
      description = "Build FILE.ppidx first (one scan of the file) when it is missing or no"
          + " longer matches the file, instead of stopping with an error.")
  boolean buildIndex;

  @Mixin
  RecordLimitMixin limit;

  @Parameters(index = "0", paramLabel = "FILE", description = "The pp_recordio file.")
  String file;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "N",
      description = "Record numbers, from 0; repeats are printed again.")
  long[] numbers;

  @Override
  public Integer call() throws IOException {
    print.check();
    List<Input> inputs = Input.expand(List.of(file));
    if (inputs.size() != 1 || inputs.get(0).isStdin()) {
      throw new UsageException("get reads one file through its index, but '" + file + "' names "
          + (inputs.size() == 1 ? "standard input" : inputs.size() + " files"));
    }
    Path path = inputs.get(0).path();
    try (PPRecordIndex index = open(path, limit.readerOptions())) {
      long count = index.recordCount();
      for (long n : numbers) {
        if (n < 0 || n >= count) {
          throw new UsageException("record " + n + " is out of range: " + file + " has "
              + Diagnostics.plural(count, "record")
              + (count == 0 ? "" : " (0 to " + (count - 1) + ")"));
        }
      }
      OutputStream out = new BufferedOutputStream(io().out(), 64 << 10);
      try {
        int from = 0;
        while (from < numbers.length) {
          int to = batchEnd(index, from);
          List<byte[]> records = index.readRecords(Arrays.copyOfRange(numbers, from, to));
          for (int i = from; i < to; i++) {
            print.print(out, null, index.addressOf(numbers[i]), records.get(i - from));
          }
          from = to;
        }
      } finally {
        out.flush();
      }
    }
    return ExitCodes.OK;
  }

  /** The index, built first with --build-index when missing or out of date. */
  private PPRecordIndex open(Path path, ReaderOptions options) throws IOException {
    try {
      return PPRecordIndex.open(path, options);
    } catch (NoSuchFileException e) {
      if (buildIndex) {
        return PPRecordIndex.build(path, options);
      }
      throw new NoSuchFileException(file, null, "no record index (" + PPRecordIndex
          .indexPath(path).getFileName() + "); run 'pprecordio index " + file
          + "' first, or pass --build-index");
    } catch (IOException e) {
      if (buildIndex) {
        return PPRecordIndex.build(path, options);
      }
      throw e;
    }
  }

  /**
   * Where the batch from {@code from} ends: a batch holds up to {@link #BATCH_RECORDS} records
   * and about {@link #BATCH_BYTES} of their frames (with the bytes up to the next record), one
   * record at least.
   */
  private int batchEnd(PPRecordIndex index, int from) {
    long bytes = 0;
    int to = from;
    while (to < numbers.length && to - from < BATCH_RECORDS) {
      long n = numbers[to];
      bytes += index.splitPoint(n + 1) - index.offsetOf(n);
      if (to > from && bytes > BATCH_BYTES) {
        break;
      }
      to++;
    }
    return to;
  }
}

package io.pprecordio.examples.cli;

import io.pprecordio.PPRecordIndex;
import io.pprecordio.ReaderOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/**
 * The record index of an input when one can be used: commands that only go faster with an index
 * ({@code count}, {@code cat --records}) read the file instead when there is none or it is out of
 * date, and say so when there was one they could not use.
 */
final class RecordIndexes {
  private RecordIndexes() {}

  /** What an index says of its file, kept once the index is closed. */
  record Counts(long records, long corruptRegions, long skippedBytes, boolean tornTail) {
    static Counts of(PPRecordIndex index) {
      return new Counts(index.recordCount(), index.corruptRegions(), index.skippedBytes(),
          index.tornTail());
    }
  }

  /**
   * Opens {@code input}'s index (extending it if the file only grew), or returns empty: for
   * standard input, a pipe, a file without an index, or one whose index is stale or damaged,
   * which {@code diagnostics} warns about.
   */
  static Optional<PPRecordIndex> openIfUsable(Input input, ReaderOptions options,
      Diagnostics diagnostics) throws IOException {
    if (input.isStdin() || !Files.isRegularFile(input.path())
        || !Files.exists(PPRecordIndex.indexPath(input.path()))) {
      return Optional.empty();
    }
    try {
      return Optional.of(PPRecordIndex.open(input.path(), options));
    } catch (NoSuchFileException e) {
      return Optional.empty(); // removed since we looked
    } catch (IOException e) {
      diagnostics.warn(input.name() + ": record index not used, reading the file instead ("
          + Errors.describe(e) + "); 'pprecordio index " + input.name() + "' rebuilds it");
      return Optional.empty();
    }
  }
}

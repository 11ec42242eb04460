package io.pprecordio.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.CorruptRecordException;
import io.pprecordio.CorruptRegion;
import io.pprecordio.CorruptionBudgetExceededException;
import io.pprecordio.CorruptionPolicy;
import io.pprecordio.RecordAddress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.impl.StreamFormatAdapter;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Splits and restores of single files through the reader Flink's FileSource runs: every partition
 * of a file into byte ranges, and a restore from the position after every record, return exactly
 * the records of core's whole-file read. Files of single-record frames and files of blocks (with
 * damaged and torn blocks) alike: a restore inside a block resumes at its next record.
 */
class SplitReadTest {
  @TempDir java.nio.file.Path dir;

  static Stream<Fixtures.FileData> files() throws IOException {
    return Stream.of(Fixtures.clean("clean.pp", 1, 300), Fixtures.damaged("damaged.pp", 2, 300),
        Fixtures.damaged("damaged2.pp", 3, 200), Fixtures.blocks("blocks.pp", 4, 300),
        Fixtures.damagedBlocks("damaged-blocks.pp", 5, 400));
  }

  @ParameterizedTest
  @MethodSource("files")
  void everyPartitionReturnsEveryRecordOnce(Fixtures.FileData data) throws IOException {
    Path path = data.writeTo(dir);
    long len = data.bytes().length;
    for (long stride : new long[] {41, 500, 4093, 65536, len}) {
      List<String> got = new ArrayList<>();
      for (FileSourceSplit split : splits(path, len, stride)) {
        got.addAll(readSplit(new PPRecordFormat(), split, new Configuration()));
      }
      Fixtures.assertSameRecords(data.expected(), got, "stride " + stride);
    }
  }

  @ParameterizedTest
  @MethodSource("files")
  void restoreAfterEveryRecordNeitherLosesNorRepeats(Fixtures.FileData data) throws IOException {
    Path path = data.writeTo(dir);
    long len = data.bytes().length;
    PPRecordFormat format = new PPRecordFormat();
    for (long stride : new long[] {3001, len}) {
      List<String> all = new ArrayList<>();
      for (FileSourceSplit split : splits(path, len, stride)) {
        List<String> records = new ArrayList<>();
        List<CheckpointedPosition> positions = new ArrayList<>();
        try (StreamFormat.Reader<byte[]> reader = format.createReader(new Configuration(),
            streamAt(path, split.offset()), len, end(split))) {
          assertNull(reader.getCheckpointedPosition(), "nothing to resume before the first read");
          for (byte[] r; (r = reader.read()) != null; ) {
            records.add(Fixtures.hex(r));
            positions.add(reader.getCheckpointedPosition());
          }
        }
        for (int k = 0; k < positions.size(); k++) {
          // The next record's frame and its index in the block, or the end of the range.
          CheckpointedPosition pos = positions.get(k);
          RecordAddress next = k + 1 < records.size() ? data.addresses().get(all.size() + k + 1)
              : RecordAddress.of(end(split));
          assertEquals(next.frameOffset(), pos.getOffset(), pos::toString);
          assertEquals(next.indexInBlock(), pos.getRecordsAfterOffset(), pos::toString);
          List<String> resumed = new ArrayList<>(records.subList(0, k + 1));
          try (StreamFormat.Reader<byte[]> reader = format.restoreReader(new Configuration(),
              streamAt(path, split.offset()), pos.getOffset(), len, end(split))) {
            // What Flink's adapter does after restoreReader: skip the records after the offset.
            for (long skip = pos.getRecordsAfterOffset(); skip > 0; skip--) {
              assertNotNull(reader.read(), "a record to skip");
            }
            for (byte[] r; (r = reader.read()) != null; ) {
              resumed.add(Fixtures.hex(r));
            }
          }
          Fixtures.assertSameRecords(records, resumed, split + " restored at " + pos);
        }
        all.addAll(records);
      }
      Fixtures.assertSameRecords(data.expected(), all, "stride " + stride);
    }
  }

  /**
   * The same through Flink's own adapter, with batches of one fetch each, so that restores use
   * both the reader's offsets and the adapter's counts of records after them. Each restored read
   * is restored once more from its first position, the one a checkpoint right after a failover
   * takes: the reader gives it after the adapter's skip, inside a block when the skip ended there.
   */
  @ParameterizedTest
  @MethodSource("files")
  void restoreThroughTheFileSourceAdapter(Fixtures.FileData data) throws IOException {
    Path path = data.writeTo(dir);
    long len = data.bytes().length;
    Configuration config = new Configuration();
    config.set(StreamFormat.FETCH_IO_SIZE, MemorySize.parse("1b"));
    StreamFormatAdapter<byte[]> adapter = new StreamFormatAdapter<>(new PPRecordFormat());
    for (FileSourceSplit split : splits(path, len, 20000)) {
      List<String> records;
      List<CheckpointedPosition> positions = new ArrayList<>();
      try (BulkFormat.Reader<byte[]> reader = adapter.createReader(config, split)) {
        records = drain(reader, positions);
      }
      for (int k = 0; k < positions.size(); k++) {
        List<String> resumed = new ArrayList<>(records.subList(0, k + 1));
        List<CheckpointedPosition> again = new ArrayList<>();
        resumed.addAll(readRestored(adapter, config,
            split.updateWithCheckpointedPosition(positions.get(k)), again));
        Fixtures.assertSameRecords(records, resumed, "restored at " + positions.get(k));
        if (!again.isEmpty()) {
          List<String> twice = new ArrayList<>(records.subList(0, k + 2));
          twice.addAll(readRestored(adapter, config,
              split.updateWithCheckpointedPosition(again.get(0)), new ArrayList<>()));
          Fixtures.assertSameRecords(records, twice,
              "restored at " + positions.get(k) + ", then at " + again.get(0));
        }
      }
    }
  }

  static Stream<Fixtures.FileData> damagedFiles() throws IOException {
    return Stream.of(Fixtures.damaged("damaged.pp", 2, 300),
        Fixtures.damagedBlocks("damaged-blocks.pp", 5, 400));
  }

  /**
   * Under the fail policy a restore never gets past the damage that failed the job: the
   * checkpointed frame is that of the next record, so the damage before it has already failed the
   * read that would have returned the record before.
   */
  @ParameterizedTest
  @MethodSource("damagedFiles")
  void failPolicyFailsAgainAfterEveryRestore(Fixtures.FileData data) throws IOException {
    Path path = data.writeTo(dir);
    long len = data.bytes().length;
    PPRecordFormat format = new PPRecordFormat().withCorruptionPolicy(CorruptionPolicy.FAIL);
    List<CheckpointedPosition> positions = new ArrayList<>();
    try (StreamFormat.Reader<byte[]> reader =
        format.createReader(new Configuration(), streamAt(path, 0), len, len)) {
      CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> {
        while (reader.read() != null) {
          positions.add(reader.getCheckpointedPosition());
        }
      });
      assertTrue(e.getMessage().contains("offset"), e::getMessage);
    }
    assertFalse(positions.isEmpty(), "the damage must come after some records");
    for (CheckpointedPosition pos : positions) {
      try (StreamFormat.Reader<byte[]> reader = format.restoreReader(new Configuration(),
          streamAt(path, 0), pos.getOffset(), len, len)) {
        assertThrows(CorruptRecordException.class, () -> {
          while (reader.read() != null) {
            // read on until the damage
          }
        }, "restored at " + pos);
      }
    }
  }

  /**
   * A budget as large as the file's damage reads every record; one region less fails at the region
   * that goes over, naming its offset and the budget.
   */
  @Test
  void corruptionBudgetPassesWithinAndFailsOver() throws IOException {
    Fixtures.FileData data = Fixtures.damaged("damaged.pp", 2, 300);
    Path path = data.writeTo(dir);
    long len = data.bytes().length;
    FileSourceSplit whole = new FileSourceSplit("0", path, 0, len, 0, len);
    long regions = data.whole().stats.corruptRegions();
    long skipped = data.whole().stats.skippedBytes();

    Fixtures.assertSameRecords(data.expected(),
        readSplit(new PPRecordFormat().withCorruptionBudget(regions, skipped), whole,
            new Configuration()), "within the budget");

    List<CorruptRegion> corrupt = new ArrayList<>();
    data.whole().regions.stream().filter(r -> !r.isTornTail()).forEach(corrupt::add);
    CorruptRegion over = corrupt.get((int) regions - 1);
    CorruptionBudgetExceededException e = assertThrows(CorruptionBudgetExceededException.class,
        () -> readSplit(new PPRecordFormat().withCorruptionBudget(regions - 1, Long.MAX_VALUE),
            whole, new Configuration()));
    assertTrue(e.getMessage().contains("offset " + over.offset()), e::getMessage);
    assertTrue(e.getMessage().contains("budget of " + (regions - 1) + " corrupt region"),
        e::getMessage);

    assertThrows(CorruptionBudgetExceededException.class,
        () -> readSplit(new PPRecordFormat().withCorruptionBudget(Long.MAX_VALUE, skipped - 1),
            whole, new Configuration()));
  }

  private static List<String> readSplit(PPRecordFormat format, FileSourceSplit split,
      Configuration config) throws IOException {
    try (BulkFormat.Reader<byte[]> reader =
        new StreamFormatAdapter<>(format).createReader(config, split)) {
      return drain(reader);
    }
  }

  /** The records of a restored split, and (into {@code positions}) the position after each. */
  private static List<String> readRestored(StreamFormatAdapter<byte[]> adapter,
      Configuration config, FileSourceSplit split, List<CheckpointedPosition> positions)
      throws IOException {
    try (BulkFormat.Reader<byte[]> reader = adapter.restoreReader(config, split)) {
      return drain(reader, positions);
    }
  }

  private static List<String> drain(BulkFormat.Reader<byte[]> reader) throws IOException {
    return drain(reader, new ArrayList<>());
  }

  private static List<String> drain(BulkFormat.Reader<byte[]> reader,
      List<CheckpointedPosition> positions) throws IOException {
    List<String> out = new ArrayList<>();
    for (BulkFormat.RecordIterator<byte[]> batch; (batch = reader.readBatch()) != null; ) {
      for (RecordAndPosition<byte[]> r; (r = batch.next()) != null; ) {
        out.add(Fixtures.hex(r.getRecord()));
        positions.add(new CheckpointedPosition(r.getOffset(), r.getRecordSkipCount()));
      }
      batch.releaseBatch();
    }
    return out;
  }

  private static List<FileSourceSplit> splits(Path path, long len, long stride) {
    List<FileSourceSplit> splits = new ArrayList<>();
    for (long at = 0; at < len; at += stride) {
      splits.add(new FileSourceSplit(String.valueOf(at), path, at, Math.min(stride, len - at),
          0, len));
    }
    return splits;
  }

  private static long end(FileSourceSplit split) {
    return split.offset() + split.length();
  }

  private static FSDataInputStream streamAt(Path path, long offset) throws IOException {
    FSDataInputStream in = FileSystem.getLocalFileSystem().open(path);
    in.seek(offset);
    return in;
  }
}

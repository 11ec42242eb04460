package io.pprecordio.hadoop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.hadoop.SplitReads.Api;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every split size, both APIs: the union of the records of all splits is every record exactly
 * once, with its frame offset as the key. Files mix empty, tiny, mid-sized and 1 MiB records in
 * v1, v2, gzip and zstd frames; one is empty, one is compressed as a whole with gzip.
 */
class SplitTest {
  /** Down to two bytes per split: split boundaries fall everywhere, inside headers included. */
  private static final long[] SMALL_SPLITS = {2, 3, 7, 40, 41, 97, 1000, 4096, 65536,
      Long.MAX_VALUE};
  /** For the file with a 1 MiB record: splits inside it, around it and larger than it. */
  private static final long[] LARGE_SPLITS = {977, 4096, 65537, 1 << 20, (1 << 20) + 41,
      Long.MAX_VALUE};

  @TempDir
  static java.nio.file.Path tmp;
  private static Path smallDir;
  private static Path largeDir;
  private static List<Rec> smallExpected;
  private static List<Rec> largeExpected;
  private static final Configuration CONF = new Configuration();

  @BeforeAll
  static void writeInputs() throws IOException {
    java.nio.file.Path small = Files.createDirectory(tmp.resolve("small"));
    List<Fixtures.Content> contents = new ArrayList<>();
    contents.add(Fixtures.mixed("a.pp_recordio", 1, 30, false));
    contents.add(Fixtures.mixed("b.pp_recordio", 2, 13, false));
    contents.add(new Fixtures.Content("empty.pp_recordio", new byte[0], List.of()));
    Fixtures.Content zipped = Fixtures.mixed("c.pp_recordio", 3, 30, false);
    for (Fixtures.Content c : contents) {
      Fixtures.write(small, c.name(), c.bytes());
    }
    Fixtures.write(small, "c.pp_recordio.gz", Fixtures.gzip(zipped.bytes()));
    List<Rec> expected = new ArrayList<>(Fixtures.all(contents));
    for (Rec r : zipped.records()) {
      expected.add(new Rec("c.pp_recordio.gz", r.offset(), r.payload()));
    }
    smallExpected = Rec.sorted(expected);
    smallDir = Fixtures.hadoopPath(small);

    java.nio.file.Path large = Files.createDirectory(tmp.resolve("large"));
    Fixtures.Content big = Fixtures.mixed("big.pp_recordio", 4, 90, true);
    Fixtures.write(large, big.name(), big.bytes());
    largeExpected = big.records();
    largeDir = Fixtures.hadoopPath(large);
  }

  static Stream<Arguments> smallCases() {
    return cases(SMALL_SPLITS);
  }

  static Stream<Arguments> largeCases() {
    return cases(LARGE_SPLITS);
  }

  private static Stream<Arguments> cases(long[] sizes) {
    List<Arguments> out = new ArrayList<>();
    for (Api api : Api.values()) {
      for (long size : sizes) {
        out.add(Arguments.of(api, size));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} split.maxsize={1}")
  @MethodSource("smallCases")
  void mixedFilesEveryRecordOnce(Api api, long maxSplit) throws Exception {
    SplitReads.Result result = SplitReads.read(api, CONF, smallDir, maxSplit);
    assertEquals(smallExpected, Rec.sorted(result.records));
    if (maxSplit < 1000) {
      assertTrue(result.splits > 100, "only " + result.splits + " splits");
    }
    for (PPRecordCounter c : PPRecordCounter.values()) {
      assertEquals(0, result.counter(c), c.name());
    }
  }

  @ParameterizedTest(name = "{0} split.maxsize={1}")
  @MethodSource("largeCases")
  void megabyteRecordEveryRecordOnce(Api api, long maxSplit) throws Exception {
    SplitReads.Result result = SplitReads.read(api, CONF, largeDir, maxSplit);
    assertEquals(largeExpected, Rec.sorted(result.records));
    if (maxSplit < (1 << 20)) {
      assertTrue(result.splits > 1, "only " + result.splits + " splits");
    }
  }
}

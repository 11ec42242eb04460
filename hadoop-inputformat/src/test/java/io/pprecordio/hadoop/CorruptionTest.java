package io.pprecordio.hadoop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.CorruptRecordException;
import io.pprecordio.CorruptionPolicy;
import io.pprecordio.RangeReads;
import io.pprecordio.ReaderOptions;
import io.pprecordio.TestData;
import io.pprecordio.hadoop.SplitReads.Api;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged files, both APIs, many split sizes: every intact record exactly once, and the counters
 * summed over all splits equal the damage injected (each region counted by exactly one split).
 */
class CorruptionTest {
  private static final long[] SMALL_SPLITS = {3, 41, 500, 4096, Long.MAX_VALUE};
  private static final long[] LARGE_SPLITS = {4096, 100_000, Long.MAX_VALUE};

  @TempDir
  static java.nio.file.Path tmp;
  private static Input small;
  private static Input large;

  /** A directory of damaged files and what reading it must give. */
  record Input(Path dir, List<Fixtures.Damaged> files, List<Rec> expected) {
    long total(java.util.function.ToLongFunction<Fixtures.Damaged> f) {
      return files.stream().mapToLong(f).sum();
    }
  }

  @BeforeAll
  static void writeInputs() throws IOException {
    small = input("small",
        Fixtures.damaged("d1.pp_recordio", TestData.mixed(new Random(11), 60, false)),
        Fixtures.damaged("d3.pp_recordio", TestData.mixed(new Random(13), 25, false)));
    large = input("large",
        Fixtures.damaged("d2.pp_recordio", TestData.mixed(new Random(12), 40, true)));
  }

  private static Input input(String name, Fixtures.Damaged... files) throws IOException {
    java.nio.file.Path local = Files.createDirectory(tmp.resolve(name));
    List<Fixtures.Content> contents = new ArrayList<>();
    for (Fixtures.Damaged d : files) {
      Fixtures.write(local, d.content().name(), d.content().bytes());
      contents.add(d.content());
    }
    return new Input(Fixtures.hadoopPath(local), List.of(files), Fixtures.all(contents));
  }

  @Test
  void injectedDamageIsWhatCoreReportsForWholeFiles() throws IOException {
    List<Fixtures.Damaged> all = new ArrayList<>(small.files());
    all.addAll(large.files());
    for (Fixtures.Damaged d : all) {
      RangeReads.Result whole = RangeReads.readWhole(d.content().bytes(), ReaderOptions.defaults());
      assertEquals(d.corruptRegions(), whole.stats.corruptRegions(), whole.regions.toString());
      assertEquals(d.skippedBytes(), whole.stats.skippedBytes(), whole.regions.toString());
      assertTrue(whole.stats.tornTail());
      assertTrue(d.corruptRegions() >= 5, "too little damage to be a test");
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Api api : Api.values()) {
      for (long size : SMALL_SPLITS) {
        out.add(Arguments.of(api, "small", size));
      }
      for (long size : LARGE_SPLITS) {
        out.add(Arguments.of(api, "large (1 MiB record)", size));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1} split.maxsize={2}")
  @MethodSource("cases")
  void intactRecordsOnceAndDamageCountedOnce(Api api, String which, long maxSplit)
      throws Exception {
    Input in = which.equals("small") ? small : large;
    SplitReads.Result result = SplitReads.read(api, new Configuration(), in.dir(), maxSplit);
    assertEquals(in.expected(), Rec.sorted(result.records));
    assertEquals(in.total(Fixtures.Damaged::corruptRegions),
        result.counter(PPRecordCounter.CORRUPT_REGIONS));
    assertEquals(in.total(Fixtures.Damaged::skippedBytes),
        result.counter(PPRecordCounter.SKIPPED_BYTES));
    assertEquals(in.total(Fixtures.Damaged::tornTails),
        result.counter(PPRecordCounter.TORN_TAILS));
    assertEquals(in.total(Fixtures.Damaged::tornTailBytes),
        result.counter(PPRecordCounter.TORN_TAIL_BYTES));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apis")
  void failModeNamesFileAndOffset(Api api) {
    Configuration conf = new Configuration();
    PPRecordInputFormat.setCorruptionPolicy(conf, CorruptionPolicy.FAIL);
    CorruptRecordException e = assertThrows(CorruptRecordException.class,
        () -> SplitReads.read(api, conf, small.dir(), 4096));
    Fixtures.Damaged first = small.files().stream()
        .filter(d -> e.getMessage().contains(d.content().name())).findFirst().orElseThrow();
    assertEquals(first.firstDamageOffset(), e.offset(), e.getMessage());
    assertTrue(e.getMessage().contains("at offset " + first.firstDamageOffset()), e.getMessage());
    assertTrue(e.file().startsWith("file:/"), e.file());
  }

  static Stream<Api> apis() {
    return Stream.of(Api.values());
  }
}

package io.pprecordio.spark;

import static io.pprecordio.spark.SparkFixtures.coreRead;
import static io.pprecordio.spark.SparkFixtures.spark;
import static io.pprecordio.spark.SparkFixtures.sparkRead;
import static io.pprecordio.spark.WriteTest.rootMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.CorruptionBudgetExceededException;
import io.pprecordio.Damage;
import io.pprecordio.TestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corruption budget ({@code maxCorruptRegions}, {@code maxSkippedBytes}) applies to one
 * reader, that is one file range of one partition: within it the read returns exactly core's
 * records and the accumulators count the damage; over it the job fails naming the file, the
 * offset of the region that went over, and the budget.
 */
class BudgetTest {
  private static final int REGIONS = 4;

  @TempDir
  static Path tmp;
  private static Path file;
  /** Offsets and lengths of the damaged frames, in file order. */
  private static final List<long[]> damaged = new ArrayList<>();

  @BeforeAll
  static void file() throws IOException {
    // Four payload bit flips, in frames far apart (each about 1/5 of the way through the file).
    Damage damage = new Damage(TestData.mixed(new Random(21), 2000, false));
    List<Damage.Frame> frames = damage.frames();
    for (int k = 1; k <= REGIONS; k++) {
      Damage.Frame f = frames.get(k * frames.size() / (REGIONS + 1));
      while (f.length < 100) {
        f = frames.get(f.index + 1);
      }
      damage.flipBit((f.offset + 60) * 8 + 1);
      damaged.add(new long[] {f.offset, f.length});
    }
    file = SparkFixtures.write(tmp.resolve("budget"), "b.pp_recordio", damage.bytes());
  }

  @AfterEach
  void defaults() {
    spark().conf().unset("spark.sql.files.maxPartitionBytes");
  }

  private static Dataset<Row> read(String option, String value) {
    return spark().read().format("pprecordio").option(option, value).load(file.toString());
  }

  private static long skippedBytes(int regions) {
    long sum = 0;
    for (int i = 0; i < regions; i++) {
      sum += damaged.get(i)[1];
    }
    return sum;
  }

  @Test
  void withinTheBudgetTheReadIsExactAndCounted() throws IOException {
    PPRecordTotals before = PPRecordAccumulators.totals(spark());
    assertEquals(coreRead(List.of(file)), sparkRead(read("maxCorruptRegions", "" + REGIONS)));
    PPRecordTotals counts = PPRecordAccumulators.totals(spark()).minus(before);
    assertEquals(REGIONS, counts.corruptRegions());
    assertEquals(skippedBytes(REGIONS), counts.skippedBytes());

    assertEquals(coreRead(List.of(file)),
        sparkRead(read("maxSkippedBytes", Long.toString(skippedBytes(REGIONS)))));
  }

  @Test
  void overTheRegionBudgetTheJobFailsNamingFileOffsetAndBudget() {
    Exception e = assertThrows(Exception.class,
        () -> read("maxCorruptRegions", "" + (REGIONS - 1)).count());
    CorruptionBudgetExceededException over = find(e);
    assertTrue(over.file().endsWith("b.pp_recordio"), over.file());
    assertEquals(damaged.get(REGIONS - 1)[0], over.offset());
    assertTrue(over.getMessage().contains("budget of " + (REGIONS - 1) + " corrupt regions"),
        over.getMessage());
  }

  @Test
  void overTheByteBudgetTheJobFails() {
    Exception e = assertThrows(Exception.class,
        () -> read("maxSkippedBytes", Long.toString(skippedBytes(2) - 1)).count());
    assertEquals(damaged.get(1)[0], find(e).offset());
  }

  @Test
  void theBudgetIsPerPartitionRange() throws IOException {
    // Ranges of 64 KiB hold at most one damaged frame each: a budget of 1 is never exceeded.
    spark().conf().set("spark.sql.files.maxPartitionBytes", "65536");
    Dataset<Row> records = read("maxCorruptRegions", "1");
    assertTrue(records.rdd().getNumPartitions() >= REGIONS, "several ranges");
    assertEquals(coreRead(List.of(file)), sparkRead(records));
  }

  @Test
  void badBudgetsFailNamingTheOption() {
    Exception e = assertThrows(Exception.class, () -> read("maxCorruptRegions", "-1").count());
    assertTrue(rootMessage(e).startsWith("maxCorruptRegions: "), rootMessage(e));
    e = assertThrows(Exception.class, () -> read("maxCorruptRegions", "few").count());
    assertEquals("maxCorruptRegions: invalid count 'few'; expected a whole number such as 10",
        rootMessage(e));
    e = assertThrows(Exception.class, () -> read("maxSkippedBytes", "-1").count());
    assertTrue(rootMessage(e).startsWith("maxSkippedBytes: "), rootMessage(e));
  }

  private static CorruptionBudgetExceededException find(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CorruptionBudgetExceededException) {
        return (CorruptionBudgetExceededException) t;
      }
    }
    throw new AssertionError("not caused by a CorruptionBudgetExceededException", e);
  }
}

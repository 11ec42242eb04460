package io.pprecordio.spark;

import static io.pprecordio.spark.SparkFixtures.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pprecordio.Damage;
import io.pprecordio.ReadStats;
import io.pprecordio.TestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accumulators count each record and each skipped region once, even when a read task fails
 * half-way and is retried, and each job logs its own counts in one INFO line.
 */
class AccumulatorsTest {
  private static final AtomicInteger INJECTED = new AtomicInteger();

  @TempDir
  static Path tmp;
  private static Path file;
  private static ReadStats expected;

  @BeforeAll
  static void file() throws IOException {
    Damage damage = new Damage(TestData.mixed(new Random(31), 3000, false));
    for (int i = 100; i < 3000; i += 400) {
      Damage.Frame f = damage.frames().get(i);
      damage.zero(f.offset + 2, 1); // the magic number: the frame is unrecognizable
    }
    Damage.Frame last = damage.frames().get(2999);
    damage.truncate(last.offset + 30);
    file = SparkFixtures.write(tmp.resolve("acc"), "acc.pp_recordio", damage.bytes());
    expected = SparkFixtures.coreStats(file);
  }

  private static PPRecordTotals expectedTotals() {
    return new PPRecordTotals(expected.records(), expected.corruptRegions(),
        expected.skippedBytes(), expected.tornTails(), expected.tornTailBytes());
  }

  @Test
  void aReadTaskThatFailsHalfWayIsCountedOnce() {
    spark().conf().set("spark.sql.files.maxPartitionBytes", "100000");
    try {
      PPRecordTotals before = PPRecordAccumulators.totals(spark());
      int injected = INJECTED.get();
      long n = spark().read().format("pprecordio").load(file.toString()).javaRDD()
          .mapPartitionsWithIndex((index, rows) -> SparkFixtures.failFirstAttempt(index, 1, 50,
              rows, INJECTED), false)
          .count(); // partition 1's first attempt fails after 50 rows, once they were counted
      assertEquals(injected + 1, INJECTED.get(), "one attempt failed and was retried");
      assertEquals(expected.records(), n);
      assertEquals(expectedTotals(), PPRecordAccumulators.totals(spark()).minus(before));
    } finally {
      spark().conf().unset("spark.sql.files.maxPartitionBytes");
    }
  }

  @Test
  void eachJobLogsItsCountsOnce() {
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    LoggerContext logs = (LoggerContext) LogManager.getContext(false);
    AbstractAppender capture = new AbstractAppender("capture", null, null, true,
        Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        lines.add(event.getMessage().getFormattedMessage());
      }
    };
    capture.start();
    logs.getConfiguration().getLoggerConfig(PPRecordDataSource.class.getName())
        .addAppender(capture, Level.INFO, null);
    logs.updateLoggers();
    try {
      SparkFixtures.drainListenerBus();
      lines.clear();
      spark().read().format("pprecordio").load(file.toString()).count();
      spark().read().format("pprecordio").load(file.toString()).count();
      SparkFixtures.drainListenerBus();
      List<String> summaries = new ArrayList<>();
      for (String line : lines) {
        if (line.startsWith("pp_recordio, job ")) {
          summaries.add(line.substring(line.indexOf(": ") + 2));
        }
      }
      assertEquals(List.of(expectedTotals().toString(), expectedTotals().toString()), summaries,
          lines.toString());
    } finally {
      logs.getConfiguration().getLoggerConfig(PPRecordDataSource.class.getName())
          .removeAppender("capture");
      logs.updateLoggers();
      capture.stop();
    }
  }
}

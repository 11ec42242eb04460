package io.pprecordio.spark;

import io.pprecordio.PPRecordReader;
import io.pprecordio.ReadStats;
import io.pprecordio.ReaderOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** One local Spark for all test classes, and what the tests compare. */
final class SparkFixtures {
  private static SparkSession spark;

  private SparkFixtures() {}

  /**
   * {@code local[2,2]}: two threads, and a task may fail twice, so a task that fails once is
   * retried as on a cluster.
   */
  static synchronized SparkSession spark() {
    if (spark == null) {
      spark = SparkSession.builder()
          .master("local[2,2]")
          .appName("pp_recordio-spark-test")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "2")
          .getOrCreate();
    }
    return spark;
  }

  /** A record as a test compares it: file name (no directory), frame offset and bytes. */
  record Rec(String file, long offset, ByteBuffer data) {
    static Rec of(String file, long offset, byte[] data) {
      String name = file.substring(file.lastIndexOf('/') + 1);
      return new Rec(name, offset, ByteBuffer.wrap(data));
    }

    @Override
    public String toString() {
      return file + "@" + offset + "(" + data.remaining() + " bytes)";
    }
  }

  static final Comparator<Rec> ORDER =
      Comparator.comparing(Rec::file).thenComparingLong(Rec::offset);

  /** What core's reader returns from whole files, in file order: the expected result. */
  static List<Rec> coreRead(List<Path> files) throws IOException {
    List<Rec> out = new ArrayList<>();
    for (Path file : files) {
      try (PPRecordReader reader = PPRecordReader.open(file)) {
        while (reader.advance()) {
          out.add(Rec.of(file.toString(), reader.offset(), reader.record()));
        }
      }
    }
    out.sort(ORDER);
    return out;
  }

  /** Core's counts over whole files. */
  static ReadStats coreStats(Path file) throws IOException {
    try (PPRecordReader reader = PPRecordReader.open(file, ReaderOptions.defaults(), null)) {
      while (reader.advance()) {
        // counting
      }
      return reader.stats();
    }
  }

  /** The rows of a {@code record, file, offset} selection, sorted as {@link #coreRead}. */
  static List<Rec> sparkRead(Dataset<Row> records) {
    List<Rec> out = new ArrayList<>();
    for (Row row : records.select("record", "file", "offset").collectAsList()) {
      out.add(Rec.of(row.getString(1), row.getLong(2), (byte[]) row.get(0)));
    }
    out.sort(ORDER);
    return out;
  }

  static Path write(Path dir, String name, byte[] bytes) throws IOException {
    Files.createDirectories(dir);
    return Files.write(dir.resolve(name), bytes);
  }

  /** Waits until every listener has seen every event posted so far. */
  static void drainListenerBus() {
    try {
      spark().sparkContext().listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("Spark's listener bus did not drain", e);
    }
  }

  /**
   * {@code items}, except that in the first attempt of partition {@code failingPartition} it
   * throws after {@code after} items, once the task has processed them: a task that fails
   * half-way, for Spark to retry. Counts each injected failure in {@code injected} (local mode
   * runs the tasks in this JVM).
   */
  static <T> Iterator<T> failFirstAttempt(int partition, int failingPartition, int after,
      Iterator<T> items, AtomicInteger injected) {
    boolean fail = partition == failingPartition && TaskContext.get().attemptNumber() == 0;
    return new Iterator<>() {
      private int n;

      @Override
      public boolean hasNext() {
        return items.hasNext();
      }

      @Override
      public T next() {
        if (fail && ++n > after) {
          injected.incrementAndGet();
          throw new IllegalStateException("injected failure of the first attempt");
        }
        return items.next();
      }
    };
  }
}

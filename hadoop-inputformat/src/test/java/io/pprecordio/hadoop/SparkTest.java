package io.pprecordio.hadoop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.Codec;
import io.pprecordio.CorruptionPolicy;
import io.pprecordio.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/**
 * Spark on {@code local[2]} reading through {@code newAPIHadoopFile} and writing through
 * {@code saveAsNewAPIHadoopFile}. Tasks may fail up to 4 times, as on a cluster, so a task that
 * fails once is retried.
 */
class SparkTest {
  @TempDir
  static java.nio.file.Path tmp;
  private static JavaSparkContext sc;
  private static Path input;
  private static List<Rec> expected;
  private static Path damagedInput;
  private static Fixtures.Damaged damaged;
  /** Failures injected so far; local mode runs tasks in this JVM. */
  private static final java.util.concurrent.atomic.AtomicInteger INJECTED =
      new java.util.concurrent.atomic.AtomicInteger();

  @BeforeAll
  static void start() throws IOException {
    java.nio.file.Path dir = Files.createDirectory(tmp.resolve("in"));
    List<Fixtures.Content> contents = List.of(
        Fixtures.mixed("a.pp_recordio", 41, 1500, true),
        Fixtures.mixed("b.pp_recordio", 42, 700, false));
    for (Fixtures.Content c : contents) {
      Fixtures.write(dir, c.name(), c.bytes());
    }
    expected = Fixtures.all(contents);
    input = Fixtures.hadoopPath(dir);

    java.nio.file.Path bad = Files.createDirectory(tmp.resolve("damaged"));
    damaged = Fixtures.damaged("damaged.pp_recordio", TestData.mixed(new Random(43), 300, false));
    Fixtures.write(bad, damaged.content().name(), damaged.content().bytes());
    damagedInput = Fixtures.hadoopPath(bad);

    sc = new JavaSparkContext(new SparkConf()
        .setMaster("local[2,4]") // 2 threads, a task may fail 4 times
        .setAppName("pp_recordio-test")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    if (sc != null) {
      sc.stop();
    }
  }

  private static Configuration conf(long maxSplitBytes) {
    Configuration conf = new Configuration(sc.hadoopConfiguration());
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, maxSplitBytes);
    return conf;
  }

  /** Every record of a pp_recordio input, with its file, through Spark. */
  private static JavaRDD<Rec> records(Path in, Configuration conf) {
    JavaNewHadoopRDD<LongWritable, BytesWritable> rdd =
        (JavaNewHadoopRDD<LongWritable, BytesWritable>) sc.newAPIHadoopFile(in.toString(),
            PPRecordInputFormat.class, LongWritable.class, BytesWritable.class, conf);
    return rdd.mapPartitionsWithInputSplit((split, it) -> {
      String file = ((FileSplit) split).getPath().getName();
      List<Rec> out = new ArrayList<>();
      while (it.hasNext()) {
        Tuple2<LongWritable, BytesWritable> kv = it.next();
        out.add(new Rec(file, kv._1().get(), kv._2().copyBytes()));
      }
      return out.iterator();
    }, false);
  }

  @Test
  void newApiHadoopFileReturnsEveryRecordOnce() {
    JavaPairRDD<LongWritable, BytesWritable> rdd = sc.newAPIHadoopFile(input.toString(),
        PPRecordInputFormat.class, LongWritable.class, BytesWritable.class, conf(64 << 10));
    assertTrue(rdd.getNumPartitions() > 20, rdd.getNumPartitions() + " partitions");
    assertEquals(expected.size(), rdd.count());
    assertEquals(expected, Rec.sorted(records(input, conf(64 << 10)).collect()));
  }

  /** Tags records with file and key; the first attempt of partition 1 dies halfway. */
  private static Iterator<Tuple2<NullWritable, BytesWritable>> tagAndFailOnce(Iterator<Rec> it) {
    TaskContext task = TaskContext.get();
    return new Iterator<>() {
      int n;

      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Tuple2<NullWritable, BytesWritable> next() {
        if (++n == 20 && task.partitionId() == 1 && task.attemptNumber() == 0) {
          INJECTED.incrementAndGet();
          throw new IllegalStateException("injected failure of the first attempt");
        }
        Rec r = it.next();
        return new Tuple2<>(NullWritable.get(), new BytesWritable(
            Tags.encode(r.file(), r.offset(), r.payload(), r.payload().length)));
      }
    };
  }

  @Test
  void saveAsNewApiHadoopFileWritesFilesThatReadBack() throws Exception {
    Configuration conf = conf(256 << 10);
    PPRecordOutputFormat.setCodec(conf, Codec.GZIP);
    Path out = Fixtures.hadoopPath(tmp.resolve("out"));
    records(input, conf).mapPartitionsToPair(SparkTest::tagAndFailOnce).saveAsNewAPIHadoopFile(
        out.toString(), NullWritable.class, BytesWritable.class, PPRecordOutputFormat.class, conf);

    assertEquals(1, INJECTED.get(), "one task attempt failed and was retried");
    List<OutputFiles.Part> parts = OutputFiles.read(conf, out, ".pp_recordio");
    assertTrue(parts.size() > 2, parts.size() + " output files");
    assertEquals(expected, OutputFiles.tagged(parts), "written through the committer once");

    List<Rec> back = new ArrayList<>();
    for (Rec r : records(out, conf(4096)).collect()) {
      back.add(Tags.decode(r.payload()));
    }
    assertEquals(expected, Rec.sorted(back), "read back through newAPIHadoopFile");
  }

  @Test
  void damagedInputSkipsOnlyTheDamage() {
    assertEquals(Rec.sorted(damaged.content().records()),
        Rec.sorted(records(damagedInput, conf(2048)).collect()));
  }

  @Test
  void failModeFailsTheJobNamingFileAndOffset() {
    Configuration conf = conf(2048);
    PPRecordInputFormat.setCorruptionPolicy(conf, CorruptionPolicy.FAIL);
    SparkException e = assertThrows(SparkException.class,
        () -> records(damagedInput, conf).count());
    // Tasks run in parallel: whichever damaged split fails first names its own damage.
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("corrupt pp_recordio data in "
        + java.util.regex.Pattern.quote(damagedInput + "/damaged.pp_recordio") + " at offset (\\d+)")
        .matcher(e.getMessage());
    assertTrue(m.find(), e.getMessage());
    assertTrue(damaged.damageOffsets().contains(Long.parseLong(m.group(1))), e.getMessage());
  }
}

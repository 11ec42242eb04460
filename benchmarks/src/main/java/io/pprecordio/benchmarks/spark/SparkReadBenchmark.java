package io.pprecordio.benchmarks.spark;

import io.pprecordio.benchmarks.hadoop.PairedFiles;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Counts the records of one large file on Spark {@code local[2]} (and sums their lengths, so that
 * every record's bytes reach the query): pp_recordio through the
 * {@code pprecordio} DataSource against the same records as an uncompressed
 * {@code SequenceFile<NullWritable, BytesWritable>} through {@code newAPIHadoopFile}. Both files
 * are written through Hadoop's local file system (so both are read with its checksums) and both
 * are split at 128 MiB ({@code spark.sql.files.maxPartitionBytes}, and the SequenceFile's minimum
 * split size), so both jobs run the same number of tasks on the same two cores.
 *
 * <p>Not in the shaded jar (Spark is provided); see BENCHMARKS.md, "Spark", for the command.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MINUTES)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.net=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
    "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
    "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 20)
@Measurement(iterations = 5, time = 20)
public class SparkReadBenchmark {
  private static final long SPLIT_BYTES = 128L << 20;

  @Param({"1024"})
  public int recordBytes;

  /** Payload bytes in the file: 1 GiB. */
  @Param({"1073741824"})
  public long totalBytes;

  private SparkSession spark;
  private JavaSparkContext jsc;
  private Configuration seqConf;
  private String pp;
  private String seq;
  private long records;

  @Setup
  public void setup() throws IOException {
    spark = SparkSession.builder()
        .master("local[2]")
        .appName("SparkReadBenchmark")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.files.maxPartitionBytes", Long.toString(SPLIT_BYTES))
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration conf = jsc.hadoopConfiguration();
    seqConf = new Configuration(conf);
    seqConf.setLong("mapreduce.input.fileinputformat.split.minsize", SPLIT_BYTES);

    PairedFiles files = PairedFiles.of(conf, "spark", "count", recordBytes, totalBytes);
    pp = files.pp.toString();
    seq = files.seq.toString();

    // Both sides must count the same records, or the ratio means nothing.
    records = totalBytes / recordBytes;
    long ppCount = ppCount();
    long seqCount = baselineCount();
    long ppBytes = ppSumLengths();
    long seqBytes = baselineSumLengths();
    long bytes = records * recordBytes;
    if (ppCount != records || seqCount != records || ppBytes != bytes || seqBytes != bytes) {
      throw new IllegalStateException("results differ: pp " + ppCount + " records, " + ppBytes
          + " bytes; SequenceFile " + seqCount + ", " + seqBytes + "; written " + records + ", "
          + bytes);
    }
  }

  @TearDown
  public void tearDown() {
    spark.stop();
  }

  /** {@code spark.read.format("pprecordio").load(file).count()}. */
  @Benchmark
  public long ppCount() {
    return spark.read().format("pprecordio").load(pp).count();
  }

  /** The baseline: {@code newAPIHadoopFile} over the SequenceFile, then {@code count()}. */
  @Benchmark
  public long baselineCount() {
    return jsc.newAPIHadoopFile(seq, sequenceFileFormat(), NullWritable.class,
        BytesWritable.class, seqConf).count();
  }

  /**
   * Every record's bytes reach the query: {@code sum(length(record))}, so the scan copies each
   * record into its row (count() needs no column, and the reader then only verifies the frames).
   */
  @Benchmark
  public long ppSumLengths() {
    return spark.read().format("pprecordio").load(pp).selectExpr("sum(length(record))").first()
        .getLong(0);
  }

  /** The baseline: the sum of the SequenceFile's value lengths. */
  @Benchmark
  public long baselineSumLengths() {
    return jsc.newAPIHadoopFile(seq, sequenceFileFormat(), NullWritable.class,
        BytesWritable.class, seqConf).map(kv -> (long) kv._2().getLength()).reduce(Long::sum);
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // a class literal cannot carry type arguments
  private static Class<SequenceFileInputFormat<NullWritable, BytesWritable>> sequenceFileFormat() {
    return (Class) SequenceFileInputFormat.class;
  }
}

package io.pprecordio.benchmarks.beam;

import io.pprecordio.beam.PPRecordIO;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TFRecordIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler.BadRecordErrorHandler;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reads the same records stored as pp_recordio and as TFRecord (written by Beam's own
 * {@code TFRecordIO.sink()}) with a DirectRunner pipeline of two workers (and pp_recordio also
 * with one, {@link #ppRecordIOOneWorker()}), and times the whole
 * pipeline: one JMH iteration is one pipeline run. Both pipelines are {@code read -> count}; the
 * count is checked against what was written, so a fast wrong read fails the benchmark.
 *
 * <ul>
 *   <li>{@code many_files}: 64 files of at least 4 MiB in each format. Both formats read one file
 *       per bundle; the ratio is the per-record cost of each reader.
 *   <li>{@code one_large_file}: one file of at least 256 MiB in each format. TFRecord cannot split
 *       a file, so one worker reads it; pp_recordio splits it into byte ranges for both workers.
 * </ul>
 *
 * <p>The DirectRunner's immutability and encodability checks are off: they clone every element
 * through its coder, which measures the runner rather than the readers. Data are generated once
 * under {@code -Dpprecordio.bench.dir} (default: the temp directory) and reused across forks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-XX:+UseParallelGC"})
public class BeamReadBenchmark {
  private static final String NAMESPACE = "benchmark";

  @Param({"many_files", "one_large_file"})
  public String layout;

  private Dataset dataset;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path root = Paths.get(System.getProperty("pprecordio.bench.dir",
        System.getProperty("java.io.tmpdir")), "pprecordio-beam-bench");
    dataset = layout.equals("many_files")
        ? Dataset.create(root.resolve("many"), 64, 4L << 20)
        : Dataset.create(root.resolve("large"), 1, 256L << 20);
  }

  @Benchmark
  public long ppRecordIO() {
    return readAndCount(PPRecordIO.read().from(dataset.ppPattern()), 2);
  }

  @Benchmark
  public long tfRecordIO() {
    return readAndCount(TFRecordIO.read().from(dataset.tfPattern()).withoutValidation(), 2);
  }

  /**
   * The same read with every corrupt region routed to a bad-record error handler (the files hold
   * none): what the dead-letter path costs on top of {@link #ppRecordIO()}.
   */
  @Benchmark
  public long ppRecordIOWithErrorHandler() {
    return readAndCount(p -> {
      BadRecordErrorHandler<PCollection<Void>> handler =
          p.registerBadRecordErrorHandler(new CountBadRecords());
      PCollection<byte[]> records = p.apply("Read",
          PPRecordIO.read().from(dataset.ppPattern()).withErrorHandler(handler));
      handler.close();
      return records;
    }, 2);
  }

  /**
   * pp_recordio on one worker: against {@link #tfRecordIO()} on the large file, it separates what
   * the reader itself costs from what splitting the file gains.
   */
  @Benchmark
  public long ppRecordIOOneWorker() {
    return readAndCount(PPRecordIO.read().from(dataset.ppPattern()), 1);
  }

  private long readAndCount(PTransform<PBegin, PCollection<byte[]>> read, int workers) {
    return readAndCount(p -> p.apply("Read", read), workers);
  }

  private long readAndCount(Function<Pipeline, PCollection<byte[]>> read, int workers) {
    DirectOptions options = PipelineOptionsFactory.as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setTargetParallelism(workers);
    options.setEnforceImmutability(false);
    options.setEnforceEncodability(false);
    options.setBlockOnRun(true);
    Pipeline p = Pipeline.create(options);
    read.apply(p).apply("Count", ParDo.of(new CountFn()));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    long records = counter(result, "records");
    long bytes = counter(result, "bytes");
    if (records != dataset.records || bytes != dataset.payloadBytes) {
      throw new IllegalStateException("read " + records + " records of " + bytes
          + " bytes, wrote " + dataset.records + " of " + dataset.payloadBytes);
    }
    return records;
  }

  private static long counter(PipelineResult result, String name) {
    long sum = 0;
    for (MetricResult<Long> c : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(NAMESPACE, name)).build()).getCounters()) {
      // The DirectRunner's committed values are exact once the run is over; its attempted ones
      // are folded in asynchronously and may lag.
      Long committed = c.getCommittedOrNull();
      sum += committed != null ? committed : c.getAttempted();
    }
    return sum;
  }

  /**
   * The bad-record sink of {@link #ppRecordIOWithErrorHandler()}: counts them in a metric, so the
   * benchmark times the connector's dead-letter path rather than a sink's aggregation.
   */
  static final class CountBadRecords extends PTransform<PCollection<BadRecord>, PCollection<Void>> {
    @Override
    public PCollection<Void> expand(PCollection<BadRecord> badRecords) {
      return badRecords.apply(ParDo.of(new DoFn<BadRecord, Void>() {
        private final Counter count = Metrics.counter(NAMESPACE, "bad_records");

        @ProcessElement
        public void process() {
          count.inc();
        }
      }));
    }
  }

  /** Counts records and payload bytes; nothing downstream, so the read dominates. */
  static final class CountFn extends DoFn<byte[], Void> {
    private final Counter records = Metrics.counter(NAMESPACE, "records");
    private final Counter bytes = Metrics.counter(NAMESPACE, "bytes");
    private transient long pendingRecords;
    private transient long pendingBytes;

    @StartBundle
    public void start() {
      pendingRecords = 0;
      pendingBytes = 0;
    }

    @ProcessElement
    public void process(@Element byte[] record) {
      pendingRecords++;
      pendingBytes += record.length;
    }

    @FinishBundle
    public void finish() {
      records.inc(pendingRecords);
      bytes.inc(pendingBytes);
    }
  }

  /** The same records in both formats, written once and reused while the files are there. */
  static final class Dataset {
    final Path dir;
    final long records;
    final long payloadBytes;

    private Dataset(Path dir, long records, long payloadBytes) {
      this.dir = dir;
      this.records = records;
      this.payloadBytes = payloadBytes;
    }

    String ppPattern() {
      return dir.resolve("pp-*.pp_recordio").toString();
    }

    String tfPattern() {
      return dir.resolve("tf-*.tfrecord").toString();
    }

    static Dataset create(Path dir, int files, long bytesPerFile) throws IOException {
      Path done = dir.resolve("COMPLETE");
      if (Files.exists(done)) {
        String[] counts = Files.readString(done).trim().split(" ");
        return new Dataset(dir, Long.parseLong(counts[0]), Long.parseLong(counts[1]));
      }
      Files.createDirectories(dir);
      RecordStream source = new RecordStream(42);
      long records = 0;
      long payload = 0;
      for (int f = 0; f < files; f++) {
        String name = String.format("%05d-of-%05d", f, files);
        try (FileChannel pp = FileChannel.open(dir.resolve("pp-" + name + ".pp_recordio"),
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
            FileChannel tf = FileChannel.open(dir.resolve("tf-" + name + ".tfrecord"),
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
          FileIO.Sink<byte[]> ppSink = PPRecordIO.sink();
          FileIO.Sink<byte[]> tfSink = TFRecordIO.sink();
          BufferedChannel tfBuffered = new BufferedChannel(tf);
          ppSink.open(pp);
          tfSink.open(tfBuffered);
          // Until both files reach the size: the TFRecord one grows slower (16 bytes of framing
          // per record against 40).
          while (pp.position() < bytesPerFile || tfBuffered.written() < bytesPerFile) {
            byte[] record = source.next();
            ppSink.write(record);
            tfSink.write(record);
            records++;
            payload += record.length;
            if (records % 1024 == 0) {
              ppSink.flush();
            }
          }
          ppSink.flush();
          tfSink.flush();
          tfBuffered.flush();
        }
      }
      Files.writeString(done, records + " " + payload + "\n");
      return new Dataset(dir, records, payload);
    }
  }
}

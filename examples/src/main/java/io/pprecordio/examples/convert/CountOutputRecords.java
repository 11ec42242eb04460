package io.pprecordio.examples.convert;

import io.pprecordio.CorruptRegion;
import io.pprecordio.PPRecordReader;
import io.pprecordio.ReaderOptions;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.util.ReflectionUtils;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Reads one finished output file back and counts its records, into a counter named after the
 * file. Counting what the files hold, after they are renamed into place, is what makes "records
 * per output shard" true on every runner: no runner exposes which records went into which shard.
 * Any damage found in a file fails the job.
 */
final class CountOutputRecords extends DoFn<String, Void> {
  private static final long serialVersionUID = 1L;

  private final DataFormat format;
  private final Compression compression;
  private final Counter recordsOut = Metrics.counter(ConvertMetrics.NAMESPACE,
      ConvertMetrics.RECORDS_OUT);
  private final Counter files = Metrics.counter(ConvertMetrics.NAMESPACE,
      ConvertMetrics.OUTPUT_FILES);
  private transient Configuration conf;

  CountOutputRecords(DataFormat format, Compression compression) {
    this.format = format;
    this.compression = compression;
  }

  @ProcessElement
  public void process(@Element String filename, PipelineOptions options) throws IOException {
    ResourceId file = FileSystems.matchNewResource(filename, false);
    long records;
    switch (format) {
      case PPRECORDIO:
        records = countPPRecordIO(file);
        break;
      case TFRECORD:
        records = countTfRecords(file, compression);
        break;
      case TEXT:
        records = countLines(file, compression);
        break;
      case SEQUENCEFILE:
        records = countSequenceFile(file, configuration(options));
        break;
      case AVRO:
        records = countAvro(file);
        break;
      case PARQUET:
        records = countParquet(file, configuration(options));
        break;
      default:
        throw new IllegalStateException("unknown format " + format);
    }
    Metrics.counter(ConvertMetrics.SHARDS_NAMESPACE, file.getFilename()).inc(records);
    recordsOut.inc(records);
    files.inc();
  }

  static long countPPRecordIO(ResourceId file) throws IOException {
    try (ReadableByteChannel channel = FileSystems.open(file)) {
      String name = file.toString();
      try (PPRecordReader reader = PPRecordReader.open(channel, name, 0, Long.MAX_VALUE,
          ReaderOptions.defaults(), CountOutputRecords::damaged)) {
        long n = 0;
        while (reader.advance()) {
          n++;
        }
        return n;
      }
    }
  }

  private static void damaged(CorruptRegion region) {
    throw new IllegalStateException("output file damaged right after it was written: " + region);
  }

  static long countTfRecords(ResourceId file, Compression compression) throws IOException {
    try (InputStream in = open(file, compression)) {
      return TfRecordFraming.count(in, file.toString());
    }
  }

  /** Lines as {@code wc -l} counts them, plus a last line without a terminator. */
  static long countLines(ResourceId file, Compression compression) throws IOException {
    try (InputStream in = open(file, compression)) {
      byte[] buffer = new byte[64 << 10];
      long lines = 0;
      int last = '\n';
      int r;
      while ((r = in.read(buffer)) > 0) {
        for (int i = 0; i < r; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
        last = buffer[r - 1];
      }
      return last == '\n' ? lines : lines + 1;
    }
  }

  private Configuration configuration(PipelineOptions options) {
    if (conf == null) {
      conf = HadoopFiles.configuration(options);
    }
    return conf;
  }

  /** The record counts of the file's blocks, without decoding the records. */
  static long countAvro(ResourceId file) throws IOException {
    try (DataFileStream<GenericRecord> avro = new DataFileStream<>(
        Channels.newInputStream(FileSystems.open(file)), new GenericDatumReader<>())) {
      long n = 0;
      while (avro.hasNext()) {
        n += avro.getBlockCount();
        avro.nextBlock();
      }
      return n;
    }
  }

  /** The row count of the file's footer. */
  static long countParquet(ResourceId file, Configuration conf) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(
        HadoopInputFile.fromPath(HadoopFiles.path(file), conf))) {
      return reader.getRecordCount();
    }
  }

  static long countSequenceFile(ResourceId file, Configuration conf) throws IOException {
    try (SequenceFile.Reader reader = new SequenceFile.Reader(conf,
        SequenceFile.Reader.file(HadoopFiles.path(file)))) {
      Writable key = (Writable) ReflectionUtils.newInstance(reader.getKeyClass(), conf);
      long n = 0;
      while (reader.next(key)) {
        n++;
      }
      return n;
    }
  }

  private static InputStream open(ResourceId file, Compression compression) throws IOException {
    return new BufferedInputStream(Channels.newInputStream(
        compression.readDecompressed(FileSystems.open(file))), 64 << 10);
  }
}

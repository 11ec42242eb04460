package io.pprecordio.examples.convert;

import io.pprecordio.CorruptRegion;
import io.pprecordio.PPRecordReader;
import io.pprecordio.ReaderOptions;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
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
        if (conf == null) {
          conf = HadoopFiles.configuration(options);
        }
        records = countSequenceFile(file, conf);
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

  /** TFRecord frames: u64 length (little-endian), u32 length CRC, data, u32 data CRC. */
  static long countTfRecords(ResourceId file, Compression compression) throws IOException {
    try (DataInputStream in = new DataInputStream(open(file, compression))) {
      long n = 0;
      long offset = 0;
      byte[] header = new byte[12];
      while (true) {
        int first = in.read();
        if (first < 0) {
          return n;
        }
        header[0] = (byte) first;
        try {
          in.readFully(header, 1, 11);
          long length = (header[0] & 0xffL) | (header[1] & 0xffL) << 8
              | (header[2] & 0xffL) << 16 | (header[3] & 0xffL) << 24
              | (header[4] & 0xffL) << 32 | (header[5] & 0xffL) << 40
              | (header[6] & 0xffL) << 48 | (header[7] & 0xffL) << 56;
          if (length < 0) {
            throw new IOException(file + ": TFRecord at offset " + offset + " has a length of "
                + Long.toUnsignedString(length) + " bytes");
          }
          in.skipNBytes(length + 4);
          offset += 16 + length;
        } catch (EOFException e) {
          throw new IOException(file + ": TFRecord truncated at offset " + offset, e);
        }
        n++;
      }
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

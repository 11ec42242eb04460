package io.pprecordio.examples.convert;

import java.io.IOException;
import java.util.Arrays;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapred.SequenceFileRecordReader;

/**
 * Reads the values of Hadoop SequenceFiles as records: {@code BytesWritable} and {@code Text}
 * values as their bytes, any other {@code Writable} as its serialized form. Keys are read (their
 * class must be on the classpath) and dropped.
 *
 * <p>Each file is cut into byte ranges that workers read in parallel. A range is read by Hadoop's
 * own {@link SequenceFileRecordReader}, which starts at the first sync marker after the range's
 * start and stops at the first one past its end, exactly as a MapReduce split does, so every
 * record is read once however the file is cut.
 */
final class SequenceFileRead extends PTransform<PCollection<Metadata>, PCollection<byte[]>> {
  private static final long serialVersionUID = 1L;

  static final long DEFAULT_SPLIT_BYTES = 64L << 20;

  private final long splitBytes;

  SequenceFileRead(long splitBytes) {
    if (splitBytes < 1) {
      throw new IllegalArgumentException("splitBytes must be positive");
    }
    this.splitBytes = splitBytes;
  }

  @Override
  public PCollection<byte[]> expand(PCollection<Metadata> files) {
    return files
        .apply("Split files", ParDo.of(new SplitFn(splitBytes)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), KvCoder.of(VarLongCoder.of(),
            VarLongCoder.of())))
        .apply("Reshuffle ranges", Reshuffle.viaRandomKey())
        .apply("Read ranges", ParDo.of(new ReadRangeFn()));
  }

  /** One file to {@code (path, (start, length))} ranges of about {@code splitBytes}. */
  static final class SplitFn extends DoFn<Metadata, KV<String, KV<Long, Long>>> {
    private static final long serialVersionUID = 1L;
    private final long splitBytes;

    SplitFn(long splitBytes) {
      this.splitBytes = splitBytes;
    }

    @ProcessElement
    public void process(@Element Metadata file,
        OutputReceiver<KV<String, KV<Long, Long>>> out) {
      String path = HadoopFiles.path(file.resourceId()).toString();
      long size = file.sizeBytes();
      if (size == 0) {
        return; // an empty file holds no records (and no header to read)
      }
      for (long start = 0; start < size; start += splitBytes) {
        out.output(KV.of(path, KV.of(start, Math.min(splitBytes, size - start))));
      }
    }
  }

  static final class ReadRangeFn extends DoFn<KV<String, KV<Long, Long>>, byte[]> {
    private static final long serialVersionUID = 1L;
    private transient Configuration conf;

    @ProcessElement
    public void process(@Element KV<String, KV<Long, Long>> range, PipelineOptions options,
        OutputReceiver<byte[]> out) throws IOException {
      if (conf == null) {
        conf = HadoopFiles.configuration(options);
      }
      FileSplit split = new FileSplit(new org.apache.hadoop.fs.Path(range.getKey()),
          range.getValue().getKey(), range.getValue().getValue(), (String[]) null);
      SequenceFileRecordReader<Writable, Writable> reader =
          new SequenceFileRecordReader<>(conf, split);
      try {
        Writable key = reader.createKey();
        Writable value = reader.createValue();
        DataOutputBuffer buffer = new DataOutputBuffer();
        while (reader.next(key, value)) {
          out.output(bytes(value, buffer));
        }
      } finally {
        reader.close();
      }
    }
  }

  /** The record a value stands for. */
  static byte[] bytes(Writable value, DataOutputBuffer buffer) throws IOException {
    if (value instanceof BytesWritable) {
      return ((BytesWritable) value).copyBytes();
    }
    if (value instanceof Text) {
      return ((Text) value).copyBytes();
    }
    buffer.reset();
    value.write(buffer);
    return Arrays.copyOf(buffer.getData(), buffer.getLength());
  }
}

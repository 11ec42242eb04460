package io.pprecordio.hadoop;

import io.pprecordio.Codec;
import io.pprecordio.FormatVersion;
import io.pprecordio.PPRecordWriter;
import io.pprecordio.WriterOptions;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionOutputStream;
import org.apache.hadoop.io.compress.GzipCodec;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * Writes pp_recordio files with the {@code mapreduce} API, one {@code part-*.pp_recordio} file per
 * task. Files are written in the output committer's work directory, so a task's file appears only
 * when the task commits: failed and speculative attempts leave nothing behind. Keys are ignored;
 * each value is one record.
 *
 * <pre>{@code
 * job.setOutputFormatClass(PPRecordOutputFormat.class);
 * job.setOutputKeyClass(NullWritable.class);
 * job.setOutputValueClass(BytesWritable.class);
 * PPRecordOutputFormat.setOutputPath(job, new Path("hdfs:///data/out"));
 * PPRecordOutputFormat.setCodec(job, Codec.ZSTD);
 * }</pre>
 *
 * <p>Per-record compression ({@link #CODEC}) keeps files splittable. Whole-file compression
 * ({@link FileOutputFormat#setCompressOutput}) is honored as in TextOutputFormat, but a
 * whole-file compressed file is read unsplit.
 */
public class PPRecordOutputFormat extends FileOutputFormat<NullWritable, BytesWritable> {
  /** Extension of the files written, before any whole-file codec's extension. */
  public static final String EXTENSION = ".pp_recordio";

  /** Per-record compression: {@code none} (the default), {@code gzip} or {@code zstd}. */
  public static final String CODEC = "pprecordio.output.codec";

  /**
   * Frame format: {@code v2} (the default) or {@code v1}, the format of the original pp-recordio
   * package, which cannot hold zstd records.
   */
  public static final String FORMAT_VERSION = "pprecordio.output.format.version";

  /** Level of the per-record codec; -1 (the default) uses the codec's default (gzip 6, zstd 3). */
  public static final String COMPRESSION_LEVEL = "pprecordio.output.compression.level";

  @Override
  public RecordWriter<NullWritable, BytesWritable> getRecordWriter(TaskAttemptContext context)
      throws IOException {
    Configuration conf = context.getConfiguration();
    CompressionCodec wholeFile = getCompressOutput(context)
        ? ReflectionUtils.newInstance(getOutputCompressorClass(context, GzipCodec.class), conf)
        : null;
    Path file = getDefaultWorkFile(context,
        EXTENSION + (wholeFile == null ? "" : wholeFile.getDefaultExtension()));
    PPRecordWriter writer = createWriter(conf, file, wholeFile);
    return new RecordWriter<>() {
      @Override
      public void write(NullWritable key, BytesWritable value) throws IOException {
        if (value == null) {
          throw new NullPointerException("a pp_recordio record must be a BytesWritable, not null");
        }
        writer.write(value.getBytes(), 0, value.getLength());
      }

      @Override
      public void close(TaskAttemptContext ignored) throws IOException {
        writer.close();
      }
    };
  }

  /**
   * Creates {@code file} (failing if it exists) and returns a writer with the options of the
   * configuration's {@code pprecordio.output.*} keys, the way both output formats do. The writer's
   * {@code sync()} is the stream's {@code hsync()}.
   *
   * @param wholeFileCodec a codec to compress the whole file with, or null
   */
  public static PPRecordWriter createWriter(Configuration conf, Path file,
      CompressionCodec wholeFileCodec) throws IOException {
    WriterOptions options = writerOptions(conf);
    FSDataOutputStream out = file.getFileSystem(conf).create(file, false);
    if (wholeFileCodec == null) {
      return PPRecordWriter.to(out, options, out::hsync);
    }
    CompressionOutputStream compressed;
    try {
      compressed = wholeFileCodec.createOutputStream(out);
    } catch (IOException | RuntimeException e) {
      out.close();
      throw e;
    }
    return PPRecordWriter.to(compressed, options, () -> {
      compressed.flush();
      out.hsync();
    });
  }

  /** Sets {@link #CODEC}. */
  public static void setCodec(Job job, Codec codec) {
    setCodec(job.getConfiguration(), codec);
  }

  /** Sets {@link #CODEC} on a configuration, such as the one Spark passes. */
  public static void setCodec(Configuration conf, Codec codec) {
    conf.set(CODEC, codec.name().toLowerCase(java.util.Locale.ROOT));
  }

  /** The {@link #CODEC} of a job. */
  public static Codec getCodec(JobContext job) {
    return Settings.codec(job.getConfiguration());
  }

  /** Sets {@link #FORMAT_VERSION}. */
  public static void setFormatVersion(Job job, FormatVersion version) {
    setFormatVersion(job.getConfiguration(), version);
  }

  /** Sets {@link #FORMAT_VERSION} on a configuration, such as the one Spark passes. */
  public static void setFormatVersion(Configuration conf, FormatVersion version) {
    conf.set(FORMAT_VERSION, version.name().toLowerCase(java.util.Locale.ROOT));
  }

  /** The {@link #FORMAT_VERSION} of a job. */
  public static FormatVersion getFormatVersion(JobContext job) {
    return Settings.formatVersion(job.getConfiguration());
  }

  /** Sets {@link #COMPRESSION_LEVEL}. */
  public static void setCompressionLevel(Job job, int level) {
    setCompressionLevel(job.getConfiguration(), level);
  }

  /** Sets {@link #COMPRESSION_LEVEL} on a configuration, such as the one Spark passes. */
  public static void setCompressionLevel(Configuration conf, int level) {
    conf.setInt(COMPRESSION_LEVEL, level);
  }

  /**
   * The core writer options that a configuration's {@code pprecordio.output.*} keys describe.
   *
   * @throws IllegalArgumentException naming the key when a value is not valid
   */
  public static WriterOptions writerOptions(Configuration conf) {
    return Settings.writerOptions(conf);
  }
}

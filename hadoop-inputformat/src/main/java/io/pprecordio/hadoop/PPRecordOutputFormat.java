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
 * <p>For many small records, block mode ({@link #BLOCK}, {@link #setBlock(Job, int, int)})
 * with {@code zstd} compresses records together, and files stay splittable at any byte.
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

  /**
   * Block mode (FORMAT.md 3.4): {@code true} gathers records into block frames of up to
   * {@link #BLOCK_RECORDS} records and {@link #BLOCK_BYTES} bytes, each compressed as one with
   * {@link #CODEC} (use {@code zstd}; with {@code none} blocks only save the per-record headers).
   * Unset, block mode is on when either size key is set; {@code false} turns it off whatever the
   * sizes say (a job can so override a site default). Files stay splittable at any byte; the
   * readers of this project read them transparently, the original pp-recordio package cannot,
   * and {@code v1} ({@link #FORMAT_VERSION}) refuses block mode.
   */
  public static final String BLOCK = "pprecordio.output.block";

  /**
   * Block mode: the most records of one block, 1 to 32767. Default 4096
   * ({@link WriterOptions#DEFAULT_BLOCK_RECORDS}).
   */
  public static final String BLOCK_RECORDS = "pprecordio.output.block.records";

  /**
   * Block mode: the most record bytes of one block before it is closed (a larger record gets a
   * block of its own), 1 byte to 64 MiB; suffixes such as {@code 128k} work. Default 131072
   * ({@link WriterOptions#DEFAULT_BLOCK_BYTES}). A reader holds one decoded block in memory.
   */
  public static final String BLOCK_BYTES = "pprecordio.output.block.bytes";

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
   * Turns block mode ({@link #BLOCK}) on, with the sizes of {@link #BLOCK_RECORDS} and
   * {@link #BLOCK_BYTES} or core's defaults, or off.
   */
  public static void setBlock(Job job, boolean block) {
    setBlock(job.getConfiguration(), block);
  }

  /** Sets {@link #BLOCK} on a configuration, such as the one Spark passes. */
  public static void setBlock(Configuration conf, boolean block) {
    conf.setBoolean(BLOCK, block);
  }

  /**
   * Turns block mode on with blocks of up to {@code maxRecords} records and {@code maxBytes}
   * record bytes ({@link #BLOCK_RECORDS}, {@link #BLOCK_BYTES}).
   *
   * @throws IllegalArgumentException if core refuses the sizes
   */
  public static void setBlock(Job job, int maxRecords, int maxBytes) {
    setBlock(job.getConfiguration(), maxRecords, maxBytes);
  }

  /** Sets block mode's keys on a configuration, such as the one Spark passes. */
  public static void setBlock(Configuration conf, int maxRecords, int maxBytes) {
    WriterOptions.defaults().withBlock(maxRecords, maxBytes); // core checks the sizes
    conf.setBoolean(BLOCK, true);
    conf.setInt(BLOCK_RECORDS, maxRecords);
    conf.setInt(BLOCK_BYTES, maxBytes);
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

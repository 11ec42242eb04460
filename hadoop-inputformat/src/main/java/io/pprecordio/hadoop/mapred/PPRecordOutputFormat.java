package io.pprecordio.hadoop.mapred;

import io.pprecordio.Codec;
import io.pprecordio.FormatVersion;
import io.pprecordio.PPRecordWriter;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.GzipCodec;
import org.apache.hadoop.mapred.FileOutputFormat;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordWriter;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.util.Progressable;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * Writes pp_recordio files with the old {@code mapred} API, one {@code part-*.pp_recordio} file per
 * task, through the output committer's work directory. Keys are ignored; each value is one
 * record. Configuration keys, block mode included, are those of
 * {@link io.pprecordio.hadoop.PPRecordOutputFormat}.
 *
 * <pre>{@code
 * job.setOutputFormat(PPRecordOutputFormat.class);
 * job.setOutputKeyClass(NullWritable.class);
 * job.setOutputValueClass(BytesWritable.class);
 * PPRecordOutputFormat.setOutputPath(job, new Path("hdfs:///data/out"));
 * PPRecordOutputFormat.setCodec(job, Codec.GZIP);
 * }</pre>
 */
public class PPRecordOutputFormat extends FileOutputFormat<NullWritable, BytesWritable> {
  /** See {@link io.pprecordio.hadoop.PPRecordOutputFormat#EXTENSION}. */
  public static final String EXTENSION = io.pprecordio.hadoop.PPRecordOutputFormat.EXTENSION;
  /** See {@link io.pprecordio.hadoop.PPRecordOutputFormat#CODEC}. */
  public static final String CODEC = io.pprecordio.hadoop.PPRecordOutputFormat.CODEC;
  /** See {@link io.pprecordio.hadoop.PPRecordOutputFormat#FORMAT_VERSION}. */
  public static final String FORMAT_VERSION =
      io.pprecordio.hadoop.PPRecordOutputFormat.FORMAT_VERSION;
  /** See {@link io.pprecordio.hadoop.PPRecordOutputFormat#COMPRESSION_LEVEL}. */
  public static final String COMPRESSION_LEVEL =
      io.pprecordio.hadoop.PPRecordOutputFormat.COMPRESSION_LEVEL;
  /** See {@link io.pprecordio.hadoop.PPRecordOutputFormat#BLOCK}. */
  public static final String BLOCK = io.pprecordio.hadoop.PPRecordOutputFormat.BLOCK;
  /** See {@link io.pprecordio.hadoop.PPRecordOutputFormat#BLOCK_RECORDS}. */
  public static final String BLOCK_RECORDS =
      io.pprecordio.hadoop.PPRecordOutputFormat.BLOCK_RECORDS;
  /** See {@link io.pprecordio.hadoop.PPRecordOutputFormat#BLOCK_BYTES}. */
  public static final String BLOCK_BYTES = io.pprecordio.hadoop.PPRecordOutputFormat.BLOCK_BYTES;

  @Override
  public RecordWriter<NullWritable, BytesWritable> getRecordWriter(FileSystem ignored, JobConf job,
      String name, Progressable progress) throws IOException {
    CompressionCodec wholeFile = getCompressOutput(job)
        ? ReflectionUtils.newInstance(getOutputCompressorClass(job, GzipCodec.class), job)
        : null;
    Path file = getTaskOutputPath(job,
        name + EXTENSION + (wholeFile == null ? "" : wholeFile.getDefaultExtension()));
    PPRecordWriter writer =
        io.pprecordio.hadoop.PPRecordOutputFormat.createWriter(job, file, wholeFile);
    return new RecordWriter<>() {
      @Override
      public void write(NullWritable key, BytesWritable value) throws IOException {
        if (value == null) {
          throw new NullPointerException("a pp_recordio record must be a BytesWritable, not null");
        }
        writer.write(value.getBytes(), 0, value.getLength());
      }

      @Override
      public void close(Reporter reporter) throws IOException {
        writer.close();
      }
    };
  }

  /** Sets {@link #CODEC}. */
  public static void setCodec(JobConf job, Codec codec) {
    io.pprecordio.hadoop.PPRecordOutputFormat.setCodec(job, codec);
  }

  /** The {@link #CODEC} of a job. */
  public static Codec getCodec(JobConf job) {
    return io.pprecordio.hadoop.PPRecordOutputFormat.writerOptions(job).codec();
  }

  /** Sets {@link #FORMAT_VERSION}. */
  public static void setFormatVersion(JobConf job, FormatVersion version) {
    io.pprecordio.hadoop.PPRecordOutputFormat.setFormatVersion(job, version);
  }

  /** The {@link #FORMAT_VERSION} of a job. */
  public static FormatVersion getFormatVersion(JobConf job) {
    return io.pprecordio.hadoop.PPRecordOutputFormat.writerOptions(job).formatVersion();
  }

  /** Sets {@link #COMPRESSION_LEVEL}. */
  public static void setCompressionLevel(JobConf job, int level) {
    io.pprecordio.hadoop.PPRecordOutputFormat.setCompressionLevel(job, level);
  }

  /** Turns block mode ({@link #BLOCK}) on or off; see the {@code mapreduce} format. */
  public static void setBlock(JobConf job, boolean block) {
    io.pprecordio.hadoop.PPRecordOutputFormat.setBlock(job, block);
  }

  /** Turns block mode on with blocks of up to {@code maxRecords} records and {@code maxBytes}. */
  public static void setBlock(JobConf job, int maxRecords, int maxBytes) {
    io.pprecordio.hadoop.PPRecordOutputFormat.setBlock(job, maxRecords, maxBytes);
  }
}

package io.pprecordio.examples.convert;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.DefaultCodec;
import org.apache.hadoop.io.compress.GzipCodec;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * A {@link FileIO.Sink} writing records as the values of a Hadoop SequenceFile, with
 * {@link NullWritable} keys and {@link BytesWritable} or {@link Text} values, optionally
 * block-compressed. It writes through the channel {@code FileIO} hands it, so Beam's own
 * temporary-file and rename protocol applies: a failed bundle leaves no partial shard.
 */
final class SequenceFileSink implements FileIO.Sink<byte[]> {
  private static final long serialVersionUID = 1L;
  private static final int BUFFER_BYTES = 256 << 10;

  private final Class<? extends Writable> valueClass;
  private final Compression compression;

  private transient SequenceFile.Writer writer;
  private transient BytesWritable bytesValue;
  private transient Text textValue;

  /**
   * @param compression {@link Compression#UNCOMPRESSED}, or GZIP, BZIP2 or DEFLATE for block
   *     compression with Hadoop's codec of that name
   */
  SequenceFileSink(Class<? extends Writable> valueClass, Compression compression) {
    if (valueClass != BytesWritable.class && valueClass != Text.class) {
      throw new IllegalArgumentException("values must be BytesWritable or Text");
    }
    codecClass(compression); // fails early on a compression Hadoop cannot do here
    this.valueClass = valueClass;
    this.compression = compression;
  }

  static Class<? extends CompressionCodec> codecClass(Compression compression) {
    switch (compression) {
      case UNCOMPRESSED:
        return null;
      case GZIP:
        return GzipCodec.class;
      case BZIP2:
        return BZip2Codec.class;
      case DEFLATE:
        return DefaultCodec.class;
      default:
        throw new IllegalArgumentException("SequenceFiles cannot be written with " + compression
            + " compression here; use gzip, bzip2 or deflate");
    }
  }

  @Override
  public void open(WritableByteChannel channel) throws IOException {
    // The writer only serializes and compresses; the file system is Beam's, so no site
    // configuration is needed.
    Configuration conf = new Configuration(false);
    conf.set("io.serializations", "org.apache.hadoop.io.serializer.WritableSerialization");
    FSDataOutputStream out = new FSDataOutputStream(
        new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES), null);
    Class<? extends CompressionCodec> codecClass = codecClass(compression);
    SequenceFile.Writer.Option compressionOption = codecClass == null
        ? SequenceFile.Writer.compression(SequenceFile.CompressionType.NONE)
        : SequenceFile.Writer.compression(SequenceFile.CompressionType.BLOCK,
            ReflectionUtils.newInstance(codecClass, conf));
    writer = SequenceFile.createWriter(conf, SequenceFile.Writer.stream(out),
        SequenceFile.Writer.keyClass(NullWritable.class),
        SequenceFile.Writer.valueClass(valueClass), compressionOption);
    bytesValue = new BytesWritable();
    textValue = new Text();
  }

  @Override
  public void write(byte[] record) throws IOException {
    if (valueClass == Text.class) {
      textValue.set(record);
      writer.append(NullWritable.get(), textValue);
    } else {
      bytesValue.set(record, 0, record.length);
      writer.append(NullWritable.get(), bytesValue);
    }
  }

  /**
   * Writes the last compressed block and flushes; the writer does not own the stream, so the
   * channel stays open for {@code FileIO} to close, as the sink contract asks.
   */
  @Override
  public void flush() throws IOException {
    writer.close();
  }
}

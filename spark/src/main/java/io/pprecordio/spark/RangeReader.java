package io.pprecordio.spark;

import io.pprecordio.PPRecordReader;
import io.pprecordio.ReaderOptions;
import java.io.IOException;
import java.nio.channels.Channels;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.Decompressor;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.execution.datasources.PartitionedFile;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the records of one byte range of one file (a {@link PartitionedFile}) through core's
 * range reader, which resynchronizes and decides which range owns each record and each corrupt
 * region (a block frame with all its records, FORMAT.md 3.4, belongs to the range that holds its
 * first byte; its records come out one row each). A file under whole-file compression (a Hadoop codec such as {@code .gz}) is never split
 * by the scan, and is read here as one stream.
 */
final class RangeReader implements PartitionReader<InternalRow> {
  private static final Logger LOG = LoggerFactory.getLogger(RangeReader.class);
  /**
   * Stream buffer at open, unless io.file.buffer.size is larger: the reader asks for large reads,
   * and with the 4 KiB default a checksummed local file system reads 4 KiB at a time. HDFS and
   * object stores ignore it.
   */
  private static final int OPEN_BUFFER_BYTES = 128 << 10;

  private final Configuration conf;
  private final CompressionCodecFactory codecs;
  private final PartitionedFile file;
  private final ReaderOptions options;
  private final ReadAccumulators accumulators;
  /** The current row, written in place: no array per record (the record goes through buffer). */
  private final UnsafeRowWriter row;
  private byte[] buffer = new byte[4096];
  private final int recordAt;
  private final int fileAt;
  private final int offsetAt;
  private final int indexAt;
  private final UTF8String fileName;
  private PPRecordReader reader;
  private Decompressor decompressor;
  private boolean closed;

  RangeReader(Configuration conf, CompressionCodecFactory codecs, PartitionedFile file,
      StructType columns, ReaderOptions options, ReadAccumulators accumulators) {
    this.conf = conf;
    this.codecs = codecs;
    this.file = file;
    this.options = options;
    this.accumulators = accumulators;
    this.fileName = UTF8String.fromString(file.toPath().toString());
    this.row = new UnsafeRowWriter(columns.size());
    this.recordAt = indexOf(columns, Columns.RECORD);
    this.fileAt = indexOf(columns, Columns.FILE);
    this.offsetAt = indexOf(columns, Columns.OFFSET);
    this.indexAt = indexOf(columns, Columns.INDEX_IN_BLOCK);
  }

  /** Opens the file at the first {@link #next()}, which may throw what opening throws. */
  private PPRecordReader open() throws IOException {
    Path path = file.toPath();
    String name = path.toString();
    CompressionCodec codec = codecs.getCodec(path);
    FSDataInputStream in = path.getFileSystem(conf).open(path,
        Math.max(conf.getInt("io.file.buffer.size", 4096), OPEN_BUFFER_BYTES));
    try {
      if (codec == null) {
        return PPRecordReader.open(new HadoopChannel(in, file.fileSize()), name, file.start(),
            file.start() + file.length(), options, region -> LOG.debug("{}", region));
      }
      decompressor = CodecPool.getDecompressor(codec); // null for codecs that need none
      return PPRecordReader.open(Channels.newChannel(codec.createInputStream(in, decompressor)),
          name, 0, Long.MAX_VALUE, options, region -> LOG.debug("{}", region));
    } catch (IOException | RuntimeException e) {
      in.close();
      releaseDecompressor();
      throw e;
    }
  }

  private static int indexOf(StructType columns, String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.fields()[i].name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public boolean next() throws IOException {
    if (closed) {
      return false;
    }
    if (reader == null) {
      reader = open();
    }
    if (!reader.advance()) {
      return false;
    }
    row.reset();
    if (recordAt >= 0) {
      int length = reader.recordLength();
      if (buffer.length < length) {
        buffer = new byte[(int) Math.max(length,
            Math.min(buffer.length * 2L, Integer.MAX_VALUE - 64))];
      }
      reader.copyRecordTo(buffer, 0);
      row.write(recordAt, buffer, 0, length);
    }
    if (fileAt >= 0) {
      row.write(fileAt, fileName);
    }
    if (offsetAt >= 0) {
      row.write(offsetAt, reader.offset());
    }
    if (indexAt >= 0) {
      row.write(indexAt, reader.indexInBlock());
    }
    return true;
  }

  @Override
  public InternalRow get() {
    return row.getRow();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (reader != null) {
        accumulators.add(reader.stats());
        reader.close();
      }
    } finally {
      releaseDecompressor();
    }
  }

  private void releaseDecompressor() {
    if (decompressor != null) {
      CodecPool.returnDecompressor(decompressor);
      decompressor = null;
    }
  }
}

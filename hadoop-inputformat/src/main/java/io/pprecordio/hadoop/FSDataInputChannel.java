package io.pprecordio.hadoop;

import io.pprecordio.SeekableStreamChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.hadoop.fs.ByteBufferReadable;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * Core's seekable channel over a Hadoop stream, for core's range reader.
 *
 * <p>Reads into direct buffers (core's read window is one) go straight into the buffer when the
 * stream can ({@link ByteBufferReadable}: HDFS, for example), and otherwise through core's small
 * heap array. Seeks are deferred to the next read, so a position at or past the end never reaches
 * the stream (HDFS throws on seeks past EOF). The size is the file length at open: the reader's
 * view of a file that is still growing stays consistent.
 */
final class FSDataInputChannel extends SeekableStreamChannel {
  private final FSDataInputStream in;
  private final boolean byteBufferReads;

  FSDataInputChannel(FSDataInputStream in, long size) throws IOException {
    super(size, in.getPos());
    this.in = in;
    this.byteBufferReads = in.getWrappedStream() instanceof ByteBufferReadable;
  }

  @Override
  protected void seekStream(long pos) throws IOException {
    in.seek(pos);
  }

  @Override
  protected int readStream(byte[] b, int off, int len) throws IOException {
    return in.read(b, off, len);
  }

  @Override
  protected int readIntoDirect(ByteBuffer dst, int want) throws IOException {
    if (!byteBufferReads) {
      return super.readIntoDirect(dst, want);
    }
    int limit = dst.limit();
    dst.limit(dst.position() + want);
    try {
      return in.read(dst);
    } finally {
      dst.limit(limit);
    }
  }

  @Override
  protected void closeStream() throws IOException {
    in.close();
  }

  /** Whether reads into direct buffers go straight to the stream, without a heap copy. */
  boolean readsIntoByteBuffers() {
    return byteBufferReads;
  }
}

package io.pprecordio.hadoop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import org.apache.hadoop.fs.ByteBufferReadable;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * A read-only {@link SeekableByteChannel} over a Hadoop stream, for core's range reader.
 *
 * <p>Reads into direct buffers (core's read window is one) go straight into the buffer when the
 * stream can ({@link ByteBufferReadable}: HDFS, for example), and otherwise through a small heap
 * array. Seeks are deferred to the next read, so moving the position costs nothing until bytes are
 * needed and a position at or past the end never reaches the stream (HDFS throws on seeks past
 * EOF). The size is the file length at open: the reader's view of a file that is still growing
 * stays consistent.
 */
final class FSDataInputChannel implements SeekableByteChannel {
  /** Small enough to stay in L2 between the stream's copy and ours (measured: 32 KiB beat 64+). */
  private static final int COPY_CHUNK = 32 << 10;

  private final FSDataInputStream in;
  private final boolean byteBufferReads;
  private final long size;
  private long position;
  private long streamPosition;
  private byte[] copyBuffer;
  private boolean open = true;

  FSDataInputChannel(FSDataInputStream in, long size) throws IOException {
    this.in = in;
    this.byteBufferReads = in.getWrappedStream() instanceof ByteBufferReadable;
    this.size = size;
    this.streamPosition = in.getPos();
    this.position = streamPosition;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    ensureOpen();
    if (!dst.hasRemaining()) {
      return 0;
    }
    if (position >= size) {
      return -1;
    }
    if (position != streamPosition) {
      in.seek(position);
      streamPosition = position;
    }
    int want = (int) Math.min(dst.remaining(), size - position);
    int n;
    if (dst.hasArray()) {
      n = in.read(dst.array(), dst.arrayOffset() + dst.position(), want);
      if (n > 0) {
        dst.position(dst.position() + n);
      }
    } else if (byteBufferReads) {
      int limit = dst.limit();
      dst.limit(dst.position() + want);
      try {
        n = in.read(dst);
      } finally {
        dst.limit(limit);
      }
    } else {
      n = copyInto(dst, want);
    }
    if (n < 0) {
      return -1; // the file shrank since it was opened: its end is here
    }
    position += n;
    streamPosition += n;
    return n;
  }

  /**
   * Fills {@code dst} through a heap array small enough to stay in cache, chunk after chunk, so
   * that one call fills the caller's whole buffer as a direct read would.
   */
  private int copyInto(ByteBuffer dst, int want) throws IOException {
    if (copyBuffer == null) {
      copyBuffer = new byte[COPY_CHUNK];
    }
    int done = 0;
    while (done < want) {
      int chunk = Math.min(want - done, copyBuffer.length);
      int r = in.read(copyBuffer, 0, chunk);
      if (r <= 0) {
        return done > 0 ? done : r;
      }
      dst.put(copyBuffer, 0, r);
      done += r;
      if (r < chunk) {
        break; // a short read: hand over what is here rather than block for more
      }
    }
    return done;
  }

  /** Whether reads into direct buffers go straight to the stream, without a heap copy. */
  boolean readsIntoByteBuffers() {
    return byteBufferReads;
  }

  @Override
  public long position() throws IOException {
    ensureOpen();
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) throws IOException {
    ensureOpen();
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position " + newPosition);
    }
    position = newPosition;
    return this;
  }

  @Override
  public long size() throws IOException {
    ensureOpen();
    return size;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public SeekableByteChannel truncate(long newSize) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() throws IOException {
    if (open) {
      open = false;
      in.close();
    }
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }
}

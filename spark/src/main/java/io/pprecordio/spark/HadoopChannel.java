package io.pprecordio.spark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * A read-only {@link SeekableByteChannel} over a Hadoop stream, so that core's range reader can
 * read any file system Spark can. Seeks are deferred to the next read (a position past the end
 * never reaches the stream, which some file systems refuse); the size is the length listed when
 * the scan was planned, so that a file still growing reads as it was listed.
 */
final class HadoopChannel implements SeekableByteChannel {
  /** Heap copy chunk for direct buffers: small enough to stay in cache. */
  private static final int COPY_CHUNK = 32 << 10;

  private final FSDataInputStream in;
  private final long size;
  private long position;
  private long streamPosition;
  private byte[] copy;
  private boolean open = true;

  HadoopChannel(FSDataInputStream in, long size) throws IOException {
    this.in = in;
    this.size = size;
    this.streamPosition = in.getPos();
    this.position = streamPosition;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    ensureOpen();
    if (position >= size) {
      return -1;
    }
    if (!dst.hasRemaining()) {
      return 0;
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
    } else {
      if (copy == null) {
        copy = new byte[COPY_CHUNK];
      }
      n = in.read(copy, 0, Math.min(want, copy.length));
      if (n > 0) {
        dst.put(copy, 0, n);
      }
    }
    if (n < 0) {
      return -1; // the file shrank since it was listed: its end is here
    }
    position += n;
    streamPosition += n;
    return n;
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

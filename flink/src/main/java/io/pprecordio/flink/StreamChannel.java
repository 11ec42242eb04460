package io.pprecordio.flink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * A read-only {@link SeekableByteChannel} over a Flink stream, for core's range reader.
 *
 * <p>Uses only {@code seek}, {@code getPos} and {@code read(byte[], int, int)}: the stream a
 * {@code FileSource} hands a format wraps the file system's stream and supports nothing else.
 * Seeks are deferred to the next read, so that moving the position costs nothing until bytes are
 * needed. The size is the file length the source saw when it planned the split.
 */
final class StreamChannel implements SeekableByteChannel {
  /** Direct buffers (core's read window is one) are filled through this much heap at a time. */
  private static final int COPY_CHUNK = 32 << 10;

  private final FSDataInputStream in;
  private final long size;
  private long position;
  private long streamPosition;
  private byte[] copy;
  private boolean open = true;

  StreamChannel(FSDataInputStream in, long size) throws IOException {
    this.in = in;
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
      return -1; // the file shrank since the split was planned: its end is here
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

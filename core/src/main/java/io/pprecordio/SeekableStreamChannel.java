package io.pprecordio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only {@link SeekableByteChannel} over a stream that can seek, such as a Hadoop or Flink
 * {@code FSDataInputStream}, for {@link PPRecordReader#open(java.nio.channels.ReadableByteChannel,
 * String, long, long, ReaderOptions, CorruptionListener) PPRecordReader.open}. A connector
 * supplies three operations of its stream; this class keeps the position, the size and the rest
 * of the channel contract, once for every engine.
 *
 * <p>Seeks are deferred to the next read, so that moving the position costs nothing until bytes
 * are needed and a position past the end never reaches the stream (some file systems refuse it).
 * The size is fixed at construction, usually the length the engine listed when it planned the
 * split, so that a file still growing reads as it was listed and one that shrank ends early.
 */
public abstract class SeekableStreamChannel implements SeekableByteChannel {
  /**
   * Direct buffers are filled through this much heap at a time: small enough to stay in L2
   * between the stream's copy and ours (measured with the Hadoop connector: 32 KiB beat 64 KiB+).
   */
  private static final int COPY_CHUNK = 32 << 10;

  private final long size;
  private long position;
  private long streamPosition;
  private byte[] copy;
  private boolean open = true;

  /**
   * @param size the input's length
   * @param streamPosition where the stream stands now: the channel's first position
   */
  protected SeekableStreamChannel(long size, long streamPosition) {
    this.size = size;
    this.streamPosition = streamPosition;
    this.position = streamPosition;
  }

  /** Moves the stream to {@code pos}. */
  protected abstract void seekStream(long pos) throws IOException;

  /** Reads up to {@code len} bytes at the stream's position; -1 at its end. */
  protected abstract int readStream(byte[] b, int off, int len) throws IOException;

  /** Closes the stream. */
  protected abstract void closeStream() throws IOException;

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
      seekStream(position);
      streamPosition = position;
    }
    int want = (int) Math.min(dst.remaining(), size - position);
    int n;
    if (dst.hasArray()) {
      n = readStream(dst.array(), dst.arrayOffset() + dst.position(), want);
      if (n > 0) {
        dst.position(dst.position() + n);
      }
    } else {
      n = readIntoDirect(dst, want);
    }
    if (n < 0) {
      return -1; // the input shrank since its size was taken: its end is here
    }
    position += n;
    streamPosition += n;
    return n;
  }

  /**
   * Reads up to {@code want} bytes at the stream's position into a buffer without an accessible
   * array (core's read window is a direct buffer); -1 at the end. By default through a heap array
   * small enough to stay in cache, chunk after chunk, so that one call fills the buffer as a
   * direct read would. A connector whose stream reads into buffers itself overrides this.
   */
  protected int readIntoDirect(ByteBuffer dst, int want) throws IOException {
    if (copy == null) {
      copy = new byte[COPY_CHUNK];
    }
    int done = 0;
    while (done < want) {
      int chunk = Math.min(want - done, copy.length);
      int r = readStream(copy, 0, chunk);
      if (r <= 0) {
        return done > 0 ? done : r;
      }
      dst.put(copy, 0, r);
      done += r;
      if (r < chunk) {
        break; // a short read: hand over what is here rather than block for more
      }
    }
    return done;
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
      closeStream();
    }
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }
}

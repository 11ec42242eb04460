package io.pprecordio;

import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * Bytes {@code [base, base + length)} of a file, already read into memory, as a channel at the
 * file's own positions: the index reads a run of nearby frames in one read, then decodes each
 * through the same {@link FrameScanner} checks as any reader.
 */
final class SpanChannel implements SeekableByteChannel {
  private final ByteBuffer bytes;
  private final long base;
  private long position;
  private boolean open = true;

  SpanChannel(ByteBuffer bytes, long base) {
    this.bytes = bytes;
    this.base = base;
    this.position = base;
  }

  @Override
  public int read(ByteBuffer dst) {
    long end = base + bytes.limit();
    if (position >= end) {
      return -1;
    }
    if (position < base) {
      throw new IllegalStateException("read at " + position + " before the span at " + base);
    }
    int n = (int) Math.min(dst.remaining(), end - position);
    dst.put(bytes.duplicate().position((int) (position - base)).limit((int) (position - base) + n));
    position += n;
    return n;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) {
    position = newPosition;
    return this;
  }

  /** The end of the span: frames are decoded as if the file ended there. */
  @Override
  public long size() {
    return base + bytes.limit();
  }

  @Override
  public SeekableByteChannel truncate(long size) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
  }
}

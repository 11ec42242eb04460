package io.pprecordio;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayDeque;

/**
 * Where an {@link InputWindow} gets its bytes: a seekable channel, which moves by repositioning,
 * or a stream behind a small replay queue, which moves forward by reading and backward only over
 * bytes handed back to it. The window is written once against this contract, so it has a single
 * mode whatever the input.
 *
 * <p>Every I/O error names the input.
 */
abstract sealed class ByteSource implements Closeable {
  private final String name;
  /** Position of the next byte {@link #read} returns. */
  long position;

  ByteSource(String name, long position) {
    this.name = name;
    this.position = position;
  }

  static ByteSource of(ReadableByteChannel channel, String name, long start) throws IOException {
    return channel instanceof SeekableByteChannel s
        ? new Seekable(s, name, start) : new Stream(channel, name);
  }

  /** Size of the input, or -1 for a stream. */
  abstract long size();

  /** Reads at {@link #position} into {@code dst}; -1 at the end of the input. */
  final int read(ByteBuffer dst) throws IOException {
    try {
      int n = readAt(dst);
      if (n > 0) {
        position += n;
      }
      return n;
    } catch (IOException e) {
      throw named(e);
    }
  }

  abstract int readAt(ByteBuffer dst) throws IOException;

  /** Moves forward to {@code pos}, at or after {@link #position}. */
  abstract void skipTo(long pos) throws IOException;

  /**
   * Moves back to {@code pos}. {@code replay} holds, in order, the bytes from pos up to
   * {@link #position}; a stream serves them again, a seekable channel needs none of them.
   */
  abstract void rewindTo(long pos, ByteBuffer... replay) throws IOException;

  /** An error about this input, with its name in the message unless it is there already. */
  final IOException named(IOException e) {
    String message = e.getMessage();
    if (message != null && message.contains(name)) {
      return e;
    }
    return new IOException(name + ": " + (message == null ? e.toString() : message), e);
  }

  /** A channel that can seek and knows its size. */
  static final class Seekable extends ByteSource {
    private final SeekableByteChannel channel;
    private final long size;

    Seekable(SeekableByteChannel channel, String name, long start) throws IOException {
      super(name, start);
      this.channel = channel;
      try {
        this.size = channel.size();
        channel.position(start);
      } catch (IOException e) {
        throw named(e);
      }
    }

    @Override
    long size() {
      return size;
    }

    @Override
    int readAt(ByteBuffer dst) throws IOException {
      return channel.read(dst);
    }

    @Override
    void skipTo(long pos) throws IOException {
      moveTo(pos);
    }

    @Override
    void rewindTo(long pos, ByteBuffer... replay) throws IOException {
      moveTo(pos);
    }

    private void moveTo(long pos) throws IOException {
      if (pos != position) {
        try {
          channel.position(pos);
        } catch (IOException e) {
          throw named(e);
        }
        position = pos;
      }
    }

    /**
     * Reads {@code dst[off, off+len)} at {@code pos} without moving {@link #position}; fewer
     * bytes only at the end of the input.
     */
    int readFully(long pos, byte[] dst, int off, int len) throws IOException {
      ByteBuffer b = ByteBuffer.wrap(dst, off, len);
      try {
        if (channel instanceof java.nio.channels.FileChannel file) {
          while (b.hasRemaining() && file.read(b, pos + b.position() - off) >= 0) {
            // Positional reads leave the channel's position alone.
          }
          return b.position() - off;
        }
        channel.position(pos);
        try {
          while (b.hasRemaining() && channel.read(b) >= 0) {
            // Until full or at the end.
          }
        } finally {
          channel.position(position);
        }
        return b.position() - off;
      } catch (IOException e) {
        throw named(e);
      }
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /**
   * A channel read once, front to back. Going back is possible only over bytes handed back with
   * {@link #rewindTo}, which the reader does for at most one frame plus its window: memory stays
   * bounded by the record limit.
   */
  static final class Stream extends ByteSource {
    private final ReadableByteChannel channel;
    private final ArrayDeque<ByteBuffer> replay = new ArrayDeque<>();
    private ByteBuffer discard;

    Stream(ReadableByteChannel channel, String name) {
      super(name, 0);
      this.channel = channel;
    }

    @Override
    long size() {
      return -1;
    }

    @Override
    int readAt(ByteBuffer dst) throws IOException {
      ByteBuffer back = replay.peekFirst();
      if (back == null) {
        return channel.read(dst);
      }
      int k = Math.min(back.remaining(), dst.remaining());
      ByteBuffer part = back.duplicate();
      part.limit(part.position() + k);
      dst.put(part);
      back.position(back.position() + k);
      if (!back.hasRemaining()) {
        replay.removeFirst();
      }
      return k;
    }

    @Override
    void skipTo(long pos) throws IOException {
      if (pos < position) {
        throw new IllegalStateException("a stream cannot move back from " + position + " to "
            + pos + " without replaying");
      }
      if (discard == null && pos > position) {
        discard = ByteBuffer.allocate(8192);
      }
      while (position < pos) {
        discard.clear().limit((int) Math.min(discard.capacity(), pos - position));
        if (read(discard) < 0) {
          return;
        }
      }
    }

    @Override
    void rewindTo(long pos, ByteBuffer... bytes) {
      long total = 0;
      for (int i = bytes.length - 1; i >= 0; i--) {
        ByteBuffer copy = ByteBuffer.allocate(bytes[i].remaining());
        copy.put(bytes[i].duplicate()).flip();
        total += copy.remaining();
        replay.addFirst(copy);
      }
      if (pos + total != position) {
        throw new IllegalStateException("replayed " + total + " bytes from " + pos
            + ", which do not reach the stream's position " + position);
      }
      position = pos;
    }

    @Override
    public void close() throws IOException {
      replay.clear();
      channel.close();
    }
  }
}

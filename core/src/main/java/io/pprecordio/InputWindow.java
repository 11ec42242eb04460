package io.pprecordio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayDeque;

/**
 * A forward-moving window over a channel, in a direct buffer the channel fills without an
 * intermediate copy. Buffer index {@code i} holds file position {@code base + i}; the unread bytes
 * are {@code [lo, hi)}. Moving past bytes only advances {@code lo}; they are moved to the front only
 * when the buffer must be refilled, and by then few remain (payloads are copied out, not kept).
 *
 * <p>The window never grows. If a frame copied out of it is rejected, {@link #rewind} returns to it:
 * its bytes are often still in the buffer; otherwise a seekable channel is repositioned, and a
 * stream that cannot seek gets the bytes back, so memory stays at the window plus one frame.
 */
final class InputWindow {
  private static final int PAGE = 4096;

  /**
   * One spare buffer per thread. Connectors open a reader per split and Hadoop one per key lookup;
   * allocating a direct buffer each time stalled the GC while it reserved direct memory.
   */
  private static final ThreadLocal<ByteBuffer> SPARE = new ThreadLocal<>();
  /** Spare buffers above this size are left to the garbage collector. */
  private static final int MAX_SPARE = 4 << 20;

  private final ReadableByteChannel channel;
  private final SeekableByteChannel seekable;
  private ByteBuffer buf;
  /** A second view of {@link #buf} for bulk moves, so callers never disturb the fill position. */
  private ByteBuffer view;
  /** A little-endian view for {@link MagicSearch}. */
  private ByteBuffer scanView;
  private long base;
  private int lo;
  private int hi;
  private boolean eof;
  /** Bytes handed back on a stream that cannot seek; served, in order, before the channel. */
  private final ArrayDeque<ByteBuffer> pushedBack = new ArrayDeque<>();

  InputWindow(ReadableByteChannel channel, long startPosition, int capacity) throws IOException {
    this.channel = channel;
    this.seekable = channel instanceof SeekableByteChannel ? (SeekableByteChannel) channel : null;
    ByteBuffer spare = SPARE.get();
    if (spare != null && spare.capacity() >= capacity) {
      SPARE.remove();
      spare.clear();
      this.buf = spare;
    } else {
      this.buf = ByteBuffer.allocateDirect(capacity);
    }
    this.view = buf.duplicate();
    this.scanView = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (seekable != null) {
      seekable.position(startPosition);
    } else if (startPosition != 0) {
      throw new IllegalArgumentException("a channel that cannot seek must be read from offset 0");
    }
    this.base = startPosition;
  }

  /** Hands the buffer back for the next window on this thread; the window is unusable after. */
  void release() {
    ByteBuffer b = buf;
    if (b == null) {
      return;
    }
    buf = null;
    view = null;
    scanView = null;
    ByteBuffer spare = SPARE.get();
    if (b.capacity() <= MAX_SPARE && (spare == null || spare.capacity() < b.capacity())) {
      SPARE.set(b);
    }
  }

  boolean isSeekable() {
    return seekable != null;
  }

  int capacity() {
    return buf.capacity();
  }

  /** The window's bytes; index with {@link #index}. Absolute gets only. */
  ByteBuffer buffer() {
    return buf;
  }

  /** The window's bytes in little-endian order, for {@link MagicSearch}. Absolute gets only. */
  ByteBuffer scanBuffer() {
    return scanView;
  }

  /** Index in {@link #buffer()} of file position {@code pos}, which must be in the window. */
  int index(long pos) {
    return (int) (pos - base);
  }

  /** Bytes available in the window from {@code pos} on, without reading. */
  int buffered(long pos) {
    return (int) (base + hi - pos);
  }

  /**
   * Makes file positions {@code [pos, pos+n)} available (n at most the capacity), reading ahead as
   * far as the window allows. Bytes before {@code pos} are given up. Returns how many of the n
   * bytes are available: fewer than n only at end of input.
   */
  int ensure(long pos, int n) throws IOException {
    if (pos < base + lo) {
      // Bytes before the window are gone: going back silently would read the wrong bytes.
      throw new IllegalStateException("window at " + (base + lo) + " cannot move back to " + pos);
    }
    long end = base + hi;
    if (pos + n <= end) {
      lo = (int) (pos - base);
      return n;
    }
    if (pos >= end) {
      skipTo(pos);
    } else {
      lo = (int) (pos - base);
      compact();
    }
    fill(n);
    return Math.min(n, hi - lo);
  }

  /** Moves the unread bytes to the front of the buffer. */
  private void compact() {
    if (lo == 0) {
      return;
    }
    if (hi > lo) {
      view.limit(hi).position(lo);
      buf.clear();
      buf.put(view);
    }
    base += lo;
    hi -= lo;
    lo = 0;
  }

  private void fill(int n) throws IOException {
    while (hi - lo < n && !eof) {
      if (hi == buf.capacity()) {
        compact();
      }
      buf.limit(buf.capacity()).position(hi);
      ByteBuffer back = pushedBack.peekFirst();
      if (back != null) {
        int k = Math.min(back.remaining(), buf.remaining());
        ByteBuffer part = back.duplicate();
        part.limit(part.position() + k);
        buf.put(part);
        back.position(back.position() + k);
        if (!back.hasRemaining()) {
          pushedBack.removeFirst();
        }
        hi += k;
        continue;
      }
      // End the read on a page boundary: unaligned reads from the page cache measured up to
      // twice as slow.
      int room = buf.remaining();
      int cut = (int) ((base + hi + room) % PAGE);
      if (room - cut >= PAGE) {
        buf.limit(buf.capacity() - cut);
      }
      int r = channel.read(buf);
      if (r < 0) {
        eof = true;
      } else {
        hi += r;
      }
    }
  }

  /** Copies {@code n} bytes at file position {@code pos} into {@code dst[off, off+n)}. */
  void get(long pos, byte[] dst, int off, int n) {
    buf.get(index(pos), dst, off, n);
  }

  /**
   * Copies {@code n} bytes starting at {@code pos} into {@code dst}: what the window holds, then
   * chunk by chunk as it refills; afterwards the window starts past them. Returns the bytes copied,
   * fewer than n only at end of input.
   */
  int copyOut(long pos, byte[] dst, int off, int n) throws IOException {
    int done = 0;
    while (done < n) {
      long at = pos + done;
      int avail = at >= base + lo ? buffered(at) : -1;
      if (avail <= 0) {
        // Nothing of it is buffered, so the refill moves nothing.
        avail = ensure(at, Math.min(n - done, buf.capacity()));
        if (avail <= 0) {
          break;
        }
      }
      int k = Math.min(avail, n - done);
      get(at, dst, off + done, k);
      done += k;
    }
    lo = (int) Math.min(hi, Math.max(lo, pos + done - base));
    return done;
  }

  /**
   * Returns to {@code pos} after {@link #copyOut} of a frame that was then rejected. If the bytes
   * are still in the buffer the window just moves back; otherwise a seekable channel is
   * repositioned, and a stream is handed {@code replay} (the bytes from pos up to the window's
   * unread bytes) to serve again before them.
   */
  void rewind(long pos, ByteBuffer... replay) throws IOException {
    if (pos >= base && pos <= base + hi) {
      lo = (int) (pos - base);
      return;
    }
    if (seekable != null) {
      seekable.position(pos);
      emptyAt(pos);
      return;
    }
    // The unread window bytes follow the replayed ones, so they go back too, after them.
    if (hi > lo) {
      ByteBuffer rest = ByteBuffer.allocate(hi - lo);
      view.limit(hi).position(lo);
      rest.put(view).flip();
      pushedBack.addFirst(rest);
    }
    for (int i = replay.length - 1; i >= 0; i--) {
      pushedBack.addFirst(replay[i]);
    }
    emptyAt(pos);
  }

  /** Drops the buffered bytes: the next read, from the channel or the pushed-back bytes, is pos. */
  private void emptyAt(long pos) {
    base = pos;
    lo = 0;
    hi = 0;
    eof = false;
  }

  private void skipTo(long pos) throws IOException {
    if (seekable != null && pushedBack.isEmpty()) {
      if (pos != base + hi) {
        seekable.position(pos);
      }
      emptyAt(pos);
      return;
    }
    base += hi;
    lo = 0;
    hi = 0;
    while (base < pos && !eof) {
      fill((int) Math.min(buf.capacity(), pos - base));
      int drop = (int) Math.min(hi, pos - base);
      lo = drop;
      compact();
    }
  }
}

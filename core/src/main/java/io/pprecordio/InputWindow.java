package io.pprecordio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A forward-moving window over a {@link ByteSource}, in a direct buffer the source fills without
 * an intermediate copy. Buffer index {@code i} holds input position {@code base + i}. The buffer
 * is always in one shape, whatever the input:
 *
 * <ul>
 *   <li>{@code [0, lo)} consumed: bytes before the position last asked for, kept only until the
 *       next refill moves the rest to the front;
 *   <li>{@code [lo, hi)} buffered: input the reader may still look at;
 *   <li>{@code [hi, capacity)} free: where the next read lands;
 *   <li>{@code eof}: the source ended at {@code base + hi}.
 * </ul>
 *
 * <p>The window never grows. Records larger than it are copied out ({@link #copyOut}); if such a
 * frame is then rejected, {@link #rewind} returns to it, handing the source the bytes it needs to
 * serve them again when it cannot seek, so memory stays at the window plus one frame.
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

  private final ByteSource source;
  private ByteBuffer buf;
  /** A second view of {@link #buf} for bulk moves, so callers never disturb the fill position. */
  private ByteBuffer view;
  /** A little-endian view for {@link MagicSearch}. */
  private ByteBuffer scanView;
  private long base;
  private int lo;
  private int hi;
  private boolean eof;

  InputWindow(ByteSource source, int capacity) {
    this.source = source;
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
    this.base = source.position;
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

  /** Index in {@link #buffer()} of input position {@code pos}, which must be in the window. */
  int index(long pos) {
    return (int) (pos - base);
  }

  /** Bytes available in the window from {@code pos} on, without reading. */
  int buffered(long pos) {
    return (int) (base + hi - pos);
  }

  /**
   * Makes input positions {@code [pos, pos+n)} available (n at most the capacity), reading ahead
   * as far as the window allows. Bytes before {@code pos} are given up. Returns how many of the n
   * bytes are available: fewer than n only at the end of the input.
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
      source.skipTo(pos);
      emptyAt(pos);
      eof = false;
    } else {
      lo = (int) (pos - base);
      compact();
    }
    fill(n);
    return Math.min(n, hi - lo);
  }

  /** Moves the buffered bytes to the front of the buffer. */
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
      // End the read on a page boundary: unaligned reads from the page cache measured up to
      // twice as slow.
      int room = buf.remaining();
      int cut = (int) ((base + hi + room) % PAGE);
      if (room - cut >= PAGE) {
        buf.limit(buf.capacity() - cut);
      }
      int r = source.read(buf);
      if (r < 0) {
        eof = true;
      } else {
        hi += r;
      }
    }
  }

  /**
   * Copies {@code [pos, pos+n)} into {@code dst[off, off+n)} if the buffer still holds all of it
   * (consumed bytes included), without reading; false otherwise.
   */
  boolean tryGet(long pos, byte[] dst, int off, int n) {
    if (pos < base || pos + n > base + hi) {
      return false;
    }
    buf.get((int) (pos - base), dst, off, n);
    return true;
  }

  /** Copies {@code n} bytes at input position {@code pos} into {@code dst[off, off+n)}. */
  void get(long pos, byte[] dst, int off, int n) {
    buf.get(index(pos), dst, off, n);
  }

  /**
   * Copies {@code n} bytes starting at {@code pos} into {@code dst}: what the window holds, then
   * chunk by chunk as it refills; afterwards the window starts past them. Returns the bytes copied,
   * fewer than n only at the end of the input.
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
   * are still in the buffer the window just moves back; otherwise the source goes back, given
   * {@code replay} (the bytes from pos up to the window's buffered bytes) and the buffered bytes
   * in case it has to serve them again.
   */
  void rewind(long pos, ByteBuffer... replay) throws IOException {
    if (pos >= base && pos <= base + hi) {
      lo = (int) (pos - base);
      return;
    }
    ByteBuffer[] all = java.util.Arrays.copyOf(replay, replay.length + 1);
    all[replay.length] = view.duplicate().limit(hi).position(lo);
    source.rewindTo(pos, all);
    emptyAt(pos);
    eof = false;
  }

  /** Drops the buffered bytes: the next read, at pos, comes from the source. */
  private void emptyAt(long pos) {
    base = pos;
    lo = 0;
    hi = 0;
  }
}

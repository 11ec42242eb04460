package io.pprecordio.benchmarks.core;

import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A channel that drops what it is given: the target of write benchmarks that time the writer's
 * CPU work (framing, compression, checksums) without the page cache or the disk.
 */
final class NullChannel implements WritableByteChannel {
  private boolean open = true;

  @Override
  public int write(ByteBuffer src) {
    int n = src.remaining();
    src.position(src.limit());
    return n;
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

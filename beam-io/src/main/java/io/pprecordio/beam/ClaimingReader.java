package io.pprecordio.beam;

import io.pprecordio.CorruptRegion;
import io.pprecordio.CorruptionListener;
import io.pprecordio.PPRecordReader;
import io.pprecordio.ReaderOptions;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;

/**
 * Core's range reader with a {@link RangeClaim}: before it returns a record it claims the record's
 * frame offset, and before it reports a corrupt region whose owning offset is not claimed yet it
 * claims that owner. A refused claim ends the read. So a restriction tracker alone decides which
 * records and regions a reader delivers, however the runner splits the range while it reads.
 *
 * <p>A stand-in for core's {@code PPRecordReader.open(channel, name, start, end, options,
 * listener, claim)}, which does this inside core; it goes once that lands on main.
 */
final class ClaimingReader implements Closeable {
  private final PPRecordReader reader;
  private final RangeClaim claim;
  private long lastClaimed = -1;
  private boolean refused;

  private ClaimingReader(ReadableByteChannel channel, String name, long start, long end,
      ReaderOptions options, CorruptionListener listener, RangeClaim claim) throws IOException {
    this.claim = claim;
    CorruptionListener claiming = region -> {
      if (claimOwner(region)) {
        listener.onCorruptRegion(region);
      }
    };
    if (channel instanceof SeekableByteChannel) {
      reader = PPRecordReader.open((SeekableByteChannel) channel, name, start, end, options,
          claiming);
    } else {
      Checks.checkState(start == 0, "cannot read %s from offset %s: its channel cannot seek",
          name, start);
      reader = PPRecordReader.open(channel, name, options, claiming);
    }
  }

  /** Reads the records whose frames start in {@code [start, end)}, as far as claims allow. */
  static ClaimingReader open(ReadableByteChannel channel, String name, long start, long end,
      ReaderOptions options, CorruptionListener listener, RangeClaim claim) throws IOException {
    try {
      return new ClaimingReader(channel, name, start, end, options, listener, claim);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private boolean claimOwner(CorruptRegion region) {
    if (refused) {
      return false;
    }
    long owner = region.ownerOffset();
    if (owner <= lastClaimed) {
      return true;
    }
    try {
      if (claim.tryClaim(owner)) {
        lastClaimed = owner;
        return true;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    refused = true;
    return false;
  }

  /** Moves to the next record this reader may return; false at the end or after a refusal. */
  boolean advance() throws IOException {
    if (refused || !reader.advance() || refused) {
      return false;
    }
    if (!claim.tryClaim(reader.offset())) {
      refused = true;
      return false;
    }
    lastClaimed = reader.offset();
    return true;
  }

  byte[] record() {
    return reader.record();
  }

  long offset() {
    return reader.offset();
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}

package io.pprecordio.beam;

import io.pprecordio.CorruptRegion;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * Corrupt regions a range reader has been told about but may not own yet.
 *
 * <p>Core reports a region to the range that holds its owner (the offset core claims just before
 * it reports the region), and delivers it while looking for the record that follows it. Under dynamic work rebalancing the
 * range can shrink after that: a split may move the range's end below the owner, and then the
 * region belongs to the residual range, which reports it itself. So a reader holds each region
 * until its ownership is settled, and releases it only then, in the order it arrived.
 */
final class HeldRegions {
  private record Held(CorruptRegion region, long owner) {}

  private final ArrayDeque<Held> held = new ArrayDeque<>();

  void hold(CorruptRegion region, long owner) {
    held.addLast(new Held(region, owner));
  }

  /** Hands {@code sink} every held region whose owner is below {@code bound}, in order. */
  void releaseOwnedBelow(long bound, Consumer<CorruptRegion> sink) {
    Iterator<Held> it = held.iterator();
    while (it.hasNext()) {
      Held h = it.next();
      if (h.owner() < bound) {
        it.remove();
        sink.accept(h.region());
      }
    }
  }

  /** Hands {@code sink} every held region. */
  void releaseAll(Consumer<CorruptRegion> sink) {
    while (!held.isEmpty()) {
      sink.accept(held.pollFirst().region());
    }
  }

  /** Forgets the held regions: they belong to another range. */
  void discard() {
    held.clear();
  }

  boolean isEmpty() {
    return held.isEmpty();
  }

  int size() {
    return held.size();
  }
}

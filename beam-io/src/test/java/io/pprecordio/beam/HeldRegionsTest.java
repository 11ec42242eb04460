package io.pprecordio.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.CorruptRegion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldRegionsTest {
  private static CorruptRegion region(long offset) {
    return CorruptRegion.of("f", offset, 10, CorruptRegion.Reason.UNRECOGNIZED_BYTES, "");
  }

  @Test
  void releasesOnlyRegionsOwnedBelowTheBoundInArrivalOrder() {
    HeldRegions held = new HeldRegions();
    held.hold(region(100), 50);
    held.hold(region(200), 200);
    held.hold(region(300), 150);
    List<Long> released = new ArrayList<>();
    held.releaseOwnedBelow(200, r -> released.add(r.offset()));
    assertEquals(List.of(100L, 300L), released);
    assertEquals(1, held.size());
    held.releaseOwnedBelow(200, r -> released.add(r.offset()));
    assertEquals(List.of(100L, 300L), released);
    held.releaseAll(r -> released.add(r.offset()));
    assertEquals(List.of(100L, 300L, 200L), released);
    assertTrue(held.isEmpty());
  }

  @Test
  void discardForgetsRegionsOfAnotherRange() {
    HeldRegions held = new HeldRegions();
    held.hold(region(100), 90);
    held.discard();
    List<CorruptRegion> released = new ArrayList<>();
    held.releaseAll(released::add);
    assertTrue(released.isEmpty());
  }
}

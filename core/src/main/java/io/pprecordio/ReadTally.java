package io.pprecordio;

import java.util.OptionalLong;

/** The running counts behind a reader's {@link ReadStats}; internal and mutable. */
final class ReadTally {
  private long records;
  private long recordBytes;
  private long corruptRegions;
  private long skippedBytes;
  private long tornTailOffset = -1;
  private long tornTailBytes;

  void recordRead(int payloadBytes) {
    records++;
    recordBytes += payloadBytes;
  }

  void add(CorruptRegion region) {
    ReadStats delta = ReadStats.of(region);
    corruptRegions += delta.corruptRegions();
    skippedBytes += delta.skippedBytes();
    if (delta.tornTail()) {
      tornTailOffset = delta.tornTailOffset().getAsLong();
      tornTailBytes = delta.tornTailBytes();
    }
  }

  ReadStats snapshot() {
    return new ReadStats(records, recordBytes, corruptRegions, skippedBytes,
        tornTailOffset < 0 ? OptionalLong.empty() : OptionalLong.of(tornTailOffset),
        tornTailBytes);
  }
}

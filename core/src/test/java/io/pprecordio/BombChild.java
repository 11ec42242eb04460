package io.pprecordio;

import java.nio.file.Path;

/**
 * Reads a file in a JVM whose heap is the record limit plus a small constant, for
 * {@link DecompressionBombTest}: prints what the reader returned, or the one-line error it raised.
 */
public final class BombChild {
  private BombChild() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    long limit = Long.parseLong(args[1]);
    long records = 0;
    try (PPRecordReader reader = PPRecordReader.open(file,
        ReaderOptions.defaults().withMaxRecordBytes(limit), CorruptionListener.NONE)) {
      while (reader.advance()) {
        records++;
      }
      System.out.println("records=" + records + " regions=" + reader.stats().corruptRegions());
    } catch (RecordTooLargeException e) {
      System.out.println("TOO_LARGE " + e.getMessage());
    }
  }
}

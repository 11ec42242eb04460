package io.pprecordio.flink;

import io.pprecordio.Damage;
import io.pprecordio.RangeReads;
import io.pprecordio.ReaderOptions;
import io.pprecordio.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Test files and the records core's whole-file read returns from them. */
final class Fixtures {
  private Fixtures() {}

  /** A file's bytes and the payloads, in order, that reading it whole returns. */
  record FileData(String name, byte[] bytes, List<String> expected, RangeReads.Result whole) {
    org.apache.flink.core.fs.Path writeTo(java.nio.file.Path dir) throws IOException {
      java.nio.file.Path file = dir.resolve(name);
      Files.write(file, bytes);
      return new org.apache.flink.core.fs.Path(file.toUri());
    }
  }

  /** Empty to 5 KB records in v1, v2, gzip and zstd frames. */
  static FileData clean(String name, long seed, int count) throws IOException {
    return of(name, TestData.mixed(new Random(seed), count, false).bytes());
  }

  /**
   * {@link #clean} with a bit flipped in every ninth frame (header or payload), garbage between
   * frames, and a last frame cut 10 bytes short (a torn tail).
   */
  static FileData damaged(String name, long seed, int count) throws IOException {
    Random rnd = new Random(seed);
    Damage damage = new Damage(TestData.mixed(rnd, count, false));
    for (Damage.Frame f : damage.frames()) {
      if (f.index % 9 == 4) {
        damage.flipBit(f.offset * 8 + rnd.nextInt((int) f.length * 8));
      }
    }
    for (int i = 0; i < 3; i++) {
      damage.insertGarbageBetweenFrames(rnd);
    }
    damage.truncate(damage.bytes().length - 10);
    FileData data = of(name, damage.bytes());
    if (data.whole().stats.corruptRegions() < 3 || !data.whole().stats.tornTail()) {
      throw new AssertionError("the damage must leave corrupt regions and a torn tail: "
          + data.whole().stats + "\n" + damage.log());
    }
    return data;
  }

  static FileData of(String name, byte[] bytes) throws IOException {
    RangeReads.Result whole = RangeReads.readWhole(bytes, ReaderOptions.defaults());
    List<String> expected = new ArrayList<>();
    for (RangeReads.Rec r : whole.records) {
      expected.add(hex(r.payload()));
    }
    return new FileData(name, bytes, expected, whole);
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  static List<String> sorted(List<String> records) {
    List<String> copy = new ArrayList<>(records);
    copy.sort(null);
    return copy;
  }

  /**
   * Fails unless both lists hold the same records in the same order, with a short message (the
   * lists hold megabytes of hex): the sizes and the first index where they differ.
   */
  static void assertSameRecords(List<String> expected, List<String> actual, String what) {
    int n = Math.min(expected.size(), actual.size());
    int i = 0;
    while (i < n && expected.get(i).equals(actual.get(i))) {
      i++;
    }
    if (i < n || expected.size() != actual.size()) {
      throw new AssertionError(what + ": expected " + expected.size() + " records, got "
          + actual.size() + "; first difference at index " + i + ": expected "
          + (i < expected.size() ? abbreviate(expected.get(i)) : "none") + ", got "
          + (i < actual.size() ? abbreviate(actual.get(i)) : "none"));
    }
  }

  /** The same records as a multiset: a lost or a repeated record fails, the order does not. */
  static void assertSameRecordsInAnyOrder(List<String> expected, List<String> actual,
      String what) {
    assertSameRecords(sorted(expected), sorted(actual), what + " (sorted)");
  }

  private static String abbreviate(String hex) {
    return hex.length() <= 40 ? "[" + hex + "]" : "[" + hex.substring(0, 40) + "...]";
  }
}

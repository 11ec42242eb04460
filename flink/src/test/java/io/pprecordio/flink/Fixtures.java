package io.pprecordio.flink;

import io.pprecordio.Codec;
import io.pprecordio.Damage;
import io.pprecordio.MemoryChannel;
import io.pprecordio.PPRecordReader;
import io.pprecordio.PPRecordWriter;
import io.pprecordio.RangeReads;
import io.pprecordio.ReaderOptions;
import io.pprecordio.RecordAddress;
import io.pprecordio.TestData;
import io.pprecordio.WriterOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Test files and the records core's whole-file read returns from them. */
final class Fixtures {
  private Fixtures() {}

  /** Records per block in the block files: a count, so that blocks are exactly this long. */
  static final int BLOCK_RECORDS = 50;

  /**
   * A file's bytes, the payloads, in order, that reading it whole returns, and their addresses
   * (frame offset and index in the block).
   */
  record FileData(String name, byte[] bytes, List<String> expected,
      List<RecordAddress> addresses, RangeReads.Result whole) {
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

  /**
   * Distinct records (each starts with the file's name and its number) in zstd block frames of
   * {@link #BLOCK_RECORDS} records, with a run of plain v1 and v2 frames between two runs of
   * blocks.
   */
  static FileData blocks(String name, long seed, int count) throws IOException {
    Random rnd = new Random(seed);
    WriterOptions options =
        WriterOptions.defaults().withCodec(Codec.ZSTD).withBlock(BLOCK_RECORDS, 1 << 20);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int half = count / 2;
    writeBlocks(out, options, name, rnd, 0, half);
    out.write(TestData.mixed(rnd, 30, false).bytes());
    writeBlocks(out, options, name, rnd, half, count);
    return of(name, out.toByteArray());
  }

  private static void writeBlocks(ByteArrayOutputStream out, WriterOptions options, String name,
      Random rnd, int from, int to) throws IOException {
    try (PPRecordWriter writer = PPRecordWriter.to(out, options)) {
      for (int i = from; i < to; i++) {
        byte[] id = (name + " record " + i + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] filler = TestData.compressible(rnd, rnd.nextInt(8) == 0 ? 2000 : rnd.nextInt(150));
        byte[] record = Arrays.copyOf(id, id.length + filler.length);
        System.arraycopy(filler, 0, record, id.length, filler.length);
        writer.write(record);
      }
    }
  }

  /**
   * {@link #blocks} with a bit flipped in the payload of every third block and the last block cut
   * 10 bytes short (a torn block). Each damaged block costs exactly its own records and is one
   * corrupt region, which this checks against core's whole-file read.
   */
  static FileData damagedBlocks(String name, long seed, int count) throws IOException {
    FileData clean = blocks(name, seed, count);
    Random rnd = new Random(seed);
    List<Long> blockStarts = new ArrayList<>();
    Map<Long, Long> blockLengths = new HashMap<>();
    try (PPRecordReader reader = PPRecordReader.open(new MemoryChannel(clean.bytes()), name, 0,
        Long.MAX_VALUE, ReaderOptions.defaults(), null)) {
      while (reader.advance()) {
        if (reader.recordsInFrame() > 1 && reader.indexInBlock() == 0) {
          blockStarts.add(reader.offset());
          blockLengths.put(reader.offset(), reader.frameLength());
        }
      }
    }
    byte[] bytes = clean.bytes().clone();
    Set<Long> lost = new HashSet<>();
    for (int b = 1; b < blockStarts.size() - 1; b += 3) {
      long at = blockStarts.get(b);
      long bit = (at + 40) * 8 + rnd.nextInt((int) (blockLengths.get(at) - 40) * 8);
      bytes[(int) (bit / 8)] ^= (byte) (1 << (bit % 8));
      lost.add(at);
    }
    long last = blockStarts.get(blockStarts.size() - 1);
    if (last + blockLengths.get(last) != bytes.length) {
      throw new AssertionError("the file must end with a block");
    }
    bytes = Arrays.copyOf(bytes, bytes.length - 10);
    lost.add(last);

    List<String> survivors = new ArrayList<>();
    for (int i = 0; i < clean.expected().size(); i++) {
      if (!lost.contains(clean.addresses().get(i).frameOffset())) {
        survivors.add(clean.expected().get(i));
      }
    }
    FileData data = of(name, bytes);
    assertSameRecords(survivors, data.expected(), "records of the intact frames");
    if (data.whole().stats.corruptRegions() != lost.size() - 1
        || !data.whole().stats.tornTail()) {
      throw new AssertionError("each damaged block must be one corrupt region and the cut block"
          + " a torn tail: " + data.whole().stats);
    }
    return data;
  }

  static FileData of(String name, byte[] bytes) throws IOException {
    RangeReads.Result whole = RangeReads.readWhole(bytes, ReaderOptions.defaults());
    List<String> expected = new ArrayList<>();
    for (RangeReads.Rec r : whole.records) {
      expected.add(hex(r.payload()));
    }
    List<RecordAddress> addresses = new ArrayList<>();
    try (PPRecordReader reader = PPRecordReader.open(new MemoryChannel(bytes), name, 0,
        Long.MAX_VALUE, ReaderOptions.defaults(), null)) {
      while (reader.advance()) {
        addresses.add(reader.address());
      }
    }
    return new FileData(name, bytes, expected, addresses, whole);
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

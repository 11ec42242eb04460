package io.pprecordio.hadoop;

import io.pprecordio.PPRecordWriter;
import io.pprecordio.TestData;
import io.pprecordio.WriterOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Input files for the connector tests, with the records each one must yield. */
final class Fixtures {
  private Fixtures() {}

  /** A file's bytes and the records (with frame offsets) a reader must return from it. */
  record Content(String name, byte[] bytes, List<Rec> records) {}

  /** A damaged file, the records that survive and the damage a reader must count. */
  record Damaged(Content content, int corruptRegions, long skippedBytes, int tornTails,
      long tornTailBytes, List<Long> damageOffsets) {
    long firstDamageOffset() {
      return damageOffsets.get(0);
    }
  }

  static Content clean(String name, TestData.Written written) {
    List<Rec> recs = new ArrayList<>();
    for (int i = 0; i < written.records().size(); i++) {
      recs.add(new Rec(name, written.offsets().get(i), written.records().get(i)));
    }
    return new Content(name, written.bytes(), recs);
  }

  static Content mixed(String name, long seed, int count, boolean withMegabyte)
      throws IOException {
    return clean(name, TestData.mixed(new Random(seed), count, withMegabyte));
  }

  /**
   * Damages a copy of {@code written}: flips one payload byte in every seventh frame that has a
   * payload, inserts 64 zero bytes before every eleventh intact frame, and ends the file with a
   * frame cut 10 bytes short. Every damaged frame is isolated between intact ones, so each damage
   * is one corrupt region.
   */
  static Damaged damaged(String name, TestData.Written written) throws IOException {
    List<Long> offsets = written.offsets();
    byte[] src = written.bytes();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Rec> survivors = new ArrayList<>();
    int regions = 0;
    long skipped = 0;
    List<Long> damage = new ArrayList<>();
    boolean previousDamaged = false;
    for (int i = 0; i < offsets.size(); i++) {
      int start = (int) (long) offsets.get(i);
      int end = i + 1 < offsets.size() ? (int) (long) offsets.get(i + 1) : src.length;
      int payload = end - start - 40;
      boolean flip = i % 7 == 3 && payload > 0;
      boolean insert = !flip && !previousDamaged && i % 11 == 5;
      if (insert) {
        damage.add((long) out.size());
        out.write(new byte[64]);
        regions++;
        skipped += 64;
      }
      byte[] frame = java.util.Arrays.copyOfRange(src, start, end);
      if (flip) {
        frame[40 + payload / 2] ^= 0x5A;
        damage.add((long) out.size());
        regions++;
        skipped += frame.length;
      } else {
        survivors.add(new Rec(name, out.size(), written.records().get(i)));
      }
      out.write(frame);
      previousDamaged = flip;
    }
    ByteArrayOutputStream tail = new ByteArrayOutputStream();
    try (PPRecordWriter w = PPRecordWriter.to(tail, WriterOptions.defaults())) {
      w.write(TestData.randomBytes(new Random(7), 500));
    }
    byte[] torn = java.util.Arrays.copyOf(tail.toByteArray(), tail.size() - 10);
    out.write(torn);
    return new Damaged(new Content(name, out.toByteArray(), survivors), regions, skipped, 1,
        torn.length, damage);
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  /** A local directory or file as a Hadoop path, without the trailing slash of its URI. */
  static org.apache.hadoop.fs.Path hadoopPath(java.nio.file.Path local) {
    return new org.apache.hadoop.fs.Path(local.toAbsolutePath().toUri().toString());
  }

  static org.apache.hadoop.fs.Path write(java.nio.file.Path dir, String name, byte[] bytes)
      throws IOException {
    java.nio.file.Path file = dir.resolve(name);
    Files.write(file, bytes);
    return hadoopPath(file);
  }

  static List<Rec> all(List<Content> contents) {
    List<Rec> all = new ArrayList<>();
    for (Content c : contents) {
      all.addAll(c.records());
    }
    return Rec.sorted(all);
  }
}

package io.pprecordio.hadoop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.Codec;
import io.pprecordio.PPRecordReader;
import io.pprecordio.PPRecordWriter;
import io.pprecordio.ReadStats;
import io.pprecordio.ReaderOptions;
import io.pprecordio.RecordAddress;
import io.pprecordio.TestData;
import io.pprecordio.WriterOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Files written in block mode (FORMAT.md 3.4), the records they must yield keyed by
 * {@link RecordAddress#key()}, and the damage a reader must count.
 */
final class BlockFiles {
  private BlockFiles() {}

  private static final WriterOptions V2 = WriterOptions.defaults();

  /** One frame of a file as core read it back: offset, length and how many records it holds. */
  private record FrameInfo(long offset, long length, int records) {}

  /**
   * A file of about {@code count} records in three runs, zstd blocks of 7, single-record frames
   * and gzip blocks of 5, followed by a zstd block cut 10 bytes short (a torn tail). The middle
   * block of each block run has a payload byte flipped: each costs its whole block, one corrupt
   * region of its frame's length. Records are 0 to 200 bytes, one in 20 up to 4 KiB, so blocks
   * also close on their byte size.
   */
  static Fixtures.Damaged damaged(String name, long seed, int count) throws IOException {
    Random rnd = new Random(seed);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    List<byte[]> written = new ArrayList<>();
    int run = count / 3;
    append(file, written, records(rnd, run), V2.withCodec(Codec.ZSTD).withBlock(7, 1500));
    append(file, written, records(rnd, run / 4), V2);
    append(file, written, records(rnd, count - run - run / 4),
        V2.withCodec(Codec.GZIP).withBlock(5, 400));
    byte[] clean = file.toByteArray();

    List<FrameInfo> frames = new ArrayList<>();
    List<RecordAddress> addresses = new ArrayList<>();
    try (PPRecordReader reader = PPRecordReader.open(channel(clean), name, 0, Long.MAX_VALUE,
        ReaderOptions.defaults(), null)) {
      int i = 0;
      while (reader.advance()) {
        assertArrayEquals(written.get(i++), reader.record(), "record " + i + " as written");
        addresses.add(reader.address());
        if (reader.indexInBlock() == 0) {
          frames.add(new FrameInfo(reader.offset(), reader.frameLength(),
              reader.recordsInFrame()));
        }
      }
      assertEquals(written.size(), i);
    }

    // The middle block of the first and of the last block run.
    List<FrameInfo> blocks = frames.stream().filter(f -> f.records() > 1).toList();
    List<FrameInfo> hit = List.of(blocks.get(blocks.size() / 6),
        blocks.get(blocks.size() * 5 / 6));
    byte[] bytes = clean.clone();
    long skipped = 0;
    Set<Long> lost = new HashSet<>();
    for (FrameInfo f : hit) {
      bytes[(int) (f.offset() + 40 + (f.length() - 40) / 2)] ^= 0x5A;
      skipped += f.length();
      lost.add(f.offset());
    }
    List<Rec> survivors = new ArrayList<>();
    for (int i = 0; i < addresses.size(); i++) {
      if (!lost.contains(addresses.get(i).frameOffset())) {
        survivors.add(new Rec(name, addresses.get(i).key(), written.get(i)));
      }
    }

    ByteArrayOutputStream tail = new ByteArrayOutputStream();
    append(tail, new ArrayList<>(), records(rnd, 4), V2.withCodec(Codec.ZSTD).withBlock(4, 4096));
    byte[] torn = Arrays.copyOf(tail.toByteArray(), tail.size() - 10);
    byte[] all = Arrays.copyOf(bytes, bytes.length + torn.length);
    System.arraycopy(torn, 0, all, bytes.length, torn.length);

    Fixtures.Damaged damaged = new Fixtures.Damaged(new Fixtures.Content(name, all, survivors),
        hit.size(), skipped, 1, torn.length, hit.stream().map(FrameInfo::offset).toList());
    checkWithCore(damaged);
    return damaged;
  }

  /** Core's whole-file read agrees with the expectation: the fixture is what it claims. */
  private static void checkWithCore(Fixtures.Damaged d) throws IOException {
    List<Rec> got = new ArrayList<>();
    ReadStats stats;
    try (PPRecordReader reader = PPRecordReader.open(channel(d.content().bytes()),
        d.content().name(), 0, Long.MAX_VALUE, ReaderOptions.defaults(), null)) {
      while (reader.advance()) {
        got.add(new Rec(d.content().name(), reader.address().key(), reader.record()));
      }
      stats = reader.stats();
    }
    assertEquals(d.content().records(), got);
    assertEquals(d.corruptRegions(), stats.corruptRegions());
    assertEquals(d.skippedBytes(), stats.skippedBytes());
    assertEquals(d.tornTailBytes(), stats.tornTailBytes());
  }

  /** Small clean block files: {@code count} files of 1 to 30 records in zstd blocks of 4. */
  static List<Fixtures.Content> small(int count, long seed) throws IOException {
    Random rnd = new Random(seed);
    List<Fixtures.Content> files = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = String.format("small-%03d.pp_recordio", i);
      ByteArrayOutputStream file = new ByteArrayOutputStream();
      List<byte[]> written = new ArrayList<>();
      append(file, written, records(rnd, 1 + rnd.nextInt(30)),
          V2.withCodec(Codec.ZSTD).withBlock(4, 500));
      files.add(new Fixtures.Content(name, file.toByteArray(), keyed(name, file.toByteArray())));
    }
    return files;
  }

  /** The records of a clean file as core reads them, keyed by {@link RecordAddress#key()}. */
  static List<Rec> keyed(String name, byte[] bytes) throws IOException {
    List<Rec> out = new ArrayList<>();
    try (PPRecordReader reader = PPRecordReader.open(channel(bytes), name, 0, Long.MAX_VALUE,
        ReaderOptions.defaults(), null)) {
      while (reader.advance()) {
        out.add(new Rec(name, reader.address().key(), reader.record()));
      }
    }
    return out;
  }

  /**
   * Each record read back by its key alone equals the record, through core
   * ({@link RecordAddress#ofKey} then {@link PPRecordReader#readRecordAt}) and through
   * {@link PPRecordInputFormat#readRecord}: keys are unique, reversible addresses.
   */
  static void assertReadableByKey(Configuration conf, Path dir, List<Rec> records)
      throws IOException {
    Set<String> seen = new HashSet<>();
    FileSystem fs = dir.getFileSystem(conf);
    for (Rec r : records) {
      Path file = new Path(dir, r.file());
      assertTrue(seen.add(r.file() + "@" + r.offset()), "duplicate key " + r);
      assertArrayEquals(r.payload(), PPRecordInputFormat.readRecord(conf, file, r.offset()),
          r.toString());
      long length = fs.getFileStatus(file).getLen();
      try (FSDataInputChannel ch = new FSDataInputChannel(fs.open(file), length)) {
        assertArrayEquals(r.payload(), PPRecordReader.readRecordAt(ch, file.toString(),
            RecordAddress.ofKey(r.offset()), ReaderOptions.defaults()), r.toString());
      }
    }
  }

  private static List<byte[]> records(Random rnd, int count) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int size = i % 9 == 0 ? 0 : rnd.nextInt(20) == 0 ? 2000 + rnd.nextInt(2000)
          : rnd.nextInt(200);
      out.add(rnd.nextBoolean() ? TestData.compressible(rnd, size)
          : TestData.randomBytes(rnd, size));
    }
    return out;
  }

  private static void append(ByteArrayOutputStream file, List<byte[]> written,
      List<byte[]> records, WriterOptions options) throws IOException {
    try (PPRecordWriter w = PPRecordWriter.to(file, options)) {
      for (byte[] r : records) {
        w.write(r);
      }
    }
    written.addAll(records);
  }

  private static java.nio.channels.ReadableByteChannel channel(byte[] bytes) {
    return java.nio.channels.Channels.newChannel(new java.io.ByteArrayInputStream(bytes));
  }
}

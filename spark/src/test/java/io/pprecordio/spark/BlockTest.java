package io.pprecordio.spark;

import static io.pprecordio.spark.SparkFixtures.spark;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.Codec;
import io.pprecordio.PPRecordReader;
import io.pprecordio.PPRecordWriter;
import io.pprecordio.ReaderOptions;
import io.pprecordio.RecordAddress;
import io.pprecordio.TestData;
import io.pprecordio.WriterOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Block files (FORMAT.md 3.4) through the {@code pprecordio} data source: a file with two damaged
 * blocks and a torn block reads, at any partition size, as exactly its intact records, each with
 * its {@code (file, offset, index_in_block)}, which reads the record back; the accumulators count
 * records one by one and each damaged block as one region. Writes with the block options produce
 * block files that read back.
 */
class BlockTest {
  @TempDir
  static Path tmp;
  private static Path dir;
  private static Path file;
  /** The intact records, in file order, with their addresses. */
  private static List<Addressed> expected;
  private static long skippedBytes;
  private static long tornTailBytes;

  /** A record as the tests compare it: file name, frame offset, index in block, bytes. */
  record Addressed(String file, long offset, int index, ByteBuffer data) {
    static final Comparator<Addressed> ORDER = Comparator.comparing(Addressed::file)
        .thenComparingLong(Addressed::offset).thenComparingInt(Addressed::index);

    @Override
    public String toString() {
      return file + "@" + offset + "#" + index + "(" + data.remaining() + " bytes)";
    }
  }

  /**
   * About 1,500 records: zstd blocks of up to 20 records or 4 KiB, single-record frames, gzip
   * blocks of up to 6; the block a quarter into the file and the one three quarters in get a
   * payload byte flipped; a zstd block cut 10 bytes short ends the file.
   */
  @BeforeAll
  static void files() throws IOException {
    Random rnd = new Random(91);
    WriterOptions v2 = WriterOptions.defaults();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<byte[]> written = new ArrayList<>();
    written.addAll(write(out, records(rnd, 1000), v2.withCodec(Codec.ZSTD).withBlock(20, 4096)));
    written.addAll(write(out, records(rnd, 200), v2));
    written.addAll(write(out, records(rnd, 300), v2.withCodec(Codec.GZIP).withBlock(6, 1000)));
    byte[] bytes = out.toByteArray();

    List<RecordAddress> addresses = new ArrayList<>();
    List<long[]> blocks = new ArrayList<>(); // {offset, length} of frames holding many records
    try (PPRecordReader reader = PPRecordReader.open(
        Channels.newChannel(new ByteArrayInputStream(bytes)), "clean", 0, Long.MAX_VALUE,
        ReaderOptions.defaults(), null)) {
      while (reader.advance()) {
        assertArrayEquals(written.get(addresses.size()), reader.record());
        addresses.add(reader.address());
        if (reader.indexInBlock() == 0 && reader.recordsInFrame() > 1) {
          blocks.add(new long[] {reader.offset(), reader.frameLength()});
        }
      }
    }
    assertEquals(written.size(), addresses.size());
    Set<Long> lost = new HashSet<>();
    for (long[] block : List.of(blocks.get(blocks.size() / 4), blocks.get(blocks.size() * 3 / 4))) {
      bytes[(int) (block[0] + 40 + (block[1] - 40) / 2)] ^= 0x21;
      lost.add(block[0]);
      skippedBytes += block[1];
    }
    expected = new ArrayList<>();
    for (int i = 0; i < written.size(); i++) {
      RecordAddress a = addresses.get(i);
      if (!lost.contains(a.frameOffset())) {
        expected.add(new Addressed("blocks.pp_recordio", a.frameOffset(), a.indexInBlock(),
            ByteBuffer.wrap(written.get(i))));
      }
    }
    ByteArrayOutputStream tail = new ByteArrayOutputStream();
    write(tail, records(rnd, 5), v2.withCodec(Codec.ZSTD).withBlock());
    byte[] torn = Arrays.copyOf(tail.toByteArray(), tail.size() - 10);
    tornTailBytes = torn.length;
    dir = tmp.resolve("blocks");
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(bytes);
    all.writeBytes(torn);
    file = SparkFixtures.write(dir, "blocks.pp_recordio", all.toByteArray());
  }

  private static List<byte[]> records(Random rnd, int count) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int size = i % 11 == 0 ? 0 : rnd.nextInt(25) == 0 ? 3000 + rnd.nextInt(3000)
          : rnd.nextInt(300);
      out.add(rnd.nextBoolean() ? TestData.compressible(rnd, size)
          : TestData.randomBytes(rnd, size));
    }
    return out;
  }

  private static List<byte[]> write(ByteArrayOutputStream out, List<byte[]> records,
      WriterOptions options) throws IOException {
    try (PPRecordWriter writer = PPRecordWriter.to(out, options)) {
      for (byte[] r : records) {
        writer.write(r);
      }
    }
    return records;
  }

  /** The rows of a read, with their metadata columns, in file order. */
  private static List<Addressed> addressed(Dataset<Row> records) {
    List<Addressed> out = new ArrayList<>();
    for (Row row : records.select("record", "file", "offset", "index_in_block")
        .collectAsList()) {
      String name = row.getString(1);
      out.add(new Addressed(name.substring(name.lastIndexOf('/') + 1), row.getLong(2),
          row.getInt(3), ByteBuffer.wrap((byte[]) row.get(0))));
    }
    out.sort(Addressed.ORDER);
    return out;
  }

  @ParameterizedTest(name = "maxPartitionBytes={0}")
  @ValueSource(longs = {1000, 7777, 65_536, 128L << 20})
  void damagedBlockFileReadsExactlyWithAddresses(long maxPartitionBytes) throws IOException {
    spark().conf().set("spark.sql.files.maxPartitionBytes", Long.toString(maxPartitionBytes));
    Dataset<Row> records = spark().read().format("pprecordio").load(dir.toString());
    assertEquals(List.of("record"), Arrays.asList(records.columns()), "metadata stays hidden");
    if (maxPartitionBytes < Files.size(file) / 4) {
      assertTrue(records.rdd().getNumPartitions() > 3,
          records.rdd().getNumPartitions() + " partitions");
    }
    PPRecordTotals before = PPRecordAccumulators.totals(spark());
    List<Addressed> got = addressed(records);
    PPRecordTotals counts = PPRecordAccumulators.totals(spark()).minus(before);

    assertEquals(expected, got);
    assertTrue(got.stream().filter(a -> a.index() > 0).count() > got.size() / 2,
        "most records are inside blocks");
    assertEquals(new PPRecordTotals(expected.size(), 2, skippedBytes, 1, tornTailBytes), counts,
        "records one by one, each damaged block one region");
    try (FileChannel channel = FileChannel.open(file)) {
      for (Addressed a : got) {
        assertEquals(a.data(), ByteBuffer.wrap(PPRecordReader.readRecordAt(channel,
            file.toString(), new RecordAddress(a.offset(), a.index()),
            ReaderOptions.defaults())), a.toString());
      }
    }
  }

  /** Per output file: the most records any frame held, and the codec of its frames. */
  private static List<Map.Entry<Integer, Codec>> framing(Path out) throws IOException {
    List<Map.Entry<Integer, Codec>> framing = new ArrayList<>();
    try (Stream<Path> files = Files.list(out)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".pp_recordio")).sorted().toList()) {
        int most = 0;
        Codec codec = null;
        try (PPRecordReader reader = PPRecordReader.open(f)) {
          while (reader.advance()) {
            most = Math.max(most, reader.recordsInFrame());
            codec = reader.codec();
          }
        }
        framing.add(Map.entry(most, codec));
      }
    }
    return framing;
  }

  @Test
  void blockOptionsWriteBlockFilesThatReadBack() throws IOException {
    List<byte[]> records = records(new Random(92), 3000);
    Path sized = tmp.resolve("sized");
    WriteTest.frame(records, 2).write().format("pprecordio").option("codec", "zstd")
        .option("blockRecords", "50").option("blockBytes", "16k").save(sized.toString());
    List<Map.Entry<Integer, Codec>> framing = framing(sized);
    assertEquals(2, framing.size());
    for (Map.Entry<Integer, Codec> f : framing) {
      assertTrue(f.getKey() > 1 && f.getKey() <= 50, framing.toString());
      assertEquals(Codec.ZSTD, f.getValue());
    }
    assertEquals(WriteTest.sorted(records), WriteTest.sorted(WriteTest.readBack(sized)));

    Path defaults = tmp.resolve("defaults");
    WriteTest.frame(records, 1).write().format("pprecordio").option("codec", "gzip")
        .option("block", "true").save(defaults.toString());
    assertTrue(framing(defaults).get(0).getKey() > 50, framing(defaults).toString());
    assertEquals(WriteTest.sorted(records), WriteTest.sorted(WriteTest.readBack(defaults)));

    Path off = tmp.resolve("off");
    WriteTest.frame(records, 1).write().format("pprecordio").option("block", "FALSE")
        .option("blockRecords", "50").save(off.toString());
    assertEquals(List.of(Map.entry(1, Codec.NONE)), framing(off), "block=false wins");
  }

  @Test
  void badBlockOptionsFailNamingTheOption() {
    Dataset<Row> df = WriteTest.frame(records(new Random(93), 10), 1);
    assertRefused(df, "blockRecords: a block holds 1 to 32767 records, got 40000",
        "blockRecords", "40000");
    assertRefused(df, "blockRecords: a block holds at least 1 record", "blockRecords", "0");
    assertRefused(df, "blockBytes: a block holds 1 to 67108864 bytes, got 68157440",
        "blockBytes", "65m");
    assertRefused(df, "blockBytes: invalid size 'lots'", "blockBytes", "lots");
    assertRefused(df, "block: invalid value 'yes'; expected true or false", "block", "yes");
    Exception e = assertThrows(Exception.class, () -> df.write().format("pprecordio")
        .option("formatVersion", "v1").option("block", "true")
        .save(tmp.resolve("v1block").toString()));
    assertTrue(WriteTest.rootMessage(e).startsWith("formatVersion/block: v1 frames cannot hold"
        + " blocks"), WriteTest.rootMessage(e));
  }

  private static void assertRefused(Dataset<Row> df, String messageStart, String option,
      String value) {
    Exception e = assertThrows(Exception.class, () -> df.write().format("pprecordio")
        .option(option, value).save(tmp.resolve("bad-" + option + value).toString()));
    assertTrue(WriteTest.rootMessage(e).startsWith(messageStart), WriteTest.rootMessage(e));
  }
}

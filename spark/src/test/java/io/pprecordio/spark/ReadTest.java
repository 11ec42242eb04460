package io.pprecordio.spark;

import static io.pprecordio.spark.SparkFixtures.coreRead;
import static io.pprecordio.spark.SparkFixtures.spark;
import static io.pprecordio.spark.SparkFixtures.sparkRead;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.Damage;
import io.pprecordio.PPRecordWriter;
import io.pprecordio.ReadStats;
import io.pprecordio.TestData;
import io.pprecordio.WriterOptions;
import io.pprecordio.spark.SparkFixtures.Rec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reads through {@code spark.read.format("pprecordio")} return exactly what core's whole-file
 * reader returns, however Spark cuts the files into partitions, over clean files and over a file
 * with flipped bits and a torn tail; the accumulators count exactly the injected damage.
 */
class ReadTest {
  @TempDir
  static Path tmp;
  private static Path clean;
  private static Path damaged;
  private static List<Path> cleanFiles;
  private static Path damagedFile;
  /** What was injected into the damaged file. */
  private static int flippedFrames;
  private static long flippedBytes;
  private static long tornTailBytes;

  @BeforeAll
  static void files() throws IOException {
    clean = tmp.resolve("clean");
    cleanFiles = List.of(
        SparkFixtures.write(clean, "a.pp_recordio",
            TestData.mixedWithLarge(new Random(1), 600).bytes()),
        SparkFixtures.write(clean, "b.pp_recordio", TestData.mixed(new Random(2), 900, false)
            .bytes()),
        SparkFixtures.write(clean, "empty.pp_recordio", new byte[0]));

    // Bit flips in the payloads of isolated frames, and a last frame cut 10 bytes short.
    TestData.Written written = withLastRecord(TestData.mixedWithLarge(new Random(3), 700),
        new byte[100]);
    Damage damage = new Damage(written);
    List<Damage.Frame> frames = damage.frames();
    for (int i = 5; i < frames.size() - 2; i += 37) {
      Damage.Frame f = frames.get(i);
      if (f.length > 41) {
        damage.flipBit((f.offset + 40 + (f.length - 40) / 2) * 8 + 3);
        flippedFrames++;
        flippedBytes += f.length;
      }
    }
    Damage.Frame last = frames.get(frames.size() - 1);
    damage.truncate(last.offset + last.length - 10);
    tornTailBytes = last.length - 10;
    damaged = tmp.resolve("damaged");
    damagedFile = SparkFixtures.write(damaged, "damaged.pp_recordio", damage.bytes());
  }

  /** {@code written} plus one more record at its end, written with the default options. */
  private static TestData.Written withLastRecord(TestData.Written written, byte[] record)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(written.bytes());
    try (PPRecordWriter writer = PPRecordWriter.to(out, WriterOptions.defaults())) {
      writer.write(record);
    }
    List<byte[]> records = new ArrayList<>(written.records());
    records.add(record);
    List<Long> offsets = new ArrayList<>(written.offsets());
    offsets.add((long) written.bytes().length);
    return new TestData.Written(out.toByteArray(), records, offsets);
  }

  private static Dataset<Row> read(long maxPartitionBytes, String path) {
    spark().conf().set("spark.sql.files.maxPartitionBytes", Long.toString(maxPartitionBytes));
    return spark().read().format("pprecordio").load(path);
  }

  @ParameterizedTest(name = "maxPartitionBytes={0}")
  @ValueSource(longs = {65_536, 333_333, 1 << 20, 128L << 20})
  void cleanFilesReadExactly(long maxPartitionBytes) throws IOException {
    Dataset<Row> records = read(maxPartitionBytes, clean.toString());
    if (maxPartitionBytes < (1 << 20)) {
      assertTrue(records.rdd().getNumPartitions() > 3,
          "files are split: " + records.rdd().getNumPartitions() + " partitions");
    }
    List<Rec> expected = coreRead(cleanFiles);
    assertEquals(expected, sparkRead(records));
    assertEquals(expected.size(), records.count());
  }

  @ParameterizedTest(name = "maxPartitionBytes={0}")
  @ValueSource(longs = {65_536, 333_333, 1 << 20, 128L << 20})
  void damagedFileReadsExactlyAndCountsTheDamage(long maxPartitionBytes) throws IOException {
    Dataset<Row> records = read(maxPartitionBytes, damaged.toString());
    List<Rec> expected = coreRead(List.of(damagedFile));
    PPRecordTotals before = PPRecordAccumulators.totals(spark());
    assertEquals(expected, sparkRead(records));
    PPRecordTotals counts = PPRecordAccumulators.totals(spark()).minus(before);

    ReadStats core = SparkFixtures.coreStats(damagedFile);
    assertEquals(flippedFrames, core.corruptRegions(), "each flip is one region in core");
    assertEquals(new PPRecordTotals(expected.size(), flippedFrames, flippedBytes, 1,
        tornTailBytes), counts);
  }
}

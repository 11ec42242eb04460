package io.pprecordio.spark;

import static io.pprecordio.spark.SparkFixtures.coreRead;
import static io.pprecordio.spark.SparkFixtures.spark;
import static io.pprecordio.spark.SparkFixtures.sparkRead;
import static io.pprecordio.spark.WriteTest.rootMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.CorruptRecordException;
import io.pprecordio.Damage;
import io.pprecordio.ShardSpec;
import io.pprecordio.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shard specs, globs, partition directories, compressed files, the schema and reader options. */
class PathsAndOptionsTest {
  @TempDir
  static Path tmp;
  private static List<Path> shards;
  private static Path damaged;
  private static long firstDamage;

  @BeforeAll
  static void files() throws IOException {
    Random rnd = new Random(11);
    ShardSpec spec = ShardSpec.of(tmp.resolve("train").toString(), 3, ".pp_recordio");
    shards = new ArrayList<>();
    for (String name : spec.shardNames()) {
      Path shard = Path.of(name);
      shards.add(Files.write(shard, TestData.mixed(rnd, 200, false).bytes()));
    }
    Damage damage = new Damage(TestData.mixed(rnd, 300, false));
    Damage.Frame f = damage.frames().get(100);
    damage.flipBit((f.offset + 20) * 8); // inside the header of frame 100
    firstDamage = f.offset;
    damaged = SparkFixtures.write(tmp.resolve("damaged"), "d.pp_recordio", damage.bytes());
  }

  private static Dataset<Row> load(String... paths) {
    return spark().read().format("pprecordio").load(paths);
  }

  @Test
  void aShardSpecReadsItsShards() throws IOException {
    assertEquals(coreRead(shards), sparkRead(load(tmp.resolve("train@3.pp_recordio").toString())));
  }

  @Test
  void aMissingShardFailsNamingIt() {
    Exception e = assertThrows(Exception.class,
        () -> load(tmp.resolve("train@4.pp_recordio").toString()));
    String message = e.getMessage();
    assertTrue(message.contains("missing shard " + tmp.resolve("train-00000-of-00004.pp_recordio")),
        message);
  }

  @Test
  void globsAndSeveralPaths() throws IOException {
    assertEquals(coreRead(shards),
        sparkRead(load(tmp.resolve("train-*-of-00003.pp_recordio").toString())));
    assertEquals(coreRead(shards.subList(0, 2)),
        sparkRead(load(shards.get(0).toString(), shards.get(1).toString())));
  }

  @Test
  void partitionDirectoriesBecomeColumns() throws IOException {
    Path base = tmp.resolve("partitioned");
    Path a = SparkFixtures.write(base.resolve("day=1"), "x.pp_recordio", Files.readAllBytes(
        shards.get(0)));
    Path b = SparkFixtures.write(base.resolve("day=2"), "x.pp_recordio", Files.readAllBytes(
        shards.get(1)));
    Dataset<Row> records = load(base.toString());
    assertEquals(List.of("record", "day"), List.of(records.columns()));
    assertEquals(coreRead(List.of(b)), sparkRead(records.where("day = 2")));
    assertEquals(coreRead(List.of(a)).size(), records.where("day = 1").count());
  }

  @Test
  void aGzippedFileIsReadWhole() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(Files.readAllBytes(shards.get(2)));
    }
    Path dir = tmp.resolve("gz");
    SparkFixtures.write(dir, "z.pp_recordio.gz", gz.toByteArray());
    spark().conf().set("spark.sql.files.maxPartitionBytes", "4096");
    try {
      Dataset<Row> records = load(dir.toString());
      assertEquals(1, records.rdd().getNumPartitions());
      List<SparkFixtures.Rec> expected = new ArrayList<>();
      for (SparkFixtures.Rec r : coreRead(List.of(shards.get(2)))) {
        expected.add(new SparkFixtures.Rec("z.pp_recordio.gz", r.offset(), r.data()));
      }
      assertEquals(expected, sparkRead(records));
    } finally {
      spark().conf().unset("spark.sql.files.maxPartitionBytes");
    }
  }

  @Test
  void aCatalogTableReadsThroughSparksV1Path() throws IOException {
    Path dir = tmp.resolve("table");
    List<Path> copies = new ArrayList<>();
    for (Path shard : shards) {
      copies.add(SparkFixtures.write(dir, shard.getFileName().toString(),
          Files.readAllBytes(shard)));
    }
    spark().conf().set("spark.sql.files.maxPartitionBytes", "8192");
    try {
      spark().sql("CREATE TABLE shards USING pprecordio LOCATION '" + dir.toUri() + "'");
      Dataset<Row> table = spark().table("shards");
      assertTrue(table.rdd().getNumPartitions() > 3, "split");
      List<SparkFixtures.Rec> read = new ArrayList<>();
      for (Row row : table.selectExpr("record", "_metadata.file_name").collectAsList()) {
        read.add(SparkFixtures.Rec.of(row.getString(1), 0, (byte[]) row.get(0)));
      }
      List<SparkFixtures.Rec> expected = new ArrayList<>();
      for (SparkFixtures.Rec r : coreRead(copies)) {
        expected.add(new SparkFixtures.Rec(r.file(), 0, r.data()));
      }
      read.sort(SparkFixtures.ORDER.thenComparing(SparkFixtures.Rec::data));
      expected.sort(SparkFixtures.ORDER.thenComparing(SparkFixtures.Rec::data));
      assertEquals(expected, read);
    } finally {
      spark().sql("DROP TABLE IF EXISTS shards");
      spark().conf().unset("spark.sql.files.maxPartitionBytes");
    }
  }

  @Test
  void metadataColumnsAreHiddenUntilNamed() throws IOException {
    Dataset<Row> records = load(shards.get(0).toString());
    assertEquals(List.of("record"), List.of(records.select("*").columns()));
    List<SparkFixtures.Rec> head = new ArrayList<>();
    for (SparkFixtures.Rec r : coreRead(List.of(shards.get(0)))) {
      if (r.offset() < 1000) {
        head.add(r);
      }
    }
    assertTrue(head.size() > 3, head.toString());
    assertEquals(head, sparkRead(records.where("offset < 1000")));
  }

  @Test
  void theSchemaIsOneBinaryColumn() {
    Dataset<Row> records = load(shards.get(0).toString());
    assertEquals(new StructType().add("record", DataTypes.BinaryType), records.schema());
    Exception e = assertThrows(Exception.class, () -> spark().read().format("pprecordio")
        .schema("record string").load(shards.get(0).toString()));
    assertTrue(rootMessage(e).startsWith("pprecordio files have the schema"), rootMessage(e));
  }

  @Test
  void corruptionPolicyFailNamesTheFileAndTheOffset() {
    Dataset<Row> records = spark().read().format("pprecordio")
        .option("corruptionPolicy", "fail").load(damaged.toString());
    Exception e = assertThrows(Exception.class, records::count);
    CorruptRecordException corrupt = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CorruptRecordException) {
        corrupt = (CorruptRecordException) t;
      }
    }
    assertTrue(corrupt != null, "caused by a CorruptRecordException: " + e);
    assertTrue(corrupt.file().endsWith("d.pp_recordio"), corrupt.file());
    assertEquals(firstDamage, corrupt.offset());
    // The default policy skips it.
    assertEquals(299, spark().read().format("pprecordio").load(damaged.toString()).count());
  }

  @Test
  void badReaderOptionsFailNamingTheOption() {
    Exception e = assertThrows(Exception.class, () -> spark().read().format("pprecordio")
        .option("corruptionPolicy", "ignore").load(damaged.toString()).count());
    assertTrue(rootMessage(e).startsWith("corruptionPolicy: "), rootMessage(e));
    assertTrue(rootMessage(e).contains("'ignore'"), rootMessage(e));

    e = assertThrows(Exception.class, () -> spark().read().format("pprecordio")
        .option("maxRecordBytes", "lots").load(damaged.toString()).count());
    assertTrue(rootMessage(e).startsWith("maxRecordBytes: "), rootMessage(e));
    assertTrue(rootMessage(e).contains("'lots'"), rootMessage(e));

    e = assertThrows(Exception.class, () -> spark().read().format("pprecordio")
        .option("maxRecordBytes", "4g").load(damaged.toString()).count());
    assertTrue(rootMessage(e).startsWith("maxRecordBytes: "), rootMessage(e));
    assertTrue(rootMessage(e).contains("4294967296"), rootMessage(e)); // core's message, prefixed
  }

  @Test
  void maxRecordBytesAcceptsSizes() {
    assertEquals(299, spark().read().format("pprecordio").option("MAXRECORDBYTES", "64k")
        .load(damaged.toString()).count());
  }
}

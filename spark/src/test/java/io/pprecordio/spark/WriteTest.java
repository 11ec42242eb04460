package io.pprecordio.spark;

import static io.pprecordio.spark.SparkFixtures.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.Codec;
import io.pprecordio.PPRecordReader;
import io.pprecordio.TestData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code df.write.format("pprecordio")}: what is written reads back exactly, through Spark and
 * through core; a task that fails half-way through its file and is retried leaves exactly one
 * copy of each record; wrong schemas and options fail on the driver with one line.
 */
class WriteTest {
  private static final StructType BINARY = new StructType().add("payload", DataTypes.BinaryType);
  /** Attempts failed by injection; local mode runs the tasks in this JVM. */
  private static final AtomicInteger INJECTED = new AtomicInteger();

  @TempDir
  Path tmp;

  private static List<byte[]> records(int count) {
    Random rnd = new Random(count);
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int size = i % 50 == 0 ? 0 : rnd.nextInt(i % 7 == 0 ? 20_000 : 300);
      out.add(i % 2 == 0 ? TestData.randomBytes(rnd, size) : TestData.compressible(rnd, size));
    }
    return out;
  }

  static Dataset<Row> frame(List<byte[]> records, int partitions) {
    List<Row> rows = records.stream().map(r -> RowFactory.create((Object) r))
        .collect(Collectors.toList());
    return spark().createDataFrame(rows, BINARY).repartition(partitions);
  }

  static List<ByteBuffer> sorted(List<byte[]> records) {
    return records.stream().map(ByteBuffer::wrap).sorted().collect(Collectors.toList());
  }

  static List<byte[]> readBack(Path dir) {
    List<byte[]> out = new ArrayList<>();
    for (Row row : spark().read().format("pprecordio").load(dir.toString()).collectAsList()) {
      out.add((byte[]) row.get(0));
    }
    return out;
  }

  /** The data files of an output directory, read with core directly. */
  private static List<byte[]> readWithCore(List<Path> files) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (Path file : files) {
      try (PPRecordReader reader = PPRecordReader.open(file)) {
        while (reader.advance()) {
          out.add(reader.record());
        }
      }
    }
    return out;
  }

  private static List<Path> dataFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".pp_recordio")).sorted()
          .collect(Collectors.toList());
    }
  }

  @Test
  void writeThenReadReturnsTheRecords() throws IOException {
    List<byte[]> records = records(3000);
    for (String codec : List.of("none", "gzip", "zstd")) {
      Path out = tmp.resolve(codec);
      frame(records, 3).write().format("pprecordio").option("codec", codec).save(out.toString());
      List<Path> files = dataFiles(out);
      assertEquals(3, files.size(), files.toString());
      assertTrue(Files.exists(out.resolve("_SUCCESS")));
      assertEquals(sorted(records), sorted(readBack(out)), codec);
      assertEquals(sorted(records), sorted(readWithCore(files)), codec);
      try (PPRecordReader reader = PPRecordReader.open(files.get(0))) {
        assertTrue(reader.advance());
        assertEquals(Codec.parse(codec), reader.codec());
      }
    }
  }

  @Test
  void overwriteReplacesTheOutput() throws IOException {
    Path out = tmp.resolve("overwrite");
    frame(records(100), 2).write().format("pprecordio").save(out.toString());
    List<byte[]> second = records(30);
    frame(second, 1).write().format("pprecordio").mode(SaveMode.Overwrite).save(out.toString());
    assertEquals(sorted(second), sorted(readBack(out)));
    assertThrows(Exception.class,
        () -> frame(second, 1).write().format("pprecordio").save(out.toString()),
        "the default mode refuses an existing directory");
  }

  @Test
  void formatVersionV1IsWhatTheOriginalPackageReads() throws IOException {
    List<byte[]> records = records(200);
    Path out = tmp.resolve("v1");
    frame(records, 1).write().format("pprecordio").option("formatVersion", "v1")
        .option("codec", "gzip").save(out.toString());
    List<Path> files = dataFiles(out);
    try (PPRecordReader reader = PPRecordReader.open(files.get(0))) {
      assertTrue(reader.advance());
      assertEquals(io.pprecordio.FormatVersion.V1, reader.formatVersion());
    }
    assertEquals(sorted(records), sorted(readWithCore(files)));
  }

  @Test
  void aTaskThatFailsHalfWayIsRetriedAndLeavesExactlyOneCopy() throws IOException {
    List<byte[]> records = records(4000);
    JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark().sparkContext())
        .parallelize(records, 4)
        .map(r -> RowFactory.create((Object) r))
        // Partition 2's first attempt fails after 500 rows, once its writer has written them.
        .mapPartitionsWithIndex((index, it) -> SparkFixtures.failFirstAttempt(index, 2, 500, it,
            INJECTED), false);
    Path out = tmp.resolve("retried");
    int before = INJECTED.get();
    spark().createDataFrame(rows, BINARY).write().format("pprecordio").save(out.toString());

    assertEquals(before + 1, INJECTED.get(), "one attempt failed and was retried");
    List<Path> files = dataFiles(out);
    assertEquals(4, files.size(), "one file per task, none from the failed attempt: " + files);
    assertEquals(sorted(records), sorted(readWithCore(files)));
    assertEquals(sorted(records), sorted(readBack(out)));
    try (Stream<Path> left = Files.list(out)) {
      assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("_tempor"))
          .collect(Collectors.toList()), "no attempt directories left");
    }
  }

  @Test
  void otherSchemasFailWithOneLine() {
    Dataset<Row> text = spark().range(3).selectExpr("cast(id as string) as s");
    Exception e = assertThrows(Exception.class,
        () -> text.write().format("pprecordio").save(tmp.resolve("text").toString()));
    assertTrue(rootMessage(e).startsWith("pprecordio writes one binary column"), rootMessage(e));

    Dataset<Row> two = spark().range(3).selectExpr("cast(id as binary) a", "cast(id as binary) b");
    e = assertThrows(Exception.class,
        () -> two.write().format("pprecordio").save(tmp.resolve("two").toString()));
    assertTrue(rootMessage(e).startsWith("pprecordio writes one binary column"), rootMessage(e));
  }

  @Test
  void aNullRecordFailsItsTaskNamingTheFile() {
    List<Row> rows = List.of(RowFactory.create((Object) new byte[] {1}),
        RowFactory.create((Object) null));
    Dataset<Row> withNull = spark().createDataFrame(rows, BINARY).coalesce(1);
    Exception e = assertThrows(Exception.class,
        () -> withNull.write().format("pprecordio").save(tmp.resolve("null").toString()));
    assertTrue(rootMessage(e).startsWith("pprecordio cannot write a null record (to "),
        rootMessage(e));
    assertTrue(rootMessage(e).contains(".pp_recordio, after 1 records)"), rootMessage(e));
  }

  @Test
  void badOptionsFailNamingTheOption() {
    Dataset<Row> df = frame(records(10), 1);
    Exception e = assertThrows(Exception.class, () -> df.write().format("pprecordio")
        .option("codec", "lz4").save(tmp.resolve("lz4").toString()));
    assertEquals("codec: unknown codec 'lz4'; expected none, gzip or zstd", rootMessage(e));

    e = assertThrows(Exception.class, () -> df.write().format("pprecordio")
        .option("formatVersion", "v3").save(tmp.resolve("v3").toString()));
    assertEquals("formatVersion: unknown format version 'v3'; expected v1 or v2", rootMessage(e));

    e = assertThrows(Exception.class, () -> df.write().format("pprecordio")
        .option("formatVersion", "v1").option("codec", "zstd")
        .save(tmp.resolve("v1zstd").toString()));
    assertTrue(rootMessage(e).startsWith("codec/formatVersion: v1 frames cannot hold zstd"),
        rootMessage(e));
  }

  /** The message of the first IllegalArgumentException Spark's exception carries (or is). */
  static String rootMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException) {
        return t.getMessage();
      }
    }
    throw new AssertionError("no IllegalArgumentException in", e);
  }
}

package io.pprecordio.beam;

import static io.pprecordio.beam.Pipelines.assertContains;
import static io.pprecordio.beam.Pipelines.assertRecords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.Codec;
import io.pprecordio.FormatVersion;
import io.pprecordio.PPRecordReader;
import io.pprecordio.WriterOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.SchemaTransformProvider;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler.BadRecordErrorHandler;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionRowTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Block mode through whole pipelines: block files (with a damaged block and a torn one) read
 * exactly once by every read path, and {@code write().withBlock()} writes block files that read
 * back equal.
 */
class BlockModeTest {
  @TempDir static Path dir;
  private static BlockFile blockFile;
  private static Path blocks;
  private static List<String> expectedRegions;

  @BeforeAll
  static void blockFile() throws IOException {
    blockFile = BlockFile.build(60, 45, true);
    blocks = TestFiles.write(dir.resolve("in/blocks.pp_recordio"), blockFile.bytes);
    expectedRegions = new ArrayList<>();
    for (DamagedFile.Expected e : blockFile.regions) {
      expectedRegions.add(CorruptionTest.key(blocks.toString(), e.offset(), e.length(),
          e.reason()));
    }
  }

  private static void assertCounters(PipelineResult result) {
    PPRecordMetrics.Summary metrics = PPRecordMetrics.of(result);
    assertEquals(blockFile.intact.size(), metrics.recordsRead(), metrics.toString());
    assertEquals(1, metrics.corruptRegions(), metrics.toString());
    assertEquals(blockFile.regions.get(0).length(), metrics.skippedBytes(), metrics.toString());
    assertEquals(1, metrics.tornTails(), metrics.toString());
  }

  /** Reports as keys, plus whether a damaged block's report says how many records it cost. */
  private static PCollection<String> keys(PCollection<CorruptionReport> reports) {
    return reports.apply("Keys", MapElements.into(TypeDescriptors.strings()).via(r ->
        CorruptionTest.key(r.getFile(), r.getOffset(), r.getLength(), r.getReason())
            + (r.isTornTail() || r.getDetail().contains("a block of 7 records is lost")
                ? "" : " without its record count: " + r.getDetail())));
  }

  @Test
  void readReturnsEveryIntactRecordAndReportsTheDamagedBlockOnce() {
    Pipeline p = Pipelines.direct();
    PPRecordIO.ReadResult result = p.apply(PPRecordIO.read().from(blocks.toString())
        .withCorruptionReports());
    assertRecords("records", result.getRecords(), blockFile.intact);
    PAssert.that(keys(result.getCorruptionReports())).containsInAnyOrder(expectedRegions);
    assertCounters(Pipelines.run(p));
  }

  @Test
  void readFilesInRangesSmallerThanABlockReturnsEveryRecordOnce() {
    Pipeline p = Pipelines.direct();
    PPRecordIO.ReadResult result = p
        .apply(FileIO.match().filepattern(blocks.toString()))
        .apply(FileIO.readMatches())
        .apply(PPRecordIO.readFiles().withDesiredBundleSizeBytes(150).withCorruptionReports());
    assertRecords("records", result.getRecords(), blockFile.intact);
    PAssert.that(keys(result.getCorruptionReports())).containsInAnyOrder(expectedRegions);
    assertCounters(Pipelines.run(p));
  }

  @Test
  void errorHandlerReceivesTheDamagedBlockOnce() {
    Pipeline p = Pipelines.direct();
    BadRecordErrorHandler<PCollection<String>> handler = p.registerBadRecordErrorHandler(
        new PTransform<PCollection<BadRecord>, PCollection<String>>() {
          @Override
          public PCollection<String> expand(PCollection<BadRecord> input) {
            return input.apply(MapElements.into(TypeDescriptors.strings())
                .via(bad -> bad.getFailure().getDescription()));
          }
        });
    PCollection<byte[]> records = p.apply(PPRecordIO.read().from(blocks.toString())
        .withErrorHandler(handler));
    handler.close();
    assertRecords("records", records, blockFile.intact);
    PAssert.that(handler.getOutput()).satisfies(descriptions -> {
      List<String> all = new ArrayList<>();
      descriptions.forEach(all::add);
      assertEquals(2, all.size(), all.toString());
      assertEquals(1, all.stream().filter(d -> d.contains("at offset "
          + blockFile.damagedBlockOffset) && d.contains("a block of 7 records is lost")).count(),
          all.toString());
      return null;
    });
    assertCounters(Pipelines.run(p));
  }

  @Test
  void boundedSourceReadReturnsEveryRecordOnce() {
    Pipeline p = Pipelines.direct();
    assertRecords("records", p.apply(Read.from(PPRecordSource.from(blocks.toString())
        .withMinBundleSize(100))), blockFile.intact);
    assertCounters(Pipelines.run(p));
  }

  @Test
  void schemaTransformRowsLocateRecordsInsideBlocks() throws IOException {
    TestFiles.Whole whole = TestFiles.readWhole(blocks);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < whole.records.size(); i++) {
      expected.add(whole.addresses.get(i).frameOffset() + "#"
          + whole.addresses.get(i).indexInBlock() + ":" + TestFiles.hex(whole.records.get(i)));
    }
    assertTrue(expected.stream().anyMatch(e -> e.contains("#6:")), "no 7th record of a block");
    SchemaTransformProvider read = SchemaTransformsTest.provider(
        PPRecordReadSchemaTransformProvider.IDENTIFIER);
    Map<String, Object> values = new HashMap<>();
    values.put("file_pattern", blocks.toString());
    values.put("with_file_and_offset", true);
    Pipeline p = Pipelines.direct();
    PCollectionRowTuple out = PCollectionRowTuple.empty(p)
        .apply(read.from(SchemaTransformsTest.config(read, values)));
    PAssert.that(out.get(PPRecordReadSchemaTransformProvider.OUTPUT).apply(MapElements
        .into(TypeDescriptors.strings()).via((Row row) -> row.getInt64("offset") + "#"
            + row.getInt32("index_in_block") + ":" + TestFiles.hex(row.getBytes("record")))))
        .containsInAnyOrder(expected);
    Pipelines.run(p);
  }

  // ---- writing ---------------------------------------------------------------------------------

  /** The records of a file, read with core; fails unless some frame holds more than one. */
  private static List<byte[]> readBlockFile(Path file, int maxPerBlock) throws IOException {
    List<byte[]> records = new ArrayList<>();
    int largestBlock = 0;
    try (PPRecordReader reader = PPRecordReader.open(file)) {
      while (reader.advance()) {
        largestBlock = Math.max(largestBlock, reader.recordsInFrame());
        records.add(reader.record());
      }
      assertTrue(reader.stats().corruptRegions() == 0 && !reader.stats().tornTail(),
          reader.stats().toString());
    }
    assertTrue(largestBlock > 1, file + " holds no block of records");
    assertTrue(largestBlock <= maxPerBlock, file + " holds a block of " + largestBlock);
    return records;
  }

  @Test
  void writeWithBlocksWritesBlockFilesThatReadBackEqual() throws IOException {
    Path out = dir.resolve("written");
    Pipeline p = Pipelines.direct();
    p.apply(GenerateSequence.from(0).to(3000)).apply(Records.fromIndexes())
        .apply(PPRecordIO.write().to(out.resolve("data").toString()).withNumShards(3)
            .withCodec(Codec.ZSTD).withBlock(50, 1 << 16));
    Pipelines.run(p);
    List<Path> files = PPRecordIOWriteTest.listFiles(out);
    assertEquals(3, files.size(), files.toString());
    List<byte[]> written = new ArrayList<>();
    for (Path file : files) {
      written.addAll(readBlockFile(file, 50));
    }
    assertEquals(TestFiles.sortedHex(Records.first(3000)), TestFiles.sortedHex(written));

    Pipeline r = Pipelines.direct();
    assertRecords("read back", r.apply(PPRecordIO.read().from(out.resolve("data@3.pp_recordio")
        .toString())), 3000, Records.checksumOfFirst(3000));
    Pipelines.run(r);
  }

  @Test
  void sinkWithBlocksForFileIoWrite() throws IOException {
    Path out = dir.resolve("sink");
    Pipeline p = Pipelines.direct();
    p.apply(GenerateSequence.from(0).to(500)).apply(Records.fromIndexes())
        .apply(FileIO.<byte[]>write().via(PPRecordIO.sink().withCodec(Codec.ZSTD).withBlock())
            .to(out.toString()).withNumShards(1).withSuffix(PPRecordIO.DEFAULT_SUFFIX));
    Pipelines.run(p);
    List<Path> files = PPRecordIOWriteTest.listFiles(out);
    assertEquals(1, files.size(), files.toString());
    assertEquals(TestFiles.sortedHex(Records.first(500)),
        TestFiles.sortedHex(readBlockFile(files.get(0), WriterOptions.DEFAULT_BLOCK_RECORDS)));
  }

  @Test
  void withBlockDefaultsAndDisplayData() {
    PPRecordIO.Write write = PPRecordIO.write().to("out").withCodec(Codec.ZSTD).withBlock();
    assertEquals(WriterOptions.defaults().withCodec(Codec.ZSTD).withBlock(),
        write.getWriterOptions());
    DisplayData data = DisplayData.from(write.withBlock(100, 4096));
    assertTrue(data.items().stream().anyMatch(i -> i.getKey().equals("blockRecords")
        && i.getValue().equals(100L)), data.toString());
    assertTrue(data.items().stream().anyMatch(i -> i.getKey().equals("blockBytes")
        && i.getValue().equals(4096L)), data.toString());
    assertTrue(DisplayData.from(PPRecordIO.write().to("out")).items().stream()
        .noneMatch(i -> i.getKey().startsWith("block")));
  }

  @Test
  void invalidBlockSettingsFailWithCoresMessage() {
    IllegalArgumentException records = assertThrows(IllegalArgumentException.class,
        () -> PPRecordIO.write().withBlock(WriterOptions.MAX_BLOCK_RECORDS + 1, 1000));
    assertContains(records.getMessage(), "withBlock: ", "records");
    IllegalArgumentException v1 = assertThrows(IllegalArgumentException.class,
        () -> PPRecordIO.write().withFormatVersion(FormatVersion.V1).withBlock());
    assertContains(v1.getMessage(), "withBlock: ", "v1");
    assertThrows(IllegalArgumentException.class,
        () -> PPRecordIO.sink().withBlock(10, WriterOptions.MAX_BLOCK_BYTES + 1));
  }

  @Test
  void writeSchemaTransformWritesBlocks() throws IOException {
    Schema input = Schema.builder().addByteArrayField("record").build();
    List<Row> rows = new ArrayList<>();
    for (byte[] record : Records.first(400)) {
      rows.add(Row.withSchema(input).addValue(record).build());
    }
    SchemaTransformProvider write = SchemaTransformsTest.provider(
        PPRecordWriteSchemaTransformProvider.IDENTIFIER);
    String prefix = dir.resolve("schema/data").toString();
    Pipeline p = Pipelines.direct();
    PCollectionRowTuple.of("input", p.apply(org.apache.beam.sdk.transforms.Create.of(rows)
            .withRowSchema(input)))
        .apply(write.from(SchemaTransformsTest.config(write, Map.of("output_prefix", prefix,
            "num_shards", 1, "codec", "zstd", "block_records", 20))));
    Pipelines.run(p);
    assertEquals(TestFiles.sortedHex(Records.first(400)), TestFiles.sortedHex(readBlockFile(
        Path.of(prefix + "-00000-of-00001.pp_recordio"), 20)));

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> write.from(SchemaTransformsTest.config(write, Map.of("output_prefix", prefix,
            "block_bytes", 0))).expand(PCollectionRowTuple.of("input", Pipelines.direct()
                .apply(org.apache.beam.sdk.transforms.Create.empty(input)))));
    assertContains(refused.getMessage(), "block_bytes: ", "bytes");
  }
}

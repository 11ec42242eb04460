package io.pprecordio.beam;

import static io.pprecordio.beam.Pipelines.assertContains;
import static io.pprecordio.beam.Pipelines.assertRecords;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdOutputStream;
import io.pprecordio.PPRecordWriter;
import io.pprecordio.TestData;
import io.pprecordio.WriterOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Watch;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PPRecordIO#read()} and {@link PPRecordIO#readFiles()} on the DirectRunner. */
class PPRecordIOReadTest {
  @TempDir static Path dir;
  private static Path shards;
  private static final List<byte[]> SHARDED = new ArrayList<>();

  @BeforeAll
  static void writeShards() throws IOException {
    shards = dir.resolve("sharded");
    for (int i = 0; i < 3; i++) {
      TestData.Written w = TestData.mixed(new Random(100 + i), 60, i == 1);
      SHARDED.addAll(w.records());
      TestFiles.write(shards.resolve(String.format("data-%05d-of-00003.pp_recordio", i)),
          w.bytes());
    }
  }

  private static String spec() {
    return shards.resolve("data@3.pp_recordio").toString();
  }

  @Test
  void readsShardSpecAndGlob() {
    Pipeline p = Pipelines.direct();
    assertRecords("spec", p.apply("Spec", PPRecordIO.read().from(spec())), SHARDED);
    assertRecords("glob", p.apply("Glob",
        PPRecordIO.read().from(shards.resolve("data-*").toString())), SHARDED);
    assertRecords("many files", p.apply("Many",
        PPRecordIO.read().from(spec()).withHintMatchesManyFiles()), SHARDED);
    Pipelines.run(p);
  }

  @Test
  void readFilesSplitsFilesIntoRanges() {
    Pipeline p = Pipelines.direct();
    PCollection<byte[]> records = p
        .apply(FileIO.match().filepattern(shards.resolve("*.pp_recordio").toString()))
        .apply(FileIO.readMatches())
        .apply(PPRecordIO.readFiles().withDesiredBundleSizeBytes(10_000));
    assertRecords("ranges", records, SHARDED);
    Pipelines.run(p);
  }

  @Test
  void missingShardFailsNamingIt() throws IOException {
    Path partial = dir.resolve("partial");
    for (int i : new int[] {0, 1, 3}) {
      TestFiles.write(partial.resolve(String.format("p-%05d-of-00004", i)),
          TestData.mixed(new Random(i), 5, false).bytes());
    }
    String spec = partial.resolve("p@4").toString();
    Pipeline source = Pipelines.direct();
    source.apply(PPRecordIO.read().from(spec));
    assertContains(Pipelines.runExpectingFailure(source), "missing shard",
        partial.resolve("p-00002-of-00004").toString());

    Pipeline matched = Pipelines.direct();
    matched.apply(PPRecordIO.read().from(spec).withHintMatchesManyFiles());
    assertContains(Pipelines.runExpectingFailure(matched), "missing shard",
        partial.resolve("p-00002-of-00004").toString());
  }

  @Test
  void emptyMatchTreatment() {
    String nothing = dir.resolve("absent/*.pp_recordio").toString();
    Pipeline allow = Pipelines.direct();
    PAssert.that(allow.apply(PPRecordIO.read().from(nothing)
        .withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW))).empty();
    Pipelines.run(allow);

    Pipeline disallow = Pipelines.direct();
    disallow.apply(PPRecordIO.read().from(nothing));
    assertContains(Pipelines.runExpectingFailure(disallow), nothing);
  }

  @Test
  void readsWholeFileCompressedInputs() throws IOException {
    Path compressed = dir.resolve("compressed");
    // More than 100 records each: the DirectRunner then asks the unsplittable stream to
    // checkpoint, which it must decline.
    TestData.Written gz = TestData.mixed(new Random(7), 150, false);
    TestData.Written zst = TestData.mixed(new Random(8), 150, true);
    TestData.Written plain = TestData.mixed(new Random(9), 80, false);
    ByteArrayOutputStream gzBytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gzBytes)) {
      out.write(gz.bytes());
    }
    ByteArrayOutputStream zstBytes = new ByteArrayOutputStream();
    try (OutputStream out = new ZstdOutputStream(zstBytes)) {
      out.write(zst.bytes());
    }
    TestFiles.write(compressed.resolve("a.pp_recordio.gz"), gzBytes.toByteArray());
    TestFiles.write(compressed.resolve("b.pp_recordio.zst"), zstBytes.toByteArray());
    TestFiles.write(compressed.resolve("c.pp_recordio"), plain.bytes());
    List<byte[]> all = new ArrayList<>(gz.records());
    all.addAll(zst.records());
    all.addAll(plain.records());

    Pipeline p = Pipelines.direct();
    String glob = compressed.resolve("*").toString();
    assertRecords("source", p.apply("Source", PPRecordIO.read().from(glob)), all);
    assertRecords("files", p.apply("Files", PPRecordIO.read().from(glob)
        .withHintMatchesManyFiles()), all);
    PCollection<byte[]> viaReadFiles = p
        .apply(FileIO.match().filepattern(glob))
        .apply(FileIO.readMatches())
        .apply("ReadFiles", PPRecordIO.readFiles().withDesiredBundleSizeBytes(2_000));
    assertRecords("readFiles", viaReadFiles, all);
    Pipelines.run(p);
  }

  @Test
  void recordAboveTheLimitFailsNamingFileAndOffset() throws IOException {
    Path file = dir.resolve("large.pp_recordio");
    long offset;
    try (PPRecordWriter writer = PPRecordWriter.create(file, WriterOptions.defaults())) {
      writer.write(new byte[100]);
      offset = writer.write(new byte[50_000]);
    }
    Pipeline p = Pipelines.direct();
    p.apply(PPRecordIO.read().from(file.toString()).withMaxRecordBytes(10_000));
    assertContains(Pipelines.runExpectingFailure(p), file.toString(), String.valueOf(offset));

    Pipeline raised = Pipelines.direct();
    PAssert.thatSingleton(raised.apply(PPRecordIO.read().from(file.toString())
        .withMaxRecordBytes(60_000)).apply(org.apache.beam.sdk.transforms.Count.globally()))
        .isEqualTo(2L);
    Pipelines.run(raised);
  }

  @Test
  void watchForNewFilesReadsFilesThatAppearLater() throws Exception {
    Path watched = dir.resolve("watched");
    Files.createDirectories(watched);
    TestData.Written first = TestData.mixed(new Random(20), 30, false);
    TestData.Written second = TestData.mixed(new Random(21), 30, false);
    TestFiles.write(watched.resolve("w-00000-of-00002"), first.bytes());
    List<byte[]> all = new ArrayList<>(first.records());
    all.addAll(second.records());

    Pipeline p = Pipelines.direct();
    PCollection<byte[]> records = p.apply(PPRecordIO.read().from(watched.resolve("w@2").toString())
        .watchForNewFiles(Duration.millis(100),
            Watch.Growth.afterTimeSinceNewOutput(Duration.standardSeconds(3))));
    assertRecords("watched", records, all);
    Thread writer = new Thread(() -> {
      try {
        Thread.sleep(1000);
        // Write beside, then rename, so the watcher never sees a half-written file.
        Path tmp = TestFiles.write(watched.resolve(".tmp"), second.bytes());
        Files.move(tmp, watched.resolve("w-00001-of-00002"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    writer.start();
    Pipelines.run(p);
    writer.join();
  }

  @Test
  void displayData() {
    DisplayData read = DisplayData.from(PPRecordIO.read().from("/in/data@8")
        .withMaxRecordBytes(1024).withHintMatchesManyFiles());
    assertContains(read.toString(), "/in/data@8", "maxRecordBytes", "1024", "corruptionPolicy",
        "SKIP_AND_REPORT", "compressionType", "hintMatchesManyFiles");
    DisplayData files = DisplayData.from(PPRecordIO.readFiles()
        .withDesiredBundleSizeBytes(12345));
    assertContains(files.toString(), "desiredBundleSizeBytes", "12345", "corruptionPolicy");
    DisplayData reports = DisplayData.from(PPRecordIO.read().from("/in/x").withCorruptionReports());
    assertContains(reports.toString(), "/in/x", "corruptionPolicy");
    assertFalse(read.items().isEmpty());
    assertTrue(DisplayData.from(PPRecordIO.readFiles().withCorruptionReports()).items().size() > 0);
  }
}

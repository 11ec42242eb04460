package io.pprecordio.beam;

import static io.pprecordio.beam.Pipelines.assertContains;
import static io.pprecordio.beam.Pipelines.assertRecords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pprecordio.CorruptRegion;
import io.pprecordio.CorruptionPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler.BadRecordErrorHandler;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged input through whole pipelines: the counters equal the damage injected, the reports list
 * each region, bad-record handlers get them, and fail mode names the file and offset.
 */
class CorruptionTest {
  @TempDir static Path dir;
  private static String glob;
  private static final List<byte[]> INTACT = new ArrayList<>();
  private static final List<String> REGIONS = new ArrayList<>();
  private static long corruptRegions;
  private static long skippedBytes;
  private static long tornTails;

  @BeforeAll
  static void damagedFiles() throws IOException {
    damagedFiles(dir);
  }

  /**
   * Writes three damaged files into {@code into} (records, flipped bytes, garbage runs, torn
   * tails) and makes them the expected result of the pipelines below; the Flink and Spark runner
   * tests call this too.
   */
  static void damagedFiles(Path into) throws IOException {
    INTACT.clear();
    REGIONS.clear();
    corruptRegions = 0;
    skippedBytes = 0;
    tornTails = 0;
    for (int i = 0; i < 3; i++) {
      DamagedFile file = DamagedFile.build(new Random(50 + i), 400, 17 + i, 29, i != 1);
      Path path = TestFiles.write(into.resolve("damaged-" + i + ".pp_recordio"), file.bytes);
      // The injection defines the truth; core must agree with it exactly.
      TestFiles.Whole whole = TestFiles.readWhole(path);
      assertEquals(TestFiles.hexAll(file.intact), TestFiles.hexAll(whole.records));
      List<String> injected = new ArrayList<>();
      for (DamagedFile.Expected e : file.regions) {
        injected.add(key(path.toString(), e.offset(), e.length(), e.reason()));
      }
      List<String> found = new ArrayList<>();
      for (CorruptRegion r : whole.regions) {
        found.add(key(r.source(), r.offset(), r.length(), r.reason()));
      }
      assertEquals(injected, found);
      INTACT.addAll(file.intact);
      REGIONS.addAll(injected);
      corruptRegions += file.corruptRegions();
      skippedBytes += file.skippedBytes();
      tornTails += file.tornTails();
    }
    glob = into.resolve("damaged-*.pp_recordio").toString();
  }

  static String key(String file, long offset, long length, CorruptRegion.Reason reason) {
    return file + "@" + offset + "+" + length + ":" + reason;
  }

  private static void assertCountersEqualInjection(PipelineResult result) {
    PPRecordMetrics.Summary metrics = PPRecordMetrics.of(result);
    assertEquals(INTACT.size(), metrics.recordsRead(), metrics.toString());
    assertEquals(corruptRegions, metrics.corruptRegions(), metrics.toString());
    assertEquals(skippedBytes, metrics.skippedBytes(), metrics.toString());
    assertEquals(tornTails, metrics.tornTails(), metrics.toString());
  }

  @Test
  void plainReadCountsEveryInjectedRegionOnce() {
    Pipeline p = Pipelines.direct();
    // The DirectRunner checkpoints the splittable read every 100 records: the counters must not
    // double-count or lose a region at any of those cuts.
    assertRecords("records", p.apply(PPRecordIO.read().from(glob)), INTACT);
    assertCountersEqualInjection(Pipelines.run(p));
  }

  @Test
  void corruptionReportsListEveryRegion() {
    Pipeline p = Pipelines.direct();
    PPRecordIO.ReadResult result = p.apply(PPRecordIO.read().from(glob).withCorruptionReports());
    assertRecords("records", result.getRecords(), INTACT);
    PAssert.that(result.getCorruptionReports().apply(MapElements.into(TypeDescriptors.strings())
        .via(r -> key(r.getFile(), r.getOffset(), r.getLength(), r.getReason()))))
        .containsInAnyOrder(REGIONS);
    assertCountersEqualInjection(Pipelines.run(p));
  }

  @Test
  void readFilesReportsEveryRegionAcrossSmallRanges() {
    Pipeline p = Pipelines.direct();
    PPRecordIO.ReadResult result = p
        .apply(FileIO.match().filepattern(glob))
        .apply(FileIO.readMatches())
        .apply(PPRecordIO.readFiles().withDesiredBundleSizeBytes(3000).withCorruptionReports());
    assertRecords("records", result.getRecords(), INTACT);
    PAssert.that(result.getCorruptionReports().apply(MapElements.into(TypeDescriptors.strings())
        .via(r -> key(r.getFile(), r.getOffset(), r.getLength(), r.getReason()))))
        .containsInAnyOrder(REGIONS);
    assertCountersEqualInjection(Pipelines.run(p));
  }

  /** Keys the bad records an error handler receives by the JSON of their corruption report. */
  private static final class BadRecordKeys
      extends PTransform<PCollection<BadRecord>, PCollection<String>> {
    @Override
    public PCollection<String> expand(PCollection<BadRecord> input) {
      return input.apply(MapElements.into(TypeDescriptors.strings()).via(bad -> {
        try {
          JsonNode json = new ObjectMapper().readTree(bad.getRecord().getHumanReadableJsonRecord());
          String key = key(json.get("file").asText(), json.get("offset").asLong(),
              json.get("length").asLong(), CorruptRegion.Reason.valueOf(
                  json.get("reason").asText().toUpperCase(java.util.Locale.ROOT)));
          return key + " | " + bad.getFailure().getDescription().contains(json.get("file").asText())
              + " | " + bad.getFailure().getException().startsWith(
                  "io.pprecordio.CorruptRecordException: corrupt pp_recordio data in");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }));
    }
  }

  @Test
  void errorHandlerReceivesEveryRegionAsABadRecord() {
    readWithErrorHandler(Pipelines.direct());
  }

  /**
   * Reads the damaged files with an error handler on: every intact record once, every region
   * once as a bad record, and counters equal to the injection, whatever the runner splits.
   */
  static void readWithErrorHandler(Pipeline p) {
    BadRecordErrorHandler<PCollection<String>> handler =
        p.registerBadRecordErrorHandler(new BadRecordKeys());
    PCollection<byte[]> records = p.apply(PPRecordIO.read().from(glob).withErrorHandler(handler));
    handler.close();
    assertRecords("records", records, INTACT);
    List<String> expected = new ArrayList<>();
    for (String region : REGIONS) {
      expected.add(region + " | true | true");
    }
    PAssert.that(handler.getOutput()).containsInAnyOrder(expected);
    assertCountersEqualInjection(Pipelines.run(p));
  }

  @Test
  void corruptionBudgetPerReaderWithinAndOver() {
    // Within: no reader can skip more than all the regions of all the files.
    Pipeline within = Pipelines.direct();
    assertRecords("records", within.apply(PPRecordIO.read().from(glob)
        .withCorruptionBudget(corruptRegions, skippedBytes)), INTACT);
    assertCountersEqualInjection(Pipelines.run(within));

    // Over: the first reader to meet a corrupt region fails, naming file, offset and budget.
    Pipeline over = Pipelines.direct();
    over.apply(FileIO.match().filepattern(glob))
        .apply(FileIO.readMatches())
        .apply(PPRecordIO.readFiles().withCorruptionBudget(0, Long.MAX_VALUE));
    String failure = Pipelines.runExpectingFailure(over);
    assertContains(failure, "CorruptionBudgetExceededException", "corrupt pp_recordio data in "
        + dir.resolve("damaged-"), "over the corruption budget of 0 corrupt regions per reader");
  }

  @Test
  void failPolicyFailsThePipelineNamingFileAndOffset() throws IOException {
    DamagedFile one = DamagedFile.build(new Random(60), 50, 20, 0, false);
    assertEquals(3, one.regions.size());
    Path file = TestFiles.write(dir.resolve("fail/one.pp_recordio"), one.bytes);
    String firstOffset = "at offset " + one.regions.get(0).offset();

    Pipeline source = Pipelines.direct();
    source.apply(PPRecordIO.read().from(file.toString())
        .withCorruptionPolicy(CorruptionPolicy.FAIL));
    String failure = Pipelines.runExpectingFailure(source);
    assertContains(failure, "corrupt pp_recordio data in " + file);
    assertContains(failure, "payload checksum mismatch");
    boolean namesARegion = false;
    for (DamagedFile.Expected e : one.regions) {
      namesARegion |= failure.contains("at offset " + e.offset() + ":");
    }
    assertTrue(namesARegion, failure);

    Pipeline files = Pipelines.direct();
    files.apply(FileIO.match().filepattern(file.toString()))
        .apply(FileIO.readMatches())
        .apply(PPRecordIO.readFiles().withCorruptionPolicy(CorruptionPolicy.FAIL));
    assertContains(Pipelines.runExpectingFailure(files), "corrupt pp_recordio data in " + file,
        firstOffset);
  }
}

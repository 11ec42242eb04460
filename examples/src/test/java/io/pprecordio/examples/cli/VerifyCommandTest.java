package io.pprecordio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.CorruptRegion;
import io.pprecordio.PPRecordReader;
import io.pprecordio.ReaderOptions;
import io.pprecordio.TestData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
  @TempDir
  Path dir;

  @Test
  void aCleanFileIsOkWithStatus0() throws Exception {
    Path f = dir.resolve("clean.pp");
    Files.write(f, TestData.mixed(new Random(1), 30, false).bytes());
    CliRun.Result r = CliRun.run("verify", f.toString()).expect(0);
    assertEquals(List.of(f + ": ok, 30 records"), r.lines());
    assertEquals("", r.stderr());

    Map<String, Object> json = JsonTree.object(
        CliRun.run("verify", "--json", f.toString()).expect(0).stdout());
    assertEquals(30L, json.get("records"));
    assertEquals(0L, json.get("corrupt_regions"));
    assertEquals(0L, json.get("skipped_bytes"));
    assertEquals(false, json.get("torn_tail"));
    assertEquals(List.of(), json.get("regions"));
  }

  @Test
  void anEmptyFileIsAValidFileWithNoRecords() throws Exception {
    Path f = dir.resolve("empty.pp");
    Files.write(f, new byte[0]);
    assertEquals(List.of(f + ": ok, 0 records"),
        CliRun.run("verify", f.toString()).expect(0).lines());
  }

  /**
   * The JSON report of a damaged file holds exactly the regions core's reader reports: a flipped
   * payload byte, a garbage run between frames, and a torn tail.
   */
  @Test
  void jsonListsEveryRegionOfACorruptedFile() throws Exception {
    TestData.Written w = TestData.mixed(new Random(5), 40, false);
    byte[] bytes = w.bytes().clone();
    int victim = firstNonEmpty(w, 5);
    bytes[(int) (w.offsets().get(victim) + 40)] ^= 0x01;
    byte[] garbage = "garbage between frames".getBytes();
    int at = w.offsets().get(20).intValue();
    byte[] damaged = new byte[bytes.length + garbage.length - 7];
    System.arraycopy(bytes, 0, damaged, 0, at);
    System.arraycopy(garbage, 0, damaged, at, garbage.length);
    System.arraycopy(bytes, at, damaged, at + garbage.length, bytes.length - at - 7);
    Path f = dir.resolve("damaged.pp");
    Files.write(f, damaged);

    List<CorruptRegion> expected = new ArrayList<>();
    long records;
    try (PPRecordReader reader = PPRecordReader.open(f, ReaderOptions.defaults(), expected::add)) {
      while (reader.advance()) {
        // only counting
      }
      records = reader.stats().records();
    }
    assertEquals(3, expected.size(), "the damage makes three regions: " + expected);

    CliRun.Result r = CliRun.run("verify", "--json", f.toString()).expect(1);
    Map<String, Object> json = JsonTree.object(r.stdout());
    assertEquals(records, json.get("records"));
    assertEquals(39L - 1, records, "one record lost to the flip, one to the torn tail");
    assertEquals(2L, json.get("corrupt_regions"));
    // The old name stays for one release, with the same value.
    assertEquals(json.get("corrupt_regions"), json.get("corrupt_frames"));
    long skipped = expected.stream().filter(x -> !x.isTornTail()).mapToLong(CorruptRegion::length)
        .sum();
    assertEquals(skipped, json.get("skipped_bytes"));
    assertEquals(true, json.get("torn_tail"));
    assertEquals(List.of(f.toString()), json.get("files"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> regions = (List<Map<String, Object>>) json.get("regions");
    assertEquals(expected.size(), regions.size());
    for (int i = 0; i < regions.size(); i++) {
      CorruptRegion e = expected.get(i);
      Map<String, Object> got = regions.get(i);
      assertEquals(e.offset(), got.get("offset"));
      assertEquals(e.length(), got.get("length"));
      assertEquals(e.reason().name().toLowerCase(Locale.ROOT), got.get("reason"));
      assertEquals(f.toString(), got.get("file"));
    }
    assertEquals("payload_checksum_mismatch", regions.get(0).get("reason"));
    assertEquals(w.offsets().get(victim), regions.get(0).get("offset"));
    assertEquals("torn_tail", regions.get(2).get("reason"));
  }

  private static int firstNonEmpty(TestData.Written w, int from) {
    for (int i = from; i < w.records().size(); i++) {
      if (w.records().get(i).length > 0) {
        return i;
      }
    }
    throw new AssertionError("no non-empty record");
  }

  @Test
  void textListsEachRegionThenASummaryPerFile() throws Exception {
    Path f = dir.resolve("a.pp");
    List<Long> offsets = TestFiles.write(f, TestFiles.lines("record ", 10));
    TestFiles.flip(f, offsets.get(3) + 41);
    Path clean = dir.resolve("b.pp");
    TestFiles.write(clean, TestFiles.lines("x", 2));
    CliRun.Result r = CliRun.run("verify", f.toString(), clean.toString()).expect(1);
    List<String> lines = r.lines();
    assertEquals(4, lines.size(), r.stdout());
    assertTrue(lines.get(0).startsWith(f + ": payload checksum mismatch at offset "
        + offsets.get(3) + " (48 bytes): expected CRC-32 "), lines.get(0));
    assertEquals(f + ": corrupt, 9 records, 1 corrupt region (48 bytes skipped)", lines.get(1));
    assertEquals(clean + ": ok, 2 records", lines.get(2));
    assertEquals("total: 2 files, 11 records, 1 corrupt region, 48 bytes skipped, 0 torn tails",
        lines.get(3));
    assertEquals("", CliRun.run("verify", "-q", f.toString()).expect(1).stdout());
  }

  @Test
  void aTornTailAloneIsReportedWithStatus1() throws Exception {
    Path f = dir.resolve("torn.pp");
    List<Long> offsets = TestFiles.write(f, TestFiles.lines("record ", 4));
    TestFiles.truncate(f, 3);
    long tail = Files.size(f) - offsets.get(3);
    CliRun.Result r = CliRun.run("verify", f.toString()).expect(1);
    assertEquals(f + ": torn tail, 3 records, incomplete last frame at offset " + offsets.get(3)
        + " (" + tail + " bytes)", r.lines().get(1));
    Map<String, Object> json = JsonTree.object(
        CliRun.run("verify", "--json", f.toString()).expect(1).stdout());
    assertEquals(true, json.get("torn_tail"));
    assertEquals(0L, json.get("corrupt_regions"));
  }

  @Test
  void aFileThatIsNotPPRecordIOGetsOneLineAndStatus1() throws Exception {
    Path f = dir.resolve("README.txt");
    Files.writeString(f, "This is not a pp_recordio file.\n".repeat(100));
    CliRun.Result r = CliRun.run("verify", f.toString())
        .expectOneLineError(1, "pprecordio verify",
            "README.txt is not a pp_recordio file (no valid frame in its 3200 bytes)");
    assertEquals("", r.stdout());
    Map<String, Object> json = JsonTree.object(
        CliRun.run("verify", "--json", f.toString()).expect(1).stdout());
    assertEquals(List.of(f.toString()), json.get("not_pp_recordio"));
    assertEquals(0L, json.get("records"));
  }

  @Test
  void mistakesAreStatus2() throws Exception {
    CliRun.run("verify", dir.resolve("nope.pp").toString())
        .expectOneLineError(2, "pprecordio verify", "nope.pp: no such file");
    CliRun.run("verify", "--jsn", dir.toString())
        .expectOneLineError(2, "pprecordio verify", "Unknown option: '--jsn'");
    CliRun.run("verify", dir.resolve("*.none").toString())
        .expectOneLineError(2, "pprecordio verify", "no file matches the pattern");
  }
}
